#ifndef TORG_SERVICES_EDGE_AUTHENTICATOR_H_
#define TORG_SERVICES_EDGE_AUTHENTICATOR_H_

// Who is calling: the principal a bearer token or a client certificate
// proves, or, only when torgd runs with --insecure-dev, a developer with
// every role.

#include <grpcpp/grpcpp.h>

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/auth/principal.h"
#include "services/auth/token_verifier.h"

namespace torg::edge {

// The metadata a client sends its token in: "authorization: Bearer <jwt>".
inline constexpr char kAuthorizationMetadataKey[] = "authorization";
// In --insecure-dev mode only: the user the developer says they are.
inline constexpr char kDevUserMetadataKey[] = "x-torg-user";

// Maps a client certificate (PEM, already verified by TLS) to a principal;
// UNAUTHENTICATED when it maps to none.
using CertificateMapper = std::function<absl::StatusOr<auth::Principal>(absl::string_view pem)>;

struct AuthenticatorOptions {
  // Verifies bearer tokens; required.
  const auth::TokenVerifier* verifier = nullptr;
  // Maps client certificates; none accepted when empty.
  CertificateMapper certificates;
  // Calls without credentials act as a developer with every role on every
  // platform of `dev_forbund_id`. Never in production.
  bool insecure_dev = false;
  std::string dev_forbund_id;
  std::vector<std::string> dev_platform_ids;
};

class Authenticator {
 public:
  explicit Authenticator(AuthenticatorOptions options);

  // The caller of `context`, from the first of: a bearer token (verified;
  // a bad one is never passed over for weaker evidence), a verified client
  // certificate, the insecure-dev developer. UNAUTHENTICATED, with a message
  // that tells the caller what to send, when none applies or the evidence
  // does not hold.
  absl::StatusOr<auth::Principal> Authenticate(const grpc::CallbackServerContext& context,
                                               absl::Time now) const;

 private:
  absl::StatusOr<auth::Principal> FromToken(absl::string_view header, absl::Time now) const;
  auth::Principal Developer(const grpc::CallbackServerContext& context) const;

  AuthenticatorOptions options_;
};

}  // namespace torg::edge

#endif  // TORG_SERVICES_EDGE_AUTHENTICATOR_H_
