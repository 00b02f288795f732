#include "tests/storage/event_store_conformance.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "tests/storage/test_projections.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace torg::testing {
namespace {

using storage::AppendRequest;
using storage::AppendResult;
using storage::AuditAppendResult;
using storage::AuditChainVerifier;
using storage::AuditHead;
using storage::AuditLink;
using storage::AuditVerdict;
using storage::EventStore;
using storage::KeyWrite;
using storage::NewEvent;
using storage::RecordedEvent;
using storage::StreamCondition;
using storage::StreamWrite;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::SizeIs;

std::vector<NewEvent> Events(int count, absl::string_view type = "test.Noted") {
  std::vector<NewEvent> events;
  for (int i = 0; i < count; ++i) {
    events.push_back({std::string(type), absl::StrCat("data-", i), absl::StrCat("meta-", i)});
  }
  return events;
}

AppendRequest ToStream(const std::string& request_id, const std::string& stream,
                       std::optional<uint64_t> expected, int count) {
  return AppendRequest::ToStream(request_id, stream, expected, Events(count));
}

// `request` creating the given keys as well.
AppendRequest WithKeys(AppendRequest request, std::vector<KeyWrite> key_writes) {
  request.key_writes = std::move(key_writes);
  return request;
}

// `request` conditioned on the given streams as well.
AppendRequest WithConditions(AppendRequest request, std::vector<StreamCondition> conditions) {
  request.stream_conditions = std::move(conditions);
  return request;
}

std::vector<uint64_t> Sequences(const std::vector<AuditLink>& links) {
  std::vector<uint64_t> sequences;
  for (const AuditLink& link : links) sequences.push_back(link.sequence);
  return sequences;
}

// The whole audit log of `store`, checked by the verifier the way a client
// tool does it: page by page, then the head.
AuditVerdict VerifyAudit(EventStore& store) {
  AuditChainVerifier verifier;
  uint64_t next = 1;
  for (;;) {
    absl::StatusOr<std::vector<AuditLink>> page = store.ReadAudit(next, 100);
    EXPECT_THAT(page, IsOk());
    if (!page.ok() || page->empty()) break;
    for (const AuditLink& link : *page) verifier.Add(link);
    next = page->back().sequence + 1;
  }
  absl::StatusOr<AuditHead> head = store.ReadAuditHead();
  EXPECT_THAT(head, IsOk());
  return verifier.Finish(head.ok() ? *head : AuditHead{});
}

std::vector<uint64_t> Positions(const std::vector<RecordedEvent>& events) {
  std::vector<uint64_t> positions;
  for (const RecordedEvent& event : events) positions.push_back(event.position);
  return positions;
}

std::vector<uint64_t> Versions(const std::vector<RecordedEvent>& events) {
  std::vector<uint64_t> versions;
  for (const RecordedEvent& event : events) versions.push_back(event.version);
  return versions;
}

}  // namespace

std::string FactoryName(const ::testing::TestParamInfo<std::shared_ptr<EventStoreFactory>>& info) {
  return info.param->name();
}

void EventStoreConformanceTest::SetUp() { Reopen(); }

void EventStoreConformanceTest::Reopen() {
  store_.reset();
  auto opened = GetParam()->Open(dir_.path(), {std::make_shared<CountingProjection>()});
  ASSERT_THAT(opened, IsOk());
  store_ = std::move(opened).value();
}

std::optional<std::string> EventStoreConformanceTest::Count(const std::string& key) {
  auto value = store_->ReadProjection(CountingProjection::kName, key);
  EXPECT_THAT(value, IsOk());
  return value.ok() ? *value : std::nullopt;
}

std::vector<RecordedEvent> EventStoreConformanceTest::All() {
  auto events = store_->ReadAll(1, 1'000'000);
  EXPECT_THAT(events, IsOk());
  return events.ok() ? *events : std::vector<RecordedEvent>{};
}

namespace {
// --- Appending, versions and positions ---------------------------------

TEST_P(EventStoreConformanceTest, FirstAppendToANewStreamGetsVersionOneAndPositionOne) {
  ASSERT_OK_AND_ASSIGN(AppendResult result, store_->Append(ToStream("r1", "case-1", 0, 3)));
  EXPECT_EQ(result.first_position, 1u);
  EXPECT_EQ(result.last_position, 3u);
  EXPECT_THAT(result.stream_versions, ElementsAre(3u));
  EXPECT_FALSE(result.replayed);
  EXPECT_THAT(store_->StreamVersion("case-1"), IsOkAndHolds(3u));
  EXPECT_THAT(store_->LastPosition(), IsOkAndHolds(3u));

  ASSERT_OK_AND_ASSIGN(std::vector<RecordedEvent> events, store_->ReadStream("case-1", 1, 100));
  EXPECT_THAT(Versions(events), ElementsAre(1u, 2u, 3u));
  EXPECT_THAT(Positions(events), ElementsAre(1u, 2u, 3u));
  EXPECT_EQ(events[1].type, "test.Noted");
  EXPECT_EQ(events[1].data, "data-1");
  EXPECT_EQ(events[1].metadata, "meta-1");
  EXPECT_EQ(events[1].request_id, "r1");
  EXPECT_EQ(events[1].stream, "case-1");
  EXPECT_LT(absl::Now() - events[1].recorded_at, absl::Minutes(1));
}

TEST_P(EventStoreConformanceTest, PositionsAreDenseAndGlobalAcrossStreams) {
  ASSERT_OK(store_->Append(ToStream("r1", "case-1", 0, 2)));
  ASSERT_OK(store_->Append(ToStream("r2", "case-2", 0, 1)));
  ASSERT_OK_AND_ASSIGN(AppendResult third, store_->Append(ToStream("r3", "case-1", 2, 2)));
  EXPECT_EQ(third.first_position, 4u);
  EXPECT_EQ(third.last_position, 5u);
  EXPECT_THAT(third.stream_versions, ElementsAre(4u));
  std::vector<RecordedEvent> all = All();
  EXPECT_THAT(Positions(all), ElementsAre(1u, 2u, 3u, 4u, 5u));
  EXPECT_EQ(all[2].stream, "case-2");
  EXPECT_EQ(all[2].version, 1u);
}

TEST_P(EventStoreConformanceTest, AppendWithoutExpectedVersionAppendsAtAnyVersion) {
  ASSERT_OK(store_->Append(ToStream("r1", "case-1", std::nullopt, 1)));
  ASSERT_OK_AND_ASSIGN(AppendResult second,
                       store_->Append(ToStream("r2", "case-1", std::nullopt, 1)));
  EXPECT_THAT(second.stream_versions, ElementsAre(2u));
}

TEST_P(EventStoreConformanceTest, WrongExpectedVersionIsAbortedWithTheCurrentVersion) {
  ASSERT_OK(store_->Append(ToStream("r1", "case-1", 0, 2)));
  absl::StatusOr<AppendResult> stale = store_->Append(ToStream("r2", "case-1", 1, 1));
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted, HasSubstr("at version 2")));
  EXPECT_THAT(storage::CurrentVersionOf(stale.status()), Optional(2u));
  EXPECT_THAT(store_->StreamVersion("case-1"), IsOkAndHolds(2u));
  EXPECT_THAT(store_->LastPosition(), IsOkAndHolds(2u));
  EXPECT_THAT(Count("total"), Optional(Eq("2")));
}

