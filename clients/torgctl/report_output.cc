#include "clients/torgctl/report_output.h"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/torgctl/cli_parsing.h"
#include "clients/torgctl/text_table.h"

namespace torg::torgctl {
namespace {

using torg::v1::ClosureOutcome;
using torg::v1::GenderCounts;
using torg::v1::OutcomeCategory;

// Every outcome this torgctl knows, in enum order, with its category and its
// name in the report.
struct ReportOutcomeInfo {
  ClosureOutcome outcome;
  OutcomeCategory category;
  const char* label;
};

constexpr ReportOutcomeInfo kReportOutcomes[] = {
    {torg::v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED, torg::v1::OUTCOME_CATEGORY_WORK,
     "Osubventionerat arbete"},
    {torg::v1::CLOSURE_OUTCOME_WORK_SUBSIDISED, torg::v1::OUTCOME_CATEGORY_WORK,
     "Subventionerat arbete"},
    {torg::v1::CLOSURE_OUTCOME_WORK_OWN_BUSINESS, torg::v1::OUTCOME_CATEGORY_WORK, "Eget företag"},
    {torg::v1::CLOSURE_OUTCOME_STUDIES, torg::v1::OUTCOME_CATEGORY_STUDIES,
     "Studier på ordinarie villkor"},
    {torg::v1::CLOSURE_OUTCOME_NEED_ADAPTED_CARE, torg::v1::OUTCOME_CATEGORY_NEED_ADAPTED,
     "Vård eller behandling"},
    {torg::v1::CLOSURE_OUTCOME_NEED_ADAPTED_OTHER_AUTHORITY,
     torg::v1::OUTCOME_CATEGORY_NEED_ADAPTED, "Annan myndighets insats"},
    {torg::v1::CLOSURE_OUTCOME_NEED_ADAPTED_SICKNESS_COMPENSATION,
     torg::v1::OUTCOME_CATEGORY_NEED_ADAPTED, "Beviljad sjukersättning"},
    {torg::v1::CLOSURE_OUTCOME_NEED_ADAPTED_OTHER, torg::v1::OUTCOME_CATEGORY_NEED_ADAPTED,
     "Övrig behovsanpassad lösning"},
    {torg::v1::CLOSURE_OUTCOME_OTHER_MOVED, torg::v1::OUTCOME_CATEGORY_OTHER, "Flyttat"},
    {torg::v1::CLOSURE_OUTCOME_OTHER_DECLINED, torg::v1::OUTCOME_CATEGORY_OTHER,
     "Avböjt fortsatt deltagande"},
    {torg::v1::CLOSURE_OUTCOME_OTHER_NO_CONTACT, torg::v1::OUTCOME_CATEGORY_OTHER,
     "Kontakten upphörde"},
    {torg::v1::CLOSURE_OUTCOME_OTHER_DECEASED, torg::v1::OUTCOME_CATEGORY_OTHER, "Avliden"},
    {torg::v1::CLOSURE_OUTCOME_OTHER_REASON, torg::v1::OUTCOME_CATEGORY_OTHER, "Annan orsak"},
};

constexpr OutcomeCategory kReportCategories[] = {
    torg::v1::OUTCOME_CATEGORY_WORK, torg::v1::OUTCOME_CATEGORY_STUDIES,
    torg::v1::OUTCOME_CATEGORY_NEED_ADAPTED, torg::v1::OUTCOME_CATEGORY_OTHER};

// A table of figures: a label column, then Kvinnor, Män, Annat and Totalt
// right-aligned.
class ReportFigureTable {
 public:
  explicit ReportFigureTable(std::string label_header) {
    rows_.push_back({std::move(label_header), "Kvinnor", "Män", "Annat", "Totalt"});
  }

  void Add(std::string label, const GenderCounts& counts) {
    rows_.push_back({std::move(label), CountText(counts.women()), CountText(counts.men()),
                     CountText(counts.other()), CountText(counts.total())});
  }

