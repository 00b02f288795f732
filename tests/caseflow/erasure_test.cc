// ErasureService: erasure at a participant's request (GDPR art. 17) and
// gallring under the förbund's retention rules (the example config keeps
// data at least 12 months after the last case ended, and erases it after
// 24), and what every read shows afterwards.

#include "storage/event_store.h"
#include "tests/caseflow/caseflow_fixture.h"
#include "torg/v1/erasure_service.grpc.pb.h"

namespace torg::caseflow_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using ::torg::testing::IsOk;
using ::torg::testing::IsOkAndHolds;
using ::torg::testing::StatusIs;

constexpr absl::CivilDay kErasedPersonBirth(1986, 3, 12);

// A participant with a closed case, and what identifies them.
struct ClosedCase {
  std::string personnummer;
  std::string participant_id;
  std::string case_id;
};

class ErasureTest : public CaseFlowTest {
 protected:
  void SetUp() override {
    CaseFlowTest::SetUp();
    if (HasFatalFailure()) return;
    erasure_ = v1::ErasureService::NewStub(
        grpc::CreateChannel(server().listen_address(), grpc::InsecureChannelCredentials()));
  }

  absl::StatusOr<v1::EraseParticipantResponse> EraseParticipant(
      const v1::EraseParticipantRequest& request) const {
    return Invoke<v1::EraseParticipantResponse>(
        [&](grpc::ClientContext* context, v1::EraseParticipantResponse* response) {
          return erasure_->EraseParticipant(context, request, response);
        });
  }

  absl::StatusOr<v1::ApplyRetentionResponse> ApplyRetention(
      const v1::ApplyRetentionRequest& request) const {
    return Invoke<v1::ApplyRetentionResponse>(
        [&](grpc::ClientContext* context, v1::ApplyRetentionResponse* response) {
          return erasure_->ApplyRetention(context, request, response);
        });
  }

  v1::EraseParticipantRequest ErasureOf(const std::string& participant_id) {
    v1::EraseParticipantRequest request;
    request.set_request_id(NewRequestId());
    request.set_participant_id(participant_id);
    return request;
  }

  absl::StatusOr<v1::ApplyRetentionResponse> Gallra() {
    v1::ApplyRetentionRequest request;
    request.set_request_id(NewRequestId());
    return ApplyRetention(request);
  }

  // A person registered, consenting, referred to Vuxentorget, with a note
  // and a flag on the case, and the case closed: every step on `day`.
  absl::StatusOr<ClosedCase> CaseClosedOn(absl::CivilDay day) {
    ClosedCase closed;
    closed.personnummer = NewPersonnummer(kErasedPersonBirth);
    v1::RegisterParticipantRequest registration = RegistrationOf(closed.personnummer);
    *registration.mutable_effective_date() = DateOf(day);
    absl::StatusOr<v1::RegisterParticipantResponse> registered = RegisterParticipant(registration);
    if (!registered.ok()) return registered.status();
    closed.participant_id = registered->participant().participant_id();
    absl::StatusOr<std::string> consent = GiveConsent(closed.participant_id, UmeaParties(), day);
    if (!consent.ok()) return consent.status();
    absl::StatusOr<v1::CaseSummary> referred = Refer(closed.participant_id, "vuxentorget", day);
    if (!referred.ok()) return referred.status();
    closed.case_id = referred->case_id();
    absl::StatusOr<v1::CaseSummary> enrolled =
        AdvanceTo(closed.case_id, v1::CASE_STATUS_ENROLLED, day);
    if (!enrolled.ok()) return enrolled.status();
    v1::AddNoteRequest note;
    note.set_request_id(NewRequestId());
    note.set_case_id(closed.case_id);
    *note.mutable_effective_date() = DateOf(day);
    note.mutable_note()->set_text("Samtal om arbetsträning hos Hemligt AB");
    if (absl::StatusOr<v1::AddNoteResponse> noted = AddNote(note); !noted.ok()) {
      return noted.status();
    }
    v1::SetCaseFlagsRequest flags;
    flags.set_request_id(NewRequestId());
    flags.set_case_id(closed.case_id);
    *flags.mutable_effective_date() = DateOf(day);
    flags.mutable_flags()->set_violence_in_close_relationship(true);
    if (absl::StatusOr<v1::SetCaseFlagsResponse> set = SetCaseFlags(flags); !set.ok()) {
      return set.status();
    }
    absl::StatusOr<v1::CaseSummary> done = AdvanceTo(closed.case_id, v1::CASE_STATUS_CLOSED, day);
    if (!done.ok()) return done.status();
    return closed;
  }

