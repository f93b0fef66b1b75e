// Issue 26, item 6: the old ledger's open items migrated as opening events dated when they
// happened (domain/migration.h): the saldolista of the balance day is the old ledger's, the
// days before it show what was known of each claim then, and the postings go against the
// opening account.
#include "domain/migration.h"

#include <gtest/gtest.h>

#include "absl/container/btree_map.h"
#include "domain/invoice_import.h"
#include "domain/postings.h"
#include "domain/saldolista.h"
#include "tests/domain_fixture.h"
#include "tests/test_util.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT

constexpr int32_t kOpening = 1519;
const Date kBalanceDay(2026, 11, 30);

Money Ore(int64_t ore) { return Money::FromOre(ore); }

InvoiceFileInvoice Item(InvoiceNumber n, const std::string& customer, Date invoiced, int64_t net_ore,
                        int32_t vat_bp, int line) {
  InvoiceFileInvoice i;
  i.invoice_number = n;
  i.customer_number = customer;
  i.invoice_date = invoiced;
  i.due_date = invoiced + 29;
  i.lines.push_back(InvoiceFileLine{"Avgift", Money::FromOre(net_ore), vat_bp, 3041});
  i.opening.emplace();
  i.line = line;
  return i;
}

class MigrationTest : public DomainFixture {
 protected:
  MigrationTest() : DomainFixture(Date(2026, 12, 7)) {}
  void SetUp() override {
    Must(CompanyCmd());
    Must(CustomerCmd("10001"));
  }
  static InvoiceFileCustomer NewCustomer() {
    InvoiceFileCustomer c;
    c.customer_number = "20001";
    c.details.name = "Bygg AB";
    c.details.kind = CustomerKind::kOrganisation;
    c.details.national_id = "5560360793";
    c.details_given = true;
    c.line = 3;
    return c;
  }
  // A: unpaid after two reminders, a reminder fee and interest; B: mostly paid, no letters;
  // C: at inkassokrav, fees and interest partly paid.
  static std::vector<InvoiceFileInvoice> Items() {
    InvoiceFileInvoice a = Item(10000001, "10001", Date(2026, 9, 1), 80000, 2500, 2);
    a.opening->reminder_fees = Ore(6000);
    a.opening->interest = Ore(1517);
    a.opening->open_capital = Ore(100000);
    a.opening->open_fees = Ore(6000);
    a.opening->open_interest = Ore(1517);
    a.opening->reminder1 = Date(2026, 10, 10);
    a.opening->reminder2 = Date(2026, 10, 25);
    InvoiceFileInvoice b = Item(10000002, "20001", Date(2026, 8, 1), 200000, 0, 3);
    b.opening->open_capital = Ore(50000);
    b.opening->paid_on = Date(2026, 9, 15);
    InvoiceFileInvoice c = Item(10000003, "10001", Date(2026, 6, 1), 40000, 2500, 4);
    c.opening->reminder_fees = Ore(6000);
    c.opening->collection_fees = Ore(18000);
    c.opening->interest = Ore(2000);
    c.opening->open_capital = Ore(50000);
    c.opening->open_fees = Ore(10000);
    c.opening->reminder1 = Date(2026, 7, 10);
    c.opening->collection_demand = Date(2026, 8, 15);
    c.opening->paid_on = Date(2026, 9, 1);
    return {a, b, c};
  }
  static ImportInvoiceFile Migration(std::vector<InvoiceFileInvoice> items, char fingerprint = 'a') {
    ImportInvoiceFile c;
    c.file.format = "CSV";
    c.file.customers = {NewCustomer()};
    c.file.invoices = std::move(items);
    c.fingerprint = std::string(64, fingerprint);
    c.opening_account = kOpening;
    c.balance_date = kBalanceDay;
    return c;
  }
  Money BalanceOn(Date day, InvoiceNumber n) const {
    absl::StatusOr<Saldolista> list = BuildSaldolista(state_, SaldolistaFilter{}, day);
    EXPECT_TRUE(list.ok()) << list.status();
    for (const SaldoRow& r : list->rows)
      if (r.invoice_number == n) return r.amounts.balance();
    return Ore(-1);  // not on the list
  }
};

