// How `torgctl report period` shows a report: Swedish labels, ".." for a
// suppressed count, moves only for a platform.

#include "clients/torgctl/report_output.h"

#include <set>
#include <string>

#include "clients/torgctl/cli_parsing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace torg::torgctl {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A count of `value`; a negative one is suppressed.
torg::v1::Count ReportTestCount(int64_t value) {
  torg::v1::Count count;
  if (value < 0) {
    count.set_suppressed(true);
  } else {
    count.set_value(value);
  }
  return count;
}

// Women, men, other, total; -1 for a suppressed count.
torg::v1::GenderCounts ReportTestCounts(int64_t women, int64_t men, int64_t other, int64_t total) {
  torg::v1::GenderCounts counts;
  *counts.mutable_women() = ReportTestCount(women);
  *counts.mutable_men() = ReportTestCount(men);
  *counts.mutable_other() = ReportTestCount(other);
  *counts.mutable_total() = ReportTestCount(total);
  return counts;
}

void AddReportTestRow(google::protobuf::RepeatedPtrField<torg::v1::SplitRow>* rows,
                      const std::string& key, const torg::v1::GenderCounts& counts) {
  torg::v1::SplitRow& row = *rows->Add();
  row.set_key(key);
  *row.mutable_counts() = counts;
}

// Ungdomstorget's first half of 2026 as a steering user sees it (k = 5).
torg::v1::GetPeriodReportResponse SmallPlatformReport() {
  torg::v1::GetPeriodReportResponse report;
  report.set_platform_id("ungdomstorget");
  *report.mutable_first_day() = *ParseDate("2026-01-01");
  *report.mutable_last_day() = *ParseDate("2026-06-30");
  report.set_log_position(1234);
  report.set_suppression_threshold(5);
  torg::v1::SplitFigure& active = *report.mutable_active();
  *active.mutable_total() = ReportTestCounts(12, 8, 0, 20);
  AddReportTestRow(active.mutable_by_age_band(), "16-19", ReportTestCounts(5, 5, 0, 10));
  AddReportTestRow(active.mutable_by_age_band(), "20-24", ReportTestCounts(7, -1, 0, 10));
  AddReportTestRow(active.mutable_by_kommun(), "2480", ReportTestCounts(12, 8, 0, 20));
  AddReportTestRow(active.mutable_by_referring_party(), "af", ReportTestCounts(7, -1, 0, 10));
  AddReportTestRow(active.mutable_by_referring_party(), "self", ReportTestCounts(5, -1, 0, 10));
  *report.mutable_enrolled()->mutable_total() = ReportTestCounts(-1, -1, 0, 9);
  *report.mutable_ongoing_at_end()->mutable_total() = ReportTestCounts(7, 5, 0, 12);
  torg::v1::ClosedFigure& closed = *report.mutable_closed();
  *closed.mutable_total() = ReportTestCounts(5, 0, 0, 5);
  for (const auto category :
       {torg::v1::OUTCOME_CATEGORY_WORK, torg::v1::OUTCOME_CATEGORY_STUDIES,
        torg::v1::OUTCOME_CATEGORY_NEED_ADAPTED, torg::v1::OUTCOME_CATEGORY_OTHER}) {
    torg::v1::OutcomeCategoryCount& count = *closed.add_by_category();
    count.set_category(category);
    *count.mutable_counts() = category == torg::v1::OUTCOME_CATEGORY_WORK
                                  ? ReportTestCounts(5, 0, 0, 5)
                                  : ReportTestCounts(0, 0, 0, 0);
  }
  torg::v1::OutcomeCount& work = *closed.add_by_outcome();
  work.set_outcome(torg::v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED);
  work.set_category(torg::v1::OUTCOME_CATEGORY_WORK);
  *work.mutable_counts() = ReportTestCounts(5, 0, 0, 5);
  *report.mutable_moved_in() = ReportTestCounts(0, 0, 0, 0);
  *report.mutable_moved_out() = ReportTestCounts(0, -1, 0, -1);
  torg::v1::ReferralFigures& referrals = *report.mutable_referrals();
  *referrals.mutable_received() = ReportTestCounts(8, 6, 0, 14);
  *referrals.mutable_accepted() = ReportTestCounts(-1, -1, 0, 9);
  *referrals.mutable_directed() = ReportTestCounts(0, 0, 0, 0);
  *referrals.mutable_declined() = ReportTestCounts(-1, -1, 0, 5);
  return report;
}