  absl::StatusOr<bool> IsErased(const std::string& participant_id) {
    v1::GetParticipantRequest request;
    request.set_participant_id(participant_id);
    absl::StatusOr<v1::GetParticipantResponse> response = GetParticipant(request);
    if (!response.ok()) return response.status();
    return response->participant().erased();
  }

  std::unique_ptr<v1::ErasureService::Stub> erasure_;
};

TEST_F(ErasureTest, RefusedWhileACaseIsOpen) {
  ASSERT_OK_AND_ASSIGN(TestCase open, NewCase(v1::CASE_STATUS_COORDINATING));
  const v1::EraseParticipantRequest request = ErasureOf(open.participant_id);
  ExpectRejectedAndUnchanged([&] { return EraseParticipant(request); },
                             absl::StatusCode::kFailedPrecondition, "close the case first");
}

TEST_F(ErasureTest, RefusedWithinTheKeepMonthsAfterTheLastCaseEnded) {
  ASSERT_OK_AND_ASSIGN(ClosedCase closed, CaseClosedOn(Today() - 30));
  const v1::EraseParticipantRequest request = ErasureOf(closed.participant_id);
  ExpectRejectedAndUnchanged([&] { return EraseParticipant(request); },
                             absl::StatusCode::kFailedPrecondition,
                             "keeps a participant's data for 12 months");
}

