// The audit RPCs: the saldolista and kundfordringar on both time axes, the streamed CSV/XLSX
// export equal to the replay's, bad axes and selections refused, the trail and the chain head.
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "replay/asof.h"
#include "replay/export.h"
#include "tests/grpc_fixture.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT
using L = InProcessLedger;
using S = pb::Ledger::Stub;

constexpr int64_t kInv = 10001001;

class AuditGrpcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ledger_.SeedInvoice(kInv, 125000, 3041);
    auto pay = L::With<pb::RecordPaymentRequest>("payment");  // registered 11-20 10:00
    pay.set_invoice_number(kInv);
    pay.set_amount_ore(50000);
    pay.set_transaction_date("2026-10-15");
    ASSERT_TRUE(ledger_.Call(&S::RecordPayment, pay).ok());
    ledger_.clock().Set(TestNow() + absl::Hours(2));
    auto credit = L::With<pb::CreditInvoiceRequest>("credit");
    credit.set_invoice_number(kInv);
    credit.set_amount_ore(10000);
    credit.set_credit_note_number("K1");
    ASSERT_TRUE(ledger_.Call(&S::CreditInvoice, credit).ok());
  }
  pb::SaldolistaResponse List(const std::string& effective, const std::string& known_at,
                              grpc::StatusCode want = grpc::OK) {
    pb::SaldolistaRequest r;
    r.mutable_as_of()->set_effective_on(effective);
    r.mutable_as_of()->set_known_at(known_at);
    pb::SaldolistaResponse out;
    grpc::Status s = ledger_.Call(&S::Saldolista, r, &out);
    EXPECT_EQ(s.error_code(), want) << s.error_message();
    return out;
  }
  std::string Export(const pb::ExportRequest& r, grpc::StatusCode want = grpc::OK) {
    grpc::ClientContext ctx;
    grpc::Status s;
    std::string bytes = ReadChunks(*ledger_.stub().Export(&ctx, r), &s);
    EXPECT_EQ(s.error_code(), want) << s.error_message();
    return bytes;
  }

  TempDir dir_;
  L ledger_{dir_.path()};
};

TEST_F(AuditGrpcTest, SaldolistaOnBothAxes) {
  pb::SaldolistaResponse live = List("", "");
  ASSERT_EQ(live.rows_size(), 1);
  EXPECT_EQ(live.rows(0).amounts().invoiced().ore(), 125000);
  EXPECT_EQ(live.rows(0).amounts().paid().ore(), -60000);
  EXPECT_EQ(live.rows(0).amounts().balance().ore(), 65000);
  EXPECT_EQ(live.rows(0).name(), "Anna Lindqvist");
  EXPECT_EQ(live.total().amounts().balance().kronor(), "650,00");
  EXPECT_EQ(live.position(), ledger_.Head());
  EXPECT_EQ(List("2026-10-14", "").rows(0).amounts().balance().ore(), 125000);
  EXPECT_EQ(List("2026-10-15", "").rows(0).amounts().balance().ore(), 75000);
  EXPECT_EQ(List("2026-09-30", "").rows_size(), 0);
  pb::SaldolistaResponse known = List("", "2026-11-20T11:00:00Z");
  EXPECT_EQ(known.rows(0).amounts().balance().ore(), 75000);  // the credit came at 12:00
  EXPECT_LT(known.position(), ledger_.Head());
  EXPECT_EQ(List("2026-10-14", "2026-11-20T11:00:00Z").rows(0).amounts().balance().ore(), 125000);
  EXPECT_EQ(List("", "2026-11-20T09:00:00Z").rows_size(), 0);  // before anything was recorded
}