TEST_P(EventStoreConformanceTest, ExpectedVersionZeroRefusesAnExistingStream) {
  ASSERT_OK(store_->Append(ToStream("r1", "case-1", 0, 1)));
  absl::StatusOr<AppendResult> again = store_->Append(ToStream("r2", "case-1", 0, 1));
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(storage::CurrentVersionOf(again.status()), Optional(1u));
}

TEST_P(EventStoreConformanceTest, RejectedAppendDoesNotConsumePositions) {
  ASSERT_OK(store_->Append(ToStream("r1", "case-1", 0, 1)));
  ASSERT_THAT(store_->Append(ToStream("r2", "case-1", 5, 3)), StatusIs(absl::StatusCode::kAborted));
  ASSERT_OK_AND_ASSIGN(AppendResult next, store_->Append(ToStream("r3", "case-2", 0, 1)));
  EXPECT_EQ(next.first_position, 2u);
}

TEST_P(EventStoreConformanceTest, MultiStreamAppendIsAllOrNothing) {
  ASSERT_OK(store_->Append(ToStream("r1", "case-2", 0, 1)));
  AppendRequest both;
  both.request_id = "r2";
  both.writes.push_back(StreamWrite{"case-1", 0, Events(2)});
  both.writes.push_back(StreamWrite{"case-2", 0, Events(1)});  // Stale: case-2 is at 1.
  EXPECT_THAT(store_->Append(both), StatusIs(absl::StatusCode::kAborted, HasSubstr("case-2")));
  EXPECT_THAT(store_->StreamVersion("case-1"), IsOkAndHolds(0u));
  EXPECT_THAT(store_->LastPosition(), IsOkAndHolds(1u));

  both.writes[1].expected_version = 1;
  ASSERT_OK_AND_ASSIGN(AppendResult result, store_->Append(both));
  EXPECT_EQ(result.first_position, 2u);
  EXPECT_EQ(result.last_position, 4u);
  EXPECT_THAT(result.stream_versions, ElementsAre(2u, 2u));
  EXPECT_THAT(Positions(All()), ElementsAre(1u, 2u, 3u, 4u));
}

TEST_P(EventStoreConformanceTest, MalformedRequestsAreInvalidAndWriteNothing) {
  struct Case {
    std::string description;
    AppendRequest request;
    std::string message;
  };
  AppendRequest duplicate_stream = ToStream("r", "case-1", std::nullopt, 1);
  duplicate_stream.writes.push_back(duplicate_stream.writes[0]);
  AppendRequest no_writes;
  no_writes.request_id = "r";
  AppendRequest huge_fingerprint = ToStream("r", "case-1", std::nullopt, 1);
  huge_fingerprint.request_fingerprint = std::string(129, 'f');
  AppendRequest untyped = ToStream("r", "case-1", std::nullopt, 1);
  untyped.writes[0].events[0].type.clear();
  std::vector<Case> cases = {
      {"empty request id", ToStream("", "case-1", std::nullopt, 1), "request_id"},
      {"overlong request id", ToStream(std::string(201, 'x'), "case-1", std::nullopt, 1),
       "request_id"},
      {"empty stream", ToStream("r", "", std::nullopt, 1), "stream name"},
      {"stream with a NUL", ToStream("r", std::string("case\0x", 6), std::nullopt, 1),
       "stream name"},
      {"stream with a slash", ToStream("r", "case/1", std::nullopt, 1), "stream name"},
      {"overlong stream", ToStream("r", std::string(201, 'a'), std::nullopt, 1), "stream name"},
      {"no events", ToStream("r", "case-1", std::nullopt, 0), "no events"},
      {"no writes", no_writes, "at least one"},
      {"the same stream twice", duplicate_stream, "twice"},
      {"an event without type", untyped, "type"},
      {"an overlong fingerprint", huge_fingerprint, "request_fingerprint"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.description);
    EXPECT_THAT(store_->Append(c.request),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.message)));
  }
  EXPECT_THAT(store_->LastPosition(), IsOkAndHolds(0u));
  EXPECT_THAT(All(), IsEmpty());
}

// --- Idempotency --------------------------------------------------------

TEST_P(EventStoreConformanceTest, RetriedRequestReturnsTheFirstResultAndWritesNothing) {
  AppendRequest request = ToStream("retry-me", "case-1", 0, 2);
  ASSERT_OK_AND_ASSIGN(AppendResult first, store_->Append(request));
  ASSERT_OK_AND_ASSIGN(AppendResult retry, store_->Append(request));
  EXPECT_TRUE(retry.replayed);
  EXPECT_EQ(retry.first_position, first.first_position);
  EXPECT_EQ(retry.last_position, first.last_position);
  EXPECT_EQ(retry.stream_versions, first.stream_versions);
  EXPECT_EQ(retry.recorded_at, first.recorded_at);
  EXPECT_THAT(store_->LastPosition(), IsOkAndHolds(2u));
  EXPECT_THAT(Count("total"), Optional(Eq("2")));
}

TEST_P(EventStoreConformanceTest, RetryAfterTheStreamMovedOnStillReturnsTheFirstResult) {
  // The expected version of the retry no longer matches, but it is the same
  // request: the client must learn that it succeeded, not that it conflicts.
  AppendRequest request = ToStream("first", "case-1", 0, 1);
  ASSERT_OK(store_->Append(request));
  ASSERT_OK(store_->Append(ToStream("second", "case-1", 1, 1)));
  ASSERT_OK_AND_ASSIGN(AppendResult retry, store_->Append(request));
  EXPECT_TRUE(retry.replayed);
  EXPECT_THAT(retry.stream_versions, ElementsAre(1u));
}

TEST_P(EventStoreConformanceTest, RequestIdReusedForADifferentRequestIsRefused) {
  ASSERT_OK(store_->Append(ToStream("same-id", "case-1", 0, 1)));
  EXPECT_THAT(store_->Append(ToStream("same-id", "case-2", 0, 1)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("different request")));
  EXPECT_THAT(store_->StreamVersion("case-2"), IsOkAndHolds(0u));
}

TEST_P(EventStoreConformanceTest, ExplicitFingerprintDecidesWhatCountsAsTheSameRequest) {
  // A service re-deciding a retried client request produces new events
  // (fresh ids, fresh nonces); the client's request digest is what matters.
  AppendRequest first = ToStream("client-1", "case-1", 0, 1);
  first.request_fingerprint = "digest-of-client-request-A";
  ASSERT_OK_AND_ASSIGN(AppendResult original, store_->Append(first));

  AppendRequest redecided = ToStream("client-1", "case-1", 0, 2);  // Other events.
  redecided.request_fingerprint = "digest-of-client-request-A";
  ASSERT_OK_AND_ASSIGN(AppendResult retry, store_->Append(redecided));
  EXPECT_TRUE(retry.replayed);
  EXPECT_EQ(retry.last_position, original.last_position);
  EXPECT_THAT(store_->StreamVersion("case-1"), IsOkAndHolds(1u));

  AppendRequest other = ToStream("client-1", "case-1", 0, 1);
  other.request_fingerprint = "digest-of-client-request-B";
  EXPECT_THAT(store_->Append(other),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("different request")));
  // An explicit fingerprint never matches a request that gave none.
  EXPECT_THAT(store_->Append(ToStream("client-1", "case-1", 0, 1)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("different request")));
}

