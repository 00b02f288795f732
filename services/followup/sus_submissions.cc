#include "services/followup/sus_submissions.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/casefile/case_state.h"
#include "services/casefile/forbund_lookup.h"
#include "services/casework/ids.h"
#include "services/casework/participant_view.h"
#include "services/casework/request_fingerprint.h"
#include "services/common/csv_line.h"
#include "services/common/status_macros.h"
#include "services/common/swedish_calendar.h"
#include "services/flowledger/flow_ledger_reader.h"
#include "services/followup/sus_ledger_reader.h"
#include "torg/v1/export_events.pb.h"

namespace torg::followup {
namespace {

constexpr char kExportSusMethod[] = "torg.v1.ExportService/ExportSus";
constexpr size_t kMaxExportRequestIdLength = 200;
// Submissions are few (a handful per platform and year): they are found by
// reading the stream, as the board's ratings are.
constexpr size_t kSubmissionReadChunk = 1000;

absl::StatusOr<absl::CivilDay> SusRequiredDay(const v1::Date& date, bool present,
                                              absl::string_view field) {
  if (!present) return absl::InvalidArgumentError(absl::StrCat(field, " is required"));
  const std::optional<absl::CivilDay> day = casefile::ToCivilDay(date);
  if (!day.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(field, " ", date.year(), "-", date.month(), "-",
                                                   date.day(), " is not a valid date"));
  }
  return *day;
}

// The event of a recorded submission, which has sus_submission_recorded.
absl::StatusOr<v1::ExportEvent> SubmissionOf(const storage::RecordedEvent& event) {
  v1::ExportEvent export_event;
  if (event.type != kExportEventType || !export_event.ParseFromString(event.data) ||
      !export_event.has_sus_submission_recorded()) {
    return absl::InternalError(absl::StrCat("event ", event.position, " of stream ", event.stream,
                                            " is not a recorded SUS submission"));
  }
  return export_event;
}

// What a submission's recorded event tells of it.
v1::SusSubmission SubmissionView(const storage::RecordedEvent& event,
                                 const v1::ExportEvent& export_event) {
  const v1::SusSubmissionRecorded& recorded = export_event.sus_submission_recorded();
  v1::SusSubmission submission;
  submission.set_submission_id(recorded.submission_id());
  submission.set_platform_id(recorded.platform_id());
  *submission.mutable_first_day() = recorded.first_day();
  *submission.mutable_last_day() = recorded.last_day();
  submission.set_log_position(recorded.log_position());
  submission.set_row_count(recorded.row_count());
  submission.set_recorded_by(export_event.recorded_by());
  submission.set_csv_header(common::CsvLine(SusColumns()));
  *submission.mutable_recorded_on() = casefile::ToProtoDate(common::SwedishDay(event.recorded_at));
  return submission;
}

}  // namespace

SusSubmissions::SusSubmissions(storage::EventStore& store, const casework::ParticipantVault& vault,
                               const v1::ForbundConfig& config, const sealing::LookupHasher& hasher)
    : store_(store), vault_(vault), config_(config), hasher_(hasher) {}

absl::Status SusSubmissions::ValidatePlatform(absl::string_view platform_id) const {
  return casefile::KnownPlatform(config_, platform_id).status();
}

absl::StatusOr<uint64_t> SusSubmissions::CutPosition(const v1::ExportSusRequest& request) const {
  std::optional<uint64_t> as_of_position;
  std::optional<absl::CivilDay> as_of_day;
  switch (request.as_of().point_case()) {
    case v1::AsOf::kLogPosition:
      as_of_position = request.as_of().log_position();
      break;
    case v1::AsOf::kRecordedByEndOf: {
      TORG_ASSIGN_OR_RETURN(as_of_day, SusRequiredDay(request.as_of().recorded_by_end_of(), true,
                                                      "as_of.recorded_by_end_of"));
      break;
    }
    case v1::AsOf::POINT_NOT_SET:
      break;
  }
  return flowledger::CutPositionAsOf(store_, as_of_position, as_of_day);
}

