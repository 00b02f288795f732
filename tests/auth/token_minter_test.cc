#include "services/auth/token_minter.h"

#include <string>

#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/auth/jwt_internal.h"
#include "services/auth/token_verifier.h"
#include "tests/auth/test_claims.h"
#include "tests/support/status_matchers.h"

namespace torg::auth {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::torg::auth::testing::kNow;
using ::torg::testing::StatusIs;

// The shared secret of the "torgd-local" issuer.
const std::string kLocalSecret = "torgd-local-test-secret-0123456789abcdef";

Principal Coordinator() {
  Principal principal;
  principal.user_id = "anna";
  principal.forbund_id = "umearegionen";
  principal.party_id = "umea-kommun";
  principal.roles = {Role::kCoordinator, Role::kSteering};
  principal.platform_ids = {"ungdomstorget"};
  principal.authenticated_by = "insecure-dev";
  return principal;
}

TokenVerifier LocalVerifier(const std::string& secret) {
  absl::StatusOr<TokenVerifier> verifier =
      TokenVerifier::Create({{"torgd-local", "", TokenAlgorithm::kHs256, secret}}, "torg");
  EXPECT_OK(verifier);
  return *std::move(verifier);
}

// The decoded claims of a compact token.
google::protobuf::Struct ClaimsOf(const std::string& token) {
  const std::vector<std::string> parts = absl::StrSplit(token, '.');
  EXPECT_EQ(parts.size(), 3u);
  const std::optional<std::string> json = internal::Base64UrlDecodeStrict(parts.at(1));
  EXPECT_TRUE(json.has_value());
  const std::optional<google::protobuf::Struct> claims = internal::ParseJsonObject(*json);
  EXPECT_TRUE(claims.has_value());
  return claims.value_or(google::protobuf::Struct());
}

TEST(TokenMinterTest, AMintedTokenVerifiesAsTheSamePrincipal) {
  const TokenMinter minter("torgd-local", "torg", kLocalSecret);
  ASSERT_OK_AND_ASSIGN(const std::string token, minter.Mint(Coordinator(), kNow, absl::Hours(8)));
  ASSERT_OK_AND_ASSIGN(const Principal principal, LocalVerifier(kLocalSecret).Verify(token, kNow));
  EXPECT_EQ(principal.user_id, "anna");
  EXPECT_EQ(principal.forbund_id, "umearegionen");
  EXPECT_EQ(principal.party_id, "umea-kommun");
  EXPECT_THAT(principal.roles, ElementsAre(Role::kCoordinator, Role::kSteering));
  EXPECT_THAT(principal.platform_ids, ElementsAre("ungdomstorget"));
  EXPECT_EQ(principal.authenticated_by, "jwt:torgd-local");
}

TEST(TokenMinterTest, WritesTheRegisteredClaims) {
  const TokenMinter minter("torgd-local", "torg", kLocalSecret);
  ASSERT_OK_AND_ASSIGN(const std::string first, minter.Mint(Coordinator(), kNow, absl::Hours(1)));
  ASSERT_OK_AND_ASSIGN(const std::string second, minter.Mint(Coordinator(), kNow, absl::Hours(1)));
  const google::protobuf::Struct claims = ClaimsOf(first);
  EXPECT_EQ(claims.fields().at("iss").string_value(), "torgd-local");
  EXPECT_EQ(claims.fields().at("aud").string_value(), "torg");
  EXPECT_EQ(claims.fields().at("iat").number_value(), 1'750'000'000);
  EXPECT_EQ(claims.fields().at("exp").number_value(), 1'750'003'600);
  EXPECT_EQ(claims.fields().at("jti").string_value().size(), 22u) << "16 random bytes";
  EXPECT_NE(claims.fields().at("jti").string_value(),
            ClaimsOf(second).fields().at("jti").string_value());
  EXPECT_EQ(first.find("insecure-dev"), std::string::npos) << "authenticated_by is not a claim";
}

TEST(TokenMinterTest, AMintedTokenExpiresAfterItsLifetime) {
  const TokenMinter minter("torgd-local", "torg", kLocalSecret);
  ASSERT_OK_AND_ASSIGN(const std::string token, minter.Mint(Coordinator(), kNow, absl::Minutes(5)));
  const TokenVerifier verifier = LocalVerifier(kLocalSecret);
  EXPECT_OK(verifier.Verify(token, kNow + absl::Minutes(5)));
  EXPECT_THAT(verifier.Verify(token, kNow + absl::Minutes(5) + kTokenClockLeeway),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("expired")));
}

TEST(TokenMinterTest, AnotherSecretDoesNotVerify) {
  const TokenMinter minter("torgd-local", "torg", kLocalSecret);
  ASSERT_OK_AND_ASSIGN(const std::string token, minter.Mint(Coordinator(), kNow, absl::Hours(1)));
  EXPECT_THAT(LocalVerifier(kLocalSecret + "!").Verify(token, kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("signature does not verify")));
}

TEST(TokenMinterTest, RefusesWhatCouldNeverVerify) {
  EXPECT_THAT(TokenMinter("torgd-local", "torg", "short").Mint(Coordinator(), kNow, absl::Hours(1)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("at least 32")));
  EXPECT_THAT(TokenMinter("", "torg", kLocalSecret).Mint(Coordinator(), kNow, absl::Hours(1)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  const TokenMinter minter("torgd-local", "torg", kLocalSecret);
  Principal no_roles = Coordinator();
  no_roles.roles.clear();
  EXPECT_THAT(minter.Mint(no_roles, kNow, absl::Hours(1)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  Principal no_forbund = Coordinator();
  no_forbund.forbund_id.clear();
  EXPECT_THAT(minter.Mint(no_forbund, kNow, absl::Hours(1)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(minter.Mint(Coordinator(), kNow, absl::ZeroDuration()),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace torg::auth
