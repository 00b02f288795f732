// IntakeService's participant RPCs: RegisterParticipant, FindParticipant,
// RecordConsent and WithdrawConsent.

#include "services/casefile/personnummer.h"
#include "tests/caseflow/caseflow_fixture.h"

namespace torg::caseflow_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::torg::testing::IsOk;
using ::torg::testing::StatusIs;

constexpr absl::CivilDay kBirth(1988, 4, 17);

using ParticipantIntakeTest = CaseFlowTest;

TEST_F(ParticipantIntakeTest, RegistersATwelveDigitPersonnummerAndShowsTheOpenedIdentity) {
  const std::string number = NewPersonnummer(kBirth);
  v1::RegisterParticipantRequest request = RegistrationOf(number);
  request.set_email("testa@example.se");
  request.set_address("Storgatan 1, 903 26 Umeå");
  const uint64_t before = LastPosition();

  ASSERT_OK_AND_ASSIGN(v1::RegisterParticipantResponse response, RegisterParticipant(request));

  EXPECT_FALSE(response.replayed());
  const v1::Participant& participant = response.participant();
  EXPECT_FALSE(participant.participant_id().empty());
  EXPECT_EQ(participant.identity_kind(), v1::IDENTITY_KIND_PERSONNUMMER);
  EXPECT_EQ(participant.personnummer(), number);
  EXPECT_EQ(participant.given_name(), "Testa");
  EXPECT_EQ(participant.family_name(), "Deltagarsson");
  EXPECT_EQ(participant.phone(), "090-123 45");
  EXPECT_EQ(participant.email(), "testa@example.se");
  EXPECT_EQ(participant.address(), "Storgatan 1, 903 26 Umeå");
  EXPECT_EQ(participant.birth_year(), 1988);
  EXPECT_EQ(participant.gender(), v1::GENDER_WOMAN);
  EXPECT_EQ(participant.kommun_code(), "2480");
  EXPECT_EQ(participant.education_level(), v1::EDUCATION_LEVEL_UPPER_SECONDARY);
  EXPECT_THAT(participant.income_at_start(), ElementsAre(v1::INCOME_SOURCE_SICKNESS_BENEFIT));
  EXPECT_EQ(participant.time_without_work(), v1::TIME_WITHOUT_WORK_1_TO_2_YEARS);
  EXPECT_EQ(DayOf(participant.registered_on()), kPinnedToday);
  EXPECT_THAT(participant.consents(), IsEmpty());
  EXPECT_EQ(participant.version(), 1u);
  EXPECT_EQ(LastPosition(), before + 1);

  v1::GetParticipantRequest get;
  get.set_participant_id(participant.participant_id());
  ASSERT_OK_AND_ASSIGN(v1::GetParticipantResponse read, GetParticipant(get));
  EXPECT_EQ(read.participant().personnummer(), number);
  EXPECT_EQ(read.participant().given_name(), "Testa");
  EXPECT_THAT(read.cases(), IsEmpty());
}

TEST_F(ParticipantIntakeTest, RegistersTheTenDigitFormsAndNormalisesThem) {
  const std::string minus = NewPersonnummer(kBirth);
  ASSERT_OK_AND_ASSIGN(v1::RegisterParticipantResponse with_minus,
                       RegisterParticipant(RegistrationOf(TenDigitForm(minus, '-'))));
  EXPECT_EQ(with_minus.participant().personnummer(), minus);
  EXPECT_EQ(with_minus.participant().birth_year(), 1988);

  // Born 1925: 101 in 2026, so written with '+'.
  const std::string centenarian = NewPersonnummer(absl::CivilDay(1925, 10, 10));
  ASSERT_OK_AND_ASSIGN(v1::RegisterParticipantResponse with_plus,
                       RegisterParticipant(RegistrationOf(TenDigitForm(centenarian, '+'))));
  EXPECT_EQ(with_plus.participant().personnummer(), centenarian);
  EXPECT_EQ(with_plus.participant().birth_year(), 1925);
}

TEST_F(ParticipantIntakeTest, RegistersASamordningsnummer) {
  const std::string number = NewSamordningsnummer(absl::CivilDay(1990, 4, 5));
  EXPECT_EQ(number.substr(6, 2), "65");
  ASSERT_OK_AND_ASSIGN(v1::RegisterParticipantResponse response,
                       RegisterParticipant(RegistrationOf(number)));
  EXPECT_EQ(response.participant().identity_kind(), v1::IDENTITY_KIND_SAMORDNINGSNUMMER);
  EXPECT_EQ(response.participant().personnummer(), number);
  EXPECT_EQ(response.participant().birth_year(), 1990);
}

