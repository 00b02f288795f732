// ClosureService: CloseCase, RecordFollowUp, ListFollowUpsDue.

#include "tests/caseflow/caseflow_fixture.h"

namespace torg::caseflow_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::torg::testing::IsOk;
using ::torg::testing::StatusIs;

class ClosureTest : public CaseFlowTest {
 protected:
  template <class Request>
  Request On(const std::string& case_id, std::optional<absl::CivilDay> day = std::nullopt) {
    Request request;
    request.set_request_id(NewRequestId());
    request.set_case_id(case_id);
    if (day.has_value()) *request.mutable_effective_date() = DateOf(*day);
    return request;
  }

  v1::CloseCaseRequest Closure(const std::string& case_id,
                               std::optional<absl::CivilDay> day = std::nullopt) {
    v1::CloseCaseRequest request = On<v1::CloseCaseRequest>(case_id, day);
    request.mutable_closure()->set_outcome(v1::CLOSURE_OUTCOME_WORK_SUBSIDISED);
    request.mutable_closure()->add_income_at_end(v1::INCOME_SOURCE_SALARY);
    request.mutable_closure()->add_income_at_end(v1::INCOME_SOURCE_SOCIAL_ASSISTANCE);
    return request;
  }

  v1::RecordFollowUpRequest FollowUp(const std::string& case_id, v1::FollowUpPoint point) {
    v1::RecordFollowUpRequest request = On<v1::RecordFollowUpRequest>(case_id);
    request.mutable_follow_up()->set_point(point);
    request.mutable_follow_up()->set_reached(true);
    request.mutable_follow_up()->add_income(v1::INCOME_SOURCE_SALARY);
    request.mutable_follow_up()->set_note("Har kvar anställningen");
    return request;
  }

  v1::ListFollowUpsDueResponse FollowUpsDue(int within_days, const std::string& platform_id = "") {
    v1::ListFollowUpsDueRequest request;
    request.set_within_days(within_days);
    request.set_platform_id(platform_id);
    absl::StatusOr<v1::ListFollowUpsDueResponse> response = ListFollowUpsDue(request);
    EXPECT_THAT(response, IsOk());
    return response.value_or(v1::ListFollowUpsDueResponse());
  }
};

TEST_F(ClosureTest, ClosesAnOpenCaseWithItsOutcomeOnce) {
  ASSERT_OK_AND_ASSIGN(TestCase test_case, NewCase(v1::CASE_STATUS_COORDINATING, "vuxentorget",
                                                   absl::CivilDay(1986, 3, 12), kPinnedToday - 9));
  v1::CloseCaseRequest close = Closure(test_case.case_id, kPinnedToday - 2);
  close.set_expected_version(test_case.summary.version());
  ASSERT_OK_AND_ASSIGN(v1::CloseCaseResponse closed, CloseCase(close));
  const v1::CaseSummary& summary = closed.change().case_summary();
  EXPECT_EQ(summary.status(), v1::CASE_STATUS_CLOSED);
  EXPECT_EQ(DayOf(summary.closed_on()), kPinnedToday - 2);
  EXPECT_EQ(summary.outcome(), v1::CLOSURE_OUTCOME_WORK_SUBSIDISED);
  const v1::CaseClosed& step = closed.change().recorded(0).step().case_closed();
  EXPECT_EQ(step.outcome(), v1::CLOSURE_OUTCOME_WORK_SUBSIDISED);
  EXPECT_THAT(step.income_at_end(),
              ElementsAre(v1::INCOME_SOURCE_SALARY, v1::INCOME_SOURCE_SOCIAL_ASSISTANCE));

  // A closed case is never reopened.
  ExpectRejectedAndUnchanged([&] { return CloseCase(Closure(test_case.case_id)); },
                             absl::StatusCode::kFailedPrecondition, "closed (avslutat)");
  v1::StartAssessmentRequest start = On<v1::StartAssessmentRequest>(test_case.case_id);
  ExpectRejectedAndUnchanged([&] { return StartAssessment(start); },
                             absl::StatusCode::kFailedPrecondition, "closed (avslutat)");

  // A new referral to the same platform is how the person comes back.
  ASSERT_OK_AND_ASSIGN(v1::CaseSummary again, Refer(test_case.participant_id, "vuxentorget"));
  EXPECT_NE(again.case_id(), test_case.case_id);
  EXPECT_EQ(again.status(), v1::CASE_STATUS_REFERRED);
}

TEST_F(ClosureTest, ClosesFromEveryOpenStatus) {
  for (v1::CaseStatus status :
       {v1::CASE_STATUS_ENROLLED, v1::CASE_STATUS_ASSESSING, v1::CASE_STATUS_COORDINATING}) {
    SCOPED_TRACE(v1::CaseStatus_Name(status));
    ASSERT_OK_AND_ASSIGN(TestCase test_case, NewCase(status, "nafs", absl::CivilDay(1980, 2, 2)));
    ASSERT_OK_AND_ASSIGN(v1::CloseCaseResponse closed, CloseCase(Closure(test_case.case_id)));
    EXPECT_EQ(closed.change().case_summary().status(), v1::CASE_STATUS_CLOSED);
  }
}

