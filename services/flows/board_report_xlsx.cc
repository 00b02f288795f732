// The board report as an Excel workbook (BoardReportXlsx in board_report.h),
// written with libxlsxwriter through XlsxWorkbook.
//
// One sheet per part (the board's table, the lead times, the handovers), so
// that each prints on its own pages and each can keep its own header row in
// view. Every sheet repeats the title block, so a printed or forwarded page
// still says what it is; the footnote about ".." goes under every table.

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/common/status_macros.h"
#include "services/flows/board_report.h"
#include "services/flows/xlsx_workbook.h"

namespace torg::flows {

namespace {

// At most 31 characters, none of []:*?/\ (the title "Halvårsstatistik,
// andra halvåret 2026" is too long), so each sheet is named by what it holds.
constexpr std::array<const char*, 3> kXlsxSheetNames = {"Styrelsens tabell", "Ledtider",
                                                        "Överlämningar"};
// The label column: as wide as its longest label, within these bounds
// (Excel's width unit is about one character of the default font); a longer
// label wraps.
constexpr double kXlsxMinLabelWidth = 12;
constexpr double kXlsxMaxLabelWidth = 80;
// Room for the bold font and for the cell's padding.
constexpr double kXlsxLabelPadding = 3;
// An indent level is about two characters wide.
constexpr double kXlsxIndentWidth = 2;
// The figure columns: their headers wrap onto two lines.
constexpr double kXlsxFigureWidth = 17;
constexpr double kXlsxLineHeight = 15;
constexpr uint8_t kXlsxPaperA4 = 9;
constexpr lxw_color_t kXlsxHeaderFill = 0xD9D9D9;
constexpr int kXlsxIndents = 3;
// Excel's (and libxlsxwriter's) limit on a page header or footer, codes
// included.
constexpr size_t kXlsxFooterLimit = 255;

// The formats of the workbook, made once and shared by its sheets.
struct XlsxFormats {
  lxw_format* title = nullptr;
  lxw_format* heading_label = nullptr;
  lxw_format* heading_value = nullptr;
  lxw_format* header_label = nullptr;
  lxw_format* header_figure = nullptr;
  // [indent][emphasis]
  std::array<std::array<lxw_format*, 2>, kXlsxIndents> label{};
  // [emphasis]
  std::array<lxw_format*, 2> number{};
  std::array<lxw_format*, 2> percent{};
  std::array<lxw_format*, 2> suppressed{};
  std::array<lxw_format*, 2> empty{};
  lxw_format* footnote = nullptr;
};

// A new format set up by `setup`; nullptr (the error kept by `workbook`) when
// there is no memory for it, and then `setup` is not called, since every
// format_set_* dereferences its format.
template <typename Setup>
lxw_format* NewXlsxFormat(XlsxWorkbook& workbook, Setup setup) {
  lxw_format* format = workbook.AddFormat();
  if (format != nullptr) setup(format);
  return format;
}

// A table cell: thin borders all round, bold on a main row.
void SetXlsxTableCell(lxw_format* format, bool bold) {
  format_set_border(format, LXW_BORDER_THIN);
  if (bold) format_set_bold(format);
}

XlsxFormats MakeXlsxFormats(XlsxWorkbook& workbook) {
  XlsxFormats formats;
  formats.title = NewXlsxFormat(workbook, [](lxw_format* format) {
    format_set_bold(format);
    format_set_font_size(format, 14);
  });
  formats.heading_label =
      NewXlsxFormat(workbook, [](lxw_format* format) { format_set_bold(format); });
  formats.heading_value =
      NewXlsxFormat(workbook, [](lxw_format* format) { format_set_align(format, LXW_ALIGN_LEFT); });
  for (const bool figure : {false, true}) {
    lxw_format* header = NewXlsxFormat(workbook, [figure](lxw_format* format) {
      SetXlsxTableCell(format, true);
      // The line under the header row, heavier than the grid.
      format_set_bottom(format, LXW_BORDER_MEDIUM);
      format_set_pattern(format, LXW_PATTERN_SOLID);
      format_set_bg_color(format, kXlsxHeaderFill);
      format_set_text_wrap(format);
      format_set_align(format, LXW_ALIGN_VERTICAL_CENTER);
      if (figure) format_set_align(format, LXW_ALIGN_RIGHT);
    });
    (figure ? formats.header_figure : formats.header_label) = header;
  }
  for (int emphasis = 0; emphasis < 2; ++emphasis) {
    const bool bold = emphasis == 1;
    for (int indent = 0; indent < kXlsxIndents; ++indent) {
      formats.label[indent][emphasis] = NewXlsxFormat(workbook, [bold, indent](lxw_format* format) {
        SetXlsxTableCell(format, bold);
        // A label longer than the widest column wraps instead of being cut.
        format_set_text_wrap(format);
        format_set_align(format, LXW_ALIGN_VERTICAL_TOP);
        if (indent > 0) format_set_indent(format, static_cast<uint8_t>(indent));
      });
    }
    formats.number[emphasis] = NewXlsxFormat(workbook, [bold](lxw_format* format) {
      SetXlsxTableCell(format, bold);
      format_set_align(format, LXW_ALIGN_RIGHT);
      // Stored as "#,##0": Excel shows the reader's own thousands separator,
      // a space in Swedish ("1 234").
      format_set_num_format(format, "#,##0");
    });
    formats.percent[emphasis] = NewXlsxFormat(workbook, [bold](lxw_format* format) {
      SetXlsxTableCell(format, bold);
      format_set_align(format, LXW_ALIGN_RIGHT);
      // A fraction shown as a percentage with one decimal ("12,5 %" in Swedish).
      format_set_num_format(format, "0.0%");
    });
    // ".." is text, which Excel would put on the left, away from the figures.
    formats.suppressed[emphasis] = NewXlsxFormat(workbook, [bold](lxw_format* format) {
      SetXlsxTableCell(format, bold);
      format_set_align(format, LXW_ALIGN_RIGHT);
    });
    formats.empty[emphasis] =
        NewXlsxFormat(workbook, [bold](lxw_format* format) { SetXlsxTableCell(format, bold); });
  }
  formats.footnote = NewXlsxFormat(workbook, [](lxw_format* format) {
    format_set_italic(format);
    format_set_text_wrap(format);
    format_set_align(format, LXW_ALIGN_VERTICAL_TOP);
  });
  return formats;
}

// The length of the UTF-8 sequence that starts at text[at], never running
// past the end or over a byte that does not continue it (so malformed input
// is taken a byte at a time).
size_t XlsxUtf8SequenceLength(absl::string_view text, size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  size_t length = 1;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
  }
  size_t taken = 1;
  while (taken < length && at + taken < text.size() &&
         (static_cast<unsigned char>(text[at + taken]) & 0xC0) == 0x80) {
    ++taken;
  }
  return taken;
}

// How many characters Excel counts in `text`: one per code point, two for
// one outside the Basic Multilingual Plane (a UTF-16 surrogate pair).
size_t XlsxCharacters(absl::string_view text) {
  size_t characters = 0;
  for (size_t at = 0; at < text.size();) {
    const size_t length = XlsxUtf8SequenceLength(text, at);
    characters += length == 4 ? 2 : 1;
    at += length;
  }
  return characters;
}

// `text` for a page header or footer, where '&' starts a code ("&&" is a
// plain '&'), in at most `limit` characters: cut after a whole character
// (never inside a UTF-8 sequence or between the two '&' of "&&") and ended
// with "…" when it does not fit.
std::string XlsxFooterText(absl::string_view text, size_t limit) {
  std::string escaped;
  size_t characters = 0;
  for (size_t at = 0; at < text.size();) {
    const size_t length = XlsxUtf8SequenceLength(text, at);
    const absl::string_view piece = text[at] == '&' ? "&&" : text.substr(at, length);
    const size_t width = piece.size() == 4 ? 2 : (piece == "&&" ? 2 : 1);
    // Room for this character, and for the ellipsis should the rest not fit.
    const bool last = at + length == text.size();
    if (characters + width + (last ? 0 : 1) > limit) {
      if (characters + 1 <= limit) escaped += "…";
      return escaped;
    }
    escaped.append(piece.data(), piece.size());
    characters += width;
    at += length;
  }
  return escaped;
}

// The page footer: the förbund on the left, the page in the middle, the day
// the figures run to on the right (as the heading's "Registrerat t.o.m.",
// left out for an empty log). The förbund's name gets what the rest leaves of
// the 255 characters, so a long name shortens instead of failing the report.
std::string XlsxFooter(const BoardDocument& document) {
  std::string rest = "&CSida &P av &N";
  if (!document.made_on.empty()) {
    absl::StrAppend(&rest, "&RRegistrerat t.o.m. ", XlsxFooterText(document.made_on, 32));
  }
  const size_t used = XlsxCharacters("&L") + XlsxCharacters(rest);
  const size_t room = kXlsxFooterLimit > used ? kXlsxFooterLimit - used : 0;
  return absl::StrCat("&L", XlsxFooterText(document.forbund_name, room), rest);
}

void WriteXlsxCell(XlsxWorkbook& workbook, lxw_worksheet* sheet, const XlsxFormats& formats,
                   lxw_row_t row, lxw_col_t col, const BoardCell& cell, const BoardRow& board_row) {
  const int emphasis = board_row.emphasis ? 1 : 0;
  switch (cell.kind) {
    case BoardCell::Kind::kText: {
      const int indent = std::clamp(board_row.indent, 0, kXlsxIndents - 1);
      workbook.Check(worksheet_write_string(sheet, row, col, cell.text.c_str(),
                                            formats.label[indent][emphasis]),
                     "writing a label");
      return;
    }
    case BoardCell::Kind::kNumber:
      workbook.Check(worksheet_write_number(sheet, row, col, static_cast<double>(cell.number),
                                            formats.number[emphasis]),
                     "writing a figure");
      return;
    case BoardCell::Kind::kPercent:
      workbook.Check(
          worksheet_write_number(sheet, row, col, cell.percent / 100.0, formats.percent[emphasis]),
          "writing a share");
      return;
    case BoardCell::Kind::kSuppressed:
      workbook.Check(
          worksheet_write_string(sheet, row, col, cell.text.c_str(), formats.suppressed[emphasis]),
          "writing a suppressed figure");
      return;
    case BoardCell::Kind::kEmpty:
      break;
  }
  workbook.Check(worksheet_write_blank(sheet, row, col, formats.empty[emphasis]),
                 "writing an empty cell");
}

// The width of `section`'s sheet's label column: its longest label (heading
// labels, the header's first cell, the rows' labels with their indent) in
// characters, not bytes ("Övriga avslut" is 13 wide, 14 bytes long).
double XlsxLabelWidth(const BoardDocument& document, const BoardSection& section) {
  double widest = 0;
  for (const auto& [label, value] : document.heading) {
    widest = std::max(widest, static_cast<double>(XlsxCharacters(label)));
  }
  if (!section.header.empty()) {
    widest = std::max(widest, static_cast<double>(XlsxCharacters(section.header[0])));
  }
  for (const BoardRow& row : section.rows) {
    if (row.cells.empty()) continue;
    const int indent = std::clamp(row.indent, 0, kXlsxIndents - 1);
    widest = std::max(
        widest, static_cast<double>(XlsxCharacters(row.cells[0].text)) + kXlsxIndentWidth * indent);
  }
  return std::clamp(widest + kXlsxLabelPadding, kXlsxMinLabelWidth, kXlsxMaxLabelWidth);
}

// One part of the report on its own sheet: the title block, the part's
// table, the footnote; frozen below the table's header, printed A4 landscape
// one page wide with the title block and the header on every page.
void WriteXlsxSheet(XlsxWorkbook& workbook, lxw_worksheet* sheet, const XlsxFormats& formats,
                    const BoardDocument& document, const BoardSection& section,
                    const std::string& footer) {
  size_t columns = std::max<size_t>(section.header.size(), 2);
  for (const BoardRow& board_row : section.rows)
    columns = std::max(columns, board_row.cells.size());
  const auto last_col = static_cast<lxw_col_t>(columns - 1);
  const double label_width = XlsxLabelWidth(document, section);
  workbook.Check(worksheet_set_column(sheet, 0, 0, label_width, nullptr),
                 "sizing the label column");
  workbook.Check(worksheet_set_column(sheet, 1, last_col, kXlsxFigureWidth, nullptr),
                 "sizing the figure columns");

  lxw_row_t row = 0;
  workbook.Check(worksheet_set_row(sheet, row, 21, nullptr), "sizing the title row");
  workbook.Check(worksheet_write_string(sheet, row++, 0, document.title.c_str(), formats.title),
                 "writing the title");
  for (const auto& [label, value] : document.heading) {
    workbook.Check(worksheet_write_string(sheet, row, 0, label.c_str(), formats.heading_label),
                   "writing the heading");
    workbook.Check(worksheet_write_string(sheet, row++, 1, value.c_str(), formats.heading_value),
                   "writing the heading");
  }
  ++row;  // an empty row between the title block and the table

  const lxw_row_t header_row = row;
  workbook.Check(worksheet_set_row(sheet, header_row, 2 * kXlsxLineHeight, nullptr),
                 "sizing the header row");
  for (size_t col = 0; col < section.header.size(); ++col) {
    workbook.Check(worksheet_write_string(sheet, header_row, static_cast<lxw_col_t>(col),
                                          section.header[col].c_str(),
                                          col == 0 ? formats.header_label : formats.header_figure),
                   "writing the header row");
  }
  ++row;
  for (const BoardRow& board_row : section.rows) {
    for (size_t col = 0; col < board_row.cells.size(); ++col) {
      WriteXlsxCell(workbook, sheet, formats, row, static_cast<lxw_col_t>(col),
                    board_row.cells[col], board_row);
    }
    ++row;
  }
  if (!document.footnote.empty()) {
    ++row;
    // A merged cell does not grow with its text: as many lines as the text
    // needs across the table's width, plus one for the words that wrap early.
    const double width = label_width + kXlsxFigureWidth * static_cast<double>(last_col);
    const double lines = 1 + static_cast<double>(static_cast<size_t>(
                                 static_cast<double>(XlsxCharacters(document.footnote)) / width));
    workbook.Check(worksheet_set_row(sheet, row, (lines + 1) * kXlsxLineHeight, nullptr),
                   "sizing the footnote");
    workbook.Check(worksheet_merge_range(sheet, row, 0, row, last_col, document.footnote.c_str(),
                                         formats.footnote),
                   "writing the footnote");
    ++row;
  }

  // The header stays in view when scrolling (the title block scrolls away
  // above it); on paper the title block and the header head every page. No
  // manual page breaks: Excel ignores them on a sheet fit to the page width.
  worksheet_freeze_panes(sheet, header_row + 1, 0);
  workbook.Check(worksheet_repeat_rows(sheet, 0, header_row), "repeating the header on every page");
  workbook.Check(worksheet_print_area(sheet, 0, 0, row - 1, last_col), "setting the print area");
  worksheet_set_landscape(sheet);
  worksheet_set_paper(sheet, kXlsxPaperA4);
  worksheet_fit_to_pages(sheet, 1, 0);
  worksheet_center_horizontally(sheet);
  workbook.Check(worksheet_set_footer(sheet, footer.c_str()), "setting the page footer");
}

}  // namespace

absl::StatusOr<std::string> BoardReportXlsx(const BoardDocument& document, absl::Time made_at) {
  XlsxWorkbook::Properties properties;
  properties.title = document.title;
  properties.author = document.forbund_name;
  properties.company = document.forbund_name;
  properties.created = made_at;
  TORG_ASSIGN_OR_RETURN(XlsxWorkbook workbook, XlsxWorkbook::Create(properties));
  const XlsxFormats formats = MakeXlsxFormats(workbook);
  if (!workbook.ok()) return std::move(workbook).Finish().status();
  const std::string footer = XlsxFooter(document);
  for (size_t index = 0; index < document.sections.size(); ++index) {
    const std::string name =
        index < kXlsxSheetNames.size() ? kXlsxSheetNames[index] : absl::StrCat("Del ", index + 1);
    lxw_worksheet* sheet = workbook.AddWorksheet(name);
    if (sheet == nullptr) break;  // the error is kept
    WriteXlsxSheet(workbook, sheet, formats, document, document.sections[index], footer);
  }
  return std::move(workbook).Finish();
}

}  // namespace torg::flows
