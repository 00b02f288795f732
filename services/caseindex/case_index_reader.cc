#include "services/caseindex/case_index_reader.h"

#include <algorithm>
#include <functional>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/casefile/case_state.h"
#include "services/caseindex/case_flow_projections.h"
#include "services/caseindex/index_keys.h"
#include "services/common/status_macros.h"
#include "torg/v1/case_index_records.pb.h"

namespace torg::caseindex {

namespace {

constexpr int32_t kDefaultPageSize = 100;
constexpr int32_t kMaxPageSize = 1000;
constexpr size_t kScanChunk = 1000;
constexpr int kMaxWithinDays = 366;

constexpr v1::CaseRecordStatus kOpenStatuses[] = {
    v1::CASE_RECORD_STATUS_REFERRED, v1::CASE_RECORD_STATUS_ENROLLED,
    v1::CASE_RECORD_STATUS_ASSESSING, v1::CASE_RECORD_STATUS_COORDINATING};

bool IsOpen(v1::CaseRecordStatus status) {
  return std::find(std::begin(kOpenStatuses), std::end(kOpenStatuses), status) !=
         std::end(kOpenStatuses);
}

v1::CaseStatus ToApiStatus(v1::CaseRecordStatus status) {
  switch (status) {
    case v1::CASE_RECORD_STATUS_REFERRED:
      return v1::CASE_STATUS_REFERRED;
    case v1::CASE_RECORD_STATUS_DIRECTED:
      return v1::CASE_STATUS_DIRECTED;
    case v1::CASE_RECORD_STATUS_DECLINED:
      return v1::CASE_STATUS_DECLINED;
    case v1::CASE_RECORD_STATUS_ENROLLED:
      return v1::CASE_STATUS_ENROLLED;
    case v1::CASE_RECORD_STATUS_ASSESSING:
      return v1::CASE_STATUS_ASSESSING;
    case v1::CASE_RECORD_STATUS_COORDINATING:
      return v1::CASE_STATUS_COORDINATING;
    case v1::CASE_RECORD_STATUS_CLOSED:
      return v1::CASE_STATUS_CLOSED;
    default:
      return v1::CASE_STATUS_UNSPECIFIED;
  }
}

v1::CaseRecordStatus FromApiStatus(v1::CaseStatus status) {
  switch (status) {
    case v1::CASE_STATUS_REFERRED:
      return v1::CASE_RECORD_STATUS_REFERRED;
    case v1::CASE_STATUS_DIRECTED:
      return v1::CASE_RECORD_STATUS_DIRECTED;
    case v1::CASE_STATUS_DECLINED:
      return v1::CASE_RECORD_STATUS_DECLINED;
    case v1::CASE_STATUS_ENROLLED:
      return v1::CASE_RECORD_STATUS_ENROLLED;
    case v1::CASE_STATUS_ASSESSING:
      return v1::CASE_RECORD_STATUS_ASSESSING;
    case v1::CASE_STATUS_COORDINATING:
      return v1::CASE_RECORD_STATUS_COORDINATING;
    case v1::CASE_STATUS_CLOSED:
      return v1::CASE_RECORD_STATUS_CLOSED;
    default:
      return v1::CASE_RECORD_STATUS_UNSPECIFIED;
  }
}

v1::CaseSummary ToSummary(const v1::CaseRecord& record) {
  v1::CaseSummary summary;
  summary.set_case_id(record.case_id());
  summary.set_participant_id(record.participant_id());
  summary.set_platform_id(record.platform_id());
  summary.set_status(ToApiStatus(record.status()));
  if (record.has_referral_date()) *summary.mutable_referral_date() = record.referral_date();
  if (record.has_enrolled_on()) *summary.mutable_enrolled_on() = record.enrolled_on();
  if (record.has_closed_on()) *summary.mutable_closed_on() = record.closed_on();
  if (record.has_owner()) *summary.mutable_owner() = record.owner();
  *summary.mutable_needed_party_ids() = record.needed_party_ids();
  if (record.has_pending_handover()) {
    const v1::PendingHandoverRecord& pending = record.pending_handover();
    v1::PendingHandoverView* view = summary.mutable_pending_handover();
    view->set_handover_id(pending.handover_id());
    view->set_kind(pending.kind());
    view->set_target_platform_id(pending.target_platform_id());
    view->set_target_party_id(pending.target_party_id());
    *view->mutable_proposed_on() = pending.proposed_on();
  }
  for (const v1::OpenDeviationRecord& deviation : record.open_deviations()) {
    summary.add_open_deviation_ids(deviation.deviation_id());
  }
  summary.set_outcome(record.outcome());
  summary.set_version(record.version());
  if (record.has_last_step_date()) *summary.mutable_last_step_date() = record.last_step_date();
  return summary;
}

// Whole days from `from` to `to`; 0 when `from` is not a stored date.
int32_t DaysBetween(const v1::Date& from, absl::CivilDay to) {
  const std::optional<absl::CivilDay> day = casefile::ToCivilDay(from);
  if (!day.has_value()) return 0;
  return static_cast<int32_t>(to - *day);
}

absl::StatusOr<size_t> PageSizeOf(const PageRequest& request) {
  if (request.page_size == 0) return static_cast<size_t>(kDefaultPageSize);
  if (request.page_size < 1 || request.page_size > kMaxPageSize) {
    return absl::InvalidArgumentError("page_size must be between 1 and 1000");
  }
  return static_cast<size_t>(request.page_size);
}

// What a list does with one of its entries.
enum class Verdict {
  kTake,  // The entry is an item of the page.
  kSkip,  // The entry is stale or filtered out.
  kStop,  // The list ends before this entry.
};

template <class T>
using Visitor = std::function<absl::StatusOr<Verdict>(const std::string& key, T& item)>;

// Reads one page of the list of entries under `prefix`, named `binding` for
// its page tokens: fetches entries in chunks and asks `visit` about each, up
// to one item past the page, which tells whether another page follows.
template <class T>
absl::StatusOr<Page<T>> ReadPage(storage::EventStore& store, const std::string& prefix,
                                 const std::string& binding, const PageRequest& request,
                                 const Visitor<T>& visit) {
  TORG_ASSIGN_OR_RETURN(const size_t page_size, PageSizeOf(request));
  std::string start_after;
  if (!request.page_token.empty()) {
    std::optional<std::string> key = keys::DecodePageToken(request.page_token, binding, prefix);
    if (!key.has_value())
      return absl::InvalidArgumentError("page_token is not valid for this list");
    start_after = std::move(*key);
  }
  Page<T> page;
  std::string last_taken;
  const size_t chunk = std::min(page_size + 1, kScanChunk);
  while (true) {
    TORG_ASSIGN_OR_RETURN(std::vector<storage::ProjectionEntry> entries,
                          store.ScanProjection(kCaseIndexProjection, prefix, start_after, chunk));
    for (const storage::ProjectionEntry& entry : entries) {
      T item;
      TORG_ASSIGN_OR_RETURN(const Verdict verdict, visit(entry.first, item));
      if (verdict == Verdict::kStop) return page;
      if (verdict == Verdict::kSkip) continue;
      if (page.items.size() == page_size) {
        page.next_page_token = keys::EncodePageToken(binding, last_taken);
        return page;
      }
      page.items.push_back(std::move(item));
      last_taken = entry.first;
    }
    if (entries.size() < chunk) return page;
    start_after = entries.back().first;
  }
}

// Every key under `prefix`, in key order.
absl::StatusOr<std::vector<std::string>> ScanAll(storage::EventStore& store,
                                                 const std::string& prefix) {
  std::vector<std::string> keys;
  std::string start_after;
  while (true) {
    TORG_ASSIGN_OR_RETURN(
        std::vector<storage::ProjectionEntry> entries,
        store.ScanProjection(kCaseIndexProjection, prefix, start_after, kScanChunk));
    for (storage::ProjectionEntry& entry : entries) keys.push_back(std::move(entry.first));
    if (entries.size() < kScanChunk) return keys;
    start_after = keys.back();
  }
}

absl::StatusOr<std::optional<v1::CaseRecord>> ReadCase(storage::EventStore& store,
                                                       absl::string_view case_id) {
  TORG_ASSIGN_OR_RETURN(std::optional<std::string> stored,
                        store.ReadProjection(kCaseIndexProjection, keys::CaseRecordKey(case_id)));
  if (!stored.has_value()) return std::nullopt;
  v1::CaseRecord record;
  if (!record.ParseFromString(*stored)) {
    return absl::DataLossError(absl::StrCat("the case index record of ", case_id, " is corrupt"));
  }
  return record;
}

// The case of the list entry `key` under `prefix`, if the entry is current:
// the case exists and, as it is now, still has this key. nullopt for an entry
// that went stale after it was scanned.
absl::StatusOr<std::optional<v1::CaseRecord>> CaseOfEntry(storage::EventStore& store,
                                                          const std::string& key,
                                                          const keys::ListEntry& entry) {
  TORG_ASSIGN_OR_RETURN(std::optional<v1::CaseRecord> record, ReadCase(store, entry.case_id));
  if (!record.has_value() || keys::CaseIndexKeys(*record).count(key) == 0) return std::nullopt;
  return record;
}

absl::StatusOr<keys::ListEntry> ParseEntry(const std::string& key, const std::string& prefix,
                                           keys::EntryShape shape) {
  std::optional<keys::ListEntry> entry = keys::ParseListEntry(key, prefix, shape);
  if (!entry.has_value()) return absl::DataLossError("the case index holds a malformed list entry");
  return std::move(*entry);
}

// Summaries of the cases of every entry under `prefix`, in key order.
absl::StatusOr<std::vector<v1::CaseSummary>> SummariesUnder(storage::EventStore& store,
                                                            const std::string& prefix) {
  TORG_ASSIGN_OR_RETURN(std::vector<std::string> list, ScanAll(store, prefix));
  std::vector<v1::CaseSummary> summaries;
  for (const std::string& key : list) {
    TORG_ASSIGN_OR_RETURN(keys::ListEntry entry, ParseEntry(key, prefix, keys::EntryShape::kCase));
    TORG_ASSIGN_OR_RETURN(std::optional<v1::CaseRecord> record, CaseOfEntry(store, key, entry));
    if (record.has_value()) summaries.push_back(ToSummary(*record));
  }
  return summaries;
}

}  // namespace

CaseIndexReader::CaseIndexReader(storage::EventStore& store) : store_(store) {}

absl::StatusOr<std::optional<ParticipantFacts>> CaseIndexReader::GetParticipantFacts(
    absl::string_view participant_id) const {
  TORG_ASSIGN_OR_RETURN(std::optional<std::string> stored,
                        store_.ReadProjection(kParticipantLookupProjection,
                                              keys::ParticipantFactsKey(participant_id)));
  if (!stored.has_value()) return std::nullopt;
  v1::ParticipantFactsRecord record;
  if (!record.ParseFromString(*stored)) {
    return absl::DataLossError(
        absl::StrCat("the participant facts of ", participant_id, " are corrupt"));
  }
  ParticipantFacts facts;
  facts.birth_year = record.birth_year();
  facts.identity_kind = record.identity_kind();
  facts.kommun_code = record.kommun_code();
  facts.gender = record.gender();
  facts.protected_identity = record.protected_identity();
  facts.erased = record.erased();
  return facts;
}

absl::StatusOr<std::vector<RetentionEntry>> CaseIndexReader::RetentionCandidates(
    absl::string_view start_after, size_t limit) const {
  const std::string prefix = keys::RetentionDuePrefix();
  TORG_ASSIGN_OR_RETURN(std::vector<storage::ProjectionEntry> entries,
                        store_.ScanProjection(kCaseIndexProjection, prefix, start_after, limit));
  std::vector<RetentionEntry> candidates;
  for (storage::ProjectionEntry& entry : entries) {
    std::optional<keys::ParticipantEntry> parsed = keys::ParseRetentionDueEntry(entry.first);
    if (!parsed.has_value()) {
      return absl::DataLossError("a gallring list entry of the case index is corrupt");
    }
    candidates.push_back(
        RetentionEntry{parsed->day, std::move(parsed->participant_id), std::move(entry.first)});
  }
  return candidates;
}

absl::StatusOr<std::vector<std::string>> CaseIndexReader::ErasuresPending(size_t limit) const {
  const std::string prefix = keys::ErasurePendingPrefix();
  TORG_ASSIGN_OR_RETURN(std::vector<storage::ProjectionEntry> entries,
                        store_.ScanProjection(kCaseIndexProjection, prefix, "", limit));
  std::vector<std::string> ids;
  for (const storage::ProjectionEntry& entry : entries) {
    std::optional<std::string> id = keys::ParseParticipantIdEntry(entry.first, prefix);
    if (!id.has_value()) return absl::DataLossError("an erasure list entry is corrupt");
    ids.push_back(*std::move(id));
  }
  return ids;
}

absl::StatusOr<std::vector<std::string>> CaseIndexReader::ErasedByGallringOn(
    absl::CivilDay day) const {
  const std::string prefix = keys::GallringPrefix(day);
  std::vector<std::string> ids;
  std::string start_after;
  while (true) {
    TORG_ASSIGN_OR_RETURN(
        std::vector<storage::ProjectionEntry> entries,
        store_.ScanProjection(kCaseIndexProjection, prefix, start_after, kScanChunk));
    for (const storage::ProjectionEntry& entry : entries) {
      std::optional<std::string> id = keys::ParseParticipantIdEntry(entry.first, prefix);
      if (!id.has_value()) return absl::DataLossError("a gallring list entry is corrupt");
      ids.push_back(*std::move(id));
    }
    if (entries.size() < kScanChunk) return ids;
    start_after = entries.back().first;
  }
}

absl::StatusOr<std::optional<v1::CaseSummary>> CaseIndexReader::GetCaseSummary(
    absl::string_view case_id) const {
  TORG_ASSIGN_OR_RETURN(std::optional<v1::CaseRecord> record, ReadCase(store_, case_id));
  if (!record.has_value()) return std::nullopt;
  return ToSummary(*record);
}

absl::StatusOr<std::vector<v1::CaseSummary>> CaseIndexReader::CasesOfParticipant(
    absl::string_view participant_id) const {
  return SummariesUnder(store_, keys::ParticipantCasesPrefix(participant_id));
}

absl::StatusOr<std::set<std::string>> CaseIndexReader::PlatformsWithOpenCase(
    absl::string_view participant_id) const {
  TORG_ASSIGN_OR_RETURN(std::vector<v1::CaseSummary> cases, CasesOfParticipant(participant_id));
  std::set<std::string> platforms;
  for (const v1::CaseSummary& summary : cases) {
    if (IsOpen(FromApiStatus(summary.status()))) platforms.insert(summary.platform_id());
  }
  return platforms;
}

absl::StatusOr<Page<v1::CaseSummary>> CaseIndexReader::ListCases(const CaseFilter& filter,
                                                                 const PageRequest& page) const {
  if (filter.platform_id.empty() && filter.owner_user_id.empty()) {
    return absl::InvalidArgumentError("a case list needs platform_id or owner_user_id");
  }
  if (!v1::CaseStatus_IsValid(filter.status)) {
    return absl::InvalidArgumentError("status is not a case status");
  }
  const v1::CaseRecordStatus status = FromApiStatus(filter.status);
  const bool any_status = status == v1::CASE_RECORD_STATUS_UNSPECIFIED;
  // The platform's lists when a platform is given, the owner's otherwise; a
  // second filter is applied to the records read.
  std::string prefix;
  if (!filter.platform_id.empty()) {
    prefix = any_status ? keys::PlatformCasesPrefix(filter.platform_id)
                        : keys::PlatformStatusCasesPrefix(filter.platform_id, status);
  } else {
    prefix = any_status ? keys::OwnerCasesPrefix(filter.owner_user_id)
                        : keys::OwnerStatusCasesPrefix(filter.owner_user_id, status);
  }
  const std::string binding = keys::ListBinding(
      prefix, {"cases", filter.platform_id, absl::StrCat(status), filter.owner_user_id});
  storage::EventStore& store = store_;
  Visitor<v1::CaseSummary> visit = [&](const std::string& key,
                                       v1::CaseSummary& item) -> absl::StatusOr<Verdict> {
    TORG_ASSIGN_OR_RETURN(keys::ListEntry entry, ParseEntry(key, prefix, keys::EntryShape::kCase));
    TORG_ASSIGN_OR_RETURN(std::optional<v1::CaseRecord> record, CaseOfEntry(store, key, entry));
    if (!record.has_value()) return Verdict::kSkip;
    if (!filter.owner_user_id.empty() && record->owner().owner_user_id() != filter.owner_user_id) {
      return Verdict::kSkip;
    }
    item = ToSummary(*record);
    return Verdict::kTake;
  };
  return ReadPage<v1::CaseSummary>(store_, prefix, binding, page, visit);
}

absl::StatusOr<Page<v1::HandoverListItem>> CaseIndexReader::ListHandovers(
    v1::HandoverDirection direction, absl::string_view platform_id, absl::string_view party_id,
    absl::CivilDay as_of, const PageRequest& page) const {
  if (direction != v1::HANDOVER_DIRECTION_INCOMING &&
      direction != v1::HANDOVER_DIRECTION_OUTGOING) {
    return absl::InvalidArgumentError("direction is required: INCOMING or OUTGOING");
  }
  if (platform_id.empty() == party_id.empty()) {
    return absl::InvalidArgumentError("exactly one of platform_id and party_id is required");
  }
  const bool incoming = direction == v1::HANDOVER_DIRECTION_INCOMING;
  keys::HandoverList list;
  if (!platform_id.empty()) {
    list = incoming ? keys::HandoverList::kIncomingPlatform : keys::HandoverList::kOutgoingPlatform;
  } else {
    list = incoming ? keys::HandoverList::kIncomingParty : keys::HandoverList::kOutgoingParty;
  }
  const std::string prefix =
      keys::HandoversPrefix(list, platform_id.empty() ? party_id : platform_id);
  const std::string binding = keys::ListBinding(prefix, {"handovers"});
  storage::EventStore& store = store_;
  Visitor<v1::HandoverListItem> visit = [&](const std::string& key,
                                            v1::HandoverListItem& item) -> absl::StatusOr<Verdict> {
    TORG_ASSIGN_OR_RETURN(keys::ListEntry entry, ParseEntry(key, prefix, keys::EntryShape::kCase));
    TORG_ASSIGN_OR_RETURN(std::optional<v1::CaseRecord> record, CaseOfEntry(store, key, entry));
    if (!record.has_value() || !record->has_pending_handover()) return Verdict::kSkip;
    const v1::PendingHandoverRecord& pending = record->pending_handover();
    item.set_case_id(record->case_id());
    item.set_participant_id(record->participant_id());
    item.set_handover_id(pending.handover_id());
    item.set_kind(pending.kind());
    item.set_from_platform_id(record->platform_id());
    item.set_from_party_id(pending.from_party_id());
    item.set_target_platform_id(pending.target_platform_id());
    item.set_target_party_id(pending.target_party_id());
    *item.mutable_proposed_on() = pending.proposed_on();
    item.set_waiting_days(DaysBetween(pending.proposed_on(), as_of));
    return Verdict::kTake;
  };
  return ReadPage<v1::HandoverListItem>(store_, prefix, binding, page, visit);
}

absl::StatusOr<Page<v1::DeviationListItem>> CaseIndexReader::ListDeviations(
    absl::string_view platform_id, absl::CivilDay as_of, const PageRequest& page) const {
  const std::string prefix =
      platform_id.empty() ? keys::DeviationsPrefix() : keys::PlatformDeviationsPrefix(platform_id);
  const std::string binding = keys::ListBinding(prefix, {"deviations"});
  storage::EventStore& store = store_;
  Visitor<v1::DeviationListItem> visit =
      [&](const std::string& key, v1::DeviationListItem& item) -> absl::StatusOr<Verdict> {
    TORG_ASSIGN_OR_RETURN(keys::ListEntry entry,
                          ParseEntry(key, prefix, keys::EntryShape::kDeviation));
    TORG_ASSIGN_OR_RETURN(std::optional<v1::CaseRecord> record, CaseOfEntry(store, key, entry));
    if (!record.has_value()) return Verdict::kSkip;
    for (const v1::OpenDeviationRecord& deviation : record->open_deviations()) {
      if (deviation.deviation_id() != entry.deviation_id) continue;
      item.set_case_id(record->case_id());
      item.set_participant_id(record->participant_id());
      item.set_platform_id(record->platform_id());
      item.set_deviation_id(deviation.deviation_id());
      item.set_handover_id(deviation.handover_id());
      item.set_kind(deviation.kind());
      item.set_target_platform_id(deviation.target_platform_id());
      item.set_target_party_id(deviation.target_party_id());
      *item.mutable_opened_on() = deviation.opened_on();
      item.set_open_days(DaysBetween(deviation.opened_on(), as_of));
      return Verdict::kTake;
    }
    return Verdict::kSkip;
  };
  return ReadPage<v1::DeviationListItem>(store_, prefix, binding, page, visit);
}

absl::StatusOr<Page<v1::FollowUpDueItem>> CaseIndexReader::ListFollowUpsDue(
    absl::string_view platform_id, absl::CivilDay as_of, int within_days,
    const PageRequest& page) const {
  if (within_days < 0 || within_days > kMaxWithinDays) {
    return absl::InvalidArgumentError("within_days must be between 0 and 366");
  }
  const absl::CivilDay last_due = as_of + within_days;
  const std::string prefix =
      platform_id.empty() ? keys::FollowUpsPrefix() : keys::PlatformFollowUpsPrefix(platform_id);
  const std::string binding = keys::ListBinding(prefix, {"follow-ups"});
  storage::EventStore& store = store_;
  Visitor<v1::FollowUpDueItem> visit = [&](const std::string& key,
                                           v1::FollowUpDueItem& item) -> absl::StatusOr<Verdict> {
    TORG_ASSIGN_OR_RETURN(keys::ListEntry entry,
                          ParseEntry(key, prefix, keys::EntryShape::kFollowUp));
    if (entry.day > last_due) return Verdict::kStop;
    TORG_ASSIGN_OR_RETURN(std::optional<v1::CaseRecord> record, CaseOfEntry(store, key, entry));
    if (!record.has_value()) return Verdict::kSkip;
    item.set_case_id(record->case_id());
    item.set_participant_id(record->participant_id());
    item.set_platform_id(record->platform_id());
    item.set_point(entry.point);
    *item.mutable_closed_on() = record->closed_on();
    *item.mutable_due_on() = casefile::ToProtoDate(entry.day);
    item.set_overdue_days(static_cast<int32_t>(as_of - entry.day));
    item.set_outcome(record->outcome());
    return Verdict::kTake;
  };
  return ReadPage<v1::FollowUpDueItem>(store_, prefix, binding, page, visit);
}

absl::StatusOr<std::vector<v1::CaseSummary>> CaseIndexReader::OpenCasesOnPlatform(
    absl::string_view platform_id) const {
  std::vector<v1::CaseSummary> cases;
  for (v1::CaseRecordStatus status : kOpenStatuses) {
    TORG_ASSIGN_OR_RETURN(
        std::vector<v1::CaseSummary> in_status,
        SummariesUnder(store_, keys::PlatformStatusCasesPrefix(platform_id, status)));
    for (v1::CaseSummary& summary : in_status) cases.push_back(std::move(summary));
  }
  auto order = [](const v1::CaseSummary& summary) {
    const v1::Date& day = summary.referral_date();
    return std::make_tuple(day.year(), day.month(), day.day(), summary.case_id());
  };
  std::sort(cases.begin(), cases.end(), [&](const v1::CaseSummary& a, const v1::CaseSummary& b) {
    return order(a) < order(b);
  });
  return cases;
}

}  // namespace torg::caseindex
