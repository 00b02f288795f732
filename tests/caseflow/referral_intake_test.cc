// IntakeService's case RPCs: SubmitReferral and DecideReferral (accept,
// decline, direct).

#include "tests/caseflow/caseflow_fixture.h"

namespace torg::caseflow_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::torg::testing::IsOk;
using ::torg::testing::StatusIs;

constexpr absl::CivilDay kAdultBirth(1986, 3, 12);  // 40 on the pinned day.

class ReferralIntakeTest : public CaseFlowTest {
 protected:
  // A registered adult in Umeå with consent for every Umeå party.
  std::string ConsentingAdult(absl::CivilDay birth = kAdultBirth,
                              const std::string& kommun = "2480") {
    absl::StatusOr<v1::Participant> participant = RegisterPerson(birth, kommun);
    EXPECT_THAT(participant, IsOk());
    if (!participant.ok()) return "";
    std::vector<std::string> parties = UmeaParties();
    if (kommun == "2460") parties.push_back("vannas-kommun");
    EXPECT_THAT(GiveConsent(participant->participant_id(), parties), IsOk());
    return participant->participant_id();
  }

  v1::DecideReferralRequest Decision(const std::string& case_id) {
    v1::DecideReferralRequest request;
    request.set_request_id(NewRequestId());
    request.set_case_id(case_id);
    return request;
  }
};

TEST_F(ReferralIntakeTest, SubmitsAReferralAsANewReferredCase) {
  const std::string participant_id = ConsentingAdult();
  v1::SubmitReferralRequest request = ReferralOf(participant_id, "vuxentorget");
  request.mutable_referral()->set_violence_in_close_relationship(true);
  request.mutable_referral()->set_age_at_referral(99);  // Output only: ignored.
  const uint64_t before = LastPosition();

  ASSERT_OK_AND_ASSIGN(v1::SubmitReferralResponse response, SubmitReferral(request));

  EXPECT_EQ(LastPosition(), before + 1);
  const v1::CaseChange& change = response.change();
  EXPECT_FALSE(change.replayed());
  const v1::CaseSummary& summary = change.case_summary();
  EXPECT_FALSE(summary.case_id().empty());
  EXPECT_EQ(summary.participant_id(), participant_id);
  EXPECT_EQ(summary.platform_id(), "vuxentorget");
  EXPECT_EQ(summary.status(), v1::CASE_STATUS_REFERRED);
  EXPECT_EQ(DayOf(summary.referral_date()), kPinnedToday);
  EXPECT_FALSE(summary.has_enrolled_on());
  EXPECT_THAT(summary.needed_party_ids(), ElementsAre("af", "fk"));
  EXPECT_EQ(summary.version(), 1u);
  ASSERT_EQ(change.recorded_size(), 1);
  const v1::TimelineEntry& entry = change.recorded(0);
  EXPECT_EQ(entry.version(), 1u);
  EXPECT_EQ(entry.step().recorded_by(), "koordinator-anna");
  ASSERT_TRUE(entry.step().has_referral_submitted());
  const v1::ReferralStep& referral = entry.step().referral_submitted();
  EXPECT_EQ(referral.age_at_referral(), 40);
  EXPECT_EQ(referral.reason(), "Långvarig sjukskrivning och behov av stöd från flera parter");
  EXPECT_TRUE(referral.violence_in_close_relationship());
  EXPECT_FALSE(referral.risk_use_or_abuse());
  EXPECT_EQ(referral.referrer().party_id(), "af");

  // A retry answers with the same case and records nothing.
  const StoreSnapshot written = Snapshot();
  ASSERT_OK_AND_ASSIGN(v1::SubmitReferralResponse retry, SubmitReferral(request));
  EXPECT_TRUE(retry.change().replayed());
  EXPECT_EQ(retry.change().case_summary().case_id(), summary.case_id());
  EXPECT_EQ(retry.change().recorded_size(), 1);
  EXPECT_TRUE(Snapshot() == written);
}

