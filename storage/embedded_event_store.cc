#include "storage/embedded_event_store.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <list>
#include <mutex>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "rocksdb/utilities/write_batch_with_index.h"
#include "services/common/status_macros.h"
#include "storage/append_stager.h"
#include "storage/commit_signal.h"
#include "storage/keys.h"
#include "storage/projection_catch_up.h"
#include "storage/record_codec.h"
#include "storage/rocks_database.h"
#include "storage/rocks_status.h"
#include "storage/subscription_worker.h"

namespace torg::storage {
namespace {

// What the caller holds; the store keeps the worker too so that closing the
// store can stop subscriptions its callers still hold.
class SubscriptionHandle : public Subscription {
 public:
  explicit SubscriptionHandle(std::shared_ptr<SubscriptionWorker> worker)
      : worker_(std::move(worker)) {}
  ~SubscriptionHandle() override { worker_->Stop(); }
  uint64_t next_position() const override { return worker_->next_position(); }
  absl::Status status() const override { return worker_->status(); }

 private:
  std::shared_ptr<SubscriptionWorker> worker_;
};

absl::StatusOr<ProjectionsByName> IndexProjections(
    const std::vector<std::shared_ptr<Projection>>& projections) {
  ProjectionsByName by_name;
  for (const std::shared_ptr<Projection>& projection : projections) {
    if (projection == nullptr) return absl::InvalidArgumentError("storage: null projection");
    TORG_RETURN_IF_ERROR(ValidateProjectionName(projection->name()));
    if (!by_name.emplace(std::string(projection->name()), projection).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("storage: two projections are named ", projection->name()));
    }
  }
  return by_name;
}

absl::StatusOr<uint64_t> ReadLastPosition(const RocksDatabase& database) {
  std::unique_ptr<rocksdb::Iterator> it(
      database.db()->NewIterator(rocksdb::ReadOptions(), database.family(ColumnFamily::kEvents)));
  it->SeekToLast();
  TORG_RETURN_IF_ERROR(FromRocks(it->status(), "finding the last event"));
  if (!it->Valid()) return 0;
  std::optional<uint64_t> position =
      keys::PositionFromEventKey(absl::string_view(it->key().data(), it->key().size()));
  if (!position.has_value()) return absl::DataLossError("storage: the last event key is corrupt");
  return *position;
}

}  // namespace

class EmbeddedEventStore::Impl {
 public:
  // The audit log's state as the writer keeps it: the head it chains onto,
  // or why it must not append.
  struct AuditState {
    AuditHead head{0, AuditGenesisHash()};
    absl::Status damage;
  };

  // Reads the head and checks it against the newest link, so that a damaged
  // log is never extended (the store still opens: reading and verifying it
  // must stay possible). A head ahead of the newest link is not damage the
  // store can see as such — it is what removing the newest links looks like —
  // and chaining on from the head keeps that gap for the verifier to report.
  static absl::StatusOr<AuditState> LoadAuditState(const RocksDatabase& database);

  Impl(EmbeddedStoreOptions options, std::unique_ptr<RocksDatabase> database,
       ProjectionsByName projections, uint64_t last_position, AuditState audit)
      : options_(std::move(options)),
        database_(std::move(database)),
        projections_(std::move(projections)),
        stager_(*database_, projections_),
        signal_(std::make_shared<CommitSignal>(last_position)),
        audit_(std::move(audit)) {
    if (!options_.clock) options_.clock = [] { return absl::Now(); };
    write_options_.sync = options_.durability == Durability::kSynced;
    writer_ = std::thread([this] { WriterLoop(); });
  }

  ~Impl() {
    {
      std::lock_guard<std::mutex> lock(queue_mutex_);
      closing_ = true;
    }
    queue_changed_.notify_all();
    writer_.join();
    StopSubscriptions();
  }

  absl::StatusOr<AppendResult> Append(const AppendRequest& request) {
    TORG_RETURN_IF_ERROR(ValidateAppendRequest(request));
    PendingAppend pending;
    pending.request = &request;
    pending.fingerprint = RequestFingerprint(request);
    TORG_RETURN_IF_ERROR(Enqueue(pending));
    return std::move(pending.outcome);
  }

  absl::StatusOr<AuditAppendResult> AppendAudit(const std::vector<std::string>& payloads) {
    TORG_RETURN_IF_ERROR(ValidateAuditPayloads(payloads));
    PendingAppend pending;
    pending.audit_payloads = &payloads;
    TORG_RETURN_IF_ERROR(Enqueue(pending));
    return std::move(pending.audit_outcome);
  }

