// The bytes of the order-preserving key encoding, pinned as literals worked
// out by hand: ids, days, two-digit numbers and log positions, as the flow
// ledger's and the case index's keys have held them on disk. Those keys are
// on-disk format, so a change of any byte here orphans stored data. Also
// checks the ordering promise: encodings sort as what they encode.

#include "services/common/ordered_key.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/caseindex/index_keys.h"
#include "services/flowledger/flow_ledger_keys.h"

namespace torg {
namespace {

using namespace std::string_literals;  // NOLINT: "\0"s keeps the NUL bytes.

using ::testing::ElementsAreArray;
using ::testing::Optional;

// An id and its encoding. Literals are split where a hex or octal escape
// would otherwise swallow the next character.
struct PinnedId {
  std::string id;
  std::string encoded;
};

std::vector<PinnedId> PinnedIds() {
  return {
      {""s, "\0\x01"s},
      {"a"s, "a\0\x01"s},
      {"ab"s, "ab\0\x01"s},
      {"a\0"s, "a\0\xff\0\x01"s},
      {"a\0"s
       "b"s,
       "a\0\xff"s
       "b\0\x01"s},
      {"\0"s, "\0\xff\0\x01"s},
      {"\0\0"s, "\0\xff\0\xff\0\x01"s},
      {"\0\x01"s, "\0\xff\x01\0\x01"s},  // The terminator, as an id.
      {"\x01"s, "\x01\0\x01"s},
      {"\xff"s, "\xff\0\x01"s},
      {"a\x01"s, "a\x01\0\x01"s},
      {"a\xff"s, "a\xff\0\x01"s},
      {"f\xc3\xb6rbund"s, "f\xc3\xb6rbund\0\x01"s},
  };
}

// Ids that stress the ordering: prefixes of each other, the escape byte and
// the terminator at the end, in the middle and alone, and the extremes.
std::vector<std::string> TrickyIds() {
  return {""s,
          "\0"s,
          "\0\0"s,
          "\0\x01"s,
          "\0\xff"s,
          "\x01"s,
          "\x01\0"s,
          "\xfe"s,
          "\xff"s,
          "\xff\0"s,
          "a"s,
          "a\0"s,
          "a\0\0"s,
          "a\0\x01"s,
          "a\0"s
          "b"s,
          "a\x01"s,
          "a\xff"s,
          "ab"s,
          "abc"s,
          "b"s,
          "plat"s,
          "plat2"s,
          "plat\0"s
          "2"s};
}

// --- services/common/ordered_key.h ----------------------------------------------

std::string Id(absl::string_view id) {
  std::string key;
  common::AppendOrderedId(id, key);
  return key;
}

std::string Uint64(uint64_t value) {
  std::string key;
  common::AppendOrderedUint64(value, key);
  return key;
}

std::string Day(absl::CivilDay day) {
  std::string key;
  common::AppendOrderedDay(day, key);
  return key;
}

TEST(OrderedKeyTest, IdsKeepTheirBytesAndReadBack) {
  for (const PinnedId& pin : PinnedIds()) {
    EXPECT_EQ(Id(pin.id), pin.encoded);
    std::string key = "prefix/"s;
    common::AppendOrderedId(pin.id, key);
    EXPECT_EQ(key, "prefix/"s + pin.encoded);
    const std::string backing = pin.encoded + "rest";
    absl::string_view rest = backing;
    EXPECT_THAT(common::ReadOrderedId(rest), Optional(pin.id));
    EXPECT_EQ(rest, "rest");
  }
}

TEST(OrderedKeyTest, MalformedIdsAreRefusedAndNotConsumed) {
  for (const std::string& bad : {"a"s, "a\0"s, "a\0\x02\0\x01"s, "\0"s, ""s, "\0\xff"s}) {
    absl::string_view key = bad;
    EXPECT_EQ(common::ReadOrderedId(key), std::nullopt);
    EXPECT_EQ(key, bad);
  }
}

TEST(OrderedKeyTest, IdsSortAsTheirEncodings) {
  std::vector<std::string> ids = TrickyIds();
  std::vector<std::string> encodings;
  for (const std::string& id : ids) encodings.push_back(Id(id));
  std::sort(ids.begin(), ids.end());
  std::sort(encodings.begin(), encodings.end());
  std::vector<std::string> encodings_of_sorted;
  for (const std::string& id : ids) encodings_of_sorted.push_back(Id(id));
  EXPECT_THAT(encodings, ElementsAreArray(encodings_of_sorted));
  // No encoding is a prefix of another's, so what follows never matters.
  for (const std::string& a : encodings) {
    for (const std::string& b : encodings) {
      if (a == b) continue;
      EXPECT_NE(b.compare(0, a.size(), a), 0) << a << " / " << b;
    }
  }
}

TEST(OrderedKeyTest, IdsThenSuffixesSortAsPairs) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const std::string& id : TrickyIds()) {
    for (const std::string& suffix : TrickyIds()) pairs.emplace_back(id, suffix);
  }
  std::vector<std::string> keys;
  for (const auto& [id, suffix] : pairs) keys.push_back(Id(id) + suffix);
  std::sort(pairs.begin(), pairs.end());
  std::sort(keys.begin(), keys.end());
  std::vector<std::string> keys_of_sorted;
  for (const auto& [id, suffix] : pairs) keys_of_sorted.push_back(Id(id) + suffix);
  EXPECT_THAT(keys, ElementsAreArray(keys_of_sorted));
}

