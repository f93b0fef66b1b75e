// Apply for kravverksamhet: the dunning policy and codes, the steps taken and cleared, runs, due dates,
// deferrals, amortisation plans, payment orders and transfers to collection.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "domain/apply.h"
#include "domain/ids.h"

namespace reskontra::apply {

absl::Status Applier::operator()(const DunningPolicySet& v) {
  Company& co = s.companies[c];
  co.dunning_policies[v.routine] = v;
  ++co.version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const LetterTextSet& v) {
  Company& co = s.companies[c];
  co.letter_texts[{v.kind, v.number}] = v;
  ++co.version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const CompanyDetailsSet& v) {
  Company& co = s.companies[c];
  co.details = v;
  ++co.version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const DunningCodeDefined& v) {
  Company& co = s.companies[c];
  co.dunning_codes[v.code] = v;
  ++co.version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const DunningCodeAssigned& v) {
  Invoice* inv = invoice_for(v.invoice_number);
  if (!inv) return Corrupt(e, "unknown invoice");
  inv->dunning.mut().code = v.code;
  inv->dunning.mut().code_until = v.until;
  ++inv->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const DunningCodeRemoved& v) {
  Invoice* inv = invoice_for(v.invoice_number);
  if (!inv || inv->dunning->code != v.code) return Corrupt(e, "removes a kravkod the invoice lacks");
  inv->dunning.mut().code = 0;
  inv->dunning.mut().code_until.reset();
  ++inv->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const DunningStepIssued& v) {
  Invoice* inv = invoice_for(v.invoice_number);
  const int i = static_cast<int>(v.step);
  if (!inv || i < 1 || i >= kDunningSteps) return Corrupt(e, "a letter for an unknown invoice or step");
  inv->dunning.mut().step_dates[i] = date;
  inv->dunning.mut().step_fees[i] = v.fee;
  inv->dunning.mut().fee_charged[i] = v.fee_charged;
  inv->dunning.mut().letters.push_back(date);
  ++inv->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const DunningStepCleared& v) {
  Invoice* inv = invoice_for(v.invoice_number);
  const int i = static_cast<int>(v.step);
  if (!inv || i < 1 || i >= kDunningSteps || !inv->dunning->step_dates[i] ||
      v.noted_removed > inv->fees_noted || v.noted_removed.is_negative()) {
    return Corrupt(e, "clears a step the invoice has not taken");
  }
  inv->dunning.mut().step_dates[i].reset();
  inv->dunning.mut().step_fees[i] = Money();
  inv->dunning.mut().fee_charged[i] = false;
  inv->fees_noted -= v.noted_removed;
  ++inv->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const DunningRunCompleted& v) {
  Company& co = s.companies[c];
  co.dunning_runs.push_back(v);
  ++co.version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const DueDateChanged& v) {
  Invoice* inv = invoice_for(v.invoice_number);
  if (!inv) return Corrupt(e, "unknown invoice");
  inv->due_date = v.due_date;
  ++inv->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const DeferralGranted& v) {
  Invoice* inv = invoice_for(v.invoice_number);
  if (!inv) return Corrupt(e, "unknown invoice");
  inv->dunning.mut().deferral_until = v.until;
  ++inv->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const AmortizationPlanEstablished& v) {
  Customer* cu = customer_for(v.customer_number);
  if (!cu || cu->FindPlan(v.plan_id)) return Corrupt(e, "a plan for an unknown customer or twice");
  for (InvoiceNumber n : v.invoices) {
    Invoice* inv = invoice_for(n);
    if (!inv || inv->customer_number != v.customer_number) return Corrupt(e, "a plan over a foreign claim");
    inv->dunning.mut().plan_id = v.plan_id;
    ++inv->version;
  }
  cu->plans.push_back(AmortizationPlan{v, date, true, PlanEnd::kCompleted, std::nullopt});
  ++cu->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const AmortizationPlanEnded& v) {
  Customer* cu = customer_for(v.customer_number);
  if (!cu) return Corrupt(e, "unknown customer");
  AmortizationPlan* plan = nullptr;
  for (AmortizationPlan& p : cu->plans)
    if (p.plan.plan_id == v.plan_id) plan = &p;
  if (!plan || !plan->active || plan->plan.invoices != v.invoices)
    return Corrupt(e, "ends a plan that is not active");
  plan->active = false;
  plan->end = v.reason;
  plan->ended = date;
  for (InvoiceNumber n : plan->plan.invoices) {
    Invoice* inv = invoice_for(n);
    if (!inv) return Corrupt(e, "unknown invoice");
    if (inv->dunning->plan_id == v.plan_id) inv->dunning.mut().plan_id.clear();
    ++inv->version;
  }
  ++cu->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const PaymentOrderApplied& v) {
  for (const PaymentOrderClaim& claim : v.claims) {
    auto it = s.invoices.find(CompanyInvoiceKey{claim.company, claim.invoice_number});
    if (it == s.invoices.end()) return Corrupt(e, "a payment order for an unknown claim");
    it->second.dunning.mut().payment_order_date = date;
    it->second.dunning.mut().payment_order_id = v.application_id;
    ++it->second.version;
  }
  return absl::OkStatus();
}

absl::Status Applier::operator()(const TransferredToCollection& v) {
  Invoice* inv = invoice_for(v.invoice_number);
  if (!inv) return Corrupt(e, "unknown invoice");
  inv->dunning.mut().collection_date = date;
  inv->dunning.mut().agency = v.agency;
  ++inv->version;
  return absl::OkStatus();
}

}  // namespace reskontra::apply
