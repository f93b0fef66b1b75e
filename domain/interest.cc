#include "domain/interest.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/overloaded.h"
#include "base/status_macros.h"
#include "domain/dunning.h"
#include "domain/fee_caps.h"
#include "domain/limits.h"

namespace reskontra {

namespace {

using Events = std::vector<Event>;

constexpr int kInterestRoutineOffset = 50;  // räntefakturor: routine + 50, the same number otherwise

int32_t DaysBetween(Date a, Date b) { return static_cast<int32_t>(b - a); }

// Easter Sunday (the anonymous Gregorian algorithm).
Date EasterSunday(int64_t y) {
  const int64_t a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25,
                g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4,
                l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451,
                month = (h + l - 7 * m + 114) / 31, day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date(y, month, day);
}

absl::Status CheckInterestSelection(const InterestSelection& sel, Date today) {
  RETURN_IF_ERROR(CheckDateInRange(sel.paid_from, "paid-from date"));
  RETURN_IF_ERROR(CheckDateInRange(sel.paid_to, "paid-to date"));
  if (sel.paid_to < sel.paid_from) return absl::InvalidArgumentError("the payment period runs backwards");
  if (sel.paid_to > today)
    return absl::InvalidArgumentError(absl::StrCat("the payment period ends after today (", FormatDate(today),
                                                   "): only paid claims have definitive interest"));
  RETURN_IF_ERROR(ValidateSelection(sel.selection));
  if (sel.min_interest_kronor &&
      (*sel.min_interest_kronor < 0 || *sel.min_interest_kronor > limits::kMinInterestKronorMax))
    return absl::InvalidArgumentError("the minimum interest is whole kronor, at most 3 digits");
  if (sel.min_days_late && (*sel.min_days_late < 0 || *sel.min_days_late > limits::kPolicyDaysMax))
    return absl::InvalidArgumentError("the minimum days late must be 0..999");
  return absl::OkStatus();
}

absl::Status ValidateInterestPolicy(const InterestPolicySet& p) {
  if (p.margin_bp < 0 || p.margin_bp > limits::kInterestMarginBpMax ||
      p.margin_bp % limits::kInterestMarginBpStep != 0)
    return absl::InvalidArgumentError("the margin is 0..99,0 percentage points with one decimal");
  if (p.start_after_invoice_days < 0 || p.start_after_invoice_days > limits::kPolicyDaysMax)
    return absl::InvalidArgumentError("days after the invoice date must be 0..999");
  if (p.min_interest_kronor < 0 || p.min_interest_kronor > limits::kMinInterestKronorMax)
    return absl::InvalidArgumentError("the minimum interest is whole kronor, at most 3 digits");
  if (p.min_days_late < 0 || p.min_days_late > limits::kPolicyDaysMax)
    return absl::InvalidArgumentError("the minimum days late must be 0..999");
  if (p.invoice_due_days < 1 || p.invoice_due_days > limits::kInterestDueDaysMax)
    return absl::InvalidArgumentError("interest invoices fall due 1..99 days ahead");
  if (p.revenue_account < limits::kAccountMin || p.revenue_account > limits::kAccountMax)
    return absl::InvalidArgumentError("the interest revenue account is a 4-digit account");
  return absl::OkStatus();
}

class InterestDecider {
 public:
  InterestDecider(const LedgerState& s, const CommandMeta& meta, const DecideContext& ctx)
      : s_(s), meta_(meta), ctx_(ctx), company_ptr_(s.FindCompany(meta.company)) {}

  absl::StatusOr<Events> operator()(const SetReferenceRate& c) {
    RETURN_IF_ERROR(CheckDateInRange(c.effective, "effective date"));
    if (c.rate_bp < limits::kReferenceRateBpMin || c.rate_bp > limits::kReferenceRateBpMax)
      return absl::InvalidArgumentError("the reference rate must be -10,00..50,00 %");
    RETURN_IF_ERROR(ValidateText("source", c.source, limits::kRateSourceMax, true));
    auto it = s_.reference_rates.find(c.effective);
    if (it != s_.reference_rates.end() && it->second.rate_bp == c.rate_bp)
      return absl::AlreadyExistsError(absl::StrCat("the reference rate from ", FormatDate(c.effective),
                                                   " is already ", it->second.rate_bp, " hundredths"));
    return One(c.effective, ReferenceRateSet{c.effective, c.rate_bp, c.source});
  }

