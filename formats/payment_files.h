// Every incoming-payments format the ledger reads, behind one call: the format asked for, or
// the one the content shows (BgMax starts with its TK01 "01BGMAX", Nets OCR giro with its
// transmission start "NY000010", CREMUL with UNA or UNB; camt is an ISO 20022 XML Document whose namespace
// names the message and version).
//
//   ASSIGN_OR_RETURN(IncomingPaymentFile file, ReadPaymentFile(bytes, PaymentFileFormat::kAuto));
//   file.format   // "BGMAX", "CAMT054", "CAMT053", "OCRGIRO" or "CREMUL": what was read
#ifndef RESKONTRA_FORMATS_PAYMENT_FILES_H_
#define RESKONTRA_FORMATS_PAYMENT_FILES_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/payment_file.h"

namespace reskontra {

// The values of the API's PaymentFileFormat.
enum class PaymentFileFormat { kAuto = 0, kBgMax = 1, kCamt054 = 2, kCamt053 = 3, kOcrGiro = 4, kCremul = 5 };

// INVALID_ARGUMENT: an unknown format, content of another format than the one asked for, or
// any defect the format's reader finds.
absl::StatusOr<IncomingPaymentFile> ReadPaymentFile(absl::string_view bytes, PaymentFileFormat format);

}  // namespace reskontra

#endif  // RESKONTRA_FORMATS_PAYMENT_FILES_H_
