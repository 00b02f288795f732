#include "storage/projection_catch_up.h"

#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "rocksdb/utilities/write_batch_with_index.h"
#include "services/common/status_macros.h"
#include "storage/keys.h"
#include "storage/record_codec.h"
#include "storage/rocks_status.h"

namespace torg::storage {
namespace {

constexpr char kCurrentMark = 'c';
constexpr char kRebuildingMark = 'r';

// Where a projection stands: current, or rebuilt through `applied_through`;
// `recorded` when the store holds that as its progress record.
struct Progress {
  bool current = false;
  uint64_t applied_through = 0;
  bool recorded = false;
};

std::string EncodeCurrent() { return std::string(1, kCurrentMark); }

std::string EncodeRebuilding(uint64_t applied_through) {
  return absl::StrCat(absl::string_view(&kRebuildingMark, 1), keys::EncodeUint64(applied_through));
}

absl::StatusOr<Progress> DecodeProgress(absl::string_view name, absl::string_view bytes) {
  if (bytes.size() == 1 && bytes[0] == kCurrentMark) return Progress{true, 0, true};
  if (!bytes.empty() && bytes[0] == kRebuildingMark) {
    std::optional<uint64_t> through = keys::DecodeUint64(bytes.substr(1));
    if (through.has_value()) return Progress{false, *through, true};
  }
  return absl::DataLossError(
      absl::StrCat("storage: the progress record of projection ", name, " is corrupt"));
}

absl::StatusOr<bool> HasAnyKey(const RocksDatabase& database, absl::string_view name) {
  const std::string prefix = keys::ProjectionPrefix(name);
  std::unique_ptr<rocksdb::Iterator> it(database.db()->NewIterator(
      rocksdb::ReadOptions(), database.family(ColumnFamily::kProjections)));
  it->Seek(prefix);
  TORG_RETURN_IF_ERROR(FromRocks(it->status(), "scanning a projection"));
  return it->Valid() && it->key().starts_with(prefix);
}

// Where `name` stands, deciding it for a projection without a record.
absl::StatusOr<Progress> ReadProgress(const RocksDatabase& database, absl::string_view name,
                                      uint64_t last_position) {
  TORG_ASSIGN_OR_RETURN(
      std::optional<std::string> record,
      database.Get(ColumnFamily::kProjections, keys::ProjectionProgressKey(name)));
  // Copied out of the optional: GCC 12 otherwise warns, wrongly, that the
  // decoder may read an uninitialized string.
  const bool recorded = record.has_value();
  const std::string bytes = record.value_or(std::string());
  if (recorded) return DecodeProgress(name, bytes);
  if (last_position == 0) return Progress{true, 0};
  TORG_ASSIGN_OR_RETURN(bool maintained_before_records, HasAnyKey(database, name));
  return Progress{maintained_before_records, 0};
}

absl::Status WriteBatch(const RocksDatabase& database, rocksdb::WriteBatchWithIndex& batch) {
  rocksdb::WriteOptions options;
  options.sync = true;
  return FromRocks(database.db()->Write(options, batch.GetWriteBatch()),
                   "writing a projection's catch-up");
}

// Applies the events after `from` through `last_position` in writes of at
// most `events_per_write`, each with the progress it reaches.
absl::Status Rebuild(const RocksDatabase& database, absl::string_view name, Projection& projection,
                     uint64_t from, uint64_t last_position, uint64_t events_per_write) {
  rocksdb::ColumnFamilyHandle* projections = database.family(ColumnFamily::kProjections);
  std::unique_ptr<rocksdb::Iterator> it(
      database.db()->NewIterator(rocksdb::ReadOptions(), database.family(ColumnFamily::kEvents)));
  it->Seek(keys::EventKey(from + 1));
  while (it->Valid()) {
    rocksdb::WriteBatchWithIndex batch;
    uint64_t applied_through = from;
    for (uint64_t n = 0; n < events_per_write && it->Valid(); ++n, it->Next()) {
      absl::string_view key(it->key().data(), it->key().size());
      std::optional<uint64_t> position = keys::PositionFromEventKey(key);
      if (!position.has_value()) return absl::DataLossError("storage: an event key is corrupt");
      if (*position > last_position) break;
      TORG_ASSIGN_OR_RETURN(
          RecordedEvent event,
          DecodeEventRecord(*position, absl::string_view(it->value().data(), it->value().size())));
      absl::Status applied = ApplyProjection(database, name, projection, event, batch);
      if (!applied.ok()) {
        return absl::Status(applied.code(),
                            absl::StrCat("storage: rebuilding projection ", name, " at position ",
                                         *position, ": ", applied.message()));
      }
      applied_through = *position;
    }
    TORG_RETURN_IF_ERROR(FromRocks(it->status(), "reading the log for a projection"));
    if (applied_through == from) break;
    batch.Put(projections, keys::ProjectionProgressKey(name), EncodeRebuilding(applied_through));
    TORG_RETURN_IF_ERROR(WriteBatch(database, batch));
    from = applied_through;
    if (from >= last_position) break;
  }
  TORG_RETURN_IF_ERROR(FromRocks(it->status(), "reading the log for a projection"));
  return absl::OkStatus();
}

}  // namespace

absl::Status CatchUpProjections(const RocksDatabase& database, const ProjectionsByName& projections,
                                uint64_t last_position, uint64_t events_per_write) {
  if (events_per_write == 0) {
    return absl::InvalidArgumentError("storage: a catch-up must apply at least one event a write");
  }
  for (const auto& [name, projection] : projections) {
    TORG_ASSIGN_OR_RETURN(Progress progress, ReadProgress(database, name, last_position));
    if (progress.current && progress.recorded) continue;
    if (!progress.current) {
      TORG_RETURN_IF_ERROR(Rebuild(database, name, *projection, progress.applied_through,
                                   last_position, events_per_write));
    }
    rocksdb::WriteBatchWithIndex done;
    done.Put(database.family(ColumnFamily::kProjections), keys::ProjectionProgressKey(name),
             EncodeCurrent());
    TORG_RETURN_IF_ERROR(WriteBatch(database, done));
  }
  return absl::OkStatus();
}

}  // namespace torg::storage
