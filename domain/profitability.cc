#include "domain/profitability.h"

#include <algorithm>

#include "absl/container/btree_map.h"
#include "absl/strings/str_format.h"
#include "domain/limits.h"

namespace reskontra {

absl::string_view SizeBucketName(int bucket) {
  static constexpr absl::string_view kNames[kSizeBuckets] = {"0-200",   "200-400",  "400-600",
                                                             "600-800", "800-1000", "1000-"};
  return bucket >= 0 && bucket < kSizeBuckets ? kNames[bucket] : "alla";
}

int SizeBucketOf(Money invoiced) {
  const int64_t kronor = invoiced.ore() / 100;
  return static_cast<int>(std::clamp<int64_t>(kronor / 200, 0, kSizeBuckets - 1));
}

__int128 CapitalDaysLate(const Invoice& inv, Date end) {
  std::vector<CapitalMove> moves = inv.capital_moves;
  std::stable_sort(moves.begin(), moves.end(),
                   [](const CapitalMove& a, const CapitalMove& b) { return a.date < b.date; });
  __int128 days = 0;
  int64_t open = inv.capital.ore();
  Date cursor = inv.due_date;
  auto accrue = [&](Date to) {
    if (cursor < to) {
      days += static_cast<__int128>(std::max<int64_t>(open, 0)) * (to - cursor);
      cursor = to;
    }
  };
  for (const CapitalMove& m : moves) {
    if (end < m.date) break;
    accrue(m.date);
    open -= m.amount.ore();
  }
  accrue(end);
  return days;
}

namespace {

struct Cell {
  int64_t invoices = 0, annulled = 0;
  Money invoiced, fee_income, interest_income, letter_costs, credit_losses, doubtful, written_off;
  __int128 capital_days = 0;
  void Add(const Cell& o) {
    invoices += o.invoices;
    annulled += o.annulled;
    invoiced += o.invoiced;
    fee_income += o.fee_income;
    interest_income += o.interest_income;
    letter_costs += o.letter_costs;
    credit_losses += o.credit_losses;
    doubtful += o.doubtful;
    written_off += o.written_off;
    capital_days += o.capital_days;
  }
};

ProfitabilityRow RowOf(const Cell& c, int32_t funding_rate_bp) {
  ProfitabilityRow r;
  r.invoices = c.invoices;
  r.annulled = c.annulled;
  r.invoiced = c.invoiced;
  r.fee_income = c.fee_income;
  r.interest_income = c.interest_income;
  r.letter_costs = c.letter_costs;
  r.credit_losses = c.credit_losses;
  r.doubtful = c.doubtful;
  // öre-days × rate / (10 000 × 365), rounded down once per cell.
  r.interest_cost = Money::FromOre(static_cast<int64_t>(c.capital_days * funding_rate_bp / (10'000 * 365)));
  r.netto = r.fee_income + r.interest_income - r.letter_costs - r.credit_losses - r.interest_cost;
  const int64_t base = (c.invoiced - c.written_off).ore();
  r.effect_bp = base > 0 ? static_cast<int32_t>(static_cast<__int128>(r.netto.ore()) * 10'000 / base) : 0;
  return r;
}

}  // namespace

absl::StatusOr<std::vector<ProfitabilityRow>> BuildProfitability(const LedgerState& state,
                                                                 const ArchivedInvoices* archived,
                                                                 const ProfitabilityParams& p) {
  if (p.funding_rate_bp < 0 || p.funding_rate_bp > limits::kFundingRateBpMax || p.doubtful_after_days < 0)
    return absl::InvalidArgumentError("the funding rate is 0..10000 basis points; days are not negative");
  for (Money cost : p.letter_cost)
    if (cost.is_negative()) return absl::InvalidArgumentError("a letter cost is not negative");
  if (p.invoice_dates.from && p.invoice_dates.to && *p.invoice_dates.to < *p.invoice_dates.from)
    return absl::InvalidArgumentError("the invoice-date range ends before it starts");
  // (channel, month, bucket) -> cell
  absl::btree_map<std::tuple<int, std::string, int>, Cell> cells;
  auto paid_capital_of = [&](InvoiceNumber n) -> Money {
    if (const Invoice* i = state.FindInvoice(p.company, n)) return i->paid_capital;
    if (archived) {
      auto it = archived->find(CompanyInvoiceKey{p.company, n});
      if (it != archived->end()) return it->second.paid_capital;
    }
    return Money();
  };
  auto visit = [&](const Invoice& inv) {
    if (inv.is_interest_invoice || !p.invoice_dates.Contains(inv.invoice_date) || p.on < inv.invoice_date)
      return;
    const Customer* cu = state.FindCustomer(inv.company, inv.customer_number);
    const DeliveryChannel channel = cu ? cu->details.delivery : DeliveryChannel::kPaper;
    const Money letter = p.letter_cost[static_cast<int>(channel)];
    const std::string month =
        p.by_month ? absl::StrFormat("%04d-%02d", inv.invoice_date.year(), inv.invoice_date.month()) : "";
    Cell& c = cells[{static_cast<int>(channel), month, SizeBucketOf(inv.capital)}];
    const int64_t letters = 1 + static_cast<int64_t>(inv.dunning->letters.size());
    c.letter_costs += Money::FromOre(letter.ore() * letters);
    if (inv.status == InvoiceStatus::kAnnulled) {
      ++c.annulled;
      return;
    }
    ++c.invoices;
    c.invoiced += inv.capital;
    c.fee_income += inv.paid_fees;
    c.interest_income += inv.paid_interest;
    if (inv.interest_settled_by != 0 && !inv.interest_transferred)
      c.interest_income += paid_capital_of(inv.interest_settled_by);
    c.written_off += inv.written_off;
    c.credit_losses += inv.written_off - inv.recovered;
    const bool settled = inv.balance().is_zero() && inv.slutbetald;
    if (!settled && inv.balance().is_positive() && inv.due_date + p.doubtful_after_days < p.on)
      c.doubtful += inv.balance();
    c.capital_days += CapitalDaysLate(inv, settled ? std::min(*inv.slutbetald, p.on) : p.on);
  };
  auto each = [&](const absl::btree_map<CompanyInvoiceKey, Invoice>& invoices) {
    for (auto it = invoices.lower_bound(CompanyInvoiceKey{p.company, 0});
         it != invoices.end() && it->first.company == p.company; ++it)
      visit(it->second);
  };
  each(state.invoices);
  if (archived) each(*archived);
  std::vector<ProfitabilityRow> out;
  Cell grand;
  absl::btree_map<std::pair<int, std::string>, Cell> per_channel;
  for (const auto& [key, cell] : cells) {
    const auto& [channel, month, bucket] = key;
    ProfitabilityRow r = RowOf(cell, p.funding_rate_bp);
    r.channel = static_cast<DeliveryChannel>(channel);
    r.month = month;
    r.bucket = bucket;
    out.push_back(std::move(r));
    per_channel[{channel, month}].Add(cell);
    grand.Add(cell);
  }
  for (const auto& [key, cell] : per_channel) {
    ProfitabilityRow r = RowOf(cell, p.funding_rate_bp);
    r.channel = static_cast<DeliveryChannel>(key.first);
    r.month = key.second;
    out.push_back(std::move(r));
  }
  ProfitabilityRow total = RowOf(grand, p.funding_rate_bp);
  total.total = true;
  out.push_back(std::move(total));
  return out;
}

}  // namespace reskontra