  absl::StatusOr<std::vector<AuditLink>> ReadAudit(uint64_t from_sequence, size_t max_links) const {
    std::vector<AuditLink> links;
    const std::string prefix = keys::AuditLinkPrefix();
    std::unique_ptr<rocksdb::Iterator> it(database_->db()->NewIterator(
        rocksdb::ReadOptions(), database_->family(ColumnFamily::kAuditLog)));
    for (it->Seek(keys::AuditLinkKey(from_sequence));
         it->Valid() && it->key().starts_with(prefix) && links.size() < max_links; it->Next()) {
      const absl::string_view key(it->key().data(), it->key().size());
      std::optional<uint64_t> sequence = keys::SequenceFromAuditLinkKey(key);
      // Not a link (the store writes none such): it holds no entry, so it
      // can neither hide nor alter one.
      if (!sequence.has_value()) continue;
      links.push_back(
          DecodeAuditLink(*sequence, absl::string_view(it->value().data(), it->value().size())));
    }
    TORG_RETURN_IF_ERROR(FromRocks(it->status(), "reading the audit log"));
    return links;
  }

  absl::StatusOr<AuditHead> ReadAuditHead() const {
    TORG_ASSIGN_OR_RETURN(std::optional<std::string> stored,
                          database_->Get(ColumnFamily::kAuditLog, keys::AuditHeadKey()));
    if (!stored.has_value()) return AuditHead{0, AuditGenesisHash()};
    absl::StatusOr<AuditHead> head = DecodeAuditHead(*stored);
    if (!head.ok()) return AuditHead{0, std::string()};
    return head;
  }

  absl::StatusOr<std::vector<RecordedEvent>> ReadAll(uint64_t from_position, size_t limit) const {
    std::vector<RecordedEvent> events;
    std::unique_ptr<rocksdb::Iterator> it(database_->db()->NewIterator(
        rocksdb::ReadOptions(), database_->family(ColumnFamily::kEvents)));
    for (it->Seek(keys::EventKey(from_position)); it->Valid() && events.size() < limit;
         it->Next()) {
      std::optional<uint64_t> position =
          keys::PositionFromEventKey(absl::string_view(it->key().data(), it->key().size()));
      if (!position.has_value()) return absl::DataLossError("storage: corrupt event key");
      TORG_ASSIGN_OR_RETURN(
          RecordedEvent event,
          DecodeEventRecord(*position, absl::string_view(it->value().data(), it->value().size())));
      events.push_back(std::move(event));
    }
    TORG_RETURN_IF_ERROR(FromRocks(it->status(), "reading the log"));
    return events;
  }

  absl::StatusOr<std::vector<RecordedEvent>> ReadStream(absl::string_view stream,
                                                        uint64_t from_version, size_t limit) const {
    TORG_RETURN_IF_ERROR(ValidateStreamName(stream));
    const std::string prefix = keys::StreamIndexPrefix(stream);
    std::vector<RecordedEvent> events;
    std::unique_ptr<rocksdb::Iterator> it(database_->db()->NewIterator(
        rocksdb::ReadOptions(), database_->family(ColumnFamily::kStreamIndex)));
    for (it->Seek(keys::StreamIndexKey(stream, from_version));
         it->Valid() && it->key().starts_with(prefix) && events.size() < limit; it->Next()) {
      std::optional<uint64_t> position =
          keys::DecodeUint64(absl::string_view(it->value().data(), it->value().size()));
      if (!position.has_value()) return absl::DataLossError("storage: corrupt stream index");
      TORG_ASSIGN_OR_RETURN(std::optional<std::string> record,
                            database_->Get(ColumnFamily::kEvents, keys::EventKey(*position)));
      if (!record.has_value()) {
        return absl::DataLossError(
            absl::StrCat("storage: stream ", stream, " points at missing position ", *position));
      }
      TORG_ASSIGN_OR_RETURN(RecordedEvent event, DecodeEventRecord(*position, *record));
      events.push_back(std::move(event));
    }
    TORG_RETURN_IF_ERROR(FromRocks(it->status(), "reading a stream"));
    return events;
  }

