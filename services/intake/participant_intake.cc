#include "services/intake/participant_intake.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/casefile/participant.h"
#include "services/casefile/personnummer.h"
#include "services/caseindex/case_streams.h"
#include "services/casework/ids.h"
#include "services/casework/participant_view.h"
#include "services/common/status_macros.h"

namespace torg::intake {
namespace {

constexpr char kRegisterMethod[] = "torg.v1.IntakeService/RegisterParticipant";
constexpr char kRecordConsentMethod[] = "torg.v1.IntakeService/RecordConsent";
constexpr char kWithdrawConsentMethod[] = "torg.v1.IntakeService/WithdrawConsent";

casefile::RegistrationRequest ToRegistration(const v1::RegisterParticipantRequest& request) {
  casefile::RegistrationRequest registration;
  registration.personnummer = request.personnummer();
  registration.birth_year = request.birth_year();
  registration.gender = request.gender();
  registration.kommun_code = request.kommun_code();
  registration.education_level = request.education_level();
  for (int source : request.income_at_start()) {
    registration.income_at_start.push_back(static_cast<v1::IncomeSource>(source));
  }
  registration.time_without_work = request.time_without_work();
  registration.protected_identity = request.protected_identity();
  return registration;
}

v1::ParticipantIdentity IdentityOf(const v1::RegisterParticipantRequest& request,
                                   const casefile::ValidRegistration& valid) {
  v1::ParticipantIdentity identity;
  if (valid.personnummer.has_value()) identity.set_personnummer(valid.personnummer->normalized());
  identity.set_given_name(request.given_name());
  identity.set_family_name(request.family_name());
  identity.set_phone(request.phone());
  identity.set_email(request.email());
  identity.set_address(request.address());
  return identity;
}

absl::Status CheckAnonymousHasNoIdentity(const v1::RegisterParticipantRequest& request,
                                         const casefile::ValidRegistration& valid) {
  if (valid.identity_kind != v1::IDENTITY_KIND_ANONYMOUS) return absl::OkStatus();
  if (!request.given_name().empty() || !request.family_name().empty()) {
    return absl::InvalidArgumentError(
        "an anonymous participant is registered without a name: leave given_name and "
        "family_name empty, or give the personnummer");
  }
  return absl::OkStatus();
}

absl::Status CheckNotInFuture(const v1::Date& date, absl::CivilDay today) {
  const std::optional<absl::CivilDay> day = casefile::ToCivilDay(date);
  if (!day.has_value()) return absl::InvalidArgumentError("effective_date is not a calendar date");
  if (*day > today) {
    return absl::InvalidArgumentError(
        "effective_date lies in the future; a step is recorded "
        "when it has happened");
  }
  return absl::OkStatus();
}

}  // namespace

ParticipantIntake::ParticipantIntake(const casework::CaseWork& work,
                                     const sealing::LookupHasher& hasher)
    : work_(work), hasher_(hasher) {}

absl::StatusOr<v1::Participant> ParticipantIntake::View(const std::string& participant_id) const {
  TORG_ASSIGN_OR_RETURN(casework::LoadedParticipant loaded, work_.LoadParticipant(participant_id));
  return work_.ParticipantViewOf(loaded);
}

absl::StatusOr<std::string> ParticipantIntake::ParticipantOfAppend(
    const storage::AppendResult& result) const {
  TORG_ASSIGN_OR_RETURN(std::vector<storage::RecordedEvent> events,
                        work_.store().ReadAll(result.first_position, 1));
  const std::string prefix = caseindex::ParticipantStream("");
  if (events.empty() || !absl::StartsWith(events.front().stream, prefix)) {
    return absl::InternalError("the earlier attempt of this request wrote no participant");
  }
  return events.front().stream.substr(prefix.size());
}

absl::StatusOr<v1::RegisterParticipantResponse> ParticipantIntake::Register(
    const v1::RegisterParticipantRequest& request, const std::string& user) const {
  const casework::CommandEnvelope envelope{kRegisterMethod, &request, request.request_id(),
                                           std::nullopt, user};
  TORG_RETURN_IF_ERROR(casework::CaseWork::ValidateEnvelope(envelope));
  v1::RegisterParticipantResponse response;
  TORG_ASSIGN_OR_RETURN(std::optional<storage::AppendResult> earlier,
                        work_.FindEarlierAttempt(envelope));
  if (earlier.has_value()) {
    TORG_ASSIGN_OR_RETURN(std::string participant_id, ParticipantOfAppend(*earlier));
    TORG_ASSIGN_OR_RETURN(*response.mutable_participant(), View(participant_id));
    response.set_replayed(true);
    return response;
  }

  const absl::CivilDay today = work_.Today();
  const v1::Date effective =
      work_.EffectiveDate(request.has_effective_date(), request.effective_date());
  TORG_RETURN_IF_ERROR(CheckNotInFuture(effective, today));
  TORG_ASSIGN_OR_RETURN(
      casefile::ValidRegistration valid,
      casefile::ValidateRegistration(ToRegistration(request), today, work_.config()));
  TORG_RETURN_IF_ERROR(CheckAnonymousHasNoIdentity(request, valid));

  const std::string participant_id = casework::NewId();
  TORG_ASSIGN_OR_RETURN(casework::NewParticipantKey key, work_.vault().CreateKey(participant_id));
  v1::ParticipantEvent event;
  *event.mutable_effective_date() = effective;
  event.set_recorded_by(user);
  v1::ParticipantRegistered* registered = event.mutable_participant_registered();
  registered->set_participant_id(participant_id);
  registered->set_identity_kind(valid.identity_kind);
  std::string lookup_hash;
  if (valid.personnummer.has_value()) lookup_hash = hasher_.Hash(valid.personnummer->normalized());
  registered->set_birth_year(valid.birth_year);
  registered->set_gender(request.gender());
  registered->set_kommun_code(request.kommun_code());
  registered->set_education_level(request.education_level());
  *registered->mutable_income_at_start() = request.income_at_start();
  registered->set_time_without_work(request.time_without_work());
  registered->set_protected_identity(request.protected_identity());
  TORG_ASSIGN_OR_RETURN(*registered->mutable_sealed_identity(),
                        casework::SealIdentity(IdentityOf(request, valid), key.sealer));

  storage::AppendRequest append = storage::AppendRequest::ToStream(
      request.request_id(), caseindex::ParticipantStream(participant_id), 0,
      {storage::NewEvent{std::string(caseindex::kParticipantEventType), event.SerializeAsString(),
                         ""}});
  append.request_fingerprint = work_.Fingerprint(envelope);
  append.key_writes.push_back(std::move(key.key_write));
  if (!lookup_hash.empty()) {
    append.key_writes.push_back(
        casework::ParticipantVault::LookupEntry(lookup_hash, participant_id));
  }
  absl::StatusOr<storage::AppendResult> result = work_.store().Append(append);
  if (absl::IsAlreadyExists(result.status()) && !lookup_hash.empty()) {
    return AlreadyRegistered(lookup_hash, result.status());
  }
  TORG_RETURN_IF_ERROR(result.status());
  TORG_ASSIGN_OR_RETURN(std::string written_id, ParticipantOfAppend(*result));
  TORG_ASSIGN_OR_RETURN(*response.mutable_participant(), View(written_id));
  response.set_replayed(result->replayed);
  return response;
}

absl::Status ParticipantIntake::AlreadyRegistered(const std::string& lookup_hash,
                                                  const absl::Status& refusal) const {
  TORG_ASSIGN_OR_RETURN(std::optional<std::string> existing,
                        work_.vault().FindByLookupHash(lookup_hash));
  if (!existing.has_value()) return refusal;
  return absl::AlreadyExistsError(
      absl::StrCat("this personnummer is already registered as participant ", *existing));
}

absl::StatusOr<v1::FindParticipantResponse> ParticipantIntake::Find(
    const v1::FindParticipantRequest& request) const {
  TORG_ASSIGN_OR_RETURN(casefile::Personnummer number,
                        casefile::Personnummer::Parse(request.personnummer(), work_.Today()));
  TORG_ASSIGN_OR_RETURN(std::optional<std::string> participant_id,
                        work_.vault().FindByLookupHash(hasher_.Hash(number.normalized())));
  if (!participant_id.has_value()) {
    return absl::NotFoundError("no participant is registered with that personnummer");
  }
  v1::FindParticipantResponse response;
  response.set_participant_id(*participant_id);
  return response;
}

absl::StatusOr<storage::AppendResult> ParticipantIntake::AppendConsentStep(
    const casework::CommandEnvelope& envelope, const std::string& participant_id,
    const v1::ParticipantEvent& proposed) const {
  TORG_ASSIGN_OR_RETURN(casework::LoadedParticipant loaded, work_.LoadParticipant(participant_id));
  // Looked for after loading, so that an attempt committing after the lookup
  // was decided on the same state and the store replays it (see
  // CaseWork::RunCaseStep).
  TORG_ASSIGN_OR_RETURN(std::optional<storage::AppendResult> earlier,
                        work_.FindEarlierAttempt(envelope));
  if (earlier.has_value()) return *earlier;
  const std::string stream = caseindex::ParticipantStream(participant_id);
  TORG_RETURN_IF_ERROR(
      casework::CaseWork::CheckExpectedVersion(envelope, stream, loaded.state.version));
  TORG_ASSIGN_OR_RETURN(
      std::vector<v1::ParticipantEvent> events,
      casefile::DecideConsent(loaded.state, proposed, work_.Today(), work_.config()));
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

absl::StatusOr<std::string> ParticipantIntake::ConsentOfAppend(
    const storage::AppendResult& result) const {
  TORG_ASSIGN_OR_RETURN(std::vector<storage::RecordedEvent> events,
                        work_.store().ReadAll(result.first_position, 1));
  v1::ParticipantEvent recorded;
  if (events.empty() || !recorded.ParseFromString(events.front().data) ||
      !recorded.has_consent_recorded()) {
    return absl::InternalError("the earlier attempt of this request recorded no consent");
  }
  return recorded.consent_recorded().consent_id();
}

absl::StatusOr<v1::RecordConsentResponse> ParticipantIntake::RecordConsent(
    const v1::RecordConsentRequest& request, const std::string& user) const {
  casework::CommandEnvelope envelope{kRecordConsentMethod, &request, request.request_id(),
                                     std::nullopt, user};
  if (request.has_expected_version()) envelope.expected_version = request.expected_version();
  TORG_RETURN_IF_ERROR(casework::CaseWork::ValidateEnvelope(envelope));
  v1::ParticipantEvent proposed;
  *proposed.mutable_effective_date() =
      work_.EffectiveDate(request.has_effective_date(), request.effective_date());
  proposed.set_recorded_by(user);
  v1::ConsentRecorded* consent = proposed.mutable_consent_recorded();
  consent->set_consent_id(casework::NewId());
  *consent->mutable_party_ids() = request.party_ids();
  consent->set_sus_registration(request.sus_registration());
  consent->set_form(request.form());
  TORG_ASSIGN_OR_RETURN(storage::AppendResult result,
                        AppendConsentStep(envelope, request.participant_id(), proposed));
  v1::RecordConsentResponse response;
  // A replayed answer names the consent the first attempt recorded.
  if (result.replayed) {
    TORG_ASSIGN_OR_RETURN(*response.mutable_consent_id(), ConsentOfAppend(result));
  } else {
    response.set_consent_id(consent->consent_id());
  }
  TORG_ASSIGN_OR_RETURN(*response.mutable_participant(), View(request.participant_id()));
  response.set_replayed(result.replayed);
  return response;
}

absl::StatusOr<v1::WithdrawConsentResponse> ParticipantIntake::WithdrawConsent(
    const v1::WithdrawConsentRequest& request, const std::string& user) const {
  casework::CommandEnvelope envelope{kWithdrawConsentMethod, &request, request.request_id(),
                                     std::nullopt, user};
  if (request.has_expected_version()) envelope.expected_version = request.expected_version();
  TORG_RETURN_IF_ERROR(casework::CaseWork::ValidateEnvelope(envelope));
  v1::ParticipantEvent proposed;
  *proposed.mutable_effective_date() =
      work_.EffectiveDate(request.has_effective_date(), request.effective_date());
  proposed.set_recorded_by(user);
  proposed.mutable_consent_withdrawn()->set_consent_id(request.consent_id());
  TORG_ASSIGN_OR_RETURN(storage::AppendResult result,
                        AppendConsentStep(envelope, request.participant_id(), proposed));
  v1::WithdrawConsentResponse response;
  TORG_ASSIGN_OR_RETURN(*response.mutable_participant(), View(request.participant_id()));
  response.set_replayed(result.replayed);
  return response;
}

}  // namespace torg::intake
