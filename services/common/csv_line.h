#ifndef TORG_SERVICES_COMMON_CSV_LINE_H_
#define TORG_SERVICES_COMMON_CSV_LINE_H_

// The CSV that Swedish Excel opens as it is: ';' between fields (',' is the
// decimal separator there), UTF-8 announced by a byte-order mark. One writer
// for every file Torg produces (the SUS export, the board report, torgctl's
// import report), so they quote alike.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace torg::common {

// Starts a UTF-8 file so that Excel reads å, ä and ö right.
inline constexpr absl::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

// `text` as one field: as it is, or, when it holds ';', '"', CR or LF,
// enclosed in '"' with every '"' doubled (RFC 4180 with ';').
std::string CsvField(absl::string_view text);

// The fields, each as CsvField, joined by ';'; no line end.
std::string CsvLine(const std::vector<std::string>& fields);

}  // namespace torg::common

#endif  // TORG_SERVICES_COMMON_CSV_LINE_H_
