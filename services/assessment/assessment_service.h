#ifndef TORG_SERVICES_ASSESSMENT_ASSESSMENT_SERVICE_H_
#define TORG_SERVICES_ASSESSMENT_ASSESSMENT_SERVICE_H_

// The gRPC adapter of torg.v1.AssessmentService: the joint assessment of a case.
// Each RPC turns its request into a step on the case and lets casework and
// the domain decide; no rules here.

#include <grpcpp/grpcpp.h>

#include "services/casework/case_work.h"
#include "services/edge/call_gate.h"
#include "torg/v1/assessment_service.grpc.pb.h"

namespace torg::assessment {

class AssessmentService final : public v1::AssessmentService::CallbackService {
 public:
  // `work` and `gate` must outlive the service.
  AssessmentService(const casework::CaseWork& work, const edge::CallGate& gate);

  grpc::ServerUnaryReactor* StartAssessment(grpc::CallbackServerContext* context,
                                            const v1::StartAssessmentRequest* request,
                                            v1::StartAssessmentResponse* response) override;
  grpc::ServerUnaryReactor* RecordFinding(grpc::CallbackServerContext* context,
                                          const v1::RecordFindingRequest* request,
                                          v1::RecordFindingResponse* response) override;
  grpc::ServerUnaryReactor* CompleteAssessment(grpc::CallbackServerContext* context,
                                               const v1::CompleteAssessmentRequest* request,
                                               v1::CompleteAssessmentResponse* response) override;

 private:
  const edge::CallGate& gate_;
  const casework::CaseWork& work_;
};

}  // namespace torg::assessment

#endif  // TORG_SERVICES_ASSESSMENT_ASSESSMENT_SERVICE_H_
