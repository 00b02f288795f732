#include "services/caseindex/case_flow_projections.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/casefile/case_state.h"
#include "services/caseindex/case_streams.h"
#include "services/caseindex/index_keys.h"
#include "services/common/status_macros.h"
#include "torg/v1/participant_events.pb.h"

namespace torg::caseindex {

namespace {

absl::Status Unindexable(const storage::RecordedEvent& event, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("event ", event.version, " of stream ",
                                                 event.stream, " cannot be indexed: ", why));
}

v1::CaseRecordStatus ToRecordStatus(casefile::CaseStatus status) {
  switch (status) {
    case casefile::CaseStatus::kNone:
      return v1::CASE_RECORD_STATUS_UNSPECIFIED;
    case casefile::CaseStatus::kReferred:
      return v1::CASE_RECORD_STATUS_REFERRED;
    case casefile::CaseStatus::kDirected:
      return v1::CASE_RECORD_STATUS_DIRECTED;
    case casefile::CaseStatus::kDeclined:
      return v1::CASE_RECORD_STATUS_DECLINED;
    case casefile::CaseStatus::kEnrolled:
      return v1::CASE_RECORD_STATUS_ENROLLED;
    case casefile::CaseStatus::kAssessing:
      return v1::CASE_RECORD_STATUS_ASSESSING;
    case casefile::CaseStatus::kCoordinating:
      return v1::CASE_RECORD_STATUS_COORDINATING;
    case casefile::CaseStatus::kClosed:
      return v1::CASE_RECORD_STATUS_CLOSED;
  }
  return v1::CASE_RECORD_STATUS_UNSPECIFIED;
}

void FoldHandoverAccepted(const v1::HandoverAccepted& accepted, v1::CaseRecord& record) {
  if (!record.has_pending_handover()) return;
  const v1::PendingHandoverRecord& handover = record.pending_handover();
  if (handover.kind() == v1::HANDOVER_KIND_PLATFORM) {
    record.set_platform_id(handover.target_platform_id());
  }
  if (handover.kind() != v1::HANDOVER_KIND_ORDINARY_SERVICES) {
    record.mutable_owner()->set_owner_user_id(accepted.new_owner_user_id());
    record.mutable_owner()->set_party_id(accepted.new_owner_party_id());
  }
  record.clear_pending_handover();
}

void FoldHandoverRejected(const v1::HandoverRejected& rejected, const v1::Date& day,
                          v1::CaseRecord& record) {
  v1::OpenDeviationRecord deviation;
  deviation.set_deviation_id(rejected.deviation_id());
  deviation.set_handover_id(rejected.handover_id());
  if (record.has_pending_handover()) {
    const v1::PendingHandoverRecord& handover = record.pending_handover();
    deviation.set_kind(handover.kind());
    deviation.set_target_platform_id(handover.target_platform_id());
    deviation.set_target_party_id(handover.target_party_id());
  }
  *deviation.mutable_opened_on() = day;
  record.clear_pending_handover();

  // A set of open deviations ordered by id, as casefile keeps it.
  auto* deviations = record.mutable_open_deviations();
  auto at = std::lower_bound(deviations->begin(), deviations->end(), rejected.deviation_id(),
                             [](const v1::OpenDeviationRecord& open, const std::string& id) {
                               return open.deviation_id() < id;
                             });
  if (at != deviations->end() && at->deviation_id() == rejected.deviation_id()) return;
  const int index = static_cast<int>(at - deviations->begin());
  *deviations->Add() = std::move(deviation);
  for (int i = deviations->size() - 1; i > index; --i) deviations->SwapElements(i, i - 1);
}

void FoldDeviationResolved(const v1::DeviationResolved& resolved, v1::CaseRecord& record) {
  auto* deviations = record.mutable_open_deviations();
  for (int i = 0; i < deviations->size(); ++i) {
    if (deviations->Get(i).deviation_id() == resolved.deviation_id()) {
      deviations->erase(deviations->begin() + i);
      return;
    }
  }
}

void FoldFollowUpRecorded(const v1::FollowUpRecorded& follow_up, v1::CaseRecord& record) {
  auto* recorded = record.mutable_follow_ups_recorded();
  if (std::find(recorded->begin(), recorded->end(), follow_up.point()) != recorded->end()) return;
  recorded->Add(follow_up.point());
  std::sort(recorded->begin(), recorded->end());
}

// A participant has at most one open case per platform. The domain checks it
// with a clear message; this makes it hold under concurrency too, inside the
// append that would break it (a referral, a direction, a platform handover).
absl::Status MoveOpenCaseClaim(storage::ProjectionBatch& batch,
                               const std::optional<std::string>& old_claim,
                               const v1::CaseRecord& record, const std::string& case_id) {
  const std::optional<std::string> new_claim = keys::OpenCaseClaim(record);
  if (new_claim == old_claim) return absl::OkStatus();
  if (new_claim.has_value()) {
    TORG_ASSIGN_OR_RETURN(std::optional<std::string> holder, batch.Get(*new_claim));
    if (holder.has_value() && *holder != case_id) {
      return absl::FailedPreconditionError(
          absl::StrCat("the participant already has an open case (", *holder, ") on ",
                       record.platform_id(), "; continue that case instead of opening a second"));
    }
    batch.Put(*new_claim, case_id);
  }
  if (old_claim.has_value()) {
    TORG_ASSIGN_OR_RETURN(std::optional<std::string> holder, batch.Get(*old_claim));
    if (holder == case_id) batch.Delete(*old_claim);
  }
  return absl::OkStatus();
}

// The participant of a "participant-<id>" stream; empty if it is not one.
std::string ParticipantIdOfStream(absl::string_view stream) {
  const std::string prefix = ParticipantStream("");
  if (stream.size() <= prefix.size() || stream.substr(0, prefix.size()) != prefix) return "";
  return std::string(stream.substr(prefix.size()));
}

// Reads, changes and writes back a participant's retention record with its
// index keys kept exact. A participant registered before the record existed
// gets a record without a registration day, which lists them nowhere until
// their first case ends.
class RetentionUpdate {
 public:
  RetentionUpdate(storage::ProjectionBatch& batch, std::string participant_id)
      : batch_(batch), key_(keys::ParticipantRetentionKey(participant_id)) {
    record_.set_participant_id(std::move(participant_id));
  }

