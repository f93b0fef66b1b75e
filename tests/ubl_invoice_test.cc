// Issue 26: UBL 2.1 Invoice and CreditNote documents (Peppol BIS Billing 3.0) read as an invoice
// file. The samples in tests/data/peppol/ pass the official CEN and PEPPOL rules (checked with
// Saxon-HE, docs/research/PEPPOL_VALIDATION.md).
#include "formats/ubl_invoice.h"

#include <gtest/gtest.h>

#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace reskontra {
namespace {

std::string Read(const std::string& name) {
  std::ifstream f(absl::StrCat(TEST_DATA_DIR, "/peppol/", name), std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

// The body of a document without its XML declaration, to put several in a batch.
std::string Body(const std::string& doc) { return doc.substr(doc.find("?>") + 2); }

const UblOptions kRoutine2{2, 3041, "SEK"};

void Refused(const std::string& xml, const UblOptions& o, const std::string& part) {
  absl::StatusOr<IncomingInvoiceFile> file = ReadUblInvoices(xml, o);
  ASSERT_FALSE(file.ok()) << part;
  EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(file.status().message(), part)) << file.status();
}

TEST(UblInvoiceTest, APeppolInvoiceBecomesAnInvoiceAndItsBuyerACustomer) {
  absl::StatusOr<IncomingInvoiceFile> file = ReadUblInvoices(Read("se-min-invoice.xml"), kRoutine2);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->format, "UBL");
  ASSERT_EQ(file->invoices.size(), 1u);
  const InvoiceFileInvoice& inv = file->invoices[0];
  EXPECT_EQ(inv.invoice_number, 0);
  EXPECT_EQ(inv.routine, 2);
  EXPECT_EQ(inv.source_id, "2024-0001");
  EXPECT_EQ(inv.invoice_date, Date(2024, 5, 2));
  EXPECT_EQ(inv.due_date, Date(2024, 6, 1));
  EXPECT_EQ(inv.ocr_reference, "20240001");
  EXPECT_EQ(inv.customer_number, "2120000142");
  ASSERT_EQ(inv.lines.size(), 1u);
  EXPECT_EQ(inv.lines[0].description, "Konsulttimme");
  EXPECT_EQ(inv.lines[0].net, Money::FromOre(10000));
  EXPECT_EQ(inv.lines[0].vat_rate_bp, 2500);
  EXPECT_EQ(inv.lines[0].revenue_account, 3041);
  ASSERT_EQ(file->customers.size(), 1u);
  const CustomerDetails& c = file->customers[0].details;
  EXPECT_EQ(c.name, "Köparen AB");
  EXPECT_EQ(c.national_id, "2120000142");
  EXPECT_EQ(c.city, "Göteborg");
  EXPECT_EQ(c.kind, CustomerKind::kOrganisation);
  EXPECT_EQ(c.delivery, DeliveryChannel::kEInvoice);
  // Without a routine the ID must be the ledger's number; without an account nothing is read.
  Refused(Read("se-min-invoice.xml"), {0, 3041, "SEK"},
          "ID '2024-0001' is not an invoice number of the ledger");
  Refused(Read("se-min-invoice.xml"), {2, 0, "SEK"}, "give the 4-digit account");
  const std::string numbered =
      absl::StrReplaceAll(Read("se-min-invoice.xml"), {{"<cbc:ID>2024-0001", "<cbc:ID>020000055"}});
  absl::StatusOr<IncomingInvoiceFile> own = ReadUblInvoices(numbered, {0, 3041, "SEK"});
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_EQ(own->invoices[0].invoice_number, 20000055);
}

TEST(UblInvoiceTest, ACreditNoteIsANegativeInvoiceAndABatchHoldsBoth) {
  const std::string batch =
      absl::StrCat("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Batch>", Body(Read("se-min-invoice.xml")),
                   Body(Read("se-min-creditnote.xml")), "</Batch>");
  UblOptions o = kRoutine2;
  absl::StatusOr<IncomingInvoiceFile> file = ReadUblInvoices(batch, o);
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->invoices.size(), 2u);
  EXPECT_EQ(file->invoices[1].lines[0].net, Money::FromOre(-10000));
  EXPECT_EQ(file->invoices[1].due_date, file->invoices[1].invoice_date);  // a credit is settled at once
  EXPECT_EQ(file->customers.size(), 1u);  // the same buyer, given the same way
  Refused("<?xml version=\"1.0\"?><Batch><Order/></Batch>", o,
          "<Order> is not a UBL 2.1 Invoice or CreditNote");
}

// VAT rounded once per rate, as EN 16931 says (BR-CO-17) and the ledger books it: 25,02 + 10,02
// at 25 % is 8,76 of VAT (line by line 8,77). The sample passes the official rules.
TEST(UblInvoiceTest, VatRoundedPerRateIsTheLedgersVat) {
  absl::StatusOr<IncomingInvoiceFile> file = ReadUblInvoices(Read("se-two-rates-invoice.xml"), kRoutine2);
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->invoices.size(), 1u);
  EXPECT_EQ(file->invoices[0].lines.size(), 3u);
  const std::string per_line = absl::StrReplaceAll(
      Read("se-two-rates-invoice.xml"),
      {{"<cbc:TaxAmount currencyID=\"SEK\">12.76", "<cbc:TaxAmount currencyID=\"SEK\">12.77"},
       {"<cbc:TaxAmount currencyID=\"SEK\">8.76", "<cbc:TaxAmount currencyID=\"SEK\">8.77"},
       {"81.13", "81.14"}});
  Refused(per_line, kRoutine2, "TaxAmount 12,77 does not add up: the lines' VAT is 12,76");
}

