#ifndef TORG_CLIENTS_TORGCTL_CASE_COMMAND_H_
#define TORG_CLIENTS_TORGCTL_CASE_COMMAND_H_

#include "CLI/CLI.hpp"
#include "clients/torgctl/command.h"

namespace torg::torgctl {

// Adds `torgctl case show|list` (CaseFileService's GetCase and ListCases)
// and `torgctl case assign-owner|meeting|commitment-add|
// commitment-complete|commitment-cancel|note` (CoordinationService).
void AddCaseCommands(CLI::App& app, Invocation& invocation);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_CASE_COMMAND_H_
