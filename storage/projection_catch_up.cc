#include "storage/projection_catch_up.h"

#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "rocksdb/utilities/write_batch_with_index.h"
#include "rocksdb/write_batch.h"
#include "services/common/status_macros.h"
#include "storage/keys.h"
#include "storage/record_codec.h"
#include "storage/rocks_status.h"

namespace torg::storage {
namespace {

constexpr char kCurrentMark = 'c';
constexpr char kRebuildingMark = 'r';
// The version of a progress record that names none: it was written before
// projections had versions, so its keys are in their first format.
constexpr uint32_t kUnversioned = 1;

// Where a projection stands: current, or rebuilt through `applied_through`,
// with keys in format `version`; `recorded` when the store holds that as its
// progress record.
struct Progress {
  bool current = false;
  uint64_t applied_through = 0;
  bool recorded = false;
  uint32_t version = kUnversioned;
};

// One projection being brought up to the log.
struct CatchUp {
  const RocksDatabase& database;
  absl::string_view name;
  Projection& projection;
  uint32_t version;  // projection.format_version(), read once.
  uint64_t last_position;
  uint64_t events_per_write;
};

std::string EncodeCurrent(uint32_t version) {
  return absl::StrCat(absl::string_view(&kCurrentMark, 1), keys::EncodeUint64(version));
}

std::string EncodeRebuilding(uint64_t applied_through, uint32_t version) {
  return absl::StrCat(absl::string_view(&kRebuildingMark, 1), keys::EncodeUint64(applied_through),
                      keys::EncodeUint64(version));
}

// The version ending a record: none for a record older than versions, else 8
// bytes holding a value a Projection can return.
std::optional<uint32_t> DecodeVersionSuffix(absl::string_view suffix) {
  if (suffix.empty()) return kUnversioned;
  std::optional<uint64_t> version = keys::DecodeUint64(suffix);
  if (!version.has_value() || *version > std::numeric_limits<uint32_t>::max()) return std::nullopt;
  return static_cast<uint32_t>(*version);
}

absl::StatusOr<Progress> DecodeProgress(absl::string_view name, absl::string_view bytes) {
  const absl::Status corrupt = absl::DataLossError(
      absl::StrCat("storage: the progress record of projection ", name, " is corrupt"));
  if (bytes.empty()) return corrupt;
  const char mark = bytes[0];
  bytes.remove_prefix(1);
  uint64_t applied_through = 0;
  if (mark == kRebuildingMark) {
    std::optional<uint64_t> through = keys::DecodeUint64(bytes.substr(0, 8));
    if (!through.has_value()) return corrupt;
    applied_through = *through;
    bytes.remove_prefix(8);
  } else if (mark != kCurrentMark) {
    return corrupt;
  }
  std::optional<uint32_t> version = DecodeVersionSuffix(bytes);
  if (!version.has_value()) return corrupt;
  return Progress{mark == kCurrentMark, applied_through, true, *version};
}

absl::StatusOr<bool> HasAnyKey(const RocksDatabase& database, absl::string_view name) {
  const std::string prefix = keys::ProjectionPrefix(name);
  std::unique_ptr<rocksdb::Iterator> it(database.db()->NewIterator(
      rocksdb::ReadOptions(), database.family(ColumnFamily::kProjections)));
  it->Seek(prefix);
  TORG_RETURN_IF_ERROR(FromRocks(it->status(), "scanning a projection"));
  return it->Valid() && it->key().starts_with(prefix);
}

// Where the projection stands, deciding it for one without a record.
absl::StatusOr<Progress> ReadProgress(const CatchUp& catch_up) {
  const RocksDatabase& database = catch_up.database;
  TORG_ASSIGN_OR_RETURN(
      std::optional<std::string> record,
      database.Get(ColumnFamily::kProjections, keys::ProjectionProgressKey(catch_up.name)));
  // Copied out of the optional: GCC 12 otherwise warns, wrongly, that the
  // decoder may read an uninitialized string.
  const bool recorded = record.has_value();
  const std::string bytes = record.value_or(std::string());
  if (recorded) return DecodeProgress(catch_up.name, bytes);
  // Nothing to rebuild from: the projection starts current in its own format.
  if (catch_up.last_position == 0) return Progress{true, 0, false, catch_up.version};
  TORG_ASSIGN_OR_RETURN(bool maintained_before_records, HasAnyKey(database, catch_up.name));
  // Keys without a record were written before progress records, and so
  // before versions: they are in the first format.
  if (maintained_before_records) return Progress{true, 0, false, kUnversioned};
  return Progress{false, 0, false, catch_up.version};
}

absl::Status WriteSynced(const RocksDatabase& database, rocksdb::WriteBatch& batch) {
  rocksdb::WriteOptions options;
  options.sync = true;
  return FromRocks(database.db()->Write(options, &batch), "writing a projection's catch-up");
}

// Discards every key of the projection and records a rebuild from the first
// event in its current format, in one write: a crash after it resumes that
// rebuild, and no crash leaves keys of two formats side by side. The
// progress key starts with 0x01, before every name, so the range leaves it
// alone (the Put below overwrites it anyway).
absl::Status DiscardForRebuild(const CatchUp& catch_up) {
  rocksdb::ColumnFamilyHandle* projections = catch_up.database.family(ColumnFamily::kProjections);
  rocksdb::WriteBatch batch;
  TORG_RETURN_IF_ERROR(
      FromRocks(batch.DeleteRange(projections, keys::ProjectionPrefix(catch_up.name),
                                  keys::ProjectionPrefixEnd(catch_up.name)),
                "discarding a projection"));
  TORG_RETURN_IF_ERROR(FromRocks(batch.Put(projections, keys::ProjectionProgressKey(catch_up.name),
                                           EncodeRebuilding(0, catch_up.version)),
                                 "discarding a projection"));
  return WriteSynced(catch_up.database, batch);
}

// Applies the events after `from` through the last position in writes of at
// most `events_per_write`, each with the progress it reaches.
absl::Status Rebuild(const CatchUp& catch_up, uint64_t from) {
  const RocksDatabase& database = catch_up.database;
  rocksdb::ColumnFamilyHandle* projections = database.family(ColumnFamily::kProjections);
  std::unique_ptr<rocksdb::Iterator> it(
      database.db()->NewIterator(rocksdb::ReadOptions(), database.family(ColumnFamily::kEvents)));
  it->Seek(keys::EventKey(from + 1));
  while (it->Valid()) {
    rocksdb::WriteBatchWithIndex batch;
    uint64_t applied_through = from;
    for (uint64_t n = 0; n < catch_up.events_per_write && it->Valid(); ++n, it->Next()) {
      absl::string_view key(it->key().data(), it->key().size());
      std::optional<uint64_t> position = keys::PositionFromEventKey(key);
      if (!position.has_value()) return absl::DataLossError("storage: an event key is corrupt");
      if (*position > catch_up.last_position) break;
      TORG_ASSIGN_OR_RETURN(
          RecordedEvent event,
          DecodeEventRecord(*position, absl::string_view(it->value().data(), it->value().size())));
      absl::Status applied =
          ApplyProjection(database, catch_up.name, catch_up.projection, event, batch);
      if (!applied.ok()) {
        return absl::Status(applied.code(),
                            absl::StrCat("storage: rebuilding projection ", catch_up.name,
                                         " at position ", *position, ": ", applied.message()));
      }
      applied_through = *position;
    }
    TORG_RETURN_IF_ERROR(FromRocks(it->status(), "reading the log for a projection"));
    if (applied_through == from) break;
    batch.Put(projections, keys::ProjectionProgressKey(catch_up.name),
              EncodeRebuilding(applied_through, catch_up.version));
    TORG_RETURN_IF_ERROR(WriteSynced(database, *batch.GetWriteBatch()));
    from = applied_through;
    if (from >= catch_up.last_position) break;
  }
  TORG_RETURN_IF_ERROR(FromRocks(it->status(), "reading the log for a projection"));
  return absl::OkStatus();
}

absl::Status CatchUpOne(const CatchUp& catch_up) {
  TORG_ASSIGN_OR_RETURN(Progress progress, ReadProgress(catch_up));
  if (progress.version != catch_up.version) {
    TORG_RETURN_IF_ERROR(DiscardForRebuild(catch_up));
    progress = Progress{false, 0, true, catch_up.version};
  }
  if (progress.current && progress.recorded) return absl::OkStatus();
  if (!progress.current) TORG_RETURN_IF_ERROR(Rebuild(catch_up, progress.applied_through));
  rocksdb::WriteBatch done;
  TORG_RETURN_IF_ERROR(FromRocks(
      done.Put(catch_up.database.family(ColumnFamily::kProjections),
               keys::ProjectionProgressKey(catch_up.name), EncodeCurrent(catch_up.version)),
      "recording a projection as current"));
  return WriteSynced(catch_up.database, done);
}

}  // namespace

absl::Status CatchUpProjections(const RocksDatabase& database, const ProjectionsByName& projections,
                                uint64_t last_position, uint64_t events_per_write) {
  if (events_per_write == 0) {
    return absl::InvalidArgumentError("storage: a catch-up must apply at least one event a write");
  }
  for (const auto& [name, projection] : projections) {
    TORG_RETURN_IF_ERROR(
        CatchUpOne(CatchUp{database, name, *projection, projection->format_version(), last_position,
                           events_per_write}));
  }
  return absl::OkStatus();
}

}  // namespace torg::storage
