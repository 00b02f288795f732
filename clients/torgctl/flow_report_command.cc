#include "clients/torgctl/flow_report_command.h"

#include <memory>
#include <string>
#include <tuple>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clients/torgctl/cli_options.h"
#include "clients/torgctl/cli_parsing.h"
#include "clients/torgctl/flow_report_output.h"
#include "clients/torgctl/rpc_call.h"
#include "torg/v1/flow_service.grpc.pb.h"

namespace torg::torgctl {
namespace {

bool FlowReportDateBefore(const torg::v1::Date& a, const torg::v1::Date& b) {
  return std::make_tuple(a.year(), a.month(), a.day()) <
         std::make_tuple(b.year(), b.month(), b.day());
}

// A command of the period kind (lead-times, handovers, graph): the options
// of `report period`, checked by the same rules, sent as `Request`.
template <typename Request>
void AddFlowPeriodCommand(CLI::App& group, Invocation& invocation, const std::string& name,
                          const std::string& description, FlowReportSender<Request> send) {
  auto flags = std::make_shared<PeriodReportFlags>();
  CLI::App* command = group.add_subcommand(name, description);
  AddReportPeriodOptions(*command, flags);
  const std::string usage = absl::StrCat("report ", name);
  SetRun(*command, invocation,
         [flags, usage, send = std::move(send)](const GlobalOptions& options, CommandIo& io) {
           const absl::StatusOr<torg::v1::GetPeriodReportRequest> period =
               PeriodReportRequest(*flags);
           if (!period.ok()) return UsageError(io, usage, period.status().message());
           Request request = WithReportPeriod<Request>(*period);
           return send(options, io, request);
         });
}

void AddTrendCommand(CLI::App& group, Invocation& invocation,
                     FlowReportSender<torg::v1::GetTrendRequest> send) {
  auto flags = std::make_shared<TrendFlags>();
  CLI::App* command = group.add_subcommand(
      "trend",
      "The period figures for each month, quarter or half-year of a range, one row each: "
      "active, new, closed by outcome category and ongoing at the end. Each period is "
      "suppressed as its own period report");
  command
      ->add_option("--platform", flags->platform_id,
                   "the platform (default: the whole förbund, every platform)")
      ->type_name("ID");
  AddDateOption(
      *command, "--from", [flags](const torg::v1::Date& date) { flags->from = date; },
      "any day of the first period");
  AddDateOption(
      *command, "--to", [flags](const torg::v1::Date& date) { flags->to = date; },
      "any day of the last period");
  AddEnumOption<torg::v1::TrendGranularity>(
      *command, "--granularity",
      [flags](torg::v1::TrendGranularity granularity) { flags->granularity = granularity; },
      "how the range is divided");
  command
      ->add_option_function<uint64_t>(
          "--as-of-position", [flags](uint64_t position) { flags->as_of_position = position; },
          "count only the steps recorded up to this log position")
      ->type_name("N")
      ->check(CLI::PositiveNumber);
  AddDateOption(
      *command, "--as-of-date", [flags](const torg::v1::Date& date) { flags->as_of_date = date; },
      "count only the steps recorded by the end of this day (Swedish time)");
  SetRun(*command, invocation,
         [flags, send = std::move(send)](const GlobalOptions& options, CommandIo& io) {
           absl::StatusOr<torg::v1::GetTrendRequest> request = TrendRequest(*flags);
           if (!request.ok()) return UsageError(io, "report trend", request.status().message());
           return send(options, io, *request);
         });
}

void AddRatingsCommand(CLI::App& group, Invocation& invocation,
                       FlowReportSender<torg::v1::ListBoardRatingsRequest> send) {
  auto request = std::make_shared<torg::v1::ListBoardRatingsRequest>();
  CLI::App* command = group.add_subcommand(
      "ratings",
      "The board's and the steering groups' ratings of the platforms' goals, newest decision "
      "first");
  command->add_option("--platform", *request->mutable_platform_id(), "only this platform's goals")
      ->type_name("ID");
  command->add_option("--goal", *request->mutable_goal_id(), "only this goal (needs --platform)")
      ->type_name("ID");
  AddDateOption(
      *command, "--from",
      [request](const torg::v1::Date& date) { *request->mutable_first_day() = date; },
      "only ratings of periods ending on or after this day");
  AddDateOption(
      *command, "--to",
      [request](const torg::v1::Date& date) { *request->mutable_last_day() = date; },
      "only ratings of periods starting on or before this day");
  AddPageSizeOption(*command, [request](int size) { request->set_page_size(size); });
  command->add_option("--page-token", *request->mutable_page_token(), "from the previous page")
      ->type_name("TOKEN");
  SetRun(*command, invocation,
         [request, send = std::move(send)](const GlobalOptions& options, CommandIo& io) {
           if (!request->goal_id().empty() && request->platform_id().empty()) {
             return UsageError(io, "report ratings",
                               "--goal needs --platform: goal ids are unique within a platform");
           }
           return send(options, io, *request);
         });
}

void AddRateCommand(CLI::App& group, Invocation& invocation,
                    FlowReportSender<torg::v1::RecordBoardRatingRequest> send) {
  auto flags = std::make_shared<PeriodReportFlags>();
  auto request = std::make_shared<torg::v1::RecordBoardRatingRequest>();
  CLI::App* command = group.add_subcommand(
      "rate",
      "Records the board's or a steering group's rating of one platform goal for a period, on "
      "the six-step scale 1 Inte alls … 6 Helt och hållet, with its motivation (no participant "
      "may be named in it)");
  AddReportPeriodOptions(*command, flags);
  command->add_option("--goal", *request->mutable_goal_id(), "the platform's goal")
      ->type_name("ID")
      ->required();
  command
      ->add_option_function<std::string>(
          "--fulfilment",
          [request](const std::string& text) { request->set_fulfilment(*ParseFulfilment(text)); },
          "1 Inte alls, 2 Till mycket liten del, 3 Till liten del, 4 Till stor del, 5 Till "
          "mycket stor del, 6 Helt och hållet")
      ->type_name("1-6")
      ->check(Accepting(ParseFulfilment))
      ->required();
  command->add_option("--motivation", *request->mutable_motivation(), "why, in the body's words")
      ->type_name("TEXT")
      ->required();
  command
      ->add_option("--rated-by", *request->mutable_rated_by(),
                   "the body that decided, e.g. \"styrelsen\"")
      ->type_name("TEXT")
      ->required();
  AddDateOption(
      *command, "--decided-on",
      [request](const torg::v1::Date& date) { *request->mutable_decided_on() = date; },
      "the date of the meeting that decided")
      ->required();
  command
      ->add_option("--request-id", *request->mutable_request_id(),
                   "the idempotency key; retrying with the same one records nothing twice "
                   "(default: a fresh UUID)")
      ->type_name("ID");
  SetRun(*command, invocation,
         [flags, request, send = std::move(send)](const GlobalOptions& options, CommandIo& io) {
           if (flags->platform_id.empty()) {
             return UsageError(io, "report rate", "--platform is required: a goal is a platform's");
           }
           if (flags->as_of_position.has_value() || flags->as_of_date.has_value()) {
             return UsageError(io, "report rate",
                               "a rating is recorded now: --as-of-position and --as-of-date are "
                               "for reading figures");
           }
           const absl::StatusOr<torg::v1::GetPeriodReportRequest> period =
               PeriodReportRequest(*flags);
           if (!period.ok()) return UsageError(io, "report rate", period.status().message());
           torg::v1::RecordBoardRatingRequest rating = *request;
           rating.set_platform_id(period->platform_id());
           *rating.mutable_first_day() = period->first_day();
           *rating.mutable_last_day() = period->last_day();
           return send(options, io, rating);
         });
}

}  // namespace

absl::StatusOr<torg::v1::GetTrendRequest> TrendRequest(const TrendFlags& flags) {
  if (!flags.from.has_value() || !flags.to.has_value()) {
    return absl::InvalidArgumentError(
        "give the range: --from (a day of the first period) and --to (of the last)");
  }
  if (FlowReportDateBefore(*flags.to, *flags.from)) {
    return absl::InvalidArgumentError(absl::StrCat("the range ends before it begins: --to ",
                                                   FormatDate(*flags.to), " is before --from ",
                                                   FormatDate(*flags.from)));
  }
  if (flags.granularity == torg::v1::TREND_GRANULARITY_UNSPECIFIED) {
    return absl::InvalidArgumentError("give --granularity: month, quarter or half-year");
  }
  if (flags.as_of_position.has_value() && flags.as_of_date.has_value()) {
    return absl::InvalidArgumentError("give --as-of-position or --as-of-date, not both");
  }
  torg::v1::GetTrendRequest request;
  request.set_platform_id(flags.platform_id);
  *request.mutable_from_day() = *flags.from;
  *request.mutable_to_day() = *flags.to;
  request.set_granularity(flags.granularity);
  if (flags.as_of_position.has_value()) {
    request.mutable_as_of()->set_log_position(*flags.as_of_position);
  } else if (flags.as_of_date.has_value()) {
    *request.mutable_as_of()->mutable_recorded_by_end_of() = *flags.as_of_date;
  }
  return request;
}

absl::StatusOr<torg::v1::GoalFulfilment> ParseFulfilment(absl::string_view text) {
  int step = 0;
  if (text.size() != 1 || !absl::SimpleAtoi(text, &step) || step < 1 || step > 6) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", text, "' is not a step of the scale: give 1 (Inte alls) to 6 (Helt och hållet)"));
  }
  // The scale's steps are the enum's numbers.
  return static_cast<torg::v1::GoalFulfilment>(step);
}

