#include "clients/torgctl/board_report_command.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clients/torgctl/cli_options.h"
#include "clients/torgctl/cli_parsing.h"
#include "clients/torgctl/export_output.h"
#include "clients/torgctl/rpc_call.h"
#include "torg/v1/flow_service.grpc.pb.h"

namespace torg::torgctl {
namespace {

absl::StatusOr<uint64_t> ParseBoardLogPosition(absl::string_view text) {
  uint64_t position = 0;
  if (text.empty() || text.find_first_not_of("0123456789") != absl::string_view::npos ||
      !absl::SimpleAtoi(text, &position) || position == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", text, "' is not a log position: a whole number from 1, as a report prints it"));
  }
  return position;
}

}  // namespace

absl::StatusOr<torg::v1::GetBoardReportRequest> BoardReportRequest(const BoardReportFlags& flags) {
  if (flags.half.has_value() == flags.year.has_value()) {
    return absl::InvalidArgumentError(
        flags.half.has_value()
            ? "give --half or --year, not both (the year-end report is --year)"
            : "give the period: --half 2026H1 (or 2026H2) for the half-year statistics, or "
              "--year 2026 for the year-end report");
  }
  if (flags.format == torg::v1::BOARD_REPORT_FORMAT_UNSPECIFIED) {
    return absl::InvalidArgumentError("give --format: csv or xlsx");
  }
  if (flags.as_of_position.has_value() && flags.as_of_date.has_value()) {
    return absl::InvalidArgumentError("give --as-of-position or --as-of-date, not both");
  }
  torg::v1::GetBoardReportRequest request;
  request.set_platform_id(flags.platform_id);
  if (flags.half.has_value()) {
    request.set_year(flags.half->first_day.year());
    // ParseHalfYearPeriod starts H1 in January and H2 in July.
    request.set_period(flags.half->first_day.month() == 1
                           ? torg::v1::BOARD_REPORT_PERIOD_FIRST_HALF
                           : torg::v1::BOARD_REPORT_PERIOD_SECOND_HALF);
  } else {
    request.set_year(flags.year->first_day.year());
    request.set_period(torg::v1::BOARD_REPORT_PERIOD_YEAR);
  }
  request.set_format(flags.format);
  if (flags.as_of_position.has_value()) {
    request.mutable_as_of()->set_log_position(*flags.as_of_position);
  } else if (flags.as_of_date.has_value()) {
    *request.mutable_as_of()->mutable_recorded_by_end_of() = *flags.as_of_date;
  }
  return request;
}

namespace {

// A name the server suggested is written in the current directory only: a
// plain name of letters, digits, '.', '-' and '_', not starting with '.', so
// that a server cannot make torgctl write elsewhere or over a dotfile.
bool IsPlainFileName(const std::string& name) {
  if (name.empty() || name.size() > 255 || name[0] == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
  });
}

}  // namespace

int WriteBoardReport(const torg::v1::GetBoardReportResponse& response, const std::string& out,
                     CommandIo& io) {
  const std::string path = out.empty() ? response.file_name() : out;
  if (path.empty()) {
    io.err << "torgctl report board: the server suggested no file name: give --out FILE\n";
    return kExitFailure;
  }
  if (out.empty() && !IsPlainFileName(path)) {
    io.err << "torgctl report board: the server suggested the file name \"" << path
           << "\", which is not a plain file name: give --out FILE\n";
    return kExitFailure;
  }
  // Written exactly as received: the CSV's byte-order mark and CRLFs, and
  // the workbook's zip, must reach the file unchanged.
  const absl::Status written = WriteExportFile(path, response.content());
  if (!written.ok()) {
    io.err << "torgctl report board: cannot write " << path << ": " << written.message() << "\n";
    return kExitFailure;
  }
  io.err << "Skrev " << path << " (" << response.content().size() << " byte, "
         << FormatDate(response.first_day()) << " – " << FormatDate(response.last_day())
         << ", loggposition " << response.log_position() << ")\n";
  if (response.suppression_threshold() > 1) {
    io.err << "Antal från 1 till " << response.suppression_threshold() - 1
           << " och deras komplement är dolda (\"..\")\n";
  }
  return kExitOk;
}

BoardReportSender TorgdBoardReportSender() {
  return [](const GlobalOptions& options, CommandIo& io,
            const torg::v1::GetBoardReportRequest& request, const std::string& out) {
    torg::v1::GetBoardReportResponse response;
    const grpc::Status status =
        CallRpc(options, &torg::v1::FlowService::Stub::GetBoardReport, request, &response);
    if (!status.ok()) return ReportRpcFailure(options, "report board", status, io);
    return WriteBoardReport(response, out, io);
  };
}

void AddBoardReportCommand(CLI::App& report, Invocation& invocation, BoardReportSender send) {
  auto flags = std::make_shared<BoardReportFlags>();
  CLI::App* command = report.add_subcommand(
      "board",
      "The board's half-year statistics (--half) or year-end report (--year) as a file to open "
      "and print: participants active, new, closed by outcome and ongoing, by gender; lead "
      "times; handovers. CSV for Swedish Excel or an .xlsx workbook. Small counts are hidden "
      "(\"..\") as in `report period`");
  command
      ->add_option("--platform", flags->platform_id,
                   "the platform (default: the whole förbund, every platform)")
      ->type_name("ID");
  const std::string period_group = "Period (give exactly one)";
  command
      ->add_option_function<std::string>(
          "--half", [flags](const std::string& text) { flags->half = *ParseHalfYearPeriod(text); },
          "the half-year statistics: 2026H1 is January–June, 2026H2 July–December")
      ->type_name("YYYYH1|YYYYH2")
      ->check(Accepting(ParseHalfYearPeriod))
      ->group(period_group);
  command
      ->add_option_function<std::string>(
          "--year", [flags](const std::string& text) { flags->year = *ParseYearPeriod(text); },
          "the year-end report: 1 January to 31 December")
      ->type_name("YYYY")
      ->check(Accepting(ParseYearPeriod))
      ->group(period_group);
  AddEnumOption<torg::v1::BoardReportFormat>(
      *command, "--format", [flags](torg::v1::BoardReportFormat format) { flags->format = format; },
      "the file: csv (UTF-8 with BOM, ';'-separated, for Excel) or xlsx (an Excel workbook)");
  command
      ->add_option("--out", flags->out,
                   "write the file here (default: the name the server suggests, e.g. "
                   "halvarsstatistik-2026H1-forbundet.xlsx, in the current directory)")
      ->type_name("FILE");
  const std::string as_of_group = "As of (at most one; default: the last committed step)";
  command
      ->add_option_function<std::string>(
          "--as-of-position",
          [flags](const std::string& text) {
            flags->as_of_position = *ParseBoardLogPosition(text);
          },
          "count only the steps recorded up to this log position (the report's "
          "\"Loggposition\"): gives exactly the figures that report gave")
      ->type_name("N")
      ->check(Accepting(ParseBoardLogPosition))
      ->group(as_of_group);
  AddDateOption(
      *command, "--as-of-date", [flags](const torg::v1::Date& date) { flags->as_of_date = date; },
      "count only the steps recorded by the end of this day (Swedish time)")
      ->group(as_of_group);
  SetRun(*command, invocation,
         [flags, send = std::move(send)](const GlobalOptions& options, CommandIo& io) {
           const absl::StatusOr<torg::v1::GetBoardReportRequest> request =
               BoardReportRequest(*flags);
           if (!request.ok()) return UsageError(io, "report board", request.status().message());
           return send(options, io, *request, flags->out);
         });
}

}  // namespace torg::torgctl
