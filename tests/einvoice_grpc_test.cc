// Issue 26 through the gRPC handlers: ProduceEInvoices makes Peppol BIS Billing 3.0 UBL files of
// invoices and credits, records them in the journal (DocumentProduced with the SHA-256 of their
// manifest), puts them in the access point's folder, and a reprint makes the same bytes again.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "journal/record.h"
#include "tests/grpc_fixture.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT
using S = pb::Ledger::Stub;
using L = InProcessLedger;

struct Files {
  std::map<std::string, std::string> files;  // by name
  std::string manifest;                      // sha256sum's lines, in the order sent
  pb::DocumentReceipt receipt;
  grpc::Status status;
};

Files ReadFiles(grpc::ClientReader<pb::ExportChunk>& reader) {
  Files out;
  pb::ExportChunk chunk;
  std::vector<std::string> order;
  while (reader.Read(&chunk)) {
    if (!chunk.file_name().empty()) order.push_back(chunk.file_name());
    if (!order.empty()) out.files[order.back()] += chunk.data();
    if (chunk.has_document()) out.receipt = chunk.document();
  }
  out.status = reader.Finish();
  for (const std::string& name : order)
    absl::StrAppend(&out.manifest, HashToHex(Sha256(out.files[name])), "  ", name, "\n");
  return out;
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class EInvoiceGrpcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ledger_.service().set_einvoice_dir(outbox_);
    auto company = L::With<pb::RegisterCompanyRequest>("company");
    company.set_name("Exempelkommun");
    company.set_org_number(Pnr("212000014"));
    Ok(ledger_.Call(&S::RegisterCompany, company));
    auto details = L::With<pb::SetCompanyDetailsRequest>("details");
    details.mutable_details()->set_street("Stadshuset");
    details.mutable_details()->set_postal_code("371 80");
    details.mutable_details()->set_city("Karlskrona");
    details.mutable_details()->set_f_skatt(true);
    details.mutable_details()->set_vat_number("SE212000014201");
    Ok(ledger_.Call(&S::SetCompanyDetails, details));
    auto settings = L::With<pb::SetPaymentSettingsRequest>("settings");
    settings.set_bankgiro("9912346");
    Ok(ledger_.Call(&S::SetPaymentSettings, settings));
    Customer("20001", absl::StrCat("0007:", Pnr("556677889")));
    Customer("20002", "");
    Invoice(20001001, "20001");
    Invoice(20001002, "20001");
    Invoice(20001003, "20002");
  }
  static void Ok(const grpc::Status& s) { ASSERT_TRUE(s.ok()) << s.error_message(); }
  void Customer(const std::string& number, const std::string& peppol_id) {
    auto c = L::With<pb::RegisterCustomerRequest>(absl::StrCat("customer-", number));
    c.set_customer_number(number);
    c.mutable_details()->set_kind(pb::CUSTOMER_KIND_ORGANISATION);
    c.mutable_details()->set_name(absl::StrCat("Bygg ", number, " AB"));
    c.mutable_details()->set_national_id(Pnr(number == "20001" ? "556677889" : "556677123"));
    c.mutable_details()->set_city("Ronneby");
    c.mutable_details()->set_delivery(pb::DELIVERY_CHANNEL_E_INVOICE);
    c.mutable_details()->set_peppol_id(peppol_id);
    Ok(ledger_.Call(&S::RegisterCustomer, c));
  }
  void Invoice(InvoiceNumber n, const std::string& customer) {
    auto inv = L::With<pb::IssueInvoiceRequest>(absl::StrCat("invoice-", n));
    inv.set_invoice_number(n);
    inv.set_customer_number(customer);
    inv.set_invoice_date("2026-11-02");
    inv.set_due_date("2026-12-02");
    inv.mutable_attributes()->set_buyer_reference("REF-17");
    for (auto [text, ore, bp] : {std::tuple{"Bygglov", 400000, 0}, std::tuple{"Kopior", 2502, 2500},
                                 std::tuple{"Porto", 1002, 2500}}) {
      auto* l = inv.add_lines();
      l->set_description(text);
      l->set_net_ore(ore);
      l->set_vat_rate_bp(bp);
      l->set_revenue_account(3041);
    }
    Ok(ledger_.Call(&S::IssueInvoice, inv));
  }
  Files Produce(std::vector<InvoiceNumber> numbers, bool credit_note = false, bool resend = false) {
    pb::ProduceEInvoicesRequest r;
    r.set_company(1);
    for (InvoiceNumber n : numbers) r.add_invoice_numbers(n);
    r.set_credit_note(credit_note);
    r.set_resend(resend);
    r.set_actor("tester");
    grpc::ClientContext ctx;
    return ReadFiles(*ledger_.stub().ProduceEInvoices(&ctx, r));
  }

  TempDir dir_;
  std::string outbox_ = dir_.sub("outbox");
  L ledger_{dir_.sub("ledger")};
};

