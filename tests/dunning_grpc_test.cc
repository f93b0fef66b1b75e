// Kravverksamhet through the gRPC handlers: the kontrollista writes nothing, a run's receipt
// is the same when a retry replays it, a second run the same day is refused, kravstatus
// survives a restart (projection rows), and the collection export lists what it handed over.
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "journal/record.h"
#include "tests/grpc_fixture.h"
#include "tests/pdf_text.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT
using S = pb::Ledger::Stub;
using L = InProcessLedger;

constexpr InvoiceNumber kInv = 20001001;

class DunningGrpcTest : public ::testing::Test {
 protected:
  void SetUp() override { ledger_.SeedInvoice(kInv, 100000, 3012); }
  void Policy(int demand_base, int r1_days) {
    auto r = L::With<pb::SetDunningPolicyRequest>(absl::StrCat("policy-", demand_base, "-", r1_days));
    pb::DunningPolicy* p = r.mutable_policy();
    p->mutable_reminder1();  // given without days: blank
    if (r1_days >= 0) {
      p->mutable_reminder1()->set_days(r1_days);
      p->mutable_reminder1()->set_fee_kronor(60);
      p->mutable_reminder1()->set_charged(true);
    }
    p->mutable_demand()->set_days(14);
    p->mutable_demand()->set_fee_kronor(180);
    p->mutable_demand()->set_charged(true);
    // No accrued interest on the letters (the default prints it; this ledger has no rates).
    p->mutable_reminder1()->set_print_interest(false);
    p->mutable_demand()->set_print_interest(false);
    p->set_demand_base(demand_base);
    p->set_fees_agreed(true);
    p->set_max_letters_per_month(2);
    p->set_plan_approval_months(12);
    grpc::Status s = ledger_.Call(&S::SetDunningPolicy, r);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  pb::KravStatus Status() {
    pb::DunningStatusRequest r;
    r.set_company(1);
    r.set_invoice_number(kInv);
    grpc::ClientContext ctx;
    pb::KravStatus out;
    EXPECT_TRUE(ledger_.stub().DunningStatus(&ctx, r, &out).ok());
    return out;
  }

  TempDir dir_;
  L ledger_{dir_.path()};
};

// Issue 22, item 2: a policy request sends only what the client chooses; what it leaves out is
// the domain's default (DefaultDunningPolicy), which GetDunningPolicies also shows.
TEST_F(DunningGrpcTest, WhatAPolicyRequestLeavesOutIsTheDomainsDefault) {
  auto r = L::With<pb::SetDunningPolicyRequest>("policy-partial");
  r.mutable_policy()->set_fees_agreed(true);
  r.mutable_policy()->mutable_reminder1()->set_days(12);  // the step's other fields: the default's
  r.mutable_policy()->mutable_reminder2();                // given without days: blank
  ASSERT_TRUE(ledger_.Call(&S::SetDunningPolicy, r).ok());
  pb::GetDunningPoliciesRequest q;
  q.set_company(1);
  pb::GetDunningPoliciesResponse got;
  ASSERT_TRUE(ledger_.Call(&S::GetDunningPolicies, q, &got).ok());
  ASSERT_EQ(got.policies_size(), 1);
  const pb::DunningPolicy& p = got.policies(0);
  const pb::DunningPolicy& d = got.defaults();
  EXPECT_TRUE(p.fees_agreed());
  EXPECT_FALSE(d.fees_agreed());
  EXPECT_EQ(p.reminder1().days(), 12);
  EXPECT_EQ(p.reminder1().fee_kronor(), 60);
  EXPECT_EQ(p.reminder1().fee_kronor(), d.reminder1().fee_kronor());
  EXPECT_TRUE(p.reminder1().charged());
  EXPECT_FALSE(p.reminder2().has_days());
  EXPECT_EQ(p.demand().days(), 14);
  EXPECT_EQ(p.demand().fee_kronor(), 180);
  EXPECT_EQ(p.demand_base(), d.demand_base());
  EXPECT_EQ(p.max_letters_per_month(), d.max_letters_per_month());
  EXPECT_EQ(p.plan_min_total_ore(), 100000);
  EXPECT_EQ(p.plan_fee_kronor(), 170);
  EXPECT_EQ(p.max_runs_per_month(), 2);
  EXPECT_EQ(d.max_runs_per_month(), 2);
  // An explicit zero is a choice, not a gap: no limit on runs.
  auto zero = L::With<pb::SetDunningPolicyRequest>("policy-zero");
  zero.mutable_policy()->set_max_runs_per_month(0);
  ASSERT_TRUE(ledger_.Call(&S::SetDunningPolicy, zero).ok());
  ASSERT_TRUE(ledger_.Call(&S::GetDunningPolicies, q, &got).ok());
  EXPECT_EQ(got.policies(0).max_runs_per_month(), 0);
  EXPECT_FALSE(got.policies(0).fees_agreed());  // left out this time: the default again
  // A fee above lag (1981:739) 4 § over the wire.
  auto high = L::With<pb::SetDunningPolicyRequest>("policy-high");
  high.mutable_policy()->mutable_demand()->set_days(14);
  high.mutable_policy()->mutable_demand()->set_fee_kronor(500);
  const grpc::Status s = ledger_.Call(&S::SetDunningPolicy, high);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("statutory cap of 180,00 kr"), std::string::npos) << s.error_message();
}

