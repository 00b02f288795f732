#include "clients/demo/synthetic_people.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace torg::demo {
namespace {

const char* const kWomenNames[] = {"Anna",   "Maria", "Elin", "Sara",  "Emma", "Johanna",
                                   "Linnea", "Frida", "Ida",  "Klara", "Moa",  "Hanna"};
const char* const kMenNames[] = {"Erik", "Johan", "Anders", "Lars", "Oskar", "Viktor",
                                 "Emil", "Jonas", "Filip",  "Axel", "Leo",   "Nils"};
const char* const kOtherNames[] = {"Alex", "Kim", "Robin", "Sam", "Charlie", "Love"};
const char* const kFamilyNames[] = {"Lindqvist", "Berglund", "Öberg",    "Nyström",  "Lundmark",
                                    "Holmgren",  "Sjöberg",  "Forsberg", "Åström",   "Marklund",
                                    "Wikström",  "Burman",   "Hedlund",  "Sandström"};
const char* const kStreets[] = {"Storgatan",  "Kungsgatan", "Skolgatan", "Rådhusesplanaden",
                                "Björkvägen", "Tallvägen",  "Älvgatan",  "Norrlandsgatan"};

int LuhnCheckDigit(const std::string& nine_digits) {
  int sum = 0;
  for (size_t i = 0; i < nine_digits.size(); ++i) {
    int digit = (nine_digits[i] - '0') * (i % 2 == 0 ? 2 : 1);
    sum += digit > 9 ? digit - 9 : digit;
  }
  return (10 - sum % 10) % 10;
}

std::string AsciiFolded(std::string name) {
  std::string folded;
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (c == 0xC3 && i + 1 < name.size()) {  // å ä ö Å Ä Ö in UTF-8
      const unsigned char next = static_cast<unsigned char>(name[++i]);
      folded += (next == 0xB6 || next == 0x96) ? 'o' : 'a';
    } else {
      folded += static_cast<char>(absl::ascii_tolower(c));
    }
  }
  return folded;
}

}  // namespace

bool Chance(double p, std::mt19937_64& random) {
  return std::uniform_real_distribution<double>(0, 1)(random) < p;
}

int Between(int low, int high, std::mt19937_64& random) {
  return std::uniform_int_distribution<int>(low, high)(random);
}

SyntheticPerson MakePerson(absl::CivilDay born_about, int index, uint64_t salt,
                           std::mt19937_64& random) {
  // The rule is in the header; kDateClasses * kSlots is kMaxSyntheticPeople.
  constexpr int kSlots = 500;
  constexpr int kDateClasses = 2 * kBirthDateShift;
  static_assert(kDateClasses * kSlots == kMaxSyntheticPeople);
  const int slot = index % kSlots;
  const int round = index / kSlots;
  constexpr int kRoundStep = 53;  // Prime to kDateClasses: distinct rounds, distinct classes.
  const int64_t wanted = static_cast<int64_t>(
      (static_cast<uint64_t>(slot + kRoundStep * round) + salt % kDateClasses) % kDateClasses);
  const int64_t day_number = born_about - absl::CivilDay(1970, 1, 1);
  const int64_t at = ((day_number % kDateClasses) + kDateClasses) % kDateClasses;
  int64_t shift = ((wanted - at) % kDateClasses + kDateClasses) % kDateClasses;
  if (shift >= kBirthDateShift) shift -= kDateClasses;  // -100 to 99 days

  SyntheticPerson person;
  person.birth_date = born_about + shift;
  const int roll = Between(0, 99, random);
  person.gender = roll < 50 ? v1::GENDER_WOMAN : roll < 97 ? v1::GENDER_MAN : v1::GENDER_OTHER;
  const int serial = 2 * slot + (person.gender == v1::GENDER_MAN ? 1 : 0);
  const absl::CivilDay birth = person.birth_date;
  const std::string nine =
      absl::StrFormat("%02d%02d%02d%03d", birth.year() % 100, birth.month(), birth.day(), serial);
  person.personnummer = absl::StrCat(birth.year(), nine.substr(2), LuhnCheckDigit(nine));
  person.given_name = person.gender == v1::GENDER_WOMAN ? Pick(kWomenNames, random)
                      : person.gender == v1::GENDER_MAN ? Pick(kMenNames, random)
                                                        : Pick(kOtherNames, random);
  person.family_name = Pick(kFamilyNames, random);
  person.phone = absl::StrFormat("070-%03d %02d %02d", Between(0, 999, random),
                                 Between(0, 99, random), Between(0, 99, random));
  person.email = absl::StrCat(AsciiFolded(person.given_name), ".", AsciiFolded(person.family_name),
                              Between(1, 99, random), "@exempel.se");
  person.address = absl::StrCat(Pick(kStreets, random), " ", Between(1, 60, random));
  return person;
}

}  // namespace torg::demo
