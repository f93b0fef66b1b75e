// Dröjsmålsränta (late-payment interest): the reference-rate register, accrued interest on
// any date with its explanation, and the interest commands (interest invoicing, transfer to
// the next invoice, paid accrued interest).
//
// The convention, stated once (and tested against Kronofogden's calculator: 6 780 kr at 8 %
// from 2021-01-01 to 2021-04-20 is 163,46 kr):
//  - Simple interest per day on the claim's outstanding capital (never on fees or interest).
//  - The rate of a day is the reference rate in force that day (ReferenceRateSet, shared by all
//    companies) plus the company's margin (8 percentage points by default, räntelagen 6 §).
//  - Interest runs from the day after the due date (räntelagen 3 §; by policy from the due date
//    itself, the handbook's other reading) up to and including the end date: the final payment
//    date, or the date asked. Both ends are counted. A due date on a
//    Saturday, Sunday or Swedish public holiday moves to the next banking day: paying then is
//    on time (lag 1930:173).
//  - A payment on or before the (banking-day) due date bears no interest. A later payment lowers
//    the capital from the day after its date (its own day still bears interest). An amount
//    removed with a method flagged dröjsmålsfaktureras ej bears no interest at all.
//  - A year is 365 days, leap years too (Kronofogden's divisor).
//  - Rounding: each sub-period's interest is the exact fraction capital × rate × days /
//    (10 000 × 365) öre. The exact fractions are summed and the sum is rounded half up to whole
//    öre once. The explanation's lines show the running total rounded, line by line, so they
//    add up to the total exactly; each line is within one öre of its exact value.
#ifndef RESKONTRA_DOMAIN_INTEREST_H_
#define RESKONTRA_DOMAIN_INTEREST_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/status/statusor.h"
#include "domain/commands.h"
#include "domain/decide.h"
#include "domain/state.h"

namespace reskontra {

// The fraction's denominator: rates in hundredths of a percent, a 365-day year.
inline constexpr int64_t kInterestDenominator = 10'000 * 365;

InterestPolicySet DefaultInterestPolicy();
// The company's interest policy, or the defaults.
InterestPolicySet InterestPolicyOf(const Company& company);

// Riksbanken's published reference rates, 2016-01-01 to 2026-01-01, preloaded into every new
// ledger as ReferenceRateSet events (sources in interest.cc).
std::vector<ReferenceRateSet> PublishedReferenceRates();

// Saturday, Sunday or a Swedish public holiday (allmän helgdag, midsommarafton, julafton,
// nyårsafton): no banking day.
bool IsBankHoliday(Date d);
Date NextBankingDay(Date d);  // d itself when it is a banking day
// The handbook's rule for interest-invoice due dates: Saturday and Sunday move to Monday.
Date WeekendToMonday(Date d);

// The reference rate in force on `d`; NOT_FOUND before the first registered rate.
absl::StatusOr<int32_t> ReferenceRateOn(const LedgerState& state, Date d);

struct InterestLine {
  Date from, to;  // both counted
  int32_t days = 0;
  Money capital;
  int32_t reference_bp = 0;
  int32_t rate_bp = 0;     // reference + margin, hundredths of a percent
  absl::int128 exact = 0;  // capital × rate × days, in 1/kInterestDenominator öre
  Money interest;          // the running total rounded, less the lines before
};
struct InterestResult {
  std::string exemption;      // why no interest is due, "" when it is computed
  std::optional<Date> start;  // the first interest day
  Date end;                   // the last day counted
  bool definitive = false;    // `end` is the final payment date (slutbetalningsdatum)
  std::vector<InterestLine> lines;
  absl::int128 exact = 0;  // Σ lines' exact, in 1/kInterestDenominator öre
  Money total;             // exact rounded half up to whole öre
  int32_t days = 0;        // räntedagar: days with capital outstanding
  // Set when the period reaches a half-year (1 January / 1 July) after the last registered
  // reference rate: the last rate was used for it, which Riksbanken may have changed.
  std::optional<Date> unregistered_half_year;
};
// Rounds an exact amount (1/kInterestDenominator öre) half up to whole öre.
Money RoundInterest(absl::int128 exact);

// The interest of `invoice` accrued up to and including `to` (or its final payment date when
// that is earlier), with one line per sub-period. `from`, when given, counts only days from
// it on (to split a period: the parts' exact sums add up to the whole).
absl::StatusOr<InterestResult> AccruedInterest(const LedgerState& state, const Invoice& invoice, Date to,
                                               std::optional<Date> from = std::nullopt);

// One claim of an interest run (räntefakturering) or of the list of uninvoiced interest and
// fees (ej debiterade räntor och avgifter).
struct InterestCandidate {
  InvoiceNumber invoice_number = 0;
  std::string customer_number;
  Date due_date;
  Date paid_on;
  int32_t days_late = 0;
  int32_t days = 0;                    // räntedagar
  Money interest;                      // definitive interest
  Money deducted;                      // charged and paid accrued interest
  Money amount;                        // interest - deducted
  Money compensation;                  // förseningsersättning to invoice with it
  Money fees_noted;                    // reminder and collection fees printed but not charged
  InvoiceNumber interest_invoice = 0;  // routine + 50 (invoicing) or the next invoice (transfer)
  std::string skipped;                 // why it is not invoiced ("" = it is)
};
// Fully paid claims in the payment period with their definitive interest. With
// `include_skipped` the claims under the thresholds are listed too, with the reason.
absl::StatusOr<std::vector<InterestCandidate>> SelectInterestCandidates(const LedgerState& state,
                                                                        CompanyId company,
                                                                        const InterestSelection& sel,
                                                                        bool include_skipped);
// The next invoice a claim's interest is transferred to: the customer's newest open invoice
// (latest invoice date, then highest number) dated on or after the claim's final payment,
// not an interest invoice; 0 when none.
InvoiceNumber NextInvoiceFor(const LedgerState& state, const Invoice& paid);

// The interest commands (called by Decide).
absl::StatusOr<std::vector<Event>> DecideInterest(const LedgerState& state, const CommandMeta& meta,
                                                  const CommandBody& command, const DecideContext& ctx);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_INTEREST_H_
