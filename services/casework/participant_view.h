#ifndef TORG_SERVICES_CASEWORK_PARTICIPANT_VIEW_H_
#define TORG_SERVICES_CASEWORK_PARTICIPANT_VIEW_H_

// A participant as the API shows them (torg.v1.Participant), folded from
// their stored events with the identity opened.

#include <vector>

#include "absl/status/statusor.h"
#include "services/casework/participant_sealer.h"
#include "storage/event_store.h"
#include "torg/v1/case_views.pb.h"
#include "torg/v1/participant_events.pb.h"

namespace torg::casework {

// Seals the identity for a ParticipantRegistered event.
absl::StatusOr<std::string> SealIdentity(const v1::ParticipantIdentity& identity,
                                         const ParticipantSealer& sealer);

// Opens what SealIdentity made. DATA_LOSS if it does not open or decode.
absl::StatusOr<v1::ParticipantIdentity> OpenIdentity(absl::string_view sealed,
                                                     const ParticipantSealer& sealer);

// Folds the participant's stream (in version order) into the view.
// DATA_LOSS for an event that does not decode or an identity that does not open.
absl::StatusOr<v1::Participant> BuildParticipantView(
    const std::vector<storage::RecordedEvent>& events, const ParticipantSealer& sealer);

// As BuildParticipantView, for a participant whose identity may no longer be
// opened: `sealer` is nullptr when their key is gone. An erased participant
// (ParticipantErased in the stream) is shown with `erased` and `erased_on`
// and without any identity, whether or not the key is still there (an
// interrupted erasure); so is one whose key is gone.
absl::StatusOr<v1::Participant> BuildParticipantViewOrRedacted(
    const std::vector<storage::RecordedEvent>& events, const ParticipantSealer* sealer);

}  // namespace torg::casework

#endif  // TORG_SERVICES_CASEWORK_PARTICIPANT_VIEW_H_
