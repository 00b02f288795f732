#include "services/config/config_loader.h"

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/config/example_config.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace torg::config {
namespace {

using ::testing::AllOf;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::torg::testing::IsOk;
using ::torg::testing::StatusIs;

constexpr absl::string_view kSource = "test.textproto";

// A small valid config. The trailing comments make lines unique, so a case
// can name the line it expects by a marker instead of by a number that breaks
// whenever this text changes. (The delimiter is not "pb": clang-format would
// reformat that as text format and move the markers.)
constexpr absl::string_view kValidConfig = R"config(id: "testforbund"
name: "Samordningsförbundet Test"
organisation_number: "222000-1883"
target_age { min_years: 16 max_years: 64 }  # target
kommuner { code: "2480" name: "Umeå" }
kommuner { code: "2460" name: "Vännäs" }
parties {  # party-af
  id: "af"
  name: "Arbetsförmedlingen"
  kind: PARTY_KIND_ARBETSFORMEDLINGEN
}
parties {  # party-fk
  id: "fk"
  name: "Försäkringskassan"
  kind: PARTY_KIND_FORSAKRINGSKASSAN
}
parties {  # party-umea
  id: "umea-kommun"
  name: "Umeå kommun"
  kind: PARTY_KIND_KOMMUN
  kommun_code: "2480"
}
platforms {  # ungdomstorget
  id: "ungdomstorget"
  name: "Ungdomstorget"
  kind: PLATFORM_KIND_YOUTH
  age_range {  # ungdomstorget-ages
    min_years: 16
    max_years: 29
  }
  kommun_codes: "2480"
  member_party_ids: "af"
  member_party_ids: "fk"
  member_party_ids: "umea-kommun"
}
platforms {  # lokalt-vannas
  id: "lokalt-vannas"
  name: "Lokalt samarbete Vännäs"
  kind: PLATFORM_KIND_LOCAL
  age_range { min_years: 16 max_years: 64 }
  kommun_codes: "2460"
  member_party_ids: ["af", "fk"]
}
)config";

// Replaces the one occurrence of `from` in `text` with `to`.
std::string ReplaceOnce(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "not in the config: " << from;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << "ambiguous: " << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// The valid config with one change.
std::string Mutate(const std::string& from, const std::string& to) {
  return ReplaceOnce(std::string(kValidConfig), from, to);
}

// One-based number of the first line of `text` containing `marker`, 0 if none.
int LineContaining(absl::string_view text, absl::string_view marker) {
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    if (absl::StrContains(line, marker)) return number;
  }
  return 0;
}

TEST(ExampleConfigTest, LoadsWithEveryPlatformPartyAndKommun) {
  ASSERT_OK_AND_ASSIGN(const torg::v1::ForbundConfig config, LoadExampleForbundConfig());
  EXPECT_EQ(config.id(), "umearegionen");
  EXPECT_EQ(config.name(), "Samordningsförbundet Umeåregionen");
  EXPECT_EQ(config.platforms_size(), 8);
  EXPECT_EQ(config.parties_size(), 9);
  EXPECT_EQ(config.kommuner_size(), 6);
  EXPECT_EQ(config.target_age().min_years(), 16u);
  EXPECT_EQ(config.target_age().max_years(), 64u);
  EXPECT_EQ(config.platforms(0).name(), "Ungdomstorget");
  EXPECT_EQ(config.retention().keep_months_after_closure(), 12u);
  EXPECT_EQ(config.retention().erase_months_after_closure(), 24u);
}

TEST(ParseForbundConfigTest, RetentionWithOnlyTheMinimumIsValid) {
  // keep without erase: no automatic gallring, but a minimum for requests.
  EXPECT_THAT(
      ParseForbundConfig(
          absl::StrCat(kValidConfig, "retention { keep_months_after_closure: 36 }\n"), kSource),
      IsOk());
}

TEST(ExampleConfigTest, BuiltInTextIsTheShippedFile) {
  std::ifstream file(TORG_EXAMPLE_CONFIG_PATH, std::ios::binary);
  ASSERT_TRUE(file) << TORG_EXAMPLE_CONFIG_PATH;
  const std::string on_disk((std::istreambuf_iterator<char>(file)),
                            std::istreambuf_iterator<char>());
  EXPECT_EQ(ExampleForbundConfigText(), on_disk);
  EXPECT_THAT(LoadForbundConfigFile(TORG_EXAMPLE_CONFIG_PATH), IsOk());
}

TEST(ParseForbundConfigTest, AcceptsTheValidTestConfig) {
  ASSERT_OK_AND_ASSIGN(const torg::v1::ForbundConfig config,
                       ParseForbundConfig(kValidConfig, kSource));
  EXPECT_EQ(config.platforms(1).member_party_ids_size(), 2);
}

struct RuleCase {
  std::string test_name;
  std::string from;  // text of the valid config to replace
  std::string to;
  std::string field_path;  // the path the error must name
  // The error must name the line containing this; empty when the field has
  // no line in the file (a missing top-level field).
  std::string line_marker;
  std::string message;  // part of what the error must say
};

class ValidationRuleTest : public ::testing::TestWithParam<RuleCase> {};

TEST_P(ValidationRuleTest, ReportsFileLineFieldAndProblem) {
  const RuleCase& rule = GetParam();
  const std::string text = Mutate(rule.from, rule.to);
  const std::string expected_where =
      rule.line_marker.empty()
          ? absl::StrCat(kSource, ": ")
          : absl::StrCat(kSource, ":", LineContaining(text, rule.line_marker), ": ");
  ASSERT_FALSE(rule.line_marker.empty() && LineContaining(text, rule.line_marker) == 0);

  EXPECT_THAT(
      ParseForbundConfig(text, kSource),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr(absl::StrCat(expected_where, rule.field_path, ": ", rule.message))));
}

