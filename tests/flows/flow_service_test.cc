// FlowService through gRPC on a real torgd: a coordinator of the platform
// gets exact figures, a steering user the same figures with small counts
// suppressed, and a report cut at a log position stays as it was. The
// expected figures are worked out by hand from the cases the test makes.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/auth/principal.h"
#include "tests/caseflow/caseflow_fixture.h"
#include "tests/support/status_matchers.h"
#include "torg/v1/flow_service.grpc.pb.h"

namespace torg {
namespace {

using ::testing::HasSubstr;
using ::torg::testing::StatusIs;

constexpr absl::CivilDay kFirstDay(2026, 1, 1);
constexpr absl::CivilDay kLastDay(2026, 6, 30);

// Every Count of a report, with a name for messages, in a fixed order.
void CollectCounts(const google::protobuf::Message& message, const std::string& path,
                   std::vector<std::pair<std::string, const v1::Count*>>& out) {
  if (message.GetDescriptor() == v1::Count::descriptor()) {
    out.emplace_back(path, static_cast<const v1::Count*>(&message));
    return;
  }
  const google::protobuf::Reflection* reflection = message.GetReflection();
  const google::protobuf::Descriptor* descriptor = message.GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = descriptor->field(i);
    if (field->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE) continue;
    const std::string name = absl::StrCat(path, ".", field->name());
    if (field->is_repeated()) {
      for (int j = 0; j < reflection->FieldSize(message, field); ++j) {
        CollectCounts(reflection->GetRepeatedMessage(message, field, j),
                      absl::StrCat(name, "[", j, "]"), out);
      }
    } else if (reflection->HasField(message, field)) {
      CollectCounts(reflection->GetMessage(message, field), name, out);
    }
  }
}

class FlowServiceTest : public caseflow_test::CaseFlowTest {
 protected:
  FlowServiceTest() { insecure_dev_ = false; }

  void SetUp() override {
    caseflow_test::CaseFlowTest::SetUp();
    if (HasFatalFailure()) return;
    flows_ = v1::FlowService::NewStub(channel());
    SetToday(absl::CivilDay(2026, 7, 15));
    coordinator_token_ = TokenFor({auth::Role::kCoordinator}, {"ungdomstorget"});
    steering_token_ = TokenFor({auth::Role::kSteering}, {});
    set_token(coordinator_token_);
    // Six women aged 21 enrolled on Ungdomstorget on 10 February, still
    // there; one man aged 22 enrolled on 1 March and closed on the period's
    // last day (with work, the fixture's outcome).
    for (int i = 0; i < 6; ++i) {
      ASSERT_OK(EnrolledCase(v1::GENDER_WOMAN, absl::CivilDay(2004, 5, 1 + i),
                             absl::CivilDay(2026, 2, 10))
                    .status());
    }
    ASSERT_OK_AND_ASSIGN(
        const std::string man,
        EnrolledCase(v1::GENDER_MAN, absl::CivilDay(2003, 11, 2), absl::CivilDay(2026, 3, 1)));
    ASSERT_OK(AdvanceTo(man, v1::CASE_STATUS_CLOSED, kLastDay).status());
  }

  // A person of `gender` born on `birth`, registered, consenting, referred
  // to Ungdomstorget and enrolled on `day`; returns the case id.
  absl::StatusOr<std::string> EnrolledCase(v1::Gender gender, absl::CivilDay birth,
                                           absl::CivilDay day) {
    v1::RegisterParticipantRequest registration = RegistrationOf(NewPersonnummer(birth));
    registration.set_gender(gender);
    *registration.mutable_effective_date() = caseflow_test::DateOf(day);
    absl::StatusOr<v1::RegisterParticipantResponse> registered = RegisterParticipant(registration);
    if (!registered.ok()) return registered.status();
    const std::string participant_id = registered->participant().participant_id();
    absl::Status consent = GiveConsent(participant_id, caseflow_test::UmeaParties(), day).status();
    if (!consent.ok()) return consent;
    absl::StatusOr<v1::CaseSummary> referred = Refer(participant_id, "ungdomstorget", day);
    if (!referred.ok()) return referred.status();
    absl::Status enrolled = AdvanceTo(referred->case_id(), v1::CASE_STATUS_ENROLLED, day).status();
    if (!enrolled.ok()) return enrolled;
    return referred->case_id();
  }

