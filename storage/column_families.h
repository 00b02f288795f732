#ifndef TORG_STORAGE_COLUMN_FAMILIES_H_
#define TORG_STORAGE_COLUMN_FAMILIES_H_

// The column families of the store: one fixed, ordered list. A new family
// is added at the end, never inserted or renamed, because the names are on
// disk and the indexes are used as array positions. A store written before a
// family was added still opens: the missing family is created empty
// (rocks_database.cc). A family on disk that is not in this list is refused.

#include <array>
#include <cstddef>

#include "absl/strings/string_view.h"

namespace torg::storage {

enum class ColumnFamily : size_t {
  // RocksDB's own default family. Holds only the store's format marker.
  kDefault = 0,
  // Every event, keyed by global position. See keys.h.
  kEvents,
  // (stream, version) -> global position: reading one stream in order.
  kStreamIndex,
  // stream -> current version: optimistic concurrency checks.
  kStreamHeads,
  // request id -> the append's outcome: idempotent retries.
  kIdempotency,
  // (projection name, key) -> value: the read models.
  kProjections,
  // key id -> wrapped data key: written with an append, deleted to erase
  // (crypto-shredding). Opaque bytes; storage never interprets them.
  kSealedKeys,
  // sequence -> audit link, and the audit log's head: the hash-chained
  // record of reads and exports of personal data. Only ever appended to.
  kAuditLog,
};

inline constexpr size_t kColumnFamilyCount = 8;

inline constexpr std::array<absl::string_view, kColumnFamilyCount> kColumnFamilyNames = {
    "default",     "events",      "stream_index", "stream_heads",
    "idempotency", "projections", "sealed_keys",  "audit_log",
};

constexpr size_t Index(ColumnFamily family) { return static_cast<size_t>(family); }

constexpr absl::string_view NameOf(ColumnFamily family) {
  return kColumnFamilyNames[Index(family)];
}

}  // namespace torg::storage

#endif  // TORG_STORAGE_COLUMN_FAMILIES_H_
