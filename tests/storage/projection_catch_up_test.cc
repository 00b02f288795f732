// A projection registered after events were written is rebuilt from the log
// when the store opens, once, and a rebuild cut short resumes where it
// stopped (storage/projection_catch_up.h).

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/embedded_event_store.h"
#include "tests/storage/test_projections.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace torg::testing {
namespace {

using storage::AppendRequest;
using storage::EmbeddedEventStore;
using storage::EmbeddedStoreOptions;
using ::testing::HasSubstr;
using ::testing::Optional;

// CountingProjection that refuses the event at one position while armed, as
// a crash or a bug would stop a rebuild half-way.
class CountingProjectionFailingAt : public CountingProjection {
 public:
  explicit CountingProjectionFailingAt(uint64_t position) : failing_position_(position) {}
  absl::Status Apply(const storage::RecordedEvent& event,
                     storage::ProjectionBatch& batch) override {
    if (event.position == failing_position_) {
      return absl::InternalError(absl::StrCat("stopped at ", event.position));
    }
    return CountingProjection::Apply(event, batch);
  }

 private:
  uint64_t failing_position_;
};

absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> OpenForCatchUp(
    const std::string& directory, std::shared_ptr<storage::Projection> projection,
    uint64_t events_per_write = 3) {
  EmbeddedStoreOptions options;
  options.directory = directory;
  if (projection != nullptr) options.projections = {std::move(projection)};
  options.catch_up_events_per_write = events_per_write;
  return EmbeddedEventStore::Open(std::move(options));
}

// Appends `count` single events, alternating between streams "a" and "b".
void AppendAlternating(EmbeddedEventStore& store, int count, int first_request = 0) {
  for (int i = first_request; i < first_request + count; ++i) {
    const std::string stream = i % 2 == 0 ? "a" : "b";
    AppendRequest request = AppendRequest::ToStream(absl::StrCat("catch-up-", i), stream,
                                                    std::nullopt, {{"test.Noted", "x", ""}});
    ASSERT_OK(store.Append(request));
  }
}

void ExpectCounts(EmbeddedEventStore& store, const std::string& total, const std::string& a,
                  const std::string& b) {
  EXPECT_THAT(store.ReadProjection(CountingProjection::kName, "total"),
              IsOkAndHolds(Optional(total)));
  EXPECT_THAT(store.ReadProjection(CountingProjection::kName, "stream/a"),
              IsOkAndHolds(Optional(a)));
  EXPECT_THAT(store.ReadProjection(CountingProjection::kName, "stream/b"),
              IsOkAndHolds(Optional(b)));
}

TEST(ProjectionCatchUpTest, AProjectionNewToAStoreIsRebuiltFromTheWholeLog) {
  TempDir dir;
  {
    ASSERT_OK_AND_ASSIGN(auto store, OpenForCatchUp(dir.path(), nullptr));
    AppendAlternating(*store, 7);
  }
  ASSERT_OK_AND_ASSIGN(auto store,
                       OpenForCatchUp(dir.path(), std::make_shared<CountingProjection>()));
  ExpectCounts(*store, "7", "4", "3");
  AppendAlternating(*store, 1, 7);
  ExpectCounts(*store, "8", "4", "4");
}

TEST(ProjectionCatchUpTest, AMaintainedProjectionIsNeverAppliedTwice) {
  TempDir dir;
  for (int open = 0; open < 3; ++open) {
    ASSERT_OK_AND_ASSIGN(auto store,
                         OpenForCatchUp(dir.path(), std::make_shared<CountingProjection>()));
    AppendAlternating(*store, 2, open * 2);
  }
  ASSERT_OK_AND_ASSIGN(auto store,
                       OpenForCatchUp(dir.path(), std::make_shared<CountingProjection>()));
  ExpectCounts(*store, "6", "3", "3");
}

TEST(ProjectionCatchUpTest, ARebuildCutShortResumesWithoutCountingAnEventTwice) {
  TempDir dir;
  {
    ASSERT_OK_AND_ASSIGN(auto store, OpenForCatchUp(dir.path(), nullptr));
    AppendAlternating(*store, 8);
  }
  // Writes of two events: positions 1-2 and 3-4 are written, 5 fails.
  EXPECT_THAT(OpenForCatchUp(dir.path(), std::make_shared<CountingProjectionFailingAt>(5), 2),
              StatusIs(absl::StatusCode::kInternal,
                       HasSubstr("rebuilding projection counts at position 5: stopped at 5")));
  ASSERT_OK_AND_ASSIGN(auto store,
                       OpenForCatchUp(dir.path(), std::make_shared<CountingProjection>(), 2));
  ExpectCounts(*store, "8", "4", "4");
}

TEST(ProjectionCatchUpTest, ZeroEventsPerWriteIsRefused) {
  TempDir dir;
  EXPECT_THAT(OpenForCatchUp(dir.path(), std::make_shared<CountingProjection>(), 0),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at least one event")));
}

}  // namespace
}  // namespace torg::testing
