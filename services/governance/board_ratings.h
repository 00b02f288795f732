#ifndef TORG_SERVICES_GOVERNANCE_BOARD_RATINGS_H_
#define TORG_SERVICES_GOVERNANCE_BOARD_RATINGS_H_

// The board review over the event store: records a rating as one event of
// the förbund's "board-ratings" stream, idempotently, and lists the
// ratings. No gRPC: FlowService adapts it.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/swedish_calendar.h"
#include "services/sealing/lookup_hasher.h"
#include "storage/event_store.h"
#include "torg/v1/flow_service.pb.h"
#include "torg/v1/forbund_config.pb.h"

namespace torg::governance {

// The stream every rating of the förbund is appended to. torgd serves one
// förbund, so one stream.
inline constexpr absl::string_view kBoardRatingsStream = "board-ratings";
// The type of its events.
inline constexpr absl::string_view kGovernanceEventType = "torg.v1.GovernanceEvent";

class BoardRatings {
 public:
  // `store`, `config` and `hasher` (the server's keyed request digests) must
  // outlive this.
  BoardRatings(storage::EventStore& store, const v1::ForbundConfig& config,
               const sealing::LookupHasher& hasher, common::Clock clock);

  // Records the rating `request` asks for, by `user`. A retry with the same
  // request_id returns the first rating, marked replayed, and writes
  // nothing; the same request_id with another rating is INVALID_ARGUMENT.
  // Otherwise INVALID_ARGUMENT as DecideBoardRating.
  absl::StatusOr<v1::RecordBoardRatingResponse> Record(const v1::RecordBoardRatingRequest& request,
                                                       const std::string& user) const;

  // One page of the ratings (see ListBoardRatingPage).
  absl::StatusOr<v1::ListBoardRatingsResponse> List(
      const v1::ListBoardRatingsRequest& request) const;

 private:
  // The rating an append (or the replayed first attempt) wrote.
  absl::StatusOr<v1::RecordBoardRatingResponse> Recorded(const storage::AppendResult& result) const;

  storage::EventStore& store_;
  const v1::ForbundConfig& config_;
  const sealing::LookupHasher& hasher_;
  common::Clock clock_;
};

}  // namespace torg::governance

#endif  // TORG_SERVICES_GOVERNANCE_BOARD_RATINGS_H_
