// Dröjsmålsränta through gRPC: the preloaded register, the shared register's company 0, the
// explanation with exact öre, the uninvoiced list, a dry run that writes nothing, a run whose
// receipt replays, the once-only rule, and everything back after a restart.
#include <gtest/gtest.h>

#include "services/demo.h"
#include "tests/grpc_fixture.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT
using L = InProcessLedger;
using S = pb::Ledger::Stub;

constexpr int64_t kInv = 10001001;

class InterestGrpcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(PreloadReferenceRates(ledger_.core()).ok());
    ledger_.SeedInvoice(kInv, 1000000, 3041, "2026-01-02", "2026-02-02");
    auto pay = L::With<pb::RecordPaymentRequest>("payment");
    pay.set_invoice_number(kInv);
    pay.set_amount_ore(1000000);
    pay.set_transaction_date("2026-04-01");
    ASSERT_TRUE(ledger_.Call(&S::RecordPayment, pay).ok());
  }
  pb::AccruedInterestResponse Accrued(int64_t n, const std::string& date = "",
                                      grpc::StatusCode want = grpc::OK) {
    pb::AccruedInterestRequest r;
    r.set_company(1);
    r.set_invoice_number(n);
    r.set_date(date);
    pb::AccruedInterestResponse out;
    EXPECT_EQ(ledger_.Call(&S::AccruedInterest, r, &out).error_code(), want);
    return out;
  }
  pb::InterestSelection Period() {
    pb::InterestSelection s;
    s.set_paid_from("2026-01-01");
    s.set_paid_to("2026-10-31");
    return s;
  }

  TempDir dir_;
  L ledger_{dir_.path()};
};

