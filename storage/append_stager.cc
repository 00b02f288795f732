#include "storage/append_stager.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "storage/keys.h"
#include "storage/record_codec.h"
#include "storage/rocks_status.h"

namespace torg::storage {
namespace {

rocksdb::Slice ToSlice(absl::string_view bytes) { return {bytes.data(), bytes.size()}; }

// A projection's window onto the group's batch: its keys, prefixed with
// its name, read through the batch to the database.
class BatchProjectionView : public ProjectionBatch {
 public:
  BatchProjectionView(const RocksDatabase& database, rocksdb::WriteBatchWithIndex& batch,
                      absl::string_view projection)
      : database_(database), batch_(batch), projection_(projection) {}

  absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) override {
    std::string value;
    const std::string full_key = keys::ProjectionKey(projection_, key);
    rocksdb::Status status = batch_.GetFromBatchAndDB(database_.db(), rocksdb::ReadOptions(),
                                                      family(), full_key, &value);
    if (status.IsNotFound()) return std::nullopt;
    TORG_RETURN_IF_ERROR(FromRocks(status, absl::StrCat("reading projection ", projection_)));
    return value;
  }
  void Put(absl::string_view key, absl::string_view value) override {
    batch_.Put(family(), keys::ProjectionKey(projection_, key), ToSlice(value));
  }
  void Delete(absl::string_view key) override {
    batch_.Delete(family(), keys::ProjectionKey(projection_, key));
  }
  absl::StatusOr<std::optional<std::string>> ReadKey(absl::string_view key_id) override {
    TORG_RETURN_IF_ERROR(ValidateKeyId(key_id));
    std::string value;
    rocksdb::Status status = batch_.GetFromBatchAndDB(database_.db(), rocksdb::ReadOptions(),
                                                      database_.family(ColumnFamily::kSealedKeys),
                                                      keys::SealedKeyKey(key_id), &value);
    if (status.IsNotFound()) return std::nullopt;
    TORG_RETURN_IF_ERROR(FromRocks(status, "reading a key for a projection"));
    return value;
  }

 private:
  rocksdb::ColumnFamilyHandle* family() const {
    return database_.family(ColumnFamily::kProjections);
  }
  const RocksDatabase& database_;
  rocksdb::WriteBatchWithIndex& batch_;
  absl::string_view projection_;
};

}  // namespace

absl::Status ApplyProjection(const RocksDatabase& database, absl::string_view name,
                             Projection& projection, const RecordedEvent& event,
                             rocksdb::WriteBatchWithIndex& batch) {
  BatchProjectionView view(database, batch, name);
  return projection.Apply(event, view);
}

absl::StatusOr<std::optional<std::string>> AppendStager::Read(rocksdb::WriteBatchWithIndex& batch,
                                                              ColumnFamily family,
                                                              absl::string_view key) const {
  std::string value;
  rocksdb::Status status = batch.GetFromBatchAndDB(database_.db(), rocksdb::ReadOptions(),
                                                   database_.family(family), ToSlice(key), &value);
  if (status.IsNotFound()) return std::nullopt;
  TORG_RETURN_IF_ERROR(FromRocks(status, absl::StrCat("reading ", NameOf(family))));
  return value;
}

absl::StatusOr<uint64_t> AppendStager::CurrentVersion(rocksdb::WriteBatchWithIndex& batch,
                                                      absl::string_view stream) const {
  TORG_ASSIGN_OR_RETURN(std::optional<std::string> head,
                        Read(batch, ColumnFamily::kStreamHeads, keys::StreamHeadKey(stream)));
  if (!head.has_value()) return 0;
  std::optional<uint64_t> version = keys::DecodeUint64(*head);
  if (!version.has_value()) {
    return absl::DataLossError(absl::StrCat("storage: the head of stream ", stream, " is corrupt"));
  }
  return *version;
}

absl::Status AppendStager::ApplyProjections(const RecordedEvent& event,
                                            rocksdb::WriteBatchWithIndex& batch) const {
  for (const auto& [name, projection] : projections_) {
    TORG_RETURN_IF_ERROR(ApplyProjection(database_, name, *projection, event, batch));
  }
  return absl::OkStatus();
}

