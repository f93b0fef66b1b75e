// The payment rules: how a payment splits inside a claim and over a customer's claims, the
// manual payment commands (registration, the unmatched queue, reversal) and the company's
// payment settings and methods. The file import is in payment_import.cc.
#include "domain/payments.h"

#include <algorithm>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "domain/decider.h"
#include "domain/dunning.h"
#include "domain/ids.h"
#include "domain/limits.h"
#include "domain/ocr.h"

namespace reskontra {

Allocation Allocate(const Invoice& inv, Money amount, absl::string_view order) {
  Allocation a;
  Money rest = amount;
  Money balance = inv.balance();
  // What the capital part may take: the balance beyond open fees and interest (credits and
  // carried differences lower the capital first).
  const Money open_capital = Max(Money(), balance - inv.open_fees() - inv.open_interest());
  for (char part : order.empty() ? absl::string_view("FIC") : order) {
    Money owed = part == 'F' ? inv.open_fees() : part == 'I' ? inv.open_interest() : open_capital;
    Money take = Max(Money(), Min(rest, Min(owed, balance)));
    (part == 'F' ? a.fees : part == 'I' ? a.interest : a.capital) = take;
    rest -= take;
    balance -= take;
  }
  // Anything the invoice still owes (fees or interest beyond what the balance shows) is capital.
  if (rest.is_positive() && balance.is_positive()) {
    Money take = Min(rest, balance);
    a.capital += take;
    rest -= take;
  }
  a.rest = rest;
  return a;
}

absl::string_view AllocationOrderOf(const Company& company) {
  return company.payment_settings ? absl::string_view(company.payment_settings->allocation_order) : "";
}

std::vector<const Invoice*> OpenInvoicesOldestFirst(const LedgerState& state, CompanyId company,
                                                    absl::string_view customer) {
  std::vector<const Invoice*> out;
  const Customer* cu = state.FindCustomer(company, customer);
  if (cu == nullptr) return out;
  for (InvoiceNumber n : cu->invoices) {
    const Invoice* inv = state.FindInvoice(company, n);
    if (inv != nullptr && inv->status != InvoiceStatus::kAnnulled && inv->balance().is_positive())
      out.push_back(inv);
  }
  std::sort(out.begin(), out.end(), [](const Invoice* a, const Invoice* b) {
    return std::tie(a->due_date, a->number) < std::tie(b->due_date, b->number);
  });
  return out;
}

std::vector<EventBody> SpreadOldestFirst(const LedgerState& state, CompanyId company,
                                         absl::string_view customer, const std::string& payment_id,
                                         Money amount, Date on, Money* rest) {
  std::vector<EventBody> out;
  const Company* co = state.FindCompany(company);
  const absl::string_view order = co ? AllocationOrderOf(*co) : "";
  for (const Invoice* inv : OpenInvoicesOldestFirst(state, company, customer)) {
    if (!amount.is_positive()) break;
    const std::optional<InterestCharged> plan_interest = PlanInterestDue(state, *inv, on);
    Allocation a = Allocate(WithCharge(*inv, plan_interest), amount, order);
    if (a.allocated().is_zero()) continue;
    if (plan_interest) out.push_back(*plan_interest);
    out.push_back(PaymentAllocated{payment_id, inv->number, a.fees, a.interest, a.capital});
    amount = a.rest;
  }
  *rest = amount;
  return out;
}

std::vector<EventBody> ApplyCredit(const LedgerState& state, CompanyId company, const Customer& customer,
                                   const std::vector<const Invoice*>& invoices, Money amount, Date on) {
  std::vector<EventBody> out;
  const Company* co = state.FindCompany(company);
  const absl::string_view order = co ? AllocationOrderOf(*co) : "";
  amount = Min(amount, customer.credit_balance);
  for (const Invoice* inv : invoices) {
    if (!amount.is_positive()) break;
    const std::optional<InterestCharged> plan_interest = PlanInterestDue(state, *inv, on);
    const Allocation a = Allocate(WithCharge(*inv, plan_interest), amount, order);
    if (a.allocated().is_zero()) continue;
    if (plan_interest) out.push_back(*plan_interest);
    out.push_back(CreditBalanceApplied{customer.number, inv->number, a.fees, a.interest, a.capital});
    amount = a.rest;
  }
  return out;
}

namespace {

class PaymentDecider : public DeciderBase {
 public:
  using DeciderBase::DeciderBase;

