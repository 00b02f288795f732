// HandoverService: ProposeHandover, AcceptHandover, RejectHandover,
// ResolveDeviation, ListHandovers, ListDeviations, ListAgingOut.

#include "tests/caseflow/caseflow_fixture.h"

namespace torg::caseflow_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::torg::testing::IsOk;
using ::torg::testing::StatusIs;

constexpr absl::CivilDay kCaseStart(2026, 5, 16);  // 30 days before the pinned day.
constexpr absl::CivilDay kProposed(2026, 6, 10);   // 5 days before.

class HandoverTest : public CaseFlowTest {
 protected:
  // A 26-year-old on Ungdomstorget in coordination since kCaseStart, owned by
  // a coordinator of Umeå kommun.
  void SetUp() override {
    CaseFlowTest::SetUp();
    if (HasFatalFailure()) return;
    absl::StatusOr<TestCase> created = NewCase(v1::CASE_STATUS_COORDINATING, "ungdomstorget",
                                               absl::CivilDay(2000, 1, 10), kCaseStart);
    ASSERT_THAT(created, IsOk());
    case_ = *std::move(created);
    ASSERT_THAT(AssignOwner(case_.case_id, "ung-koordinator", "umea-kommun", kCaseStart), IsOk());
  }

  template <class Request>
  Request On(std::optional<absl::CivilDay> day = std::nullopt) {
    Request request;
    request.set_request_id(NewRequestId());
    request.set_case_id(case_.case_id);
    if (day.has_value()) *request.mutable_effective_date() = DateOf(*day);
    return request;
  }

  v1::ProposeHandoverRequest Proposal(v1::HandoverKind kind, const std::string& target,
                                      std::optional<absl::CivilDay> day = kProposed) {
    v1::ProposeHandoverRequest request = On<v1::ProposeHandoverRequest>(day);
    request.mutable_handover()->set_kind(kind);
    if (kind == v1::HANDOVER_KIND_PLATFORM) {
      request.mutable_handover()->set_target_platform_id(target);
    } else {
      request.mutable_handover()->set_target_party_id(target);
    }
    request.mutable_handover()->set_motivation("Fyller 30 i höst; behöver fortsatt stöd");
    return request;
  }

  // Proposes and returns the server-made handover id.
  std::string Propose(v1::HandoverKind kind, const std::string& target) {
    absl::StatusOr<v1::ProposeHandoverResponse> response = ProposeHandover(Proposal(kind, target));
    EXPECT_THAT(response, IsOk());
    if (!response.ok()) return "";
    return response->change().recorded(0).step().handover_proposed().handover_id();
  }

  v1::AcceptHandoverRequest Acceptance(const std::string& handover_id, const std::string& owner,
                                       const std::string& party) {
    v1::AcceptHandoverRequest request = On<v1::AcceptHandoverRequest>();
    request.mutable_acceptance()->set_handover_id(handover_id);
    request.mutable_acceptance()->set_new_owner_user_id(owner);
    request.mutable_acceptance()->set_new_owner_party_id(party);
    return request;
  }

  v1::ListHandoversResponse Handovers(v1::HandoverDirection direction,
                                      const std::string& platform_id, const std::string& party_id) {
    v1::ListHandoversRequest request;
    request.set_direction(direction);
    request.set_platform_id(platform_id);
    request.set_party_id(party_id);
    absl::StatusOr<v1::ListHandoversResponse> response = ListHandovers(request);
    EXPECT_THAT(response, IsOk());
    return response.value_or(v1::ListHandoversResponse());
  }

  std::vector<std::string> CaseIdsOnPlatform(const std::string& platform_id) {
    v1::ListCasesRequest request;
    request.set_platform_id(platform_id);
    absl::StatusOr<v1::ListCasesResponse> response = ListCases(request);
    EXPECT_THAT(response, IsOk());
    std::vector<std::string> ids;
    if (response.ok()) {
      for (const v1::CaseSummary& summary : response->cases()) ids.push_back(summary.case_id());
    }
    return ids;
  }

  TestCase case_;
};

