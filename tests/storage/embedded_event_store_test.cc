// The embedded RocksDB store: the conformance suite, plus what only this
// implementation promises (group commit, refusing foreign data, opening an
// older layout, erasing destroyed keys from every file).

#include "storage/embedded_event_store.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/column_families.h"
#include "tests/storage/event_store_conformance.h"
#include "tests/storage/test_projections.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace torg::testing {
namespace {

using storage::AppendRequest;
using storage::Durability;
using storage::EmbeddedEventStore;
using storage::EmbeddedStoreOptions;
using ::testing::HasSubstr;

class EmbeddedFactory : public EventStoreFactory {
 public:
  std::string name() const override { return "Embedded"; }
  absl::StatusOr<std::unique_ptr<storage::EventStore>> Open(
      const std::string& directory,
      std::vector<std::shared_ptr<storage::Projection>> projections) override {
    EmbeddedStoreOptions options;
    options.directory = directory;
    options.projections = std::move(projections);
    auto store = EmbeddedEventStore::Open(std::move(options));
    if (!store.ok()) return store.status();
    return std::unique_ptr<storage::EventStore>(std::move(store).value());
  }
};

INSTANTIATE_TEST_SUITE_P(Embedded, EventStoreConformanceTest,
                         ::testing::Values(std::make_shared<EmbeddedFactory>()), FactoryName);

absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> OpenAt(const std::string& directory) {
  EmbeddedStoreOptions options;
  options.directory = directory;
  options.projections = {std::make_shared<CountingProjection>()};
  return EmbeddedEventStore::Open(std::move(options));
}

TEST(EmbeddedEventStoreTest, ConcurrentSyncedAppendsShareWalSyncs) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, OpenAt(dir.path()));
  constexpr int kThreads = 32;
  constexpr int kAppendsEach = 20;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAppendsEach; ++i) {
        ASSERT_OK(
            store->Append(AppendRequest::ToStream(absl::StrCat(t, "-", i), absl::StrCat("case-", t),
                                                  std::nullopt, {{"test.Noted", "x", ""}})));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  storage::EmbeddedStoreStats stats = store->stats();
  EXPECT_EQ(stats.appends_committed, static_cast<uint64_t>(kThreads * kAppendsEach));
  // With 32 appenders waiting on each sync, groups must form: a store that
  // synced once per append would show write_batches == appends_committed.
  EXPECT_LT(stats.write_batches, stats.appends_committed / 2)
      << "batches=" << stats.write_batches << " appends=" << stats.appends_committed;
}

TEST(EmbeddedEventStoreTest, SyncedModeFsyncsTheWalForEveryBatchAndUnsyncedNever) {
  // Killing a process cannot show a missing fsync (the page cache survives),
  // so durability is checked where it is decided: RocksDB's own count.
  for (Durability durability : {Durability::kSynced, Durability::kUnsyncedForTestsOnly}) {
    TempDir dir;
    EmbeddedStoreOptions options;
    options.directory = dir.path();
    options.durability = durability;
    ASSERT_OK_AND_ASSIGN(auto store, EmbeddedEventStore::Open(std::move(options)));
    const uint64_t syncs_at_open = store->stats().wal_syncs;
    for (int i = 0; i < 10; ++i) {
      ASSERT_OK(store->Append(AppendRequest::ToStream(absl::StrCat("r", i), "s", std::nullopt,
                                                      {{"test.Noted", "x", ""}})));
    }
    const storage::EmbeddedStoreStats stats = store->stats();
    ASSERT_EQ(stats.write_batches, 10u);
    if (durability == Durability::kSynced) {
      EXPECT_GE(stats.wal_syncs - syncs_at_open, stats.write_batches);
    } else {
      EXPECT_EQ(stats.wal_syncs - syncs_at_open, 0u);
    }
  }
}

