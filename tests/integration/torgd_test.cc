// torgd and torgctl as an operator runs them: real binaries, real ports on
// loopback, real data directories.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/child_process.h"
#include "tests/services/reflection_client.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace torg::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// A started torgd and the address it serves on.
struct RunningTorgd {
  std::unique_ptr<ChildProcess> process;
  std::string address;  // 127.0.0.1:PORT
};

// The address from the `msg="torgd serving" listen=127.0.0.1:PORT ...` line.
std::string ServingAddress(const std::string& log) {
  constexpr absl::string_view kPrefix = "msg=\"torgd serving\" listen=";
  const size_t at = log.find(kPrefix.data(), 0, kPrefix.size());
  if (at == std::string::npos) return "";
  const size_t begin = at + kPrefix.size();
  return log.substr(begin, log.find_first_of(" \n", begin) - begin);
}

// Starts torgd on a free port and waits until it serves.
RunningTorgd StartTorgd(const std::string& data_dir, std::vector<std::string> extra_args = {}) {
  std::vector<std::string> argv = {TORGD_PATH, "--listen",   "127.0.0.1:0",     "--data-dir",
                                   data_dir,   "--keys-dir", data_dir + "-keys"};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  RunningTorgd torgd;
  auto process = ChildProcess::Start(argv);
  EXPECT_THAT(process, IsOk());
  if (!process.ok()) return torgd;
  torgd.process = *std::move(process);
  EXPECT_TRUE(torgd.process->WaitForStderr("msg=\"torgd serving\"", kTorgdStartTimeout))
      << torgd.process->stderr_text();
  torgd.address = ServingAddress(torgd.process->stderr_text());
  EXPECT_FALSE(torgd.address.empty()) << torgd.process->stderr_text();
  return torgd;
}

ProcessResult Torgctl(std::vector<std::string> args, const std::vector<std::string>& env = {}) {
  args.insert(args.begin(), TORGCTL_PATH);
  return RunProgram(args, env);
}

// Sends `signal_number` and expects a clean stop.
void ExpectGracefulStop(RunningTorgd& torgd, int signal_number) {
  torgd.process->Signal(signal_number);
  EXPECT_EQ(torgd.process->WaitForExit(kTorgdStopTimeout), 0) << torgd.process->stderr_text();
  EXPECT_THAT(torgd.process->stderr_text(), HasSubstr("msg=\"torgd stopped\""));
}

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

// One-based number of the first line of `text` containing `marker`.
int LineContaining(const std::string& text, const std::string& marker) {
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    if (absl::StrContains(line, marker)) return number;
  }
  return 0;
}

// A TCP socket listening on a loopback port, so that the port is busy.
class ListeningSocket {
 public:
  ListeningSocket() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    auto* generic = reinterpret_cast<sockaddr*>(&address);
    if (::bind(fd_, generic, length) == 0 && ::listen(fd_, 1) == 0 &&
        ::getsockname(fd_, generic, &length) == 0) {
      port_ = ntohs(address.sin_port);
    }
  }
  ~ListeningSocket() { ::close(fd_); }
  ListeningSocket(const ListeningSocket&) = delete;
  ListeningSocket& operator=(const ListeningSocket&) = delete;

  int port() const { return port_; }

 private:
  int fd_;
  int port_ = 0;
};

// A loopback port that nothing listens on (free when this returns).
int UnusedPort() { return ListeningSocket().port(); }

