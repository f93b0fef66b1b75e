#include "domain/ids.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "domain/limits.h"

namespace reskontra {

namespace {
bool AllDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}
}  // namespace

absl::Status ValidateCompanyId(CompanyId id) {
  if (id < 1 || id > limits::kCompanyIdMax) {
    return absl::InvalidArgumentError(absl::StrCat("company ", id, " is outside 1..", limits::kCompanyIdMax));
  }
  return absl::OkStatus();
}

absl::Status ValidateInvoiceNumber(InvoiceNumber n) {
  if (n < limits::kInvoiceNumberMin || n > limits::kInvoiceNumberMax) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invoice number ", n, " must have 9 digits with a routine 01..99 first (010000000..999999999)"));
  }
  return absl::OkStatus();
}

std::string FormatInvoiceNumber(InvoiceNumber n) { return absl::StrFormat("%09d", n); }

absl::Status ValidateCustomerNumber(absl::string_view s) {
  if (s.empty()) return absl::InvalidArgumentError("customer number is empty");
  if (s.size() > static_cast<size_t>(limits::kCustomerNumberMax)) {
    return absl::InvalidArgumentError(
        absl::StrCat("customer number is longer than ", limits::kCustomerNumberMax, " characters"));
  }
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-') {
      return absl::InvalidArgumentError(
          absl::StrCat("customer number '", s, "' may hold only letters, digits and '-'"));
    }
  }
  return absl::OkStatus();
}

std::string NormaliseNationalId(absl::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '-' && c != '+') out.push_back(c);
  return out;
}

std::string OrganisationNumber10(absl::string_view normalised) {
  if (normalised.size() == 12 && normalised.substr(0, 2) == "16") return std::string(normalised.substr(2));
  return std::string(normalised);
}

absl::Status ValidateNationalId(absl::string_view s) {
  std::string d = NormaliseNationalId(s);
  if (!AllDigits(d) || (d.size() != 10 && d.size() != 12)) {
    return absl::InvalidArgumentError(
        absl::StrCat("person/organisation number '", s, "' must have 10 or 12 digits"));
  }
  absl::string_view last10 = absl::string_view(d).substr(d.size() - 10);
  if (!LuhnValid(last10)) {
    return absl::InvalidArgumentError(
        absl::StrCat("person/organisation number '", s, "' has a wrong check digit"));
  }
  // An organisation number's third digit is 2 or more (its "month" is 20..99), written with
  // the prefix 16 in twelve digits. Anything else is a personnummer (or samordningsnummer,
  // day + 60) whose birth date must exist.
  const int month = (last10[2] - '0') * 10 + (last10[3] - '0');
  const absl::string_view century = d.size() == 12 ? absl::string_view(d).substr(0, 2) : "";
  if (month >= 20 && (century.empty() || century == "16")) return absl::OkStatus();
  if (century == "16") {
    return absl::InvalidArgumentError(
        absl::StrCat("organisation number '", s, "': its third digit must be 2 or more"));
  }
  int day = (last10[4] - '0') * 10 + (last10[5] - '0');
  const bool coordination = day > 60;
  if (coordination) day -= 60;
  const int yy = (last10[0] - '0') * 10 + (last10[1] - '0');
  auto exists = [&](int year) {
    return month >= 1 && month <= 12 && day >= 1 && absl::CivilDay(year, month, day).day() == day &&
           absl::CivilDay(year, month, day).month() == month;
  };
  // Ten digits leave the century open: the date must exist in one of them (29 February 00).
  const bool valid = century.empty() ? exists(1900 + yy) || exists(2000 + yy)
                                     : exists(((century[0] - '0') * 10 + (century[1] - '0')) * 100 + yy);
  if (!valid) {
    return absl::InvalidArgumentError(absl::StrCat(coordination ? "samordningsnummer '" : "personnummer '", s,
                                                   "' has an impossible birth date (month ", month, ", day ",
                                                   day, coordination ? " + 60" : "", ")"));
  }
  return absl::OkStatus();
}

int LuhnCheckDigit(absl::string_view digits) {
  int sum = 0;
  bool twice = true;  // rightmost payload digit is doubled
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int v = *it - '0';
    if (twice) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    twice = !twice;
  }
  return (10 - sum % 10) % 10;
}

