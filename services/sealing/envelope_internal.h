#ifndef TORG_SERVICES_SEALING_ENVELOPE_INTERNAL_H_
#define TORG_SERVICES_SEALING_ENVELOPE_INTERNAL_H_

// The raw AES-256-GCM layer under Seal/Open, with the nonce chosen by the
// caller. Only envelope.cc and the known-answer tests use it: a caller who
// picks nonces can reuse one, which breaks GCM completely, so it stays out of
// the public header.

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/sealing/secret_key.h"

namespace torg::sealing::internal {

inline constexpr size_t kNonceSize = 12;  // 96 bits: GCM's native IV length.
inline constexpr size_t kTagSize = 16;    // Full 128-bit tag; never truncated.

// Encrypts and authenticates `plaintext`, authenticates `associated_data`, and
// returns ciphertext || tag (plaintext.size() + kTagSize bytes).
// INVALID_ARGUMENT if the nonce is not kNonceSize bytes or an input exceeds
// what OpenSSL accepts in one call (2 GiB); INTERNAL if OpenSSL fails.
absl::StatusOr<std::string> AesGcmSeal(const SecretKey& key, absl::string_view nonce,
                                       absl::string_view plaintext,
                                       absl::string_view associated_data);

// Reverses AesGcmSeal. DATA_LOSS "sealed data failed authentication" if the
// tag does not verify (tampering, wrong key, nonce or associated data); no
// unauthenticated plaintext is ever returned. DATA_LOSS if the input is
// shorter than a tag; INVALID_ARGUMENT for a wrong-size nonce or oversized
// input; INTERNAL if OpenSSL fails.
absl::StatusOr<std::string> AesGcmOpen(const SecretKey& key, absl::string_view nonce,
                                       absl::string_view ciphertext_and_tag,
                                       absl::string_view associated_data);

}  // namespace torg::sealing::internal

#endif  // TORG_SERVICES_SEALING_ENVELOPE_INTERNAL_H_
