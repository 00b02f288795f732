#ifndef TORG_SERVICES_TORGD_SERVER_ACCESS_H_
#define TORG_SERVICES_TORGD_SERVER_ACCESS_H_

// How torgd lets callers in: the transport (TLS, optionally with client
// certificates, or plaintext on loopback), the token issuers it trusts
// (configured ones plus its own "torgd-local" signing key) and the admin
// token a local run starts with.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/auth/certificate_principal.h"
#include "services/auth/token_minter.h"
#include "services/auth/token_verifier.h"
#include "torg/v1/forbund_config.pb.h"

namespace torg::torgd {

// The issuer of the tokens torgd signs itself.
inline constexpr char kLocalIssuer[] = "torgd-local";
// Under --keys-dir: torgd's token signing secret and the admin token.
inline constexpr char kTokenSigningKeyFile[] = "token-signing.key";
inline constexpr char kAdminTokenFile[] = "admin.token";

struct AccessOptions {
  // Calls without credentials act as a developer with every role. Also lets
  // torgd listen in plaintext on a non-loopback address. Never in production.
  bool insecure_dev = false;
  // Trusted token issuers and certificate users (torg.v1.AccessConfig in
  // text format); only torgd's own tokens are trusted when empty.
  std::string access_config_path;
  // TLS: the server's certificate chain and private key (PEM). Both or
  // neither; without them torgd serves plaintext, and only on loopback.
  std::string tls_certificate_file;
  std::string tls_private_key_file;
  // Client certificates signed by this CA (PEM) are asked for and mapped to
  // users by the access configuration (mTLS); requires TLS.
  std::string client_ca_file;
  // Refuse connections without a valid client certificate.
  bool require_client_certificate = false;
};

// What the services authenticate with, built once at start.
struct ServerAccess {
  std::unique_ptr<auth::TokenVerifier> verifier;
  std::unique_ptr<auth::TokenMinter> minter;
  // Present when the access configuration maps certificates.
  std::optional<auth::CertificatePrincipals> certificates;
  std::shared_ptr<grpc::ServerCredentials> credentials;
  // Where the admin token of this run is.
  std::string admin_token_path;
};

// Builds the access of a server listening on `listen_address` for the
// förbund `config`, with its keys in `keys_directory`: loads the access
// configuration, creates the signing key on first start, and writes an
// admin token (mode 0600) when there is none that still verifies.
//   INVALID_ARGUMENT     half a TLS pair, a client CA or required client
//                        certificates without TLS, plaintext on a
//                        non-loopback address without insecure_dev, a bad
//                        access configuration (its loader's messages), an
//                        access configuration that claims the local issuer;
//   NOT_FOUND etc.       a TLS or CA file that cannot be read;
//   the key file's errors for the signing key.
absl::StatusOr<ServerAccess> PrepareServerAccess(const AccessOptions& options,
                                                 const std::string& listen_address,
                                                 const std::string& keys_directory,
                                                 const v1::ForbundConfig& config, absl::Time now);

}  // namespace torg::torgd

#endif  // TORG_SERVICES_TORGD_SERVER_ACCESS_H_
