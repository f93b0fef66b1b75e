// The audit reports on both time axes: a hand-computed saldolista and kundfordringar, the
// known-at axis reproducing what live queries printed during a simulated period, the
// effective axis agreeing with the live state, and the CSV/XLSX exports.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/ledger_core.h"
#include "domain/archive.h"
#include "domain/postings.h"
#include "domain/profitability.h"
#include "formats/sie.h"
#include "replay/asof.h"
#include "replay/export.h"
#include "replay/rebuild.h"
#include "tests/test_util.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT

absl::Time At(int y, int m, int d, int h = 10) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, h, 0, 0), absl::UTCTimeZone());
}

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Unsynced: these tests are about the reports, not durability (journal_test, crash_test).
    auto c = LedgerCore::Open({.data_dir = dir_.path(),
                               .clock = &clock_,
                               .time_zone = absl::UTCTimeZone(),
                               .sync = false,
                               .snapshot_every = snapshot_every_});
    ASSERT_TRUE(c.ok()) << c.status();
    core_ = std::move(*c);
  }
  uint64_t snapshot_every_ = 0;
  void Must(const Command& c) {
    absl::StatusOr<AppendResult> r = core_->Execute(c, Sha256(c.meta.command_id));
    ASSERT_TRUE(r.ok()) << c.meta.command_id << ": " << r.status();
  }
  uint64_t Head() { return core_->journal().DurableHead(); }
  AsOfResult Fold(AsOf as_of) {
    absl::StatusOr<AsOfResult> r = FoldAsOf(core_->journal(), Head(), as_of);
    EXPECT_TRUE(r.ok()) << r.status();
    return std::move(*r);
  }
  Saldolista List(const AsOf& as_of, SaldolistaFilter f = {}) {
    AsOfResult r = Fold(as_of);
    absl::StatusOr<Saldolista> list = BuildSaldolista(r.fold.state(), f, &r.fold);
    EXPECT_TRUE(list.ok()) << list.status();
    return *list;
  }
  Saldolista Live(SaldolistaFilter f = {}) {
    absl::StatusOr<Saldolista> list = BuildSaldolista(core_->projection().Snapshot(nullptr), f, nullptr);
    EXPECT_TRUE(list.ok()) << list.status();
    return *list;
  }

  // A simulated period: each day new invoices, payments (some registered days after their
  // transaction date), credits, fees, write-offs and a dunning run every tenth day.
  // `end_of_day(t)` runs after each day with an instant after its last record.
  void Simulate(int days, const std::function<void(absl::Time)>& end_of_day, int invoices_per_day = 4,
                int operations_per_day = 3) {
    clock_.Set(At(2026, 8, 31));  // recorded_at never decreases: start before the first day
    for (const Command& c : ReferenceRateCommands()) MustRun(c);
    MustRun(CompanyCmd());
    for (int c = 0; c < 20; ++c) MustRun(CustomerCmd(absl::StrCat(10000 + c)));
    std::mt19937_64 rng(20261123);
    std::vector<InvoiceNumber> issued;
    std::vector<std::string> payments;
    int seq = 0;
    for (int day = 0; day < days; ++day) {
      const absl::Time now = At(2026, 9, 1) + absl::Hours(24 * day);
      const Date today = Date(2026, 9, 1) + day;
      clock_.Set(now);
      for (int i = 0; i < invoices_per_day; ++i) {
        const InvoiceNumber n = (1 + static_cast<InvoiceNumber>(rng() % 3)) * 10'000'000 + 1000 + seq;
        IssueInvoice inv;
        inv.invoice_number = n;
        inv.customer_number = absl::StrCat(10000 + rng() % 20);
        inv.invoice_date = today;
        inv.due_date = today + 20;
        inv.lines.push_back(IssueInvoiceLine{"Avgift", Money::FromOre(10000 + rng() % 200000), 2500, 3041});
        MustRun(Command{Meta(absl::StrCat("inv-", seq++)), inv});
        issued.push_back(n);
      }
      for (int i = 0; i < operations_per_day && !issued.empty(); ++i) {
        const InvoiceNumber n = issued[rng() % issued.size()];
        const std::string id = absl::StrCat("op-", day, "-", i);
        Command c;
        switch (rng() % 7) {
          case 0:
          case 1:
          case 2:
            c = PaymentCmd(id, n, 1000 + rng() % 150000, today - static_cast<int>(rng() % 5));
            break;
          case 6:  // a payment registered by mistake is reversed
            if (payments.empty()) continue;
            c = Command{Meta(id), ReversePayment{payments[rng() % payments.size()], "fel"}};
            break;
          case 3:
            c = Command{Meta(id), CreditInvoice{n, Money::FromOre(1 + rng() % 5000), "K", "", {}, ""}};
            break;
          case 4:
            c = Command{Meta(id), ChargeFee{n, ChargeKind::kReminderFee, Money::FromOre(6000), true, "", {}}};
            break;
          case 5:
            c = Command{Meta(id), WriteOff{n, Money::FromOre(1 + rng() % 3000), "", {}, ""}};
            break;
        }
        // Some are refused (paid in full, reversed twice): part of the test.
        if (core_->Execute(c, Sha256(c.meta.command_id)).ok() &&
            std::holds_alternative<RecordPayment>(c.body))
          payments.push_back(c.meta.command_id);
      }
      if (day % 30 == 29) {  // räntefakturering of the month's fully paid claims
        InterestSelection sel;
        sel.paid_from = today - 29;
        sel.paid_to = today - 1;
        sel.min_interest_kronor = 0;
        sel.min_days_late = 0;
        (void)core_->Execute(Command{Meta(absl::StrCat("interest-", day)), RunInterestInvoicing{sel, {}}},
                             Sha256(absl::StrCat("interest-", day)));
      }
      if (day % 10 == 9)
        (void)core_->Execute(Command{Meta(absl::StrCat("dun-", day)), RunDunning{today, {}}},
                             Sha256(absl::StrCat("dun-", day)));
      if (day % 30 == 14) {  // rensning of what was settled three weeks ago
        ArchiveInvoices archive{today - 21};
        (void)core_->Execute(Command{Meta(absl::StrCat("archive-", day)), archive},
                             Sha256(absl::StrCat("archive-", day)));
      }
      end_of_day(now + absl::Hours(1));
    }
  }
  void MustRun(const Command& c) { Must(c); }
  // The archived claims a list of day `d` still shows, read back as the service does.
  ArchivedInvoices ArchivedOn(Date d) {
    ArchivedInvoices out;
    EXPECT_TRUE(core_->projection()
                    .QueryWithArchive(1, 999, d,
                                      [&](const LedgerState&, uint64_t, const ArchivedInvoices& a) {
                                        out = a;
                                        return absl::OkStatus();
                                      })
                    .ok());
    return out;
  }

  TempDir dir_;
  FakeClock clock_{At(2026, 10, 1)};
  std::unique_ptr<LedgerCore> core_;
};

SaldoAmounts Kr(int64_t invoiced, int64_t charged, int64_t paid) {
  return {Money::FromOre(invoiced * 100), Money::FromOre(charged * 100), Money::FromOre(paid * 100)};
}

// Invoice A (routine 1) 1 250 kr on 2026-10-01; 500 kr paid 10-15 (registered 10-16); a 60 kr
// fee and a 100 kr credit on 11-12; 300 kr paid 10-20 but registered only on 11-20.
// Invoice B (routine 2) 1 250 kr, nothing else.
class HandComputed : public AuditTest {
 protected:
  void SetUp() override {
    AuditTest::SetUp();
    Must(CompanyCmd());
    Must(CustomerCmd("10001"));
    Must(CustomerCmd("10002"));
    Must(InvoiceCmd(10001001, "10001", 100000));
    Must(InvoiceCmd(20002001, "10002", 100000));
    clock_.Set(At(2026, 10, 16));
    Must(PaymentCmd("pay-a-1", 10001001, 50000, Date(2026, 10, 15)));
    clock_.Set(At(2026, 11, 12));
    Must(Command{Meta("fee-a"),
                 ChargeFee{10001001, ChargeKind::kReminderFee, Money::FromOre(6000), true, "", {}}});
    Must(Command{Meta("credit-a"), CreditInvoice{10001001, Money::FromOre(10000), "K1", "", {}, ""}});
    clock_.Set(At(2026, 11, 20));
    Must(PaymentCmd("pay-a-2", 10001001, 30000, Date(2026, 10, 20)));
  }
};

