// FlowService.GetFlowGraph through gRPC on a real torgd: the coordinator of
// a platform gets its exact graph, a steering user the same graph with the
// small edges and every edge they could be worked out from suppressed, and
// a graph cut at a log position stays as it was. The expected figures are
// worked out by hand from the cases the test makes.

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

using ::torg::testing::StatusIs;

constexpr absl::CivilDay kFgsFebruaryCase(2026, 2, 10);
constexpr absl::CivilDay kFgsMarchCases(2026, 3, 2);
constexpr absl::CivilDay kFgsProposed(2026, 3, 10);
constexpr absl::CivilDay kFgsHandedOver(2026, 3, 13);

const v1::FlowNode* FgsNode(const v1::GetFlowGraphResponse& graph, const std::string& id) {
  for (const v1::FlowNode& node : graph.nodes()) {
    if (node.node_id() == id) return &node;
  }
  return nullptr;
}

const v1::FlowEdge* FgsEdge(const v1::GetFlowGraphResponse& graph, const std::string& from,
                            const std::string& to) {
  for (const v1::FlowEdge& edge : graph.edges()) {
    if (edge.from_node_id() == from && edge.to_node_id() == to) return &edge;
  }
  return nullptr;
}

class FlowGraphServiceTest : public caseflow_test::CaseFlowTest {
 protected:
  FlowGraphServiceTest() { insecure_dev_ = false; }

  void SetUp() override {
    caseflow_test::CaseFlowTest::SetUp();
    if (HasFatalFailure()) return;
    flows_ = v1::FlowService::NewStub(channel());
    SetToday(absl::CivilDay(2026, 7, 15));
    coordinator_token_ = TokenFor({auth::Role::kCoordinator}, {"ungdomstorget"});
    steering_token_ = TokenFor({auth::Role::kSteering}, {});
    set_token(coordinator_token_);
    // One case enrolled on Ungdomstorget in February (carried over into
    // March), six referred by af and enrolled on 2 March.
    ASSERT_OK(EnrolledOn(absl::CivilDay(2003, 6, 1), kFgsFebruaryCase).status());
    for (int i = 0; i < 6; ++i) {
      ASSERT_OK_AND_ASSIGN(std::string case_id,
                           EnrolledOn(absl::CivilDay(2002, 4, 1 + i), kFgsMarchCases));
      march_cases_.push_back(case_id);
    }
  }

  absl::StatusOr<std::string> EnrolledOn(absl::CivilDay birth, absl::CivilDay day) {
    absl::StatusOr<v1::Participant> participant = RegisterPerson(birth, "2480", day);
    if (!participant.ok()) return participant.status();
    absl::Status consent =
        GiveConsent(participant->participant_id(), caseflow_test::UmeaParties(), day).status();
    if (!consent.ok()) return consent;
    absl::StatusOr<v1::CaseSummary> referred =
        Refer(participant->participant_id(), "ungdomstorget", day);
    if (!referred.ok()) return referred.status();
    absl::Status enrolled = AdvanceTo(referred->case_id(), v1::CASE_STATUS_ENROLLED, day).status();
    if (!enrolled.ok()) return enrolled;
    return referred->case_id();
  }

  // Hands `case_id` over from Ungdomstorget to NAFS: proposed on 10 March,
  // accepted on 13 March.
  // The coordinator of both platforms does it: accepting a case onto NAFS
  // needs access to NAFS. The Ungdomstorget coordinator's token is restored.
  absl::Status HandOverToNafs(const std::string& case_id) {
    set_token(TokenFor({auth::Role::kCoordinator}, {"ungdomstorget", "nafs"}));
    absl::Status handed_over = HandOverToNafsAsCaller(case_id);
    set_token(coordinator_token_);
    return handed_over;
  }

  absl::Status HandOverToNafsAsCaller(const std::string& case_id) {
    absl::Status owner =
        AssignOwner(case_id, "ung-koordinator", "umea-kommun", kFgsMarchCases).status();
    if (!owner.ok()) return owner;
    return HandOverToPlatform(case_id, "nafs", kFgsProposed, kFgsHandedOver, "nafs-koordinator",
                              "umea-kommun")
        .status();
  }

