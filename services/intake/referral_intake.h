#ifndef TORG_SERVICES_INTAKE_REFERRAL_INTAKE_H_
#define TORG_SERVICES_INTAKE_REFERRAL_INTAKE_H_

// Referrals (aktualisering) and the beredningsgrupp's decisions: the
// application side of IntakeService's case RPCs.

#include <string>

#include "absl/status/statusor.h"
#include "services/casefile/case_decider.h"
#include "services/casework/case_work.h"
#include "torg/v1/intake_service.pb.h"

namespace torg::intake {

class ReferralIntake {
 public:
  // `work` must outlive this object.
  explicit ReferralIntake(const casework::CaseWork& work);

  // See IntakeService.SubmitReferral in intake_service.proto.
  absl::StatusOr<v1::SubmitReferralResponse> Submit(const v1::SubmitReferralRequest& request,
                                                    const std::string& user) const;

  // See IntakeService.DecideReferral.
  absl::StatusOr<v1::DecideReferralResponse> Decide(const v1::DecideReferralRequest& request,
                                                    const std::string& user) const;

 private:
  absl::StatusOr<v1::DecideReferralResponse> Direct(
      const v1::DecideReferralRequest& request, const casework::CommandEnvelope& envelope) const;
  // The facts of the participant the referral rules need, on `day`.
  absl::StatusOr<casefile::DecisionContext> ReferralContext(const std::string& participant_id,
                                                            absl::CivilDay day) const;
  // The answer to a direction of `case_id` that `result` recorded or
  // replayed: the source case and the case created on the target platform.
  absl::StatusOr<v1::DecideReferralResponse> DirectionOf(const std::string& case_id,
                                                         const storage::AppendResult& result) const;
  // The other case an append of a direction wrote, if any.
  absl::StatusOr<std::string> OtherCaseOfAppend(const storage::AppendResult& result,
                                                const std::string& case_id) const;

  const casework::CaseWork& work_;
};

}  // namespace torg::intake

#endif  // TORG_SERVICES_INTAKE_REFERRAL_INTAKE_H_