TEST_P(EventStoreConformanceTest, LookupRequestFindsOnlyCommittedRequestsWithTheirResult) {
  EXPECT_THAT(store_->LookupRequest("client-1", "digest-A"), IsOkAndHolds(Eq(std::nullopt)));

  AppendRequest rejected = ToStream("client-1", "case-1", 5, 1);  // Wrong version.
  rejected.request_fingerprint = "digest-A";
  EXPECT_THAT(store_->Append(rejected), StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(store_->LookupRequest("client-1", "digest-A"), IsOkAndHolds(Eq(std::nullopt)));

  AppendRequest accepted = ToStream("client-1", "case-1", 0, 2);
  accepted.request_fingerprint = "digest-A";
  ASSERT_OK_AND_ASSIGN(AppendResult original, store_->Append(accepted));
  ASSERT_OK_AND_ASSIGN(std::optional<AppendResult> found,
                       store_->LookupRequest("client-1", "digest-A"));
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(found->replayed);
  EXPECT_EQ(found->first_position, original.first_position);
  EXPECT_EQ(found->last_position, original.last_position);
  EXPECT_EQ(found->stream_versions, original.stream_versions);

  EXPECT_THAT(store_->LookupRequest("client-1", "digest-B"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("different request")));
  EXPECT_THAT(store_->LookupRequest("", "digest-A"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("request_id")));
  EXPECT_THAT(store_->LookupRequest("client-1", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("fingerprint")));
}

TEST_P(EventStoreConformanceTest, FailedRequestCanBeRetriedUnderTheSameId) {
  ASSERT_OK(store_->Append(ToStream("other", "case-1", 0, 1)));
  AppendRequest request = ToStream("fix-me", "case-1", 0, 1);
  EXPECT_THAT(store_->Append(request), StatusIs(absl::StatusCode::kAborted));
  request.writes[0].expected_version = 1;
  EXPECT_THAT(store_->Append(request), IsOk());
}

TEST_P(EventStoreConformanceTest, ConcurrentRetriesOfOneRequestWriteExactlyOnce) {
  AppendRequest request = ToStream("once", "case-1", std::nullopt, 1);
  std::vector<std::thread> threads;
  std::atomic<int> fresh{0};
  std::atomic<int> replayed{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      absl::StatusOr<AppendResult> result = store_->Append(request);
      ASSERT_THAT(result, IsOk());
      (result->replayed ? replayed : fresh).fetch_add(1);
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(fresh.load(), 1);
  EXPECT_EQ(replayed.load(), 7);
  EXPECT_THAT(store_->StreamVersion("case-1"), IsOkAndHolds(1u));
}

// --- Reading ------------------------------------------------------------

TEST_P(EventStoreConformanceTest, ReadAllHonoursFromPositionAndLimit) {
  ASSERT_OK(store_->Append(ToStream("r1", "a", 0, 3)));
  ASSERT_OK(store_->Append(ToStream("r2", "b", 0, 3)));
  ASSERT_OK_AND_ASSIGN(auto middle, store_->ReadAll(3, 2));
  EXPECT_THAT(Positions(middle), ElementsAre(3u, 4u));
  ASSERT_OK_AND_ASSIGN(auto tail, store_->ReadAll(6, 100));
  EXPECT_THAT(Positions(tail), ElementsAre(6u));
  ASSERT_OK_AND_ASSIGN(auto past_end, store_->ReadAll(7, 100));
  EXPECT_THAT(past_end, IsEmpty());
  ASSERT_OK_AND_ASSIGN(auto from_zero, store_->ReadAll(0, 1));
  EXPECT_THAT(Positions(from_zero), ElementsAre(1u));
}

TEST_P(EventStoreConformanceTest, ReadStreamHonoursFromVersionAndLimitAndKeepsStreamsApart) {
  ASSERT_OK(store_->Append(ToStream("r1", "case-1", 0, 4)));
  ASSERT_OK(store_->Append(ToStream("r2", "case-10", 0, 2)));  // A name extending "case-1".
  ASSERT_OK_AND_ASSIGN(auto slice, store_->ReadStream("case-1", 2, 2));
  EXPECT_THAT(Versions(slice), ElementsAre(2u, 3u));
  ASSERT_OK_AND_ASSIGN(auto whole, store_->ReadStream("case-1", 1, 100));
  EXPECT_THAT(whole, SizeIs(4));
  ASSERT_OK_AND_ASSIGN(auto other, store_->ReadStream("case-10", 0, 100));
  EXPECT_THAT(Versions(other), ElementsAre(1u, 2u));
}

TEST_P(EventStoreConformanceTest, UnknownStreamIsEmptyNotAnError) {
  EXPECT_THAT(store_->ReadStream("nobody", 1, 10), IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(store_->StreamVersion("nobody"), IsOkAndHolds(0u));
  EXPECT_THAT(store_->ReadStream("bad/name", 1, 10), StatusIs(absl::StatusCode::kInvalidArgument));
}

// --- Projections ----------------------------------------------------------

TEST_P(EventStoreConformanceTest, ProjectionsAreUpdatedByTheAppendItself) {
  ASSERT_OK(store_->Append(ToStream("r1", "case-1", 0, 3)));
  ASSERT_OK(store_->Append(ToStream("r2", "case-2", 0, 1)));
  // The counter reached 3 within one append: the projection read its own
  // staged writes.
  EXPECT_THAT(Count("stream/case-1"), Optional(Eq("3")));
  EXPECT_THAT(Count("stream/case-2"), Optional(Eq("1")));
  EXPECT_THAT(Count("total"), Optional(Eq("4")));
  EXPECT_THAT(Count("stream/case-3"), Eq(std::nullopt));
}

TEST_P(EventStoreConformanceTest, ProjectionFailureAbortsTheWholeAppend) {
  ASSERT_OK(store_->Append(ToStream("r1", "case-1", 0, 1)));
  AppendRequest poisoned;
  poisoned.request_id = "r2";
  poisoned.writes.push_back(StreamWrite{"case-1", 1, Events(2)});
  poisoned.writes.push_back(StreamWrite{"case-2", 0, Events(1, CountingProjection::kPoisonType)});
  EXPECT_THAT(store_->Append(poisoned),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("poisoned")));
  EXPECT_THAT(store_->StreamVersion("case-1"), IsOkAndHolds(1u));
  EXPECT_THAT(store_->StreamVersion("case-2"), IsOkAndHolds(0u));
  EXPECT_THAT(store_->LastPosition(), IsOkAndHolds(1u));
  EXPECT_THAT(Count("stream/case-1"), Optional(Eq("1")));
  EXPECT_THAT(Count("total"), Optional(Eq("1")));
  // The request id was not consumed by the failure.
  poisoned.writes.pop_back();
  ASSERT_OK_AND_ASSIGN(AppendResult fixed, store_->Append(poisoned));
  EXPECT_FALSE(fixed.replayed);
  EXPECT_EQ(fixed.first_position, 2u);
}

TEST_P(EventStoreConformanceTest, ScanProjectionPagesThroughAPrefixInKeyOrder) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_OK(store_->Append(ToStream(absl::StrCat("r", i), absl::StrCat("s", i), 0, i + 1)));
  }
  ASSERT_OK_AND_ASSIGN(auto first_page,
                       store_->ScanProjection(CountingProjection::kName, "stream/", "", 2));
  ASSERT_THAT(first_page, SizeIs(2));
  EXPECT_EQ(first_page[0], (storage::ProjectionEntry{"stream/s0", "1"}));
  EXPECT_EQ(first_page[1], (storage::ProjectionEntry{"stream/s1", "2"}));
  ASSERT_OK_AND_ASSIGN(auto rest, store_->ScanProjection(CountingProjection::kName, "stream/",
                                                         first_page.back().first, 10));
  ASSERT_THAT(rest, SizeIs(3));
  EXPECT_EQ(rest[0].first, "stream/s2");
  EXPECT_EQ(rest[2], (storage::ProjectionEntry{"stream/s4", "5"}));
}

