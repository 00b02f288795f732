#ifndef TORG_SERVICES_FLOWLEDGER_FLOW_LEDGER_READER_H_
#define TORG_SERVICES_FLOWLEDGER_FLOW_LEDGER_READER_H_

// The figures of one period, read from the flow ledger (the projection
// "flow_ledger", flow_ledger_projection.h), exactly as the definitions of
// proto/torg/v1/flow_service.proto count them, before any suppression. Never
// replays events: the store must have FlowLedgerProjection registered.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "storage/event_store.h"
#include "torg/v1/case_events.pb.h"
#include "torg/v1/types.pb.h"

namespace torg::flowledger {

// Which figures, and where the log is cut.
struct PeriodQuery {
  // The platform; empty for the whole förbund. An unknown platform has no
  // stays and gives zeros: the service checks platforms against configuration.
  std::string platform_id;
  // The period, both days included.
  absl::CivilDay first_day;
  absl::CivilDay last_day;
  // At most one of these two; neither cuts at the last committed position.
  // Counts the steps recorded at or before this position (1 to the last).
  std::optional<uint64_t> as_of_position;
  // Counts the steps recorded before midnight at the end of this day,
  // Swedish time.
  std::optional<absl::CivilDay> as_of_recorded_day;
};

// The splits of a stay: fixed when the case was referred.
struct StayCell {
  v1::Gender gender = v1::GENDER_UNSPECIFIED;
  // "16-19", "20-24", "25-29", "30-39", "40-49", "50-64" or "other".
  std::string age_band;
  // The kommun code as registered.
  std::string kommun;
  // The referring party's id, or "self".
  std::string referrer;

  friend bool operator<(const StayCell& a, const StayCell& b) {
    return std::tie(a.gender, a.age_band, a.kommun, a.referrer) <
           std::tie(b.gender, b.age_band, b.kommun, b.referrer);
  }
  friend bool operator==(const StayCell& a, const StayCell& b) {
    return std::tie(a.gender, a.age_band, a.kommun, a.referrer) ==
           std::tie(b.gender, b.age_band, b.kommun, b.referrer);
  }
};

// The figures of a period, by cell. Cells with a count of zero are left out.
// For every cell: active = ongoing_at_end + closed_by_cell + moved_out.
// A förbund report has no moved_in or moved_out.
struct PeriodCounts {
  // The log position the figures were cut at: asking again as of this
  // position gives the same figures. 0 when nothing was recorded by then.
  uint64_t log_position = 0;
  // Stays (förbund: cases) active in the period.
  std::map<StayCell, int64_t> active;
  // Enrolled in the period (platform: on this platform); not those moved in.
  std::map<StayCell, int64_t> enrolled;
  // Active and not ended on or before last_day.
  std::map<StayCell, int64_t> ongoing_at_end;
  // Stays that began / ended in the period by an accepted platform handover.
  std::map<StayCell, int64_t> moved_in;
  std::map<StayCell, int64_t> moved_out;
  // Closed in the period, by outcome and gender ...
  std::map<std::pair<v1::ClosureOutcome, v1::Gender>, int64_t> closed;
  // ... and the same cases by the splits of their stay.
  std::map<StayCell, int64_t> closed_by_cell;
  // Referrals received in the period (on their referral date), and the
  // beredningsgrupp's decisions taken in it, at the platform referred to.
  std::map<v1::Gender, int64_t> referrals_received;
  std::map<v1::Gender, int64_t> accepted;
  std::map<v1::Gender, int64_t> directed;
  std::map<v1::Gender, int64_t> declined;
  // Active stays flagged in the period (flow_service.proto, "Flagged"), by
  // flag and gender. Each is at most the active stays of that gender.
  std::map<std::pair<v1::CaseFlag, v1::Gender>, int64_t> flagged;
  // Active stays with a study activity in the period, up to the day the
  // cut's event was recorded, by gender.
  std::map<v1::Gender, int64_t> with_study_activity;
};

// Where a read as of `as_of_position` or the end of `as_of_recorded_day`
// (at most one; neither: now) cuts the log, as every report here cuts it:
// at that position, or just before the first event recorded on a later
// Swedish day; never past the last committed position, which it reads
// first. For other read models that follow the same log (the SUS export).
// INVALID_ARGUMENT for both given, a position of 0 or past the last
// committed one, or a day without a four-digit year; the store's errors
// (NOT_FOUND when a day is given and the flow ledger is not registered).
absl::StatusOr<uint64_t> CutPositionAsOf(storage::EventStore& store,
                                         std::optional<uint64_t> as_of_position,
                                         std::optional<absl::CivilDay> as_of_recorded_day);

// How many counters one ScanProjection call reads.
inline constexpr size_t kFlowLedgerPageSize = 4096;

// The figures of `query`. Reads the last committed position first and counts
// nothing recorded after it (nor after the as-of cut), even when appends
// commit while it reads. Errors:
//   INVALID_ARGUMENT  last_day before first_day, a period longer than ten
//                     years (last_day on or after first_day + 10 years), a
//                     day outside the years 0-9999, both as-of forms given,
//                     an as_of_position of 0 or past the last committed one.
//   DATA_LOSS         a ledger key or value that does not decode.
//   the store's errors, unchanged (NOT_FOUND: the projection is not registered).
// `page_size` (at least 1) bounds each ScanProjection call; tests make it small.
absl::StatusOr<PeriodCounts> ReadPeriodCounts(storage::EventStore& store, const PeriodQuery& query,
                                              size_t page_size = kFlowLedgerPageSize);

// A distribution of durations: days -> how many. Days with none are left out.
using DurationHistogram = std::map<int64_t, int64_t>;

// The nearest-rank `percent`-th percentile (1 to 100) of `histogram`: the
// smallest duration d such that at least percent% of the durations are at
// most d. 0 for an empty histogram.
int64_t NearestRankPercentile(const DurationHistogram& histogram, int percent);

// The four lead times of the definitions, each a histogram of the durations
// whose second step falls in the period, on the platform of that step
// (förbund: all).
struct LeadTimeCounts {
  // As PeriodCounts::log_position.
  uint64_t log_position = 0;
  // Referral date to the beredningsgrupp's (first) decision.
  DurationHistogram referral_to_decision;
  // Acceptance (enrolment) to the start of the joint assessment.
  DurationHistogram decision_to_assessment;
  // The assessment's start to its completion.
  DurationHistogram assessment;
  // Enrolment to closure (on the platform closed on).
  DurationHistogram enrolment_to_closure;
};

// Where a handover took a case: (kind, from, to). PLATFORM: platform ids;
// CASE_OWNER and ORDINARY_SERVICES: the case owner's party to the target
// party (from is empty when the case had no owner's party).
struct HandoverFlowKey {
  v1::HandoverKind kind = v1::HANDOVER_KIND_UNSPECIFIED;
  std::string from;
  std::string to;