TEST_F(HandComputed, LiveListSplitsTheBalanceAndTotalsPerRoutineAndCompany) {
  Saldolista live = Live();
  ASSERT_EQ(live.rows.size(), 2u);
  EXPECT_EQ(live.rows[0].invoice_number, 10001001u);
  EXPECT_EQ(live.rows[0].amounts, Kr(1250, 60, -900));
  EXPECT_EQ(live.rows[0].amounts.balance(), Money::FromOre(41000));
  EXPECT_EQ(live.rows[1].amounts, Kr(1250, 0, 0));
  ASSERT_EQ(live.routine_totals.size(), 2u);
  EXPECT_EQ(live.routine_totals[0].routine, 1);
  EXPECT_EQ(live.routine_totals[1].routine, 2);
  ASSERT_EQ(live.company_totals.size(), 1u);
  EXPECT_EQ(live.total.invoices, 2);
  EXPECT_EQ(live.total.amounts, Kr(2500, 60, -900));
  // The fold with no axis is the live list.
  EXPECT_EQ(List({}), live);
}

TEST_F(HandComputed, EffectiveAxisCountsLateRegisteredPaymentsOnTheirDay) {
  Saldolista oct31 = List({.effective_on = Date(2026, 10, 31)});
  ASSERT_EQ(oct31.rows.size(), 2u);
  EXPECT_EQ(oct31.rows[0].amounts, Kr(1250, 0, -800));  // both payments, no fee, no credit yet
  Saldolista oct17 = List({.effective_on = Date(2026, 10, 17)});
  EXPECT_EQ(oct17.rows[0].amounts, Kr(1250, 0, -500));
  EXPECT_TRUE(List({.effective_on = Date(2026, 9, 30)}).rows.empty());  // not yet invoiced
  EXPECT_EQ(List({.effective_on = Date(2026, 9, 30)}).total.amounts, Kr(0, 0, 0));
}

TEST_F(HandComputed, KnownAtAxisShowsOnlyWhatWasRecorded) {
  Saldolista nov1 = List({.known_at = At(2026, 11, 1)});
  EXPECT_EQ(nov1.rows[0].amounts, Kr(1250, 0, -500));  // the 10-20 payment was not known yet
  Saldolista before_pay = List({.known_at = At(2026, 10, 16) - absl::Seconds(1)});
  EXPECT_EQ(before_pay.rows[0].amounts, Kr(1250, 0, 0));
  // Both axes: known on 11-19, effective on 10-31.
  Saldolista both = List({.effective_on = Date(2026, 10, 31), .known_at = At(2026, 11, 19)});
  EXPECT_EQ(both.rows[0].amounts, Kr(1250, 0, -500));
}

TEST_F(HandComputed, SelectionsAndSorting) {
  SaldolistaFilter f;
  f.routine_from = f.routine_to = 2;
  EXPECT_EQ(Live(f).rows.size(), 1u);
  f = {};
  f.balance_from = Money::FromOre(50000);
  ASSERT_EQ(Live(f).rows.size(), 1u);
  EXPECT_EQ(Live(f).rows[0].invoice_number, 20002001u);
  f = {};
  f.customer_number = "10001";
  EXPECT_EQ(Live(f).rows.size(), 1u);
  f = {};
  f.sort = SaldoSort::kDueDate;
  EXPECT_EQ(Live(f).rows.size(), 2u);
  f = {};
  f.routine_from = 5;
  f.routine_to = 4;
  EXPECT_EQ(BuildSaldolista(core_->projection().Snapshot(nullptr), f, nullptr).status().code(),
            absl::StatusCode::kInvalidArgument);
  f = {};
  f.method = "X";  // the live state does not keep methods
  EXPECT_EQ(BuildSaldolista(core_->projection().Snapshot(nullptr), f, nullptr).status().code(),
            absl::StatusCode::kFailedPrecondition);
  // A fully paid invoice appears only with only_unpaid off.
  clock_.Set(At(2026, 11, 20, 12));
  Must(PaymentCmd("pay-b", 20002001, 125000, Date(2026, 11, 20)));
  EXPECT_EQ(Live().rows.size(), 1u);
  f = {};
  f.only_unpaid = false;
  EXPECT_EQ(Live(f).rows.size(), 2u);
}

// Handbook 6.4: the saldolista selects and sorts by förvaltning and handläggare, as issued or as
// changed since, on the live list and the as-of fold alike.
TEST_F(HandComputed, SelectionAndSortByDepartmentAndHandler) {
  clock_.Set(At(2026, 11, 21));
  for (auto [n, department, handler] :
       {std::tuple{30003001, "Tekniska förvaltningen", "Åsa"}, std::tuple{30003002, "Kultur", "Bo"}}) {
    Command c = InvoiceCmd(n, "10001", 20000);
    std::get<IssueInvoice>(c.body).attributes.department = department;
    std::get<IssueInvoice>(c.body).attributes.handler = handler;
    Must(c);
  }
  SaldolistaFilter f;
  f.department = "TEKNISKA FÖRVALTNINGEN";  // any case, å ä ö too
  Saldolista tech = Live(f);
  ASSERT_EQ(tech.rows.size(), 1u);
  EXPECT_EQ(tech.rows[0].invoice_number, 30003001u);
  EXPECT_EQ(tech.rows[0].department, "Tekniska förvaltningen");
  EXPECT_EQ(tech.rows[0].handler, "Åsa");
  EXPECT_EQ(List({.effective_on = Date(2026, 11, 21)}, f).rows.size(), 1u);
  f = {};
  f.handler = "bo";
  ASSERT_EQ(Live(f).rows.size(), 1u);
  EXPECT_EQ(Live(f).rows[0].invoice_number, 30003002u);
  // Sorted by handläggare within the routine: Bo before Åsa; a changed one moves.
  f = {};
  f.routine_from = f.routine_to = 3;
  f.sort = SaldoSort::kHandler;
  ASSERT_EQ(Live(f).rows.size(), 2u);
  EXPECT_EQ(Live(f).rows[0].invoice_number, 30003002u);
  InvoiceAttributes changed;
  changed.department = "Kultur";
  changed.handler = "Ada";
  Must(Command{Meta("attributes-1"), ChangeInvoiceAttributes{30003001, changed}});
  EXPECT_EQ(Live(f).rows[0].invoice_number, 30003001u);
  f.sort = SaldoSort::kDepartment;
  f.department = "kultur";
  EXPECT_EQ(Live(f).rows.size(), 2u);
  EXPECT_EQ(List({.effective_on = Date(2026, 11, 21)}, f).rows.size(), 2u);
}

TEST_F(HandComputed, AgedReceivablesBucketByDaysPastDue) {
  AsOfResult r = Fold({.effective_on = Date(2026, 12, 15)});  // 45 days past the 10-31 due date
  absl::StatusOr<AgedReceivables> aged = BuildAgedReceivables(r.fold.state(), {}, &r.fold, Date(2000, 1, 1));
  ASSERT_TRUE(aged.ok()) << aged.status();
  EXPECT_EQ(aged->on, Date(2026, 12, 15));
  EXPECT_EQ(aged->total.buckets[2], Money::FromOre(41000 + 125000));  // 31-60
  EXPECT_EQ(aged->total.total, Money::FromOre(166000));
  ASSERT_EQ(aged->customers.size(), 2u);
  ASSERT_EQ(aged->routines.size(), 2u);
  EXPECT_EQ(aged->routines[0].total, Money::FromOre(41000));
  AsOfResult early = Fold({.effective_on = Date(2026, 10, 31)});
  aged = BuildAgedReceivables(early.fold.state(), {}, &early.fold, Date(2000, 1, 1));
  EXPECT_EQ(aged->total.buckets[0], Money::FromOre(45000 + 125000));  // due that day: not due
  EXPECT_EQ(AgeingBucket(Date(2026, 10, 31), Date(2026, 11, 30)), 1);
  EXPECT_EQ(AgeingBucket(Date(2026, 10, 31), Date(2027, 4, 30)), 5);
  EXPECT_EQ(AgeingBucket(Date(2026, 10, 31), Date(2027, 4, 29)), 4);  // 180 days
}

