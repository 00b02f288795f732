#ifndef TORG_SERVICES_EDGE_CALL_GATE_H_
#define TORG_SERVICES_EDGE_CALL_GATE_H_

// The one authorisation layer: every handler of Torg passes its call through
// the gate first. The gate authenticates the caller, holds them to their
// förbund, applies the method's row of the access table (roles, record) and
// records reads of personal data in the audit log. Handlers hold no access
// rules of their own.

#include <grpcpp/grpcpp.h>

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "services/access/access_table.h"
#include "services/access/record_access.h"
#include "services/audit/audit_trail.h"
#include "services/auth/principal.h"
#include "services/edge/authenticator.h"
#include "services/edge/handler_pool.h"

namespace torg::edge {

// The metadata a client states the purpose of a personal-data read in.
inline constexpr char kPurposeMetadataKey[] = "x-torg-purpose";
inline constexpr size_t kMaxPurposeBytes = 500;

// A call the gate let in.
struct AdmittedCall {
  auth::Principal principal;
  const access::MethodRule* rule = nullptr;
  // The record the request names, when the rule reads one.
  access::AccessedRecord record;
  // Why, for a personal-data read.
  std::string purpose;
};

// What a call disclosed, for its audit record.
struct Disclosed {
  std::vector<std::string> participant_ids;
  std::vector<std::string> case_ids;
  std::string detail;
};

class CallGate {
 public:
  // Every reference must outlive the gate. `forbund_id` is the tenant this
  // server serves.
  CallGate(const Authenticator& authenticator, std::string forbund_id,
           const access::RecordFactsSource& facts, const audit::AuditTrail& audit,
           std::function<absl::Time()> now);

  // Lets `request` to `method` (full name) in, or says why not:
  //   UNAUTHENTICATED    no valid credentials;
  //   PERMISSION_DENIED  another förbund's principal, a role the method's
  //                      row does not name, a record the principal may not
  //                      see (the same message whether it exists or not), or
  //                      a method without a row;
  //   INVALID_ARGUMENT   a personal-data read without a purpose, or an id
  //                      that cannot be one;
  //   the store's errors while loading the record's facts or recording a
  //   denied read (a denial that cannot be recorded is still a denial).
  absl::StatusOr<AdmittedCall> Admit(const grpc::CallbackServerContext& context,
                                     absl::string_view method,
                                     const google::protobuf::Message& request) const;

  // Whether the caller sees the case (kVisibleCase), for filtering a list;
  // false for a case that does not exist.
  absl::StatusOr<bool> SeesCase(const AdmittedCall& call, absl::string_view case_id) const;

  // Records what a personal-data read disclosed, before the answer leaves.
  // Does nothing for a method that reads none. The caller must not answer
  // with the data when this fails.
  absl::Status RecordRead(const AdmittedCall& call, const Disclosed& disclosed) const;

  // Runs a call's handler `job` on the handler pool once one is set, else
  // at once on the calling thread. RESOURCE_EXHAUSTED, and `job` not run,
  // when the pool refuses it (its queue is full, or it is stopping): the
  // caller answers the call with that.
  absl::Status Dispatch(std::function<void()> job) const;
  // The pool handlers run on (handler_pool.h says why); it must outlive
  // every call. Without one (tests that build a service alone) handlers run
  // on gRPC's thread. Set it before serving.
  void set_handler_pool(HandlerPool* pool) { pool_ = pool; }

 private:
  absl::StatusOr<AdmittedCall> Check(const grpc::CallbackServerContext& context,
                                     const access::MethodRule& rule,
                                     const google::protobuf::Message& request) const;
  absl::Status RecordDenial(const AdmittedCall& call, absl::string_view record_id,
                            const absl::Status& denial) const;

  const Authenticator& authenticator_;
  std::string forbund_id_;
  const access::RecordFactsSource& facts_;
  const audit::AuditTrail& audit_;
  HandlerPool* pool_ = nullptr;
  std::function<absl::Time()> now_;
};

}  // namespace torg::edge

#endif  // TORG_SERVICES_EDGE_CALL_GATE_H_
