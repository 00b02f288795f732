// The board report as an Excel workbook (BoardReportXlsx in
// services/flows/board_report.h, written through services/flows/
// xlsx_workbook.h), without a server: a BoardDocument built by hand, so every
// expected cell, row number and sheet name below is worked out from it, not
// from the code under test. The sheets, their print setup and footer, the
// same bytes for the same input (also from two threads at once), the
// temporary files, and the zip reader the tests use (tests/flows/
// zip_entries.h).
//
// Every test runs with TMPDIR pointing at a fresh directory of its own, so
// it can see exactly which temporary files the workbooks leave.

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/flows/board_report.h"
#include "services/flows/xlsx_workbook.h"
#include "tests/flows/zip_entries.h"
#include "tests/support/status_matchers.h"

namespace torg::flows {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using ::torg::testing::StatusIs;

// 2026-07-15 10:06:40 UTC, the day the fixture was made.
constexpr int64_t kXlsxTestMadeAt = 1784110000;

BoardCell XlsxTestLabel(const std::string& text) {
  return BoardCell{BoardCell::Kind::kText, text, 0, 0.0};
}
BoardCell XlsxTestNumber(int64_t number) {
  return BoardCell{BoardCell::Kind::kNumber, "", number, 0.0};
}
BoardCell XlsxTestDots() { return BoardCell{BoardCell::Kind::kSuppressed, "..", 0, 0.0}; }
BoardCell XlsxTestEmpty() { return BoardCell{}; }

BoardRow XlsxTestRow(std::vector<BoardCell> cells, int indent = 0, bool emphasis = false) {
  BoardRow row;
  row.cells = std::move(cells);
  row.indent = indent;
  row.emphasis = emphasis;
  return row;
}

// Five heading lines under the title, so on every sheet:
//   row 1 the title, rows 2–6 the heading, row 7 empty,
//   row 8 the header (frozen below it: ySplit 8, the first free row A9),
//   rows 9… the table, an empty row, the footnote.
BoardDocument XlsxTestDocument() {
  BoardDocument document;
  document.title = "Halvårsstatistik, första halvåret 2026";
  document.heading = {{"Samordningsförbund", "Samordningsförbundet Umeåregionen"},
                      {"Plattform", "Ungdomstorget"},
                      {"Period", "2026-01-01 – 2026-06-30"},
                      {"Loggposition", "42"},
                      {"Registrerat t.o.m.", "2026-07-15"}};
  BoardSection table;
  table.header = {"Deltagare", "Kvinnor", "Män", "Annat/uppgift saknas", "Totalt"};
  table.rows = {
      // Row 9 … row 14.
      XlsxTestRow({XlsxTestLabel("Aktiva under perioden"), XlsxTestNumber(6), XlsxTestNumber(4),
                   XlsxTestNumber(1), XlsxTestNumber(11)},
                  0, true),
      XlsxTestRow({XlsxTestLabel("Avslutade"), XlsxTestNumber(3), XlsxTestNumber(1),
                   XlsxTestNumber(0), XlsxTestNumber(4)},
                  0, true),
      XlsxTestRow({XlsxTestLabel("Arbete"), XlsxTestNumber(2), XlsxTestNumber(0), XlsxTestNumber(0),
                   XlsxTestNumber(2)},
                  1),
      XlsxTestRow({XlsxTestLabel("Osubventionerat arbete"), XlsxTestNumber(2), XlsxTestNumber(0),
                   XlsxTestNumber(0), XlsxTestNumber(2)},
                  2),
      XlsxTestRow({XlsxTestLabel("Övriga avslut"), XlsxTestDots(), XlsxTestNumber(0),
                   XlsxTestNumber(0), XlsxTestDots()},
                  1),
      // The longest label of the sheet: 27 characters, 29 bytes.
      XlsxTestRow({XlsxTestLabel("Pågående vid periodens slut"), XlsxTestNumber(1234),
                   XlsxTestNumber(2), XlsxTestNumber(1), XlsxTestNumber(1237)},
                  0, true),
  };
  BoardSection lead_times;
  lead_times.header = {"Ledtider (dagar)", "Antal", "Median", "75:e percentilen",
                       "90:e percentilen"};
  lead_times.rows = {
      // Row 9 … row 11.
      XlsxTestRow({XlsxTestLabel("Aktualisering till beslut"), XlsxTestNumber(5), XlsxTestNumber(3),
                   XlsxTestNumber(3), XlsxTestNumber(10)}),
      XlsxTestRow({XlsxTestLabel("Gemensam kartläggning"), XlsxTestNumber(0), XlsxTestEmpty(),
                   XlsxTestEmpty(), XlsxTestEmpty()}),
      XlsxTestRow({XlsxTestLabel("Inskrivning till avslut"), XlsxTestDots(), XlsxTestDots(),
                   XlsxTestDots(), XlsxTestDots()}),
  };
  BoardSection handovers;
  handovers.header = {"Överlämningar", "Genomförda", "Avvisade", "Glapp, median (dagar)"};
  handovers.rows = {
      // Row 9 … row 10.
      XlsxTestRow({XlsxTestLabel("Plattform: Ungdomstorget → Vuxentorget"), XlsxTestNumber(1),
                   XlsxTestNumber(0), XlsxTestNumber(7)}),
      XlsxTestRow({XlsxTestLabel("Samtliga överlämningar"), XlsxTestNumber(3), XlsxTestNumber(1),
                   XlsxTestNumber(4)},
                  0, true),
  };
  document.sections = {table, lead_times, handovers};
  document.footnote = ".. = dolt värde. Antal från 1 till 4 visas inte (gränsen är 5).";
  document.forbund_name = "Samordningsförbundet Umeåregionen";
  document.made_on = "2026-07-15";
  return document;
}

// The workbook's files, and each sheet's cells.
struct XlsxTestWorkbook {
  std::map<std::string, std::string> files;
  // [0] is sheet1.xml, …
  std::vector<std::map<std::string, std::string>> sheets;
  const std::string& Sheet(int number) const {
    return files.at(absl::StrCat("xl/worksheets/sheet", number, ".xml"));
  }
};

XlsxTestWorkbook OpenXlsxTestWorkbook(const std::string& xlsx) {
  XlsxTestWorkbook workbook;
  absl::StatusOr<std::map<std::string, std::string>> files = flows_test::ZipEntries(xlsx);
  EXPECT_OK(files.status());
  if (!files.ok()) return workbook;
  workbook.files = *std::move(files);
  for (int number = 1;; ++number) {
    auto sheet = workbook.files.find(absl::StrCat("xl/worksheets/sheet", number, ".xml"));
    if (sheet == workbook.files.end()) break;
    absl::StatusOr<std::map<std::string, std::string>> cells =
        flows_test::ReadSheetCells(sheet->second, workbook.files["xl/sharedStrings.xml"]);
    EXPECT_OK(cells.status()) << sheet->first;
    workbook.sheets.push_back(cells.ok() ? *std::move(cells)
                                         : std::map<std::string, std::string>());
  }
  return workbook;
}

// The cells of row `row` from column A on, "" for a cell without a value.
std::vector<std::string> XlsxTestRowCells(const std::map<std::string, std::string>& cells, int row,
                                          int columns) {
  std::vector<std::string> values;
  for (int col = 0; col < columns; ++col) {
    auto cell = cells.find(absl::StrCat(std::string(1, static_cast<char>('A' + col)), row));
    values.push_back(cell == cells.end() ? "" : cell->second);
  }
  return values;
}

// The text of the attribute `name` in the first element of `xml` that
// starts with `element` ("<c r=\"B9\""), or nullopt.
std::optional<std::string> XlsxTestAttribute(const std::string& xml, const std::string& element,
                                             const std::string& name) {
  const size_t start = xml.find(element);
  if (start == std::string::npos) return std::nullopt;
  const size_t end = xml.find('>', start);
  const std::string head = xml.substr(start, end - start);
  const std::string key = " " + name + "=\"";
  const size_t at = head.find(key);
  if (at == std::string::npos) return std::nullopt;
  const size_t close = head.find('"', at + key.size());
  return head.substr(at + key.size(), close - at - key.size());
}

// The `index`-th (from 0) <item …> element inside <list …>…</list> of
// `xml`, up to the next one.
std::string XlsxTestListItem(const std::string& xml, const std::string& list,
                             const std::string& item, size_t index) {
  const size_t list_start = xml.find("<" + list);
  if (list_start == std::string::npos) return "";
  const size_t list_end = xml.find("</" + list + ">", list_start);
  std::vector<size_t> starts;
  for (size_t at = xml.find('>', list_start); at < list_end;) {
    at = xml.find("<" + item, at);
    if (at == std::string::npos || at >= list_end) break;
    const char next = xml[at + 1 + item.size()];
    if (next == ' ' || next == '>' || next == '/') starts.push_back(at);
    at += 1 + item.size();
  }
  if (index >= starts.size()) return "";
  const size_t stop = index + 1 < starts.size() ? starts[index + 1] : list_end;
  return xml.substr(starts[index], stop - starts[index]);
}

// The cell format (<xf> of cellXfs in xl/styles.xml) of the cell `reference`
// on sheet `number`.
std::string XlsxTestCellFormat(const XlsxTestWorkbook& workbook, int number,
                               const std::string& reference) {
  const std::optional<std::string> style =
      XlsxTestAttribute(workbook.Sheet(number), "<c r=\"" + reference + "\"", "s");
  size_t index = 0;
  if (style.has_value() && !absl::SimpleAtoi(*style, &index)) return "";
  return XlsxTestListItem(workbook.files.at("xl/styles.xml"), "cellXfs", "xf", index);
}

// The item of `list` that the cell format `xf` points to with `id`
// ("fontId", "borderId").
std::string XlsxTestFormatPart(const XlsxTestWorkbook& workbook, const std::string& xf,
                               const std::string& id, const std::string& list,
                               const std::string& item) {
  const std::optional<std::string> value = XlsxTestAttribute(xf, "<xf", id);
  size_t index = 0;
  if (!value.has_value() || !absl::SimpleAtoi(*value, &index)) return "";
  return XlsxTestListItem(workbook.files.at("xl/styles.xml"), list, item, index);
}

// The UTF-8 `text` split into code points; nullopt if it is not valid UTF-8
// (a cut sequence, a stray continuation byte). Written here, independently of
// the code under test.
std::optional<std::vector<std::string>> XlsxTestCodePoints(const std::string& text) {
  std::vector<std::string> points;
  for (size_t at = 0; at < text.size();) {
    const auto lead = static_cast<unsigned char>(text[at]);
    size_t length = 0;
    if (lead < 0x80) {
      length = 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
    } else {
      return std::nullopt;
    }
    if (at + length > text.size()) return std::nullopt;
    for (size_t i = 1; i < length; ++i) {
      if ((static_cast<unsigned char>(text[at + i]) & 0xC0) != 0x80) return std::nullopt;
    }
    points.push_back(text.substr(at, length));
    at += length;
  }
  return points;
}

std::string XlsxTestUnescapeXml(std::string text) {
  return absl::StrReplaceAll(text,
                             {{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&amp;", "&"}});
}

// The footer of a sheet's XML as Excel reads it.
std::string XlsxTestFooter(const std::string& sheet_xml) {
  const size_t open = sheet_xml.find("<oddFooter>");
  const size_t close = sheet_xml.find("</oddFooter>");
  if (open == std::string::npos || close == std::string::npos) return "";
  return XlsxTestUnescapeXml(sheet_xml.substr(open + 11, close - open - 11));
}

// The names of the files in `directory` that start with "torg-xlsx-".
std::vector<std::string> XlsxTestTempFiles(const std::string& directory) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("torg-xlsx-", 0) == 0) names.push_back(name);
  }
  return names;
}

void XlsxTestWriteFile(const std::string& path, absl::Time modified) {
  std::ofstream(path) << "left behind";
  const timespec times[2] = {absl::ToTimespec(modified), absl::ToTimespec(modified)};
  ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW), 0) << path;
}

