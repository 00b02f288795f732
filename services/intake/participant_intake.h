#ifndef TORG_SERVICES_INTAKE_PARTICIPANT_INTAKE_H_
#define TORG_SERVICES_INTAKE_PARTICIPANT_INTAKE_H_

// Registering participants and recording their consent: the application
// side of IntakeService's participant RPCs (the gRPC adapter only calls
// these). Identity is sealed under a fresh data key before anything is
// written; the personnummer is indexed only as a keyed hash.

#include <string>

#include "absl/status/statusor.h"
#include "services/casework/case_work.h"
#include "services/sealing/lookup_hasher.h"
#include "torg/v1/intake_service.pb.h"

namespace torg::intake {

class ParticipantIntake {
 public:
  // Both must outlive this object.
  ParticipantIntake(const casework::CaseWork& work, const sealing::LookupHasher& hasher);

  // See IntakeService.RegisterParticipant in intake_service.proto.
  absl::StatusOr<v1::RegisterParticipantResponse> Register(
      const v1::RegisterParticipantRequest& request, const std::string& user) const;

  // See IntakeService.FindParticipant.
  absl::StatusOr<v1::FindParticipantResponse> Find(const v1::FindParticipantRequest& request) const;

  // See IntakeService.RecordConsent.
  absl::StatusOr<v1::RecordConsentResponse> RecordConsent(const v1::RecordConsentRequest& request,
                                                          const std::string& user) const;

  // See IntakeService.WithdrawConsent.
  absl::StatusOr<v1::WithdrawConsentResponse> WithdrawConsent(
      const v1::WithdrawConsentRequest& request, const std::string& user) const;

  // The participant as the API shows them. NOT_FOUND if unknown.
  absl::StatusOr<v1::Participant> View(const std::string& participant_id) const;

 private:
  // Loads the participant, then answers with an earlier attempt of the
  // request if there was one, or decides the consent step and appends it.
  absl::StatusOr<storage::AppendResult> AppendConsentStep(
      const casework::CommandEnvelope& envelope, const std::string& participant_id,
      const v1::ParticipantEvent& proposed) const;
  // The consent an earlier attempt of a RecordConsent request recorded.
  absl::StatusOr<std::string> ConsentOfAppend(const storage::AppendResult& result) const;
  // ALREADY_EXISTS naming the participant registered with `lookup_hash`;
  // `refusal` as it is if no one is (it was about another key).
  absl::Status AlreadyRegistered(const std::string& lookup_hash, const absl::Status& refusal) const;
  // The participant an earlier attempt of the request wrote to.
  absl::StatusOr<std::string> ParticipantOfAppend(const storage::AppendResult& result) const;

  const casework::CaseWork& work_;
  const sealing::LookupHasher& hasher_;
};

}  // namespace torg::intake

#endif  // TORG_SERVICES_INTAKE_PARTICIPANT_INTAKE_H_
