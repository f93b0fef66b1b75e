// Identifiers of the ledger and their validation: company (företagsnummer, 1..999),
// invoice number (fakturanummer, 9 digits whose first two are the routine), customer number
// (kundnummer), Swedish person/organisation numbers, and OCR references (Luhn, modulus 10).
#ifndef RESKONTRA_DOMAIN_IDS_H_
#define RESKONTRA_DOMAIN_IDS_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/limits.h"

namespace reskontra {

using CompanyId = int32_t;
using InvoiceNumber = int64_t;

absl::Status ValidateCompanyId(CompanyId id);
absl::Status ValidateInvoiceNumber(InvoiceNumber n);
// Routine (rutinnummer) = the first two of the nine digits.
// One number for a company's invoice, ordered by company then invoice (for flat maps and sets).
inline int64_t CompanyInvoiceOrdinal(CompanyId c, InvoiceNumber n) {
  return int64_t{c} * (limits::kInvoiceNumberMax + 1) + n;
}
inline int RoutineOf(InvoiceNumber n) { return static_cast<int>(n / limits::kInvoicesPerRoutine); }
std::string FormatInvoiceNumber(InvoiceNumber n);  // always 9 digits
absl::Status ValidateCustomerNumber(absl::string_view s);
// 10 digits (YYMMDDNNNC / organisationsnummer) or 12 (YYYYMMDDNNNC), optional '-' before the
// last four; the last digit is the Luhn check digit of the last ten.
absl::Status ValidateNationalId(absl::string_view s);
// The national id without separator, as 10 or 12 digits.
std::string NormaliseNationalId(absl::string_view s);
// An organisation number as its ten digits: "16" + ten (the twelve-digit way of writing one) loses
// its prefix; anything else is returned as it is (a personnummer keeps its century).
std::string OrganisationNumber10(absl::string_view normalised);

// Luhn (modulus 10) check digit of a digit string.
int LuhnCheckDigit(absl::string_view digits);
bool LuhnValid(absl::string_view digits_with_check);
// A bank account as the ledger keeps it: an IBAN (ISO 13616, checked with its mod-97 digits),
// or a domestic account number (BBAN) of 7..20 digits. Spaces and hyphens are dropped and
// letters upper-cased: "SE45 5000 0000 0583 9825 7466" -> "SE4550000000058398257466".
absl::StatusOr<std::string> NormaliseBankAccount(absl::string_view account);
// Two normalised accounts name the same account: equal, or an IBAN and its domestic number
// (the IBAN's BBAN part, as in Norway: NO93 8601 1117 947 is 86011117947).
bool SameBankAccount(absl::string_view a, absl::string_view b);
absl::Status ValidateOcrReference(absl::string_view ocr);
// The default OCR reference of an invoice: its nine digits followed by the Luhn digit.
std::string DefaultOcrReference(InvoiceNumber n);

// Free-text fields: required (non-empty after trimming) or optional, with a maximum length
// in characters (UTF-8 code points), no control characters.
absl::Status ValidateText(absl::string_view field, absl::string_view value, int max_chars, bool required);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_IDS_H_