  absl::StatusOr<v1::GetPeriodReportResponse> Report(const std::string& platform_id,
                                                     const v1::AsOf* as_of = nullptr) {
    v1::GetPeriodReportRequest request;
    request.set_platform_id(platform_id);
    *request.mutable_first_day() = caseflow_test::DateOf(kFirstDay);
    *request.mutable_last_day() = caseflow_test::DateOf(kLastDay);
    if (as_of != nullptr) *request.mutable_as_of() = *as_of;
    return GetPeriodReport(request);
  }

  absl::StatusOr<v1::GetPeriodReportResponse> GetPeriodReport(
      const v1::GetPeriodReportRequest& request) const {
    return Invoke<v1::GetPeriodReportResponse>(
        [&](grpc::ClientContext* context, v1::GetPeriodReportResponse* response) {
          return flows_->GetPeriodReport(context, request, response);
        });
  }

  std::unique_ptr<v1::FlowService::Stub> flows_;
  std::string coordinator_token_;
  std::string steering_token_;
};

TEST_F(FlowServiceTest, TheCoordinatorOfThePlatformGetsExactFigures) {
  ASSERT_OK_AND_ASSIGN(v1::GetPeriodReportResponse report, Report("ungdomstorget"));
  EXPECT_EQ(report.suppression_threshold(), 0);
  EXPECT_EQ(report.active().total().women().value(), 6);
  EXPECT_EQ(report.active().total().men().value(), 1);
  EXPECT_EQ(report.active().total().total().value(), 7);
  EXPECT_EQ(report.enrolled().total().total().value(), 7);
  EXPECT_EQ(report.ongoing_at_end().total().women().value(), 6);
  EXPECT_EQ(report.ongoing_at_end().total().men().value(), 0);
  EXPECT_EQ(report.closed().total().men().value(), 1);
  ASSERT_EQ(report.closed().by_outcome_size(), 1);
  EXPECT_EQ(report.closed().by_outcome(0).outcome(), v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED);
  EXPECT_EQ(report.closed().by_outcome(0).category(), v1::OUTCOME_CATEGORY_WORK);
  ASSERT_EQ(report.active().by_age_band_size(), 1);
  EXPECT_EQ(report.active().by_age_band(0).key(), "20-24");
  EXPECT_EQ(report.referrals().received().total().value(), 7);
  EXPECT_EQ(report.referrals().accepted().total().value(), 7);
  EXPECT_FALSE(report.active().total().men().suppressed());
}

TEST_F(FlowServiceTest, SteeringSeesTheSameFiguresWithSmallCountsSuppressed) {
  ASSERT_OK_AND_ASSIGN(const v1::GetPeriodReportResponse exact, Report("ungdomstorget"));
  set_token(steering_token_);
  ASSERT_OK_AND_ASSIGN(const v1::GetPeriodReportResponse shown, Report("ungdomstorget"));
  EXPECT_EQ(shown.suppression_threshold(), 5);
  EXPECT_TRUE(shown.active().total().men().suppressed());
  EXPECT_EQ(shown.active().total().men().value(), 0);
  // The one man is in the active total; with men hidden, women must be too,
  // or 7 - 6 would give him away.
  EXPECT_TRUE(shown.active().total().women().suppressed());

  std::vector<std::pair<std::string, const v1::Count*>> exact_counts;
  std::vector<std::pair<std::string, const v1::Count*>> shown_counts;
  CollectCounts(exact, "report", exact_counts);
  CollectCounts(shown, "report", shown_counts);
  ASSERT_EQ(exact_counts.size(), shown_counts.size());
  int suppressed = 0;
  for (size_t i = 0; i < exact_counts.size(); ++i) {
    const auto& [name, count] = shown_counts[i];
    const int64_t value = exact_counts[i].second->value();
    if (count->suppressed()) {
      ++suppressed;
      EXPECT_EQ(count->value(), 0) << name;
    } else {
      EXPECT_EQ(count->value(), value) << name << " must be shown as it is";
      EXPECT_FALSE(value >= 1 && value <= 4) << name << " = " << value << " must be suppressed";
    }
  }
  EXPECT_GT(suppressed, 0);
}

TEST_F(FlowServiceTest, ACoordinatorOfOnePlatformGetsTheForbundSuppressed) {
  ASSERT_OK_AND_ASSIGN(const v1::GetPeriodReportResponse forbund, Report(""));
  EXPECT_EQ(forbund.suppression_threshold(), 5);
  EXPECT_TRUE(forbund.active().total().men().suppressed());
  EXPECT_EQ(forbund.active().total().total().value(), 7);
}

TEST_F(FlowServiceTest, AReportAsOfItsPositionIsUnchangedByLaterSteps) {
  ASSERT_OK_AND_ASSIGN(const v1::GetPeriodReportResponse before, Report("ungdomstorget"));
  // Recorded later but dated inside the period: a woman's case closed on
  // 1 June with studies.
  ASSERT_OK_AND_ASSIGN(
      const std::string late,
      EnrolledCase(v1::GENDER_WOMAN, absl::CivilDay(2005, 1, 9), absl::CivilDay(2026, 4, 1)));
  v1::CloseCaseRequest close;
  close.set_request_id(NewRequestId());
  close.set_case_id(late);
  close.mutable_closure()->set_outcome(v1::CLOSURE_OUTCOME_STUDIES);
  close.mutable_closure()->add_income_at_end(v1::INCOME_SOURCE_STUDENT_FINANCE);
  *close.mutable_effective_date() = caseflow_test::DateOf(absl::CivilDay(2026, 6, 1));
  ASSERT_OK(CloseCase(close).status());

  ASSERT_OK_AND_ASSIGN(const v1::GetPeriodReportResponse now, Report("ungdomstorget"));
  EXPECT_EQ(now.closed().total().total().value(), 2);
  EXPECT_EQ(now.active().total().women().value(), 7);
  EXPECT_GT(now.log_position(), before.log_position());

  v1::AsOf as_of;
  as_of.set_log_position(before.log_position());
  ASSERT_OK_AND_ASSIGN(const v1::GetPeriodReportResponse then, Report("ungdomstorget", &as_of));
  EXPECT_EQ(then.SerializeAsString(), before.SerializeAsString());
}

TEST_F(FlowServiceTest, AMonthlyTrendReportsEachMonthAsItsOwnReport) {
  v1::GetTrendRequest request;
  request.set_platform_id("ungdomstorget");
  *request.mutable_from_day() = caseflow_test::DateOf(absl::CivilDay(2026, 1, 20));
  *request.mutable_to_day() = caseflow_test::DateOf(absl::CivilDay(2026, 6, 2));
  request.set_granularity(v1::TREND_GRANULARITY_MONTH);
  ASSERT_OK_AND_ASSIGN(const v1::GetTrendResponse trend,
                       Invoke<v1::GetTrendResponse>(
                           [&](grpc::ClientContext* context, v1::GetTrendResponse* response) {
                             return flows_->GetTrend(context, request, response);
                           }));
  ASSERT_EQ(trend.periods_size(), 6);
  // January: nobody yet. February: six women enrolled. March: the man too.
  // June: the man closed on its last day, so active but not ongoing.
  const int64_t enrolled[] = {0, 6, 1, 0, 0, 0};
  const int64_t active[] = {0, 6, 7, 7, 7, 7};
  const int64_t ongoing[] = {0, 6, 7, 7, 7, 6};
  for (int month = 0; month < 6; ++month) {
    SCOPED_TRACE(absl::StrCat("month ", month + 1));
    const v1::GetPeriodReportResponse& period = trend.periods(month);
    EXPECT_EQ(period.first_day().month(), month + 1);
    EXPECT_EQ(period.first_day().day(), 1);
    EXPECT_EQ(period.log_position(), trend.periods(0).log_position());
    EXPECT_EQ(period.suppression_threshold(), 0);
    EXPECT_EQ(period.enrolled().total().total().value(), enrolled[month]);
    EXPECT_EQ(period.active().total().total().value(), active[month]);
    EXPECT_EQ(period.ongoing_at_end().total().total().value(), ongoing[month]);
  }
  EXPECT_EQ(trend.periods(5).last_day().day(), 30);
  EXPECT_EQ(trend.periods(5).closed().total().men().value(), 1);

  // Each month as GetPeriodReport gives it alone, suppressed for steering.
  set_token(steering_token_);
  ASSERT_OK_AND_ASSIGN(const v1::GetTrendResponse shown,
                       Invoke<v1::GetTrendResponse>(
                           [&](grpc::ClientContext* context, v1::GetTrendResponse* response) {
                             return flows_->GetTrend(context, request, response);
                           }));
  ASSERT_EQ(shown.periods_size(), 6);
  EXPECT_EQ(shown.periods(2).suppression_threshold(), 5);
  EXPECT_TRUE(shown.periods(2).enrolled().total().total().suppressed());  // the one man
  v1::GetPeriodReportRequest march;
  march.set_platform_id("ungdomstorget");
  *march.mutable_first_day() = caseflow_test::DateOf(absl::CivilDay(2026, 3, 1));
  *march.mutable_last_day() = caseflow_test::DateOf(absl::CivilDay(2026, 3, 31));
  ASSERT_OK_AND_ASSIGN(const v1::GetPeriodReportResponse alone, GetPeriodReport(march));
  EXPECT_EQ(alone.SerializeAsString(), shown.periods(2).SerializeAsString());
}

TEST_F(FlowServiceTest, BadRequestsAreInvalidArguments) {
  EXPECT_THAT(Report("no-such-torg").status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("\"no-such-torg\" is not a platform of the förbund")));
  v1::GetPeriodReportRequest no_dates;
  no_dates.set_platform_id("ungdomstorget");
  EXPECT_THAT(GetPeriodReport(no_dates).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("first_day is required")));
  v1::GetPeriodReportRequest reversed;
  *reversed.mutable_first_day() = caseflow_test::DateOf(kLastDay);
  *reversed.mutable_last_day() = caseflow_test::DateOf(kFirstDay);
  EXPECT_EQ(GetPeriodReport(reversed).status().code(), absl::StatusCode::kInvalidArgument);
  v1::GetPeriodReportRequest bad_day;
  *bad_day.mutable_first_day() = caseflow_test::DateOf(kFirstDay);
  bad_day.mutable_last_day()->set_year(2026);
  bad_day.mutable_last_day()->set_month(2);
  bad_day.mutable_last_day()->set_day(30);
  EXPECT_THAT(GetPeriodReport(bad_day).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a valid date")));
}

