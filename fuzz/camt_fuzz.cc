// libFuzzer target: every payment-file reader behind ReadPaymentFile (camt.053/camt.054
// through libxml2 with schema validation, BgMax, Nets OCR giro, CREMUL) must return a status
// for any bytes, never crash,
// fetch nothing and expand nothing; whatever they accept must add up: every deposit's amount is
// the signed sum of its payments.
#include <cstddef>
#include <cstdint>

#include "base/status_macros.h"
#include "formats/payment_files.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<reskontra::IncomingPaymentFile> file =
      reskontra::ReadPaymentFile(bytes, reskontra::PaymentFileFormat::kAuto);
  if (!file.ok()) {
    RESKONTRA_CHECK(file.status().code() == absl::StatusCode::kInvalidArgument);
    return 0;
  }
  RESKONTRA_CHECK(!file->deposits.empty());
  for (const reskontra::IncomingDeposit& d : file->deposits) {
    reskontra::Money sum;
    for (const reskontra::IncomingPayment& p : d.payments) sum += p.deduction ? -p.amount : p.amount;
    RESKONTRA_CHECK(sum == d.amount);
  }
  return 0;
}
