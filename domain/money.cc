#include "domain/money.h"

#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"

namespace reskontra {

absl::StatusOr<Money> Money::Parse(absl::string_view text) {
  absl::string_view s = text;
  if (s.empty()) return absl::InvalidArgumentError("amount is empty");
  bool negative = false;
  if (s.front() == '-') {
    negative = true;
    s.remove_prefix(1);
  } else if (s.back() == '-') {  // the handbook's trailing minus
    negative = true;
    s.remove_suffix(1);
  }
  if (s.empty()) return absl::InvalidArgumentError(absl::StrCat("amount '", text, "' has no digits"));
  int64_t kronor = 0;
  int int_digits = 0;
  size_t i = 0;
  bool last_was_space = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == ' ') {
      if (int_digits == 0 || last_was_space) break;
      last_was_space = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    last_was_space = false;
    if (++int_digits > 16)
      return absl::InvalidArgumentError(absl::StrCat("amount '", text, "' is too large"));
    kronor = kronor * 10 + (c - '0');
  }
  if (int_digits == 0 || last_was_space) {
    return absl::InvalidArgumentError(absl::StrCat("amount '", text, "' is not a number"));
  }
  int64_t ore_part = 0;
  if (i < s.size()) {
    if (s[i] != ',' && s[i] != '.') {
      return absl::InvalidArgumentError(absl::StrCat("amount '", text, "' is not a number"));
    }
    ++i;
    int decimals = 0;
    for (; i < s.size(); ++i) {
      char c = s[i];
      if (c < '0' || c > '9') {
        return absl::InvalidArgumentError(absl::StrCat("amount '", text, "' is not a number"));
      }
      if (++decimals > 2) {
        return absl::InvalidArgumentError(absl::StrCat("amount '", text, "' has more than 2 decimals (öre)"));
      }
      ore_part = ore_part * 10 + (c - '0');
    }
    if (decimals == 0)
      return absl::InvalidArgumentError(absl::StrCat("amount '", text, "' ends in a separator"));
    if (decimals == 1) ore_part *= 10;
  }
  int64_t ore = kronor * 100 + ore_part;  // <= 10^16 * 100: fits in int64
  return Money(negative ? -ore : ore);
}

std::optional<Money> Money::CheckedAdd(Money other) const {
  int64_t out;
  if (__builtin_add_overflow(ore_, other.ore_, &out)) return std::nullopt;
  return Money(out);
}

std::optional<Money> Money::CheckedSub(Money other) const {
  int64_t out;
  if (__builtin_sub_overflow(ore_, other.ore_, &out)) return std::nullopt;
  return Money(out);
}

Money Money::operator+(Money other) const {
  std::optional<Money> r = CheckedAdd(other);
  RESKONTRA_CHECK(r.has_value());
  return *r;
}

Money Money::operator-(Money other) const {
  std::optional<Money> r = CheckedSub(other);
  RESKONTRA_CHECK(r.has_value());
  return *r;
}

Money Money::operator-() const {
  RESKONTRA_CHECK(ore_ != INT64_MIN);
  return Money(-ore_);
}

namespace {
std::string GroupThousands(uint64_t v) {
  std::string digits = absl::StrCat(v);
  std::string out;
  int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out.push_back(' ');
    out.push_back(digits[i]);
  }
  return out;
}
uint64_t Abs(int64_t v) { return v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v); }
}  // namespace

std::string Money::ToKronor() const {
  uint64_t a = Abs(ore_);
  return absl::StrFormat("%s%s,%02d", ore_ < 0 ? "-" : "", GroupThousands(a / 100),
                         static_cast<int>(a % 100));
}

std::string Money::ToDecimal() const {
  uint64_t a = Abs(ore_);
  return absl::StrFormat("%s%d.%02d", ore_ < 0 ? "-" : "", a / 100, static_cast<int>(a % 100));
}

absl::StatusOr<Money> ApplyBasisPoints(Money value, int64_t rate_bp) {
  __int128 product = static_cast<__int128>(value.ore()) * rate_bp;
  __int128 q = product / 10000;
  __int128 r = product % 10000;
  if (r * 2 >= 10000) ++q;
  if (r * 2 <= -10000) --q;
  if (q > INT64_MAX || q < INT64_MIN) return absl::OutOfRangeError("amount overflow");
  return Money::FromOre(static_cast<int64_t>(q));
}

}  // namespace reskontra
