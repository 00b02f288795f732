#include "services/casefile/participant.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/casefile/case_state.h"
#include "services/casefile/forbund_lookup.h"

namespace torg::casefile {
namespace {

using ParticipantEvent = v1::ParticipantEvent;

void ApplyRegistered(ParticipantState& state, const v1::ParticipantRegistered& registered,
                     absl::CivilDay day) {
  state.registered = true;
  state.participant_id = registered.participant_id();
  state.identity_kind = registered.identity_kind();
  state.birth_year = registered.birth_year();
  state.kommun_code = registered.kommun_code();
  state.protected_identity = registered.protected_identity();
  state.registered_on = day;
}

absl::Status CheckConsentDate(const ParticipantState& state, const ParticipantEvent& proposed,
                              absl::CivilDay today, absl::CivilDay& day) {
  std::optional<absl::CivilDay> parsed = ToCivilDay(proposed.effective_date());
  if (!parsed.has_value()) {
    return absl::InvalidArgumentError("effective_date is required and must be a calendar date");
  }
  day = *parsed;
  if (day > today) {
    return absl::InvalidArgumentError(
        absl::StrCat("effective_date ", absl::FormatCivilTime(day), " is in the future"));
  }
  if (day < state.registered_on) {
    return absl::FailedPreconditionError(absl::StrCat("effective_date ", absl::FormatCivilTime(day),
                                                      " is before the registration on ",
                                                      absl::FormatCivilTime(state.registered_on)));
  }
  return absl::OkStatus();
}

absl::Status CheckRecorded(const ParticipantState& state, const v1::ConsentRecorded& recorded,
                           const v1::ForbundConfig& config) {
  if (recorded.consent_id().empty() || state.consents.count(recorded.consent_id()) > 0) {
    return absl::InvalidArgumentError("consent_id is required and must be new to the participant");
  }
  if (recorded.party_ids().empty()) {
    return absl::InvalidArgumentError("a consent must name the parties it covers");
  }
  for (const std::string& party : recorded.party_ids()) {
    if (!PartyExists(config, party)) {
      return absl::InvalidArgumentError(
          absl::StrCat("party_ids names ", party, ", which is not a party of the förbund"));
    }
  }
  if (recorded.form() == v1::CONSENT_FORM_UNSPECIFIED) {
    return absl::InvalidArgumentError("the form of consent (written or oral) is required");
  }
  if (recorded.sus_registration() && recorded.form() != v1::CONSENT_FORM_WRITTEN) {
    return absl::InvalidArgumentError(
        "registration in SUS with personnummer needs written consent (FK's form 9443)");
  }
  return absl::OkStatus();
}

absl::Status CheckWithdrawn(const ParticipantState& state, const v1::ConsentWithdrawn& withdrawn) {
  auto consent = state.consents.find(withdrawn.consent_id());
  if (consent == state.consents.end()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the participant has no consent ", withdrawn.consent_id()));
  }
  if (consent->second.withdrawn) {
    return absl::FailedPreconditionError(
        absl::StrCat("consent ", withdrawn.consent_id(), " is already withdrawn"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Apply(ParticipantState& state, const v1::ParticipantEvent& event) {
  std::optional<absl::CivilDay> day = ToCivilDay(event.effective_date());
  if (!day.has_value()) {
    return absl::DataLossError(
        absl::StrCat("participant event ", state.version + 1, " has no valid effective date"));
  }
  switch (event.kind_case()) {
    case ParticipantEvent::kParticipantRegistered:
      ApplyRegistered(state, event.participant_registered(), *day);
      break;
    case ParticipantEvent::kConsentRecorded: {
      const v1::ConsentRecorded& recorded = event.consent_recorded();
      Consent& consent = state.consents[recorded.consent_id()];
      consent.party_ids = {recorded.party_ids().begin(), recorded.party_ids().end()};
      consent.sus_registration = recorded.sus_registration();
      consent.form = recorded.form();
      consent.given_on = *day;
      break;
    }
    case ParticipantEvent::kConsentWithdrawn:
      state.consents[event.consent_withdrawn().consent_id()].withdrawn = true;
      break;
    case ParticipantEvent::kParticipantErased:
      state.erased = true;
      state.erased_on = *day;
      state.erasure_reason = event.participant_erased().reason();
      break;
    case ParticipantEvent::kParticipantErasureCompleted:
      state.erasure_completed = true;
      break;
    case ParticipantEvent::KIND_NOT_SET:
      return absl::DataLossError(absl::StrCat("participant event ", state.version + 1,
                                              " has no kind: written by a newer Torg?"));
  }
  ++state.version;
  return absl::OkStatus();
}

std::set<std::string> ConsentedParties(const ParticipantState& state) {
  std::set<std::string> parties;
  for (const auto& [id, consent] : state.consents) {
    if (!consent.withdrawn) parties.insert(consent.party_ids.begin(), consent.party_ids.end());
  }
  return parties;
}

bool MayRegisterInSus(const ParticipantState& state) {
  return std::any_of(state.consents.begin(), state.consents.end(), [](const auto& entry) {
    return !entry.second.withdrawn && entry.second.sus_registration &&
           entry.second.form == v1::CONSENT_FORM_WRITTEN;
  });
}

int AgeOn(const ParticipantState& state, const std::optional<Personnummer>& number,
          absl::CivilDay day) {
  if (state.identity_kind == v1::IDENTITY_KIND_ANONYMOUS || !number.has_value()) {
    return static_cast<int>(day.year()) - state.birth_year;
  }
  return number->AgeOn(day);
}

absl::CivilDay DayReachingAge(const ParticipantState& state,
                              const std::optional<Personnummer>& number, int age) {
  if (state.identity_kind == v1::IDENTITY_KIND_ANONYMOUS || !number.has_value()) {
    return absl::CivilDay(state.birth_year + age, 1, 1);
  }
  const absl::CivilDay birth = number->birth_date();
  return absl::CivilDay(birth.year() + age, birth.month(), birth.day());
}

absl::StatusOr<ValidRegistration> ValidateRegistration(const RegistrationRequest& request,
                                                       absl::CivilDay today,
                                                       const v1::ForbundConfig& config) {
  ValidRegistration valid;
  if (!request.personnummer.empty()) {
    absl::StatusOr<Personnummer> number = Personnummer::Parse(request.personnummer, today);
    if (!number.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("personnummer: ", number.status().message()));
    }
    valid.identity_kind = number->is_samordningsnummer() ? v1::IDENTITY_KIND_SAMORDNINGSNUMMER
                                                         : v1::IDENTITY_KIND_PERSONNUMMER;
    valid.birth_year = static_cast<int>(number->birth_date().year());
    valid.personnummer = *std::move(number);
  } else {
    if (request.birth_year < kEarliestBirthYear || request.birth_year > today.year()) {
      return absl::InvalidArgumentError(
          absl::StrCat("birth_year is required for an anonymous participant and must lie between ",
                       kEarliestBirthYear, " and ", today.year()));
    }
    valid.identity_kind = v1::IDENTITY_KIND_ANONYMOUS;
    valid.birth_year = request.birth_year;
  }
  if (request.gender == v1::GENDER_UNSPECIFIED) {
    return absl::InvalidArgumentError("gender is required: every report is split by it");
  }
  if (!KommunExists(config, request.kommun_code)) {
    return absl::InvalidArgumentError(
        absl::StrCat("kommun_code ", request.kommun_code.empty() ? "(empty)" : request.kommun_code,
                     " is not one of the förbund's kommuner"));
  }
  if (request.income_at_start.empty() ||
      std::count(request.income_at_start.begin(), request.income_at_start.end(),
                 v1::INCOME_SOURCE_UNSPECIFIED) > 0) {
    return absl::InvalidArgumentError(
        "income_at_start needs at least one source, and none unspecified (use NONE for no income)");
  }
  return valid;
}

absl::StatusOr<std::vector<v1::ParticipantEvent>> DecideConsent(
    const ParticipantState& state, const v1::ParticipantEvent& proposed, absl::CivilDay today,
    const v1::ForbundConfig& config) {
  if (proposed.kind_case() != ParticipantEvent::kConsentRecorded &&
      proposed.kind_case() != ParticipantEvent::kConsentWithdrawn) {
    return absl::InvalidArgumentError("a consent step records or withdraws a consent");
  }
  if (!state.registered) {
    return absl::FailedPreconditionError("the participant is not registered");
  }
  if (state.erased) {
    return absl::FailedPreconditionError(
        "the participant's personal data has been erased: register the person again to record "
        "a new consent");
  }
  absl::CivilDay day;
  if (absl::Status date = CheckConsentDate(state, proposed, today, day); !date.ok()) return date;
  absl::Status checked = proposed.kind_case() == ParticipantEvent::kConsentRecorded
                             ? CheckRecorded(state, proposed.consent_recorded(), config)
                             : CheckWithdrawn(state, proposed.consent_withdrawn());
  if (!checked.ok()) return checked;
  return std::vector<v1::ParticipantEvent>{proposed};
}

}  // namespace torg::casefile
