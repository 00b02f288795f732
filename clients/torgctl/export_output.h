#ifndef TORG_CLIENTS_TORGCTL_EXPORT_OUTPUT_H_
#define TORG_CLIENTS_TORGCTL_EXPORT_OUTPUT_H_

// How torgctl puts together and writes what ExportService answers: the CSV
// exactly as streamed (never re-encoded: the national follow-up reads the
// bytes), the submission's summary and the validation report in Swedish,
// and the correction between two submissions.

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/torgctl/command.h"
#include "torg/v1/export_service.pb.h"

namespace torg::torgctl {

// Where the export commands write: a path, or "" for the terminal (the CSV
// to stdout, the validation report to stderr).
struct SusOutputFiles {
  std::string csv_path;
  std::string validation_path;
};

// A whole export stream: the submission, the CSV and the validation report.
struct SusExportAssembly {
  torg::v1::SusSubmission submission;
  std::string csv;
  torg::v1::SusValidationReport validation;
};

// Puts an export stream's chunks together in the order the server sends
// them: the submission first, then the CSV chunks (concatenated byte for
// byte), then the validation report.
class SusExportAssembler {
 public:
  // INTERNAL when `chunk` is out of that order or empty: a stream that
  // broke the protocol must not be written out as if it were whole.
  absl::Status Add(const torg::v1::SusExportChunk& chunk);

  // The assembled export; INTERNAL when the stream ended without the
  // submission or the validation report (a cut-off stream).
  absl::StatusOr<SusExportAssembly> Finish() &&;

 private:
  bool has_submission_ = false;
  bool has_validation_ = false;
  SusExportAssembly assembly_;
};

// "Inlämning S: plattform P, 2026-01-01 – 2026-06-30, loggposition N, R rader".
std::string RenderSusSubmission(const torg::v1::SusSubmission& submission);

// The submissions as a table, newest first as given: id, platform, period,
// log position, rows, the day cut and by whom; "Inga inlämningar" when
// there are none.
std::string RenderSusSubmissionList(const torg::v1::ListSubmissionsResponse& list);

// The validation report: one line per excluded stay with its reason, the
// participant, case and stay, and what to do; then the anonymous counts,
// one line per year and gender; "Inga undantag" when there is nothing.
std::string RenderSusValidationReport(const torg::v1::SusValidationReport& report);

// The Swedish label of an exclusion reason; an unknown one by its enum name.
std::string SusExclusionLabel(torg::v1::SusExclusionReason reason);

// Writes `bytes` to `path`, replacing it, exactly as given.
absl::Status WriteExportFile(const std::string& path, absl::string_view bytes);

// Writes an export as `torgctl export sus` and `export regenerate` do: the
// CSV to files.csv_path or io.out, the summary to io.err, the validation
// report to files.validation_path or io.err. Returns torgctl's exit code;
// kExitFailure after saying which file could not be written.
int WriteSusExport(const SusExportAssembly& assembly, const SusOutputFiles& files,
                   absl::string_view command, CommandIo& io);

// The summary of a correction: both submissions and how many rows were
// added, changed and withdrawn.
std::string RenderSusDiffSummary(const torg::v1::DiffSubmissionsResponse& diff);

// The changes one per line ("ny", "ändrad", "återkallad", the reference,
// the row), for a response without correction_csv.
std::string RenderSusChanges(const torg::v1::DiffSubmissionsResponse& diff);

// Writes a correction as `torgctl export diff` does: correction_csv (or,
// without one, RenderSusChanges) to csv_path or io.out, the summary to
// io.err. Returns torgctl's exit code.
int WriteSusDiff(const torg::v1::DiffSubmissionsResponse& diff, const std::string& csv_path,
                 absl::string_view command, CommandIo& io);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_EXPORT_OUTPUT_H_
