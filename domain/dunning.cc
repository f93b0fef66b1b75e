#include "domain/dunning.h"

#include <algorithm>
#include <utility>

#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/overloaded.h"
#include "base/status_macros.h"
#include "domain/decider.h"
#include "domain/documents.h"
#include "domain/fee_caps.h"
#include "domain/interest.h"
#include "domain/limits.h"

namespace reskontra {

namespace {

Money Kronor(int64_t kr) { return Money::FromOre(kr * 100); }

bool IsOpenClaim(const Invoice& inv) {
  return inv.status == InvoiceStatus::kOpen && inv.balance().is_positive();
}

uint32_t SuppressionFlag(DunningStep s) {
  switch (s) {
    case DunningStep::kReminder1:
      return kCodeNoReminder1;
    case DunningStep::kReminder2:
      return kCodeNoReminder2;
    case DunningStep::kCollectionDemand:
      return kCodeNoDemand;
    case DunningStep::kResidualDemand:
      return kCodeNoResidual;
    case DunningStep::kPaymentOrderThreat:
      return kCodeNoThreat;
    case DunningStep::kNone:
      break;
  }
  return 0;
}

ChargeKind FeeKindOf(DunningStep s) {
  return s == DunningStep::kCollectionDemand ? ChargeKind::kCollectionFee : ChargeKind::kReminderFee;
}

// The step that follows the steps taken, and the date it becomes possible (before holds).
std::pair<DunningStep, std::optional<Date>> Candidate(const Invoice& inv, const DunningPolicySet& p) {
  const DunningInfo& d = *inv.dunning;
  Date base = inv.due_date;
  if (d.deferral_until && *d.deferral_until > base) base = *d.deferral_until;
  const auto& r1 = d.date_of(DunningStep::kReminder1);
  const auto& r2 = d.date_of(DunningStep::kReminder2);
  const auto& demand = d.date_of(DunningStep::kCollectionDemand);
  if (!demand) {
    if (!r1 && !r2) {
      if (p.reminder1.days >= 0) return {DunningStep::kReminder1, base + p.reminder1.days};
      if (p.demand_base == kDemandFromDueDate && p.demand.days >= 0)
        return {DunningStep::kCollectionDemand, base + p.demand.days};
      return {DunningStep::kNone, std::nullopt};
    }
    if (r1 && !r2 && p.reminder2.days >= 0) return {DunningStep::kReminder2, *r1 + p.reminder2.days};
    if (p.demand.days < 0) return {DunningStep::kNone, std::nullopt};
    std::optional<Date> from;
    if (p.demand_base == kDemandFromReminder1) from = r1;
    if (p.demand_base == kDemandFromReminder2) from = r2;
    if (p.demand_base == kDemandFromDueDate) from = base;
    if (!from) return {DunningStep::kNone, std::nullopt};
    return {DunningStep::kCollectionDemand, *from + p.demand.days};
  }
  std::pair<DunningStep, std::optional<Date>> best{DunningStep::kNone, std::nullopt};
  if (!d.date_of(DunningStep::kResidualDemand) && p.residual.days >= 0)
    best = {DunningStep::kResidualDemand, *demand + p.residual.days};
  if (!d.date_of(DunningStep::kPaymentOrderThreat) && p.threat.days >= 0) {
    Date t = *demand + p.threat.days;
    if (!best.second || t < *best.second) best = {DunningStep::kPaymentOrderThreat, t};
  }
  return best;
}

// What charging `accrued` adds to the claim: the interest not yet charged or paid as accrued,
// with `text`; nullopt when nothing more is due.
std::optional<InterestCharged> ChargeOf(const Invoice& inv, const InterestResult& accrued, std::string text) {
  const Money charged = inv.interest_accounted();
  if (accrued.total <= charged) return std::nullopt;
  return InterestCharged{inv.number, accrued.total - charged, std::move(text)};
}

const AmortizationPlan* PlanOf(const LedgerState& s, const Invoice& inv) {
  if (inv.dunning->plan_id.empty()) return nullptr;
  const Customer* cu = s.FindCustomer(inv.company, inv.customer_number);
  if (cu == nullptr) return nullptr;
  const AmortizationPlan* p = cu->FindPlan(inv.dunning->plan_id);
  return p != nullptr && p->active ? p : nullptr;
}

// The fee of a letter, by the policy: only where agreed, not on claims under the limit, one
// reminder fee and one collection fee per claim.
Money LetterFee(const Invoice& inv, const DunningPolicySet& p, DunningStep step) {
  if (!p.fees_agreed) return Money();
  if (step != DunningStep::kReminder1 && step != DunningStep::kReminder2 &&
      step != DunningStep::kCollectionDemand)
    return Money();
  const DunningStepPolicy& sp = StepPolicy(p, step);
  if (sp.fee_kronor <= 0 || inv.balance() < p.no_fee_below) return Money();
  const DunningInfo& d = *inv.dunning;
  if (step != DunningStep::kCollectionDemand &&
      (d.step_fees[1].is_positive() || d.step_fees[2].is_positive()))
    return Money();
  return Kronor(sp.fee_kronor);
}

absl::Status ValidateStepPolicy(absl::string_view what, const DunningStepPolicy& p, bool has_fee) {
  if (p.days < -1 || p.days > limits::kPolicyDaysMax)
    return absl::InvalidArgumentError(absl::StrCat(what, ": days must be blank or 0..999"));
  if (p.fee_kronor < 0 || p.fee_kronor > limits::kFeeKronorMax)
    return absl::InvalidArgumentError(absl::StrCat(what, ": the fee is whole kronor, at most 3 digits"));
  if (!has_fee && (p.fee_kronor != 0 || p.charged))
    return absl::InvalidArgumentError(absl::StrCat(what, " has no fee"));
  if (p.text_number < 0 || p.text_number > limits::kDunningTextNumberMax)
    return absl::InvalidArgumentError(absl::StrCat(what, ": text number 1..9"));
  return absl::OkStatus();
}

// The fees of a policy set on `on` within the statutory caps in force that day.
absl::Status CheckPolicyCaps(const DunningPolicySet& p, Date on) {
  const struct {
    const char* step;
    ChargeKind kind;
    int32_t kronor;
  } fees[] = {{"reminder 1", ChargeKind::kReminderFee, p.reminder1.fee_kronor},
              {"reminder 2", ChargeKind::kReminderFee, p.reminder2.fee_kronor},
              {"inkassokrav", ChargeKind::kCollectionFee, p.demand.fee_kronor},
              {"amorteringsplan", ChargeKind::kPlanFee, p.plan_fee_kronor}};
  for (const auto& f : fees) {
    const absl::Status s = CheckFeeCap(f.kind, Kronor(f.kronor), Money(), on);
    if (!s.ok()) return absl::FailedPreconditionError(absl::StrCat(f.step, ": ", s.message()));
  }
  return absl::OkStatus();
}

absl::Status ValidatePolicy(const DunningPolicySet& p) {
  if (p.routine < 0 || p.routine > limits::kRoutineMax)
    return absl::InvalidArgumentError("routine must be 0..99");
  RETURN_IF_ERROR(ValidateStepPolicy("reminder 1", p.reminder1, true));
  RETURN_IF_ERROR(ValidateStepPolicy("reminder 2", p.reminder2, true));
  RETURN_IF_ERROR(ValidateStepPolicy("inkassokrav", p.demand, true));
  RETURN_IF_ERROR(ValidateStepPolicy("restkrav", p.residual, false));
  RETURN_IF_ERROR(ValidateStepPolicy("hot om betalningsföreläggande", p.threat, false));
  if (p.reminder2.days >= 0 && p.reminder1.days < 0)
    return absl::InvalidArgumentError("reminder 2 needs reminder 1");
  if (p.demand_base != kDemandFromReminder1 && p.demand_base != kDemandFromReminder2 &&
      p.demand_base != kDemandFromDueDate)
    return absl::InvalidArgumentError(
        "the inkassokrav counts from 1 (reminder 1), 2 (reminder 2) or 9 (due date)");
  if (p.demand.days >= 0 && p.demand_base == kDemandFromReminder1 && p.reminder1.days < 0)
    return absl::InvalidArgumentError("the inkassokrav counts from reminder 1, which is blank");
  if (p.demand.days >= 0 && p.demand_base == kDemandFromReminder2 && p.reminder2.days < 0)
    return absl::InvalidArgumentError("the inkassokrav counts from reminder 2, which is blank");
  if ((p.residual.days >= 0 || p.threat.days >= 0) && p.demand.days < 0)
    return absl::InvalidArgumentError(
        "a restkrav or a threat of a payment order is only possible after an inkassokrav");
  if (p.charge_interest_at_demand) {
    if (!p.demand.print_interest)
      return absl::InvalidArgumentError("charging interest at the inkassokrav needs it printed as well");
  }
  if (p.no_fee_below.is_negative() || p.no_fee_below.ore() % 100 != 0 ||
      p.no_fee_below.ore() > limits::kFeeKronorMax * 100)
    return absl::InvalidArgumentError("the no-fee limit is whole kronor, at most 3 digits");
  if (p.max_letters_per_month < 1 || p.max_letters_per_month > limits::kLettersPerMonthMax)
    return absl::InvalidArgumentError("a claim gets one or two letters a month at most");
  if (p.plan_min_total.is_negative() || p.plan_approval_months < 1 ||
      p.plan_approval_months > limits::kPlanMonthsMax || p.plan_fee_kronor < 0 ||
      p.plan_fee_kronor > limits::kFeeKronorMax || p.plan_grace_days < 0 ||
      p.plan_grace_days > limits::kPlanGraceDaysMax)
    return absl::InvalidArgumentError("plan settings out of range");
  if (p.max_runs_per_month < 0 || p.max_runs_per_month > limits::kDunningRunsPerMonthMax)
    return absl::InvalidArgumentError(
        absl::StrCat("reminder runs a month: 0 (no limit) to ", limits::kDunningRunsPerMonthMax));
  return absl::OkStatus();
}

class DunningDecider : public DeciderBase {
 public:
  DunningDecider(const LedgerState& s, const CommandMeta& meta, const DecideContext& ctx)
      : DeciderBase(s, meta, ctx), company_(*s.FindCompany(meta.company)) {}

