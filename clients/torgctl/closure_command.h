#ifndef TORG_CLIENTS_TORGCTL_CLOSURE_COMMAND_H_
#define TORG_CLIENTS_TORGCTL_CLOSURE_COMMAND_H_

#include "CLI/CLI.hpp"
#include "clients/torgctl/command.h"

namespace torg::torgctl {

// Adds `torgctl closure close|follow-up|due`: ClosureService's CloseCase,
// RecordFollowUp and ListFollowUpsDue.
void AddClosureCommands(CLI::App& app, Invocation& invocation);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_CLOSURE_COMMAND_H_
