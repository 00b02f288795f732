#include "services/casefile/case_decider.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/casefile/case_rules.h"
#include "services/casefile/forbund_lookup.h"
#include "services/common/status_macros.h"

namespace torg::casefile {
namespace {

using E = v1::CaseEvent;

// The Finsam law (2003:1210) took effect in 2004: no step can be older.
constexpr int kEarliestStepYear = 2004;

std::string DateText(absl::CivilDay day) { return absl::FormatCivilTime(day); }

// A client-chosen id within the case: required, and never reused.
absl::Status CheckNewId(absl::string_view field, const std::string& id,
                        const std::set<std::string>& used) {
  if (id.empty()) return absl::InvalidArgumentError(absl::StrCat(field, " is required"));
  if (used.count(id) > 0) {
    return absl::AlreadyExistsError(
        absl::StrCat(field, " ", id, " is already used on this case: every one is new"));
  }
  return absl::OkStatus();
}

absl::Status CheckEffectiveDate(const CaseState& state, const E& proposed,
                                const DecisionContext& context, absl::CivilDay& day) {
  if (!proposed.has_effective_date()) {
    return absl::InvalidArgumentError("effective_date is required: the date the step took effect");
  }
  std::optional<absl::CivilDay> parsed = ToCivilDay(proposed.effective_date());
  if (!parsed.has_value()) {
    return absl::InvalidArgumentError("effective_date is not a calendar date");
  }
  day = *parsed;
  if (day.year() < kEarliestStepYear) {
    return absl::InvalidArgumentError(
        absl::StrCat("effective_date ", DateText(day), " is before ", kEarliestStepYear,
                     ", when coordination under the Finsam law began"));
  }
  if (day > context.today) {
    return absl::InvalidArgumentError(absl::StrCat("effective_date ", DateText(day),
                                                   " is in the future (today is ",
                                                   DateText(context.today), ")"));
  }
  if (state.status != CaseStatus::kNone && proposed.kind_case() != E::kFollowUpRecorded &&
      day < state.last_step_date) {
    return absl::FailedPreconditionError(absl::StrCat(
        "effective_date ", DateText(day), " is before the case's latest step on ",
        DateText(state.last_step_date), "; a step cannot be dated before the one it follows"));
  }
  return absl::OkStatus();
}

absl::Status CheckConsentedParty(const DecisionContext& context, absl::string_view party_id,
                                 absl::string_view field) {
  if (party_id.empty()) return absl::InvalidArgumentError(absl::StrCat(field, " is required"));
  if (!PartyExists(*context.config, party_id)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " names ", party_id, ", which is not a party of the förbund"));
  }
  if (context.consented_party_ids.count(std::string(party_id)) == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("the participant's consent does not cover ", party_id,
                     ": record consent for that party before involving it"));
  }
  return absl::OkStatus();
}

// Whether the participant may be on `platform` on the step's date: age
// inside the förbund's and the platform's range, a LOCAL platform only for
// its kommuner' residents, and no other case open there. `case_id` is the
// case being placed (a handover does not collide with itself).
absl::Status CheckFitsPlatform(const v1::Platform& platform, const DecisionContext& context) {
  const ParticipantFacts& participant = *context.participant_facts;
  const int age = participant.age_on_step_date;
  const v1::AgeRange& target = context.config->target_age();
  if (age < static_cast<int>(target.min_years()) || age > static_cast<int>(target.max_years())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the participant is ", age, " on the date of the step; the förbund works with ",
        target.min_years(), "–", target.max_years()));
  }
  const v1::AgeRange& range = platform.age_range();
  if (age < static_cast<int>(range.min_years()) || age > static_cast<int>(range.max_years())) {
    return absl::InvalidArgumentError(absl::StrCat("the participant is ", age, "; ",
                                                   platform.name(), " takes ", range.min_years(),
                                                   "–", range.max_years()));
  }
  if (platform.kind() == v1::PLATFORM_KIND_LOCAL &&
      std::find(platform.kommun_codes().begin(), platform.kommun_codes().end(),
                participant.kommun_code) == platform.kommun_codes().end()) {
    return absl::InvalidArgumentError(absl::StrCat(
        platform.name(), " takes only residents of its kommuner; the participant lives in ",
        participant.kommun_code.empty() ? "an unknown kommun" : participant.kommun_code));
  }
  if (participant.platforms_with_open_case.count(platform.id()) > 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("the participant already has an open case on ", platform.name(),
                     "; continue that case instead of opening a second"));
  }
  return absl::OkStatus();
}

