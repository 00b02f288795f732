#ifndef TORG_SERVICES_HANDOVER_AGING_OUT_H_
#define TORG_SERVICES_HANDOVER_AGING_OUT_H_

// Participants who outgrow their platform: on Ungdomstorget (16–29) those
// turning 30, who need a handover to Vuxentorget or elsewhere in time, so
// that no one falls into a gap on their birthday.

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/casework/case_work.h"
#include "torg/v1/handover_service.pb.h"

namespace torg::handover {

// The open cases on `platform_id` (or, when empty, on every YOUTH platform)
// whose participant passes the platform's upper age within `within_days`
// after `as_of`, or already has; soonest first. The day someone "ages out"
// is the birthday on which they turn max_years + 1. Birth dates are sealed,
// so only candidates by birth year are opened. INVALID_ARGUMENT for an
// unknown platform.
absl::StatusOr<std::vector<v1::AgingOutItem>> ListAgingOut(const casework::CaseWork& work,
                                                           const std::string& platform_id,
                                                           absl::CivilDay as_of, int within_days);

}  // namespace torg::handover

#endif  // TORG_SERVICES_HANDOVER_AGING_OUT_H_
