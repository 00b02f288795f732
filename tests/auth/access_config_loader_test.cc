#include "services/auth/access_config_loader.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/auth/token_minter.h"
#include "tests/auth/jwt_test_signer.h"
#include "tests/auth/test_claims.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace torg::auth {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::torg::auth::testing::Es256;
using ::torg::auth::testing::Header;
using ::torg::auth::testing::Hs256;
using ::torg::auth::testing::Json;
using ::torg::auth::testing::kNow;
using ::torg::auth::testing::Rs256;
using ::torg::auth::testing::SelfSignedCertificatePem;
using ::torg::auth::testing::SignToken;
using ::torg::auth::testing::TestKey;
using ::torg::auth::testing::ValidClaims;
using ::torg::testing::StatusIs;
using ::torg::testing::TempDir;

constexpr char kExampleIdp[] = "https://login.umearegionen.example/realms/torg";

void WriteFile(const std::string& path, const std::string& contents) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << contents;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class AccessConfigLoaderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { rsa_ = new TestKey(TestKey::Rsa(2048)); }
  static void TearDownTestSuite() { delete rsa_; }

  // Writes `text` as the configuration and returns its path.
  std::string Config(const std::string& text) {
    const std::string path = dir_.Sub("access.textproto");
    WriteFile(path, text);
    return path;
  }

  absl::Status LoadError(const std::string& text) {
    return LoadAccessConfig(Config(text)).status();
  }

  static TestKey* rsa_;
  TempDir dir_;
  const TestKey ec_ = TestKey::Ec("P-256");
  const std::string secret_ = std::string(32, 'h');
};

TestKey* AccessConfigLoaderTest::rsa_ = nullptr;

// The example in deploy/config, with the key files it names generated here.
TEST_F(AccessConfigLoaderTest, TheExampleLoadsAndAuthenticates) {
  const std::string path = dir_.Sub("access.example.textproto");
  WriteFile(path, ReadFile(TORG_ACCESS_EXAMPLE_PATH));
  WriteFile(dir_.Sub("keys/idp-rs256.pub.pem"), rsa_->PublicPem());
  WriteFile(dir_.Sub("keys/idp-es256.pub.pem"), ec_.PublicPem());
  WriteFile(dir_.Sub("keys/staging-hs256.secret"), secret_);
  ASSERT_OK_AND_ASSIGN(const LoadedAccessConfig loaded, LoadAccessConfig(path));

  EXPECT_EQ(loaded.verifier.audience(), "torg");
  EXPECT_EQ(loaded.config.issuers_size(), 3);
  EXPECT_OK(loaded.verifier.Verify(SignToken(Json(Header("RS256", "rsa-2024")),
                                             Json(ValidClaims(kExampleIdp, kNow)), Rs256(*rsa_)),
                                   kNow));
  EXPECT_OK(loaded.verifier.Verify(
      SignToken(Json(Header("ES256", "ec-2025")), Json(ValidClaims(kExampleIdp, kNow)), Es256(ec_)),
      kNow));
  EXPECT_OK(loaded.verifier.Verify(
      SignToken(Json(Header("HS256")), Json(ValidClaims("torg-staging", kNow)), Hs256(secret_)),
      kNow));
  // The RSA token with the EC key's kid: pinned to ES256, so refused.
  EXPECT_THAT(loaded.verifier.Verify(SignToken(Json(Header("RS256", "ec-2025")),
                                               Json(ValidClaims(kExampleIdp, kNow)), Rs256(*rsa_)),
                                     kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("does not match its key")));

  EXPECT_EQ(loaded.certificates.size(), 3u);
  const TestKey card = TestKey::Ec("P-256");
  ASSERT_OK_AND_ASSIGN(const Principal anna,
                       loaded.certificates.PrincipalFor(SelfSignedCertificatePem(
                           card, {{"serialNumber", "SE2321000016-1003"}, {"CN", "Anna"}})));
  EXPECT_EQ(anna.user_id, "anna.lindqvist");
  EXPECT_THAT(anna.roles, ElementsAre(Role::kCoordinator));
  EXPECT_THAT(anna.platform_ids, ElementsAre("ungdomstorget", "vuxentorget"));
  ASSERT_OK_AND_ASSIGN(const Principal service,
                       loaded.certificates.PrincipalFor(SelfSignedCertificatePem(
                           card, {{"CN", "torg-export.umearegionen.example"}})));
  EXPECT_THAT(service.roles, ElementsAre(Role::kExporter, Role::kSteering));
}

