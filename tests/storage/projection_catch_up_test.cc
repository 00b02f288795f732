// A projection registered after events were written is rebuilt from the log
// when the store opens, once, and a rebuild cut short resumes where it
// stopped; so is one whose format version changed, from nothing
// (storage/projection_catch_up.h).

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/embedded_event_store.h"
#include "storage/keys.h"
#include "storage/rocks_database.h"
#include "tests/storage/test_projections.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace torg::testing {
namespace {

using storage::AppendRequest;
using storage::EmbeddedEventStore;
using storage::EmbeddedStoreOptions;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::Optional;

// CountingProjection that refuses the event at one position while armed, as
// a crash or a bug would stop a rebuild half-way.
class CountingProjectionFailingAt : public CountingProjection {
 public:
  explicit CountingProjectionFailingAt(uint64_t position) : failing_position_(position) {}
  absl::Status Apply(const storage::RecordedEvent& event,
                     storage::ProjectionBatch& batch) override {
    if (event.position == failing_position_) {
      return absl::InternalError(absl::StrCat("stopped at ", event.position));
    }
    return CountingProjection::Apply(event, batch);
  }

 private:
  uint64_t failing_position_;
};

absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> OpenForCatchUp(
    const std::string& directory, std::shared_ptr<storage::Projection> projection,
    uint64_t events_per_write = 3) {
  EmbeddedStoreOptions options;
  options.directory = directory;
  if (projection != nullptr) options.projections = {std::move(projection)};
  options.catch_up_events_per_write = events_per_write;
  return EmbeddedEventStore::Open(std::move(options));
}

// Appends `count` single events, alternating between streams "a" and "b".
void AppendAlternating(EmbeddedEventStore& store, int count, int first_request = 0) {
  for (int i = first_request; i < first_request + count; ++i) {
    const std::string stream = i % 2 == 0 ? "a" : "b";
    AppendRequest request = AppendRequest::ToStream(absl::StrCat("catch-up-", i), stream,
                                                    std::nullopt, {{"test.Noted", "x", ""}});
    ASSERT_OK(store.Append(request));
  }
}

void ExpectCounts(EmbeddedEventStore& store, const std::string& total, const std::string& a,
                  const std::string& b) {
  EXPECT_THAT(store.ReadProjection(CountingProjection::kName, "total"),
              IsOkAndHolds(Optional(total)));
  EXPECT_THAT(store.ReadProjection(CountingProjection::kName, "stream/a"),
              IsOkAndHolds(Optional(a)));
  EXPECT_THAT(store.ReadProjection(CountingProjection::kName, "stream/b"),
              IsOkAndHolds(Optional(b)));
}

TEST(ProjectionCatchUpTest, AProjectionNewToAStoreIsRebuiltFromTheWholeLog) {
  TempDir dir;
  {
    ASSERT_OK_AND_ASSIGN(auto store, OpenForCatchUp(dir.path(), nullptr));
    AppendAlternating(*store, 7);
  }
  ASSERT_OK_AND_ASSIGN(auto store,
                       OpenForCatchUp(dir.path(), std::make_shared<CountingProjection>()));
  ExpectCounts(*store, "7", "4", "3");
  AppendAlternating(*store, 1, 7);
  ExpectCounts(*store, "8", "4", "4");
}

TEST(ProjectionCatchUpTest, AMaintainedProjectionIsNeverAppliedTwice) {
  TempDir dir;
  for (int open = 0; open < 3; ++open) {
    ASSERT_OK_AND_ASSIGN(auto store,
                         OpenForCatchUp(dir.path(), std::make_shared<CountingProjection>()));
    AppendAlternating(*store, 2, open * 2);
  }
  ASSERT_OK_AND_ASSIGN(auto store,
                       OpenForCatchUp(dir.path(), std::make_shared<CountingProjection>()));
  ExpectCounts(*store, "6", "3", "3");
}

TEST(ProjectionCatchUpTest, ARebuildCutShortResumesWithoutCountingAnEventTwice) {
  TempDir dir;
  {
    ASSERT_OK_AND_ASSIGN(auto store, OpenForCatchUp(dir.path(), nullptr));
    AppendAlternating(*store, 8);
  }
  // Writes of two events: positions 1-2 and 3-4 are written, 5 fails.
  EXPECT_THAT(OpenForCatchUp(dir.path(), std::make_shared<CountingProjectionFailingAt>(5), 2),
              StatusIs(absl::StatusCode::kInternal,
                       HasSubstr("rebuilding projection counts at position 5: stopped at 5")));
  ASSERT_OK_AND_ASSIGN(auto store,
                       OpenForCatchUp(dir.path(), std::make_shared<CountingProjection>(), 2));
  ExpectCounts(*store, "8", "4", "4");
}

TEST(ProjectionCatchUpTest, ZeroEventsPerWriteIsRefused) {
  TempDir dir;
  EXPECT_THAT(OpenForCatchUp(dir.path(), std::make_shared<CountingProjection>(), 0),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at least one event")));
}

// Writes, for each event, "event/<position>" = "v<version>" and a running
// "total" read back from its own earlier writes, so keys left over from
// another format would show in the total; version 1 also writes
// "v1-only/<position>". Counts the events it applied, and refuses the one at
// `failing_position` (0: none), as a crash or a bug would stop a rebuild.
class VersionedProjection : public storage::Projection {
 public:
  static constexpr absl::string_view kName = "versioned";

  explicit VersionedProjection(uint32_t version, uint64_t failing_position = 0)
      : version_(version), failing_position_(failing_position) {}

  absl::string_view name() const override { return kName; }
  uint32_t format_version() const override { return version_; }
  int applies() const { return applies_; }

  absl::Status Apply(const storage::RecordedEvent& event,
                     storage::ProjectionBatch& batch) override {
    if (event.position == failing_position_) {
      return absl::InternalError(absl::StrCat("stopped at ", event.position));
    }
    absl::StatusOr<std::optional<std::string>> total = batch.Get("total");
    if (!total.ok()) return total.status();
    uint64_t count = 0;
    if (total->has_value() && !absl::SimpleAtoi(**total, &count)) {
      return absl::DataLossError("total is not a number");
    }
    batch.Put("total", absl::StrCat(count + 1));
    batch.Put(absl::StrCat("event/", event.position), absl::StrCat("v", version_));
    if (version_ == 1) batch.Put(absl::StrCat("v1-only/", event.position), "x");
    ++applies_;
    return absl::OkStatus();
  }

 private:
  uint32_t version_;
  uint64_t failing_position_;
  int applies_ = 0;
};

// Expects exactly the keys VersionedProjection at `version` writes for
// positions 1 to `events`, nothing more.
void ExpectVersionedKeys(EmbeddedEventStore& store, uint32_t version, int events) {
  std::map<std::string, std::string> expected = {{"total", absl::StrCat(events)}};
  for (int position = 1; position <= events; ++position) {
    expected[absl::StrCat("event/", position)] = absl::StrCat("v", version);
    if (version == 1) expected[absl::StrCat("v1-only/", position)] = "x";
  }
  EXPECT_THAT(store.ScanProjection(VersionedProjection::kName, "", "", 10000),
              IsOkAndHolds(ElementsAreArray(
                  std::vector<storage::ProjectionEntry>(expected.begin(), expected.end()))));
}

std::string CurrentRecord(uint64_t version) {
  return absl::StrCat("c", storage::keys::EncodeUint64(version));
}

std::string RebuildingRecord(uint64_t through, uint64_t version) {
  return absl::StrCat("r", storage::keys::EncodeUint64(through),
                      storage::keys::EncodeUint64(version));
}

// The progress record of VersionedProjection as stored; the store must be
// closed.
std::optional<std::string> StoredProgress(const std::string& directory) {
  absl::StatusOr<std::unique_ptr<storage::RocksDatabase>> database =
      storage::RocksDatabase::Open(directory);
  if (!database.ok()) {
    ADD_FAILURE() << database.status();
    return std::nullopt;
  }
  absl::StatusOr<std::optional<std::string>> record =
      (*database)->Get(storage::ColumnFamily::kProjections,
                       storage::keys::ProjectionProgressKey(VersionedProjection::kName));
  if (!record.ok()) {
    ADD_FAILURE() << record.status();
    return std::nullopt;
  }
  return *record;
}

// Replaces the progress record of VersionedProjection with `bytes`, or
// deletes it when nullopt, as an older Torg or a damaged disk would have
// left it; the store must be closed.
void SetStoredProgress(const std::string& directory, std::optional<std::string> bytes) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<storage::RocksDatabase> database,
                       storage::RocksDatabase::Open(directory));
  rocksdb::WriteOptions options;
  options.sync = true;
  rocksdb::ColumnFamilyHandle* family = database->family(storage::ColumnFamily::kProjections);
  const std::string key = storage::keys::ProjectionProgressKey(VersionedProjection::kName);
  const rocksdb::Status written = bytes.has_value()
                                      ? database->db()->Put(options, family, key, *bytes)
                                      : database->db()->Delete(options, family, key);
  ASSERT_TRUE(written.ok()) << written.ToString();
}

