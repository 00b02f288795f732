#ifndef TORG_TESTS_STORAGE_TEST_PROJECTIONS_H_
#define TORG_TESTS_STORAGE_TEST_PROJECTIONS_H_

// Projections used by the storage tests.

#include <string>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "storage/event_store.h"

namespace torg::testing {

// Counts events per stream (key "stream/<name>") and in total (key
// "total"), reading its own earlier writes, so it proves that a projection
// sees the batch under way. Refuses events of type kPoisonType, so tests
// can make an append fail inside a projection.
class CountingProjection : public storage::Projection {
 public:
  static constexpr absl::string_view kName = "counts";
  static constexpr absl::string_view kPoisonType = "test.Poison";

  absl::string_view name() const override { return kName; }

  absl::Status Apply(const storage::RecordedEvent& event,
                     storage::ProjectionBatch& batch) override {
    if (event.type == kPoisonType) {
      return absl::FailedPreconditionError(
          absl::StrCat("poisoned event at position ", event.position));
    }
    absl::Status status = Increment(batch, absl::StrCat("stream/", event.stream));
    if (!status.ok()) return status;
    return Increment(batch, "total");
  }

 private:
  static absl::Status Increment(storage::ProjectionBatch& batch, const std::string& key) {
    absl::StatusOr<std::optional<std::string>> current = batch.Get(key);
    if (!current.ok()) return current.status();
    uint64_t count = 0;
    if (current->has_value() && !absl::SimpleAtoi(**current, &count)) {
      return absl::DataLossError("counter is not a number");
    }
    batch.Put(key, absl::StrCat(count + 1));
    return absl::OkStatus();
  }
};

// For events of type kReadKeyType, reads the key whose id is the event's
// data through the batch and keeps what it found under "key/<position>":
// the wrapped key, or "absent".
class KeyReadingProjection : public storage::Projection {
 public:
  static constexpr absl::string_view kName = "key-reads";
  static constexpr absl::string_view kReadKeyType = "test.ReadKey";

  absl::string_view name() const override { return kName; }

  absl::Status Apply(const storage::RecordedEvent& event,
                     storage::ProjectionBatch& batch) override {
    if (event.type != kReadKeyType) return absl::OkStatus();
    absl::StatusOr<std::optional<std::string>> key = batch.ReadKey(event.data);
    if (!key.ok()) return key.status();
    batch.Put(absl::StrCat("key/", event.position), key->value_or("absent"));
    return absl::OkStatus();
  }
};

}  // namespace torg::testing

#endif  // TORG_TESTS_STORAGE_TEST_PROJECTIONS_H_