// Each test with its own, empty TMPDIR, and the old one back afterwards.
class BoardReportXlsxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* old = std::getenv("TMPDIR");
    if (old != nullptr) old_tmpdir_ = old;
    std::string pattern =
        (std::filesystem::temp_directory_path() / "board-report-xlsx-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << pattern;
    tmpdir_ = pattern;
    ASSERT_EQ(setenv("TMPDIR", tmpdir_.c_str(), 1), 0);
  }

  void TearDown() override {
    if (old_tmpdir_.has_value()) {
      setenv("TMPDIR", old_tmpdir_->c_str(), 1);
    } else {
      unsetenv("TMPDIR");
    }
    if (!tmpdir_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(tmpdir_, ignored);
    }
  }

  const std::string& tmpdir() const { return tmpdir_; }

 private:
  std::optional<std::string> old_tmpdir_;
  std::string tmpdir_;
};

TEST_F(BoardReportXlsxTest, ThePartsAreThreeSheetsNamedForWhatTheyHold) {
  ASSERT_OK_AND_ASSIGN(const std::string xlsx,
                       BoardReportXlsx(XlsxTestDocument(), absl::FromUnixSeconds(kXlsxTestMadeAt)));
  ASSERT_THAT(xlsx, StartsWith("PK\x03\x04"));
  const XlsxTestWorkbook workbook = OpenXlsxTestWorkbook(xlsx);
  const std::string& book = workbook.files.at("xl/workbook.xml");
  EXPECT_THAT(book, HasSubstr("<sheet name=\"Styrelsens tabell\" sheetId=\"1\""));
  EXPECT_THAT(book, HasSubstr("<sheet name=\"Ledtider\" sheetId=\"2\""));
  EXPECT_THAT(book, HasSubstr("<sheet name=\"Överlämningar\" sheetId=\"3\""));
  EXPECT_THAT(book, Not(HasSubstr("sheetId=\"4\"")));
  EXPECT_EQ(workbook.sheets.size(), 3u);
}

