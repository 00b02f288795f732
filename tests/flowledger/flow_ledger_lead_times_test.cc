// The flow ledger's lead times and handover flows on a real embedded store:
// hand-made cases with chosen effective dates and the histograms and flows
// the definitions of flow_service.proto give for them, worked out by hand in
// each test. Also the percentiles, time travel and the keys of the new
// measures.

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/casefile/case_state.h"
#include "services/caseindex/case_flow_projections.h"
#include "services/caseindex/case_streams.h"
#include "services/flowledger/flow_ledger_keys.h"
#include "services/flowledger/flow_ledger_projection.h"
#include "services/flowledger/flow_ledger_reader.h"
#include "storage/embedded_event_store.h"
#include "tests/flowledger/plain_flag_opener.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"
#include "torg/v1/case_events.pb.h"
#include "torg/v1/participant_events.pb.h"

namespace torg::flowledger {
namespace {

using ::testing::IsEmpty;
using torg::testing::IsOk;
using torg::testing::StatusIs;

using Histogram = DurationHistogram;
using FlowCounts = std::map<HandoverFlowKey, int64_t>;
using FlowWaiting = std::map<HandoverFlowKey, DurationHistogram>;

constexpr absl::string_view kLtUng = "ungdomstorget";
constexpr absl::string_view kLtVux = "vuxentorget";
constexpr absl::string_view kLtForbund = "";

absl::CivilDay LtDay(int year, int month, int day) { return absl::CivilDay(year, month, day); }

HandoverFlowKey Flow(v1::HandoverKind kind, absl::string_view from, absl::string_view to) {
  return HandoverFlowKey{kind, std::string(from), std::string(to)};
}

// --- Event builders ----------------------------------------------------------

v1::CaseEvent LtStep(absl::CivilDay day) {
  v1::CaseEvent event;
  *event.mutable_effective_date() = casefile::ToProtoDate(day);
  event.set_recorded_by("koordinator-1");
  return event;
}

v1::CaseEvent LtReferral(absl::CivilDay day, const std::string& case_id,
                         absl::string_view platform_id) {
  v1::CaseEvent event = LtStep(day);
  v1::ReferralSubmitted* referral = event.mutable_referral_submitted();
  referral->set_case_id(case_id);
  // One participant per case: a participant has one open case at a time.
  referral->set_participant_id("p-" + case_id);
  referral->set_platform_id(std::string(platform_id));
  referral->mutable_referrer()->set_party_id("af");
  referral->add_needed_party_ids("af");
  referral->add_needed_party_ids("fk");
  referral->set_age_at_referral(22);
  referral->set_sealed_details("sealed");
  return event;
}

v1::CaseEvent LtAccepted(absl::CivilDay day) {
  v1::CaseEvent event = LtStep(day);
  event.mutable_referral_accepted();
  return event;
}

v1::CaseEvent LtDeclined(absl::CivilDay day) {
  v1::CaseEvent event = LtStep(day);
  event.mutable_referral_declined()->set_reason(v1::DECLINE_REASON_SINGLE_PARTY_NEED);
  return event;
}

v1::CaseEvent LtAssessmentStarted(absl::CivilDay day) {
  v1::CaseEvent event = LtStep(day);
  event.mutable_assessment_started();
  return event;
}

v1::CaseEvent LtAssessmentCompleted(absl::CivilDay day) {
  v1::CaseEvent event = LtStep(day);
  event.mutable_assessment_completed();
  return event;
}

v1::CaseEvent LtOwner(absl::CivilDay day, const std::string& party_id) {
  v1::CaseEvent event = LtStep(day);
  event.mutable_case_owner_assigned()->set_owner_user_id("agare-1");
  event.mutable_case_owner_assigned()->set_party_id(party_id);
  return event;
}

v1::CaseEvent LtProposed(absl::CivilDay day, const std::string& handover_id, v1::HandoverKind kind,
                         absl::string_view target) {
  v1::CaseEvent event = LtStep(day);
  v1::HandoverProposed* proposed = event.mutable_handover_proposed();
  proposed->set_handover_id(handover_id);
  proposed->set_kind(kind);
  if (kind == v1::HANDOVER_KIND_PLATFORM) {
    proposed->set_target_platform_id(std::string(target));
  } else {
    proposed->set_target_party_id(std::string(target));
  }
  return event;
}

v1::CaseEvent LtHandoverAccepted(absl::CivilDay day, const std::string& handover_id,
                                 const std::string& new_owner_party) {
  v1::CaseEvent event = LtStep(day);
  event.mutable_handover_accepted()->set_handover_id(handover_id);
  event.mutable_handover_accepted()->set_new_owner_user_id("agare-2");
  event.mutable_handover_accepted()->set_new_owner_party_id(new_owner_party);
  return event;
}

v1::CaseEvent LtRejected(absl::CivilDay day, const std::string& handover_id,
                         const std::string& deviation_id) {
  v1::CaseEvent event = LtStep(day);
  event.mutable_handover_rejected()->set_handover_id(handover_id);
  event.mutable_handover_rejected()->set_deviation_id(deviation_id);
  return event;
}

v1::CaseEvent LtResolved(absl::CivilDay day, const std::string& deviation_id) {
  v1::CaseEvent event = LtStep(day);
  event.mutable_deviation_resolved()->set_deviation_id(deviation_id);
  event.mutable_deviation_resolved()->set_sealed_resolution("sealed");
  return event;
}

v1::CaseEvent LtClosed(absl::CivilDay day) {
  v1::CaseEvent event = LtStep(day);
  event.mutable_case_closed()->set_outcome(v1::CLOSURE_OUTCOME_STUDIES);
  event.mutable_case_closed()->add_income_at_end(v1::INCOME_SOURCE_SALARY);
  return event;
}

// --- Fixture -------------------------------------------------------------------

class FlowLedgerLeadTimesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::EmbeddedStoreOptions options;
    options.directory = dir_.Sub("store");
    options.durability = storage::Durability::kUnsyncedForTestsOnly;
    options.projections = caseindex::CaseFlowProjections();
    options.projections.push_back(
        std::make_shared<FlowLedgerProjection>(std::make_shared<PlainFlagOpener>()));
    options.clock = [] {
      return absl::FromCivil(absl::CivilSecond(2026, 6, 1, 9, 0, 0), absl::UTCTimeZone());
    };
    ASSERT_OK_AND_ASSIGN(store_, storage::EmbeddedEventStore::Open(std::move(options)));
  }