  absl::StatusOr<Events> operator()(const SetDunningPolicy& c) {
    RETURN_IF_ERROR(ValidatePolicy(c.policy));
    RETURN_IF_ERROR(CheckPolicyCaps(c.policy, ctx_.today));
    // A text number names a text of the register; text 1 (the default) is the built-in text
    // until one is stored under it, the others must be stored first.
    for (DunningStep step : {DunningStep::kReminder1, DunningStep::kReminder2, DunningStep::kCollectionDemand,
                             DunningStep::kResidualDemand, DunningStep::kPaymentOrderThreat}) {
      const int32_t n = StepPolicy(c.policy, step).text_number;
      if (n > 1 && company_.LetterText(LetterTextKindOf(step), n) == nullptr)
        return absl::FailedPreconditionError(
            absl::StrCat(DunningStepName(step), ": text ", n, " is not in the register; store it first"));
    }
    auto it = company_.dunning_policies.find(c.policy.routine);
    if (it != company_.dunning_policies.end() && it->second == c.policy)
      return absl::AlreadyExistsError("the dunning policy is already set like this");
    return One(ctx_.today, c.policy);
  }

  absl::StatusOr<Events> operator()(const DefineDunningCode& c) {
    if (c.code.code < 1 || c.code.code > limits::kDunningCodeMax)
      return absl::InvalidArgumentError("a kravkod is one digit 1-9");
    RETURN_IF_ERROR(ValidateText("kravtext", c.code.text, limits::kDunningCodeTextMax, true));
    if ((c.code.flags & ~static_cast<uint32_t>(kCodeFlagsAll)) != 0)
      return absl::InvalidArgumentError("unknown kravkod flags");
    auto it = company_.dunning_codes.find(c.code.code);
    if (it != company_.dunning_codes.end() && it->second == c.code)
      return absl::AlreadyExistsError(absl::StrCat("kravkod ", c.code.code, " is already defined like this"));
    return One(ctx_.today, c.code);
  }

  absl::StatusOr<Events> operator()(const AssignDunningCode& c) {
    ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(c.invoice_number));
    RETURN_IF_ERROR(FindCode(c.code).status());
    if (c.until) {
      RETURN_IF_ERROR(CheckDateInRange(*c.until, "until date"));
      if (*c.until < ctx_.today)
        return absl::InvalidArgumentError(
            absl::StrCat("the until date ", FormatDate(*c.until), " has passed"));
    }
    if (inv->dunning->code == c.code && inv->dunning->code_until == c.until)
      return absl::AlreadyExistsError("the invoice already has this kravkod");
    RETURN_IF_ERROR(CheckVersion(*inv));
    return One(ctx_.today, DunningCodeAssigned{c.invoice_number, c.code, c.until});
  }

  absl::StatusOr<Events> operator()(const RemoveDunningCode& c) {
    ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(c.invoice_number));
    if (inv->dunning->code == 0)
      return absl::FailedPreconditionError(
          absl::StrCat("invoice ", FormatInvoiceNumber(c.invoice_number), " has no kravkod"));
    RETURN_IF_ERROR(CheckVersion(*inv));
    return One(ctx_.today, DunningCodeRemoved{c.invoice_number, inv->dunning->code});
  }

  // Reminder runs per routine and calendar month, as the routine's policy allows (a run of
  // all routines counts for each).
  absl::Status CheckRunsThisMonth(const RunDunning& c) const {
    const DunningPolicySet* found = company_.DunningPolicyFor(c.selection.routine);
    const DunningPolicySet policy = found ? *found : DefaultDunningPolicy(c.selection.routine);
    if (policy.max_runs_per_month == 0) return absl::OkStatus();
    const absl::CivilMonth month(c.run_date);
    std::vector<std::string> earlier;
    for (const DunningRunCompleted& r : company_.dunning_runs) {
      if (absl::CivilMonth(r.run_date) == month &&
          (r.routine == 0 || c.selection.routine == 0 || r.routine == c.selection.routine))
        earlier.push_back(FormatDate(r.run_date));
    }
    if (static_cast<int>(earlier.size()) < policy.max_runs_per_month) return absl::OkStatus();
    return absl::FailedPreconditionError(absl::StrCat(
        c.selection.routine ? absl::StrCat("routine ", c.selection.routine) : std::string("the company"),
        " has had ", earlier.size(), " reminder runs in ", absl::FormatCivilTime(month), " (",
        absl::StrJoin(earlier, ", "), "); its dunning policy allows ", policy.max_runs_per_month,
        " a month"));
  }

