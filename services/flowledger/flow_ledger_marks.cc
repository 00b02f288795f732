#include "services/flowledger/flow_ledger_marks.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/casefile/case_state.h"
#include "services/flowledger/flow_ledger_keys.h"
#include "services/flowledger/sealed_flags.h"

namespace torg::flowledger {
namespace {

using keys::CounterCell;
using keys::Measure;

// Days from `first` through `last`; no `last` is open-ended.
struct DayRange {
  absl::CivilDay first;
  std::optional<absl::CivilDay> last;
};

std::optional<absl::CivilDay> EncodableDayOf(const v1::Date& date) {
  const std::optional<absl::CivilDay> day = casefile::ToCivilDay(date);
  if (!day.has_value() || !keys::EncodableDay(*day)) return std::nullopt;
  return day;
}

// An optional date field: unset is nullopt.
std::optional<absl::CivilDay> OptionalDayOf(bool has, const v1::Date& date) {
  if (!has) return std::nullopt;
  return EncodableDayOf(date);
}

// The earlier end; nullopt (open-ended) is the latest.
std::optional<absl::CivilDay> EarlierEnd(std::optional<absl::CivilDay> a,
                                         std::optional<absl::CivilDay> b) {
  if (!a.has_value()) return b;
  if (!b.has_value()) return a;
  return std::min(*a, *b);
}

// The days a study activity ran: from its start through its planned end,
// its completion, or the day before its cancellation, whichever comes
// first; nullopt if it never ran.
std::optional<DayRange> StudyDaysOf(const v1::FlowLedgerStudyActivity& activity) {
  const std::optional<absl::CivilDay> start = EncodableDayOf(activity.start_date());
  if (!start.has_value()) return std::nullopt;
  std::optional<absl::CivilDay> last = OptionalDayOf(activity.has_end_date(), activity.end_date());
  last = EarlierEnd(last, OptionalDayOf(activity.has_completed_on(), activity.completed_on()));
  const std::optional<absl::CivilDay> cancelled =
      OptionalDayOf(activity.has_cancelled_on(), activity.cancelled_on());
  if (cancelled.has_value()) last = EarlierEnd(last, *cancelled - 1);
  if (last.has_value() && *last < *start) return std::nullopt;
  return DayRange{*start, last};
}

std::optional<DayRange> FlagDaysOf(const v1::FlowLedgerFlagSpell& spell) {
  const std::optional<absl::CivilDay> first = EncodableDayOf(spell.first_day());
  if (!first.has_value()) return std::nullopt;
  const std::optional<absl::CivilDay> last = OptionalDayOf(spell.has_last_day(), spell.last_day());
  if (last.has_value() && *last < *first) return std::nullopt;
  return DayRange{*first, last};
}

// `range` cut to `stay`; nullopt if they share no day.
std::optional<DayRange> ClipToStay(const DayRange& range, const DayRange& stay) {
  DayRange clipped{std::max(range.first, stay.first), EarlierEnd(range.last, stay.last)};
  if (clipped.last.has_value() && *clipped.last < clipped.first) return std::nullopt;
  return clipped;
}

// `ranges` cut to `stay` as disjoint runs in day order: overlapping or
// touching ranges make one run.
std::vector<DayRange> RunsInStay(std::vector<DayRange> ranges, const DayRange& stay) {
  std::vector<DayRange> clipped;
  for (const DayRange& range : ranges) {
    const std::optional<DayRange> in_stay = ClipToStay(range, stay);
    if (in_stay.has_value()) clipped.push_back(*in_stay);
  }
  std::sort(clipped.begin(), clipped.end(),
            [](const DayRange& a, const DayRange& b) { return a.first < b.first; });
  std::vector<DayRange> runs;
  for (const DayRange& range : clipped) {
    if (runs.empty()) {
      runs.push_back(range);
      continue;
    }
    DayRange& last_run = runs.back();
    if (!last_run.last.has_value()) continue;  // open-ended: covers the rest
    if (range.first > *last_run.last + 1) {
      runs.push_back(range);
      continue;
    }
    last_run.last = range.last.has_value()
                        ? std::optional<absl::CivilDay>(std::max(*last_run.last, *range.last))
                        : std::nullopt;
  }
  return runs;
}

// The measures of one kind of mark.
struct MarkMeasures {
  Measure from;
  Measure until;
  Measure gap;
};

constexpr MarkMeasures kFlaggedMeasures{Measure::kFlaggedFrom, Measure::kFlaggedUntil,
                                        Measure::kFlaggedGap};
constexpr MarkMeasures kStudiesMeasures{Measure::kStudiesFrom, Measure::kStudiesUntil,
                                        Measure::kStudiesGap};

// What the runs of one stay contribute, in one scope.
void AddRuns(const std::vector<DayRange>& runs, const MarkMeasures& measures, bool forbund,
             const std::string& platform_id, const CounterCell& cell, MarkCounters& out) {
  for (size_t i = 0; i < runs.size(); ++i) {
    out[keys::CounterKey(forbund, platform_id, measures.from, runs[i].first, cell)] += 1;
    if (!runs[i].last.has_value()) continue;
    out[keys::CounterKey(forbund, platform_id, measures.until, *runs[i].last, cell)] += 1;
    if (i + 1 < runs.size()) {
      CounterCell gap = cell;
      gap.before_gap = *runs[i].last;
      out[keys::CounterKey(forbund, platform_id, measures.gap, runs[i + 1].first, gap)] += 1;
    }
  }
}

// What one stay (förbund scope: the whole case) contributes.
void AddStayMarks(const std::string& case_id, const v1::FlowLedgerCaseRecord& record, bool forbund,
                  const std::string& platform_id, const DayRange& stay, MarkCounters& out) {
  for (v1::CaseFlag flag : kCaseFlags) {
    std::vector<DayRange> spells;
    for (const v1::FlowLedgerFlagSpell& spell : record.flag_spells()) {
      if (spell.flag() != flag) continue;
      const std::optional<DayRange> days = FlagDaysOf(spell);
      if (days.has_value()) spells.push_back(*days);
    }
    CounterCell cell;
    cell.flag = flag;
    cell.gender = record.gender();
    cell.case_id = case_id;
    AddRuns(RunsInStay(std::move(spells), stay), kFlaggedMeasures, forbund, platform_id, cell, out);
  }
  std::vector<DayRange> studies;
  for (const v1::FlowLedgerStudyActivity& activity : record.study_activities()) {
    const std::optional<DayRange> days = StudyDaysOf(activity);
    if (days.has_value()) studies.push_back(*days);
  }
  CounterCell cell;
  cell.gender = record.gender();
  AddRuns(RunsInStay(std::move(studies), stay), kStudiesMeasures, forbund, platform_id, cell, out);
}

v1::FlowLedgerStudyActivity* FindStudyActivity(const std::string& commitment_id,
                                               v1::FlowLedgerCaseRecord& record) {
  for (v1::FlowLedgerStudyActivity& activity : *record.mutable_study_activities()) {
    if (activity.commitment_id() == commitment_id) return &activity;
  }
  return nullptr;
}

// The activity that may still end, or nullptr.
v1::FlowLedgerStudyActivity* RunningStudyActivity(const std::string& commitment_id,
                                                  v1::FlowLedgerCaseRecord& record) {
  v1::FlowLedgerStudyActivity* activity = FindStudyActivity(commitment_id, record);
  if (activity == nullptr || activity->has_completed_on() || activity->has_cancelled_on()) {
    return nullptr;
  }
  return activity;
}

}  // namespace

MarkCounters MarkCountersOf(const std::string& case_id, const v1::FlowLedgerCaseRecord& record) {
  MarkCounters out;
  if (!record.enrolled()) return out;
  if (record.flag_spells().empty() && record.study_activities().empty()) return out;
  for (const v1::FlowLedgerStay& stay : record.stays()) {
    const std::optional<absl::CivilDay> first = EncodableDayOf(stay.first_day());
    if (!first.has_value()) continue;
    AddStayMarks(case_id, record, false, stay.platform_id(),
                 DayRange{*first, OptionalDayOf(stay.has_last_day(), stay.last_day())}, out);
  }
  const std::optional<absl::CivilDay> enrolled_on = EncodableDayOf(record.enrolled_on());
  if (enrolled_on.has_value()) {
    AddStayMarks(case_id, record, true, "",
                 DayRange{*enrolled_on, OptionalDayOf(record.has_closed_on(), record.closed_on())},
                 out);
  }
  return out;
}

bool IsFlaggedCounter(const std::string& counter_key) {
  const std::optional<keys::ParsedCounter> counter = keys::ParseCounterKey(counter_key);
  return counter.has_value() && keys::IsFlaggedMeasure(counter->measure);
}

MarkCounters MarkChanges(const MarkCounters& before, const MarkCounters& after) {
  MarkCounters change = after;
  for (const auto& [key, count] : before) change[key] -= count;
  for (auto it = change.begin(); it != change.end();) {
    it = it->second == 0 ? change.erase(it) : std::next(it);
  }
  return change;
}

void StartStay(const std::string& platform_id, const v1::Date& date,
               v1::FlowLedgerCaseRecord& record) {
  v1::FlowLedgerStay* stay = record.add_stays();
  stay->set_platform_id(platform_id);
  *stay->mutable_first_day() = date;
}

void EndCurrentStay(const v1::Date& date, v1::FlowLedgerCaseRecord& record) {
  if (record.stays().empty()) return;
  v1::FlowLedgerStay& current = *record.mutable_stays()->rbegin();
  if (!current.has_last_day()) *current.mutable_last_day() = date;
}

void SetFlags(const v1::CaseFlags& flags, const v1::Date& date, v1::FlowLedgerCaseRecord& record) {
  const std::optional<absl::CivilDay> day = casefile::ToCivilDay(date);
  if (!day.has_value()) return;
  for (v1::CaseFlag flag : kCaseFlags) {
    auto* spells = record.mutable_flag_spells();
    auto open = std::find_if(spells->begin(), spells->end(), [flag](const auto& spell) {
      return spell.flag() == flag && !spell.has_last_day();
    });
    const bool carried = open != spells->end();
    if (Raises(flags, flag) && !carried) {
      v1::FlowLedgerFlagSpell* spell = record.add_flag_spells();
      spell->set_flag(flag);
      *spell->mutable_first_day() = date;
    } else if (!Raises(flags, flag) && carried) {
      const std::optional<absl::CivilDay> first = casefile::ToCivilDay(open->first_day());
      if (first.has_value() && *first >= *day) {
        spells->erase(open);
      } else {
        *open->mutable_last_day() = casefile::ToProtoDate(*day - 1);
      }
    }
  }
}

void AddStudyActivity(const v1::CommitmentAdded& added, v1::FlowLedgerCaseRecord& record) {
  if (added.kind() != v1::ACTIVITY_KIND_STUDIES) return;
  if (FindStudyActivity(added.commitment_id(), record) != nullptr) return;
  v1::FlowLedgerStudyActivity* activity = record.add_study_activities();
  activity->set_commitment_id(added.commitment_id());
  *activity->mutable_start_date() = added.start_date();
  if (added.has_end_date()) *activity->mutable_end_date() = added.end_date();
}

bool CompleteStudyActivity(const std::string& commitment_id, const v1::Date& date,
                           v1::FlowLedgerCaseRecord& record) {
  v1::FlowLedgerStudyActivity* activity = RunningStudyActivity(commitment_id, record);
  if (activity == nullptr) return false;
  *activity->mutable_completed_on() = date;
  return true;
}

bool CancelStudyActivity(const std::string& commitment_id, const v1::Date& date,
                         v1::FlowLedgerCaseRecord& record) {
  v1::FlowLedgerStudyActivity* activity = RunningStudyActivity(commitment_id, record);
  if (activity == nullptr) return false;
  *activity->mutable_cancelled_on() = date;
  return true;
}

}  // namespace torg::flowledger
