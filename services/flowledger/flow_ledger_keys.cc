#include "services/flowledger/flow_ledger_keys.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"

namespace torg::flowledger::keys {

namespace {

constexpr absl::string_view kLedgerParticipantTag = "participant/";
constexpr absl::string_view kLedgerCaseTag = "case/";
constexpr absl::string_view kLedgerCounterTag = "counter/";
constexpr absl::string_view kLedgerUndoTag = "undo/";
constexpr absl::string_view kLedgerRecordedDayTag = "recorded-day/";

constexpr char kLedgerForbundScope = 'f';
constexpr char kLedgerPlatformScope = 'p';
constexpr char kLedgerEscape = '\0';
constexpr char kLedgerEscapedZero = '\xff';
constexpr char kLedgerTerminator = '\x01';
constexpr size_t kLedgerDayWidth = 8;
constexpr size_t kLedgerNumberWidth = 2;
constexpr size_t kLedgerPositionWidth = 20;

void AppendLedgerId(std::string& out, absl::string_view id) {
  for (char c : id) {
    out.push_back(c);
    if (c == kLedgerEscape) out.push_back(kLedgerEscapedZero);
  }
  out.push_back(kLedgerEscape);
  out.push_back(kLedgerTerminator);
}

std::optional<std::string> ConsumeLedgerId(absl::string_view& in) {
  std::string id;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != kLedgerEscape) {
      id.push_back(in[i]);
      continue;
    }
    if (i + 1 >= in.size()) return std::nullopt;
    if (in[i + 1] == kLedgerEscapedZero) {
      id.push_back(kLedgerEscape);
      ++i;
    } else if (in[i + 1] == kLedgerTerminator) {
      in.remove_prefix(i + 2);
      return id;
    } else {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// Reads `width` ASCII digits from the front of `in`, consuming them.
std::optional<uint64_t> ConsumeLedgerDigits(absl::string_view& in, size_t width) {
  if (in.size() < width) return std::nullopt;
  uint64_t value = 0;
  for (size_t i = 0; i < width; ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(in[i]))) return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(in[i] - '0');
  }
  in.remove_prefix(width);
  return value;
}

void AppendLedgerDay(std::string& out, absl::CivilDay day) {
  // Callers check EncodableDay; clamp anyway so the width stays fixed.
  const int64_t year = std::min<int64_t>(std::max<int64_t>(day.year(), 0), 9999);
  absl::StrAppendFormat(&out, "%04d%02d%02d", year, day.month(), day.day());
}

std::optional<absl::CivilDay> ConsumeLedgerDay(absl::string_view& in) {
  absl::string_view digits = in;
  const std::optional<uint64_t> year = ConsumeLedgerDigits(digits, 4);
  const std::optional<uint64_t> month = ConsumeLedgerDigits(digits, 2);
  const std::optional<uint64_t> day = ConsumeLedgerDigits(digits, 2);
  if (!year || !month || !day) return std::nullopt;
  const absl::CivilDay civil(static_cast<int64_t>(*year), static_cast<int>(*month),
                             static_cast<int>(*day));
  // Normalisation would turn 20260231 into March: such a key was not made here.
  if (civil.month() != static_cast<int>(*month) || civil.day() != static_cast<int>(*day)) {
    return std::nullopt;
  }
  in.remove_prefix(kLedgerDayWidth);
  return civil;
}

void AppendLedgerNumber(std::string& out, int number) {
  absl::StrAppendFormat(&out, "%02d", number);
}

void AppendLedgerScope(std::string& out, bool forbund, absl::string_view platform_id) {
  if (forbund) {
    out.push_back(kLedgerForbundScope);
  } else {
    out.push_back(kLedgerPlatformScope);
    AppendLedgerId(out, platform_id);
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

enum class LedgerCellShape { kGender, kStay, kDays, kFlow, kFlowDays, kKind };

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
  }
  return LedgerCellShape::kGender;
}

constexpr uint64_t kLedgerLastMeasure = static_cast<uint64_t>(Measure::kDeviationResolved);

std::optional<int64_t> ConsumeLedgerDays(absl::string_view& in) {
  std::optional<std::string> text = ConsumeLedgerId(in);
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

bool EncodableDay(absl::CivilDay day) { return day.year() >= 0 && day.year() <= 9999; }

std::string ParticipantKey(absl::string_view participant_id) {
  std::string key(kLedgerParticipantTag);
  AppendLedgerId(key, participant_id);
  return key;
}

std::string CaseKey(absl::string_view case_id) {
  std::string key(kLedgerCaseTag);
  AppendLedgerId(key, case_id);
  return key;
}

std::string CounterPrefix(bool forbund, absl::string_view platform_id, Measure measure) {
  std::string key(kLedgerCounterTag);
  AppendLedgerScope(key, forbund, platform_id);
  AppendLedgerNumber(key, static_cast<int>(measure));
  return key;
}

std::string CounterKey(bool forbund, absl::string_view platform_id, Measure measure,
                       absl::CivilDay day, const CounterCell& cell) {
  std::string key = CounterPrefix(forbund, platform_id, measure);
  AppendLedgerDay(key, day);
  switch (LedgerCellShapeOf(measure)) {
    case LedgerCellShape::kGender:
    case LedgerCellShape::kStay:
      AppendLedgerNumber(key, static_cast<int>(cell.gender));
      if (IsStayMeasure(measure)) {
        AppendLedgerId(key, cell.age_band);
        AppendLedgerId(key, cell.kommun);
        AppendLedgerId(key, cell.referrer);
        if (measure == Measure::kLeaveClosed) {
          AppendLedgerNumber(key, static_cast<int>(cell.outcome));
        }
      }
      break;
    case LedgerCellShape::kDays:
      AppendLedgerId(key, absl::StrCat(cell.days));
      break;
    case LedgerCellShape::kFlow:
    case LedgerCellShape::kFlowDays:
      AppendLedgerNumber(key, static_cast<int>(cell.kind));
      AppendLedgerId(key, cell.from);
      AppendLedgerId(key, cell.to);
      if (measure == Measure::kHandoverWaiting) AppendLedgerId(key, absl::StrCat(cell.days));
      break;
    case LedgerCellShape::kKind:
      AppendLedgerNumber(key, static_cast<int>(cell.kind));
      break;
  }
  return key;
}

std::string CounterScanStartBefore(absl::string_view counter_prefix, absl::CivilDay day) {
  // Every key of `day` extends this string (a cell is never empty), so sorts
  // after it; every key of an earlier day sorts before it.
  std::string key(counter_prefix);
  AppendLedgerDay(key, day);
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
    std::optional<std::string> platform = ConsumeLedgerId(key);
    if (!platform.has_value()) return std::nullopt;
    parsed.platform_id = std::move(*platform);
  } else {
    return std::nullopt;
  }
  const std::optional<uint64_t> measure = ConsumeLedgerDigits(key, kLedgerNumberWidth);
  if (!measure.has_value() || *measure < 1 || *measure > kLedgerLastMeasure) return std::nullopt;
  parsed.measure = static_cast<Measure>(*measure);
  const std::optional<absl::CivilDay> day = ConsumeLedgerDay(key);
  if (!day.has_value()) return std::nullopt;
  parsed.day = *day;
  switch (LedgerCellShapeOf(parsed.measure)) {
    case LedgerCellShape::kGender:
    case LedgerCellShape::kStay:
      break;
    case LedgerCellShape::kDays: {
      const std::optional<int64_t> days = ConsumeLedgerDays(key);
      if (!days.has_value() || !key.empty()) return std::nullopt;
      parsed.cell.days = *days;
      return parsed;
    }
    case LedgerCellShape::kFlow:
    case LedgerCellShape::kFlowDays:
    case LedgerCellShape::kKind: {
      const std::optional<uint64_t> kind = ConsumeLedgerDigits(key, kLedgerNumberWidth);
      if (!kind.has_value() || !v1::HandoverKind_IsValid(static_cast<int>(*kind))) {
        return std::nullopt;
      }
      parsed.cell.kind = static_cast<v1::HandoverKind>(*kind);
      if (LedgerCellShapeOf(parsed.measure) != LedgerCellShape::kKind) {
        std::optional<std::string> from = ConsumeLedgerId(key);
        if (!from.has_value()) return std::nullopt;
        std::optional<std::string> to = ConsumeLedgerId(key);
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
  const std::optional<uint64_t> gender = ConsumeLedgerDigits(key, kLedgerNumberWidth);
  if (!gender.has_value() || !v1::Gender_IsValid(static_cast<int>(*gender))) return std::nullopt;
  parsed.cell.gender = static_cast<v1::Gender>(*gender);
  if (IsStayMeasure(parsed.measure)) {
    std::optional<std::string> age_band = ConsumeLedgerId(key);
    if (!age_band.has_value()) return std::nullopt;
    std::optional<std::string> kommun = ConsumeLedgerId(key);
    if (!kommun.has_value()) return std::nullopt;
    std::optional<std::string> referrer = ConsumeLedgerId(key);
    if (!referrer.has_value()) return std::nullopt;
    parsed.cell.age_band = std::move(*age_band);
    parsed.cell.kommun = std::move(*kommun);
    parsed.cell.referrer = std::move(*referrer);
    if (parsed.measure == Measure::kLeaveClosed) {
      const std::optional<uint64_t> outcome = ConsumeLedgerDigits(key, kLedgerNumberWidth);
      if (!outcome.has_value() || !v1::ClosureOutcome_IsValid(static_cast<int>(*outcome))) {
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
  return absl::StrFormat("%s%020u", kLedgerUndoTag, position);
}

std::optional<uint64_t> ParseUndoKey(absl::string_view key) {
  if (!absl::ConsumePrefix(&key, kLedgerUndoTag)) return std::nullopt;
  std::optional<uint64_t> position = ConsumeLedgerDigits(key, kLedgerPositionWidth);
  if (!position.has_value() || !key.empty()) return std::nullopt;
  return position;
}

std::string RecordedDayPrefix() { return std::string(kLedgerRecordedDayTag); }

std::string RecordedDayKey(absl::CivilDay day) {
  std::string key(kLedgerRecordedDayTag);
  AppendLedgerDay(key, day);
  return key;
}

std::string EncodePosition(uint64_t position) { return absl::StrFormat("%020u", position); }

std::optional<uint64_t> DecodePosition(absl::string_view bytes) {
  std::optional<uint64_t> position = ConsumeLedgerDigits(bytes, kLedgerPositionWidth);
  if (!position.has_value() || !bytes.empty()) return std::nullopt;
  return position;
}

}  // namespace torg::flowledger::keys
