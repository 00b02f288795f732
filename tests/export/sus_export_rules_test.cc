// The SUS export's rules in plain C++: rows for every outcome, what is
// listed or only counted instead, the CSV, missing codes, and the
// correction between two exports. Expected values are written out here,
// not taken from the code under test.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/csv_line.h"
#include "services/config/example_config.h"
#include "services/followup/sus_export.h"
#include "tests/support/status_matchers.h"

namespace torg::followup {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::torg::testing::StatusIs;

v1::Date SusRulesDate(int year, int month, int day) {
  v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

// A consenting woman born 1998-04-02 in Umeå, on Vuxentorget from 2026-02-01.
v1::SusStayVersion ConsentingStay(const std::string& stay_id) {
  v1::SusStayVersion stay;
  stay.set_stay_id(stay_id);
  stay.set_case_id(stay_id.substr(0, stay_id.find('.')));
  stay.set_platform_id("vuxentorget");
  *stay.mutable_start_date() = SusRulesDate(2026, 2, 1);
  stay.set_age_at_referral(27);
  v1::SusParticipantFacts* facts = stay.mutable_participant();
  facts->set_participant_id(absl::StrCat("p-", stay_id));
  facts->set_identity_kind(v1::IDENTITY_KIND_PERSONNUMMER);
  facts->set_birth_year(1998);
  facts->set_gender(v1::GENDER_WOMAN);
  facts->set_kommun_code("2480");
  facts->set_education_level(v1::EDUCATION_LEVEL_UPPER_SECONDARY);
  facts->add_income_at_start(v1::INCOME_SOURCE_SOCIAL_ASSISTANCE);
  facts->add_income_at_start(v1::INCOME_SOURCE_SICKNESS_BENEFIT);
  facts->set_time_without_work(v1::TIME_WITHOUT_WORK_1_TO_2_YEARS);
  facts->set_sus_consent(v1::SUS_CONSENT_STATE_GIVEN);
  return stay;
}

void CloseStay(v1::SusStayVersion& stay, v1::ClosureOutcome outcome, int month, int day) {
  stay.set_end(v1::SUS_STAY_END_CLOSED);
  *stay.mutable_end_date() = SusRulesDate(2026, month, day);
  stay.set_outcome(outcome);
  stay.add_income_at_end(v1::INCOME_SOURCE_SALARY);
}

const PersonnummerOpener kOpensEveryone = [](const v1::SusStayVersion&) {
  return absl::StatusOr<std::optional<std::string>>(std::string("199804022383"));
};

class SusExportRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<v1::ForbundConfig> config = config::LoadExampleForbundConfig();
    ASSERT_TRUE(config.ok()) << config.status();
    rules_ = config->sus_export();
  }
  SusPeriod FirstHalf2026() const {
    return SusPeriod{absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 6, 30)};
  }
  v1::SusExportRules rules_;
};

TEST_F(SusExportRulesTest, AnOngoingStayHasItsStartVariablesAndEmptyEndColumns) {
  ASSERT_OK_AND_ASSIGN(
      SusExportContent content,
      BuildSusExport({ConsentingStay("c1.1")}, FirstHalf2026(), &rules_, kOpensEveryone));
  ASSERT_EQ(content.rows.size(), 1u);
  // Income codes in Torg's order (sickness benefit 1 before assistance 6).
  EXPECT_THAT(content.rows[0].fields,
              ElementsAre("199804022383", "K", "1998", "27", "2480", "4", "SJP,EKB", "3",
                          "2026-02-01", "", "", "", "", "c1.1"));
  EXPECT_EQ(RenderSusCsv(content.rows),
            "personnummer;kön;födelseår;ålder;kommun;utbildningsnivå;försörjning_före;"
            "tid_utan_arbete;startdatum;slutdatum;avslutsanledning;avslutsgrupp;"
            "försörjning_efter;torg_referens\r\n"
            "199804022383;K;1998;27;2480;4;SJP,EKB;3;2026-02-01;;;;;c1.1\r\n");
}

