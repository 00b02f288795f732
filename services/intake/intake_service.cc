#include "services/intake/intake_service.h"

#include "services/common/status_macros.h"
#include "services/edge/gated_call.h"

namespace torg::intake {

IntakeService::IntakeService(const casework::CaseWork& work, const sealing::LookupHasher& hasher,
                             const edge::CallGate& gate)
    : gate_(gate), participants_(work, hasher), referrals_(work) {}

grpc::ServerUnaryReactor* IntakeService::RegisterParticipant(
    grpc::CallbackServerContext* context, const v1::RegisterParticipantRequest* request,
    v1::RegisterParticipantResponse* response) {
  return edge::Serve(context, gate_, "/torg.v1.IntakeService/RegisterParticipant", *request,
                     response, [=](const edge::AdmittedCall& call) {
                       return participants_.Register(*request, call.principal.user_id);
                     });
}

grpc::ServerUnaryReactor* IntakeService::FindParticipant(grpc::CallbackServerContext* context,
                                                         const v1::FindParticipantRequest* request,
                                                         v1::FindParticipantResponse* response) {
  return edge::ServeRead(
      context, gate_, "/torg.v1.IntakeService/FindParticipant", *request, response,
      [=](const edge::AdmittedCall&) { return participants_.Find(*request); },
      [](const edge::AdmittedCall&, const v1::FindParticipantResponse& found) {
        return edge::Disclosed{{found.participant_id()}, {}, "found by personnummer"};
      });
}

grpc::ServerUnaryReactor* IntakeService::RecordConsent(grpc::CallbackServerContext* context,
                                                       const v1::RecordConsentRequest* request,
                                                       v1::RecordConsentResponse* response) {
  return edge::Serve(context, gate_, "/torg.v1.IntakeService/RecordConsent", *request, response,
                     [=](const edge::AdmittedCall& call) {
                       return participants_.RecordConsent(*request, call.principal.user_id);
                     });
}

grpc::ServerUnaryReactor* IntakeService::WithdrawConsent(grpc::CallbackServerContext* context,
                                                         const v1::WithdrawConsentRequest* request,
                                                         v1::WithdrawConsentResponse* response) {
  return edge::Serve(context, gate_, "/torg.v1.IntakeService/WithdrawConsent", *request, response,
                     [=](const edge::AdmittedCall& call) {
                       return participants_.WithdrawConsent(*request, call.principal.user_id);
                     });
}

grpc::ServerUnaryReactor* IntakeService::SubmitReferral(grpc::CallbackServerContext* context,
                                                        const v1::SubmitReferralRequest* request,
                                                        v1::SubmitReferralResponse* response) {
  return edge::Serve(context, gate_, "/torg.v1.IntakeService/SubmitReferral", *request, response,
                     [=](const edge::AdmittedCall& call) {
                       return referrals_.Submit(*request, call.principal.user_id);
                     });
}

grpc::ServerUnaryReactor* IntakeService::DecideReferral(grpc::CallbackServerContext* context,
                                                        const v1::DecideReferralRequest* request,
                                                        v1::DecideReferralResponse* response) {
  return edge::Serve(context, gate_, "/torg.v1.IntakeService/DecideReferral", *request, response,
                     [=](const edge::AdmittedCall& call) {
                       return referrals_.Decide(*request, call.principal.user_id);
                     });
}

}  // namespace torg::intake
