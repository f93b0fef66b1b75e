// Bankgirot BgMax: the incoming-payments file. Fixed 80-character records, one per line;
// the first two characters are the transaction code (TK). Layout as in
// ../shared/domain/nordic-formats.md (from Bankgirot's BgMax technical manual):
//   01 start  05 opening  20 payment  21 deduction  22/23 extra reference (+/-)
//   25 information  26 name  27 address 1  28 address 2  29 organisation number
//   15 deposit  70 end
// The file is ISO-8859-1; a file that is valid UTF-8 is accepted too. Text fields come out
// as UTF-8. Any defect rejects the whole file with its line number: nothing is half-read.
//
//   ASSIGN_OR_RETURN(BgMaxFile file, ParseBgMax(bytes));
//   IncomingPaymentFile for_import = ToIncomingPaymentFile(file);   // domain/payment_file.h
#ifndef RESKONTRA_FORMATS_BGMAX_H_
#define RESKONTRA_FORMATS_BGMAX_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/date.h"
#include "domain/money.h"
#include "domain/payment_file.h"

namespace reskontra {

struct BgMaxExtraReference {
  std::string reference;
  Money amount;  // negative for TK23
  int reference_code = 0;
  friend bool operator==(const BgMaxExtraReference&, const BgMaxExtraReference&) = default;
};

// Reference codes (TK20 position 56).
inline constexpr int kBgMaxRefBlank = 0;
inline constexpr int kBgMaxRefUnavailable = 1;
inline constexpr int kBgMaxRefOcr = 2;
inline constexpr int kBgMaxRefMultiple = 3;  // see the extra references / information records
inline constexpr int kBgMaxRefText = 4;
inline constexpr int kBgMaxRefBadOcr = 5;  // failed the OCR check at Bankgirot

struct BgMaxPayment {
  int line = 0;            // of the TK20/21 record, for messages
  bool deduction = false;  // TK21: reduces the deposit
  std::string sender_bankgiro;
  std::string reference;
  Money amount;  // as in the file (positive); a deduction's effect is negative
  int reference_code = 0;
  int channel_code = 0;  // 1 e-bank, 2 Leverantörsbetalningar, 3 paper slip, 4 autogiro
  std::string bgc_serial;
  bool image = false;
  int deduction_code = 0;
  std::vector<BgMaxExtraReference> extra_references;
  std::vector<std::string> information;
  std::string payer_name, payer_extra_name, address, postcode, town, country, country_code, org_number;
  friend bool operator==(const BgMaxPayment&, const BgMaxPayment&) = default;
};

struct BgMaxDeposit {
  std::string bankgiro;  // receiving bankgiro, digits without leading zeros
  std::string plusgiro;
  std::string currency;
  std::vector<BgMaxPayment> payments;
  std::string bank_account;
  Date payment_date;
  int serial = 0;
  Money amount;  // Σ payments − Σ deductions, as checked
  friend bool operator==(const BgMaxDeposit&, const BgMaxDeposit&) = default;
};

struct BgMaxFile {
  int version = 0;
  std::string timestamp;
  bool test = false;
  std::vector<BgMaxDeposit> deposits;
  friend bool operator==(const BgMaxFile&, const BgMaxFile&) = default;
};

absl::StatusOr<BgMaxFile> ParseBgMax(absl::string_view bytes);

// Writes a file in the same layout (ISO-8859-1, CRLF-free, with TK15 totals and TK70 counts
// computed from the content): ParseBgMax(WriteBgMax(f)) == f for a well-formed f. For tests,
// generators and benchmarks.
std::string WriteBgMax(const BgMaxFile& file);

// What the import rule reads of a BgMax file (format "BGMAX"): a payment with reference code
// 3 (several references, in information records) has `several_references`.
IncomingPaymentFile ToIncomingPaymentFile(const BgMaxFile& file);

}  // namespace reskontra

#endif  // RESKONTRA_FORMATS_BGMAX_H_
