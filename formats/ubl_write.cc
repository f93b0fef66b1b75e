#include "formats/ubl_write.h"

#include <libxml/xmlwriter.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace reskontra {

namespace {

constexpr char kInvoiceNs[] = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
constexpr char kCreditNoteNs[] = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
constexpr char kCacNs[] = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
constexpr char kCbcNs[] = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

const xmlChar* X(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

// Writes elements in UBL's order; the first failure is kept and the rest is skipped.
class Writer {
 public:
  Writer() : buffer_(xmlBufferCreate()), w_(xmlNewTextWriterMemory(buffer_, 0)) {
    if (w_ == nullptr) ok_ = false;
  }
  ~Writer() {
    if (w_ != nullptr) xmlFreeTextWriter(w_);
    xmlBufferFree(buffer_);
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void Check(int rc) {
    if (rc < 0) ok_ = false;
  }
  void Start(const std::string& name) {
    if (ok_) Check(xmlTextWriterStartElement(w_, X(name.c_str())));
  }
  void End() {
    if (ok_) Check(xmlTextWriterEndElement(w_));
  }
  void Attribute(const char* name, const std::string& value) {
    if (ok_) Check(xmlTextWriterWriteAttribute(w_, X(name), X(value.c_str())));
  }
  void Text(const std::string& text) {
    if (ok_) Check(xmlTextWriterWriteString(w_, X(text.c_str())));
  }
  // <cbc:name>text</cbc:name>, nothing for an empty text (Peppol refuses empty elements).
  void Cbc(const char* name, const std::string& text) {
    if (text.empty()) return;
    Start(absl::StrCat("cbc:", name));
    Text(text);
    End();
  }
  void Cbc(const char* name, const char* attribute, const std::string& value, const std::string& text) {
    if (text.empty()) return;
    Start(absl::StrCat("cbc:", name));
    Attribute(attribute, value);
    Text(text);
    End();
  }
  void Cac(const char* name) { Start(absl::StrCat("cac:", name)); }

  absl::StatusOr<std::string> Document(const EInvoice& e);

 private:
  void Amount(const char* name, Money m, const std::string& currency) {
    Cbc(name, "currencyID", currency, m.ToDecimal());
  }
  void Party(const EInvoiceParty& p, bool seller);
  void Category(const char* element, char category, int32_t bp, const std::string& exemption);

  xmlBufferPtr buffer_;
  xmlTextWriterPtr w_;
  bool ok_ = true;
};

std::string Percent(int32_t bp) {
  return bp % 100 == 0 ? absl::StrCat(bp / 100) : absl::StrFormat("%d.%02d", bp / 100, bp % 100);
}

void Writer::Party(const EInvoiceParty& p, bool seller) {
  Cac("Party");
  Cbc("EndpointID", "schemeID", p.endpoint_scheme, p.endpoint_id);
  Cac("PartyName");
  Cbc("Name", p.name);
  End();
  Cac("PostalAddress");
  Cbc("StreetName", p.street);
  Cbc("CityName", p.city);
  Cbc("PostalZone", p.postal_code);
  Cac("Country");
  Cbc("IdentificationCode", p.country);
  End();
  End();
  if (!p.vat_number.empty()) {
    Cac("PartyTaxScheme");
    Cbc("CompanyID", p.vat_number);
    Cac("TaxScheme");
    Cbc("ID", "VAT");
    End();
    End();
  }
  if (seller && p.f_skatt) {
    Cac("PartyTaxScheme");
    Cbc("CompanyID", "Godkänd för F-skatt");
    Cac("TaxScheme");
    Cbc("ID", "TAX");
    End();
    End();
  }
  Cac("PartyLegalEntity");
  Cbc("RegistrationName", p.name);
  if (!p.legal_id.empty()) Cbc("CompanyID", "schemeID", "0007", p.legal_id);
  End();
  if (!p.contact_email.empty() || !p.contact_phone.empty()) {
    Cac("Contact");
    Cbc("Telephone", p.contact_phone);
    Cbc("ElectronicMail", p.contact_email);
    End();
  }
  End();
}

void Writer::Category(const char* element, char category, int32_t bp, const std::string& exemption) {
  Cac(element);
  Cbc("ID", std::string(1, category));
  if (category != 'O') Cbc("Percent", Percent(bp));  // O carries no rate (BR-O-05)
  Cbc("TaxExemptionReason", exemption);
  Cac("TaxScheme");
  Cbc("ID", "VAT");
  End();
  End();
}

absl::StatusOr<std::string> Writer::Document(const EInvoice& e) {
  const std::string& cur = e.currency;
  if (ok_) Check(xmlTextWriterStartDocument(w_, "1.0", "UTF-8", nullptr));
  if (ok_) Check(xmlTextWriterSetIndent(w_, 1));
  if (ok_) Check(xmlTextWriterSetIndentString(w_, X("  ")));
  Start(e.credit_note ? "CreditNote" : "Invoice");
  Attribute("xmlns", e.credit_note ? kCreditNoteNs : kInvoiceNs);
  Attribute("xmlns:cac", kCacNs);
  Attribute("xmlns:cbc", kCbcNs);
  Cbc("CustomizationID", kPeppolCustomizationId);
  Cbc("ProfileID", kPeppolProfileId);
  Cbc("ID", e.id);
  Cbc("IssueDate", FormatDate(e.issue_date));
  if (!e.credit_note && e.due_date) Cbc("DueDate", FormatDate(*e.due_date));
  Cbc(e.credit_note ? "CreditNoteTypeCode" : "InvoiceTypeCode", e.credit_note ? "381" : "380");
  Cbc("Note", e.note);
  Cbc("DocumentCurrencyCode", cur);
  Cbc("BuyerReference", e.buyer_reference);
  if (!e.order_reference.empty()) {
    Cac("OrderReference");
    Cbc("ID", e.order_reference);
    End();
  }
  if (!e.billing_reference.empty()) {
    Cac("BillingReference");
    Cac("InvoiceDocumentReference");
    Cbc("ID", e.billing_reference);
    if (e.billing_reference_date) Cbc("IssueDate", FormatDate(*e.billing_reference_date));
    End();
    End();
  }
  Cac("AccountingSupplierParty");
  Party(e.seller, true);
  End();
  Cac("AccountingCustomerParty");
  Party(e.buyer, false);
  End();
  if (!e.payment_means_code.empty()) {
    Cac("PaymentMeans");
    Cbc("PaymentMeansCode", e.payment_means_code);
    Cbc("PaymentID", e.payment_id);
    Cac("PayeeFinancialAccount");
    Cbc("ID", e.payee_account);
    Cbc("Name", e.seller.name);
    if (!e.payee_branch.empty()) {
      Cac("FinancialInstitutionBranch");
      Cbc("ID", e.payee_branch);
      End();
    }
    End();
    End();
  }
  if (!e.payment_terms.empty()) {
    Cac("PaymentTerms");
    Cbc("Note", e.payment_terms);
    End();
  }
  Cac("TaxTotal");
  Amount("TaxAmount", e.tax, cur);
  for (const EInvoiceVat& v : e.vat) {
    Cac("TaxSubtotal");
    Amount("TaxableAmount", v.taxable, cur);
    Amount("TaxAmount", v.tax, cur);
    Category("TaxCategory", v.category, v.vat_rate_bp, v.exemption_reason);
    End();
  }
  End();
  Cac("LegalMonetaryTotal");
  Amount("LineExtensionAmount", e.line_total, cur);
  Amount("TaxExclusiveAmount", e.tax_exclusive, cur);
  Amount("TaxInclusiveAmount", e.tax_inclusive, cur);
  if (!e.prepaid.is_zero()) Amount("PrepaidAmount", e.prepaid, cur);
  Amount("PayableAmount", e.payable, cur);
  End();
  for (const EInvoiceLine& l : e.lines) {
    Cac(e.credit_note ? "CreditNoteLine" : "InvoiceLine");
    Cbc("ID", l.id);
    // The price is never negative (BR-27): a discount is a quantity of -1.
    Cbc(e.credit_note ? "CreditedQuantity" : "InvoicedQuantity", "unitCode", "EA",
        l.net.is_negative() ? "-1" : "1");
    Amount("LineExtensionAmount", l.net, cur);
    Cac("Item");
    Cbc("Name", l.description);
    Category("ClassifiedTaxCategory", l.category, l.vat_rate_bp, "");
    End();
    Cac("Price");
    Amount("PriceAmount", l.net.is_negative() ? -l.net : l.net, cur);
    End();
    End();
  }
  End();
  if (ok_) Check(xmlTextWriterEndDocument(w_));
  if (ok_) Check(xmlTextWriterFlush(w_));
  if (!ok_) return absl::InternalError("libxml2 could not write the e-invoice");
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer_)), xmlBufferLength(buffer_));
}

}  // namespace

absl::StatusOr<std::string> WriteUblInvoice(const EInvoice& invoice) {
  Writer w;
  return w.Document(invoice);
}

}  // namespace reskontra