  absl::StatusOr<Events> operator()(const SetPaymentSettings& c) {
    // A Norwegian company has no bankgiro: it receives on its bank accounts only.
    if (!(c.bankgiro.empty() && !c.bank_accounts.empty()) &&
        (c.bankgiro.size() < limits::kBankgiroDigitsMin || c.bankgiro.size() > limits::kBankgiroDigitsMax ||
         !LuhnValid(c.bankgiro))) {
      return absl::InvalidArgumentError(
          absl::StrCat("bankgiro number '", c.bankgiro, "' must be 7 or 8 digits with a valid check digit"));
    }
    for (Money limit : {c.overpayment_limit, c.underpayment_limit}) {
      if (limit.is_negative() || limit.ore() > limits::kSmallDifferenceOreMax) {
        return absl::InvalidArgumentError(
            absl::StrCat("a small-difference limit must be 0..",
                         Money::FromOre(limits::kSmallDifferenceOreMax).ToKronor(), " kr"));
      }
    }
    if (c.small_difference_account < limits::kAccountMin ||
        c.small_difference_account > limits::kAccountMax) {
      return absl::InvalidArgumentError("the small-difference account must have 4 digits");
    }
    if (c.ocr_control > 2) return absl::InvalidArgumentError("unknown OCR control level");
    if (c.reference_kind > 2)
      return absl::InvalidArgumentError("unknown reference kind (0 OCR, 1 KID MOD10, 2 KID MOD11)");
    if (!c.allocation_order.empty()) {
      std::string sorted = c.allocation_order;
      std::sort(sorted.begin(), sorted.end());
      if (sorted != "CFI") {
        return absl::InvalidArgumentError(
            absl::StrCat("allocation order '", c.allocation_order,
                         "' must be F (fees), I (interest), C (capital) in some order"));
      }
    }
    if (c.agency_bankgiros.size() > static_cast<size_t>(limits::kAgencyGirosMax)) {
      return absl::InvalidArgumentError(
          absl::StrCat("at most ", limits::kAgencyGirosMax, " agency giro numbers"));
    }
    for (const std::string& giro : c.agency_bankgiros) {
      if (giro.size() < limits::kBankgiroDigitsMin || giro.size() > limits::kBankgiroDigitsMax ||
          !LuhnValid(giro)) {
        return absl::InvalidArgumentError(
            absl::StrCat("agency giro number '", giro, "' must be 7 or 8 digits with a valid check digit"));
      }
      if (giro == c.bankgiro) {
        return absl::InvalidArgumentError("an agency giro number cannot be the company's own bankgiro");
      }
    }
    if (!c.currency.empty() && c.currency != "SEK" && c.currency != "NOK") {
      return absl::InvalidArgumentError(
          absl::StrCat("currency '", c.currency, "': the ledger keeps claims in SEK or NOK"));
    }
    if (c.bank_accounts.size() > static_cast<size_t>(limits::kBankAccountsMax)) {
      return absl::InvalidArgumentError(absl::StrCat("at most ", limits::kBankAccountsMax, " bank accounts"));
    }
    std::vector<std::string> accounts;
    for (const std::string& a : c.bank_accounts) {
      ASSIGN_OR_RETURN(std::string account, NormaliseBankAccount(a));
      if (std::find(accounts.begin(), accounts.end(), account) != accounts.end())
        return absl::InvalidArgumentError(absl::StrCat("bank account ", account, " is given twice"));
      accounts.push_back(std::move(account));
    }
    PaymentSettingsSet ev;
    ev.bankgiro = c.bankgiro;
    ev.currency = c.currency == "SEK" ? "" : c.currency;
    ev.bank_accounts = std::move(accounts);
    ev.overpayment_limit = c.overpayment_limit;
    ev.underpayment_limit = c.underpayment_limit;
    ev.small_difference_account = c.small_difference_account;
    ev.ocr_control = c.ocr_control;
    ev.allocation_order = c.allocation_order == "FIC" ? "" : c.allocation_order;
    ev.oldest_first = c.oldest_first;
    ev.carry_to_next_invoice = c.carry_to_next_invoice;
    ev.agency_bankgiros = c.agency_bankgiros;
    ev.ocr_length_digit = c.ocr_length_digit;
    ev.reference_kind = c.reference_kind;
    ev.apply_credit_to_new_invoices = c.apply_credit_to_new_invoices;
    return One(ctx_.today, std::move(ev));
  }

