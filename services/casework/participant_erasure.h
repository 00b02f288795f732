#ifndef TORG_SERVICES_CASEWORK_PARTICIPANT_ERASURE_H_
#define TORG_SERVICES_CASEWORK_PARTICIPANT_ERASURE_H_

// Erasing a participant's personal data, by request (GDPR art. 17) or by
// gallring (the förbund's RetentionRules): what ErasureService does, with no
// gRPC. The domain decides (casefile/erasure.h); this carries it out in an
// order that a crash at any point leaves completable:
//   1. append ParticipantErased (atomic with its projections; refused there
//      too if a case opened meanwhile);
//   2. destroy the personnummer lookup entry, if it still names this
//      participant (its hash is computed from the personnummer opened with
//      the data key, so this comes before 3);
//   3. destroy the data key;
//   4. CompactKeys, so that no file of the store holds either any more;
//   5. append ParticipantErasureCompleted.
// Until 5, the participant is listed as an erasure pending: a retry of the
// request, any later EraseParticipant of them, and every ApplyRetention
// finish 2–5. Reads treat the participant as erased from 1 on.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/casework/case_work.h"
#include "torg/v1/case_views.pb.h"
#include "torg/v1/participant_events.pb.h"

namespace torg::casework {

// An erasure asked for.
struct ErasureCommand {
  // The request (for idempotency), the request id, expected_version and the
  // user recording the erasure.
  CommandEnvelope envelope;
  std::string participant_id;
  // The erasure's date.
  v1::Date effective_date;
};

// What an erasure did.
struct ErasureResult {
  // The participant as erased: `erased`, without identity.
  v1::Participant participant;
  // True when this answers a retry of a request already carried out.
  bool replayed = false;
};

// What a retention run did.
struct RetentionResult {
  // Every participant erased by gallring with as_of as the erasure's date
  // (by this run or an earlier one the same day), by id.
  std::vector<std::string> erased_participant_ids;
};

class ParticipantErasure {
 public:
  // `work` must outlive this object.
  explicit ParticipantErasure(const CaseWork& work);

  // Erases the participant at their request (ERASURE_REQUEST) and answers
  // with the erased participant. Errors, after which nothing was written
  // (except that an interrupted erasure of the participant is finished):
  //   INVALID_ARGUMENT     no request id, a malformed participant id, a date
  //                        that is not a calendar date or in the future, or
  //                        the request id used for another request.
  //   NOT_FOUND            no such participant.
  //   ABORTED              expected_version is not the participant's version.
  //   FAILED_PRECONDITION  as casefile::DecideErasure: an open case ("close
  //                        the case first"), within keep_months_after_closure,
  //                        already erased (a retry of the same request id
  //                        answers replayed instead).
  //   the store's errors   e.g. UNAVAILABLE: retry with the same request id.
  absl::StatusOr<ErasureResult> EraseParticipant(const ErasureCommand& command) const;

  // Gallring as of `as_of` (not after today): finishes every pending
  // erasure, erases every participant due under the förbund's retention
  // rules, each with the erasure dated as_of and recorded by `recorded_by`,
  // and answers with everyone erased by gallring on as_of. Each
  // participant's erasure has a request id of its own ("gallring-<id>"), so
  // runs that overlap or repeat never erase anyone twice. A participant who
  // turns out not to be erasable (a case opened meanwhile) is left for a
  // later run. INVALID_ARGUMENT for a request id that is not 1 to 200
  // characters or an as_of in the future; FAILED_PRECONDITION when the
  // förbund has no automatic gallring (erase_months_after_closure 0); the
  // store's errors (a repeated run continues where this one stopped).
  absl::StatusOr<RetentionResult> ApplyRetention(absl::CivilDay as_of,
                                                 const std::string& recorded_by,
                                                 const std::string& request_id) const;

 private:
  // Decides and appends ParticipantErased for `loaded` (the earlier attempt
  // of `envelope` already looked for).
  absl::StatusOr<storage::AppendResult> AppendErasure(const CommandEnvelope& envelope,
                                                      const LoadedParticipant& loaded,
                                                      const v1::Date& effective_date,
                                                      v1::ErasureReason reason) const;
  // Steps 2 and 3 for an erased participant; nothing if already done.
  absl::Status DestroyKeys(const LoadedParticipant& loaded) const;
  // Step 5 for an erased participant whose keys are destroyed and compacted.
  absl::Status MarkCompleted(const LoadedParticipant& loaded) const;
  // Steps 2 to 5 for an erased participant, unless already complete.
  absl::Status Finish(absl::string_view participant_id) const;

  const CaseWork& work_;
};

}  // namespace torg::casework

#endif  // TORG_SERVICES_CASEWORK_PARTICIPANT_ERASURE_H_
