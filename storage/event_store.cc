#include "storage/event_store.h"

#include <set>

#include "absl/strings/cord.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"

namespace torg::storage {
namespace {

// The payload type URL under which a version conflict carries the stream's
// current version, so adapters can return it without parsing the message.
constexpr absl::string_view kCurrentVersionPayload = "type.torg.se/torg.storage.CurrentVersion";

// Stream names and key ids share one rule.
constexpr size_t kMaxStreamNameLength = 200;
constexpr size_t kMaxRequestIdLength = 200;
constexpr size_t kMaxProjectionNameLength = 64;
constexpr size_t kMaxTypeLength = 200;
// A digest, not the request itself: SHA-512 in hex is 128 characters.
constexpr size_t kMaxFingerprintLength = 128;

bool IsStreamNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == ':' || c == '-';
}

bool IsProjectionNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

// A stream name or key id; `what` says which, for the message.
absl::Status ValidateName(absl::string_view what, absl::string_view name) {
  if (name.empty() || name.size() > kMaxStreamNameLength) {
    return absl::InvalidArgumentError(absl::StrCat(what, " must be 1 to ", kMaxStreamNameLength,
                                                   " characters, got ", name.size()));
  }
  for (char c : name) {
    if (!IsStreamNameChar(c)) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, " may contain only A-Z, a-z, 0-9 and . _ : -, got \"",
                       absl::CHexEscape(name), "\""));
    }
  }
  return absl::OkStatus();
}

}  // namespace

AppendRequest AppendRequest::ToStream(std::string request_id, std::string stream,
                                      std::optional<uint64_t> expected_version,
                                      std::vector<NewEvent> events) {
  AppendRequest request;
  request.request_id = std::move(request_id);
  request.writes.push_back(StreamWrite{std::move(stream), expected_version, std::move(events)});
  return request;
}

absl::Status VersionConflict(absl::string_view stream, uint64_t current_version,
                             uint64_t expected_version) {
  absl::Status status = absl::AbortedError(
      absl::StrCat("stream ", stream, " is at version ", current_version, ", not the expected ",
                   expected_version, "; reload it and decide again"));
  status.SetPayload(kCurrentVersionPayload, absl::Cord(absl::StrCat(current_version)));
  return status;
}

std::optional<uint64_t> CurrentVersionOf(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kAborted) return std::nullopt;
  absl::optional<absl::Cord> payload = status.GetPayload(kCurrentVersionPayload);
  uint64_t version = 0;
  if (!payload.has_value() || !absl::SimpleAtoi(std::string(*payload), &version)) {
    return std::nullopt;
  }
  return version;
}

absl::Status ValidateStreamName(absl::string_view stream) {
  return ValidateName("stream name", stream);
}

absl::Status ValidateKeyId(absl::string_view key_id) { return ValidateName("key id", key_id); }

absl::Status ValidateProjectionName(absl::string_view name) {
  if (name.empty() || name.size() > kMaxProjectionNameLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("projection name must be 1 to ", kMaxProjectionNameLength, " characters"));
  }
  for (char c : name) {
    if (!IsProjectionNameChar(c)) {
      return absl::InvalidArgumentError(
          absl::StrCat("projection name may contain only a-z, 0-9 and . _ -, got \"",
                       absl::CHexEscape(name), "\""));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateRequestLookup(absl::string_view request_id,
                                   absl::string_view request_fingerprint) {
  if (request_id.empty() || request_id.size() > kMaxRequestIdLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("request_id must be 1 to ", kMaxRequestIdLength, " bytes"));
  }
  if (request_fingerprint.empty() || request_fingerprint.size() > kMaxFingerprintLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("a request lookup needs the request's fingerprint, a digest of 1 to ",
                     kMaxFingerprintLength, " bytes"));
  }
  return absl::OkStatus();
}

absl::Status ValidateAppendRequest(const AppendRequest& request) {
  if (request.request_id.empty() || request.request_id.size() > kMaxRequestIdLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("request_id must be 1 to ", kMaxRequestIdLength, " bytes"));
  }
  if (request.request_fingerprint.size() > kMaxFingerprintLength) {
    return absl::InvalidArgumentError(absl::StrCat("request_fingerprint is a digest of at most ",
                                                   kMaxFingerprintLength, " bytes"));
  }
  if (request.writes.empty()) {
    return absl::InvalidArgumentError("an append needs at least one stream write");
  }
  std::set<absl::string_view> streams;
  for (const StreamWrite& write : request.writes) {
    if (absl::Status status = ValidateStreamName(write.stream); !status.ok()) return status;
    if (!streams.insert(write.stream).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("stream ", write.stream, " appears twice in one append"));
    }
    if (write.events.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("the write to stream ", write.stream, " has no events"));
    }
    for (const NewEvent& event : write.events) {
      if (event.type.empty() || event.type.size() > kMaxTypeLength) {
        return absl::InvalidArgumentError(absl::StrCat("every event needs a type of 1 to ",
                                                       kMaxTypeLength, " characters (stream ",
                                                       write.stream, ")"));
      }
    }
  }
  std::set<absl::string_view> conditioned;
  for (const StreamCondition& condition : request.stream_conditions) {
    if (absl::Status status = ValidateStreamName(condition.stream); !status.ok()) return status;
    if (streams.count(condition.stream) != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("stream ", condition.stream,
                       " is both written and conditioned in one append; its write's "
                       "expected_version is the condition"));
    }
    if (!conditioned.insert(condition.stream).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("stream ", condition.stream, " is conditioned twice in one append"));
    }
  }
  std::set<absl::string_view> key_ids;
  for (const KeyWrite& key : request.key_writes) {
    if (absl::Status status = ValidateKeyId(key.key_id); !status.ok()) return status;
    if (!key_ids.insert(key.key_id).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("key id ", key.key_id, " appears twice in one append"));
    }
    if (key.wrapped_key.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("the wrapped key of key id ", key.key_id, " is empty"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateAuditPayloads(const std::vector<std::string>& payloads) {
  if (payloads.empty() || payloads.size() > kMaxAuditPayloads) {
    return absl::InvalidArgumentError(absl::StrCat("an audit append takes 1 to ", kMaxAuditPayloads,
                                                   " payloads, got ", payloads.size()));
  }
  for (size_t i = 0; i < payloads.size(); ++i) {
    if (payloads[i].empty() || payloads[i].size() > kMaxAuditPayloadBytes) {
      return absl::InvalidArgumentError(absl::StrCat("audit payload ", i, " must be 1 to ",
                                                     kMaxAuditPayloadBytes, " bytes, got ",
                                                     payloads[i].size()));
    }
  }
  return absl::OkStatus();
}

}  // namespace torg::storage