  absl::Status Load() {
    TORG_ASSIGN_OR_RETURN(std::optional<std::string> stored, batch_.Get(key_));
    if (stored.has_value()) {
      if (!record_.ParseFromString(*stored)) {
        return absl::DataLossError(absl::StrCat("the retention record of participant ",
                                                record_.participant_id(), " is corrupt"));
      }
      old_keys_ = keys::RetentionIndexKeys(record_);
    }
    return absl::OkStatus();
  }

  v1::ParticipantRetentionRecord& record() { return record_; }

  void Store() {
    const std::set<std::string> new_keys = keys::RetentionIndexKeys(record_);
    for (const std::string& key : old_keys_) {
      if (new_keys.count(key) == 0) batch_.Delete(key);
    }
    for (const std::string& key : new_keys) {
      if (old_keys_.count(key) == 0) batch_.Put(key, "");
    }
    batch_.Put(key_, record_.SerializeAsString());
  }

 private:
  storage::ProjectionBatch& batch_;
  std::string key_;
  v1::ParticipantRetentionRecord record_;
  std::set<std::string> old_keys_;
};

// Keeps the retention record of a participant in step with their events.
// An erasure of a participant with an open case is refused here too, inside
// the append, so a referral that raced the erasure's decision cannot slip in
// between; and so is a case opened for an erased participant.
absl::Status ApplyParticipantRetention(const storage::RecordedEvent& event,
                                       storage::ProjectionBatch& batch) {
  v1::ParticipantEvent participant_event;
  if (!participant_event.ParseFromString(event.data)) {
    return Unindexable(event, "it is not a torg.v1.ParticipantEvent");
  }
  const std::string participant_id = ParticipantIdOfStream(event.stream);
  if (participant_id.empty()) {
    return Unindexable(event, "a participant event must be in a participant-<id> stream");
  }
  const std::optional<absl::CivilDay> day =
      casefile::ToCivilDay(participant_event.effective_date());
  if (!day.has_value() || !keys::EncodableDay(*day)) {
    return Unindexable(event, "it has no valid effective date");
  }
  RetentionUpdate update(batch, participant_id);
  TORG_RETURN_IF_ERROR(update.Load());
  v1::ParticipantRetentionRecord& record = update.record();
  switch (participant_event.kind_case()) {
    case v1::ParticipantEvent::kParticipantRegistered:
      *record.mutable_registered_on() = casefile::ToProtoDate(*day);
      break;
    case v1::ParticipantEvent::kParticipantErased:
      if (record.open_cases() > 0) {
        return absl::FailedPreconditionError(absl::StrCat(
            "participant ", participant_id, " has a case that is not final: close the case first"));
      }
      record.set_erased(true);
      *record.mutable_erased_on() = casefile::ToProtoDate(*day);
      record.set_erasure_reason(participant_event.participant_erased().reason());
      break;
    case v1::ParticipantEvent::kParticipantErasureCompleted:
      record.set_erasure_completed(true);
      break;
    default:
      return absl::OkStatus();
  }
  update.Store();
  return absl::OkStatus();
}

// Counts a case opening or ending (by the claim it holds while open) in its
// participant's retention record.
absl::Status CountCaseInRetention(storage::ProjectionBatch& batch, const v1::CaseRecord& record,
                                  bool was_open, const v1::Date& date) {
  const bool is_open = keys::OpenCaseClaim(record).has_value();
  if (was_open == is_open) return absl::OkStatus();
  RetentionUpdate update(batch, record.participant_id());
  TORG_RETURN_IF_ERROR(update.Load());
  v1::ParticipantRetentionRecord& retention = update.record();
  if (is_open) {
    if (retention.erased()) {
      return absl::FailedPreconditionError(
          absl::StrCat("the personal data of participant ", record.participant_id(),
                       " has been erased: register the person again to refer them"));
    }
    retention.set_open_cases(retention.open_cases() + 1);
  } else {
    if (retention.open_cases() > 0) retention.set_open_cases(retention.open_cases() - 1);
    const std::optional<absl::CivilDay> ended = casefile::ToCivilDay(date);
    const std::optional<absl::CivilDay> last = casefile::ToCivilDay(retention.last_ended_on());
    if (ended.has_value() && (!last.has_value() || *ended > *last)) {
      *retention.mutable_last_ended_on() = date;
    }
  }
  update.Store();
  return absl::OkStatus();
}

}  // namespace

