#ifndef TORG_CLIENTS_DEMO_SYNTHETIC_PEOPLE_H_
#define TORG_CLIENTS_DEMO_SYNTHETIC_PEOPLE_H_

// Synthetic people for the demo: plausible Swedish names, valid
// personnummer (correct date and check digit) and contact details, none of
// them a real person's record.

#include <random>
#include <string>

#include "absl/time/civil_time.h"
#include "torg/v1/types.pb.h"

namespace torg::demo {

struct SyntheticPerson {
  absl::CivilDay birth_date;
  v1::Gender gender = v1::GENDER_UNSPECIFIED;
  // 12 digits with a valid check digit.
  std::string personnummer;
  std::string given_name;
  std::string family_name;
  std::string phone;
  std::string email;
  std::string address;
};

// A person born on `birth_date`; `serial` (0–999) makes the number unique
// among people born the same day.
SyntheticPerson MakePerson(absl::CivilDay birth_date, int serial, std::mt19937_64& random);

// A uniformly chosen element of a fixed list.
template <class T, size_t N>
const T& Pick(const T (&items)[N], std::mt19937_64& random) {
  return items[std::uniform_int_distribution<size_t>(0, N - 1)(random)];
}

// True with probability `p`.
bool Chance(double p, std::mt19937_64& random);

// A uniform integer in [low, high].
int Between(int low, int high, std::mt19937_64& random);

}  // namespace torg::demo

#endif  // TORG_CLIENTS_DEMO_SYNTHETIC_PEOPLE_H_
