#ifndef TORG_TESTS_SUPPORT_RAW_ROCKS_EDITOR_H_
#define TORG_TESTS_SUPPORT_RAW_ROCKS_EDITOR_H_

// For tests only: raw access to the RocksDB database of a CLOSED store, past
// every rule of the store, to play the attacker (or the failing disk) who
// alters, removes or plants bytes, e.g. an entry of the audit log. Families
// are named as on disk (storage::NameOf(ColumnFamily::kAuditLog) gives
// "audit_log"); keys are raw bytes (storage/keys.h makes them).
//
//   {
//     ASSERT_OK_AND_ASSIGN(auto editor, RawRocksEditor::Open(directory));
//     ASSERT_OK(editor->Delete("audit_log", storage::keys::AuditLinkKey(17)));
//   }  // closed: the store may open the directory again.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace torg::testing {

class RawRocksEditor {
 public:
  // Opens the database in `directory` with every column family it holds.
  // NOT_FOUND if there is none; FAILED_PRECONDITION while a store (or
  // anything else) holds it open; UNAVAILABLE for other RocksDB errors.
  static absl::StatusOr<std::unique_ptr<RawRocksEditor>> Open(const std::string& directory);

  // Closes the database, with every write synced, so the store can open it.
  ~RawRocksEditor();
  RawRocksEditor(const RawRocksEditor&) = delete;
  RawRocksEditor& operator=(const RawRocksEditor&) = delete;

  // The names of the families on disk, "default" first.
  std::vector<std::string> Families() const;

  // Every key of `family`, in the database's order. NOT_FOUND for a family
  // the database does not hold (so are Get, Put and Delete).
  absl::StatusOr<std::vector<std::string>> ListKeys(absl::string_view family) const;

  // The stored value of `key`; nullopt if absent.
  absl::StatusOr<std::optional<std::string>> Get(absl::string_view family,
                                                 absl::string_view key) const;

  // Writes `value` under `key` (overwriting, or planting a new key), synced.
  absl::Status Put(absl::string_view family, absl::string_view key, absl::string_view value);

  // Removes `key`, synced. OK when it is absent.
  absl::Status Delete(absl::string_view family, absl::string_view key);

 private:
  RawRocksEditor() = default;
  absl::StatusOr<rocksdb::ColumnFamilyHandle*> Family(absl::string_view name) const;

  std::vector<std::string> names_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::unique_ptr<rocksdb::DB> db_;
};

}  // namespace torg::testing

#endif  // TORG_TESTS_SUPPORT_RAW_ROCKS_EDITOR_H_