TEST(EmbeddedEventStoreTest, RejectedAppendInAGroupLeavesTheOthersIntact) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, OpenAt(dir.path()));
  constexpr int kThreads = 16;
  std::vector<std::thread> threads;
  std::atomic<int> poisoned_rejected{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        const bool poison = (i % 3 == 0);
        absl::StatusOr<storage::AppendResult> result = store->Append(AppendRequest::ToStream(
            absl::StrCat(t, "-", i), absl::StrCat("case-", t), std::nullopt,
            {{poison ? std::string(CountingProjection::kPoisonType) : "test.Noted", "x", ""}}));
        if (poison) {
          ASSERT_THAT(result, StatusIs(absl::StatusCode::kFailedPrecondition));
          poisoned_rejected.fetch_add(1);
        } else {
          ASSERT_OK(result);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const uint64_t good = kThreads * 20 - poisoned_rejected.load();
  EXPECT_THAT(store->LastPosition(), IsOkAndHolds(good));
  ASSERT_OK_AND_ASSIGN(auto all, store->ReadAll(1, 100'000));
  ASSERT_EQ(all.size(), good);
  for (size_t i = 0; i < all.size(); ++i) ASSERT_EQ(all[i].position, i + 1);
  EXPECT_THAT(store->ReadProjection(CountingProjection::kName, "total"),
              IsOkAndHolds(::testing::Optional(absl::StrCat(good))));
}

TEST(EmbeddedEventStoreTest, SecondOpenOfTheSameDirectoryIsRefused) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, OpenAt(dir.path()));
  EXPECT_THAT(OpenAt(dir.path()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("in use")));
}

// Opens a plain RocksDB in `directory`, as some other program would.
std::unique_ptr<rocksdb::DB> OpenForeignDb(const std::string& directory) {
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  EXPECT_TRUE(rocksdb::DB::Open(options, directory, &raw).ok());
  return std::unique_ptr<rocksdb::DB>(raw);
}

TEST(EmbeddedEventStoreTest, DataOfANewerFormatIsRefused) {
  TempDir dir;
  {
    std::unique_ptr<rocksdb::DB> db = OpenForeignDb(dir.path());
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "format", "99").ok());
  }
  EXPECT_THAT(OpenAt(dir.path()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("format 99")));
}

TEST(EmbeddedEventStoreTest, UnknownColumnFamilyIsRefused) {
  TempDir dir;
  {
    std::unique_ptr<rocksdb::DB> db = OpenForeignDb(dir.path());
    ASSERT_NE(db, nullptr);
    rocksdb::ColumnFamilyHandle* handle = nullptr;
    ASSERT_TRUE(
        db->CreateColumnFamily(rocksdb::ColumnFamilyOptions(), "from_the_future", &handle).ok());
    ASSERT_TRUE(db->DestroyColumnFamilyHandle(handle).ok());
  }
  EXPECT_THAT(OpenAt(dir.path()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("from_the_future")));
}

TEST(EmbeddedEventStoreTest, BadOptionsAreRefused) {
  EmbeddedStoreOptions no_directory;
  EXPECT_THAT(EmbeddedEventStore::Open(no_directory),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("directory")));

  TempDir dir;
  EmbeddedStoreOptions twins;
  twins.directory = dir.path();
  twins.projections = {std::make_shared<CountingProjection>(),
                       std::make_shared<CountingProjection>()};
  EXPECT_THAT(EmbeddedEventStore::Open(twins),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("two projections")));
}

TEST(EmbeddedEventStoreTest, PinnedClockIsRecorded) {
  TempDir dir;
  EmbeddedStoreOptions options;
  options.directory = dir.path();
  options.durability = Durability::kUnsyncedForTestsOnly;
  const absl::Time pinned = absl::FromUnixSeconds(1'790'000'000) + absl::Nanoseconds(123);
  options.clock = [pinned] { return pinned; };
  ASSERT_OK_AND_ASSIGN(auto store, EmbeddedEventStore::Open(std::move(options)));
  ASSERT_OK_AND_ASSIGN(
      auto result, store->Append(AppendRequest::ToStream("r", "s", 0, {{"test.Noted", "", ""}})));
  EXPECT_EQ(result.recorded_at, pinned);
  ASSERT_OK_AND_ASSIGN(auto events, store->ReadStream("s", 1, 1));
  EXPECT_EQ(events.at(0).recorded_at, pinned);
}

// --- Column family layout ----------------------------------------------------

TEST(EmbeddedEventStoreTest, StoreWithTheFamiliesOfAnOlderVersionOpensAndGainsTheNewOnes) {
  // The layout before sealed_keys existed: the first six families, and the
  // format marker the store writes.
  constexpr size_t kOldFamilyCount = 6;
  TempDir dir;
  {
    std::unique_ptr<rocksdb::DB> db = OpenForeignDb(dir.path());
    ASSERT_NE(db, nullptr);
    for (size_t i = 1; i < kOldFamilyCount; ++i) {
      rocksdb::ColumnFamilyHandle* handle = nullptr;
      ASSERT_TRUE(db->CreateColumnFamily(rocksdb::ColumnFamilyOptions(),
                                         std::string(storage::kColumnFamilyNames[i]), &handle)
                      .ok());
      ASSERT_TRUE(db->DestroyColumnFamilyHandle(handle).ok());
    }
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "format", "1").ok());
  }
  {
    ASSERT_OK_AND_ASSIGN(auto store, OpenAt(dir.path()));
    AppendRequest request = AppendRequest::ToStream("r1", "s", 0, {{"test.Noted", "x", ""}});
    request.key_writes = {{"key-1", "wrapped"}};
    ASSERT_OK(store->Append(request));
  }
  std::vector<std::string> families;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir.path(), &families).ok());
  EXPECT_THAT(families, ::testing::Contains("sealed_keys"));
  ASSERT_OK_AND_ASSIGN(auto store, OpenAt(dir.path()));
  EXPECT_THAT(store->ReadKey("key-1"), IsOkAndHolds(::testing::Optional(std::string("wrapped"))));
  EXPECT_THAT(store->StreamVersion("s"), IsOkAndHolds(1u));
}