TEST(OrderedKeyTest, Uint64sKeepTheirBytesSortAndReadBack) {
  const std::vector<std::pair<uint64_t, std::string>> pins = {
      {0, "00000000000000000000"},
      {1, "00000000000000000001"},
      {255, "00000000000000000255"},
      {256, "00000000000000000256"},
      {std::numeric_limits<uint32_t>::max(), "00000000004294967295"},
      {std::numeric_limits<uint64_t>::max() - 1, "18446744073709551614"},
      {std::numeric_limits<uint64_t>::max(), "18446744073709551615"},
  };
  std::vector<std::string> encodings;
  for (const auto& [value, digits] : pins) {
    EXPECT_EQ(Uint64(value), digits);
    encodings.push_back(digits);
    const std::string key = digits + "/";
    absl::string_view rest = key;
    EXPECT_THAT(common::ReadOrderedUint64(rest), Optional(value));
    EXPECT_EQ(rest, "/");
  }
  EXPECT_TRUE(std::is_sorted(encodings.begin(), encodings.end()));
  for (const std::string& bad :
       {"0000000000000000000"s, "0000000000000000000x"s, "-0000000000000000001"s,
        "18446744073709551616"s, "99999999999999999999"s}) {
    absl::string_view key = bad;
    EXPECT_EQ(common::ReadOrderedUint64(key), std::nullopt) << bad;
    EXPECT_EQ(key, bad);
  }
}

TEST(OrderedKeyTest, TwoDigitsKeepTheirBytesAndReadBack) {
  const std::vector<std::pair<int, std::string>> pins = {
      {0, "00"}, {1, "01"}, {7, "07"}, {17, "17"}, {99, "99"}};
  for (const auto& [number, digits] : pins) {
    std::string key = "x";
    common::AppendTwoDigits(number, key);
    EXPECT_EQ(key, "x" + digits);
    absl::string_view rest = digits;
    EXPECT_THAT(common::ReadTwoDigits(rest), Optional(number));
    EXPECT_EQ(rest, "");
  }
  // Outside 0 to 99 the bytes are printf's "%02d": the width is not kept.
  for (const auto& [number, bytes] :
       std::vector<std::pair<int, std::string>>{{255, "255"}, {256, "256"}, {-1, "-1"}}) {
    std::string key;
    common::AppendTwoDigits(number, key);
    EXPECT_EQ(key, bytes);
  }
  for (const std::string& bad : {"7"s, "-1"s, "0x"s, " 7"s}) {
    absl::string_view key = bad;
    EXPECT_EQ(common::ReadTwoDigits(key), std::nullopt) << bad;
    EXPECT_EQ(key, bad);
  }
}

