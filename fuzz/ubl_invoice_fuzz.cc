// libFuzzer target: the UBL invoice reader (and the Invoice Response reader) must return a status for any
// bytes, never crash or expand entities, and what it accepts must hold what the format promises.
#include <cstddef>
#include <cstdint>

#include "base/status_macros.h"
#include "formats/ubl_invoice.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (int32_t routine : {0, 2}) {
    absl::StatusOr<reskontra::IncomingInvoiceFile> file =
        reskontra::ReadUblInvoices(bytes, reskontra::UblOptions{routine, 3041, "SEK"});
    if (!file.ok()) {
      RESKONTRA_CHECK(file.status().code() == absl::StatusCode::kInvalidArgument);
      continue;
    }
    RESKONTRA_CHECK(!file->invoices.empty());
    for (const reskontra::InvoiceFileInvoice& inv : file->invoices)
      RESKONTRA_CHECK(!inv.lines.empty() && !inv.customer_number.empty() &&
                      (routine == 0 ? inv.invoice_number != 0 : inv.routine == routine));
  }
  // The same bytes as Peppol Invoice Responses.
  absl::StatusOr<std::vector<reskontra::InvoiceResponse>> responses = reskontra::ReadInvoiceResponses(bytes);
  if (!responses.ok()) {
    RESKONTRA_CHECK(responses.status().code() == absl::StatusCode::kInvalidArgument ||
                    responses.status().code() == absl::StatusCode::kResourceExhausted);
  } else {
    RESKONTRA_CHECK(!responses->empty());
    for (const reskontra::InvoiceResponse& r : *responses)
      RESKONTRA_CHECK(!r.code.empty() && !r.invoice_id.empty() && r.reason.size() <= 304);
  }
  return 0;
}
