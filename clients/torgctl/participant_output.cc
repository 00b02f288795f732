#include "clients/torgctl/participant_output.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/torgctl/cli_parsing.h"
#include "clients/torgctl/text_table.h"

namespace torg::torgctl {
namespace {

using torg::v1::Participant;

std::string IdentityText(const Participant& participant) {
  const std::string kind = EnumText(participant.identity_kind());
  return participant.personnummer().empty()
             ? kind
             : absl::StrCat(participant.personnummer(), " (", kind, ")");
}

std::string RenderConsents(const Participant& participant) {
  if (participant.consents_size() == 0) return "No consents.\n";
  TextTable table({"CONSENT", "PARTIES", "FORM", "SUS", "GIVEN", "WITHDRAWN"});
  for (const auto& consent : participant.consents()) {
    table.AddRow({consent.consent_id(), absl::StrJoin(consent.party_ids(), ", "),
                  EnumText(consent.form()), consent.sus_registration() ? "yes" : "no",
                  FormatDate(consent.given_on()), consent.withdrawn() ? "yes" : "no"});
  }
  return table.Render();
}

}  // namespace

std::string RenderParticipant(const Participant& participant) {
  TextTable table;
  const auto add_if_set = [&table](const std::string& label, const std::string& value) {
    if (!value.empty()) table.AddRow({label, value});
  };
  table.AddRow({"Participant", participant.participant_id()});
  table.AddRow({"Identity", IdentityText(participant)});
  add_if_set("Name", std::string(absl::StripAsciiWhitespace(
                         absl::StrCat(participant.given_name(), " ", participant.family_name()))));
  table.AddRow({"Born", absl::StrCat(participant.birth_year())});
  table.AddRow({"Gender", EnumText(participant.gender())});
  table.AddRow({"Kommun", participant.kommun_code()});
  add_if_set("Education", EnumText(participant.education_level()));
  std::vector<std::string> income;
  for (const int source : participant.income_at_start()) {
    income.push_back(EnumText(static_cast<torg::v1::IncomeSource>(source)));
  }
  table.AddRow({"Income at start", absl::StrJoin(income, ", ")});
  add_if_set("Time without work", EnumText(participant.time_without_work()));
  if (participant.protected_identity()) table.AddRow({"Protected identity", "yes"});
  add_if_set("Phone", participant.phone());
  add_if_set("E-mail", participant.email());
  add_if_set("Address", participant.address());
  table.AddRow({"Registered", FormatDate(participant.registered_on())});
  table.AddRow({"Consent covers", absl::StrJoin(participant.consented_party_ids(), ", ")});
  table.AddRow({"Version", absl::StrCat(participant.version())});
  return absl::StrCat(table.Render(), "\n", RenderConsents(participant));
}

std::string RenderRequestLine(const std::string& request_id, bool replayed) {
  return absl::StrCat("Request id: ", request_id,
                      replayed ? " (already recorded by an earlier request: nothing new)" : "",
                      "\n");
}

}  // namespace torg::torgctl
