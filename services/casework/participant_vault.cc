#include "services/casework/participant_vault.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/sealing/envelope.h"

namespace torg::casework {

std::string DataKeyId(absl::string_view participant_id) {
  return absl::StrCat("participant-", participant_id);
}

absl::StatusOr<ParticipantSealer> UnwrapSealer(const sealing::SecretKey& master_key,
                                               absl::string_view wrapped,
                                               absl::string_view participant_id) {
  TORG_ASSIGN_OR_RETURN(sealing::SecretKey data_key,
                        sealing::UnwrapDataKey(master_key, wrapped, participant_id));
  return ParticipantSealer(std::move(data_key), std::string(participant_id));
}

std::string LookupKeyId(absl::string_view lookup_hash) {
  return absl::StrCat("lookup-", lookup_hash);
}

storage::KeyWrite ParticipantVault::LookupEntry(absl::string_view lookup_hash,
                                                absl::string_view participant_id) {
  return storage::KeyWrite{LookupKeyId(lookup_hash), std::string(participant_id)};
}

absl::StatusOr<std::optional<std::string>> ParticipantVault::FindByLookupHash(
    absl::string_view lookup_hash) const {
  return store_.ReadKey(LookupKeyId(lookup_hash));
}

ParticipantVault::ParticipantVault(storage::EventStore& store, sealing::SecretKey master_key)
    : store_(store), master_key_(std::move(master_key)) {}

absl::StatusOr<NewParticipantKey> ParticipantVault::CreateKey(
    absl::string_view participant_id) const {
  TORG_ASSIGN_OR_RETURN(sealing::SecretKey data_key, sealing::SecretKey::Generate());
  TORG_ASSIGN_OR_RETURN(std::string wrapped,
                        sealing::WrapDataKey(master_key_, data_key, participant_id));
  return NewParticipantKey{
      ParticipantSealer(std::move(data_key), std::string(participant_id)),
      storage::KeyWrite{DataKeyId(participant_id), std::move(wrapped)},
  };
}

absl::StatusOr<ParticipantSealer> ParticipantVault::SealerFor(
    absl::string_view participant_id) const {
  TORG_ASSIGN_OR_RETURN(std::optional<std::string> wrapped,
                        store_.ReadKey(DataKeyId(participant_id)));
  if (!wrapped.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the personal data of participant ", participant_id, " has been erased"));
  }
  return UnwrapSealer(master_key_, *wrapped, participant_id);
}

absl::StatusOr<std::optional<ParticipantSealer>> ParticipantVault::SealerIfKept(
    absl::string_view participant_id) const {
  TORG_ASSIGN_OR_RETURN(std::optional<std::string> wrapped,
                        store_.ReadKey(DataKeyId(participant_id)));
  if (!wrapped.has_value()) return std::optional<ParticipantSealer>();
  TORG_ASSIGN_OR_RETURN(ParticipantSealer sealer,
                        UnwrapSealer(master_key_, *wrapped, participant_id));
  return std::optional<ParticipantSealer>(std::move(sealer));
}

}  // namespace torg::casework