TEST_F(AccessConfigLoaderTest, TorgdCanAddItsLocalIssuer) {
  ASSERT_OK_AND_ASSIGN(LoadedAccessConfig loaded, LoadAccessConfig(Config("")));
  EXPECT_EQ(loaded.config.audience(), "torg") << "the default audience";
  ASSERT_FALSE(loaded.verifier.TrustsIssuer("torgd-local"));
  ASSERT_OK(loaded.verifier.AddTrustedKey({"torgd-local", "", TokenAlgorithm::kHs256, secret_}));

  Principal admin;
  admin.user_id = "admin";
  admin.forbund_id = "umearegionen";
  admin.roles = {Role::kAdmin};
  ASSERT_OK_AND_ASSIGN(const std::string token,
                       TokenMinter("torgd-local", loaded.verifier.audience(), secret_)
                           .Mint(admin, kNow, absl::Hours(12)));
  ASSERT_OK_AND_ASSIGN(const Principal verified, loaded.verifier.Verify(token, kNow));
  EXPECT_EQ(verified.authenticated_by, "jwt:torgd-local");
}

TEST_F(AccessConfigLoaderTest, KeyFilesAreRelativeToTheConfigOrAbsolute) {
  WriteFile(dir_.Sub("k/rsa.pem"), rsa_->PublicPem());
  WriteFile(dir_.Sub("abs.secret"), secret_);
  ASSERT_OK_AND_ASSIGN(
      const LoadedAccessConfig loaded,
      LoadAccessConfig(Config(absl::StrCat(
          "audience: \"torg-test\"\n"
          "issuers { issuer: \"a\" algorithm: TOKEN_ALGORITHM_RS256 key_file: \"k/rsa.pem\" }\n"
          "issuers { issuer: \"b\" algorithm: TOKEN_ALGORITHM_HS256 key_file: \"",
          dir_.Sub("abs.secret"), "\" }\n"))));
  EXPECT_EQ(loaded.verifier.audience(), "torg-test");
  EXPECT_TRUE(loaded.verifier.TrustsIssuer("a"));
  EXPECT_TRUE(loaded.verifier.TrustsIssuer("b"));
}

TEST_F(AccessConfigLoaderTest, AMissingFileIsNotFound) {
  EXPECT_THAT(LoadAccessConfig(dir_.Sub("nope.textproto")),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nope.textproto does not exist")));
}

TEST_F(AccessConfigLoaderTest, ASyntaxErrorNamesLineAndColumn) {
  EXPECT_THAT(LoadError("audience: \"torg\"\nissuers { isuer: \"x\" }\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("access.textproto:2:16: Message type \"torg.v1.TrustedIssuer\" "
                                 "has no field named \"isuer\"")));
}

// Each bad entry gets its own message, naming the file, line and entry.
TEST_F(AccessConfigLoaderTest, EachBadIssuerGetsItsMessage) {
  const TestKey small_rsa = TestKey::Rsa(1024);
  WriteFile(dir_.Sub("rsa.pem"), rsa_->PublicPem());
  WriteFile(dir_.Sub("small.pem"), small_rsa.PublicPem());
  WriteFile(dir_.Sub("ec.pem"), ec_.PublicPem());
  WriteFile(dir_.Sub("ec-private.pem"), ec_.PrivatePem());
  WriteFile(dir_.Sub("garbage.pem"), "-----BEGIN PUBLIC KEY-----\nnot base64\n");
  WriteFile(dir_.Sub("short.secret"), std::string(31, 's'));
  const struct {
    const char* entry;
    const char* message;
  } cases[] = {
      {R"(issuer: "x" algorithm: TOKEN_ALGORITHM_RS256 key_file: "garbage.pem")",
       "key file DIR/garbage.pem: the RS256 key is not a PEM public key"},
      {R"(issuer: "x" algorithm: TOKEN_ALGORITHM_ES256 key_file: "rsa.pem")",
       "key file DIR/rsa.pem: the ES256 key is a RSA key, not an EC key"},
      {R"(issuer: "x" algorithm: TOKEN_ALGORITHM_RS256 key_file: "ec.pem")",
       "key file DIR/ec.pem: the RS256 key is a EC key, not an RSA key"},
      {R"(issuer: "x" algorithm: TOKEN_ALGORITHM_RS256 key_file: "small.pem")",
       "the RS256 key has 1024 bits"},
      {R"(issuer: "x" algorithm: TOKEN_ALGORITHM_ES256 key_file: "ec-private.pem")",
       "key file DIR/ec-private.pem: the ES256 key is a private key"},
      {R"(issuer: "x" algorithm: TOKEN_ALGORITHM_HS256 key_file: "short.secret")",
       "key file DIR/short.secret: the HS256 secret has 31 bytes; it needs at least 32"},
      {R"(issuer: "x" algorithm: TOKEN_ALGORITHM_HS256 key_file: "missing.secret")",
       "key file DIR/missing.secret cannot be read: No such file or directory"},
      {R"(issuer: "x" key_file: "rsa.pem")", "algorithm is not set: RS256, ES256 or HS256"},
      {R"(issuer: "x" algorithm: TOKEN_ALGORITHM_RS256)", "key_file is not set"},
      {R"(algorithm: TOKEN_ALGORITHM_RS256 key_file: "rsa.pem")", "issuer is not set"},
  };
  for (const auto& c : cases) {
    std::string expected = c.message;
    const size_t dir = expected.find("DIR");
    if (dir != std::string::npos) expected.replace(dir, 3, dir_.path());
    EXPECT_THAT(LoadError(absl::StrCat("# An access config\n\nissuers {\n  ", c.entry, "\n}\n")),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AllOf(HasSubstr("access.textproto:3: issuers[0] (issuer \""),
                               HasSubstr(expected))))
        << c.entry;
  }
}

