// torgd: every Torg service in one process. See services/torgd/run_torgd.h.

#include "services/torgd/run_torgd.h"
#include "services/torgd/torgd_flags.h"

int main(int argc, char** argv) {
  const torg::torgd::ParsedCommandLine command_line = torg::torgd::ParseTorgdFlags(argc, argv);
  if (command_line.exit_code.has_value()) return *command_line.exit_code;
  return torg::torgd::RunTorgd(command_line.flags);
}