TEST_P(EventStoreConformanceTest, UnknownProjectionIsNotFound) {
  EXPECT_THAT(store_->ReadProjection("no-such", "k"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(store_->ScanProjection("no-such", "", "", 1), StatusIs(absl::StatusCode::kNotFound));
}

// --- Concurrency ----------------------------------------------------------

TEST_P(EventStoreConformanceTest, ConcurrentWritersOnOneStreamLoseNoUpdate) {
  constexpr int kThreads = 8;
  constexpr int kAttemptsEach = 40;
  std::atomic<int> succeeded{0};
  std::atomic<int> aborted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAttemptsEach; ++i) {
        absl::StatusOr<uint64_t> version = store_->StreamVersion("contended");
        ASSERT_THAT(version, IsOk());
        absl::StatusOr<AppendResult> result =
            store_->Append(ToStream(absl::StrCat("t", t, "-", i), "contended", *version, 1));
        if (result.ok()) {
          succeeded.fetch_add(1);
        } else {
          ASSERT_THAT(result, StatusIs(absl::StatusCode::kAborted));
          aborted.fetch_add(1);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(succeeded.load() + aborted.load(), kThreads * kAttemptsEach);
  EXPECT_THAT(store_->StreamVersion("contended"),
              IsOkAndHolds(static_cast<uint64_t>(succeeded.load())));
  ASSERT_OK_AND_ASSIGN(auto events, store_->ReadStream("contended", 1, 100'000));
  EXPECT_THAT(events, SizeIs(succeeded.load()));
  EXPECT_THAT(Count("total"), Optional(Eq(absl::StrCat(succeeded.load()))));
}

// --- Subscriptions ----------------------------------------------------------

// Collects delivered positions and lets a test wait for a count.
class Collector {
 public:
  storage::EventHandler Handler() {
    return [this](const RecordedEvent& event) {
      std::lock_guard<std::mutex> lock(mutex_);
      positions_.push_back(event.position);
      if (positions_.size() == wanted_) reached_.Notify();
      return absl::OkStatus();
    };
  }
  explicit Collector(size_t wanted) : wanted_(wanted) {}
  bool WaitForAll(absl::Duration timeout) {
    return reached_.WaitForNotificationWithTimeout(timeout);
  }
  std::vector<uint64_t> positions() {
    std::lock_guard<std::mutex> lock(mutex_);
    return positions_;
  }

 private:
  std::mutex mutex_;
  std::vector<uint64_t> positions_;
  size_t wanted_;
  absl::Notification reached_;
};

TEST_P(EventStoreConformanceTest, SubscriptionDeliversHistoryThenLiveWithNoGapOrDuplicate) {
  constexpr int kWriters = 4;
  constexpr int kAppendsEach = 150;
  constexpr int kHistory = 100;
  for (int i = 0; i < kHistory; ++i) {
    ASSERT_OK(store_->Append(ToStream(absl::StrCat("h", i), "history", std::nullopt, 1)));
  }
  const size_t total = kHistory + kWriters * kAppendsEach * 2;
  Collector collector(total);
  std::atomic<bool> go{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      while (!go.load()) std::this_thread::yield();
      for (int i = 0; i < kAppendsEach; ++i) {
        ASSERT_OK(store_->Append(
            ToStream(absl::StrCat("w", w, "-", i), absl::StrCat("live-", w), std::nullopt, 2)));
      }
    });
  }
  // Writers start together with the subscription, so the switch from
  // catch-up to live happens while appends are landing.
  go.store(true);
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<storage::Subscription> subscription,
                       store_->Subscribe(1, collector.Handler()));
  for (std::thread& writer : writers) writer.join();
  ASSERT_TRUE(collector.WaitForAll(absl::Seconds(30)))
      << "delivered " << collector.positions().size() << " of " << total;
  subscription.reset();
  std::vector<uint64_t> positions = collector.positions();
  ASSERT_EQ(positions.size(), total);
  for (size_t i = 0; i < positions.size(); ++i) ASSERT_EQ(positions[i], i + 1) << "at " << i;
}

TEST_P(EventStoreConformanceTest, SubscriptionStartsAtTheGivenPosition) {
  ASSERT_OK(store_->Append(ToStream("r1", "a", 0, 5)));
  Collector collector(3);
  ASSERT_OK_AND_ASSIGN(auto subscription, store_->Subscribe(3, collector.Handler()));
  ASSERT_TRUE(collector.WaitForAll(absl::Seconds(10)));
  EXPECT_THAT(collector.positions(), ElementsAre(3u, 4u, 5u));
  ASSERT_OK(store_->Append(ToStream("r2", "a", 5, 1)));
  absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (subscription->next_position() != 7 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(1));
  }
  EXPECT_EQ(subscription->next_position(), 7u);
}

TEST_P(EventStoreConformanceTest, HandlerErrorEndsTheSubscriptionWithThatError) {
  ASSERT_OK(store_->Append(ToStream("r1", "a", 0, 3)));
  std::atomic<int> calls{0};
  ASSERT_OK_AND_ASSIGN(auto subscription, store_->Subscribe(1, [&](const RecordedEvent& event) {
    calls.fetch_add(1);
    if (event.position == 2) return absl::InternalError("handler gave up");
    return absl::OkStatus();
  }));
  absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (subscription->status().ok() && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(1));
  }
  EXPECT_THAT(subscription->status(), StatusIs(absl::StatusCode::kInternal, HasSubstr("gave up")));
  EXPECT_EQ(calls.load(), 2);
  EXPECT_EQ(subscription->next_position(), 2u);
}

TEST_P(EventStoreConformanceTest, HandlerMayDropItsOwnSubscription) {
  ASSERT_OK(store_->Append(ToStream("r1", "a", 0, 5)));
  std::unique_ptr<storage::Subscription> subscription;
  absl::Notification handle_set;
  absl::Notification dropped;
  std::atomic<int> delivered{0};
  ASSERT_OK_AND_ASSIGN(subscription, store_->Subscribe(1, [&](const RecordedEvent& event) {
    handle_set.WaitForNotification();
    delivered.fetch_add(1);
    if (event.position == 2) {
      subscription.reset();  // The last handle, from inside the handler.
      dropped.Notify();
    }
    return absl::OkStatus();
  }));
  handle_set.Notify();
  ASSERT_TRUE(dropped.WaitForNotificationWithTimeout(absl::Seconds(10)));
  ASSERT_OK(store_->Append(ToStream("r2", "a", 5, 1)));
  absl::SleepFor(absl::Milliseconds(50));
  EXPECT_EQ(delivered.load(), 2);  // Nothing after the drop.
  store_.reset();                  // Must not wait on, or touch, the dropped subscription.
}

TEST_P(EventStoreConformanceTest, ClosingTheStoreWhileAHandlerFailsNeitherHangsNorCrashes) {
  ASSERT_OK(store_->Append(ToStream("r1", "a", 0, 1)));
  absl::Notification entered;
  absl::Notification go;
  ASSERT_OK_AND_ASSIGN(auto subscription, store_->Subscribe(1, [&](const RecordedEvent&) {
    entered.Notify();
    go.WaitForNotification();
    // Give the closing store time to reach the point
    // where it waits for this handler.
    absl::SleepFor(absl::Milliseconds(50));
    return absl::InternalError("gave up while the store closed");
  }));
  ASSERT_TRUE(entered.WaitForNotificationWithTimeout(absl::Seconds(10)));
  go.Notify();
  store_.reset();
  // The store's stop came first; the handler's later error does not replace it.
  EXPECT_THAT(subscription->status(),
              StatusIs(absl::StatusCode::kCancelled, HasSubstr("store was closed")));
}

