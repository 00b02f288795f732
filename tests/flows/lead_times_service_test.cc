// FlowService.GetLeadTimes and GetHandoverFlows through gRPC on a real torgd:
// a coordinator of the platform gets exact figures, a steering user the same
// with small counts suppressed and their statistics withheld. The expected
// figures are worked out by hand from the cases the test makes.

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/auth/principal.h"
#include "tests/caseflow/caseflow_fixture.h"
#include "tests/support/status_matchers.h"
#include "torg/v1/flow_service.grpc.pb.h"

namespace torg {
namespace {

constexpr absl::CivilDay kLtsReferred(2026, 3, 2);
constexpr absl::CivilDay kLtsEnrolled(2026, 3, 5);
constexpr absl::CivilDay kLtsProposed(2026, 3, 10);
constexpr absl::CivilDay kLtsHandedOver(2026, 3, 13);

class FlowReportsServiceTest : public caseflow_test::CaseFlowTest {
 protected:
  FlowReportsServiceTest() { insecure_dev_ = false; }

  void SetUp() override {
    caseflow_test::CaseFlowTest::SetUp();
    if (HasFatalFailure()) return;
    flows_ = v1::FlowService::NewStub(channel());
    SetToday(absl::CivilDay(2026, 7, 15));
    coordinator_token_ = TokenFor({auth::Role::kCoordinator}, {"ungdomstorget", "nafs"});
    steering_token_ = TokenFor({auth::Role::kSteering}, {});
    set_token(coordinator_token_);
    // Two cases referred to Ungdomstorget on 2 March and taken to
    // coordination on 5 March: 3 days from referral to decision, 0 from
    // decision to assessment, 0 for the assessment.
    for (int i = 0; i < 2; ++i) {
      ASSERT_OK_AND_ASSIGN(const v1::Participant participant,
                           RegisterPerson(absl::CivilDay(2002, 4, 1 + i), "2480", kLtsReferred));
      ASSERT_OK(
          GiveConsent(participant.participant_id(), caseflow_test::UmeaParties(), kLtsReferred)
              .status());
      ASSERT_OK_AND_ASSIGN(const v1::CaseSummary referred,
                           Refer(participant.participant_id(), "ungdomstorget", kLtsReferred));
      ASSERT_OK(AdvanceTo(referred.case_id(), v1::CASE_STATUS_COORDINATING, kLtsEnrolled).status());
      case_ids_.push_back(referred.case_id());
    }
  }

  template <class Request>
  Request MarchRequest(const std::string& platform_id) const {
    Request request;
    request.set_platform_id(platform_id);
    *request.mutable_first_day() = caseflow_test::DateOf(absl::CivilDay(2026, 3, 1));
    *request.mutable_last_day() = caseflow_test::DateOf(absl::CivilDay(2026, 3, 31));
    return request;
  }

  absl::StatusOr<v1::GetLeadTimesResponse> LeadTimes(const std::string& platform_id) const {
    const auto request = MarchRequest<v1::GetLeadTimesRequest>(platform_id);
    return Invoke<v1::GetLeadTimesResponse>(
        [&](grpc::ClientContext* context, v1::GetLeadTimesResponse* response) {
          return flows_->GetLeadTimes(context, request, response);
        });
  }

  absl::StatusOr<v1::GetHandoverFlowsResponse> HandoverFlows(const std::string& platform_id) const {
    const auto request = MarchRequest<v1::GetHandoverFlowsRequest>(platform_id);
    return Invoke<v1::GetHandoverFlowsResponse>(
        [&](grpc::ClientContext* context, v1::GetHandoverFlowsResponse* response) {
          return flows_->GetHandoverFlows(context, request, response);
        });
  }

  std::unique_ptr<v1::FlowService::Stub> flows_;
  std::string coordinator_token_;
  std::string steering_token_;
  std::vector<std::string> case_ids_;
};

TEST_F(FlowReportsServiceTest, LeadTimesAreExactForTheCoordinatorAndWithheldForSteering) {
  ASSERT_OK_AND_ASSIGN(v1::GetLeadTimesResponse exact, LeadTimes("ungdomstorget"));
  EXPECT_EQ(exact.suppression_threshold(), 0);
  EXPECT_GT(exact.log_position(), 0u);
  EXPECT_EQ(exact.referral_to_decision().count().value(), 2);
  EXPECT_EQ(exact.referral_to_decision().median_days(), 3);
  EXPECT_EQ(exact.referral_to_decision().p90_days(), 3);
  EXPECT_FALSE(exact.referral_to_decision().withheld());
  EXPECT_EQ(exact.decision_to_assessment().count().value(), 2);
  EXPECT_EQ(exact.decision_to_assessment().median_days(), 0);
  EXPECT_EQ(exact.enrolment_to_closure().count().value(), 0);

  set_token(steering_token_);
  ASSERT_OK_AND_ASSIGN(v1::GetLeadTimesResponse suppressed, LeadTimes("ungdomstorget"));
  EXPECT_EQ(suppressed.suppression_threshold(), 5);
  EXPECT_TRUE(suppressed.referral_to_decision().count().suppressed());
  EXPECT_EQ(suppressed.referral_to_decision().count().value(), 0);
  EXPECT_TRUE(suppressed.referral_to_decision().withheld());
  EXPECT_EQ(suppressed.referral_to_decision().median_days(), 0);

  EXPECT_THAT(LeadTimes("no-such-platform"),
              torg::testing::StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(FlowReportsServiceTest, APlatformHandoverFlowsOutOfOneAndIntoTheOther) {
  const std::string& case_id = case_ids_.front();
  ASSERT_OK(AssignOwner(case_id, "ung-koordinator", "umea-kommun", kLtsEnrolled).status());
  ASSERT_OK(HandOverToPlatform(case_id, "nafs", kLtsProposed, kLtsHandedOver, "nafs-koordinator",
                               "umea-kommun")
                .status());

  for (const std::string platform : {"ungdomstorget", "nafs"}) {
    ASSERT_OK_AND_ASSIGN(v1::GetHandoverFlowsResponse exact, HandoverFlows(platform));
    EXPECT_EQ(exact.suppression_threshold(), 0) << platform;
    ASSERT_EQ(exact.flows_size(), 1) << platform;
    EXPECT_EQ(exact.flows(0).kind(), v1::HANDOVER_KIND_PLATFORM);
    EXPECT_EQ(exact.flows(0).from_id(), "ungdomstorget");
    EXPECT_EQ(exact.flows(0).to_id(), "nafs");
    EXPECT_EQ(exact.flows(0).accepted().value(), 1);
    EXPECT_EQ(exact.flows(0).waiting().median_days(), 3);
    EXPECT_EQ(exact.accepted().value(), 1);
    EXPECT_EQ(exact.rejected().value(), 0);
    EXPECT_EQ(exact.deviations_open_at_end().value(), 0);
  }

  set_token(steering_token_);
  ASSERT_OK_AND_ASSIGN(v1::GetHandoverFlowsResponse suppressed, HandoverFlows("ungdomstorget"));
  EXPECT_EQ(suppressed.suppression_threshold(), 5);
  ASSERT_EQ(suppressed.flows_size(), 1);
  EXPECT_TRUE(suppressed.flows(0).accepted().suppressed());
  EXPECT_TRUE(suppressed.flows(0).waiting().withheld());
  EXPECT_TRUE(suppressed.accepted().suppressed());
  EXPECT_TRUE(suppressed.waiting().withheld());
}

}  // namespace
}  // namespace torg
