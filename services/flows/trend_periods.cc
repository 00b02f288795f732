#include "services/flows/trend_periods.h"

#include "absl/strings/str_cat.h"

namespace torg::flows {

namespace {

// Months per period; 0 for a granularity that is not one.
int MonthsPerPeriod(v1::TrendGranularity granularity) {
  switch (granularity) {
    case v1::TREND_GRANULARITY_MONTH:
      return 1;
    case v1::TREND_GRANULARITY_QUARTER:
      return 3;
    case v1::TREND_GRANULARITY_HALF_YEAR:
      return 6;
    default:
      return 0;
  }
}

// The first month of the period holding `day`: periods of `months` months
// start in January.
absl::CivilMonth PeriodStart(absl::CivilDay day, int months) {
  const int month_index = (day.month() - 1) / months * months;
  return absl::CivilMonth(day.year(), month_index + 1);
}

}  // namespace

absl::StatusOr<std::vector<CalendarPeriod>> TrendPeriods(absl::CivilDay from, absl::CivilDay to,
                                                         v1::TrendGranularity granularity) {
  const int months = MonthsPerPeriod(granularity);
  if (months == 0) {
    return absl::InvalidArgumentError(
        "granularity is required: TREND_GRANULARITY_MONTH, _QUARTER or _HALF_YEAR");
  }
  if (to < from) {
    return absl::InvalidArgumentError(absl::StrCat(
        "to_day ", absl::FormatCivilTime(to), " is before from_day ", absl::FormatCivilTime(from)));
  }
  const absl::CivilMonth first = PeriodStart(from, months);
  const absl::CivilMonth last = PeriodStart(to, months);
  const int64_t count = (last - first) / months + 1;
  if (count > kMaxTrendPeriods) {
    return absl::InvalidArgumentError(absl::StrCat("the range holds ", count, " periods; at most ",
                                                   kMaxTrendPeriods, " are reported at once"));
  }
  std::vector<CalendarPeriod> periods;
  for (absl::CivilMonth start = first; start <= last; start += months) {
    const absl::CivilDay first_day(start);
    const absl::CivilDay last_day = absl::CivilDay(start + months) - 1;
    periods.push_back({first_day, last_day});
  }
  return periods;
}

}  // namespace torg::flows
