#ifndef TORG_SERVICES_GOVERNANCE_BOARD_RATING_H_
#define TORG_SERVICES_GOVERNANCE_BOARD_RATING_H_

// The board review in plain C++ (no gRPC, no store): whether a rating of a
// platform goal may be recorded, and which recorded ratings a list shows in
// which order. The messages are for the board's secretary who records the
// rating, so they say what to change.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "torg/v1/flow_service.pb.h"
#include "torg/v1/forbund_config.pb.h"
#include "torg/v1/governance_events.pb.h"

namespace torg::governance {

// The limits of a rating's free texts, in characters (Unicode code points).
inline constexpr int64_t kMaxMotivationCharacters = 4000;
inline constexpr int64_t kMaxRatedByCharacters = 200;

// The rating `request` asks to record, checked against the förbund's
// `config` and the Swedish date `today`: the event to persist, without the
// server's rating_id. INVALID_ARGUMENT, naming the field, for an unknown
// platform or goal, a missing, invalid or reversed period, a fulfilment
// outside 1–6, a motivation or rated_by that is empty, too long or not
// UTF-8, and a decision date missing, in the future or before the period's
// first day. The request_id is the caller's to check.
absl::StatusOr<v1::BoardRatingRecorded> DecideBoardRating(
    const v1::RecordBoardRatingRequest& request, const v1::ForbundConfig& config,
    absl::CivilDay today);

// A rating as the store holds it.
struct StoredBoardRating {
  v1::BoardRatingRecorded rating;
  std::string recorded_by;
  absl::Time recorded_at;
  // Its version in the ratings stream: the order it was recorded in.
  uint64_t version = 0;
};

// The API's view of a stored rating.
v1::BoardRating ToBoardRating(const StoredBoardRating& stored);

// One page of `request` over every recorded rating (`ratings`, in any
// order): filtered, newest decision first, then the last recorded first.
// INVALID_ARGUMENT for a platform not in `config`, a goal_id without
// platform_id, an invalid or reversed period, a page_size outside 0–1000 or
// a page_token this list did not give.
absl::StatusOr<v1::ListBoardRatingsResponse> ListBoardRatingPage(
    const v1::ListBoardRatingsRequest& request, const v1::ForbundConfig& config,
    const std::vector<StoredBoardRating>& ratings);

}  // namespace torg::governance

#endif  // TORG_SERVICES_GOVERNANCE_BOARD_RATING_H_
