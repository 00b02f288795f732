#ifndef TORG_CLIENTS_TORGCTL_FLOW_REPORT_OUTPUT_H_
#define TORG_CLIENTS_TORGCTL_FLOW_REPORT_OUTPUT_H_

// How torgctl shows the FlowService answers beside the period report
// (report_output.h): in Swedish, as the steering groups and the board read
// them, numbers right-aligned, a suppressed count or withheld statistic as
// "..". Each starts with a heading naming the platform (or "hela
// förbundet"), the period and the log position it was cut at, and, when
// counts were suppressed, a line saying which.

#include <string>

#include "torg/v1/flow_service.pb.h"
#include "torg/v1/governance_events.pb.h"

namespace torg::torgctl {

// "1 Inte alls" … "6 Helt och hållet"; an unknown value by its enum name.
std::string FulfilmentLabel(torg::v1::GoalFulfilment fulfilment);

// One row per period: Aktiva, Nya, Avslutade, each outcome category, and
// Pågående vid periodens slut, totals of every gender (the gender split is
// in `report period`).
std::string RenderTrend(const torg::v1::GetTrendResponse& trend);

// One row per lead time: Antal, Median, 75:e and 90:e percentil, in days.
std::string RenderLeadTimes(const torg::v1::GetLeadTimesResponse& lead_times);

// One row per flow (Typ, Från, Till, Godtagna, Avvisade, median waiting
// time), a total row, and the deviations open at the end.
std::string RenderHandoverFlows(const torg::v1::GetHandoverFlowsResponse& flows);

// The graph as two tables: the nodes with their totals, then the edges
// (Från, Till, Antal), each node named in Swedish.
std::string RenderFlowGraph(const torg::v1::GetFlowGraphResponse& graph);

// One row per rating, newest decision first, with its motivation; a line
// with the next page's token when there is one.
std::string RenderBoardRatings(const torg::v1::ListBoardRatingsResponse& ratings);

// What was recorded, and whether it was a retry that recorded nothing.
std::string RenderRecordedRating(const torg::v1::RecordBoardRatingResponse& recorded);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_FLOW_REPORT_OUTPUT_H_
