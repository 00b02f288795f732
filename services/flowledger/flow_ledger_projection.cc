#include "services/flowledger/flow_ledger_projection.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/casefile/case_state.h"
#include "services/caseindex/case_streams.h"
#include "services/common/status_macros.h"
#include "services/common/swedish_calendar.h"
#include "services/flowledger/flow_ledger_keys.h"
#include "services/flowledger/flow_ledger_marks.h"
#include "torg/v1/case_events.pb.h"
#include "torg/v1/flow_ledger_records.pb.h"
#include "torg/v1/participant_events.pb.h"

namespace torg::flowledger {

namespace {

using keys::CounterCell;
using keys::Measure;

absl::Status Uncountable(const storage::RecordedEvent& event, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("event ", event.version, " of stream ",
                                                 event.stream, " cannot be counted: ", why));
}

// The referrer split: a self-referral, or one without a party, counts as "self".
std::string ReferrerOf(const v1::ReferralSubmitted& referral) {
  if (referral.referrer().self_referral() || referral.referrer().party_id().empty()) return "self";
  return referral.referrer().party_id();
}

CounterCell StayCellOf(const v1::FlowLedgerCaseRecord& record) {
  CounterCell cell;
  cell.gender = record.gender();
  cell.age_band = record.age_band();
  cell.kommun = record.kommun_code();
  cell.referrer = record.referrer();
  return cell;
}

CounterCell GenderCellOf(const v1::FlowLedgerCaseRecord& record) {
  CounterCell cell;
  cell.gender = record.gender();
  return cell;
}

// A lead time or waiting time in whole days from `start` to `end`; nullopt
// when `start` is not a valid date (never set).
std::optional<int64_t> LedgerDaysBetween(const v1::Date& start, absl::CivilDay end) {
  const std::optional<absl::CivilDay> first = casefile::ToCivilDay(start);
  if (!first.has_value()) return std::nullopt;
  return end - *first;
}

CounterCell DaysCellOf(int64_t days) {
  CounterCell cell;
  cell.days = days;
  return cell;
}

// The platform a step of the case counts on: the one it is on, or, before
// enrolment, the one it was referred to.
const std::string& LedgerPlatformOf(const v1::FlowLedgerCaseRecord& record) {
  return record.enrolled() ? record.current_platform_id() : record.referred_platform_id();
}

// Adds `delta` to the counter `key` as the event at `position`.
absl::Status AddToCounter(const std::string& key, int64_t delta, uint64_t position,
                          storage::ProjectionBatch& batch) {
  TORG_ASSIGN_OR_RETURN(std::optional<std::string> stored, batch.Get(key));
  keys::CounterValue value;
  if (stored.has_value()) {
    std::optional<keys::CounterValue> decoded = keys::DecodeCounterValue(*stored);
    if (!decoded.has_value()) return absl::DataLossError("a counter of the flow ledger is corrupt");
    value = *decoded;
  }
  value.count += delta;
  value.last_position = position;
  batch.Put(key, keys::EncodeCounterValue(value));
  return absl::OkStatus();
}

// The counter changes one event makes, collected before any is written so
// that they also go, together, into the event's undo entry.
class LedgerIncrements {
 public:
  explicit LedgerIncrements(absl::CivilDay day) : day_(day) {}

  void AtPlatform(absl::string_view platform_id, Measure measure, const CounterCell& cell) {
    keys_.push_back(keys::CounterKey(false, platform_id, measure, day_, cell));
  }
  void AtForbund(Measure measure, const CounterCell& cell) {
    keys_.push_back(keys::CounterKey(true, "", measure, day_, cell));
  }
  void AtPlatformAndForbund(absl::string_view platform_id, Measure measure,
                            const CounterCell& cell) {
    AtPlatform(platform_id, measure, cell);
    AtForbund(measure, cell);
  }
  // Each platform once (a list without repeats) and the förbund.
  void AtPlatformsAndForbund(const std::vector<std::string>& platform_ids, Measure measure,
                             const CounterCell& cell) {
    for (const std::string& platform_id : platform_ids) AtPlatform(platform_id, measure, cell);
    AtForbund(measure, cell);
  }

