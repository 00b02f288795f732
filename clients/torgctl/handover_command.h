#ifndef TORG_CLIENTS_TORGCTL_HANDOVER_COMMAND_H_
#define TORG_CLIENTS_TORGCTL_HANDOVER_COMMAND_H_

#include "CLI/CLI.hpp"
#include "clients/torgctl/command.h"

namespace torg::torgctl {

// Adds `torgctl handover propose|accept|reject|resolve-deviation|list|
// deviations|aging-out`: every RPC of HandoverService.
void AddHandoverCommands(CLI::App& app, Invocation& invocation);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_HANDOVER_COMMAND_H_
