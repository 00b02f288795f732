#ifndef TORG_CLIENTS_TORGCTL_CONNECTION_H_
#define TORG_CLIENTS_TORGCTL_CONNECTION_H_

// Talking to torgd and reporting the outcome, the same way for every command.

#include <grpcpp/grpcpp.h>

#include <memory>

#include "absl/strings/string_view.h"
#include "clients/torgctl/command.h"
#include "google/protobuf/message.h"

namespace torg::torgctl {

// A channel to options.server, with TLS as options.tls says. Connecting
// happens on the first call, so this never fails; an unreachable server, or
// a TLS handshake that fails, shows up as the call's UNAVAILABLE.
std::shared_ptr<grpc::Channel> OpenChannel(const GlobalOptions& options);

// Sets the call's deadline to options.timeout_seconds from now.
void SetDeadline(const GlobalOptions& options, grpc::ClientContext& context);

// Prepares a call as every torgctl call is: the deadline (SetDeadline) and
// the metadata: the acting user (x-torg-user), the token (authorization:
// Bearer) and the purpose (x-torg-purpose), each when set.
void PrepareContext(const GlobalOptions& options, grpc::ClientContext& context);

// Writes why `command` failed to io.err, with the gRPC code and message and,
// when the server could not be reached or did not answer in time, its
// address, and on UNAUTHENTICATED where the token came from (never the
// token). Returns kExitFailure.
int ReportRpcFailure(const GlobalOptions& options, absl::string_view command,
                     const grpc::Status& status, CommandIo& io);

// Writes `message` to io.out as pretty-printed protobuf JSON with the proto
// field names. Returns kExitOk, or kExitFailure after writing why to io.err.
int PrintJson(const google::protobuf::Message& message, CommandIo& io);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_CONNECTION_H_
