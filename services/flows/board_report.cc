#include "services/flows/board_report.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/casefile/case_state.h"
#include "services/common/csv_line.h"
#include "services/common/status_macros.h"
#include "services/common/swedish_calendar.h"
#include "services/flows/count_table.h"
#include "services/flows/handover_flows.h"
#include "services/flows/lead_times.h"
#include "services/flows/period_report.h"

namespace torg::flows {

namespace {

// The outcomes in the order the board's table lists them (enum order, which
// groups them by category), with their Swedish labels as torgctl prints them.
struct BoardOutcomeLabel {
  v1::ClosureOutcome outcome;
  v1::OutcomeCategory category;
  const char* label;
};

constexpr std::array<BoardOutcomeLabel, 13> kBoardOutcomes = {{
    {v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED, v1::OUTCOME_CATEGORY_WORK, "Osubventionerat arbete"},
    {v1::CLOSURE_OUTCOME_WORK_SUBSIDISED, v1::OUTCOME_CATEGORY_WORK, "Subventionerat arbete"},
    {v1::CLOSURE_OUTCOME_WORK_OWN_BUSINESS, v1::OUTCOME_CATEGORY_WORK, "Eget företag"},
    {v1::CLOSURE_OUTCOME_STUDIES, v1::OUTCOME_CATEGORY_STUDIES, "Studier på ordinarie villkor"},
    {v1::CLOSURE_OUTCOME_NEED_ADAPTED_CARE, v1::OUTCOME_CATEGORY_NEED_ADAPTED,
     "Vård eller behandling"},
    {v1::CLOSURE_OUTCOME_NEED_ADAPTED_OTHER_AUTHORITY, v1::OUTCOME_CATEGORY_NEED_ADAPTED,
     "Annan myndighets insats"},
    {v1::CLOSURE_OUTCOME_NEED_ADAPTED_SICKNESS_COMPENSATION, v1::OUTCOME_CATEGORY_NEED_ADAPTED,
     "Beviljad sjukersättning"},
    {v1::CLOSURE_OUTCOME_NEED_ADAPTED_OTHER, v1::OUTCOME_CATEGORY_NEED_ADAPTED,
     "Övrig behovsanpassad lösning"},
    {v1::CLOSURE_OUTCOME_OTHER_MOVED, v1::OUTCOME_CATEGORY_OTHER, "Flyttat"},
    {v1::CLOSURE_OUTCOME_OTHER_DECLINED, v1::OUTCOME_CATEGORY_OTHER, "Avböjt fortsatt deltagande"},
    {v1::CLOSURE_OUTCOME_OTHER_NO_CONTACT, v1::OUTCOME_CATEGORY_OTHER, "Kontakten upphörde"},
    {v1::CLOSURE_OUTCOME_OTHER_DECEASED, v1::OUTCOME_CATEGORY_OTHER, "Avliden"},
    {v1::CLOSURE_OUTCOME_OTHER_REASON, v1::OUTCOME_CATEGORY_OTHER, "Annan orsak"},
}};

constexpr std::array<std::pair<v1::OutcomeCategory, const char*>, 4> kBoardCategories = {{
    {v1::OUTCOME_CATEGORY_WORK, "Arbete"},
    {v1::OUTCOME_CATEGORY_STUDIES, "Studier"},
    {v1::OUTCOME_CATEGORY_NEED_ADAPTED, "Annan behovsanpassad lösning"},
    {v1::OUTCOME_CATEGORY_OTHER, "Övriga avslut"},
}};

std::string BoardDay(absl::CivilDay day) { return casefile::DateText(casefile::ToProtoDate(day)); }

BoardCell BoardText(std::string text) {
  BoardCell cell;
  cell.kind = BoardCell::Kind::kText;
  cell.text = std::move(text);
  return cell;
}

BoardCell BoardNumber(int64_t number) {
  BoardCell cell;
  cell.kind = BoardCell::Kind::kNumber;
  cell.number = number;
  return cell;
}

BoardCell BoardSuppressed() {
  BoardCell cell;
  cell.kind = BoardCell::Kind::kSuppressed;
  cell.text = "..";
  return cell;
}

BoardCell BoardCount(const v1::Count& count) {
  return count.suppressed() ? BoardSuppressed() : BoardNumber(count.value());
}

// A share: ".." when withheld, empty when nobody was active (no share is not
// 0 %).
BoardCell BoardShare(const v1::Share& share) {
  if (share.withheld()) return BoardSuppressed();
  if (share.no_denominator()) return BoardCell{};
  BoardCell cell;
  cell.kind = BoardCell::Kind::kPercent;
  cell.percent = share.percent();
  return cell;
}

// A statistic of `lead_time`: empty when there is no duration, ".." when
// withheld.
BoardCell BoardStatistic(const v1::LeadTime& lead_time, int32_t days) {
  if (!lead_time.count().suppressed() && lead_time.count().value() == 0) return BoardCell{};
  if (lead_time.withheld()) return BoardSuppressed();
  return BoardNumber(days);
}

std::string BoardFlagLabel(v1::CaseFlag flag) {
  switch (flag) {
    case v1::CASE_FLAG_VIOLENCE_IN_CLOSE_RELATIONSHIP:
      return "våld i nära relation";
    case v1::CASE_FLAG_RISK_USE_OR_ABUSE:
      return "riskbruk/missbruk";
    default:
      return v1::CaseFlag_Name(flag);
  }
}

BoardRow GenderRow(std::string label, const v1::GenderCounts& counts, int indent, bool emphasis) {
  BoardRow row;
  row.indent = indent;
  row.emphasis = emphasis;
  row.cells = {BoardText(std::move(label)), BoardCount(counts.women()), BoardCount(counts.men()),
               BoardCount(counts.other()), BoardCount(counts.total())};
  return row;
}

BoardSection BoardTable(const v1::GetPeriodReportResponse& report) {
  BoardSection section;
  section.header = {"Deltagare", "Kvinnor", "Män", "Annat/uppgift saknas", "Totalt"};
  section.rows.push_back(GenderRow("Aktiva under perioden", report.active().total(), 0, true));
  section.rows.push_back(GenderRow("Nya (inskrivna)", report.enrolled().total(), 0, true));
  section.rows.push_back(GenderRow("Avslutade", report.closed().total(), 0, true));
  std::map<v1::OutcomeCategory, v1::GenderCounts> categories;
  for (const v1::OutcomeCategoryCount& category : report.closed().by_category()) {
    categories[category.category()] = category.counts();
  }
  std::map<v1::ClosureOutcome, v1::GenderCounts> outcomes;
  for (const v1::OutcomeCount& outcome : report.closed().by_outcome()) {
    outcomes[outcome.outcome()] = outcome.counts();
  }
  // Every category and outcome is listed, also when zero: the board compares
  // tables of different periods and platforms row by row. A zero is what
  // the report says by leaving an outcome out.
  for (const auto& [category, category_label] : kBoardCategories) {
    auto counts = categories.find(category);
    section.rows.push_back(
        GenderRow(category_label, counts == categories.end() ? ZeroGenderCounts() : counts->second,
                  1, false));
    for (const BoardOutcomeLabel& outcome : kBoardOutcomes) {
      if (outcome.category != category) continue;
      auto found = outcomes.find(outcome.outcome);
      section.rows.push_back(GenderRow(
          outcome.label, found == outcomes.end() ? ZeroGenderCounts() : found->second, 2, false));
    }
  }
  section.rows.push_back(
      GenderRow("Pågående vid periodens slut", report.ongoing_at_end().total(), 0, true));
  if (!report.platform_id().empty()) {
    // A platform's active = ongoing + closed + moved out: without the moves
    // its table would not add up for the reader.
    section.rows.push_back(GenderRow("Inflyttade (överlämning)", report.moved_in(), 0, false));
    section.rows.push_back(GenderRow("Utflyttade (överlämning)", report.moved_out(), 0, false));
  }
  // What the platforms also follow up: the active participants flagged, and
  // those with a study activity in the period.
  for (const v1::FlaggedFigure& flagged : report.flagged()) {
    section.rows.push_back(GenderRow(absl::StrCat("Aktiva med ", BoardFlagLabel(flagged.flag())),
                                     flagged.counts(), 0, false));
  }
  if (report.has_studies()) {
    const v1::StudiesFigure& studies = report.studies();
    section.rows.push_back(
        GenderRow("Aktiva med studieinsats", studies.with_study_activity(), 0, false));
    BoardRow share;
    share.cells = {BoardText("Andel med studieinsats (%)"), BoardShare(studies.share().women()),
                   BoardShare(studies.share().men()), BoardShare(studies.share().other()),
                   BoardShare(studies.share().total())};
    section.rows.push_back(std::move(share));
  }
  return section;
}

BoardRow LeadTimeRow(std::string label, const v1::LeadTime& lead_time) {
  BoardRow row;
  row.cells = {BoardText(std::move(label)), BoardCount(lead_time.count()),
               BoardStatistic(lead_time, lead_time.median_days()),
               BoardStatistic(lead_time, lead_time.p75_days()),
               BoardStatistic(lead_time, lead_time.p90_days())};
  return row;
}

BoardSection LeadTimeSection(const v1::GetLeadTimesResponse& lead_times) {
  BoardSection section;
  section.header = {"Ledtider (dagar)", "Antal", "Median", "75:e percentilen", "90:e percentilen"};
  section.rows.push_back(
      LeadTimeRow("Aktualisering till beslut", lead_times.referral_to_decision()));
  section.rows.push_back(
      LeadTimeRow("Beslut till gemensam kartläggning", lead_times.decision_to_assessment()));
  section.rows.push_back(LeadTimeRow("Gemensam kartläggning", lead_times.assessment()));
  section.rows.push_back(LeadTimeRow("Inskrivning till avslut", lead_times.enrolment_to_closure()));
  return section;
}

std::string PlatformName(const v1::ForbundConfig& config, const std::string& id) {
  for (const v1::Platform& platform : config.platforms()) {
    if (platform.id() == id) return platform.name().empty() ? id : platform.name();
  }
  return id;
}

std::string PartyName(const v1::ForbundConfig& config, const std::string& id) {
  if (id.empty()) return "ingen ärendeägare";
  for (const v1::Party& party : config.parties()) {
    if (party.id() == id) return party.name().empty() ? id : party.name();
  }
  return id;
}

std::string HandoverFlowLabel(const v1::HandoverFlow& flow, const v1::ForbundConfig& config) {
  switch (flow.kind()) {
    case v1::HANDOVER_KIND_PLATFORM:
      return absl::StrCat("Plattform: ", PlatformName(config, flow.from_id()), " → ",
                          PlatformName(config, flow.to_id()));
    case v1::HANDOVER_KIND_CASE_OWNER:
      return absl::StrCat("Ärendeägare: ", PartyName(config, flow.from_id()), " → ",
                          PartyName(config, flow.to_id()));
    case v1::HANDOVER_KIND_ORDINARY_SERVICES:
      return absl::StrCat("Ordinarie verksamhet: ", PartyName(config, flow.from_id()), " → ",
                          PartyName(config, flow.to_id()));
    default:
      return absl::StrCat(flow.from_id(), " → ", flow.to_id());
  }
}

BoardRow HandoverRow(std::string label, const v1::Count& accepted, const v1::Count& rejected,
                     const v1::LeadTime& waiting, bool emphasis) {
  BoardRow row;
  row.emphasis = emphasis;
  row.cells = {BoardText(std::move(label)), BoardCount(accepted), BoardCount(rejected),
               BoardStatistic(waiting, waiting.median_days())};
  return row;
}

BoardSection HandoverSection(const v1::GetHandoverFlowsResponse& handovers,
                             const v1::ForbundConfig& config) {
  BoardSection section;
  section.header = {"Överlämningar", "Genomförda", "Avvisade", "Glapp, median (dagar)"};
  for (const v1::HandoverFlow& flow : handovers.flows()) {
    section.rows.push_back(HandoverRow(HandoverFlowLabel(flow, config), flow.accepted(),
                                       flow.rejected(), flow.waiting(), false));
  }
  section.rows.push_back(HandoverRow("Samtliga överlämningar", handovers.accepted(),
                                     handovers.rejected(), handovers.waiting(), true));
  BoardRow deviations;
  deviations.cells = {BoardText("Avvikelser öppna vid periodens slut"), BoardCell{},
                      BoardCount(handovers.deviations_open_at_end()), BoardCell{}};
  section.rows.push_back(std::move(deviations));
  return section;
}

std::string BoardFootnote(int32_t k) {
  if (k <= 1) return "";
  const std::string hidden =
      k == 2 ? "Antalet 1 visas inte" : absl::StrCat("Antal från 1 till ", k - 1, " visas inte");
  return absl::StrCat(
      ".. = dolt värde. ", hidden, " (gränsen är ", k,
      "), för att ingen enskild person ska kunna urskiljas, och dessutom döljs så många andra "
      "värden att inget dolt värde kan räknas fram ur tabellernas summor. Median och "
      "percentiler visas inte när färre än ",
      k, " ärenden ingår.");
}

void AppendCsvLine(const std::vector<std::string>& fields, std::string& csv) {
  absl::StrAppend(&csv, common::CsvLine(fields), "\r\n");
}

// One decimal, rounded half away from zero, with a decimal comma, as
// Swedish Excel reads a number.
std::string PercentText(double percent) {
  const auto tenths = static_cast<int64_t>(std::llround(percent * 10.0));
  return absl::StrCat(tenths / 10, ",", tenths % 10);
}

std::string CsvCellText(const BoardCell& cell) {
  switch (cell.kind) {
    case BoardCell::Kind::kText:
    case BoardCell::Kind::kSuppressed:
      return cell.text;
    case BoardCell::Kind::kNumber:
      return absl::StrCat(cell.number);
    case BoardCell::Kind::kPercent:
      return PercentText(cell.percent);
    case BoardCell::Kind::kEmpty:
      break;
  }
  return "";
}

}  // namespace

absl::StatusOr<CalendarPeriod> BoardReportDays(int32_t year, v1::BoardReportPeriod period) {
  if (year < 1900 || year > 9999) {
    return absl::InvalidArgumentError(
        absl::StrCat("year ", year, " is not a year a report can cover: give 1900–9999"));
  }
  switch (period) {
    case v1::BOARD_REPORT_PERIOD_FIRST_HALF:
      return CalendarPeriod{absl::CivilDay(year, 1, 1), absl::CivilDay(year, 6, 30)};
    case v1::BOARD_REPORT_PERIOD_SECOND_HALF:
      return CalendarPeriod{absl::CivilDay(year, 7, 1), absl::CivilDay(year, 12, 31)};
    case v1::BOARD_REPORT_PERIOD_YEAR:
      return CalendarPeriod{absl::CivilDay(year, 1, 1), absl::CivilDay(year, 12, 31)};
    default:
      break;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("period ", static_cast<int>(period),
                   " is not a board report's period: give FIRST_HALF, SECOND_HALF or YEAR"));
}

absl::Status CheckBoardReportFormat(v1::BoardReportFormat format) {
  if (format == v1::BOARD_REPORT_FORMAT_CSV || format == v1::BOARD_REPORT_FORMAT_XLSX) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "format ", static_cast<int>(format), " is not a board report's format: give CSV or XLSX"));
}

