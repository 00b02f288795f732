#ifndef TORG_SERVICES_FLOWS_TREND_PERIODS_H_
#define TORG_SERVICES_FLOWS_TREND_PERIODS_H_

// How a trend (FlowService.GetTrend) divides its range into calendar
// periods.

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "torg/v1/flow_service.pb.h"

namespace torg::flows {

// The most periods one trend reports: ten years of months.
inline constexpr int kMaxTrendPeriods = 120;

// A period, both days included.
struct CalendarPeriod {
  absl::CivilDay first_day;
  absl::CivilDay last_day;
};

// The whole months, quarters or half-years from the one holding `from` to
// the one holding `to`, oldest first. INVALID_ARGUMENT when `to` is before
// `from`, the granularity is UNSPECIFIED (or unknown), or there would be
// more than kMaxTrendPeriods periods.
absl::StatusOr<std::vector<CalendarPeriod>> TrendPeriods(absl::CivilDay from, absl::CivilDay to,
                                                         v1::TrendGranularity granularity);

}  // namespace torg::flows

#endif  // TORG_SERVICES_FLOWS_TREND_PERIODS_H_
