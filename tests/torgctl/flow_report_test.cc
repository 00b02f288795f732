// The FlowService commands of `torgctl report` beside `report period`: their
// command lines parsed and run as main does, the request caught before it
// would reach torgd; and their tables, from hand-made answers.

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "clients/torgctl/cli_parsing.h"
#include "clients/torgctl/command.h"
#include "clients/torgctl/flow_report_command.h"
#include "clients/torgctl/flow_report_output.h"
#include "clients/torgctl/report_command.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"
#include "tests/torgctl/command_line.h"

namespace torg::torgctl {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using torg::testing::StatusIs;

// torgctl with the report commands; every request is kept instead of sent.
class FlowReportCommandLine : public TorgctlCommandLine {
 public:
  FlowReportCommandLine() {
    app_.fallthrough();
    FlowReportSenders senders;
    senders.trend = Keep(trend_);
    senders.lead_times = Keep(lead_times_);
    senders.handovers = Keep(handovers_);
    senders.graph = Keep(graph_);
    senders.ratings = Keep(ratings_);
    senders.rate = Keep(rate_);
    AddReportCommands(
        app_, invocation_,
        [](const GlobalOptions&, CommandIo&, const torg::v1::GetPeriodReportRequest&) {
          return kExitOk;
        },
        std::move(senders));
  }

  std::optional<torg::v1::GetTrendRequest> trend_;
  std::optional<torg::v1::GetLeadTimesRequest> lead_times_;
  std::optional<torg::v1::GetHandoverFlowsRequest> handovers_;
  std::optional<torg::v1::GetFlowGraphRequest> graph_;
  std::optional<torg::v1::ListBoardRatingsRequest> ratings_;
  std::optional<torg::v1::RecordBoardRatingRequest> rate_;

