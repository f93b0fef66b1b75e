// The CSV layout for invoice files (the README's "Invoice files" gives it with an example): one
// row per invoice line under a header row naming the columns, separated by semicolons (or tabs),
// fields quoted as RFC 4180 quotes them, amounts with a Swedish decimal comma, UTF-8 (a BOM is
// skipped) or ISO-8859-1 when the caller says so. Rows with the same fakturanummer, or without
// one the same kalla_id, are one invoice; the customer's columns, when given, create or update
// the customer.
//
//   ASSIGN_OR_RETURN(IncomingInvoiceFile file, ReadInvoiceCsv(bytes, /*latin1=*/false));
#ifndef RESKONTRA_FORMATS_INVOICE_CSV_H_
#define RESKONTRA_FORMATS_INVOICE_CSV_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/invoice_file.h"

namespace reskontra {

// INVALID_ARGUMENT naming every refused row with its reason ("line 7: belopp '12,345' has more
// than two decimals"), the first 50 of them: an unknown or repeated column, a missing required
// one, a malformed date, amount, rate or account, rows of one invoice that disagree, a customer
// given two ways, bad quoting, invalid UTF-8.
absl::StatusOr<IncomingInvoiceFile> ReadInvoiceCsv(absl::string_view bytes, bool latin1);

// The columns, in the order the README lists them.
const std::vector<std::string>& InvoiceCsvColumns();

}  // namespace reskontra

#endif  // RESKONTRA_FORMATS_INVOICE_CSV_H_