TEST_F(ReferralIntakeTest, AcceptsASelfReferralAndAReferralOfAnAnonymousParticipant) {
  v1::RegisterParticipantRequest anonymous = RegistrationOf("");
  anonymous.clear_given_name();
  anonymous.clear_family_name();
  anonymous.set_birth_year(2004);
  ASSERT_OK_AND_ASSIGN(v1::RegisterParticipantResponse registered, RegisterParticipant(anonymous));
  const std::string participant_id = registered.participant().participant_id();
  ASSERT_THAT(GiveConsent(participant_id), IsOk());
  v1::SubmitReferralRequest request = ReferralOf(participant_id, "ungdomstorget");
  request.mutable_referral()->mutable_referrer()->clear_party_id();
  request.mutable_referral()->mutable_referrer()->set_self_referral(true);
  ASSERT_OK_AND_ASSIGN(v1::SubmitReferralResponse response, SubmitReferral(request));
  // Known by birth year only: the age reached during the year.
  EXPECT_EQ(response.change().recorded(0).step().referral_submitted().age_at_referral(), 22);
  EXPECT_TRUE(response.change().recorded(0).step().referral_submitted().referrer().self_referral());
}

TEST_F(ReferralIntakeTest, RefusesFewerThanTwoParties) {
  const std::string participant_id = ConsentingAdult();
  v1::SubmitReferralRequest one = ReferralOf(participant_id, "vuxentorget");
  one.mutable_referral()->clear_needed_party_ids();
  one.mutable_referral()->add_needed_party_ids("af");
  ExpectRejectedAndUnchanged([&] { return SubmitReferral(one); },
                             absl::StatusCode::kInvalidArgument, "at least two parties");

  v1::SubmitReferralRequest twice_the_same = ReferralOf(participant_id, "vuxentorget");
  twice_the_same.mutable_referral()->set_needed_party_ids(1, "af");
  ExpectRejectedAndUnchanged([&] { return SubmitReferral(twice_the_same); },
                             absl::StatusCode::kInvalidArgument, "at least two parties");
}

TEST_F(ReferralIntakeTest, RefusesAPartyTheConsentDoesNotCover) {
  ASSERT_OK_AND_ASSIGN(v1::Participant participant, RegisterPerson(kAdultBirth));
  ASSERT_OK_AND_ASSIGN(std::string consent_id,
                       GiveConsent(participant.participant_id(), {"af", "umea-kommun"}));
  ExpectRejectedAndUnchanged(
      [&] { return SubmitReferral(ReferralOf(participant.participant_id(), "vuxentorget")); },
      absl::StatusCode::kFailedPrecondition, "consent does not cover fk");

  // A withdrawn consent stops covering at once.
  ASSERT_THAT(GiveConsent(participant.participant_id(), {"fk"}), IsOk());
  v1::WithdrawConsentRequest withdraw;
  withdraw.set_request_id(NewRequestId());
  withdraw.set_participant_id(participant.participant_id());
  withdraw.set_consent_id(consent_id);
  ASSERT_THAT(WithdrawConsent(withdraw), IsOk());
  ExpectRejectedAndUnchanged(
      [&] { return SubmitReferral(ReferralOf(participant.participant_id(), "vuxentorget")); },
      absl::StatusCode::kFailedPrecondition, "consent does not cover af");
}

