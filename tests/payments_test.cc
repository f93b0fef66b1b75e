// Payments beyond the plain match, through the gRPC handlers: the payment-method register
// (P/K/D reversals never beyond what was charged, debit methods), manual payments for a
// customer oldest invoice first, the company policies on import (extra references split,
// oldest first, differences carried to the next invoice, allocation order, collection-agency
// giro, KID references), and the reports (inbetalningslista, bevakning, prognos).
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "domain/ocr.h"
#include "replay/rebuild.h"
#include "tests/bgmax_generator.h"
#include "tests/grpc_fixture.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT
using S = pb::Ledger::Stub;
using L = InProcessLedger;

constexpr char kBankgiro[] = "9912346";
constexpr char kAgencyGiro[] = "7355001";  // Luhn-valid

class PaymentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto company = L::With<pb::RegisterCompanyRequest>("company");
    company.set_name("Exempelkommun");
    ASSERT_TRUE(ledger_.Call(&S::RegisterCompany, company).ok());
    Settings([](pb::SetPaymentSettingsRequest&) {});
    for (const char* number : {"10001", "10002"}) {
      auto customer = L::With<pb::RegisterCustomerRequest>(absl::StrCat("customer-", number));
      customer.set_customer_number(number);
      customer.mutable_details()->set_name(absl::StrCat("Kund ", number));
      customer.mutable_details()->set_national_id(Pnr(number[4] == '1' ? "640823238" : "550101123"));
      ASSERT_TRUE(ledger_.Call(&S::RegisterCustomer, customer).ok());
    }
  }

  void Settings(const std::function<void(pb::SetPaymentSettingsRequest&)>& edit) {
    auto r = L::With<pb::SetPaymentSettingsRequest>(absl::StrCat("settings-", ++settings_));
    r.set_bankgiro(kBankgiro);
    r.set_overpayment_limit_ore(500);
    r.set_underpayment_limit_ore(1000);
    edit(r);
    grpc::Status s = ledger_.Call(&S::SetPaymentSettings, r);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  // 1 000 kr + 25 % VAT = 1 250 kr.
  void Issue(InvoiceNumber n, const std::string& due = "2026-10-31", const std::string& customer = "10001") {
    auto r = L::With<pb::IssueInvoiceRequest>(absl::StrCat("invoice-", n));
    r.set_invoice_number(n);
    r.set_customer_number(customer);
    r.set_invoice_date("2026-08-01");
    r.set_due_date(due);
    auto* l = r.add_lines();
    l->set_description("Lokalhyra");
    l->set_net_ore(100000);
    l->set_vat_rate_bp(2500);
    l->set_revenue_account(3041);
    grpc::Status s = ledger_.Call(&S::IssueInvoice, r);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  pb::Invoice Get(InvoiceNumber n) {
    grpc::ClientContext ctx;
    pb::GetInvoiceRequest r;
    r.set_company(1);
    r.set_invoice_number(n);
    pb::Invoice inv;
    EXPECT_TRUE(ledger_.stub().GetInvoice(&ctx, r, &inv).ok());
    return inv;
  }
  pb::Customer Customer(const std::string& number) {
    grpc::ClientContext ctx;
    pb::GetCustomerRequest r;
    r.set_company(1);
    r.set_customer_number(number);
    pb::Customer c;
    EXPECT_TRUE(ledger_.stub().GetCustomer(&ctx, r, &c).ok());
    return c;
  }
  grpc::Status Method(const std::string& code, const std::function<void(pb::PaymentMethod&)>& edit) {
    auto r = L::With<pb::DefinePaymentMethodRequest>(absl::StrCat("method-", code, "-", ++methods_));
    r.mutable_method()->set_code(code);
    r.mutable_method()->set_text(absl::StrCat("Sätt ", code));
    edit(*r.mutable_method());
    return ledger_.Call(&S::DefinePaymentMethod, r);
  }
  grpc::Status Manual(const std::string& id, InvoiceNumber n, int64_t ore, const std::string& method = "",
                      const std::string& customer = "") {
    auto r = L::With<pb::RecordPaymentRequest>(id);
    r.set_invoice_number(n);
    r.set_customer_number(customer);
    r.set_amount_ore(ore);
    r.set_method(method);
    r.set_reference("Manuell");
    return ledger_.Call(&S::RecordPayment, r);
  }
  grpc::Status Fee(const std::string& id, InvoiceNumber n, pb::ChargeKind kind, int64_t ore,
                   bool noted = false) {
    auto r = L::With<pb::ChargeFeeRequest>(id);
    r.set_invoice_number(n);
    r.set_kind(kind);
    r.set_amount_ore(ore);
    r.set_only_noted(noted);
    return ledger_.Call(&S::ChargeFee, r);
  }
  grpc::Status Interest(const std::string& id, InvoiceNumber n, int64_t ore) {
    auto r = L::With<pb::ChargeInterestRequest>(id);
    r.set_invoice_number(n);
    r.set_amount_ore(ore);
    return ledger_.Call(&S::ChargeInterest, r);
  }
  static BgMaxPayment Pay(const std::string& ref, int64_t ore, int code = kBgMaxRefOcr) {
    BgMaxPayment p;
    p.sender_bankgiro = "5555555";
    p.reference = ref;
    p.amount = Money::FromOre(ore);
    p.reference_code = code;
    p.channel_code = 1;
    static int serial = 0;  // each payment record its own BGC serial number, as Bankgirot numbers them
    p.bgc_serial = absl::StrFormat("%012d", ++serial);
    p.payer_name = "Betalare";
    return p;
  }
  grpc::Status Import(std::vector<BgMaxPayment> payments, int serial, pb::ImportReceipt* receipt) {
    BgMaxFile f;
    f.version = 1;
    f.timestamp = "20261119060000000000";
    BgMaxDeposit d;
    d.bankgiro = kBankgiro;
    d.currency = "SEK";
    d.bank_account = "991234";
    d.payment_date = Date(2026, 11, 19);
    d.serial = serial;
    for (auto& p : payments) d.amount += p.deduction ? -p.amount : p.amount;
    d.payments = std::move(payments);
    f.deposits.push_back(std::move(d));
    auto r = L::With<pb::ImportBgMaxRequest>(absl::StrCat("import-", serial));
    r.set_file(WriteBgMax(f));
    grpc::Status s = ledger_.Call(&S::ImportBgMax, r, receipt);
    if (s.ok()) {
      EXPECT_EQ(receipt->received().ore(), receipt->allocated().ore() + receipt->kept_as_income().ore() +
                                               receipt->overpaid().ore() + receipt->carried_overpaid().ore() +
                                               receipt->recovered().ore() + receipt->unmatched().ore());
    }
    return s;
  }
  pb::ListUnmatchedResponse Unmatched() {
    grpc::ClientContext ctx;
    pb::ListUnmatchedRequest r;
    r.set_company(1);
    pb::ListUnmatchedResponse out;
    EXPECT_TRUE(ledger_.stub().ListUnmatched(&ctx, r, &out).ok());
    return out;
  }
  void ExpectRebuildMatches() {
    EXPECT_TRUE(CheckProjectionAgainstRebuild(ledger_.core().journal(), ledger_.core().projection()).ok());
  }

  TempDir dir_;
  InProcessLedger ledger_{dir_.path()};
  int settings_ = 0, methods_ = 0;
};

TEST_F(PaymentsTest, PaymentMethodRegisterIsValidated) {
  EXPECT_TRUE(Method("1", [](pb::PaymentMethod&) {}).ok());
  // One digit or letter, text at most 15 characters, no D with P/K/D, no amount on text-only.
  EXPECT_EQ(Method("12", [](pb::PaymentMethod&) {}).error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(Method("-", [](pb::PaymentMethod&) {}).error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(Method("2", [](pb::PaymentMethod& m) { m.set_text("sexton tecken!!!"); }).error_code(),
            grpc::INVALID_ARGUMENT);
  EXPECT_EQ(Method("3",
                   [](pb::PaymentMethod& m) {
                     m.set_debit(true);
                     m.set_special(pb::METHOD_SPECIAL_INTEREST);
                   })
                .error_code(),
            grpc::INVALID_ARGUMENT);
  EXPECT_EQ(Method("4", [](pb::PaymentMethod& m) { m.set_special(static_cast<pb::MethodSpecial>(7)); })
                .error_code(),
            grpc::INVALID_ARGUMENT);
  // Redefining with the same content is refused; a change is recorded.
  EXPECT_EQ(Method("1", [](pb::PaymentMethod&) {}).error_code(), grpc::ALREADY_EXISTS);
  EXPECT_TRUE(Method("1", [](pb::PaymentMethod& m) { m.set_not_posted(true); }).ok());
  ASSERT_TRUE(Method("T", [](pb::PaymentMethod& m) { m.set_text_only(true); }).ok());

  grpc::ClientContext ctx;
  pb::ListPaymentMethodsRequest lr;
  lr.set_company(1);
  pb::ListPaymentMethodsResponse list;
  ASSERT_TRUE(ledger_.stub().ListPaymentMethods(&ctx, lr, &list).ok());
  ASSERT_EQ(list.methods_size(), 2);
  EXPECT_EQ(list.methods(0).code(), "1");
  EXPECT_TRUE(list.methods(0).not_posted());

  Issue(10001001);
  const uint64_t head = ledger_.Head();
  EXPECT_EQ(Manual("m-unknown", 10001001, 1000, "9").error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(Manual("m-text-only", 10001001, 1000, "T").error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(ledger_.Head(), head);  // nothing written
  ASSERT_TRUE(Manual("m-plain", 10001001, 1000, "1").ok());
  EXPECT_EQ(Get(10001001).balance().ore(), 124000);
  ledger_.Restart();
  EXPECT_EQ(Get(10001001).balance().ore(), 124000);
  ExpectRebuildMatches();
}

TEST_F(PaymentsTest, SpecialMethodsNeverReverseMoreThanWasCharged) {
  ASSERT_TRUE(Method("P", [](pb::PaymentMethod& m) { m.set_special(pb::METHOD_SPECIAL_REMINDER_FEE); }).ok());
  ASSERT_TRUE(
      Method("K", [](pb::PaymentMethod& m) { m.set_special(pb::METHOD_SPECIAL_COLLECTION_FEE); }).ok());
  ASSERT_TRUE(Method("D", [](pb::PaymentMethod& m) { m.set_special(pb::METHOD_SPECIAL_INTEREST); }).ok());
  ASSERT_TRUE(Method("X", [](pb::PaymentMethod& m) { m.set_debit(true); }).ok());
  Issue(10001001);
  ASSERT_TRUE(Fee("fee-reminder", 10001001, pb::CHARGE_KIND_REMINDER_FEE, 6000).ok());
  ASSERT_TRUE(Fee("fee-collection", 10001001, pb::CHARGE_KIND_COLLECTION_FEE, 18000).ok());
  ASSERT_TRUE(Fee("fee-noted", 10001001, pb::CHARGE_KIND_PLAN_FEE, 17000, /*noted=*/true).ok());
  ASSERT_TRUE(Interest("interest", 10001001, 4711).ok());
  EXPECT_EQ(Get(10001001).balance().ore(), 125000 + 6000 + 18000 + 4711);  // the noted fee is not owed
  EXPECT_EQ(Get(10001001).fees_noted().ore(), 17000);
  EXPECT_EQ(Fee("fee-interest-kind", 10001001, pb::CHARGE_KIND_INTEREST, 100).error_code(),
            grpc::INVALID_ARGUMENT);

  const uint64_t head = ledger_.Head();
  // P may take off the 60 kr reminder fee, not a krona more, even though 180 kr collection fee is also open.
  grpc::Status too_much = Manual("p-too-much", 10001001, 6100, "P");
  EXPECT_EQ(too_much.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(too_much.error_message(), "reminder fee")) << too_much.error_message();
  EXPECT_EQ(Manual("d-too-much", 10001001, 4712, "D").error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(ledger_.Head(), head);
  ASSERT_TRUE(Manual("p-part", 10001001, 2000, "P").ok());
  ASSERT_TRUE(Manual("p-rest", 10001001, 4000, "P").ok());
  EXPECT_EQ(Manual("p-again", 10001001, 1, "P").error_code(), grpc::FAILED_PRECONDITION);
  ASSERT_TRUE(Manual("d-all", 10001001, 4711, "D").ok());
  pb::Invoice inv = Get(10001001);
  EXPECT_EQ(inv.fees_reversed().ore(), 6000);
  EXPECT_EQ(inv.interest_reversed().ore(), 4711);
  EXPECT_EQ(inv.balance().ore(), 125000 + 18000);

  // A payment pays the open collection fee first (fees -> interest -> capital), so K then
  // finds nothing left to reverse.
  ASSERT_TRUE(Manual("pay-fees", 10001001, 18000).ok());
  EXPECT_EQ(Manual("k-after-paid", 10001001, 100, "K").error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(Get(10001001).balance().ore(), 125000);

  // A debit method raises the claim; it reopens a paid invoice.
  ASSERT_TRUE(Manual("pay-all", 10001001, 125000).ok());
  EXPECT_EQ(Get(10001001).status(), pb::INVOICE_STATUS_PAID);
  ASSERT_TRUE(Manual("debit", 10001001, 2500, "X").ok());
  EXPECT_EQ(Get(10001001).balance().ore(), 2500);
  EXPECT_EQ(Get(10001001).status(), pb::INVOICE_STATUS_OPEN);
  ledger_.Restart();
  EXPECT_EQ(Get(10001001).balance().ore(), 2500);
  ExpectRebuildMatches();
}

TEST_F(PaymentsTest, ManualPaymentForACustomerGoesOldestInvoiceFirst) {
  Issue(10001001, "2026-11-15");
  Issue(10001002, "2026-10-15");           // older due date: first
  Issue(10001003, "2026-11-15");           // same due date as 1001, higher number: last
  Issue(20002001, "2026-09-01", "10002");  // another customer's: untouched
  auto r = L::With<pb::RecordPaymentRequest>("customer-payment");
  r.set_customer_number("10001");
  r.set_amount_ore(125000 + 125000 + 30000 + 0);
  pb::CommandResponse resp;
  ASSERT_TRUE(ledger_.Call(&S::RecordPayment, r, &resp).ok());
  EXPECT_EQ(Get(10001002).balance().ore(), 0);
  EXPECT_EQ(Get(10001001).balance().ore(), 0);
  EXPECT_EQ(Get(10001003).balance().ore(), 95000);
  EXPECT_EQ(Get(20002001).balance().ore(), 125000);
  EXPECT_EQ(resp.customer().debt().ore(), 95000);
  // More than all open invoices: the rest is the customer's credit balance.
  r.mutable_ctx()->set_command_id("test-command-customer-payment-2");
  r.set_amount_ore(100000);
  ASSERT_TRUE(ledger_.Call(&S::RecordPayment, r).ok());
  EXPECT_EQ(Get(10001003).balance().ore(), 0);
  EXPECT_EQ(Customer("10001").credit_balance().ore(), 5000);
  // Both or neither of invoice and customer: refused.
  r.mutable_ctx()->set_command_id("test-command-customer-payment-3");
  r.set_invoice_number(10001001);
  EXPECT_EQ(ledger_.Call(&S::RecordPayment, r).error_code(), grpc::INVALID_ARGUMENT);
  ExpectRebuildMatches();
}

// Issue 23, item 4, over gRPC: the credit balance applied and paid back, the response shows the
// customer, the inbetalningslista lists both, and a restart rebuilds the same state.
TEST_F(PaymentsTest, ACreditBalanceIsAppliedAndPaidBack) {
  auto pay = L::With<pb::RecordPaymentRequest>("credit-only");
  pay.set_customer_number("10001");
  pay.set_amount_ore(30000);  // no open invoice: all of it is the credit balance
  ASSERT_TRUE(ledger_.Call(&S::RecordPayment, pay).ok());
  ASSERT_EQ(Customer("10001").credit_balance().ore(), 30000);
  Issue(10001001);
  auto apply = L::With<pb::ApplyCreditBalanceRequest>("apply");
  apply.set_customer_number("10001");
  apply.set_invoice_number(10001001);
  apply.set_amount_ore(20000);
  pb::CommandResponse resp;
  ASSERT_TRUE(ledger_.Call(&S::ApplyCreditBalance, apply, &resp).ok());
  EXPECT_EQ(resp.customer().credit_balance().ore(), 10000);
  EXPECT_EQ(resp.invoice().balance().ore(), 105000);
  EXPECT_EQ(Get(10001001).paid().ore(), 20000);
  auto refund = L::With<pb::RefundCreditBalanceRequest>("refund");
  refund.set_customer_number("10001");
  EXPECT_EQ(ledger_.Call(&S::RefundCreditBalance, refund).error_code(), grpc::INVALID_ARGUMENT);  // to whom?
  refund.set_recipient("Clearing 8327-9, konto 12345678");
  refund.set_amount_ore(20000);
  EXPECT_EQ(ledger_.Call(&S::RefundCreditBalance, refund).error_code(), grpc::FAILED_PRECONDITION);
  refund.clear_amount_ore();  // the whole credit balance
  ASSERT_TRUE(ledger_.Call(&S::RefundCreditBalance, refund, &resp).ok());
  EXPECT_EQ(resp.customer().credit_balance().ore(), 0);
  pb::PaymentListRequest lr;
  grpc::ClientContext ctx;
  pb::PaymentListResponse list;
  ASSERT_TRUE(ledger_.stub().PaymentList(&ctx, lr, &list).ok());
  int applied = 0, refunded = 0;
  for (const pb::PaymentListRow& row : list.rows()) {
    if (row.action() == "credit balance applied") applied += static_cast<int>(row.amount().ore());
    if (row.action() == "credit balance refunded") refunded += static_cast<int>(row.amount().ore());
  }
  EXPECT_EQ(applied, 20000);
  EXPECT_EQ(refunded, -10000);
  ExpectRebuildMatches();
}

TEST_F(PaymentsTest, ExtraReferencesAreSplitByTheirAmounts) {
  Issue(10001001);
  Issue(10001002);
  Issue(10001003);
  BgMaxPayment split = Pay(DefaultOcrReference(10001001), 200000);
  split.extra_references.push_back({DefaultOcrReference(10001002), Money::FromOre(125000), kBgMaxRefOcr});
  BgMaxPayment too_big = Pay(DefaultOcrReference(10001003), 10000);
  too_big.extra_references.push_back({DefaultOcrReference(10001003), Money::FromOre(20000), kBgMaxRefOcr});
  BgMaxPayment negative = Pay(DefaultOcrReference(10001003), 10000);
  negative.extra_references.push_back({"K1", Money::FromOre(-5000), kBgMaxRefText});
  BgMaxPayment half_unknown = Pay(DefaultOcrReference(10001003), 30000);
  half_unknown.extra_references.push_back(
      {DefaultOcrReference(10009999), Money::FromOre(10000), kBgMaxRefOcr});
  pb::ImportReceipt receipt;
  grpc::Status s = Import({split, too_big, negative, half_unknown}, 1, &receipt);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(Get(10001001).balance().ore(), 125000 - 75000);  // the payment's own reference: the rest
  EXPECT_EQ(Get(10001002).balance().ore(), 0);
  EXPECT_EQ(Get(10001003).balance().ore(), 125000 - 20000);  // the known part of half_unknown
  pb::ListUnmatchedResponse queue = Unmatched();
  ASSERT_EQ(queue.payments_size(), 3);  // one entry per payment, never split in the queue
  EXPECT_EQ(queue.total().ore(), 10000 + 10000 + 10000);
  std::string reasons;
  for (const auto& u : queue.payments()) absl::StrAppend(&reasons, u.reason(), "|");
  EXPECT_TRUE(absl::StrContains(reasons, "add up to more than the payment")) << reasons;
  EXPECT_TRUE(absl::StrContains(reasons, "negative extra reference")) << reasons;
  EXPECT_TRUE(absl::StrContains(reasons, "no invoice has reference")) << reasons;
  ExpectRebuildMatches();
}

TEST_F(PaymentsTest, OldestFirstPolicyForPaymentsWithoutAUsableInvoice) {
  Issue(10001001, "2026-10-31");
  Issue(10001002, "2026-09-30");
  Issue(20002001, "2026-09-30", "10002");
  // Without the policy: a customer number as reference is unmatched.
  pb::ImportReceipt receipt;
  ASSERT_TRUE(Import({Pay("10001", 1000, kBgMaxRefText)}, 1, &receipt).ok());
  EXPECT_EQ(receipt.unmatched_count(), 1);

  Settings([](pb::SetPaymentSettingsRequest& r) { r.set_oldest_first(true); });
  BgMaxPayment by_org = Pay("okänd text", 5000, kBgMaxRefText);
  by_org.org_number = Pnr("550101123");  // customer 10002's number (TK29)
  ASSERT_TRUE(Import({Pay("10001", 130000, kBgMaxRefText), by_org}, 2, &receipt).ok());
  EXPECT_EQ(receipt.unmatched_count(), 0);
  EXPECT_EQ(Get(10001002).balance().ore(), 0);  // oldest first
  EXPECT_EQ(Get(10001001).balance().ore(), 125000 - 5000);
  EXPECT_EQ(Get(20002001).balance().ore(), 125000 - 5000);
  // A payment on a paid invoice goes to the customer's other open invoices; beyond them, credit.
  ASSERT_TRUE(Import({Pay(DefaultOcrReference(10001002), 130000)}, 3, &receipt).ok());
  EXPECT_EQ(receipt.unmatched_count(), 0);
  EXPECT_EQ(Get(10001001).balance().ore(), 0);
  EXPECT_EQ(Customer("10001").credit_balance().ore(), 10000);
  ExpectRebuildMatches();
}

TEST_F(PaymentsTest, DifferencesCarriedToTheNextInvoice) {
  Settings([](pb::SetPaymentSettingsRequest& r) { r.set_carry_to_next_invoice(true); });
  Issue(10001001);
  Issue(10001002);
  pb::ImportReceipt receipt;
  // 5 kr short on 1001, 3 kr over on 1002: both within the limits, both carried.
  ASSERT_TRUE(Import({Pay(DefaultOcrReference(10001001), 124500), Pay(DefaultOcrReference(10001002), 125300)},
                     1, &receipt)
                  .ok());
  EXPECT_EQ(receipt.carried_count(), 2);
  EXPECT_EQ(receipt.carried_underpaid().ore(), 500);
  EXPECT_EQ(receipt.carried_overpaid().ore(), 300);
  EXPECT_EQ(receipt.written_off_count(), 0);
  EXPECT_EQ(Get(10001001).status(), pb::INVOICE_STATUS_PAID);
  EXPECT_EQ(Get(10001001).carried().ore(), -500);
  EXPECT_EQ(Customer("10001").carried().ore(), 200);  // 5 kr owed, 3 kr to the customer

  // Reversal before the next invoice takes the carried part back.
  auto rev = L::With<pb::ReversePaymentRequest>("reverse-carried");
  rev.set_payment_id("test-command-import-1/2");
  rev.set_remark("Fel faktura");
  ASSERT_TRUE(ledger_.Call(&S::ReversePayment, rev).ok());
  EXPECT_EQ(Customer("10001").carried().ore(), 500);
  EXPECT_EQ(Get(10001002).balance().ore(), 125000);

  // The next invoice carries the 5 kr.
  Issue(10001003);
  EXPECT_EQ(Get(10001003).balance().ore(), 125500);
  EXPECT_EQ(Get(10001003).carried().ore(), 500);
  EXPECT_EQ(Customer("10001").carried().ore(), 0);
  // Now the first payment can no longer be reversed automatically.
  rev.mutable_ctx()->set_command_id("test-command-reverse-carried-2");
  rev.set_payment_id("test-command-import-1/1");
  EXPECT_EQ(ledger_.Call(&S::ReversePayment, rev).error_code(), grpc::FAILED_PRECONDITION);

  // An overpayment carried lowers the next invoice.
  ASSERT_TRUE(Import({Pay(DefaultOcrReference(10001003), 125800)}, 2, &receipt).ok());
  EXPECT_EQ(Customer("10001").carried().ore(), -300);
  Issue(10001004);
  EXPECT_EQ(Get(10001004).balance().ore(), 124700);
  ExpectRebuildMatches();
}

TEST_F(PaymentsTest, AllocationOrderPerCompany) {
  Issue(10001001);
  Issue(10001002);
  ASSERT_TRUE(Fee("fee-1", 10001001, pb::CHARGE_KIND_REMINDER_FEE, 6000).ok());
  ASSERT_TRUE(Fee("fee-2", 10001002, pb::CHARGE_KIND_REMINDER_FEE, 6000).ok());
  // Default FIC: 100 kr pays the 60 kr fee first.
  ASSERT_TRUE(Manual("pay-1", 10001001, 10000).ok());
  EXPECT_EQ(Get(10001001).paid().ore(), 10000);
  EXPECT_EQ(Get(10001001).fees().ore(), 6000);
  EXPECT_EQ(Get(10001001).balance().ore(), 131000 - 10000);
  // Capital first: the fee stays open.
  Settings([](pb::SetPaymentSettingsRequest& r) { r.set_allocation_order("CFI"); });
  ASSERT_TRUE(Manual("pay-2", 10001002, 10000).ok());
  // Only the fee is open after the capital: a P reversal of 60 kr is still possible.
  ASSERT_TRUE(Method("P", [](pb::PaymentMethod& m) { m.set_special(pb::METHOD_SPECIAL_REMINDER_FEE); }).ok());
  EXPECT_TRUE(Manual("p-2", 10001002, 6000, "P").ok());
  EXPECT_EQ(Manual("p-1", 10001001, 6000, "P").error_code(), grpc::FAILED_PRECONDITION);  // paid by pay-1
  for (const char* bad : {"FFC", "FI", "FICX", "fic"}) {
    auto r = L::With<pb::SetPaymentSettingsRequest>(absl::StrCat("bad-order-", bad));
    r.set_bankgiro(kBankgiro);
    r.set_allocation_order(bad);
    EXPECT_EQ(ledger_.Call(&S::SetPaymentSettings, r).error_code(), grpc::INVALID_ARGUMENT) << bad;
  }
  ExpectRebuildMatches();
}

TEST_F(PaymentsTest, CollectionAgencyPaymentsAreToldApart) {
  Settings([](pb::SetPaymentSettingsRequest& r) { r.add_agency_bankgiros(kAgencyGiro); });
  Issue(10001001);
  Issue(10001002);
  BgMaxPayment from_agency = Pay(DefaultOcrReference(10001001), 125000);
  from_agency.sender_bankgiro = kAgencyGiro;
  pb::ImportReceipt receipt;
  ASSERT_TRUE(Import({from_agency, Pay(DefaultOcrReference(10001002), 125000)}, 1, &receipt).ok());
  EXPECT_EQ(receipt.from_collection_agency(), 1);
  grpc::ClientContext ctx;
  pb::SubscribeRequest sr;
  sr.set_history_only(true);
  auto reader = ledger_.stub().Subscribe(&ctx, sr);
  pb::JournalEvent e;
  std::map<int64_t, bool> agency;
  while (reader->Read(&e)) {
    if (e.has_payment_received())
      agency[e.payment_received().intended_invoice()] = e.payment_received().from_collection_agency();
  }
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_TRUE(agency[10001001]);
  EXPECT_FALSE(agency[10001002]);
  // An agency giro must be a valid giro number and not the company's own.
  auto bad = L::With<pb::SetPaymentSettingsRequest>("bad-agency");
  bad.set_bankgiro(kBankgiro);
  bad.add_agency_bankgiros("7355002");
  EXPECT_EQ(ledger_.Call(&S::SetPaymentSettings, bad).error_code(), grpc::INVALID_ARGUMENT);
  bad.mutable_ctx()->set_command_id("test-command-bad-agency-2");
  bad.set_agency_bankgiros(0, kBankgiro);
  EXPECT_EQ(ledger_.Call(&S::SetPaymentSettings, bad).error_code(), grpc::INVALID_ARGUMENT);
}

TEST_F(PaymentsTest, KidReferencesForANorwegianCompany) {
  Settings([](pb::SetPaymentSettingsRequest& r) { r.set_reference_kind(pb::REFERENCE_KIND_KID_MOD11); });
  Issue(10001001);
  const std::string kid = Get(10001001).ocr_reference();
  EXPECT_TRUE(ValidateKidMod11(kid).ok()) << kid;
  std::string bad = kid;
  bad.back() = bad.back() == '9' ? '0' : static_cast<char>(bad.back() + 1);
  pb::ImportReceipt receipt;
  ASSERT_TRUE(Import({Pay(kid, 125000), Pay(bad, 1000)}, 1, &receipt).ok());
  EXPECT_EQ(Get(10001001).balance().ore(), 0);
  ASSERT_EQ(Unmatched().payments_size(), 1);
  EXPECT_TRUE(absl::StrContains(Unmatched().payments(0).reason(), "MOD11"))
      << Unmatched().payments(0).reason();
  // A given reference must pass MOD11 too.
  auto r = L::With<pb::IssueInvoiceRequest>("invoice-bad-kid");
  r.set_invoice_number(10001002);
  r.set_customer_number("10001");
  r.set_invoice_date("2026-10-01");
  r.set_due_date("2026-10-31");
  r.set_ocr_reference(bad);
  auto* l = r.add_lines();
  l->set_description("Hyra");
  l->set_net_ore(1000);
  l->set_revenue_account(3041);
  EXPECT_EQ(ledger_.Call(&S::IssueInvoice, r).error_code(), grpc::INVALID_ARGUMENT);
}

TEST_F(PaymentsTest, InbetalningslistaWatchSignalsAndForecast) {
  ASSERT_TRUE(Method("1", [](pb::PaymentMethod&) {}).ok());
  ASSERT_TRUE(Method("7", [](pb::PaymentMethod& m) { m.set_text("Kreditering"); }).ok());
  Issue(10001001, "2026-10-31");
  Issue(10001002, "2026-11-30");
  Issue(10001003, "2026-11-30");
  Issue(20002001, "2026-12-31", "10002");
  auto watch = L::With<pb::SetWatchTextRequest>("watch");
  watch.set_invoice_number(10001002);
  watch.set_text("Betalningsföreläggande");
  ASSERT_TRUE(ledger_.Call(&S::SetWatchText, watch).ok());
  EXPECT_EQ(ledger_.Call(&S::SetWatchText, watch).ok(), true);  // same id: a replay
  watch.mutable_ctx()->set_command_id("test-command-watch-again");
  EXPECT_EQ(ledger_.Call(&S::SetWatchText, watch).error_code(), grpc::FAILED_PRECONDITION);

  auto manual = L::With<pb::RecordPaymentRequest>("manual-1");
  manual.set_invoice_number(10001001);
  manual.set_amount_ore(50000);
  manual.set_method("1");
  manual.set_transaction_date("2026-11-18");
  ASSERT_TRUE(ledger_.Call(&S::RecordPayment, manual).ok());
  auto credit = L::With<pb::CreditInvoiceRequest>("credit-1");
  credit.set_invoice_number(10001003);
  credit.set_amount_ore(25000);
  credit.set_method("7");
  credit.set_transaction_date("2026-11-18");
  ASSERT_TRUE(ledger_.Call(&S::CreditInvoice, credit).ok());
  pb::ImportReceipt receipt;
  ASSERT_TRUE(Import({Pay(DefaultOcrReference(10001002), 125000), Pay(DefaultOcrReference(10001001), 75000)},
                     1, &receipt)
                  .ok());

  auto list = [&](const std::function<void(pb::PaymentListRequest&)>& edit) {
    pb::PaymentListRequest r;
    edit(r);
    grpc::ClientContext ctx;
    pb::PaymentListResponse out;
    grpc::Status s = ledger_.stub().PaymentList(&ctx, r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  };
  pb::PaymentListResponse all = list([](pb::PaymentListRequest&) {});
  ASSERT_EQ(all.count(), 4);
  EXPECT_EQ(all.total().ore(), 50000 + 25000 + 125000 + 75000);
  // Sorted by transaction date, then method: 11-18 "1", 11-18 "7", then the file's 11-19 rows.
  EXPECT_EQ(all.rows(0).transaction_date(), "2026-11-18");
  EXPECT_EQ(all.rows(0).method(), "1");
  EXPECT_EQ(all.rows(1).action(), "credit");
  EXPECT_EQ(all.rows(1).method(), "7");
  EXPECT_EQ(all.rows(2).transaction_date(), "2026-11-19");
  EXPECT_TRUE(all.rows(2).automatic());
  EXPECT_EQ(all.rows(2).posting_date(), "2026-11-20");  // the fetch day
  EXPECT_TRUE(all.rows(0).posting_date().empty());      // manual: not yet posted
  EXPECT_EQ(all.rows(2).customer_name(), "Kund 10001");
  ASSERT_EQ(all.method_totals_size(), 3);
  EXPECT_EQ(all.method_totals(2).amount().ore(), 200000);
  ASSERT_EQ(all.date_totals_size(), 2);
  EXPECT_EQ(all.date_totals(0).amount().ore(), 75000);
  EXPECT_EQ(all.date_totals(0).count(), 2);

  EXPECT_EQ(list([](auto& r) { r.set_kind(pb::ENTRY_KIND_MANUAL); }).count(), 2);
  EXPECT_EQ(list([](auto& r) { r.set_kind(pb::ENTRY_KIND_AUTOMATIC); }).count(), 2);
  EXPECT_EQ(list([](auto& r) { r.set_method("7"); }).total().ore(), 25000);
  EXPECT_EQ(list([](auto& r) {
              r.set_invoice_from(10001001);
              r.set_invoice_to(10001001);
            })
                .total()
                .ore(),
            125000);
  EXPECT_EQ(list([](auto& r) {
              r.set_due_from("2026-11-01");
              r.set_due_to("2026-11-30");
            }).count(),
            2);
  EXPECT_EQ(list([](auto& r) { r.set_transaction_from("2026-11-19"); }).count(), 2);
  EXPECT_EQ(list([](auto& r) { r.set_posting_from("2026-11-01"); }).count(), 2);
  EXPECT_EQ(list([](auto& r) {
              r.set_company_from(2);
              r.set_company_to(5);
            }).count(),
            0);

  // Bad selections write nothing and say why.
  for (auto edit : std::vector<std::function<void(pb::PaymentListRequest&)>>{
           [](auto& r) { r.set_entry_from("2026-13-01"); },
           [](auto& r) {
             r.set_due_from("2026-12-01");
             r.set_due_to("2026-11-01");
           },
           [](auto& r) { r.set_company_from(1000); },
           [](auto& r) { r.set_kind(static_cast<pb::EntryKind>(9)); }}) {
    pb::PaymentListRequest r;
    edit(r);
    grpc::ClientContext ctx;
    pb::PaymentListResponse out;
    EXPECT_EQ(ledger_.stub().PaymentList(&ctx, r, &out).error_code(), grpc::INVALID_ARGUMENT);
  }

  // The watch list: the file's payment on 10001002, which carries a watch text.
  grpc::ClientContext wctx;
  pb::WatchSignalsResponse signals;
  ASSERT_TRUE(ledger_.stub().WatchSignals(&wctx, pb::PaymentListRequest(), &signals).ok());
  ASSERT_EQ(signals.signals_size(), 1);
  EXPECT_EQ(signals.signals(0).invoice_number(), 10001002);
  EXPECT_EQ(signals.signals(0).watch_text(), "Betalningsföreläggande");
  EXPECT_EQ(signals.signals(0).amount().ore(), 125000);

  // The forecast: open balances by due date (10001001 and 10001002 are paid).
  grpc::ClientContext fctx;
  pb::ForecastResponse forecast;
  ASSERT_TRUE(ledger_.stub().Forecast(&fctx, pb::ForecastRequest(), &forecast).ok());
  ASSERT_EQ(forecast.rows_size(), 2);
  EXPECT_EQ(forecast.rows(0).due_date(), "2026-11-30");
  EXPECT_EQ(forecast.rows(0).amount().ore(), 100000);
  EXPECT_EQ(forecast.rows(1).due_date(), "2026-12-31");
  EXPECT_EQ(forecast.total().ore(), 225000);
  pb::ForecastRequest fr;
  fr.set_routine_from(2);  // 020002001 is routine 02
  grpc::ClientContext fctx2;
  ASSERT_TRUE(ledger_.stub().Forecast(&fctx2, fr, &forecast).ok());
  EXPECT_EQ(forecast.total().ore(), 125000);

  // Issue 23, item 9: a posting run gives the manual entries it handed over their posting date
  // (the file's rows keep their fetch day); an entry after the run is not yet posted.
  auto run = L::With<pb::RunPostingsRequest>("post-run");
  run.set_posting_date("2026-11-20");
  ASSERT_TRUE(ledger_.Call(&S::RunPostings, run).ok());
  auto late = L::With<pb::RecordPaymentRequest>("manual-after-run");
  late.set_invoice_number(10001003);
  late.set_amount_ore(1000);
  late.set_method("1");
  late.set_transaction_date("2026-11-20");
  ASSERT_TRUE(ledger_.Call(&S::RecordPayment, late).ok());
  pb::PaymentListResponse posted = list([](pb::PaymentListRequest&) {});
  ASSERT_EQ(posted.count(), 5);
  EXPECT_EQ(posted.rows(0).posting_date(), "2026-11-20");  // manual, handed over by the run
  EXPECT_EQ(posted.rows(1).posting_date(), "2026-11-20");  // the credit too
  EXPECT_FALSE(posted.rows(0).automatic());
  EXPECT_EQ(posted.rows(4).transaction_date(), "2026-11-20");
  EXPECT_TRUE(posted.rows(4).posting_date().empty());  // after the run: ej bokförd
  EXPECT_EQ(list([](auto& r) { r.set_posting_from("2026-11-01"); }).count(), 4);
  EXPECT_EQ(list([](auto& r) {
              r.set_posting_from("2026-11-20");
              r.set_posting_to("2026-11-20");
              r.set_kind(pb::ENTRY_KIND_MANUAL);
            })
                .total()
                .ore(),
            50000 + 25000);
}

}  // namespace
}  // namespace reskontra
