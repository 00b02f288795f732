// The flow ledger on a real embedded store: hand-made cases with chosen
// effective dates, and the figures the definitions of flow_service.proto
// give for them, worked out by hand in each test. Also time travel (as of a
// position, as of a recorded day), a rebuild from the log, appends racing a
// read, malformed events and bad queries.

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
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

// gtest prints map keys with these, so a failing figure names its cell.
void PrintTo(const StayCell& cell, std::ostream* out) {
  *out << "{" << v1::Gender_Name(cell.gender) << ", " << cell.age_band << ", " << cell.kommun
       << ", " << cell.referrer << "}";
}

namespace {

using storage::AppendRequest;
using storage::AppendResult;
using storage::NewEvent;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using torg::testing::IsOk;
using torg::testing::StatusIs;

using Cells = std::map<StayCell, int64_t>;
using Genders = std::map<v1::Gender, int64_t>;
using Closures = std::map<std::pair<v1::ClosureOutcome, v1::Gender>, int64_t>;

constexpr v1::Gender kWoman = v1::GENDER_WOMAN;
constexpr v1::Gender kMan = v1::GENDER_MAN;
constexpr v1::Gender kOther = v1::GENDER_OTHER;
constexpr absl::string_view kUng = "ungdomstorget";
constexpr absl::string_view kVux = "vuxentorget";
constexpr absl::string_view kForbund = "";

absl::CivilDay Day(int year, int month, int day) { return absl::CivilDay(year, month, day); }

// --- Event builders ----------------------------------------------------------

v1::CaseEvent LedgerStep(absl::CivilDay day) {
  v1::CaseEvent event;
  *event.mutable_effective_date() = casefile::ToProtoDate(day);
  event.set_recorded_by("koordinator-1");
  return event;
}

// `referrer` empty: a self-referral.
v1::CaseEvent Referral(absl::CivilDay day, const std::string& case_id,
                       const std::string& participant_id, absl::string_view platform_id, int age,
                       const std::string& referrer) {
  v1::CaseEvent event = LedgerStep(day);
  v1::ReferralSubmitted* referral = event.mutable_referral_submitted();
  referral->set_case_id(case_id);
  referral->set_participant_id(participant_id);
  referral->set_platform_id(std::string(platform_id));
  referral->mutable_referrer()->set_party_id(referrer);
  referral->mutable_referrer()->set_self_referral(referrer.empty());
  referral->add_needed_party_ids("af");
  referral->add_needed_party_ids("fk");
  referral->set_age_at_referral(age);
  referral->set_sealed_details("sealed");
  return event;
}

v1::CaseEvent Accepted(absl::CivilDay day) {
  v1::CaseEvent event = LedgerStep(day);
  event.mutable_referral_accepted();
  return event;
}

v1::CaseEvent Directed(absl::CivilDay day, absl::string_view platform_id,
                       const std::string& target_case_id) {
  v1::CaseEvent event = LedgerStep(day);
  event.mutable_referral_directed()->set_target_platform_id(std::string(platform_id));
  event.mutable_referral_directed()->set_target_case_id(target_case_id);
  return event;
}

v1::CaseEvent Declined(absl::CivilDay day) {
  v1::CaseEvent event = LedgerStep(day);
  event.mutable_referral_declined()->set_reason(v1::DECLINE_REASON_SINGLE_PARTY_NEED);
  return event;
}

v1::CaseEvent Proposed(absl::CivilDay day, const std::string& handover_id, v1::HandoverKind kind,
                       absl::string_view target) {
  v1::CaseEvent event = LedgerStep(day);
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

v1::CaseEvent HandoverAccepted(absl::CivilDay day, const std::string& handover_id) {
  v1::CaseEvent event = LedgerStep(day);
  event.mutable_handover_accepted()->set_handover_id(handover_id);
  event.mutable_handover_accepted()->set_new_owner_user_id("agare-2");
  event.mutable_handover_accepted()->set_new_owner_party_id("fk");
  return event;
}

v1::CaseEvent Rejected(absl::CivilDay day, const std::string& handover_id,
                       const std::string& deviation_id) {
  v1::CaseEvent event = LedgerStep(day);
  event.mutable_handover_rejected()->set_handover_id(handover_id);
  event.mutable_handover_rejected()->set_deviation_id(deviation_id);
  return event;
}

v1::CaseEvent Note(absl::CivilDay day) {
  v1::CaseEvent event = LedgerStep(day);
  event.mutable_note_added()->set_sealed_text("sealed");
  return event;
}

v1::CaseEvent Closed(absl::CivilDay day, v1::ClosureOutcome outcome) {
  v1::CaseEvent event = LedgerStep(day);
  event.mutable_case_closed()->set_outcome(outcome);
  event.mutable_case_closed()->add_income_at_end(v1::INCOME_SOURCE_SALARY);
  return event;
}

v1::ParticipantEvent Registration(const std::string& participant_id, v1::Gender gender,
                                  const std::string& kommun, bool anonymous) {
  v1::ParticipantEvent event;
  *event.mutable_effective_date() = casefile::ToProtoDate(Day(2025, 12, 1));
  event.set_recorded_by("koordinator-1");
  v1::ParticipantRegistered* registered = event.mutable_participant_registered();
  registered->set_participant_id(participant_id);
  registered->set_identity_kind(anonymous ? v1::IDENTITY_KIND_ANONYMOUS
                                          : v1::IDENTITY_KIND_PERSONNUMMER);
  registered->set_birth_year(1990);
  registered->set_gender(gender);
  registered->set_kommun_code(kommun);
  registered->add_income_at_start(v1::INCOME_SOURCE_SOCIAL_ASSISTANCE);
  registered->set_sealed_identity("sealed identity");
  return event;
}

StayCell Cell(v1::Gender gender, const std::string& age_band, const std::string& kommun,
              const std::string& referrer) {
  return StayCell{gender, age_band, kommun, referrer};
}

// The participants of the tests and the cells their cases count in.
// Anna: woman, kommun 2480, referred by AF at 22.
const StayCell kAnnaCell = Cell(kWoman, "20-24", "2480", "af");
// Bo: man, kommun 2481, referred himself at 24.
const StayCell kBoCell = Cell(kMan, "20-24", "2481", "self");
// Cleo: other gender, kommun 2482, referred by AF at 45.
const StayCell kCleoCell = Cell(kOther, "40-49", "2482", "af");

// Every field of two reports is equal.
void ExpectSameCounts(const PeriodCounts& actual, const PeriodCounts& expected) {
  EXPECT_EQ(actual.log_position, expected.log_position);
  EXPECT_EQ(actual.active, expected.active);
  EXPECT_EQ(actual.enrolled, expected.enrolled);
  EXPECT_EQ(actual.ongoing_at_end, expected.ongoing_at_end);
  EXPECT_EQ(actual.moved_in, expected.moved_in);
  EXPECT_EQ(actual.moved_out, expected.moved_out);
  EXPECT_EQ(actual.closed, expected.closed);
  EXPECT_EQ(actual.closed_by_cell, expected.closed_by_cell);
  EXPECT_EQ(actual.referrals_received, expected.referrals_received);
  EXPECT_EQ(actual.accepted, expected.accepted);
  EXPECT_EQ(actual.directed, expected.directed);
  EXPECT_EQ(actual.declined, expected.declined);
  EXPECT_EQ(actual.flagged, expected.flagged);
  EXPECT_EQ(actual.with_study_activity, expected.with_study_activity);
}

// active = ongoing at the end + closed + moved out, in every cell, and no
// cell is in one of those without being active.
void ExpectActiveAddsUp(const PeriodCounts& counts) {
  auto at = [](const Cells& cells, const StayCell& cell) {
    auto it = cells.find(cell);
    return it == cells.end() ? int64_t{0} : it->second;
  };
  for (const auto& [cell, active] : counts.active) {
    EXPECT_EQ(active, at(counts.ongoing_at_end, cell) + at(counts.closed_by_cell, cell) +
                          at(counts.moved_out, cell))
        << ::testing::PrintToString(cell);
  }
  for (const Cells* part : {&counts.ongoing_at_end, &counts.closed_by_cell, &counts.moved_out}) {
    for (const auto& [cell, count] : *part) {
      EXPECT_EQ(counts.active.count(cell), 1u) << ::testing::PrintToString(cell);
    }
  }
}

// Flagged and studying stays are active stays: never more than the active of
// their gender.
void ExpectMarksWithinActive(const PeriodCounts& counts) {
  Genders active;
  for (const auto& [cell, count] : counts.active) active[cell.gender] += count;
  for (const auto& [key, count] : counts.flagged) {
    EXPECT_GT(count, 0);
    EXPECT_LE(count, active[key.second]) << v1::CaseFlag_Name(key.first);
  }
  for (const auto& [gender, count] : counts.with_study_activity) {
    EXPECT_GT(count, 0);
    EXPECT_LE(count, active[gender]) << v1::Gender_Name(gender);
  }
}

// A ProjectionBatch over a map: the flow ledger rebuilt outside the store.
class MapBatch : public storage::ProjectionBatch {
 public:
  absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) override {
    auto it = entries_.find(std::string(key));
    if (it == entries_.end()) return std::nullopt;
    return it->second;
  }
  void Put(absl::string_view key, absl::string_view value) override {
    entries_[std::string(key)] = std::string(value);
  }
  void Delete(absl::string_view key) override { entries_.erase(std::string(key)); }
  // The ledger reads keys only to open sealed flags, which these events lack.
  absl::StatusOr<std::optional<std::string>> ReadKey(absl::string_view) override {
    return std::nullopt;
  }
  const std::map<std::string, std::string>& entries() const { return entries_; }

 private:
  std::map<std::string, std::string> entries_;
};

// --- Fixture -------------------------------------------------------------------

class FlowLedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SetNow(absl::FromCivil(absl::CivilSecond(2026, 6, 1, 9, 0, 0), absl::UTCTimeZone()));
    storage::EmbeddedStoreOptions options;
    options.directory = dir_.Sub("store");
    options.durability = storage::Durability::kUnsyncedForTestsOnly;
    options.projections = caseindex::CaseFlowProjections();
    options.projections.push_back(std::make_shared<FlowLedgerProjection>(flag_opener_));
    options.clock = [this] { return absl::FromUnixMicros(now_micros_.load()); };
    ASSERT_OK_AND_ASSIGN(store_, storage::EmbeddedEventStore::Open(std::move(options)));
  }

  void SetNow(absl::Time now) { now_micros_.store(absl::ToUnixMicros(now)); }

  absl::StatusOr<AppendResult> AppendRaw(const std::string& stream, absl::string_view type,
                                         const std::string& data) {
    return store_->Append(AppendRequest::ToStream(absl::StrCat("request-", ++requests_), stream,
                                                  std::nullopt,
                                                  {NewEvent{std::string(type), data, ""}}));
  }

  // Appends one case event; returns its position (0 on failure, reported).
  uint64_t Record(const std::string& case_id, const v1::CaseEvent& event) {
    absl::StatusOr<AppendResult> result = AppendRaw(
        caseindex::CaseStream(case_id), caseindex::kCaseEventType, event.SerializeAsString());
    EXPECT_THAT(result, IsOk()) << case_id;
    return result.ok() ? result->last_position : 0;
  }

  void RecordAll(const std::string& case_id, const std::vector<v1::CaseEvent>& events) {
    for (const v1::CaseEvent& event : events) Record(case_id, event);
  }

  uint64_t Register(const std::string& participant_id, v1::Gender gender, const std::string& kommun,
                    bool anonymous = false) {
    absl::StatusOr<AppendResult> result =
        AppendRaw(caseindex::ParticipantStream(participant_id), caseindex::kParticipantEventType,
                  Registration(participant_id, gender, kommun, anonymous).SerializeAsString());
    EXPECT_THAT(result, IsOk()) << participant_id;
    return result.ok() ? result->last_position : 0;
  }

  void RegisterEveryone() {
    Register("anna", kWoman, "2480");
    Register("bo", kMan, "2481");
    Register("cleo", kOther, "2482");
  }

  PeriodCounts Read(absl::string_view platform_id, absl::CivilDay first, absl::CivilDay last,
                    std::optional<uint64_t> as_of_position = std::nullopt,
                    std::optional<absl::CivilDay> as_of_day = std::nullopt,
                    size_t page_size = kFlowLedgerPageSize) {
    PeriodQuery query;
    query.platform_id = std::string(platform_id);
    query.first_day = first;
    query.last_day = last;
    query.as_of_position = as_of_position;
    query.as_of_recorded_day = as_of_day;
    absl::StatusOr<PeriodCounts> counts = ReadPeriodCounts(*store_, query, page_size);
    EXPECT_THAT(counts, IsOk());
    if (!counts.ok()) return PeriodCounts();
    ExpectActiveAddsUp(*counts);
    ExpectMarksWithinActive(*counts);
    return *std::move(counts);
  }

  uint64_t Last() {
    absl::StatusOr<uint64_t> last = store_->LastPosition();
    EXPECT_THAT(last, IsOk());
    return last.ok() ? *last : 0;
  }

  // Every key and value of the flow ledger, as the store holds them.
  std::map<std::string, std::string> LedgerEntries() {
    std::map<std::string, std::string> entries;
    std::string after;
    while (true) {
      absl::StatusOr<std::vector<storage::ProjectionEntry>> page =
          store_->ScanProjection(kFlowLedgerProjection, "", after, 100);
      EXPECT_THAT(page, IsOk());
      if (!page.ok()) return entries;
      for (auto& [key, value] : *page) entries[key] = value;
      if (page->size() < 100) return entries;
      after = page->back().first;
    }
  }

  // Four cases on the youth platform around March 2026, one moving on to
  // the adult platform (see ActiveIsOngoingPlusClosedPlusMovedOutInEveryCell).
  void RecordMixedMarch() {
    RegisterEveryone();
    Register("anon", kMan, "2480", /*anonymous=*/true);
    RecordAll("c1",
              {Referral(Day(2026, 2, 1), "c1", "anna", kUng, 22, "af"), Accepted(Day(2026, 2, 5)),
               Closed(Day(2026, 3, 10), v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED)});
    RecordAll("c2", {Referral(Day(2026, 2, 2), "c2", "bo", kUng, 24, ""), Accepted(Day(2026, 2, 6)),
                     Proposed(Day(2026, 3, 1), "h1", v1::HANDOVER_KIND_PLATFORM, kVux),
                     HandoverAccepted(Day(2026, 3, 3), "h1")});
    RecordAll("c3",
              {Referral(Day(2026, 3, 5), "c3", "cleo", kUng, 45, "af"), Accepted(Day(2026, 3, 8))});
    RecordAll("c4", {Referral(Day(2026, 1, 10), "c4", "anon", kUng, 17, "soc"),
                     Accepted(Day(2026, 1, 15)),
                     Closed(Day(2026, 2, 20), v1::CLOSURE_OUTCOME_OTHER_NO_CONTACT)});
    RecordAll("c5", {Referral(Day(2026, 3, 12), "c5", "anna", kUng, 22, "af"),
                     Accepted(Day(2026, 3, 15))});
  }

  // Anna and Bo on Ungdomstorget, flagged and studying (defined with the
  // flag and study helpers below).
  void RecordFlaggedAndStudying();

  // The participant's key is destroyed and their erasure recorded, as
  // ParticipantErasure does it; returns the erasure's position.
  uint64_t Erase(const std::string& participant_id) {
    flag_opener_->Erase(participant_id);
    v1::ParticipantEvent erased;
    erased.mutable_participant_erased()->set_reason(v1::ERASURE_REASON_ERASURE_REQUEST);
    *erased.mutable_effective_date() = casefile::ToProtoDate(Day(2026, 5, 31));
    absl::StatusOr<AppendResult> result =
        AppendRaw(caseindex::ParticipantStream(participant_id), caseindex::kParticipantEventType,
                  erased.SerializeAsString());
    EXPECT_THAT(result, IsOk()) << participant_id;
    return result.ok() ? result->last_position : 0;
  }

  // The ledger rebuilt from the whole log by a projection that opens flags
  // with `opener`, outside the store.
  std::map<std::string, std::string> Rebuilt(std::shared_ptr<PlainFlagOpener> opener) {
    FlowLedgerProjection projection(std::move(opener));
    MapBatch rebuilt;
    uint64_t next = 1;
    while (true) {
      absl::StatusOr<std::vector<storage::RecordedEvent>> events = store_->ReadAll(next, 50);
      EXPECT_THAT(events, IsOk());
      if (!events.ok()) return {};
      for (const storage::RecordedEvent& event : *events) {
        EXPECT_THAT(projection.Apply(event, rebuilt), IsOk()) << event.position;
        next = event.position + 1;
      }
      if (events->size() < 50) return rebuilt.entries();
    }
  }

  torg::testing::TempDir dir_;
  std::atomic<int64_t> now_micros_{0};
  std::shared_ptr<PlainFlagOpener> flag_opener_ = std::make_shared<PlainFlagOpener>();
  std::unique_ptr<storage::EmbeddedEventStore> store_;
  int requests_ = 0;
};