TEST(TorgdTest, HelpListsEveryFlag) {
  const ProcessResult result = RunProgram({TORGD_PATH, "--help"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out,
              AllOf(HasSubstr("--data-dir"), HasSubstr("--listen"), HasSubstr("--config")));
}

TEST(TorgdTest, ServesHealthAndConfigAndStopsOnSigterm) {
  TempDir dir;
  RunningTorgd torgd = StartTorgd(dir.Sub("data"));
  ASSERT_FALSE(torgd.address.empty());
  EXPECT_THAT(
      torgd.process->stderr_text(),
      AllOf(HasSubstr("forbund=umearegionen"), HasSubstr("platforms=8"), HasSubstr("position=0"),
            HasSubstr(absl::StrCat("data_dir=", dir.Sub("data")))));

  const ProcessResult health = Torgctl({"--server", torgd.address, "health"});
  EXPECT_EQ(health.exit_code, 0) << health.err;
  EXPECT_EQ(health.out, "SERVING\n");

  const ProcessResult json = Torgctl({"--server", torgd.address, "--keys-dir", dir.Sub("data-keys"),
                                      "config", "show", "--output", "json"});
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_THAT(json.out, AllOf(HasSubstr("\"Ungdomstorget\""), HasSubstr("\"member_party_ids\""),
                              HasSubstr("\"PLATFORM_KIND_LOCAL\"")));

  const ProcessResult table =
      Torgctl({"--server", torgd.address, "--keys-dir", dir.Sub("data-keys"), "config", "show"});
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out,
              AllOf(HasSubstr("Samordningsförbundet Umeåregionen"), HasSubstr("Platforms (8)"),
                    HasSubstr("Ungdomstorget"), HasSubstr("Vännäs")));

  ExpectGracefulStop(torgd, SIGTERM);
}

TEST(TorgdTest, SigintStopsGracefullyToo) {
  TempDir dir;
  RunningTorgd torgd = StartTorgd(dir.Sub("data"));
  ASSERT_FALSE(torgd.address.empty());
  ExpectGracefulStop(torgd, SIGINT);
  EXPECT_THAT(torgd.process->stderr_text(), HasSubstr("signal=SIGINT"));
}

TEST(TorgdTest, RestartsOnTheSameDataDirectory) {
  TempDir dir;
  for (int run = 0; run < 2; ++run) {
    RunningTorgd torgd = StartTorgd(dir.Sub("data"));
    ASSERT_FALSE(torgd.address.empty()) << "run " << run;
    const ProcessResult health = Torgctl({"--server", torgd.address, "health"});
    EXPECT_EQ(health.exit_code, 0) << "run " << run << ": " << health.err;
    ExpectGracefulStop(torgd, SIGTERM);
  }
}

TEST(TorgdTest, ReflectionDescribesTheHealthService) {
  TempDir dir;
  RunningTorgd torgd = StartTorgd(dir.Sub("data"));
  ASSERT_FALSE(torgd.address.empty());
  ASSERT_OK_AND_ASSIGN(const std::string services, ListServicesByReflection(torgd.address));
  EXPECT_THAT(services,
              AllOf(HasSubstr("torg.v1.ConfigService"), HasSubstr("grpc.health.v1.Health")));
  ASSERT_OK_AND_ASSIGN(const std::string health_file,
                       FileContainingSymbolByReflection(torgd.address, "grpc.health.v1.Health"));
  EXPECT_THAT(health_file, HasSubstr("grpc/health/v1/health.proto"));
  ExpectGracefulStop(torgd, SIGTERM);
}

TEST(TorgdTest, SecondTorgdOnTheSameDataDirectoryExits1) {
  TempDir dir;
  RunningTorgd first = StartTorgd(dir.Sub("data"));
  ASSERT_FALSE(first.address.empty());
  const ProcessResult second = RunProgram({TORGD_PATH, "--listen", "127.0.0.1:0", "--data-dir",
                                           dir.Sub("data"), "--keys-dir", dir.Sub("keys")});
  EXPECT_EQ(second.exit_code, 1) << second.err;
  EXPECT_THAT(second.err, HasSubstr("msg=\"torgd cannot start\""));
  ExpectGracefulStop(first, SIGTERM);
}