  friend bool operator<(const HandoverFlowKey& a, const HandoverFlowKey& b) {
    return std::tie(a.kind, a.from, a.to) < std::tie(b.kind, b.from, b.to);
  }
  friend bool operator==(const HandoverFlowKey& a, const HandoverFlowKey& b) {
    return std::tie(a.kind, a.from, a.to) == std::tie(b.kind, b.from, b.to);
  }
};

// The handovers answered in the period, by flow (flows with none left out).
// A platform's counts are the handovers out of and into it (PLATFORM) and
// those of the cases on it (the other kinds). For every flow the waiting
// histogram holds one duration per accepted handover.
struct HandoverFlowCounts {
  // As PeriodCounts::log_position.
  uint64_t log_position = 0;
  std::map<HandoverFlowKey, int64_t> accepted;
  std::map<HandoverFlowKey, int64_t> rejected;
  // Proposal to acceptance, days, of the accepted ones.
  std::map<HandoverFlowKey, DurationHistogram> waiting;
  // Deviations opened (handovers rejected) on or before last_day and not
  // resolved on or before last_day, in the same scope.
  int64_t deviations_open_at_end = 0;
};

// The lead times of `query`; reads, cuts and fails exactly as
// ReadPeriodCounts.
absl::StatusOr<LeadTimeCounts> ReadLeadTimes(storage::EventStore& store, const PeriodQuery& query,
                                             size_t page_size = kFlowLedgerPageSize);

// The handover flows of `query`; reads, cuts and fails exactly as
// ReadPeriodCounts.
absl::StatusOr<HandoverFlowCounts> ReadHandoverFlows(storage::EventStore& store,
                                                     const PeriodQuery& query,
                                                     size_t page_size = kFlowLedgerPageSize);

}  // namespace torg::flowledger

#endif  // TORG_SERVICES_FLOWLEDGER_FLOW_LEDGER_READER_H_
