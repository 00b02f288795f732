// Signing in: where the token comes from, the TLS files, the purpose's
// metadata form.

#include "clients/torgctl/credentials.h"

#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace torg::torgctl {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using torg::testing::IsOk;
using torg::testing::IsOkAndHolds;
using torg::testing::StatusIs;
using torg::testing::TempDir;

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

constexpr char kPem[] = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

// Runs in `dir` until destroyed: the default keys directory is relative.
class ScopedWorkingDirectory {
 public:
  explicit ScopedWorkingDirectory(const std::string& dir) {
    char previous[PATH_MAX];
    if (::getcwd(previous, sizeof(previous)) != nullptr) previous_ = previous;
    EXPECT_EQ(::chdir(dir.c_str()), 0);
  }
  ~ScopedWorkingDirectory() {
    if (!previous_.empty()) {
      EXPECT_EQ(::chdir(previous_.c_str()), 0);
    }
  }
  ScopedWorkingDirectory(const ScopedWorkingDirectory&) = delete;
  ScopedWorkingDirectory& operator=(const ScopedWorkingDirectory&) = delete;

 private:
  std::string previous_;
};

TEST(EncodePurposeTest, SendsPrintableAsciiAsItIs) {
  EXPECT_THAT(EncodePurpose(kDefaultPurpose), IsOkAndHolds(std::string("handlaggning")));
  EXPECT_THAT(EncodePurpose("uppfoljning av arende 42 (AF)"),
              IsOkAndHolds(std::string("uppfoljning av arende 42 (AF)")));
}

TEST(EncodePurposeTest, EscapesNonAsciiControlCharactersAndPercent) {
  EXPECT_THAT(EncodePurpose("handläggning"), IsOkAndHolds(std::string("handl%C3%A4ggning")));
  EXPECT_THAT(EncodePurpose("Åsa ö"), IsOkAndHolds(std::string("%C3%85sa %C3%B6")));
  EXPECT_THAT(EncodePurpose("50 %"), IsOkAndHolds(std::string("50 %25")));
  EXPECT_THAT(EncodePurpose("rad\nny\t"), IsOkAndHolds(std::string("rad%0Any%09")));
}

