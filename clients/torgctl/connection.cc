#include "clients/torgctl/connection.h"

#include <chrono>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "google/protobuf/util/json_util.h"
#include "services/edge/grpc_status.h"

namespace torg::torgctl {

std::shared_ptr<grpc::Channel> OpenChannel(const GlobalOptions& options) {
  if (!options.tls.enabled) {
    return grpc::CreateChannel(options.server, grpc::InsecureChannelCredentials());
  }
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = options.tls.root_certs_pem;  // empty: gRPC's default roots
  ssl.pem_cert_chain = options.tls.cert_chain_pem;
  ssl.pem_private_key = options.tls.private_key_pem;
  grpc::ChannelArguments arguments;
  if (!options.tls.server_name.empty()) {
    arguments.SetSslTargetNameOverride(options.tls.server_name);
  }
  return grpc::CreateCustomChannel(options.server, grpc::SslCredentials(ssl), arguments);
}

void SetDeadline(const GlobalOptions& options, grpc::ClientContext& context) {
  const auto timeout = std::chrono::duration_cast<std::chrono::system_clock::duration>(
      std::chrono::duration<double>(options.timeout_seconds));
  context.set_deadline(std::chrono::system_clock::now() + timeout);
}

void PrepareContext(const GlobalOptions& options, grpc::ClientContext& context) {
  SetDeadline(options, context);
  if (!options.user.empty()) context.AddMetadata("x-torg-user", options.user);
  // As plain metadata rather than grpc::AccessTokenCredentials, which gRPC
  // sends over TLS only: a local torgd on loopback serves plain text.
  if (!options.token.empty()) context.AddMetadata("authorization", "Bearer " + options.token);
  if (!options.purpose.empty()) context.AddMetadata("x-torg-purpose", options.purpose);
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
  if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
    // Where the refused token came from, never the token: it is a secret.
    if (options.token_origin.empty()) {
      io.err << "torgctl sent no token: give --token-file FILE or TORG_TOKEN, or --keys-dir DIR "
                "of a local torgd to use its admin token.\n";
    } else {
      io.err << "torgctl sent the token from " << options.token_origin << ".\n";
    }
  }
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