// --- Stays across periods ------------------------------------------------------------

TEST_F(FlowLedgerTest, ACaseSpanningTwoPeriodsIsActiveInBothAndNewInTheFirst) {
  RegisterEveryone();
  RecordAll("c1",
            {Referral(Day(2026, 1, 10), "c1", "anna", kUng, 22, "af"), Accepted(Day(2026, 1, 20))});

  for (absl::string_view scope : {kUng, kForbund}) {
    SCOPED_TRACE(absl::StrCat("scope '", scope, "'"));
    const PeriodCounts january = Read(scope, Day(2026, 1, 1), Day(2026, 1, 31));
    EXPECT_EQ(january.active, (Cells{{kAnnaCell, 1}}));
    EXPECT_EQ(january.enrolled, (Cells{{kAnnaCell, 1}}));
    EXPECT_EQ(january.ongoing_at_end, (Cells{{kAnnaCell, 1}}));
    EXPECT_THAT(january.closed, IsEmpty());
    EXPECT_THAT(january.moved_in, IsEmpty());
    EXPECT_THAT(january.moved_out, IsEmpty());
    EXPECT_EQ(january.referrals_received, (Genders{{kWoman, 1}}));
    EXPECT_EQ(january.accepted, (Genders{{kWoman, 1}}));

    const PeriodCounts february = Read(scope, Day(2026, 2, 1), Day(2026, 2, 28));
    EXPECT_EQ(february.active, (Cells{{kAnnaCell, 1}}));
    EXPECT_THAT(february.enrolled, IsEmpty());
    EXPECT_EQ(february.ongoing_at_end, (Cells{{kAnnaCell, 1}}));
    EXPECT_THAT(february.referrals_received, IsEmpty());
    EXPECT_THAT(february.accepted, IsEmpty());

    // Referred in the period but enrolled after it.
    const PeriodCounts early_january = Read(scope, Day(2026, 1, 1), Day(2026, 1, 15));
    EXPECT_THAT(early_january.active, IsEmpty());
    EXPECT_EQ(early_january.referrals_received, (Genders{{kWoman, 1}}));
    EXPECT_THAT(early_january.accepted, IsEmpty());

    const PeriodCounts december = Read(scope, Day(2025, 12, 1), Day(2025, 12, 31));
    EXPECT_THAT(december.active, IsEmpty());
    EXPECT_THAT(december.referrals_received, IsEmpty());
  }
  EXPECT_THAT(Read(kVux, Day(2026, 1, 1), Day(2026, 1, 31)).active, IsEmpty());
}

TEST_F(FlowLedgerTest, ClosedOnTheLastDayIsActiveAndClosedButNotOngoing) {
  RegisterEveryone();
  RecordAll("c1",
            {Referral(Day(2026, 3, 1), "c1", "anna", kUng, 22, "af"), Accepted(Day(2026, 3, 5)),
             Closed(Day(2026, 3, 31), v1::CLOSURE_OUTCOME_STUDIES)});

  for (absl::string_view scope : {kUng, kForbund}) {
    SCOPED_TRACE(absl::StrCat("scope '", scope, "'"));
    const PeriodCounts march = Read(scope, Day(2026, 3, 1), Day(2026, 3, 31));
    EXPECT_EQ(march.active, (Cells{{kAnnaCell, 1}}));
    EXPECT_EQ(march.enrolled, (Cells{{kAnnaCell, 1}}));
    EXPECT_THAT(march.ongoing_at_end, IsEmpty());
    EXPECT_EQ(march.closed, (Closures{{{v1::CLOSURE_OUTCOME_STUDIES, kWoman}, 1}}));
    EXPECT_EQ(march.closed_by_cell, (Cells{{kAnnaCell, 1}}));

    // The day before: still ongoing, not yet closed.
    const PeriodCounts to_30th = Read(scope, Day(2026, 3, 1), Day(2026, 3, 30));
    EXPECT_EQ(to_30th.active, (Cells{{kAnnaCell, 1}}));
    EXPECT_EQ(to_30th.ongoing_at_end, (Cells{{kAnnaCell, 1}}));
    EXPECT_THAT(to_30th.closed, IsEmpty());

    // The closure date is the last day of the stay: not active after it.
    const PeriodCounts april = Read(scope, Day(2026, 4, 1), Day(2026, 4, 30));
    EXPECT_THAT(april.active, IsEmpty());
    EXPECT_THAT(april.closed, IsEmpty());
  }
}

