// Commands racing each other through the real server: optimistic
// concurrency lets exactly one of competing changes through, and concurrent
// retries of one request write once.

#include <condition_variable>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "tests/caseflow/caseflow_fixture.h"

namespace torg::caseflow_test {
namespace {

using ::testing::AnyOf;
using ::testing::Each;
using ::testing::Eq;
using ::torg::testing::IsOk;

constexpr int kThreads = 8;

// Runs `call(i)` on kThreads threads released at the same moment.
template <class Result>
std::vector<Result> Race(const std::function<Result(int)>& call) {
  std::vector<Result> results(kThreads);
  std::mutex mutex;
  std::condition_variable start;
  bool go = false;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      {
        std::unique_lock<std::mutex> lock(mutex);
        start.wait(lock, [&] { return go; });
      }
      results[i] = call(i);
    });
  }
  {
    std::lock_guard<std::mutex> lock(mutex);
    go = true;
  }
  start.notify_all();
  for (std::thread& thread : threads) thread.join();
  return results;
}

using ConcurrencyTest = CaseFlowTest;

TEST_F(ConcurrencyTest, RacingReferralsToOnePlatformOpenOneCase) {
  // Different requests, each passing the domain's "no second open case"
  // check on its own: the index refuses all but one inside the append.
  ASSERT_OK_AND_ASSIGN(v1::Participant participant, RegisterPerson(absl::CivilDay(1986, 3, 12)));
  ASSERT_THAT(GiveConsent(participant.participant_id()), IsOk());
  std::vector<v1::SubmitReferralRequest> requests;
  for (int i = 0; i < kThreads; ++i) {
    requests.push_back(ReferralOf(participant.participant_id(), "vuxentorget"));
  }
  const uint64_t before = LastPosition();

  const std::vector<absl::Status> results =
      Race<absl::Status>([&](int i) { return SubmitReferral(requests[i]).status(); });

  int ok = 0;
  for (const absl::Status& status : results) {
    if (status.ok()) {
      ++ok;
      continue;
    }
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
    EXPECT_THAT(status.message(), ::testing::HasSubstr("already has an open case"));
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(LastPosition(), before + 1);
}

TEST_F(ConcurrencyTest, RacingClosuresWithExpectedVersionLetExactlyOneThrough) {
  ASSERT_OK_AND_ASSIGN(TestCase test_case, NewCase(v1::CASE_STATUS_COORDINATING));
  std::vector<v1::CloseCaseRequest> requests(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    requests[i].set_request_id(NewRequestId());
    requests[i].set_case_id(test_case.case_id);
    requests[i].set_expected_version(test_case.summary.version());
    requests[i].mutable_closure()->set_outcome(v1::CLOSURE_OUTCOME_STUDIES);
    requests[i].mutable_closure()->add_income_at_end(v1::INCOME_SOURCE_STUDENT_FINANCE);
  }
  const uint64_t before = LastPosition();

  const std::vector<absl::Status> results =
      Race<absl::Status>([&](int i) { return CloseCase(requests[i]).status(); });

  int ok = 0;
  for (const absl::Status& status : results) {
    if (status.ok()) {
      ++ok;
      continue;
    }
    EXPECT_THAT(status.code(),
                AnyOf(Eq(absl::StatusCode::kAborted), Eq(absl::StatusCode::kFailedPrecondition)))
        << status;
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(LastPosition(), before + 1);
  v1::GetCaseRequest get;
  get.set_case_id(test_case.case_id);
  ASSERT_OK_AND_ASSIGN(v1::GetCaseResponse response, GetCase(get));
  EXPECT_EQ(response.case_summary().status(), v1::CASE_STATUS_CLOSED);
  EXPECT_EQ(response.case_summary().version(), test_case.summary.version() + 1);
  int closures = 0;
  for (const v1::TimelineEntry& entry : response.timeline()) {
    if (entry.step().has_case_closed()) ++closures;
  }
  EXPECT_EQ(closures, 1);
}

TEST_F(ConcurrencyTest, RacingStepsWithoutExpectedVersionAllLand) {
  ASSERT_OK_AND_ASSIGN(TestCase test_case, NewCase(v1::CASE_STATUS_COORDINATING));
  const uint64_t before = LastPosition();
  const std::vector<absl::Status> results = Race<absl::Status>([&](int i) {
    v1::AddNoteRequest request;
    request.set_request_id(absl::StrCat("note-", i));
    request.set_case_id(test_case.case_id);
    request.mutable_note()->set_text(absl::StrCat("Anteckning ", i));
    return AddNote(request).status();
  });
  // Without expected_version no one asked for the case to stay as it was:
  // every note is recorded, none twice.
  EXPECT_THAT(results, Each(IsOk()));
  EXPECT_EQ(LastPosition(), before + kThreads);
  v1::GetCaseRequest get;
  get.set_case_id(test_case.case_id);
  ASSERT_OK_AND_ASSIGN(v1::GetCaseResponse response, GetCase(get));
  EXPECT_EQ(response.case_summary().version(), test_case.summary.version() + kThreads);
  std::set<std::string> notes;
  for (const v1::TimelineEntry& entry : response.timeline()) {
    if (entry.step().has_note_added()) notes.insert(entry.step().note_added().text());
  }
  EXPECT_EQ(notes.size(), static_cast<size_t>(kThreads));
}

TEST_F(ConcurrencyTest, ConcurrentRetriesOfACaseStepWriteOnce) {
  ASSERT_OK_AND_ASSIGN(TestCase test_case, NewCase(v1::CASE_STATUS_COORDINATING));
  v1::AddNoteRequest request;
  request.set_request_id(NewRequestId());
  request.set_case_id(test_case.case_id);
  request.mutable_note()->set_text("Skickad en gång, mottagen åtta");
  const uint64_t before = LastPosition();

  const std::vector<absl::StatusOr<v1::AddNoteResponse>> results =
      Race<absl::StatusOr<v1::AddNoteResponse>>([&](int) { return AddNote(request); });

  int written = 0;
  std::set<uint64_t> versions;
  for (const auto& result : results) {
    ASSERT_THAT(result, IsOk());
    if (!result->change().replayed()) ++written;
    ASSERT_EQ(result->change().recorded_size(), 1);
    versions.insert(result->change().recorded(0).version());
  }
  EXPECT_EQ(written, 1);
  EXPECT_EQ(versions.size(), 1u);
  EXPECT_EQ(LastPosition(), before + 1);
}

TEST_F(ConcurrencyTest, ConcurrentRetriesOfAConditionalClosureAllAnswerWithTheClosure) {
  ASSERT_OK_AND_ASSIGN(TestCase test_case, NewCase(v1::CASE_STATUS_COORDINATING));
  v1::CloseCaseRequest request;
  request.set_request_id(NewRequestId());
  request.set_case_id(test_case.case_id);
  request.set_expected_version(test_case.summary.version());
  request.mutable_closure()->set_outcome(v1::CLOSURE_OUTCOME_OTHER_MOVED);
  request.mutable_closure()->add_income_at_end(v1::INCOME_SOURCE_OTHER);
  const uint64_t before = LastPosition();

  const std::vector<absl::StatusOr<v1::CloseCaseResponse>> results =
      Race<absl::StatusOr<v1::CloseCaseResponse>>([&](int) { return CloseCase(request); });

  // Retries of the closure that went through are that closure, not a second
  // attempt at closing a closed case.
  int written = 0;
  for (const auto& result : results) {
    ASSERT_THAT(result, IsOk());
    EXPECT_EQ(result->change().case_summary().status(), v1::CASE_STATUS_CLOSED);
    if (!result->change().replayed()) ++written;
  }
  EXPECT_EQ(written, 1);
  EXPECT_EQ(LastPosition(), before + 1);
}

TEST_F(ConcurrencyTest, ConcurrentRetriesOfARegistrationWriteOnce) {
  const v1::RegisterParticipantRequest request =
      RegistrationOf(NewPersonnummer(absl::CivilDay(1985, 5, 5)));
  const uint64_t before = LastPosition();
  const std::vector<absl::StatusOr<v1::RegisterParticipantResponse>> results =
      Race<absl::StatusOr<v1::RegisterParticipantResponse>>(
          [&](int) { return RegisterParticipant(request); });
  std::set<std::string> ids;
  int written = 0;
  for (const auto& result : results) {
    ASSERT_THAT(result, IsOk());
    ids.insert(result->participant().participant_id());
    if (!result->replayed()) ++written;
  }
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(written, 1);
  EXPECT_EQ(LastPosition(), before + 1);
}

TEST_F(ConcurrencyTest, ConcurrentRetriesOfAConsentWriteOnce) {
  ASSERT_OK_AND_ASSIGN(v1::Participant participant, RegisterPerson(absl::CivilDay(1985, 5, 5)));
  v1::RecordConsentRequest request;
  request.set_request_id(NewRequestId());
  request.set_participant_id(participant.participant_id());
  request.add_party_ids("af");
  request.add_party_ids("fk");
  request.set_form(v1::CONSENT_FORM_ORAL);
  const uint64_t before = LastPosition();
  const std::vector<absl::StatusOr<v1::RecordConsentResponse>> results =
      Race<absl::StatusOr<v1::RecordConsentResponse>>([&](int) { return RecordConsent(request); });
  std::set<std::string> consent_ids;
  int written = 0;
  for (const auto& result : results) {
    ASSERT_THAT(result, IsOk());
    consent_ids.insert(result->consent_id());
    if (!result->replayed()) ++written;
    EXPECT_EQ(result->participant().consents_size(), 1);
  }
  EXPECT_EQ(written, 1);
  ASSERT_EQ(consent_ids.size(), 1u);
  EXPECT_EQ(LastPosition(), before + 1);
  v1::GetParticipantRequest get;
  get.set_participant_id(participant.participant_id());
  ASSERT_OK_AND_ASSIGN(v1::GetParticipantResponse read, GetParticipant(get));
  ASSERT_EQ(read.participant().consents_size(), 1);
  EXPECT_EQ(read.participant().consents(0).consent_id(), *consent_ids.begin());
}

TEST_F(ConcurrencyTest, ConcurrentRetriesOfAReferralWriteOneCase) {
  ASSERT_OK_AND_ASSIGN(v1::Participant participant, RegisterPerson(absl::CivilDay(1985, 5, 5)));
  ASSERT_THAT(GiveConsent(participant.participant_id()), IsOk());
  const v1::SubmitReferralRequest request = ReferralOf(participant.participant_id(), "vuxentorget");
  const uint64_t before = LastPosition();
  const std::vector<absl::StatusOr<v1::SubmitReferralResponse>> results =
      Race<absl::StatusOr<v1::SubmitReferralResponse>>(
          [&](int) { return SubmitReferral(request); });
  std::set<std::string> case_ids;
  int written = 0;
  for (const auto& result : results) {
    ASSERT_THAT(result, IsOk());
    case_ids.insert(result->change().case_summary().case_id());
    if (!result->change().replayed()) ++written;
  }
  EXPECT_EQ(case_ids.size(), 1u);
  EXPECT_EQ(written, 1);
  EXPECT_EQ(LastPosition(), before + 1);
}

TEST_F(ConcurrencyTest, ConcurrentRetriesOfADirectionWriteOneNewCase) {
  ASSERT_OK_AND_ASSIGN(TestCase test_case, NewCase(v1::CASE_STATUS_REFERRED));
  v1::DecideReferralRequest request;
  request.set_request_id(NewRequestId());
  request.set_case_id(test_case.case_id);
  request.mutable_direct()->set_target_platform_id("nafs");
  const uint64_t before = LastPosition();
  const std::vector<absl::StatusOr<v1::DecideReferralResponse>> results =
      Race<absl::StatusOr<v1::DecideReferralResponse>>(
          [&](int) { return DecideReferral(request); });
  std::set<std::string> directed;
  for (const auto& result : results) {
    ASSERT_THAT(result, IsOk());
    EXPECT_EQ(result->change().case_summary().status(), v1::CASE_STATUS_DIRECTED);
    directed.insert(result->directed_case().case_id());
  }
  EXPECT_EQ(directed.size(), 1u);
  EXPECT_FALSE(directed.begin()->empty());
  EXPECT_EQ(LastPosition(), before + 2);
}

}  // namespace
}  // namespace torg::caseflow_test
