#include "services/flows/period_report.h"

#include <array>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/disclosure/suppression.h"
#include "services/flowledger/sealed_flags.h"

namespace torg::flows {

namespace {

using flowledger::StayCell;

// The age bands of the definitions, youngest first; "other" last.
constexpr std::array<const char*, 7> kAgeBands = {"16-19", "20-24", "25-29", "30-39",
                                                  "40-49", "50-64", "other"};

int AgeBandRank(const std::string& band) {
  for (size_t i = 0; i < kAgeBands.size(); ++i) {
    if (band == kAgeBands[i]) return static_cast<int>(i);
  }
  return static_cast<int>(kAgeBands.size());
}

void AddTo(v1::Count& count, int64_t n) { count.set_value(count.value() + n); }

void AddGender(v1::Gender gender, int64_t n, v1::GenderCounts& counts) {
  switch (gender) {
    case v1::GENDER_WOMAN:
      AddTo(*counts.mutable_women(), n);
      break;
    case v1::GENDER_MAN:
      AddTo(*counts.mutable_men(), n);
      break;
    default:
      AddTo(*counts.mutable_other(), n);
      break;
  }
  AddTo(*counts.mutable_total(), n);
}

v1::GenderCounts ByGender(const std::map<v1::Gender, int64_t>& counts) {
  v1::GenderCounts result = ZeroGenderCounts();
  for (const auto& [gender, n] : counts) AddGender(gender, n, result);
  return result;
}

v1::GenderCounts SumOfCells(const std::map<StayCell, int64_t>& cells) {
  v1::GenderCounts result = ZeroGenderCounts();
  for (const auto& [cell, n] : cells) AddGender(cell.gender, n, result);
  return result;
}

template <class Key>
void AppendRows(const std::map<Key, v1::GenderCounts>& rows,
                google::protobuf::RepeatedPtrField<v1::SplitRow>& out,
                const std::string& (*key_of)(const Key&)) {
  for (const auto& [key, counts] : rows) {
    if (counts.total().value() == 0) continue;
    v1::SplitRow& row = *out.Add();
    row.set_key(key_of(key));
    *row.mutable_counts() = counts;
  }
}

const std::string& PlainKey(const std::string& key) { return key; }
const std::string& RankedKey(const std::pair<int, std::string>& key) { return key.second; }

v1::SplitFigure BuildSplit(const std::map<StayCell, int64_t>& cells) {
  v1::SplitFigure figure;
  *figure.mutable_total() = ZeroGenderCounts();
  std::map<std::pair<int, std::string>, v1::GenderCounts> by_age;
  std::map<std::string, v1::GenderCounts> by_kommun;
  std::map<std::string, v1::GenderCounts> by_referrer;
  for (const auto& [cell, n] : cells) {
    AddGender(cell.gender, n, *figure.mutable_total());
    auto age = by_age.try_emplace({AgeBandRank(cell.age_band), cell.age_band}, ZeroGenderCounts());
    AddGender(cell.gender, n, age.first->second);
    AddGender(cell.gender, n, by_kommun.try_emplace(cell.kommun, ZeroGenderCounts()).first->second);
    AddGender(cell.gender, n,
              by_referrer.try_emplace(cell.referrer, ZeroGenderCounts()).first->second);
  }
  AppendRows(by_age, *figure.mutable_by_age_band(), &RankedKey);
  AppendRows(by_kommun, *figure.mutable_by_kommun(), &PlainKey);
  AppendRows(by_referrer, *figure.mutable_by_referring_party(), &PlainKey);
  return figure;
}

v1::ClosedFigure BuildClosed(
    const std::map<std::pair<v1::ClosureOutcome, v1::Gender>, int64_t>& closed) {
  v1::ClosedFigure figure;
  *figure.mutable_total() = ZeroGenderCounts();
  std::map<v1::OutcomeCategory, v1::GenderCounts> categories;
  for (v1::OutcomeCategory category :
       {v1::OUTCOME_CATEGORY_WORK, v1::OUTCOME_CATEGORY_STUDIES, v1::OUTCOME_CATEGORY_NEED_ADAPTED,
        v1::OUTCOME_CATEGORY_OTHER}) {
    categories.emplace(category, ZeroGenderCounts());
  }
  std::map<v1::ClosureOutcome, v1::GenderCounts> outcomes;
  for (const auto& [key, n] : closed) {
    const auto& [outcome, gender] = key;
    AddGender(gender, n, *figure.mutable_total());
    AddGender(gender, n, outcomes.try_emplace(outcome, ZeroGenderCounts()).first->second);
    AddGender(gender, n,
              categories.try_emplace(CategoryOf(outcome), ZeroGenderCounts()).first->second);
  }
  for (const auto& [category, counts] : categories) {
    v1::OutcomeCategoryCount& row = *figure.add_by_category();
    row.set_category(category);
    *row.mutable_counts() = counts;
  }
  for (const auto& [outcome, counts] : outcomes) {
    if (counts.total().value() == 0) continue;
    v1::OutcomeCount& row = *figure.add_by_outcome();
    row.set_outcome(outcome);
    row.set_category(CategoryOf(outcome));
    *row.mutable_counts() = counts;
  }
  return figure;
}

void SetShare(const v1::Count& numerator, const v1::Count& denominator, v1::Share& share) {
  share.Clear();
  if (numerator.suppressed() || denominator.suppressed()) {
    share.set_withheld(true);
    return;
  }
  if (denominator.value() == 0) {
    share.set_no_denominator(true);
    return;
  }
  share.set_percent(100.0 * static_cast<double>(numerator.value()) /
                    static_cast<double>(denominator.value()));
}

}  // namespace

v1::GenderCounts ZeroGenderCounts() {
  v1::GenderCounts counts;
  counts.mutable_women();
  counts.mutable_men();
  counts.mutable_other();
  counts.mutable_total();
  return counts;
}

v1::OutcomeCategory CategoryOf(v1::ClosureOutcome outcome) {
  switch (outcome) {
    case v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED:
    case v1::CLOSURE_OUTCOME_WORK_SUBSIDISED:
    case v1::CLOSURE_OUTCOME_WORK_OWN_BUSINESS:
      return v1::OUTCOME_CATEGORY_WORK;
    case v1::CLOSURE_OUTCOME_STUDIES:
      return v1::OUTCOME_CATEGORY_STUDIES;
    case v1::CLOSURE_OUTCOME_NEED_ADAPTED_CARE:
    case v1::CLOSURE_OUTCOME_NEED_ADAPTED_OTHER_AUTHORITY:
    case v1::CLOSURE_OUTCOME_NEED_ADAPTED_SICKNESS_COMPENSATION:
    case v1::CLOSURE_OUTCOME_NEED_ADAPTED_OTHER:
      return v1::OUTCOME_CATEGORY_NEED_ADAPTED;
    case v1::CLOSURE_OUTCOME_OTHER_MOVED:
    case v1::CLOSURE_OUTCOME_OTHER_DECLINED:
    case v1::CLOSURE_OUTCOME_OTHER_NO_CONTACT:
    case v1::CLOSURE_OUTCOME_OTHER_DECEASED:
    case v1::CLOSURE_OUTCOME_OTHER_REASON:
      return v1::OUTCOME_CATEGORY_OTHER;
    default:
      return v1::OUTCOME_CATEGORY_UNSPECIFIED;
  }
}

v1::GetPeriodReportResponse BuildPeriodReport(const flowledger::PeriodQuery& query,
                                              const flowledger::PeriodCounts& counts) {
  v1::GetPeriodReportResponse report;
  report.set_platform_id(query.platform_id);
  v1::Date& first = *report.mutable_first_day();
  first.set_year(static_cast<int32_t>(query.first_day.year()));
  first.set_month(query.first_day.month());
  first.set_day(query.first_day.day());
  v1::Date& last = *report.mutable_last_day();
  last.set_year(static_cast<int32_t>(query.last_day.year()));
  last.set_month(query.last_day.month());
  last.set_day(query.last_day.day());
  report.set_log_position(counts.log_position);
  *report.mutable_active() = BuildSplit(counts.active);
  *report.mutable_enrolled() = BuildSplit(counts.enrolled);
  *report.mutable_ongoing_at_end() = BuildSplit(counts.ongoing_at_end);
  *report.mutable_closed() = BuildClosed(counts.closed);
  *report.mutable_moved_in() = SumOfCells(counts.moved_in);
  *report.mutable_moved_out() = SumOfCells(counts.moved_out);
  v1::ReferralFigures& referrals = *report.mutable_referrals();
  *referrals.mutable_received() = ByGender(counts.referrals_received);
  *referrals.mutable_accepted() = ByGender(counts.accepted);
  *referrals.mutable_directed() = ByGender(counts.directed);
  *referrals.mutable_declined() = ByGender(counts.declined);
  for (v1::CaseFlag flag : flowledger::kCaseFlags) {
    v1::FlaggedFigure& figure = *report.add_flagged();
    figure.set_flag(flag);
    *figure.mutable_counts() = ZeroGenderCounts();
    for (const auto& [key, n] : counts.flagged) {
      if (key.first == flag) AddGender(key.second, n, *figure.mutable_counts());
    }
  }
  *report.mutable_studies()->mutable_with_study_activity() = ByGender(counts.with_study_activity);
  SetStudyShares(report);
  return report;
}

void SetStudyShares(v1::GetPeriodReportResponse& report) {
  v1::StudiesFigure& studies = *report.mutable_studies();
  *studies.mutable_active() = report.active().total();
  const v1::GenderCounts& with = studies.with_study_activity();
  const v1::GenderCounts& active = studies.active();
  v1::GenderShares& share = *studies.mutable_share();
  SetShare(with.women(), active.women(), *share.mutable_women());
  SetShare(with.men(), active.men(), *share.mutable_men());
  SetShare(with.other(), active.other(), *share.mutable_other());
  SetShare(with.total(), active.total(), *share.mutable_total());
}

namespace {

GenderCells AddSplitFigure(v1::SplitFigure& figure, CountTable& table) {
  const GenderCells total = table.AddGenderCounts(*figure.mutable_total());
  for (auto* split : {figure.mutable_by_age_band(), figure.mutable_by_kommun(),
                      figure.mutable_by_referring_party()}) {
    std::vector<GenderCells> rows;
    for (v1::SplitRow& row : *split) rows.push_back(table.AddGenderCounts(*row.mutable_counts()));
    table.RelateGenderCounts(total, rows);
  }
  return total;
}

GenderCells AddClosedFigure(v1::ClosedFigure& closed, CountTable& table) {
  const GenderCells total = table.AddGenderCounts(*closed.mutable_total());
  std::vector<GenderCells> categories;
  for (v1::OutcomeCategoryCount& category : *closed.mutable_by_category()) {
    const GenderCells category_cells = table.AddGenderCounts(*category.mutable_counts());
    categories.push_back(category_cells);
    std::vector<GenderCells> outcomes;
    for (v1::OutcomeCount& outcome : *closed.mutable_by_outcome()) {
      if (outcome.category() != category.category()) continue;
      outcomes.push_back(table.AddGenderCounts(*outcome.mutable_counts()));
    }
    table.RelateGenderCounts(category_cells, outcomes);
  }
  table.RelateGenderCounts(total, categories);
  return total;
}

// A figure that splits the active stays in two, "with" (shown) and
// "without" (never shown, but active − with): both are protected, and for a
// sensitive mark a "without" of 0 beside a "with" above 0 too, for it says
// that everyone of the group carries the mark.
void AddShareOfActive(const GenderCells& active, v1::GenderCounts& with, bool sensitive,
                      CountTable& table) {
  v1::GenderCounts without;
  const std::array<std::pair<const v1::Count*, v1::Count*>, 4> components = {{
      {&with.women(), without.mutable_women()},
      {&with.men(), without.mutable_men()},
      {&with.other(), without.mutable_other()},
      {&with.total(), without.mutable_total()},
  }};
  for (size_t i = 0; i < components.size(); ++i) {
    components[i].second->set_value(table.CountOf(active[i]) - components[i].first->value());
  }
  const GenderCells with_cells = table.AddGenderCounts(with);
  const GenderCells without_cells = table.AddUnshownGenderCounts(without);
  table.RelateGenderCounts(active, {with_cells, without_cells});
  if (!sensitive) return;
  for (size_t i = 0; i < components.size(); ++i) {
    if (components[i].first->value() > 0 && components[i].second->value() == 0) {
      table.HideAlways(without_cells[i]);
    }
  }
}

}  // namespace

PeriodReportCells AddPeriodReportCells(v1::GetPeriodReportResponse& report, CountTable& table) {
  PeriodReportCells cells;
  const GenderCells active = AddSplitFigure(*report.mutable_active(), table);
  const GenderCells enrolled = AddSplitFigure(*report.mutable_enrolled(), table);
  const GenderCells ongoing = AddSplitFigure(*report.mutable_ongoing_at_end(), table);
  cells.closed = AddClosedFigure(*report.mutable_closed(), table);
  cells.moved_in = table.AddGenderCounts(*report.mutable_moved_in());
  cells.moved_out = table.AddGenderCounts(*report.mutable_moved_out());
  if (report.platform_id().empty()) {
    table.RelateGenderCounts(active, {ongoing, cells.closed});
  } else {
    table.RelateGenderCounts(active, {ongoing, cells.closed, cells.moved_out});
  }
  v1::ReferralFigures& referrals = *report.mutable_referrals();
  table.AddGenderCounts(*referrals.mutable_received());
  table.RelateGenderCounts(table.AddGenderCounts(*referrals.mutable_accepted()), {enrolled});
  table.AddGenderCounts(*referrals.mutable_directed());
  table.AddGenderCounts(*referrals.mutable_declined());
  for (v1::FlaggedFigure& flagged : *report.mutable_flagged()) {
    AddShareOfActive(active, *flagged.mutable_counts(), true, table);
  }
  AddShareOfActive(active, *report.mutable_studies()->mutable_with_study_activity(), false, table);
  return cells;
}

absl::Status SuppressSmallCounts(int64_t k, v1::GetPeriodReportResponse& report) {
  if (k < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("the small-cell threshold must be at least 1, not ", k));
  }
  if (k == 1) return absl::OkStatus();
  // Suppress a copy: a report whose counts do not add up is left as it was.
  v1::GetPeriodReportResponse suppressed = report;
  CountTable table;
  AddPeriodReportCells(suppressed, table);
  absl::Status status = table.Suppress(k);
  if (absl::IsInvalidArgument(status)) {
    return absl::InvalidArgumentError(
        absl::StrCat("the report's figures do not add up: ", status.message()));
  }
  TORG_RETURN_IF_ERROR(status);
  SetStudyShares(suppressed);
  suppressed.set_suppression_threshold(static_cast<int32_t>(k));
  report = std::move(suppressed);
  return absl::OkStatus();
}

}  // namespace torg::flows
