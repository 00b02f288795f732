#ifndef TORG_SERVICES_ACCESS_ACCESS_TABLE_H_
#define TORG_SERVICES_ACCESS_ACCESS_TABLE_H_

// The one statement of who may call what, on which records. Every RPC of
// Torg has exactly one row; the call gate (services/edge/call_gate.h) applies
// it before any handler runs, and a call to a method without a row is denied.

#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/auth/principal.h"

namespace torg::access {

// Which record of the request a call is about, and so what the principal
// must be allowed to see (record_access.h says when that is).
enum class RecordRule {
  // No personal record: configuration, registration, administration.
  kNone,
  // The request's `case_id`: a case the principal works (coordinator: on
  // their platform; party officer: their party involved and covered by the
  // participant's consent).
  kWorkedCase,
  // The request's `case_id`: a case the principal works, or one whose
  // pending handover they receive (its inbox shows it to them).
  kVisibleCase,
  // The request's `case_id`: the principal receives the case's pending
  // handover (only the receiver answers it).
  kHandoverReceiver,
  // The request's `participant_id`.
  kParticipant,
  // The request's `platform_id` must be one of the principal's platforms.
  kOwnPlatform,
  // A list: the handler keeps only the items whose case the principal may
  // see (kVisibleCase), so a list never shows more than single reads would.
  kListedCases,
};

struct MethodRule {
  MethodRule(absl::string_view name, std::vector<auth::Role> allowed, RecordRule rule,
             bool personal, absl::string_view field = "")
      : method(name),
        roles(std::move(allowed)),
        record(rule),
        reads_personal_data(personal),
        record_field(field) {}

  // The method's full name, the gRPC path, e.g. "/torg.v1.CaseFileService/GetCase".
  absl::string_view method;
  // The roles that may call it; any one suffices.
  std::vector<auth::Role> roles;
  RecordRule record = RecordRule::kNone;
  // Reads personal data: the call must state its purpose and is audited.
  bool reads_personal_data = false;
  // Where the request names the record, as a path of message fields, when
  // not at the rule's usual top-level field (case_id, participant_id,
  // platform_id), e.g. "referral.platform_id".
  absl::string_view record_field;
};

// Every row, in service order.
const std::vector<MethodRule>& AccessTable();

// The row of `method` (full name), or nullptr when the table has none.
const MethodRule* FindMethodRule(absl::string_view method);

}  // namespace torg::access

#endif  // TORG_SERVICES_ACCESS_ACCESS_TABLE_H_
