#include "services/config/config_validation.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"

namespace torg::config {
namespace {

using torg::v1::AgeRange;
using torg::v1::ForbundConfig;
using torg::v1::Kommun;
using torg::v1::Party;
using torg::v1::Platform;

// Finsam is for people of working age and the law sets no limit, so a förbund
// chooses its own target range. These bounds only catch typos such as 6–640:
// 15 admits pupils who leave compulsory school in the year they turn 16, and
// past 67 public income support is old-age pension, not support towards work.
constexpr uint32_t kLowestWorkingAge = 15;
constexpr uint32_t kHighestWorkingAge = 67;

// Coordinated support (samordning) needs at least two parties.
constexpr int kMinPartiesPerPlatform = 2;
constexpr int kMinPartiesPerForbund = 2;

// A retention period longer than this is a typo (months for days): personal
// data in a förbund's case files is not kept for generations.
constexpr uint32_t kMaxRetentionMonths = 1200;
// A threshold above this would suppress nearly every figure of a förbund.
constexpr uint32_t kMaxSmallCellThreshold = 100;
// A platform goal is one sentence of the board's plan.
constexpr int kMaxGoalTextCharacters = 500;

constexpr absl::string_view kIdAlphabet = "lowercase letters a–z, digits and '-'";

template <typename Message>
FieldStep Step(int field_number, int index = -1) {
  return FieldStep{Message::descriptor()->FindFieldByNumber(field_number), index};
}

FieldPath Extend(FieldPath path, FieldStep step) {
  path.push_back(step);
  return path;
}

std::string Quoted(absl::string_view text) { return absl::StrCat("\"", text, "\""); }

std::string RangeText(const AgeRange& range) {
  return absl::StrCat(range.min_years(), "–", range.max_years());
}

// What the rest of the config may refer to, and how to list it in a message.
struct KnownNames {
  std::map<std::string, int, std::less<>> kommun_by_code;
  std::map<std::string, int, std::less<>> party_by_id;
  std::map<std::string, int, std::less<>> platform_by_id;
  std::string kommun_codes;  // "2480, 2460, …" for messages
  std::string party_ids;
  // Null when the förbund's own range is missing or invalid: platform ranges
  // are then not compared with it, as that would only repeat the problem.
  const AgeRange* target_age = nullptr;
};

class Validator {
 public:
  explicit Validator(const ForbundConfig& config) : config_(config) {}

  std::vector<ConfigProblem> Run() && {
    CheckForbund();
    CheckKommuner();
    CheckParties();
    CheckPlatforms();
    CheckRetention();
    CheckReporting();
    CheckSusExport();
    return std::move(problems_);
  }

 private:
  void Report(FieldPath path, std::string message) {
    problems_.push_back(ConfigProblem{std::move(path), std::move(message)});
  }

  void CheckId(const std::string& id, const FieldPath& path) {
    if (id.empty()) {
      Report(path, absl::StrCat("is required: ", kIdAlphabet));
      return;
    }
    for (char c : id) {
      if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '-') {
        Report(path, absl::StrCat(Quoted(id), " may contain only ", kIdAlphabet));
        return;
      }
    }
  }

  void CheckName(const std::string& name, const FieldPath& path) {
    if (name.empty()) Report(path, "is required");
  }

  // Records `key` of the element at `path`; reports it if an earlier element
  // of the same list already has it.
  void CheckUnique(std::map<std::string, int, std::less<>>& seen, const std::string& key,
                   const FieldPath& path, absl::string_view what) {
    const int index = path.front().index;
    auto [it, inserted] = seen.emplace(key, index);
    if (!inserted) {
      Report(path, absl::StrCat(Quoted(key), " is already the ", what, " of ",
                                path.front().field->name(), "[", it->second, "]"));
    }
  }

  // True when the range itself is sound.
  bool CheckRangeOrder(const AgeRange& range, const FieldPath& path) {
    if (range.min_years() <= range.max_years()) return true;
    Report(path, absl::StrCat("min_years ", range.min_years(), " is above max_years ",
                              range.max_years()));
    return false;
  }

