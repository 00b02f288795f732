#include "services/auth/token_verifier.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/struct.pb.h"
#include "services/auth/jwt_internal.h"
#include "services/auth/openssl_util.h"
#include "services/common/status_macros.h"

namespace torg::auth {

using google::protobuf::Struct;
using google::protobuf::Value;
using internal::BignumPtr;
using internal::EcdsaSigPtr;
using internal::MdCtxPtr;
using internal::PkeyPtr;

struct TokenVerifier::Key {
  Key() = default;
  Key(const Key&) = delete;
  Key& operator=(const Key&) = delete;
  ~Key() { OPENSSL_cleanse(secret.data(), secret.size()); }

  std::string issuer;
  std::string key_id;
  TokenAlgorithm algorithm = TokenAlgorithm::kRs256;
  // RS256, ES256.
  PkeyPtr public_key;
  // HS256; wiped when the key goes.
  std::string secret;
};

namespace {

// ES256 signatures are R||S, each a 32-byte big-endian integer (RFC 7518 §3.4).
constexpr size_t kEs256SignatureBytes = 64;

absl::Status Unauthenticated(absl::string_view message) {
  return absl::UnauthenticatedError(message);
}

absl::Status OpenSslFailure(absl::string_view what) {
  ERR_clear_error();
  return absl::InternalError(absl::StrCat("auth: OpenSSL failed to ", what));
}

std::optional<TokenAlgorithm> ParseAlgorithm(absl::string_view name) {
  for (const TokenAlgorithm algorithm :
       {TokenAlgorithm::kRs256, TokenAlgorithm::kEs256, TokenAlgorithm::kHs256}) {
    if (TokenAlgorithmName(algorithm) == name) return algorithm;
  }
  return std::nullopt;
}

// Reads `pem` as a SubjectPublicKeyInfo and checks it fits `algorithm`.
absl::StatusOr<PkeyPtr> ParsePublicKey(absl::string_view pem, TokenAlgorithm algorithm) {
  const absl::string_view name = TokenAlgorithmName(algorithm);
  if (absl::StrContains(pem, "PRIVATE KEY-----")) {
    return absl::InvalidArgumentError(
        absl::StrCat("the ", name,
                     " key is a private key; configure the issuer's public key (\"-----BEGIN "
                     "PUBLIC KEY-----\") and keep the private key with the issuer"));
  }
  internal::BioPtr bio = internal::MemoryBio(pem);
  if (bio == nullptr) return OpenSslFailure("allocate a BIO");
  PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  if (key == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the ", name, " key is not a PEM public key (\"-----BEGIN PUBLIC KEY-----\")"));
  }
  if (algorithm == TokenAlgorithm::kRs256) {
    if (!EVP_PKEY_is_a(key.get(), "RSA")) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the RS256 key is a ", EVP_PKEY_get0_type_name(key.get()), " key, not an RSA key"));
    }
    const int bits = EVP_PKEY_get_bits(key.get());
    if (bits < 2048) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the RS256 key has ", bits, " bits; RS256 needs at least 2048 (RFC 7518 §3.3)"));
    }
    return key;
  }
  // ES256.
  if (!EVP_PKEY_is_a(key.get(), "EC")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the ES256 key is a ", EVP_PKEY_get0_type_name(key.get()), " key, not an EC key"));
  }
  std::array<char, 64> group{};
  size_t group_size = 0;
  if (EVP_PKEY_get_utf8_string_param(key.get(), OSSL_PKEY_PARAM_GROUP_NAME, group.data(),
                                     group.size(), &group_size) != 1) {
    ERR_clear_error();
    return absl::InvalidArgumentError("the ES256 key has no named curve; ES256 needs P-256");
  }
  const absl::string_view curve(group.data(), group_size);
  if (curve != "prime256v1" && curve != "P-256") {
    return absl::InvalidArgumentError(
        absl::StrCat("the ES256 key is on curve ", curve, "; ES256 needs P-256 (prime256v1)"));
  }
  return key;
}

