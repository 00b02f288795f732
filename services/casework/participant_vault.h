#ifndef TORG_SERVICES_CASEWORK_PARTICIPANT_VAULT_H_
#define TORG_SERVICES_CASEWORK_PARTICIPANT_VAULT_H_

// The participants' data keys. Each participant gets a fresh random data key
// at registration; it is stored only wrapped under the master key, in the
// event store's key space (storage::KeyWrite), in the same atomic write as
// the registration. Destroying the wrapped key erases everything sealed
// under it.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/casework/participant_sealer.h"
#include "services/sealing/secret_key.h"
#include "storage/event_store.h"

namespace torg::casework {

// A data key for a participant being registered.
struct NewParticipantKey {
  // Seals the registration's identity.
  ParticipantSealer sealer;
  // Append this with the registration.
  storage::KeyWrite key_write;
};

class ParticipantVault {
 public:
  // `store` must outlive the vault. Takes the master key.
  ParticipantVault(storage::EventStore& store, sealing::SecretKey master_key);

  // A fresh data key for `participant_id`, wrapped for storing. INTERNAL if
  // the random generator fails.
  absl::StatusOr<NewParticipantKey> CreateKey(absl::string_view participant_id) const;

  // The sealer of a registered participant. FAILED_PRECONDITION if their key
  // is gone (the participant's personal data was erased); DATA_LOSS if the
  // wrapped key does not unwrap (damage, or another master key); the store's
  // errors.
  absl::StatusOr<ParticipantSealer> SealerFor(absl::string_view participant_id) const;

 private:
  storage::EventStore& store_;
  sealing::SecretKey master_key_;
};

// The key id a participant's wrapped data key is stored under.
std::string DataKeyId(absl::string_view participant_id);

}  // namespace torg::casework

#endif  // TORG_SERVICES_CASEWORK_PARTICIPANT_VAULT_H_
