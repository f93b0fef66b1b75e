// Search for a clerk answering a customer (handbook 6.1): invoices found by the customer's
// person- or organisationsnummer, part of its name or address, the customer number, the OCR
// reference, an amount at least or a balance at least. Pure: a function of the state.
//
//   std::vector<const Invoice*> hits = SearchInvoices(state, company, search, 1000, &truncated);
#ifndef RESKONTRA_DOMAIN_SEARCH_H_
#define RESKONTRA_DOMAIN_SEARCH_H_

#include <string>
#include <vector>

#include "domain/money.h"
#include "domain/state.h"

namespace reskontra {

struct InvoiceSearch {
  std::string national_id;      // person- or organisationsnummer, any punctuation ("" any)
  std::string name;             // part of the customer's name, any case, å ä ö too
  std::string address;          // part of the street, postal code or city, any case
  std::string customer_number;  // exact
  std::string ocr;              // exact
  Money min_amount;             // invoiced at least (0: any)
  Money min_balance;            // balance at least (0: any)
  bool only_open = false;       // a balance other than zero
};

// The company's invoices in the ledger (not archived) that meet every criterion given, by
// customer and number, at most `limit`; `truncated` says more matched.
std::vector<const Invoice*> SearchInvoices(const LedgerState& state, CompanyId company,
                                           const InvoiceSearch& search, size_t limit, bool* truncated);

// Lower case for searching: ASCII and the Nordic and common accented capitals.
std::string FoldCase(absl::string_view text);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_SEARCH_H_
