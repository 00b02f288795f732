#include "services/common/csv_line.h"

namespace torg::common {

std::string CsvField(absl::string_view text) {
  if (text.find_first_of(";\"\r\n") == absl::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

std::string CsvLine(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line.push_back(';');
    line += CsvField(fields[i]);
  }
  return line;
}

}  // namespace torg::common