TEST_F(ReferralIntakeTest, RefusesAnAgeOutsideThePlatformsOrTheForbundsRange) {
  const std::string thirty_five = ConsentingAdult(absl::CivilDay(1991, 1, 2));
  ExpectRejectedAndUnchanged(
      [&] { return SubmitReferral(ReferralOf(thirty_five, "ungdomstorget")); },
      absl::StatusCode::kInvalidArgument, "Ungdomstorget takes 16–29");
  EXPECT_THAT(SubmitReferral(ReferralOf(thirty_five, "vuxentorget")), IsOk());

  const std::string fifteen = ConsentingAdult(absl::CivilDay(2010, 9, 1));
  ExpectRejectedAndUnchanged([&] { return SubmitReferral(ReferralOf(fifteen, "nafs")); },
                             absl::StatusCode::kInvalidArgument, "16–64");
  const std::string sixty_five = ConsentingAdult(absl::CivilDay(1961, 6, 15));
  ExpectRejectedAndUnchanged([&] { return SubmitReferral(ReferralOf(sixty_five, "nafs")); },
                             absl::StatusCode::kInvalidArgument, "is 65");
}

TEST_F(ReferralIntakeTest, RefusesALocalPlatformForANonResident) {
  const std::string umea = ConsentingAdult();
  ExpectRejectedAndUnchanged([&] { return SubmitReferral(ReferralOf(umea, "lokalt-vannas")); },
                             absl::StatusCode::kInvalidArgument, "only residents");

  const std::string vannas = ConsentingAdult(kAdultBirth, "2460");
  EXPECT_THAT(SubmitReferral(ReferralOf(vannas, "lokalt-vannas")), IsOk());
}

TEST_F(ReferralIntakeTest, RefusesASecondOpenCaseOnThePlatformButNotOnAnother) {
  const std::string participant_id = ConsentingAdult();
  ASSERT_THAT(Refer(participant_id, "vuxentorget"), IsOk());
  ExpectRejectedAndUnchanged(
      [&] { return SubmitReferral(ReferralOf(participant_id, "vuxentorget")); },
      absl::StatusCode::kFailedPrecondition, "already has an open case on Vuxentorget");
  EXPECT_THAT(Refer(participant_id, "nafs"), IsOk());
}

TEST_F(ReferralIntakeTest, RefusesAFutureDateAnUnknownParticipantAndAnUnknownPlatform) {
  const std::string participant_id = ConsentingAdult();
  ExpectRejectedAndUnchanged(
      [&] { return SubmitReferral(ReferralOf(participant_id, "vuxentorget", kPinnedToday + 1)); },
      absl::StatusCode::kInvalidArgument, "in the future");
  ExpectRejectedAndUnchanged(
      [&] { return SubmitReferral(ReferralOf("NOSUCHPERSON", "vuxentorget")); },
      absl::StatusCode::kNotFound, "NOSUCHPERSON");
  ExpectRejectedAndUnchanged([&] { return SubmitReferral(ReferralOf("", "vuxentorget")); },
                             absl::StatusCode::kInvalidArgument, "participant_id");
  ExpectRejectedAndUnchanged([&] { return SubmitReferral(ReferralOf(participant_id, "mars")); },
                             absl::StatusCode::kPermissionDenied, "platform \"mars\"");

  v1::SubmitReferralRequest both = ReferralOf(participant_id, "vuxentorget");
  both.mutable_referral()->mutable_referrer()->set_self_referral(true);
  ExpectRejectedAndUnchanged([&] { return SubmitReferral(both); },
                             absl::StatusCode::kInvalidArgument, "referrer");

  v1::SubmitReferralRequest no_id = ReferralOf(participant_id, "vuxentorget");
  no_id.clear_request_id();
  ExpectRejectedAndUnchanged([&] { return SubmitReferral(no_id); },
                             absl::StatusCode::kInvalidArgument, "request_id");
}