  absl::StatusOr<Events> operator()(const RunDunning& c) {
    ASSIGN_OR_RETURN(DunningPreview preview, PreviewDunningRun(s_, meta_.company, c, ctx_.today));
    for (const DunningRunCompleted& r : company_.dunning_runs) {
      if (r.run_date > c.run_date) {
        return absl::FailedPreconditionError(absl::StrCat("a dunning run was already made on the later date ",
                                                          FormatDate(r.run_date), "; runs go forward"));
      }
      if (r.run_date == c.run_date &&
          (r.routine == 0 || c.selection.routine == 0 || r.routine == c.selection.routine)) {
        return absl::AlreadyExistsError(
            absl::StrCat("a dunning run was already made on ", FormatDate(c.run_date),
                         r.routine ? absl::StrCat(" for routine ", r.routine) : ""));
      }
    }
    RETURN_IF_ERROR(CheckRunsThisMonth(c));
    Events out;
    out.reserve(preview.plans_ended.size() + 2 * preview.letters.size() + 1);
    DunningRunCompleted done;
    done.run_date = c.run_date;
    done.routine = c.selection.routine;
    done.first_invoice = c.selection.first_invoice;
    done.last_invoice = c.selection.last_invoice;
    done.covered_by_credit = preview.covered_by_credit;
    for (const PlanOutcome& p : preview.plans_ended) {
      const Customer* cu = s_.FindCustomer(meta_.company, p.customer_number);
      out.push_back(Make(c.run_date,
                         AmortizationPlanEnded{
                             p.plan_id, p.customer_number, cu->FindPlan(p.plan_id)->plan.invoices, p.reason,
                             p.reason == PlanEnd::kMissedInstalment ? "an instalment was missed" : "paid"}));
      ++done.plans_ended;
    }
    for (const DunningLetter& l : preview.letters) {
      out.push_back(Make(c.run_date, DunningStepIssued{l.invoice_number, l.step, l.claim, l.fee,
                                                       l.fee_charged, l.customer_credit}));
      if (l.compensation.is_positive()) {
        out.push_back(Make(c.run_date, FeeCharged{l.invoice_number, ChargeKind::kLateCompensation,
                                                  l.compensation, true, "förseningsersättning (4 a §)"}));
        done.fees_charged += l.compensation;
      }
      if (l.interest_charged.is_positive()) {
        out.push_back(Make(c.run_date, InterestCharged{l.invoice_number, l.interest_charged,
                                                       absl::StrCat("upplupen dröjsmålsränta t.o.m. ",
                                                                    FormatDate(c.run_date))}));
      }
      if (l.fee.is_positive()) {
        out.push_back(Make(c.run_date, FeeCharged{l.invoice_number, FeeKindOf(l.step), l.fee, l.fee_charged,
                                                  std::string(DunningStepName(l.step))}));
        (l.fee_charged ? done.fees_charged : done.fees_noted) += l.fee;
      }
      ++done.letters;
    }
    out.push_back(Make(c.run_date, done));
    return out;
  }

