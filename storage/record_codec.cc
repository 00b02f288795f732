#include "storage/record_codec.h"

#include <openssl/evp.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "storage/keys.h"

namespace torg::storage {
namespace {

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  google::protobuf::Timestamp out;
  const int64_t nanos = absl::ToUnixNanos(time);
  out.set_seconds(nanos / 1'000'000'000);
  out.set_nanos(static_cast<int32_t>(nanos % 1'000'000'000));
  return out;
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

struct DigestContextDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

class Sha256 {
 public:
  Sha256() : context_(EVP_MD_CTX_new()) {
    EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr);
  }
  // Length-prefixed, so that ("ab","c") and ("a","bc") differ.
  void AddField(absl::string_view bytes) {
    AddRaw(keys::EncodeUint64(bytes.size()));
    AddRaw(bytes);
  }
  void AddNumber(uint64_t value) { AddRaw(keys::EncodeUint64(value)); }
  std::string Finish() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(context_.get(), digest, &length);
    return std::string(reinterpret_cast<const char*>(digest), length);
  }

 private:
  void AddRaw(absl::string_view bytes) {
    EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size());
  }
  std::unique_ptr<EVP_MD_CTX, DigestContextDeleter> context_;
};

}  // namespace

std::string EncodeEventRecord(const RecordedEvent& event) {
  torg::storage::v1::EventRecord record;
  record.set_stream(event.stream);
  record.set_version(event.version);
  record.set_type(event.type);
  record.set_data(event.data);
  record.set_metadata(event.metadata);
  *record.mutable_recorded_at() = ToTimestamp(event.recorded_at);
  record.set_request_id(event.request_id);
  return record.SerializeAsString();
}

absl::StatusOr<RecordedEvent> DecodeEventRecord(uint64_t position, absl::string_view bytes) {
  torg::storage::v1::EventRecord record;
  if (!record.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(
        absl::StrCat("storage: event at position ", position, " does not decode"));
  }
  RecordedEvent event;
  event.position = position;
  event.stream = std::move(*record.mutable_stream());
  event.version = record.version();
  event.type = std::move(*record.mutable_type());
  event.data = std::move(*record.mutable_data());
  event.metadata = std::move(*record.mutable_metadata());
  event.recorded_at = FromTimestamp(record.recorded_at());
  event.request_id = std::move(*record.mutable_request_id());
  return event;
}

std::string EncodeAppendOutcome(const AppendResult& result, absl::string_view fingerprint) {
  torg::storage::v1::AppendOutcome outcome;
  outcome.set_first_position(result.first_position);
  outcome.set_last_position(result.last_position);
  for (uint64_t version : result.stream_versions) outcome.add_stream_versions(version);
  outcome.set_request_fingerprint(std::string(fingerprint));
  *outcome.mutable_recorded_at() = ToTimestamp(result.recorded_at);
  return outcome.SerializeAsString();
}

absl::StatusOr<torg::storage::v1::AppendOutcome> DecodeAppendOutcome(absl::string_view bytes) {
  torg::storage::v1::AppendOutcome outcome;
  if (!outcome.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError("storage: an idempotency record does not decode");
  }
  return outcome;
}

AppendResult ReplayedResult(const torg::storage::v1::AppendOutcome& outcome) {
  AppendResult result;
  result.first_position = outcome.first_position();
  result.last_position = outcome.last_position();
  result.stream_versions.assign(outcome.stream_versions().begin(), outcome.stream_versions().end());
  result.recorded_at = FromTimestamp(outcome.recorded_at());
  result.replayed = true;
  return result;
}

std::string EncodeAuditLink(const AuditLink& link) {
  torg::storage::v1::AuditLink record;
  record.set_sequence(link.sequence);
  record.set_previous_hash(link.previous_hash);
  record.set_payload(link.payload);
  record.set_hash(link.hash);
  record.set_recorded_at_micros(absl::ToUnixMicros(link.recorded_at));
  return record.SerializeAsString();
}

AuditLink DecodeAuditLink(uint64_t sequence, absl::string_view bytes) {
  AuditLink link;
  link.sequence = sequence;
  torg::storage::v1::AuditLink record;
  if (!record.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    link.payload = std::string(bytes);
    return link;
  }
  link.previous_hash = std::move(*record.mutable_previous_hash());
  link.payload = std::move(*record.mutable_payload());
  link.hash = std::move(*record.mutable_hash());
  link.recorded_at = absl::FromUnixMicros(record.recorded_at_micros());
  return link;
}

std::string EncodeAuditHead(const AuditHead& head) {
  torg::storage::v1::AuditHead record;
  record.set_last_sequence(head.last_sequence);
  record.set_last_hash(head.last_hash);
  return record.SerializeAsString();
}

absl::StatusOr<AuditHead> DecodeAuditHead(absl::string_view bytes) {
  torg::storage::v1::AuditHead record;
  if (!record.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError("storage: the audit log's head does not decode");
  }
  return AuditHead{record.last_sequence(), std::move(*record.mutable_last_hash())};
}

std::string RequestFingerprint(const AppendRequest& request) {
  Sha256 digest;
  if (!request.request_fingerprint.empty()) {
    // Domain-separated from the digest of writes below, so an explicit
    // fingerprint can never equal a computed one by accident.
    digest.AddField("explicit");
    digest.AddField(request.request_fingerprint);
    return digest.Finish();
  }
  digest.AddNumber(request.writes.size());
  for (const StreamWrite& write : request.writes) {
    digest.AddField(write.stream);
    digest.AddNumber(write.expected_version.has_value() ? 1 : 0);
    digest.AddNumber(write.expected_version.value_or(0));
    digest.AddNumber(write.events.size());
    for (const NewEvent& event : write.events) {
      digest.AddField(event.type);
      digest.AddField(event.data);
      digest.AddField(event.metadata);
    }
  }
  // Only when there are conditions, for the same reason as key writes below.
  if (!request.stream_conditions.empty()) {
    digest.AddField("stream_conditions");
    digest.AddNumber(request.stream_conditions.size());
    for (const StreamCondition& condition : request.stream_conditions) {
      digest.AddField(condition.stream);
      digest.AddNumber(condition.expected_version);
    }
  }
  // Only when there are key writes, so that the digest of a request without
  // any is what it was before key writes existed: a retry of a request
  // committed by an older Torg still replays.
  if (!request.key_writes.empty()) {
    digest.AddField("key_writes");
    digest.AddNumber(request.key_writes.size());
    for (const KeyWrite& key : request.key_writes) {
      digest.AddField(key.key_id);
      digest.AddField(key.wrapped_key);
    }
  }
  return digest.Finish();
}

}  // namespace torg::storage
