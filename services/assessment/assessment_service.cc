#include "services/assessment/assessment_service.h"

#include <utility>

#include "services/casework/case_command.h"
#include "services/edge/unary_call.h"

namespace torg::assessment {

using casework::CommandFor;
using casework::ResponseWith;
using edge::CallingUser;
using edge::Finish;

AssessmentService::AssessmentService(const casework::CaseWork& work) : work_(work) {}

grpc::ServerUnaryReactor* AssessmentService::StartAssessment(
    grpc::CallbackServerContext* context, const v1::StartAssessmentRequest* request,
    v1::StartAssessmentResponse* response) {
  casework::CaseCommand command = CommandFor(work_, "torg.v1.AssessmentService/StartAssessment",
                                             *request, CallingUser(*context));
  command.step.mutable_assessment_started();
  return Finish(context,
                ResponseWith<v1::StartAssessmentResponse>(work_.RunCaseStep(std::move(command))),
                response);
}

grpc::ServerUnaryReactor* AssessmentService::RecordFinding(grpc::CallbackServerContext* context,
                                                           const v1::RecordFindingRequest* request,
                                                           v1::RecordFindingResponse* response) {
  casework::CaseCommand command =
      CommandFor(work_, "torg.v1.AssessmentService/RecordFinding", *request, CallingUser(*context));
  *command.step.mutable_assessment_finding_recorded() = request->finding();
  return Finish(context,
                ResponseWith<v1::RecordFindingResponse>(work_.RunCaseStep(std::move(command))),
                response);
}

grpc::ServerUnaryReactor* AssessmentService::CompleteAssessment(
    grpc::CallbackServerContext* context, const v1::CompleteAssessmentRequest* request,
    v1::CompleteAssessmentResponse* response) {
  casework::CaseCommand command = CommandFor(work_, "torg.v1.AssessmentService/CompleteAssessment",
                                             *request, CallingUser(*context));
  *command.step.mutable_assessment_completed() = request->plan();
  return Finish(context,
                ResponseWith<v1::CompleteAssessmentResponse>(work_.RunCaseStep(std::move(command))),
                response);
}

}  // namespace torg::assessment
