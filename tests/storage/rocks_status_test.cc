#include "storage/rocks_status.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace torg::storage {
namespace {

using ::testing::HasSubstr;
using ::torg::testing::StatusIs;

TEST(RocksStatusTest, MapsEachKindToTheCodeACallerCanActOn) {
  EXPECT_TRUE(FromRocks(rocksdb::Status::OK(), "x").ok());
  EXPECT_THAT(FromRocks(rocksdb::Status::NoSpace("disk"), "writing"),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("writing")));
  EXPECT_THAT(FromRocks(rocksdb::Status::IOError("eio"), "x"),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(FromRocks(rocksdb::Status::Busy(), "x"), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(FromRocks(rocksdb::Status::Corruption("bad block"), "x"),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("bad block")));
  EXPECT_THAT(FromRocks(rocksdb::Status::NotFound(), "x"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(FromRocks(rocksdb::Status::InvalidArgument(), "x"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FromRocks(rocksdb::Status::Aborted(), "x"), StatusIs(absl::StatusCode::kInternal));
}

}  // namespace
}  // namespace torg::storage
