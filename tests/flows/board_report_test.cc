// The board report laid out and written (services/flows/board_report.h),
// without a server: the CSV byte for byte for a fixture whose figures are
// worked out by hand below, and the suppressed figures as ".." in the CSV.
// The workbook is board_report_xlsx_test.cc.

#include "services/flows/board_report.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/flows/handover_flows.h"
#include "services/flows/lead_times.h"
#include "services/flows/period_report.h"
#include "tests/support/status_matchers.h"

namespace torg::flows {
namespace {

using ::testing::HasSubstr;
using ::torg::testing::StatusIs;

// Ungdomstorget in the first half of 2026, as the flow ledger would count
// it. By hand:
//   active        women 6, men 4, other 1   (11)
//   new           women 3, men 2            (5)
//   closed        women 2 in unsubsidised work, 1 moved away; men 1 to
//                 studies                   (women 3, men 1: 4)
//   moved out     men 1 (to Vuxentorget)
//   moved in      other 1
//   ongoing       women 6-3 = 3, men 4-1-1 = 2, other 1   (6)
//   referrals     received women 4, men 2; accepted = new; declined women 1
//   flagged       violence women 2, men 1 (3); risk use men 1
//   studies       women 3, other 1 (4): shares women 3/6 = 50,0 %, men 0/4
//                 = 0,0 %, other 1/1 = 100,0 %, all 4/11 = 36,36… = 36,4 %
flowledger::PeriodCounts BoardFixtureCounts() {
  const flowledger::StayCell woman{v1::GENDER_WOMAN, "20-24", "2480", "af"};
  const flowledger::StayCell man{v1::GENDER_MAN, "25-29", "2480", "fk"};
  const flowledger::StayCell other{v1::GENDER_OTHER, "16-19", "2480", "self"};
  flowledger::PeriodCounts counts;
  counts.log_position = 42;
  counts.active = {{woman, 6}, {man, 4}, {other, 1}};
  counts.enrolled = {{woman, 3}, {man, 2}};
  counts.ongoing_at_end = {{woman, 3}, {man, 2}, {other, 1}};
  counts.moved_in = {{other, 1}};
  counts.moved_out = {{man, 1}};
  counts.closed = {{{v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED, v1::GENDER_WOMAN}, 2},
                   {{v1::CLOSURE_OUTCOME_OTHER_MOVED, v1::GENDER_WOMAN}, 1},
                   {{v1::CLOSURE_OUTCOME_STUDIES, v1::GENDER_MAN}, 1}};
  counts.closed_by_cell = {{woman, 3}, {man, 1}};
  counts.referrals_received = {{v1::GENDER_WOMAN, 4}, {v1::GENDER_MAN, 2}};
  counts.accepted = {{v1::GENDER_WOMAN, 3}, {v1::GENDER_MAN, 2}};
  counts.declined = {{v1::GENDER_WOMAN, 1}};
  counts.flagged = {{{v1::CASE_FLAG_VIOLENCE_IN_CLOSE_RELATIONSHIP, v1::GENDER_WOMAN}, 2},
                    {{v1::CASE_FLAG_VIOLENCE_IN_CLOSE_RELATIONSHIP, v1::GENDER_MAN}, 1},
                    {{v1::CASE_FLAG_RISK_USE_OR_ABUSE, v1::GENDER_MAN}, 1}};
  counts.with_study_activity = {{v1::GENDER_WOMAN, 3}, {v1::GENDER_OTHER, 1}};
  return counts;
}

// Nearest rank: the p-th percentile of n durations is the ceil(p·n/100)-th
// smallest.
//   referral to decision  3,3,3,3,10: median 3rd = 3, p75 4th = 3, p90 5th = 10
//   decision to assessment 0 ×5
//   assessment            none
//   enrolment to closure  30,60,90,200: median 2nd = 60, p75 3rd = 90,
//                         p90 4th = 200 (4 cases: the closed total)
flowledger::LeadTimeCounts BoardFixtureLeadTimes() {
  flowledger::LeadTimeCounts counts;
  counts.log_position = 42;
  counts.referral_to_decision = {{3, 4}, {10, 1}};
  counts.decision_to_assessment = {{0, 5}};
  counts.enrolment_to_closure = {{30, 1}, {60, 1}, {90, 1}, {200, 1}};
  return counts;
}

// Handovers answered: one to Vuxentorget accepted after 7 days (the man who
// moved out), one to NAFS rejected (still an open deviation), two case-owner
// handovers from af to fk accepted after 0 and 4 days. All accepted: 0, 4, 7:
// median the 2nd = 4.
flowledger::HandoverFlowCounts BoardFixtureHandovers() {
  const flowledger::HandoverFlowKey to_vuxen{v1::HANDOVER_KIND_PLATFORM, "ungdomstorget",
                                             "vuxentorget"};
  const flowledger::HandoverFlowKey to_nafs{v1::HANDOVER_KIND_PLATFORM, "ungdomstorget", "nafs"};
  const flowledger::HandoverFlowKey owner{v1::HANDOVER_KIND_CASE_OWNER, "af", "fk"};
  flowledger::HandoverFlowCounts counts;
  counts.log_position = 42;
  counts.accepted = {{to_vuxen, 1}, {owner, 2}};
  counts.rejected = {{to_nafs, 1}};
  counts.waiting = {{to_vuxen, {{7, 1}}}, {owner, {{0, 1}, {4, 1}}}};
  counts.deviations_open_at_end = 1;
  return counts;
}

v1::ForbundConfig BoardFixtureConfig() {
  v1::ForbundConfig config;
  config.set_id("umearegionen");
  config.set_name("Samordningsförbundet Umeåregionen");
  for (const auto& [id, name] : std::vector<std::pair<std::string, std::string>>{
           {"ungdomstorget", "Ungdomstorget"}, {"vuxentorget", "Vuxentorget"}, {"nafs", "NAFS"}}) {
    v1::Platform& platform = *config.add_platforms();
    platform.set_id(id);
    platform.set_name(name);
  }
  for (const auto& [id, name] : std::vector<std::pair<std::string, std::string>>{
           {"af", "Arbetsförmedlingen"}, {"fk", "Försäkringskassan"}}) {
    v1::Party& party = *config.add_parties();
    party.set_id(id);
    party.set_name(name);
  }
  return config;
}

BoardReportContent BoardFixture() {
  flowledger::PeriodQuery query;
  query.platform_id = "ungdomstorget";
  query.first_day = absl::CivilDay(2026, 1, 1);
  query.last_day = absl::CivilDay(2026, 6, 30);
  BoardReportContent content;
  content.year = 2026;
  content.period = v1::BOARD_REPORT_PERIOD_FIRST_HALF;
  // 2026-07-15 10:00 in Sweden (CEST).
  content.cut_at = absl::FromUnixSeconds(1784102400);
  content.period_report = BuildPeriodReport(query, BoardFixtureCounts());
  content.lead_times = BuildLeadTimes(query, BoardFixtureLeadTimes());
  content.handovers = BuildHandoverFlows(query, BoardFixtureHandovers());
  return content;
}

// The fixture as a coordinator of Ungdomstorget gets it: every figure exact.
constexpr char kExactBoardCsv[] =
    "\xEF\xBB\xBF"
    "Halvårsstatistik, första halvåret 2026\r\n"
    "Samordningsförbund;Samordningsförbundet Umeåregionen\r\n"
    "Plattform;Ungdomstorget\r\n"
    "Period;2026-01-01 – 2026-06-30\r\n"
    "Loggposition;42\r\n"
    "Registrerat t.o.m.;2026-07-15\r\n"
    "\r\n"
    "Deltagare;Kvinnor;Män;Annat/uppgift saknas;Totalt\r\n"
    "Aktiva under perioden;6;4;1;11\r\n"
    "Nya (inskrivna);3;2;0;5\r\n"
    "Avslutade;3;1;0;4\r\n"
    "  Arbete;2;0;0;2\r\n"
    "    Osubventionerat arbete;2;0;0;2\r\n"
    "    Subventionerat arbete;0;0;0;0\r\n"
    "    Eget företag;0;0;0;0\r\n"
    "  Studier;0;1;0;1\r\n"
    "    Studier på ordinarie villkor;0;1;0;1\r\n"
    "  Annan behovsanpassad lösning;0;0;0;0\r\n"
    "    Vård eller behandling;0;0;0;0\r\n"
    "    Annan myndighets insats;0;0;0;0\r\n"
    "    Beviljad sjukersättning;0;0;0;0\r\n"
    "    Övrig behovsanpassad lösning;0;0;0;0\r\n"
    "  Övriga avslut;1;0;0;1\r\n"
    "    Flyttat;1;0;0;1\r\n"
    "    Avböjt fortsatt deltagande;0;0;0;0\r\n"
    "    Kontakten upphörde;0;0;0;0\r\n"
    "    Avliden;0;0;0;0\r\n"
    "    Annan orsak;0;0;0;0\r\n"
    "Pågående vid periodens slut;3;2;1;6\r\n"
    "Inflyttade (överlämning);0;0;1;1\r\n"
    "Utflyttade (överlämning);0;1;0;1\r\n"
    "Aktiva med våld i nära relation;2;1;0;3\r\n"
    "Aktiva med riskbruk/missbruk;0;1;0;1\r\n"
    "Aktiva med studieinsats;3;0;1;4\r\n"
    "Andel med studieinsats (%);50,0;0,0;100,0;36,4\r\n"
    "\r\n"
    "Ledtider (dagar);Antal;Median;75:e percentilen;90:e percentilen\r\n"
    "Aktualisering till beslut;5;3;3;10\r\n"
    "Beslut till gemensam kartläggning;5;0;0;0\r\n"
    "Gemensam kartläggning;0;;;\r\n"
    "Inskrivning till avslut;4;60;90;200\r\n"
    "\r\n"
    "Överlämningar;Genomförda;Avvisade;Glapp, median (dagar)\r\n"
    "Plattform: Ungdomstorget → NAFS;0;1;\r\n"
    "Plattform: Ungdomstorget → Vuxentorget;1;0;7\r\n"
    "Ärendeägare: Arbetsförmedlingen → Försäkringskassan;2;0;0\r\n"
    "Samtliga överlämningar;3;1;4\r\n"
    "Avvikelser öppna vid periodens slut;;1;\r\n";

TEST(BoardReportTest, TheCsvOfExactFiguresIsByteForByteTheBoardsTable) {
  const BoardDocument document = BuildBoardDocument(BoardFixture(), BoardFixtureConfig());
  EXPECT_EQ(BoardReportCsv(document), kExactBoardCsv);
  EXPECT_EQ(document.footnote, "");
}

// The fixture as the board gets it: protected as one document with k = 5.
BoardReportContent SuppressedBoardFixture() {
  BoardReportContent content = BoardFixture();
  EXPECT_OK(ProtectBoardReport(5, content));
  return content;
}

std::string CountText(const v1::Count& count) {
  return count.suppressed() ? ".." : std::to_string(count.value());
}

// The board table's rows as the period report gives them: label →
// women, men, other, total.
std::map<std::string, std::vector<std::string>> ExpectedBoardRows(
    const v1::GetPeriodReportResponse& report) {
  auto row = [](const v1::GenderCounts& counts) {
    return std::vector<std::string>{CountText(counts.women()), CountText(counts.men()),
                                    CountText(counts.other()), CountText(counts.total())};
  };
  std::map<std::string, std::vector<std::string>> rows = {
      {"Aktiva under perioden", row(report.active().total())},
      {"Nya (inskrivna)", row(report.enrolled().total())},
      {"Avslutade", row(report.closed().total())},
      {"Pågående vid periodens slut", row(report.ongoing_at_end().total())},
      {"Utflyttade (överlämning)", row(report.moved_out())},
      {"Inflyttade (överlämning)", row(report.moved_in())},
  };
  for (const v1::OutcomeCategoryCount& category : report.closed().by_category()) {
    if (category.category() == v1::OUTCOME_CATEGORY_WORK) rows["  Arbete"] = row(category.counts());
  }
  return rows;
}

TEST(BoardReportTest, SuppressedFiguresAreDotsInTheCsvWithTheFootnote) {
  const BoardReportContent content = SuppressedBoardFixture();
  const std::string csv = BoardReportCsv(BuildBoardDocument(content, BoardFixtureConfig()));
  const std::vector<std::string> lines = absl::StrSplit(csv, "\r\n");
  const std::map<std::string, std::vector<std::string>> expected =
      ExpectedBoardRows(content.period_report);
  int checked = 0;
  for (const std::string& line : lines) {
    std::vector<std::string> fields = absl::StrSplit(line, ';');
    auto row = expected.find(fields[0]);
    if (row == expected.end() || fields.size() != 5) continue;
    EXPECT_EQ(std::vector<std::string>(fields.begin() + 1, fields.end()), row->second) << line;
    // No count from 1 to 4 is printed.
    for (size_t i = 1; i < fields.size(); ++i) {
      EXPECT_THAT(fields[i], ::testing::Not(::testing::AnyOf("1", "2", "3", "4"))) << line;
    }
    ++checked;
  }
  EXPECT_EQ(checked, static_cast<int>(expected.size()));
  // The primary cells of the fixture: other active 1, men new 2, ...
  EXPECT_THAT(csv, HasSubstr("Nya (inskrivna);..;..;"));
  // The four closed cases' lead time: count and statistics hidden.
  EXPECT_THAT(csv, HasSubstr("Inskrivning till avslut;..;..;..;..\r\n"));
  // The handovers: every count below 5.
  EXPECT_THAT(csv, HasSubstr("Samtliga överlämningar;..;..;..\r\n"));
  EXPECT_THAT(csv, HasSubstr("Avvikelser öppna vid periodens slut;;..;\r\n"));
  EXPECT_THAT(csv, HasSubstr("\r\n\r\n.. = dolt värde. Antal från 1 till 4 visas inte (gränsen "
                             "är 5)"));
}

// Ungdomstorget where 11 men moved out: 9 to Vuxentorget and 2 to NAFS,
// and 6 case-owner handovers from af to fk. Active men = ongoing 2 + closed
// 1 + moved out 11 = 14.
BoardReportContent MovedOutFixture() {
  BoardReportContent content = BoardFixture();
  flowledger::PeriodQuery query;
  query.platform_id = "ungdomstorget";
  query.first_day = absl::CivilDay(2026, 1, 1);
  query.last_day = absl::CivilDay(2026, 6, 30);
  const flowledger::StayCell man{v1::GENDER_MAN, "25-29", "2480", "fk"};
  flowledger::PeriodCounts counts = BoardFixtureCounts();
  counts.active[man] = 14;
  counts.moved_out = {{man, 11}};
  content.period_report = BuildPeriodReport(query, counts);
  const flowledger::HandoverFlowKey to_vuxen{v1::HANDOVER_KIND_PLATFORM, "ungdomstorget",
                                             "vuxentorget"};
  const flowledger::HandoverFlowKey to_nafs{v1::HANDOVER_KIND_PLATFORM, "ungdomstorget", "nafs"};
  const flowledger::HandoverFlowKey owner{v1::HANDOVER_KIND_CASE_OWNER, "af", "fk"};
  flowledger::HandoverFlowCounts handovers;
  handovers.log_position = 42;
  handovers.accepted = {{to_vuxen, 9}, {to_nafs, 2}, {owner, 6}};
  handovers.waiting = {{to_vuxen, {{7, 9}}}, {to_nafs, {{3, 2}}}, {owner, {{1, 6}}}};
  content.handovers = BuildHandoverFlows(query, handovers);
  return content;
}

const v1::HandoverFlow& FlowTo(const v1::GetHandoverFlowsResponse& handovers,
                               const std::string& to_id) {
  for (const v1::HandoverFlow& flow : handovers.flows()) {
    if (flow.to_id() == to_id) return flow;
  }
  ADD_FAILURE() << "no flow to " << to_id;
  return v1::HandoverFlow::default_instance();
}

TEST(BoardReportTest, AHiddenHandoverCannotBeWorkedOutFromTheMovesOut) {
  // Each part protected on its own: the 2 to NAFS is hidden, with the 6
  // owner handovers as its complement (the smallest other flow), while the
  // period report publishes moved out 11 and the flows publish Vuxentorget
  // 9: 11 − 9 = 2 gives NAFS away. This is why the parts are protected
  // together.
  BoardReportContent apart = MovedOutFixture();
  ASSERT_OK(SuppressSmallCounts(5, apart.period_report));
  ASSERT_OK(SuppressHandoverFlows(5, apart.handovers));
  ASSERT_TRUE(FlowTo(apart.handovers, "nafs").accepted().suppressed());
  ASSERT_EQ(apart.period_report.moved_out().total().value(), 11);
  ASSERT_EQ(FlowTo(apart.handovers, "vuxentorget").accepted().value(), 9);

  BoardReportContent together = MovedOutFixture();
  ASSERT_OK(ProtectBoardReport(5, together));
  const v1::Count& nafs = FlowTo(together.handovers, "nafs").accepted();
  const v1::Count& vuxen = FlowTo(together.handovers, "vuxentorget").accepted();
  const v1::Count& moved_out = together.period_report.moved_out().total();
  EXPECT_TRUE(nafs.suppressed());
  EXPECT_TRUE(moved_out.suppressed() || vuxen.suppressed())
      << "moved out " << moved_out.value() << " and Vuxentorget " << vuxen.value()
      << " are both published";
  EXPECT_TRUE(FlowTo(together.handovers, "nafs").waiting().withheld());
  EXPECT_EQ(together.period_report.suppression_threshold(), 5);
  EXPECT_EQ(together.lead_times.suppression_threshold(), 5);
  EXPECT_EQ(together.handovers.suppression_threshold(), 5);
}

TEST(BoardReportTest, TheLeadTimeToClosureIsHiddenWithTheClosedTotal) {
  // Enrolment to closure counts the same cases as the closed total: one
  // hidden and the other published would give the hidden one away.
  for (BoardReportContent content : {BoardFixture(), MovedOutFixture()}) {
    ASSERT_OK(ProtectBoardReport(5, content));
    EXPECT_TRUE(content.period_report.closed().total().total().suppressed());
    EXPECT_TRUE(content.lead_times.enrolment_to_closure().count().suppressed());
    EXPECT_TRUE(content.lead_times.enrolment_to_closure().withheld());
  }
}

TEST(BoardReportTest, PartsThatDoNotAddUpAreRefusedAndLeftAsTheyWere) {
  BoardReportContent content = MovedOutFixture();
  // One more man moved out than the handovers out of the platform.
  const flowledger::StayCell man{v1::GENDER_MAN, "25-29", "2480", "fk"};
  flowledger::PeriodCounts counts = BoardFixtureCounts();
  counts.active[man] = 15;
  counts.moved_out = {{man, 12}};
  flowledger::PeriodQuery query;
  query.platform_id = "ungdomstorget";
  query.first_day = absl::CivilDay(2026, 1, 1);
  query.last_day = absl::CivilDay(2026, 6, 30);
  content.period_report = BuildPeriodReport(query, counts);
  const BoardReportContent before = content;
  EXPECT_THAT(ProtectBoardReport(5, content),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("do not add up")));
  EXPECT_EQ(content.period_report.SerializeAsString(), before.period_report.SerializeAsString());
  EXPECT_EQ(content.handovers.SerializeAsString(), before.handovers.SerializeAsString());
  EXPECT_FALSE(content.period_report.moved_out().total().suppressed());

