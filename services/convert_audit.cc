// Proto <-> domain for the audit reports: the saldolista's selection, the time axes, the
// saldolista and kundfordringar answers.
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "domain/limits.h"
#include "services/convert.h"

namespace reskontra {
namespace {

pb::SaldoAmounts ToProto(const SaldoAmounts& a) {
  pb::SaldoAmounts out;
  *out.mutable_invoiced() = ToProto(a.invoiced);
  *out.mutable_charged() = ToProto(a.charged);
  *out.mutable_paid() = ToProto(a.paid);
  *out.mutable_balance() = ToProto(a.balance());
  return out;
}

pb::SaldoTotal ToProto(const SaldoTotal& t) {
  pb::SaldoTotal out;
  out.set_company(t.company);
  out.set_routine(t.routine);
  out.set_invoices(t.invoices);
  *out.mutable_amounts() = ToProto(t.amounts);
  return out;
}

pb::AgedLine ToProto(const AgedReceivable& a) {
  pb::AgedLine out;
  out.set_company(a.company);
  out.set_routine(a.routine);
  out.set_customer_number(a.customer_number);
  out.set_invoices(a.invoices);
  for (const Money& m : a.buckets) *out.add_buckets() = ToProto(m);
  *out.mutable_total() = ToProto(a.total);
  return out;
}

std::string OptDate(const std::optional<Date>& d) { return d ? FormatDate(*d) : ""; }

}  // namespace

absl::StatusOr<AsOf> ToAsOf(const pb::AsOf& a) {
  AsOf out;
  ASSIGN_OR_RETURN(out.effective_on, OptionalDate(a.effective_on(), "as-of effective date"));
  if (out.effective_on) RETURN_IF_ERROR(CheckDateInRange(*out.effective_on, "as-of effective date"));
  if (!a.known_at().empty()) {
    absl::Time t;
    std::string err;
    if (!absl::ParseTime(absl::RFC3339_full, a.known_at(), &t, &err))
      return absl::InvalidArgumentError(
          absl::StrCat("known-at instant '", a.known_at(), "' is not RFC 3339 (", err, ")"));
    out.known_at = t;
  }
  return out;
}

absl::StatusOr<SaldolistaFilter> ToFilter(const pb::SaldolistaRequest& r) {
  RETURN_IF_ERROR(CompanyRange(r.company_from(), r.company_to()));
  SaldolistaFilter f;
  f.company_from = r.company_from() == 0 ? 1 : r.company_from();
  f.company_to = r.company_to() == 0 ? limits::kCompanyIdMax : r.company_to();
  if (r.routine_from() < 0 || r.routine_from() > limits::kRoutineMax || r.routine_to() < 0 ||
      r.routine_to() > limits::kRoutineMax)
    return absl::InvalidArgumentError("routine range must be within 0..99");
  f.routine_from = r.routine_from();
  f.routine_to = r.routine_to() == 0 ? limits::kRoutineMax : r.routine_to();
  if (r.invoice_from() < 0 || r.invoice_to() < 0 || r.invoice_from() > limits::kInvoiceNumberMax ||
      r.invoice_to() > limits::kInvoiceNumberMax)
    return absl::InvalidArgumentError("invoice range must be 9-digit numbers");
  f.invoice_from = r.invoice_from();
  f.invoice_to = r.invoice_to() == 0 ? limits::kInvoiceNumberMax : r.invoice_to();
  ASSIGN_OR_RETURN(f.invoice_date, ToRange(r.invoice_date_from(), r.invoice_date_to(), "invoice date"));
  ASSIGN_OR_RETURN(f.due_date, ToRange(r.due_from(), r.due_to(), "due date"));
  f.customer_number = r.customer_number();
  f.national_id = r.national_id();
  if (r.has_balance_from_ore()) f.balance_from = Money::FromOre(r.balance_from_ore());
  if (r.has_balance_to_ore()) f.balance_to = Money::FromOre(r.balance_to_ore());
  if (r.code_from() < 0 || r.code_from() > limits::kDunningCodeMax || r.code_to() < 0 ||
      r.code_to() > limits::kDunningCodeMax)
    return absl::InvalidArgumentError("a kravkod is a digit 0-9");
  f.code_from = static_cast<uint8_t>(r.code_from());
  f.code_to = static_cast<uint8_t>(r.code_to() == 0 ? limits::kDunningCodeMax : r.code_to());
  f.only_unpaid = !r.include_paid();
  f.only_reminded = r.only_reminded();
  f.only_collection = r.only_collection();
  f.method = r.method();
  if (r.sort() < 0 || r.sort() > 5) return absl::InvalidArgumentError("unknown sort order");
  f.sort = static_cast<SaldoSort>(r.sort());
  RETURN_IF_ERROR(ValidateText("förvaltning", r.department(), limits::kInvoiceAttributeMax, false));
  RETURN_IF_ERROR(ValidateText("handläggare", r.handler(), limits::kHandlerMax, false));
  f.department = r.department();
  f.handler = r.handler();
  return f;
}

pb::SaldolistaResponse ToProto(const Saldolista& list, size_t row_limit) {
  pb::SaldolistaResponse out;
  out.set_effective_on(OptDate(list.effective_on));
  for (const SaldoRow& r : list.rows) {
    if (static_cast<size_t>(out.rows_size()) >= row_limit) {
      out.set_truncated(true);
      break;
    }
    pb::SaldoRow* p = out.add_rows();
    p->set_company(r.company);
    p->set_routine(r.routine);
    p->set_invoice_number(r.invoice_number);
    p->set_customer_number(r.customer_number);
    p->set_national_id(r.national_id);
    p->set_name(r.name);
    p->set_invoice_date(FormatDate(r.invoice_date));
    p->set_due_date(FormatDate(r.due_date));
    p->set_slutbetald(OptDate(r.slutbetald));
    if (r.step != DunningStep::kNone) p->set_step(std::string(DunningStepName(r.step)));
    p->set_step_date(OptDate(r.step_date));
    p->set_code(r.code);
    p->set_status(r.status);
    *p->mutable_amounts() = ToProto(r.amounts);
    p->set_department(r.department);
    p->set_handler(r.handler);
  }
  // More rows after this page.
  if (list.rows_selected > list.first_row + static_cast<size_t>(out.rows_size())) out.set_truncated(true);
  out.set_rows_selected(static_cast<int64_t>(list.rows_selected));
  out.set_row_offset(static_cast<int64_t>(list.first_row));
  for (const SaldoTotal& t : list.routine_totals) *out.add_routine_totals() = ToProto(t);
  for (const SaldoTotal& t : list.company_totals) *out.add_company_totals() = ToProto(t);
  *out.mutable_total() = ToProto(list.total);
  return out;
}

pb::AgedReceivablesResponse ToProto(const AgedReceivables& aged) {
  pb::AgedReceivablesResponse out;
  out.set_on(FormatDate(aged.on));
  for (int b = 0; b < kAgeingBuckets; ++b) out.add_bucket_names(std::string(AgeingBucketName(b)));
  for (const AgedReceivable& a : aged.customers) *out.add_customers() = ToProto(a);
  for (const AgedReceivable& a : aged.routines) *out.add_routines() = ToProto(a);
  for (const AgedReceivable& a : aged.companies) *out.add_companies() = ToProto(a);
  *out.mutable_total() = ToProto(aged.total);
  return out;
}

absl::StatusOr<Command> ToCommand(const pb::ClosePeriodRequest& r) {
  ASSIGN_OR_RETURN(Date through, RequiredDate(r.through(), "close through"));
  return Command{ToMeta(r.ctx()), ClosePeriod{through, r.move_to_open()}};
}

absl::StatusOr<Command> ToCommand(const pb::ArchiveInvoicesRequest& r) {
  ArchiveInvoices c;
  ASSIGN_OR_RETURN(c.paid_before, RequiredDate(r.paid_before(), "paid before"));
  c.routine_from = r.routine_from();
  c.routine_to = r.routine_to() == 0 ? limits::kRoutineMax : r.routine_to();
  c.invoice_from = r.invoice_from();
  c.invoice_to = r.invoice_to() == 0 ? limits::kInvoiceNumberMax : r.invoice_to();
  for (int32_t code : r.keep_codes()) {
    if (code < 1 || code > limits::kDunningCodeMax)
      return absl::InvalidArgumentError("a kravkod is a digit 1-9");
    c.keep_codes.push_back(static_cast<uint8_t>(code));
  }
  c.include_uninvoiced_interest = r.include_uninvoiced_interest();
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::SetAccountPlanRequest& r) {
  const pb::AccountPlan& p = r.plan();
  AccountPlanSet v;
  v.routine = p.routine();
  auto take = [](int32_t given, int32_t& field) {
    if (given != 0) field = given;
  };
  take(p.receivables(), v.receivables);
  take(p.carried(), v.carried);
  take(p.bank(), v.bank);
  take(p.customer_credit(), v.customer_credit);
  take(p.unallocated(), v.unallocated);
  take(p.vat_25(), v.vat_25);
  take(p.vat_12(), v.vat_12);
  take(p.vat_6(), v.vat_6);
  take(p.fee_revenue(), v.fee_revenue);
  take(p.rounding(), v.rounding);
  take(p.credit_losses(), v.credit_losses);
  take(p.interest_revenue(), v.interest_revenue);
  take(p.debit_adjustments(), v.debit_adjustments);
  return Command{ToMeta(r.ctx()), SetAccountPlan{v}};
}

pb::AccountPlan ToProto(const AccountPlanSet& v) {
  pb::AccountPlan p;
  p.set_routine(v.routine);
  p.set_receivables(v.receivables);
  p.set_carried(v.carried);
  p.set_bank(v.bank);
  p.set_customer_credit(v.customer_credit);
  p.set_unallocated(v.unallocated);
  p.set_vat_25(v.vat_25);
  p.set_vat_12(v.vat_12);
  p.set_vat_6(v.vat_6);
  p.set_fee_revenue(v.fee_revenue);
  p.set_rounding(v.rounding);
  p.set_credit_losses(v.credit_losses);
  p.set_interest_revenue(v.interest_revenue);
  p.set_debit_adjustments(v.debit_adjustments);
  return p;
}

void SetDunningBody(const AccountPlanSet& v, pb::JournalEvent& p) {
  *p.mutable_account_plan_set() = ToProto(v);
}

pb::Verifikation ToProto(const Verifikation& v) {
  pb::Verifikation out;
  out.set_position(v.position);
  out.set_company(v.company);
  out.set_series(std::string(kVerifikationSeries));
  out.set_number(v.number);
  out.set_date(FormatDate(v.date));
  out.set_recorded_at(absl::FormatTime(absl::RFC3339_full, v.recorded_at, absl::UTCTimeZone()));
  if (v.posting_date) out.set_posting_date(FormatDate(*v.posting_date));
  out.set_text(v.text);
  for (const PostingLine& l : v.lines) {
    pb::PostingLine* p = out.add_lines();
    p->set_account(l.account);
    *p->mutable_amount() = ToProto(l.amount);
    p->set_invoice_number(l.invoice);
  }
  return out;
}

pb::ReconcileLine ToProto(const ReconcileLine& l) {
  pb::ReconcileLine out;
  out.set_company(l.company);
  out.set_routine(l.routine);
  out.set_check(l.check);
  out.set_account(l.account);
  *out.mutable_ledger() = ToProto(l.ledger);
  *out.mutable_posted() = ToProto(l.posted);
  *out.mutable_unposted() = ToProto(l.unposted);
  *out.mutable_difference() = ToProto(l.ledger - l.posted - l.unposted);
  return out;
}

pb::ReconcileLine ToProto(const ReconcileDifference& d) {
  pb::ReconcileLine out =
      ToProto(ReconcileLine{d.company, d.routine, d.check, d.account, d.ledger, d.posted, d.unposted});
  for (InvoiceNumber n : d.invoices) out.add_invoices(n);
  return out;
}

}  // namespace reskontra
