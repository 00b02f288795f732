#ifndef TORG_SERVICES_CASEINDEX_INDEX_KEYS_H_
#define TORG_SERVICES_CASEINDEX_INDEX_KEYS_H_

// Every key of the case-flow projections, in one place. Keys are private to
// their projection (the store prefixes them with its name) and are on-disk
// format: changing an encoding orphans what was written with the old one.
//
// Encoding. A key is a tag, then components (id, day and the two-digit
// numbers are services/common/ordered_key.h's, shared with the flow ledger):
//   tag        lowercase ASCII ending in '/', e.g. "platform-cases/". No tag is
//              a prefix of another, so the kinds of key never interleave.
//   id         an id (case, participant, platform, party, user, deviation),
//              any bytes, escaped: 0x00 becomes 0x00 0xFF, then 0x00 0x01 ends
//              it. Byte order of escaped ids is the byte order of the ids, and
//              no escaped id is a prefix of another ("plat" never matches the
//              keys of "plat2").
//   day        eight ASCII digits YYYYMMDD, so byte order is date order.
//   status     two ASCII digits: the torg.v1.CaseRecordStatus number.
//   point      two ASCII digits: the torg.v1.FollowUpPoint number.
//
// Projection "participant_lookup":
//   "participant/" id(participant)   -> torg.v1.ParticipantFactsRecord
//
// Projection "case_index": one record per case, and index keys with empty
// values, each a list: the entries under one prefix, in key order.
//   "case/" id(case)                                        -> torg.v1.CaseRecord
//   "participant-cases/" id(participant) day(referral) id(case)
//   "platform-cases/" id(platform) day(referral) id(case)
//   "platform-status-cases/" id(platform) status day(referral) id(case)
//   "owner-cases/" id(owner user) day(referral) id(case)
//   "owner-status-cases/" id(owner user) status day(referral) id(case)
//   "handovers-in-platform/" id(target platform) day(proposed) id(case)   PLATFORM kind
//   "handovers-in-party/" id(target party) day(proposed) id(case)  CASE_OWNER, ORDINARY_SERVICES
//   "handovers-out-platform/" id(case's platform) day(proposed) id(case)
//   "handovers-out-party/" id(owner's party when proposed) day(proposed) id(case)
//   "deviations/" day(opened) id(case) id(deviation)
//   "platform-deviations/" id(platform) day(opened) id(case) id(deviation)
//   "follow-ups/" day(due) id(case) point                  closed cases, points not recorded
//   "platform-follow-ups/" id(platform) day(due) id(case) point
// A case has at most one pending handover, so case ids are unique per handover list.
//   "open-case/" id(participant) id(platform)  -> the case id (raw bytes)
//     held while the case is open (referred, enrolled, assessing,
//     coordinating) on that platform: a participant has at most one open case
//     per platform, enforced inside the append that would open a second.
// Gallring, also in "case_index" (it follows the cases' events):
//   "participant-retention/" id(participant)  -> torg.v1.ParticipantRetentionRecord
//   "retention-due/" day(reference) id(participant)   no open case, not erased; the
//     reference is the day the last case ended, or the registration's day
//   "erasure-pending/" id(participant)   erased, keys not yet known destroyed
//   "gallring/" day(erased on) id(participant)   erased by the retention rules
// RetentionIndexKeys() derives them from the record, kept exact the same way.
// CaseIndexKeys() derives the index keys from a CaseRecord; the projection
// writes exactly the difference between the keys before and after an event,
// so no list ever holds a stale entry.
//
// Page tokens are web-safe base64 of id(binding) followed by the last key
// returned; `binding` names the list (its prefix and any filter), so a token
// is refused by any other list.

#include <initializer_list>
#include <optional>
#include <set>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "torg/v1/case_events.pb.h"
#include "torg/v1/case_index_records.pb.h"

