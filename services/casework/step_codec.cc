#include "services/casework/step_codec.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/reflection.h"
#include "services/common/status_macros.h"

namespace torg::casework {
namespace {

// The associated-data names of the sealed fields: stable, they are part of
// every sealed value's authentication.
constexpr char kReferral[] = "referral";
constexpr char kDeclineMotivation[] = "decline.motivation";
constexpr char kFinding[] = "finding";
constexpr char kPlanGoal[] = "plan.goal";
constexpr char kPlanCommitment[] = "plan.commitment";
constexpr char kMeetingDecisions[] = "meeting.decisions";
constexpr char kCommitmentDescription[] = "commitment.description";
constexpr char kCommitmentProvider[] = "commitment.provider";
constexpr char kCommitmentCancelReason[] = "commitment.cancel_reason";
constexpr char kNote[] = "note";
constexpr char kHandoverMotivation[] = "handover.motivation";
constexpr char kHandoverRejection[] = "handover.rejection";
constexpr char kDeviationResolution[] = "deviation.resolution";
constexpr char kFollowUpNote[] = "follow_up.note";
constexpr char kCaseFlags[] = "case.flags";

// Padded to the size with every flag set, so that which flags are set does
// not show from the size of the event.
absl::StatusOr<std::string> SealCaseFlags(const v1::CaseFlags& flags,
                                          const ParticipantSealer& sealer) {
  v1::CaseFlags all;
  all.set_violence_in_close_relationship(true);
  all.set_risk_use_or_abuse(true);
  return sealer.SealPadded(kCaseFlags, flags.SerializeAsString(), all.ByteSizeLong());
}

absl::StatusOr<v1::ReferralDetails> OpenReferralDetails(const v1::ReferralSubmitted& event,
                                                        const ParticipantSealer& sealer) {
  v1::ReferralDetails details;
  if (event.sealed_details().empty()) return details;
  TORG_ASSIGN_OR_RETURN(std::string plain, sealer.OpenPadded(kReferral, event.sealed_details()));
  if (!details.ParseFromString(plain)) {
    return absl::DataLossError("a referral's sealed details do not decode");
  }
  return details;
}

absl::Status SealReferral(const v1::ReferralStep& step, const ParticipantSealer& sealer,
                          v1::ReferralSubmitted& out) {
  out.set_participant_id(step.participant_id());
  out.set_platform_id(step.platform_id());
  *out.mutable_referrer() = step.referrer();
  *out.mutable_needed_party_ids() = step.needed_party_ids();
  out.set_directed_from_case_id(step.directed_from_case_id());
  v1::ReferralDetails details;
  details.set_reason(step.reason());
  details.set_violence_in_close_relationship(step.violence_in_close_relationship());
  details.set_risk_use_or_abuse(step.risk_use_or_abuse());
  // Padded, and sealed even when every field is empty or false: whether a
  // person is flagged must not show from the size of the record.
  v1::ReferralDetails flagged = details;
  flagged.set_violence_in_close_relationship(true);
  flagged.set_risk_use_or_abuse(true);
  TORG_ASSIGN_OR_RETURN(
      std::string sealed,
      sealer.SealPadded(kReferral, details.SerializeAsString(), flagged.ByteSizeLong()));
  out.set_sealed_details(std::move(sealed));
  return absl::OkStatus();
}

// The Open functions take no sealer (nullptr) for a participant whose key
// is destroyed: what was sealed is then left empty (see RedactStep).
absl::Status OpenReferral(const v1::ReferralSubmitted& event, const ParticipantSealer* sealer,
                          v1::ReferralStep& out) {
  out.set_participant_id(event.participant_id());
  out.set_platform_id(event.platform_id());
  *out.mutable_referrer() = event.referrer();
  *out.mutable_needed_party_ids() = event.needed_party_ids();
  out.set_age_at_referral(event.age_at_referral());
  out.set_directed_from_case_id(event.directed_from_case_id());
  if (sealer == nullptr) return absl::OkStatus();
  TORG_ASSIGN_OR_RETURN(const v1::ReferralDetails details, OpenReferralDetails(event, *sealer));
  out.set_reason(details.reason());
  out.set_violence_in_close_relationship(details.violence_in_close_relationship());
  out.set_risk_use_or_abuse(details.risk_use_or_abuse());
  return absl::OkStatus();
}

// Seals `text` into the bytes field `set` writes.
template <class Setter>
absl::Status SealInto(const ParticipantSealer& sealer, const char* field, const std::string& text,
                      Setter set) {
  TORG_ASSIGN_OR_RETURN(std::string sealed, sealer.Seal(field, text));
  set(std::move(sealed));
  return absl::OkStatus();
}

template <class Setter>
absl::Status OpenInto(const ParticipantSealer* sealer, const char* field, const std::string& sealed,
                      Setter set) {
  if (sealer == nullptr) return absl::OkStatus();
  TORG_ASSIGN_OR_RETURN(std::string text, sealer->Open(field, sealed));
  set(std::move(text));
  return absl::OkStatus();
}

absl::Status SealPlan(const v1::JointPlanStep& plan, const ParticipantSealer& sealer,
                      v1::AssessmentCompleted& out) {
  for (const std::string& goal : plan.goals()) {
    TORG_RETURN_IF_ERROR(SealInto(sealer, kPlanGoal, goal,
                                  [&](std::string s) { out.add_sealed_goals(std::move(s)); }));
  }
  for (const v1::PlanCommitmentStep& commitment : plan.commitments()) {
    v1::PlannedCommitment* planned = out.add_commitments();
    planned->set_party_id(commitment.party_id());
    TORG_RETURN_IF_ERROR(
        SealInto(sealer, kPlanCommitment, commitment.description(),
                 [&](std::string s) { planned->set_sealed_description(std::move(s)); }));
  }
  return absl::OkStatus();
}

absl::Status OpenPlan(const v1::AssessmentCompleted& event, const ParticipantSealer* sealer,
                      v1::JointPlanStep& out) {
  for (const std::string& goal : event.sealed_goals()) {
    TORG_RETURN_IF_ERROR(
        OpenInto(sealer, kPlanGoal, goal, [&](std::string s) { out.add_goals(std::move(s)); }));
  }
  for (const v1::PlannedCommitment& planned : event.commitments()) {
    v1::PlanCommitmentStep* commitment = out.add_commitments();
    commitment->set_party_id(planned.party_id());
    TORG_RETURN_IF_ERROR(
        OpenInto(sealer, kPlanCommitment, planned.sealed_description(),
                 [&](std::string s) { commitment->set_description(std::move(s)); }));
  }
  return absl::OkStatus();
}

absl::Status SealKind(const v1::CaseStep& step, const ParticipantSealer& sealer,
                      v1::CaseEvent& out) {
  using K = v1::CaseStep::KindCase;
  switch (step.kind_case()) {
    case K::kReferralSubmitted:
      return SealReferral(step.referral_submitted(), sealer, *out.mutable_referral_submitted());
    case K::kReferralAccepted:
      *out.mutable_referral_accepted() = step.referral_accepted();
      return absl::OkStatus();
    case K::kReferralDirected:
      *out.mutable_referral_directed() = step.referral_directed();
      return absl::OkStatus();
    case K::kReferralDeclined: {
      v1::ReferralDeclined* declined = out.mutable_referral_declined();
      declined->set_reason(step.referral_declined().reason());
      return SealInto(sealer, kDeclineMotivation, step.referral_declined().motivation(),
                      [&](std::string s) { declined->set_sealed_motivation(std::move(s)); });
    }
    case K::kAssessmentStarted:
      *out.mutable_assessment_started() = step.assessment_started();
      return absl::OkStatus();
    case K::kAssessmentFindingRecorded: {
      const v1::FindingStep& finding = step.assessment_finding_recorded();
      v1::AssessmentFindingRecorded* recorded = out.mutable_assessment_finding_recorded();
      recorded->set_domain(finding.domain());
      recorded->set_party_id(finding.party_id());
      return SealInto(sealer, kFinding, finding.finding(),
                      [&](std::string s) { recorded->set_sealed_finding(std::move(s)); });
    }
    case K::kAssessmentCompleted:
      return SealPlan(step.assessment_completed(), sealer, *out.mutable_assessment_completed());
    case K::kCaseOwnerAssigned:
      *out.mutable_case_owner_assigned() = step.case_owner_assigned();
      return absl::OkStatus();
    case K::kMeetingRecorded: {
      const v1::MeetingStep& meeting = step.meeting_recorded();
      v1::MeetingRecorded* recorded = out.mutable_meeting_recorded();
      recorded->set_meeting_id(meeting.meeting_id());
      *recorded->mutable_present_party_ids() = meeting.present_party_ids();
      recorded->set_participant_present(meeting.participant_present());
      return SealInto(sealer, kMeetingDecisions, meeting.decisions(),
                      [&](std::string s) { recorded->set_sealed_decisions(std::move(s)); });
    }
    case K::kCommitmentAdded: {
      const v1::CommitmentStep& commitment = step.commitment_added();
      v1::CommitmentAdded* added = out.mutable_commitment_added();
      added->set_commitment_id(commitment.commitment_id());
      added->set_kind(commitment.kind());
      added->set_party_id(commitment.party_id());
      TORG_RETURN_IF_ERROR(
          SealInto(sealer, kCommitmentProvider, commitment.provider(),
                   [&](std::string sealed) { added->set_sealed_provider(std::move(sealed)); }));
      if (commitment.has_start_date()) *added->mutable_start_date() = commitment.start_date();
      if (commitment.has_end_date()) *added->mutable_end_date() = commitment.end_date();
      return SealInto(sealer, kCommitmentDescription, commitment.description(),
                      [&](std::string s) { added->set_sealed_description(std::move(s)); });
    }
    case K::kCommitmentCompleted:
      *out.mutable_commitment_completed() = step.commitment_completed();
      return absl::OkStatus();
    case K::kCommitmentCancelled: {
      v1::CommitmentCancelled* cancelled = out.mutable_commitment_cancelled();
      cancelled->set_commitment_id(step.commitment_cancelled().commitment_id());
      return SealInto(sealer, kCommitmentCancelReason, step.commitment_cancelled().reason(),
                      [&](std::string s) { cancelled->set_sealed_reason(std::move(s)); });
    }
    case K::kNoteAdded:
      return SealInto(sealer, kNote, step.note_added().text(), [&](std::string s) {
        out.mutable_note_added()->set_sealed_text(std::move(s));
      });
    case K::kCaseFlagsSet: {
      TORG_ASSIGN_OR_RETURN(std::string sealed, SealCaseFlags(step.case_flags_set(), sealer));
      out.mutable_case_flags_set()->set_sealed_flags(std::move(sealed));
      return absl::OkStatus();
    }
    case K::kHandoverProposed: {
      const v1::HandoverProposalStep& proposal = step.handover_proposed();
      v1::HandoverProposed* proposed = out.mutable_handover_proposed();
      proposed->set_handover_id(proposal.handover_id());
      proposed->set_kind(proposal.kind());
      proposed->set_target_platform_id(proposal.target_platform_id());
      proposed->set_target_party_id(proposal.target_party_id());
      return SealInto(sealer, kHandoverMotivation, proposal.motivation(),
                      [&](std::string s) { proposed->set_sealed_motivation(std::move(s)); });
    }
    case K::kHandoverAccepted:
      *out.mutable_handover_accepted() = step.handover_accepted();
      return absl::OkStatus();
    case K::kHandoverRejected: {
      const v1::HandoverRejectionStep& rejection = step.handover_rejected();
      v1::HandoverRejected* rejected = out.mutable_handover_rejected();
      rejected->set_handover_id(rejection.handover_id());
      rejected->set_deviation_id(rejection.deviation_id());
      return SealInto(sealer, kHandoverRejection, rejection.reason(),
                      [&](std::string s) { rejected->set_sealed_reason(std::move(s)); });
    }
    case K::kDeviationResolved: {
      v1::DeviationResolved* resolved = out.mutable_deviation_resolved();
      resolved->set_deviation_id(step.deviation_resolved().deviation_id());
      return SealInto(sealer, kDeviationResolution, step.deviation_resolved().resolution(),
                      [&](std::string s) { resolved->set_sealed_resolution(std::move(s)); });
    }
    case K::kCaseClosed:
      *out.mutable_case_closed() = step.case_closed();
      return absl::OkStatus();
    case K::kFollowUpRecorded: {
      const v1::FollowUpStep& follow_up = step.follow_up_recorded();
      v1::FollowUpRecorded* recorded = out.mutable_follow_up_recorded();
      recorded->set_point(follow_up.point());
      recorded->set_reached(follow_up.reached());
      *recorded->mutable_income() = follow_up.income();
      return SealInto(sealer, kFollowUpNote, follow_up.note(),
                      [&](std::string s) { recorded->set_sealed_note(std::move(s)); });
    }
    case K::KIND_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("the step has no kind");
}

absl::Status OpenKind(const v1::CaseEvent& event, const ParticipantSealer* sealer,
                      v1::CaseStep& out) {
  using K = v1::CaseEvent::KindCase;
  switch (event.kind_case()) {
    case K::kReferralSubmitted:
      return OpenReferral(event.referral_submitted(), sealer, *out.mutable_referral_submitted());
    case K::kReferralAccepted:
      *out.mutable_referral_accepted() = event.referral_accepted();
      return absl::OkStatus();
    case K::kReferralDirected:
      *out.mutable_referral_directed() = event.referral_directed();
      return absl::OkStatus();
    case K::kReferralDeclined: {
      v1::DeclineStep* declined = out.mutable_referral_declined();
      declined->set_reason(event.referral_declined().reason());
      return OpenInto(sealer, kDeclineMotivation, event.referral_declined().sealed_motivation(),
                      [&](std::string s) { declined->set_motivation(std::move(s)); });
    }
    case K::kAssessmentStarted:
      *out.mutable_assessment_started() = event.assessment_started();
      return absl::OkStatus();
    case K::kAssessmentFindingRecorded: {
      const v1::AssessmentFindingRecorded& recorded = event.assessment_finding_recorded();
      v1::FindingStep* finding = out.mutable_assessment_finding_recorded();
      finding->set_domain(recorded.domain());
      finding->set_party_id(recorded.party_id());
      return OpenInto(sealer, kFinding, recorded.sealed_finding(),
                      [&](std::string s) { finding->set_finding(std::move(s)); });
    }
    case K::kAssessmentCompleted:
      return OpenPlan(event.assessment_completed(), sealer, *out.mutable_assessment_completed());
    case K::kCaseOwnerAssigned:
      *out.mutable_case_owner_assigned() = event.case_owner_assigned();
      return absl::OkStatus();
    case K::kMeetingRecorded: {
      const v1::MeetingRecorded& recorded = event.meeting_recorded();
      v1::MeetingStep* meeting = out.mutable_meeting_recorded();
      meeting->set_meeting_id(recorded.meeting_id());
      *meeting->mutable_present_party_ids() = recorded.present_party_ids();
      meeting->set_participant_present(recorded.participant_present());
      return OpenInto(sealer, kMeetingDecisions, recorded.sealed_decisions(),
                      [&](std::string s) { meeting->set_decisions(std::move(s)); });
    }
    case K::kCommitmentAdded: {
      const v1::CommitmentAdded& added = event.commitment_added();
      v1::CommitmentStep* commitment = out.mutable_commitment_added();
      commitment->set_commitment_id(added.commitment_id());
      commitment->set_kind(added.kind());
      commitment->set_party_id(added.party_id());
      TORG_RETURN_IF_ERROR(
          OpenInto(sealer, kCommitmentProvider, added.sealed_provider(),
                   [&](std::string text) { commitment->set_provider(std::move(text)); }));
      if (added.has_start_date()) *commitment->mutable_start_date() = added.start_date();
      if (added.has_end_date()) *commitment->mutable_end_date() = added.end_date();
      return OpenInto(sealer, kCommitmentDescription, added.sealed_description(),
                      [&](std::string s) { commitment->set_description(std::move(s)); });
    }
    case K::kCommitmentCompleted:
      *out.mutable_commitment_completed() = event.commitment_completed();
      return absl::OkStatus();
    case K::kCommitmentCancelled: {
      v1::CancelCommitmentStep* cancelled = out.mutable_commitment_cancelled();
      cancelled->set_commitment_id(event.commitment_cancelled().commitment_id());
      return OpenInto(sealer, kCommitmentCancelReason, event.commitment_cancelled().sealed_reason(),
                      [&](std::string s) { cancelled->set_reason(std::move(s)); });
    }
    case K::kNoteAdded:
      return OpenInto(sealer, kNote, event.note_added().sealed_text(),
                      [&](std::string s) { out.mutable_note_added()->set_text(std::move(s)); });
    case K::kCaseFlagsSet: {
      v1::CaseFlags* flags = out.mutable_case_flags_set();
      if (sealer == nullptr) return absl::OkStatus();
      TORG_ASSIGN_OR_RETURN(*flags, OpenCaseFlags(event.case_flags_set(), *sealer));
      return absl::OkStatus();
    }
    case K::kHandoverProposed: {
      const v1::HandoverProposed& proposed = event.handover_proposed();
      v1::HandoverProposalStep* proposal = out.mutable_handover_proposed();
      proposal->set_handover_id(proposed.handover_id());
      proposal->set_kind(proposed.kind());
      proposal->set_target_platform_id(proposed.target_platform_id());
      proposal->set_target_party_id(proposed.target_party_id());
      return OpenInto(sealer, kHandoverMotivation, proposed.sealed_motivation(),
                      [&](std::string s) { proposal->set_motivation(std::move(s)); });
    }
    case K::kHandoverAccepted:
      *out.mutable_handover_accepted() = event.handover_accepted();
      return absl::OkStatus();
    case K::kHandoverRejected: {
      const v1::HandoverRejected& rejected = event.handover_rejected();
      v1::HandoverRejectionStep* rejection = out.mutable_handover_rejected();
      rejection->set_handover_id(rejected.handover_id());
      rejection->set_deviation_id(rejected.deviation_id());
      return OpenInto(sealer, kHandoverRejection, rejected.sealed_reason(),
                      [&](std::string s) { rejection->set_reason(std::move(s)); });
    }
    case K::kDeviationResolved: {
      v1::DeviationResolutionStep* resolution = out.mutable_deviation_resolved();
      resolution->set_deviation_id(event.deviation_resolved().deviation_id());
      return OpenInto(sealer, kDeviationResolution, event.deviation_resolved().sealed_resolution(),
                      [&](std::string s) { resolution->set_resolution(std::move(s)); });
    }
    case K::kCaseClosed:
      *out.mutable_case_closed() = event.case_closed();
      return absl::OkStatus();
    case K::kFollowUpRecorded: {
      const v1::FollowUpRecorded& recorded = event.follow_up_recorded();
      v1::FollowUpStep* follow_up = out.mutable_follow_up_recorded();
      follow_up->set_point(recorded.point());
      follow_up->set_reached(recorded.reached());
      *follow_up->mutable_income() = recorded.income();
      return OpenInto(sealer, kFollowUpNote, recorded.sealed_note(),
                      [&](std::string s) { follow_up->set_note(std::move(s)); });
    }
    case K::KIND_NOT_SET:
      break;
  }
  return absl::DataLossError("a stored case event has no kind");
}

// Whether `message` or a message inside it has a non-empty "sealed_" field.
bool HoldsSealed(const google::protobuf::Message& message) {
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const google::protobuf::FieldDescriptor* field : fields) {
    if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          if (HoldsSealed(reflection->GetRepeatedMessage(message, field, i))) return true;
        }
      } else if (HoldsSealed(reflection->GetMessage(message, field))) {
        return true;
      }
    } else if (absl::StartsWith(field->name(), "sealed_")) {
      // ListFields lists only fields that are set: non-empty bytes, or a
      // repeated field with elements.
      return true;
    }
  }
  return false;
}

}  // namespace

