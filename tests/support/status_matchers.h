#ifndef TORG_TESTS_SUPPORT_STATUS_MATCHERS_H_
#define TORG_TESTS_SUPPORT_STATUS_MATCHERS_H_

// GoogleMock matchers for absl::Status and absl::StatusOr, which Debian's
// Abseil (20220623) does not ship:
//   EXPECT_THAT(store.Append(r), IsOk());
//   EXPECT_THAT(store.Append(r), StatusIs(absl::StatusCode::kAborted, HasSubstr("version 3")));
//   EXPECT_THAT(store.LastPosition(), IsOkAndHolds(7));
//   ASSERT_OK_AND_ASSIGN(auto result, store.Append(r));

#include <ostream>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace torg::testing {

inline const absl::Status& GetStatus(const absl::Status& status) { return status; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

MATCHER(IsOk, "is OK") {
  const absl::Status& status = GetStatus(arg);
  if (!status.ok()) *result_listener << "status is " << status;
  return status.ok();
}

MATCHER_P(IsOkAndHolds, value_matcher, "is OK and holds a matching value") {
  if (!arg.ok()) {
    *result_listener << "status is " << arg.status();
    return false;
  }
  return ::testing::ExplainMatchResult(value_matcher, *arg, result_listener);
}

MATCHER_P(StatusIs, code, "has code " + absl::StatusCodeToString(code)) {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "status is " << status;
  return status.code() == code;
}

MATCHER_P2(StatusIs, code, message_matcher,
           "has code " + absl::StatusCodeToString(code) + " and a message that " +
               ::testing::DescribeMatcher<std::string>(message_matcher)) {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "status is " << status;
  return status.code() == code &&
         ::testing::Matches(message_matcher)(std::string(status.message()));
}

}  // namespace torg::testing

#define TORG_TEST_CONCAT_INNER_(a, b) a##b
#define TORG_TEST_CONCAT_(a, b) TORG_TEST_CONCAT_INNER_(a, b)

#define ASSERT_OK(expr) ASSERT_THAT((expr), ::torg::testing::IsOk())
#define EXPECT_OK(expr) EXPECT_THAT((expr), ::torg::testing::IsOk())

// Asserts that `rexpr` (an absl::StatusOr) is OK and moves its value into `lhs`.
#define ASSERT_OK_AND_ASSIGN(lhs, rexpr) \
  ASSERT_OK_AND_ASSIGN_IMPL_(TORG_TEST_CONCAT_(torg_statusor_, __LINE__), lhs, rexpr)
// NOLINTBEGIN(bugprone-macro-parentheses): `lhs` may be a declaration.
#define ASSERT_OK_AND_ASSIGN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                               \
  ASSERT_THAT(statusor, ::torg::testing::IsOk());        \
  lhs = std::move(statusor).value()
// NOLINTEND(bugprone-macro-parentheses)

#endif  // TORG_TESTS_SUPPORT_STATUS_MATCHERS_H_