absl::Status RequireParticipantFacts(const DecisionContext& context, absl::string_view step) {
  if (!context.participant_facts.has_value()) {
    return absl::InternalError(absl::StrCat(step, " needs the participant's facts"));
  }
  return absl::OkStatus();
}

absl::Status DecideReferral(const v1::ReferralSubmitted& referral, const DecisionContext& context,
                            absl::CivilDay day) {
  TORG_RETURN_IF_ERROR(RequireParticipantFacts(context, "a referral"));
  if (referral.case_id().empty() || referral.participant_id().empty()) {
    return absl::InvalidArgumentError("a referral needs case_id and participant_id");
  }
  const v1::Platform* platform = FindPlatform(*context.config, referral.platform_id());
  if (platform == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("platform ", referral.platform_id(), " is not one of the förbund's"));
  }
  if (referral.referrer().self_referral() != referral.referrer().party_id().empty()) {
    return absl::InvalidArgumentError(
        "referrer: give either the referring party or self_referral, not both or neither");
  }
  if (!referral.referrer().self_referral() &&
      !PartyExists(*context.config, referral.referrer().party_id())) {
    return absl::InvalidArgumentError(absl::StrCat("referrer ", referral.referrer().party_id(),
                                                   " is not a party of the förbund"));
  }
  std::set<std::string> needed(referral.needed_party_ids().begin(),
                               referral.needed_party_ids().end());
  if (needed.size() < 2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "coordinated support needs at least two parties; the referral names ", needed.size(),
        ". A need of one party belongs to that party's ordinary services"));
  }
  for (const std::string& party : needed) {
    TORG_RETURN_IF_ERROR(CheckConsentedParty(context, party, "needed_party_ids"));
  }
  if (day < context.participant_facts->registered_on) {
    return absl::FailedPreconditionError(
        absl::StrCat("the referral is dated ", DateText(day),
                     ", before the participant was "
                     "registered on ",
                     DateText(context.participant_facts->registered_on)));
  }
  return CheckFitsPlatform(*platform, context);
}

absl::Status DecideDirected(const CaseState& state, const v1::ReferralDirected& directed,
                            const DecisionContext& context) {
  if (FindPlatform(*context.config, directed.target_platform_id()) == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "target platform ", directed.target_platform_id(), " is not one of the förbund's"));
  }
  if (directed.target_platform_id() == state.platform_id) {
    return absl::InvalidArgumentError("a referral cannot be directed to its own platform");
  }
  if (directed.target_case_id().empty()) {
    return absl::InvalidArgumentError("target_case_id is required");
  }
  return absl::OkStatus();
}

absl::Status DecideDeclined(const v1::ReferralDeclined& declined) {
  if (declined.reason() == v1::DECLINE_REASON_UNSPECIFIED) {
    return absl::InvalidArgumentError("a declined referral needs a reason");
  }
  // Sealed text is empty exactly when the plain text was.
  if (declined.reason() == v1::DECLINE_REASON_OTHER && declined.sealed_motivation().empty()) {
    return absl::InvalidArgumentError(
        "a referral declined for another reason needs the motivation in words");
  }
  return absl::OkStatus();
}

