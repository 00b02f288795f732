#include "services/casefile/erasure.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/casefile/case_state.h"

namespace torg::casefile {
namespace {

std::string DayText(absl::CivilDay day) { return absl::FormatCivilTime(day); }

absl::Status CheckNoOpenCase(const ErasureFacts& facts) {
  if (facts.open_cases.empty()) return absl::OkStatus();
  const OpenCase& open = facts.open_cases.front();
  return absl::FailedPreconditionError(absl::StrCat(
      "the participant has a case that is not final (", open.case_id, " on ", open.platform_id,
      facts.open_cases.size() > 1 ? absl::StrCat(", and ", facts.open_cases.size() - 1, " more")
                                  : std::string(),
      "): close the case first"));
}

absl::Status CheckDate(const ParticipantState& state, const ErasureFacts& facts, absl::CivilDay day,
                       absl::CivilDay today) {
  if (day > today) {
    return absl::InvalidArgumentError(
        absl::StrCat("effective_date ", DayText(day), " is in the future"));
  }
  if (day < state.registered_on) {
    return absl::FailedPreconditionError(absl::StrCat("effective_date ", DayText(day),
                                                      " is before the registration on ",
                                                      DayText(state.registered_on)));
  }
  if (facts.last_case_ended_on.has_value() && day < *facts.last_case_ended_on) {
    return absl::FailedPreconditionError(absl::StrCat(
        "effective_date ", DayText(day), " is before the participant's last case ended on ",
        DayText(*facts.last_case_ended_on)));
  }
  return absl::OkStatus();
}

absl::Status CheckKept(const ErasureFacts& facts, absl::CivilDay day,
                       const v1::RetentionRules& rules) {
  const int keep = static_cast<int>(rules.keep_months_after_closure());
  if (keep == 0 || !facts.last_case_ended_on.has_value()) return absl::OkStatus();
  const absl::CivilDay allowed_from = AddMonths(*facts.last_case_ended_on, keep);
  if (day >= allowed_from) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "the förbund keeps a participant's data for ", keep,
      " months after their last case ended (retention.keep_months_after_closure); the last "
      "case ended on ",
      DayText(*facts.last_case_ended_on), ", so the data may be erased from ",
      DayText(allowed_from)));
}

absl::Status CheckDue(const ParticipantState& state, const ErasureFacts& facts, absl::CivilDay day,
                      const v1::RetentionRules& rules) {
  const int erase = static_cast<int>(rules.erase_months_after_closure());
  if (erase == 0) {
    return absl::FailedPreconditionError(
        "the förbund has no automatic gallring: retention.erase_months_after_closure is 0");
  }
  const absl::CivilDay reference = RetentionReferenceDay(state, facts);
  if (IsDueForGallring(reference, day, rules)) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "the participant is not due for gallring until ", DayText(AddMonths(reference, erase) + 1),
      " (", erase, " months after ", DayText(reference), ")"));
}

}  // namespace

absl::CivilDay AddMonths(absl::CivilDay day, int months) {
  const absl::CivilMonth month = absl::CivilMonth(day) + months;
  const int days_in_month = static_cast<int>(absl::CivilDay(month + 1) - absl::CivilDay(month));
  return absl::CivilDay(month.year(), month.month(), std::min(day.day(), days_in_month));
}

absl::CivilDay RetentionReferenceDay(const ParticipantState& state, const ErasureFacts& facts) {
  if (facts.last_case_ended_on.has_value()) {
    return std::max(*facts.last_case_ended_on, state.registered_on);
  }
  return state.registered_on;
}

bool IsDueForGallring(absl::CivilDay reference_day, absl::CivilDay day,
                      const v1::RetentionRules& rules) {
  const int erase = static_cast<int>(rules.erase_months_after_closure());
  return erase > 0 && day > AddMonths(reference_day, erase);
}

std::vector<std::string> DueForGallring(const std::vector<GallringCandidate>& candidates,
                                        absl::CivilDay day, const v1::RetentionRules& rules) {
  std::vector<std::string> due;
  for (const GallringCandidate& candidate : candidates) {
    if (IsDueForGallring(candidate.reference_day, day, rules)) {
      due.push_back(candidate.participant_id);
    }
  }
  return due;
}

absl::StatusOr<std::vector<v1::ParticipantEvent>> DecideErasure(
    const ParticipantState& state, const ErasureFacts& facts, const v1::ParticipantEvent& proposed,
    absl::CivilDay today, const v1::RetentionRules& rules) {
  if (!proposed.has_participant_erased()) {
    return absl::InvalidArgumentError("an erasure step records ParticipantErased");
  }
  const v1::ErasureReason reason = proposed.participant_erased().reason();
  if (reason != v1::ERASURE_REASON_ERASURE_REQUEST && reason != v1::ERASURE_REASON_RETENTION) {
    return absl::InvalidArgumentError(
        "the erasure's reason is required: ERASURE_REQUEST or RETENTION");
  }
  const std::optional<absl::CivilDay> day = ToCivilDay(proposed.effective_date());
  if (!day.has_value()) {
    return absl::InvalidArgumentError("effective_date is required and must be a calendar date");
  }
  if (!state.registered) {
    return absl::FailedPreconditionError("the participant is not registered");
  }
  if (state.erased) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the participant's personal data was already erased on ",
        state.erased_on.has_value() ? DayText(*state.erased_on) : std::string("an earlier day")));
  }
  if (absl::Status open = CheckNoOpenCase(facts); !open.ok()) return open;
  if (absl::Status date = CheckDate(state, facts, *day, today); !date.ok()) return date;
  if (absl::Status kept = CheckKept(facts, *day, rules); !kept.ok()) return kept;
  if (reason == v1::ERASURE_REASON_RETENTION) {
    if (absl::Status due = CheckDue(state, facts, *day, rules); !due.ok()) return due;
  }
  return std::vector<v1::ParticipantEvent>{proposed};
}

}  // namespace torg::casefile
