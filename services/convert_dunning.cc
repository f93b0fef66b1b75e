// The wire edge of kravverksamhet: dunning requests -> commands, kravstatus, receipts and the
// dunning events -> protobuf.
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "domain/dunning.h"
#include "domain/limits.h"
#include "services/convert.h"

namespace reskontra {

namespace {

std::string Opt(const std::optional<Date>& d) { return d ? FormatDate(*d) : ""; }

absl::StatusOr<DunningStep> ToStep(pb::DunningStep s, bool allow_none) {
  const int v = static_cast<int>(s);
  if (v < 0 || v > 5 || (v == 0 && !allow_none)) return absl::InvalidArgumentError("unknown dunning step");
  return static_cast<DunningStep>(v);
}

// A step left out is the default step `d`; a step given without days is blank; the fields a
// given step leaves out are the default step's.
DunningStepPolicy ToStepPolicy(bool given, const pb::DunningStepPolicy& p, const DunningStepPolicy& d) {
  if (!given) return d;
  const DunningStepPolicy base = p.has_days() ? d : DunningStepPolicy{};
  return DunningStepPolicy{p.has_days() ? p.days() : -1,
                           p.has_fee_kronor() ? p.fee_kronor() : base.fee_kronor,
                           p.has_charged() ? p.charged() : base.charged,
                           p.has_print_interest() ? p.print_interest() : base.print_interest,
                           p.has_text_number() ? p.text_number() : base.text_number};
}
pb::DunningStepPolicy ToProto(const DunningStepPolicy& p) {
  pb::DunningStepPolicy o;
  if (p.days >= 0) o.set_days(p.days);
  o.set_fee_kronor(p.fee_kronor);
  o.set_charged(p.charged);
  o.set_print_interest(p.print_interest);
  o.set_text_number(p.text_number);
  return o;
}

struct Flag {
  uint32_t bit;
  bool (pb::DunningCode::*get)() const;
  void (pb::DunningCode::*set)(bool);
};
constexpr Flag kFlags[] = {
    {kCodeNoInvoice, &pb::DunningCode::no_invoice, &pb::DunningCode::set_no_invoice},
    {kCodeNoReminder1, &pb::DunningCode::no_reminder1, &pb::DunningCode::set_no_reminder1},
    {kCodeNoReminder2, &pb::DunningCode::no_reminder2, &pb::DunningCode::set_no_reminder2},
    {kCodeNoDemand, &pb::DunningCode::no_demand, &pb::DunningCode::set_no_demand},
    {kCodeNoInterest, &pb::DunningCode::no_interest, &pb::DunningCode::set_no_interest},
    {kCodeNoInterestInDeferral, &pb::DunningCode::no_interest_in_deferral,
     &pb::DunningCode::set_no_interest_in_deferral},
    {kCodeNoThreat, &pb::DunningCode::no_threat, &pb::DunningCode::set_no_threat},
    {kCodeNoResidual, &pb::DunningCode::no_residual, &pb::DunningCode::set_no_residual},
};

absl::string_view PlanEndName(PlanEnd e) {
  switch (e) {
    case PlanEnd::kCompleted:
      return "COMPLETED";
    case PlanEnd::kMissedInstalment:
      return "MISSED";
    case PlanEnd::kCancelled:
      return "CANCELLED";
  }
  return "UNKNOWN";
}

}  // namespace

absl::StatusOr<DunningSelection> ToSelection(const pb::DunningSelection& s) {
  return DunningSelection{s.routine(), s.first_invoice(), s.last_invoice(), s.customer_number()};
}

pb::DunningPolicy ToProto(const DunningPolicySet& p) {
  pb::DunningPolicy o;
  o.set_routine(p.routine);
  *o.mutable_reminder1() = ToProto(p.reminder1);
  *o.mutable_reminder2() = ToProto(p.reminder2);
  *o.mutable_demand() = ToProto(p.demand);
  *o.mutable_residual() = ToProto(p.residual);
  *o.mutable_threat() = ToProto(p.threat);
  o.set_demand_base(p.demand_base);
  o.set_charge_interest_at_demand(p.charge_interest_at_demand);
  o.set_fees_agreed(p.fees_agreed);
  o.set_no_fee_below_ore(p.no_fee_below.ore());
  o.set_max_letters_per_month(p.max_letters_per_month);
  o.set_plan_min_total_ore(p.plan_min_total.ore());
  o.set_plan_approval_months(p.plan_approval_months);
  o.set_plan_fee_kronor(p.plan_fee_kronor);
  o.set_plan_grace_days(p.plan_grace_days);
  o.set_max_runs_per_month(p.max_runs_per_month);
  return o;
}

pb::DunningCode ToProto(const DunningCodeDefined& c) {
  pb::DunningCode o;
  o.set_code(c.code);
  o.set_text(c.text);
  for (const Flag& f : kFlags) (o.*f.set)((c.flags & f.bit) != 0);
  return o;
}

absl::StatusOr<Command> ToCommand(const pb::SetDunningPolicyRequest& r) {
  const pb::DunningPolicy& p = r.policy();
  if (p.demand_base() < 0 || p.demand_base() > 255)
    return absl::InvalidArgumentError("unknown inkassokrav base");
  // What the request leaves out is the domain's default (ledger.proto, DunningPolicy).
  DunningPolicySet v = DefaultDunningPolicy(p.routine());
  v.reminder1 = ToStepPolicy(p.has_reminder1(), p.reminder1(), v.reminder1);
  v.reminder2 = ToStepPolicy(p.has_reminder2(), p.reminder2(), v.reminder2);
  v.demand = ToStepPolicy(p.has_demand(), p.demand(), v.demand);
  v.residual = ToStepPolicy(p.has_residual(), p.residual(), v.residual);
  v.threat = ToStepPolicy(p.has_threat(), p.threat(), v.threat);
  if (p.has_demand_base()) v.demand_base = static_cast<uint8_t>(p.demand_base());
  if (p.has_charge_interest_at_demand()) v.charge_interest_at_demand = p.charge_interest_at_demand();
  if (p.has_fees_agreed()) v.fees_agreed = p.fees_agreed();
  if (p.has_no_fee_below_ore()) v.no_fee_below = Money::FromOre(p.no_fee_below_ore());
  if (p.has_max_letters_per_month()) v.max_letters_per_month = p.max_letters_per_month();
  if (p.has_plan_min_total_ore()) v.plan_min_total = Money::FromOre(p.plan_min_total_ore());
  if (p.has_plan_approval_months()) v.plan_approval_months = p.plan_approval_months();
  if (p.has_plan_fee_kronor()) v.plan_fee_kronor = p.plan_fee_kronor();
  if (p.has_plan_grace_days()) v.plan_grace_days = p.plan_grace_days();
  if (p.has_max_runs_per_month()) v.max_runs_per_month = p.max_runs_per_month();
  return Command{ToMeta(r.ctx()), SetDunningPolicy{std::move(v)}};
}

absl::StatusOr<Command> ToCommand(const pb::DefineDunningCodeRequest& r) {
  if (r.code().code() < 0 || r.code().code() > 255)
    return absl::InvalidArgumentError("a kravkod is one digit 1-9");
  DunningCodeDefined c{static_cast<uint8_t>(r.code().code()), r.code().text(), 0};
  for (const Flag& f : kFlags)
    if ((r.code().*f.get)()) c.flags |= f.bit;
  return Command{ToMeta(r.ctx()), DefineDunningCode{std::move(c)}};
}

absl::StatusOr<Command> ToCommand(const pb::SetLetterTextRequest& r) {
  const pb::LetterText& t = r.text();
  if (!pb::LetterText::Kind_IsValid(t.kind())) return absl::InvalidArgumentError("unknown letter text kind");
  if (!pb::LetterText::Form_IsValid(t.form())) return absl::InvalidArgumentError("unknown form: F or D");
  if (t.rows_size() > limits::kLetterTextRowsMax)
    return absl::InvalidArgumentError(
        absl::StrCat("a text has at most ", limits::kLetterTextRowsMax, " rows"));
  LetterTextSet v{static_cast<LetterTextKind>(t.kind()),
                  t.number(),
                  static_cast<LetterForm>(t.form()),
                  {t.rows().begin(), t.rows().end()}};
  return Command{ToMeta(r.ctx()), SetLetterText{std::move(v)}};
}

pb::LetterText ToProto(const LetterTextSet& v) {
  pb::LetterText t;
  t.set_kind(static_cast<pb::LetterText::Kind>(v.kind));
  t.set_number(v.number);
  t.set_form(static_cast<pb::LetterText::Form>(v.form));
  for (const std::string& row : v.rows) t.add_rows(row);
  return t;
}

absl::StatusOr<Command> ToCommand(const pb::AssignDunningCodeRequest& r) {
  if (r.code() < 0 || r.code() > 255) return absl::InvalidArgumentError("a kravkod is one digit 1-9");
  AssignDunningCode c{r.invoice_number(), static_cast<uint8_t>(r.code()), std::nullopt};
  if (!r.until().empty()) {
    ASSIGN_OR_RETURN(Date d, RequiredDate(r.until(), "until date"));
    c.until = d;
  }
  return Command{ToMeta(r.ctx()), c};
}

absl::StatusOr<Command> ToCommand(const pb::RemoveDunningCodeRequest& r) {
  return Command{ToMeta(r.ctx()), RemoveDunningCode{r.invoice_number()}};
}

absl::StatusOr<Command> ToCommand(const pb::RunDunningRequest& r) {
  RunDunning c;
  ASSIGN_OR_RETURN(c.run_date, RequiredDate(r.run_date(), "run date"));
  ASSIGN_OR_RETURN(c.selection, ToSelection(r.selection()));
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::ClearDunningStepRequest& r) {
  ASSIGN_OR_RETURN(DunningStep step, ToStep(r.step(), false));
  return Command{ToMeta(r.ctx()), ClearDunningStep{r.invoice_number(), step, r.remark()}};
}

absl::StatusOr<Command> ToCommand(const pb::ChangeDueDateRequest& r) {
  ASSIGN_OR_RETURN(Date d, RequiredDate(r.due_date(), "due date"));
  return Command{ToMeta(r.ctx()), ChangeDueDate{r.invoice_number(), d, r.remark()}};
}

absl::StatusOr<Command> ToCommand(const pb::GrantDeferralRequest& r) {
  GrantDeferral c;
  c.invoice_number = r.invoice_number();
  ASSIGN_OR_RETURN(c.requested_on, RequiredDate(r.requested_on(), "request date"));
  ASSIGN_OR_RETURN(c.until, RequiredDate(r.until(), "deferral date"));
  c.reason = r.reason();
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::CreatePlanRequest& r) {
  CreateAmortizationPlan c;
  c.customer_number = r.customer_number();
  c.invoices.assign(r.invoices().begin(), r.invoices().end());
  for (const pb::OutsideClaim& o : r.outside()) {
    OutsideClaim claim{o.text(), Money::FromOre(o.amount_ore())};
    if (!o.due_date().empty()) {
      ASSIGN_OR_RETURN(claim.due_date, RequiredDate(o.due_date(), "outside claim's due date"));
    }
    if (o.has_interest_ore()) claim.interest = Money::FromOre(o.interest_ore());
    c.outside.push_back(std::move(claim));
  }
  c.no_interest = r.no_interest();
  ASSIGN_OR_RETURN(c.first_payment, RequiredDate(r.first_payment(), "first payment day"));
  c.last_of_month = r.last_of_month();
  c.monthly = Money::FromOre(r.monthly_ore());
  c.months = r.months();
  c.notification_fee = Money::FromOre(r.notification_fee_ore());
  c.approved_by = r.approved_by();
  c.autogiro_offered = r.autogiro_offered();
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::CancelPlanRequest& r) {
  return Command{ToMeta(r.ctx()), CancelAmortizationPlan{r.customer_number(), r.plan_id(), r.remark()}};
}

absl::StatusOr<Command> ToCommand(const pb::ApplyPaymentOrderRequest& r) {
  ApplyPaymentOrder c;
  c.national_id = r.national_id();
  for (const pb::ClaimRef& ref : r.claims()) c.claims.emplace_back(ref.company(), ref.invoice_number());
  c.costs = Money::FromOre(r.costs_ore());
  if (r.interest_alternative() < 0 || r.interest_alternative() > 255)
    return absl::InvalidArgumentError("unknown interest alternative");
  c.interest_alternative = static_cast<uint8_t>(r.interest_alternative());
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::TransferToCollectionRequest& r) {
  TransferToCollection c;
  ASSIGN_OR_RETURN(c.selection, ToSelection(r.selection()));
  c.invoices.assign(r.invoices().begin(), r.invoices().end());
  ASSIGN_OR_RETURN(c.base, ToStep(r.base(), true));
  if (c.base == DunningStep::kNone) c.base = DunningStep::kCollectionDemand;
  c.days = r.days();
  c.agency = r.agency();
  if (r.code() < 0 || r.code() > 255) return absl::InvalidArgumentError("a kravkod is one digit 1-9");
  c.code = static_cast<uint8_t>(r.code());
  c.watch_text = r.watch_text();
  c.capital_method = r.capital_method();
  c.fee_method = r.fee_method();
  c.interest_method = r.interest_method();
  return Command{ToMeta(r.ctx()), std::move(c)};
}

pb::KravStatus ToProto(const Invoice& inv, const KravStatus& st) {
  pb::KravStatus o;
  o.set_invoice_number(inv.number);
  o.set_customer_number(inv.customer_number);
  o.set_routine(inv.routine);
  o.set_due_date(FormatDate(inv.due_date));
  *o.mutable_balance() = ToProto(inv.balance());
  o.set_reached(static_cast<pb::DunningStep>(st.reached));
  const DunningInfo& d = *inv.dunning;
  for (int i = 1; i < kDunningSteps; ++i) {
    if (!d.step_dates[i]) continue;
    pb::StepTaken* s = o.add_steps();
    s->set_step(static_cast<pb::DunningStep>(i));
    s->set_step_name(std::string(DunningStepName(static_cast<DunningStep>(i))));
    s->set_date(FormatDate(*d.step_dates[i]));
    *s->mutable_fee() = ToProto(d.step_fees[i]);
    s->set_fee_charged(d.fee_charged[i]);
  }
  o.set_code(d.code);
  o.set_code_until(Opt(d.code_until));
  o.set_deferral_until(Opt(d.deferral_until));
  o.set_plan_id(d.plan_id);
  o.set_payment_order_date(Opt(d.payment_order_date));
  o.set_collection_date(Opt(d.collection_date));
  o.set_agency(d.agency);
  o.set_next(static_cast<pb::DunningStep>(st.next));
  if (st.next != DunningStep::kNone) o.set_next_step_name(std::string(DunningStepName(st.next)));
  o.set_next_date(Opt(st.next_date));
  o.set_held_by(st.held_by);
  o.set_due(st.due);
  return o;
}

pb::DunningReceipt ToProto(const LedgerState& state, CompanyId company, Date run_date,
                           const DunningPreview& p) {
  pb::DunningReceipt o;
  o.set_dry_run(true);
  o.set_run_date(FormatDate(run_date));
  for (const PlanOutcome& e : p.plans_ended) {
    pb::PlanEndRow* row = o.add_plans_ended();
    row->set_customer_number(e.customer_number);
    row->set_plan_id(e.plan_id);
    row->set_reason(std::string(PlanEndName(e.reason)));
  }
  Money charged, noted;
  for (const DunningLetter& l : p.letters) {
    pb::DunningLetter* row = o.add_letters();
    row->set_invoice_number(l.invoice_number);
    row->set_customer_number(l.customer_number);
    if (const Customer* cu = state.FindCustomer(company, l.customer_number))
      row->set_customer_name(cu->details.name);
    row->set_step(static_cast<pb::DunningStep>(l.step));
    row->set_step_name(std::string(DunningStepName(l.step)));
    *row->mutable_claim() = ToProto(l.claim);
    *row->mutable_fee() = ToProto(l.fee);
    row->set_fee_charged(l.fee_charged);
    if (const Invoice* inv = state.FindInvoice(company, l.invoice_number))
      row->set_due_date(FormatDate(inv->due_date));
    (l.fee_charged ? charged : noted) += l.fee;
    *row->mutable_accrued_interest() = ToProto(l.accrued_interest);
    *row->mutable_interest_charged() = ToProto(l.interest_charged);
    *row->mutable_compensation() = ToProto(l.compensation);
    *row->mutable_customer_credit() = ToProto(l.customer_credit);
    charged += l.compensation;
  }
  for (InvoiceNumber n : p.covered_by_credit) o.add_covered_by_credit(n);
  *o.mutable_fees_charged() = ToProto(charged);
  *o.mutable_fees_noted() = ToProto(noted);
  return o;
}

pb::DunningReceipt SummariseDunningRun(const LedgerState& state, const std::vector<JournalRecord>& records) {
  DunningPreview p;
  Date run_date;
  CompanyId company = 0;
  for (const JournalRecord& r : records) {
    company = r.event.meta.company;
    if (const auto* v = std::get_if<DunningStepIssued>(&r.event.body)) {
      const Invoice* inv = state.FindInvoice(company, v->invoice_number);
      p.letters.push_back(DunningLetter{v->invoice_number, inv ? inv->customer_number : "", v->step, v->claim,
                                        v->fee, v->fee_charged});
      p.letters.back().customer_credit = v->customer_credit;
    } else if (const auto* c = std::get_if<InterestCharged>(&r.event.body);
               c != nullptr && !p.letters.empty() && p.letters.back().invoice_number == c->invoice_number) {
      p.letters.back().interest_charged = c->amount;
    } else if (const auto* f = std::get_if<FeeCharged>(&r.event.body);
               f != nullptr && f->kind == ChargeKind::kLateCompensation && !p.letters.empty() &&
               p.letters.back().invoice_number == f->invoice_number) {
      p.letters.back().compensation = f->amount;
    } else if (const auto* e = std::get_if<AmortizationPlanEnded>(&r.event.body)) {
      p.plans_ended.push_back(PlanOutcome{e->customer_number, e->plan_id, e->reason});
    } else if (const auto* d = std::get_if<DunningRunCompleted>(&r.event.body)) {
      run_date = d->run_date;
      p.covered_by_credit = d->covered_by_credit;
    }
  }
  pb::DunningReceipt o = ToProto(state, company, run_date, p);
  o.set_dry_run(false);
  return o;
}

pb::CollectionRow ToCollectionRow(const LedgerState& state, const Invoice& inv, Money claim, Money capital,
                                  Money fees, Money interest) {
  pb::CollectionRow row;
  row.set_invoice_number(inv.number);
  row.set_customer_number(inv.customer_number);
  if (const Customer* cu = state.FindCustomer(inv.company, inv.customer_number)) {
    row.set_national_id(cu->details.national_id);
    row.set_name(cu->details.name);
  }
  row.set_invoice_date(FormatDate(inv.invoice_date));
  row.set_due_date(FormatDate(inv.due_date));
  *row.mutable_capital() = ToProto(capital);
  *row.mutable_fees() = ToProto(fees);
  *row.mutable_interest() = ToProto(interest);
  *row.mutable_claim() = ToProto(claim);
  row.set_code(inv.dunning->code);
  row.set_watch_text(inv.watch_text);
  row.set_reminder1(Opt(inv.dunning->date_of(DunningStep::kReminder1)));
  row.set_demand(Opt(inv.dunning->date_of(DunningStep::kCollectionDemand)));
  return row;
}

namespace {
absl::string_view PlanInterestName(PlanInterest i) {
  switch (i) {
    case PlanInterest::kOrdinary:
      return "ORDINARY";
    case PlanInterest::kPerPaymentDay:
      return "PER_PAYMENT_DAY";
    case PlanInterest::kNone:
      return "NONE";
  }
  return "";
}
// The plan as it was established: the same fields in a listing and in the event stream.
void FillPlan(const AmortizationPlanEstablished& v, pb::AmortizationPlan& o) {
  o.set_plan_id(v.plan_id);
  o.set_customer_number(v.customer_number);
  for (InvoiceNumber n : v.invoices) o.add_invoices(n);
  for (const OutsideClaim& c : v.outside) {
    pb::OutsideClaim* x = o.add_outside();
    x->set_text(c.text);
    x->set_amount_ore(c.amount.ore());
    if (c.due_date) x->set_due_date(FormatDate(*c.due_date));
    if (c.interest) x->set_interest_ore(c.interest->ore());
  }
  *o.mutable_ledger_debt() = ToProto(v.ledger_debt);
  *o.mutable_total() = ToProto(v.total);
  Money interest;
  for (const PlanInstalment& in : v.instalments) {
    pb::PlanInstalment* x = o.add_instalments();
    x->set_date(FormatDate(in.date));
    *x->mutable_amount() = ToProto(in.amount);
    *x->mutable_fees() = ToProto(in.fees);
    *x->mutable_capital() = ToProto(in.capital);
    *x->mutable_notification_fee() = ToProto(in.notification_fee);
    *x->mutable_interest() = ToProto(in.interest);
    interest += in.interest;
  }
  o.set_approved_by(v.approved_by);
  o.set_autogiro_offered(v.autogiro_offered);
  o.set_interest_rule(std::string(PlanInterestName(v.interest)));
  o.set_rate_bp(v.rate_bp);
  *o.mutable_accrued_interest() = ToProto(v.accrued_interest);
  *o.mutable_interest_total() = ToProto(interest);
}
}  // namespace

pb::AmortizationPlan ToProto(const LedgerState& state, CompanyId company, const AmortizationPlan& p,
                             Date on) {
  pb::AmortizationPlan o;
  FillPlan(p.plan, o);
  o.set_established(FormatDate(p.established));
  o.set_active(p.active);
  *o.mutable_paid() = ToProto(PlanPaid(state, company, p));
  if (p.active) {
    const PlanCheck c = CheckPlan(state, company, p, on);
    o.set_state(c == PlanCheck::kKept ? "KEPT" : c == PlanCheck::kMissed ? "MISSED" : "COMPLETED");
  } else {
    o.set_state(std::string(PlanEndName(p.end)));
    o.set_ended(Opt(p.ended));
  }
  return o;
}

void SetDunningBody(const DunningPolicySet& v, pb::JournalEvent& p) {
  *p.mutable_dunning_policy_set() = ToProto(v);
}
void SetDunningBody(const DunningCodeDefined& v, pb::JournalEvent& p) {
  *p.mutable_dunning_code_defined() = ToProto(v);
}
void SetDunningBody(const DunningCodeAssigned& v, pb::JournalEvent& p) {
  auto* e = p.mutable_dunning_code_assigned();
  e->set_invoice_number(v.invoice_number);
  e->set_code(v.code);
  e->set_until(Opt(v.until));
}
void SetDunningBody(const DunningCodeRemoved& v, pb::JournalEvent& p) {
  auto* e = p.mutable_dunning_code_removed();
  e->set_invoice_number(v.invoice_number);
  e->set_code(v.code);
}
void SetDunningBody(const DunningStepIssued& v, pb::JournalEvent& p) {
  auto* e = p.mutable_dunning_step_issued();
  e->set_invoice_number(v.invoice_number);
  e->set_step(static_cast<pb::DunningStep>(v.step));
  e->set_claim_ore(v.claim.ore());
  e->set_fee_ore(v.fee.ore());
  e->set_fee_charged(v.fee_charged);
  e->set_customer_credit_ore(v.customer_credit.ore());
}
void SetDunningBody(const DunningStepCleared& v, pb::JournalEvent& p) {
  auto* e = p.mutable_dunning_step_cleared();
  e->set_invoice_number(v.invoice_number);
  e->set_step(static_cast<pb::DunningStep>(v.step));
  e->set_noted_removed_ore(v.noted_removed.ore());
  e->set_remark(v.remark);
}
void SetDunningBody(const DunningRunCompleted& v, pb::JournalEvent& p) {
  auto* e = p.mutable_dunning_run_completed();
  e->set_run_date(FormatDate(v.run_date));
  e->set_routine(v.routine);
  e->set_first_invoice(v.first_invoice);
  e->set_last_invoice(v.last_invoice);
  e->set_letters(v.letters);
  e->set_fees_charged_ore(v.fees_charged.ore());
  e->set_fees_noted_ore(v.fees_noted.ore());
  e->set_plans_ended(v.plans_ended);
  for (InvoiceNumber n : v.covered_by_credit) e->add_covered_by_credit(n);
}
void SetDunningBody(const DueDateChanged& v, pb::JournalEvent& p) {
  auto* e = p.mutable_due_date_changed();
  e->set_invoice_number(v.invoice_number);
  e->set_due_date(FormatDate(v.due_date));
  e->set_remark(v.remark);
}
void SetDunningBody(const DeferralGranted& v, pb::JournalEvent& p) {
  auto* e = p.mutable_deferral_granted();
  e->set_invoice_number(v.invoice_number);
  e->set_requested_on(FormatDate(v.requested_on));
  e->set_until(FormatDate(v.until));
  e->set_reason(v.reason);
}
void SetDunningBody(const AmortizationPlanEstablished& v, pb::JournalEvent& p) {
  pb::AmortizationPlan* e = p.mutable_amortization_plan_established();
  FillPlan(v, *e);
  e->set_established(p.effective_date());
  e->set_active(true);
}
void SetDunningBody(const AmortizationPlanEnded& v, pb::JournalEvent& p) {
  auto* e = p.mutable_amortization_plan_ended();
  e->set_plan_id(v.plan_id);
  e->set_customer_number(v.customer_number);
  for (InvoiceNumber n : v.invoices) e->add_invoices(n);
  e->set_reason(std::string(PlanEndName(v.reason)));
  e->set_remark(v.remark);
}
void SetDunningBody(const PaymentOrderApplied& v, pb::JournalEvent& p) {
  auto* e = p.mutable_payment_order_applied();
  e->set_application_id(v.application_id);
  e->set_national_id(v.national_id);
  for (const PaymentOrderClaim& c : v.claims) {
    auto* x = e->add_claims();
    x->set_company(c.company);
    x->set_invoice_number(c.invoice_number);
    x->set_capital_ore(c.capital.ore());
    x->set_fees_ore(c.fees.ore());
    x->set_interest_ore(c.interest.ore());
  }
  e->set_costs_ore(v.costs.ore());
  e->set_interest_alternative(v.interest_alternative);
}
void SetDunningBody(const TransferredToCollection& v, pb::JournalEvent& p) {
  auto* e = p.mutable_transferred_to_collection();
  e->set_invoice_number(v.invoice_number);
  e->set_agency(v.agency);
  e->set_code(v.code);
  e->set_watch_text(v.watch_text);
  e->set_claim_ore(v.claim.ore());
  e->set_zeroed(v.zeroed);
}

}  // namespace reskontra
