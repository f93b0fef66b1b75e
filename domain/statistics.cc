#include "domain/statistics.h"

#include <variant>

#include "absl/strings/str_cat.h"
#include "domain/ids.h"

namespace reskontra {

void StatisticsBuilder::Count(InvoiceNumber invoice, int order, absl::string_view action, Money amount) {
  const int32_t routine = static_cast<int32_t>(RoutineOf(invoice));
  if (routine < filter_.routine_from || routine > filter_.routine_to) return;
  StatisticsRow& row = rows_[{routine, order}];
  row.routine = routine;
  row.action = std::string(action);
  ++row.count;
  row.amount += amount;
}

void StatisticsBuilder::Add(const Event& e) {
  if (e.meta.company != filter_.company || !filter_.dates.Contains(e.meta.effective_date)) return;
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, InvoiceIssued>) {
          Count(v.invoice_number, 0, "fakturerat", v.total);
        } else if constexpr (std::is_same_v<T, PaymentAllocated>) {
          Count(v.invoice_number, 1, "inbetalt", v.fees + v.interest + v.capital);
        } else if constexpr (std::is_same_v<T, NegativeInvoiceSettled>) {
          Count(v.invoice_number, 8, "negativ faktura till tillgodohavande", v.amount);
        } else if constexpr (std::is_same_v<T, CreditBalanceApplied>) {
          Count(v.invoice_number, 7, "betalt med tillgodohavande", v.fees + v.interest + v.capital);
        } else if constexpr (std::is_same_v<T, InvoiceCredited>) {
          Count(v.invoice_number, 2, "krediterat", v.amount);
        } else if constexpr (std::is_same_v<T, InvoiceAnnulled>) {
          Count(v.invoice_number, 3, "makulerat", v.amount);
        } else if constexpr (std::is_same_v<T, DebitAdjusted>) {
          Count(v.invoice_number, 4, "uppdebiterat", v.amount);
        } else if constexpr (std::is_same_v<T, WrittenOff>) {
          Count(v.invoice_number, 5, "avskrivet (kundförlust)", v.amount);
        } else if constexpr (std::is_same_v<T, SmallDifferenceWrittenOff>) {
          if (v.amount.is_positive()) Count(v.invoice_number, 6, "öresutjämning", v.amount);
        } else if constexpr (std::is_same_v<T, FeeCharged>) {
          if (v.charged)
            Count(v.invoice_number, 10 + static_cast<int>(v.kind), ChargeKindName(v.kind), v.amount);
        } else if constexpr (std::is_same_v<T, FeeReversed>) {
          Count(v.invoice_number, 20 + static_cast<int>(v.kind),
                absl::StrCat(ChargeKindName(v.kind), " avförd"), v.amount);
        } else if constexpr (std::is_same_v<T, InterestCharged>) {
          Count(v.invoice_number, 30, "ränta uppdebiterad", v.amount);
        } else if constexpr (std::is_same_v<T, InterestInvoiced>) {
          Count(v.invoice_number, 31, "räntefakturerat", v.amount);
        } else if constexpr (std::is_same_v<T, InterestTransferredToNextInvoice>) {
          Count(v.invoice_number, 32, "ränta överförd till nästa faktura", v.amount);
        } else if constexpr (std::is_same_v<T, DunningStepIssued>) {
          // A letter counts once, with the fee it charged (issue 23, item 10).
          Count(v.invoice_number, 40 + static_cast<int>(v.step), DunningStepName(v.step),
                v.fee_charged ? v.fee : Money());
        } else if constexpr (std::is_same_v<T, TransferredToCollection>) {
          Count(v.invoice_number, 50, "överlämnat till inkasso", v.claim);
        } else if constexpr (std::is_same_v<T, PaymentOrderApplied>) {
          for (const PaymentOrderClaim& c : v.claims)
            if (c.company == filter_.company)
              Count(c.invoice_number, 51, "betalningsföreläggande", c.capital + c.fees + c.interest);
        }
      },
      e.body);
}

Statistics StatisticsBuilder::Finish() const {
  absl::btree_map<int32_t, Money> invoiced;
  for (const auto& [key, row] : rows_)
    if (key.second == 0) invoiced[key.first] = row.amount;
  Statistics out;
  for (const auto& [key, row] : rows_) {
    StatisticsRow r = row;
    auto it = invoiced.find(key.first);
    if (it != invoiced.end() && it->second.is_positive())
      r.share_bp = static_cast<int32_t>(static_cast<__int128>(r.amount.ore()) * 10000 / it->second.ore());
    out.rows.push_back(std::move(r));
  }
  return out;
}

}  // namespace reskontra