  void RegisterParticipant(const std::string& participant_id) {
    v1::ParticipantEvent registration;
    *registration.mutable_effective_date() = casefile::ToProtoDate(LtDay(2025, 12, 1));
    registration.set_recorded_by("koordinator-1");
    v1::ParticipantRegistered* registered = registration.mutable_participant_registered();
    registered->set_participant_id(participant_id);
    registered->set_identity_kind(v1::IDENTITY_KIND_PERSONNUMMER);
    registered->set_birth_year(2003);
    registered->set_gender(v1::GENDER_WOMAN);
    registered->set_kommun_code("2480");
    registered->add_income_at_start(v1::INCOME_SOURCE_SOCIAL_ASSISTANCE);
    registered->set_sealed_identity("sealed identity");
    EXPECT_THAT(Append(caseindex::ParticipantStream(participant_id),
                       caseindex::kParticipantEventType, registration.SerializeAsString()),
                IsOk());
  }

  absl::StatusOr<storage::AppendResult> Append(const std::string& stream, absl::string_view type,
                                               const std::string& data) {
    return store_->Append(storage::AppendRequest::ToStream(
        absl::StrCat("lt-request-", ++requests_), stream, std::nullopt,
        {storage::NewEvent{std::string(type), data, ""}}));
  }

  // Appends the events of one case; returns the position of the last.
  uint64_t RecordCase(const std::string& case_id, const std::vector<v1::CaseEvent>& events) {
    uint64_t position = 0;
    for (const v1::CaseEvent& event : events) {
      if (event.has_referral_submitted()) {
        RegisterParticipant(event.referral_submitted().participant_id());
      }
      absl::StatusOr<storage::AppendResult> result = Append(
          caseindex::CaseStream(case_id), caseindex::kCaseEventType, event.SerializeAsString());
      EXPECT_THAT(result, IsOk()) << case_id;
      if (result.ok()) position = result->last_position;
    }
    return position;
  }

