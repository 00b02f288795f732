#include "services/sealing/lookup_hasher.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <climits>
#include <cstdlib>
#include <utility>

#include "absl/strings/escaping.h"
#include "services/common/log.h"
#include "services/sealing/lookup_hasher_internal.h"

namespace torg::sealing {
namespace internal {

std::optional<std::string> HmacSha256Hex(absl::string_view key, absl::string_view data) {
  if (key.size() > static_cast<size_t>(INT_MAX)) return std::nullopt;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest,
           &length) == nullptr) {
    return std::nullopt;
  }
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), length));
}

}  // namespace internal

LookupHasher::LookupHasher(SecretKey secret) : secret_(std::move(secret)) {}

std::string LookupHasher::Hash(absl::string_view normalized_identifier) const {
  std::optional<std::string> hash = internal::HmacSha256Hex(secret_.bytes(), normalized_identifier);
  if (!hash.has_value()) {
    log::Error("sealing: OpenSSL failed to compute a lookup hash; stopping");
    std::abort();
  }
  return *std::move(hash);
}

}  // namespace torg::sealing
