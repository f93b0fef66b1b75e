// The ledger generator: deterministic by seed, every command it makes is accepted by the
// ledger, and the mix it makes is the one its header promises.
#include "bench/ledger_gen.h"

#include <gtest/gtest.h>

#include "services/ledger_service.h"
#include "tests/test_util.h"

namespace reskontra::bench {
namespace {

using reskontra::testing::TempDir;

std::string Stream(GenOptions o) {
  LedgerGenerator gen(std::move(o));
  std::vector<pb::BatchCommand> batch;
  std::string all;
  while (gen.Next(batch, 333))
    for (const pb::BatchCommand& c : batch) all += c.SerializeAsString();
  return all;
}

TEST(LedgerGen, DeterministicBySeed) {
  const std::string a = Stream({.seed = 7, .invoices = 2000, .days = 120});
  EXPECT_EQ(a, Stream({.seed = 7, .invoices = 2000, .days = 120}));
  EXPECT_NE(a, Stream({.seed = 8, .invoices = 2000, .days = 120}));
  EXPECT_GT(a.size(), 2000u * 50);
}

TEST(LedgerGen, TheLedgerAcceptsEverythingAndTheTotalsAgree) {
  TempDir dir;
  FakeClock clock(absl::FromCivil(absl::CivilSecond(2026, 11, 20, 10, 0, 0), absl::UTCTimeZone()));
  auto core = LedgerCore::Open({.data_dir = dir.path(), .clock = &clock, .time_zone = absl::UTCTimeZone()});
  ASSERT_TRUE(core.ok()) << core.status();
  LedgerGenerator gen({.seed = 3, .invoices = 6000, .companies = 2, .days = 400});
  std::vector<pb::BatchCommand> batch;
  int64_t accepted = 0;
  while (gen.Next(batch, 500)) {
    std::vector<LedgerCore::BatchItem> items;
    for (const pb::BatchCommand& c : batch) items.push_back(ToBatchItem(c));
    std::vector<absl::StatusOr<AppendResult>> results = (*core)->ExecuteBatch(items);
    for (size_t i = 0; i < results.size(); ++i) {
      ASSERT_TRUE(results[i].ok()) << results[i].status() << "\n" << batch[i].DebugString();
      ++accepted;
    }
  }
  const GenStats& s = gen.stats();
  EXPECT_EQ(accepted, s.commands);
  EXPECT_EQ(s.companies, 2);
  EXPECT_EQ(s.invoices, 6000);
  EXPECT_EQ(s.dunning_runs, 2 * 13);  // the first of each month after the first day, per company
  // Payments, credits and annulments in the promised shares (within the noise of 6000 draws).
  EXPECT_GT(s.payments, 6000 * 80 / 100);
  EXPECT_LT(s.payments, 6000 * 97 / 100);
  EXPECT_GT(s.credits, 6000 * 1 / 100);
  EXPECT_LT(s.credits, 6000 * 4 / 100);
  EXPECT_GT(s.annulments, 0);
  // The ledger's invoiced and paid totals are what the generator made.
  Money invoiced, paid;
  (*core)->projection().Read([&](const LedgerState& st, uint64_t) {
    for (const auto& [key, inv] : st.invoices) {
      invoiced += inv.capital;
      paid += inv.paid_fees + inv.paid_interest + inv.paid_capital;
    }
    return 0;
  });
  EXPECT_EQ(invoiced.ore(), s.invoiced_ore);
  EXPECT_EQ(paid.ore(), s.paid_ore);
}

TEST(LedgerGen, ChannelsFollowTheThesisMix) {
  int counts[3] = {0, 0, 0};
  for (int64_t c = 0; c < 100000; ++c) ++counts[ChannelOfCustomer(c)];
  EXPECT_NEAR(counts[0], 80000, 1500);
  EXPECT_NEAR(counts[1], 10000, 1000);
  EXPECT_NEAR(counts[2], 10000, 1000);
}

}  // namespace
}  // namespace reskontra::bench