  static PeriodQuery Query(absl::string_view platform_id, absl::CivilDay first, absl::CivilDay last,
                           std::optional<uint64_t> as_of = std::nullopt) {
    PeriodQuery query;
    query.platform_id = std::string(platform_id);
    query.first_day = first;
    query.last_day = last;
    query.as_of_position = as_of;
    return query;
  }

  LeadTimeCounts LeadTimes(absl::string_view platform_id, absl::CivilDay first, absl::CivilDay last,
                           std::optional<uint64_t> as_of = std::nullopt) {
    absl::StatusOr<LeadTimeCounts> counts =
        ReadLeadTimes(*store_, Query(platform_id, first, last, as_of));
    EXPECT_THAT(counts, IsOk());
    // Pages of one counter read the same.
    absl::StatusOr<LeadTimeCounts> paged =
        ReadLeadTimes(*store_, Query(platform_id, first, last, as_of), 1);
    EXPECT_THAT(paged, IsOk());
    if (!counts.ok() || !paged.ok()) return LeadTimeCounts();
    EXPECT_EQ(paged->referral_to_decision, counts->referral_to_decision);
    EXPECT_EQ(paged->enrolment_to_closure, counts->enrolment_to_closure);
    return *std::move(counts);
  }

  HandoverFlowCounts Flows(absl::string_view platform_id, absl::CivilDay first, absl::CivilDay last,
                           std::optional<uint64_t> as_of = std::nullopt) {
    absl::StatusOr<HandoverFlowCounts> counts =
        ReadHandoverFlows(*store_, Query(platform_id, first, last, as_of));
    EXPECT_THAT(counts, IsOk());
    if (!counts.ok()) return HandoverFlowCounts();
    return *std::move(counts);
  }

  torg::testing::TempDir dir_;
  std::unique_ptr<storage::EmbeddedEventStore> store_;
  int requests_ = 0;
};

// --- Percentiles ---------------------------------------------------------------

TEST(NearestRankPercentileTest, IsTheSmallestDurationCoveringThePercentage) {
  // 1, 2, 3, 4, 10: half of 5 is 2.5, so the 3rd (3); 75% is 3.75, the 4th
  // (4); 90% is 4.5, the 5th (10).
  const Histogram durations = {{1, 1}, {2, 1}, {3, 1}, {4, 1}, {10, 1}};
  EXPECT_EQ(NearestRankPercentile(durations, 50), 3);
  EXPECT_EQ(NearestRankPercentile(durations, 75), 4);
  EXPECT_EQ(NearestRankPercentile(durations, 90), 10);
  EXPECT_EQ(NearestRankPercentile(durations, 100), 10);
  // Two durations: the median is the first (50% of 2 is exactly 1).
  EXPECT_EQ(NearestRankPercentile({{5, 1}, {9, 1}}, 50), 5);
  // Repeated durations: 2, 2, 2, 7 -> 90% of 4 is 3.6, the 4th.
  EXPECT_EQ(NearestRankPercentile({{2, 3}, {7, 1}}, 75), 2);
  EXPECT_EQ(NearestRankPercentile({{2, 3}, {7, 1}}, 90), 7);
  EXPECT_EQ(NearestRankPercentile({}, 50), 0);
}