// Peppol Invoice Responses: what the buyer answered about which invoice, and why.
TEST(UblInvoiceTest, InvoiceResponsesAreRead) {
  const std::string re = Read("se-invoice-response-re.xml");
  absl::StatusOr<std::vector<InvoiceResponse>> one = ReadInvoiceResponses(re);
  ASSERT_TRUE(one.ok()) << one.status();
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].code, "RE");
  EXPECT_EQ((*one)[0].invoice_id, "020001001");
  EXPECT_EQ((*one)[0].response_id, "IR-2026-0042");
  EXPECT_EQ((*one)[0].issue_date, Date(2026, 12, 4));
  EXPECT_EQ((*one)[0].reason, "Referensen REF-17 saknas hos oss; Fel antal timmar");
  EXPECT_EQ((*one)[0].document_type, "380");
  EXPECT_EQ((*one)[0].sender, "0007:5566778899");
  // A batch of two, the second accepting another invoice.
  const std::string body = Body(re);
  const std::string batch =
      absl::StrCat("<?xml version=\"1.0\"?><Svar>", body,
                   absl::StrReplaceAll(body, {{">RE<", ">AP<"}, {"020001001", "020001002"}}), "</Svar>");
  absl::StatusOr<std::vector<InvoiceResponse>> two = ReadInvoiceResponses(batch);
  ASSERT_TRUE(two.ok()) << two.status();
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[1].code, "AP");
  EXPECT_EQ((*two)[1].invoice_id, "020001002");
  // Refused, naming why: not an Invoice Response, a bad date, hostile XML.
  auto refused = [](const std::string& xml, const std::string& part) {
    absl::StatusOr<std::vector<InvoiceResponse>> r = ReadInvoiceResponses(xml);
    ASSERT_FALSE(r.ok()) << xml;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(absl::StrContains(r.status().message(), part)) << r.status();
  };
  refused(absl::StrReplaceAll(re, {{"invoice_response:3</cbc:CustomizationID>", "x</cbc:CustomizationID>"}}),
          "is not Peppol Invoice Response 3");
  refused(absl::StrReplaceAll(re, {{"<cbc:IssueDate>2026-12-04", "<cbc:IssueDate>2026-13-04"}}), "IssueDate");
  refused("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", "DOCTYPE");
  refused("<a><b/></a>", "is not a UBL ApplicationResponse");
  refused("<a>", "not well-formed");
}

TEST(UblInvoiceTest, TotalsMustAddUpToTheOre) {
  const std::string doc = Read("se-min-invoice.xml");
  Refused(absl::StrReplaceAll(
              doc, {{"<cbc:TaxAmount currencyID=\"SEK\">25.00</cbc:TaxAmount>\n    <cac:TaxSubtotal>",
                     "<cbc:TaxAmount currencyID=\"SEK\">25.01</cbc:TaxAmount>\n    <cac:TaxSubtotal>"}}),
          kRoutine2, "TaxAmount 25,01 does not add up: the lines' VAT is 25,00 (rounded once per rate");
  Refused(absl::StrReplaceAll(doc, {{"<cbc:PayableAmount currencyID=\"SEK\">125.00",
                                     "<cbc:PayableAmount currencyID=\"SEK\">126.00"}}),
          kRoutine2, "PayableAmount 126,00 is not TaxExclusiveAmount + TaxAmount 125,00");
  Refused(absl::StrReplaceAll(doc, {{"<cbc:TaxExclusiveAmount currencyID=\"SEK\">100.00",
                                     "<cbc:TaxExclusiveAmount currencyID=\"SEK\">90.00"}}),
          kRoutine2, "TaxExclusiveAmount 90,00 is not the lines' sum 100,00");
  Refused(
      absl::StrReplaceAll(doc, {{"currencyID=\"SEK\">100.00</cbc:LineExtensionAmount>\n    <cac:Item>",
                                 "currencyID=\"SEK\">100.005</cbc:LineExtensionAmount>\n    <cac:Item>"}}),
      kRoutine2, "fractions of an öre");
  Refused(absl::StrReplaceAll(doc, {{"<cbc:DocumentCurrencyCode>SEK", "<cbc:DocumentCurrencyCode>EUR"}}),
          kRoutine2, "DocumentCurrencyCode 'EUR'");
  Refused(absl::StrReplaceAll(doc, {{"poacc:billing:3.0", "poacc:billing:2.0"}}), kRoutine2,
          "is not Peppol BIS Billing 3.0");
  Refused(absl::StrReplaceAll(doc, {{"<cbc:DueDate>2024-06-01</cbc:DueDate>", ""}}), kRoutine2, "no DueDate");
}

TEST(UblInvoiceTest, HostileXmlIsRefused) {
  Refused("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><x>&b;</x>",
          kRoutine2, "DOCTYPE");
  Refused("<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"file:///etc/passwd\"><x/>", kRoutine2, "DOCTYPE");
  std::string deep =
      "<?xml version=\"1.0\"?><Batch><Invoice "
      "xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">";
  for (int i = 0; i < 100; ++i) deep += "<a>";
  for (int i = 0; i < 100; ++i) deep += "</a>";
  Refused(deep + "</Invoice></Batch>", kRoutine2, "nest deeper");
  Refused("<?xml version=\"1.0\"?><Batch><a><a/></a></Batch>", kRoutine2, "<a> is not a UBL 2.1 Invoice");
  Refused("not xml at all", kRoutine2, "not well-formed XML");
  Refused(Read("se-min-invoice.xml") + "<Invoice", kRoutine2, "not well-formed XML");  // after the document
  Refused("<?xml version=\"1.0\"?><Batch></Batch>", kRoutine2, "holds no UBL Invoice or CreditNote");
}

}  // namespace
}  // namespace reskontra
