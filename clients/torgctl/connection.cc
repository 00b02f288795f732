#include "clients/torgctl/connection.h"

#include <chrono>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "google/protobuf/util/json_util.h"
#include "services/edge/grpc_status.h"

namespace torg::torgctl {

std::shared_ptr<grpc::Channel> OpenChannel(const GlobalOptions& options) {
  // Plain text until torgd serves TLS.
  return grpc::CreateChannel(options.server, grpc::InsecureChannelCredentials());
}

void SetDeadline(const GlobalOptions& options, grpc::ClientContext& context) {
  const auto timeout = std::chrono::duration_cast<std::chrono::system_clock::duration>(
      std::chrono::duration<double>(options.timeout_seconds));
  context.set_deadline(std::chrono::system_clock::now() + timeout);
}

void PrepareContext(const GlobalOptions& options, grpc::ClientContext& context) {
  SetDeadline(options, context);
  if (!options.user.empty()) context.AddMetadata("x-torg-user", options.user);
}

int ReportRpcFailure(const GlobalOptions& options, absl::string_view command,
                     const grpc::Status& status, CommandIo& io) {
  const absl::Status error = edge::FromGrpcStatus(status);
  io.err << "torgctl " << command << ": ";
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
      io.err << "cannot reach torgd at " << options.server << ": ";
      break;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      io.err << "torgd at " << options.server << " did not answer within "
             << options.timeout_seconds << " s: ";
      break;
    default:
      break;
  }
  io.err << error.ToString() << "\n";
  return kExitFailure;
}

int PrintJson(const google::protobuf::Message& message, CommandIo& io) {
  google::protobuf::util::JsonPrintOptions json_options;
  json_options.add_whitespace = true;
  json_options.preserve_proto_field_names = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(message, &json, json_options);
  if (!status.ok()) {
    io.err << "torgctl: cannot print the answer as JSON: " << status.ToString() << "\n";
    return kExitFailure;
  }
  io.out << json;
  return kExitOk;
}

}  // namespace torg::torgctl