TEST_F(SusExportRulesTest, EveryOutcomeIsExportedWithItsCodeAndNationalGroup) {
  struct Expected {
    v1::ClosureOutcome outcome;
    const char* code;
    const char* group;
  };
  // As deploy/config/umearegionen.textproto configures them.
  const std::vector<Expected> expected = {
      {v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED, "ARB", "förvärvsarbete"},
      {v1::CLOSURE_OUTCOME_WORK_SUBSIDISED, "ARBS", "förvärvsarbete"},
      {v1::CLOSURE_OUTCOME_WORK_OWN_BUSINESS, "EGF", "förvärvsarbete"},
      {v1::CLOSURE_OUTCOME_STUDIES, "STU", "studier"},
      {v1::CLOSURE_OUTCOME_NEED_ADAPTED_CARE, "VRD", "övriga avslutade"},
      {v1::CLOSURE_OUTCOME_NEED_ADAPTED_OTHER_AUTHORITY, "MYN", "aktivt arbetssökande"},
      {v1::CLOSURE_OUTCOME_NEED_ADAPTED_SICKNESS_COMPENSATION, "SJE", "övriga avslutade"},
      {v1::CLOSURE_OUTCOME_NEED_ADAPTED_OTHER, "BEH", "aktivt arbetssökande"},
      {v1::CLOSURE_OUTCOME_OTHER_MOVED, "FLY", "övriga avslutade"},
      {v1::CLOSURE_OUTCOME_OTHER_DECLINED, "AVB", "övriga avslutade"},
      {v1::CLOSURE_OUTCOME_OTHER_NO_CONTACT, "KON", "övriga avslutade"},
      {v1::CLOSURE_OUTCOME_OTHER_DECEASED, "AVL", "övriga avslutade"},
      {v1::CLOSURE_OUTCOME_OTHER_REASON, "OVR", "övriga avslutade"},
  };
  std::vector<v1::SusStayVersion> stays;
  for (size_t i = 0; i < expected.size(); ++i) {
    v1::SusStayVersion stay = ConsentingStay(absl::StrCat("c", 10 + i, ".1"));
    CloseStay(stay, expected[i].outcome, 5, 1 + static_cast<int>(i));
    stays.push_back(stay);
  }
  ASSERT_OK_AND_ASSIGN(SusExportContent content,
                       BuildSusExport(stays, FirstHalf2026(), &rules_, kOpensEveryone));
  ASSERT_EQ(content.rows.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const std::vector<std::string>& fields = content.rows[i].fields;
    EXPECT_EQ(fields[9], absl::StrFormat("2026-05-%02d", 1 + i));
    EXPECT_EQ(fields[10], expected[i].code) << v1::ClosureOutcome_Name(expected[i].outcome);
    EXPECT_EQ(fields[11], expected[i].group) << v1::ClosureOutcome_Name(expected[i].outcome);
    EXPECT_EQ(fields[12], "LON");
  }
  EXPECT_EQ(content.validation.excluded_size(), 0);
}

TEST_F(SusExportRulesTest, AStayEndingAfterThePeriodIsExportedAsOngoing) {
  v1::SusStayVersion stay = ConsentingStay("c2.1");
  CloseStay(stay, v1::CLOSURE_OUTCOME_STUDIES, 7, 1);
  v1::SusStayVersion before_period = ConsentingStay("c3.1");
  *before_period.mutable_start_date() = SusRulesDate(2025, 3, 1);
  before_period.set_end(v1::SUS_STAY_END_CLOSED);
  *before_period.mutable_end_date() = SusRulesDate(2025, 12, 31);
  ASSERT_OK_AND_ASSIGN(
      SusExportContent content,
      BuildSusExport({stay, before_period}, FirstHalf2026(), &rules_, kOpensEveryone));
  ASSERT_EQ(content.rows.size(), 1u);
  EXPECT_EQ(content.rows[0].fields[9], "");
}

TEST_F(SusExportRulesTest, AnonymousAndProtectedAreOnlyCountedByYearAndGender) {
  v1::SusStayVersion anonymous = ConsentingStay("c4.1");
  anonymous.mutable_participant()->set_identity_kind(v1::IDENTITY_KIND_ANONYMOUS);
  v1::SusStayVersion protected_man = ConsentingStay("c5.1");
  protected_man.mutable_participant()->set_protected_identity(true);
  protected_man.mutable_participant()->set_gender(v1::GENDER_MAN);
  v1::SusStayVersion anonymous_2 = ConsentingStay("c6.1");
  anonymous_2.mutable_participant()->set_identity_kind(v1::IDENTITY_KIND_ANONYMOUS);
  bool opened = false;
  const PersonnummerOpener must_not_open = [&](const v1::SusStayVersion&) {
    opened = true;
    return absl::StatusOr<std::optional<std::string>>(std::nullopt);
  };
  ASSERT_OK_AND_ASSIGN(SusExportContent content,
                       BuildSusExport({anonymous, protected_man, anonymous_2}, FirstHalf2026(),
                                      &rules_, must_not_open));
  EXPECT_FALSE(opened) << "an anonymous participant's identity must never be opened";
  EXPECT_TRUE(content.rows.empty());
  EXPECT_EQ(content.validation.excluded_size(), 0) << "anonymous participants are never listed";
  ASSERT_EQ(content.validation.anonymous_counts_size(), 2);
  EXPECT_EQ(content.validation.anonymous_counts(0).registration_year(), 2026);
  EXPECT_EQ(content.validation.anonymous_counts(0).gender(), v1::GENDER_WOMAN);
  EXPECT_EQ(content.validation.anonymous_counts(0).count(), 2u);
  EXPECT_EQ(content.validation.anonymous_counts(1).gender(), v1::GENDER_MAN);
  EXPECT_EQ(content.validation.anonymous_counts(1).count(), 1u);
}

