#include "services/auth/token_verifier.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/auth/jwt_internal.h"
#include "services/auth/principal.h"
#include "tests/auth/jwt_test_signer.h"
#include "tests/auth/test_claims.h"
#include "tests/support/status_matchers.h"

namespace torg::auth {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::torg::auth::testing::EcdsaForm;
using ::torg::auth::testing::Es256;
using ::torg::auth::testing::Header;
using ::torg::auth::testing::Hs256;
using ::torg::auth::testing::Json;
using ::torg::auth::testing::JsonObject;
using ::torg::auth::testing::Remove;
using ::torg::auth::testing::Rs256;
using ::torg::auth::testing::SetNumber;
using ::torg::auth::testing::SetString;
using ::torg::auth::testing::SetStrings;
using ::torg::auth::testing::SignToken;
using ::torg::auth::testing::TestKey;
using ::torg::auth::testing::ValidClaims;
using ::torg::testing::StatusIs;

constexpr char kIdp[] = "https://idp.example/realms/torg";
constexpr char kDevIssuer[] = "torg-dev";
const std::string kDevSecret = "a-test-only-hs256-secret-of-40-bytes-xx";

class TokenVerifierTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // RSA-2048 generation takes a while: once for the whole suite.
    rsa_ = new TestKey(TestKey::Rsa(2048));
    ec_ = new TestKey(TestKey::Ec("P-256"));
  }
  static void TearDownTestSuite() {
    delete rsa_;
    delete ec_;
  }

  void SetUp() override {
    auto verifier = TokenVerifier::Create(
        {
            {kIdp, "rsa-1", TokenAlgorithm::kRs256, rsa_->PublicPem()},
            {kIdp, "ec-1", TokenAlgorithm::kEs256, ec_->PublicPem()},
            {kDevIssuer, "", TokenAlgorithm::kHs256, kDevSecret},
        },
        "torg");
    ASSERT_OK(verifier);
    verifier_.emplace(*std::move(verifier));
  }

  absl::StatusOr<Principal> Verify(const std::string& token) const {
    return verifier_->Verify(token, now_);
  }

  std::string Rs256Token(const JsonObject& claims) const {
    return SignToken(Json(Header("RS256", "rsa-1")), Json(claims), Rs256(*rsa_));
  }

  JsonObject Claims(absl::string_view issuer = kIdp) const { return ValidClaims(issuer, now_); }

  static TestKey* rsa_;
  static TestKey* ec_;
  const absl::Time now_ = absl::FromUnixSeconds(1'750'000'000);
  std::optional<TokenVerifier> verifier_;
};

TestKey* TokenVerifierTest::rsa_ = nullptr;
TestKey* TokenVerifierTest::ec_ = nullptr;

auto Unauthenticated(const std::string& message) {
  return StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr(message));
}

void ExpectAnna(const Principal& principal, const std::string& issuer) {
  EXPECT_EQ(principal.user_id, "anna");
  EXPECT_EQ(principal.forbund_id, "umearegionen");
  EXPECT_EQ(principal.party_id, "region-vasterbotten");
  EXPECT_THAT(principal.roles, ElementsAre(Role::kCoordinator, Role::kAuditor));
  EXPECT_THAT(principal.platform_ids, ElementsAre("ungdomstorget", "vuxentorget"));
  EXPECT_EQ(principal.authenticated_by, "jwt:" + issuer);
}

TEST_F(TokenVerifierTest, AcceptsRs256) {
  ASSERT_OK_AND_ASSIGN(const Principal principal, Verify(Rs256Token(Claims())));
  ExpectAnna(principal, kIdp);
}

TEST_F(TokenVerifierTest, AcceptsEs256) {
  ASSERT_OK_AND_ASSIGN(const Principal principal, Verify(SignToken(Json(Header("ES256", "ec-1")),
                                                                   Json(Claims()), Es256(*ec_))));
  ExpectAnna(principal, kIdp);
}

TEST_F(TokenVerifierTest, AcceptsHs256) {
  ASSERT_OK_AND_ASSIGN(
      const Principal principal,
      Verify(SignToken(Json(Header("HS256")), Json(Claims(kDevIssuer)), Hs256(kDevSecret))));
  ExpectAnna(principal, kDevIssuer);
}

