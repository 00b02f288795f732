// CaseFileService: GetCase with the full timeline in plain text,
// GetParticipant with every case, ListCases with filters and paging.

#include "tests/caseflow/caseflow_fixture.h"

namespace torg::caseflow_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::torg::testing::IsOk;
using ::torg::testing::StatusIs;

using StepKind = v1::CaseStep::KindCase;

class CaseFileTest : public CaseFlowTest {
 protected:
  template <class Request>
  Request On(const std::string& case_id, std::optional<absl::CivilDay> day = std::nullopt) {
    Request request;
    request.set_request_id(NewRequestId());
    request.set_case_id(case_id);
    if (day.has_value()) *request.mutable_effective_date() = DateOf(*day);
    return request;
  }

  absl::StatusOr<v1::ListCasesResponse> List(const std::string& platform_id, v1::CaseStatus status,
                                             const std::string& owner, int page_size = 0,
                                             const std::string& token = "") {
    v1::ListCasesRequest request;
    request.set_platform_id(platform_id);
    request.set_status(status);
    request.set_owner_user_id(owner);
    request.set_page_size(page_size);
    request.set_page_token(token);
    return ListCases(request);
  }

  static std::vector<std::string> Ids(const v1::ListCasesResponse& response) {
    std::vector<std::string> ids;
    for (const v1::CaseSummary& summary : response.cases()) ids.push_back(summary.case_id());
    return ids;
  }
};

