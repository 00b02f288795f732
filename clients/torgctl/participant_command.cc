#include "clients/torgctl/participant_command.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "clients/torgctl/case_output.h"
#include "clients/torgctl/cli_options.h"
#include "clients/torgctl/participant_output.h"
#include "clients/torgctl/rpc_call.h"
#include "clients/torgctl/text_table.h"
#include "torg/v1/case_file_service.grpc.pb.h"
#include "torg/v1/intake_service.grpc.pb.h"

namespace torg::torgctl {
namespace {

using torg::v1::CaseFileService;
using torg::v1::IntakeService;

void AddRegister(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::RegisterParticipantRequest>();
  CLI::App* command = group.add_subcommand(
      "register", "Register a participant, by personnummer or samordningsnummer or anonymously");
  command
      ->add_option("--personnummer", *request->mutable_personnummer(),
                   "12 digits, or 10 with '-' or '+' (omit to register anonymously)")
      ->type_name("NUMBER");
  command
      ->add_option_function<int>(
          "--birth-year", [request](int year) { request->set_birth_year(year); },
          "year of birth (required when anonymous)")
      ->type_name("YYYY");
  AddEnumOption<torg::v1::Gender>(
      *command, "--gender", [request](torg::v1::Gender gender) { request->set_gender(gender); },
      "gender")
      ->required();
  command
      ->add_option("--kommun", *request->mutable_kommun_code(), "SCB code of the kommun lived in")
      ->type_name("CODE")
      ->required();
  AddEnumOption<torg::v1::EducationLevel>(
      *command, "--education",
      [request](torg::v1::EducationLevel level) { request->set_education_level(level); },
      "highest completed education");
  AddEnumListOption<torg::v1::IncomeSource>(
      *command, "--income",
      [request](torg::v1::IncomeSource source) { request->add_income_at_start(source); },
      "livelihood at start")
      ->required();
  AddEnumOption<torg::v1::TimeWithoutWork>(
      *command, "--time-without-work",
      [request](torg::v1::TimeWithoutWork time) { request->set_time_without_work(time); },
      "time without work at start");
  command->add_flag_function(
      "--protected-identity", [request](int64_t) { request->set_protected_identity(true); },
      "skyddade personuppgifter");
  command->add_option("--given-name", *request->mutable_given_name(), "given name(s)");
  command->add_option("--family-name", *request->mutable_family_name(), "family name");
  command->add_option("--phone", *request->mutable_phone(), "telephone number");
  command->add_option("--email", *request->mutable_email(), "e-mail address");
  command->add_option("--address", *request->mutable_address(), "postal address");
  AddMutationOptions(*command, request);
  SetRun(*command, invocation, [request](const GlobalOptions& options, CommandIo& io) {
    return Mutate(options, io, "participant register", &IntakeService::Stub::RegisterParticipant,
                  *request, [&request](const torg::v1::RegisterParticipantResponse& response) {
                    return absl::StrCat(
                        RenderParticipant(response.participant()),
                        RenderRequestLine(request->request_id(), response.replayed()));
                  });
  });
}

void AddFind(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::FindParticipantRequest>();
  CLI::App* command =
      group.add_subcommand("find", "Find a participant's id by personnummer or samordningsnummer");
  command->add_option("PERSONNUMMER", *request->mutable_personnummer(), "in any accepted form")
      ->required();
  SetRun(*command, invocation, [request](const GlobalOptions& options, CommandIo& io) {
    return Query(options, io, "participant find", &IntakeService::Stub::FindParticipant, *request,
                 [](const torg::v1::FindParticipantResponse& response) {
                   return absl::StrCat(response.participant_id(), "\n");
                 });
  });
}

void AddParticipantShow(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::GetParticipantRequest>();
  CLI::App* command =
      group.add_subcommand("show", "Show a participant, their consents and their cases");
  command->add_option("PARTICIPANT_ID", *request->mutable_participant_id(), "the participant")
      ->required();
  SetRun(*command, invocation, [request](const GlobalOptions& options, CommandIo& io) {
    return Query(options, io, "participant show", &CaseFileService::Stub::GetParticipant, *request,
                 [](const torg::v1::GetParticipantResponse& response) {
                   return absl::StrCat(RenderParticipant(response.participant()), "\nCases (",
                                       response.cases_size(), ")\n",
                                       RenderCaseList(response.cases(), ""));
                 });
  });
}

void AddConsent(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::RecordConsentRequest>();
  CLI::App* command = group.add_subcommand(
      "consent", "Record a consent (samtycke) to share information between parties");
  command->add_option("PARTICIPANT_ID", *request->mutable_participant_id(), "the participant")
      ->required();
  AddIdListOption(*command, "--party", request->mutable_party_ids(),
                  "a party that may share information")
      ->required();
  AddEnumOption<torg::v1::ConsentForm>(
      *command, "--form", [request](torg::v1::ConsentForm form) { request->set_form(form); },
      "how it was given")
      ->required();
  command->add_flag_function(
      "--sus", [request](int64_t) { request->set_sus_registration(true); },
      "the person may be registered in SUS (needs --form written)");
  AddMutationOptions(*command, request);
  SetRun(*command, invocation, [request](const GlobalOptions& options, CommandIo& io) {
    return Mutate(options, io, "participant consent", &IntakeService::Stub::RecordConsent, *request,
                  [&request](const torg::v1::RecordConsentResponse& response) {
                    return absl::StrCat(
                        "Consent ", response.consent_id(), " recorded.\n",
                        RenderParticipant(response.participant()),
                        RenderRequestLine(request->request_id(), response.replayed()));
                  });
  });
}

void AddWithdrawConsent(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::WithdrawConsentRequest>();
  CLI::App* command = group.add_subcommand(
      "withdraw-consent", "Withdraw a consent: it stops covering its parties at once");
  command->add_option("PARTICIPANT_ID", *request->mutable_participant_id(), "the participant")
      ->required();
  command->add_option("CONSENT_ID", *request->mutable_consent_id(), "the consent")->required();
  AddMutationOptions(*command, request);
  SetRun(*command, invocation, [request](const GlobalOptions& options, CommandIo& io) {
    return Mutate(
        options, io, "participant withdraw-consent", &IntakeService::Stub::WithdrawConsent,
        *request, [&request](const torg::v1::WithdrawConsentResponse& response) {
          return absl::StrCat(RenderParticipant(response.participant()),
                              RenderRequestLine(request->request_id(), response.replayed()));
        });
  });
}

}  // namespace

void AddParticipantCommands(CLI::App& app, Invocation& invocation) {
  CLI::App* group = app.add_subcommand("participant", "Participants (deltagare) and their consent");
  group->require_subcommand(1);
  AddRegister(*group, invocation);
  AddFind(*group, invocation);
  AddParticipantShow(*group, invocation);
  AddConsent(*group, invocation);
  AddWithdrawConsent(*group, invocation);
}

}  // namespace torg::torgctl
