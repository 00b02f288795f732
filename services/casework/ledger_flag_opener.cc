#include "services/casework/ledger_flag_opener.h"

#include <string>
#include <utility>

#include "services/casework/participant_sealer.h"
#include "services/casework/participant_vault.h"
#include "services/casework/step_codec.h"
#include "services/common/status_macros.h"

namespace torg::casework {

LedgerFlagOpener::LedgerFlagOpener(
    std::function<absl::StatusOr<sealing::SecretKey>()> load_master_key)
    : load_master_key_(std::move(load_master_key)) {}

absl::StatusOr<std::optional<ParticipantSealer>> LedgerFlagOpener::SealerFor(
    storage::ProjectionBatch& batch, absl::string_view participant_id) const {
  TORG_ASSIGN_OR_RETURN(std::optional<std::string> wrapped,
                        batch.ReadKey(DataKeyId(participant_id)));
  if (!wrapped.has_value()) return std::optional<ParticipantSealer>();
  std::lock_guard<std::mutex> lock(mutex_);
  if (!master_key_.has_value()) {
    TORG_ASSIGN_OR_RETURN(sealing::SecretKey loaded, load_master_key_());
    master_key_.emplace(std::move(loaded));
  }
  TORG_ASSIGN_OR_RETURN(ParticipantSealer sealer,
                        UnwrapSealer(*master_key_, *wrapped, participant_id));
  return std::optional<ParticipantSealer>(std::move(sealer));
}

absl::StatusOr<std::optional<v1::CaseFlags>> LedgerFlagOpener::OpenReferralFlags(
    storage::ProjectionBatch& batch, absl::string_view participant_id,
    const v1::ReferralSubmitted& referral) const {
  TORG_ASSIGN_OR_RETURN(std::optional<ParticipantSealer> sealer, SealerFor(batch, participant_id));
  if (!sealer.has_value()) return std::optional<v1::CaseFlags>();
  TORG_ASSIGN_OR_RETURN(v1::CaseFlags flags, casework::OpenReferralFlags(referral, *sealer));
  return std::optional<v1::CaseFlags>(std::move(flags));
}

absl::StatusOr<std::optional<v1::CaseFlags>> LedgerFlagOpener::OpenCaseFlags(
    storage::ProjectionBatch& batch, absl::string_view participant_id,
    const v1::CaseFlagsSet& flags_set) const {
  TORG_ASSIGN_OR_RETURN(std::optional<ParticipantSealer> sealer, SealerFor(batch, participant_id));
  if (!sealer.has_value()) return std::optional<v1::CaseFlags>();
  TORG_ASSIGN_OR_RETURN(v1::CaseFlags flags, casework::OpenCaseFlags(flags_set, *sealer));
  return std::optional<v1::CaseFlags>(std::move(flags));
}

}  // namespace torg::casework