TEST_F(HandComputed, CsvHasOneSchemaAndTotalsThatAddUp) {
  const std::string csv = SaldolistaCsv(Live(), false);
  std::vector<std::string> lines = absl::StrSplit(csv, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 1u + 2 + 2 + 1 + 1);  // header, 2 invoices, 2 routine totals, company, total
  EXPECT_TRUE(absl::StartsWith(lines[0], "rad;foretag;rutin;fakturanummer"));
  EXPECT_TRUE(absl::StartsWith(lines[1], "faktura;1;1;010001001;10001;")) << lines[1];
  EXPECT_TRUE(absl::EndsWith(lines[1], ";1250.00;60.00;-900.00;410.00")) << lines[1];
  EXPECT_TRUE(absl::StartsWith(lines[2], "rutin;1;1;")) << lines[2];
  EXPECT_TRUE(absl::StartsWith(lines[5], "foretag;1;;")) << lines[5];
  EXPECT_EQ(lines[6], "total;;;;;;;;;;;;;;2;2500.00;60.00;-900.00;1660.00");
  std::vector<std::string> totals = absl::StrSplit(SaldolistaCsv(Live(), true), '\n', absl::SkipEmpty());
  EXPECT_EQ(totals.size(), 1u + 2 + 1 + 1);
  absl::StatusOr<std::string> xlsx = SaldolistaXlsx(Live(), false);
  ASSERT_TRUE(xlsx.ok()) << xlsx.status();
  EXPECT_TRUE(absl::StartsWith(*xlsx, "PK"));  // a zip container
  EXPECT_TRUE(absl::StrContains(*xlsx, "xl/worksheets/sheet1.xml"));
  const std::string aged = AgedReceivablesCsv(
      *BuildAgedReceivables(core_->projection().Snapshot(nullptr), {}, nullptr, Date(2026, 11, 20)));
  EXPECT_TRUE(absl::StrContains(aged, "total;;;;2;0.00;1660.00;0.00;0.00;0.00;0.00;1660.00")) << aged;
}

// At the end of each simulated day the live list is recorded; afterwards the known-at axis must
// reproduce every one of them exactly, and the effective axis on the last day must equal the
// live list.
TEST_F(AuditTest, KnownAtReproducesEveryLiveListOfASimulatedPeriod) {
  std::vector<std::pair<absl::Time, std::string>> printed;
  Simulate(60, [&](absl::Time t) { printed.emplace_back(t, SaldolistaCsv(Live(), false)); });
  ASSERT_GT(Head(), 300u);
  for (const auto& [t, csv] : printed) ASSERT_EQ(SaldolistaCsv(List({.known_at = t}), false), csv) << t;
  // Everything known, effective on a day after the last event: the live list.
  const Saldolista live = Live();
  const LedgerState live_state = core_->projection().Snapshot(nullptr);
  SaldolistaFilter all_rows;
  all_rows.only_unpaid = false;
  EXPECT_EQ(SaldolistaCsv(List({.effective_on = Date(2027, 1, 1)}), false), SaldolistaCsv(live, false));
  // Every invoice's movements add up to its state (no event moves an invoice unseen).
  AsOfResult all = Fold({.effective_on = Date(2099, 1, 1)});
  for (const auto& [k, inv] : all.fold.state().invoices) {
    EXPECT_EQ(all.fold.AmountsOf(inv), SaldoOf(inv)) << inv.number;
    EXPECT_EQ(SaldoOf(inv).balance(), inv.balance()) << inv.number;
  }
  // The effective axis on each day: FAKTURERAT is the capital of the invoices dated by then,
  // counted independently from the final state.
  for (int day = 0; day < 60; day += 7) {
    const Date d = Date(2026, 9, 1) + day;
    Money capital;
    for (const auto& [k, inv] : live_state.invoices)
      if (!(d < inv.invoice_date)) capital += inv.capital;
    for (const auto& [k, inv] : ArchivedOn(d))
      if (!(d < inv.invoice_date)) capital += inv.capital;
    EXPECT_EQ(List({.effective_on = d}, all_rows).total.amounts.invoiced, capital) << d;
  }
}

// Postings of the hand-computed ledger, line by line.
TEST_F(HandComputed, VerifikationerPostEachEventBalanced) {
  PostingFold fold;
  ASSERT_TRUE(FoldPostings(core_->journal(), Head(), std::nullopt, fold).ok());
  EXPECT_TRUE(fold.Unbalanced().empty());
  auto lines_of = [&](absl::string_view type, InvoiceNumber n) {
    std::vector<std::pair<int32_t, int64_t>> out;
    for (const Verifikation& v : fold.verifikationer())
      if (absl::StartsWith(v.text, type) && absl::StrContains(v.text, FormatInvoiceNumber(n)))
        for (const PostingLine& l : v.lines) out.emplace_back(l.account, l.amount.ore());
    return out;
  };
  using Lines = std::vector<std::pair<int32_t, int64_t>>;
  EXPECT_EQ(lines_of("InvoiceIssued", 10001001), (Lines{{1510, 125000}, {2611, -25000}, {3041, -100000}}));
  EXPECT_EQ(lines_of("PaymentAllocated", 10001001),
            (Lines{{1510, -50000}, {2893, 50000}, {1510, -30000}, {2893, 30000}}));
  EXPECT_EQ(lines_of("FeeCharged", 10001001), (Lines{{1510, 6000}, {3590, -6000}}));
  EXPECT_EQ(lines_of("InvoiceCredited", 10001001), (Lines{{1510, -10000}, {2611, 2000}, {3041, 8000}}));
  // The payments themselves: bank against unallocated, on their transaction dates.
  int received = 0;
  for (const Verifikation& v : fold.verifikationer()) {
    if (!absl::StartsWith(v.text, "PaymentReceived")) continue;
    ++received;
    EXPECT_EQ(v.lines[0].account, 1930);
    EXPECT_EQ(v.lines[1].account, 2893);
  }
  EXPECT_EQ(received, 2);
  const Reconciliation r = Reconcile(
      fold.state(), BalancesOf(fold, std::nullopt), fold,
      [](const Invoice& i) { return std::optional<Money>(i.balance()); }, true);
  EXPECT_TRUE(r.ok());
  ASSERT_FALSE(r.lines.empty());
  EXPECT_EQ(r.lines[0].check, "receivables");
  EXPECT_EQ(r.lines[0].posted, Money::FromOre(41000));
}

