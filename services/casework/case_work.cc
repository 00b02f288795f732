#include "services/casework/case_work.h"

#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/casefile/case_decider.h"
#include "services/caseindex/case_streams.h"
#include "services/casework/ids.h"
#include "services/casework/participant_view.h"
#include "services/casework/request_fingerprint.h"
#include "services/casework/step_codec.h"
#include "services/common/status_macros.h"

namespace torg::casework {
namespace {

constexpr size_t kWholeStream = std::numeric_limits<size_t>::max();
constexpr size_t kMaxRequestIdLength = 200;
// How often a step without expected_version is decided again after losing a
// race with another writer of the case.
constexpr int kMaxCaseStepAttempts = 10;

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  google::protobuf::Timestamp timestamp;
  const int64_t micros = absl::ToUnixMicros(time);
  int64_t seconds = micros / 1000000;
  int64_t remainder = micros % 1000000;
  if (remainder < 0) {
    remainder += 1000000;
    seconds -= 1;
  }
  timestamp.set_seconds(seconds);
  timestamp.set_nanos(static_cast<int32_t>(remainder * 1000));
  return timestamp;
}

absl::Status CheckId(absl::string_view what, absl::string_view id) {
  if (id.empty()) return absl::InvalidArgumentError(absl::StrCat(what, " is required"));
  return absl::OkStatus();
}

// Steps whose rules ask whether the participant fits a platform: proposing
// and accepting a handover (the domain looks only at platform handovers).
bool PlacesOnAPlatform(const v1::CaseStep& step) {
  return step.has_handover_proposed() || step.has_handover_accepted();
}

}  // namespace

void FillServerIds(v1::CaseStep& step) {
  switch (step.kind_case()) {
    case v1::CaseStep::kMeetingRecorded:
      if (step.meeting_recorded().meeting_id().empty()) {
        step.mutable_meeting_recorded()->set_meeting_id(NewId());
      }
      break;
    case v1::CaseStep::kCommitmentAdded:
      if (step.commitment_added().commitment_id().empty()) {
        step.mutable_commitment_added()->set_commitment_id(NewId());
      }
      break;
    case v1::CaseStep::kHandoverProposed:
      if (step.handover_proposed().handover_id().empty()) {
        step.mutable_handover_proposed()->set_handover_id(NewId());
      }
      break;
    case v1::CaseStep::kHandoverRejected:
      if (step.handover_rejected().deviation_id().empty()) {
        step.mutable_handover_rejected()->set_deviation_id(NewId());
      }
      break;
    default:
      break;
  }
}

CaseWork::CaseWork(storage::EventStore& store, const ParticipantVault& vault,
                   const sealing::LookupHasher& hasher, const v1::ForbundConfig& config,
                   common::Clock clock)
    : store_(store),
      vault_(vault),
      hasher_(hasher),
      config_(config),
      clock_(std::move(clock)),
      index_(store) {}

std::string CaseWork::Fingerprint(const CommandEnvelope& envelope) const {
  return RequestFingerprint(hasher_, envelope.method, *envelope.request);
}

absl::StatusOr<std::optional<casefile::Personnummer>> CaseWork::NumberOf(
    const LoadedParticipant& participant) const {
  if (participant.state.identity_kind == v1::IDENTITY_KIND_ANONYMOUS) {
    return std::optional<casefile::Personnummer>();
  }
  v1::ParticipantEvent registration;
  if (participant.events.empty() ||
      !registration.ParseFromString(participant.events.front().data) ||
      !registration.has_participant_registered()) {
    return absl::DataLossError("the participant's registration does not decode");
  }
  TORG_ASSIGN_OR_RETURN(ParticipantSealer sealer,
                        vault_.SealerFor(participant.state.participant_id));
  TORG_ASSIGN_OR_RETURN(
      v1::ParticipantIdentity identity,
      OpenIdentity(registration.participant_registered().sealed_identity(), sealer));
  absl::StatusOr<casefile::Personnummer> number =
      casefile::Personnummer::Parse(identity.personnummer(), Today());
  if (!number.ok()) return absl::DataLossError("a stored personnummer does not parse");
  return std::optional<casefile::Personnummer>(*std::move(number));
}