  absl::StatusOr<Events> operator()(const ClearDunningStep& c) {
    ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(c.invoice_number));
    RETURN_IF_ERROR(ValidateText("remark", c.remark, limits::kRemarkMax, false));
    const int i = static_cast<int>(c.step);
    if (i < 1 || i >= kDunningSteps) return absl::InvalidArgumentError("no such dunning step");
    const DunningInfo& d = *inv->dunning;
    if (!d.step_dates[i]) {
      return absl::FailedPreconditionError(absl::StrCat("invoice ", FormatInvoiceNumber(c.invoice_number),
                                                        " has no ", DunningStepName(c.step),
                                                        " date to clear"));
    }
    for (int j = i + 1; j < kDunningSteps; ++j) {
      if (d.step_dates[j]) {
        return absl::FailedPreconditionError(
            absl::StrCat("clear the later step (", DunningStepName(static_cast<DunningStep>(j)), ") first"));
      }
    }
    RETURN_IF_ERROR(CheckVersion(*inv));
    Events out;
    const Money fee = d.step_fees[i];
    Money noted;
    if (fee.is_positive() && d.fee_charged[i]) {
      // The handbook's warning: a blanked date must also take its fee off the claim.
      const ChargeKind kind = FeeKindOf(c.step);
      const Money left = kind == ChargeKind::kReminderFee
                             ? inv->reminder_fees - inv->reminder_fees_reversed
                             : inv->collection_fees - inv->collection_fees_reversed;
      if (fee > left || fee > inv->open_fees() || fee > inv->balance()) {
        return absl::FailedPreconditionError(
            absl::StrCat("the ", DunningStepName(c.step), " fee ", fee.ToKronor(),
                         " kr has been paid; credit it before clearing the date"));
      }
      out.push_back(Make(ctx_.today, FeeReversed{c.invoice_number, kind, fee, "", "step cleared"}));
    } else if (fee.is_positive()) {
      noted = Min(fee, inv->fees_noted);
    }
    out.push_back(Make(ctx_.today, DunningStepCleared{c.invoice_number, c.step, noted, c.remark}));
    return out;
  }

  absl::StatusOr<Events> operator()(const ChangeDueDate& c) {
    ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(c.invoice_number));
    RETURN_IF_ERROR(ValidateText("remark", c.remark, limits::kRemarkMax, false));
    RETURN_IF_ERROR(CheckDateInRange(c.due_date, "due date"));
    if (c.due_date < inv->invoice_date)
      return absl::InvalidArgumentError("the due date is before the invoice date");
    if (c.due_date == inv->due_date) return absl::AlreadyExistsError("the invoice already has this due date");
    if (!IsOpenClaim(*inv)) return absl::FailedPreconditionError("only an open claim's due date can move");
    RETURN_IF_ERROR(CheckVersion(*inv));
    return One(ctx_.today, DueDateChanged{c.invoice_number, c.due_date, c.remark});
  }

  absl::StatusOr<Events> operator()(const GrantDeferral& c) {
    ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(c.invoice_number));
    RETURN_IF_ERROR(ValidateText("reason", c.reason, limits::kRemarkMax, true));
    RETURN_IF_ERROR(CheckDateInRange(c.requested_on, "request date"));
    RETURN_IF_ERROR(CheckDateInRange(c.until, "deferral date"));
    if (c.requested_on > ctx_.today) return absl::InvalidArgumentError("the request date is in the future");
    if (!IsOpenClaim(*inv)) return absl::FailedPreconditionError("only an open claim can be deferred");
    if (inv->dunning->collection_date)
      return absl::FailedPreconditionError("the claim is with a collection agency");
    if (c.requested_on >= inv->due_date) {
      return absl::FailedPreconditionError(absl::StrCat("a deferral must be asked for before the due date ",
                                                        FormatDate(inv->due_date), "; it was asked on ",
                                                        FormatDate(c.requested_on)));
    }
    if (c.until <= inv->due_date)
      return absl::InvalidArgumentError("the deferral must end after the due date");
    const Date limit = AddMonths(inv->due_date, limits::kDeferralMonthsMax);
    if (c.until > limit) {
      return absl::InvalidArgumentError(
          absl::StrCat("a deferral lasts at most three months: until ", FormatDate(limit), " at the latest"));
    }
    if (inv->dunning->deferral_until == c.until)
      return absl::AlreadyExistsError("the deferral is already granted");
    RETURN_IF_ERROR(CheckVersion(*inv));
    return One(ctx_.today, DeferralGranted{c.invoice_number, c.requested_on, c.until, c.reason});
  }

  absl::StatusOr<Events> operator()(const CreateAmortizationPlan& c) {
    RETURN_IF_ERROR(ValidateCustomerNumber(c.customer_number));
    const Customer* cu = s_.FindCustomer(meta_.company, c.customer_number);
    if (cu == nullptr)
      return absl::NotFoundError(absl::StrCat("customer ", c.customer_number, " does not exist"));
    RETURN_IF_ERROR(CheckPlanRequest(c));

    AmortizationPlanEstablished plan;
    plan.plan_id = meta_.command_id;
    plan.customer_number = c.customer_number;
    plan.approved_by = c.approved_by;
    plan.autogiro_offered = c.autogiro_offered;
    plan.interest = c.no_interest ? PlanInterest::kNone : PlanInterest::kPerPaymentDay;
    PlanTerms terms;
    terms.plan_date = ctx_.today;
    terms.first_payment = c.first_payment;
    terms.last_of_month = c.last_of_month;
    terms.notification_fee = c.notification_fee;
    Events out;
    int32_t routine = 0;
    Money debt_before;  // the claims' balances before the plan charges anything
    RETURN_IF_ERROR(AddPlanInvoices(c, plan, terms, out, routine, debt_before));
    const InterestPolicySet interest_policy = InterestPolicyOf(company_);
    ASSIGN_OR_RETURN(const Money outside, AddOutsideClaims(c, plan, terms));
    const DunningPolicySet* found = company_.DunningPolicyFor(routine);
    const DunningPolicySet policy = found ? *found : DefaultDunningPolicy();
    // The plan fee only where agreed and only when the plan covers all the customer's debt.
    if (policy.fees_agreed && policy.plan_fee_kronor > 0 && !plan.invoices.empty() &&
        debt_before == s_.CustomerDebt(*cu)) {
      const Money plan_fee = Kronor(policy.plan_fee_kronor);
      out.push_back(Make(ctx_.today, FeeCharged{plan.invoices.front(), ChargeKind::kPlanFee, plan_fee, true,
                                                "amorteringsplan"}));
      plan.ledger_debt += plan_fee;
      terms.fees += plan_fee;
    }
    plan.total = plan.ledger_debt + outside;
    if (plan.total <= policy.plan_min_total) {
      return absl::FailedPreconditionError(
          absl::StrCat("a plan must cover more than ", policy.plan_min_total.ToKronor(),
                       " kr; this one covers ", plan.total.ToKronor(), " kr"));
    }
    RETURN_IF_ERROR(SchedulePlan(c, policy, interest_policy, plan, terms));
    out.push_back(Make(ctx_.today, std::move(plan)));
    return out;
  }

  absl::StatusOr<Events> operator()(const CancelAmortizationPlan& c) {
    RETURN_IF_ERROR(ValidateText("remark", c.remark, limits::kRemarkMax, true));
    const Customer* cu = s_.FindCustomer(meta_.company, c.customer_number);
    if (cu == nullptr)
      return absl::NotFoundError(absl::StrCat("customer ", c.customer_number, " does not exist"));
    const AmortizationPlan* p = cu->FindPlan(c.plan_id);
    if (p == nullptr) return absl::NotFoundError(absl::StrCat("plan ", c.plan_id, " does not exist"));
    if (!p->active)
      return absl::FailedPreconditionError(absl::StrCat("plan ", c.plan_id, " has already ended"));
    return One(ctx_.today, AmortizationPlanEnded{c.plan_id, c.customer_number, p->plan.invoices,
                                                 PlanEnd::kCancelled, c.remark});
  }

  absl::StatusOr<Events> operator()(const ApplyPaymentOrder& c) {
    RETURN_IF_ERROR(ValidateNationalId(c.national_id));
    const std::string id = NormaliseNationalId(c.national_id);
    if (c.claims.empty()) return absl::InvalidArgumentError("a payment order needs at least one claim");
    if (c.claims.size() > limits::kPaymentOrderClaimsMax)
      return absl::InvalidArgumentError("a payment order covers at most 16 claims");
    if (c.interest_alternative != 1 && c.interest_alternative != 3)
      return absl::InvalidArgumentError("interest alternative 1 (reference rate + 8 %) or 3 (none)");
    if (c.costs.is_negative() || c.costs.ore() % 100 != 0 || c.costs.ore() > limits::kPaymentOrderCostsOreMax)
      return absl::InvalidArgumentError("costs are whole kronor, at most 4 digits");
    Events out;
    bool costs_charged = false;
    PaymentOrderApplied ev;
    ev.application_id = meta_.command_id;
    ev.national_id = id;
    ev.costs = c.costs;
    ev.interest_alternative = c.interest_alternative;
    absl::btree_set<std::pair<CompanyId, InvoiceNumber>> seen;
    for (const auto& [company, number] : c.claims) {
      RETURN_IF_ERROR(ValidateCompanyId(company));
      const Invoice* inv = s_.FindInvoice(company, number);
      const std::string name = absl::StrCat("invoice ", FormatInvoiceNumber(number), " of company ", company);
      if (inv == nullptr) return absl::NotFoundError(absl::StrCat(name, " does not exist"));
      if (!seen.insert({company, number}).second)
        return absl::InvalidArgumentError(absl::StrCat(name, " is listed twice"));
      const Customer* cu = s_.FindCustomer(company, inv->customer_number);
      if (cu == nullptr || cu->details.national_id != id)
        return absl::InvalidArgumentError(absl::StrCat(name, " is not a claim on ", id));
      if (!IsOpenClaim(*inv)) return absl::FailedPreconditionError(absl::StrCat(name, " is not open"));
      if (inv->dunning->collection_date)
        return absl::FailedPreconditionError(absl::StrCat(name, " is with a collection agency"));
      if (inv->dunning->payment_order_date)
        return absl::FailedPreconditionError(
            absl::StrCat(name, " is already in payment order ", inv->dunning->payment_order_id));
      Money fees = inv->open_fees(), interest = inv->open_interest();
      const Money capital = inv->balance() - fees - interest;
      // The claims of the applying company carry what the application adds (the handbook's
      // 7.17): the accrued interest up to today (alternative 1), the costs of the case (on the
      // first of them) and the watch text. Another company's claims are that company's stream.
      if (company == meta_.company) {
        if (ev.interest_alternative == 1) {
          ASSIGN_OR_RETURN(InterestResult accrued, AccruedInterest(s_, *inv, ctx_.today));
          if (std::optional<InterestCharged> charge =
                  ChargeOf(*inv, accrued,
                           absl::StrCat("upplupen ränta t.o.m. ", FormatDate(ctx_.today), " (ansökan)"))) {
            interest += charge->amount;
            out.push_back(Make(ctx_.today, *std::move(charge)));
          }
        }
        if (c.costs.is_positive() && !costs_charged) {
          out.push_back(Make(ctx_.today, FeeCharged{number, ChargeKind::kPaymentOrderCost, c.costs, true,
                                                    "ansökningsavgift betalningsföreläggande"}));
          fees += c.costs;
          costs_charged = true;
        }
        if (inv->watch_text != kPaymentOrderWatchText)
          out.push_back(Make(ctx_.today, WatchTextSet{number, std::string(kPaymentOrderWatchText)}));
      }
      ev.claims.push_back(PaymentOrderClaim{company, number, capital, fees, interest});
    }
    out.push_back(Make(ctx_.today, std::move(ev)));
    return out;
  }

  absl::StatusOr<Events> operator()(const TransferToCollection& c) {
    RETURN_IF_ERROR(ValidateText("agency", c.agency, limits::kAgencyNameMax, true));
    RETURN_IF_ERROR(ValidateText("watch text", c.watch_text, limits::kWatchTextMax, false));
    ASSIGN_OR_RETURN(const DunningCodeDefined* code, FindCode(c.code));
    const bool zero = !c.capital_method.empty();
    const PaymentMethodDefined *capital = nullptr, *fee = nullptr, *interest = nullptr;
    if (zero) {
      capital = s_.FindMethod(meta_.company, c.capital_method);
      if (capital == nullptr || capital->debit || capital->special != MethodSpecial::kNone ||
          capital->text_only)
        return absl::InvalidArgumentError(
            absl::StrCat("payment method '", c.capital_method, "' is not a capital credit method"));
      if (!(code->flags & kCodeNoInterest))
        return absl::FailedPreconditionError(
            "a claim zeroed for collection needs a kravkod with 'no interest'");
      fee = s_.FindMethod(meta_.company, c.fee_method);
      interest = s_.FindMethod(meta_.company, c.interest_method);
      if (fee == nullptr || fee->special != MethodSpecial::kCollectionFee)
        return absl::InvalidArgumentError("zeroing needs a K method for the collection fees");
      if (interest == nullptr || interest->special != MethodSpecial::kInterest)
        return absl::InvalidArgumentError("zeroing needs a D method for the interest");
    }
    ASSIGN_OR_RETURN(std::vector<InvoiceNumber> chosen,
                     SelectForCollection(s_, meta_.company, c, ctx_.today));
    if (chosen.empty()) return absl::FailedPreconditionError("no claim is due for transfer to collection");
    Events out;
    for (InvoiceNumber n : chosen) {
      const Invoice& inv = *s_.FindInvoice(meta_.company, n);
      const Money claim = inv.balance();
      if (zero) {
        Money fees = inv.open_fees(), charged_interest = inv.open_interest();
        // Based on reminder 2 no fees are removed (the handbook).
        if (c.base != DunningStep::kReminder2) {
          const Money coll = Min(inv.collection_fees - inv.collection_fees_reversed, fees);
          if (coll.is_positive()) {
            out.push_back(
                Make(ctx_.today, FeeReversed{n, ChargeKind::kCollectionFee, coll, fee->code, "inkasso"}));
            fees -= coll;
          }
          if (charged_interest.is_positive()) {
            out.push_back(Make(ctx_.today, FeeReversed{n, ChargeKind::kInterest, charged_interest,
                                                       interest->code, "inkasso"}));
            charged_interest = Money();
          }
        }
        const Money rest = fees + charged_interest + (claim - inv.open_fees() - inv.open_interest());
        const std::string payment_id = absl::StrCat(meta_.command_id, "/", FormatInvoiceNumber(n));
        out.push_back(Make(ctx_.today, PaymentReceived{payment_id, PaymentChannel::kManual, rest,
                                                       absl::StrCat("inkasso ", c.agency), "", n,
                                                       capital->code, false, "", ""}));
        out.push_back(Make(ctx_.today, PaymentAllocated{payment_id, n, fees, charged_interest,
                                                        rest - fees - charged_interest}));
      }
      if (inv.dunning->code != c.code)
        out.push_back(Make(ctx_.today, DunningCodeAssigned{n, c.code, std::nullopt}));
      if (!c.watch_text.empty() && inv.watch_text != c.watch_text)
        out.push_back(Make(ctx_.today, WatchTextSet{n, c.watch_text}));
      out.push_back(
          Make(ctx_.today, TransferredToCollection{n, c.agency, c.code, c.watch_text, claim, zero}));
    }
    return out;
  }

  template <class T>
  absl::StatusOr<Events> operator()(const T&) {
    return absl::InternalError("not a dunning command");
  }

 private:
  absl::StatusOr<const DunningCodeDefined*> FindCode(uint8_t code) const {
    auto it = company_.dunning_codes.find(code);
    if (it == company_.dunning_codes.end())
      return absl::NotFoundError(
          absl::StrCat("kravkod ", code, " does not exist in company ", meta_.company));
    return &it->second;
  }
  absl::Status CheckVersion(const Invoice& inv) const {
    return reskontra::CheckVersion(meta_, inv.version, "invoice");
  }

  // CreateAmortizationPlan's own fields: claims named, the first payment day, the monthly amount
  // or the number of months, the notification fee.
  absl::Status CheckPlanRequest(const CreateAmortizationPlan& c) const {
    if (c.invoices.empty() && c.outside.empty()) return absl::InvalidArgumentError("a plan needs claims");
    if (c.invoices.size() > limits::kPlanInvoicesMax || c.outside.size() > limits::kPlanOutsideClaimsMax)
      return absl::InvalidArgumentError("a plan has at most 24 invoices and 24 other claims");
    RETURN_IF_ERROR(ValidateText("approved by", c.approved_by, limits::kActorMax, false));
    RETURN_IF_ERROR(CheckDateInRange(c.first_payment, "first payment day"));
    if (c.first_payment < ctx_.today) return absl::InvalidArgumentError("the first payment day has passed");
    if (c.last_of_month && (c.first_payment + 1).month() == c.first_payment.month())
      return absl::InvalidArgumentError(
          "'last of each month' needs a first payment day that is a month's last day");
    if ((c.monthly.is_zero()) == (c.months == 0))
      return absl::InvalidArgumentError("give either a monthly amount or a number of months");
    if (c.monthly.is_negative() || c.monthly.ore() % 100 != 0 || c.monthly.ore() > limits::kAmountOreMax)
      return absl::InvalidArgumentError("the monthly amount is whole kronor");
    if (c.months < 0 || c.months > limits::kPlanMonthsMax)
      return absl::InvalidArgumentError(
          absl::StrCat("a plan runs at most ", limits::kPlanMonthsMax, " months"));
    if (c.notification_fee.is_negative() || c.notification_fee.ore() % 100 != 0 ||
        c.notification_fee.ore() > limits::kFeeKronorMax * 100)
      return absl::InvalidArgumentError("the notification fee is whole kronor, at most 3 digits");
    return absl::OkStatus();
  }

  // The plan's invoices: each checked (the customer's, open, not with an agency or in another
  // plan), its balance put into the plan and its interest up to today charged (into `out`).
  // `routine`: the first invoice's; `debt_before`: the invoices' balances before any charge.
  absl::Status AddPlanInvoices(const CreateAmortizationPlan& c, AmortizationPlanEstablished& plan,
                               PlanTerms& terms, Events& out, int32_t& routine, Money& debt_before) const {
    absl::btree_set<InvoiceNumber> seen;
    for (InvoiceNumber n : c.invoices) {
      ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(n));
      if (!seen.insert(n).second)
        return absl::InvalidArgumentError(
            absl::StrCat("invoice ", FormatInvoiceNumber(n), " is listed twice"));
      if (inv->customer_number != c.customer_number)
        return absl::InvalidArgumentError(
            absl::StrCat("invoice ", FormatInvoiceNumber(n), " belongs to another customer"));
      if (!IsOpenClaim(*inv))
        return absl::FailedPreconditionError(
            absl::StrCat("invoice ", FormatInvoiceNumber(n), " is not open"));
      if (inv->dunning->collection_date)
        return absl::FailedPreconditionError(absl::StrCat(
            "invoice ", FormatInvoiceNumber(n), " has gone to the collection agency; it takes no plan"));
      if (PlanOf(s_, *inv) != nullptr)
        return absl::FailedPreconditionError(
            absl::StrCat("invoice ", FormatInvoiceNumber(n), " is already in a plan"));
      plan.invoices.push_back(n);
      const Money capital = Max(Money(), inv->balance() - inv->open_fees() - inv->open_interest());
      plan.ledger_debt += inv->balance();
      debt_before += inv->balance();
      terms.fees += inv->balance() - capital;
      // The interest accrued up to the plan date is charged now (the first payments cover
      // it); whether the claim bears interest from here decides where its capital goes.
      ASSIGN_OR_RETURN(InterestResult accrued, AccruedInterest(s_, *inv, ctx_.today));
      if (std::optional<InterestCharged> charge = ChargeOf(
              *inv, accrued,
              absl::StrCat("upplupen ränta t.o.m. ", FormatDate(ctx_.today), " (amorteringsplan)"))) {
        plan.ledger_debt += charge->amount;
        plan.accrued_interest += charge->amount;
        terms.fees += charge->amount;
        out.push_back(Make(ctx_.today, *std::move(charge)));
      }
      (accrued.exemption.empty() ? terms.bearing_capital : terms.free_capital) += capital;
      if (routine == 0) routine = inv->routine;
    }
    return absl::OkStatus();
  }

  // The plan's claims outside the ledger, checked, with the interest of one with a due date as
  // the ledger would charge it. Returns what they add to the plan's total (amounts and interest).
  absl::StatusOr<Money> AddOutsideClaims(const CreateAmortizationPlan& c, AmortizationPlanEstablished& plan,
                                         PlanTerms& terms) const {
    Money outside;
    for (const OutsideClaim& o : c.outside) {
      RETURN_IF_ERROR(ValidateText("claim text", o.text, limits::kOutsideClaimTextMax, true));
      if (!o.amount.is_positive() || o.amount.ore() > limits::kAmountOreMax)
        return absl::InvalidArgumentError("an outside claim needs a positive amount");
      OutsideClaim claim = o;
      if (o.due_date && o.interest)
        return absl::InvalidArgumentError(
            absl::StrCat("outside claim '", o.text, "': give its due date or its interest, not both"));
      if (o.interest && (o.interest->is_negative() || o.interest->ore() > limits::kAmountOreMax))
        return absl::InvalidArgumentError(
            absl::StrCat("outside claim '", o.text, "': the interest is out of range"));
      if (o.due_date) {
        RETURN_IF_ERROR(CheckDateInRange(*o.due_date, "outside claim's due date"));
        if (*o.due_date > ctx_.today)
          return absl::InvalidArgumentError(
              absl::StrCat("outside claim '", o.text, "': its due date has not come"));
        // The ledger's own rule on the claim as if it were one: the same days, rates and rounding.
        Invoice as_claim;
        as_claim.company = meta_.company;
        as_claim.invoice_date = *o.due_date;
        as_claim.due_date = *o.due_date;
        as_claim.capital = o.amount;
        ASSIGN_OR_RETURN(InterestResult r, AccruedInterest(s_, as_claim, ctx_.today));
        claim.interest = r.total;
      }
      if (claim.is_fee()) {
        terms.fees += o.amount;
      } else {
        terms.bearing_capital += o.amount;
        terms.fees += *claim.interest;
        plan.accrued_interest += *claim.interest;
      }
      outside += o.amount + claim.interest.value_or(Money());
      plan.outside.push_back(std::move(claim));
    }
    return outside;
  }

  // The plan's rate (unless interest-free), its monthly amount (given, or the least that pays it
  // off in the months asked) and its instalments; a long plan needs an approver.
  absl::Status SchedulePlan(const CreateAmortizationPlan& c, const DunningPolicySet& policy,
                            const InterestPolicySet& interest_policy, AmortizationPlanEstablished& plan,
                            PlanTerms& terms) const {
    if (!c.no_interest) {
      ASSIGN_OR_RETURN(int32_t reference, ReferenceRateOn(s_, ctx_.today));
      plan.rate_bp = std::max<int32_t>(0, reference + interest_policy.margin_bp);
      terms.rate_bp = plan.rate_bp;
    }
    Money monthly = c.monthly;
    if (monthly.is_zero()) {
      ASSIGN_OR_RETURN(monthly, PlanMonthlyFor(terms, c.months));
    }
    auto schedule = PlanSchedule(terms, monthly, limits::kPlanMonthsMax);
    if (!schedule.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("a monthly amount of ", monthly.ToKronor(),
                                                     " kr never pays off ", plan.total.ToKronor(),
                                                     " kr within ", limits::kPlanMonthsMax, " months"));
    }
    plan.instalments = *std::move(schedule);
    const int64_t count = static_cast<int64_t>(plan.instalments.size());
    if (count > policy.plan_approval_months && c.approved_by.empty()) {
      return absl::FailedPreconditionError(absl::StrCat("a plan over ", count, " months (more than ",
                                                        policy.plan_approval_months, ") needs an approver"));
    }
    return absl::OkStatus();
  }

  const Company& company_;
};

}  // namespace