// R||S to the DER ECDSA-Sig-Value that EVP expects. nullopt for any other
// length: a DER signature in a JWT is malformed, not an alternative form.
absl::StatusOr<std::optional<std::string>> RawEcdsaToDer(absl::string_view raw) {
  if (raw.size() != kEs256SignatureBytes) return std::optional<std::string>();
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
  const int half = static_cast<int>(kEs256SignatureBytes / 2);
  BignumPtr r(BN_bin2bn(bytes, half, nullptr));
  BignumPtr s(BN_bin2bn(bytes + half, half, nullptr));
  EcdsaSigPtr signature(ECDSA_SIG_new());
  if (r == nullptr || s == nullptr || signature == nullptr) {
    return OpenSslFailure("allocate an ECDSA signature");
  }
  if (ECDSA_SIG_set0(signature.get(), r.get(), s.get()) != 1) {
    return OpenSslFailure("build an ECDSA signature");
  }
  // The signature owns them now.
  (void)r.release();
  (void)s.release();
  const int size = i2d_ECDSA_SIG(signature.get(), nullptr);
  if (size <= 0) return OpenSslFailure("encode an ECDSA signature");
  std::string der(static_cast<size_t>(size), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  if (i2d_ECDSA_SIG(signature.get(), &out) != size) {
    return OpenSslFailure("encode an ECDSA signature");
  }
  return std::optional<std::string>(std::move(der));
}

// Whether `signature` (in EVP's form) is `key`'s SHA-256 signature of
// `signed_text`. INTERNAL only when OpenSSL cannot even start.
absl::StatusOr<bool> VerifyWithPublicKey(EVP_PKEY* key, absl::string_view signed_text,
                                         absl::string_view signature) {
  MdCtxPtr context(EVP_MD_CTX_new());
  if (context == nullptr) return OpenSslFailure("allocate a digest context");
  if (EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key) != 1) {
    return OpenSslFailure("start verifying a signature");
  }
  const int result = EVP_DigestVerify(
      context.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
      reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size());
  // A bad signature leaves errors on the queue; they must not surface later
  // in an unrelated TLS call on this thread.
  ERR_clear_error();
  return result == 1;
}

// `public_key` for RS256 and ES256, `secret` for HS256.
absl::StatusOr<bool> SignatureVerifies(TokenAlgorithm algorithm, EVP_PKEY* public_key,
                                       absl::string_view secret, absl::string_view signed_text,
                                       absl::string_view signature) {
  switch (algorithm) {
    case TokenAlgorithm::kHs256: {
      const std::optional<std::string> expected = internal::HmacSha256(secret, signed_text);
      if (!expected.has_value()) return OpenSslFailure("compute an HMAC");
      // Constant time, so that timing tells a forger nothing about how much
      // of a guessed MAC was right.
      return signature.size() == expected->size() &&
             CRYPTO_memcmp(signature.data(), expected->data(), expected->size()) == 0;
    }
    case TokenAlgorithm::kEs256: {
      TORG_ASSIGN_OR_RETURN(const std::optional<std::string> der, RawEcdsaToDer(signature));
      if (!der.has_value()) return false;
      return VerifyWithPublicKey(public_key, signed_text, *der);
    }
    case TokenAlgorithm::kRs256:
      return VerifyWithPublicKey(public_key, signed_text, signature);
  }
  return false;
}

const Value* Member(const Struct& object, absl::string_view name) {
  const auto it = object.fields().find(std::string(name));
  return it == object.fields().end() ? nullptr : &it->second;
}

absl::Status Malformed(absl::string_view claim) {
  return Unauthenticated(absl::StrCat("the token's ", claim, " claim is malformed"));
}

