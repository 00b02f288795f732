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

// What identifies the content of `request` for idempotency: its explicit
// request_fingerprint when given, else a SHA-256 digest of its streams,
// expected versions, events and key writes. Independent of the request id.
std::string RequestFingerprint(const AppendRequest& request);

}  // namespace torg::storage

#endif  // TORG_STORAGE_RECORD_CODEC_H_