TEST_F(MigrationTest, TheSaldolistaOfTheBalanceDayIsTheOldLedgers) {
  std::vector<Event> events = Must(Migration(Items()));
  const auto& receipt = std::get<InvoiceFileImported>(events.front().body);
  EXPECT_EQ(receipt.opening_account, kOpening);
  EXPECT_EQ(receipt.balance_date, kBalanceDay);
  EXPECT_EQ(receipt.invoices, 3);
  EXPECT_EQ(receipt.customers_registered, 1);

  absl::StatusOr<Saldolista> list = BuildSaldolista(state_, SaldolistaFilter{}, kBalanceDay);
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->rows.size(), 3u);
  EXPECT_EQ(list->rows[0].amounts.balance(), Ore(100000 + 6000 + 1517));
  EXPECT_EQ(list->rows[1].amounts.balance(), Ore(50000));
  EXPECT_EQ(list->rows[2].amounts.balance(), Ore(50000 + 10000));
  EXPECT_EQ(list->total.amounts.balance(), Ore(107517 + 50000 + 60000));
  // FAKTURERAT is the invoice as it was issued, PÅFÖRT the old ledger's charges, INBETALT
  // what had been paid on it.
  EXPECT_EQ(list->rows[2].amounts.invoiced, Ore(50000));
  EXPECT_EQ(list->rows[2].amounts.charged, Ore(6000 + 18000 + 2000));
  EXPECT_EQ(list->rows[2].amounts.paid, Ore(-(14000 + 2000)));
  // The furthest dunning step and its day, as the old ledger reached them.
  EXPECT_EQ(list->rows[0].step, DunningStep::kReminder2);
  EXPECT_EQ(list->rows[0].step_date, Date(2026, 10, 25));
  EXPECT_EQ(list->rows[2].step, DunningStep::kCollectionDemand);
  EXPECT_EQ(list->rows[2].step_date, Date(2026, 8, 15));
  // Today's balances are the same: nothing happened after the balance day.
  for (InvoiceNumber n : {10000001, 10000002, 10000003})
    EXPECT_EQ(state_.FindInvoice(1, n)->balance(), BalanceOn(kBalanceDay, n)) << n;
}

TEST_F(MigrationTest, EachEventIsDatedWhenItHappened) {
  Must(Migration(Items()));
  // On 15 August: A is not issued yet, B is unpaid, C has its reminder fee and its collection
  // fee but not the interest (charged as of the balance day) nor the payment (1 September).
  EXPECT_EQ(BalanceOn(Date(2026, 8, 15), 10000001), Ore(-1));
  EXPECT_EQ(BalanceOn(Date(2026, 8, 15), 10000002), Ore(200000));
  EXPECT_EQ(BalanceOn(Date(2026, 8, 15), 10000003), Ore(50000 + 6000 + 18000));
  EXPECT_EQ(BalanceOn(Date(2026, 9, 15), 10000002), Ore(50000));
  // C's fees and interest were paid, its capital not: what was paid of them is dated no earlier
  // than they were charged (the interest on the balance day), so no day shows less than owed.
  EXPECT_EQ(BalanceOn(Date(2026, 10, 1), 10000003), Ore(50000 + 6000 + 18000));
  EXPECT_EQ(BalanceOn(Date(2026, 9, 14), 10000002), Ore(200000));
  // The saldolista of a day shows the step the claim had reached by then, and selects by it.
  absl::StatusOr<Saldolista> october = BuildSaldolista(state_, SaldolistaFilter{}, Date(2026, 10, 15));
  ASSERT_TRUE(october.ok()) << october.status();
  ASSERT_EQ(october->rows.size(), 3u);
  EXPECT_EQ(october->rows[0].step, DunningStep::kReminder1);
  EXPECT_EQ(october->rows[0].step_date, Date(2026, 10, 10));
  SaldolistaFilter reminded;
  reminded.only_reminded = true;
  absl::StatusOr<Saldolista> early = BuildSaldolista(state_, reminded, Date(2026, 10, 5));
  ASSERT_TRUE(early.ok()) << early.status();
  ASSERT_EQ(early->rows.size(), 1u);  // C's reminder went in July; A's on 10 October
  EXPECT_EQ(early->rows[0].invoice_number, 10000003);
  // The letters carry their own days, the reminder fee goes with the first reminder, so the next
  // run charges no second one.
  const Invoice* a = state_.FindInvoice(1, 10000001);
  EXPECT_EQ(a->dunning->date_of(DunningStep::kReminder1), Date(2026, 10, 10));
  EXPECT_EQ(a->dunning->step_fees[1], Ore(6000));
  EXPECT_TRUE(a->dunning->fee_charged[1]);
  for (const Event& e : journal_)
    if (const auto* fee = std::get_if<FeeCharged>(&e.body);
        fee && fee->invoice_number == 10000003 && fee->kind == ChargeKind::kCollectionFee)
      EXPECT_EQ(e.meta.effective_date, Date(2026, 8, 15));
}