TEST_F(BoardReportXlsxTest, EverySheetHasTheTitleBlockItsTableAndTheFootnote) {
  ASSERT_OK_AND_ASSIGN(const std::string xlsx,
                       BoardReportXlsx(XlsxTestDocument(), absl::FromUnixSeconds(kXlsxTestMadeAt)));
  const XlsxTestWorkbook workbook = OpenXlsxTestWorkbook(xlsx);
  ASSERT_EQ(workbook.sheets.size(), 3u);
  const std::string footnote = ".. = dolt värde. Antal från 1 till 4 visas inte (gränsen är 5).";
  // Where each sheet's footnote is: the table's last row, an empty row.
  const int footnote_rows[] = {16, 13, 12};
  const char* const footnote_ranges[] = {"A16:E16", "A13:E13", "A12:D12"};
  for (int number = 1; number <= 3; ++number) {
    const auto& cells = workbook.sheets[number - 1];
    SCOPED_TRACE(absl::StrCat("sheet ", number));
    EXPECT_EQ(cells.at("A1"), "Halvårsstatistik, första halvåret 2026");
    EXPECT_EQ(
        XlsxTestRowCells(cells, 2, 2),
        (std::vector<std::string>{"Samordningsförbund", "Samordningsförbundet Umeåregionen"}));
    EXPECT_EQ(XlsxTestRowCells(cells, 4, 2),
              (std::vector<std::string>{"Period", "2026-01-01 – 2026-06-30"}));
    EXPECT_EQ(XlsxTestRowCells(cells, 6, 2),
              (std::vector<std::string>{"Registrerat t.o.m.", "2026-07-15"}));
    EXPECT_EQ(XlsxTestRowCells(cells, 7, 5), std::vector<std::string>(5, ""));
    EXPECT_EQ(cells.at(absl::StrCat("A", footnote_rows[number - 1])), footnote);
    EXPECT_THAT(workbook.Sheet(number),
                HasSubstr(absl::StrCat("<mergeCell ref=\"", footnote_ranges[number - 1], "\"/>")));
  }
  const auto& table = workbook.sheets[0];
  EXPECT_EQ(
      XlsxTestRowCells(table, 8, 5),
      (std::vector<std::string>{"Deltagare", "Kvinnor", "Män", "Annat/uppgift saknas", "Totalt"}));
  EXPECT_EQ(XlsxTestRowCells(table, 9, 5),
            (std::vector<std::string>{"Aktiva under perioden", "6", "4", "1", "11"}));
  EXPECT_EQ(XlsxTestRowCells(table, 12, 5),
            (std::vector<std::string>{"Osubventionerat arbete", "2", "0", "0", "2"}));
  EXPECT_EQ(XlsxTestRowCells(table, 13, 5),
            (std::vector<std::string>{"Övriga avslut", "..", "0", "0", ".."}));
  EXPECT_EQ(XlsxTestRowCells(table, 14, 5),
            (std::vector<std::string>{"Pågående vid periodens slut", "1234", "2", "1", "1237"}));
  EXPECT_EQ(XlsxTestRowCells(table, 15, 5), std::vector<std::string>(5, ""));
  const auto& lead_times = workbook.sheets[1];
  EXPECT_EQ(XlsxTestRowCells(lead_times, 8, 5),
            (std::vector<std::string>{"Ledtider (dagar)", "Antal", "Median", "75:e percentilen",
                                      "90:e percentilen"}));
  EXPECT_EQ(XlsxTestRowCells(lead_times, 10, 5),
            (std::vector<std::string>{"Gemensam kartläggning", "0", "", "", ""}));
  EXPECT_EQ(XlsxTestRowCells(lead_times, 11, 5),
            (std::vector<std::string>{"Inskrivning till avslut", "..", "..", "..", ".."}));
  const auto& handovers = workbook.sheets[2];
  EXPECT_EQ(XlsxTestRowCells(handovers, 8, 4),
            (std::vector<std::string>{"Överlämningar", "Genomförda", "Avvisade",
                                      "Glapp, median (dagar)"}));
  EXPECT_EQ(XlsxTestRowCells(handovers, 9, 4),
            (std::vector<std::string>{"Plattform: Ungdomstorget → Vuxentorget", "1", "0", "7"}));
  EXPECT_EQ(XlsxTestRowCells(handovers, 10, 4),
            (std::vector<std::string>{"Samtliga överlämningar", "3", "1", "4"}));
}

