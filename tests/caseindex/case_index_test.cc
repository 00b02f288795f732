// The case-flow projections and their reader, on a real embedded store:
// participant lookup uniqueness, case summaries through a whole case life,
// the paged lists, that no list keeps a stale entry, and that the index folds
// events exactly as the domain (casefile::Apply) does.

#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/casefile/case_state.h"
#include "services/caseindex/case_flow_projections.h"
#include "services/caseindex/case_index_reader.h"
#include "services/caseindex/case_streams.h"
#include "services/caseindex/index_keys.h"
#include "storage/embedded_event_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"
#include "torg/v1/case_index_records.pb.h"

namespace torg::caseindex {
namespace {

using storage::AppendRequest;
using storage::AppendResult;
using storage::NewEvent;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::SizeIs;
using torg::testing::IsOk;
using torg::testing::IsOkAndHolds;
using torg::testing::StatusIs;

MATCHER(IsNullopt, "is nullopt") { return !arg.has_value(); }

// --- Event builders ----------------------------------------------------------

v1::CaseEvent Step(absl::CivilDay day) {
  v1::CaseEvent event;
  *event.mutable_effective_date() = casefile::ToProtoDate(day);
  event.set_recorded_by("koordinator-1");
  return event;
}

v1::CaseEvent Referral(absl::CivilDay day, const std::string& case_id,
                       const std::string& participant_id, const std::string& platform_id) {
  v1::CaseEvent event = Step(day);
  v1::ReferralSubmitted* referral = event.mutable_referral_submitted();
  referral->set_case_id(case_id);
  referral->set_participant_id(participant_id);
  referral->set_platform_id(platform_id);
  referral->mutable_referrer()->set_party_id("af");
  referral->add_needed_party_ids("af");
  referral->add_needed_party_ids("fk");
  referral->set_age_at_referral(22);
  referral->set_sealed_details("sealed");
  return event;
}

v1::CaseEvent Accepted(absl::CivilDay day) {
  v1::CaseEvent event = Step(day);
  event.mutable_referral_accepted();
  return event;
}

v1::CaseEvent Directed(absl::CivilDay day, const std::string& platform_id) {
  v1::CaseEvent event = Step(day);
  event.mutable_referral_directed()->set_target_platform_id(platform_id);
  event.mutable_referral_directed()->set_target_case_id("elsewhere");
  return event;
}

v1::CaseEvent Declined(absl::CivilDay day) {
  v1::CaseEvent event = Step(day);
  event.mutable_referral_declined()->set_reason(v1::DECLINE_REASON_SINGLE_PARTY_NEED);
  return event;
}

v1::CaseEvent AssessmentStarted(absl::CivilDay day) {
  v1::CaseEvent event = Step(day);
  event.mutable_assessment_started();
  return event;
}

v1::CaseEvent AssessmentCompleted(absl::CivilDay day) {
  v1::CaseEvent event = Step(day);
  event.mutable_assessment_completed()->add_sealed_goals("sealed goal");
  return event;
}

v1::CaseEvent OwnerAssigned(absl::CivilDay day, const std::string& user, const std::string& party) {
  v1::CaseEvent event = Step(day);
  event.mutable_case_owner_assigned()->set_owner_user_id(user);
  event.mutable_case_owner_assigned()->set_party_id(party);
  return event;
}

v1::CaseEvent Note(absl::CivilDay day) {
  v1::CaseEvent event = Step(day);
  event.mutable_note_added()->set_sealed_text("sealed");
  return event;
}

v1::CaseEvent Proposed(absl::CivilDay day, const std::string& handover_id, v1::HandoverKind kind,
                       const std::string& target) {
  v1::CaseEvent event = Step(day);
  v1::HandoverProposed* proposed = event.mutable_handover_proposed();
  proposed->set_handover_id(handover_id);
  proposed->set_kind(kind);
  if (kind == v1::HANDOVER_KIND_PLATFORM) {
    proposed->set_target_platform_id(target);
  } else {
    proposed->set_target_party_id(target);
  }
  return event;
}

v1::CaseEvent HandoverAccepted(absl::CivilDay day, const std::string& handover_id,
                               const std::string& user = "", const std::string& party = "") {
  v1::CaseEvent event = Step(day);
  event.mutable_handover_accepted()->set_handover_id(handover_id);
  event.mutable_handover_accepted()->set_new_owner_user_id(user);
  event.mutable_handover_accepted()->set_new_owner_party_id(party);
  return event;
}

v1::CaseEvent Rejected(absl::CivilDay day, const std::string& handover_id,
                       const std::string& deviation_id) {
  v1::CaseEvent event = Step(day);
  event.mutable_handover_rejected()->set_handover_id(handover_id);
  event.mutable_handover_rejected()->set_deviation_id(deviation_id);
  return event;
}

v1::CaseEvent Resolved(absl::CivilDay day, const std::string& deviation_id) {
  v1::CaseEvent event = Step(day);
  event.mutable_deviation_resolved()->set_deviation_id(deviation_id);
  return event;
}

v1::CaseEvent Closed(absl::CivilDay day,
                     v1::ClosureOutcome outcome = v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED) {
  v1::CaseEvent event = Step(day);
  event.mutable_case_closed()->set_outcome(outcome);
  event.mutable_case_closed()->add_income_at_end(v1::INCOME_SOURCE_SALARY);
  return event;
}

v1::CaseEvent FollowUp(absl::CivilDay day, v1::FollowUpPoint point) {
  v1::CaseEvent event = Step(day);
  event.mutable_follow_up_recorded()->set_point(point);
  event.mutable_follow_up_recorded()->set_reached(true);
  return event;
}

v1::ParticipantEvent Registration(const std::string& participant_id, const std::string& hash) {
  v1::ParticipantEvent event;
  *event.mutable_effective_date() = casefile::ToProtoDate(absl::CivilDay(2026, 1, 2));
  event.set_recorded_by("koordinator-1");
  v1::ParticipantRegistered* registered = event.mutable_participant_registered();
  registered->set_participant_id(participant_id);
  registered->set_identity_kind(hash.empty() ? v1::IDENTITY_KIND_ANONYMOUS
                                             : v1::IDENTITY_KIND_PERSONNUMMER);
  registered->set_birth_year(1999);
  registered->set_gender(v1::GENDER_WOMAN);
  registered->set_kommun_code("2480");
  registered->set_education_level(v1::EDUCATION_LEVEL_UPPER_SECONDARY);
  registered->add_income_at_start(v1::INCOME_SOURCE_SOCIAL_ASSISTANCE);
  registered->set_sealed_identity("sealed identity");
  return event;
}

v1::CaseStatus ApiStatus(casefile::CaseStatus status) {
  switch (status) {
    case casefile::CaseStatus::kNone:
      return v1::CASE_STATUS_UNSPECIFIED;
    case casefile::CaseStatus::kReferred:
      return v1::CASE_STATUS_REFERRED;
    case casefile::CaseStatus::kDirected:
      return v1::CASE_STATUS_DIRECTED;
    case casefile::CaseStatus::kDeclined:
      return v1::CASE_STATUS_DECLINED;
    case casefile::CaseStatus::kEnrolled:
      return v1::CASE_STATUS_ENROLLED;
    case casefile::CaseStatus::kAssessing:
      return v1::CASE_STATUS_ASSESSING;
    case casefile::CaseStatus::kCoordinating:
      return v1::CASE_STATUS_COORDINATING;
    case casefile::CaseStatus::kClosed:
      return v1::CASE_STATUS_CLOSED;
  }
  return v1::CASE_STATUS_UNSPECIFIED;
}

std::string DateText(const v1::Date& date) {
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

std::vector<std::string> CaseIds(const std::vector<v1::CaseSummary>& cases) {
  std::vector<std::string> ids;
  for (const v1::CaseSummary& summary : cases) ids.push_back(summary.case_id());
  return ids;
}

constexpr absl::string_view kYouth = "ungdomstorget";
constexpr absl::string_view kAdult = "vuxentorget";

// --- Fixture -------------------------------------------------------------------

class CaseIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::EmbeddedStoreOptions options;
    options.directory = dir_.Sub("store");
    options.durability = storage::Durability::kUnsyncedForTestsOnly;
    options.projections = CaseFlowProjections();
    ASSERT_OK_AND_ASSIGN(store_, storage::EmbeddedEventStore::Open(std::move(options)));
    reader_ = std::make_unique<CaseIndexReader>(*store_);
  }

