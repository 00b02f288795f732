#ifndef TORG_STORAGE_EVENT_STORE_H_
#define TORG_STORAGE_EVENT_STORE_H_

// The event store: Torg's only write path. Every step of a case is an event
// appended to a stream; every event also gets a global position, and read
// models (projections) are updated in the same atomic write as the events.
// It also keeps wrapped data keys, created with an append and destroyed on
// their own, so that erasing a key erases what was sealed with it.
//
// Every implementation (the embedded RocksDB store, the remote store of a
// storage node) must pass tests/storage/event_store_conformance.h.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/audit_chain.h"

namespace torg::storage {

// An event as the appender hands it over. Storage never interprets `data`.
struct NewEvent {
  // Fully qualified protobuf type of `data`, e.g. "torg.v1.CaseOpened". Required.
  std::string type;
  // The serialized event.
  std::string data;
  // Opaque metadata, e.g. the acting principal. May be empty.
  std::string metadata;
};

// The events a request appends to one stream.
struct StreamWrite {
  // The stream: 1 to 200 characters of [A-Za-z0-9._:-], e.g. "case-42".
  std::string stream;
  // The version the stream must be at for the write to happen: 0 means the
  // stream must not exist yet, n means exactly n events in it. nullopt
  // appends whatever the version is.
  std::optional<uint64_t> expected_version;
  // At least one event. The first gets version current+1, and so on.
  std::vector<NewEvent> events;
};

// A stream an append reads but does not write: its version must still be
// what the appender saw when it decided, exactly as with a write's
// expected_version. E.g. a case step decided on a participant's consent
// conditions the participant stream, so that a withdrawal committed
// meanwhile makes the step fail instead of slipping past it.
struct StreamCondition {
  // A stream name (the rule of StreamWrite::stream), not written by the same
  // request.
  std::string stream;
  // The version the stream must be at when the append commits: 0 means the
  // stream must not exist, n means exactly n events in it.
  uint64_t expected_version = 0;
};

// A wrapped (encrypted) data key to store with an append, e.g. a
// participant's key sealed under the master key. Storage never interprets
// either field.
struct KeyWrite {
  // The key's id: 1 to 200 characters of [A-Za-z0-9._:-], like a stream name.
  std::string key_id;
  // The wrapped key. Not empty.
  std::string wrapped_key;
};

// One atomic append: all of its writes happen, with their projections, key
// writes and the idempotency record, or none of them does.
struct AppendRequest {
  // The client's id for this request, 1 to 200 bytes. A request with an id
  // that already succeeded returns that first result and writes nothing.
  std::string request_id;
  // One or more writes, each to a different stream.
  std::vector<StreamWrite> writes;
  // Streams the append only depends on, each at most once and none of them
  // also in `writes` (whose own expected_version says the same). Checked in
  // the same atomic step as the writes' expected versions: a stream at
  // another version refuses the whole append, as a stale write would.
  std::vector<StreamCondition> stream_conditions;
  // Keys created by this append, each with a different id that must not
  // exist in the store yet. Stored in the same atomic, durable write as the
  // events; read with ReadKey, erased with DestroyKey.
  std::vector<KeyWrite> key_writes;
  // What makes two requests "the same" for idempotency. When empty, the
  // store digests `writes`, `stream_conditions` and `key_writes`. A service whose events differ
  // between attempts of one client request (fresh ids, fresh encryption
  // nonces, a freshly wrapped key) passes a digest of the client's request
  // instead, so an honest retry replays (keeping what the first attempt
  // wrote) and a reused id for another request is still refused.
  std::string request_fingerprint;

