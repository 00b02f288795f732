#ifndef TORG_CLIENTS_TORGCTL_GLOBAL_OPTIONS_H_
#define TORG_CLIENTS_TORGCTL_GLOBAL_OPTIONS_H_

// The options every torgctl command takes: where torgd is, how to print,
// and how to sign in to it (token, TLS, purpose). Parsing happens in two
// steps: CLI11 fills GlobalFlags and the plain fields of GlobalOptions, then
// FinishGlobalOptions reads the files and the environment they point at.

#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "clients/torgctl/command.h"
#include "clients/torgctl/credentials.h"

namespace torg::torgctl {

// The global options as given, before FinishGlobalOptions.
struct GlobalFlags {
  TokenFlags token;
  TlsFlags tls;
  // --purpose / TORG_PURPOSE, as the user wrote it.
  std::string purpose = kDefaultPurpose;
};

// Adds the global options to `app`: --server, --output, --timeout, --user,
// --token-file, --keys-dir, --no-token, --purpose and the --tls options.
// Both references must outlive `app`'s parse. Reads $USER for --user's
// default.
void AddGlobalOptions(CLI::App& app, GlobalOptions& options, GlobalFlags& flags);

// Completes `options` from `flags` after parsing: the token (ResolveToken,
// with TORG_TOKEN from the environment), the TLS settings (LoadTls) and the
// purpose (EncodePurpose). INVALID_ARGUMENT, to be reported as a usage
// error, when any of them fails or the user name from $USER is not
// printable ASCII.
absl::Status FinishGlobalOptions(const GlobalFlags& flags, GlobalOptions& options);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_GLOBAL_OPTIONS_H_