// Issue 23, item 6: an entry follows its payment method. A method with its own account (fast
// kontering) posts its counter line there; one marked "bokföres ej" gives no verifikation, no
// SIE voucher and nothing to hand over, and the reconciliation shows it as unposted.
TEST_F(HandComputed, APaymentMethodDecidesHowItsEntriesArePosted) {
  Must(
      Command{Meta("method-8"), DefinePaymentMethod{PaymentMethodDefined{
                                    "8", "Kvittning", false, false, false, MethodSpecial::kNone, false, 0}}});
  Must(Command{Meta("method-9"), DefinePaymentMethod{PaymentMethodDefined{
                                     "9", "Kassa", false, true, false, MethodSpecial::kNone, false, 1910}}});
  Must(Command{Meta("credit-unposted"), CreditInvoice{20002001, Money::FromOre(5000), "K2", "", {}, "8"}});
  RecordPayment cash;
  cash.invoice_number = 20002001;
  cash.amount = Money::FromOre(10000);
  cash.transaction_date = Date(2026, 11, 19);
  cash.method = "9";
  Must(Command{Meta("pay-cash"), cash});
  PostingFold fold;
  ASSERT_TRUE(FoldPostings(core_->journal(), Head(), std::nullopt, fold).ok());
  EXPECT_TRUE(fold.Unbalanced().empty());
  using Lines = std::vector<std::pair<int32_t, int64_t>>;
  auto lines_of = [](const std::vector<Verifikation>& all, absl::string_view type) {
    Lines out;
    for (const Verifikation& v : all)
      if (absl::StartsWith(v.text, type) && absl::StrContains(v.text, "020002001"))
        for (const PostingLine& l : v.lines) out.emplace_back(l.account, l.amount.ore());
    return out;
  };
  // Bokföres ej: kept aside, with its method, never numbered.
  EXPECT_TRUE(lines_of(fold.verifikationer(), "InvoiceCredited").empty());
  EXPECT_EQ(lines_of(fold.unposted(), "InvoiceCredited"), (Lines{{1510, -5000}, {2611, 1000}, {3041, 4000}}));
  ASSERT_EQ(fold.unposted().size(), 1u);
  EXPECT_EQ(fold.unposted()[0].unposted_method, "8");
  EXPECT_EQ(fold.unposted()[0].number, 0);
  // Fast kontering: the cash lands on 1910, not on the bank account.
  bool cash_seen = false;
  for (const Verifikation& v : fold.verifikationer()) {
    if (!absl::StartsWith(v.text, "PaymentReceived") || v.date != Date(2026, 11, 19)) continue;
    cash_seen = true;
    EXPECT_EQ(v.lines,
              (std::vector<PostingLine>{{1910, Money::FromOre(10000)}, {2893, Money::FromOre(-10000)}}));
  }
  EXPECT_TRUE(cash_seen);
  // The reconciliation holds, the unposted credit shown on routine 2's receivables.
  const Reconciliation r = Reconcile(
      fold.state(), BalancesOf(fold, std::nullopt), fold,
      [](const Invoice& i) { return std::optional<Money>(i.balance()); }, true);
  EXPECT_TRUE(r.ok());
  bool routine2 = false;
  for (const ReconcileLine& l : r.lines) {
    if (l.check != "receivables" || l.routine != 2) continue;
    routine2 = true;
    EXPECT_EQ(l.ledger, Money::FromOre(125000 - 5000 - 10000));
    EXPECT_EQ(l.posted, Money::FromOre(125000 - 10000));
    EXPECT_EQ(l.unposted, Money::FromOre(-5000));
  }
  EXPECT_TRUE(routine2);
  // No SIE voucher and nothing to hand over for it.
  const std::string sie = Sie4(*fold.state().FindCompany(1), fold.verifikationer(), Date(2026, 1, 1),
                               Date(2026, 12, 31), Date(2026, 11, 23));
  EXPECT_FALSE(absl::StrContains(sie, "InvoiceCredited 020002001"));
  EXPECT_TRUE(absl::StrContains(sie, "#TRANS 1910 {} 100.00"));
  const PostingRunCompleted run = fold.NextRun(1, Head(), Date(2026, 11, 20));
  EXPECT_EQ(run.verifikationer, static_cast<int64_t>(fold.verifikationer().size()));
}

// The simulated period: every verifikation balances, and the reconciliation holds at the end
// of every day on the known-at axis (all sub-ledgers) and on every day on the effective axis
// (receivables: Σ as-of balances = the account's balance on that day).
// The gRPC answer holds the first rows only (services/limits.h): those rows, the totals and the
// count of selected rows must be what the whole list has, in every sort order.
TEST_F(AuditTest, AListCutAfterItsFirstRowsKeepsTheirOrderAndTheWholeTotals) {
  Simulate(40, [](absl::Time) {});
  const LedgerState state = core_->projection().Snapshot(nullptr);
  EXPECT_EQ(state.customer_totals, CustomerTotalsFromClaims(state));  // payments, credits, fees
  for (SaldoSort sort :
       {SaldoSort::kInvoiceNumber, SaldoSort::kCustomer, SaldoSort::kName, SaldoSort::kDueDate}) {
    SaldolistaFilter f;
    f.sort = sort;
    f.only_unpaid = false;
    absl::StatusOr<Saldolista> all = BuildSaldolista(state, f, std::optional<Date>(Date(2026, 9, 30)));
    ASSERT_TRUE(all.ok()) << all.status();
    ASSERT_GT(all->rows.size(), 40u);
    EXPECT_EQ(all->rows_selected, all->rows.size());
    for (size_t i = 1; i < all->rows.size(); ++i) {
      const SaldoRow& a = all->rows[i - 1];
      const SaldoRow& b = all->rows[i];
      auto key = [&](const SaldoRow& r) {
        return std::make_tuple(
            r.company, r.routine,
            sort == SaldoSort::kCustomer ? r.national_id
            : sort == SaldoSort::kName   ? r.name
                                         : std::string(),
            sort == SaldoSort::kCustomer || sort == SaldoSort::kName ? r.customer_number : std::string(),
            sort == SaldoSort::kDueDate ? r.due_date : Date(), r.invoice_number);
      };
      EXPECT_LT(key(a), key(b)) << "row " << i << " out of order";
    }
    absl::StatusOr<Saldolista> cut =
        BuildSaldolista(state, f, std::optional<Date>(Date(2026, 9, 30)), nullptr, nullptr, 17);
    ASSERT_TRUE(cut.ok());
    ASSERT_EQ(cut->rows.size(), 17u);
    EXPECT_TRUE(std::equal(cut->rows.begin(), cut->rows.end(), all->rows.begin()));
    EXPECT_EQ(cut->rows_selected, all->rows.size());
    EXPECT_EQ(cut->total, all->total);
    EXPECT_EQ(cut->routine_totals, all->routine_totals);
    EXPECT_EQ(cut->company_totals, all->company_totals);
  }
}

TEST_F(AuditTest, ReconcileHoldsOnEveryDayOfASimulatedYearOnBothAxes) {
  std::vector<absl::Time> ends;
  Simulate(
      365, [&](absl::Time t) { ends.push_back(t); }, 10, 8);
  const LedgerState live = core_->projection().Snapshot(nullptr);
  ASSERT_GT(live.invoices.size() + live.archived.size(), 3000u);
  ASSERT_GT(live.archived.size(), 150u);  // the monthly rensning took some
  auto live_balance = [](const Invoice& i) { return std::optional<Money>(i.balance()); };
  // Known-at axis: one pass over the journal, reconciling at the end of every day.
  PostingFold fold;
  size_t next_end = 0, days_checked = 0;
  auto reconcile_day = [&] {
    const Reconciliation r =
        Reconcile(fold.state(), BalancesOf(fold, std::nullopt), fold, live_balance, true);
    ASSERT_TRUE(r.ok()) << ends[next_end] << " " << r.differences[0].check << " "
                        << r.differences[0].ledger.ToDecimal() << " vs "
                        << r.differences[0].posted.ToDecimal();
    ++days_checked;
  };
  absl::Status failed;
  ASSERT_TRUE(core_->journal()
                  .Scan(1, Head(),
                        [&](const JournalRecord& rec, absl::string_view) {
                          while (next_end < ends.size() && ends[next_end] < rec.event.meta.recorded_at) {
                            reconcile_day();
                            ++next_end;
                          }
                          failed = fold.Add(rec.position, rec.event);
                          return failed.ok();
                        })
                  .ok());
  ASSERT_TRUE(failed.ok()) << failed;
  for (; next_end < ends.size(); ++next_end) reconcile_day();
  EXPECT_EQ(days_checked, 365u);
  EXPECT_TRUE(fold.Unbalanced().empty());
  // The run exercised what the reconciliation covers.
  Money credit, fees, interest_invoiced, reversed;
  for (const auto& [k, cu] : fold.state().customers) credit += cu.credit_balance;
  for (const auto& [k, inv] : fold.state().invoices) {
    fees += inv.fees;
    if (inv.is_interest_invoice) interest_invoiced += inv.capital;
  }
  EXPECT_TRUE(credit.is_positive());
  EXPECT_TRUE(fees.is_positive());
  EXPECT_TRUE(interest_invoiced.is_positive());
  // Effective axis, every day: Σ balances on the day (from the claims' moves) = the receivables
  // accounts over the verifikationer dated by then; every seventh day also through a separate
  // journal fold on that axis.
  for (int day = 0; day < 365; ++day) {
    const Date d = Date(2026, 9, 1) + day;
    auto on_day = [&](const Invoice& i) -> std::optional<Money> {
      std::optional<SaldoAmounts> a = SaldoOn(i, d);
      if (!a) return std::nullopt;
      return a->balance();
    };
    // The claims archived since, as the service reads them back for a list of the day.
    const ArchivedInvoices archived = ArchivedOn(d);
    LedgerState with_archived = fold.state();
    for (const auto& [k, inv] : archived) with_archived.invoices.emplace(k, inv);
    const Reconciliation r = Reconcile(with_archived, BalancesOf(fold, d), fold, on_day, false);
    ASSERT_TRUE(r.ok()) << d;
    if (day % 7 != 0) continue;
    AsOfResult asof = Fold({.effective_on = d});
    SaldolistaFilter all;
    all.only_unpaid = false;
    EXPECT_EQ(*BuildSaldolista(asof.fold.state(), {}, &asof.fold),
              *BuildSaldolista(fold.state(), {}, d, nullptr, &archived))
        << d;
    EXPECT_EQ(*BuildSaldolista(asof.fold.state(), all, &asof.fold),
              *BuildSaldolista(fold.state(), all, d, nullptr, &archived))
        << d;
  }
}