  absl::StatusOr<Events> operator()(const DefinePaymentMethod& c) {
    const PaymentMethodDefined& m = c.method;
    if (m.code.size() != 1 || !absl::ascii_isalnum(static_cast<unsigned char>(m.code[0]))) {
      return absl::InvalidArgumentError(
          absl::StrCat("payment method code '", m.code, "' must be one digit or letter"));
    }
    RETURN_IF_ERROR(ValidateText("payment method text", m.text, limits::kMethodTextMax, true));
    if (static_cast<int>(m.special) > 3) return absl::InvalidArgumentError("unknown special kind");
    if (m.special != MethodSpecial::kNone && m.debit) {
      return absl::InvalidArgumentError(
          "a P/K/D method lowers a charged amount; it cannot be a debit method");
    }
    if (m.text_only && (m.special != MethodSpecial::kNone || m.debit)) {
      return absl::InvalidArgumentError("a text-only method has no amount effect");
    }
    if (m.account != 0 && (m.account < limits::kAccountMin || m.account > limits::kAccountMax)) {
      return absl::InvalidArgumentError("the fixed account must have 4 digits");
    }
    const PaymentMethodDefined* existing = s_.FindMethod(meta_.company, m.code);
    if (existing != nullptr && *existing == m) {
      return absl::AlreadyExistsError(
          absl::StrCat("payment method ", m.code, " is already defined like this"));
    }
    RETURN_IF_ERROR(CheckVersion(meta_, s_.FindCompany(meta_.company)->version, "company"));
    return One(ctx_.today, m);
  }

  absl::StatusOr<Events> operator()(const RecordPayment& c) {
    RETURN_IF_ERROR(CheckAmount("payment amount", c.amount));
    RETURN_IF_ERROR(ValidateText("reference", c.reference, limits::kReferenceMax, false));
    RETURN_IF_ERROR(ValidateText("payer name", c.payer_name, limits::kPayerNameMax, false));
    ASSIGN_OR_RETURN(const PaymentMethodDefined* method, FindMethod(c.method));
    if (c.invoice_number == 0 && !c.customer_number.empty()) return CustomerPayment(c, method);
    if (!c.customer_number.empty()) {
      return absl::InvalidArgumentError("give an invoice number or a customer number, not both");
    }
    ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(c.invoice_number));
    ASSIGN_OR_RETURN(Date date, TransactionDate(c.transaction_date, *inv));
    if (inv->status == InvoiceStatus::kAnnulled) {
      return absl::FailedPreconditionError(absl::StrCat("invoice ", FormatInvoiceNumber(c.invoice_number),
                                                        " is annulled; it takes no payments"));
    }
    RETURN_IF_ERROR(CheckVersion(meta_, inv->version, "invoice"));
    if (method != nullptr && method->debit) {
      // A debit method raises the claim (e.g. a wrongly reported payment corrected).
      if ((inv->balance() + c.amount).ore() > limits::kAmountOreMax) {
        return absl::InvalidArgumentError("the balance after the debit would be above the amount limit");
      }
      return One(date, DebitAdjusted{c.invoice_number, c.amount, c.reference, method->code});
    }
    if (method != nullptr && method->special != MethodSpecial::kNone)
      return ReverseCharge(c, *method, *inv, date);
    const std::string payment_id = meta_.command_id;
    Events out;
    out.push_back(Make(date, PaymentReceived{payment_id, c.channel, c.amount, c.reference, c.payer_name,
                                             c.invoice_number, method ? method->code : "", false, "", ""}));
    if (!inv->balance().is_positive() && inv->recoverable().is_positive()) {
      const Money recovered = Min(c.amount, inv->recoverable());
      out.push_back(Make(date, WriteOffRecovered{payment_id, c.invoice_number, recovered}));
      if (c.amount > recovered) {
        out.push_back(Make(date, OverpaymentRecorded{payment_id, inv->customer_number, c.invoice_number,
                                                     c.amount - recovered}));
      }
      return out;
    }
    const std::optional<InterestCharged> plan_interest = PlanInterestDue(s_, *inv, date);
    if (plan_interest) out.push_back(Make(date, *plan_interest));
    Allocation a = Allocate(WithCharge(*inv, plan_interest), c.amount, Order());
    if (!a.allocated().is_zero()) {
      out.push_back(
          Make(date, PaymentAllocated{payment_id, c.invoice_number, a.fees, a.interest, a.capital}));
    }
    const Money rest = a.rest;
    if (rest.is_positive()) {
      out.push_back(
          Make(date, OverpaymentRecorded{payment_id, inv->customer_number, c.invoice_number, rest}));
    }
    return out;
  }