TEST(EncodePurposeTest, RefusesEmptyAndOverlong) {
  EXPECT_THAT(EncodePurpose(""), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty")));
  EXPECT_THAT(EncodePurpose(std::string(kMaxPurposeBytes, 'a')), IsOk());
  EXPECT_THAT(EncodePurpose(std::string(kMaxPurposeBytes + 1, 'a')),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at most 500")));
  // 100 ä are 200 bytes of UTF-8 and 600 as sent.
  std::string umlauts;
  for (int i = 0; i < 100; ++i) umlauts += "ä";
  EXPECT_THAT(EncodePurpose(umlauts),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("600 bytes as sent")));
}

class ResolveTokenTest : public ::testing::Test {
 protected:
  ResolveTokenTest() {
    WriteFile(dir_.Sub("token"), "file.token.jwt\n");
    ::mkdir(dir_.Sub("keys").c_str(), 0700);
    WriteFile(dir_.Sub("keys/admin.token"), "admin.token.jwt\n");
    ::mkdir(dir_.Sub("empty-keys").c_str(), 0700);
  }

  TempDir dir_;
};

TEST_F(ResolveTokenTest, TokenFileComesFirst) {
  TokenFlags flags;
  flags.token_file = dir_.Sub("token");
  flags.keys_dir = dir_.Sub("keys");
  const auto resolved = ResolveToken(flags, "env.token.jwt");
  ASSERT_THAT(resolved, IsOk());
  EXPECT_EQ(resolved->token, "file.token.jwt");
  EXPECT_EQ(resolved->origin, "the token file " + dir_.Sub("token"));
}

TEST_F(ResolveTokenTest, ThenTorgToken) {
  TokenFlags flags;
  flags.keys_dir = dir_.Sub("keys");
  const auto resolved = ResolveToken(flags, "  env.token.jwt\n");
  ASSERT_THAT(resolved, IsOk());
  EXPECT_EQ(resolved->token, "env.token.jwt");
  EXPECT_EQ(resolved->origin, "TORG_TOKEN");
}

TEST_F(ResolveTokenTest, ThenTheAdminTokenOfTheKeysDirectory) {
  TokenFlags flags;
  flags.keys_dir = dir_.Sub("keys");
  const auto resolved = ResolveToken(flags, nullptr);
  ASSERT_THAT(resolved, IsOk());
  EXPECT_EQ(resolved->token, "admin.token.jwt");
  EXPECT_EQ(resolved->origin, "the admin token " + dir_.Sub("keys/admin.token"));
}

TEST_F(ResolveTokenTest, DefaultKeysDirectoryIsUsedOnlyWhenItHoldsAToken) {
  {
    ScopedWorkingDirectory here(dir_.path());
    const auto none = ResolveToken(TokenFlags(), nullptr);
    ASSERT_THAT(none, IsOk());
    EXPECT_THAT(none->token, IsEmpty());
    EXPECT_THAT(none->origin, IsEmpty());
  }
  ::mkdir(dir_.Sub("torg-keys").c_str(), 0700);
  WriteFile(dir_.Sub("torg-keys/admin.token"), "local.admin.jwt\n");
  ScopedWorkingDirectory here(dir_.path());
  const auto local = ResolveToken(TokenFlags(), nullptr);
  ASSERT_THAT(local, IsOk());
  EXPECT_EQ(local->token, "local.admin.jwt");
  EXPECT_EQ(local->origin, "the admin token torg-keys/admin.token");
}

TEST_F(ResolveTokenTest, NoTokenSendsNoneWhateverElseIsGiven) {
  TokenFlags flags;
  flags.no_token = true;
  flags.token_file = dir_.Sub("token");
  flags.keys_dir = dir_.Sub("keys");
  const auto resolved = ResolveToken(flags, "env.token.jwt");
  ASSERT_THAT(resolved, IsOk());
  EXPECT_THAT(resolved->token, IsEmpty());
}

TEST_F(ResolveTokenTest, UnreadableTokenFileIsNamed) {
  TokenFlags flags;
  flags.token_file = dir_.Sub("missing");
  EXPECT_THAT(ResolveToken(flags, "env.token.jwt"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("cannot read the token file " + dir_.Sub("missing")),
                             HasSubstr("No such file"))));
}

TEST_F(ResolveTokenTest, NamedKeysDirectoryMustHoldAnAdminToken) {
  TokenFlags flags;
  flags.keys_dir = dir_.Sub("empty-keys");
  EXPECT_THAT(ResolveToken(flags, nullptr),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("no admin token " + dir_.Sub("empty-keys/admin.token"))));
}