// Opens at `version`, appends `events` and closes.
void MaintainVersioned(const std::string& directory, uint32_t version, int events) {
  ASSERT_OK_AND_ASSIGN(auto store,
                       OpenForCatchUp(directory, std::make_shared<VersionedProjection>(version)));
  AppendAlternating(*store, events);
}

TEST(ProjectionCatchUpTest, ARaisedFormatVersionDiscardsTheOldKeysAndRebuildsFromTheLog) {
  TempDir dir;
  MaintainVersioned(dir.path(), 1, 7);
  EXPECT_EQ(StoredProgress(dir.path()), CurrentRecord(1));
  auto v2 = std::make_shared<VersionedProjection>(2);
  {
    ASSERT_OK_AND_ASSIGN(auto store, OpenForCatchUp(dir.path(), v2));
    EXPECT_EQ(v2->applies(), 7);
    ExpectVersionedKeys(*store, 2, 7);
    AppendAlternating(*store, 1, 7);
    ExpectVersionedKeys(*store, 2, 8);
  }
  EXPECT_EQ(StoredProgress(dir.path()), CurrentRecord(2));
}

TEST(ProjectionCatchUpTest, ALoweredFormatVersionIsRebuiltToo) {
  TempDir dir;
  MaintainVersioned(dir.path(), 2, 5);
  auto v1 = std::make_shared<VersionedProjection>(1);
  ASSERT_OK_AND_ASSIGN(auto store, OpenForCatchUp(dir.path(), v1));
  EXPECT_EQ(v1->applies(), 5);
  ExpectVersionedKeys(*store, 1, 5);
}