// Issue 27: the server pages the list. Pages of 2 in order make the whole list; each carries
// every row's totals and how many rows there are.
TEST_F(AuditGrpcTest, TheSaldolistaIsPagedOnTheServer) {
  for (int64_t n = kInv + 1; n <= kInv + 4; ++n) {
    auto inv = L::With<pb::IssueInvoiceRequest>(absl::StrCat("invoice-", n));
    inv.set_invoice_number(n);
    inv.set_customer_number("10001");
    inv.set_invoice_date("2026-10-01");
    inv.set_due_date("2026-10-31");
    auto* l = inv.add_lines();
    l->set_description("Hyra");
    l->set_net_ore(10000 * (n - kInv));
    l->set_revenue_account(3041);
    ASSERT_TRUE(ledger_.Call(&S::IssueInvoice, inv).ok());
  }
  pb::SaldolistaResponse all = List("", "");
  ASSERT_EQ(all.rows_size(), 5);
  EXPECT_EQ(all.rows_selected(), 5);
  EXPECT_FALSE(all.truncated());
  std::vector<int64_t> paged;
  for (int64_t offset = 0; offset < 6; offset += 2) {
    pb::SaldolistaRequest r;
    r.set_row_offset(offset);
    r.set_row_limit(2);
    pb::SaldolistaResponse page;
    ASSERT_TRUE(ledger_.Call(&S::Saldolista, r, &page).ok());
    EXPECT_EQ(page.row_offset(), offset);
    EXPECT_EQ(page.rows_selected(), 5);
    EXPECT_EQ(page.truncated(), offset + 2 < 5) << offset;
    EXPECT_EQ(page.total().amounts().balance().ore(), all.total().amounts().balance().ore());
    for (const pb::SaldoRow& row : page.rows()) paged.push_back(row.invoice_number());
  }
  std::vector<int64_t> whole;
  for (const pb::SaldoRow& row : all.rows()) whole.push_back(row.invoice_number());
  EXPECT_EQ(paged, whole);
  pb::SaldolistaRequest bad;
  bad.set_row_offset(-1);
  EXPECT_EQ(ledger_.Call(&S::Saldolista, bad).error_code(), grpc::INVALID_ARGUMENT);
  bad = {};
  bad.set_row_limit(20001);
  EXPECT_EQ(ledger_.Call(&S::Saldolista, bad).error_code(), grpc::INVALID_ARGUMENT);
}

TEST_F(AuditGrpcTest, BadAxesAndSelectionsAreRefused) {
  const uint64_t head = ledger_.Head();
  List("2026-13-01", "", grpc::INVALID_ARGUMENT);
  List("1899-01-01", "", grpc::INVALID_ARGUMENT);
  List("", "yesterday", grpc::INVALID_ARGUMENT);
  pb::SaldolistaRequest r;
  r.set_routine_from(120);
  EXPECT_EQ(ledger_.Call(&S::Saldolista, r).error_code(), grpc::INVALID_ARGUMENT);
  r = {};
  r.set_company_from(5);
  r.set_company_to(2);
  EXPECT_EQ(ledger_.Call(&S::Saldolista, r).error_code(), grpc::INVALID_ARGUMENT);
  r = {};
  r.set_code_to(12);
  EXPECT_EQ(ledger_.Call(&S::AgedReceivables, r).error_code(), grpc::INVALID_ARGUMENT);
  pb::ExportRequest e;
  e.set_report(pb::EXPORT_REPORT_KUNDFORDRINGAR);
  e.set_format(pb::EXPORT_FORMAT_XLSX);
  Export(e, grpc::INVALID_ARGUMENT);
  EXPECT_EQ(ledger_.Head(), head);
}

TEST_F(AuditGrpcTest, ExportsEqualTheReplayAndFilterByMethod) {
  pb::ExportRequest e;
  e.mutable_selection()->mutable_as_of()->set_effective_on("2026-10-20");
  const std::string csv = Export(e);
  absl::StatusOr<AsOfResult> fold =
      FoldAsOf(ledger_.core().journal(), ledger_.Head(), {.effective_on = Date(2026, 10, 20)});
  ASSERT_TRUE(fold.ok());
  EXPECT_EQ(csv, SaldolistaCsv(*BuildSaldolista(fold->fold.state(), {}, &fold->fold), false));
  EXPECT_TRUE(absl::StrContains(csv, ";1250.00;0.00;-500.00;750.00\n")) << csv;
  e.set_format(pb::EXPORT_FORMAT_XLSX);
  EXPECT_TRUE(absl::StartsWith(Export(e), "PK"));
  e.set_format(pb::EXPORT_FORMAT_CSV);
  e.set_report(pb::EXPORT_REPORT_KUNDFORDRINGAR);
  EXPECT_TRUE(absl::StrContains(Export(e), "total;;;;1;750.00;0.00;0.00;0.00;0.00;0.00;750.00\n"));
  // A method no payment used selects nothing (and needs the journal fold).
  pb::SaldolistaRequest r;
  r.set_method("Z");
  pb::SaldolistaResponse out;
  ASSERT_TRUE(ledger_.Call(&S::Saldolista, r, &out).ok());
  EXPECT_EQ(out.rows_size(), 0);
}

