#ifndef TORG_SERVICES_CASEFILE_PARTICIPANT_H_
#define TORG_SERVICES_CASEFILE_PARTICIPANT_H_

// A participant: registration and consent, folded from the participant's
// events, and the rules for registering and for recording or withdrawing
// consent. Pure: no I/O, no clock, no cryptography (the service seals the
// identity; this room decides on the plain facts).

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/casefile/personnummer.h"
#include "torg/v1/forbund_config.pb.h"
#include "torg/v1/participant_events.pb.h"

namespace torg::casefile {

struct Consent {
  std::set<std::string> party_ids;
  bool sus_registration = false;
  v1::ConsentForm form = v1::CONSENT_FORM_UNSPECIFIED;
  absl::CivilDay given_on;
  bool withdrawn = false;
};

struct ParticipantState {
  // The number of events folded in: the stream version.
  uint64_t version = 0;
  bool registered = false;
  std::string participant_id;
  v1::IdentityKind identity_kind = v1::IDENTITY_KIND_UNSPECIFIED;
  int birth_year = 0;
  std::string kommun_code;
  bool protected_identity = false;
  absl::CivilDay registered_on;
  std::map<std::string, Consent> consents;
  // Set by ParticipantErased: the personal data is gone; nothing more may be
  // recorded for the participant.
  bool erased = false;
  std::optional<absl::CivilDay> erased_on;
  v1::ErasureReason erasure_reason = v1::ERASURE_REASON_UNSPECIFIED;
  // Set by ParticipantErasureCompleted: the keys are destroyed for good.
  bool erasure_completed = false;
};

// Folds one stored event into the state; DATA_LOSS only for an event that
// cannot belong to a participant (no kind, no valid date).
absl::Status Apply(ParticipantState& state, const v1::ParticipantEvent& event);

// The parties the participant's consents cover now: the union of every
// consent not withdrawn. A case may involve only these.
std::set<std::string> ConsentedParties(const ParticipantState& state);

// Whether a current written consent allows registration in SUS with personnummer.
bool MayRegisterInSus(const ParticipantState& state);

// The participant's age on `day` as the rules count it. An identified
// participant's follows from the birth date in `number` (their opened
// personnummer; required unless anonymous). An anonymous participant is
// known by birth year only and counts as the age they reach during the year
// of `day` (SCB's "uppnådd ålder under året"): born 2010, 16 on every day of
// 2026.
int AgeOn(const ParticipantState& state, const std::optional<Personnummer>& number,
          absl::CivilDay day);

// The first day on which AgeOn gives at least `age`: the birthday (29
// February becomes 1 March in a common year), or for an anonymous
// participant 1 January of the year they reach it.
absl::CivilDay DayReachingAge(const ParticipantState& state,
                              const std::optional<Personnummer>& number, int age);

// What a registration asks for, in plain text, before sealing.
struct RegistrationRequest {
  // A personnummer or samordningsnummer in any accepted form; empty for an
  // anonymous registration.
  std::string personnummer;
  // Required when anonymous; ignored otherwise (it follows from the number).
  int birth_year = 0;
  v1::Gender gender = v1::GENDER_UNSPECIFIED;
  std::string kommun_code;
  v1::EducationLevel education_level = v1::EDUCATION_LEVEL_UNSPECIFIED;
  std::vector<v1::IncomeSource> income_at_start;
  v1::TimeWithoutWork time_without_work = v1::TIME_WITHOUT_WORK_UNSPECIFIED;
  bool protected_identity = false;
};

// A registration that passed every rule.
struct ValidRegistration {
  v1::IdentityKind identity_kind = v1::IDENTITY_KIND_UNSPECIFIED;
  // Set for an identified participant: the parsed, normalised number.
  std::optional<Personnummer> personnummer;
  int birth_year = 0;
};

// Checks a registration. INVALID_ARGUMENT naming the field for: a bad
// personnummer (the reason from Personnummer::Parse), an anonymous
// registration without a plausible birth year, no gender, a kommun that is
// not the förbund's, no income source or an unspecified one.
absl::StatusOr<ValidRegistration> ValidateRegistration(const RegistrationRequest& request,
                                                       absl::CivilDay today,
                                                       const v1::ForbundConfig& config);

// Decides a consent step (ConsentRecorded or ConsentWithdrawn) proposed for
// a registered participant. FAILED_PRECONDITION when the participant is not
// registered or is erased, the consent to withdraw is unknown or already withdrawn, or
// the step is dated before the registration; INVALID_ARGUMENT for a
// malformed step (reused id, no or unknown parties, no form, SUS
// registration without written consent, a date in the future).
absl::StatusOr<std::vector<v1::ParticipantEvent>> DecideConsent(
    const ParticipantState& state, const v1::ParticipantEvent& proposed, absl::CivilDay today,
    const v1::ForbundConfig& config);

}  // namespace torg::casefile

#endif  // TORG_SERVICES_CASEFILE_PARTICIPANT_H_
