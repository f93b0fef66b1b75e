// The audit queries over a large journal: N invoices (default 1 000 000) issued over two years,
// most paid (a third in two parts, some registered days after their transaction date), a share
// with reminder fees and credits, written to a real journal (RocksDB, unsynced for the setup).
// Then, timed: the saldolista as known at the middle record (a replay from the start vs the nearest
// positional snapshot of the live projection), as effective on a day a year back (the journal fold and the
// list), the live saldolista from the state, kundfordringar, and the verifikationer with avstämning. Prints
// figures; never gates.
//
//   build/bench/audit_bench                       # 1 000 000 invoices
//   build/bench/audit_bench --invoices=20000 --snapshot_every=10000   # the ctest smoke run
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench/bench_util.h"
#include "domain/postings.h"
#include "domain/saldolista.h"
#include "journal/journal.h"
#include "projections/reskontra.h"
#include "replay/asof.h"

namespace reskontra {
namespace {

using bench::PeakRssMb;

void Check(const absl::Status& s) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    std::exit(1);
  }
}

double Since(absl::Time t) { return absl::ToDoubleSeconds(absl::Now() - t); }

// The known-at axis at the instant of the journal's middle record: a replay from the start vs
// the nearest positional snapshot plus the rest.
void MeasureKnownAt(const Journal& journal, const ReskontraProjection& projection, uint64_t head) {
  Check(projection.TakeSnapshot());  // the writer may have outrun the background thread
  absl::StatusOr<JournalRecord> middle = journal.Read(head / 2);
  Check(middle.status());
  const AsOf as_of{.known_at = middle->event.meta.recorded_at};
  absl::Time t = absl::Now();
  absl::StatusOr<AsOfResult> replayed = FoldAsOf(journal, head, as_of);
  Check(replayed.status());
  absl::StatusOr<Saldolista> from_start = BuildSaldolista(replayed->fold.state(), {}, &replayed->fold);
  Check(from_start.status());
  const double replay_s = Since(t);
  t = absl::Now();
  auto snapshot = projection.LoadSnapshot(*as_of.known_at, head);
  Check(snapshot.status());
  if (!snapshot->has_value()) {
    std::printf("  known-at: no snapshot before the middle record\n");
    return;
  }
  const uint64_t at = (*snapshot)->first;
  const double load_s = Since(t);
  absl::StatusOr<AsOfResult> resumed = FoldAsOfFrom(journal, at, std::move((*snapshot)->second), head, as_of);
  Check(resumed.status());
  absl::StatusOr<Saldolista> from_snapshot = BuildSaldolista(resumed->fold.state(), {}, &resumed->fold);
  Check(from_snapshot.status());
  const double snap_s = Since(t);
  std::printf(
      "  saldolista as known at record %llu: replay from the start %.2f s; from the snapshot at %llu"
      " (%zu snapshots) %.2f s (load %.2f s + %llu records) = %.1fx faster; %s\n",
      static_cast<unsigned long long>(head / 2), replay_s, static_cast<unsigned long long>(at),
      projection.Snapshots().size(), snap_s, load_s, static_cast<unsigned long long>(head / 2 - at),
      replay_s / snap_s, *from_snapshot == *from_start ? "identical" : "DIFFERENT");
  if (!(*from_snapshot == *from_start)) std::exit(1);
}

