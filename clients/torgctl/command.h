#ifndef TORG_CLIENTS_TORGCTL_COMMAND_H_
#define TORG_CLIENTS_TORGCTL_COMMAND_H_

// What every torgctl command shares: the global options and the way a
// command is chosen. Each command group lives in its own file with an
// Add...Commands(CLI::App&, Invocation&) that registers its subcommands; the
// one the user names sets Invocation::run, and main runs it.

#include <functional>
#include <iosfwd>
#include <string>

namespace torg::torgctl {

// Exit codes of torgctl.
inline constexpr int kExitOk = 0;
// The server could not be reached, refused the request, or is not serving.
inline constexpr int kExitFailure = 1;
// The command line itself is wrong, or a file it names cannot be read.
inline constexpr int kExitUsage = 2;
// `audit verify` found the audit log's chain broken: distinct from
// kExitFailure so that a monitoring script can tell an altered log from an
// unreachable server.
inline constexpr int kExitAuditBroken = 3;

enum class OutputFormat { kTable, kJson };

// How the channel to torgd is secured. The files named on the command line
// are read while it is parsed (see FinishGlobalOptions), so opening a
// channel never fails.
struct TlsSettings {
  // Plain text when false; the other fields are then empty.
  bool enabled = false;
  // The CAs to trust, PEM; the system's roots when empty.
  std::string root_certs_pem;
  // The client certificate chain and its private key, PEM, for mTLS; both
  // set or both empty.
  std::string cert_chain_pem;
  std::string private_key_pem;
  // The name the server's certificate must carry instead of the host of
  // --server; empty for that host.
  std::string server_name;
};

struct GlobalOptions {
  // HOST:PORT of torgd (any gRPC target works, e.g. dns:///host:7070).
  std::string server = "127.0.0.1:7070";
  OutputFormat output = OutputFormat::kTable;
  // Deadline of each call.
  double timeout_seconds = 5;
  // The user steps are recorded by, sent as x-torg-user metadata on every
  // call; none is sent when empty. Only a torgd run with --insecure-dev
  // heeds it: otherwise the credentials say who the caller is.
  std::string user;
  // The bearer token (a JWT), sent as "authorization: Bearer <token>" on
  // every call; none is sent when empty. Never printed.
  std::string token;
  // Where the token came from, for messages, e.g. "--token-file t.jwt",
  // "TORG_TOKEN", "the admin token torg-keys/admin.token"; "" for none.
  std::string token_origin;
  // Why the user reads, sent as x-torg-purpose on every call in its metadata
  // form (EncodePurpose in credentials.h); torgd records it in the audit log
  // of each read of personal data.
  std::string purpose;
  TlsSettings tls;
};

// Where a command writes: results to `out`, errors to `err`.
struct CommandIo {
  std::ostream& out;
  std::ostream& err;
};

// Runs a parsed command and returns torgctl's exit code.
using CommandAction = std::function<int(const GlobalOptions&, CommandIo&)>;

// The command line once parsed: the global options and the chosen command.
struct Invocation {
  GlobalOptions options;
  // Set by the callback of the subcommand the user named; empty if none was.
  CommandAction run;
};

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_COMMAND_H_
