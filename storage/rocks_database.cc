#include "storage/rocks_database.h"

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/statistics.h"
#include "rocksdb/table.h"
#include "rocksdb/transaction_log.h"
#include "rocksdb/utilities/checkpoint.h"
#include "services/common/status_macros.h"
#include "storage/keys.h"
#include "storage/rocks_status.h"

namespace torg::storage {
namespace {

// One hold on RocksDB's file deletions: DisableFileDeletions in Take, and
// exactly one unforced EnableFileDeletions for it on every way out — Release,
// or else the destructor (an early return, an exception). RocksDB counts the
// holds: an unforced enable gives back one, so a checkpoint being written
// keeps its own; a forced one, or a second one for this hold, would give back
// the checkpoint's too. Given back even when the call reports an error:
// RocksDB counts the hold down, under its mutex, before anything can fail,
// so retrying could only release someone else's hold.
class FileDeletionHold {
 public:
  explicit FileDeletionHold(rocksdb::DB& db) : db_(db) {}
  FileDeletionHold(const FileDeletionHold&) = delete;
  FileDeletionHold& operator=(const FileDeletionHold&) = delete;
  ~FileDeletionHold() {
    if (held_) db_.EnableFileDeletions(/*force=*/false).PermitUncheckedError();
  }

  absl::Status Take() {
    TORG_RETURN_IF_ERROR(FromRocks(db_.DisableFileDeletions(), "holding file deletions"));
    held_ = true;
    return absl::OkStatus();
  }

  // Gives the hold back; with no other hold left, RocksDB deletes every
  // obsolete file before this returns.
  absl::Status Release() {
    if (!held_) return absl::OkStatus();
    held_ = false;
    return FromRocks(db_.EnableFileDeletions(/*force=*/false), "deleting obsolete files");
  }

 private:
  rocksdb::DB& db_;
  bool held_ = false;
};

rocksdb::DBOptions MakeDbOptions() {
  rocksdb::DBOptions options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  // A torn tail of the WAL after a crash is dropped, never treated as
  // corruption: only unacknowledged writes can be in it.
  options.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  options.max_background_jobs = 2;
  options.keep_log_file_num = 5;
  // Retired WAL files are deleted, never recycled (a recycled file keeps old
  // records past its new tail) nor archived: DestroyKey + CompactKeys rely on
  // it to erase keys from the WAL. These are RocksDB's defaults, pinned here.
  options.recycle_log_file_num = 0;
  options.WAL_ttl_seconds = 0;
  options.WAL_size_limit_MB = 0;
  options.bytes_per_sync = 1 << 20;
  // Every change to the set of table files starts a fresh MANIFEST holding
  // only what is live, and the old one is deleted. The MANIFEST names each
  // table file's smallest and largest key; appended to, it would keep the
  // key ids of erased entries (a lookup hash) as boundaries of long-gone
  // files until the store is reopened. Cost: one small file write and rename
  // per flush or compaction, in the background.
  options.max_manifest_file_size = 0;
  return options;
}

rocksdb::ColumnFamilyOptions MakeFamilyOptions(ColumnFamily family) {
  rocksdb::ColumnFamilyOptions options;
  rocksdb::BlockBasedTableOptions table;
  // Stream heads, idempotency records and projections are read by point
  // lookups on every append: bloom filters keep misses off the disk.
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  options.compression = rocksdb::kLZ4Compression;
  if (family == ColumnFamily::kEvents || family == ColumnFamily::kAuditLog) {
    // The logs only grow; their cold bulk compresses best with zstd.
    options.bottommost_compression = rocksdb::kZSTD;
  }
  if (family == ColumnFamily::kSealedKeys) {
    // Wrapped keys are ciphertext, which does not compress; stored as they
    // are, erasure can be checked by looking for their bytes in the files.
    options.compression = rocksdb::kNoCompression;
    options.bottommost_compression = rocksdb::kNoCompression;
  }
  return options;
}

absl::Status CheckFamiliesKnown(const std::string& directory) {
  std::vector<std::string> existing;
  rocksdb::Status listed =
      rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), directory, &existing);
  if (!listed.ok()) return absl::OkStatus();  // A new database: nothing to check.
  std::vector<std::string> unknown;
  for (const std::string& name : existing) {
    bool known = false;
    for (absl::string_view known_name : kColumnFamilyNames) known |= (name == known_name);
    if (!known) unknown.push_back(name);
  }
  if (unknown.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("data directory ", directory, " holds column families this Torg does not know (",
                   absl::StrJoin(unknown, ", "), "): it was written by a newer version"));
}