TEST_F(CaseFileTest, TheTimelineHoldsEveryStepInOrderInPlainText) {
  const absl::CivilDay start(2026, 3, 2);
  SetToday(start);
  ASSERT_OK_AND_ASSIGN(v1::Participant participant, RegisterPerson(absl::CivilDay(1992, 11, 30)));
  ASSERT_THAT(GiveConsent(participant.participant_id()), IsOk());
  v1::SubmitReferralRequest submit = ReferralOf(participant.participant_id(), "vuxentorget");
  submit.mutable_referral()->set_reason("Behöver stöd av AF och FK efter lång sjukskrivning");
  submit.mutable_referral()->set_violence_in_close_relationship(true);
  submit.mutable_referral()->set_risk_use_or_abuse(true);
  ASSERT_OK_AND_ASSIGN(v1::SubmitReferralResponse submitted, SubmitReferral(submit));
  const std::string case_id = submitted.change().case_summary().case_id();

  SetToday(start + 7);
  set_user("beredningsgrupp-ordf");
  v1::DecideReferralRequest accept = On<v1::DecideReferralRequest>(case_id);
  accept.mutable_accept();
  ASSERT_THAT(DecideReferral(accept), IsOk());
  set_user("koordinator-anna");
  ASSERT_THAT(StartAssessment(On<v1::StartAssessmentRequest>(case_id)), IsOk());
  v1::RecordFindingRequest finding = On<v1::RecordFindingRequest>(case_id);
  finding.mutable_finding()->set_domain(v1::ASSESSMENT_DOMAIN_HOUSING);
  finding.mutable_finding()->set_party_id("umea-kommun");
  finding.mutable_finding()->set_finding("Bor i andra hand, kontraktet går ut i maj");
  ASSERT_THAT(RecordFinding(finding), IsOk());
  v1::CompleteAssessmentRequest complete = On<v1::CompleteAssessmentRequest>(case_id);
  complete.mutable_plan()->add_goals("Eget förstahandskontrakt");
  ASSERT_THAT(CompleteAssessment(complete), IsOk());
  ASSERT_THAT(AssignOwner(case_id, "ar-bo", "af"), IsOk());

  SetToday(start + 14);
  v1::RecordMeetingRequest meeting = On<v1::RecordMeetingRequest>(case_id);
  meeting.mutable_meeting()->add_present_party_ids("af");
  meeting.mutable_meeting()->add_present_party_ids("umea-kommun");
  meeting.mutable_meeting()->set_decisions("Boendestöd söks; AF ordnar praktik från april");
  ASSERT_THAT(RecordMeeting(meeting), IsOk());
  v1::AddCommitmentRequest commitment = On<v1::AddCommitmentRequest>(case_id);
  commitment.mutable_commitment()->set_commitment_id("praktik");
  commitment.mutable_commitment()->set_kind(v1::ACTIVITY_KIND_INTERNSHIP);
  commitment.mutable_commitment()->set_party_id("af");
  *commitment.mutable_commitment()->mutable_start_date() = DateOf(absl::CivilDay(2026, 4, 1));
  commitment.mutable_commitment()->set_description("Praktik på bilverkstad");
  ASSERT_THAT(AddCommitment(commitment), IsOk());
  v1::CompleteCommitmentRequest done = On<v1::CompleteCommitmentRequest>(case_id);
  done.set_commitment_id("praktik");
  ASSERT_THAT(CompleteCommitment(done), IsOk());
  v1::AddCommitmentRequest second = On<v1::AddCommitmentRequest>(case_id);
  *second.mutable_commitment() = commitment.commitment();
  second.mutable_commitment()->set_commitment_id("studier");
  second.mutable_commitment()->set_kind(v1::ACTIVITY_KIND_STUDIES);
  ASSERT_THAT(AddCommitment(second), IsOk());
  v1::CancelCommitmentRequest cancel = On<v1::CancelCommitmentRequest>(case_id);
  cancel.mutable_cancellation()->set_commitment_id("studier");
  cancel.mutable_cancellation()->set_reason("Kursen ställdes in");
  ASSERT_THAT(CancelCommitment(cancel), IsOk());
  v1::AddNoteRequest note = On<v1::AddNoteRequest>(case_id);
  note.mutable_note()->set_text("Ringde, mår bättre");
  ASSERT_THAT(AddNote(note), IsOk());

  v1::ProposeHandoverRequest propose = On<v1::ProposeHandoverRequest>(case_id);
  propose.mutable_handover()->set_handover_id("h1");
  propose.mutable_handover()->set_kind(v1::HANDOVER_KIND_CASE_OWNER);
  propose.mutable_handover()->set_target_party_id("fk");
  propose.mutable_handover()->set_motivation("FK tar över när sjukpenningen prövas");
  ASSERT_THAT(ProposeHandover(propose), IsOk());
  v1::RejectHandoverRequest reject = On<v1::RejectHandoverRequest>(case_id);
  reject.mutable_rejection()->set_handover_id("h1");
  reject.mutable_rejection()->set_deviation_id("d1");
  reject.mutable_rejection()->set_reason("Ingen handläggare ledig");
  ASSERT_THAT(RejectHandover(reject), IsOk());
  v1::ResolveDeviationRequest resolve = On<v1::ResolveDeviationRequest>(case_id);
  resolve.mutable_resolution()->set_deviation_id("d1");
  resolve.mutable_resolution()->set_resolution("AF behåller ärendet");
  ASSERT_THAT(ResolveDeviation(resolve), IsOk());
  v1::ProposeHandoverRequest ordinary = On<v1::ProposeHandoverRequest>(case_id);
  ordinary.mutable_handover()->set_handover_id("h2");
  ordinary.mutable_handover()->set_kind(v1::HANDOVER_KIND_ORDINARY_SERVICES);
  ordinary.mutable_handover()->set_target_party_id("af");
  ASSERT_THAT(ProposeHandover(ordinary), IsOk());
  v1::AcceptHandoverRequest accept_ordinary = On<v1::AcceptHandoverRequest>(case_id);
  accept_ordinary.mutable_acceptance()->set_handover_id("h2");
  ASSERT_THAT(AcceptHandover(accept_ordinary), IsOk());
  v1::CloseCaseRequest close = On<v1::CloseCaseRequest>(case_id);
  close.mutable_closure()->set_outcome(v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED);
  close.mutable_closure()->add_income_at_end(v1::INCOME_SOURCE_SALARY);
  ASSERT_THAT(CloseCase(close), IsOk());

  SetToday(start + 14 + 93);
  v1::RecordFollowUpRequest follow_up = On<v1::RecordFollowUpRequest>(case_id);
  follow_up.mutable_follow_up()->set_point(v1::FOLLOW_UP_POINT_3_MONTHS);
  follow_up.mutable_follow_up()->set_reached(true);
  follow_up.mutable_follow_up()->add_income(v1::INCOME_SOURCE_SALARY);
  follow_up.mutable_follow_up()->set_note("Fast anställd sedan juni");
  ASSERT_THAT(RecordFollowUp(follow_up), IsOk());

  v1::GetCaseRequest get;
  get.set_case_id(case_id);
  ASSERT_OK_AND_ASSIGN(v1::GetCaseResponse response, GetCase(get));
  const v1::CaseSummary& summary = response.case_summary();
  EXPECT_EQ(summary.status(), v1::CASE_STATUS_CLOSED);
  EXPECT_EQ(summary.platform_id(), "vuxentorget");
  EXPECT_EQ(DayOf(summary.referral_date()), start);
  EXPECT_EQ(DayOf(summary.enrolled_on()), start + 7);
  EXPECT_EQ(DayOf(summary.closed_on()), start + 14);
  EXPECT_EQ(summary.owner().owner_user_id(), "ar-bo");
  EXPECT_THAT(summary.open_deviation_ids(), IsEmpty());
  EXPECT_EQ(summary.outcome(), v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED);

  const std::vector<StepKind> expected = {
      v1::CaseStep::kReferralSubmitted,   v1::CaseStep::kReferralAccepted,
      v1::CaseStep::kAssessmentStarted,   v1::CaseStep::kAssessmentFindingRecorded,
      v1::CaseStep::kAssessmentCompleted, v1::CaseStep::kCaseOwnerAssigned,
      v1::CaseStep::kMeetingRecorded,     v1::CaseStep::kCommitmentAdded,
      v1::CaseStep::kCommitmentCompleted, v1::CaseStep::kCommitmentAdded,
      v1::CaseStep::kCommitmentCancelled, v1::CaseStep::kNoteAdded,
      v1::CaseStep::kHandoverProposed,    v1::CaseStep::kHandoverRejected,
      v1::CaseStep::kDeviationResolved,   v1::CaseStep::kHandoverProposed,
      v1::CaseStep::kHandoverAccepted,    v1::CaseStep::kCaseClosed,
      v1::CaseStep::kFollowUpRecorded};
  ASSERT_EQ(response.timeline_size(), static_cast<int>(expected.size()));
  EXPECT_EQ(summary.version(), expected.size());
  for (int i = 0; i < response.timeline_size(); ++i) {
    SCOPED_TRACE(i);
    const v1::TimelineEntry& entry = response.timeline(i);
    EXPECT_EQ(entry.version(), static_cast<uint64_t>(i + 1));
    EXPECT_EQ(entry.step().kind_case(), expected[i]);
    EXPECT_GT(entry.recorded_at().seconds(), 0);
    EXPECT_EQ(entry.step().recorded_by(), i == 1 ? "beredningsgrupp-ordf" : "koordinator-anna");
  }
  const auto step = [&](int i) -> const v1::CaseStep& { return response.timeline(i).step(); };
  EXPECT_EQ(DayOf(step(0).effective_date()), start);
  EXPECT_EQ(step(0).referral_submitted().reason(),
            "Behöver stöd av AF och FK efter lång sjukskrivning");
  EXPECT_TRUE(step(0).referral_submitted().violence_in_close_relationship());
  EXPECT_TRUE(step(0).referral_submitted().risk_use_or_abuse());
  EXPECT_EQ(step(0).referral_submitted().age_at_referral(), 33);
  EXPECT_EQ(DayOf(step(1).effective_date()), start + 7);
  EXPECT_EQ(step(3).assessment_finding_recorded().finding(),
            "Bor i andra hand, kontraktet går ut i maj");
  EXPECT_THAT(step(4).assessment_completed().goals(), ElementsAre("Eget förstahandskontrakt"));
  EXPECT_EQ(step(5).case_owner_assigned().owner_user_id(), "ar-bo");
  EXPECT_EQ(step(6).meeting_recorded().decisions(),
            "Boendestöd söks; AF ordnar praktik från april");
  EXPECT_THAT(step(6).meeting_recorded().present_party_ids(), ElementsAre("af", "umea-kommun"));
  EXPECT_EQ(step(7).commitment_added().description(), "Praktik på bilverkstad");
  EXPECT_EQ(step(8).commitment_completed().commitment_id(), "praktik");
  EXPECT_EQ(step(10).commitment_cancelled().reason(), "Kursen ställdes in");
  EXPECT_EQ(step(11).note_added().text(), "Ringde, mår bättre");
  EXPECT_EQ(step(12).handover_proposed().motivation(), "FK tar över när sjukpenningen prövas");
  EXPECT_EQ(step(13).handover_rejected().reason(), "Ingen handläggare ledig");
  EXPECT_EQ(step(14).deviation_resolved().resolution(), "AF behåller ärendet");
  EXPECT_EQ(step(16).handover_accepted().handover_id(), "h2");
  EXPECT_EQ(step(17).case_closed().outcome(), v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED);
  EXPECT_EQ(step(18).follow_up_recorded().note(), "Fast anställd sedan juni");
  EXPECT_EQ(DayOf(step(18).effective_date()), start + 14 + 93);
}