TEST_F(TokenVerifierTest, AcceptsATokenWithoutKidAndWithoutOptionalClaims) {
  JsonObject claims = Claims();
  for (const char* name : {"torg_party", "torg_platforms", "nbf", "iat"}) Remove(claims, name);
  ASSERT_OK_AND_ASSIGN(const Principal principal,
                       Verify(SignToken(Json(Header("RS256")), Json(claims), Rs256(*rsa_))));
  EXPECT_EQ(principal.party_id, "");
  EXPECT_TRUE(principal.platform_ids.empty());
}

TEST_F(TokenVerifierTest, AcceptsAnAudienceArrayThatContainsTorg) {
  JsonObject claims = Claims();
  SetStrings(claims, "aud", {"other", "torg"});
  EXPECT_OK(Verify(Rs256Token(claims)));
}

TEST_F(TokenVerifierTest, AcceptsTypeCaseInsensitivelyAndWithMediaTypePrefix) {
  for (const char* type : {"jwt", "application/JWT"}) {
    JsonObject header = Header("RS256", "rsa-1");
    SetString(header, "typ", type);
    EXPECT_OK(Verify(SignToken(Json(header), Json(Claims()), Rs256(*rsa_)))) << type;
  }
}

TEST_F(TokenVerifierTest, RefusesAnExpiredToken) {
  JsonObject claims = Claims();
  SetNumber(claims, "exp", static_cast<double>(absl::ToUnixSeconds(now_) - 61));
  EXPECT_THAT(Verify(Rs256Token(claims)), Unauthenticated("the token has expired"));
}

TEST_F(TokenVerifierTest, AllowsAMinuteOfClockSkewAfterExpiry) {
  JsonObject claims = Claims();
  SetNumber(claims, "exp", static_cast<double>(absl::ToUnixSeconds(now_) - 59));
  EXPECT_OK(Verify(Rs256Token(claims)));
}

TEST_F(TokenVerifierTest, RefusesATokenWithoutExpiry) {
  JsonObject claims = Claims();
  Remove(claims, "exp");
  EXPECT_THAT(Verify(Rs256Token(claims)), Unauthenticated("the token has no exp"));
}

TEST_F(TokenVerifierTest, RefusesATokenNotValidYet) {
  const double later = static_cast<double>(absl::ToUnixSeconds(now_) + 61);
  JsonObject claims = Claims();
  SetNumber(claims, "nbf", later);
  EXPECT_THAT(Verify(Rs256Token(claims)), Unauthenticated("the token is not valid yet (nbf"));
  claims = Claims();
  SetNumber(claims, "iat", later);
  EXPECT_THAT(Verify(Rs256Token(claims)), Unauthenticated("the token is not valid yet (iat"));
  claims = Claims();
  SetNumber(claims, "nbf", later - 2);  // Within the leeway.
  EXPECT_OK(Verify(Rs256Token(claims)));
}

TEST_F(TokenVerifierTest, RefusesAMalformedDate) {
  JsonObject claims = Claims();
  SetString(claims, "exp", "tomorrow");
  EXPECT_THAT(Verify(Rs256Token(claims)), Unauthenticated("the token's exp claim is malformed"));
}

TEST_F(TokenVerifierTest, RefusesAnotherAudience) {
  JsonObject claims = Claims();
  SetString(claims, "aud", "torg-staging");
  EXPECT_THAT(Verify(Rs256Token(claims)), Unauthenticated("the token is for another audience"));
  SetStrings(claims, "aud", {"alpha", "beta"});
  EXPECT_THAT(Verify(Rs256Token(claims)), Unauthenticated("the token is for another audience"));
  SetStrings(claims, "aud", {});
  EXPECT_THAT(Verify(Rs256Token(claims)), Unauthenticated("the token is for another audience"));
  Remove(claims, "aud");
  EXPECT_THAT(Verify(Rs256Token(claims)), Unauthenticated("the token names no audience"));
}

TEST_F(TokenVerifierTest, RefusesAnUnknownIssuer) {
  EXPECT_THAT(Verify(Rs256Token(Claims("https://evil.example"))),
              Unauthenticated("the token's issuer is not trusted"));
  JsonObject claims = Claims();
  Remove(claims, "iss");
  EXPECT_THAT(Verify(Rs256Token(claims)), Unauthenticated("the token has no iss"));
}

TEST_F(TokenVerifierTest, RefusesAKeyIdTheIssuerDoesNotHave) {
  EXPECT_THAT(Verify(SignToken(Json(Header("RS256", "rsa-2")), Json(Claims()), Rs256(*rsa_))),
              Unauthenticated("the token's key id is not one of its issuer's keys"));
}

