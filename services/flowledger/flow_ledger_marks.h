#ifndef TORG_SERVICES_FLOWLEDGER_FLOW_LEDGER_MARKS_H_
#define TORG_SERVICES_FLOWLEDGER_FLOW_LEDGER_MARKS_H_

// The days on which a case's stays carried a flag or had a study activity
// (flow_service.proto, "Flagged" and "With a study activity"), kept in the
// case's ledger record, and the counters FLAGGED_* and STUDIES_*
// (flow_ledger_keys.h) they make.
//
// Unlike the other counters these are not one count per step: a flag raised
// or withdrawn, a study activity added, ended early or cancelled, a stay
// that ends, each changes which days of which stays are marked. So the
// ledger computes, before and after every step of a case, every such counter
// the case contributes to (MarkCountersOf), and writes the difference.

#include <cstdint>
#include <map>
#include <string>

#include "torg/v1/case_events.pb.h"
#include "torg/v1/flow_ledger_records.pb.h"

namespace torg::flowledger {

// Counter key -> how much the case contributes to it.
using MarkCounters = std::map<std::string, int64_t>;

// Every FLAGGED_* and STUDIES_* counter the enrolled case `case_id`
// contributes to, for each of its stays (platform scope) and for the case as
// a whole (förbund scope); its FLAGGED_* counters are its own (their keys
// name it). Empty for a case never enrolled. A pure function of the record.
MarkCounters MarkCountersOf(const std::string& case_id, const v1::FlowLedgerCaseRecord& record);

// Whether `counter_key` is a FLAGGED_* counter's key.
bool IsFlaggedCounter(const std::string& counter_key);

// `after` − `before`, without the zeros.
MarkCounters MarkChanges(const MarkCounters& before, const MarkCounters& after);

// A stay begins on `platform_id` on `date` (enrolment, or an accepted
// handover after EndCurrentStay).
void StartStay(const std::string& platform_id, const v1::Date& date,
               v1::FlowLedgerCaseRecord& record);

// The current stay ends on `date` (closure, or an accepted handover).
void EndCurrentStay(const v1::Date& date, v1::FlowLedgerCaseRecord& record);

// The case carries exactly `flags` from `date`: a raised flag not carried
// begins a spell on `date`; a carried flag not raised ends its spell the day
// before (a spell left with no day is dropped: a flag withdrawn as of the
// day it was raised was never carried).
void SetFlags(const v1::CaseFlags& flags, const v1::Date& date, v1::FlowLedgerCaseRecord& record);

// A commitment of kind STUDIES was added; once per commitment id.
void AddStudyActivity(const v1::CommitmentAdded& added, v1::FlowLedgerCaseRecord& record);

// A study activity of the case was completed / cancelled on `date`. False
// (nothing changed) if `commitment_id` is not a study activity of the case
// or has ended already.
bool CompleteStudyActivity(const std::string& commitment_id, const v1::Date& date,
                           v1::FlowLedgerCaseRecord& record);
bool CancelStudyActivity(const std::string& commitment_id, const v1::Date& date,
                         v1::FlowLedgerCaseRecord& record);

}  // namespace torg::flowledger

#endif  // TORG_SERVICES_FLOWLEDGER_FLOW_LEDGER_MARKS_H_