TEST_F(AuditGrpcTest, AgedReceivablesOnTheEffectiveDay) {
  pb::SaldolistaRequest r;
  r.mutable_as_of()->set_effective_on("2027-01-15");  // 76 days past the due date
  pb::AgedReceivablesResponse out;
  ASSERT_TRUE(ledger_.Call(&S::AgedReceivables, r, &out).ok());
  EXPECT_EQ(out.on(), "2027-01-15");
  ASSERT_EQ(out.bucket_names_size(), 6);
  EXPECT_EQ(out.total().buckets(3).ore(), 65000);  // 61-90
  ASSERT_EQ(out.customers_size(), 1);
  EXPECT_EQ(out.customers(0).customer_number(), "10001");
}

TEST_F(AuditGrpcTest, TrailAndHead) {
  pb::AuditTrailRequest t;
  t.set_company(1);
  t.set_invoice_number(kInv);
  pb::AuditTrailResponse trail;
  ASSERT_TRUE(ledger_.Call(&S::AuditTrail, t, &trail).ok());
  std::vector<std::string> types;
  for (const pb::JournalEvent& e : trail.events()) {
    types.push_back(e.type());
    EXPECT_EQ(e.actor(), "tester");
  }
  EXPECT_EQ(types, (std::vector<std::string>{"InvoiceIssued", "PaymentReceived", "PaymentAllocated",
                                             "InvoiceCredited"}));
  EXPECT_EQ(trail.events(3).recorded_at().substr(0, 19), "2026-11-20T12:00:00");
  t.set_invoice_number(10009999);
  EXPECT_EQ(ledger_.Call(&S::AuditTrail, t).error_code(), grpc::NOT_FOUND);
  t.set_invoice_number(0);
  EXPECT_EQ(ledger_.Call(&S::AuditTrail, t).error_code(), grpc::INVALID_ARGUMENT);

  pb::GetHeadResponse head;
  ASSERT_TRUE(ledger_.Call(&S::GetHead, pb::GetHeadRequest(), &head).ok());
  pb::VerifyResponse verify;
  ASSERT_TRUE(ledger_.Call(&S::Verify, pb::VerifyRequest(), &verify).ok());
  EXPECT_EQ(head.position(), verify.records());
  EXPECT_EQ(head.hash(), verify.head_hash());
  EXPECT_EQ(head.recorded_at().substr(0, 19), "2026-11-20T12:00:00");
}

