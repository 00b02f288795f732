#include "services/casefile/personnummer.h"

#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace torg::casefile {
namespace {

constexpr int kSamordningsDayOffset = 60;

bool AllDigits(absl::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

int Digits(absl::string_view text) {
  int value = 0;
  for (char c : text) value = value * 10 + (c - '0');
  return value;
}

bool IsRealDate(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  absl::CivilDay date(year, month, day);
  // CivilDay normalises 31 April to 1 May; a real date survives unchanged.
  return date.year() == year && date.month() == month && date.day() == day;
}

struct SplitNumber {
  std::string century;  // Empty for the ten-digit forms.
  std::string date;     // YYMMDD
  std::string serial;   // NNN
  std::string check;    // C
  char separator = '-';
};

absl::StatusOr<SplitNumber> Split(absl::string_view text) {
  SplitNumber parts;
  std::string digits;
  int separators = 0;
  size_t separator_digits_before = 0;
  for (char c : text) {
    if (c == '-' || c == '+') {
      parts.separator = c;
      separator_digits_before = digits.size();
      ++separators;
      continue;
    }
    digits.push_back(c);
  }
  if (!AllDigits(digits) || separators > 1) {
    return absl::InvalidArgumentError(
        "a personnummer has only digits and one '-' or '+', e.g. 19811218-9876");
  }
  // The separator stands between the date and the serial: after YYMMDD or
  // YYYYMMDD. Anywhere else it is a typing error that could shift the century.
  if (separators == 1 && separator_digits_before + 4 != digits.size()) {
    return absl::InvalidArgumentError(
        "the '-' or '+' belongs between the date and the last four digits, e.g. 811218-9876");
  }
  if (digits.size() == 12) {
    if (parts.separator == '+' && separators == 1) {
      return absl::InvalidArgumentError("'+' belongs only in the ten-digit form YYMMDD+NNNC");
    }
    parts.century = digits.substr(0, 2);
    digits = digits.substr(2);
  } else if (digits.size() != 10) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a personnummer has 10 or 12 digits (YYMMDD-NNNC or YYYYMMDDNNNC), got ", digits.size()));
  }
  parts.date = digits.substr(0, 6);
  parts.serial = digits.substr(6, 3);
  parts.check = digits.substr(9, 1);
  return parts;
}

int ResolveCentury(const SplitNumber& parts, int month, int day, absl::CivilDay today) {
  if (!parts.century.empty()) return Digits(parts.century);
  const int two_digit_year = Digits(parts.date.substr(0, 2));
  const int this_year = static_cast<int>(today.year());
  if (parts.separator == '+') {
    // Skatteverket writes '+' from the start of the year a person turns
    // 100: the latest year with these two digits at least 100 years back.
    const int latest = this_year - 100;
    return (latest - ((latest - two_digit_year) % 100 + 100) % 100) / 100;
  }
  // '-': the most recent such date on or before today. Month and day may not
  // form a date yet (reported later), so compare the raw numbers.
  int year = this_year / 100 * 100 + two_digit_year;
  if (year > this_year || (year == this_year && (month > today.month() ||
                                                 (month == today.month() && day > today.day())))) {
    year -= 100;
  }
  return year / 100;
}

}  // namespace

int LuhnCheckDigit(absl::string_view nine_digits) {
  int sum = 0;
  for (size_t i = 0; i < nine_digits.size(); ++i) {
    int value = (nine_digits[i] - '0') * (i % 2 == 0 ? 2 : 1);
    sum += value > 9 ? value - 9 : value;
  }
  return (10 - sum % 10) % 10;
}

int AgeInYears(absl::CivilDay birth, absl::CivilDay day) {
  int age = static_cast<int>(day.year() - birth.year());
  if (day.month() < birth.month() || (day.month() == birth.month() && day.day() < birth.day())) {
    --age;
  }
  return age;
}

absl::StatusOr<Personnummer> Personnummer::Parse(absl::string_view text, absl::CivilDay today) {
  absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  absl::StatusOr<SplitNumber> parts = Split(trimmed);
  if (!parts.ok()) return parts.status();

  const int month = Digits(parts->date.substr(2, 2));
  int day = Digits(parts->date.substr(4, 2));
  const bool samordning = day > kSamordningsDayOffset;
  if (samordning) day -= kSamordningsDayOffset;
  const int century = ResolveCentury(*parts, month, day, today);
  const int year = century * 100 + Digits(parts->date.substr(0, 2));
  if (year < kEarliestBirthYear) {
    return absl::InvalidArgumentError(absl::StrCat("the birth year ", year, " is not plausible"));
  }
  if (!IsRealDate(year, month, day)) {
    return absl::InvalidArgumentError(
        absl::StrCat("the date in the number does not exist (", year, "-", month, "-", day,
                     samordning ? ", a samordningsnummer's day minus 60" : "", ")"));
  }
  const absl::CivilDay birth(year, month, day);
  if (birth > today) {
    return absl::InvalidArgumentError("the birth date in the number is in the future");
  }
  const int expected_check = LuhnCheckDigit(parts->date + parts->serial);
  if (expected_check != Digits(parts->check)) {
    // The number itself is not repeated: messages travel and get logged.
    return absl::InvalidArgumentError(
        "the check digit is wrong: check the number for a typing error");
  }

  Personnummer number;
  number.normalized_ = absl::StrCat(century, parts->date, parts->serial, parts->check);
  number.birth_date_ = birth;
  number.is_samordningsnummer_ = samordning;
  number.odd_serial_ = (parts->serial[2] - '0') % 2 == 1;
  return number;
}

int Personnummer::AgeOn(absl::CivilDay day) const { return AgeInYears(birth_date_, day); }

}  // namespace torg::casefile
