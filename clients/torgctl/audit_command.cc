#include "clients/torgctl/audit_command.h"

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "absl/time/time.h"
#include "clients/torgctl/access_output.h"
#include "clients/torgctl/cli_options.h"
#include "clients/torgctl/cli_parsing.h"
#include "clients/torgctl/rpc_call.h"
#include "torg/v1/audit_service.grpc.pb.h"

namespace torg::torgctl {
namespace {

using torg::v1::AuditService;

// --from / --to: days are read in the machine's time zone, as the table
// prints times.
// `store` is called only when the option is given: the request must not
// get an empty Timestamp (mutable_from_time() makes one), which torgd would
// take as the epoch.
CLI::Option* AddTimeOption(CLI::App& command, const std::string& name, TimeBound bound,
                           std::function<void(const google::protobuf::Timestamp&)> store,
                           const std::string& description) {
  const auto parse = [bound](const std::string& text) {
    return ParseTimeBound(text, bound, absl::LocalTimeZone());
  };
  return command
      .add_option_function<std::string>(
          name,
          [parse, store = std::move(store)](const std::string& text) {
            store(ToTimestamp(*parse(text)));
          },
          description)
      ->type_name("TIME")
      ->check(Accepting(parse));
}

void AddQuery(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::QueryAuditLogRequest>();
  CLI::App* command = group.add_subcommand(
      "query",
      "Entries of the audit log matching every filter given, oldest first (auditor only; the "
      "query itself is recorded)");
  command->add_option("--user-id", *request->mutable_user_id(), "only this user's entries")
      ->type_name("USER");
  command
      ->add_option("--participant", *request->mutable_participant_id(),
                   "only entries naming this participant")
      ->type_name("ID");
  command->add_option("--case", *request->mutable_case_id(), "only entries naming this case")
      ->type_name("ID");
  AddTimeOption(
      *command, "--from", TimeBound::kFrom,
      [request](const google::protobuf::Timestamp& time) { *request->mutable_from_time() = time; },
      "only entries from this time: YYYY-MM-DD (from its start, local time) or RFC "
      "3339, e.g. 2026-03-31T14:00:00+02:00");
  AddTimeOption(
      *command, "--to", TimeBound::kTo,
      [request](const google::protobuf::Timestamp& time) { *request->mutable_to_time() = time; },
      "only entries before this time: YYYY-MM-DD (to its end, local time) or RFC 3339");
  AddPageSizeOption(*command, [request](int size) { request->set_page_size(size); });
  command->add_option("--page-token", *request->mutable_page_token(), "from the previous page")
      ->type_name("TOKEN");
  SetRun(*command, invocation, [request](const GlobalOptions& options, CommandIo& io) {
    return Query(options, io, "audit query", &AuditService::Stub::QueryAuditLog, *request,
                 [](const torg::v1::QueryAuditLogResponse& response) {
                   return RenderAuditEntries(response.entries(), response.next_page_token(),
                                             absl::LocalTimeZone());
                 });
  });
}

void AddVerify(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::VerifyAuditLogRequest>();
  CLI::App* command = group.add_subcommand(
      "verify",
      "Walk the audit log's hash chain: prints \"intact: N entries checked, head SEQ:HEX\" and "
      "exits 0, or \"BROKEN at entry N: ...\" and exits 3. Keep the head outside torgd and pass "
      "it as --anchor next time: that also catches a log rewritten whole (auditor only)");
  command
      ->add_option_function<std::string>(
          "--anchor",
          [request](const std::string& text) {
            const AuditAnchor anchor = *ParseAnchor(text);
            request->set_anchor_sequence(anchor.sequence);
            request->set_anchor_hash_hex(anchor.hash_hex);
          },
          "a head an earlier verification printed: the log must still hold it")
      ->type_name("SEQ:HEX")
      ->check(Accepting(ParseAnchor));
  SetRun(*command, invocation, [request](const GlobalOptions& options, CommandIo& io) {
    torg::v1::VerifyAuditLogResponse response;
    const grpc::Status status =
        CallRpc(options, &AuditService::Stub::VerifyAuditLog, *request, &response);
    if (!status.ok()) return ReportRpcFailure(options, "audit verify", status, io);
    const int printed = PrintResponse(options, io, response, RenderVerification);
    if (printed != kExitOk) return printed;
    return response.intact() ? kExitOk : kExitAuditBroken;
  });
}

}  // namespace

void AddAuditCommands(CLI::App& app, Invocation& invocation) {
  CLI::App* audit = app.add_subcommand("audit", "The audit log of reads of personal data");
  audit->require_subcommand(1);
  AddQuery(*audit, invocation);
  AddVerify(*audit, invocation);
}

}  // namespace torg::torgctl
