// An invoice file from a billing system (debiteringsrutin), read by formats/ (the CSV layout of
// the README, UBL 2.1 as Peppol BIS Billing 3.0 defines it) into what the ledger decides on: the
// customers it names with their details, and its invoices, numbered by the file or to be
// numbered by the ledger in their routine (handbook 9.1). The import is one command
// (ImportInvoiceFile, domain/invoice_import.h): all or nothing.
#ifndef RESKONTRA_DOMAIN_INVOICE_FILE_H_
#define RESKONTRA_DOMAIN_INVOICE_FILE_H_

#include <optional>
#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/events.h"
#include "domain/money.h"

namespace reskontra {

// A customer as the file gives it: registered when the ledger does not know it, changed when
// its details differ (a detail the file leaves empty keeps the ledger's), left alone otherwise.
// `details_given`: false when the file names only the number (then the customer must exist).
struct InvoiceFileCustomer {
  std::string customer_number;
  CustomerDetails details;
  bool details_given = false;
  int line = 0;  // where the file first gives it
  friend bool operator==(const InvoiceFileCustomer&, const InvoiceFileCustomer&) = default;
};

struct InvoiceFileLine {
  std::string description;
  Money net;                // without VAT, may be negative (a discount)
  int32_t vat_rate_bp = 0;  // 2500 = 25 %
  int32_t revenue_account = 0;
  bool outside_vat_scope = false;  // 0 %, not subject to VAT (momskategori O, UBL category O)
  friend bool operator==(const InvoiceFileLine&, const InvoiceFileLine&) = default;
};

// What the old ledger says of an invoice migrated into this one (issue 26, item 6): its charges,
// what is still open of each part on the balance day, its dunning steps, and when the part paid
// was paid (the balance day when the old ledger does not say).
struct OpeningBalance {
  Money reminder_fees;                                          // påminnelseavgifter charged (avgifter)
  Money collection_fees;                                        // inkassoavgifter charged
  Money interest;                                               // dröjsmålsränta charged (ranta)
  Money open_capital;                                           // kvar_kapital
  Money open_fees;                                              // kvar_avgifter (of both kinds)
  Money open_interest;                                          // kvar_ranta
  std::optional<Date> reminder1, reminder2, collection_demand;  // the letters' dates
  std::optional<Date> paid_on;                                  // betaldatum
  friend bool operator==(const OpeningBalance&, const OpeningBalance&) = default;
};

struct InvoiceFileInvoice {
  InvoiceNumber invoice_number = 0;  // 0: the ledger numbers it in `routine`
  int32_t routine = 0;               // 1..99, with no number
  std::string source_id;             // the billing system's id of the invoice ("" none)
  std::string customer_number;
  Date invoice_date;
  Date due_date;
  std::vector<InvoiceFileLine> lines;
  std::string ocr_reference;              // "" : derived from the number
  InvoiceAttributes attributes;           // what the file gives of them (the kalla_id is source_id above)
  std::optional<OpeningBalance> opening;  // a migrated invoice's balance in the old ledger
  int line = 0;                           // the file's line (or document) where it starts
  friend bool operator==(const InvoiceFileInvoice&, const InvoiceFileInvoice&) = default;
};

struct IncomingInvoiceFile {
  std::string format;  // "CSV", "UBL"
  std::vector<InvoiceFileCustomer> customers;
  std::vector<InvoiceFileInvoice> invoices;
  friend bool operator==(const IncomingInvoiceFile&, const IncomingInvoiceFile&) = default;
};

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_INVOICE_FILE_H_
