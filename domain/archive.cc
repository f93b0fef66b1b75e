#include "domain/archive.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "domain/ids.h"
#include "domain/limits.h"

namespace reskontra {

absl::StatusOr<std::vector<const Invoice*>> SelectForArchive(const LedgerState& state, CompanyId company,
                                                             const ArchiveInvoices& c, Date today) {
  if (today < c.paid_before)
    return absl::InvalidArgumentError(
        absl::StrCat("paid before ", FormatDate(c.paid_before), " is after today ", FormatDate(today)));
  if (c.routine_from < 0 || c.routine_to > limits::kRoutineMax || c.routine_to < c.routine_from ||
      c.invoice_from < 0 || c.invoice_to > limits::kInvoiceNumberMax || c.invoice_to < c.invoice_from)
    return absl::InvalidArgumentError("the routine or invoice-number range is malformed");
  if (c.keep_codes.size() > limits::kArchiveKeepCodesMax)
    return absl::InvalidArgumentError(
        absl::StrCat("at most ", limits::kArchiveKeepCodesMax, " kravkoder can be kept"));
  for (uint8_t code : c.keep_codes)
    if (code < 1 || code > limits::kDunningCodeMax)
      return absl::InvalidArgumentError("a kravkod is a digit 1-9");
  std::vector<const Invoice*> out;
  const Customer* customer = nullptr;
  auto it = state.invoices.lower_bound(CompanyInvoiceKey{company, c.invoice_from});
  for (; it != state.invoices.end() && it->first.company == company && it->first.number <= c.invoice_to;
       ++it) {
    const Invoice& inv = it->second;
    if (inv.routine < c.routine_from || inv.routine > c.routine_to) continue;
    // Settled for good: paid, credited or annulled (a written-off claim may still recover).
    if (inv.status == InvoiceStatus::kOpen || inv.status == InvoiceStatus::kWrittenOff) continue;
    if (!inv.balance().is_zero() || !inv.slutbetald || !(*inv.slutbetald < c.paid_before)) continue;
    if (std::any_of(inv.moves.begin(), inv.moves.end(),
                    [&](const SaldoMove& m) { return !(m.date < c.paid_before); }))
      continue;
    if (std::find(c.keep_codes.begin(), c.keep_codes.end(), inv.dunning->code) != c.keep_codes.end())
      continue;
    if (!inv.dunning->plan_id.empty()) {
      if (customer == nullptr || customer->number != inv.customer_number)
        customer = state.FindCustomer(company, inv.customer_number);
      const AmortizationPlan* plan = customer ? customer->FindPlan(inv.dunning->plan_id) : nullptr;
      if (plan && plan->active) continue;
    }
    const bool paid_late = inv.status == InvoiceStatus::kPaid && inv.due_date < *inv.slutbetald;
    if (paid_late && !inv.is_interest_invoice && inv.interest_settled_by == 0 &&
        !c.include_uninvoiced_interest)
      continue;
    out.push_back(&inv);
  }
  return out;
}

}  // namespace reskontra
