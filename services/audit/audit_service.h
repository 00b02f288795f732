#ifndef TORG_SERVICES_AUDIT_AUDIT_SERVICE_H_
#define TORG_SERVICES_AUDIT_AUDIT_SERVICE_H_

// The gRPC adapter of torg.v1.AuditService: the auditors' queries and the
// verification of the hash chain.

#include <grpcpp/grpcpp.h>

#include "services/audit/audit_trail.h"
#include "services/edge/call_gate.h"
#include "torg/v1/audit_service.grpc.pb.h"

namespace torg::audit {

class AuditService final : public v1::AuditService::CallbackService {
 public:
  // `trail` and `gate` must outlive the service.
  AuditService(const AuditTrail& trail, const edge::CallGate& gate);

  grpc::ServerUnaryReactor* QueryAuditLog(grpc::CallbackServerContext* context,
                                          const v1::QueryAuditLogRequest* request,
                                          v1::QueryAuditLogResponse* response) override;
  grpc::ServerUnaryReactor* VerifyAuditLog(grpc::CallbackServerContext* context,
                                           const v1::VerifyAuditLogRequest* request,
                                           v1::VerifyAuditLogResponse* response) override;

 private:
  const AuditTrail& trail_;
  const edge::CallGate& gate_;
};

}  // namespace torg::audit

#endif  // TORG_SERVICES_AUDIT_AUDIT_SERVICE_H_