  // Changes that may take back as well as add: the flagged and study
  // counters (flow_ledger_marks.h).
  void AddChanges(const MarkCounters& changes) {
    for (const auto& [key, delta] : changes) changes_.emplace_back(key, delta);
  }

  absl::Status Write(uint64_t position, storage::ProjectionBatch& batch) const {
    if (keys_.empty() && changes_.empty()) return absl::OkStatus();
    std::vector<std::pair<std::string, int64_t>> all;
    all.reserve(keys_.size() + changes_.size());
    for (const std::string& key : keys_) all.emplace_back(key, 1);
    all.insert(all.end(), changes_.begin(), changes_.end());
    v1::FlowLedgerUndoRecord undo;
    for (const auto& [key, delta] : all) {
      TORG_RETURN_IF_ERROR(AddToCounter(key, delta, position, batch));
      v1::FlowLedgerIncrement* increment = undo.add_increments();
      increment->set_counter_key(key);
      increment->set_delta(delta);
    }
    batch.Put(keys::UndoKey(position), undo.SerializeAsString());
    return absl::OkStatus();
  }

 private:
  absl::CivilDay day_;
  std::vector<std::string> keys_;
  std::vector<std::pair<std::string, int64_t>> changes_;
};

// Reads "as of the end of a date" need the first position of each Swedish
// recording day; every event counts, whatever its type, so the cut is exact.
absl::Status IndexRecordedDay(const storage::RecordedEvent& event,
                              storage::ProjectionBatch& batch) {
  const absl::CivilDay day = common::SwedishDay(event.recorded_at);
  if (!keys::EncodableDay(day)) return absl::OkStatus();
  const std::string key = keys::RecordedDayKey(day);
  TORG_ASSIGN_OR_RETURN(std::optional<std::string> stored, batch.Get(key));
  if (!stored.has_value()) batch.Put(key, keys::EncodePosition(event.position));
  return absl::OkStatus();
}

absl::StatusOr<std::optional<v1::FlowLedgerParticipantRecord>> ReadParticipantRecord(
    storage::ProjectionBatch& batch, const std::string& participant_id) {
  TORG_ASSIGN_OR_RETURN(std::optional<std::string> stored,
                        batch.Get(keys::ParticipantKey(participant_id)));
  if (!stored.has_value()) return std::nullopt;
  v1::FlowLedgerParticipantRecord participant;
  if (!participant.ParseFromString(*stored)) {
    return absl::DataLossError(
        absl::StrCat("the flow ledger's record of participant ", participant_id, " is corrupt"));
  }
  return participant;
}

// Takes the FLAGGED_* changes out of the undo entry at `position`, adding
// the counters they changed to `flagged_keys`.
absl::Status StripFlagChanges(uint64_t position, storage::ProjectionBatch& batch,
                              std::set<std::string>& flagged_keys) {
  const std::string key = keys::UndoKey(position);
  TORG_ASSIGN_OR_RETURN(std::optional<std::string> stored, batch.Get(key));
  if (!stored.has_value()) return absl::OkStatus();
  v1::FlowLedgerUndoRecord undo;
  if (!undo.ParseFromString(*stored)) {
    return absl::DataLossError("an undo entry of the flow ledger is corrupt");
  }
  v1::FlowLedgerUndoRecord kept;
  for (const v1::FlowLedgerIncrement& increment : undo.increments()) {
    if (IsFlaggedCounter(increment.counter_key())) {
      flagged_keys.insert(increment.counter_key());
    } else {
      *kept.add_increments() = increment;
    }
  }
  if (kept.increments().empty()) {
    batch.Delete(key);
  } else {
    batch.Put(key, kept.SerializeAsString());
  }
  return absl::OkStatus();
}

// An erased participant's flags must not outlive their data. The erasure
// takes them out of everything the ledger keeps: the case records' spells,
// the case's own FLAGGED_* counters (deleted, not set to 0: a counter's last
// position would name the case's step) and the undo entries of the case's
// steps. The ledger is then as a rebuild makes it, which can no longer open
// the flags: every report, also one as of an earlier cut, counts the erased
// participant's stays as never flagged, and no other counter changes. The
// domain erases only participants without an open case, so no later step of
// theirs changes a stay.
absl::Status EraseFlags(const storage::RecordedEvent& event, storage::ProjectionBatch& batch) {
  const std::string prefix = caseindex::ParticipantStream("");
  if (!absl::StartsWith(event.stream, prefix) || event.stream.size() == prefix.size()) {
    return Uncountable(event, "an erasure must be in its participant-<id> stream");
  }
  const std::string participant_id = event.stream.substr(prefix.size());
  TORG_ASSIGN_OR_RETURN(std::optional<v1::FlowLedgerParticipantRecord> participant,
                        ReadParticipantRecord(batch, participant_id));
  if (!participant.has_value()) return absl::OkStatus();
  for (const std::string& case_id : participant->case_ids()) {
    const std::string key = keys::CaseKey(case_id);
    TORG_ASSIGN_OR_RETURN(std::optional<std::string> stored, batch.Get(key));
    v1::FlowLedgerCaseRecord record;
    if (!stored.has_value()) continue;
    if (!record.ParseFromString(*stored)) {
      return absl::DataLossError(
          absl::StrCat("the flow ledger's record of case ", case_id, " is corrupt"));
    }
    if (record.flag_spells().empty() && record.flag_change_positions().empty()) continue;
    std::set<std::string> flagged_keys;
    for (const auto& [counter_key, count] : MarkCountersOf(case_id, record)) {
      if (IsFlaggedCounter(counter_key)) flagged_keys.insert(counter_key);
    }
    for (uint64_t position : record.flag_change_positions()) {
      TORG_RETURN_IF_ERROR(StripFlagChanges(position, batch, flagged_keys));
    }
    for (const std::string& counter_key : flagged_keys) batch.Delete(counter_key);
    record.clear_flag_spells();
    record.clear_flag_change_positions();
    batch.Put(key, record.SerializeAsString());
  }
  return absl::OkStatus();
}

absl::Status ApplyLedgerParticipantEvent(const storage::RecordedEvent& event,
                                         storage::ProjectionBatch& batch) {
  v1::ParticipantEvent participant_event;
  if (!participant_event.ParseFromString(event.data)) {
    return Uncountable(event, "it is not a torg.v1.ParticipantEvent");
  }
  if (participant_event.has_participant_erased()) return EraseFlags(event, batch);
  if (!participant_event.has_participant_registered()) return absl::OkStatus();
  const v1::ParticipantRegistered& registered = participant_event.participant_registered();
  if (registered.participant_id().empty()) {
    return Uncountable(event, "the registration has no participant_id");
  }
  if (event.stream != caseindex::ParticipantStream(registered.participant_id())) {
    return Uncountable(event, "a registration must be in its participant-<id> stream");
  }
  // A registration comes before the participant's cases, but keep any the
  // record lists all the same: an erasure must find every one.
  TORG_ASSIGN_OR_RETURN(std::optional<v1::FlowLedgerParticipantRecord> known,
                        ReadParticipantRecord(batch, registered.participant_id()));
  v1::FlowLedgerParticipantRecord record = known.value_or(v1::FlowLedgerParticipantRecord());
  record.set_gender(registered.gender());
  record.set_kommun_code(registered.kommun_code());
  batch.Put(keys::ParticipantKey(registered.participant_id()), record.SerializeAsString());
  return absl::OkStatus();
}

// Fixes the case's splits at referral. A participant the ledger has not seen
// registered (not possible through the services) counts with an unspecified
// gender and no kommun rather than refusing the referral.
absl::Status FoldLedgerReferral(const v1::ReferralSubmitted& referral, const v1::Date& date,
                                storage::ProjectionBatch& batch, v1::FlowLedgerCaseRecord& record) {
  record.set_participant_id(referral.participant_id());
  record.set_referred_platform_id(referral.platform_id());
  *record.mutable_referral_date() = date;
  record.set_age_band(keys::AgeBand(referral.age_at_referral()));
  record.set_referrer(ReferrerOf(referral));
  TORG_ASSIGN_OR_RETURN(std::optional<v1::FlowLedgerParticipantRecord> participant,
                        ReadParticipantRecord(batch, referral.participant_id()));
  if (participant.has_value()) {
    record.set_gender(participant->gender());
    record.set_kommun_code(participant->kommun_code());
  }
  // For an erasure to find the case's flags.
  v1::FlowLedgerParticipantRecord updated = participant.value_or(v1::FlowLedgerParticipantRecord());
  updated.add_case_ids(referral.case_id());
  batch.Put(keys::ParticipantKey(referral.participant_id()), updated.SerializeAsString());
  return absl::OkStatus();
}

// The first decision on a referral starts nothing but ends the lead time
// from the referral; a later decision (not possible through the services)
// is not counted again.
void CountLedgerDecision(const absl::CivilDay day, LedgerIncrements& increments,
                         v1::FlowLedgerCaseRecord& record) {
  if (record.has_decided_on()) return;
  *record.mutable_decided_on() = casefile::ToProtoDate(day);
  const std::optional<int64_t> days = LedgerDaysBetween(record.referral_date(), day);
  if (!days.has_value()) return;
  increments.AtPlatformAndForbund(record.referred_platform_id(), Measure::kLeadReferralToDecision,
                                  DaysCellOf(*days));
}

// A handover being answered: its flow (from, to) as the definitions say, and
// the platforms whose reports count it.
struct LedgerHandoverFlow {
  CounterCell cell;
  std::vector<std::string> platform_ids;
};

LedgerHandoverFlow LedgerFlowOf(const v1::FlowLedgerCaseRecord& record,
                                const v1::FlowLedgerPendingHandover& pending) {
  LedgerHandoverFlow flow;
  flow.cell.kind = pending.kind();
  if (pending.kind() == v1::HANDOVER_KIND_PLATFORM) {
    // Out of one platform and into the other: both reports show it.
    flow.cell.from = LedgerPlatformOf(record);
    flow.cell.to = pending.target_platform_id();
    flow.platform_ids.push_back(flow.cell.from);
    if (flow.cell.to != flow.cell.from) flow.platform_ids.push_back(flow.cell.to);
  } else {
    flow.cell.from = record.owner_party_id();
    flow.cell.to = pending.target_party_id();
    flow.platform_ids.push_back(LedgerPlatformOf(record));
  }
  return flow;
}

// Folds what the step tells of the days the case carried a flag or had a
// study activity; false when the step tells nothing of them.
absl::StatusOr<bool> FoldMarks(const v1::CaseEvent& case_event, const v1::Date& date,
                               const SealedFlagOpener& flag_opener, storage::ProjectionBatch& batch,
                               v1::FlowLedgerCaseRecord& record) {
  switch (case_event.kind_case()) {
    case v1::CaseEvent::kReferralSubmitted: {
      const v1::ReferralSubmitted& referral = case_event.referral_submitted();
      if (referral.sealed_details().empty()) return false;
      TORG_ASSIGN_OR_RETURN(
          std::optional<v1::CaseFlags> flags,
          flag_opener.OpenReferralFlags(batch, record.participant_id(), referral));
      if (!flags.has_value()) return false;
      SetFlags(*flags, date, record);
      return true;
    }
    case v1::CaseEvent::kCaseFlagsSet: {
      TORG_ASSIGN_OR_RETURN(
          std::optional<v1::CaseFlags> flags,
          flag_opener.OpenCaseFlags(batch, record.participant_id(), case_event.case_flags_set()));
      if (!flags.has_value()) return false;
      SetFlags(*flags, date, record);
      return true;
    }
    case v1::CaseEvent::kCommitmentAdded:
      if (case_event.commitment_added().kind() != v1::ACTIVITY_KIND_STUDIES) return false;
      AddStudyActivity(case_event.commitment_added(), record);
      return true;
    case v1::CaseEvent::kCommitmentCompleted:
      return CompleteStudyActivity(case_event.commitment_completed().commitment_id(), date, record);
    case v1::CaseEvent::kCommitmentCancelled:
      return CancelStudyActivity(case_event.commitment_cancelled().commitment_id(), date, record);
    default:
      return false;
  }
}

absl::Status ApplyLedgerCaseEvent(const storage::RecordedEvent& event,
                                  const SealedFlagOpener& flag_opener,
                                  storage::ProjectionBatch& batch) {
  const std::optional<std::string> case_id = caseindex::CaseIdOfStream(event.stream);
  if (!case_id.has_value()) return Uncountable(event, "a case event must be in a case-<id> stream");
  v1::CaseEvent case_event;
  if (!case_event.ParseFromString(event.data)) {
    return Uncountable(event, "it is not a torg.v1.CaseEvent");
  }
  const std::optional<absl::CivilDay> day = casefile::ToCivilDay(case_event.effective_date());
  if (!day.has_value() || !keys::EncodableDay(*day)) {
    return Uncountable(event, "it has no valid effective date");
  }
  if (case_event.kind_case() == v1::CaseEvent::KIND_NOT_SET) {
    return Uncountable(event, "it has no kind");
  }

  const std::string record_key = keys::CaseKey(*case_id);
  TORG_ASSIGN_OR_RETURN(std::optional<std::string> stored, batch.Get(record_key));
  v1::FlowLedgerCaseRecord record;
  if (stored.has_value()) {
    if (!record.ParseFromString(*stored)) {
      return absl::DataLossError(
          absl::StrCat("the flow ledger's record of case ", *case_id, " is corrupt"));
    }
    if (case_event.has_referral_submitted()) {
      return Uncountable(event, "the case already has its referral");
    }
  } else if (!case_event.has_referral_submitted()) {
    return Uncountable(event, "the first event of a case must be its referral");
  }

  LedgerIncrements increments(*day);
  const v1::Date date = casefile::ToProtoDate(*day);
  const MarkCounters marks_before = MarkCountersOf(*case_id, record);
  switch (case_event.kind_case()) {
    case v1::CaseEvent::kReferralSubmitted: {
      const v1::ReferralSubmitted& referral = case_event.referral_submitted();
      if (referral.case_id() != *case_id) {
        return Uncountable(event, "the referral's case_id is not the stream's case");
      }
      TORG_RETURN_IF_ERROR(FoldLedgerReferral(referral, date, batch, record));
      TORG_RETURN_IF_ERROR(FoldMarks(case_event, date, flag_opener, batch, record).status());
      increments.AtPlatformAndForbund(record.referred_platform_id(), Measure::kReferralReceived,
                                      GenderCellOf(record));
      break;
    }
    case v1::CaseEvent::kReferralAccepted:
      CountLedgerDecision(*day, increments, record);
      if (record.enrolled() || record.closed()) break;
      record.set_enrolled(true);
      record.set_current_platform_id(record.referred_platform_id());
      *record.mutable_stay_started_on() = date;
      *record.mutable_enrolled_on() = date;
      StartStay(record.referred_platform_id(), date, record);
      increments.AtPlatformAndForbund(record.referred_platform_id(), Measure::kEnterEnrolled,
                                      StayCellOf(record));
      increments.AtPlatformAndForbund(record.referred_platform_id(), Measure::kDecisionAccepted,
                                      GenderCellOf(record));
      break;
    case v1::CaseEvent::kReferralDirected:
      CountLedgerDecision(*day, increments, record);
      increments.AtPlatformAndForbund(record.referred_platform_id(), Measure::kDecisionDirected,
                                      GenderCellOf(record));
      break;
    case v1::CaseEvent::kReferralDeclined:
      CountLedgerDecision(*day, increments, record);
      increments.AtPlatformAndForbund(record.referred_platform_id(), Measure::kDecisionDeclined,
                                      GenderCellOf(record));
      break;
    case v1::CaseEvent::kHandoverProposed: {
      const v1::HandoverProposed& proposed = case_event.handover_proposed();
      v1::FlowLedgerPendingHandover* pending = record.mutable_pending_handover();
      pending->set_handover_id(proposed.handover_id());
      pending->set_kind(proposed.kind());
      pending->set_target_platform_id(proposed.target_platform_id());
      pending->set_target_party_id(proposed.target_party_id());
      *pending->mutable_proposed_on() = date;
      break;
    }
    case v1::CaseEvent::kAssessmentStarted: {
      // Only the first start counts: a lead time is counted once per case.
      if (record.has_assessment_started_on()) break;
      *record.mutable_assessment_started_on() = date;
      if (!record.enrolled()) break;
      const std::optional<int64_t> days = LedgerDaysBetween(record.enrolled_on(), *day);
      if (days.has_value()) {
        increments.AtPlatformAndForbund(LedgerPlatformOf(record),
                                        Measure::kLeadDecisionToAssessment, DaysCellOf(*days));
      }
      break;
    }
    case v1::CaseEvent::kAssessmentCompleted: {
      if (!record.has_assessment_started_on() || record.assessment_completed()) break;
      record.set_assessment_completed(true);
      const std::optional<int64_t> days = LedgerDaysBetween(record.assessment_started_on(), *day);
      if (days.has_value()) {
        increments.AtPlatformAndForbund(LedgerPlatformOf(record), Measure::kLeadAssessment,
                                        DaysCellOf(*days));
      }
      break;
    }
    case v1::CaseEvent::kCaseOwnerAssigned:
      record.set_owner_party_id(case_event.case_owner_assigned().party_id());
      break;
    case v1::CaseEvent::kHandoverAccepted: {
      // As the domain folds it: the pending handover is the one answered.
      if (!record.has_pending_handover()) break;
      const v1::FlowLedgerPendingHandover pending = record.pending_handover();
      record.clear_pending_handover();
      LedgerHandoverFlow flow = LedgerFlowOf(record, pending);
      increments.AtPlatformsAndForbund(flow.platform_ids, Measure::kHandoverAccepted, flow.cell);
      const std::optional<int64_t> waiting = LedgerDaysBetween(pending.proposed_on(), *day);
      if (waiting.has_value()) {
        flow.cell.days = *waiting;
        increments.AtPlatformsAndForbund(flow.platform_ids, Measure::kHandoverWaiting, flow.cell);
      }
      // The receiving owner takes over with a platform or case-owner
      // handover; to ordinary services the owner stays until closure.
      const std::string& new_owner_party = case_event.handover_accepted().new_owner_party_id();
      if ((pending.kind() == v1::HANDOVER_KIND_PLATFORM ||
           pending.kind() == v1::HANDOVER_KIND_CASE_OWNER) &&
          !new_owner_party.empty()) {
        record.set_owner_party_id(new_owner_party);
      }
      if (pending.kind() != v1::HANDOVER_KIND_PLATFORM || !record.enrolled() || record.closed()) {
        break;
      }
      increments.AtPlatform(record.current_platform_id(), Measure::kLeaveMovedOut,
                            StayCellOf(record));
      increments.AtPlatform(pending.target_platform_id(), Measure::kEnterMovedIn,
                            StayCellOf(record));
      record.set_current_platform_id(pending.target_platform_id());
      *record.mutable_stay_started_on() = date;
      EndCurrentStay(date, record);
      StartStay(pending.target_platform_id(), date, record);
      break;
    }
    case v1::CaseEvent::kHandoverRejected: {
      if (!record.has_pending_handover()) break;
      const LedgerHandoverFlow flow = LedgerFlowOf(record, record.pending_handover());
      record.clear_pending_handover();
      increments.AtPlatformsAndForbund(flow.platform_ids, Measure::kHandoverRejected, flow.cell);
      const std::string& deviation_id = case_event.handover_rejected().deviation_id();
      if (deviation_id.empty()) break;
      CounterCell kind_cell;
      kind_cell.kind = flow.cell.kind;
      increments.AtPlatformsAndForbund(flow.platform_ids, Measure::kDeviationOpened, kind_cell);
      // Its resolution must count where its opening did, whatever moved since.
      v1::FlowLedgerOpenDeviation* open = record.add_open_deviations();
      open->set_deviation_id(deviation_id);
      open->set_kind(flow.cell.kind);
      for (const std::string& platform_id : flow.platform_ids) open->add_platform_ids(platform_id);
      break;
    }
    case v1::CaseEvent::kDeviationResolved: {
      auto* open = record.mutable_open_deviations();
      const std::string& deviation_id = case_event.deviation_resolved().deviation_id();
      auto found = std::find_if(open->begin(), open->end(),
                                [&](const v1::FlowLedgerOpenDeviation& deviation) {
                                  return deviation.deviation_id() == deviation_id;
                                });
      if (found == open->end()) break;
      CounterCell kind_cell;
      kind_cell.kind = found->kind();
      increments.AtPlatformsAndForbund({found->platform_ids().begin(), found->platform_ids().end()},
                                       Measure::kDeviationResolved, kind_cell);
      open->erase(found);
      break;
    }
    case v1::CaseEvent::kCaseClosed: {
      if (record.closed()) break;
      record.set_closed(true);
      if (!record.enrolled()) break;
      *record.mutable_closed_on() = date;
      EndCurrentStay(date, record);
      CounterCell cell = StayCellOf(record);
      cell.outcome = case_event.case_closed().outcome();
      increments.AtPlatformAndForbund(record.current_platform_id(), Measure::kLeaveClosed, cell);
      const std::optional<int64_t> days = LedgerDaysBetween(record.enrolled_on(), *day);
      if (days.has_value()) {
        increments.AtPlatformAndForbund(record.current_platform_id(),
                                        Measure::kLeadEnrolmentToClosure, DaysCellOf(*days));
      }
      break;
    }
    default: {
      TORG_ASSIGN_OR_RETURN(const bool marked,
                            FoldMarks(case_event, date, flag_opener, batch, record));
      // Nothing else changes what the ledger counts; the record need not change.
      if (!marked) return absl::OkStatus();
      break;
    }
  }
  const MarkCounters mark_changes = MarkChanges(marks_before, MarkCountersOf(*case_id, record));
  if (std::any_of(mark_changes.begin(), mark_changes.end(),
                  [](const auto& change) { return IsFlaggedCounter(change.first); })) {
    record.add_flag_change_positions(event.position);
  }
  increments.AddChanges(mark_changes);
  TORG_RETURN_IF_ERROR(increments.Write(event.position, batch));
  batch.Put(record_key, record.SerializeAsString());
  return absl::OkStatus();
}

}  // namespace

FlowLedgerProjection::FlowLedgerProjection(std::shared_ptr<const SealedFlagOpener> flag_opener)
    : flag_opener_(std::move(flag_opener)) {}

absl::Status FlowLedgerProjection::Apply(const storage::RecordedEvent& event,
                                         storage::ProjectionBatch& batch) {
  if (event.type == caseindex::kParticipantEventType) {
    TORG_RETURN_IF_ERROR(ApplyLedgerParticipantEvent(event, batch));
  } else if (event.type == caseindex::kCaseEventType) {
    TORG_RETURN_IF_ERROR(ApplyLedgerCaseEvent(event, *flag_opener_, batch));
  }
  return IndexRecordedDay(event, batch);
}

}  // namespace torg::flowledger