absl::StatusOr<v1::CaseFlags> OpenReferralFlags(const v1::ReferralSubmitted& event,
                                                const ParticipantSealer& sealer) {
  TORG_ASSIGN_OR_RETURN(const v1::ReferralDetails details, OpenReferralDetails(event, sealer));
  v1::CaseFlags flags;
  flags.set_violence_in_close_relationship(details.violence_in_close_relationship());
  flags.set_risk_use_or_abuse(details.risk_use_or_abuse());
  return flags;
}

absl::StatusOr<v1::CaseFlags> OpenCaseFlags(const v1::CaseFlagsSet& event,
                                            const ParticipantSealer& sealer) {
  TORG_ASSIGN_OR_RETURN(std::string plain, sealer.OpenPadded(kCaseFlags, event.sealed_flags()));
  v1::CaseFlags flags;
  if (!flags.ParseFromString(plain)) {
    return absl::DataLossError("a case's sealed flags do not decode");
  }
  return flags;
}

bool HoldsSealedDetails(const v1::CaseEvent& event) { return HoldsSealed(event); }

absl::StatusOr<v1::CaseEvent> SealStep(const v1::CaseStep& step, const ParticipantSealer& sealer) {
  v1::CaseEvent event;
  if (step.has_effective_date()) *event.mutable_effective_date() = step.effective_date();
  event.set_recorded_by(step.recorded_by());
  TORG_RETURN_IF_ERROR(SealKind(step, sealer, event));
  return event;
}

absl::StatusOr<v1::CaseStep> OpenStep(const v1::CaseEvent& event, const ParticipantSealer& sealer) {
  v1::CaseStep step;
  if (event.has_effective_date()) *step.mutable_effective_date() = event.effective_date();
  step.set_recorded_by(event.recorded_by());
  TORG_RETURN_IF_ERROR(OpenKind(event, &sealer, step));
  return step;
}

absl::StatusOr<v1::CaseStep> RedactStep(const v1::CaseEvent& event) {
  v1::CaseStep step;
  if (event.has_effective_date()) *step.mutable_effective_date() = event.effective_date();
  step.set_recorded_by(event.recorded_by());
  TORG_RETURN_IF_ERROR(OpenKind(event, nullptr, step));
  return step;
}

}  // namespace torg::casework
