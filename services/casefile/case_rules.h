#ifndef TORG_SERVICES_CASEFILE_CASE_RULES_H_
#define TORG_SERVICES_CASEFILE_CASE_RULES_H_

// The case state machine's table: in which statuses each kind of step may
// be taken. It is total: every kind of step has an answer in every status,
// and this table is the only place that answer is written.

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/casefile/case_state.h"
#include "torg/v1/case_events.pb.h"

namespace torg::casefile {

using StepKind = v1::CaseEvent::KindCase;

// Every kind of step, in the order of the CaseEvent oneof.
const std::vector<StepKind>& AllStepKinds();

// Every status.
const std::vector<CaseStatus>& AllStatuses();

// What the step is, for messages, e.g. "close the case".
absl::string_view StepName(StepKind kind);

// Whether the table allows `kind` in `status`.
bool IsAllowed(CaseStatus status, StepKind kind);

// OK if allowed; otherwise FAILED_PRECONDITION naming the current status and
// the steps that are allowed in it.
absl::Status CheckAllowed(CaseStatus status, StepKind kind);

}  // namespace torg::casefile

#endif  // TORG_SERVICES_CASEFILE_CASE_RULES_H_