TEST(ProjectionCatchUpTest, AReopenAtTheSameFormatVersionRebuildsNothing) {
  for (uint32_t version : {1u, 2u}) {
    SCOPED_TRACE(absl::StrCat("version ", version));
    TempDir dir;
    {
      ASSERT_OK_AND_ASSIGN(auto store, OpenForCatchUp(dir.path(), nullptr));
      AppendAlternating(*store, 4);
    }
    auto rebuilt = std::make_shared<VersionedProjection>(version);
    {
      ASSERT_OK_AND_ASSIGN(auto store, OpenForCatchUp(dir.path(), rebuilt));
      AppendAlternating(*store, 2, 4);
    }
    EXPECT_EQ(rebuilt->applies(), 6);
    for (int open = 0; open < 2; ++open) {
      auto reopened = std::make_shared<VersionedProjection>(version);
      ASSERT_OK_AND_ASSIGN(auto store, OpenForCatchUp(dir.path(), reopened));
      EXPECT_EQ(reopened->applies(), 0);
      ExpectVersionedKeys(*store, version, 6);
    }
  }
}

TEST(ProjectionCatchUpTest, ACurrentRecordWithoutAVersionIsVersionOne) {
  TempDir dir;
  MaintainVersioned(dir.path(), 1, 6);
  SetStoredProgress(dir.path(), std::string("c"));
  {
    auto v1 = std::make_shared<VersionedProjection>(1);
    ASSERT_OK_AND_ASSIGN(auto store, OpenForCatchUp(dir.path(), v1));
    EXPECT_EQ(v1->applies(), 0);
    ExpectVersionedKeys(*store, 1, 6);
  }
  auto v2 = std::make_shared<VersionedProjection>(2);
  ASSERT_OK_AND_ASSIGN(auto store, OpenForCatchUp(dir.path(), v2));
  EXPECT_EQ(v2->applies(), 6);
  ExpectVersionedKeys(*store, 2, 6);
}

TEST(ProjectionCatchUpTest, ARebuildingRecordWithoutAVersionResumesAtVersionOne) {
  TempDir dir;
  {
    ASSERT_OK_AND_ASSIGN(auto store, OpenForCatchUp(dir.path(), nullptr));
    AppendAlternating(*store, 8);
  }
  EXPECT_THAT(OpenForCatchUp(dir.path(), std::make_shared<VersionedProjection>(1, 5), 2),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("stopped at 5")));
  EXPECT_EQ(StoredProgress(dir.path()), RebuildingRecord(4, 1));
  SetStoredProgress(dir.path(), absl::StrCat("r", storage::keys::EncodeUint64(4)));
  auto v1 = std::make_shared<VersionedProjection>(1);
  ASSERT_OK_AND_ASSIGN(auto store, OpenForCatchUp(dir.path(), v1, 2));
  EXPECT_EQ(v1->applies(), 4);
  ExpectVersionedKeys(*store, 1, 8);
}