TEST(TorgdTest, InvalidConfigExits2NamingFileLineAndField) {
  TempDir dir;
  const std::string example = ReadFile(TORG_EXAMPLE_CONFIG_PATH);
  const std::string broken_path = dir.Sub("broken.textproto");
  std::string broken = example;
  const std::string youth_ages = "age_range { min_years: 16 max_years: 29 }";
  ASSERT_NE(broken.find(youth_ages), std::string::npos);
  broken.replace(broken.find(youth_ages), youth_ages.size(),
                 "age_range { min_years: 16 max_years: 70 }");
  std::ofstream(broken_path) << broken;
  const int line = LineContaining(broken, "max_years: 70");

  const ProcessResult result = RunProgram({TORGD_PATH, "--listen", "127.0.0.1:0", "--data-dir",
                                           dir.Sub("data"), "--config", broken_path});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_THAT(result.err,
              HasSubstr(absl::StrCat(broken_path, ":", line,
                                     ": platforms[0].age_range.max_years: 70 is above the "
                                     "förbund's target range 16–64")));
  EXPECT_THAT(result.err, Not(HasSubstr("torgd serving")));
}

TEST(TorgdTest, MissingConfigFileExits2NamingIt) {
  TempDir dir;
  const ProcessResult result =
      RunProgram({TORGD_PATH, "--listen", "127.0.0.1:0", "--data-dir", dir.Sub("data"),
                  "--keys-dir", dir.Sub("keys"), "--config", dir.Sub("missing.textproto")});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_THAT(result.err, HasSubstr(dir.Sub("missing.textproto")));
}

TEST(TorgdTest, BusyPortExits1NamingTheAddress) {
  TempDir dir;
  ListeningSocket busy;
  ASSERT_GT(busy.port(), 0);
  const std::string address = absl::StrCat("127.0.0.1:", busy.port());
  const ProcessResult result = RunProgram({TORGD_PATH, "--listen", address, "--data-dir",
                                           dir.Sub("data"), "--keys-dir", dir.Sub("keys")});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_THAT(result.err, HasSubstr(absl::StrCat("cannot listen on ", address)));
}

TEST(TorgctlTest, NothingListeningExits1NamingTheAddress) {
  const std::string address = absl::StrCat("127.0.0.1:", UnusedPort());
  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"health"}, std::vector<std::string>{"config", "show"}}) {
    std::vector<std::string> args = {"--server", address};
    args.insert(args.end(), command.begin(), command.end());
    const ProcessResult result = Torgctl(args);
    EXPECT_EQ(result.exit_code, 1) << result.err;
    EXPECT_THAT(result.err, AllOf(HasSubstr(absl::StrCat("cannot reach torgd at ", address)),
                                  HasSubstr("UNAVAILABLE")));
  }
}

TEST(TorgctlTest, TakesTheServerFromTorgServerAndPrintsJsonHealth) {
  TempDir dir;
  RunningTorgd torgd = StartTorgd(dir.Sub("data"));
  ASSERT_FALSE(torgd.address.empty());
  const ProcessResult result =
      Torgctl({"--output", "json", "health"}, {absl::StrCat("TORG_SERVER=", torgd.address)});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("\"status\": \"SERVING\""));
  ExpectGracefulStop(torgd, SIGTERM);
}

// Counts `name`'s row in torgctl demo's summary table, e.g. "closed  131".
int SummaryCount(const std::string& out, const std::string& name) {
  for (absl::string_view line : absl::StrSplit(out, '\n')) {
    if (absl::StartsWith(line, name + "  ")) {
      int count = -1;
      if (absl::SimpleAtoi(absl::StripAsciiWhitespace(line.substr(name.size())), &count)) {
        return count;
      }
    }
  }
  return -1;
}

// The last day a demo run loaded, from its progress line "… the year up to
// 2026-01-14 …", or "".
std::string DemoLastDay(const std::string& err) {
  constexpr absl::string_view kMarker = "the year up to ";
  const size_t at = err.find(kMarker.data(), 0, kMarker.size());
  if (at == std::string::npos) return "";
  return err.substr(at + kMarker.size(), 10);
}

