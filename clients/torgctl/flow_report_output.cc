#include "clients/torgctl/flow_report_output.h"

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/torgctl/cli_parsing.h"
#include "clients/torgctl/report_output.h"
#include "clients/torgctl/text_table.h"

namespace torg::torgctl {
namespace {

// A table whose columns in `numeric` are right-aligned (numbers and "..").
class FlowFigureTable {
 public:
  FlowFigureTable(std::vector<std::string> headers, std::set<size_t> numeric)
      : numeric_(std::move(numeric)) {
    rows_.push_back(std::move(headers));
  }

  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }

  std::string Render() const {
    std::vector<size_t> widths;
    for (const auto& row : rows_) {
      if (widths.size() < row.size()) widths.resize(row.size(), 0);
      for (size_t i = 0; i < row.size(); ++i) {
        widths[i] = std::max(widths[i], DisplayWidth(row[i]));
      }
    }
    TextTable table;
    for (std::vector<std::string> row : rows_) {
      for (size_t i = 0; i < row.size(); ++i) {
        if (numeric_.count(i) == 0) continue;
        row[i].insert(0, widths[i] - DisplayWidth(row[i]), ' ');
      }
      table.AddRow(std::move(row));
    }
    return table.Render();
  }

 private:
  std::set<size_t> numeric_;
  std::vector<std::vector<std::string>> rows_;
};

std::string FlowScopeText(const std::string& platform_id) {
  return platform_id.empty() ? "hela förbundet" : platform_id;
}

std::string FlowHeading(const std::string& title, const std::string& platform_id,
                        const torg::v1::Date& first_day, const torg::v1::Date& last_day,
                        uint64_t log_position, int32_t threshold) {
  std::string text =
      absl::StrCat(title, " för ", FlowScopeText(platform_id), ", ", FormatDate(first_day), " – ",
                   FormatDate(last_day), ", loggposition ", log_position, "\n");
  if (threshold == 2) {
    absl::StrAppend(&text, "Värdet 1 och dess komplement är dolda (visas som \"..\")\n");
  } else if (threshold > 2) {
    absl::StrAppend(&text, "Värden 1–", threshold - 1,
                    " och deras komplement är dolda (visas som \"..\")\n");
  }
  return absl::StrCat(text, "\n");
}

const torg::v1::GenderCounts& TrendCategoryCounts(const torg::v1::ClosedFigure& closed,
                                                  torg::v1::OutcomeCategory category) {
  for (const auto& count : closed.by_category()) {
    if (count.category() == category) return count.counts();
  }
  return torg::v1::GenderCounts::default_instance();
}

// A statistic of a lead time: its days, or ".." when withheld.
std::string LeadDaysText(const torg::v1::LeadTime& lead_time, int32_t days) {
  if (lead_time.withheld()) return "..";
  if (!lead_time.count().suppressed() && lead_time.count().value() == 0) return "–";
  return absl::StrCat(days);
}

void AddLeadTimeRow(const std::string& label, const torg::v1::LeadTime& lead_time,
                    FlowFigureTable& table) {
  table.Add({label, CountText(lead_time.count()), LeadDaysText(lead_time, lead_time.median_days()),
             LeadDaysText(lead_time, lead_time.p75_days()),
             LeadDaysText(lead_time, lead_time.p90_days())});
}

std::string HandoverKindLabel(torg::v1::HandoverKind kind) {
  switch (kind) {
    case torg::v1::HANDOVER_KIND_PLATFORM:
      return "Plattform";
    case torg::v1::HANDOVER_KIND_CASE_OWNER:
      return "Ärendebärare";
    case torg::v1::HANDOVER_KIND_ORDINARY_SERVICES:
      return "Ordinarie verksamhet";
    default:
      return EnumText(kind);
  }
}

// The Swedish name of a node of the flow graph, by its id.
std::string FlowNodeLabel(const torg::v1::FlowNode& node) {
  switch (node.kind()) {
    case torg::v1::FLOW_NODE_KIND_CARRIED_OVER:
      return "Pågående vid periodens början";
    case torg::v1::FLOW_NODE_KIND_REFERRER:
      return node.key() == "self" ? "Egen aktualisering"
                                  : absl::StrCat("Aktualiserad av ", node.key());
    case torg::v1::FLOW_NODE_KIND_PLATFORM:
      return node.in_scope() ? node.key() : absl::StrCat(node.key(), " (annan plattform)");
    case torg::v1::FLOW_NODE_KIND_OUTCOME:
      return absl::StrCat("Avslut: ", OutcomeCategoryLabel(node.outcome_category()));
    case torg::v1::FLOW_NODE_KIND_ONGOING:
      return "Pågående vid periodens slut";
    default:
      return node.node_id();
  }
}

}  // namespace

