#include "clients/torgctl/handover_command.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "clients/torgctl/case_output.h"
#include "clients/torgctl/change_command.h"
#include "clients/torgctl/cli_options.h"
#include "clients/torgctl/cli_parsing.h"
#include "clients/torgctl/rpc_call.h"
#include "clients/torgctl/text_table.h"
#include "torg/v1/handover_service.grpc.pb.h"

namespace torg::torgctl {
namespace {

using torg::v1::HandoverService;

std::string Target(const std::string& platform_id, const std::string& party_id) {
  return platform_id.empty() ? party_id : platform_id;
}

void AddPropose(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::ProposeHandoverRequest>();
  torg::v1::HandoverProposalStep* handover = request->mutable_handover();
  CLI::App* command = AddCaseCommand(
      group, "propose",
      "Propose a handover: to another platform, another party as case owner, or back to a "
      "party's ordinary services",
      request);
  AddEnumOption<torg::v1::HandoverKind>(
      *command, "--kind", [handover](torg::v1::HandoverKind kind) { handover->set_kind(kind); },
      "what is handed over")
      ->required();
  CLI::Option* platform = command
                              ->add_option("--to-platform", *handover->mutable_target_platform_id(),
                                           "for --kind platform: the target platform")
                              ->type_name("ID");
  command
      ->add_option("--to-party", *handover->mutable_target_party_id(),
                   "for --kind case-owner and ordinary-services: the receiving party")
      ->type_name("PARTY")
      ->excludes(platform);
  command->add_option("--motivation", *handover->mutable_motivation(),
                      "why, and what the receiver needs to know");
  command->add_option("--handover-id", *handover->mutable_handover_id(),
                      "identifies the handover (default: the server makes one)");
  FinishChangeCommand(*command, invocation, &HandoverService::Stub::ProposeHandover, request);
}

void AddAccept(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::AcceptHandoverRequest>();
  torg::v1::HandoverAccepted* acceptance = request->mutable_acceptance();
  CLI::App* command =
      AddCaseCommand(group, "accept", "Accept the pending handover at its target", request);
  command->add_option("--handover", *acceptance->mutable_handover_id(), "the pending handover")
      ->type_name("ID")
      ->required();
  command
      ->add_option("--new-owner", *acceptance->mutable_new_owner_user_id(),
                   "for platform and case-owner handovers: the new case owner")
      ->type_name("USER");
  command
      ->add_option("--new-owner-party", *acceptance->mutable_new_owner_party_id(),
                   "the new case owner's party")
      ->type_name("PARTY");
  FinishChangeCommand(*command, invocation, &HandoverService::Stub::AcceptHandover, request);
}

void AddReject(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::RejectHandoverRequest>();
  torg::v1::HandoverRejectionStep* rejection = request->mutable_rejection();
  CLI::App* command = AddCaseCommand(
      group, "reject", "Reject the pending handover: a deviation (avvikelse) opens", request);
  command->add_option("--handover", *rejection->mutable_handover_id(), "the pending handover")
      ->type_name("ID")
      ->required();
  command->add_option("--reason", *rejection->mutable_reason(), "why it was rejected")->required();
  command->add_option("--deviation-id", *rejection->mutable_deviation_id(),
                      "identifies the deviation (default: the server makes one)");
  FinishChangeCommand(*command, invocation, &HandoverService::Stub::RejectHandover, request);
}

void AddResolveDeviation(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::ResolveDeviationRequest>();
  torg::v1::DeviationResolutionStep* resolution = request->mutable_resolution();
  CLI::App* command =
      AddCaseCommand(group, "resolve-deviation", "Resolve an open deviation", request);
  command->add_option("--deviation", *resolution->mutable_deviation_id(), "the deviation")
      ->type_name("ID")
      ->required();
  command->add_option("--resolution", *resolution->mutable_resolution(), "how, in words")
      ->type_name("TEXT")
      ->required();
  FinishChangeCommand(*command, invocation, &HandoverService::Stub::ResolveDeviation, request);
}

std::string RenderHandovers(const torg::v1::ListHandoversResponse& response) {
  std::string text;
  if (response.handovers_size() > 0) {
    TextTable table({"CASE", "HANDOVER", "KIND", "FROM", "TO", "PROPOSED", "WAITING"});
    for (const auto& item : response.handovers()) {
      table.AddRow({item.case_id(), item.handover_id(), EnumText(item.kind()),
                    absl::StrCat(item.from_platform_id(), " / ", item.from_party_id()),
                    Target(item.target_platform_id(), item.target_party_id()),
                    FormatDate(item.proposed_on()), absl::StrCat(item.waiting_days(), " d")});
    }
    text = table.Render();
  }
  return absl::StrCat(
      text, RenderListEnd(response.handovers_size(), "handovers", response.next_page_token()));
}

void AddHandoverList(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::ListHandoversRequest>();
  CLI::App* command = group.add_subcommand(
      "list", "List handovers waiting for an answer, for a platform or a party");
  AddEnumOption<torg::v1::HandoverDirection>(
      *command, "--direction",
      [request](torg::v1::HandoverDirection direction) { request->set_direction(direction); },
      "the inbox or the outbox")
      ->required();
  CLI::Option* platform =
      command->add_option("--platform", *request->mutable_platform_id(), "the platform's handovers")
          ->type_name("ID");
  command->add_option("--party", *request->mutable_party_id(), "the party's handovers")
      ->type_name("PARTY")
      ->excludes(platform);
  AddAsOfOption(*command, request, "the day waiting times are counted to");
  AddPageSizeOption(*command, [request](int size) { request->set_page_size(size); });
  command->add_option("--page-token", *request->mutable_page_token(), "from the previous page")
      ->type_name("TOKEN");
  SetRun(*command, invocation, [request](const GlobalOptions& options, CommandIo& io) {
    if (request->platform_id().empty() && request->party_id().empty()) {
      return UsageError(io, "handover list", "give --platform or --party");
    }
    return Query(options, io, "handover list", &HandoverService::Stub::ListHandovers, *request,
                 RenderHandovers);
  });
}

std::string RenderDeviations(const torg::v1::ListDeviationsResponse& response) {
  std::string text;
  if (response.deviations_size() > 0) {
    TextTable table({"CASE", "DEVIATION", "HANDOVER", "PLATFORM", "KIND", "TO", "OPENED", "OPEN"});
    for (const auto& item : response.deviations()) {
      table.AddRow({item.case_id(), item.deviation_id(), item.handover_id(), item.platform_id(),
                    EnumText(item.kind()),
                    Target(item.target_platform_id(), item.target_party_id()),
                    FormatDate(item.opened_on()), absl::StrCat(item.open_days(), " d")});
    }
    text = table.Render();
  }
  return absl::StrCat(text, RenderListEnd(response.deviations_size(), "open deviations",
                                          response.next_page_token()));
}

void AddDeviations(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::ListDeviationsRequest>();
  CLI::App* command = group.add_subcommand("deviations", "List deviations not yet resolved");
  command->add_option("--platform", *request->mutable_platform_id(), "(default: the whole förbund)")
      ->type_name("ID");
  AddAsOfOption(*command, request, "the day open days are counted to");
  AddPageSizeOption(*command, [request](int size) { request->set_page_size(size); });
  command->add_option("--page-token", *request->mutable_page_token(), "from the previous page")
      ->type_name("TOKEN");
  SetRun(*command, invocation, [request](const GlobalOptions& options, CommandIo& io) {
    return Query(options, io, "handover deviations", &HandoverService::Stub::ListDeviations,
                 *request, RenderDeviations);
  });
}

std::string RenderAgingOut(const torg::v1::ListAgingOutResponse& response) {
  if (response.cases_size() == 0) return "No cases aging out.\n";
  TextTable table(
      {"CASE", "PARTICIPANT", "PLATFORM", "AGES OUT", "DAYS LEFT", "OWNER", "HANDOVER"});
  for (const auto& item : response.cases()) {
    table.AddRow({item.case_id(), item.participant_id(), item.platform_id(),
                  FormatDate(item.ages_out_on()), absl::StrCat(item.days_left()),
                  OwnerText(item.owner()), item.handover_pending() ? "proposed" : ""});
  }
  return table.Render();
}

void AddAgingOut(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::ListAgingOutRequest>();
  CLI::App* command = group.add_subcommand(
      "aging-out", "List open cases whose participant soon outgrows the platform (e.g. turns 30)");
  command
      ->add_option("--platform", *request->mutable_platform_id(), "(default: every youth platform)")
      ->type_name("ID");
  command
      ->add_option_function<int>(
          "--within-days", [request](int days) { request->set_within_days(days); },
          "how many days ahead to look (default: 90)")
      ->type_name("N")
      ->check(CLI::Range(1, 3660));
  AddAsOfOption(*command, request, "the day to count from");
  SetRun(*command, invocation, [request](const GlobalOptions& options, CommandIo& io) {
    return Query(options, io, "handover aging-out", &HandoverService::Stub::ListAgingOut, *request,
                 RenderAgingOut);
  });
}

}  // namespace

void AddHandoverCommands(CLI::App& app, Invocation& invocation) {
  CLI::App* group = app.add_subcommand(
      "handover", "Handovers (överlämningar), deviations (avvikelser) and cases aging out");
  group->require_subcommand(1);
  AddPropose(*group, invocation);
  AddAccept(*group, invocation);
  AddReject(*group, invocation);
  AddResolveDeviation(*group, invocation);
  AddHandoverList(*group, invocation);
  AddDeviations(*group, invocation);
  AddAgingOut(*group, invocation);
}

}  // namespace torg::torgctl