TEST_F(FlowLedgerTest, TheAgeBandIsTheOneAtReferral) {
  RegisterEveryone();
  // Bo is 29 when referred and 30 a year later; the case stays in 25-29.
  RecordAll("c1",
            {Referral(Day(2026, 5, 10), "c1", "bo", kUng, 29, "fk"), Accepted(Day(2026, 5, 20)),
             Note(Day(2027, 6, 1)), Closed(Day(2027, 6, 15), v1::CLOSURE_OUTCOME_WORK_SUBSIDISED)});
  const StayCell aged_29 = Cell(kMan, "25-29", "2481", "fk");

  const PeriodCounts june_2027 = Read(kUng, Day(2027, 6, 1), Day(2027, 6, 30));
  EXPECT_EQ(june_2027.active, (Cells{{aged_29, 1}}));
  EXPECT_EQ(june_2027.closed_by_cell, (Cells{{aged_29, 1}}));
  EXPECT_EQ(june_2027.closed, (Closures{{{v1::CLOSURE_OUTCOME_WORK_SUBSIDISED, kMan}, 1}}));
  EXPECT_THAT(june_2027.ongoing_at_end, IsEmpty());
}

TEST_F(FlowLedgerTest, APlatformHandoverMovesTheStayAndCountsOnceForTheForbund) {
  RegisterEveryone();
  RecordAll("c1", {Referral(Day(2026, 1, 5), "c1", "bo", kUng, 24, ""), Accepted(Day(2026, 1, 10)),
                   Proposed(Day(2026, 2, 10), "h1", v1::HANDOVER_KIND_PLATFORM, kVux),
                   HandoverAccepted(Day(2026, 2, 15), "h1")});

  const PeriodCounts sending = Read(kUng, Day(2026, 2, 1), Day(2026, 2, 28));
  EXPECT_EQ(sending.active, (Cells{{kBoCell, 1}}));
  EXPECT_EQ(sending.moved_out, (Cells{{kBoCell, 1}}));
  EXPECT_THAT(sending.moved_in, IsEmpty());
  EXPECT_THAT(sending.ongoing_at_end, IsEmpty());
  EXPECT_THAT(sending.enrolled, IsEmpty());
  EXPECT_THAT(sending.closed, IsEmpty());

  const PeriodCounts receiving = Read(kVux, Day(2026, 2, 1), Day(2026, 2, 28));
  EXPECT_EQ(receiving.active, (Cells{{kBoCell, 1}}));
  EXPECT_EQ(receiving.moved_in, (Cells{{kBoCell, 1}}));
  EXPECT_THAT(receiving.moved_out, IsEmpty());
  EXPECT_EQ(receiving.ongoing_at_end, (Cells{{kBoCell, 1}}));
  EXPECT_THAT(receiving.enrolled, IsEmpty());  // Arrived, not new.

  const PeriodCounts forbund = Read(kForbund, Day(2026, 2, 1), Day(2026, 2, 28));
  EXPECT_EQ(forbund.active, (Cells{{kBoCell, 1}}));
  EXPECT_EQ(forbund.ongoing_at_end, (Cells{{kBoCell, 1}}));
  EXPECT_THAT(forbund.enrolled, IsEmpty());
  EXPECT_THAT(forbund.moved_in, IsEmpty());
  EXPECT_THAT(forbund.moved_out, IsEmpty());

  // On the handover's day the case is on both platforms.
  const PeriodCounts ung_15th = Read(kUng, Day(2026, 2, 15), Day(2026, 2, 15));
  EXPECT_EQ(ung_15th.active, (Cells{{kBoCell, 1}}));
  EXPECT_EQ(ung_15th.moved_out, (Cells{{kBoCell, 1}}));
  EXPECT_THAT(ung_15th.ongoing_at_end, IsEmpty());
  const PeriodCounts vux_15th = Read(kVux, Day(2026, 2, 15), Day(2026, 2, 15));
  EXPECT_EQ(vux_15th.active, (Cells{{kBoCell, 1}}));
  EXPECT_EQ(vux_15th.moved_in, (Cells{{kBoCell, 1}}));
  EXPECT_EQ(vux_15th.ongoing_at_end, (Cells{{kBoCell, 1}}));

  EXPECT_THAT(Read(kUng, Day(2026, 2, 16), Day(2026, 2, 28)).active, IsEmpty());
  EXPECT_THAT(Read(kVux, Day(2026, 2, 1), Day(2026, 2, 14)).active, IsEmpty());
  EXPECT_EQ(Read(kUng, Day(2026, 2, 1), Day(2026, 2, 14)).ongoing_at_end, (Cells{{kBoCell, 1}}));

  // The referral figures stay with the platform referred to.
  const PeriodCounts ung_january = Read(kUng, Day(2026, 1, 1), Day(2026, 1, 31));
  EXPECT_EQ(ung_january.referrals_received, (Genders{{kMan, 1}}));
  EXPECT_EQ(ung_january.accepted, (Genders{{kMan, 1}}));
  EXPECT_EQ(ung_january.enrolled, (Cells{{kBoCell, 1}}));
  EXPECT_THAT(Read(kVux, Day(2026, 1, 1), Day(2026, 1, 31)).referrals_received, IsEmpty());

  // Closed on the receiving platform.
  Record("c1", Closed(Day(2026, 3, 10), v1::CLOSURE_OUTCOME_OTHER_MOVED));
  const Closures moved_away{{{v1::CLOSURE_OUTCOME_OTHER_MOVED, kMan}, 1}};
  EXPECT_EQ(Read(kVux, Day(2026, 3, 1), Day(2026, 3, 31)).closed, moved_away);
  EXPECT_EQ(Read(kForbund, Day(2026, 3, 1), Day(2026, 3, 31)).closed, moved_away);
  const PeriodCounts ung_march = Read(kUng, Day(2026, 3, 1), Day(2026, 3, 31));
  EXPECT_THAT(ung_march.closed, IsEmpty());
  EXPECT_THAT(ung_march.active, IsEmpty());
}

TEST_F(FlowLedgerTest, RejectedAndNonPlatformHandoversMoveNothing) {
  RegisterEveryone();
  RecordAll("c1",
            {Referral(Day(2026, 1, 5), "c1", "anna", kUng, 22, "af"), Accepted(Day(2026, 1, 10)),
             Proposed(Day(2026, 2, 10), "h1", v1::HANDOVER_KIND_PLATFORM, kVux),
             Rejected(Day(2026, 2, 12), "h1", "d1"),
             Proposed(Day(2026, 2, 14), "h2", v1::HANDOVER_KIND_CASE_OWNER, "fk"),
             HandoverAccepted(Day(2026, 2, 16), "h2"),
             Proposed(Day(2026, 2, 18), "h3", v1::HANDOVER_KIND_ORDINARY_SERVICES, "af"),
             HandoverAccepted(Day(2026, 2, 20), "h3")});

  const PeriodCounts ung = Read(kUng, Day(2026, 2, 1), Day(2026, 2, 28));
  EXPECT_EQ(ung.active, (Cells{{kAnnaCell, 1}}));
  EXPECT_EQ(ung.ongoing_at_end, (Cells{{kAnnaCell, 1}}));
  EXPECT_THAT(ung.moved_out, IsEmpty());
  EXPECT_THAT(ung.moved_in, IsEmpty());
  const PeriodCounts vux = Read(kVux, Day(2026, 2, 1), Day(2026, 2, 28));
  EXPECT_THAT(vux.active, IsEmpty());
  EXPECT_THAT(vux.moved_in, IsEmpty());
}

TEST_F(FlowLedgerTest, DeclinedAndDirectedReferralsCountOnlyAmongTheDecisions) {
  RegisterEveryone();
  RecordAll("c1",
            {Referral(Day(2026, 1, 5), "c1", "anna", kUng, 22, "af"), Declined(Day(2026, 1, 12))});
  RecordAll("c2", {Referral(Day(2026, 1, 6), "c2", "bo", kUng, 24, ""),
                   Directed(Day(2026, 1, 13), kVux, "c3")});
  v1::CaseEvent directed_here = Referral(Day(2026, 1, 13), "c3", "bo", kVux, 24, "");
  directed_here.mutable_referral_submitted()->set_directed_from_case_id("c2");
  Record("c3", directed_here);
  // Referred in January, declined in February.
  RecordAll("c4",
            {Referral(Day(2026, 1, 30), "c4", "cleo", kUng, 45, "af"), Declined(Day(2026, 2, 2))});

  const PeriodCounts ung = Read(kUng, Day(2026, 1, 1), Day(2026, 1, 31));
  EXPECT_EQ(ung.referrals_received, (Genders{{kWoman, 1}, {kMan, 1}, {kOther, 1}}));
  EXPECT_EQ(ung.declined, (Genders{{kWoman, 1}}));
  EXPECT_EQ(ung.directed, (Genders{{kMan, 1}}));
  EXPECT_THAT(ung.accepted, IsEmpty());
  EXPECT_THAT(ung.active, IsEmpty());
  EXPECT_THAT(ung.enrolled, IsEmpty());
  EXPECT_THAT(ung.ongoing_at_end, IsEmpty());

  const PeriodCounts vux = Read(kVux, Day(2026, 1, 1), Day(2026, 1, 31));
  EXPECT_EQ(vux.referrals_received, (Genders{{kMan, 1}}));
  EXPECT_THAT(vux.directed, IsEmpty());
  EXPECT_THAT(vux.active, IsEmpty());

  const PeriodCounts forbund = Read(kForbund, Day(2026, 1, 1), Day(2026, 1, 31));
  EXPECT_EQ(forbund.referrals_received, (Genders{{kWoman, 1}, {kMan, 2}, {kOther, 1}}));
  EXPECT_EQ(forbund.declined, (Genders{{kWoman, 1}}));
  EXPECT_EQ(forbund.directed, (Genders{{kMan, 1}}));
  EXPECT_THAT(forbund.active, IsEmpty());

  const PeriodCounts february = Read(kUng, Day(2026, 2, 1), Day(2026, 2, 28));
  EXPECT_THAT(february.referrals_received, IsEmpty());
  EXPECT_EQ(february.declined, (Genders{{kOther, 1}}));
  EXPECT_THAT(february.active, IsEmpty());
}

TEST_F(FlowLedgerTest, AnAnonymousParticipantCountsWithItsGender) {
  Register("anon", kMan, "2480", /*anonymous=*/true);
  RecordAll("c1",
            {Referral(Day(2026, 4, 1), "c1", "anon", kUng, 35, "af"), Accepted(Day(2026, 4, 2))});
  const StayCell anonymous = Cell(kMan, "30-39", "2480", "af");

  const PeriodCounts april = Read(kUng, Day(2026, 4, 1), Day(2026, 4, 30));
  EXPECT_EQ(april.active, (Cells{{anonymous, 1}}));
  EXPECT_EQ(april.enrolled, (Cells{{anonymous, 1}}));
  EXPECT_EQ(april.referrals_received, (Genders{{kMan, 1}}));
  EXPECT_EQ(april.accepted, (Genders{{kMan, 1}}));
}

