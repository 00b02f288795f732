#include "services/auth/token_minter.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rand.h>

#include <array>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "services/auth/jwt_internal.h"
#include "services/auth/token_verifier.h"

namespace torg::auth {
namespace {

using google::protobuf::ListValue;
using google::protobuf::Struct;

void SetString(Struct& object, const std::string& name, absl::string_view value) {
  (*object.mutable_fields())[name].set_string_value(std::string(value));
}

ListValue* SetList(Struct& object, const std::string& name) {
  return (*object.mutable_fields())[name].mutable_list_value();
}

}  // namespace

TokenMinter::TokenMinter(std::string issuer, std::string audience, std::string hs256_secret)
    : issuer_(std::move(issuer)),
      audience_(std::move(audience)),
      secret_(std::move(hs256_secret)) {}

TokenMinter::~TokenMinter() { OPENSSL_cleanse(secret_.data(), secret_.size()); }

absl::StatusOr<std::string> TokenMinter::Mint(const Principal& principal, absl::Time now,
                                              absl::Duration lifetime) const {
  if (secret_.size() < kMinHmacSecretBytes) {
    return absl::FailedPreconditionError(
        absl::StrCat("auth: the HS256 secret of issuer \"", issuer_, "\" has ", secret_.size(),
                     " bytes; it needs at least ", kMinHmacSecretBytes));
  }
  if (issuer_.empty() || audience_.empty()) {
    return absl::FailedPreconditionError("auth: a token needs an issuer and an audience");
  }
  if (principal.user_id.empty() || principal.forbund_id.empty() || principal.roles.empty()) {
    return absl::InvalidArgumentError(
        "auth: a token needs a user id, a förbund and at least one role");
  }
  if (lifetime < absl::Seconds(1)) {
    return absl::InvalidArgumentError("auth: a token's lifetime must be at least one second");
  }

  std::array<unsigned char, 16> nonce;
  if (RAND_bytes(nonce.data(), static_cast<int>(nonce.size())) != 1) {
    ERR_clear_error();
    return absl::InternalError("auth: the random number generator failed");
  }

  Struct header;
  SetString(header, "alg", TokenAlgorithmName(TokenAlgorithm::kHs256));
  SetString(header, "typ", "JWT");

  Struct claims;
  SetString(claims, "iss", issuer_);
  SetString(claims, "aud", audience_);
  SetString(claims, "sub", principal.user_id);
  SetString(claims, internal::kForbundClaim, principal.forbund_id);
  if (!principal.party_id.empty()) SetString(claims, internal::kPartyClaim, principal.party_id);
  ListValue* roles = SetList(claims, internal::kRolesClaim);
  for (const Role role : principal.roles) {
    roles->add_values()->set_string_value(std::string(RoleName(role)));
  }
  ListValue* platforms = SetList(claims, internal::kPlatformsClaim);
  for (const std::string& platform : principal.platform_ids) {
    platforms->add_values()->set_string_value(platform);
  }
  // NumericDates are whole seconds here: other JWT libraries may refuse
  // fractions, and a double holds these exactly.
  const int64_t issued_at = absl::ToUnixSeconds(now);
  (*claims.mutable_fields())["iat"].set_number_value(static_cast<double>(issued_at));
  (*claims.mutable_fields())["exp"].set_number_value(
      static_cast<double>(issued_at + absl::ToInt64Seconds(lifetime)));
  SetString(claims, "jti",
            internal::Base64UrlEncode(
                absl::string_view(reinterpret_cast<const char*>(nonce.data()), nonce.size())));

  const std::string signed_text =
      absl::StrCat(internal::Base64UrlEncode(internal::ToJson(header)), ".",
                   internal::Base64UrlEncode(internal::ToJson(claims)));
  const std::optional<std::string> mac = internal::HmacSha256(secret_, signed_text);
  if (!mac.has_value()) return absl::InternalError("auth: OpenSSL failed to compute an HMAC");
  return absl::StrCat(signed_text, ".", internal::Base64UrlEncode(*mac));
}

}  // namespace torg::auth