bool InSelection(const Invoice& inv, const DunningSelection& sel) {
  if (sel.routine != 0 && inv.routine != sel.routine) return false;
  if (sel.first_invoice != 0 && inv.number < sel.first_invoice) return false;
  if (sel.last_invoice != 0 && inv.number > sel.last_invoice) return false;
  if (!sel.customer_number.empty() && inv.customer_number != sel.customer_number) return false;
  return true;
}

absl::Status ValidateSelection(const DunningSelection& sel) {
  if (sel.routine < 0 || sel.routine > limits::kRoutineMax)
    return absl::InvalidArgumentError("routine must be 0..99");
  if (sel.first_invoice != 0) RETURN_IF_ERROR(ValidateInvoiceNumber(sel.first_invoice));
  if (sel.last_invoice != 0) RETURN_IF_ERROR(ValidateInvoiceNumber(sel.last_invoice));
  if (sel.first_invoice != 0 && sel.last_invoice != 0 && sel.first_invoice > sel.last_invoice)
    return absl::InvalidArgumentError("the invoice range runs backwards");
  if (!sel.customer_number.empty()) RETURN_IF_ERROR(ValidateCustomerNumber(sel.customer_number));
  return absl::OkStatus();
}

Date AddMonths(Date d, int months) {
  const absl::CivilMonth m = absl::CivilMonth(d) + months;
  const Date last = absl::CivilDay(m + 1) - 1;
  const Date same(m.year(), m.month(), d.day());
  return same.month() == m.month() ? same : last;
}