// --- Lead times ----------------------------------------------------------------

TEST_F(FlowLedgerLeadTimesTest, DecisionLeadTimesOfKnownDurations) {
  // Five referrals on 1 January, decided after 1, 2, 3, 4 and 10 days (the
  // last declined: every decision counts).
  RecordCase("c1", {LtReferral(LtDay(2026, 1, 1), "c1", kLtUng), LtAccepted(LtDay(2026, 1, 2))});
  RecordCase("c2", {LtReferral(LtDay(2026, 1, 1), "c2", kLtUng), LtAccepted(LtDay(2026, 1, 3))});
  RecordCase("c3", {LtReferral(LtDay(2026, 1, 1), "c3", kLtUng), LtAccepted(LtDay(2026, 1, 4))});
  RecordCase("c4", {LtReferral(LtDay(2026, 1, 1), "c4", kLtUng), LtAccepted(LtDay(2026, 1, 5))});
  RecordCase("c5", {LtReferral(LtDay(2026, 1, 1), "c5", kLtUng), LtDeclined(LtDay(2026, 1, 11))});

  const Histogram expected = {{1, 1}, {2, 1}, {3, 1}, {4, 1}, {10, 1}};
  const LeadTimeCounts ung = LeadTimes(kLtUng, LtDay(2026, 1, 1), LtDay(2026, 1, 31));
  EXPECT_EQ(ung.referral_to_decision, expected);
  EXPECT_EQ(NearestRankPercentile(ung.referral_to_decision, 50), 3);
  EXPECT_EQ(NearestRankPercentile(ung.referral_to_decision, 75), 4);
  EXPECT_EQ(NearestRankPercentile(ung.referral_to_decision, 90), 10);
  EXPECT_THAT(ung.decision_to_assessment, IsEmpty());
  EXPECT_EQ(LeadTimes(kLtForbund, LtDay(2026, 1, 1), LtDay(2026, 1, 31)).referral_to_decision,
            expected);
  EXPECT_THAT(LeadTimes(kLtVux, LtDay(2026, 1, 1), LtDay(2026, 1, 31)).referral_to_decision,
              IsEmpty());
  // Only the days of the period: 2 to 4 January hold the 1-, 2- and 3-day ones.
  EXPECT_EQ(LeadTimes(kLtUng, LtDay(2026, 1, 2), LtDay(2026, 1, 4)).referral_to_decision,
            (Histogram{{1, 1}, {2, 1}, {3, 1}}));
}

TEST_F(FlowLedgerLeadTimesTest, ALeadTimeCountsInThePeriodOfItsSecondStep) {
  // Referred 25 January, accepted 3 February (9 days), assessment from 10
  // February (7 days) to 2 March (18 days left of February + 2 = 20),
  // closed 31 March: enrolment 3 February to 31 March is 25 + 31 = 56 days.
  RecordCase("c1", {LtReferral(LtDay(2026, 1, 25), "c1", kLtUng), LtAccepted(LtDay(2026, 2, 3)),
                    LtAssessmentStarted(LtDay(2026, 2, 10)),
                    LtAssessmentCompleted(LtDay(2026, 3, 2)), LtClosed(LtDay(2026, 3, 31))});

  const LeadTimeCounts january = LeadTimes(kLtUng, LtDay(2026, 1, 1), LtDay(2026, 1, 31));
  EXPECT_THAT(january.referral_to_decision, IsEmpty());
  const LeadTimeCounts february = LeadTimes(kLtUng, LtDay(2026, 2, 1), LtDay(2026, 2, 28));
  EXPECT_EQ(february.referral_to_decision, (Histogram{{9, 1}}));
  EXPECT_EQ(february.decision_to_assessment, (Histogram{{7, 1}}));
  EXPECT_THAT(february.assessment, IsEmpty());
  const LeadTimeCounts march = LeadTimes(kLtForbund, LtDay(2026, 3, 1), LtDay(2026, 3, 31));
  EXPECT_THAT(march.referral_to_decision, IsEmpty());
  EXPECT_EQ(march.assessment, (Histogram{{20, 1}}));
  EXPECT_EQ(march.enrolment_to_closure, (Histogram{{56, 1}}));
}

