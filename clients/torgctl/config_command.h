#ifndef TORG_CLIENTS_TORGCTL_CONFIG_COMMAND_H_
#define TORG_CLIENTS_TORGCTL_CONFIG_COMMAND_H_

#include "CLI/CLI.hpp"
#include "clients/torgctl/command.h"

namespace torg::torgctl {

// Adds `torgctl config show`: the configuration torgd runs with (the
// förbund, its kommuner, parties and platforms), from ConfigService.GetConfig.
void AddConfigCommands(CLI::App& app, Invocation& invocation);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_CONFIG_COMMAND_H_
