#include "domain/ocr.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "domain/ids.h"
#include "domain/limits.h"

namespace reskontra {

namespace {
absl::Status Digits(absl::string_view s, absl::string_view what) {
  if (s.size() < static_cast<size_t>(limits::kOcrDigitsMin) ||
      s.size() > static_cast<size_t>(limits::kOcrDigitsMax)) {
    return absl::InvalidArgumentError(absl::StrCat(what, " '", s, "' must have ", limits::kOcrDigitsMin, "..",
                                                   limits::kOcrDigitsMax, " digits"));
  }
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return absl::InvalidArgumentError(absl::StrCat(what, " '", s, "' has a non-digit"));
    }
  }
  return absl::OkStatus();
}
}  // namespace

std::string MakeOcr(absl::string_view base, bool with_length_digit) {
  std::string out(base);
  if (with_length_digit) out.push_back(static_cast<char>('0' + (base.size() + 2) % 10));
  out.push_back(static_cast<char>('0' + LuhnCheckDigit(out)));
  return out;
}

std::string MakeReference(absl::string_view base, ReferenceKind kind, bool with_length_digit) {
  if (kind != ReferenceKind::kKidMod11) return MakeOcr(base, with_length_digit);
  std::string out(base);
  int check = Mod11CheckDigit(out);
  // Check 10 is never issued. Appending a digit d adds 2d to a shifted sum; only one d in
  // 0..10 gives 10 again, so '0' or '1' always works.
  for (char pad = '0'; check < 0 && pad <= '1'; ++pad) {
    out = absl::StrCat(base, std::string(1, pad));
    check = Mod11CheckDigit(out);
  }
  out.push_back(static_cast<char>('0' + check));
  return out;
}

absl::Status ValidateReference(absl::string_view ref, ReferenceKind kind, OcrControl control) {
  switch (kind) {
    case ReferenceKind::kOcr:
      return ValidateOcr(ref, control);
    case ReferenceKind::kKidMod10:
      return ValidateKidMod10(ref);
    case ReferenceKind::kKidMod11:
      return ValidateKidMod11(ref);
  }
  return absl::InvalidArgumentError("unknown reference kind");
}

absl::Status ValidateOcr(absl::string_view ocr, OcrControl control, const std::vector<int>& hard_lengths) {
  RETURN_IF_ERROR(Digits(ocr, "OCR reference"));
  if (!LuhnValid(ocr)) {
    return absl::InvalidArgumentError(absl::StrCat("OCR reference '", ocr, "' has a wrong check digit"));
  }
  if (control == OcrControl::kVariable && static_cast<size_t>(ocr[ocr.size() - 2] - '0') != ocr.size() % 10) {
    return absl::InvalidArgumentError(absl::StrCat("OCR reference '", ocr, "' has a wrong length digit"));
  }
  if (control == OcrControl::kHard && !hard_lengths.empty() &&
      std::find(hard_lengths.begin(), hard_lengths.end(), static_cast<int>(ocr.size())) ==
          hard_lengths.end()) {
    return absl::InvalidArgumentError(absl::StrCat("OCR reference '", ocr, "' has a length not agreed"));
  }
  return absl::OkStatus();
}

int Mod11CheckDigit(absl::string_view digits) {
  int sum = 0, weight = 2;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    sum += (*it - '0') * weight;
    weight = weight == 7 ? 2 : weight + 1;
  }
  int check = 11 - sum % 11;
  if (check == 11) return 0;
  if (check == 10) return -1;
  return check;
}

absl::Status ValidateKidMod10(absl::string_view kid) {
  RETURN_IF_ERROR(Digits(kid, "KID"));
  if (!LuhnValid(kid)) return absl::InvalidArgumentError(absl::StrCat("KID '", kid, "' fails MOD10"));
  return absl::OkStatus();
}

absl::Status ValidateKidMod11(absl::string_view kid) {
  RETURN_IF_ERROR(Digits(kid, "KID"));
  int check = Mod11CheckDigit(kid.substr(0, kid.size() - 1));
  if (check < 0 || check != kid.back() - '0') {
    return absl::InvalidArgumentError(absl::StrCat("KID '", kid, "' fails MOD11"));
  }
  return absl::OkStatus();
}

}  // namespace reskontra