std::string FulfilmentLabel(torg::v1::GoalFulfilment fulfilment) {
  switch (fulfilment) {
    case torg::v1::GOAL_FULFILMENT_NOT_AT_ALL:
      return "1 Inte alls";
    case torg::v1::GOAL_FULFILMENT_VERY_SMALL_EXTENT:
      return "2 Till mycket liten del";
    case torg::v1::GOAL_FULFILMENT_SMALL_EXTENT:
      return "3 Till liten del";
    case torg::v1::GOAL_FULFILMENT_LARGE_EXTENT:
      return "4 Till stor del";
    case torg::v1::GOAL_FULFILMENT_VERY_LARGE_EXTENT:
      return "5 Till mycket stor del";
    case torg::v1::GOAL_FULFILMENT_COMPLETELY:
      return "6 Helt och hållet";
    default:
      return EnumText(fulfilment);
  }
}

std::string RenderTrend(const torg::v1::GetTrendResponse& trend) {
  if (trend.periods().empty()) return "Inga perioder\n";
  const torg::v1::GetPeriodReportResponse& first = trend.periods(0);
  const torg::v1::GetPeriodReportResponse& last = trend.periods(trend.periods_size() - 1);
  std::string text = FlowHeading("Trend", first.platform_id(), first.first_day(), last.last_day(),
                                 first.log_position(), first.suppression_threshold());
  FlowFigureTable table({"Period", "Aktiva", "Nya", "Avslutade", "Arbete", "Studier",
                         "Annan behovsanpassad", "Övriga", "Pågående vid slut"},
                        {1, 2, 3, 4, 5, 6, 7, 8});
  for (const torg::v1::GetPeriodReportResponse& period : trend.periods()) {
    const torg::v1::ClosedFigure& closed = period.closed();
    table.Add(
        {absl::StrCat(FormatDate(period.first_day()), " – ", FormatDate(period.last_day())),
         CountText(period.active().total().total()), CountText(period.enrolled().total().total()),
         CountText(closed.total().total()),
         CountText(TrendCategoryCounts(closed, torg::v1::OUTCOME_CATEGORY_WORK).total()),
         CountText(TrendCategoryCounts(closed, torg::v1::OUTCOME_CATEGORY_STUDIES).total()),
         CountText(TrendCategoryCounts(closed, torg::v1::OUTCOME_CATEGORY_NEED_ADAPTED).total()),
         CountText(TrendCategoryCounts(closed, torg::v1::OUTCOME_CATEGORY_OTHER).total()),
         CountText(period.ongoing_at_end().total().total())});
  }
  return absl::StrCat(text, table.Render());
}

std::string RenderLeadTimes(const torg::v1::GetLeadTimesResponse& lead_times) {
  std::string text = FlowHeading("Ledtider", lead_times.platform_id(), lead_times.first_day(),
                                 lead_times.last_day(), lead_times.log_position(),
                                 lead_times.suppression_threshold());
  FlowFigureTable table({"Ledtid (dagar)", "Antal", "Median", "75:e percentil", "90:e percentil"},
                        {1, 2, 3, 4});
  AddLeadTimeRow("Aktualisering till beslut", lead_times.referral_to_decision(), table);
  AddLeadTimeRow("Beslut till kartläggning", lead_times.decision_to_assessment(), table);
  AddLeadTimeRow("Kartläggning", lead_times.assessment(), table);
  AddLeadTimeRow("Inskrivning till avslut", lead_times.enrolment_to_closure(), table);
  return absl::StrCat(text, table.Render());
}