TEST_F(ResolveTokenTest, EmptyTorgTokenIsRefusedNotSkipped) {
  TokenFlags flags;
  flags.keys_dir = dir_.Sub("keys");
  EXPECT_THAT(ResolveToken(flags, ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("TORG_TOKEN holds no token")));
  EXPECT_THAT(ResolveToken(flags, " \n"), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(ResolveTokenTest, WhatIsNotATokenIsRefusedWithoutQuotingIt) {
  TokenFlags flags;
  flags.token_file = dir_.Sub("bad");
  for (const std::string content :
       {"secret-part one\n", "secret-part\nsecond-line\n", "secret-pärt\n", ""}) {
    WriteFile(flags.token_file, content);
    const auto resolved = ResolveToken(flags, nullptr);
    EXPECT_THAT(resolved, StatusIs(absl::StatusCode::kInvalidArgument,
                                   AllOf(HasSubstr("the token file " + flags.token_file),
                                         Not(HasSubstr("secret")))))
        << content;
  }
  EXPECT_THAT(
      ResolveToken(TokenFlags(), "secret-part one"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("TORG_TOKEN does not hold a token"), Not(HasSubstr("secret")))));
}

class LoadTlsTest : public ::testing::Test {
 protected:
  LoadTlsTest() {
    WriteFile(dir_.Sub("ca.pem"), kPem);
    WriteFile(dir_.Sub("cert.pem"), kPem);
    WriteFile(dir_.Sub("key.pem"),
              "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
    WriteFile(dir_.Sub("not.pem"), "hello\n");
  }

  TempDir dir_;
};

TEST_F(LoadTlsTest, PlainTextUnlessAsked) {
  const auto tls = LoadTls(TlsFlags());
  ASSERT_THAT(tls, IsOk());
  EXPECT_FALSE(tls->enabled);
}

TEST_F(LoadTlsTest, TlsWithTheSystemRoots) {
  TlsFlags flags;
  flags.tls = true;
  flags.server_name = "torgd.test";
  const auto tls = LoadTls(flags);
  ASSERT_THAT(tls, IsOk());
  EXPECT_TRUE(tls->enabled);
  EXPECT_THAT(tls->root_certs_pem, IsEmpty());
  EXPECT_EQ(tls->server_name, "torgd.test");
}

TEST_F(LoadTlsTest, CaFileImpliesTlsAndIsRead) {
  TlsFlags flags;
  flags.ca_file = dir_.Sub("ca.pem");
  const auto tls = LoadTls(flags);
  ASSERT_THAT(tls, IsOk());
  EXPECT_TRUE(tls->enabled);
  EXPECT_EQ(tls->root_certs_pem, kPem);
  EXPECT_THAT(tls->cert_chain_pem, IsEmpty());
}

TEST_F(LoadTlsTest, ClientCertificateImpliesTlsAndNeedsItsKey) {
  TlsFlags flags;
  flags.cert_file = dir_.Sub("cert.pem");
  flags.key_file = dir_.Sub("key.pem");
  const auto tls = LoadTls(flags);
  ASSERT_THAT(tls, IsOk());
  EXPECT_TRUE(tls->enabled);
  EXPECT_EQ(tls->cert_chain_pem, kPem);
  EXPECT_THAT(tls->private_key_pem, HasSubstr("PRIVATE KEY"));

  TlsFlags cert_only;
  cert_only.cert_file = dir_.Sub("cert.pem");
  EXPECT_THAT(LoadTls(cert_only), StatusIs(absl::StatusCode::kInvalidArgument,
                                           HasSubstr("--tls-cert and --tls-key go together")));
  TlsFlags key_only;
  key_only.tls = true;
  key_only.key_file = dir_.Sub("key.pem");
  EXPECT_THAT(LoadTls(key_only), StatusIs(absl::StatusCode::kInvalidArgument,
                                          HasSubstr("--tls-cert and --tls-key go together")));
}

TEST_F(LoadTlsTest, ServerNameNeedsTls) {
  TlsFlags flags;
  flags.server_name = "torgd.test";
  EXPECT_THAT(LoadTls(flags), StatusIs(absl::StatusCode::kInvalidArgument,
                                       HasSubstr("--tls-server-name needs TLS")));
}

TEST_F(LoadTlsTest, UnreadableOrNonPemFilesAreNamedWithTheirFlag) {
  TlsFlags missing;
  missing.ca_file = dir_.Sub("missing.pem");
  EXPECT_THAT(LoadTls(missing),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("cannot read the --tls-ca file " + dir_.Sub("missing.pem"))));
  TlsFlags not_pem;
  not_pem.cert_file = dir_.Sub("cert.pem");
  not_pem.key_file = dir_.Sub("not.pem");
  EXPECT_THAT(LoadTls(not_pem),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("the --tls-key file " + dir_.Sub("not.pem") + " holds no PEM")));
}

}  // namespace
}  // namespace torg::torgctl
