#ifndef TORG_SERVICES_CASEWORK_CASE_WORK_H_
#define TORG_SERVICES_CASEWORK_CASE_WORK_H_

// What every case-flow service does with a command, in one place: find an
// earlier attempt of the same request (idempotency), load the case and its
// participant from their streams, seal the step, let the domain decide,
// append with optimistic concurrency, and answer with what was recorded.
// The gRPC services are thin adapters over this and the domain.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/message.h"
#include "services/casefile/case_decider.h"
#include "services/casefile/case_state.h"
#include "services/casefile/participant.h"
#include "services/casefile/personnummer.h"
#include "services/caseindex/case_index_reader.h"
#include "services/casework/participant_sealer.h"
#include "services/casework/participant_vault.h"
#include "services/common/swedish_calendar.h"
#include "services/sealing/lookup_hasher.h"
#include "storage/event_store.h"
#include "torg/v1/case_events.pb.h"
#include "torg/v1/case_steps.pb.h"
#include "torg/v1/case_views.pb.h"
#include "torg/v1/forbund_config.pb.h"

namespace torg::casework {

// What every mutating request carries.
struct CommandEnvelope {
  // The RPC's full name, e.g. "torg.v1.ClosureService/CloseCase": part of
  // the request's fingerprint.
  std::string method;
  // The client's request, digested for idempotency. Must outlive the call.
  const google::protobuf::Message* request = nullptr;
  std::string request_id;
  std::optional<uint64_t> expected_version;
  // The user recording the step.
  std::string recorded_by;
};

// A step on an existing case.
struct CaseCommand {
  CommandEnvelope envelope;
  std::string case_id;
  v1::Date effective_date;
  // The step in plain text; effective_date and recorded_by are filled from
  // the command.
  v1::CaseStep step;
};

// A participant as loaded from their stream.
struct LoadedParticipant {
  casefile::ParticipantState state;
  std::vector<storage::RecordedEvent> events;
};

// Events for one case stream within an append.
struct CaseWrite {
  std::string case_id;
  // 0 for a new case.
  uint64_t expected_version = 0;
  std::vector<v1::CaseEvent> events;
};

class CaseWork {
 public:
  // Everything must outlive this object. `config` is validated.
  CaseWork(storage::EventStore& store, const ParticipantVault& vault,
           const sealing::LookupHasher& hasher, const v1::ForbundConfig& config,
           common::Clock clock);

  storage::EventStore& store() const { return store_; }
  const ParticipantVault& vault() const { return vault_; }
  const v1::ForbundConfig& config() const { return config_; }
  // Where the services read the time.
  const common::Clock& clock() const { return clock_; }
  // Keyed with the lookup secret: personnummer lookups and request digests.
  const sealing::LookupHasher& hasher() const { return hasher_; }

  // The digest that identifies the envelope's request for idempotency.
  std::string Fingerprint(const CommandEnvelope& envelope) const;
  const caseindex::CaseIndexReader& index() const { return index_; }

  // Today in Sweden.
  absl::CivilDay Today() const;

  // The effective date a request gave, or today when it gave none (a step is
  // most often recorded the day it happens).
  v1::Date EffectiveDate(bool given, const v1::Date& date) const;

  // INVALID_ARGUMENT unless the request id is 1 to 200 characters.
  static absl::Status ValidateEnvelope(const CommandEnvelope& envelope);

  // The stored result of an earlier attempt of this very request, if it was
  // carried out; INVALID_ARGUMENT if the request id was used for a different
  // request.
  absl::StatusOr<std::optional<storage::AppendResult>> FindEarlierAttempt(
      const CommandEnvelope& envelope) const;

  // ABORTED, as the store says it, if the client expected another version.
  static absl::Status CheckExpectedVersion(const CommandEnvelope& envelope,
                                           absl::string_view stream, uint64_t current_version);

