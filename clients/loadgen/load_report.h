#ifndef TORG_CLIENTS_LOADGEN_LOAD_REPORT_H_
#define TORG_CLIENTS_LOADGEN_LOAD_REPORT_H_

// What a load run measured and found, as text for a person and as JSON for
// the benchmark script (tests/bench).

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "clients/loadgen/latency_recorder.h"
#include "clients/loadgen/read_back.h"

namespace torg::loadgen {

struct LoadReport {
  int streams = 0;
  int participants = 0;
  // OK if every journey ran to its end.
  absl::Status load_status;
  // The OK commands.
  LatencySummary overall;
  std::map<std::string, LatencySummary> by_method;
  uint64_t failed = 0;
  // Commands answered as retries of an earlier attempt (nothing new
  // written then); their steps are read back like the rest.
  uint64_t replayed = 0;
  // From the first command's start to the last one's end.
  double seconds = 0;
  double mean_request_bytes = 0;
  bool read_back_done = false;
  ReadBackResult read_back;

  double CommandsPerSecond() const { return seconds > 0 ? overall.count / seconds : 0; }
  // Every journey ran, no command failed, nothing acknowledged was lost.
  bool Passed() const { return load_status.ok() && failed == 0 && read_back.problem_count == 0; }
};

std::string FormatText(const LoadReport& report);
// One JSON object; latencies in milliseconds.
std::string FormatJson(const LoadReport& report);

}  // namespace torg::loadgen

#endif  // TORG_CLIENTS_LOADGEN_LOAD_REPORT_H_
