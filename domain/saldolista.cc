#include "domain/saldolista.h"

#include <algorithm>
#include <tuple>
#include <utility>
#include <variant>

#include "absl/container/btree_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "domain/limits.h"
#include "domain/search.h"

namespace reskontra {

SaldoAmounts SaldoOf(const Invoice& v) {
  SaldoAmounts a;
  a.invoiced = v.capital;
  a.charged = v.fees + v.interest + v.debit_adjusted - v.fees_reversed - v.interest_reversed;
  a.paid = -v.paid() - v.credited - v.annulled - v.written_off - v.small_differences - v.carried_out +
           v.settled_out;  // a negative invoice's balance paid out (or moved to the credit balance)
  // A difference carried in from earlier payments raises (owed) or lowers (paid ahead) it.
  if (v.carried_in.is_positive())
    a.charged += v.carried_in;
  else
    a.paid += v.carried_in;
  return a;
}

namespace {

// The method code an event carries, and the invoice it names; "" when none.
std::pair<InvoiceNumber, std::string> MethodOf(const EventBody& body) {
  return std::visit(
      [](const auto& v) -> std::pair<InvoiceNumber, std::string> {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, InvoiceCredited> || std::is_same_v<T, InvoiceAnnulled> ||
                      std::is_same_v<T, DebitAdjusted> || std::is_same_v<T, WrittenOff>)
          return {v.invoice_number, v.method};
        return {0, ""};
      },
      body);
}

}  // namespace

std::optional<SaldoAmounts> SaldoOn(const Invoice& invoice, Date on) {
  if (invoice.moves.empty() || on < invoice.moves.front().date) return std::nullopt;
  SaldoAmounts a;
  for (const SaldoMove& m : invoice.moves) {
    if (on < m.date) continue;  // moves are in journal order, not date order
    a += SaldoAmounts{m.invoiced, m.charged, m.paid};
  }
  return a;
}

void AsOfFold::NoteMethod(CompanyId c, InvoiceNumber n, const std::string& method) {
  if (method.empty()) return;
  std::vector<std::string>& methods = methods_[Key(c, n)];
  if (std::find(methods.begin(), methods.end(), method) == methods.end()) methods.push_back(method);
}

absl::Status AsOfFold::Add(const Event& e) {
  const CompanyId c = e.meta.company;
  // A list of a day before an archiving's paid_before still shows its claims (no later event
  // touches them, so keeping them changes nothing else).
  if (const auto* a = std::get_if<InvoicesArchived>(&e.body);
      a && effective_on_ && *effective_on_ < a->paid_before)
    return absl::OkStatus();
  RETURN_IF_ERROR(Apply(state_, e));
  if (const auto* r = std::get_if<PaymentReceived>(&e.body); r && !r->method.empty())
    payment_methods_[absl::StrCat(c, "/", r->payment_id)] = r->method;
  if (const auto* a = std::get_if<PaymentAllocated>(&e.body)) {
    auto it = payment_methods_.find(absl::StrCat(c, "/", a->payment_id));
    if (it != payment_methods_.end()) NoteMethod(c, a->invoice_number, it->second);
  }
  if (auto [n, method] = MethodOf(e.body); n != 0) NoteMethod(c, n, method);
  return absl::OkStatus();
}

bool AsOfFold::UsedMethod(const Invoice& invoice, absl::string_view method) const {
  auto it = methods_.find(Key(invoice.company, invoice.number));
  if (it == methods_.end()) return false;
  return std::find(it->second.begin(), it->second.end(), method) != it->second.end();
}

