#ifndef TORG_STORAGE_EMBEDDED_EVENT_STORE_H_
#define TORG_STORAGE_EMBEDDED_EVENT_STORE_H_

// The event store on an embedded RocksDB: the default of the all-in-one
// torgd and the engine behind a storage node.
//
// Writes go through one writer thread that group-commits: it takes every
// append waiting, checks and stages each one into a single WriteBatch (a
// rejected append is rolled back to its save point and leaves no trace),
// writes the batch with one WAL sync, and only then answers all of them. So
// throughput grows with concurrency while every acknowledged append is durable.
// Audit appends join the same groups: the writer chains them in queue order.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/event_store.h"

namespace torg::storage {

enum class Durability {
  // Every acknowledged append is in the fsynced WAL. The only mode for real use.
  kSynced,
  // The WAL is written but not synced: an OS crash may lose acknowledged
  // appends (a process crash does not). For tests that need speed only.
  kUnsyncedForTestsOnly,
};

struct EmbeddedStoreOptions {
  // The data directory; created if missing.
  std::string directory;
  Durability durability = Durability::kSynced;
  // The read models to maintain, each with a unique name.
  std::vector<std::shared_ptr<Projection>> projections;
  // The most appends one group commit takes. Bounds the batch and its latency.
  size_t max_group_size = 512;
  // The clock for recorded_at; absl::Now when empty. Tests pin it.
  std::function<absl::Time()> clock;
  // The most events one write applies when Open rebuilds a projection that
  // is new to a store holding events (storage/projection_catch_up.h).
  uint64_t catch_up_events_per_write = 1000;
};

// Counters of the writer since open, for tests, benchmarks and metrics.
struct EmbeddedStoreStats {
  // Appends acknowledged OK (not counting idempotent replays).
  uint64_t appends_committed = 0;
  // Appends answered with an error (nothing written).
  uint64_t appends_rejected = 0;
  // RocksDB writes: fewer than appends when group commit is at work.
  uint64_t write_batches = 0;
  // WAL fsyncs RocksDB performed. In synced mode at least one per write
  // batch, which is what makes an acknowledged append survive power loss;
  // 0 in unsynced mode.
  uint64_t wal_syncs = 0;
  // AppendAudit calls acknowledged OK. They share write batches (and WAL
  // syncs) with each other and with appends.
  uint64_t audit_appends_committed = 0;
};

class EmbeddedEventStore : public EventStore {
 public:
  // Opens (or creates) the store in options.directory. FAILED_PRECONDITION if
  // the directory holds data of a newer, unknown format or is locked by
  // another process; INVALID_ARGUMENT for bad options. Before it returns,
  // every projection new to a store holding events is rebuilt from the log
  // (storage/projection_catch_up.h); a projection refusing an event then
  // fails the open with its own error.
  static absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> Open(EmbeddedStoreOptions options);

  // Drains appends already queued, stops every subscription and closes the
  // database cleanly.
  ~EmbeddedEventStore() override;

  EmbeddedEventStore(const EmbeddedEventStore&) = delete;
  EmbeddedEventStore& operator=(const EmbeddedEventStore&) = delete;

  absl::StatusOr<AppendResult> Append(const AppendRequest& request) override;
  absl::StatusOr<std::vector<RecordedEvent>> ReadStream(absl::string_view stream,
                                                        uint64_t from_version,
                                                        size_t limit) override;
  absl::StatusOr<uint64_t> StreamVersion(absl::string_view stream) override;
  absl::StatusOr<std::vector<RecordedEvent>> ReadAll(uint64_t from_position, size_t limit) override;
  absl::StatusOr<uint64_t> LastPosition() override;
  absl::StatusOr<std::unique_ptr<Subscription>> Subscribe(uint64_t from_position,
                                                          EventHandler handler) override;
  absl::StatusOr<std::optional<std::string>> ReadProjection(absl::string_view projection,
                                                            absl::string_view key) override;
  absl::StatusOr<std::vector<ProjectionEntry>> ScanProjection(absl::string_view projection,
                                                              absl::string_view prefix,
                                                              absl::string_view start_after,
                                                              size_t limit) override;
  absl::Status CreateCheckpoint(const std::string& directory) override;
  absl::StatusOr<std::optional<AppendResult>> LookupRequest(
      absl::string_view request_id, absl::string_view request_fingerprint) override;
  absl::StatusOr<std::optional<std::string>> ReadKey(absl::string_view key_id) override;
  absl::Status DestroyKey(absl::string_view key_id) override;
  // Flushes every family (retiring the WAL files written so far), compacts
  // sealed_keys through its last level, and returns once the retired WAL and
  // table files are deleted from the data directory. UNAVAILABLE (retry) if
  // a checkpoint being written keeps them for more than a few seconds.
  absl::Status CompactKeys() override;
  // Goes through the writer thread like Append, so concurrent audit appends
  // (and appends) share one write and one WAL sync per group.
  absl::StatusOr<AuditAppendResult> AppendAudit(std::vector<std::string> payloads) override;
  absl::StatusOr<std::vector<AuditLink>> ReadAudit(uint64_t from_sequence,
                                                   size_t max_links) override;
  absl::StatusOr<AuditHead> ReadAuditHead() override;

  EmbeddedStoreStats stats() const;

 private:
  class Impl;
  explicit EmbeddedEventStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace torg::storage

#endif  // TORG_STORAGE_EMBEDDED_EVENT_STORE_H_
