// CoordinationService: AssignCaseOwner, RecordMeeting, AddCommitment,
// CompleteCommitment, CancelCommitment, AddNote, SetCaseFlags.

#include <vector>

#include "absl/strings/str_cat.h"
#include "services/caseindex/case_streams.h"
#include "tests/caseflow/caseflow_fixture.h"

namespace torg::caseflow_test {
namespace {

using ::testing::ElementsAre;
using ::torg::testing::IsOk;

class CoordinationTest : public CaseFlowTest {
 protected:
  void SetUp() override {
    CaseFlowTest::SetUp();
    if (HasFatalFailure()) return;
    absl::StatusOr<TestCase> created = NewCase(v1::CASE_STATUS_COORDINATING, "vuxentorget",
                                               absl::CivilDay(1986, 3, 12), kPinnedToday - 20);
    ASSERT_THAT(created, IsOk());
    case_ = *std::move(created);
  }

  template <class Request>
  Request On(std::optional<absl::CivilDay> day = std::nullopt) {
    Request request;
    request.set_request_id(NewRequestId());
    request.set_case_id(case_.case_id);
    if (day.has_value()) *request.mutable_effective_date() = DateOf(*day);
    return request;
  }

  v1::AddCommitmentRequest Commitment(const std::string& party_id = "af") {
    v1::AddCommitmentRequest request = On<v1::AddCommitmentRequest>();
    v1::CommitmentStep* commitment = request.mutable_commitment();
    commitment->set_kind(v1::ACTIVITY_KIND_SOCIAL_ENTERPRISE);
    commitment->set_party_id(party_id);
    commitment->set_provider("Returbutiken ekonomisk förening");
    *commitment->mutable_start_date() = DateOf(absl::CivilDay(2026, 7, 1));
    *commitment->mutable_end_date() = DateOf(absl::CivilDay(2026, 12, 31));
    commitment->set_description("Arbetsträning i secondhandbutik");
    return request;
  }

  // Adds a commitment and returns its server-made id.
  std::string AddedCommitment() {
    absl::StatusOr<v1::AddCommitmentResponse> added = AddCommitment(Commitment());
    EXPECT_THAT(added, IsOk());
    if (!added.ok()) return "";
    return added->change().recorded(0).step().commitment_added().commitment_id();
  }

