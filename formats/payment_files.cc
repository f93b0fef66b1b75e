#include "formats/payment_files.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "base/status_macros.h"
#include "formats/bgmax.h"
#include "formats/camt.h"
#include "formats/cremul.h"
#include "formats/ocr_giro.h"

namespace reskontra {

namespace {

// The content after a UTF-8 byte-order mark and leading white space.
absl::string_view Start(absl::string_view bytes) {
  absl::ConsumePrefix(&bytes, "\xEF\xBB\xBF");
  return absl::StripLeadingAsciiWhitespace(bytes);
}

const char* Name(PaymentFileFormat f) {
  switch (f) {
    case PaymentFileFormat::kBgMax:
      return "BGMAX";
    case PaymentFileFormat::kCamt054:
      return "CAMT054";
    case PaymentFileFormat::kCamt053:
      return "CAMT053";
    case PaymentFileFormat::kOcrGiro:
      return "OCRGIRO";
    case PaymentFileFormat::kCremul:
      return "CREMUL";
    default:
      return "AUTO";
  }
}

}  // namespace

absl::StatusOr<IncomingPaymentFile> ReadPaymentFile(absl::string_view bytes, PaymentFileFormat format) {
  if (static_cast<int>(format) < 0 || static_cast<int>(format) > 5)
    return absl::InvalidArgumentError("unknown payment file format");
  const absl::string_view start = Start(bytes);
  const bool looks_bgmax = absl::StartsWith(start, "01BGMAX");
  const bool looks_xml = absl::StartsWith(start, "<");
  const bool looks_ocr_giro = absl::StartsWith(start, "NY000010");
  const bool looks_edifact = absl::StartsWith(start, "UNA") || absl::StartsWith(start, "UNB+");
  const bool detect = format == PaymentFileFormat::kAuto;
  if (detect) {
    if (looks_bgmax) format = PaymentFileFormat::kBgMax;
    if (looks_ocr_giro) format = PaymentFileFormat::kOcrGiro;
    if (looks_edifact) format = PaymentFileFormat::kCremul;
    if (looks_xml) format = PaymentFileFormat::kCamt054;  // camt.053 or .054: the namespace says
    if (format == PaymentFileFormat::kAuto) {
      return absl::InvalidArgumentError(
          "the file is neither BgMax (01BGMAX…), Nets OCR giro (NY000010…), CREMUL (UNA/UNB…) nor an ISO "
          "20022 camt.053/camt.054 message");
    }
  }
  if (format == PaymentFileFormat::kBgMax) {
    if (!looks_bgmax)
      return absl::InvalidArgumentError("the file is not BgMax: it does not start with 01BGMAX");
    ASSIGN_OR_RETURN(BgMaxFile file, ParseBgMax(bytes));
    return ToIncomingPaymentFile(file);
  }
  if (format == PaymentFileFormat::kCremul) {
    if (!looks_edifact)
      return absl::InvalidArgumentError("the file is not CREMUL: it does not start with UNA or UNB");
    return ParseCremul(Start(bytes));
  }
  if (format == PaymentFileFormat::kOcrGiro) {
    if (!looks_ocr_giro)
      return absl::InvalidArgumentError("the file is not Nets OCR giro: it does not start with NY000010");
    ASSIGN_OR_RETURN(OcrGiroFile file, ParseOcrGiro(bytes));
    return ToIncomingPaymentFile(file);
  }
  if (!looks_xml)
    return absl::InvalidArgumentError(absl::StrCat("the file is not ", Name(format), ": it is not XML"));
  ASSIGN_OR_RETURN(IncomingPaymentFile file, ParseCamt(bytes));
  if (!detect && file.format != Name(format))
    return absl::InvalidArgumentError(absl::StrCat("the file is ", file.format, ", not ", Name(format)));
  return file;
}

}  // namespace reskontra
