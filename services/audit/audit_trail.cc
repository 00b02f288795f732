#include "services/audit/audit_trail.h"

#include <algorithm>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "services/common/status_macros.h"
#include "storage/audit_chain.h"

namespace torg::audit {
namespace {

using google::protobuf::util::TimeUtil;

constexpr int32_t kDefaultPageSize = 100;
constexpr int32_t kMaxPageSize = 1000;
constexpr size_t kReadChunk = 1000;
constexpr absl::string_view kTokenPrefix = "audit:";

bool Names(const google::protobuf::RepeatedPtrField<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

bool Matches(const v1::QueryAuditLogRequest& request, const v1::AuditRecord& record) {
  if (!request.user_id().empty() && record.user_id() != request.user_id()) return false;
  if (!request.participant_id().empty() &&
      !Names(record.participant_ids(), request.participant_id())) {
    return false;
  }
  if (!request.case_id().empty() && !Names(record.case_ids(), request.case_id())) return false;
  if (request.has_from_time() && record.recorded_at() < request.from_time()) return false;
  if (request.has_to_time() && !(record.recorded_at() < request.to_time())) return false;
  return true;
}

absl::StatusOr<uint64_t> StartSequence(const std::string& token) {
  if (token.empty()) return 1;
  uint64_t sequence = 0;
  if (!absl::StartsWith(token, kTokenPrefix) ||
      !absl::SimpleAtoi(absl::string_view(token).substr(kTokenPrefix.size()), &sequence) ||
      sequence == 0) {
    return absl::InvalidArgumentError("page_token is not one this server gave");
  }
  return sequence;
}

absl::StatusOr<int32_t> PageSize(int32_t requested) {
  if (requested < 0 || requested > kMaxPageSize) {
    return absl::InvalidArgumentError(absl::StrCat("page_size must be from 0 (the default, ",
                                                   kDefaultPageSize, ") to ", kMaxPageSize));
  }
  return requested == 0 ? kDefaultPageSize : requested;
}

absl::StatusOr<storage::AuditHead> AnchorOf(const v1::VerifyAuditLogRequest& request) {
  storage::AuditHead anchor;
  anchor.last_sequence = request.anchor_sequence();
  if (anchor.last_sequence == 0) return anchor;
  const std::string& hex = request.anchor_hash_hex();
  const bool is_hex =
      hex.size() == 2 * storage::kAuditHashSize && std::all_of(hex.begin(), hex.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      });
  if (!is_hex) {
    return absl::InvalidArgumentError(
        "anchor_hash_hex must be the 64 lowercase hex digits a verification printed");
  }
  anchor.last_hash = absl::HexStringToBytes(hex);
  return anchor;
}

}  // namespace

AuditTrail::AuditTrail(storage::EventStore& store, std::function<absl::Time()> now)
    : store_(store), now_(std::move(now)) {}

absl::Status AuditTrail::Record(v1::AuditRecord record) const {
  // The hash covers the commit time the store stamps on the link; the
  // record carries the service's own clock for queries.
  *record.mutable_recorded_at() = TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now_()));
  std::vector<std::string> payloads;
  for (const v1::AuditRecord& part : SplitForLinks(std::move(record))) {
    if (!part.SerializeToString(&payloads.emplace_back())) {
      return absl::InternalError("the audit record does not serialize");
    }
  }
  return store_.AppendAudit(std::move(payloads)).status();
}

std::vector<v1::AuditRecord> AuditTrail::SplitForLinks(v1::AuditRecord record) {
  if (record.ByteSizeLong() <= kMaxLinkRecordBytes) return {std::move(record)};
  v1::AuditRecord header = record;
  header.clear_participant_ids();
  header.clear_case_ids();
  // Counted as it grows rather than asked of ByteSizeLong, which walks the
  // whole part each time. An id costs its bytes and at most 4 of tag and
  // length; 64 bytes are kept for the "(part i of n)" added after.
  const size_t empty_part_bytes = header.ByteSizeLong() + 64;
  std::vector<v1::AuditRecord> parts(1, header);
  size_t part_bytes = empty_part_bytes;
  const auto add = [&](const std::string& id, bool participant) {
    const bool part_has_ids =
        parts.back().participant_ids_size() + parts.back().case_ids_size() > 0;
    if (part_has_ids && part_bytes + id.size() + 4 > kMaxLinkRecordBytes) {
      parts.push_back(header);
      part_bytes = empty_part_bytes;
    }
    part_bytes += id.size() + 4;
    if (participant) {
      parts.back().add_participant_ids(id);
    } else {
      parts.back().add_case_ids(id);
    }
  };
  for (const std::string& id : record.participant_ids()) add(id, true);
  for (const std::string& id : record.case_ids()) add(id, false);
  for (size_t i = 0; i < parts.size(); ++i) {
    parts[i].set_detail(absl::StrCat(record.detail(), record.detail().empty() ? "" : " ", "(part ",
                                     i + 1, " of ", parts.size(), ")"));
  }
  return parts;
}