  absl::StatusOr<AppendResult> AppendRaw(const std::string& stream, const std::string& type,
                                         const std::string& data) {
    return store_->Append(AppendRequest::ToStream(absl::StrCat("request-", ++requests_), stream,
                                                  std::nullopt, {NewEvent{type, data, ""}}));
  }

  // Appends one event to a case and remembers it for the domain's fold.
  absl::Status Record(const std::string& case_id, const v1::CaseEvent& event) {
    absl::StatusOr<AppendResult> result =
        AppendRaw(CaseStream(case_id), std::string(kCaseEventType), event.SerializeAsString());
    if (result.ok()) history_[case_id].push_back(event);
    return result.status();
  }

  void RecordAll(const std::string& case_id, const std::vector<v1::CaseEvent>& events) {
    for (const v1::CaseEvent& event : events) ASSERT_OK(Record(case_id, event));
  }

  absl::Status Register(const std::string& participant_id, const std::string& hash) {
    return AppendRaw(ParticipantStream(participant_id), std::string(kParticipantEventType),
                     Registration(participant_id, hash).SerializeAsString())
        .status();
  }

  v1::CaseSummary Summary(const std::string& case_id) {
    absl::StatusOr<std::optional<v1::CaseSummary>> summary = reader_->GetCaseSummary(case_id);
    EXPECT_THAT(summary, IsOk());
    if (!summary.ok() || !summary->has_value()) {
      ADD_FAILURE() << "no summary of " << case_id;
      return v1::CaseSummary();
    }
    return **summary;
  }

  std::vector<std::string> ListedCases(const CaseFilter& filter) {
    absl::StatusOr<Page<v1::CaseSummary>> page = reader_->ListCases(filter, PageRequest{1000, ""});
    EXPECT_THAT(page, IsOk());
    if (!page.ok()) return {};
    EXPECT_EQ(page->next_page_token, "");
    return CaseIds(page->items);
  }

  std::vector<v1::HandoverListItem> Handovers(v1::HandoverDirection direction,
                                              absl::string_view platform_id,
                                              absl::string_view party_id, absl::CivilDay as_of) {
    absl::StatusOr<Page<v1::HandoverListItem>> page =
        reader_->ListHandovers(direction, platform_id, party_id, as_of, PageRequest{});
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->items : std::vector<v1::HandoverListItem>{};
  }

  std::vector<v1::DeviationListItem> Deviations(absl::string_view platform_id,
                                                absl::CivilDay as_of) {
    absl::StatusOr<Page<v1::DeviationListItem>> page =
        reader_->ListDeviations(platform_id, as_of, PageRequest{});
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->items : std::vector<v1::DeviationListItem>{};
  }

  std::vector<v1::FollowUpDueItem> FollowUpsDue(absl::string_view platform_id, absl::CivilDay as_of,
                                                int within_days) {
    absl::StatusOr<Page<v1::FollowUpDueItem>> page =
        reader_->ListFollowUpsDue(platform_id, as_of, within_days, PageRequest{});
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->items : std::vector<v1::FollowUpDueItem>{};
  }

  // The summary agrees with casefile::Apply over the same events.
  void ExpectAgreesWithDomain(const std::string& case_id) {
    SCOPED_TRACE(absl::StrCat("case ", case_id, " after ", history_[case_id].size(), " events"));
    casefile::CaseState state;
    for (const v1::CaseEvent& event : history_[case_id]) {
      ASSERT_OK(casefile::Apply(state, event));
    }
    const v1::CaseSummary summary = Summary(case_id);
    EXPECT_EQ(summary.case_id(), state.case_id);
    EXPECT_EQ(summary.participant_id(), state.participant_id);
    EXPECT_EQ(summary.status(), ApiStatus(state.status));
    EXPECT_EQ(summary.platform_id(), state.platform_id);
    EXPECT_EQ(summary.version(), state.version);
    EXPECT_EQ(DateText(summary.referral_date()),
              DateText(casefile::ToProtoDate(state.referral_date)));
    EXPECT_EQ(DateText(summary.last_step_date()),
              DateText(casefile::ToProtoDate(state.last_step_date)));
    EXPECT_EQ(summary.has_enrolled_on(), state.enrolled_on.has_value());
    if (state.enrolled_on.has_value()) {
      EXPECT_EQ(DateText(summary.enrolled_on()),
                DateText(casefile::ToProtoDate(*state.enrolled_on)));
    }
    EXPECT_EQ(summary.has_closed_on(), state.closed_on.has_value());
    if (state.closed_on.has_value()) {
      EXPECT_EQ(DateText(summary.closed_on()), DateText(casefile::ToProtoDate(*state.closed_on)));
    }
    EXPECT_EQ(summary.has_owner(), state.owner.has_value());
    if (state.owner.has_value()) {
      EXPECT_EQ(summary.owner().owner_user_id(), state.owner->user_id);
      EXPECT_EQ(summary.owner().party_id(), state.owner->party_id);
    }
    EXPECT_EQ(summary.has_pending_handover(), state.pending_handover.has_value());
    if (state.pending_handover.has_value()) {
      EXPECT_EQ(summary.pending_handover().handover_id(), state.pending_handover->handover_id);
      EXPECT_EQ(summary.pending_handover().kind(), state.pending_handover->kind);
      EXPECT_EQ(summary.pending_handover().target_platform_id(),
                state.pending_handover->target_platform_id);
      EXPECT_EQ(summary.pending_handover().target_party_id(),
                state.pending_handover->target_party_id);
    }
    EXPECT_EQ(
        std::vector<std::string>(summary.open_deviation_ids().begin(),
                                 summary.open_deviation_ids().end()),
        std::vector<std::string>(state.open_deviation_ids.begin(), state.open_deviation_ids.end()));
    EXPECT_EQ(std::vector<std::string>(summary.needed_party_ids().begin(),
                                       summary.needed_party_ids().end()),
              state.needed_party_ids);
    EXPECT_EQ(summary.outcome(), state.outcome);
  }

