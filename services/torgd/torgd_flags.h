#ifndef TORG_SERVICES_TORGD_TORGD_FLAGS_H_
#define TORG_SERVICES_TORGD_TORGD_FLAGS_H_

// torgd's command line.

#include <optional>
#include <string>

namespace torg::torgd {

// Exit codes of torgd, for scripts and service managers.
inline constexpr int kExitOk = 0;
// Could not start or failed while running: the log says why.
inline constexpr int kExitFailure = 1;
// A usage error or an invalid configuration: the operator must fix something.
inline constexpr int kExitUsage = 2;

struct TorgdFlags {
  std::string data_directory = "./torg-data";
  std::string keys_directory = "./torg-keys";
  std::string listen_address = "127.0.0.1:7070";
  // Empty: the built-in Umeåregionen example.
  std::string config_path;
  // Who may call (see AccessOptions in server_access.h).
  bool insecure_dev = false;
  std::string access_config_path;
  std::string tls_certificate_file;
  std::string tls_private_key_file;
  std::string client_ca_file;
  bool require_client_certificate = false;
};

struct ParsedCommandLine {
  TorgdFlags flags;
  // Set when torgd must end at once with this code: 0 after --help or
  // --version, kExitUsage after a usage error. The text is already printed.
  std::optional<int> exit_code;
};

// Parses argv. Never throws; prints help, version or the usage error itself.
ParsedCommandLine ParseTorgdFlags(int argc, char** argv);

}  // namespace torg::torgd

#endif  // TORG_SERVICES_TORGD_TORGD_FLAGS_H_
