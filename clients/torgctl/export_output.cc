#include "clients/torgctl/export_output.h"

#include <fstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "clients/torgctl/cli_parsing.h"
#include "clients/torgctl/text_table.h"

namespace torg::torgctl {
namespace {

std::string SusGenderLabel(torg::v1::Gender gender) {
  switch (gender) {
    case torg::v1::GENDER_WOMAN:
      return "kvinna";
    case torg::v1::GENDER_MAN:
      return "man";
    case torg::v1::GENDER_OTHER:
      return "annat";
    case torg::v1::GENDER_UNSPECIFIED:
      return "okänt";
    default:
      return EnumText(gender);
  }
}

std::string SusChangeLabel(torg::v1::SusRowChangeKind kind) {
  switch (kind) {
    case torg::v1::SUS_ROW_CHANGE_KIND_ADDED:
      return "ny";
    case torg::v1::SUS_ROW_CHANGE_KIND_CHANGED:
      return "ändrad";
    case torg::v1::SUS_ROW_CHANGE_KIND_WITHDRAWN:
      return "återkallad";
    default:
      return EnumText(kind);
  }
}

// Writes `text` to `path`, or to `terminal` when there is no path.
int WriteSusTextTo(const std::string& path, absl::string_view text, std::ostream& terminal,
                   absl::string_view command, absl::string_view what, CommandIo& io) {
  if (path.empty()) {
    // write(), not <<: the bytes go out as they are, whatever they hold.
    terminal.write(text.data(), static_cast<std::streamsize>(text.size()));
    return kExitOk;
  }
  if (const absl::Status written = WriteExportFile(path, text); !written.ok()) {
    io.err << "torgctl " << command << ": cannot write " << what << " to " << path << ": "
           << written.message() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

absl::Status SusExportAssembler::Add(const torg::v1::SusExportChunk& chunk) {
  switch (chunk.part_case()) {
    case torg::v1::SusExportChunk::kSubmission:
      if (has_submission_) return absl::InternalError("torgd sent the submission twice");
      has_submission_ = true;
      assembly_.submission = chunk.submission();
      return absl::OkStatus();
    case torg::v1::SusExportChunk::kCsv:
      if (!has_submission_) return absl::InternalError("torgd sent CSV before the submission");
      if (has_validation_) {
        return absl::InternalError("torgd sent CSV after the validation report");
      }
      assembly_.csv.append(chunk.csv());
      return absl::OkStatus();
    case torg::v1::SusExportChunk::kValidation:
      if (!has_submission_) {
        return absl::InternalError("torgd sent the validation report before the submission");
      }
      if (has_validation_) return absl::InternalError("torgd sent the validation report twice");
      has_validation_ = true;
      assembly_.validation = chunk.validation();
      return absl::OkStatus();
    default:
      return absl::InternalError("torgd sent an empty export chunk");
  }
}

absl::StatusOr<SusExportAssembly> SusExportAssembler::Finish() && {
  if (!has_submission_) return absl::InternalError("the export stream ended without a submission");
  if (!has_validation_) {
    return absl::InternalError("the export stream ended before the validation report");
  }
  return std::move(assembly_);
}

std::string RenderSusSubmission(const torg::v1::SusSubmission& submission) {
  return absl::StrCat("Inlämning ", submission.submission_id(), ": plattform ",
                      submission.platform_id(), ", ", FormatDate(submission.first_day()), " – ",
                      FormatDate(submission.last_day()), ", loggposition ",
                      submission.log_position(), ", ", submission.row_count(),
                      submission.row_count() == 1 ? " rad" : " rader", "\n");
}

std::string RenderSusSubmissionList(const torg::v1::ListSubmissionsResponse& list) {
  if (list.submissions().empty()) return "Inga inlämningar\n";
  TextTable table({"INLÄMNING", "PLATTFORM", "PERIOD", "LOGGPOSITION", "RADER", "UTTAGEN", "AV"});
  for (const torg::v1::SusSubmission& submission : list.submissions()) {
    table.AddRow(
        {submission.submission_id(), submission.platform_id(),
         absl::StrCat(FormatDate(submission.first_day()), " – ", FormatDate(submission.last_day())),
         absl::StrCat(submission.log_position()), absl::StrCat(submission.row_count()),
         submission.has_recorded_on() ? FormatDate(submission.recorded_on()) : "",
         submission.recorded_by()});
  }
  return table.Render();
}

std::string SusExclusionLabel(torg::v1::SusExclusionReason reason) {
  switch (reason) {
    case torg::v1::SUS_EXCLUSION_REASON_ANONYMOUS:
      return "anonym eller skyddad identitet";
    case torg::v1::SUS_EXCLUSION_REASON_NO_SUS_CONSENT:
      return "inget samtycke till SUS";
    case torg::v1::SUS_EXCLUSION_REASON_SUS_CONSENT_WITHDRAWN:
      return "samtycket till SUS återkallat";
    case torg::v1::SUS_EXCLUSION_REASON_ERASED:
      return "personuppgifterna raderade";
    case torg::v1::SUS_EXCLUSION_REASON_MISSING_END_VARIABLES:
      return "avslutsvariabler saknas (flyttad till annan plattform)";
    default:
      return EnumText(reason);
  }
}

std::string RenderSusValidationReport(const torg::v1::SusValidationReport& report) {
  if (report.excluded().empty() && report.anonymous_counts().empty()) return "Inga undantag\n";
  std::string text;
  if (!report.excluded().empty()) {
    absl::StrAppend(&text, "Ej exporterade (", report.excluded_size(), "):\n");
  }
  for (const torg::v1::SusExcludedStay& stay : report.excluded()) {
    absl::StrAppend(&text, "  ", SusExclusionLabel(stay.reason()), ": deltagare ",
                    stay.participant_id(), ", ärende ", stay.case_id(), ", vistelse ",
                    stay.stay_id());
    if (!stay.message().empty()) absl::StrAppend(&text, " – ", stay.message());
    absl::StrAppend(&text, "\n");
  }
  if (!report.anonymous_counts().empty()) {
    absl::StrAppend(&text, "Anonyma (endast antal, per registreringsår och kön):\n");
  }
  for (const torg::v1::SusAnonymousCount& count : report.anonymous_counts()) {
    absl::StrAppend(&text, "  ", count.registration_year(), " ", SusGenderLabel(count.gender()),
                    ": ", count.count(), "\n");
  }
  return text;
}

absl::Status WriteExportFile(const std::string& path, absl::string_view bytes) {
  // Binary: no newline translation anywhere, the CRLFs stay as streamed.
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) return absl::FailedPreconditionError("cannot open the file for writing");
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  file.close();
  if (!file) return absl::DataLossError("writing the file failed");
  return absl::OkStatus();
}

int WriteSusExport(const SusExportAssembly& assembly, const SusOutputFiles& files,
                   absl::string_view command, CommandIo& io) {
  const int csv = WriteSusTextTo(files.csv_path, assembly.csv, io.out, command, "the CSV", io);
  if (csv != kExitOk) return csv;
  io.err << RenderSusSubmission(assembly.submission);
  if (!files.csv_path.empty()) io.err << "CSV skriven till " << files.csv_path << "\n";
  return WriteSusTextTo(files.validation_path, RenderSusValidationReport(assembly.validation),
                        io.err, command, "the validation report", io);
}

std::string RenderSusDiffSummary(const torg::v1::DiffSubmissionsResponse& diff) {
  int added = 0;
  int changed = 0;
  int withdrawn = 0;
  for (const torg::v1::SusRowChange& change : diff.changes()) {
    switch (change.kind()) {
      case torg::v1::SUS_ROW_CHANGE_KIND_ADDED:
        ++added;
        break;
      case torg::v1::SUS_ROW_CHANGE_KIND_CHANGED:
        ++changed;
        break;
      case torg::v1::SUS_ROW_CHANGE_KIND_WITHDRAWN:
        ++withdrawn;
        break;
      default:
        break;
    }
  }
  return absl::StrCat("Rättelse från ", RenderSusSubmission(diff.old_submission()), "        till ",
                      RenderSusSubmission(diff.new_submission()), added, " nya, ", changed,
                      " ändrade, ", withdrawn, " återkallade\n");
}

std::string RenderSusChanges(const torg::v1::DiffSubmissionsResponse& diff) {
  if (diff.changes().empty()) return "Inga ändringar\n";
  std::string text;
  for (const torg::v1::SusRowChange& change : diff.changes()) {
    // A withdrawn row as it was, the others as they are now, as in
    // correction_csv.
    const std::string& row = change.kind() == torg::v1::SUS_ROW_CHANGE_KIND_WITHDRAWN
                                 ? change.old_row()
                                 : change.new_row();
    absl::StrAppend(&text, SusChangeLabel(change.kind()), " ", change.torg_reference(), ": ", row,
                    "\n");
  }
  return text;
}

int WriteSusDiff(const torg::v1::DiffSubmissionsResponse& diff, const std::string& csv_path,
                 absl::string_view command, CommandIo& io) {
  const bool has_csv = !diff.correction_csv().empty();
  const std::string listed = has_csv ? std::string() : RenderSusChanges(diff);
  const int written =
      WriteSusTextTo(csv_path, has_csv ? absl::string_view(diff.correction_csv()) : listed, io.out,
                     command, "the correction", io);
  if (written != kExitOk) return written;
  io.err << RenderSusDiffSummary(diff);
  if (!csv_path.empty()) io.err << "Rättelsen skriven till " << csv_path << "\n";
  return kExitOk;
}

}  // namespace torg::torgctl