// --- Flagged participants and the share with a study activity ----------------------

TEST_F(FlowServiceTest, FlagsAndStudyActivitiesCountByGenderAndAreSuppressedForSteering) {
  // A man referred on 1 February flagged for risk use, a woman for violence.
  for (const bool violence : {false, true}) {
    const absl::CivilDay day(2026, 2, 1);
    v1::RegisterParticipantRequest registration =
        RegistrationOf(NewPersonnummer(absl::CivilDay(2003, 1, violence ? 6 : 5)));
    registration.set_gender(violence ? v1::GENDER_WOMAN : v1::GENDER_MAN);
    *registration.mutable_effective_date() = caseflow_test::DateOf(day);
    ASSERT_OK_AND_ASSIGN(const v1::RegisterParticipantResponse registered,
                         RegisterParticipant(registration));
    const std::string participant_id = registered.participant().participant_id();
    ASSERT_OK(GiveConsent(participant_id, caseflow_test::UmeaParties(), day).status());
    v1::SubmitReferralRequest referral = ReferralOf(participant_id, "ungdomstorget", day);
    referral.mutable_referral()->set_violence_in_close_relationship(violence);
    referral.mutable_referral()->set_risk_use_or_abuse(!violence);
    ASSERT_OK_AND_ASSIGN(const v1::SubmitReferralResponse submitted, SubmitReferral(referral));
    ASSERT_OK(AdvanceTo(submitted.change().case_summary().case_id(), v1::CASE_STATUS_ENROLLED, day)
                  .status());
  }
  // A woman enrolled on 1 March: on 5 March her case is flagged for
  // violence, and she studies from 10 March to 31 August.
  ASSERT_OK_AND_ASSIGN(
      const std::string flagged_later,
      EnrolledCase(v1::GENDER_WOMAN, absl::CivilDay(2004, 8, 1), absl::CivilDay(2026, 3, 1)));
  ASSERT_OK_AND_ASSIGN(const v1::GetPeriodReportResponse before_flag, Report("ungdomstorget"));
  v1::SetCaseFlagsRequest flags;
  flags.set_request_id(NewRequestId());
  flags.set_case_id(flagged_later);
  *flags.mutable_effective_date() = caseflow_test::DateOf(absl::CivilDay(2026, 3, 5));
  flags.mutable_flags()->set_violence_in_close_relationship(true);
  ASSERT_OK(SetCaseFlags(flags).status());
  v1::AddCommitmentRequest studies;
  studies.set_request_id(NewRequestId());
  studies.set_case_id(flagged_later);
  *studies.mutable_effective_date() = caseflow_test::DateOf(absl::CivilDay(2026, 3, 6));
  studies.mutable_commitment()->set_kind(v1::ACTIVITY_KIND_STUDIES);
  studies.mutable_commitment()->set_party_id("umea-kommun");
  *studies.mutable_commitment()->mutable_start_date() =
      caseflow_test::DateOf(absl::CivilDay(2026, 3, 10));
  *studies.mutable_commitment()->mutable_end_date() =
      caseflow_test::DateOf(absl::CivilDay(2026, 8, 31));
  studies.mutable_commitment()->set_description("Komvux, svenska");
  ASSERT_OK(AddCommitment(studies).status());

  // By hand: active are the 6 + 2 women and the 1 + 1 men of the period;
  // flagged for violence two women, for risk use one man; one woman studies.
  ASSERT_OK_AND_ASSIGN(const v1::GetPeriodReportResponse exact, Report("ungdomstorget"));
  EXPECT_EQ(exact.active().total().women().value(), 8);
  EXPECT_EQ(exact.active().total().men().value(), 2);
  ASSERT_EQ(exact.flagged_size(), 2);
  EXPECT_EQ(exact.flagged(0).flag(), v1::CASE_FLAG_VIOLENCE_IN_CLOSE_RELATIONSHIP);
  EXPECT_EQ(exact.flagged(0).counts().women().value(), 2);
  EXPECT_EQ(exact.flagged(0).counts().men().value(), 0);
  EXPECT_EQ(exact.flagged(0).counts().total().value(), 2);
  EXPECT_EQ(exact.flagged(1).flag(), v1::CASE_FLAG_RISK_USE_OR_ABUSE);
  EXPECT_EQ(exact.flagged(1).counts().men().value(), 1);
  EXPECT_EQ(exact.flagged(1).counts().total().value(), 1);
  const v1::StudiesFigure& exact_studies = exact.studies();
  EXPECT_EQ(exact_studies.with_study_activity().women().value(), 1);
  EXPECT_EQ(exact_studies.with_study_activity().total().value(), 1);
  EXPECT_EQ(exact_studies.active().total().value(), 10);
  EXPECT_DOUBLE_EQ(exact_studies.share().women().percent(), 12.5);
  EXPECT_DOUBLE_EQ(exact_studies.share().men().percent(), 0.0);
  EXPECT_FALSE(exact_studies.share().men().no_denominator());
  EXPECT_DOUBLE_EQ(exact_studies.share().total().percent(), 10.0);
  // Nobody of another gender was active: no share, which is not 0 %.
  EXPECT_TRUE(exact_studies.share().other().no_denominator());

  // The förbund, which the coordinator of one platform sees suppressed.
  ASSERT_OK_AND_ASSIGN(const v1::GetPeriodReportResponse forbund, Report(""));
  EXPECT_TRUE(forbund.flagged(0).counts().women().suppressed());

  // Cut before the flag was set: only the woman flagged at referral.
  v1::AsOf as_of;
  as_of.set_log_position(before_flag.log_position());
  ASSERT_OK_AND_ASSIGN(const v1::GetPeriodReportResponse then, Report("ungdomstorget", &as_of));
  EXPECT_EQ(then.flagged(0).counts().women().value(), 1);
  EXPECT_EQ(then.studies().with_study_activity().total().value(), 0);
  EXPECT_EQ(then.SerializeAsString(), before_flag.SerializeAsString());

  // Steering: every one of these small counts hidden, and the shares with them.
  set_token(steering_token_);
  ASSERT_OK_AND_ASSIGN(const v1::GetPeriodReportResponse shown, Report("ungdomstorget"));
  EXPECT_TRUE(shown.flagged(0).counts().women().suppressed());
  EXPECT_TRUE(shown.flagged(0).counts().total().suppressed());
  EXPECT_FALSE(shown.flagged(0).counts().men().suppressed());
  EXPECT_TRUE(shown.flagged(1).counts().men().suppressed());
  EXPECT_TRUE(shown.flagged(1).counts().total().suppressed());
  EXPECT_TRUE(shown.studies().with_study_activity().women().suppressed());
  EXPECT_TRUE(shown.studies().share().women().withheld());
  EXPECT_TRUE(shown.studies().share().total().withheld());
  EXPECT_EQ(shown.studies().active().SerializeAsString(),
            shown.active().total().SerializeAsString());
}

