#ifndef TORG_TESTS_CASEFLOW_CASEFLOW_FIXTURE_H_
#define TORG_TESTS_CASEFLOW_CASEFLOW_FIXTURE_H_

// The case-flow services end to end: a real TorgServer on loopback over a
// real event store in a temporary directory, called through real gRPC stubs.
// The server's clock is pinned (2026-06-15 12:00 in Sweden) and can be moved,
// so every date in the tests is deterministic.

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/auth/principal.h"
#include "services/torgd/server.h"
#include "storage/event_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"
#include "torg/v1/assessment_service.grpc.pb.h"
#include "torg/v1/case_file_service.grpc.pb.h"
#include "torg/v1/closure_service.grpc.pb.h"
#include "torg/v1/coordination_service.grpc.pb.h"
#include "torg/v1/handover_service.grpc.pb.h"
#include "torg/v1/intake_service.grpc.pb.h"

namespace torg::caseflow_test {

namespace v1 = ::torg::v1;

// The day the server's clock is pinned to when a test starts.
inline constexpr absl::CivilDay kPinnedToday(2026, 6, 15);

// The parties a default consent covers: every member of Vuxentorget and
// Ungdomstorget.
inline const std::vector<std::string>& UmeaParties() {
  static const std::vector<std::string> parties{"af", "fk", "region-vasterbotten", "umea-kommun"};
  return parties;
}

v1::Date DateOf(absl::CivilDay day);
absl::CivilDay DayOf(const v1::Date& date);

// A valid twelve-digit personnummer (or samordningsnummer: 60 added to the
// day) for someone born on `birth`, with the serial `serial` (0–999); the
// check digit is computed.
std::string PersonnummerFor(absl::CivilDay birth, int serial, bool samordningsnummer = false);
// The ten-digit form of a twelve-digit number, with `separator` ('-' or '+').
std::string TenDigitForm(const std::string& twelve_digits, char separator);

// Everything the server keeps that a rejected command must leave alone: the
// log's last position and every entry of every projection.
struct StoreSnapshot {
  uint64_t last_position = 0;
  std::vector<storage::ProjectionEntry> case_index;
  std::vector<storage::ProjectionEntry> participant_lookup;

  bool operator==(const StoreSnapshot& other) const {
    return last_position == other.last_position && case_index == other.case_index &&
           participant_lookup == other.participant_lookup;
  }
};

// A case created by the fixture, and its participant.
struct TestCase {
  std::string participant_id;
  std::string case_id;
  v1::CaseSummary summary;
};

// Declares `Method(request)` calling `stub_->Method` over gRPC.
#define TORG_CASEFLOW_RPC(stub, Method)                                                   \
  absl::StatusOr<v1::Method##Response> Method(const v1::Method##Request& request) const { \
    return Invoke<v1::Method##Response>(                                                  \
        [&](grpc::ClientContext* context, v1::Method##Response* response) {               \
          return stub->Method(context, request, response);                                \
        });                                                                               \
  }

class CaseFlowTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // --- The server --------------------------------------------------------------

  StoreSnapshot Snapshot() const;
  uint64_t LastPosition() const;
  // Stops the server and starts it again on the same store, keys and clock,
  // with the example configuration changed by `edit` (none: unchanged). The
  // server's address changes: a subclass makes its own stubs again on
  // channel().
  void RestartServer(const std::function<void(v1::ForbundConfig&)>& edit = {});

  // --- The clock ---------------------------------------------------------------

  // Moves the server's clock to noon of `day` in Sweden.
  void SetToday(absl::CivilDay day);
  // The day the server's clock is pinned to.
  absl::CivilDay Today() const;

  // --- Tokens ------------------------------------------------------------------

  // A bearer token for `principal`, valid for an hour from the server's clock.
  std::string TokenFor(const auth::Principal& principal) const;
  // A token for `user` of Umeåregionen with `roles` on `platforms`; a party
  // officer works for `party`, af when none is given.
  std::string TokenFor(std::vector<auth::Role> roles, std::vector<std::string> platforms = {},
                       std::string user = "rapportlasare", std::string party = "") const;

  // --- Calls -------------------------------------------------------------------

  // Who the calls say they are (x-torg-user).
  void set_user(std::string user) { user_ = std::move(user); }
  // The bearer token calls carry; none when empty (the insecure-dev
  // developer then acts).
  void set_token(std::string token) { token_ = std::move(token); }
  // The purpose reads state (x-torg-purpose, percent-encoded); none when empty.
  void set_purpose(std::string purpose) { purpose_ = std::move(purpose); }
  // The server's clock now.
  absl::Time Now() const;
  torgd::TorgServer& server() const { return *server_; }
  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }
  const std::string& user() const { return user_; }

  // A fresh request id.
  std::string NewRequestId();

  template <class Response>
  absl::StatusOr<Response> Invoke(
      const std::function<grpc::Status(grpc::ClientContext*, Response*)>& call) const {
    grpc::ClientContext context;
    PrepareContext(context);
    Response response;
    const grpc::Status status = call(&context, &response);
    if (!status.ok()) return FromGrpc(status);
    return response;
  }

  TORG_CASEFLOW_RPC(intake_, RegisterParticipant)
  TORG_CASEFLOW_RPC(intake_, FindParticipant)
  TORG_CASEFLOW_RPC(intake_, RecordConsent)
  TORG_CASEFLOW_RPC(intake_, WithdrawConsent)
  TORG_CASEFLOW_RPC(intake_, SubmitReferral)
  TORG_CASEFLOW_RPC(intake_, DecideReferral)
  TORG_CASEFLOW_RPC(assessment_, StartAssessment)
  TORG_CASEFLOW_RPC(assessment_, RecordFinding)
  TORG_CASEFLOW_RPC(assessment_, CompleteAssessment)
  TORG_CASEFLOW_RPC(coordination_, AssignCaseOwner)
  TORG_CASEFLOW_RPC(coordination_, RecordMeeting)
  TORG_CASEFLOW_RPC(coordination_, AddCommitment)
  TORG_CASEFLOW_RPC(coordination_, CompleteCommitment)
  TORG_CASEFLOW_RPC(coordination_, CancelCommitment)
  TORG_CASEFLOW_RPC(coordination_, AddNote)
  TORG_CASEFLOW_RPC(coordination_, SetCaseFlags)
  TORG_CASEFLOW_RPC(handover_, ProposeHandover)
  TORG_CASEFLOW_RPC(handover_, AcceptHandover)
  TORG_CASEFLOW_RPC(handover_, RejectHandover)
  TORG_CASEFLOW_RPC(handover_, ResolveDeviation)
  TORG_CASEFLOW_RPC(handover_, ListHandovers)
  TORG_CASEFLOW_RPC(handover_, ListDeviations)
  TORG_CASEFLOW_RPC(handover_, ListAgingOut)
  TORG_CASEFLOW_RPC(closure_, CloseCase)
  TORG_CASEFLOW_RPC(closure_, RecordFollowUp)
  TORG_CASEFLOW_RPC(closure_, ListFollowUpsDue)
  TORG_CASEFLOW_RPC(case_file_, GetParticipant)
  TORG_CASEFLOW_RPC(case_file_, GetCase)
  TORG_CASEFLOW_RPC(case_file_, ListCases)

  // --- Builders ------------------------------------------------------------------

  // A fresh valid personnummer for someone born on `birth`.
  std::string NewPersonnummer(absl::CivilDay birth);
  std::string NewSamordningsnummer(absl::CivilDay birth);

  // A valid registration of `personnummer`, living in Umeå, with a name.
  v1::RegisterParticipantRequest RegistrationOf(const std::string& personnummer);
  // Registers a new person born on `birth`, living in `kommun_code`, on
  // `day` (when nullopt, 90 days before the clock's day, so that tests may
  // date referrals in the past).
  absl::StatusOr<v1::Participant> RegisterPerson(absl::CivilDay birth,
                                                 const std::string& kommun_code = "2480",
                                                 std::optional<absl::CivilDay> day = std::nullopt);
  // A written consent for `party_ids` given on `day` (today when nullopt);
  // returns the consent id.
  absl::StatusOr<std::string> GiveConsent(const std::string& participant_id,
                                          const std::vector<std::string>& party_ids = UmeaParties(),
                                          std::optional<absl::CivilDay> day = std::nullopt);

  // A referral of `participant_id` to `platform_id` needing af and fk, dated
  // `day` (today when nullopt), referred by af.
  v1::SubmitReferralRequest ReferralOf(const std::string& participant_id,
                                       const std::string& platform_id,
                                       std::optional<absl::CivilDay> day = std::nullopt);
  absl::StatusOr<v1::CaseSummary> Refer(const std::string& participant_id,
                                        const std::string& platform_id,
                                        std::optional<absl::CivilDay> day = std::nullopt);

  // Takes the case step by step to `target` (ENROLLED, ASSESSING,
  // COORDINATING or CLOSED) with steps dated `day` (today when nullopt).
  // CLOSED closes from wherever the case is open, enrolling it first if it is
  // only referred.
  absl::StatusOr<v1::CaseSummary> AdvanceTo(const std::string& case_id, v1::CaseStatus target,
                                            std::optional<absl::CivilDay> day = std::nullopt);

  // A person born on `birth` in Umeå, consenting to UmeaParties(), referred
  // to `platform_id` and advanced to `status`, every step (registration and
  // consent too) dated `day`.
  absl::StatusOr<TestCase> NewCase(v1::CaseStatus status,
                                   const std::string& platform_id = "vuxentorget",
                                   absl::CivilDay birth = absl::CivilDay(1986, 3, 12),
                                   std::optional<absl::CivilDay> day = std::nullopt);

  // Assigns `user_id` at `party_id` as the case owner.
  absl::StatusOr<v1::CaseSummary> AssignOwner(const std::string& case_id,
                                              const std::string& user_id,
                                              const std::string& party_id,
                                              std::optional<absl::CivilDay> day = std::nullopt);

  // A platform handover of `case_id` to `target_platform_id`, proposed on
  // `proposed_on` and accepted on `accepted_on` with `new_owner_user_id` at
  // `new_owner_party_id` as the new owner; both steps as the caller, who
  // must have access to both platforms. The case summary after acceptance.
  absl::StatusOr<v1::CaseSummary> HandOverToPlatform(const std::string& case_id,
                                                     const std::string& target_platform_id,
                                                     absl::CivilDay proposed_on,
                                                     absl::CivilDay accepted_on,
                                                     const std::string& new_owner_user_id,
                                                     const std::string& new_owner_party_id);

  // The case summary now, from GetCase.
  absl::StatusOr<v1::CaseSummary> SummaryOf(const std::string& case_id) const;

  // Calls `call` (returning absl::Status or absl::StatusOr) and expects it to
  // fail with `code` and a message containing `message_substr`, and the
  // store's position and every projection to be exactly as before.
  // A failure names the caller's line.
  template <class Call>
  void ExpectRejectedAndUnchanged(Call&& call, absl::StatusCode code,
                                  const std::string& message_substr,
                                  const char* file = __builtin_FILE(),
                                  int line = __builtin_LINE()) {
    const ::testing::ScopedTrace trace(file, line, "ExpectRejectedAndUnchanged");
    const StoreSnapshot before = Snapshot();
    const absl::Status status = ::torg::testing::GetStatus(call());
    EXPECT_THAT(status, ::torg::testing::StatusIs(code, ::testing::HasSubstr(message_substr)));
    const StoreSnapshot after = Snapshot();
    EXPECT_EQ(after.last_position, before.last_position) << "a rejected command wrote events";
    EXPECT_TRUE(after.case_index == before.case_index)
        << "a rejected command changed the case index";
    EXPECT_TRUE(after.participant_lookup == before.participant_lookup)
        << "a rejected command changed the participant lookup";
  }

 protected:
  // Whether the server lets calls without credentials in as a developer with
  // every role; a subclass that tests access sets it false before SetUp.
  bool insecure_dev_ = true;

 private:
  void PrepareContext(grpc::ClientContext& context) const;
  static absl::Status FromGrpc(const grpc::Status& status);
  // Starts the server on dir_ with the example configuration changed by
  // `edit`, and makes the stubs.
  void StartServer(const std::function<void(v1::ForbundConfig&)>& edit);

  std::unique_ptr<::torg::testing::TempDir> dir_;
  std::shared_ptr<std::atomic<int64_t>> now_unix_seconds_;
  std::unique_ptr<torgd::TorgServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::IntakeService::Stub> intake_;
  std::unique_ptr<v1::AssessmentService::Stub> assessment_;
  std::unique_ptr<v1::CoordinationService::Stub> coordination_;
  std::unique_ptr<v1::HandoverService::Stub> handover_;
  std::unique_ptr<v1::ClosureService::Stub> closure_;
  std::unique_ptr<v1::CaseFileService::Stub> case_file_;
  std::string user_ = "koordinator-anna";
  std::string token_;
  std::string purpose_ = "handl%C3%A4ggning";
  std::atomic<int> next_request_ = 0;
  int next_serial_ = 100;
};

#undef TORG_CASEFLOW_RPC

}  // namespace torg::caseflow_test

#endif  // TORG_TESTS_CASEFLOW_CASEFLOW_FIXTURE_H_
