#ifndef TORG_SERVICES_CASEFILE_ERASURE_H_
#define TORG_SERVICES_CASEFILE_ERASURE_H_

// Erasure of a participant's personal data (GDPR art. 17) and gallring under
// the förbund's retention rules (torg.v1.RetentionRules): whether a
// participant may be erased on a date, and who is due for gallring. Pure: the
// service gathers the facts (the participant's state, their cases), asks
// here, appends what is decided and then destroys the keys.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/casefile/participant.h"
#include "torg/v1/forbund_config.pb.h"
#include "torg/v1/participant_events.pb.h"

namespace torg::casefile {

// `day` plus `months` calendar months, on the same day of the month or that
// month's last day when it is shorter (31 August + 6 months is 28 or 29
// February).
absl::CivilDay AddMonths(absl::CivilDay day, int months);

// A case of the participant that is not final.
struct OpenCase {
  std::string case_id;
  std::string platform_id;
};

// What the service knows of the participant's cases.
struct ErasureFacts {
  // Every case that is not final (referred, enrolled, assessing,
  // coordinating). Any one of them forbids erasure.
  std::vector<OpenCase> open_cases;
  // The latest day on which one of the participant's cases ended (was
  // closed, directed or declined); nullopt if none has.
  std::optional<absl::CivilDay> last_case_ended_on;
};

// The day gallring counts from: the day the participant's last case ended,
// or their registration day when they never had a case that ended (a person
// registered but never referred is erased as long after the registration).
absl::CivilDay RetentionReferenceDay(const ParticipantState& state, const ErasureFacts& facts);

// Whether a participant whose retention counts from `reference_day` (see
// RetentionReferenceDay) is due for gallring on `day`: more than
// rules.erase_months_after_closure months have passed, i.e. `day` is after
// AddMonths(reference_day, erase_months). Never when erase_months is 0.
// Monotonic in reference_day: an earlier reference is due no later.
bool IsDueForGallring(absl::CivilDay reference_day, absl::CivilDay day,
                      const v1::RetentionRules& rules);

// A participant the retention run considers.
struct GallringCandidate {
  std::string participant_id;
  // RetentionReferenceDay of the participant.
  absl::CivilDay reference_day;
};

// The ids of the candidates due for gallring on `day`, in the order given.
std::vector<std::string> DueForGallring(const std::vector<GallringCandidate>& candidates,
                                        absl::CivilDay day, const v1::RetentionRules& rules);

// Decides an erasure (a ParticipantEvent with participant_erased, its
// effective_date the erasure's date) of the participant in `state`, whose
// cases are as `facts` says, given today's date. Returns the events to
// append (the proposed one). Errors, after which nothing may be written:
//   INVALID_ARGUMENT     not an erasure, no reason, no calendar date, or a
//                        date in the future.
//   FAILED_PRECONDITION  the participant is not registered or is already
//                        erased; has a case that is not final ("close the
//                        case first"); the date is before the registration
//                        or before their last case ended; for a request,
//                        fewer than keep_months_after_closure months have
//                        passed since the last case ended (the message
//                        names the first day it is allowed); for gallring,
//                        the förbund has none (erase_months is 0) or the
//                        participant is not yet due (the message names when).
absl::StatusOr<std::vector<v1::ParticipantEvent>> DecideErasure(
    const ParticipantState& state, const ErasureFacts& facts, const v1::ParticipantEvent& proposed,
    absl::CivilDay today, const v1::RetentionRules& rules);

}  // namespace torg::casefile

#endif  // TORG_SERVICES_CASEFILE_ERASURE_H_
