#ifndef TORG_SERVICES_CASEWORK_LIST_REQUEST_H_
#define TORG_SERVICES_CASEWORK_LIST_REQUEST_H_

// What the list RPCs share: the day a list is counted to.

#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/casefile/case_state.h"
#include "services/casework/case_work.h"

namespace torg::casework {

// The list's as_of day: the request's, or today in Sweden when unset.
// INVALID_ARGUMENT if it is not a calendar date.
inline absl::StatusOr<absl::CivilDay> AsOfDay(const CaseWork& work, bool given,
                                              const v1::Date& date) {
  if (!given) return work.Today();
  const std::optional<absl::CivilDay> day = casefile::ToCivilDay(date);
  if (!day.has_value()) return absl::InvalidArgumentError("as_of is not a calendar date");
  return *day;
}

}  // namespace torg::casework

#endif  // TORG_SERVICES_CASEWORK_LIST_REQUEST_H_