TEST_F(BoardReportXlsxTest, EachSheetIsFrozenBelowItsHeaderWhichHeadsEveryPrintedPage) {
  ASSERT_OK_AND_ASSIGN(const std::string xlsx,
                       BoardReportXlsx(XlsxTestDocument(), absl::FromUnixSeconds(kXlsxTestMadeAt)));
  const XlsxTestWorkbook workbook = OpenXlsxTestWorkbook(xlsx);
  for (int number = 1; number <= 3; ++number) {
    SCOPED_TRACE(absl::StrCat("sheet ", number));
    const std::string& sheet = workbook.Sheet(number);
    // Rows 1–8 (title block and header) stay; the table scrolls from A9.
    EXPECT_THAT(sheet, HasSubstr("<pane ySplit=\"8\" topLeftCell=\"A9\" activePane=\"bottomLeft\" "
                                 "state=\"frozen\"/>"));
    EXPECT_THAT(sheet, Not(HasSubstr("xSplit=")));
  }
  // The title block through the header on every printed page.
  const std::string& book = workbook.files.at("xl/workbook.xml");
  EXPECT_THAT(book, HasSubstr("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">"
                              "'Styrelsens tabell'!$1:$8</definedName>"));
  EXPECT_THAT(book, HasSubstr("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"1\">"
                              "Ledtider!$1:$8</definedName>"));
  EXPECT_THAT(book, HasSubstr("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"2\">"));
  EXPECT_THAT(book, HasSubstr("'Överlämningar'!$1:$8</definedName>"));
  // Down to the footnote, across the table's columns.
  EXPECT_THAT(book, HasSubstr("<definedName name=\"_xlnm.Print_Area\" localSheetId=\"0\">"
                              "'Styrelsens tabell'!$A$1:$E$16</definedName>"));
  EXPECT_THAT(book, HasSubstr("'Överlämningar'!$A$1:$D$12</definedName>"));
}

TEST_F(BoardReportXlsxTest, EachSheetPrintsA4LandscapeOnePageWideWithTheFooter) {
  ASSERT_OK_AND_ASSIGN(const std::string xlsx,
                       BoardReportXlsx(XlsxTestDocument(), absl::FromUnixSeconds(kXlsxTestMadeAt)));
  const XlsxTestWorkbook workbook = OpenXlsxTestWorkbook(xlsx);
  for (int number = 1; number <= 3; ++number) {
    SCOPED_TRACE(absl::StrCat("sheet ", number));
    const std::string& sheet = workbook.Sheet(number);
    EXPECT_THAT(sheet, HasSubstr("<pageSetUpPr fitToPage=\"1\"/>"));
    EXPECT_THAT(sheet, HasSubstr("paperSize=\"9\""));
    EXPECT_THAT(sheet, HasSubstr("orientation=\"landscape\""));
    // One page wide: fitToWidth is 1 (Excel's default, so it may be left
    // out, but never anything else), and as many pages down as it takes.
    const std::optional<std::string> fit_width =
        XlsxTestAttribute(sheet, "<pageSetup", "fitToWidth");
    EXPECT_TRUE(!fit_width.has_value() || *fit_width == "1") << fit_width.value_or("");
    EXPECT_EQ(XlsxTestAttribute(sheet, "<pageSetup", "fitToHeight"), "0");
    EXPECT_EQ(XlsxTestFooter(sheet),
              "&LSamordningsförbundet Umeåregionen&CSida &P av &N&RRegistrerat t.o.m. 2026-07-15");
    EXPECT_THAT(sheet, Not(HasSubstr("<rowBreaks"))) << "Excel ignores them when fit";
  }
}

