#ifndef TORG_CLIENTS_TORGCTL_IMPORT_CSV_H_
#define TORG_CLIENTS_TORGCTL_IMPORT_CSV_H_

// Reading the CSV file of `torgctl import cases` into ImportService rows.
// Only the file's form is checked here (quoting, column count, a date or a
// coded value that cannot be read); every rule is the server's.
//
// The file: UTF-8, with or without a byte-order mark; lines end in LF or
// CRLF; fields separated by ';' (what a Swedish Excel writes) or ',' —
// whichever the header line uses; a field may be quoted with '"' ("" inside
// is a quote) and may then hold the separator and line breaks. The first
// line names the columns (the ImportRow field names, any order; see the
// README). Lists (income_at_start, needed_party_ids, plan_goals,
// income_at_end) are separated by '|'.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "torg/v1/import_service.pb.h"

namespace torg::torgctl {

// One record of a CSV file.
struct CsvRecord {
  // The file line the record starts on, 1 for the header.
  int line = 0;
  std::vector<std::string> fields;
};

struct CsvTable {
  // ';' or ','.
  char separator = ';';
  CsvRecord header;
  std::vector<CsvRecord> records;
};

// Parses `text`. A blank line (no characters at all) is skipped.
// INVALID_ARGUMENT for an empty file, a quote left open (naming the line it
// opened on) or a character after a closing quote other than the separator
// or the line's end.
absl::StatusOr<CsvTable> ParseCsv(absl::string_view text);

// The rows of a parsed file and the rows that could not be read.
struct CsvImportRows {
  // Rows ready to send, row_number the record's line.
  std::vector<torg::v1::ImportRow> rows;
  // REJECTED results for records that could not be read (wrong number of
  // fields, a value that does not parse), with the column in `field`.
  std::vector<torg::v1::ImportRowResult> unreadable;
};

// The columns of the header every file must have.
const std::vector<std::string>& RequiredImportColumns();

// Maps `table` to rows. INVALID_ARGUMENT, for the file as a whole, for an
// unknown, repeated or missing required column.
absl::StatusOr<CsvImportRows> ImportRowsFromCsv(const CsvTable& table);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_IMPORT_CSV_H_
