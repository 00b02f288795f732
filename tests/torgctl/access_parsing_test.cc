// The text forms of the access and audit commands: roles, token lifetimes,
// audit anchors and points in time.

#include <string>

#include "absl/time/time.h"
#include "clients/torgctl/cli_parsing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace torg::torgctl {
namespace {

using ::testing::HasSubstr;
using torg::testing::IsOk;
using torg::testing::IsOkAndHolds;
using torg::testing::StatusIs;

TEST(ParseRoleNameTest, TakesTheProtoNameInAnySpelling) {
  EXPECT_THAT(ParseRoleName("coordinator"), IsOkAndHolds(std::string("coordinator")));
  EXPECT_THAT(ParseRoleName("party-officer"), IsOkAndHolds(std::string("party_officer")));
  EXPECT_THAT(ParseRoleName("PARTY_OFFICER"), IsOkAndHolds(std::string("party_officer")));
  for (const char* role : kRoleNames) EXPECT_THAT(ParseRoleName(role), IsOk()) << role;
}

TEST(ParseRoleNameTest, RefusesOthersListingTheRoles) {
  EXPECT_THAT(ParseRoleName("boss"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("'boss' is not a role: coordinator, party_officer, steering, "
                                 "exporter, auditor, admin")));
  EXPECT_THAT(ParseRoleName(""), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ParseLifetimeTest, ReadsSecondsAndUnits) {
  EXPECT_THAT(ParseLifetime("3600"), IsOkAndHolds(3600));
  EXPECT_THAT(ParseLifetime("45s"), IsOkAndHolds(45));
  EXPECT_THAT(ParseLifetime("30m"), IsOkAndHolds(30 * 60));
  EXPECT_THAT(ParseLifetime("8h"), IsOkAndHolds(8 * 3600));
  EXPECT_THAT(ParseLifetime("90d"), IsOkAndHolds(90 * 86400));
  EXPECT_THAT(ParseLifetime("036500d"), IsOkAndHolds(int64_t{36500} * 86400));
}

TEST(ParseLifetimeTest, RefusesOtherFormsZeroAndAbsurdLengths) {
  for (const char* text : {"", "h", "8 h", "8H", "1h30m", "-5", "+5", " 5", "5.5h", "8w", "1e3"}) {
    EXPECT_THAT(ParseLifetime(text),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("30m, 8h, 90d")))
        << text;
  }
  EXPECT_THAT(ParseLifetime("0"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("longer than 0")));
  EXPECT_THAT(ParseLifetime("0h"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseLifetime("40000d"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("100 years")));
  EXPECT_THAT(ParseLifetime("999999999999h"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseLifetime("9999999999999"), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ParseAnchorTest, ReadsSequenceAndHashLoweringIt) {
  const auto anchor = ParseAnchor("1042:9F86D081884c7d65");
  ASSERT_THAT(anchor, IsOk());
  EXPECT_EQ(anchor->sequence, 1042u);
  EXPECT_EQ(anchor->hash_hex, "9f86d081884c7d65");
  EXPECT_THAT(ParseAnchor("18446744073709551615:ab"), IsOk());
}

TEST(ParseAnchorTest, RefusesOtherForms) {
  for (const char* text : {"", "1042", "1042:", ":abcd", "x:abcd", "1042:xyz", "-1:ab", "+1:ab",
                           "1042:ab:cd", "18446744073709551616:ab", " 1:ab"}) {
    EXPECT_THAT(ParseAnchor(text),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("SEQ:HEX")))
        << text;
  }
  EXPECT_THAT(ParseAnchor("0:abcd"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("counts from 1")));
}

TEST(ParseTimeBoundTest, ReadsRfc3339WithItsOffset) {
  const absl::Time expected = absl::FromUnixSeconds(1774965600);  // 2026-03-31T14:00:00Z
  EXPECT_THAT(ParseTimeBound("2026-03-31T14:00:00Z", TimeBound::kFrom, absl::UTCTimeZone()),
              IsOkAndHolds(expected));
  EXPECT_THAT(ParseTimeBound("2026-03-31T16:00:00+02:00", TimeBound::kTo, absl::UTCTimeZone()),
              IsOkAndHolds(expected));
}

TEST(ParseTimeBoundTest, ADayRunsFromItsStartToTheNextDaysStartInTheZone) {
  const absl::TimeZone plus_two = absl::FixedTimeZone(2 * 60 * 60);
  EXPECT_THAT(ParseTimeBound("2026-03-31", TimeBound::kFrom, plus_two),
              IsOkAndHolds(absl::FromUnixSeconds(1774965600 - 16 * 3600)));
  EXPECT_THAT(ParseTimeBound("2026-03-31", TimeBound::kTo, plus_two),
              IsOkAndHolds(absl::FromUnixSeconds(1774965600 + 8 * 3600)));
  EXPECT_THAT(ParseTimeBound("2026-12-31", TimeBound::kTo, absl::UTCTimeZone()),
              IsOkAndHolds(absl::FromCivil(absl::CivilDay(2027, 1, 1), absl::UTCTimeZone())));
}

TEST(ParseTimeBoundTest, RefusesOtherForms) {
  EXPECT_THAT(ParseTimeBound("2026-02-30", TimeBound::kFrom, absl::UTCTimeZone()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a day")));
  for (const char* text : {"", "yesterday", "2026-03-31T14:00:00", "2026-03-31 14:00:00Z",
                           "1774965600", "31/03/2026"}) {
    EXPECT_THAT(ParseTimeBound(text, TimeBound::kFrom, absl::UTCTimeZone()),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("RFC 3339")))
        << text;
  }
}

}  // namespace
}  // namespace torg::torgctl
