#ifndef TORG_CLIENTS_TORGCTL_ASSESSMENT_COMMAND_H_
#define TORG_CLIENTS_TORGCTL_ASSESSMENT_COMMAND_H_

#include "CLI/CLI.hpp"
#include "clients/torgctl/command.h"

namespace torg::torgctl {

// Adds `torgctl assessment start|finding|complete`: AssessmentService's
// StartAssessment, RecordFinding and CompleteAssessment.
void AddAssessmentCommands(CLI::App& app, Invocation& invocation);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_ASSESSMENT_COMMAND_H_
