#ifndef TORG_CLIENTS_TORGCTL_EXPORT_COMMAND_H_
#define TORG_CLIENTS_TORGCTL_EXPORT_COMMAND_H_

// `torgctl export`: the national follow-up's SUS submissions
// (ExportService), for the exporter role.
//   export sus         ExportSus: cuts a platform's export of a period
//   export regenerate  RegenerateSubmission: the same bytes again
//   export diff        DiffSubmissions: the correction between two
//   export list        ListSubmissions: the recorded submissions
// Every call but list reads personnummer: torgd audits it with the global
// --purpose.

#include <functional>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "clients/torgctl/command.h"
#include "clients/torgctl/export_output.h"
#include "clients/torgctl/report_command.h"
#include "torg/v1/export_service.pb.h"

namespace torg::torgctl {

// Sends one command's request to torgd and writes the answer where `files`
// say; returns torgctl's exit code. Tests stand in for them.
template <typename Request>
using ExportSender =
    std::function<int(const GlobalOptions&, CommandIo&, const Request&, const SusOutputFiles&)>;

struct ExportSenders {
  ExportSender<torg::v1::ExportSusRequest> sus;
  ExportSender<torg::v1::RegenerateSubmissionRequest> regenerate;
  // Only files.csv_path is used.
  ExportSender<torg::v1::DiffSubmissionsRequest> diff;
  // Writes the list to io.out.
  std::function<int(const GlobalOptions&, CommandIo&, const torg::v1::ListSubmissionsRequest&)>
      list;
};

// The senders that call torgd and write with export_output.h.
ExportSenders TorgdExportSenders();

// The request of `export sus`: the platform, period and as-of cut of
// `flags` (checked as `report period` checks them) and `request_id`, or a
// fresh one when empty. INVALID_ARGUMENT, a usage error, without
// --platform, with a wrong period, or with both --as-of-position and
// --as-of-date.
absl::StatusOr<torg::v1::ExportSusRequest> SusExportRequest(const PeriodReportFlags& flags,
                                                            const std::string& request_id);

// Adds the `export` group with the commands above, calling torgd.
void AddExportCommands(CLI::App& app, Invocation& invocation);

// As above, `senders` standing in for the calls (for tests).
void AddExportCommands(CLI::App& app, Invocation& invocation, ExportSenders senders);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_EXPORT_COMMAND_H_