TEST_F(ClosureTest, RefusesAClosureWithoutOutcomeOrLivelihoodOrBeforeEnrolment) {
  ASSERT_OK_AND_ASSIGN(TestCase test_case, NewCase(v1::CASE_STATUS_COORDINATING));
  v1::CloseCaseRequest no_outcome = Closure(test_case.case_id);
  no_outcome.mutable_closure()->clear_outcome();
  ExpectRejectedAndUnchanged([&] { return CloseCase(no_outcome); },
                             absl::StatusCode::kInvalidArgument, "outcome");
  v1::CloseCaseRequest no_income = Closure(test_case.case_id);
  no_income.mutable_closure()->clear_income_at_end();
  ExpectRejectedAndUnchanged([&] { return CloseCase(no_income); },
                             absl::StatusCode::kInvalidArgument, "income_at_end");
  v1::CloseCaseRequest stale = Closure(test_case.case_id);
  stale.set_expected_version(1);
  ExpectRejectedAndUnchanged([&] { return CloseCase(stale); }, absl::StatusCode::kAborted,
                             "not the expected 1");
  ExpectRejectedAndUnchanged([&] { return CloseCase(Closure("NOSUCHCASE")); },
                             absl::StatusCode::kPermissionDenied, "NOSUCHCASE");

  ASSERT_OK_AND_ASSIGN(TestCase referred,
                       NewCase(v1::CASE_STATUS_REFERRED, "nafs", absl::CivilDay(1980, 2, 2)));
  ExpectRejectedAndUnchanged([&] { return CloseCase(Closure(referred.case_id)); },
                             absl::StatusCode::kFailedPrecondition, "referred (aktualiserat)");
}

TEST_F(ClosureTest, RecordsFollowUpsWhenTheyFallDueAndOnlyOnce) {
  ASSERT_OK_AND_ASSIGN(TestCase test_case, NewCase(v1::CASE_STATUS_CLOSED));
  EXPECT_EQ(DayOf(test_case.summary.closed_on()), kPinnedToday);

  ExpectRejectedAndUnchanged(
      [&] { return RecordFollowUp(FollowUp(test_case.case_id, v1::FOLLOW_UP_POINT_3_MONTHS)); },
      absl::StatusCode::kFailedPrecondition, "due on 2026-09-15");

  // Nothing is due yet; within 92 days the 3-month follow-up is.
  EXPECT_THAT(FollowUpsDue(0).follow_ups(), IsEmpty());
  v1::ListFollowUpsDueResponse coming = FollowUpsDue(92);
  ASSERT_EQ(coming.follow_ups_size(), 1);
  EXPECT_EQ(coming.follow_ups(0).point(), v1::FOLLOW_UP_POINT_3_MONTHS);
  EXPECT_EQ(coming.follow_ups(0).overdue_days(), -92);

  SetToday(absl::CivilDay(2026, 9, 16));
  v1::ListFollowUpsDueResponse due = FollowUpsDue(0);
  ASSERT_EQ(due.follow_ups_size(), 1);
  const v1::FollowUpDueItem& item = due.follow_ups(0);
  EXPECT_EQ(item.case_id(), test_case.case_id);
  EXPECT_EQ(item.participant_id(), test_case.participant_id);
  EXPECT_EQ(item.platform_id(), "vuxentorget");
  EXPECT_EQ(item.point(), v1::FOLLOW_UP_POINT_3_MONTHS);
  EXPECT_EQ(DayOf(item.closed_on()), kPinnedToday);
  EXPECT_EQ(DayOf(item.due_on()), absl::CivilDay(2026, 9, 15));
  EXPECT_EQ(item.overdue_days(), 1);
  EXPECT_EQ(item.outcome(), v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED);
  EXPECT_EQ(FollowUpsDue(0, "vuxentorget").follow_ups_size(), 1);
  EXPECT_THAT(FollowUpsDue(0, "nafs").follow_ups(), IsEmpty());

  v1::RecordFollowUpRequest reached_without_income =
      FollowUp(test_case.case_id, v1::FOLLOW_UP_POINT_3_MONTHS);
  reached_without_income.mutable_follow_up()->clear_income();
  ExpectRejectedAndUnchanged([&] { return RecordFollowUp(reached_without_income); },
                             absl::StatusCode::kInvalidArgument, "income");
  v1::RecordFollowUpRequest no_point = FollowUp(test_case.case_id, v1::FOLLOW_UP_POINT_UNSPECIFIED);
  ExpectRejectedAndUnchanged([&] { return RecordFollowUp(no_point); },
                             absl::StatusCode::kInvalidArgument, "follow-up point");

  const v1::RecordFollowUpRequest three = FollowUp(test_case.case_id, v1::FOLLOW_UP_POINT_3_MONTHS);
  ASSERT_OK_AND_ASSIGN(v1::RecordFollowUpResponse recorded, RecordFollowUp(three));
  const v1::FollowUpStep& step = recorded.change().recorded(0).step().follow_up_recorded();
  EXPECT_EQ(step.point(), v1::FOLLOW_UP_POINT_3_MONTHS);
  EXPECT_TRUE(step.reached());
  EXPECT_EQ(step.note(), "Har kvar anställningen");
  EXPECT_EQ(recorded.change().case_summary().status(), v1::CASE_STATUS_CLOSED);
  EXPECT_THAT(FollowUpsDue(0).follow_ups(), IsEmpty());

  // A retry replays; a second recording is refused.
  ASSERT_OK_AND_ASSIGN(v1::RecordFollowUpResponse retry, RecordFollowUp(three));
  EXPECT_TRUE(retry.change().replayed());
  ExpectRejectedAndUnchanged(
      [&] { return RecordFollowUp(FollowUp(test_case.case_id, v1::FOLLOW_UP_POINT_3_MONTHS)); },
      absl::StatusCode::kAlreadyExists, "already recorded");
  ExpectRejectedAndUnchanged(
      [&] { return RecordFollowUp(FollowUp(test_case.case_id, v1::FOLLOW_UP_POINT_6_MONTHS)); },
      absl::StatusCode::kFailedPrecondition, "due on 2026-12-15");

  // The rest follow in due order.
  v1::ListFollowUpsDueResponse year = FollowUpsDue(366);
  ASSERT_EQ(year.follow_ups_size(), 2);
  EXPECT_EQ(year.follow_ups(0).point(), v1::FOLLOW_UP_POINT_6_MONTHS);
  EXPECT_EQ(year.follow_ups(1).point(), v1::FOLLOW_UP_POINT_12_MONTHS);
  EXPECT_EQ(DayOf(year.follow_ups(1).due_on()), absl::CivilDay(2027, 6, 15));

  // A person not reached is recorded without livelihood.
  SetToday(absl::CivilDay(2026, 12, 20));
  v1::RecordFollowUpRequest not_reached = FollowUp(test_case.case_id, v1::FOLLOW_UP_POINT_6_MONTHS);
  not_reached.mutable_follow_up()->set_reached(false);
  not_reached.mutable_follow_up()->clear_income();
  EXPECT_THAT(RecordFollowUp(not_reached), IsOk());
}

