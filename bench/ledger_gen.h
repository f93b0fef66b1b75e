// A generator of realistic receivables ledgers for the benchmarks, as the batch commands a
// client would send (pb::BatchCommand), in time order, deterministic by seed.
//
// Per company: a dunning and an interest policy; customers (private 85 %, business 15 %) on
// three delivery channels in the thesis's mix (shared/domain/other-seeds.md: ≈ 80 % paper,
// 10 % e-mail, 10 % autogiro); invoices spread evenly over the period in the thesis's size
// buckets (0–200 … 1000– kr); payment behaviour by channel — on time, late (5–60 days, so
// that reminders and interest follow from the policies), partial, never — plus credits (2 %)
// and annulments (0.5 %); and a dunning run on the first of every month. Payments are made
// by bankgiro with the OCR reference, or drawn by autogiro on the due date.
//
//   LedgerGenerator gen({.seed = 1, .invoices = 100'000});
//   std::vector<pb::BatchCommand> batch;
//   while (gen.Next(batch, 1000)) Send(batch);
#ifndef RESKONTRA_BENCH_LEDGER_GEN_H_
#define RESKONTRA_BENCH_LEDGER_GEN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "reskontra/v1/ledger.pb.h"

namespace reskontra::bench {

namespace pb = ::reskontra::v1;

struct GenOptions {
  uint64_t seed = 1;
  int64_t invoices = 10'000;  // over all companies
  int companies = 1;
  absl::CivilDay first_day{2024, 1, 1};
  int days = 730;  // invoices are dated first_day .. first_day + days - 1
  int invoices_per_customer = 8;
  bool dunning_runs = true;       // a dunning run per company on the first of each month
  std::string id_prefix = "gen";  // command ids: <prefix>-s<seed>-c<100000000 + n>
};

// What was generated, by kind (the commands, not the records they write).
struct GenStats {
  int64_t commands = 0, companies = 0, customers = 0, invoices = 0, payments = 0, credits = 0, annulments = 0,
          dunning_runs = 0, setup = 0;
  int64_t invoiced_ore = 0, paid_ore = 0;
};

class LedgerGenerator {
 public:
  explicit LedgerGenerator(GenOptions options);
  // Appends up to `max` next commands to `out` (cleared first); false when none are left.
  bool Next(std::vector<pb::BatchCommand>& out, size_t max);
  const GenStats& stats() const { return stats_; }
  const GenOptions& options() const { return options_; }

 private:
  struct Action {
    enum Kind : uint8_t { kPay, kCredit, kAnnul } kind;
    uint8_t channel;  // 0 paper, 1 e-mail, 2 autogiro
    int32_t company;
    int64_t invoice;
    int64_t ore;
  };
  uint32_t Rand(uint32_t n);
  void Setup();
  void Day(int d);
  void Emit(pb::BatchCommand c);
  template <class R>
  R* Ctx(R* r, int32_t company);
  void Schedule(int day, Action a);

  GenOptions options_;
  GenStats stats_;
  uint64_t lcg_;
  int64_t command_seq_ = 0;
  int day_ = -1;  // the last day generated; -1 before the setup
  int64_t issued_ = 0;
  int64_t customers_per_company_ = 1;
  std::vector<int64_t> next_invoice_;         // per company and routine
  std::vector<std::vector<Action>> pending_;  // per day, past the current one
  std::vector<pb::BatchCommand> ready_;       // generated, not yet handed out
  size_t ready_at_ = 0;
};

// The customer's delivery channel: 0 paper, 1 e-mail, 2 autogiro (a function of its number).
int ChannelOfCustomer(int64_t customer_index);

}  // namespace reskontra::bench

#endif  // RESKONTRA_BENCH_LEDGER_GEN_H_
