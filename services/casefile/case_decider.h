#ifndef TORG_SERVICES_CASEFILE_CASE_DECIDER_H_
#define TORG_SERVICES_CASEFILE_CASE_DECIDER_H_

// Deciding a step on a case: given the case's state, the step a user asks
// for (as the event they propose) and what the service knows around it, the
// domain answers with the events to append or with a precise error. Pure:
// the service loads the state, calls Decide, and appends what it returns.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/casefile/case_state.h"
#include "torg/v1/case_events.pb.h"
#include "torg/v1/forbund_config.pb.h"

namespace torg::casefile {

// What the service knows of the participant on the date of a step that puts
// them on a platform: a referral, or a handover to another platform.
struct ParticipantFacts {
  // Whole years of age on the step's date, as AgeOn (participant.h) counts.
  int age_on_step_date = 0;
  // The SCB code of the kommun the participant lives in.
  std::string kommun_code;
  // Platforms on which the participant already has a case that is not
  // final (referred or open).
  std::set<std::string> platforms_with_open_case;
  // The registration's date: nothing is referred before it.
  absl::CivilDay registered_on = absl::CivilDay(1900, 1, 1);
};

struct DecisionContext {
  // Today's date in Sweden: no step may be dated after it.
  absl::CivilDay today;
  // The förbund's configuration: platforms, parties, age ranges.
  const v1::ForbundConfig* config = nullptr;
  // The parties the participant's current consent covers. A case may
  // involve only these.
  std::set<std::string> consented_party_ids;
  // Required for a referral and for proposing or accepting a handover to
  // another platform; ignored otherwise.
  std::optional<ParticipantFacts> participant_facts;
};

// Decides `proposed` on a case in `state`. Errors, after which nothing may be
// written:
//   FAILED_PRECONDITION  the case's status does not allow the step (the
//                        message names the status and what is allowed), or
//                        the step contradicts the case (dated before the step
//                        it follows, a commitment already done, no such
//                        pending handover or open deviation, a follow-up not
//                        yet due, a party the consent does not cover, a second
//                        open case on the platform, a referral dated before
//                        the registration).
//   INVALID_ARGUMENT     the step itself is malformed (missing or unknown
//                        fields, a date in the future or before 2004, fewer
//                        than two parties, an age or kommun outside the
//                        range of the platform referred or handed over to).
//   NOT_FOUND            the step names a commitment the case does not have.
//   ALREADY_EXISTS       the commitment, meeting, handover, deviation or
//                        follow-up id is already used on the case.
//   INTERNAL             the caller gave no configuration, or no participant
//                        facts for a referral or a platform handover (a bug
//                        in the service, not input).
absl::StatusOr<std::vector<v1::CaseEvent>> Decide(const CaseState& state,
                                                  const v1::CaseEvent& proposed,
                                                  const DecisionContext& context);

}  // namespace torg::casefile

#endif  // TORG_SERVICES_CASEFILE_CASE_DECIDER_H_
