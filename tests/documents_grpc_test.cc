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

}  // namespace
}  // namespace reskontra
