#ifndef TORG_STORAGE_APPEND_STAGER_H_
#define TORG_STORAGE_APPEND_STAGER_H_

// Checks one append and stages all it writes (events, stream index and
// heads, projections, key writes, the idempotency record) into the group's
// batch. Runs only on the writer thread, so what it reads cannot change under
// it except through the batch itself, which it reads through.

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "rocksdb/utilities/write_batch_with_index.h"
#include "storage/event_store.h"
#include "storage/rocks_database.h"

namespace torg::storage {

using ProjectionsByName = std::map<std::string, std::shared_ptr<Projection>, std::less<>>;

// Applies `projection`, registered as `name`, to `event`: it reads its keys
// through `batch` to the database and stages its writes into `batch`.
// Returns the projection's own error unchanged.
absl::Status ApplyProjection(const RocksDatabase& database, absl::string_view name,
                             Projection& projection, const RecordedEvent& event,
                             rocksdb::WriteBatchWithIndex& batch);

class AppendStager {
 public:
  AppendStager(const RocksDatabase& database, const ProjectionsByName& projections)
      : database_(database), projections_(projections) {}

  // Stages `request`, whose RequestFingerprint is `fingerprint`, into
  // `batch`, numbering its events from `first_position`. On error the batch may hold part of the
  // request: the caller rolls it back to the save point it set before. A request id that already
  // succeeded (committed, or staged earlier in this batch) yields the stored result with `replayed`
  // set and stages nothing.
  absl::StatusOr<AppendResult> Stage(const AppendRequest& request, absl::string_view fingerprint,
                                     uint64_t first_position, absl::Time now,
                                     rocksdb::WriteBatchWithIndex& batch) const;

 private:
  absl::StatusOr<std::optional<std::string>> Read(rocksdb::WriteBatchWithIndex& batch,
                                                  ColumnFamily family, absl::string_view key) const;
  absl::StatusOr<uint64_t> CurrentVersion(rocksdb::WriteBatchWithIndex& batch,
                                          absl::string_view stream) const;
  absl::Status ApplyProjections(const RecordedEvent& event,
                                rocksdb::WriteBatchWithIndex& batch) const;

  const RocksDatabase& database_;
  const ProjectionsByName& projections_;
};

}  // namespace torg::storage

#endif  // TORG_STORAGE_APPEND_STAGER_H_
