#include "services/governance/board_rating.h"

#include <algorithm>
#include <optional>
#include <tuple>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/time_util.h"
#include "services/casefile/case_state.h"
#include "services/casefile/forbund_lookup.h"
#include "services/common/status_macros.h"

namespace torg::governance {
namespace {

constexpr int32_t kDefaultRatingPageSize = 100;
constexpr int32_t kMaxRatingPageSize = 1000;
constexpr absl::string_view kRatingTokenPrefix = "board-ratings:";

std::string RatingDayText(absl::CivilDay day) { return absl::FormatCivilTime(day); }

// The number of code points of `text`, or nullopt when it is not UTF-8
// (overlong forms and surrogates included): protobuf would not parse such a
// string back from the store.
std::optional<int64_t> RatingUtf8Length(absl::string_view text) {
  int64_t characters = 0;
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t length = 1;
    uint32_t code_point = lead;
    uint32_t lowest = 0;
    if (lead >= 0x80) {
      if ((lead & 0xE0) == 0xC0) {
        length = 2;
        code_point = lead & 0x1F;
        lowest = 0x80;
      } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        code_point = lead & 0x0F;
        lowest = 0x800;
      } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        code_point = lead & 0x07;
        lowest = 0x10000;
      } else {
        return std::nullopt;
      }
      if (i + length > text.size()) return std::nullopt;
      for (size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[i + k]);
        if ((next & 0xC0) != 0x80) return std::nullopt;
        code_point = (code_point << 6) | (next & 0x3F);
      }
      if (code_point < lowest || code_point > 0x10FFFF ||
          (code_point >= 0xD800 && code_point <= 0xDFFF)) {
        return std::nullopt;
      }
    }
    i += length;
    ++characters;
  }
  return characters;
}

// A free text of 1 to `max_characters` characters that is not only blanks.
absl::Status CheckRatingText(absl::string_view text, absl::string_view field,
                             int64_t max_characters, absl::string_view what) {
  const std::optional<int64_t> characters = RatingUtf8Length(text);
  if (!characters.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " is not valid UTF-8 text: paste it as plain text"));
  }
  if (absl::StripAsciiWhitespace(text).empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, " is required: ", what));
  }
  if (*characters > max_characters) {
    return absl::InvalidArgumentError(absl::StrCat(field, " is ", *characters,
                                                   " characters long; at most ", max_characters,
                                                   " are allowed: shorten it"));
  }
  return absl::OkStatus();
}

// A date the request must give.
absl::StatusOr<absl::CivilDay> RequiredRatingDay(bool present, const v1::Date& date,
                                                 absl::string_view field) {
  if (!present) return absl::InvalidArgumentError(absl::StrCat(field, " is required"));
  const std::optional<absl::CivilDay> day = casefile::ToCivilDay(date);
  if (!day.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(field, " ", date.year(), "-", date.month(), "-",
                                                   date.day(), " is not a calendar date"));
  }
  return *day;
}

// A date the request may leave unset.
absl::StatusOr<std::optional<absl::CivilDay>> OptionalRatingDay(bool present, const v1::Date& date,
                                                                absl::string_view field) {
  if (!present) return std::nullopt;
  TORG_ASSIGN_OR_RETURN(absl::CivilDay day, RequiredRatingDay(true, date, field));
  return day;
}

absl::StatusOr<const v1::Platform*> RatedPlatform(const v1::ForbundConfig& config,
                                                  const std::string& platform_id) {
  return casefile::KnownPlatform(config, platform_id);
}

absl::StatusOr<const v1::PlatformGoal*> RatedGoal(const v1::Platform& platform,
                                                  const std::string& goal_id) {
  if (platform.goals().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("platform ", platform.id(),
                     " has no goals in the förbund's configuration; the administrator adds the "
                     "goals of the board's plan (Platform.goals) before they can be rated"));
  }
  std::vector<std::string> known;
  for (const v1::PlatformGoal& goal : platform.goals()) {
    if (goal.id() == goal_id) return &goal;
    known.push_back(absl::StrCat(goal.id(), " (", goal.text(), ")"));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      goal_id.empty() ? std::string("goal_id is required")
                      : absl::StrCat("goal_id \"", goal_id, "\" is not a goal of ", platform.id()),
      ": one of ", absl::StrJoin(known, "; ")));
}

// Where a rating stands in the list: newer decisions first, then later
// recordings first. Compared as a tuple, the greater comes first.
using RatingOrderKey = std::tuple<absl::CivilDay, uint64_t>;

RatingOrderKey OrderKeyOf(const StoredBoardRating& stored) {
  return {casefile::ToCivilDay(stored.rating.decided_on()).value_or(absl::CivilDay()),
          stored.version};
}

