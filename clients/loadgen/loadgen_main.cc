// torg_loadgen: drives a running torgd with the demo's synthetic case
// journeys — register, consent, referral, decision, assessment steps,
// meetings, commitments, handovers, closure, follow-ups — over gRPC from N
// concurrent case streams, measures every command's latency, and afterwards
// reads back every acknowledged command. Exit status 0 only when every
// command succeeded and every acknowledged one was read back.

#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "clients/demo/demo_client.h"
#include "clients/demo/demo_loader.h"
#include "clients/loadgen/acknowledged_log.h"
#include "clients/loadgen/latency_recorder.h"
#include "clients/loadgen/load_report.h"
#include "clients/loadgen/read_back.h"
#include "services/common/status_macros.h"

namespace torg::loadgen {
namespace {

struct Flags {
  std::string server = "127.0.0.1:7070";
  std::string token_file = "torg-keys/admin.token";
  int streams = 64;
  int participants = 2000;
  uint64_t seed = 0;
  std::string json_out;
  bool read_back = true;
  double timeout_seconds = 30;
};

absl::StatusOr<std::string> ReadToken(const std::string& path) {
  std::ifstream file(path);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot read the token file ", path));
  std::string token;
  std::getline(file, token);
  return token;
}

// A coordinator's token on every platform, issued by the admin, for reading
// the load back.
absl::StatusOr<std::string> ReaderToken(demo::Client& admin) {
  v1::GetConfigResponse config;
  TORG_RETURN_IF_ERROR(admin.Call(*admin.config, &v1::ConfigService::Stub::GetConfig,
                                  v1::GetConfigRequest(), config, "reading the configuration"));
  v1::IssueTokenRequest request;
  request.mutable_principal()->set_user_id("loadgen-reader");
  request.mutable_principal()->add_roles("coordinator");
  for (const v1::Platform& platform : config.config().platforms()) {
    request.mutable_principal()->add_platform_ids(platform.id());
  }
  request.set_lifetime_seconds(demo::kDemoTokenLifetimeSeconds);
  v1::IssueTokenResponse issued;
  TORG_RETURN_IF_ERROR(admin.Call(*admin.access, &v1::AccessService::Stub::IssueToken, request,
                                  issued, "issuing the read-back token"));
  return issued.token();
}

absl::Status Run(const Flags& flags) {
  TORG_ASSIGN_OR_RETURN(const std::string admin_token, ReadToken(flags.token_file));
  grpc::ChannelArguments arguments;
  // Its own connection, not one shared with another channel of the process.
  arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  const auto channel =
      grpc::CreateCustomChannel(flags.server, grpc::InsecureChannelCredentials(), arguments);

  demo::DemoOptions options;
  options.participants = flags.participants;
  options.seed = flags.seed;
  options.last_day = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  options.concurrency = flags.streams;
  options.token = admin_token;
  options.purpose = "loadgen";
  options.timeout_seconds = flags.timeout_seconds;

  LatencyRecorder latencies;
  AcknowledgedLog acknowledged;
  const demo::CallObserver observer = [&](const demo::CallRecord& call) {
    latencies.Record(call.request_type, call.latency, call.status.ok(), call.request.ByteSizeLong(),
                     absl::Now());
    if (call.status.ok()) acknowledged.Record(call.response);
  };
  std::cerr << absl::StrFormat("torg_loadgen: %d case streams, %d participants, seed %d, on %s\n",
                               flags.streams, flags.participants, flags.seed, flags.server);
  LoadReport report;
  report.streams = flags.streams;
  report.participants = flags.participants;
  const absl::StatusOr<demo::DemoSummary> load =
      demo::LoadDemo(channel, options, std::cerr, observer);
  report.load_status = load.status();
  report.overall = latencies.Overall();
  report.by_method = latencies.ByMethod();
  report.failed = latencies.failed();
  report.replayed = acknowledged.replayed();
  report.seconds = absl::ToDoubleSeconds(latencies.Span());
  report.mean_request_bytes = latencies.MeanRequestBytes();
  if (flags.read_back) {
    demo::Client admin(channel, options);
    TORG_ASSIGN_OR_RETURN(const std::string reader_token, ReaderToken(admin));
    ReadBackOptions read_options;
    read_options.token = reader_token;
    read_options.timeout_seconds = flags.timeout_seconds;
    report.read_back = ReadBack(channel, acknowledged, read_options);
    report.read_back_done = true;
  }
  std::cout << FormatText(report);
  if (!flags.json_out.empty()) {
    std::ofstream json(flags.json_out);
    json << FormatJson(report);
    if (!json) return absl::UnavailableError(absl::StrCat("cannot write ", flags.json_out));
  }
  return report.Passed() ? absl::OkStatus()
                         : absl::InternalError("the load failed or lost acknowledged commands");
}

}  // namespace
}  // namespace torg::loadgen

int main(int argc, char** argv) {
  torg::loadgen::Flags flags;
  flags.seed = static_cast<uint64_t>(absl::ToUnixSeconds(absl::Now()));
  CLI::App app{
      "Drives a running torgd with synthetic case journeys from N concurrent case streams, "
      "reports throughput and latency (p50/p99/p99.9), then reads back every acknowledged "
      "command."};
  app.add_option("--server", flags.server, "torgd's HOST:PORT")->capture_default_str();
  app.add_option("--token-file", flags.token_file, "the admin token of the torgd")
      ->capture_default_str();
  app.add_option("--streams", flags.streams, "case streams driven at once (calls in flight)")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  app.add_option("--participants", flags.participants,
                 "synthetic participants, each one journey of several commands")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  app.add_option("--seed", flags.seed,
                 "chooses the people and their paths (default: the time, so each run is new)");
  app.add_option("--json", flags.json_out, "also write the results as JSON to this file");
  app.add_flag("!--no-read-back", flags.read_back, "skip reading back the acknowledged commands");
  app.add_option("--timeout", flags.timeout_seconds, "deadline of each call, in seconds")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  const absl::Status status = torg::loadgen::Run(flags);
  if (!status.ok()) {
    std::cerr << "torg_loadgen: " << status.message() << "\n";
    return 1;
  }
  return 0;
}
