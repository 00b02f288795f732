#ifndef TORG_SERVICES_CONFIG_CONFIG_SERVICE_H_
#define TORG_SERVICES_CONFIG_CONFIG_SERVICE_H_

// The gRPC adapter of torg.v1.ConfigService: tells clients which förbund the
// server hosts and its platforms, parties and kommuner.

#include <grpcpp/grpcpp.h>

#include "services/edge/call_gate.h"
#include "torg/v1/config_service.grpc.pb.h"
#include "torg/v1/forbund_config.pb.h"

namespace torg::config {

class ConfigService final : public torg::v1::ConfigService::CallbackService {
 public:
  // Serves `config`, which must already be validated; it never changes while
  // the service lives.
  // `gate` must outlive the service.
  ConfigService(torg::v1::ForbundConfig config, const edge::CallGate& gate);

  // Answers with the configuration; always OK.
  grpc::ServerUnaryReactor* GetConfig(grpc::CallbackServerContext* context,
                                      const torg::v1::GetConfigRequest* request,
                                      torg::v1::GetConfigResponse* response) override;

 private:
  const edge::CallGate& gate_;
  const torg::v1::GetConfigResponse response_;
};

}  // namespace torg::config

#endif  // TORG_SERVICES_CONFIG_CONFIG_SERVICE_H_
