// The period report put together from ledger counts, and its suppression:
// which rows appear in which order, and that the sums the definitions
// promise (gender totals, splits, active = ongoing + closed + moved out,
// accepted = enrolled) are all respected when small counts are hidden.

#include "services/flows/period_report.h"

#include <tuple>
#include <vector>

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

// --- Flagged stays and the share with a study activity ------------------------------

constexpr v1::CaseFlag kViolenceFlag = v1::CASE_FLAG_VIOLENCE_IN_CLOSE_RELATIONSHIP;
constexpr v1::CaseFlag kRiskUseFlag = v1::CASE_FLAG_RISK_USE_OR_ABUSE;

TEST(BuildPeriodReportTest, FlaggedRowsForEveryFlagAndTheStudyShareByGender) {
  PeriodCounts counts = TwentyWomenThreeMen();
  counts.flagged[{kViolenceFlag, v1::GENDER_WOMAN}] = 2;
  counts.flagged[{kViolenceFlag, v1::GENDER_MAN}] = 1;
  counts.with_study_activity = {{v1::GENDER_WOMAN, 5}};
  const v1::GetPeriodReportResponse report = BuildPeriodReport(PlatformQuery(), counts);

  ASSERT_EQ(report.flagged_size(), 2);
  EXPECT_EQ(report.flagged(0).flag(), kViolenceFlag);
  EXPECT_EQ(report.flagged(0).counts().women().value(), 2);
  EXPECT_EQ(report.flagged(0).counts().men().value(), 1);
  EXPECT_EQ(report.flagged(0).counts().total().value(), 3);
  // Every flag, also when nobody carries it.
  EXPECT_EQ(report.flagged(1).flag(), kRiskUseFlag);
  EXPECT_TRUE(report.flagged(1).counts().has_total());
  EXPECT_EQ(report.flagged(1).counts().total().value(), 0);

  const v1::StudiesFigure& studies = report.studies();
  EXPECT_EQ(studies.with_study_activity().women().value(), 5);
  EXPECT_EQ(studies.with_study_activity().total().value(), 5);
  EXPECT_EQ(studies.active().women().value(), 20);
  EXPECT_EQ(studies.active().total().value(), 23);
  // 5 of 20 women, 0 of 3 men, nobody of no other, 5 of 23 in all.
  EXPECT_DOUBLE_EQ(studies.share().women().percent(), 25.0);
  EXPECT_DOUBLE_EQ(studies.share().men().percent(), 0.0);
  EXPECT_FALSE(studies.share().men().no_denominator());
  EXPECT_DOUBLE_EQ(studies.share().other().percent(), 0.0);
  EXPECT_TRUE(studies.share().other().no_denominator());
  EXPECT_DOUBLE_EQ(studies.share().total().percent(), 500.0 / 23.0);
  EXPECT_FALSE(studies.share().total().withheld());
}

TEST(SuppressSmallCountsTest, ASmallFlaggedCountIsHiddenWithItsTotal) {
  // 3 of the 20 women flagged for violence, no man: the 3 is small, and the
  // flag's total (3) would tell it: both hidden.
  PeriodCounts counts = TwentyWomenThreeMen();
  counts.flagged[{kViolenceFlag, v1::GENDER_WOMAN}] = 3;
  v1::GetPeriodReportResponse report = BuildPeriodReport(PlatformQuery(), counts);
  ASSERT_THAT(SuppressSmallCounts(5, report), IsOk());
  const v1::GenderCounts& violence = report.flagged(0).counts();
  EXPECT_TRUE(violence.women().suppressed());
  EXPECT_EQ(violence.women().value(), 0);
  EXPECT_TRUE(violence.total().suppressed());
  // Zeros are published.
  EXPECT_FALSE(violence.men().suppressed());
  EXPECT_FALSE(report.flagged(1).counts().total().suppressed());
}

TEST(SuppressSmallCountsTest, AllButTwoFlaggedIsHiddenTooSinceTheTwoWouldShow) {
  // 20 women, 18 of them flagged: publishing 18 beside the 20 active would
  // tell that 2 are not. The 18 is hidden (secondary), and so is the flag's
  // total, which would tell it again; the active women stay published.
  PeriodCounts counts;
  counts.active[Cell(v1::GENDER_WOMAN, "20-24")] = 20;
  counts.ongoing_at_end = counts.active;
  counts.flagged[{kRiskUseFlag, v1::GENDER_WOMAN}] = 18;
  v1::GetPeriodReportResponse report = BuildPeriodReport(PlatformQuery(), counts);
  ASSERT_THAT(SuppressSmallCounts(5, report), IsOk());
  EXPECT_FALSE(report.active().total().women().suppressed());
  EXPECT_EQ(report.active().total().women().value(), 20);
  const v1::GenderCounts& risk_use = report.flagged(1).counts();
  EXPECT_TRUE(risk_use.women().suppressed());
  EXPECT_TRUE(risk_use.total().suppressed());
  // Nobody is flagged for violence: 20 − 0 = 20 reveals no small number.
  EXPECT_FALSE(report.flagged(0).counts().women().suppressed());
}