std::string BoardReportTitle(int32_t year, v1::BoardReportPeriod period) {
  switch (period) {
    case v1::BOARD_REPORT_PERIOD_FIRST_HALF:
      return absl::StrCat("Halvårsstatistik, första halvåret ", year);
    case v1::BOARD_REPORT_PERIOD_SECOND_HALF:
      return absl::StrCat("Halvårsstatistik, andra halvåret ", year);
    default:
      return absl::StrCat("Årsrapport ", year);
  }
}

std::string BoardReportFileName(const std::string& platform_id, int32_t year,
                                v1::BoardReportPeriod period, v1::BoardReportFormat format) {
  std::string stem;
  switch (period) {
    case v1::BOARD_REPORT_PERIOD_FIRST_HALF:
      stem = absl::StrCat("halvarsstatistik-", year, "H1");
      break;
    case v1::BOARD_REPORT_PERIOD_SECOND_HALF:
      stem = absl::StrCat("halvarsstatistik-", year, "H2");
      break;
    default:
      stem = absl::StrCat("arsrapport-", year);
      break;
  }
  // Platform ids are lowercase letters, digits and '-' (ForbundConfig), so
  // the name stays ASCII.
  return absl::StrCat(stem, "-", platform_id.empty() ? "forbundet" : platform_id,
                      format == v1::BOARD_REPORT_FORMAT_XLSX ? ".xlsx" : ".csv");
}