  absl::StatusOr<v1::GetFlowGraphResponse> Graph(const std::string& platform_id,
                                                 absl::CivilDay first = absl::CivilDay(2026, 3, 1),
                                                 absl::CivilDay last = absl::CivilDay(2026, 3, 31),
                                                 uint64_t as_of_position = 0) const {
    v1::GetFlowGraphRequest request;
    request.set_platform_id(platform_id);
    *request.mutable_first_day() = caseflow_test::DateOf(first);
    *request.mutable_last_day() = caseflow_test::DateOf(last);
    if (as_of_position > 0) request.mutable_as_of()->set_log_position(as_of_position);
    return Invoke<v1::GetFlowGraphResponse>(
        [&](grpc::ClientContext* context, v1::GetFlowGraphResponse* response) {
          return flows_->GetFlowGraph(context, request, response);
        });
  }

  std::unique_ptr<v1::FlowService::Stub> flows_;
  std::string coordinator_token_;
  std::string steering_token_;
  std::vector<std::string> march_cases_;
};

TEST_F(FlowGraphServiceTest, TheCoordinatorGetsTheExactGraphOfTheirPlatform) {
  ASSERT_OK(HandOverToNafs(march_cases_.front()));
  ASSERT_OK_AND_ASSIGN(const v1::GetFlowGraphResponse graph, Graph("ungdomstorget"));
  EXPECT_EQ(graph.suppression_threshold(), 0);
  EXPECT_GT(graph.log_position(), 0u);
  // Active on Ungdomstorget in March: 1 carried over + 6 enrolled = 7; out:
  // 1 moved to NAFS + 6 ongoing = 7.
  std::vector<std::string> ids;
  for (const v1::FlowNode& node : graph.nodes()) ids.push_back(node.node_id());
  EXPECT_THAT(ids, ::testing::ElementsAre("carried-over", "referrer:af", "platform:ungdomstorget",
                                          "platform:nafs", "ongoing"));
  const v1::FlowNode* platform = FgsNode(graph, "platform:ungdomstorget");
  ASSERT_NE(platform, nullptr);
  EXPECT_TRUE(platform->in_scope());
  EXPECT_EQ(platform->total().value(), 7);
  const v1::FlowNode* nafs = FgsNode(graph, "platform:nafs");
  ASSERT_NE(nafs, nullptr);
  EXPECT_FALSE(nafs->in_scope());
  EXPECT_EQ(nafs->total().value(), 1);
  ASSERT_EQ(graph.edges_size(), 4);
  EXPECT_EQ(graph.edges(0).kind(), v1::FLOW_EDGE_KIND_CARRIED_OVER);
  EXPECT_EQ(graph.edges(0).count().value(), 1);
  EXPECT_EQ(graph.edges(1).kind(), v1::FLOW_EDGE_KIND_ENROLLED);
  EXPECT_EQ(graph.edges(1).from_node_id(), "referrer:af");
  EXPECT_EQ(graph.edges(1).count().value(), 6);
  EXPECT_EQ(graph.edges(2).kind(), v1::FLOW_EDGE_KIND_MOVED);
  EXPECT_EQ(graph.edges(2).to_node_id(), "platform:nafs");
  EXPECT_EQ(graph.edges(2).count().value(), 1);
  EXPECT_EQ(graph.edges(3).kind(), v1::FLOW_EDGE_KIND_ONGOING);
  EXPECT_EQ(graph.edges(3).count().value(), 6);
}

