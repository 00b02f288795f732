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

SyntheticPerson MakePerson(absl::CivilDay birth_date, int serial, std::mt19937_64& random) {
  SyntheticPerson person;
  person.birth_date = birth_date;
  const int roll = Between(0, 99, random);
  person.gender = roll < 50 ? v1::GENDER_WOMAN : roll < 97 ? v1::GENDER_MAN : v1::GENDER_OTHER;
  // The ninth digit is odd for men and even for women in the number itself.
  int serial3 = serial % 1000;
  const bool odd = serial3 % 2 == 1;
  if ((person.gender == v1::GENDER_MAN) != odd) serial3 = (serial3 + 1) % 1000;
  const std::string nine = absl::StrFormat("%02d%02d%02d%03d", birth_date.year() % 100,
                                           birth_date.month(), birth_date.day(), serial3);
  person.personnummer = absl::StrCat(birth_date.year(), nine.substr(2), LuhnCheckDigit(nine));
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
