#include "services/erasure/erasure_service.h"

#include <optional>
#include <utility>

#include "services/casework/list_request.h"
#include "services/common/status_macros.h"
#include "services/edge/gated_call.h"

namespace torg::erasure {

namespace {

constexpr char kEraseMethod[] = "torg.v1.ErasureService/EraseParticipant";

}  // namespace

ErasureService::ErasureService(const casework::CaseWork& work, const edge::CallGate& gate)
    : gate_(gate), work_(work), erasure_(work) {}

grpc::ServerUnaryReactor* ErasureService::EraseParticipant(
    grpc::CallbackServerContext* context, const v1::EraseParticipantRequest* request,
    v1::EraseParticipantResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.ErasureService/EraseParticipant", *request, response,
      [=](const edge::AdmittedCall& call) { return Erase(*request, call.principal.user_id); });
}

grpc::ServerUnaryReactor* ErasureService::ApplyRetention(grpc::CallbackServerContext* context,
                                                         const v1::ApplyRetentionRequest* request,
                                                         v1::ApplyRetentionResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.ErasureService/ApplyRetention", *request, response,
      [=](const edge::AdmittedCall& call) { return Retention(*request, call.principal.user_id); });
}

absl::StatusOr<v1::EraseParticipantResponse> ErasureService::Erase(
    const v1::EraseParticipantRequest& request, const std::string& user) const {
  casework::ErasureCommand command;
  command.envelope =
      casework::CommandEnvelope{kEraseMethod, &request, request.request_id(), std::nullopt, user};
  if (request.has_expected_version())
    command.envelope.expected_version = request.expected_version();
  command.participant_id = request.participant_id();
  command.effective_date =
      work_.EffectiveDate(request.has_effective_date(), request.effective_date());
  TORG_ASSIGN_OR_RETURN(casework::ErasureResult result, erasure_.EraseParticipant(command));
  v1::EraseParticipantResponse response;
  *response.mutable_participant() = std::move(result.participant);
  response.set_replayed(result.replayed);
  return response;
}

absl::StatusOr<v1::ApplyRetentionResponse> ErasureService::Retention(
    const v1::ApplyRetentionRequest& request, const std::string& user) const {
  TORG_ASSIGN_OR_RETURN(absl::CivilDay as_of,
                        casework::AsOfDay(work_, request.has_as_of(), request.as_of()));
  TORG_ASSIGN_OR_RETURN(casework::RetentionResult result,
                        erasure_.ApplyRetention(as_of, user, request.request_id()));
  v1::ApplyRetentionResponse response;
  for (std::string& id : result.erased_participant_ids) {
    response.add_erased_participant_ids(std::move(id));
  }
  response.set_erased_count(response.erased_participant_ids_size());
  *response.mutable_as_of() = casefile::ToProtoDate(as_of);
  return response;
}

}  // namespace torg::erasure
