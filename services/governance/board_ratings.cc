#include "services/governance/board_ratings.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/casework/ids.h"
#include "services/casework/request_fingerprint.h"
#include "services/common/status_macros.h"
#include "services/governance/board_rating.h"
#include "torg/v1/governance_events.pb.h"

namespace torg::governance {
namespace {

constexpr char kRecordBoardRatingMethod[] = "torg.v1.FlowService/RecordBoardRating";
// The store's own limit on request ids, checked here to say it in the API's
// words.
constexpr size_t kMaxBoardRatingRequestIdLength = 200;
// Ratings are few (tens a year per förbund): ListBoardRatings reads the
// whole stream, in chunks of this many events, rather than keeping a
// projection that would cost every append of every case.
constexpr size_t kRatingReadChunk = 1000;

absl::StatusOr<StoredBoardRating> StoredRatingOf(const storage::RecordedEvent& event) {
  v1::GovernanceEvent governance;
  if (event.type != kGovernanceEventType || !governance.ParseFromString(event.data) ||
      !governance.has_board_rating_recorded()) {
    return absl::InternalError(absl::StrCat("event ", event.position, " of stream ", event.stream,
                                            " is not a recorded board rating"));
  }
  StoredBoardRating stored;
  stored.rating = std::move(*governance.mutable_board_rating_recorded());
  stored.recorded_by = governance.recorded_by();
  stored.recorded_at = event.recorded_at;
  stored.version = event.version;
  return stored;
}

}  // namespace

BoardRatings::BoardRatings(storage::EventStore& store, const v1::ForbundConfig& config,
                           const sealing::LookupHasher& hasher, common::Clock clock)
    : store_(store), config_(config), hasher_(hasher), clock_(std::move(clock)) {}

absl::StatusOr<v1::RecordBoardRatingResponse> BoardRatings::Record(
    const v1::RecordBoardRatingRequest& request, const std::string& user) const {
  if (request.request_id().empty() ||
      request.request_id().size() > kMaxBoardRatingRequestIdLength) {
    return absl::InvalidArgumentError(
        "request_id is required: 1 to 200 characters chosen by the client (a UUID is a good "
        "choice), the same in every retry of the request");
  }
  // A digest of the client's request, not of the event: the event's
  // rating_id is fresh in every attempt. Keyed, as casework's are, though a
  // rating is not personal data: a motivation that breaks the rule and
  // names someone is then still not confirmable by guessing.
  const std::string fingerprint =
      casework::RequestFingerprint(hasher_, kRecordBoardRatingMethod, request);
  // Looked up before deciding: a retry answers with the first rating even if
  // the configuration changed meanwhile.
  TORG_ASSIGN_OR_RETURN(std::optional<storage::AppendResult> earlier,
                        store_.LookupRequest(request.request_id(), fingerprint));
  if (earlier.has_value()) return Recorded(*earlier);

  TORG_ASSIGN_OR_RETURN(v1::BoardRatingRecorded rating,
                        DecideBoardRating(request, config_, common::SwedishDay(clock_())));
  rating.set_rating_id(casework::NewId());
  v1::GovernanceEvent event;
  event.set_recorded_by(user);
  *event.mutable_board_rating_recorded() = std::move(rating);

  // No expected version: ratings never contradict one another (a later one
  // of the same goal and period stands beside the earlier), so concurrent
  // recordings both go in.
  storage::AppendRequest append = storage::AppendRequest::ToStream(
      request.request_id(), std::string(kBoardRatingsStream), std::nullopt,
      {storage::NewEvent{std::string(kGovernanceEventType), event.SerializeAsString(), ""}});
  append.request_fingerprint = fingerprint;
  TORG_ASSIGN_OR_RETURN(const storage::AppendResult result, store_.Append(append));
  // replayed here means a concurrent attempt of the same request won: its
  // rating, not this one, is the one recorded.
  return Recorded(result);
}

absl::StatusOr<v1::RecordBoardRatingResponse> BoardRatings::Recorded(
    const storage::AppendResult& result) const {
  TORG_ASSIGN_OR_RETURN(std::vector<storage::RecordedEvent> events,
                        store_.ReadAll(result.first_position, 1));
  if (events.empty() || events.front().stream != kBoardRatingsStream) {
    return absl::InternalError(absl::StrCat("the recorded rating at position ",
                                            result.first_position, " cannot be read back"));
  }
  TORG_ASSIGN_OR_RETURN(const StoredBoardRating stored, StoredRatingOf(events.front()));
  v1::RecordBoardRatingResponse response;
  *response.mutable_rating() = ToBoardRating(stored);
  response.set_replayed(result.replayed);
  return response;
}

absl::StatusOr<v1::ListBoardRatingsResponse> BoardRatings::List(
    const v1::ListBoardRatingsRequest& request) const {
  std::vector<StoredBoardRating> ratings;
  uint64_t next_version = 1;
  while (true) {
    TORG_ASSIGN_OR_RETURN(std::vector<storage::RecordedEvent> events,
                          store_.ReadStream(kBoardRatingsStream, next_version, kRatingReadChunk));
    for (const storage::RecordedEvent& event : events) {
      TORG_ASSIGN_OR_RETURN(StoredBoardRating stored, StoredRatingOf(event));
      ratings.push_back(std::move(stored));
      next_version = event.version + 1;
    }
    if (events.size() < kRatingReadChunk) break;
  }
  return ListBoardRatingPage(request, config_, ratings);
}

}  // namespace torg::governance
