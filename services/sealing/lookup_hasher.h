#ifndef TORG_SERVICES_SEALING_LOOKUP_HASHER_H_
#define TORG_SERVICES_SEALING_LOOKUP_HASHER_H_

// Finds a participant by personnummer without storing it: the store keeps
// Hash(personnummer) as an index key, and a lookup hashes the number it is
// asked for. A keyed hash, because a plain one would not protect anything:
// there are few enough personnummer to hash them all. The lookup secret
// (`lookup.key`) therefore deserves the same care as the master key; anyone
// holding both it and the index can recover every indexed personnummer.

#include <string>

#include "absl/strings/string_view.h"
#include "services/sealing/secret_key.h"

namespace torg::sealing {

class LookupHasher {
 public:
  // Takes ownership of the lookup secret.
  explicit LookupHasher(SecretKey secret);

  // HMAC-SHA-256 of `normalized_identifier` under the secret, as 64 lowercase
  // hex characters. Deterministic for a given secret, so the caller must
  // normalise first (one canonical form of a personnummer: the same person
  // written two ways must hash the same). Safe to call from many threads.
  // Aborts only if OpenSSL cannot compute an HMAC at all (out of memory or a
  // broken library), since no answer would be safe to index by.
  std::string Hash(absl::string_view normalized_identifier) const;

 private:
  SecretKey secret_;
};

}  // namespace torg::sealing

#endif  // TORG_SERVICES_SEALING_LOOKUP_HASHER_H_