TEST_F(ReferralIntakeTest, AcceptingEnrolsTheCaseOnTheDecisionDate) {
  const std::string participant_id = ConsentingAdult();
  ASSERT_OK_AND_ASSIGN(v1::CaseSummary referred,
                       Refer(participant_id, "vuxentorget", kPinnedToday - 10));
  v1::DecideReferralRequest accept = Decision(referred.case_id());
  *accept.mutable_effective_date() = DateOf(kPinnedToday - 3);
  accept.mutable_accept();
  accept.set_expected_version(1);
  ASSERT_OK_AND_ASSIGN(v1::DecideReferralResponse response, DecideReferral(accept));
  const v1::CaseSummary& summary = response.change().case_summary();
  EXPECT_EQ(summary.status(), v1::CASE_STATUS_ENROLLED);
  EXPECT_EQ(DayOf(summary.enrolled_on()), kPinnedToday - 3);
  EXPECT_EQ(DayOf(summary.last_step_date()), kPinnedToday - 3);
  EXPECT_EQ(summary.version(), 2u);
  ASSERT_EQ(response.change().recorded_size(), 1);
  EXPECT_TRUE(response.change().recorded(0).step().has_referral_accepted());
  EXPECT_FALSE(response.has_directed_case());

  // Decided once: any further decision is refused, naming the status.
  v1::DecideReferralRequest again = Decision(referred.case_id());
  again.mutable_accept();
  ExpectRejectedAndUnchanged([&] { return DecideReferral(again); },
                             absl::StatusCode::kFailedPrecondition, "enrolled (inskriven)");
  v1::DecideReferralRequest direct = Decision(referred.case_id());
  direct.mutable_direct()->set_target_platform_id("nafs");
  ExpectRejectedAndUnchanged([&] { return DecideReferral(direct); },
                             absl::StatusCode::kFailedPrecondition, "enrolled (inskriven)");
}

TEST_F(ReferralIntakeTest, RefusesADecisionDatedBeforeTheReferral) {
  const std::string participant_id = ConsentingAdult();
  ASSERT_OK_AND_ASSIGN(v1::CaseSummary referred, Refer(participant_id, "vuxentorget"));
  v1::DecideReferralRequest accept = Decision(referred.case_id());
  *accept.mutable_effective_date() = DateOf(kPinnedToday - 1);
  accept.mutable_accept();
  ExpectRejectedAndUnchanged([&] { return DecideReferral(accept); },
                             absl::StatusCode::kFailedPrecondition,
                             "before the case's latest step");
}

TEST_F(ReferralIntakeTest, DecliningNeedsAReasonAndEndsTheCase) {
  const std::string participant_id = ConsentingAdult();
  ASSERT_OK_AND_ASSIGN(v1::CaseSummary referred, Refer(participant_id, "vuxentorget"));

  v1::DecideReferralRequest no_reason = Decision(referred.case_id());
  no_reason.mutable_decline();
  ExpectRejectedAndUnchanged([&] { return DecideReferral(no_reason); },
                             absl::StatusCode::kInvalidArgument, "reason");

  v1::DecideReferralRequest other_without_words = Decision(referred.case_id());
  other_without_words.mutable_decline()->set_reason(v1::DECLINE_REASON_OTHER);
  ExpectRejectedAndUnchanged([&] { return DecideReferral(other_without_words); },
                             absl::StatusCode::kInvalidArgument, "motivation");

  v1::DecideReferralRequest decline = Decision(referred.case_id());
  decline.mutable_decline()->set_reason(v1::DECLINE_REASON_ORDINARY_SERVICES_SUFFICE);
  decline.mutable_decline()->set_motivation("Räcker med ordinarie insatser hos AF");
  ASSERT_OK_AND_ASSIGN(v1::DecideReferralResponse response, DecideReferral(decline));
  EXPECT_EQ(response.change().case_summary().status(), v1::CASE_STATUS_DECLINED);
  const v1::DeclineStep& step = response.change().recorded(0).step().referral_declined();
  EXPECT_EQ(step.reason(), v1::DECLINE_REASON_ORDINARY_SERVICES_SUFFICE);
  EXPECT_EQ(step.motivation(), "Räcker med ordinarie insatser hos AF");

  v1::DecideReferralRequest accept = Decision(referred.case_id());
  accept.mutable_accept();
  ExpectRejectedAndUnchanged([&] { return DecideReferral(accept); },
                             absl::StatusCode::kFailedPrecondition, "declined");

  // A declined case is not open: the person can be referred again.
  EXPECT_THAT(Refer(participant_id, "vuxentorget"), IsOk());
}