absl::StatusOr<AppendResult> AppendStager::Stage(const AppendRequest& request,
                                                 absl::string_view fingerprint,
                                                 uint64_t first_position, absl::Time now,
                                                 rocksdb::WriteBatchWithIndex& batch) const {
  const std::string idempotency_key = keys::IdempotencyKey(request.request_id);
  TORG_ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                        Read(batch, ColumnFamily::kIdempotency, idempotency_key));
  if (earlier.has_value()) {
    TORG_ASSIGN_OR_RETURN(v1::AppendOutcome outcome, DecodeAppendOutcome(*earlier));
    if (outcome.request_fingerprint() != fingerprint) {
      return absl::InvalidArgumentError(absl::StrCat(
          "request_id ", request.request_id,
          " was already used for a different request; use a new id for a new request"));
    }
    return ReplayedResult(outcome);
  }

  // Check every expected version before staging anything, so a conflict on
  // the second stream reports cleanly.
  std::vector<uint64_t> versions;
  versions.reserve(request.writes.size());
  for (const StreamWrite& write : request.writes) {
    TORG_ASSIGN_OR_RETURN(uint64_t current, CurrentVersion(batch, write.stream));
    if (write.expected_version.has_value() && *write.expected_version != current) {
      return VersionConflict(write.stream, current, *write.expected_version);
    }
    versions.push_back(current);
  }
  // Conditions are read here, on the writer thread and through the batch,
  // like the versions above: an append committed before this one, in this
  // group or earlier, counts.
  for (const StreamCondition& condition : request.stream_conditions) {
    TORG_ASSIGN_OR_RETURN(uint64_t current, CurrentVersion(batch, condition.stream));
    if (current != condition.expected_version) {
      return VersionConflict(condition.stream, current, condition.expected_version);
    }
  }
  // Key ids are claimed here, on the writer thread and through the batch, so
  // an id created by an earlier append of this group counts as existing too:
  // of two racing appends at most one creates it.
  for (const KeyWrite& key : request.key_writes) {
    TORG_ASSIGN_OR_RETURN(std::optional<std::string> existing,
                          Read(batch, ColumnFamily::kSealedKeys, keys::SealedKeyKey(key.key_id)));
    if (existing.has_value()) {
      return absl::AlreadyExistsError(
          absl::StrCat("key id ", key.key_id, " already exists; a key is never overwritten"));
    }
  }

  // Before the events, so that a projection reading a key (ProjectionBatch::
  // ReadKey) sees this append's own.
  for (const KeyWrite& key : request.key_writes) {
    batch.Put(database_.family(ColumnFamily::kSealedKeys), keys::SealedKeyKey(key.key_id),
              ToSlice(key.wrapped_key));
  }

  AppendResult result;
  result.first_position = first_position;
  result.recorded_at = now;
  uint64_t position = first_position;
  for (size_t i = 0; i < request.writes.size(); ++i) {
    const StreamWrite& write = request.writes[i];
    uint64_t& version = versions[i];
    for (const NewEvent& new_event : write.events) {
      RecordedEvent event{position,       write.stream,       ++version, new_event.type,
                          new_event.data, new_event.metadata, now,       request.request_id};
      batch.Put(database_.family(ColumnFamily::kEvents), keys::EventKey(position),
                EncodeEventRecord(event));
      batch.Put(database_.family(ColumnFamily::kStreamIndex),
                keys::StreamIndexKey(write.stream, version), keys::EncodeUint64(position));
      TORG_RETURN_IF_ERROR(ApplyProjections(event, batch));
      ++position;
    }
    batch.Put(database_.family(ColumnFamily::kStreamHeads), keys::StreamHeadKey(write.stream),
              keys::EncodeUint64(version));
  }
  result.last_position = position - 1;
  result.stream_versions = std::move(versions);
  batch.Put(database_.family(ColumnFamily::kIdempotency), idempotency_key,
            EncodeAppendOutcome(result, fingerprint));
  return result;
}

}  // namespace torg::storage
