// The embedded store's audit log against tampering: a closed store's bytes
// are altered with the raw editor, the store is opened again, and the
// verifier must name exactly the entry concerned. Also what only this
// implementation promises: audit appends share group commits, and a store
// of an older layout gains the audit log.

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/column_families.h"
#include "storage/embedded_event_store.h"
#include "storage/keys.h"
#include "tests/support/raw_rocks_editor.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"
#include "torg/storage/v1/records.pb.h"

namespace torg::testing {
namespace {

using storage::AuditAppendResult;
using storage::AuditChainVerifier;
using storage::AuditHead;
using storage::AuditLink;
using storage::AuditProblemKind;
using storage::AuditVerdict;
using storage::EmbeddedEventStore;
using storage::EmbeddedStoreOptions;
using ::testing::HasSubstr;

const std::string kAuditFamily(storage::NameOf(storage::ColumnFamily::kAuditLog));

absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> OpenAt(const std::string& directory) {
  EmbeddedStoreOptions options;
  options.directory = directory;
  return EmbeddedEventStore::Open(std::move(options));
}

// Everything in the store's audit log, then its head, through the verifier.
AuditVerdict VerifyStore(EmbeddedEventStore& store) {
  AuditChainVerifier verifier;
  absl::StatusOr<std::vector<AuditLink>> links = store.ReadAudit(0, 1'000'000);
  EXPECT_THAT(links, IsOk());
  if (links.ok()) {
    for (const AuditLink& link : *links) verifier.Add(link);
  }
  absl::StatusOr<AuditHead> head = store.ReadAuditHead();
  EXPECT_THAT(head, IsOk());
  return verifier.Finish(head.ok() ? *head : AuditHead{});
}

// A closed store whose audit log holds kEntries entries, 5 per append.
class AuditTamperingTest : public ::testing::Test {
 protected:
  static constexpr uint64_t kEntries = 20;

  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(auto store, OpenAt(dir_.path()));
    for (uint64_t first = 1; first <= kEntries; first += 5) {
      std::vector<std::string> payloads;
      for (uint64_t s = first; s < first + 5; ++s) payloads.push_back(absl::StrCat("read ", s));
      ASSERT_OK(store->AppendAudit(std::move(payloads)));
    }
    AuditVerdict verdict = VerifyStore(*store);
    ASSERT_TRUE(verdict.ok()) << verdict.problem->description;
  }

  // Runs `edit` on the closed store's raw database.
  void Edit(const std::function<void(RawRocksEditor&)>& edit) {
    ASSERT_OK_AND_ASSIGN(auto editor, RawRocksEditor::Open(dir_.path()));
    edit(*editor);
  }

  // The stored record of entry `sequence`.
  static storage::v1::AuditLink Record(RawRocksEditor& editor, uint64_t sequence) {
    storage::v1::AuditLink record;
    absl::StatusOr<std::optional<std::string>> bytes =
        editor.Get(kAuditFamily, storage::keys::AuditLinkKey(sequence));
    EXPECT_THAT(bytes, IsOkAndHolds(::testing::Ne(std::nullopt)));
    if (bytes.ok() && bytes->has_value()) {
      EXPECT_TRUE(record.ParseFromString(**bytes));
    }
    return record;
  }

  // Opens the edited store and verifies its audit log.
  AuditVerdict Reverify() {
    absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> store = OpenAt(dir_.path());
    EXPECT_THAT(store, IsOk());
    if (!store.ok()) return {};
    return VerifyStore(**store);
  }

