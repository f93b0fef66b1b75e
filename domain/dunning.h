// Kravverksamhet: the dunning rules. Which step a claim takes next and when (kravstatus),
// what a run would do (kontrollista), and the commands of dunning and collection.
//
//   KravStatus st = DunningStatusOf(state, invoice, today);
//   ASSIGN_OR_RETURN(DunningPreview p, PreviewDunningRun(state, company, selection, date, today));
#ifndef RESKONTRA_DOMAIN_DUNNING_H_
#define RESKONTRA_DOMAIN_DUNNING_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/commands.h"
#include "domain/decide.h"
#include "domain/state.h"

namespace reskontra {

// Swedish law and practice: påminnelseavgift 60 kr, inkassoavgift 180 kr, avgift för
// amorteringsplan 170 kr, fees only where agreed, at most two letters a month per claim,
// reminder 1 ten days after the due date, inkassokrav fourteen days after reminder 1, a plan
// over more than 1 000 kr and, beyond 12 months, with an approver.
DunningPolicySet DefaultDunningPolicy(int32_t routine = 0);
// The policy of one step (reminder 1 … threat) in a routine's policy.
const DunningStepPolicy& StepPolicy(const DunningPolicySet& policy, DunningStep step);
// The betalningsbevakning text a payment-order application sets (handbook 7.17).
inline constexpr absl::string_view kPaymentOrderWatchText = "Betalningsföreläggande";

// Kravstatus of one claim on a date.
struct KravStatus {
  DunningStep reached = DunningStep::kNone;
  DunningStep next = DunningStep::kNone;  // kNone: nothing further (paid, chain complete)
  std::optional<Date> next_date;          // earliest date the next step may be taken
  std::string held_by;                    // why it waits, "" when nothing holds it
  bool due = false;                       // the next step would be taken by a run on the date
};
KravStatus DunningStatusOf(const LedgerState& state, const Invoice& invoice, Date on);

// Whether a plan is still kept on `on`: all claims open are paid at least as far as the
// instalments due by then (after the policy's grace days) require.
enum class PlanCheck { kKept, kCompleted, kMissed };
PlanCheck CheckPlan(const LedgerState& state, CompanyId company, const AmortizationPlan& plan, Date on);
// What the debtor has paid toward a plan's ledger claims: their debt at the plan, plus what
// was charged to them after the plan date (the plan's interest), less what they still owe.
Money PlanPaid(const LedgerState& state, CompanyId company, const AmortizationPlan& plan);
// A claim in an active plan that carries interest per payment day (PlanInterest::kPerPaymentDay)
// is charged, before a payment on `on` is allocated to it, the interest accrued up to that day
// and not yet charged (so that the payment covers the new interest before the capital, as the
// handbook's 7.18 says). nullopt when there is none to charge.
std::optional<InterestCharged> PlanInterestDue(const LedgerState& state, const Invoice& invoice, Date on);
// `invoice` with `charge` (if any) added, for allocating a payment after it.
Invoice WithCharge(const Invoice& invoice, const std::optional<InterestCharged>& charge);

// The instalments of a plan (handbook 7.18): each pays first the fees and the interest accrued
// up to the plan date, then the new interest since the last payment day (the interest-bearing
// capital × rate × days / (10 000 × 365), rounded half up per instalment), then capital
// (interest-bearing first). An error when `monthly` does not pay it all in `max_count`.
struct PlanTerms {
  Money fees;             // fees and accrued interest
  Money bearing_capital;  // capital that bears the plan's interest
  Money free_capital;     // capital that does not (a claim exempt from interest)
  int32_t rate_bp = 0;    // 0: no interest
  Date plan_date;
  Date first_payment;
  bool last_of_month = false;
  Money notification_fee;
};
absl::StatusOr<std::vector<PlanInstalment>> PlanSchedule(const PlanTerms& terms, Money monthly,
                                                         int32_t max_count);
// The least whole-kronor monthly amount that pays the plan off in `months` instalments.
absl::StatusOr<Money> PlanMonthlyFor(const PlanTerms& terms, int32_t months);

// One letter of a dunning run.
struct DunningLetter {
  InvoiceNumber invoice_number = 0;
  std::string customer_number;
  DunningStep step = DunningStep::kNone;
  Money claim;
  Money fee;
  bool fee_charged = false;
  Money accrued_interest;  // printed on the letter (policy): up to the run date
  int32_t interest_days = 0;
  Money interest_charged;  // uppdebiterad at the inkassokrav: accrued less charged before
  Money compensation;      // förseningsersättning charged with the letter
  Money customer_credit;   // the customer's credit balance left after covered claims: stated
};
struct PlanOutcome {
  std::string customer_number;
  std::string plan_id;
  PlanEnd reason = PlanEnd::kCompleted;
};
// The kontrollista: what a run on `run_date` would do. Writes nothing; repeatable.
struct DunningPreview {
  std::vector<PlanOutcome> plans_ended;
  std::vector<DunningLetter> letters;
  // Claims due for a letter that the customer's credit balance covers: no letter (netting).
  std::vector<InvoiceNumber> covered_by_credit;
};
absl::StatusOr<DunningPreview> PreviewDunningRun(const LedgerState& state, CompanyId company,
                                                 const RunDunning& run, Date today);

// Claims a collection transfer would take (kontrollista of the transfer).
absl::StatusOr<std::vector<InvoiceNumber>> SelectForCollection(const LedgerState& state, CompanyId company,
                                                               const TransferToCollection& command,
                                                               Date today);

// Whether a claim is in a selection (routine, invoice range, customer), and the selection's
// own checks.
bool InSelection(const Invoice& inv, const DunningSelection& sel);
absl::Status ValidateSelection(const DunningSelection& sel);
// The invoices of a company in a selection, in invoice-number order.
template <class F>
void ForEachSelected(const LedgerState& s, CompanyId company, const DunningSelection& sel, F&& f) {
  auto it = s.invoices.lower_bound(CompanyInvoiceKey{company, sel.first_invoice});
  for (; it != s.invoices.end() && it->first.company == company; ++it) {
    if (sel.last_invoice != 0 && it->first.number > sel.last_invoice) break;
    if (InSelection(it->second, sel)) f(it->second);
  }
}

// The dunning commands (called by Decide).
absl::StatusOr<std::vector<Event>> DecideDunning(const LedgerState& state, const CommandMeta& meta,
                                                 const CommandBody& command, const DecideContext& ctx);

// Same day of the month `months` later, clamped to the month's last day.
Date AddMonths(Date d, int months);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_DUNNING_H_
