#include "clients/torgctl/referral_command.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "clients/torgctl/case_output.h"
#include "clients/torgctl/change_command.h"
#include "clients/torgctl/cli_options.h"
#include "clients/torgctl/rpc_call.h"
#include "torg/v1/intake_service.grpc.pb.h"

namespace torg::torgctl {
namespace {

using torg::v1::IntakeService;

void AddSubmit(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::SubmitReferralRequest>();
  torg::v1::ReferralStep* referral = request->mutable_referral();
  CLI::App* command = group.add_subcommand(
      "submit", "Refer a participant to a platform (aktualisering): a new case");
  command->add_option("--participant", *referral->mutable_participant_id(), "the participant")
      ->type_name("ID")
      ->required();
  command->add_option("--platform", *referral->mutable_platform_id(), "the platform referred to")
      ->type_name("ID")
      ->required();
  CLI::Option* by = command
                        ->add_option("--by", *referral->mutable_referrer()->mutable_party_id(),
                                     "the referring party")
                        ->type_name("PARTY");
  command
      ->add_flag_function(
          "--self-referral",
          [referral](int64_t) { referral->mutable_referrer()->set_self_referral(true); },
          "the person referred themself (egen aktualisering)")
      ->excludes(by);
  AddIdListOption(*command, "--need", referral->mutable_needed_party_ids(),
                  "a party whose support the person needs: at least two")
      ->type_name("PARTY")
      ->required();
  command->add_option("--reason", *referral->mutable_reason(), "why, in the referrer's words");
  command->add_flag_function(
      "--violence", [referral](int64_t) { referral->set_violence_in_close_relationship(true); },
      "exposed to violence in a close relationship");
  command->add_flag_function(
      "--risk-use", [referral](int64_t) { referral->set_risk_use_or_abuse(true); },
      "risk use or abuse of alcohol, drugs or gambling");
  FinishChangeCommand(*command, invocation, &IntakeService::Stub::SubmitReferral, request);
}

std::string RenderDecision(const torg::v1::DecideReferralResponse& response,
                           const std::string& request_id) {
  std::string text = RenderCaseChange(response.change(), request_id);
  if (response.has_directed_case()) {
    absl::StrAppend(&text, "\nNew case on ", response.directed_case().platform_id(), ":\n",
                    RenderCaseSummary(response.directed_case()));
  }
  return text;
}

void AddDecide(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::DecideReferralRequest>();
  CLI::App* command = AddCaseCommand(
      group, "decide",
      "Record the beredningsgrupp's decision: --accept, --direct-to PLATFORM or --decline REASON",
      request);
  CLI::Option* accept = command->add_flag_function(
      "--accept", [request](int64_t) { request->mutable_accept(); },
      "accept: the case opens (the date is the enrolment)");
  CLI::Option* direct = command
                            ->add_option_function<std::string>(
                                "--direct-to",
                                [request](const std::string& platform) {
                                  request->mutable_direct()->set_target_platform_id(platform);
                                },
                                "direct to another platform: a new case there")
                            ->type_name("PLATFORM")
                            ->excludes(accept);
  CLI::Option* decline = AddEnumOption<torg::v1::DeclineReason>(
                             *command, "--decline",
                             [request](torg::v1::DeclineReason reason) {
                               request->mutable_decline()->set_reason(reason);
                             },
                             "decline, with the reason")
                             ->excludes(accept)
                             ->excludes(direct);
  command
      ->add_option_function<std::string>(
          "--motivation",
          [request](const std::string& text) { request->mutable_decline()->set_motivation(text); },
          "the group's motivation for declining (required for --decline other)")
      ->needs(decline);
  AddMutationOptions(*command, request);
  SetRun(*command, invocation, [request](const GlobalOptions& options, CommandIo& io) {
    if (request->decision_case() == torg::v1::DecideReferralRequest::DECISION_NOT_SET) {
      return UsageError(io, "referral decide",
                        "give the decision: --accept, --direct-to PLATFORM or --decline REASON");
    }
    return Mutate(options, io, "referral decide", &IntakeService::Stub::DecideReferral, *request,
                  [&request](const torg::v1::DecideReferralResponse& response) {
                    return RenderDecision(response, request->request_id());
                  });
  });
}

}  // namespace

void AddReferralCommands(CLI::App& app, Invocation& invocation) {
  CLI::App* group = app.add_subcommand(
      "referral", "Referrals (aktualiseringar) and the beredningsgrupp's decisions");
  group->require_subcommand(1);
  AddSubmit(*group, invocation);
  AddDecide(*group, invocation);
}

}  // namespace torg::torgctl