TEST_F(HandoverTest, APlatformHandoverMovesTheCaseAndItsOwnerInOneStep) {
  ASSERT_OK_AND_ASSIGN(v1::ProposeHandoverResponse proposed,
                       ProposeHandover(Proposal(v1::HANDOVER_KIND_PLATFORM, "vuxentorget")));
  const v1::HandoverProposalStep& step = proposed.change().recorded(0).step().handover_proposed();
  const std::string handover_id = step.handover_id();
  EXPECT_FALSE(handover_id.empty());
  EXPECT_EQ(step.motivation(), "Fyller 30 i höst; behöver fortsatt stöd");
  const v1::PendingHandoverView& pending = proposed.change().case_summary().pending_handover();
  EXPECT_EQ(pending.handover_id(), handover_id);
  EXPECT_EQ(pending.kind(), v1::HANDOVER_KIND_PLATFORM);
  EXPECT_EQ(pending.target_platform_id(), "vuxentorget");
  EXPECT_EQ(DayOf(pending.proposed_on()), kProposed);

  // One handover at a time; and no closing while it waits.
  ExpectRejectedAndUnchanged(
      [&] { return ProposeHandover(Proposal(v1::HANDOVER_KIND_CASE_OWNER, "fk")); },
      absl::StatusCode::kFailedPrecondition, "still pending");
  v1::CloseCaseRequest close = On<v1::CloseCaseRequest>();
  close.mutable_closure()->set_outcome(v1::CLOSURE_OUTCOME_STUDIES);
  close.mutable_closure()->add_income_at_end(v1::INCOME_SOURCE_STUDENT_FINANCE);
  ExpectRejectedAndUnchanged([&] { return CloseCase(close); },
                             absl::StatusCode::kFailedPrecondition, "is pending");

  // Nobody may be without an owner: the receiver must name one.
  ExpectRejectedAndUnchanged([&] { return AcceptHandover(Acceptance(handover_id, "", "fk")); },
                             absl::StatusCode::kInvalidArgument, "new_owner_user_id");
  ExpectRejectedAndUnchanged(
      [&] { return AcceptHandover(Acceptance("NOSUCHHANDOVER", "vux-koordinator", "fk")); },
      absl::StatusCode::kFailedPrecondition, "NOSUCHHANDOVER is not pending");
  ExpectRejectedAndUnchanged(
      [&] { return AcceptHandover(Acceptance(handover_id, "vux-koordinator", "vindelns-kommun")); },
      absl::StatusCode::kFailedPrecondition, "consent does not cover");

  ASSERT_OK_AND_ASSIGN(v1::AcceptHandoverResponse accepted,
                       AcceptHandover(Acceptance(handover_id, "vux-koordinator", "fk")));
  const v1::CaseSummary& moved = accepted.change().case_summary();
  EXPECT_EQ(moved.platform_id(), "vuxentorget");
  EXPECT_EQ(moved.owner().owner_user_id(), "vux-koordinator");
  EXPECT_EQ(moved.owner().party_id(), "fk");
  EXPECT_FALSE(moved.has_pending_handover());
  EXPECT_EQ(moved.status(), v1::CASE_STATUS_COORDINATING);
  EXPECT_EQ(accepted.change().recorded(0).step().handover_accepted().handover_id(), handover_id);

  EXPECT_THAT(CaseIdsOnPlatform("ungdomstorget"), IsEmpty());
  EXPECT_THAT(CaseIdsOnPlatform("vuxentorget"), ElementsAre(case_.case_id));
  v1::ListCasesRequest by_owner;
  by_owner.set_owner_user_id("ung-koordinator");
  ASSERT_OK_AND_ASSIGN(v1::ListCasesResponse old_owner, ListCases(by_owner));
  EXPECT_THAT(old_owner.cases(), IsEmpty());
  EXPECT_THAT(Handovers(v1::HANDOVER_DIRECTION_INCOMING, "vuxentorget", "").handovers(), IsEmpty());

  ExpectRejectedAndUnchanged(
      [&] { return AcceptHandover(Acceptance(handover_id, "vux-koordinator", "fk")); },
      absl::StatusCode::kFailedPrecondition, "not pending");
}

