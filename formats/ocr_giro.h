// Nets OCR giro (Norway): the file of incoming KID payments. Fixed 80-character records, one
// per line, each starting "NY", the service code (00 transmission, 09 OCR giro), the
// transaction type and the record type. Layout as in Nets' "OCR giro – System manual" (and
// the public reader otovo/python-netsgiro):
//   NY000010  transmission start: data transmitter, transmission number, data recipient
//   NY090020  assignment start: agreement id, assignment number, the receiving account (11)
//   NY09tt30  amount item 1: transaction number, Nets date (DDMMYY), centre, day code,
//             partial settlement, sign, amount in øre (17), KID (25, right-aligned)
//   NY09tt31  amount item 2: form number (archive reference), reference, bank date, the
//             debited account
//   NY09tt32  amount item 3 (types 20 and 21): a 40-character text
//   NY090088  assignment end: transactions, records, total, dates
//   NY000089  transmission end: transactions, records, total, Nets date
// Transaction types 10–17 are payments (giro, standing order, direct remittance, terminal,
// counter, AvtaleGiro, telegiro, cash); 18 and 20 reverse a payment (negative), 19 and 21 are
// purchases. Every count and total is checked; any defect refuses the whole file with its
// line number.
//
//   ASSIGN_OR_RETURN(OcrGiroFile file, ParseOcrGiro(bytes));
//   IncomingPaymentFile for_import = ToIncomingPaymentFile(file);   // format "OCRGIRO", NOK
#ifndef RESKONTRA_FORMATS_OCR_GIRO_H_
#define RESKONTRA_FORMATS_OCR_GIRO_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/date.h"
#include "domain/money.h"
#include "domain/payment_file.h"

namespace reskontra {

struct OcrGiroTransaction {
  int type = 10;   // 10..21
  int number = 0;  // transaction number, 1.. within the transmission
  Date nets_date;  // the settlement date
  std::string centre_id = "00";
  int day_code = 0;
  int partial_settlement = 0;
  std::string partial_serial = "00000";
  Money amount;                            // signed: a reversal is negative
  std::string kid;                         // as paid, without the padding
  std::string form_number = "0000000000";  // blankettnummer
  std::string reference = "000000000";     // arkivreferanse: the bank's reference of the payment
  std::string bank_date = "000000";        // DDMMYY or zeros
  std::string debit_account = "00000000000";
  std::string text;  // amount item 3 (types 20, 21)
  friend bool operator==(const OcrGiroTransaction&, const OcrGiroTransaction&) = default;
};

struct OcrGiroAssignment {
  std::string agreement_id = "000000000";
  std::string number;   // 7 digits
  std::string account;  // 11 digits: the receiving account
  std::vector<OcrGiroTransaction> transactions;
  friend bool operator==(const OcrGiroAssignment&, const OcrGiroAssignment&) = default;
};

struct OcrGiroFile {
  std::string transmitter = "00008080";
  std::string transmission_number;  // 7 digits
  std::string recipient;            // 8 digits
  Date nets_date;                   // of the transmission end
  std::vector<OcrGiroAssignment> assignments;
  friend bool operator==(const OcrGiroFile&, const OcrGiroFile&) = default;
};

absl::StatusOr<OcrGiroFile> ParseOcrGiro(absl::string_view bytes);

// The same layout, with the assignment and transmission totals computed from the content:
// ParseOcrGiro(WriteOcrGiro(f)) == f for a well-formed f. For tests, generators, benchmarks.
std::string WriteOcrGiro(const OcrGiroFile& file);

// One deposit per assignment and settlement date, one payment per transaction: the KID as
// the reference, a reversal as a negative payment for the unmatched queue, the item-3 text as
// the payer's message, the archive reference (arkivreferanse) as the bank's reference.
IncomingPaymentFile ToIncomingPaymentFile(const OcrGiroFile& file);

}  // namespace reskontra

#endif  // RESKONTRA_FORMATS_OCR_GIRO_H_
