#include "services/export/export_service.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/edge/gated_call.h"
#include "services/edge/grpc_status.h"

namespace torg::exporting {
namespace {

// Once started, writes prepared messages one after the other, then
// finishes; or finishes at once with an error. Deletes itself when gRPC is
// done with it, which is never before Start.
template <class Response>
class SusChunkWriter final : public grpc::ServerWriteReactor<Response> {
 public:
  // Call exactly once, from any thread.
  void Start(absl::StatusOr<std::vector<v1::SusExportChunk>> chunks) {
    if (!chunks.ok()) {
      this->Finish(edge::ToGrpcStatus(chunks.status()));
      return;
    }
    for (v1::SusExportChunk& chunk : *chunks)
      *messages_.emplace_back().mutable_chunk() = std::move(chunk);
    WriteNext();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      this->Finish(
          grpc::Status(grpc::StatusCode::UNAVAILABLE, "the client stopped reading the export"));
      return;
    }
    WriteNext();
  }

  void OnDone() override { delete this; }

 private:
  void WriteNext() {
    if (next_ == messages_.size()) {
      this->Finish(grpc::Status::OK);
      return;
    }
    this->StartWrite(&messages_[next_++]);
  }

  std::vector<Response> messages_;
  size_t next_ = 0;
};

std::vector<v1::SusExportChunk> ChunksOf(followup::SusExportResult result) {
  std::vector<v1::SusExportChunk> chunks;
  *chunks.emplace_back().mutable_submission() = std::move(result.submission);
  for (size_t offset = 0; offset < result.csv.size(); offset += kSusCsvChunkBytes) {
    chunks.emplace_back().set_csv(result.csv.substr(offset, kSusCsvChunkBytes));
  }
  *chunks.emplace_back().mutable_validation() = std::move(result.validation);
  return chunks;
}

// Who an export names: the participants and cases of its rows and of the
// listed exclusions.
edge::Disclosed DisclosedBy(const followup::SusExportResult& result, absl::string_view what) {
  edge::Disclosed disclosed;
  for (const followup::SusRow& row : result.rows) {
    disclosed.participant_ids.push_back(row.participant_id);
    disclosed.case_ids.push_back(row.case_id);
  }
  for (const v1::SusExcludedStay& excluded : result.validation.excluded()) {
    disclosed.participant_ids.push_back(excluded.participant_id());
    disclosed.case_ids.push_back(excluded.case_id());
  }
  disclosed.detail =
      absl::StrCat(what, " SUS submission ", result.submission.submission_id(), " of ",
                   result.submission.platform_id(), ", ", result.submission.row_count(), " rows");
  return disclosed;
}

// Admits the call, runs `body` for the admitted principal, records what it
// discloses, and streams it. The work runs on the gate's handler pool, as
// every unary call's does (edge/handler_pool.h): an export takes seconds,
// and on one of gRPC's few event threads it would hold up every other call.
template <class Response, class Request, class Body>
grpc::ServerWriteReactor<Response>* StreamExport(grpc::CallbackServerContext* context,
                                                 const edge::CallGate& gate,
                                                 absl::string_view method, const Request& request,
                                                 absl::string_view what, Body&& body) {
  // Owned by gRPC from here; it deletes itself in OnDone, after Start.
  SusChunkWriter<Response>* writer = std::make_unique<SusChunkWriter<Response>>().release();
  auto work = [context, &gate, method = std::string(method), &request, what = std::string(what),
               body = std::forward<Body>(
                   body)]() mutable -> absl::StatusOr<std::vector<v1::SusExportChunk>> {
    if (context->IsCancelled()) return absl::CancelledError("the call was cancelled");
    absl::StatusOr<edge::AdmittedCall> call = gate.Admit(*context, method, request);
    if (!call.ok()) return call.status();
    absl::StatusOr<followup::SusExportResult> result = body(*call);
    if (!result.ok()) return result.status();
    const absl::Status recorded = gate.RecordRead(*call, DisclosedBy(*result, what));
    if (!recorded.ok()) return recorded;
    return ChunksOf(*std::move(result));
  };
  const absl::Status dispatched =
      gate.Dispatch([work, writer]() mutable { writer->Start(work()); });
  if (!dispatched.ok()) writer->Start(dispatched);
  return writer;
}

}  // namespace

ExportService::ExportService(storage::EventStore& store, const casework::ParticipantVault& vault,
                             const v1::ForbundConfig& config, const sealing::LookupHasher& hasher,
                             const edge::CallGate& gate)
    : submissions_(store, vault, config, hasher), gate_(gate) {}

grpc::ServerWriteReactor<v1::ExportSusResponse>* ExportService::ExportSus(
    grpc::CallbackServerContext* context, const v1::ExportSusRequest* request) {
  return StreamExport<v1::ExportSusResponse>(context, gate_, "/torg.v1.ExportService/ExportSus",
                                             *request, "cut", [=](const edge::AdmittedCall& call) {
                                               return submissions_.Export(*request,
                                                                          call.principal.user_id);
                                             });
}

grpc::ServerWriteReactor<v1::RegenerateSubmissionResponse>* ExportService::RegenerateSubmission(
    grpc::CallbackServerContext* context, const v1::RegenerateSubmissionRequest* request) {
  return StreamExport<v1::RegenerateSubmissionResponse>(
      context, gate_, "/torg.v1.ExportService/RegenerateSubmission", *request, "regenerated",
      [=](const edge::AdmittedCall&) { return submissions_.Regenerate(request->submission_id()); });
}

grpc::ServerUnaryReactor* ExportService::DiffSubmissions(grpc::CallbackServerContext* context,
                                                         const v1::DiffSubmissionsRequest* request,
                                                         v1::DiffSubmissionsResponse* response) {
  return edge::ServeRead(
      context, gate_, "/torg.v1.ExportService/DiffSubmissions", *request, response,
      [=](const edge::AdmittedCall&) { return submissions_.Diff(*request); },
      [](const edge::AdmittedCall&, const v1::DiffSubmissionsResponse& diff) {
        edge::Disclosed disclosed;
        disclosed.detail = absl::StrCat(
            "SUS correction from submission ", diff.old_submission().submission_id(), " to ",
            diff.new_submission().submission_id(), ", ", diff.changes_size(), " rows");
        return disclosed;
      });
}

grpc::ServerUnaryReactor* ExportService::ListSubmissions(grpc::CallbackServerContext* context,
                                                         const v1::ListSubmissionsRequest* request,
                                                         v1::ListSubmissionsResponse* response) {
  // Names no one (ids, periods, counts): not a personal read.
  return edge::Serve(
      context, gate_, "/torg.v1.ExportService/ListSubmissions", *request, response,
      [=](const edge::AdmittedCall&) { return submissions_.List(request->platform_id()); });
}

}  // namespace torg::exporting
