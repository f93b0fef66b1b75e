// The projection rows (projections/rows.h): what a customer's row holds as its claims grow,
// and that a state read back from the rows is the state that wrote them; and how Apply counts
// the claims an event names.
#include "projections/rows.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "domain/decide.h"
#include "domain/state.h"
#include "tests/test_util.h"

namespace reskontra {
namespace {
using namespace ::reskontra::testing;

void Execute(LedgerState& s, const Command& c) {
  absl::StatusOr<std::vector<Event>> events = Decide(s, c, TestContext());
  ASSERT_TRUE(events.ok()) << events.status();
  for (const Event& e : *events) ASSERT_TRUE(Apply(s, e).ok());
}

LedgerState FromRows(const LedgerState& s) {
  LedgerState read;
  for (const auto& [key, value] : rows::AllRows(s)) EXPECT_TRUE(rows::DecodeInto(key, value, read).ok());
  EXPECT_TRUE(rows::CheckCustomersLoaded(read).ok());
  // The projection's load links the claims to their customers once, at the end: the same state.
  LedgerState linked;
  for (const auto& [key, value] : rows::AllRows(s))
    EXPECT_TRUE(rows::DecodeInto(key, value, linked, rows::ClaimLists::kDeferred).ok());
  rows::LinkClaimsToCustomers(linked);
  EXPECT_TRUE(rows::CheckCustomersLoaded(linked).ok());
  EXPECT_TRUE(linked == read);
  return read;
}

// Every new claim rewrites its customer's row (the version moves). The row must not list the
// claims, or a customer with many would make each new one cost the whole list.
TEST(RowsTest, ACustomersRowDoesNotGrowWithItsClaims) {
  LedgerState s;
  Execute(s, CompanyCmd());
  Execute(s, CustomerCmd("5001"));
  // Out of number order, as two invoicing routines would issue them.
  Execute(s, InvoiceCmd(30000001, "5001", 10000));
  Execute(s, InvoiceCmd(10000001, "5001", 10000));
  const size_t small = rows::Encode(*s.FindCustomer(1, "5001")).size();
  for (InvoiceNumber n = 10000002; n < 10000502; ++n) Execute(s, InvoiceCmd(n, "5001", 10000));
  const Customer& big = *s.FindCustomer(1, "5001");
  EXPECT_EQ(big.invoices.size(), 502u);
  EXPECT_TRUE(std::is_sorted(big.invoices.begin(), big.invoices.end()));
  EXPECT_LE(rows::Encode(big).size(), small + 2);  // the version's varint may grow
  // Read back, the customer has its claims again, listed the same way.
  LedgerState read = FromRows(s);
  EXPECT_EQ(read, s);
  EXPECT_EQ(read.FindCustomer(1, "5001")->invoices, big.invoices);
}

// An invoice file's row keeps the billing system's ids of its invoices (issue 26): read back,
// the ledger still knows which it issued.
TEST(RowsTest, AnInvoiceFilesRowKeepsTheBillingSystemsIds) {
  LedgerState s;
  Execute(s, CompanyCmd());
  Execute(s, CustomerCmd("5001"));
  ImportInvoiceFile file;
  file.fingerprint = std::string(64, 'e');
  file.file.format = "CSV";
  InvoiceFileInvoice inv;
  inv.routine = 4;
  inv.source_id = "BS-1";
  inv.customer_number = "5001";
  inv.invoice_date = Date(2026, 11, 1);
  inv.due_date = Date(2026, 12, 1);
  inv.lines.push_back(InvoiceFileLine{"Hyra", Money::FromOre(10000), 2500, 3041});
  file.file.invoices.push_back(inv);
  Execute(s, Command{Meta("file-1"), file});
  ASSERT_EQ(s.invoice_sources.size(), 1u);
  LedgerState read = FromRows(s);
  EXPECT_EQ(read, s);
  EXPECT_EQ(read.invoice_sources.at({1, 4, "BS-1"}), 40000001);
}

// The company's row carries its text register (issue 25).
TEST(RowsTest, TheTextRegisterIsInTheCompanysRow) {
  LedgerState s;
  Execute(s, CompanyCmd());
  Execute(s, Command{Meta("text-1"),
                     SetLetterText{LetterTextSet{LetterTextKind::kReminder,
                                                 2,
                                                 LetterForm::kDatapost,
                                                 {"Betala senast {betala_senast}.", "", "Tack!"}}}});
  Execute(s, Command{Meta("text-2"),
                     SetLetterText{LetterTextSet{
                         LetterTextKind::kThreat, 1, LetterForm::kInvoiceForm, {"Sista krav."}}}});
  ASSERT_EQ(s.FindCompany(1)->letter_texts.size(), 2u);
  LedgerState read = FromRows(s);
  EXPECT_EQ(read, s);
  ASSERT_NE(read.FindCompany(1)->LetterText(LetterTextKind::kReminder, 2), nullptr);
  EXPECT_EQ(read.FindCompany(1)->LetterText(LetterTextKind::kReminder, 2)->rows[2], "Tack!");
}

TEST(RowsTest, AnInvoiceRowWithoutItsCustomersRowIsDataLoss) {
  LedgerState s;
  Execute(s, CompanyCmd());
  Execute(s, CustomerCmd("5001"));
  Execute(s, InvoiceCmd(10000001, "5001", 10000));
  LedgerState read;
  for (const auto& [key, value] : rows::AllRows(s))
    if (key != rows::CustomerKey(1, "5001")) ASSERT_TRUE(rows::DecodeInto(key, value, read).ok());
  absl::Status loaded = rows::CheckCustomersLoaded(read);
  EXPECT_EQ(loaded.code(), absl::StatusCode::kDataLoss) << loaded;
  EXPECT_NE(loaded.message().find("5001"), std::string::npos) << loaded;
  LedgerState linked;
  for (const auto& [key, value] : rows::AllRows(s))
    if (key != rows::CustomerKey(1, "5001"))
      ASSERT_TRUE(rows::DecodeInto(key, value, linked, rows::ClaimLists::kDeferred).ok());
  rows::LinkClaimsToCustomers(linked);
  loaded = rows::CheckCustomersLoaded(linked);
  EXPECT_EQ(loaded.code(), absl::StatusCode::kDataLoss) << loaded;
  EXPECT_NE(loaded.message().find("5001"), std::string::npos) << loaded;
}

// Apply counts a claim's change once per event, even when a (corrupt) event names the claim
// twice: the customer's totals stay the sums over the claims, and the claim gets one move.
TEST(ApplyTest, AClaimNamedTwiceInOneEventMovesOnce) {
  LedgerState s;
  Execute(s, CompanyCmd());
  Execute(s, CustomerCmd("5001"));
  Execute(s, InvoiceCmd(10000001, "5001", 100000));
  Execute(s, PaymentCmd("p1", 10000001, 60000));
  const Invoice& paid = *s.FindInvoice(1, 10000001);
  ASSERT_EQ(paid.paid_capital, Money::FromOre(60000));
  const size_t moves = paid.moves.size();
  PaymentReversed reversal;
  ASSERT_EQ(s.payments.size(), 1u);
  reversal.payment_id = s.payments.begin()->second.payment_id;
  for (int i = 0; i < 2; ++i) {
    ReversedPart part;
    part.invoice_number = 10000001;
    part.capital = Money::FromOre(30000);
    reversal.parts.push_back(part);
  }
  Event e{EventMeta{TestNow(), Date(2026, 11, 20), 1, "test", "reverse-p1"}, reversal};
  absl::Status applied = Apply(s, e);
  ASSERT_TRUE(applied.ok()) << applied;
  const Invoice& back = *s.FindInvoice(1, 10000001);
  EXPECT_EQ(back.paid_capital, Money());
  EXPECT_EQ(back.moves.size(), moves + 1);
  EXPECT_EQ(s.customer_totals, CustomerTotalsFromClaims(s));
  EXPECT_EQ(s.TotalsOf(1, "5001").debt, back.balance());
}

// An archiving that names a claim twice is refused as corruption, and changes nothing (it
// used to erase the claim and then read it again).
TEST(ApplyTest, AnArchivingThatNamesAClaimTwiceIsDataLoss) {
  LedgerState s;
  Execute(s, CompanyCmd());
  Execute(s, CustomerCmd("5001"));
  Execute(s, InvoiceCmd(10000001, "5001", 100000, /*vat_bp=*/0));
  Execute(s, PaymentCmd("p1", 10000001, 100000));
  ASSERT_TRUE(s.FindInvoice(1, 10000001)->balance().is_zero());
  const LedgerState before = s;
  Event e{EventMeta{TestNow(), Date(2026, 11, 20), 1, "test", "archive"},
          InvoicesArchived{Date(2026, 11, 20), {10000001, 10000001}}};
  EXPECT_EQ(Apply(s, e).code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(s, before);
  e.body = InvoicesArchived{Date(2026, 11, 20), {10000001}};
  ASSERT_TRUE(Apply(s, e).ok());
  EXPECT_EQ(s.FindInvoice(1, 10000001), nullptr);
  EXPECT_TRUE(s.FindCustomer(1, "5001")->invoices.empty());
}

}  // namespace
}  // namespace reskontra
