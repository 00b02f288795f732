#include "tests/bench/closed_loop.h"

#include <iostream>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace torg::bench {

int RunClosedLoop(const ClosedLoop& loop, const std::function<bool(int thread)>& operation) {
  loadgen::LatencyRecorder latencies;
  const absl::Time until = absl::Now() + absl::Seconds(loop.seconds);
  std::vector<std::thread> workers;
  for (int t = 0; t < loop.threads; ++t) {
    workers.emplace_back([&, t] {
      while (absl::Now() < until) {
        const absl::Time started = absl::Now();
        const bool ok = operation(t);
        const absl::Time ended = absl::Now();
        latencies.Record(loop.unit, ended - started, ok, static_cast<size_t>(loop.payload_bytes),
                         ended);
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  const loadgen::LatencySummary summary = latencies.Overall();
  const double span = absl::ToDoubleSeconds(latencies.Span());
  std::cout << absl::StrFormat(
      R"({"threads": %d, "payload_bytes": %d, "%s": %d, "failed": %d, "seconds": %.3f, )"
      R"("%s_per_second": %.1f, "p50_ms": %.3f, "p99_ms": %.3f, "p999_ms": %.3f, )"
      R"("max_ms": %.3f})"
      "\n",
      loop.threads, loop.payload_bytes, loop.unit, summary.count, latencies.failed(), span,
      loop.unit, span > 0 ? summary.count / span : 0.0, summary.p50_ms, summary.p99_ms,
      summary.p999_ms, summary.max_ms);
  return latencies.failed() == 0 ? 0 : 1;
}

}  // namespace torg::bench