const RuleCase kRuleCases[] = {
    // The förbund itself.
    {"ForbundIdEmpty", R"(id: "testforbund")", R"(id: "")", "id", R"(id: "")", "is required"},
    {"ForbundIdBadCharacters", R"(id: "testforbund")", R"(id: "Test Förbund")", "id",
     "Test Förbund", "\"Test Förbund\" may contain only lowercase letters"},
    {"ForbundNameEmpty", R"(name: "Samordningsförbundet Test")", R"(name: "")", "name",
     R"(name: "")", "is required"},
    {"OrganisationNumberMalformed", "222000-1883", "2220001883", "organisation_number",
     "2220001883", "\"2220001883\" must have the form NNNNNN-NNNN"},
    {"OrganisationNumberCheckDigit", "222000-1883", "222000-1884", "organisation_number",
     "222000-1884", "\"222000-1884\" has a wrong check digit: the last digit should be 3"},
    {"TargetAgeMissing", "target_age { min_years: 16 max_years: 64 }  # target\n", "", "target_age",
     "", "is required"},
    {"TargetAgeMinAboveMax", "min_years: 16 max_years: 64 }  # target",
     "min_years: 50 max_years: 40 }  # target", "target_age", "# target",
     "min_years 50 is above max_years 40"},
    {"TargetAgeBelowWorkingAge", "min_years: 16 max_years: 64 }  # target",
     "min_years: 14 max_years: 64 }  # target", "target_age.min_years", "# target",
     "14 is below working age: the lowest allowed is 15"},
    {"TargetAgeAboveWorkingAge", "min_years: 16 max_years: 64 }  # target",
     "min_years: 16 max_years: 70 }  # target", "target_age.max_years", "# target",
     "70 is above working age: the highest allowed is 67"},

    // Kommuner.
    {"NoKommuner",
     "kommuner { code: \"2480\" name: \"Umeå\" }\nkommuner { code: \"2460\" "
     "name: \"Vännäs\" }\n",
     "", "kommuner", "", "at least one kommun is required"},
    {"KommunCodeNotFourDigits", R"(code: "2460")", R"(code: "246")", "kommuner[1].code",
     R"(code: "246")", "\"246\" must be the kommun's four-digit SCB code"},
    {"KommunCodeDuplicate", R"(code: "2460")", R"(code: "2480")", "kommuner[1].code",
     R"(name: "Vännäs")", "\"2480\" is already the code of kommuner[0]"},
    {"KommunNameEmpty", R"(name: "Vännäs" })", R"(name: "" })", "kommuner[1].name", R"(name: "" })",
     "is required"},

    // Parties.
    {"FewerThanTwoParties",
     "parties {  # party-fk\n  id: \"fk\"\n  name: \"Försäkringskassan\"\n"
     "  kind: PARTY_KIND_FORSAKRINGSKASSAN\n}\nparties {  # party-umea\n  id: \"umea-kommun\"\n"
     "  name: \"Umeå kommun\"\n  kind: PARTY_KIND_KOMMUN\n  kommun_code: \"2480\"\n}\n",
     "", "parties", "# party-af", "1 given, at least 2 parties are required"},
    {"PartyIdEmpty", R"(id: "fk")", R"(id: "")", "parties[1].id", R"(id: "")", "is required"},
    {"PartyIdBadCharacters", R"(id: "fk")", R"(id: "FK")", "parties[1].id", R"(id: "FK")",
     "\"FK\" may contain only lowercase letters"},
    {"PartyIdDuplicate", R"(id: "fk")", R"(id: "af"  # dup)", "parties[1].id", "# dup",
     "\"af\" is already the id of parties[0]"},
    {"PartyNameEmpty", R"(name: "Försäkringskassan")", R"(name: "")", "parties[1].name",
     R"(name: "")", "is required"},
    {"PartyKindMissing", "  kind: PARTY_KIND_FORSAKRINGSKASSAN\n", "", "parties[1].kind",
     "# party-fk", "is required: one of PARTY_KIND_ARBETSFORMEDLINGEN"},
    {"PartyKindUnknownNumber", "kind: PARTY_KIND_FORSAKRINGSKASSAN", "kind: 9", "parties[1].kind",
     "kind: 9", "9 is not a known PartyKind"},
    {"KommunPartyWithoutKommunCode", "  kommun_code: \"2480\"\n", "", "parties[2].kommun_code",
     "# party-umea", "is required for a PARTY_KIND_KOMMUN party"},
    {"KommunPartyWithUnknownKommun", R"(kommun_code: "2480")", R"(kommun_code: "2409")",
     "parties[2].kommun_code", R"(kommun_code: "2409")",
     "\"2409\" is not one of the förbund's kommuner (2460, 2480)"},
    {"OtherPartyWithKommunCode", "kind: PARTY_KIND_ARBETSFORMEDLINGEN",
     "kind: PARTY_KIND_ARBETSFORMEDLINGEN\n  kommun_code: \"2480\"  # here",
     "parties[0].kommun_code", "# here", "only a PARTY_KIND_KOMMUN party has a kommun_code"},

    // Platforms.
    {"PlatformIdEmpty", R"(id: "ungdomstorget")", R"(id: "")", "platforms[0].id", R"(id: "")",
     "is required"},
    {"PlatformIdBadCharacters", R"(id: "ungdomstorget")", R"(id: "ungdomstorget!")",
     "platforms[0].id", "ungdomstorget!", "\"ungdomstorget!\" may contain only lowercase letters"},
    {"PlatformIdDuplicate", R"(id: "lokalt-vannas")", R"(id: "ungdomstorget"  # dup)",
     "platforms[1].id", "# dup", "\"ungdomstorget\" is already the id of platforms[0]"},
    {"PlatformNameEmpty", R"(name: "Ungdomstorget")", R"(name: "")", "platforms[0].name",
     R"(name: "")", "is required"},
    {"PlatformKindMissing", "  kind: PLATFORM_KIND_YOUTH\n", "", "platforms[0].kind",
     "# ungdomstorget", "is required: one of PLATFORM_KIND_YOUTH"},
    {"PlatformKindUnknownNumber", "kind: PLATFORM_KIND_YOUTH", "kind: 42", "platforms[0].kind",
     "kind: 42", "42 is not a known PlatformKind"},
    {"PlatformAgeRangeMissing",
     "  age_range {  # ungdomstorget-ages\n    min_years: 16\n    max_years: 29\n  }\n", "",
     "platforms[0].age_range", "# ungdomstorget",
     "is required, inside the förbund's target range 16–64"},
    {"PlatformAgeRangeMinAboveMax", "    min_years: 16\n", "    min_years: 30\n",
     "platforms[0].age_range", "# ungdomstorget-ages", "min_years 30 is above max_years 29"},
    {"PlatformBelowTargetAge", "    min_years: 16\n", "    min_years: 15\n",
     "platforms[0].age_range.min_years", "min_years: 15",
     "15 is below the förbund's target range 16–64"},
    {"PlatformAboveTargetAge", "max_years: 29", "max_years: 70", "platforms[0].age_range.max_years",
     "max_years: 70", "70 is above the förbund's target range 16–64"},
    {"PlatformKommunUnknown", R"(kommun_codes: "2480")", R"(kommun_codes: "2409")",
     "platforms[0].kommun_codes[0]", R"(kommun_codes: "2409")",
     "\"2409\" is not one of the förbund's kommuner (2460, 2480)"},
    {"PlatformKommunListedTwice", R"(kommun_codes: "2480")",
     "kommun_codes: \"2480\"\n  kommun_codes: \"2480\"  # here", "platforms[0].kommun_codes[1]",
     "# here", "\"2480\" is listed twice"},
    {"LocalPlatformWithoutKommuner", "  kommun_codes: \"2460\"\n", "", "platforms[1].kommun_codes",
     "# lokalt-vannas", "a PLATFORM_KIND_LOCAL platform must list the kommuner it serves"},
    {"MemberPartyUnknown", R"(member_party_ids: "umea-kommun")",
     R"(member_party_ids: "vannas-kommun")", "platforms[0].member_party_ids[2]", "vannas-kommun",
     "\"vannas-kommun\" is not a party of the förbund (af, fk, umea-kommun)"},
    {"MemberPartyListedTwice", R"(member_party_ids: "umea-kommun")",
     R"(member_party_ids: "af"  # here)", "platforms[0].member_party_ids[2]", "# here",
     "\"af\" is listed twice"},
    {"MemberPartyUnknownInListSyntax", R"(["af", "fk"])", R"(["af", "nobody"])",
     "platforms[1].member_party_ids[1]", "nobody", "\"nobody\" is not a party of the förbund"},
    {"FewerThanTwoMemberParties", R"(["af", "fk"])", R"(["af"])", "platforms[1].member_party_ids",
     R"(["af"])", "1 given, at least 2 member parties are required"},

    // Platform goals (rated by the board, FlowService.RecordBoardRating).
    {"PlatformGoalIdTwice", "member_party_ids: \"umea-kommun\"\n",
     "member_party_ids: \"umea-kommun\"\n  goals { id: \"arbete\" text: \"Fler i arbete\" }\n"
     "  goals { id: \"arbete\" text: \"Fler i studier\" }  # here\n",
     "platforms[0].goals[1].id", "# here", "\"arbete\" is already the id of goals[0]"},
    {"PlatformGoalIdNotAnId", "member_party_ids: \"umea-kommun\"\n",
     "member_party_ids: \"umea-kommun\"\n  goals { id: \"Arbete\" text: \"Fler i arbete\" }  # "
     "here\n",
     "platforms[0].goals[0].id", "# here", "\"Arbete\" may contain only"},
    {"PlatformGoalWithoutText", "member_party_ids: \"umea-kommun\"\n",
     "member_party_ids: \"umea-kommun\"\n  goals { id: \"arbete\" }  # here\n",
     "platforms[0].goals[0].text", "# here", "is required: the goal as the plan words it"},

    // Retention (gallring).
    {"RetentionKeepAboveErase", "member_party_ids: [\"af\", \"fk\"]\n}\n",
     "member_party_ids: [\"af\", \"fk\"]\n}\nretention {  # retention\n"
     "  keep_months_after_closure: 36\n  erase_months_after_closure: 24\n}\n",
     "retention.keep_months_after_closure", "keep_months_after_closure: 36",
     "36 is above erase_months_after_closure 24: gallring would erase data the förbund must "
     "still keep"},
    {"RetentionEraseTooLong", "member_party_ids: [\"af\", \"fk\"]\n}\n",
     "member_party_ids: [\"af\", \"fk\"]\n}\nretention { erase_months_after_closure: 2400 }\n",
     "retention.erase_months_after_closure", "erase_months_after_closure: 2400",
     "2400 is above the highest allowed, 1200 months"},

    // Reporting (small-cell suppression).
    {"SmallCellThresholdTooHigh", "member_party_ids: [\"af\", \"fk\"]\n}\n",
     "member_party_ids: [\"af\", \"fk\"]\n}\nreporting { small_cell_threshold: 101 }\n",
     "reporting.small_cell_threshold", "small_cell_threshold: 101",
     "101 is above the highest allowed, 100: reports would show almost nothing"},
};

