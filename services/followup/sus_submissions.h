#ifndef TORG_SERVICES_FOLLOWUP_SUS_SUBMISSIONS_H_
#define TORG_SERVICES_FOLLOWUP_SUS_SUBMISSIONS_H_

// The SUS export over the event store: cuts an export from the SUS ledger
// at the log's current position or as of an earlier one, records it as a
// submission with the national codes it used (one event of the
// "sus-submissions" stream, idempotently), lists the submissions,
// regenerates one byte for byte, and diffs two. No gRPC: ExportService
// adapts it.

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/casework/participant_vault.h"
#include "services/followup/sus_export.h"
#include "services/sealing/lookup_hasher.h"
#include "storage/event_store.h"
#include "torg/v1/export_events.pb.h"
#include "torg/v1/export_service.pb.h"
#include "torg/v1/forbund_config.pb.h"

namespace torg::followup {

// The stream every submission of the förbund is appended to.
inline constexpr absl::string_view kSusSubmissionsStream = "sus-submissions";
// The type of its events.
inline constexpr absl::string_view kExportEventType = "torg.v1.ExportEvent";

// An export as handed out.
struct SusExportResult {
  v1::SusSubmission submission;
  std::string csv;
  v1::SusValidationReport validation;
  // The rows, for diffs and for the audit record.
  std::vector<SusRow> rows;
};

class SusSubmissions {
 public:
  // Every reference must outlive this. `vault` opens identities; `hasher`
  // digests requests and CSVs.
  SusSubmissions(storage::EventStore& store, const casework::ParticipantVault& vault,
                 const v1::ForbundConfig& config, const sealing::LookupHasher& hasher);

  // Cuts and records the export `request` asks for, by `user`, as of
  // request.as_of (the flow ledger's recorded days resolve a date). A retry
  // with the same request_id regenerates the first. INVALID_ARGUMENT for a
  // bad request (an as-of position of 0 or past the end of the log among
  // them); FAILED_PRECONDITION for a missing code (BuildSusExport).
  absl::StatusOr<SusExportResult> Export(const v1::ExportSusRequest& request,
                                         const std::string& user) const;

  // The submission `submission_id` again, byte for byte. NOT_FOUND for an
  // unknown id; FAILED_PRECONDITION when the bytes can no longer be the same.
  absl::StatusOr<SusExportResult> Regenerate(absl::string_view submission_id) const;

  // The correction from one submission to another of the same platform.
  absl::StatusOr<v1::DiffSubmissionsResponse> Diff(const v1::DiffSubmissionsRequest& request) const;

  // The submissions of `platform_id` (every platform's when empty), newest
  // first. INVALID_ARGUMENT for an unknown platform.
  absl::StatusOr<v1::ListSubmissionsResponse> List(absl::string_view platform_id) const;

 private:
  absl::Status ValidatePlatform(absl::string_view platform_id) const;
  absl::StatusOr<uint64_t> CutPosition(const v1::ExportSusRequest& request) const;
  absl::StatusOr<SusExportContent> Cut(const std::string& platform_id, const SusPeriod& period,
                                       uint64_t position, const v1::SusExportRules* rules) const;
  // Every recorded submission, oldest first, stopping early when `visit`
  // returns false.
  absl::Status ForEachSubmission(
      const std::function<absl::StatusOr<bool>(const storage::RecordedEvent&,
                                               const v1::ExportEvent&)>& visit) const;
  absl::StatusOr<SusExportResult> RegenerateEvent(const storage::RecordedEvent& event) const;

  storage::EventStore& store_;
  const casework::ParticipantVault& vault_;
  const v1::ForbundConfig& config_;
  const sealing::LookupHasher& hasher_;
};

}  // namespace torg::followup

#endif  // TORG_SERVICES_FOLLOWUP_SUS_SUBMISSIONS_H_
