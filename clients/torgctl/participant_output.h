#ifndef TORG_CLIENTS_TORGCTL_PARTICIPANT_OUTPUT_H_
#define TORG_CLIENTS_TORGCTL_PARTICIPANT_OUTPUT_H_

// How torgctl's tables show a participant and their consents.

#include <string>

#include "torg/v1/case_views.pb.h"

namespace torg::torgctl {

// The participant's registration as a two-column table, then their consents
// (one row each), if any.
std::string RenderParticipant(const torg::v1::Participant& participant);

// The request id of the command that changed the participant and, for a
// retry, that nothing new was recorded.
std::string RenderRequestLine(const std::string& request_id, bool replayed);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_PARTICIPANT_OUTPUT_H_
