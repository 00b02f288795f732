// AssessmentService: StartAssessment, RecordFinding, CompleteAssessment.

#include "tests/caseflow/caseflow_fixture.h"

namespace torg::caseflow_test {
namespace {

using ::testing::ElementsAre;
using ::torg::testing::IsOk;

class AssessmentTest : public CaseFlowTest {
 protected:
  template <class Request>
  Request On(const std::string& case_id) {
    Request request;
    request.set_request_id(NewRequestId());
    request.set_case_id(case_id);
    return request;
  }

  v1::RecordFindingRequest Finding(const std::string& case_id, v1::AssessmentDomain domain,
                                   const std::string& party_id, const std::string& text) {
    v1::RecordFindingRequest request = On<v1::RecordFindingRequest>(case_id);
    request.mutable_finding()->set_domain(domain);
    request.mutable_finding()->set_party_id(party_id);
    request.mutable_finding()->set_finding(text);
    return request;
  }
};

TEST_F(AssessmentTest, RunsTheJointAssessmentFromEnrolmentToCoordination) {
  ASSERT_OK_AND_ASSIGN(TestCase test_case, NewCase(v1::CASE_STATUS_ENROLLED));

  v1::StartAssessmentRequest start = On<v1::StartAssessmentRequest>(test_case.case_id);
  start.set_expected_version(2);
  ASSERT_OK_AND_ASSIGN(v1::StartAssessmentResponse started, StartAssessment(start));
  EXPECT_EQ(started.change().case_summary().status(), v1::CASE_STATUS_ASSESSING);
  EXPECT_TRUE(started.change().recorded(0).step().has_assessment_started());

  ASSERT_OK_AND_ASSIGN(
      v1::RecordFindingResponse health,
      RecordFinding(Finding(test_case.case_id, v1::ASSESSMENT_DOMAIN_HEALTH, "region-vasterbotten",
                            "Nedsatt uthållighet efter utmattning")));
  EXPECT_EQ(health.change().case_summary().status(), v1::CASE_STATUS_ASSESSING);
  const v1::FindingStep& finding = health.change().recorded(0).step().assessment_finding_recorded();
  EXPECT_EQ(finding.domain(), v1::ASSESSMENT_DOMAIN_HEALTH);
  EXPECT_EQ(finding.party_id(), "region-vasterbotten");
  EXPECT_EQ(finding.finding(), "Nedsatt uthållighet efter utmattning");
  ASSERT_THAT(RecordFinding(Finding(test_case.case_id, v1::ASSESSMENT_DOMAIN_WORK_CAPACITY, "fk",
                                    "Arbetsförmåga 25 %")),
              IsOk());

  v1::CompleteAssessmentRequest complete = On<v1::CompleteAssessmentRequest>(test_case.case_id);
  complete.mutable_plan()->add_goals("Arbetsträning 50 % inom sex månader");
  complete.mutable_plan()->add_goals("Stabil boendesituation");
  v1::PlanCommitmentStep* af = complete.mutable_plan()->add_commitments();
  af->set_party_id("af");
  af->set_description("Arbetsträningsplats via AF");
  v1::PlanCommitmentStep* region = complete.mutable_plan()->add_commitments();
  region->set_party_id("region-vasterbotten");
  region->set_description("Samtalsstöd var fjortonde dag");
  ASSERT_OK_AND_ASSIGN(v1::CompleteAssessmentResponse completed, CompleteAssessment(complete));
  EXPECT_EQ(completed.change().case_summary().status(), v1::CASE_STATUS_COORDINATING);
  EXPECT_EQ(completed.change().case_summary().version(), 6u);
  const v1::JointPlanStep& plan = completed.change().recorded(0).step().assessment_completed();
  EXPECT_THAT(plan.goals(),
              ElementsAre("Arbetsträning 50 % inom sex månader", "Stabil boendesituation"));
  ASSERT_EQ(plan.commitments_size(), 2);
  EXPECT_EQ(plan.commitments(1).party_id(), "region-vasterbotten");
  EXPECT_EQ(plan.commitments(1).description(), "Samtalsstöd var fjortonde dag");

  // Completed once: the assessment cannot be completed or restarted again.
  complete.set_request_id(NewRequestId());
  ExpectRejectedAndUnchanged([&] { return CompleteAssessment(complete); },
                             absl::StatusCode::kFailedPrecondition, "in coordination");
  ExpectRejectedAndUnchanged(
      [&] { return StartAssessment(On<v1::StartAssessmentRequest>(test_case.case_id)); },
      absl::StatusCode::kFailedPrecondition, "in coordination");
}

TEST_F(AssessmentTest, RefusesAssessmentStepsInTheWrongStatus) {
  ASSERT_OK_AND_ASSIGN(TestCase referred, NewCase(v1::CASE_STATUS_REFERRED));
  ExpectRejectedAndUnchanged(
      [&] { return StartAssessment(On<v1::StartAssessmentRequest>(referred.case_id)); },
      absl::StatusCode::kFailedPrecondition, "referred (aktualiserat)");

  ASSERT_OK_AND_ASSIGN(TestCase enrolled,
                       NewCase(v1::CASE_STATUS_ENROLLED, "nafs", absl::CivilDay(1990, 1, 1)));
  ExpectRejectedAndUnchanged(
      [&] {
        return RecordFinding(
            Finding(enrolled.case_id, v1::ASSESSMENT_DOMAIN_HEALTH, "af", "För tidigt"));
      },
      absl::StatusCode::kFailedPrecondition, "enrolled (inskriven)");
  v1::CompleteAssessmentRequest complete = On<v1::CompleteAssessmentRequest>(enrolled.case_id);
  complete.mutable_plan()->add_goals("Ett mål");
  ExpectRejectedAndUnchanged([&] { return CompleteAssessment(complete); },
                             absl::StatusCode::kFailedPrecondition, "start the joint assessment");
}

TEST_F(AssessmentTest, RefusesMalformedFindingsAndPlans) {
  ASSERT_OK_AND_ASSIGN(TestCase test_case, NewCase(v1::CASE_STATUS_ASSESSING));

  ExpectRejectedAndUnchanged(
      [&] {
        return RecordFinding(
            Finding(test_case.case_id, v1::ASSESSMENT_DOMAIN_UNSPECIFIED, "af", "Text"));
      },
      absl::StatusCode::kInvalidArgument, "domain");
  ExpectRejectedAndUnchanged(
      [&] {
        return RecordFinding(
            Finding(test_case.case_id, v1::ASSESSMENT_DOMAIN_HOUSING, "skatteverket", "Text"));
      },
      absl::StatusCode::kInvalidArgument, "skatteverket");
  // A party of the förbund the participant has not consented to.
  ExpectRejectedAndUnchanged(
      [&] {
        return RecordFinding(
            Finding(test_case.case_id, v1::ASSESSMENT_DOMAIN_HOUSING, "vannas-kommun", "Text"));
      },
      absl::StatusCode::kFailedPrecondition, "consent does not cover vannas-kommun");

  v1::CompleteAssessmentRequest no_goal = On<v1::CompleteAssessmentRequest>(test_case.case_id);
  ExpectRejectedAndUnchanged([&] { return CompleteAssessment(no_goal); },
                             absl::StatusCode::kInvalidArgument, "at least one goal");

  v1::CompleteAssessmentRequest stale = On<v1::CompleteAssessmentRequest>(test_case.case_id);
  stale.mutable_plan()->add_goals("Mål");
  stale.set_expected_version(2);
  ExpectRejectedAndUnchanged([&] { return CompleteAssessment(stale); }, absl::StatusCode::kAborted,
                             "at version 3");

  v1::StartAssessmentRequest unknown = On<v1::StartAssessmentRequest>("NOSUCHCASE");
  ExpectRejectedAndUnchanged([&] { return StartAssessment(unknown); },
                             absl::StatusCode::kPermissionDenied, "NOSUCHCASE");
  v1::StartAssessmentRequest no_case = On<v1::StartAssessmentRequest>("");
  ExpectRejectedAndUnchanged([&] { return StartAssessment(no_case); },
                             absl::StatusCode::kInvalidArgument, "case_id");
}

TEST_F(AssessmentTest, ARetryOfAFindingReplaysItAndWritesNothing) {
  ASSERT_OK_AND_ASSIGN(TestCase test_case, NewCase(v1::CASE_STATUS_ASSESSING));
  const v1::RecordFindingRequest request =
      Finding(test_case.case_id, v1::ASSESSMENT_DOMAIN_EDUCATION, "af", "Saknar gymnasiebetyg");
  ASSERT_OK_AND_ASSIGN(v1::RecordFindingResponse first, RecordFinding(request));
  const StoreSnapshot written = Snapshot();
  ASSERT_OK_AND_ASSIGN(v1::RecordFindingResponse retry, RecordFinding(request));
  EXPECT_TRUE(retry.change().replayed());
  EXPECT_EQ(retry.change().recorded(0).version(), first.change().recorded(0).version());
  EXPECT_EQ(retry.change().recorded(0).step().assessment_finding_recorded().finding(),
            "Saknar gymnasiebetyg");
  EXPECT_TRUE(Snapshot() == written);

  v1::RecordFindingRequest changed = request;
  changed.mutable_finding()->set_finding("Något annat");
  ExpectRejectedAndUnchanged([&] { return RecordFinding(changed); },
                             absl::StatusCode::kInvalidArgument, "different request");
}

}  // namespace
}  // namespace torg::caseflow_test
