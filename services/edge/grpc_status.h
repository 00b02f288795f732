#ifndef TORG_SERVICES_EDGE_GRPC_STATUS_H_
#define TORG_SERVICES_EDGE_GRPC_STATUS_H_

// The one place where absl::Status becomes grpc::Status. Inside Torg every
// error is an absl::Status; gRPC adapters call ToGrpcStatus when answering.

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace torg::edge {

// Maps the canonical code one to one (both follow google.rpc.Code) and keeps
// the message, which is written for the person who made the request.
grpc::Status ToGrpcStatus(const absl::Status& status);

// The reverse, for clients that hand a server's answer to Torg code.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace torg::edge

#endif  // TORG_SERVICES_EDGE_GRPC_STATUS_H_
