#include "services/coordination/coordination_service.h"

#include <utility>

#include "services/casework/case_command.h"
#include "services/edge/unary_call.h"

namespace torg::coordination {

using casework::CommandFor;
using casework::ResponseWith;
using edge::CallingUser;
using edge::Finish;

CoordinationService::CoordinationService(const casework::CaseWork& work) : work_(work) {}

grpc::ServerUnaryReactor* CoordinationService::AssignCaseOwner(
    grpc::CallbackServerContext* context, const v1::AssignCaseOwnerRequest* request,
    v1::AssignCaseOwnerResponse* response) {
  casework::CaseCommand command = CommandFor(work_, "torg.v1.CoordinationService/AssignCaseOwner",
                                             *request, CallingUser(*context));
  v1::CaseOwnerAssigned* owner = command.step.mutable_case_owner_assigned();
  owner->set_owner_user_id(request->owner_user_id());
  owner->set_party_id(request->party_id());
  return Finish(context,
                ResponseWith<v1::AssignCaseOwnerResponse>(work_.RunCaseStep(std::move(command))),
                response);
}

grpc::ServerUnaryReactor* CoordinationService::RecordMeeting(
    grpc::CallbackServerContext* context, const v1::RecordMeetingRequest* request,
    v1::RecordMeetingResponse* response) {
  casework::CaseCommand command = CommandFor(work_, "torg.v1.CoordinationService/RecordMeeting",
                                             *request, CallingUser(*context));
  *command.step.mutable_meeting_recorded() = request->meeting();
  return Finish(context,
                ResponseWith<v1::RecordMeetingResponse>(work_.RunCaseStep(std::move(command))),
                response);
}

grpc::ServerUnaryReactor* CoordinationService::AddCommitment(
    grpc::CallbackServerContext* context, const v1::AddCommitmentRequest* request,
    v1::AddCommitmentResponse* response) {
  casework::CaseCommand command = CommandFor(work_, "torg.v1.CoordinationService/AddCommitment",
                                             *request, CallingUser(*context));
  *command.step.mutable_commitment_added() = request->commitment();
  return Finish(context,
                ResponseWith<v1::AddCommitmentResponse>(work_.RunCaseStep(std::move(command))),
                response);
}

grpc::ServerUnaryReactor* CoordinationService::CompleteCommitment(
    grpc::CallbackServerContext* context, const v1::CompleteCommitmentRequest* request,
    v1::CompleteCommitmentResponse* response) {
  casework::CaseCommand command = CommandFor(
      work_, "torg.v1.CoordinationService/CompleteCommitment", *request, CallingUser(*context));
  command.step.mutable_commitment_completed()->set_commitment_id(request->commitment_id());
  return Finish(context,
                ResponseWith<v1::CompleteCommitmentResponse>(work_.RunCaseStep(std::move(command))),
                response);
}

grpc::ServerUnaryReactor* CoordinationService::CancelCommitment(
    grpc::CallbackServerContext* context, const v1::CancelCommitmentRequest* request,
    v1::CancelCommitmentResponse* response) {
  casework::CaseCommand command = CommandFor(work_, "torg.v1.CoordinationService/CancelCommitment",
                                             *request, CallingUser(*context));
  *command.step.mutable_commitment_cancelled() = request->cancellation();
  return Finish(context,
                ResponseWith<v1::CancelCommitmentResponse>(work_.RunCaseStep(std::move(command))),
                response);
}

grpc::ServerUnaryReactor* CoordinationService::AddNote(grpc::CallbackServerContext* context,
                                                       const v1::AddNoteRequest* request,
                                                       v1::AddNoteResponse* response) {
  casework::CaseCommand command =
      CommandFor(work_, "torg.v1.CoordinationService/AddNote", *request, CallingUser(*context));
  *command.step.mutable_note_added() = request->note();
  return Finish(context, ResponseWith<v1::AddNoteResponse>(work_.RunCaseStep(std::move(command))),
                response);
}

}  // namespace torg::coordination