  absl::StatusOr<Events> operator()(const SetInterestPolicy& c) {
    RETURN_IF_ERROR(ValidateInterestPolicy(c.policy));
    if (company().interest_policy == c.policy)
      return absl::AlreadyExistsError("the interest policy is already set like this");
    return One(ctx_.today, c.policy);
  }

  absl::StatusOr<Events> operator()(const RecordPaidInterest& c) {
    const Invoice* inv = s_.FindInvoice(meta_.company, c.invoice_number);
    if (inv == nullptr) return s_.InvoiceNotFound(meta_.company, c.invoice_number);
    if (!c.amount.is_positive() || c.amount.ore() > limits::kAmountOreMax)
      return absl::InvalidArgumentError("the paid interest must be above zero and within the limit");
    RETURN_IF_ERROR(ValidateText("remark", c.remark, limits::kRemarkMax, false));
    if (inv->interest_settled_by != 0)
      return absl::FailedPreconditionError("the claim's interest is already invoiced");
    return One(ctx_.today, PaidInterestRecorded{c.invoice_number, c.amount, c.remark});
  }

  absl::StatusOr<Events> operator()(const RunInterestInvoicing& c) {
    RETURN_IF_ERROR(CheckInterestSelection(c.selection, ctx_.today));
    const InterestPolicySet policy = InterestPolicyOf(company());
    const Date due = c.due_date ? *c.due_date : WeekendToMonday(ctx_.today + policy.invoice_due_days);
    RETURN_IF_ERROR(CheckDateInRange(due, "due date"));
    if (due < ctx_.today) return absl::InvalidArgumentError("the interest invoices' due date has passed");
    ASSIGN_OR_RETURN(std::vector<InterestCandidate> chosen,
                     SelectInterestCandidates(s_, meta_.company, c.selection, false));
    if (chosen.empty()) return NothingToDo(c.selection);
    Events out;
    out.reserve(2 * chosen.size());
    for (const InterestCandidate& k : chosen) {
      InvoiceIssued inv;
      inv.invoice_number = k.interest_invoice;
      inv.customer_number = k.customer_number;
      inv.routine = RoutineOf(k.interest_invoice);
      inv.invoice_date = ctx_.today;
      inv.due_date = due;
      if (k.amount.is_positive()) {
        inv.lines.push_back(
            InvoiceLine{absl::StrCat("Dröjsmålsränta faktura ", FormatInvoiceNumber(k.invoice_number), ", ",
                                     k.days, " dagar t.o.m. ", FormatDate(k.paid_on)),
                        k.amount, 0, Money(), policy.revenue_account});
      }
      if (k.compensation.is_positive()) {
        inv.lines.push_back(InvoiceLine{"Förseningsersättning (räntelagen 4 a §)", k.compensation, 0, Money(),
                                        policy.revenue_account});
      }
      inv.ocr_reference = PaymentReferenceFor(company(), k.interest_invoice);
      inv.total = k.amount + k.compensation;
      // The buyer's references and the department of the claim it is the interest of (an
      // e-invoiced buyer routes it by them); the channel and e-invoice address of today.
      if (const Invoice* original = s_.FindInvoice(meta_.company, k.invoice_number)) {
        inv.attributes = original->attributes;
        inv.attributes.source_id.clear();  // the ledger's invoice, not the billing system's
        inv.attributes.billing_system.clear();
        // The buyer matches it by its reference; an order number only when there is nothing else.
        if (!inv.attributes.buyer_reference.empty()) inv.attributes.order_reference.clear();
      }
      inv.attributes.subject = absl::StrCat("Dröjsmålsränta faktura ", FormatInvoiceNumber(k.invoice_number));
      if (const Customer* cu = s_.FindCustomer(meta_.company, k.customer_number)) {
        inv.attributes.delivery = cu->details.delivery;
        inv.attributes.peppol_id = cu->details.peppol_id;
      }
      out.push_back(MakeEvent(meta_, ctx_, ctx_.today, std::move(inv)));
      out.push_back(MakeEvent(meta_, ctx_, ctx_.today, Settled<InterestInvoiced>(k)));
    }
    return out;
  }

