#include "storage/keys.h"

#include "absl/strings/str_cat.h"

namespace torg::storage::keys {
namespace {
constexpr char kSeparator = '\0';
constexpr char kAuditLinkTag = 'L';
constexpr char kAuditHeadTag = 'H';
constexpr char kProjectionProgressTag = '\x01';
}  // namespace

std::string EncodeUint64(uint64_t value) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return out;
}

std::optional<uint64_t> DecodeUint64(absl::string_view bytes) {
  if (bytes.size() != 8) return std::nullopt;
  uint64_t value = 0;
  for (char c : bytes) value = (value << 8) | static_cast<unsigned char>(c);
  return value;
}

std::string EventKey(uint64_t position) { return EncodeUint64(position); }

std::optional<uint64_t> PositionFromEventKey(absl::string_view key) { return DecodeUint64(key); }

std::string StreamIndexPrefix(absl::string_view stream) {
  std::string prefix(stream);
  prefix.push_back(kSeparator);
  return prefix;
}

std::string StreamIndexKey(absl::string_view stream, uint64_t version) {
  return absl::StrCat(StreamIndexPrefix(stream), EncodeUint64(version));
}

std::string StreamHeadKey(absl::string_view stream) { return std::string(stream); }

std::string IdempotencyKey(absl::string_view request_id) { return std::string(request_id); }

std::string ProjectionPrefix(absl::string_view projection) {
  std::string prefix(projection);
  prefix.push_back(kSeparator);
  return prefix;
}

std::string ProjectionPrefixEnd(absl::string_view projection) {
  // The prefix ends in the separator, so the same bytes ending in the next
  // byte value follow every key under it and precede the next name's keys.
  std::string end = ProjectionPrefix(projection);
  end.back() = static_cast<char>(kSeparator + 1);
  return end;
}

std::string ProjectionKey(absl::string_view projection, absl::string_view key) {
  return absl::StrCat(ProjectionPrefix(projection), key);
}

std::string ProjectionProgressKey(absl::string_view projection) {
  return absl::StrCat(absl::string_view(&kProjectionProgressTag, 1), projection);
}

std::string SealedKeyKey(absl::string_view key_id) { return std::string(key_id); }

std::string AuditLinkPrefix() { return std::string(1, kAuditLinkTag); }

std::string AuditLinkKey(uint64_t sequence) {
  return absl::StrCat(AuditLinkPrefix(), EncodeUint64(sequence));
}

std::optional<uint64_t> SequenceFromAuditLinkKey(absl::string_view key) {
  if (key.size() != 9 || key[0] != kAuditLinkTag) return std::nullopt;
  return DecodeUint64(key.substr(1));
}

std::string AuditHeadKey() { return std::string(1, kAuditHeadTag); }

}  // namespace torg::storage::keys
