// libFuzzer target: the invoice CSV reader must return a status for any bytes (as UTF-8 and as
// Latin-1), never crash, and what it accepts must hold what the layout promises.
#include <cstddef>
#include <cstdint>

#include "base/status_macros.h"
#include "domain/ids.h"
#include "formats/invoice_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (bool latin1 : {false, true}) {
    absl::StatusOr<reskontra::IncomingInvoiceFile> file = reskontra::ReadInvoiceCsv(bytes, latin1);
    if (!file.ok()) {
      RESKONTRA_CHECK(file.status().code() == absl::StatusCode::kInvalidArgument);
      continue;
    }
    RESKONTRA_CHECK(!file->invoices.empty());
    for (const reskontra::InvoiceFileInvoice& inv : file->invoices) {
      RESKONTRA_CHECK(!inv.lines.empty() && !inv.customer_number.empty());
      RESKONTRA_CHECK(inv.invoice_number != 0 ? reskontra::ValidateInvoiceNumber(inv.invoice_number).ok()
                                              : (inv.routine >= 1 && !inv.source_id.empty()));
    }
    for (const reskontra::InvoiceFileCustomer& c : file->customers)
      RESKONTRA_CHECK(!c.customer_number.empty() && (!c.details_given || !c.details.name.empty()));
  }
  return 0;
}
