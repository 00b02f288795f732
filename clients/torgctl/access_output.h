#ifndef TORG_CLIENTS_TORGCTL_ACCESS_OUTPUT_H_
#define TORG_CLIENTS_TORGCTL_ACCESS_OUTPUT_H_

// How torgctl's tables show who a caller is and what the audit log holds.

#include <string>

#include "absl/time/time.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "google/protobuf/timestamp.pb.h"
#include "torg/v1/access_service.pb.h"
#include "torg/v1/audit_service.pb.h"

namespace torg::torgctl {

// `timestamp` as "YYYY-MM-DD HH:MM:SS" in `zone`; "" when unset (0).
std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp, absl::TimeZone zone);

// `time` as a protobuf Timestamp.
google::protobuf::Timestamp ToTimestamp(absl::Time time);

// The principal as a two-column table: user, förbund, party, roles,
// platforms and how they signed in.
std::string RenderPrincipal(const torg::v1::PrincipalView& principal);

// One row per entry — sequence, time (in `zone`), user, roles, method
// (without the "/torg.v1." package), outcome, purpose, participants, cases —
// then the next page token if there is one ("No audit entries." when empty).
std::string RenderAuditEntries(
    const google::protobuf::RepeatedPtrField<torg::v1::AuditEntry>& entries,
    const std::string& next_page_token, absl::TimeZone zone);

// The head of the chain as an anchor for `audit verify --anchor`: "SEQ:HEX".
std::string AnchorText(const torg::v1::VerifyAuditLogResponse& result);

// "intact: N entries checked, head SEQ:HEX", or "BROKEN at entry N:
// <problem>" followed by how many entries were checked and the head.
std::string RenderVerification(const torg::v1::VerifyAuditLogResponse& result);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_ACCESS_OUTPUT_H_