TEST_F(HandoverTest, ListsWaitingHandoversInAndOutWithTheirWaitingDays) {
  const std::string to_adults = Propose(v1::HANDOVER_KIND_PLATFORM, "vuxentorget");

  v1::ListHandoversResponse incoming =
      Handovers(v1::HANDOVER_DIRECTION_INCOMING, "vuxentorget", "");
  ASSERT_EQ(incoming.handovers_size(), 1);
  const v1::HandoverListItem& item = incoming.handovers(0);
  EXPECT_EQ(item.case_id(), case_.case_id);
  EXPECT_EQ(item.participant_id(), case_.participant_id);
  EXPECT_EQ(item.handover_id(), to_adults);
  EXPECT_EQ(item.kind(), v1::HANDOVER_KIND_PLATFORM);
  EXPECT_EQ(item.from_platform_id(), "ungdomstorget");
  EXPECT_EQ(item.from_party_id(), "umea-kommun");
  EXPECT_EQ(item.target_platform_id(), "vuxentorget");
  EXPECT_EQ(DayOf(item.proposed_on()), kProposed);
  EXPECT_EQ(item.waiting_days(), 5);
  EXPECT_TRUE(incoming.next_page_token().empty());

  v1::ListHandoversResponse outgoing =
      Handovers(v1::HANDOVER_DIRECTION_OUTGOING, "ungdomstorget", "");
  ASSERT_EQ(outgoing.handovers_size(), 1);
  EXPECT_EQ(outgoing.handovers(0).handover_id(), to_adults);
  v1::ListHandoversResponse outgoing_party =
      Handovers(v1::HANDOVER_DIRECTION_OUTGOING, "", "umea-kommun");
  ASSERT_EQ(outgoing_party.handovers_size(), 1);
  EXPECT_THAT(Handovers(v1::HANDOVER_DIRECTION_INCOMING, "ungdomstorget", "").handovers(),
              IsEmpty());
  EXPECT_THAT(Handovers(v1::HANDOVER_DIRECTION_OUTGOING, "vuxentorget", "").handovers(), IsEmpty());

  // Waiting time counts to as_of, or to today as the clock moves on.
  v1::ListHandoversRequest later;
  later.set_direction(v1::HANDOVER_DIRECTION_INCOMING);
  later.set_platform_id("vuxentorget");
  *later.mutable_as_of() = DateOf(kPinnedToday + 10);
  ASSERT_OK_AND_ASSIGN(v1::ListHandoversResponse later_list, ListHandovers(later));
  ASSERT_EQ(later_list.handovers_size(), 1);
  EXPECT_EQ(later_list.handovers(0).waiting_days(), 15);
  SetToday(kPinnedToday + 2);
  EXPECT_EQ(
      Handovers(v1::HANDOVER_DIRECTION_INCOMING, "vuxentorget", "").handovers(0).waiting_days(), 7);

  v1::ListHandoversRequest no_direction;
  no_direction.set_platform_id("vuxentorget");
  EXPECT_THAT(ListHandovers(no_direction),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("direction")));
  v1::ListHandoversRequest both;
  both.set_direction(v1::HANDOVER_DIRECTION_INCOMING);
  both.set_platform_id("vuxentorget");
  both.set_party_id("af");
  EXPECT_THAT(ListHandovers(both),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("exactly one")));
}

TEST_F(HandoverTest, ACaseOwnerHandoverMovesOwnershipToTheReceivingParty) {
  const std::string handover_id = Propose(v1::HANDOVER_KIND_CASE_OWNER, "fk");
  v1::ListHandoversResponse inbox = Handovers(v1::HANDOVER_DIRECTION_INCOMING, "", "fk");
  ASSERT_EQ(inbox.handovers_size(), 1);
  EXPECT_EQ(inbox.handovers(0).kind(), v1::HANDOVER_KIND_CASE_OWNER);
  EXPECT_EQ(inbox.handovers(0).target_party_id(), "fk");
  EXPECT_EQ(inbox.handovers(0).from_party_id(), "umea-kommun");

  ExpectRejectedAndUnchanged(
      [&] { return AcceptHandover(Acceptance(handover_id, "fk-handlaggare", "af")); },
      absl::StatusCode::kInvalidArgument, "must be at fk");
  ASSERT_OK_AND_ASSIGN(v1::AcceptHandoverResponse accepted,
                       AcceptHandover(Acceptance(handover_id, "fk-handlaggare", "fk")));
  EXPECT_EQ(accepted.change().case_summary().platform_id(), "ungdomstorget");
  EXPECT_EQ(accepted.change().case_summary().owner().owner_user_id(), "fk-handlaggare");
  EXPECT_EQ(accepted.change().case_summary().owner().party_id(), "fk");
  EXPECT_THAT(Handovers(v1::HANDOVER_DIRECTION_INCOMING, "", "fk").handovers(), IsEmpty());
}