TEST(OrderedKeyTest, DaysKeepTheirBytesSortAndReadBack) {
  const std::vector<std::pair<absl::CivilDay, std::string>> pins = {
      {absl::CivilDay(0, 1, 1), "00000101"},     {absl::CivilDay(999, 12, 31), "09991231"},
      {absl::CivilDay(2024, 2, 29), "20240229"}, {absl::CivilDay(2026, 2, 3), "20260203"},
      {absl::CivilDay(2026, 10, 1), "20261001"}, {absl::CivilDay(9999, 12, 31), "99991231"},
  };
  std::vector<std::string> encodings;
  for (const auto& [day, digits] : pins) {
    EXPECT_TRUE(common::OrderedDayEncodable(day));
    EXPECT_EQ(Day(day), digits);
    encodings.push_back(digits);
    const std::string key = digits + "x";
    absl::string_view rest = key;
    EXPECT_THAT(common::ReadOrderedDay(rest), Optional(day));
    EXPECT_EQ(rest, "x");
  }
  EXPECT_TRUE(std::is_sorted(encodings.begin(), encodings.end()));
  // Not encodable: the year is clamped so the width stays eight.
  EXPECT_FALSE(common::OrderedDayEncodable(absl::CivilDay(-1, 12, 31)));
  EXPECT_FALSE(common::OrderedDayEncodable(absl::CivilDay(10000, 1, 1)));
  EXPECT_EQ(Day(absl::CivilDay(-1, 12, 31)), "00001231");
  EXPECT_EQ(Day(absl::CivilDay(10000, 1, 1)), "99990101");
  for (const std::string& bad :
       {"20230229"s, "20241301"s, "20240001"s, "20240100"s, "20240132"s, "2024011"s, "2024-1-1"s}) {
    absl::string_view key = bad;
    EXPECT_EQ(common::ReadOrderedDay(key), std::nullopt) << bad;
    EXPECT_EQ(key, bad);
  }
}

// --- The flow ledger's keys -----------------------------------------------------

TEST(OrderedKeyPinTest, FlowLedgerIdsKeepTheirBytes) {
  for (const PinnedId& pin : PinnedIds()) {
    EXPECT_EQ(flowledger::keys::CaseKey(pin.id), "case/"s + pin.encoded);
    EXPECT_EQ(flowledger::keys::ParticipantKey(pin.id), "participant/"s + pin.encoded);
  }
}

TEST(OrderedKeyPinTest, FlowLedgerPositionsKeepTheirBytes) {
  using flowledger::keys::DecodePosition;
  using flowledger::keys::EncodePosition;
  using flowledger::keys::ParseUndoKey;
  using flowledger::keys::UndoKey;
  const std::vector<std::pair<uint64_t, std::string>> pins = {
      {0, "00000000000000000000"},
      {1, "00000000000000000001"},
      {255, "00000000000000000255"},
      {256, "00000000000000000256"},
      {std::numeric_limits<uint32_t>::max(), "00000000004294967295"},
      {std::numeric_limits<uint64_t>::max(), "18446744073709551615"},
  };
  for (const auto& [position, digits] : pins) {
    EXPECT_EQ(EncodePosition(position), digits);
    EXPECT_EQ(UndoKey(position), "undo/" + digits);
    EXPECT_THAT(DecodePosition(digits), Optional(position));
    EXPECT_THAT(ParseUndoKey("undo/" + digits), Optional(position));
  }
  EXPECT_EQ(DecodePosition("0000000000000000000"), std::nullopt);    // 19 digits.
  EXPECT_EQ(DecodePosition("000000000000000000001"), std::nullopt);  // 21 digits.
  EXPECT_EQ(DecodePosition("0000000000000000000x"), std::nullopt);
  EXPECT_EQ(DecodePosition("-0000000000000000001"), std::nullopt);
}

