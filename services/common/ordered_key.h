#ifndef TORG_SERVICES_COMMON_ORDERED_KEY_H_
#define TORG_SERVICES_COMMON_ORDERED_KEY_H_

// Order-preserving key components: the encodings the read models build their
// store keys from, so that the store's byte order (memcmp, RocksDB's default
// comparator) is the order of what the keys encode. Keys are on-disk format:
// the bytes each function writes must never change, or stored keys are
// orphaned (tests/services/ordered_key_test.cc pins them).
//
// Appenders add one component to the end of `key`. Readers take one from the
// front of `key` and consume it; on nullopt, `key` is left as it was.

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace torg::common {

// --- Ids --------------------------------------------------------------------------

// Appends `id` (any bytes) escaped: each 0x00 byte is written as 0x00 0xFF,
// every other byte as itself, and 0x00 0x01 ends it. So "" is 00 01, "a" is
// 61 00 01, and "a\0" is 61 00 FF 00 01.
// Ordering: for ids a, b and any suffixes s, t, the bytes
// id(a)+s sort before id(b)+t exactly when a sorts before b, or a == b and s
// sorts before t: no encoded id is a prefix of another, so keys sort by their
// first id, then by what follows it.
void AppendOrderedId(absl::string_view id, std::string& key);

// Reads an id written by AppendOrderedId. nullopt, consuming nothing, if `key`
// does not start with one: no 0x00 0x01, or a 0x00 followed by neither 0x01
// nor 0xFF before it.
std::optional<std::string> ReadOrderedId(absl::string_view& key);

// --- Numbers ------------------------------------------------------------------------

// Appends `value` as exactly 20 ASCII decimal digits, zero-padded:
// 0 is "00000000000000000000", 256 is "00000000000000000256" and 2^64 - 1 is
// "18446744073709551615". Ordering: byte order is numeric order.
void AppendOrderedUint64(uint64_t value, std::string& key);

// Reads 20 ASCII decimal digits written by AppendOrderedUint64. nullopt,
// consuming nothing, if `key` does not start with 20 digits or they exceed
// 2^64 - 1.
std::optional<uint64_t> ReadOrderedUint64(absl::string_view& key);

// Appends `number` as printf's "%02d" does: for 0 to 99 (the range callers
// must keep to, e.g. enum numbers) exactly two ASCII decimal digits,
// zero-padded: 0 is "00", 7 is "07", 99 is "99". Ordering: within 0 to 99,
// byte order is numeric order. Outside it the width is not kept (100 is
// "100", -1 is "-1"), the order is lost and ReadTwoDigits refuses it.
void AppendTwoDigits(int number, std::string& key);

// Reads two ASCII decimal digits (0 to 99). nullopt, consuming nothing, if
// `key` does not start with two digits.
std::optional<int> ReadTwoDigits(absl::string_view& key);

// --- Days ---------------------------------------------------------------------------

// Whether `day` has a four-digit year (0 to 9999), so that AppendOrderedDay
// writes it faithfully.
bool OrderedDayEncodable(absl::CivilDay day);

// Appends `day` as eight ASCII decimal digits YYYYMMDD: 2026-02-03 is
// "20260203", 0000-01-01 is "00000101". Ordering: byte order is date order.
// A day that is not OrderedDayEncodable has its year clamped to 0 or 9999,
// so the width stays fixed; callers check OrderedDayEncodable first.
void AppendOrderedDay(absl::CivilDay day, std::string& key);

// Reads eight ASCII digits YYYYMMDD that name a real date of years 0 to 9999.
// nullopt, consuming nothing, otherwise (e.g. "20230229", "20241301",
// "20240100").
std::optional<absl::CivilDay> ReadOrderedDay(absl::string_view& key);

}  // namespace torg::common

#endif  // TORG_SERVICES_COMMON_ORDERED_KEY_H_