FlowReportSenders TorgdFlowReportSenders() {
  using Stub = torg::v1::FlowService::Stub;
  FlowReportSenders senders;
  senders.trend = [](const GlobalOptions& options, CommandIo& io,
                     torg::v1::GetTrendRequest& request) {
    return Query(options, io, "report trend", &Stub::GetTrend, request, RenderTrend);
  };
  senders.lead_times = [](const GlobalOptions& options, CommandIo& io,
                          torg::v1::GetLeadTimesRequest& request) {
    return Query(options, io, "report lead-times", &Stub::GetLeadTimes, request, RenderLeadTimes);
  };
  senders.handovers = [](const GlobalOptions& options, CommandIo& io,
                         torg::v1::GetHandoverFlowsRequest& request) {
    return Query(options, io, "report handovers", &Stub::GetHandoverFlows, request,
                 RenderHandoverFlows);
  };
  senders.graph = [](const GlobalOptions& options, CommandIo& io,
                     torg::v1::GetFlowGraphRequest& request) {
    return Query(options, io, "report graph", &Stub::GetFlowGraph, request, RenderFlowGraph);
  };
  senders.ratings = [](const GlobalOptions& options, CommandIo& io,
                       torg::v1::ListBoardRatingsRequest& request) {
    return Query(options, io, "report ratings", &Stub::ListBoardRatings, request,
                 RenderBoardRatings);
  };
  senders.rate = [](const GlobalOptions& options, CommandIo& io,
                    torg::v1::RecordBoardRatingRequest& request) {
    return Mutate(options, io, "report rate", &Stub::RecordBoardRating, request,
                  RenderRecordedRating);
  };
  senders.board = TorgdBoardReportSender();
  return senders;
}