INSTANTIATE_TEST_SUITE_P(EveryRule, ValidationRuleTest, ::testing::ValuesIn(kRuleCases),
                         [](const ::testing::TestParamInfo<RuleCase>& rule_info) {
                           return rule_info.param.test_name;
                         });

TEST(ParseForbundConfigTest, NoPlatformsIsReportedWithoutALine) {
  std::string text(kValidConfig);
  text.erase(text.find("platforms {  # ungdomstorget"));
  EXPECT_THAT(ParseForbundConfig(text, kSource),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("test.textproto: platforms: at least one platform is required")));
}

TEST(ParseForbundConfigTest, ReportsEveryProblemOnItsOwnLine) {
  std::string text = Mutate("max_years: 29", "max_years: 70");
  text = ReplaceOnce(text, R"(id: "fk")", R"(id: "FK")");
  text = ReplaceOnce(text, R"(name: "Vännäs" })", R"(name: "" })");

  const absl::StatusOr<torg::v1::ForbundConfig> result = ParseForbundConfig(text, kSource);
  ASSERT_THAT(result, StatusIs(absl::StatusCode::kInvalidArgument));
  const std::vector<std::string> lines = absl::StrSplit(result.status().message(), '\n');
  EXPECT_THAT(lines, ::testing::ElementsAre(
                         HasSubstr("kommuner[1].name: is required"),
                         HasSubstr("parties[1].id: \"FK\" may contain"),
                         HasSubstr("platforms[0].age_range.max_years: 70 is above"),
                         HasSubstr("platforms[0].member_party_ids[1]: \"fk\" is not a party"),
                         HasSubstr("platforms[1].member_party_ids[1]: \"fk\" is not a party")));
  for (const std::string& line : lines) {
    EXPECT_THAT(line, ::testing::StartsWith("test.textproto:"));
  }
}

