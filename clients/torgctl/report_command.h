#ifndef TORG_CLIENTS_TORGCTL_REPORT_COMMAND_H_
#define TORG_CLIENTS_TORGCTL_REPORT_COMMAND_H_

// `torgctl report period`: the steering groups' figures of one period
// (FlowService.GetPeriodReport), for a platform or the whole förbund.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/torgctl/command.h"
#include "torg/v1/flow_service.pb.h"
#include "torg/v1/types.pb.h"

namespace torg::torgctl {

// The calls of the other report commands (flow_report_command.h).
struct FlowReportSenders;

// A period of whole days, both included.
struct ReportPeriod {
  torg::v1::Date first_day;
  torg::v1::Date last_day;
};

// The period shorthands of `report period`. Each refuses any other form with
// INVALID_ARGUMENT saying what it takes.
// A year, "2026": 1 January to 31 December.
absl::StatusOr<ReportPeriod> ParseYearPeriod(absl::string_view text);
// A half-year (halvår), "2026H1" (January–June) or "2026H2" (July–December);
// "h" is accepted too.
absl::StatusOr<ReportPeriod> ParseHalfYearPeriod(absl::string_view text);
// A quarter, "2026Q1" to "2026Q4"; "q" is accepted too.
absl::StatusOr<ReportPeriod> ParseQuarterPeriod(absl::string_view text);
// A month, "2026-03": its first to its last day.
absl::StatusOr<ReportPeriod> ParseMonthPeriod(absl::string_view text);

// The options of `report period` as the command line gave them, each value
// already checked; unset when not given.
struct PeriodReportFlags {
  // Empty for the whole förbund.
  std::string platform_id;
  std::optional<torg::v1::Date> from;
  std::optional<torg::v1::Date> to;
  std::optional<ReportPeriod> year;
  std::optional<ReportPeriod> half;
  std::optional<ReportPeriod> quarter;
  std::optional<ReportPeriod> month;
  std::optional<uint64_t> as_of_position;
  std::optional<torg::v1::Date> as_of_date;
};

// The request `flags` ask for. INVALID_ARGUMENT, a usage error saying which
// options are wrong, unless exactly one period is given (--from and --to
// together, --year, --half, --quarter or --month), it does not end before
// it begins, and at most one of --as-of-position and --as-of-date is.
absl::StatusOr<torg::v1::GetPeriodReportRequest> PeriodReportRequest(
    const PeriodReportFlags& flags);

// Adds the options every period command of `report` shares to `command`:
// --platform, the period (--from/--to, --year, --half, --quarter, --month)
// and the cut (--as-of-position, --as-of-date), stored in `flags`.
// PeriodReportRequest then checks them together.
void AddReportPeriodOptions(CLI::App& command, const std::shared_ptr<PeriodReportFlags>& flags);

// Sends the request of `report period` and prints the answer; returns
// torgctl's exit code.
using PeriodReportSender =
    std::function<int(const GlobalOptions&, CommandIo&, const torg::v1::GetPeriodReportRequest&)>;

// Adds `torgctl report period`: calls FlowService.GetPeriodReport and prints
// the report as a table (report_output.h) or JSON; and the other FlowService
// commands of flow_report_command.h (trend, lead-times, handovers, graph,
// ratings, rate).
void AddReportCommands(CLI::App& app, Invocation& invocation);

// As above, `send` standing in for the call of `report period` to torgd
// (for tests); the other commands call torgd.
void AddReportCommands(CLI::App& app, Invocation& invocation, PeriodReportSender send);

// As above, `senders` standing in for the other commands' calls too.
void AddReportCommands(CLI::App& app, Invocation& invocation, PeriodReportSender send,
                       FlowReportSenders senders);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_REPORT_COMMAND_H_
