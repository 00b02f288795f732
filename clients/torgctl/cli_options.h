#ifndef TORG_CLIENTS_TORGCTL_CLI_OPTIONS_H_
#define TORG_CLIENTS_TORGCTL_CLI_OPTIONS_H_

// The options torgctl's commands share, built on cli_parsing.h. Each checks
// its text while the command line is parsed, so a wrong value is a usage
// error (exit 2) saying what is accepted.
//
// A command builds its request while the command line is parsed: the request
// lives in a std::shared_ptr that the option callbacks and the command's run
// action capture, so CLI::App keeps it alive; options may also bind straight
// to a string field of it (*request->mutable_case_id()).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "CLI/CLI.hpp"
#include "absl/strings/string_view.h"
#include "clients/torgctl/command.h"
#include "google/protobuf/generated_enum_reflection.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "torg/v1/types.pb.h"

namespace torg::torgctl {

// A CLI11 check built on a parser of cli_parsing.h: accepts the text when
// `parse(text)` is OK, else refuses it with the parser's message.
template <typename Parse>
CLI::Validator Accepting(Parse parse) {
  return CLI::Validator(
      [parse](std::string& text) -> std::string {
        const auto parsed = parse(text);
        return parsed.ok() ? "" : std::string(parsed.status().message());
      },
      "");
}

// Makes `run` the action of `command` when the user names it.
void SetRun(CLI::App& command, Invocation& invocation, CommandAction run);

// Writes a usage error of `command` that CLI11 cannot check (e.g. "give one
// of --accept, --direct-to or --decline") and returns kExitUsage.
int UsageError(CommandIo& io, absl::string_view command, absl::string_view message);

// An option taking a date, YYYY-MM-DD; `store` receives it.
CLI::Option* AddDateOption(CLI::App& command, const std::string& name,
                           std::function<void(const torg::v1::Date&)> store,
                           const std::string& description);

// A repeatable option taking ids (--party af --party fk, or --party af,fk),
// appended to `target`.
CLI::Option* AddIdListOption(CLI::App& command, const std::string& name,
                             google::protobuf::RepeatedPtrField<std::string>* target,
                             const std::string& description);

// A repeatable option taking free text (--goal "…" --goal "…"): no splitting
// at commas.
CLI::Option* AddTextListOption(CLI::App& command, const std::string& name,
                               google::protobuf::RepeatedPtrField<std::string>* target,
                               const std::string& description);

// A repeatable option taking PARTY=TEXT (--commitment "af=Arbetsträning");
// `add` receives each pair in order.
CLI::Option* AddPartyTextListOption(
    CLI::App& command, const std::string& name,
    std::function<void(const std::string& party, const std::string& text)> add,
    const std::string& description);

// An option taking a page size, 1–1000.
CLI::Option* AddPageSizeOption(CLI::App& command, std::function<void(int)> store);

namespace internal {

CLI::Option* AddEnumOption(CLI::App& command, const std::string& name,
                           const google::protobuf::EnumDescriptor& descriptor, bool repeatable,
                           std::function<void(int)> store, const std::string& description);

void AddRequestIdOption(CLI::App& command, std::string* request_id);
void AddExpectedVersionOption(CLI::App& command, std::function<void(uint64_t)> store);

template <typename T, typename = void>
struct HasExpectedVersion : std::false_type {};
template <typename T>
struct HasExpectedVersion<
    T, std::void_t<decltype(std::declval<T&>().set_expected_version(uint64_t{0}))>>
    : std::true_type {};

}  // namespace internal

// An option taking one value of the protobuf enum E by its short name (see
// EnumFlagName: --gender woman); the help lists the accepted names.
template <typename E>
CLI::Option* AddEnumOption(CLI::App& command, const std::string& name, std::function<void(E)> store,
                           const std::string& description) {
  return internal::AddEnumOption(
      command, name, *google::protobuf::GetEnumDescriptor<E>(), /*repeatable=*/false,
      [store = std::move(store)](int number) { store(static_cast<E>(number)); }, description);
}

// As AddEnumOption, repeatable (--income salary --income social-assistance,
// or --income salary,social-assistance); `add` receives each value in order.
template <typename E>
CLI::Option* AddEnumListOption(CLI::App& command, const std::string& name,
                               std::function<void(E)> add, const std::string& description) {
  return internal::AddEnumOption(
      command, name, *google::protobuf::GetEnumDescriptor<E>(), /*repeatable=*/true,
      [add = std::move(add)](int number) { add(static_cast<E>(number)); }, description);
}

// --as-of: the day a list is counted to (the request's as_of; default:
// today, on the server). `what` says how it is used.
template <typename Request>
CLI::Option* AddAsOfOption(CLI::App& command, const std::shared_ptr<Request>& request,
                           const std::string& what) {
  return AddDateOption(
      command, "--as-of",
      [request](const torg::v1::Date& date) { *request->mutable_as_of() = date; },
      what + " (default: today)");
}

// The options of every mutating command: --request-id (default: a fresh
// UUID, see Mutate in rpc_call.h), --date (the effective_date; default:
// today, on the server) and, when the request has one, --expected-version.
template <typename Request>
void AddMutationOptions(CLI::App& command, const std::shared_ptr<Request>& request) {
  internal::AddRequestIdOption(command, request->mutable_request_id());
  AddDateOption(
      command, "--date",
      [request](const torg::v1::Date& date) { *request->mutable_effective_date() = date; },
      "the date it took effect (default: today)");
  if constexpr (internal::HasExpectedVersion<Request>::value) {
    internal::AddExpectedVersionOption(
        command, [request](uint64_t version) { request->set_expected_version(version); });
  }
}

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_CLI_OPTIONS_H_
