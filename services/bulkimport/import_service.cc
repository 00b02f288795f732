#include "services/bulkimport/import_service.h"

#include "absl/strings/str_cat.h"
#include "services/edge/gated_call.h"

namespace torg::bulkimport {
namespace {

// What an import disclosed and wrote, for its audit record: every
// participant and case a row created or was matched to (a row that names an
// already registered personnummer tells the caller who that is).
edge::Disclosed DisclosedByImport(const v1::ImportCasesResponse& response) {
  edge::Disclosed disclosed;
  for (const v1::ImportRowResult& row : response.results()) {
    if (!row.participant_id().empty()) disclosed.participant_ids.push_back(row.participant_id());
    if (!row.case_id().empty()) disclosed.case_ids.push_back(row.case_id());
  }
  disclosed.detail = absl::StrCat(
      response.dry_run() ? "bulk import, dry run: " : "bulk import: ", response.imported_count(),
      " imported, ", response.valid_count(), " valid, ", response.already_imported_count(),
      " already imported, ", response.changed_count(), " changed, ", response.rejected_count(),
      " rejected");
  return disclosed;
}

}  // namespace

ImportService::ImportService(const casework::CaseWork& work, const edge::CallGate& gate)
    : gate_(gate), importer_(work) {}

grpc::ServerUnaryReactor* ImportService::ImportCases(grpc::CallbackServerContext* context,
                                                     const v1::ImportCasesRequest* request,
                                                     v1::ImportCasesResponse* response) {
  return edge::ServeRead(
      context, gate_, "/torg.v1.ImportService/ImportCases", *request, response,
      [=](const edge::AdmittedCall& call) {
        return importer_.Import(*request, call.principal.user_id);
      },
      [](const edge::AdmittedCall&, const v1::ImportCasesResponse& imported) {
        return DisclosedByImport(imported);
      });
}

}  // namespace torg::bulkimport
