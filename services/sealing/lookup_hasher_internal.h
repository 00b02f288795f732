#ifndef TORG_SERVICES_SEALING_LOOKUP_HASHER_INTERNAL_H_
#define TORG_SERVICES_SEALING_LOOKUP_HASHER_INTERNAL_H_

// The HMAC under LookupHasher, for any key length, so that the published
// RFC 4231 vectors (whose keys are not 32 bytes) can test it directly.

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace torg::sealing::internal {

// HMAC-SHA-256(key, data) as 64 lowercase hex characters, or nullopt if
// OpenSSL fails (out of memory, or a key or input of 2 GiB or more).
std::optional<std::string> HmacSha256Hex(absl::string_view key, absl::string_view data);

}  // namespace torg::sealing::internal

#endif  // TORG_SERVICES_SEALING_LOOKUP_HASHER_INTERNAL_H_
