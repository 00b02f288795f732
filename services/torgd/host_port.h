#ifndef TORG_SERVICES_TORGD_HOST_PORT_H_
#define TORG_SERVICES_TORGD_HOST_PORT_H_

// The HOST:PORT form of a listen address, as gRPC takes it.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace torg::torgd {

struct HostPort {
  // A name or an address; an IPv6 address keeps its brackets, e.g. "[::1]".
  std::string host;
  // 0 to 65535; 0 asks the system for a free port.
  int port = 0;
};

// Splits "127.0.0.1:7070", "localhost:7070", "[::1]:0" or "0.0.0.0:7070".
// INVALID_ARGUMENT, naming the text and the expected form, for anything else,
// such as a missing port or an IPv6 address without brackets.
absl::StatusOr<HostPort> ParseHostPort(absl::string_view text);

// The inverse of ParseHostPort: "host:port".
std::string FormatHostPort(const HostPort& address);

}  // namespace torg::torgd

#endif  // TORG_SERVICES_TORGD_HOST_PORT_H_
