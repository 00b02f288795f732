#include "clients/torgctl/import_command.h"

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "clients/torgctl/cli_options.h"
#include "clients/torgctl/cli_parsing.h"
#include "clients/torgctl/connection.h"
#include "clients/torgctl/import_csv.h"
#include "clients/torgctl/rpc_call.h"
#include "clients/torgctl/text_table.h"
#include "services/common/csv_line.h"
#include "torg/v1/import_service.grpc.pb.h"

namespace torg::torgctl {
namespace {

struct ImportCasesFlags {
  std::string file;
  bool dry_run = false;
  std::string report_file;
};

void CountImportResult(const torg::v1::ImportRowResult& row,
                       torg::v1::ImportCasesResponse& response) {
  switch (row.status()) {
    case torg::v1::IMPORT_ROW_STATUS_IMPORTED:
      response.set_imported_count(response.imported_count() + 1);
      break;
    case torg::v1::IMPORT_ROW_STATUS_VALID:
      response.set_valid_count(response.valid_count() + 1);
      break;
    case torg::v1::IMPORT_ROW_STATUS_ALREADY_IMPORTED:
      response.set_already_imported_count(response.already_imported_count() + 1);
      break;
    case torg::v1::IMPORT_ROW_STATUS_CHANGED:
      response.set_changed_count(response.changed_count() + 1);
      break;
    default:
      response.set_rejected_count(response.rejected_count() + 1);
      break;
  }
}

absl::StatusOr<torg::v1::ImportCasesResponse> SendImportBatchToTorgd(
    const GlobalOptions& options, const torg::v1::ImportCasesRequest& request) {
  torg::v1::ImportCasesResponse response;
  const grpc::Status status =
      CallRpc(options, &torg::v1::ImportService::Stub::ImportCases, request, &response);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  }
  return response;
}

std::string ImportErrorsText(const torg::v1::ImportRowResult& row) {
  std::string text;
  for (const torg::v1::ImportFieldError& error : row.errors()) {
    absl::StrAppend(&text, text.empty() ? "" : "; ", error.field(), ": ", error.message());
  }
  return text;
}

}  // namespace

absl::StatusOr<torg::v1::ImportCasesResponse> ImportCsvText(const GlobalOptions& options,
                                                            const std::string& csv_text,
                                                            bool dry_run,
                                                            const ImportBatchSender& send) {
  absl::StatusOr<CsvTable> table = ParseCsv(csv_text);
  if (!table.ok()) return table.status();
  absl::StatusOr<CsvImportRows> rows = ImportRowsFromCsv(*table);
  if (!rows.ok()) return rows.status();
  std::vector<torg::v1::ImportRowResult> results = std::move(rows->unreadable);
  for (size_t first = 0; first < rows->rows.size(); first += kImportBatchRows) {
    torg::v1::ImportCasesRequest request;
    request.set_dry_run(dry_run);
    const size_t end = std::min(rows->rows.size(), first + kImportBatchRows);
    for (size_t i = first; i < end; ++i) *request.add_rows() = rows->rows[i];
    absl::StatusOr<torg::v1::ImportCasesResponse> answer = send(options, request);
    if (!answer.ok()) return answer.status();
    for (torg::v1::ImportRowResult& row : *answer->mutable_results()) {
      results.push_back(std::move(row));
    }
  }
  std::stable_sort(results.begin(), results.end(),
                   [](const torg::v1::ImportRowResult& a, const torg::v1::ImportRowResult& b) {
                     return a.row_number() < b.row_number();
                   });
  torg::v1::ImportCasesResponse merged;
  merged.set_dry_run(dry_run);
  for (torg::v1::ImportRowResult& row : results) {
    CountImportResult(row, merged);
    *merged.add_results() = std::move(row);
  }
  return merged;
}

bool ImportSucceeded(const torg::v1::ImportCasesResponse& response) {
  return response.rejected_count() == 0 && response.changed_count() == 0;
}

