// Issue 25 through the gRPC handlers: a printed document is recorded in the journal with the
// SHA-256 of its bytes (DocumentProduced), and ReprintDocument renders it again from the
// position it was made from: the same bytes whatever happened to the invoice since, or an error.
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "journal/record.h"
#include "tests/grpc_fixture.h"
#include "tests/pdf_text.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT
using S = pb::Ledger::Stub;
using L = InProcessLedger;

constexpr InvoiceNumber kInv = 20001001;

class DocumentsGrpcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ledger_.SeedInvoice(kInv, 100000, 3012);
    auto settings = L::With<pb::SetPaymentSettingsRequest>("settings");
    settings.set_bankgiro("9912346");
    ASSERT_TRUE(ledger_.Call(&S::SetPaymentSettings, settings).ok());
  }
  std::string Print(pb::PrintInvoiceDocumentRequest::Kind kind, grpc::Status* status,
                    pb::DocumentReceipt* receipt, const std::string& handler = "", InvoiceNumber n = kInv) {
    pb::PrintInvoiceDocumentRequest r;
    r.set_company(1);
    r.set_invoice_number(n);
    r.set_kind(kind);
    r.set_handler(handler);
    r.set_actor("tester");
    grpc::ClientContext ctx;
    return ReadChunks(*ledger_.stub().PrintInvoiceDocument(&ctx, r), status, receipt);
  }
  std::string Reprint(uint64_t position, grpc::Status* status, int company = 1) {
    pb::ReprintDocumentRequest r;
    r.set_company(company);
    r.set_position(position);
    grpc::ClientContext ctx;
    pb::DocumentReceipt receipt;
    std::string bytes = ReadChunks(*ledger_.stub().ReprintDocument(&ctx, r), status, &receipt);
    if (status->ok()) EXPECT_EQ(receipt.position(), position);
    return bytes;
  }
  uint64_t Head() { return ledger_.Head(); }
  // Riksbanken's reference rate from 2026-07-01 (plans and runs compute interest).
  void ReferenceRate() {
    auto rate = L::With<pb::SetReferenceRateRequest>("rate", 0);
    rate.set_effective("2026-07-01");
    rate.set_rate_bp(200);
    rate.set_source("Riksbanken");
    grpc::Status s = ledger_.Call(&S::SetReferenceRate, rate);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  TempDir dir_;
  L ledger_{dir_.path()};
};