  void CheckForbund();
  void CheckOrganisationNumber();
  void CheckTargetAge();
  void CheckKommuner();
  void CheckParties();
  void CheckParty(int index);
  void CheckPlatforms();
  void CheckPlatform(int index);
  void CheckPlatformAges(const Platform& platform, const FieldPath& path);
  void CheckPlatformKommuner(const Platform& platform, const FieldPath& path);
  void CheckPlatformMembers(const Platform& platform, const FieldPath& path);
  void CheckPlatformGoals(const Platform& platform, const FieldPath& path);
  void CheckRetention();
  void CheckReporting();
  void CheckSusExport();
  // One list of sus_export: each entry's value set and not repeated, each
  // code usable in the CSV unquoted.
  template <class Entry, class ValueOf>
  void CheckSusCodes(const google::protobuf::RepeatedPtrField<Entry>& entries, int list_field,
                     ValueOf value_of);

  const ForbundConfig& config_;
  KnownNames known_;
  std::vector<ConfigProblem> problems_;
};

void Validator::CheckForbund() {
  CheckId(config_.id(), {Step<ForbundConfig>(ForbundConfig::kIdFieldNumber)});
  CheckName(config_.name(), {Step<ForbundConfig>(ForbundConfig::kNameFieldNumber)});
  CheckOrganisationNumber();
  CheckTargetAge();
}

// Swedish organisation numbers end in a Luhn check digit over all ten digits,
// which catches every single-digit typo.
int LuhnCheckDigit(absl::string_view first_nine_digits) {
  int sum = 0;
  for (size_t i = 0; i < first_nine_digits.size(); ++i) {
    int digit = first_nine_digits[i] - '0';
    if (i % 2 == 0) digit *= 2;
    sum += digit / 10 + digit % 10;
  }
  return (10 - sum % 10) % 10;
}

void Validator::CheckOrganisationNumber() {
  const std::string& number = config_.organisation_number();
  if (number.empty()) return;  // optional
  const FieldPath path = {Step<ForbundConfig>(ForbundConfig::kOrganisationNumberFieldNumber)};
  bool well_formed = number.size() == 11 && number[6] == '-';
  for (size_t i = 0; well_formed && i < number.size(); ++i) {
    if (i != 6 && !absl::ascii_isdigit(number[i])) well_formed = false;
  }
  if (!well_formed) {
    Report(path, absl::StrCat(Quoted(number), " must have the form NNNNNN-NNNN"));
    return;
  }
  const std::string digits = absl::StrCat(number.substr(0, 6), number.substr(7, 4));
  const int expected = LuhnCheckDigit(absl::string_view(digits).substr(0, 9));
  if (digits.back() - '0' != expected) {
    Report(path, absl::StrCat(Quoted(number), " has a wrong check digit: the last digit should be ",
                              expected));
  }
}

void Validator::CheckTargetAge() {
  const FieldPath path = {Step<ForbundConfig>(ForbundConfig::kTargetAgeFieldNumber)};
  if (!config_.has_target_age()) {
    Report(path, "is required, e.g. target_age { min_years: 16 max_years: 64 }");
    return;
  }
  const AgeRange& range = config_.target_age();
  bool sound = CheckRangeOrder(range, path);
  if (range.min_years() < kLowestWorkingAge) {
    Report(Extend(path, Step<AgeRange>(AgeRange::kMinYearsFieldNumber)),
           absl::StrCat(range.min_years(), " is below working age: the lowest allowed is ",
                        kLowestWorkingAge));
    sound = false;
  }
  if (range.max_years() > kHighestWorkingAge) {
    Report(Extend(path, Step<AgeRange>(AgeRange::kMaxYearsFieldNumber)),
           absl::StrCat(range.max_years(), " is above working age: the highest allowed is ",
                        kHighestWorkingAge));
    sound = false;
  }
  if (sound) known_.target_age = &range;
}

void Validator::CheckKommuner() {
  if (config_.kommuner().empty()) {
    Report({Step<ForbundConfig>(ForbundConfig::kKommunerFieldNumber)},
           "at least one kommun is required");
  }
  for (int i = 0; i < config_.kommuner_size(); ++i) {
    const Kommun& kommun = config_.kommuner(i);
    const FieldPath path = {Step<ForbundConfig>(ForbundConfig::kKommunerFieldNumber, i)};
    const FieldPath code_path = Extend(path, Step<Kommun>(Kommun::kCodeFieldNumber));
    const std::string& code = kommun.code();
    const bool four_digits =
        code.size() == 4 && std::all_of(code.begin(), code.end(), absl::ascii_isdigit);
    if (four_digits) {
      CheckUnique(known_.kommun_by_code, code, code_path, "code");
    } else {
      Report(code_path, absl::StrCat(Quoted(code),
                                     " must be the kommun's four-digit SCB code, e.g. \"2480\" "
                                     "for Umeå"));
    }
    CheckName(kommun.name(), Extend(path, Step<Kommun>(Kommun::kNameFieldNumber)));
  }
  std::vector<std::string> codes;
  for (const auto& [code, index] : known_.kommun_by_code) codes.push_back(code);
  known_.kommun_codes = absl::StrJoin(codes, ", ");
}

std::string EnumChoices(const google::protobuf::EnumDescriptor& type) {
  std::vector<std::string> names;
  for (int i = 0; i < type.value_count(); ++i) {
    if (type.value(i)->number() != 0) names.push_back(type.value(i)->name());
  }
  return absl::StrCat("one of ", absl::StrJoin(names, ", "));
}

// Proto3 enums are open: the text format accepts any number, so a kind must
// be checked against the known values, not only against UNSPECIFIED.
std::string EnumProblem(const google::protobuf::EnumDescriptor& type, int value) {
  if (value == 0) return absl::StrCat("is required: ", EnumChoices(type));
  return absl::StrCat(value, " is not a known ", type.name(), ": ", EnumChoices(type));
}

void Validator::CheckParties() {
  if (config_.parties_size() < kMinPartiesPerForbund) {
    Report({Step<ForbundConfig>(ForbundConfig::kPartiesFieldNumber)},
           absl::StrCat(config_.parties_size(), " given, at least ", kMinPartiesPerForbund,
                        " parties are required: coordinated support needs at least two"));
  }
  for (int i = 0; i < config_.parties_size(); ++i) CheckParty(i);
  std::vector<std::string> ids;
  for (const auto& [id, index] : known_.party_by_id) ids.push_back(id);
  known_.party_ids = absl::StrJoin(ids, ", ");
}

void Validator::CheckParty(int index) {
  const Party& party = config_.parties(index);
  const FieldPath path = {Step<ForbundConfig>(ForbundConfig::kPartiesFieldNumber, index)};
  const FieldPath id_path = Extend(path, Step<Party>(Party::kIdFieldNumber));
  CheckId(party.id(), id_path);
  if (!party.id().empty()) CheckUnique(known_.party_by_id, party.id(), id_path, "id");
  CheckName(party.name(), Extend(path, Step<Party>(Party::kNameFieldNumber)));

  const FieldPath kind_path = Extend(path, Step<Party>(Party::kKindFieldNumber));
  if (!torg::v1::PartyKind_IsValid(party.kind()) ||
      party.kind() == torg::v1::PARTY_KIND_UNSPECIFIED) {
    Report(kind_path, EnumProblem(*torg::v1::PartyKind_descriptor(), party.kind()));
  }
  const FieldPath code_path = Extend(path, Step<Party>(Party::kKommunCodeFieldNumber));
  const std::string& code = party.kommun_code();
  if (party.kind() != torg::v1::PARTY_KIND_KOMMUN) {
    if (!code.empty()) {
      Report(code_path, "only a PARTY_KIND_KOMMUN party has a kommun_code: remove it");
    }
  } else if (code.empty()) {
    Report(code_path, absl::StrCat("is required for a PARTY_KIND_KOMMUN party: one of the "
                                   "förbund's kommuner (",
                                   known_.kommun_codes, ")"));
  } else if (known_.kommun_by_code.count(code) == 0) {
    Report(code_path, absl::StrCat(Quoted(code), " is not one of the förbund's kommuner (",
                                   known_.kommun_codes, ")"));
  }
}

void Validator::CheckPlatforms() {
  if (config_.platforms().empty()) {
    Report({Step<ForbundConfig>(ForbundConfig::kPlatformsFieldNumber)},
           "at least one platform is required");
  }
  for (int i = 0; i < config_.platforms_size(); ++i) CheckPlatform(i);
}

void Validator::CheckPlatform(int index) {
  const Platform& platform = config_.platforms(index);
  const FieldPath path = {Step<ForbundConfig>(ForbundConfig::kPlatformsFieldNumber, index)};
  const FieldPath id_path = Extend(path, Step<Platform>(Platform::kIdFieldNumber));
  CheckId(platform.id(), id_path);
  if (!platform.id().empty()) CheckUnique(known_.platform_by_id, platform.id(), id_path, "id");
  CheckName(platform.name(), Extend(path, Step<Platform>(Platform::kNameFieldNumber)));
  if (!torg::v1::PlatformKind_IsValid(platform.kind()) ||
      platform.kind() == torg::v1::PLATFORM_KIND_UNSPECIFIED) {
    Report(Extend(path, Step<Platform>(Platform::kKindFieldNumber)),
           EnumProblem(*torg::v1::PlatformKind_descriptor(), platform.kind()));
  }
  CheckPlatformAges(platform, path);
  CheckPlatformKommuner(platform, path);
  CheckPlatformMembers(platform, path);
  CheckPlatformGoals(platform, path);
}

void Validator::CheckPlatformAges(const Platform& platform, const FieldPath& path) {
  const FieldPath range_path = Extend(path, Step<Platform>(Platform::kAgeRangeFieldNumber));
  const AgeRange* target = known_.target_age;
  if (!platform.has_age_range()) {
    Report(range_path, target == nullptr
                           ? std::string("is required")
                           : absl::StrCat("is required, inside the förbund's target range ",
                                          RangeText(*target)));
    return;
  }
  const AgeRange& range = platform.age_range();
  if (!CheckRangeOrder(range, range_path) || target == nullptr) return;
  if (range.min_years() < target->min_years()) {
    Report(Extend(range_path, Step<AgeRange>(AgeRange::kMinYearsFieldNumber)),
           absl::StrCat(range.min_years(), " is below the förbund's target range ",
                        RangeText(*target)));
  }
  if (range.max_years() > target->max_years()) {
    Report(Extend(range_path, Step<AgeRange>(AgeRange::kMaxYearsFieldNumber)),
           absl::StrCat(range.max_years(), " is above the förbund's target range ",
                        RangeText(*target)));
  }
}

void Validator::CheckPlatformKommuner(const Platform& platform, const FieldPath& path) {
  if (platform.kommun_codes().empty() && platform.kind() == torg::v1::PLATFORM_KIND_LOCAL) {
    Report(Extend(path, Step<Platform>(Platform::kKommunCodesFieldNumber)),
           absl::StrCat("a PLATFORM_KIND_LOCAL platform must list the kommuner it serves (",
                        known_.kommun_codes, ")"));
  }
  std::map<std::string, int, std::less<>> listed;
  for (int i = 0; i < platform.kommun_codes_size(); ++i) {
    const std::string& code = platform.kommun_codes(i);
    const FieldPath code_path = Extend(path, Step<Platform>(Platform::kKommunCodesFieldNumber, i));
    if (known_.kommun_by_code.count(code) == 0) {
      Report(code_path, absl::StrCat(Quoted(code), " is not one of the förbund's kommuner (",
                                     known_.kommun_codes, ")"));
    } else if (!listed.emplace(code, i).second) {
      Report(code_path, absl::StrCat(Quoted(code), " is listed twice"));
    }
  }
}

void Validator::CheckPlatformMembers(const Platform& platform, const FieldPath& path) {
  const FieldPath members_path = Extend(path, Step<Platform>(Platform::kMemberPartyIdsFieldNumber));
  std::map<std::string, int, std::less<>> listed;
  for (int i = 0; i < platform.member_party_ids_size(); ++i) {
    const std::string& id = platform.member_party_ids(i);
    const FieldPath id_path = Extend(path, Step<Platform>(Platform::kMemberPartyIdsFieldNumber, i));
    if (known_.party_by_id.count(id) == 0) {
      Report(id_path,
             absl::StrCat(Quoted(id), " is not a party of the förbund (", known_.party_ids, ")"));
    } else if (!listed.emplace(id, i).second) {
      Report(id_path, absl::StrCat(Quoted(id), " is listed twice"));
    }
  }
  if (platform.member_party_ids_size() < kMinPartiesPerPlatform) {
    Report(
        members_path,
        absl::StrCat(platform.member_party_ids_size(), " given, at least ", kMinPartiesPerPlatform,
                     " member parties are required: coordinated support needs at least two"));
  }
}

void Validator::CheckPlatformGoals(const Platform& platform, const FieldPath& path) {
  // Ratings name a goal by id within its platform, so ids are unique there.
  std::map<std::string, int, std::less<>> listed;
  for (int i = 0; i < platform.goals_size(); ++i) {
    const torg::v1::PlatformGoal& goal = platform.goals(i);
    const FieldPath goal_path = Extend(path, Step<Platform>(Platform::kGoalsFieldNumber, i));
    const FieldPath id_path =
        Extend(goal_path, Step<torg::v1::PlatformGoal>(torg::v1::PlatformGoal::kIdFieldNumber));
    CheckId(goal.id(), id_path);
    if (!goal.id().empty()) {
      auto [it, inserted] = listed.emplace(goal.id(), i);
      if (!inserted) {
        Report(id_path,
               absl::StrCat(Quoted(goal.id()), " is already the id of goals[", it->second, "]"));
      }
    }
    const FieldPath text_path =
        Extend(goal_path, Step<torg::v1::PlatformGoal>(torg::v1::PlatformGoal::kTextFieldNumber));
    // Characters, not bytes: a goal worded in Swedish has å, ä and ö.
    const auto characters = std::count_if(goal.text().begin(), goal.text().end(), [](char c) {
      return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    });
    if (characters == 0) {
      Report(text_path, "is required: the goal as the plan words it");
    } else if (characters > kMaxGoalTextCharacters) {
      Report(text_path, absl::StrCat(characters, " characters, at most ", kMaxGoalTextCharacters,
                                     " are allowed: the goal itself, not its background"));
    }
  }
}

void Validator::CheckRetention() {
  if (!config_.has_retention()) return;
  const torg::v1::RetentionRules& rules = config_.retention();
  const FieldPath path = {Step<ForbundConfig>(ForbundConfig::kRetentionFieldNumber)};
  if (rules.erase_months_after_closure() > kMaxRetentionMonths) {
    Report(Extend(path, Step<torg::v1::RetentionRules>(
                            torg::v1::RetentionRules::kEraseMonthsAfterClosureFieldNumber)),
           absl::StrCat(rules.erase_months_after_closure(), " is above the highest allowed, ",
                        kMaxRetentionMonths, " months (", kMaxRetentionMonths / 12, " years)"));
  }
  if (rules.keep_months_after_closure() > kMaxRetentionMonths) {
    Report(Extend(path, Step<torg::v1::RetentionRules>(
                            torg::v1::RetentionRules::kKeepMonthsAfterClosureFieldNumber)),
           absl::StrCat(rules.keep_months_after_closure(), " is above the highest allowed, ",
                        kMaxRetentionMonths, " months (", kMaxRetentionMonths / 12, " years)"));
  }
  if (rules.erase_months_after_closure() > 0 &&
      rules.keep_months_after_closure() > rules.erase_months_after_closure()) {
    Report(Extend(path, Step<torg::v1::RetentionRules>(
                            torg::v1::RetentionRules::kKeepMonthsAfterClosureFieldNumber)),
           absl::StrCat(rules.keep_months_after_closure(), " is above erase_months_after_closure ",
                        rules.erase_months_after_closure(),
                        ": gallring would erase data the förbund must still keep"));
  }
}

void Validator::CheckReporting() {
  if (!config_.has_reporting()) return;
  const uint32_t threshold = config_.reporting().small_cell_threshold();
  if (threshold > kMaxSmallCellThreshold) {
    Report(
        {Step<ForbundConfig>(ForbundConfig::kReportingFieldNumber),
         Step<torg::v1::ReportingRules>(torg::v1::ReportingRules::kSmallCellThresholdFieldNumber)},
        absl::StrCat(threshold, " is above the highest allowed, ", kMaxSmallCellThreshold,
                     ": reports would show almost nothing"));
  }
}

template <class Entry, class ValueOf>
void Validator::CheckSusCodes(const google::protobuf::RepeatedPtrField<Entry>& entries,
                              int list_field, ValueOf value_of) {
  std::map<int, int> index_by_value;
  for (int i = 0; i < entries.size(); ++i) {
    const FieldPath path = {Step<ForbundConfig>(ForbundConfig::kSusExportFieldNumber),
                            Step<torg::v1::SusExportRules>(list_field, i)};
    const Entry& entry = entries[i];
    const int value = static_cast<int>(value_of(entry));
    if (value == 0) {
      Report(path, "needs the Torg value it codes (not UNSPECIFIED)");
    } else if (auto [it, inserted] = index_by_value.emplace(value, i); !inserted) {
      Report(path, absl::StrCat("codes the same value as entry [", it->second, "]"));
    }
    const std::string& code = entry.code();
    if (code.empty() || code.size() > 40 || code.find_first_of(";,\"\r\n") != std::string::npos) {
      Report(path,
             absl::StrCat("code ", Quoted(code),
                          " must be 1 to 40 characters without ';', ',', '\"' or line breaks"));
    }
  }
}

void Validator::CheckSusExport() {
  if (!config_.has_sus_export()) return;
  const torg::v1::SusExportRules& rules = config_.sus_export();
  using torg::v1::SusExportRules;
  CheckSusCodes(rules.genders(), SusExportRules::kGendersFieldNumber,
                [](const auto& entry) { return entry.gender(); });
  CheckSusCodes(rules.education_levels(), SusExportRules::kEducationLevelsFieldNumber,
                [](const auto& entry) { return entry.education_level(); });
  CheckSusCodes(rules.income_sources(), SusExportRules::kIncomeSourcesFieldNumber,
                [](const auto& entry) { return entry.income_source(); });
  CheckSusCodes(rules.times_without_work(), SusExportRules::kTimesWithoutWorkFieldNumber,
                [](const auto& entry) { return entry.time_without_work(); });
  CheckSusCodes(rules.outcomes(), SusExportRules::kOutcomesFieldNumber,
                [](const auto& entry) { return entry.outcome(); });
  for (int i = 0; i < rules.outcomes_size(); ++i) {
    if (rules.outcomes(i).group() == torg::v1::SUS_OUTCOME_GROUP_UNSPECIFIED) {
      Report({Step<ForbundConfig>(ForbundConfig::kSusExportFieldNumber),
              Step<SusExportRules>(SusExportRules::kOutcomesFieldNumber, i)},
             "needs the national group it is reported in (group)");
    }
  }
}

}  // namespace

std::string FieldPathToString(const FieldPath& path) {
  std::string text;
  for (const FieldStep& step : path) {
    if (!text.empty()) text.push_back('.');
    absl::StrAppend(&text, step.field->name());
    if (step.index >= 0) absl::StrAppend(&text, "[", step.index, "]");
  }
  return text;
}

std::vector<ConfigProblem> FindConfigProblems(const ForbundConfig& config) {
  return Validator(config).Run();
}

}  // namespace torg::config
