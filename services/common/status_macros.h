#ifndef TORG_SERVICES_COMMON_STATUS_MACROS_H_
#define TORG_SERVICES_COMMON_STATUS_MACROS_H_

// Early-return helpers for absl::Status and absl::StatusOr. Debian's Abseil
// (20220623) does not ship them, so Torg keeps this one small header.

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Evaluates `expr` (an absl::Status) and returns it from the enclosing
// function if it is not OK.
#define TORG_RETURN_IF_ERROR(expr)                                \
  do {                                                            \
    if (absl::Status torg_status_ = (expr); !torg_status_.ok()) { \
      return torg_status_;                                        \
    }                                                             \
  } while (false)

// Evaluates `rexpr` (an absl::StatusOr<T>); on error returns its status from
// the enclosing function, otherwise moves the value into `lhs`, which may be
// a declaration (`auto x`) or an existing variable.
#define TORG_ASSIGN_OR_RETURN(lhs, rexpr) \
  TORG_ASSIGN_OR_RETURN_IMPL_(TORG_STATUS_CONCAT_(torg_statusor_, __LINE__), lhs, rexpr)

// `statusor` names a variable and `lhs` may be a declaration: neither can be
// parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define TORG_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                \
  if (!statusor.ok()) {                                   \
    return std::move(statusor).status();                  \
  }                                                       \
  lhs = std::move(statusor).value()
// NOLINTEND(bugprone-macro-parentheses)

#define TORG_STATUS_CONCAT_(a, b) TORG_STATUS_CONCAT_INNER_(a, b)
#define TORG_STATUS_CONCAT_INNER_(a, b) a##b

#endif  // TORG_SERVICES_COMMON_STATUS_MACROS_H_