TEST_F(HandoverTest, APlatformHandoverOnlyToWhereTheParticipantFits) {
  // Lokalt Vännäs takes only Vännäs residents; this participant lives in Umeå.
  ExpectRejectedAndUnchanged(
      [&] { return ProposeHandover(Proposal(v1::HANDOVER_KIND_PLATFORM, "lokalt-vannas")); },
      absl::StatusCode::kInvalidArgument, "residents of its kommuner");

  // A case of theirs already open on Vuxentorget: proposing is refused, and
  // so is accepting a proposal made before that case opened.
  const std::string handover_id = Propose(v1::HANDOVER_KIND_PLATFORM, "vuxentorget");
  ASSERT_OK_AND_ASSIGN(v1::CaseSummary other, Refer(case_.participant_id, "vuxentorget"));
  ExpectRejectedAndUnchanged(
      [&] { return AcceptHandover(Acceptance(handover_id, "vux-koordinator", "af")); },
      absl::StatusCode::kFailedPrecondition, "already has an open case on Vuxentorget");
  EXPECT_EQ(other.status(), v1::CASE_STATUS_REFERRED);
}

TEST_F(HandoverTest, RefusesMalformedProposals) {
  ExpectRejectedAndUnchanged(
      [&] { return ProposeHandover(Proposal(v1::HANDOVER_KIND_PLATFORM, "ungdomstorget")); },
      absl::StatusCode::kInvalidArgument, "another platform");
  ExpectRejectedAndUnchanged(
      [&] { return ProposeHandover(Proposal(v1::HANDOVER_KIND_PLATFORM, "mars")); },
      absl::StatusCode::kInvalidArgument, "target_platform_id");
  ExpectRejectedAndUnchanged(
      [&] { return ProposeHandover(Proposal(v1::HANDOVER_KIND_UNSPECIFIED, "fk")); },
      absl::StatusCode::kInvalidArgument, "kind of handover");
  ExpectRejectedAndUnchanged(
      [&] { return ProposeHandover(Proposal(v1::HANDOVER_KIND_CASE_OWNER, "bjurholms-kommun")); },
      absl::StatusCode::kFailedPrecondition, "consent does not cover bjurholms-kommun");
  ExpectRejectedAndUnchanged(
      [&] { return ProposeHandover(Proposal(v1::HANDOVER_KIND_ORDINARY_SERVICES, "")); },
      absl::StatusCode::kInvalidArgument, "target_party_id");
  ExpectRejectedAndUnchanged(
      [&] {
        return ProposeHandover(Proposal(v1::HANDOVER_KIND_PLATFORM, "vuxentorget", kCaseStart - 1));
      },
      absl::StatusCode::kFailedPrecondition, "before the case's latest step");
}

