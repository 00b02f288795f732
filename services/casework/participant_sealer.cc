#include "services/casework/participant_sealer.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/sealing/envelope.h"

namespace torg::casework {

ParticipantSealer::ParticipantSealer(sealing::SecretKey data_key, std::string participant_id)
    : data_key_(std::move(data_key)), participant_id_(std::move(participant_id)) {}

std::string ParticipantSealer::AssociatedData(absl::string_view field) const {
  return absl::StrCat("torg.v1/", participant_id_, "/", field);
}

absl::StatusOr<std::string> ParticipantSealer::Seal(absl::string_view field,
                                                    absl::string_view plaintext) const {
  if (plaintext.empty()) return std::string();
  return sealing::Seal(data_key_, plaintext, AssociatedData(field));
}

absl::StatusOr<std::string> ParticipantSealer::Open(absl::string_view field,
                                                    absl::string_view sealed) const {
  if (sealed.empty()) return std::string();
  return sealing::Open(data_key_, sealed, AssociatedData(field));
}

}  // namespace torg::casework
