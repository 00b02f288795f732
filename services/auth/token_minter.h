#ifndef TORG_SERVICES_AUTH_TOKEN_MINTER_H_
#define TORG_SERVICES_AUTH_TOKEN_MINTER_H_

// Minting HS256 tokens that Torg itself issues: torgd's admin token for a
// local run, and development tokens from the admin RPC. A TokenVerifier that
// trusts the same issuer with the same secret accepts them.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/auth/principal.h"

namespace torg::auth {

class TokenMinter {
 public:
  // Tokens from `issuer` for `audience`, signed with `hs256_secret` (at least
  // kMinHmacSecretBytes; Mint refuses to sign with a shorter one).
  TokenMinter(std::string issuer, std::string audience, std::string hs256_secret);
  TokenMinter(const TokenMinter&) = default;
  TokenMinter& operator=(const TokenMinter&) = default;
  TokenMinter(TokenMinter&&) = default;
  TokenMinter& operator=(TokenMinter&&) = default;
  // Wipes the secret.
  ~TokenMinter();

  // A compact HS256 JWT (header {"alg":"HS256","typ":"JWT"}) for `principal`:
  // iss, aud, sub = user_id, torg_forbund, torg_party (when not empty),
  // torg_roles (by RoleName), torg_platforms, iat = now, exp = now + lifetime
  // (whole seconds, rounded down) and a random 128-bit jti.
  // principal.authenticated_by is not carried: the verifier sets it.
  //   FAILED_PRECONDITION  the secret is shorter than kMinHmacSecretBytes or
  //                        the issuer or audience is empty;
  //   INVALID_ARGUMENT     the principal has no user_id, forbund_id or role,
  //                        or `lifetime` is under one second, so the token
  //                        could never verify;
  //   INTERNAL             OpenSSL's random generator or HMAC failed.
  absl::StatusOr<std::string> Mint(const Principal& principal, absl::Time now,
                                   absl::Duration lifetime) const;

  const std::string& issuer() const { return issuer_; }

 private:
  std::string issuer_;
  std::string audience_;
  std::string secret_;
};

}  // namespace torg::auth

#endif  // TORG_SERVICES_AUTH_TOKEN_MINTER_H_
