#ifndef TORG_TESTS_FLOWS_ZIP_ENTRIES_H_
#define TORG_TESTS_FLOWS_ZIP_ENTRIES_H_

// Reads the files of a zip archive (an .xlsx workbook) in a test, with zlib
// alone: the central directory names each entry and where its data is, and
// a deflated entry is inflated raw. No zip library is needed (gRPC and
// protobuf already bring zlib). Supports what libxlsxwriter writes: stored
// and deflated entries, no zip64, no encryption. Nothing here throws: a
// malformed archive or sheet is an error status, so a test fails on it
// instead of aborting.

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace torg::flows_test {

// Every entry of the archive `zip`, by name, uncompressed. INVALID_ARGUMENT
// when `zip` is not such an archive: no end-of-central-directory record
// (looked for backwards from the end, and taken only where its comment runs
// exactly to the end of `zip`), a directory or header out of bounds, a name
// that occurs twice, an entry that does not inflate to its recorded size or
// whose CRC-32 (zlib's crc32) differs from the recorded one, a compression
// method other than stored or deflated.
absl::StatusOr<std::map<std::string, std::string>> ZipEntries(absl::string_view zip);

// The cells of a worksheet's XML (xl/worksheets/sheetN.xml) by reference
// ("A1"), each as its text: a shared string resolved through
// `shared_strings_xml` (xl/sharedStrings.xml), an inline string, or a
// number's <v> as written ("11"). Cells without a value are left out.
// INVALID_ARGUMENT for a cell without a reference, or a shared-string index
// that is not a number or not in `shared_strings_xml`.
absl::StatusOr<std::map<std::string, std::string>> ReadSheetCells(
    const std::string& sheet_xml, const std::string& shared_strings_xml);

}  // namespace torg::flows_test

#endif  // TORG_TESTS_FLOWS_ZIP_ENTRIES_H_
