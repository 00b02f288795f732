#ifndef TORG_SERVICES_FLOWLEDGER_FLOW_LEDGER_KEYS_H_
#define TORG_SERVICES_FLOWLEDGER_FLOW_LEDGER_KEYS_H_

// Every key of the projection "flow_ledger", in one place. Keys are private
// to the projection (the store prefixes them with its name) and are on-disk
// format: changing an encoding orphans what was written with the old one.
//
// Encoding. A key is a tag, then components (id, day, two digits and
// position are services/common/ordered_key.h's, shared with
// services/caseindex/index_keys.h):
//   tag      lowercase ASCII ending in '/'; no tag is a prefix of another.
//   id       any bytes, escaped: 0x00 becomes 0x00 0xFF, then 0x00 0x01 ends
//            it (AppendOrderedId): byte order of escaped ids is the byte
//            order of the ids, none is a prefix of another.
//   scope    'f' for the whole förbund, or 'p' id(platform): no platform id,
//            not even an empty one, encodes as the förbund scope.
//   measure  two ASCII digits: the Measure number.
//   day      eight ASCII digits YYYYMMDD, so byte order is date order.
//   gender   two ASCII digits: the torg.v1.Gender number.
//   outcome  two ASCII digits: the torg.v1.ClosureOutcome number.
//   position twenty ASCII digits, so byte order is log order.
//
//   "participant/" id(participant)   -> torg.v1.FlowLedgerParticipantRecord
//   "case/" id(case)                 -> torg.v1.FlowLedgerCaseRecord
//   "counter/" scope measure day cell -> CounterValue (EncodeCounterValue)
//       cell, by measure:
//         ENTER_*, LEAVE_MOVED_OUT   gender id(age band) id(kommun) id(referrer)
//         LEAVE_CLOSED               the same, then outcome
//         REFERRAL_*, DECISION_*     gender
//         LEAD_*                     id(days, decimal)
//         HANDOVER_ACCEPTED/REJECTED kind id(from) id(to)
//         HANDOVER_WAITING           kind id(from) id(to) id(days, decimal)
//         DEVIATION_*                kind
//         FLAGGED_FROM/UNTIL         flag gender id(case)
//         FLAGGED_GAP                flag gender day(before_gap) id(case)
//         STUDIES_FROM/UNTIL         00 gender
//         STUDIES_GAP                00 gender day(before_gap)
//       flag: two ASCII digits, the torg.v1.CaseFlag number. A flagged
//       counter is one case's own (its count 0 or 1): an erasure deletes the
//       erased participant's, leaving no counter whose value or last
//       position tells of their flags (FlowLedgerProjection).
//       kind: two ASCII digits, the torg.v1.HandoverKind number. Days are
//       ids, not fixed-width numbers: readers merge them into histograms, so
//       their byte order does not matter, and a negative duration (steps
//       dated out of order) still encodes.
//   "undo/" position                 -> torg.v1.FlowLedgerUndoRecord: what the
//       event at that position added to the counters (absent: nothing)
//   "recorded-day/" day              -> position (twenty digits): the first
//       event recorded on that day, Swedish time

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "torg/v1/case_events.pb.h"
#include "torg/v1/types.pb.h"

