#include "clients/torgctl/cli_options.h"

#include <ostream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/torgctl/cli_parsing.h"

namespace torg::torgctl {
void SetRun(CLI::App& command, Invocation& invocation, CommandAction run) {
  command.callback([&invocation, run = std::move(run)] { invocation.run = run; });
}

int UsageError(CommandIo& io, absl::string_view command, absl::string_view message) {
  io.err << "torgctl " << command << ": " << message << "\nRun with --help for more information.\n";
  return kExitUsage;
}

CLI::Option* AddDateOption(CLI::App& command, const std::string& name,
                           std::function<void(const torg::v1::Date&)> store,
                           const std::string& description) {
  return command
      .add_option_function<std::string>(
          name, [store = std::move(store)](const std::string& text) { store(*ParseDate(text)); },
          description)
      ->type_name("YYYY-MM-DD")
      ->check(Accepting(ParseDate));
}

CLI::Option* AddIdListOption(CLI::App& command, const std::string& name,
                             google::protobuf::RepeatedPtrField<std::string>* target,
                             const std::string& description) {
  return command
      .add_option_function<std::vector<std::string>>(
          name,
          [target](const std::vector<std::string>& ids) {
            for (const auto& id : ids) *target->Add() = id;
          },
          absl::StrCat(description, " (repeatable)"))
      ->type_name("ID")
      ->allow_extra_args(false)
      ->delimiter(',');
}

CLI::Option* AddTextListOption(CLI::App& command, const std::string& name,
                               google::protobuf::RepeatedPtrField<std::string>* target,
                               const std::string& description) {
  return command
      .add_option_function<std::vector<std::string>>(
          name,
          [target](const std::vector<std::string>& texts) {
            for (const auto& text : texts) *target->Add() = text;
          },
          absl::StrCat(description, " (repeatable)"))
      ->type_name("TEXT")
      ->allow_extra_args(false);
}

CLI::Option* AddPartyTextListOption(
    CLI::App& command, const std::string& name,
    std::function<void(const std::string& party, const std::string& text)> add,
    const std::string& description) {
  return command
      .add_option_function<std::vector<std::string>>(
          name,
          [add = std::move(add)](const std::vector<std::string>& texts) {
            for (const auto& text : texts) {
              const auto party_text = *ParsePartyText(text);
              add(party_text.first, party_text.second);
            }
          },
          absl::StrCat(description, " (repeatable)"))
      ->type_name("PARTY=TEXT")
      ->allow_extra_args(false)
      ->check(Accepting(ParsePartyText));
}

CLI::Option* AddPageSizeOption(CLI::App& command, std::function<void(int)> store) {
  return command
      .add_option_function<int>("--page-size", std::move(store),
                                "at most this many items (default: 100)")
      ->type_name("N")
      ->check(CLI::Range(1, 1000));
}

namespace internal {

CLI::Option* AddEnumOption(CLI::App& command, const std::string& name,
                           const google::protobuf::EnumDescriptor& descriptor, bool repeatable,
                           std::function<void(int)> store, const std::string& description) {
  const auto* enum_type = &descriptor;
  const auto parse = [enum_type](const std::string& text) {
    return ParseEnumFlag(*enum_type, text);
  };
  const std::string help = absl::StrCat(description, repeatable ? " (repeatable)" : "", ": ",
                                        absl::StrJoin(EnumFlagNames(descriptor), ", "));
  if (!repeatable) {
    return command
        .add_option_function<std::string>(
            name, [parse, store](const std::string& text) { store(*parse(text)); }, help)
        ->type_name("NAME")
        ->check(Accepting(parse));
  }
  return command
      .add_option_function<std::vector<std::string>>(
          name,
          [parse, store](const std::vector<std::string>& texts) {
            for (const auto& text : texts) store(*parse(text));
          },
          help)
      ->type_name("NAME")
      ->allow_extra_args(false)
      ->delimiter(',')
      ->check(Accepting(parse));
}

void AddRequestIdOption(CLI::App& command, std::string* request_id) {
  command
      .add_option("--request-id", *request_id,
                  "the idempotency key; retrying with the same one records nothing twice "
                  "(default: a fresh UUID, printed)")
      ->type_name("ID");
}

void AddExpectedVersionOption(CLI::App& command, std::function<void(uint64_t)> store) {
  command
      .add_option_function<uint64_t>("--expected-version", std::move(store),
                                     "refuse (ABORTED) unless the version is still N")
      ->type_name("N");
}

}  // namespace internal
}  // namespace torg::torgctl
