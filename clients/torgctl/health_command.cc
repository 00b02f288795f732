#include "clients/torgctl/health_command.h"

#include <ostream>

#include "clients/torgctl/connection.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace torg::torgctl {
namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

int RunHealth(const GlobalOptions& options, CommandIo& io) {
  auto stub = grpc::health::v1::Health::NewStub(OpenChannel(options));
  grpc::ClientContext context;
  PrepareContext(options, context);
  HealthCheckRequest request;  // service "": the server as a whole
  HealthCheckResponse response;
  const grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) return ReportRpcFailure(options, "health", status, io);

  if (options.output == OutputFormat::kJson) {
    if (const int code = PrintJson(response, io); code != kExitOk) return code;
  } else {
    io.out << HealthCheckResponse::ServingStatus_Name(response.status()) << "\n";
  }
  return response.status() == HealthCheckResponse::SERVING ? kExitOk : kExitFailure;
}

}  // namespace

void AddHealthCommand(CLI::App& app, Invocation& invocation) {
  CLI::App* health = app.add_subcommand(
      "health", "Ask whether torgd is serving; exits 0 only when it answers SERVING");
  health->callback([&invocation] { invocation.run = RunHealth; });
}

}  // namespace torg::torgctl