absl::Status FoldCaseEvent(const v1::CaseEvent& event, uint64_t version, v1::CaseRecord& record) {
  const std::optional<absl::CivilDay> day = casefile::ToCivilDay(event.effective_date());
  if (!day.has_value() || !keys::EncodableDay(*day)) {
    return absl::InvalidArgumentError(
        absl::StrCat("case event ", version, " has no valid effective date"));
  }
  const v1::Date date = casefile::ToProtoDate(*day);
  switch (event.kind_case()) {
    case v1::CaseEvent::kReferralSubmitted: {
      const v1::ReferralSubmitted& referral = event.referral_submitted();
      record.set_status(ToRecordStatus(casefile::CaseStatus::kReferred));
      record.set_case_id(referral.case_id());
      record.set_participant_id(referral.participant_id());
      record.set_platform_id(referral.platform_id());
      record.mutable_needed_party_ids()->Assign(referral.needed_party_ids().begin(),
                                                referral.needed_party_ids().end());
      *record.mutable_referral_date() = date;
      break;
    }
    case v1::CaseEvent::kReferralAccepted:
      record.set_status(ToRecordStatus(casefile::CaseStatus::kEnrolled));
      *record.mutable_enrolled_on() = date;
      break;
    case v1::CaseEvent::kReferralDirected:
      record.set_status(ToRecordStatus(casefile::CaseStatus::kDirected));
      break;
    case v1::CaseEvent::kReferralDeclined:
      record.set_status(ToRecordStatus(casefile::CaseStatus::kDeclined));
      break;
    case v1::CaseEvent::kAssessmentStarted:
      record.set_status(ToRecordStatus(casefile::CaseStatus::kAssessing));
      break;
    case v1::CaseEvent::kAssessmentCompleted:
      record.set_status(ToRecordStatus(casefile::CaseStatus::kCoordinating));
      break;
    case v1::CaseEvent::kCaseOwnerAssigned:
      *record.mutable_owner() = event.case_owner_assigned();
      break;
    case v1::CaseEvent::kHandoverProposed: {
      const v1::HandoverProposed& proposed = event.handover_proposed();
      v1::PendingHandoverRecord* pending = record.mutable_pending_handover();
      pending->Clear();
      pending->set_handover_id(proposed.handover_id());
      pending->set_kind(proposed.kind());
      pending->set_target_platform_id(proposed.target_platform_id());
      pending->set_target_party_id(proposed.target_party_id());
      *pending->mutable_proposed_on() = date;
      pending->set_from_party_id(record.owner().party_id());
      break;
    }
    case v1::CaseEvent::kHandoverAccepted:
      FoldHandoverAccepted(event.handover_accepted(), record);
      break;
    case v1::CaseEvent::kHandoverRejected:
      FoldHandoverRejected(event.handover_rejected(), date, record);
      break;
    case v1::CaseEvent::kDeviationResolved:
      FoldDeviationResolved(event.deviation_resolved(), record);
      break;
    case v1::CaseEvent::kCaseClosed:
      record.set_status(ToRecordStatus(casefile::CaseStatus::kClosed));
      *record.mutable_closed_on() = date;
      record.set_outcome(event.case_closed().outcome());
      break;
    case v1::CaseEvent::kFollowUpRecorded:
      FoldFollowUpRecorded(event.follow_up_recorded(), record);
      break;
    case v1::CaseEvent::kAssessmentFindingRecorded:
    case v1::CaseEvent::kMeetingRecorded:
    case v1::CaseEvent::kCommitmentAdded:
    case v1::CaseEvent::kCommitmentCompleted:
    case v1::CaseEvent::kCommitmentCancelled:
    case v1::CaseEvent::kNoteAdded:
    case v1::CaseEvent::kCaseFlagsSet:
      break;
    case v1::CaseEvent::KIND_NOT_SET:
      return absl::InvalidArgumentError(absl::StrCat("case event ", version, " has no kind"));
  }
  // As casefile::Apply: the first step sets the floor; follow-ups, dated on
  // their own clock after closure, never move it.
  if (record.version() == 0 || !record.has_last_step_date()) {
    *record.mutable_last_step_date() = date;
  } else if (event.kind_case() != v1::CaseEvent::kFollowUpRecorded) {
    const std::optional<absl::CivilDay> last = casefile::ToCivilDay(record.last_step_date());
    if (!last.has_value() || *day > *last) *record.mutable_last_step_date() = date;
  }
  record.set_version(version);
  return absl::OkStatus();
}