  // The case folded from its stream. NOT_FOUND if there is no such case;
  // INVALID_ARGUMENT if the id is empty or malformed.
  absl::StatusOr<casefile::CaseState> LoadCase(absl::string_view case_id) const;

  // The participant folded from their stream, and the events. NOT_FOUND if
  // unknown; INVALID_ARGUMENT if the id is empty or malformed.
  absl::StatusOr<LoadedParticipant> LoadParticipant(absl::string_view participant_id) const;

  // The opened personnummer of an identified participant; nullopt for an
  // anonymous one. DATA_LOSS if the identity does not open or decode.
  absl::StatusOr<std::optional<casefile::Personnummer>> NumberOf(
      const LoadedParticipant& participant) const;

  // What the rules that place a participant on a platform need to know on
  // `day`: their age as casefile::AgeOn counts it, kommun, the platforms
  // where they have an open case, and when they were registered.
  absl::StatusOr<casefile::ParticipantFacts> FactsOn(const LoadedParticipant& participant,
                                                     absl::CivilDay day) const;

  // The whole of a step on an existing case: load, earlier attempt, seal,
  // decide, append, answer. The server fills the meeting, commitment,
  // handover and deviation ids a step leaves empty. A step without
  // expected_version that loses a race with another writer of the case is
  // decided again on the new state.
  absl::StatusOr<v1::CaseChange> RunCaseStep(CaseCommand command) const;

  // Appends case events, possibly to several cases, as one atomic request.
  // With `decided_on`, the append is also conditional on that stream (the
  // participant's, whose consent the decision read) being at that version:
  // a consent withdrawn meanwhile makes it ABORTED instead of letting a step
  // through on consent that no longer exists.
  absl::StatusOr<storage::AppendResult> AppendCaseWrites(
      const CommandEnvelope& envelope, std::vector<CaseWrite> writes,
      std::optional<storage::StreamCondition> decided_on = std::nullopt) const;

  // The answer to a command on `case_id` that `result` recorded (or
  // replayed): the case now and the steps of that append, opened.
  absl::StatusOr<v1::CaseChange> ChangeOf(absl::string_view case_id,
                                          const storage::AppendResult& result) const;

  // The case summary, from the index. NOT_FOUND if unknown.
  absl::StatusOr<v1::CaseSummary> SummaryOf(absl::string_view case_id) const;

  // One stored case event as a timeline entry, opened with `sealer`.
  static absl::StatusOr<v1::TimelineEntry> TimelineEntryOf(const storage::RecordedEvent& event,
                                                           const ParticipantSealer& sealer);

  // As above; with no sealer (nullptr) the entry is `redacted` (RedactStep).
  static absl::StatusOr<v1::TimelineEntry> TimelineEntryOf(const storage::RecordedEvent& event,
                                                           const ParticipantSealer* sealer);

  // What opens the participant's personal data for a read: their sealer, or
  // nullopt when they are erased (even while an interrupted erasure has left
  // the key) or their key is gone, and reads show them redacted. DATA_LOSS
  // if the key does not unwrap; the store's errors.
  absl::StatusOr<std::optional<ParticipantSealer>> ReadSealerFor(
      absl::string_view participant_id) const;

  // The participant as the API shows them, with their identity opened, or
  // `erased` and without identity once they are erased. Never fails for an
  // erased participant.
  absl::StatusOr<v1::Participant> ParticipantViewOf(const LoadedParticipant& participant) const;

 private:
  // One attempt of RunCaseStep.
  absl::StatusOr<v1::CaseChange> TryCaseStep(CaseCommand command) const;

  storage::EventStore& store_;
  const ParticipantVault& vault_;
  const sealing::LookupHasher& hasher_;
  const v1::ForbundConfig& config_;
  common::Clock clock_;
  caseindex::CaseIndexReader index_;
};

// Fills the ids of a step the client left empty with fresh ones.
void FillServerIds(v1::CaseStep& step);

}  // namespace torg::casework

#endif  // TORG_SERVICES_CASEWORK_CASE_WORK_H_