// A deliberately broken rule: fees posted against the receivables account itself. The
// reconciliation fails, and lists exactly the invoices that carry fees.
TEST_F(AuditTest, ABrokenPostingRuleIsFoundWithItsInvoices) {
  Simulate(25, [](absl::Time) {});
  AccountPlan broken;
  broken.fee_revenue = broken.receivables;
  PostingFold fold(broken);
  ASSERT_TRUE(FoldPostings(core_->journal(), Head(), std::nullopt, fold).ok());
  const Reconciliation r = Reconcile(
      fold.state(), BalancesOf(fold, std::nullopt), fold,
      [](const Invoice& i) { return std::optional<Money>(i.balance()); }, true);
  ASSERT_FALSE(r.ok());
  std::vector<InvoiceNumber> listed, with_fees;
  Money fees;
  for (const ReconcileDifference& d : r.differences)
    if (d.check == "receivables") listed.insert(listed.end(), d.invoices.begin(), d.invoices.end());
  for (const auto& [k, inv] : fold.state().invoices) {
    if (!(inv.fees - inv.fees_reversed).is_zero()) with_fees.push_back(inv.number);
    fees += inv.fees - inv.fees_reversed;
  }
  std::sort(listed.begin(), listed.end());
  ASSERT_FALSE(with_fees.empty());
  EXPECT_EQ(listed, with_fees);
  Money gap;
  for (const ReconcileDifference& d : r.differences)
    if (d.check == "receivables") gap += d.ledger - d.posted;
  EXPECT_EQ(gap, fees);
}

// Golden files: the hand-computed ledger's saldolista (live and as of 2026-10-31),
// kundfordringar, verifikationer and SIE 4 file, compared byte for byte with the checked-in
// files. UPDATE_GOLDEN=1 rewrites them (review the diff before committing).
std::string Golden(const std::string& name, const std::string& actual) {
  const std::string path = absl::StrCat(TEST_DATA_DIR, "/golden/", name);
  if (std::getenv("UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
    return actual;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream expected;
  expected << in.rdbuf();
  return expected.str();
}

std::string VerifikationerText(const std::vector<Verifikation>& all) {
  std::string out;
  for (const Verifikation& v : all) {
    absl::StrAppend(&out, "R", v.number, " ", FormatDate(v.date), " ", v.text, " (", v.position, ")\n");
    for (const PostingLine& l : v.lines)
      absl::StrAppend(&out, "  ", l.account, " ", l.amount.ToDecimal(),
                      l.invoice ? absl::StrCat(" ", FormatInvoiceNumber(l.invoice)) : "", "\n");
  }
  return out;
}

TEST_F(HandComputed, GoldenReports) {
  const std::string live = SaldolistaCsv(Live(), false);
  EXPECT_EQ(live, Golden("saldolista_live.csv", live));
  const std::string oct31 = SaldolistaCsv(List({.effective_on = Date(2026, 10, 31)}), false);
  EXPECT_EQ(oct31, Golden("saldolista_2026-10-31.csv", oct31));
  AsOfResult dec = Fold({.effective_on = Date(2026, 12, 15)});
  const std::string aged =
      AgedReceivablesCsv(*BuildAgedReceivables(dec.fold.state(), {}, &dec.fold, Date(2000, 1, 1)));
  EXPECT_EQ(aged, Golden("kundfordringar_2026-12-15.csv", aged));
  PostingFold fold;
  ASSERT_TRUE(FoldPostings(core_->journal(), Head(), std::nullopt, fold).ok());
  const std::string ver = VerifikationerText(fold.verifikationer());
  EXPECT_EQ(ver, Golden("verifikationer.txt", ver));
  const std::string sie = Sie4(*fold.state().FindCompany(1), fold.verifikationer(), Date(2026, 1, 1),
                               Date(2026, 12, 31), Date(2026, 11, 23));
  EXPECT_EQ(sie, Golden("sie4_2026.se", sie));
  EXPECT_TRUE(absl::StartsWith(
      sie, "#FLAGGA 0\n#PROGRAM \"Reskontra\" 1.0\n#FORMAT PC8\n#GEN 20261123\n#SIETYP 4\n"));
}

// The öre of an SIE amount ("-1250.00", "60.5").
int64_t SieOre(absl::string_view text) {
  const bool negative = absl::ConsumePrefix(&text, "-");
  const size_t dot = text.find('.');
  int64_t kronor = 0, ore = 0;
  EXPECT_TRUE(absl::SimpleAtoi(text.substr(0, dot), &kronor)) << text;
  if (dot != absl::string_view::npos) {
    std::string frac(text.substr(dot + 1));
    frac.resize(2, '0');
    EXPECT_TRUE(absl::SimpleAtoi(frac, &ore)) << text;
  }
  return (negative ? -1 : 1) * (kronor * 100 + ore);
}

// Issue 23, item 8: an SIE file of part of a year adds up: for every account, #IB plus the
// file's #TRANS is #UB (balance accounts) and #RES is the sum of its #TRANS (result accounts).
TEST_F(HandComputed, SieOfPartOfAYearAddsUpForEveryAccount) {
  PostingFold fold;
  ASSERT_TRUE(FoldPostings(core_->journal(), Head(), std::nullopt, fold).ok());
  for (const auto& [from, to] :
       {std::pair{Date(2026, 11, 1), Date(2026, 12, 31)}, std::pair{Date(2026, 10, 15), Date(2026, 11, 30)},
        std::pair{Date(2026, 1, 1), Date(2026, 12, 31)}}) {
    const std::string sie =
        Sie4(*fold.state().FindCompany(1), fold.verifikationer(), from, to, Date(2026, 11, 23));
    std::map<int, int64_t> ib, ub, res, trans;
    int vouchers = 0;
    for (absl::string_view line : absl::StrSplit(sie, '\n')) {
      std::vector<std::string> f = absl::StrSplit(absl::StripLeadingAsciiWhitespace(line), ' ');
      int account = 0;
      if (f[0] == "#VER") ++vouchers;
      if ((f[0] == "#IB" || f[0] == "#UB" || f[0] == "#RES") && f.size() == 4) {
        ASSERT_TRUE(absl::SimpleAtoi(f[2], &account));
        (f[0] == "#IB" ? ib : f[0] == "#UB" ? ub : res)[account] += SieOre(f[3]);
      }
      if (f[0] == "#TRANS") {
        ASSERT_TRUE(absl::SimpleAtoi(f[1], &account));
        trans[account] += SieOre(f[3]);
      }
    }
    EXPECT_GT(vouchers, 0) << FormatDate(from);
    std::set<int> accounts;
    for (const auto* m : {&ib, &ub, &res, &trans})
      for (const auto& [a, v] : *m) accounts.insert(a);
    for (int a : accounts) {
      if (a < 3000) {
        EXPECT_EQ(ib[a] + trans[a], ub[a])
            << "account " << a << ", " << FormatDate(from) << ".." << FormatDate(to);
      } else {
        EXPECT_EQ(res[a], trans[a]) << "account " << a << ", " << FormatDate(from) << ".." << FormatDate(to);
      }
    }
  }
}

TEST(Sie, Pc8EncodesSwedishLetters) {
  EXPECT_EQ(Utf8ToPc8("åäö ÅÄÖ é"), "\x86\x84\x94 \x8F\x8E\x99 \x82");
  EXPECT_EQ(Utf8ToPc8("€"), "?");
  EXPECT_EQ(Utf8ToPc8("\xC3"), "?");  // a cut-off sequence
}

// Periodstängning: the close seals the chain head; afterwards an event dated in the closed
// period is refused (nothing written), or moved to the first open day by the company's choice.
TEST_F(HandComputed, ClosedPeriodsRefuseOrMoveAndSealTheHead) {
  const uint64_t head = Head();
  const std::string head_hash = HashToHex(core_->journal().Read(head)->hash);
  Must(Command{Meta("close-oct"), ClosePeriod{Date(2026, 10, 31), false}});
  const LedgerState after = core_->projection().Snapshot(nullptr);
  const PeriodClosed* close = after.FindCompany(1)->LastClose();
  ASSERT_NE(close, nullptr);
  EXPECT_EQ(close->sealed_position, head);
  EXPECT_EQ(close->sealed_hash, head_hash);
  auto run = [&](const Command& c) { return core_->Execute(c, Sha256(c.meta.command_id)).status(); };
  const uint64_t after_close = Head();
  absl::Status refused = run(PaymentCmd("late", 20002001, 10000, Date(2026, 10, 20)));
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(refused.message(), "closed through 2026-10-31")) << refused;
  EXPECT_EQ(Head(), after_close);
  EXPECT_TRUE(run(PaymentCmd("open", 20002001, 10000, Date(2026, 11, 1))).ok());
  EXPECT_EQ(run(Command{Meta("close-back"), ClosePeriod{Date(2026, 10, 15), false}}).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(run(Command{Meta("close-today"), ClosePeriod{Date(2026, 11, 20), false}}).code(),
            absl::StatusCode::kFailedPrecondition);
  Must(Command{Meta("close-nov10"), ClosePeriod{Date(2026, 11, 10), true}});
  Must(PaymentCmd("moved", 20002001, 10000, Date(2026, 11, 5)));
  absl::StatusOr<JournalRecord> moved = core_->journal().Read(Head());
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->event.meta.effective_date, Date(2026, 11, 11));
  // The as-of list counts it from the open day.
  EXPECT_EQ(List({.effective_on = Date(2026, 11, 10)}).rows[1].amounts.paid, Money::FromOre(-10000));
  EXPECT_EQ(List({.effective_on = Date(2026, 11, 11)}).rows[1].amounts.paid, Money::FromOre(-20000));
}

// Kontering per company and routine: routine 2 posts to its own receivables and fee accounts,
// the reconciliation follows, and a plan that merges a reconciled account is refused.
TEST_F(AuditTest, AccountPlansPerCompanyAndRoutine) {
  Must(CompanyCmd());
  Must(CustomerCmd("10001"));
  AccountPlanSet routine2;
  routine2.routine = 2;
  routine2.receivables = 1511;
  routine2.fee_revenue = 3591;
  Must(Command{Meta("plan-2"), SetAccountPlan{routine2}});
  Must(InvoiceCmd(10001001, "10001", 100000));
  Must(InvoiceCmd(20001001, "10001", 100000));
  Must(Command{Meta("fee-2"),
               ChargeFee{20001001, ChargeKind::kReminderFee, Money::FromOre(6000), true, "", {}}});
  PostingFold fold;
  ASSERT_TRUE(FoldPostings(core_->journal(), Head(), std::nullopt, fold).ok());
  const AccountBalances b = BalancesOf(fold, std::nullopt);
  EXPECT_EQ(b.accounts.at({1, 1510}), Money::FromOre(125000));
  EXPECT_EQ(b.accounts.at({1, 1511}), Money::FromOre(131000));
  EXPECT_EQ(b.accounts.at({1, 3591}), Money::FromOre(-6000));
  const Reconciliation r = Reconcile(
      fold.state(), b, fold, [](const Invoice& i) { return std::optional<Money>(i.balance()); }, true);
  EXPECT_TRUE(r.ok());
  ASSERT_GE(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[1].routine, 2);
  EXPECT_EQ(r.lines[1].account, 1511);
  EXPECT_EQ(r.lines[1].posted, Money::FromOre(131000));
  EXPECT_EQ(core_->projection().Snapshot(nullptr).FindCompany(1)->AccountPlanFor(3).receivables, 1510);
  AccountPlanSet bad;
  bad.bank = bad.receivables;
  auto refused = core_->Execute(Command{Meta("plan-bad"), SetAccountPlan{bad}}, Sha256("plan-bad"));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  bad = {};
  bad.fee_revenue = 999;
  refused = core_->Execute(Command{Meta("plan-bad-2"), SetAccountPlan{bad}}, Sha256("plan-bad-2"));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
}

// Dunning letters in the debiteringsstatistik: counted, with the fees they charged (a letter
// whose fee is only noted adds none). Issue 23, item 10: every letter showed 0,00.
TEST(StatisticsTest, DunningLettersCarryTheFeesTheyCharged) {
  StatisticsBuilder b(StatisticsFilter{1, 0, 99, {}});
  auto letter = [&](InvoiceNumber n, bool charged) {
    Event e;
    e.meta = EventMeta{TestNow(), Date(2026, 11, 20), 1, "anna", "run-1"};
    e.body =
        DunningStepIssued{n, DunningStep::kReminder1, Money::FromOre(125000), Money::FromOre(6000), charged};
    b.Add(e);
  };
  letter(10001001, true);
  letter(10001002, true);
  letter(10001003, false);
  const std::vector<StatisticsRow> rows = b.Finish().rows;
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].count, 3);
  EXPECT_EQ(rows[0].amount, Money::FromOre(12000));
}

