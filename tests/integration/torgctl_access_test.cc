// torgctl signing in to a real torgd: the admin token a local torgd writes,
// tokens it issues, the demo working as a coordinator, the audit log.

#include <signal.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/child_process.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace torg::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// A torgd on a free loopback port, its keys in `keys_dir`, stopped (SIGTERM)
// when destroyed.
class Torgd {
 public:
  Torgd(const std::string& data_dir, const std::string& keys_dir) {
    auto process = ChildProcess::Start(
        {TORGD_PATH, "--listen", "127.0.0.1:0", "--data-dir", data_dir, "--keys-dir", keys_dir});
    EXPECT_THAT(process, IsOk());
    if (!process.ok()) return;
    process_ = *std::move(process);
    EXPECT_TRUE(process_->WaitForStderr("msg=\"torgd serving\"", kTorgdStartTimeout))
        << process_->stderr_text();
    constexpr absl::string_view kPrefix = "msg=\"torgd serving\" listen=";
    const std::string log = process_->stderr_text();
    const size_t at = log.find(kPrefix.data(), 0, kPrefix.size());
    if (at == std::string::npos) return;
    const size_t begin = at + kPrefix.size();
    address_ = log.substr(begin, log.find_first_of(" \n", begin) - begin);
  }
  ~Torgd() {
    if (process_ == nullptr) return;
    process_->Signal(SIGTERM);
    process_->WaitForExit(kTorgdStopTimeout);
  }
  Torgd(const Torgd&) = delete;
  Torgd& operator=(const Torgd&) = delete;

  const std::string& address() const { return address_; }

 private:
  std::unique_ptr<ChildProcess> process_;
  std::string address_;
};

// torgctl against `torgd` with `sign_in` (e.g. {"--keys-dir", DIR}) and
// `args`. The environment a developer may have set for torgctl is cleared,
// so that only the arguments choose the credentials.
ProcessResult TorgctlAgainst(const Torgd& torgd, const std::vector<std::string>& sign_in,
                             const std::vector<std::string>& args) {
  std::vector<std::string> argv = {TORGCTL_PATH, "--server", torgd.address()};
  argv.insert(argv.end(), sign_in.begin(), sign_in.end());
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProgram(argv, {}, absl::Seconds(120));
}

// Issues a token with the admin token of `keys_dir` and writes it to `path`.
// Returns the token, or "" after a test failure.
std::string IssueToken(const Torgd& torgd, const std::string& keys_dir, const std::string& path,
                       const std::vector<std::string>& principal) {
  std::vector<std::string> args = {"token", "issue", "--lifetime", "30m"};
  args.insert(args.end(), principal.begin(), principal.end());
  const ProcessResult issued = TorgctlAgainst(torgd, {"--keys-dir", keys_dir}, args);
  EXPECT_EQ(issued.exit_code, 0) << issued.err;
  const std::string token(absl::StripAsciiWhitespace(issued.out));
  EXPECT_FALSE(token.empty());
  EXPECT_FALSE(absl::StrContains(token, '\n')) << "stdout must hold the token alone";
  EXPECT_THAT(issued.err, HasSubstr("expires"));
  std::ofstream(path) << token << "\n";
  return token;
}

class TorgctlAccessTest : public ::testing::Test {
 protected:
  TorgctlAccessTest() : torgd_(dir_.Sub("data"), dir_.Sub("keys")) {}

  std::vector<std::string> Admin() const { return {"--keys-dir", dir_.Sub("keys")}; }

  TempDir dir_;
  Torgd torgd_;
};

TEST_F(TorgctlAccessTest, SignsInWithTheAdminTokenOfTheKeysDirectory) {
  ASSERT_FALSE(torgd_.address().empty());
  const ProcessResult who = TorgctlAgainst(torgd_, Admin(), {"whoami", "--output", "json"});
  EXPECT_EQ(who.exit_code, 0) << who.err;
  EXPECT_THAT(who.out, HasSubstr("\"admin\""));

  // The admin may not work cases.
  const ProcessResult cases =
      TorgctlAgainst(torgd_, Admin(), {"case", "list", "--platform", "ungdomstorget"});
  EXPECT_EQ(cases.exit_code, 1);
  EXPECT_THAT(cases.err, HasSubstr("PERMISSION_DENIED"));
}