TEST(SuppressSmallCountsTest, EveryoneOfAGroupFlaggedIsHiddenThoughNoCountIsSmall) {
  // All 20 women flagged for violence: no count is small, but publishing 20
  // beside the 20 active says of each woman on the platform that she is
  // exposed to violence. The flagged women are hidden, and (secondary
  // suppression) enough else that they cannot be worked out.
  PeriodCounts counts;
  counts.active[Cell(v1::GENDER_WOMAN, "20-24")] = 20;
  counts.ongoing_at_end = counts.active;
  counts.flagged[{kViolenceFlag, v1::GENDER_WOMAN}] = 20;
  v1::GetPeriodReportResponse report = BuildPeriodReport(PlatformQuery(), counts);
  ASSERT_THAT(SuppressSmallCounts(5, report), IsOk());
  const v1::GenderCounts& violence = report.flagged(0).counts();
  EXPECT_TRUE(violence.women().suppressed());
  EXPECT_TRUE(violence.total().suppressed());

  // Every woman studying is no secret: without a flag, nothing is hidden
  // for it.
  PeriodCounts studying;
  studying.active[Cell(v1::GENDER_WOMAN, "20-24")] = 20;
  studying.ongoing_at_end = studying.active;
  studying.with_study_activity = {{v1::GENDER_WOMAN, 20}};
  v1::GetPeriodReportResponse all_study = BuildPeriodReport(PlatformQuery(), studying);
  ASSERT_THAT(SuppressSmallCounts(5, all_study), IsOk());
  EXPECT_FALSE(all_study.active().total().women().suppressed());
  EXPECT_FALSE(all_study.studies().with_study_activity().women().suppressed());
  EXPECT_EQ(all_study.studies().with_study_activity().women().value(), 20);

  // Coordinators who see every case counted (k = 1) see it as it is.
  v1::GetPeriodReportResponse exact = BuildPeriodReport(PlatformQuery(), counts);
  ASSERT_THAT(SuppressSmallCounts(1, exact), IsOk());
  EXPECT_EQ(exact.flagged(0).counts().women().value(), 20);
}

TEST(SuppressSmallCountsTest, AStudyShareIsWithheldWhereEitherCountIsHidden) {
  PeriodCounts counts = TwentyWomenThreeMen();
  counts.with_study_activity = {{v1::GENDER_WOMAN, 10}, {v1::GENDER_MAN, 1}};
  v1::GetPeriodReportResponse report = BuildPeriodReport(PlatformQuery(), counts);
  ASSERT_THAT(SuppressSmallCounts(5, report), IsOk());
  const v1::StudiesFigure& studies = report.studies();
  // One man with studies: small, hidden.
  EXPECT_TRUE(studies.with_study_activity().men().suppressed());
  // The denominator is the active total, as suppressed.
  EXPECT_EQ(studies.active().SerializeAsString(), report.active().total().SerializeAsString());
  // Each share: withheld exactly when a count behind it is hidden, else the
  // exact share of the unsuppressed counts (10 of 20 women, 11 of 23).
  const std::vector<std::tuple<const v1::Count*, const v1::Count*, const v1::Share*, double>> rows =
      {{&studies.with_study_activity().women(), &studies.active().women(), &studies.share().women(),
        50.0},
       {&studies.with_study_activity().men(), &studies.active().men(), &studies.share().men(),
        100.0 / 3.0},
       {&studies.with_study_activity().total(), &studies.active().total(), &studies.share().total(),
        1100.0 / 23.0}};
  for (const auto& [numerator, denominator, share, expected] : rows) {
    const bool hidden = numerator->suppressed() || denominator->suppressed();
    EXPECT_EQ(share->withheld(), hidden);
    EXPECT_DOUBLE_EQ(share->percent(), hidden ? 0.0 : expected);
  }
  EXPECT_TRUE(studies.share().men().withheld());
}

}  // namespace
}  // namespace torg::flows
