#ifndef TORG_TESTS_SERVICES_REFLECTION_CLIENT_H_
#define TORG_TESTS_SERVICES_REFLECTION_CLIENT_H_

// Just enough of a gRPC server reflection client (v1alpha, as gRPC 1.51
// serves it) to check what a tool like grpcurl would see. Debian ships no
// generated code for the reflection protocol, so requests are encoded by hand
// and answers are returned as raw bytes, which is all a test needs to look
// for a service or file name.

#include <string>

#include "absl/status/statusor.h"

namespace torg::testing {

// The raw ListServiceResponse bytes of the server at `address` (HOST:PORT);
// they contain every service's full name. Errors if the call fails.
absl::StatusOr<std::string> ListServicesByReflection(const std::string& address);

// The raw response to file_containing_symbol for `symbol`: the serialized
// FileDescriptorProtos, which contain the proto file names (e.g.
// "grpc/health/v1/health.proto"); or an error_response when the server
// cannot describe the symbol. Errors if the call fails.
absl::StatusOr<std::string> FileContainingSymbolByReflection(const std::string& address,
                                                             const std::string& symbol);

}  // namespace torg::testing

#endif  // TORG_TESTS_SERVICES_REFLECTION_CLIENT_H_