absl::StatusOr<SusExportContent> SusSubmissions::Cut(const std::string& platform_id,
                                                     const SusPeriod& period, uint64_t position,
                                                     const v1::SusExportRules* rules) const {
  TORG_ASSIGN_OR_RETURN(std::vector<v1::SusStayVersion> stays,
                        ReadSusStays(store_, platform_id, position));
  const PersonnummerOpener open =
      [this](const v1::SusStayVersion& stay) -> absl::StatusOr<std::optional<std::string>> {
    TORG_ASSIGN_OR_RETURN(std::optional<casework::ParticipantSealer> sealer,
                          vault_.SealerIfKept(stay.participant().participant_id()));
    if (!sealer.has_value()) return std::optional<std::string>();
    TORG_ASSIGN_OR_RETURN(v1::ParticipantIdentity identity,
                          casework::OpenIdentity(stay.participant().sealed_identity(), *sealer));
    return std::optional<std::string>(identity.personnummer());
  };
  return BuildSusExport(stays, period, rules, open);
}

absl::StatusOr<SusExportResult> SusSubmissions::Export(const v1::ExportSusRequest& request,
                                                       const std::string& user) const {
  if (request.request_id().empty() || request.request_id().size() > kMaxExportRequestIdLength) {
    return absl::InvalidArgumentError(
        "request_id is required: 1 to 200 characters chosen by the client, the same in every "
        "retry of the request");
  }
  TORG_RETURN_IF_ERROR(ValidatePlatform(request.platform_id()));
  SusPeriod period;
  TORG_ASSIGN_OR_RETURN(period.first_day,
                        SusRequiredDay(request.first_day(), request.has_first_day(), "first_day"));
  TORG_ASSIGN_OR_RETURN(period.last_day,
                        SusRequiredDay(request.last_day(), request.has_last_day(), "last_day"));
  if (period.last_day < period.first_day) {
    return absl::InvalidArgumentError("last_day is before first_day");
  }
  const std::string fingerprint = casework::RequestFingerprint(hasher_, kExportSusMethod, request);
  TORG_ASSIGN_OR_RETURN(std::optional<storage::AppendResult> earlier,
                        store_.LookupRequest(request.request_id(), fingerprint));
  std::optional<storage::AppendResult> recorded = earlier;
  if (!recorded.has_value()) {
    // Everything at or before this position is committed, with its ledger
    // versions: the cut is exact whatever commits meanwhile.
    TORG_ASSIGN_OR_RETURN(const uint64_t position, CutPosition(request));
    const v1::SusExportRules* rules = config_.has_sus_export() ? &config_.sus_export() : nullptr;
    TORG_ASSIGN_OR_RETURN(SusExportContent content,
                          Cut(request.platform_id(), period, position, rules));
    const std::string csv = RenderSusCsv(content.rows);
    v1::ExportEvent event;
    event.set_recorded_by(user);
    v1::SusSubmissionRecorded* submission = event.mutable_sus_submission_recorded();
    submission->set_submission_id(casework::NewId());
    submission->set_platform_id(request.platform_id());
    *submission->mutable_first_day() = request.first_day();
    *submission->mutable_last_day() = request.last_day();
    submission->set_log_position(position);
    submission->set_row_count(static_cast<uint32_t>(content.rows.size()));
    submission->set_csv_digest(hasher_.Hash(csv));
    if (rules != nullptr) *submission->mutable_rules() = *rules;
    // No expected version: submissions never contradict one another.
    storage::AppendRequest append = storage::AppendRequest::ToStream(
        request.request_id(), std::string(kSusSubmissionsStream), std::nullopt,
        {storage::NewEvent{std::string(kExportEventType), event.SerializeAsString(), ""}});
    append.request_fingerprint = fingerprint;
    TORG_ASSIGN_OR_RETURN(recorded, store_.Append(append));
  }
  TORG_ASSIGN_OR_RETURN(std::vector<storage::RecordedEvent> events,
                        store_.ReadAll(recorded->first_position, 1));
  if (events.empty()) {
    return absl::InternalError(absl::StrCat("the submission at position ", recorded->first_position,
                                            " cannot be read back"));
  }
  // Also the first attempt's answer comes from the recorded submission, so
  // that a retry and the first answer are the same bytes.
  return RegenerateEvent(events.front());
}

