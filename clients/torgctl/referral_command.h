#ifndef TORG_CLIENTS_TORGCTL_REFERRAL_COMMAND_H_
#define TORG_CLIENTS_TORGCTL_REFERRAL_COMMAND_H_

#include "CLI/CLI.hpp"
#include "clients/torgctl/command.h"

namespace torg::torgctl {

// Adds `torgctl referral submit|decide`: IntakeService's SubmitReferral and
// DecideReferral (the beredningsgrupp's accept, direct or decline).
void AddReferralCommands(CLI::App& app, Invocation& invocation);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_REFERRAL_COMMAND_H_
