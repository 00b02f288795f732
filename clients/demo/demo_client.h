#ifndef TORG_CLIENTS_DEMO_DEMO_CLIENT_H_
#define TORG_CLIENTS_DEMO_DEMO_CLIENT_H_

// What the demo's journeys share: the förbund read from the server, and the
// stubs with the calls' common handling (deadline, acting user, errors).

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "clients/demo/demo_loader.h"
#include "torg/v1/assessment_service.grpc.pb.h"
#include "torg/v1/closure_service.grpc.pb.h"
#include "torg/v1/config_service.grpc.pb.h"
#include "torg/v1/coordination_service.grpc.pb.h"
#include "torg/v1/handover_service.grpc.pb.h"
#include "torg/v1/intake_service.grpc.pb.h"

namespace torg::demo {

v1::Date ToDate(absl::CivilDay day);

// The förbund as the demo needs it: platforms by kind, parties by role.
struct Forbund {
  std::vector<v1::Platform> youth, adult, local, primary_care;
  std::string af, fk, region;
  // kommun code -> the kommun's party id
  std::vector<std::pair<std::string, std::string>> kommun_parties;

  // The party of the kommun with `code`, or "".
  std::string KommunParty(const std::string& code) const;
};

// FAILED_PRECONDITION unless the förbund has what the demo's stories need.
absl::StatusOr<Forbund> ReadForbund(const v1::ForbundConfig& config);

// The stubs, and the calls' common handling.
class Client {
 public:
  Client(const std::shared_ptr<grpc::Channel>& channel, const DemoOptions& options);

  // Calls `method`; a failure becomes an absl::Status prefixed with `what`.
  template <class Stub, class Request, class Response>
  absl::Status Call(Stub& stub,
                    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response& response, const std::string& what) {
    grpc::ClientContext context;
    Prepare(context);
    calls.fetch_add(1);
    return FromGrpc((stub.*method)(&context, request, &response), what);
  }

  std::unique_ptr<v1::IntakeService::Stub> intake;
  std::unique_ptr<v1::AssessmentService::Stub> assessment;
  std::unique_ptr<v1::CoordinationService::Stub> coordination;
  std::unique_ptr<v1::HandoverService::Stub> handover;
  std::unique_ptr<v1::ClosureService::Stub> closure;
  std::unique_ptr<v1::ConfigService::Stub> config;
  std::atomic<int> calls{0};

 private:
  void Prepare(grpc::ClientContext& context) const;
  static absl::Status FromGrpc(const grpc::Status& status, const std::string& what);

  const DemoOptions& options_;
};

}  // namespace torg::demo

#endif  // TORG_CLIENTS_DEMO_DEMO_CLIENT_H_