  absl::StatusOr<uint64_t> StreamVersion(absl::string_view stream) const {
    TORG_RETURN_IF_ERROR(ValidateStreamName(stream));
    TORG_ASSIGN_OR_RETURN(std::optional<std::string> head,
                          database_->Get(ColumnFamily::kStreamHeads, keys::StreamHeadKey(stream)));
    if (!head.has_value()) return 0;
    std::optional<uint64_t> version = keys::DecodeUint64(*head);
    if (!version.has_value()) return absl::DataLossError("storage: corrupt stream head");
    return *version;
  }

  uint64_t LastPosition() const { return signal_->last_committed(); }

  absl::StatusOr<std::unique_ptr<Subscription>> Subscribe(uint64_t from_position,
                                                          EventHandler handler) {
    if (!handler) return absl::InvalidArgumentError("storage: a subscription needs a handler");
    std::shared_ptr<SubscriptionWorker> worker = SubscriptionWorker::Start(
        from_position, std::move(handler),
        [this](uint64_t from, size_t limit) { return ReadAll(from, limit); }, signal_);
    {
      std::lock_guard<std::mutex> lock(subscriptions_mutex_);
      subscriptions_.remove_if([](const auto& weak) { return weak.expired(); });
      subscriptions_.push_back(worker);
    }
    return std::make_unique<SubscriptionHandle>(std::move(worker));
  }

  absl::Status CheckProjection(absl::string_view projection) const {
    if (projections_.find(projection) == projections_.end()) {
      return absl::NotFoundError(absl::StrCat("storage: no projection named ", projection));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::optional<std::string>> ReadProjection(absl::string_view projection,
                                                            absl::string_view key) const {
    TORG_RETURN_IF_ERROR(CheckProjection(projection));
    return database_->Get(ColumnFamily::kProjections, keys::ProjectionKey(projection, key));
  }

  absl::StatusOr<std::vector<ProjectionEntry>> ScanProjection(absl::string_view projection,
                                                              absl::string_view prefix,
                                                              absl::string_view start_after,
                                                              size_t limit) const {
    TORG_RETURN_IF_ERROR(CheckProjection(projection));
    const std::string namespace_prefix = keys::ProjectionPrefix(projection);
    const std::string full_prefix = keys::ProjectionKey(projection, prefix);
    std::vector<ProjectionEntry> entries;
    std::unique_ptr<rocksdb::Iterator> it(database_->db()->NewIterator(
        rocksdb::ReadOptions(), database_->family(ColumnFamily::kProjections)));
    const bool resume = !start_after.empty() && start_after >= prefix;
    it->Seek(resume ? keys::ProjectionKey(projection, start_after) : full_prefix);
    for (; it->Valid() && it->key().starts_with(full_prefix) && entries.size() < limit;
         it->Next()) {
      std::string key = it->key().ToString().substr(namespace_prefix.size());
      if (resume && key == start_after) continue;
      entries.emplace_back(std::move(key), it->value().ToString());
    }
    TORG_RETURN_IF_ERROR(FromRocks(it->status(), "scanning a projection"));
    return entries;
  }

  absl::Status CreateCheckpoint(const std::string& directory) const {
    return database_->CreateCheckpoint(directory);
  }

  absl::StatusOr<std::optional<AppendResult>> LookupRequest(
      absl::string_view request_id, absl::string_view request_fingerprint) const {
    TORG_RETURN_IF_ERROR(ValidateRequestLookup(request_id, request_fingerprint));
    TORG_ASSIGN_OR_RETURN(
        std::optional<std::string> stored,
        database_->Get(ColumnFamily::kIdempotency, keys::IdempotencyKey(request_id)));
    if (!stored.has_value()) return std::optional<AppendResult>();
    TORG_ASSIGN_OR_RETURN(v1::AppendOutcome outcome, DecodeAppendOutcome(*stored));
    // Stored as Append stores it: digested with the explicit-fingerprint tag.
    AppendRequest as_appended;
    as_appended.request_fingerprint = std::string(request_fingerprint);
    if (outcome.request_fingerprint() != RequestFingerprint(as_appended)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "request_id ", request_id,
          " was already used for a different request; use a new id for a new request"));
    }
    return std::optional<AppendResult>(ReplayedResult(outcome));
  }

  absl::StatusOr<std::optional<std::string>> ReadKey(absl::string_view key_id) const {
    TORG_RETURN_IF_ERROR(ValidateKeyId(key_id));
    return database_->Get(ColumnFamily::kSealedKeys, keys::SealedKeyKey(key_id));
  }

