// The period report put together from ledger counts, and its suppression:
// which rows appear in which order, and that the sums the definitions
// promise (gender totals, splits, active = ongoing + closed + moved out,
// accepted = enrolled) are all respected when small counts are hidden.

#include "services/flows/period_report.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace torg::flows {
namespace {

using flowledger::PeriodCounts;
using flowledger::PeriodQuery;
using flowledger::StayCell;
using ::testing::HasSubstr;
using ::torg::testing::IsOk;
using ::torg::testing::StatusIs;

PeriodQuery PlatformQuery() {
  PeriodQuery query;
  query.platform_id = "ungdomstorget";
  query.first_day = absl::CivilDay(2026, 1, 1);
  query.last_day = absl::CivilDay(2026, 6, 30);
  return query;
}

StayCell Cell(v1::Gender gender, const char* band, const char* kommun = "2480",
              const char* referrer = "af") {
  return StayCell{gender, band, kommun, referrer};
}

// 20 women and 3 men, all still there; the men referred by fk from Vännäs.
PeriodCounts TwentyWomenThreeMen() {
  PeriodCounts counts;
  counts.log_position = 42;
  counts.active[Cell(v1::GENDER_WOMAN, "20-24")] = 12;
  counts.active[Cell(v1::GENDER_WOMAN, "16-19")] = 8;
  counts.active[Cell(v1::GENDER_MAN, "25-29", "2460", "fk")] = 3;
  counts.ongoing_at_end = counts.active;
  counts.enrolled = counts.active;
  counts.referrals_received = {{v1::GENDER_WOMAN, 20}, {v1::GENDER_MAN, 3}};
  counts.accepted = counts.referrals_received;
  return counts;
}

TEST(CategoryOfTest, EveryOutcomeHasTheCategoryOfItsPrefix) {
  EXPECT_EQ(CategoryOf(v1::CLOSURE_OUTCOME_WORK_SUBSIDISED), v1::OUTCOME_CATEGORY_WORK);
  EXPECT_EQ(CategoryOf(v1::CLOSURE_OUTCOME_STUDIES), v1::OUTCOME_CATEGORY_STUDIES);
  EXPECT_EQ(CategoryOf(v1::CLOSURE_OUTCOME_NEED_ADAPTED_SICKNESS_COMPENSATION),
            v1::OUTCOME_CATEGORY_NEED_ADAPTED);
  EXPECT_EQ(CategoryOf(v1::CLOSURE_OUTCOME_OTHER_DECEASED), v1::OUTCOME_CATEGORY_OTHER);
  EXPECT_EQ(CategoryOf(v1::CLOSURE_OUTCOME_UNSPECIFIED), v1::OUTCOME_CATEGORY_UNSPECIFIED);
}

TEST(BuildPeriodReportTest, SplitsAreInTheirOrderAndAddUp) {
  const v1::GetPeriodReportResponse report =
      BuildPeriodReport(PlatformQuery(), TwentyWomenThreeMen());
  EXPECT_EQ(report.platform_id(), "ungdomstorget");
  EXPECT_EQ(report.log_position(), 42u);
  EXPECT_EQ(report.last_day().month(), 6);
  EXPECT_EQ(report.active().total().women().value(), 20);
  EXPECT_EQ(report.active().total().men().value(), 3);
  EXPECT_EQ(report.active().total().total().value(), 23);
  ASSERT_EQ(report.active().by_age_band_size(), 3);
  EXPECT_EQ(report.active().by_age_band(0).key(), "16-19");  // youngest first
  EXPECT_EQ(report.active().by_age_band(1).key(), "20-24");
  EXPECT_EQ(report.active().by_age_band(2).key(), "25-29");
  EXPECT_EQ(report.active().by_age_band(2).counts().men().value(), 3);
  ASSERT_EQ(report.active().by_kommun_size(), 2);
  EXPECT_EQ(report.active().by_kommun(0).key(), "2460");
  EXPECT_EQ(report.active().by_kommun(1).counts().women().value(), 20);
  ASSERT_EQ(report.active().by_referring_party_size(), 2);
  EXPECT_EQ(report.active().by_referring_party(1).key(), "fk");
  // Every category, even with nothing closed; no outcome rows.
  EXPECT_EQ(report.closed().by_category_size(), 4);
  EXPECT_EQ(report.closed().by_outcome_size(), 0);
  EXPECT_TRUE(report.moved_out().has_total());
  EXPECT_EQ(report.moved_out().total().value(), 0);
}

TEST(BuildPeriodReportTest, ClosedOutcomesAddUpToTheirCategories) {
  PeriodCounts counts;
  counts.closed[{v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED, v1::GENDER_WOMAN}] = 2;
  counts.closed[{v1::CLOSURE_OUTCOME_WORK_SUBSIDISED, v1::GENDER_MAN}] = 1;
  counts.closed[{v1::CLOSURE_OUTCOME_OTHER_MOVED, v1::GENDER_OTHER}] = 4;
  const v1::GetPeriodReportResponse report = BuildPeriodReport(PlatformQuery(), counts);
  EXPECT_EQ(report.closed().total().total().value(), 7);
  ASSERT_EQ(report.closed().by_category_size(), 4);
  EXPECT_EQ(report.closed().by_category(0).category(), v1::OUTCOME_CATEGORY_WORK);
  EXPECT_EQ(report.closed().by_category(0).counts().total().value(), 3);
  EXPECT_EQ(report.closed().by_category(1).counts().total().value(), 0);
  EXPECT_EQ(report.closed().by_category(3).counts().other().value(), 4);
  ASSERT_EQ(report.closed().by_outcome_size(), 3);
  EXPECT_EQ(report.closed().by_outcome(2).outcome(), v1::CLOSURE_OUTCOME_OTHER_MOVED);
  EXPECT_EQ(report.closed().by_outcome(2).category(), v1::OUTCOME_CATEGORY_OTHER);
}

TEST(SuppressSmallCountsTest, ThreeMenAreHiddenWithEnoughElseThatTheyCannotBeWorkedOut) {
  v1::GetPeriodReportResponse report = BuildPeriodReport(PlatformQuery(), TwentyWomenThreeMen());
  ASSERT_THAT(SuppressSmallCounts(5, report), IsOk());
  EXPECT_EQ(report.suppression_threshold(), 5);
  const v1::GenderCounts& active = report.active().total();
  EXPECT_TRUE(active.men().suppressed());
  EXPECT_EQ(active.men().value(), 0);
  // men = total - women - other: one of those must be hidden too.
  EXPECT_TRUE(active.women().suppressed() || active.total().suppressed());
  // The same three men are the accepted referrals and the received ones.
  EXPECT_TRUE(report.referrals().accepted().men().suppressed());
  EXPECT_TRUE(report.referrals().received().men().suppressed());
  // Zeros are not small.
  EXPECT_FALSE(report.moved_in().total().suppressed());
  EXPECT_FALSE(report.closed().total().total().suppressed());
}

TEST(SuppressSmallCountsTest, AClosedCountCannotBeWorkedOutFromActiveMinusOngoing) {
  // 10 women active, 2 closed, 8 ongoing: hiding only the 2 would leave it
  // as active - ongoing - moved out = 10 - 8 - 0.
  PeriodCounts counts;
  counts.active[Cell(v1::GENDER_WOMAN, "20-24")] = 10;
  counts.ongoing_at_end[Cell(v1::GENDER_WOMAN, "20-24")] = 8;
  counts.closed_by_cell[Cell(v1::GENDER_WOMAN, "20-24")] = 2;
  counts.closed[{v1::CLOSURE_OUTCOME_STUDIES, v1::GENDER_WOMAN}] = 2;
  v1::GetPeriodReportResponse report = BuildPeriodReport(PlatformQuery(), counts);
  ASSERT_THAT(SuppressSmallCounts(5, report), IsOk());
  EXPECT_TRUE(report.closed().total().women().suppressed());
  const bool partner_hidden = report.active().total().women().suppressed() ||
                              report.ongoing_at_end().total().women().suppressed() ||
                              report.moved_out().women().suppressed();
  EXPECT_TRUE(partner_hidden);
}

TEST(SuppressSmallCountsTest, ThresholdOneChangesNothing) {
  const v1::GetPeriodReportResponse built =
      BuildPeriodReport(PlatformQuery(), TwentyWomenThreeMen());
  v1::GetPeriodReportResponse report = built;
  ASSERT_THAT(SuppressSmallCounts(1, report), IsOk());
  EXPECT_EQ(report.SerializeAsString(), built.SerializeAsString());
}

TEST(SuppressSmallCountsTest, BadThresholdOrInconsistentCountsAreRefusedAndChangeNothing) {
  v1::GetPeriodReportResponse report = BuildPeriodReport(PlatformQuery(), TwentyWomenThreeMen());
  EXPECT_THAT(SuppressSmallCounts(0, report),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at least 1")));
  // Enrolled no longer equals accepted.
  report.mutable_referrals()->mutable_accepted()->mutable_women()->set_value(19);
  report.mutable_referrals()->mutable_accepted()->mutable_total()->set_value(22);
  const std::string before = report.SerializeAsString();
  EXPECT_THAT(SuppressSmallCounts(5, report),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("do not add up")));
  EXPECT_EQ(report.SerializeAsString(), before);
}

}  // namespace
}  // namespace torg::flows
