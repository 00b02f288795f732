#ifndef TORG_SERVICES_BULKIMPORT_IMPORT_SERVICE_H_
#define TORG_SERVICES_BULKIMPORT_IMPORT_SERVICE_H_

// The gRPC adapter of torg.v1.ImportService: the gate admits the caller (an
// administrator), RowImporter decides and writes each row, and the audit log
// records which participants and cases the call touched. No rules here.

#include <grpcpp/grpcpp.h>

#include "services/bulkimport/row_import.h"
#include "services/casework/case_work.h"
#include "services/edge/call_gate.h"
#include "torg/v1/import_service.grpc.pb.h"

namespace torg::bulkimport {

class ImportService final : public v1::ImportService::CallbackService {
 public:
  // `work` and `gate` must outlive the service.
  ImportService(const casework::CaseWork& work, const edge::CallGate& gate);

  grpc::ServerUnaryReactor* ImportCases(grpc::CallbackServerContext* context,
                                        const v1::ImportCasesRequest* request,
                                        v1::ImportCasesResponse* response) override;

 private:
  const edge::CallGate& gate_;
  RowImporter importer_;
};

}  // namespace torg::bulkimport

#endif  // TORG_SERVICES_BULKIMPORT_IMPORT_SERVICE_H_