TEST_F(MigrationTest, ItIsPostedAgainstTheOpeningAccount) {
  Must(Migration(Items()));
  Must(PaymentCmd("after", 10000002, 50000, Date(2026, 12, 3)));
  // The old ledger's payment on B was not one: reversed, it goes back against the opening account.
  Must(Command{Meta("reversal"), ReversePayment{"command-cmd-1/010000002", "Fel i tidigare reskontra"}});
  PostingFold fold;
  for (size_t i = 0; i < journal_.size(); ++i) ASSERT_TRUE(fold.Add(i + 1, journal_[i]).ok()) << i;
  EXPECT_TRUE(fold.Unbalanced().empty());
  absl::btree_map<int32_t, Money> migrated, after, reversal;
  for (const Verifikation& v : fold.verifikationer()) {
    const std::string& command = journal_[v.position - 1].meta.command_id;
    // The ingående balans is dated the old ledger's balance day, whenever its claims began.
    if (command == "command-cmd-1") EXPECT_EQ(v.date, kBalanceDay) << v.text;
    for (const PostingLine& l : v.lines)
      (command == "command-after"      ? after
       : command == "command-reversal" ? reversal
                                       : migrated)[l.account] += l.amount;
  }
  EXPECT_EQ(reversal[kOpening], Ore(-150000));
  EXPECT_EQ(reversal[1510], Ore(150000));
  EXPECT_FALSE(reversal.contains(1930));
  // The old ledger posted revenue, VAT, fees, interest and the payments already: the migration
  // moves the open balance onto kundfordringar against the opening account, nothing else.
  EXPECT_EQ(migrated[1510], Ore(217517));
  EXPECT_EQ(migrated[kOpening], Ore(-217517));
  for (int32_t account : {3041, 2611, 3590, 8313, 1930}) EXPECT_FALSE(migrated.contains(account)) << account;
  // What comes after is posted as usual.
  EXPECT_EQ(after[1930], Ore(50000));
  EXPECT_EQ(after[1510], Ore(-50000));
  EXPECT_FALSE(after.contains(kOpening));
}

TEST_F(MigrationTest, WhatDoesNotAddUpIsRefusedByItsLineAndNothingIsWritten) {
  auto refused = [&](std::vector<InvoiceFileInvoice> items, absl::string_view why) {
    SCOPED_TRACE(why);
    Refused(Migration(std::move(items)), absl::StatusCode::kInvalidArgument, why);
  };
  std::vector<InvoiceFileInvoice> items = Items();
  items[0].opening->open_capital = Ore(100001);
  refused(items, "line 2: invoice 010000001: kvar_kapital 1 000,01 kr is more than was charged");
  items = Items();
  items[2].opening->open_interest = Ore(-1);
  refused(items, "line 4: invoice 010000003: kvar_ranta is negative");
  items = Items();
  items[0].opening->reminder1.reset();
  refused(items, "paminnelse2 is given without paminnelse1");
  items = Items();
  items[0].opening->reminder1 = Date(2026, 9, 10);  // before the due date 30 September
  refused(items, "paminnelse1 2026-09-10 is not after the due date 2026-09-30");
  items = Items();
  items[0].opening->reminder1 = Date(2026, 9, 30);  // on it
  refused(items, "paminnelse1 2026-09-30 is not after the due date 2026-09-30");
  items = Items();
  items[1].opening->paid_on.reset();  // capital paid: its day decides its interest
  refused(items, "line 3: invoice 010000002: betaldatum is required");
  items = Items();
  items[1].invoice_date = Date(2026, 12, 1);
  items[1].due_date = Date(2026, 12, 31);
  refused(items, "fakturadatum 2026-12-01 is after the balance day 2026-11-30");
  items = Items();
  items[1].opening->open_capital = Ore(0);
  refused(items, "nothing is open of it");
  items = Items();
  items[0].opening->reminder_fees = Ore(7000);
  items[0].opening->open_fees = Ore(7000);
  refused(items, "above the statutory cap of 60,00 kr");
  items = Items();
  items[1].invoice_number = 0;
  items[1].routine = 1;
  refused(items, "line 3: a migrated invoice keeps its number in the old ledger");
  items = Items();
  items[1].opening.reset();
  refused(items, "line 3: a migrated invoice needs its balance in the old ledger");
  // The command's own terms.
  ImportInvoiceFile future = Migration(Items());
  future.balance_date = Date(2026, 12, 8);
  Refused(future, absl::StatusCode::kInvalidArgument, "the balance day 2026-12-08 is in the future");
  ImportInvoiceFile account = Migration(Items());
  account.opening_account = 15190;
  Refused(account, absl::StatusCode::kInvalidArgument, "opening account 15190 is not a 4-digit account");
  for (int32_t own : {1510, 1930, 2893}) {
    account.opening_account = own;
    Refused(account, absl::StatusCode::kInvalidArgument, "is one of the ledger's own");
  }
  ImportInvoiceFile ordinary = Migration(Items());
  ordinary.opening_account = 0;
  Refused(ordinary, absl::StatusCode::kInvalidArgument, "import it as a migration of open items");
  EXPECT_EQ(state_.FindInvoice(1, 10000001), nullptr);
  // The same file once more after it was migrated: refused like any file.
  Must(Migration(Items()));
  Refused(Migration(Items()), absl::StatusCode::kFailedPrecondition, "imported before");
}

}  // namespace
}  // namespace reskontra