std::string RatingPageToken(const RatingOrderKey& key) {
  return absl::StrCat(kRatingTokenPrefix, RatingDayText(std::get<0>(key)), "/", std::get<1>(key));
}

absl::StatusOr<std::optional<RatingOrderKey>> RatingPageStart(const std::string& token) {
  if (token.empty()) return std::nullopt;
  const absl::Status refused =
      absl::InvalidArgumentError("page_token is not one this list gave: start again without it");
  if (!absl::StartsWith(token, kRatingTokenPrefix)) return refused;
  const std::vector<std::string> parts =
      absl::StrSplit(absl::string_view(token).substr(kRatingTokenPrefix.size()), '/');
  absl::CivilDay day;
  uint64_t version = 0;
  if (parts.size() != 2 || !absl::ParseCivilTime(parts[0], &day) ||
      !absl::SimpleAtoi(parts[1], &version)) {
    return refused;
  }
  return RatingOrderKey{day, version};
}

struct RatingFilter {
  std::string platform_id;
  std::string goal_id;
  std::optional<absl::CivilDay> first_day;
  std::optional<absl::CivilDay> last_day;
};

absl::StatusOr<RatingFilter> RatingFilterOf(const v1::ListBoardRatingsRequest& request,
                                            const v1::ForbundConfig& config) {
  RatingFilter filter;
  filter.platform_id = request.platform_id();
  filter.goal_id = request.goal_id();
  if (!filter.platform_id.empty()) {
    TORG_RETURN_IF_ERROR(RatedPlatform(config, filter.platform_id).status());
  } else if (!filter.goal_id.empty()) {
    return absl::InvalidArgumentError(
        "goal_id needs platform_id: goal ids are unique only within their platform");
  }
  TORG_ASSIGN_OR_RETURN(filter.first_day, OptionalRatingDay(request.has_first_day(),
                                                            request.first_day(), "first_day"));
  TORG_ASSIGN_OR_RETURN(filter.last_day,
                        OptionalRatingDay(request.has_last_day(), request.last_day(), "last_day"));
  if (filter.first_day.has_value() && filter.last_day.has_value() &&
      *filter.last_day < *filter.first_day) {
    return absl::InvalidArgumentError(absl::StrCat("last_day ", RatingDayText(*filter.last_day),
                                                   " is before first_day ",
                                                   RatingDayText(*filter.first_day)));
  }
  return filter;
}

