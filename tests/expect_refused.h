// ExpectRefused: the decide tests' check that a command is refused and changes nothing.
#ifndef RESKONTRA_TESTS_EXPECT_REFUSED_H_
#define RESKONTRA_TESTS_EXPECT_REFUSED_H_

#include <gtest/gtest.h>

#include <vector>

#include "tests/test_util.h"

namespace reskontra::testing {

// Decide must refuse `c` on `state` with `code` and a message containing `message_part`;
// (being pure) it leaves the state as it was.
inline void ExpectRefused(const LedgerState& state, const Command& c, absl::StatusCode code,
                          absl::string_view message_part = "") {
  const LedgerState before = state;
  absl::StatusOr<std::vector<Event>> events = Decide(state, c, TestContext());
  ASSERT_FALSE(events.ok()) << "expected " << absl::StatusCodeToString(code);
  EXPECT_EQ(events.status().code(), code) << events.status();
  EXPECT_NE(events.status().message().find(message_part), absl::string_view::npos) << events.status();
  EXPECT_EQ(state, before);
}

}  // namespace reskontra::testing

#endif  // RESKONTRA_TESTS_EXPECT_REFUSED_H_
