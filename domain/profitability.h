// Lönsam fakturering: the profitability of invoicing as the thesis in the seeds measures it
// (other-seeds.md §8), per delivery channel and invoice-size bucket (optionally per billing
// month), on a snapshot day:
//   fee income (fees collected) + interest income (interest collected, on the claim or by its
//   interest invoice) − letter costs (the invoice and every dunning letter, per channel)
//   − credit losses (konstaterade: written off less recovered) − interest cost (capital
//   outstanding past the due date × the company's funding rate) = NETTO;
//   EFFEKT = NETTO / (invoiced − written off), in hundredths of a percent.
// Befarade kundförluster (claims past due more than `doubtful_after_days` on the day) are shown
// beside it, as the thesis does, without entering NETTO. Annulled invoices (felaktigt
// utställda) leave the cohort; their letter cost stays in NETTO. Money in öre, rates integers.
#ifndef RESKONTRA_DOMAIN_PROFITABILITY_H_
#define RESKONTRA_DOMAIN_PROFITABILITY_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/reports.h"
#include "domain/state.h"

namespace reskontra {

inline constexpr int kSizeBuckets = 6;  // FAKTURERAT 0-200, 200-400, 400-600, 600-800, 800-1000, 1000- kr
absl::string_view SizeBucketName(int bucket);
int SizeBucketOf(Money invoiced);

struct ProfitabilityParams {
  CompanyId company = 1;
  DateRange invoice_dates;        // the cohort, by fakturadatum
  Date on;                        // the snapshot day
  int32_t funding_rate_bp = 400;  // the company's cost of capital, per year
  std::array<Money, 3> letter_cost{Money::FromOre(700), Money(), Money()};  // by DeliveryChannel
  int32_t doubtful_after_days = 90;
  bool by_month = false;
};

struct ProfitabilityRow {
  DeliveryChannel channel = DeliveryChannel::kPaper;
  int bucket = -1;     // -1: all sizes (the channel's total, or the grand total)
  std::string month;   // "YYYY-MM" when by month, else ""
  bool total = false;  // the grand total (all channels)
  int64_t invoices = 0;
  int64_t annulled = 0;
  Money invoiced, fee_income, interest_income, letter_costs, credit_losses, interest_cost, doubtful;
  Money netto;
  int32_t effect_bp = 0;
  friend bool operator==(const ProfitabilityRow&, const ProfitabilityRow&) = default;
};

// Capital outstanding past the due date, in öre-days, up to `end` (the claim's slutbetald day,
// else the snapshot day): the base of the interest cost.
__int128 CapitalDaysLate(const Invoice& inv, Date end);

// Over the live claims and `archived` (claims read back from the archive; may be null).
// INVALID_ARGUMENT for a negative rate or cost, or a reversed date range.
absl::StatusOr<std::vector<ProfitabilityRow>> BuildProfitability(const LedgerState& state,
                                                                 const ArchivedInvoices* archived,
                                                                 const ProfitabilityParams& p);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_PROFITABILITY_H_
