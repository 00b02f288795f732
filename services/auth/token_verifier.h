#ifndef TORG_SERVICES_AUTH_TOKEN_VERIFIER_H_
#define TORG_SERVICES_AUTH_TOKEN_VERIFIER_H_

// Verifying the JSON Web Tokens (RFC 7519) that callers present as bearer
// tokens, and turning their claims into a Principal.
//
// The algorithm is pinned by the configured key, never chosen by the token
// (RFC 8725 §3.1): a token whose header names another algorithm than its
// key's is refused before any cryptography, so an HS256 token "signed" with an
// RSA public key's PEM as the HMAC secret never verifies, and `alg: none` is
// refused always.
//
// The claims Torg reads:
//   iss             must be a configured key's issuer
//   aud             a string or an array of strings; must contain the audience
//   exp             required; nbf and iat optional; all NumericDates
//   sub             the user id, required
//   torg_forbund    the förbund, required
//   torg_party      the party, optional
//   torg_roles      array of role names (see RoleName), at least one, all known
//   torg_platforms  array of platform ids, optional

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/auth/principal.h"

namespace torg::auth {

// The JWS algorithms Torg accepts (RFC 7518 §3.1).
enum class TokenAlgorithm {
  // RSASSA-PKCS1-v1_5 with SHA-256; RSA public key of at least 2048 bits.
  kRs256,
  // ECDSA on P-256 with SHA-256; signatures are R||S, 64 bytes.
  kEs256,
  // HMAC-SHA-256 with a shared secret of at least kMinHmacSecretBytes.
  kHs256,
};

// "RS256", "ES256" or "HS256": the name in a token's `alg` header.
absl::string_view TokenAlgorithmName(TokenAlgorithm algorithm);

// How far clocks may disagree: a token is accepted up to this long after its
// `exp`, and its `nbf`/`iat` may be this far in the future.
inline constexpr absl::Duration kTokenClockLeeway = absl::Seconds(60);
// Tokens travel in a gRPC header; a larger one is not a Torg token.
inline constexpr size_t kMaxTokenBytes = 8 * 1024;
// RFC 7518 §3.2: an HMAC key at least as long as the hash output.
inline constexpr size_t kMinHmacSecretBytes = 32;

// One key Torg trusts tokens from.
struct TrustedKey {
  // The issuer exactly as tokens name it in `iss`. Required.
  std::string issuer;
  // Optional. When both this and a token's header `kid` are set they must be
  // equal for the key to be used; otherwise the key is tried for every token
  // of the issuer.
  std::string key_id;
  // The one algorithm this key is used with.
  TokenAlgorithm algorithm = TokenAlgorithm::kRs256;
  // RS256 and ES256: the public key in PEM ("-----BEGIN PUBLIC KEY-----").
  // HS256: the secret bytes themselves.
  std::string key_material;
};

// Verifies tokens against a fixed set of trusted keys. Copies share the
// parsed keys. Verify is const and safe to call from many threads at once;
// AddTrustedKey is not, and belongs to setup before serving.
class TokenVerifier {
 public:
  // A verifier for tokens whose `aud` contains `audience` (not empty), signed
  // by one of `keys`. INVALID_ARGUMENT if the audience is empty or a key is
  // unusable, for the reasons AddTrustedKey gives, prefixed with "trusted key
  // <index> (issuer "<issuer>"): ".
  static absl::StatusOr<TokenVerifier> Create(const std::vector<TrustedKey>& keys,
                                              std::string audience);

  // Adds one more trusted key, e.g. torgd's own "torgd-local" HS256 issuer.
  // INVALID_ARGUMENT, with a message that never contains key material, if:
  // the issuer is empty; an RS256/ES256 key is not a PEM public key (a private
  // key is refused with a hint to configure the public one); its type does not
  // fit the algorithm (RS256 needs RSA of at least 2048 bits, ES256 needs EC on
  // P-256); an HS256 secret is shorter than kMinHmacSecretBytes.
  absl::Status AddTrustedKey(const TrustedKey& key);

  // Whether any trusted key has this issuer: lets a caller refuse to add a
  // key for an issuer that the configuration already names.
  bool TrustsIssuer(absl::string_view issuer) const;

  // The audience tokens must name.
  const std::string& audience() const { return audience_; }

  // Verifies `token` (the compact serialisation, without "Bearer ") at time
  // `now` and returns the caller it names, with authenticated_by
  // "jwt:<iss>". Every failure of the token is UNAUTHENTICATED, with a short
  // message for the operator that never contains the token, its signature or
  // the key, e.g.
  //   "the token is larger than 8 KiB"
  //   "the token is not a JWT: it must be three base64url parts separated by dots"
  //   "the token's header is not valid base64url" / "... is not a JSON object"
  //   "the token's header says it is not a JWT (typ)"; a `crit` header
  //   "the token is unsigned (alg none)"
  //   "the token's algorithm is not one Torg accepts (RS256, ES256 or HS256)"
  //   "the token's issuer is not trusted"
  //   "the token's key id is not one of its issuer's keys"
  //   "the token's algorithm does not match its key"
  //   "the token's signature does not verify" (also an ES256 signature that
  //       is not 64 bytes of R||S, e.g. DER)
  //   "the token is for another audience" / "the token names no audience (aud)"
  //   "the token has expired" / "the token has no exp (expiry time)"
  //   "the token is not valid yet (nbf is in the future)" (or iat)
  //   "the token has no sub (user id)", "... no torg_forbund", "... no torg_roles"
  //   "the token names an unknown role \"<name>\""
  //   "the token's <claim> claim is malformed" (a claim of the wrong JSON type)
  // The payload's members must be unique. The signature is checked before any
  // claim but `iss`, so a claim-specific message is only ever given for a
  // token the issuer really signed. INTERNAL only if OpenSSL fails for a
  // reason that is not the token's (e.g. out of memory).
  absl::StatusOr<Principal> Verify(absl::string_view token, absl::Time now) const;

 private:
  // A parsed key; defined in the .cc file to keep OpenSSL out of this header.
  struct Key;

  explicit TokenVerifier(std::string audience);

  std::string audience_;
  std::vector<std::shared_ptr<const Key>> keys_;
};

}  // namespace torg::auth

#endif  // TORG_SERVICES_AUTH_TOKEN_VERIFIER_H_
