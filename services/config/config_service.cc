#include "services/config/config_service.h"

#include <utility>

namespace torg::config {
namespace {

torg::v1::GetConfigResponse MakeResponse(torg::v1::ForbundConfig config) {
  torg::v1::GetConfigResponse response;
  *response.mutable_config() = std::move(config);
  return response;
}

}  // namespace

ConfigService::ConfigService(torg::v1::ForbundConfig config)
    : response_(MakeResponse(std::move(config))) {}

grpc::ServerUnaryReactor* ConfigService::GetConfig(grpc::CallbackServerContext* context,
                                                   const torg::v1::GetConfigRequest* /*request*/,
                                                   torg::v1::GetConfigResponse* response) {
  *response = response_;
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace torg::config
