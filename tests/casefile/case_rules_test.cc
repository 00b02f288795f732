// The Finsam and förbund rules the decider enforces beyond the state table.

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/casefile/case_decider.h"
#include "tests/casefile/case_test_support.h"
#include "tests/support/status_matchers.h"

namespace torg::casefile {
namespace {

using ::testing::HasSubstr;
using ::torg::casefile::testing::Context;
using ::torg::casefile::testing::Fold;
using ::torg::casefile::testing::kToday;
using ::torg::casefile::testing::Referral;
using ::torg::casefile::testing::Step;
using ::torg::casefile::testing::TestConfig;
using ::torg::testing::IsOk;
using ::torg::testing::StatusIs;
using E = v1::CaseEvent;

class CaseRulesTest : public ::testing::Test {
 protected:
  absl::StatusOr<std::vector<E>> DecideOn(const std::vector<E>& history, const E& step) {
    return Decide(Fold(history), step, context_);
  }
  v1::ForbundConfig config_ = TestConfig();
  DecisionContext context_ = Context(config_);
  const absl::CivilDay day_{2026, 3, 1};
};

// --- Referral ---------------------------------------------------------------

TEST_F(CaseRulesTest, ReferralRecordsTheAgeOnTheReferralDate) {
  ASSERT_OK_AND_ASSIGN(std::vector<E> events, DecideOn({}, Referral(day_)));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].referral_submitted().age_at_referral(), 26);
}

