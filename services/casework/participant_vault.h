#ifndef TORG_SERVICES_CASEWORK_PARTICIPANT_VAULT_H_
#define TORG_SERVICES_CASEWORK_PARTICIPANT_VAULT_H_

// What erasure must be able to destroy, kept in the event store's key space
// (storage::KeyWrite) and written in the same atomic write as the
// registration:
//   - the participant's data key: fresh and random for each participant,
//     stored only wrapped under the master key. Destroying it erases
//     everything sealed under it.
//   - the personnummer lookup entry: the keyed lookup hash of the number ->
//     the participant id. The key store creates an id at most once, so two
//     registrations of one number cannot both commit; destroying the entry
//     leaves no trace that the number was ever registered.

#include <optional>
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

  // The entry that makes `lookup_hash` find `participant_id`.
  static storage::KeyWrite LookupEntry(absl::string_view lookup_hash,
                                       absl::string_view participant_id);

  // The participant registered with `lookup_hash`, or nullopt.
  absl::StatusOr<std::optional<std::string>> FindByLookupHash(absl::string_view lookup_hash) const;

  // The sealer of a registered participant. FAILED_PRECONDITION if their key
  // is gone (the participant's personal data was erased); DATA_LOSS if the
  // wrapped key does not unwrap (damage, or another master key); the store's
  // errors.
  absl::StatusOr<ParticipantSealer> SealerFor(absl::string_view participant_id) const;

  // As SealerFor, but nullopt instead of FAILED_PRECONDITION when the key is
  // gone: for reads that show an erased participant's data redacted.
  absl::StatusOr<std::optional<ParticipantSealer>> SealerIfKept(
      absl::string_view participant_id) const;

 private:
  storage::EventStore& store_;
  sealing::SecretKey master_key_;
};

// The sealer of `participant_id` from their data key as stored (`wrapped`
// under `master_key`). DATA_LOSS if it does not unwrap.
absl::StatusOr<ParticipantSealer> UnwrapSealer(const sealing::SecretKey& master_key,
                                               absl::string_view wrapped,
                                               absl::string_view participant_id);

// The key id a participant's wrapped data key is stored under.
std::string DataKeyId(absl::string_view participant_id);

// The key id of a personnummer lookup entry.
std::string LookupKeyId(absl::string_view lookup_hash);

}  // namespace torg::casework

#endif  // TORG_SERVICES_CASEWORK_PARTICIPANT_VAULT_H_