// A string member; "" if absent. `what` names it in "the token has no ..."
// when `required` (an empty string counts as absent).
absl::StatusOr<std::string> StringMember(const Struct& object, absl::string_view name,
                                         bool required, absl::string_view what) {
  const Value* value = Member(object, name);
  if (value == nullptr || value->kind_case() == Value::kNullValue) {
    if (required) return Unauthenticated(absl::StrCat("the token has no ", what));
    return std::string();
  }
  if (value->kind_case() != Value::kStringValue) return Malformed(name);
  if (required && value->string_value().empty()) {
    return Unauthenticated(absl::StrCat("the token has no ", what));
  }
  return value->string_value();
}

// An array of strings; empty if absent.
absl::StatusOr<std::vector<std::string>> StringArrayClaim(const Struct& claims,
                                                          absl::string_view name) {
  std::vector<std::string> strings;
  const Value* value = Member(claims, name);
  if (value == nullptr || value->kind_case() == Value::kNullValue) return strings;
  if (value->kind_case() != Value::kListValue) return Malformed(name);
  for (const Value& element : value->list_value().values()) {
    if (element.kind_case() != Value::kStringValue) return Malformed(name);
    strings.push_back(element.string_value());
  }
  return strings;
}

// A NumericDate (seconds since the epoch, RFC 7519 §2); nullopt if absent.
absl::StatusOr<std::optional<absl::Time>> DateClaim(const Struct& claims, absl::string_view name) {
  const Value* value = Member(claims, name);
  if (value == nullptr) return std::optional<absl::Time>();
  if (value->kind_case() != Value::kNumberValue || !std::isfinite(value->number_value())) {
    return Malformed(name);
  }
  return std::optional<absl::Time>(absl::UnixEpoch() + absl::Seconds(value->number_value()));
}

absl::Status CheckAudience(const Struct& claims, absl::string_view audience) {
  const Value* value = Member(claims, "aud");
  if (value == nullptr) return Unauthenticated("the token names no audience (aud)");
  if (value->kind_case() == Value::kStringValue) {
    if (value->string_value() == audience) return absl::OkStatus();
  } else if (value->kind_case() == Value::kListValue) {
    bool found = false;
    for (const Value& element : value->list_value().values()) {
      if (element.kind_case() != Value::kStringValue) return Malformed("aud");
      found = found || element.string_value() == audience;
    }
    if (found) return absl::OkStatus();
  } else {
    return Malformed("aud");
  }
  return Unauthenticated("the token is for another audience");
}

absl::Status CheckTimes(const Struct& claims, absl::Time now) {
  TORG_ASSIGN_OR_RETURN(const std::optional<absl::Time> expires, DateClaim(claims, "exp"));
  if (!expires.has_value()) return Unauthenticated("the token has no exp (expiry time)");
  if (*expires <= now - kTokenClockLeeway) return Unauthenticated("the token has expired");
  TORG_ASSIGN_OR_RETURN(const std::optional<absl::Time> not_before, DateClaim(claims, "nbf"));
  if (not_before.has_value() && *not_before > now + kTokenClockLeeway) {
    return Unauthenticated("the token is not valid yet (nbf is in the future)");
  }
  TORG_ASSIGN_OR_RETURN(const std::optional<absl::Time> issued, DateClaim(claims, "iat"));
  if (issued.has_value() && *issued > now + kTokenClockLeeway) {
    return Unauthenticated("the token is not valid yet (iat is in the future)");
  }
  return absl::OkStatus();
}

