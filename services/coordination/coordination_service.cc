#include "services/coordination/coordination_service.h"

#include <utility>

#include "services/casework/case_command.h"
#include "services/edge/gated_call.h"

namespace torg::coordination {

using casework::CommandFor;
using casework::ResponseWith;

CoordinationService::CoordinationService(const casework::CaseWork& work, const edge::CallGate& gate)
    : gate_(gate), work_(work) {}

grpc::ServerUnaryReactor* CoordinationService::AssignCaseOwner(
    grpc::CallbackServerContext* context, const v1::AssignCaseOwnerRequest* request,
    v1::AssignCaseOwnerResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.CoordinationService/AssignCaseOwner", *request, response,
      [=](const edge::AdmittedCall& call) {
        casework::CaseCommand command = CommandFor(
            work_, "torg.v1.CoordinationService/AssignCaseOwner", *request, call.principal.user_id);
        v1::CaseOwnerAssigned* owner = command.step.mutable_case_owner_assigned();
        owner->set_owner_user_id(request->owner_user_id());
        owner->set_party_id(request->party_id());
        return ResponseWith<v1::AssignCaseOwnerResponse>(work_.RunCaseStep(std::move(command)));
      });
}

grpc::ServerUnaryReactor* CoordinationService::RecordMeeting(
    grpc::CallbackServerContext* context, const v1::RecordMeetingRequest* request,
    v1::RecordMeetingResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.CoordinationService/RecordMeeting", *request, response,
      [=](const edge::AdmittedCall& call) {
        casework::CaseCommand command = CommandFor(
            work_, "torg.v1.CoordinationService/RecordMeeting", *request, call.principal.user_id);
        *command.step.mutable_meeting_recorded() = request->meeting();
        return ResponseWith<v1::RecordMeetingResponse>(work_.RunCaseStep(std::move(command)));
      });
}

grpc::ServerUnaryReactor* CoordinationService::AddCommitment(
    grpc::CallbackServerContext* context, const v1::AddCommitmentRequest* request,
    v1::AddCommitmentResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.CoordinationService/AddCommitment", *request, response,
      [=](const edge::AdmittedCall& call) {
        casework::CaseCommand command = CommandFor(
            work_, "torg.v1.CoordinationService/AddCommitment", *request, call.principal.user_id);
        *command.step.mutable_commitment_added() = request->commitment();
        return ResponseWith<v1::AddCommitmentResponse>(work_.RunCaseStep(std::move(command)));
      });
}

grpc::ServerUnaryReactor* CoordinationService::CompleteCommitment(
    grpc::CallbackServerContext* context, const v1::CompleteCommitmentRequest* request,
    v1::CompleteCommitmentResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.CoordinationService/CompleteCommitment", *request, response,
      [=](const edge::AdmittedCall& call) {
        casework::CaseCommand command =
            CommandFor(work_, "torg.v1.CoordinationService/CompleteCommitment", *request,
                       call.principal.user_id);
        command.step.mutable_commitment_completed()->set_commitment_id(request->commitment_id());
        return ResponseWith<v1::CompleteCommitmentResponse>(work_.RunCaseStep(std::move(command)));
      });
}

grpc::ServerUnaryReactor* CoordinationService::CancelCommitment(
    grpc::CallbackServerContext* context, const v1::CancelCommitmentRequest* request,
    v1::CancelCommitmentResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.CoordinationService/CancelCommitment", *request, response,
      [=](const edge::AdmittedCall& call) {
        casework::CaseCommand command =
            CommandFor(work_, "torg.v1.CoordinationService/CancelCommitment", *request,
                       call.principal.user_id);
        *command.step.mutable_commitment_cancelled() = request->cancellation();
        return ResponseWith<v1::CancelCommitmentResponse>(work_.RunCaseStep(std::move(command)));
      });
}

grpc::ServerUnaryReactor* CoordinationService::AddNote(grpc::CallbackServerContext* context,
                                                       const v1::AddNoteRequest* request,
                                                       v1::AddNoteResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.CoordinationService/AddNote", *request, response,
      [=](const edge::AdmittedCall& call) {
        casework::CaseCommand command = CommandFor(work_, "torg.v1.CoordinationService/AddNote",
                                                   *request, call.principal.user_id);
        *command.step.mutable_note_added() = request->note();
        return ResponseWith<v1::AddNoteResponse>(work_.RunCaseStep(std::move(command)));
      });
}

grpc::ServerUnaryReactor* CoordinationService::SetCaseFlags(grpc::CallbackServerContext* context,
                                                            const v1::SetCaseFlagsRequest* request,
                                                            v1::SetCaseFlagsResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.CoordinationService/SetCaseFlags", *request, response,
      [=](const edge::AdmittedCall& call) {
        casework::CaseCommand command = CommandFor(
            work_, "torg.v1.CoordinationService/SetCaseFlags", *request, call.principal.user_id);
        *command.step.mutable_case_flags_set() = request->flags();
        return ResponseWith<v1::SetCaseFlagsResponse>(work_.RunCaseStep(std::move(command)));
      });
}

}  // namespace torg::coordination
