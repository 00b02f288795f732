#include "services/closure/closure_service.h"

#include <utility>

#include "services/casework/case_command.h"
#include "services/casework/list_request.h"
#include "services/common/status_macros.h"
#include "services/edge/gated_call.h"

namespace torg::closure {

using casework::CommandFor;
using casework::ResponseWith;

constexpr int kMaxWithinDays = 366;

ClosureService::ClosureService(const casework::CaseWork& work, const edge::CallGate& gate)
    : gate_(gate), work_(work) {}

grpc::ServerUnaryReactor* ClosureService::CloseCase(grpc::CallbackServerContext* context,
                                                    const v1::CloseCaseRequest* request,
                                                    v1::CloseCaseResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.ClosureService/CloseCase", *request, response,
      [=](const edge::AdmittedCall& call) {
        casework::CaseCommand command =
            CommandFor(work_, "torg.v1.ClosureService/CloseCase", *request, call.principal.user_id);
        *command.step.mutable_case_closed() = request->closure();
        return ResponseWith<v1::CloseCaseResponse>(work_.RunCaseStep(std::move(command)));
      });
}

grpc::ServerUnaryReactor* ClosureService::RecordFollowUp(grpc::CallbackServerContext* context,
                                                         const v1::RecordFollowUpRequest* request,
                                                         v1::RecordFollowUpResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.ClosureService/RecordFollowUp", *request, response,
      [=](const edge::AdmittedCall& call) {
        casework::CaseCommand command = CommandFor(work_, "torg.v1.ClosureService/RecordFollowUp",
                                                   *request, call.principal.user_id);
        *command.step.mutable_follow_up_recorded() = request->follow_up();
        return ResponseWith<v1::RecordFollowUpResponse>(work_.RunCaseStep(std::move(command)));
      });
}

grpc::ServerUnaryReactor* ClosureService::ListFollowUpsDue(
    grpc::CallbackServerContext* context, const v1::ListFollowUpsDueRequest* request,
    v1::ListFollowUpsDueResponse* response) {
  return edge::ServeRead(
      context, gate_, "/torg.v1.ClosureService/ListFollowUpsDue", *request, response,
      [=](const edge::AdmittedCall& call) -> absl::StatusOr<v1::ListFollowUpsDueResponse> {
        TORG_ASSIGN_OR_RETURN(v1::ListFollowUpsDueResponse listed, FollowUpsDue(*request));
        TORG_RETURN_IF_ERROR(edge::KeepVisible(gate_, call, *listed.mutable_follow_ups()));
        return listed;
      },
      [](const edge::AdmittedCall&, const v1::ListFollowUpsDueResponse& listed) {
        return edge::DisclosedItems(listed.follow_ups());
      });
}

absl::StatusOr<v1::ListFollowUpsDueResponse> ClosureService::FollowUpsDue(
    const v1::ListFollowUpsDueRequest& request) const {
  if (request.within_days() < 0 || request.within_days() > kMaxWithinDays) {
    return absl::InvalidArgumentError("within_days must be between 0 and 366");
  }
  TORG_ASSIGN_OR_RETURN(absl::CivilDay as_of,
                        casework::AsOfDay(work_, request.has_as_of(), request.as_of()));
  TORG_ASSIGN_OR_RETURN(auto page,
                        work_.index().ListFollowUpsDue(
                            request.platform_id(), as_of, request.within_days(),
                            caseindex::PageRequest{request.page_size(), request.page_token()}));
  v1::ListFollowUpsDueResponse response;
  for (v1::FollowUpDueItem& item : page.items) *response.add_follow_ups() = std::move(item);
  response.set_next_page_token(std::move(page.next_page_token));
  return response;
}

}  // namespace torg::closure
