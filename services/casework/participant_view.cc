#include "services/casework/participant_view.h"

#include <set>
#include <string>

#include "services/common/status_macros.h"

namespace torg::casework {
namespace {

constexpr char kIdentityField[] = "identity";

void ApplyRegistration(const v1::ParticipantRegistered& registered,
                       const v1::ParticipantIdentity& identity, v1::Participant& view) {
  view.set_participant_id(registered.participant_id());
  view.set_identity_kind(registered.identity_kind());
  view.set_personnummer(identity.personnummer());
  view.set_given_name(identity.given_name());
  view.set_family_name(identity.family_name());
  view.set_phone(identity.phone());
  view.set_email(identity.email());
  view.set_address(identity.address());
  view.set_birth_year(registered.birth_year());
  view.set_gender(registered.gender());
  view.set_kommun_code(registered.kommun_code());
  view.set_education_level(registered.education_level());
  *view.mutable_income_at_start() = registered.income_at_start();
  view.set_time_without_work(registered.time_without_work());
  view.set_protected_identity(registered.protected_identity());
}

void ApplyConsent(const v1::ConsentRecorded& recorded, const v1::Date& given_on,
                  v1::Participant& view) {
  v1::ConsentView* consent = view.add_consents();
  consent->set_consent_id(recorded.consent_id());
  *consent->mutable_party_ids() = recorded.party_ids();
  consent->set_sus_registration(recorded.sus_registration());
  consent->set_form(recorded.form());
  *consent->mutable_given_on() = given_on;
}

void ApplyWithdrawal(const v1::ConsentWithdrawn& withdrawn, v1::Participant& view) {
  for (v1::ConsentView& consent : *view.mutable_consents()) {
    if (consent.consent_id() == withdrawn.consent_id()) consent.set_withdrawn(true);
  }
}

void FillConsentedParties(v1::Participant& view) {
  std::set<std::string> parties;
  for (const v1::ConsentView& consent : view.consents()) {
    if (!consent.withdrawn())
      parties.insert(consent.party_ids().begin(), consent.party_ids().end());
  }
  view.clear_consented_party_ids();
  for (const std::string& party : parties) view.add_consented_party_ids(party);
}

}  // namespace

absl::StatusOr<std::string> SealIdentity(const v1::ParticipantIdentity& identity,
                                         const ParticipantSealer& sealer) {
  // Padded, and sealed even when empty (anonymous): the size of a record
  // should tell as little as it can about the person in it.
  return sealer.SealPadded(kIdentityField, identity.SerializeAsString());
}

absl::StatusOr<v1::ParticipantIdentity> OpenIdentity(absl::string_view sealed,
                                                     const ParticipantSealer& sealer) {
  v1::ParticipantIdentity identity;
  if (sealed.empty()) return identity;
  TORG_ASSIGN_OR_RETURN(std::string plain, sealer.OpenPadded(kIdentityField, sealed));
  if (!identity.ParseFromString(plain)) {
    return absl::DataLossError("a participant's sealed identity does not decode");
  }
  return identity;
}

absl::StatusOr<v1::Participant> BuildParticipantView(
    const std::vector<storage::RecordedEvent>& events, const ParticipantSealer& sealer) {
  return BuildParticipantViewOrRedacted(events, &sealer);
}

absl::StatusOr<v1::Participant> BuildParticipantViewOrRedacted(
    const std::vector<storage::RecordedEvent>& events, const ParticipantSealer* sealer) {
  v1::Participant view;
  // An erased participant's identity is never opened, even while an
  // interrupted erasure has left the key in place.
  bool erased = sealer == nullptr;
  for (const storage::RecordedEvent& recorded : events) {
    v1::ParticipantEvent event;
    if (event.ParseFromString(recorded.data) && event.has_participant_erased()) erased = true;
  }
  for (const storage::RecordedEvent& recorded : events) {
    v1::ParticipantEvent event;
    if (!event.ParseFromString(recorded.data)) {
      return absl::DataLossError("a stored participant event does not decode");
    }
    switch (event.kind_case()) {
      case v1::ParticipantEvent::kParticipantRegistered: {
        v1::ParticipantIdentity identity;
        if (!erased) {
          TORG_ASSIGN_OR_RETURN(
              identity, OpenIdentity(event.participant_registered().sealed_identity(), *sealer));
        }
        ApplyRegistration(event.participant_registered(), identity, view);
        *view.mutable_registered_on() = event.effective_date();
        break;
      }
      case v1::ParticipantEvent::kConsentRecorded:
        ApplyConsent(event.consent_recorded(), event.effective_date(), view);
        break;
      case v1::ParticipantEvent::kConsentWithdrawn:
        ApplyWithdrawal(event.consent_withdrawn(), view);
        break;
      case v1::ParticipantEvent::kParticipantErased:
        view.set_erased(true);
        *view.mutable_erased_on() = event.effective_date();
        break;
      case v1::ParticipantEvent::kParticipantErasureCompleted:
        break;
      case v1::ParticipantEvent::KIND_NOT_SET:
        return absl::DataLossError("a stored participant event has no kind");
    }
    view.set_version(recorded.version);
  }
  FillConsentedParties(view);
  // A key gone without ParticipantErased (never written so) is shown erased all the same.
  if (erased) view.set_erased(true);
  return view;
}

}  // namespace torg::casework
