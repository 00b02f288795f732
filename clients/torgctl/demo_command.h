#ifndef TORG_CLIENTS_TORGCTL_DEMO_COMMAND_H_
#define TORG_CLIENTS_TORGCTL_DEMO_COMMAND_H_

#include "CLI/CLI.hpp"
#include "clients/torgctl/command.h"

namespace torg::torgctl {

// Adds `torgctl demo`: fills torgd with a synthetic förbund year (see
// clients/demo/demo_loader.h) and prints what it recorded.
void AddDemoCommand(CLI::App& app, Invocation& invocation);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_DEMO_COMMAND_H_