const DunningStepPolicy& StepPolicy(const DunningPolicySet& p, DunningStep s) {
  switch (s) {
    case DunningStep::kReminder1:
      return p.reminder1;
    case DunningStep::kReminder2:
      return p.reminder2;
    case DunningStep::kCollectionDemand:
      return p.demand;
    case DunningStep::kResidualDemand:
      return p.residual;
    default:
      return p.threat;
  }
}

DunningPolicySet DefaultDunningPolicy(int32_t routine) {
  DunningPolicySet p;
  p.routine = routine;
  p.reminder1 = DunningStepPolicy{10, 60, true, true, 1};
  p.demand = DunningStepPolicy{14, 180, true, true, 1};
  p.demand_base = kDemandFromReminder1;
  p.fees_agreed = false;
  p.max_letters_per_month = 2;
  p.plan_min_total = Kronor(1000);
  p.plan_approval_months = 12;
  p.plan_fee_kronor = 170;
  p.max_runs_per_month = 2;  // Statens servicecenter's practice
  return p;
}

Money PlanPaid(const LedgerState& s, CompanyId company, const AmortizationPlan& plan) {
  Money paid = plan.plan.ledger_debt;
  for (InvoiceNumber n : plan.plan.invoices) {
    const Invoice* inv = s.FindInvoice(company, n);
    if (inv == nullptr) continue;  // archived: paid in full
    if (inv->balance().is_positive()) paid -= inv->balance();
    for (const SaldoMove& m : inv->moves)
      if (m.date > plan.established) paid += m.charged;
  }
  return paid;
}

std::optional<InterestCharged> PlanInterestDue(const LedgerState& s, const Invoice& inv, Date on) {
  const AmortizationPlan* plan = PlanOf(s, inv);
  if (plan == nullptr || plan->plan.interest != PlanInterest::kPerPaymentDay) return std::nullopt;
  absl::StatusOr<InterestResult> accrued = AccruedInterest(s, inv, on);
  if (!accrued.ok()) return std::nullopt;  // no reference rate: nothing can be charged
  return ChargeOf(
      inv, *accrued,
      absl::StrCat("ränta t.o.m. ", FormatDate(on), " (amorteringsplan ", plan->plan.plan_id, ")"));
}

Invoice WithCharge(const Invoice& inv, const std::optional<InterestCharged>& charge) {
  Invoice out = inv;
  if (charge) out.interest += charge->amount;
  return out;
}