TEST_F(TokenVerifierTest, RefusesAKeyIdOfAnotherAlgorithm) {
  // kid names the EC key; the RS256 header does not fit it.
  EXPECT_THAT(Verify(SignToken(Json(Header("RS256", "ec-1")), Json(Claims()), Rs256(*rsa_))),
              Unauthenticated("the token's algorithm does not match its key"));
}

TEST_F(TokenVerifierTest, RefusesATamperedPayload) {
  const std::string token = Rs256Token(Claims());
  JsonObject claims = Claims();
  SetStrings(claims, "torg_roles", {"admin"});
  const size_t first = token.find('.');
  const size_t second = token.find('.', first + 1);
  const std::string tampered = absl::StrCat(token.substr(0, first + 1),
                                            testing::Base64Url(Json(claims)), token.substr(second));
  EXPECT_THAT(Verify(tampered), Unauthenticated("the token's signature does not verify"));
}

TEST_F(TokenVerifierTest, RefusesATamperedSignature) {
  for (const std::string& token :
       {Rs256Token(Claims()), SignToken(Json(Header("ES256")), Json(Claims()), Es256(*ec_)),
        SignToken(Json(Header("HS256")), Json(Claims(kDevIssuer)), Hs256(kDevSecret))}) {
    std::string tampered = token;
    // The middle of the signature: flips bits of a whole byte, whatever the
    // encoding's unused trailing bits.
    const size_t at = token.rfind('.') + 10;
    tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
    EXPECT_THAT(Verify(tampered), Unauthenticated("the token's signature does not verify"));
  }
}

TEST_F(TokenVerifierTest, RefusesASignatureByAnotherKey) {
  const TestKey other = TestKey::Ec("P-256");
  EXPECT_THAT(Verify(SignToken(Json(Header("ES256")), Json(Claims()), Es256(other))),
              Unauthenticated("the token's signature does not verify"));
  EXPECT_THAT(
      Verify(SignToken(Json(Header("HS256")), Json(Claims(kDevIssuer)), Hs256(kDevSecret + "x"))),
      Unauthenticated("the token's signature does not verify"));
}

TEST_F(TokenVerifierTest, RefusesAlgNone) {
  const std::string claims = Json(Claims());
  for (const char* alg : {"none", "None", "NONE"}) {
    const std::string unsigned_token =
        absl::StrCat(testing::Base64Url(Json(Header(alg))), ".", testing::Base64Url(claims), ".");
    EXPECT_THAT(Verify(unsigned_token), Unauthenticated("the token is unsigned (alg none)"));
    // Even with a signature that would verify under a configured key.
    EXPECT_THAT(Verify(SignToken(Json(Header(alg)), claims, Rs256(*rsa_))),
                Unauthenticated("the token is unsigned (alg none)"));
  }
}

TEST_F(TokenVerifierTest, RefusesAnHs256TokenKeyedWithTheRsaPublicKey) {
  // The classic algorithm confusion: the attacker knows the public key and
  // uses its PEM text as an HMAC secret. A verifier that let the header pick
  // the algorithm would accept this.
  for (const char* kid : {"rsa-1", ""}) {
    const std::string forged =
        SignToken(Json(Header("HS256", kid)), Json(Claims()), Hs256(rsa_->PublicPem()));
    EXPECT_THAT(Verify(forged), Unauthenticated("the token's algorithm does not match its key"))
        << "kid " << kid;
  }
}

TEST_F(TokenVerifierTest, RefusesAnRs256HeaderForAnHs256Key) {
  EXPECT_THAT(Verify(SignToken(Json(Header("RS256")), Json(Claims(kDevIssuer)), Rs256(*rsa_))),
              Unauthenticated("the token's algorithm does not match its key"));
}

TEST_F(TokenVerifierTest, RefusesAlgorithmsTorgDoesNotAccept) {
  for (const char* alg : {"RS512", "PS256", "ES384", "HS512", "rs256"}) {
    EXPECT_THAT(Verify(SignToken(Json(Header(alg)), Json(Claims()), Rs256(*rsa_))),
                Unauthenticated("the token's algorithm is not one Torg accepts"))
        << alg;
  }
  JsonObject header = Header("RS256");
  Remove(header, "alg");
  EXPECT_THAT(Verify(SignToken(Json(header), Json(Claims()), Rs256(*rsa_))),
              Unauthenticated("the token has no algorithm (alg)"));
}

