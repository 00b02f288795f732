#ifndef TORG_SERVICES_COMMON_LOG_H_
#define TORG_SERVICES_COMMON_LOG_H_

// One-line structured logs on stderr, in logfmt:
//   ts=2026-11-24T20:55:16.123Z level=info msg="torgd serving" listen=127.0.0.1:7070
// Each call writes exactly one line with a single write, so lines from
// concurrent threads never interleave.

#include <initializer_list>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"

namespace torg::log {

enum class Level { kDebug, kInfo, kWarning, kError };

// A key and its already formatted value. Values are quoted when needed.
using Field = std::pair<absl::string_view, std::string>;

// Lines below this level are dropped. Defaults to kInfo.
void SetMinLevel(Level level);

void Write(Level level, absl::string_view message, std::initializer_list<Field> fields = {});

inline void Debug(absl::string_view message, std::initializer_list<Field> fields = {}) {
  Write(Level::kDebug, message, fields);
}
inline void Info(absl::string_view message, std::initializer_list<Field> fields = {}) {
  Write(Level::kInfo, message, fields);
}
inline void Warning(absl::string_view message, std::initializer_list<Field> fields = {}) {
  Write(Level::kWarning, message, fields);
}
inline void Error(absl::string_view message, std::initializer_list<Field> fields = {}) {
  Write(Level::kError, message, fields);
}

// Formats one line without the trailing newline; exposed for tests.
std::string FormatLine(absl::string_view timestamp, Level level, absl::string_view message,
                       std::initializer_list<Field> fields);

}  // namespace torg::log

#endif  // TORG_SERVICES_COMMON_LOG_H_
