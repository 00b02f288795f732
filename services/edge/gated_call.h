#ifndef TORG_SERVICES_EDGE_GATED_CALL_H_
#define TORG_SERVICES_EDGE_GATED_CALL_H_

// The shape of every unary handler of Torg: the gate admits the call, the
// body does the work for the admitted principal, a personal-data read is
// recorded before its answer leaves, and the result is mapped to gRPC.

#include <grpcpp/grpcpp.h>

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "services/edge/call_gate.h"
#include "services/edge/grpc_status.h"
#include "services/edge/unary_call.h"

namespace torg::edge {

// Runs `body(const AdmittedCall&) -> absl::StatusOr<Response>` if the gate
// admits the call to `method`, then `disclose(const AdmittedCall&, const
// Response&) -> Disclosed` names what the answer shows for the audit log
// (only for methods that read personal data). All of it runs on the gate's
// handler pool (handler_pool.h), which answers the call when done; a call
// the pool has no room for is refused with RESOURCE_EXHAUSTED at once, and
// one cancelled while it waited (its deadline passed) is not run.
template <class Request, class Response, class Body, class Disclose>
grpc::ServerUnaryReactor* ServeRead(grpc::CallbackServerContext* context, const CallGate& gate,
                                    absl::string_view method, const Request& request,
                                    Response* response, Body&& body, Disclose&& disclose) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto handle = [context, reactor, &gate, method = std::string(method), &request, response,
                 body = std::forward<Body>(body),
                 disclose = std::forward<Disclose>(disclose)]() mutable {
    // The client gave up (its deadline passed while the call queued) or the
    // server is shutting down: nothing may be done that no one awaits.
    if (context->IsCancelled()) {
      reactor->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the call was cancelled"));
      return;
    }
    absl::StatusOr<AdmittedCall> call = gate.Admit(*context, method, request);
    if (!call.ok()) return Complete<Response>(reactor, call.status(), response);
    absl::StatusOr<Response> result = body(*call);
    if (result.ok()) {
      const absl::Status recorded = gate.RecordRead(*call, disclose(*call, *result));
      if (!recorded.ok()) return Complete<Response>(reactor, recorded, response);
    }
    Complete(reactor, std::move(result), response);
  };
  const absl::Status dispatched = gate.Dispatch(std::move(handle));
  if (!dispatched.ok()) reactor->Finish(ToGrpcStatus(dispatched));
  return reactor;
}

// ServeRead for a call that discloses nothing beyond the record its request
// names (every command, and single-record reads).
template <class Request, class Response, class Body>
grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context, const CallGate& gate,
                                absl::string_view method, const Request& request,
                                Response* response, Body&& body) {
  return ServeRead(context, gate, method, request, response, std::forward<Body>(body),
                   [](const AdmittedCall&, const Response&) { return Disclosed{}; });
}

// Keeps the items whose case (their `case_id`) the caller sees, so that a
// list never shows more than reading each case would; a consent withdrawn a
// moment ago already hides an item.
template <class Item>
absl::Status KeepVisible(const CallGate& gate, const AdmittedCall& call,
                         google::protobuf::RepeatedPtrField<Item>& items) {
  google::protobuf::RepeatedPtrField<Item> kept;
  for (Item& item : items) {
    absl::StatusOr<bool> sees = gate.SeesCase(call, item.case_id());
    if (!sees.ok()) return sees.status();
    if (*sees) *kept.Add() = std::move(item);
  }
  items.Swap(&kept);
  return absl::OkStatus();
}

// What a list of items with `case_id` and `participant_id` disclosed.
template <class Item>
Disclosed DisclosedItems(const google::protobuf::RepeatedPtrField<Item>& items) {
  Disclosed disclosed;
  for (const Item& item : items) {
    disclosed.case_ids.push_back(item.case_id());
    disclosed.participant_ids.push_back(item.participant_id());
  }
  return disclosed;
}

}  // namespace torg::edge

#endif  // TORG_SERVICES_EDGE_GATED_CALL_H_
