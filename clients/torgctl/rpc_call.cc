#include "clients/torgctl/rpc_call.h"

namespace torg::torgctl {

void PrintRetryHint(const grpc::Status& status, const std::string& request_id, CommandIo& io) {
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::CANCELLED:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::INTERNAL:
      io.err << "It may or may not have been recorded: retry with --request-id " << request_id
             << " to have it recorded exactly once.\n";
      break;
    default:
      break;
  }
}

}  // namespace torg::torgctl