  absl::StatusOr<Events> operator()(const TransferInterestToNextInvoice& c) {
    RETURN_IF_ERROR(CheckInterestSelection(c.selection, ctx_.today));
    ASSIGN_OR_RETURN(std::vector<InterestCandidate> chosen,
                     SelectInterestCandidates(s_, meta_.company, c.selection, false));
    Events out;
    for (InterestCandidate k : chosen) {
      const Invoice* inv = s_.FindInvoice(meta_.company, k.invoice_number);
      k.interest_invoice = NextInvoiceFor(s_, *inv);
      k.compensation = Money();  // a fee for the next invoice is the billing routine's
      if (k.interest_invoice == 0 || !k.amount.is_positive()) continue;
      out.push_back(MakeEvent(meta_, ctx_, ctx_.today, Settled<InterestTransferredToNextInvoice>(k)));
    }
    if (out.empty()) return NothingToDo(c.selection);
    return out;
  }

 private:
  absl::StatusOr<Events> One(Date d, EventBody body) const {
    Events out;
    out.push_back(MakeEvent(meta_, ctx_, d, std::move(body)));
    return out;
  }
  template <class T>
  static T Settled(const InterestCandidate& k) {
    T v;
    v.invoice_number = k.invoice_number;
    v.interest_invoice = k.interest_invoice;
    v.interest = k.interest;
    v.deducted = k.deducted;
    v.amount = k.amount;
    v.days = k.days;
    v.paid_on = k.paid_on;
    v.compensation = k.compensation;
    return v;
  }
  static absl::Status NothingToDo(const InterestSelection& sel) {
    return absl::FailedPreconditionError(
        absl::StrCat("no claim fully paid ", FormatDate(sel.paid_from), "..", FormatDate(sel.paid_to),
                     " has interest left to invoice (a claim is interest-invoiced once)"));
  }

