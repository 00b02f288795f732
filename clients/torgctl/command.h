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
// The command line itself is wrong.
inline constexpr int kExitUsage = 2;

enum class OutputFormat { kTable, kJson };

struct GlobalOptions {
  // HOST:PORT of torgd (any gRPC target works, e.g. dns:///host:7070).
  std::string server = "127.0.0.1:7070";
  OutputFormat output = OutputFormat::kTable;
  // Deadline of each call.
  double timeout_seconds = 5;
  // The user steps are recorded by, sent as x-torg-user metadata on every
  // call; none is sent when empty.
  std::string user;
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