int Run(int invoices, uint64_t snapshot_every) {
  char dir[] = "/tmp/reskontra-audit-bench-XXXXXX";
  if (mkdtemp(dir) == nullptr) return 1;
  absl::StatusOr<std::unique_ptr<Journal>> journal = Journal::Open({.path = dir, .sync = false});
  Check(journal.status());
  // The live projection follows the writes as in the server, taking positional snapshots.
  absl::StatusOr<std::unique_ptr<ReskontraProjection>> projection =
      ReskontraProjection::Open(journal->get(), snapshot_every, ReskontraProjection::Mode::kFollowDurable);
  Check(projection.status());
  const absl::Time t0 = absl::Now();
  absl::Time recorded = absl::FromCivil(absl::CivilSecond(2024, 1, 1, 8, 0, 0), absl::UTCTimeZone());
  std::vector<Event> batch;
  uint64_t commands = 0, records = 0;
  auto flush = [&] {
    if (batch.empty()) return;
    records += batch.size();
    const std::string id = absl::StrCat("bench-", commands++);
    for (Event& e : batch) e.meta.command_id = id;
    Check((*journal)->Append({id, {}, std::move(batch)}).status());
    batch.clear();
  };
  auto add = [&](Date effective, EventBody body) {
    recorded += absl::Microseconds(10);
    batch.push_back(Event{EventMeta{recorded, effective, 1, "bench", "bench"}, std::move(body)});
    if (batch.size() >= 1000) flush();
  };
  const Date first(2024, 1, 1);
  add(first, CompanyRegistered{"Benchkommun", "2120001234"});
  const int customers = std::max(1, invoices / 10);
  for (int c = 0; c < customers; ++c) {
    CustomerDetails d;
    d.name = absl::StrCat("Kund ", c);
    d.national_id = absl::StrCat(6408230000LL + c);
    add(first, CustomerRegistered{absl::StrCat(100000 + c), d});
  }
  uint64_t lcg = 20261123;
  auto next = [&](uint32_t n) {
    lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((lcg >> 33) % n);
  };
  // Invoices spread over 2024-01-01 .. 2025-12-31 in journal order; payments follow each.
  for (int i = 0; i < invoices; ++i) {
    const InvoiceNumber n = (1 + i % 3) * 10'000'000 + i / 3;
    InvoiceIssued inv;
    inv.invoice_number = n;
    inv.customer_number = absl::StrCat(100000 + i % customers);
    inv.routine = static_cast<int32_t>(n / 10'000'000);
    inv.invoice_date = first + static_cast<int>(static_cast<int64_t>(i) * 730 / invoices);
    inv.due_date = inv.invoice_date + 30;
    inv.ocr_reference = absl::StrCat(n);
    const Money net = Money::FromOre(10000 + next(500'000));
    inv.lines.push_back(InvoiceLine{"Avgift", net, 2500, Money::FromOre(net.ore() / 4), 3041});
    inv.total = net + Money::FromOre(net.ore() / 4);
    const Money total = inv.total;
    const Date due = inv.due_date, invoice_date = inv.invoice_date;
    add(invoice_date, std::move(inv));
    Money open = total, fee_open;
    if (next(10) == 0) {  // a reminder fee
      add(due + 14, FeeCharged{n, ChargeKind::kReminderFee, Money::FromOre(6000), true, ""});
      open += Money::FromOre(6000);
      fee_open = Money::FromOre(6000);
    }
    if (next(20) == 0) {  // a partial credit
      const Money c = Money::FromOre(total.ore() / 5);
      add(invoice_date + 5, InvoiceCredited{n, "K", c, "", ""});
      open -= c;
    }
    // Fees first, then capital (the default allocation order).
    auto pay = [&](const std::string& id, Date on, Money amount) {
      const Money fees = std::min(fee_open, amount);
      fee_open -= fees;
      open -= amount;
      add(on, PaymentReceived{id, PaymentChannel::kBankgiro, amount, "", "", n, "", false});
      add(on, PaymentAllocated{id, n, fees, Money(), amount - fees});
    };
    if (next(10) < 8) {  // paid, a third in two parts
      const std::string id = absl::StrCat("p", i);
      const Date paid = due - 10 + next(40);
      if (i % 3 == 0) pay(id + "a", paid - 5, Money::FromOre(open.ore() / 2));
      pay(id, paid, open);
    }
  }
  flush();
  std::printf("%d invoices, %llu records in %llu commands written (live projection on) in %.1f s\n", invoices,
              static_cast<unsigned long long>(records), static_cast<unsigned long long>(commands), Since(t0));
  const uint64_t head = (*journal)->DurableHead();
  MeasureKnownAt(**journal, **projection, head);
  projection->reset();

  const Date year_back(2024, 12, 31);
  absl::Time t = absl::Now();
  uint64_t scanned = 0;
  Check((*journal)->Scan(1, head, [&](const JournalRecord&, absl::string_view) {
    ++scanned;
    return true;
  }));
  const double scan_s = Since(t);
  t = absl::Now();
  LedgerState plain;
  Check((*journal)->Scan(1, head, [&](const JournalRecord& r, absl::string_view) {
    Check(Apply(plain, r.event));
    return true;
  }));
  const double apply_s = Since(t) - scan_s;
  std::printf("  journal scan (read + decode) %.2f s (%.0f records/s); + Apply %.2f s\n", scan_s,
              scanned / scan_s, apply_s);
  t = absl::Now();
  absl::StatusOr<AsOfResult> asof = FoldAsOf(**journal, head, {.effective_on = year_back});
  Check(asof.status());
  const double fold_s = Since(t);
  t = absl::Now();
  absl::StatusOr<Saldolista> list = BuildSaldolista(asof->fold.state(), {}, &asof->fold);
  Check(list.status());
  const double list_s = Since(t);
  std::printf(
      "  saldolista as effective on %s: journal fold %.2f s (%.0f records/s) + list %.3f s = %.2f s;"
      " %zu open invoices, SALDO %s kr\n",
      FormatDate(year_back).c_str(), fold_s, head / fold_s, list_s, fold_s + list_s, list->rows.size(),
      list->total.amounts.balance().ToKronor().c_str());
  // What the server does: the live projection's state already holds every claim's moves.
  t = absl::Now();
  absl::StatusOr<Saldolista> from_moves = BuildSaldolista(asof->fold.state(), {}, year_back);
  Check(from_moves.status());
  const double moves_s = Since(t);
  std::printf("  saldolista as effective on %s from the live state (claims' moves): %.3f s; %s\n",
              FormatDate(year_back).c_str(), moves_s,
              *from_moves == *list ? "identical to the journal fold's" : "DIFFERS from the journal fold's");
  t = absl::Now();
  absl::StatusOr<Saldolista> live = BuildSaldolista(asof->fold.state(), {}, nullptr);
  Check(live.status());
  std::printf("  live saldolista from the state: %.3f s; %zu open invoices\n", Since(t), live->rows.size());
  t = absl::Now();
  absl::StatusOr<AgedReceivables> aged = BuildAgedReceivables(asof->fold.state(), {}, &asof->fold, year_back);
  Check(aged.status());
  std::printf("  kundfordringar on %s: %.3f s; %s kr over %lld invoices\n", FormatDate(year_back).c_str(),
              Since(t), aged->total.total.ToKronor().c_str(), static_cast<long long>(aged->total.invoices));
  t = absl::Now();
  PostingFold postings;
  Check(FoldPostings(**journal, head, std::nullopt, postings).status());
  const double post_s = Since(t);
  t = absl::Now();
  const Reconciliation rec = Reconcile(
      postings.state(), BalancesOf(postings, std::nullopt), postings,
      [](const Invoice& i) -> std::optional<Money> { return i.balance(); }, true);
  std::printf("  verifikationer: %zu in %.2f s (%.0f records/s); avstämning %.3f s: %s, %zu unbalanced\n",
              postings.verifikationer().size(), post_s, head / post_s, Since(t),
              rec.ok() ? "OK" : "DIFFERENCES", postings.Unbalanced().size());
  std::printf("  peak RSS %ld MB\n", PeakRssMb());
  journal->reset();
  std::string rm = absl::StrCat("rm -rf ", dir);
  return std::system(rm.c_str()) == 0 && rec.ok() ? 0 : 1;
}

}  // namespace
}  // namespace reskontra

int main(int argc, char** argv) {
  int invoices = 1'000'000;
  uint64_t snapshot_every = 500'000;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--invoices=", 11) == 0) invoices = std::atoi(argv[i] + 11);
    if (std::strncmp(argv[i], "--snapshot_every=", 17) == 0)
      snapshot_every = std::strtoull(argv[i] + 17, nullptr, 10);
  }
  return reskontra::Run(invoices, snapshot_every);
}
