// The flow ledger's key encoding: age bands at their edges, counter keys that
// round-trip, sort by day and keep the förbund apart from every platform.

#include "services/flowledger/flow_ledger_keys.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace torg::flowledger::keys {
namespace {

using ::testing::Optional;

TEST(FlowLedgerKeysTest, AgeBandsHaveTheirEdges) {
  EXPECT_EQ(AgeBand(15), "other");
  EXPECT_EQ(AgeBand(16), "16-19");
  EXPECT_EQ(AgeBand(19), "16-19");
  EXPECT_EQ(AgeBand(20), "20-24");
  EXPECT_EQ(AgeBand(24), "20-24");
  EXPECT_EQ(AgeBand(25), "25-29");
  EXPECT_EQ(AgeBand(29), "25-29");
  EXPECT_EQ(AgeBand(30), "30-39");
  EXPECT_EQ(AgeBand(39), "30-39");
  EXPECT_EQ(AgeBand(40), "40-49");
  EXPECT_EQ(AgeBand(49), "40-49");
  EXPECT_EQ(AgeBand(50), "50-64");
  EXPECT_EQ(AgeBand(64), "50-64");
  EXPECT_EQ(AgeBand(65), "other");
  EXPECT_EQ(AgeBand(0), "other");
}

TEST(FlowLedgerKeysTest, CounterKeysRoundTrip) {
  CounterCell cell;
  cell.gender = v1::GENDER_MAN;
  cell.age_band = "25-29";
  cell.kommun = std::string(
      "24\0"
      "80",
      5);
  cell.referrer = "self";
  cell.outcome = v1::CLOSURE_OUTCOME_OTHER_REASON;
  const std::string key =
      CounterKey(false, "ung", Measure::kLeaveClosed, absl::CivilDay(2026, 2, 28), cell);
  const std::optional<ParsedCounter> parsed = ParseCounterKey(key);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_FALSE(parsed->forbund);
  EXPECT_EQ(parsed->platform_id, "ung");
  EXPECT_EQ(parsed->measure, Measure::kLeaveClosed);
  EXPECT_EQ(parsed->day, absl::CivilDay(2026, 2, 28));
  EXPECT_EQ(parsed->cell.gender, v1::GENDER_MAN);
  EXPECT_EQ(parsed->cell.age_band, "25-29");
  EXPECT_EQ(parsed->cell.kommun, cell.kommun);
  EXPECT_EQ(parsed->cell.referrer, "self");
  EXPECT_EQ(parsed->cell.outcome, v1::CLOSURE_OUTCOME_OTHER_REASON);

  const std::optional<ParsedCounter> referral = ParseCounterKey(
      CounterKey(true, "", Measure::kReferralReceived, absl::CivilDay(2026, 1, 1), cell));
  ASSERT_TRUE(referral.has_value());
  EXPECT_TRUE(referral->forbund);
  EXPECT_EQ(referral->cell.gender, v1::GENDER_MAN);
  EXPECT_EQ(referral->cell.age_band, "");

  EXPECT_FALSE(ParseCounterKey(key.substr(0, key.size() - 1)).has_value());
  EXPECT_FALSE(ParseCounterKey(key + "x").has_value());
  EXPECT_FALSE(ParseCounterKey("case/x").has_value());
}

TEST(FlowLedgerKeysTest, FlaggedAndStudyCountersRoundTrip) {
  CounterCell cell;
  cell.gender = v1::GENDER_WOMAN;
  cell.flag = v1::CASE_FLAG_RISK_USE_OR_ABUSE;
  cell.case_id = "c-17";
  const std::string flagged =
      CounterKey(false, "ung", Measure::kFlaggedUntil, absl::CivilDay(2026, 3, 31), cell);
  const std::optional<ParsedCounter> parsed = ParseCounterKey(flagged);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->measure, Measure::kFlaggedUntil);
  EXPECT_EQ(parsed->day, absl::CivilDay(2026, 3, 31));
  EXPECT_EQ(parsed->cell.flag, v1::CASE_FLAG_RISK_USE_OR_ABUSE);
  EXPECT_EQ(parsed->cell.gender, v1::GENDER_WOMAN);
  // A flagged counter is one case's: the key ends with the case's id.
  EXPECT_EQ(parsed->cell.case_id, "c-17");
  const std::string prefix = CounterPrefix(false, "ung", Measure::kFlaggedUntil);
  EXPECT_EQ(flagged, absl::StrCat(prefix, "20260331", "02", "01", "c-17", std::string("\0\1", 2)));
  CounterCell no_case = cell;
  no_case.case_id.clear();
  EXPECT_FALSE(ParseCounterKey(CounterKey(false, "ung", Measure::kFlaggedUntil,
                                          absl::CivilDay(2026, 3, 31), no_case))
                   .has_value());
  // A flag number the enum does not know is not a key made here.
  std::string unknown_flag = flagged;
  unknown_flag[prefix.size() + 8 + 1] = '9';
  EXPECT_FALSE(ParseCounterKey(unknown_flag).has_value());

  CounterCell gap;
  gap.gender = v1::GENDER_OTHER;
  gap.before_gap = absl::CivilDay(2026, 2, 20);
  const std::optional<ParsedCounter> parsed_gap =
      ParseCounterKey(CounterKey(true, "", Measure::kStudiesGap, absl::CivilDay(2026, 3, 5), gap));
  ASSERT_TRUE(parsed_gap.has_value());
  EXPECT_TRUE(parsed_gap->forbund);
  EXPECT_EQ(parsed_gap->measure, Measure::kStudiesGap);
  EXPECT_EQ(parsed_gap->day, absl::CivilDay(2026, 3, 5));
  EXPECT_EQ(parsed_gap->cell.gender, v1::GENDER_OTHER);
  EXPECT_EQ(parsed_gap->cell.before_gap, absl::CivilDay(2026, 2, 20));