bool LuhnValid(absl::string_view s) {
  if (s.size() < 2 || !AllDigits(s)) return false;
  return LuhnCheckDigit(s.substr(0, s.size() - 1)) == s.back() - '0';
}

absl::StatusOr<std::string> NormaliseBankAccount(absl::string_view account) {
  std::string a;
  for (char ch : account) {
    if (ch == ' ' || ch == '-') continue;
    a.push_back(absl::ascii_toupper(static_cast<unsigned char>(ch)));
  }
  if (AllDigits(a)) {
    if (a.size() < static_cast<size_t>(limits::kBbanDigitsMin) ||
        a.size() > static_cast<size_t>(limits::kBbanDigitsMax)) {
      return absl::InvalidArgumentError(absl::StrCat("bank account '", account, "' must be an IBAN or ",
                                                     limits::kBbanDigitsMin, "..", limits::kBbanDigitsMax,
                                                     " digits"));
    }
    return a;
  }
  const bool shape = a.size() >= static_cast<size_t>(limits::kIbanCharsMin) &&
                     a.size() <= static_cast<size_t>(limits::kIbanCharsMax) && absl::ascii_isalpha(a[0]) &&
                     absl::ascii_isalpha(a[1]) && absl::ascii_isdigit(a[2]) && absl::ascii_isdigit(a[3]) &&
                     std::all_of(a.begin(), a.end(), [](char ch) { return absl::ascii_isalnum(ch); });
  if (!shape) {
    return absl::InvalidArgumentError(
        absl::StrCat("bank account '", account, "' is neither an IBAN nor a domestic account number"));
  }
  // ISO 13616: move the first four characters to the end, letters as 10..35, mod 97 == 1.
  int rest = 0;
  const std::string moved = a.substr(4) + a.substr(0, 4);
  for (char ch : moved) {
    const int v = absl::ascii_isdigit(ch) ? ch - '0' : ch - 'A' + 10;
    rest = (v >= 10 ? rest * 100 : rest * 10) + v;
    rest %= 97;
  }
  if (rest != 1)
    return absl::InvalidArgumentError(absl::StrCat("IBAN '", account, "' has wrong check digits"));
  return a;
}

bool SameBankAccount(absl::string_view a, absl::string_view b) {
  if (a == b) return true;
  auto iban_bban = [](absl::string_view iban, absl::string_view bban) {
    return iban.size() > 4 && absl::ascii_isalpha(iban[0]) && AllDigits(bban) && !bban.empty() &&
           iban.substr(4) == bban;
  };
  return iban_bban(a, b) || iban_bban(b, a);
}

absl::Status ValidateOcrReference(absl::string_view ocr) {
  if (!AllDigits(ocr) || ocr.size() < static_cast<size_t>(limits::kOcrDigitsMin) ||
      ocr.size() > static_cast<size_t>(limits::kOcrDigitsMax)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "OCR reference '", ocr, "' must be ", limits::kOcrDigitsMin, "..", limits::kOcrDigitsMax, " digits"));
  }
  if (!LuhnValid(ocr)) {
    return absl::InvalidArgumentError(absl::StrCat("OCR reference '", ocr, "' has a wrong check digit"));
  }
  return absl::OkStatus();
}

std::string DefaultOcrReference(InvoiceNumber n) {
  std::string digits = FormatInvoiceNumber(n);
  return absl::StrCat(digits, LuhnCheckDigit(digits));
}

absl::Status ValidateText(absl::string_view field, absl::string_view value, int max_chars, bool required) {
  if (required && absl::StripAsciiWhitespace(value).empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, " is required"));
  }
  int chars = 0;
  for (unsigned char c : value) {
    if (c < 0x20 || c == 0x7f) {
      return absl::InvalidArgumentError(absl::StrCat(field, " contains a control character"));
    }
    if ((c & 0xC0) != 0x80) ++chars;
  }
  if (chars > max_chars) {
    return absl::InvalidArgumentError(absl::StrCat(field, " is longer than ", max_chars, " characters"));
  }
  return absl::OkStatus();
}

}  // namespace reskontra
