#include "services/casework/participant_sealer.h"

#include <algorithm>
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

absl::StatusOr<std::string> ParticipantSealer::SealPadded(absl::string_view field,
                                                          absl::string_view plaintext,
                                                          size_t size_as_if) const {
  const size_t unpadded = std::max(plaintext.size(), size_as_if) + 1;  // + the 0x80 marker
  std::string padded(plaintext);
  padded.push_back('\x80');
  padded.resize((unpadded + kPaddingBlock - 1) / kPaddingBlock * kPaddingBlock, '\0');
  return sealing::Seal(data_key_, padded, AssociatedData(field));
}

absl::StatusOr<std::string> ParticipantSealer::OpenPadded(absl::string_view field,
                                                          absl::string_view sealed) const {
  absl::StatusOr<std::string> padded = sealing::Open(data_key_, sealed, AssociatedData(field));
  if (!padded.ok()) return padded.status();
  const size_t marker = padded->find_last_not_of('\0');
  if (marker == std::string::npos || (*padded)[marker] != '\x80') {
    return absl::DataLossError("a sealed value's padding is damaged");
  }
  padded->resize(marker);
  return padded;
}

}  // namespace torg::casework
