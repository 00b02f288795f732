#include "services/casefile/personnummer.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace torg::casefile {
namespace {

using ::testing::HasSubstr;
using ::torg::testing::StatusIs;

// Every expectation below was worked out by hand (Luhn over YYMMDDNNN with
// weights 2,1,2,…), not by calling the code under test.
const absl::CivilDay kParseToday(2026, 11, 24);

struct Valid {
  const char* input;
  const char* normalized;
  absl::CivilDay birth;
  bool samordning;
  bool odd_serial;
};

class ValidPersonnummerTest : public ::testing::TestWithParam<Valid> {};

TEST_P(ValidPersonnummerTest, ParsesAndNormalises) {
  const Valid& valid = GetParam();
  absl::StatusOr<Personnummer> number = Personnummer::Parse(valid.input, kParseToday);
  ASSERT_THAT(number, ::torg::testing::IsOk());
  EXPECT_EQ(number->normalized(), valid.normalized);
  EXPECT_EQ(number->birth_date(), valid.birth);
  EXPECT_EQ(number->is_samordningsnummer(), valid.samordning);
  EXPECT_EQ(number->is_odd_serial(), valid.odd_serial);
}

INSTANTIATE_TEST_SUITE_P(
    AcceptedForms, ValidPersonnummerTest,
    ::testing::Values(
        Valid{"198112189876", "198112189876", absl::CivilDay(1981, 12, 18), false, true},
        Valid{"19811218-9876", "198112189876", absl::CivilDay(1981, 12, 18), false, true},
        Valid{"811218-9876", "198112189876", absl::CivilDay(1981, 12, 18), false, true},
        Valid{"8112189876", "198112189876", absl::CivilDay(1981, 12, 18), false, true},
        Valid{"  811218-9876 ", "198112189876", absl::CivilDay(1981, 12, 18), false, true},
        // '+': a hundred years or older, so 1925 rather than 2025.
        Valid{"250101+1239", "192501011239", absl::CivilDay(1925, 1, 1), false, true},
        // '-' and a year that would be in the future this century: 1927.
        Valid{"270101-1237", "192701011237", absl::CivilDay(1927, 1, 1), false, true},
        // Born today, ten-digit form: this century.
        Valid{"261124-1239", "202611241239", absl::CivilDay(2026, 11, 24), false, true},
        // Leap day 2000.
        Valid{"000229-1235", "200002291235", absl::CivilDay(2000, 2, 29), false, true},
        // Samordningsnummer: day + 60.
        Valid{"850870-1235", "198508701235", absl::CivilDay(1985, 8, 10), true, true},
        Valid{"850891-1230", "198508911230", absl::CivilDay(1985, 8, 31), true, true},
        // Even ninth digit.
        Valid{"080101-2345", "200801012345", absl::CivilDay(2008, 1, 1), false, false}));

struct Invalid {
  const char* input;
  const char* message;
};

class InvalidPersonnummerTest : public ::testing::TestWithParam<Invalid> {};

TEST_P(InvalidPersonnummerTest, IsRefusedWithAReason) {
  EXPECT_THAT(Personnummer::Parse(GetParam().input, kParseToday),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(GetParam().message)));
}

INSTANTIATE_TEST_SUITE_P(
    RefusedForms, InvalidPersonnummerTest,
    ::testing::Values(Invalid{"811218-9875", "check digit"}, Invalid{"198112189875", "check digit"},
                      Invalid{"81121898", "10 or 12 digits"}, Invalid{"", "10 or 12 digits"},
                      Invalid{"8112189876543", "10 or 12 digits"},
                      Invalid{"81121A-9876", "only digits"}, Invalid{"811218--9876", "only digits"},
                      Invalid{"19811218+9876", "ten-digit form"},
                      // The separator in the wrong place could shift the century.
                      Invalid{"1981121-89876", "between the date and the last four"},
                      Invalid{"811218987+6", "between the date and the last four"},
                      Invalid{"81121-89876", "between the date and the last four"},
                      // 2001 is no leap year.
                      Invalid{"010229-1234", "does not exist"},
                      Invalid{"811318-9876", "does not exist"},
                      Invalid{"811200-9876", "does not exist"},
                      // Samordningsnummer day 92 is day 32.
                      Invalid{"850892-1230", "does not exist"},
                      // Tomorrow, in twelve digits.
                      Invalid{"202611251238", "future"}, Invalid{"203012311233", "future"},
                      // '+' pushing 1881 is before anyone alive.
                      Invalid{"811218+9876", "not plausible"}));

TEST(PersonnummerCenturyTest, PlusAppliesFromTheStartOfTheYearOfTheHundredthBirthday) {
  // On 1 March 2026 someone born 15 June 1926 has not turned 100 yet, but
  // Skatteverket writes '+' from 1 January of that year (18 § FOL).
  absl::StatusOr<Personnummer> number =
      Personnummer::Parse("260615+1237", absl::CivilDay(2026, 3, 1));
  ASSERT_THAT(number, ::torg::testing::IsOk());
  EXPECT_EQ(number->normalized(), "192606151237");
  // The same digits with '-' on that day: the most recent such date on or
  // before today, which is also 1926 (2026-06-15 is still ahead).
  number = Personnummer::Parse("260615-1237", absl::CivilDay(2026, 3, 1));
  ASSERT_THAT(number, ::torg::testing::IsOk());
  EXPECT_EQ(number->normalized(), "192606151237");
  // After the birthday the '-' form means someone born this year.
  number = Personnummer::Parse("260615-1237", absl::CivilDay(2026, 7, 1));
  ASSERT_THAT(number, ::torg::testing::IsOk());
  EXPECT_EQ(number->normalized(), "202606151237");
}

TEST(LuhnTest, KnownCheckDigits) {
  EXPECT_EQ(LuhnCheckDigit("811218987"), 6);
  EXPECT_EQ(LuhnCheckDigit("640823323"), 4);
  EXPECT_EQ(LuhnCheckDigit("000229123"), 5);
  EXPECT_EQ(LuhnCheckDigit("070511234"), 0);
}

TEST(AgeTest, CountsWholeYearsAndTurnsOnTheBirthday) {
  const absl::CivilDay birth(1996, 11, 25);
  EXPECT_EQ(AgeInYears(birth, absl::CivilDay(2026, 11, 24)), 29);
  EXPECT_EQ(AgeInYears(birth, absl::CivilDay(2026, 11, 25)), 30);
  EXPECT_EQ(AgeInYears(absl::CivilDay(2000, 2, 29), absl::CivilDay(2018, 2, 28)), 17);
  EXPECT_EQ(AgeInYears(absl::CivilDay(2000, 2, 29), absl::CivilDay(2018, 3, 1)), 18);
}

}  // namespace
}  // namespace torg::casefile
