#include "clients/torgctl/report_command.h"

#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "clients/torgctl/cli_options.h"
#include "clients/torgctl/cli_parsing.h"
#include "clients/torgctl/flow_report_command.h"
#include "clients/torgctl/report_output.h"
#include "clients/torgctl/rpc_call.h"
#include "torg/v1/flow_service.grpc.pb.h"

namespace torg::torgctl {
namespace {

torg::v1::Date ReportDateOf(absl::CivilDay day) {
  torg::v1::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

// The months first_month to last_month of `year`, whole.
ReportPeriod ReportMonths(int year, int first_month, int last_month) {
  const absl::CivilDay first(absl::CivilMonth(year, first_month));
  const absl::CivilDay last = absl::CivilDay(absl::CivilMonth(year, last_month) + 1) - 1;
  return ReportPeriod{ReportDateOf(first), ReportDateOf(last)};
}

bool AllReportDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// The four digits of a year at the start of `text`, 1 to 9999; 0 if none.
int LeadingReportYear(absl::string_view text) {
  int year = 0;
  if (text.size() < 4 || !AllReportDigits(text.substr(0, 4)) ||
      !absl::SimpleAtoi(text.substr(0, 4), &year)) {
    return 0;
  }
  return year;
}

// A number 1–`last` written as the single digit after the year and `letter`
// ("2026H1": letter 'H', last 2); 0 if `text` is not of that form.
int ReportPeriodNumber(absl::string_view text, char letter, int last) {
  if (text.size() != 6 || LeadingReportYear(text) == 0 ||
      absl::ascii_toupper(static_cast<unsigned char>(text[4])) != letter) {
    return 0;
  }
  const int number = text[5] - '0';
  return number >= 1 && number <= last ? number : 0;
}

absl::StatusOr<uint64_t> ParseReportLogPosition(absl::string_view text) {
  uint64_t position = 0;
  if (!AllReportDigits(text) || !absl::SimpleAtoi(text, &position) || position == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", text, "' is not a log position: a whole number from 1, as a report prints it"));
  }
  return position;
}

bool ReportDateBefore(const torg::v1::Date& a, const torg::v1::Date& b) {
  return std::make_tuple(a.year(), a.month(), a.day()) <
         std::make_tuple(b.year(), b.month(), b.day());
}

// "--year", "--year and --month", "--from/--to, --year and --month".
std::string JoinReportOptions(const std::vector<std::string>& names) {
  if (names.size() <= 1) return absl::StrJoin(names, "");
  return absl::StrCat(absl::StrJoin(names.begin(), names.end() - 1, ", "), " and ", names.back());
}

// An option taking a period shorthand that `parse` reads.
CLI::Option* AddReportPeriodOption(CLI::App& command, const std::string& name,
                                   const std::string& type_name,
                                   absl::StatusOr<ReportPeriod> (*parse)(absl::string_view),
                                   std::function<void(const ReportPeriod&)> store,
                                   const std::string& description) {
  return command
      .add_option_function<std::string>(
          name, [parse, store = std::move(store)](const std::string& text) { store(*parse(text)); },
          description)
      ->type_name(type_name)
      ->check(Accepting(parse));
}

void AddPeriodReportCommand(CLI::App& group, Invocation& invocation, PeriodReportSender send) {
  auto flags = std::make_shared<PeriodReportFlags>();
  CLI::App* command = group.add_subcommand(
      "period",
      "The steering figures of one period, for a platform or the whole förbund: active, new, "
      "ongoing at the end and closed cases (by outcome), cases moved in and out, referral "
      "decisions, and the active cases by age band, kommun and referring party. Aggregates only; "
      "for a caller who may not see every case counted, small counts are hidden and shown as "
      "\"..\"");
  AddReportPeriodOptions(*command, flags);

  SetRun(*command, invocation,
         [flags, send = std::move(send)](const GlobalOptions& options, CommandIo& io) {
           const absl::StatusOr<torg::v1::GetPeriodReportRequest> request =
               PeriodReportRequest(*flags);
           if (!request.ok()) return UsageError(io, "report period", request.status().message());
           return send(options, io, *request);
         });
}

}  // namespace

void AddReportPeriodOptions(CLI::App& command, const std::shared_ptr<PeriodReportFlags>& flags) {
  command
      .add_option("--platform", flags->platform_id,
                  "the platform (default: the whole förbund, every platform)")
      ->type_name("ID");

  const std::string period_group = "Period (give exactly one; both ends included)";
  AddDateOption(
      command, "--from", [flags](const torg::v1::Date& date) { flags->from = date; },
      "the period's first day (with --to)")
      ->group(period_group);
  AddDateOption(
      command, "--to", [flags](const torg::v1::Date& date) { flags->to = date; },
      "the period's last day (with --from)")
      ->group(period_group);
  AddReportPeriodOption(
      command, "--year", "YYYY", ParseYearPeriod,
      [flags](const ReportPeriod& period) { flags->year = period; },
      "a year, 1 January to 31 December, e.g. 2026")
      ->group(period_group);
  AddReportPeriodOption(
      command, "--half", "YYYYH1|YYYYH2", ParseHalfYearPeriod,
      [flags](const ReportPeriod& period) { flags->half = period; },
      "a half-year (halvår): 2026H1 is January–June, 2026H2 July–December")
      ->group(period_group);
  AddReportPeriodOption(
      command, "--quarter", "YYYYQN", ParseQuarterPeriod,
      [flags](const ReportPeriod& period) { flags->quarter = period; },
      "a quarter, 2026Q1 to 2026Q4")
      ->group(period_group);
  AddReportPeriodOption(
      command, "--month", "YYYY-MM", ParseMonthPeriod,
      [flags](const ReportPeriod& period) { flags->month = period; }, "a month, e.g. 2026-03")
      ->group(period_group);

  const std::string as_of_group = "As of (at most one; default: the last committed step)";
  command
      .add_option_function<std::string>(
          "--as-of-position",
          [flags](const std::string& text) {
            flags->as_of_position = *ParseReportLogPosition(text);
          },
          "count only the steps recorded up to this log position (a report's \"loggposition\"): "
          "gives exactly the figures that report gave")
      ->type_name("N")
      ->check(Accepting(ParseReportLogPosition))
      ->group(as_of_group);
  AddDateOption(
      command, "--as-of-date", [flags](const torg::v1::Date& date) { flags->as_of_date = date; },
      "count only the steps recorded by the end of this day (Swedish time)")
      ->group(as_of_group);
}

absl::StatusOr<ReportPeriod> ParseYearPeriod(absl::string_view text) {
  const int year = text.size() == 4 ? LeadingReportYear(text) : 0;
  if (year == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not a year: give four digits, e.g. 2026"));
  }
  return ReportMonths(year, 1, 12);
}

absl::StatusOr<ReportPeriod> ParseHalfYearPeriod(absl::string_view text) {
  const int half = ReportPeriodNumber(text, 'H', 2);
  if (half == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text,
                     "' is not a half-year: give 2026H1 (January–June) or 2026H2 "
                     "(July–December)"));
  }
  return ReportMonths(LeadingReportYear(text), half * 6 - 5, half * 6);
}

