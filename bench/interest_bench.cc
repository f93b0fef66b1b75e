// Late-payment interest over a large ledger: N fully paid invoices (default 1 000 000), a
// third paid in two parts, paid 0-400 days after their due dates across several reference-rate
// changes, folded in memory. Then: the definitive interest of every claim with its explanation
// (AccruedInterest), the uninvoiced list (SelectInterestCandidates), the decision of one
// interest-invoice run over them all and the fold of its events. Prints figures; never gates.
//
//   build/bench/interest_bench                       # 1 000 000 paid invoices
//   build/bench/interest_bench --invoices=20000      # the ctest smoke run
#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench/bench_util.h"
#include "domain/interest.h"
#include "domain/state.h"

namespace reskontra {
namespace {

Event At(Date d, EventBody body) {
  return Event{EventMeta{absl::Now(), d, 1, "bench", "bench"}, std::move(body)};
}

using bench::PeakRssMb;

int Run(int invoices) {
  LedgerState s;
  auto apply = [&](Date d, EventBody body) {
    absl::Status st = Apply(s, At(d, std::move(body)));
    if (!st.ok()) {
      std::fprintf(stderr, "%s\n", st.ToString().c_str());
      std::exit(1);
    }
  };
  const absl::Time t0 = absl::Now();
  const Date first_due(2023, 1, 10);
  apply(first_due, CompanyRegistered{"Benchkommun", ""});
  for (const ReferenceRateSet& r : PublishedReferenceRates()) apply(r.effective, r);
  InterestPolicySet policy;
  policy.min_interest_kronor = 0;
  apply(first_due, policy);
  const int customers = std::max(1, invoices / 10);
  for (int c = 0; c < customers; ++c) {
    CustomerDetails d;
    d.name = absl::StrCat("Kund ", c);
    apply(first_due, CustomerRegistered{absl::StrCat(100000 + c), d});
  }
  uint64_t lcg = 20261123;
  auto next = [&](uint32_t n) {
    lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((lcg >> 33) % n);
  };
  int64_t partial = 0;
  for (int i = 0; i < invoices; ++i) {
    InvoiceIssued inv;
    inv.invoice_number = 10000000 + i;
    inv.customer_number = absl::StrCat(100000 + i % customers);
    inv.routine = 1;
    inv.due_date = first_due + next(1000);
    inv.invoice_date = inv.due_date - 30;
    inv.ocr_reference = absl::StrCat(inv.invoice_number);
    inv.total = Money::FromOre(20000 + next(2'000'000));
    inv.lines.push_back(InvoiceLine{"Avgift", inv.total, 0, Money(), 3010});
    const Money total = inv.total;
    const Date due = inv.due_date;
    apply(inv.invoice_date, std::move(inv));
    const std::string id = absl::StrCat("p", i);
    Date paid = due + next(400);
    if (i % 3 == 0) {  // two parts
      const Money part = Money::FromOre(total.ore() / 2);
      const Date mid = due + next(200);
      apply(mid, PaymentReceived{id + "a", PaymentChannel::kBankgiro, part, "", "", 10000000 + i, "", false});
      apply(mid, PaymentAllocated{id + "a", 10000000 + i, Money(), Money(), part});
      if (paid < mid) paid = mid;
      apply(paid,
            PaymentReceived{id, PaymentChannel::kBankgiro, total - part, "", "", 10000000 + i, "", false});
      apply(paid, PaymentAllocated{id, 10000000 + i, Money(), Money(), total - part});
      ++partial;
    } else {
      apply(paid, PaymentReceived{id, PaymentChannel::kBankgiro, total, "", "", 10000000 + i, "", false});
      apply(paid, PaymentAllocated{id, 10000000 + i, Money(), Money(), total});
    }
  }
  const double build_s = absl::ToDoubleSeconds(absl::Now() - t0);
  std::printf("%d fully paid invoices (%lld paid in two parts), folded in %.2f s, peak RSS %ld MB\n",
              invoices, static_cast<long long>(partial), build_s, PeakRssMb());

  const Date today(2026, 11, 20);
  const absl::Time t1 = absl::Now();
  Money sum;
  int64_t lines = 0;
  for (const auto& [key, inv] : s.invoices) {
    absl::StatusOr<InterestResult> r = AccruedInterest(s, inv, today);
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
      return 1;
    }
    sum += r->total;
    lines += static_cast<int64_t>(r->lines.size());
  }
  const double accrued_s = absl::ToDoubleSeconds(absl::Now() - t1);
  std::printf("  definitive interest      %9d claims in %7.3f s  (%9.0f claims/s)  %lld lines, total %s kr\n",
              invoices, accrued_s, invoices / accrued_s, static_cast<long long>(lines),
              sum.ToKronor().c_str());

  InterestSelection sel;
  sel.paid_from = Date(2023, 1, 1);
  sel.paid_to = today;
  const absl::Time t2 = absl::Now();
  absl::StatusOr<std::vector<InterestCandidate>> listed = SelectInterestCandidates(s, 1, sel, false);
  const double list_s = absl::ToDoubleSeconds(absl::Now() - t2);
  if (!listed.ok()) return 1;
  std::printf("  uninvoiced list          %9zu claims in %7.3f s  (%9.0f claims/s)\n", listed->size(), list_s,
              invoices / list_s);

  const absl::Time t3 = absl::Now();
  absl::StatusOr<std::vector<Event>> events = Decide(
      s, Command{CommandMeta{"bench-interest-run", "bench", 1, std::nullopt}, RunInterestInvoicing{sel, {}}},
      DecideContext{absl::Now(), today});
  const double decide_s = absl::ToDoubleSeconds(absl::Now() - t3);
  if (!events.ok()) {
    std::fprintf(stderr, "%s\n", events.status().ToString().c_str());
    return 1;
  }
  const absl::Time t4 = absl::Now();
  for (const Event& e : *events)
    if (!Apply(s, e).ok()) return 1;
  const double fold_s = absl::ToDoubleSeconds(absl::Now() - t4);
  std::printf("  interest-invoice run     %9zu events in %7.3f s  (%9.0f claims/s), folded in %.3f s\n",
              events->size(), decide_s, listed->size() / decide_s, fold_s);
  std::printf("  peak RSS %ld MB\n", PeakRssMb());
  return 0;
}

}  // namespace
}  // namespace reskontra

int main(int argc, char** argv) {
  int invoices = 1000000;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--invoices=", 0) == 0) invoices = std::atoi(a.c_str() + 11);
  }
  return reskontra::Run(invoices);
}