absl::Status ParticipantLookupProjection::Apply(const storage::RecordedEvent& event,
                                                storage::ProjectionBatch& batch) {
  if (event.type != kParticipantEventType) return absl::OkStatus();
  v1::ParticipantEvent participant_event;
  if (!participant_event.ParseFromString(event.data)) {
    return Unindexable(event, "it is not a torg.v1.ParticipantEvent");
  }
  if (participant_event.has_participant_erased()) {
    // The facts stay, marked: every count and list that uses them still adds up.
    const std::string participant_id = ParticipantIdOfStream(event.stream);
    const std::string key = keys::ParticipantFactsKey(participant_id);
    TORG_ASSIGN_OR_RETURN(std::optional<std::string> stored, batch.Get(key));
    v1::ParticipantFactsRecord facts;
    if (stored.has_value() && !facts.ParseFromString(*stored)) {
      return absl::DataLossError(
          absl::StrCat("the facts record of participant ", participant_id, " is corrupt"));
    }
    facts.set_participant_id(participant_id);
    facts.set_erased(true);
    batch.Put(key, facts.SerializeAsString());
    return absl::OkStatus();
  }
  if (!participant_event.has_participant_registered()) return absl::OkStatus();
  const v1::ParticipantRegistered& registered = participant_event.participant_registered();
  const std::string& participant_id = registered.participant_id();
  if (participant_id.empty()) return Unindexable(event, "the registration has no participant_id");

  v1::ParticipantFactsRecord facts;
  facts.set_participant_id(participant_id);
  facts.set_identity_kind(registered.identity_kind());
  facts.set_birth_year(registered.birth_year());
  facts.set_gender(registered.gender());
  facts.set_kommun_code(registered.kommun_code());
  facts.set_protected_identity(registered.protected_identity());
  batch.Put(keys::ParticipantFactsKey(participant_id), facts.SerializeAsString());
  return absl::OkStatus();
}

