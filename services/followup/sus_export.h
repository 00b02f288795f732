#ifndef TORG_SERVICES_FOLLOWUP_SUS_EXPORT_H_
#define TORG_SERVICES_FOLLOWUP_SUS_EXPORT_H_

// The SUS export's rules, in plain C++: which stays become rows, what each
// column holds, what is listed in the validation report instead, the CSV,
// and the correction between two exports. The format is documented in
// proto/torg/v1/export_service.proto. No gRPC, no store.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "torg/v1/export_service.pb.h"
#include "torg/v1/forbund_config.pb.h"
#include "torg/v1/sus_ledger_records.pb.h"

namespace torg::followup {

// The personnummer of a stay's participant, opened from their sealed
// identity; nullopt when it can no longer be opened (their key is gone).
using PersonnummerOpener =
    std::function<absl::StatusOr<std::optional<std::string>>(const v1::SusStayVersion&)>;

struct SusPeriod {
  absl::CivilDay first_day;
  absl::CivilDay last_day;
};

// One CSV row: its fields in column order, and whom it names (for the audit).
struct SusRow {
  std::string stay_id;
  std::string participant_id;
  std::string case_id;
  std::vector<std::string> fields;
};

struct SusExportContent {
  // Sorted by start date, then stay id.
  std::vector<SusRow> rows;
  v1::SusValidationReport validation;
};

// The CSV's column names, in order.
const std::vector<std::string>& SusColumns();

// The rows and the validation report for `stays` (as ReadSusStays gives
// them) in `period`. FAILED_PRECONDITION when `rules` has no code for a value
// a row needs (the message names the value and the list), or when there are
// no rules at all (`rules` nullptr); the opener's errors.
absl::StatusOr<SusExportContent> BuildSusExport(const std::vector<v1::SusStayVersion>& stays,
                                                const SusPeriod& period,
                                                const v1::SusExportRules* rules,
                                                const PersonnummerOpener& open_personnummer);

// The whole CSV: the header, then every row, each line ending in CRLF.
std::string RenderSusCsv(const std::vector<SusRow>& rows);

// The correction from `old_rows` to `new_rows`, matched by stay id: added,
// changed (fields differ) and withdrawn rows, in stay-id order.
std::vector<v1::SusRowChange> DiffSusRows(const std::vector<SusRow>& old_rows,
                                          const std::vector<SusRow>& new_rows);

// The correction as CSV: "ändring" (ny, ändrad, återkallad), then the
// export's columns.
std::string RenderSusCorrectionCsv(const std::vector<v1::SusRowChange>& changes);

}  // namespace torg::followup

#endif  // TORG_SERVICES_FOLLOWUP_SUS_EXPORT_H_
