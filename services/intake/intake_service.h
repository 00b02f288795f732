#ifndef TORG_SERVICES_INTAKE_INTAKE_SERVICE_H_
#define TORG_SERVICES_INTAKE_INTAKE_SERVICE_H_

// The gRPC adapter of torg.v1.IntakeService: who calls, then the intake
// rooms decide and answer. No rules here.

#include <grpcpp/grpcpp.h>

#include "services/casework/case_work.h"
#include "services/edge/call_gate.h"
#include "services/intake/participant_intake.h"
#include "services/intake/referral_intake.h"
#include "services/sealing/lookup_hasher.h"
#include "torg/v1/intake_service.grpc.pb.h"

namespace torg::intake {

class IntakeService final : public v1::IntakeService::CallbackService {
 public:
  // Both and `gate` must outlive the service.
  IntakeService(const casework::CaseWork& work, const sealing::LookupHasher& hasher,
                const edge::CallGate& gate);

  grpc::ServerUnaryReactor* RegisterParticipant(grpc::CallbackServerContext* context,
                                                const v1::RegisterParticipantRequest* request,
                                                v1::RegisterParticipantResponse* response) override;
  grpc::ServerUnaryReactor* FindParticipant(grpc::CallbackServerContext* context,
                                            const v1::FindParticipantRequest* request,
                                            v1::FindParticipantResponse* response) override;
  grpc::ServerUnaryReactor* RecordConsent(grpc::CallbackServerContext* context,
                                          const v1::RecordConsentRequest* request,
                                          v1::RecordConsentResponse* response) override;
  grpc::ServerUnaryReactor* WithdrawConsent(grpc::CallbackServerContext* context,
                                            const v1::WithdrawConsentRequest* request,
                                            v1::WithdrawConsentResponse* response) override;
  grpc::ServerUnaryReactor* SubmitReferral(grpc::CallbackServerContext* context,
                                           const v1::SubmitReferralRequest* request,
                                           v1::SubmitReferralResponse* response) override;
  grpc::ServerUnaryReactor* DecideReferral(grpc::CallbackServerContext* context,
                                           const v1::DecideReferralRequest* request,
                                           v1::DecideReferralResponse* response) override;

 private:
  const edge::CallGate& gate_;
  ParticipantIntake participants_;
  ReferralIntake referrals_;
};

}  // namespace torg::intake

#endif  // TORG_SERVICES_INTAKE_INTAKE_SERVICE_H_
