#ifndef TORG_STORAGE_RECORD_CODEC_H_
#define TORG_STORAGE_RECORD_CODEC_H_

// Conversions between the store's public structs and their on-disk records
// (proto/torg/storage/v1/records.proto).

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/event_store.h"
#include "torg/storage/v1/records.pb.h"

namespace torg::storage {

std::string EncodeEventRecord(const RecordedEvent& event);
// DATA_LOSS if `bytes` is not a valid record.
absl::StatusOr<RecordedEvent> DecodeEventRecord(uint64_t position, absl::string_view bytes);

std::string EncodeAppendOutcome(const AppendResult& result, absl::string_view fingerprint);
// DATA_LOSS if `bytes` is not a valid record.
absl::StatusOr<torg::storage::v1::AppendOutcome> DecodeAppendOutcome(absl::string_view bytes);
// The AppendResult a retry returns: the stored one, marked as replayed.
AppendResult ReplayedResult(const torg::storage::v1::AppendOutcome& outcome);

std::string EncodeAuditLink(const AuditLink& link);
// The link stored under the key of `sequence`. Never fails: a tampered log
// must stay readable for the verifier, so a record that does not decode
// comes back with its raw bytes as the payload and empty hashes, which no
// verifier accepts. The sequence is the key's, never the record's, so a
// record moved to another key fails its hash.
AuditLink DecodeAuditLink(uint64_t sequence, absl::string_view bytes);

std::string EncodeAuditHead(const AuditHead& head);
// DATA_LOSS if `bytes` is not a valid record.
absl::StatusOr<AuditHead> DecodeAuditHead(absl::string_view bytes);

// What identifies the content of `request` for idempotency: its explicit
// request_fingerprint when given, else a SHA-256 digest of its streams,
// expected versions, events, stream conditions and key writes. Independent
// of the request id.
std::string RequestFingerprint(const AppendRequest& request);

}  // namespace torg::storage

#endif  // TORG_STORAGE_RECORD_CODEC_H_
