#include "services/casefile/case_state.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace torg::casefile {

absl::string_view StatusName(CaseStatus status) {
  switch (status) {
    case CaseStatus::kNone:
      return "not referred";
    case CaseStatus::kReferred:
      return "referred (aktualiserat), awaiting decision";
    case CaseStatus::kDirected:
      return "directed to another platform";
    case CaseStatus::kDeclined:
      return "declined";
    case CaseStatus::kEnrolled:
      return "enrolled (inskriven)";
    case CaseStatus::kAssessing:
      return "in joint assessment";
    case CaseStatus::kCoordinating:
      return "in coordination";
    case CaseStatus::kClosed:
      return "closed (avslutat)";
  }
  return "unknown";
}

std::optional<absl::CivilDay> ToCivilDay(const v1::Date& date) {
  if (date.month() < 1 || date.month() > 12 || date.day() < 1 || date.day() > 31) {
    return std::nullopt;
  }
  const absl::CivilDay day(date.year(), date.month(), date.day());
  if (day.year() != date.year() || day.month() != date.month() || day.day() != date.day()) {
    return std::nullopt;
  }
  return day;
}

v1::Date ToProtoDate(absl::CivilDay day) {
  v1::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

std::string DateText(const v1::Date& date) {
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

namespace {

void ApplyReferral(CaseState& state, const v1::ReferralSubmitted& referral, absl::CivilDay day) {
  state.status = CaseStatus::kReferred;
  state.case_id = referral.case_id();
  state.participant_id = referral.participant_id();
  state.platform_id = referral.platform_id();
  state.needed_party_ids.assign(referral.needed_party_ids().begin(),
                                referral.needed_party_ids().end());
  state.referral_date = day;
}

void ApplyHandoverAccepted(CaseState& state, const v1::HandoverAccepted& accepted) {
  if (!state.pending_handover.has_value()) return;
  const PendingHandover& handover = *state.pending_handover;
  if (handover.kind == v1::HANDOVER_KIND_PLATFORM) state.platform_id = handover.target_platform_id;
  if (handover.kind != v1::HANDOVER_KIND_ORDINARY_SERVICES) {
    state.owner = CaseOwner{accepted.new_owner_user_id(), accepted.new_owner_party_id()};
  }
  state.pending_handover.reset();
}

}  // namespace

absl::Status Apply(CaseState& state, const v1::CaseEvent& event) {
  std::optional<absl::CivilDay> day = ToCivilDay(event.effective_date());
  if (!day.has_value()) {
    return absl::DataLossError(
        absl::StrCat("case event ", state.version + 1, " has no valid effective date"));
  }
  switch (event.kind_case()) {
    case v1::CaseEvent::kReferralSubmitted:
      ApplyReferral(state, event.referral_submitted(), *day);
      break;
    case v1::CaseEvent::kReferralAccepted:
      state.status = CaseStatus::kEnrolled;
      state.enrolled_on = *day;
      break;
    case v1::CaseEvent::kReferralDirected:
      state.status = CaseStatus::kDirected;
      break;
    case v1::CaseEvent::kReferralDeclined:
      state.status = CaseStatus::kDeclined;
      break;
    case v1::CaseEvent::kAssessmentStarted:
      state.status = CaseStatus::kAssessing;
      break;
    case v1::CaseEvent::kAssessmentFindingRecorded:
      break;
    case v1::CaseEvent::kAssessmentCompleted:
      state.status = CaseStatus::kCoordinating;
      break;
    case v1::CaseEvent::kCaseOwnerAssigned:
      state.owner = CaseOwner{event.case_owner_assigned().owner_user_id(),
                              event.case_owner_assigned().party_id()};
      break;
    case v1::CaseEvent::kMeetingRecorded:
      state.meeting_ids.insert(event.meeting_recorded().meeting_id());
      break;
    case v1::CaseEvent::kCommitmentAdded:
      state.commitments[event.commitment_added().commitment_id()] = CommitmentStatus::kOpen;
      break;
    case v1::CaseEvent::kCommitmentCompleted:
      state.commitments[event.commitment_completed().commitment_id()] =
          CommitmentStatus::kCompleted;
      break;
    case v1::CaseEvent::kCommitmentCancelled:
      state.commitments[event.commitment_cancelled().commitment_id()] =
          CommitmentStatus::kCancelled;
      break;
    case v1::CaseEvent::kNoteAdded:
    case v1::CaseEvent::kCaseFlagsSet:
      break;
    case v1::CaseEvent::kHandoverProposed: {
      const v1::HandoverProposed& proposed = event.handover_proposed();
      state.pending_handover =
          PendingHandover{proposed.handover_id(), proposed.kind(), proposed.target_platform_id(),
                          proposed.target_party_id()};
      state.handover_ids.insert(proposed.handover_id());
      break;
    }
    case v1::CaseEvent::kHandoverAccepted:
      ApplyHandoverAccepted(state, event.handover_accepted());
      break;
    case v1::CaseEvent::kHandoverRejected:
      state.pending_handover.reset();
      state.deviation_ids.insert(event.handover_rejected().deviation_id());
      state.open_deviation_ids.insert(event.handover_rejected().deviation_id());
      break;
    case v1::CaseEvent::kDeviationResolved:
      state.open_deviation_ids.erase(event.deviation_resolved().deviation_id());
      break;
    case v1::CaseEvent::kCaseClosed:
      state.status = CaseStatus::kClosed;
      state.closed_on = *day;
      state.outcome = event.case_closed().outcome();
      break;
    case v1::CaseEvent::kFollowUpRecorded:
      state.follow_ups_recorded.insert(event.follow_up_recorded().point());
      break;
    case v1::CaseEvent::KIND_NOT_SET:
      return absl::DataLossError(
          absl::StrCat("case event ", state.version + 1, " has no kind: written by a newer Torg?"));
  }
  // Follow-ups are dated after closure on their own clock; they do not move
  // the floor for other steps (there are none after closure anyway).
  if (state.version == 0) {
    state.last_step_date = *day;
  } else if (event.kind_case() != v1::CaseEvent::kFollowUpRecorded) {
    state.last_step_date = std::max(state.last_step_date, *day);
  }
  ++state.version;
  return absl::OkStatus();
}

int FollowUpMonths(v1::FollowUpPoint point) {
  switch (point) {
    case v1::FOLLOW_UP_POINT_3_MONTHS:
      return 3;
    case v1::FOLLOW_UP_POINT_6_MONTHS:
      return 6;
    case v1::FOLLOW_UP_POINT_12_MONTHS:
      return 12;
    default:
      return 0;
  }
}

absl::CivilDay FollowUpDueDate(absl::CivilDay closed_on, v1::FollowUpPoint point) {
  const absl::CivilMonth due_month = absl::CivilMonth(closed_on) + FollowUpMonths(point);
  const int days_in_month =
      static_cast<int>(absl::CivilDay(due_month + 1) - absl::CivilDay(due_month));
  return absl::CivilDay(due_month.year(), due_month.month(),
                        std::min(closed_on.day(), days_in_month));
}

}  // namespace torg::casefile
