#include "tests/integration/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

extern char** environ;

namespace torg::testing {
namespace {

std::vector<std::string> ChildEnvironment(const std::vector<std::string>& extra_env) {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    // The tests choose the server explicitly; a developer's setting must not leak in.
    if (!absl::StartsWith(*entry, "TORG_")) env.emplace_back(*entry);
  }
  env.insert(env.end(), extra_env.begin(), extra_env.end());
  return env;
}

// posix_spawn wants NULL-terminated arrays of mutable C strings.
std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& text : strings) pointers.push_back(text.data());
  pointers.push_back(nullptr);
  return pointers;
}

// Reads what is available on `fd` into `sink`; closes it and sets it to -1
// at end of file.
void Drain(int& fd, std::string& sink) {
  char buffer[4096];
  while (fd >= 0) {
    const ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n > 0) {
      sink.append(buffer, static_cast<size_t>(n));
    } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
      ::close(fd);
      fd = -1;
    } else if (errno == EAGAIN) {
      return;
    }
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<ChildProcess>> ChildProcess::Start(
    const std::vector<std::string>& argv, const std::vector<std::string>& extra_env) {
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return absl::InternalError("pipe2 failed");
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return absl::InternalError("pipe2 failed");
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);

  // The child starts with default signal handling and nothing blocked,
  // whatever the test runner had.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t no_signals;
  sigemptyset(&no_signals);
  sigset_t default_signals;
  sigemptyset(&default_signals);
  sigaddset(&default_signals, SIGTERM);
  sigaddset(&default_signals, SIGINT);
  sigaddset(&default_signals, SIGPIPE);
  posix_spawnattr_setsigmask(&attributes, &no_signals);
  posix_spawnattr_setsigdefault(&attributes, &default_signals);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> args = argv;
  std::vector<std::string> env = ChildEnvironment(extra_env);
  std::vector<char*> arg_pointers = CStrings(args);
  std::vector<char*> env_pointers = CStrings(env);
  pid_t pid = 0;
  const int spawn_error = ::posix_spawn(&pid, args[0].c_str(), &actions, &attributes,
                                        arg_pointers.data(), env_pointers.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (spawn_error != 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    return absl::InternalError(
        absl::StrCat("cannot start ", args[0], ": ", std::strerror(spawn_error)));
  }
  ::fcntl(out_pipe[0], F_SETFL, O_NONBLOCK);
  ::fcntl(err_pipe[0], F_SETFL, O_NONBLOCK);
  return std::make_unique<ChildProcess>(PrivateKey{}, pid, out_pipe[0], err_pipe[0]);
}

ChildProcess::ChildProcess(PrivateKey, pid_t pid, int out_fd, int err_fd)
    : pid_(pid), out_fd_(out_fd), err_fd_(err_fd) {}

ChildProcess::~ChildProcess() {
  if (!exit_code_.has_value() && !TryReap()) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
  if (err_fd_ >= 0) ::close(err_fd_);
}

bool ChildProcess::ReadOnce(absl::Duration timeout) {
  pollfd fds[2];
  nfds_t count = 0;
  for (int fd : {out_fd_, err_fd_}) {
    if (fd >= 0) fds[count++] = pollfd{fd, POLLIN, 0};
  }
  if (count == 0) return false;
  const int timeout_ms = static_cast<int>(std::max<int64_t>(0, absl::ToInt64Milliseconds(timeout)));
  if (::poll(fds, count, timeout_ms) <= 0) return true;
  Drain(out_fd_, out_);
  Drain(err_fd_, err_);
  return true;
}

template <typename Predicate>
void ChildProcess::ReadUntil(absl::Time deadline, Predicate done) {
  while (!done() && absl::Now() < deadline) {
    const absl::Duration step = std::min(deadline - absl::Now(), absl::Milliseconds(50));
    if (!ReadOnce(step)) {
      // Both pipes closed: only the exit is left to wait for.
      TryReap();
      if (exit_code_.has_value()) return;
      absl::SleepFor(std::min(step, absl::Milliseconds(10)));
    }
  }
}

bool ChildProcess::WaitForStderr(absl::string_view text, absl::Duration timeout) {
  ReadUntil(absl::Now() + timeout, [&] { return absl::StrContains(err_, text) || err_fd_ < 0; });
  return absl::StrContains(err_, text);
}

void ChildProcess::Signal(int signal_number) {
  if (!exit_code_.has_value()) ::kill(pid_, signal_number);
}

std::optional<int> ChildProcess::WaitForExit(absl::Duration timeout) {
  ReadUntil(absl::Now() + timeout, [&] {
    TryReap();
    return exit_code_.has_value() && out_fd_ < 0 && err_fd_ < 0;
  });
  return exit_code_;
}

bool ChildProcess::TryReap() {
  if (exit_code_.has_value()) return true;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) != pid_) return false;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return true;
}

ProcessResult RunProgram(const std::vector<std::string>& argv,
                         const std::vector<std::string>& extra_env, absl::Duration timeout) {
  ProcessResult result;
  absl::StatusOr<std::unique_ptr<ChildProcess>> child = ChildProcess::Start(argv, extra_env);
  if (!child.ok()) {
    result.err = child.status().ToString();
    return result;
  }
  const std::optional<int> exit_code = (*child)->WaitForExit(timeout);
  result.exit_code = exit_code.value_or(-1);
  result.out = (*child)->stdout_text();
  result.err = (*child)->stderr_text();
  return result;
}

}  // namespace torg::testing
