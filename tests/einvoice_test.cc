// Issue 26: e-invoices out. The ledger's invoices, räntefakturor and credit notes as Peppol BIS
// Billing 3.0 UBL (domain/einvoice.h, formats/ubl_write.h), and every one of them validated with
// the official EN 16931 and Peppol rules (tests/data/peppol/rules, run by Saxon-HE).
#include "domain/einvoice.h"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "formats/ubl_write.h"
#include "tests/domain_fixture.h"
#include "tests/test_util.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT

// What an XPath finds in a document (the first node's text), with the UBL prefixes.
std::string XPath(const std::string& xml, const char* path) {
  xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr, XML_PARSE_NONET);
  if (doc == nullptr) return "<not well-formed>";
  xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
  xmlXPathRegisterNs(ctx, BAD_CAST "cac",
                     BAD_CAST "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2");
  xmlXPathRegisterNs(ctx, BAD_CAST "cbc",
                     BAD_CAST "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2");
  xmlXPathObjectPtr found = xmlXPathEvalExpression(BAD_CAST path, ctx);
  std::string out;
  if (found != nullptr && found->nodesetval != nullptr && found->nodesetval->nodeNr > 0) {
    xmlChar* text = xmlNodeGetContent(found->nodesetval->nodeTab[0]);
    out = reinterpret_cast<const char*>(text);
    xmlFree(text);
  }
  xmlXPathFreeObject(found);
  xmlXPathFreeContext(ctx);
  xmlFreeDoc(doc);
  return out;
}