  // Not through the writer thread: a single delete needs no group, and
  // RocksDB orders it with the group writes. An append racing with it either
  // found the key (ALREADY_EXISTS) or creates it afresh after it. Refused,
  // with the error appends get, once a write has failed (see FailGroup).
  absl::Status DestroyKey(absl::string_view key_id) const {
    TORG_RETURN_IF_ERROR(ValidateKeyId(key_id));
    TORG_RETURN_IF_ERROR(WriteFailure());
    const std::string key = keys::SealedKeyKey(key_id);
    return FromRocks(
        database_->db()->Delete(write_options_, database_->family(ColumnFamily::kSealedKeys), key),
        "destroying a key");
  }

  absl::Status CompactKeys() const {
    TORG_RETURN_IF_ERROR(database_->PurgeDeleted(ColumnFamily::kSealedKeys));
    return database_->PurgeDeleted(ColumnFamily::kProjections);
  }

  EmbeddedStoreStats stats() const {
    return {appends_committed_.load(), appends_rejected_.load(), write_batches_.load(),
            database_->WalSyncs(), audit_appends_committed_.load()};
  }

 private:
  // A write waiting for the writer thread — an append or an audit append,
  // so that both share its group commit and WAL syncs — and the answer it gets.
  struct PendingAppend {
    // Exactly one of these is set.
    const AppendRequest* request = nullptr;
    const std::vector<std::string>* audit_payloads = nullptr;
    // Hashed on the caller's thread, off the writer's critical path.
    std::string fingerprint;
    absl::StatusOr<AppendResult> outcome;
    absl::StatusOr<AuditAppendResult> audit_outcome;
    absl::Notification done;

    bool is_audit() const { return audit_payloads != nullptr; }
    void Finish(absl::StatusOr<AppendResult> result) {
      outcome = std::move(result);
      done.Notify();
    }
    void FinishAudit(AuditAppendResult result) {
      audit_outcome = std::move(result);
      done.Notify();
    }
    void Fail(const absl::Status& status) {
      outcome = status;
      audit_outcome = status;
      done.Notify();
    }
  };

  // Hands `pending` to the writer and waits for its answer.
  absl::Status Enqueue(PendingAppend& pending) {
    {
      std::lock_guard<std::mutex> lock(queue_mutex_);
      if (closing_) return absl::UnavailableError("storage: the store is closing");
      queue_.push_back(&pending);
    }
    queue_changed_.notify_one();
    pending.done.WaitForNotification();
    return absl::OkStatus();
  }

  // Stages one link per payload after `head`, which it moves to the last of
  // them. Nothing is staged, and `head` is unchanged, when it fails.
  absl::StatusOr<AuditAppendResult> StageAudit(const std::vector<std::string>& payloads,
                                               absl::Time now, AuditHead& head,
                                               rocksdb::WriteBatchWithIndex& batch) const {
    TORG_RETURN_IF_ERROR(audit_.damage);
    // Whole microseconds: what the record keeps and the hash covers, so the
    // result equals what ReadAudit returns.
    const absl::Time recorded_at = absl::FromUnixMicros(absl::ToUnixMicros(now));
    std::vector<AuditLink> links;
    links.reserve(payloads.size());
    const std::string* previous_hash = &head.last_hash;
    for (const std::string& payload : payloads) {
      AuditLink link;
      link.sequence = head.last_sequence + links.size() + 1;
      link.previous_hash = *previous_hash;
      link.payload = payload;
      link.recorded_at = recorded_at;
      link.hash = ComputeAuditHash(link.sequence, link.previous_hash, recorded_at, payload);
      if (link.hash.size() != kAuditHashSize) {
        return absl::InternalError("storage: SHA-256 failed while chaining the audit log");
      }
      links.push_back(std::move(link));
      previous_hash = &links.back().hash;
    }
    for (const AuditLink& link : links) {
      batch.Put(database_->family(ColumnFamily::kAuditLog), keys::AuditLinkKey(link.sequence),
                EncodeAuditLink(link));
    }
    AuditAppendResult result;
    result.first_sequence = links.front().sequence;
    result.last_sequence = links.back().sequence;
    result.recorded_at = recorded_at;
    head = AuditHead{links.back().sequence, std::move(links.back().hash)};
    return result;
  }

