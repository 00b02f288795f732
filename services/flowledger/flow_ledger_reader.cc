#include "services/flowledger/flow_ledger_reader.h"

#include <algorithm>
#include <functional>
#include <iterator>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/common/status_macros.h"
#include "services/common/swedish_calendar.h"
#include "services/flowledger/flow_ledger_keys.h"
#include "services/flowledger/flow_ledger_projection.h"
#include "torg/v1/flow_ledger_records.pb.h"

namespace torg::flowledger {

namespace {

using keys::Measure;

// Adds one FLAGGED_* or STUDIES_* counter (flow_ledger_keys.h) to the stays
// marked in [first_day, last_day]: a stay counts when a run of its marked
// days began on or before last_day and did not end before first_day, less
// once for each gap between two such runs.
void AddMarkCounter(const keys::ParsedCounter& counter, int64_t amount, absl::CivilDay first_day,
                    absl::CivilDay last_day, int64_t& count) {
  // No day of the period has happened yet (studies after the cut's day).
  if (last_day < first_day || counter.day > last_day) return;
  switch (counter.measure) {
    case Measure::kFlaggedFrom:
    case Measure::kStudiesFrom:
      count += amount;
      break;
    case Measure::kFlaggedUntil:
    case Measure::kStudiesUntil:
      if (counter.day < first_day) count -= amount;
      break;
    case Measure::kFlaggedGap:
    case Measure::kStudiesGap:
      if (counter.cell.before_gap >= first_day) count -= amount;
      break;
    default:
      break;
  }
}

// Adds `amount` of one counter to the figures of the period it feeds. Used
// with the stored count, and with minus an undo entry's delta to take back
// what was recorded after the cut. Study days count up to `last_study_day`.
void AddCounterToFigures(const keys::ParsedCounter& counter, int64_t amount,
                         const PeriodQuery& query, absl::CivilDay last_study_day,
                         PeriodCounts& counts) {
  switch (counter.measure) {
    case Measure::kFlaggedFrom:
    case Measure::kFlaggedUntil:
    case Measure::kFlaggedGap:
      AddMarkCounter(counter, amount, query.first_day, query.last_day,
                     counts.flagged[{counter.cell.flag, counter.cell.gender}]);
      return;
    case Measure::kStudiesFrom:
    case Measure::kStudiesUntil:
    case Measure::kStudiesGap:
      AddMarkCounter(counter, amount, query.first_day, std::min(query.last_day, last_study_day),
                     counts.with_study_activity[counter.cell.gender]);
      return;
    default:
      break;
  }
  if (counter.day > query.last_day) return;
  const bool in_period = counter.day >= query.first_day;
  const StayCell cell{counter.cell.gender, counter.cell.age_band, counter.cell.kommun,
                      counter.cell.referrer};
  const v1::Gender gender = counter.cell.gender;
  switch (counter.measure) {
    case Measure::kEnterEnrolled:
    case Measure::kEnterMovedIn:
      // Began on or before last_day: active unless it also ended before
      // first_day, which the leave counters take off.
      counts.active[cell] += amount;
      counts.ongoing_at_end[cell] += amount;
      if (in_period) {
        (counter.measure == Measure::kEnterEnrolled ? counts.enrolled : counts.moved_in)[cell] +=
            amount;
      }
      break;
    case Measure::kLeaveClosed:
    case Measure::kLeaveMovedOut:
      counts.ongoing_at_end[cell] -= amount;
      if (!in_period) {
        counts.active[cell] -= amount;
      } else if (counter.measure == Measure::kLeaveMovedOut) {
        counts.moved_out[cell] += amount;
      } else {
        counts.closed[{counter.cell.outcome, gender}] += amount;
        counts.closed_by_cell[cell] += amount;
      }
      break;
    case Measure::kReferralReceived:
      if (in_period) counts.referrals_received[gender] += amount;
      break;
    case Measure::kDecisionAccepted:
      if (in_period) counts.accepted[gender] += amount;
      break;
    case Measure::kDecisionDirected:
      if (in_period) counts.directed[gender] += amount;
      break;
    case Measure::kDecisionDeclined:
      if (in_period) counts.declined[gender] += amount;
      break;
    default:
      // Lead times and handovers: ReadLeadTimes and ReadHandoverFlows.
      break;
  }
}

template <typename Key>
void DropZeroCells(std::map<Key, int64_t>& cells) {
  for (auto it = cells.begin(); it != cells.end();) {
    it = it->second == 0 ? cells.erase(it) : std::next(it);
  }
}

absl::Status CheckAsOf(std::optional<uint64_t> as_of_position,
                       std::optional<absl::CivilDay> as_of_recorded_day) {
  if (as_of_position.has_value() && as_of_recorded_day.has_value()) {
    return absl::InvalidArgumentError("give at most one of as_of_position and as_of_recorded_day");
  }
  if (as_of_position.has_value() && *as_of_position == 0) {
    return absl::InvalidArgumentError("as_of_position must be at least 1");
  }
  if (as_of_recorded_day.has_value() && !keys::EncodableDay(*as_of_recorded_day)) {
    return absl::InvalidArgumentError("as_of_recorded_day must have a four-digit year");
  }
  return absl::OkStatus();
}

absl::Status CheckPeriodQuery(const PeriodQuery& query) {
  if (!keys::EncodableDay(query.first_day) || !keys::EncodableDay(query.last_day)) {
    return absl::InvalidArgumentError("the period's days must have four-digit years");
  }
  if (query.last_day < query.first_day) {
    return absl::InvalidArgumentError(
        absl::StrCat("the period's last day ", absl::FormatCivilTime(query.last_day),
                     " is before its first day ", absl::FormatCivilTime(query.first_day)));
  }
  const absl::CivilDay ten_years_on(query.first_day.year() + 10, query.first_day.month(),
                                    query.first_day.day());
  if (query.last_day >= ten_years_on) {
    return absl::InvalidArgumentError(
        absl::StrCat("the period ", absl::FormatCivilTime(query.first_day), " to ",
                     absl::FormatCivilTime(query.last_day), " is longer than ten years"));
  }
  return CheckAsOf(query.as_of_position, query.as_of_recorded_day);
}

// The position a read as of (checked) `as_of_position` or
// `as_of_recorded_day` is cut at, never past `last_position`, which the
// caller read before anything else.
absl::StatusOr<uint64_t> CutAt(storage::EventStore& store, std::optional<uint64_t> as_of_position,
                               std::optional<absl::CivilDay> as_of_recorded_day,
                               uint64_t last_position) {
  if (as_of_position.has_value()) {
    if (*as_of_position > last_position) {
      return absl::InvalidArgumentError(absl::StrCat("as_of_position ", *as_of_position,
                                                     " is past the end of the log (position ",
                                                     last_position, ")"));
    }
    return *as_of_position;
  }
  if (!as_of_recorded_day.has_value()) return last_position;
  // Recording days only move forward with the log: the cut is just before
  // the first event recorded on a later day.
  TORG_ASSIGN_OR_RETURN(std::vector<storage::ProjectionEntry> next_day,
                        store.ScanProjection(kFlowLedgerProjection, keys::RecordedDayPrefix(),
                                             keys::RecordedDayKey(*as_of_recorded_day), 1));
  if (next_day.empty()) return last_position;
  const std::optional<uint64_t> first_after = keys::DecodePosition(next_day.front().second);
  if (!first_after.has_value() || *first_after == 0) {
    return absl::DataLossError("a recorded-day entry of the flow ledger is corrupt");
  }
  return std::min(*first_after - 1, last_position);
}

// The position the figures of `query` are cut at.
absl::StatusOr<uint64_t> LedgerCutPosition(storage::EventStore& store, const PeriodQuery& query,
                                           uint64_t last_position) {
  return CutAt(store, query.as_of_position, query.as_of_recorded_day, last_position);
}

// The last day whose planned study days have happened for figures cut at
// `cut`: the Swedish day on which the event at `cut` was recorded. Only the
// position, not how it was asked for, so that asking again as of the
// position gives the same figures. Before the first day of the log when
// nothing was recorded (cut 0).
absl::StatusOr<absl::CivilDay> LastStudiedDay(storage::EventStore& store, uint64_t cut) {
  if (cut == 0) return absl::CivilDay(0, 1, 1);
  TORG_ASSIGN_OR_RETURN(const std::vector<storage::RecordedEvent> events, store.ReadAll(cut, 1));
  if (events.empty() || events.front().position != cut) {
    return absl::InternalError(absl::StrCat("the log has no event at position ", cut));
  }
  return common::SwedishDay(events.front().recorded_at);
}

// Where a counter's amount goes: called with the stored count, and with
// minus an undo entry's delta to take back what was recorded after the cut.
using CounterSink = std::function<void(const keys::ParsedCounter& counter, int64_t amount)>;

// Reads counters and takes back what was recorded after the cut. Every
// figure of the ledger is read through it, so every figure is as exact.
class PeriodCounter {
 public:
  PeriodCounter(storage::EventStore& store, const PeriodQuery& query, uint64_t cut,
                size_t page_size, CounterSink sink)
      : store_(store),
        query_(query),
        cut_(cut),
        page_size_(std::max<size_t>(page_size, 1)),
        sink_(std::move(sink)) {}

