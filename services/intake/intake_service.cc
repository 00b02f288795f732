#include "services/intake/intake_service.h"

#include "services/edge/unary_call.h"

namespace torg::intake {

using edge::CallingUser;
using edge::Finish;

IntakeService::IntakeService(const casework::CaseWork& work, const sealing::LookupHasher& hasher)
    : participants_(work, hasher), referrals_(work) {}

grpc::ServerUnaryReactor* IntakeService::RegisterParticipant(
    grpc::CallbackServerContext* context, const v1::RegisterParticipantRequest* request,
    v1::RegisterParticipantResponse* response) {
  return Finish(context, participants_.Register(*request, CallingUser(*context)), response);
}

grpc::ServerUnaryReactor* IntakeService::FindParticipant(grpc::CallbackServerContext* context,
                                                         const v1::FindParticipantRequest* request,
                                                         v1::FindParticipantResponse* response) {
  return Finish(context, participants_.Find(*request), response);
}

grpc::ServerUnaryReactor* IntakeService::RecordConsent(grpc::CallbackServerContext* context,
                                                       const v1::RecordConsentRequest* request,
                                                       v1::RecordConsentResponse* response) {
  return Finish(context, participants_.RecordConsent(*request, CallingUser(*context)), response);
}

grpc::ServerUnaryReactor* IntakeService::WithdrawConsent(grpc::CallbackServerContext* context,
                                                         const v1::WithdrawConsentRequest* request,
                                                         v1::WithdrawConsentResponse* response) {
  return Finish(context, participants_.WithdrawConsent(*request, CallingUser(*context)), response);
}

grpc::ServerUnaryReactor* IntakeService::SubmitReferral(grpc::CallbackServerContext* context,
                                                        const v1::SubmitReferralRequest* request,
                                                        v1::SubmitReferralResponse* response) {
  return Finish(context, referrals_.Submit(*request, CallingUser(*context)), response);
}

grpc::ServerUnaryReactor* IntakeService::DecideReferral(grpc::CallbackServerContext* context,
                                                        const v1::DecideReferralRequest* request,
                                                        v1::DecideReferralResponse* response) {
  return Finish(context, referrals_.Decide(*request, CallingUser(*context)), response);
}

}  // namespace torg::intake
