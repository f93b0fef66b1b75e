// Apply for dröjsmålsränta: the reference rate, the interest policy, interest charged, invoiced, transferred
// to the next invoice or recorded as paid.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "domain/apply.h"
#include "domain/ids.h"

namespace reskontra::apply {

absl::Status Applier::settle_interest(const InterestInvoiced& v, bool transferred) {
  Invoice* inv = invoice_for(v.invoice_number);
  Invoice* target = invoice_for(v.interest_invoice);
  if (!inv || !target || inv == target) return Corrupt(e, "unknown original or interest invoice");
  if (inv->interest_settled_by != 0) return Corrupt(e, "interest invoiced twice");
  if (v.amount.is_negative()) return Corrupt(e, "negative interest");
  if (transferred && (!v.amount.is_positive() || target->status != InvoiceStatus::kOpen))
    return Corrupt(e, "transfers interest to a closed invoice");
  inv->interest_settled_by = v.interest_invoice;
  inv->interest_transferred = transferred;
  inv->interest_invoiced = v.amount;
  inv->interest_invoiced_on = date;
  inv->late_compensation += v.compensation;
  ++inv->version;
  if (transferred) {
    target->interest += v.amount;
  } else {
    target->is_interest_invoice = true;
  }
  ++target->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const InterestCharged& v) {
  Invoice* inv = invoice_for(v.invoice_number);
  if (!inv) return Corrupt(e, "unknown invoice");
  if (!v.amount.is_positive()) return Corrupt(e, "interest is not positive");
  inv->interest += v.amount;
  inv->status = InvoiceStatus::kOpen;
  inv->slutbetald.reset();
  ++inv->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const ReferenceRateSet& v) {
  s.reference_rates[v.effective] = v;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const InterestPolicySet& v) {
  Company& co = s.companies[c];
  co.interest_policy = v;
  ++co.version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const InterestInvoiced& v) { return settle_interest(v, false); }

absl::Status Applier::operator()(const InterestTransferredToNextInvoice& v) {
  return settle_interest(v, true);
}

absl::Status Applier::operator()(const PaidInterestRecorded& v) {
  Invoice* inv = invoice_for(v.invoice_number);
  if (!inv || !v.amount.is_positive()) return Corrupt(e, "unknown invoice or amount not positive");
  inv->interest_paid_recorded += v.amount;
  ++inv->version;
  return absl::OkStatus();
}

}  // namespace reskontra::apply