TEST_F(ReferralIntakeTest, DirectingCreatesTheNewCaseInTheSameStep) {
  const std::string participant_id = ConsentingAdult();
  v1::SubmitReferralRequest submit = ReferralOf(participant_id, "vuxentorget", kPinnedToday - 5);
  submit.mutable_referral()->set_risk_use_or_abuse(true);
  ASSERT_OK_AND_ASSIGN(v1::SubmitReferralResponse submitted, SubmitReferral(submit));
  const std::string source_id = submitted.change().case_summary().case_id();
  const uint64_t before = LastPosition();

  v1::DecideReferralRequest direct = Decision(source_id);
  *direct.mutable_effective_date() = DateOf(kPinnedToday - 2);
  direct.mutable_direct()->set_target_platform_id("nafs");
  direct.set_expected_version(1);
  ASSERT_OK_AND_ASSIGN(v1::DecideReferralResponse response, DecideReferral(direct));

  EXPECT_EQ(LastPosition(), before + 2);
  const v1::CaseSummary& source = response.change().case_summary();
  EXPECT_EQ(source.case_id(), source_id);
  EXPECT_EQ(source.status(), v1::CASE_STATUS_DIRECTED);
  EXPECT_EQ(source.platform_id(), "vuxentorget");
  ASSERT_EQ(response.change().recorded_size(), 1);
  const v1::ReferralDirected& directed = response.change().recorded(0).step().referral_directed();
  EXPECT_EQ(directed.target_platform_id(), "nafs");

  ASSERT_TRUE(response.has_directed_case());
  const v1::CaseSummary& target = response.directed_case();
  EXPECT_EQ(target.case_id(), directed.target_case_id());
  EXPECT_NE(target.case_id(), source_id);
  EXPECT_EQ(target.participant_id(), participant_id);
  EXPECT_EQ(target.platform_id(), "nafs");
  EXPECT_EQ(target.status(), v1::CASE_STATUS_REFERRED);
  EXPECT_EQ(DayOf(target.referral_date()), kPinnedToday - 2);
  EXPECT_THAT(target.needed_party_ids(), ElementsAre("af", "fk"));

  // The new case's referral carries the original's words and flags.
  v1::GetCaseRequest get;
  get.set_case_id(target.case_id());
  ASSERT_OK_AND_ASSIGN(v1::GetCaseResponse target_case, GetCase(get));
  ASSERT_EQ(target_case.timeline_size(), 1);
  const v1::ReferralStep& referral = target_case.timeline(0).step().referral_submitted();
  EXPECT_EQ(referral.directed_from_case_id(), source_id);
  EXPECT_EQ(referral.platform_id(), "nafs");
  EXPECT_EQ(referral.reason(), "Långvarig sjukskrivning och behov av stöd från flera parter");
  EXPECT_TRUE(referral.risk_use_or_abuse());
  EXPECT_EQ(referral.age_at_referral(), 40);

  // A retry answers with both cases again and writes nothing.
  const StoreSnapshot written = Snapshot();
  ASSERT_OK_AND_ASSIGN(v1::DecideReferralResponse retry, DecideReferral(direct));
  EXPECT_TRUE(retry.change().replayed());
  EXPECT_EQ(retry.directed_case().case_id(), target.case_id());
  EXPECT_TRUE(Snapshot() == written);

  // The source case is final.
  v1::DecideReferralRequest accept = Decision(source_id);
  accept.mutable_accept();
  ExpectRejectedAndUnchanged([&] { return DecideReferral(accept); },
                             absl::StatusCode::kFailedPrecondition, "directed");
  // The directed case is decided like any referral.
  v1::DecideReferralRequest accept_target = Decision(target.case_id());
  accept_target.mutable_accept();
  ASSERT_OK_AND_ASSIGN(v1::DecideReferralResponse accepted, DecideReferral(accept_target));
  EXPECT_EQ(accepted.change().case_summary().status(), v1::CASE_STATUS_ENROLLED);
}

