#ifndef TORG_CLIENTS_TORGCTL_IMPORT_COMMAND_H_
#define TORG_CLIENTS_TORGCTL_IMPORT_COMMAND_H_

// `torgctl import cases FILE [--dry-run] [--report FILE]`: a förbund's
// existing participants and cases from a CSV file (import_csv.h), sent to
// ImportService in batches; prints a line per row and a summary, and exits
// non-zero when any row was not imported (or, in a dry run, not valid).

#include <functional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "clients/torgctl/command.h"
#include "torg/v1/import_service.pb.h"

namespace torg::torgctl {

// Sends one batch to ImportService.ImportCases; replaced in tests.
using ImportBatchSender = std::function<absl::StatusOr<torg::v1::ImportCasesResponse>(
    const GlobalOptions&, const torg::v1::ImportCasesRequest&)>;

// The rows a batch carries at most: the server's limit.
inline constexpr int kImportBatchRows = 500;

// Reads `csv_text`, sends its rows in batches and merges the answers with the
// rows the file could not give: one result per data line, in line order, and
// the counts. INVALID_ARGUMENT for a file that cannot be read as a whole
// (quoting, header); a failed batch's error as it is (the rows before it
// are in, and a re-run imports the rest without duplicates).
absl::StatusOr<torg::v1::ImportCasesResponse> ImportCsvText(const GlobalOptions& options,
                                                            const std::string& csv_text,
                                                            bool dry_run,
                                                            const ImportBatchSender& send);

// The per-row report as a table (row, status, ids, field, message) and a
// summary line.
std::string RenderImportReport(const torg::v1::ImportCasesResponse& response);

// The per-row report as a ';'-separated UTF-8 CSV file, header first.
std::string ImportReportCsv(const torg::v1::ImportCasesResponse& response);

// Whether every row went in (or, in a dry run, is valid or already in).
bool ImportSucceeded(const torg::v1::ImportCasesResponse& response);

void AddImportCommands(CLI::App& app, Invocation& invocation);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_IMPORT_COMMAND_H_
