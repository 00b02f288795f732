#include "tests/support/raw_rocks_editor.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"

namespace torg::testing {
namespace {

rocksdb::Slice ToSlice(absl::string_view bytes) { return {bytes.data(), bytes.size()}; }

absl::Status FromRocks(const rocksdb::Status& status, absl::string_view what) {
  if (status.ok()) return absl::OkStatus();
  if (status.IsIOError() && absl::StrContains(status.ToString(), "lock")) {
    return absl::FailedPreconditionError(absl::StrCat(
        "raw editor: ", what, ": in use by another process (", status.ToString(), ")"));
  }
  return absl::UnavailableError(absl::StrCat("raw editor: ", what, ": ", status.ToString()));
}

rocksdb::WriteOptions Synced() {
  rocksdb::WriteOptions options;
  options.sync = true;
  return options;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RawRocksEditor>> RawRocksEditor::Open(const std::string& directory) {
  std::vector<std::string> names;
  rocksdb::Status listed = rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), directory, &names);
  if (!listed.ok()) {
    return absl::NotFoundError(
        absl::StrCat("raw editor: no database in ", directory, " (", listed.ToString(), ")"));
  }
  // Default options for every family: reading needs none of the store's
  // (table files describe themselves), and what the editor writes only has
  // to be readable.
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names) {
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  rocksdb::DBOptions options;
  options.create_if_missing = false;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  absl::Status opened =
      FromRocks(rocksdb::DB::Open(options, directory, descriptors, &handles, &raw),
                absl::StrCat("opening ", directory));
  if (!opened.ok()) return opened;
  std::unique_ptr<RawRocksEditor> editor(new RawRocksEditor());
  editor->db_.reset(raw);
  editor->names_ = std::move(names);
  editor->handles_ = std::move(handles);
  return editor;
}

RawRocksEditor::~RawRocksEditor() {
  if (!db_) return;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  db_->Close().PermitUncheckedError();
}

std::vector<std::string> RawRocksEditor::Families() const { return names_; }

absl::StatusOr<rocksdb::ColumnFamilyHandle*> RawRocksEditor::Family(absl::string_view name) const {
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return handles_[i];
  }
  return absl::NotFoundError(absl::StrCat("raw editor: no column family named ", name));
}

absl::StatusOr<std::vector<std::string>> RawRocksEditor::ListKeys(absl::string_view family) const {
  absl::StatusOr<rocksdb::ColumnFamilyHandle*> handle = Family(family);
  if (!handle.ok()) return handle.status();
  std::vector<std::string> keys;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), *handle));
  for (it->SeekToFirst(); it->Valid(); it->Next()) keys.push_back(it->key().ToString());
  absl::Status status = FromRocks(it->status(), absl::StrCat("listing ", family));
  if (!status.ok()) return status;
  return keys;
}

absl::StatusOr<std::optional<std::string>> RawRocksEditor::Get(absl::string_view family,
                                                               absl::string_view key) const {
  absl::StatusOr<rocksdb::ColumnFamilyHandle*> handle = Family(family);
  if (!handle.ok()) return handle.status();
  std::string value;
  rocksdb::Status status = db_->Get(rocksdb::ReadOptions(), *handle, ToSlice(key), &value);
  if (status.IsNotFound()) return std::nullopt;
  absl::Status read = FromRocks(status, absl::StrCat("reading ", family));
  if (!read.ok()) return read;
  return value;
}

absl::Status RawRocksEditor::Put(absl::string_view family, absl::string_view key,
                                 absl::string_view value) {
  absl::StatusOr<rocksdb::ColumnFamilyHandle*> handle = Family(family);
  if (!handle.ok()) return handle.status();
  return FromRocks(db_->Put(Synced(), *handle, ToSlice(key), ToSlice(value)),
                   absl::StrCat("writing ", family));
}

absl::Status RawRocksEditor::Delete(absl::string_view family, absl::string_view key) {
  absl::StatusOr<rocksdb::ColumnFamilyHandle*> handle = Family(family);
  if (!handle.ok()) return handle.status();
  return FromRocks(db_->Delete(Synced(), *handle, ToSlice(key)),
                   absl::StrCat("deleting from ", family));
}

}  // namespace torg::testing