  EXPECT_THAT(ProtectBoardReport(0, content), StatusIs(absl::StatusCode::kInvalidArgument));
  BoardReportContent exact = BoardFixture();
  ASSERT_OK(ProtectBoardReport(1, exact));
  EXPECT_EQ(BoardReportCsv(BuildBoardDocument(exact, BoardFixtureConfig())), kExactBoardCsv);
}

TEST(BoardReportTest, PeriodsFormatsAndNames) {
  ASSERT_OK_AND_ASSIGN(CalendarPeriod h2,
                       BoardReportDays(2026, v1::BOARD_REPORT_PERIOD_SECOND_HALF));
  EXPECT_EQ(h2.first_day, absl::CivilDay(2026, 7, 1));
  EXPECT_EQ(h2.last_day, absl::CivilDay(2026, 12, 31));
  ASSERT_OK_AND_ASSIGN(CalendarPeriod year, BoardReportDays(2026, v1::BOARD_REPORT_PERIOD_YEAR));
  EXPECT_EQ(year.first_day, absl::CivilDay(2026, 1, 1));
  EXPECT_EQ(year.last_day, absl::CivilDay(2026, 12, 31));
  EXPECT_THAT(BoardReportDays(2026, v1::BOARD_REPORT_PERIOD_UNSPECIFIED),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("FIRST_HALF")));
  EXPECT_THAT(BoardReportDays(2026, static_cast<v1::BoardReportPeriod>(7)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(BoardReportDays(0, v1::BOARD_REPORT_PERIOD_FIRST_HALF),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("1900–9999")));
  EXPECT_THAT(CheckBoardReportFormat(v1::BOARD_REPORT_FORMAT_UNSPECIFIED),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(BoardReportTitle(2026, v1::BOARD_REPORT_PERIOD_YEAR), "Årsrapport 2026");
  EXPECT_EQ(
      BoardReportFileName("", 2026, v1::BOARD_REPORT_PERIOD_YEAR, v1::BOARD_REPORT_FORMAT_XLSX),
      "arsrapport-2026-forbundet.xlsx");
  EXPECT_EQ(BoardReportFileName("nafs", 2026, v1::BOARD_REPORT_PERIOD_SECOND_HALF,
                                v1::BOARD_REPORT_FORMAT_CSV),
            "halvarsstatistik-2026H2-nafs.csv");
}

}  // namespace
}  // namespace torg::flows
