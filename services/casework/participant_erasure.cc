#include "services/casework/participant_erasure.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/casefile/erasure.h"
#include "services/caseindex/case_streams.h"
#include "services/common/log.h"
#include "services/common/status_macros.h"
#include "torg/v1/erasure_service.pb.h"

namespace torg::casework {
namespace {

constexpr char kRetentionMethod[] = "torg.v1.ErasureService/ApplyRetention";
constexpr size_t kScanChunk = 500;
constexpr size_t kPendingPerRun = 1000;

bool IsFinal(v1::CaseStatus status) {
  return status == v1::CASE_STATUS_CLOSED || status == v1::CASE_STATUS_DIRECTED ||
         status == v1::CASE_STATUS_DECLINED;
}

// What the domain needs to know of the participant's cases, from the index.
absl::StatusOr<casefile::ErasureFacts> ErasureFactsOf(const CaseWork& work,
                                                      absl::string_view participant_id) {
  TORG_ASSIGN_OR_RETURN(std::vector<v1::CaseSummary> cases,
                        work.index().CasesOfParticipant(participant_id));
  casefile::ErasureFacts facts;
  for (const v1::CaseSummary& summary : cases) {
    if (!IsFinal(summary.status())) {
      facts.open_cases.push_back(casefile::OpenCase{summary.case_id(), summary.platform_id()});
      continue;
    }
    // A closed case ends on its closure (follow-ups come after it); a
    // directed or declined one on its last step, the decision.
    const v1::Date& ended = summary.status() == v1::CASE_STATUS_CLOSED && summary.has_closed_on()
                                ? summary.closed_on()
                                : summary.last_step_date();
    const std::optional<absl::CivilDay> day = casefile::ToCivilDay(ended);
    if (day.has_value() &&
        (!facts.last_case_ended_on.has_value() || *day > *facts.last_case_ended_on)) {
      facts.last_case_ended_on = *day;
    }
  }
  return facts;
}

std::string RetentionRequestId(absl::string_view participant_id) {
  return absl::StrCat("gallring-", participant_id);
}

}  // namespace

ParticipantErasure::ParticipantErasure(const CaseWork& work) : work_(work) {}

absl::StatusOr<ErasureResult> ParticipantErasure::EraseParticipant(
    const ErasureCommand& command) const {
  TORG_RETURN_IF_ERROR(CaseWork::ValidateEnvelope(command.envelope));
  TORG_ASSIGN_OR_RETURN(LoadedParticipant loaded, work_.LoadParticipant(command.participant_id));
  // Looked for after loading, as CaseWork::RunCaseStep does.
  TORG_ASSIGN_OR_RETURN(std::optional<storage::AppendResult> earlier,
                        work_.FindEarlierAttempt(command.envelope));
  ErasureResult result;
  if (earlier.has_value()) {
    result.replayed = true;
  } else if (loaded.state.erased) {
    // Another request erased them; finish it if it was interrupted.
    TORG_RETURN_IF_ERROR(Finish(command.participant_id));
    return absl::FailedPreconditionError(absl::StrCat(
        "the personal data of participant ", command.participant_id, " was already erased on ",
        loaded.state.erased_on.has_value() ? absl::FormatCivilTime(*loaded.state.erased_on)
                                           : std::string("an earlier day")));
  } else {
    TORG_ASSIGN_OR_RETURN(storage::AppendResult appended,
                          AppendErasure(command.envelope, loaded, command.effective_date,
                                        v1::ERASURE_REASON_ERASURE_REQUEST));
    result.replayed = appended.replayed;
  }
  TORG_RETURN_IF_ERROR(Finish(command.participant_id));
  TORG_ASSIGN_OR_RETURN(LoadedParticipant erased, work_.LoadParticipant(command.participant_id));
  TORG_ASSIGN_OR_RETURN(result.participant, work_.ParticipantViewOf(erased));
  return result;
}

absl::StatusOr<storage::AppendResult> ParticipantErasure::AppendErasure(
    const CommandEnvelope& envelope, const LoadedParticipant& loaded,
    const v1::Date& effective_date, v1::ErasureReason reason) const {
  const std::string stream = caseindex::ParticipantStream(loaded.state.participant_id);
  TORG_RETURN_IF_ERROR(CaseWork::CheckExpectedVersion(envelope, stream, loaded.state.version));
  TORG_ASSIGN_OR_RETURN(casefile::ErasureFacts facts,
                        ErasureFactsOf(work_, loaded.state.participant_id));
  v1::ParticipantEvent proposed;
  *proposed.mutable_effective_date() = effective_date;
  proposed.set_recorded_by(envelope.recorded_by);
  proposed.mutable_participant_erased()->set_reason(reason);
  TORG_ASSIGN_OR_RETURN(std::vector<v1::ParticipantEvent> events,
                        casefile::DecideErasure(loaded.state, facts, proposed, work_.Today(),
                                                work_.config().retention()));
  storage::StreamWrite write;
  write.stream = stream;
  write.expected_version = loaded.state.version;
  for (const v1::ParticipantEvent& event : events) {
    write.events.push_back(storage::NewEvent{std::string(caseindex::kParticipantEventType),
                                             event.SerializeAsString(), ""});
  }
  storage::AppendRequest append;
  append.request_id = envelope.request_id;
  append.request_fingerprint = work_.Fingerprint(envelope);
  append.writes.push_back(std::move(write));
  return work_.store().Append(append);
}

absl::Status ParticipantErasure::DestroyKeys(const LoadedParticipant& loaded) const {
  const std::string& participant_id = loaded.state.participant_id;
  TORG_ASSIGN_OR_RETURN(std::optional<std::string> wrapped,
                        work_.store().ReadKey(DataKeyId(participant_id)));
  // The lookup entry goes first, while the data key still opens the
  // personnummer it is the hash of. With the data key gone, so is the entry.
  if (!wrapped.has_value()) return absl::OkStatus();
  TORG_ASSIGN_OR_RETURN(std::optional<casefile::Personnummer> number, work_.NumberOf(loaded));
  if (number.has_value()) {
    const std::string lookup_hash = work_.hasher().Hash(number->normalized());
    TORG_ASSIGN_OR_RETURN(std::optional<std::string> holder,
                          work_.vault().FindByLookupHash(lookup_hash));
    // The number may since have been registered again, as someone new.
    if (holder == participant_id) {
      TORG_RETURN_IF_ERROR(work_.store().DestroyKey(LookupKeyId(lookup_hash)));
    }
  }
  return work_.store().DestroyKey(DataKeyId(participant_id));
}

absl::Status ParticipantErasure::MarkCompleted(const LoadedParticipant& loaded) const {
  if (!loaded.state.erased || loaded.state.erasure_completed) return absl::OkStatus();
  // The same bytes in every attempt, so that racing or repeated attempts
  // replay instead of appending twice.
  v1::ParticipantEvent completed;
  if (loaded.state.erased_on.has_value()) {
    *completed.mutable_effective_date() = casefile::ToProtoDate(*loaded.state.erased_on);
  }
  for (const storage::RecordedEvent& recorded : loaded.events) {
    v1::ParticipantEvent event;
    if (event.ParseFromString(recorded.data) && event.has_participant_erased()) {
      completed.set_recorded_by(event.recorded_by());
    }
  }
  completed.mutable_participant_erasure_completed();
  const std::string participant_id = loaded.state.participant_id;
  absl::StatusOr<storage::AppendResult> appended =
      work_.store().Append(storage::AppendRequest::ToStream(
          absl::StrCat("erasure-completed-", participant_id),
          caseindex::ParticipantStream(participant_id), loaded.state.version,
          {storage::NewEvent{std::string(caseindex::kParticipantEventType),
                             completed.SerializeAsString(), ""}}));
  // Another attempt got there first.
  if (storage::CurrentVersionOf(appended.status()).has_value()) return absl::OkStatus();
  return appended.status();
}

absl::Status ParticipantErasure::Finish(absl::string_view participant_id) const {
  TORG_ASSIGN_OR_RETURN(LoadedParticipant loaded, work_.LoadParticipant(participant_id));
  if (!loaded.state.erased || loaded.state.erasure_completed) return absl::OkStatus();
  TORG_RETURN_IF_ERROR(DestroyKeys(loaded));
  TORG_RETURN_IF_ERROR(work_.store().CompactKeys());
  return MarkCompleted(loaded);
}

absl::StatusOr<RetentionResult> ParticipantErasure::ApplyRetention(
    absl::CivilDay as_of, const std::string& recorded_by, const std::string& request_id) const {
  CommandEnvelope run{kRetentionMethod, nullptr, request_id, std::nullopt, recorded_by};
  TORG_RETURN_IF_ERROR(CaseWork::ValidateEnvelope(run));
  if (as_of > work_.Today()) {
    return absl::InvalidArgumentError(absl::StrCat("as_of ", absl::FormatCivilTime(as_of),
                                                   " is in the future: gallring is applied as of "
                                                   "today or an earlier day"));
  }
  const v1::RetentionRules& rules = work_.config().retention();
  if (rules.erase_months_after_closure() == 0) {
    return absl::FailedPreconditionError(
        "the förbund has no automatic gallring: set retention.erase_months_after_closure in its "
        "configuration");
  }

  // Erasures interrupted earlier, then everyone due: keys destroyed one by
  // one, compacted once, and only then marked completed.
  std::vector<std::string> to_complete;
  TORG_ASSIGN_OR_RETURN(std::vector<std::string> pending,
                        work_.index().ErasuresPending(kPendingPerRun));
  for (const std::string& participant_id : pending) {
    TORG_ASSIGN_OR_RETURN(LoadedParticipant loaded, work_.LoadParticipant(participant_id));
    TORG_RETURN_IF_ERROR(DestroyKeys(loaded));
    to_complete.push_back(participant_id);
  }

  std::string start_after;
  bool more = true;
  while (more) {
    TORG_ASSIGN_OR_RETURN(std::vector<caseindex::RetentionEntry> candidates,
                          work_.index().RetentionCandidates(start_after, kScanChunk));
    more = candidates.size() == kScanChunk;
    for (const caseindex::RetentionEntry& candidate : candidates) {
      // The list is ordered by reference day: once one is not due, none after it is.
      if (!casefile::IsDueForGallring(candidate.reference_day, as_of, rules)) {
        more = false;
        break;
      }
      start_after = candidate.key;
      v1::EraseParticipantRequest request;
      request.set_request_id(RetentionRequestId(candidate.participant_id));
      request.set_participant_id(candidate.participant_id);
      const CommandEnvelope envelope{kRetentionMethod, &request, request.request_id(), std::nullopt,
                                     recorded_by};
      TORG_ASSIGN_OR_RETURN(LoadedParticipant loaded,
                            work_.LoadParticipant(candidate.participant_id));
      TORG_ASSIGN_OR_RETURN(std::optional<storage::AppendResult> earlier,
                            work_.FindEarlierAttempt(envelope));
      if (!earlier.has_value()) {
        absl::StatusOr<storage::AppendResult> appended = AppendErasure(
            envelope, loaded, casefile::ToProtoDate(as_of), v1::ERASURE_REASON_RETENTION);
        if (absl::IsFailedPrecondition(appended.status()) ||
            storage::CurrentVersionOf(appended.status()).has_value()) {
          // Changed since it was listed (a case opened, a consent recorded):
          // a later run decides again.
          log::Info("gallring skipped a participant",
                    {{"participant_id", candidate.participant_id},
                     {"reason", std::string(appended.status().message())}});
          continue;
        }
        TORG_RETURN_IF_ERROR(appended.status());
      }
      TORG_ASSIGN_OR_RETURN(loaded, work_.LoadParticipant(candidate.participant_id));
      TORG_RETURN_IF_ERROR(DestroyKeys(loaded));
      to_complete.push_back(candidate.participant_id);
    }
  }

  if (!to_complete.empty()) TORG_RETURN_IF_ERROR(work_.store().CompactKeys());
  for (const std::string& participant_id : to_complete) {
    TORG_ASSIGN_OR_RETURN(LoadedParticipant loaded, work_.LoadParticipant(participant_id));
    TORG_RETURN_IF_ERROR(MarkCompleted(loaded));
  }
  RetentionResult result;
  TORG_ASSIGN_OR_RETURN(result.erased_participant_ids, work_.index().ErasedByGallringOn(as_of));
  return result;
}

}  // namespace torg::casework