TEST_P(EventStoreConformanceTest, ClosingTheStoreEndsItsSubscriptions) {
  ASSERT_OK(store_->Append(ToStream("r1", "a", 0, 1)));
  Collector collector(1);
  ASSERT_OK_AND_ASSIGN(auto subscription, store_->Subscribe(1, collector.Handler()));
  ASSERT_TRUE(collector.WaitForAll(absl::Seconds(10)));
  store_.reset();        // Must not hang on the waiting subscription...
  subscription.reset();  // ...and the handle must still be safe to drop.
  SUCCEED();
}

// --- Wrapped data keys --------------------------------------------------------

TEST_P(EventStoreConformanceTest, KeyWritesAreStoredWithTheAppendAndReadBack) {
  ASSERT_OK(
      store_->Append(WithKeys(ToStream("r1", "participant-1", 0, 1),
                              {{"key-1", "wrapped-1"}, {"key-2", std::string("w\0\xff", 3)}})));
  EXPECT_THAT(store_->ReadKey("key-1"), IsOkAndHolds(Optional(Eq("wrapped-1"))));
  EXPECT_THAT(store_->ReadKey("key-2"), IsOkAndHolds(Optional(Eq(std::string("w\0\xff", 3)))));
  EXPECT_THAT(store_->ReadKey("key-3"), IsOkAndHolds(Eq(std::nullopt)));
  EXPECT_THAT(store_->StreamVersion("participant-1"), IsOkAndHolds(1u));
}

