#include "clients/torgctl/access_command.h"

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "clients/torgctl/access_output.h"
#include "clients/torgctl/cli_options.h"
#include "clients/torgctl/cli_parsing.h"
#include "clients/torgctl/rpc_call.h"
#include "torg/v1/access_service.grpc.pb.h"

namespace torg::torgctl {
namespace {

using torg::v1::AccessService;

void AddWhoAmI(CLI::App& app, Invocation& invocation) {
  CLI::App* command = app.add_subcommand(
      "whoami", "Show who torgd takes you for: user, förbund, party, roles, platforms");
  SetRun(*command, invocation, [](const GlobalOptions& options, CommandIo& io) {
    return Query(options, io, "whoami", &AccessService::Stub::WhoAmI, torg::v1::WhoAmIRequest(),
                 [](const torg::v1::WhoAmIResponse& response) {
                   return RenderPrincipal(response.principal());
                 });
  });
}

void AddIssue(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::IssueTokenRequest>();
  torg::v1::PrincipalView* principal = request->mutable_principal();
  CLI::App* command = group.add_subcommand(
      "issue",
      "Issue a token signed by torgd (admin only; for development and tests). Prints only the "
      "token: TORG_TOKEN=$(torgctl token issue --user-id anna --role coordinator --platform "
      "ungdomstorget)");
  command->add_option("--user-id", *principal->mutable_user_id(), "whom the token is for")
      ->type_name("USER")
      ->required();
  command
      ->add_option_function<std::vector<std::string>>(
          "--role",
          [principal](const std::vector<std::string>& roles) {
            for (const auto& role : roles) principal->add_roles(*ParseRoleName(role));
          },
          absl::StrCat("a role (repeatable): ", absl::StrJoin(kRoleNames, ", ")))
      ->type_name("ROLE")
      ->allow_extra_args(false)
      ->delimiter(',')
      ->required()
      ->check(Accepting(ParseRoleName));
  AddIdListOption(*command, "--platform", principal->mutable_platform_ids(),
                  "a platform whose cases a coordinator works");
  command->add_option("--party", *principal->mutable_party_id(), "the party the user works for")
      ->type_name("PARTY");
  command
      ->add_option_function<std::string>(
          "--lifetime",
          [request](const std::string& text) {
            request->set_lifetime_seconds(*ParseLifetime(text));
          },
          "how long the token is valid: seconds, or 30m, 8h, 90d (default: 8h)")
      ->type_name("DURATION")
      ->check(Accepting(ParseLifetime));
  SetRun(*command, invocation, [request](const GlobalOptions& options, CommandIo& io) {
    torg::v1::IssueTokenResponse response;
    const grpc::Status status =
        CallRpc(options, &AccessService::Stub::IssueToken, *request, &response);
    if (!status.ok()) return ReportRpcFailure(options, "token issue", status, io);
    if (options.output == OutputFormat::kJson) return PrintJson(response, io);
    io.out << response.token() << "\n";
    // On stderr, so that $(torgctl token issue ...) captures the token alone.
    io.err << "torgctl: token for " << request->principal().user_id() << " expires "
           << FormatTimestamp(response.expires_at(), absl::LocalTimeZone()) << "\n";
    return kExitOk;
  });
}

}  // namespace

void AddAccessCommands(CLI::App& app, Invocation& invocation) {
  AddWhoAmI(app, invocation);
  CLI::App* token = app.add_subcommand("token", "Tokens torgd signs itself");
  token->require_subcommand(1);
  AddIssue(*token, invocation);
}

}  // namespace torg::torgctl