TEST_F(ParticipantIntakeTest, RefusesMalformedNumbersNamingTheField) {
  const std::string good = NewPersonnummer(kBirth);
  std::string bad_check = good;
  bad_check.back() = bad_check.back() == '9' ? '0' : static_cast<char>(bad_check.back() + 1);
  ExpectRejectedAndUnchanged([&] { return RegisterParticipant(RegistrationOf(bad_check)); },
                             absl::StatusCode::kInvalidArgument, "check digit");
  ExpectRejectedAndUnchanged([&] { return RegisterParticipant(RegistrationOf(bad_check)); },
                             absl::StatusCode::kInvalidArgument, "personnummer: ");

  // 31 February does not exist; the check digit is right for the digits.
  const std::string no_such_date = PersonnummerFor(absl::CivilDay(1990, 2, 28), 123);
  std::string feb31 = no_such_date.substr(0, 6) + "31" + no_such_date.substr(8, 3);
  feb31 += std::to_string(casefile::LuhnCheckDigit(feb31.substr(2, 9)));
  ExpectRejectedAndUnchanged([&] { return RegisterParticipant(RegistrationOf(feb31)); },
                             absl::StatusCode::kInvalidArgument, "does not exist");

  ExpectRejectedAndUnchanged(
      [&] { return RegisterParticipant(RegistrationOf(good.substr(0, 11))); },
      absl::StatusCode::kInvalidArgument, "10 or 12 digits");
  ExpectRejectedAndUnchanged([&] { return RegisterParticipant(RegistrationOf("19880417-12a4")); },
                             absl::StatusCode::kInvalidArgument, "only digits");
}

TEST_F(ParticipantIntakeTest, RegistersAnAnonymousParticipantByBirthYearAndGender) {
  v1::RegisterParticipantRequest request = RegistrationOf("");
  request.clear_given_name();
  request.clear_family_name();
  request.set_birth_year(1999);
  request.set_gender(v1::GENDER_MAN);
  ASSERT_OK_AND_ASSIGN(v1::RegisterParticipantResponse response, RegisterParticipant(request));
  EXPECT_EQ(response.participant().identity_kind(), v1::IDENTITY_KIND_ANONYMOUS);
  EXPECT_EQ(response.participant().personnummer(), "");
  EXPECT_EQ(response.participant().birth_year(), 1999);
  EXPECT_EQ(response.participant().gender(), v1::GENDER_MAN);

  // Two anonymous people born the same year are two participants.
  request.set_request_id(NewRequestId());
  ASSERT_OK_AND_ASSIGN(v1::RegisterParticipantResponse second, RegisterParticipant(request));
  EXPECT_NE(second.participant().participant_id(), response.participant().participant_id());
}

TEST_F(ParticipantIntakeTest, RefusesAnAnonymousParticipantWithANameOrWithoutBirthYear) {
  v1::RegisterParticipantRequest named = RegistrationOf("");
  named.set_birth_year(1999);
  ExpectRejectedAndUnchanged([&] { return RegisterParticipant(named); },
                             absl::StatusCode::kInvalidArgument, "without a name");

  v1::RegisterParticipantRequest no_year = RegistrationOf("");
  no_year.clear_given_name();
  no_year.clear_family_name();
  ExpectRejectedAndUnchanged([&] { return RegisterParticipant(no_year); },
                             absl::StatusCode::kInvalidArgument, "birth_year");
}

TEST_F(ParticipantIntakeTest, RefusesMissingGenderForeignKommunAndNoIncome) {
  v1::RegisterParticipantRequest no_gender = RegistrationOf(NewPersonnummer(kBirth));
  no_gender.clear_gender();
  ExpectRejectedAndUnchanged([&] { return RegisterParticipant(no_gender); },
                             absl::StatusCode::kInvalidArgument, "gender");

  v1::RegisterParticipantRequest stockholm = RegistrationOf(NewPersonnummer(kBirth));
  stockholm.set_kommun_code("0180");
  ExpectRejectedAndUnchanged([&] { return RegisterParticipant(stockholm); },
                             absl::StatusCode::kInvalidArgument, "kommun_code 0180");

  v1::RegisterParticipantRequest no_income = RegistrationOf(NewPersonnummer(kBirth));
  no_income.clear_income_at_start();
  ExpectRejectedAndUnchanged([&] { return RegisterParticipant(no_income); },
                             absl::StatusCode::kInvalidArgument, "income_at_start");
}

