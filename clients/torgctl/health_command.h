#ifndef TORG_CLIENTS_TORGCTL_HEALTH_COMMAND_H_
#define TORG_CLIENTS_TORGCTL_HEALTH_COMMAND_H_

#include "CLI/CLI.hpp"
#include "clients/torgctl/command.h"

namespace torg::torgctl {

// Adds `torgctl health`: asks the server's standard health service
// (grpc.health.v1.Health/Check, service "") and prints its status, e.g.
// SERVING. Exits kExitOk only when the server is SERVING.
void AddHealthCommand(CLI::App& app, Invocation& invocation);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_HEALTH_COMMAND_H_