absl::StatusOr<std::vector<PlanInstalment>> PlanSchedule(const PlanTerms& t, Money monthly,
                                                         int32_t max_count) {
  if (!monthly.is_positive()) return absl::InvalidArgumentError("the monthly amount must be positive");
  std::vector<PlanInstalment> out;
  Money fees = t.fees, bearing = t.bearing_capital, free = t.free_capital, interest;
  Date previous = t.plan_date;
  for (int32_t k = 0;
       fees.is_positive() || bearing.is_positive() || free.is_positive() || interest.is_positive(); ++k) {
    if (k >= max_count) return absl::OutOfRangeError("the plan does not pay off");
    PlanInstalment in;
    in.date = t.last_of_month ? absl::CivilDay(absl::CivilMonth(t.first_payment) + k + 1) - 1
                              : AddMonths(t.first_payment, k);
    if (t.rate_bp > 0 && bearing.is_positive()) {
      const absl::int128 exact =
          absl::int128(bearing.ore()) * t.rate_bp * static_cast<int64_t>(in.date - previous);
      interest += RoundInterest(exact);
    }
    Money left = Min(monthly, fees + interest + bearing + free);
    in.fees = Min(left, fees);
    left -= in.fees;
    in.interest = Min(left, interest);
    left -= in.interest;
    in.capital = left;
    const Money from_bearing = Min(left, bearing);
    bearing -= from_bearing;
    free -= left - from_bearing;
    fees -= in.fees;
    interest -= in.interest;
    in.notification_fee = t.notification_fee;
    in.amount = in.fees + in.interest + in.capital + in.notification_fee;
    previous = in.date;
    out.push_back(in);
  }
  return out;
}

absl::StatusOr<Money> PlanMonthlyFor(const PlanTerms& t, int32_t months) {
  const Money total = t.fees + t.bearing_capital + t.free_capital;
  // The least whole-kronor amount that pays the plan off in `months`: the schedule is shorter
  // the larger the amount, so a binary search between "no interest" and "interest on all the
  // capital for the whole time" finds it.
  int64_t lo = (total.ore() + 100 * months - 1) / (100 * months);
  const int64_t span =
      static_cast<int64_t>(t.first_payment - t.plan_date) + 31 * static_cast<int64_t>(months);
  const absl::int128 worst = absl::int128(t.bearing_capital.ore()) * t.rate_bp * span;
  int64_t hi = (total.ore() + RoundInterest(worst).ore()) / 100 + 1;
  if (!PlanSchedule(t, Kronor(hi), months).ok())
    return absl::InvalidArgumentError(
        absl::StrCat("no monthly amount pays the plan off in ", months, " months"));
  while (lo < hi) {
    const int64_t mid = lo + (hi - lo) / 2;
    if (PlanSchedule(t, Kronor(mid), months).ok()) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return Kronor(lo);
}

PlanCheck CheckPlan(const LedgerState& s, CompanyId company, const AmortizationPlan& plan, Date on) {
  Money open;
  for (InvoiceNumber n : plan.plan.invoices) {
    const Invoice* inv = s.FindInvoice(company, n);
    if (inv != nullptr && inv->balance().is_positive()) open += inv->balance();
  }
  if (!plan.plan.invoices.empty() && open.is_zero()) return PlanCheck::kCompleted;
  const Company* co = s.FindCompany(company);
  const Invoice* first =
      plan.plan.invoices.empty() ? nullptr : s.FindInvoice(company, plan.plan.invoices.front());
  const DunningPolicySet* p = co ? co->DunningPolicyFor(first ? first->routine : 0) : nullptr;
  const int grace = p ? p->plan_grace_days : 0;
  // Ledger payments count toward the ledger's share of each instalment (outside claims are
  // paid outside the ledger).
  const Money paid = PlanPaid(s, company, plan);
  Money due;
  for (const PlanInstalment& in : plan.plan.instalments) {
    if (in.date + grace >= on) break;
    due += in.amount - in.notification_fee;
  }
  if (plan.plan.total.is_zero()) return PlanCheck::kKept;
  // required = due × ledger_debt / total, in integer öre (floor).
  const __int128 required =
      static_cast<__int128>(due.ore()) * plan.plan.ledger_debt.ore() / plan.plan.total.ore();
  return paid.ore() < required ? PlanCheck::kMissed : PlanCheck::kKept;
}

KravStatus DunningStatusOf(const LedgerState& s, const Invoice& inv, Date on) {
  KravStatus st;
  const DunningInfo& d = *inv.dunning;
  st.reached = d.reached();
  if (!IsOpenClaim(inv)) {
    st.held_by = inv.balance().is_positive() ? "closed" : "nothing owed";
    return st;
  }
  if (d.collection_date) {
    st.held_by = absl::StrCat("with collection agency ", d.agency, " since ", FormatDate(*d.collection_date));
    return st;
  }
  if (d.payment_order_date) {
    st.held_by =
        absl::StrCat("payment order ", d.payment_order_id, " since ", FormatDate(*d.payment_order_date));
    return st;
  }
  const Company* co = s.FindCompany(inv.company);
  const DunningPolicySet* policy = co ? co->DunningPolicyFor(inv.routine) : nullptr;
  if (policy == nullptr) {
    st.held_by = absl::StrCat("no dunning policy for routine ", inv.routine);
    return st;
  }
  auto [step, date] = Candidate(inv, *policy);
  st.next = step;
  if (step == DunningStep::kNone) return st;
  Date earliest = *date;
  auto hold = [&](Date until, std::string why) {
    if (until > earliest) earliest = until;
    if (st.held_by.empty() && until > on) st.held_by = std::move(why);
  };
  if (const AmortizationPlan* plan = PlanOf(s, inv)) {
    if (CheckPlan(s, inv.company, *plan, on) == PlanCheck::kKept) {
      st.held_by = absl::StrCat("amortisation plan ", plan->plan.plan_id);
      st.next_date.reset();
      return st;
    }
  }
  if (d.deferral_until)
    hold(*d.deferral_until + 1, absl::StrCat("deferral until ", FormatDate(*d.deferral_until)));
  if (d.code != 0) {
    auto it = co->dunning_codes.find(d.code);
    if (it != co->dunning_codes.end() && (it->second.flags & SuppressionFlag(step))) {
      const std::string why = absl::StrCat("kravkod ", d.code, " (", it->second.text, ")");
      if (!d.code_until) {
        st.held_by = why;
        return st;
      }
      hold(*d.code_until + 1, absl::StrCat(why, " until ", FormatDate(*d.code_until)));
    }
  }
  // At most `max_letters_per_month` letters within 30 days.
  std::vector<Date> recent;
  for (Date l : d.letters)
    if (l + limits::kLetterWindowDays > on) recent.push_back(l);
  if (static_cast<int>(recent.size()) >= policy->max_letters_per_month) {
    std::sort(recent.begin(), recent.end());
    const Date oldest = recent[recent.size() - static_cast<size_t>(policy->max_letters_per_month)];
    hold(oldest + limits::kLetterWindowDays, absl::StrCat(recent.size(), " letters in the last 30 days"));
  }
  if (!d.letters.empty() && d.letters.back() >= earliest) earliest = d.letters.back() + 1;
  st.next_date = earliest;
  st.due = earliest <= on;
  if (st.due) st.held_by.clear();
  return st;
}

absl::StatusOr<DunningPreview> PreviewDunningRun(const LedgerState& s, CompanyId company,
                                                 const RunDunning& run, Date today) {
  RETURN_IF_ERROR(CheckDateInRange(run.run_date, "run date"));
  if (run.run_date > today) {
    return absl::InvalidArgumentError(absl::StrCat("a dunning run cannot be made for the future date ",
                                                   FormatDate(run.run_date), " (today is ", FormatDate(today),
                                                   ")"));
  }
  RETURN_IF_ERROR(ValidateSelection(run.selection));
  const Company* co = s.FindCompany(company);
  if (co == nullptr) return absl::NotFoundError(absl::StrCat("company ", company, " is not registered"));
  if (co->dunning_policies.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("company ", company, " has no dunning policy"));
  }
  DunningPreview out;
  // Plans first: a missed instalment ends the plan, and its claims are dunned in this run.
  for (auto it = s.customers.lower_bound(CompanyCustomerRef{company, ""});
       it != s.customers.end() && it->first.company == company; ++it) {
    for (const AmortizationPlan& p : it->second.plans) {
      if (!p.active) continue;
      bool selected = p.plan.invoices.empty();
      for (InvoiceNumber n : p.plan.invoices) {
        const Invoice* inv = s.FindInvoice(company, n);
        if (inv && InSelection(*inv, run.selection)) selected = true;
      }
      if (!selected) continue;
      const PlanCheck check = CheckPlan(s, company, p, run.run_date);
      if (check == PlanCheck::kKept) continue;
      out.plans_ended.push_back(
          PlanOutcome{it->first.number, p.plan.plan_id,
                      check == PlanCheck::kCompleted ? PlanEnd::kCompleted : PlanEnd::kMissedInstalment});
    }
  }
  // The claims due for a letter, in the run's order.
  std::vector<std::pair<const Invoice*, KravStatus>> due;
  ForEachSelected(s, company, run.selection, [&](const Invoice& inv) {
    if (!IsOpenClaim(inv)) return;
    KravStatus st = DunningStatusOf(s, inv, run.run_date);
    if (st.due) due.emplace_back(&inv, std::move(st));
  });
  // A customer's credit balance, and what its negative invoices owe it, nets against them (in
  // that order): a claim it covers gets no letter, and every letter states what is left of it.
  absl::flat_hash_map<std::string, Money> credit_left;
  absl::flat_hash_set<InvoiceNumber> covered;
  for (const auto& [inv, st] : due) {
    auto [credit, first] = credit_left.try_emplace(inv->customer_number);
    if (first) {
      const Customer* owner = s.FindCustomer(company, inv->customer_number);
      if (owner != nullptr) {
        credit->second = owner->credit_balance;
        for (InvoiceNumber n : owner->invoices)
          if (const Invoice* other = s.FindInvoice(company, n); other && other->balance().is_negative())
            credit->second -= other->balance();
      }
    }
    if (credit->second.is_positive() && credit->second >= inv->balance()) {
      credit->second -= inv->balance();
      covered.insert(inv->number);
      out.covered_by_credit.push_back(inv->number);
    }
  }
  for (const auto& [claim, st] : due) {
    const Invoice& inv = *claim;
    if (covered.contains(inv.number)) continue;
    const DunningPolicySet& p = *co->DunningPolicyFor(inv.routine);
    DunningLetter l;
    l.customer_credit = Max(credit_left[inv.customer_number], Money());
    l.invoice_number = inv.number;
    l.customer_number = inv.customer_number;
    l.step = st.next;
    l.claim = inv.balance();
    l.fee = LetterFee(inv, p, st.next);
    // Within the statutory cap of the run's day, counting the fees of the kind the claim
    // already carries (a reminder fee charged by hand, say).
    if (l.fee.is_positive()) {
      const bool demand = st.next == DunningStep::kCollectionDemand;
      const Money already = demand ? inv.collection_fees - inv.collection_fees_reversed
                                   : inv.reminder_fees - inv.reminder_fees_reversed;
      const StatutoryFeeCaps& caps = FeeCapsOn(run.run_date);
      l.fee = Max(Min(l.fee, (demand ? caps.demand : caps.reminder) - already), Money());
    }
    l.fee_charged = l.fee.is_positive() && StepPolicy(p, st.next).charged;
    if ((l.claim + l.fee).ore() > limits::kAmountOreMax) {
      l.fee = Money();
      l.fee_charged = false;
    }
    // Förseningsersättning between businesses: 450 kr once per claim, at its first letter;
    // collection costs are then owed only beyond it (4 a § second paragraph), which the
    // statutory fees never reach, so the letter's fee is dropped (where there is one: not for
    // claims due before 4 a § was in force).
    const InterestPolicySet ip = InterestPolicyOf(*co);
    const Customer* cu = s.FindCustomer(company, inv.customer_number);
    if (ip.late_compensation && cu != nullptr && cu->details.kind == CustomerKind::kOrganisation &&
        !inv.is_interest_invoice) {
      if (inv.late_compensation.is_zero()) l.compensation = FeeCapsOn(inv.due_date).late_compensation;
      if (l.compensation.is_positive() || inv.late_compensation.is_positive()) {
        l.fee = Money();
        l.fee_charged = false;
      }
    }
    const DunningStepPolicy& sp = StepPolicy(p, st.next);
    const bool charge_interest = st.next == DunningStep::kCollectionDemand && p.charge_interest_at_demand;
    if (sp.print_interest || charge_interest) {
      absl::StatusOr<InterestResult> r = AccruedInterest(s, inv, run.run_date);
      RETURN_IF_ERROR(r.status());
      l.accrued_interest = r->total;
      l.interest_days = r->days;
      const Money charged = inv.interest_accounted();
      if (charge_interest && r->total > charged) l.interest_charged = r->total - charged;
    }
    out.letters.push_back(std::move(l));
  }
  return out;
}

