#include "services/flowledger/flow_ledger_keys.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/ordered_key.h"

namespace torg::flowledger::keys {

namespace {

constexpr absl::string_view kLedgerParticipantTag = "participant/";
constexpr absl::string_view kLedgerCaseTag = "case/";
constexpr absl::string_view kLedgerCounterTag = "counter/";
constexpr absl::string_view kLedgerUndoTag = "undo/";
constexpr absl::string_view kLedgerRecordedDayTag = "recorded-day/";

constexpr char kLedgerForbundScope = 'f';
constexpr char kLedgerPlatformScope = 'p';

void AppendLedgerScope(std::string& out, bool forbund, absl::string_view platform_id) {
  if (forbund) {
    out.push_back(kLedgerForbundScope);
  } else {
    out.push_back(kLedgerPlatformScope);
    common::AppendOrderedId(platform_id, out);
  }
}

void AppendVarint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

std::optional<uint64_t> ConsumeVarint(absl::string_view& in) {
  uint64_t value = 0;
  for (size_t i = 0; i < in.size() && i < 10; ++i) {
    const auto byte = static_cast<uint8_t>(in[i]);
    value |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) {
      in.remove_prefix(i + 1);
      return value;
    }
  }
  return std::nullopt;
}

enum class LedgerCellShape { kGender, kStay, kDays, kFlow, kFlowDays, kKind, kMark };

LedgerCellShape LedgerCellShapeOf(Measure measure) {
  switch (measure) {
    case Measure::kEnterEnrolled:
    case Measure::kEnterMovedIn:
    case Measure::kLeaveClosed:
    case Measure::kLeaveMovedOut:
      return LedgerCellShape::kStay;
    case Measure::kReferralReceived:
    case Measure::kDecisionAccepted:
    case Measure::kDecisionDirected:
    case Measure::kDecisionDeclined:
      return LedgerCellShape::kGender;
    case Measure::kLeadReferralToDecision:
    case Measure::kLeadDecisionToAssessment:
    case Measure::kLeadAssessment:
    case Measure::kLeadEnrolmentToClosure:
      return LedgerCellShape::kDays;
    case Measure::kHandoverAccepted:
    case Measure::kHandoverRejected:
      return LedgerCellShape::kFlow;
    case Measure::kHandoverWaiting:
      return LedgerCellShape::kFlowDays;
    case Measure::kDeviationOpened:
    case Measure::kDeviationResolved:
      return LedgerCellShape::kKind;
    case Measure::kFlaggedFrom:
    case Measure::kFlaggedUntil:
    case Measure::kFlaggedGap:
    case Measure::kStudiesFrom:
    case Measure::kStudiesUntil:
    case Measure::kStudiesGap:
      return LedgerCellShape::kMark;
  }
  return LedgerCellShape::kGender;
}

constexpr int kLedgerLastMeasure = static_cast<int>(Measure::kStudiesGap);

std::optional<int64_t> ConsumeLedgerDays(absl::string_view& in) {
  std::optional<std::string> text = common::ReadOrderedId(in);
  int64_t days = 0;
  if (!text.has_value() || !absl::SimpleAtoi(*text, &days) || absl::StrCat(days) != *text) {
    return std::nullopt;
  }
  return days;
}

}  // namespace

bool IsDurationMeasure(Measure measure) {
  const LedgerCellShape shape = LedgerCellShapeOf(measure);
  return shape == LedgerCellShape::kDays || shape == LedgerCellShape::kFlowDays;
}

bool IsMarkGapMeasure(Measure measure) {
  return measure == Measure::kFlaggedGap || measure == Measure::kStudiesGap;
}

bool IsFlaggedMeasure(Measure measure) {
  return measure == Measure::kFlaggedFrom || measure == Measure::kFlaggedUntil ||
         measure == Measure::kFlaggedGap;
}

bool IsStudiesMeasure(Measure measure) {
  return measure == Measure::kStudiesFrom || measure == Measure::kStudiesUntil ||
         measure == Measure::kStudiesGap;
}

bool IsStayMeasure(Measure measure) { return LedgerCellShapeOf(measure) == LedgerCellShape::kStay; }

std::string AgeBand(int age) {
  if (age >= 16 && age <= 19) return "16-19";
  if (age >= 20 && age <= 24) return "20-24";
  if (age >= 25 && age <= 29) return "25-29";
  if (age >= 30 && age <= 39) return "30-39";
  if (age >= 40 && age <= 49) return "40-49";
  if (age >= 50 && age <= 64) return "50-64";
  return "other";
}

bool EncodableDay(absl::CivilDay day) { return common::OrderedDayEncodable(day); }

std::string ParticipantKey(absl::string_view participant_id) {
  std::string key(kLedgerParticipantTag);
  common::AppendOrderedId(participant_id, key);
  return key;
}

std::string CaseKey(absl::string_view case_id) {
  std::string key(kLedgerCaseTag);
  common::AppendOrderedId(case_id, key);
  return key;
}

