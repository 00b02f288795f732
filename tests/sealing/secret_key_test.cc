#include "services/sealing/secret_key.h"

#include <sstream>
#include <string>
#include <utility>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace torg::sealing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::torg::testing::StatusIs;

TEST(SecretKeyTest, GeneratedKeysAre32BytesAndDistinct) {
  ASSERT_OK_AND_ASSIGN(SecretKey first, SecretKey::Generate());
  ASSERT_OK_AND_ASSIGN(SecretKey second, SecretKey::Generate());
  EXPECT_EQ(first.bytes().size(), 32u);
  EXPECT_NE(first.bytes(), second.bytes());
}

TEST(SecretKeyTest, FromBytesKeepsExactly32Bytes) {
  const std::string raw(32, '\x5a');
  ASSERT_OK_AND_ASSIGN(SecretKey key, SecretKey::FromBytes(raw));
  EXPECT_EQ(key.bytes(), raw);
}

TEST(SecretKeyTest, FromBytesRefusesOtherLengthsWithoutEchoingThem) {
  for (size_t length : {0, 16, 31, 33, 64}) {
    const std::string raw(length, 'K');
    EXPECT_THAT(SecretKey::FromBytes(raw),
                StatusIs(absl::StatusCode::kInvalidArgument, Not(HasSubstr("KKKK"))))
        << length;
  }
}

TEST(SecretKeyTest, MoveWipesTheSource) {
  ASSERT_OK_AND_ASSIGN(SecretKey source, SecretKey::FromBytes(std::string(32, '\x01')));
  SecretKey moved(std::move(source));
  EXPECT_EQ(moved.bytes(), std::string(32, '\x01'));
  // Reading a moved-from key is exactly what this test is about.
  EXPECT_EQ(source.bytes(), std::string(32, '\0'));  // NOLINT(bugprone-use-after-move)

  ASSERT_OK_AND_ASSIGN(SecretKey target, SecretKey::FromBytes(std::string(32, '\x02')));
  target = std::move(moved);
  EXPECT_EQ(target.bytes(), std::string(32, '\x01'));
  EXPECT_EQ(moved.bytes(), std::string(32, '\0'));  // NOLINT(bugprone-use-after-move)
}

TEST(SecretKeyTest, PrintsRedacted) {
  ASSERT_OK_AND_ASSIGN(SecretKey key, SecretKey::FromBytes(std::string(32, 'K')));
  EXPECT_EQ(::testing::PrintToString(key), "SecretKey(redacted)");
  const absl::StatusOr<SecretKey> key_or = SecretKey::FromBytes(std::string(32, 'K'));
  EXPECT_EQ(::testing::PrintToString(key_or), "SecretKey(redacted)");
}

}  // namespace
}  // namespace torg::sealing
