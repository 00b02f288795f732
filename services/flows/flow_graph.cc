#include "services/flows/flow_graph.h"

#include <map>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/disclosure/suppression.h"
#include "services/flows/period_report.h"

namespace torg::flows {

namespace {

constexpr char kCarriedOverNodeId[] = "carried-over";
constexpr char kOngoingNodeId[] = "ongoing";

v1::Date FlowGraphProtoDate(absl::CivilDay day) {
  v1::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

std::string ReferrerNodeId(const std::string& referrer) {
  return absl::StrCat("referrer:", referrer);
}
std::string PlatformNodeId(const std::string& platform) {
  return absl::StrCat("platform:", platform);
}

const char* OutcomeCategorySlug(v1::OutcomeCategory category) {
  switch (category) {
    case v1::OUTCOME_CATEGORY_WORK:
      return "work";
    case v1::OUTCOME_CATEGORY_STUDIES:
      return "studies";
    case v1::OUTCOME_CATEGORY_NEED_ADAPTED:
      return "need-adapted";
    case v1::OUTCOME_CATEGORY_OTHER:
      return "other";
    default:
      // A closure without an outcome cannot be recorded; were one counted,
      // it still has to flow somewhere for the sums to hold.
      return "unspecified";
  }
}

std::string OutcomeNodeId(v1::OutcomeCategory category) {
  return absl::StrCat("outcome:", OutcomeCategorySlug(category));
}

int64_t SumOfStayCells(const std::map<flowledger::StayCell, int64_t>& cells) {
  int64_t sum = 0;
  for (const auto& [cell, n] : cells) sum += n;
  return sum;
}

// An edge while the graph is put together; ordered as the response lists them.
using GraphEdgeKey = std::tuple<v1::FlowEdgeKind, std::string, std::string>;

}  // namespace

absl::StatusOr<v1::GetFlowGraphResponse> BuildFlowGraph(const flowledger::PeriodQuery& query,
                                                        const FlowGraphCounts& counts) {
  std::map<GraphEdgeKey, int64_t> edges;
  auto add_edge = [&edges](v1::FlowEdgeKind kind, std::string from, std::string to, int64_t n) {
    if (n != 0) edges[GraphEdgeKey(kind, std::move(from), std::move(to))] += n;
  };
  std::set<std::string> scope;
  std::map<std::string, int64_t> active_of;
  std::set<std::string> referrers;
  std::set<v1::OutcomeCategory> categories;
  for (const auto& [platform_id, period] : counts.platforms) {
    scope.insert(platform_id);
    const std::string node = PlatformNodeId(platform_id);
    const int64_t active = SumOfStayCells(period.active);
    const int64_t enrolled = SumOfStayCells(period.enrolled);
    const int64_t moved_in = SumOfStayCells(period.moved_in);
    active_of[platform_id] = active;
    // Every active stay began before the period, by enrolment in it, or by a
    // handover in it: what is left of active is the first.
    const int64_t carried_over = active - enrolled - moved_in;
    if (carried_over < 0) {
      return absl::InternalError(absl::StrCat("platform ", platform_id, " has ", active,
                                              " active stays but ", enrolled, " enrolled and ",
                                              moved_in, " moved in"));
    }
    add_edge(v1::FLOW_EDGE_KIND_CARRIED_OVER, kCarriedOverNodeId, node, carried_over);
    for (const auto& [cell, n] : period.enrolled) {
      referrers.insert(cell.referrer);
      add_edge(v1::FLOW_EDGE_KIND_ENROLLED, ReferrerNodeId(cell.referrer), node, n);
    }
    for (const auto& [key, n] : period.closed) {
      const v1::OutcomeCategory category = CategoryOf(key.first);
      categories.insert(category);
      add_edge(v1::FLOW_EDGE_KIND_CLOSED, node, OutcomeNodeId(category), n);
    }
    add_edge(v1::FLOW_EDGE_KIND_ONGOING, node, kOngoingNodeId,
             SumOfStayCells(period.ongoing_at_end));
  }
  // Handovers: each accepted platform handover touching the scope is one
  // edge. They must be exactly the stays moved in and out, or the platform
  // nodes would not balance.
  std::map<std::string, int64_t> handed_in;
  std::map<std::string, int64_t> handed_out;
  std::set<std::string> other_platforms;
  for (const auto& [flow, n] : counts.handovers.accepted) {
    if (flow.kind != v1::HANDOVER_KIND_PLATFORM || n == 0) continue;
    const bool from_in_scope = scope.count(flow.from) > 0;
    const bool to_in_scope = scope.count(flow.to) > 0;
    if (!from_in_scope && !to_in_scope) continue;
    if (!from_in_scope) other_platforms.insert(flow.from);
    if (!to_in_scope) other_platforms.insert(flow.to);
    handed_out[flow.from] += n;
    handed_in[flow.to] += n;
    add_edge(v1::FLOW_EDGE_KIND_MOVED, PlatformNodeId(flow.from), PlatformNodeId(flow.to), n);
  }
  for (const auto& [platform_id, period] : counts.platforms) {
    const int64_t moved_in = SumOfStayCells(period.moved_in);
    const int64_t moved_out = SumOfStayCells(period.moved_out);
    if (handed_in[platform_id] != moved_in || handed_out[platform_id] != moved_out) {
      return absl::InternalError(
          absl::StrCat("platform ", platform_id, " has ", moved_in, " stays moved in and ",
                       moved_out, " moved out, but ", handed_in[platform_id], " and ",
                       handed_out[platform_id], " accepted platform handovers in and out"));
    }
  }

  v1::GetFlowGraphResponse graph;
  graph.set_platform_id(query.platform_id);
  *graph.mutable_first_day() = FlowGraphProtoDate(query.first_day);
  *graph.mutable_last_day() = FlowGraphProtoDate(query.last_day);
  graph.set_log_position(counts.log_position);

  std::map<std::string, int64_t> edge_sum_of;
  for (const auto& [key, n] : edges) {
    edge_sum_of[std::get<1>(key)] += n;
    edge_sum_of[std::get<2>(key)] += n;
  }
  auto add_node = [&graph, &edge_sum_of](const std::string& node_id, v1::FlowNodeKind kind,
                                         bool always) -> v1::FlowNode* {
    auto found = edge_sum_of.find(node_id);
    if (found == edge_sum_of.end() && !always) return nullptr;
    v1::FlowNode& node = *graph.add_nodes();
    node.set_node_id(node_id);
    node.set_kind(kind);
    node.mutable_total()->set_value(found == edge_sum_of.end() ? 0 : found->second);
    return &node;
  };
  add_node(kCarriedOverNodeId, v1::FLOW_NODE_KIND_CARRIED_OVER, false);
  for (const std::string& referrer : referrers) {
    v1::FlowNode* node = add_node(ReferrerNodeId(referrer), v1::FLOW_NODE_KIND_REFERRER, false);
    if (node != nullptr) node->set_key(referrer);
  }
  for (const auto& [platform_id, period] : counts.platforms) {
    v1::FlowNode* node = add_node(PlatformNodeId(platform_id), v1::FLOW_NODE_KIND_PLATFORM, true);
    node->set_key(platform_id);
    node->set_in_scope(true);
    // Its edges in and out each add up to its active stays: the total is
    // that, not their sum.
    node->mutable_total()->set_value(active_of[platform_id]);
  }
  for (const std::string& platform_id : other_platforms) {
    v1::FlowNode* node = add_node(PlatformNodeId(platform_id), v1::FLOW_NODE_KIND_PLATFORM, false);
    if (node != nullptr) node->set_key(platform_id);
  }
  for (v1::OutcomeCategory category : categories) {
    v1::FlowNode* node = add_node(OutcomeNodeId(category), v1::FLOW_NODE_KIND_OUTCOME, false);
    if (node != nullptr) node->set_outcome_category(category);
  }
  add_node(kOngoingNodeId, v1::FLOW_NODE_KIND_ONGOING, false);

  for (const auto& [key, n] : edges) {
    v1::FlowEdge& edge = *graph.add_edges();
    edge.set_kind(std::get<0>(key));
    edge.set_from_node_id(std::get<1>(key));
    edge.set_to_node_id(std::get<2>(key));
    edge.mutable_count()->set_value(n);
  }
  return graph;
}

absl::Status SuppressFlowGraph(int64_t k, v1::GetFlowGraphResponse& graph) {
  if (k < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("the small-cell threshold must be at least 1, not ", k));
  }
  if (k == 1) return absl::OkStatus();
  // Suppress a copy: a graph that does not add up is left as it was.
  v1::GetFlowGraphResponse suppressed = graph;
  std::vector<v1::Count*> cells;
  disclosure::SuppressionTable table;
  auto cell = [&cells, &table](v1::Count& count) {
    cells.push_back(&count);
    table.counts.push_back(count.value());
    return cells.size() - 1;
  };
  struct GraphNodeCells {
    size_t total = 0;
    bool in_scope = false;
    std::vector<size_t> in;
    std::vector<size_t> out;
  };
  std::map<std::string, GraphNodeCells> nodes;
  for (v1::FlowNode& node : *suppressed.mutable_nodes()) {
    GraphNodeCells entry;
    entry.total = cell(*node.mutable_total());
    entry.in_scope = node.in_scope();
    if (!nodes.emplace(node.node_id(), std::move(entry)).second) {
      return absl::InvalidArgumentError(absl::StrCat("node ", node.node_id(), " is listed twice"));
    }
  }
  for (v1::FlowEdge& edge : *suppressed.mutable_edges()) {
    auto from = nodes.find(edge.from_node_id());
    auto to = nodes.find(edge.to_node_id());
    if (from == nodes.end() || to == nodes.end()) {
      return absl::InvalidArgumentError(absl::StrCat("the edge ", edge.from_node_id(), " -> ",
                                                     edge.to_node_id(), " names a missing node"));
    }
    const size_t index = cell(*edge.mutable_count());
    from->second.out.push_back(index);
    to->second.in.push_back(index);
  }
  // Relations in node order, so that complements are chosen the same way
  // every time.
  for (const v1::FlowNode& node : suppressed.nodes()) {
    const GraphNodeCells& entry = nodes.at(node.node_id());
    if (entry.in_scope) {
      if (!entry.in.empty()) table.relations.push_back({entry.total, entry.in});
      if (!entry.out.empty()) table.relations.push_back({entry.total, entry.out});
      continue;
    }
    std::vector<size_t> parts = entry.in;
    parts.insert(parts.end(), entry.out.begin(), entry.out.end());
    if (!parts.empty()) table.relations.push_back({entry.total, std::move(parts)});
  }
  absl::StatusOr<disclosure::SuppressionResult> result = disclosure::SuppressSmallCells(table, k);
  if (absl::IsInvalidArgument(result.status())) {
    return absl::InvalidArgumentError(
        absl::StrCat("the flow graph does not add up: ", result.status().message()));
  }
  TORG_RETURN_IF_ERROR(result.status());
  for (size_t i = 0; i < cells.size(); ++i) {
    if (!result->suppressed[i]) continue;
    cells[i]->set_value(0);
    cells[i]->set_suppressed(true);
  }
  suppressed.set_suppression_threshold(static_cast<int32_t>(k));
  graph = std::move(suppressed);
  return absl::OkStatus();
}

}  // namespace torg::flows
