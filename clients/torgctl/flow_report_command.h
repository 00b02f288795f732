#ifndef TORG_CLIENTS_TORGCTL_FLOW_REPORT_COMMAND_H_
#define TORG_CLIENTS_TORGCTL_FLOW_REPORT_COMMAND_H_

// The FlowService commands of `torgctl report` beside `report period`:
//   report trend       GetTrend: a period report per month, quarter or half-year
//   report lead-times  GetLeadTimes
//   report handovers   GetHandoverFlows
//   report graph       GetFlowGraph: the flow graph (Sankey) as two tables
//   report ratings     ListBoardRatings: the board's ratings of platform goals
//   report rate        RecordBoardRating: records one
//   report board       GetBoardReport: the board's half-year statistics or
//                      year-end report as CSV or .xlsx (board_report_command.h)
// The period commands take the options of `report period`
// (AddReportPeriodOptions in report_command.h).

#include <functional>
#include <optional>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "clients/torgctl/board_report_command.h"
#include "clients/torgctl/command.h"
#include "clients/torgctl/report_command.h"
#include "torg/v1/flow_service.pb.h"
#include "torg/v1/governance_events.pb.h"

namespace torg::torgctl {

// Sends one command's request to torgd and prints the answer; returns
// torgctl's exit code. Tests stand in for them.
template <typename Request>
using FlowReportSender = std::function<int(const GlobalOptions&, CommandIo&, Request&)>;

struct FlowReportSenders {
  FlowReportSender<torg::v1::GetTrendRequest> trend;
  FlowReportSender<torg::v1::GetLeadTimesRequest> lead_times;
  FlowReportSender<torg::v1::GetHandoverFlowsRequest> handovers;
  FlowReportSender<torg::v1::GetFlowGraphRequest> graph;
  FlowReportSender<torg::v1::ListBoardRatingsRequest> ratings;
  FlowReportSender<torg::v1::RecordBoardRatingRequest> rate;
  // `report board` (board_report_command.h).
  BoardReportSender board;
};

// The senders that call torgd and print tables (flow_report_output.h) or JSON.
FlowReportSenders TorgdFlowReportSenders();

// The options of `report trend`: --platform, --from, --to, --granularity and
// the cut; each value already checked.
struct TrendFlags {
  std::string platform_id;
  std::optional<torg::v1::Date> from;
  std::optional<torg::v1::Date> to;
  torg::v1::TrendGranularity granularity = torg::v1::TREND_GRANULARITY_UNSPECIFIED;
  std::optional<uint64_t> as_of_position;
  std::optional<torg::v1::Date> as_of_date;
};

// The request `flags` ask for. INVALID_ARGUMENT, a usage error, unless --from,
// --to and --granularity are given, --to is not before --from, and at most
// one of --as-of-position and --as-of-date is.
absl::StatusOr<torg::v1::GetTrendRequest> TrendRequest(const TrendFlags& flags);

// The period fields (platform, period, cut) of a checked period report
// request, as another FlowService request of the same shape.
template <typename Request>
Request WithReportPeriod(const torg::v1::GetPeriodReportRequest& period) {
  Request request;
  request.set_platform_id(period.platform_id());
  *request.mutable_first_day() = period.first_day();
  *request.mutable_last_day() = period.last_day();
  if (period.has_as_of()) *request.mutable_as_of() = period.as_of();
  return request;
}

// The fulfilment of the six-step scale a number 1–6 names;
// INVALID_ARGUMENT naming the scale otherwise.
absl::StatusOr<torg::v1::GoalFulfilment> ParseFulfilment(absl::string_view text);

// Adds the commands above to the `report` group.
void AddFlowReportCommands(CLI::App& report, Invocation& invocation, FlowReportSenders senders);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_FLOW_REPORT_COMMAND_H_
