#ifndef TORG_CLIENTS_TORGCTL_CHANGE_COMMAND_H_
#define TORG_CLIENTS_TORGCTL_CHANGE_COMMAND_H_

// The shape most commands that change a case share: the case is the
// positional CASE_ID, the command takes the mutation options (--request-id,
// --date, --expected-version), and the answer is a CaseChange printed by
// RenderCaseChange. A command is built in two calls, its own options between:
//
//   auto request = std::make_shared<torg::v1::AddNoteRequest>();
//   CLI::App* command = AddCaseCommand(group, "note", "Add a note", request);
//   command->add_option("--text", *request->mutable_note()->mutable_text(), ...);
//   FinishChangeCommand(*command, invocation, &CoordinationService::Stub::AddNote, request);

#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "clients/torgctl/case_output.h"
#include "clients/torgctl/cli_options.h"
#include "clients/torgctl/command.h"
#include "clients/torgctl/rpc_call.h"

namespace torg::torgctl {

// Adds the subcommand `name` of `group`, taking the case as CASE_ID.
template <typename Request>
CLI::App* AddCaseCommand(CLI::App& group, const std::string& name, const std::string& description,
                         const std::shared_ptr<Request>& request) {
  CLI::App* command = group.add_subcommand(name, description);
  command->add_option("CASE_ID", *request->mutable_case_id(), "the case")->required();
  return command;
}

// Adds the mutation options to `command` and makes it call `method` with
// `request` and print the CaseChange of its answer (the field `change`).
template <typename Stub, typename Request, typename Response>
void FinishChangeCommand(CLI::App& command, Invocation& invocation,
                         grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                      Response*),
                         const std::shared_ptr<Request>& request) {
  AddMutationOptions(command, request);
  const std::string label = absl::StrCat(command.get_parent()->get_name(), " ", command.get_name());
  SetRun(
      command, invocation, [label, method, request](const GlobalOptions& options, CommandIo& io) {
        return Mutate(options, io, label, method, *request, [&request](const Response& response) {
          return RenderCaseChange(response.change(), request->request_id());
        });
      });
}

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_CHANGE_COMMAND_H_
