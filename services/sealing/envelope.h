#ifndef TORG_SERVICES_SEALING_ENVELOPE_H_
#define TORG_SERVICES_SEALING_ENVELOPE_H_

// Sealing personal data before it reaches disk (design §2), and wrapping each
// participant's data key under the master key so that destroying the wrapped
// key erases the participant.
//
// A sealed value is self-describing:
//   version (1 byte, = 1) | nonce (12) | AES-256-GCM ciphertext | tag (16)
// The nonce is fresh from the CSPRNG on every call. The GCM associated data
// is the version byte followed by the caller's associated data, so the
// header is authenticated too.
//
// Associated data binds a sealed value to its owner: seal a participant's
// fields with their participant id (and, if useful, the field name) and a
// value copied into another record fails to open there. It is not secret and
// not stored in the sealed value; the caller must supply the same bytes to
// Open.
//
// Random 96-bit nonces are safe for up to 2^32 seals under one key (NIST SP
// 800-38D); a per-participant data key and one wrap per participant under
// the master key stay far below that.
//
// Thread-safe: the functions keep no state.

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/sealing/secret_key.h"

namespace torg::sealing {

// Bytes a sealed value adds to its plaintext: version + nonce + tag.
inline constexpr size_t kSealOverhead = 1 + 12 + 16;

// Seals `plaintext` under `key`, bound to `associated_data`. The result is
// plaintext.size() + kSealOverhead bytes, and differs on every call even for
// the same inputs. INVALID_ARGUMENT if plaintext or associated data is 2 GiB
// or more; INTERNAL if the random generator or OpenSSL fails.
absl::StatusOr<std::string> Seal(const SecretKey& key, absl::string_view plaintext,
                                 absl::string_view associated_data);

// Opens a value made by Seal with the same key and associated data and
// returns the plaintext. DATA_LOSS in every case where the value cannot be
// trusted, so stored damage and tampering look alike to callers:
//   "sealed data failed authentication": any changed byte, wrong key or
//       wrong associated data;
//   shorter than kSealOverhead, or an unknown version byte (damaged, or
//       written by a newer Torg).
// INTERNAL if OpenSSL fails.
absl::StatusOr<std::string> Open(const SecretKey& key, absl::string_view sealed,
                                 absl::string_view associated_data);

// Seals `data_key` under `master` for the participant `participant_id`
// (associated data "torg.datakey/" + participant_id), so a wrapped key moved
// to another participant will not unwrap. The result is
// SecretKey::kSize + kSealOverhead bytes. INVALID_ARGUMENT if participant_id
// is empty; otherwise as Seal.
absl::StatusOr<std::string> WrapDataKey(const SecretKey& master, const SecretKey& data_key,
                                        absl::string_view participant_id);

// Reverses WrapDataKey. DATA_LOSS if `wrapped` fails authentication (wrong
// master key, another participant's id, damage) or does not hold a key;
// INVALID_ARGUMENT if participant_id is empty.
absl::StatusOr<SecretKey> UnwrapDataKey(const SecretKey& master, absl::string_view wrapped,
                                        absl::string_view participant_id);

}  // namespace torg::sealing

#endif  // TORG_SERVICES_SEALING_ENVELOPE_H_
