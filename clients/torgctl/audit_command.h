#ifndef TORG_CLIENTS_TORGCTL_AUDIT_COMMAND_H_
#define TORG_CLIENTS_TORGCTL_AUDIT_COMMAND_H_

#include "CLI/CLI.hpp"
#include "clients/torgctl/command.h"

namespace torg::torgctl {

// Adds `torgctl audit query` (AuditService.QueryAuditLog: entries by user,
// participant, case and time, as a table or JSON) and `torgctl audit verify`
// (AuditService.VerifyAuditLog: exits kExitOk when the chain is intact, and
// kExitAuditBroken, after naming the first broken entry, when it is not).
// Both are for auditors.
void AddAuditCommands(CLI::App& app, Invocation& invocation);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_AUDIT_COMMAND_H_
