#ifndef TORG_CLIENTS_TORGCTL_BOARD_REPORT_COMMAND_H_
#define TORG_CLIENTS_TORGCTL_BOARD_REPORT_COMMAND_H_

// `torgctl report board`: the board's half-year statistics or year-end
// report (FlowService.GetBoardReport) as a CSV or Excel file.
//
//   torgctl report board --half 2026H1 --format xlsx [--platform P] [--out FILE]
//   torgctl report board --year 2026 --format csv --out arsrapport.csv

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "clients/torgctl/command.h"
#include "clients/torgctl/report_command.h"
#include "torg/v1/flow_service.pb.h"

namespace torg::torgctl {

// The options of `report board`, each value already checked; unset when not
// given.
struct BoardReportFlags {
  // Empty for the whole förbund.
  std::string platform_id;
  // --half, as the period it names.
  std::optional<ReportPeriod> half;
  // --year, as the period it names.
  std::optional<ReportPeriod> year;
  torg::v1::BoardReportFormat format = torg::v1::BOARD_REPORT_FORMAT_UNSPECIFIED;
  std::optional<uint64_t> as_of_position;
  std::optional<torg::v1::Date> as_of_date;
  // Where to write the file; empty for the name the server suggests, in the
  // current directory.
  std::string out;
};

// The request `flags` ask for. INVALID_ARGUMENT, a usage error, unless
// exactly one of --half and --year is given, --format is, and at most one of
// --as-of-position and --as-of-date.
absl::StatusOr<torg::v1::GetBoardReportRequest> BoardReportRequest(const BoardReportFlags& flags);

// Writes the file of `response` to `out` (empty: response.file_name()) and
// says on io.err what was written. Returns torgctl's exit code: kExitFailure
// after saying why when the file cannot be written.
int WriteBoardReport(const torg::v1::GetBoardReportResponse& response, const std::string& out,
                     CommandIo& io);

// Sends the request of `report board` and writes the file to `out`; returns
// torgctl's exit code. Tests stand in for it.
using BoardReportSender = std::function<int(
    const GlobalOptions&, CommandIo&, const torg::v1::GetBoardReportRequest&, const std::string&)>;

// The sender that calls torgd and writes the file with WriteBoardReport.
BoardReportSender TorgdBoardReportSender();

// Adds `report board` to the `report` group.
void AddBoardReportCommand(CLI::App& report, Invocation& invocation, BoardReportSender send);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_BOARD_REPORT_COMMAND_H_