TEST_P(EventStoreConformanceTest, FailedAppendWritesNoKey) {
  ASSERT_OK(store_->Append(ToStream("r1", "participant-1", 0, 1)));
  EXPECT_THAT(store_->Append(WithKeys(ToStream("r2", "participant-1", 0, 1), {{"key-1", "w"}})),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(store_->ReadKey("key-1"), IsOkAndHolds(Eq(std::nullopt)));

  AppendRequest poisoned = WithKeys(ToStream("r3", "participant-2", 0, 0), {{"key-1", "w"}});
  poisoned.writes[0].events = Events(1, CountingProjection::kPoisonType);
  EXPECT_THAT(store_->Append(poisoned), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(store_->ReadKey("key-1"), IsOkAndHolds(Eq(std::nullopt)));

  // The id was not claimed by the failures.
  ASSERT_OK(store_->Append(WithKeys(ToStream("r4", "participant-1", 1, 1), {{"key-1", "w"}})));
  EXPECT_THAT(store_->ReadKey("key-1"), IsOkAndHolds(Optional(Eq("w"))));
}

TEST_P(EventStoreConformanceTest, ExistingKeyIdIsAlreadyExistsAndNothingIsWritten) {
  ASSERT_OK(store_->Append(WithKeys(ToStream("r1", "participant-1", 0, 1), {{"key-1", "first"}})));
  EXPECT_THAT(store_->Append(WithKeys(ToStream("r2", "participant-2", 0, 2),
                                      {{"key-2", "second"}, {"key-1", "overwrite"}})),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("key-1")));
  EXPECT_THAT(store_->ReadKey("key-1"), IsOkAndHolds(Optional(Eq("first"))));
  EXPECT_THAT(store_->ReadKey("key-2"), IsOkAndHolds(Eq(std::nullopt)));
  EXPECT_THAT(store_->StreamVersion("participant-2"), IsOkAndHolds(0u));
  EXPECT_THAT(store_->LastPosition(), IsOkAndHolds(1u));
  EXPECT_THAT(Count("total"), Optional(Eq("1")));
}

TEST_P(EventStoreConformanceTest, ConcurrentAppendsCreateOneKeyIdOnce) {
  constexpr int kThreads = 8;
  std::atomic<int> created{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      absl::StatusOr<AppendResult> result =
          store_->Append(WithKeys(ToStream(absl::StrCat("r", t), absl::StrCat("s", t), 0, 1),
                                  {{"contended-key", absl::StrCat("from-", t)}}));
      if (result.ok()) {
        created.fetch_add(1);
      } else {
        ASSERT_THAT(result, StatusIs(absl::StatusCode::kAlreadyExists));
        refused.fetch_add(1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(refused.load(), kThreads - 1);
  EXPECT_THAT(store_->LastPosition(), IsOkAndHolds(1u));
  ASSERT_OK_AND_ASSIGN(std::optional<std::string> winner, store_->ReadKey("contended-key"));
  ASSERT_TRUE(winner.has_value());
  EXPECT_EQ(*winner, absl::StrCat("from-", All().at(0).stream.substr(1)));
}

TEST_P(EventStoreConformanceTest, ReplayedAppendWritesNoKeyAgain) {
  AppendRequest request = WithKeys(ToStream("r1", "participant-1", 0, 1), {{"key-1", "w"}});
  ASSERT_OK(store_->Append(request));
  ASSERT_OK(store_->DestroyKey("key-1"));
  ASSERT_OK_AND_ASSIGN(AppendResult retry, store_->Append(request));
  EXPECT_TRUE(retry.replayed);
  // A retry must never bring an erased key back.
  EXPECT_THAT(store_->ReadKey("key-1"), IsOkAndHolds(Eq(std::nullopt)));
}

TEST_P(EventStoreConformanceTest, KeyWritesArePartOfTheRequestDigest) {
  ASSERT_OK(store_->Append(WithKeys(ToStream("r1", "participant-1", 0, 1), {{"key-1", "w1"}})));
  for (const std::vector<KeyWrite>& other :
       std::vector<std::vector<KeyWrite>>{{}, {{"key-1", "w2"}}, {{"key-2", "w1"}}}) {
    EXPECT_THAT(store_->Append(WithKeys(ToStream("r1", "participant-1", 0, 1), other)),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("different request")));
  }
  EXPECT_THAT(store_->ReadKey("key-2"), IsOkAndHolds(Eq(std::nullopt)));
}

TEST_P(EventStoreConformanceTest, DestroyKeyErasesItAndIsIdempotent) {
  ASSERT_OK(store_->Append(
      WithKeys(ToStream("r1", "participant-1", 0, 1), {{"key-1", "w1"}, {"key-2", "w2"}})));
  ASSERT_OK(store_->DestroyKey("key-1"));
  EXPECT_THAT(store_->ReadKey("key-1"), IsOkAndHolds(Eq(std::nullopt)));
  EXPECT_THAT(store_->ReadKey("key-2"), IsOkAndHolds(Optional(Eq("w2"))));
  EXPECT_OK(store_->DestroyKey("key-1"));
  EXPECT_OK(store_->DestroyKey("never-written"));
  // The events stay; only the key is gone.
  EXPECT_THAT(store_->StreamVersion("participant-1"), IsOkAndHolds(1u));

  ASSERT_OK(store_->CompactKeys());
  EXPECT_THAT(store_->ReadKey("key-1"), IsOkAndHolds(Eq(std::nullopt)));
  EXPECT_THAT(store_->ReadKey("key-2"), IsOkAndHolds(Optional(Eq("w2"))));
  Reopen();
  EXPECT_THAT(store_->ReadKey("key-1"), IsOkAndHolds(Eq(std::nullopt)));
  EXPECT_THAT(store_->ReadKey("key-2"), IsOkAndHolds(Optional(Eq("w2"))));
}

TEST_P(EventStoreConformanceTest, MalformedKeyWritesAndIdsAreInvalid) {
  struct Case {
    std::string description;
    std::vector<KeyWrite> key_writes;
    std::string message;
  };
  std::vector<Case> cases = {
      {"empty key id", {{"", "w"}}, "key id"},
      {"key id with a slash", {{"key/1", "w"}}, "key id"},
      {"key id with a NUL", {{std::string("key\0x", 5), "w"}}, "key id"},
      {"overlong key id", {{std::string(201, 'k'), "w"}}, "key id"},
      {"the same key id twice", {{"key-1", "w"}, {"key-1", "v"}}, "twice"},
      {"an empty wrapped key", {{"key-1", ""}}, "empty"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.description);
    EXPECT_THAT(store_->Append(WithKeys(ToStream("r", "participant-1", 0, 1), c.key_writes)),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.message)));
  }
  EXPECT_THAT(store_->LastPosition(), IsOkAndHolds(0u));
  EXPECT_THAT(store_->ReadKey("key-1"), IsOkAndHolds(Eq(std::nullopt)));
  EXPECT_OK(store_->Append(WithKeys(ToStream("r", "participant-1", 0, 1),
                                    {{std::string(200, 'k'), "w"}, {"A.z_0:9-", "w"}})));
  for (const std::string& bad : {std::string(), std::string("key/1"), std::string(201, 'k')}) {
    EXPECT_THAT(store_->ReadKey(bad), StatusIs(absl::StatusCode::kInvalidArgument));
    EXPECT_THAT(store_->DestroyKey(bad), StatusIs(absl::StatusCode::kInvalidArgument));
  }
}

// --- Stream conditions ----------------------------------------------------------

TEST_P(EventStoreConformanceTest, AppendWhoseConditionHoldsIsWritten) {
  ASSERT_OK(store_->Append(ToStream("r1", "participant-1", 0, 2)));
  ASSERT_OK_AND_ASSIGN(
      AppendResult result,
      store_->Append(WithConditions(ToStream("r2", "case-1", 0, 1), {{"participant-1", 2}})));
  EXPECT_FALSE(result.replayed);
  EXPECT_EQ(result.first_position, 3u);
  EXPECT_THAT(result.stream_versions, ElementsAre(1u));  // Only the written stream.
  EXPECT_THAT(store_->StreamVersion("case-1"), IsOkAndHolds(1u));
  // The conditioned stream is read, never written.
  EXPECT_THAT(store_->StreamVersion("participant-1"), IsOkAndHolds(2u));
  EXPECT_THAT(Count("stream/participant-1"), Optional(Eq("2")));
  EXPECT_THAT(Positions(All()), ElementsAre(1u, 2u, 3u));
}

TEST_P(EventStoreConformanceTest, AppendWhoseConditionFailsIsAbortedAndWritesNothing) {
  ASSERT_OK(store_->Append(ToStream("r1", "participant-1", 0, 2)));
  ASSERT_OK(store_->Append(ToStream("r0", "case-2", 0, 1)));
  // A consent given at version 1 and withdrawn at version 2: a step decided
  // on version 1 must not go through.
  AppendRequest decided_on_stale_consent;
  decided_on_stale_consent.request_id = "r2";
  decided_on_stale_consent.request_fingerprint = "client-request-r2";
  decided_on_stale_consent.writes.push_back(StreamWrite{"case-1", 0, Events(2)});
  decided_on_stale_consent.writes.push_back(StreamWrite{"case-2", 1, Events(1)});
  decided_on_stale_consent.key_writes = {{"key-1", "wrapped"}};
  decided_on_stale_consent.stream_conditions = {{"participant-0", 0}, {"participant-1", 1}};

  absl::StatusOr<AppendResult> refused = store_->Append(decided_on_stale_consent);
  EXPECT_THAT(refused,
              StatusIs(absl::StatusCode::kAborted,
                       ::testing::AllOf(HasSubstr("participant-1"), HasSubstr("at version 2"),
                                        HasSubstr("expected 1"))));
  EXPECT_THAT(storage::CurrentVersionOf(refused.status()), Optional(2u));
  // No events, no stream heads, no projection updates, no key, and no
  // idempotency record: the request id is still free.
  EXPECT_THAT(store_->LastPosition(), IsOkAndHolds(3u));
  EXPECT_THAT(store_->StreamVersion("case-1"), IsOkAndHolds(0u));
  EXPECT_THAT(store_->StreamVersion("case-2"), IsOkAndHolds(1u));
  EXPECT_THAT(Count("total"), Optional(Eq("3")));
  EXPECT_THAT(Count("stream/case-1"), Eq(std::nullopt));
  EXPECT_THAT(store_->ReadKey("key-1"), IsOkAndHolds(Eq(std::nullopt)));
  EXPECT_THAT(store_->LookupRequest("r2", "client-request-r2"), IsOkAndHolds(Eq(std::nullopt)));

  // Decided again on the current consent, the same request id goes through.
  decided_on_stale_consent.stream_conditions[1].expected_version = 2;
  ASSERT_OK_AND_ASSIGN(AppendResult accepted, store_->Append(decided_on_stale_consent));
  EXPECT_FALSE(accepted.replayed);
  EXPECT_EQ(accepted.first_position, 4u);
  EXPECT_THAT(store_->ReadKey("key-1"), IsOkAndHolds(Optional(Eq("wrapped"))));
}

TEST_P(EventStoreConformanceTest, ConditionZeroRequiresTheStreamNotToExist) {
  ASSERT_OK(store_->Append(WithConditions(ToStream("r1", "case-1", 0, 1), {{"participant-1", 0}})));
  ASSERT_OK(store_->Append(ToStream("r2", "participant-1", 0, 1)));
  absl::StatusOr<AppendResult> refused =
      store_->Append(WithConditions(ToStream("r3", "case-1", 1, 1), {{"participant-1", 0}}));
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kAborted, HasSubstr("participant-1")));
  EXPECT_THAT(storage::CurrentVersionOf(refused.status()), Optional(1u));
  // A condition on a version a stream does not have yet fails just the same.
  EXPECT_THAT(store_->Append(WithConditions(ToStream("r4", "case-1", 1, 1), {{"nobody", 3}})),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("nobody is at version 0")));
  EXPECT_THAT(store_->StreamVersion("case-1"), IsOkAndHolds(1u));
}

TEST_P(EventStoreConformanceTest, MalformedConditionsAreInvalidAndWriteNothing) {
  struct Case {
    std::string description;
    std::vector<StreamCondition> conditions;
    std::string message;
  };
  std::vector<Case> cases = {
      {"a condition on the written stream", {{"case-1", 0}}, "both written and conditioned"},
      {"the same stream conditioned twice",
       {{"participant-1", 0}, {"participant-1", 0}},
       "conditioned twice"},
      {"a bad stream name", {{"participant/1", 0}}, "stream name"},
      {"an empty stream name", {{"", 0}}, "stream name"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.description);
    EXPECT_THAT(store_->Append(WithConditions(ToStream("r", "case-1", 0, 1), c.conditions)),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.message)));
  }
  EXPECT_THAT(store_->LastPosition(), IsOkAndHolds(0u));
  EXPECT_THAT(store_->LookupRequest("r", "any"), IsOkAndHolds(Eq(std::nullopt)));
}

