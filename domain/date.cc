#include "domain/date.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "domain/limits.h"

namespace reskontra {

namespace {
bool AllDigits(absl::string_view s) {
  for (char c : s)
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  return !s.empty();
}
int ToInt(absl::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}
}  // namespace

absl::StatusOr<Date> ParseDate(absl::string_view text) {
  int y, m, d;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-' && AllDigits(text.substr(0, 4)) &&
      AllDigits(text.substr(5, 2)) && AllDigits(text.substr(8, 2))) {
    y = ToInt(text.substr(0, 4));
    m = ToInt(text.substr(5, 2));
    d = ToInt(text.substr(8, 2));
  } else if (text.size() == 8 && AllDigits(text)) {
    y = ToInt(text.substr(0, 4));
    m = ToInt(text.substr(4, 2));
    d = ToInt(text.substr(6, 2));
  } else if (text.size() == 6 && AllDigits(text)) {
    y = 2000 + ToInt(text.substr(0, 2));
    m = ToInt(text.substr(2, 2));
    d = ToInt(text.substr(4, 2));
  } else {
    return absl::InvalidArgumentError(absl::StrCat("date '", text, "' is not YYYY-MM-DD"));
  }
  Date day(y, m, d);
  if (day.year() != y || day.month() != m || day.day() != d) {
    return absl::InvalidArgumentError(absl::StrCat("date '", text, "' does not exist"));
  }
  RETURN_IF_ERROR(CheckDateInRange(day, "date"));
  return day;
}

std::string FormatDate(Date d) { return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day()); }

absl::Status CheckDateInRange(Date d, absl::string_view what) {
  if (d.year() < limits::kYearMin || d.year() > limits::kYearMax) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " ", FormatDate(d), " is outside ", limits::kYearMin, "..", limits::kYearMax));
  }
  return absl::OkStatus();
}

int32_t DateToDays(Date d) { return static_cast<int32_t>(d - Date(1970, 1, 1)); }

// Howard Hinnant's civil_from_days (http://howardhinnant.github.io/date_algorithms.html):
// constant time. Abseil's `Date(1970, 1, 1) + days` normalizes by walking centuries, years
// and months, which was 6 % of decoding a record (every record carries dates).
Date DaysToDate(int32_t days) {
  const int64_t z = int64_t{days} + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;                                       // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;                             // [1, 31]
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;                                // [1, 12]
  return Date(yoe + era * 400 + (m <= 2), m, d);
}

}  // namespace reskontra
