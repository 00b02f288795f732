#include "tests/bench/synthetic_rows.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "services/casefile/case_state.h"
#include "services/casefile/personnummer.h"

namespace torg::bench {
namespace {

constexpr v1::ClosureOutcome kOutcomes[] = {v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED,
                                            v1::CLOSURE_OUTCOME_WORK_SUBSIDISED,
                                            v1::CLOSURE_OUTCOME_STUDIES,
                                            v1::CLOSURE_OUTCOME_NEED_ADAPTED_CARE,
                                            v1::CLOSURE_OUTCOME_NEED_ADAPTED_OTHER,
                                            v1::CLOSURE_OUTCOME_OTHER_MOVED,
                                            v1::CLOSURE_OUTCOME_OTHER_DECLINED,
                                            v1::CLOSURE_OUTCOME_OTHER_NO_CONTACT,
                                            v1::CLOSURE_OUTCOME_NEED_ADAPTED_OTHER_AUTHORITY};
constexpr v1::IncomeSource kIncomes[] = {
    v1::INCOME_SOURCE_SICKNESS_BENEFIT, v1::INCOME_SOURCE_ACTIVITY_COMPENSATION,
    v1::INCOME_SOURCE_UNEMPLOYMENT_BENEFIT, v1::INCOME_SOURCE_SOCIAL_ASSISTANCE};

int Between(int low, int high, std::mt19937_64& random) {
  return std::uniform_int_distribution<int>(low, high)(random);
}

std::string Personnummer(absl::CivilDay birth, int serial, bool man) {
  // The serial's last digit is odd for a man, even otherwise.
  const int with_gender = serial * 2 + (man ? 1 : 0);
  const std::string nine = absl::StrFormat("%02d%02d%02d%03d", birth.year() % 100, birth.month(),
                                           birth.day(), with_gender);
  return absl::StrFormat("%04d%02d%02d%03d%d", birth.year(), birth.month(), birth.day(),
                         with_gender, casefile::LuhnCheckDigit(nine));
}

}  // namespace

SyntheticRows::SyntheticRows(const v1::ForbundConfig& config, absl::CivilDay first_day,
                             absl::CivilDay last_day)
    : config_(config),
      first_day_(first_day),
      last_day_(last_day),
      // Old enough to be 64 at the latest on the first day, young enough to
      // be 16 by the last referral day: everyone fits some platform.
      first_birth_day_(absl::CivilDay(first_day.year() - 65, first_day.month(), first_day.day()) +
                       1),
      birth_days_(
          std::max<int64_t>(1, absl::CivilDay((last_day - 30).year() - 16, (last_day - 30).month(),
                                              (last_day - 30).day()) -
                                   first_birth_day_)) {}

int64_t SyntheticRows::MaxRows() const { return birth_days_ * kSerials; }

v1::ImportRow SyntheticRows::Row(int64_t index) const {
  std::mt19937_64 random(static_cast<uint64_t>(index) * 0x9E3779B97F4A7C15ULL + 1);
  const absl::CivilDay birth = first_birth_day_ + index % birth_days_;
  const bool man = Between(0, 1, random) == 1;
  v1::ImportRow row;
  row.set_row_number(static_cast<int32_t>(index + 2));
  row.set_personnummer(Personnummer(birth, static_cast<int>(index / birth_days_), man));
  row.set_gender(man ? v1::GENDER_MAN : v1::GENDER_WOMAN);

  // The referral: a day when the person is 16 to 64, within the period.
  const absl::CivilDay earliest =
      std::max(first_day_, absl::CivilDay(birth.year() + 16, birth.month(), birth.day()));
  const absl::CivilDay latest =
      std::min(last_day_ - 30, absl::CivilDay(birth.year() + 65, birth.month(), birth.day()) - 1);
  const absl::CivilDay referred =
      earliest + Between(0, static_cast<int>(std::max<int64_t>(0, latest - earliest)), random);
  const auto age = static_cast<uint32_t>(casefile::AgeInYears(birth, referred));
  std::vector<const v1::Platform*> fitting;
  for (const v1::Platform& platform : config_.platforms()) {
    if (age < platform.age_range().min_years() || age > platform.age_range().max_years()) continue;
    // The large platforms take most people: three draws each.
    const int weight = platform.kind() == v1::PLATFORM_KIND_LOCAL ? 1 : 3;
    for (int w = 0; w < weight; ++w) fitting.push_back(&platform);
  }
  const v1::Platform& platform = *fitting[Between(0, static_cast<int>(fitting.size()) - 1, random)];
  row.set_platform_id(platform.id());
  const auto& kommuner = platform.kommun_codes();
  row.set_kommun_code(kommuner.empty() ? config_.kommuner(0).code()
                                       : kommuner[Between(0, kommuner.size() - 1, random)]);
  row.set_education_level(v1::EDUCATION_LEVEL_UPPER_SECONDARY);
  row.add_income_at_start(kIncomes[Between(0, 3, random)]);
  row.set_time_without_work(v1::TIME_WITHOUT_WORK_1_TO_2_YEARS);
  row.set_given_name("Syntetisk");
  row.set_family_name(absl::StrFormat("Person%d", index));
  row.set_consent_form(v1::CONSENT_FORM_WRITTEN);
  row.set_sus_registration(true);
  const auto& members = platform.member_party_ids();
  const int first = Between(0, members.size() - 1, random);
  const int second = (first + 1 + Between(0, members.size() - 2, random)) % members.size();
  row.set_referring_party_id(members[first]);
  row.add_needed_party_ids(members[first]);
  row.add_needed_party_ids(members[second]);
  row.set_referral_reason("Behöver samordnat stöd från flera parter");
  row.set_violence_in_close_relationship(Between(0, 99, random) < 3);
  row.set_risk_use_or_abuse(Between(0, 99, random) < 5);
  *row.mutable_referral_date() = casefile::ToProtoDate(referred);

  // The steps that follow, each while there is time before the last day.
  const absl::CivilDay decided = referred + Between(3, 25, random);
  if (decided > last_day_) return row;
  *row.mutable_decision_date() = casefile::ToProtoDate(decided);
  row.set_case_owner_user_id(absl::StrFormat("koordinator-%d", index % 40));
  row.set_case_owner_party_id(members[first]);
  const absl::CivilDay started = decided + Between(3, 20, random);
  if (started > last_day_) return row;
  *row.mutable_assessment_start_date() = casefile::ToProtoDate(started);
  const absl::CivilDay planned = started + Between(14, 60, random);
  if (planned > last_day_) return row;
  *row.mutable_assessment_end_date() = casefile::ToProtoDate(planned);
  row.add_plan_goals("Arbetsträning 50 %");
  const absl::CivilDay closed = planned + Between(30, 420, random);
  if (closed > last_day_) return row;
  *row.mutable_closure_date() = casefile::ToProtoDate(closed);
  const v1::ClosureOutcome outcome = kOutcomes[Between(0, 8, random)];
  row.set_closure_outcome(outcome);
  row.add_income_at_end(outcome == v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED ||
                                outcome == v1::CLOSURE_OUTCOME_WORK_SUBSIDISED
                            ? v1::INCOME_SOURCE_SALARY
                            : v1::INCOME_SOURCE_SOCIAL_ASSISTANCE);
  return row;
}

}  // namespace torg::bench
