#include "services/followup/sus_ledger_projection.h"

#include <optional>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/caseindex/case_streams.h"
#include "services/common/status_macros.h"
#include "torg/v1/case_events.pb.h"
#include "torg/v1/participant_events.pb.h"
#include "torg/v1/sus_ledger_records.pb.h"

namespace torg::followup {
namespace {

std::string SusParticipantKey(absl::string_view participant_id) {
  return absl::StrCat("p/", participant_id);
}
std::string SusCaseKey(absl::string_view case_id) { return absl::StrCat("c/", case_id); }
std::string SusLatestStayKey(absl::string_view stay_id) { return absl::StrCat("l/", stay_id); }
std::string SusStayVersionKey(absl::string_view platform_id, absl::string_view stay_id,
                              uint64_t position) {
  return absl::StrCat(SusStayPlatformPrefix(platform_id), stay_id, "/",
                      absl::StrFormat("%016x", position));
}

absl::Status NotFoldable(const storage::RecordedEvent& event, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(
      "event ", event.version, " of stream ", event.stream, " cannot enter the SUS ledger: ", why));
}

// Reads and decodes a record; nullopt when absent.
template <class Record>
absl::StatusOr<std::optional<Record>> ReadSusRecord(storage::ProjectionBatch& batch,
                                                    const std::string& key) {
  TORG_ASSIGN_OR_RETURN(std::optional<std::string> stored, batch.Get(key));
  if (!stored.has_value()) return std::optional<Record>();
  Record record;
  if (!record.ParseFromString(*stored)) {
    return absl::DataLossError(absl::StrCat("the SUS ledger's record ", key, " is corrupt"));
  }
  return std::optional<Record>(std::move(record));
}

// Every version is written twice: under its position, for exports cut at
// any position, and as the stay's latest, for the next event to build on.
void PutStayVersion(const v1::SusStayVersion& version, uint64_t position,
                    storage::ProjectionBatch& batch) {
  const std::string value = version.SerializeAsString();
  batch.Put(SusStayVersionKey(version.platform_id(), version.stay_id(), position), value);
  batch.Put(SusLatestStayKey(version.stay_id()), value);
}

v1::SusConsentState ConsentStateOf(const v1::SusParticipantRecord& record) {
  bool any_sus = false;
  for (const v1::SusConsentEntry& consent : record.consents()) {
    if (!consent.sus_registration()) continue;
    if (!consent.withdrawn()) return v1::SUS_CONSENT_STATE_GIVEN;
    any_sus = true;
  }
  return any_sus ? v1::SUS_CONSENT_STATE_WITHDRAWN : v1::SUS_CONSENT_STATE_UNSPECIFIED;
}

// The participant's facts changed: each of their stays gets a new version
// carrying them, so exports cut from now on see the change and earlier cuts
// do not.
absl::Status RestampParticipantStays(const v1::SusParticipantRecord& record, uint64_t position,
                                     storage::ProjectionBatch& batch) {
  for (const v1::SusStayRef& stay : record.stays()) {
    TORG_ASSIGN_OR_RETURN(
        std::optional<v1::SusStayVersion> latest,
        ReadSusRecord<v1::SusStayVersion>(batch, SusLatestStayKey(stay.stay_id())));
    if (!latest.has_value()) continue;
    *latest->mutable_participant() = record.facts();
    PutStayVersion(*latest, position, batch);
  }
  return absl::OkStatus();
}

absl::Status ApplySusParticipantEvent(const storage::RecordedEvent& event,
                                      storage::ProjectionBatch& batch) {
  v1::ParticipantEvent participant_event;
  if (!participant_event.ParseFromString(event.data)) {
    return NotFoldable(event, "it is not a torg.v1.ParticipantEvent");
  }
  if (participant_event.has_participant_registered()) {
    const v1::ParticipantRegistered& registered = participant_event.participant_registered();
    v1::SusParticipantRecord record;
    v1::SusParticipantFacts* facts = record.mutable_facts();
    facts->set_participant_id(registered.participant_id());
    facts->set_identity_kind(registered.identity_kind());
    facts->set_protected_identity(registered.protected_identity());
    facts->set_birth_year(registered.birth_year());
    facts->set_gender(registered.gender());
    facts->set_kommun_code(registered.kommun_code());
    facts->set_education_level(registered.education_level());
    *facts->mutable_income_at_start() = registered.income_at_start();
    facts->set_time_without_work(registered.time_without_work());
    facts->set_sealed_identity(registered.sealed_identity());
    batch.Put(SusParticipantKey(registered.participant_id()), record.SerializeAsString());
    return absl::OkStatus();
  }
  // Every other event of a participant is in their stream, whose suffix is
  // their id.
  constexpr absl::string_view kParticipantStreamPrefix = "participant-";
  if (!absl::StartsWith(event.stream, kParticipantStreamPrefix)) return absl::OkStatus();
  const std::string key =
      SusParticipantKey(absl::string_view(event.stream).substr(kParticipantStreamPrefix.size()));
  TORG_ASSIGN_OR_RETURN(std::optional<v1::SusParticipantRecord> record,
                        ReadSusRecord<v1::SusParticipantRecord>(batch, key));
  if (!record.has_value()) return absl::OkStatus();
  switch (participant_event.kind_case()) {
    case v1::ParticipantEvent::kConsentRecorded: {
      v1::SusConsentEntry* consent = record->add_consents();
      consent->set_consent_id(participant_event.consent_recorded().consent_id());
      consent->set_sus_registration(participant_event.consent_recorded().sus_registration());
      break;
    }
    case v1::ParticipantEvent::kConsentWithdrawn:
      for (v1::SusConsentEntry& consent : *record->mutable_consents()) {
        if (consent.consent_id() == participant_event.consent_withdrawn().consent_id()) {
          consent.set_withdrawn(true);
        }
      }
      break;
    case v1::ParticipantEvent::kParticipantErased:
      record->mutable_facts()->set_erased(true);
      // Useless without the destroyed key; not kept where it need not be.
      record->mutable_facts()->clear_sealed_identity();
      break;
    default:
      return absl::OkStatus();
  }
  const v1::SusConsentState consent_state = ConsentStateOf(*record);
  const bool changed =
      consent_state != record->facts().sus_consent() || participant_event.has_participant_erased();
  record->mutable_facts()->set_sus_consent(consent_state);
  batch.Put(key, record->SerializeAsString());
  if (!changed) return absl::OkStatus();
  return RestampParticipantStays(*record, event.position, batch);
}

// Begins the case's next stay on `platform_id` on `date`.
absl::Status BeginStay(const std::string& case_id, const std::string& platform_id,
                       const v1::Date& date, uint64_t position, v1::SusCaseRecord& record,
                       storage::ProjectionBatch& batch) {
  record.set_stay_count(record.stay_count() + 1);
  v1::SusStayRef* stay = record.mutable_current_stay();
  stay->set_platform_id(platform_id);
  stay->set_stay_id(absl::StrCat(case_id, ".", record.stay_count()));

  v1::SusStayVersion version;
  version.set_stay_id(stay->stay_id());
  version.set_case_id(case_id);
  version.set_platform_id(platform_id);
  *version.mutable_start_date() = date;
  version.set_age_at_referral(record.age_at_referral());
  const std::string participant_key = SusParticipantKey(record.participant_id());
  TORG_ASSIGN_OR_RETURN(std::optional<v1::SusParticipantRecord> participant,
                        ReadSusRecord<v1::SusParticipantRecord>(batch, participant_key));
  if (participant.has_value()) {
    *version.mutable_participant() = participant->facts();
    *participant->add_stays() = *stay;
    batch.Put(participant_key, participant->SerializeAsString());
  } else {
    // Not possible through the services; the row then lacks its facts and
    // the export reports it instead of inventing them.
    version.mutable_participant()->set_participant_id(record.participant_id());
  }
  PutStayVersion(version, position, batch);
  return absl::OkStatus();
}

// Ends the current stay; `closed` carries the outcome when the case closed.
absl::Status EndStay(v1::SusStayEnd end, const v1::Date& date, const v1::CaseClosed* closed,
                     uint64_t position, const v1::SusCaseRecord& record,
                     storage::ProjectionBatch& batch) {
  TORG_ASSIGN_OR_RETURN(
      std::optional<v1::SusStayVersion> latest,
      ReadSusRecord<v1::SusStayVersion>(batch, SusLatestStayKey(record.current_stay().stay_id())));
  if (!latest.has_value()) return absl::OkStatus();
  latest->set_end(end);
  *latest->mutable_end_date() = date;
  if (closed != nullptr) {
    latest->set_outcome(closed->outcome());
    *latest->mutable_income_at_end() = closed->income_at_end();
  }
  PutStayVersion(*latest, position, batch);
  return absl::OkStatus();
}

absl::Status ApplySusCaseEvent(const storage::RecordedEvent& event,
                               storage::ProjectionBatch& batch) {
  const std::optional<std::string> case_id = caseindex::CaseIdOfStream(event.stream);
  if (!case_id.has_value()) return absl::OkStatus();
  v1::CaseEvent case_event;
  if (!case_event.ParseFromString(event.data)) {
    return NotFoldable(event, "it is not a torg.v1.CaseEvent");
  }
  const std::string key = SusCaseKey(*case_id);
  if (case_event.has_referral_submitted()) {
    const v1::ReferralSubmitted& referral = case_event.referral_submitted();
    v1::SusCaseRecord record;
    record.set_participant_id(referral.participant_id());
    record.set_age_at_referral(referral.age_at_referral());
    record.set_referred_platform_id(referral.platform_id());
    batch.Put(key, record.SerializeAsString());
    return absl::OkStatus();
  }
  TORG_ASSIGN_OR_RETURN(std::optional<v1::SusCaseRecord> record,
                        ReadSusRecord<v1::SusCaseRecord>(batch, key));
  if (!record.has_value()) return absl::OkStatus();
  const v1::Date& date = case_event.effective_date();
  const bool in_stay = record->enrolled() && !record->closed();
  switch (case_event.kind_case()) {
    case v1::CaseEvent::kReferralAccepted:
      if (record->enrolled() || record->closed()) return absl::OkStatus();
      record->set_enrolled(true);
      TORG_RETURN_IF_ERROR(BeginStay(*case_id, record->referred_platform_id(), date, event.position,
                                     *record, batch));
      break;
    case v1::CaseEvent::kHandoverProposed: {
      const v1::HandoverProposed& proposed = case_event.handover_proposed();
      record->set_pending_platform_id(
          proposed.kind() == v1::HANDOVER_KIND_PLATFORM ? proposed.target_platform_id() : "");
      break;
    }
    case v1::CaseEvent::kHandoverRejected:
      record->clear_pending_platform_id();
      break;
    case v1::CaseEvent::kHandoverAccepted: {
      const std::string target = record->pending_platform_id();
      record->clear_pending_platform_id();
      if (target.empty() || !in_stay) break;
      TORG_RETURN_IF_ERROR(
          EndStay(v1::SUS_STAY_END_MOVED_OUT, date, nullptr, event.position, *record, batch));
      TORG_RETURN_IF_ERROR(BeginStay(*case_id, target, date, event.position, *record, batch));
      break;
    }
    case v1::CaseEvent::kCaseClosed:
      if (record->closed()) return absl::OkStatus();
      record->set_closed(true);
      if (!record->enrolled()) break;
      TORG_RETURN_IF_ERROR(EndStay(v1::SUS_STAY_END_CLOSED, date, &case_event.case_closed(),
                                   event.position, *record, batch));
      break;
    default:
      return absl::OkStatus();
  }
  batch.Put(key, record->SerializeAsString());
  return absl::OkStatus();
}

}  // namespace

std::string SusStayPlatformPrefix(absl::string_view platform_id) {
  return absl::StrCat("s/", platform_id, "/");
}

absl::Status SusLedgerProjection::Apply(const storage::RecordedEvent& event,
                                        storage::ProjectionBatch& batch) {
  if (event.type == caseindex::kParticipantEventType) return ApplySusParticipantEvent(event, batch);
  if (event.type == caseindex::kCaseEventType) return ApplySusCaseEvent(event, batch);
  return absl::OkStatus();
}

}  // namespace torg::followup
