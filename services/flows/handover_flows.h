#ifndef TORG_SERVICES_FLOWS_HANDOVER_FLOWS_H_
#define TORG_SERVICES_FLOWS_HANDOVER_FLOWS_H_

// The handovers answered in a period, by kind and where they took the case,
// put together from the flow ledger's counts (flowledger::HandoverFlowCounts),
// and their small counts suppressed. Plain C++: the gRPC adapter is
// flow_service.h. The definitions are in proto/torg/v1/flow_service.proto.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/flowledger/flow_ledger_reader.h"
#include "services/flows/count_table.h"
#include "torg/v1/flow_service.pb.h"

namespace torg::flows {

// The response of `query` from its `counts`, exact (suppression_threshold
// 0): one flow per (kind, from, to) with a handover answered, in that order;
// totals the sums of the flows; each flow's waiting time from its histogram
// and the total's from all of them.
v1::GetHandoverFlowsResponse BuildHandoverFlows(const flowledger::PeriodQuery& query,
                                                const flowledger::HandoverFlowCounts& counts);

// Suppresses the small counts of `response`, as BuildHandoverFlows made it:
// every count from 1 to k−1 and, with disclosure::SuppressSmallCells, enough
// others that none can be worked out from the published ones and the sums
// accepted = Σ flows' accepted, rejected = Σ flows' rejected. A waiting
// time's count is its flow's accepted (the total's: accepted) and is
// published or suppressed with it; its statistics are withheld when that
// count is suppressed or below k. deviations_open_at_end is suppressed when
// 1 to k−1. suppression_threshold is set to k. k == 1 changes nothing.
// INVALID_ARGUMENT when k < 1, or when the counts do not add up (a total is
// not its flows' sum, a waiting count is not its accepted, a count is
// negative); then nothing is changed.
absl::Status SuppressHandoverFlows(int64_t k, v1::GetHandoverFlowsResponse& response);

// Adds the counts of `response` to `table` with the sums SuppressHandoverFlows
// lists, for a document that protects the flows together with other parts;
// returns the cell of each flow's accepted count, in the order of flows.
// INVALID_ARGUMENT when a waiting time's count is not its accepted count.
absl::StatusOr<std::vector<size_t>> AddHandoverFlowCells(v1::GetHandoverFlowsResponse& response,
                                                         CountTable& table);

// After the counts were suppressed: each waiting time's count set to its
// accepted count, and its statistics withheld when that is hidden or below k.
void WithholdSmallWaitingTimes(int64_t k, v1::GetHandoverFlowsResponse& response);

}  // namespace torg::flows

#endif  // TORG_SERVICES_FLOWS_HANDOVER_FLOWS_H_