  // Convenience for the common case of one stream.
  static AppendRequest ToStream(std::string request_id, std::string stream,
                                std::optional<uint64_t> expected_version,
                                std::vector<NewEvent> events);
};

// What a successful append wrote.
struct AppendResult {
  // Global position of the first and last event written; every position in
  // between belongs to this append.
  uint64_t first_position = 0;
  uint64_t last_position = 0;
  // The version of each stream after the append, in the order of `writes`.
  std::vector<uint64_t> stream_versions;
  // When the store committed the append.
  absl::Time recorded_at;
  // True when this is the stored result of an earlier request with the same
  // request id: nothing was written this time.
  bool replayed = false;
};

// An event as stored.
struct RecordedEvent {
  // Dense, increasing from 1, never reused, also across crashes.
  uint64_t position = 0;
  std::string stream;
  // 1 for the first event of the stream, dense.
  uint64_t version = 0;
  std::string type;
  std::string data;
  std::string metadata;
  absl::Time recorded_at;
  std::string request_id;
};

// What a successful AppendAudit wrote.
struct AuditAppendResult {
  // The sequences of the first and last link written, one per payload, in
  // the order given; every sequence in between belongs to this call.
  uint64_t first_sequence = 0;
  uint64_t last_sequence = 0;
  // When the store committed the links (every link of the call has it), in
  // whole microseconds, as stored and hashed.
  absl::Time recorded_at;
};

// A projection's view of the write under way. Reads see the projection's
// committed data plus every write staged before it in the same commit, so
// projections can keep counters and indexes. Keys are private to the
// projection (the store prefixes them with the projection's name).
class ProjectionBatch {
 public:
  virtual ~ProjectionBatch() = default;
  // The value of `key` as it will be if this append commits; nullopt if absent.
  virtual absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) = 0;
  virtual void Put(absl::string_view key, absl::string_view value) = 0;
  virtual void Delete(absl::string_view key) = 0;
  // The wrapped key stored under `key_id` (EventStore::ReadKey) as this
  // append will leave it, its own key_writes included; nullopt if absent or
  // destroyed. For a projection that counts what is sealed: it must treat a
  // destroyed key as data it can no longer know. INVALID_ARGUMENT for a
  // malformed id.
  virtual absl::StatusOr<std::optional<std::string>> ReadKey(absl::string_view key_id) = 0;
};

// A read model maintained on write. Apply runs inside the append that writes
// the event, in position order, on the store's single writer thread.
class Projection {
 public:
  virtual ~Projection() = default;
  // Stable, unique name of 1 to 64 characters of [a-z0-9_.-]; the namespace of
  // the projection's keys. Renaming it orphans its data.
  virtual absl::string_view name() const = 0;
  // Applies one event. A non-OK status aborts the whole append (nothing of
  // it is written) and is returned to the appender as it is, so a
  // projection can enforce a uniqueness rule with ALREADY_EXISTS.
  virtual absl::Status Apply(const RecordedEvent& event, ProjectionBatch& batch) = 0;
  // The format of what Apply writes. Bump it whenever Apply would write
  // different keys or values for an event than before (a new measure, a
  // changed encoding): otherwise the keys written for old events keep the
  // old format, or lack the new data, for ever. When the store opens and
  // finds the projection recorded at another version, higher or lower (a
  // downgraded binary must not serve a format it does not know), it discards
  // every key of the projection and rebuilds it from the whole log before
  // serving anything (storage/projection_catch_up.h). Must return the same
  // value on every call.
  virtual uint32_t format_version() const { return 1; }
};

// Receives the events of a subscription, one at a time, in position order.
// A non-OK status ends the subscription with that status.
using EventHandler = std::function<absl::Status(const RecordedEvent&)>;

// A running subscription. Destroying it stops delivery; the destructor
// returns once the handler is no longer running.
class Subscription {
 public:
  virtual ~Subscription() = default;
  // The position the next delivered event will have.
  virtual uint64_t next_position() const = 0;
  // OK while running; the handler's or the store's error once it ended.
  virtual absl::Status status() const = 0;
};

// A key-value pair of a projection.
using ProjectionEntry = std::pair<std::string, std::string>;

class EventStore {
 public:
  virtual ~EventStore() = default;

  // Appends atomically and durably: returns OK only after the write, with
  // every projection update and the idempotency record, is in the synced WAL.
  // Errors, after which nothing was written (except as said for a refused
  // disk write):
  //   INVALID_ARGUMENT  malformed request (empty id, bad stream name, no
  //                     events, the same stream twice, a bad or repeated key
  //                     id, an empty wrapped key, a condition on a stream
  //                     that is also written or conditioned twice, request
  //                     id reused for a different request).
  //   ABORTED           a written or conditioned stream is not at its
  //                     expected version; the message names the stream and
  //                     its current version, and CurrentVersionOf()
  //                     extracts the version.
  //   ALREADY_EXISTS    a key id of `key_writes` is already in the store
  //                     (also when an append committed just before claimed
  //                     it: the check is part of the commit, so of two
  //                     racing appends at most one creates an id).
  //   a projection's own error, unchanged.
  //   UNAVAILABLE / RESOURCE_EXHAUSTED when the disk refuses the write. Then
  //                     whether it was written is unknown: retry with the
  //                     same request_id. The embedded store refuses every
  //                     append after such a failure until it is reopened.
  virtual absl::StatusOr<AppendResult> Append(const AppendRequest& request) = 0;

