#ifndef TORG_SERVICES_CASEINDEX_CASE_FLOW_PROJECTIONS_H_
#define TORG_SERVICES_CASEINDEX_CASE_FLOW_PROJECTIONS_H_

// The read models of the case flow, maintained by the event store in the same
// atomic write as the events (storage::Projection). Register every one of
// CaseFlowProjections() with the store; read them with CaseIndexReader. Key
// layout: index_keys.h.
//
// Events of other types than kCaseEventType and kParticipantEventType are
// ignored. An event of these types that cannot be indexed (does not parse,
// has no valid date, is not in its kind's stream, a case's first event is not
// a referral) is refused with INVALID_ARGUMENT, which aborts its append.

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "storage/event_store.h"
#include "torg/v1/case_events.pb.h"
#include "torg/v1/case_index_records.pb.h"

namespace torg::caseindex {

inline constexpr absl::string_view kParticipantLookupProjection = "participant_lookup";
inline constexpr absl::string_view kCaseIndexProjection = "case_index";

// "participant_lookup": finds a participant by lookup hash, and keeps each
// participant's non-identifying facts (torg.v1.ParticipantFactsRecord), marked
// `erased` once the participant is.
// Registering a second participant with a lookup hash already registered is
// refused with ALREADY_EXISTS "this personnummer is already registered as
// participant <id>", which aborts the append: uniqueness is atomic.
class ParticipantLookupProjection : public storage::Projection {
 public:
  absl::string_view name() const override { return kParticipantLookupProjection; }
  absl::Status Apply(const storage::RecordedEvent& event, storage::ProjectionBatch& batch) override;
};

// "case_index": one torg.v1.CaseRecord per case, folded from its events as
// casefile::Apply folds them, and the lists of index_keys.h, kept exact on
// every event (old keys deleted, new ones put, in the same batch). Also one
// torg.v1.ParticipantRetentionRecord per participant, from the participant's
// events and their cases opening and ending, with the gallring lists. Refuses
// with FAILED_PRECONDITION, aborting the append, an erasure of a participant
// with a case that is not final and a case opened for an erased participant.
class CaseIndexProjection : public storage::Projection {
 public:
  absl::string_view name() const override { return kCaseIndexProjection; }
  absl::Status Apply(const storage::RecordedEvent& event, storage::ProjectionBatch& batch) override;
};

// Both projections, to put in EmbeddedStoreOptions::projections.
std::vector<std::shared_ptr<storage::Projection>> CaseFlowProjections();

// Folds one case event, the stream's `version`-th, into `record` (a default
// record for the first event). Mirrors casefile::Apply: same statuses,
// platform, owner, pending handover, open deviations and last_step_date.
// INVALID_ARGUMENT for an event without a kind or a valid (four-digit-year)
// effective date.
absl::Status FoldCaseEvent(const v1::CaseEvent& event, uint64_t version, v1::CaseRecord& record);

}  // namespace torg::caseindex

#endif  // TORG_SERVICES_CASEINDEX_CASE_FLOW_PROJECTIONS_H_