TEST(TorgctlTest, DemoFillsALivingSystemAndIsSafeToRepeat) {
  TempDir dir;
  RunningTorgd torgd = StartTorgd(dir.Sub("data"));
  ASSERT_FALSE(torgd.address.empty());
  const std::string keys = dir.Sub("data-keys");
  const ProcessResult first = Torgctl({"--server", torgd.address, "--keys-dir", keys, "demo",
                                       "--participants", "120", "--seed", "7"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(SummaryCount(first.out, "participants"), 120) << first.out;
  // Every kind of path is taken, even in a small load.
  for (const char* row : {"enrolled (inskrivna)", "declined", "closed", "handovers accepted",
                          "handovers rejected (deviations)", "follow-ups"}) {
    EXPECT_GT(SummaryCount(first.out, row), 0) << row << "\n" << first.out;
  }
  EXPECT_EQ(SummaryCount(first.out, "already there (replayed)"), 0) << first.out;

  // The lists a coordinator opens show the loaded year.
  const ProcessResult issued =
      Torgctl({"--server", torgd.address, "--keys-dir", keys, "token", "issue", "--user-id", "anna",
               "--role", "coordinator", "--platform", "vuxentorget"});
  ASSERT_EQ(issued.exit_code, 0) << issued.err;
  const std::string coordinator = dir.Sub("coordinator.token");
  std::ofstream(coordinator) << issued.out;
  const ProcessResult cases =
      Torgctl({"--server", torgd.address, "--token-file", coordinator, "--output", "json", "case",
               "list", "--platform", "vuxentorget"});
  EXPECT_EQ(cases.exit_code, 0) << cases.err;
  EXPECT_THAT(cases.out, HasSubstr("\"case_id\""));
  const ProcessResult due =
      Torgctl({"--server", torgd.address, "--token-file", coordinator, "closure", "due"});
  EXPECT_EQ(due.exit_code, 0) << due.err;

  // The same seed on the same day records nothing new. Past midnight UTC
  // the second run has another last day: then it is a fresh load, beside the
  // first.
  const ProcessResult again = Torgctl({"--server", torgd.address, "--keys-dir", keys, "demo",
                                       "--participants", "120", "--seed", "7"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const std::string first_day = DemoLastDay(first.err);
  ASSERT_FALSE(first_day.empty()) << first.err;
  if (DemoLastDay(again.err) == first_day) {
    // Every step is a replay. What is not: reading the configuration, WhoAmI,
    // and the tokens the admin issues for the demo's coordinator and for an
    // officer of each of the förbund's nine parties: 12 calls.
    EXPECT_EQ(
        SummaryCount(again.out, "calls") - SummaryCount(again.out, "already there (replayed)"), 12)
        << again.out;
  } else {
    EXPECT_EQ(SummaryCount(again.out, "already there (replayed)"), 0) << again.out;
  }

  // Another seed is another load, and its people fit beside the first's:
  // no personnummer is taken twice.
  const ProcessResult other = Torgctl({"--server", torgd.address, "--keys-dir", keys, "demo",
                                       "--participants", "120", "--seed", "8"});
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_EQ(SummaryCount(other.out, "participants"), 120) << other.out;
  EXPECT_EQ(SummaryCount(other.out, "already there (replayed)"), 0) << other.out;
  ExpectGracefulStop(torgd, SIGTERM);
}

TEST(TorgctlTest, UsageErrorsExit2) {
  EXPECT_EQ(Torgctl({}).exit_code, 2);
  EXPECT_EQ(Torgctl({"--output", "xml", "health"}).exit_code, 2);
  EXPECT_EQ(Torgctl({"config"}).exit_code, 2);
  EXPECT_EQ(Torgctl({"--timeout", "0", "health"}).exit_code, 2);
  // Setting a case's flags names them, or --none: a forgotten option never
  // withdraws a flag.
  const ProcessResult no_flags = Torgctl({"case", "flags", "c1"});
  EXPECT_EQ(no_flags.exit_code, 2);
  EXPECT_THAT(no_flags.err, HasSubstr("--violence"));
  EXPECT_EQ(Torgctl({"case", "flags", "c1", "--none", "--risk-use"}).exit_code, 2);
}

}  // namespace
}  // namespace torg::testing
