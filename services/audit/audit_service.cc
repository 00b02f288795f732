#include "services/audit/audit_service.h"

#include "absl/strings/str_cat.h"
#include "services/edge/gated_call.h"

namespace torg::audit {
namespace {

// The filter of a query, for the audit record of the query itself.
std::string FilterOf(const v1::QueryAuditLogRequest& request) {
  return absl::StrCat("audit query: user=", request.user_id(),
                      " participant=", request.participant_id(), " case=", request.case_id());
}

}  // namespace

AuditService::AuditService(const AuditTrail& trail, const edge::CallGate& gate)
    : trail_(trail), gate_(gate) {}

grpc::ServerUnaryReactor* AuditService::QueryAuditLog(grpc::CallbackServerContext* context,
                                                      const v1::QueryAuditLogRequest* request,
                                                      v1::QueryAuditLogResponse* response) {
  return edge::ServeRead(
      context, gate_, "/torg.v1.AuditService/QueryAuditLog", *request, response,
      [=](const edge::AdmittedCall&) { return trail_.Query(*request); },
      [=](const edge::AdmittedCall&, const v1::QueryAuditLogResponse&) {
        edge::Disclosed disclosed;
        if (!request->participant_id().empty()) {
          disclosed.participant_ids.push_back(request->participant_id());
        }
        if (!request->case_id().empty()) disclosed.case_ids.push_back(request->case_id());
        disclosed.detail = FilterOf(*request);
        return disclosed;
      });
}

grpc::ServerUnaryReactor* AuditService::VerifyAuditLog(grpc::CallbackServerContext* context,
                                                       const v1::VerifyAuditLogRequest* request,
                                                       v1::VerifyAuditLogResponse* response) {
  return edge::Serve(context, gate_, "/torg.v1.AuditService/VerifyAuditLog", *request, response,
                     [=](const edge::AdmittedCall&) { return trail_.Verify(*request); });
}

}  // namespace torg::audit