std::string BoardReportMediaType(v1::BoardReportFormat format) {
  return format == v1::BOARD_REPORT_FORMAT_XLSX
             ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
             : "text/csv; charset=utf-8";
}

absl::Status ProtectBoardReport(int64_t k, BoardReportContent& content) {
  if (k < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("the small-cell threshold must be at least 1, not ", k));
  }
  if (k == 1) return absl::OkStatus();
  // Protect a copy: parts that do not add up are left as they were.
  BoardReportContent protected_content = content;
  CountTable table;
  const PeriodReportCells report = AddPeriodReportCells(protected_content.period_report, table);
  TORG_ASSIGN_OR_RETURN(const std::vector<size_t> accepted,
                        AddHandoverFlowCells(protected_content.handovers, table));
  const std::array<v1::LeadTime*, 4> lead_time_parts = LeadTimesOf(protected_content.lead_times);
  size_t to_closure = 0;
  for (v1::LeadTime* lead_time : lead_time_parts)
    to_closure = table.Add(*lead_time->mutable_count());
  // Enrolment to closure (the last part) counts exactly the cases closed in
  // the period, on the platform they were closed on.
  table.Relate(report.closed[3], {to_closure});
  const std::string& platform_id = protected_content.period_report.platform_id();
  if (!platform_id.empty()) {
    // The stays moved out of (into) the platform are its accepted platform
    // handovers out (in): GetFlowGraph holds the ledger to that.
    std::vector<size_t> out;
    std::vector<size_t> in;
    const auto& flows = protected_content.handovers.flows();
    for (int i = 0; i < flows.size(); ++i) {
      if (flows[i].kind() != v1::HANDOVER_KIND_PLATFORM) continue;
      if (flows[i].from_id() == platform_id) out.push_back(accepted[static_cast<size_t>(i)]);
      if (flows[i].to_id() == platform_id) in.push_back(accepted[static_cast<size_t>(i)]);
    }
    table.Relate(report.moved_out[3], std::move(out));
    table.Relate(report.moved_in[3], std::move(in));
  }
  absl::Status suppressed = table.Suppress(k);
  if (absl::IsInvalidArgument(suppressed)) {
    return absl::InvalidArgumentError(
        absl::StrCat("the board report's parts do not add up: ", suppressed.message()));
  }
  TORG_RETURN_IF_ERROR(suppressed);
  WithholdSmallWaitingTimes(k, protected_content.handovers);
  SetStudyShares(protected_content.period_report);
  for (v1::LeadTime* lead_time : lead_time_parts) WithholdSmallLeadTime(k, *lead_time);
  const auto threshold = static_cast<int32_t>(k);
  protected_content.period_report.set_suppression_threshold(threshold);
  protected_content.lead_times.set_suppression_threshold(threshold);
  protected_content.handovers.set_suppression_threshold(threshold);
  content = std::move(protected_content);
  return absl::OkStatus();
}

