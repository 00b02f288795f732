#include "services/sealing/lookup_hasher.h"

#include <optional>
#include <string>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/sealing/lookup_hasher_internal.h"
#include "services/sealing/secret_key.h"

namespace torg::sealing {
namespace {

using ::testing::MatchesRegex;

SecretKey KeyOf(const std::string& bytes) { return SecretKey::FromBytes(bytes).value(); }

// RFC 4231, "Identifiers and Test Vectors for HMAC-SHA-224, HMAC-SHA-256,
// HMAC-SHA-384, and HMAC-SHA-512", section 4.
TEST(HmacSha256KnownAnswerTest, Rfc4231TestCase1) {
  EXPECT_EQ(internal::HmacSha256Hex(std::string(20, '\x0b'), "Hi There"),
            std::optional<std::string>(
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"));
}

TEST(HmacSha256KnownAnswerTest, Rfc4231TestCase2) {
  EXPECT_EQ(internal::HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            std::optional<std::string>(
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
}

TEST(LookupHasherTest, IsPlainHmacSha256OfTheIdentifier) {
  // Expected value from `openssl dgst -sha256 -mac HMAC -macopt hexkey:0001..1f`,
  // so storage written today can be found by any HMAC implementation later.
  const LookupHasher hasher(KeyOf(
      absl::HexStringToBytes("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")));
  EXPECT_EQ(hasher.Hash("191212121212"),
            "6352af149e826f2d873dff69170fafb04f00b16e27f4e3198f181a8fce79458d");
}

TEST(LookupHasherTest, IsDeterministicLowercaseHex) {
  const std::string secret(32, '\x11');
  const LookupHasher hasher(KeyOf(secret));
  const LookupHasher same_secret(KeyOf(secret));
  const std::string hash = hasher.Hash("191212121212");
  EXPECT_THAT(hash, MatchesRegex("[0-9a-f]{64}"));
  EXPECT_EQ(hasher.Hash("191212121212"), hash);
  EXPECT_EQ(same_secret.Hash("191212121212"), hash);
  EXPECT_THAT(hasher.Hash(""), MatchesRegex("[0-9a-f]{64}"));
}

TEST(LookupHasherTest, DiffersForDifferentInputs) {
  const LookupHasher hasher(KeyOf(std::string(32, '\x11')));
  EXPECT_NE(hasher.Hash("191212121212"), hasher.Hash("191212121213"));
  EXPECT_NE(hasher.Hash("191212121212"), hasher.Hash("19121212121"));
  EXPECT_NE(hasher.Hash("191212121212"), hasher.Hash(""));
}

TEST(LookupHasherTest, DiffersForDifferentSecrets) {
  const LookupHasher one(KeyOf(std::string(32, '\x11')));
  const LookupHasher other(KeyOf(std::string(32, '\x12')));
  EXPECT_NE(one.Hash("191212121212"), other.Hash("191212121212"));
}

}  // namespace
}  // namespace torg::sealing
