// torgctl: the command-line client of torgd. Each command group registers
// itself (see command.h), the global options are in global_options.h; this
// file wires them together.

#include <iostream>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "clients/torgctl/access_command.h"
#include "clients/torgctl/assessment_command.h"
#include "clients/torgctl/audit_command.h"
#include "clients/torgctl/case_command.h"
#include "clients/torgctl/closure_command.h"
#include "clients/torgctl/command.h"
#include "clients/torgctl/config_command.h"
#include "clients/torgctl/demo_command.h"
#include "clients/torgctl/export_command.h"
#include "clients/torgctl/global_options.h"
#include "clients/torgctl/handover_command.h"
#include "clients/torgctl/health_command.h"
#include "clients/torgctl/import_command.h"
#include "clients/torgctl/participant_command.h"
#include "clients/torgctl/referral_command.h"
#include "clients/torgctl/report_command.h"

namespace torg::torgctl {
namespace {

int Main(int argc, char** argv) {
  CLI::App app("torgctl: the command-line client of torgd, Torg's server.", "torgctl");
  // Global options may also follow the command (`config show --output json`);
  // subcommands created afterwards inherit this.
  app.fallthrough();
  app.footer(
      "Exit codes: 0 done; 1 torgd could not be reached or refused; 2 the command line is wrong; "
      "3 `audit verify` found the audit log broken.");
  Invocation invocation;
  GlobalFlags flags;
  AddGlobalOptions(app, invocation.options, flags);
  AddHealthCommand(app, invocation);
  AddConfigCommands(app, invocation);
  AddParticipantCommands(app, invocation);
  AddReferralCommands(app, invocation);
  AddAssessmentCommands(app, invocation);
  AddCaseCommands(app, invocation);
  AddHandoverCommands(app, invocation);
  AddClosureCommands(app, invocation);
  AddDemoCommand(app, invocation);
  AddAccessCommands(app, invocation);
  AddAuditCommands(app, invocation);
  AddReportCommands(app, invocation);
  AddImportCommands(app, invocation);
  AddExportCommands(app, invocation);
  app.require_subcommand(1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? kExitOk : kExitUsage;
  }
  if (const absl::Status finished = FinishGlobalOptions(flags, invocation.options);
      !finished.ok()) {
    std::cerr << "torgctl: " << finished.message() << "\nRun with --help for more information.\n";
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