  // Adds every counter of `measure` in the query's scope dated on or before
  // the last day; from the first day only when `from_first_day`.
  absl::Status ReadMeasure(Measure measure, bool from_first_day) {
    const bool forbund = query_.platform_id.empty();
    const std::string prefix = keys::CounterPrefix(forbund, query_.platform_id, measure);
    std::string after =
        from_first_day ? keys::CounterScanStartBefore(prefix, query_.first_day) : std::string();
    while (true) {
      TORG_ASSIGN_OR_RETURN(
          std::vector<storage::ProjectionEntry> page,
          store_.ScanProjection(kFlowLedgerProjection, prefix, after, page_size_));
      for (const storage::ProjectionEntry& entry : page) {
        const std::optional<keys::ParsedCounter> counter = keys::ParseCounterKey(entry.first);
        const std::optional<keys::CounterValue> value = keys::DecodeCounterValue(entry.second);
        if (!counter.has_value() || !value.has_value() || counter->measure != measure) {
          return absl::DataLossError("a counter of the flow ledger is corrupt");
        }
        if (counter->day > query_.last_day) return absl::OkStatus();
        sink_(*counter, value->count);
        // The value includes every change up to its last position, and none
        // after: those between the cut and it are taken back below.
        if (value->last_position > cut_) {
          changed_after_cut_[entry.first] = value->last_position;
          latest_change_ = std::max(latest_change_, value->last_position);
        }
      }
      if (page.size() < page_size_) return absl::OkStatus();
      after = page.back().first;
    }
  }