TEST(RenderPeriodReportTest, ASmallPlatformReport) {
  EXPECT_EQ(RenderPeriodReport(SmallPlatformReport()),
            "Periodrapport för ungdomstorget, 2026-01-01 – 2026-06-30, loggposition 1234\n"
            "Värden 1–4 och deras komplement är dolda (visas som \"..\")\n"
            "\n"
            "                                  Kvinnor  Män  Annat  Totalt\n"
            "Aktiva                                 12    8      0      20\n"
            "Nya (inskrivna)                        ..   ..      0       9\n"
            "Pågående vid periodens slut             7    5      0      12\n"
            "Avslutade                               5    0      0       5\n"
            "  Arbete                                5    0      0       5\n"
            "    Osubventionerat arbete              5    0      0       5\n"
            "    Subventionerat arbete               0    0      0       0\n"
            "    Eget företag                        0    0      0       0\n"
            "  Studier                               0    0      0       0\n"
            "    Studier på ordinarie villkor        0    0      0       0\n"
            "  Annan behovsanpassad lösning          0    0      0       0\n"
            "    Vård eller behandling               0    0      0       0\n"
            "    Annan myndighets insats             0    0      0       0\n"
            "    Beviljad sjukersättning             0    0      0       0\n"
            "    Övrig behovsanpassad lösning        0    0      0       0\n"
            "  Övriga avslut                         0    0      0       0\n"
            "    Flyttat                             0    0      0       0\n"
            "    Avböjt fortsatt deltagande          0    0      0       0\n"
            "    Kontakten upphörde                  0    0      0       0\n"
            "    Avliden                             0    0      0       0\n"
            "    Annan orsak                         0    0      0       0\n"
            "Inflyttade                              0    0      0       0\n"
            "Utflyttade                              0   ..      0      ..\n"
            "\n"
            "Aktualiseringar                         8    6      0      14\n"
            "Antagna                                ..   ..      0       9\n"
            "Hänvisade                               0    0      0       0\n"
            "Avböjda                                ..   ..      0       5\n"
            "\n"
            "Aktiva efter åldersgrupp, kommun och vem som aktualiserade:\n"
            "\n"
            "Åldersgrupp  Kvinnor  Män  Annat  Totalt\n"
            "16-19 år           5    5      0      10\n"
            "20-24 år           7   ..      0      10\n"
            "\n"
            "Kommun  Kvinnor  Män  Annat  Totalt\n"
            "2480         12    8      0      20\n"
            "\n"
            "Aktualiserad av     Kvinnor  Män  Annat  Totalt\n"
            "af                        7   ..      0      10\n"
            "egen aktualisering        5   ..      0      10\n");
}

TEST(RenderPeriodReportTest, AForbundReportHasNoMovesAndNoSuppressionLineWhenNoneIsHidden) {
  torg::v1::GetPeriodReportResponse report = SmallPlatformReport();
  report.clear_platform_id();
  report.set_suppression_threshold(0);
  const std::string text = RenderPeriodReport(report);
  EXPECT_THAT(text, HasSubstr("Periodrapport för hela förbundet, 2026-01-01 – 2026-06-30, "
                              "loggposition 1234\n\n"));
  EXPECT_THAT(text, Not(HasSubstr("Inflyttade")));
  EXPECT_THAT(text, Not(HasSubstr("Utflyttade")));
  EXPECT_THAT(text, Not(HasSubstr("dolda")));
  EXPECT_THAT(text, HasSubstr("Aktualiseringar"));
}

TEST(RenderPeriodReportTest, TheSuppressionLineNamesTheHiddenValues) {
  torg::v1::GetPeriodReportResponse report = SmallPlatformReport();
  report.set_suppression_threshold(3);
  EXPECT_THAT(RenderPeriodReport(report),
              HasSubstr("\nVärden 1–2 och deras komplement är dolda (visas som \"..\")\n"));
  report.set_suppression_threshold(2);
  EXPECT_THAT(RenderPeriodReport(report),
              HasSubstr("\nVärdet 1 och dess komplement är dolda (visas som \"..\")\n"));
}

TEST(RenderPeriodReportTest, AnOutcomeOfANewerServerIsListedUnderItsCategory) {
  torg::v1::GetPeriodReportResponse report = SmallPlatformReport();
  torg::v1::OutcomeCount& newer = *report.mutable_closed()->add_by_outcome();
  newer.set_outcome(static_cast<torg::v1::ClosureOutcome>(99));
  newer.set_category(torg::v1::OUTCOME_CATEGORY_OTHER);
  *newer.mutable_counts() = ReportTestCounts(0, 0, 0, 0);
  EXPECT_THAT(RenderPeriodReport(report), HasSubstr("    Annan orsak                         0  "
                                                    "  0      0       0\n"
                                                    "    99 "));
}

// A share of `percent`; negative: withheld.
torg::v1::Share ReportTestShare(double percent) {
  torg::v1::Share share;
  if (percent < 0) {
    share.set_withheld(true);
  } else {
    share.set_percent(percent);
  }
  return share;
}

