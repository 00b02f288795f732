#ifndef TORG_SERVICES_CASEINDEX_CASE_INDEX_READER_H_
#define TORG_SERVICES_CASEINDEX_CASE_INDEX_READER_H_

// Reads the case-flow projections (case_flow_projections.h): participants by
// lookup hash, case summaries, and the paged lists coordinators work from.
// Never replays events. The store must have CaseFlowProjections() registered;
// otherwise every method returns the store's NOT_FOUND for the projection.
//
// Lists read the index without a snapshot across pages: an entry whose case
// changed between the scan and the read of its record is left out rather
// than shown stale, so a page may hold fewer than page_size items even when
// more follow. Items are never repeated within a list read page by page
// unless the case moved within the list meanwhile.
//
// Thread-safe as the store is; holds no state of its own.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "storage/event_store.h"
#include "torg/v1/case_views.pb.h"
#include "torg/v1/closure_service.pb.h"
#include "torg/v1/handover_service.pb.h"
#include "torg/v1/participant_events.pb.h"
#include "torg/v1/types.pb.h"

namespace torg::caseindex {

// The non-identifying facts of a participant, as registered.
struct ParticipantFacts {
  int32_t birth_year = 0;
  v1::IdentityKind identity_kind = v1::IDENTITY_KIND_UNSPECIFIED;
  // SCB code of the kommun of residence.
  std::string kommun_code;
  v1::Gender gender = v1::GENDER_UNSPECIFIED;
  // Skyddade personuppgifter.
  bool protected_identity = false;
  // The participant's personal data was erased; the facts above remain.
  bool erased = false;
};

// A participant with no open case who is not erased, as the gallring list
// holds them.
struct RetentionEntry {
  // The day their retention counts from: the day their last case ended, or
  // the registration's day.
  absl::CivilDay reference_day;
  std::string participant_id;
  // Pass as start_after to continue after this entry.
  std::string key;
};

// Which page of a list to read.
struct PageRequest {
  // At most this many items: 1 to 1000; 0 means 100. Anything else is
  // INVALID_ARGUMENT "page_size must be between 1 and 1000".
  int32_t page_size = 0;
  // Empty for the first page, else a next_page_token of the same list (same
  // method and filters); any other is INVALID_ARGUMENT "page_token is not
  // valid for this list".
  std::string page_token;
};

// One page of a list.
template <class T>
struct Page {
  // At most page_size items, in the list's order.
  std::vector<T> items;
  // Pass as page_token for the next page; empty on the last page.
  std::string next_page_token;
};

// Which cases ListCases lists.
struct CaseFilter {
  // Cases on this platform; empty for any platform.
  std::string platform_id;
  // Cases in this status; UNSPECIFIED for any status.
  v1::CaseStatus status = v1::CASE_STATUS_UNSPECIFIED;
  // Cases owned by this user (ärendebärare); empty for any owner.
  std::string owner_user_id;
};

class CaseIndexReader {
 public:
  // `store` must outlive the reader.
  explicit CaseIndexReader(storage::EventStore& store);

  // The registered facts of a participant; nullopt if not registered.
  absl::StatusOr<std::optional<ParticipantFacts>> GetParticipantFacts(
      absl::string_view participant_id) const;

  // The summary of a case as of its last event; nullopt if there is no such case.
  absl::StatusOr<std::optional<v1::CaseSummary>> GetCaseSummary(absl::string_view case_id) const;

  // Every case of a participant, oldest referral first (then by case id).
  absl::StatusOr<std::vector<v1::CaseSummary>> CasesOfParticipant(
      absl::string_view participant_id) const;

  // The platforms on which the participant has a case that is REFERRED,
  // ENROLLED, ASSESSING or COORDINATING.
  absl::StatusOr<std::set<std::string>> PlatformsWithOpenCase(
      absl::string_view participant_id) const;

  // Cases matching every field given of `filter`, by referral date then case
  // id. INVALID_ARGUMENT unless platform_id or owner_user_id is given, or for
  // a status that is not a CaseStatus.
  absl::StatusOr<Page<v1::CaseSummary>> ListCases(const CaseFilter& filter,
                                                  const PageRequest& page) const;

  // Handovers waiting for an answer, oldest proposal first, with
  // waiting_days = as_of − proposed_on. INCOMING: PLATFORM handovers to
  // `platform_id`, or CASE_OWNER and ORDINARY_SERVICES handovers to
  // `party_id`. OUTGOING: handovers of the cases on `platform_id`, or
  // proposed while a user of `party_id` owned the case. INVALID_ARGUMENT
  // unless `direction` is given and exactly one of platform_id and party_id.
  absl::StatusOr<Page<v1::HandoverListItem>> ListHandovers(v1::HandoverDirection direction,
                                                           absl::string_view platform_id,
                                                           absl::string_view party_id,
                                                           absl::CivilDay as_of,
                                                           const PageRequest& page) const;

  // Open deviations of the cases on `platform_id` (empty: every platform),
  // oldest first (then by case and deviation id), with open_days = as_of −
  // opened_on.
  absl::StatusOr<Page<v1::DeviationListItem>> ListDeviations(absl::string_view platform_id,
                                                             absl::CivilDay as_of,
                                                             const PageRequest& page) const;

  // Follow-ups not yet recorded of the cases closed on `platform_id` (empty:
  // every platform) that fall due on or before as_of + within_days, earliest
  // due first (then by case id and point), with overdue_days = as_of −
  // due_on. INVALID_ARGUMENT unless 0 <= within_days <= 366.
  absl::StatusOr<Page<v1::FollowUpDueItem>> ListFollowUpsDue(absl::string_view platform_id,
                                                             absl::CivilDay as_of, int within_days,
                                                             const PageRequest& page) const;

  // Participants with no open case who are not erased, by reference_day
  // (oldest first) then participant id: the candidates for gallring. At most
  // `limit` entries after the entry whose key is `start_after` (empty: from
  // the first).
  absl::StatusOr<std::vector<RetentionEntry>> RetentionCandidates(absl::string_view start_after,
                                                                  size_t limit) const;

  // Erased participants whose keys are not yet known to be destroyed (an
  // erasure was interrupted), by id; at most `limit`.
  absl::StatusOr<std::vector<std::string>> ErasuresPending(size_t limit) const;

  // Every participant erased by gallring with `day` as the erasure's date, by id.
  absl::StatusOr<std::vector<std::string>> ErasedByGallringOn(absl::CivilDay day) const;

  // Every case on `platform_id` that is not final (REFERRED, ENROLLED,
  // ASSESSING, COORDINATING), by referral date then case id. Unpaged: meant
  // for lists such as the participants turning 30 on a platform.
  absl::StatusOr<std::vector<v1::CaseSummary>> OpenCasesOnPlatform(
      absl::string_view platform_id) const;

 private:
  storage::EventStore& store_;
};

}  // namespace torg::caseindex

#endif  // TORG_SERVICES_CASEINDEX_CASE_INDEX_READER_H_
