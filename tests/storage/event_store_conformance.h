#ifndef TORG_TESTS_STORAGE_EVENT_STORE_CONFORMANCE_H_
#define TORG_TESTS_STORAGE_EVENT_STORE_CONFORMANCE_H_

// The conformance suite every EventStore implementation must pass. An
// implementation's test file instantiates it with a factory:
//
//   INSTANTIATE_TEST_SUITE_P(Embedded, EventStoreConformanceTest,
//                            ::testing::Values(std::make_shared<MyFactory>()),
//                            FactoryName);

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "storage/event_store.h"
#include "tests/support/temp_dir.h"

namespace torg::testing {

class EventStoreFactory {
 public:
  virtual ~EventStoreFactory() = default;
  // A short name for test output, e.g. "Embedded".
  virtual std::string name() const = 0;
  // Opens the store kept in `directory` (creating it when empty) with the
  // given projections. Opening the same directory again after the previous
  // store was destroyed must find everything it committed.
  virtual absl::StatusOr<std::unique_ptr<storage::EventStore>> Open(
      const std::string& directory,
      std::vector<std::shared_ptr<storage::Projection>> projections) = 0;
};

// The fixture: a fresh directory, the store opened on it with a
// CountingProjection, and helpers the tests share.
class EventStoreConformanceTest
    : public ::testing::TestWithParam<std::shared_ptr<EventStoreFactory>> {
 protected:
  void SetUp() override;
  // Destroys the store and opens the same directory again.
  void Reopen();
  // The counting projection's value for `key`.
  std::optional<std::string> Count(const std::string& key);
  // Every event in the log.
  std::vector<storage::RecordedEvent> All();

  TempDir dir_;
  std::unique_ptr<storage::EventStore> store_;
};

std::string FactoryName(const ::testing::TestParamInfo<std::shared_ptr<EventStoreFactory>>& info);

}  // namespace torg::testing

#endif  // TORG_TESTS_STORAGE_EVENT_STORE_CONFORMANCE_H_