TEST(ProjectionCatchUpTest, KeysWithoutARecordAreVersionOne) {
  TempDir dir;
  MaintainVersioned(dir.path(), 1, 4);
  SetStoredProgress(dir.path(), std::nullopt);
  {
    auto v1 = std::make_shared<VersionedProjection>(1);
    ASSERT_OK_AND_ASSIGN(auto store, OpenForCatchUp(dir.path(), v1));
    EXPECT_EQ(v1->applies(), 0);
  }
  EXPECT_EQ(StoredProgress(dir.path()), CurrentRecord(1));
  SetStoredProgress(dir.path(), std::nullopt);
  auto v2 = std::make_shared<VersionedProjection>(2);
  ASSERT_OK_AND_ASSIGN(auto store, OpenForCatchUp(dir.path(), v2));
  EXPECT_EQ(v2->applies(), 4);
  ExpectVersionedKeys(*store, 2, 4);
}

TEST(ProjectionCatchUpTest, ARebuildToANewVersionCutShortResumesAtThatVersion) {
  TempDir dir;
  MaintainVersioned(dir.path(), 1, 8);
  // Writes of two events: positions 1-2 and 3-4 are written at version 2, 5 fails.
  auto failing = std::make_shared<VersionedProjection>(2, 5);
  EXPECT_THAT(OpenForCatchUp(dir.path(), failing, 2),
              StatusIs(absl::StatusCode::kInternal,
                       HasSubstr("rebuilding projection versioned at position 5: stopped at 5")));
  EXPECT_EQ(failing->applies(), 4);
  EXPECT_EQ(StoredProgress(dir.path()), RebuildingRecord(4, 2));
  auto v2 = std::make_shared<VersionedProjection>(2);
  ASSERT_OK_AND_ASSIGN(auto store, OpenForCatchUp(dir.path(), v2, 2));
  EXPECT_EQ(v2->applies(), 4);
  ExpectVersionedKeys(*store, 2, 8);
}

TEST(ProjectionCatchUpTest, ARebuildStoppedRightAfterTheDiscardRestartsFromNothing) {
  TempDir dir;
  MaintainVersioned(dir.path(), 1, 6);
  EXPECT_THAT(OpenForCatchUp(dir.path(), std::make_shared<VersionedProjection>(2, 1)),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("stopped at 1")));
  EXPECT_EQ(StoredProgress(dir.path()), RebuildingRecord(0, 2));
  // Back at version 1, as after a downgrade: the version 1 keys are gone, so
  // it is rebuilt again rather than trusted.
  auto v1 = std::make_shared<VersionedProjection>(1);
  ASSERT_OK_AND_ASSIGN(auto store, OpenForCatchUp(dir.path(), v1));
  EXPECT_EQ(v1->applies(), 6);
  ExpectVersionedKeys(*store, 1, 6);
}

TEST(ProjectionCatchUpTest, ACorruptProgressRecordIsDataLoss) {
  const std::string eight = storage::keys::EncodeUint64(3);
  const std::vector<std::string> corrupt = {
      "",
      "x",
      "c1",
      absl::StrCat("c", eight.substr(1)),
      absl::StrCat("c", eight, "x"),
      CurrentRecord(uint64_t{1} << 32),
      absl::StrCat("r", eight.substr(1)),
      absl::StrCat("r", eight, "v"),
      absl::StrCat(RebuildingRecord(3, 1), "x"),
      RebuildingRecord(3, uint64_t{1} << 32),
  };
  for (const std::string& bytes : corrupt) {
    SCOPED_TRACE(absl::CHexEscape(bytes));
    TempDir dir;
    MaintainVersioned(dir.path(), 1, 3);
    SetStoredProgress(dir.path(), bytes);
    EXPECT_THAT(OpenForCatchUp(dir.path(), std::make_shared<VersionedProjection>(1)),
                StatusIs(absl::StatusCode::kDataLoss,
                         HasSubstr("progress record of projection versioned is corrupt")));
  }
}

}  // namespace
}  // namespace torg::testing
