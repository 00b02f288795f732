#include "services/sealing/envelope.h"

#include <string>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/sealing/envelope_internal.h"
#include "services/sealing/secret_key.h"
#include "tests/support/status_matchers.h"

namespace torg::sealing {
namespace {

using ::testing::HasSubstr;
using ::torg::testing::IsOkAndHolds;
using ::torg::testing::StatusIs;

SecretKey KeyFromHex(absl::string_view hex) {
  absl::StatusOr<SecretKey> key = SecretKey::FromBytes(absl::HexStringToBytes(hex));
  EXPECT_TRUE(key.ok()) << key.status();
  return std::move(key).value();
}

SecretKey NewKey() {
  absl::StatusOr<SecretKey> key = SecretKey::Generate();
  EXPECT_TRUE(key.ok()) << key.status();
  return std::move(key).value();
}

// --- Known answers: the AES-256-GCM test cases of McGrew & Viega, "The
// Galois/Counter Mode of Operation (GCM)", the specification NIST SP 800-38D
// adopted (test cases 13, 14 and 16). Checked against OpenSSL by this test.

struct GcmVector {
  const char* name;
  const char* key;
  const char* nonce;
  const char* plaintext;
  const char* associated_data;
  const char* ciphertext;
  const char* tag;
};

constexpr GcmVector kGcmVectors[] = {
    {"TestCase13", "0000000000000000000000000000000000000000000000000000000000000000",
     "000000000000000000000000", "", "", "", "530f8afbc74536b9a963b4f1c4cb738b"},
    {"TestCase14", "0000000000000000000000000000000000000000000000000000000000000000",
     "000000000000000000000000", "00000000000000000000000000000000", "",
     "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"},
    {"TestCase16", "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
     "cafebabefacedbaddecaf888",
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
     "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
     "feedfacedeadbeeffeedfacedeadbeefabaddad2",
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
     "76fc6ece0f4e1768cddf8853bb2d551b"},
};

TEST(AesGcmKnownAnswerTest, SealMatchesPublishedVectors) {
  for (const GcmVector& v : kGcmVectors) {
    SCOPED_TRACE(v.name);
    const SecretKey key = KeyFromHex(v.key);
    absl::StatusOr<std::string> sealed = internal::AesGcmSeal(
        key, absl::HexStringToBytes(v.nonce), absl::HexStringToBytes(v.plaintext),
        absl::HexStringToBytes(v.associated_data));
    ASSERT_TRUE(sealed.ok()) << sealed.status();
    EXPECT_EQ(absl::BytesToHexString(*sealed), std::string(v.ciphertext) + v.tag);
  }
}

TEST(AesGcmKnownAnswerTest, OpenRecoversPublishedPlaintextAndRejectsABadTag) {
  for (const GcmVector& v : kGcmVectors) {
    SCOPED_TRACE(v.name);
    const SecretKey key = KeyFromHex(v.key);
    const std::string nonce = absl::HexStringToBytes(v.nonce);
    const std::string associated_data = absl::HexStringToBytes(v.associated_data);
    std::string body = absl::HexStringToBytes(std::string(v.ciphertext) + v.tag);
    EXPECT_THAT(internal::AesGcmOpen(key, nonce, body, associated_data),
                IsOkAndHolds(absl::HexStringToBytes(v.plaintext)));
    body.back() = static_cast<char>(body.back() ^ 0x01);
    EXPECT_THAT(internal::AesGcmOpen(key, nonce, body, associated_data),
                StatusIs(absl::StatusCode::kDataLoss, HasSubstr("failed authentication")));
  }
}

TEST(AesGcmKnownAnswerTest, RefusesAWrongSizeNonce) {
  const SecretKey key = NewKey();
  EXPECT_THAT(internal::AesGcmSeal(key, std::string(16, '\0'), "x", ""),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// --- The public envelope.

constexpr absl::string_view kOwner = "participant/7f3e2a";

TEST(EnvelopeTest, RoundTrips) {
  const SecretKey key = NewKey();
  ASSERT_OK_AND_ASSIGN(std::string sealed, Seal(key, "Anna Andersson, 070-123 45 67", kOwner));
  EXPECT_THAT(Open(key, sealed, kOwner),
              IsOkAndHolds(std::string("Anna Andersson, 070-123 45 67")));
}

TEST(EnvelopeTest, HasTheDocumentedLayoutAndHidesThePlaintext) {
  const SecretKey key = NewKey();
  const std::string plaintext = "191212121212";
  ASSERT_OK_AND_ASSIGN(std::string sealed, Seal(key, plaintext, kOwner));
  ASSERT_EQ(sealed.size(), 1 + 12 + plaintext.size() + 16);
  EXPECT_EQ(kSealOverhead, 29u);
  EXPECT_EQ(sealed[0], '\x01');
  EXPECT_EQ(sealed.find(plaintext), std::string::npos);
}

TEST(EnvelopeTest, SealingTwiceGivesDifferentValues) {
  const SecretKey key = NewKey();
  ASSERT_OK_AND_ASSIGN(std::string first, Seal(key, "same text", kOwner));
  ASSERT_OK_AND_ASSIGN(std::string second, Seal(key, "same text", kOwner));
  EXPECT_NE(first, second);
  EXPECT_NE(first.substr(1, 12), second.substr(1, 12)) << "the nonce must be fresh";
}

TEST(EnvelopeTest, FlippingAnyByteIsDataLoss) {
  const SecretKey key = NewKey();
  ASSERT_OK_AND_ASSIGN(const std::string sealed, Seal(key, "skyddade personuppgifter", kOwner));
  for (size_t i = 0; i < sealed.size(); ++i) {
    for (unsigned char mask : {0x01, 0x80, 0xff}) {
      std::string tampered = sealed;
      tampered[i] = static_cast<char>(static_cast<unsigned char>(tampered[i]) ^ mask);
      EXPECT_THAT(Open(key, tampered, kOwner), StatusIs(absl::StatusCode::kDataLoss))
          << "byte " << i << " mask " << static_cast<int>(mask);
    }
  }
}

TEST(EnvelopeTest, ChangedVersionByteNamesTheVersion) {
  const SecretKey key = NewKey();
  ASSERT_OK_AND_ASSIGN(std::string sealed, Seal(key, "x", kOwner));
  sealed[0] = '\x02';
  EXPECT_THAT(Open(key, sealed, kOwner),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("unknown format version 2")));
}

TEST(EnvelopeTest, WrongKeyIsDataLoss) {
  const SecretKey key = NewKey();
  const SecretKey other = NewKey();
  ASSERT_OK_AND_ASSIGN(std::string sealed, Seal(key, "text", kOwner));
  EXPECT_THAT(
      Open(other, sealed, kOwner),
      StatusIs(absl::StatusCode::kDataLoss, HasSubstr("sealed data failed authentication")));
}

TEST(EnvelopeTest, ValueMovedToAnotherOwnerIsDataLoss) {
  const SecretKey key = NewKey();
  ASSERT_OK_AND_ASSIGN(std::string sealed, Seal(key, "text", "participant/1"));
  for (absl::string_view other : {"participant/2", "participant/1 ", "participant/", ""}) {
    EXPECT_THAT(Open(key, sealed, other), StatusIs(absl::StatusCode::kDataLoss,
                                                   HasSubstr("sealed data failed authentication")))
        << other;
  }
}

TEST(EnvelopeTest, TruncatedOrExtendedInputIsDataLoss) {
  const SecretKey key = NewKey();
  ASSERT_OK_AND_ASSIGN(const std::string sealed, Seal(key, "some free text", kOwner));
  for (size_t length = 0; length < sealed.size(); ++length) {
    EXPECT_THAT(Open(key, sealed.substr(0, length), kOwner), StatusIs(absl::StatusCode::kDataLoss))
        << "length " << length;
  }
  EXPECT_THAT(Open(key, sealed + '\0', kOwner), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(Open(key, "", kOwner), StatusIs(absl::StatusCode::kDataLoss, HasSubstr("0 bytes")));
}

TEST(EnvelopeTest, EmptyPlaintextRoundTripsAndIsStillAuthenticated) {
  const SecretKey key = NewKey();
  ASSERT_OK_AND_ASSIGN(std::string sealed, Seal(key, "", kOwner));
  EXPECT_EQ(sealed.size(), kSealOverhead);
  EXPECT_THAT(Open(key, sealed, kOwner), IsOkAndHolds(std::string()));
  EXPECT_THAT(Open(key, sealed, "participant/other"), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(EnvelopeTest, OneMegabytePlaintextRoundTrips) {
  const SecretKey key = NewKey();
  std::string plaintext(1 << 20, '\0');
  for (size_t i = 0; i < plaintext.size(); ++i) plaintext[i] = static_cast<char>(i * 31 + 7);
  ASSERT_OK_AND_ASSIGN(std::string sealed, Seal(key, plaintext, kOwner));
  EXPECT_EQ(sealed.size(), plaintext.size() + kSealOverhead);
  ASSERT_OK_AND_ASSIGN(std::string opened, Open(key, sealed, kOwner));
  EXPECT_TRUE(opened == plaintext);  // Not EXPECT_EQ: a failure would print 1 MB.
}

// --- Data-key wrapping.

TEST(WrapDataKeyTest, RoundTrips) {
  const SecretKey master = NewKey();
  const SecretKey data_key = NewKey();
  ASSERT_OK_AND_ASSIGN(std::string wrapped, WrapDataKey(master, data_key, "p-42"));
  EXPECT_EQ(wrapped.size(), SecretKey::kSize + kSealOverhead);
  EXPECT_EQ(wrapped.find(std::string(data_key.bytes())), std::string::npos);
  ASSERT_OK_AND_ASSIGN(SecretKey unwrapped, UnwrapDataKey(master, wrapped, "p-42"));
  EXPECT_EQ(unwrapped.bytes(), data_key.bytes());
}

TEST(WrapDataKeyTest, AnotherParticipantsIdFails) {
  const SecretKey master = NewKey();
  const SecretKey data_key = NewKey();
  ASSERT_OK_AND_ASSIGN(std::string wrapped, WrapDataKey(master, data_key, "p-42"));
  EXPECT_THAT(
      UnwrapDataKey(master, wrapped, "p-43"),
      StatusIs(absl::StatusCode::kDataLoss, HasSubstr("sealed data failed authentication")));
}

TEST(WrapDataKeyTest, AnotherMasterKeyFails) {
  const SecretKey master = NewKey();
  const SecretKey data_key = NewKey();
  ASSERT_OK_AND_ASSIGN(std::string wrapped, WrapDataKey(master, data_key, "p-42"));
  EXPECT_THAT(UnwrapDataKey(NewKey(), wrapped, "p-42"), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(WrapDataKeyTest, IsNotInterchangeableWithPlainSeal) {
  // A value sealed under the master key for the bare id is not a wrapped key
  // for that participant, and a wrapped key does not open as plain data.
  const SecretKey master = NewKey();
  const SecretKey data_key = NewKey();
  ASSERT_OK_AND_ASSIGN(std::string sealed, Seal(master, data_key.bytes(), "p-42"));
  EXPECT_THAT(UnwrapDataKey(master, sealed, "p-42"), StatusIs(absl::StatusCode::kDataLoss));
  ASSERT_OK_AND_ASSIGN(std::string wrapped, WrapDataKey(master, data_key, "p-42"));
  EXPECT_THAT(Open(master, wrapped, "p-42"), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(WrapDataKeyTest, AuthenticValueThatIsNotAKeyIsDataLoss) {
  const SecretKey master = NewKey();
  ASSERT_OK_AND_ASSIGN(std::string sealed, Seal(master, "short", "torg.datakey/p-42"));
  EXPECT_THAT(UnwrapDataKey(master, sealed, "p-42"),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("does not hold a 32-byte key")));
}

TEST(WrapDataKeyTest, EmptyParticipantIdIsInvalidArgument) {
  const SecretKey master = NewKey();
  const SecretKey data_key = NewKey();
  EXPECT_THAT(WrapDataKey(master, data_key, ""), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(UnwrapDataKey(master, std::string(61, '\x01'), ""),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(WrapDataKeyTest, ErrorsNeverContainKeyBytes) {
  const SecretKey master = NewKey();
  const SecretKey data_key = NewKey();
  ASSERT_OK_AND_ASSIGN(std::string wrapped, WrapDataKey(master, data_key, "p-42"));
  ASSERT_OK_AND_ASSIGN(std::string not_a_key, Seal(master, "short", "torg.datakey/p-42"));
  for (const absl::Status& status :
       {UnwrapDataKey(master, wrapped, "p-43").status(),
        UnwrapDataKey(master, not_a_key, "p-42").status(),
        UnwrapDataKey(master, wrapped.substr(0, 20), "p-42").status()}) {
    ASSERT_FALSE(status.ok());
    for (const SecretKey* key : {&master, &data_key}) {
      EXPECT_THAT(std::string(status.message()),
                  ::testing::Not(HasSubstr(std::string(key->bytes()))));
      EXPECT_THAT(std::string(status.message()),
                  ::testing::Not(HasSubstr(absl::BytesToHexString(key->bytes()))));
    }
  }
}

}  // namespace
}  // namespace torg::sealing