bool RatingMatches(const RatingFilter& filter, const v1::BoardRatingRecorded& rating) {
  if (!filter.platform_id.empty() && rating.platform_id() != filter.platform_id) return false;
  if (!filter.goal_id.empty() && rating.goal_id() != filter.goal_id) return false;
  // Overlap: the rated period ends on or after first_day and starts on or
  // before last_day. Stored ratings were checked when recorded, so their
  // dates parse.
  const std::optional<absl::CivilDay> period_first =
      casefile::ToCivilDay(rating.period_first_day());
  const std::optional<absl::CivilDay> period_last = casefile::ToCivilDay(rating.period_last_day());
  if (filter.first_day.has_value() && period_last.has_value() && *period_last < *filter.first_day) {
    return false;
  }
  if (filter.last_day.has_value() && period_first.has_value() && *filter.last_day < *period_first) {
    return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<v1::BoardRatingRecorded> DecideBoardRating(
    const v1::RecordBoardRatingRequest& request, const v1::ForbundConfig& config,
    absl::CivilDay today) {
  TORG_ASSIGN_OR_RETURN(const v1::Platform* platform, RatedPlatform(config, request.platform_id()));
  TORG_ASSIGN_OR_RETURN(const v1::PlatformGoal* goal, RatedGoal(*platform, request.goal_id()));
  TORG_ASSIGN_OR_RETURN(
      const absl::CivilDay first_day,
      RequiredRatingDay(request.has_first_day(), request.first_day(), "first_day"));
  TORG_ASSIGN_OR_RETURN(const absl::CivilDay last_day,
                        RequiredRatingDay(request.has_last_day(), request.last_day(), "last_day"));
  if (last_day < first_day) {
    return absl::InvalidArgumentError(
        absl::StrCat("the period's last_day ", RatingDayText(last_day), " is before its first_day ",
                     RatingDayText(first_day)));
  }
  if (request.fulfilment() < v1::GOAL_FULFILMENT_NOT_AT_ALL ||
      request.fulfilment() > v1::GOAL_FULFILMENT_COMPLETELY) {
    return absl::InvalidArgumentError(
        "fulfilment is required, on the scale 1 Inte alls, 2 Till mycket liten del, 3 Till liten "
        "del, 4 Till stor del, 5 Till mycket stor del, 6 Helt och hållet");
  }
  TORG_RETURN_IF_ERROR(
      CheckRatingText(request.motivation(), "motivation", kMaxMotivationCharacters,
                      "why the goal was rated so, without naming or describing participants"));
  TORG_RETURN_IF_ERROR(CheckRatingText(request.rated_by(), "rated_by", kMaxRatedByCharacters,
                                       "the body that decided, e.g. \"styrelsen\" or "
                                       "\"styrgrupp Ungdomstorget\""));
  TORG_ASSIGN_OR_RETURN(
      const absl::CivilDay decided_on,
      RequiredRatingDay(request.has_decided_on(), request.decided_on(), "decided_on"));
  if (today < decided_on) {
    return absl::InvalidArgumentError(
        absl::StrCat("decided_on ", RatingDayText(decided_on), " is in the future (today is ",
                     RatingDayText(today), "): record the rating after the meeting"));
  }
  if (decided_on < first_day) {
    return absl::InvalidArgumentError(
        absl::StrCat("decided_on ", RatingDayText(decided_on), " is before the period's first_day ",
                     RatingDayText(first_day), ": a period can be rated only once it has begun"));
  }

  v1::BoardRatingRecorded rating;
  rating.set_platform_id(platform->id());
  rating.set_goal_id(goal->id());
  rating.set_goal_text(goal->text());
  *rating.mutable_period_first_day() = casefile::ToProtoDate(first_day);
  *rating.mutable_period_last_day() = casefile::ToProtoDate(last_day);
  rating.set_fulfilment(request.fulfilment());
  rating.set_motivation(request.motivation());
  rating.set_rated_by(std::string(absl::StripAsciiWhitespace(request.rated_by())));
  *rating.mutable_decided_on() = casefile::ToProtoDate(decided_on);
  return rating;
}

v1::BoardRating ToBoardRating(const StoredBoardRating& stored) {
  const v1::BoardRatingRecorded& recorded = stored.rating;
  v1::BoardRating rating;
  rating.set_rating_id(recorded.rating_id());
  rating.set_platform_id(recorded.platform_id());
  rating.set_goal_id(recorded.goal_id());
  rating.set_goal_text(recorded.goal_text());
  *rating.mutable_first_day() = recorded.period_first_day();
  *rating.mutable_last_day() = recorded.period_last_day();
  rating.set_fulfilment(recorded.fulfilment());
  rating.set_motivation(recorded.motivation());
  rating.set_rated_by(recorded.rated_by());
  *rating.mutable_decided_on() = recorded.decided_on();
  rating.set_recorded_by(stored.recorded_by);
  *rating.mutable_recorded_at() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
      absl::ToUnixMicros(stored.recorded_at));
  return rating;
}

absl::StatusOr<v1::ListBoardRatingsResponse> ListBoardRatingPage(
    const v1::ListBoardRatingsRequest& request, const v1::ForbundConfig& config,
    const std::vector<StoredBoardRating>& ratings) {
  TORG_ASSIGN_OR_RETURN(const RatingFilter filter, RatingFilterOf(request, config));
  if (request.page_size() < 0 || request.page_size() > kMaxRatingPageSize) {
    return absl::InvalidArgumentError(absl::StrCat("page_size must be from 0 (the default, ",
                                                   kDefaultRatingPageSize, ") to ",
                                                   kMaxRatingPageSize));
  }
  const int32_t page_size = request.page_size() == 0 ? kDefaultRatingPageSize : request.page_size();
  TORG_ASSIGN_OR_RETURN(const std::optional<RatingOrderKey> start,
                        RatingPageStart(request.page_token()));

  // The token is the key of the last rating given, not an offset, so a
  // rating recorded between two pages neither repeats nor hides another.
  std::vector<const StoredBoardRating*> listed;
  for (const StoredBoardRating& stored : ratings) {
    if (!RatingMatches(filter, stored.rating)) continue;
    if (start.has_value() && !(OrderKeyOf(stored) < *start)) continue;
    listed.push_back(&stored);
  }
  std::sort(listed.begin(), listed.end(),
            [](const StoredBoardRating* a, const StoredBoardRating* b) {
              return OrderKeyOf(*b) < OrderKeyOf(*a);
            });
  v1::ListBoardRatingsResponse response;
  for (const StoredBoardRating* stored : listed) {
    if (response.ratings_size() == page_size) {
      response.set_next_page_token(
          RatingPageToken(OrderKeyOf(*listed[static_cast<size_t>(page_size) - 1])));
      break;
    }
    *response.add_ratings() = ToBoardRating(*stored);
  }
  return response;
}

}  // namespace torg::governance