namespace torg::caseindex::keys {

// --- Dates ------------------------------------------------------------------

// Whether `day` has a four-digit year (0 to 9999), so that it encodes in
// eight digits. The projections refuse events dated otherwise.
bool EncodableDay(absl::CivilDay day);

// --- participant_lookup -------------------------------------------------------

std::string ParticipantFactsKey(absl::string_view participant_id);

// --- case_index: records ------------------------------------------------------

std::string CaseRecordKey(absl::string_view case_id);

// --- case_index: list prefixes --------------------------------------------------

// Cases of a participant, oldest referral first.
std::string ParticipantCasesPrefix(absl::string_view participant_id);
// Cases on a platform, by referral date then case id.
std::string PlatformCasesPrefix(absl::string_view platform_id);
// Cases on a platform in one status, by referral date then case id.
std::string PlatformStatusCasesPrefix(absl::string_view platform_id, v1::CaseRecordStatus status);
// Cases owned by a user, by referral date then case id.
std::string OwnerCasesPrefix(absl::string_view owner_user_id);
// Cases owned by a user in one status, by referral date then case id.
std::string OwnerStatusCasesPrefix(absl::string_view owner_user_id, v1::CaseRecordStatus status);

// Which pending handovers a handover list holds.
enum class HandoverList {
  kIncomingPlatform,  // PLATFORM handovers to a platform.
  kIncomingParty,     // CASE_OWNER and ORDINARY_SERVICES handovers to a party.
  kOutgoingPlatform,  // Handovers of the cases on a platform.
  kOutgoingParty,     // Handovers proposed while a party's user owned the case.
};
// Pending handovers of one list for one platform or party, oldest proposal first.
std::string HandoversPrefix(HandoverList list, absl::string_view id);

// Open deviations of every platform, oldest first.
std::string DeviationsPrefix();
// Open deviations of the cases on a platform, oldest first.
std::string PlatformDeviationsPrefix(absl::string_view platform_id);

// Follow-ups not yet recorded of every closed case, earliest due first.
std::string FollowUpsPrefix();
// The same for the cases closed on a platform.
std::string PlatformFollowUpsPrefix(absl::string_view platform_id);

// --- case_index: gallring ---------------------------------------------------------

std::string ParticipantRetentionKey(absl::string_view participant_id);
// Participants with no open case and not erased, by the day their retention
// counts from (oldest first), then participant id.
std::string RetentionDuePrefix();
// Erased participants whose keys are not yet known to be destroyed, by id.
std::string ErasurePendingPrefix();
// Participants erased by gallring on `day`, by id.
std::string GallringPrefix(absl::CivilDay day);

// Every gallring index key (not the record key) the participant in `record` has.
std::set<std::string> RetentionIndexKeys(const v1::ParticipantRetentionRecord& record);

// The day and participant of a "retention-due/" entry.
struct ParticipantEntry {
  absl::CivilDay day;
  std::string participant_id;
};
// Parses a "retention-due/" key; nullopt if it is not one.
std::optional<ParticipantEntry> ParseRetentionDueEntry(absl::string_view key);
// The participant of an "erasure-pending/" key or of a GallringPrefix(day)
// key under `prefix`; nullopt if it is not one.
std::optional<std::string> ParseParticipantIdEntry(absl::string_view key, absl::string_view prefix);

// --- case_index: deriving and reading list entries ------------------------------

// Every index key (not the record key) a case in the state `record` has.
std::set<std::string> CaseIndexKeys(const v1::CaseRecord& record);

// The "open-case/" key `record` holds, if the case is open.
std::optional<std::string> OpenCaseClaim(const v1::CaseRecord& record);

// What a list entry says after its prefix.
struct ListEntry {
  // The day the list is ordered by: referral, proposal, opening or due date.
  absl::CivilDay day;
  std::string case_id;
  // Deviation lists only.
  std::string deviation_id;
  // Follow-up lists only.
  v1::FollowUpPoint point = v1::FOLLOW_UP_POINT_UNSPECIFIED;
};

// The shape of what follows a list's prefix.
enum class EntryShape {
  kCase,       // day id(case): case and handover lists
  kDeviation,  // day id(case) id(deviation)
  kFollowUp,   // day id(case) point
};

// Parses `key`, which must start with `prefix`; nullopt if it is not a
// well-formed entry of that shape.
std::optional<ListEntry> ParseListEntry(absl::string_view key, absl::string_view prefix,
                                        EntryShape shape);

// --- Page tokens --------------------------------------------------------------

// Names a list for its page tokens: its prefix and the filters applied
// while reading it, each escaped like an id.
std::string ListBinding(absl::string_view prefix, std::initializer_list<absl::string_view> filters);

// The opaque token to continue the list `binding` after `last_key`.
std::string EncodePageToken(absl::string_view binding, absl::string_view last_key);

// The key to continue after, if `token` was made by EncodePageToken for the
// same `binding` and holds a key under `prefix`; nullopt otherwise.
std::optional<std::string> DecodePageToken(absl::string_view token, absl::string_view binding,
                                           absl::string_view prefix);

}  // namespace torg::caseindex::keys

#endif  // TORG_SERVICES_CASEINDEX_INDEX_KEYS_H_