TEST_F(SusExportRulesTest, ParticipantsWhoCannotBeExportedAreListedWithTheReason) {
  v1::SusStayVersion no_consent = ConsentingStay("c7.1");
  no_consent.mutable_participant()->set_sus_consent(v1::SUS_CONSENT_STATE_UNSPECIFIED);
  v1::SusStayVersion withdrawn = ConsentingStay("c8.1");
  withdrawn.mutable_participant()->set_sus_consent(v1::SUS_CONSENT_STATE_WITHDRAWN);
  v1::SusStayVersion erased = ConsentingStay("c9.1");
  erased.mutable_participant()->set_erased(true);
  v1::SusStayVersion moved = ConsentingStay("d1.1");
  moved.set_end(v1::SUS_STAY_END_MOVED_OUT);
  *moved.mutable_end_date() = SusRulesDate(2026, 3, 3);
  ASSERT_OK_AND_ASSIGN(SusExportContent content,
                       BuildSusExport({no_consent, withdrawn, erased, moved}, FirstHalf2026(),
                                      &rules_, kOpensEveryone));
  EXPECT_TRUE(content.rows.empty());
  ASSERT_EQ(content.validation.excluded_size(), 4);
  EXPECT_EQ(content.validation.excluded(0).stay_id(), "c7.1");
  EXPECT_EQ(content.validation.excluded(0).reason(), v1::SUS_EXCLUSION_REASON_NO_SUS_CONSENT);
  EXPECT_EQ(content.validation.excluded(0).participant_id(), "p-c7.1");
  EXPECT_EQ(content.validation.excluded(1).reason(),
            v1::SUS_EXCLUSION_REASON_SUS_CONSENT_WITHDRAWN);
  EXPECT_EQ(content.validation.excluded(2).reason(), v1::SUS_EXCLUSION_REASON_ERASED);
  EXPECT_EQ(content.validation.excluded(3).reason(),
            v1::SUS_EXCLUSION_REASON_MISSING_END_VARIABLES);
  // The three without identity are counted; the moved one is not.
  ASSERT_EQ(content.validation.anonymous_counts_size(), 1);
  EXPECT_EQ(content.validation.anonymous_counts(0).count(), 3u);
}

TEST_F(SusExportRulesTest, AMissingCodeRefusesTheExportNamingIt) {
  v1::SusStayVersion stay = ConsentingStay("c1.1");
  CloseStay(stay, v1::CLOSURE_OUTCOME_STUDIES, 3, 1);
  v1::SusExportRules without_studies = rules_;
  without_studies.mutable_outcomes()->erase(without_studies.mutable_outcomes()->begin() + 3);
  EXPECT_THAT(
      BuildSusExport({stay}, FirstHalf2026(), &without_studies, kOpensEveryone).status(),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("CLOSURE_OUTCOME_STUDIES")));
  EXPECT_THAT(BuildSusExport({stay}, FirstHalf2026(), nullptr, kOpensEveryone).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("sus_export")));
}

TEST_F(SusExportRulesTest, FieldsWithSeparatorsAreQuoted) {
  EXPECT_EQ(common::CsvLine({"a", "b;c", "say \"hi\"", ""}), "a;\"b;c\";\"say \"\"hi\"\"\";");
}

TEST_F(SusExportRulesTest, TheCorrectionListsAddedChangedAndWithdrawnRows) {
  const std::vector<SusRow> old_rows = {
      {"a.1", "pa", "a", {"1", "kept", "a.1"}},
      {"b.1", "pb", "b", {"2", "before", "b.1"}},
      {"c.1", "pc", "c", {"3", "gone", "c.1"}},
  };
  const std::vector<SusRow> new_rows = {
      {"a.1", "pa", "a", {"1", "kept", "a.1"}},
      {"b.1", "pb", "b", {"2", "after", "b.1"}},
      {"d.1", "pd", "d", {"4", "new", "d.1"}},
  };
  const std::vector<v1::SusRowChange> changes = DiffSusRows(old_rows, new_rows);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].kind(), v1::SUS_ROW_CHANGE_KIND_CHANGED);
  EXPECT_EQ(changes[0].old_row(), "2;before;b.1");
  EXPECT_EQ(changes[0].new_row(), "2;after;b.1");
  EXPECT_EQ(changes[1].kind(), v1::SUS_ROW_CHANGE_KIND_WITHDRAWN);
  EXPECT_EQ(changes[1].torg_reference(), "c.1");
  EXPECT_EQ(changes[2].kind(), v1::SUS_ROW_CHANGE_KIND_ADDED);
  EXPECT_EQ(changes[2].new_row(), "4;new;d.1");
  const std::string csv = RenderSusCorrectionCsv(changes);
  EXPECT_THAT(csv,
              HasSubstr("\r\nändrad;2;after;b.1\r\nåterkallad;3;gone;c.1\r\nny;4;new;d.1\r\n"));
}

}  // namespace
}  // namespace torg::followup