  absl::StatusOr<Events> operator()(const ResolveUnmatchedPayment& c) {
    auto it = s_.unmatched.find(CompanyCustomerRef{meta_.company, c.payment_id});
    if (it == s_.unmatched.end()) {
      return absl::NotFoundError(absl::StrCat("payment ", c.payment_id, " is not in the unmatched queue"));
    }
    const UnmatchedPayment& u = it->second;
    const int ways = (!c.allocations.empty()) + (c.book_account != 0) + c.refund;
    if (ways != 1) {
      return absl::InvalidArgumentError("resolve a payment in exactly one way: allocate, book or refund");
    }
    RETURN_IF_ERROR(ValidateText("text", c.text, limits::kRemarkMax, c.allocations.empty()));
    Events out;
    if (c.book_account != 0) {
      if (c.book_account < limits::kAccountMin || c.book_account > limits::kAccountMax) {
        return absl::InvalidArgumentError("the account must have 4 digits");
      }
      out.push_back(Make(ctx_.today, UnmatchedPaymentResolved{c.payment_id, Resolution::kBooked, u.amount,
                                                              c.book_account, c.text}));
      return out;
    }
    if (!u.amount.is_positive()) {
      return absl::FailedPreconditionError(absl::StrCat("payment ", c.payment_id, " is ", u.amount.ToKronor(),
                                                        " kr; only a booking can resolve it"));
    }
    if (c.refund) {
      out.push_back(Make(ctx_.today, RefundIssued{c.payment_id, u.amount, c.text}));
      out.push_back(Make(ctx_.today,
                         UnmatchedPaymentResolved{c.payment_id, Resolution::kRefunded, u.amount, 0, c.text}));
      return out;
    }
    Money sum;
    absl::flat_hash_map<InvoiceNumber, Money> per_invoice;
    for (const auto& part : c.allocations) {
      RETURN_IF_ERROR(CheckAmount("allocated amount", part.amount));
      ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(part.invoice_number));
      if (inv->status == InvoiceStatus::kAnnulled) {
        return absl::FailedPreconditionError(
            absl::StrCat("invoice ", FormatInvoiceNumber(inv->number), " is annulled"));
      }
      Money& total = per_invoice[part.invoice_number];
      total += part.amount;
      const Money owes = WithCharge(*inv, PlanInterestDue(s_, *inv, u.date)).balance();
      if (total > owes) {
        return absl::FailedPreconditionError(absl::StrCat("invoice ", FormatInvoiceNumber(inv->number),
                                                          " owes ", owes.ToKronor(),
                                                          " kr, less than allocated"));
      }
      sum += part.amount;
      if (sum.ore() > limits::kAmountOreMax)
        return absl::InvalidArgumentError("allocations above the amount limit");
    }
    if (sum != u.amount) {
      return absl::InvalidArgumentError(absl::StrCat("allocations add up to ", sum.ToKronor(),
                                                     " kr; the payment is ", u.amount.ToKronor(), " kr"));
    }
    for (const auto& part : c.allocations) {
      // Allocate part by part against a running copy, so two parts on one invoice split right.
      Invoice inv = *s_.FindInvoice(meta_.company, part.invoice_number);
      bool charged = false;
      for (const Event& e : out) {
        if (const auto* a = std::get_if<PaymentAllocated>(&e.body); a && a->invoice_number == inv.number) {
          inv.paid_fees += a->fees;
          inv.paid_interest += a->interest;
          inv.paid_capital += a->capital;
        }
        if (const auto* i = std::get_if<InterestCharged>(&e.body); i && i->invoice_number == inv.number) {
          inv.interest += i->amount;
          charged = true;
        }
      }
      if (!charged) {
        if (std::optional<InterestCharged> plan_interest = PlanInterestDue(s_, inv, u.date)) {
          out.push_back(Make(u.date, *plan_interest));
          inv.interest += plan_interest->amount;
        }
      }
      Allocation a = Allocate(inv, part.amount, Order());
      out.push_back(
          Make(u.date, PaymentAllocated{c.payment_id, part.invoice_number, a.fees, a.interest, a.capital}));
    }
    out.push_back(Make(ctx_.today,
                       UnmatchedPaymentResolved{c.payment_id, Resolution::kAllocated, u.amount, 0, c.text}));
    return out;
  }

