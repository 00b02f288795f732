#ifndef TORG_SERVICES_CASE_READING_CASE_FILE_SERVICE_H_
#define TORG_SERVICES_CASE_READING_CASE_FILE_SERVICE_H_

// The gRPC adapter of torg.v1.CaseFileService: reading a participant, a case
// with its timeline, and lists of cases. Reads only: the participant's and
// the case's own stream for their details (opened with the participant's
// key), the case index for everything listed.

#include <grpcpp/grpcpp.h>

#include "services/casework/case_work.h"
#include "services/edge/call_gate.h"
#include "torg/v1/case_file_service.grpc.pb.h"

namespace torg::case_reading {

class CaseFileService final : public v1::CaseFileService::CallbackService {
 public:
  // `work` and `gate` must outlive the service.
  CaseFileService(const casework::CaseWork& work, const edge::CallGate& gate);

  grpc::ServerUnaryReactor* GetParticipant(grpc::CallbackServerContext* context,
                                           const v1::GetParticipantRequest* request,
                                           v1::GetParticipantResponse* response) override;
  grpc::ServerUnaryReactor* GetCase(grpc::CallbackServerContext* context,
                                    const v1::GetCaseRequest* request,
                                    v1::GetCaseResponse* response) override;
  grpc::ServerUnaryReactor* ListCases(grpc::CallbackServerContext* context,
                                      const v1::ListCasesRequest* request,
                                      v1::ListCasesResponse* response) override;

 private:
  const edge::CallGate& gate_;
  absl::StatusOr<v1::GetParticipantResponse> Participant(
      const v1::GetParticipantRequest& request) const;
  absl::StatusOr<v1::GetCaseResponse> Case(const v1::GetCaseRequest& request) const;
  absl::StatusOr<v1::ListCasesResponse> Cases(const v1::ListCasesRequest& request) const;

  const casework::CaseWork& work_;
};

}  // namespace torg::case_reading

#endif  // TORG_SERVICES_CASE_READING_CASE_FILE_SERVICE_H_
