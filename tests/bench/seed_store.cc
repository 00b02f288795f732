// torg_bench_seed: fills a data directory with a förbund's synthetic history
// for the benchmarks (tests/bench/run-bench.sh): N cases through the real
// import path (ImportService, one atomic append per row, every projection
// kept on write) of an in-process torgd. The store is written unsynced, to
// seed it quickly; the benchmarks then open it with a real, synced torgd.

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "services/config/example_config.h"
#include "services/torgd/server.h"
#include "tests/bench/synthetic_rows.h"
#include "torg/v1/import_service.grpc.pb.h"

namespace torg::bench {
namespace {

struct SeedFlags {
  std::string data_dir;
  std::string keys_dir;
  int64_t cases = 100000;
  int64_t from = 0;
  int first_year = 2017;
  int batch = 500;
  int concurrency = 4;
};

struct Progress {
  std::atomic<int64_t> next_batch{0};
  std::atomic<int64_t> imported{0};
  std::atomic<int64_t> not_imported{0};
  std::mutex mutex;
  std::string first_problem;
};

void ImportBatches(v1::ImportService::Stub& stub, const std::string& token,
                   const SyntheticRows& rows, const SeedFlags& flags, Progress& progress) {
  const int64_t batches = (flags.cases - flags.from + flags.batch - 1) / flags.batch;
  for (int64_t batch = progress.next_batch.fetch_add(1); batch < batches;
       batch = progress.next_batch.fetch_add(1)) {
    v1::ImportCasesRequest request;
    const int64_t begin = flags.from + batch * flags.batch;
    const int64_t end = std::min(flags.cases, begin + flags.batch);
    for (int64_t index = begin; index < end; ++index) *request.add_rows() = rows.Row(index);
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    context.AddMetadata("x-torg-purpose", "benchmark-seed");
    v1::ImportCasesResponse response;
    const grpc::Status status = stub.ImportCases(&context, request, &response);
    std::lock_guard<std::mutex> lock(progress.mutex);
    if (!status.ok()) {
      progress.not_imported += end - begin;
      if (progress.first_problem.empty()) progress.first_problem = status.error_message();
      continue;
    }
    progress.imported += response.imported_count() + response.already_imported_count();
    for (const v1::ImportRowResult& result : response.results()) {
      if (result.status() == v1::IMPORT_ROW_STATUS_IMPORTED ||
          result.status() == v1::IMPORT_ROW_STATUS_ALREADY_IMPORTED) {
        continue;
      }
      ++progress.not_imported;
      if (progress.first_problem.empty()) {
        progress.first_problem =
            absl::StrFormat("row %d: %s", result.row_number(), result.ShortDebugString());
      }
    }
    if ((batch + 1) % 200 == 0) {
      std::cerr << absl::StrFormat("  %d of %d cases\n", progress.imported.load(), flags.cases);
    }
  }
}

int Seed(const SeedFlags& flags) {
  torgd::ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.data_directory = flags.data_dir;
  options.keys_directory = flags.keys_dir;
  options.durability = storage::Durability::kUnsyncedForTestsOnly;
  absl::StatusOr<v1::ForbundConfig> config = config::LoadExampleForbundConfig();
  if (!config.ok()) {
    std::cerr << "torg_bench_seed: " << config.status() << "\n";
    return 1;
  }
  options.config = *config;
  absl::StatusOr<std::unique_ptr<torgd::TorgServer>> server =
      torgd::TorgServer::Start(std::move(options));
  if (!server.ok()) {
    std::cerr << "torg_bench_seed: " << server.status() << "\n";
    return 1;
  }
  std::string token;
  std::getline(std::ifstream((*server)->admin_token_path()), token);
  const auto channel =
      grpc::CreateChannel((*server)->listen_address(), grpc::InsecureChannelCredentials());
  const auto stub = v1::ImportService::NewStub(channel);
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  const SyntheticRows rows((*server)->config(), absl::CivilDay(flags.first_year, 1, 1), today - 1);
  if (flags.cases > rows.MaxRows() || flags.from < 0 || flags.from >= flags.cases) {
    std::cerr << "torg_bench_seed: --from must be below --cases, and --cases at most "
              << rows.MaxRows() << "\n";
    (*server)->Shutdown();
    return 2;
  }
  Progress progress;
  const uint64_t events_before = (*server)->store().LastPosition().value_or(0);
  const absl::Time started = absl::Now();
  std::vector<std::thread> workers;
  for (int t = 0; t < flags.concurrency; ++t) {
    workers.emplace_back([&] { ImportBatches(*stub, token, rows, flags, progress); });
  }
  for (std::thread& worker : workers) worker.join();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - started);
  const uint64_t events = (*server)->store().LastPosition().value_or(0);
  (*server)->Shutdown();
  std::cout << absl::StrFormat(
      R"({"cases": %d, "from": %d, "imported": %d, "not_imported": %d, "events": %d, "seconds": %.1f, )"
      R"("cases_per_second": %.0f, "events_per_second": %.0f})"
      "\n",
      flags.cases, flags.from, progress.imported.load(), progress.not_imported.load(), events,
      seconds, progress.imported.load() / seconds,
      static_cast<double>(events - events_before) / seconds);
  if (progress.not_imported > 0) {
    std::cerr << "torg_bench_seed: " << progress.not_imported
              << " rows not imported, first: " << progress.first_problem << "\n";
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace torg::bench

int main(int argc, char** argv) {
  torg::bench::SeedFlags flags;
  CLI::App app{
      "Seeds a data directory with N synthetic cases through torgd's import (in process, "
      "unsynced), for the benchmarks."};
  app.add_option("--data-dir", flags.data_dir, "the store's directory")->required();
  app.add_option("--keys-dir", flags.keys_dir, "the keys' directory")->required();
  app.add_option("--cases", flags.cases, "cases to seed, one participant each")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--from", flags.from,
                 "the first case to seed: cases before it are in the store already (an earlier "
                 "run with --cases FROM), so a store can be grown")
      ->capture_default_str();
  app.add_option("--first-year", flags.first_year, "the year the history starts")
      ->capture_default_str();
  app.add_option("--batch", flags.batch, "rows per import call")->capture_default_str();
  app.add_option("--concurrency", flags.concurrency, "import calls at once")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  return torg::bench::Seed(flags);
}
