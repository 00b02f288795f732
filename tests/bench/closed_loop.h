#ifndef TORG_TESTS_BENCH_CLOSED_LOOP_H_
#define TORG_TESTS_BENCH_CLOSED_LOOP_H_

// The ceilings' driver: `threads` threads each repeat one operation, the
// next as soon as the last returns (a closed loop, as torg_loadgen's case
// streams call torgd), for a fixed time; then one JSON line of what they
// did, in the shape run-bench.sh's report reads.

#include <functional>
#include <string>

#include "clients/loadgen/latency_recorder.h"

namespace torg::bench {

struct ClosedLoop {
  int threads = 64;
  double seconds = 10;
  // Bytes each operation carries, for the output.
  int payload_bytes = 300;
  // What one operation is called in the output: "calls", "writes".
  std::string unit = "calls";
};

// Runs `operation(thread)` (true when it succeeded) in the loop; prints
//   {"threads": N, "payload_bytes": B, "<unit>": N, "failed": N, "seconds": S,
//    "<unit>_per_second": R, "p50_ms": ..., "p99_ms": ..., "p999_ms": ...,
//    "max_ms": ...}
// to stdout. Returns the process's exit status: 0 when nothing failed.
int RunClosedLoop(const ClosedLoop& loop, const std::function<bool(int thread)>& operation);

}  // namespace torg::bench

#endif  // TORG_TESTS_BENCH_CLOSED_LOOP_H_
