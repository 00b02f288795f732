#include "clients/torgctl/config_command.h"

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/torgctl/connection.h"
#include "clients/torgctl/text_table.h"
#include "torg/v1/config_service.grpc.pb.h"

namespace torg::torgctl {
namespace {

using torg::v1::AgeRange;
using torg::v1::ForbundConfig;

// "PLATFORM_KIND_YOUTH" reads as "YOUTH" in a column headed KIND.
std::string KindLabel(const std::string& enum_name, absl::string_view prefix) {
  if (!absl::StartsWith(enum_name, prefix)) return enum_name;
  return enum_name.substr(prefix.size());
}

std::string AgeText(const AgeRange& range) {
  return absl::StrCat(range.min_years(), "–", range.max_years());
}

std::string RenderForbund(const ForbundConfig& config) {
  TextTable table;
  table.AddRow({"Förbund", config.name()});
  table.AddRow({"Id", config.id()});
  if (!config.organisation_number().empty()) {
    table.AddRow({"Organisation number", config.organisation_number()});
  }
  table.AddRow({"Target ages", AgeText(config.target_age())});
  return table.Render();
}

std::string RenderKommuner(const ForbundConfig& config) {
  TextTable table({"CODE", "NAME"});
  for (const auto& kommun : config.kommuner()) table.AddRow({kommun.code(), kommun.name()});
  return absl::StrCat("Kommuner (", config.kommuner_size(), ")\n", table.Render());
}

using KommunNames = std::map<std::string, std::string>;

KommunNames KommunNamesByCode(const ForbundConfig& config) {
  KommunNames names;
  for (const auto& kommun : config.kommuner()) names[kommun.code()] = kommun.name();
  return names;
}

std::string KommunName(const KommunNames& names, const std::string& code) {
  const auto it = names.find(code);
  return it == names.end() ? code : it->second;
}

std::string RenderParties(const ForbundConfig& config) {
  const KommunNames kommun_names = KommunNamesByCode(config);
  TextTable table({"ID", "NAME", "KIND", "KOMMUN"});
  for (const auto& party : config.parties()) {
    table.AddRow({party.id(), party.name(),
                  KindLabel(torg::v1::PartyKind_Name(party.kind()), "PARTY_KIND_"),
                  party.kommun_code().empty()
                      ? ""
                      : absl::StrCat(party.kommun_code(), " ",
                                     KommunName(kommun_names, party.kommun_code()))});
  }
  return absl::StrCat("Parties (", config.parties_size(), ")\n", table.Render());
}

std::string RenderPlatforms(const ForbundConfig& config) {
  const KommunNames kommun_names = KommunNamesByCode(config);
  TextTable table({"ID", "NAME", "KIND", "AGES", "KOMMUNER", "MEMBERS"});
  for (const auto& platform : config.platforms()) {
    std::vector<std::string> kommuner;
    for (const auto& code : platform.kommun_codes()) {
      kommuner.push_back(KommunName(kommun_names, code));
    }
    table.AddRow({platform.id(), platform.name(),
                  KindLabel(torg::v1::PlatformKind_Name(platform.kind()), "PLATFORM_KIND_"),
                  AgeText(platform.age_range()),
                  kommuner.empty() ? "all" : absl::StrJoin(kommuner, ", "),
                  absl::StrJoin(platform.member_party_ids(), ", ")});
  }
  return absl::StrCat("Platforms (", config.platforms_size(), ")\n", table.Render());
}

int RunConfigShow(const GlobalOptions& options, CommandIo& io) {
  auto stub = torg::v1::ConfigService::NewStub(OpenChannel(options));
  grpc::ClientContext context;
  PrepareContext(options, context);
  torg::v1::GetConfigResponse response;
  const grpc::Status status = stub->GetConfig(&context, torg::v1::GetConfigRequest(), &response);
  if (!status.ok()) return ReportRpcFailure(options, "config show", status, io);

  const ForbundConfig& config = response.config();
  if (options.output == OutputFormat::kJson) return PrintJson(config, io);
  io.out << RenderForbund(config) << "\n"
         << RenderKommuner(config) << "\n"
         << RenderParties(config) << "\n"
         << RenderPlatforms(config);
  return kExitOk;
}

}  // namespace

void AddConfigCommands(CLI::App& app, Invocation& invocation) {
  CLI::App* config = app.add_subcommand("config", "The configuration torgd runs with");
  config->require_subcommand(1);
  CLI::App* show =
      config->add_subcommand("show", "Show the förbund, its kommuner, parties and platforms");
  show->callback([&invocation] { invocation.run = RunConfigShow; });
}

}  // namespace torg::torgctl
