#ifndef TORG_SERVICES_CASEINDEX_CASE_STREAMS_H_
#define TORG_SERVICES_CASEINDEX_CASE_STREAMS_H_

// The names of the case-flow streams and event types in the event store: a
// case's events are torg.v1.CaseEvent in "case-<case_id>", a participant's
// torg.v1.ParticipantEvent in "participant-<participant_id>".

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace torg::caseindex {

// RecordedEvent::type of a serialized torg.v1.CaseEvent.
inline constexpr absl::string_view kCaseEventType = "torg.v1.CaseEvent";
// RecordedEvent::type of a serialized torg.v1.ParticipantEvent.
inline constexpr absl::string_view kParticipantEventType = "torg.v1.ParticipantEvent";

// "case-" + case_id.
std::string CaseStream(absl::string_view case_id);
// "participant-" + participant_id.
std::string ParticipantStream(absl::string_view participant_id);

// The case id of a case stream name; nullopt unless `stream` is "case-"
// followed by at least one character.
std::optional<std::string> CaseIdOfStream(absl::string_view stream);

}  // namespace torg::caseindex

#endif  // TORG_SERVICES_CASEINDEX_CASE_STREAMS_H_