// --- Wrapped data keys --------------------------------------------------------

TEST(EmbeddedEventStoreTest, KeysSurviveReopen) {
  TempDir dir;
  {
    ASSERT_OK_AND_ASSIGN(auto store, OpenAt(dir.path()));
    AppendRequest request = AppendRequest::ToStream("r1", "s", 0, {{"test.Noted", "x", ""}});
    request.key_writes = {{"key-1", "wrapped-1"}, {"key-2", "wrapped-2"}};
    ASSERT_OK(store->Append(request));
    ASSERT_OK(store->DestroyKey("key-2"));
  }
  ASSERT_OK_AND_ASSIGN(auto store, OpenAt(dir.path()));
  EXPECT_THAT(store->ReadKey("key-1"), IsOkAndHolds(::testing::Optional(std::string("wrapped-1"))));
  EXPECT_THAT(store->ReadKey("key-2"), IsOkAndHolds(std::nullopt));
}

TEST(EmbeddedEventStoreTest, AProjectionReadsKeysAsTheAppendLeavesThem) {
  TempDir dir;
  EmbeddedStoreOptions options;
  options.directory = dir.path();
  options.projections = {std::make_shared<KeyReadingProjection>()};
  ASSERT_OK_AND_ASSIGN(auto store, EmbeddedEventStore::Open(std::move(options)));
  const std::string read(KeyReadingProjection::kReadKeyType);
  auto found_at = [&](uint64_t position) {
    return store->ReadProjection(KeyReadingProjection::kName, absl::StrCat("key/", position));
  };
  // The append's own key is there for its events.
  AppendRequest with_key = AppendRequest::ToStream("r1", "s", 0, {{read, "key-1", ""}});
  with_key.key_writes = {{"key-1", "wrapped-1"}};
  ASSERT_OK_AND_ASSIGN(storage::AppendResult first, store->Append(with_key));
  EXPECT_THAT(found_at(first.last_position),
              IsOkAndHolds(::testing::Optional(std::string("wrapped-1"))));
  // One never written, and one destroyed, are absent.
  ASSERT_OK_AND_ASSIGN(storage::AppendResult second,
                       store->Append(AppendRequest::ToStream("r2", "s", 1, {{read, "key-2", ""}})));
  EXPECT_THAT(found_at(second.last_position),
              IsOkAndHolds(::testing::Optional(std::string("absent"))));
  ASSERT_OK(store->DestroyKey("key-1"));
  ASSERT_OK_AND_ASSIGN(storage::AppendResult third,
                       store->Append(AppendRequest::ToStream("r3", "s", 2, {{read, "key-1", ""}})));
  EXPECT_THAT(found_at(third.last_position),
              IsOkAndHolds(::testing::Optional(std::string("absent"))));
  // A malformed id aborts the append.
  EXPECT_THAT(store->Append(AppendRequest::ToStream("r4", "s", 3, {{read, "no spaces", ""}})),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(store->StreamVersion("s"), IsOkAndHolds(3u));
}

// Whether any file under `directory` (the WAL, tables, manifests, logs)
// holds `needle` anywhere in its bytes.
bool AnyFileContains(const std::string& directory, const std::string& needle) {
  for (const auto& entry : std::filesystem::recursive_directory_iterator(directory)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream file(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(file)),
                            std::istreambuf_iterator<char>());
    if (bytes.find(needle) != std::string::npos) return true;
  }
  return false;
}