void AddFlowReportCommands(CLI::App& report, Invocation& invocation, FlowReportSenders senders) {
  AddTrendCommand(report, invocation, std::move(senders.trend));
  AddFlowPeriodCommand<torg::v1::GetLeadTimesRequest>(
      report, invocation, "lead-times",
      "The lead times of a period (referral to decision, decision to assessment, the "
      "assessment, enrolment to closure): how many, median, p75 and p90 in days",
      std::move(senders.lead_times));
  AddFlowPeriodCommand<torg::v1::GetHandoverFlowsRequest>(
      report, invocation, "handovers",
      "The handovers answered in a period, by kind and where they took the case: accepted, "
      "rejected, the waiting time (glapp) and the deviations still open at the end",
      std::move(senders.handovers));
  AddFlowPeriodCommand<torg::v1::GetFlowGraphRequest>(
      report, invocation, "graph",
      "How the cases of a period flowed: from the referring parties onto the platforms, "
      "between platforms and off them to the outcomes, as the nodes and edges of a Sankey chart",
      std::move(senders.graph));
  AddRatingsCommand(report, invocation, std::move(senders.ratings));
  AddRateCommand(report, invocation, std::move(senders.rate));
  AddBoardReportCommand(report, invocation, std::move(senders.board));
}

}  // namespace torg::torgctl
