// torgctl: the command-line client of torgd. Each command group registers
// itself (see command.h); this file holds only the global options.

#include <cstdlib>
#include <iostream>
#include <string>

#include "CLI/CLI.hpp"
#include "clients/torgctl/assessment_command.h"
#include "clients/torgctl/case_command.h"
#include "clients/torgctl/cli_parsing.h"
#include "clients/torgctl/closure_command.h"
#include "clients/torgctl/command.h"
#include "clients/torgctl/config_command.h"
#include "clients/torgctl/demo_command.h"
#include "clients/torgctl/handover_command.h"
#include "clients/torgctl/health_command.h"
#include "clients/torgctl/participant_command.h"
#include "clients/torgctl/referral_command.h"

namespace torg::torgctl {
namespace {

void AddGlobalOptions(CLI::App& app, GlobalOptions& options) {
  app.add_option("--server", options.server, "torgd's address")
      ->type_name("HOST:PORT")
      ->envname("TORG_SERVER")
      ->capture_default_str();
  app.add_option_function<std::string>(
         "--output",
         [&options](const std::string& format) {
           options.output = format == "json" ? OutputFormat::kJson : OutputFormat::kTable;
         },
         "output format: table, or json (protobuf JSON with the proto field names)")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"table", "json"}))
      ->default_str("table");
  app.add_option("--timeout", options.timeout_seconds, "seconds to wait for each answer")
      ->type_name("SECONDS")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  if (const char* login = std::getenv("USER"); login != nullptr) options.user = login;
  app.add_option("--user", options.user,
                 "the user steps are recorded by (sent as x-torg-user; default: $USER)")
      ->type_name("NAME")
      ->envname("TORG_USER")
      ->check(CLI::Validator(
          [](std::string& user) -> std::string {
            return IsPrintableAscii(user) ? "" : "must be printable ASCII (no å, ä, ö)";
          },
          ""))
      ->capture_default_str();
}

int Main(int argc, char** argv) {
  CLI::App app("torgctl: the command-line client of torgd, Torg's server.", "torgctl");
  // Global options may also follow the command (`config show --output json`);
  // subcommands created afterwards inherit this.
  app.fallthrough();
  Invocation invocation;
  AddGlobalOptions(app, invocation.options);
  AddHealthCommand(app, invocation);
  AddConfigCommands(app, invocation);
  AddParticipantCommands(app, invocation);
  AddReferralCommands(app, invocation);
  AddAssessmentCommands(app, invocation);
  AddCaseCommands(app, invocation);
  AddHandoverCommands(app, invocation);
  AddClosureCommands(app, invocation);
  AddDemoCommand(app, invocation);
  app.require_subcommand(1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? kExitOk : kExitUsage;
  }
  if (!IsPrintableAscii(invocation.options.user)) {
    // Only $USER can get here: --user and TORG_USER are checked while parsing.
    std::cerr << "torgctl: the user name from $USER is not printable ASCII; give --user NAME\n";
    return kExitUsage;
  }
  CommandIo io{std::cout, std::cerr};
  const int exit_code = invocation.run(invocation.options, io);
  std::cout.flush();
  return exit_code;
}

}  // namespace
}  // namespace torg::torgctl

int main(int argc, char** argv) { return torg::torgctl::Main(argc, argv); }
