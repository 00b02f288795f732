#ifndef TORG_SERVICES_CASEWORK_PARTICIPANT_SEALER_H_
#define TORG_SERVICES_CASEWORK_PARTICIPANT_SEALER_H_

// Seals and opens the personal data of one participant: their identity and
// every free text and sensitive flag of their cases, under their data key.
// Each value is bound to the participant and to what it is (the associated
// data "torg.v1/<participant id>/<field>"), so a sealed value copied into
// another participant's record, or into another field, does not open.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/sealing/secret_key.h"

namespace torg::casework {

class ParticipantSealer {
 public:
  ParticipantSealer(sealing::SecretKey data_key, std::string participant_id);

  // Seals `plaintext`; an empty text stays empty (no ciphertext), so an
  // optional field left blank costs nothing. INTERNAL if OpenSSL fails.
  absl::StatusOr<std::string> Seal(absl::string_view field, absl::string_view plaintext) const;

  // Opens what Seal made for the same field. Empty stays empty. DATA_LOSS if
  // the value fails authentication (damage, another participant's or another
  // field's value).
  absl::StatusOr<std::string> Open(absl::string_view field, absl::string_view sealed) const;

  // As Seal and Open, for a value whose length would tell something (which
  // sensitive flags are set; whether a person is identified): the plaintext
  // is padded (0x80, then zeros) to a multiple of kPaddingBlock bytes before
  // sealing, so values of similar size seal to the same size. Even an empty
  // value is sealed. `size_as_if` (at least the plaintext's size) is the size
  // to pad for: give the size the value would have with every optional part
  // present, and their presence does not show at all. OpenPadded: DATA_LOSS
  // also for bad padding.
  static constexpr size_t kPaddingBlock = 64;
  absl::StatusOr<std::string> SealPadded(absl::string_view field, absl::string_view plaintext,
                                         size_t size_as_if = 0) const;
  absl::StatusOr<std::string> OpenPadded(absl::string_view field, absl::string_view sealed) const;

  const std::string& participant_id() const { return participant_id_; }

 private:
  std::string AssociatedData(absl::string_view field) const;

  sealing::SecretKey data_key_;
  std::string participant_id_;
};

}  // namespace torg::casework

#endif  // TORG_SERVICES_CASEWORK_PARTICIPANT_SEALER_H_