TEST_F(FlowLedgerTest, ActiveIsOngoingPlusClosedPlusMovedOutInEveryCell) {
  RecordMixedMarch();
  // In March, on the youth platform: Anna's first case closed on the 10th
  // and her second enrolled on the 15th (two stays in her cell), Bo moved to
  // the adult platform on the 3rd, Cleo enrolled on the 8th; the anonymous
  // participant's case ended in February.
  const PeriodCounts ung = Read(kUng, Day(2026, 3, 1), Day(2026, 3, 31));
  EXPECT_EQ(ung.active, (Cells{{kAnnaCell, 2}, {kBoCell, 1}, {kCleoCell, 1}}));
  EXPECT_EQ(ung.enrolled, (Cells{{kAnnaCell, 1}, {kCleoCell, 1}}));
  EXPECT_EQ(ung.ongoing_at_end, (Cells{{kAnnaCell, 1}, {kCleoCell, 1}}));
  EXPECT_EQ(ung.closed_by_cell, (Cells{{kAnnaCell, 1}}));
  EXPECT_EQ(ung.closed, (Closures{{{v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED, kWoman}, 1}}));
  EXPECT_EQ(ung.moved_out, (Cells{{kBoCell, 1}}));
  EXPECT_THAT(ung.moved_in, IsEmpty());

  const PeriodCounts vux = Read(kVux, Day(2026, 3, 1), Day(2026, 3, 31));
  EXPECT_EQ(vux.active, (Cells{{kBoCell, 1}}));
  EXPECT_EQ(vux.ongoing_at_end, (Cells{{kBoCell, 1}}));
  EXPECT_EQ(vux.moved_in, (Cells{{kBoCell, 1}}));

  const PeriodCounts forbund = Read(kForbund, Day(2026, 3, 1), Day(2026, 3, 31));
  EXPECT_EQ(forbund.active, (Cells{{kAnnaCell, 2}, {kBoCell, 1}, {kCleoCell, 1}}));
  EXPECT_EQ(forbund.enrolled, (Cells{{kAnnaCell, 1}, {kCleoCell, 1}}));
  EXPECT_EQ(forbund.ongoing_at_end, (Cells{{kAnnaCell, 1}, {kBoCell, 1}, {kCleoCell, 1}}));
  EXPECT_EQ(forbund.closed_by_cell, (Cells{{kAnnaCell, 1}}));
  EXPECT_THAT(forbund.moved_out, IsEmpty());

  // January to March on the youth platform: the anonymous participant's
  // case (16-19, referred by socialtjänsten) was enrolled and closed too.
  const StayCell anonymous = Cell(kMan, "16-19", "2480", "soc");
  const PeriodCounts quarter = Read(kUng, Day(2026, 1, 1), Day(2026, 3, 31));
  EXPECT_EQ(quarter.active, (Cells{{kAnnaCell, 2}, {kBoCell, 1}, {kCleoCell, 1}, {anonymous, 1}}));
  EXPECT_EQ(quarter.closed_by_cell, (Cells{{kAnnaCell, 1}, {anonymous, 1}}));
  EXPECT_EQ(quarter.closed, (Closures{{{v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED, kWoman}, 1},
                                      {{v1::CLOSURE_OUTCOME_OTHER_NO_CONTACT, kMan}, 1}}));
  // Read() checks the identity on every report; a few more periods.
  for (const auto& [first, last] : std::vector<std::pair<absl::CivilDay, absl::CivilDay>>{
           {Day(2026, 2, 1), Day(2026, 2, 28)},
           {Day(2026, 3, 3), Day(2026, 3, 3)},
           {Day(2026, 3, 10), Day(2026, 3, 12)},
           {Day(2025, 1, 1), Day(2026, 12, 31)}}) {
    for (absl::string_view scope : {kUng, kVux, kForbund}) Read(scope, first, last);
  }
}

// --- Time travel ---------------------------------------------------------------

TEST_F(FlowLedgerTest, AsOfAPositionALateClosureWithAnEarlierDateDoesNotCount) {
  const uint64_t registered = Register("anna", kWoman, "2480");
  Register("bo", kMan, "2481");
  const uint64_t referred = Record("c1", Referral(Day(2026, 1, 10), "c1", "anna", kUng, 22, "af"));
  Record("c1", Accepted(Day(2026, 1, 20)));
  RecordAll("c2", {Referral(Day(2026, 1, 11), "c2", "bo", kUng, 24, ""), Accepted(Day(2026, 1, 21)),
                   Note(Day(2026, 3, 5))});
  const uint64_t before_closure = Last();
  // Recorded after a step dated in March, dated in February.
  const uint64_t closure =
      Record("c1", Closed(Day(2026, 2, 20), v1::CLOSURE_OUTCOME_NEED_ADAPTED_CARE));
  ASSERT_EQ(closure, before_closure + 1);

  const PeriodCounts now = Read(kUng, Day(2026, 2, 1), Day(2026, 2, 28));
  EXPECT_EQ(now.log_position, closure);
  EXPECT_EQ(now.active, (Cells{{kAnnaCell, 1}, {kBoCell, 1}}));
  EXPECT_EQ(now.ongoing_at_end, (Cells{{kBoCell, 1}}));
  EXPECT_EQ(now.closed, (Closures{{{v1::CLOSURE_OUTCOME_NEED_ADAPTED_CARE, kWoman}, 1}}));

  const PeriodCounts then = Read(kUng, Day(2026, 2, 1), Day(2026, 2, 28), before_closure);
  EXPECT_EQ(then.log_position, before_closure);
  EXPECT_EQ(then.active, (Cells{{kAnnaCell, 1}, {kBoCell, 1}}));
  EXPECT_EQ(then.ongoing_at_end, (Cells{{kAnnaCell, 1}, {kBoCell, 1}}));
  EXPECT_THAT(then.closed, IsEmpty());
  EXPECT_THAT(then.closed_by_cell, IsEmpty());

  // Asking as of the current position is asking now.
  ExpectSameCounts(Read(kUng, Day(2026, 2, 1), Day(2026, 2, 28), closure), now);

  // Only Anna's referral had been recorded.
  const PeriodCounts early = Read(kForbund, Day(2026, 1, 1), Day(2026, 1, 31), referred);
  EXPECT_EQ(early.referrals_received, (Genders{{kWoman, 1}}));
  EXPECT_THAT(early.accepted, IsEmpty());
  EXPECT_THAT(early.active, IsEmpty());

  const PeriodCounts nothing_yet = Read(kForbund, Day(2026, 1, 1), Day(2026, 1, 31), registered);
  EXPECT_EQ(nothing_yet.log_position, registered);
  EXPECT_THAT(nothing_yet.referrals_received, IsEmpty());

  // Pages of one counter at a time give the same answers.
  ExpectSameCounts(Read(kUng, Day(2026, 2, 1), Day(2026, 2, 28), before_closure, std::nullopt, 1),
                   then);
  ExpectSameCounts(Read(kUng, Day(2026, 2, 1), Day(2026, 2, 28), std::nullopt, std::nullopt, 1),
                   now);
}

TEST_F(FlowLedgerTest, AsOfARecordedDayCutsAtSwedishMidnight) {
  SetNow(absl::FromCivil(absl::CivilSecond(2026, 3, 2, 9, 0, 0), absl::UTCTimeZone()));
  Register("anna", kWoman, "2480");
  Record("c1", Referral(Day(2026, 3, 2), "c1", "anna", kUng, 22, "af"));
  const uint64_t accepted = Record("c1", Accepted(Day(2026, 3, 2)));
  // 23:30 UTC on 3 March is 00:30 on 4 March in Stockholm (CET, UTC+1).
  SetNow(absl::FromCivil(absl::CivilSecond(2026, 3, 3, 23, 30, 0), absl::UTCTimeZone()));
  const uint64_t closed = Record("c1", Closed(Day(2026, 3, 3), v1::CLOSURE_OUTCOME_STUDIES));

  auto as_of_end_of = [&](absl::CivilDay day) {
    return Read(kUng, Day(2026, 3, 1), Day(2026, 3, 31), std::nullopt, day);
  };
  const PeriodCounts before_anything = as_of_end_of(Day(2026, 3, 1));
  EXPECT_EQ(before_anything.log_position, 0u);
  EXPECT_THAT(before_anything.referrals_received, IsEmpty());
  EXPECT_THAT(before_anything.active, IsEmpty());

  for (absl::CivilDay day : {Day(2026, 3, 2), Day(2026, 3, 3)}) {
    SCOPED_TRACE(absl::FormatCivilTime(day));
    const PeriodCounts open = as_of_end_of(day);
    EXPECT_EQ(open.log_position, accepted);
    EXPECT_EQ(open.active, (Cells{{kAnnaCell, 1}}));
    EXPECT_EQ(open.ongoing_at_end, (Cells{{kAnnaCell, 1}}));
    EXPECT_THAT(open.closed, IsEmpty());
  }
  for (absl::CivilDay day : {Day(2026, 3, 4), Day(2026, 12, 31)}) {
    SCOPED_TRACE(absl::FormatCivilTime(day));
    const PeriodCounts done = as_of_end_of(day);
    EXPECT_EQ(done.log_position, closed);
    EXPECT_THAT(done.ongoing_at_end, IsEmpty());
    EXPECT_EQ(done.closed, (Closures{{{v1::CLOSURE_OUTCOME_STUDIES, kWoman}, 1}}));
  }
}

TEST_F(FlowLedgerTest, AppendsRacingAReadAreNeverHalfCounted) {
  RegisterEveryone();
  const uint64_t base = Last();
  // A writer enrols and closes cases while reports are read, in small pages
  // to widen the window. Its k-th event (from 0) is at base + 1 + k: case
  // k / 3's referral, acceptance or closure, all dated within the period.
  std::atomic<bool> written{false};
  std::thread writer([this, &written] {
    for (int i = 0; i < 40; ++i) {
      const std::string case_id = absl::StrCat("r", i);
      const std::string participant = i % 2 == 0 ? "anna" : "bo";
      const absl::string_view platform = i % 3 == 0 ? kVux : kUng;
      // One open case per participant and platform: close before the next.
      Record(case_id, Referral(Day(2026, 1, 1) + i, case_id, participant, platform, 22, "af"));
      Record(case_id, Accepted(Day(2026, 1, 2) + i));
      Record(case_id, Closed(Day(2026, 1, 3) + i, v1::CLOSURE_OUTCOME_STUDIES));
    }
    written.store(true);
  });
  std::vector<PeriodCounts> seen;
  while (!written.load() && seen.size() < 5000) {
    seen.push_back(
        Read(kForbund, Day(2026, 1, 1), Day(2026, 2, 28), std::nullopt, std::nullopt, 2));
  }
  writer.join();
  auto total = [](const auto& cells) {
    int64_t sum = 0;
    for (const auto& [cell, count] : cells) sum += count;
    return sum;
  };
  for (const PeriodCounts& report : seen) {
    SCOPED_TRACE(absl::StrCat("cut at ", report.log_position));
    ASSERT_GE(report.log_position, base);
    // n writer events counted: ceil(n/3) referred, floor((n+1)/3) enrolled,
    // floor(n/3) closed.
    const auto n = static_cast<int64_t>(report.log_position - base);
    EXPECT_EQ(total(report.referrals_received), (n + 2) / 3);
    EXPECT_EQ(total(report.active), (n + 1) / 3);
    EXPECT_EQ(total(report.enrolled), (n + 1) / 3);
    EXPECT_EQ(total(report.closed), n / 3);
    EXPECT_EQ(total(report.ongoing_at_end), (n + 1) / 3 - n / 3);
    ExpectSameCounts(Read(kForbund, Day(2026, 1, 1), Day(2026, 2, 28), report.log_position),
                     report);
  }
  const PeriodCounts all = Read(kForbund, Day(2026, 1, 1), Day(2026, 2, 28));
  EXPECT_EQ(all.log_position, base + 120);
  EXPECT_EQ(total(all.active), 40);
  EXPECT_THAT(all.ongoing_at_end, IsEmpty());
}

