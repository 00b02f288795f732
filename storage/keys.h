#ifndef TORG_STORAGE_KEYS_H_
#define TORG_STORAGE_KEYS_H_

// Every key the store writes is made and parsed here, nowhere else.
//
// Integers are fixed 8-byte big-endian, so byte order equals numeric order
// and RocksDB's default comparator sorts them correctly.
//
//   family         key                                   value
//   default        "format"                              kFormatVersion as decimal text
//   events         position                              torg.storage.v1.EventRecord
//   stream_index   stream 0x00 version                   position
//   stream_heads   stream                                version
//   idempotency    request id                            torg.storage.v1.AppendOutcome
//   projections    projection name 0x00 projection key   the projection's value
//                  0x01 projection name                  its progress (projection_catch_up.h)
//   sealed_keys    key id                                the wrapped key, opaque bytes
//   audit_log      'L' sequence                          torg.storage.v1.AuditLink
//                  'H'                                   torg.storage.v1.AuditHead
//
// Stream and projection names never contain 0x00 (see event_store.h), so the
// 0x00 separator makes each name's range a clean prefix: "case-1" 0x00 … can
// never collide with "case-10" 0x00 …. Key ids follow the stream-name rule;
// a sealed_keys key is the id itself, and its value is stored as given.
// In audit_log a one-byte tag keeps the head apart from the links, and
// every link key is the tag and 8 bytes, so the links form one range in
// sequence order.

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace torg::storage::keys {

// The on-disk format this code writes. Opening a store whose marker is
// higher is refused: it was written by a newer Torg.
inline constexpr uint64_t kFormatVersion = 1;
inline constexpr absl::string_view kFormatMarkerKey = "format";

// 8-byte big-endian encoding of an integer, and its inverse (nullopt unless
// `bytes` is exactly 8 bytes).
std::string EncodeUint64(uint64_t value);
std::optional<uint64_t> DecodeUint64(absl::string_view bytes);

// events
std::string EventKey(uint64_t position);
std::optional<uint64_t> PositionFromEventKey(absl::string_view key);

// stream_index
std::string StreamIndexKey(absl::string_view stream, uint64_t version);
// The prefix shared by every stream_index key of `stream`.
std::string StreamIndexPrefix(absl::string_view stream);

// stream_heads
std::string StreamHeadKey(absl::string_view stream);

// idempotency
std::string IdempotencyKey(absl::string_view request_id);

// projections
std::string ProjectionKey(absl::string_view projection, absl::string_view key);
// The prefix shared by every key of `projection`.
std::string ProjectionPrefix(absl::string_view projection);
// The smallest key past every key of `projection`: [ProjectionPrefix,
// ProjectionPrefixEnd) is exactly its keys, for a range delete.
std::string ProjectionPrefixEnd(absl::string_view projection);
// How far `projection` has been brought up to the log (projection_catch_up.h).
// Starts with a byte no projection name can start with, so it is outside
// every projection's keys.
std::string ProjectionProgressKey(absl::string_view projection);

// sealed_keys
std::string SealedKeyKey(absl::string_view key_id);

// audit_log
std::string AuditLinkKey(uint64_t sequence);
// The prefix shared by every link key (and by no other key).
std::string AuditLinkPrefix();
// The sequence of a link key; nullopt for any other key.
std::optional<uint64_t> SequenceFromAuditLinkKey(absl::string_view key);
std::string AuditHeadKey();

}  // namespace torg::storage::keys

#endif  // TORG_STORAGE_KEYS_H_
