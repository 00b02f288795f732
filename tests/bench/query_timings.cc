// torg_bench_queries: times what steering groups and the exporter ask of a
// running torgd, as they would ask it: a period report (GetPeriodReport)
// over the whole förbund and a period, and a SUS export (ExportSus, read to
// its end) of a platform and a period. Each is asked --repeat times; prints
// the first (cold) and the median and worst of the rest as JSON.

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "torg/v1/access_service.grpc.pb.h"
#include "torg/v1/export_service.grpc.pb.h"
#include "torg/v1/flow_service.grpc.pb.h"

namespace torg::bench {
namespace {

struct QueryFlags {
  std::string server = "127.0.0.1:7070";
  std::string token_file = "torg-keys/admin.token";
  std::string first_day = "2017-01-01";
  std::string last_day;
  std::string export_platform = "vuxentorget";
  std::string export_first_day;
  std::string export_last_day;
  int repeat = 10;
};

v1::Date ParseDate(const std::string& text) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) {
    std::cerr << "torg_bench_queries: not a date: " << text << "\n";
    std::exit(2);
  }
  v1::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

void Prepare(grpc::ClientContext& context, const std::string& token) {
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
  context.AddMetadata("authorization", "Bearer " + token);
  context.AddMetadata("x-torg-purpose", "benchmark");
}

std::string Issue(v1::AccessService::Stub& access, const std::string& admin_token,
                  const std::string& role) {
  v1::IssueTokenRequest request;
  request.mutable_principal()->set_user_id(absl::StrCat("bench-", role));
  request.mutable_principal()->add_roles(role);
  request.set_lifetime_seconds(3600);
  v1::IssueTokenResponse response;
  grpc::ClientContext context;
  Prepare(context, admin_token);
  const grpc::Status status = access.IssueToken(&context, request, &response);
  if (!status.ok()) {
    std::cerr << "torg_bench_queries: issuing a " << role << " token: " << status.error_message()
              << "\n";
    std::exit(1);
  }
  return response.token();
}

// Runs `query` `repeat` times; JSON with the first and the others' median
// and maximum, in milliseconds. `query` returns what it read (a count).
std::string Time(int repeat, const std::function<int64_t()>& query) {
  std::vector<double> millis;
  int64_t size = 0;
  for (int i = 0; i < repeat; ++i) {
    const absl::Time started = absl::Now();
    size = query();
    millis.push_back(absl::ToDoubleMilliseconds(absl::Now() - started));
  }
  const double first = millis.front();
  std::vector<double> warm(millis.begin() + (millis.size() > 1 ? 1 : 0), millis.end());
  std::sort(warm.begin(), warm.end());
  const size_t middle = warm.size() / 2;
  const double median = warm.size() % 2 == 1 ? warm[middle] : (warm[middle - 1] + warm[middle]) / 2;
  return absl::StrFormat(R"({"size": %d, "first_ms": %.1f, "median_ms": %.1f, "max_ms": %.1f})",
                         size, first, median, warm.back());
}

int Run(const QueryFlags& flags) {
  std::string admin_token;
  std::getline(std::ifstream(flags.token_file), admin_token);
  const auto channel = grpc::CreateChannel(flags.server, grpc::InsecureChannelCredentials());
  const auto access = v1::AccessService::NewStub(channel);
  const std::string steering = Issue(*access, admin_token, "steering");
  const std::string exporter = Issue(*access, admin_token, "exporter");
  const auto flows = v1::FlowService::NewStub(channel);
  const auto exports = v1::ExportService::NewStub(channel);

  v1::GetPeriodReportRequest report_request;
  *report_request.mutable_first_day() = ParseDate(flags.first_day);
  *report_request.mutable_last_day() = ParseDate(flags.last_day);
  const std::string report = Time(flags.repeat, [&]() -> int64_t {
    grpc::ClientContext context;
    Prepare(context, steering);
    v1::GetPeriodReportResponse response;
    const grpc::Status status = flows->GetPeriodReport(&context, report_request, &response);
    if (!status.ok()) {
      std::cerr << "torg_bench_queries: report: " << status.error_message() << "\n";
      std::exit(1);
    }
    return response.active().total().total().value();
  });

  int sequence = 0;
  const std::string exported = Time(std::max(1, flags.repeat / 3), [&]() -> int64_t {
    v1::ExportSusRequest request;
    request.set_request_id(
        absl::StrCat("bench-export-", absl::ToUnixNanos(absl::Now()), "-", sequence++));
    request.set_platform_id(flags.export_platform);
    *request.mutable_first_day() = ParseDate(flags.export_first_day);
    *request.mutable_last_day() = ParseDate(flags.export_last_day);
    grpc::ClientContext context;
    Prepare(context, exporter);
    const auto reader = exports->ExportSus(&context, request);
    v1::ExportSusResponse response;
    int64_t rows = 0;
    while (reader->Read(&response)) {
      if (response.chunk().has_submission()) rows = response.chunk().submission().row_count();
    }
    const grpc::Status status = reader->Finish();
    if (!status.ok()) {
      std::cerr << "torg_bench_queries: export: " << status.error_message() << "\n";
      std::exit(1);
    }
    return rows;
  });
  std::cout << absl::StrFormat(R"({"period_report": %s, "sus_export": %s})"
                               "\n",
                               report, exported);
  return 0;
}

}  // namespace
}  // namespace torg::bench

int main(int argc, char** argv) {
  torg::bench::QueryFlags flags;
  CLI::App app{"Times a steering period report and a SUS export against a running torgd."};
  app.add_option("--server", flags.server, "torgd's HOST:PORT")->capture_default_str();
  app.add_option("--token-file", flags.token_file, "the admin token")->capture_default_str();
  app.add_option("--first-day", flags.first_day, "the report's first day")->capture_default_str();
  app.add_option("--last-day", flags.last_day, "the report's last day")->required();
  app.add_option("--export-platform", flags.export_platform, "the export's platform")
      ->capture_default_str();
  app.add_option("--export-first-day", flags.export_first_day, "the export's first day")
      ->required();
  app.add_option("--export-last-day", flags.export_last_day, "the export's last day")->required();
  app.add_option("--repeat", flags.repeat, "times each report is asked")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  return torg::bench::Run(flags);
}
