// How a trend's range is divided into calendar periods.

#include "services/flows/trend_periods.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace torg::flows {
namespace {

using ::testing::HasSubstr;
using ::torg::testing::StatusIs;

std::vector<std::string> Spans(const std::vector<CalendarPeriod>& periods) {
  std::vector<std::string> spans;
  for (const CalendarPeriod& period : periods) {
    spans.push_back(absl::FormatCivilTime(period.first_day) + ".." +
                    absl::FormatCivilTime(period.last_day));
  }
  return spans;
}

TEST(TrendPeriodsTest, MonthsCoverWholeMonthsFromTheFirstDayToTheLast) {
  ASSERT_OK_AND_ASSIGN(const std::vector<CalendarPeriod> periods,
                       TrendPeriods(absl::CivilDay(2024, 1, 15), absl::CivilDay(2024, 3, 2),
                                    v1::TREND_GRANULARITY_MONTH));
  EXPECT_THAT(Spans(periods), ::testing::ElementsAre("2024-01-01..2024-01-31",
                                                     "2024-02-01..2024-02-29",  // leap year
                                                     "2024-03-01..2024-03-31"));
}

TEST(TrendPeriodsTest, QuartersAndHalfYearsStartInJanuary) {
  ASSERT_OK_AND_ASSIGN(const std::vector<CalendarPeriod> quarters,
                       TrendPeriods(absl::CivilDay(2025, 11, 30), absl::CivilDay(2026, 4, 1),
                                    v1::TREND_GRANULARITY_QUARTER));
  EXPECT_THAT(Spans(quarters),
              ::testing::ElementsAre("2025-10-01..2025-12-31", "2026-01-01..2026-03-31",
                                     "2026-04-01..2026-06-30"));
  ASSERT_OK_AND_ASSIGN(const std::vector<CalendarPeriod> halves,
                       TrendPeriods(absl::CivilDay(2026, 6, 30), absl::CivilDay(2026, 7, 1),
                                    v1::TREND_GRANULARITY_HALF_YEAR));
  EXPECT_THAT(Spans(halves),
              ::testing::ElementsAre("2026-01-01..2026-06-30", "2026-07-01..2026-12-31"));
}

TEST(TrendPeriodsTest, OneDayIsOnePeriod) {
  ASSERT_OK_AND_ASSIGN(const std::vector<CalendarPeriod> periods,
                       TrendPeriods(absl::CivilDay(2026, 2, 10), absl::CivilDay(2026, 2, 10),
                                    v1::TREND_GRANULARITY_MONTH));
  EXPECT_THAT(Spans(periods), ::testing::ElementsAre("2026-02-01..2026-02-28"));
}

TEST(TrendPeriodsTest, BadRangesAreRefused) {
  EXPECT_THAT(TrendPeriods(absl::CivilDay(2026, 2, 1), absl::CivilDay(2026, 1, 31),
                           v1::TREND_GRANULARITY_MONTH),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("before from_day")));
  EXPECT_THAT(TrendPeriods(absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 1, 31),
                           v1::TREND_GRANULARITY_UNSPECIFIED),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("granularity is required")));
  // Ten years of months is the most; one more month is too many.
  EXPECT_TRUE(TrendPeriods(absl::CivilDay(2016, 1, 1), absl::CivilDay(2025, 12, 31),
                           v1::TREND_GRANULARITY_MONTH)
                  .ok());
  EXPECT_THAT(TrendPeriods(absl::CivilDay(2016, 1, 1), absl::CivilDay(2026, 1, 1),
                           v1::TREND_GRANULARITY_MONTH),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("121 periods; at most 120")));
}

}  // namespace
}  // namespace torg::flows
