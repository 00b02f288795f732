#ifndef TORG_CLIENTS_TORGCTL_PARTICIPANT_COMMAND_H_
#define TORG_CLIENTS_TORGCTL_PARTICIPANT_COMMAND_H_

#include "CLI/CLI.hpp"
#include "clients/torgctl/command.h"

namespace torg::torgctl {

// Adds `torgctl participant register|find|show|consent|withdraw-consent`:
// IntakeService's RegisterParticipant, FindParticipant, RecordConsent and
// WithdrawConsent, and CaseFileService.GetParticipant.
void AddParticipantCommands(CLI::App& app, Invocation& invocation);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_PARTICIPANT_COMMAND_H_
