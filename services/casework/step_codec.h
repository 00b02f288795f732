#ifndef TORG_SERVICES_CASEWORK_STEP_CODEC_H_
#define TORG_SERVICES_CASEWORK_STEP_CODEC_H_

// Between the API's plain steps (torg.v1.CaseStep) and the persisted events
// (torg.v1.CaseEvent): free text and sensitive flags are sealed on the way
// in and opened on the way out. Nothing else changes: ids, codes and dates
// pass as they are, so the domain decides on exactly what the user sent.

#include "absl/status/statusor.h"
#include "services/casework/participant_sealer.h"
#include "torg/v1/case_events.pb.h"
#include "torg/v1/case_steps.pb.h"

namespace torg::casework {

// The event to propose for `step`, with its personal data sealed by the case
// participant's `sealer`. INVALID_ARGUMENT if the step has no kind.
absl::StatusOr<v1::CaseEvent> SealStep(const v1::CaseStep& step, const ParticipantSealer& sealer);

// The plain step of a stored event. DATA_LOSS if a sealed field does not open.
absl::StatusOr<v1::CaseStep> OpenStep(const v1::CaseEvent& event, const ParticipantSealer& sealer);

// The step of a stored event whose participant's key is destroyed (erased):
// everything OpenStep would open is left empty (free text, the referral's
// sensitive flags, a plan's goals; a plan's commitments keep their party);
// ids, codes, parties and dates are as recorded. DATA_LOSS only for an event
// without a kind.
absl::StatusOr<v1::CaseStep> RedactStep(const v1::CaseEvent& event);

// The flags sealed in a referral's details (none when it has no details).
// DATA_LOSS if they do not open or decode.
absl::StatusOr<v1::CaseFlags> OpenReferralFlags(const v1::ReferralSubmitted& event,
                                                const ParticipantSealer& sealer);

// The flags a CaseFlagsSet sealed. DATA_LOSS if they do not open or decode.
absl::StatusOr<v1::CaseFlags> OpenCaseFlags(const v1::CaseFlagsSet& event,
                                            const ParticipantSealer& sealer);

// Whether the stored event holds anything sealed (a non-empty sealed_ field
// anywhere in it): what RedactStep leaves out.
bool HoldsSealedDetails(const v1::CaseEvent& event);

}  // namespace torg::casework

#endif  // TORG_SERVICES_CASEWORK_STEP_CODEC_H_
