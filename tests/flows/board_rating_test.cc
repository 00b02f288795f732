// The board review through gRPC on a real torgd (FlowService.RecordBoardRating
// and ListBoardRatings): the board's secretary records ratings of the
// example configuration's platform goals, report readers list them, a retry
// writes once, and whoever is not a steering user or an admin cannot record.

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "services/auth/principal.h"
#include "tests/caseflow/caseflow_fixture.h"
#include "tests/support/status_matchers.h"
#include "torg/v1/flow_service.grpc.pb.h"

namespace torg {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::torg::testing::StatusIs;

v1::Date BoardDate(int year, int month, int day) {
  v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

class BoardRatingTest : public caseflow_test::CaseFlowTest {
 protected:
  BoardRatingTest() { insecure_dev_ = false; }

  void SetUp() override {
    caseflow_test::CaseFlowTest::SetUp();
    if (HasFatalFailure()) return;
    flows_ = v1::FlowService::NewStub(channel());
    SetToday(absl::CivilDay(2026, 9, 20));
    secretary_token_ = TokenFor({auth::Role::kSteering}, {}, "styrelsesekreterare");
    coordinator_token_ = TokenFor({auth::Role::kCoordinator}, {"ungdomstorget"}, "koordinator");
    set_token(secretary_token_);
  }

  // The board rates a goal of Ungdomstorget for the first half of 2026 at
  // its meeting of 18 September.
  v1::RecordBoardRatingRequest Rating(const std::string& goal_id = "arbete-studier") {
    v1::RecordBoardRatingRequest request;
    request.set_request_id(NewRequestId());
    request.set_platform_id("ungdomstorget");
    request.set_goal_id(goal_id);
    *request.mutable_first_day() = BoardDate(2026, 1, 1);
    *request.mutable_last_day() = BoardDate(2026, 6, 30);
    request.set_fulfilment(v1::GOAL_FULFILMENT_LARGE_EXTENT);
    request.set_motivation("Fler unga gick vidare till arbete eller studier än under 2025.");
    request.set_rated_by("styrelsen");
    *request.mutable_decided_on() = BoardDate(2026, 9, 18);
    return request;
  }

  absl::StatusOr<v1::RecordBoardRatingResponse> Record(
      const v1::RecordBoardRatingRequest& request) const {
    return Invoke<v1::RecordBoardRatingResponse>(
        [&](grpc::ClientContext* context, v1::RecordBoardRatingResponse* response) {
          return flows_->RecordBoardRating(context, request, response);
        });
  }

  absl::StatusOr<v1::ListBoardRatingsResponse> List(
      const v1::ListBoardRatingsRequest& request) const {
    return Invoke<v1::ListBoardRatingsResponse>(
        [&](grpc::ClientContext* context, v1::ListBoardRatingsResponse* response) {
          return flows_->ListBoardRatings(context, request, response);
        });
  }

  static std::vector<std::string> IdsOf(const v1::ListBoardRatingsResponse& response) {
    std::vector<std::string> ids;
    for (const v1::BoardRating& rating : response.ratings()) ids.push_back(rating.rating_id());
    return ids;
  }

  std::unique_ptr<v1::FlowService::Stub> flows_;
  std::string secretary_token_;
  std::string coordinator_token_;
};

TEST_F(BoardRatingTest, RecordsARatingAsTheBoardDecidedIt) {
  ASSERT_OK_AND_ASSIGN(const v1::RecordBoardRatingResponse recorded, Record(Rating()));
  EXPECT_FALSE(recorded.replayed());
  const v1::BoardRating& rating = recorded.rating();
  EXPECT_THAT(rating.rating_id(), Not(IsEmpty()));
  EXPECT_EQ(rating.platform_id(), "ungdomstorget");
  EXPECT_EQ(rating.goal_id(), "arbete-studier");
  EXPECT_EQ(rating.goal_text(), "Fler unga i arbete eller studier");
  EXPECT_EQ(rating.first_day().month(), 1);
  EXPECT_EQ(rating.last_day().day(), 30);
  EXPECT_EQ(rating.fulfilment(), v1::GOAL_FULFILMENT_LARGE_EXTENT);
  EXPECT_THAT(rating.motivation(), HasSubstr("Fler unga gick vidare"));
  EXPECT_EQ(rating.rated_by(), "styrelsen");
  EXPECT_EQ(rating.decided_on().day(), 18);
  EXPECT_EQ(rating.recorded_by(), "styrelsesekreterare");
  EXPECT_TRUE(rating.has_recorded_at());

  // A coordinator reads it back as it was recorded.
  set_token(coordinator_token_);
  ASSERT_OK_AND_ASSIGN(const v1::ListBoardRatingsResponse listed, List({}));
  ASSERT_EQ(listed.ratings_size(), 1);
  EXPECT_EQ(listed.ratings(0).SerializeAsString(), rating.SerializeAsString());
}

TEST_F(BoardRatingTest, ListsNewestDecisionFirstFilteredAndPaged) {
  // Ungdomstorget's 2025 rated in February; 2026's first half in September
  // by the board and by the steering group; Vuxentorget's in September.
  v1::RecordBoardRatingRequest year_2025 = Rating("tidig-insats");
  *year_2025.mutable_first_day() = BoardDate(2025, 1, 1);
  *year_2025.mutable_last_day() = BoardDate(2025, 12, 31);
  *year_2025.mutable_decided_on() = BoardDate(2026, 2, 12);
  v1::RecordBoardRatingRequest steering_group = Rating();
  steering_group.set_rated_by("styrgrupp Ungdomstorget");
  steering_group.set_fulfilment(v1::GOAL_FULFILMENT_VERY_LARGE_EXTENT);
  *steering_group.mutable_decided_on() = BoardDate(2026, 9, 2);
  v1::RecordBoardRatingRequest adults = Rating("narmare-arbete");
  adults.set_platform_id("vuxentorget");
  ASSERT_OK_AND_ASSIGN(const v1::RecordBoardRatingResponse board, Record(Rating()));
  ASSERT_OK_AND_ASSIGN(const v1::RecordBoardRatingResponse old, Record(year_2025));
  ASSERT_OK_AND_ASSIGN(const v1::RecordBoardRatingResponse group, Record(steering_group));
  ASSERT_OK_AND_ASSIGN(const v1::RecordBoardRatingResponse vuxen, Record(adults));
  const std::string b = board.rating().rating_id();
  const std::string o = old.rating().rating_id();
  const std::string g = group.rating().rating_id();
  const std::string v = vuxen.rating().rating_id();

  ASSERT_OK_AND_ASSIGN(v1::ListBoardRatingsResponse listed, List({}));
  EXPECT_THAT(IdsOf(listed), ElementsAre(v, b, g, o));

  v1::ListBoardRatingsRequest request;
  request.set_platform_id("ungdomstorget");
  ASSERT_OK_AND_ASSIGN(listed, List(request));
  EXPECT_THAT(IdsOf(listed), ElementsAre(b, g, o));
  request.set_goal_id("tidig-insats");
  ASSERT_OK_AND_ASSIGN(listed, List(request));
  EXPECT_THAT(IdsOf(listed), ElementsAre(o));
  request.clear_goal_id();
  *request.mutable_first_day() = BoardDate(2026, 3, 1);
  *request.mutable_last_day() = BoardDate(2026, 3, 31);
  ASSERT_OK_AND_ASSIGN(listed, List(request));
  EXPECT_THAT(IdsOf(listed), ElementsAre(b, g));

  // One at a time, the same order, then no token.
  std::vector<std::string> paged;
  v1::ListBoardRatingsRequest page;
  page.set_page_size(1);
  for (int i = 0; i < 5; ++i) {
    ASSERT_OK_AND_ASSIGN(listed, List(page));
    for (const std::string& id : IdsOf(listed)) paged.push_back(id);
    if (listed.next_page_token().empty()) break;
    page.set_page_token(listed.next_page_token());
  }
  EXPECT_THAT(paged, ElementsAre(v, b, g, o));
  EXPECT_THAT(listed.next_page_token(), IsEmpty());
}

TEST_F(BoardRatingTest, ALaterRatingOfTheSameGoalAndPeriodStandsBesideTheEarlier) {
  ASSERT_OK_AND_ASSIGN(const v1::RecordBoardRatingResponse first, Record(Rating()));
  v1::RecordBoardRatingRequest correction = Rating();
  correction.set_fulfilment(v1::GOAL_FULFILMENT_SMALL_EXTENT);
  correction.set_motivation("Rättelse av betyget från 18 september: fel underlag användes.");
  ASSERT_OK_AND_ASSIGN(const v1::RecordBoardRatingResponse second, Record(correction));
  ASSERT_OK_AND_ASSIGN(const v1::ListBoardRatingsResponse listed, List({}));
  EXPECT_THAT(IdsOf(listed), ElementsAre(second.rating().rating_id(), first.rating().rating_id()));
}

TEST_F(BoardRatingTest, ARetryReturnsTheFirstRatingAndWritesNothing) {
  const v1::RecordBoardRatingRequest request = Rating();
  ASSERT_OK_AND_ASSIGN(const v1::RecordBoardRatingResponse first, Record(request));
  const uint64_t after_first = LastPosition();
  // Even a day later, the retry is the first request's.
  SetToday(absl::CivilDay(2026, 9, 21));
  set_token(TokenFor({auth::Role::kSteering}, {}, "styrelsesekreterare"));
  ASSERT_OK_AND_ASSIGN(const v1::RecordBoardRatingResponse retry, Record(request));
  EXPECT_TRUE(retry.replayed());
  EXPECT_EQ(retry.rating().SerializeAsString(), first.rating().SerializeAsString());
  EXPECT_EQ(LastPosition(), after_first);
  ASSERT_OK_AND_ASSIGN(const v1::ListBoardRatingsResponse listed, List({}));
  EXPECT_EQ(listed.ratings_size(), 1);
}

TEST_F(BoardRatingTest, ARequestIdReusedForAnotherRatingIsRefused) {
  v1::RecordBoardRatingRequest request = Rating();
  ASSERT_OK(Record(request).status());
  const uint64_t after_first = LastPosition();
  request.set_fulfilment(v1::GOAL_FULFILMENT_COMPLETELY);
  EXPECT_THAT(Record(request), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(LastPosition(), after_first);
}

TEST_F(BoardRatingTest, OnlySteeringAndAdminRecordAndCaseWorkersDoNotList) {
  const std::string officer = TokenFor({auth::Role::kPartyOfficer}, {}, "handlaggare", "af");
  const std::string exporter = TokenFor({auth::Role::kExporter}, {}, "exportor");
  for (const std::string& token : {officer, exporter, coordinator_token_}) {
    set_token(token);
    EXPECT_THAT(Record(Rating()), StatusIs(absl::StatusCode::kPermissionDenied));
  }
  for (const std::string& token : {officer, exporter}) {
    set_token(token);
    EXPECT_THAT(List({}), StatusIs(absl::StatusCode::kPermissionDenied));
  }
  set_token(TokenFor({auth::Role::kAdmin}, {}, "admin"));
  ASSERT_OK(Record(Rating()).status());
  ASSERT_OK_AND_ASSIGN(const v1::ListBoardRatingsResponse listed, List({}));
  EXPECT_EQ(listed.ratings_size(), 1);
}

TEST_F(BoardRatingTest, BadGoalPlatformOrFulfilmentIsInvalidAndWritesNothing) {
  const uint64_t before = LastPosition();
  v1::RecordBoardRatingRequest request = Rating("narmare-arbete");
  EXPECT_THAT(Record(request),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("goal_id \"narmare-arbete\" is not a goal of ungdomstorget")));
  request = Rating();
  request.set_platform_id("barntorget");
  EXPECT_THAT(Record(request),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("platform_id \"barntorget\" is not a platform of the förbund")));
  request = Rating();
  request.clear_fulfilment();
  EXPECT_THAT(Record(request), StatusIs(absl::StatusCode::kInvalidArgument,
                                        HasSubstr("fulfilment is required, on the scale")));
  request = Rating();
  request.clear_request_id();
  EXPECT_THAT(Record(request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("request_id is required")));
  EXPECT_EQ(LastPosition(), before);
}

}  // namespace
}  // namespace torg