// Where this run keeps the e-invoices it writes (one folder a process: the binary runs as one test).
const std::filesystem::path& OutDir() {
  static const std::filesystem::path dir = [] {
    std::filesystem::path d =
        std::filesystem::path(::testing::TempDir()) / absl::StrCat("einvoices-", ::getpid());
    std::filesystem::remove_all(d);
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

class EInvoiceTest : public DomainFixture {
 protected:
  EInvoiceTest() : DomainFixture(Date(2026, 11, 5)) {}
  void SetUp() override {
    Must(Command{Meta("company-1"), RegisterCompany{"Exempelkommun", Pnr("212000014")}});
    CompanyDetailsSet details;
    details.street = "Stadshuset, Box 1";
    details.postal_code = "371 80";
    details.city = "Karlskrona";
    details.f_skatt = true;
    details.email = "reskontra@exempel.se";
    details.vat_number = "SE212000014201";
    Must(SetCompanyDetails{details});
    SetPaymentSettings settings;
    settings.bankgiro = "50501055";
    Must(SetPaymentSettings{settings});
    CustomerDetails buyer;
    buyer.kind = CustomerKind::kOrganisation;
    buyer.name = "Blekinge Bygg AB";
    buyer.national_id = Pnr("556677889");
    buyer.street = "Industrivägen 8";
    buyer.postal_code = "371 47";
    buyer.city = "Karlskrona";
    buyer.delivery = DeliveryChannel::kEInvoice;
    buyer.peppol_id = absl::StrCat("0007:", Pnr("556677889"));
    Must(RegisterCustomer{"20001", buyer});
  }
  // Issued through Decide: the VAT as the ledger books it.
  void Issue(InvoiceNumber n, std::vector<IssueInvoiceLine> lines, std::string buyer_reference = "REF-17") {
    IssueInvoice i;
    i.invoice_number = n;
    i.customer_number = "20001";
    i.invoice_date = Date(2026, 11, 2);
    i.due_date = Date(2026, 12, 2);
    i.lines = std::move(lines);
    i.attributes.buyer_reference = std::move(buyer_reference);
    i.attributes.department = "Tekniska förvaltningen";
    Must(i);
  }
  absl::StatusOr<EInvoice> Make(InvoiceNumber n, ProducedDocument kind = ProducedDocument::kEInvoice,
                                size_t events_up_to = SIZE_MAX) {
    DocumentProduced d;
    d.kind = kind;
    d.date = today_;
    d.source_position = 1;
    d.invoices = {n};
    std::vector<Event> events(journal_.begin(), journal_.begin() + std::min(events_up_to, journal_.size()));
    return EInvoiceFor(*state_.FindCompany(1), *state_.FindCustomer(1, "20001"), *state_.FindInvoice(1, n), d,
                       events);
  }
  // Written, checked to be well-formed, and kept for the official rules.
  std::string Keep(const EInvoice& e) {
    absl::StatusOr<std::string> xml = WriteUblInvoice(e);
    EXPECT_TRUE(xml.ok()) << xml.status();
    if (!xml.ok()) return "";
    std::ofstream(OutDir() / absl::StrCat(e.file_stem, ".xml"), std::ios::binary) << *xml;
    return *xml;
  }
};

TEST_F(EInvoiceTest, AnInvoiceWithTwoRatesADiscountAndTheSwedishPaymentMeans) {
  Issue(20000001, {{"Kontorsmaterial", Money::FromOre(2502), 2500, 3041},
                   {"Porto", Money::FromOre(1002), 2500, 3041},
                   {"Livsmedel", Money::FromOre(3333), 1200, 3042},
                   {"Rabatt", Money::FromOre(-500), 2500, 3041}});
  absl::StatusOr<EInvoice> e = Make(20000001);
  ASSERT_TRUE(e.ok()) << e.status();
  const std::string xml = Keep(*e);
  EXPECT_EQ(XPath(xml, "/*/cbc:ID"), "020000001");
  EXPECT_EQ(XPath(xml, "/*/cbc:InvoiceTypeCode"), "380");
  EXPECT_EQ(XPath(xml, "/*/cbc:DueDate"), "2026-12-02");
  EXPECT_EQ(XPath(xml, "/*/cbc:BuyerReference"), "REF-17");
  // The bankgiro as payment means 30, the OCR reference as PaymentID.
  EXPECT_EQ(XPath(xml, "//cac:PaymentMeans/cbc:PaymentMeansCode"), "30");
  EXPECT_EQ(XPath(xml, "//cac:PaymentMeans/cbc:PaymentID"), state_.FindInvoice(1, 20000001)->ocr_reference);
  EXPECT_EQ(XPath(xml, "//cac:PayeeFinancialAccount/cbc:ID"), "50501055");
  EXPECT_EQ(XPath(xml, "//cac:FinancialInstitutionBranch/cbc:ID"), "SE:BANKGIRO");
  // The seller: org nr, VAT number derived from it, F-skatt; the buyer's Peppol address.
  EXPECT_EQ(XPath(xml, "//cac:AccountingSupplierParty//cac:PartyLegalEntity/cbc:CompanyID"), "2120000142");
  EXPECT_EQ(
      XPath(xml,
            "//cac:AccountingSupplierParty//cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID"),
      "SE212000014201");
  EXPECT_EQ(XPath(xml, "//cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='TAX']/cbc:CompanyID"),
            "Godkänd för F-skatt");
  EXPECT_EQ(XPath(xml, "//cac:AccountingCustomerParty//cbc:EndpointID"), Pnr("556677889"));
  // VAT once per rate: 25 %: 25,02 + 10,02 - 5,00 = 30,04 -> 7,51; 12 %: 33,33 -> 4,00.
  EXPECT_EQ(XPath(xml, "/*/cac:TaxTotal/cbc:TaxAmount"), "11.51");
  EXPECT_EQ(XPath(xml, "//cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount"), "63.37");
  EXPECT_EQ(XPath(xml, "//cac:LegalMonetaryTotal/cbc:PayableAmount"), "74.88");
  EXPECT_EQ(state_.FindInvoice(1, 20000001)->capital, Money::FromOre(7488));  // what the ledger booked
  // The discount: quantity -1, the price positive.
  EXPECT_EQ(XPath(xml, "//cac:InvoiceLine[cbc:ID='4']/cbc:InvoicedQuantity"), "-1");
  EXPECT_EQ(XPath(xml, "//cac:InvoiceLine[cbc:ID='4']/cac:Price/cbc:PriceAmount"), "5.00");
}

TEST_F(EInvoiceTest, WhatWasPaidBeforeIsPrepaidAndACreditIsNot) {
  Issue(20000002, {{"Hyra", Money::FromOre(100000), 2500, 3041}});
  Must(PaymentCmd("p-1", 20000002, 50000));
  CreditInvoice credit;  // goes to the buyer as a credit note of its own
  credit.invoice_number = 20000002;
  credit.amount = Money::FromOre(10000);
  Must(credit);
  absl::StatusOr<EInvoice> e = Make(20000002);
  ASSERT_TRUE(e.ok()) << e.status();
  const std::string xml = Keep(*e);
  EXPECT_EQ(XPath(xml, "//cbc:PrepaidAmount"), "500.00");
  EXPECT_EQ(XPath(xml, "//cbc:PayableAmount"), "750.00");
}

TEST_F(EInvoiceTest, APartCreditIsSpreadOverTheRatesAndAWholeOneRepeatsTheLines) {
  Issue(20000003, {{"Tjänst", Money::FromOre(80000), 2500, 3041}, {"Bok", Money::FromOre(20000), 600, 3042}});
  const size_t before_credit = journal_.size();
  CreditInvoice part;
  part.invoice_number = 20000003;
  part.amount = Money::FromOre(30000);  // of 1 212,00
  part.credit_note_number = "K-9";
  part.remark = "Fel antal";
  Must(part);
  absl::StatusOr<EInvoice> e = Make(20000003, ProducedDocument::kEInvoiceCreditNote);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_TRUE(e->credit_note);
  EXPECT_EQ(e->id, "K-9");
  EXPECT_EQ(e->tax_inclusive, Money::FromOre(30000));  // what was credited, to the öre
  // 300,00 of 1 212,00: 247,52 at 25 % (1 000 of it) and 52,48 at 6 % (212 of it), each split
  // into net and VAT at its rate.
  ASSERT_EQ(e->vat.size(), 2u);
  EXPECT_EQ(e->vat[0].vat_rate_bp, 600);
  EXPECT_EQ(e->vat[0].taxable, Money::FromOre(4951));
  EXPECT_EQ(e->vat[0].tax, Money::FromOre(297));
  EXPECT_EQ(e->vat[1].vat_rate_bp, 2500);
  EXPECT_EQ(e->vat[1].taxable, Money::FromOre(19802));
  EXPECT_EQ(e->vat[1].tax, Money::FromOre(4950));
  const std::string xml = Keep(*e);
  EXPECT_EQ(XPath(xml, "/*/cbc:CreditNoteTypeCode"), "381");
  EXPECT_EQ(XPath(xml, "//cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"), "020000003");
  EXPECT_EQ(XPath(xml, "//cbc:PayableAmount"), "300.00");
  // A second credit of what is left (912,00) is a part too, spread the same way.
  CreditInvoice rest;
  rest.invoice_number = 20000003;
  rest.amount = Money::FromOre(91200);
  Must(rest);
  e = Make(20000003, ProducedDocument::kEInvoiceCreditNote);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->tax_inclusive, Money::FromOre(91200));
  EXPECT_EQ(e->lines.size(), 2u);
  EXPECT_TRUE(absl::StrContains(e->lines[0].description, "Kreditering av faktura 020000003"));
  // A credit beyond the invoice as issued (a reminder fee credited with it) is refused: the fee
  // is not subject to VAT and cannot ride on the invoice's rates.
  EXPECT_EQ(journal_.size() > before_credit, true);
  Issue(20000010, {{"Tjänst", Money::FromOre(80000), 2500, 3041}});
  ChargeFee fee;
  fee.invoice_number = 20000010;
  fee.amount = Money::FromOre(6000);
  Must(fee);
  CreditInvoice all;
  all.invoice_number = 20000010;  // the whole balance: 1 000,00 and the fee
  Must(all);
  e = Make(20000010, ProducedDocument::kEInvoiceCreditNote);
  EXPECT_EQ(e.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(e.status().message(), "credits fees or interest too")) << e.status();
  // The whole invoice credited: its own lines.
  Issue(20000004, {{"Tjänst", Money::FromOre(80000), 2500, 3041}, {"Bok", Money::FromOre(20000), 600, 3042}});
  CreditInvoice whole;
  whole.invoice_number = 20000004;
  Must(whole);
  e = Make(20000004, ProducedDocument::kEInvoiceCreditNote);
  ASSERT_TRUE(e.ok()) << e.status();
  ASSERT_EQ(e->lines.size(), 2u);
  EXPECT_EQ(e->lines[0].description, "Tjänst");
  EXPECT_EQ(e->tax_inclusive, Money::FromOre(80000 + 20000 + 20000 + 1200));
  Keep(*e);
}

TEST_F(EInvoiceTest, ANegativeInvoiceGoesAsACreditNote) {
  Issue(20000005, {{"Återbetalning", Money::FromOre(-40000), 2500, 3041}});
  absl::StatusOr<EInvoice> e = Make(20000005);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_TRUE(e->credit_note);
  EXPECT_EQ(e->payable, Money::FromOre(50000));
  Keep(*e);
}

// A räntefaktura is not subject to VAT (category O): no VAT number on it (BR-O-02).
TEST_F(EInvoiceTest, ARantefakturaIsOutsideTheScopeOfVat) {
  Issue(20000006, {{"Dröjsmålsränta faktura 020000001, 30 dagar", Money::FromOre(4521), 0, 3740},
                   {"Förseningsersättning (räntelagen 4 a §)", Money::FromOre(45000), 0, 3740}});
  state_.invoices[CompanyInvoiceKey{1, 20000006}].is_interest_invoice = true;
  absl::StatusOr<EInvoice> e = Make(20000006);
  ASSERT_TRUE(e.ok()) << e.status();
  const std::string xml = Keep(*e);
  EXPECT_EQ(XPath(xml, "//cac:TaxSubtotal/cac:TaxCategory/cbc:ID"), "O");
  EXPECT_EQ(XPath(xml, "//cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID"), "");
  EXPECT_EQ(XPath(xml, "/*/cac:TaxTotal/cbc:TaxAmount"), "0.00");
  // An ordinary invoice at 0 % is exempt (E), with the reason.
  Issue(20000007, {{"Bygglov", Money::FromOre(400000), 0, 3012}});
  e = Make(20000007);
  ASSERT_TRUE(e.ok()) << e.status();
  const std::string exempt = Keep(*e);
  EXPECT_EQ(XPath(exempt, "//cac:TaxSubtotal/cac:TaxCategory/cbc:ID"), "E");
  EXPECT_NE(XPath(exempt, "//cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason"), "");
  // A fee for myndighetsutövning is outside the scope of VAT: O, with its reason, no VAT number.
  Issue(20000008, {{"Bygglov, myndighetsutövning", Money::FromOre(400000), 0, 3012, true},
                   {"Kungörelse", Money::FromOre(50000), 0, 3012, true}});
  e = Make(20000008);
  ASSERT_TRUE(e.ok()) << e.status();
  const std::string outside = Keep(*e);
  EXPECT_EQ(XPath(outside, "//cac:TaxSubtotal/cac:TaxCategory/cbc:ID"), "O");
  EXPECT_EQ(XPath(outside, "(//cac:ClassifiedTaxCategory/cbc:ID)[2]"), "O");
  EXPECT_EQ(XPath(outside, "//cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason"),
            "Inte föremål för mervärdesskatt");
  EXPECT_EQ(XPath(outside, "//cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID"), "");
  // Beside a line subject to VAT it cannot be one e-invoice (BR-O-11); at 25 % it is no such line.
  Issue(20000009,
        {{"Bygglov", Money::FromOre(400000), 0, 3012, true}, {"Kopior", Money::FromOre(10000), 2500, 3041}});
  e = Make(20000009);
  ASSERT_FALSE(e.ok());
  EXPECT_TRUE(absl::StrContains(e.status().message(), "cannot mix them (EN 16931 BR-O-11)")) << e.status();
  IssueInvoice wrong;
  wrong.invoice_number = 20000010;
  wrong.customer_number = "20001";
  wrong.invoice_date = Date(2026, 11, 2);
  wrong.due_date = Date(2026, 12, 2);
  wrong.lines = {{"Bygglov", Money::FromOre(400000), 2500, 3012, true}};
  Refused(wrong, absl::StatusCode::kInvalidArgument, "line 1 is outside the scope of VAT and has a VAT rate");
}

TEST_F(EInvoiceTest, WhatIsMissingIsNamed) {
  // No VAT number registered: an invoice with VAT is not sent.
  Issue(20000011, {{"Hyra", Money::FromOre(100000), 2500, 3041}});
  CompanyDetailsSet without = *state_.FindCompany(1)->details;
  without.vat_number.clear();
  Must(SetCompanyDetails{without});
  absl::StatusOr<EInvoice> no_vat = Make(20000011);
  EXPECT_EQ(no_vat.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(no_vat.status().message(), "no VAT number")) << no_vat.status();
  without.vat_number = "SE212000014201";
  Must(SetCompanyDetails{without});
  // An annulled invoice is not sent.
  AnnulInvoice annul;
  annul.invoice_number = 20000011;
  Must(annul);
  EXPECT_EQ(Make(20000011).status().code(), absl::StatusCode::kFailedPrecondition);
  // A reference added after issue is the one the e-invoice carries.
  Issue(20000012, {{"Hyra", Money::FromOre(100000), 2500, 3041}}, "");
  EXPECT_EQ(Make(20000012).status().code(), absl::StatusCode::kFailedPrecondition);
  InvoiceAttributes added = state_.FindInvoice(1, 20000012)->attributes;
  added.buyer_reference = "REF-99";
  Must(ChangeInvoiceAttributes{20000012, added});
  absl::StatusOr<EInvoice> later = Make(20000012);
  ASSERT_TRUE(later.ok()) << later.status();
  EXPECT_EQ(later->buyer_reference, "REF-99");
  EXPECT_EQ(state_.FindInvoice(1, 20000012)->attributes.peppol_id, absl::StrCat("0007:", Pnr("556677889")));
  Refused(ChangeInvoiceAttributes{20000012, added}, absl::StatusCode::kAlreadyExists);
  added.buyer_reference = " REF-99";
  Refused(ChangeInvoiceAttributes{20000012, added}, absl::StatusCode::kInvalidArgument,
          "begins or ends with a space");
  Issue(20000008, {{"Hyra", Money::FromOre(100000), 2500, 3041}}, "");
  absl::StatusOr<EInvoice> e = Make(20000008);
  EXPECT_EQ(e.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(e.status().message(), "PEPPOL-EN16931-R003")) << e.status();
  CustomerDetails paper = state_.FindCustomer(1, "20001")->details;
  paper.peppol_id.clear();
  Must(ChangeCustomer{"20001", paper});
  Issue(20000009, {{"Hyra", Money::FromOre(100000), 2500, 3041}});
  e = Make(20000009);
  EXPECT_EQ(e.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(e.status().message(), "no Peppol participant id")) << e.status();
  // The e-invoice address at issue is the invoice's: recorded as the customer had it then.
  EXPECT_EQ(state_.FindInvoice(1, 20000008)->attributes.peppol_id, absl::StrCat("0007:", Pnr("556677889")));
  EXPECT_EQ(state_.FindInvoice(1, 20000009)->attributes.peppol_id, "");
}

TEST_F(EInvoiceTest, PeppolIdsAndVatNumbersAreChecked) {
  EXPECT_TRUE(ValidatePeppolId(absl::StrCat("0007:", Pnr("556677889"))).ok());
  EXPECT_TRUE(ValidatePeppolId("0088:7300010000001").ok());
  EXPECT_FALSE(ValidatePeppolId("0007:5566778890").ok());  // check digit
  EXPECT_FALSE(ValidatePeppolId("0088:7300010000002").ok());
  EXPECT_FALSE(ValidatePeppolId("9955:SE556677889901").ok());  // not a Peppol scheme any more
  EXPECT_TRUE(ValidatePeppolId("0192:923609016").ok());        // a Norwegian organisation number
  EXPECT_FALSE(ValidatePeppolId("0192:923609017").ok());
  EXPECT_FALSE(ValidatePeppolId("0208:0123456749").ok());  // a scheme the ledger cannot check
  EXPECT_FALSE(ValidatePeppolId("5566778899").ok());
  EXPECT_FALSE(ValidatePeppolId("0007:55667 78899").ok());
  EXPECT_TRUE(ValidateSwedishVatNumber("SE212000014201").ok());
  EXPECT_FALSE(ValidateSwedishVatNumber("SE212000014202").ok());
  EXPECT_FALSE(ValidateSwedishVatNumber("SE2120000142").ok());
  // Through the commands: refused, nothing written.
  CustomerDetails bad = state_.FindCustomer(1, "20001")->details;
  bad.peppol_id = "0007:5566778890";
  Refused(ChangeCustomer{"20001", bad}, absl::StatusCode::kInvalidArgument, "check digit");
  CompanyDetailsSet other;
  other.vat_number = absl::StrCat("SE", Pnr("556677889"), "01");
  Refused(SetCompanyDetails{other}, absl::StatusCode::kInvalidArgument,
          "not the company's organisation number");
}

// An organisation number registered in its twelve-digit form (16 + ten digits) is the same
// number: a new company keeps the ten; one registered before this did e-invoices with the ten,
// and its VAT number (SE + ten + 01) matches it.
TEST_F(EInvoiceTest, ATwelveDigitOrganisationNumberIsItsTenDigits) {
  Must(Command{Meta("company-2", 2), RegisterCompany{"Tvåkommun", absl::StrCat("16", Pnr("212000014"))}});
  EXPECT_EQ(state_.FindCompany(2)->org_number, Pnr("212000014"));
  state_.companies[1].org_number = absl::StrCat("16", Pnr("212000014"));
  Issue(10000031, {{"Bygglov", Money::FromOre(100000), 2500, 3041}});
  absl::StatusOr<EInvoice> e = Make(10000031);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->seller.endpoint_scheme, "0007");
  EXPECT_EQ(e->seller.endpoint_id, Pnr("212000014"));
  EXPECT_EQ(e->seller.legal_id, Pnr("212000014"));
  Keep(*e);
  CompanyDetailsSet details;
  details.email = "ny@exempel.se";
  details.vat_number = "SE212000014201";
  Must(SetCompanyDetails{details});
}

// Last: every e-invoice the tests above wrote, through the official EN 16931 and Peppol BIS 3
// rules (Saxon-HE): not one fatal error. And the rules do catch errors: a broken sample fails.
TEST_F(EInvoiceTest, ZZEveryOneWrittenPassesTheOfficialRules) {
  const std::filesystem::path& dir = OutDir();
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    files += entry.path().extension() == ".xml";
  EXPECT_GE(files, 7u);
  const std::string script = absl::StrCat(SOURCE_DIR, "/scripts/peppol_validate.sh");
  const int rc = std::system(absl::StrCat(script, " ", dir.string(), " >&2").c_str());
  EXPECT_EQ(rc, 0) << "the produced e-invoices fail the official rules (see the output above)";
  const int bad = std::system(
      absl::StrCat(script, " --expect-fatal ", SOURCE_DIR, "/tests/data/peppol/se-bad.xml >/dev/null")
          .c_str());
  EXPECT_EQ(bad, 0) << "the validator passed a document with errors";
}

}  // namespace
}  // namespace reskontra