std::string RenderHandoverFlows(const torg::v1::GetHandoverFlowsResponse& flows) {
  std::string text =
      FlowHeading("Överlämningar", flows.platform_id(), flows.first_day(), flows.last_day(),
                  flows.log_position(), flows.suppression_threshold());
  FlowFigureTable table({"Typ", "Från", "Till", "Godtagna", "Avvisade", "Väntetid median (dagar)"},
                        {3, 4, 5});
  for (const torg::v1::HandoverFlow& flow : flows.flows()) {
    table.Add({HandoverKindLabel(flow.kind()), flow.from_id().empty() ? "–" : flow.from_id(),
               flow.to_id(), CountText(flow.accepted()), CountText(flow.rejected()),
               LeadDaysText(flow.waiting(), flow.waiting().median_days())});
  }
  table.Add({"Totalt", "", "", CountText(flows.accepted()), CountText(flows.rejected()),
             LeadDaysText(flows.waiting(), flows.waiting().median_days())});
  return absl::StrCat(text, table.Render(), "\nÖppna avvikelser vid periodens slut: ",
                      CountText(flows.deviations_open_at_end()), "\n");
}

std::string RenderFlowGraph(const torg::v1::GetFlowGraphResponse& graph) {
  std::string text =
      FlowHeading("Flödesgraf", graph.platform_id(), graph.first_day(), graph.last_day(),
                  graph.log_position(), graph.suppression_threshold());
  FlowFigureTable nodes({"Nod", "Antal"}, {1});
  std::vector<std::pair<std::string, std::string>> labels;
  for (const torg::v1::FlowNode& node : graph.nodes()) {
    labels.emplace_back(node.node_id(), FlowNodeLabel(node));
    nodes.Add({labels.back().second, CountText(node.total())});
  }
  auto label_of = [&labels](const std::string& node_id) {
    for (const auto& [id, label] : labels) {
      if (id == node_id) return label;
    }
    return node_id;
  };
  FlowFigureTable edges({"Från", "Till", "Antal"}, {2});
  for (const torg::v1::FlowEdge& edge : graph.edges()) {
    edges.Add(
        {label_of(edge.from_node_id()), label_of(edge.to_node_id()), CountText(edge.count())});
  }
  return absl::StrCat(text, nodes.Render(), "\n", edges.Render());
}

std::string RenderBoardRatings(const torg::v1::ListBoardRatingsResponse& ratings) {
  if (ratings.ratings().empty()) return "Inga bedömningar\n";
  FlowFigureTable table(
      {"Beslutad", "Plattform", "Mål", "Period", "Måluppfyllelse", "Beslutad av", "Motivering"},
      {});
  for (const torg::v1::BoardRating& rating : ratings.ratings()) {
    table.Add({FormatDate(rating.decided_on()), rating.platform_id(), rating.goal_id(),
               absl::StrCat(FormatDate(rating.first_day()), " – ", FormatDate(rating.last_day())),
               FulfilmentLabel(rating.fulfilment()), rating.rated_by(), rating.motivation()});
  }
  std::string text = table.Render();
  if (!ratings.next_page_token().empty()) {
    absl::StrAppend(&text, "Fler: --page-token ", ratings.next_page_token(), "\n");
  }
  return text;
}

std::string RenderRecordedRating(const torg::v1::RecordBoardRatingResponse& recorded) {
  const torg::v1::BoardRating& rating = recorded.rating();
  return absl::StrCat(
      recorded.replayed() ? "Bedömningen var redan registrerad (inget nytt registrerades): "
                          : "Bedömning registrerad: ",
      rating.rating_id(), "\n", "Plattform: ", rating.platform_id(), ", mål ", rating.goal_id(),
      ", period ", FormatDate(rating.first_day()), " – ", FormatDate(rating.last_day()), "\n",
      "Måluppfyllelse: ", FulfilmentLabel(rating.fulfilment()), ", beslutad ",
      FormatDate(rating.decided_on()), " av ", rating.rated_by(), "\n");
}

}  // namespace torg::torgctl