TEST_F(FlowServiceTest, AWithdrawnFlagCountsOnlyForTheDaysItWasCarried) {
  ASSERT_OK_AND_ASSIGN(
      const std::string case_id,
      EnrolledCase(v1::GENDER_MAN, absl::CivilDay(2004, 8, 2), absl::CivilDay(2026, 2, 2)));
  auto set_flags = [&](absl::CivilDay day, bool risk_use) {
    v1::SetCaseFlagsRequest request;
    request.set_request_id(NewRequestId());
    request.set_case_id(case_id);
    *request.mutable_effective_date() = caseflow_test::DateOf(day);
    request.mutable_flags()->set_risk_use_or_abuse(risk_use);
    return SetCaseFlags(request).status();
  };
  auto risk_use_in = [&](absl::CivilDay first, absl::CivilDay last) -> int64_t {
    v1::GetPeriodReportRequest request;
    request.set_platform_id("ungdomstorget");
    *request.mutable_first_day() = caseflow_test::DateOf(first);
    *request.mutable_last_day() = caseflow_test::DateOf(last);
    absl::StatusOr<v1::GetPeriodReportResponse> report = GetPeriodReport(request);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? report->flagged(1).counts().men().value() : -1;
  };
  // Raised on 1 March, withdrawn from 1 April: carried through 31 March.
  ASSERT_OK(set_flags(absl::CivilDay(2026, 3, 1), true));
  ASSERT_OK(set_flags(absl::CivilDay(2026, 4, 1), false));
  EXPECT_EQ(risk_use_in(absl::CivilDay(2026, 2, 1), absl::CivilDay(2026, 2, 28)), 0);
  EXPECT_EQ(risk_use_in(absl::CivilDay(2026, 3, 31), absl::CivilDay(2026, 3, 31)), 1);
  EXPECT_EQ(risk_use_in(absl::CivilDay(2026, 4, 1), absl::CivilDay(2026, 6, 30)), 0);
  // Raised and withdrawn as of the same day, 10 May (set by mistake): never
  // carried.
  ASSERT_OK(set_flags(absl::CivilDay(2026, 5, 10), true));
  ASSERT_OK(set_flags(absl::CivilDay(2026, 5, 10), false));
  EXPECT_EQ(risk_use_in(absl::CivilDay(2026, 4, 1), absl::CivilDay(2026, 6, 30)), 0);
  EXPECT_EQ(risk_use_in(absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 6, 30)), 1);
}

