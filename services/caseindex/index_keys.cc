#include "services/caseindex/index_keys.h"

#include <algorithm>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "services/casefile/case_state.h"
#include "services/common/ordered_key.h"

namespace torg::caseindex::keys {

namespace {

// "hash/" held lookup hashes before they moved to the key store, where
// erasure can destroy them; the tag is not reused.
constexpr absl::string_view kParticipantTag = "participant/";
constexpr absl::string_view kCaseTag = "case/";
constexpr absl::string_view kOpenCaseTag = "open-case/";
constexpr absl::string_view kParticipantCasesTag = "participant-cases/";
constexpr absl::string_view kPlatformCasesTag = "platform-cases/";
constexpr absl::string_view kPlatformStatusCasesTag = "platform-status-cases/";
constexpr absl::string_view kOwnerCasesTag = "owner-cases/";
constexpr absl::string_view kOwnerStatusCasesTag = "owner-status-cases/";
constexpr absl::string_view kHandoversInPlatformTag = "handovers-in-platform/";
constexpr absl::string_view kHandoversInPartyTag = "handovers-in-party/";
constexpr absl::string_view kHandoversOutPlatformTag = "handovers-out-platform/";
constexpr absl::string_view kHandoversOutPartyTag = "handovers-out-party/";
constexpr absl::string_view kDeviationsTag = "deviations/";
constexpr absl::string_view kPlatformDeviationsTag = "platform-deviations/";
constexpr absl::string_view kFollowUpsTag = "follow-ups/";
constexpr absl::string_view kPlatformFollowUpsTag = "platform-follow-ups/";
constexpr absl::string_view kParticipantRetentionTag = "participant-retention/";
constexpr absl::string_view kRetentionDueTag = "retention-due/";
constexpr absl::string_view kErasurePendingTag = "erasure-pending/";
constexpr absl::string_view kGallringTag = "gallring/";

std::string Tagged(absl::string_view tag, absl::string_view id) {
  std::string key(tag);
  common::AppendOrderedId(id, key);
  return key;
}

std::string WithNumber(std::string prefix, int number) {
  common::AppendTwoDigits(number, prefix);
  return prefix;
}

// The day of a stored date; the projection only stores real dates.
absl::CivilDay DayOf(const v1::Date& date) {
  return casefile::ToCivilDay(date).value_or(absl::CivilDay(0, 1, 1));
}

std::string CaseEntry(std::string prefix, absl::CivilDay day, absl::string_view case_id) {
  common::AppendOrderedDay(day, prefix);
  common::AppendOrderedId(case_id, prefix);
  return prefix;
}

// A record without a status has seen no referral: it is in no list.
bool HasReferral(const v1::CaseRecord& record) {
  return record.status() != v1::CASE_RECORD_STATUS_UNSPECIFIED;
}

}  // namespace

bool EncodableDay(absl::CivilDay day) { return common::OrderedDayEncodable(day); }

std::string ParticipantFactsKey(absl::string_view participant_id) {
  return Tagged(kParticipantTag, participant_id);
}

std::string CaseRecordKey(absl::string_view case_id) { return Tagged(kCaseTag, case_id); }

std::string ParticipantCasesPrefix(absl::string_view participant_id) {
  return Tagged(kParticipantCasesTag, participant_id);
}

std::string PlatformCasesPrefix(absl::string_view platform_id) {
  return Tagged(kPlatformCasesTag, platform_id);
}

std::string PlatformStatusCasesPrefix(absl::string_view platform_id, v1::CaseRecordStatus status) {
  return WithNumber(Tagged(kPlatformStatusCasesTag, platform_id), status);
}

std::string OwnerCasesPrefix(absl::string_view owner_user_id) {
  return Tagged(kOwnerCasesTag, owner_user_id);
}

std::string OwnerStatusCasesPrefix(absl::string_view owner_user_id, v1::CaseRecordStatus status) {
  return WithNumber(Tagged(kOwnerStatusCasesTag, owner_user_id), status);
}

std::string HandoversPrefix(HandoverList list, absl::string_view id) {
  switch (list) {
    case HandoverList::kIncomingPlatform:
      return Tagged(kHandoversInPlatformTag, id);
    case HandoverList::kIncomingParty:
      return Tagged(kHandoversInPartyTag, id);
    case HandoverList::kOutgoingPlatform:
      return Tagged(kHandoversOutPlatformTag, id);
    case HandoverList::kOutgoingParty:
      return Tagged(kHandoversOutPartyTag, id);
  }
  return Tagged(kHandoversOutPartyTag, id);
}

std::string DeviationsPrefix() { return std::string(kDeviationsTag); }

std::string PlatformDeviationsPrefix(absl::string_view platform_id) {
  return Tagged(kPlatformDeviationsTag, platform_id);
}

std::string FollowUpsPrefix() { return std::string(kFollowUpsTag); }

std::string PlatformFollowUpsPrefix(absl::string_view platform_id) {
  return Tagged(kPlatformFollowUpsTag, platform_id);
}

std::set<std::string> CaseIndexKeys(const v1::CaseRecord& record) {
  std::set<std::string> keys;
  if (!HasReferral(record)) return keys;
  const std::string& case_id = record.case_id();
  const absl::CivilDay referral = DayOf(record.referral_date());

  keys.insert(CaseEntry(ParticipantCasesPrefix(record.participant_id()), referral, case_id));
  keys.insert(CaseEntry(PlatformCasesPrefix(record.platform_id()), referral, case_id));
  keys.insert(CaseEntry(PlatformStatusCasesPrefix(record.platform_id(), record.status()), referral,
                        case_id));
  const std::string& owner = record.owner().owner_user_id();
  if (!owner.empty()) {
    keys.insert(CaseEntry(OwnerCasesPrefix(owner), referral, case_id));
    keys.insert(CaseEntry(OwnerStatusCasesPrefix(owner, record.status()), referral, case_id));
  }

  if (record.has_pending_handover()) {
    const v1::PendingHandoverRecord& handover = record.pending_handover();
    const absl::CivilDay proposed = DayOf(handover.proposed_on());
    if (handover.kind() == v1::HANDOVER_KIND_PLATFORM) {
      if (!handover.target_platform_id().empty()) {
        keys.insert(CaseEntry(
            HandoversPrefix(HandoverList::kIncomingPlatform, handover.target_platform_id()),
            proposed, case_id));
      }
    } else if (!handover.target_party_id().empty()) {
      keys.insert(
          CaseEntry(HandoversPrefix(HandoverList::kIncomingParty, handover.target_party_id()),
                    proposed, case_id));
    }
    keys.insert(CaseEntry(HandoversPrefix(HandoverList::kOutgoingPlatform, record.platform_id()),
                          proposed, case_id));
    if (!handover.from_party_id().empty()) {
      keys.insert(CaseEntry(HandoversPrefix(HandoverList::kOutgoingParty, handover.from_party_id()),
                            proposed, case_id));
    }
  }

  for (const v1::OpenDeviationRecord& deviation : record.open_deviations()) {
    const absl::CivilDay opened = DayOf(deviation.opened_on());
    std::string all = CaseEntry(DeviationsPrefix(), opened, case_id);
    common::AppendOrderedId(deviation.deviation_id(), all);
    keys.insert(std::move(all));
    std::string on_platform =
        CaseEntry(PlatformDeviationsPrefix(record.platform_id()), opened, case_id);
    common::AppendOrderedId(deviation.deviation_id(), on_platform);
    keys.insert(std::move(on_platform));
  }

  if (record.status() == v1::CASE_RECORD_STATUS_CLOSED && record.has_closed_on()) {
    const absl::CivilDay closed = DayOf(record.closed_on());
    for (v1::FollowUpPoint point : {v1::FOLLOW_UP_POINT_3_MONTHS, v1::FOLLOW_UP_POINT_6_MONTHS,
                                    v1::FOLLOW_UP_POINT_12_MONTHS}) {
      bool recorded = false;
      for (int done : record.follow_ups_recorded()) recorded = recorded || done == point;
      if (recorded) continue;
      const absl::CivilDay due = casefile::FollowUpDueDate(closed, point);
      std::string all = CaseEntry(FollowUpsPrefix(), due, case_id);
      common::AppendTwoDigits(point, all);
      keys.insert(std::move(all));
      std::string on_platform =
          CaseEntry(PlatformFollowUpsPrefix(record.platform_id()), due, case_id);
      common::AppendTwoDigits(point, on_platform);
      keys.insert(std::move(on_platform));
    }
  }
  return keys;
}

std::string ParticipantRetentionKey(absl::string_view participant_id) {
  return Tagged(kParticipantRetentionTag, participant_id);
}

std::string RetentionDuePrefix() { return std::string(kRetentionDueTag); }

std::string ErasurePendingPrefix() { return std::string(kErasurePendingTag); }

std::string GallringPrefix(absl::CivilDay day) {
  std::string prefix(kGallringTag);
  common::AppendOrderedDay(day, prefix);
  return prefix;
}

std::set<std::string> RetentionIndexKeys(const v1::ParticipantRetentionRecord& record) {
  std::set<std::string> keys;
  const std::string& participant_id = record.participant_id();
  if (!record.erased()) {
    if (record.open_cases() == 0 && (record.has_registered_on() || record.has_last_ended_on())) {
      absl::CivilDay reference = DayOf(record.registered_on());
      if (record.has_last_ended_on()) {
        const absl::CivilDay ended = DayOf(record.last_ended_on());
        reference = record.has_registered_on() ? std::max(reference, ended) : ended;
      }
      keys.insert(CaseEntry(RetentionDuePrefix(), reference, participant_id));
    }
    return keys;
  }
  if (!record.erasure_completed()) keys.insert(Tagged(kErasurePendingTag, participant_id));
  if (record.erasure_reason() == v1::ERASURE_REASON_RETENTION && record.has_erased_on()) {
    std::string key = GallringPrefix(DayOf(record.erased_on()));
    common::AppendOrderedId(participant_id, key);
    keys.insert(std::move(key));
  }
  return keys;
}

std::optional<ParticipantEntry> ParseRetentionDueEntry(absl::string_view key) {
  std::optional<ListEntry> entry = ParseListEntry(key, kRetentionDueTag, EntryShape::kCase);
  if (!entry.has_value()) return std::nullopt;
  return ParticipantEntry{entry->day, std::move(entry->case_id)};
}

std::optional<std::string> ParseParticipantIdEntry(absl::string_view key,
                                                   absl::string_view prefix) {
  if (!absl::StartsWith(key, prefix)) return std::nullopt;
  absl::string_view rest = key.substr(prefix.size());
  std::optional<std::string> id = common::ReadOrderedId(rest);
  if (!id.has_value() || !rest.empty()) return std::nullopt;
  return id;
}

std::optional<ListEntry> ParseListEntry(absl::string_view key, absl::string_view prefix,
                                        EntryShape shape) {
  if (!absl::StartsWith(key, prefix)) return std::nullopt;
  absl::string_view rest = key.substr(prefix.size());
  ListEntry entry;
  std::optional<absl::CivilDay> day = common::ReadOrderedDay(rest);
  if (!day.has_value()) return std::nullopt;
  entry.day = *day;
  std::optional<std::string> case_id = common::ReadOrderedId(rest);
  if (!case_id.has_value()) return std::nullopt;
  entry.case_id = std::move(*case_id);
  switch (shape) {
    case EntryShape::kCase:
      break;
    case EntryShape::kDeviation: {
      std::optional<std::string> deviation_id = common::ReadOrderedId(rest);
      if (!deviation_id.has_value()) return std::nullopt;
      entry.deviation_id = std::move(*deviation_id);
      break;
    }
    case EntryShape::kFollowUp: {
      std::optional<int> point = common::ReadTwoDigits(rest);
      if (!point.has_value() || !v1::FollowUpPoint_IsValid(*point)) return std::nullopt;
      entry.point = static_cast<v1::FollowUpPoint>(*point);
      break;
    }
  }
  if (!rest.empty()) return std::nullopt;
  return entry;
}

std::string ListBinding(absl::string_view prefix,
                        std::initializer_list<absl::string_view> filters) {
  std::string binding;
  common::AppendOrderedId(prefix, binding);
  for (absl::string_view filter : filters) common::AppendOrderedId(filter, binding);
  return binding;
}

std::string EncodePageToken(absl::string_view binding, absl::string_view last_key) {
  std::string payload;
  common::AppendOrderedId(binding, payload);
  payload.append(last_key.data(), last_key.size());
  return absl::WebSafeBase64Escape(payload);
}

std::optional<std::string> DecodePageToken(absl::string_view token, absl::string_view binding,
                                           absl::string_view prefix) {
  std::string payload;
  if (!absl::WebSafeBase64Unescape(token, &payload)) return std::nullopt;
  absl::string_view rest = payload;
  std::optional<std::string> token_binding = common::ReadOrderedId(rest);
  if (!token_binding.has_value() || *token_binding != binding) return std::nullopt;
  if (rest.size() <= prefix.size() || !absl::StartsWith(rest, prefix)) return std::nullopt;
  return std::string(rest);
}

std::optional<std::string> OpenCaseClaim(const v1::CaseRecord& record) {
  switch (record.status()) {
    case v1::CASE_RECORD_STATUS_REFERRED:
    case v1::CASE_RECORD_STATUS_ENROLLED:
    case v1::CASE_RECORD_STATUS_ASSESSING:
    case v1::CASE_RECORD_STATUS_COORDINATING: {
      std::string key = Tagged(kOpenCaseTag, record.participant_id());
      common::AppendOrderedId(record.platform_id(), key);
      return key;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace torg::caseindex::keys
