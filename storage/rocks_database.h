#ifndef TORG_STORAGE_ROCKS_DATABASE_H_
#define TORG_STORAGE_ROCKS_DATABASE_H_

// Owns one RocksDB database with Torg's fixed column families: opening it
// (creating it, checking its format), and closing it cleanly. Knows keys,
// families and durability; nothing of events or cases.

#include <array>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rocksdb/db.h"
#include "storage/column_families.h"

namespace torg::storage {

class RocksDatabase {
 public:
  // Opens or creates the database in `directory` with every family of
  // column_families.h; a family missing from an existing database (one
  // written before the family was added) is created empty. FAILED_PRECONDITION
  // when the directory is locked by another process, holds a family this code
  // does not know, or carries a newer format marker (it was written by a
  // newer Torg).
  static absl::StatusOr<std::unique_ptr<RocksDatabase>> Open(const std::string& directory);

  // Closes the database, releasing its lock.
  ~RocksDatabase();
  RocksDatabase(const RocksDatabase&) = delete;
  RocksDatabase& operator=(const RocksDatabase&) = delete;

  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* family(ColumnFamily family) const {
    return families_[Index(family)];
  }

  // How many times RocksDB fsynced the WAL since open.
  uint64_t WalSyncs() const;

  // A committed value; nullopt when absent.
  absl::StatusOr<std::optional<std::string>> Get(ColumnFamily family, absl::string_view key) const;

  // Writes a consistent copy into `directory`, which must not exist yet.
  absl::Status CreateCheckpoint(const std::string& directory) const;

  // Makes values deleted from `family` before the call physically gone from
  // the directory: flushes every family's memtable (so that the WAL files
  // written so far are retired; the WAL is shared by all families), compacts
  // the whole of `family` down to its last level (so that no deleted value,
  // and no value it shadowed, survives in a table file), rolls the MANIFEST
  // past the retired files' key boundaries, and waits until the retired WAL,
  // table and MANIFEST files are deleted. UNAVAILABLE if they are still
  // held after a while, e.g. by a checkpoint being written: retry.
  absl::Status PurgeDeleted(ColumnFamily family) const;

 private:
  RocksDatabase() = default;
  absl::Status CheckFormatMarker();
  // OK once every table (.sst), WAL (.log) and MANIFEST file in the directory
  // is live.
  absl::Status WaitForObsoleteFilesGone() const;

  std::string directory_;
  std::shared_ptr<rocksdb::Statistics> statistics_;
  std::unique_ptr<rocksdb::DB> db_;
  std::array<rocksdb::ColumnFamilyHandle*, kColumnFamilyCount> families_{};
};

}  // namespace torg::storage

#endif  // TORG_STORAGE_ROCKS_DATABASE_H_