  // Every list entry in the store is one that some case, as it is now, has;
  // and every entry a case has is in the store.
  void ExpectNoStaleEntries() {
    ASSERT_OK_AND_ASSIGN(std::vector<storage::ProjectionEntry> entries,
                         store_->ScanProjection(kCaseIndexProjection, "", "", 1000000));
    std::set<std::string> stored;
    std::set<std::string> expected;
    std::map<std::string, std::string> claims;  // open-case key -> the open case
    std::map<std::string, std::string> held;    // as stored
    for (const storage::ProjectionEntry& entry : entries) {
      if (entry.first.rfind("case/", 0) == 0) {
        v1::CaseRecord record;
        ASSERT_TRUE(record.ParseFromString(entry.second));
        const std::set<std::string> keys = keys::CaseIndexKeys(record);
        expected.insert(keys.begin(), keys.end());
        if (std::optional<std::string> claim = keys::OpenCaseClaim(record)) {
          expected.insert(*claim);
          claims[*claim] = record.case_id();
        }
      } else if (entry.first.rfind("participant-retention/", 0) == 0) {
        v1::ParticipantRetentionRecord record;
        ASSERT_TRUE(record.ParseFromString(entry.second));
        const std::set<std::string> keys = keys::RetentionIndexKeys(record);
        expected.insert(keys.begin(), keys.end());
      } else if (entry.first.rfind("open-case/", 0) == 0) {
        stored.insert(entry.first);
        held[entry.first] = entry.second;
      } else {
        EXPECT_EQ(entry.second, "");
        stored.insert(entry.first);
      }
    }
    EXPECT_EQ(stored, expected);
    EXPECT_EQ(held, claims);
  }

