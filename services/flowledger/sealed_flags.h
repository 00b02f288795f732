#ifndef TORG_SERVICES_FLOWLEDGER_SEALED_FLAGS_H_
#define TORG_SERVICES_FLOWLEDGER_SEALED_FLAGS_H_

// How the flow ledger reads the sensitive flags of a case, which events keep
// only sealed under the participant's data key (case_events.proto): the
// ledger holds no keys, so whoever registers it gives it an opener.

#include <array>
#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/event_store.h"
#include "torg/v1/case_events.pb.h"

namespace torg::flowledger {

// Every flag reports count, in enum order.
inline constexpr std::array<v1::CaseFlag, 2> kCaseFlags = {
    v1::CASE_FLAG_VIOLENCE_IN_CLOSE_RELATIONSHIP, v1::CASE_FLAG_RISK_USE_OR_ABUSE};

// Whether `flags` raises `flag`; false for any other value.
inline bool Raises(const v1::CaseFlags& flags, v1::CaseFlag flag) {
  switch (flag) {
    case v1::CASE_FLAG_VIOLENCE_IN_CLOSE_RELATIONSHIP:
      return flags.violence_in_close_relationship();
    case v1::CASE_FLAG_RISK_USE_OR_ABUSE:
      return flags.risk_use_or_abuse();
    default:
      return false;
  }
}

class SealedFlagOpener {
 public:
  virtual ~SealedFlagOpener() = default;

  // The flags a referral's sealed details raise, for `participant_id`;
  // nullopt when the participant's data key is gone (they were erased), so
  // the flags cannot be known. `batch` reads the key as the append being
  // applied will leave it. DATA_LOSS if the details do not open (damage, or
  // another master key): counting them as unflagged would be silently wrong.
  virtual absl::StatusOr<std::optional<v1::CaseFlags>> OpenReferralFlags(
      storage::ProjectionBatch& batch, absl::string_view participant_id,
      const v1::ReferralSubmitted& referral) const = 0;

  // As OpenReferralFlags, for the flags a CaseFlagsSet sealed.
  virtual absl::StatusOr<std::optional<v1::CaseFlags>> OpenCaseFlags(
      storage::ProjectionBatch& batch, absl::string_view participant_id,
      const v1::CaseFlagsSet& flags_set) const = 0;
};

}  // namespace torg::flowledger

#endif  // TORG_SERVICES_FLOWLEDGER_SEALED_FLAGS_H_