  // Study counters are shared by every case: no case id in the key.
  CounterCell studies_of_a_case = gap;
  studies_of_a_case.case_id = "c-17";
  const std::optional<ParsedCounter> studies = ParseCounterKey(
      CounterKey(true, "", Measure::kStudiesFrom, absl::CivilDay(2026, 3, 5), studies_of_a_case));
  ASSERT_TRUE(studies.has_value());
  EXPECT_EQ(studies->cell.gender, v1::GENDER_OTHER);
  EXPECT_EQ(studies->cell.before_gap, absl::CivilDay());
  EXPECT_EQ(studies->cell.case_id, "");
  // Measures past the last one are not keys.
  std::string past = CounterPrefix(true, "", Measure::kStudiesGap);
  past[past.size() - 1] = '4';
  EXPECT_FALSE(ParseCounterKey(past + "20260101" + "00" + "02").has_value());
  // Studies count under no flag, flags under theirs.
  CounterCell flagged_studies = gap;
  flagged_studies.flag = v1::CASE_FLAG_VIOLENCE_IN_CLOSE_RELATIONSHIP;
  EXPECT_FALSE(ParseCounterKey(CounterKey(true, "", Measure::kStudiesFrom,
                                          absl::CivilDay(2026, 3, 5), flagged_studies))
                   .has_value());
  CounterCell unflagged = cell;
  unflagged.flag = v1::CASE_FLAG_UNSPECIFIED;
  EXPECT_FALSE(ParseCounterKey(CounterKey(true, "", Measure::kFlaggedFrom,
                                          absl::CivilDay(2026, 3, 5), unflagged))
                   .has_value());
  // A flag's gap keeps the flag and the day before the gap.
  CounterCell flag_gap = gap;
  flag_gap.flag = v1::CASE_FLAG_VIOLENCE_IN_CLOSE_RELATIONSHIP;
  flag_gap.case_id = "c-18";
  const std::optional<ParsedCounter> parsed_flag_gap = ParseCounterKey(
      CounterKey(false, "vux", Measure::kFlaggedGap, absl::CivilDay(2026, 4, 1), flag_gap));
  ASSERT_TRUE(parsed_flag_gap.has_value());
  EXPECT_EQ(parsed_flag_gap->platform_id, "vux");
  EXPECT_EQ(parsed_flag_gap->cell.flag, v1::CASE_FLAG_VIOLENCE_IN_CLOSE_RELATIONSHIP);
  EXPECT_EQ(parsed_flag_gap->cell.before_gap, absl::CivilDay(2026, 2, 20));
  EXPECT_EQ(parsed_flag_gap->cell.case_id, "c-18");
}

TEST(FlowLedgerKeysTest, TheForbundScopeIsNoPlatformsScope) {
  for (const std::string platform : {"", "f",
                                     "f\0"
                                     "01",
                                     "0"}) {
    EXPECT_NE(CounterPrefix(false, platform, Measure::kEnterEnrolled),
              CounterPrefix(true, "", Measure::kEnterEnrolled));
    EXPECT_NE(CounterPrefix(false, platform, Measure::kEnterEnrolled)
                  .rfind(CounterPrefix(true, "", Measure::kEnterEnrolled), 0),
              0u);
  }
  // No platform's counters are under another's prefix.
  EXPECT_NE(CounterPrefix(false, "ung2", Measure::kEnterEnrolled)
                .rfind(CounterPrefix(false, "ung", Measure::kEnterEnrolled), 0),
            0u);
}

TEST(FlowLedgerKeysTest, CountersSortByDayAndScanFromADay) {
  CounterCell cell;
  cell.gender = v1::GENDER_WOMAN;
  cell.age_band = "16-19";
  const std::string prefix = CounterPrefix(false, "ung", Measure::kEnterEnrolled);
  const std::string earlier =
      CounterKey(false, "ung", Measure::kEnterEnrolled, absl::CivilDay(2025, 12, 31), cell);
  const std::string on_day =
      CounterKey(false, "ung", Measure::kEnterEnrolled, absl::CivilDay(2026, 1, 1), cell);
  const std::string later =
      CounterKey(false, "ung", Measure::kEnterEnrolled, absl::CivilDay(2026, 1, 2), cell);
  EXPECT_LT(earlier, on_day);
  EXPECT_LT(on_day, later);
  const std::string start = CounterScanStartBefore(prefix, absl::CivilDay(2026, 1, 1));
  EXPECT_LT(earlier, start);
  EXPECT_LT(start, on_day);
}

TEST(FlowLedgerKeysTest, ValuesAndPositionsRoundTrip) {
  for (const CounterValue value : {CounterValue{0, 0}, CounterValue{1, 7},
                                   CounterValue{-3, 1ull << 40}, CounterValue{1 << 30, 12345}}) {
    const std::optional<CounterValue> decoded = DecodeCounterValue(EncodeCounterValue(value));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(decoded->count, value.count);
    EXPECT_EQ(decoded->last_position, value.last_position);
  }
  EXPECT_FALSE(DecodeCounterValue("\x80").has_value());
  EXPECT_FALSE(DecodeCounterValue(EncodeCounterValue({1, 2}) + "x").has_value());
  EXPECT_THAT(ParseUndoKey(UndoKey(42)), Optional(42u));
  EXPECT_LT(UndoKey(9), UndoKey(10));
  EXPECT_THAT(DecodePosition(EncodePosition(18)), Optional(18u));
  EXPECT_LT(RecordedDayKey(absl::CivilDay(2026, 3, 2)), RecordedDayKey(absl::CivilDay(2026, 3, 3)));
}

}  // namespace
}  // namespace torg::flowledger::keys