TEST_F(AuditGrpcTest, PostingsReconcileAndSie) {
  pb::PostingsRequest pr;
  pr.set_company(1);
  pb::PostingsResponse postings;
  ASSERT_TRUE(ledger_.Call(&S::Postings, pr, &postings).ok());
  // Issue, payment received, allocated, credit: four verifikationer numbered 1..4 in 2026.
  ASSERT_EQ(postings.verifikationer_size(), 4);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(postings.verifikationer(i).number(), i + 1);
  int64_t receivables = 0;
  for (const pb::AccountBalance& b : postings.balances())
    if (b.account() == 1510) receivables = b.balance().ore();
  EXPECT_EQ(receivables, 65000);
  pr.set_date_to("2026-10-14");
  ASSERT_TRUE(ledger_.Call(&S::Postings, pr, &postings).ok());
  EXPECT_EQ(postings.verifikationer_size(), 1);  // only the invoice is dated by then
  pr.set_company(0);
  EXPECT_EQ(ledger_.Call(&S::Postings, pr).error_code(), grpc::INVALID_ARGUMENT);

  pb::ReconcileRequest rr;
  pb::ReconcileResponse rec;
  ASSERT_TRUE(ledger_.Call(&S::Reconcile, rr, &rec).ok());
  EXPECT_TRUE(rec.ok());
  EXPECT_TRUE(rec.sub_ledgers_checked());
  EXPECT_EQ(rec.lines_size(), 4);  // receivables (routine 1), unallocated, förskott, carried
  rr.mutable_as_of()->set_effective_on("2026-10-15");
  ASSERT_TRUE(ledger_.Call(&S::Reconcile, rr, &rec).ok());
  EXPECT_TRUE(rec.ok());
  EXPECT_FALSE(rec.sub_ledgers_checked());
  ASSERT_EQ(rec.lines_size(), 1);
  EXPECT_EQ(rec.lines(0).ledger().ore(), 75000);
  EXPECT_EQ(rec.lines(0).posted().ore(), 75000);
  rr.mutable_as_of()->set_effective_on("2026-02-30");
  EXPECT_EQ(ledger_.Call(&S::Reconcile, rr).error_code(), grpc::INVALID_ARGUMENT);

  pb::ExportRequest e;
  e.set_report(pb::EXPORT_REPORT_SIE);
  e.mutable_selection()->set_company_from(1);
  const std::string sie = Export(e);
  EXPECT_TRUE(absl::StartsWith(sie, "#FLAGGA 0\n")) << sie;
  EXPECT_TRUE(absl::StrContains(sie, "#RAR 0 20260101 20261231\n")) << sie;
  EXPECT_TRUE(absl::StrContains(sie, "#VER \"R\" 1 20261001 ")) << sie;
  EXPECT_TRUE(absl::StrContains(sie, "#UB 0 1510 650.00\n")) << sie;
  e.set_period_from("2025-12-01");
  Export(e, grpc::INVALID_ARGUMENT);  // two fiscal years
  e.set_period_from("");
  e.mutable_selection()->set_company_from(7);
  Export(e, grpc::NOT_FOUND);
}

