#include "services/torgd/host_port.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace torg::torgd {
namespace {

constexpr int kMaxPort = 65535;

absl::Status Malformed(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("\"", text, "\" is not HOST:PORT (", why,
                   "), e.g. 127.0.0.1:7070, [::1]:7070 or 0.0.0.0:7070"));
}

bool AllDigits(absl::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isdigit(c)) return false;
  }
  return !text.empty();
}

}  // namespace

absl::StatusOr<HostPort> ParseHostPort(absl::string_view text) {
  const size_t colon = text.rfind(':');
  if (colon == absl::string_view::npos) return Malformed(text, "no ':' before the port");
  const absl::string_view host = text.substr(0, colon);
  const absl::string_view port_text = text.substr(colon + 1);
  if (host.empty()) return Malformed(text, "no host");
  const bool bracketed = absl::StartsWith(host, "[") && absl::EndsWith(host, "]");
  if (!bracketed && absl::StrContains(host, ':')) {
    return Malformed(text, "an IPv6 address needs brackets");
  }
  int port = 0;
  if (!AllDigits(port_text) || port_text.size() > 5 || !absl::SimpleAtoi(port_text, &port) ||
      port > kMaxPort) {
    return Malformed(text, "the port must be a number from 0 to 65535");
  }
  return HostPort{std::string(host), port};
}

std::string FormatHostPort(const HostPort& address) {
  return absl::StrCat(address.host, ":", address.port);
}

}  // namespace torg::torgd