// Debiteringsstatistik of the hand-computed ledger, all dates and October only.
TEST_F(HandComputed, StatisticsPerRoutineAndPeriod) {
  auto stats = [&](DateRange dates, std::optional<absl::Time> known_at = std::nullopt) {
    StatisticsBuilder b(StatisticsFilter{1, 0, 99, dates});
    EXPECT_TRUE(FoldStatistics(core_->journal(), Head(), known_at, b).ok());
    return b.Finish().rows;
  };
  using Row = StatisticsRow;
  const std::vector<Row> all = stats({});
  const std::vector<Row> want = {
      Row{1, "fakturerat", 1, Money::FromOre(125000), 10000},
      Row{1, "inbetalt", 2, Money::FromOre(80000), 6400},
      Row{1, "krediterat", 1, Money::FromOre(10000), 800},
      Row{1, "reminder fee", 1, Money::FromOre(6000), 480},
      Row{2, "fakturerat", 1, Money::FromOre(125000), 10000},
  };
  EXPECT_EQ(all, want);
  const std::vector<Row> october = stats({Date(2026, 10, 1), Date(2026, 10, 31)});
  ASSERT_EQ(october.size(), 3u);
  EXPECT_EQ(october[1], (Row{1, "inbetalt", 2, Money::FromOre(80000), 6400}));
  // Known on 2026-11-01: the second payment was not registered yet.
  const std::vector<Row> known = stats({}, At(2026, 11, 1));
  EXPECT_EQ(known[1], (Row{1, "inbetalt", 1, Money::FromOre(50000), 4000}));
}

}  // namespace
}  // namespace reskontra