  // The result of the request with `request_id`, if one committed; nullopt
  // otherwise. `request_fingerprint` is what the caller would pass in
  // AppendRequest::request_fingerprint (required here, never empty). A
  // service checks this before deciding a command, because once the first
  // attempt is in, the state has moved on and deciding again would refuse an
  // honest retry. The answer, when present, is marked replayed. Errors:
  //   INVALID_ARGUMENT  an empty or too long id, an empty fingerprint, or the
  //                     id was used for a request with another fingerprint.
  virtual absl::StatusOr<std::optional<AppendResult>> LookupRequest(
      absl::string_view request_id, absl::string_view request_fingerprint) = 0;

  // Events of `stream` with version >= from_version, at most `limit`, in
  // version order. An unknown stream is empty, not an error.
  virtual absl::StatusOr<std::vector<RecordedEvent>> ReadStream(absl::string_view stream,
                                                                uint64_t from_version,
                                                                size_t limit) = 0;

  // The stream's current version: its number of events, 0 if it does not exist.
  virtual absl::StatusOr<uint64_t> StreamVersion(absl::string_view stream) = 0;

  // Events with position >= from_position, at most `limit`, in position order.
  virtual absl::StatusOr<std::vector<RecordedEvent>> ReadAll(uint64_t from_position,
                                                             size_t limit) = 0;

  // The position of the last committed event, 0 when the store is empty.
  virtual absl::StatusOr<uint64_t> LastPosition() = 0;

  // Delivers every event with position >= from_position, first the history
  // and then live events as they commit, each exactly once and in order, on
  // a thread of the subscription's own. Only committed (durable) events are
  // delivered.
  virtual absl::StatusOr<std::unique_ptr<Subscription>> Subscribe(uint64_t from_position,
                                                                  EventHandler handler) = 0;

  // Reads one key of a projection; nullopt if absent. NOT_FOUND if no
  // projection of that name is registered.
  virtual absl::StatusOr<std::optional<std::string>> ReadProjection(absl::string_view projection,
                                                                    absl::string_view key) = 0;

  // Keys of a projection that start with `prefix` and sort after
  // `start_after` (empty: from the first), at most `limit`, in key order.
  virtual absl::StatusOr<std::vector<ProjectionEntry>> ScanProjection(absl::string_view projection,
                                                                      absl::string_view prefix,
                                                                      absl::string_view start_after,
                                                                      size_t limit) = 0;

  // Writes a consistent, openable copy of the whole store into `directory`,
  // which must not exist yet, while the store keeps serving.
  virtual absl::Status CreateCheckpoint(const std::string& directory) = 0;

  // --- Wrapped data keys (see AppendRequest::key_writes) ---------------------

  // The wrapped key stored under `key_id`, as committed; nullopt if it was
  // never written or has been destroyed. INVALID_ARGUMENT for a malformed id.
  virtual absl::StatusOr<std::optional<std::string>> ReadKey(absl::string_view key_id) = 0;

  // Deletes the key `key_id`, durably: returns OK only once the deletion is
  // in the WAL, synced as every append is (per the store's durability). OK
  // also when the key is absent, so an interrupted erasure can simply be
  // repeated. INVALID_ARGUMENT for a malformed id. From then on ReadKey
  // returns nullopt, and a later append may create the id afresh.
  //
  // Logically gone is not physically gone: like any deleted value in an LSM
  // store, the bytes may remain in older table (SST) files and in WAL files
  // until those are compacted away or retired. CompactKeys makes that happen.
  // Copies made earlier (checkpoints, backups) keep the key until they are
  // themselves deleted.
  virtual absl::Status DestroyKey(absl::string_view key_id) = 0;