TEST_F(DunningGrpcTest, KontrollistaThenRunWhoseReceiptReplays) {
  Policy(1, 10);
  auto run = L::With<pb::RunDunningRequest>("run-1");
  run.set_run_date("2026-11-20");
  run.set_dry_run(true);
  const uint64_t head = ledger_.Head();
  pb::DunningReceipt preview;
  {
    const grpc::Status s = ledger_.Call(&S::RunDunning, run, &preview);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  EXPECT_TRUE(preview.dry_run());
  ASSERT_EQ(preview.letters_size(), 1);
  EXPECT_EQ(preview.letters(0).step(), pb::DUNNING_STEP_REMINDER_1);
  EXPECT_EQ(preview.letters(0).customer_name(), "Anna Lindqvist");
  EXPECT_EQ(ledger_.Head(), head);  // nothing written

  run.set_dry_run(false);
  pb::DunningReceipt receipt, again;
  ASSERT_TRUE(ledger_.Call(&S::RunDunning, run, &receipt).ok());
  EXPECT_FALSE(receipt.dry_run());
  ASSERT_EQ(receipt.letters_size(), 1);
  EXPECT_EQ(receipt.letters(0).fee().ore(), 6000);
  EXPECT_TRUE(receipt.letters(0).fee_charged());
  EXPECT_EQ(receipt.fees_charged().ore(), 6000);
  EXPECT_EQ(receipt.result().last_position() - receipt.result().first_position() + 1, 3u);
  ASSERT_TRUE(ledger_.Call(&S::RunDunning, run, &again).ok());
  EXPECT_TRUE(again.result().replayed());
  EXPECT_EQ(again.letters_size(), 1);
  EXPECT_EQ(again.fees_charged().ore(), 6000);

  const uint64_t after = ledger_.Head();
  auto second = L::With<pb::RunDunningRequest>("run-2");
  second.set_run_date("2026-11-20");
  EXPECT_EQ(ledger_.Call(&S::RunDunning, second).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  second.set_run_date("2026-11-21");
  EXPECT_EQ(ledger_.Call(&S::RunDunning, second).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  second.set_run_date("2026-13-01");
  EXPECT_EQ(ledger_.Call(&S::RunDunning, second).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ledger_.Head(), after);

  pb::KravStatus st = Status();
  EXPECT_EQ(st.reached(), pb::DUNNING_STEP_REMINDER_1);
  EXPECT_EQ(st.next(), pb::DUNNING_STEP_COLLECTION_DEMAND);
  EXPECT_EQ(st.next_date(), "2026-12-04");
  EXPECT_EQ(st.balance().ore(), 106000);
  ledger_.Restart();  // kravstatus comes back from the projection rows
  pb::KravStatus reloaded = Status();
  EXPECT_EQ(reloaded.SerializeAsString(), st.SerializeAsString());

  pb::ListDunningStatusRequest list;
  list.set_company(1);
  list.set_reached(pb::DUNNING_STEP_REMINDER_1);
  grpc::ClientContext ctx;
  pb::ListDunningStatusResponse listed;
  ASSERT_TRUE(ledger_.stub().ListDunningStatus(&ctx, list, &listed).ok());
  EXPECT_EQ(listed.claims_size(), 1);
}

// Issue 25: a run's letters as one PDF, rebuilt from the journal: the same bytes every time,
// after a restart too; a day without a run, or a bad date, is refused.
TEST_F(DunningGrpcTest, TheRunsLettersPrintAsOnePdfTheSameEveryTime) {
  Policy(1, 10);
  auto run = L::With<pb::RunDunningRequest>("run-print");
  run.set_run_date("2026-11-20");
  pb::DunningReceipt receipt;
  ASSERT_TRUE(ledger_.Call(&S::RunDunning, run, &receipt).ok());
  ASSERT_EQ(receipt.letters_size(), 1);
  pb::DocumentReceipt printed;
  auto print = [this, &printed](const std::string& date, grpc::Status* status,
                                std::optional<int> routine = std::nullopt) {
    pb::PrintDunningRunRequest r;
    r.set_company(1);
    r.set_run_date(date);
    if (routine) r.set_routine(*routine);
    grpc::ClientContext ctx;
    return ReadChunks(*ledger_.stub().PrintDunningRun(&ctx, r), status, &printed);
  };
  grpc::Status s;
  const std::string pdf = print("2026-11-20", &s);
  ASSERT_TRUE(s.ok()) << s.error_message();
  // The print file is recorded: the run, its claims, and the hash of the bytes sent; an
  // auditor's reprint from the record gives the same bytes.
  EXPECT_EQ(printed.sha256(), HashToHex(Sha256(pdf)));
  absl::StatusOr<JournalRecord> record = ledger_.core().journal().Read(printed.position());
  ASSERT_TRUE(record.ok()) << record.status();
  const auto* produced = std::get_if<DocumentProduced>(&record->event.body);
  ASSERT_NE(produced, nullptr);
  EXPECT_EQ(produced->kind, ProducedDocument::kDunningLetters);
  EXPECT_EQ(produced->date, Date(2026, 11, 20));
  EXPECT_EQ(produced->routine, -1);
  EXPECT_EQ(produced->invoices, std::vector<InvoiceNumber>{kInv});
  EXPECT_EQ(produced->sha256, printed.sha256());
  {
    pb::ReprintDocumentRequest again;
    again.set_company(1);
    again.set_position(printed.position());
    grpc::ClientContext ctx;
    EXPECT_EQ(ReadChunks(*ledger_.stub().ReprintDocument(&ctx, again), &s), pdf);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  const std::string text = PdfText(pdf);
  for (const char* want : {"PÅMINNELSE", "Anna Lindqvist", "020001001", "60,00", "2026-11-30"})
    EXPECT_NE(text.find(want), std::string::npos) << "missing '" << want << "' in:\n" << text;
  EXPECT_EQ(print("2026-11-20", &s), pdf);
  ledger_.Restart();
  EXPECT_EQ(print("2026-11-20", &s), pdf);
  print("2026-11-19", &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  // The run was made for all routines (0); one for routine 2 was not.
  EXPECT_EQ(print("2026-11-20", &s, 0), pdf);
  print("2026-11-20", &s, 2);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  print("2026-11-31", &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

// One file a letter on request: each file named in its first chunk, the journal records the
// SHA-256 of the files' manifest (sha256sum's format), and the reprint gives the same files.
TEST_F(DunningGrpcTest, OneFileALetterOnRequest) {
  Policy(1, 10);
  auto customer = L::With<pb::RegisterCustomerRequest>("customer-2");
  customer.set_customer_number("10002");
  customer.mutable_details()->set_name("Örjan Åström");
  customer.mutable_details()->set_national_id(Pnr("811228987"));
  grpc::Status registered = ledger_.Call(&S::RegisterCustomer, customer);
  ASSERT_TRUE(registered.ok()) << registered.error_message();
  auto inv = L::With<pb::IssueInvoiceRequest>("invoice-2");
  inv.set_invoice_number(kInv + 1);
  inv.set_customer_number("10002");
  inv.set_invoice_date("2026-10-01");
  inv.set_due_date("2026-10-31");
  auto* l = inv.add_lines();
  l->set_description("Avgift");
  l->set_net_ore(50000);
  l->set_revenue_account(3012);
  ASSERT_TRUE(ledger_.Call(&S::IssueInvoice, inv).ok());
  auto run = L::With<pb::RunDunningRequest>("run-files");
  run.set_run_date("2026-11-20");
  pb::DunningReceipt receipt;
  ASSERT_TRUE(ledger_.Call(&S::RunDunning, run, &receipt).ok());
  ASSERT_EQ(receipt.letters_size(), 2);

  // The files of a stream: name -> bytes, in order, and the receipt.
  auto read = [](grpc::ClientReader<pb::ExportChunk>& reader, grpc::Status* status,
                 pb::DocumentReceipt* got) {
    std::vector<std::pair<std::string, std::string>> files;
    pb::ExportChunk chunk;
    while (reader.Read(&chunk)) {
      if (!chunk.file_name().empty()) files.emplace_back(chunk.file_name(), "");
      if (files.empty()) {
        ADD_FAILURE() << "data before the first file's name";
        continue;
      }
      files.back().second += chunk.data();
      if (chunk.has_document()) *got = chunk.document();
    }
    *status = reader.Finish();
    return files;
  };
  pb::PrintDunningRunRequest r;
  r.set_company(1);
  r.set_run_date("2026-11-20");
  r.set_one_file_per_letter(true);
  grpc::Status s;
  pb::DocumentReceipt printed;
  std::vector<std::pair<std::string, std::string>> files;
  {
    grpc::ClientContext ctx;
    files = read(*ledger_.stub().PrintDunningRun(&ctx, r), &s, &printed);
  }
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].first, "0001-020001001-paminnelse.pdf");
  EXPECT_EQ(files[1].first, "0002-020001002-paminnelse.pdf");
  std::string manifest;
  for (const auto& [name, bytes] : files)
    absl::StrAppend(&manifest, HashToHex(Sha256(bytes)), "  ", name, "\n");
  EXPECT_EQ(printed.sha256(), HashToHex(Sha256(manifest)));
  EXPECT_EQ(printed.pages(), 2);
  EXPECT_TRUE(absl::StrContains(PdfText(files[1].second), "Örjan Åström"));
  EXPECT_FALSE(absl::StrContains(PdfText(files[1].second), "Anna Lindqvist"));
  absl::StatusOr<JournalRecord> record = ledger_.core().journal().Read(printed.position());
  ASSERT_TRUE(record.ok()) << record.status();
  const auto* produced = std::get_if<DocumentProduced>(&record->event.body);
  ASSERT_NE(produced, nullptr);
  EXPECT_EQ(produced->kind, ProducedDocument::kDunningLetterFiles);
  EXPECT_EQ(produced->sha256, printed.sha256());
  EXPECT_EQ(produced->invoices, (std::vector<InvoiceNumber>{kInv, kInv + 1}));
  {
    pb::ReprintDocumentRequest again;
    again.set_company(1);
    again.set_position(printed.position());
    grpc::ClientContext ctx;
    pb::DocumentReceipt reprinted;
    EXPECT_EQ(read(*ledger_.stub().ReprintDocument(&ctx, again), &s, &reprinted), files);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(reprinted.sha256(), printed.sha256());
  }
  // The one print file of the same run is another document with its own record.
  r.set_one_file_per_letter(false);
  pb::DocumentReceipt single;
  grpc::ClientContext ctx;
  const std::string pdf = ReadChunks(*ledger_.stub().PrintDunningRun(&ctx, r), &s, &single);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_NE(single.position(), printed.position());
  EXPECT_EQ(single.pages(), 2);
  EXPECT_EQ(single.sha256(), HashToHex(Sha256(pdf)));
}

// Issue 25, the text register through gRPC: a text stored, listed (after a restart too: the
// company's row), chosen by the policy's text number and printed on the run's letter; a row
// that does not fit is refused when stored.
TEST_F(DunningGrpcTest, ARegisteredTextIsPrintedOnTheLetter) {
  auto text = L::With<pb::SetLetterTextRequest>("text-reminder-3");
  text.mutable_text()->set_kind(pb::LetterText::REMINDER);
  text.mutable_text()->set_number(3);
  text.mutable_text()->add_rows("Vi saknar betalning för faktura {fakturanummer}.");
  text.mutable_text()->add_rows("Betala senast {betala_senast}, tack.");
  ASSERT_TRUE(ledger_.Call(&S::SetLetterText, text).ok());
  auto too_long = L::With<pb::SetLetterTextRequest>("text-too-long");
  *too_long.mutable_text() = text.text();
  too_long.mutable_text()->add_rows(std::string(54, 'x'));
  grpc::Status s = ledger_.Call(&S::SetLetterText, too_long);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_NE(s.error_message().find("row 3 needs 54 characters"), std::string::npos) << s.error_message();

  Policy(1, 10);
  pb::GetDunningPoliciesRequest get;
  get.set_company(1);
  pb::GetDunningPoliciesResponse policies;
  ASSERT_TRUE(ledger_.Call(&S::GetDunningPolicies, get, &policies).ok());
  auto policy = L::With<pb::SetDunningPolicyRequest>("policy-text-3");
  *policy.mutable_policy() = policies.policies(0);
  policy.mutable_policy()->mutable_reminder1()->set_text_number(3);
  s = ledger_.Call(&S::SetDunningPolicy, policy);
  ASSERT_TRUE(s.ok()) << s.error_message();

  ledger_.Restart();
  pb::ListLetterTextsRequest list;
  list.set_company(1);
  pb::ListLetterTextsResponse texts;
  ASSERT_TRUE(ledger_.Call(&S::ListLetterTexts, list, &texts).ok());
  ASSERT_EQ(texts.texts_size(), 1);
  EXPECT_EQ(texts.texts(0).SerializeAsString(), text.text().SerializeAsString());

  auto run = L::With<pb::RunDunningRequest>("run-text");
  run.set_run_date("2026-11-20");
  pb::DunningReceipt receipt;
  ASSERT_TRUE(ledger_.Call(&S::RunDunning, run, &receipt).ok());
  ASSERT_EQ(receipt.letters_size(), 1);
  pb::PrintDunningRunRequest print;
  print.set_company(1);
  print.set_run_date("2026-11-20");
  grpc::ClientContext ctx;
  const std::string text_of_pdf = PdfText(ReadChunks(*ledger_.stub().PrintDunningRun(&ctx, print), &s));
  ASSERT_TRUE(s.ok()) << s.error_message();
  for (const char* want : {"Vi saknar betalning för faktura 020001001. Betala senast 2026-11-30, tack."})
    EXPECT_NE(text_of_pdf.find(want), std::string::npos) << "missing '" << want << "' in:\n" << text_of_pdf;
}

TEST_F(DunningGrpcTest, CollectionExportListsWhatItHandsOver) {
  Policy(9, -1);  // inkassokrav 14 days after the due date, no reminder
  auto run = L::With<pb::RunDunningRequest>("run-demand");
  run.set_run_date("2026-11-20");
  pb::DunningReceipt receipt;
  ASSERT_TRUE(ledger_.Call(&S::RunDunning, run, &receipt).ok());
  ASSERT_EQ(receipt.letters_size(), 1);
  EXPECT_EQ(receipt.letters(0).step(), pb::DUNNING_STEP_COLLECTION_DEMAND);
  auto code = L::With<pb::DefineDunningCodeRequest>("code-9");
  code.mutable_code()->set_code(9);
  code.mutable_code()->set_text("Inkasso");
  code.mutable_code()->set_no_interest(true);
  code.mutable_code()->set_no_demand(true);
  ASSERT_TRUE(ledger_.Call(&S::DefineDunningCode, code).ok());

  auto t = L::With<pb::TransferToCollectionRequest>("transfer");
  t.set_agency("Svea Inkasso");
  t.set_code(9);
  t.set_watch_text("Svea 2026-11");
  t.set_dry_run(true);
  const uint64_t head = ledger_.Head();
  pb::CollectionTransferResponse preview, done;
  ASSERT_TRUE(ledger_.Call(&S::TransferToCollection, t, &preview).ok());
  EXPECT_EQ(ledger_.Head(), head);
  ASSERT_EQ(preview.rows_size(), 1);
  EXPECT_EQ(preview.rows(0).claim().ore(), 118000);
  EXPECT_EQ(preview.rows(0).fees().ore(), 18000);
  EXPECT_EQ(preview.rows(0).national_id(), Pnr("640823238"));
  t.set_dry_run(false);
  ASSERT_TRUE(ledger_.Call(&S::TransferToCollection, t, &done).ok());
  ASSERT_EQ(done.rows_size(), 1);
  EXPECT_EQ(done.rows(0).claim().ore(), 118000);
  EXPECT_EQ(done.rows(0).capital().ore(), 100000);
  EXPECT_EQ(done.rows(0).code(), 9);
  EXPECT_EQ(done.rows(0).watch_text(), "Svea 2026-11");
  EXPECT_EQ(Status().collection_date(), "2026-11-20");
  EXPECT_NE(Status().held_by().find("Svea Inkasso"), std::string::npos);
  // Handed over once only.
  auto twice = L::With<pb::TransferToCollectionRequest>("transfer-2");
  twice.set_agency("Svea Inkasso");
  twice.set_code(9);
  twice.add_invoices(kInv);
  EXPECT_EQ(ledger_.Call(&S::TransferToCollection, twice).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(DunningGrpcTest, BadRequestsWriteNothing) {
  Policy(1, 10);
  const uint64_t head = ledger_.Head();
  auto assign = L::With<pb::AssignDunningCodeRequest>("assign");
  assign.set_invoice_number(kInv);
  assign.set_code(4);
  EXPECT_EQ(ledger_.Call(&S::AssignDunningCode, assign).error_code(), grpc::StatusCode::NOT_FOUND);
  auto clear = L::With<pb::ClearDunningStepRequest>("clear");
  clear.set_invoice_number(kInv);
  EXPECT_EQ(ledger_.Call(&S::ClearDunningStep, clear).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto plan = L::With<pb::CreatePlanRequest>("plan");
  plan.set_customer_number("99999");
  plan.add_invoices(kInv);
  plan.set_first_payment("2026-12-31");
  plan.set_months(3);
  EXPECT_EQ(ledger_.Call(&S::CreatePlan, plan).error_code(), grpc::StatusCode::NOT_FOUND);
  plan.set_customer_number("10001");
  plan.set_months(60);
  EXPECT_EQ(ledger_.Call(&S::CreatePlan, plan).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto deferral = L::With<pb::GrantDeferralRequest>("deferral");
  deferral.set_invoice_number(kInv);
  deferral.set_requested_on("2026-11-05");
  deferral.set_until("2026-12-31");
  deferral.set_reason("sjukdom");
  EXPECT_EQ(ledger_.Call(&S::GrantDeferral, deferral).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  auto order = L::With<pb::ApplyPaymentOrderRequest>("order");
  order.set_national_id("123");
  order.add_claims()->set_invoice_number(kInv);
  EXPECT_EQ(ledger_.Call(&S::ApplyPaymentOrder, order).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ledger_.Head(), head);
}

}  // namespace
}  // namespace reskontra