absl::StatusOr<SusExportResult> SusSubmissions::RegenerateEvent(
    const storage::RecordedEvent& event) const {
  TORG_ASSIGN_OR_RETURN(const v1::ExportEvent export_event, SubmissionOf(event));
  const v1::SusSubmissionRecorded& recorded = export_event.sus_submission_recorded();
  SusPeriod period;
  TORG_ASSIGN_OR_RETURN(period.first_day, SusRequiredDay(recorded.first_day(), true, "first_day"));
  TORG_ASSIGN_OR_RETURN(period.last_day, SusRequiredDay(recorded.last_day(), true, "last_day"));
  // The codes it was cut with; a submission from before they were kept
  // with it can only try the current ones (the digest tells if they differ).
  const v1::SusExportRules* rules =
      recorded.has_rules() ? &recorded.rules()
                           : (config_.has_sus_export() ? &config_.sus_export() : nullptr);
  TORG_ASSIGN_OR_RETURN(SusExportContent content,
                        Cut(recorded.platform_id(), period, recorded.log_position(), rules));
  SusExportResult result;
  result.csv = RenderSusCsv(content.rows);
  if (hasher_.Hash(result.csv) != recorded.csv_digest()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "submission ", recorded.submission_id(),
        " can no longer be reproduced byte for byte: a participant in it was erased since",
        recorded.has_rules() ? ""
                             : ", or the förbund's sus_export codes changed since it was cut"));
  }
  result.submission = SubmissionView(event, export_event);
  result.validation = std::move(content.validation);
  result.rows = std::move(content.rows);
  return result;
}

absl::Status SusSubmissions::ForEachSubmission(
    const std::function<absl::StatusOr<bool>(const storage::RecordedEvent&,
                                             const v1::ExportEvent&)>& visit) const {
  uint64_t next_version = 1;
  while (true) {
    TORG_ASSIGN_OR_RETURN(
        std::vector<storage::RecordedEvent> events,
        store_.ReadStream(kSusSubmissionsStream, next_version, kSubmissionReadChunk));
    for (const storage::RecordedEvent& event : events) {
      TORG_ASSIGN_OR_RETURN(const v1::ExportEvent export_event, SubmissionOf(event));
      TORG_ASSIGN_OR_RETURN(const bool go_on, visit(event, export_event));
      if (!go_on) return absl::OkStatus();
      next_version = event.version + 1;
    }
    if (events.size() < kSubmissionReadChunk) return absl::OkStatus();
  }
}

absl::StatusOr<SusExportResult> SusSubmissions::Regenerate(absl::string_view submission_id) const {
  if (submission_id.empty()) return absl::InvalidArgumentError("submission_id is required");
  std::optional<absl::StatusOr<SusExportResult>> found;
  TORG_RETURN_IF_ERROR(
      ForEachSubmission([&](const storage::RecordedEvent& event,
                            const v1::ExportEvent& export_event) -> absl::StatusOr<bool> {
        if (export_event.sus_submission_recorded().submission_id() != submission_id) return true;
        found = RegenerateEvent(event);
        return false;
      }));
  if (found.has_value()) return *std::move(found);
  return absl::NotFoundError(absl::StrCat("no submission has the id \"", submission_id, "\""));
}

absl::StatusOr<v1::ListSubmissionsResponse> SusSubmissions::List(
    absl::string_view platform_id) const {
  if (!platform_id.empty()) TORG_RETURN_IF_ERROR(ValidatePlatform(platform_id));
  v1::ListSubmissionsResponse response;
  TORG_RETURN_IF_ERROR(
      ForEachSubmission([&](const storage::RecordedEvent& event,
                            const v1::ExportEvent& export_event) -> absl::StatusOr<bool> {
        if (platform_id.empty() ||
            export_event.sus_submission_recorded().platform_id() == platform_id) {
          *response.add_submissions() = SubmissionView(event, export_event);
        }
        return true;
      }));
  std::reverse(response.mutable_submissions()->begin(), response.mutable_submissions()->end());
  return response;
}

absl::StatusOr<v1::DiffSubmissionsResponse> SusSubmissions::Diff(
    const v1::DiffSubmissionsRequest& request) const {
  TORG_ASSIGN_OR_RETURN(const SusExportResult old_export, Regenerate(request.old_submission_id()));
  TORG_ASSIGN_OR_RETURN(const SusExportResult new_export, Regenerate(request.new_submission_id()));
  if (old_export.submission.platform_id() != new_export.submission.platform_id()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the submissions are of different platforms (", old_export.submission.platform_id(), ", ",
        new_export.submission.platform_id(), "): a correction is per insats"));
  }
  v1::DiffSubmissionsResponse response;
  *response.mutable_old_submission() = old_export.submission;
  *response.mutable_new_submission() = new_export.submission;
  std::vector<v1::SusRowChange> changes = DiffSusRows(old_export.rows, new_export.rows);
  response.set_correction_csv(RenderSusCorrectionCsv(changes));
  for (v1::SusRowChange& change : changes) *response.add_changes() = std::move(change);
  return response;
}

}  // namespace torg::followup
