#ifndef TORG_SERVICES_FLOWS_LEAD_TIMES_H_
#define TORG_SERVICES_FLOWS_LEAD_TIMES_H_

// The steering groups' lead times, put together from the flow ledger's
// histograms (flowledger::LeadTimeCounts), and protected for a caller who may
// not see every case counted. Plain C++: the gRPC adapter is flow_service.h.
// The definitions are in proto/torg/v1/flow_service.proto.

#include <array>
#include <cstdint>

#include "absl/status/status.h"
#include "services/flowledger/flow_ledger_reader.h"
#include "torg/v1/flow_service.pb.h"

namespace torg::flows {

// The count and nearest-rank median, p75 and p90 of `histogram`, exact
// (withheld false). All zero for an empty histogram. Durations beyond the
// int32 range are clamped to it.
v1::LeadTime BuildLeadTime(const flowledger::DurationHistogram& histogram);

// The response of `query` from its `counts`, exact (suppression_threshold 0).
v1::GetLeadTimesResponse BuildLeadTimes(const flowledger::PeriodQuery& query,
                                        const flowledger::LeadTimeCounts& counts);

// The four lead times of `response`, in the order of its fields.
std::array<v1::LeadTime*, 4> LeadTimesOf(v1::GetLeadTimesResponse& response);

// Withholds the statistics of `lead_time` (zero percentiles, withheld true)
// when its count is below `k` or suppressed; its count is left as it is.
void WithholdSmallLeadTime(int64_t k, v1::LeadTime& lead_time);

// Protects `response`, as BuildLeadTimes made it, for a caller whose small
// counts are suppressed: each count from 1 to k−1 is suppressed (the four
// counts are in no sum, so no complement is needed), and the statistics of
// each lead time with fewer than k durations are withheld (a median of two
// durations tells each one). suppression_threshold is set to k. k == 1
// changes nothing (threshold left 0). INVALID_ARGUMENT when k < 1 or a count
// is negative (nothing is changed).
absl::Status SuppressLeadTimes(int64_t k, v1::GetLeadTimesResponse& response);

}  // namespace torg::flows

#endif  // TORG_SERVICES_FLOWS_LEAD_TIMES_H_
