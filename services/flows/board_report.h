#ifndef TORG_SERVICES_FLOWS_BOARD_REPORT_H_
#define TORG_SERVICES_FLOWS_BOARD_REPORT_H_

// The board's half-year statistics and year-end report
// (FlowService.GetBoardReport): the board's table, the lead times and the
// handovers of one period, laid out once as a document of sections and rows
// (BoardDocument) and written from it as CSV or as an Excel workbook, so the
// two formats cannot drift apart. Plain C++: the figures come in as the
// FlowService RPCs give them (already suppressed for the caller), the gRPC
// adapter is flow_service.h. The layout is documented at
// GetBoardReportResponse in proto/torg/v1/flow_service.proto.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/flows/trend_periods.h"
#include "torg/v1/flow_service.pb.h"
#include "torg/v1/forbund_config.pb.h"

namespace torg::flows {

// The period a board report covers: the half-year or the whole `year`.
// INVALID_ARGUMENT for a year outside 1900–9999 or an UNSPECIFIED (or
// unknown) period.
absl::StatusOr<CalendarPeriod> BoardReportDays(int32_t year, v1::BoardReportPeriod period);

// OK for CSV and XLSX; INVALID_ARGUMENT otherwise.
absl::Status CheckBoardReportFormat(v1::BoardReportFormat format);

// "Halvårsstatistik, första halvåret 2026", "Halvårsstatistik, andra
// halvåret 2026" or "Årsrapport 2026".
std::string BoardReportTitle(int32_t year, v1::BoardReportPeriod period);

// An ASCII file name: "halvarsstatistik-2026H1-<platform id>.csv",
// "arsrapport-2026-forbundet.xlsx", …
std::string BoardReportFileName(const std::string& platform_id, int32_t year,
                                v1::BoardReportPeriod period, v1::BoardReportFormat format);

// The media type of `format`'s files.
std::string BoardReportMediaType(v1::BoardReportFormat format);

// What a board report shows: the three parts as the FlowService RPCs give
// them to the caller, every one cut at the same log position.
struct BoardReportContent {
  int32_t year = 0;
  v1::BoardReportPeriod period = v1::BOARD_REPORT_PERIOD_UNSPECIFIED;
  // When the newest event the report counts was recorded (none for an empty
  // log): the Swedish date under "Registrerat t.o.m." and the workbook's
  // creation time, so that the same cut always gives the same bytes, also
  // asked again much later.
  std::optional<absl::Time> cut_at;
  // The as-of date asked for, if any (heading "Läge vid dagens slut").
  std::optional<absl::CivilDay> as_of_day;
  v1::GetPeriodReportResponse period_report;
  v1::GetLeadTimesResponse lead_times;
  v1::GetHandoverFlowsResponse handovers;
};

// Protects the three parts of `content`, as the FlowService builds them
// exactly, as one document: every count from 1 to k−1 hidden and, with
// disclosure::SuppressSmallCells over one table, enough others that none can
// be worked out from anything the document publishes. The sums are each
// part's own (SuppressSmallCounts, SuppressHandoverFlows) and those that tie
// the parts together:
//   - enrolment-to-closure's count = the closed total (the cases closed in
//     the period, on the platform they were closed on);
//   - on a platform's report, moved out = Σ accepted platform handovers out
//     of the platform, moved in = Σ those into it.
// Lead-time and waiting-time statistics of fewer than k durations are
// withheld. Each part's suppression_threshold is set to k; k == 1 changes
// nothing. INVALID_ARGUMENT when k < 1 or the parts do not add up as above
// (then `content` is left as it was); RESOURCE_EXHAUSTED as
// SuppressSmallCells.
absl::Status ProtectBoardReport(int64_t k, BoardReportContent& content);

// One cell of a document row.
struct BoardCell {
  enum class Kind {
    // A row's label (first column) or a heading's text.
    kText,
    // A count or a number of days.
    kNumber,
    // A share in percent (`percent`, unrounded): one decimal in the CSV, a
    // percentage in the workbook.
    kPercent,
    // A suppressed count or withheld statistic: "..".
    kSuppressed,
    // Nothing: a statistic of no duration.
    kEmpty,
  };
  Kind kind = Kind::kEmpty;
  std::string text;
  int64_t number = 0;
  double percent = 0;
};

// One row of a section: the label first, then the figures.
struct BoardRow {
  std::vector<BoardCell> cells;
  // 0 for a main row, 1 for an outcome category, 2 for an outcome.
  int indent = 0;
  // A main row (active, new, closed, ongoing, the handovers' total): bold in
  // the workbook.
  bool emphasis = false;
};

// One part of the report: a header row and its rows.
struct BoardSection {
  std::vector<std::string> header;
  std::vector<BoardRow> rows;
};

// The whole report, format-free.
struct BoardDocument {
  std::string title;
  // Label and value lines under the title.
  std::vector<std::pair<std::string, std::string>> heading;
  // The board's table, the lead times, the handovers.
  std::vector<BoardSection> sections;
  // What ".." means, and the threshold; empty when nothing was suppressed.
  std::string footnote;
  // The förbund's name and the Swedish date of the cut (cut_at), for the
  // printed page's footer.
  std::string forbund_name;
  std::string made_on;
};

// Lays `content` out; names of platforms and parties from `config` (their ids
// where the configuration no longer has them).
BoardDocument BuildBoardDocument(const BoardReportContent& content,
                                 const v1::ForbundConfig& config);

// The CSV of `document`: UTF-8 with a byte-order mark (so that Swedish Excel
// reads å, ä and ö right), ';' between fields, CRLF after every line, an
// empty line between parts. Row labels are indented by two spaces per level.
std::string BoardReportCsv(const BoardDocument& document);

// The Excel workbook of `document` (board_report_xlsx.cc): three sheets,
// one per section ("Styrelsens tabell", "Ledtider", "Överlämningar"), each
// with the title block, a bold bordered header frozen and repeated on every
// printed page, number formats, the label column fitted to its labels, A4
// landscape fit to one page wide, the förbund and page numbers in the
// footer, and the footnote under the table. `made_at` is the workbook's
// creation time (docProps), so that the same document and `made_at` give the
// same bytes. Safe to call from many threads at once. UNAVAILABLE when the
// temporary file cannot be made, written or read back (a full disk, say);
// INTERNAL for a layout libxlsxwriter refuses.
absl::StatusOr<std::string> BoardReportXlsx(const BoardDocument& document, absl::Time made_at);

}  // namespace torg::flows

#endif  // TORG_SERVICES_FLOWS_BOARD_REPORT_H_
