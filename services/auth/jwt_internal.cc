#include "services/auth/jwt_internal.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <array>
#include <string>

#include "absl/strings/escaping.h"
#include "google/protobuf/util/json_util.h"

namespace torg::auth::internal {

std::string Base64UrlEncode(absl::string_view bytes) {
  // absl's web-safe alphabet is base64url and it writes no padding.
  return absl::WebSafeBase64Escape(bytes);
}

std::optional<std::string> Base64UrlDecodeStrict(absl::string_view text) {
  // A single leftover character carries only 6 bits: never a whole byte.
  if (text.size() % 4 == 1) return std::nullopt;
  for (const char c : text) {
    const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                         (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!allowed) return std::nullopt;
  }
  std::string decoded;
  if (!absl::WebSafeBase64Unescape(text, &decoded)) return std::nullopt;
  // The decoder ignores set bits past the last whole byte; re-encoding shows
  // them, and refusing them keeps the encoding canonical.
  if (Base64UrlEncode(decoded) != text) return std::nullopt;
  return decoded;
}

std::optional<google::protobuf::Struct> ParseJsonObject(absl::string_view json) {
  google::protobuf::Struct object;
  const auto status =
      google::protobuf::util::JsonStringToMessage(std::string(json.data(), json.size()), &object);
  if (!status.ok()) return std::nullopt;
  return object;
}

std::string ToJson(const google::protobuf::Struct& object) {
  std::string json;
  // A Struct always converts; an empty string makes any failure visible as a
  // token that does not parse rather than as a crash.
  if (!google::protobuf::util::MessageToJsonString(object, &json).ok()) json.clear();
  return json;
}

std::optional<std::string> HmacSha256(absl::string_view secret, absl::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac;
  size_t mac_size = 0;
  // EVP_Q_mac allocates and frees its own context, so nothing here needs RAII.
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, secret.data(), secret.size(),
                reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac.data(),
                mac.size(), &mac_size) == nullptr) {
    ERR_clear_error();
    return std::nullopt;
  }
  return std::string(reinterpret_cast<const char*>(mac.data()), mac_size);
}

}  // namespace torg::auth::internal
