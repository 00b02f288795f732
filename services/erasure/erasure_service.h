#ifndef TORG_SERVICES_ERASURE_ERASURE_SERVICE_H_
#define TORG_SERVICES_ERASURE_ERASURE_SERVICE_H_

// The gRPC adapter of torg.v1.ErasureService: erasing a participant at their
// request and applying the förbund's retention rules (gallring). The rules
// are the domain's (casefile/erasure.h); carrying them out is casework's
// (ParticipantErasure). For administrators only.

#include <grpcpp/grpcpp.h>

#include <string>

#include "absl/status/statusor.h"
#include "services/casework/case_work.h"
#include "services/casework/participant_erasure.h"
#include "services/edge/call_gate.h"
#include "torg/v1/erasure_service.grpc.pb.h"

namespace torg::erasure {

class ErasureService final : public v1::ErasureService::CallbackService {
 public:
  // `work` must outlive the service.
  ErasureService(const casework::CaseWork& work, const edge::CallGate& gate);

  grpc::ServerUnaryReactor* EraseParticipant(grpc::CallbackServerContext* context,
                                             const v1::EraseParticipantRequest* request,
                                             v1::EraseParticipantResponse* response) override;
  grpc::ServerUnaryReactor* ApplyRetention(grpc::CallbackServerContext* context,
                                           const v1::ApplyRetentionRequest* request,
                                           v1::ApplyRetentionResponse* response) override;

 private:
  const edge::CallGate& gate_;
  // See ErasureService.EraseParticipant; `user` records the erasure.
  absl::StatusOr<v1::EraseParticipantResponse> Erase(const v1::EraseParticipantRequest& request,
                                                     const std::string& user) const;
  // See ErasureService.ApplyRetention; `user` records the erasures.
  absl::StatusOr<v1::ApplyRetentionResponse> Retention(const v1::ApplyRetentionRequest& request,
                                                       const std::string& user) const;

  const casework::CaseWork& work_;
  casework::ParticipantErasure erasure_;
};

}  // namespace torg::erasure

#endif  // TORG_SERVICES_ERASURE_ERASURE_SERVICE_H_