TEST_F(HandoverTest, ARejectionOpensADeviationUntilItIsResolved) {
  const std::string handover_id = Propose(v1::HANDOVER_KIND_PLATFORM, "nafs");

  v1::RejectHandoverRequest no_reason = On<v1::RejectHandoverRequest>();
  no_reason.mutable_rejection()->set_handover_id(handover_id);
  ExpectRejectedAndUnchanged([&] { return RejectHandover(no_reason); },
                             absl::StatusCode::kInvalidArgument, "reason");

  v1::RejectHandoverRequest reject = On<v1::RejectHandoverRequest>(kPinnedToday - 3);
  reject.mutable_rejection()->set_handover_id(handover_id);
  reject.mutable_rejection()->set_reason("NAFS har ingen plats före hösten");
  ASSERT_OK_AND_ASSIGN(v1::RejectHandoverResponse rejected, RejectHandover(reject));
  const v1::HandoverRejectionStep& step = rejected.change().recorded(0).step().handover_rejected();
  const std::string deviation_id = step.deviation_id();
  EXPECT_FALSE(deviation_id.empty());
  EXPECT_EQ(step.reason(), "NAFS har ingen plats före hösten");
  const v1::CaseSummary& summary = rejected.change().case_summary();
  EXPECT_FALSE(summary.has_pending_handover());
  EXPECT_EQ(summary.platform_id(), "ungdomstorget");
  EXPECT_THAT(summary.open_deviation_ids(), ElementsAre(deviation_id));

  for (const std::string& platform : {std::string(), std::string("ungdomstorget")}) {
    SCOPED_TRACE(platform);
    v1::ListDeviationsRequest list;
    list.set_platform_id(platform);
    ASSERT_OK_AND_ASSIGN(v1::ListDeviationsResponse deviations, ListDeviations(list));
    ASSERT_EQ(deviations.deviations_size(), 1);
    const v1::DeviationListItem& item = deviations.deviations(0);
    EXPECT_EQ(item.case_id(), case_.case_id);
    EXPECT_EQ(item.participant_id(), case_.participant_id);
    EXPECT_EQ(item.platform_id(), "ungdomstorget");
    EXPECT_EQ(item.deviation_id(), deviation_id);
    EXPECT_EQ(item.handover_id(), handover_id);
    EXPECT_EQ(item.kind(), v1::HANDOVER_KIND_PLATFORM);
    EXPECT_EQ(item.target_platform_id(), "nafs");
    EXPECT_EQ(DayOf(item.opened_on()), kPinnedToday - 3);
    EXPECT_EQ(item.open_days(), 3);
  }
  v1::ListDeviationsRequest elsewhere;
  elsewhere.set_platform_id("nafs");
  ASSERT_OK_AND_ASSIGN(v1::ListDeviationsResponse none, ListDeviations(elsewhere));
  EXPECT_THAT(none.deviations(), IsEmpty());
  EXPECT_THAT(Handovers(v1::HANDOVER_DIRECTION_INCOMING, "nafs", "").handovers(), IsEmpty());

  // The rejected handover is no longer pending; another may be proposed.
  v1::RejectHandoverRequest reject_again = reject;
  reject_again.set_request_id(NewRequestId());
  ExpectRejectedAndUnchanged([&] { return RejectHandover(reject_again); },
                             absl::StatusCode::kFailedPrecondition, "not pending");

  v1::ResolveDeviationRequest no_words = On<v1::ResolveDeviationRequest>();
  no_words.mutable_resolution()->set_deviation_id(deviation_id);
  ExpectRejectedAndUnchanged([&] { return ResolveDeviation(no_words); },
                             absl::StatusCode::kInvalidArgument, "resolution");

  v1::ResolveDeviationRequest resolve = On<v1::ResolveDeviationRequest>();
  resolve.mutable_resolution()->set_deviation_id(deviation_id);
  resolve.mutable_resolution()->set_resolution("Överlämning till Vuxentorget i stället");
  ASSERT_OK_AND_ASSIGN(v1::ResolveDeviationResponse resolved, ResolveDeviation(resolve));
  EXPECT_THAT(resolved.change().case_summary().open_deviation_ids(), IsEmpty());
  EXPECT_EQ(resolved.change().recorded(0).step().deviation_resolved().resolution(),
            "Överlämning till Vuxentorget i stället");
  ASSERT_OK_AND_ASSIGN(v1::ListDeviationsResponse after,
                       ListDeviations(v1::ListDeviationsRequest()));
  EXPECT_THAT(after.deviations(), IsEmpty());

  resolve.set_request_id(NewRequestId());
  ExpectRejectedAndUnchanged([&] { return ResolveDeviation(resolve); },
                             absl::StatusCode::kFailedPrecondition, "no open deviation");

  EXPECT_THAT(ProposeHandover(Proposal(v1::HANDOVER_KIND_PLATFORM, "vuxentorget", kPinnedToday)),
              IsOk());
}

TEST_F(HandoverTest, BackToOrdinaryServicesThenTheOwnerClosesTheCase) {
  const std::string handover_id = Propose(v1::HANDOVER_KIND_ORDINARY_SERVICES, "af");
  v1::AcceptHandoverRequest accept = On<v1::AcceptHandoverRequest>();
  accept.mutable_acceptance()->set_handover_id(handover_id);
  ASSERT_OK_AND_ASSIGN(v1::AcceptHandoverResponse accepted, AcceptHandover(accept));
  EXPECT_FALSE(accepted.change().case_summary().has_pending_handover());
  EXPECT_EQ(accepted.change().case_summary().owner().owner_user_id(), "ung-koordinator");
  EXPECT_EQ(accepted.change().case_summary().status(), v1::CASE_STATUS_COORDINATING);

  v1::CloseCaseRequest close = On<v1::CloseCaseRequest>();
  close.mutable_closure()->set_outcome(v1::CLOSURE_OUTCOME_NEED_ADAPTED_OTHER_AUTHORITY);
  close.mutable_closure()->add_income_at_end(v1::INCOME_SOURCE_UNEMPLOYMENT_BENEFIT);
  ASSERT_OK_AND_ASSIGN(v1::CloseCaseResponse closed, CloseCase(close));
  EXPECT_EQ(closed.change().case_summary().status(), v1::CASE_STATUS_CLOSED);

  ExpectRejectedAndUnchanged(
      [&] { return ProposeHandover(Proposal(v1::HANDOVER_KIND_PLATFORM, "vuxentorget")); },
      absl::StatusCode::kFailedPrecondition, "closed (avslutat)");
}

