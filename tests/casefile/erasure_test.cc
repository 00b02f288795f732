#include "services/casefile/erasure.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/casefile/case_state.h"
#include "tests/support/status_matchers.h"

namespace torg::casefile {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::torg::testing::IsOk;
using ::torg::testing::StatusIs;

constexpr absl::CivilDay kErasureToday(2026, 6, 15);

v1::RetentionRules Rules(uint32_t keep, uint32_t erase) {
  v1::RetentionRules rules;
  rules.set_keep_months_after_closure(keep);
  rules.set_erase_months_after_closure(erase);
  return rules;
}

ParticipantState Registered(absl::CivilDay on = absl::CivilDay(2022, 1, 10)) {
  ParticipantState state;
  v1::ParticipantEvent registered;
  *registered.mutable_effective_date() = ToProtoDate(on);
  registered.mutable_participant_registered()->set_participant_id("P1");
  registered.mutable_participant_registered()->set_identity_kind(v1::IDENTITY_KIND_PERSONNUMMER);
  EXPECT_THAT(Apply(state, registered), IsOk());
  return state;
}

v1::ParticipantEvent Erasure(absl::CivilDay on,
                             v1::ErasureReason reason = v1::ERASURE_REASON_ERASURE_REQUEST) {
  v1::ParticipantEvent event;
  *event.mutable_effective_date() = ToProtoDate(on);
  event.set_recorded_by("admin");
  event.mutable_participant_erased()->set_reason(reason);
  return event;
}

ErasureFacts EndedOn(absl::CivilDay day) {
  ErasureFacts facts;
  facts.last_case_ended_on = day;
  return facts;
}

TEST(AddMonthsTest, KeepsTheDayOrTakesTheMonthsLast) {
  EXPECT_EQ(AddMonths(absl::CivilDay(2026, 1, 15), 12), absl::CivilDay(2027, 1, 15));
  EXPECT_EQ(AddMonths(absl::CivilDay(2025, 8, 31), 6), absl::CivilDay(2026, 2, 28));
  EXPECT_EQ(AddMonths(absl::CivilDay(2027, 8, 31), 6), absl::CivilDay(2028, 2, 29));
  EXPECT_EQ(AddMonths(absl::CivilDay(2026, 3, 31), 1), absl::CivilDay(2026, 4, 30));
}

TEST(DecideErasureTest, AnOpenCaseForbidsIt) {
  ErasureFacts facts;
  facts.open_cases.push_back(OpenCase{"C1", "vuxentorget"});
  EXPECT_THAT(
      DecideErasure(Registered(), facts, Erasure(kErasureToday), kErasureToday, Rules(0, 0)),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               AllOf(HasSubstr("C1 on vuxentorget"), HasSubstr("close the case first"))));
}

TEST(DecideErasureTest, ARequestWaitsForTheKeepMonths) {
  const ErasureFacts facts = EndedOn(absl::CivilDay(2025, 9, 30));
  // 12 months after 30 September 2025 is 30 September 2026.
  EXPECT_THAT(
      DecideErasure(Registered(), facts, Erasure(kErasureToday), kErasureToday, Rules(12, 24)),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               AllOf(HasSubstr("12 months"), HasSubstr("from 2026-09-30"))));
  const absl::CivilDay later(2026, 9, 30);
  ASSERT_OK_AND_ASSIGN(std::vector<v1::ParticipantEvent> events,
                       DecideErasure(Registered(), facts, Erasure(later), later, Rules(12, 24)));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(events[0].has_participant_erased());
}

TEST(DecideErasureTest, NoMinimumAllowsARequestAtOnce) {
  EXPECT_THAT(DecideErasure(Registered(), EndedOn(kErasureToday), Erasure(kErasureToday),
                            kErasureToday, Rules(0, 0))
                  .status(),
              IsOk());
  // And a participant who never had a case ended is not held by the minimum.
  EXPECT_THAT(DecideErasure(Registered(), ErasureFacts(), Erasure(kErasureToday), kErasureToday,
                            Rules(12, 24))
                  .status(),
              IsOk());
}