TEST(RenderPeriodReportTest, FlaggedAndStudyRowsFollowTheReferralDecisions) {
  torg::v1::GetPeriodReportResponse report = SmallPlatformReport();
  torg::v1::FlaggedFigure& violence = *report.add_flagged();
  violence.set_flag(torg::v1::CASE_FLAG_VIOLENCE_IN_CLOSE_RELATIONSHIP);
  *violence.mutable_counts() = ReportTestCounts(-1, 0, 0, -1);
  torg::v1::FlaggedFigure& risk_use = *report.add_flagged();
  risk_use.set_flag(torg::v1::CASE_FLAG_RISK_USE_OR_ABUSE);
  *risk_use.mutable_counts() = ReportTestCounts(6, 5, 0, 11);
  torg::v1::StudiesFigure& studies = *report.mutable_studies();
  *studies.mutable_with_study_activity() = ReportTestCounts(9, -1, 0, -1);
  *studies.mutable_active() = report.active().total();
  torg::v1::GenderShares& share = *studies.mutable_share();
  *share.mutable_women() = ReportTestShare(75.0);
  *share.mutable_men() = ReportTestShare(-1);
  *share.mutable_other() = ReportTestShare(0);
  *share.mutable_total() = ReportTestShare(-1);
  const std::string text = RenderPeriodReport(report);
  // Every value fits its column's heading ("Kvinnor" is wider than
  // "75,0 %", "Annat" as wide as "0,0 %"): the table keeps its widths.
  EXPECT_THAT(text, HasSubstr("Avböjda                                ..   ..      0       5\n"
                              "\n"
                              "Aktiva med våld i nära relation        ..    0      0      ..\n"
                              "Aktiva med riskbruk/missbruk            6    5      0      11\n"
                              "\n"
                              "Aktiva med studieinsats                 9   ..      0      ..\n"
                              "Andel med studieinsats             75,0 %   ..  0,0 %      ..\n"
                              "\n"
                              "Aktiva efter åldersgrupp"));
}

TEST(ReportLabelsTest, SharesWithOneDecimalAndADecimalComma) {
  EXPECT_EQ(ShareText(ReportTestShare(12.5)), "12,5 %");
  EXPECT_EQ(ShareText(ReportTestShare(100.0 / 3.0)), "33,3 %");
  EXPECT_EQ(ShareText(ReportTestShare(200.0 / 3.0)), "66,7 %");
  EXPECT_EQ(ShareText(ReportTestShare(100.0)), "100,0 %");
  EXPECT_EQ(ShareText(ReportTestShare(0.0)), "0,0 %");
  EXPECT_EQ(ShareText(ReportTestShare(-1)), "..");
  torg::v1::Share nobody;
  nobody.set_no_denominator(true);
  EXPECT_EQ(ShareText(nobody), "–");
}

TEST(ReportLabelsTest, CountsAndOutcomesInSwedish) {
  EXPECT_EQ(CountText(ReportTestCount(17)), "17");
  EXPECT_EQ(CountText(ReportTestCount(0)), "0");
  EXPECT_EQ(CountText(ReportTestCount(-1)), "..");

  EXPECT_EQ(OutcomeCategoryLabel(torg::v1::OUTCOME_CATEGORY_WORK), "Arbete");
  EXPECT_EQ(OutcomeCategoryLabel(torg::v1::OUTCOME_CATEGORY_STUDIES), "Studier");
  EXPECT_EQ(OutcomeCategoryLabel(torg::v1::OUTCOME_CATEGORY_NEED_ADAPTED),
            "Annan behovsanpassad lösning");
  EXPECT_EQ(OutcomeCategoryLabel(torg::v1::OUTCOME_CATEGORY_OTHER), "Övriga avslut");

  EXPECT_EQ(ClosureOutcomeLabel(torg::v1::CLOSURE_OUTCOME_WORK_SUBSIDISED),
            "Subventionerat arbete");
  EXPECT_EQ(ClosureOutcomeLabel(torg::v1::CLOSURE_OUTCOME_NEED_ADAPTED_SICKNESS_COMPENSATION),
            "Beviljad sjukersättning");
  EXPECT_EQ(ClosureOutcomeLabel(torg::v1::CLOSURE_OUTCOME_OTHER_NO_CONTACT), "Kontakten upphörde");
  // Every outcome has a label of its own, none the enum's English name.
  const auto* outcomes = google::protobuf::GetEnumDescriptor<torg::v1::ClosureOutcome>();
  std::set<std::string> labels;
  for (int i = 1; i < outcomes->value_count(); ++i) {
    const auto outcome = static_cast<torg::v1::ClosureOutcome>(outcomes->value(i)->number());
    const std::string label = ClosureOutcomeLabel(outcome);
    EXPECT_NE(label, EnumText(outcome)) << outcomes->value(i)->name();
    EXPECT_TRUE(labels.insert(label).second) << label;
  }
}

}  // namespace
}  // namespace torg::torgctl
