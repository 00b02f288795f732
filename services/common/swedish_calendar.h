#ifndef TORG_SERVICES_COMMON_SWEDISH_CALENDAR_H_
#define TORG_SERVICES_COMMON_SWEDISH_CALENDAR_H_

// The förbund works on Swedish dates: "today" for the rule that no step may
// be dated in the future is today in Europe/Stockholm, not in UTC.

#include <functional>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace torg::common {

// The date in Sweden at `instant`. Uses the system's zoneinfo for
// Europe/Stockholm; where none is installed, Central European Time with the
// EU's summer-time rule written out (the same answer for every date since 1996).
absl::CivilDay SwedishDay(absl::Time instant);

// Where the services read the time; tests pin it.
using Clock = std::function<absl::Time()>;

// absl::Now.
Clock SystemClock();

}  // namespace torg::common

#endif  // TORG_SERVICES_COMMON_SWEDISH_CALENDAR_H_