absl::StatusOr<casefile::ParticipantFacts> CaseWork::FactsOn(const LoadedParticipant& participant,
                                                             absl::CivilDay day) const {
  casefile::ParticipantFacts facts;
  TORG_ASSIGN_OR_RETURN(std::optional<casefile::Personnummer> number, NumberOf(participant));
  facts.age_on_step_date = casefile::AgeOn(participant.state, number, day);
  facts.kommun_code = participant.state.kommun_code;
  facts.registered_on = participant.state.registered_on;
  TORG_ASSIGN_OR_RETURN(facts.platforms_with_open_case,
                        index_.PlatformsWithOpenCase(participant.state.participant_id));
  return facts;
}

absl::CivilDay CaseWork::Today() const { return common::SwedishDay(clock_()); }

v1::Date CaseWork::EffectiveDate(bool given, const v1::Date& date) const {
  return given ? date : casefile::ToProtoDate(Today());
}

absl::Status CaseWork::ValidateEnvelope(const CommandEnvelope& envelope) {
  if (envelope.request_id.empty() || envelope.request_id.size() > kMaxRequestIdLength) {
    return absl::InvalidArgumentError(
        "request_id is required: 1 to 200 characters chosen by the client (a UUID is a good "
        "choice), the same in every retry of the request");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<storage::AppendResult>> CaseWork::FindEarlierAttempt(
    const CommandEnvelope& envelope) const {
  return store_.LookupRequest(envelope.request_id, Fingerprint(envelope));
}

absl::Status CaseWork::CheckExpectedVersion(const CommandEnvelope& envelope,
                                            absl::string_view stream, uint64_t current_version) {
  if (envelope.expected_version.has_value() && *envelope.expected_version != current_version) {
    return storage::VersionConflict(stream, current_version, *envelope.expected_version);
  }
  return absl::OkStatus();
}

absl::StatusOr<casefile::CaseState> CaseWork::LoadCase(absl::string_view case_id) const {
  TORG_RETURN_IF_ERROR(CheckId("case_id", case_id));
  const std::string stream = caseindex::CaseStream(case_id);
  if (!storage::ValidateStreamName(stream).ok()) {
    return absl::InvalidArgumentError(absl::StrCat("case_id ", case_id, " is not a case id"));
  }
  TORG_ASSIGN_OR_RETURN(std::vector<storage::RecordedEvent> events,
                        store_.ReadStream(stream, 1, kWholeStream));
  if (events.empty()) return absl::NotFoundError(absl::StrCat("there is no case ", case_id));
  casefile::CaseState state;
  for (const storage::RecordedEvent& recorded : events) {
    v1::CaseEvent event;
    if (!event.ParseFromString(recorded.data)) {
      return absl::DataLossError(
          absl::StrCat("event ", recorded.version, " of case ", case_id, " does not decode"));
    }
    TORG_RETURN_IF_ERROR(casefile::Apply(state, event));
  }
  return state;
}

absl::StatusOr<LoadedParticipant> CaseWork::LoadParticipant(
    absl::string_view participant_id) const {
  TORG_RETURN_IF_ERROR(CheckId("participant_id", participant_id));
  const std::string stream = caseindex::ParticipantStream(participant_id);
  if (!storage::ValidateStreamName(stream).ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("participant_id ", participant_id, " is not a participant id"));
  }
  LoadedParticipant loaded;
  TORG_ASSIGN_OR_RETURN(loaded.events, store_.ReadStream(stream, 1, kWholeStream));
  if (loaded.events.empty()) {
    return absl::NotFoundError(absl::StrCat("there is no participant ", participant_id));
  }
  for (const storage::RecordedEvent& recorded : loaded.events) {
    v1::ParticipantEvent event;
    if (!event.ParseFromString(recorded.data)) {
      return absl::DataLossError(absl::StrCat("event ", recorded.version, " of participant ",
                                              participant_id, " does not decode"));
    }
    TORG_RETURN_IF_ERROR(casefile::Apply(loaded.state, event));
  }
  return loaded;
}

absl::StatusOr<v1::CaseChange> CaseWork::RunCaseStep(CaseCommand command) const {
  TORG_RETURN_IF_ERROR(ValidateEnvelope(command.envelope));
  for (int attempt = 1;; ++attempt) {
    absl::StatusOr<v1::CaseChange> change = TryCaseStep(command);
    // A command without expected_version is not conditional on the case
    // staying as it was: when another writer got in between the load and the
    // append, decide again on the new state instead of failing the client.
    if (change.ok() || command.envelope.expected_version.has_value() ||
        !storage::CurrentVersionOf(change.status()).has_value() ||
        attempt == kMaxCaseStepAttempts) {
      return change;
    }
  }
}

absl::StatusOr<v1::CaseChange> CaseWork::TryCaseStep(CaseCommand command) const {
  // Everything the decision reads is read before looking for an earlier
  // attempt of the request: if a concurrent attempt commits after the
  // lookup, this one decided on the same state and the store replays it.
  TORG_ASSIGN_OR_RETURN(casefile::CaseState state, LoadCase(command.case_id));
  TORG_ASSIGN_OR_RETURN(LoadedParticipant participant, LoadParticipant(state.participant_id));
  casefile::DecisionContext context;
  context.today = Today();
  context.config = &config_;
  context.consented_party_ids = casefile::ConsentedParties(participant.state);
  if (PlacesOnAPlatform(command.step)) {
    const absl::CivilDay day = casefile::ToCivilDay(command.effective_date).value_or(context.today);
    TORG_ASSIGN_OR_RETURN(context.participant_facts, FactsOn(participant, day));
  }
  TORG_ASSIGN_OR_RETURN(std::optional<storage::AppendResult> earlier,
                        FindEarlierAttempt(command.envelope));
  if (earlier.has_value()) return ChangeOf(command.case_id, *earlier);
  if (participant.state.erased) {
    return absl::FailedPreconditionError(
        absl::StrCat("the personal data of participant ", state.participant_id,
                     " has been erased: nothing more is recorded on their cases"));
  }
  TORG_RETURN_IF_ERROR(CheckExpectedVersion(command.envelope,
                                            caseindex::CaseStream(command.case_id), state.version));
  TORG_ASSIGN_OR_RETURN(ParticipantSealer sealer, vault_.SealerFor(state.participant_id));

  *command.step.mutable_effective_date() = command.effective_date;
  command.step.set_recorded_by(command.envelope.recorded_by);
  FillServerIds(command.step);
  TORG_ASSIGN_OR_RETURN(v1::CaseEvent proposed, SealStep(command.step, sealer));
  TORG_ASSIGN_OR_RETURN(std::vector<v1::CaseEvent> events,
                        casefile::Decide(state, proposed, context));

  std::vector<CaseWrite> writes;
  writes.push_back(CaseWrite{command.case_id, state.version, std::move(events)});
  TORG_ASSIGN_OR_RETURN(
      storage::AppendResult result,
      AppendCaseWrites(command.envelope, std::move(writes),
                       storage::StreamCondition{caseindex::ParticipantStream(state.participant_id),
                                                participant.state.version}));
  return ChangeOf(command.case_id, result);
}

absl::StatusOr<storage::AppendResult> CaseWork::AppendCaseWrites(
    const CommandEnvelope& envelope, std::vector<CaseWrite> writes,
    std::optional<storage::StreamCondition> decided_on) const {
  storage::AppendRequest request;
  if (decided_on.has_value()) request.stream_conditions.push_back(*std::move(decided_on));
  request.request_id = envelope.request_id;
  request.request_fingerprint = Fingerprint(envelope);
  for (CaseWrite& write : writes) {
    storage::StreamWrite stream_write;
    stream_write.stream = caseindex::CaseStream(write.case_id);
    stream_write.expected_version = write.expected_version;
    for (const v1::CaseEvent& event : write.events) {
      stream_write.events.push_back(
          storage::NewEvent{std::string(caseindex::kCaseEventType), event.SerializeAsString(), ""});
    }
    request.writes.push_back(std::move(stream_write));
  }
  return store_.Append(request);
}

absl::StatusOr<v1::CaseSummary> CaseWork::SummaryOf(absl::string_view case_id) const {
  TORG_ASSIGN_OR_RETURN(std::optional<v1::CaseSummary> summary, index_.GetCaseSummary(case_id));
  if (!summary.has_value()) return absl::NotFoundError(absl::StrCat("there is no case ", case_id));
  return *std::move(summary);
}

absl::StatusOr<v1::CaseChange> CaseWork::ChangeOf(absl::string_view case_id,
                                                  const storage::AppendResult& result) const {
  v1::CaseChange change;
  change.set_replayed(result.replayed);
  TORG_ASSIGN_OR_RETURN(*change.mutable_case_summary(), SummaryOf(case_id));
  TORG_ASSIGN_OR_RETURN(std::optional<ParticipantSealer> sealer,
                        ReadSealerFor(change.case_summary().participant_id()));
  TORG_ASSIGN_OR_RETURN(
      std::vector<storage::RecordedEvent> appended,
      store_.ReadAll(result.first_position, result.last_position - result.first_position + 1));
  const std::string stream = caseindex::CaseStream(case_id);
  for (const storage::RecordedEvent& event : appended) {
    if (event.stream != stream) continue;
    TORG_ASSIGN_OR_RETURN(*change.add_recorded(),
                          TimelineEntryOf(event, sealer.has_value() ? &*sealer : nullptr));
  }
  return change;
}

absl::StatusOr<v1::TimelineEntry> CaseWork::TimelineEntryOf(const storage::RecordedEvent& event,
                                                            const ParticipantSealer& sealer) {
  return TimelineEntryOf(event, &sealer);
}

absl::StatusOr<std::optional<ParticipantSealer>> CaseWork::ReadSealerFor(
    absl::string_view participant_id) const {
  TORG_ASSIGN_OR_RETURN(std::optional<caseindex::ParticipantFacts> facts,
                        index_.GetParticipantFacts(participant_id));
  if (facts.has_value() && facts->erased) return std::optional<ParticipantSealer>();
  return vault_.SealerIfKept(participant_id);
}

absl::StatusOr<v1::Participant> CaseWork::ParticipantViewOf(
    const LoadedParticipant& participant) const {
  std::optional<ParticipantSealer> sealer;
  if (!participant.state.erased) {
    TORG_ASSIGN_OR_RETURN(sealer, vault_.SealerIfKept(participant.state.participant_id));
  }
  return BuildParticipantViewOrRedacted(participant.events,
                                        sealer.has_value() ? &*sealer : nullptr);
}

absl::StatusOr<v1::TimelineEntry> CaseWork::TimelineEntryOf(const storage::RecordedEvent& event,
                                                            const ParticipantSealer* sealer) {
  v1::CaseEvent decoded;
  if (!decoded.ParseFromString(event.data)) {
    return absl::DataLossError(
        absl::StrCat("event ", event.version, " of ", event.stream, " does not decode"));
  }
  v1::TimelineEntry entry;
  entry.set_version(event.version);
  *entry.mutable_recorded_at() = ToTimestamp(event.recorded_at);
  if (sealer == nullptr) {
    TORG_ASSIGN_OR_RETURN(*entry.mutable_step(), RedactStep(decoded));
    entry.set_redacted(HoldsSealedDetails(decoded));
  } else {
    TORG_ASSIGN_OR_RETURN(*entry.mutable_step(), OpenStep(decoded, *sealer));
  }
  return entry;
}

}  // namespace torg::casework