TEST_F(CaseFileTest, GetParticipantListsEveryCaseOldestFirst) {
  ASSERT_OK_AND_ASSIGN(TestCase first, NewCase(v1::CASE_STATUS_CLOSED, "vuxentorget",
                                               absl::CivilDay(1986, 3, 12), kPinnedToday - 10));
  ASSERT_OK_AND_ASSIGN(v1::CaseSummary second,
                       Refer(first.participant_id, "vuxentorget", kPinnedToday - 4));
  ASSERT_OK_AND_ASSIGN(v1::CaseSummary third,
                       Refer(first.participant_id, "nafs", kPinnedToday - 7));

  v1::GetParticipantRequest request;
  request.set_participant_id(first.participant_id);
  ASSERT_OK_AND_ASSIGN(v1::GetParticipantResponse response, GetParticipant(request));
  EXPECT_EQ(response.participant().participant_id(), first.participant_id);
  EXPECT_EQ(response.participant().given_name(), "Testa");
  EXPECT_THAT(response.participant().consented_party_ids(),
              ElementsAre("af", "fk", "region-vasterbotten", "umea-kommun"));
  ASSERT_EQ(response.cases_size(), 3);
  EXPECT_EQ(response.cases(0).case_id(), first.case_id);
  EXPECT_EQ(response.cases(0).status(), v1::CASE_STATUS_CLOSED);
  EXPECT_EQ(response.cases(1).case_id(), third.case_id());
  EXPECT_EQ(response.cases(1).platform_id(), "nafs");
  EXPECT_EQ(response.cases(2).case_id(), second.case_id());
  EXPECT_EQ(response.cases(2).status(), v1::CASE_STATUS_REFERRED);
}

