// torgd's security as an operator meets it: the admin token file, plaintext
// only on loopback, TLS with client certificates mapped to users, and
// `torgctl audit verify` finding an altered or removed audit entry.

#include <signal.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/child_process.h"
#include "tests/support/raw_rocks_editor.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace torg::testing {
namespace {

using ::testing::HasSubstr;

struct Started {
  std::unique_ptr<ChildProcess> process;
  std::string address;
};

Started StartTorgdWithFlags(std::vector<std::string> extra) {
  std::vector<std::string> argv = {TORGD_PATH, "--listen", "127.0.0.1:0"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  Started started;
  auto process = ChildProcess::Start(argv);
  EXPECT_THAT(process, IsOk());
  if (!process.ok()) return started;
  started.process = *std::move(process);
  EXPECT_TRUE(started.process->WaitForStderr("msg=\"torgd serving\"", kTorgdStartTimeout))
      << started.process->stderr_text();
  constexpr absl::string_view kPrefix = "msg=\"torgd serving\" listen=";
  const std::string log = started.process->stderr_text();
  const size_t at = log.find(kPrefix.data(), 0, kPrefix.size());
  if (at == std::string::npos) return started;
  const size_t begin = at + kPrefix.size();
  started.address = log.substr(begin, log.find_first_of(" \n", begin) - begin);
  return started;
}

void Stop(Started& started) {
  if (started.process == nullptr) return;
  started.process->Signal(SIGTERM);
  EXPECT_EQ(started.process->WaitForExit(kTorgdStopTimeout), 0);
  started.process.reset();
}

ProcessResult TorgctlAt(const std::string& address, std::vector<std::string> args) {
  args.insert(args.begin(), {TORGCTL_PATH, "--server", address});
  return RunProgram(args, {}, absl::Seconds(60));
}

// A token for `principal` issued with the admin token of `keys`, in a file.
std::string TokenFile(const std::string& address, const std::string& keys, const std::string& path,
                      std::vector<std::string> principal) {
  std::vector<std::string> args = {"--keys-dir", keys, "token", "issue"};
  args.insert(args.end(), principal.begin(), principal.end());
  const ProcessResult issued = TorgctlAt(address, args);
  EXPECT_EQ(issued.exit_code, 0) << issued.err;
  std::ofstream(path) << absl::StripAsciiWhitespace(issued.out) << "\n";
  return path;
}

TEST(SecureTorgdTest, FirstStartWritesAnAdminTokenOnlyItsOwnerMayRead) {
  TempDir dir;
  Started torgd =
      StartTorgdWithFlags({"--data-dir", dir.Sub("data"), "--keys-dir", dir.Sub("keys")});
  ASSERT_FALSE(torgd.address.empty());
  const std::string token_path = dir.Sub("keys") + "/admin.token";
  struct stat info {};
  ASSERT_EQ(::stat(token_path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  EXPECT_THAT(torgd.process->stderr_text(), HasSubstr(token_path));
  EXPECT_THAT(torgd.process->stderr_text(), ::testing::Not(HasSubstr("insecure-dev")));
  // Without credentials torgctl is turned away; health needs none.
  EXPECT_EQ(TorgctlAt(torgd.address, {"--no-token", "health"}).exit_code, 0);
  const ProcessResult anonymous = TorgctlAt(torgd.address, {"--no-token", "config", "show"});
  EXPECT_EQ(anonymous.exit_code, 1);
  EXPECT_THAT(anonymous.err, HasSubstr("UNAUTHENTICATED"));
  Stop(torgd);
}

TEST(SecureTorgdTest, PlaintextOffLoopbackNeedsInsecureDevWhichWarns) {
  TempDir dir;
  const ProcessResult refused = RunProgram({TORGD_PATH, "--listen", "0.0.0.0:0", "--data-dir",
                                            dir.Sub("data"), "--keys-dir", dir.Sub("keys")});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_THAT(refused.err, HasSubstr("refusing to serve plaintext"));

  Started dev = StartTorgdWithFlags(
      {"--data-dir", dir.Sub("dev"), "--keys-dir", dir.Sub("dev-keys"), "--insecure-dev"});
  ASSERT_FALSE(dev.address.empty());
  EXPECT_THAT(dev.process->stderr_text(), HasSubstr("level=warning"));
  EXPECT_THAT(dev.process->stderr_text(), HasSubstr("--insecure-dev"));
  const ProcessResult whoami =
      TorgctlAt(dev.address, {"--no-token", "--user", "utvecklare", "whoami"});
  EXPECT_EQ(whoami.exit_code, 0) << whoami.err;
  EXPECT_THAT(whoami.out, HasSubstr("insecure-dev"));
  Stop(dev);
}

// Runs openssl; a failure fails the test.
void Openssl(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"/usr/bin/openssl"};
  argv.insert(argv.end(), args.begin(), args.end());
  const ProcessResult result = RunProgram(argv);
  ASSERT_EQ(result.exit_code, 0) << result.err;
}

TEST(SecureTorgdTest, TlsWithAClientCertificateMappedToAUser) {
  TempDir dir;
  const std::string d = dir.path();
  // A CA, a server certificate for localhost, and a SITHS-like client
  // certificate whose subject serialNumber is an HSA-id.
  ASSERT_NO_FATAL_FAILURE(Openssl(
      {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days",
       "2", "-subj", "/CN=Torg test CA", "-keyout", d + "/ca.key", "-out", d + "/ca.pem"}));
  ASSERT_NO_FATAL_FAILURE(
      Openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj",
               "/CN=localhost", "-keyout", d + "/server.key", "-out", d + "/server.csr"}));
  std::ofstream(d + "/server.ext") << "subjectAltName=DNS:localhost,IP:127.0.0.1\n";
  ASSERT_NO_FATAL_FAILURE(Openssl({"x509", "-req", "-in", d + "/server.csr", "-CA", d + "/ca.pem",
                                   "-CAkey", d + "/ca.key", "-CAcreateserial", "-days", "2",
                                   "-extfile", d + "/server.ext", "-out", d + "/server.pem"}));
  ASSERT_NO_FATAL_FAILURE(
      Openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj",
               "/CN=Anna Koordinator/serialNumber=SE2321000016-A1B2", "-keyout", d + "/client.key",
               "-out", d + "/client.csr"}));
  ASSERT_NO_FATAL_FAILURE(
      Openssl({"x509", "-req", "-in", d + "/client.csr", "-CA", d + "/ca.pem", "-CAkey",
               d + "/ca.key", "-CAcreateserial", "-days", "2", "-out", d + "/client.pem"}));
  std::ofstream(d + "/access.textproto") << R"pb(
    certificate_users {
      subject_id: "SE2321000016-A1B2"
      user_id: "anna.koordinator"
      forbund_id: "umearegionen"
      roles: "coordinator"
      platform_ids: "ungdomstorget"
    }
  )pb";

  Started torgd =
      StartTorgdWithFlags({"--data-dir", d + "/data", "--keys-dir", d + "/keys", "--tls-cert",
                           d + "/server.pem", "--tls-key", d + "/server.key", "--client-ca",
                           d + "/ca.pem", "--access-config", d + "/access.textproto"});
  ASSERT_FALSE(torgd.address.empty());
  const std::vector<std::string> tls = {"--no-token", "--tls-ca", d + "/ca.pem",
                                        "--tls-server-name", "localhost"};
  std::vector<std::string> with_certificate = tls;
  with_certificate.insert(with_certificate.end(),
                          {"--tls-cert", d + "/client.pem", "--tls-key", d + "/client.key"});
  with_certificate.push_back("whoami");
  const ProcessResult whoami = TorgctlAt(torgd.address, with_certificate);
  EXPECT_EQ(whoami.exit_code, 0) << whoami.err;
  EXPECT_THAT(whoami.out, HasSubstr("anna.koordinator"));
  EXPECT_THAT(whoami.out, HasSubstr("certificate:SE2321000016-A1B2"));

  // TLS without a certificate or token: in, but not signed in.
  std::vector<std::string> anonymous = tls;
  anonymous.push_back("whoami");
  const ProcessResult unsigned_in = TorgctlAt(torgd.address, anonymous);
  EXPECT_EQ(unsigned_in.exit_code, 1);
  EXPECT_THAT(unsigned_in.err, HasSubstr("UNAUTHENTICATED"));
  // Plaintext to a TLS port does not get through at all.
  const ProcessResult plaintext =
      TorgctlAt(torgd.address, {"--keys-dir", d + "/keys", "--timeout", "3", "whoami"});
  EXPECT_EQ(plaintext.exit_code, 1);
  Stop(torgd);
}