TEST_F(ParticipantIntakeTest, RefusesAFutureRegistrationDate) {
  v1::RegisterParticipantRequest request = RegistrationOf(NewPersonnummer(kBirth));
  *request.mutable_effective_date() = DateOf(kPinnedToday + 1);
  ExpectRejectedAndUnchanged([&] { return RegisterParticipant(request); },
                             absl::StatusCode::kInvalidArgument, "future");
}

TEST_F(ParticipantIntakeTest, RefusesTheSameNumberTwiceInAnyFormNamingTheFirstParticipant) {
  const std::string number = NewPersonnummer(kBirth);
  ASSERT_OK_AND_ASSIGN(v1::RegisterParticipantResponse first,
                       RegisterParticipant(RegistrationOf(number)));
  const std::string first_id = first.participant().participant_id();

  ExpectRejectedAndUnchanged([&] { return RegisterParticipant(RegistrationOf(number)); },
                             absl::StatusCode::kAlreadyExists, first_id);
  ExpectRejectedAndUnchanged(
      [&] { return RegisterParticipant(RegistrationOf(TenDigitForm(number, '-'))); },
      absl::StatusCode::kAlreadyExists, first_id);
  ExpectRejectedAndUnchanged(
      [&] {
        return RegisterParticipant(RegistrationOf(number.substr(0, 8) + "-" + number.substr(8, 4)));
      },
      absl::StatusCode::kAlreadyExists, first_id);
}

TEST_F(ParticipantIntakeTest, ARetryReplaysTheFirstRegistrationAndWritesNothing) {
  const v1::RegisterParticipantRequest request = RegistrationOf(NewPersonnummer(kBirth));
  ASSERT_OK_AND_ASSIGN(v1::RegisterParticipantResponse first, RegisterParticipant(request));
  EXPECT_FALSE(first.replayed());
  const StoreSnapshot before = Snapshot();

  ASSERT_OK_AND_ASSIGN(v1::RegisterParticipantResponse retry, RegisterParticipant(request));

  EXPECT_TRUE(retry.replayed());
  EXPECT_EQ(retry.participant().participant_id(), first.participant().participant_id());
  EXPECT_EQ(retry.participant().personnummer(), first.participant().personnummer());
  EXPECT_EQ(retry.participant().given_name(), "Testa");
  EXPECT_TRUE(Snapshot() == before) << "a replayed registration wrote something";
}

TEST_F(ParticipantIntakeTest, RefusesAReusedRequestIdForAnotherRequestAndAMissingOne) {
  const v1::RegisterParticipantRequest request = RegistrationOf(NewPersonnummer(kBirth));
  ASSERT_THAT(RegisterParticipant(request), IsOk());

  v1::RegisterParticipantRequest other = RegistrationOf(NewPersonnummer(kBirth));
  other.set_request_id(request.request_id());
  ExpectRejectedAndUnchanged([&] { return RegisterParticipant(other); },
                             absl::StatusCode::kInvalidArgument, "different request");

  v1::RegisterParticipantRequest without_id = RegistrationOf(NewPersonnummer(kBirth));
  without_id.clear_request_id();
  ExpectRejectedAndUnchanged([&] { return RegisterParticipant(without_id); },
                             absl::StatusCode::kInvalidArgument, "request_id is required");

  v1::RegisterParticipantRequest too_long = RegistrationOf(NewPersonnummer(kBirth));
  too_long.set_request_id(std::string(201, 'x'));
  ExpectRejectedAndUnchanged([&] { return RegisterParticipant(too_long); },
                             absl::StatusCode::kInvalidArgument, "request_id");
}

TEST_F(ParticipantIntakeTest, FindsAParticipantByAnyFormOfTheNumber) {
  const std::string number = NewPersonnummer(kBirth);
  ASSERT_OK_AND_ASSIGN(v1::RegisterParticipantResponse registered,
                       RegisterParticipant(RegistrationOf(number)));
  const std::string id = registered.participant().participant_id();

  for (const std::string& form :
       {number, TenDigitForm(number, '-'), TenDigitForm(number, '-').erase(6, 1),
        number.substr(0, 8) + "-" + number.substr(8, 4), " " + number + " "}) {
    SCOPED_TRACE(form);
    v1::FindParticipantRequest find;
    find.set_personnummer(form);
    ASSERT_OK_AND_ASSIGN(v1::FindParticipantResponse found, FindParticipant(find));
    EXPECT_EQ(found.participant_id(), id);
  }

  const std::string samordning = NewSamordningsnummer(absl::CivilDay(1979, 12, 1));
  ASSERT_OK_AND_ASSIGN(v1::RegisterParticipantResponse coordinated,
                       RegisterParticipant(RegistrationOf(samordning)));
  v1::FindParticipantRequest find_samordning;
  find_samordning.set_personnummer(TenDigitForm(samordning, '-'));
  ASSERT_OK_AND_ASSIGN(v1::FindParticipantResponse found, FindParticipant(find_samordning));
  EXPECT_EQ(found.participant_id(), coordinated.participant().participant_id());
}

