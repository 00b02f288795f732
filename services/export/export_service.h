#ifndef TORG_SERVICES_EXPORT_EXPORT_SERVICE_H_
#define TORG_SERVICES_EXPORT_EXPORT_SERVICE_H_

// The gRPC adapter of torg.v1.ExportService: admits the call (exporter
// only, with a purpose where it reads personal data), cuts, regenerates or
// lists the exports in services/followup, records in the audit log whom it
// discloses, and streams an export in chunks.

#include <grpcpp/grpcpp.h>

#include "services/casework/participant_vault.h"
#include "services/edge/call_gate.h"
#include "services/followup/sus_submissions.h"
#include "services/sealing/lookup_hasher.h"
#include "storage/event_store.h"
#include "torg/v1/export_service.grpc.pb.h"
#include "torg/v1/forbund_config.pb.h"

namespace torg::exporting {

// How many CSV bytes one streamed message carries.
inline constexpr size_t kSusCsvChunkBytes = 64 * 1024;

class ExportService final : public v1::ExportService::CallbackService {
 public:
  // Every reference must outlive the service; `store` with the SUS ledger
  // (followup::SusLedgerProjection) registered.
  ExportService(storage::EventStore& store, const casework::ParticipantVault& vault,
                const v1::ForbundConfig& config, const sealing::LookupHasher& hasher,
                const edge::CallGate& gate);

  grpc::ServerWriteReactor<v1::ExportSusResponse>* ExportSus(
      grpc::CallbackServerContext* context, const v1::ExportSusRequest* request) override;
  grpc::ServerWriteReactor<v1::RegenerateSubmissionResponse>* RegenerateSubmission(
      grpc::CallbackServerContext* context,
      const v1::RegenerateSubmissionRequest* request) override;
  grpc::ServerUnaryReactor* DiffSubmissions(grpc::CallbackServerContext* context,
                                            const v1::DiffSubmissionsRequest* request,
                                            v1::DiffSubmissionsResponse* response) override;
  grpc::ServerUnaryReactor* ListSubmissions(grpc::CallbackServerContext* context,
                                            const v1::ListSubmissionsRequest* request,
                                            v1::ListSubmissionsResponse* response) override;

 private:
  const followup::SusSubmissions submissions_;
  const edge::CallGate& gate_;
};

}  // namespace torg::exporting

#endif  // TORG_SERVICES_EXPORT_EXPORT_SERVICE_H_
