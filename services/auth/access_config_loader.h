#ifndef TORG_SERVICES_AUTH_ACCESS_CONFIG_LOADER_H_
#define TORG_SERVICES_AUTH_ACCESS_CONFIG_LOADER_H_

// Reading the access configuration (torg.v1.AccessConfig in protobuf text
// format, e.g. deploy/config/access.example.textproto) and building from it
// what authenticates callers: the TokenVerifier and the certificate mapping.

#include <string>

#include "absl/status/statusor.h"
#include "services/auth/certificate_principal.h"
#include "services/auth/token_verifier.h"
#include "torg/v1/access_config.pb.h"

namespace torg::auth {

// The audience tokens must name when the configuration leaves it empty.
inline constexpr char kDefaultAudience[] = "torg";

struct LoadedAccessConfig {
  // The configuration as read, with the audience filled in when it was empty.
  torg::v1::AccessConfig config;
  // Trusts every configured issuer. More keys may be added before serving,
  // e.g. torgd's own HS256 issuer "torgd-local":
  //   if (loaded.verifier.TrustsIssuer("torgd-local")) ... refuse ...
  //   TORG_RETURN_IF_ERROR(loaded.verifier.AddTrustedKey(local_key));
  TokenVerifier verifier;
  // Every configured certificate user.
  CertificatePrincipals certificates;
};

// Reads the configuration at `path`, reads its key files (relative paths are
// taken from the configuration file's directory) and builds the verifier and
// the certificate mapping.
//   NOT_FOUND / PERMISSION_DENIED / FAILED_PRECONDITION  the configuration
//       file is missing / not readable / cannot be read otherwise;
//   INVALID_ARGUMENT  the file is over 1 MiB, does not parse
//       ("<path>:<line>:<column>: <message>"), or breaks a rule. Every broken
//       rule is reported, one per line, as
//       "<path>:<line>: issuers[<i>] (issuer \"<issuer>\"): <problem>" or
//       "<path>:<line>: certificate_users[<i>] (subject \"<id>\"): <problem>":
//       an issuer, algorithm or key file not set; a key file that cannot be
//       read; a key that is not a PEM public key, is a private key, or whose
//       type does not fit the algorithm (RS256: RSA ≥ 2048 bits, ES256: EC
//       P-256); an HS256 secret under 32 bytes; the same issuer and non-empty
//       key id twice; a certificate user without subject id, user id,
//       förbund id or role, with an unknown role, or with a subject id
//       another one has. Messages name key files, never their contents.
absl::StatusOr<LoadedAccessConfig> LoadAccessConfig(const std::string& path);

}  // namespace torg::auth

#endif  // TORG_SERVICES_AUTH_ACCESS_CONFIG_LOADER_H_