  TestCase case_;
};

TEST_F(CoordinationTest, AssignsAndReplacesTheCaseOwner) {
  v1::AssignCaseOwnerRequest assign = On<v1::AssignCaseOwnerRequest>();
  assign.set_owner_user_id("handlaggare-bo");
  assign.set_party_id("af");
  ASSERT_OK_AND_ASSIGN(v1::AssignCaseOwnerResponse assigned, AssignCaseOwner(assign));
  EXPECT_EQ(assigned.change().case_summary().owner().owner_user_id(), "handlaggare-bo");
  EXPECT_EQ(assigned.change().case_summary().owner().party_id(), "af");
  const v1::CaseOwnerAssigned& step = assigned.change().recorded(0).step().case_owner_assigned();
  EXPECT_EQ(step.owner_user_id(), "handlaggare-bo");

  v1::AssignCaseOwnerRequest replace = On<v1::AssignCaseOwnerRequest>();
  replace.set_owner_user_id("socialsekreterare-cia");
  replace.set_party_id("umea-kommun");
  ASSERT_OK_AND_ASSIGN(v1::AssignCaseOwnerResponse replaced, AssignCaseOwner(replace));
  EXPECT_EQ(replaced.change().case_summary().owner().owner_user_id(), "socialsekreterare-cia");
  EXPECT_EQ(replaced.change().case_summary().owner().party_id(), "umea-kommun");
}

TEST_F(CoordinationTest, RefusesAnOwnerWithoutUserOrAtAPartyNotConsentedTo) {
  v1::AssignCaseOwnerRequest no_user = On<v1::AssignCaseOwnerRequest>();
  no_user.set_party_id("af");
  ExpectRejectedAndUnchanged([&] { return AssignCaseOwner(no_user); },
                             absl::StatusCode::kInvalidArgument, "owner_user_id");

  v1::AssignCaseOwnerRequest not_consented = On<v1::AssignCaseOwnerRequest>();
  not_consented.set_owner_user_id("someone");
  not_consented.set_party_id("vindelns-kommun");
  ExpectRejectedAndUnchanged([&] { return AssignCaseOwner(not_consented); },
                             absl::StatusCode::kFailedPrecondition,
                             "consent does not cover vindelns-kommun");

  v1::AssignCaseOwnerRequest unknown = On<v1::AssignCaseOwnerRequest>();
  unknown.set_owner_user_id("someone");
  unknown.set_party_id("polisen");
  ExpectRejectedAndUnchanged([&] { return AssignCaseOwner(unknown); },
                             absl::StatusCode::kInvalidArgument, "polisen");
}

TEST_F(CoordinationTest, RecordsAMeetingWithItsDecisions) {
  v1::RecordMeetingRequest request = On<v1::RecordMeetingRequest>();
  request.mutable_meeting()->add_present_party_ids("af");
  request.mutable_meeting()->add_present_party_ids("fk");
  request.mutable_meeting()->set_participant_present(true);
  request.mutable_meeting()->set_decisions("Start av arbetsträning 1 juli; uppföljning i augusti");
  ASSERT_OK_AND_ASSIGN(v1::RecordMeetingResponse response, RecordMeeting(request));
  const v1::MeetingStep& meeting = response.change().recorded(0).step().meeting_recorded();
  EXPECT_FALSE(meeting.meeting_id().empty());
  EXPECT_THAT(meeting.present_party_ids(), ElementsAre("af", "fk"));
  EXPECT_TRUE(meeting.participant_present());
  EXPECT_EQ(meeting.decisions(), "Start av arbetsträning 1 juli; uppföljning i augusti");

  // The client's own meeting id is kept, and cannot be used twice.
  v1::RecordMeetingRequest named = request;
  named.set_request_id(NewRequestId());
  named.mutable_meeting()->set_meeting_id("mote-1");
  ASSERT_OK_AND_ASSIGN(v1::RecordMeetingResponse named_response, RecordMeeting(named));
  EXPECT_EQ(named_response.change().recorded(0).step().meeting_recorded().meeting_id(), "mote-1");
  named.set_request_id(NewRequestId());
  ExpectRejectedAndUnchanged([&] { return RecordMeeting(named); }, absl::StatusCode::kAlreadyExists,
                             "meeting_id");

  v1::RecordMeetingRequest nobody = On<v1::RecordMeetingRequest>();
  ExpectRejectedAndUnchanged([&] { return RecordMeeting(nobody); },
                             absl::StatusCode::kInvalidArgument, "at least one party");
}

TEST_F(CoordinationTest, AddsCompletesAndCancelsCommitments) {
  ASSERT_OK_AND_ASSIGN(v1::AddCommitmentResponse added, AddCommitment(Commitment()));
  const v1::CommitmentStep& step = added.change().recorded(0).step().commitment_added();
  const std::string first = step.commitment_id();
  EXPECT_FALSE(first.empty());
  EXPECT_EQ(step.kind(), v1::ACTIVITY_KIND_SOCIAL_ENTERPRISE);
  EXPECT_EQ(step.provider(), "Returbutiken ekonomisk förening");
  EXPECT_EQ(step.description(), "Arbetsträning i secondhandbutik");
  EXPECT_EQ(DayOf(step.start_date()), absl::CivilDay(2026, 7, 1));
  EXPECT_EQ(DayOf(step.end_date()), absl::CivilDay(2026, 12, 31));

  v1::CompleteCommitmentRequest complete = On<v1::CompleteCommitmentRequest>();
  complete.set_commitment_id(first);
  ASSERT_OK_AND_ASSIGN(v1::CompleteCommitmentResponse completed, CompleteCommitment(complete));
  EXPECT_EQ(completed.change().recorded(0).step().commitment_completed().commitment_id(), first);

  complete.set_request_id(NewRequestId());
  ExpectRejectedAndUnchanged([&] { return CompleteCommitment(complete); },
                             absl::StatusCode::kFailedPrecondition, "already completed");
  v1::CancelCommitmentRequest cancel_done = On<v1::CancelCommitmentRequest>();
  cancel_done.mutable_cancellation()->set_commitment_id(first);
  ExpectRejectedAndUnchanged([&] { return CancelCommitment(cancel_done); },
                             absl::StatusCode::kFailedPrecondition, "already completed");

  const std::string second = AddedCommitment();
  v1::CancelCommitmentRequest cancel = On<v1::CancelCommitmentRequest>();
  cancel.mutable_cancellation()->set_commitment_id(second);
  cancel.mutable_cancellation()->set_reason("Platsen drogs tillbaka");
  ASSERT_OK_AND_ASSIGN(v1::CancelCommitmentResponse cancelled, CancelCommitment(cancel));
  const v1::CancelCommitmentStep& cancellation =
      cancelled.change().recorded(0).step().commitment_cancelled();
  EXPECT_EQ(cancellation.commitment_id(), second);
  EXPECT_EQ(cancellation.reason(), "Platsen drogs tillbaka");

  v1::CompleteCommitmentRequest complete_cancelled = On<v1::CompleteCommitmentRequest>();
  complete_cancelled.set_commitment_id(second);
  ExpectRejectedAndUnchanged([&] { return CompleteCommitment(complete_cancelled); },
                             absl::StatusCode::kFailedPrecondition, "already cancelled");
}

TEST_F(CoordinationTest, RefusesAnUnknownCommitmentAndMalformedOnes) {
  v1::CompleteCommitmentRequest unknown = On<v1::CompleteCommitmentRequest>();
  unknown.set_commitment_id("NOSUCHCOMMITMENT");
  ExpectRejectedAndUnchanged([&] { return CompleteCommitment(unknown); },
                             absl::StatusCode::kNotFound, "NOSUCHCOMMITMENT");
  v1::CancelCommitmentRequest cancel_unknown = On<v1::CancelCommitmentRequest>();
  cancel_unknown.mutable_cancellation()->set_commitment_id("NOSUCHCOMMITMENT");
  ExpectRejectedAndUnchanged([&] { return CancelCommitment(cancel_unknown); },
                             absl::StatusCode::kNotFound, "NOSUCHCOMMITMENT");

  v1::AddCommitmentRequest no_kind = Commitment();
  no_kind.mutable_commitment()->clear_kind();
  ExpectRejectedAndUnchanged([&] { return AddCommitment(no_kind); },
                             absl::StatusCode::kInvalidArgument, "kind");
  v1::AddCommitmentRequest ends_before_start = Commitment();
  *ends_before_start.mutable_commitment()->mutable_end_date() = DateOf(absl::CivilDay(2026, 6, 30));
  ExpectRejectedAndUnchanged([&] { return AddCommitment(ends_before_start); },
                             absl::StatusCode::kInvalidArgument, "end_date");
  v1::AddCommitmentRequest not_consented = Commitment("robertsfors-kommun");
  ExpectRejectedAndUnchanged([&] { return AddCommitment(not_consented); },
                             absl::StatusCode::kFailedPrecondition, "robertsfors-kommun");

  v1::AddCommitmentRequest named = Commitment();
  named.mutable_commitment()->set_commitment_id("insats-1");
  ASSERT_THAT(AddCommitment(named), IsOk());
  named.set_request_id(NewRequestId());
  ExpectRejectedAndUnchanged([&] { return AddCommitment(named); }, absl::StatusCode::kAlreadyExists,
                             "insats-1");
}

TEST_F(CoordinationTest, AddsANote) {
  v1::AddNoteRequest note = On<v1::AddNoteRequest>();
  note.mutable_note()->set_text("Deltagaren har fått ny bostad");
  ASSERT_OK_AND_ASSIGN(v1::AddNoteResponse response, AddNote(note));
  EXPECT_EQ(response.change().recorded(0).step().note_added().text(),
            "Deltagaren har fått ny bostad");
  EXPECT_EQ(response.change().recorded(0).step().recorded_by(), "koordinator-anna");
  EXPECT_EQ(DayOf(response.change().recorded(0).step().effective_date()), kPinnedToday);
  EXPECT_EQ(response.change().case_summary().version(), case_.summary.version() + 1);
}

TEST_F(CoordinationTest, SetsAndWithdrawsTheCaseFlagsSealedInTheEvent) {
  v1::SetCaseFlagsRequest raise = On<v1::SetCaseFlagsRequest>(kPinnedToday - 3);
  raise.mutable_flags()->set_violence_in_close_relationship(true);
  ASSERT_OK_AND_ASSIGN(v1::SetCaseFlagsResponse raised, SetCaseFlags(raise));
  const v1::CaseStep& step = raised.change().recorded(0).step();
  ASSERT_TRUE(step.has_case_flags_set());
  EXPECT_TRUE(step.case_flags_set().violence_in_close_relationship());
  EXPECT_FALSE(step.case_flags_set().risk_use_or_abuse());
  EXPECT_EQ(DayOf(step.effective_date()), kPinnedToday - 3);

  // Every flag withdrawn: a step of its own.
  v1::SetCaseFlagsRequest withdraw = On<v1::SetCaseFlagsRequest>();
  withdraw.mutable_flags();
  ASSERT_OK(SetCaseFlags(withdraw).status());

  // The timeline shows both steps as they were set.
  v1::GetCaseRequest get;
  get.set_case_id(case_.case_id);
  ASSERT_OK_AND_ASSIGN(v1::GetCaseResponse found, GetCase(get));
  std::vector<bool> violence;
  for (const v1::TimelineEntry& entry : found.timeline()) {
    if (entry.step().has_case_flags_set()) {
      violence.push_back(entry.step().case_flags_set().violence_in_close_relationship());
    }
  }
  EXPECT_EQ(violence, (std::vector<bool>{true, false}));

  // Stored, the flags are sealed, and the sealed value is as long whichever
  // flags are set: the event does not tell them.
  ASSERT_OK_AND_ASSIGN(const std::vector<storage::RecordedEvent> events,
                       server().store().ReadStream(caseindex::CaseStream(case_.case_id), 1, 1000));
  std::vector<size_t> sealed_sizes;
  for (const storage::RecordedEvent& event : events) {
    v1::CaseEvent stored;
    ASSERT_TRUE(stored.ParseFromString(event.data));
    if (!stored.has_case_flags_set()) continue;
    v1::CaseFlags plain;
    EXPECT_FALSE(plain.ParseFromString(stored.case_flags_set().sealed_flags()) &&
                 plain.violence_in_close_relationship())
        << "the flags are not sealed";
    sealed_sizes.push_back(stored.case_flags_set().sealed_flags().size());
  }
  ASSERT_EQ(sealed_sizes.size(), 2u);
  EXPECT_GT(sealed_sizes[0], 0u);
  EXPECT_EQ(sealed_sizes[0], sealed_sizes[1]);
}

TEST_F(CoordinationTest, FlagsMayBeSetFromTheReferralUntilTheCaseIsClosed) {
  ASSERT_OK_AND_ASSIGN(TestCase referred,
                       NewCase(v1::CASE_STATUS_REFERRED, "nafs", absl::CivilDay(1970, 5, 6)));
  v1::SetCaseFlagsRequest early;
  early.set_request_id(NewRequestId());
  early.set_case_id(referred.case_id);
  early.mutable_flags()->set_risk_use_or_abuse(true);
  EXPECT_THAT(SetCaseFlags(early), IsOk());

  ASSERT_OK(AdvanceTo(case_.case_id, v1::CASE_STATUS_CLOSED).status());
  v1::SetCaseFlagsRequest late = On<v1::SetCaseFlagsRequest>();
  late.mutable_flags()->set_risk_use_or_abuse(true);
  ExpectRejectedAndUnchanged([&] { return SetCaseFlags(late); },
                             absl::StatusCode::kFailedPrecondition, "closed (avslutat)");
}

TEST_F(CoordinationTest, RefusesAStepDatedBeforeThePreviousStepOrInTheFuture) {
  v1::AddNoteRequest today = On<v1::AddNoteRequest>(kPinnedToday - 5);
  today.mutable_note()->set_text("Telefonsamtal");
  ASSERT_THAT(AddNote(today), IsOk());

  v1::AddNoteRequest earlier = On<v1::AddNoteRequest>(kPinnedToday - 6);
  earlier.mutable_note()->set_text("Efterregistrerat");
  ExpectRejectedAndUnchanged([&] { return AddNote(earlier); },
                             absl::StatusCode::kFailedPrecondition, "2026-06-09");
  v1::RecordMeetingRequest meeting = On<v1::RecordMeetingRequest>(kPinnedToday - 7);
  meeting.mutable_meeting()->add_present_party_ids("af");
  ExpectRejectedAndUnchanged([&] { return RecordMeeting(meeting); },
                             absl::StatusCode::kFailedPrecondition,
                             "before the case's latest step on 2026-06-10");

  v1::AddNoteRequest future = On<v1::AddNoteRequest>(kPinnedToday + 1);
  future.mutable_note()->set_text("Imorgon");
  ExpectRejectedAndUnchanged([&] { return AddNote(future); }, absl::StatusCode::kInvalidArgument,
                             "in the future");

  v1::AddNoteRequest not_a_date = On<v1::AddNoteRequest>();
  *not_a_date.mutable_effective_date() = DateOf(absl::CivilDay(2026, 6, 1));
  not_a_date.mutable_effective_date()->set_day(31);
  not_a_date.mutable_note()->set_text("31 juni");
  ExpectRejectedAndUnchanged([&] { return AddNote(not_a_date); },
                             absl::StatusCode::kInvalidArgument, "not a calendar date");
}

TEST_F(CoordinationTest, AStaleExpectedVersionIsAbortedAndWritesNothing) {
  v1::AddNoteRequest stale = On<v1::AddNoteRequest>();
  stale.mutable_note()->set_text("Inaktuell");
  stale.set_expected_version(case_.summary.version() - 1);
  ExpectRejectedAndUnchanged([&] { return AddNote(stale); }, absl::StatusCode::kAborted,
                             absl::StrCat("at version ", case_.summary.version()));

  stale.set_request_id(NewRequestId());
  stale.set_expected_version(case_.summary.version());
  ASSERT_OK_AND_ASSIGN(v1::AddNoteResponse response, AddNote(stale));
  EXPECT_EQ(response.change().case_summary().version(), case_.summary.version() + 1);
}

TEST_F(CoordinationTest, RefusesCoordinationOnACaseThatIsNotOpen) {
  ASSERT_OK_AND_ASSIGN(TestCase referred,
                       NewCase(v1::CASE_STATUS_REFERRED, "nafs", absl::CivilDay(1970, 5, 5)));
  v1::AddNoteRequest note;
  note.set_request_id(NewRequestId());
  note.set_case_id(referred.case_id);
  note.mutable_note()->set_text("För tidigt");
  ExpectRejectedAndUnchanged([&] { return AddNote(note); }, absl::StatusCode::kFailedPrecondition,
                             "referred (aktualiserat), awaiting decision");

  ASSERT_OK_AND_ASSIGN(v1::CaseSummary closed, AdvanceTo(case_.case_id, v1::CASE_STATUS_CLOSED));
  v1::AssignCaseOwnerRequest assign = On<v1::AssignCaseOwnerRequest>();
  assign.set_owner_user_id("sen");
  assign.set_party_id("af");
  ExpectRejectedAndUnchanged([&] { return AssignCaseOwner(assign); },
                             absl::StatusCode::kFailedPrecondition, "closed (avslutat)");
}

}  // namespace
}  // namespace torg::caseflow_test