  absl::Status TakeBackChangesAfterCut() {
    if (changed_after_cut_.empty()) return absl::OkStatus();
    std::string after = keys::UndoKey(cut_);
    while (true) {
      TORG_ASSIGN_OR_RETURN(
          std::vector<storage::ProjectionEntry> page,
          store_.ScanProjection(kFlowLedgerProjection, keys::UndoPrefix(), after, page_size_));
      for (const storage::ProjectionEntry& entry : page) {
        const std::optional<uint64_t> position = keys::ParseUndoKey(entry.first);
        v1::FlowLedgerUndoRecord undo;
        if (!position.has_value() || !undo.ParseFromString(entry.second)) {
          return absl::DataLossError("an undo entry of the flow ledger is corrupt");
        }
        if (*position > latest_change_) return absl::OkStatus();
        for (const v1::FlowLedgerIncrement& increment : undo.increments()) {
          auto read = changed_after_cut_.find(increment.counter_key());
          if (read == changed_after_cut_.end() || *position > read->second) continue;
          const std::optional<keys::ParsedCounter> counter =
              keys::ParseCounterKey(increment.counter_key());
          if (!counter.has_value()) {
            return absl::DataLossError("an undo entry of the flow ledger is corrupt");
          }
          sink_(*counter, -increment.delta());
        }
      }
      if (page.size() < page_size_) return absl::OkStatus();
      after = page.back().first;
    }
  }

