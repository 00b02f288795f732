#ifndef TORG_SERVICES_FLOWS_PERIOD_REPORT_H_
#define TORG_SERVICES_FLOWS_PERIOD_REPORT_H_

// The steering groups' period report, put together from the flow ledger's
// counts (flowledger::PeriodCounts), and its small cells suppressed. Plain
// C++: the gRPC adapter is flow_service.h. The definitions of every figure
// are in proto/torg/v1/flow_service.proto.

#include <cstdint>

#include "absl/status/status.h"
#include "services/flowledger/flow_ledger_reader.h"
#include "services/flows/count_table.h"
#include "torg/v1/flow_service.pb.h"

namespace torg::flows {

// The category an outcome is reported in (the prefix of its name);
// UNSPECIFIED for CLOSURE_OUTCOME_UNSPECIFIED.
v1::OutcomeCategory CategoryOf(v1::ClosureOutcome outcome);

// Zero women, men, other and total, every count present (a GenderCounts
// whose parts are unset would read as zero but print as missing).
v1::GenderCounts ZeroGenderCounts();

// The report of `query` from its `counts`, every figure exact (nothing
// suppressed; suppression_threshold 0). Splits list only rows with a case,
// age bands youngest first, then "other"; kommuner and parties in key order;
// every outcome category, and the outcomes with a case, in enum order. A
// förbund report (empty platform_id) has zero moved_in and moved_out.
v1::GetPeriodReportResponse BuildPeriodReport(const flowledger::PeriodQuery& query,
                                              const flowledger::PeriodCounts& counts);

// Suppresses the small counts of `report`, as BuildPeriodReport made it: every
// count from 1 to k−1 and, with disclosure::SuppressSmallCells, enough others
// that none of them can be worked out from the report's published counts and
// the sums the definitions promise:
//   - every GenderCounts: total = women + men + other;
//   - every split of active, enrolled and ongoing_at_end: the rows add up to
//     the figure's total, for each gender and the total;
//   - closed: outcomes add up to their category, categories to the total;
//   - active = ongoing_at_end + closed + moved_out (a platform report; the
//     förbund's has no moves), for each gender and the total;
//   - referrals.accepted = enrolled (every acceptance enrols, the same day,
//     on the platform referred to), for each gender and the total;
//   - for each flag, and for the study activity: active = with + without,
//     for each gender and the total, where "without" (active minus with) is
//     a cell of the table that is never shown, so that a small number of
//     active stays without the flag (or without studies) is protected as a
//     small count is; a flag's "without" of 0 beside a "with" above 0 is
//     hidden too.
// Then the studies' denominator is set to the suppressed active total, and
// each share withheld where its numerator or denominator is suppressed.
// A suppressed count gets value 0 and suppressed = true; the report's
// suppression_threshold is set to k. k == 1 suppresses nothing (and leaves
// the threshold 0). INVALID_ARGUMENT when k < 1, or when the report's counts
// do not add up as above (then the counts it was built from were not
// consistent; nothing is changed).
absl::Status SuppressSmallCounts(int64_t k, v1::GetPeriodReportResponse& report);

// Sets studies.active to active.total and each share of studies from it and
// with_study_activity: 100 × with / active; no_denominator when active is 0;
// withheld when either is suppressed.
void SetStudyShares(v1::GetPeriodReportResponse& report);

// The cells of a period report that other parts of a document relate to.
struct PeriodReportCells {
  GenderCells closed;
  GenderCells moved_in;
  GenderCells moved_out;
};

// Adds every count of `report` to `table` with the sums SuppressSmallCounts
// lists, for a document that protects the report together with other parts.
PeriodReportCells AddPeriodReportCells(v1::GetPeriodReportResponse& report, CountTable& table);

}  // namespace torg::flows

#endif  // TORG_SERVICES_FLOWS_PERIOD_REPORT_H_