TEST(ParseForbundConfigTest, SyntaxErrorGivesLineAndColumn) {
  const std::string text = Mutate("  kind: PLATFORM_KIND_YOUTH", "  kind PLATFORM_KIND_YOUTH");
  const int line = LineContaining(text, "kind PLATFORM_KIND_YOUTH");
  // The parser stops at the token where a ':' should be: column 8.
  EXPECT_THAT(ParseForbundConfig(text, kSource),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(absl::StrCat("test.textproto:", line, ":8: "))));
}

TEST(ParseForbundConfigTest, UnknownFieldGivesLineAndColumn) {
  const std::string text =
      Mutate("  kind: PLATFORM_KIND_YOUTH\n", "  kind: PLATFORM_KIND_YOUTH\n  colour: \"blue\"\n");
  const int line = LineContaining(text, "colour");
  EXPECT_THAT(ParseForbundConfig(text, kSource),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(ContainsRegex(absl::StrCat("test\\.textproto:", line, ":[0-9]+: ")),
                             HasSubstr("colour"))));
}

TEST(ParseForbundConfigTest, UnknownEnumNameIsASyntaxError) {
  const std::string text = Mutate("kind: PLATFORM_KIND_YOUTH", "kind: PLATFORM_KIND_YOUNG");
  const int line = LineContaining(text, "PLATFORM_KIND_YOUNG");
  // Protobuf reports an unknown enum name at the token after it, which may be
  // on the next line; the message names the value, so it is still found.
  EXPECT_THAT(ParseForbundConfig(text, kSource),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(ContainsRegex(absl::StrCat("test\\.textproto:(", line, "|", line + 1,
                                                        "):[0-9]+: ")),
                             HasSubstr("PLATFORM_KIND_YOUNG"))));
}

TEST(LoadForbundConfigFileTest, NamesTheFileInEveryError) {
  torg::testing::TempDir dir;
  const std::string path = dir.Sub("broken.textproto");
  const std::string text = Mutate("max_years: 29", "max_years: 70");
  std::ofstream(path) << text;
  EXPECT_THAT(LoadForbundConfigFile(path),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(absl::StrCat(path, ":", LineContaining(text, "max_years: 70"),
                                              ": platforms[0].age_range.max_years: "))));
}

TEST(LoadForbundConfigFileTest, MissingFileIsNotFound) {
  torg::testing::TempDir dir;
  const std::string path = dir.Sub("nowhere.textproto");
  EXPECT_THAT(LoadForbundConfigFile(path), StatusIs(absl::StatusCode::kNotFound, HasSubstr(path)));
}

TEST(LoadForbundConfigFileTest, DirectoryIsRefusedNotParsed) {
  torg::testing::TempDir dir;
  EXPECT_THAT(LoadForbundConfigFile(dir.path()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr(dir.path())));
}

}  // namespace
}  // namespace torg::config
