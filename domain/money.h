// Money: an amount in integer öre (1/100 SEK) over int64, with overflow-checked arithmetic.
// There is deliberately no constructor from floating point.
//
//   ASSIGN_OR_RETURN(Money m, Money::Parse("1 234,50"));   // 123450 öre
//   std::string s = m.ToKronor();                          // "1 234,50"
#ifndef RESKONTRA_DOMAIN_MONEY_H_
#define RESKONTRA_DOMAIN_MONEY_H_

#include <compare>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace reskontra {

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money FromOre(int64_t ore) { return Money(ore); }
  static constexpr Money Zero() { return Money(0); }

  // Parses kronor with an optional decimal comma or point and at most two decimals:
  // "1234", "1234,5", "1 234,50", "-12.00". Rejects anything that is not exactly that.
  static absl::StatusOr<Money> Parse(absl::string_view text);

  constexpr int64_t ore() const { return ore_; }
  constexpr bool is_zero() const { return ore_ == 0; }
  constexpr bool is_positive() const { return ore_ > 0; }
  constexpr bool is_negative() const { return ore_ < 0; }

  // Overflow-checked; nullopt on overflow.
  std::optional<Money> CheckedAdd(Money other) const;
  std::optional<Money> CheckedSub(Money other) const;
  // Crash on overflow: use where limits make overflow a programmer error.
  Money operator+(Money other) const;
  Money operator-(Money other) const;
  Money operator-() const;
  Money& operator+=(Money other) { return *this = *this + other; }
  Money& operator-=(Money other) { return *this = *this - other; }

  friend constexpr auto operator<=>(Money, Money) = default;

  // "1 234,50" (non-breaking thin spacing avoided: a plain space groups thousands).
  std::string ToKronor() const;
  // "1234.50": machine form for JSON/CSV.
  std::string ToDecimal() const;

 private:
  explicit constexpr Money(int64_t ore) : ore_(ore) {}
  int64_t ore_ = 0;
};

inline Money Min(Money a, Money b) { return a < b ? a : b; }
inline Money Max(Money a, Money b) { return a < b ? b : a; }

// value * rate_bp / 10000, rounded half away from zero (the one rounding rule for VAT).
absl::StatusOr<Money> ApplyBasisPoints(Money value, int64_t rate_bp);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_MONEY_H_