  TempDir dir_;
};

::testing::Matcher<AuditVerdict> FailsAt(AuditProblemKind kind, uint64_t sequence,
                                         const std::string& description) {
  using ::testing::Field;
  return Field(&AuditVerdict::problem,
               ::testing::Optional(
                   ::testing::AllOf(Field(&storage::AuditProblem::kind, kind),
                                    Field(&storage::AuditProblem::sequence, sequence),
                                    Field(&storage::AuditProblem::description, description))));
}

TEST_F(AuditTamperingTest, TheRawEditorSeesTheAuditFamilyAndItsKeys) {
  Edit([](RawRocksEditor& editor) {
    EXPECT_THAT(editor.Families(), ::testing::Contains(kAuditFamily));
    ASSERT_OK_AND_ASSIGN(std::vector<std::string> keys, editor.ListKeys(kAuditFamily));
    ASSERT_EQ(keys.size(), kEntries + 1);  // The links and the head.
    EXPECT_EQ(keys.front(), storage::keys::AuditHeadKey());
    EXPECT_EQ(keys[1], storage::keys::AuditLinkKey(1));
    EXPECT_EQ(keys.back(), storage::keys::AuditLinkKey(kEntries));
    EXPECT_THAT(editor.ListKeys("no_such_family"), StatusIs(absl::StatusCode::kNotFound));
  });
}

TEST_F(AuditTamperingTest, TheEditorIsRefusedWhileTheStoreIsOpen) {
  ASSERT_OK_AND_ASSIGN(auto store, OpenAt(dir_.path()));
  EXPECT_THAT(RawRocksEditor::Open(dir_.path()), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(AuditTamperingTest, AlteredPayloadIsReportedAtThatEntry) {
  Edit([](RawRocksEditor& editor) {
    storage::v1::AuditLink record = Record(editor, 7);
    record.set_payload("read nothing");
    ASSERT_OK(editor.Put(kAuditFamily, storage::keys::AuditLinkKey(7), record.SerializeAsString()));
  });
  EXPECT_THAT(Reverify(), FailsAt(AuditProblemKind::kAltered, 7,
                                  "entry 7 was altered (its hash does not match its content)"));
}

TEST_F(AuditTamperingTest, UndecodableEntryIsReportedAsAltered) {
  Edit([](RawRocksEditor& editor) {
    ASSERT_OK(editor.Put(kAuditFamily, storage::keys::AuditLinkKey(7), "\xff\xff garbage"));
  });
  EXPECT_THAT(Reverify(), FailsAt(AuditProblemKind::kAltered, 7,
                                  "entry 7 was altered (its hash does not match its content)"));
}

TEST_F(AuditTamperingTest, EntryMovedToAnotherPlaceIsReportedAsAltered) {
  Edit([](RawRocksEditor& editor) {
    ASSERT_OK_AND_ASSIGN(std::optional<std::string> eighth,
                         editor.Get(kAuditFamily, storage::keys::AuditLinkKey(8)));
    ASSERT_OK(editor.Put(kAuditFamily, storage::keys::AuditLinkKey(7), *eighth));
  });
  EXPECT_THAT(Reverify(), FailsAt(AuditProblemKind::kAltered, 7,
                                  "entry 7 was altered (its hash does not match its content)"));
}

TEST_F(AuditTamperingTest, RehashedEntryBreaksTheChainAtTheNextOne) {
  Edit([](RawRocksEditor& editor) {
    storage::v1::AuditLink record = Record(editor, 7);
    record.set_payload("read nothing");
    record.set_hash(storage::ComputeAuditHash(7, record.previous_hash(),
                                              absl::FromUnixMicros(record.recorded_at_micros()),
                                              record.payload()));
    ASSERT_OK(editor.Put(kAuditFamily, storage::keys::AuditLinkKey(7), record.SerializeAsString()));
  });
  EXPECT_THAT(Reverify(), FailsAt(AuditProblemKind::kBrokenLink, 8,
                                  "entry 8 does not follow entry 7 (previous hash differs)"));
}

TEST_F(AuditTamperingTest, DeletedEntryIsReportedMissingAndTheLogGoesOn) {
  Edit([](RawRocksEditor& editor) {
    ASSERT_OK(editor.Delete(kAuditFamily, storage::keys::AuditLinkKey(18)));
  });
  EXPECT_THAT(Reverify(),
              FailsAt(AuditProblemKind::kMissing, 18, "entry 18 is missing (after 17 comes 19)"));
  // The head still matches the newest entry: auditing goes on, and the gap
  // stays visible.
  ASSERT_OK_AND_ASSIGN(auto store, OpenAt(dir_.path()));
  ASSERT_OK_AND_ASSIGN(AuditAppendResult next, store->AppendAudit({"read 21"}));
  EXPECT_EQ(next.first_sequence, 21u);
  EXPECT_THAT(VerifyStore(*store),
              FailsAt(AuditProblemKind::kMissing, 18, "entry 18 is missing (after 17 comes 19)"));
}

TEST_F(AuditTamperingTest, DeletedNewestEntriesAreReportedAndKeptAsAGap) {
  Edit([](RawRocksEditor& editor) {
    ASSERT_OK(editor.Delete(kAuditFamily, storage::keys::AuditLinkKey(19)));
    ASSERT_OK(editor.Delete(kAuditFamily, storage::keys::AuditLinkKey(20)));
  });
  EXPECT_THAT(Reverify(),
              FailsAt(AuditProblemKind::kTruncated, 19,
                      "the log ends at 18 but its head says 20: the newest entries were removed"));
  // Chaining on from the head does not paper over the removal.
  ASSERT_OK_AND_ASSIGN(auto store, OpenAt(dir_.path()));
  ASSERT_OK_AND_ASSIGN(AuditAppendResult next, store->AppendAudit({"read 21"}));
  EXPECT_EQ(next.first_sequence, 21u);
  EXPECT_THAT(VerifyStore(*store), FailsAt(AuditProblemKind::kMissing, 19,
                                           "entries 19 to 20 are missing (after 18 comes 21)"));
}

TEST_F(AuditTamperingTest, DamagedHeadIsReportedAndNothingIsChainedOntoIt) {
  Edit([](RawRocksEditor& editor) {
    storage::v1::AuditHead head;
    ASSERT_OK_AND_ASSIGN(std::optional<std::string> stored,
                         editor.Get(kAuditFamily, storage::keys::AuditHeadKey()));
    ASSERT_TRUE(head.ParseFromString(*stored));
    head.mutable_last_hash()->at(0) ^= 1;
    ASSERT_OK(editor.Put(kAuditFamily, storage::keys::AuditHeadKey(), head.SerializeAsString()));
  });
  EXPECT_THAT(Reverify(), FailsAt(AuditProblemKind::kHeadAltered, 20,
                                  "the head was altered (its hash is not that of entry 20)"));
  ASSERT_OK_AND_ASSIGN(auto store, OpenAt(dir_.path()));
  EXPECT_THAT(store->AppendAudit({"read 21"}),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("hash of entry 20")));
  EXPECT_THAT(store->ReadAudit(21, 10), IsOkAndHolds(::testing::IsEmpty()));
}

TEST_F(AuditTamperingTest, RemovedHeadIsReportedAndNothingIsChainedOntoIt) {
  Edit([](RawRocksEditor& editor) {
    ASSERT_OK(editor.Delete(kAuditFamily, storage::keys::AuditHeadKey()));
  });
  EXPECT_THAT(
      Reverify(),
      FailsAt(AuditProblemKind::kHeadAltered, 0,
              "the head was altered (it says the log ends at 0, but the log goes on to 20)"));
  ASSERT_OK_AND_ASSIGN(auto store, OpenAt(dir_.path()));
  // Starting over at 1 would overwrite the evidence.
  EXPECT_THAT(store->AppendAudit({"read 1 again"}),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("goes on to 20")));
  EXPECT_THAT(VerifyStore(*store), FailsAt(AuditProblemKind::kHeadAltered, 0,
                                           "the head was altered (it says the log ends at 0, "
                                           "but the log goes on to 20)"));
}

TEST_F(AuditTamperingTest, UndecodableHeadIsReportedAndNothingIsChainedOntoIt) {
  Edit([](RawRocksEditor& editor) {
    ASSERT_OK(editor.Put(kAuditFamily, storage::keys::AuditHeadKey(), "\xff\xff"));
  });
  ASSERT_OK_AND_ASSIGN(auto store, OpenAt(dir_.path()));
  EXPECT_THAT(store->AppendAudit({"read 21"}), StatusIs(absl::StatusCode::kDataLoss));
  ASSERT_OK_AND_ASSIGN(AuditHead head, store->ReadAuditHead());
  EXPECT_EQ(head.last_sequence, 0u);
  EXPECT_THAT(VerifyStore(*store), FailsAt(AuditProblemKind::kHeadAltered, 0,
                                           "the head was altered (it says the log ends at 0, "
                                           "but the log goes on to 20)"));
  // The event log is not held hostage by a damaged audit log.
  EXPECT_OK(store->Append(
      storage::AppendRequest::ToStream("r1", "case-1", 0, {{"test.Noted", "x", ""}})));
}

TEST(EmbeddedAuditLogTest, ConcurrentAuditAppendsShareWalSyncs) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, OpenAt(dir.path()));
  constexpr int kThreads = 32;
  constexpr int kAppendsEach = 20;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAppendsEach; ++i) {
        ASSERT_OK(store->AppendAudit({absl::StrCat(t, "-", i)}));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  storage::EmbeddedStoreStats stats = store->stats();
  EXPECT_EQ(stats.audit_appends_committed, static_cast<uint64_t>(kThreads * kAppendsEach));
  EXPECT_EQ(stats.appends_committed, 0u);
  // A per-read audit write must not cost an fsync of its own.
  EXPECT_LT(stats.write_batches, stats.audit_appends_committed / 2)
      << "batches=" << stats.write_batches << " audit appends=" << stats.audit_appends_committed;
  EXPECT_GE(stats.wal_syncs, stats.write_batches);
}

TEST(EmbeddedAuditLogTest, StoreOfTheLayoutBeforeTheAuditLogOpensAndGainsIt) {
  // The layout before audit_log existed: seven families and the format
  // marker the store writes.
  constexpr size_t kOldFamilyCount = 7;
  TempDir dir;
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir.path(), &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
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
    ASSERT_OK_AND_ASSIGN(AuditHead head, store->ReadAuditHead());
    EXPECT_EQ(head.last_sequence, 0u);
    ASSERT_OK(store->AppendAudit({"first read"}));
  }
  std::vector<std::string> families;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir.path(), &families).ok());
  EXPECT_THAT(families, ::testing::Contains(kAuditFamily));
  ASSERT_OK_AND_ASSIGN(auto store, OpenAt(dir.path()));
  EXPECT_TRUE(VerifyStore(*store).ok());
  EXPECT_THAT(store->ReadAudit(1, 10), IsOkAndHolds(::testing::SizeIs(1)));
}

}  // namespace
}  // namespace torg::testing