absl::Status OpenError(const rocksdb::Status& status, const std::string& directory) {
  if (status.IsIOError() && absl::StrContains(status.ToString(), "lock")) {
    return absl::FailedPreconditionError(absl::StrCat(
        "data directory ", directory, " is in use by another process (", status.ToString(), ")"));
  }
  return FromRocks(status, absl::StrCat("opening ", directory));
}

}  // namespace

absl::StatusOr<std::unique_ptr<RocksDatabase>> RocksDatabase::Open(const std::string& directory) {
  if (directory.empty()) return absl::InvalidArgumentError("storage: no data directory given");
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("storage: cannot create data directory ", directory, ": ", error.message()));
  }
  TORG_RETURN_IF_ERROR(CheckFamiliesKnown(directory));

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (size_t i = 0; i < kColumnFamilyCount; ++i) {
    descriptors.emplace_back(std::string(kColumnFamilyNames[i]),
                             MakeFamilyOptions(static_cast<ColumnFamily>(i)));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw_db = nullptr;
  rocksdb::DBOptions db_options = MakeDbOptions();
  // Counts WAL syncs, so tests and metrics can see that durability is real.
  std::shared_ptr<rocksdb::Statistics> statistics = rocksdb::CreateDBStatistics();
  db_options.statistics = statistics;
  rocksdb::Status opened = rocksdb::DB::Open(db_options, directory, descriptors, &handles, &raw_db);
  if (!opened.ok()) return OpenError(opened, directory);

  std::unique_ptr<RocksDatabase> database(new RocksDatabase());
  database->directory_ = directory;
  database->statistics_ = std::move(statistics);
  database->db_.reset(raw_db);
  for (size_t i = 0; i < kColumnFamilyCount; ++i) database->families_[i] = handles[i];
  TORG_RETURN_IF_ERROR(database->CheckFormatMarker());
  return database;
}

RocksDatabase::~RocksDatabase() {
  if (!db_) return;
  for (rocksdb::ColumnFamilyHandle* handle : families_) {
    if (handle != nullptr) db_->DestroyColumnFamilyHandle(handle);
  }
  db_->Close();
}

absl::Status RocksDatabase::CheckFormatMarker() {
  TORG_ASSIGN_OR_RETURN(std::optional<std::string> marker,
                        Get(ColumnFamily::kDefault, keys::kFormatMarkerKey));
  if (!marker.has_value()) {
    rocksdb::WriteOptions sync;
    sync.sync = true;
    return FromRocks(
        db_->Put(sync, family(ColumnFamily::kDefault), std::string(keys::kFormatMarkerKey),
                 absl::StrCat(keys::kFormatVersion)),
        "writing the format marker");
  }
  uint64_t version = 0;
  if (!absl::SimpleAtoi(*marker, &version)) {
    return absl::DataLossError(
        absl::StrCat("data directory ", directory_, " has an unreadable format marker"));
  }
  if (version > keys::kFormatVersion) {
    return absl::FailedPreconditionError(absl::StrCat("data directory ", directory_, " has format ",
                                                      version, "; this Torg reads up to ",
                                                      keys::kFormatVersion, ": upgrade Torg"));
  }
  return absl::OkStatus();
}

uint64_t RocksDatabase::WalSyncs() const {
  return statistics_->getTickerCount(rocksdb::WAL_FILE_SYNCED);
}

absl::StatusOr<std::optional<std::string>> RocksDatabase::Get(ColumnFamily family,
                                                              absl::string_view key) const {
  std::string value;
  rocksdb::Status status = db_->Get(rocksdb::ReadOptions(), this->family(family),
                                    rocksdb::Slice(key.data(), key.size()), &value);
  if (status.IsNotFound()) return std::nullopt;
  TORG_RETURN_IF_ERROR(FromRocks(status, absl::StrCat("reading ", NameOf(family))));
  return value;
}

absl::Status RocksDatabase::CreateCheckpoint(const std::string& directory) const {
  if (std::filesystem::exists(directory)) {
    return absl::AlreadyExistsError(
        absl::StrCat("checkpoint directory ", directory, " already exists"));
  }
  rocksdb::Checkpoint* raw_checkpoint = nullptr;
  TORG_RETURN_IF_ERROR(
      FromRocks(rocksdb::Checkpoint::Create(db_.get(), &raw_checkpoint), "preparing a checkpoint"));
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw_checkpoint);
  return FromRocks(checkpoint->CreateCheckpoint(directory),
                   absl::StrCat("writing a checkpoint to ", directory));
}

