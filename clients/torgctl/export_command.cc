#include "clients/torgctl/export_command.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "clients/torgctl/cli_options.h"
#include "clients/torgctl/cli_parsing.h"
#include "clients/torgctl/connection.h"
#include "clients/torgctl/rpc_call.h"
#include "torg/v1/export_service.grpc.pb.h"

namespace torg::torgctl {
namespace {

// Reads a whole export stream that `open` starts on a fresh stub and writes
// it. Nothing is written unless the stream is whole and in order: a partial
// CSV must never be mistaken for a submission. `request_id` is the
// ExportSus retry key, "" for RegenerateSubmission (which records nothing).
template <typename Response, typename Open>
int StreamSusExportFromTorgd(const GlobalOptions& options, CommandIo& io, absl::string_view command,
                             const Open& open, const SusOutputFiles& files,
                             const std::string& request_id) {
  torg::v1::ExportService::Stub stub(OpenChannel(options));
  grpc::ClientContext context;
  PrepareContext(options, context);
  std::unique_ptr<grpc::ClientReader<Response>> reader = open(stub, &context);
  SusExportAssembler assembler;
  absl::Status order = absl::OkStatus();
  Response message;
  while (reader->Read(&message)) {
    order = assembler.Add(message.chunk());
    if (!order.ok()) {
      context.TryCancel();
      // Drained before Finish, as gRPC's synchronous reader requires.
      while (reader->Read(&message)) {
      }
      break;
    }
  }
  const grpc::Status status = reader->Finish();
  if (!order.ok()) {
    io.err << "torgctl " << command << ": " << order.message() << "; nothing was written\n";
    return kExitFailure;
  }
  if (!status.ok()) {
    ReportRpcFailure(options, command, status, io);
    if (!request_id.empty()) PrintRetryHint(status, request_id, io);
    return kExitFailure;
  }
  absl::StatusOr<SusExportAssembly> assembly = std::move(assembler).Finish();
  if (!assembly.ok()) {
    io.err << "torgctl " << command << ": " << assembly.status().message()
           << "; nothing was written\n";
    // The server finished the call, so the submission may be recorded.
    if (!request_id.empty()) {
      io.err << "Retry with --request-id " << request_id << " to get that submission.\n";
    }
    return kExitFailure;
  }
  return WriteSusExport(*assembly, files, command, io);
}

// --out and --validation, stored in `files`.
void AddSusOutputOptions(CLI::App& command, SusOutputFiles& files, bool with_validation) {
  command.add_option("--out", files.csv_path, "write the CSV to this file (default: stdout)")
      ->type_name("FILE");
  if (!with_validation) return;
  command
      .add_option("--validation", files.validation_path,
                  "write the validation report to this file (default: stderr)")
      ->type_name("FILE");
}

void AddSusExportCommand(CLI::App& group, Invocation& invocation,
                         ExportSender<torg::v1::ExportSusRequest> send) {
  auto flags = std::make_shared<PeriodReportFlags>();
  auto request_id = std::make_shared<std::string>();
  auto files = std::make_shared<SusOutputFiles>();
  CLI::App* command = group.add_subcommand(
      "sus",
      "Cuts the SUS export of a platform and period at the log's current position (or as of "
      "--as-of-position or --as-of-date) and records it as a submission: the CSV to --out or "
      "stdout, the submission (id, log position, rows) to stderr, the validation report to "
      "--validation or stderr. Retrying with the same --request-id gives the same submission "
      "again");
  AddReportPeriodOptions(*command, flags);
  command
      ->add_option("--request-id", *request_id,
                   "the idempotency key; retrying with the same one records one submission "
                   "(default: a fresh UUID, printed if the call fails)")
      ->type_name("ID");
  AddSusOutputOptions(*command, *files, /*with_validation=*/true);
  SetRun(*command, invocation,
         [flags, request_id, files, send = std::move(send)](const GlobalOptions& options,
                                                            CommandIo& io) {
           const absl::StatusOr<torg::v1::ExportSusRequest> request =
               SusExportRequest(*flags, *request_id);
           if (!request.ok()) return UsageError(io, "export sus", request.status().message());
           return send(options, io, *request, *files);
         });
}

void AddRegenerateCommand(CLI::App& group, Invocation& invocation,
                          ExportSender<torg::v1::RegenerateSubmissionRequest> send) {
  auto request = std::make_shared<torg::v1::RegenerateSubmissionRequest>();
  auto files = std::make_shared<SusOutputFiles>();
  CLI::App* command = group.add_subcommand(
      "regenerate",
      "Writes a recorded submission again, byte for byte as it was first handed out, with its "
      "validation report; refused if it can no longer be reproduced");
  command->add_option("submission", *request->mutable_submission_id(), "the submission's id")
      ->type_name("SUBMISSION_ID")
      ->required();
  AddSusOutputOptions(*command, *files, /*with_validation=*/true);
  SetRun(*command, invocation,
         [request, files, send = std::move(send)](const GlobalOptions& options, CommandIo& io) {
           return send(options, io, *request, *files);
         });
}

void AddDiffCommand(CLI::App& group, Invocation& invocation,
                    ExportSender<torg::v1::DiffSubmissionsRequest> send) {
  auto request = std::make_shared<torg::v1::DiffSubmissionsRequest>();
  auto files = std::make_shared<SusOutputFiles>();
  CLI::App* command = group.add_subcommand(
      "diff",
      "The correction from one submission to a later one of the same platform: the rows added, "
      "changed and withdrawn, as the correction CSV (first column \"ändring\") to --out or "
      "stdout, and a summary to stderr");
  command->add_option("old", *request->mutable_old_submission_id(), "the earlier submission")
      ->type_name("OLD_ID")
      ->required();
  command->add_option("new", *request->mutable_new_submission_id(), "the later submission")
      ->type_name("NEW_ID")
      ->required();
  AddSusOutputOptions(*command, *files, /*with_validation=*/false);
  SetRun(*command, invocation,
         [request, files, send = std::move(send)](const GlobalOptions& options, CommandIo& io) {
           if (request->old_submission_id() == request->new_submission_id()) {
             return UsageError(io, "export diff",
                               "give two different submissions: a submission has no correction "
                               "to itself");
           }
           return send(options, io, *request, *files);
         });
}

void AddListCommand(
    CLI::App& group, Invocation& invocation,
    std::function<int(const GlobalOptions&, CommandIo&, const torg::v1::ListSubmissionsRequest&)>
        send) {
  auto request = std::make_shared<torg::v1::ListSubmissionsRequest>();
  CLI::App* command = group.add_subcommand(
      "list",
      "The recorded submissions, newest first: id, platform, period, log position, rows, the day "
      "cut and by whom. Names no participant, so it needs no --purpose");
  command
      ->add_option("--platform", *request->mutable_platform_id(),
                   "only this platform's (default: every platform's)")
      ->type_name("PLATFORM_ID");
  SetRun(*command, invocation,
         [request, send = std::move(send)](const GlobalOptions& options, CommandIo& io) {
           return send(options, io, *request);
         });
}

}  // namespace

absl::StatusOr<torg::v1::ExportSusRequest> SusExportRequest(const PeriodReportFlags& flags,
                                                            const std::string& request_id) {
  if (flags.platform_id.empty()) {
    return absl::InvalidArgumentError(
        "give --platform: a SUS submission is one platform's (insats)");
  }
  if (request_id.size() > 200) {
    return absl::InvalidArgumentError("--request-id is longer than 200 characters");
  }
  absl::StatusOr<torg::v1::GetPeriodReportRequest> period = PeriodReportRequest(flags);
  if (!period.ok()) return period.status();
  torg::v1::ExportSusRequest request;
  request.set_request_id(request_id.empty() ? NewRequestId() : request_id);
  request.set_platform_id(period->platform_id());
  *request.mutable_first_day() = period->first_day();
  *request.mutable_last_day() = period->last_day();
  if (period->has_as_of()) *request.mutable_as_of() = period->as_of();
  return request;
}

ExportSenders TorgdExportSenders() {
  using Stub = torg::v1::ExportService::Stub;
  ExportSenders senders;
  senders.sus = [](const GlobalOptions& options, CommandIo& io,
                   const torg::v1::ExportSusRequest& request, const SusOutputFiles& files) {
    return StreamSusExportFromTorgd<torg::v1::ExportSusResponse>(
        options, io, "export sus",
        [&request](Stub& stub, grpc::ClientContext* context) {
          return stub.ExportSus(context, request);
        },
        files, request.request_id());
  };
  senders.regenerate = [](const GlobalOptions& options, CommandIo& io,
                          const torg::v1::RegenerateSubmissionRequest& request,
                          const SusOutputFiles& files) {
    return StreamSusExportFromTorgd<torg::v1::RegenerateSubmissionResponse>(
        options, io, "export regenerate",
        [&request](Stub& stub, grpc::ClientContext* context) {
          return stub.RegenerateSubmission(context, request);
        },
        files, /*request_id=*/"");
  };
  senders.diff = [](const GlobalOptions& options, CommandIo& io,
                    const torg::v1::DiffSubmissionsRequest& request, const SusOutputFiles& files) {
    torg::v1::DiffSubmissionsResponse response;
    const grpc::Status status = CallRpc(options, &Stub::DiffSubmissions, request, &response);
    if (!status.ok()) return ReportRpcFailure(options, "export diff", status, io);
    // JSON carries the whole answer (correction_csv in base64) for scripts.
    if (options.output == OutputFormat::kJson) return PrintJson(response, io);
    return WriteSusDiff(response, files.csv_path, "export diff", io);
  };
  senders.list = [](const GlobalOptions& options, CommandIo& io,
                    const torg::v1::ListSubmissionsRequest& request) {
    torg::v1::ListSubmissionsResponse response;
    const grpc::Status status = CallRpc(options, &Stub::ListSubmissions, request, &response);
    if (!status.ok()) return ReportRpcFailure(options, "export list", status, io);
    if (options.output == OutputFormat::kJson) return PrintJson(response, io);
    io.out << RenderSusSubmissionList(response);
    return kExitOk;
  };
  return senders;
}

void AddExportCommands(CLI::App& app, Invocation& invocation) {
  AddExportCommands(app, invocation, TorgdExportSenders());
}

void AddExportCommands(CLI::App& app, Invocation& invocation, ExportSenders senders) {
  CLI::App* group = app.add_subcommand(
      "export",
      "The national follow-up (SUS / Uppföljning Finsam): cut, regenerate, correct and list a "
      "platform's submissions. Exporter role only; every call that names participants is "
      "audited with --purpose");
  group->require_subcommand(1);
  AddSusExportCommand(*group, invocation, std::move(senders.sus));
  AddRegenerateCommand(*group, invocation, std::move(senders.regenerate));
  AddDiffCommand(*group, invocation, std::move(senders.diff));
  AddListCommand(*group, invocation, std::move(senders.list));
}

}  // namespace torg::torgctl
