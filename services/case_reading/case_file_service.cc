#include "services/case_reading/case_file_service.h"

#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "services/caseindex/case_index_reader.h"
#include "services/caseindex/case_streams.h"
#include "services/casework/participant_view.h"
#include "services/common/status_macros.h"
#include "services/edge/gated_call.h"

namespace torg::case_reading {

CaseFileService::CaseFileService(const casework::CaseWork& work, const edge::CallGate& gate)
    : gate_(gate), work_(work) {}

grpc::ServerUnaryReactor* CaseFileService::GetParticipant(grpc::CallbackServerContext* context,
                                                          const v1::GetParticipantRequest* request,
                                                          v1::GetParticipantResponse* response) {
  return edge::ServeRead(
      context, gate_, "/torg.v1.CaseFileService/GetParticipant", *request, response,
      [=](const edge::AdmittedCall&) { return Participant(*request); },
      [](const edge::AdmittedCall&, const v1::GetParticipantResponse& read) {
        return edge::DisclosedItems(read.cases());
      });
}

grpc::ServerUnaryReactor* CaseFileService::GetCase(grpc::CallbackServerContext* context,
                                                   const v1::GetCaseRequest* request,
                                                   v1::GetCaseResponse* response) {
  return edge::Serve(context, gate_, "/torg.v1.CaseFileService/GetCase", *request, response,
                     [=](const edge::AdmittedCall&) { return Case(*request); });
}

grpc::ServerUnaryReactor* CaseFileService::ListCases(grpc::CallbackServerContext* context,
                                                     const v1::ListCasesRequest* request,
                                                     v1::ListCasesResponse* response) {
  return edge::ServeRead(
      context, gate_, "/torg.v1.CaseFileService/ListCases", *request, response,
      [=](const edge::AdmittedCall& call) -> absl::StatusOr<v1::ListCasesResponse> {
        TORG_ASSIGN_OR_RETURN(v1::ListCasesResponse listed, Cases(*request));
        TORG_RETURN_IF_ERROR(edge::KeepVisible(gate_, call, *listed.mutable_cases()));
        return listed;
      },
      [](const edge::AdmittedCall&, const v1::ListCasesResponse& listed) {
        return edge::DisclosedItems(listed.cases());
      });
}

absl::StatusOr<v1::GetParticipantResponse> CaseFileService::Participant(
    const v1::GetParticipantRequest& request) const {
  TORG_ASSIGN_OR_RETURN(casework::LoadedParticipant loaded,
                        work_.LoadParticipant(request.participant_id()));
  v1::GetParticipantResponse response;
  // An erased participant is shown `erased`, without identity.
  TORG_ASSIGN_OR_RETURN(*response.mutable_participant(), work_.ParticipantViewOf(loaded));
  TORG_ASSIGN_OR_RETURN(std::vector<v1::CaseSummary> cases,
                        work_.index().CasesOfParticipant(request.participant_id()));
  for (v1::CaseSummary& summary : cases) *response.add_cases() = std::move(summary);
  return response;
}

absl::StatusOr<v1::GetCaseResponse> CaseFileService::Case(const v1::GetCaseRequest& request) const {
  if (request.case_id().empty() ||
      !storage::ValidateStreamName(caseindex::CaseStream(request.case_id())).ok()) {
    return absl::InvalidArgumentError("case_id is required and must be a case id");
  }
  v1::GetCaseResponse response;
  TORG_ASSIGN_OR_RETURN(*response.mutable_case_summary(), work_.SummaryOf(request.case_id()));
  // No sealer once the participant is erased: the timeline is then redacted.
  TORG_ASSIGN_OR_RETURN(std::optional<casework::ParticipantSealer> sealer,
                        work_.ReadSealerFor(response.case_summary().participant_id()));
  TORG_ASSIGN_OR_RETURN(std::vector<storage::RecordedEvent> events,
                        work_.store().ReadStream(caseindex::CaseStream(request.case_id()), 1,
                                                 std::numeric_limits<size_t>::max()));
  for (const storage::RecordedEvent& event : events) {
    TORG_ASSIGN_OR_RETURN(
        *response.add_timeline(),
        casework::CaseWork::TimelineEntryOf(event, sealer.has_value() ? &*sealer : nullptr));
  }
  return response;
}

absl::StatusOr<v1::ListCasesResponse> CaseFileService::Cases(
    const v1::ListCasesRequest& request) const {
  caseindex::CaseFilter filter;
  filter.platform_id = request.platform_id();
  filter.status = request.status();
  filter.owner_user_id = request.owner_user_id();
  TORG_ASSIGN_OR_RETURN(
      auto page, work_.index().ListCases(
                     filter, caseindex::PageRequest{request.page_size(), request.page_token()}));
  v1::ListCasesResponse response;
  for (v1::CaseSummary& summary : page.items) *response.add_cases() = std::move(summary);
  response.set_next_page_token(std::move(page.next_page_token));
  return response;
}

}  // namespace torg::case_reading