TEST_F(FlowServiceTest, FlagsRaisedWhileReferredGoWithTheDirectedReferral) {
  set_token(TokenFor({auth::Role::kCoordinator}, {"ungdomstorget", "vuxentorget"}));
  // 27 years old: both Ungdomstorget and Vuxentorget take her.
  const absl::CivilDay referred_on(2026, 2, 2);
  v1::RegisterParticipantRequest registration =
      RegistrationOf(NewPersonnummer(absl::CivilDay(1999, 1, 15)));
  registration.set_gender(v1::GENDER_WOMAN);
  *registration.mutable_effective_date() = caseflow_test::DateOf(referred_on);
  ASSERT_OK_AND_ASSIGN(v1::RegisterParticipantResponse registered,
                       RegisterParticipant(registration));
  const std::string participant_id = registered.participant().participant_id();
  ASSERT_OK(GiveConsent(participant_id, caseflow_test::UmeaParties(), referred_on).status());
  ASSERT_OK_AND_ASSIGN(v1::CaseSummary referred,
                       Refer(participant_id, "ungdomstorget", referred_on));

  // While the referral waits, violence in a close relationship comes to light.
  v1::SetCaseFlagsRequest flags;
  flags.set_request_id(NewRequestId());
  flags.set_case_id(referred.case_id());
  *flags.mutable_effective_date() = caseflow_test::DateOf(absl::CivilDay(2026, 2, 5));
  flags.mutable_flags()->set_violence_in_close_relationship(true);
  ASSERT_OK(SetCaseFlags(flags).status());

  // The beredningsgrupp directs her to Vuxentorget, which takes her on.
  v1::DecideReferralRequest direct;
  direct.set_request_id(NewRequestId());
  direct.set_case_id(referred.case_id());
  *direct.mutable_effective_date() = caseflow_test::DateOf(absl::CivilDay(2026, 2, 9));
  direct.mutable_direct()->set_target_platform_id("vuxentorget");
  ASSERT_OK_AND_ASSIGN(v1::DecideReferralResponse directed, DecideReferral(direct));
  const std::string adult_case = directed.directed_case().case_id();
  ASSERT_FALSE(adult_case.empty());
  ASSERT_OK(AdvanceTo(adult_case, v1::CASE_STATUS_ENROLLED, absl::CivilDay(2026, 2, 16)).status());

  ASSERT_OK_AND_ASSIGN(v1::GetPeriodReportResponse adults, Report("vuxentorget"));
  ASSERT_EQ(adults.flagged_size(), 2);
  EXPECT_EQ(adults.flagged(0).flag(), v1::CASE_FLAG_VIOLENCE_IN_CLOSE_RELATIONSHIP);
  EXPECT_EQ(adults.flagged(0).counts().women().value(), 1);
  EXPECT_EQ(adults.flagged(1).counts().total().value(), 0);

  // The new case's timeline shows the flags it carries from its first day.
  v1::GetCaseRequest get;
  get.set_case_id(adult_case);
  ASSERT_OK_AND_ASSIGN(v1::GetCaseResponse adult, GetCase(get));
  bool carried = false;
  for (const v1::TimelineEntry& entry : adult.timeline()) {
    if (!entry.step().has_case_flags_set()) continue;
    carried = true;
    EXPECT_TRUE(entry.step().case_flags_set().violence_in_close_relationship());
    EXPECT_FALSE(entry.step().case_flags_set().risk_use_or_abuse());
    EXPECT_EQ(entry.step().effective_date().day(), 9);
  }
  EXPECT_TRUE(carried) << adult.DebugString();
}

