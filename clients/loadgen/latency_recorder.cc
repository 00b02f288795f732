#include "clients/loadgen/latency_recorder.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace torg::loadgen {

double PercentileMs(const std::vector<int64_t>& sorted_micros, double p) {
  if (sorted_micros.empty()) return 0;
  // The epsilon keeps 99.9 % of 1000 at rank 999: in binary, 0.999 * 1000 is
  // a hair above 999.
  const auto rank = static_cast<size_t>(std::ceil(p / 100.0 * sorted_micros.size() - 1e-9));
  const size_t index = std::min(sorted_micros.size() - 1, rank == 0 ? 0 : rank - 1);
  return sorted_micros[index] / 1000.0;
}

LatencySummary Summarize(std::vector<int64_t> micros) {
  LatencySummary summary;
  if (micros.empty()) return summary;
  std::sort(micros.begin(), micros.end());
  summary.count = micros.size();
  summary.mean_ms = std::accumulate(micros.begin(), micros.end(), 0.0) /
                    static_cast<double>(micros.size()) / 1000.0;
  summary.p50_ms = PercentileMs(micros, 50);
  summary.p99_ms = PercentileMs(micros, 99);
  summary.p999_ms = PercentileMs(micros, 99.9);
  summary.max_ms = micros.back() / 1000.0;
  return summary;
}

void LatencyRecorder::Record(const std::string& method, absl::Duration latency, bool ok,
                             size_t request_bytes, absl::Time ended) {
  std::lock_guard<std::mutex> lock(mutex_);
  first_start_ = std::min(first_start_, ended - latency);
  last_end_ = std::max(last_end_, ended);
  request_bytes_ += request_bytes;
  ++requests_;
  if (!ok) {
    ++failed_;
    return;
  }
  micros_by_method_[method].push_back(absl::ToInt64Microseconds(latency));
}

LatencySummary LatencyRecorder::Overall() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<int64_t> all;
  for (const auto& [method, micros] : micros_by_method_) {
    all.insert(all.end(), micros.begin(), micros.end());
  }
  return Summarize(std::move(all));
}

std::map<std::string, LatencySummary> LatencyRecorder::ByMethod() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::map<std::string, LatencySummary> summaries;
  for (const auto& [method, micros] : micros_by_method_) summaries[method] = Summarize(micros);
  return summaries;
}

uint64_t LatencyRecorder::failed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return failed_;
}

absl::Duration LatencyRecorder::Span() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (requests_ == 0) return absl::ZeroDuration();
  return last_end_ - first_start_;
}

double LatencyRecorder::MeanRequestBytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_ == 0 ? 0 : static_cast<double>(request_bytes_) / requests_;
}

}  // namespace torg::loadgen