  // Takes every waiting append, up to max_group_size. Returns false once the
  // store is closing and nothing is left to write.
  bool TakeGroup(std::vector<PendingAppend*>& group) {
    std::unique_lock<std::mutex> lock(queue_mutex_);
    queue_changed_.wait(lock, [this] { return closing_ || !queue_.empty(); });
    if (queue_.empty()) return false;
    const size_t take = std::min(queue_.size(), options_.max_group_size);
    group.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(take));
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(take));
    return true;
  }

  void WriterLoop() {
    std::vector<PendingAppend*> group;
    while (TakeGroup(group)) CommitGroup(group);
  }

  // Stages each append under its own save point (a rejected one is rolled
  // back alone), writes the whole group with one synced write, then answers
  // everyone, the rejected too: a rejection may rest on state staged by
  // another append of the group, which only counts once it is durable.
  void CommitGroup(const std::vector<PendingAppend*>& group) {
    if (const absl::Status failure = WriteFailure(); !failure.ok()) {
      for (PendingAppend* pending : group) pending->Fail(failure);
      appends_rejected_.fetch_add(CountAppends(group));
      return;
    }
    rocksdb::WriteBatchWithIndex batch(rocksdb::BytewiseComparator(), 0, /*overwrite_key=*/true);
    const uint64_t first_of_group = signal_->last_committed() + 1;
    uint64_t next_position = first_of_group;
    const absl::Time now = options_.clock();
    std::vector<std::pair<PendingAppend*, AppendResult>> staged;
    std::vector<std::pair<PendingAppend*, absl::Status>> rejected;
    // Audit links chain onto this head; it becomes audit_.head once written.
    AuditHead audit_head = audit_.head;
    std::vector<std::pair<PendingAppend*, AuditAppendResult>> audited;
    for (PendingAppend* pending : group) {
      if (pending->is_audit()) {
        absl::StatusOr<AuditAppendResult> result =
            StageAudit(*pending->audit_payloads, now, audit_head, batch);
        if (result.ok()) {
          audited.emplace_back(pending, *std::move(result));
        } else {
          rejected.emplace_back(pending, result.status());
        }
        continue;
      }
      batch.SetSavePoint();
      absl::StatusOr<AppendResult> result =
          stager_.Stage(*pending->request, pending->fingerprint, next_position, now, batch);
      if (!result.ok()) {
        rejected.emplace_back(pending, result.status());
        if (rocksdb::Status rolled_back = batch.RollbackToSavePoint(); !rolled_back.ok()) {
          FailGroup(group, FromRocks(rolled_back, "rolling back a rejected append"));
          return;
        }
        continue;
      }
      batch.PopSavePoint();
      if (!result->replayed) next_position = result->last_position + 1;
      staged.emplace_back(pending, *std::move(result));
    }
    if (!audited.empty()) {
      batch.Put(database_->family(ColumnFamily::kAuditLog), keys::AuditHeadKey(),
                EncodeAuditHead(audit_head));
    }
    if (next_position != first_of_group || !audited.empty()) {
      rocksdb::Status written = database_->db()->Write(write_options_, batch.GetWriteBatch());
      if (!written.ok()) {
        FailGroup(group, FromRocks(written, "writing a group of appends"));
        return;
      }
      write_batches_.fetch_add(1);
      if (next_position != first_of_group) signal_->Publish(next_position - 1);
      audit_.head = std::move(audit_head);
    }
    for (auto& [pending, status] : rejected) {
      if (!pending->is_audit()) appends_rejected_.fetch_add(1);
      pending->Fail(status);
    }
    for (auto& [pending, result] : staged) {
      if (!result.replayed) appends_committed_.fetch_add(1);
      pending->Finish(std::move(result));
    }
    for (auto& [pending, result] : audited) {
      audit_appends_committed_.fetch_add(1);
      pending->FinishAudit(std::move(result));
    }
  }

  static size_t CountAppends(const std::vector<PendingAppend*>& group) {
    return static_cast<size_t>(
        std::count_if(group.begin(), group.end(), [](PendingAppend* p) { return !p->is_audit(); }));
  }

  // After a failed write the outcome on disk is unknown (the WAL record may
  // be there) and the in-memory position may be wrong, so the store stops
  // accepting appends until it is reopened, which recomputes everything from
  // disk. Every write of the group gets the same error, and so does every
  // later append, audit append and key destruction.
  void FailGroup(const std::vector<PendingAppend*>& group, const absl::Status& cause) {
    const absl::Status failure(
        cause.code(),
        absl::StrCat(cause.message(),
                     ". The store accepts no appends until it is reopened; whether this append "
                     "was written is unknown, so retry it with the same request_id after the "
                     "restart"));
    {
      std::lock_guard<std::mutex> lock(failure_mutex_);
      write_failure_ = failure;
    }
    for (PendingAppend* pending : group) pending->Fail(failure);
    appends_rejected_.fetch_add(CountAppends(group));
  }

  // OK, or the error of the failed write that stopped the store.
  absl::Status WriteFailure() const {
    std::lock_guard<std::mutex> lock(failure_mutex_);
    return write_failure_;
  }

  void StopSubscriptions() {
    std::list<std::weak_ptr<SubscriptionWorker>> subscriptions;
    {
      std::lock_guard<std::mutex> lock(subscriptions_mutex_);
      subscriptions.swap(subscriptions_);
    }
    for (const auto& weak : subscriptions) {
      // A worker whose handler is still running is alive (its thread holds
      // it), so this waits for every handler before the database closes.
      if (std::shared_ptr<SubscriptionWorker> worker = weak.lock()) {
        worker->Stop(absl::CancelledError("the store was closed"));
      }
    }
  }

  EmbeddedStoreOptions options_;
  std::unique_ptr<RocksDatabase> database_;
  ProjectionsByName projections_;
  AppendStager stager_;
  std::shared_ptr<CommitSignal> signal_;
  rocksdb::WriteOptions write_options_;
  // Read and written by the writer thread only (and by the constructor).
  AuditState audit_;

  std::mutex queue_mutex_;
  std::condition_variable queue_changed_;
  std::deque<PendingAppend*> queue_;
  bool closing_ = false;
  std::thread writer_;

  std::mutex subscriptions_mutex_;
  std::list<std::weak_ptr<SubscriptionWorker>> subscriptions_;

  // Set once, by the writer thread, on a failed write (FailGroup); read by
  // the writer and by DestroyKey's callers.
  mutable std::mutex failure_mutex_;
  absl::Status write_failure_;

  std::atomic<uint64_t> appends_committed_{0};
  std::atomic<uint64_t> appends_rejected_{0};
  std::atomic<uint64_t> write_batches_{0};
  std::atomic<uint64_t> audit_appends_committed_{0};
};