TEST(OrderedKeyPinTest, FlowLedgerDaysAndNumbersKeepTheirBytes) {
  using flowledger::keys::CounterCell;
  using flowledger::keys::CounterKey;
  using flowledger::keys::CounterPrefix;
  using flowledger::keys::Measure;
  using flowledger::keys::ParseCounterKey;
  EXPECT_EQ(flowledger::keys::RecordedDayKey(absl::CivilDay(2026, 2, 3)), "recorded-day/20260203");
  EXPECT_EQ(flowledger::keys::RecordedDayKey(absl::CivilDay(0, 1, 1)), "recorded-day/00000101");
  EXPECT_EQ(flowledger::keys::RecordedDayKey(absl::CivilDay(9999, 12, 31)),
            "recorded-day/99991231");
  EXPECT_EQ(CounterPrefix(true, "ignored", Measure::kDeviationResolved), "counter/f17");
  EXPECT_EQ(CounterPrefix(false, "", Measure::kEnterEnrolled),
            "counter/p\0\x01"s
            "01");

  CounterCell cell;
  cell.gender = v1::GENDER_MAN;
  cell.age_band = "25-29";
  cell.kommun = "2480";
  cell.outcome = v1::CLOSURE_OUTCOME_STUDIES;
  const std::string key =
      CounterKey(false, "a\0"s, Measure::kLeaveClosed, absl::CivilDay(2024, 2, 29), cell);
  EXPECT_EQ(key,
            "counter/p"
            "a\0\xff\0\x01"s
            "03"
            "20240229"
            "02"
            "25-29\0\x01"s
            "2480\0\x01"s
            "\0\x01"s
            "04");
  std::optional<flowledger::keys::ParsedCounter> parsed = ParseCounterKey(key);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->platform_id, "a\0"s);
  EXPECT_EQ(parsed->day, absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(parsed->cell.referrer, "");
  EXPECT_EQ(parsed->cell.outcome, v1::CLOSURE_OUTCOME_STUDIES);
  // Not a date: 2023 has no 29 February.
  EXPECT_EQ(ParseCounterKey("counter/f0520230229"
                            "01"),
            std::nullopt);
}

TEST(OrderedKeyPinTest, FlowLedgerIdPairsSortAsPairs) {
  using flowledger::keys::CounterCell;
  using flowledger::keys::Measure;
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const std::string& from : TrickyIds()) {
    for (const std::string& to : TrickyIds()) pairs.emplace_back(from, to);
  }
  std::vector<std::string> keys;
  for (const auto& [from, to] : pairs) {
    CounterCell cell;
    cell.kind = v1::HANDOVER_KIND_PLATFORM;
    cell.from = from;
    cell.to = to;
    keys.push_back(flowledger::keys::CounterKey(false, "p", Measure::kHandoverAccepted,
                                                absl::CivilDay(2026, 1, 1), cell));
  }
  std::sort(pairs.begin(), pairs.end());
  std::vector<std::string> keys_of_sorted;
  for (const auto& [from, to] : pairs) {
    CounterCell cell;
    cell.kind = v1::HANDOVER_KIND_PLATFORM;
    cell.from = from;
    cell.to = to;
    keys_of_sorted.push_back(flowledger::keys::CounterKey(false, "p", Measure::kHandoverAccepted,
                                                          absl::CivilDay(2026, 1, 1), cell));
  }
  std::sort(keys.begin(), keys.end());
  EXPECT_THAT(keys, ElementsAreArray(keys_of_sorted));
}

// --- The case index's keys ------------------------------------------------------

