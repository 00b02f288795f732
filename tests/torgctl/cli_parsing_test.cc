#include "clients/torgctl/cli_parsing.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"
#include "torg/v1/case_events.pb.h"
#include "torg/v1/case_views.pb.h"
#include "torg/v1/handover_service.pb.h"
#include "torg/v1/participant_events.pb.h"

namespace torg::torgctl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using torg::testing::IsOk;
using torg::testing::IsOkAndHolds;
using torg::testing::StatusIs;

TEST(ParseDateTest, ReadsYyyyMmDd) {
  const auto date = ParseDate("2026-03-31");
  ASSERT_THAT(date, IsOk());
  EXPECT_EQ(date->year(), 2026);
  EXPECT_EQ(date->month(), 3);
  EXPECT_EQ(date->day(), 31);
  EXPECT_EQ(FormatDate(*date), "2026-03-31");
}

TEST(ParseDateTest, KnowsLeapYears) {
  EXPECT_THAT(ParseDate("2024-02-29"), IsOk());
  EXPECT_THAT(ParseDate("2000-02-29"), IsOk());
  EXPECT_THAT(ParseDate("2026-02-29"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a day")));
  EXPECT_THAT(ParseDate("1900-02-29"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseDate("2026-04-31"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseDate("2026-13-01"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseDate("2026-00-10"), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ParseDateTest, RefusesAnyOtherForm) {
  for (const char* text : {"", "2026-3-31", "2026-03-1", "20260331", "2026/03/31", " 2026-03-31",
                           "2026-03-31 ", "+026-03-31", "2026-0a-31", "31-03-2026"}) {
    EXPECT_THAT(ParseDate(text),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("YYYY-MM-DD")))
        << text;
  }
}

TEST(FormatDateTest, UnsetIsEmpty) {
  EXPECT_EQ(FormatDate(torg::v1::Date()), "");
  torg::v1::Date date;
  date.set_year(987);
  date.set_month(1);
  date.set_day(2);
  EXPECT_EQ(FormatDate(date), "0987-01-02");
}

TEST(EnumFlagTest, NamesDropTheCommonPrefix) {
  EXPECT_EQ(EnumText(torg::v1::GENDER_WOMAN), "woman");
  EXPECT_EQ(EnumText(torg::v1::INCOME_SOURCE_SICKNESS_BENEFIT), "sickness-benefit");
  EXPECT_EQ(EnumText(torg::v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED), "work-unsubsidised");
  EXPECT_EQ(EnumText(torg::v1::FOLLOW_UP_POINT_3_MONTHS), "3-months");
  EXPECT_EQ(EnumText(torg::v1::TIME_WITHOUT_WORK_6_TO_12_MONTHS), "6-to-12-months");
  EXPECT_EQ(EnumText(torg::v1::HANDOVER_KIND_CASE_OWNER), "case-owner");
  EXPECT_EQ(EnumText(torg::v1::CASE_STATUS_COORDINATING), "coordinating");
  EXPECT_EQ(EnumText(torg::v1::HANDOVER_DIRECTION_INCOMING), "incoming");
  EXPECT_EQ(EnumText(torg::v1::DECLINE_REASON_OTHER), "other");
  EXPECT_EQ(EnumText(torg::v1::GENDER_UNSPECIFIED), "");
}

TEST(EnumFlagTest, ListsEveryValueButUnspecified) {
  EXPECT_THAT(EnumFlagNames(*torg::v1::Gender_descriptor()), ElementsAre("woman", "man", "other"));
  EXPECT_THAT(EnumFlagNames(*torg::v1::ConsentForm_descriptor()), ElementsAre("written", "oral"));
}

TEST(EnumFlagTest, ParsesShortNamesInAnyCase) {
  const auto& income = *torg::v1::IncomeSource_descriptor();
  EXPECT_THAT(ParseEnumFlag(income, "sickness-benefit"),
              IsOkAndHolds(torg::v1::INCOME_SOURCE_SICKNESS_BENEFIT));
  EXPECT_THAT(ParseEnumFlag(income, "SOCIAL_ASSISTANCE"),
              IsOkAndHolds(torg::v1::INCOME_SOURCE_SOCIAL_ASSISTANCE));
  EXPECT_THAT(ParseEnumFlag(*torg::v1::FollowUpPoint_descriptor(), "12-months"),
              IsOkAndHolds(torg::v1::FOLLOW_UP_POINT_12_MONTHS));
}

TEST(EnumFlagTest, RefusesUnspecifiedAndUnknownNamesListingTheAccepted) {
  const auto& gender = *torg::v1::Gender_descriptor();
  EXPECT_THAT(ParseEnumFlag(gender, "female"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("'female' is not one of: woman, man, other")));
  EXPECT_THAT(ParseEnumFlag(gender, "unspecified"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseEnumFlag(gender, "GENDER_WOMAN"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseEnumFlag(gender, ""), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(EnumFlagTest, EveryCommandLineEnumHasDistinctNonEmptyNames) {
  for (const auto* descriptor :
       {torg::v1::Gender_descriptor(), torg::v1::EducationLevel_descriptor(),
        torg::v1::IncomeSource_descriptor(), torg::v1::TimeWithoutWork_descriptor(),
        torg::v1::ClosureOutcome_descriptor(), torg::v1::ConsentForm_descriptor(),
        torg::v1::DeclineReason_descriptor(), torg::v1::AssessmentDomain_descriptor(),
        torg::v1::ActivityKind_descriptor(), torg::v1::HandoverKind_descriptor(),
        torg::v1::FollowUpPoint_descriptor(), torg::v1::CaseStatus_descriptor(),
        torg::v1::HandoverDirection_descriptor()}) {
    const auto names = EnumFlagNames(*descriptor);
    EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size())
        << descriptor->full_name();
    for (const auto& name : names) {
      EXPECT_THAT(name, MatchesRegex("[a-z0-9]+(-[a-z0-9]+)*")) << descriptor->full_name();
      EXPECT_THAT(ParseEnumFlag(*descriptor, name), IsOk()) << name;
    }
  }
}

TEST(ParsePartyTextTest, SplitsAtTheFirstEquals) {
  EXPECT_THAT(
      ParsePartyText("af=Arbetsträning = 4 veckor"),
      IsOkAndHolds(std::make_pair(std::string("af"), std::string("Arbetsträning = 4 veckor"))));
  for (const char* text : {"af", "=text", "af=", ""}) {
    EXPECT_THAT(ParsePartyText(text),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("PARTY=TEXT")))
        << text;
  }
}

TEST(NewRequestIdTest, IsAFreshUuidV4) {
  const std::string first = NewRequestId();
  EXPECT_THAT(first, MatchesRegex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                                  "[0-9a-f]{12}"));
  EXPECT_NE(first, NewRequestId());
}

TEST(IsPrintableAsciiTest, RefusesControlAndNonAsciiCharacters) {
  EXPECT_TRUE(IsPrintableAscii("anna.andersson@umea"));
  EXPECT_FALSE(IsPrintableAscii("åsa"));
  EXPECT_FALSE(IsPrintableAscii("anna\n"));
}

}  // namespace
}  // namespace torg::torgctl