TEST_F(FlowServiceTest, PlannedStudyDaysCountOnlyOnceTheyHaveCome) {
  // Today is 15 July: a course planned from 1 August is not yet studied.
  ASSERT_OK_AND_ASSIGN(
      const std::string case_id,
      EnrolledCase(v1::GENDER_WOMAN, absl::CivilDay(2004, 8, 3), absl::CivilDay(2026, 7, 1)));
  v1::AddCommitmentRequest studies;
  studies.set_request_id(NewRequestId());
  studies.set_case_id(case_id);
  *studies.mutable_effective_date() = caseflow_test::DateOf(absl::CivilDay(2026, 7, 10));
  studies.mutable_commitment()->set_kind(v1::ACTIVITY_KIND_STUDIES);
  studies.mutable_commitment()->set_party_id("umea-kommun");
  *studies.mutable_commitment()->mutable_start_date() =
      caseflow_test::DateOf(absl::CivilDay(2026, 8, 1));
  studies.mutable_commitment()->set_description("Folkhögskola");
  ASSERT_OK(AddCommitment(studies).status());
  v1::GetPeriodReportRequest autumn;
  autumn.set_platform_id("ungdomstorget");
  *autumn.mutable_first_day() = caseflow_test::DateOf(absl::CivilDay(2026, 7, 1));
  *autumn.mutable_last_day() = caseflow_test::DateOf(absl::CivilDay(2026, 12, 31));
  ASSERT_OK_AND_ASSIGN(const v1::GetPeriodReportResponse july, GetPeriodReport(autumn));
  EXPECT_EQ(july.studies().with_study_activity().women().value(), 0);

  // On 2 August, once something is recorded that day, the course has begun.
  SetToday(absl::CivilDay(2026, 8, 2));
  set_token(TokenFor({auth::Role::kCoordinator}, {"ungdomstorget"}));
  v1::AddNoteRequest note;
  note.set_request_id(NewRequestId());
  note.set_case_id(case_id);
  *note.mutable_effective_date() = caseflow_test::DateOf(absl::CivilDay(2026, 8, 2));
  note.mutable_note()->set_text("Har börjat på folkhögskolan");
  ASSERT_OK(AddNote(note).status());
  ASSERT_OK_AND_ASSIGN(const v1::GetPeriodReportResponse august, GetPeriodReport(autumn));
  EXPECT_EQ(august.studies().with_study_activity().women().value(), 1);
  // And the report as of July still says what it said then.
  autumn.mutable_as_of()->set_log_position(july.log_position());
  ASSERT_OK_AND_ASSIGN(const v1::GetPeriodReportResponse july_again, GetPeriodReport(autumn));
  EXPECT_EQ(july_again.SerializeAsString(), july.SerializeAsString());
}

}  // namespace
}  // namespace torg
