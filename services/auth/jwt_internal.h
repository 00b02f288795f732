#ifndef TORG_SERVICES_AUTH_JWT_INTERNAL_H_
#define TORG_SERVICES_AUTH_JWT_INTERNAL_H_

// The encoding layer that TokenVerifier and TokenMinter share: base64url and
// JSON objects. Internal to services/auth; the tests use it too.

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/struct.pb.h"

namespace torg::auth::internal {

// Base64url without padding (RFC 7515 §2).
std::string Base64UrlEncode(absl::string_view bytes);

// Decodes base64url without padding, strictly: only A–Z a–z 0–9 '-' '_', no
// '=' and no whitespace, and the unused low bits of the last character must be
// zero, so that every byte string has exactly one accepted encoding (a token
// cannot be altered without changing its signed text). nullopt otherwise.
std::optional<std::string> Base64UrlDecodeStrict(absl::string_view text);

// Parses `json` as one JSON object; duplicate member names are refused (RFC
// 8725 §3.4 warns that parsers disagree on which one wins). nullopt if it is
// not an object or not valid JSON. The parser's message is dropped on purpose:
// it quotes the input, and the input is part of a token.
std::optional<google::protobuf::Struct> ParseJsonObject(absl::string_view json);

// `object` as compact JSON; whole numbers print without a fraction, so
// NumericDates come out as plain integers.
std::string ToJson(const google::protobuf::Struct& object);

// HMAC-SHA-256 of `data` under `secret` (32 bytes); nullopt if OpenSSL fails.
std::optional<std::string> HmacSha256(absl::string_view secret, absl::string_view data);

// The names of the claims Torg reads and writes beyond the registered ones.
inline constexpr char kForbundClaim[] = "torg_forbund";
inline constexpr char kPartyClaim[] = "torg_party";
inline constexpr char kRolesClaim[] = "torg_roles";
inline constexpr char kPlatformsClaim[] = "torg_platforms";

}  // namespace torg::auth::internal

#endif  // TORG_SERVICES_AUTH_JWT_INTERNAL_H_
