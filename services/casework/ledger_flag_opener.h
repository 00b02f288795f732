#ifndef TORG_SERVICES_CASEWORK_LEDGER_FLAG_OPENER_H_
#define TORG_SERVICES_CASEWORK_LEDGER_FLAG_OPENER_H_

// Opens the sealed flags of case events for the flow ledger
// (flowledger::SealedFlagOpener): with the participant's data key, read
// through the append being applied and unwrapped with the master key, as
// ParticipantVault does for the services.

#include <functional>
#include <mutex>
#include <optional>

#include "absl/status/statusor.h"
#include "services/casework/participant_sealer.h"
#include "services/flowledger/sealed_flags.h"
#include "services/sealing/secret_key.h"

namespace torg::casework {

class LedgerFlagOpener : public flowledger::SealedFlagOpener {
 public:
  // `load_master_key` is called once, when the first sealed flag is opened:
  // the store opens (and may rebuild the ledger) before the server decides
  // whether a missing key file may be created, which only an empty store,
  // with nothing sealed to open, allows.
  explicit LedgerFlagOpener(std::function<absl::StatusOr<sealing::SecretKey>()> load_master_key);

  absl::StatusOr<std::optional<v1::CaseFlags>> OpenReferralFlags(
      storage::ProjectionBatch& batch, absl::string_view participant_id,
      const v1::ReferralSubmitted& referral) const override;
  absl::StatusOr<std::optional<v1::CaseFlags>> OpenCaseFlags(
      storage::ProjectionBatch& batch, absl::string_view participant_id,
      const v1::CaseFlagsSet& flags_set) const override;

 private:
  // The participant's sealer; nullopt when their key is gone.
  absl::StatusOr<std::optional<ParticipantSealer>> SealerFor(
      storage::ProjectionBatch& batch, absl::string_view participant_id) const;

  std::function<absl::StatusOr<sealing::SecretKey>()> load_master_key_;
  mutable std::mutex mutex_;
  mutable std::optional<sealing::SecretKey> master_key_;
};

}  // namespace torg::casework

#endif  // TORG_SERVICES_CASEWORK_LEDGER_FLAG_OPENER_H_
