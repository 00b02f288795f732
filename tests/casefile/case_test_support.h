#ifndef TORG_TESTS_CASEFILE_CASE_TEST_SUPPORT_H_
#define TORG_TESTS_CASEFILE_CASE_TEST_SUPPORT_H_

// Builders for case-flow tests: a small förbund, proposed steps, and states
// folded from event sequences.

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/casefile/case_decider.h"
#include "services/casefile/case_state.h"
#include "torg/v1/case_events.pb.h"
#include "torg/v1/forbund_config.pb.h"

namespace torg::casefile::testing {

inline const absl::CivilDay kToday(2026, 11, 24);

// Ungdomstorget (YOUTH 16–29), Vuxentorget (ADULT 25–64), Lokalt Vännäs
// (LOCAL, kommun 2460); parties af, fk, region, vannas.
inline v1::ForbundConfig TestConfig() {
  v1::ForbundConfig config;
  config.set_id("test");
  config.mutable_target_age()->set_min_years(16);
  config.mutable_target_age()->set_max_years(64);
  for (const char* id : {"af", "fk", "region", "vannas"}) {
    v1::Party* party = config.add_parties();
    party->set_id(id);
    party->set_name(id);
  }
  auto add_platform = [&](const char* id, v1::PlatformKind kind, int min, int max) {
    v1::Platform* platform = config.add_platforms();
    platform->set_id(id);
    platform->set_name(id);
    platform->set_kind(kind);
    platform->mutable_age_range()->set_min_years(min);
    platform->mutable_age_range()->set_max_years(max);
    return platform;
  };
  add_platform("ungdomstorget", v1::PLATFORM_KIND_YOUTH, 16, 29);
  add_platform("vuxentorget", v1::PLATFORM_KIND_ADULT, 25, 64);
  add_platform("lokalt-vannas", v1::PLATFORM_KIND_LOCAL, 16, 64)->add_kommun_codes("2460");
  return config;
}

inline v1::CaseEvent Step(absl::CivilDay day) {
  v1::CaseEvent event;
  *event.mutable_effective_date() = ToProtoDate(day);
  event.set_recorded_by("koordinator-1");
  return event;
}

inline v1::CaseEvent Referral(absl::CivilDay day, const std::string& platform = "ungdomstorget",
                              std::vector<std::string> parties = {"af", "fk"}) {
  v1::CaseEvent event = Step(day);
  v1::ReferralSubmitted* referral = event.mutable_referral_submitted();
  referral->set_case_id("case-1");
  referral->set_participant_id("participant-1");
  referral->set_platform_id(platform);
  referral->mutable_referrer()->set_party_id("af");
  for (const std::string& party : parties) referral->add_needed_party_ids(party);
  return event;
}

inline DecisionContext Context(const v1::ForbundConfig& config) {
  DecisionContext context;
  context.today = kToday;
  context.config = &config;
  context.consented_party_ids = {"af", "fk", "region", "vannas"};
  // 26: inside both the youth (16–29) and the adult (25–64) platform, so
  // platform handovers between them fit unless a test says otherwise.
  context.participant_facts = ParticipantFacts{26, "2480", {}, absl::CivilDay(2020, 1, 1)};
  return context;
}

// Folds `events` into a fresh state; the events are trusted, as from the store.
inline CaseState Fold(const std::vector<v1::CaseEvent>& events) {
  CaseState state;
  for (const v1::CaseEvent& event : events) {
    if (!Apply(state, event).ok()) std::abort();
  }
  return state;
}

}  // namespace torg::casefile::testing

#endif  // TORG_TESTS_CASEFILE_CASE_TEST_SUPPORT_H_
