// The case state machine, every status × every kind of step. The expected
// table is written out here as the specification; the test does not ask the
// code under test what is allowed.

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/casefile/case_decider.h"
#include "services/casefile/case_rules.h"
#include "tests/casefile/case_test_support.h"
#include "tests/support/status_matchers.h"

namespace torg::casefile {
namespace {

using ::testing::HasSubstr;
using ::torg::casefile::testing::Context;
using ::torg::casefile::testing::Fold;
using ::torg::casefile::testing::Referral;
using ::torg::casefile::testing::Step;
using ::torg::casefile::testing::TestConfig;
using ::torg::testing::IsOk;
using ::torg::testing::StatusIs;
using E = v1::CaseEvent;
using S = CaseStatus;

const absl::CivilDay kReferred(2026, 1, 5);
const absl::CivilDay kDecided(2026, 1, 12);
const absl::CivilDay kClosedOn(2026, 3, 2);
const absl::CivilDay kStepDay(2026, 6, 10);

// The events that bring a fresh case to `status`.
std::vector<E> HistoryFor(S status) {
  std::vector<E> events;
  if (status == S::kNone) return events;
  events.push_back(Referral(kReferred));
  E decision = Step(kDecided);
  switch (status) {
    case S::kReferred:
      return events;
    case S::kDirected:
      decision.mutable_referral_directed()->set_target_platform_id("vuxentorget");
      events.push_back(decision);
      return events;
    case S::kDeclined:
      decision.mutable_referral_declined()->set_reason(v1::DECLINE_REASON_OTHER);
      events.push_back(decision);
      return events;
    default:
      break;
  }
  decision.mutable_referral_accepted();
  events.push_back(decision);
  if (status == S::kEnrolled) return events;
  E started = Step(kDecided);
  started.mutable_assessment_started();
  events.push_back(started);
  if (status == S::kAssessing) return events;
  E completed = Step(kDecided);
  completed.mutable_assessment_completed()->add_sealed_goals("goal");
  events.push_back(completed);
  if (status == S::kCoordinating) return events;
  E closed = Step(kClosedOn);
  closed.mutable_case_closed()->set_outcome(v1::CLOSURE_OUTCOME_STUDIES);
  closed.mutable_case_closed()->add_income_at_end(v1::INCOME_SOURCE_STUDENT_FINANCE);
  events.push_back(closed);
  return events;
}

// Events that a kind of step presupposes beyond the status (a pending
// handover to accept, a commitment to complete, a deviation to resolve).
std::vector<E> PrerequisitesFor(E::KindCase kind) {
  std::vector<E> events;
  auto propose = [&] {
    E proposed = Step(kDecided);
    proposed.mutable_handover_proposed()->set_handover_id("h1");
    proposed.mutable_handover_proposed()->set_kind(v1::HANDOVER_KIND_PLATFORM);
    proposed.mutable_handover_proposed()->set_target_platform_id("vuxentorget");
    events.push_back(proposed);
  };
  switch (kind) {
    case E::kHandoverAccepted:
    case E::kHandoverRejected:
      propose();
      break;
    case E::kDeviationResolved: {
      propose();
      E rejected = Step(kDecided);
      rejected.mutable_handover_rejected()->set_handover_id("h1");
      rejected.mutable_handover_rejected()->set_deviation_id("d1");
      rejected.mutable_handover_rejected()->set_sealed_reason("reason");
      events.push_back(rejected);
      break;
    }
    case E::kCommitmentCompleted:
    case E::kCommitmentCancelled: {
      E added = Step(kDecided);
      added.mutable_commitment_added()->set_commitment_id("c1");
      events.push_back(added);
      break;
    }
    default:
      break;
  }
  return events;
}

// A well-formed step of `kind`: only the status can make it fail.
E ValidStep(E::KindCase kind) {
  E step = Step(kStepDay);
  switch (kind) {
    case E::kReferralSubmitted:
      return Referral(kStepDay);
    case E::kReferralAccepted:
      step.mutable_referral_accepted();
      break;
    case E::kReferralDirected:
      step.mutable_referral_directed()->set_target_platform_id("vuxentorget");
      step.mutable_referral_directed()->set_target_case_id("case-2");
      break;
    case E::kReferralDeclined:
      step.mutable_referral_declined()->set_reason(v1::DECLINE_REASON_DECLINED_BY_PERSON);
      break;
    case E::kAssessmentStarted:
      step.mutable_assessment_started();
      break;
    case E::kAssessmentFindingRecorded:
      step.mutable_assessment_finding_recorded()->set_domain(v1::ASSESSMENT_DOMAIN_HEALTH);
      step.mutable_assessment_finding_recorded()->set_party_id("region");
      break;
    case E::kAssessmentCompleted:
      step.mutable_assessment_completed()->add_sealed_goals("arbete inom ett år");
      break;
    case E::kCaseOwnerAssigned:
      step.mutable_case_owner_assigned()->set_owner_user_id("anna");
      step.mutable_case_owner_assigned()->set_party_id("fk");
      break;
    case E::kMeetingRecorded:
      step.mutable_meeting_recorded()->set_meeting_id("m1");
      step.mutable_meeting_recorded()->add_present_party_ids("af");
      break;
    case E::kCommitmentAdded:
      step.mutable_commitment_added()->set_commitment_id("c2");
      step.mutable_commitment_added()->set_kind(v1::ACTIVITY_KIND_WORK_TRAINING);
      step.mutable_commitment_added()->set_party_id("af");
      *step.mutable_commitment_added()->mutable_start_date() = ToProtoDate(kStepDay);
      break;
    case E::kCommitmentCompleted:
      step.mutable_commitment_completed()->set_commitment_id("c1");
      break;
    case E::kCommitmentCancelled:
      step.mutable_commitment_cancelled()->set_commitment_id("c1");
      break;
    case E::kNoteAdded:
      step.mutable_note_added()->set_sealed_text("note");
      break;
    case E::kCaseFlagsSet:
      step.mutable_case_flags_set()->set_sealed_flags("flags");
      break;
    case E::kHandoverProposed:
      step.mutable_handover_proposed()->set_handover_id("h2");
      step.mutable_handover_proposed()->set_kind(v1::HANDOVER_KIND_CASE_OWNER);
      step.mutable_handover_proposed()->set_target_party_id("region");
      break;
    case E::kHandoverAccepted:
      step.mutable_handover_accepted()->set_handover_id("h1");
      step.mutable_handover_accepted()->set_new_owner_user_id("bertil");
      step.mutable_handover_accepted()->set_new_owner_party_id("af");
      break;
    case E::kHandoverRejected:
      step.mutable_handover_rejected()->set_handover_id("h1");
      step.mutable_handover_rejected()->set_deviation_id("d2");
      step.mutable_handover_rejected()->set_sealed_reason("reason");
      break;
    case E::kDeviationResolved:
      step.mutable_deviation_resolved()->set_deviation_id("d1");
      step.mutable_deviation_resolved()->set_sealed_resolution("resolution");
      break;
    case E::kCaseClosed:
      step.mutable_case_closed()->set_outcome(v1::CLOSURE_OUTCOME_WORK_SUBSIDISED);
      step.mutable_case_closed()->add_income_at_end(v1::INCOME_SOURCE_SALARY);
      break;
    case E::kFollowUpRecorded:
      step.mutable_follow_up_recorded()->set_point(v1::FOLLOW_UP_POINT_3_MONTHS);
      break;
    case E::KIND_NOT_SET:
      break;
  }
  return step;
}

const std::set<S> kActive = {S::kEnrolled, S::kAssessing, S::kCoordinating};

// The specification of the state machine.
const std::map<E::KindCase, std::set<S>> kExpectedTable = {
    {E::kReferralSubmitted, {S::kNone}},
    {E::kReferralAccepted, {S::kReferred}},
    {E::kReferralDirected, {S::kReferred}},
    {E::kReferralDeclined, {S::kReferred}},
    {E::kAssessmentStarted, {S::kEnrolled}},
    {E::kAssessmentFindingRecorded, {S::kAssessing}},
    {E::kAssessmentCompleted, {S::kAssessing}},
    {E::kCaseOwnerAssigned, kActive},
    {E::kMeetingRecorded, kActive},
    {E::kCommitmentAdded, kActive},
    {E::kCommitmentCompleted, kActive},
    {E::kCommitmentCancelled, kActive},
    {E::kNoteAdded, kActive},
    {E::kHandoverProposed, kActive},
    {E::kHandoverAccepted, kActive},
    {E::kHandoverRejected, kActive},
    // Deviations only arise in an enrolled case; they outlive its closure.
    {E::kDeviationResolved, {S::kEnrolled, S::kAssessing, S::kCoordinating, S::kClosed}},
    {E::kCaseClosed, kActive},
    {E::kFollowUpRecorded, {S::kClosed}},
    // From the referral (before the decision) to the closure.
    {E::kCaseFlagsSet, {S::kReferred, S::kEnrolled, S::kAssessing, S::kCoordinating}},
};

TEST(CaseStateMachineTest, TheTableCoversEveryKindOfStep) {
  // A new CaseEvent kind must get a row here and in case_rules.cc.
  EXPECT_EQ(AllStepKinds().size(), kExpectedTable.size());
  for (E::KindCase kind : AllStepKinds()) EXPECT_EQ(kExpectedTable.count(kind), 1u) << kind;
}

TEST(CaseStateMachineTest, EveryStatusTimesEveryStepHasTheSpecifiedAnswer) {
  const v1::ForbundConfig config = TestConfig();
  int allowed_checked = 0;
  int refused_checked = 0;
  for (const auto& [kind, allowed_in] : kExpectedTable) {
    for (S status : AllStatuses()) {
      SCOPED_TRACE(absl::StrCat(StepName(kind), " when ", StatusName(status)));
      std::vector<E> history = HistoryFor(status);
      for (const E& prerequisite : PrerequisitesFor(kind)) history.push_back(prerequisite);
      const CaseState state = Fold(history);
      ASSERT_EQ(state.status, status);
      absl::StatusOr<std::vector<E>> decided = Decide(state, ValidStep(kind), Context(config));
      if (allowed_in.count(status) > 0) {
        EXPECT_THAT(decided, IsOk());
        ++allowed_checked;
      } else {
        EXPECT_THAT(decided, StatusIs(absl::StatusCode::kFailedPrecondition,
                                      HasSubstr(absl::StrCat("the case is ", StatusName(status),
                                                             "; allowed now: "))));
        ++refused_checked;
      }
    }
  }
  EXPECT_EQ(allowed_checked + refused_checked,
            static_cast<int>(kExpectedTable.size() * AllStatuses().size()));
  EXPECT_GT(allowed_checked, 0);
  EXPECT_GT(refused_checked, 0);
}

TEST(CaseStateMachineTest, RefusalNamesWhatIsAllowedInstead) {
  const v1::ForbundConfig config = TestConfig();
  const CaseState closed = Fold(HistoryFor(S::kClosed));
  EXPECT_THAT(Decide(closed, ValidStep(E::kCaseClosed), Context(config)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("cannot close the case: the case is closed (avslutat); allowed "
                                 "now: resolve a deviation, record a follow-up")));
}

TEST(CaseStateMachineTest, StepWithoutKindIsInvalid) {
  const v1::ForbundConfig config = TestConfig();
  EXPECT_THAT(Decide(CaseState{}, Step(kStepDay), Context(config)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no kind")));
}

}  // namespace
}  // namespace torg::casefile
