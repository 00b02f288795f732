#ifndef TORG_SERVICES_COORDINATION_COORDINATION_SERVICE_H_
#define TORG_SERVICES_COORDINATION_COORDINATION_SERVICE_H_

// The gRPC adapter of torg.v1.CoordinationService: the case owner, meetings, commitments and notes
// of an open case. Each RPC turns its request into a step on the case and lets casework and the
// domain decide; no rules here.

#include <grpcpp/grpcpp.h>

#include "services/casework/case_work.h"
#include "services/edge/call_gate.h"
#include "torg/v1/coordination_service.grpc.pb.h"

namespace torg::coordination {

class CoordinationService final : public v1::CoordinationService::CallbackService {
 public:
  // `work` and `gate` must outlive the service.
  CoordinationService(const casework::CaseWork& work, const edge::CallGate& gate);

  grpc::ServerUnaryReactor* AssignCaseOwner(grpc::CallbackServerContext* context,
                                            const v1::AssignCaseOwnerRequest* request,
                                            v1::AssignCaseOwnerResponse* response) override;
  grpc::ServerUnaryReactor* RecordMeeting(grpc::CallbackServerContext* context,
                                          const v1::RecordMeetingRequest* request,
                                          v1::RecordMeetingResponse* response) override;
  grpc::ServerUnaryReactor* AddCommitment(grpc::CallbackServerContext* context,
                                          const v1::AddCommitmentRequest* request,
                                          v1::AddCommitmentResponse* response) override;
  grpc::ServerUnaryReactor* CompleteCommitment(grpc::CallbackServerContext* context,
                                               const v1::CompleteCommitmentRequest* request,
                                               v1::CompleteCommitmentResponse* response) override;
  grpc::ServerUnaryReactor* CancelCommitment(grpc::CallbackServerContext* context,
                                             const v1::CancelCommitmentRequest* request,
                                             v1::CancelCommitmentResponse* response) override;
  grpc::ServerUnaryReactor* AddNote(grpc::CallbackServerContext* context,
                                    const v1::AddNoteRequest* request,
                                    v1::AddNoteResponse* response) override;
  grpc::ServerUnaryReactor* SetCaseFlags(grpc::CallbackServerContext* context,
                                         const v1::SetCaseFlagsRequest* request,
                                         v1::SetCaseFlagsResponse* response) override;

 private:
  const edge::CallGate& gate_;
  const casework::CaseWork& work_;
};

}  // namespace torg::coordination

#endif  // TORG_SERVICES_COORDINATION_COORDINATION_SERVICE_H_