namespace {

absl::Status CheckRanges(const SaldolistaFilter& f) {
  auto reversed = [](const DateRange& r) { return r.from && r.to && *r.to < *r.from; };
  if (f.company_to < f.company_from || f.routine_to < f.routine_from || f.invoice_to < f.invoice_from ||
      f.code_to < f.code_from || reversed(f.invoice_date) || reversed(f.due_date) ||
      (f.balance_from && f.balance_to && *f.balance_to < *f.balance_from))
    return absl::InvalidArgumentError("a selection range ends before it starts");
  if (f.code_to > limits::kDunningCodeMax) return absl::InvalidArgumentError("a kravkod is a digit 0-9");
  return absl::OkStatus();
}

// Whether a letter dated `day` had been sent by the list's business day (every one sent, on no
// day): on the effective axis a letter sent later is not yet the claim's step.
bool SentBy(const std::optional<Date>& day, std::optional<Date> effective_on) {
  return day.has_value() && (!effective_on || *day <= *effective_on);
}

// The furthest dunning step the claim had reached by the list's business day.
DunningStep StepOn(const DunningInfo& d, std::optional<Date> effective_on) {
  for (int i = kDunningSteps - 1; i > 0; --i)
    if (SentBy(d.step_dates[i], effective_on)) return static_cast<DunningStep>(i);
  return DunningStep::kNone;
}

// The invoices the filter selects, with their amounts on the fold's axis.
// `effective_on`: amounts on that business day (from the moves); `fold`: the methods.
// `emit(invoice, amounts)`; the customer is looked up only for the national-id selection
// (a lookup per claim of a million is most of a list's time).
template <class F>
absl::Status ForEachSelected(const LedgerState& state, const ArchivedInvoices* archived,
                             const SaldolistaFilter& f, std::optional<Date> effective_on,
                             const AsOfFold* fold, bool use_balance_filters, F&& emit) {
  RETURN_IF_ERROR(CheckRanges(f));
  if (!f.method.empty() && fold == nullptr)
    return absl::FailedPreconditionError("the payment-method selection needs the journal fold");
  const std::string department = FoldCase(f.department), handler = FoldCase(f.handler);
  auto visit = [&](const Invoice& inv) {
    if (!department.empty() && FoldCase(inv.attributes.department) != department) return;
    if (!handler.empty() && FoldCase(inv.attributes.handler) != handler) return;
    if (inv.routine < f.routine_from || inv.routine > f.routine_to) return;
    if (inv.number < f.invoice_from || inv.number > f.invoice_to) return;
    if (!f.invoice_date.Contains(inv.invoice_date) || !f.due_date.Contains(inv.due_date)) return;
    if (!f.customer_number.empty() && inv.customer_number != f.customer_number) return;
    if (!f.national_id.empty()) {
      const Customer* customer = state.FindCustomer(inv.company, inv.customer_number);
      if (customer == nullptr || customer->details.national_id != f.national_id) return;
    }
    if (inv.dunning->code < f.code_from || inv.dunning->code > f.code_to) return;
    const DunningInfo& d = *inv.dunning;
    if (f.only_reminded && !SentBy(d.date_of(DunningStep::kReminder1), effective_on) &&
        !SentBy(d.date_of(DunningStep::kReminder2), effective_on))
      return;
    if (f.only_collection && !SentBy(d.date_of(DunningStep::kCollectionDemand), effective_on)) return;
    if (!f.method.empty() && !fold->UsedMethod(inv, f.method)) return;
    std::optional<SaldoAmounts> amounts = effective_on ? SaldoOn(inv, *effective_on) : SaldoOf(inv);
    if (!amounts) return;  // issued after the as-of day
    if (use_balance_filters) {
      const Money balance = amounts->balance();
      if (f.only_unpaid && balance.is_zero()) return;
      if (f.balance_from && balance < *f.balance_from) return;
      if (f.balance_to && *f.balance_to < balance) return;
    }
    emit(inv, *amounts);
  };
  auto each = [&](const absl::btree_map<CompanyInvoiceKey, Invoice>& invoices) {
    auto it = invoices.lower_bound(CompanyInvoiceKey{f.company_from, 0});
    for (; it != invoices.end() && it->first.company <= f.company_to; ++it) visit(it->second);
  };
  each(state.invoices);
  if (archived) each(*archived);  // rows are sorted afterwards
  return absl::OkStatus();
}

absl::StatusOr<Saldolista> Build(const LedgerState& state, const ArchivedInvoices* archived,
                                 const SaldolistaFilter& f, std::optional<Date> effective_on,
                                 const AsOfFold* fold, size_t max_rows, size_t first_row = 0) {
  Saldolista out;
  out.effective_on = effective_on;
  // The selected claims are sorted and totalled as light references; only the rows asked for
  // are written out, with their strings.
  struct Pick {
    const Invoice* inv;
    const Customer* customer;
    SaldoAmounts amounts;
  };
  std::vector<Pick> picks;
  const bool by_customer = f.sort == SaldoSort::kCustomer || f.sort == SaldoSort::kName;
  RETURN_IF_ERROR(ForEachSelected(state, archived, f, effective_on, fold, true,
                                  [&](const Invoice& inv, const SaldoAmounts& amounts) {
                                    picks.push_back({&inv, nullptr, amounts});
                                  }));
  auto customer_of = [&](Pick& p) {
    if (p.customer == nullptr) p.customer = state.FindCustomer(p.inv->company, p.inv->customer_number);
    return p.customer;
  };
  if (by_customer)
    for (Pick& p : picks) customer_of(p);
  static const CustomerDetails kNoDetails;
  auto details = [&](const Pick& p) -> const CustomerDetails& {
    return p.customer ? p.customer->details : kNoDetails;
  };
  std::stable_sort(picks.begin(), picks.end(), [&](const Pick& a, const Pick& b) {
    const Invoice& x = *a.inv;
    const Invoice& y = *b.inv;
    if (x.company != y.company) return x.company < y.company;
    if (x.routine != y.routine) return x.routine < y.routine;
    switch (f.sort) {
      case SaldoSort::kCustomer:
      case SaldoSort::kName: {
        const std::string& ka = f.sort == SaldoSort::kCustomer ? details(a).national_id : details(a).name;
        const std::string& kb = f.sort == SaldoSort::kCustomer ? details(b).national_id : details(b).name;
        if (ka != kb) return ka < kb;
        if (x.customer_number != y.customer_number) return x.customer_number < y.customer_number;
        break;
      }
      case SaldoSort::kDueDate:
        if (x.due_date != y.due_date) return x.due_date < y.due_date;
        break;
      case SaldoSort::kDepartment:
        if (x.attributes.department != y.attributes.department)
          return x.attributes.department < y.attributes.department;
        break;
      case SaldoSort::kHandler:
        if (x.attributes.handler != y.attributes.handler) return x.attributes.handler < y.attributes.handler;
        break;
      case SaldoSort::kInvoiceNumber:
        break;
    }
    return x.number < y.number;
  });
  out.rows_selected = picks.size();
  out.first_row = std::min(first_row, picks.size());
  out.rows.reserve(std::min(max_rows, picks.size() - out.first_row));
  for (size_t i = out.first_row; i < picks.size(); ++i) {
    if (out.rows.size() >= max_rows) break;
    Pick& p = picks[i];
    const Invoice& inv = *p.inv;
    SaldoRow row;
    row.company = inv.company;
    row.routine = inv.routine;
    row.invoice_number = inv.number;
    row.customer_number = inv.customer_number;
    if (const Customer* customer = customer_of(p)) {
      row.national_id = customer->details.national_id;
      row.name = customer->details.name;
    }
    row.invoice_date = inv.invoice_date;
    row.due_date = inv.due_date;
    // On a business day, what the claim was then: paid in full by that day, its step by then.
    if (SentBy(inv.slutbetald, effective_on)) row.slutbetald = inv.slutbetald;
    row.step = StepOn(*inv.dunning, effective_on);
    row.step_date = inv.dunning->step_dates[static_cast<int>(row.step)];
    row.code = inv.dunning->code;
    row.status = std::string(InvoiceStatusName(inv.status));
    row.amounts = p.amounts;
    row.department = inv.attributes.department;
    row.handler = inv.attributes.handler;
    out.rows.push_back(std::move(row));
  }
  for (const Pick& p : picks) {
    const Invoice& r = *p.inv;
    if (out.routine_totals.empty() || out.routine_totals.back().company != r.company ||
        out.routine_totals.back().routine != r.routine)
      out.routine_totals.push_back({r.company, r.routine, 0, {}});
    if (out.company_totals.empty() || out.company_totals.back().company != r.company)
      out.company_totals.push_back({r.company, -1, 0, {}});
    for (SaldoTotal* t : {&out.routine_totals.back(), &out.company_totals.back(), &out.total}) {
      ++t->invoices;
      t->amounts += p.amounts;
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<Saldolista> BuildSaldolista(const LedgerState& state, const SaldolistaFilter& filter,
                                           const AsOfFold* fold) {
  return Build(state, nullptr, filter, fold ? fold->effective_on() : std::nullopt, fold,
               std::numeric_limits<size_t>::max());
}

absl::StatusOr<Saldolista> BuildSaldolista(const LedgerState& state, const SaldolistaFilter& filter,
                                           std::optional<Date> effective_on, const AsOfFold* methods,
                                           const ArchivedInvoices* archived, size_t max_rows,
                                           size_t first_row) {
  return Build(state, archived, filter, effective_on, methods, max_rows, first_row);
}

absl::string_view AgeingBucketName(int bucket) {
  static constexpr absl::string_view kNames[kAgeingBuckets] = {"not due", "1-30",   "31-60",
                                                               "61-90",   "91-180", "over 180"};
  return bucket >= 0 && bucket < kAgeingBuckets ? kNames[bucket] : "?";
}

int AgeingBucket(Date due, Date on) {
  const int32_t late = DateToDays(on) - DateToDays(due);
  if (late <= 0) return 0;
  if (late <= 30) return 1;
  if (late <= 60) return 2;
  if (late <= 90) return 3;
  if (late <= 180) return 4;
  return 5;
}

namespace {

absl::StatusOr<AgedReceivables> BuildAged(const LedgerState& state, const ArchivedInvoices* archived,
                                          const SaldolistaFilter& filter, std::optional<Date> effective_on,
                                          const AsOfFold* fold, Date on) {
  SaldolistaFilter f = filter;
  f.only_unpaid = true;
  AgedReceivables out;
  out.on = on;
  absl::btree_map<std::tuple<CompanyId, int32_t, std::string>, AgedReceivable> customers;
  absl::btree_map<std::pair<CompanyId, int32_t>, AgedReceivable> routines;
  absl::btree_map<CompanyId, AgedReceivable> companies;
  auto add = [&](AgedReceivable& line, int bucket, Money balance) {
    ++line.invoices;
    line.buckets[bucket] += balance;
    line.total += balance;
  };
  RETURN_IF_ERROR(ForEachSelected(
      state, archived, f, effective_on, fold, true, [&](const Invoice& inv, const SaldoAmounts& amounts) {
        const int bucket = AgeingBucket(inv.due_date, on);
        const Money balance = amounts.balance();
        AgedReceivable& c = customers[{inv.company, inv.routine, inv.customer_number}];
        c.company = inv.company;
        c.routine = inv.routine;
        c.customer_number = inv.customer_number;
        AgedReceivable& r = routines[{inv.company, inv.routine}];
        r.company = inv.company;
        r.routine = inv.routine;
        AgedReceivable& co = companies[inv.company];
        co.company = inv.company;
        for (AgedReceivable* line : {&c, &r, &co, &out.total}) add(*line, bucket, balance);
      }));
  for (auto& [k, v] : customers) out.customers.push_back(std::move(v));
  for (auto& [k, v] : routines) out.routines.push_back(std::move(v));
  for (auto& [k, v] : companies) out.companies.push_back(std::move(v));
  return out;
}

}  // namespace

absl::StatusOr<AgedReceivables> BuildAgedReceivables(const LedgerState& state, const SaldolistaFilter& filter,
                                                     const AsOfFold* fold, Date on) {
  std::optional<Date> effective_on = fold ? fold->effective_on() : std::nullopt;
  return BuildAged(state, nullptr, filter, effective_on, fold, effective_on.value_or(on));
}

absl::StatusOr<AgedReceivables> BuildAgedReceivables(const LedgerState& state, const SaldolistaFilter& filter,
                                                     std::optional<Date> effective_on, Date today,
                                                     const AsOfFold* methods,
                                                     const ArchivedInvoices* archived) {
  return BuildAged(state, archived, filter, effective_on, methods, effective_on.value_or(today));
}

}  // namespace reskontra
