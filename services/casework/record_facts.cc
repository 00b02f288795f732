#include "services/casework/record_facts.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/strip.h"
#include "services/caseindex/case_streams.h"
#include "services/common/status_macros.h"
#include "torg/v1/case_events.pb.h"

namespace torg::casework {
namespace {

std::vector<std::string> SortedIds(const std::set<std::string>& ids) {
  return std::vector<std::string>(ids.begin(), ids.end());
}

access::CaseAccessFacts FactsOf(const v1::CaseSummary& summary,
                                std::vector<std::string> consented_party_ids) {
  access::CaseAccessFacts facts;
  facts.case_id = summary.case_id();
  facts.participant_id = summary.participant_id();
  facts.platform_id = summary.platform_id();
  facts.involved_party_ids.assign(summary.needed_party_ids().begin(),
                                  summary.needed_party_ids().end());
  if (summary.has_pending_handover()) {
    facts.receiving_platform_id = summary.pending_handover().target_platform_id();
    facts.receiving_party_id = summary.pending_handover().target_party_id();
  }
  facts.consented_party_ids = std::move(consented_party_ids);
  return facts;
}

}  // namespace

absl::StatusOr<std::optional<access::CaseAccessFacts>> CaseWorkRecordFacts::CaseFacts(
    absl::string_view case_id) const {
  // A malformed id says nothing about which cases exist.
  if (!storage::ValidateStreamName(caseindex::CaseStream(case_id)).ok()) {
    return absl::InvalidArgumentError("case_id must be a case id");
  }
  TORG_ASSIGN_OR_RETURN(std::optional<v1::CaseSummary> summary,
                        work_.index().GetCaseSummary(case_id));
  if (!summary.has_value()) return std::nullopt;
  absl::StatusOr<LoadedParticipant> participant = work_.LoadParticipant(summary->participant_id());
  std::vector<std::string> consented;
  if (participant.ok()) {
    consented = SortedIds(casefile::ConsentedParties(participant->state));
  } else if (!absl::IsNotFound(participant.status())) {
    return participant.status();
  }
  return FactsOf(*summary, std::move(consented));
}

absl::StatusOr<std::optional<access::ParticipantAccessFacts>> CaseWorkRecordFacts::ParticipantFacts(
    absl::string_view participant_id) const {
  absl::StatusOr<LoadedParticipant> participant = work_.LoadParticipant(participant_id);
  if (absl::IsNotFound(participant.status())) return std::nullopt;
  if (!participant.ok()) return participant.status();
  access::ParticipantAccessFacts facts;
  facts.participant_id = std::string(participant_id);
  facts.protected_identity = participant->state.protected_identity;
  if (!participant->events.empty()) {
    v1::ParticipantEvent first;
    if (first.ParseFromString(participant->events.front().data)) {
      facts.registered_by = first.recorded_by();
    }
  }
  facts.consented_party_ids = SortedIds(casefile::ConsentedParties(participant->state));
  TORG_ASSIGN_OR_RETURN(std::vector<v1::CaseSummary> cases,
                        work_.index().CasesOfParticipant(participant_id));
  for (const v1::CaseSummary& summary : cases) {
    facts.cases.push_back(FactsOf(summary, facts.consented_party_ids));
  }
  return facts;
}

absl::StatusOr<bool> CaseWorkRecordFacts::IsRetryOfOwnCommand(
    absl::string_view method, const google::protobuf::Message& request,
    absl::string_view user_id) const {
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr || field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_STRING ||
      field->is_repeated()) {
    return false;
  }
  CommandEnvelope envelope;
  envelope.method = std::string(absl::StripPrefix(method, "/"));
  envelope.request = &request;
  envelope.request_id = request.GetReflection()->GetString(request, field);
  if (envelope.request_id.empty()) return false;
  absl::StatusOr<std::optional<storage::AppendResult>> earlier = work_.FindEarlierAttempt(envelope);
  // Another request under the same id is not a retry; the handler says so.
  if (absl::IsInvalidArgument(earlier.status())) return false;
  if (!earlier.ok()) return earlier.status();
  if (!earlier->has_value()) return false;
  TORG_ASSIGN_OR_RETURN(std::vector<storage::RecordedEvent> first,
                        work_.store().ReadAll((*earlier)->first_position, 1));
  if (first.empty()) return false;
  v1::CaseEvent event;
  return event.ParseFromString(first.front().data) && event.recorded_by() == user_id;
}

}  // namespace torg::casework