  // Physically removes every key destroyed before the call: when it returns
  // OK, no file of the store (table files and WAL alike) holds the bytes of
  // such a key any more. It flushes the in-memory writes of the store to
  // table files, so that the WAL files that held the keys are retired and
  // deleted, then compacts the keys' table files so that no value of a
  // destroyed key survives. Costs a flush and a rewrite of the keys; meant
  // for erasure, e.g. after a batch of DestroyKey calls, not per append. It
  // compacts the projections' table files the same way, so that what a
  // projection overwrote or deleted on an erasure (the flow ledger's flags
  // of the participant's cases) is gone too. The store keeps serving
  // meanwhile. It does not reach copies (checkpoints,
  // backups), nor disk blocks the file system freed but has not overwritten.
  virtual absl::Status CompactKeys() = 0;

  // --- The audit log ------------------------------------------------------------
  //
  // An append-only, hash-chained log of who read or exported personal data
  // (see storage/audit_chain.h): the services record there, storage never
  // interprets the payloads, and AuditChainVerifier checks what ReadAudit
  // and ReadAuditHead return. Independent of the event log: no positions,
  // no projections, no subscriptions.

  // Appends one link per payload, in order, as consecutive sequences chained
  // onto the newest link, and moves the head to the last of them, all in one
  // atomic write: returns OK only after it is in the WAL, synced as every
  // append is (per the store's durability). Concurrent callers are put in
  // one total order without gaps. Not idempotent: after an UNAVAILABLE the
  // links may be there, and a retry records them again (twice recorded
  // beats not recorded). Errors, after which nothing was written unless
  // said:
  //   INVALID_ARGUMENT  no payloads, more than kMaxAuditPayloads, or an
  //                     empty payload or one over kMaxAuditPayloadBytes.
  //   DATA_LOSS         the stored head is damaged or behind the newest
  //                     link; nothing is chained onto a broken log (verify
  //                     it to see what happened).
  //   UNAVAILABLE / RESOURCE_EXHAUSTED  as for Append: the disk refused the
  //                     write, whether it happened is unknown.
  virtual absl::StatusOr<AuditAppendResult> AppendAudit(std::vector<std::string> payloads) = 0;

  // Committed links with sequence >= from_sequence (0 reads from the first),
  // at most `max_links`, in ascending order, as stored: a link is returned
  // even when it was tampered with, so that the verifier can say what is
  // wrong. A link's sequence is where it is in the log; a record that no
  // longer decodes is returned as its raw bytes in `payload` with empty
  // hashes (the verifier reports it as altered).
  virtual absl::StatusOr<std::vector<AuditLink>> ReadAudit(uint64_t from_sequence,
                                                           size_t max_links) = 0;

  // The committed head: sequence 0 and AuditGenesisHash() when the log is
  // empty. A head record that no longer decodes is returned as sequence 0
  // with an empty hash (the verifier reports the head altered).
  virtual absl::StatusOr<AuditHead> ReadAuditHead() = 0;
};

// Limits of AppendAudit: one call records one service operation, and a
// payload is a serialized audit record, not a document.
inline constexpr size_t kMaxAuditPayloads = 10'000;
inline constexpr size_t kMaxAuditPayloadBytes = 1 << 20;

// INVALID_ARGUMENT unless `payloads` is a valid argument of AppendAudit.
absl::Status ValidateAuditPayloads(const std::vector<std::string>& payloads);

// The current version carried by an ABORTED status from Append, if any.
std::optional<uint64_t> CurrentVersionOf(const absl::Status& status);

// Makes the ABORTED status Append returns on a version conflict.
absl::Status VersionConflict(absl::string_view stream, uint64_t current_version,
                             uint64_t expected_version);

// INVALID_ARGUMENT unless `stream` is a valid stream name.
absl::Status ValidateStreamName(absl::string_view stream);

// INVALID_ARGUMENT unless `key_id` is a valid key id.
absl::Status ValidateKeyId(absl::string_view key_id);

// INVALID_ARGUMENT unless `name` is a valid projection name.
absl::Status ValidateProjectionName(absl::string_view name);

// INVALID_ARGUMENT unless the arguments of LookupRequest are well formed.
absl::Status ValidateRequestLookup(absl::string_view request_id,
                                   absl::string_view request_fingerprint);

// INVALID_ARGUMENT unless the request is well formed (see Append).
absl::Status ValidateAppendRequest(const AppendRequest& request);

}  // namespace torg::storage

#endif  // TORG_STORAGE_EVENT_STORE_H_
