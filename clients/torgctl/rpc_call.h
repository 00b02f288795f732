#ifndef TORG_CLIENTS_TORGCTL_RPC_CALL_H_
#define TORG_CLIENTS_TORGCTL_RPC_CALL_H_

// One unary call of torgd's API as a torgctl command makes it: prepared the
// same way every time, its failure reported, its answer printed as JSON or
// as the command's table.
//
//   return Query(options, io, "case show", &CaseFileService::Stub::GetCase,
//                request, RenderCase);

#include <grpcpp/grpcpp.h>

#include <ostream>
#include <string>

#include "absl/strings/string_view.h"
#include "clients/torgctl/cli_parsing.h"
#include "clients/torgctl/command.h"
#include "clients/torgctl/connection.h"

namespace torg::torgctl {

// Calls `method` of a fresh Stub on options.server, prepared by
// PrepareContext.
template <typename Stub, typename Request, typename Response>
grpc::Status CallRpc(const GlobalOptions& options,
                     grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                     const Request& request, Response* response) {
  Stub stub(OpenChannel(options));
  grpc::ClientContext context;
  PrepareContext(options, context);
  return (stub.*method)(&context, request, response);
}

// Prints `response` as JSON, or as the text `render(response)` returns.
template <typename Response, typename Render>
int PrintResponse(const GlobalOptions& options, CommandIo& io, const Response& response,
                  const Render& render) {
  if (options.output == OutputFormat::kJson) return PrintJson(response, io);
  io.out << render(response);
  return kExitOk;
}

// A read: calls and prints. On failure reports it as `command`.
template <typename Stub, typename Request, typename Response, typename Render>
int Query(const GlobalOptions& options, CommandIo& io, absl::string_view command,
          grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
          const Request& request, const Render& render) {
  Response response;
  const grpc::Status status = CallRpc(options, method, request, &response);
  if (!status.ok()) return ReportRpcFailure(options, command, status, io);
  return PrintResponse(options, io, response, render);
}

// After a failed mutation whose outcome is unknown (no answer, or the answer
// was lost), tells the user to retry with the same request id.
void PrintRetryHint(const grpc::Status& status, const std::string& request_id, CommandIo& io);

// A change: as Query, after giving `request` a fresh request id if the user
// gave none. `render` can read the id from `request` to print it.
template <typename Stub, typename Request, typename Response, typename Render>
int Mutate(const GlobalOptions& options, CommandIo& io, absl::string_view command,
           grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
           Request& request, const Render& render) {
  if (request.request_id().empty()) request.set_request_id(NewRequestId());
  Response response;
  const grpc::Status status = CallRpc(options, method, request, &response);
  if (!status.ok()) {
    ReportRpcFailure(options, command, status, io);
    PrintRetryHint(status, request.request_id(), io);
    return kExitFailure;
  }
  return PrintResponse(options, io, response, render);
}

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_RPC_CALL_H_