absl::StatusOr<ReportPeriod> ParseQuarterPeriod(absl::string_view text) {
  const int quarter = ReportPeriodNumber(text, 'Q', 4);
  if (quarter == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not a quarter: give 2026Q1, 2026Q2, 2026Q3 or 2026Q4"));
  }
  return ReportMonths(LeadingReportYear(text), quarter * 3 - 2, quarter * 3);
}

absl::StatusOr<ReportPeriod> ParseMonthPeriod(absl::string_view text) {
  int month = 0;
  const int year = LeadingReportYear(text);
  if (text.size() != 7 || year == 0 || text[4] != '-' || !AllReportDigits(text.substr(5)) ||
      !absl::SimpleAtoi(text.substr(5), &month) || month < 1 || month > 12) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not a month: give YYYY-MM, e.g. 2026-03"));
  }
  return ReportMonths(year, month, month);
}

absl::StatusOr<torg::v1::GetPeriodReportRequest> PeriodReportRequest(
    const PeriodReportFlags& flags) {
  std::vector<std::string> given;
  const ReportPeriod* period = nullptr;
  ReportPeriod from_to;
  if (flags.from.has_value() || flags.to.has_value()) {
    given.push_back(flags.from.has_value() && flags.to.has_value() ? "--from/--to"
                    : flags.from.has_value()                       ? "--from"
                                                                   : "--to");
    if (flags.from.has_value()) from_to.first_day = *flags.from;
    if (flags.to.has_value()) from_to.last_day = *flags.to;
    period = &from_to;
  }
  const std::pair<const char*, const std::optional<ReportPeriod>*> shorthands[] = {
      {"--year", &flags.year},
      {"--half", &flags.half},
      {"--quarter", &flags.quarter},
      {"--month", &flags.month}};
  for (const auto& [name, value] : shorthands) {
    if (!value->has_value()) continue;
    given.push_back(name);
    period = &**value;
  }
  if (given.empty()) {
    return absl::InvalidArgumentError(
        "give the period: --from and --to, --year, --half, --quarter or --month");
  }
  if (given.size() > 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("give one period, not ", JoinReportOptions(given), " together"));
  }
  if (!flags.to.has_value() && flags.from.has_value()) {
    return absl::InvalidArgumentError(
        "--from needs --to: give the period's last day too (both days are included)");
  }
  if (!flags.from.has_value() && flags.to.has_value()) {
    return absl::InvalidArgumentError(
        "--to needs --from: give the period's first day too (both days are included)");
  }
  if (ReportDateBefore(period->last_day, period->first_day)) {
    return absl::InvalidArgumentError(
        absl::StrCat("the period ends before it begins: --to ", FormatDate(period->last_day),
                     " is before --from ", FormatDate(period->first_day)));
  }
  if (flags.as_of_position.has_value() && flags.as_of_date.has_value()) {
    return absl::InvalidArgumentError("give --as-of-position or --as-of-date, not both");
  }

  torg::v1::GetPeriodReportRequest request;
  request.set_platform_id(flags.platform_id);
  *request.mutable_first_day() = period->first_day;
  *request.mutable_last_day() = period->last_day;
  if (flags.as_of_position.has_value()) {
    request.mutable_as_of()->set_log_position(*flags.as_of_position);
  } else if (flags.as_of_date.has_value()) {
    *request.mutable_as_of()->mutable_recorded_by_end_of() = *flags.as_of_date;
  }
  return request;
}

void AddReportCommands(CLI::App& app, Invocation& invocation) {
  AddReportCommands(app, invocation,
                    [](const GlobalOptions& options, CommandIo& io,
                       const torg::v1::GetPeriodReportRequest& request) {
                      return Query(options, io, "report period",
                                   &torg::v1::FlowService::Stub::GetPeriodReport, request,
                                   RenderPeriodReport);
                    });
}

void AddReportCommands(CLI::App& app, Invocation& invocation, PeriodReportSender send) {
  AddReportCommands(app, invocation, std::move(send), TorgdFlowReportSenders());
}

void AddReportCommands(CLI::App& app, Invocation& invocation, PeriodReportSender send,
                       FlowReportSenders senders) {
  CLI::App* report = app.add_subcommand(
      "report", "Steering figures: how many cases the platforms worked with, and how they ended");
  report->require_subcommand(1);
  AddPeriodReportCommand(*report, invocation, std::move(send));
  AddFlowReportCommands(*report, invocation, std::move(senders));
}

}  // namespace torg::torgctl