  absl::StatusOr<Events> operator()(const ReversePayment& c) {
    RETURN_IF_ERROR(ValidateText("remark", c.remark, limits::kRemarkMax, true));
    auto it = s_.payments.find(CompanyCustomerRef{meta_.company, c.payment_id});
    if (it == s_.payments.end()) {
      return absl::NotFoundError(
          absl::StrCat("payment ", c.payment_id, " does not exist in company ", meta_.company));
    }
    const PaymentRecord& p = it->second;
    if (p.reversed)
      return absl::FailedPreconditionError(absl::StrCat("payment ", c.payment_id, " is already reversed"));
    PaymentReversed ev{c.payment_id,           c.remark,      p.parts,
                       p.overpayment_customer, p.overpayment, Money(),
                       p.carried_overpayment};
    for (const ReversedPart& part : p.parts) {
      const Invoice* inv = s_.FindInvoice(meta_.company, part.invoice_number);
      if (inv == nullptr) return s_.InvoiceNotFound(meta_.company, part.invoice_number);
      if (inv->status == InvoiceStatus::kAnnulled) {
        return absl::FailedPreconditionError(
            absl::StrCat("invoice ", FormatInvoiceNumber(inv->number),
                         " was annulled after the payment; reverse by hand"));
      }
      if (part.carried.is_positive() &&
          s_.FindCustomer(meta_.company, inv->customer_number)->carried_applications != p.carried_epoch) {
        return absl::FailedPreconditionError(
            absl::StrCat("the underpayment carried from invoice ", FormatInvoiceNumber(inv->number),
                         " may be on a newer invoice already; reverse by hand"));
      }
    }
    if (p.carried_overpayment.is_positive() &&
        s_.FindCustomer(meta_.company, p.overpayment_customer)->carried_applications != p.carried_epoch) {
      return absl::FailedPreconditionError(
          "the overpayment carried to the next invoice may be on a newer invoice already; reverse by hand");
    }
    if (p.overpayment.is_positive()) {
      const Customer* cu = s_.FindCustomer(meta_.company, p.overpayment_customer);
      if (cu->credit_balance < p.overpayment) {
        return absl::FailedPreconditionError("the payment's credit balance has been used since");
      }
    }
    auto queued = s_.unmatched.find(CompanyCustomerRef{meta_.company, c.payment_id});
    if (queued != s_.unmatched.end()) {
      ev.unmatched = queued->second.amount;
    } else if (p.parts.empty() && p.overpayment.is_zero() && p.carried_overpayment.is_zero() &&
               !p.amount.is_zero()) {
      return absl::FailedPreconditionError(
          absl::StrCat("payment ", c.payment_id,
                       " left the unmatched queue by a booking or refund; it cannot be reversed here"));
    }
    return One(ctx_.today, std::move(ev));
  }