TEST_F(InterestGrpcTest, RegisterIsPreloadedAndSharedByAllCompanies) {
  pb::ListReferenceRatesResponse rates;
  ASSERT_TRUE(ledger_.Call(&S::ListReferenceRates, pb::ListReferenceRatesRequest(), &rates).ok());
  ASSERT_EQ(rates.rates_size(), 21);
  EXPECT_EQ(rates.rates(0).effective(), "2016-01-01");
  EXPECT_EQ(rates.rates(1).rate(), "-0,50");
  EXPECT_EQ(rates.rates(20).effective(), "2026-01-01");
  EXPECT_EQ(rates.rates(20).rate_bp(), 200);
  ASSERT_TRUE(PreloadReferenceRates(ledger_.core()).ok());  // again: nothing new
  const uint64_t head = ledger_.Head();

  auto set = L::With<pb::SetReferenceRateRequest>("rate-h2", 1);
  set.set_effective("2026-07-01");
  set.set_rate_bp(175);
  set.set_source("test");
  EXPECT_EQ(ledger_.Call(&S::SetReferenceRate, set).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ledger_.Head(), head);
  set.mutable_ctx()->set_company(0);
  ASSERT_TRUE(ledger_.Call(&S::SetReferenceRate, set).ok());
  ledger_.Restart();
  ASSERT_TRUE(ledger_.Call(&S::ListReferenceRates, pb::ListReferenceRatesRequest(), &rates).ok());
  ASSERT_EQ(rates.rates_size(), 22);
  EXPECT_EQ(rates.rates(21).rate(), "1,75");

  pb::GetInterestPolicyRequest pr;
  pr.set_company(1);
  pb::GetInterestPolicyResponse policy;
  ASSERT_TRUE(ledger_.Call(&S::GetInterestPolicy, pr, &policy).ok());
  EXPECT_TRUE(policy.is_default());
  EXPECT_EQ(policy.policy().margin_bp(), 800);
  auto sp = L::With<pb::SetInterestPolicyRequest>("policy");
  *sp.mutable_policy() = policy.policy();
  sp.mutable_policy()->set_margin_bp(805);  // one decimal only
  EXPECT_EQ(ledger_.Call(&S::SetInterestPolicy, sp).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // Issue 23, item 2 and issue 22, item 2: interest from the day after the due date by default,
  // and a request that leaves a field out gets the domain's default for it.
  EXPECT_TRUE(policy.policy().from_day_after());
  auto partial = L::With<pb::SetInterestPolicyRequest>("policy-partial");
  partial.mutable_policy()->set_min_interest_kronor(100);
  ASSERT_TRUE(ledger_.Call(&S::SetInterestPolicy, partial).ok());
  ASSERT_TRUE(ledger_.Call(&S::GetInterestPolicy, pr, &policy).ok());
  EXPECT_FALSE(policy.is_default());
  EXPECT_EQ(policy.policy().min_interest_kronor(), 100);
  EXPECT_EQ(policy.policy().margin_bp(), 800);
  EXPECT_TRUE(policy.policy().from_day_after());
  EXPECT_TRUE(policy.policy().estates_exempt());
  EXPECT_EQ(policy.policy().invoice_due_days(), 10);
  EXPECT_EQ(policy.policy().revenue_account(), 8313);
  // The handbook's other reading, chosen explicitly.
  auto from_due = L::With<pb::SetInterestPolicyRequest>("policy-from-due");
  from_due.mutable_policy()->set_from_day_after(false);
  ASSERT_TRUE(ledger_.Call(&S::SetInterestPolicy, from_due).ok());
  ASSERT_TRUE(ledger_.Call(&S::GetInterestPolicy, pr, &policy).ok());
  EXPECT_FALSE(policy.policy().from_day_after());
  EXPECT_EQ(policy.policy().min_interest_kronor(), 0);
}

// Due 02-02, paid 04-01: from the day after the due date, 02-03..04-01 is 58 days ×
// 1 000 000 öre × 10,00 % / 365 = 15 890,410958 öre -> 158,90 kr.
TEST_F(InterestGrpcTest, ExplainsRunsOnceAndSurvivesARestart) {
  pb::AccruedInterestResponse a = Accrued(kInv);
  EXPECT_TRUE(a.definitive());
  EXPECT_EQ(a.end(), "2026-04-01");
  EXPECT_EQ(a.total().ore(), 15890);
  ASSERT_EQ(a.lines_size(), 1);
  EXPECT_EQ(a.lines(0).days(), 58);
  EXPECT_EQ(a.lines(0).rate_bp(), 1000);
  EXPECT_EQ(a.lines(0).exact_ore(), "15890.410958");
  EXPECT_EQ(a.unregistered_half_year(), "");  // 2026-02-02..04-01 lies in a registered half-year
  EXPECT_EQ(Accrued(kInv, "2026-07-01").unregistered_half_year(), "");  // paid 04-01: ends there
  EXPECT_EQ(Accrued(kInv, "2026-02-10").total().ore(), 2192);           // 8 days: 2 191,78
  Accrued(10009999, "", grpc::StatusCode::NOT_FOUND);
  Accrued(kInv, "2026-02-30", grpc::StatusCode::INVALID_ARGUMENT);

  pb::UninvoicedInterestRequest list;
  list.set_company(1);
  *list.mutable_selection() = Period();
  pb::InterestRunResponse listed;
  ASSERT_TRUE(ledger_.Call(&S::UninvoicedInterest, list, &listed).ok());
  ASSERT_EQ(listed.claims_size(), 1);
  EXPECT_EQ(listed.claims(0).amount().ore(), 15890);
  EXPECT_EQ(listed.claims(0).interest_invoice(), 510001001);

  const uint64_t head = ledger_.Head();
  auto run = L::With<pb::InterestRunRequest>("interest-run");
  *run.mutable_selection() = Period();
  run.set_dry_run(true);
  pb::InterestRunResponse preview, receipt, again;
  ASSERT_TRUE(ledger_.Call(&S::RunInterestInvoicing, run, &preview).ok());
  EXPECT_TRUE(preview.dry_run());
  EXPECT_EQ(preview.total().ore(), 15890);
  EXPECT_EQ(ledger_.Head(), head);
  run.set_dry_run(false);
  ASSERT_TRUE(ledger_.Call(&S::RunInterestInvoicing, run, &receipt).ok());
  ASSERT_EQ(receipt.claims_size(), 1);
  EXPECT_EQ(receipt.total().ore(), 15890);
  EXPECT_EQ(receipt.result().last_position() - receipt.result().first_position() + 1, 2u);
  ASSERT_TRUE(ledger_.Call(&S::RunInterestInvoicing, run, &again).ok());
  EXPECT_TRUE(again.result().replayed());
  EXPECT_EQ(again.claims(0).SerializeAsString(), receipt.claims(0).SerializeAsString());

  const uint64_t after = ledger_.Head();
  auto second = L::With<pb::InterestRunRequest>("interest-run-2");
  *second.mutable_selection() = Period();
  EXPECT_EQ(ledger_.Call(&S::RunInterestInvoicing, second).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  auto transfer = L::With<pb::TransferInterestRequest>("transfer");
  *transfer.mutable_selection() = Period();
  EXPECT_EQ(ledger_.Call(&S::TransferInterestToNextInvoice, transfer).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ledger_.Head(), after);

  ledger_.Restart();
  pb::AccruedInterestResponse settled = Accrued(kInv);
  EXPECT_EQ(settled.interest_invoice(), 510001001);
  EXPECT_EQ(settled.invoiced().ore(), 15890);
  pb::GetInvoiceRequest gi;
  gi.set_company(1);
  gi.set_invoice_number(510001001);
  pb::Invoice ii;
  ASSERT_TRUE(ledger_.Call(&S::GetInvoice, gi, &ii).ok());
  EXPECT_EQ(ii.routine(), 51);
  EXPECT_EQ(ii.balance().ore(), 15890);
  EXPECT_EQ(ii.due_date(), "2026-11-30");  // 2026-11-20 + 10
  EXPECT_NE(Accrued(510001001, "2027-06-01").exemption().find("interest invoice"), std::string::npos);
}

// The inkassokrav charges the accrued interest; the kontrollista shows it, the receipt shows
// what was charged, and Subscribe carries the interest events as typed bodies.
TEST_F(InterestGrpcTest, DunningChargesAccruedInterestAndSubscribersSeeTheEvents) {
  auto inv = L::With<pb::IssueInvoiceRequest>("invoice-2");
  inv.set_invoice_number(10001002);
  inv.set_customer_number("10001");
  inv.set_invoice_date("2026-09-01");
  inv.set_due_date("2026-09-30");
  auto* l = inv.add_lines();
  l->set_description("Hyra");
  l->set_net_ore(365000);
  l->set_revenue_account(3041);
  ASSERT_TRUE(ledger_.Call(&S::IssueInvoice, inv).ok());
  auto policy = L::With<pb::SetDunningPolicyRequest>("policy");
  pb::DunningPolicy* p = policy.mutable_policy();
  p->mutable_reminder1();  // blank: the inkassokrav is the first letter
  p->mutable_demand()->set_days(30);
  p->mutable_demand()->set_print_interest(true);
  p->set_demand_base(9);  // 30 days after the due date
  p->set_charge_interest_at_demand(true);
  p->set_max_letters_per_month(2);
  p->set_plan_approval_months(12);
  ASSERT_TRUE(ledger_.Call(&S::SetDunningPolicy, policy).ok());
  auto run = L::With<pb::RunDunningRequest>("run");
  run.set_run_date("2026-11-20");
  run.set_dry_run(true);
  pb::DunningReceipt preview, receipt;
  ASSERT_TRUE(ledger_.Call(&S::RunDunning, run, &preview).ok());
  ASSERT_EQ(preview.letters_size(), 1);
  // From the day after the due date, 10-01..11-20 is 51 days; 3 650 kr at 10,00 % is 1 kr a day.
  EXPECT_EQ(preview.letters(0).accrued_interest().ore(), 5100);
  EXPECT_EQ(preview.letters(0).interest_charged().ore(), 5100);
  pb::AccruedInterestRequest ar;
  ar.set_company(1);
  ar.set_invoice_number(10001002);
  pb::AccruedInterestResponse open;
  ASSERT_TRUE(ledger_.Call(&S::AccruedInterest, ar, &open).ok());
  EXPECT_EQ(open.unregistered_half_year(), "2026-07-01");  // H2 2026 is not preloaded
  auto h2 = L::With<pb::SetReferenceRateRequest>("rate-h2", 0);
  h2.set_effective("2026-07-01");
  h2.set_rate_bp(200);
  h2.set_source("test");
  ASSERT_TRUE(ledger_.Call(&S::SetReferenceRate, h2).ok());
  ASSERT_TRUE(ledger_.Call(&S::AccruedInterest, ar, &open).ok());
  EXPECT_EQ(open.unregistered_half_year(), "");
  run.set_dry_run(false);
  ASSERT_TRUE(ledger_.Call(&S::RunDunning, run, &receipt).ok());
  ASSERT_EQ(receipt.letters_size(), 1);
  EXPECT_EQ(receipt.letters(0).interest_charged().ore(), 5100);
  pb::GetInvoiceRequest gi;
  gi.set_company(1);
  gi.set_invoice_number(10001002);
  pb::Invoice after;
  ASSERT_TRUE(ledger_.Call(&S::GetInvoice, gi, &after).ok());
  EXPECT_EQ(after.interest().ore(), 5100);
  EXPECT_EQ(after.balance().ore(), 365000 + 5100);

  pb::SubscribeRequest sub;
  sub.set_from_position(1);
  sub.set_history_only(true);
  grpc::ClientContext ctx;
  auto reader = ledger_.stub().Subscribe(&ctx, sub);
  pb::JournalEvent e;
  int rates = 0, charged = 0;
  while (reader->Read(&e)) {
    if (e.has_reference_rate_set()) {
      ++rates;
      EXPECT_EQ(e.company(), 0);
      EXPECT_EQ(e.type(), "ReferenceRateSet");
    }
    if (e.has_interest_charged()) ++charged;
  }
  EXPECT_TRUE(reader->Finish().ok());
  EXPECT_EQ(rates, 22);  // the preloaded 21 and 2026-07-01
  EXPECT_EQ(charged, 1);
}

}  // namespace
}  // namespace reskontra
