#ifndef TORG_SERVICES_ACCESS_SERVICE_ACCESS_SERVICE_H_
#define TORG_SERVICES_ACCESS_SERVICE_ACCESS_SERVICE_H_

// The gRPC adapter of torg.v1.AccessService: who am I, and tokens an admin
// issues with this server's own signing key.

#include <grpcpp/grpcpp.h>

#include <functional>

#include "services/auth/token_minter.h"
#include "services/edge/call_gate.h"
#include "torg/v1/access_service.grpc.pb.h"
#include "torg/v1/forbund_config.pb.h"

namespace torg::access {

// The view of `principal` the API shows.
v1::PrincipalView ViewOf(const auth::Principal& principal);

class AccessService final : public v1::AccessService::CallbackService {
 public:
  // Every reference must outlive the service.
  AccessService(const edge::CallGate& gate, const auth::TokenMinter& minter,
                const v1::ForbundConfig& config, std::function<absl::Time()> now);

  grpc::ServerUnaryReactor* WhoAmI(grpc::CallbackServerContext* context,
                                   const v1::WhoAmIRequest* request,
                                   v1::WhoAmIResponse* response) override;
  grpc::ServerUnaryReactor* IssueToken(grpc::CallbackServerContext* context,
                                       const v1::IssueTokenRequest* request,
                                       v1::IssueTokenResponse* response) override;

 private:
  absl::StatusOr<v1::IssueTokenResponse> Issue(const v1::IssueTokenRequest& request) const;
  absl::StatusOr<auth::Principal> PrincipalOf(const v1::PrincipalView& view) const;

  const edge::CallGate& gate_;
  const auth::TokenMinter& minter_;
  const v1::ForbundConfig& config_;
  std::function<absl::Time()> now_;
};

}  // namespace torg::access

#endif  // TORG_SERVICES_ACCESS_SERVICE_ACCESS_SERVICE_H_