namespace torg::flowledger::keys {

// What a counter counts. The numbers are on-disk format: never renumbered.
enum class Measure : int {
  // A stay began: the case was enrolled on the platform (also förbund scope).
  kEnterEnrolled = 1,
  // A stay began: an accepted platform handover brought the case (platform scope).
  kEnterMovedIn = 2,
  // A stay ended: the case was closed (platform and förbund scope).
  kLeaveClosed = 3,
  // A stay ended: an accepted platform handover took the case away (platform scope).
  kLeaveMovedOut = 4,
  // A referral was received (on its referral date).
  kReferralReceived = 5,
  // The beredningsgrupp accepted a referral.
  kDecisionAccepted = 6,
  // The beredningsgrupp directed a referral to another platform.
  kDecisionDirected = 7,
  // The beredningsgrupp declined a referral.
  kDecisionDeclined = 8,
  // Lead times, in days, counted on the day of their second step (at the
  // platform of that step and the förbund): referral to decision, acceptance
  // to assessment start, assessment start to completion, enrolment to closure.
  kLeadReferralToDecision = 9,
  kLeadDecisionToAssessment = 10,
  kLeadAssessment = 11,
  kLeadEnrolmentToClosure = 12,
  // A handover was accepted / rejected (on the answer's date), by flow.
  kHandoverAccepted = 13,
  kHandoverRejected = 14,
  // The waiting time (proposal to acceptance, days) of an accepted handover.
  kHandoverWaiting = 15,
  // A deviation was opened (a handover rejected) / resolved.
  kDeviationOpened = 16,
  kDeviationResolved = 17,
  // The days of a stay on which its case carried a flag (FLAGGED_*, by
  // flag) or had a study activity (STUDIES_*), as runs of consecutive days:
  // each run's first day (*_FROM) and last day (*_UNTIL, absent while it
  // goes on), and each gap between two runs of one stay (*_GAP, counted on
  // the first day after the gap, with the last day before it in the cell).
  // A period meets n runs of a stay and holds g gaps with a run meeting it
  // on both sides: the stay counts n − g = 1 time if it met any run. By
  // gender (flag: also the flag).
  kFlaggedFrom = 18,
  kFlaggedUntil = 19,
  kFlaggedGap = 20,
  kStudiesFrom = 21,
  kStudiesUntil = 22,
  kStudiesGap = 23,
};

// Whether `measure` is FLAGGED_GAP or STUDIES_GAP.
bool IsMarkGapMeasure(Measure measure);
// Whether `measure` is one of FLAGGED_* / STUDIES_*.
bool IsFlaggedMeasure(Measure measure);
bool IsStudiesMeasure(Measure measure);

// Whether `measure` is a stay's start or end (its cell is a CounterCell with
// the splits), as opposed to a referral figure (gender only).
bool IsStayMeasure(Measure measure);

// Whether `measure` counts durations: its cell's `days` is part of the key.
bool IsDurationMeasure(Measure measure);

// What a counter is split by. Referral measures use only `gender`; stay
// measures all but `outcome`, which only LEAVE_CLOSED uses. Lead times use
// only `days`; handovers `kind`, `from` and `to` (waiting also `days`);
// deviations only `kind`; flagged `flag` and `gender`, studies `gender`
// (gaps also `before_gap`).
struct CounterCell {
  v1::Gender gender = v1::GENDER_UNSPECIFIED;
  std::string age_band;
  std::string kommun;
  std::string referrer;
  v1::ClosureOutcome outcome = v1::CLOSURE_OUTCOME_UNSPECIFIED;
  int64_t days = 0;
  v1::HandoverKind kind = v1::HANDOVER_KIND_UNSPECIFIED;
  std::string from;
  std::string to;
  v1::CaseFlag flag = v1::CASE_FLAG_UNSPECIFIED;
  // FLAGGED_GAP and STUDIES_GAP: the last day of the run before the gap.
  absl::CivilDay before_gap;
  // FLAGGED_*: the case whose counter it is (not empty).
  std::string case_id;
};

// The age band of an age in whole years: "16-19", "20-24", "25-29", "30-39",
// "40-49", "50-64", or "other" outside 16-64.
std::string AgeBand(int age);

// Whether `day` has a four-digit year (0 to 9999), so that it encodes in
// eight digits.
bool EncodableDay(absl::CivilDay day);

// --- Records -------------------------------------------------------------------

std::string ParticipantKey(absl::string_view participant_id);
std::string CaseKey(absl::string_view case_id);

// --- Counters --------------------------------------------------------------------

// The counter of `measure` on `day` for `cell` in a platform's scope, or the
// förbund's when `forbund` (then `platform_id` is ignored). `day` must be
// encodable.
std::string CounterKey(bool forbund, absl::string_view platform_id, Measure measure,
                       absl::CivilDay day, const CounterCell& cell);

// Every counter of one measure in one scope, in day order.
std::string CounterPrefix(bool forbund, absl::string_view platform_id, Measure measure);

// The key to scan a CounterPrefix after so that the first key returned is of
// `day` or later. `day` must be encodable.
std::string CounterScanStartBefore(absl::string_view counter_prefix, absl::CivilDay day);

// What a counter key says.
struct ParsedCounter {
  bool forbund = false;
  std::string platform_id;
  Measure measure = Measure::kEnterEnrolled;
  absl::CivilDay day;
  CounterCell cell;
};

// Parses a key made by CounterKey; nullopt if it is not one.
std::optional<ParsedCounter> ParseCounterKey(absl::string_view key);

// A counter's value: the count, and the position of the last event that
// changed it. The position lets a reader that raced an append tell, per
// counter, which of the newer undo entries its value already includes.
struct CounterValue {
  int64_t count = 0;
  uint64_t last_position = 0;
};

// Two varints: count (zigzag) and last_position.
std::string EncodeCounterValue(const CounterValue& value);
// nullopt if `bytes` was not made by EncodeCounterValue.
std::optional<CounterValue> DecodeCounterValue(absl::string_view bytes);

// --- Undo log ---------------------------------------------------------------------

std::string UndoPrefix();
// The undo entry of the event at `position`; keys sort by position.
std::string UndoKey(uint64_t position);
// The position of an undo key; nullopt if it is not one.
std::optional<uint64_t> ParseUndoKey(absl::string_view key);

// --- Recorded days -------------------------------------------------------------------

std::string RecordedDayPrefix();
// The entry of events recorded on `day` (Swedish time). `day` must be encodable.
std::string RecordedDayKey(absl::CivilDay day);
// The value of a recorded-day entry.
std::string EncodePosition(uint64_t position);
// nullopt if `bytes` was not made by EncodePosition.
std::optional<uint64_t> DecodePosition(absl::string_view bytes);

}  // namespace torg::flowledger::keys

#endif  // TORG_SERVICES_FLOWLEDGER_FLOW_LEDGER_KEYS_H_
