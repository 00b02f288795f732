#ifndef TORG_SERVICES_CASEWORK_CASE_COMMAND_H_
#define TORG_SERVICES_CASEWORK_CASE_COMMAND_H_

// Turning an API request for a step on a case into a CaseCommand, and the
// CaseChange back into the RPC's response. Every such request has the same
// first fields (request_id, case_id, expected_version, effective_date) and
// every such response a `change`, so one template serves them all.

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "services/casework/case_work.h"

namespace torg::casework {

// The command for `request`, with an empty step for the caller to fill.
template <class Request>
CaseCommand CommandFor(const CaseWork& work, const char* method, const Request& request,
                       const std::string& user) {
  CaseCommand command;
  command.envelope = CommandEnvelope{method, &request, request.request_id(), std::nullopt, user};
  if (request.has_expected_version()) {
    command.envelope.expected_version = request.expected_version();
  }
  command.case_id = request.case_id();
  command.effective_date =
      work.EffectiveDate(request.has_effective_date(), request.effective_date());
  return command;
}

// The response carrying `change`, or its error.
template <class Response>
absl::StatusOr<Response> ResponseWith(absl::StatusOr<v1::CaseChange> change) {
  if (!change.ok()) return change.status();
  Response response;
  *response.mutable_change() = *std::move(change);
  return response;
}

}  // namespace torg::casework

#endif  // TORG_SERVICES_CASEWORK_CASE_COMMAND_H_
