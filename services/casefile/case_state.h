#ifndef TORG_SERVICES_CASEFILE_CASE_STATE_H_
#define TORG_SERVICES_CASEFILE_CASE_STATE_H_

// The state of one case, folded from its events. Pure: no I/O, no clock.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "torg/v1/case_events.pb.h"

namespace torg::casefile {

// Where a case is in its life. Every command has a defined answer in every
// status (see case_rules.h).
enum class CaseStatus {
  kNone,          // No event yet: only a referral may start it.
  kReferred,      // Waiting for the beredningsgrupp's decision.
  kDirected,      // Directed to another platform. Final.
  kDeclined,      // Declined. Final.
  kEnrolled,      // Accepted (inskriven); the joint assessment has not started.
  kAssessing,     // Joint assessment under way.
  kCoordinating,  // Joint plan in place; coordination under way.
  kClosed,        // Closed with an outcome. Final; only follow-ups remain.
};

// As a coordinator reads it, with the Swedish term, e.g. "enrolled (inskriven)".
absl::string_view StatusName(CaseStatus status);

struct CaseOwner {
  std::string user_id;
  std::string party_id;
};

struct PendingHandover {
  std::string handover_id;
  v1::HandoverKind kind = v1::HANDOVER_KIND_UNSPECIFIED;
  std::string target_platform_id;
  std::string target_party_id;
};

enum class CommitmentStatus { kOpen, kCompleted, kCancelled };

struct CaseState {
  CaseStatus status = CaseStatus::kNone;
  // The number of events folded in: the stream version.
  uint64_t version = 0;
  std::string case_id;
  std::string participant_id;
  // The platform the case is on now (it changes with a platform handover).
  std::string platform_id;
  std::vector<std::string> needed_party_ids;
  absl::CivilDay referral_date;
  // Set once accepted (inskrivning).
  std::optional<absl::CivilDay> enrolled_on;
  std::optional<absl::CivilDay> closed_on;
  // The effective date of the latest step: no later step may be dated before it.
  absl::CivilDay last_step_date;
  std::optional<CaseOwner> owner;
  std::optional<PendingHandover> pending_handover;
  std::set<std::string> handover_ids;
  // Every deviation ever opened on the case, and those still open. Ids are
  // never reused, so a resolved deviation cannot be reopened by accident.
  std::set<std::string> deviation_ids;
  std::set<std::string> open_deviation_ids;
  std::set<std::string> meeting_ids;
  std::map<std::string, CommitmentStatus> commitments;
  std::set<int> follow_ups_recorded;  // v1::FollowUpPoint values.
  v1::ClosureOutcome outcome = v1::CLOSURE_OUTCOME_UNSPECIFIED;
};

// Folds one event into the state. Events come from the store, where they
// were accepted by Decide, so Apply does not re-validate them; it returns
// DATA_LOSS only for an event that cannot belong to a case at all (no kind,
// or an effective date that is not a date).
absl::Status Apply(CaseState& state, const v1::CaseEvent& event);

// Months after closure at which `point` falls due: 3, 6 or 12; 0 for
// UNSPECIFIED or an unknown value.
int FollowUpMonths(v1::FollowUpPoint point);

// The day a follow-up falls due: the closure's day of the month, `months`
// later, or that month's last day when it is shorter (31 Jan + 3 months is
// 30 Apr). `point` must have FollowUpMonths > 0.
absl::CivilDay FollowUpDueDate(absl::CivilDay closed_on, v1::FollowUpPoint point);

// Converts a proto date; nullopt unless it is a real calendar date.
std::optional<absl::CivilDay> ToCivilDay(const v1::Date& date);
v1::Date ToProtoDate(absl::CivilDay day);

// "YYYY-MM-DD", each part zero-padded, as exports and reports print a date;
// the fields as they are, valid or not.
std::string DateText(const v1::Date& date);

}  // namespace torg::casefile

#endif  // TORG_SERVICES_CASEFILE_CASE_STATE_H_