TEST_F(BoardReportXlsxTest, HeadersAreBoldAndUnderlinedFiguresRightAlignedLabelsIndented) {
  ASSERT_OK_AND_ASSIGN(const std::string xlsx,
                       BoardReportXlsx(XlsxTestDocument(), absl::FromUnixSeconds(kXlsxTestMadeAt)));
  const XlsxTestWorkbook workbook = OpenXlsxTestWorkbook(xlsx);
  for (const char* header : {"A8", "B8"}) {
    const std::string xf = XlsxTestCellFormat(workbook, 1, header);
    EXPECT_THAT(XlsxTestFormatPart(workbook, xf, "fontId", "fonts", "font"), HasSubstr("<b/>"))
        << header;
    EXPECT_THAT(XlsxTestFormatPart(workbook, xf, "borderId", "borders", "border"),
                HasSubstr("<bottom style=\"medium\">"))
        << header;
  }
  // A figure: "#,##0" (shown "1 234" in Swedish Excel), on the right.
  const std::string number = XlsxTestCellFormat(workbook, 1, "B14");
  EXPECT_THAT(number, HasSubstr("horizontal=\"right\""));
  const std::optional<std::string> number_format = XlsxTestAttribute(number, "<xf", "numFmtId");
  ASSERT_TRUE(number_format.has_value());
  EXPECT_THAT(
      workbook.files.at("xl/styles.xml"),
      HasSubstr(absl::StrCat("<numFmt numFmtId=\"", *number_format, "\" formatCode=\"#,##0\"/>")));
  // "..": text, but on the right with the figures.
  EXPECT_THAT(XlsxTestCellFormat(workbook, 1, "B13"), HasSubstr("horizontal=\"right\""));
  EXPECT_THAT(XlsxTestCellFormat(workbook, 2, "E11"), HasSubstr("horizontal=\"right\""));
  // An outcome category one level in, an outcome two, a main row none.
  EXPECT_THAT(XlsxTestCellFormat(workbook, 1, "A11"), HasSubstr("indent=\"1\""));
  EXPECT_THAT(XlsxTestCellFormat(workbook, 1, "A12"), HasSubstr("indent=\"2\""));
  EXPECT_THAT(XlsxTestCellFormat(workbook, 1, "A9"), Not(HasSubstr("indent=")));
  // Main rows bold, the others not.
  EXPECT_THAT(XlsxTestFormatPart(workbook, XlsxTestCellFormat(workbook, 1, "A9"), "fontId", "fonts",
                                 "font"),
              HasSubstr("<b/>"));
  EXPECT_THAT(XlsxTestFormatPart(workbook, XlsxTestCellFormat(workbook, 1, "A12"), "fontId",
                                 "fonts", "font"),
              Not(HasSubstr("<b/>")));
}

TEST_F(BoardReportXlsxTest, AShareIsANumberShownAsAPercentageWithOneDecimal) {
  BoardDocument document = XlsxTestDocument();
  BoardCell half;
  half.kind = BoardCell::Kind::kPercent;
  half.percent = 50.0;
  BoardCell third = half;
  third.percent = 100.0 / 3;
  // The table's rows are 9 to 14: the share becomes row 15.
  document.sections[0].rows.push_back(XlsxTestRow(
      {XlsxTestLabel("Andel med studieinsats (%)"), half, XlsxTestDots(), XlsxTestEmpty(), third}));
  ASSERT_OK_AND_ASSIGN(const std::string xlsx,
                       BoardReportXlsx(document, absl::FromUnixSeconds(kXlsxTestMadeAt)));
  const XlsxTestWorkbook workbook = OpenXlsxTestWorkbook(xlsx);
  const auto& table = workbook.sheets[0];
  EXPECT_EQ(table.at("A15"), "Andel med studieinsats (%)");
  // A fraction, which Excel shows as "50,0 %" and can compute with.
  EXPECT_EQ(table.at("B15"), "0.5");
  EXPECT_EQ(table.at("C15"), "..");
  EXPECT_THAT(table.at("E15"), ::testing::StartsWith("0.3333"));
  const std::string share = XlsxTestCellFormat(workbook, 1, "B15");
  EXPECT_THAT(share, HasSubstr("horizontal=\"right\""));
  const std::optional<std::string> share_format = XlsxTestAttribute(share, "<xf", "numFmtId");
  ASSERT_TRUE(share_format.has_value());
  EXPECT_THAT(
      workbook.files.at("xl/styles.xml"),
      HasSubstr(absl::StrCat("<numFmt numFmtId=\"", *share_format, "\" formatCode=\"0.0%\"/>")));
}

// The width of column A as the sheet gives it.
double XlsxTestLabelColumnWidth(const std::string& sheet_xml) {
  double width = 0;
  const std::optional<std::string> text =
      XlsxTestAttribute(sheet_xml, "<col min=\"1\" max=\"1\"", "width");
  if (!text.has_value() || !absl::SimpleAtod(*text, &width)) return -1;
  return width;
}

TEST_F(BoardReportXlsxTest, TheLabelColumnFitsTheLongestLabelInCharacters) {
  BoardDocument document = XlsxTestDocument();
  // Sheet 2: a label of 40 characters in 80 bytes. Sheet 3: one of 200.
  std::string forty;
  for (int i = 0; i < 40; ++i) forty += "å";
  document.sections[1].rows.push_back(XlsxTestRow({XlsxTestLabel(forty), XlsxTestNumber(1)}));
  document.sections[2].rows.push_back(
      XlsxTestRow({XlsxTestLabel(std::string(200, 'x')), XlsxTestNumber(1)}));
  ASSERT_OK_AND_ASSIGN(const std::string xlsx,
                       BoardReportXlsx(document, absl::FromUnixSeconds(kXlsxTestMadeAt)));
  const XlsxTestWorkbook workbook = OpenXlsxTestWorkbook(xlsx);
  // "Pågående vid periodens slut": 27 characters (29 bytes), and a little
  // room for the bold font.
  EXPECT_GE(XlsxTestLabelColumnWidth(workbook.Sheet(1)), 27);
  EXPECT_LT(XlsxTestLabelColumnWidth(workbook.Sheet(1)), 29 + 2);
  EXPECT_GE(XlsxTestLabelColumnWidth(workbook.Sheet(2)), 40);
  EXPECT_LT(XlsxTestLabelColumnWidth(workbook.Sheet(2)), 48) << "bytes counted, not characters";
  // Capped, and the label wraps instead.
  EXPECT_GE(XlsxTestLabelColumnWidth(workbook.Sheet(3)), 60);
  EXPECT_LE(XlsxTestLabelColumnWidth(workbook.Sheet(3)), 82);
  EXPECT_THAT(XlsxTestCellFormat(workbook, 3, "A11"), HasSubstr("wrapText=\"1\""));
}