absl::Status CaseIndexProjection::Apply(const storage::RecordedEvent& event,
                                        storage::ProjectionBatch& batch) {
  if (event.type == kParticipantEventType) return ApplyParticipantRetention(event, batch);
  if (event.type != kCaseEventType) return absl::OkStatus();
  const std::optional<std::string> case_id = CaseIdOfStream(event.stream);
  if (!case_id.has_value()) return Unindexable(event, "a case event must be in a case-<id> stream");
  v1::CaseEvent case_event;
  if (!case_event.ParseFromString(event.data)) {
    return Unindexable(event, "it is not a torg.v1.CaseEvent");
  }

  const std::string record_key = keys::CaseRecordKey(*case_id);
  TORG_ASSIGN_OR_RETURN(std::optional<std::string> stored, batch.Get(record_key));
  v1::CaseRecord record;
  std::set<std::string> old_keys;
  std::optional<std::string> old_claim;
  if (stored.has_value()) {
    if (!record.ParseFromString(*stored)) {
      return absl::DataLossError(
          absl::StrCat("the case index record of ", *case_id, " is corrupt"));
    }
    old_keys = keys::CaseIndexKeys(record);
    old_claim = keys::OpenCaseClaim(record);
  } else if (!case_event.has_referral_submitted()) {
    return Unindexable(event, "the first event of a case must be its referral");
  }
  if (case_event.has_referral_submitted() &&
      case_event.referral_submitted().case_id() != *case_id) {
    return Unindexable(event, "the referral's case_id is not the stream's case");
  }

  absl::Status folded = FoldCaseEvent(case_event, event.version, record);
  if (!folded.ok()) return Unindexable(event, folded.message());

  TORG_RETURN_IF_ERROR(MoveOpenCaseClaim(batch, old_claim, record, *case_id));
  TORG_RETURN_IF_ERROR(
      CountCaseInRetention(batch, record, old_claim.has_value(), case_event.effective_date()));
  const std::set<std::string> new_keys = keys::CaseIndexKeys(record);
  for (const std::string& key : old_keys) {
    if (new_keys.count(key) == 0) batch.Delete(key);
  }
  for (const std::string& key : new_keys) {
    if (old_keys.count(key) == 0) batch.Put(key, "");
  }
  batch.Put(record_key, record.SerializeAsString());
  return absl::OkStatus();
}

std::vector<std::shared_ptr<storage::Projection>> CaseFlowProjections() {
  return {std::make_shared<ParticipantLookupProjection>(), std::make_shared<CaseIndexProjection>()};
}

}  // namespace torg::caseindex