BoardDocument BuildBoardDocument(const BoardReportContent& content,
                                 const v1::ForbundConfig& config) {
  BoardDocument document;
  const v1::GetPeriodReportResponse& report = content.period_report;
  document.title = BoardReportTitle(content.year, content.period);
  document.forbund_name = config.name().empty() ? config.id() : config.name();
  document.made_on = content.cut_at.has_value() ? BoardDay(common::SwedishDay(*content.cut_at))
                                                : "inga registreringar";
  document.heading = {
      {"Samordningsförbund", document.forbund_name},
      {"Plattform", report.platform_id().empty() ? "Hela förbundet"
                                                 : PlatformName(config, report.platform_id())},
      {"Period", absl::StrCat(casefile::DateText(report.first_day()), " – ",
                              casefile::DateText(report.last_day()))},
      {"Loggposition", absl::StrCat(report.log_position())},
      {"Registrerat t.o.m.", document.made_on},
  };
  if (content.as_of_day.has_value()) {
    document.heading.emplace_back("Läge vid dagens slut", BoardDay(*content.as_of_day));
  }
  document.sections.push_back(BoardTable(report));
  document.sections.push_back(LeadTimeSection(content.lead_times));
  document.sections.push_back(HandoverSection(content.handovers, config));
  // The parts are suppressed with one threshold (the förbund's k), or not at
  // all for a caller who sees every case counted.
  int32_t k = report.suppression_threshold();
  k = std::max(k, content.lead_times.suppression_threshold());
  k = std::max(k, content.handovers.suppression_threshold());
  document.footnote = BoardFootnote(k);
  return document;
}

std::string BoardReportCsv(const BoardDocument& document) {
  std::string csv(common::kUtf8ByteOrderMark);
  AppendCsvLine({document.title}, csv);
  for (const auto& [label, value] : document.heading) AppendCsvLine({label, value}, csv);
  for (const BoardSection& section : document.sections) {
    csv += "\r\n";
    AppendCsvLine(section.header, csv);
    for (const BoardRow& row : section.rows) {
      std::vector<std::string> fields;
      for (const BoardCell& cell : row.cells) fields.push_back(CsvCellText(cell));
      if (!fields.empty()) fields[0].insert(0, static_cast<size_t>(2 * row.indent), ' ');
      AppendCsvLine(fields, csv);
    }
  }
  if (!document.footnote.empty()) {
    csv += "\r\n";
    AppendCsvLine({document.footnote}, csv);
  }
  return csv;
}

}  // namespace torg::flows