TEST_F(CaseFileTest, ReadingAnUnknownOrMalformedIdFails) {
  v1::GetCaseRequest no_case;
  no_case.set_case_id("NOSUCHCASE");
  EXPECT_THAT(GetCase(no_case),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("NOSUCHCASE")));
  no_case.set_case_id("");
  EXPECT_THAT(GetCase(no_case), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("case_id")));
  no_case.set_case_id("not a/case");
  EXPECT_THAT(GetCase(no_case), StatusIs(absl::StatusCode::kInvalidArgument));

  v1::GetParticipantRequest nobody;
  nobody.set_participant_id("NOSUCHPERSON");
  EXPECT_THAT(GetParticipant(nobody),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("NOSUCHPERSON")));
  nobody.set_participant_id("");
  EXPECT_THAT(GetParticipant(nobody),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("participant_id")));
}

TEST_F(CaseFileTest, ListsCasesByPlatformStatusAndOwnerInPages) {
  std::vector<std::string> case_ids;
  for (int i = 0; i < 5; ++i) {
    ASSERT_OK_AND_ASSIGN(TestCase test_case,
                         NewCase(v1::CASE_STATUS_REFERRED, "nafs", absl::CivilDay(1980, 1, 1 + i),
                                 absl::CivilDay(2026, 6, 1 + i)));
    case_ids.push_back(test_case.case_id);
  }
  // Elsewhere, so the platform filter has something to leave out.
  ASSERT_OK_AND_ASSIGN(TestCase other, NewCase(v1::CASE_STATUS_COORDINATING));
  ASSERT_THAT(AssignOwner(other.case_id, "agare-1", "af"), IsOk());

  ASSERT_OK_AND_ASSIGN(v1::ListCasesResponse page1,
                       List("nafs", v1::CASE_STATUS_UNSPECIFIED, "", 2));
  EXPECT_THAT(Ids(page1), ElementsAre(case_ids[0], case_ids[1]));
  ASSERT_FALSE(page1.next_page_token().empty());
  ASSERT_OK_AND_ASSIGN(v1::ListCasesResponse page2,
                       List("nafs", v1::CASE_STATUS_UNSPECIFIED, "", 2, page1.next_page_token()));
  EXPECT_THAT(Ids(page2), ElementsAre(case_ids[2], case_ids[3]));
  ASSERT_FALSE(page2.next_page_token().empty());
  ASSERT_OK_AND_ASSIGN(v1::ListCasesResponse page3,
                       List("nafs", v1::CASE_STATUS_UNSPECIFIED, "", 2, page2.next_page_token()));
  EXPECT_THAT(Ids(page3), ElementsAre(case_ids[4]));
  EXPECT_TRUE(page3.next_page_token().empty());

  // Enrol cases 1, 3 and 4 and give them an owner.
  for (int i : {1, 3, 4}) {
    ASSERT_THAT(AdvanceTo(case_ids[i], v1::CASE_STATUS_ENROLLED), IsOk());
    ASSERT_THAT(AssignOwner(case_ids[i], "agare-1", "fk"), IsOk());
  }
  ASSERT_OK_AND_ASSIGN(TestCase closed_one,
                       NewCase(v1::CASE_STATUS_CLOSED, "nafs", absl::CivilDay(1970, 7, 7)));

  ASSERT_OK_AND_ASSIGN(v1::ListCasesResponse referred, List("nafs", v1::CASE_STATUS_REFERRED, ""));
  EXPECT_THAT(Ids(referred), ElementsAre(case_ids[0], case_ids[2]));
  ASSERT_OK_AND_ASSIGN(v1::ListCasesResponse enrolled, List("nafs", v1::CASE_STATUS_ENROLLED, ""));
  EXPECT_THAT(Ids(enrolled), ElementsAre(case_ids[1], case_ids[3], case_ids[4]));
  ASSERT_OK_AND_ASSIGN(v1::ListCasesResponse closed, List("nafs", v1::CASE_STATUS_CLOSED, ""));
  EXPECT_THAT(Ids(closed), ElementsAre(closed_one.case_id));

  ASSERT_OK_AND_ASSIGN(v1::ListCasesResponse owned,
                       List("", v1::CASE_STATUS_UNSPECIFIED, "agare-1"));
  EXPECT_THAT(Ids(owned), ElementsAre(case_ids[1], case_ids[3], case_ids[4], other.case_id));
  ASSERT_OK_AND_ASSIGN(v1::ListCasesResponse owned_on_nafs,
                       List("nafs", v1::CASE_STATUS_UNSPECIFIED, "agare-1", 2));
  EXPECT_THAT(Ids(owned_on_nafs), ElementsAre(case_ids[1], case_ids[3]));
  ASSERT_OK_AND_ASSIGN(
      v1::ListCasesResponse owned_on_nafs_rest,
      List("nafs", v1::CASE_STATUS_UNSPECIFIED, "agare-1", 2, owned_on_nafs.next_page_token()));
  EXPECT_THAT(Ids(owned_on_nafs_rest), ElementsAre(case_ids[4]));
  ASSERT_OK_AND_ASSIGN(v1::ListCasesResponse owned_coordinating,
                       List("", v1::CASE_STATUS_COORDINATING, "agare-1"));
  EXPECT_THAT(Ids(owned_coordinating), ElementsAre(other.case_id));
  ASSERT_OK_AND_ASSIGN(v1::ListCasesResponse nobody,
                       List("", v1::CASE_STATUS_UNSPECIFIED, "ingen"));
  EXPECT_THAT(nobody.cases(), IsEmpty());

  EXPECT_THAT(List("", v1::CASE_STATUS_UNSPECIFIED, ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("platform_id")));
  EXPECT_THAT(List("nafs", v1::CASE_STATUS_UNSPECIFIED, "", 1001),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_size")));
  EXPECT_THAT(List("nafs", static_cast<v1::CaseStatus>(42), ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("status")));
  // A token of one list is refused by another.
  EXPECT_THAT(List("vuxentorget", v1::CASE_STATUS_UNSPECIFIED, "", 2, page1.next_page_token()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
  EXPECT_THAT(List("nafs", v1::CASE_STATUS_REFERRED, "", 2, page1.next_page_token()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
}

}  // namespace
}  // namespace torg::caseflow_test