TEST(OrderedKeyPinTest, CaseIndexIdsKeepTheirBytes) {
  for (const PinnedId& pin : PinnedIds()) {
    EXPECT_EQ(caseindex::keys::CaseRecordKey(pin.id), "case/"s + pin.encoded);
    EXPECT_EQ(caseindex::keys::ParticipantFactsKey(pin.id), "participant/"s + pin.encoded);
    EXPECT_EQ(caseindex::keys::ListBinding(pin.id, {pin.id}), pin.encoded + pin.encoded);
    EXPECT_THAT(caseindex::keys::ParseParticipantIdEntry("x/"s + pin.encoded, "x/"),
                Optional(pin.id));
  }
  EXPECT_EQ(caseindex::keys::ListBinding("x/", {""s, "a\0"s}),
            "x/\0\x01"s
            "\0\x01"s
            "a\0\xff\0\x01"s);
  // Malformed: no terminator, a lone escape byte at the end, an unknown escape.
  EXPECT_EQ(caseindex::keys::ParseParticipantIdEntry("x/a"s, "x/"), std::nullopt);
  EXPECT_EQ(caseindex::keys::ParseParticipantIdEntry("x/a\0"s, "x/"), std::nullopt);
  EXPECT_EQ(caseindex::keys::ParseParticipantIdEntry("x/a\0\x02\0\x01"s, "x/"), std::nullopt);
}

TEST(OrderedKeyPinTest, CaseIndexDaysAndNumbersKeepTheirBytes) {
  using caseindex::keys::EntryShape;
  using caseindex::keys::ParseListEntry;
  EXPECT_EQ(caseindex::keys::GallringPrefix(absl::CivilDay(2026, 2, 3)), "gallring/20260203");
  EXPECT_EQ(caseindex::keys::GallringPrefix(absl::CivilDay(0, 1, 1)), "gallring/00000101");
  EXPECT_EQ(caseindex::keys::GallringPrefix(absl::CivilDay(9999, 12, 31)), "gallring/99991231");
  EXPECT_EQ(caseindex::keys::PlatformStatusCasesPrefix("p\0"s, v1::CASE_RECORD_STATUS_CLOSED),
            "platform-status-cases/p\0\xff\0\x01"s
            "07");
  EXPECT_EQ(caseindex::keys::OwnerStatusCasesPrefix("", v1::CASE_RECORD_STATUS_UNSPECIFIED),
            "owner-status-cases/\0\x01"s
            "00");

  const std::string entry_key =
      "follow-ups/20240229c\0\xff\0\x01"s
      "03";
  std::optional<caseindex::keys::ListEntry> entry =
      ParseListEntry(entry_key, "follow-ups/", EntryShape::kFollowUp);
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->day, absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(entry->case_id, "c\0"s);
  EXPECT_EQ(entry->point, v1::FOLLOW_UP_POINT_12_MONTHS);
  // Not dates: no 29 February in 2023, no month 13, no day 00.
  for (const char* day : {"20230229", "20241301", "20240100", "2024011"}) {
    EXPECT_EQ(ParseListEntry("follow-ups/"s + day +
                                 "c\0\x01"s
                                 "03",
                             "follow-ups/", EntryShape::kFollowUp),
              std::nullopt)
        << day;
  }
}

TEST(OrderedKeyPinTest, CaseIndexIdPairsSortAsPairs) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const std::string& a : TrickyIds()) {
    for (const std::string& b : TrickyIds()) pairs.emplace_back(a, b);
  }
  std::vector<std::string> keys;
  for (const auto& [a, b] : pairs) keys.push_back(caseindex::keys::ListBinding(a, {b}));
  std::sort(pairs.begin(), pairs.end());
  std::vector<std::string> keys_of_sorted;
  for (const auto& [a, b] : pairs) keys_of_sorted.push_back(caseindex::keys::ListBinding(a, {b}));
  std::sort(keys.begin(), keys.end());
  EXPECT_THAT(keys, ElementsAreArray(keys_of_sorted));
}

}  // namespace
}  // namespace torg