std::string RenderImportReport(const torg::v1::ImportCasesResponse& response) {
  TextTable table({"ROW", "STATUS", "PARTICIPANT", "CASE", "ERRORS"});
  for (const torg::v1::ImportRowResult& row : response.results()) {
    table.AddRow({std::to_string(row.row_number()), EnumText(row.status()), row.participant_id(),
                  row.case_id(), ImportErrorsText(row)});
  }
  return absl::StrCat(table.Render(), response.dry_run() ? "Dry run, nothing written: " : "",
                      response.results_size(), " rows: ", response.imported_count(), " imported, ",
                      response.valid_count(), " valid, ", response.already_imported_count(),
                      " already imported, ", response.changed_count(), " changed since imported, ",
                      response.rejected_count(), " rejected\n");
}

std::string ImportReportCsv(const torg::v1::ImportCasesResponse& response) {
  std::string csv = "row;status;participant_id;case_id;field;code;message\r\n";
  for (const torg::v1::ImportRowResult& row : response.results()) {
    const std::string start = absl::StrCat(row.row_number(), ";", EnumText(row.status()), ";",
                                           row.participant_id(), ";", row.case_id(), ";");
    if (row.errors().empty()) {
      absl::StrAppend(&csv, start, ";;\r\n");
      continue;
    }
    for (const torg::v1::ImportFieldError& error : row.errors()) {
      absl::StrAppend(&csv, start, common::CsvField(error.field()), ";", error.code(), ";",
                      common::CsvField(error.message()), "\r\n");
    }
  }
  return csv;
}

void AddImportCommands(CLI::App& app, Invocation& invocation) {
  CLI::App* group = app.add_subcommand(
      "import", "Bulk import of a förbund's existing participants and cases (admin)");
  group->require_subcommand(1);
  auto flags = std::make_shared<ImportCasesFlags>();
  CLI::App* command = group->add_subcommand(
      "cases",
      "Imports participants and their cases from a CSV file (UTF-8; ';' or ','; columns in the "
      "README). Each row is checked by the API's rules and imported atomically; importing the "
      "same file again imports nothing twice. Exits 1 if any row was not imported");
  command->add_option("file", flags->file, "The CSV file")->required();
  command->add_flag("--dry-run", flags->dry_run, "Check every row and write nothing");
  command->add_option("--report", flags->report_file,
                      "Also write the per-row report to this file (';'-separated CSV)");
  SetRun(*command, invocation, [flags](const GlobalOptions& options, CommandIo& io) {
    std::ifstream in(flags->file, std::ios::binary);
    if (!in) return UsageError(io, "import cases", absl::StrCat("cannot read ", flags->file));
    std::stringstream text;
    text << in.rdbuf();
    absl::StatusOr<torg::v1::ImportCasesResponse> response =
        ImportCsvText(options, text.str(), flags->dry_run, SendImportBatchToTorgd);
    if (absl::IsInvalidArgument(response.status())) {
      return UsageError(io, "import cases",
                        absl::StrCat(flags->file, ": ", response.status().message()));
    }
    if (!response.ok()) {
      io.err << "import cases: " << response.status().message()
             << "\nThe rows before the failure may be in; running the same import again "
                "imports the rest and nothing twice.\n";
      return kExitFailure;
    }
    if (!flags->report_file.empty()) {
      std::ofstream report(flags->report_file, std::ios::binary | std::ios::trunc);
      report << ImportReportCsv(*response);
      if (!report) {
        io.err << "import cases: cannot write the report to " << flags->report_file << "\n";
        return kExitFailure;
      }
    }
    const int printed = PrintResponse(options, io, *response, RenderImportReport);
    if (printed != kExitOk) return printed;
    return ImportSucceeded(*response) ? kExitOk : kExitFailure;
  });
}

}  // namespace torg::torgctl
