// A ledger in memory for the domain tests: commands are decided and applied as the server does
// it (Decide, then Apply of each event), with the journal kept for folds and rebuilds.
//
//   class MyTest : public reskontra::testing::DomainFixture { … };
//   Must(InvoiceCmd(…));                                          // must succeed
//   Refused(body, absl::StatusCode::kInvalidArgument, "part");   // refused, state unchanged
#ifndef RESKONTRA_TESTS_DOMAIN_FIXTURE_H_
#define RESKONTRA_TESTS_DOMAIN_FIXTURE_H_

#include <gtest/gtest.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/decide.h"
#include "domain/state.h"
#include "tests/test_util.h"

namespace reskontra::testing {

class DomainFixture : public ::testing::Test {
 protected:
  explicit DomainFixture(Date today) : today_(today) {}

  std::vector<Event> Must(const Command& c) {
    absl::StatusOr<std::vector<Event>> events = Decide(state_, c, DecideContext{TestNow(), today_});
    EXPECT_TRUE(events.ok()) << events.status();
    if (!events.ok()) return {};
    for (const Event& e : *events) {
      EXPECT_TRUE(Apply(state_, e).ok());
      journal_.push_back(e);
    }
    return *events;
  }
  std::vector<Event> Must(CommandBody body) {
    return Must(Command{Meta(absl::StrCat("cmd-", ++seq_)), std::move(body)});
  }
  void Refused(const Command& c, absl::StatusCode code, absl::string_view part = "") {
    const LedgerState before = state_;
    absl::StatusOr<std::vector<Event>> events = Decide(state_, c, DecideContext{TestNow(), today_});
    ASSERT_FALSE(events.ok()) << "expected " << absl::StatusCodeToString(code);
    EXPECT_EQ(events.status().code(), code) << events.status();
    EXPECT_NE(events.status().message().find(part), absl::string_view::npos) << events.status();
    EXPECT_EQ(state_, before);
  }
  void Refused(CommandBody body, absl::StatusCode code, absl::string_view part = "") {
    Refused(Command{Meta(absl::StrCat("cmd-", ++seq_)), std::move(body)}, code, part);
  }

  LedgerState state_;
  std::vector<Event> journal_;
  Date today_;
  int seq_ = 0;
};

}  // namespace reskontra::testing

#endif  // RESKONTRA_TESTS_DOMAIN_FIXTURE_H_
