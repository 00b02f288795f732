#ifndef TORG_SERVICES_HANDOVER_HANDOVER_SERVICE_H_
#define TORG_SERVICES_HANDOVER_HANDOVER_SERVICE_H_

// The gRPC adapter of torg.v1.HandoverService: handover steps go to the
// domain through casework; the inbox, outbox and deviation lists come from
// the case index; the aging-out list from aging_out.h.

#include <grpcpp/grpcpp.h>

#include "services/casework/case_work.h"
#include "services/edge/call_gate.h"
#include "torg/v1/handover_service.grpc.pb.h"

namespace torg::handover {

class HandoverService final : public v1::HandoverService::CallbackService {
 public:
  // `work` and `gate` must outlive the service.
  HandoverService(const casework::CaseWork& work, const edge::CallGate& gate);

  grpc::ServerUnaryReactor* ProposeHandover(grpc::CallbackServerContext* context,
                                            const v1::ProposeHandoverRequest* request,
                                            v1::ProposeHandoverResponse* response) override;
  grpc::ServerUnaryReactor* AcceptHandover(grpc::CallbackServerContext* context,
                                           const v1::AcceptHandoverRequest* request,
                                           v1::AcceptHandoverResponse* response) override;
  grpc::ServerUnaryReactor* RejectHandover(grpc::CallbackServerContext* context,
                                           const v1::RejectHandoverRequest* request,
                                           v1::RejectHandoverResponse* response) override;
  grpc::ServerUnaryReactor* ResolveDeviation(grpc::CallbackServerContext* context,
                                             const v1::ResolveDeviationRequest* request,
                                             v1::ResolveDeviationResponse* response) override;
  grpc::ServerUnaryReactor* ListHandovers(grpc::CallbackServerContext* context,
                                          const v1::ListHandoversRequest* request,
                                          v1::ListHandoversResponse* response) override;
  grpc::ServerUnaryReactor* ListDeviations(grpc::CallbackServerContext* context,
                                           const v1::ListDeviationsRequest* request,
                                           v1::ListDeviationsResponse* response) override;
  grpc::ServerUnaryReactor* ListAgingOut(grpc::CallbackServerContext* context,
                                         const v1::ListAgingOutRequest* request,
                                         v1::ListAgingOutResponse* response) override;

 private:
  const edge::CallGate& gate_;
  absl::StatusOr<v1::ListHandoversResponse> Handovers(
      const v1::ListHandoversRequest& request) const;
  absl::StatusOr<v1::ListDeviationsResponse> Deviations(
      const v1::ListDeviationsRequest& request) const;
  absl::StatusOr<v1::ListAgingOutResponse> AgingOut(const v1::ListAgingOutRequest& request) const;

  const casework::CaseWork& work_;
};

}  // namespace torg::handover

#endif  // TORG_SERVICES_HANDOVER_HANDOVER_SERVICE_H_
