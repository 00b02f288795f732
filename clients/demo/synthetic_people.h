#ifndef TORG_CLIENTS_DEMO_SYNTHETIC_PEOPLE_H_
#define TORG_CLIENTS_DEMO_SYNTHETIC_PEOPLE_H_

// Synthetic people for the demo: plausible Swedish names, valid
// personnummer (correct date and check digit) and contact details, none of
// them a real person's record.

#include <cstdint>
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

// The most people one load may have, each with a personnummer of their own.
inline constexpr int kMaxSyntheticPeople = 100000;
// How far MakePerson may move a birth date: up to this many days earlier, or
// one day fewer later.
inline constexpr int kBirthDateShift = 100;

// Person number `index` (0 <= index < kMaxSyntheticPeople) of a load, born
// on `born_about` moved by at most kBirthDateShift days.
//
// Their personnummer is unique by construction. With slot = index % 500 and
// round = index / 500 (below 200):
//   - the serial (the three digits after the date) is 2 * slot, plus 1 for a
//     man: its last digit is odd for men and even for everyone else, as in
//     a real number;
//   - the birth date is the day nearest `born_about` whose day number (days
//     since 1970-01-01) is slot + 53 * round + salt, modulo 200.
// Two people of one load with the same serial have the same slot, so
// different rounds, so (53 being prime to 200) birth dates in different
// classes modulo 200: their numbers differ.
//
// Two loads share no number either while no 53 * (r1 - r2), r1 a round of
// one and r2 of the other, is their difference in salt modulo 200. The
// demo's salt is its seed plus the day number of its last day, so with one
// seed a load fits beside every earlier one: of up to 500 people made any
// number of days apart but a multiple of 200, of up to 1500 up to 52 days
// apart, of up to 2000 up to 40, of up to 5000 up to 11. Beyond that a
// number may be taken already (ALREADY_EXISTS): by chance, not as a rule.
SyntheticPerson MakePerson(absl::CivilDay born_about, int index, uint64_t salt,
                           std::mt19937_64& random);

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
