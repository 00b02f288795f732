#include "services/edge/grpc_status.h"

#include "gtest/gtest.h"

namespace torg::edge {
namespace {

TEST(GrpcStatusTest, EveryCanonicalCodeMapsToTheSameGrpcCodeAndBack) {
  for (int code = 0; code <= 16; ++code) {
    const absl::Status status(static_cast<absl::StatusCode>(code), code == 0 ? "" : "because");
    const grpc::Status mapped = ToGrpcStatus(status);
    EXPECT_EQ(static_cast<int>(mapped.error_code()), code);
    EXPECT_EQ(FromGrpcStatus(mapped), status) << code;
  }
}

TEST(GrpcStatusTest, NamedCodesLineUp) {
  EXPECT_EQ(ToGrpcStatus(absl::FailedPreconditionError("closed")).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ToGrpcStatus(absl::AbortedError("x")).error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ToGrpcStatus(absl::UnauthenticatedError("x")).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ToGrpcStatus(absl::InvalidArgumentError("bad check digit")).error_message(),
            "bad check digit");
}

}  // namespace
}  // namespace torg::edge
