// The payment rules. Inside a claim a payment covers fees first, then charged interest, then
// capital (the company may choose another order); a payment for a customer, or one whose claim
// is already paid, goes to the customer's open claims oldest first, and what no claim owes
// becomes the customer's credit balance. The manual payment commands (registration, the
// unmatched queue, reversal) and the company's payment settings and methods are decided here;
// the file import is in payment_import.h.
//
//   Allocation a = Allocate(invoice, Money::FromOre(50000), AllocationOrderOf(company));
//   // a.fees + a.interest + a.capital + a.rest == 500,00 kr
#ifndef RESKONTRA_DOMAIN_PAYMENTS_H_
#define RESKONTRA_DOMAIN_PAYMENTS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/commands.h"
#include "domain/decide.h"
#include "domain/events.h"
#include "domain/state.h"

namespace reskontra {

// How a payment splits inside an invoice: fees first, then charged interest, then capital;
// `rest` is what the invoice does not owe.
struct Allocation {
  Money fees, interest, capital, rest;
  Money allocated() const { return fees + interest + capital; }
};
// `order` is a permutation of F (fees), I (interest), C (capital); "" means FIC.
Allocation Allocate(const Invoice& invoice, Money amount, absl::string_view order = "");
// The company's allocation order ("" when it has no payment settings).
absl::string_view AllocationOrderOf(const Company& company);
// A customer's open invoices, oldest first (due date, then invoice number).
std::vector<const Invoice*> OpenInvoicesOldestFirst(const LedgerState& state, CompanyId company,
                                                    absl::string_view customer);
// Spreads a payment on `on` over the customer's open invoices oldest first: PaymentAllocated
// events (bodies; each after the interest a claim in a plan charges first, see
// PlanInterestDue) and the rest that no invoice owes.
std::vector<EventBody> SpreadOldestFirst(const LedgerState& state, CompanyId company,
                                         absl::string_view customer, const std::string& payment_id,
                                         Money amount, Date on, Money* rest);

// A customer's credit balance (förskott), up to `amount`, applied on `on` to `invoices` in
// their order, each split by the company's order: the CreditBalanceApplied bodies (with the
// plan interest charged first, as for a payment; none when nothing is owed).
std::vector<EventBody> ApplyCredit(const LedgerState& state, CompanyId company, const Customer& customer,
                                   const std::vector<const Invoice*>& invoices, Money amount, Date on);

// The payment commands (called by Decide): SetPaymentSettings, DefinePaymentMethod,
// RecordPayment, ResolveUnmatchedPayment, ReversePayment.
absl::StatusOr<std::vector<Event>> DecidePayments(const LedgerState& state, const CommandMeta& meta,
                                                  const CommandBody& command, const DecideContext& ctx);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_PAYMENTS_H_
