// The process the kill -9 durability test kills. It appends to the store in
// `argv[1]` from several threads and reports every acknowledged append on
// stdout, one line per append, written only after Append returned OK:
//
//   ack <request_id> <stream> <expected|-> <event_count> <first_pos> <last_pos> <stream_version>
//
// Event contents are derived from the request id, so the parent can rebuild
// any request and check that retrying it after the crash replays it.

#include <unistd.h>

#include <cstdio>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "storage/embedded_event_store.h"
#include "tests/storage/crash_protocol.h"
#include "tests/storage/test_projections.h"

namespace {

std::mutex g_stdout_mutex;

void Report(const std::string& line) {
  std::lock_guard<std::mutex> lock(g_stdout_mutex);
  // write(2) straight to the pipe: nothing may sit in a stdio buffer when
  // the SIGKILL comes, or the parent would miss an acknowledged append.
  const std::string with_newline = line + "\n";
  size_t done = 0;
  while (done < with_newline.size()) {
    ssize_t n = ::write(STDOUT_FILENO, with_newline.data() + done, with_newline.size() - done);
    if (n <= 0) _exit(4);
    done += static_cast<size_t>(n);
  }
}

void AppendForever(torg::storage::EventStore& store, int thread_index, uint64_t seed) {
  std::mt19937_64 random(seed * 1000 + static_cast<uint64_t>(thread_index));
  for (uint64_t i = 0;; ++i) {
    torg::testing::crash::Append append;
    // The seed differs per run, so ids never collide with an earlier run's,
    // even when the operating system reuses a pid.
    append.request_id = absl::StrCat("s", seed, "-t", thread_index, "-", i);
    append.stream = absl::StrCat("crash-", random() % 20);
    append.event_count = 1 + static_cast<int>(random() % 3);
    if (random() % 2 == 0) {
      absl::StatusOr<uint64_t> version = store.StreamVersion(append.stream);
      if (!version.ok()) _exit(3);
      append.expected_version = *version;
    }
    absl::StatusOr<torg::storage::AppendResult> result =
        store.Append(torg::testing::crash::ToRequest(append));
    if (result.status().code() == absl::StatusCode::kAborted) continue;  // Lost a race.
    if (!result.ok()) {
      Report(absl::StrCat("error ", result.status().ToString()));
      _exit(3);
    }
    Report(torg::testing::crash::FormatAck(append, *result));
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s DATA_DIR SEED\n", argv[0]);
    return 2;
  }
  uint64_t seed = 0;
  if (!absl::SimpleAtoi(argv[2], &seed)) return 2;
  torg::storage::EmbeddedStoreOptions options;
  options.directory = argv[1];
  options.projections = {std::make_shared<torg::testing::CountingProjection>()};
  auto store = torg::storage::EmbeddedEventStore::Open(std::move(options));
  if (!store.ok()) {
    std::fprintf(stderr, "open failed: %s\n", store.status().ToString().c_str());
    return 3;
  }
  Report("ready");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] { AppendForever(**store, t, seed); });
  }
  for (std::thread& thread : threads) thread.join();
  return 0;
}