std::string CounterPrefix(bool forbund, absl::string_view platform_id, Measure measure) {
  std::string key(kLedgerCounterTag);
  AppendLedgerScope(key, forbund, platform_id);
  common::AppendTwoDigits(static_cast<int>(measure), key);
  return key;
}

std::string CounterKey(bool forbund, absl::string_view platform_id, Measure measure,
                       absl::CivilDay day, const CounterCell& cell) {
  std::string key = CounterPrefix(forbund, platform_id, measure);
  common::AppendOrderedDay(day, key);
  switch (LedgerCellShapeOf(measure)) {
    case LedgerCellShape::kGender:
    case LedgerCellShape::kStay:
      common::AppendTwoDigits(static_cast<int>(cell.gender), key);
      if (IsStayMeasure(measure)) {
        common::AppendOrderedId(cell.age_band, key);
        common::AppendOrderedId(cell.kommun, key);
        common::AppendOrderedId(cell.referrer, key);
        if (measure == Measure::kLeaveClosed) {
          common::AppendTwoDigits(static_cast<int>(cell.outcome), key);
        }
      }
      break;
    case LedgerCellShape::kDays:
      common::AppendOrderedId(absl::StrCat(cell.days), key);
      break;
    case LedgerCellShape::kFlow:
    case LedgerCellShape::kFlowDays:
      common::AppendTwoDigits(static_cast<int>(cell.kind), key);
      common::AppendOrderedId(cell.from, key);
      common::AppendOrderedId(cell.to, key);
      if (measure == Measure::kHandoverWaiting) {
        common::AppendOrderedId(absl::StrCat(cell.days), key);
      }
      break;
    case LedgerCellShape::kKind:
      common::AppendTwoDigits(static_cast<int>(cell.kind), key);
      break;
    case LedgerCellShape::kMark:
      common::AppendTwoDigits(static_cast<int>(cell.flag), key);
      common::AppendTwoDigits(static_cast<int>(cell.gender), key);
      if (IsMarkGapMeasure(measure)) common::AppendOrderedDay(cell.before_gap, key);
      if (IsFlaggedMeasure(measure)) common::AppendOrderedId(cell.case_id, key);
      break;
  }
  return key;
}

std::string CounterScanStartBefore(absl::string_view counter_prefix, absl::CivilDay day) {
  // Every key of `day` extends this string (a cell is never empty), so sorts
  // after it; every key of an earlier day sorts before it.
  std::string key(counter_prefix);
  common::AppendOrderedDay(day, key);
  return key;
}

