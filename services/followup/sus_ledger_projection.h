#ifndef TORG_SERVICES_FOLLOWUP_SUS_LEDGER_PROJECTION_H_
#define TORG_SERVICES_FOLLOWUP_SUS_LEDGER_PROJECTION_H_

// The SUS ledger: the read model the national follow-up export is cut from
// (ExportService, proto/torg/v1/export_service.proto). Maintained by the
// event store in the same atomic write as the events, so an export never
// replays the log.
//
// It keeps, per stay (a case's time on one platform: one SUS row), every
// version of the row's state keyed by the log position that made it, so
// that an export "as of position P" reads the latest version at or before
// P of each stay (ReadSusStays). Participant facts that change the row
// (consent to SUS registration, erasure) write a new version of every stay
// of the participant. Key layout (records: sus_ledger_records.proto):
//   p/<participant_id>                  SusParticipantRecord, current
//   c/<case_id>                         SusCaseRecord, current
//   l/<stay_id>                         SusStayVersion, the latest
//   s/<platform_id>/<stay_id>/<pos>     SusStayVersion, as of <pos> (16 hex
//                                       digits, so keys sort by position)
// Deterministic: a rebuild from the same log writes the same keys and values.

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "storage/event_store.h"

namespace torg::followup {

inline constexpr absl::string_view kSusLedgerProjection = "sus_ledger";

// The prefix of every version of every stay on `platform_id`.
std::string SusStayPlatformPrefix(absl::string_view platform_id);

// "sus_ledger". Folds torg.v1.ParticipantEvent and torg.v1.CaseEvent:
//   ParticipantRegistered  the participant's facts.
//   ConsentRecorded / ConsentWithdrawn / ParticipantErased
//                          the SUS consent state or erasure: a new version of
//                          each of the participant's stays.
//   ReferralAccepted       the case's first stay begins on the platform
//                          referred to (the effective date).
//   HandoverAccepted       of a pending PLATFORM handover: the stay ends
//                          (moved out) and a new one begins on the target.
//   CaseClosed             the stay ends with the outcome and livelihood.
// Other events change nothing. INVALID_ARGUMENT, aborting the append, for an
// event of these types that does not parse; DATA_LOSS if a stored record
// does not decode.
class SusLedgerProjection : public storage::Projection {
 public:
  absl::string_view name() const override { return kSusLedgerProjection; }
  absl::Status Apply(const storage::RecordedEvent& event, storage::ProjectionBatch& batch) override;
};

}  // namespace torg::followup

#endif  // TORG_SERVICES_FOLLOWUP_SUS_LEDGER_PROJECTION_H_
