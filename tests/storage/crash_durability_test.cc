// kill -9 durability: a child process appends with synced durability and
// reports each acknowledged append; it is killed with SIGKILL at a random
// moment; the store is reopened and must hold every acknowledged append,
// with dense positions and versions and projections that match the log.
// Twenty cycles run against the same directory, so recovery is also tested
// on a store that has crashed many times before.
//
// A SIGKILL ends the process, not the machine: written but unsynced WAL
// bytes survive in the page cache. So this test proves acknowledgement comes
// after the write, batches are atomic and positions are never reused; that
// the WAL is really fsynced before an acknowledgement is checked by
// SyncedModeFsyncsTheWalForEveryBatchAndUnsyncedNever (RocksDB's own count).

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/embedded_event_store.h"
#include "tests/storage/crash_protocol.h"
#include "tests/storage/test_projections.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

extern char** environ;

namespace torg::testing {
namespace {

constexpr int kCycles = 20;

struct ChildRun {
  std::vector<crash::Ack> acks;
  std::string unparsed;  // Lines that were not acks (errors, a torn last line).
  bool was_ready = false;
};

// Starts the child, waits until it has acknowledged `kill_after_acks`
// appends, lets it run `jitter` more, kills it with SIGKILL and returns
// everything it wrote. Counting acks rather than time keeps the kill random
// but independent of how loaded the machine is.
ChildRun RunAndKill(const std::string& directory, uint64_t seed, size_t kill_after_acks,
                    absl::Duration jitter) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) {
    ADD_FAILURE() << "pipe failed";
    return ChildRun{};
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  std::string program = TORG_CRASH_CHILD_PATH;
  std::string seed_text = absl::StrCat(seed);
  std::vector<char*> argv = {program.data(), const_cast<char*>(directory.c_str()), seed_text.data(),
                             nullptr};
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  ChildRun run;
  if (spawned != 0 || pid <= 0) {
    // Never signal pid 0: that would kill this test's whole process group.
    ::close(pipe_fds[0]);
    ADD_FAILURE() << "cannot start " << program << ": error " << spawned;
    return run;
  }

  std::string output;
  absl::Notification enough;
  std::thread reader([&] {
    char buffer[1 << 16];
    size_t acks = 0;
    for (;;) {
      ssize_t n = ::read(pipe_fds[0], buffer, sizeof buffer);
      if (n <= 0) break;
      output.append(buffer, static_cast<size_t>(n));
      acks += static_cast<size_t>(std::count(buffer, buffer + n, '\n'));
      // One line is "ready"; an error line also ends the wait.
      if (!enough.HasBeenNotified() &&
          (acks > kill_after_acks || output.find("error") != std::string::npos)) {
        enough.Notify();
      }
    }
    if (!enough.HasBeenNotified()) enough.Notify();
  });
  const bool reached = enough.WaitForNotificationWithTimeout(absl::Seconds(60));
  EXPECT_TRUE(reached) << "the child did not reach " << kill_after_acks << " acks in 60 s";
  absl::SleepFor(jitter);
  ::kill(pid, SIGKILL);
  int wait_status = 0;
  ::waitpid(pid, &wait_status, 0);
  reader.join();  // EOF once the child is gone: every byte it wrote is read.
  ::close(pipe_fds[0]);

  for (absl::string_view line : absl::StrSplit(output, '\n', absl::SkipEmpty())) {
    if (line == "ready") {
      run.was_ready = true;
    } else if (std::optional<crash::Ack> ack = crash::ParseAck(line)) {
      run.acks.push_back(*ack);
    } else {
      absl::StrAppend(&run.unparsed, line, "\n");
    }
  }
  EXPECT_TRUE(WIFSIGNALED(wait_status) && WTERMSIG(wait_status) == SIGKILL)
      << "the child ended by itself; output:\n"
      << run.unparsed;
  return run;
}

absl::StatusOr<std::unique_ptr<storage::EmbeddedEventStore>> Reopen(const std::string& directory) {
  storage::EmbeddedStoreOptions options;
  options.directory = directory;
  options.projections = {std::make_shared<CountingProjection>()};
  return storage::EmbeddedEventStore::Open(std::move(options));
}

void ExpectAckPresent(storage::EventStore& store, const crash::Ack& ack) {
  const uint64_t count = ack.last_position - ack.first_position + 1;
  ASSERT_EQ(count, static_cast<uint64_t>(ack.append.event_count));
  ASSERT_OK_AND_ASSIGN(auto events, store.ReadAll(ack.first_position, count));
  ASSERT_EQ(events.size(), count) << "acknowledged append " << ack.append.request_id << " lost";
  for (uint64_t k = 0; k < count; ++k) {
    const storage::RecordedEvent& event = events[k];
    EXPECT_EQ(event.request_id, ack.append.request_id);
    EXPECT_EQ(event.stream, ack.append.stream);
    EXPECT_EQ(event.version, ack.stream_version - count + 1 + k);
    EXPECT_EQ(event.data, absl::StrCat(ack.append.request_id, "/", k));
  }
  // A client that never saw the answer retries: it must get the same one.
  ASSERT_OK_AND_ASSIGN(auto retry, store.Append(crash::ToRequest(ack.append)));
  EXPECT_TRUE(retry.replayed);
  EXPECT_EQ(retry.first_position, ack.first_position);
  EXPECT_EQ(retry.stream_versions.at(0), ack.stream_version);
}

// The log is dense, every stream's versions are dense, and the projection
// equals a recount of the log: nothing partial survived the crash.
void ExpectConsistent(storage::EventStore& store) {
  ASSERT_OK_AND_ASSIGN(uint64_t last, store.LastPosition());
  ASSERT_OK_AND_ASSIGN(auto all, store.ReadAll(1, last + 10));
  ASSERT_EQ(all.size(), last);
  std::map<std::string, uint64_t> versions;
  for (size_t i = 0; i < all.size(); ++i) {
    ASSERT_EQ(all[i].position, i + 1);
    ASSERT_EQ(all[i].version, ++versions[all[i].stream]) << all[i].stream;
  }
  for (const auto& [stream, version] : versions) {
    EXPECT_THAT(store.StreamVersion(stream), IsOkAndHolds(version));
    EXPECT_THAT(store.ReadProjection(CountingProjection::kName, "stream/" + stream),
                IsOkAndHolds(::testing::Optional(absl::StrCat(version))));
  }
  EXPECT_THAT(store.ReadProjection(CountingProjection::kName, "total"),
              IsOkAndHolds(::testing::Optional(absl::StrCat(last))));
}

TEST(CrashDurabilityTest, EveryAcknowledgedAppendSurvivesKillNine) {
  TempDir dir;
  const std::string directory = dir.Sub("store");
  const char* fixed_seed = std::getenv("TORG_CRASH_SEED");
  const uint64_t seed =
      fixed_seed != nullptr ? std::strtoull(fixed_seed, nullptr, 10) : std::random_device{}();
  std::printf("seed %llu (rerun with TORG_CRASH_SEED=%llu)\n",
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
  std::mt19937_64 random(seed);
  std::vector<crash::Ack> acknowledged;
  for (int cycle = 0; cycle < kCycles; ++cycle) {
    SCOPED_TRACE(absl::StrCat("cycle ", cycle));
    const size_t kill_after_acks = 1 + random() % 600;
    const absl::Duration jitter = absl::Microseconds(random() % 20'000);
    ChildRun run = RunAndKill(directory, random(), kill_after_acks, jitter);
    ASSERT_TRUE(run.was_ready) << run.unparsed;
    EXPECT_THAT(run.unparsed, ::testing::Not(::testing::HasSubstr("error"))) << run.unparsed;
    ASSERT_GE(run.acks.size(), kill_after_acks);
    acknowledged.insert(acknowledged.end(), run.acks.begin(), run.acks.end());

    ASSERT_OK_AND_ASSIGN(auto store, Reopen(directory));
    ExpectConsistent(*store);
    for (const crash::Ack& ack : acknowledged) {
      ExpectAckPresent(*store, ack);
      if (HasFatalFailure()) return;
    }
    std::printf(
        "cycle %d: killed %s after ack %zu, %zu acks this run, %zu in all, "
        "last position %llu\n",
        cycle, absl::FormatDuration(jitter).c_str(), kill_after_acks, run.acks.size(),
        acknowledged.size(), static_cast<unsigned long long>(*store->LastPosition()));
  }
}

}  // namespace
}  // namespace torg::testing
