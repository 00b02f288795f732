#ifndef TORG_CLIENTS_LOADGEN_LATENCY_RECORDER_H_
#define TORG_CLIENTS_LOADGEN_LATENCY_RECORDER_H_

// The latencies of a load's calls, kept whole (a load of a few hundred
// thousand calls is a few megabytes) so that percentiles are exact rather
// than read off histogram buckets.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace torg::loadgen {

// Exact order statistics of a set of latencies, in milliseconds.
struct LatencySummary {
  uint64_t count = 0;
  double mean_ms = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double p999_ms = 0;
  double max_ms = 0;
};

// The nearest-rank percentile (0 < p <= 100) of `sorted_micros`, in
// milliseconds; 0 for an empty set.
double PercentileMs(const std::vector<int64_t>& sorted_micros, double p);
LatencySummary Summarize(std::vector<int64_t> micros);

class LatencyRecorder {
 public:
  // Records one call of `method` that took `latency`, answered `ok`, and
  // sent `request_bytes`, ending at `ended`. Thread-safe.
  void Record(const std::string& method, absl::Duration latency, bool ok, size_t request_bytes,
              absl::Time ended);

  // Every OK call.
  LatencySummary Overall() const;
  // The OK calls of each method.
  std::map<std::string, LatencySummary> ByMethod() const;
  uint64_t failed() const;
  // From the start of the first call to the end of the last.
  absl::Duration Span() const;
  double MeanRequestBytes() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<int64_t>> micros_by_method_;
  uint64_t failed_ = 0;
  uint64_t request_bytes_ = 0;
  uint64_t requests_ = 0;
  absl::Time first_start_ = absl::InfiniteFuture();
  absl::Time last_end_ = absl::InfinitePast();
};

}  // namespace torg::loadgen

#endif  // TORG_CLIENTS_LOADGEN_LATENCY_RECORDER_H_
