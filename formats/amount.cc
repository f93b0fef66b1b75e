#include "formats/amount.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/limits.h"

namespace reskontra {

absl::StatusOr<Money> DecimalAmount(absl::string_view text, size_t max_decimals) {
  absl::string_view whole = text, fraction;
  if (size_t dot = text.find('.'); dot != absl::string_view::npos) {
    whole = text.substr(0, dot);
    fraction = text.substr(dot + 1);
  }
  auto digits = [](absl::string_view d) {
    return std::all_of(d.begin(), d.end(), [](char c) { return absl::ascii_isdigit(c); });
  };
  if (whole.empty() || whole.size() > 13 || !digits(whole) || !digits(fraction) ||
      fraction.size() > max_decimals)
    return absl::InvalidArgumentError(absl::StrCat("'", text, "' is not an amount"));
  if (fraction.size() > 2 && fraction.substr(2).find_first_not_of('0') != absl::string_view::npos)
    return absl::InvalidArgumentError(absl::StrCat("amount ", text, " has fractions of an öre"));
  // What is left is kronor with at most two decimals, as Money reads them.
  const absl::string_view cents = fraction.substr(0, std::min<size_t>(2, fraction.size()));
  absl::StatusOr<Money> m = Money::Parse(absl::StrCat(whole, ".", cents.empty() ? "0" : cents));
  if (!m.ok()) return absl::InvalidArgumentError(absl::StrCat("'", text, "' is not an amount"));
  if (m->ore() > limits::kAmountOreMax)
    return absl::InvalidArgumentError(absl::StrCat("amount ", text, " is larger than the ledger keeps"));
  return *m;
}

}  // namespace reskontra