// A wrapped key no other byte sequence in the store will match by chance:
// 48 bytes, random like real ciphertext, the same for the same label.
std::string DistinctiveKey(absl::string_view label) {
  std::seed_seq seed(label.begin(), label.end());
  std::mt19937 random(seed);
  std::string key(48, '\0');
  for (char& c : key) c = static_cast<char>(random() & 0xff);
  return key;
}

AppendRequest AppendWithKey(const std::string& request_id, const std::string& key_id,
                            const std::string& wrapped_key) {
  AppendRequest request = AppendRequest::ToStream(request_id, absl::StrCat("stream-", request_id),
                                                  0, {{"test.Noted", "x", ""}});
  request.key_writes = {{key_id, wrapped_key}};
  return request;
}

TEST(EmbeddedEventStoreTest, DestroyedKeyIsInNoFileAfterCompactKeys) {
  // Two histories: the key only in the WAL and the memtable when destroyed;
  // and already in a last-level table file (and a retired WAL). The key id
  // is distinctive too, and sorts first: a table file's smallest key is also
  // named in the MANIFEST, which must not keep it either.
  for (int history = 0; history < 2; ++history) {
    SCOPED_TRACE(absl::StrCat("history ", history));
    TempDir dir;
    const std::string doomed = DistinctiveKey(absl::StrCat("doomed-", history));
    const std::string kept = DistinctiveKey(absl::StrCat("kept-", history));
    const std::string doomed_id =
        absl::StrCat("a-", absl::BytesToHexString(DistinctiveKey(absl::StrCat("id-", history))));
    ASSERT_OK_AND_ASSIGN(auto store, OpenAt(dir.path()));
    ASSERT_OK(store->Append(AppendWithKey("r1", doomed_id, doomed)));
    ASSERT_OK(store->Append(AppendWithKey("r2", "kept", kept)));
    if (history == 1) {
      ASSERT_OK(store->CompactKeys());
    }
    ASSERT_OK(store->Append(AppendWithKey("r3", "later", DistinctiveKey("later"))));
    ASSERT_TRUE(AnyFileContains(dir.path(), doomed));     // The scan can see a key,
    ASSERT_TRUE(AnyFileContains(dir.path(), doomed_id));  // and a key id.

    ASSERT_OK(store->DestroyKey(doomed_id));
    ASSERT_OK(store->Append(AppendWithKey("r4", "after", DistinctiveKey("after"))));
    ASSERT_OK(store->CompactKeys());

    EXPECT_FALSE(AnyFileContains(dir.path(), doomed));
    EXPECT_FALSE(AnyFileContains(dir.path(), doomed_id));
    EXPECT_TRUE(AnyFileContains(dir.path(), kept));
    EXPECT_THAT(store->ReadKey("kept"), IsOkAndHolds(::testing::Optional(kept)));
    EXPECT_THAT(store->ReadKey(doomed_id), IsOkAndHolds(std::nullopt));
    store.reset();
    EXPECT_FALSE(AnyFileContains(dir.path(), doomed));
    EXPECT_FALSE(AnyFileContains(dir.path(), doomed_id));
    ASSERT_OK_AND_ASSIGN(store, OpenAt(dir.path()));
    EXPECT_THAT(store->ReadKey("kept"), IsOkAndHolds(::testing::Optional(kept)));
    EXPECT_THAT(store->ReadKey("after"),
                IsOkAndHolds(::testing::Optional(DistinctiveKey("after"))));
    EXPECT_THAT(store->LastPosition(), IsOkAndHolds(4u));
  }
}

TEST(EmbeddedEventStoreTest, CompactKeysWhileAppendingLosesNothing) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, OpenAt(dir.path()));
  std::atomic<bool> stop{false};
  std::thread appender([&] {
    for (int i = 0; !stop.load(); ++i) {
      ASSERT_OK(store->Append(
          AppendWithKey(absl::StrCat("r", i), absl::StrCat("key-", i), absl::StrCat("w", i))));
    }
  });
  for (int round = 0; round < 5; ++round) ASSERT_OK(store->CompactKeys());
  stop.store(true);
  appender.join();
  ASSERT_OK_AND_ASSIGN(uint64_t last, store->LastPosition());
  for (uint64_t i = 0; i < last; ++i) {
    ASSERT_THAT(store->ReadKey(absl::StrCat("key-", i)),
                IsOkAndHolds(::testing::Optional(absl::StrCat("w", i))));
  }
}

}  // namespace
}  // namespace torg::testing