absl::StatusOr<v1::QueryAuditLogResponse> AuditTrail::Query(
    const v1::QueryAuditLogRequest& request) const {
  TORG_ASSIGN_OR_RETURN(const int32_t page_size, PageSize(request.page_size()));
  TORG_ASSIGN_OR_RETURN(uint64_t next, StartSequence(request.page_token()));
  v1::QueryAuditLogResponse response;
  size_t scanned = 0;
  while (response.entries_size() < page_size && scanned < kMaxScannedPerPage) {
    TORG_ASSIGN_OR_RETURN(std::vector<storage::AuditLink> links,
                          store_.ReadAudit(next, kReadChunk));
    if (links.empty()) return response;
    for (const storage::AuditLink& link : links) {
      next = link.sequence + 1;
      ++scanned;
      v1::AuditRecord record;
      // A link that no longer decodes is shown by VerifyAuditLog, not here.
      if (!record.ParseFromString(link.payload) || !Matches(request, record)) continue;
      v1::AuditEntry* entry = response.add_entries();
      entry->set_sequence(link.sequence);
      *entry->mutable_record() = std::move(record);
      if (response.entries_size() == page_size) break;
    }
  }
  TORG_ASSIGN_OR_RETURN(std::vector<storage::AuditLink> more, store_.ReadAudit(next, 1));
  if (!more.empty()) response.set_next_page_token(absl::StrCat(kTokenPrefix, next));
  return response;
}

absl::StatusOr<v1::VerifyAuditLogResponse> AuditTrail::Verify(
    const v1::VerifyAuditLogRequest& request) const {
  TORG_ASSIGN_OR_RETURN(storage::AuditHead anchor, AnchorOf(request));
  storage::AuditChainVerifier verifier;
  verifier.ExpectAnchor(anchor);
  // Walk every link there is, then compare with the head read afterwards: a
  // head lowered or removed while the store was closed then shows up, as do
  // deleted newest links. Links appended during the walk move the head on;
  // they are walked too, up to the head, so a live log verifies intact.
  uint64_t next = 1;
  bool going = true;
  auto walk = [&](uint64_t last) -> absl::Status {
    while (going && next <= last) {
      TORG_ASSIGN_OR_RETURN(std::vector<storage::AuditLink> links,
                            store_.ReadAudit(next, kReadChunk));
      if (links.empty()) return absl::OkStatus();
      for (const storage::AuditLink& link : links) {
        if (link.sequence > last) return absl::OkStatus();
        next = link.sequence + 1;
        if (!verifier.Add(link)) {
          going = false;
          break;
        }
      }
    }
    return absl::OkStatus();
  };
  TORG_RETURN_IF_ERROR(walk(std::numeric_limits<uint64_t>::max()));
  TORG_ASSIGN_OR_RETURN(storage::AuditHead head, store_.ReadAuditHead());
  TORG_RETURN_IF_ERROR(walk(head.last_sequence));
  const storage::AuditVerdict verdict = verifier.Finish(head);
  v1::VerifyAuditLogResponse response;
  response.set_intact(verdict.ok());
  response.set_entries_checked(verdict.links_checked);
  if (verdict.problem.has_value()) {
    response.set_first_broken_sequence(verdict.problem->sequence);
    response.set_problem(verdict.problem->description);
  }
  response.set_head_sequence(head.last_sequence);
  response.set_head_hash_hex(absl::BytesToHexString(head.last_hash));
  return response;
}

}  // namespace torg::audit