 private:
  template <typename Request>
  static FlowReportSender<Request> Keep(std::optional<Request>& into) {
    return [&into](const GlobalOptions&, CommandIo&, Request& request) {
      into = request;
      return kExitOk;
    };
  }
};

TEST(FlowReportCommandTest, ThePeriodCommandsTakeTheOptionsOfReportPeriod) {
  FlowReportCommandLine graph;
  ASSERT_EQ(graph.Run({"report", "graph", "--platform", "ungdomstorget", "--half", "2026H1",
                       "--as-of-position", "42"}),
            kExitOk)
      << graph.err();
  ASSERT_TRUE(graph.graph_.has_value());
  EXPECT_EQ(graph.graph_->platform_id(), "ungdomstorget");
  EXPECT_EQ(FormatDate(graph.graph_->first_day()), "2026-01-01");
  EXPECT_EQ(FormatDate(graph.graph_->last_day()), "2026-06-30");
  EXPECT_EQ(graph.graph_->as_of().log_position(), 42u);

  FlowReportCommandLine lead_times;
  ASSERT_EQ(lead_times.Run({"report", "lead-times", "--month", "2026-02"}), kExitOk);
  ASSERT_TRUE(lead_times.lead_times_.has_value());
  EXPECT_EQ(FormatDate(lead_times.lead_times_->last_day()), "2026-02-28");
  EXPECT_EQ(lead_times.lead_times_->platform_id(), "");

  FlowReportCommandLine handovers;
  ASSERT_EQ(handovers.Run({"report", "handovers", "--from", "2026-03-15", "--to", "2026-04-14",
                           "--as-of-date", "2026-05-01"}),
            kExitOk);
  ASSERT_TRUE(handovers.handovers_.has_value());
  EXPECT_EQ(FormatDate(handovers.handovers_->as_of().recorded_by_end_of()), "2026-05-01");
}

TEST(FlowReportCommandTest, ABadPeriodIsAUsageErrorAndSendsNothing) {
  FlowReportCommandLine reversed;
  EXPECT_EQ(reversed.Run({"report", "graph", "--from", "2026-03-31", "--to", "2026-03-01"}),
            kExitUsage);
  EXPECT_FALSE(reversed.graph_.has_value());
  EXPECT_THAT(reversed.err(), HasSubstr("torgctl report graph: the period ends before it begins"));

  FlowReportCommandLine none;
  EXPECT_EQ(none.Run({"report", "handovers"}), kExitUsage);
  EXPECT_FALSE(none.handovers_.has_value());

  FlowReportCommandLine bad_month;
  EXPECT_EQ(bad_month.Run({"report", "lead-times", "--month", "2026-13"}), kExitUsage);
  EXPECT_FALSE(bad_month.lead_times_.has_value());
}

TEST(FlowReportCommandTest, TrendNeedsARangeAndAGranularity) {
  FlowReportCommandLine quarters;
  ASSERT_EQ(quarters.Run({"report", "trend", "--platform", "vuxentorget", "--from", "2026-01-01",
                          "--to", "2026-12-31", "--granularity", "quarter"}),
            kExitOk)
      << quarters.err();
  ASSERT_TRUE(quarters.trend_.has_value());
  EXPECT_EQ(quarters.trend_->granularity(), torg::v1::TREND_GRANULARITY_QUARTER);
  EXPECT_EQ(FormatDate(quarters.trend_->to_day()), "2026-12-31");

  FlowReportCommandLine no_granularity;
  EXPECT_EQ(no_granularity.Run({"report", "trend", "--from", "2026-01-01", "--to", "2026-12-31"}),
            kExitUsage);
  EXPECT_THAT(no_granularity.err(), HasSubstr("give --granularity"));
  EXPECT_FALSE(no_granularity.trend_.has_value());

  TrendFlags reversed;
  reversed.from = quarters.trend_->to_day();
  reversed.to = quarters.trend_->from_day();
  reversed.granularity = torg::v1::TREND_GRANULARITY_MONTH;
  EXPECT_THAT(TrendRequest(reversed), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(FlowReportCommandTest, RateSendsTheRatingOfOneGoalAndPeriod) {
  FlowReportCommandLine rate;
  ASSERT_EQ(
      rate.Run({"report", "rate", "--platform", "ungdomstorget", "--goal", "arbete", "--half",
                "2026H1", "--fulfilment", "4", "--motivation", "Fler till arbete än planerat",
                "--rated-by", "styrelsen", "--decided-on", "2026-09-10", "--request-id", "r-1"}),
      kExitOk)
      << rate.err();
  ASSERT_TRUE(rate.rate_.has_value());
  EXPECT_EQ(rate.rate_->platform_id(), "ungdomstorget");
  EXPECT_EQ(rate.rate_->goal_id(), "arbete");
  EXPECT_EQ(rate.rate_->fulfilment(), torg::v1::GOAL_FULFILMENT_LARGE_EXTENT);
  EXPECT_EQ(FormatDate(rate.rate_->last_day()), "2026-06-30");
  EXPECT_EQ(FormatDate(rate.rate_->decided_on()), "2026-09-10");
  EXPECT_EQ(rate.rate_->request_id(), "r-1");

  FlowReportCommandLine seven;
  EXPECT_EQ(seven.Run({"report", "rate", "--platform", "ungdomstorget", "--goal", "arbete",
                       "--year", "2026", "--fulfilment", "7", "--motivation", "m", "--rated-by",
                       "styrelsen", "--decided-on", "2026-09-10"}),
            kExitUsage);
  EXPECT_FALSE(seven.rate_.has_value());

  FlowReportCommandLine no_platform;
  EXPECT_EQ(no_platform.Run({"report", "rate", "--goal", "arbete", "--year", "2026", "--fulfilment",
                             "3", "--motivation", "m", "--rated-by", "styrelsen", "--decided-on",
                             "2026-09-10"}),
            kExitUsage);
  EXPECT_THAT(no_platform.err(), HasSubstr("--platform is required"));
  EXPECT_THAT(ParseFulfilment("0"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseFulfilment("6"),
              ::torg::testing::IsOkAndHolds(torg::v1::GOAL_FULFILMENT_COMPLETELY));
}

TEST(FlowReportCommandTest, RatingsFilterByGoalOnlyWithinAPlatform) {
  FlowReportCommandLine listed;
  ASSERT_EQ(listed.Run({"report", "ratings", "--platform", "ungdomstorget", "--goal", "arbete",
                        "--page-size", "10"}),
            kExitOk);
  ASSERT_TRUE(listed.ratings_.has_value());
  EXPECT_EQ(listed.ratings_->page_size(), 10);

  FlowReportCommandLine goal_only;
  EXPECT_EQ(goal_only.Run({"report", "ratings", "--goal", "arbete"}), kExitUsage);
  EXPECT_FALSE(goal_only.ratings_.has_value());
}

torg::v1::Date FlowOutputDate(int year, int month, int day) {
  torg::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

TEST(FlowReportOutputTest, TheGraphShowsASuppressedEdgeAsTwoDots) {
  torg::v1::GetFlowGraphResponse graph;
  graph.set_platform_id("ungdomstorget");
  *graph.mutable_first_day() = FlowOutputDate(2026, 3, 1);
  *graph.mutable_last_day() = FlowOutputDate(2026, 3, 31);
  graph.set_log_position(77);
  graph.set_suppression_threshold(5);
  auto node = [&graph](const std::string& id, torg::v1::FlowNodeKind kind, const std::string& key,
                       int64_t total, bool suppressed) {
    torg::v1::FlowNode& added = *graph.add_nodes();
    added.set_node_id(id);
    added.set_kind(kind);
    added.set_key(key);
    added.set_in_scope(key == "ungdomstorget");
    added.mutable_total()->set_value(total);
    added.mutable_total()->set_suppressed(suppressed);
  };
  node("referrer:self", torg::v1::FLOW_NODE_KIND_REFERRER, "self", 12, false);
  node("platform:ungdomstorget", torg::v1::FLOW_NODE_KIND_PLATFORM, "ungdomstorget", 12, false);
  node("platform:nafs", torg::v1::FLOW_NODE_KIND_PLATFORM, "nafs", 0, true);
  node("ongoing", torg::v1::FLOW_NODE_KIND_ONGOING, "", 0, true);
  auto edge = [&graph](const std::string& from, const std::string& to, int64_t n, bool suppressed) {
    torg::v1::FlowEdge& added = *graph.add_edges();
    added.set_from_node_id(from);
    added.set_to_node_id(to);
    added.mutable_count()->set_value(n);
    added.mutable_count()->set_suppressed(suppressed);
  };
  edge("referrer:self", "platform:ungdomstorget", 12, false);
  edge("platform:ungdomstorget", "platform:nafs", 0, true);
  edge("platform:ungdomstorget", "ongoing", 0, true);

  EXPECT_EQ(RenderFlowGraph(graph),
            "Flödesgraf för ungdomstorget, 2026-03-01 – 2026-03-31, loggposition 77\n"
            "Värden 1–4 och deras komplement är dolda (visas som \"..\")\n"
            "\n"
            "Nod                          Antal\n"
            "Egen aktualisering              12\n"
            "ungdomstorget                   12\n"
            "nafs (annan plattform)          ..\n"
            "Pågående vid periodens slut     ..\n"
            "\n"
            "Från                Till                         Antal\n"
            "Egen aktualisering  ungdomstorget                   12\n"
            "ungdomstorget       nafs (annan plattform)          ..\n"
            "ungdomstorget       Pågående vid periodens slut     ..\n");
}

TEST(FlowReportOutputTest, LeadTimesWithheldAreTwoDotsAndNoneIsADash) {
  torg::v1::GetLeadTimesResponse lead_times;
  *lead_times.mutable_first_day() = FlowOutputDate(2026, 1, 1);
  *lead_times.mutable_last_day() = FlowOutputDate(2026, 6, 30);
  lead_times.set_log_position(9);
  torg::v1::LeadTime& referral = *lead_times.mutable_referral_to_decision();
  referral.mutable_count()->set_value(12);
  referral.set_median_days(3);
  referral.set_p75_days(5);
  referral.set_p90_days(14);
  torg::v1::LeadTime& assessment = *lead_times.mutable_decision_to_assessment();
  assessment.mutable_count()->set_suppressed(true);
  assessment.set_withheld(true);
  const std::string text = RenderLeadTimes(lead_times);
  EXPECT_THAT(text, HasSubstr("Ledtider för hela förbundet, 2026-01-01 – 2026-06-30"));
  EXPECT_THAT(text, Not(HasSubstr("dolda")));
  EXPECT_THAT(text, HasSubstr("Aktualisering till beslut     12       3               5"));
  EXPECT_THAT(text, HasSubstr("Beslut till kartläggning      ..      .."));
  EXPECT_THAT(text, HasSubstr("Kartläggning                   0       –"));
}

TEST(FlowReportOutputTest, HandoversAndRatingsReadAsTheBoardReadsThem) {
  torg::v1::GetHandoverFlowsResponse flows;
  flows.set_platform_id("ungdomstorget");
  *flows.mutable_first_day() = FlowOutputDate(2026, 3, 1);
  *flows.mutable_last_day() = FlowOutputDate(2026, 3, 31);
  torg::v1::HandoverFlow& flow = *flows.add_flows();
  flow.set_kind(torg::v1::HANDOVER_KIND_PLATFORM);
  flow.set_from_id("ungdomstorget");
  flow.set_to_id("vuxentorget");
  flow.mutable_accepted()->set_value(6);
  flow.mutable_waiting()->mutable_count()->set_value(6);
  flow.mutable_waiting()->set_median_days(4);
  *flows.mutable_accepted() = flow.accepted();
  *flows.mutable_waiting() = flow.waiting();
  flows.mutable_deviations_open_at_end()->set_suppressed(true);
  const std::string text = RenderHandoverFlows(flows);
  EXPECT_THAT(text, HasSubstr("Plattform  ungdomstorget  vuxentorget         6         0"));
  EXPECT_THAT(text, HasSubstr("Öppna avvikelser vid periodens slut: ..\n"));

  torg::v1::ListBoardRatingsResponse ratings;
  torg::v1::BoardRating& rating = *ratings.add_ratings();
  rating.set_platform_id("ungdomstorget");
  rating.set_goal_id("arbete");
  *rating.mutable_first_day() = FlowOutputDate(2026, 1, 1);
  *rating.mutable_last_day() = FlowOutputDate(2026, 6, 30);
  *rating.mutable_decided_on() = FlowOutputDate(2026, 9, 10);
  rating.set_fulfilment(torg::v1::GOAL_FULFILMENT_LARGE_EXTENT);
  rating.set_rated_by("styrelsen");
  rating.set_motivation("Fler till arbete än planerat");
  ratings.set_next_page_token("abc");
  const std::string listed = RenderBoardRatings(ratings);
  EXPECT_THAT(listed, HasSubstr("2026-09-10  ungdomstorget  arbete  2026-01-01 – 2026-06-30  "
                                "4 Till stor del  styrelsen    Fler till arbete än planerat"));
  EXPECT_THAT(listed, HasSubstr("Fler: --page-token abc\n"));
  EXPECT_EQ(RenderBoardRatings(torg::v1::ListBoardRatingsResponse()), "Inga bedömningar\n");
}

}  // namespace
}  // namespace torg::torgctl
