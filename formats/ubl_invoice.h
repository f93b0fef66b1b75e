// UBL 2.1 Invoice and CreditNote documents as Peppol BIS Billing 3.0 defines them, read with
// libxml2 into an invoice file (domain/invoice_file.h): one document, or a batch (any root
// element whose children are Invoice or CreditNote documents). A CreditNote becomes a negative
// invoice (the ledger's kreditfaktura). The parser refuses a DOCTYPE, entities, network access
// and nesting deeper than limits::kXmlDepthMax: no external entity (XXE), no billion laughs.
//
// What is read, per document: cbc:ID (the ledger's number, or with a routine the billing
// system's id to number it), IssueDate, DueDate (a credit note's PaymentMeans/PaymentDueDate,
// else its issue date), DocumentCurrencyCode, the buyer (AccountingCustomerParty: its
// PartyIdentification, legal registration and Peppol endpoint, name, address, e-mail), the
// lines (LineExtensionAmount, Item/Name, ClassifiedTaxCategory/Percent), document level
// allowances and charges as lines of their own, PaymentMeans/PaymentID as the OCR reference.
// The totals are checked: TaxExclusiveAmount is the lines' sum, TaxAmount the VAT the ledger
// computes (rounded per line), PayableAmount their sum (no prepaid or rounding amount).
//
//   ASSIGN_OR_RETURN(IncomingInvoiceFile file, ReadUblInvoices(bytes, {.revenue_account = 3041}));
#ifndef RESKONTRA_FORMATS_UBL_INVOICE_H_
#define RESKONTRA_FORMATS_UBL_INVOICE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/commands.h"
#include "domain/invoice_file.h"

namespace reskontra {

struct UblOptions {
  int32_t routine = 0;          // > 0: number every document in this routine, its ID as kalla_id
  int32_t revenue_account = 0;  // the seller's revenue account for every line (UBL has none)
  std::string currency = "SEK";
};

// INVALID_ARGUMENT naming the document's line and what is wrong (the first 50 refusals).
absl::StatusOr<IncomingInvoiceFile> ReadUblInvoices(absl::string_view bytes, const UblOptions& options);

// Peppol Invoice Responses (BIS Invoice Response 3.x: UBL 2.1 ApplicationResponse), one or a
// batch, hardened like the invoices: per response its ID, IssueDate, the ResponseCode, the
// invoice it answers (DocumentReference/ID) and its status reasons. INVALID_ARGUMENT naming the
// line and what is wrong.
absl::StatusOr<std::vector<InvoiceResponse>> ReadInvoiceResponses(absl::string_view bytes);

}  // namespace reskontra

#endif  // RESKONTRA_FORMATS_UBL_INVOICE_H_