TEST_F(TokenVerifierTest, RefusesAnotherTypeAndCriticalExtensions) {
  JsonObject header = Header("RS256");
  SetString(header, "typ", "at+jwt");
  EXPECT_THAT(Verify(SignToken(Json(header), Json(Claims()), Rs256(*rsa_))),
              Unauthenticated("not a JWT (typ)"));
  header = Header("RS256");
  SetStrings(header, "crit", {"exp"});
  EXPECT_THAT(Verify(SignToken(Json(header), Json(Claims()), Rs256(*rsa_))),
              Unauthenticated("critical extensions"));
}

TEST_F(TokenVerifierTest, RefusesMissingRequiredClaims) {
  const struct {
    const char* claim;
    const char* message;
  } cases[] = {
      {"sub", "the token has no sub (user id)"},
      {"torg_forbund", "the token has no torg_forbund"},
      {"torg_roles", "the token has no torg_roles"},
  };
  for (const auto& c : cases) {
    JsonObject claims = Claims();
    Remove(claims, c.claim);
    EXPECT_THAT(Verify(Rs256Token(claims)), Unauthenticated(c.message)) << c.claim;
    SetString(claims, c.claim, "");
    EXPECT_THAT(Verify(Rs256Token(claims)), StatusIs(absl::StatusCode::kUnauthenticated))
        << c.claim << " empty";
  }
  JsonObject claims = Claims();
  SetStrings(claims, "torg_roles", {});
  EXPECT_THAT(Verify(Rs256Token(claims)), Unauthenticated("the token has no torg_roles"));
}

TEST_F(TokenVerifierTest, RefusesAnUnknownRole) {
  JsonObject claims = Claims();
  SetStrings(claims, "torg_roles", {"coordinator", "superuser"});
  EXPECT_THAT(Verify(Rs256Token(claims)),
              Unauthenticated("the token names an unknown role \"superuser\""));
}

TEST_F(TokenVerifierTest, RefusesMalformedClaimTypes) {
  JsonObject claims = Claims();
  SetString(claims, "torg_roles", "coordinator");
  EXPECT_THAT(Verify(Rs256Token(claims)),
              Unauthenticated("the token's torg_roles claim is malformed"));
  claims = Claims();
  SetNumber(claims, "sub", 7);
  EXPECT_THAT(Verify(Rs256Token(claims)), Unauthenticated("the token's sub claim is malformed"));
  claims = Claims();
  SetNumber(claims, "aud", 1);
  EXPECT_THAT(Verify(Rs256Token(claims)), Unauthenticated("the token's aud claim is malformed"));
}

TEST_F(TokenVerifierTest, RefusesMalformedStructure) {
  const std::string token = Rs256Token(Claims());
  const size_t first = token.find('.');
  const size_t last = token.rfind('.');
  const std::string not_jwt = "the token is not a JWT";
  EXPECT_THAT(Verify(""), Unauthenticated(not_jwt));
  EXPECT_THAT(Verify(token.substr(0, last)), Unauthenticated(not_jwt));
  EXPECT_THAT(Verify(token + ".abc"), Unauthenticated(not_jwt));
  EXPECT_THAT(Verify(token.substr(first)), Unauthenticated(not_jwt));
  // base64 rather than base64url, padding, whitespace.
  std::string standard_alphabet = token;
  standard_alphabet[first + 3] = '+';
  EXPECT_THAT(Verify(standard_alphabet), Unauthenticated("the token's payload is not valid"));
  EXPECT_THAT(Verify(token + "="), Unauthenticated("the token's signature is not valid"));
  EXPECT_THAT(Verify("=" + token), Unauthenticated("the token's header is not valid"));
  EXPECT_THAT(Verify(" " + token), Unauthenticated("the token's header is not valid"));
  // Valid base64url, but not JSON objects.
  EXPECT_THAT(Verify(absl::StrCat(testing::Base64Url("[1]"), token.substr(first))),
              Unauthenticated("the token's header is not a JSON object"));
  EXPECT_THAT(Verify(absl::StrCat(token.substr(0, first + 1), testing::Base64Url("{\"a\":"),
                                  token.substr(last))),
              Unauthenticated("the token's payload is not a JSON object"));
}

TEST_F(TokenVerifierTest, RefusesDuplicateClaimNames) {
  // Which one a parser takes differs between libraries; Torg takes neither.
  const std::string claims = Json(Claims());
  const std::string duplicated = "{\"sub\":\"admin\"," + claims.substr(1);
  EXPECT_THAT(Verify(SignToken(Json(Header("RS256")), duplicated, Rs256(*rsa_))),
              Unauthenticated("the token's payload is not a JSON object"));
}