TEST_P(EventStoreConformanceTest, ConditionsTakePartInIdempotency) {
  ASSERT_OK(store_->Append(ToStream("r0", "participant-1", 0, 1)));
  AppendRequest request = WithConditions(ToStream("r1", "case-1", 0, 1), {{"participant-1", 1}});
  ASSERT_OK_AND_ASSIGN(AppendResult first, store_->Append(request));
  // The participant moves on; the retry is the same request and replays,
  // although its condition no longer holds.
  ASSERT_OK(store_->Append(ToStream("r2", "participant-1", 1, 1)));
  ASSERT_OK_AND_ASSIGN(AppendResult retry, store_->Append(request));
  EXPECT_TRUE(retry.replayed);
  EXPECT_EQ(retry.first_position, first.first_position);
  EXPECT_THAT(store_->StreamVersion("case-1"), IsOkAndHolds(1u));
  // The conditions are part of what the request is.
  for (const std::vector<StreamCondition>& other : std::vector<std::vector<StreamCondition>>{
           {}, {{"participant-1", 2}}, {{"participant-2", 1}}}) {
    EXPECT_THAT(store_->Append(WithConditions(ToStream("r1", "case-1", 0, 1), other)),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("different request")));
  }
}

TEST_P(EventStoreConformanceTest, NoAppendCommitsOnAStaleCondition) {
  // One thread keeps changing the participant (consents given and
  // withdrawn) while others decide case steps on the version they read. A
  // step may commit only if the participant was at exactly that version at
  // its position in the log.
  constexpr int kParticipantChanges = 150;
  constexpr int kDeciders = 4;
  constexpr int kDecisionsEach = 60;
  struct Committed {
    uint64_t position;
    uint64_t decided_on;
  };
  std::mutex mutex;
  std::vector<Committed> committed;
  std::atomic<int> aborted{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  threads.emplace_back([&] {
    while (!go.load()) std::this_thread::yield();
    for (int i = 0; i < kParticipantChanges; ++i) {
      ASSERT_OK(store_->Append(ToStream(absl::StrCat("p", i), "participant-1", std::nullopt, 1)));
    }
  });
  for (int d = 0; d < kDeciders; ++d) {
    threads.emplace_back([&, d] {
      while (!go.load()) std::this_thread::yield();
      for (int i = 0; i < kDecisionsEach; ++i) {
        absl::StatusOr<uint64_t> seen = store_->StreamVersion("participant-1");
        ASSERT_THAT(seen, IsOk());
        absl::StatusOr<AppendResult> result = store_->Append(WithConditions(
            ToStream(absl::StrCat("d", d, "-", i), absl::StrCat("case-", d), std::nullopt, 1),
            {{"participant-1", *seen}}));
        if (result.ok()) {
          std::lock_guard<std::mutex> lock(mutex);
          committed.push_back({result->first_position, *seen});
        } else {
          ASSERT_THAT(result, StatusIs(absl::StatusCode::kAborted, HasSubstr("participant-1")));
          ASSERT_THAT(storage::CurrentVersionOf(result.status()),
                      ::testing::Ne(std::optional<uint64_t>(*seen)));
          aborted.fetch_add(1);
        }
      }
    });
  }
  go.store(true);
  for (std::thread& thread : threads) thread.join();

  ASSERT_OK_AND_ASSIGN(std::vector<RecordedEvent> participant,
                       store_->ReadStream("participant-1", 1, 100'000));
  ASSERT_THAT(participant, SizeIs(kParticipantChanges));
  EXPECT_EQ(static_cast<int>(committed.size()) + aborted.load(), kDeciders * kDecisionsEach);
  for (const Committed& step : committed) {
    const auto before =
        std::count_if(participant.begin(), participant.end(),
                      [&](const RecordedEvent& e) { return e.position < step.position; });
    EXPECT_EQ(static_cast<uint64_t>(before), step.decided_on)
        << "the step at position " << step.position << " was decided on participant version "
        << step.decided_on << " but committed when it was at " << before;
  }
  uint64_t decided = 0;
  for (int d = 0; d < kDeciders; ++d) {
    ASSERT_OK_AND_ASSIGN(uint64_t version, store_->StreamVersion(absl::StrCat("case-", d)));
    decided += version;
  }
  EXPECT_EQ(decided, committed.size());
}

// --- The audit log ------------------------------------------------------------

TEST_P(EventStoreConformanceTest, AuditLinksAreReadBackInOrderWithTheirContent) {
  ASSERT_OK_AND_ASSIGN(AuditHead empty, store_->ReadAuditHead());
  EXPECT_EQ(empty.last_sequence, 0u);
  EXPECT_EQ(empty.last_hash, storage::AuditGenesisHash());
  EXPECT_THAT(store_->ReadAudit(1, 10), IsOkAndHolds(IsEmpty()));
  EXPECT_TRUE(VerifyAudit(*store_).ok());

  ASSERT_OK_AND_ASSIGN(AuditAppendResult first, store_->AppendAudit({"read p-1", "read p-2"}));
  EXPECT_EQ(first.first_sequence, 1u);
  EXPECT_EQ(first.last_sequence, 2u);
  EXPECT_LT(absl::Now() - first.recorded_at, absl::Minutes(1));
  ASSERT_OK_AND_ASSIGN(AuditAppendResult second,
                       store_->AppendAudit({std::string("export\0\xff", 8)}));
  EXPECT_EQ(second.first_sequence, 3u);
  EXPECT_EQ(second.last_sequence, 3u);

  ASSERT_OK_AND_ASSIGN(std::vector<AuditLink> links, store_->ReadAudit(1, 100));
  ASSERT_THAT(Sequences(links), ElementsAre(1u, 2u, 3u));
  EXPECT_EQ(links[0].payload, "read p-1");
  EXPECT_EQ(links[1].payload, "read p-2");
  EXPECT_EQ(links[2].payload, std::string("export\0\xff", 8));
  EXPECT_EQ(links[0].recorded_at, first.recorded_at);
  EXPECT_EQ(links[1].recorded_at, first.recorded_at);
  EXPECT_EQ(links[2].recorded_at, second.recorded_at);
  EXPECT_EQ(links[0].previous_hash, storage::AuditGenesisHash());
  for (size_t i = 0; i < links.size(); ++i) {
    SCOPED_TRACE(i);
    if (i > 0) {
      EXPECT_EQ(links[i].previous_hash, links[i - 1].hash);
    }
    EXPECT_EQ(links[i].hash, storage::ComputeAuditHash(links[i].sequence, links[i].previous_hash,
                                                       links[i].recorded_at, links[i].payload));
  }
  ASSERT_OK_AND_ASSIGN(AuditHead head, store_->ReadAuditHead());
  EXPECT_EQ(head.last_sequence, 3u);
  EXPECT_EQ(head.last_hash, links[2].hash);
  AuditVerdict verdict = VerifyAudit(*store_);
  EXPECT_TRUE(verdict.ok()) << verdict.problem->description;
  EXPECT_EQ(verdict.links_checked, 3u);

  EXPECT_THAT(store_->ReadAudit(2, 1),
              IsOkAndHolds(::testing::ResultOf(Sequences, ElementsAre(2u))));
  EXPECT_THAT(store_->ReadAudit(0, 1),
              IsOkAndHolds(::testing::ResultOf(Sequences, ElementsAre(1u))));
  EXPECT_THAT(store_->ReadAudit(4, 10), IsOkAndHolds(IsEmpty()));
  // The audit log is apart from the event log.
  EXPECT_THAT(store_->LastPosition(), IsOkAndHolds(0u));
  EXPECT_THAT(All(), IsEmpty());
}

TEST_P(EventStoreConformanceTest, MalformedAuditAppendsAreInvalidAndWriteNothing) {
  EXPECT_THAT(store_->AppendAudit({}), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(store_->AppendAudit({"fine", ""}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("payload 1")));
  EXPECT_THAT(store_->AppendAudit({std::string(storage::kMaxAuditPayloadBytes + 1, 'x')}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(store_->AppendAudit(std::vector<std::string>(storage::kMaxAuditPayloads + 1, "x")),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(store_->ReadAudit(0, 10), IsOkAndHolds(IsEmpty()));
  ASSERT_OK_AND_ASSIGN(AuditAppendResult result, store_->AppendAudit({"x"}));
  EXPECT_EQ(result.first_sequence, 1u);
}

TEST_P(EventStoreConformanceTest, ConcurrentAuditAppendsFormOneChainWithoutGaps) {
  constexpr int kThreads = 8;
  constexpr int kAppendsEach = 200;
  std::mutex mutex;
  std::vector<uint64_t> sequences;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAppendsEach; ++i) {
        absl::StatusOr<AuditAppendResult> result =
            store_->AppendAudit({absl::StrCat("thread ", t, " read ", i)});
        ASSERT_THAT(result, IsOk());
        ASSERT_EQ(result->first_sequence, result->last_sequence);
        {
          std::lock_guard<std::mutex> lock(mutex);
          sequences.push_back(result->first_sequence);
        }
        // Appends share the writer with audit links; neither disturbs the other.
        if (i % 20 == 0) {
          ASSERT_OK(store_->Append(
              ToStream(absl::StrCat("t", t, "-", i), absl::StrCat("case-", t), std::nullopt, 1)));
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  constexpr uint64_t kTotal = kThreads * kAppendsEach;
  std::sort(sequences.begin(), sequences.end());
  ASSERT_THAT(sequences, SizeIs(kTotal));
  for (uint64_t i = 0; i < kTotal; ++i) ASSERT_EQ(sequences[i], i + 1);

  ASSERT_OK_AND_ASSIGN(std::vector<AuditLink> links, store_->ReadAudit(1, 100'000));
  ASSERT_THAT(links, SizeIs(kTotal));
  std::vector<int> next_of_thread(kThreads, 0);
  for (const AuditLink& link : links) {
    // Each thread's links are in the order it appended them.
    int thread = -1;
    int read = -1;
    ASSERT_EQ(std::sscanf(link.payload.c_str(), "thread %d read %d", &thread, &read), 2);
    ASSERT_EQ(read, next_of_thread.at(thread)++);
  }
  AuditVerdict verdict = VerifyAudit(*store_);
  EXPECT_TRUE(verdict.ok()) << verdict.problem->description;
  EXPECT_EQ(verdict.links_checked, kTotal);
  EXPECT_THAT(store_->LastPosition(), IsOkAndHolds(static_cast<uint64_t>(kThreads * 10)));
}

TEST_P(EventStoreConformanceTest, AuditChainContinuesAcrossReopen) {
  ASSERT_OK(store_->AppendAudit({"a", "b", "c"}));
  Reopen();
  ASSERT_OK_AND_ASSIGN(AuditHead head, store_->ReadAuditHead());
  EXPECT_EQ(head.last_sequence, 3u);
  ASSERT_OK_AND_ASSIGN(AuditAppendResult next, store_->AppendAudit({"d", "e"}));
  EXPECT_EQ(next.first_sequence, 4u);
  EXPECT_EQ(next.last_sequence, 5u);
  ASSERT_OK_AND_ASSIGN(std::vector<AuditLink> links, store_->ReadAudit(3, 2));
  ASSERT_THAT(Sequences(links), ElementsAre(3u, 4u));
  EXPECT_EQ(links[1].previous_hash, links[0].hash);
  AuditVerdict verdict = VerifyAudit(*store_);
  EXPECT_TRUE(verdict.ok()) << verdict.problem->description;
  EXPECT_EQ(verdict.links_checked, 5u);
}

// --- Durability across reopen and checkpoints ------------------------------

TEST_P(EventStoreConformanceTest, ReopenFindsEverythingAndContinuesThePositions) {
  AppendRequest first = ToStream("r1", "case-1", 0, 2);
  ASSERT_OK(store_->Append(first));
  ASSERT_OK(store_->Append(ToStream("r2", "case-2", 0, 1)));
  Reopen();
  EXPECT_THAT(store_->LastPosition(), IsOkAndHolds(3u));
  EXPECT_THAT(store_->StreamVersion("case-1"), IsOkAndHolds(2u));
  EXPECT_THAT(Count("total"), Optional(Eq("3")));
  ASSERT_OK_AND_ASSIGN(AppendResult retry, store_->Append(first));
  EXPECT_TRUE(retry.replayed);
  ASSERT_OK_AND_ASSIGN(AppendResult next, store_->Append(ToStream("r3", "case-1", 2, 1)));
  EXPECT_EQ(next.first_position, 4u);
  EXPECT_THAT(next.stream_versions, ElementsAre(3u));
}

TEST_P(EventStoreConformanceTest, CheckpointIsAConsistentOpenableCopy) {
  ASSERT_OK(store_->Append(ToStream("r1", "case-1", 0, 3)));
  const std::string copy = dir_.Sub("backup");
  ASSERT_OK(store_->CreateCheckpoint(copy));
  ASSERT_OK(store_->Append(ToStream("r2", "case-1", 3, 1)));  // After the checkpoint.
  EXPECT_THAT(store_->CreateCheckpoint(copy), StatusIs(absl::StatusCode::kAlreadyExists));

  ASSERT_OK_AND_ASSIGN(auto restored,
                       GetParam()->Open(copy, {std::make_shared<CountingProjection>()}));
  EXPECT_THAT(restored->LastPosition(), IsOkAndHolds(3u));
  EXPECT_THAT(restored->StreamVersion("case-1"), IsOkAndHolds(3u));
  EXPECT_THAT(restored->ReadProjection(CountingProjection::kName, "total"),
              IsOkAndHolds(Optional(Eq("3"))));
}

TEST_P(EventStoreConformanceTest, CheckpointIncludesTheAuditLog) {
  ASSERT_OK(store_->AppendAudit({"a", "b"}));
  const std::string copy = dir_.Sub("backup");
  ASSERT_OK(store_->CreateCheckpoint(copy));
  ASSERT_OK(store_->AppendAudit({"after the checkpoint"}));
  ASSERT_OK_AND_ASSIGN(std::vector<AuditLink> original, store_->ReadAudit(1, 2));

  ASSERT_OK_AND_ASSIGN(auto restored,
                       GetParam()->Open(copy, {std::make_shared<CountingProjection>()}));
  ASSERT_OK_AND_ASSIGN(std::vector<AuditLink> links, restored->ReadAudit(1, 100));
  ASSERT_THAT(Sequences(links), ElementsAre(1u, 2u));
  EXPECT_EQ(links[1].hash, original[1].hash);
  EXPECT_EQ(links[1].payload, "b");
  ASSERT_OK_AND_ASSIGN(AuditHead head, restored->ReadAuditHead());
  EXPECT_EQ(head.last_sequence, 2u);
  EXPECT_TRUE(VerifyAudit(*restored).ok());
  // The copy's chain goes on from where the copy was taken.
  ASSERT_OK_AND_ASSIGN(AuditAppendResult next, restored->AppendAudit({"in the copy"}));
  EXPECT_EQ(next.first_sequence, 3u);
}
}  // namespace
}  // namespace torg::testing