absl::StatusOr<Principal> PrincipalFromClaims(const Struct& claims, absl::string_view issuer) {
  Principal principal;
  TORG_ASSIGN_OR_RETURN(principal.user_id, StringMember(claims, "sub", true, "sub (user id)"));
  TORG_ASSIGN_OR_RETURN(principal.forbund_id, StringMember(claims, internal::kForbundClaim, true,
                                                           internal::kForbundClaim));
  TORG_ASSIGN_OR_RETURN(principal.party_id, StringMember(claims, internal::kPartyClaim, false, ""));
  TORG_ASSIGN_OR_RETURN(const std::vector<std::string> roles,
                        StringArrayClaim(claims, internal::kRolesClaim));
  if (roles.empty()) {
    return Unauthenticated(absl::StrCat("the token has no ", internal::kRolesClaim));
  }
  for (const std::string& name : roles) {
    const absl::StatusOr<Role> role = ParseRole(name);
    if (!role.ok()) {
      // A role name is no secret and tells the operator what the identity
      // provider sends; cut and escaped so a hostile claim cannot flood or
      // forge log lines.
      return Unauthenticated(absl::StrCat("the token names an unknown role \"",
                                          absl::CHexEscape(name.substr(0, 40)), "\""));
    }
    principal.roles.push_back(*role);
  }
  TORG_ASSIGN_OR_RETURN(principal.platform_ids,
                        StringArrayClaim(claims, internal::kPlatformsClaim));
  principal.authenticated_by = absl::StrCat("jwt:", issuer);
  return principal;
}

absl::Status CheckHeaderType(const Struct& header) {
  const Value* type = Member(header, "typ");
  if (type != nullptr) {
    // RFC 7515 §4.1.9: compared case-insensitively, "application/" optional.
    if (type->kind_case() != Value::kStringValue) return Malformed("typ");
    absl::string_view name = type->string_value();
    if (absl::StartsWithIgnoreCase(name, "application/")) name.remove_prefix(12);
    if (!absl::EqualsIgnoreCase(name, "JWT")) {
      return Unauthenticated("the token's header says it is not a JWT (typ)");
    }
  }
  // RFC 7515 §4.1.11: extensions marked critical must be understood, and
  // Torg understands none.
  if (Member(header, "crit") != nullptr) {
    return Unauthenticated("the token's header has critical extensions (crit) Torg does not know");
  }
  return absl::OkStatus();
}

}  // namespace

absl::string_view TokenAlgorithmName(TokenAlgorithm algorithm) {
  switch (algorithm) {
    case TokenAlgorithm::kRs256:
      return "RS256";
    case TokenAlgorithm::kEs256:
      return "ES256";
    case TokenAlgorithm::kHs256:
      return "HS256";
  }
  return "unknown";
}

TokenVerifier::TokenVerifier(std::string audience) : audience_(std::move(audience)) {}

absl::StatusOr<TokenVerifier> TokenVerifier::Create(const std::vector<TrustedKey>& keys,
                                                    std::string audience) {
  if (audience.empty()) return absl::InvalidArgumentError("the token audience is empty");
  TokenVerifier verifier(std::move(audience));
  for (size_t i = 0; i < keys.size(); ++i) {
    const absl::Status added = verifier.AddTrustedKey(keys[i]);
    if (!added.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("trusted key ", i, " (issuer \"", keys[i].issuer, "\"): ", added.message()));
    }
  }
  return verifier;
}

absl::Status TokenVerifier::AddTrustedKey(const TrustedKey& trusted) {
  if (trusted.issuer.empty()) return absl::InvalidArgumentError("the issuer is empty");
  auto key = std::make_shared<Key>();
  key->issuer = trusted.issuer;
  key->key_id = trusted.key_id;
  key->algorithm = trusted.algorithm;
  if (trusted.algorithm == TokenAlgorithm::kHs256) {
    if (trusted.key_material.size() < kMinHmacSecretBytes) {
      return absl::InvalidArgumentError(
          absl::StrCat("the HS256 secret has ", trusted.key_material.size(),
                       " bytes; it needs at least ", kMinHmacSecretBytes));
    }
    key->secret = trusted.key_material;
  } else {
    TORG_ASSIGN_OR_RETURN(key->public_key, ParsePublicKey(trusted.key_material, trusted.algorithm));
  }
  keys_.push_back(std::move(key));
  return absl::OkStatus();
}