  absl::StatusOr<Events> operator()(const ApplyCreditBalance& c) {
    ASSIGN_OR_RETURN(const Customer* cu, FindCustomer(c.customer_number));
    ASSIGN_OR_RETURN(Date date, CreditDate(c.transaction_date));
    ASSIGN_OR_RETURN(Money amount, CreditAmount(*cu, c.amount));
    std::vector<const Invoice*> invoices;
    if (c.invoice_number != 0) {
      ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(c.invoice_number));
      if (inv->customer_number != cu->number)
        return absl::InvalidArgumentError(absl::StrCat("invoice ", FormatInvoiceNumber(inv->number),
                                                       " is customer ", inv->customer_number, "'s"));
      if (date < inv->invoice_date)
        return absl::InvalidArgumentError(absl::StrCat("transaction date ", FormatDate(date),
                                                       " is before the invoice date ",
                                                       FormatDate(inv->invoice_date)));
      RETURN_IF_ERROR(CheckVersion(meta_, inv->version, "invoice"));
      invoices.push_back(inv);
    } else {
      RETURN_IF_ERROR(CheckVersion(meta_, cu->version, "customer"));
      // Only invoices that existed on the transaction date.
      for (const Invoice* inv : OpenInvoicesOldestFirst(s_, meta_.company, cu->number))
        if (!(date < inv->invoice_date)) invoices.push_back(inv);
    }
    Events out;
    for (EventBody& a : ApplyCredit(s_, meta_.company, *cu, invoices, amount, date))
      out.push_back(Make(date, std::move(a)));
    if (out.empty())
      return absl::FailedPreconditionError(
          c.invoice_number != 0
              ? absl::StrCat("invoice ", FormatInvoiceNumber(c.invoice_number), " owes nothing")
              : absl::StrCat("customer ", cu->number, " has no open invoice to apply the credit balance to"));
    return out;
  }

  absl::StatusOr<Events> operator()(const RefundCreditBalance& c) {
    ASSIGN_OR_RETURN(const Customer* cu, FindCustomer(c.customer_number));
    ASSIGN_OR_RETURN(Date date, CreditDate(c.transaction_date));
    ASSIGN_OR_RETURN(Money amount, CreditAmount(*cu, c.amount));
    RETURN_IF_ERROR(ValidateText("recipient", c.recipient, limits::kRemarkMax, true));
    RETURN_IF_ERROR(CheckVersion(meta_, cu->version, "customer"));
    return One(date, CreditBalanceRefunded{cu->number, amount, c.recipient});
  }

  absl::StatusOr<Events> operator()(const SettleNegativeInvoice& c) {
    ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(c.invoice_number));
    if (!inv->balance().is_negative())
      return absl::FailedPreconditionError(absl::StrCat("invoice ", FormatInvoiceNumber(inv->number),
                                                        " is not negative (its balance is ",
                                                        inv->balance().ToKronor(), " kr)"));
    ASSIGN_OR_RETURN(Date date, CreditDate(c.transaction_date));
    if (date < inv->invoice_date)
      return absl::InvalidArgumentError(absl::StrCat("transaction date ", FormatDate(date),
                                                     " is before the invoice date ",
                                                     FormatDate(inv->invoice_date)));
    ASSIGN_OR_RETURN(const Customer* cu, FindCustomer(inv->customer_number));
    if (c.way == Settlement::kPayOut) {
      RETURN_IF_ERROR(ValidateText("recipient", c.recipient, limits::kRemarkMax, true));
    } else if (!c.recipient.empty()) {
      return absl::InvalidArgumentError("a recipient is only for a payout");
    }
    if (c.way != Settlement::kApply && c.apply_to != 0)
      return absl::InvalidArgumentError("an invoice to apply to is only for applying");
    RETURN_IF_ERROR(CheckVersion(meta_, inv->version, "invoice"));
    const Money amount = -inv->balance();
    Events out;
    out.push_back(Make(date, NegativeInvoiceSettled{inv->number, cu->number, amount}));
    if (c.way == Settlement::kPayOut) {
      out.push_back(Make(date, CreditBalanceRefunded{cu->number, amount, c.recipient}));
    } else if (c.way == Settlement::kApply) {
      std::vector<const Invoice*> invoices;
      if (c.apply_to != 0) {
        ASSIGN_OR_RETURN(const Invoice* to, FindInvoice(c.apply_to));
        if (to->customer_number != cu->number)
          return absl::InvalidArgumentError(absl::StrCat("invoice ", FormatInvoiceNumber(to->number),
                                                         " is customer ", to->customer_number, "'s"));
        if (date < to->invoice_date)
          return absl::InvalidArgumentError(absl::StrCat("transaction date ", FormatDate(date),
                                                         " is before the invoice date ",
                                                         FormatDate(to->invoice_date)));
        invoices.push_back(to);
      } else {
        for (const Invoice* open : OpenInvoicesOldestFirst(s_, meta_.company, cu->number))
          if (!(date < open->invoice_date)) invoices.push_back(open);
      }
      // The customer as it is after the settlement: the negative balance is now its credit.
      Customer after = *cu;
      after.credit_balance += amount;
      const size_t before = out.size();
      for (EventBody& a : ApplyCredit(s_, meta_.company, after, invoices, amount, date))
        out.push_back(Make(date, std::move(a)));
      if (out.size() == before)
        return absl::FailedPreconditionError(
            c.apply_to != 0 ? absl::StrCat("invoice ", FormatInvoiceNumber(c.apply_to), " owes nothing")
                            : absl::StrCat("customer ", cu->number, " has no open invoice to apply it to"));
    }
    return out;
  }

  template <class T>
  absl::StatusOr<Events> operator()(const T&) {
    return absl::InternalError("not a payment command");
  }

 private:
  absl::string_view Order() const { return AllocationOrderOf(*s_.FindCompany(meta_.company)); }

  absl::StatusOr<Date> CreditDate(const std::optional<Date>& given) const {
    const Date date = given.value_or(ctx_.today);
    RETURN_IF_ERROR(CheckDateInRange(date, "transaction date"));
    if (date > ctx_.today)
      return absl::InvalidArgumentError(
          absl::StrCat("transaction date ", FormatDate(date), " is in the future"));
    return date;
  }
  // The amount asked for (all of the credit balance when none), within the credit balance.
  absl::StatusOr<Money> CreditAmount(const Customer& cu, const std::optional<Money>& asked) const {
    if (!cu.credit_balance.is_positive())
      return absl::FailedPreconditionError(absl::StrCat("customer ", cu.number, " has no credit balance"));
    if (!asked) return cu.credit_balance;
    RETURN_IF_ERROR(CheckAmount("amount", *asked));
    if (*asked > cu.credit_balance)
      return absl::FailedPreconditionError(absl::StrCat("customer ", cu.number, " has a credit balance of ",
                                                        cu.credit_balance.ToKronor(), " kr, not ",
                                                        asked->ToKronor(), " kr"));
    return *asked;
  }

  // P/K/D: a manual entry that lowers a charged reminder fee, collection fee or interest,
  // never by more than was charged and is still unpaid.
  absl::StatusOr<Events> ReverseCharge(const RecordPayment& c, const PaymentMethodDefined& m,
                                       const Invoice& inv, Date date) const {
    ChargeKind kind = ChargeKind::kInterest;
    Money left = inv.open_interest();
    if (m.special == MethodSpecial::kReminderFee) {
      kind = ChargeKind::kReminderFee;
      left = Min(inv.open_fees(), inv.reminder_fees - inv.reminder_fees_reversed);
    } else if (m.special == MethodSpecial::kCollectionFee) {
      kind = ChargeKind::kCollectionFee;
      left = Min(inv.open_fees(), inv.collection_fees - inv.collection_fees_reversed);
    }
    left = Min(left, inv.balance());
    if (c.amount > left) {
      return absl::FailedPreconditionError(
          absl::StrCat("payment method ", m.code, " may not reverse more than the charged ",
                       ChargeKindName(kind), " left: ", left.ToKronor(), " kr on invoice ",
                       FormatInvoiceNumber(inv.number), ", asked ", c.amount.ToKronor(), " kr"));
    }
    return One(date, FeeReversed{inv.number, kind, c.amount, m.code, c.reference});
  }

  // A manual payment for a customer without an invoice number: oldest invoice first, the
  // rest to the customer's credit balance.
  absl::StatusOr<Events> CustomerPayment(const RecordPayment& c, const PaymentMethodDefined* method) const {
    if (method != nullptr && (method->debit || method->special != MethodSpecial::kNone)) {
      return absl::InvalidArgumentError(
          absl::StrCat("payment method ", method->code, " acts on one invoice; give the invoice number"));
    }
    ASSIGN_OR_RETURN(const Customer* cu, FindCustomer(c.customer_number));
    Date date = c.transaction_date.value_or(ctx_.today);
    RETURN_IF_ERROR(CheckDateInRange(date, "transaction date"));
    if (date > ctx_.today) {
      return absl::InvalidArgumentError(
          absl::StrCat("transaction date ", FormatDate(date), " is in the future"));
    }
    RETURN_IF_ERROR(CheckVersion(meta_, cu->version, "customer"));
    const std::string payment_id = meta_.command_id;
    Events out;
    out.push_back(Make(date, PaymentReceived{payment_id, c.channel, c.amount, c.reference, c.payer_name, 0,
                                             CodeOf(method), false, "", ""}));
    Money rest;
    for (EventBody& a : SpreadOldestFirst(s_, meta_.company, cu->number, payment_id, c.amount, date, &rest)) {
      out.push_back(Make(date, std::move(a)));
    }
    if (rest.is_positive()) out.push_back(Make(date, OverpaymentRecorded{payment_id, cu->number, 0, rest}));
    return out;
  }
};

}  // namespace

absl::StatusOr<std::vector<Event>> DecidePayments(const LedgerState& state, const CommandMeta& meta,
                                                  const CommandBody& command, const DecideContext& ctx) {
  return std::visit(PaymentDecider(state, meta, ctx), command);
}

}  // namespace reskontra