TEST_F(DocumentsGrpcTest, ACopyIsRecordedWithItsHashAndReprintsTheSameBytes) {
  const uint64_t before = Head();
  grpc::Status s;
  pb::DocumentReceipt receipt;
  const std::string pdf = Print(pb::PrintInvoiceDocumentRequest::COPY, &s, &receipt, "Anna Lind");
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(receipt.position(), before + 1);
  EXPECT_EQ(receipt.sha256(), HashToHex(Sha256(pdf)));
  EXPECT_EQ(receipt.bytes(), static_cast<int64_t>(pdf.size()));
  EXPECT_EQ(receipt.pages(), 1);
  const std::string text = PdfText(pdf);
  for (const char* want :
       {"FAKTURAKOPIA", "Anna Lind", "Anna Lindqvist", "020001001", "1 000,00", "991-2346"})
    EXPECT_TRUE(absl::StrContains(text, want)) << "missing '" << want << "' in:\n" << text;

  // The journal says what was produced, from which position, about which claim, with which hash.
  absl::StatusOr<JournalRecord> record = ledger_.core().journal().Read(receipt.position());
  ASSERT_TRUE(record.ok()) << record.status();
  const auto* d = std::get_if<DocumentProduced>(&record->event.body);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->kind, ProducedDocument::kInvoiceCopy);
  EXPECT_EQ(d->source_position, before);
  EXPECT_EQ(d->invoices, std::vector<InvoiceNumber>{kInv});
  EXPECT_EQ(d->handler, "Anna Lind");
  EXPECT_EQ(d->sha256, receipt.sha256());
  EXPECT_EQ(record->event.meta.actor, "tester");

  // A payment changes the invoice; the recorded copy still reprints as it was sent, after a
  // restart too, while a new copy shows the new balance.
  auto pay = L::With<pb::RecordPaymentRequest>("pay-300");
  pay.set_invoice_number(kInv);
  pay.set_amount_ore(30000);
  ASSERT_TRUE(ledger_.Call(&S::RecordPayment, pay).ok());
  EXPECT_EQ(Reprint(receipt.position(), &s), pdf);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ledger_.Restart();
  EXPECT_EQ(Reprint(receipt.position(), &s), pdf);
  ASSERT_TRUE(s.ok()) << s.error_message();
  pb::DocumentReceipt second;
  const std::string now = Print(pb::PrintInvoiceDocumentRequest::COPY, &s, &second);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_NE(now, pdf);
  EXPECT_TRUE(absl::StrContains(PdfText(now), "återstår 700,00 kr"));
  EXPECT_GT(second.position(), receipt.position());

  // Only a document's record reprints, and only for its own company.
  Reprint(1, &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  Reprint(receipt.position(), &s, 2);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  Reprint(Head() + 1, &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
}

// A reprint starts from the nearest projection snapshot before the document's position and
// folds only the records after it: the same bytes as printed.
TEST_F(DocumentsGrpcTest, AReprintStartsFromTheNearestSnapshot) {
  ASSERT_TRUE(ledger_.core().projection().TakeSnapshot().ok());
  auto pay = L::With<pb::RecordPaymentRequest>("pay-250");
  pay.set_invoice_number(kInv);
  pay.set_amount_ore(25000);
  ASSERT_TRUE(ledger_.Call(&S::RecordPayment, pay).ok());
  grpc::Status s;
  pb::DocumentReceipt receipt;
  const std::string pdf = Print(pb::PrintInvoiceDocumentRequest::COPY, &s, &receipt);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(absl::StrContains(PdfText(pdf), "återstår 750,00 kr"));
  const auto snapshots = ledger_.core().projection().Snapshots();
  ASSERT_EQ(snapshots.size(), 1u);
  EXPECT_LT(snapshots[0].position + 1, receipt.position() - 1);  // records to fold after it
  EXPECT_EQ(Reprint(receipt.position(), &s), pdf);
  EXPECT_TRUE(s.ok()) << s.error_message();
}

TEST_F(DocumentsGrpcTest, AReplacementInvoiceNeedsADueDateAheadAndBadRequestsWriteNothing) {
  grpc::Status s;
  pb::DocumentReceipt receipt;
  const uint64_t before = Head();
  Print(pb::PrintInvoiceDocumentRequest::REPLACEMENT, &s, &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  Print(pb::PrintInvoiceDocumentRequest::COPY, &s, &receipt, "", 20001999);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  Print(pb::PrintInvoiceDocumentRequest::COPY, &s, &receipt, std::string(31, 'x'));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  pb::PrintInvoiceDocumentRequest r;
  r.set_company(1);
  r.set_invoice_number(kInv);
  r.set_kind(pb::PrintInvoiceDocumentRequest::REPLACEMENT);
  r.set_original_date(true);
  grpc::ClientContext ctx;
  ReadChunks(*ledger_.stub().PrintInvoiceDocument(&ctx, r), &s, &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_EQ(Head(), before);

  auto move = L::With<pb::ChangeDueDateRequest>("move-due");
  move.set_invoice_number(kInv);
  move.set_due_date("2026-12-15");
  ASSERT_TRUE(ledger_.Call(&S::ChangeDueDate, move).ok());
  const std::string pdf = Print(pb::PrintInvoiceDocumentRequest::REPLACEMENT, &s, &receipt);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const std::string text = PdfText(pdf);
  for (const char* want : {"ERSÄTTNINGSFAKTURA", "2026-12-15", "Att betala", "1 000,00"})
    EXPECT_TRUE(absl::StrContains(text, want)) << "missing '" << want << "' in:\n" << text;
  EXPECT_TRUE(absl::StrContains(PdfQrCodes(pdf), "\"ddt\":\"20261215\",\"due\":1000.00"));
  EXPECT_EQ(Reprint(receipt.position(), &s), pdf);
}

// A kreditfaktura and an annulleringsbesked are made from the record of their change: the
// latest by default, an earlier one by its position, each from the state just after it, so
// the same change prints the same bytes (and is recorded once) whenever it is asked for.
TEST_F(DocumentsGrpcTest, CreditNotesAndAnnulmentNoticesComeFromTheirRecords) {
  grpc::Status s;
  pb::DocumentReceipt receipt;
  Print(pb::PrintInvoiceDocumentRequest::CREDIT_NOTE, &s, &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  auto credit = L::With<pb::CreditInvoiceRequest>("credit-200");
  credit.set_invoice_number(kInv);
  credit.set_amount_ore(20000);
  credit.set_credit_note_number("K-17");
  credit.set_remark("Fel antal timmar");
  ASSERT_TRUE(ledger_.Call(&S::CreditInvoice, credit).ok());
  const uint64_t first_credit = Head();
  const std::string first = Print(pb::PrintInvoiceDocumentRequest::CREDIT_NOTE, &s, &receipt, "Per Holm");
  ASSERT_TRUE(s.ok()) << s.error_message();
  std::string text = PdfText(first);
  for (const char* want : {"KREDITFAKTURA", "K-17", "020001001", "Fel antal timmar", "-200,00",
                           "Kvar att betala", "800,00", "Per Holm", "Anna Lindqvist"})
    EXPECT_TRUE(absl::StrContains(text, want)) << "missing '" << want << "' in:\n" << text;
  absl::StatusOr<JournalRecord> record = ledger_.core().journal().Read(receipt.position());
  ASSERT_TRUE(record.ok()) << record.status();
  const auto* d = std::get_if<DocumentProduced>(&record->event.body);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->kind, ProducedDocument::kCreditNote);
  EXPECT_EQ(d->source_position, first_credit);
  EXPECT_EQ(Reprint(receipt.position(), &s), first);
  EXPECT_TRUE(s.ok()) << s.error_message();

  auto again = L::With<pb::CreditInvoiceRequest>("credit-100");
  again.set_invoice_number(kInv);
  again.set_amount_ore(10000);
  ASSERT_TRUE(ledger_.Call(&S::CreditInvoice, again).ok());
  pb::DocumentReceipt latest;
  text = PdfText(Print(pb::PrintInvoiceDocumentRequest::CREDIT_NOTE, &s, &latest, "Per Holm"));
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(absl::StrContains(text, "-100,00")) << text;
  EXPECT_TRUE(absl::StrContains(text, "700,00")) << text;
  EXPECT_FALSE(absl::StrContains(text, "K-17")) << text;

  // The first credit by its position: the same document, already recorded.
  pb::PrintInvoiceDocumentRequest r;
  r.set_company(1);
  r.set_invoice_number(kInv);
  r.set_kind(pb::PrintInvoiceDocumentRequest::CREDIT_NOTE);
  r.set_position(first_credit);
  r.set_handler("Per Holm");
  {
    grpc::ClientContext ctx;
    pb::DocumentReceipt same;
    EXPECT_EQ(ReadChunks(*ledger_.stub().PrintInvoiceDocument(&ctx, r), &s, &same), first);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_TRUE(same.replayed());
    EXPECT_EQ(same.position(), receipt.position());
  }
  // Days later the same credit note is still the same record (it is dated as its credit).
  ledger_.clock().Advance(absl::Hours(72));
  r.set_position(0);
  r.set_kind(pb::PrintInvoiceDocumentRequest::CREDIT_NOTE);
  {
    grpc::ClientContext ctx;
    pb::DocumentReceipt same;
    ReadChunks(*ledger_.stub().PrintInvoiceDocument(&ctx, r), &s, &same);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_TRUE(same.replayed());
    EXPECT_EQ(same.position(), latest.position());
  }
  // A position that is not a credit of this invoice, and a position with a copy: refused,
  // nothing written.
  const uint64_t before = Head();
  r.set_position(first_credit - 1);
  {
    grpc::ClientContext ctx;
    ReadChunks(*ledger_.stub().PrintInvoiceDocument(&ctx, r), &s);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  }
  r.set_kind(pb::PrintInvoiceDocumentRequest::COPY);
  {
    grpc::ClientContext ctx;
    ReadChunks(*ledger_.stub().PrintInvoiceDocument(&ctx, r), &s);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  }
  EXPECT_EQ(Head(), before);

  // Annulment: nothing to print before it; after it, what was annulled and nothing to pay.
  Print(pb::PrintInvoiceDocumentRequest::ANNULMENT_NOTICE, &s, &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  auto annul = L::With<pb::AnnulInvoiceRequest>("annul");
  annul.set_invoice_number(kInv);
  annul.set_remark("Tjänsten utfördes inte");
  ASSERT_TRUE(ledger_.Call(&S::AnnulInvoice, annul).ok());
  const std::string notice = Print(pb::PrintInvoiceDocumentRequest::ANNULMENT_NOTICE, &s, &receipt);
  ASSERT_TRUE(s.ok()) << s.error_message();
  text = PdfText(notice);
  for (const char* want : {"ANNULLERINGSBESKED", "är makulerad", "700,00", "Tjänsten utfördes inte",
                           "Tidigare betalt, krediterat och justerat", "-300,00", "Att betala", "0,00",
                           "Du behöver inte betala något mer"})
    EXPECT_TRUE(absl::StrContains(text, want)) << "missing '" << want << "' in:\n" << text;
  EXPECT_EQ(PdfQrCodes(notice), "");
  EXPECT_EQ(Reprint(receipt.position(), &s), notice);
  EXPECT_TRUE(s.ok()) << s.error_message();
}

// Invoices as sent, in one print file: FAKTURA with its lines, VAT and payment slip; an invoice
// whose kravkod says Ej faktura is left out and named in the receipt (issue 23, item 11), and a
// print of nothing but such invoices is refused without a record.
TEST_F(DocumentsGrpcTest, InvoicesPrintAsSentAndEjFakturaIsLeftOut) {
  constexpr InvoiceNumber kOther = 20001002;
  auto inv = L::With<pb::IssueInvoiceRequest>("invoice-2");
  inv.set_invoice_number(kOther);
  inv.set_customer_number("10001");
  inv.set_invoice_date("2026-11-15");
  inv.set_due_date("2026-12-15");
  auto* l = inv.add_lines();
  l->set_description("Bygglov");
  l->set_net_ore(40000);
  l->set_vat_rate_bp(2500);
  l->set_revenue_account(3012);
  ASSERT_TRUE(ledger_.Call(&S::IssueInvoice, inv).ok());
  auto code = L::With<pb::DefineDunningCodeRequest>("code-3");
  code.mutable_code()->set_code(3);
  code.mutable_code()->set_text("Ej fakt");
  code.mutable_code()->set_no_invoice(true);
  ASSERT_TRUE(ledger_.Call(&S::DefineDunningCode, code).ok());
  auto assign = L::With<pb::AssignDunningCodeRequest>("assign-3");
  assign.set_invoice_number(kInv);
  assign.set_code(3);
  ASSERT_TRUE(ledger_.Call(&S::AssignDunningCode, assign).ok());

  auto print = [this](std::vector<int64_t> numbers, grpc::Status* status, pb::DocumentReceipt* receipt) {
    pb::PrintInvoicesRequest r;
    r.set_company(1);
    for (int64_t n : numbers) r.add_invoice_numbers(n);
    grpc::ClientContext ctx;
    return ReadChunks(*ledger_.stub().PrintInvoices(&ctx, r), status, receipt);
  };
  grpc::Status s;
  pb::DocumentReceipt receipt;
  const std::string pdf = print({kInv, kOther}, &s, &receipt);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(receipt.not_printed_size(), 1);
  EXPECT_TRUE(absl::StrContains(receipt.not_printed(0), "020001001")) << receipt.not_printed(0);
  EXPECT_TRUE(absl::StrContains(receipt.not_printed(0), "Ej faktura")) << receipt.not_printed(0);
  EXPECT_EQ(receipt.pages(), 1);
  const std::string text = PdfText(pdf);
  for (const char* want : {"FAKTURA", "020001002", "Bygglov", "500,00", "Att betala", "moms 25 %", "100,00",
                           "2026-12-15", "991-2346"})
    EXPECT_TRUE(absl::StrContains(text, want)) << "missing '" << want << "' in:\n" << text;
  EXPECT_FALSE(absl::StrContains(text, "020001001")) << text;
  EXPECT_FALSE(absl::StrContains(text, "KOPIA")) << text;
  EXPECT_TRUE(absl::StrContains(PdfQrCodes(pdf), "\"ddt\":\"20261215\",\"due\":500.00")) << PdfQrCodes(pdf);
  absl::StatusOr<JournalRecord> record = ledger_.core().journal().Read(receipt.position());
  ASSERT_TRUE(record.ok()) << record.status();
  const auto* d = std::get_if<DocumentProduced>(&record->event.body);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->kind, ProducedDocument::kInvoices);
  EXPECT_EQ(d->invoices, std::vector<InvoiceNumber>{kOther});
  EXPECT_EQ(Reprint(receipt.position(), &s), pdf);
  EXPECT_TRUE(s.ok()) << s.error_message();

  const uint64_t before = Head();
  print({kInv}, &s, &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), "Ej faktura")) << s.error_message();
  print({kOther, kOther}, &s, &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  print({20001999}, &s, &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  print({}, &s, &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_EQ(Head(), before);

  // Printed after an invoice fee and a payment, the rows still add up to what the slip asks.
  auto fee = L::With<pb::ChargeFeeRequest>("fee-25");
  fee.set_invoice_number(kOther);
  fee.set_kind(pb::CHARGE_KIND_INVOICE_FEE);
  fee.set_amount_ore(2500);
  ASSERT_TRUE(ledger_.Call(&S::ChargeFee, fee).ok());
  auto pay = L::With<pb::RecordPaymentRequest>("pay-100");
  pay.set_invoice_number(kOther);
  pay.set_amount_ore(10000);
  ASSERT_TRUE(ledger_.Call(&S::RecordPayment, pay).ok());
  const std::string later = print({kOther}, &s, &receipt);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const std::string later_text = PdfText(later);
  for (const char* want : {"500,00", "Påförda avgifter och ränta", "25,00", "Betalt, krediterat och avräknat",
                           "-100,00", "Att betala", "425,00"})
    EXPECT_TRUE(absl::StrContains(later_text, want)) << "missing '" << want << "' in:\n" << later_text;
  EXPECT_TRUE(absl::StrContains(PdfQrCodes(later), "\"due\":425.00")) << PdfQrCodes(later);

  // The code lifted, the invoice prints.
  auto lift = L::With<pb::RemoveDunningCodeRequest>("lift-3");
  lift.set_invoice_number(kInv);
  ASSERT_TRUE(ledger_.Call(&S::RemoveDunningCode, lift).ok());
  EXPECT_TRUE(absl::StrContains(PdfText(print({kInv}, &s, &receipt)), "020001001"));
  EXPECT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(receipt.not_printed_size(), 0);
}

// The amortisation plan as a document: the claims, the instalments with what each pays, the
// interest rule, what a missed instalment means and the first instalment's payment slip.
TEST_F(DocumentsGrpcTest, APlanPrintsWithItsInstalments) {
  ReferenceRate();
  auto plan = L::With<pb::CreatePlanRequest>("plan-1");
  plan.set_customer_number("10001");
  plan.add_invoices(kInv);
  plan.set_first_payment("2026-12-31");
  plan.set_last_of_month(true);
  plan.set_monthly_ore(40000);
  plan.set_no_interest(true);
  grpc::Status created = ledger_.Call(&S::CreatePlan, plan);
  ASSERT_TRUE(created.ok()) << created.error_message();
  const uint64_t plan_position = Head();
  auto print = [this](const std::string& id, grpc::Status* status, pb::DocumentReceipt* receipt) {
    pb::PrintPlanRequest r;
    r.set_company(1);
    r.set_customer_number("10001");
    r.set_plan_id(id);
    r.set_handler("Per Holm");
    grpc::ClientContext ctx;
    return ReadChunks(*ledger_.stub().PrintPlan(&ctx, r), status, receipt);
  };
  grpc::Status s;
  pb::DocumentReceipt receipt;
  const std::string pdf = print("test-command-plan-1", &s, &receipt);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const std::string text = PdfText(pdf);
  // 1 000 kr and its interest to the plan date (10 % from 2026-11-03, the due date a Saturday
  // moved to Monday: 18 days, 4,93 kr) in 400 kr a month.
  for (const char* want : {"AMORTERINGSPLAN", "plan-1", "Anna Lindqvist", "020001001", "1 004,93",
                           "upplupen dröjsmålsränta till och med 2026-11-20, 4,93 kr", "1. senast 2026-12-31",
                           "2. senast 2027-01-31", "3. senast 2027-02-28", "400,00", "204,93",
                           "avgifter och upplupen ränta 4,93, kapital 395,07", "Summa delbetalningar",
                           "ingen dröjsmålsränta", "upphör planen", "Per Holm"})
    EXPECT_TRUE(absl::StrContains(text, want)) << "missing '" << want << "' in:\n" << text;
  EXPECT_TRUE(absl::StrContains(PdfQrCodes(pdf), "\"ddt\":\"20261231\",\"due\":400.00")) << PdfQrCodes(pdf);
  absl::StatusOr<JournalRecord> record = ledger_.core().journal().Read(receipt.position());
  ASSERT_TRUE(record.ok()) << record.status();
  const auto* d = std::get_if<DocumentProduced>(&record->event.body);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->kind, ProducedDocument::kAmortisationPlan);
  EXPECT_EQ(d->source_position, plan_position);
  EXPECT_EQ(Reprint(receipt.position(), &s), pdf);
  EXPECT_TRUE(s.ok()) << s.error_message();
  const uint64_t before = Head();
  print("plan-2", &s, &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  EXPECT_EQ(Head(), before);
}

// The inbetalningslista and a kontrollista as printable PDF lists: what the API answers, on A4
// landscape, with nothing recorded.
TEST_F(DocumentsGrpcTest, ListsPrintAsPdf) {
  ReferenceRate();
  auto pay = L::With<pb::RecordPaymentRequest>("pay-300");
  pay.set_invoice_number(kInv);
  pay.set_amount_ore(30000);
  ASSERT_TRUE(ledger_.Call(&S::RecordPayment, pay).ok());
  auto more = L::With<pb::RecordPaymentRequest>("pay-100");
  more.set_invoice_number(kInv);
  more.set_amount_ore(10000);
  ASSERT_TRUE(ledger_.Call(&S::RecordPayment, more).ok());
  const uint64_t before = Head();
  pb::PrintListRequest r;
  r.mutable_inbetalningslista()->set_company_from(1);
  r.mutable_inbetalningslista()->set_company_to(1);
  grpc::Status s;
  std::string pdf;
  {
    grpc::ClientContext ctx;
    pdf = ReadChunks(*ledger_.stub().PrintList(&ctx, r), &s);
  }
  ASSERT_TRUE(s.ok()) << s.error_message();
  std::string text = PdfText(pdf);
  // The day's two payments and their total (a one-row day would have none).
  for (const char* want : {"INBETALNINGSLISTA", "Exempelkommun", "020001001", "inbetalning", "300,00",
                           "100,00", "Summa 2026-11-20", "2 st", "400,00", "2 rader"})
    EXPECT_TRUE(absl::StrContains(text, want)) << "missing '" << want << "' in:\n" << text;

  auto policy = L::With<pb::SetDunningPolicyRequest>("policy");
  policy.mutable_policy()->mutable_reminder1()->set_days(10);
  policy.mutable_policy()->mutable_reminder1()->set_fee_kronor(60);
  policy.mutable_policy()->mutable_reminder1()->set_charged(true);
  policy.mutable_policy()->set_fees_agreed(true);
  ASSERT_TRUE(ledger_.Call(&S::SetDunningPolicy, policy).ok());
  const uint64_t with_policy = Head();
  pb::PrintListRequest k;
  *k.mutable_kontrollista() = L::With<pb::RunDunningRequest>("kontroll");
  k.mutable_kontrollista()->set_run_date("2026-11-20");
  {
    grpc::ClientContext ctx;
    pdf = ReadChunks(*ledger_.stub().PrintList(&ctx, k), &s);
  }
  ASSERT_TRUE(s.ok()) << s.error_message();
  text = PdfText(pdf);
  for (const char* want : {"KONTROLLISTA", "Exempelkommun", "inget är skrivet", "020001001", "Anna Lindqvist",
                           "600,00", "60,00", "1 brev"})
    EXPECT_TRUE(absl::StrContains(text, want)) << "missing '" << want << "' in:\n" << text;
  EXPECT_EQ(Head(), with_policy);
  EXPECT_GT(with_policy, before);
  {
    pb::PrintListRequest none;
    grpc::ClientContext ctx;
    ReadChunks(*ledger_.stub().PrintList(&ctx, none), &s);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  }
}

// A print file larger than one chunk is streamed as it is drawn: every byte arrives, in order,
// in several chunks, and the recorded SHA-256 and size are those of all of them.
TEST_F(DocumentsGrpcTest, ALargePrintFileIsStreamedInChunks) {
  pb::PrintInvoicesRequest r;
  r.set_company(1);
  for (int i = 0; i < 400; ++i) {
    auto inv = L::With<pb::IssueInvoiceRequest>(absl::StrCat("bulk-", i));
    inv.set_invoice_number(20002000 + i);
    inv.set_customer_number("10001");
    inv.set_invoice_date("2026-11-15");
    inv.set_due_date("2026-12-15");
    auto* l = inv.add_lines();
    l->set_description(absl::StrCat("Avgift ", i));
    l->set_net_ore(10000 + i);
    l->set_revenue_account(3012);
    ASSERT_TRUE(ledger_.Call(&S::IssueInvoice, inv).ok());
    r.add_invoice_numbers(20002000 + i);
  }
  grpc::ClientContext ctx;
  auto reader = ledger_.stub().PrintInvoices(&ctx, r);
  std::string bytes;
  int chunks = 0;
  pb::ExportChunk chunk;
  pb::DocumentReceipt receipt;
  while (reader->Read(&chunk)) {
    ++chunks;
    bytes += chunk.data();
    EXPECT_LE(chunk.data().size(), limits::kExportChunkBytes);
    if (chunk.has_document()) receipt = chunk.document();
  }
  grpc::Status s = reader->Finish();
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_GE(chunks, 2);
  EXPECT_GT(bytes.size(), limits::kExportChunkBytes);
  EXPECT_EQ(receipt.bytes(), static_cast<int64_t>(bytes.size()));
  EXPECT_EQ(receipt.sha256(), HashToHex(Sha256(bytes)));
  EXPECT_EQ(receipt.pages(), 400);
  const std::string text = PdfText(bytes);
  EXPECT_TRUE(absl::StrContains(text, "020002000")) << text.substr(0, 500);
  EXPECT_TRUE(absl::StrContains(text, "020002399"));
  grpc::Status again;
  EXPECT_EQ(Reprint(receipt.position(), &again), bytes);
  EXPECT_TRUE(again.ok()) << again.error_message();
}

}  // namespace
}  // namespace reskontra
