// CREMUL, the UN/EDIFACT D.96A multiple credit advice: the Norwegian banks' file of incoming
// payments (Bankenes Standardiseringskontor's "CREMUL meldingshåndbok", the procedure of
// ../shared/domain/other-seeds.md S4). The service string advice UNA sets the separators
// and the release character (default ":+.? '"); the interchange UNB … UNZ holds messages
// UNH … UNT of type CREMUL:D:96A:UN, whose segment and message counts are checked. Read:
//   level B, per LIN (one credit of the company's account: a deposit)
//     DTM+202/209 posting or value date, MOA (the credited amount), RFF+ACK the bank's
//     reference, FII+BF the credited account, BUS
//   level C, per SEQ (one payment)
//     DTM+203, FII+OR the payer's account, RFF+ACK the bank's archive reference, MOA+143 the
//     amount, CUX, NAD+PL the payer, PRC+8 then DOC+999 (or YW3/380) the KID or invoice number,
//     with MOA+12 its amount when a payment covers several, DOC+381 a credit note (negative),
//     PRC+11 then FTX+AAG free text (kept as the payer's message)
//   CNT+LIN the number of LINs.
// The payments of a LIN must add up to its amount, to the øre. Any defect refuses the whole
// file naming the segment and its number.
//
//   ASSIGN_OR_RETURN(IncomingPaymentFile file, ParseCremul(bytes));   // format "CREMUL"
#ifndef RESKONTRA_FORMATS_CREMUL_H_
#define RESKONTRA_FORMATS_CREMUL_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/payment_file.h"

namespace reskontra {

absl::StatusOr<IncomingPaymentFile> ParseCremul(absl::string_view bytes);

}  // namespace reskontra

#endif  // RESKONTRA_FORMATS_CREMUL_H_
