#ifndef TORG_TESTS_TORGCTL_COMMAND_LINE_H_
#define TORG_TESTS_TORGCTL_COMMAND_LINE_H_

// torgctl's command line without a server: a test adds the commands it
// checks to app_, with senders that keep the request instead of sending it,
// and Run parses and runs arguments as main does.

#include <sstream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "clients/torgctl/command.h"

namespace torg::torgctl {

class TorgctlCommandLine {
 public:
  TorgctlCommandLine(const TorgctlCommandLine&) = delete;
  TorgctlCommandLine& operator=(const TorgctlCommandLine&) = delete;

  // Parses `args` (without the program's name) and runs the chosen command,
  // as main does: kExitUsage for what CLI11 refuses (its message on err()),
  // otherwise the command's exit code.
  int Run(std::vector<std::string> args);

  std::string out() const { return out_.str(); }
  std::string err() const { return err_.str(); }

 protected:
  TorgctlCommandLine() : app_("torgctl", "torgctl") {}
  ~TorgctlCommandLine() = default;

  CLI::App app_;
  Invocation invocation_;
  std::ostringstream out_;
  std::ostringstream err_;
};

}  // namespace torg::torgctl

#endif  // TORG_TESTS_TORGCTL_COMMAND_LINE_H_
