#include "services/edge/authenticator.h"

#include <grpc/grpc_security_constants.h>

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace torg::edge {
namespace {

absl::string_view ToView(const grpc::string_ref& ref) {
  return absl::string_view(ref.data(), ref.size());
}

// The verified client certificate of the call, or empty.
std::string PeerCertificate(const grpc::CallbackServerContext& context) {
  const std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr || !auth->IsPeerAuthenticated()) return "";
  const std::vector<grpc::string_ref> pems =
      auth->FindPropertyValues(GRPC_X509_PEM_CERT_PROPERTY_NAME);
  if (pems.empty()) return "";
  return std::string(ToView(pems.front()));
}

}  // namespace

Authenticator::Authenticator(AuthenticatorOptions options) : options_(std::move(options)) {}

absl::StatusOr<auth::Principal> Authenticator::Authenticate(
    const grpc::CallbackServerContext& context, absl::Time now) const {
  const auto& metadata = context.client_metadata();
  if (const auto found = metadata.find(kAuthorizationMetadataKey); found != metadata.end()) {
    return FromToken(ToView(found->second), now);
  }
  if (const std::string pem = PeerCertificate(context); !pem.empty()) {
    if (!options_.certificates) {
      return absl::UnauthenticatedError(
          "this server maps no client certificates to users: send a bearer token");
    }
    return options_.certificates(pem);
  }
  if (options_.insecure_dev) return Developer(context);
  return absl::UnauthenticatedError(
      "sign in: send \"authorization: Bearer <token>\" metadata, or a client certificate "
      "this server knows");
}

absl::StatusOr<auth::Principal> Authenticator::FromToken(absl::string_view header,
                                                         absl::Time now) const {
  constexpr absl::string_view kScheme = "bearer ";
  if (header.size() <= kScheme.size() ||
      !absl::EqualsIgnoreCase(header.substr(0, kScheme.size()), kScheme)) {
    return absl::UnauthenticatedError("the authorization metadata must be \"Bearer <token>\"");
  }
  if (options_.verifier == nullptr) {
    return absl::UnauthenticatedError("this server trusts no token issuer");
  }
  return options_.verifier->Verify(absl::StripAsciiWhitespace(header.substr(kScheme.size())), now);
}

auth::Principal Authenticator::Developer(const grpc::CallbackServerContext& context) const {
  constexpr size_t kMaxUserLength = 200;
  auth::Principal developer;
  developer.user_id = "developer";
  const auto& metadata = context.client_metadata();
  if (const auto found = metadata.find(kDevUserMetadataKey);
      found != metadata.end() && !found->second.empty()) {
    developer.user_id =
        std::string(found->second.data(), std::min(found->second.size(), kMaxUserLength));
  }
  developer.forbund_id = options_.dev_forbund_id;
  developer.roles.assign(std::begin(auth::kAllRoles), std::end(auth::kAllRoles));
  developer.platform_ids = options_.dev_platform_ids;
  developer.every_party = true;
  developer.authenticated_by = "insecure-dev";
  return developer;
}

}  // namespace torg::edge