 private:
  storage::EventStore& store_;
  const PeriodQuery& query_;
  const uint64_t cut_;
  const size_t page_size_;
  const CounterSink sink_;
  // Counters read whose value includes changes after the cut, with the
  // position of their last change.
  absl::flat_hash_map<std::string, uint64_t> changed_after_cut_;
  uint64_t latest_change_ = 0;
};

}  // namespace

absl::StatusOr<PeriodCounts> ReadPeriodCounts(storage::EventStore& store, const PeriodQuery& query,
                                              size_t page_size) {
  TORG_RETURN_IF_ERROR(CheckPeriodQuery(query));
  TORG_ASSIGN_OR_RETURN(const uint64_t last_position, store.LastPosition());
  TORG_ASSIGN_OR_RETURN(const uint64_t cut, LedgerCutPosition(store, query, last_position));

  TORG_ASSIGN_OR_RETURN(const absl::CivilDay last_study_day, LastStudiedDay(store, cut));

  PeriodCounts counts;
  counts.log_position = cut;
  PeriodCounter counter(store, query, cut, page_size,
                        [&](const keys::ParsedCounter& parsed, int64_t amount) {
                          AddCounterToFigures(parsed, amount, query, last_study_day, counts);
                        });
  // Stays count from the start of the log (a stay that began years ago can
  // be active now); referral figures only within the period.
  TORG_RETURN_IF_ERROR(counter.ReadMeasure(Measure::kEnterEnrolled, false));
  TORG_RETURN_IF_ERROR(counter.ReadMeasure(Measure::kLeaveClosed, false));
  if (!query.platform_id.empty()) {
    TORG_RETURN_IF_ERROR(counter.ReadMeasure(Measure::kEnterMovedIn, false));
    TORG_RETURN_IF_ERROR(counter.ReadMeasure(Measure::kLeaveMovedOut, false));
  }
  for (Measure measure : {Measure::kReferralReceived, Measure::kDecisionAccepted,
                          Measure::kDecisionDirected, Measure::kDecisionDeclined}) {
    TORG_RETURN_IF_ERROR(counter.ReadMeasure(measure, true));
  }
  // Marked days, like stays, from the start of the log.
  for (Measure measure : {Measure::kFlaggedFrom, Measure::kFlaggedUntil, Measure::kFlaggedGap,
                          Measure::kStudiesFrom, Measure::kStudiesUntil, Measure::kStudiesGap}) {
    TORG_RETURN_IF_ERROR(counter.ReadMeasure(measure, false));
  }
  TORG_RETURN_IF_ERROR(counter.TakeBackChangesAfterCut());
  DropZeroCells(counts.flagged);
  DropZeroCells(counts.with_study_activity);
  DropZeroCells(counts.active);
  DropZeroCells(counts.enrolled);
  DropZeroCells(counts.ongoing_at_end);
  DropZeroCells(counts.moved_in);
  DropZeroCells(counts.moved_out);
  DropZeroCells(counts.closed);
  DropZeroCells(counts.closed_by_cell);
  DropZeroCells(counts.referrals_received);
  DropZeroCells(counts.accepted);
  DropZeroCells(counts.directed);
  DropZeroCells(counts.declined);
  return counts;
}

int64_t NearestRankPercentile(const DurationHistogram& histogram, int percent) {
  int64_t total = 0;
  for (const auto& [days, count] : histogram) total += count;
  if (total <= 0) return 0;
  // The smallest d with at least percent% of the durations at most d:
  // cumulative / total >= percent / 100, in integers.
  int64_t cumulative = 0;
  for (const auto& [days, count] : histogram) {
    cumulative += count;
    if (cumulative * 100 >= static_cast<int64_t>(percent) * total) return days;
  }
  return histogram.rbegin()->first;
}

absl::StatusOr<LeadTimeCounts> ReadLeadTimes(storage::EventStore& store, const PeriodQuery& query,
                                             size_t page_size) {
  TORG_RETURN_IF_ERROR(CheckPeriodQuery(query));
  TORG_ASSIGN_OR_RETURN(const uint64_t last_position, store.LastPosition());
  TORG_ASSIGN_OR_RETURN(const uint64_t cut, LedgerCutPosition(store, query, last_position));
  LeadTimeCounts counts;
  counts.log_position = cut;
  PeriodCounter counter(store, query, cut, page_size,
                        [&](const keys::ParsedCounter& parsed, int64_t amount) {
                          if (parsed.day < query.first_day || parsed.day > query.last_day) return;
                          DurationHistogram* histogram = nullptr;
                          switch (parsed.measure) {
                            case Measure::kLeadReferralToDecision:
                              histogram = &counts.referral_to_decision;
                              break;
                            case Measure::kLeadDecisionToAssessment:
                              histogram = &counts.decision_to_assessment;
                              break;
                            case Measure::kLeadAssessment:
                              histogram = &counts.assessment;
                              break;
                            case Measure::kLeadEnrolmentToClosure:
                              histogram = &counts.enrolment_to_closure;
                              break;
                            default:
                              return;
                          }
                          (*histogram)[parsed.cell.days] += amount;
                        });
  // Each lead time counts in the period of its second step: only its days.
  for (Measure measure : {Measure::kLeadReferralToDecision, Measure::kLeadDecisionToAssessment,
                          Measure::kLeadAssessment, Measure::kLeadEnrolmentToClosure}) {
    TORG_RETURN_IF_ERROR(counter.ReadMeasure(measure, true));
  }
  TORG_RETURN_IF_ERROR(counter.TakeBackChangesAfterCut());
  DropZeroCells(counts.referral_to_decision);
  DropZeroCells(counts.decision_to_assessment);
  DropZeroCells(counts.assessment);
  DropZeroCells(counts.enrolment_to_closure);
  return counts;
}

absl::StatusOr<HandoverFlowCounts> ReadHandoverFlows(storage::EventStore& store,
                                                     const PeriodQuery& query, size_t page_size) {
  TORG_RETURN_IF_ERROR(CheckPeriodQuery(query));
  TORG_ASSIGN_OR_RETURN(const uint64_t last_position, store.LastPosition());
  TORG_ASSIGN_OR_RETURN(const uint64_t cut, LedgerCutPosition(store, query, last_position));
  HandoverFlowCounts counts;
  counts.log_position = cut;
  PeriodCounter counter(
      store, query, cut, page_size, [&](const keys::ParsedCounter& parsed, int64_t amount) {
        if (parsed.day > query.last_day) return;
        const bool in_period = parsed.day >= query.first_day;
        const HandoverFlowKey flow{parsed.cell.kind, parsed.cell.from, parsed.cell.to};
        switch (parsed.measure) {
          case Measure::kHandoverAccepted:
            if (in_period) counts.accepted[flow] += amount;
            break;
          case Measure::kHandoverRejected:
            if (in_period) counts.rejected[flow] += amount;
            break;
          case Measure::kHandoverWaiting:
            if (in_period) counts.waiting[flow][parsed.cell.days] += amount;
            break;
          case Measure::kDeviationOpened:
            // Open at the end: opened on or before last_day, minus resolved
            // on or before it, from the start of the log.
            counts.deviations_open_at_end += amount;
            break;
          case Measure::kDeviationResolved:
            counts.deviations_open_at_end -= amount;
            break;
          default:
            break;
        }
      });
  for (Measure measure :
       {Measure::kHandoverAccepted, Measure::kHandoverRejected, Measure::kHandoverWaiting}) {
    TORG_RETURN_IF_ERROR(counter.ReadMeasure(measure, true));
  }
  TORG_RETURN_IF_ERROR(counter.ReadMeasure(Measure::kDeviationOpened, false));
  TORG_RETURN_IF_ERROR(counter.ReadMeasure(Measure::kDeviationResolved, false));
  TORG_RETURN_IF_ERROR(counter.TakeBackChangesAfterCut());
  DropZeroCells(counts.accepted);
  DropZeroCells(counts.rejected);
  for (auto& [flow, histogram] : counts.waiting) DropZeroCells(histogram);
  for (auto it = counts.waiting.begin(); it != counts.waiting.end();) {
    it = it->second.empty() ? counts.waiting.erase(it) : std::next(it);
  }
  return counts;
}

absl::StatusOr<uint64_t> CutPositionAsOf(storage::EventStore& store,
                                         std::optional<uint64_t> as_of_position,
                                         std::optional<absl::CivilDay> as_of_recorded_day) {
  TORG_RETURN_IF_ERROR(CheckAsOf(as_of_position, as_of_recorded_day));
  TORG_ASSIGN_OR_RETURN(const uint64_t last_position, store.LastPosition());
  return CutAt(store, as_of_position, as_of_recorded_day, last_position);
}

}  // namespace torg::flowledger
