#include "services/assessment/assessment_service.h"

#include <utility>

#include "services/casework/case_command.h"
#include "services/edge/gated_call.h"

namespace torg::assessment {

using casework::CommandFor;
using casework::ResponseWith;

AssessmentService::AssessmentService(const casework::CaseWork& work, const edge::CallGate& gate)
    : gate_(gate), work_(work) {}

grpc::ServerUnaryReactor* AssessmentService::StartAssessment(
    grpc::CallbackServerContext* context, const v1::StartAssessmentRequest* request,
    v1::StartAssessmentResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.AssessmentService/StartAssessment", *request, response,
      [=](const edge::AdmittedCall& call) {
        casework::CaseCommand command = CommandFor(
            work_, "torg.v1.AssessmentService/StartAssessment", *request, call.principal.user_id);
        command.step.mutable_assessment_started();
        return ResponseWith<v1::StartAssessmentResponse>(work_.RunCaseStep(std::move(command)));
      });
}

grpc::ServerUnaryReactor* AssessmentService::RecordFinding(grpc::CallbackServerContext* context,
                                                           const v1::RecordFindingRequest* request,
                                                           v1::RecordFindingResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.AssessmentService/RecordFinding", *request, response,
      [=](const edge::AdmittedCall& call) {
        casework::CaseCommand command = CommandFor(work_, "torg.v1.AssessmentService/RecordFinding",
                                                   *request, call.principal.user_id);
        *command.step.mutable_assessment_finding_recorded() = request->finding();
        return ResponseWith<v1::RecordFindingResponse>(work_.RunCaseStep(std::move(command)));
      });
}

grpc::ServerUnaryReactor* AssessmentService::CompleteAssessment(
    grpc::CallbackServerContext* context, const v1::CompleteAssessmentRequest* request,
    v1::CompleteAssessmentResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.AssessmentService/CompleteAssessment", *request, response,
      [=](const edge::AdmittedCall& call) {
        casework::CaseCommand command =
            CommandFor(work_, "torg.v1.AssessmentService/CompleteAssessment", *request,
                       call.principal.user_id);
        *command.step.mutable_assessment_completed() = request->plan();
        return ResponseWith<v1::CompleteAssessmentResponse>(work_.RunCaseStep(std::move(command)));
      });
}

}  // namespace torg::assessment