TEST_F(TorgctlAccessTest, WithoutATokenSaysHowToGiveOne) {
  ASSERT_FALSE(torgd_.address().empty());
  const ProcessResult who = TorgctlAgainst(torgd_, {"--no-token"}, {"whoami"});
  EXPECT_EQ(who.exit_code, 1);
  EXPECT_THAT(who.err, AllOf(HasSubstr("UNAUTHENTICATED"), HasSubstr("sent no token")));
}

TEST_F(TorgctlAccessTest, ABadTokenIsRefusedAndNeverPrinted) {
  ASSERT_FALSE(torgd_.address().empty());
  const std::string path = dir_.Sub("bad.token");
  std::ofstream(path) << "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2VjcmV0LXNpZ25hdHVyZQ\n";
  const ProcessResult who = TorgctlAgainst(torgd_, {"--token-file", path}, {"whoami"});
  EXPECT_EQ(who.exit_code, 1);
  EXPECT_THAT(who.err, AllOf(HasSubstr("UNAUTHENTICATED"), HasSubstr(path),
                             Not(HasSubstr("c2VjcmV0LXNpZ25hdHVyZQ"))));
}

TEST_F(TorgctlAccessTest, IssuedTokensWorkAndTheAuditLogRecordsThePurpose) {
  ASSERT_FALSE(torgd_.address().empty());
  const std::string coordinator = dir_.Sub("anna.token");
  IssueToken(torgd_, dir_.Sub("keys"), coordinator,
             {"--user-id", "anna", "--role", "coordinator", "--platform", "ungdomstorget"});
  const ProcessResult who = TorgctlAgainst(torgd_, {"--token-file", coordinator}, {"whoami"});
  EXPECT_EQ(who.exit_code, 0) << who.err;
  EXPECT_THAT(who.out,
              AllOf(HasSubstr("anna"), HasSubstr("coordinator"), HasSubstr("ungdomstorget")));

  // A purpose with å, ä, ö must reach torgd, not abort torgctl in gRPC.
  const ProcessResult cases =
      TorgctlAgainst(torgd_, {"--token-file", coordinator, "--purpose", "handläggning av ärende"},
                     {"case", "list", "--platform", "ungdomstorget"});
  EXPECT_EQ(cases.exit_code, 0) << cases.err;

  const std::string auditor = dir_.Sub("auditor.token");
  IssueToken(torgd_, dir_.Sub("keys"), auditor, {"--user-id", "revisor", "--role", "auditor"});
  const ProcessResult query =
      TorgctlAgainst(torgd_, {"--token-file", auditor, "--purpose", "tillsyn"},
                     {"audit", "query", "--user-id", "anna"});
  EXPECT_EQ(query.exit_code, 0) << query.err;
  EXPECT_THAT(query.out, AllOf(HasSubstr("anna"), HasSubstr("ListCases"), HasSubstr("handl")));

  const ProcessResult verify =
      TorgctlAgainst(torgd_, {"--token-file", auditor}, {"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_THAT(verify.out, HasSubstr("intact: "));
  // The head it printed is an anchor the next verification accepts.
  const size_t head = verify.out.find("head ");
  ASSERT_NE(head, std::string::npos) << verify.out;
  const std::string anchor(absl::StripAsciiWhitespace(verify.out.substr(head + 5)));
  const ProcessResult anchored =
      TorgctlAgainst(torgd_, {"--token-file", auditor}, {"audit", "verify", "--anchor", anchor});
  EXPECT_EQ(anchored.exit_code, 0) << anchored.err << anchored.out;
}

TEST_F(TorgctlAccessTest, DemoWorksCasesWithACoordinatorTokenTheAdminIssues) {
  ASSERT_FALSE(torgd_.address().empty());
  const ProcessResult demo =
      TorgctlAgainst(torgd_, Admin(), {"demo", "--participants", "20", "--seed", "3"});
  EXPECT_EQ(demo.exit_code, 0) << demo.err;
  EXPECT_THAT(demo.err, HasSubstr("demo-coordinator"));
  EXPECT_THAT(demo.out, HasSubstr("participants"));
}

TEST_F(TorgctlAccessTest, ThePeriodReportOfAPlatformForTheAdmin) {
  ASSERT_FALSE(torgd_.address().empty());
  const ProcessResult report = TorgctlAgainst(
      torgd_, Admin(), {"report", "period", "--platform", "ungdomstorget", "--year", "2026"});
  EXPECT_EQ(report.exit_code, 0) << report.err;
  EXPECT_THAT(report.out,
              AllOf(HasSubstr("Periodrapport för ungdomstorget, 2026-01-01 – 2026-12-31, "
                              "loggposition "),
                    HasSubstr("Aktiva"), HasSubstr("Inflyttade")));
}

TEST_F(TorgctlAccessTest, DemoRefusesWhoCanNeitherWorkCasesNorIssueTokens) {
  ASSERT_FALSE(torgd_.address().empty());
  const std::string steering = dir_.Sub("steering.token");
  IssueToken(torgd_, dir_.Sub("keys"), steering, {"--user-id", "styrelse", "--role", "steering"});
  const ProcessResult demo =
      TorgctlAgainst(torgd_, {"--token-file", steering}, {"demo", "--participants", "5"});
  EXPECT_EQ(demo.exit_code, 1);
  EXPECT_THAT(demo.err, AllOf(HasSubstr("styrelse"), HasSubstr("may not issue tokens"),
                              HasSubstr("admin token")));
}

TEST_F(TorgctlAccessTest, AnExporterExportsAndRegeneratesTheSameBytes) {
  ASSERT_FALSE(torgd_.address().empty());
  const ProcessResult demo =
      TorgctlAgainst(torgd_, Admin(), {"demo", "--participants", "20", "--seed", "3"});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  const std::string exporter = dir_.Sub("exporter.token");
  IssueToken(torgd_, dir_.Sub("keys"), exporter, {"--user-id", "uppfoljare", "--role", "exporter"});

  const std::string first = dir_.Sub("sus.csv");
  const ProcessResult exported =
      TorgctlAgainst(torgd_, {"--token-file", exporter, "--purpose", "SUS"},
                     {"export", "sus", "--platform", "ungdomstorget", "--year", "2026", "--out",
                      first, "--validation", dir_.Sub("validation.txt")});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_THAT(exported.err, AllOf(HasSubstr("plattform ungdomstorget"), HasSubstr("loggposition")));
  constexpr absl::string_view kPrefix = "Inlämning ";
  const size_t at = exported.err.find(kPrefix.data(), 0, kPrefix.size());
  ASSERT_NE(at, std::string::npos) << exported.err;
  const size_t begin = at + kPrefix.size();
  const std::string submission = exported.err.substr(begin, exported.err.find(':', begin) - begin);

  const std::string again = dir_.Sub("again.csv");
  const ProcessResult regenerated =
      TorgctlAgainst(torgd_, {"--token-file", exporter, "--purpose", "SUS"},
                     {"export", "regenerate", submission, "--out", again});
  ASSERT_EQ(regenerated.exit_code, 0) << regenerated.err;
  auto read = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  };
  const std::string csv = read(first);
  EXPECT_THAT(csv, HasSubstr("personnummer;"));
  EXPECT_EQ(read(again), csv) << "a submission must regenerate byte for byte";

  // The admin is not the exporter.
  const ProcessResult refused =
      TorgctlAgainst(torgd_, Admin(), {"export", "regenerate", submission});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("PERMISSION_DENIED"));
}

}  // namespace
}  // namespace torg::testing
