// The board review's rules in plain C++ (services/governance/board_rating.h):
// each bad rating is refused with a message the board's secretary can act
// on, and a list is filtered, ordered and paged as the API says. The goals
// are the example configuration's (deploy/config/umearegionen.textproto).

#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/config/example_config.h"
#include "services/governance/board_rating.h"
#include "tests/support/status_matchers.h"

namespace torg::governance {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::torg::testing::IsOk;
using ::torg::testing::StatusIs;

constexpr absl::CivilDay kToday(2026, 9, 20);

v1::Date RuleDate(int year, int month, int day) {
  v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

v1::ForbundConfig ExampleConfig() {
  absl::StatusOr<v1::ForbundConfig> config = config::LoadExampleForbundConfig();
  EXPECT_TRUE(config.ok()) << config.status();
  return config.value_or(v1::ForbundConfig());
}

// The board rates Ungdomstorget's first goal for the first half of 2026 at
// its meeting in September.
v1::RecordBoardRatingRequest ValidRating() {
  v1::RecordBoardRatingRequest request;
  request.set_request_id("r-1");
  request.set_platform_id("ungdomstorget");
  request.set_goal_id("arbete-studier");
  *request.mutable_first_day() = RuleDate(2026, 1, 1);
  *request.mutable_last_day() = RuleDate(2026, 6, 30);
  request.set_fulfilment(v1::GOAL_FULFILMENT_LARGE_EXTENT);
  request.set_motivation("Fler unga gick till arbete eller studier än under 2025.");
  request.set_rated_by("styrelsen");
  *request.mutable_decided_on() = RuleDate(2026, 9, 18);
  return request;
}

TEST(BoardRatingRulesTest, AValidRatingBecomesItsEventWithTheGoalsText) {
  ASSERT_OK_AND_ASSIGN(const v1::BoardRatingRecorded rating,
                       DecideBoardRating(ValidRating(), ExampleConfig(), kToday));
  EXPECT_EQ(rating.platform_id(), "ungdomstorget");
  EXPECT_EQ(rating.goal_id(), "arbete-studier");
  EXPECT_EQ(rating.goal_text(), "Fler unga i arbete eller studier");
  EXPECT_EQ(rating.fulfilment(), v1::GOAL_FULFILMENT_LARGE_EXTENT);
  EXPECT_EQ(rating.rated_by(), "styrelsen");
  EXPECT_EQ(rating.period_last_day().month(), 6);
  EXPECT_EQ(rating.decided_on().day(), 18);
  EXPECT_THAT(rating.rating_id(), IsEmpty()) << "the server's to give";
}

TEST(BoardRatingRulesTest, EdgesOfTheRulesAreAccepted) {
  v1::RecordBoardRatingRequest request = ValidRating();
  // Decided today, on the period's first day, which is also its last.
  *request.mutable_first_day() = RuleDate(2026, 9, 20);
  *request.mutable_last_day() = RuleDate(2026, 9, 20);
  *request.mutable_decided_on() = RuleDate(2026, 9, 20);
  request.set_fulfilment(v1::GOAL_FULFILMENT_COMPLETELY);
  // 4000 characters, each two bytes in UTF-8.
  std::string motivation;
  for (int i = 0; i < 4000; ++i) motivation += "ö";
  request.set_motivation(motivation);
  request.set_rated_by(std::string(200, 's'));
  EXPECT_THAT(DecideBoardRating(request, ExampleConfig(), kToday).status(), IsOk());
}

struct BadRating {
  std::string name;
  std::function<void(v1::RecordBoardRatingRequest&)> change;
  std::string message;
};

class BadRatingTest : public ::testing::TestWithParam<BadRating> {};

TEST_P(BadRatingTest, IsRefusedWithAMessageTheSecretaryCanActOn) {
  v1::RecordBoardRatingRequest request = ValidRating();
  GetParam().change(request);
  EXPECT_THAT(DecideBoardRating(request, ExampleConfig(), kToday).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(GetParam().message)));
}

const BadRating kBadRatings[] = {
    {"NoPlatform", [](auto& r) { r.clear_platform_id(); },
     "platform_id is required: one of ungdomstorget, vuxentorget"},
    {"UnknownPlatform", [](auto& r) { r.set_platform_id("barntorget"); },
     "platform_id \"barntorget\" is not a platform of the förbund (ungdomstorget, "},
    {"PlatformWithoutGoals", [](auto& r) { r.set_platform_id("lokalt-vannas"); },
     "platform lokalt-vannas has no goals in the förbund's configuration"},
    {"NoGoal", [](auto& r) { r.clear_goal_id(); },
     "goal_id is required: one of arbete-studier (Fler unga i arbete eller studier); "},
    {"GoalOfAnotherPlatform", [](auto& r) { r.set_goal_id("narmare-arbete"); },
     "goal_id \"narmare-arbete\" is not a goal of ungdomstorget: one of arbete-studier"},
    {"NoFirstDay", [](auto& r) { r.clear_first_day(); }, "first_day is required"},
    {"NoLastDay", [](auto& r) { r.clear_last_day(); }, "last_day is required"},
    {"NotACalendarDate", [](auto& r) { *r.mutable_last_day() = RuleDate(2026, 2, 30); },
     "last_day 2026-2-30 is not a calendar date"},
    {"ReversedPeriod", [](auto& r) { *r.mutable_last_day() = RuleDate(2025, 12, 31); },
     "the period's last_day 2025-12-31 is before its first_day 2026-01-01"},
    {"NoFulfilment", [](auto& r) { r.clear_fulfilment(); },
     "fulfilment is required, on the scale 1 Inte alls, 2 Till mycket liten del"},
    {"FulfilmentSeven", [](auto& r) { r.set_fulfilment(static_cast<v1::GoalFulfilment>(7)); },
     "6 Helt och hållet"},
    {"NoMotivation", [](auto& r) { r.clear_motivation(); },
     "motivation is required: why the goal was rated so, without naming or describing "
     "participants"},
    {"BlankMotivation", [](auto& r) { r.set_motivation(" \n\t"); }, "motivation is required"},
    {"MotivationTooLong", [](auto& r) { r.set_motivation(std::string(4001, 'x')); },
     "motivation is 4001 characters long; at most 4000 are allowed: shorten it"},
    {"MotivationNotUtf8", [](auto& r) { r.set_motivation("bra \xC3("); },
     "motivation is not valid UTF-8 text"},
    {"MotivationOverlongUtf8", [](auto& r) { r.set_motivation("\xC0\xAF"); },
     "motivation is not valid UTF-8 text"},
    {"NoRatedBy", [](auto& r) { r.clear_rated_by(); },
     "rated_by is required: the body that decided, e.g. \"styrelsen\""},
    {"RatedByTooLong", [](auto& r) { r.set_rated_by(std::string(201, 's')); },
     "rated_by is 201 characters long; at most 200"},
    {"NoDecisionDate", [](auto& r) { r.clear_decided_on(); }, "decided_on is required"},
    {"DecidedTomorrow", [](auto& r) { *r.mutable_decided_on() = RuleDate(2026, 9, 21); },
     "decided_on 2026-09-21 is in the future (today is 2026-09-20): record the rating after the "
     "meeting"},
    {"DecidedBeforeThePeriod", [](auto& r) { *r.mutable_decided_on() = RuleDate(2025, 12, 10); },
     "decided_on 2025-12-10 is before the period's first_day 2026-01-01"},
};

INSTANTIATE_TEST_SUITE_P(EveryRule, BadRatingTest, ::testing::ValuesIn(kBadRatings),
                         [](const ::testing::TestParamInfo<BadRating>& bad) {
                           return bad.param.name;
                         });

// A stored rating of `goal_id` on `platform_id` for `first`–`last`, decided
// on `decided`, recorded as the stream's `version`-th event.
StoredBoardRating Stored(uint64_t version, const std::string& platform_id,
                         const std::string& goal_id, v1::Date first, v1::Date last,
                         v1::Date decided) {
  StoredBoardRating stored;
  stored.rating.set_rating_id(absl::StrCat("R", version));
  stored.rating.set_platform_id(platform_id);
  stored.rating.set_goal_id(goal_id);
  *stored.rating.mutable_period_first_day() = first;
  *stored.rating.mutable_period_last_day() = last;
  *stored.rating.mutable_decided_on() = decided;
  stored.version = version;
  return stored;
}

std::vector<StoredBoardRating> SomeRatings() {
  return {
      // The first half of 2026, decided in September; R3 corrects R1 on the
      // same day.
      Stored(1, "ungdomstorget", "arbete-studier", RuleDate(2026, 1, 1), RuleDate(2026, 6, 30),
             RuleDate(2026, 9, 18)),
      Stored(2, "vuxentorget", "narmare-arbete", RuleDate(2026, 1, 1), RuleDate(2026, 6, 30),
             RuleDate(2026, 9, 18)),
      Stored(3, "ungdomstorget", "arbete-studier", RuleDate(2026, 1, 1), RuleDate(2026, 6, 30),
             RuleDate(2026, 9, 18)),
      // 2025, decided in February 2026 but recorded after the others.
      Stored(4, "ungdomstorget", "tidig-insats", RuleDate(2025, 1, 1), RuleDate(2025, 12, 31),
             RuleDate(2026, 2, 12)),
  };
}

std::vector<std::string> IdsOf(const v1::ListBoardRatingsResponse& response) {
  std::vector<std::string> ids;
  for (const v1::BoardRating& rating : response.ratings()) ids.push_back(rating.rating_id());
  return ids;
}

TEST(BoardRatingListTest, NewestDecisionFirstThenLastRecordedFirst) {
  ASSERT_OK_AND_ASSIGN(const v1::ListBoardRatingsResponse response,
                       ListBoardRatingPage({}, ExampleConfig(), SomeRatings()));
  EXPECT_THAT(IdsOf(response), ElementsAre("R3", "R2", "R1", "R4"));
  EXPECT_THAT(response.next_page_token(), IsEmpty());
}

TEST(BoardRatingListTest, FiltersByPlatformGoalAndPeriodOverlap) {
  v1::ListBoardRatingsRequest request;
  request.set_platform_id("ungdomstorget");
  ASSERT_OK_AND_ASSIGN(v1::ListBoardRatingsResponse response,
                       ListBoardRatingPage(request, ExampleConfig(), SomeRatings()));
  EXPECT_THAT(IdsOf(response), ElementsAre("R3", "R1", "R4"));

  request.set_goal_id("tidig-insats");
  ASSERT_OK_AND_ASSIGN(response, ListBoardRatingPage(request, ExampleConfig(), SomeRatings()));
  EXPECT_THAT(IdsOf(response), ElementsAre("R4"));

  // Periods overlapping December 2025 – January 2026: both years'.
  request.clear_goal_id();
  *request.mutable_first_day() = RuleDate(2025, 12, 1);
  *request.mutable_last_day() = RuleDate(2026, 1, 1);
  ASSERT_OK_AND_ASSIGN(response, ListBoardRatingPage(request, ExampleConfig(), SomeRatings()));
  EXPECT_THAT(IdsOf(response), ElementsAre("R3", "R1", "R4"));
  // From 1 January 2026 on: 2025's rating ends before.
  request.clear_last_day();
  *request.mutable_first_day() = RuleDate(2026, 1, 1);
  ASSERT_OK_AND_ASSIGN(response, ListBoardRatingPage(request, ExampleConfig(), SomeRatings()));
  EXPECT_THAT(IdsOf(response), ElementsAre("R3", "R1"));
  // Up to 31 December 2025: 2026's ratings start after.
  request.clear_first_day();
  *request.mutable_last_day() = RuleDate(2025, 12, 31);
  ASSERT_OK_AND_ASSIGN(response, ListBoardRatingPage(request, ExampleConfig(), SomeRatings()));
  EXPECT_THAT(IdsOf(response), ElementsAre("R4"));
}

TEST(BoardRatingListTest, PagesFollowTheLastRatingGivenNotAnOffset) {
  v1::ListBoardRatingsRequest request;
  request.set_page_size(2);
  std::vector<StoredBoardRating> ratings = SomeRatings();
  ASSERT_OK_AND_ASSIGN(v1::ListBoardRatingsResponse first,
                       ListBoardRatingPage(request, ExampleConfig(), ratings));
  EXPECT_THAT(IdsOf(first), ElementsAre("R3", "R2"));
  ASSERT_THAT(first.next_page_token(), Not(IsEmpty()));
  // A rating recorded between the pages, decided before them all, goes to
  // its place without moving what the next page shows.
  ratings.push_back(Stored(5, "vuxentorget", "egen-forsorjning", RuleDate(2025, 1, 1),
                           RuleDate(2025, 12, 31), RuleDate(2026, 1, 20)));
  request.set_page_token(first.next_page_token());
  ASSERT_OK_AND_ASSIGN(const v1::ListBoardRatingsResponse second,
                       ListBoardRatingPage(request, ExampleConfig(), ratings));
  EXPECT_THAT(IdsOf(second), ElementsAre("R1", "R4"));
  ASSERT_THAT(second.next_page_token(), Not(IsEmpty()));
  request.set_page_token(second.next_page_token());
  ASSERT_OK_AND_ASSIGN(const v1::ListBoardRatingsResponse third,
                       ListBoardRatingPage(request, ExampleConfig(), ratings));
  EXPECT_THAT(IdsOf(third), ElementsAre("R5"));
  EXPECT_THAT(third.next_page_token(), IsEmpty());
}

TEST(BoardRatingListTest, RefusesWhatItCannotList) {
  const v1::ForbundConfig config = ExampleConfig();
  v1::ListBoardRatingsRequest request;
  request.set_goal_id("arbete-studier");
  EXPECT_THAT(ListBoardRatingPage(request, config, {}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("goal_id needs platform_id: goal ids are unique only within")));
  request = {};
  request.set_platform_id("barntorget");
  EXPECT_THAT(ListBoardRatingPage(request, config, {}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("\"barntorget\" is not a platform of the förbund")));
  request = {};
  *request.mutable_first_day() = RuleDate(2026, 7, 1);
  *request.mutable_last_day() = RuleDate(2026, 6, 30);
  EXPECT_THAT(ListBoardRatingPage(request, config, {}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("last_day 2026-06-30 is before first_day 2026-07-01")));
  request = {};
  request.set_page_size(1001);
  EXPECT_THAT(ListBoardRatingPage(request, config, {}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("page_size must be from 0 (the default, 100) to 1000")));
  request = {};
  request.set_page_token("audit:7");
  EXPECT_THAT(ListBoardRatingPage(request, config, {}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("page_token is not one this list gave")));
}

}  // namespace
}  // namespace torg::governance
