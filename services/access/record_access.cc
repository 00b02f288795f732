#include "services/access/record_access.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace torg::access {
namespace {

using auth::Principal;
using auth::Role;

bool Contains(const std::vector<std::string>& ids, absl::string_view id) {
  return !id.empty() && std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Sharing with a party is lawful only while the participant's consent covers
// it (OSL); a withdrawal ends it at once, also for what was shared before.
bool ConsentCovers(const Principal& principal, const std::vector<std::string>& consented) {
  for (const std::string& party : consented) {
    if (principal.ActsForParty(party)) return true;
  }
  return false;
}

bool InvolvesParty(const Principal& principal, const std::vector<std::string>& involved) {
  for (const std::string& party : involved) {
    if (principal.ActsForParty(party)) return true;
  }
  return false;
}

// Only the receiver answers a pending handover. With none pending, those who
// work the case are let through to hear that from the case itself.
bool AnswersHandover(const Principal& principal, const CaseAccessFacts& facts) {
  const bool pending = !facts.receiving_platform_id.empty() || !facts.receiving_party_id.empty();
  return ReceivesHandover(principal, facts) || (!pending && WorksCase(principal, facts));
}

absl::Status NoCase(absl::string_view case_id) {
  return absl::PermissionDeniedError(
      absl::StrCat("you have no access to a case \"", case_id, "\""));
}

absl::Status NoParticipant(absl::string_view participant_id) {
  return absl::PermissionDeniedError(
      absl::StrCat("you have no access to a participant \"", participant_id, "\""));
}

absl::StatusOr<AccessedRecord> CheckCase(const Principal& principal, RecordRule rule,
                                         absl::string_view case_id,
                                         const RecordFactsSource& source) {
  absl::StatusOr<std::optional<CaseAccessFacts>> facts = source.CaseFacts(case_id);
  if (!facts.ok()) return facts.status();
  if (!facts->has_value()) return NoCase(case_id);
  const CaseAccessFacts& found = **facts;
  const bool allowed = rule == RecordRule::kWorkedCase         ? WorksCase(principal, found)
                       : rule == RecordRule::kHandoverReceiver ? AnswersHandover(principal, found)
                                                               : SeesCase(principal, found);
  if (!allowed) return NoCase(case_id);
  return AccessedRecord{found.participant_id, found.case_id};
}

absl::StatusOr<AccessedRecord> CheckParticipant(const Principal& principal,
                                                absl::string_view participant_id,
                                                const RecordFactsSource& source) {
  absl::StatusOr<std::optional<ParticipantAccessFacts>> facts =
      source.ParticipantFacts(participant_id);
  if (!facts.ok()) return facts.status();
  if (!facts->has_value() || !SeesParticipant(principal, **facts)) {
    return NoParticipant(participant_id);
  }
  return AccessedRecord{std::string(participant_id), ""};
}

}  // namespace

bool WorksCase(const Principal& principal, const CaseAccessFacts& facts) {
  if (principal.HasRole(Role::kCoordinator) && principal.WorksOnPlatform(facts.platform_id)) {
    return true;
  }
  return principal.HasRole(Role::kPartyOfficer) &&
         InvolvesParty(principal, facts.involved_party_ids) &&
         ConsentCovers(principal, facts.consented_party_ids);
}

bool ReceivesHandover(const Principal& principal, const CaseAccessFacts& facts) {
  if (principal.HasRole(Role::kCoordinator) && !facts.receiving_platform_id.empty() &&
      principal.WorksOnPlatform(facts.receiving_platform_id)) {
    return true;
  }
  return principal.HasRole(Role::kPartyOfficer) &&
         principal.ActsForParty(facts.receiving_party_id) &&
         Contains(facts.consented_party_ids, facts.receiving_party_id);
}

bool SeesCase(const Principal& principal, const CaseAccessFacts& facts) {
  return WorksCase(principal, facts) || ReceivesHandover(principal, facts);
}

bool SeesParticipant(const Principal& principal, const ParticipantAccessFacts& facts) {
  for (const CaseAccessFacts& one_case : facts.cases) {
    if (SeesCase(principal, one_case)) return true;
  }
  if (!facts.cases.empty() || !principal.HasRole(Role::kCoordinator)) return false;
  return !facts.protected_identity || facts.registered_by == principal.user_id;
}

absl::StatusOr<AccessedRecord> CheckRecord(const Principal& principal, RecordRule rule,
                                           absl::string_view record_id,
                                           const RecordFactsSource& facts) {
  switch (rule) {
    case RecordRule::kNone:
    case RecordRule::kListedCases:
      return AccessedRecord{};
    case RecordRule::kWorkedCase:
    case RecordRule::kVisibleCase:
    case RecordRule::kHandoverReceiver:
      return CheckCase(principal, rule, record_id, facts);
    case RecordRule::kParticipant:
      return CheckParticipant(principal, record_id, facts);
    case RecordRule::kOwnPlatform:
      if (principal.HasRole(Role::kCoordinator) && principal.WorksOnPlatform(record_id)) {
        return AccessedRecord{};
      }
      return absl::PermissionDeniedError(
          absl::StrCat("you do not work on the platform \"", record_id, "\""));
  }
  return absl::PermissionDeniedError("unknown record rule");
}

}  // namespace torg::access