TEST_F(FlowLedgerLeadTimesTest, EnrolmentToClosureCountsOnThePlatformClosedOn) {
  // Enrolled on the youth platform 1 March, moved to the adult one 11 March,
  // closed there 31 March: 30 days, on the adult platform only.
  RecordCase(
      "c1", {LtReferral(LtDay(2026, 2, 20), "c1", kLtUng), LtAccepted(LtDay(2026, 3, 1)),
             LtProposed(LtDay(2026, 3, 5), "h1", v1::HANDOVER_KIND_PLATFORM, kLtVux),
             LtHandoverAccepted(LtDay(2026, 3, 11), "h1", "kommun"), LtClosed(LtDay(2026, 3, 31))});
  EXPECT_THAT(LeadTimes(kLtUng, LtDay(2026, 3, 1), LtDay(2026, 3, 31)).enrolment_to_closure,
              IsEmpty());
  EXPECT_EQ(LeadTimes(kLtVux, LtDay(2026, 3, 1), LtDay(2026, 3, 31)).enrolment_to_closure,
            (Histogram{{30, 1}}));
}

TEST_F(FlowLedgerLeadTimesTest, AsOfAPositionALaterRecordedStepDoesNotCount) {
  const uint64_t accepted = RecordCase(
      "c1", {LtReferral(LtDay(2026, 1, 1), "c1", kLtUng), LtAccepted(LtDay(2026, 1, 5))});
  // Recorded later, dated in the same month.
  const uint64_t closed = RecordCase("c1", {LtClosed(LtDay(2026, 1, 20))});
  ASSERT_GT(closed, accepted);

  const LeadTimeCounts now = LeadTimes(kLtUng, LtDay(2026, 1, 1), LtDay(2026, 1, 31));
  EXPECT_EQ(now.log_position, closed);
  EXPECT_EQ(now.referral_to_decision, (Histogram{{4, 1}}));
  EXPECT_EQ(now.enrolment_to_closure, (Histogram{{15, 1}}));

  const LeadTimeCounts then = LeadTimes(kLtUng, LtDay(2026, 1, 1), LtDay(2026, 1, 31), accepted);
  EXPECT_EQ(then.log_position, accepted);
  EXPECT_EQ(then.referral_to_decision, (Histogram{{4, 1}}));
  EXPECT_THAT(then.enrolment_to_closure, IsEmpty());
}