  torg::testing::TempDir dir_;
  std::unique_ptr<storage::EmbeddedEventStore> store_;
  std::unique_ptr<CaseIndexReader> reader_;
  int requests_ = 0;
  std::map<std::string, std::vector<v1::CaseEvent>> history_;
};

// --- participant_lookup ----------------------------------------------------------

TEST_F(CaseIndexTest, ParticipantFactsAreKeptWithoutIdentity) {
  ASSERT_OK(Register("p-1", "hash-anna"));
  ASSERT_OK_AND_ASSIGN(std::optional<ParticipantFacts> facts, reader_->GetParticipantFacts("p-1"));
  ASSERT_TRUE(facts.has_value());
  EXPECT_EQ(facts->birth_year, 1999);
  EXPECT_EQ(facts->identity_kind, v1::IDENTITY_KIND_PERSONNUMMER);
  EXPECT_EQ(facts->kommun_code, "2480");
  EXPECT_EQ(facts->gender, v1::GENDER_WOMAN);
  EXPECT_FALSE(facts->protected_identity);

  // Consent events and foreign event types are not the lookup's business.
  v1::ParticipantEvent consent;
  *consent.mutable_effective_date() = casefile::ToProtoDate(absl::CivilDay(2026, 1, 3));
  consent.mutable_consent_recorded()->set_consent_id("consent-1");
  consent.mutable_consent_recorded()->add_party_ids("af");
  EXPECT_OK(AppendRaw(ParticipantStream("p-1"), std::string(kParticipantEventType),
                      consent.SerializeAsString()));
  EXPECT_OK(AppendRaw("audit-1", "torg.v1.SomethingElse", "\x01\x02 not a proto"));
  EXPECT_THAT(reader_->GetParticipantFacts("p-1"), IsOkAndHolds(Optional(::testing::_)));
}

// --- case_index: a whole case life -------------------------------------------------

TEST_F(CaseIndexTest, SummaryAndListsFollowAWholeCaseLife) {
  const std::string c = "c-1";
  ASSERT_OK(Register("p-1", "hash-anna"));
  ASSERT_OK(Record(c, Referral(absl::CivilDay(2026, 1, 5), c, "p-1", std::string(kYouth))));
  ExpectAgreesWithDomain(c);
  EXPECT_EQ(Summary(c).status(), v1::CASE_STATUS_REFERRED);
  EXPECT_THAT(ListedCases({std::string(kYouth), v1::CASE_STATUS_REFERRED, ""}), ElementsAre(c));
  EXPECT_THAT(reader_->PlatformsWithOpenCase("p-1"),
              IsOkAndHolds(ElementsAre(std::string(kYouth))));

  ASSERT_OK(Record(c, Accepted(absl::CivilDay(2026, 1, 12))));
  EXPECT_EQ(Summary(c).status(), v1::CASE_STATUS_ENROLLED);
  EXPECT_EQ(DateText(Summary(c).enrolled_on()), "2026-01-12");
  EXPECT_THAT(ListedCases({std::string(kYouth), v1::CASE_STATUS_REFERRED, ""}), IsEmpty());
  EXPECT_THAT(ListedCases({std::string(kYouth), v1::CASE_STATUS_ENROLLED, ""}), ElementsAre(c));

  RecordAll(c, {AssessmentStarted(absl::CivilDay(2026, 1, 20)),
                AssessmentCompleted(absl::CivilDay(2026, 2, 10)),
                OwnerAssigned(absl::CivilDay(2026, 2, 11), "u-anna", "af")});
  ExpectAgreesWithDomain(c);
  EXPECT_EQ(Summary(c).status(), v1::CASE_STATUS_COORDINATING);
  EXPECT_THAT(ListedCases({"", v1::CASE_STATUS_UNSPECIFIED, "u-anna"}), ElementsAre(c));
  EXPECT_THAT(ListedCases({"", v1::CASE_STATUS_COORDINATING, "u-anna"}), ElementsAre(c));
  EXPECT_THAT(ListedCases({"", v1::CASE_STATUS_ASSESSING, "u-anna"}), IsEmpty());

  // A case-owner handover to FK, rejected: a deviation opens.
  ASSERT_OK(
      Record(c, Proposed(absl::CivilDay(2026, 3, 1), "h-1", v1::HANDOVER_KIND_CASE_OWNER, "fk")));
  ExpectAgreesWithDomain(c);
  EXPECT_EQ(DateText(Summary(c).pending_handover().proposed_on()), "2026-03-01");
  const absl::CivilDay march_11(2026, 3, 11);
  std::vector<v1::HandoverListItem> inbox =
      Handovers(v1::HANDOVER_DIRECTION_INCOMING, "", "fk", march_11);
  ASSERT_THAT(inbox, SizeIs(1));
  EXPECT_EQ(inbox[0].case_id(), c);
  EXPECT_EQ(inbox[0].participant_id(), "p-1");
  EXPECT_EQ(inbox[0].handover_id(), "h-1");
  EXPECT_EQ(inbox[0].kind(), v1::HANDOVER_KIND_CASE_OWNER);
  EXPECT_EQ(inbox[0].from_platform_id(), kYouth);
  EXPECT_EQ(inbox[0].from_party_id(), "af");
  EXPECT_EQ(inbox[0].target_party_id(), "fk");
  EXPECT_EQ(inbox[0].waiting_days(), 10);
  EXPECT_THAT(Handovers(v1::HANDOVER_DIRECTION_OUTGOING, "", "af", march_11), SizeIs(1));
  EXPECT_THAT(Handovers(v1::HANDOVER_DIRECTION_OUTGOING, kYouth, "", march_11), SizeIs(1));
  EXPECT_THAT(Handovers(v1::HANDOVER_DIRECTION_INCOMING, kYouth, "", march_11), IsEmpty());
  EXPECT_THAT(Handovers(v1::HANDOVER_DIRECTION_INCOMING, "", "af", march_11), IsEmpty());

  ASSERT_OK(Record(c, Rejected(absl::CivilDay(2026, 3, 5), "h-1", "d-1")));
  ExpectAgreesWithDomain(c);
  EXPECT_THAT(Handovers(v1::HANDOVER_DIRECTION_INCOMING, "", "fk", march_11), IsEmpty());
  EXPECT_THAT(Handovers(v1::HANDOVER_DIRECTION_OUTGOING, kYouth, "", march_11), IsEmpty());
  std::vector<v1::DeviationListItem> deviations = Deviations("", absl::CivilDay(2026, 3, 15));
  ASSERT_THAT(deviations, SizeIs(1));
  EXPECT_EQ(deviations[0].case_id(), c);
  EXPECT_EQ(deviations[0].participant_id(), "p-1");
  EXPECT_EQ(deviations[0].platform_id(), kYouth);
  EXPECT_EQ(deviations[0].deviation_id(), "d-1");
  EXPECT_EQ(deviations[0].handover_id(), "h-1");
  EXPECT_EQ(deviations[0].kind(), v1::HANDOVER_KIND_CASE_OWNER);
  EXPECT_EQ(deviations[0].target_party_id(), "fk");
  EXPECT_EQ(DateText(deviations[0].opened_on()), "2026-03-05");
  EXPECT_EQ(deviations[0].open_days(), 10);
  EXPECT_THAT(Deviations(kYouth, march_11), SizeIs(1));
  EXPECT_THAT(Deviations(kAdult, march_11), IsEmpty());
  EXPECT_THAT(Summary(c).open_deviation_ids(), ElementsAre("d-1"));

  ASSERT_OK(Record(c, Resolved(absl::CivilDay(2026, 3, 10), "d-1")));
  ExpectAgreesWithDomain(c);
  EXPECT_THAT(Deviations("", march_11), IsEmpty());
  EXPECT_THAT(Summary(c).open_deviation_ids(), IsEmpty());

  // A platform handover to Vuxentorget, accepted: platform and owner change,
  // and every list moves with them.
  ASSERT_OK(Record(c, Proposed(absl::CivilDay(2026, 4, 1), "h-2", v1::HANDOVER_KIND_PLATFORM,
                               std::string(kAdult))));
  const absl::CivilDay april_3(2026, 4, 3);
  ASSERT_THAT(Handovers(v1::HANDOVER_DIRECTION_INCOMING, kAdult, "", april_3), SizeIs(1));
  EXPECT_EQ(Handovers(v1::HANDOVER_DIRECTION_INCOMING, kAdult, "", april_3)[0].waiting_days(), 2);
  EXPECT_THAT(Handovers(v1::HANDOVER_DIRECTION_OUTGOING, kYouth, "", april_3), SizeIs(1));
  ASSERT_OK(Record(c, HandoverAccepted(absl::CivilDay(2026, 4, 8), "h-2", "u-bo", "fk")));
  ExpectAgreesWithDomain(c);
  EXPECT_EQ(Summary(c).platform_id(), kAdult);
  EXPECT_EQ(Summary(c).owner().owner_user_id(), "u-bo");
  EXPECT_EQ(Summary(c).owner().party_id(), "fk");
  EXPECT_THAT(Handovers(v1::HANDOVER_DIRECTION_INCOMING, kAdult, "", april_3), IsEmpty());
  EXPECT_THAT(Handovers(v1::HANDOVER_DIRECTION_OUTGOING, kYouth, "", april_3), IsEmpty());
  EXPECT_THAT(ListedCases({std::string(kYouth), v1::CASE_STATUS_UNSPECIFIED, ""}), IsEmpty());
  EXPECT_THAT(ListedCases({std::string(kAdult), v1::CASE_STATUS_UNSPECIFIED, ""}), ElementsAre(c));
  EXPECT_THAT(ListedCases({"", v1::CASE_STATUS_UNSPECIFIED, "u-anna"}), IsEmpty());
  EXPECT_THAT(ListedCases({"", v1::CASE_STATUS_UNSPECIFIED, "u-bo"}), ElementsAre(c));
  EXPECT_THAT(reader_->PlatformsWithOpenCase("p-1"),
              IsOkAndHolds(ElementsAre(std::string(kAdult))));
  ExpectNoStaleEntries();

  // Closed on 31 May: follow-ups fall due on 31 Aug, 30 Nov and 31 May.
  ASSERT_OK(Record(c, Closed(absl::CivilDay(2026, 5, 31))));
  ExpectAgreesWithDomain(c);
  EXPECT_EQ(Summary(c).status(), v1::CASE_STATUS_CLOSED);
  EXPECT_EQ(DateText(Summary(c).closed_on()), "2026-05-31");
  EXPECT_EQ(Summary(c).outcome(), v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED);
  EXPECT_THAT(reader_->PlatformsWithOpenCase("p-1"), IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(reader_->OpenCasesOnPlatform(kAdult), IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(FollowUpsDue("", absl::CivilDay(2026, 8, 30), 0), IsEmpty());
  std::vector<v1::FollowUpDueItem> due = FollowUpsDue("", absl::CivilDay(2026, 8, 30), 1);
  ASSERT_THAT(due, SizeIs(1));
  EXPECT_EQ(due[0].case_id(), c);
  EXPECT_EQ(due[0].participant_id(), "p-1");
  EXPECT_EQ(due[0].platform_id(), kAdult);
  EXPECT_EQ(due[0].point(), v1::FOLLOW_UP_POINT_3_MONTHS);
  EXPECT_EQ(DateText(due[0].closed_on()), "2026-05-31");
  EXPECT_EQ(DateText(due[0].due_on()), "2026-08-31");
  EXPECT_EQ(due[0].overdue_days(), -1);
  EXPECT_EQ(due[0].outcome(), v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED);
  due = FollowUpsDue("", absl::CivilDay(2026, 9, 3), 366);
  ASSERT_THAT(due, SizeIs(3));
  EXPECT_EQ(due[0].overdue_days(), 3);
  EXPECT_EQ(DateText(due[1].due_on()), "2026-11-30");
  EXPECT_EQ(DateText(due[2].due_on()), "2027-05-31");
  EXPECT_THAT(FollowUpsDue(kAdult, absl::CivilDay(2026, 9, 3), 366), SizeIs(3));
  EXPECT_THAT(FollowUpsDue(kYouth, absl::CivilDay(2026, 9, 3), 366), IsEmpty());

  // Recorded follow-ups leave the list; they do not move the case's last step.
  ASSERT_OK(Record(c, FollowUp(absl::CivilDay(2026, 9, 2), v1::FOLLOW_UP_POINT_3_MONTHS)));
  ExpectAgreesWithDomain(c);
  EXPECT_EQ(DateText(Summary(c).last_step_date()), "2026-05-31");
  due = FollowUpsDue("", absl::CivilDay(2026, 9, 3), 366);
  ASSERT_THAT(due, SizeIs(2));
  EXPECT_EQ(due[0].point(), v1::FOLLOW_UP_POINT_6_MONTHS);
  EXPECT_EQ(due[1].point(), v1::FOLLOW_UP_POINT_12_MONTHS);
  ASSERT_OK(Record(c, FollowUp(absl::CivilDay(2026, 12, 1), v1::FOLLOW_UP_POINT_6_MONTHS)));
  ASSERT_OK(Record(c, FollowUp(absl::CivilDay(2027, 6, 1), v1::FOLLOW_UP_POINT_12_MONTHS)));
  EXPECT_THAT(FollowUpsDue("", absl::CivilDay(2027, 6, 1), 366), IsEmpty());
  ExpectAgreesWithDomain(c);
  ExpectNoStaleEntries();

  EXPECT_THAT(reader_->CasesOfParticipant("p-1"), IsOkAndHolds(SizeIs(1)));
  EXPECT_THAT(reader_->GetCaseSummary("c-unknown"), IsOkAndHolds(IsNullopt()));
}

TEST_F(CaseIndexTest, FollowUpDueDatesClampToTheEndOfShorterMonths) {
  RecordAll("c-1", {Referral(absl::CivilDay(2025, 6, 1), "c-1", "p-1", std::string(kYouth)),
                    Accepted(absl::CivilDay(2025, 6, 2)), Closed(absl::CivilDay(2026, 1, 31))});
  std::vector<v1::FollowUpDueItem> due = FollowUpsDue("", absl::CivilDay(2026, 1, 31), 366);
  ASSERT_THAT(due, SizeIs(3));
  EXPECT_EQ(DateText(due[0].due_on()), "2026-04-30");
  EXPECT_EQ(DateText(due[1].due_on()), "2026-07-31");
  EXPECT_EQ(DateText(due[2].due_on()), "2027-01-31");
  EXPECT_EQ(due[0].overdue_days(), -89);
  EXPECT_THAT(reader_->ListFollowUpsDue("", absl::CivilDay(2026, 1, 31), 367, PageRequest{}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(reader_->ListFollowUpsDue("", absl::CivilDay(2026, 1, 31), -1, PageRequest{}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// --- Lists and paging ------------------------------------------------------------------

TEST_F(CaseIndexTest, ListCasesPagesInReferralOrder) {
  // 25 cases on Vuxentorget, referred on 25 different days in reverse id
  // order, plus two on one day to show the tie broken by case id.
  std::vector<std::string> expected;
  for (int i = 0; i < 25; ++i) {
    const std::string id = absl::StrFormat("c-%02d", 24 - i);
    const absl::CivilDay day = absl::CivilDay(2026, 1, 1) + i;
    ASSERT_OK(Record(id, Referral(day, id, absl::StrCat("p-", i), std::string(kAdult))));
    expected.push_back(id);
  }
  ASSERT_OK(Record("c-x", Referral(absl::CivilDay(2026, 3, 1), "c-x", "p-x", std::string(kYouth))));

  std::vector<std::string> listed;
  std::vector<size_t> page_sizes;
  PageRequest request{10, ""};
  do {
    ASSERT_OK_AND_ASSIGN(
        Page<v1::CaseSummary> page,
        reader_->ListCases({std::string(kAdult), v1::CASE_STATUS_UNSPECIFIED, ""}, request));
    page_sizes.push_back(page.items.size());
    for (const std::string& id : CaseIds(page.items)) listed.push_back(id);
    request.page_token = page.next_page_token;
  } while (!request.page_token.empty() && page_sizes.size() < 10);
  EXPECT_THAT(page_sizes, ElementsAre(10, 10, 5));
  EXPECT_EQ(listed, expected);

  // page_size 0 is 100; exactly a full page has no next token.
  ASSERT_OK_AND_ASSIGN(
      Page<v1::CaseSummary> all,
      reader_->ListCases({std::string(kAdult), v1::CASE_STATUS_UNSPECIFIED, ""}, PageRequest{}));
  EXPECT_THAT(all.items, SizeIs(25));
  EXPECT_EQ(all.next_page_token, "");
  ASSERT_OK_AND_ASSIGN(Page<v1::CaseSummary> exact,
                       reader_->ListCases({std::string(kAdult), v1::CASE_STATUS_UNSPECIFIED, ""},
                                          PageRequest{25, ""}));
  EXPECT_THAT(exact.items, SizeIs(25));
  EXPECT_EQ(exact.next_page_token, "");

  // Same referral day: by case id.
  ASSERT_OK(Record("c-b", Referral(absl::CivilDay(2026, 3, 1), "c-b", "p-b", std::string(kYouth))));
  ASSERT_OK(Record("c-a", Referral(absl::CivilDay(2026, 3, 1), "c-a", "p-a", std::string(kYouth))));
  EXPECT_THAT(ListedCases({std::string(kYouth), v1::CASE_STATUS_UNSPECIFIED, ""}),
              ElementsAre("c-a", "c-b", "c-x"));
}

TEST_F(CaseIndexTest, ListCasesRefusesBadPagesAndFilters) {
  for (int i = 0; i < 3; ++i) {
    const std::string id = absl::StrCat("c-", i);
    ASSERT_OK(Record(id, Referral(absl::CivilDay(2026, 1, 1 + i), id, absl::StrCat("p-", i),
                                  std::string(kAdult))));
  }
  const CaseFilter on_adult{std::string(kAdult), v1::CASE_STATUS_UNSPECIFIED, ""};
  ASSERT_OK_AND_ASSIGN(Page<v1::CaseSummary> first,
                       reader_->ListCases(on_adult, PageRequest{1, ""}));
  ASSERT_NE(first.next_page_token, "");

  for (int32_t size : {-1, 1001}) {
    EXPECT_THAT(
        reader_->ListCases(on_adult, PageRequest{size, ""}),
        StatusIs(absl::StatusCode::kInvalidArgument, "page_size must be between 1 and 1000"));
  }
  for (const std::string& token : {std::string("garbage!"), std::string("AAAA")}) {
    EXPECT_THAT(
        reader_->ListCases(on_adult, PageRequest{1, token}),
        StatusIs(absl::StatusCode::kInvalidArgument, "page_token is not valid for this list"))
        << token;
  }
  // A token of one list is refused by another.
  EXPECT_THAT(
      reader_->ListCases({std::string(kAdult), v1::CASE_STATUS_REFERRED, ""},
                         PageRequest{1, first.next_page_token}),
      StatusIs(absl::StatusCode::kInvalidArgument, "page_token is not valid for this list"));
  EXPECT_THAT(reader_->ListCases({std::string(kYouth), v1::CASE_STATUS_UNSPECIFIED, ""},
                                 PageRequest{1, first.next_page_token}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(reader_->ListDeviations(kAdult, absl::CivilDay(2026, 1, 1),
                                      PageRequest{1, first.next_page_token}),
              StatusIs(absl::StatusCode::kInvalidArgument));

  EXPECT_THAT(reader_->ListCases(CaseFilter{}, PageRequest{}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      reader_->ListCases({std::string(kAdult), static_cast<v1::CaseStatus>(99), ""}, PageRequest{}),
      StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(CaseIndexTest, ListCasesFiltersByStatusAndOwnerAcrossPages) {
  // Ten cases on Ungdomstorget; the even ones owned by u-anna, the ones from
  // 5 on enrolled.
  for (int i = 0; i < 10; ++i) {
    const std::string id = absl::StrCat("c-", i);
    ASSERT_OK(Record(id, Referral(absl::CivilDay(2026, 1, 1 + i), id, absl::StrCat("p-", i),
                                  std::string(kYouth))));
    if (i % 2 == 0) {
      ASSERT_OK(Record(id, OwnerAssigned(absl::CivilDay(2026, 2, 1), "u-anna", "af")));
    }
    if (i >= 5) {
      ASSERT_OK(Record(id, Accepted(absl::CivilDay(2026, 2, 2))));
    }
  }
  EXPECT_THAT(ListedCases({std::string(kYouth), v1::CASE_STATUS_ENROLLED, ""}),
              ElementsAre("c-5", "c-6", "c-7", "c-8", "c-9"));
  EXPECT_THAT(ListedCases({"", v1::CASE_STATUS_UNSPECIFIED, "u-anna"}),
              ElementsAre("c-0", "c-2", "c-4", "c-6", "c-8"));
  EXPECT_THAT(ListedCases({"", v1::CASE_STATUS_REFERRED, "u-anna"}),
              ElementsAre("c-0", "c-2", "c-4"));
  EXPECT_THAT(ListedCases({std::string(kYouth), v1::CASE_STATUS_ENROLLED, "u-anna"}),
              ElementsAre("c-6", "c-8"));
  EXPECT_THAT(ListedCases({std::string(kAdult), v1::CASE_STATUS_UNSPECIFIED, "u-anna"}), IsEmpty());

  // Platform and owner, two at a time: the filter skips entries between pages.
  std::vector<std::string> listed;
  PageRequest request{2, ""};
  int pages = 0;
  do {
    ASSERT_OK_AND_ASSIGN(
        Page<v1::CaseSummary> page,
        reader_->ListCases({std::string(kYouth), v1::CASE_STATUS_UNSPECIFIED, "u-anna"}, request));
    EXPECT_LE(page.items.size(), 2u);
    for (const std::string& id : CaseIds(page.items)) listed.push_back(id);
    request.page_token = page.next_page_token;
  } while (!request.page_token.empty() && ++pages < 10);
  EXPECT_THAT(listed, ElementsAre("c-0", "c-2", "c-4", "c-6", "c-8"));
  ExpectNoStaleEntries();
}

TEST_F(CaseIndexTest, HandoverInboxAndOutboxWithWaitingDays) {
  RecordAll("c-1", {Referral(absl::CivilDay(2026, 1, 1), "c-1", "p-1", std::string(kYouth)),
                    Accepted(absl::CivilDay(2026, 1, 2)),
                    OwnerAssigned(absl::CivilDay(2026, 1, 3), "u-anna", "af"),
                    Proposed(absl::CivilDay(2026, 2, 10), "h-1", v1::HANDOVER_KIND_PLATFORM,
                             std::string(kAdult))});
  RecordAll("c-2", {Referral(absl::CivilDay(2026, 1, 1), "c-2", "p-2", "lokalt-vannas"),
                    Accepted(absl::CivilDay(2026, 1, 2)),
                    OwnerAssigned(absl::CivilDay(2026, 1, 3), "u-cia", "vannas"),
                    Proposed(absl::CivilDay(2026, 2, 1), "h-2", v1::HANDOVER_KIND_PLATFORM,
                             std::string(kAdult))});
  RecordAll("c-3", {Referral(absl::CivilDay(2026, 1, 1), "c-3", "p-3", std::string(kYouth)),
                    Accepted(absl::CivilDay(2026, 1, 2)),
                    OwnerAssigned(absl::CivilDay(2026, 1, 3), "u-anna", "af"),
                    Proposed(absl::CivilDay(2026, 2, 5), "h-3", v1::HANDOVER_KIND_ORDINARY_SERVICES,
                             "region")});
  const absl::CivilDay as_of(2026, 2, 20);

  std::vector<v1::HandoverListItem> inbox =
      Handovers(v1::HANDOVER_DIRECTION_INCOMING, kAdult, "", as_of);
  ASSERT_THAT(inbox, SizeIs(2));
  EXPECT_EQ(inbox[0].case_id(), "c-2");  // Oldest proposal first.
  EXPECT_EQ(inbox[0].from_platform_id(), "lokalt-vannas");
  EXPECT_EQ(inbox[0].from_party_id(), "vannas");
  EXPECT_EQ(inbox[0].target_platform_id(), kAdult);
  EXPECT_EQ(inbox[0].waiting_days(), 19);
  EXPECT_EQ(inbox[1].case_id(), "c-1");
  EXPECT_EQ(inbox[1].waiting_days(), 10);

  std::vector<v1::HandoverListItem> outbox =
      Handovers(v1::HANDOVER_DIRECTION_OUTGOING, kYouth, "", as_of);
  ASSERT_THAT(outbox, SizeIs(2));
  EXPECT_EQ(outbox[0].case_id(), "c-3");
  EXPECT_EQ(outbox[1].case_id(), "c-1");
  EXPECT_THAT(Handovers(v1::HANDOVER_DIRECTION_OUTGOING, "", "af", as_of), SizeIs(2));
  ASSERT_THAT(Handovers(v1::HANDOVER_DIRECTION_INCOMING, "", "region", as_of), SizeIs(1));
  EXPECT_EQ(Handovers(v1::HANDOVER_DIRECTION_INCOMING, "", "region", as_of)[0].kind(),
            v1::HANDOVER_KIND_ORDINARY_SERVICES);

  // Paging keeps the order.
  ASSERT_OK_AND_ASSIGN(Page<v1::HandoverListItem> first,
                       reader_->ListHandovers(v1::HANDOVER_DIRECTION_INCOMING, kAdult, "", as_of,
                                              PageRequest{1, ""}));
  ASSERT_THAT(first.items, SizeIs(1));
  EXPECT_EQ(first.items[0].case_id(), "c-2");
  ASSERT_OK_AND_ASSIGN(Page<v1::HandoverListItem> second,
                       reader_->ListHandovers(v1::HANDOVER_DIRECTION_INCOMING, kAdult, "", as_of,
                                              PageRequest{1, first.next_page_token}));
  ASSERT_THAT(second.items, SizeIs(1));
  EXPECT_EQ(second.items[0].case_id(), "c-1");
  EXPECT_EQ(second.next_page_token, "");
  EXPECT_THAT(
      reader_->ListHandovers(v1::HANDOVER_DIRECTION_OUTGOING, kAdult, "", as_of,
                             PageRequest{1, first.next_page_token}),
      StatusIs(absl::StatusCode::kInvalidArgument, "page_token is not valid for this list"));

  // Accepting an ORDINARY_SERVICES handover keeps the owner; the case waits
  // for closure and leaves the handover lists.
  ASSERT_OK(Record("c-3", HandoverAccepted(absl::CivilDay(2026, 2, 21), "h-3")));
  ExpectAgreesWithDomain("c-3");
  EXPECT_EQ(Summary("c-3").owner().owner_user_id(), "u-anna");
  EXPECT_THAT(Handovers(v1::HANDOVER_DIRECTION_INCOMING, "", "region", as_of), IsEmpty());
  EXPECT_THAT(Handovers(v1::HANDOVER_DIRECTION_OUTGOING, "", "af", as_of), SizeIs(1));
  ExpectNoStaleEntries();

  for (const auto& [direction, platform, party] :
       std::vector<std::tuple<v1::HandoverDirection, std::string, std::string>>{
           {v1::HANDOVER_DIRECTION_UNSPECIFIED, std::string(kAdult), ""},
           {v1::HANDOVER_DIRECTION_INCOMING, "", ""},
           {v1::HANDOVER_DIRECTION_INCOMING, std::string(kAdult), "af"}}) {
    EXPECT_THAT(reader_->ListHandovers(direction, platform, party, as_of, PageRequest{}),
                StatusIs(absl::StatusCode::kInvalidArgument));
  }
}

TEST_F(CaseIndexTest, DeviationsListOldestFirstAndFollowTheirCase) {
  RecordAll("c-1", {Referral(absl::CivilDay(2026, 1, 1), "c-1", "p-1", std::string(kYouth)),
                    Accepted(absl::CivilDay(2026, 1, 2)),
                    OwnerAssigned(absl::CivilDay(2026, 1, 3), "u-anna", "af"),
                    Proposed(absl::CivilDay(2026, 2, 1), "h-1", v1::HANDOVER_KIND_PLATFORM,
                             std::string(kAdult)),
                    Rejected(absl::CivilDay(2026, 2, 8), "h-1", "d-1"),
                    Proposed(absl::CivilDay(2026, 2, 9), "h-2", v1::HANDOVER_KIND_CASE_OWNER, "fk"),
                    Rejected(absl::CivilDay(2026, 2, 10), "h-2", "d-2")});
  RecordAll("c-2", {Referral(absl::CivilDay(2026, 1, 1), "c-2", "p-2", std::string(kAdult)),
                    Accepted(absl::CivilDay(2026, 1, 2)),
                    Proposed(absl::CivilDay(2026, 2, 1), "h-1", v1::HANDOVER_KIND_CASE_OWNER, "af"),
                    Rejected(absl::CivilDay(2026, 2, 9), "h-1", "d-1")});
  ExpectAgreesWithDomain("c-1");
  ExpectAgreesWithDomain("c-2");
  const absl::CivilDay as_of(2026, 2, 20);
  std::vector<v1::DeviationListItem> all = Deviations("", as_of);
  ASSERT_THAT(all, SizeIs(3));
  EXPECT_EQ(all[0].deviation_id(), "d-1");
  EXPECT_EQ(all[0].case_id(), "c-1");
  EXPECT_EQ(all[0].kind(), v1::HANDOVER_KIND_PLATFORM);
  EXPECT_EQ(all[0].target_platform_id(), kAdult);
  EXPECT_EQ(all[0].open_days(), 12);
  EXPECT_EQ(all[1].case_id(), "c-2");
  EXPECT_EQ(all[1].target_party_id(), "af");
  EXPECT_EQ(all[2].deviation_id(), "d-2");
  EXPECT_EQ(all[2].case_id(), "c-1");
  EXPECT_THAT(Deviations(kYouth, as_of), SizeIs(2));
  EXPECT_THAT(Deviations(kAdult, as_of), SizeIs(1));

  // The case moves to Vuxentorget with its open deviations.
  RecordAll("c-1", {Proposed(absl::CivilDay(2026, 2, 11), "h-3", v1::HANDOVER_KIND_PLATFORM,
                             std::string(kAdult)),
                    HandoverAccepted(absl::CivilDay(2026, 2, 12), "h-3", "u-bo", "fk")});
  EXPECT_THAT(Deviations(kYouth, as_of), IsEmpty());
  ASSERT_THAT(Deviations(kAdult, as_of), SizeIs(3));
  EXPECT_EQ(Deviations(kAdult, as_of)[0].platform_id(), kAdult);
  ASSERT_OK(Record("c-1", Resolved(absl::CivilDay(2026, 2, 13), "d-2")));
  EXPECT_THAT(Deviations("", as_of), SizeIs(2));
  ExpectAgreesWithDomain("c-1");
  ExpectNoStaleEntries();
}

TEST_F(CaseIndexTest, ASecondOpenCaseOnAPlatformIsRefusedInsideTheAppend) {
  // The domain says so first, with the same words; this holds it when two
  // referrals race past that check.
  RecordAll("c-1", {Referral(absl::CivilDay(2026, 1, 1), "c-1", "p-1", std::string(kYouth))});
  ASSERT_OK_AND_ASSIGN(const uint64_t position, store_->LastPosition());
  EXPECT_THAT(
      Record("c-2", Referral(absl::CivilDay(2026, 1, 2), "c-2", "p-1", std::string(kYouth))),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("already has an open case (c-1) on ungdomstorget")));
  EXPECT_THAT(store_->LastPosition(), IsOkAndHolds(position));
  // Another platform, or another participant, is fine.
  EXPECT_OK(Record("c-3", Referral(absl::CivilDay(2026, 1, 2), "c-3", "p-1", std::string(kAdult))));
  EXPECT_OK(Record("c-4", Referral(absl::CivilDay(2026, 1, 2), "c-4", "p-2", std::string(kYouth))));
  // Once the first case is final, a new referral may open one again.
  EXPECT_OK(Record("c-1", Declined(absl::CivilDay(2026, 1, 3))));
  EXPECT_OK(Record("c-5", Referral(absl::CivilDay(2026, 1, 4), "c-5", "p-1", std::string(kYouth))));
  ExpectNoStaleEntries();
}

TEST_F(CaseIndexTest, OpenCasesAndPlatformsLeaveOutFinalCases) {
  // The final cases first: while c-open is open, p-1 can have no other case
  // on the youth platform.
  RecordAll("c-declined",
            {Referral(absl::CivilDay(2026, 1, 1), "c-declined", "p-1", std::string(kAdult)),
             Declined(absl::CivilDay(2026, 1, 2))});
  RecordAll("c-directed",
            {Referral(absl::CivilDay(2026, 1, 1), "c-directed", "p-1", std::string(kYouth)),
             Directed(absl::CivilDay(2026, 1, 2), "lokalt-vannas")});
  RecordAll("c-closed",
            {Referral(absl::CivilDay(2025, 1, 1), "c-closed", "p-1", std::string(kYouth)),
             Accepted(absl::CivilDay(2025, 1, 2)), Closed(absl::CivilDay(2025, 6, 1))});
  RecordAll("c-open",
            {Referral(absl::CivilDay(2026, 1, 3), "c-open", "p-1", std::string(kYouth)),
             Accepted(absl::CivilDay(2026, 1, 4)), AssessmentStarted(absl::CivilDay(2026, 1, 5))});
  RecordAll("c-new", {Referral(absl::CivilDay(2026, 1, 1), "c-new", "p-2", std::string(kYouth))});
  ASSERT_OK_AND_ASSIGN(std::vector<v1::CaseSummary> open, reader_->OpenCasesOnPlatform(kYouth));
  EXPECT_THAT(CaseIds(open), ElementsAre("c-new", "c-open"));
  EXPECT_THAT(reader_->PlatformsWithOpenCase("p-1"),
              IsOkAndHolds(ElementsAre(std::string(kYouth))));
  ASSERT_OK_AND_ASSIGN(std::vector<v1::CaseSummary> of_p1, reader_->CasesOfParticipant("p-1"));
  EXPECT_THAT(CaseIds(of_p1), ElementsAre("c-closed", "c-declined", "c-directed", "c-open"));
  EXPECT_EQ(Summary("c-declined").status(), v1::CASE_STATUS_DECLINED);
  EXPECT_EQ(Summary("c-directed").status(), v1::CASE_STATUS_DIRECTED);
  for (const char* id : {"c-open", "c-new", "c-declined", "c-directed", "c-closed"}) {
    ExpectAgreesWithDomain(id);
  }
  ExpectNoStaleEntries();
}

TEST_F(CaseIndexTest, UnindexableCaseEventsAreRefusedAndWriteNothing) {
  ASSERT_OK(Record("c-1", Referral(absl::CivilDay(2026, 1, 1), "c-1", "p-1", std::string(kYouth))));
  ASSERT_OK_AND_ASSIGN(const uint64_t position, store_->LastPosition());

  // A case whose first event is not its referral.
  EXPECT_THAT(Record("c-2", Accepted(absl::CivilDay(2026, 1, 2))),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("referral")));
  // A referral naming another case than its stream's.
  EXPECT_THAT(
      Record("c-3", Referral(absl::CivilDay(2026, 1, 1), "c-4", "p-1", std::string(kYouth))),
      StatusIs(absl::StatusCode::kInvalidArgument));
  // No kind, no date, not a CaseEvent, not in a case stream.
  EXPECT_THAT(Record("c-1", Step(absl::CivilDay(2026, 1, 2))),
              StatusIs(absl::StatusCode::kInvalidArgument));
  v1::CaseEvent undated = Accepted(absl::CivilDay(2026, 1, 2));
  undated.clear_effective_date();
  EXPECT_THAT(Record("c-1", undated), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(AppendRaw(CaseStream("c-1"), std::string(kCaseEventType), "\xff\xff\xff"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(AppendRaw("other-1", std::string(kCaseEventType),
                        Accepted(absl::CivilDay(2026, 1, 2)).SerializeAsString()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(store_->LastPosition(), IsOkAndHolds(position));
  EXPECT_EQ(Summary("c-1").version(), 1u);
  EXPECT_THAT(reader_->GetCaseSummary("c-2"), IsOkAndHolds(IsNullopt()));

  // Events of other types pass untouched.
  EXPECT_OK(AppendRaw(CaseStream("c-1"), "torg.v1.FutureEvent", "whatever"));
  ExpectNoStaleEntries();
}

// --- Fold consistency with the domain ---------------------------------------------------

TEST_F(CaseIndexTest, FoldAgreesWithTheDomainAfterEveryEvent) {
  const absl::CivilDay d(2026, 1, 1);
  const std::map<std::string, std::vector<v1::CaseEvent>> sequences = {
      {"declined", {Referral(d, "declined", "p-1", "ungdomstorget"), Declined(d + 3)}},
      {"directed",
       {Referral(d, "directed", "p-1", "lokalt-vannas"), Directed(d + 1, "vuxentorget")}},
      {"ordinary",
       {Referral(d, "ordinary", "p-2", "vuxentorget"), Accepted(d + 1),
        OwnerAssigned(d + 2, "u-anna", "af"),
        Proposed(d + 10, "h-1", v1::HANDOVER_KIND_ORDINARY_SERVICES, "region"),
        HandoverAccepted(d + 12, "h-1"), Closed(d + 20, v1::CLOSURE_OUTCOME_NEED_ADAPTED_CARE),
        FollowUp(d + 400, v1::FOLLOW_UP_POINT_12_MONTHS),
        FollowUp(d + 120, v1::FOLLOW_UP_POINT_3_MONTHS)}},
      {"winding",
       {Referral(d, "winding", "p-3", "ungdomstorget"), Accepted(d + 1), AssessmentStarted(d + 2),
        Proposed(d + 3, "h-1", v1::HANDOVER_KIND_PLATFORM, "vuxentorget"),
        Rejected(d + 4, "h-1", "d-b"), Proposed(d + 5, "h-2", v1::HANDOVER_KIND_CASE_OWNER, "fk"),
        HandoverAccepted(d + 6, "h-2", "u-bo", "fk"), Note(d + 2), AssessmentCompleted(d + 7),
        Proposed(d + 8, "h-3", v1::HANDOVER_KIND_PLATFORM, "vuxentorget"),
        Rejected(d + 9, "h-3", "d-a"), Resolved(d + 10, "d-b"),
        Proposed(d + 11, "h-4", v1::HANDOVER_KIND_PLATFORM, "vuxentorget"),
        HandoverAccepted(d + 12, "h-4", "u-cia", "af"), OwnerAssigned(d + 13, "u-dan", "fk"),
        Closed(d + 30, v1::CLOSURE_OUTCOME_STUDIES)}},
      {"stray-accept",
       {Referral(d, "stray-accept", "p-4", "ungdomstorget"),
        HandoverAccepted(d + 1, "h-x", "u", "p"), Accepted(d + 2)}},
  };
  for (const auto& [case_id, events] : sequences) {
    for (const v1::CaseEvent& event : events) {
      ASSERT_OK(Record(case_id, event));
      ExpectAgreesWithDomain(case_id);
    }
  }
  ExpectNoStaleEntries();
  EXPECT_EQ(Summary("winding").platform_id(), "vuxentorget");
  EXPECT_EQ(Summary("winding").owner().owner_user_id(), "u-dan");
  EXPECT_THAT(Summary("winding").open_deviation_ids(), ElementsAre("d-a"));
  EXPECT_EQ(Summary("ordinary").owner().owner_user_id(), "u-anna");
}

}  // namespace
}  // namespace torg::caseindex