absl::StatusOr<EmbeddedEventStore::Impl::AuditState> EmbeddedEventStore::Impl::LoadAuditState(
    const RocksDatabase& database) {
  AuditState state;
  TORG_ASSIGN_OR_RETURN(std::optional<std::string> stored,
                        database.Get(ColumnFamily::kAuditLog, keys::AuditHeadKey()));
  if (stored.has_value()) {
    absl::StatusOr<AuditHead> head = DecodeAuditHead(*stored);
    if (!head.ok()) {
      state.damage = head.status();
      return state;
    }
    state.head = *std::move(head);
  }
  std::unique_ptr<rocksdb::Iterator> it(
      database.db()->NewIterator(rocksdb::ReadOptions(), database.family(ColumnFamily::kAuditLog)));
  const std::string prefix = keys::AuditLinkPrefix();
  it->SeekForPrev(keys::AuditLinkKey(~uint64_t{0}));
  TORG_RETURN_IF_ERROR(FromRocks(it->status(), "finding the newest audit link"));
  if (it->Valid() && it->key().starts_with(prefix)) {
    std::optional<uint64_t> newest =
        keys::SequenceFromAuditLinkKey(absl::string_view(it->key().data(), it->key().size()));
    if (newest.has_value() && *newest > state.head.last_sequence) {
      state.damage = absl::DataLossError(
          absl::StrCat("storage: the audit log's head names entry ", state.head.last_sequence,
                       " but the log goes on to ", *newest,
                       "; nothing is appended to it until it is verified and repaired"));
    } else if (newest.has_value() && *newest == state.head.last_sequence &&
               DecodeAuditLink(*newest, absl::string_view(it->value().data(), it->value().size()))
                       .hash != state.head.last_hash) {
      state.damage = absl::DataLossError(
          absl::StrCat("storage: the audit log's head does not hold the hash of entry ", *newest,
                       "; nothing is appended to it until it is verified and repaired"));
    }
  }
  if (state.damage.ok() && state.head.last_hash.size() != kAuditHashSize) {
    state.damage = absl::DataLossError("storage: the audit log's head holds no valid hash");
  }
  return state;
}

absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> EmbeddedEventStore::Open(
    EmbeddedStoreOptions options) {
  if (options.max_group_size == 0) {
    return absl::InvalidArgumentError("storage: max_group_size must be at least 1");
  }
  TORG_ASSIGN_OR_RETURN(ProjectionsByName projections, IndexProjections(options.projections));
  TORG_ASSIGN_OR_RETURN(std::unique_ptr<RocksDatabase> database,
                        RocksDatabase::Open(options.directory));
  TORG_ASSIGN_OR_RETURN(uint64_t last_position, ReadLastPosition(*database));
  TORG_RETURN_IF_ERROR(
      CatchUpProjections(*database, projections, last_position, options.catch_up_events_per_write));
  TORG_ASSIGN_OR_RETURN(Impl::AuditState audit, Impl::LoadAuditState(*database));
  auto impl = std::make_unique<Impl>(std::move(options), std::move(database),
                                     std::move(projections), last_position, std::move(audit));
  return std::unique_ptr<EmbeddedEventStore>(new EmbeddedEventStore(std::move(impl)));
}

EmbeddedEventStore::EmbeddedEventStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EmbeddedEventStore::~EmbeddedEventStore() = default;

absl::StatusOr<AppendResult> EmbeddedEventStore::Append(const AppendRequest& request) {
  return impl_->Append(request);
}
absl::StatusOr<std::vector<RecordedEvent>> EmbeddedEventStore::ReadStream(absl::string_view stream,
                                                                          uint64_t from_version,
                                                                          size_t limit) {
  return impl_->ReadStream(stream, from_version, limit);
}
absl::StatusOr<uint64_t> EmbeddedEventStore::StreamVersion(absl::string_view stream) {
  return impl_->StreamVersion(stream);
}
absl::StatusOr<std::vector<RecordedEvent>> EmbeddedEventStore::ReadAll(uint64_t from_position,
                                                                       size_t limit) {
  return impl_->ReadAll(from_position, limit);
}
absl::StatusOr<uint64_t> EmbeddedEventStore::LastPosition() { return impl_->LastPosition(); }
absl::StatusOr<std::unique_ptr<Subscription>> EmbeddedEventStore::Subscribe(uint64_t from_position,
                                                                            EventHandler handler) {
  return impl_->Subscribe(from_position, std::move(handler));
}
absl::StatusOr<std::optional<std::string>> EmbeddedEventStore::ReadProjection(
    absl::string_view projection, absl::string_view key) {
  return impl_->ReadProjection(projection, key);
}
absl::StatusOr<std::vector<ProjectionEntry>> EmbeddedEventStore::ScanProjection(
    absl::string_view projection, absl::string_view prefix, absl::string_view start_after,
    size_t limit) {
  return impl_->ScanProjection(projection, prefix, start_after, limit);
}
absl::Status EmbeddedEventStore::CreateCheckpoint(const std::string& directory) {
  return impl_->CreateCheckpoint(directory);
}
absl::StatusOr<std::optional<AppendResult>> EmbeddedEventStore::LookupRequest(
    absl::string_view request_id, absl::string_view request_fingerprint) {
  return impl_->LookupRequest(request_id, request_fingerprint);
}
absl::StatusOr<std::optional<std::string>> EmbeddedEventStore::ReadKey(absl::string_view key_id) {
  return impl_->ReadKey(key_id);
}
absl::Status EmbeddedEventStore::DestroyKey(absl::string_view key_id) {
  return impl_->DestroyKey(key_id);
}
absl::Status EmbeddedEventStore::CompactKeys() { return impl_->CompactKeys(); }
absl::StatusOr<AuditAppendResult> EmbeddedEventStore::AppendAudit(
    std::vector<std::string> payloads) {
  return impl_->AppendAudit(payloads);
}
absl::StatusOr<std::vector<AuditLink>> EmbeddedEventStore::ReadAudit(uint64_t from_sequence,
                                                                     size_t max_links) {
  return impl_->ReadAudit(from_sequence, max_links);
}
absl::StatusOr<AuditHead> EmbeddedEventStore::ReadAuditHead() { return impl_->ReadAuditHead(); }
EmbeddedStoreStats EmbeddedEventStore::stats() const { return impl_->stats(); }

}  // namespace torg::storage
