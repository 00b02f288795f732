#include "services/torgd/run_torgd.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/log.h"
#include "services/config/config_loader.h"
#include "services/config/example_config.h"
#include "services/flows/xlsx_workbook.h"
#include "services/torgd/grpc_log_sink.h"
#include "services/torgd/server.h"
#include "services/torgd/termination_signals.h"

namespace torg::torgd {
namespace {

absl::StatusOr<torg::v1::ForbundConfig> LoadConfig(const TorgdFlags& flags) {
  if (flags.config_path.empty()) return config::LoadExampleForbundConfig();
  return config::LoadForbundConfigFile(flags.config_path);
}

std::string ConfigSourceName(const TorgdFlags& flags) {
  return flags.config_path.empty() ? std::string(config::kExampleConfigSourceName)
                                   : flags.config_path;
}

// One line per problem, so that each names its own file, line and field.
void LogConfigProblems(const TorgdFlags& flags, const absl::Status& status) {
  for (absl::string_view problem : absl::StrSplit(status.message(), '\n')) {
    log::Error("invalid configuration", {{"config", ConfigSourceName(flags)},
                                         {"code", absl::StatusCodeToString(status.code())},
                                         {"problem", std::string(problem)}});
  }
}

}  // namespace

int RunTorgd(const TorgdFlags& flags) {
  const TerminationSignals signals = TerminationSignals::BlockInThisAndFutureThreads();
  RouteGrpcLogsToTorgLog();

  absl::StatusOr<torg::v1::ForbundConfig> config = LoadConfig(flags);
  if (!config.ok()) {
    LogConfigProblems(flags, config.status());
    return kExitUsage;
  }
  log::Info("configuration loaded", {{"config", ConfigSourceName(flags)},
                                     {"forbund", config->id()},
                                     {"platforms", absl::StrCat(config->platforms_size())}});

  // A torgd killed while writing a board report's workbook leaves its
  // temporary file; nothing else removes it. An hour is far above the time
  // one report takes, so another torgd's workbook in progress is left alone.
  const absl::Status cleaned = flows::RemoveStaleXlsxFiles(absl::Hours(1));
  if (!cleaned.ok()) {
    log::Warning("stale workbook files not removed", {{"error", cleaned.ToString()}});
  }

  ServerOptions options;
  options.listen_address = flags.listen_address;
  options.data_directory = flags.data_directory;
  options.keys_directory = flags.keys_directory;
  options.config = *std::move(config);
  options.access.insecure_dev = flags.insecure_dev;
  options.access.access_config_path = flags.access_config_path;
  options.access.tls_certificate_file = flags.tls_certificate_file;
  options.access.tls_private_key_file = flags.tls_private_key_file;
  options.access.client_ca_file = flags.client_ca_file;
  options.access.require_client_certificate = flags.require_client_certificate;
  absl::StatusOr<std::unique_ptr<TorgServer>> server = TorgServer::Start(std::move(options));
  if (!server.ok()) {
    log::Error("torgd cannot start", {{"listen", flags.listen_address},
                                      {"data_dir", flags.data_directory},
                                      {"error", server.status().ToString()}});
    return absl::IsInvalidArgument(server.status()) ? kExitUsage : kExitFailure;
  }
  log::Info("torgd serving", {{"listen", (*server)->listen_address()},
                              {"data_dir", (*server)->data_directory()},
                              {"forbund", (*server)->config().id()},
                              {"platforms", absl::StrCat((*server)->config().platforms_size())},
                              {"position", absl::StrCat((*server)->start_position())},
                              {"tls", flags.tls_certificate_file.empty() ? "off" : "on"},
                              {"admin_token", (*server)->admin_token_path()}});

  const std::string signal_name = signals.Await();
  log::Info("torgd shutting down", {{"signal", signal_name}});
  (*server)->Shutdown();
  server->reset();
  log::Info("torgd stopped");
  return kExitOk;
}

}  // namespace torg::torgd