TEST_F(EInvoiceGrpcTest, EInvoicesAreRecordedPutInTheOutboxAndReproduced) {
  const uint64_t before = ledger_.Head();
  Files made = Produce({20001001, 20001002});
  Ok(made.status);
  ASSERT_EQ(made.files.size(), 2u);
  EXPECT_EQ(made.receipt.sha256(), HashToHex(Sha256(made.manifest)));
  EXPECT_EQ(made.receipt.position(), before + 1);
  const std::string& xml = made.files["020001001-efaktura.xml"];
  for (const char* want : {"<cbc:ID>020001001</cbc:ID>", "<cbc:BuyerReference>REF-17</cbc:BuyerReference>",
                           "SE:BANKGIRO", "<cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>"})
    EXPECT_TRUE(absl::StrContains(xml, want)) << want << " in\n" << xml;
  // In the access point's folder, whole, under the company's number.
  EXPECT_EQ(ReadFile(std::filesystem::path(outbox_) / "1-020001001-efaktura.xml"), xml);
  EXPECT_EQ(ReadFile(std::filesystem::path(outbox_) / "1-020001002-efaktura.xml"),
            made.files["020001002-efaktura.xml"]);
  // The journal says what was made, of what, with which hash; on the claims' streams.
  absl::StatusOr<JournalRecord> record = ledger_.core().journal().Read(made.receipt.position());
  ASSERT_TRUE(record.ok()) << record.status();
  const auto* d = std::get_if<DocumentProduced>(&record->event.body);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->kind, ProducedDocument::kEInvoice);
  EXPECT_EQ(d->invoices, (std::vector<InvoiceNumber>{20001001, 20001002}));
  EXPECT_EQ(d->sha256, made.receipt.sha256());
  EXPECT_EQ(d->source_position, before);
  // Asked again: refused, the buyer would get it twice; with resend, a new record.
  Files again = Produce({20001002});
  EXPECT_EQ(again.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(again.status.error_message(), "020001002 was sent as an e-invoice on"))
      << again.status.error_message();
  Files resent = Produce({20001002}, false, true);
  Ok(resent.status);
  EXPECT_GT(resent.receipt.position(), made.receipt.position());
  // A payment later, and a restart: the recorded e-invoices are made again to the byte.
  auto pay = L::With<pb::RecordPaymentRequest>("pay");
  pay.set_invoice_number(20001001);
  pay.set_amount_ore(100000);
  Ok(ledger_.Call(&S::RecordPayment, pay));
  ledger_.Restart();
  ledger_.service().set_einvoice_dir(outbox_);
  pb::ReprintDocumentRequest reprint;
  reprint.set_company(1);
  reprint.set_position(made.receipt.position());
  grpc::ClientContext ctx;
  Files reproduced = ReadFiles(*ledger_.stub().ReprintDocument(&ctx, reprint));
  Ok(reproduced.status);
  EXPECT_EQ(reproduced.files, made.files);
  // Sent again now, it shows what was paid.
  Files now = Produce({20001001}, false, true);
  Ok(now.status);
  EXPECT_TRUE(
      absl::StrContains(now.files["020001001-efaktura.xml"], "<cbc:PrepaidAmount currencyID=\"SEK\">1000.00"))
      << now.files["020001001-efaktura.xml"];
}

