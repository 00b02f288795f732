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
#include "absl/time/civil_time.h"

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

absl::StatusOr<std::string> ParseRoleName(absl::string_view text) {
  const std::string wanted = absl::StrReplaceAll(absl::AsciiStrToLower(text), {{"-", "_"}});
  for (const char* role : kRoleNames) {
    if (wanted == role) return wanted;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("'", text, "' is not a role: ", absl::StrJoin(kRoleNames, ", ")));
}

absl::StatusOr<int64_t> ParseLifetime(absl::string_view text) {
  const auto malformed = [text] {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", text, "' is not a lifetime: seconds, or a number with m, h or d (30m, 8h, 90d)"));
  };
  if (text.empty()) return malformed();
  int64_t unit = 1;
  absl::string_view number = text;
  switch (text.back()) {
    case 's':
      number.remove_suffix(1);
      break;
    case 'm':
      unit = 60;
      number.remove_suffix(1);
      break;
    case 'h':
      unit = 60 * 60;
      number.remove_suffix(1);
      break;
    case 'd':
      unit = 24 * 60 * 60;
      number.remove_suffix(1);
      break;
    default:
      break;
  }
  // SimpleAtoi alone would take "+5" and " 5".
  if (number.empty() || number.size() > 12 ||
      !std::all_of(number.begin(), number.end(),
                   [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); })) {
    return malformed();
  }
  int64_t count = 0;
  if (!absl::SimpleAtoi(number, &count)) return malformed();
  constexpr int64_t kMaxSeconds = int64_t{100} * 366 * 24 * 60 * 60;
  if (count == 0) return absl::InvalidArgumentError("a lifetime must be longer than 0");
  if (count > kMaxSeconds / unit) {
    return absl::InvalidArgumentError(absl::StrCat("'", text, "' is longer than 100 years"));
  }
  return count * unit;
}

absl::StatusOr<AuditAnchor> ParseAnchor(absl::string_view text) {
  const auto malformed = [text] {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", text,
        "' is not an anchor SEQ:HEX as `audit verify` prints its head, e.g. 1042:9f86d0"));
  };
  const size_t colon = text.find(':');
  if (colon == absl::string_view::npos) return malformed();
  const absl::string_view sequence = text.substr(0, colon);
  const absl::string_view hash = text.substr(colon + 1);
  AuditAnchor anchor;
  if (sequence.empty() || sequence.size() > 20 ||
      !std::all_of(sequence.begin(), sequence.end(),
                   [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); }) ||
      !absl::SimpleAtoi(sequence, &anchor.sequence) || hash.empty() ||
      !std::all_of(hash.begin(), hash.end(),
                   [](char c) { return absl::ascii_isxdigit(static_cast<unsigned char>(c)); })) {
    return malformed();
  }
  if (anchor.sequence == 0) {
    return absl::InvalidArgumentError("an anchor's sequence counts from 1");
  }
  anchor.hash_hex = absl::AsciiStrToLower(hash);
  return anchor;
}

absl::StatusOr<absl::Time> ParseTimeBound(absl::string_view text, TimeBound bound,
                                          absl::TimeZone zone) {
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    absl::StatusOr<torg::v1::Date> date = ParseDate(text);
    if (!date.ok()) return date.status();
    absl::CivilDay day(date->year(), date->month(), date->day());
    if (bound == TimeBound::kTo) ++day;
    return absl::FromCivil(day, zone);
  }
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, std::string(text), &time, &error)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text,
                     "' is not a time: give a day YYYY-MM-DD or RFC 3339 with its offset, e.g. "
                     "2026-03-31T14:00:00+02:00"));
  }
  return time;
}

}  // namespace torg::torgctl