std::optional<ParsedCounter> ParseCounterKey(absl::string_view key) {
  if (!absl::ConsumePrefix(&key, kLedgerCounterTag) || key.empty()) return std::nullopt;
  ParsedCounter parsed;
  const char scope = key.front();
  key.remove_prefix(1);
  if (scope == kLedgerForbundScope) {
    parsed.forbund = true;
  } else if (scope == kLedgerPlatformScope) {
    std::optional<std::string> platform = common::ReadOrderedId(key);
    if (!platform.has_value()) return std::nullopt;
    parsed.platform_id = std::move(*platform);
  } else {
    return std::nullopt;
  }
  const std::optional<int> measure = common::ReadTwoDigits(key);
  if (!measure.has_value() || *measure < 1 || *measure > kLedgerLastMeasure) return std::nullopt;
  parsed.measure = static_cast<Measure>(*measure);
  const std::optional<absl::CivilDay> day = common::ReadOrderedDay(key);
  if (!day.has_value()) return std::nullopt;
  parsed.day = *day;
  switch (LedgerCellShapeOf(parsed.measure)) {
    case LedgerCellShape::kGender:
    case LedgerCellShape::kStay:
      break;
    case LedgerCellShape::kMark: {
      const std::optional<int> flag = common::ReadTwoDigits(key);
      if (!flag.has_value() || !v1::CaseFlag_IsValid(*flag)) return std::nullopt;
      // Flags count under their flag, studies under none.
      if (IsStudiesMeasure(parsed.measure) != (*flag == v1::CASE_FLAG_UNSPECIFIED)) {
        return std::nullopt;
      }
      parsed.cell.flag = static_cast<v1::CaseFlag>(*flag);
      const std::optional<int> gender = common::ReadTwoDigits(key);
      if (!gender.has_value() || !v1::Gender_IsValid(*gender)) return std::nullopt;
      parsed.cell.gender = static_cast<v1::Gender>(*gender);
      if (IsMarkGapMeasure(parsed.measure)) {
        const std::optional<absl::CivilDay> before_gap = common::ReadOrderedDay(key);
        if (!before_gap.has_value()) return std::nullopt;
        parsed.cell.before_gap = *before_gap;
      }
      if (IsFlaggedMeasure(parsed.measure)) {
        std::optional<std::string> case_id = common::ReadOrderedId(key);
        if (!case_id.has_value() || case_id->empty()) return std::nullopt;
        parsed.cell.case_id = std::move(*case_id);
      }
      if (!key.empty()) return std::nullopt;
      return parsed;
    }
    case LedgerCellShape::kDays: {
      const std::optional<int64_t> days = ConsumeLedgerDays(key);
      if (!days.has_value() || !key.empty()) return std::nullopt;
      parsed.cell.days = *days;
      return parsed;
    }
    case LedgerCellShape::kFlow:
    case LedgerCellShape::kFlowDays:
    case LedgerCellShape::kKind: {
      const std::optional<int> kind = common::ReadTwoDigits(key);
      if (!kind.has_value() || !v1::HandoverKind_IsValid(*kind)) {
        return std::nullopt;
      }
      parsed.cell.kind = static_cast<v1::HandoverKind>(*kind);
      if (LedgerCellShapeOf(parsed.measure) != LedgerCellShape::kKind) {
        std::optional<std::string> from = common::ReadOrderedId(key);
        if (!from.has_value()) return std::nullopt;
        std::optional<std::string> to = common::ReadOrderedId(key);
        if (!to.has_value()) return std::nullopt;
        parsed.cell.from = std::move(*from);
        parsed.cell.to = std::move(*to);
        if (parsed.measure == Measure::kHandoverWaiting) {
          const std::optional<int64_t> days = ConsumeLedgerDays(key);
          if (!days.has_value()) return std::nullopt;
          parsed.cell.days = *days;
        }
      }
      if (!key.empty()) return std::nullopt;
      return parsed;
    }
  }
  const std::optional<int> gender = common::ReadTwoDigits(key);
  if (!gender.has_value() || !v1::Gender_IsValid(*gender)) return std::nullopt;
  parsed.cell.gender = static_cast<v1::Gender>(*gender);
  if (IsStayMeasure(parsed.measure)) {
    std::optional<std::string> age_band = common::ReadOrderedId(key);
    if (!age_band.has_value()) return std::nullopt;
    std::optional<std::string> kommun = common::ReadOrderedId(key);
    if (!kommun.has_value()) return std::nullopt;
    std::optional<std::string> referrer = common::ReadOrderedId(key);
    if (!referrer.has_value()) return std::nullopt;
    parsed.cell.age_band = std::move(*age_band);
    parsed.cell.kommun = std::move(*kommun);
    parsed.cell.referrer = std::move(*referrer);
    if (parsed.measure == Measure::kLeaveClosed) {
      const std::optional<int> outcome = common::ReadTwoDigits(key);
      if (!outcome.has_value() || !v1::ClosureOutcome_IsValid(*outcome)) {
        return std::nullopt;
      }
      parsed.cell.outcome = static_cast<v1::ClosureOutcome>(*outcome);
    }
  }
  if (!key.empty()) return std::nullopt;
  return parsed;
}

std::string EncodeCounterValue(const CounterValue& value) {
  std::string out;
  const auto count = static_cast<uint64_t>(value.count);
  AppendVarint(out, (count << 1) ^ static_cast<uint64_t>(value.count >> 63));
  AppendVarint(out, value.last_position);
  return out;
}

std::optional<CounterValue> DecodeCounterValue(absl::string_view bytes) {
  const std::optional<uint64_t> zigzag = ConsumeVarint(bytes);
  const std::optional<uint64_t> position = ConsumeVarint(bytes);
  if (!zigzag.has_value() || !position.has_value() || !bytes.empty()) return std::nullopt;
  CounterValue value;
  value.count = static_cast<int64_t>(*zigzag >> 1) ^ -static_cast<int64_t>(*zigzag & 1);
  value.last_position = *position;
  return value;
}

std::string UndoPrefix() { return std::string(kLedgerUndoTag); }

std::string UndoKey(uint64_t position) {
  std::string key(kLedgerUndoTag);
  common::AppendOrderedUint64(position, key);
  return key;
}

std::optional<uint64_t> ParseUndoKey(absl::string_view key) {
  if (!absl::ConsumePrefix(&key, kLedgerUndoTag)) return std::nullopt;
  std::optional<uint64_t> position = common::ReadOrderedUint64(key);
  if (!position.has_value() || !key.empty()) return std::nullopt;
  return position;
}

std::string RecordedDayPrefix() { return std::string(kLedgerRecordedDayTag); }

std::string RecordedDayKey(absl::CivilDay day) {
  std::string key(kLedgerRecordedDayTag);
  common::AppendOrderedDay(day, key);
  return key;
}

std::string EncodePosition(uint64_t position) {
  std::string bytes;
  common::AppendOrderedUint64(position, bytes);
  return bytes;
}

std::optional<uint64_t> DecodePosition(absl::string_view bytes) {
  std::optional<uint64_t> position = common::ReadOrderedUint64(bytes);
  if (!position.has_value() || !bytes.empty()) return std::nullopt;
  return position;
}

}  // namespace torg::flowledger::keys
