#ifndef TORG_SERVICES_CLOSURE_CLOSURE_SERVICE_H_
#define TORG_SERVICES_CLOSURE_CLOSURE_SERVICE_H_

// The gRPC adapter of torg.v1.ClosureService: closing cases, follow-ups, and
// the list of follow-ups due. The rules are the domain's; the list is the
// case index's.

#include <grpcpp/grpcpp.h>

#include "services/casework/case_work.h"
#include "services/edge/call_gate.h"
#include "torg/v1/closure_service.grpc.pb.h"

namespace torg::closure {

class ClosureService final : public v1::ClosureService::CallbackService {
 public:
  // `work` and `gate` must outlive the service.
  ClosureService(const casework::CaseWork& work, const edge::CallGate& gate);

  grpc::ServerUnaryReactor* CloseCase(grpc::CallbackServerContext* context,
                                      const v1::CloseCaseRequest* request,
                                      v1::CloseCaseResponse* response) override;
  grpc::ServerUnaryReactor* RecordFollowUp(grpc::CallbackServerContext* context,
                                           const v1::RecordFollowUpRequest* request,
                                           v1::RecordFollowUpResponse* response) override;
  grpc::ServerUnaryReactor* ListFollowUpsDue(grpc::CallbackServerContext* context,
                                             const v1::ListFollowUpsDueRequest* request,
                                             v1::ListFollowUpsDueResponse* response) override;

 private:
  const edge::CallGate& gate_;
  absl::StatusOr<v1::ListFollowUpsDueResponse> FollowUpsDue(
      const v1::ListFollowUpsDueRequest& request) const;

  const casework::CaseWork& work_;
};

}  // namespace torg::closure

#endif  // TORG_SERVICES_CLOSURE_CLOSURE_SERVICE_H_
