#ifndef TORG_SERVICES_FLOWLEDGER_FLOW_LEDGER_PROJECTION_H_
#define TORG_SERVICES_FLOWLEDGER_FLOW_LEDGER_PROJECTION_H_

// The flow ledger: the read model the steering figures are counted from
// (definitions: proto/torg/v1/flow_service.proto). Maintained by the event
// store in the same atomic write as the events; read with ReadPeriodCounts
// (flow_ledger_reader.h). Key layout: flow_ledger_keys.h.
//
// It keeps per-day counters of how stays began and ended and of the referral
// decisions, by effective date, and for time travel an undo entry per event
// (what it added) and the first log position recorded on each Swedish day.
// Deterministic: a rebuild from the same log writes the same keys and values,
// also after an erasure (see below).

#include <cstdint>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/flowledger/sealed_flags.h"
#include "storage/event_store.h"

namespace torg::flowledger {

inline constexpr absl::string_view kFlowLedgerProjection = "flow_ledger";

// "flow_ledger". Folds torg.v1.ParticipantEvent (the registration's gender
// and kommun) and torg.v1.CaseEvent; ignores the content of other event
// types, though every event's recorded day is indexed.
//
// Counting, per case (effective dates):
//   ReferralSubmitted   REFERRAL_RECEIVED at the platform referred to and the
//                       förbund; fixes the case's splits (age band, referrer,
//                       the participant's gender and kommun as registered).
//   ReferralAccepted    ENTER_ENROLLED and DECISION_ACCEPTED at the platform
//                       referred to and the förbund.
//   ReferralDirected    DECISION_DIRECTED, ReferralDeclined DECISION_DECLINED,
//                       at the platform referred to and the förbund.
//   HandoverAccepted    of a pending PLATFORM handover of an enrolled case:
//                       LEAVE_MOVED_OUT at the old platform, ENTER_MOVED_IN at
//                       the new one; the förbund scope is unchanged. Other
//                       kinds, and rejected handovers, move nothing.
//   CaseClosed          of an enrolled case: LEAVE_CLOSED (with its outcome)
//                       at the platform the case is on and the förbund.
// A case that was never enrolled is never counted as active or closed.
//
// Lead times (LEAD_*, by duration in days, on the day of the second step, at
// the platform of that step and the förbund): the first decision ends
// referral-to-decision; the first AssessmentStarted of an enrolled case ends
// decision-to-assessment; its first AssessmentCompleted ends the assessment;
// CaseClosed of an enrolled case ends enrolment-to-closure.
// Handovers, on the answer's date, by (kind, from, to): PLATFORM from the
// case's platform to the target platform, counted at both platforms; the
// others from the case owner's party (CaseOwnerAssigned, then the new owner's
// party of an accepted PLATFORM or CASE_OWNER handover) to the target party,
// counted at the case's platform; always at the förbund. HANDOVER_ACCEPTED
// and HANDOVER_WAITING (proposal to acceptance, days), or HANDOVER_REJECTED
// and, with a deviation id, DEVIATION_OPENED; DeviationResolved counts
// DEVIATION_RESOLVED where the opening was counted.
//
// Flagged stays and study activities (FLAGGED_*, STUDIES_*;
// flow_ledger_marks.h): the record keeps the case's stays, the spells of
// days it carried each flag (the referral's sealed flags from the referral
// date, then each CaseFlagsSet from its date, opened with the
// SealedFlagOpener) and its study activities (CommitmentAdded of kind
// STUDIES, ended early by CommitmentCompleted or CommitmentCancelled). After
// every such step, and every step that begins or ends a stay, it recomputes
// every such counter the case contributes to and writes the difference, so a
// step can also take counts back (a withdrawn flag, a cancelled activity);
// the undo entry holds the signed deltas. Flags whose participant's key is
// gone when they are applied (in a rebuild after an erasure) count as never
// raised; and ParticipantErased takes the participant's flags out of
// everything the ledger keeps (the spells, the case's own FLAGGED_*
// counters, the undo entries), so that the ledger is as such a rebuild
// makes it, byte for byte: every report, also one
// as of a cut before the erasure, then counts that participant's stays as
// never flagged. An erasure is the one change that alters what an earlier
// cut reports; EventStore::CompactKeys then removes the old values from the
// store's files.
//
// Refuses with INVALID_ARGUMENT, aborting the append, an event of these two
// types that cannot be counted: it does not parse, has no valid effective
// date, is not in its kind's stream, a case's first event is not its
// referral, or a case gets a second referral. DATA_LOSS if a stored record
// does not decode; the opener's errors (DATA_LOSS for sealed flags that do
// not open), which abort the append too.
class FlowLedgerProjection : public storage::Projection {
 public:
  // `flag_opener` (not null) opens the sealed flags of case events.
  explicit FlowLedgerProjection(std::shared_ptr<const SealedFlagOpener> flag_opener);

  absl::string_view name() const override { return kFlowLedgerProjection; }
  absl::Status Apply(const storage::RecordedEvent& event, storage::ProjectionBatch& batch) override;
  // 2: stays, flag spells and study activities in the case records, the
  // FLAGGED_* and STUDIES_* counters, case ids in participant records.
  uint32_t format_version() const override { return 2; }

 private:
  std::shared_ptr<const SealedFlagOpener> flag_opener_;
};

}  // namespace torg::flowledger

#endif  // TORG_SERVICES_FLOWLEDGER_FLOW_LEDGER_PROJECTION_H_
