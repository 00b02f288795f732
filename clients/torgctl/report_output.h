#ifndef TORG_CLIENTS_TORGCTL_REPORT_OUTPUT_H_
#define TORG_CLIENTS_TORGCTL_REPORT_OUTPUT_H_

// How torgctl shows the steering figures of a period: in Swedish, as the
// steering groups read them.

#include <string>

#include "torg/v1/flow_service.pb.h"
#include "torg/v1/types.pb.h"

namespace torg::torgctl {

// A count as a table shows it: its value, or ".." when suppressed (the
// Swedish statistics convention for a withheld figure).
std::string CountText(const torg::v1::Count& count);

// A share as a table shows it: the percent with one decimal and a decimal
// comma ("37,5 %"), ".." when withheld, "–" when nobody was active.
std::string ShareText(const torg::v1::Share& share);

// The Swedish name of an outcome category ("Arbete", "Studier", "Annan
// behovsanpassad lösning", "Övriga avslut"), and of an outcome. Values this
// torgctl does not know are shown by their enum name.
std::string OutcomeCategoryLabel(torg::v1::OutcomeCategory category);
std::string ClosureOutcomeLabel(torg::v1::ClosureOutcome outcome);

// The report as text a person reads:
// - a heading: the platform (or "hela förbundet"), the period and the log
//   position it was cut at, and, when counts were suppressed, a line saying
//   which;
// - a table with the columns Kvinnor, Män, Annat, Totalt and the rows
//   Aktiva, Nya (inskrivna), Pågående vid periodens slut, Avslutade, then
//   each outcome category with its outcomes (every one, 0 when none),
//   Inflyttade and Utflyttade (platform reports only), and the referral
//   decisions: Aktualiseringar, Antagna, Hänvisade, Avböjda; then the
//   active flagged with each flag ("Aktiva med våld i nära relation",
//   "Aktiva med riskbruk/missbruk"; a flag of a newer server by its enum
//   name), the active with a study activity
//   ("Aktiva med studieinsats") and their share ("Andel med studieinsats"),
//   when the server reports them;
// - the active cases by age band, kommun and referring party ("self" as
//   "egen aktualisering"), a table each.
// Numbers are right-aligned.
std::string RenderPeriodReport(const torg::v1::GetPeriodReportResponse& report);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_REPORT_OUTPUT_H_
