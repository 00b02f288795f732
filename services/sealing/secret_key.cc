#include "services/sealing/secret_key.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstring>
#include <ostream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace torg::sealing {

SecretKey::SecretKey() : bytes_{} {}

absl::StatusOr<SecretKey> SecretKey::Generate() {
  SecretKey key;
  if (RAND_bytes(key.bytes_.data(), static_cast<int>(key.bytes_.size())) != 1) {
    return absl::InternalError("sealing: the random number generator failed to produce a key");
  }
  return key;
}

absl::StatusOr<SecretKey> SecretKey::FromBytes(absl::string_view bytes) {
  if (bytes.size() != kSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("sealing: a secret key is ", kSize, " bytes, got ", bytes.size()));
  }
  SecretKey key;
  std::memcpy(key.bytes_.data(), bytes.data(), kSize);
  return key;
}

SecretKey::SecretKey(SecretKey&& other) noexcept : bytes_(other.bytes_) {
  OPENSSL_cleanse(other.bytes_.data(), other.bytes_.size());
}

SecretKey& SecretKey::operator=(SecretKey&& other) noexcept {
  if (this != &other) {
    bytes_ = other.bytes_;
    OPENSSL_cleanse(other.bytes_.data(), other.bytes_.size());
  }
  return *this;
}

SecretKey::~SecretKey() { OPENSSL_cleanse(bytes_.data(), bytes_.size()); }

absl::string_view SecretKey::bytes() const {
  return absl::string_view(reinterpret_cast<const char*>(bytes_.data()), bytes_.size());
}

void PrintTo(const SecretKey& /*key*/, std::ostream* os) { *os << "SecretKey(redacted)"; }

void PrintTo(const absl::StatusOr<SecretKey>& key, std::ostream* os) {
  if (key.ok()) {
    *os << "SecretKey(redacted)";
  } else {
    *os << key.status();
  }
}

}  // namespace torg::sealing
