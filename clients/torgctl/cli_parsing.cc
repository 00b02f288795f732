#include "clients/torgctl/cli_parsing.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace torg::torgctl {
namespace {

using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[static_cast<size_t>(month - 1)];
}

// The prefix every value name of `descriptor` shares, up to and including
// its last '_': "GENDER_" for GENDER_UNSPECIFIED, GENDER_WOMAN, ...
std::string CommonPrefix(const EnumDescriptor& descriptor) {
  std::string prefix = descriptor.value(0)->name();
  for (int i = 1; i < descriptor.value_count(); ++i) {
    const std::string& name = descriptor.value(i)->name();
    const auto mismatch = std::mismatch(prefix.begin(), prefix.end(), name.begin(), name.end());
    prefix.erase(mismatch.first, prefix.end());
  }
  const size_t last_underscore = prefix.rfind('_');
  return last_underscore == std::string::npos ? "" : prefix.substr(0, last_underscore + 1);
}

std::string Normalise(absl::string_view name) {
  return absl::StrReplaceAll(absl::AsciiStrToLower(name), {{"_", "-"}});
}

}  // namespace

absl::StatusOr<torg::v1::Date> ParseDate(absl::string_view text) {
  const auto malformed = [text] {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not a date written as YYYY-MM-DD, e.g. 2026-03-31"));
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return malformed();
  for (size_t i = 0; i < text.size(); ++i) {
    if (i != 4 && i != 7 && !absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) {
      return malformed();
    }
  }
  int year = 0;
  int month = 0;
  int day = 0;
  if (!absl::SimpleAtoi(text.substr(0, 4), &year) || !absl::SimpleAtoi(text.substr(5, 2), &month) ||
      !absl::SimpleAtoi(text.substr(8, 2), &day)) {
    return malformed();
  }
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) {
    return absl::InvalidArgumentError(absl::StrCat("'", text, "' is not a day of the calendar"));
  }
  torg::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

std::string FormatDate(const torg::v1::Date& date) {
  if (date.year() == 0) return "";
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

std::string EnumFlagName(const EnumValueDescriptor& value) {
  const std::string prefix = CommonPrefix(*value.type());
  return Normalise(absl::string_view(value.name()).substr(prefix.size()));
}

std::vector<std::string> EnumFlagNames(const EnumDescriptor& descriptor) {
  std::vector<std::string> names;
  for (int i = 0; i < descriptor.value_count(); ++i) {
    if (descriptor.value(i)->number() != 0) names.push_back(EnumFlagName(*descriptor.value(i)));
  }
  return names;
}

absl::StatusOr<int> ParseEnumFlag(const EnumDescriptor& descriptor, absl::string_view text) {
  const std::string wanted = Normalise(text);
  for (int i = 0; i < descriptor.value_count(); ++i) {
    const EnumValueDescriptor& value = *descriptor.value(i);
    if (value.number() != 0 && EnumFlagName(value) == wanted) return value.number();
  }
  return absl::InvalidArgumentError(
      absl::StrCat("'", text, "' is not one of: ", absl::StrJoin(EnumFlagNames(descriptor), ", ")));
}

absl::StatusOr<std::pair<std::string, std::string>> ParsePartyText(absl::string_view text) {
  const size_t equals = text.find('=');
  if (equals == absl::string_view::npos || equals == 0 || equals + 1 == text.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not PARTY=TEXT, e.g. af=Arbetsträning hos ASF"));
  }
  return std::make_pair(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));
}

std::string NewRequestId() {
  std::random_device device;
  std::array<uint8_t, 16> bytes;
  for (size_t i = 0; i < bytes.size(); i += 4) {
    const uint32_t word = device();
    for (size_t j = 0; j < 4; ++j) bytes[i + j] = static_cast<uint8_t>(word >> (8 * j));
  }
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  std::string id;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id += '-';
    absl::StrAppendFormat(&id, "%02x", bytes[i]);
  }
  return id;
}

bool IsPrintableAscii(absl::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c <= 0x7E; });
}

}  // namespace torg::torgctl