TEST_F(ParticipantIntakeTest, FindAnswersNotFoundForAnUnknownAndInvalidForAMalformedNumber) {
  v1::FindParticipantRequest unknown;
  unknown.set_personnummer(NewPersonnummer(kBirth));
  EXPECT_THAT(FindParticipant(unknown),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("no participant")));

  v1::FindParticipantRequest malformed;
  malformed.set_personnummer("12345");
  EXPECT_THAT(FindParticipant(malformed), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(ParticipantIntakeTest, RecordsAndWithdrawsConsent) {
  ASSERT_OK_AND_ASSIGN(v1::Participant participant, RegisterPerson(kBirth));
  v1::RecordConsentRequest request;
  request.set_request_id(NewRequestId());
  request.set_participant_id(participant.participant_id());
  request.add_party_ids("af");
  request.add_party_ids("fk");
  request.set_form(v1::CONSENT_FORM_WRITTEN);
  request.set_sus_registration(true);
  request.set_expected_version(1);
  ASSERT_OK_AND_ASSIGN(v1::RecordConsentResponse first, RecordConsent(request));
  EXPECT_FALSE(first.replayed());
  EXPECT_FALSE(first.consent_id().empty());
  EXPECT_THAT(first.participant().consented_party_ids(), ElementsAre("af", "fk"));
  EXPECT_EQ(first.participant().version(), 2u);
  ASSERT_EQ(first.participant().consents_size(), 1);
  EXPECT_EQ(first.participant().consents(0).consent_id(), first.consent_id());
  EXPECT_EQ(first.participant().consents(0).form(), v1::CONSENT_FORM_WRITTEN);
  EXPECT_TRUE(first.participant().consents(0).sus_registration());
  EXPECT_EQ(DayOf(first.participant().consents(0).given_on()), kPinnedToday);

  // A retry answers with the same consent and records nothing.
  const uint64_t position = LastPosition();
  ASSERT_OK_AND_ASSIGN(v1::RecordConsentResponse retry, RecordConsent(request));
  EXPECT_TRUE(retry.replayed());
  EXPECT_EQ(retry.consent_id(), first.consent_id());
  EXPECT_EQ(LastPosition(), position);

  v1::RecordConsentRequest oral;
  oral.set_request_id(NewRequestId());
  oral.set_participant_id(participant.participant_id());
  oral.add_party_ids("region-vasterbotten");
  oral.set_form(v1::CONSENT_FORM_ORAL);
  ASSERT_OK_AND_ASSIGN(v1::RecordConsentResponse second, RecordConsent(oral));
  EXPECT_THAT(second.participant().consented_party_ids(),
              ElementsAre("af", "fk", "region-vasterbotten"));

  v1::WithdrawConsentRequest withdraw;
  withdraw.set_request_id(NewRequestId());
  withdraw.set_participant_id(participant.participant_id());
  withdraw.set_consent_id(first.consent_id());
  ASSERT_OK_AND_ASSIGN(v1::WithdrawConsentResponse withdrawn, WithdrawConsent(withdraw));
  EXPECT_FALSE(withdrawn.replayed());
  EXPECT_THAT(withdrawn.participant().consented_party_ids(), ElementsAre("region-vasterbotten"));
  EXPECT_TRUE(withdrawn.participant().consents(0).withdrawn());
  EXPECT_FALSE(withdrawn.participant().consents(1).withdrawn());

  ASSERT_OK_AND_ASSIGN(v1::WithdrawConsentResponse withdraw_retry, WithdrawConsent(withdraw));
  EXPECT_TRUE(withdraw_retry.replayed());

  // Withdrawing it again under a new request id is a state error.
  withdraw.set_request_id(NewRequestId());
  ExpectRejectedAndUnchanged([&] { return WithdrawConsent(withdraw); },
                             absl::StatusCode::kFailedPrecondition, "already withdrawn");

  v1::WithdrawConsentRequest unknown = withdraw;
  unknown.set_request_id(NewRequestId());
  unknown.set_consent_id("NO-SUCH-CONSENT");
  ExpectRejectedAndUnchanged([&] { return WithdrawConsent(unknown); },
                             absl::StatusCode::kFailedPrecondition, "NO-SUCH-CONSENT");
}

TEST_F(ParticipantIntakeTest, RefusesMalformedConsent) {
  ASSERT_OK_AND_ASSIGN(v1::Participant participant, RegisterPerson(kBirth));
  auto consent = [&] {
    v1::RecordConsentRequest request;
    request.set_request_id(NewRequestId());
    request.set_participant_id(participant.participant_id());
    request.add_party_ids("af");
    request.add_party_ids("fk");
    request.set_form(v1::CONSENT_FORM_WRITTEN);
    return request;
  };

  v1::RecordConsentRequest unknown_party = consent();
  unknown_party.add_party_ids("skatteverket");
  ExpectRejectedAndUnchanged([&] { return RecordConsent(unknown_party); },
                             absl::StatusCode::kInvalidArgument, "skatteverket");

  v1::RecordConsentRequest no_parties = consent();
  no_parties.clear_party_ids();
  ExpectRejectedAndUnchanged([&] { return RecordConsent(no_parties); },
                             absl::StatusCode::kInvalidArgument, "parties");

  v1::RecordConsentRequest no_form = consent();
  no_form.clear_form();
  ExpectRejectedAndUnchanged([&] { return RecordConsent(no_form); },
                             absl::StatusCode::kInvalidArgument, "form of consent");

  v1::RecordConsentRequest oral_sus = consent();
  oral_sus.set_form(v1::CONSENT_FORM_ORAL);
  oral_sus.set_sus_registration(true);
  ExpectRejectedAndUnchanged([&] { return RecordConsent(oral_sus); },
                             absl::StatusCode::kInvalidArgument, "written consent");

  v1::RecordConsentRequest future = consent();
  *future.mutable_effective_date() = DateOf(kPinnedToday + 3);
  ExpectRejectedAndUnchanged([&] { return RecordConsent(future); },
                             absl::StatusCode::kInvalidArgument, "future");

  v1::RecordConsentRequest before_registration = consent();
  *before_registration.mutable_effective_date() = DateOf(kPinnedToday - 91);
  ExpectRejectedAndUnchanged([&] { return RecordConsent(before_registration); },
                             absl::StatusCode::kFailedPrecondition, "before the registration");

  v1::RecordConsentRequest nobody = consent();
  nobody.set_participant_id("NOSUCHPERSON");
  ExpectRejectedAndUnchanged([&] { return RecordConsent(nobody); },
                             absl::StatusCode::kPermissionDenied, "NOSUCHPERSON");

  v1::RecordConsentRequest no_id = consent();
  no_id.clear_request_id();
  ExpectRejectedAndUnchanged([&] { return RecordConsent(no_id); },
                             absl::StatusCode::kInvalidArgument, "request_id");
}

TEST_F(ParticipantIntakeTest, ConsentWithAStaleExpectedVersionIsAbortedAndWritesNothing) {
  ASSERT_OK_AND_ASSIGN(v1::Participant participant, RegisterPerson(kBirth));
  ASSERT_OK_AND_ASSIGN(std::string consent_id, GiveConsent(participant.participant_id()));

  v1::RecordConsentRequest stale;
  stale.set_request_id(NewRequestId());
  stale.set_participant_id(participant.participant_id());
  stale.add_party_ids("af");
  stale.set_form(v1::CONSENT_FORM_ORAL);
  stale.set_expected_version(1);
  ExpectRejectedAndUnchanged([&] { return RecordConsent(stale); }, absl::StatusCode::kAborted,
                             "version 2");

  v1::WithdrawConsentRequest withdraw;
  withdraw.set_request_id(NewRequestId());
  withdraw.set_participant_id(participant.participant_id());
  withdraw.set_consent_id(consent_id);
  withdraw.set_expected_version(5);
  ExpectRejectedAndUnchanged([&] { return WithdrawConsent(withdraw); }, absl::StatusCode::kAborted,
                             "version 2");
  withdraw.set_request_id(NewRequestId());
  withdraw.set_expected_version(2);
  EXPECT_THAT(WithdrawConsent(withdraw), IsOk());
}

}  // namespace
}  // namespace torg::caseflow_test
