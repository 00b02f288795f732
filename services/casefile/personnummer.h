#ifndef TORG_SERVICES_CASEFILE_PERSONNUMMER_H_
#define TORG_SERVICES_CASEFILE_PERSONNUMMER_H_

// Swedish personal identity numbers (personnummer, SKV 704) and
// coordination numbers (samordningsnummer, SKV 707).
//
// Accepted input forms, with optional spaces around:
//   YYYYMMDDNNNC     YYYYMMDD-NNNC      twelve digits: the century is given
//   YYMMDD-NNNC      YYMMDDNNNC         ten digits: the person is under 100
//   YYMMDD+NNNC                         ten digits: the person turns 100 or more
//                                       this year (Skatteverket writes '+' from
//                                       the start of the year of the 100th birthday)
// where C is the Luhn check digit over the ten digits YYMMDDNNN, and a
// samordningsnummer has 60 added to the day (DD 61–91).

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace torg::casefile {

// Personnummer were introduced in 1947 for everyone then alive; nobody born
// before this year is alive, so an earlier birth year is a typing error.
inline constexpr int kEarliestBirthYear = 1890;

class Personnummer {
 public:
  // Parses and validates `text`. `today` decides the century of the
  // ten-digit forms: with '-' the most recent year that puts the birth date
  // on or before `today`; with '+' the latest year at least 100 years before
  // this one. INVALID_ARGUMENT, saying what
  // is wrong in words a coordinator understands, for: a wrong length,
  // character or separator position, a date that does not exist, a birth date after `today`, a
  // wrong check digit.
  static absl::StatusOr<Personnummer> Parse(absl::string_view text, absl::CivilDay today);

  // The twelve-digit form without separator, e.g. "198112189876".
  const std::string& normalized() const { return normalized_; }
  // The date of birth (for a samordningsnummer, with 60 taken off the day).
  absl::CivilDay birth_date() const { return birth_date_; }
  bool is_samordningsnummer() const { return is_samordningsnummer_; }
  // The legal gender the number carries: odd ninth digit is male.
  bool is_odd_serial() const { return odd_serial_; }
  // Whole years of age on `day`.
  int AgeOn(absl::CivilDay day) const;

 private:
  Personnummer() = default;
  std::string normalized_;
  absl::CivilDay birth_date_;
  bool is_samordningsnummer_ = false;
  bool odd_serial_ = false;
};

// The Luhn check digit for the nine digits in `nine_digits` (YYMMDDNNN).
int LuhnCheckDigit(absl::string_view nine_digits);

// Whole years between `birth` and `day`; negative if `day` is before `birth`.
int AgeInYears(absl::CivilDay birth, absl::CivilDay day);

}  // namespace torg::casefile

#endif  // TORG_SERVICES_CASEFILE_PERSONNUMMER_H_