TEST_F(ErasureTest, UnknownParticipantIsNotFound) {
  EXPECT_THAT(EraseParticipant(ErasureOf("NOSUCHPERSON")), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(ErasureTest, AllowedAfterTheKeepMonthsAndEveryReadStaysWhole) {
  ASSERT_OK_AND_ASSIGN(ClosedCase closed, CaseClosedOn(absl::CivilDay(2025, 3, 3)));
  ASSERT_OK_AND_ASSIGN(v1::EraseParticipantResponse erased,
                       EraseParticipant(ErasureOf(closed.participant_id)));
  EXPECT_FALSE(erased.replayed());
  EXPECT_TRUE(erased.participant().erased());
  EXPECT_EQ(DayOf(erased.participant().erased_on()), Today());

  // The participant: marked erased, no identity, the facts kept.
  v1::GetParticipantRequest get_participant;
  get_participant.set_participant_id(closed.participant_id);
  ASSERT_OK_AND_ASSIGN(v1::GetParticipantResponse participant, GetParticipant(get_participant));
  const v1::Participant& view = participant.participant();
  EXPECT_TRUE(view.erased());
  EXPECT_EQ(DayOf(view.erased_on()), Today());
  EXPECT_EQ(view.personnummer(), "");
  EXPECT_EQ(view.given_name(), "");
  EXPECT_EQ(view.family_name(), "");
  EXPECT_EQ(view.phone(), "");
  EXPECT_EQ(view.identity_kind(), v1::IDENTITY_KIND_PERSONNUMMER);
  EXPECT_EQ(view.birth_year(), 1986);
  EXPECT_EQ(view.gender(), v1::GENDER_WOMAN);
  EXPECT_EQ(view.kommun_code(), "2480");
  ASSERT_EQ(participant.cases_size(), 1);
  EXPECT_EQ(participant.cases(0).status(), v1::CASE_STATUS_CLOSED);

  // The case: the summary whole, the sealed details of its steps redacted.
  v1::GetCaseRequest get_case;
  get_case.set_case_id(closed.case_id);
  ASSERT_OK_AND_ASSIGN(v1::GetCaseResponse found, GetCase(get_case));
  EXPECT_EQ(found.case_summary().status(), v1::CASE_STATUS_CLOSED);
  EXPECT_EQ(found.case_summary().outcome(), v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED);
  EXPECT_EQ(DayOf(found.case_summary().closed_on()), absl::CivilDay(2025, 3, 3));
  int redacted = 0;
  for (const v1::TimelineEntry& entry : found.timeline()) {
    if (entry.redacted()) ++redacted;
    if (entry.step().has_referral_submitted()) {
      EXPECT_TRUE(entry.redacted());
      EXPECT_EQ(entry.step().referral_submitted().reason(), "");
      EXPECT_EQ(entry.step().referral_submitted().platform_id(), "vuxentorget");
    }
    if (entry.step().has_note_added()) {
      EXPECT_TRUE(entry.redacted());
      EXPECT_EQ(entry.step().note_added().text(), "");
    }
    if (entry.step().has_case_flags_set()) {
      // Gone, not "no": the view says the step was redacted.
      EXPECT_TRUE(entry.redacted());
      EXPECT_FALSE(entry.step().case_flags_set().violence_in_close_relationship());
    }
    if (entry.step().has_case_closed()) {
      EXPECT_FALSE(entry.redacted()) << "a closure holds nothing sealed";
      EXPECT_EQ(entry.step().case_closed().outcome(), v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED);
    }
  }
  EXPECT_EQ(redacted, 3);

  // The number finds no one, and registers someone new.
  v1::FindParticipantRequest find;
  find.set_personnummer(closed.personnummer);
  EXPECT_THAT(FindParticipant(find), StatusIs(absl::StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(v1::RegisterParticipantResponse again,
                       RegisterParticipant(RegistrationOf(closed.personnummer)));
  EXPECT_NE(again.participant().participant_id(), closed.participant_id);
  EXPECT_EQ(again.participant().personnummer(), closed.personnummer);
  ASSERT_OK_AND_ASSIGN(v1::FindParticipantResponse refound, FindParticipant(find));
  EXPECT_EQ(refound.participant_id(), again.participant().participant_id());

  // The lists keep the case.
  v1::ListCasesRequest list;
  list.set_platform_id("vuxentorget");
  list.set_status(v1::CASE_STATUS_CLOSED);
  ASSERT_OK_AND_ASSIGN(v1::ListCasesResponse listed, ListCases(list));
  ASSERT_EQ(listed.cases_size(), 1);
  EXPECT_EQ(listed.cases(0).case_id(), closed.case_id);
  EXPECT_EQ(listed.cases(0).participant_id(), closed.participant_id);
  EXPECT_EQ(listed.cases(0).outcome(), v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED);

  // The key is gone from the store, and nothing more is recorded for them.
  EXPECT_THAT(server().store().ReadKey(absl::StrCat("participant-", closed.participant_id)),
              IsOkAndHolds(::testing::Eq(std::nullopt)));
  EXPECT_THAT(Refer(closed.participant_id, "nafs"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("erased")));
}

TEST_F(ErasureTest, ARetryReplaysAndASecondErasureIsRefused) {
  ASSERT_OK_AND_ASSIGN(ClosedCase closed, CaseClosedOn(absl::CivilDay(2025, 3, 3)));
  const v1::EraseParticipantRequest request = ErasureOf(closed.participant_id);
  ASSERT_OK_AND_ASSIGN(v1::EraseParticipantResponse first, EraseParticipant(request));
  const uint64_t after_first = LastPosition();

  ASSERT_OK_AND_ASSIGN(v1::EraseParticipantResponse retry, EraseParticipant(request));
  EXPECT_TRUE(retry.replayed());
  EXPECT_EQ(retry.participant().participant_id(), closed.participant_id);
  EXPECT_TRUE(retry.participant().erased());
  EXPECT_EQ(retry.participant().version(), first.participant().version());
  EXPECT_EQ(LastPosition(), after_first);

  const v1::EraseParticipantRequest another = ErasureOf(closed.participant_id);
  ExpectRejectedAndUnchanged([&] { return EraseParticipant(another); },
                             absl::StatusCode::kFailedPrecondition,
                             "was already erased on 2026-06-15");

  // The request id of the first erasure names that request only.
  v1::EraseParticipantRequest reused = ErasureOf(closed.participant_id);
  reused.set_request_id(request.request_id());
  reused.mutable_effective_date()->set_year(2026);
  reused.mutable_effective_date()->set_month(6);
  reused.mutable_effective_date()->set_day(1);
  EXPECT_THAT(EraseParticipant(reused), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(ErasureTest, GallringErasesExactlyTheParticipantsDue) {
  // Today is 2026-06-15; gallring erases after more than 24 months.
  ASSERT_OK_AND_ASSIGN(ClosedCase ended_long_ago, CaseClosedOn(absl::CivilDay(2024, 1, 10)));
  ASSERT_OK_AND_ASSIGN(ClosedCase ended_recently, CaseClosedOn(absl::CivilDay(2025, 1, 10)));
  ASSERT_OK_AND_ASSIGN(ClosedCase ended_exactly_24_months_ago,
                       CaseClosedOn(absl::CivilDay(2024, 6, 15)));
  ASSERT_OK_AND_ASSIGN(ClosedCase with_open_case, CaseClosedOn(absl::CivilDay(2023, 2, 1)));
  ASSERT_THAT(Refer(with_open_case.participant_id, "nafs"), IsOk());
  ASSERT_OK_AND_ASSIGN(v1::Participant never_referred,
                       RegisterPerson(kErasedPersonBirth, "2480", absl::CivilDay(2023, 6, 1)));
  ASSERT_OK_AND_ASSIGN(v1::Participant registered_recently,
                       RegisterPerson(kErasedPersonBirth, "2480", absl::CivilDay(2025, 1, 1)));

  ASSERT_OK_AND_ASSIGN(v1::ApplyRetentionResponse run, Gallra());
  EXPECT_THAT(run.erased_participant_ids(),
              UnorderedElementsAre(ended_long_ago.participant_id, never_referred.participant_id()));
  EXPECT_EQ(run.erased_count(), 2);
  EXPECT_EQ(DayOf(run.as_of()), Today());

  for (const std::string& id : {ended_long_ago.participant_id, never_referred.participant_id()}) {
    EXPECT_THAT(IsErased(id), IsOkAndHolds(true)) << id;
  }
  for (const std::string& id :
       {ended_recently.participant_id, ended_exactly_24_months_ago.participant_id,
        with_open_case.participant_id, registered_recently.participant_id()}) {
    EXPECT_THAT(IsErased(id), IsOkAndHolds(false)) << id;
  }

  // Running it again the same day erases no one new and answers the same.
  const uint64_t after_first = LastPosition();
  ASSERT_OK_AND_ASSIGN(v1::ApplyRetentionResponse again, Gallra());
  EXPECT_THAT(again.erased_participant_ids(),
              UnorderedElementsAre(ended_long_ago.participant_id, never_referred.participant_id()));
  EXPECT_EQ(LastPosition(), after_first);

  // A day later, the one that ended exactly 24 months ago is due.
  SetToday(Today() + 1);
  ASSERT_OK_AND_ASSIGN(v1::ApplyRetentionResponse tomorrow, Gallra());
  EXPECT_THAT(tomorrow.erased_participant_ids(),
              ElementsAre(ended_exactly_24_months_ago.participant_id));
}

TEST_F(ErasureTest, GallringAsOfTheFutureIsRefused) {
  v1::ApplyRetentionRequest request;
  request.set_request_id(NewRequestId());
  *request.mutable_as_of() = DateOf(Today() + 1);
  EXPECT_THAT(ApplyRetention(request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("in the future")));
  request.clear_request_id();
  request.clear_as_of();
  EXPECT_THAT(ApplyRetention(request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("request_id")));
}

}  // namespace
}  // namespace torg::caseflow_test
