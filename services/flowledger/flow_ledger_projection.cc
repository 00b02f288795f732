#include "services/flowledger/flow_ledger_projection.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/casefile/case_state.h"
#include "services/caseindex/case_streams.h"
#include "services/common/status_macros.h"
#include "services/common/swedish_calendar.h"
#include "services/flowledger/flow_ledger_keys.h"
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

  absl::Status Write(uint64_t position, storage::ProjectionBatch& batch) const {
    if (keys_.empty()) return absl::OkStatus();
    v1::FlowLedgerUndoRecord undo;
    for (const std::string& key : keys_) {
      TORG_ASSIGN_OR_RETURN(std::optional<std::string> stored, batch.Get(key));
      keys::CounterValue value;
      if (stored.has_value()) {
        std::optional<keys::CounterValue> decoded = keys::DecodeCounterValue(*stored);
        if (!decoded.has_value()) {
          return absl::DataLossError("a counter of the flow ledger is corrupt");
        }
        value = *decoded;
      }
      value.count += 1;
      value.last_position = position;
      batch.Put(key, keys::EncodeCounterValue(value));
      v1::FlowLedgerIncrement* increment = undo.add_increments();
      increment->set_counter_key(key);
      increment->set_delta(1);
    }
    batch.Put(keys::UndoKey(position), undo.SerializeAsString());
    return absl::OkStatus();
  }

 private:
  absl::CivilDay day_;
  std::vector<std::string> keys_;
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

absl::Status ApplyLedgerParticipantEvent(const storage::RecordedEvent& event,
                                         storage::ProjectionBatch& batch) {
  v1::ParticipantEvent participant_event;
  if (!participant_event.ParseFromString(event.data)) {
    return Uncountable(event, "it is not a torg.v1.ParticipantEvent");
  }
  if (!participant_event.has_participant_registered()) return absl::OkStatus();
  const v1::ParticipantRegistered& registered = participant_event.participant_registered();
  if (registered.participant_id().empty()) {
    return Uncountable(event, "the registration has no participant_id");
  }
  if (event.stream != caseindex::ParticipantStream(registered.participant_id())) {
    return Uncountable(event, "a registration must be in its participant-<id> stream");
  }
  v1::FlowLedgerParticipantRecord record;
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
  TORG_ASSIGN_OR_RETURN(std::optional<std::string> stored,
                        batch.Get(keys::ParticipantKey(referral.participant_id())));
  if (stored.has_value()) {
    v1::FlowLedgerParticipantRecord participant;
    if (!participant.ParseFromString(*stored)) {
      return absl::DataLossError(absl::StrCat("the flow ledger's record of participant ",
                                              referral.participant_id(), " is corrupt"));
    }
    record.set_gender(participant.gender());
    record.set_kommun_code(participant.kommun_code());
  }
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

absl::Status ApplyLedgerCaseEvent(const storage::RecordedEvent& event,
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
  switch (case_event.kind_case()) {
    case v1::CaseEvent::kReferralSubmitted: {
      const v1::ReferralSubmitted& referral = case_event.referral_submitted();
      if (referral.case_id() != *case_id) {
        return Uncountable(event, "the referral's case_id is not the stream's case");
      }
      TORG_RETURN_IF_ERROR(FoldLedgerReferral(referral, date, batch, record));
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
    default:
      // Nothing else changes what the ledger counts; the record need not change.
      return absl::OkStatus();
  }
  TORG_RETURN_IF_ERROR(increments.Write(event.position, batch));
  batch.Put(record_key, record.SerializeAsString());
  return absl::OkStatus();
}

}  // namespace

absl::Status FlowLedgerProjection::Apply(const storage::RecordedEvent& event,
                                         storage::ProjectionBatch& batch) {
  if (event.type == caseindex::kParticipantEventType) {
    TORG_RETURN_IF_ERROR(ApplyLedgerParticipantEvent(event, batch));
  } else if (event.type == caseindex::kCaseEventType) {
    TORG_RETURN_IF_ERROR(ApplyLedgerCaseEvent(event, batch));
  }
  return IndexRecordedDay(event, batch);
}

}  // namespace torg::flowledger
