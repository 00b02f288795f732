#ifndef TORG_CLIENTS_TORGCTL_TEXT_TABLE_H_
#define TORG_CLIENTS_TORGCTL_TEXT_TABLE_H_

// Plain-text tables with aligned columns, for torgctl's table output.

#include <string>
#include <vector>

namespace torg::torgctl {

class TextTable {
 public:
  // A table whose first line is `headers`; no header line when empty.
  explicit TextTable(std::vector<std::string> headers = {});

  // Adds a row. Missing cells are empty; cells beyond the header count still
  // get columns of their own.
  void AddRow(std::vector<std::string> cells);

  // Every line ends in '\n'. Columns are separated by two spaces and padded
  // to their widest cell, counting characters rather than bytes so that
  // å, ä and ö align; the last column is not padded.
  std::string Render() const;

 private:
  std::vector<std::vector<std::string>> rows_;  // the header line first, if any
};

// The number of characters (code points) of UTF-8 `text`.
size_t DisplayWidth(const std::string& text);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_TEXT_TABLE_H_