  // A row of shares: percent with one decimal and a decimal comma, ".." when
  // withheld.
  void AddShares(std::string label, const torg::v1::GenderShares& shares) {
    rows_.push_back({std::move(label), ShareText(shares.women()), ShareText(shares.men()),
                     ShareText(shares.other()), ShareText(shares.total())});
  }

  void AddBlank() { rows_.emplace_back(); }

  std::string Render() const {
    std::array<size_t, kColumns> widths{};
    for (const auto& row : rows_) {
      for (size_t i = 1; i < row.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
    TextTable table;
    for (std::vector<std::string> row : rows_) {
      for (size_t i = 1; i < row.size(); ++i) {
        row[i].insert(0, widths[i] - DisplayWidth(row[i]), ' ');
      }
      table.AddRow(std::move(row));
    }
    return table.Render();
  }

 private:
  static constexpr size_t kColumns = 5;
  std::vector<std::vector<std::string>> rows_;
};

// Flags this torgctl knows, as the report's rows name them ("Aktiva med ...").
std::string CaseFlagLabel(torg::v1::CaseFlag flag) {
  switch (flag) {
    case torg::v1::CASE_FLAG_VIOLENCE_IN_CLOSE_RELATIONSHIP:
      return "våld i nära relation";
    case torg::v1::CASE_FLAG_RISK_USE_OR_ABUSE:
      return "riskbruk/missbruk";
    default:
      return EnumText(flag);
  }
}

const GenderCounts& CategoryCounts(const torg::v1::ClosedFigure& closed, OutcomeCategory category) {
  for (const auto& count : closed.by_category()) {
    if (count.category() == category) return count.counts();
  }
  return GenderCounts::default_instance();
}

const GenderCounts& OutcomeCounts(const torg::v1::ClosedFigure& closed, ClosureOutcome outcome) {
  for (const auto& count : closed.by_outcome()) {
    if (count.outcome() == outcome) return count.counts();
  }
  return GenderCounts::default_instance();
}

bool KnownReportOutcome(ClosureOutcome outcome) {
  return std::any_of(std::begin(kReportOutcomes), std::end(kReportOutcomes),
                     [outcome](const ReportOutcomeInfo& info) { return info.outcome == outcome; });
}

void AddClosedRows(const torg::v1::ClosedFigure& closed, ReportFigureTable& table) {
  table.Add("Avslutade", closed.total());
  for (const OutcomeCategory category : kReportCategories) {
    table.Add(absl::StrCat("  ", OutcomeCategoryLabel(category)), CategoryCounts(closed, category));
    for (const auto& info : kReportOutcomes) {
      if (info.category != category) continue;
      table.Add(absl::StrCat("    ", info.label), OutcomeCounts(closed, info.outcome));
    }
    // Outcomes of a newer torgd, under the category it gives them.
    for (const auto& count : closed.by_outcome()) {
      if (count.category() != category || KnownReportOutcome(count.outcome())) continue;
      table.Add(absl::StrCat("    ", ClosureOutcomeLabel(count.outcome())), count.counts());
    }
  }
}

std::string SplitTable(const std::string& header,
                       const google::protobuf::RepeatedPtrField<torg::v1::SplitRow>& rows,
                       std::string (*row_label)(const std::string& key)) {
  ReportFigureTable table(header);
  for (const auto& row : rows) table.Add(row_label(row.key()), row.counts());
  return table.Render();
}

std::string AgeBandLabel(const std::string& key) {
  return key == "other" ? "annan ålder" : absl::StrCat(key, " år");
}

std::string KommunLabel(const std::string& key) { return key; }

std::string ReferringPartyLabel(const std::string& key) {
  return key == "self" ? "egen aktualisering" : key;
}

std::string SuppressionLine(int32_t threshold) {
  if (threshold <= 0) return "";
  if (threshold == 2) return "Värdet 1 och dess komplement är dolda (visas som \"..\")\n";
  return absl::StrCat("Värden 1–", threshold - 1,
                      " och deras komplement är dolda (visas som \"..\")\n");
}

}  // namespace

std::string CountText(const torg::v1::Count& count) {
  return count.suppressed() ? ".." : absl::StrCat(count.value());
}

std::string ShareText(const torg::v1::Share& share) {
  if (share.withheld()) return "..";
  // Nobody to take a share of: a dash, as in official statistics, not 0 %.
  if (share.no_denominator()) return "–";
  // One decimal, rounded half away from zero, with a decimal comma.
  const auto tenths = static_cast<int64_t>(share.percent() * 10.0 + 0.5);
  return absl::StrCat(tenths / 10, ",", tenths % 10, " %");
}

std::string OutcomeCategoryLabel(OutcomeCategory category) {
  switch (category) {
    case torg::v1::OUTCOME_CATEGORY_WORK:
      return "Arbete";
    case torg::v1::OUTCOME_CATEGORY_STUDIES:
      return "Studier";
    case torg::v1::OUTCOME_CATEGORY_NEED_ADAPTED:
      return "Annan behovsanpassad lösning";
    case torg::v1::OUTCOME_CATEGORY_OTHER:
      return "Övriga avslut";
    default:
      return EnumText(category);
  }
}

std::string ClosureOutcomeLabel(ClosureOutcome outcome) {
  for (const auto& info : kReportOutcomes) {
    if (info.outcome == outcome) return info.label;
  }
  return EnumText(outcome);
}

std::string RenderPeriodReport(const torg::v1::GetPeriodReportResponse& report) {
  const bool platform = !report.platform_id().empty();
  std::string text = absl::StrCat(
      "Periodrapport för ", platform ? report.platform_id() : "hela förbundet", ", ",
      FormatDate(report.first_day()), " – ", FormatDate(report.last_day()), ", loggposition ",
      report.log_position(), "\n", SuppressionLine(report.suppression_threshold()), "\n");

  ReportFigureTable figures("");
  figures.Add("Aktiva", report.active().total());
  figures.Add("Nya (inskrivna)", report.enrolled().total());
  figures.Add("Pågående vid periodens slut", report.ongoing_at_end().total());
  AddClosedRows(report.closed(), figures);
  if (platform) {
    figures.Add("Inflyttade", report.moved_in());
    figures.Add("Utflyttade", report.moved_out());
  }
  figures.AddBlank();
  const torg::v1::ReferralFigures& referrals = report.referrals();
  figures.Add("Aktualiseringar", referrals.received());
  figures.Add("Antagna", referrals.accepted());
  figures.Add("Hänvisade", referrals.directed());
  figures.Add("Avböjda", referrals.declined());
  // Absent from a torgd older than these figures.
  if (!report.flagged().empty()) {
    figures.AddBlank();
    for (const auto& flagged : report.flagged()) {
      figures.Add(absl::StrCat("Aktiva med ", CaseFlagLabel(flagged.flag())), flagged.counts());
    }
  }
  if (report.has_studies()) {
    figures.AddBlank();
    figures.Add("Aktiva med studieinsats", report.studies().with_study_activity());
    figures.AddShares("Andel med studieinsats", report.studies().share());
  }
  absl::StrAppend(&text, figures.Render());

  const torg::v1::SplitFigure& active = report.active();
  absl::StrAppend(&text, "\nAktiva efter åldersgrupp, kommun och vem som aktualiserade:\n\n",
                  SplitTable("Åldersgrupp", active.by_age_band(), AgeBandLabel), "\n",
                  SplitTable("Kommun", active.by_kommun(), KommunLabel), "\n",
                  SplitTable("Aktualiserad av", active.by_referring_party(), ReferringPartyLabel));
  return text;
}

}  // namespace torg::torgctl
