#ifndef TORG_TESTS_INTEGRATION_CHILD_PROCESS_H_
#define TORG_TESTS_INTEGRATION_CHILD_PROCESS_H_

// Real programs (torgd, torgctl) as child processes, with their stdout and
// stderr captured, for tests that exercise the binaries as an operator would.

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace torg::testing {

class ChildProcess {
  struct PrivateKey {};

 public:
  // Starts argv[0] with the arguments argv[1..], in this process's
  // environment with TORG_SERVER removed and `extra_env` ("NAME=value")
  // added. Errors if the program cannot be started.
  static absl::StatusOr<std::unique_ptr<ChildProcess>> Start(
      const std::vector<std::string>& argv, const std::vector<std::string>& extra_env = {});

  // Only for Start.
  ChildProcess(PrivateKey, pid_t pid, int out_fd, int err_fd);

  // Kills the process with SIGKILL if it is still running, and reaps it.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Reads output until stderr contains `text`, the process closes stderr, or
  // `timeout` passes. True if stderr contains `text`.
  bool WaitForStderr(absl::string_view text, absl::Duration timeout);

  // Sends `signal_number` to the process.
  void Signal(int signal_number);

  // Waits up to `timeout` for the process to exit, reading all its output.
  // Returns its exit code (128 + n when killed by signal n), or nullopt when
  // it is still running.
  std::optional<int> WaitForExit(absl::Duration timeout);

  const std::string& stdout_text() const { return out_; }
  const std::string& stderr_text() const { return err_; }

 private:
  // Reads whatever is available until `deadline`, or until `done` holds.
  template <typename Predicate>
  void ReadUntil(absl::Time deadline, Predicate done);
  bool ReadOnce(absl::Duration timeout);
  bool TryReap();

  pid_t pid_;
  int out_fd_;
  int err_fd_;
  std::string out_;
  std::string err_;
  std::optional<int> exit_code_;
};

// How long torgd may take to start serving, and to stop after a signal: it
// drains calls for up to 10 s, so anything near the stop timeout is a hang.
inline constexpr absl::Duration kTorgdStartTimeout = absl::Seconds(20);
inline constexpr absl::Duration kTorgdStopTimeout = absl::Seconds(15);

// What a program that ran to completion did.
struct ProcessResult {
  int exit_code = -1;  // -1 when it had to be killed after the timeout
  std::string out;
  std::string err;
};

// Runs a program to completion (at most `timeout`), as ChildProcess::Start.
ProcessResult RunProgram(const std::vector<std::string>& argv,
                         const std::vector<std::string>& extra_env = {},
                         absl::Duration timeout = absl::Seconds(30));

}  // namespace torg::testing

#endif  // TORG_TESTS_INTEGRATION_CHILD_PROCESS_H_