bool TokenVerifier::TrustsIssuer(absl::string_view issuer) const {
  for (const auto& key : keys_) {
    if (key->issuer == issuer) return true;
  }
  return false;
}

absl::StatusOr<Principal> TokenVerifier::Verify(absl::string_view token, absl::Time now) const {
  if (token.size() > kMaxTokenBytes) return Unauthenticated("the token is larger than 8 KiB");
  const std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  // The signature may be empty here so that an unsigned token gets the
  // message about alg none below.
  if (parts.size() != 3 || parts[0].empty() || parts[1].empty()) {
    return Unauthenticated(
        "the token is not a JWT: it must be three base64url parts separated by dots");
  }

  const std::optional<std::string> header_json = internal::Base64UrlDecodeStrict(parts[0]);
  if (!header_json.has_value()) {
    return Unauthenticated("the token's header is not valid base64url");
  }
  const std::optional<Struct> header = internal::ParseJsonObject(*header_json);
  if (!header.has_value()) return Unauthenticated("the token's header is not a JSON object");
  TORG_ASSIGN_OR_RETURN(const std::string algorithm_name,
                        StringMember(*header, "alg", true, "algorithm (alg)"));
  if (absl::EqualsIgnoreCase(algorithm_name, "none")) {
    return Unauthenticated("the token is unsigned (alg none)");
  }
  const std::optional<TokenAlgorithm> algorithm = ParseAlgorithm(algorithm_name);
  if (!algorithm.has_value()) {
    return Unauthenticated("the token's algorithm is not one Torg accepts (RS256, ES256 or HS256)");
  }
  TORG_RETURN_IF_ERROR(CheckHeaderType(*header));
  TORG_ASSIGN_OR_RETURN(const std::string key_id, StringMember(*header, "kid", false, ""));

  const std::optional<std::string> payload_json = internal::Base64UrlDecodeStrict(parts[1]);
  if (!payload_json.has_value()) {
    return Unauthenticated("the token's payload is not valid base64url");
  }
  const std::optional<Struct> claims = internal::ParseJsonObject(*payload_json);
  if (!claims.has_value()) return Unauthenticated("the token's payload is not a JSON object");
  TORG_ASSIGN_OR_RETURN(const std::string issuer,
                        StringMember(*claims, "iss", true, "iss (issuer)"));

  const std::optional<std::string> signature = internal::Base64UrlDecodeStrict(parts[2]);
  if (!signature.has_value()) {
    return Unauthenticated("the token's signature is not valid base64url");
  }

  // The key is chosen by issuer and kid; the token's alg only has to agree
  // with it, and no key is ever used with another algorithm than its own.
  const absl::string_view signed_text(token.data(), parts[0].size() + 1 + parts[1].size());
  bool issuer_known = false;
  bool key_id_known = false;
  bool algorithm_matches = false;
  bool verified = false;
  for (const auto& key : keys_) {
    if (key->issuer != issuer) continue;
    issuer_known = true;
    if (!key->key_id.empty() && !key_id.empty() && key->key_id != key_id) continue;
    key_id_known = true;
    if (key->algorithm != *algorithm) continue;
    algorithm_matches = true;
    TORG_ASSIGN_OR_RETURN(verified, SignatureVerifies(key->algorithm, key->public_key.get(),
                                                      key->secret, signed_text, *signature));
    if (verified) break;
  }
  if (!issuer_known) return Unauthenticated("the token's issuer is not trusted");
  if (!key_id_known) return Unauthenticated("the token's key id is not one of its issuer's keys");
  if (!algorithm_matches) return Unauthenticated("the token's algorithm does not match its key");
  if (!verified) return Unauthenticated("the token's signature does not verify");

  TORG_RETURN_IF_ERROR(CheckAudience(*claims, audience_));
  TORG_RETURN_IF_ERROR(CheckTimes(*claims, now));
  return PrincipalFromClaims(*claims, issuer);
}

}  // namespace torg::auth
