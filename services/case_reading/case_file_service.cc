#include "services/case_reading/case_file_service.h"

#include <limits>
#include <utility>
#include <vector>

#include "services/caseindex/case_index_reader.h"
#include "services/caseindex/case_streams.h"
#include "services/casework/participant_view.h"
#include "services/common/status_macros.h"
#include "services/edge/unary_call.h"

namespace torg::case_reading {

using edge::Finish;

CaseFileService::CaseFileService(const casework::CaseWork& work) : work_(work) {}

grpc::ServerUnaryReactor* CaseFileService::GetParticipant(grpc::CallbackServerContext* context,
                                                          const v1::GetParticipantRequest* request,
                                                          v1::GetParticipantResponse* response) {
  return Finish(context, Participant(*request), response);
}

grpc::ServerUnaryReactor* CaseFileService::GetCase(grpc::CallbackServerContext* context,
                                                   const v1::GetCaseRequest* request,
                                                   v1::GetCaseResponse* response) {
  return Finish(context, Case(*request), response);
}

grpc::ServerUnaryReactor* CaseFileService::ListCases(grpc::CallbackServerContext* context,
                                                     const v1::ListCasesRequest* request,
                                                     v1::ListCasesResponse* response) {
  return Finish(context, Cases(*request), response);
}

absl::StatusOr<v1::GetParticipantResponse> CaseFileService::Participant(
    const v1::GetParticipantRequest& request) const {
  TORG_ASSIGN_OR_RETURN(casework::LoadedParticipant loaded,
                        work_.LoadParticipant(request.participant_id()));
  TORG_ASSIGN_OR_RETURN(casework::ParticipantSealer sealer,
                        work_.vault().SealerFor(request.participant_id()));
  v1::GetParticipantResponse response;
  TORG_ASSIGN_OR_RETURN(*response.mutable_participant(),
                        casework::BuildParticipantView(loaded.events, sealer));
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
  TORG_ASSIGN_OR_RETURN(casework::ParticipantSealer sealer,
                        work_.vault().SealerFor(response.case_summary().participant_id()));
  TORG_ASSIGN_OR_RETURN(std::vector<storage::RecordedEvent> events,
                        work_.store().ReadStream(caseindex::CaseStream(request.case_id()), 1,
                                                 std::numeric_limits<size_t>::max()));
  for (const storage::RecordedEvent& event : events) {
    TORG_ASSIGN_OR_RETURN(*response.add_timeline(),
                          casework::CaseWork::TimelineEntryOf(event, sealer));
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