TEST_F(ReferralIntakeTest, RefusesADirectionTheTargetCannotTake) {
  const std::string participant_id = ConsentingAdult();
  ASSERT_OK_AND_ASSIGN(v1::CaseSummary referred, Refer(participant_id, "vuxentorget"));

  v1::DecideReferralRequest own = Decision(referred.case_id());
  own.mutable_direct()->set_target_platform_id("vuxentorget");
  ExpectRejectedAndUnchanged([&] { return DecideReferral(own); },
                             absl::StatusCode::kInvalidArgument, "its own platform");

  v1::DecideReferralRequest unknown = Decision(referred.case_id());
  unknown.mutable_direct()->set_target_platform_id("mars");
  ExpectRejectedAndUnchanged([&] { return DecideReferral(unknown); },
                             absl::StatusCode::kInvalidArgument, "mars");

  v1::DecideReferralRequest too_old = Decision(referred.case_id());
  too_old.mutable_direct()->set_target_platform_id("ungdomstorget");
  ExpectRejectedAndUnchanged([&] { return DecideReferral(too_old); },
                             absl::StatusCode::kInvalidArgument, "Ungdomstorget takes 16–29");

  ASSERT_THAT(Refer(participant_id, "nafs"), IsOk());
  v1::DecideReferralRequest already_there = Decision(referred.case_id());
  already_there.mutable_direct()->set_target_platform_id("nafs");
  ExpectRejectedAndUnchanged([&] { return DecideReferral(already_there); },
                             absl::StatusCode::kFailedPrecondition, "already has an open case");

  v1::DecideReferralRequest stale = Decision(referred.case_id());
  stale.mutable_direct()->set_target_platform_id("lokalt-vannas");
  stale.set_expected_version(7);
  ExpectRejectedAndUnchanged([&] { return DecideReferral(stale); }, absl::StatusCode::kAborted,
                             "version 1");
}

TEST_F(ReferralIntakeTest, RefusesADecisionWithoutDecisionOnAnUnknownCaseOrStale) {
  const std::string participant_id = ConsentingAdult();
  ASSERT_OK_AND_ASSIGN(v1::CaseSummary referred, Refer(participant_id, "vuxentorget"));

  v1::DecideReferralRequest none = Decision(referred.case_id());
  ExpectRejectedAndUnchanged([&] { return DecideReferral(none); },
                             absl::StatusCode::kInvalidArgument, "decision is required");

  v1::DecideReferralRequest unknown = Decision("NOSUCHCASE");
  unknown.mutable_accept();
  ExpectRejectedAndUnchanged([&] { return DecideReferral(unknown); },
                             absl::StatusCode::kPermissionDenied, "NOSUCHCASE");
  unknown.set_request_id(NewRequestId());
  unknown.mutable_direct()->set_target_platform_id("nafs");
  ExpectRejectedAndUnchanged([&] { return DecideReferral(unknown); },
                             absl::StatusCode::kPermissionDenied, "NOSUCHCASE");

  v1::DecideReferralRequest stale = Decision(referred.case_id());
  stale.mutable_accept();
  stale.set_expected_version(0);
  ExpectRejectedAndUnchanged([&] { return DecideReferral(stale); }, absl::StatusCode::kAborted,
                             "at version 1");

  v1::DecideReferralRequest no_id = Decision(referred.case_id());
  no_id.clear_request_id();
  no_id.mutable_accept();
  ExpectRejectedAndUnchanged([&] { return DecideReferral(no_id); },
                             absl::StatusCode::kInvalidArgument, "request_id");
}

}  // namespace
}  // namespace torg::caseflow_test
