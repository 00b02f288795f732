// The lead-time and handover-flow responses put together from ledger counts
// and protected for a caller whose small counts are suppressed (pure: no
// store, no gRPC). Expected values worked out by hand in each test.

#include "services/flows/lead_times.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/flows/handover_flows.h"
#include "tests/support/status_matchers.h"

namespace torg::flows {
namespace {

using ::torg::testing::StatusIs;

flowledger::PeriodQuery MarchQuery() {
  flowledger::PeriodQuery query;
  query.platform_id = "ungdomstorget";
  query.first_day = absl::CivilDay(2026, 3, 1);
  query.last_day = absl::CivilDay(2026, 3, 31);
  return query;
}

TEST(LeadTimesTest, BuildsNearestRankPercentiles) {
  flowledger::LeadTimeCounts counts;
  counts.log_position = 42;
  // 1, 2, 3, 4, 10 days: median 3, p75 4, p90 10.
  counts.referral_to_decision = {{1, 1}, {2, 1}, {3, 1}, {4, 1}, {10, 1}};
  counts.assessment = {{20, 2}};
  const v1::GetLeadTimesResponse response = BuildLeadTimes(MarchQuery(), counts);
  EXPECT_EQ(response.platform_id(), "ungdomstorget");
  EXPECT_EQ(response.log_position(), 42u);
  EXPECT_EQ(response.suppression_threshold(), 0);
  EXPECT_EQ(response.referral_to_decision().count().value(), 5);
  EXPECT_EQ(response.referral_to_decision().median_days(), 3);
  EXPECT_EQ(response.referral_to_decision().p75_days(), 4);
  EXPECT_EQ(response.referral_to_decision().p90_days(), 10);
  EXPECT_FALSE(response.referral_to_decision().withheld());
  EXPECT_EQ(response.assessment().count().value(), 2);
  EXPECT_EQ(response.assessment().median_days(), 20);
  EXPECT_EQ(response.decision_to_assessment().count().value(), 0);
  EXPECT_EQ(response.decision_to_assessment().median_days(), 0);
}

TEST(LeadTimesTest, SuppressesSmallCountsAndWithholdsTheirStatistics) {
  flowledger::LeadTimeCounts counts;
  counts.referral_to_decision = {{1, 1}, {2, 1}, {3, 1}, {4, 1}, {10, 1}};  // 5: published.
  counts.assessment = {{20, 2}};                                            // 2: suppressed.
  v1::GetLeadTimesResponse response = BuildLeadTimes(MarchQuery(), counts);
  ASSERT_OK(SuppressLeadTimes(5, response));
  EXPECT_EQ(response.suppression_threshold(), 5);
  EXPECT_EQ(response.referral_to_decision().count().value(), 5);
  EXPECT_FALSE(response.referral_to_decision().count().suppressed());
  EXPECT_EQ(response.referral_to_decision().median_days(), 3);
  EXPECT_FALSE(response.referral_to_decision().withheld());
  EXPECT_TRUE(response.assessment().count().suppressed());
  EXPECT_EQ(response.assessment().count().value(), 0);
  EXPECT_TRUE(response.assessment().withheld());
  EXPECT_EQ(response.assessment().median_days(), 0);
  // No duration: nothing to suppress (a zero reveals no one), no statistics.
  EXPECT_FALSE(response.enrolment_to_closure().count().suppressed());
  EXPECT_TRUE(response.enrolment_to_closure().withheld());

  v1::GetLeadTimesResponse unchanged = BuildLeadTimes(MarchQuery(), counts);
  ASSERT_OK(SuppressLeadTimes(1, unchanged));
  EXPECT_EQ(unchanged.assessment().count().value(), 2);
  EXPECT_EQ(unchanged.suppression_threshold(), 0);
  EXPECT_THAT(SuppressLeadTimes(0, unchanged), StatusIs(absl::StatusCode::kInvalidArgument));
}

flowledger::HandoverFlowKey FlowKey(v1::HandoverKind kind, const std::string& from,
                                    const std::string& to) {
  return flowledger::HandoverFlowKey{kind, from, to};
}

TEST(HandoverFlowsTest, BuildsFlowsInOrderWithTotals) {
  flowledger::HandoverFlowCounts counts;
  const auto out = FlowKey(v1::HANDOVER_KIND_PLATFORM, "ungdomstorget", "vuxentorget");
  const auto owner = FlowKey(v1::HANDOVER_KIND_CASE_OWNER, "af", "fk");
  counts.accepted = {{out, 6}, {owner, 1}};
  counts.rejected = {{out, 2}};
  counts.waiting = {{out, {{1, 2}, {3, 3}, {9, 1}}}, {owner, {{4, 1}}}};
  counts.deviations_open_at_end = 1;
  const v1::GetHandoverFlowsResponse response = BuildHandoverFlows(MarchQuery(), counts);
  ASSERT_EQ(response.flows_size(), 2);
  EXPECT_EQ(response.flows(0).kind(), v1::HANDOVER_KIND_PLATFORM);
  EXPECT_EQ(response.flows(0).from_id(), "ungdomstorget");
  EXPECT_EQ(response.flows(0).to_id(), "vuxentorget");
  EXPECT_EQ(response.flows(0).accepted().value(), 6);
  EXPECT_EQ(response.flows(0).rejected().value(), 2);
  // 1, 1, 3, 3, 3, 9: median (3rd) 3, p75 (4.5 -> 5th) 3, p90 (5.4 -> 6th) 9.
  EXPECT_EQ(response.flows(0).waiting().count().value(), 6);
  EXPECT_EQ(response.flows(0).waiting().median_days(), 3);
  EXPECT_EQ(response.flows(0).waiting().p90_days(), 9);
  EXPECT_EQ(response.flows(1).kind(), v1::HANDOVER_KIND_CASE_OWNER);
  EXPECT_EQ(response.accepted().value(), 7);
  EXPECT_EQ(response.rejected().value(), 2);
  EXPECT_EQ(response.deviations_open_at_end().value(), 1);
  // All seven: 1, 1, 3, 3, 3, 4, 9 -> median (3.5 -> 4th) 3, p90 (6.3 -> 7th) 9.
  EXPECT_EQ(response.waiting().count().value(), 7);
  EXPECT_EQ(response.waiting().median_days(), 3);
  EXPECT_EQ(response.waiting().p90_days(), 9);
}

TEST(HandoverFlowsTest, SuppressesSmallFlowsWithAComplementAndWithholdsTheirWaiting) {
  flowledger::HandoverFlowCounts counts;
  const auto out = FlowKey(v1::HANDOVER_KIND_PLATFORM, "ungdomstorget", "vuxentorget");
  const auto owner = FlowKey(v1::HANDOVER_KIND_CASE_OWNER, "af", "fk");
  counts.accepted = {{out, 6}, {owner, 1}};
  counts.rejected = {{out, 2}};
  counts.waiting = {{out, {{1, 2}, {3, 3}, {9, 1}}}, {owner, {{4, 1}}}};
  counts.deviations_open_at_end = 1;
  v1::GetHandoverFlowsResponse response = BuildHandoverFlows(MarchQuery(), counts);
  ASSERT_OK(SuppressHandoverFlows(5, response));
  EXPECT_EQ(response.suppression_threshold(), 5);
  // The owner flow's 1 is small; with the total 7 published, the 6 would
  // tell it, so one of them is hidden too.
  EXPECT_TRUE(response.flows(1).accepted().suppressed());
  EXPECT_TRUE(response.flows(1).waiting().count().suppressed());
  EXPECT_TRUE(response.flows(1).waiting().withheld());
  EXPECT_TRUE(response.flows(0).accepted().suppressed() || response.accepted().suppressed());
  EXPECT_EQ(response.flows(0).waiting().count().suppressed(),
            response.flows(0).accepted().suppressed());
  EXPECT_EQ(response.waiting().count().suppressed(), response.accepted().suppressed());
  // 2 rejected: small, and the total of 2 would tell it.
  EXPECT_TRUE(response.flows(0).rejected().suppressed());
  EXPECT_TRUE(response.rejected().suppressed());
  EXPECT_TRUE(response.deviations_open_at_end().suppressed());

  v1::GetHandoverFlowsResponse broken = BuildHandoverFlows(MarchQuery(), counts);
  broken.mutable_accepted()->set_value(8);
  broken.mutable_waiting()->mutable_count()->set_value(8);
  EXPECT_THAT(SuppressHandoverFlows(5, broken), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(broken.accepted().value(), 8);
}

}  // namespace
}  // namespace torg::flows
