// OCR references (Sweden) and KID (Norway): generation and the control levels banks apply.
//   Bankgirot's OCR control levels: hård (check digit + one of the agreed lengths),
//   mjuk (check digit only), variabel (check digit + length digit). At most 25 digits.
//   Length digit: the second-to-last digit is the total length (with length and check
//   digits) modulo 10.
//   KID: MOD10 (Luhn) or MOD11 (weights 2..7 from the right; 11 -> 0; 10 is never issued).
// Source: ../shared/domain/nordic-formats.md (Bankgirot and Nets conventions).
#ifndef RESKONTRA_DOMAIN_OCR_H_
#define RESKONTRA_DOMAIN_OCR_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace reskontra {

// Written to disk: never renumber.
enum class OcrControl : uint8_t { kSoft = 0, kHard = 1, kVariable = 2 };

// `base` digits + (optional length digit) + Luhn check digit.
std::string MakeOcr(absl::string_view base, bool with_length_digit);

// Validates a reference under a control level. `hard_lengths` lists the agreed lengths for
// kHard (empty: any length passes the length part).
absl::Status ValidateOcr(absl::string_view ocr, OcrControl control,
                         const std::vector<int>& hard_lengths = {});

// Written to disk: never renumber.
enum class ReferenceKind : uint8_t { kOcr = 0, kKidMod10 = 1, kKidMod11 = 2 };

// A payment reference for `base` (digits) under the company's kind: OCR (Luhn, optional
// length digit), KID MOD10 (Luhn) or KID MOD11 (a base whose check would be 10 gets a '0'
// appended until it has a check digit).
std::string MakeReference(absl::string_view base, ReferenceKind kind, bool with_length_digit);
// Validates an incoming or given reference under the company's kind and control level.
absl::Status ValidateReference(absl::string_view ref, ReferenceKind kind, OcrControl control);

int Mod11CheckDigit(absl::string_view digits);  // -1 when the check would be 10 ("-")
absl::Status ValidateKidMod10(absl::string_view kid);
absl::Status ValidateKidMod11(absl::string_view kid);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_OCR_H_
