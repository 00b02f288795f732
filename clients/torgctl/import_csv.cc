#include "clients/torgctl/import_csv.h"

#include <map>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "clients/torgctl/cli_parsing.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/reflection.h"
#include "services/common/csv_line.h"

namespace torg::torgctl {
namespace {

using google::protobuf::FieldDescriptor;

// Separates the values of a list column.
constexpr char kCsvListSeparator = '|';

// The separator the header line uses: ';' unless the line has a ',' and no
// ';' outside quotes.
char DetectCsvSeparator(absl::string_view text) {
  bool quoted = false;
  bool has_comma = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') break;
    if (c == ';') return ';';
    if (c == ',') has_comma = true;
  }
  return has_comma ? ',' : ';';
}

absl::StatusOr<bool> ParseCsvBool(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
  if (lower.empty() || lower == "nej" || lower == "no" || lower == "false" || lower == "0") {
    return false;
  }
  if (lower == "ja" || lower == "yes" || lower == "true" || lower == "1") return true;
  return absl::InvalidArgumentError(absl::StrCat("\"", text, "\" is not ja or nej"));
}

// Sets one column's value on `row`. Empty leaves the field unset.
absl::Status SetImportColumn(const FieldDescriptor& field, absl::string_view raw,
                             torg::v1::ImportRow& row) {
  const absl::string_view text = absl::StripAsciiWhitespace(raw);
  if (text.empty()) return absl::OkStatus();
  const google::protobuf::Reflection& reflection = *row.GetReflection();
  if (field.is_repeated()) {
    for (absl::string_view item : absl::StrSplit(text, kCsvListSeparator, absl::SkipWhitespace())) {
      item = absl::StripAsciiWhitespace(item);
      if (field.cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
        absl::StatusOr<int> value = ParseEnumFlag(*field.enum_type(), item);
        if (!value.ok()) return value.status();
        reflection.AddEnumValue(&row, &field, *value);
      } else {
        reflection.AddString(&row, &field, std::string(item));
      }
    }
    return absl::OkStatus();
  }
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      reflection.SetString(&row, &field, std::string(text));
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_INT32: {
      int value = 0;
      if (!absl::SimpleAtoi(text, &value)) {
        return absl::InvalidArgumentError(absl::StrCat("\"", text, "\" is not a whole number"));
      }
      reflection.SetInt32(&row, &field, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      absl::StatusOr<bool> value = ParseCsvBool(text);
      if (!value.ok()) return value.status();
      reflection.SetBool(&row, &field, *value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      absl::StatusOr<int> value = ParseEnumFlag(*field.enum_type(), text);
      if (!value.ok()) return value.status();
      reflection.SetEnumValue(&row, &field, *value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      absl::StatusOr<torg::v1::Date> date = ParseDate(text);
      if (!date.ok()) return date.status();
      reflection.MutableMessage(&row, &field)->CopyFrom(*date);
      return absl::OkStatus();
    }
    default:
      return absl::InternalError(absl::StrCat("column ", field.name(), " has no reader"));
  }
}

torg::v1::ImportRowResult UnreadableRow(int line, absl::string_view field,
                                        absl::string_view message) {
  torg::v1::ImportRowResult result;
  result.set_row_number(line);
  result.set_status(torg::v1::IMPORT_ROW_STATUS_REJECTED);
  torg::v1::ImportFieldError* error = result.add_errors();
  error->set_field(std::string(field));
  error->set_message(std::string(message));
  error->set_code("INVALID_ARGUMENT");
  return result;
}

}  // namespace

absl::StatusOr<CsvTable> ParseCsv(absl::string_view text) {
  if (absl::StartsWith(text, common::kUtf8ByteOrderMark)) {
    text.remove_prefix(common::kUtf8ByteOrderMark.size());
  }
  if (text.empty()) return absl::InvalidArgumentError("the file is empty: it needs a header line");
  CsvTable table;
  table.separator = DetectCsvSeparator(text);
  std::vector<CsvRecord> records;
  CsvRecord record;
  std::string field;
  int line = 1;
  record.line = 1;
  bool quoted = false;
  bool after_quote = false;
  int quote_line = 0;
  bool record_has_content = false;
  auto end_record = [&] {
    if (record_has_content || !record.fields.empty()) {
      record.fields.push_back(std::move(field));
      records.push_back(std::move(record));
    }
    field.clear();
    record = CsvRecord();
    record_has_content = false;
    after_quote = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (c == '\n') {
      end_record();
      ++line;
      record.line = line;
      continue;
    }
    if (c == table.separator) {
      record.fields.push_back(std::move(field));
      field.clear();
      record_has_content = true;
      after_quote = false;
      continue;
    }
    if (after_quote) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line,
                       ": after a closing quote only the separator or the line's end may follow"));
    }
    if (c == '"' && field.empty()) {
      quoted = true;
      quote_line = line;
      record_has_content = true;
      continue;
    }
    field.push_back(c);
    record_has_content = true;
  }
  if (quoted) {
    return absl::InvalidArgumentError(
        absl::StrCat("line ", quote_line, ": a quote is opened and never closed"));
  }
  end_record();
  if (records.empty()) return absl::InvalidArgumentError("the file has no header line");
  table.header = std::move(records.front());
  table.records.assign(std::make_move_iterator(records.begin() + 1),
                       std::make_move_iterator(records.end()));
  return table;
}

const std::vector<std::string>& RequiredImportColumns() {
  static const std::vector<std::string> columns = {
      "personnummer", "gender",           "kommun_code",   "income_at_start", "consent_form",
      "platform_id",  "needed_party_ids", "referral_date", "decision_date"};
  return columns;
}

absl::StatusOr<CsvImportRows> ImportRowsFromCsv(const CsvTable& table) {
  const google::protobuf::Descriptor& descriptor = *torg::v1::ImportRow::descriptor();
  std::vector<const FieldDescriptor*> columns;
  std::set<std::string> seen;
  for (const std::string& raw : table.header.fields) {
    const std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(raw));
    const FieldDescriptor* field = descriptor.FindFieldByName(name);
    if (field == nullptr || name == "row_number") {
      return absl::InvalidArgumentError(
          absl::StrCat("the header names an unknown column \"", raw, "\" (see the README)"));
    }
    if (!seen.insert(name).second) {
      return absl::InvalidArgumentError(absl::StrCat("the header names ", name, " twice"));
    }
    columns.push_back(field);
  }
  std::vector<std::string> missing;
  for (const std::string& required : RequiredImportColumns()) {
    if (seen.count(required) == 0) missing.push_back(required);
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the header lacks the column(s) ", absl::StrJoin(missing, ", ")));
  }
  CsvImportRows result;
  for (const CsvRecord& record : table.records) {
    if (record.fields.size() != columns.size()) {
      result.unreadable.push_back(UnreadableRow(
          record.line, "row",
          absl::StrCat("the row has ", record.fields.size(), " fields; the header names ",
                       columns.size(), " columns (separator '", std::string(1, table.separator),
                       "')")));
      continue;
    }
    torg::v1::ImportRow row;
    row.set_row_number(record.line);
    bool readable = true;
    for (size_t i = 0; i < columns.size() && readable; ++i) {
      const absl::Status set = SetImportColumn(*columns[i], record.fields[i], row);
      if (!set.ok()) {
        result.unreadable.push_back(UnreadableRow(record.line, columns[i]->name(), set.message()));
        readable = false;
      }
    }
    if (readable) result.rows.push_back(std::move(row));
  }
  return result;
}

}  // namespace torg::torgctl
