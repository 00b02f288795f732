#include "clients/torgctl/case_command.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "clients/torgctl/case_output.h"
#include "clients/torgctl/change_command.h"
#include "clients/torgctl/cli_options.h"
#include "clients/torgctl/rpc_call.h"
#include "torg/v1/case_file_service.grpc.pb.h"
#include "torg/v1/coordination_service.grpc.pb.h"

namespace torg::torgctl {
namespace {

using torg::v1::CaseFileService;
using torg::v1::CoordinationService;

void AddCaseShow(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::GetCaseRequest>();
  CLI::App* command = AddCaseCommand(group, "show", "Show a case and its timeline", request);
  SetRun(*command, invocation, [request](const GlobalOptions& options, CommandIo& io) {
    return Query(options, io, "case show", &CaseFileService::Stub::GetCase, *request,
                 [](const torg::v1::GetCaseResponse& response) {
                   return absl::StrCat(RenderCaseSummary(response.case_summary()), "\n",
                                       RenderTimeline(response.timeline()));
                 });
  });
}

void AddCaseList(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::ListCasesRequest>();
  CLI::App* command = group.add_subcommand(
      "list", "List cases by platform, status and owner, oldest referral first");
  command->add_option("--platform", *request->mutable_platform_id(), "cases on this platform")
      ->type_name("ID");
  AddEnumOption<torg::v1::CaseStatus>(
      *command, "--status", [request](torg::v1::CaseStatus status) { request->set_status(status); },
      "cases in this status");
  command->add_option("--owner", *request->mutable_owner_user_id(), "cases owned by this user")
      ->type_name("USER");
  AddPageSizeOption(*command, [request](int size) { request->set_page_size(size); });
  command->add_option("--page-token", *request->mutable_page_token(), "from the previous page")
      ->type_name("TOKEN");
  SetRun(*command, invocation, [request](const GlobalOptions& options, CommandIo& io) {
    if (request->platform_id().empty() && request->owner_user_id().empty()) {
      return UsageError(io, "case list", "give --platform or --owner (or both)");
    }
    return Query(options, io, "case list", &CaseFileService::Stub::ListCases, *request,
                 [](const torg::v1::ListCasesResponse& response) {
                   return RenderCaseList(response.cases(), response.next_page_token());
                 });
  });
}

void AddAssignOwner(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::AssignCaseOwnerRequest>();
  CLI::App* command = AddCaseCommand(group, "assign-owner",
                                     "Assign or replace the case owner (ärendebärare)", request);
  command->add_option("--owner", *request->mutable_owner_user_id(), "the owner's user id")
      ->type_name("USER")
      ->required();
  command->add_option("--party", *request->mutable_party_id(), "the owner's party")
      ->type_name("PARTY")
      ->required();
  FinishChangeCommand(*command, invocation, &CoordinationService::Stub::AssignCaseOwner, request);
}

void AddMeeting(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::RecordMeetingRequest>();
  torg::v1::MeetingStep* meeting = request->mutable_meeting();
  CLI::App* command =
      AddCaseCommand(group, "meeting", "Record a multi-party meeting (flerpartssamtal)", request);
  AddIdListOption(*command, "--present", meeting->mutable_present_party_ids(),
                  "a party present: at least one")
      ->type_name("PARTY")
      ->required();
  command->add_flag_function(
      "--participant-present", [meeting](int64_t) { meeting->set_participant_present(true); },
      "the participant took part");
  command->add_option("--decisions", *meeting->mutable_decisions(), "the decisions, in words");
  command->add_option("--meeting-id", *meeting->mutable_meeting_id(),
                      "identifies the meeting (default: the server makes one)");
  FinishChangeCommand(*command, invocation, &CoordinationService::Stub::RecordMeeting, request);
}

void AddCommitmentAdd(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::AddCommitmentRequest>();
  torg::v1::CommitmentStep* commitment = request->mutable_commitment();
  CLI::App* command = AddCaseCommand(group, "commitment-add",
                                     "Add a party's commitment or an activity (insats)", request);
  AddEnumOption<torg::v1::ActivityKind>(
      *command, "--kind", [commitment](torg::v1::ActivityKind kind) { commitment->set_kind(kind); },
      "what kind")
      ->required();
  command->add_option("--party", *commitment->mutable_party_id(), "the responsible party")
      ->type_name("PARTY")
      ->required();
  command->add_option("--provider", *commitment->mutable_provider(),
                      "who provides it, if not the party (e.g. an ASF)");
  AddDateOption(
      *command, "--start",
      [commitment](const torg::v1::Date& date) { *commitment->mutable_start_date() = date; },
      "planned start");
  AddDateOption(
      *command, "--end",
      [commitment](const torg::v1::Date& date) { *commitment->mutable_end_date() = date; },
      "planned end (default: open-ended)");
  command->add_option("--description", *commitment->mutable_description(), "what it is");
  command->add_option("--commitment-id", *commitment->mutable_commitment_id(),
                      "identifies it (default: the server makes one)");
  FinishChangeCommand(*command, invocation, &CoordinationService::Stub::AddCommitment, request);
}

void AddCommitmentComplete(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::CompleteCommitmentRequest>();
  CLI::App* command = AddCaseCommand(group, "commitment-complete",
                                     "Mark a commitment or activity as carried out", request);
  command->add_option("COMMITMENT_ID", *request->mutable_commitment_id(), "the commitment")
      ->required();
  FinishChangeCommand(*command, invocation, &CoordinationService::Stub::CompleteCommitment,
                      request);
}

void AddCommitmentCancel(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::CancelCommitmentRequest>();
  torg::v1::CancelCommitmentStep* cancellation = request->mutable_cancellation();
  CLI::App* command = AddCaseCommand(group, "commitment-cancel",
                                     "Cancel a commitment or activity, with a reason", request);
  command->add_option("COMMITMENT_ID", *cancellation->mutable_commitment_id(), "the commitment")
      ->required();
  command->add_option("--reason", *cancellation->mutable_reason(), "why, in words");
  FinishChangeCommand(*command, invocation, &CoordinationService::Stub::CancelCommitment, request);
}

void AddNote(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::AddNoteRequest>();
  CLI::App* command = AddCaseCommand(group, "note", "Add a note to the case", request);
  command->add_option("--text", *request->mutable_note()->mutable_text(), "the note")->required();
  FinishChangeCommand(*command, invocation, &CoordinationService::Stub::AddNote, request);
}

void AddSetFlags(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::SetCaseFlagsRequest>();
  torg::v1::CaseFlags* flags = request->mutable_flags();
  CLI::App* command = AddCaseCommand(
      group, "flags",
      "Set the case's sensitive flags from the date: each flag not given is withdrawn", request);
  // Withdrawing every flag is said out loud (--none), never by forgetting
  // an option: at least one of the three is required.
  CLI::Option_group* set = command->add_option_group("flags", "the flags the case carries");
  CLI::Option* violence = set->add_flag_function(
      "--violence", [flags](int64_t) { flags->set_violence_in_close_relationship(true); },
      "exposed to violence in a close relationship");
  CLI::Option* risk_use = set->add_flag_function(
      "--risk-use", [flags](int64_t) { flags->set_risk_use_or_abuse(true); },
      "risk use or abuse of alcohol, drugs or gambling");
  set->add_flag("--none", "withdraw every flag")->excludes(violence)->excludes(risk_use);
  set->require_option(1, 0);
  FinishChangeCommand(*command, invocation, &CoordinationService::Stub::SetCaseFlags, request);
}

}  // namespace

void AddCaseCommands(CLI::App& app, Invocation& invocation) {
  CLI::App* group = app.add_subcommand("case", "Cases: reading them, and the coordination work");
  group->require_subcommand(1);
  AddCaseShow(*group, invocation);
  AddCaseList(*group, invocation);
  AddAssignOwner(*group, invocation);
  AddMeeting(*group, invocation);
  AddCommitmentAdd(*group, invocation);
  AddCommitmentComplete(*group, invocation);
  AddCommitmentCancel(*group, invocation);
  AddNote(*group, invocation);
  AddSetFlags(*group, invocation);
}

}  // namespace torg::torgctl
