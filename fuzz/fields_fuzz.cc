// libFuzzer target: the small parsers every request goes through. The first byte picks one;
// each must answer any text with a value or INVALID_ARGUMENT, and what it accepts must
// survive its own formatting:
//   0 dates (ParseDate / FormatDate), 1 amounts (Money::Parse / ToDecimal, ToKronor),
//   2 OCR references (ValidateOcr / MakeOcr), 3 KID mod 10 and mod 11,
//   4 person- and organisationsnummer, 5 customer numbers and free text.
#include <cstddef>
#include <cstdint>

#include "base/status_macros.h"
#include "domain/date.h"
#include "domain/ids.h"
#include "domain/limits.h"
#include "domain/money.h"
#include "domain/ocr.h"

namespace {

void CheckRefusal(const absl::Status& s) {
  RESKONTRA_CHECK(s.ok() || s.code() == absl::StatusCode::kInvalidArgument);
}

bool AllDigits(absl::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace reskontra;  // NOLINT
  if (size == 0) return 0;
  const absl::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 6) {
    case 0: {
      absl::StatusOr<Date> d = ParseDate(text);
      CheckRefusal(d.status());
      if (d.ok()) {
        // YYYY-MM-DD, or the handbook's YYYYMMDD and YYMMDD (20YY).
        RESKONTRA_CHECK(text.size() == 6 || text.size() == 8 || FormatDate(*d) == text);
        RESKONTRA_CHECK(ParseDate(FormatDate(*d)).value() == *d);
        CheckRefusal(CheckDateInRange(*d, "date"));
      }
      break;
    }
    case 1: {
      absl::StatusOr<Money> m = Money::Parse(text);
      CheckRefusal(m.status());
      if (m.ok()) {
        RESKONTRA_CHECK(Money::Parse(m->ToDecimal()).value() == *m);
        RESKONTRA_CHECK(Money::Parse(m->ToKronor()).value() == *m);
      }
      break;
    }
    case 2: {
      for (OcrControl control : {OcrControl::kSoft, OcrControl::kHard, OcrControl::kVariable}) {
        CheckRefusal(ValidateOcr(text, control));
      }
      if (!text.empty() && text.size() + 2 <= static_cast<size_t>(limits::kOcrDigitsMax) && AllDigits(text)) {
        RESKONTRA_CHECK(ValidateOcr(MakeOcr(text, false), OcrControl::kSoft).ok());
        RESKONTRA_CHECK(ValidateOcr(MakeOcr(text, true), OcrControl::kVariable).ok());
      }
      break;
    }
    case 3:
      CheckRefusal(ValidateKidMod10(text));
      CheckRefusal(ValidateKidMod11(text));
      for (ReferenceKind kind : {ReferenceKind::kOcr, ReferenceKind::kKidMod10, ReferenceKind::kKidMod11}) {
        CheckRefusal(ValidateReference(text, kind, OcrControl::kSoft));
        if (!text.empty() && text.size() + 4 <= static_cast<size_t>(limits::kOcrDigitsMax) &&
            AllDigits(text)) {
          RESKONTRA_CHECK(ValidateReference(MakeReference(text, kind, false), kind, OcrControl::kSoft).ok());
        }
      }
      break;
    case 4:
      CheckRefusal(ValidateNationalId(text));
      if (ValidateNationalId(text).ok()) RESKONTRA_CHECK(ValidateNationalId(NormaliseNationalId(text)).ok());
      break;
    default:
      CheckRefusal(ValidateCustomerNumber(text));
      CheckRefusal(ValidateText("text", text, limits::kNoteMax, true));
      CheckRefusal(ValidateOcrReference(text));
      break;
  }
  return 0;
}