// --- Rebuild -------------------------------------------------------------------------

TEST_F(FlowLedgerTest, ARebuildFromTheLogWritesTheSameKeys) {
  RecordMixedMarch();
  RecordAll("c6",
            {Referral(Day(2026, 4, 1), "c6", "cleo", kVux, 50, "fk"), Declined(Day(2026, 4, 3))});
  SetNow(absl::FromCivil(absl::CivilSecond(2026, 6, 2, 9, 0, 0), absl::UTCTimeZone()));
  Record("c5", Closed(Day(2026, 3, 20), v1::CLOSURE_OUTCOME_OTHER_DECLINED));
  RecordFlaggedAndStudying();

  const std::map<std::string, std::string> rebuilt = Rebuilt(std::make_shared<PlainFlagOpener>());
  const std::map<std::string, std::string> stored = LedgerEntries();
  EXPECT_GT(stored.size(), 60u);
  EXPECT_TRUE(stored == rebuilt) << stored.size() << " keys stored, " << rebuilt.size()
                                 << " rebuilt";
}

// --- Malformed events and bad queries --------------------------------------------------

storage::RecordedEvent RawEvent(uint64_t position, const std::string& stream,
                                absl::string_view type, const std::string& data) {
  storage::RecordedEvent event;
  event.position = position;
  event.stream = stream;
  event.version = 1;
  event.type = std::string(type);
  event.data = data;
  event.recorded_at = absl::FromCivil(absl::CivilSecond(2026, 1, 1, 12, 0, 0), absl::UTCTimeZone());
  return event;
}

TEST(FlowLedgerProjectionTest, RefusesEventsItCannotCount) {
  FlowLedgerProjection projection(std::make_shared<PlainFlagOpener>());
  MapBatch batch;
  const std::string referral =
      Referral(Day(2026, 1, 5), "c1", "anna", kUng, 22, "af").SerializeAsString();
  const auto refused = [](absl::string_view why) {
    return StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(why));
  };
  EXPECT_THAT(
      projection.Apply(RawEvent(1, "case-c1", caseindex::kCaseEventType, "\xff\xff"), batch),
      refused("not a torg.v1.CaseEvent"));
  EXPECT_THAT(projection.Apply(RawEvent(1, "c1", caseindex::kCaseEventType, referral), batch),
              refused("case-<id> stream"));
  EXPECT_THAT(projection.Apply(RawEvent(1, "case-c1", caseindex::kCaseEventType,
                                        Accepted(Day(2026, 1, 6)).SerializeAsString()),
                               batch),
              refused("first event of a case must be its referral"));
  EXPECT_THAT(projection.Apply(RawEvent(1, "case-c2", caseindex::kCaseEventType, referral), batch),
              refused("not the stream's case"));
  v1::CaseEvent undated = Accepted(Day(2026, 1, 6));
  undated.clear_effective_date();
  EXPECT_THAT(
      projection.Apply(
          RawEvent(1, "case-c1", caseindex::kCaseEventType, undated.SerializeAsString()), batch),
      refused("no valid effective date"));
  EXPECT_THAT(
      projection.Apply(RawEvent(1, "participant-bo", caseindex::kParticipantEventType,
                                Registration("anna", kWoman, "2480", false).SerializeAsString()),
                       batch),
      refused("participant-<id> stream"));
  ASSERT_OK(projection.Apply(RawEvent(1, "case-c1", caseindex::kCaseEventType, referral), batch));
  EXPECT_THAT(projection.Apply(RawEvent(2, "case-c1", caseindex::kCaseEventType, referral), batch),
              refused("already has its referral"));

  // Other types are not counted; only the recorded day is indexed.
  MapBatch other;
  ASSERT_OK(projection.Apply(RawEvent(7, "anything", "torg.v1.Other", "\xff"), other));
  ASSERT_EQ(other.entries().size(), 1u);
  EXPECT_EQ(other.entries().begin()->first, keys::RecordedDayKey(Day(2026, 1, 1)));
}

TEST_F(FlowLedgerTest, BadQueriesAreRefusedWithAClearMessage) {
  RegisterEveryone();
  const uint64_t last = Last();
  auto query = [](absl::CivilDay first, absl::CivilDay last_day) {
    PeriodQuery q;
    q.first_day = first;
    q.last_day = last_day;
    return q;
  };
  const auto invalid = [](absl::string_view what) {
    return StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(what));
  };

  EXPECT_THAT(ReadPeriodCounts(*store_, query(Day(2026, 2, 1), Day(2026, 1, 31))),
              invalid("last day 2026-01-31 is before its first day 2026-02-01"));
  EXPECT_THAT(ReadPeriodCounts(*store_, query(Day(2016, 1, 1), Day(2026, 1, 1))),
              invalid("longer than ten years"));
  EXPECT_THAT(ReadPeriodCounts(*store_, query(Day(2016, 1, 1), Day(2025, 12, 31))), IsOk());
  EXPECT_THAT(ReadPeriodCounts(*store_, query(Day(9999, 1, 1), Day(10000, 1, 1))),
              invalid("four-digit years"));

  PeriodQuery both = query(Day(2026, 1, 1), Day(2026, 1, 31));
  both.as_of_position = 1;
  both.as_of_recorded_day = Day(2026, 1, 31);
  EXPECT_THAT(ReadPeriodCounts(*store_, both), invalid("at most one of"));

  PeriodQuery zero = query(Day(2026, 1, 1), Day(2026, 1, 31));
  zero.as_of_position = 0;
  EXPECT_THAT(ReadPeriodCounts(*store_, zero), invalid("as_of_position must be at least 1"));

  PeriodQuery future = query(Day(2026, 1, 1), Day(2026, 1, 31));
  future.as_of_position = last + 1;
  EXPECT_THAT(ReadPeriodCounts(*store_, future),
              invalid(absl::StrCat("as_of_position ", last + 1,
                                   " is past the end of the log (position ", last, ")")));
  future.as_of_position = last;
  EXPECT_THAT(ReadPeriodCounts(*store_, future), IsOk());
}

TEST_F(FlowLedgerTest, AnUnknownPlatformHasZeros) {
  RecordMixedMarch();
  const PeriodCounts unknown = Read("nowhere", Day(2026, 1, 1), Day(2026, 12, 31));
  EXPECT_THAT(unknown.active, IsEmpty());
  EXPECT_THAT(unknown.referrals_received, IsEmpty());
  EXPECT_EQ(unknown.log_position, Last());
}

// --- Flagged stays and study activities ----------------------------------------------

using Flagged = std::map<std::pair<v1::CaseFlag, v1::Gender>, int64_t>;
constexpr v1::CaseFlag kViolence = v1::CASE_FLAG_VIOLENCE_IN_CLOSE_RELATIONSHIP;
constexpr v1::CaseFlag kRiskUse = v1::CASE_FLAG_RISK_USE_OR_ABUSE;

v1::CaseEvent FlaggedReferral(absl::CivilDay day, const std::string& case_id,
                              const std::string& participant_id, absl::string_view platform_id,
                              const std::vector<v1::CaseFlag>& flags) {
  v1::CaseEvent event = Referral(day, case_id, participant_id, platform_id, 22, "af");
  event.mutable_referral_submitted()->set_sealed_details(PlainSealedFlags(
      absl::c_linear_search(flags, kViolence), absl::c_linear_search(flags, kRiskUse)));
  return event;
}

// The case carries exactly `flags` from `day`: the others are withdrawn.
v1::CaseEvent FlagsSet(absl::CivilDay day, const std::vector<v1::CaseFlag>& flags) {
  v1::CaseEvent event = LedgerStep(day);
  event.mutable_case_flags_set()->set_sealed_flags(PlainSealedFlags(
      absl::c_linear_search(flags, kViolence), absl::c_linear_search(flags, kRiskUse)));
  return event;
}

// `end` nullopt: open-ended.
v1::CaseEvent ActivityAdded(absl::CivilDay day, const std::string& commitment_id,
                            absl::CivilDay start, std::optional<absl::CivilDay> end,
                            v1::ActivityKind kind = v1::ACTIVITY_KIND_STUDIES) {
  v1::CaseEvent event = LedgerStep(day);
  v1::CommitmentAdded* added = event.mutable_commitment_added();
  added->set_commitment_id(commitment_id);
  added->set_kind(kind);
  added->set_party_id("af");
  *added->mutable_start_date() = casefile::ToProtoDate(start);
  if (end.has_value()) *added->mutable_end_date() = casefile::ToProtoDate(*end);
  return event;
}

v1::CaseEvent ActivityCompleted(absl::CivilDay day, const std::string& commitment_id) {
  v1::CaseEvent event = LedgerStep(day);
  event.mutable_commitment_completed()->set_commitment_id(commitment_id);
  return event;
}

v1::CaseEvent ActivityCancelled(absl::CivilDay day, const std::string& commitment_id) {
  v1::CaseEvent event = LedgerStep(day);
  event.mutable_commitment_cancelled()->set_commitment_id(commitment_id);
  return event;
}

v1::CaseEvent DeviationResolved(absl::CivilDay day, const std::string& deviation_id) {
  v1::CaseEvent event = LedgerStep(day);
  event.mutable_deviation_resolved()->set_deviation_id(deviation_id);
  event.mutable_deviation_resolved()->set_sealed_resolution("sealed");
  return event;
}

