// Business dates (civil days, no time zone) and their one text form, ISO "YYYY-MM-DD".
// Parsers reject what does not round-trip: "2026-02-30" is an error, not March 2nd.
#ifndef RESKONTRA_DOMAIN_DATE_H_
#define RESKONTRA_DOMAIN_DATE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace reskontra {

using Date = absl::CivilDay;

// Accepts "YYYY-MM-DD" and the handbook's "YYMMDD"/"YYYYMMDD"; checks the ledger's year range.
absl::StatusOr<Date> ParseDate(absl::string_view text);
std::string FormatDate(Date d);
// Checks a date lies inside limits::kYearMin..kYearMax.
absl::Status CheckDateInRange(Date d, absl::string_view what);

// Compact integer form used on disk: days since 1970-01-01.
int32_t DateToDays(Date d);
Date DaysToDate(int32_t days);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_DATE_H_