namespace reskontra {
namespace {

// Rensning: settled claims paid before a date leave the active projections; lists of earlier
// days (both axes) are unchanged by it, later commands cannot touch them, a restart keeps them
// archived, and the projection still equals a rebuild from the journal.
class Archiving : public AuditTest {
 protected:
  void SetUp() override {
    AuditTest::SetUp();
    clock_.Set(At(2026, 10, 1));
    Must(CompanyCmd());
    for (const char* c : {"10001", "10002", "10003"}) Must(CustomerCmd(c));
    Must(InvoiceCmd(10001001, "10001", 100000));  // A: paid on time
    Must(InvoiceCmd(20002001, "10002", 100000));  // B: paid late, interest never invoiced
    Must(InvoiceCmd(10003001, "10003", 100000));  // C: open
    Must(InvoiceCmd(10001002, "10001", 100000));  // D: credited in full
    clock_.Set(At(2026, 10, 5));
    Must(Command{Meta("credit-d"), CreditInvoice{10001002, Money::FromOre(125000), "K1", "", {}, ""}});
    clock_.Set(At(2026, 10, 20));
    Must(PaymentCmd("pay-a", 10001001, 125000, Date(2026, 10, 20)));
    clock_.Set(At(2026, 11, 12));
    Must(PaymentCmd("pay-b", 20002001, 125000, Date(2026, 11, 10)));
    clock_.Set(At(2026, 12, 1));
  }
  // The effective-axis list of day `d` the way the service builds it (live moves + archive).
  Saldolista OnDay(Date d) {
    SaldolistaFilter all;
    all.only_unpaid = false;
    const ArchivedInvoices archived = ArchivedOn(d);
    absl::StatusOr<Saldolista> list =
        BuildSaldolista(core_->projection().Snapshot(nullptr), all, d, nullptr, &archived);
    EXPECT_TRUE(list.ok()) << list.status();
    return *list;
  }
  absl::Status Run(const Command& c) { return core_->Execute(c, Sha256(c.meta.command_id)).status(); }
};

std::vector<InvoiceNumber> NumbersOf(const Saldolista& l) {
  std::vector<InvoiceNumber> out;
  for (const SaldoRow& r : l.rows) out.push_back(r.invoice_number);
  return out;
}

TEST_F(Archiving, SettledClaimsLeaveTheActiveSetAndStayOnEarlierDays) {
  const std::vector<Date> days = {Date(2026, 10, 3), Date(2026, 10, 10), Date(2026, 10, 25),
                                  Date(2026, 11, 29)};
  std::vector<Saldolista> before;
  for (Date d : days) before.push_back(OnDay(d));
  SaldolistaFilter all;
  all.only_unpaid = false;
  const absl::Time before_archive = clock_.Now();
  const Saldolista known_before = List({.known_at = before_archive}, all);
  ASSERT_EQ(NumbersOf(known_before), (std::vector<InvoiceNumber>{10001001, 10001002, 10003001, 20002001}));

  ArchiveInvoices archive{Date(2026, 11, 30)};
  {
    const LedgerState s = core_->projection().Snapshot(nullptr);
    absl::StatusOr<std::vector<const Invoice*>> preview = SelectForArchive(s, 1, archive, Date(2026, 12, 1));
    ASSERT_TRUE(preview.ok());
    std::vector<InvoiceNumber> chosen;
    for (const Invoice* i : *preview) chosen.push_back(i->number);
    EXPECT_EQ(chosen, (std::vector<InvoiceNumber>{10001001, 10001002}));  // B waits for its interest
  }
  clock_.Set(At(2026, 12, 1, 11));
  Must(Command{Meta("archive-nov"), archive});

  const LedgerState after = core_->projection().Snapshot(nullptr);
  EXPECT_EQ(after.FindInvoice(1, 10001001), nullptr);
  EXPECT_EQ(after.FindInvoice(1, 10001002), nullptr);
  EXPECT_TRUE(after.archived.contains(CompanyInvoiceKey{1, 10001001}));
  EXPECT_TRUE(after.FindCustomer(1, "10001")->invoices.empty());
  EXPECT_EQ(after.FindCompany(1)->archived, 2);
  EXPECT_EQ(after.customer_totals, CustomerTotalsFromClaims(after));
  EXPECT_EQ(NumbersOf(Live(all)), (std::vector<InvoiceNumber>{10003001, 20002001}));
  // Days before paid_before: the same lists as before the archiving, on both axes.
  for (size_t i = 0; i < days.size(); ++i) {
    EXPECT_EQ(OnDay(days[i]), before[i]) << days[i];
    SaldolistaFilter f = all;
    EXPECT_EQ(List({.effective_on = days[i]}, f), before[i]) << days[i];
  }
  EXPECT_EQ(List({.known_at = before_archive}, all), known_before);
  // From paid_before on, the archived claims are gone from the list.
  EXPECT_EQ(NumbersOf(OnDay(Date(2026, 11, 30))), (std::vector<InvoiceNumber>{10003001, 20002001}));
  EXPECT_EQ(NumbersOf(List({.effective_on = Date(2026, 11, 30)}, all)), NumbersOf(OnDay(Date(2026, 11, 30))));

  // Nothing may touch an archived claim; its number stays taken; nothing is written.
  const uint64_t head = Head();
  absl::Status credit =
      Run(Command{Meta("credit-a"), CreditInvoice{10001001, Money::FromOre(100), "K2", "", {}, ""}});
  EXPECT_EQ(credit.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(credit.message(), "archived")) << credit;
  EXPECT_EQ(Run(Command{Meta("reverse-a"), ReversePayment{"command-pay-a", "fel"}}).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Run(PaymentCmd("pay-a-again", 10001001, 100, Date(2026, 12, 1))).code(),
            absl::StatusCode::kFailedPrecondition);
  Command reuse = InvoiceCmd(10001001, "10002", 5000);
  reuse.meta.command_id = "command-reuse-number";
  EXPECT_EQ(Run(reuse).code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Run(Command{Meta("archive-again"), archive}).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Head(), head);
  ArchiveInvoices future{Date(2026, 12, 5)};
  EXPECT_EQ(Run(Command{Meta("archive-future"), future}).code(), absl::StatusCode::kInvalidArgument);

  // A restart keeps them archived; the projection equals a rebuild (archive rows included).
  core_.reset();
  auto reopened = LedgerCore::Open(
      {.data_dir = dir_.path(), .clock = &clock_, .time_zone = absl::UTCTimeZone(), .sync = false});
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  core_ = std::move(*reopened);
  EXPECT_TRUE(core_->projection().Snapshot(nullptr).archived.contains(CompanyInvoiceKey{1, 10001002}));
  EXPECT_EQ(OnDay(days[2]), before[2]);
  {
    absl::Status rebuilt = CheckProjectionAgainstRebuild(core_->journal(), core_->projection());
    EXPECT_TRUE(rebuilt.ok()) << rebuilt;
  }

  // Claims paid late whose interest was never invoiced go only when asked to.
  ArchiveInvoices with_interest{Date(2026, 11, 30)};
  with_interest.include_uninvoiced_interest = true;
  with_interest.keep_codes = {1, 2, 3, 4, 5};
  EXPECT_EQ(Run(Command{Meta("archive-5-codes"), with_interest}).code(), absl::StatusCode::kInvalidArgument);
  with_interest.keep_codes = {};
  Must(Command{Meta("archive-b"), with_interest});
  EXPECT_EQ(NumbersOf(Live(all)), (std::vector<InvoiceNumber>{10003001}));
  EXPECT_EQ(NumbersOf(OnDay(Date(2026, 11, 15))),
            (std::vector<InvoiceNumber>{10001001, 10001002, 10003001, 20002001}));
  {
    absl::Status rebuilt = CheckProjectionAgainstRebuild(core_->journal(), core_->projection());
    EXPECT_TRUE(rebuilt.ok()) << rebuilt;
  }
}

// Uppdatera bokföring: a posting run hands over the verifikationer since the last one with a
// bokföringsdatum; runs follow each other with no gap and no empty run.
TEST_F(HandComputed, PostingRunsHandOverEveryVerifikationOnce) {
  auto fold_now = [&] {
    PostingFold fold;
    EXPECT_TRUE(FoldPostings(core_->journal(), Head(), std::nullopt, fold).ok());
    return fold;
  };
  PostingFold fold = fold_now();
  PostingRunCompleted first = fold.NextRun(1, Head(), Date(2026, 11, 20));
  EXPECT_EQ(first.from_position, 1u);
  EXPECT_EQ(first.to_position, Head());
  ASSERT_EQ(first.ranges.size(), 1u);
  EXPECT_EQ(first.ranges[0].first, 1);
  EXPECT_EQ(first.ranges[0].last, first.verifikationer);
  EXPECT_EQ(static_cast<size_t>(first.verifikationer), fold.verifikationer().size());
  Money debit;
  for (const Verifikation& v : fold.verifikationer())
    for (const PostingLine& l : v.lines)
      if (l.amount.is_positive()) debit += l.amount;
  EXPECT_EQ(first.debit_total, debit);

  auto run = [&](const Command& c) { return core_->Execute(c, Sha256(c.meta.command_id)).status(); };
  PostingRunCompleted gap = first;
  gap.ranges[0].first = 2;
  gap.verifikationer -= 1;
  EXPECT_EQ(run(Command{Meta("run-gap"), RecordPostingRun{gap}}).code(),
            absl::StatusCode::kFailedPrecondition);
  PostingRunCompleted late = first;
  late.from_position = 2;
  EXPECT_EQ(run(Command{Meta("run-late"), RecordPostingRun{late}}).code(), absl::StatusCode::kAborted);
  Must(Command{Meta("run-1"), RecordPostingRun{first}});

  fold = fold_now();
  for (const Verifikation& v : fold.verifikationer()) EXPECT_EQ(v.posting_date, Date(2026, 11, 20));
  PostingRunCompleted empty = fold.NextRun(1, Head(), Date(2026, 11, 20));
  EXPECT_EQ(empty.verifikationer, 0);
  EXPECT_EQ(run(Command{Meta("run-empty"), RecordPostingRun{empty}}).code(),
            absl::StatusCode::kFailedPrecondition);

  Must(PaymentCmd("pay-b", 20002001, 20000, Date(2026, 11, 20)));
  fold = fold_now();
  PostingRunCompleted second = fold.NextRun(1, Head(), Date(2026, 11, 20));
  EXPECT_EQ(second.from_position, first.to_position + 1);
  ASSERT_EQ(second.ranges.size(), 1u);
  EXPECT_EQ(second.ranges[0].first, first.ranges[0].last + 1);
  EXPECT_EQ(second.verifikationer, 2);  // the payment received, and its allocation
  Must(Command{Meta("run-2"), RecordPostingRun{second}});
  EXPECT_EQ(core_->projection().Snapshot(nullptr).FindCompany(1)->posting_runs.size(), 2u);
  fold = fold_now();
  EXPECT_TRUE(fold.verifikationer().back().posting_date.has_value());
}

}  // namespace
}  // namespace reskontra