void FlowLedgerTest::RecordFlaggedAndStudying() {
  Register("anna", kWoman, "2480");
  Register("bo", kMan, "2481");
  // Anna: flagged for violence at referral, for risk use too from 1 March;
  // studies 5 March to 15 April; a rejected handover leaves a deviation
  // open; closed on 30 April.
  RecordAll("a1", {FlaggedReferral(Day(2026, 1, 10), "a1", "anna", kUng, {kViolence}),
                   Accepted(Day(2026, 1, 20)),
                   Proposed(Day(2026, 2, 1), "h1", v1::HANDOVER_KIND_PLATFORM, kVux),
                   Rejected(Day(2026, 2, 3), "h1", "d-anna"),
                   FlagsSet(Day(2026, 3, 1), {kViolence, kRiskUse}),
                   ActivityAdded(Day(2026, 3, 2), "k1", Day(2026, 3, 5), Day(2026, 4, 15)),
                   Closed(Day(2026, 4, 30), v1::CLOSURE_OUTCOME_STUDIES)});
  // Bo: flagged for violence at referral; open-ended studies from 10
  // February, cancelled on 10 March.
  RecordAll("b1", {FlaggedReferral(Day(2026, 1, 12), "b1", "bo", kUng, {kViolence}),
                   Accepted(Day(2026, 1, 22)),
                   ActivityAdded(Day(2026, 2, 1), "k1", Day(2026, 2, 10), std::nullopt),
                   ActivityCancelled(Day(2026, 3, 10), "k1")});
}

TEST_F(FlowLedgerTest, AFlaggedParticipantIsCountedByGenderInEveryScope) {
  RegisterEveryone();
  RecordAll("c1", {FlaggedReferral(Day(2026, 1, 10), "c1", "anna", kUng, {kViolence}),
                   Accepted(Day(2026, 1, 20))});
  RecordAll("c2", {FlaggedReferral(Day(2026, 1, 11), "c2", "bo", kUng, {kViolence, kRiskUse}),
                   Accepted(Day(2026, 1, 21))});
  RecordAll("c3",
            {Referral(Day(2026, 1, 12), "c3", "cleo", kUng, 45, "af"), Accepted(Day(2026, 1, 22))});
  // Flagged but declined: never enrolled, never active, never flagged.
  RecordAll("c4", {FlaggedReferral(Day(2026, 1, 13), "c4", "cleo", kVux, {kRiskUse}),
                   Declined(Day(2026, 1, 23))});

  // By hand: Anna (woman) violence; Bo (man) both; Cleo nothing.
  const Flagged expected = {
      {{kViolence, kWoman}, 1}, {{kViolence, kMan}, 1}, {{kRiskUse, kMan}, 1}};
  for (absl::string_view scope : {kUng, kForbund}) {
    SCOPED_TRACE(absl::StrCat("scope '", scope, "'"));
    EXPECT_EQ(Read(scope, Day(2026, 1, 1), Day(2026, 1, 31)).flagged, expected);
    EXPECT_EQ(Read(scope, Day(2026, 3, 1), Day(2026, 3, 31)).flagged, expected);
    // Referred but not yet enrolled: not active, so not flagged.
    EXPECT_THAT(Read(scope, Day(2026, 1, 1), Day(2026, 1, 15)).flagged, IsEmpty());
  }
  EXPECT_THAT(Read(kVux, Day(2026, 1, 1), Day(2026, 12, 31)).flagged, IsEmpty());
}

TEST_F(FlowLedgerTest, AFlagOnACaseNotActiveInThePeriodIsNotCounted) {
  RegisterEveryone();
  // Closed on 20 February: active in February, not in March.
  RecordAll("c1", {FlaggedReferral(Day(2026, 1, 10), "c1", "anna", kUng, {kViolence}),
                   Accepted(Day(2026, 1, 20)),
                   Closed(Day(2026, 2, 20), v1::CLOSURE_OUTCOME_OTHER_MOVED)});
  // Referred in March, enrolled on 2 April: active from April only.
  RecordAll("c2", {FlaggedReferral(Day(2026, 3, 25), "c2", "bo", kUng, {kRiskUse}),
                   Accepted(Day(2026, 4, 2))});

  for (absl::string_view scope : {kUng, kForbund}) {
    SCOPED_TRACE(absl::StrCat("scope '", scope, "'"));
    EXPECT_EQ(Read(scope, Day(2026, 2, 1), Day(2026, 2, 28)).flagged,
              (Flagged{{{kViolence, kWoman}, 1}}));
    EXPECT_THAT(Read(scope, Day(2026, 3, 1), Day(2026, 3, 31)).flagged, IsEmpty());
    EXPECT_EQ(Read(scope, Day(2026, 4, 1), Day(2026, 4, 30)).flagged,
              (Flagged{{{kRiskUse, kMan}, 1}}));
    // The closure day is still a day of the stay.
    EXPECT_EQ(Read(scope, Day(2026, 2, 20), Day(2026, 3, 31)).flagged,
              (Flagged{{{kViolence, kWoman}, 1}}));
  }
}

TEST_F(FlowLedgerTest, AFlagFoundInTheAssessmentCountsFromItsDateOnTheStayThen) {
  RegisterEveryone();
  // Anna: on the youth platform from 20 January, flagged on 10 March, moved
  // to the adult platform on 1 April.
  RecordAll("c1", {Referral(Day(2026, 1, 10), "c1", "anna", kUng, 22, "af"),
                   Accepted(Day(2026, 1, 20)), FlagsSet(Day(2026, 3, 10), {kViolence}),
                   Proposed(Day(2026, 3, 20), "h1", v1::HANDOVER_KIND_PLATFORM, kVux),
                   HandoverAccepted(Day(2026, 4, 1), "h1")});
  // Bo: moved to the adult platform on 1 February, flagged there on 10
  // March (twice: the second changes nothing).
  RecordAll("c2", {Referral(Day(2026, 1, 10), "c2", "bo", kUng, 24, ""), Accepted(Day(2026, 1, 20)),
                   Proposed(Day(2026, 1, 25), "h2", v1::HANDOVER_KIND_PLATFORM, kVux),
                   HandoverAccepted(Day(2026, 2, 1), "h2"), FlagsSet(Day(2026, 3, 10), {kRiskUse}),
                   FlagsSet(Day(2026, 3, 12), {kRiskUse})});

  const Flagged anna = {{{kViolence, kWoman}, 1}};
  const Flagged bo = {{{kRiskUse, kMan}, 1}};
  Flagged both = anna;
  both.insert(bo.begin(), bo.end());
  // February: nobody flagged yet.
  EXPECT_THAT(Read(kForbund, Day(2026, 2, 1), Day(2026, 2, 28)).flagged, IsEmpty());
  EXPECT_THAT(Read(kUng, Day(2026, 2, 1), Day(2026, 2, 28)).flagged, IsEmpty());
  // Up to 9 March: not yet; from 10 March: flagged.
  EXPECT_THAT(Read(kForbund, Day(2026, 3, 1), Day(2026, 3, 9)).flagged, IsEmpty());
  EXPECT_EQ(Read(kForbund, Day(2026, 3, 1), Day(2026, 3, 31)).flagged, both);
  EXPECT_EQ(Read(kUng, Day(2026, 3, 1), Day(2026, 3, 31)).flagged, anna);
  EXPECT_EQ(Read(kVux, Day(2026, 3, 1), Day(2026, 3, 31)).flagged, bo);
  // Bo's youth stay ended on 1 February, before his flag: in a period that
  // covers both, the youth platform still does not count him.
  EXPECT_EQ(Read(kUng, Day(2026, 1, 1), Day(2026, 6, 30)).flagged, anna);
  // April: Anna's youth stay's last day is 1 April, flagged; and she is
  // flagged on the adult platform from that day.
  EXPECT_EQ(Read(kUng, Day(2026, 4, 1), Day(2026, 4, 30)).flagged, anna);
  EXPECT_THAT(Read(kUng, Day(2026, 4, 2), Day(2026, 4, 30)).flagged, IsEmpty());
  EXPECT_EQ(Read(kVux, Day(2026, 4, 1), Day(2026, 4, 30)).flagged, both);
  EXPECT_EQ(Read(kForbund, Day(2026, 4, 1), Day(2026, 4, 30)).flagged, both);
}

TEST_F(FlowLedgerTest, AStudyActivitySpanningThePeriodBoundaryCountsInBothPeriods) {
  RegisterEveryone();
  // Anna studies 15 March to 20 April.
  RecordAll("c1",
            {Referral(Day(2026, 1, 10), "c1", "anna", kUng, 22, "af"), Accepted(Day(2026, 1, 20)),
             ActivityAdded(Day(2026, 3, 1), "k1", Day(2026, 3, 15), Day(2026, 4, 20))});
  // Bo works (work training) across the same months: not studies.
  RecordAll("c2", {Referral(Day(2026, 1, 10), "c2", "bo", kUng, 24, ""), Accepted(Day(2026, 1, 20)),
                   ActivityAdded(Day(2026, 3, 1), "k1", Day(2026, 3, 1), std::nullopt,
                                 v1::ACTIVITY_KIND_WORK_TRAINING)});

  for (absl::string_view scope : {kUng, kForbund}) {
    SCOPED_TRACE(absl::StrCat("scope '", scope, "'"));
    EXPECT_EQ(Read(scope, Day(2026, 3, 1), Day(2026, 3, 31)).with_study_activity,
              (Genders{{kWoman, 1}}));
    EXPECT_EQ(Read(scope, Day(2026, 4, 1), Day(2026, 4, 30)).with_study_activity,
              (Genders{{kWoman, 1}}));
    EXPECT_EQ(Read(scope, Day(2026, 1, 1), Day(2026, 6, 30)).with_study_activity,
              (Genders{{kWoman, 1}}));
    EXPECT_THAT(Read(scope, Day(2026, 2, 1), Day(2026, 3, 14)).with_study_activity, IsEmpty());
    EXPECT_THAT(Read(scope, Day(2026, 4, 21), Day(2026, 5, 31)).with_study_activity, IsEmpty());
  }
}

TEST_F(FlowLedgerTest, AStudyActivityThatEndedBeforeThePeriodIsNotCounted) {
  RegisterEveryone();
  // Anna: studies planned 1–20 February.
  RecordAll("c1",
            {Referral(Day(2026, 1, 10), "c1", "anna", kUng, 22, "af"), Accepted(Day(2026, 1, 20)),
             ActivityAdded(Day(2026, 1, 25), "k1", Day(2026, 2, 1), Day(2026, 2, 20))});
  // Bo: open-ended studies from 20 January, completed on 10 February.
  RecordAll("c2", {Referral(Day(2026, 1, 10), "c2", "bo", kUng, 24, ""), Accepted(Day(2026, 1, 20)),
                   ActivityAdded(Day(2026, 1, 20), "k1", Day(2026, 1, 20), std::nullopt),
                   ActivityCompleted(Day(2026, 2, 10), "k1")});
  // Cleo: studies planned for April to June, cancelled on 20 March: never ran.
  RecordAll("c3",
            {Referral(Day(2026, 1, 10), "c3", "cleo", kUng, 45, "af"), Accepted(Day(2026, 1, 20)),
             ActivityAdded(Day(2026, 3, 1), "k1", Day(2026, 4, 1), Day(2026, 6, 30)),
             ActivityCancelled(Day(2026, 3, 20), "k1")});

  for (absl::string_view scope : {kUng, kForbund}) {
    SCOPED_TRACE(absl::StrCat("scope '", scope, "'"));
    EXPECT_EQ(Read(scope, Day(2026, 2, 1), Day(2026, 2, 28)).with_study_activity,
              (Genders{{kWoman, 1}, {kMan, 1}}));
    EXPECT_EQ(Read(scope, Day(2026, 2, 11), Day(2026, 2, 28)).with_study_activity,
              (Genders{{kWoman, 1}}));
    EXPECT_THAT(Read(scope, Day(2026, 3, 1), Day(2026, 3, 31)).with_study_activity, IsEmpty());
    EXPECT_THAT(Read(scope, Day(2026, 4, 1), Day(2026, 6, 30)).with_study_activity, IsEmpty());
  }
}

