#include "clients/torgctl/assessment_command.h"

#include <memory>
#include <string>

#include "clients/torgctl/change_command.h"
#include "clients/torgctl/cli_options.h"
#include "torg/v1/assessment_service.grpc.pb.h"

namespace torg::torgctl {
namespace {

using torg::v1::AssessmentService;

void AddStart(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::StartAssessmentRequest>();
  CLI::App* command =
      AddCaseCommand(group, "start", "Start the joint assessment of an enrolled case", request);
  FinishChangeCommand(*command, invocation, &AssessmentService::Stub::StartAssessment, request);
}

void AddFinding(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::RecordFindingRequest>();
  torg::v1::FindingStep* finding = request->mutable_finding();
  CLI::App* command =
      AddCaseCommand(group, "finding", "Record a party's finding in one domain", request);
  AddEnumOption<torg::v1::AssessmentDomain>(
      *command, "--domain",
      [finding](torg::v1::AssessmentDomain domain) { finding->set_domain(domain); }, "the domain")
      ->required();
  command->add_option("--party", *finding->mutable_party_id(), "the party that made it")
      ->type_name("PARTY")
      ->required();
  command->add_option("--text", *finding->mutable_finding(), "the finding, in words")->required();
  FinishChangeCommand(*command, invocation, &AssessmentService::Stub::RecordFinding, request);
}

void AddComplete(CLI::App& group, Invocation& invocation) {
  auto request = std::make_shared<torg::v1::CompleteAssessmentRequest>();
  torg::v1::JointPlanStep* plan = request->mutable_plan();
  CLI::App* command = AddCaseCommand(
      group, "complete",
      "Complete the assessment with a joint plan: the case moves to coordination", request);
  AddTextListOption(*command, "--goal", plan->mutable_goals(), "a goal of the plan: at least one")
      ->required();
  AddPartyTextListOption(
      *command, "--commitment",
      [plan](const std::string& party, const std::string& text) {
        torg::v1::PlanCommitmentStep* commitment = plan->add_commitments();
        commitment->set_party_id(party);
        commitment->set_description(text);
      },
      "a party's commitment under the plan");
  FinishChangeCommand(*command, invocation, &AssessmentService::Stub::CompleteAssessment, request);
}

}  // namespace

void AddAssessmentCommands(CLI::App& app, Invocation& invocation) {
  CLI::App* group = app.add_subcommand(
      "assessment", "The joint assessment (gemensam bedömning) and its joint plan");
  group->require_subcommand(1);
  AddStart(*group, invocation);
  AddFinding(*group, invocation);
  AddComplete(*group, invocation);
}

}  // namespace torg::torgctl