TEST_F(CaseRulesTest, ReferralNeedsAtLeastTwoParties) {
  EXPECT_THAT(DecideOn({}, Referral(day_, "ungdomstorget", {"af"})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at least two parties")));
  // The same party twice is still one party.
  EXPECT_THAT(DecideOn({}, Referral(day_, "ungdomstorget", {"af", "af"})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at least two parties")));
}

TEST_F(CaseRulesTest, ReferralMayInvolveOnlyConsentedParties) {
  context_.consented_party_ids = {"af"};
  EXPECT_THAT(DecideOn({}, Referral(day_)), StatusIs(absl::StatusCode::kFailedPrecondition,
                                                     HasSubstr("consent does not cover fk")));
}

TEST_F(CaseRulesTest, ReferralToAnUnknownPlatformOrPartyIsInvalid) {
  EXPECT_THAT(DecideOn({}, Referral(day_, "nowhere")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("nowhere")));
  EXPECT_THAT(DecideOn({}, Referral(day_, "ungdomstorget", {"af", "ghost"})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("ghost")));
}

TEST_F(CaseRulesTest, ReferrerIsAPartyOrTheParticipantThemself) {
  E both = Referral(day_);
  both.mutable_referral_submitted()->mutable_referrer()->set_self_referral(true);
  EXPECT_THAT(DecideOn({}, both), StatusIs(absl::StatusCode::kInvalidArgument));
  E self = Referral(day_);
  self.mutable_referral_submitted()->mutable_referrer()->clear_party_id();
  self.mutable_referral_submitted()->mutable_referrer()->set_self_referral(true);
  EXPECT_THAT(DecideOn({}, self), IsOk());
}

TEST_F(CaseRulesTest, AgeMustBeInsideTheForbundsAndThePlatformsRange) {
  context_.participant_facts->age_on_step_date = 30;
  EXPECT_THAT(DecideOn({}, Referral(day_, "ungdomstorget")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("takes 16–29")));
  EXPECT_THAT(DecideOn({}, Referral(day_, "vuxentorget")), IsOk());
  context_.participant_facts->age_on_step_date = 15;
  EXPECT_THAT(DecideOn({}, Referral(day_, "ungdomstorget")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("works with 16–64")));
  context_.participant_facts->age_on_step_date = 65;
  EXPECT_THAT(DecideOn({}, Referral(day_, "vuxentorget")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("works with 16–64")));
  context_.participant_facts->age_on_step_date = 29;  // The last day before 30.
  EXPECT_THAT(DecideOn({}, Referral(day_, "ungdomstorget")), IsOk());
}

TEST_F(CaseRulesTest, LocalPlatformTakesOnlyResidentsOfItsKommuner) {
  EXPECT_THAT(DecideOn({}, Referral(day_, "lokalt-vannas")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("only residents")));
  context_.participant_facts->kommun_code = "2460";
  EXPECT_THAT(DecideOn({}, Referral(day_, "lokalt-vannas")), IsOk());
}

TEST_F(CaseRulesTest, NoSecondOpenCaseOnTheSamePlatform) {
  context_.participant_facts->age_on_step_date = 26;  // Both platforms take 26.
  context_.participant_facts->platforms_with_open_case = {"ungdomstorget"};
  EXPECT_THAT(
      DecideOn({}, Referral(day_, "ungdomstorget")),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already has an open case")));
  EXPECT_THAT(DecideOn({}, Referral(day_, "vuxentorget")), IsOk());
}

// --- Dates ------------------------------------------------------------------

TEST_F(CaseRulesTest, EffectiveDateMayNotBeInTheFutureNorBeforeThePreviousStep) {
  E tomorrow = Step(kToday + 1);
  tomorrow.mutable_referral_accepted();
  EXPECT_THAT(DecideOn({Referral(day_)}, tomorrow),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("in the future")));
  E too_early = Step(day_ - 1);
  too_early.mutable_referral_accepted();
  EXPECT_THAT(
      DecideOn({Referral(day_)}, too_early),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("before the case's latest step")));
  E same_day = Step(day_);
  same_day.mutable_referral_accepted();
  EXPECT_THAT(DecideOn({Referral(day_)}, same_day), IsOk());
  E missing = same_day;
  missing.clear_effective_date();
  EXPECT_THAT(
      DecideOn({Referral(day_)}, missing),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("effective_date is required")));
  E ancient = Step(absl::CivilDay(1999, 12, 31));
  ancient.mutable_referral_accepted();
  EXPECT_THAT(DecideOn({}, Referral(absl::CivilDay(2003, 5, 1))),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("before 2004")));
  E impossible = same_day;
  impossible.mutable_effective_date()->set_month(2);
  impossible.mutable_effective_date()->set_day(30);
  EXPECT_THAT(DecideOn({Referral(day_)}, impossible),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a calendar date")));
}

// --- An open case -------------------------------------------------------------

// The events of a case referred, accepted and given an owner on `day`.
std::vector<E> OpenCaseHistory(absl::CivilDay day) {
  E accepted = Step(day);
  accepted.mutable_referral_accepted();
  E owner = Step(day);
  owner.mutable_case_owner_assigned()->set_owner_user_id("anna");
  owner.mutable_case_owner_assigned()->set_party_id("fk");
  return {Referral(day), accepted, owner};
}

E ProposePlatformHandover(absl::CivilDay day, const std::string& id = "h1") {
  E proposed = Step(day);
  proposed.mutable_handover_proposed()->set_handover_id(id);
  proposed.mutable_handover_proposed()->set_kind(v1::HANDOVER_KIND_PLATFORM);
  proposed.mutable_handover_proposed()->set_target_platform_id("vuxentorget");
  return proposed;
}

TEST_F(CaseRulesTest, AcceptedPlatformHandoverMovesTheCaseAndItsOwnerInOneStep) {
  std::vector<E> history = OpenCaseHistory(day_);
  history.push_back(ProposePlatformHandover(day_));
  E accept = Step(day_);
  accept.mutable_handover_accepted()->set_handover_id("h1");
  accept.mutable_handover_accepted()->set_new_owner_user_id("bertil");
  accept.mutable_handover_accepted()->set_new_owner_party_id("af");
  ASSERT_OK_AND_ASSIGN(std::vector<E> events, DecideOn(history, accept));
  history.insert(history.end(), events.begin(), events.end());
  const CaseState state = Fold(history);
  EXPECT_EQ(state.platform_id, "vuxentorget");
  ASSERT_TRUE(state.owner.has_value());
  EXPECT_EQ(state.owner->user_id, "bertil");
  EXPECT_FALSE(state.pending_handover.has_value());
}

TEST_F(CaseRulesTest, PlatformHandoverOnlyToAPlatformThatCanTakeTheParticipant) {
  std::vector<E> history = OpenCaseHistory(day_);
  // Too young for Vuxentorget (25–64): refused when proposed...
  context_.participant_facts->age_on_step_date = 22;
  EXPECT_THAT(DecideOn(history, ProposePlatformHandover(day_)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("takes 25–64")));
  // ...and when accepted, since facts can change between the two.
  context_.participant_facts->age_on_step_date = 26;
  history.push_back(ProposePlatformHandover(day_));
  E accept = Step(day_);
  accept.mutable_handover_accepted()->set_handover_id("h1");
  accept.mutable_handover_accepted()->set_new_owner_user_id("bertil");
  accept.mutable_handover_accepted()->set_new_owner_party_id("af");
  context_.participant_facts->platforms_with_open_case = {"vuxentorget"};
  EXPECT_THAT(DecideOn(history, accept),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("already has an open case on vuxentorget")));
  context_.participant_facts.reset();
  EXPECT_THAT(DecideOn(history, accept), StatusIs(absl::StatusCode::kInternal));
}

TEST_F(CaseRulesTest, ReferralIsNeverDatedBeforeTheRegistration) {
  context_.participant_facts->registered_on = day_ + 1;
  EXPECT_THAT(DecideOn({}, Referral(day_)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("before the participant was registered")));
}

TEST_F(CaseRulesTest, HandoverAcceptanceNeedsTheNewOwner) {
  std::vector<E> history = OpenCaseHistory(day_);
  history.push_back(ProposePlatformHandover(day_));
  E accept = Step(day_);
  accept.mutable_handover_accepted()->set_handover_id("h1");
  EXPECT_THAT(DecideOn(history, accept),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("never without an owner")));
}