TEST_F(BoardReportXlsxTest, TheSameReportMadeAtTheSameTimeGivesTheSameBytes) {
  const BoardDocument document = XlsxTestDocument();
  ASSERT_OK_AND_ASSIGN(const std::string first,
                       BoardReportXlsx(document, absl::FromUnixSeconds(kXlsxTestMadeAt)));
  ASSERT_OK_AND_ASSIGN(const std::string second,
                       BoardReportXlsx(document, absl::FromUnixSeconds(kXlsxTestMadeAt)));
  EXPECT_TRUE(first == second) << "the same document and time gave different workbooks";
  ASSERT_OK_AND_ASSIGN(const std::string later,
                       BoardReportXlsx(document, absl::FromUnixSeconds(kXlsxTestMadeAt + 86400)));
  EXPECT_FALSE(first == later);
  const XlsxTestWorkbook made = OpenXlsxTestWorkbook(first);
  const XlsxTestWorkbook made_later = OpenXlsxTestWorkbook(later);
  ASSERT_FALSE(made.files.empty());
  for (const auto& [name, contents] : made.files) {
    if (name == "docProps/core.xml") continue;
    ASSERT_EQ(made_later.files.count(name), 1u) << name;
    EXPECT_TRUE(contents == made_later.files.at(name)) << name << " depends on the time";
  }
  EXPECT_EQ(made.files.size(), made_later.files.size());
  const std::string& core = made.files.at("docProps/core.xml");
  EXPECT_THAT(core, HasSubstr("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-07-15T10:06:40Z"));
  EXPECT_THAT(made_later.files.at("docProps/core.xml"), HasSubstr(">2026-07-16T10:06:40Z<"));
  EXPECT_THAT(core, HasSubstr("<dc:title>Halvårsstatistik, första halvåret 2026</dc:title>"));
  EXPECT_THAT(core, HasSubstr("<dc:creator>Samordningsförbundet Umeåregionen</dc:creator>"));
  EXPECT_THAT(made.files.at("docProps/app.xml"),
              HasSubstr("<Company>Samordningsförbundet Umeåregionen</Company>"));
}

TEST_F(BoardReportXlsxTest, ALongForbundNameIsCutInTheFooterOnACharacterBoundary) {
  // 300 characters, 360 bytes: "Förbundet " then "Umeå Åsele Älvsbyn " …
  std::string name = "Förbundet ";
  const std::string towns = "Umeå Åsele Älvsbyn Östersund ";
  size_t characters = 10;
  for (size_t i = 0; characters < 300; ++i) {
    const auto points = XlsxTestCodePoints(towns);
    ASSERT_TRUE(points.has_value());
    name += (*points)[i % points->size()];
    ++characters;
  }
  ASSERT_EQ(XlsxTestCodePoints(name)->size(), 300u);
  BoardDocument document = XlsxTestDocument();
  document.forbund_name = name;
  ASSERT_OK_AND_ASSIGN(const std::string xlsx,
                       BoardReportXlsx(document, absl::FromUnixSeconds(kXlsxTestMadeAt)));
  const XlsxTestWorkbook workbook = OpenXlsxTestWorkbook(xlsx);
  const std::string suffix = "&CSida &P av &N&RRegistrerat t.o.m. 2026-07-15";
  for (int number = 1; number <= 3; ++number) {
    SCOPED_TRACE(absl::StrCat("sheet ", number));
    const std::string footer = XlsxTestFooter(workbook.Sheet(number));
    const std::optional<std::vector<std::string>> points = XlsxTestCodePoints(footer);
    ASSERT_TRUE(points.has_value()) << "not UTF-8: " << footer;
    EXPECT_LE(points->size(), 255u);
    // "&L" + the name's first 255 - 2 - 46 - 1 = 206 characters + "…".
    ASSERT_THAT(footer, StartsWith("&L"));
    ASSERT_GE(footer.size(), suffix.size());
    EXPECT_EQ(footer.substr(footer.size() - suffix.size()), suffix);
    const std::string shown = footer.substr(2, footer.size() - 2 - suffix.size());
    ASSERT_THAT(shown, ::testing::EndsWith("…"));
    const std::string kept = shown.substr(0, shown.size() - std::string("…").size());
    EXPECT_EQ(name.rfind(kept, 0), 0u) << "not the start of the name: " << kept;
    EXPECT_GE(XlsxTestCodePoints(kept)->size(), 200u) << "cut more than needed";
  }
  // The document properties keep the whole name.
  EXPECT_THAT(workbook.files.at("docProps/core.xml"), HasSubstr(name));
}

