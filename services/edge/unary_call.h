#ifndef TORG_SERVICES_EDGE_UNARY_CALL_H_
#define TORG_SERVICES_EDGE_UNARY_CALL_H_

// What every unary callback handler of Torg does at the edge: learn who is
// calling, and answer with a response or a mapped error.

#include <grpcpp/grpcpp.h>

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "services/edge/grpc_status.h"

namespace torg::edge {

// The metadata key a client names its user with.
inline constexpr char kUserMetadataKey[] = "x-torg-user";

// The user a step is recorded by: the `x-torg-user` metadata the client sent
// (at most 200 bytes kept), or "unidentified" when it sent none. Until
// authentication is in place (the security issue) this is the client's word.
std::string CallingUser(const grpc::CallbackServerContext& context);

// Finishes the call of `reactor`: OK with `*result` moved into `*response`,
// or the error mapped by ToGrpcStatus. The call's context, request and
// response must not be touched after this.
template <class Response>
void Complete(grpc::ServerUnaryReactor* reactor, absl::StatusOr<Response> result,
              Response* response) {
  if (result.ok()) {
    *response = *std::move(result);
    reactor->Finish(grpc::Status::OK);
  } else {
    reactor->Finish(ToGrpcStatus(result.status()));
  }
}

}  // namespace torg::edge

#endif  // TORG_SERVICES_EDGE_UNARY_CALL_H_