TEST_F(HandoverTest, ListsYouthTurningThirtyWithinTheWindow) {
  // Turns 30 on 1 August 2026, 47 days after the pinned day.
  ASSERT_OK_AND_ASSIGN(TestCase soon, NewCase(v1::CASE_STATUS_COORDINATING, "ungdomstorget",
                                              absl::CivilDay(1996, 8, 1)));
  ASSERT_THAT(AssignOwner(soon.case_id, "ung-koordinator-2", "af"), IsOk());
  // Turns 30 on 20 June 2028.
  ASSERT_OK_AND_ASSIGN(TestCase later, NewCase(v1::CASE_STATUS_REFERRED, "ungdomstorget",
                                               absl::CivilDay(1998, 6, 20)));

  for (const std::string& platform : {std::string(), std::string("ungdomstorget")}) {
    SCOPED_TRACE(platform);
    v1::ListAgingOutRequest request;
    request.set_platform_id(platform);
    ASSERT_OK_AND_ASSIGN(v1::ListAgingOutResponse response, ListAgingOut(request));
    ASSERT_EQ(response.cases_size(), 1);
    const v1::AgingOutItem& item = response.cases(0);
    EXPECT_EQ(item.case_id(), soon.case_id);
    EXPECT_EQ(item.participant_id(), soon.participant_id);
    EXPECT_EQ(item.platform_id(), "ungdomstorget");
    EXPECT_EQ(DayOf(item.ages_out_on()), absl::CivilDay(2026, 8, 1));
    EXPECT_EQ(item.days_left(), 47);
    EXPECT_FALSE(item.handover_pending());
    EXPECT_EQ(item.owner().owner_user_id(), "ung-koordinator-2");
  }

  v1::ListAgingOutRequest two_years;
  two_years.set_within_days(800);
  ASSERT_OK_AND_ASSIGN(v1::ListAgingOutResponse wide, ListAgingOut(two_years));
  ASSERT_EQ(wide.cases_size(), 2);
  EXPECT_EQ(wide.cases(0).case_id(), soon.case_id);
  EXPECT_EQ(wide.cases(1).case_id(), later.case_id);
  EXPECT_EQ(DayOf(wide.cases(1).ages_out_on()), absl::CivilDay(2028, 6, 20));
  EXPECT_EQ(wide.cases(1).days_left(), 736);

  // A handover on its way shows; after the birthday the case is past due.
  v1::ProposeHandoverRequest propose;
  propose.set_request_id(NewRequestId());
  propose.set_case_id(soon.case_id);
  propose.mutable_handover()->set_kind(v1::HANDOVER_KIND_PLATFORM);
  propose.mutable_handover()->set_target_platform_id("vuxentorget");
  ASSERT_THAT(ProposeHandover(propose), IsOk());
  SetToday(absl::CivilDay(2026, 8, 11));
  ASSERT_OK_AND_ASSIGN(v1::ListAgingOutResponse past, ListAgingOut(v1::ListAgingOutRequest()));
  ASSERT_EQ(past.cases_size(), 1);
  EXPECT_TRUE(past.cases(0).handover_pending());
  EXPECT_EQ(past.cases(0).days_left(), -10);

  v1::ListAgingOutRequest unknown;
  unknown.set_platform_id("mars");
  EXPECT_THAT(ListAgingOut(unknown),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("mars")));
  v1::ListAgingOutRequest negative;
  negative.set_within_days(-1);
  EXPECT_THAT(ListAgingOut(negative),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("within_days")));
}

}  // namespace
}  // namespace torg::caseflow_test