TEST_F(FlowGraphServiceTest, SteeringSeesTheSmallEdgesSuppressedAndNotDerivable) {
  ASSERT_OK(HandOverToNafs(march_cases_.front()));
  set_token(steering_token_);
  ASSERT_OK_AND_ASSIGN(const v1::GetFlowGraphResponse graph, Graph("ungdomstorget"));
  EXPECT_EQ(graph.suppression_threshold(), 5);
  // Primary: the carried-over edge and node (1), the handover edge and the
  // NAFS node (1). Then 7 = carried-over + af would give carried-over: the
  // af edge (6) is hidden, and with it the af node it equals; 7 = moved +
  // ongoing likewise hides ongoing (6) and the ongoing node. Only the
  // platform's own total is left.
  const v1::FlowNode* platform = FgsNode(graph, "platform:ungdomstorget");
  ASSERT_NE(platform, nullptr);
  EXPECT_FALSE(platform->total().suppressed());
  EXPECT_EQ(platform->total().value(), 7);
  for (const char* id : {"carried-over", "referrer:af", "platform:nafs", "ongoing"}) {
    const v1::FlowNode* node = FgsNode(graph, id);
    ASSERT_NE(node, nullptr) << id;
    EXPECT_TRUE(node->total().suppressed()) << id;
    EXPECT_EQ(node->total().value(), 0) << id;
  }
  ASSERT_EQ(graph.edges_size(), 4);
  for (const v1::FlowEdge& edge : graph.edges()) {
    EXPECT_TRUE(edge.count().suppressed()) << edge.from_node_id() << " -> " << edge.to_node_id();
    EXPECT_EQ(edge.count().value(), 0);
  }
  const v1::FlowEdge* moved = FgsEdge(graph, "platform:ungdomstorget", "platform:nafs");
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(moved->kind(), v1::FLOW_EDGE_KIND_MOVED);
}

TEST_F(FlowGraphServiceTest, TheForbundGraphHasEveryPlatformAndTheHandoverOnce) {
  ASSERT_OK(HandOverToNafs(march_cases_.front()));
  set_token(steering_token_);
  ASSERT_OK_AND_ASSIGN(const v1::GetFlowGraphResponse graph, Graph(""));
  EXPECT_EQ(graph.platform_id(), "");
  int platforms = 0;
  for (const v1::FlowNode& node : graph.nodes()) {
    if (node.kind() != v1::FLOW_NODE_KIND_PLATFORM) continue;
    ++platforms;
    EXPECT_TRUE(node.in_scope()) << node.node_id();
  }
  EXPECT_GE(platforms, 2);
  int moved = 0;
  for (const v1::FlowEdge& edge : graph.edges()) {
    if (edge.kind() == v1::FLOW_EDGE_KIND_MOVED) ++moved;
  }
  EXPECT_EQ(moved, 1);
  // NAFS: 1 moved in, and that 1 ongoing: a small cell, never leaked.
  const v1::FlowNode* nafs = FgsNode(graph, "platform:nafs");
  ASSERT_NE(nafs, nullptr);
  EXPECT_TRUE(nafs->total().suppressed());
  const v1::FlowEdge* handover = FgsEdge(graph, "platform:ungdomstorget", "platform:nafs");
  ASSERT_NE(handover, nullptr);
  EXPECT_TRUE(handover->count().suppressed());
  EXPECT_EQ(handover->count().value(), 0);
}

TEST_F(FlowGraphServiceTest, AGraphAsOfAnEarlierPositionIsAsItWasThen) {
  ASSERT_OK_AND_ASSIGN(const v1::GetFlowGraphResponse before, Graph("ungdomstorget"));
  EXPECT_EQ(FgsEdge(before, "platform:ungdomstorget", "platform:nafs"), nullptr);
  ASSERT_OK(HandOverToNafs(march_cases_.front()));
  ASSERT_OK_AND_ASSIGN(const v1::GetFlowGraphResponse after, Graph("ungdomstorget"));
  EXPECT_NE(FgsEdge(after, "platform:ungdomstorget", "platform:nafs"), nullptr);
  ASSERT_OK_AND_ASSIGN(const v1::GetFlowGraphResponse again,
                       Graph("ungdomstorget", absl::CivilDay(2026, 3, 1),
                             absl::CivilDay(2026, 3, 31), before.log_position()));
  EXPECT_EQ(again.SerializeAsString(), before.SerializeAsString());
}

TEST_F(FlowGraphServiceTest, ABadPeriodOrAnUnknownPlatformIsAnInvalidArgument) {
  EXPECT_THAT(Graph("ungdomstorget", absl::CivilDay(2026, 3, 31), absl::CivilDay(2026, 3, 1)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Graph("no-such-platform"), StatusIs(absl::StatusCode::kInvalidArgument));
  v1::GetFlowGraphRequest no_period;
  no_period.set_platform_id("ungdomstorget");
  EXPECT_THAT(Invoke<v1::GetFlowGraphResponse>(
                  [&](grpc::ClientContext* context, v1::GetFlowGraphResponse* response) {
                    return flows_->GetFlowGraph(context, no_period, response);
                  }),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace torg
