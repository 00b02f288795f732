#ifndef TORG_CLIENTS_TORGCTL_ACCESS_COMMAND_H_
#define TORG_CLIENTS_TORGCTL_ACCESS_COMMAND_H_

#include "CLI/CLI.hpp"
#include "clients/torgctl/command.h"

namespace torg::torgctl {

// Adds `torgctl whoami` (AccessService.WhoAmI: the principal torgd took the
// call for) and `torgctl token issue` (AccessService.IssueToken, admin only:
// prints the token alone on stdout, so that TORG_TOKEN=$(torgctl token issue
// ...) works, and when it expires on stderr).
void AddAccessCommands(CLI::App& app, Invocation& invocation);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_ACCESS_COMMAND_H_