TEST_F(CaseRulesTest, OnlyOneHandoverPendingAtATimeAndNoClosingWhileOneIs) {
  std::vector<E> history = OpenCaseHistory(day_);
  history.push_back(ProposePlatformHandover(day_));
  EXPECT_THAT(DecideOn(history, ProposePlatformHandover(day_, "h2")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("still pending")));
  E close = Step(day_);
  close.mutable_case_closed()->set_outcome(v1::CLOSURE_OUTCOME_STUDIES);
  close.mutable_case_closed()->add_income_at_end(v1::INCOME_SOURCE_STUDENT_FINANCE);
  EXPECT_THAT(DecideOn(history, close),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("before closing")));
}

TEST_F(CaseRulesTest, RejectedHandoverOpensADeviationThatStaysUntilResolved) {
  std::vector<E> history = OpenCaseHistory(day_);
  history.push_back(ProposePlatformHandover(day_));
  E reject = Step(day_);
  reject.mutable_handover_rejected()->set_handover_id("h1");
  reject.mutable_handover_rejected()->set_deviation_id("d1");
  reject.mutable_handover_rejected()->set_sealed_reason("reason");
  ASSERT_OK_AND_ASSIGN(std::vector<E> events, DecideOn(history, reject));
  history.insert(history.end(), events.begin(), events.end());
  EXPECT_EQ(Fold(history).open_deviation_ids, std::set<std::string>{"d1"});
  E resolve = Step(day_);
  resolve.mutable_deviation_resolved()->set_deviation_id("d1");
  resolve.mutable_deviation_resolved()->set_sealed_resolution("resolution");
  history.push_back(resolve);
  EXPECT_TRUE(Fold(history).open_deviation_ids.empty());
  EXPECT_THAT(DecideOn(history, resolve),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("no open deviation d1")));
  // A second rejection cannot reuse the id and so silently reopen d1.
  history.push_back(ProposePlatformHandover(day_, "h2"));
  reject.mutable_handover_rejected()->set_handover_id("h2");
  EXPECT_THAT(DecideOn(history, reject),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("already used on this case")));
}

