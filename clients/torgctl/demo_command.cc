#include "clients/torgctl/demo_command.h"

#include <memory>
#include <ostream>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clients/demo/demo_loader.h"
#include "clients/torgctl/connection.h"
#include "clients/torgctl/text_table.h"

namespace torg::torgctl {
namespace {

struct DemoFlags {
  int participants = 300;
  uint64_t seed = 2026;
  int concurrency = 8;
};

// Yesterday in UTC: never after today in Sweden, whatever the hour, so the
// server never refuses a step as dated in the future.
absl::CivilDay LastDemoDay() { return absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) - 1; }

int RunDemo(const DemoFlags& flags, const GlobalOptions& options, CommandIo& io) {
  demo::DemoOptions demo_options;
  demo_options.participants = flags.participants;
  demo_options.seed = flags.seed;
  demo_options.concurrency = flags.concurrency;
  demo_options.last_day = LastDemoDay();
  demo_options.timeout_seconds = options.timeout_seconds;
  if (!options.user.empty()) demo_options.user = options.user;
  demo_options.token = options.token;
  demo_options.purpose = options.purpose;
  const absl::Time start = absl::Now();
  absl::StatusOr<demo::DemoSummary> summary =
      demo::LoadDemo(OpenChannel(options), demo_options, io.err);
  if (!summary.ok()) {
    io.err << "torgctl demo: " << summary.status().message() << " ("
           << absl::StatusCodeToString(summary.status().code()) << ")\n";
    return kExitFailure;
  }
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  TextTable table({"what", "count"});
  table.AddRow({"participants", std::to_string(summary->participants)});
  table.AddRow({"cases", std::to_string(summary->cases)});
  table.AddRow({"enrolled (inskrivna)", std::to_string(summary->enrolled)});
  table.AddRow({"declined", std::to_string(summary->declined)});
  table.AddRow({"directed to another platform", std::to_string(summary->directed)});
  table.AddRow({"closed", std::to_string(summary->closed)});
  table.AddRow({"handovers accepted", std::to_string(summary->handovers_accepted)});
  table.AddRow({"handovers rejected (deviations)", std::to_string(summary->handovers_rejected)});
  table.AddRow({"deviations resolved", std::to_string(summary->deviations_resolved)});
  table.AddRow({"follow-ups", std::to_string(summary->follow_ups)});
  table.AddRow({"calls", std::to_string(summary->calls)});
  table.AddRow({"already there (replayed)", std::to_string(summary->replayed)});
  io.out << table.Render();
  io.out << "Loaded in " << absl::StrFormat("%.1f", seconds) << " s.\n";
  return kExitOk;
}

}  // namespace

void AddDemoCommand(CLI::App& app, Invocation& invocation) {
  auto flags = std::make_shared<DemoFlags>();
  CLI::App* demo = app.add_subcommand(
      "demo",
      "Fill torgd with a synthetic förbund year up to yesterday (UTC): participants on every "
      "platform, every kind of step, handover, deviation and outcome. Safe to repeat: a second "
      "run with the same seed on the same day (UTC) records nothing new; a run on another day "
      "is a fresh load, new participants beside the earlier ones. Case work needs a coordinator "
      "on every platform: with an admin's token (a local torgd's admin token) the demo has torgd "
      "issue tokens for demo-coordinator and for an officer of each party, and loads as them");
  demo->add_option("--participants", flags->participants, "how many participants")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  demo->add_option("--seed", flags->seed, "chooses the synthetic people and their paths")
      ->capture_default_str();
  demo->add_option("--concurrency", flags->concurrency, "calls in flight at once")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  demo->callback([&invocation, flags] {
    invocation.run = [flags](const GlobalOptions& options, CommandIo& io) {
      return RunDemo(*flags, options, io);
    };
  });
}

}  // namespace torg::torgctl