namespace reskontra {
namespace {

// Positional snapshots: each equals a rebuild up to its position, survives a restart, and the
// known-at list started from the nearest one equals what the live query printed at the instant.
class Snapshots : public AuditTest {
 protected:
  void SetUp() override {
    snapshot_every_ = 97;  // the background thread takes some; end_of_day takes more
    AuditTest::SetUp();
  }
};

TEST_F(Snapshots, KnownAtFromTheNearestSnapshotEqualsWhatWasPrinted) {
  std::vector<std::pair<absl::Time, std::string>> printed;
  int day = 0;
  Simulate(50, [&](absl::Time t) {
    printed.emplace_back(t, SaldolistaCsv(Live(), false));
    if (++day % 9 == 0) ASSERT_TRUE(core_->projection().TakeSnapshot().ok());
  });
  const std::vector<ReskontraProjection::SnapshotInfo> taken = core_->projection().Snapshots();
  ASSERT_GE(taken.size(), 5u);
  for (const auto& info : taken) {
    auto loaded = core_->projection().LoadSnapshot(info.recorded_at, info.position);
    ASSERT_TRUE(loaded.ok() && loaded->has_value()) << loaded.status();
    EXPECT_EQ((*loaded)->first, info.position);
    absl::StatusOr<LedgerState> rebuilt = RebuildState(core_->journal(), info.position);
    ASSERT_TRUE(rebuilt.ok());
    EXPECT_TRUE((*loaded)->second == *rebuilt) << info.position;
  }
  size_t from_snapshots = 0;
  for (const auto& [t, csv] : printed) {
    auto loaded = core_->projection().LoadSnapshot(t, Head());
    ASSERT_TRUE(loaded.ok());
    if (!loaded->has_value()) {
      EXPECT_EQ(SaldolistaCsv(List({.known_at = t}), false), csv) << t;
      continue;
    }
    ++from_snapshots;
    absl::StatusOr<AsOfResult> r = FoldAsOfFrom(core_->journal(), (*loaded)->first,
                                                std::move((*loaded)->second), Head(), {.known_at = t});
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(SaldolistaCsv(*BuildSaldolista(r->fold.state(), {}, &r->fold), false), csv) << t;
  }
  EXPECT_GT(from_snapshots, 40u);
  // A restart keeps them and the live rows are unaffected by them.
  core_.reset();
  auto reopened = LedgerCore::Open(
      {.data_dir = dir_.path(), .clock = &clock_, .time_zone = absl::UTCTimeZone(), .sync = false});
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  core_ = std::move(*reopened);
  EXPECT_EQ(core_->projection().Snapshots().size(), taken.size());
  absl::Status rebuilt = CheckProjectionAgainstRebuild(core_->journal(), core_->projection());
  EXPECT_TRUE(rebuilt.ok()) << rebuilt;
}

}  // namespace
}  // namespace reskontra

namespace reskontra {
namespace {

// Lönsam fakturering on a hand-computed ledger (figures in the comments).
TEST_F(AuditTest, ProfitabilityPerChannelAndSizeBucket) {
  clock_.Set(At(2026, 10, 1));
  Must(CompanyCmd());
  Must(CustomerCmd("10001"));  // paper
  Command email = CustomerCmd("10002");
  std::get<RegisterCustomer>(email.body).details.delivery = DeliveryChannel::kEmail;
  std::get<RegisterCustomer>(email.body).details.email = "kund@example.se";
  Must(email);
  Must(InvoiceCmd(10001001, "10001", 100000));  // A: 1 250 kr, paper, bucket 1000-
  Must(InvoiceCmd(20002001, "10002", 40000));   // B: 500 kr, e-mail, bucket 400-600
  Must(InvoiceCmd(10001002, "10001", 10000));   // C: 125 kr, paper, annulled
  Must(Command{Meta("annul-c"), AnnulInvoice{10001002, "fel", Date(2026, 10, 1), ""}});
  clock_.Set(At(2026, 11, 14));
  Must(Command{Meta("fee-a"), ChargeFee{10001001, ChargeKind::kReminderFee, Money::FromOre(6000), true, "",
                                        Date(2026, 11, 14)}});
  clock_.Set(At(2026, 11, 30));
  Must(PaymentCmd("pay-a", 10001001, 131000, Date(2026, 11, 30)));  // fee 60 kr, then capital, 30 days late
  clock_.Set(At(2026, 12, 15));
  Must(Command{Meta("writeoff-b"),
               WriteOff{20002001, std::nullopt, "", Date(2026, 12, 15), ""}});  // 45 days late

  ProfitabilityParams p;
  p.on = Date(2026, 12, 31);
  absl::StatusOr<std::vector<ProfitabilityRow>> rows =
      BuildProfitability(core_->projection().Snapshot(nullptr), nullptr, p);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 6u);             // 3 cells, 2 channel totals, the grand total
  const ProfitabilityRow& c = (*rows)[0];  // paper 0-200: the annulled C, its letter
  EXPECT_EQ(c.channel, DeliveryChannel::kPaper);
  EXPECT_EQ(c.bucket, 0);
  EXPECT_EQ(c.invoices, 0);
  EXPECT_EQ(c.annulled, 1);
  EXPECT_EQ(c.netto, Money::FromOre(-700));
  const ProfitabilityRow& a = (*rows)[1];  // paper 1000-
  EXPECT_EQ(a.bucket, 5);
  EXPECT_EQ(a.invoiced, Money::FromOre(125000));
  EXPECT_EQ(a.fee_income, Money::FromOre(6000));
  EXPECT_EQ(a.letter_costs, Money::FromOre(700));
  EXPECT_EQ(a.interest_cost, Money::FromOre(410));  // 125 000 öre × 30 days × 4 % / 365
  EXPECT_EQ(a.netto, Money::FromOre(4890));
  EXPECT_EQ(a.effect_bp, 391);             // 4 890 / 125 000
  const ProfitabilityRow& b = (*rows)[2];  // e-mail 400-600
  EXPECT_EQ(b.channel, DeliveryChannel::kEmail);
  EXPECT_EQ(b.bucket, 2);
  EXPECT_EQ(b.credit_losses, Money::FromOre(50000));
  EXPECT_EQ(b.letter_costs, Money());
  EXPECT_EQ(b.interest_cost, Money::FromOre(246));  // 50 000 × 45 × 4 % / 365
  EXPECT_EQ(b.netto, Money::FromOre(-50246));
  EXPECT_EQ((*rows)[3].bucket, -1);  // the paper total
  EXPECT_EQ((*rows)[3].netto, Money::FromOre(4190));
  const ProfitabilityRow& total = rows->back();
  EXPECT_TRUE(total.total);
  EXPECT_EQ(total.interest_cost, Money::FromOre(657));  // 6 000 000 öre-days once
  EXPECT_EQ(total.netto, Money::FromOre(-46057));
  EXPECT_EQ(total.effect_bp, -3684);  // over 1 750 kr − 500 kr written off
  // Doubtful: an unpaid claim more than 90 days past due, on a later day.
  Must(InvoiceCmd(20002002, "10002", 40000));
  p.on = Date(2027, 2, 15);
  rows = BuildProfitability(core_->projection().Snapshot(nullptr), nullptr, p);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->back().doubtful, Money::FromOre(50000));
  p.funding_rate_bp = -1;
  EXPECT_EQ(BuildProfitability(core_->projection().Snapshot(nullptr), nullptr, p).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace reskontra
