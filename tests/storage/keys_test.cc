#include "storage/keys.h"

#include "gtest/gtest.h"
#include "storage/column_families.h"

namespace torg::storage {
namespace {

TEST(KeysTest, IntegersSortInNumericOrder) {
  const uint64_t values[] = {0, 1, 255, 256, 65535, 1ull << 32, ~0ull};
  for (size_t i = 1; i < std::size(values); ++i) {
    EXPECT_LT(keys::EventKey(values[i - 1]), keys::EventKey(values[i])) << values[i];
  }
}

TEST(KeysTest, IntegersRoundTrip) {
  for (uint64_t value : {0ull, 1ull, 0x0102030405060708ull, ~0ull}) {
    EXPECT_EQ(keys::DecodeUint64(keys::EncodeUint64(value)), value);
  }
  EXPECT_EQ(keys::DecodeUint64("short"), std::nullopt);
  EXPECT_EQ(keys::EncodeUint64(0x0102030405060708ull), std::string("\1\2\3\4\5\6\7\10", 8));
}

TEST(KeysTest, StreamPrefixesDoNotCollideWithLongerNames) {
  const std::string prefix = keys::StreamIndexPrefix("case-1");
  EXPECT_EQ(keys::StreamIndexKey("case-1", 7).rfind(prefix, 0), 0u);
  EXPECT_NE(keys::StreamIndexKey("case-10", 1).rfind(prefix, 0), 0u);
  EXPECT_LT(keys::StreamIndexKey("case-1", 2), keys::StreamIndexKey("case-1", 10));
}

TEST(KeysTest, ProjectionKeysAreNamespacedByProjection) {
  EXPECT_EQ(keys::ProjectionKey("counts", "total"), std::string("counts\0total", 12));
  EXPECT_NE(keys::ProjectionKey("counts", "x").rfind(keys::ProjectionPrefix("count"), 0), 0u);
}

TEST(KeysTest, ProjectionPrefixEndBoundsExactlyTheProjectionsKeys) {
  const std::string begin = keys::ProjectionPrefix("counts");
  const std::string end = keys::ProjectionPrefixEnd("counts");
  const std::string inside[] = {begin, keys::ProjectionKey("counts", "total"),
                                keys::ProjectionKey("counts", std::string(3, '\xff'))};
  for (const std::string& key : inside) {
    EXPECT_LE(begin, key);
    EXPECT_LT(key, end);
  }
  // Neither the progress record nor a neighbouring name's keys.
  const std::string outside[] = {
      keys::ProjectionProgressKey("counts"), keys::ProjectionKey("count", "x"),
      keys::ProjectionKey("counts-2", "x"), keys::ProjectionKey("counts.", "")};
  for (const std::string& key : outside) EXPECT_TRUE(key < begin || key >= end);
}

TEST(KeysTest, SealedKeyKeyIsTheKeyId) { EXPECT_EQ(keys::SealedKeyKey("key-1"), "key-1"); }

TEST(KeysTest, AuditLinkKeysSortBySequenceAndAreApartFromTheHead) {
  EXPECT_LT(keys::AuditLinkKey(255), keys::AuditLinkKey(256));
  EXPECT_LT(keys::AuditLinkKey(1), keys::AuditLinkKey(~0ull));
  EXPECT_EQ(keys::AuditLinkKey(7).rfind(keys::AuditLinkPrefix(), 0), 0u);
  EXPECT_NE(keys::AuditHeadKey().rfind(keys::AuditLinkPrefix(), 0), 0u);
  EXPECT_EQ(keys::SequenceFromAuditLinkKey(keys::AuditLinkKey(0x0102030405060708ull)),
            0x0102030405060708ull);
  EXPECT_EQ(keys::SequenceFromAuditLinkKey(keys::AuditHeadKey()), std::nullopt);
  EXPECT_EQ(keys::SequenceFromAuditLinkKey(keys::EncodeUint64(7)), std::nullopt);
}

TEST(ColumnFamiliesTest, NamesFollowTheEnumOrder) {
  EXPECT_EQ(NameOf(ColumnFamily::kDefault), "default");
  EXPECT_EQ(NameOf(ColumnFamily::kEvents), "events");
  EXPECT_EQ(NameOf(ColumnFamily::kProjections), "projections");
  EXPECT_EQ(NameOf(ColumnFamily::kSealedKeys), "sealed_keys");
  // Families are only ever appended: the newest is the last.
  EXPECT_EQ(Index(ColumnFamily::kProjections), 5u);
  EXPECT_EQ(NameOf(ColumnFamily::kAuditLog), "audit_log");
  EXPECT_EQ(Index(ColumnFamily::kSealedKeys), 6u);
  EXPECT_EQ(Index(ColumnFamily::kAuditLog) + 1, kColumnFamilyCount);
}

}  // namespace
}  // namespace torg::storage