TEST_F(FlowLedgerLeadTimesTest, BadQueriesAreRefusedAsForThePeriodReport) {
  EXPECT_THAT(ReadLeadTimes(*store_, Query(kLtUng, LtDay(2026, 2, 1), LtDay(2026, 1, 31))),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ReadHandoverFlows(*store_, Query(kLtUng, LtDay(2026, 2, 1), LtDay(2026, 1, 31))),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ReadLeadTimes(*store_, Query(kLtUng, LtDay(2026, 1, 1), LtDay(2026, 1, 31), 999)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ReadHandoverFlows(*store_, Query(kLtUng, LtDay(2026, 1, 1), LtDay(2026, 1, 31), 0)),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// --- Handover flows --------------------------------------------------------------

TEST_F(FlowLedgerLeadTimesTest, AnAcceptedPlatformHandoverCountsForBothPlatformsAndTheForbund) {
  // Proposed 1 March, accepted 4 March: 3 days' wait.
  RecordCase("c1", {LtReferral(LtDay(2026, 1, 5), "c1", kLtUng), LtAccepted(LtDay(2026, 1, 10)),
                    LtProposed(LtDay(2026, 3, 1), "h1", v1::HANDOVER_KIND_PLATFORM, kLtVux),
                    LtHandoverAccepted(LtDay(2026, 3, 4), "h1", "kommun")});
  const HandoverFlowKey flow = Flow(v1::HANDOVER_KIND_PLATFORM, kLtUng, kLtVux);
  for (absl::string_view scope : {kLtUng, kLtVux, kLtForbund}) {
    const HandoverFlowCounts march = Flows(scope, LtDay(2026, 3, 1), LtDay(2026, 3, 31));
    EXPECT_EQ(march.accepted, (FlowCounts{{flow, 1}})) << scope;
    EXPECT_THAT(march.rejected, IsEmpty()) << scope;
    EXPECT_EQ(march.waiting, (FlowWaiting{{flow, {{3, 1}}}})) << scope;
    EXPECT_EQ(march.deviations_open_at_end, 0) << scope;
  }
  // Counted on the answer's date: nothing in February.
  EXPECT_THAT(Flows(kLtForbund, LtDay(2026, 2, 1), LtDay(2026, 2, 28)).accepted, IsEmpty());
}

TEST_F(FlowLedgerLeadTimesTest, ARejectionOpensADeviationOpenUntilItIsResolved) {
  RecordCase("c1", {LtReferral(LtDay(2026, 1, 5), "c1", kLtUng), LtAccepted(LtDay(2026, 1, 10)),
                    LtProposed(LtDay(2026, 3, 1), "h1", v1::HANDOVER_KIND_PLATFORM, kLtVux),
                    LtRejected(LtDay(2026, 3, 5), "h1", "d1")});
  const uint64_t before_resolution = store_->LastPosition().value_or(0);
  // Resolved after March: still open at the end of March.
  RecordCase("c1", {LtResolved(LtDay(2026, 4, 10), "d1")});

  const HandoverFlowKey flow = Flow(v1::HANDOVER_KIND_PLATFORM, kLtUng, kLtVux);
  for (absl::string_view scope : {kLtUng, kLtVux, kLtForbund}) {
    const HandoverFlowCounts march = Flows(scope, LtDay(2026, 3, 1), LtDay(2026, 3, 31));
    EXPECT_THAT(march.accepted, IsEmpty()) << scope;
    EXPECT_EQ(march.rejected, (FlowCounts{{flow, 1}})) << scope;
    EXPECT_THAT(march.waiting, IsEmpty()) << scope;
    EXPECT_EQ(march.deviations_open_at_end, 1) << scope;
    const HandoverFlowCounts april = Flows(scope, LtDay(2026, 4, 1), LtDay(2026, 4, 30));
    EXPECT_THAT(april.rejected, IsEmpty()) << scope;
    EXPECT_EQ(april.deviations_open_at_end, 0) << scope;
  }
  // Up to 9 April it is open; and as of before the resolution was recorded,
  // open in April too.
  EXPECT_EQ(Flows(kLtForbund, LtDay(2026, 4, 1), LtDay(2026, 4, 9)).deviations_open_at_end, 1);
  EXPECT_EQ(Flows(kLtForbund, LtDay(2026, 4, 1), LtDay(2026, 4, 30), before_resolution)
                .deviations_open_at_end,
            1);
}

TEST_F(FlowLedgerLeadTimesTest, PartyHandoversGoFromTheOwnersPartyToTheTargetParty) {
  // Owner at AF; a case-owner handover to FK (proposed 1 March, accepted 2
  // March) makes FK the owner's party, so the handover to ordinary services
  // (proposed 10 March, accepted 20 March) goes from FK.
  RecordCase("c1",
             {LtReferral(LtDay(2026, 1, 5), "c1", kLtUng), LtAccepted(LtDay(2026, 1, 10)),
              LtOwner(LtDay(2026, 1, 10), "af"),
              LtProposed(LtDay(2026, 3, 1), "h1", v1::HANDOVER_KIND_CASE_OWNER, "fk"),
              LtHandoverAccepted(LtDay(2026, 3, 2), "h1", "fk"),
              LtProposed(LtDay(2026, 3, 10), "h2", v1::HANDOVER_KIND_ORDINARY_SERVICES, "kommun"),
              LtHandoverAccepted(LtDay(2026, 3, 20), "h2", "kommun")});
  const HandoverFlowKey owner = Flow(v1::HANDOVER_KIND_CASE_OWNER, "af", "fk");
  const HandoverFlowKey ordinary = Flow(v1::HANDOVER_KIND_ORDINARY_SERVICES, "fk", "kommun");
  for (absl::string_view scope : {kLtUng, kLtForbund}) {
    const HandoverFlowCounts march = Flows(scope, LtDay(2026, 3, 1), LtDay(2026, 3, 31));
    EXPECT_EQ(march.accepted, (FlowCounts{{owner, 1}, {ordinary, 1}})) << scope;
    EXPECT_EQ(march.waiting, (FlowWaiting{{owner, {{1, 1}}}, {ordinary, {{10, 1}}}})) << scope;
  }
  // The case never was on the adult platform.
  EXPECT_THAT(Flows(kLtVux, LtDay(2026, 3, 1), LtDay(2026, 3, 31)).accepted, IsEmpty());
}

// --- Keys --------------------------------------------------------------------------

TEST(FlowLedgerDurationKeysTest, DurationAndFlowCountersRoundTrip) {
  keys::CounterCell lead;
  lead.days = -3;  // Steps dated out of order still encode.
  const std::optional<keys::ParsedCounter> parsed_lead = keys::ParseCounterKey(
      keys::CounterKey(false, "ung", keys::Measure::kLeadAssessment, LtDay(2026, 3, 1), lead));
  ASSERT_TRUE(parsed_lead.has_value());
  EXPECT_EQ(parsed_lead->measure, keys::Measure::kLeadAssessment);
  EXPECT_EQ(parsed_lead->cell.days, -3);
  EXPECT_EQ(parsed_lead->platform_id, "ung");

  keys::CounterCell waiting;
  waiting.kind = v1::HANDOVER_KIND_CASE_OWNER;
  waiting.from = std::string("a\0b", 3);
  waiting.to = "fk";
  waiting.days = 12;
  const std::optional<keys::ParsedCounter> parsed_waiting = keys::ParseCounterKey(
      keys::CounterKey(true, "", keys::Measure::kHandoverWaiting, LtDay(2026, 3, 1), waiting));
  ASSERT_TRUE(parsed_waiting.has_value());
  EXPECT_TRUE(parsed_waiting->forbund);
  EXPECT_EQ(parsed_waiting->cell.kind, v1::HANDOVER_KIND_CASE_OWNER);
  EXPECT_EQ(parsed_waiting->cell.from, std::string("a\0b", 3));
  EXPECT_EQ(parsed_waiting->cell.to, "fk");
  EXPECT_EQ(parsed_waiting->cell.days, 12);

  keys::CounterCell deviation;
  deviation.kind = v1::HANDOVER_KIND_PLATFORM;
  const std::string deviation_key =
      keys::CounterKey(true, "", keys::Measure::kDeviationOpened, LtDay(2026, 3, 1), deviation);
  ASSERT_TRUE(keys::ParseCounterKey(deviation_key).has_value());
  EXPECT_EQ(keys::ParseCounterKey(deviation_key)->cell.kind, v1::HANDOVER_KIND_PLATFORM);
  // A day scan starts before every key of that day.
  EXPECT_LT(keys::CounterScanStartBefore(
                keys::CounterPrefix(true, "", keys::Measure::kDeviationOpened), LtDay(2026, 3, 1)),
            deviation_key);
  EXPECT_FALSE(keys::ParseCounterKey(deviation_key + "x").has_value());
}

}  // namespace
}  // namespace torg::flowledger
