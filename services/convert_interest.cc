// The wire edge of dröjsmålsränta: interest requests -> commands, the explanation, the
// candidates of a run and the interest events -> protobuf.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "domain/interest.h"
#include "services/convert.h"

namespace reskontra {

namespace {

// An exact amount in 1/kInterestDenominator öre as öre with six decimals (truncated).
std::string ExactOre(absl::int128 exact) {
  const absl::int128 micro = exact * 1'000'000 / kInterestDenominator;
  const int64_t v = static_cast<int64_t>(micro);
  return absl::StrFormat("%d.%06d", v / 1'000'000, v % 1'000'000);
}

}  // namespace

std::string FormatRate(int32_t bp) {
  const int32_t a = bp < 0 ? -bp : bp;
  return absl::StrFormat("%s%d,%02d", bp < 0 ? "-" : "", a / 100, a % 100);
}

absl::StatusOr<InterestSelection> ToSelection(const pb::InterestSelection& s) {
  InterestSelection out;
  ASSIGN_OR_RETURN(out.paid_from, RequiredDate(s.paid_from(), "paid-from date"));
  ASSIGN_OR_RETURN(out.paid_to, RequiredDate(s.paid_to(), "paid-to date"));
  ASSIGN_OR_RETURN(out.selection, ToSelection(s.selection()));
  if (s.has_min_interest_kronor()) out.min_interest_kronor = s.min_interest_kronor();
  if (s.has_min_days_late()) out.min_days_late = s.min_days_late();
  return out;
}

InterestPolicySet ToPolicy(const pb::InterestPolicy& p) {
  // What the request leaves out is the domain's default (ledger.proto, InterestPolicy).
  InterestPolicySet v = DefaultInterestPolicy();
  if (p.has_margin_bp()) v.margin_bp = p.margin_bp();
  if (p.has_from_day_after()) v.from_day_after = p.from_day_after();
  if (p.has_start_after_invoice_days()) v.start_after_invoice_days = p.start_after_invoice_days();
  if (p.has_min_interest_kronor()) v.min_interest_kronor = p.min_interest_kronor();
  if (p.has_min_days_late()) v.min_days_late = p.min_days_late();
  if (p.has_estates_exempt()) v.estates_exempt = p.estates_exempt();
  if (p.has_late_compensation()) v.late_compensation = p.late_compensation();
  if (p.has_invoice_due_days()) v.invoice_due_days = p.invoice_due_days();
  if (p.has_revenue_account()) v.revenue_account = p.revenue_account();
  return v;
}

pb::InterestPolicy ToProto(const InterestPolicySet& v) {
  pb::InterestPolicy p;
  p.set_margin_bp(v.margin_bp);
  p.set_from_day_after(v.from_day_after);
  p.set_start_after_invoice_days(v.start_after_invoice_days);
  p.set_min_interest_kronor(v.min_interest_kronor);
  p.set_min_days_late(v.min_days_late);
  p.set_estates_exempt(v.estates_exempt);
  p.set_late_compensation(v.late_compensation);
  p.set_invoice_due_days(v.invoice_due_days);
  p.set_revenue_account(v.revenue_account);
  return p;
}

pb::ReferenceRate ToProto(const ReferenceRateSet& v) {
  pb::ReferenceRate p;
  p.set_effective(FormatDate(v.effective));
  p.set_rate_bp(v.rate_bp);
  p.set_rate(FormatRate(v.rate_bp));
  p.set_source(v.source);
  return p;
}

absl::StatusOr<Command> ToCommand(const pb::SetReferenceRateRequest& r) {
  SetReferenceRate c;
  ASSIGN_OR_RETURN(c.effective, RequiredDate(r.effective(), "effective date"));
  c.rate_bp = r.rate_bp();
  c.source = r.source();
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::SetInterestPolicyRequest& r) {
  if (!r.has_policy()) return absl::InvalidArgumentError("the interest policy is missing");
  return Command{ToMeta(r.ctx()), SetInterestPolicy{ToPolicy(r.policy())}};
}

absl::StatusOr<Command> ToCommand(const pb::RecordPaidInterestRequest& r) {
  return Command{ToMeta(r.ctx()),
                 RecordPaidInterest{r.invoice_number(), Money::FromOre(r.amount_ore()), r.remark()}};
}

absl::StatusOr<Command> ToCommand(const pb::InterestRunRequest& r) {
  RunInterestInvoicing c;
  ASSIGN_OR_RETURN(c.selection, ToSelection(r.selection()));
  if (!r.due_date().empty()) {
    ASSIGN_OR_RETURN(Date d, RequiredDate(r.due_date(), "due date"));
    c.due_date = d;
  }
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::TransferInterestRequest& r) {
  TransferInterestToNextInvoice c;
  ASSIGN_OR_RETURN(c.selection, ToSelection(r.selection()));
  return Command{ToMeta(r.ctx()), std::move(c)};
}

pb::AccruedInterestResponse ToProto(const Invoice& inv, const InterestResult& r) {
  pb::AccruedInterestResponse o;
  o.set_invoice_number(inv.number);
  if (r.start) o.set_start(FormatDate(*r.start));
  o.set_end(FormatDate(r.end));
  o.set_definitive(r.definitive);
  o.set_exemption(r.exemption);
  o.set_days(r.days);
  *o.mutable_total() = ToProto(r.total);
  for (const InterestLine& l : r.lines) {
    pb::InterestLine* p = o.add_lines();
    p->set_from(FormatDate(l.from));
    p->set_to(FormatDate(l.to));
    p->set_days(l.days);
    *p->mutable_capital() = ToProto(l.capital);
    p->set_reference_bp(l.reference_bp);
    p->set_rate_bp(l.rate_bp);
    *p->mutable_interest() = ToProto(l.interest);
    p->set_exact_ore(ExactOre(l.exact));
  }
  o.set_convention(
      "simple interest per day on the capital; both ends counted; 365-day year; rate = reference rate + "
      "margin; exact sum rounded half up to whole öre once");
  o.set_exact_ore(ExactOre(r.exact));
  *o.mutable_charged() = ToProto(inv.interest - inv.interest_reversed);
  *o.mutable_paid_recorded() = ToProto(inv.interest_paid_recorded);
  *o.mutable_invoiced() = ToProto(inv.interest_invoiced);
  o.set_interest_invoice(inv.interest_settled_by);
  o.set_transferred(inv.interest_transferred);
  if (r.unregistered_half_year) o.set_unregistered_half_year(FormatDate(*r.unregistered_half_year));
  return o;
}

pb::InterestClaim ToProto(const LedgerState& state, CompanyId company, const InterestCandidate& k) {
  pb::InterestClaim p;
  p.set_invoice_number(k.invoice_number);
  p.set_customer_number(k.customer_number);
  if (const Customer* cu = state.FindCustomer(company, k.customer_number))
    p.set_customer_name(cu->details.name);
  p.set_due_date(FormatDate(k.due_date));
  p.set_paid_on(FormatDate(k.paid_on));
  p.set_days_late(k.days_late);
  p.set_days(k.days);
  *p.mutable_interest() = ToProto(k.interest);
  *p.mutable_deducted() = ToProto(k.deducted);
  *p.mutable_amount() = ToProto(k.amount);
  *p.mutable_compensation() = ToProto(k.compensation);
  *p.mutable_fees_noted() = ToProto(k.fees_noted);
  p.set_interest_invoice(k.interest_invoice);
  p.set_skipped(k.skipped);
  return p;
}

pb::InterestRunResponse SummariseInterestRun(const LedgerState& state,
                                             const std::vector<JournalRecord>& records) {
  pb::InterestRunResponse o;
  Money total, compensation;
  for (const JournalRecord& r : records) {
    const InterestInvoiced* v = std::get_if<InterestInvoiced>(&r.event.body);
    if (v == nullptr) v = std::get_if<InterestTransferredToNextInvoice>(&r.event.body);
    if (v == nullptr) continue;
    const Invoice* inv = state.FindInvoice(r.event.meta.company, v->invoice_number);
    InterestCandidate k;
    k.invoice_number = v->invoice_number;
    k.customer_number = inv ? inv->customer_number : "";
    if (inv) k.due_date = inv->due_date;
    k.paid_on = v->paid_on;
    k.days_late = inv ? std::max<int32_t>(0, static_cast<int32_t>(v->paid_on - inv->due_date)) : 0;
    k.days = v->days;
    k.interest = v->interest;
    k.deducted = v->deducted;
    k.amount = v->amount;
    k.compensation = v->compensation;
    k.interest_invoice = v->interest_invoice;
    *o.add_claims() = ToProto(state, r.event.meta.company, k);
    total += v->amount;
    compensation += v->compensation;
  }
  *o.mutable_total() = ToProto(total);
  *o.mutable_compensation() = ToProto(compensation);
  return o;
}

void SetDunningBody(const ReferenceRateSet& v, pb::JournalEvent& p) {
  auto* e = p.mutable_reference_rate_set();
  e->set_effective(FormatDate(v.effective));
  e->set_rate_bp(v.rate_bp);
  e->set_source(v.source);
}
void SetDunningBody(const InterestPolicySet& v, pb::JournalEvent& p) {
  *p.mutable_interest_policy_set() = ToProto(v);
}
namespace {
void SetInvoiced(const InterestInvoiced& v, pb::InterestInvoicedEvent* e) {
  e->set_invoice_number(v.invoice_number);
  e->set_interest_invoice(v.interest_invoice);
  *e->mutable_interest() = ToProto(v.interest);
  *e->mutable_deducted() = ToProto(v.deducted);
  *e->mutable_amount() = ToProto(v.amount);
  e->set_days(v.days);
  e->set_paid_on(FormatDate(v.paid_on));
  *e->mutable_compensation() = ToProto(v.compensation);
}
}  // namespace
void SetDunningBody(const InterestInvoiced& v, pb::JournalEvent& p) {
  SetInvoiced(v, p.mutable_interest_invoiced());
}
void SetDunningBody(const InterestTransferredToNextInvoice& v, pb::JournalEvent& p) {
  SetInvoiced(v, p.mutable_interest_transferred_to_next_invoice());
}
void SetDunningBody(const PeriodClosed& v, pb::JournalEvent& p) {
  auto* e = p.mutable_period_closed();
  e->set_through(FormatDate(v.through));
  e->set_move_to_open(v.move_to_open);
  e->set_sealed_position(v.sealed_position);
  e->set_sealed_hash(v.sealed_hash);
}
void SetDunningBody(const InvoicesArchived& v, pb::JournalEvent& p) {
  auto* e = p.mutable_invoices_archived();
  e->set_paid_before(FormatDate(v.paid_before));
  for (InvoiceNumber n : v.invoices) e->add_invoices(n);
}
pb::PostingRunCompletedEvent ToProto(const PostingRunCompleted& v) {
  pb::PostingRunCompletedEvent e;
  e.set_posting_date(FormatDate(v.posting_date));
  e.set_from_position(v.from_position);
  e.set_to_position(v.to_position);
  e.set_verifikationer(v.verifikationer);
  *e.mutable_debit_total() = ToProto(v.debit_total);
  for (const PostingRange& r : v.ranges) {
    pb::PostingRange* x = e.add_ranges();
    x->set_year(r.year);
    x->set_first(r.first);
    x->set_last(r.last);
  }
  return e;
}
void SetDunningBody(const PostingRunCompleted& v, pb::JournalEvent& p) {
  *p.mutable_posting_run_completed() = ToProto(v);
}
void SetDunningBody(const PaidInterestRecorded& v, pb::JournalEvent& p) {
  auto* e = p.mutable_paid_interest_recorded();
  e->set_invoice_number(v.invoice_number);
  *e->mutable_amount() = ToProto(v.amount);
  e->set_remark(v.remark);
}

}  // namespace reskontra