TEST_F(BoardReportXlsxTest, AnAmpersandInTheNameStaysOneInTheFooterEvenWhereItIsCut) {
  BoardDocument document = XlsxTestDocument();
  document.forbund_name = "";
  while (document.forbund_name.size() < 300) document.forbund_name += "A&B ";
  ASSERT_OK_AND_ASSIGN(const std::string xlsx,
                       BoardReportXlsx(document, absl::FromUnixSeconds(kXlsxTestMadeAt)));
  const std::string footer = XlsxTestFooter(OpenXlsxTestWorkbook(xlsx).Sheet(1));
  const size_t centre = footer.find("&CSida");
  ASSERT_NE(centre, std::string::npos) << footer;
  // Between "&L" and "&C" every '&' is doubled: no code starts in the name.
  const std::string left = footer.substr(2, centre - 2);
  EXPECT_EQ(absl::StrReplaceAll(left, {{"&&", ""}}).find('&'), std::string::npos) << left;
  EXPECT_THAT(left, StartsWith("A&&B A&&B "));
  EXPECT_LE(XlsxTestCodePoints(footer)->size(), 255u);
}

TEST_F(BoardReportXlsxTest, WorkbooksMadeOnTwoThreadsAtOnceAreTheSameAsMadeAlone) {
  // Each thread its own creation time, a day apart: were the dates of two
  // closes at once mixed up (gmtime's one static result), a workbook would
  // carry the other thread's date.
  const BoardDocument document = XlsxTestDocument();
  const absl::Time made_at[2] = {absl::FromUnixSeconds(kXlsxTestMadeAt),
                                 absl::FromUnixSeconds(kXlsxTestMadeAt + 86400)};
  std::string alone[2];
  for (int i = 0; i < 2; ++i) {
    ASSERT_OK_AND_ASSIGN(alone[i], BoardReportXlsx(document, made_at[i]));
  }
  ASSERT_FALSE(alone[0] == alone[1]);
  constexpr int kPerThread = 20;
  std::vector<absl::StatusOr<std::string>> results[2];
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&document, &made_at, &results, i] {
      for (int n = 0; n < kPerThread; ++n) {
        results[i].push_back(BoardReportXlsx(document, made_at[i]));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(results[i].size(), static_cast<size_t>(kPerThread));
    for (const absl::StatusOr<std::string>& xlsx : results[i]) {
      ASSERT_OK(xlsx.status());
      EXPECT_TRUE(*xlsx == alone[i]) << "a workbook made beside another differs, thread " << i;
    }
  }
  EXPECT_THAT(XlsxTestTempFiles(tmpdir()), ::testing::IsEmpty());
}

TEST_F(BoardReportXlsxTest, NoTemporaryFileIsLeftAfterSuccessOrFailure) {
  // While a workbook is open its file is in TMPDIR, with the prefix.
  {
    XlsxWorkbook::Properties properties;
    properties.created = absl::FromUnixSeconds(kXlsxTestMadeAt);
    ASSERT_OK_AND_ASSIGN(XlsxWorkbook open, XlsxWorkbook::Create(properties));
    ASSERT_NE(open.AddWorksheet("Blad"), nullptr);
    EXPECT_EQ(XlsxTestTempFiles(tmpdir()).size(), 1u);
    // Dropped unfinished: closed and removed by the destructor.
  }
  EXPECT_THAT(XlsxTestTempFiles(tmpdir()), ::testing::IsEmpty());

  ASSERT_OK(BoardReportXlsx(XlsxTestDocument(), absl::FromUnixSeconds(kXlsxTestMadeAt)).status());
  EXPECT_THAT(XlsxTestTempFiles(tmpdir()), ::testing::IsEmpty());

  // A defect in the layout: a title longer than a cell can hold (32,767).
  BoardDocument too_long = XlsxTestDocument();
  too_long.title = std::string(40000, 'x');
  EXPECT_THAT(BoardReportXlsx(too_long, absl::FromUnixSeconds(kXlsxTestMadeAt)),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("32,767")));
  EXPECT_THAT(XlsxTestTempFiles(tmpdir()), ::testing::IsEmpty());

  // A temporary directory that is not there: the machine, so UNAVAILABLE.
  const std::string missing = tmpdir() + "/missing";
  ASSERT_EQ(setenv("TMPDIR", missing.c_str(), 1), 0);
  const absl::StatusOr<std::string> no_directory =
      BoardReportXlsx(XlsxTestDocument(), absl::FromUnixSeconds(kXlsxTestMadeAt));
  ASSERT_EQ(setenv("TMPDIR", tmpdir().c_str(), 1), 0);
  EXPECT_THAT(no_directory, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_FALSE(std::filesystem::exists(missing));
  EXPECT_THAT(XlsxTestTempFiles(tmpdir()), ::testing::IsEmpty());
}

