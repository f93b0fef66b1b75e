// Small status helpers: our Abseil (20220623) has no ASSIGN_OR_RETURN, so we keep them here.
//
//   RETURN_IF_ERROR(journal.Append(...));
//   ASSIGN_OR_RETURN(auto record, DecodeRecord(bytes));
#ifndef RESKONTRA_BASE_STATUS_MACROS_H_
#define RESKONTRA_BASE_STATUS_MACROS_H_

#include <cstdio>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define RESKONTRA_CONCAT_INNER(a, b) a##b
#define RESKONTRA_CONCAT(a, b) RESKONTRA_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)          \
  do {                                 \
    ::absl::Status _status = (expr);   \
    if (!_status.ok()) return _status; \
  } while (0)

#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.status();         \
  lhs = std::move(*tmp)

#define ASSIGN_OR_RETURN(lhs, expr) ASSIGN_OR_RETURN_IMPL(RESKONTRA_CONCAT(_statusor_, __LINE__), lhs, expr)

// Programmer errors crash; user errors are statuses.
#define RESKONTRA_CHECK(cond)                                                       \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                 \
    }                                                                               \
  } while (0)

#endif  // RESKONTRA_BASE_STATUS_MACROS_H_