TEST_F(EInvoiceGrpcTest, ACreditNoteAndWhatIsRefused) {
  auto credit = L::With<pb::CreditInvoiceRequest>("credit");
  credit.set_invoice_number(20001002);
  credit.set_amount_ore(50000);
  credit.set_credit_note_number("K-1");
  Ok(ledger_.Call(&S::CreditInvoice, credit));
  Files note = Produce({20001002}, true);
  Ok(note.status);
  ASSERT_EQ(note.files.size(), 1u);
  const std::string& xml = note.files.begin()->second;
  EXPECT_TRUE(absl::StrContains(note.files.begin()->first, "020001002-kreditnota-"))
      << note.files.begin()->first;
  EXPECT_TRUE(absl::StrContains(xml, "<CreditNote")) << xml;
  EXPECT_TRUE(absl::StrContains(xml, "<cbc:PayableAmount currencyID=\"SEK\">500.00")) << xml;

  // Refused, nothing recorded and nothing in the folder: a customer without an e-invoice address,
  // a credit note of an invoice not credited, an unknown invoice, an invoice twice.
  const uint64_t head = ledger_.Head();
  const size_t in_outbox = std::distance(std::filesystem::directory_iterator(outbox_), {});
  Files refused = Produce({20001001, 20001003});
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(
      absl::StrContains(refused.status.error_message(), "customer 20002 has no Peppol participant id"))
      << refused.status.error_message();
  EXPECT_EQ(Produce({20001001}, true).status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Produce({20009999}).status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Produce({20001001, 20001001}).status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Produce({20001001, 20001002}, true).status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ledger_.Head(), head);
  EXPECT_EQ(static_cast<size_t>(std::distance(std::filesystem::directory_iterator(outbox_), {})), in_outbox);

  // The same credit note again is refused too, whatever was recorded since; sent again on
  // purpose, it is a record of its own.
  auto pay = L::With<pb::RecordPaymentRequest>("pay-between");
  pay.set_invoice_number(20001001);
  pay.set_amount_ore(100);
  Ok(ledger_.Call(&S::RecordPayment, pay));
  EXPECT_EQ(Produce({20001002}, true).status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  Files again = Produce({20001002}, true, true);
  Ok(again.status);
  EXPECT_GT(again.receipt.position(), note.receipt.position());
  EXPECT_EQ(again.files, note.files);
  // A customer given its e-invoice address after the credit: the credit note goes to it now.
  auto credit3 = L::With<pb::CreditInvoiceRequest>("credit-3");
  credit3.set_invoice_number(20001003);
  credit3.set_amount_ore(10000);
  Ok(ledger_.Call(&S::CreditInvoice, credit3));
  auto change = L::With<pb::ChangeCustomerRequest>("change-20002");
  change.set_customer_number("20002");
  change.mutable_details()->set_kind(pb::CUSTOMER_KIND_ORGANISATION);
  change.mutable_details()->set_name("Bygg 20002 AB");
  change.mutable_details()->set_national_id(Pnr("556677123"));
  change.mutable_details()->set_city("Ronneby");
  change.mutable_details()->set_peppol_id(absl::StrCat("0007:", Pnr("556677123")));
  Ok(ledger_.Call(&S::ChangeCustomer, change));
  Files later = Produce({20001003}, true);
  Ok(later.status);
  EXPECT_TRUE(absl::StrContains(later.files.begin()->second, Pnr("556677123")))
      << later.files.begin()->second;
  // Reprinted from the journal: the same bytes.
  pb::ReprintDocumentRequest reprint;
  reprint.set_company(1);
  reprint.set_position(later.receipt.position());
  grpc::ClientContext ctx;
  Files reproduced = ReadFiles(*ledger_.stub().ReprintDocument(&ctx, reprint));
  Ok(reproduced.status);
  EXPECT_EQ(reproduced.files, later.files);
  // What the server put in the folder passes the official EN 16931 and Peppol rules.
  Ok(Produce({20001001}).status);
  const int rc =
      std::system(absl::StrCat(SOURCE_DIR, "/scripts/peppol_validate.sh ", outbox_, " >&2").c_str());
  EXPECT_EQ(rc, 0) << "the e-invoices in the access point's folder fail the official rules";
}

}  // namespace
}  // namespace reskontra
