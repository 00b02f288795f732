#include "clients/torgctl/closure_command.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "clients/torgctl/case_output.h"
#include "clients/torgctl/change_command.h"
#include "clients/torgctl/cli_options.h"
#include "clients/torgctl/cli_parsing.h"
#include "clients/torgctl/rpc_call.h"
#include "clients/torgctl/text_table.h"
#include "torg/v1/closure_service.grpc.pb.h"

namespace torg::torgctl {
namespace {

using torg::v1::ClosureService;
using torg::v1::IncomeSource;

void AddClose(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::CloseCaseRequest>();
  torg::v1::CaseClosed* closure = request->mutable_closure();
  CLI::App* command = AddCaseCommand(
      group, "close", "Close an open case (avslut) with an outcome and the livelihood at the end",
      request);
  AddEnumOption<torg::v1::ClosureOutcome>(
      *command, "--outcome",
      [closure](torg::v1::ClosureOutcome outcome) { closure->set_outcome(outcome); }, "the outcome")
      ->required();
  AddEnumListOption<IncomeSource>(
      *command, "--income", [closure](IncomeSource source) { closure->add_income_at_end(source); },
      "livelihood at the end");
  FinishChangeCommand(*command, invocation, &ClosureService::Stub::CloseCase, request);
}

void AddFollowUp(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::RecordFollowUpRequest>();
  torg::v1::FollowUpStep* follow_up = request->mutable_follow_up();
  CLI::App* command =
      AddCaseCommand(group, "follow-up", "Record a follow-up of a closed case", request);
  AddEnumOption<torg::v1::FollowUpPoint>(
      *command, "--point",
      [follow_up](torg::v1::FollowUpPoint point) { follow_up->set_point(point); },
      "which follow-up")
      ->required();
  command->add_flag_function(
      "--reached", [follow_up](int64_t) { follow_up->set_reached(true); },
      "the person could be reached");
  AddEnumListOption<IncomeSource>(
      *command, "--income", [follow_up](IncomeSource source) { follow_up->add_income(source); },
      "livelihood at the follow-up (at least one with --reached)");
  command->add_option("--note", *follow_up->mutable_note(), "a note, in words");
  FinishChangeCommand(*command, invocation, &ClosureService::Stub::RecordFollowUp, request);
}

std::string RenderDue(const torg::v1::ListFollowUpsDueResponse& response) {
  std::string text;
  if (response.follow_ups_size() > 0) {
    TextTable table(
        {"CASE", "PARTICIPANT", "PLATFORM", "POINT", "CLOSED", "DUE", "OVERDUE", "OUTCOME"});
    for (const auto& item : response.follow_ups()) {
      table.AddRow({item.case_id(), item.participant_id(), item.platform_id(),
                    EnumText(item.point()), FormatDate(item.closed_on()), FormatDate(item.due_on()),
                    absl::StrCat(item.overdue_days(), " d"), EnumText(item.outcome())});
    }
    text = table.Render();
  }
  return absl::StrCat(text, RenderListEnd(response.follow_ups_size(), "follow-ups due",
                                          response.next_page_token()));
}

void AddDue(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::ListFollowUpsDueRequest>();
  CLI::App* command = group.add_subcommand("due", "List follow-ups due and not yet recorded");
  command->add_option("--platform", *request->mutable_platform_id(), "(default: the whole förbund)")
      ->type_name("ID");
  AddAsOfOption(*command, request, "list those due on or before this day");
  command
      ->add_option_function<int>(
          "--within-days", [request](int days) { request->set_within_days(days); },
          "also those falling due within this many days after --as-of")
      ->type_name("N")
      ->check(CLI::Range(0, 366));
  AddPageSizeOption(*command, [request](int size) { request->set_page_size(size); });
  command->add_option("--page-token", *request->mutable_page_token(), "from the previous page")
      ->type_name("TOKEN");
  SetRun(*command, invocation, [request](const GlobalOptions& options, CommandIo& io) {
    return Query(options, io, "closure due", &ClosureService::Stub::ListFollowUpsDue, *request,
                 RenderDue);
  });
}

}  // namespace

void AddClosureCommands(CLI::App& app, Invocation& invocation) {
  CLI::App* group =
      app.add_subcommand("closure", "Closing cases (avslut) and the follow-ups after");
  group->require_subcommand(1);
  AddClose(*group, invocation);
  AddFollowUp(*group, invocation);
  AddDue(*group, invocation);
}

}  // namespace torg::torgctl