absl::StatusOr<std::vector<InvoiceNumber>> SelectForCollection(const LedgerState& s, CompanyId company,
                                                               const TransferToCollection& c, Date today) {
  RETURN_IF_ERROR(ValidateSelection(c.selection));
  if (c.base != DunningStep::kCollectionDemand && c.base != DunningStep::kReminder2)
    return absl::InvalidArgumentError("the transfer counts days from the inkassokrav or from reminder 2");
  if (c.days < 0 || c.days > limits::kPolicyDaysMax) return absl::InvalidArgumentError("days must be 0..999");
  std::vector<InvoiceNumber> out;
  auto eligible = [&](const Invoice& inv) -> absl::Status {
    const std::string name = absl::StrCat("invoice ", FormatInvoiceNumber(inv.number));
    if (!IsOpenClaim(inv)) return absl::FailedPreconditionError(absl::StrCat(name, " is not open"));
    if (inv.dunning->collection_date)
      return absl::FailedPreconditionError(absl::StrCat(name, " is already with an agency"));
    if (PlanOf(s, inv) != nullptr)
      return absl::FailedPreconditionError(absl::StrCat(name, " is in an amortisation plan"));
    const auto& from = inv.dunning->step_dates[static_cast<int>(c.base)];
    if (!from || *from + c.days > today)
      return absl::FailedPreconditionError(
          absl::StrCat(name, " has no ", DunningStepName(c.base), " ", c.days, " days old"));
    return absl::OkStatus();
  };
  if (!c.invoices.empty()) {
    absl::btree_set<InvoiceNumber> seen;
    for (InvoiceNumber n : c.invoices) {
      RETURN_IF_ERROR(ValidateInvoiceNumber(n));
      const Invoice* inv = s.FindInvoice(company, n);
      if (inv == nullptr)
        return absl::NotFoundError(absl::StrCat("invoice ", FormatInvoiceNumber(n), " does not exist"));
      if (!seen.insert(n).second) return absl::InvalidArgumentError("an invoice is listed twice");
      RETURN_IF_ERROR(eligible(*inv));
      out.push_back(n);
    }
    return out;
  }
  ForEachSelected(s, company, c.selection, [&](const Invoice& inv) {
    if (eligible(inv).ok()) out.push_back(inv.number);
  });
  return out;
}

absl::StatusOr<std::vector<Event>> DecideDunning(const LedgerState& state, const CommandMeta& meta,
                                                 const CommandBody& command, const DecideContext& ctx) {
  DunningDecider d(state, meta, ctx);
  return std::visit(d, command);
}

}  // namespace reskontra
