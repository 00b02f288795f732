#include "services/flows/handover_flows.h"

#include <set>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/disclosure/suppression.h"
#include "services/flows/lead_times.h"

namespace torg::flows {

namespace {

v1::Date HandoverFlowsProtoDate(absl::CivilDay day) {
  v1::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

int64_t HandoverCountOf(const std::map<flowledger::HandoverFlowKey, int64_t>& counts,
                        const flowledger::HandoverFlowKey& flow) {
  auto it = counts.find(flow);
  return it == counts.end() ? 0 : it->second;
}

}  // namespace

v1::GetHandoverFlowsResponse BuildHandoverFlows(const flowledger::PeriodQuery& query,
                                                const flowledger::HandoverFlowCounts& counts) {
  v1::GetHandoverFlowsResponse response;
  response.set_platform_id(query.platform_id);
  *response.mutable_first_day() = HandoverFlowsProtoDate(query.first_day);
  *response.mutable_last_day() = HandoverFlowsProtoDate(query.last_day);
  response.set_log_position(counts.log_position);
  std::set<flowledger::HandoverFlowKey> flows;
  for (const auto& [flow, n] : counts.accepted) flows.insert(flow);
  for (const auto& [flow, n] : counts.rejected) flows.insert(flow);
  int64_t accepted = 0;
  int64_t rejected = 0;
  flowledger::DurationHistogram all_waiting;
  static const flowledger::DurationHistogram kNoWaiting;
  for (const flowledger::HandoverFlowKey& key : flows) {
    v1::HandoverFlow& flow = *response.add_flows();
    flow.set_kind(key.kind);
    flow.set_from_id(key.from);
    flow.set_to_id(key.to);
    flow.mutable_accepted()->set_value(HandoverCountOf(counts.accepted, key));
    flow.mutable_rejected()->set_value(HandoverCountOf(counts.rejected, key));
    auto waiting = counts.waiting.find(key);
    const flowledger::DurationHistogram& histogram =
        waiting == counts.waiting.end() ? kNoWaiting : waiting->second;
    *flow.mutable_waiting() = BuildLeadTime(histogram);
    for (const auto& [days, n] : histogram) all_waiting[days] += n;
    accepted += flow.accepted().value();
    rejected += flow.rejected().value();
  }
  response.mutable_accepted()->set_value(accepted);
  response.mutable_rejected()->set_value(rejected);
  response.mutable_deviations_open_at_end()->set_value(counts.deviations_open_at_end);
  *response.mutable_waiting() = BuildLeadTime(all_waiting);
  return response;
}

absl::StatusOr<std::vector<size_t>> AddHandoverFlowCells(v1::GetHandoverFlowsResponse& response,
                                                         CountTable& table) {
  const size_t accepted_total = table.Add(*response.mutable_accepted());
  const size_t rejected_total = table.Add(*response.mutable_rejected());
  table.Add(*response.mutable_deviations_open_at_end());
  std::vector<size_t> accepted;
  std::vector<size_t> rejected;
  for (v1::HandoverFlow& flow : *response.mutable_flows()) {
    if (flow.waiting().count().value() != flow.accepted().value()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the flow ", flow.from_id(), " -> ", flow.to_id(), " has ", flow.accepted().value(),
          " accepted handovers but ", flow.waiting().count().value(), " waiting times"));
    }
    accepted.push_back(table.Add(*flow.mutable_accepted()));
    rejected.push_back(table.Add(*flow.mutable_rejected()));
  }
  if (response.waiting().count().value() != response.accepted().value()) {
    return absl::InvalidArgumentError("the waiting times are not one per accepted handover");
  }
  table.Relate(accepted_total, accepted);
  table.Relate(rejected_total, std::move(rejected));
  return accepted;
}

void WithholdSmallWaitingTimes(int64_t k, v1::GetHandoverFlowsResponse& response) {
  // A waiting time's count is its accepted count: it shares its fate.
  for (v1::HandoverFlow& flow : *response.mutable_flows()) {
    *flow.mutable_waiting()->mutable_count() = flow.accepted();
    WithholdSmallLeadTime(k, *flow.mutable_waiting());
  }
  *response.mutable_waiting()->mutable_count() = response.accepted();
  WithholdSmallLeadTime(k, *response.mutable_waiting());
}

absl::Status SuppressHandoverFlows(int64_t k, v1::GetHandoverFlowsResponse& response) {
  if (k < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("the small-cell threshold must be at least 1, not ", k));
  }
  if (k == 1) return absl::OkStatus();
  // Suppress a copy: a response whose counts do not add up is left as it was.
  v1::GetHandoverFlowsResponse suppressed = response;
  CountTable table;
  absl::StatusOr<std::vector<size_t>> added = AddHandoverFlowCells(suppressed, table);
  absl::Status status = added.ok() ? table.Suppress(k) : added.status();
  if (absl::IsInvalidArgument(status)) {
    return absl::InvalidArgumentError(
        absl::StrCat("the handover flows do not add up: ", status.message()));
  }
  TORG_RETURN_IF_ERROR(status);
  WithholdSmallWaitingTimes(k, suppressed);
  suppressed.set_suppression_threshold(static_cast<int32_t>(k));
  response = std::move(suppressed);
  return absl::OkStatus();
}

}  // namespace torg::flows