TEST_F(AccessConfigLoaderTest, MessagesNeverContainKeyMaterial) {
  WriteFile(dir_.Sub("ec-private.pem"), ec_.PrivatePem());
  const std::string secret = "too-short-secret";
  WriteFile(dir_.Sub("short.secret"), secret);
  const absl::Status status = LoadError(
      "issuers { issuer: \"x\" algorithm: TOKEN_ALGORITHM_ES256 key_file: \"ec-private.pem\" }\n"
      "issuers { issuer: \"y\" algorithm: TOKEN_ALGORITHM_HS256 key_file: \"short.secret\" }\n");
  const std::string pem = ec_.PrivatePem();
  const std::string pem_body = pem.substr(pem.find('\n') + 1, 24);
  EXPECT_THAT(
      std::string(status.message()),
      AllOf(HasSubstr("private key"), HasSubstr("secret has 16 bytes"), Not(HasSubstr(secret)),
            Not(HasSubstr(pem_body)), Not(HasSubstr("BEGIN PRIVATE KEY"))));
}

TEST_F(AccessConfigLoaderTest, RefusesTheSameKeyIdTwice) {
  WriteFile(dir_.Sub("rsa.pem"), rsa_->PublicPem());
  EXPECT_THAT(LoadError("issuers { issuer: \"x\" key_id: \"k\" algorithm: TOKEN_ALGORITHM_RS256 "
                        "key_file: \"rsa.pem\" }\n"
                        "issuers { issuer: \"x\" key_id: \"k\" algorithm: TOKEN_ALGORITHM_RS256 "
                        "key_file: \"rsa.pem\" }\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("access.textproto:2: issuers[1] (issuer \"x\"): key id \"k\" is "
                                 "also issuers[0]'s")));
}

TEST_F(AccessConfigLoaderTest, EachBadCertificateUserGetsItsMessage) {
  const std::string good = R"(user_id: "u" forbund_id: "f" roles: "admin")";
  const struct {
    std::string entries;
    const char* message;
  } cases[] = {
      {R"(subject_id: "s" forbund_id: "f" roles: "admin")",
       "certificate_users[0] (subject \"s\"): user_id is not set"},
      {R"(subject_id: "s" user_id: "u" roles: "admin")",
       "certificate_users[0] (subject \"s\"): forbund_id is not set"},
      {R"(subject_id: "s" user_id: "u" forbund_id: "f")",
       "certificate_users[0] (subject \"s\"): roles is empty"},
      {R"(subject_id: "s" user_id: "u" forbund_id: "f" roles: ["admin", "root"])",
       "certificate_users[0] (subject \"s\"): unknown role \"root\""},
      {good, "certificate_users[0] (subject \"\"): subject_id is not set"},
      {absl::StrCat("subject_id: \"s\" ", good, " }\ncertificate_users { subject_id: \"s\" ", good),
       "access.textproto:2: certificate_users[1] (subject \"s\"): subject_id is also "
       "certificate_users[0]'s"},
  };
  for (const auto& c : cases) {
    EXPECT_THAT(LoadError(absl::StrCat("certificate_users { ", c.entries, " }\n")),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.message)))
        << c.entries;
  }
}

TEST_F(AccessConfigLoaderTest, ReportsEveryProblemAtOnce) {
  const absl::Status status = LoadError(
      "issuers { issuer: \"x\" }\n"
      "certificate_users { subject_id: \"s\" user_id: \"u\" forbund_id: \"f\" roles: \"boss\" }\n");
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               AllOf(HasSubstr("access.textproto:1: issuers[0] (issuer \"x\"): "
                                               "algorithm is not set"),
                                     HasSubstr("access.textproto:1: issuers[0] (issuer \"x\"): "
                                               "key_file is not set"),
                                     HasSubstr("access.textproto:2: certificate_users[0] "
                                               "(subject \"s\"): unknown role \"boss\""))));
}

}  // namespace
}  // namespace torg::auth