TEST_F(BoardReportXlsxTest, StaleTemporaryFilesAreRemovedAndNothingElse) {
  const absl::Time now = absl::Now();
  const std::string old_ours = tmpdir() + "/torg-xlsx-AbC123";
  const std::string fresh_ours = tmpdir() + "/torg-xlsx-XyZ789";
  const std::string old_other = tmpdir() + "/report.xlsx";
  const std::string old_directory = tmpdir() + "/torg-xlsx-dir";
  XlsxTestWriteFile(old_ours, now - absl::Hours(2));
  XlsxTestWriteFile(fresh_ours, now - absl::Minutes(5));
  XlsxTestWriteFile(old_other, now - absl::Hours(2));
  ASSERT_TRUE(std::filesystem::create_directory(old_directory));
  const timespec times[2] = {absl::ToTimespec(now - absl::Hours(2)),
                             absl::ToTimespec(now - absl::Hours(2))};
  ASSERT_EQ(utimensat(AT_FDCWD, old_directory.c_str(), times, 0), 0);

  EXPECT_OK(RemoveStaleXlsxFiles(absl::Hours(1)));
  EXPECT_FALSE(std::filesystem::exists(old_ours));
  EXPECT_TRUE(std::filesystem::exists(fresh_ours));
  EXPECT_TRUE(std::filesystem::exists(old_other));
  EXPECT_TRUE(std::filesystem::exists(old_directory));

  EXPECT_THAT(RemoveStaleXlsxFiles(absl::Hours(-1)), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_TRUE(std::filesystem::exists(fresh_ours));
  ASSERT_EQ(setenv("TMPDIR", (tmpdir() + "/missing").c_str(), 1), 0);
  const absl::Status no_directory = RemoveStaleXlsxFiles(absl::Hours(1));
  ASSERT_EQ(setenv("TMPDIR", tmpdir().c_str(), 1), 0);
  EXPECT_THAT(no_directory, StatusIs(absl::StatusCode::kUnavailable));
}

TEST(XlsxErrorStatusTest, TheMachinesFailuresAreUnavailableTheLayoutsInternal) {
  for (const lxw_error error :
       {LXW_ERROR_MEMORY_MALLOC_FAILED, LXW_ERROR_CREATING_XLSX_FILE, LXW_ERROR_CREATING_TMPFILE,
        LXW_ERROR_READING_TMPFILE, LXW_ERROR_ZIP_FILE_OPERATION, LXW_ERROR_ZIP_FILE_ADD,
        LXW_ERROR_ZIP_CLOSE}) {
    EXPECT_THAT(XlsxErrorStatus(error, "writing"), StatusIs(absl::StatusCode::kUnavailable))
        << error;
  }
  for (const lxw_error error :
       {LXW_ERROR_ZIP_PARAMETER_ERROR, LXW_ERROR_ZIP_BAD_ZIP_FILE, LXW_ERROR_PARAMETER_VALIDATION,
        LXW_ERROR_SHEETNAME_ALREADY_USED, LXW_ERROR_255_STRING_LENGTH_EXCEEDED,
        LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE}) {
    EXPECT_THAT(XlsxErrorStatus(error, "writing"), StatusIs(absl::StatusCode::kInternal)) << error;
  }
  EXPECT_OK(XlsxErrorStatus(LXW_NO_ERROR, "writing"));
  EXPECT_THAT(XlsxErrorStatus(LXW_ERROR_CREATING_TMPFILE, "writing the workbook"),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("writing the workbook: Error encountered when creating a tmpfile "
                                 "during file assembly.")));
}

// The offset of the central directory entry of `name` in `zip`.
size_t XlsxTestDirectoryEntry(const std::string& zip, const std::string& name) {
  size_t found = std::string::npos;
  for (size_t entry = zip.find("PK\x01\x02"); entry != std::string::npos;
       entry = zip.find("PK\x01\x02", entry + 4)) {
    if (zip.compare(entry + 46, name.size(), name) == 0) found = entry;
  }
  return found;
}

TEST(ZipEntriesTest, ABrokenArchiveIsAnErrorNotAnException) {
  BoardDocument document = XlsxTestDocument();
  ASSERT_OK_AND_ASSIGN(const std::string xlsx,
                       BoardReportXlsx(document, absl::FromUnixSeconds(kXlsxTestMadeAt)));
  ASSERT_OK(flows_test::ZipEntries(xlsx).status());

  // A wrong CRC-32 in the central directory (offset 16 of the entry).
  std::string bad_crc = xlsx;
  const size_t sheet1 = XlsxTestDirectoryEntry(bad_crc, "xl/worksheets/sheet1.xml");
  ASSERT_NE(sheet1, std::string::npos);
  bad_crc[sheet1 + 16] = static_cast<char>(bad_crc[sheet1 + 16] ^ 0x01);
  EXPECT_THAT(flows_test::ZipEntries(bad_crc),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("CRC-32")));

  // Two entries of one name: sheet2 renamed sheet1 (here and in its local
  // header, so only the duplicate is wrong).
  std::string twice = xlsx;
  const size_t sheet2 = XlsxTestDirectoryEntry(twice, "xl/worksheets/sheet2.xml");
  ASSERT_NE(sheet2, std::string::npos);
  const size_t local = static_cast<unsigned char>(twice[sheet2 + 42]) |
                       static_cast<unsigned char>(twice[sheet2 + 43]) << 8 |
                       static_cast<unsigned char>(twice[sheet2 + 44]) << 16 |
                       static_cast<size_t>(static_cast<unsigned char>(twice[sheet2 + 45])) << 24;
  twice.replace(sheet2 + 46, 24, "xl/worksheets/sheet1.xml");
  twice.replace(local + 30, 24, "xl/worksheets/sheet1.xml");
  EXPECT_THAT(flows_test::ZipEntries(twice),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("twice")));

  // Bytes after the end record that its comment length does not account for.
  EXPECT_THAT(flows_test::ZipEntries(xlsx + "x"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(flows_test::ZipEntries(xlsx.substr(0, xlsx.size() / 2)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(flows_test::ZipEntries("PK"), StatusIs(absl::StatusCode::kInvalidArgument));

  // A shared-string index that is no number, or past the table.
  EXPECT_THAT(flows_test::ReadSheetCells("<c r=\"A1\" t=\"s\"><v>x</v></c>", "<si><t>a</t></si>"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(flows_test::ReadSheetCells("<c r=\"A1\" t=\"s\"><v>1</v></c>", "<si><t>a</t></si>"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      flows_test::ReadSheetCells("<c r=\"A1\" t=\"s\"><v>99999999999999999999999</v></c>", ""),
      StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace torg::flows