TEST_F(ClosureTest, RefusesAFollowUpOfAnOpenCaseAndPagesTheDueList) {
  ASSERT_OK_AND_ASSIGN(TestCase open, NewCase(v1::CASE_STATUS_COORDINATING));
  ExpectRejectedAndUnchanged(
      [&] { return RecordFollowUp(FollowUp(open.case_id, v1::FOLLOW_UP_POINT_3_MONTHS)); },
      absl::StatusCode::kFailedPrecondition, "in coordination");

  ASSERT_OK_AND_ASSIGN(v1::CaseSummary closed_one, AdvanceTo(open.case_id, v1::CASE_STATUS_CLOSED));
  ASSERT_OK_AND_ASSIGN(TestCase closed_two, NewCase(v1::CASE_STATUS_CLOSED, "nafs",
                                                    absl::CivilDay(1975, 1, 1), kPinnedToday - 1));
  v1::ListFollowUpsDueRequest request;
  request.set_within_days(366);
  request.set_page_size(4);
  ASSERT_OK_AND_ASSIGN(v1::ListFollowUpsDueResponse first, ListFollowUpsDue(request));
  ASSERT_EQ(first.follow_ups_size(), 4);
  EXPECT_FALSE(first.next_page_token().empty());
  EXPECT_EQ(first.follow_ups(0).case_id(), closed_two.case_id);
  EXPECT_EQ(first.follow_ups(1).case_id(), closed_one.case_id());
  request.set_page_token(first.next_page_token());
  ASSERT_OK_AND_ASSIGN(v1::ListFollowUpsDueResponse second, ListFollowUpsDue(request));
  ASSERT_EQ(second.follow_ups_size(), 2);
  EXPECT_TRUE(second.next_page_token().empty());
  EXPECT_EQ(second.follow_ups(1).point(), v1::FOLLOW_UP_POINT_12_MONTHS);

  v1::ListFollowUpsDueRequest too_far;
  too_far.set_within_days(367);
  EXPECT_THAT(ListFollowUpsDue(too_far),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("within_days")));
  v1::ListFollowUpsDueRequest bad_token;
  bad_token.set_page_token("not-a-token");
  EXPECT_THAT(ListFollowUpsDue(bad_token),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
}

}  // namespace
}  // namespace torg::caseflow_test
