#ifndef TORG_SERVICES_FLOWS_FLOW_GRAPH_H_
#define TORG_SERVICES_FLOWS_FLOW_GRAPH_H_

// The flow graph of a period (FlowService.GetFlowGraph): nodes and edges with
// counts for a Sankey chart, composed from the flow ledger's period counts of
// each platform in scope and the handover flows, and its small counts
// suppressed. Plain C++: the gRPC adapter is flow_service.h. The definitions
// are in proto/torg/v1/flow_service.proto (GetFlowGraphResponse).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/flowledger/flow_ledger_reader.h"
#include "torg/v1/flow_service.pb.h"

namespace torg::flows {

// What a graph is composed of, every part cut at the same log position.
struct FlowGraphCounts {
  // The position all the counts were cut at.
  uint64_t log_position = 0;
  // The platforms in scope, in the order their nodes are listed, each with
  // its own (platform-scope) period counts: the platform asked for, or every
  // configured platform for the förbund.
  std::vector<std::pair<std::string, flowledger::PeriodCounts>> platforms;
  // The handover flows of the scope (a platform's: into and out of it; the
  // förbund's: all). Only the accepted PLATFORM flows are used.
  flowledger::HandoverFlowCounts handovers;
};

// The graph of `query` from `counts`, exact (suppression_threshold 0).
// INTERNAL when the counts break the definitions' sums (the accepted
// handovers into or out of a platform are not its moved in / moved out, or
// its stays begun before the period would be negative): a defect of the
// ledger, not of the request.
absl::StatusOr<v1::GetFlowGraphResponse> BuildFlowGraph(const flowledger::PeriodQuery& query,
                                                        const FlowGraphCounts& counts);

// Suppresses the small counts of `graph`, as BuildFlowGraph made it: every
// edge count and node total from 1 to k−1 and, with
// disclosure::SuppressSmallCells, enough others that none can be worked out
// from the published ones and the sums node total = Σ its edges (a platform
// in scope: Σ edges in and Σ edges out, each). suppression_threshold is set
// to k. k == 1 changes nothing. INVALID_ARGUMENT when k < 1 or the graph does
// not add up (then nothing is changed).
absl::Status SuppressFlowGraph(int64_t k, v1::GetFlowGraphResponse& graph);

}  // namespace torg::flows

#endif  // TORG_SERVICES_FLOWS_FLOW_GRAPH_H_
