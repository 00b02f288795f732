#ifndef TORG_TESTS_FLOWLEDGER_PLAIN_FLAG_OPENER_H_
#define TORG_TESTS_FLOWLEDGER_PLAIN_FLAG_OPENER_H_

// A SealedFlagOpener for ledger tests without keys: a "sealed" value made by
// PlainSealedFlags opens as its flags, any other value as no flag, and a
// participant listed as erased has no key.

#include <optional>
#include <set>
#include <string>

#include "absl/strings/strip.h"
#include "services/flowledger/sealed_flags.h"

namespace torg::flowledger {

inline constexpr absl::string_view kPlainFlagsPrefix = "plain-flags:";

inline std::string PlainSealedFlags(bool violence, bool risk_use) {
  v1::CaseFlags flags;
  flags.set_violence_in_close_relationship(violence);
  flags.set_risk_use_or_abuse(risk_use);
  return std::string(kPlainFlagsPrefix) + flags.SerializeAsString();
}

class PlainFlagOpener : public SealedFlagOpener {
 public:
  absl::StatusOr<std::optional<v1::CaseFlags>> OpenReferralFlags(
      storage::ProjectionBatch&, absl::string_view participant_id,
      const v1::ReferralSubmitted& referral) const override {
    return Open(participant_id, referral.sealed_details());
  }
  absl::StatusOr<std::optional<v1::CaseFlags>> OpenCaseFlags(
      storage::ProjectionBatch&, absl::string_view participant_id,
      const v1::CaseFlagsSet& flags_set) const override {
    return Open(participant_id, flags_set.sealed_flags());
  }

  // From now on the participant's flags cannot be opened.
  void Erase(const std::string& participant_id) { erased_.insert(participant_id); }

 private:
  absl::StatusOr<std::optional<v1::CaseFlags>> Open(absl::string_view participant_id,
                                                    absl::string_view sealed) const {
    if (erased_.count(std::string(participant_id)) > 0) return std::optional<v1::CaseFlags>();
    v1::CaseFlags flags;
    if (absl::ConsumePrefix(&sealed, kPlainFlagsPrefix) &&
        !flags.ParseFromArray(sealed.data(), static_cast<int>(sealed.size()))) {
      return absl::DataLossError("plain flags that do not parse");
    }
    return std::optional<v1::CaseFlags>(flags);
  }

  std::set<std::string> erased_;
};

}  // namespace torg::flowledger

#endif  // TORG_TESTS_FLOWLEDGER_PLAIN_FLAG_OPENER_H_
