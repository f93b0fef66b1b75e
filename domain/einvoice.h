// E-invoices out (issue 26): an invoice, a räntefaktura or a credit note as Peppol BIS Billing
// 3.0 says it (EN 16931 with the Peppol and Swedish rules), decided here from the ledger's
// company, customer and the invoice's events; formats/ writes it as UBL 2.1 XML.
//
// What the ledger puts where:
// - the seller: the company's name, organisationsnummer (PartyLegalEntity, scheme 0007), its
//   Peppol participant id (default 0007:<org nr>), address, VAT number (required, except on an
//   invoice not subject to VAT) and "Godkänd för F-skatt" when the company says so
//   (SetCompanyDetails);
// - the buyer: the customer's name, address, organisationsnummer, and its Peppol participant id,
//   which is required (an e-invoice needs an address to go to);
// - payment: the bankgiro as payment means code 30 with the SE:BANKGIRO branch, the OCR
//   reference as PaymentID; without a bankgiro, the company's first IBAN as code 58;
// - VAT: 25, 12 and 6 % as category S; 0 % as E (exempt) on an invoice, as O (not subject to
//   VAT) on a räntefaktura: dröjsmålsränta is compensation, not a supply; an invoice with O
//   carries no VAT number (BR-O-02);
// - a line with a negative amount (a discount) has quantity -1 (the price is never negative);
// - a credit note (the InvoiceCredited at d.about_position: `events` end there) credits the
//   invoice's rates in proportion to their share of it, VAT included, and refers to the invoice;
//   a whole credit repeats the invoice's lines; a credit beyond what is left of the invoice as
//   issued (it credits fees or interest too) is refused;
// - an invoice with a negative total goes as a credit note with the amounts turned;
// - PrepaidAmount: the capital paid before the e-invoice was made; credits are not payments, they
//   go as credit notes of their own. An annulled invoice is not sent.
#ifndef RESKONTRA_DOMAIN_EINVOICE_H_
#define RESKONTRA_DOMAIN_EINVOICE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/date.h"
#include "domain/events.h"
#include "domain/money.h"
#include "domain/state.h"

namespace reskontra {

struct EInvoiceParty {
  std::string endpoint_scheme;  // ISO 6523 ICD: "0007" (Swedish organisationsnummer), "0088" (GLN) …
  std::string endpoint_id;
  std::string name;
  std::string street, postal_code, city;
  std::string country;     // ISO 3166 alpha-2
  std::string vat_number;  // "SE556677889901", "" for none
  bool f_skatt = false;    // "Godkänd för F-skatt" (the seller)
  std::string legal_id;    // organisationsnummer, 10 digits, "" for none
  std::string contact_email, contact_phone;
  friend bool operator==(const EInvoiceParty&, const EInvoiceParty&) = default;
};

struct EInvoiceLine {
  std::string id;  // 1, 2, …
  std::string description;
  Money net;  // LineExtensionAmount, negative for a discount (quantity -1)
  int32_t vat_rate_bp = 0;
  char category = 'S';  // S, E, O
  friend bool operator==(const EInvoiceLine&, const EInvoiceLine&) = default;
};

struct EInvoiceVat {
  char category = 'S';
  int32_t vat_rate_bp = 0;
  Money taxable, tax;
  std::string exemption_reason;  // E and O
  friend bool operator==(const EInvoiceVat&, const EInvoiceVat&) = default;
};

struct EInvoice {
  bool credit_note = false;  // CreditNote (381) or Invoice (380)
  std::string id;
  Date issue_date;
  std::optional<Date> due_date;  // an invoice's
  std::string note;
  std::string currency = "SEK";
  std::string buyer_reference, order_reference;
  std::string billing_reference;  // a credit note's invoice
  std::optional<Date> billing_reference_date;
  EInvoiceParty seller, buyer;
  std::string payment_means_code;  // "30" bankgiro, "58" SEPA credit transfer, "" none
  std::string payment_id;          // the OCR reference
  std::string payee_account;       // the bankgiro (digits) or the IBAN
  std::string payee_branch;        // "SE:BANKGIRO", "" for an IBAN
  std::string payment_terms;
  std::vector<EInvoiceLine> lines;
  std::vector<EInvoiceVat> vat;  // one per category and rate
  Money line_total, tax_exclusive, tax, tax_inclusive, prepaid, payable;
  std::string file_stem;  // "020001001-efaktura", "020001001-kreditnota-2"
  friend bool operator==(const EInvoice&, const EInvoice&) = default;
};

// The e-invoice `d` describes (d.kind kEInvoice: the invoice as issued, or kEInvoiceCreditNote:
// the InvoiceCredited at d.about_position), from the company, customer and invoice as they were
// after d.source_position, and `events`: the invoice's stream up to d.source_position (a credit
// note's: up to d.about_position).
// FAILED_PRECONDITION, saying what to set: the customer has no Peppol participant id, the
// invoice has neither a buyer reference nor an order number (Peppol requires one), the company's
// organisation number is not a valid Swedish one. DATA_LOSS: the events do not hold the invoice.
absl::StatusOr<EInvoice> EInvoiceFor(const Company& company, const Customer& customer, const Invoice& invoice,
                                     const DocumentProduced& d, const std::vector<Event>& events);

// A Peppol participant id as the ledger keeps it, "<ICD>:<id>": OK, or INVALID_ARGUMENT naming
// what is wrong (an unknown scheme, a Swedish organisation number with a wrong check digit, a GLN
// with a wrong check digit, spaces).
absl::Status ValidatePeppolId(absl::string_view id);

// A Swedish VAT number "SE" + 10-digit organisation number + "01": OK or INVALID_ARGUMENT.
absl::Status ValidateSwedishVatNumber(absl::string_view vat);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_EINVOICE_H_
