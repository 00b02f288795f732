#include "services/handover/handover_service.h"

#include <utility>

#include "services/casework/case_command.h"
#include "services/casework/list_request.h"
#include "services/common/status_macros.h"
#include "services/edge/gated_call.h"
#include "services/handover/aging_out.h"

namespace torg::handover {

using casework::CommandFor;
using casework::ResponseWith;

namespace {
constexpr int kDefaultAgingOutDays = 90;
constexpr int kMaxAgingOutDays = 3660;
}  // namespace

HandoverService::HandoverService(const casework::CaseWork& work, const edge::CallGate& gate)
    : gate_(gate), work_(work) {}

grpc::ServerUnaryReactor* HandoverService::ProposeHandover(
    grpc::CallbackServerContext* context, const v1::ProposeHandoverRequest* request,
    v1::ProposeHandoverResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.HandoverService/ProposeHandover", *request, response,
      [=](const edge::AdmittedCall& call) {
        casework::CaseCommand command = CommandFor(work_, "torg.v1.HandoverService/ProposeHandover",
                                                   *request, call.principal.user_id);
        *command.step.mutable_handover_proposed() = request->handover();
        return ResponseWith<v1::ProposeHandoverResponse>(work_.RunCaseStep(std::move(command)));
      });
}

grpc::ServerUnaryReactor* HandoverService::AcceptHandover(grpc::CallbackServerContext* context,
                                                          const v1::AcceptHandoverRequest* request,
                                                          v1::AcceptHandoverResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.HandoverService/AcceptHandover", *request, response,
      [=](const edge::AdmittedCall& call) {
        casework::CaseCommand command = CommandFor(work_, "torg.v1.HandoverService/AcceptHandover",
                                                   *request, call.principal.user_id);
        *command.step.mutable_handover_accepted() = request->acceptance();
        return ResponseWith<v1::AcceptHandoverResponse>(work_.RunCaseStep(std::move(command)));
      });
}

grpc::ServerUnaryReactor* HandoverService::RejectHandover(grpc::CallbackServerContext* context,
                                                          const v1::RejectHandoverRequest* request,
                                                          v1::RejectHandoverResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.HandoverService/RejectHandover", *request, response,
      [=](const edge::AdmittedCall& call) {
        casework::CaseCommand command = CommandFor(work_, "torg.v1.HandoverService/RejectHandover",
                                                   *request, call.principal.user_id);
        *command.step.mutable_handover_rejected() = request->rejection();
        return ResponseWith<v1::RejectHandoverResponse>(work_.RunCaseStep(std::move(command)));
      });
}

grpc::ServerUnaryReactor* HandoverService::ResolveDeviation(
    grpc::CallbackServerContext* context, const v1::ResolveDeviationRequest* request,
    v1::ResolveDeviationResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.HandoverService/ResolveDeviation", *request, response,
      [=](const edge::AdmittedCall& call) {
        casework::CaseCommand command = CommandFor(
            work_, "torg.v1.HandoverService/ResolveDeviation", *request, call.principal.user_id);
        *command.step.mutable_deviation_resolved() = request->resolution();
        return ResponseWith<v1::ResolveDeviationResponse>(work_.RunCaseStep(std::move(command)));
      });
}

grpc::ServerUnaryReactor* HandoverService::ListHandovers(grpc::CallbackServerContext* context,
                                                         const v1::ListHandoversRequest* request,
                                                         v1::ListHandoversResponse* response) {
  return edge::ServeRead(
      context, gate_, "/torg.v1.HandoverService/ListHandovers", *request, response,
      [=](const edge::AdmittedCall& call) -> absl::StatusOr<v1::ListHandoversResponse> {
        TORG_ASSIGN_OR_RETURN(v1::ListHandoversResponse listed, Handovers(*request));
        TORG_RETURN_IF_ERROR(edge::KeepVisible(gate_, call, *listed.mutable_handovers()));
        return listed;
      },
      [](const edge::AdmittedCall&, const v1::ListHandoversResponse& listed) {
        return edge::DisclosedItems(listed.handovers());
      });
}

grpc::ServerUnaryReactor* HandoverService::ListDeviations(grpc::CallbackServerContext* context,
                                                          const v1::ListDeviationsRequest* request,
                                                          v1::ListDeviationsResponse* response) {
  return edge::ServeRead(
      context, gate_, "/torg.v1.HandoverService/ListDeviations", *request, response,
      [=](const edge::AdmittedCall& call) -> absl::StatusOr<v1::ListDeviationsResponse> {
        TORG_ASSIGN_OR_RETURN(v1::ListDeviationsResponse listed, Deviations(*request));
        TORG_RETURN_IF_ERROR(edge::KeepVisible(gate_, call, *listed.mutable_deviations()));
        return listed;
      },
      [](const edge::AdmittedCall&, const v1::ListDeviationsResponse& listed) {
        return edge::DisclosedItems(listed.deviations());
      });
}

grpc::ServerUnaryReactor* HandoverService::ListAgingOut(grpc::CallbackServerContext* context,
                                                        const v1::ListAgingOutRequest* request,
                                                        v1::ListAgingOutResponse* response) {
  return edge::ServeRead(
      context, gate_, "/torg.v1.HandoverService/ListAgingOut", *request, response,
      [=](const edge::AdmittedCall& call) -> absl::StatusOr<v1::ListAgingOutResponse> {
        TORG_ASSIGN_OR_RETURN(v1::ListAgingOutResponse listed, AgingOut(*request));
        TORG_RETURN_IF_ERROR(edge::KeepVisible(gate_, call, *listed.mutable_cases()));
        return listed;
      },
      [](const edge::AdmittedCall&, const v1::ListAgingOutResponse& listed) {
        return edge::DisclosedItems(listed.cases());
      });
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
