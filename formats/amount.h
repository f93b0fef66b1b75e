// An amount as ISO 20022 and UN/EDIFACT write it: an unsigned decimal with a point, in kronor
// (or kroner), read into öre. Decimals beyond the second must be zeros: the ledger keeps öre.
#ifndef RESKONTRA_FORMATS_AMOUNT_H_
#define RESKONTRA_FORMATS_AMOUNT_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/money.h"

namespace reskontra {

// INVALID_ARGUMENT (to be prefixed with where it stands): not such a decimal, more than
// `max_decimals` decimals, fractions of an öre, or above the ledger's amount limit.
absl::StatusOr<Money> DecimalAmount(absl::string_view text, size_t max_decimals);

}  // namespace reskontra

#endif  // RESKONTRA_FORMATS_AMOUNT_H_
