#ifndef TORG_SERVICES_AUDIT_AUDIT_TRAIL_H_
#define TORG_SERVICES_AUDIT_AUDIT_TRAIL_H_

// Records every read of personal data and every export in the store's
// hash-chained audit log, and answers the auditors' queries and
// verifications. No gRPC: the call gate records, the AuditService adapts.

#include <functional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/event_store.h"
#include "torg/v1/audit_service.pb.h"

namespace torg::audit {

class AuditTrail {
 public:
  // `store` must outlive this. `now` gives the time queries default to.
  AuditTrail(storage::EventStore& store, std::function<absl::Time()> now);

  // Appends `record` durably, with recorded_at set to the store's commit
  // time. A read must not go ahead unrecorded: the caller fails the call
  // when this fails. A record naming more participants and cases than one
  // link holds (an export of a large platform's year) is split by
  // SplitForLinks into links appended together, atomically. Errors: the
  // store's (UNAVAILABLE, DATA_LOSS for a broken chain, INVALID_ARGUMENT
  // for a part still over 1 MiB: a header or a single id that large).
  absl::Status Record(v1::AuditRecord record) const;

  // `record` as the links Record appends: itself when it serializes to at
  // most kMaxLinkRecordBytes; otherwise parts that each repeat everything
  // but the ids, take as many participant ids, then case ids, as fit (at
  // least one each), and say in `detail` "(part i of n)" after the
  // record's own detail. Every id is in exactly one part, in the record's
  // order.
  static std::vector<v1::AuditRecord> SplitForLinks(v1::AuditRecord record);
  // Below the store's limit per link (storage::kMaxAuditPayloadBytes), with
  // room for the header fields.
  static constexpr size_t kMaxLinkRecordBytes = 512 * 1024;

  // The entries matching every filter of `request`, oldest first, a page at
  // a time. INVALID_ARGUMENT for a bad page size or token. Scans at most
  // kMaxScannedPerPage entries per call; a page may then hold fewer than
  // page_size entries and still have a next_page_token.
  absl::StatusOr<v1::QueryAuditLogResponse> Query(const v1::QueryAuditLogRequest& request) const;

  // Walks the whole log with storage::AuditChainVerifier. INVALID_ARGUMENT
  // for an anchor hash that is not 64 hex digits; the store's read errors.
  // A broken chain is not an error: the response says where it breaks.
  absl::StatusOr<v1::VerifyAuditLogResponse> Verify(const v1::VerifyAuditLogRequest& request) const;

  static constexpr size_t kMaxScannedPerPage = 100'000;

 private:
  storage::EventStore& store_;
  std::function<absl::Time()> now_;
};

}  // namespace torg::audit

#endif  // TORG_SERVICES_AUDIT_AUDIT_TRAIL_H_