TEST(DecideErasureTest, RefusesAnErasedParticipantAndBadDates) {
  ParticipantState state = Registered();
  EXPECT_THAT(
      DecideErasure(state, ErasureFacts(), Erasure(kErasureToday + 1), kErasureToday, Rules(0, 0)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("in the future")));
  EXPECT_THAT(
      DecideErasure(state, ErasureFacts(), Erasure(absl::CivilDay(2021, 1, 1)), kErasureToday,
                    Rules(0, 0)),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("before the registration")));
  EXPECT_THAT(DecideErasure(state, EndedOn(kErasureToday), Erasure(kErasureToday - 1),
                            kErasureToday, Rules(0, 0)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("last case ended")));
  EXPECT_THAT(
      DecideErasure(state, ErasureFacts(), Erasure(kErasureToday, v1::ERASURE_REASON_UNSPECIFIED),
                    kErasureToday, Rules(0, 0)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason")));

  ASSERT_THAT(Apply(state, Erasure(kErasureToday)), IsOk());
  EXPECT_TRUE(state.erased);
  EXPECT_EQ(state.erased_on, kErasureToday);
  EXPECT_THAT(
      DecideErasure(state, ErasureFacts(), Erasure(kErasureToday), kErasureToday, Rules(0, 0)),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already erased on 2026-06-15")));
}

TEST(DecideErasureTest, GallringNeedsTheRulesAndTheTime) {
  const ErasureFacts facts = EndedOn(absl::CivilDay(2024, 6, 15));
  const v1::ParticipantEvent gallring = Erasure(kErasureToday, v1::ERASURE_REASON_RETENTION);
  EXPECT_THAT(DecideErasure(Registered(), facts, gallring, kErasureToday, Rules(0, 0)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("no automatic gallring")));
  // Exactly 24 months ago is not more than 24 months ago.
  EXPECT_THAT(DecideErasure(Registered(), facts, gallring, kErasureToday, Rules(12, 24)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("not due for gallring until 2026-06-16")));
  const absl::CivilDay tomorrow = kErasureToday + 1;
  EXPECT_THAT(DecideErasure(Registered(), facts, Erasure(tomorrow, v1::ERASURE_REASON_RETENTION),
                            tomorrow, Rules(12, 24))
                  .status(),
              IsOk());
}

TEST(GallringTest, CountsFromTheLastEndOrTheRegistration) {
  const ParticipantState state = Registered(absl::CivilDay(2022, 1, 10));
  EXPECT_EQ(RetentionReferenceDay(state, ErasureFacts()), absl::CivilDay(2022, 1, 10));
  EXPECT_EQ(RetentionReferenceDay(state, EndedOn(absl::CivilDay(2023, 5, 2))),
            absl::CivilDay(2023, 5, 2));
  EXPECT_FALSE(IsDueForGallring(absl::CivilDay(2000, 1, 1), kErasureToday, Rules(0, 0)));
  EXPECT_TRUE(IsDueForGallring(absl::CivilDay(2024, 6, 14), kErasureToday, Rules(0, 24)));
  EXPECT_FALSE(IsDueForGallring(absl::CivilDay(2024, 6, 15), kErasureToday, Rules(0, 24)));
}

TEST(GallringTest, DueForGallringPicksExactlyThoseDue) {
  const std::vector<GallringCandidate> candidates = {
      {"A", absl::CivilDay(2023, 1, 1)},
      {"B", absl::CivilDay(2024, 6, 15)},
      {"C", absl::CivilDay(2024, 6, 14)},
      {"D", absl::CivilDay(2026, 1, 1)},
  };
  EXPECT_THAT(DueForGallring(candidates, kErasureToday, Rules(12, 24)), ElementsAre("A", "C"));
  EXPECT_THAT(DueForGallring(candidates, kErasureToday, Rules(0, 0)), IsEmpty());
}

TEST(ParticipantErasedTest, NoConsentAfterErasure) {
  ParticipantState state = Registered();
  ASSERT_THAT(Apply(state, Erasure(kErasureToday)), IsOk());
  v1::ParticipantEvent consent;
  *consent.mutable_effective_date() = ToProtoDate(kErasureToday);
  consent.mutable_consent_recorded()->set_consent_id("K1");
  consent.mutable_consent_recorded()->add_party_ids("af");
  consent.mutable_consent_recorded()->set_form(v1::CONSENT_FORM_WRITTEN);
  EXPECT_THAT(DecideConsent(state, consent, kErasureToday, v1::ForbundConfig()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("erased")));
}

}  // namespace
}  // namespace torg::casefile
