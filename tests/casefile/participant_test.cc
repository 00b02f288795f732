#include "services/casefile/participant.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/casefile/case_test_support.h"
#include "tests/support/status_matchers.h"

namespace torg::casefile {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::torg::casefile::testing::kToday;
using ::torg::casefile::testing::TestConfig;
using ::torg::testing::IsOk;
using ::torg::testing::StatusIs;
using ParticipantEvent = v1::ParticipantEvent;

v1::ForbundConfig ConfigWithKommuner() {
  v1::ForbundConfig config = TestConfig();
  for (const char* code : {"2480", "2460"}) config.add_kommuner()->set_code(code);
  return config;
}

RegistrationRequest Identified() {
  RegistrationRequest request;
  request.personnummer = "19811218-9876";
  request.gender = v1::GENDER_MAN;
  request.kommun_code = "2480";
  request.income_at_start = {v1::INCOME_SOURCE_SICKNESS_BENEFIT};
  return request;
}

TEST(RegistrationTest, IdentifiedParticipantGetsKindAndBirthYearFromTheNumber) {
  const v1::ForbundConfig config = ConfigWithKommuner();
  ASSERT_OK_AND_ASSIGN(ValidRegistration valid, ValidateRegistration(Identified(), kToday, config));
  EXPECT_EQ(valid.identity_kind, v1::IDENTITY_KIND_PERSONNUMMER);
  EXPECT_EQ(valid.birth_year, 1981);
  ASSERT_TRUE(valid.personnummer.has_value());
  EXPECT_EQ(valid.personnummer->normalized(), "198112189876");

  RegistrationRequest samordning = Identified();
  samordning.personnummer = "850870-1235";
  ASSERT_OK_AND_ASSIGN(valid, ValidateRegistration(samordning, kToday, config));
  EXPECT_EQ(valid.identity_kind, v1::IDENTITY_KIND_SAMORDNINGSNUMMER);
}

TEST(RegistrationTest, AnonymousParticipantNeedsAPlausibleBirthYear) {
  const v1::ForbundConfig config = ConfigWithKommuner();
  RegistrationRequest anonymous = Identified();
  anonymous.personnummer.clear();
  EXPECT_THAT(ValidateRegistration(anonymous, kToday, config),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("birth_year")));
  anonymous.birth_year = 2027;
  EXPECT_THAT(ValidateRegistration(anonymous, kToday, config),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("birth_year")));
  anonymous.birth_year = 1999;
  ASSERT_OK_AND_ASSIGN(ValidRegistration valid, ValidateRegistration(anonymous, kToday, config));
  EXPECT_EQ(valid.identity_kind, v1::IDENTITY_KIND_ANONYMOUS);
  EXPECT_FALSE(valid.personnummer.has_value());
  EXPECT_EQ(valid.birth_year, 1999);
}

TEST(RegistrationTest, EachMissingOrWrongFactIsNamed) {
  const v1::ForbundConfig config = ConfigWithKommuner();
  RegistrationRequest bad_number = Identified();
  bad_number.personnummer = "811218-9875";
  EXPECT_THAT(ValidateRegistration(bad_number, kToday, config),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("personnummer: the check")));
  RegistrationRequest no_gender = Identified();
  no_gender.gender = v1::GENDER_UNSPECIFIED;
  EXPECT_THAT(ValidateRegistration(no_gender, kToday, config),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("gender")));
  RegistrationRequest elsewhere = Identified();
  elsewhere.kommun_code = "0180";
  EXPECT_THAT(ValidateRegistration(elsewhere, kToday, config),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("0180")));
  RegistrationRequest no_income = Identified();
  no_income.income_at_start.clear();
  EXPECT_THAT(ValidateRegistration(no_income, kToday, config),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("income_at_start")));
  no_income.income_at_start = {v1::INCOME_SOURCE_UNSPECIFIED};
  EXPECT_THAT(ValidateRegistration(no_income, kToday, config),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("income_at_start")));
}

class ConsentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ParticipantEvent registered = Event(absl::CivilDay(2026, 2, 1));
    registered.mutable_participant_registered()->set_participant_id("p1");
    ASSERT_OK(Apply(state_, registered));
  }
  static ParticipantEvent Event(absl::CivilDay day) {
    ParticipantEvent event;
    *event.mutable_effective_date() = ToProtoDate(day);
    event.set_recorded_by("koordinator-1");
    return event;
  }
  static ParticipantEvent Record(const std::string& id, std::vector<std::string> parties,
                                 v1::ConsentForm form = v1::CONSENT_FORM_WRITTEN,
                                 bool sus = false) {
    ParticipantEvent event = Event(absl::CivilDay(2026, 2, 3));
    v1::ConsentRecorded* recorded = event.mutable_consent_recorded();
    recorded->set_consent_id(id);
    for (const std::string& party : parties) recorded->add_party_ids(party);
    recorded->set_form(form);
    recorded->set_sus_registration(sus);
    return event;
  }
  static ParticipantEvent Withdraw(const std::string& id) {
    ParticipantEvent event = Event(absl::CivilDay(2026, 3, 1));
    event.mutable_consent_withdrawn()->set_consent_id(id);
    return event;
  }
  absl::Status Take(const ParticipantEvent& step) {
    absl::StatusOr<std::vector<ParticipantEvent>> events =
        DecideConsent(state_, step, kToday, config_);
    if (!events.ok()) return events.status();
    for (const ParticipantEvent& event : *events) {
      if (absl::Status applied = Apply(state_, event); !applied.ok()) return applied;
    }
    return absl::OkStatus();
  }

  v1::ForbundConfig config_ = ConfigWithKommuner();
  ParticipantState state_;
};

TEST_F(ConsentTest, ConsentedPartiesAreTheUnionOfCurrentConsentsAndWithdrawalActsAtOnce) {
  ASSERT_OK(Take(Record("c1", {"af", "fk"})));
  ASSERT_OK(Take(Record("c2", {"fk", "region"})));
  EXPECT_THAT(ConsentedParties(state_), ElementsAre("af", "fk", "region"));
  ASSERT_OK(Take(Withdraw("c2")));
  EXPECT_THAT(ConsentedParties(state_), ElementsAre("af", "fk"));
  EXPECT_THAT(Take(Withdraw("c2")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already withdrawn")));
  EXPECT_THAT(Take(Withdraw("c9")), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(ConsentTest, SusRegistrationNeedsWrittenConsentThatStillHolds) {
  EXPECT_THAT(Take(Record("c1", {"af"}, v1::CONSENT_FORM_ORAL, /*sus=*/true)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("written consent")));
  EXPECT_FALSE(MayRegisterInSus(state_));
  ASSERT_OK(Take(Record("c1", {"af"}, v1::CONSENT_FORM_WRITTEN, /*sus=*/true)));
  EXPECT_TRUE(MayRegisterInSus(state_));
  ASSERT_OK(Take(Withdraw("c1")));
  EXPECT_FALSE(MayRegisterInSus(state_));
}

TEST_F(ConsentTest, MalformedConsentIsRefused) {
  EXPECT_THAT(Take(Record("c1", {})), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Take(Record("c1", {"ghost"})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("ghost")));
  EXPECT_THAT(Take(Record("c1", {"af"}, v1::CONSENT_FORM_UNSPECIFIED)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("form")));
  ASSERT_OK(Take(Record("c1", {"af"})));
  EXPECT_THAT(Take(Record("c1", {"fk"})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("must be new")));
  ParticipantEvent early = Record("c2", {"af"});
  *early.mutable_effective_date() = ToProtoDate(absl::CivilDay(2026, 1, 31));
  EXPECT_THAT(Take(early), StatusIs(absl::StatusCode::kFailedPrecondition,
                                    HasSubstr("before the registration")));
  ParticipantEvent future = Record("c2", {"af"});
  *future.mutable_effective_date() = ToProtoDate(kToday + 1);
  EXPECT_THAT(Take(future), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("future")));
}

TEST(ConsentRulesTest, UnregisteredParticipantCannotConsent) {
  const v1::ForbundConfig config = ConfigWithKommuner();
  ParticipantEvent step;
  *step.mutable_effective_date() = ToProtoDate(kToday);
  step.mutable_consent_withdrawn()->set_consent_id("c1");
  EXPECT_THAT(DecideConsent(ParticipantState{}, step, kToday, config),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("not registered")));
}

}  // namespace
}  // namespace torg::casefile