absl::Status DecideCommitmentAdded(const CaseState& state, const v1::CommitmentAdded& added,
                                   const DecisionContext& context) {
  if (added.commitment_id().empty()) return absl::InvalidArgumentError("commitment_id is required");
  if (state.commitments.count(added.commitment_id()) > 0) {
    return absl::AlreadyExistsError(
        absl::StrCat("commitment ", added.commitment_id(), " already exists on the case"));
  }
  if (added.kind() == v1::ACTIVITY_KIND_UNSPECIFIED) {
    return absl::InvalidArgumentError("the kind of commitment or activity is required");
  }
  TORG_RETURN_IF_ERROR(CheckConsentedParty(context, added.party_id(), "party_id"));
  std::optional<absl::CivilDay> start = ToCivilDay(added.start_date());
  if (!start.has_value()) return absl::InvalidArgumentError("start_date is not a calendar date");
  if (added.has_end_date()) {
    std::optional<absl::CivilDay> end = ToCivilDay(added.end_date());
    if (!end.has_value() || *end < *start) {
      return absl::InvalidArgumentError("end_date must be a date on or after start_date");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckOpenCommitment(const CaseState& state, const std::string& commitment_id) {
  auto commitment = state.commitments.find(commitment_id);
  if (commitment == state.commitments.end()) {
    return absl::NotFoundError(absl::StrCat("no commitment ", commitment_id, " on the case"));
  }
  if (commitment->second != CommitmentStatus::kOpen) {
    return absl::FailedPreconditionError(absl::StrCat(
        "commitment ", commitment_id, " is already ",
        commitment->second == CommitmentStatus::kCompleted ? "completed" : "cancelled"));
  }
  return absl::OkStatus();
}

absl::Status DecideHandoverProposed(const CaseState& state, const v1::HandoverProposed& proposed,
                                    const DecisionContext& context) {
  if (state.pending_handover.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("handover ", state.pending_handover->handover_id,
                     " is still pending: accept or reject it before proposing another"));
  }
  TORG_RETURN_IF_ERROR(CheckNewId("handover_id", proposed.handover_id(), state.handover_ids));
  switch (proposed.kind()) {
    case v1::HANDOVER_KIND_PLATFORM: {
      const v1::Platform* target = FindPlatform(*context.config, proposed.target_platform_id());
      if (target == nullptr || target->id() == state.platform_id) {
        return absl::InvalidArgumentError(
            "a platform handover needs target_platform_id: another platform of the förbund");
      }
      // Checked again at acceptance: the person may have aged or moved since.
      TORG_RETURN_IF_ERROR(RequireParticipantFacts(context, "a platform handover"));
      return CheckFitsPlatform(*target, context);
    }
    case v1::HANDOVER_KIND_CASE_OWNER:
    case v1::HANDOVER_KIND_ORDINARY_SERVICES:
      return CheckConsentedParty(context, proposed.target_party_id(), "target_party_id");
    default:
      return absl::InvalidArgumentError("the kind of handover is required");
  }
}

absl::Status CheckPendingHandover(const CaseState& state, const std::string& handover_id) {
  if (!state.pending_handover.has_value() || state.pending_handover->handover_id != handover_id) {
    return absl::FailedPreconditionError(
        absl::StrCat("handover ", handover_id, " is not pending on this case"));
  }
  return absl::OkStatus();
}

absl::Status DecideHandoverAccepted(const CaseState& state, const v1::HandoverAccepted& accepted,
                                    const DecisionContext& context) {
  TORG_RETURN_IF_ERROR(CheckPendingHandover(state, accepted.handover_id()));
  if (state.pending_handover->kind == v1::HANDOVER_KIND_ORDINARY_SERVICES) return absl::OkStatus();
  if (accepted.new_owner_user_id().empty()) {
    return absl::InvalidArgumentError(
        "new_owner_user_id is required: the receiver takes over ownership in the same step, so "
        "the case is never without an owner");
  }
  if (state.pending_handover->kind == v1::HANDOVER_KIND_PLATFORM) {
    const v1::Platform* target =
        FindPlatform(*context.config, state.pending_handover->target_platform_id);
    if (target == nullptr) {
      return absl::FailedPreconditionError(absl::StrCat(
          "platform ", state.pending_handover->target_platform_id,
          " is no longer one of the förbund's: reject the handover and propose another"));
    }
    TORG_RETURN_IF_ERROR(RequireParticipantFacts(context, "a platform handover"));
    TORG_RETURN_IF_ERROR(CheckFitsPlatform(*target, context));
  }
  if (state.pending_handover->kind == v1::HANDOVER_KIND_CASE_OWNER &&
      accepted.new_owner_party_id() != state.pending_handover->target_party_id) {
    return absl::InvalidArgumentError(absl::StrCat("the new owner must be at ",
                                                   state.pending_handover->target_party_id,
                                                   ", the party the handover was proposed to"));
  }
  return CheckConsentedParty(context, accepted.new_owner_party_id(), "new_owner_party_id");
}

absl::Status DecideClosed(const CaseState& state, const v1::CaseClosed& closed) {
  if (state.pending_handover.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("handover ", state.pending_handover->handover_id,
                     " is pending: accept or reject it before closing the case"));
  }
  if (closed.outcome() == v1::CLOSURE_OUTCOME_UNSPECIFIED) {
    return absl::InvalidArgumentError("the outcome is required to close a case");
  }
  if (closed.income_at_end().empty()) {
    return absl::InvalidArgumentError("income_at_end is required: the livelihood at closure");
  }
  return absl::OkStatus();
}

absl::Status DecideFollowUp(const CaseState& state, const v1::FollowUpRecorded& follow_up,
                            absl::CivilDay day) {
  const int months = FollowUpMonths(follow_up.point());
  if (months == 0)
    return absl::InvalidArgumentError("the follow-up point (3, 6 or 12 months) is required");
  if (follow_up.reached() && follow_up.income().empty()) {
    return absl::InvalidArgumentError(
        "income is required when the person was reached: their livelihood at the follow-up");
  }
  if (state.follow_ups_recorded.count(follow_up.point()) > 0) {
    return absl::AlreadyExistsError(
        absl::StrCat("the ", months, "-month follow-up is already recorded"));
  }
  const absl::CivilDay due = FollowUpDueDate(*state.closed_on, follow_up.point());
  if (day < due) {
    return absl::FailedPreconditionError(
        absl::StrCat("the ", months, "-month follow-up is due on ", DateText(due), ", not before"));
  }
  return absl::OkStatus();
}

absl::Status DecideKind(const CaseState& state, const E& proposed, const DecisionContext& context,
                        absl::CivilDay day) {
  switch (proposed.kind_case()) {
    case E::kReferralSubmitted:
      return DecideReferral(proposed.referral_submitted(), context, day);
    case E::kReferralDirected:
      return DecideDirected(state, proposed.referral_directed(), context);
    case E::kReferralDeclined:
      return DecideDeclined(proposed.referral_declined());
    case E::kAssessmentFindingRecorded:
      if (proposed.assessment_finding_recorded().domain() == v1::ASSESSMENT_DOMAIN_UNSPECIFIED) {
        return absl::InvalidArgumentError("the assessment domain is required");
      }
      return CheckConsentedParty(context, proposed.assessment_finding_recorded().party_id(),
                                 "party_id");
    case E::kAssessmentCompleted:
      if (proposed.assessment_completed().sealed_goals().empty()) {
        return absl::InvalidArgumentError("a joint plan needs at least one goal");
      }
      for (const v1::PlannedCommitment& commitment :
           proposed.assessment_completed().commitments()) {
        TORG_RETURN_IF_ERROR(CheckConsentedParty(context, commitment.party_id(), "commitments"));
      }
      return absl::OkStatus();
    case E::kCaseOwnerAssigned:
      if (proposed.case_owner_assigned().owner_user_id().empty()) {
        return absl::InvalidArgumentError("owner_user_id is required");
      }
      return CheckConsentedParty(context, proposed.case_owner_assigned().party_id(), "party_id");
    case E::kMeetingRecorded: {
      const v1::MeetingRecorded& meeting = proposed.meeting_recorded();
      TORG_RETURN_IF_ERROR(CheckNewId("meeting_id", meeting.meeting_id(), state.meeting_ids));
      if (meeting.present_party_ids().empty()) {
        return absl::InvalidArgumentError("a meeting needs at least one party present");
      }
      for (const std::string& party : meeting.present_party_ids()) {
        TORG_RETURN_IF_ERROR(CheckConsentedParty(context, party, "present_party_ids"));
      }
      return absl::OkStatus();
    }
    case E::kCommitmentAdded:
      return DecideCommitmentAdded(state, proposed.commitment_added(), context);
    case E::kCommitmentCompleted:
      return CheckOpenCommitment(state, proposed.commitment_completed().commitment_id());
    case E::kCommitmentCancelled:
      return CheckOpenCommitment(state, proposed.commitment_cancelled().commitment_id());
    case E::kHandoverProposed:
      return DecideHandoverProposed(state, proposed.handover_proposed(), context);
    case E::kHandoverAccepted:
      return DecideHandoverAccepted(state, proposed.handover_accepted(), context);
    case E::kHandoverRejected: {
      TORG_RETURN_IF_ERROR(CheckPendingHandover(state, proposed.handover_rejected().handover_id()));
      const std::string& deviation_id = proposed.handover_rejected().deviation_id();
      // Every rejection is its own deviation.
      TORG_RETURN_IF_ERROR(CheckNewId("deviation_id", deviation_id, state.deviation_ids));
      if (proposed.handover_rejected().sealed_reason().empty()) {
        return absl::InvalidArgumentError(
            "the reason is required: why the handover was rejected, for whoever handles the "
            "deviation");
      }
      return absl::OkStatus();
    }
    case E::kDeviationResolved:
      if (state.open_deviation_ids.count(proposed.deviation_resolved().deviation_id()) == 0) {
        return absl::FailedPreconditionError(absl::StrCat(
            "no open deviation ", proposed.deviation_resolved().deviation_id(), " on the case"));
      }
      return proposed.deviation_resolved().sealed_resolution().empty()
                 ? absl::InvalidArgumentError(
                       "the resolution is required: how the deviation was resolved, in words")
                 : absl::OkStatus();
    case E::kCaseClosed:
      return DecideClosed(state, proposed.case_closed());
    case E::kFollowUpRecorded:
      return DecideFollowUp(state, proposed.follow_up_recorded(), day);
    case E::kCaseFlagsSet:
      // Sealed even when every flag is withdrawn: empty means it was lost.
      return proposed.case_flags_set().sealed_flags().empty()
                 ? absl::InvalidArgumentError("the flags are required")
                 : absl::OkStatus();
    case E::kNoteAdded:
      return proposed.note_added().sealed_text().empty()
                 ? absl::InvalidArgumentError("a note needs its text")
                 : absl::OkStatus();
    case E::kReferralAccepted:
    case E::kAssessmentStarted:
      return absl::OkStatus();
    case E::KIND_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("the step has no kind");
}

}  // namespace

absl::StatusOr<std::vector<v1::CaseEvent>> Decide(const CaseState& state, const E& proposed,
                                                  const DecisionContext& context) {
  if (context.config == nullptr) return absl::InternalError("no förbund configuration");
  if (proposed.kind_case() == E::KIND_NOT_SET) {
    return absl::InvalidArgumentError("the step has no kind");
  }
  TORG_RETURN_IF_ERROR(CheckAllowed(state.status, proposed.kind_case()));
  absl::CivilDay day;
  TORG_RETURN_IF_ERROR(CheckEffectiveDate(state, proposed, context, day));
  TORG_RETURN_IF_ERROR(DecideKind(state, proposed, context, day));
  if (proposed.kind_case() == E::kReferralSubmitted) {
    v1::CaseEvent referral = proposed;
    referral.mutable_referral_submitted()->set_age_at_referral(
        context.participant_facts->age_on_step_date);
    return std::vector<v1::CaseEvent>{std::move(referral)};
  }
  return std::vector<v1::CaseEvent>{proposed};
}

}  // namespace torg::casefile
