#include "services/config/config_service.h"

#include <utility>

#include "services/edge/gated_call.h"

namespace torg::config {
namespace {

torg::v1::GetConfigResponse MakeResponse(torg::v1::ForbundConfig config) {
  torg::v1::GetConfigResponse response;
  *response.mutable_config() = std::move(config);
  return response;
}

}  // namespace

ConfigService::ConfigService(torg::v1::ForbundConfig config, const edge::CallGate& gate)
    : gate_(gate), response_(MakeResponse(std::move(config))) {}

grpc::ServerUnaryReactor* ConfigService::GetConfig(grpc::CallbackServerContext* context,
                                                   const torg::v1::GetConfigRequest* request,
                                                   torg::v1::GetConfigResponse* response) {
  return edge::Serve(context, gate_, "/torg.v1.ConfigService/GetConfig", *request, response,
                     [=](const edge::AdmittedCall&) {
                       return absl::StatusOr<torg::v1::GetConfigResponse>(response_);
                     });
}

}  // namespace torg::config