  const LedgerState& s_;
  const CommandMeta& meta_;
  const DecideContext& ctx_;
  const Company* company_ptr_;  // null only for the shared register (company 0)
  const Company& company() const { return *company_ptr_; }
};

}  // namespace

InterestPolicySet DefaultInterestPolicy() { return InterestPolicySet{}; }

InterestPolicySet InterestPolicyOf(const Company& company) {
  return company.interest_policy ? *company.interest_policy : DefaultInterestPolicy();
}

// Riksbanken's reference rate (referensränta, räntelagen 9 §): its repo rate at the end of the
// previous half-year, rounded up to the nearest half percentage point, in force from 1 January
// and 1 July. Sources: Riksbanken, "Referensränta" table
// (https://www.riksbank.se/sv/statistik/sok-rantor--valutakurser/referensranta/, 2016-01-01 to
// 2020-07-01), the SFS announcements (e.g. SFS 2017:1 and 2017:843, -0,50 %), Riksbanken's news
// of 2023-07-03 (3,50 %) and the table reproduced at https://www.mystep.se/referensranta
// (2021-01-01 to 2026-01-01). The rate from 2026-07-01 on was not in these sources: enter it with
// `reskontra rate set` when Riksbanken publishes it.
std::vector<ReferenceRateSet> PublishedReferenceRates() {
  struct Row {
    int y, m, bp;
  };
  static constexpr Row kRows[] = {
      {2016, 1, 0},   {2016, 7, -50}, {2017, 1, -50}, {2017, 7, -50}, {2018, 1, -50}, {2018, 7, -50},
      {2019, 1, -50}, {2019, 7, 0},   {2020, 1, 0},   {2020, 7, 0},   {2021, 1, 0},   {2021, 7, 0},
      {2022, 1, 0},   {2022, 7, 50},  {2023, 1, 250}, {2023, 7, 350}, {2024, 1, 400}, {2024, 7, 400},
      {2025, 1, 300}, {2025, 7, 200}, {2026, 1, 200},
  };
  std::vector<ReferenceRateSet> out;
  for (const Row& r : kRows)
    out.push_back(ReferenceRateSet{Date(r.y, r.m, 1), r.bp, "Riksbanken, referensränta (räntelagen 9 §)"});
  return out;
}

bool IsBankHoliday(Date d) {
  const absl::Weekday w = absl::GetWeekday(d);
  if (w == absl::Weekday::saturday || w == absl::Weekday::sunday) return true;
  const int m = d.month(), day = d.day();
  if ((m == 1 && (day == 1 || day == 6)) || (m == 5 && day == 1) || (m == 6 && day == 6) ||
      (m == 12 && (day == 24 || day == 25 || day == 26 || day == 31)))
    return true;
  // Midsommarafton: the Friday from 19 to 25 June.
  if (m == 6 && day >= 19 && day <= 25 && w == absl::Weekday::friday) return true;
  const Date easter = EasterSunday(d.year());
  return d == easter - 2 || d == easter + 1 ||
         d == easter + 39;  // långfredag, annandag påsk, Kristi himmelsfärd
}

Date NextBankingDay(Date d) {
  while (IsBankHoliday(d)) d += 1;
  return d;
}

Date WeekendToMonday(Date d) {
  const absl::Weekday w = absl::GetWeekday(d);
  if (w == absl::Weekday::saturday) return d + 2;
  if (w == absl::Weekday::sunday) return d + 1;
  return d;
}

absl::StatusOr<int32_t> ReferenceRateOn(const LedgerState& state, Date d) {
  auto it = state.reference_rates.upper_bound(d);
  if (it == state.reference_rates.begin())
    return absl::FailedPreconditionError(
        absl::StrCat("no reference rate is registered for ", FormatDate(d), ": enter it with 'rate set'"));
  return std::prev(it)->second.rate_bp;
}

Money RoundInterest(absl::int128 exact) {
  if (exact <= 0) return Money();
  return Money::FromOre(static_cast<int64_t>((exact + kInterestDenominator / 2) / kInterestDenominator));
}

absl::StatusOr<InterestResult> AccruedInterest(const LedgerState& state, const Invoice& inv, Date to,
                                               std::optional<Date> from) {
  InterestResult r;
  r.end = to;
  if (inv.status != InvoiceStatus::kOpen && inv.slutbetald && *inv.slutbetald <= to) {
    r.end = *inv.slutbetald;
    r.definitive = true;
  }
  const Company* co = state.FindCompany(inv.company);
  if (co == nullptr) return absl::NotFoundError("the invoice's company is not registered");
  const InterestPolicySet policy = InterestPolicyOf(*co);
  if (inv.is_interest_invoice) {
    r.exemption = "an interest invoice bears no interest";
    return r;
  }
  const Customer* cu = state.FindCustomer(inv.company, inv.customer_number);
  if (cu != nullptr && cu->details.kind == CustomerKind::kEstate && policy.estates_exempt) {
    r.exemption = "the customer is an estate (dödsbo): no late-payment interest by the company's policy";
    return r;
  }
  if (const uint8_t code = inv.dunning->code; code != 0) {
    auto it = co->dunning_codes.find(code);
    const uint32_t flags = it == co->dunning_codes.end() ? 0 : it->second.flags;
    const bool in_force = !inv.dunning->code_until || *inv.dunning->code_until >= r.end;
    if (in_force && (flags & kCodeNoInterest)) {
      r.exemption = absl::StrCat("kravkod ", code, " (no interest)");
      return r;
    }
    std::optional<Date> respite =
        inv.dunning->code_until ? inv.dunning->code_until : inv.dunning->deferral_until;
    if ((flags & kCodeNoInterestInDeferral) && r.definitive && respite && r.end <= *respite) {
      r.exemption =
          absl::StrCat("paid within the respite to ", FormatDate(*respite), " (kravkod ", code, ")");
      return r;
    }
  }
  // Paying on the due date is on time; a due date on a holiday moves to the next banking day.
  const Date due = NextBankingDay(inv.due_date);
  Date start = policy.from_day_after ? due + 1 : due;
  if (policy.start_after_invoice_days > 0)
    start = std::max(start, inv.invoice_date + policy.start_after_invoice_days);
  if (from && *from > start) start = *from;
  r.start = start;
  if (r.end < start) return r;

  // The capital of day d: what was invoiced, less exempt reductions (all of them, from the
  // start), less reductions made by the due date, less later reductions from their next day.
  int64_t capital = inv.capital.ore();
  std::vector<std::pair<Date, int64_t>> changes;  // (first day affected, capital delta)
  for (const CapitalMove& m : inv.capital_moves) {
    if (m.date > r.end) continue;  // not yet made on the date asked
    if (m.exempt || m.date <= due) {
      capital -= m.amount.ore();
    } else if (m.date + 1 <= start) {
      capital -= m.amount.ore();
    } else if (m.date + 1 <= r.end) {
      changes.emplace_back(m.date + 1, -m.amount.ore());
    }
  }
  std::stable_sort(changes.begin(), changes.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  // Days in an amortisation plan made without interest (Ej ränta) bear none: from the day
  // after the plan date to the day it ended, if it did.
  std::vector<std::pair<Date, Date>> free_days;  // [first, last]
  if (cu != nullptr) {
    for (const AmortizationPlan& p : cu->plans) {
      if (p.plan.interest != PlanInterest::kNone ||
          std::find(p.plan.invoices.begin(), p.plan.invoices.end(), inv.number) == p.plan.invoices.end())
        continue;
      free_days.emplace_back(p.established + 1, p.ended ? *p.ended : Date(9999, 12, 31));
    }
  }
  auto is_free = [&free_days](Date d) {
    return std::any_of(free_days.begin(), free_days.end(),
                       [d](const auto& w) { return w.first <= d && d <= w.second; });
  };
  ASSIGN_OR_RETURN(int32_t reference, ReferenceRateOn(state, start));
  auto rate_it = state.reference_rates.upper_bound(start);
  size_t next_change = 0;
  Date day = start;
  absl::int128 running = 0;
  Money shown;
  while (day <= r.end) {
    Date stop = r.end + 1;  // the first day of the next sub-period
    if (next_change < changes.size()) stop = std::min(stop, changes[next_change].first);
    if (rate_it != state.reference_rates.end()) stop = std::min(stop, rate_it->first);
    for (const auto& [first, last] : free_days) {
      if (first > day) stop = std::min(stop, first);
      if (last >= day && last < r.end) stop = std::min(stop, last + 1);
    }
    const int32_t days = DaysBetween(day, stop);
    const int32_t rate = std::max<int32_t>(0, reference + policy.margin_bp);
    if (capital > 0 && rate > 0 && days > 0 && !is_free(day)) {
      InterestLine line;
      line.from = day;
      line.to = stop - 1;
      line.days = days;
      line.capital = Money::FromOre(capital);
      line.reference_bp = reference;
      line.rate_bp = rate;
      line.exact = absl::int128(capital) * rate * days;
      running += line.exact;
      const Money rounded = RoundInterest(running);
      line.interest = rounded - shown;
      shown = rounded;
      r.days += days;
      r.lines.push_back(line);
    }
    day = stop;
    while (next_change < changes.size() && changes[next_change].first <= day) {
      capital += changes[next_change].second;
      ++next_change;
    }
    while (rate_it != state.reference_rates.end() && rate_it->first <= day) {
      reference = rate_it->second.rate_bp;
      ++rate_it;
    }
  }
  r.exact = running;
  r.total = shown;
  if (!r.lines.empty()) {
    const Date last = state.reference_rates.rbegin()->first;
    Date half = last.month() < 7 ? Date(last.year(), 7, 1) : Date(last.year() + 1, 1, 1);
    if (half <= r.lines.back().to) r.unregistered_half_year = half;
  }
  return r;
}

InvoiceNumber NextInvoiceFor(const LedgerState& state, const Invoice& paid) {
  const Customer* cu = state.FindCustomer(paid.company, paid.customer_number);
  if (cu == nullptr || !paid.slutbetald) return 0;
  const Invoice* newest = nullptr;  // the latest invoice date, then the highest number
  for (InvoiceNumber n : cu->invoices) {
    const Invoice* inv = state.FindInvoice(paid.company, n);
    if (inv == nullptr || inv->number == paid.number || inv->is_interest_invoice) continue;
    if (inv->status != InvoiceStatus::kOpen || inv->invoice_date < *paid.slutbetald) continue;
    if (newest == nullptr ||
        std::tie(inv->invoice_date, inv->number) > std::tie(newest->invoice_date, newest->number))
      newest = inv;
  }
  return newest != nullptr ? newest->number : 0;
}

absl::StatusOr<std::vector<InterestCandidate>> SelectInterestCandidates(const LedgerState& state,
                                                                        CompanyId company,
                                                                        const InterestSelection& sel,
                                                                        bool include_skipped) {
  const Company* co = state.FindCompany(company);
  if (co == nullptr) return absl::NotFoundError(absl::StrCat("company ", company, " is not registered"));
  const InterestPolicySet policy = InterestPolicyOf(*co);
  const int64_t min_interest = 100LL * sel.min_interest_kronor.value_or(policy.min_interest_kronor);
  const int32_t min_days = sel.min_days_late.value_or(policy.min_days_late);
  std::vector<InterestCandidate> out;
  absl::Status status;
  ForEachSelected(state, company, sel.selection, [&](const Invoice& inv) {
    if (!status.ok() || inv.status != InvoiceStatus::kPaid || !inv.slutbetald) return;
    if (*inv.slutbetald < sel.paid_from || *inv.slutbetald > sel.paid_to) return;
    if (inv.is_interest_invoice || inv.interest_settled_by != 0) return;
    InterestCandidate k;
    k.invoice_number = inv.number;
    k.customer_number = inv.customer_number;
    k.due_date = inv.due_date;
    k.paid_on = *inv.slutbetald;
    k.days_late = std::max(0, DaysBetween(inv.due_date, k.paid_on));
    k.fees_noted = inv.fees_noted;
    absl::StatusOr<InterestResult> r = AccruedInterest(state, inv, k.paid_on);
    if (!r.ok()) {
      status = r.status();
      return;
    }
    k.interest = r->total;
    k.days = r->days;
    k.deducted = inv.interest_accounted();
    k.amount = std::max(Money(), k.interest - k.deducted);
    const Customer* cu = state.FindCustomer(company, inv.customer_number);
    if (policy.late_compensation && cu != nullptr && cu->details.kind == CustomerKind::kOrganisation &&
        inv.late_compensation.is_zero() && r->days > 0)
      k.compensation = FeeCapsOn(inv.due_date).late_compensation;  // none before 4 a §
    const int routine = RoutineOf(inv.number);
    if (!r->exemption.empty()) {
      k.skipped = r->exemption;
    } else if (k.days_late < min_days) {
      k.skipped = absl::StrCat("paid ", k.days_late, " days late, under the minimum ", min_days);
    } else if (k.amount.ore() < min_interest && k.compensation.is_zero()) {
      k.skipped =
          absl::StrCat("interest ", k.amount.ToKronor(), " is under the minimum ", min_interest / 100, " kr");
    } else if (!k.amount.is_positive() && k.compensation.is_zero()) {
      k.skipped = "no interest left after what was charged or paid";
    } else if (routine + kInterestRoutineOffset > limits::kRoutineMax) {
      k.skipped = absl::StrCat("routine ", routine, " has no interest routine (routine + 50)");
    } else {
      k.interest_invoice = inv.number + int64_t{kInterestRoutineOffset} * limits::kInvoicesPerRoutine;
      const Company* co = state.FindCompany(company);
      if (state.FindInvoice(company, k.interest_invoice) != nullptr ||
          state.archived.contains(CompanyInvoiceKey{company, k.interest_invoice})) {
        k.skipped = absl::StrCat("invoice number ", FormatInvoiceNumber(k.interest_invoice), " is taken");
      } else if (co != nullptr && state.ocr_index.contains(std::make_pair(
                                      company, PaymentReferenceFor(*co, k.interest_invoice)))) {
        // Another invoice was issued with this reference: a payment could not tell them apart.
        k.skipped = absl::StrCat("OCR reference ", PaymentReferenceFor(*co, k.interest_invoice),
                                 " of the interest invoice is taken");
      }
    }
    if (k.skipped.empty() || include_skipped) out.push_back(std::move(k));
  });
  RETURN_IF_ERROR(status);
  return out;
}

absl::StatusOr<std::vector<Event>> DecideInterest(const LedgerState& state, const CommandMeta& meta,
                                                  const CommandBody& command, const DecideContext& ctx) {
  InterestDecider decider(state, meta, ctx);
  return std::visit(
      [&](const auto& c) -> absl::StatusOr<Events> {
        using T = std::decay_t<decltype(c)>;
        if constexpr (requires { decider(c); }) {
          return decider(c);
        } else {
          return absl::InternalError("not an interest command");
        }
      },
      command);
}

}  // namespace reskontra