TEST_F(FlowLedgerTest, AStayWithSeveralStudyActivitiesCountsOnce) {
  RegisterEveryone();
  // Anna: studies 1–20 February and 5–25 March (a gap of 21 February to 4
  // March), and an overlapping course 10–15 March.
  RecordAll("c1",
            {Referral(Day(2026, 1, 10), "c1", "anna", kUng, 22, "af"), Accepted(Day(2026, 1, 20)),
             ActivityAdded(Day(2026, 1, 25), "k1", Day(2026, 2, 1), Day(2026, 2, 20)),
             ActivityAdded(Day(2026, 1, 25), "k2", Day(2026, 3, 5), Day(2026, 3, 25)),
             ActivityAdded(Day(2026, 1, 25), "k3", Day(2026, 3, 10), Day(2026, 3, 15))});

  for (absl::string_view scope : {kUng, kForbund}) {
    SCOPED_TRACE(absl::StrCat("scope '", scope, "'"));
    const Genders anna = {{kWoman, 1}};
    EXPECT_EQ(Read(scope, Day(2026, 1, 1), Day(2026, 12, 31)).with_study_activity, anna);
    EXPECT_EQ(Read(scope, Day(2026, 2, 15), Day(2026, 3, 12)).with_study_activity, anna);
    EXPECT_EQ(Read(scope, Day(2026, 2, 20), Day(2026, 3, 4)).with_study_activity, anna);
    EXPECT_THAT(Read(scope, Day(2026, 2, 21), Day(2026, 3, 4)).with_study_activity, IsEmpty());
    EXPECT_EQ(Read(scope, Day(2026, 2, 21), Day(2026, 3, 5)).with_study_activity, anna);
    // Both runs meet the period on its first and last day.
    EXPECT_EQ(Read(scope, Day(2026, 2, 20), Day(2026, 3, 5)).with_study_activity, anna);
  }
}

TEST_F(FlowLedgerTest, AStudyActivityCountsOnThePlatformOfTheStayItFellIn) {
  RegisterEveryone();
  // Bo studies 10 January to 28 February, moves on 1 February.
  RecordAll("c1", {Referral(Day(2026, 1, 5), "c1", "bo", kUng, 24, ""), Accepted(Day(2026, 1, 8)),
                   ActivityAdded(Day(2026, 1, 8), "k1", Day(2026, 1, 10), Day(2026, 2, 28)),
                   Proposed(Day(2026, 1, 20), "h1", v1::HANDOVER_KIND_PLATFORM, kVux),
                   HandoverAccepted(Day(2026, 2, 1), "h1"),
                   Closed(Day(2026, 3, 31), v1::CLOSURE_OUTCOME_STUDIES)});
  const Genders bo = {{kMan, 1}};
  EXPECT_EQ(Read(kUng, Day(2026, 1, 1), Day(2026, 1, 31)).with_study_activity, bo);
  EXPECT_EQ(Read(kUng, Day(2026, 2, 1), Day(2026, 2, 28)).with_study_activity, bo);
  EXPECT_EQ(Read(kVux, Day(2026, 2, 1), Day(2026, 2, 28)).with_study_activity, bo);
  EXPECT_THAT(Read(kVux, Day(2026, 3, 1), Day(2026, 3, 31)).with_study_activity, IsEmpty());
  EXPECT_EQ(Read(kForbund, Day(2026, 1, 1), Day(2026, 3, 31)).with_study_activity, bo);
}

TEST_F(FlowLedgerTest, AsOfAPositionAFlagOrActivityRecordedLaterIsNotCounted) {
  RegisterEveryone();
  RecordAll("c1",
            {Referral(Day(2026, 1, 10), "c1", "anna", kUng, 22, "af"), Accepted(Day(2026, 1, 20)),
             ActivityAdded(Day(2026, 1, 20), "k1", Day(2026, 2, 1), std::nullopt)});
  const uint64_t before_flag = Last();
  const uint64_t flagged = Record("c1", FlagsSet(Day(2026, 2, 10), {kViolence}));
  // Cancelled (recorded later, dated 1 March): the activity ran 1–28 February.
  const uint64_t cancelled = Record("c1", ActivityCancelled(Day(2026, 3, 1), "k1"));

  for (absl::string_view scope : {kUng, kForbund}) {
    SCOPED_TRACE(absl::StrCat("scope '", scope, "'"));
    const PeriodCounts then = Read(scope, Day(2026, 2, 1), Day(2026, 2, 28), before_flag);
    EXPECT_THAT(then.flagged, IsEmpty());
    EXPECT_EQ(then.with_study_activity, (Genders{{kWoman, 1}}));
    EXPECT_EQ(Read(scope, Day(2026, 2, 1), Day(2026, 2, 28), flagged).flagged,
              (Flagged{{{kViolence, kWoman}, 1}}));
    // Before the cancellation the open-ended activity went on in April.
    EXPECT_EQ(Read(scope, Day(2026, 4, 1), Day(2026, 4, 30), flagged).with_study_activity,
              (Genders{{kWoman, 1}}));
    const PeriodCounts now = Read(scope, Day(2026, 4, 1), Day(2026, 4, 30));
    EXPECT_EQ(now.log_position, cancelled);
    EXPECT_THAT(now.with_study_activity, IsEmpty());
    EXPECT_EQ(now.flagged, (Flagged{{{kViolence, kWoman}, 1}}));
    // Pages of one counter at a time give the same answers.
    ExpectSameCounts(Read(scope, Day(2026, 4, 1), Day(2026, 4, 30), flagged, std::nullopt, 1),
                     Read(scope, Day(2026, 4, 1), Day(2026, 4, 30), flagged));
  }
}

// --- Erasure -------------------------------------------------------------------------

// The counters' counts (not their last positions) and every other entry.
std::map<std::string, std::string> FiguresOf(const std::map<std::string, std::string>& entries) {
  std::map<std::string, std::string> figures;
  for (const auto& [key, value] : entries) {
    if (!keys::ParseCounterKey(key).has_value()) {
      figures[key] = value;
      continue;
    }
    const std::optional<keys::CounterValue> counter = keys::DecodeCounterValue(value);
    EXPECT_TRUE(counter.has_value()) << key;
    // A counter at zero is as good as none.
    if (counter.has_value() && counter->count != 0) figures[key] = absl::StrCat(counter->count);
  }
  return figures;
}

TEST_F(FlowLedgerTest, AnErasureTakesTheFlagsOutOfEveryCutAsARebuildWouldCountThem) {
  RecordFlaggedAndStudying();
  const uint64_t before_erasure = Last();
  const Flagged both = {{{kViolence, kWoman}, 1}, {{kRiskUse, kWoman}, 1}, {{kViolence, kMan}, 1}};
  EXPECT_EQ(Read(kUng, Day(2026, 3, 1), Day(2026, 3, 31)).flagged, both);
  const PeriodCounts studies_before = Read(kUng, Day(2026, 1, 1), Day(2026, 5, 31));

  // Anna, whose case closed on 30 April, is erased.
  const uint64_t erasure = Erase("anna");
  const Flagged bo_only = {{{kViolence, kMan}, 1}};
  EXPECT_EQ(Read(kUng, Day(2026, 3, 1), Day(2026, 3, 31)).flagged, bo_only);
  EXPECT_EQ(Read(kForbund, Day(2026, 1, 1), Day(2026, 12, 31)).flagged, bo_only);
  // Also as of every cut before the erasure.
  for (uint64_t cut = 1; cut <= before_erasure; ++cut) {
    const PeriodCounts then = Read(kUng, Day(2026, 1, 1), Day(2026, 12, 31), cut);
    for (const auto& [key, count] : then.flagged) {
      EXPECT_EQ(key.second, kMan) << "cut " << cut;
    }
  }
  // The rest of her figures stay: she was active, studied, closed.
  const PeriodCounts studies_after = Read(kUng, Day(2026, 1, 1), Day(2026, 5, 31));
  EXPECT_EQ(studies_after.active, studies_before.active);
  EXPECT_EQ(studies_after.with_study_activity, studies_before.with_study_activity);
  EXPECT_EQ(studies_after.closed, studies_before.closed);

  // Nothing of her flags is left in the ledger: it holds, byte for byte,
  // what a rebuild after the erasure holds, which cannot open them. No
  // counter keeps a count or a last position that her flags set.
  auto erased = std::make_shared<PlainFlagOpener>();
  erased->Erase("anna");
  EXPECT_EQ(LedgerEntries(), Rebuilt(erased));
  EXPECT_GT(erasure, before_erasure);
}

TEST_F(FlowLedgerTest, ALaterStepOfAnErasedParticipantsClosedCaseChangesNoFlag) {
  RecordFlaggedAndStudying();
  Erase("anna");
  const std::map<std::string, std::string> after_erasure = FiguresOf(LedgerEntries());
  // A deviation resolved after the closure: no stay changes, no flag moves.
  Record("a1", DeviationResolved(Day(2026, 5, 20), "d-anna"));
  std::map<std::string, std::string> now = FiguresOf(LedgerEntries());
  EXPECT_EQ(Read(kUng, Day(2026, 1, 1), Day(2026, 12, 31)).flagged,
            (Flagged{{{kViolence, kMan}, 1}}));
  for (const auto& [key, value] : after_erasure) {
    const std::optional<keys::ParsedCounter> counter = keys::ParseCounterKey(key);
    if (counter.has_value()) {
      EXPECT_EQ(now[key], value) << key;
    }
  }
}

// An independent recount, day by day, of the flagged and studying stays of
// random cases, against the ledger, in every scope, for random periods and
// random cuts of the log. The cases follow the domain's rules (steps in date
// order, a handover proposed before it is accepted, nothing after closure).
class MarkRecount {
 public:
  struct Stay {
    std::string platform_id;
    absl::CivilDay first;
    std::optional<absl::CivilDay> last;
  };
  struct Activity {
    std::string id;
    absl::CivilDay start;
    std::optional<absl::CivilDay> end;
    std::optional<absl::CivilDay> completed;
    std::optional<absl::CivilDay> cancelled;
  };
  struct Case {
    v1::Gender gender = v1::GENDER_UNSPECIFIED;
    std::string referred_to;
    std::string pending_target;
    // The flags set, in log order, each from its day.
    std::vector<std::pair<absl::CivilDay, std::set<v1::CaseFlag>>> flag_changes;
    std::vector<Stay> stays;
    std::vector<Activity> activities;
    bool closed = false;
  };

