#include "services/intake/referral_intake.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/casefile/case_decider.h"
#include "services/casefile/case_state.h"
#include "services/casefile/personnummer.h"
#include "services/caseindex/case_streams.h"
#include "services/casework/ids.h"
#include "services/casework/participant_view.h"
#include "services/casework/step_codec.h"
#include "services/common/status_macros.h"

namespace torg::intake {
namespace {

constexpr char kSubmitMethod[] = "torg.v1.IntakeService/SubmitReferral";
constexpr char kDecideMethod[] = "torg.v1.IntakeService/DecideReferral";

absl::StatusOr<absl::CivilDay> DayOf(const v1::Date& date) {
  std::optional<absl::CivilDay> day = casefile::ToCivilDay(date);
  if (!day.has_value()) return absl::InvalidArgumentError("effective_date is not a calendar date");
  return *day;
}

// The last CaseFlagsSet among a case's `steps`, still sealed; nullopt when
// the case's flags are the referral's.
absl::StatusOr<std::optional<v1::CaseFlagsSet>> LatestFlagsSet(
    const std::vector<storage::RecordedEvent>& steps) {
  std::optional<v1::CaseFlagsSet> latest;
  for (const storage::RecordedEvent& step : steps) {
    v1::CaseEvent event;
    if (!event.ParseFromString(step.data)) {
      return absl::DataLossError(
          absl::StrCat("step ", step.version, " of the case does not decode"));
    }
    if (event.has_case_flags_set()) latest = event.case_flags_set();
  }
  return latest;
}

}  // namespace

ReferralIntake::ReferralIntake(const casework::CaseWork& work) : work_(work) {}

absl::StatusOr<casefile::DecisionContext> ReferralIntake::ReferralContext(
    const std::string& participant_id, absl::CivilDay day) const {
  TORG_ASSIGN_OR_RETURN(casework::LoadedParticipant participant,
                        work_.LoadParticipant(participant_id));
  casefile::DecisionContext context;
  context.today = work_.Today();
  context.config = &work_.config();
  context.consented_party_ids = casefile::ConsentedParties(participant.state);
  TORG_ASSIGN_OR_RETURN(context.participant_facts, work_.FactsOn(participant, day));
  return context;
}

absl::StatusOr<std::string> ReferralIntake::OtherCaseOfAppend(const storage::AppendResult& result,
                                                              const std::string& case_id) const {
  TORG_ASSIGN_OR_RETURN(std::vector<storage::RecordedEvent> events,
                        work_.store().ReadAll(result.first_position,
                                              result.last_position - result.first_position + 1));
  const std::string prefix = caseindex::CaseStream("");
  for (const storage::RecordedEvent& event : events) {
    if (absl::StartsWith(event.stream, prefix) && event.stream != caseindex::CaseStream(case_id)) {
      return event.stream.substr(prefix.size());
    }
  }
  return std::string();
}

absl::StatusOr<v1::SubmitReferralResponse> ReferralIntake::Submit(
    const v1::SubmitReferralRequest& request, const std::string& user) const {
  const casework::CommandEnvelope envelope{kSubmitMethod, &request, request.request_id(),
                                           std::nullopt, user};
  TORG_RETURN_IF_ERROR(casework::CaseWork::ValidateEnvelope(envelope));
  v1::SubmitReferralResponse response;
  const std::string& participant_id = request.referral().participant_id();
  if (participant_id.empty())
    return absl::InvalidArgumentError("referral.participant_id is required");
  v1::CaseStep step;
  *step.mutable_effective_date() =
      work_.EffectiveDate(request.has_effective_date(), request.effective_date());
  step.set_recorded_by(user);
  *step.mutable_referral_submitted() = request.referral();
  step.mutable_referral_submitted()->clear_age_at_referral();
  step.mutable_referral_submitted()->clear_directed_from_case_id();
  TORG_ASSIGN_OR_RETURN(absl::CivilDay day, DayOf(step.effective_date()));
  // Read before looking for an earlier attempt, so that an attempt committing
  // after the lookup was decided on the same facts (see CaseWork::RunCaseStep).
  TORG_ASSIGN_OR_RETURN(casefile::DecisionContext context, ReferralContext(participant_id, day));
  TORG_ASSIGN_OR_RETURN(std::optional<storage::AppendResult> earlier,
                        work_.FindEarlierAttempt(envelope));
  if (earlier.has_value()) {
    TORG_ASSIGN_OR_RETURN(std::string case_id, OtherCaseOfAppend(*earlier, ""));
    TORG_ASSIGN_OR_RETURN(*response.mutable_change(), work_.ChangeOf(case_id, *earlier));
    return response;
  }

  TORG_ASSIGN_OR_RETURN(casework::ParticipantSealer sealer,
                        work_.vault().SealerFor(participant_id));
  TORG_ASSIGN_OR_RETURN(v1::CaseEvent proposed, casework::SealStep(step, sealer));
  const std::string case_id = casework::NewId();
  proposed.mutable_referral_submitted()->set_case_id(case_id);
  TORG_ASSIGN_OR_RETURN(std::vector<v1::CaseEvent> events,
                        casefile::Decide(casefile::CaseState(), proposed, context));
  std::vector<casework::CaseWrite> writes;
  writes.push_back(casework::CaseWrite{case_id, 0, std::move(events)});
  TORG_ASSIGN_OR_RETURN(storage::AppendResult result,
                        work_.AppendCaseWrites(envelope, std::move(writes)));
  // A concurrent attempt of the same request won: answer with its case.
  std::string written_case = case_id;
  if (result.replayed) {
    TORG_ASSIGN_OR_RETURN(written_case, OtherCaseOfAppend(result, ""));
  }
  TORG_ASSIGN_OR_RETURN(*response.mutable_change(), work_.ChangeOf(written_case, result));
  return response;
}

absl::StatusOr<v1::DecideReferralResponse> ReferralIntake::Decide(
    const v1::DecideReferralRequest& request, const std::string& user) const {
  casework::CommandEnvelope envelope{kDecideMethod, &request, request.request_id(), std::nullopt,
                                     user};
  if (request.has_expected_version()) envelope.expected_version = request.expected_version();
  v1::DecideReferralResponse response;
  switch (request.decision_case()) {
    case v1::DecideReferralRequest::kDirect:
      return Direct(request, envelope);
    case v1::DecideReferralRequest::kAccept:
    case v1::DecideReferralRequest::kDecline: {
      casework::CaseCommand command{
          envelope, request.case_id(),
          work_.EffectiveDate(request.has_effective_date(), request.effective_date()),
          v1::CaseStep()};
      if (request.has_accept()) {
        command.step.mutable_referral_accepted();
      } else {
        *command.step.mutable_referral_declined() = request.decline();
      }
      TORG_ASSIGN_OR_RETURN(*response.mutable_change(), work_.RunCaseStep(std::move(command)));
      return response;
    }
    case v1::DecideReferralRequest::DECISION_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("decision is required: accept, direct or decline");
}

absl::StatusOr<v1::DecideReferralResponse> ReferralIntake::Direct(
    const v1::DecideReferralRequest& request, const casework::CommandEnvelope& envelope) const {
  TORG_RETURN_IF_ERROR(casework::CaseWork::ValidateEnvelope(envelope));
  // Everything the decision reads is read before looking for an earlier
  // attempt (see CaseWork::RunCaseStep).
  TORG_ASSIGN_OR_RETURN(casefile::CaseState state, work_.LoadCase(request.case_id()));
  const v1::Date effective =
      work_.EffectiveDate(request.has_effective_date(), request.effective_date());
  TORG_ASSIGN_OR_RETURN(absl::CivilDay day, DayOf(effective));
  TORG_ASSIGN_OR_RETURN(casefile::DecisionContext context,
                        ReferralContext(state.participant_id, day));
  TORG_ASSIGN_OR_RETURN(std::optional<storage::AppendResult> earlier,
                        work_.FindEarlierAttempt(envelope));
  if (earlier.has_value()) return DirectionOf(request.case_id(), *earlier);
  TORG_RETURN_IF_ERROR(casework::CaseWork::CheckExpectedVersion(
      envelope, caseindex::CaseStream(request.case_id()), state.version));

  const std::string target_case_id = casework::NewId();
  v1::CaseEvent directed;
  *directed.mutable_effective_date() = effective;
  directed.set_recorded_by(envelope.recorded_by);
  directed.mutable_referral_directed()->set_target_platform_id(
      request.direct().target_platform_id());
  directed.mutable_referral_directed()->set_target_case_id(target_case_id);
  TORG_ASSIGN_OR_RETURN(std::vector<v1::CaseEvent> source_events,
                        casefile::Decide(state, directed, context));

  // The new referral carries the original one's referrer, needs and sealed
  // details (sealed for the same participant, so they open there too), and
  // the flags as the case carries them now.
  TORG_ASSIGN_OR_RETURN(
      std::vector<storage::RecordedEvent> steps,
      work_.store().ReadStream(caseindex::CaseStream(request.case_id()), 1, state.version));
  v1::CaseEvent original;
  if (steps.empty() || !original.ParseFromString(steps.front().data) ||
      !original.has_referral_submitted()) {
    return absl::DataLossError("the case's referral cannot be read");
  }
  TORG_ASSIGN_OR_RETURN(std::optional<v1::CaseFlagsSet> flags_now, LatestFlagsSet(steps));
  v1::CaseEvent referral;
  *referral.mutable_effective_date() = effective;
  referral.set_recorded_by(envelope.recorded_by);
  *referral.mutable_referral_submitted() = original.referral_submitted();
  referral.mutable_referral_submitted()->set_case_id(target_case_id);
  referral.mutable_referral_submitted()->set_platform_id(request.direct().target_platform_id());
  referral.mutable_referral_submitted()->set_directed_from_case_id(request.case_id());
  TORG_ASSIGN_OR_RETURN(std::vector<v1::CaseEvent> target_events,
                        casefile::Decide(casefile::CaseState(), referral, context));
  if (flags_now.has_value()) {
    // Flags raised or withdrawn while the referral waited hold on the new
    // case from its first day, as the referral's own do.
    casefile::CaseState target;
    for (const v1::CaseEvent& event : target_events) {
      TORG_RETURN_IF_ERROR(casefile::Apply(target, event));
    }
    v1::CaseEvent carried;
    *carried.mutable_effective_date() = effective;
    carried.set_recorded_by(envelope.recorded_by);
    *carried.mutable_case_flags_set() = *std::move(flags_now);
    TORG_ASSIGN_OR_RETURN(std::vector<v1::CaseEvent> flag_events,
                          casefile::Decide(target, carried, context));
    for (v1::CaseEvent& event : flag_events) target_events.push_back(std::move(event));
  }

  std::vector<casework::CaseWrite> writes;
  writes.push_back(casework::CaseWrite{request.case_id(), state.version, std::move(source_events)});
  writes.push_back(casework::CaseWrite{target_case_id, 0, std::move(target_events)});
  TORG_ASSIGN_OR_RETURN(storage::AppendResult result,
                        work_.AppendCaseWrites(envelope, std::move(writes)));
  // Replayed when a concurrent attempt of the same request won: its target
  // case, not this attempt's, is the one written.
  return DirectionOf(request.case_id(), result);
}

absl::StatusOr<v1::DecideReferralResponse> ReferralIntake::DirectionOf(
    const std::string& case_id, const storage::AppendResult& result) const {
  v1::DecideReferralResponse response;
  TORG_ASSIGN_OR_RETURN(*response.mutable_change(), work_.ChangeOf(case_id, result));
  TORG_ASSIGN_OR_RETURN(std::string directed_case, OtherCaseOfAppend(result, case_id));
  if (!directed_case.empty()) {
    TORG_ASSIGN_OR_RETURN(*response.mutable_directed_case(), work_.SummaryOf(directed_case));
  }
  return response;
}

}  // namespace torg::intake