TEST(SecureTorgdTest, AuditVerifyFindsAnAlteredAndARemovedEntry) {
  TempDir dir;
  const std::string data = dir.Sub("data");
  const std::string keys = dir.Sub("keys");
  Started torgd = StartTorgdWithFlags({"--data-dir", data, "--keys-dir", keys});
  ASSERT_FALSE(torgd.address.empty());
  const std::string coordinator =
      TokenFile(torgd.address, keys, dir.Sub("coordinator.token"),
                {"--user-id", "anna", "--role", "coordinator", "--platform", "vuxentorget"});
  const std::string auditor = TokenFile(torgd.address, keys, dir.Sub("auditor.token"),
                                        {"--user-id", "revisor", "--role", "auditor"});
  for (int i = 0; i < 3; ++i) {
    const ProcessResult listed = TorgctlAt(
        torgd.address, {"--token-file", coordinator, "case", "list", "--platform", "vuxentorget"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
  }
  const ProcessResult intact =
      TorgctlAt(torgd.address, {"--token-file", auditor, "audit", "verify"});
  EXPECT_EQ(intact.exit_code, 0) << intact.err;
  EXPECT_THAT(intact.out, HasSubstr("intact"));
  Stop(torgd);

  // Someone with the disk alters the second entry.
  std::string second;
  std::string original;
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<RawRocksEditor> editor, RawRocksEditor::Open(data));
    ASSERT_OK_AND_ASSIGN(std::vector<std::string> keys_in_log, editor->ListKeys("audit_log"));
    for (const std::string& key : keys_in_log) {
      if (key.size() == 9 && key[0] == 'L' && key.back() == '\x02') second = key;
    }
    ASSERT_FALSE(second.empty());
    ASSERT_OK_AND_ASSIGN(std::optional<std::string> link, editor->Get("audit_log", second));
    ASSERT_TRUE(link.has_value());
    original = *link;
    std::string altered = *link;
    const size_t at = altered.find("ListCases");
    ASSERT_NE(at, std::string::npos) << "the entry names the method";
    altered.replace(at, 9, "GetCase//");
    ASSERT_OK(editor->Put("audit_log", second, altered));
  }
  torgd = StartTorgdWithFlags({"--data-dir", data, "--keys-dir", keys});
  ASSERT_FALSE(torgd.address.empty());
  const ProcessResult broken =
      TorgctlAt(torgd.address, {"--token-file", auditor, "audit", "verify"});
  EXPECT_NE(broken.exit_code, 0);
  EXPECT_THAT(broken.out + broken.err, HasSubstr("entry 2"));
  Stop(torgd);

  // Put it back, then remove the newest entry instead.
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<RawRocksEditor> editor, RawRocksEditor::Open(data));
    ASSERT_OK(editor->Put("audit_log", second, original));
    ASSERT_OK_AND_ASSIGN(std::vector<std::string> keys_in_log, editor->ListKeys("audit_log"));
    std::string newest;
    for (const std::string& key : keys_in_log) {
      if (key.size() == 9 && key[0] == 'L' && key > newest) newest = key;
    }
    ASSERT_FALSE(newest.empty());
    ASSERT_OK(editor->Delete("audit_log", newest));
  }
  torgd = StartTorgdWithFlags({"--data-dir", data, "--keys-dir", keys});
  ASSERT_FALSE(torgd.address.empty());
  const ProcessResult removed =
      TorgctlAt(torgd.address, {"--token-file", auditor, "audit", "verify"});
  EXPECT_NE(removed.exit_code, 0);
  EXPECT_THAT(removed.out + removed.err, HasSubstr("removed"));
  Stop(torgd);
}

}  // namespace
}  // namespace torg::testing