  void Apply(const std::string& case_id, v1::Gender gender, const v1::CaseEvent& event) {
    Case& c = cases_[case_id];
    const absl::CivilDay day = *casefile::ToCivilDay(event.effective_date());
    auto set_flags = [&](absl::string_view sealed) {
      v1::CaseFlags flags;
      ASSERT_TRUE(absl::ConsumePrefix(&sealed, kPlainFlagsPrefix));
      ASSERT_TRUE(flags.ParseFromArray(sealed.data(), static_cast<int>(sealed.size())));
      std::set<v1::CaseFlag> set;
      if (flags.violence_in_close_relationship()) set.insert(kViolence);
      if (flags.risk_use_or_abuse()) set.insert(kRiskUse);
      c.flag_changes.emplace_back(day, set);
    };
    if (event.has_referral_submitted()) {
      c.gender = gender;
      c.referred_to = event.referral_submitted().platform_id();
      set_flags(event.referral_submitted().sealed_details());
    } else if (event.has_referral_accepted()) {
      c.stays.push_back({c.referred_to, day, std::nullopt});
    } else if (event.has_handover_proposed()) {
      c.pending_target = event.handover_proposed().target_platform_id();
    } else if (event.has_handover_accepted()) {
      c.stays.back().last = day;
      c.stays.push_back({c.pending_target, day, std::nullopt});
    } else if (event.has_case_closed()) {
      if (!c.stays.empty()) c.stays.back().last = day;
      c.closed = true;
    } else if (event.has_case_flags_set()) {
      set_flags(event.case_flags_set().sealed_flags());
    } else if (event.has_commitment_added()) {
      const v1::CommitmentAdded& added = event.commitment_added();
      if (added.kind() != v1::ACTIVITY_KIND_STUDIES) return;
      Activity activity{added.commitment_id(), *casefile::ToCivilDay(added.start_date()),
                        std::nullopt, std::nullopt, std::nullopt};
      if (added.has_end_date()) activity.end = *casefile::ToCivilDay(added.end_date());
      c.activities.push_back(activity);
    } else if (event.has_commitment_completed() || event.has_commitment_cancelled()) {
      const std::string& id = event.has_commitment_completed()
                                  ? event.commitment_completed().commitment_id()
                                  : event.commitment_cancelled().commitment_id();
      for (Activity& activity : c.activities) {
        if (activity.id != id) continue;
        (event.has_commitment_completed() ? activity.completed : activity.cancelled) = day;
      }
    }
  }

  // Whether the case carried `flag` on `day`: the last change dated on or
  // before it, in log order, says.
  static bool Carried(const Case& c, v1::CaseFlag flag, absl::CivilDay day) {
    bool carried = false;
    for (const auto& [changed_on, flags] : c.flag_changes) {
      if (changed_on <= day) carried = flags.count(flag) > 0;
    }
    return carried;
  }

  // The stays of `platform_id` ("": each case as one stay) active in the
  // period, as the definitions count them, day by day; studies only up to
  // `studied_until`.
  void Count(absl::string_view platform_id, absl::CivilDay first, absl::CivilDay last,
             absl::CivilDay studied_until, Flagged& flagged, Genders& studying) const {
    for (const auto& [id, c] : cases_) {
      std::vector<Stay> stays;
      if (platform_id.empty()) {
        if (!c.stays.empty()) stays.push_back({"", c.stays.front().first, c.stays.back().last});
      } else {
        for (const Stay& stay : c.stays) {
          if (stay.platform_id == platform_id) stays.push_back(stay);
        }
      }
      for (const Stay& stay : stays) {
        const absl::CivilDay stay_end = stay.last.value_or(absl::CivilDay(9999, 12, 31));
        if (stay.first > last || stay_end < first) continue;  // not active
        for (v1::CaseFlag flag : {kViolence, kRiskUse}) {
          for (absl::CivilDay day = std::max(first, stay.first); day <= std::min(last, stay_end);
               ++day) {
            if (!Carried(c, flag, day)) continue;
            ++flagged[{flag, c.gender}];
            break;
          }
        }
        bool studied = false;
        for (absl::CivilDay day = std::max(first, stay.first);
             !studied && day <= std::min({last, stay_end, studied_until}); ++day) {
          for (const Activity& activity : c.activities) {
            if (day < activity.start) continue;
            if (activity.end.has_value() && day > *activity.end) continue;
            if (activity.completed.has_value() && day > *activity.completed) continue;
            if (activity.cancelled.has_value() && day >= *activity.cancelled) continue;
            studied = true;
          }
        }
        if (studied) ++studying[c.gender];
      }
    }
  }

 private:
  std::map<std::string, Case> cases_;
};

TEST_F(FlowLedgerTest, FlaggedAndStudyingStaysEqualADayByDayRecountOfRandomCases) {
  // One participant per case: the case index allows one open case per
  // participant and platform.
  const std::vector<v1::Gender> genders = {kWoman, kMan, kOther};
  const std::vector<v1::CaseFlag> all_flags = {kViolence, kRiskUse};
  std::mt19937 rng(20260401);
  auto chance = [&](int percent) { return static_cast<int>(rng() % 100) < percent; };
  auto between = [&](int low, int high) {
    return low + static_cast<int>(rng() % static_cast<unsigned>(high - low + 1));
  };

  // Every recorded event, in log order, and the position it got.
  struct Recorded {
    std::string case_id;
    v1::Gender gender;
    v1::CaseEvent event;
    uint64_t position;
  };
  std::vector<Recorded> recorded;
  // Cases interleave in the log: each step goes to a random case still open.
  struct Script {
    std::string case_id;
    v1::Gender gender;
    std::vector<v1::CaseEvent> steps;
    size_t next = 0;
  };
  std::vector<Script> scripts;
  for (int n = 0; n < 24; ++n) {
    const std::string participant = absl::StrCat("p", n);
    const v1::Gender gender = genders[static_cast<size_t>(n) % genders.size()];
    Register(participant, gender, "2480");
    Script script{absl::StrCat("r", n), gender, {}, 0};
    absl::CivilDay day = Day(2026, 1, 1) + between(0, 120);
    std::string platform(between(0, 1) == 0 ? kUng : kVux);
    std::vector<v1::CaseFlag> flags;
    for (v1::CaseFlag flag : all_flags) {
      if (chance(25)) flags.push_back(flag);
    }
    script.steps.push_back(FlaggedReferral(day, script.case_id, participant, platform, flags));
    day += between(0, 20);
    if (chance(15)) {
      script.steps.push_back(Declined(day));
      scripts.push_back(std::move(script));
      continue;
    }
    script.steps.push_back(Accepted(day));
    int activities = 0;
    // Only an open commitment can be completed or cancelled.
    std::vector<std::string> open_activities;
    for (int step = between(2, 8); step > 0; --step) {
      day += between(0, 25);
      const int kind = between(0, 5);
      if (kind == 0) {
        // Raises some and withdraws the others.
        std::vector<v1::CaseFlag> now;
        for (v1::CaseFlag flag : all_flags) {
          if (chance(50)) now.push_back(flag);
        }
        script.steps.push_back(FlagsSet(day, now));
      } else if (kind == 1 || kind == 2) {
        const absl::CivilDay start = day + between(-40, 60);
        std::optional<absl::CivilDay> end;
        if (chance(70)) end = start + between(0, 90);
        const std::string id = absl::StrCat("k", ++activities);
        open_activities.push_back(id);
        script.steps.push_back(
            ActivityAdded(day, id, start, end,
                          chance(80) ? v1::ACTIVITY_KIND_STUDIES : v1::ACTIVITY_KIND_INTERNSHIP));
      } else if (kind == 3 && !open_activities.empty()) {
        const size_t ended = rng() % open_activities.size();
        const std::string id = open_activities[ended];
        open_activities.erase(open_activities.begin() + static_cast<long>(ended));
        script.steps.push_back(chance(50) ? ActivityCompleted(day, id)
                                          : ActivityCancelled(day, id));
      } else if (kind == 4) {
        platform = std::string(platform == kUng ? kVux : kUng);
        const std::string handover = absl::StrCat("h", step);
        script.steps.push_back(Proposed(day, handover, v1::HANDOVER_KIND_PLATFORM, platform));
        day += between(0, 10);
        script.steps.push_back(HandoverAccepted(day, handover));
      }
    }
    if (chance(60)) {
      script.steps.push_back(Closed(day + between(0, 30), v1::CLOSURE_OUTCOME_WORK_SUBSIDISED));
    }
    scripts.push_back(std::move(script));
  }
  std::vector<size_t> unfinished(scripts.size());
  for (size_t i = 0; i < unfinished.size(); ++i) unfinished[i] = i;
  while (!unfinished.empty()) {
    const size_t pick = rng() % unfinished.size();
    Script& script = scripts[unfinished[pick]];
    const v1::CaseEvent& event = script.steps[script.next++];
    recorded.push_back({script.case_id, script.gender, event, Record(script.case_id, event)});
    if (script.next == script.steps.size())
      unfinished.erase(unfinished.begin() + static_cast<long>(pick));
  }

  // Not a vacuous comparison: the recount finds flagged and studying stays.
  int64_t flagged_seen = 0;
  int64_t studying_seen = 0;
  for (int query = 0; query < 60; ++query) {
    const absl::CivilDay first = Day(2026, 1, 1) + between(0, 330);
    const absl::CivilDay last = first + between(0, 120);
    const size_t cut = query % 3 == 0 ? recorded.size()
                                      : static_cast<size_t>(between(1, 300)) % recorded.size() + 1;
    MarkRecount recount;
    for (size_t i = 0; i < cut; ++i)
      recount.Apply(recorded[i].case_id, recorded[i].gender, recorded[i].event);
    for (absl::string_view scope : {kUng, kVux, kForbund}) {
      SCOPED_TRACE(absl::StrCat("scope '", scope, "', ", absl::FormatCivilTime(first), " to ",
                                absl::FormatCivilTime(last), ", cut after event ", cut));
      Flagged flagged;
      Genders studying;
      // Every event is recorded on the fixture's today, 1 June 2026: no study
      // day after it has happened.
      recount.Count(scope, first, last, Day(2026, 6, 1), flagged, studying);
      const PeriodCounts counts = Read(scope, first, last, recorded[cut - 1].position);
      EXPECT_EQ(counts.flagged, flagged);
      EXPECT_EQ(counts.with_study_activity, studying);
      for (const auto& [key, count] : flagged) flagged_seen += count;
      for (const auto& [gender, count] : studying) studying_seen += count;
    }
  }
  EXPECT_GT(flagged_seen, 20);
  EXPECT_GT(studying_seen, 20);
}

}  // namespace
}  // namespace torg::flowledger
