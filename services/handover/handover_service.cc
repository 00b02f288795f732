#include "services/handover/handover_service.h"

#include <utility>

#include "services/casework/case_command.h"
#include "services/casework/list_request.h"
#include "services/common/status_macros.h"
#include "services/edge/unary_call.h"
#include "services/handover/aging_out.h"

namespace torg::handover {

using casework::CommandFor;
using casework::ResponseWith;
using edge::CallingUser;
using edge::Finish;

namespace {
constexpr int kDefaultAgingOutDays = 90;
constexpr int kMaxAgingOutDays = 3660;
}  // namespace

HandoverService::HandoverService(const casework::CaseWork& work) : work_(work) {}

grpc::ServerUnaryReactor* HandoverService::ProposeHandover(
    grpc::CallbackServerContext* context, const v1::ProposeHandoverRequest* request,
    v1::ProposeHandoverResponse* response) {
  casework::CaseCommand command =
      CommandFor(work_, "torg.v1.HandoverService/ProposeHandover", *request, CallingUser(*context));
  *command.step.mutable_handover_proposed() = request->handover();
  return Finish(context,
                ResponseWith<v1::ProposeHandoverResponse>(work_.RunCaseStep(std::move(command))),
                response);
}

grpc::ServerUnaryReactor* HandoverService::AcceptHandover(grpc::CallbackServerContext* context,
                                                          const v1::AcceptHandoverRequest* request,
                                                          v1::AcceptHandoverResponse* response) {
  casework::CaseCommand command =
      CommandFor(work_, "torg.v1.HandoverService/AcceptHandover", *request, CallingUser(*context));
  *command.step.mutable_handover_accepted() = request->acceptance();
  return Finish(context,
                ResponseWith<v1::AcceptHandoverResponse>(work_.RunCaseStep(std::move(command))),
                response);
}

grpc::ServerUnaryReactor* HandoverService::RejectHandover(grpc::CallbackServerContext* context,
                                                          const v1::RejectHandoverRequest* request,
                                                          v1::RejectHandoverResponse* response) {
  casework::CaseCommand command =
      CommandFor(work_, "torg.v1.HandoverService/RejectHandover", *request, CallingUser(*context));
  *command.step.mutable_handover_rejected() = request->rejection();
  return Finish(context,
                ResponseWith<v1::RejectHandoverResponse>(work_.RunCaseStep(std::move(command))),
                response);
}

grpc::ServerUnaryReactor* HandoverService::ResolveDeviation(
    grpc::CallbackServerContext* context, const v1::ResolveDeviationRequest* request,
    v1::ResolveDeviationResponse* response) {
  casework::CaseCommand command = CommandFor(work_, "torg.v1.HandoverService/ResolveDeviation",
                                             *request, CallingUser(*context));
  *command.step.mutable_deviation_resolved() = request->resolution();
  return Finish(context,
                ResponseWith<v1::ResolveDeviationResponse>(work_.RunCaseStep(std::move(command))),
                response);
}

grpc::ServerUnaryReactor* HandoverService::ListHandovers(grpc::CallbackServerContext* context,
                                                         const v1::ListHandoversRequest* request,
                                                         v1::ListHandoversResponse* response) {
  return Finish(context, Handovers(*request), response);
}

grpc::ServerUnaryReactor* HandoverService::ListDeviations(grpc::CallbackServerContext* context,
                                                          const v1::ListDeviationsRequest* request,
                                                          v1::ListDeviationsResponse* response) {
  return Finish(context, Deviations(*request), response);
}

grpc::ServerUnaryReactor* HandoverService::ListAgingOut(grpc::CallbackServerContext* context,
                                                        const v1::ListAgingOutRequest* request,
                                                        v1::ListAgingOutResponse* response) {
  return Finish(context, AgingOut(*request), response);
}

absl::StatusOr<v1::ListHandoversResponse> HandoverService::Handovers(
    const v1::ListHandoversRequest& request) const {
  TORG_ASSIGN_OR_RETURN(absl::CivilDay as_of,
                        casework::AsOfDay(work_, request.has_as_of(), request.as_of()));
  TORG_ASSIGN_OR_RETURN(auto page,
                        work_.index().ListHandovers(
                            request.direction(), request.platform_id(), request.party_id(), as_of,
                            caseindex::PageRequest{request.page_size(), request.page_token()}));
  v1::ListHandoversResponse response;
  for (v1::HandoverListItem& item : page.items) *response.add_handovers() = std::move(item);
  response.set_next_page_token(std::move(page.next_page_token));
  return response;
}

absl::StatusOr<v1::ListDeviationsResponse> HandoverService::Deviations(
    const v1::ListDeviationsRequest& request) const {
  TORG_ASSIGN_OR_RETURN(absl::CivilDay as_of,
                        casework::AsOfDay(work_, request.has_as_of(), request.as_of()));
  TORG_ASSIGN_OR_RETURN(auto page,
                        work_.index().ListDeviations(
                            request.platform_id(), as_of,
                            caseindex::PageRequest{request.page_size(), request.page_token()}));
  v1::ListDeviationsResponse response;
  for (v1::DeviationListItem& item : page.items) *response.add_deviations() = std::move(item);
  response.set_next_page_token(std::move(page.next_page_token));
  return response;
}

absl::StatusOr<v1::ListAgingOutResponse> HandoverService::AgingOut(
    const v1::ListAgingOutRequest& request) const {
  if (request.within_days() < 0 || request.within_days() > kMaxAgingOutDays) {
    return absl::InvalidArgumentError("within_days must be between 1 and 3660 (0 means 90)");
  }
  const int within_days = request.within_days() == 0 ? kDefaultAgingOutDays : request.within_days();
  TORG_ASSIGN_OR_RETURN(absl::CivilDay as_of,
                        casework::AsOfDay(work_, request.has_as_of(), request.as_of()));
  TORG_ASSIGN_OR_RETURN(std::vector<v1::AgingOutItem> items,
                        handover::ListAgingOut(work_, request.platform_id(), as_of, within_days));
  v1::ListAgingOutResponse response;
  for (v1::AgingOutItem& item : items) *response.add_cases() = std::move(item);
  return response;
}

}  // namespace torg::handover
