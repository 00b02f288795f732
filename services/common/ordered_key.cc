#include "services/common/ordered_key.h"

#include <algorithm>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"

namespace torg::common {

namespace {

constexpr char kOrderedIdEscape = '\0';
constexpr char kOrderedIdEscapedZero = '\xff';
constexpr char kOrderedIdTerminator = '\x01';
constexpr size_t kOrderedUint64Width = 20;
constexpr size_t kOrderedDayWidth = 8;

// Reads `width` ASCII decimal digits from the front of `key`, consuming
// them; nullopt, consuming nothing, if there are fewer or they overflow.
std::optional<uint64_t> ReadOrderedDigits(absl::string_view& key, size_t width) {
  if (key.size() < width) return std::nullopt;
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  uint64_t value = 0;
  for (size_t i = 0; i < width; ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(key[i]))) return std::nullopt;
    const auto digit = static_cast<uint64_t>(key[i] - '0');
    if (value > (kMax - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  key.remove_prefix(width);
  return value;
}

}  // namespace

void AppendOrderedId(absl::string_view id, std::string& key) {
  for (char c : id) {
    key.push_back(c);
    if (c == kOrderedIdEscape) key.push_back(kOrderedIdEscapedZero);
  }
  key.push_back(kOrderedIdEscape);
  key.push_back(kOrderedIdTerminator);
}

std::optional<std::string> ReadOrderedId(absl::string_view& key) {
  std::string id;
  for (size_t i = 0; i < key.size(); ++i) {
    if (key[i] != kOrderedIdEscape) {
      id.push_back(key[i]);
      continue;
    }
    if (i + 1 >= key.size()) return std::nullopt;
    if (key[i + 1] == kOrderedIdTerminator) {
      key.remove_prefix(i + 2);
      return id;
    }
    if (key[i + 1] != kOrderedIdEscapedZero) return std::nullopt;
    id.push_back(kOrderedIdEscape);
    ++i;
  }
  return std::nullopt;
}

void AppendOrderedUint64(uint64_t value, std::string& key) {
  absl::StrAppendFormat(&key, "%020u", value);
}

std::optional<uint64_t> ReadOrderedUint64(absl::string_view& key) {
  return ReadOrderedDigits(key, kOrderedUint64Width);
}

void AppendTwoDigits(int number, std::string& key) { absl::StrAppendFormat(&key, "%02d", number); }

std::optional<int> ReadTwoDigits(absl::string_view& key) {
  const std::optional<uint64_t> value = ReadOrderedDigits(key, 2);
  if (!value.has_value()) return std::nullopt;
  return static_cast<int>(*value);
}

bool OrderedDayEncodable(absl::CivilDay day) { return day.year() >= 0 && day.year() <= 9999; }

void AppendOrderedDay(absl::CivilDay day, std::string& key) {
  const int64_t year = std::min<int64_t>(std::max<int64_t>(day.year(), 0), 9999);
  absl::StrAppendFormat(&key, "%04d%02d%02d", year, day.month(), day.day());
}

std::optional<absl::CivilDay> ReadOrderedDay(absl::string_view& key) {
  absl::string_view digits = key;
  const std::optional<uint64_t> year = ReadOrderedDigits(digits, 4);
  const std::optional<uint64_t> month = ReadOrderedDigits(digits, 2);
  const std::optional<uint64_t> day = ReadOrderedDigits(digits, 2);
  if (!year || !month || !day) return std::nullopt;
  const absl::CivilDay civil(static_cast<int64_t>(*year), static_cast<int>(*month),
                             static_cast<int>(*day));
  // CivilDay normalises (20230229 would be 1 March): such a day was not written
  // by AppendOrderedDay.
  if (civil.year() != static_cast<int64_t>(*year) || civil.month() != static_cast<int>(*month) ||
      civil.day() != static_cast<int>(*day)) {
    return std::nullopt;
  }
  key.remove_prefix(kOrderedDayWidth);
  return civil;
}

}  // namespace torg::common
