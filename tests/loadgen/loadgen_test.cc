// The load generator's own guarantees: its percentiles are exact order
// statistics, and its read-back finds every acknowledged command of a real
// load on a real torgd — and reports one that is not there, so a lost
// command cannot pass unnoticed.

#include <sstream>
#include <string>
#include <vector>

#include "clients/demo/demo_loader.h"
#include "clients/loadgen/acknowledged_log.h"
#include "clients/loadgen/latency_recorder.h"
#include "clients/loadgen/read_back.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/caseflow/caseflow_fixture.h"

namespace torg::loadgen {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

TEST(PercentileTest, NearestRankOverTheSortedLatencies) {
  std::vector<int64_t> micros;
  for (int i = 1; i <= 1000; ++i) micros.push_back(i * 1000);  // 1 ms to 1000 ms.
  EXPECT_DOUBLE_EQ(PercentileMs(micros, 50), 500);
  EXPECT_DOUBLE_EQ(PercentileMs(micros, 99), 990);
  EXPECT_DOUBLE_EQ(PercentileMs(micros, 99.9), 999);
  EXPECT_DOUBLE_EQ(PercentileMs(micros, 100), 1000);
  EXPECT_DOUBLE_EQ(PercentileMs({}, 99), 0);
}

TEST(LatencyRecorderTest, FailedCallsAreCountedNotTimed) {
  LatencyRecorder recorder;
  const absl::Time now = absl::Now();
  recorder.Record("SubmitReferralRequest", absl::Milliseconds(4), true, 100, now);
  recorder.Record("SubmitReferralRequest", absl::Milliseconds(2), true, 300, now);
  recorder.Record("CloseCaseRequest", absl::Milliseconds(900), false, 200, now);
  EXPECT_EQ(recorder.failed(), 1u);
  EXPECT_EQ(recorder.Overall().count, 2u);
  EXPECT_DOUBLE_EQ(recorder.Overall().max_ms, 4);
  EXPECT_DOUBLE_EQ(recorder.MeanRequestBytes(), 200);
  EXPECT_EQ(recorder.Span(), absl::Milliseconds(900));
}

class LoadReadBackTest : public caseflow_test::CaseFlowTest {
 protected:
  // Runs a small load the way torg_loadgen does; returns its log.
  void Load(int participants) {
    demo::DemoOptions options;
    options.participants = participants;
    options.concurrency = 4;
    options.last_day = Today();
    options.token = TokenFor({auth::Role::kAdmin}, {}, "admin");
    std::ostringstream progress;
    const auto summary =
        demo::LoadDemo(channel(), options, progress, [this](const demo::CallRecord& call) {
          latencies_.Record(call.request_type, call.latency, call.status.ok(),
                            call.request.ByteSizeLong(), absl::Now());
          if (call.status.ok()) log_.Record(call.response);
        });
    ASSERT_TRUE(summary.ok()) << summary.status();
  }

  ReadBackResult ReadBackAll() {
    ReadBackOptions options;
    options.token = TokenFor({auth::Role::kCoordinator}, AllPlatforms(), "reader");
    return ReadBack(channel(), log_, options);
  }

  std::vector<std::string> AllPlatforms() const {
    std::vector<std::string> platforms;
    for (const v1::Platform& platform : server().config().platforms()) {
      platforms.push_back(platform.id());
    }
    return platforms;
  }

  LatencyRecorder latencies_;
  AcknowledgedLog log_;
};

TEST_F(LoadReadBackTest, EveryAcknowledgedCommandOfALoadIsReadBack) {
  Load(12);
  EXPECT_EQ(latencies_.failed(), 0u);
  EXPECT_GT(latencies_.Overall().count, 12u * 3);
  const ReadBackResult result = ReadBackAll();
  EXPECT_THAT(result.problems, IsEmpty());
  EXPECT_EQ(result.problem_count, 0u);
  EXPECT_EQ(result.participants, 12u);
  EXPECT_GE(result.cases, 12u);
  EXPECT_GT(result.steps, result.cases);
  EXPECT_GE(result.consents, 12u);
}

TEST_F(LoadReadBackTest, AStepNeverRecordedIsReportedAsLost) {
  Load(2);
  const auto cases = log_.Cases();
  ASSERT_FALSE(cases.empty());
  // What a server that acknowledged a step and then lost it would leave.
  v1::DecideReferralResponse lost;
  lost.mutable_change()->mutable_case_summary()->set_case_id(cases.begin()->first);
  v1::TimelineEntry& entry = *lost.mutable_change()->add_recorded();
  entry.set_version(9999);
  entry.mutable_step()->mutable_referral_accepted();
  log_.Record(lost);
  const ReadBackResult result = ReadBackAll();
  EXPECT_EQ(result.problem_count, 1u);
  EXPECT_THAT(result.problems,
              ElementsAre(HasSubstr("acknowledged step 9999 is not in its timeline")));
}

TEST_F(LoadReadBackTest, AReplayedAnswerAndACaseVersionAreCheckedToo) {
  Load(2);
  const std::string case_id = log_.Cases().begin()->first;
  // A retry's answer is all a client knows of an attempt whose answer was
  // lost: its steps must be there as much as any.
  v1::CloseCaseResponse replayed;
  replayed.mutable_change()->set_replayed(true);
  replayed.mutable_change()->mutable_case_summary()->set_case_id(case_id);
  replayed.mutable_change()->add_recorded()->set_version(9998);
  log_.Record(replayed);
  // A case shown at a version its timeline never reached.
  v1::DecideReferralResponse directed;
  directed.mutable_directed_case()->set_case_id(case_id);
  directed.mutable_directed_case()->set_version(9997);
  log_.Record(directed);
  EXPECT_EQ(log_.replayed(), 1u);
  const ReadBackResult result = ReadBackAll();
  EXPECT_EQ(result.problem_count, 2u);
  EXPECT_THAT(result.problems,
              UnorderedElementsAre(HasSubstr("acknowledged step 9998 is not in its timeline"),
                                   HasSubstr("an answer showed it at version 9997")));
}

TEST_F(LoadReadBackTest, AMissingConsentAndAnUnknownCaseAreReported) {
  Load(1);
  const auto participants = log_.ParticipantConsents();
  ASSERT_EQ(participants.size(), 1u);
  v1::RecordConsentResponse lost_consent;
  lost_consent.mutable_participant()->set_participant_id(participants.begin()->first);
  lost_consent.set_consent_id("consent-that-was-never-recorded");
  log_.Record(lost_consent);
  v1::SubmitReferralResponse lost_case;
  lost_case.mutable_change()->mutable_case_summary()->set_case_id("case-never-recorded");
  log_.Record(lost_case);
  const ReadBackResult result = ReadBackAll();
  EXPECT_EQ(result.problem_count, 2u);
  EXPECT_THAT(result.problems,
              UnorderedElementsAre(HasSubstr("case-never-recorded: GetCase failed"),
                                   HasSubstr("consent-that-was-never-recorded is missing")));
}

}  // namespace
}  // namespace torg::loadgen