TEST_F(TokenVerifierTest, RefusesAnOversizedToken) {
  JsonObject claims = Claims();
  SetString(claims, "padding", std::string(7000, 'x'));
  const std::string token = Rs256Token(claims);
  ASSERT_GT(token.size(), kMaxTokenBytes);
  EXPECT_THAT(Verify(token), Unauthenticated("the token is larger than 8 KiB"));
}

TEST_F(TokenVerifierTest, RefusesAnEs256SignatureInDer) {
  EXPECT_THAT(
      Verify(SignToken(Json(Header("ES256")), Json(Claims()), Es256(*ec_, EcdsaForm::kDer))),
      Unauthenticated("the token's signature does not verify"));
}

TEST_F(TokenVerifierTest, MessagesNeverContainTheToken) {
  JsonObject expired = Claims();
  SetNumber(expired, "exp", 1);
  const std::string tokens[] = {
      Rs256Token(expired),
      SignToken(Json(Header("HS256")), Json(Claims()), Hs256(rsa_->PublicPem())),
      Rs256Token(Claims("https://evil.example")),
      SignToken(Json(Header("ES256")), Json(Claims()), Es256(*ec_, EcdsaForm::kDer)),
  };
  for (const std::string& token : tokens) {
    const absl::Status status = Verify(token).status();
    ASSERT_FALSE(status.ok());
    for (const absl::string_view part : absl::StrSplit(token, '.')) {
      EXPECT_THAT(std::string(status.message()), Not(HasSubstr(std::string(part.substr(0, 12)))));
    }
  }
}

TEST(TokenVerifierCreateTest, RefusesUnusableKeys) {
  const TestKey rsa_1024 = TestKey::Rsa(1024);
  const TestKey p256 = TestKey::Ec("P-256");
  const TestKey p384 = TestKey::Ec("P-384");
  const struct {
    TrustedKey key;
    const char* message;
  } cases[] = {
      {{"iss", "", TokenAlgorithm::kHs256, std::string(31, 's')},
       "the HS256 secret has 31 bytes; it needs at least 32"},
      {{"iss", "", TokenAlgorithm::kRs256, rsa_1024.PublicPem()},
       "the RS256 key has 1024 bits; RS256 needs at least 2048"},
      {{"iss", "", TokenAlgorithm::kRs256, p256.PublicPem()}, "not an RSA key"},
      {{"iss", "", TokenAlgorithm::kEs256, rsa_1024.PublicPem()}, "not an EC key"},
      {{"iss", "", TokenAlgorithm::kEs256, p384.PublicPem()},
       "the ES256 key is on curve secp384r1; ES256 needs P-256"},
      {{"iss", "", TokenAlgorithm::kEs256, p256.PrivatePem()},
       "the ES256 key is a private key; configure the issuer's public key"},
      {{"iss", "", TokenAlgorithm::kRs256, "not a pem"}, "the RS256 key is not a PEM public key"},
      {{"", "", TokenAlgorithm::kHs256, std::string(32, 's')}, "the issuer is empty"},
  };
  for (const auto& c : cases) {
    EXPECT_THAT(TokenVerifier::Create({c.key}, "torg"),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.message)))
        << c.message;
  }
  EXPECT_THAT(TokenVerifier::Create({}, ""), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(TokenVerifierCreateTest, AddTrustedKeyExtendsTheVerifier) {
  ASSERT_OK_AND_ASSIGN(TokenVerifier verifier, TokenVerifier::Create({}, "torg"));
  EXPECT_FALSE(verifier.TrustsIssuer("torgd-local"));
  const std::string secret(32, 'k');
  ASSERT_OK(verifier.AddTrustedKey({"torgd-local", "", TokenAlgorithm::kHs256, secret}));
  EXPECT_TRUE(verifier.TrustsIssuer("torgd-local"));
  const absl::Time now = absl::FromUnixSeconds(1'750'000'000);
  EXPECT_OK(verifier.Verify(
      SignToken(Json(Header("HS256")), Json(ValidClaims("torgd-local", now)), Hs256(secret)), now));
}

TEST(Base64UrlTest, DecodesOnlyCanonicalUnpaddedBase64Url) {
  EXPECT_EQ(internal::Base64UrlDecodeStrict("_-8"), std::optional<std::string>("\xff\xef"));
  EXPECT_EQ(internal::Base64UrlDecodeStrict(""), std::optional<std::string>(""));
  for (const char* bad : {"/+8", "_-8=", "_-8 ", "A", "_-9", "AB=="}) {
    EXPECT_EQ(internal::Base64UrlDecodeStrict(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace torg::auth
