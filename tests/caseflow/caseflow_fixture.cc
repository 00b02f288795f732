#include "tests/caseflow/caseflow_fixture.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/casefile/personnummer.h"
#include "services/config/example_config.h"
#include "services/edge/grpc_status.h"
#include "storage/embedded_event_store.h"

namespace torg::caseflow_test {
namespace {

constexpr size_t kScanChunk = 1000;

absl::TimeZone Stockholm() {
  absl::TimeZone zone;
  if (!absl::LoadTimeZone("Europe/Stockholm", &zone)) return absl::FixedTimeZone(2 * 3600);
  return zone;
}

int64_t NoonInSweden(absl::CivilDay day) {
  return absl::ToUnixSeconds(absl::FromCivil(
      absl::CivilSecond(day.year(), day.month(), day.day(), 12, 0, 0), Stockholm()));
}

absl::StatusOr<std::vector<storage::ProjectionEntry>> ScanWhole(storage::EventStore& store,
                                                                absl::string_view projection) {
  std::vector<storage::ProjectionEntry> all;
  std::string start_after;
  while (true) {
    absl::StatusOr<std::vector<storage::ProjectionEntry>> chunk =
        store.ScanProjection(projection, "", start_after, kScanChunk);
    if (!chunk.ok()) return chunk.status();
    for (storage::ProjectionEntry& entry : *chunk) all.push_back(std::move(entry));
    if (chunk->size() < kScanChunk) return all;
    start_after = all.back().first;
  }
}

std::string Pad(int value, int width) {
  std::string text = absl::StrCat(value);
  while (static_cast<int>(text.size()) < width) text.insert(text.begin(), '0');
  return text;
}

}  // namespace

v1::Date DateOf(absl::CivilDay day) {
  v1::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

absl::CivilDay DayOf(const v1::Date& date) {
  return absl::CivilDay(date.year(), date.month(), date.day());
}

std::string PersonnummerFor(absl::CivilDay birth, int serial, bool samordningsnummer) {
  const std::string nine =
      absl::StrCat(Pad(static_cast<int>(birth.year() % 100), 2), Pad(birth.month(), 2),
                   Pad(birth.day() + (samordningsnummer ? 60 : 0), 2), Pad(serial, 3));
  return absl::StrCat(Pad(static_cast<int>(birth.year() / 100), 2), nine,
                      casefile::LuhnCheckDigit(nine));
}

std::string TenDigitForm(const std::string& twelve_digits, char separator) {
  return absl::StrCat(twelve_digits.substr(2, 6), std::string(1, separator),
                      twelve_digits.substr(8, 4));
}

void CaseFlowTest::SetUp() {
  dir_ = std::make_unique<::torg::testing::TempDir>();
  now_unix_seconds_ = std::make_shared<std::atomic<int64_t>>(NoonInSweden(kPinnedToday));
  StartServer({});
}

void CaseFlowTest::StartServer(const std::function<void(v1::ForbundConfig&)>& edit) {
  torgd::ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.data_directory = dir_->Sub("data");
  options.keys_directory = dir_->Sub("keys");
  absl::StatusOr<v1::ForbundConfig> config = config::LoadExampleForbundConfig();
  ASSERT_TRUE(config.ok()) << config.status();
  options.config = *std::move(config);
  if (edit) edit(options.config);
  options.durability = storage::Durability::kUnsyncedForTestsOnly;
  // The case flow, not access: every call acts as a developer with every role
  // (tests/access holds the access rules to account).
  options.access.insecure_dev = insecure_dev_;
  std::shared_ptr<std::atomic<int64_t>> now = now_unix_seconds_;
  options.clock = [now] { return absl::FromUnixSeconds(now->load()); };
  absl::StatusOr<std::unique_ptr<torgd::TorgServer>> server =
      torgd::TorgServer::Start(std::move(options));
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);
  channel_ = grpc::CreateChannel(server_->listen_address(), grpc::InsecureChannelCredentials());
  intake_ = v1::IntakeService::NewStub(channel_);
  assessment_ = v1::AssessmentService::NewStub(channel_);
  coordination_ = v1::CoordinationService::NewStub(channel_);
  handover_ = v1::HandoverService::NewStub(channel_);
  closure_ = v1::ClosureService::NewStub(channel_);
  case_file_ = v1::CaseFileService::NewStub(channel_);
}

void CaseFlowTest::RestartServer(const std::function<void(v1::ForbundConfig&)>& edit) {
  channel_.reset();
  if (server_ != nullptr) server_->Shutdown(absl::Seconds(5));
  server_.reset();
  StartServer(edit);
}

void CaseFlowTest::TearDown() {
  intake_.reset();
  assessment_.reset();
  coordination_.reset();
  handover_.reset();
  closure_.reset();
  case_file_.reset();
  channel_.reset();
  if (server_ != nullptr) server_->Shutdown(absl::Seconds(5));
  server_.reset();
  dir_.reset();
}

StoreSnapshot CaseFlowTest::Snapshot() const {
  StoreSnapshot snapshot;
  absl::StatusOr<uint64_t> position = server_->store().LastPosition();
  EXPECT_TRUE(position.ok()) << position.status();
  snapshot.last_position = position.value_or(0);
  absl::StatusOr<std::vector<storage::ProjectionEntry>> case_index =
      ScanWhole(server_->store(), "case_index");
  EXPECT_TRUE(case_index.ok()) << case_index.status();
  if (case_index.ok()) snapshot.case_index = *std::move(case_index);
  absl::StatusOr<std::vector<storage::ProjectionEntry>> lookup =
      ScanWhole(server_->store(), "participant_lookup");
  EXPECT_TRUE(lookup.ok()) << lookup.status();
  if (lookup.ok()) snapshot.participant_lookup = *std::move(lookup);
  return snapshot;
}

uint64_t CaseFlowTest::LastPosition() const {
  absl::StatusOr<uint64_t> position = server_->store().LastPosition();
  EXPECT_TRUE(position.ok()) << position.status();
  return position.value_or(0);
}

std::string CaseFlowTest::TokenFor(const auth::Principal& principal) const {
  absl::StatusOr<std::string> token =
      server().token_minter().Mint(principal, Now(), absl::Hours(1));
  EXPECT_TRUE(token.ok()) << token.status();
  return token.value_or("");
}

std::string CaseFlowTest::TokenFor(std::vector<auth::Role> roles,
                                   std::vector<std::string> platforms, std::string user,
                                   std::string party) const {
  auth::Principal principal;
  principal.user_id = std::move(user);
  principal.forbund_id = "umearegionen";
  principal.roles = std::move(roles);
  principal.platform_ids = std::move(platforms);
  if (principal.HasRole(auth::Role::kPartyOfficer)) {
    principal.party_id = party.empty() ? "af" : std::move(party);
  }
  return TokenFor(principal);
}

void CaseFlowTest::SetToday(absl::CivilDay day) { now_unix_seconds_->store(NoonInSweden(day)); }

absl::CivilDay CaseFlowTest::Today() const {
  return absl::ToCivilDay(absl::FromUnixSeconds(now_unix_seconds_->load()), Stockholm());
}

std::string CaseFlowTest::NewRequestId() {
  return absl::StrCat("test-request-", next_request_.fetch_add(1));
}

void CaseFlowTest::PrepareContext(grpc::ClientContext& context) const {
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  context.AddMetadata("x-torg-user", user_);
  if (!purpose_.empty()) context.AddMetadata("x-torg-purpose", purpose_);
  if (!token_.empty()) context.AddMetadata("authorization", "Bearer " + token_);
}

absl::Time CaseFlowTest::Now() const { return absl::FromUnixSeconds(now_unix_seconds_->load()); }

absl::Status CaseFlowTest::FromGrpc(const grpc::Status& status) {
  return edge::FromGrpcStatus(status);
}

std::string CaseFlowTest::NewPersonnummer(absl::CivilDay birth) {
  return PersonnummerFor(birth, next_serial_++);
}

std::string CaseFlowTest::NewSamordningsnummer(absl::CivilDay birth) {
  return PersonnummerFor(birth, next_serial_++, /*samordningsnummer=*/true);
}

v1::RegisterParticipantRequest CaseFlowTest::RegistrationOf(const std::string& personnummer) {
  v1::RegisterParticipantRequest request;
  request.set_request_id(NewRequestId());
  request.set_personnummer(personnummer);
  request.set_gender(v1::GENDER_WOMAN);
  request.set_kommun_code("2480");
  request.set_education_level(v1::EDUCATION_LEVEL_UPPER_SECONDARY);
  request.add_income_at_start(v1::INCOME_SOURCE_SICKNESS_BENEFIT);
  request.set_time_without_work(v1::TIME_WITHOUT_WORK_1_TO_2_YEARS);
  request.set_given_name("Testa");
  request.set_family_name("Deltagarsson");
  request.set_phone("090-123 45");
  return request;
}

absl::StatusOr<v1::Participant> CaseFlowTest::RegisterPerson(absl::CivilDay birth,
                                                             const std::string& kommun_code,
                                                             std::optional<absl::CivilDay> day) {
  v1::RegisterParticipantRequest request = RegistrationOf(NewPersonnummer(birth));
  request.set_kommun_code(kommun_code);
  // Registered a while ago unless said otherwise, so that tests may date
  // referrals in the past (a referral is never dated before the registration).
  *request.mutable_effective_date() = DateOf(day.value_or(Today() - 90));
  absl::StatusOr<v1::RegisterParticipantResponse> response = RegisterParticipant(request);
  if (!response.ok()) return response.status();
  return response->participant();
}

absl::StatusOr<std::string> CaseFlowTest::GiveConsent(const std::string& participant_id,
                                                      const std::vector<std::string>& party_ids,
                                                      std::optional<absl::CivilDay> day) {
  v1::RecordConsentRequest request;
  request.set_request_id(NewRequestId());
  if (day.has_value()) *request.mutable_effective_date() = DateOf(*day);
  request.set_participant_id(participant_id);
  for (const std::string& party : party_ids) request.add_party_ids(party);
  request.set_form(v1::CONSENT_FORM_WRITTEN);
  request.set_sus_registration(true);
  absl::StatusOr<v1::RecordConsentResponse> response = RecordConsent(request);
  if (!response.ok()) return response.status();
  return response->consent_id();
}

v1::SubmitReferralRequest CaseFlowTest::ReferralOf(const std::string& participant_id,
                                                   const std::string& platform_id,
                                                   std::optional<absl::CivilDay> day) {
  v1::SubmitReferralRequest request;
  request.set_request_id(NewRequestId());
  if (day.has_value()) *request.mutable_effective_date() = DateOf(*day);
  v1::ReferralStep* referral = request.mutable_referral();
  referral->set_participant_id(participant_id);
  referral->set_platform_id(platform_id);
  referral->mutable_referrer()->set_party_id("af");
  referral->add_needed_party_ids("af");
  referral->add_needed_party_ids("fk");
  referral->set_reason("Långvarig sjukskrivning och behov av stöd från flera parter");
  return request;
}

absl::StatusOr<v1::CaseSummary> CaseFlowTest::Refer(const std::string& participant_id,
                                                    const std::string& platform_id,
                                                    std::optional<absl::CivilDay> day) {
  absl::StatusOr<v1::SubmitReferralResponse> response =
      SubmitReferral(ReferralOf(participant_id, platform_id, day));
  if (!response.ok()) return response.status();
  return response->change().case_summary();
}

absl::StatusOr<v1::CaseSummary> CaseFlowTest::AdvanceTo(const std::string& case_id,
                                                        v1::CaseStatus target,
                                                        std::optional<absl::CivilDay> day) {
  absl::StatusOr<v1::CaseSummary> summary = SummaryOf(case_id);
  if (!summary.ok()) return summary.status();
  auto dated = [&](auto& request) {
    request.set_request_id(NewRequestId());
    request.set_case_id(case_id);
    if (day.has_value()) *request.mutable_effective_date() = DateOf(*day);
  };
  while (summary->status() != target) {
    absl::StatusOr<v1::CaseChange> change;
    const v1::CaseStatus now = summary->status();
    if (now == v1::CASE_STATUS_REFERRED) {
      v1::DecideReferralRequest request;
      dated(request);
      request.mutable_accept();
      absl::StatusOr<v1::DecideReferralResponse> response = DecideReferral(request);
      if (!response.ok()) return response.status();
      change = response->change();
    } else if (target == v1::CASE_STATUS_CLOSED) {
      v1::CloseCaseRequest request;
      dated(request);
      request.mutable_closure()->set_outcome(v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED);
      request.mutable_closure()->add_income_at_end(v1::INCOME_SOURCE_SALARY);
      absl::StatusOr<v1::CloseCaseResponse> response = CloseCase(request);
      if (!response.ok()) return response.status();
      change = response->change();
    } else if (now == v1::CASE_STATUS_ENROLLED) {
      v1::StartAssessmentRequest request;
      dated(request);
      absl::StatusOr<v1::StartAssessmentResponse> response = StartAssessment(request);
      if (!response.ok()) return response.status();
      change = response->change();
    } else if (now == v1::CASE_STATUS_ASSESSING) {
      v1::CompleteAssessmentRequest request;
      dated(request);
      request.mutable_plan()->add_goals("Arbetsträning fyra timmar om dagen");
      v1::PlanCommitmentStep* commitment = request.mutable_plan()->add_commitments();
      commitment->set_party_id("af");
      commitment->set_description("Arbetsförmedlingen ordnar arbetsträning");
      absl::StatusOr<v1::CompleteAssessmentResponse> response = CompleteAssessment(request);
      if (!response.ok()) return response.status();
      change = response->change();
    } else {
      return absl::FailedPreconditionError(absl::StrCat("AdvanceTo cannot take a case from ",
                                                        v1::CaseStatus_Name(now), " to ",
                                                        v1::CaseStatus_Name(target)));
    }
    summary = change->case_summary();
  }
  return summary;
}

absl::StatusOr<TestCase> CaseFlowTest::NewCase(v1::CaseStatus status,
                                               const std::string& platform_id, absl::CivilDay birth,
                                               std::optional<absl::CivilDay> day) {
  TestCase test_case;
  absl::StatusOr<v1::Participant> participant = RegisterPerson(birth, "2480", day);
  if (!participant.ok()) return participant.status();
  test_case.participant_id = participant->participant_id();
  absl::StatusOr<std::string> consent = GiveConsent(test_case.participant_id, UmeaParties(), day);
  if (!consent.ok()) return consent.status();
  absl::StatusOr<v1::CaseSummary> referred = Refer(test_case.participant_id, platform_id, day);
  if (!referred.ok()) return referred.status();
  test_case.case_id = referred->case_id();
  absl::StatusOr<v1::CaseSummary> advanced = AdvanceTo(test_case.case_id, status, day);
  if (!advanced.ok()) return advanced.status();
  test_case.summary = *std::move(advanced);
  return test_case;
}

absl::StatusOr<v1::CaseSummary> CaseFlowTest::AssignOwner(const std::string& case_id,
                                                          const std::string& user_id,
                                                          const std::string& party_id,
                                                          std::optional<absl::CivilDay> day) {
  v1::AssignCaseOwnerRequest request;
  request.set_request_id(NewRequestId());
  request.set_case_id(case_id);
  if (day.has_value()) *request.mutable_effective_date() = DateOf(*day);
  request.set_owner_user_id(user_id);
  request.set_party_id(party_id);
  absl::StatusOr<v1::AssignCaseOwnerResponse> response = AssignCaseOwner(request);
  if (!response.ok()) return response.status();
  return response->change().case_summary();
}

absl::StatusOr<v1::CaseSummary> CaseFlowTest::HandOverToPlatform(
    const std::string& case_id, const std::string& target_platform_id, absl::CivilDay proposed_on,
    absl::CivilDay accepted_on, const std::string& new_owner_user_id,
    const std::string& new_owner_party_id) {
  v1::ProposeHandoverRequest proposal;
  proposal.set_request_id(NewRequestId());
  proposal.set_case_id(case_id);
  *proposal.mutable_effective_date() = DateOf(proposed_on);
  proposal.mutable_handover()->set_kind(v1::HANDOVER_KIND_PLATFORM);
  proposal.mutable_handover()->set_target_platform_id(target_platform_id);
  proposal.mutable_handover()->set_motivation("Behöver stöd från en annan plattform");
  absl::StatusOr<v1::ProposeHandoverResponse> proposed = ProposeHandover(proposal);
  if (!proposed.ok()) return proposed.status();
  v1::AcceptHandoverRequest acceptance;
  acceptance.set_request_id(NewRequestId());
  acceptance.set_case_id(case_id);
  *acceptance.mutable_effective_date() = DateOf(accepted_on);
  acceptance.mutable_acceptance()->set_handover_id(
      proposed->change().recorded(0).step().handover_proposed().handover_id());
  acceptance.mutable_acceptance()->set_new_owner_user_id(new_owner_user_id);
  acceptance.mutable_acceptance()->set_new_owner_party_id(new_owner_party_id);
  absl::StatusOr<v1::AcceptHandoverResponse> accepted = AcceptHandover(acceptance);
  if (!accepted.ok()) return accepted.status();
  return accepted->change().case_summary();
}

absl::StatusOr<v1::CaseSummary> CaseFlowTest::SummaryOf(const std::string& case_id) const {
  v1::GetCaseRequest request;
  request.set_case_id(case_id);
  absl::StatusOr<v1::GetCaseResponse> response = GetCase(request);
  if (!response.ok()) return response.status();
  return response->case_summary();
}

}  // namespace torg::caseflow_test