absl::Status RocksDatabase::PurgeDeleted(ColumnFamily family) const {
  std::vector<rocksdb::ColumnFamilyHandle*> all(families_.begin(), families_.end());
  rocksdb::FlushOptions flush;
  flush.wait = true;
  flush.allow_write_stall = true;
  TORG_RETURN_IF_ERROR(FromRocks(db_->Flush(flush, all), "flushing every family"));
  rocksdb::CompactRangeOptions compact;
  // Rewrites the last level too, where a deletion and the value it deletes
  // would otherwise both stay until some later compaction happens by.
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  TORG_RETURN_IF_ERROR(FromRocks(db_->CompactRange(compact, this->family(family), nullptr, nullptr),
                                 absl::StrCat("compacting ", NameOf(family))));
  // A fresh MANIFEST starts with the file set as it was before the change
  // that rolled it, so the compaction above leaves the purged files'
  // boundaries in it. One more change rolls it past them: rewriting the
  // default family, which holds only the format marker, is the smallest.
  if (family != ColumnFamily::kDefault) {
    TORG_RETURN_IF_ERROR(FromRocks(
        db_->CompactRange(compact, this->family(ColumnFamily::kDefault), nullptr, nullptr),
        "compacting the default family to roll the MANIFEST"));
  }
  return WaitForObsoleteFilesGone();
}

absl::Status RocksDatabase::WaitForObsoleteFilesGone() const {
  // Flush and compaction retire files, but RocksDB deletes them a moment
  // later (after the waiter is woken) and not while a checkpoint holds file
  // deletions off. Re-enabling deletions makes RocksDB delete every obsolete
  // file at once; this then checks it, retrying for a while.
  constexpr int kAttempts = 500;
  constexpr std::chrono::milliseconds kPause(10);
  std::vector<std::string> leftover;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(kPause);
    {
      // Not forced: a checkpoint that disabled deletions keeps them disabled.
      FileDeletionHold hold(*db_);
      TORG_RETURN_IF_ERROR(hold.Take());
      TORG_RETURN_IF_ERROR(hold.Release());
    }

    // The directory first, then what is live: a file created in between is
    // not looked at; one created before is live by now or being written.
    std::vector<std::string> present;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory_, error)) {
      const std::string name = entry.path().filename().string();
      if (absl::EndsWith(name, ".sst") || absl::EndsWith(name, ".log") ||
          absl::StartsWith(name, "MANIFEST-")) {
        present.push_back(name);
      }
    }
    if (error) {
      return absl::UnavailableError(
          absl::StrCat("storage: listing ", directory_, ": ", error.message()));
    }
    std::set<std::string> live;
    std::vector<rocksdb::LiveFileMetaData> tables;
    db_->GetLiveFilesMetaData(&tables);
    for (const rocksdb::LiveFileMetaData& table : tables) live.insert(table.relative_filename);
    rocksdb::VectorLogPtr wal_files;
    TORG_RETURN_IF_ERROR(FromRocks(db_->GetSortedWalFiles(wal_files), "listing the WAL"));
    for (const std::unique_ptr<rocksdb::LogFile>& wal : wal_files) {
      if (wal->Type() == rocksdb::kAliveLogFile) {
        live.insert(std::filesystem::path(wal->PathName()).filename().string());
      }
    }
    // The list above leaves out an empty WAL, as the current one is right
    // after a flush.
    std::unique_ptr<rocksdb::LogFile> current_wal;
    TORG_RETURN_IF_ERROR(FromRocks(db_->GetCurrentWalFile(&current_wal), "finding the WAL"));
    live.insert(std::filesystem::path(current_wal->PathName()).filename().string());
    std::vector<std::string> live_files;
    uint64_t manifest_size = 0;
    TORG_RETURN_IF_ERROR(FromRocks(db_->GetLiveFiles(live_files, &manifest_size, /*flush=*/false),
                                   "listing live files"));
    for (const std::string& file : live_files) {
      const std::string name = std::filesystem::path(file).filename().string();
      if (absl::StartsWith(name, "MANIFEST-")) live.insert(name);
    }
    leftover.clear();
    for (const std::string& name : present) {
      if (live.count(name) == 0) leftover.push_back(name);
    }
    if (leftover.empty()) return absl::OkStatus();
  }
  return absl::UnavailableError(
      absl::StrCat("storage: obsolete files ", absl::StrJoin(leftover, ", "), " in ", directory_,
                   " are still held (a checkpoint being written?); retry"));
}

}  // namespace torg::storage