TEST_F(CaseRulesTest, CommitmentIsCompletedOrCancelledOnce) {
  std::vector<E> history = OpenCaseHistory(day_);
  E add = Step(day_);
  v1::CommitmentAdded* added = add.mutable_commitment_added();
  added->set_commitment_id("c1");
  added->set_kind(v1::ACTIVITY_KIND_SOCIAL_ENTERPRISE);
  added->set_party_id("vannas");
  *added->mutable_start_date() = ToProtoDate(day_);
  *added->mutable_end_date() = ToProtoDate(day_ - 1);
  EXPECT_THAT(DecideOn(history, add),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("end_date")));
  *added->mutable_end_date() = ToProtoDate(day_ + 90);
  ASSERT_THAT(DecideOn(history, add), IsOk());
  history.push_back(add);
  EXPECT_THAT(DecideOn(history, add), StatusIs(absl::StatusCode::kAlreadyExists));
  E complete = Step(day_);
  complete.mutable_commitment_completed()->set_commitment_id("c1");
  history.push_back(complete);
  EXPECT_THAT(DecideOn(history, complete),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already completed")));
  complete.mutable_commitment_completed()->set_commitment_id("c9");
  EXPECT_THAT(DecideOn(history, complete), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(CaseRulesTest, ClosingNeedsAnOutcomeAndTheIncomeAtTheEnd) {
  std::vector<E> history = OpenCaseHistory(day_);
  E close = Step(day_);
  close.mutable_case_closed();
  EXPECT_THAT(DecideOn(history, close),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("outcome")));
  close.mutable_case_closed()->set_outcome(v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED);
  EXPECT_THAT(DecideOn(history, close),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("income_at_end")));
  close.mutable_case_closed()->add_income_at_end(v1::INCOME_SOURCE_SALARY);
  EXPECT_THAT(DecideOn(history, close), IsOk());
}

TEST_F(CaseRulesTest, FollowUpIsDueMonthsAfterClosureAndRecordedOnce) {
  std::vector<E> history = OpenCaseHistory(absl::CivilDay(2026, 1, 10));
  E close = Step(absl::CivilDay(2026, 1, 31));
  close.mutable_case_closed()->set_outcome(v1::CLOSURE_OUTCOME_STUDIES);
  close.mutable_case_closed()->add_income_at_end(v1::INCOME_SOURCE_STUDENT_FINANCE);
  history.push_back(close);
  // Three months after 31 January is 30 April (the month's last day).
  E early = Step(absl::CivilDay(2026, 4, 29));
  early.mutable_follow_up_recorded()->set_point(v1::FOLLOW_UP_POINT_3_MONTHS);
  EXPECT_THAT(DecideOn(history, early),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("due on 2026-04-30")));
  E due = Step(absl::CivilDay(2026, 4, 30));
  due.mutable_follow_up_recorded()->set_point(v1::FOLLOW_UP_POINT_3_MONTHS);
  ASSERT_THAT(DecideOn(history, due), IsOk());
  history.push_back(due);
  EXPECT_THAT(DecideOn(history, due), StatusIs(absl::StatusCode::kAlreadyExists));
  E twelve = Step(absl::CivilDay(2026, 11, 24));
  twelve.mutable_follow_up_recorded()->set_point(v1::FOLLOW_UP_POINT_12_MONTHS);
  EXPECT_THAT(DecideOn(history, twelve),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("due on 2027-01-31")));
}

}  // namespace
}  // namespace torg::casefile