TEST_F(AuditGrpcTest, AccountPlanAndPeriodClose) {
  pb::GetAccountPlanRequest g;
  g.set_company(1);
  pb::AccountPlan plan;
  ASSERT_TRUE(ledger_.Call(&S::GetAccountPlan, g, &plan).ok());
  EXPECT_EQ(plan.receivables(), 1510);
  EXPECT_EQ(plan.unallocated(), 2893);
  const uint64_t head = ledger_.Head();
  auto set = L::With<pb::SetAccountPlanRequest>("plan-bad");
  set.mutable_plan()->set_receivables(1930);  // the bank's account
  EXPECT_EQ(ledger_.Call(&S::SetAccountPlan, set).error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(ledger_.Head(), head);
  set = L::With<pb::SetAccountPlanRequest>("plan");
  set.mutable_plan()->set_routine(1);
  set.mutable_plan()->set_fee_revenue(3591);
  ASSERT_TRUE(ledger_.Call(&S::SetAccountPlan, set).ok());
  g.set_routine(1);
  ASSERT_TRUE(ledger_.Call(&S::GetAccountPlan, g, &plan).ok());
  EXPECT_EQ(plan.fee_revenue(), 3591);
  EXPECT_EQ(plan.receivables(), 1510);  // a zero field keeps the default
  g.set_company(9);
  EXPECT_EQ(ledger_.Call(&S::GetAccountPlan, g).error_code(), grpc::NOT_FOUND);

  auto close = L::With<pb::ClosePeriodRequest>("close");
  close.set_through("2026-10-31");
  pb::CommandResponse closed;
  ASSERT_TRUE(ledger_.Call(&S::ClosePeriod, close, &closed).ok());
  auto late = L::With<pb::RecordPaymentRequest>("late-payment");
  late.set_invoice_number(kInv);
  late.set_amount_ore(1000);
  late.set_transaction_date("2026-10-30");
  const uint64_t after = ledger_.Head();
  grpc::Status refused = ledger_.Call(&S::RecordPayment, late);
  EXPECT_EQ(refused.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(refused.error_message(), "closed through 2026-10-31"))
      << refused.error_message();
  EXPECT_EQ(ledger_.Head(), after);
  close = L::With<pb::ClosePeriodRequest>("close-future");
  close.set_through("2026-12-31");
  EXPECT_EQ(ledger_.Call(&S::ClosePeriod, close).error_code(), grpc::FAILED_PRECONDITION);
  close = L::With<pb::ClosePeriodRequest>("close-bad");
  close.set_through("31/10/2026");
  EXPECT_EQ(ledger_.Call(&S::ClosePeriod, close).error_code(), grpc::INVALID_ARGUMENT);
}

TEST_F(AuditGrpcTest, StatisticsOverGrpc) {
  pb::StatisticsRequest r;
  r.set_company(1);
  pb::StatisticsResponse out;
  ASSERT_TRUE(ledger_.Call(&S::Statistics, r, &out).ok());
  ASSERT_EQ(out.rows_size(), 3);  // fakturerat, inbetalt, krediterat
  EXPECT_EQ(out.rows(1).action(), "inbetalt");
  EXPECT_EQ(out.rows(1).amount().ore(), 50000);
  EXPECT_EQ(out.rows(1).share_bp(), 4000);
  r.set_routine_from(5);
  r.set_routine_to(2);
  EXPECT_EQ(ledger_.Call(&S::Statistics, r).error_code(), grpc::INVALID_ARGUMENT);
  r = {};
  r.set_company(1);
  r.set_date_from("2026-13-01");
  EXPECT_EQ(ledger_.Call(&S::Statistics, r).error_code(), grpc::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace reskontra

namespace reskontra {
namespace {

using L = InProcessLedger;
using S = pb::Ledger::Stub;

// Rensning over gRPC: the preview writes nothing, the run archives, the live list no longer
// has the claim while a list of an earlier day (both axes) still does; bad requests write nothing.
TEST_F(AuditGrpcTest, ArchiveInvoicesPreviewRunAndEarlierDays) {
  auto pay = L::With<pb::RecordPaymentRequest>("payment-rest");
  pay.set_invoice_number(kInv);
  pay.set_amount_ore(65000);
  pay.set_transaction_date("2026-11-20");
  ASSERT_TRUE(ledger_.Call(&S::RecordPayment, pay).ok());
  ledger_.clock().Set(TestNow() + absl::Hours(48));
  const std::string before_archive = "2026-11-22T11:00:00Z";
  ledger_.clock().Set(TestNow() + absl::Hours(50));
  const uint64_t head = ledger_.Head();

  auto req = L::With<pb::ArchiveInvoicesRequest>("archive");
  req.set_paid_before("2026-11-21");
  req.set_preview(true);
  pb::ArchiveInvoicesResponse out;
  ASSERT_TRUE(ledger_.Call(&S::ArchiveInvoices, req, &out).ok());
  EXPECT_EQ(out.invoices_size(), 0);  // paid late, its interest never invoiced: it stays
  req.set_include_uninvoiced_interest(true);
  ASSERT_TRUE(ledger_.Call(&S::ArchiveInvoices, req, &out).ok());
  ASSERT_EQ(out.invoices_size(), 1);
  EXPECT_TRUE(out.preview());
  EXPECT_EQ(out.invoices(0).invoice_number(), kInv);
  EXPECT_EQ(out.invoices(0).name(), "Anna Lindqvist");
  EXPECT_EQ(out.invoices(0).slutbetald(), "2026-11-20");
  EXPECT_EQ(ledger_.Head(), head);

  for (auto bad : {std::function<void(pb::ArchiveInvoicesRequest&)>(
                       [](pb::ArchiveInvoicesRequest& r) { r.set_paid_before(""); }),
                   std::function<void(pb::ArchiveInvoicesRequest&)>(
                       [](pb::ArchiveInvoicesRequest& r) { r.add_keep_codes(12); }),
                   std::function<void(pb::ArchiveInvoicesRequest&)>(
                       [](pb::ArchiveInvoicesRequest& r) { r.set_paid_before("2027-01-01"); }),
                   std::function<void(pb::ArchiveInvoicesRequest&)>(
                       [](pb::ArchiveInvoicesRequest& r) { r.set_routine_from(5), r.set_routine_to(3); })}) {
    pb::ArchiveInvoicesRequest b = req;
    b.set_preview(false);
    b.mutable_ctx()->set_command_id("test-command-archive-bad");
    bad(b);
    EXPECT_EQ(ledger_.Call(&S::ArchiveInvoices, b).error_code(), grpc::INVALID_ARGUMENT);
  }
  EXPECT_EQ(ledger_.Head(), head);

  req.set_preview(false);
  ASSERT_TRUE(ledger_.Call(&S::ArchiveInvoices, req, &out).ok());
  EXPECT_FALSE(out.preview());
  ASSERT_EQ(out.invoices_size(), 1);
  EXPECT_EQ(out.result().first_position(), head + 1);
  pb::ArchiveInvoicesResponse again;
  ASSERT_TRUE(ledger_.Call(&S::ArchiveInvoices, req, &again).ok());
  EXPECT_TRUE(again.result().replayed());
  EXPECT_EQ(again.invoices(0).invoice_number(), kInv);

  pb::SaldolistaRequest all;
  all.set_include_paid(true);
  pb::SaldolistaResponse list;
  ASSERT_TRUE(ledger_.Call(&S::Saldolista, all, &list).ok());
  EXPECT_EQ(list.rows_size(), 0);
  all.mutable_as_of()->set_effective_on("2026-10-15");
  ASSERT_TRUE(ledger_.Call(&S::Saldolista, all, &list).ok());
  ASSERT_EQ(list.rows_size(), 1);
  EXPECT_EQ(list.rows(0).amounts().balance().ore(), 75000);
  all.mutable_as_of()->set_effective_on("");
  all.mutable_as_of()->set_known_at(before_archive);
  ASSERT_TRUE(ledger_.Call(&S::Saldolista, all, &list).ok());
  ASSERT_EQ(list.rows_size(), 1);
  EXPECT_EQ(list.rows(0).amounts().balance().ore(), 0);
  auto credit = L::With<pb::CreditInvoiceRequest>("credit-archived");
  credit.set_invoice_number(kInv);
  credit.set_amount_ore(100);
  credit.set_credit_note_number("K9");
  EXPECT_EQ(ledger_.Call(&S::CreditInvoice, credit).error_code(), grpc::FAILED_PRECONDITION);
  // Archived claims still count in the profitability statistics.
  pb::ProfitabilityRequest profit;
  profit.set_company(1);
  pb::ProfitabilityResponse rows;
  ASSERT_TRUE(ledger_.Call(&S::Profitability, profit, &rows).ok());
  ASSERT_GT(rows.rows_size(), 0);
  EXPECT_TRUE(rows.rows(rows.rows_size() - 1).grand_total());
  EXPECT_EQ(rows.rows(rows.rows_size() - 1).invoices(), 1);
  EXPECT_EQ(rows.rows(rows.rows_size() - 1).invoiced().ore(), 125000);
}

TEST_F(AuditGrpcTest, ProfitabilityOverGrpc) {
  pb::ProfitabilityRequest r;
  r.set_company(1);
  r.set_on("2026-11-20");
  pb::ProfitabilityResponse out;
  ASSERT_TRUE(ledger_.Call(&S::Profitability, r, &out).ok());
  ASSERT_EQ(out.rows_size(), 3);  // paper 1000-, the paper total, the grand total
  EXPECT_EQ(out.rows(0).size_bucket(), "1000-");
  EXPECT_EQ(out.rows(0).channel(), pb::DELIVERY_CHANNEL_PAPER);
  EXPECT_EQ(out.rows(0).letter_costs().ore(), 700);
  EXPECT_EQ(out.rows(1).size_bucket(), "alla");
  // 750 kr of capital past due for 20 days (10-31 .. 11-20; 500 kr was paid on 10-15, the credit
  // came on 11-20) × 4 % / 365 = 164.38 öre.
  EXPECT_EQ(out.rows(2).interest_cost().ore(), 164);
  EXPECT_EQ(out.on(), "2026-11-20");
  for (auto bad :
       {std::function<void(pb::ProfitabilityRequest&)>(
            [](pb::ProfitabilityRequest& x) { x.set_funding_rate_bp(-1); }),
        std::function<void(pb::ProfitabilityRequest&)>(
            [](pb::ProfitabilityRequest& x) { x.set_paper_letter_ore(-700); }),
        std::function<void(pb::ProfitabilityRequest&)>([](pb::ProfitabilityRequest& x) { x.set_company(0); }),
        std::function<void(pb::ProfitabilityRequest&)>(
            [](pb::ProfitabilityRequest& x) { x.set_on("2026-02-30"); })}) {
    pb::ProfitabilityRequest b = r;
    bad(b);
    EXPECT_EQ(ledger_.Call(&S::Profitability, b).error_code(), grpc::INVALID_ARGUMENT);
  }
}

// Uppdatera bokföring over gRPC: preview, run, a retry replays, nothing new is refused, and the
// verifikationer carry their bokföringsdatum.
TEST_F(AuditGrpcTest, PostingRunsOverGrpc) {
  auto req = L::With<pb::RunPostingsRequest>("post-run");
  req.set_posting_date("2026-11-20");
  req.set_preview(true);
  pb::RunPostingsResponse out;
  const uint64_t head = ledger_.Head();
  ASSERT_TRUE(ledger_.Call(&S::RunPostings, req, &out).ok());
  EXPECT_TRUE(out.preview());
  EXPECT_EQ(out.run().from_position(), 1u);
  EXPECT_EQ(out.run().to_position(), head);
  EXPECT_GT(out.run().verifikationer(), 0);
  EXPECT_EQ(ledger_.Head(), head);
  req.set_preview(false);
  ASSERT_TRUE(ledger_.Call(&S::RunPostings, req, &out).ok());
  EXPECT_EQ(out.result().first_position(), head + 1);
  pb::RunPostingsResponse again;
  ASSERT_TRUE(ledger_.Call(&S::RunPostings, req, &again).ok());
  EXPECT_TRUE(again.result().replayed());
  EXPECT_EQ(again.run().to_position(), head);
  auto next = L::With<pb::RunPostingsRequest>("post-run-2");
  EXPECT_EQ(ledger_.Call(&S::RunPostings, next).error_code(), grpc::FAILED_PRECONDITION);
  next.set_posting_date("2027-01-01");  // after today
  EXPECT_EQ(ledger_.Call(&S::RunPostings, next).error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(ledger_.Head(), head + 1);
  pb::PostingsRequest postings;
  postings.set_company(1);
  pb::PostingsResponse listed;
  ASSERT_TRUE(ledger_.Call(&S::Postings, postings, &listed).ok());
  ASSERT_GT(listed.verifikationer_size(), 0);
  for (const pb::Verifikation& v : listed.verifikationer()) EXPECT_EQ(v.posting_date(), "2026-11-20");
}

// The known-at list served from a projection snapshot equals the one replayed from the start.
TEST_F(AuditGrpcTest, KnownAtFromASnapshotEqualsTheReplay) {
  const pb::SaldolistaResponse replayed = List("", "2026-11-20T13:00:00Z");
  ASSERT_TRUE(ledger_.core().projection().TakeSnapshot().ok());
  ASSERT_EQ(ledger_.core().projection().Snapshots().size(), 1u);
  auto pay = L::With<pb::RecordPaymentRequest>("payment-after-snapshot");
  pay.set_invoice_number(kInv);
  pay.set_amount_ore(1000);
  ledger_.clock().Set(TestNow() + absl::Hours(5));
  ASSERT_TRUE(ledger_.Call(&S::RecordPayment, pay).ok());
  EXPECT_EQ(List("", "2026-11-20T13:00:00Z").SerializeAsString(), replayed.SerializeAsString());
  EXPECT_EQ(List("", "2026-11-20T16:00:00Z").rows(0).amounts().balance().ore(), 64000);
  EXPECT_EQ(List("", "2026-11-20T11:00:00Z").rows(0).amounts().balance().ore(), 75000);  // before it
}

}  // namespace
}  // namespace reskontra
