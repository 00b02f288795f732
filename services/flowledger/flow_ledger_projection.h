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
// Deterministic: a rebuild from the same log writes the same keys and values.

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
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
// Refuses with INVALID_ARGUMENT, aborting the append, an event of these two
// types that cannot be counted: it does not parse, has no valid effective
// date, is not in its kind's stream, a case's first event is not its
// referral, or a case gets a second referral. DATA_LOSS if a stored record
// does not decode.
class FlowLedgerProjection : public storage::Projection {
 public:
  absl::string_view name() const override { return kFlowLedgerProjection; }
  absl::Status Apply(const storage::RecordedEvent& event, storage::ProjectionBatch& batch) override;
};

}  // namespace torg::flowledger

#endif  // TORG_SERVICES_FLOWLEDGER_FLOW_LEDGER_PROJECTION_H_
