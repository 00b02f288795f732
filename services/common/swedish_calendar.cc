#include "services/common/swedish_calendar.h"

#include "absl/time/clock.h"

namespace torg::common {
namespace {

// The last Sunday of `month` in `year`, at 01:00 UTC: when EU summer time
// starts (March) and ends (October).
absl::Time EuTransition(int year, int month) {
  absl::CivilDay last(year, month + 1, 1);
  last -= 1;
  while (absl::GetWeekday(last) != absl::Weekday::sunday) last -= 1;
  return absl::FromCivil(absl::CivilSecond(last.year(), last.month(), last.day(), 1, 0, 0),
                         absl::UTCTimeZone());
}

absl::CivilDay CentralEuropeanDay(absl::Time instant) {
  const int year = static_cast<int>(absl::ToCivilYear(instant, absl::UTCTimeZone()).year());
  const bool summer = instant >= EuTransition(year, 3) && instant < EuTransition(year, 10);
  return absl::ToCivilDay(instant, absl::FixedTimeZone(summer ? 7200 : 3600));
}

}  // namespace

absl::CivilDay SwedishDay(absl::Time instant) {
  struct LoadedZone {
    absl::TimeZone zone;
    bool loaded = false;
  };
  static const LoadedZone kStockholm = [] {
    LoadedZone stockholm;
    stockholm.loaded = absl::LoadTimeZone("Europe/Stockholm", &stockholm.zone);
    return stockholm;
  }();
  if (!kStockholm.loaded) return CentralEuropeanDay(instant);
  return absl::ToCivilDay(instant, kStockholm.zone);
}

Clock SystemClock() {
  return [] { return absl::Now(); };
}

}  // namespace torg::common
