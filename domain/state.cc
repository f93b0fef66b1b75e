#include "domain/state.h"

#include <algorithm>

#include "absl/container/inlined_vector.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/overloaded.h"
#include "base/status_macros.h"
#include "domain/saldolista.h"

namespace reskontra {

namespace {
absl::Status Corrupt(const Event& e, absl::string_view why) {
  return absl::DataLossError(
      absl::StrCat(EventTypeName(e.body), " (command ", e.meta.command_id, "): ", why));
}

// After a balance-reducing event: close the invoice with `closed` if it reached zero.
void CloseIfZero(Invoice& inv, Date date, InvoiceStatus closed) {
  if (inv.balance().is_zero() && inv.status == InvoiceStatus::kOpen) {
    inv.status = closed;
    inv.slutbetald = date;
  }
}
}  // namespace

absl::string_view InvoiceStatusName(InvoiceStatus s) {
  switch (s) {
    case InvoiceStatus::kOpen:
      return "OPEN";
    case InvoiceStatus::kPaid:
      return "PAID";
    case InvoiceStatus::kCredited:
      return "CREDITED";
    case InvoiceStatus::kAnnulled:
      return "ANNULLED";
    case InvoiceStatus::kWrittenOff:
      return "WRITTEN_OFF";
  }
  return "UNKNOWN";
}

const Company* LedgerState::FindCompany(CompanyId c) const {
  auto it = companies.find(c);
  return it == companies.end() ? nullptr : &it->second;
}
const Customer* LedgerState::FindCustomer(CompanyId c, absl::string_view number) const {
  auto it = customers.find(CompanyCustomerRef{c, number});
  return it == customers.end() ? nullptr : &it->second;
}
const Invoice* LedgerState::FindInvoice(CompanyId c, InvoiceNumber n) const {
  auto it = invoices.find(CompanyInvoiceKey{c, n});
  return it == invoices.end() ? nullptr : &it->second;
}
absl::Status LedgerState::InvoiceNotFound(CompanyId c, InvoiceNumber n) const {
  auto it = archived.find(CompanyInvoiceKey{c, n});
  if (it != archived.end()) {
    return absl::FailedPreconditionError(absl::StrCat("invoice ", FormatInvoiceNumber(n),
                                                      " was archived (paid before ", FormatDate(it->second),
                                                      "); the journal keeps it, no command may change it"));
  }
  return absl::NotFoundError(
      absl::StrCat("invoice ", FormatInvoiceNumber(n), " does not exist in company ", c));
}
CustomerTotals LedgerState::TotalsOf(CompanyId c, absl::string_view customer_number) const {
  auto it = customer_totals.find(CompanyCustomerRef{c, customer_number});
  return it == customer_totals.end() ? CustomerTotals{} : it->second;
}

void LedgerState::CountInTotals(const Invoice& inv, int sign) {
  const Money balance = inv.balance();
  if (sign > 0)
    AddToTotals(inv.company, inv.customer_number, balance, int{!balance.is_zero()});
  else
    AddToTotals(inv.company, inv.customer_number, -balance, -int{!balance.is_zero()});
}

void LedgerState::AddToTotals(CompanyId c, absl::string_view customer_number, Money debt,
                              int64_t open_invoices) {
  if (debt.is_zero() && open_invoices == 0) return;  // keeps zero entries out of the map
  auto it = customer_totals.find(CompanyCustomerRef{c, customer_number});
  if (it == customer_totals.end())
    it = customer_totals.emplace(CompanyCustomerKey{c, std::string(customer_number)}, CustomerTotals{}).first;
  CustomerTotals& t = it->second;
  t.debt = t.debt + debt;
  t.open_invoices += open_invoices;
  if (t == CustomerTotals{}) customer_totals.erase(it);
}

CustomerMap<CustomerTotals> CustomerTotalsFromClaims(const LedgerState& state) {
  LedgerState scratch;
  for (const auto& [key, inv] : state.invoices) scratch.CountInTotals(inv, +1);
  return std::move(scratch.customer_totals);
}

void Customer::AddInvoice(InvoiceNumber n) {
  auto at = std::lower_bound(invoices.begin(), invoices.end(), n);
  if (at == invoices.end() || *at != n) invoices.insert(at, n);
}

Money LedgerState::CustomerDebt(const Customer& c) const {
  Money sum;
  for (InvoiceNumber n : c.invoices) {
    if (const Invoice* inv = FindInvoice(c.company, n)) sum += inv->balance();
  }
  return sum;
}

const PaymentMethodDefined* LedgerState::FindMethod(CompanyId c, absl::string_view code) const {
  const Company* co = FindCompany(c);
  if (co == nullptr) return nullptr;
  auto it = co->payment_methods.find(std::string(code));
  return it == co->payment_methods.end() ? nullptr : &it->second;
}

const Invoice* LedgerState::FindInvoiceByOcr(CompanyId c, absl::string_view ocr) const {
  auto it = ocr_index.find(std::make_pair(c, std::string(ocr)));
  return it == ocr_index.end() ? nullptr : FindInvoice(c, it->second);
}

void LedgerState::AddImportedFile(ImportedFile file) {
  for (const ImportedDeposit& d : file.deposits) {
    imported_deposits.insert({file.company, file.bankgiro, DateToDays(d.payment_date), d.serial});
  }
  auto key = std::make_pair(file.company, file.fingerprint);
  imported_files[key] = std::move(file);
}

namespace {
ReversedPart& PartFor(PaymentRecord& p, InvoiceNumber n) {
  for (ReversedPart& part : p.parts) {
    if (part.invoice_number == n) return part;
  }
  p.parts.emplace_back();
  p.parts.back().invoice_number = n;
  return p.parts.back();
}
}  // namespace

namespace {

absl::Status ApplyBody(LedgerState& s, const Event& e) {
  const CompanyId c = e.meta.company;
  const Date date = e.meta.effective_date;
  if (!std::holds_alternative<CompanyRegistered>(e.body) &&
      !std::holds_alternative<ReferenceRateSet>(e.body) && s.FindCompany(c) == nullptr) {
    return Corrupt(e, absl::StrCat("company ", c, " is not registered"));
  }
  // Every invoice-stream event needs its invoice; find it once.
  auto invoice_for = [&](InvoiceNumber n) -> Invoice* {
    auto it = s.invoices.find(CompanyInvoiceKey{c, n});
    return it == s.invoices.end() ? nullptr : &it->second;
  };
  auto customer_for = [&](const std::string& n) -> Customer* {
    auto it = s.customers.find(CompanyCustomerRef{c, n});
    return it == s.customers.end() ? nullptr : &it->second;
  };
  auto payment_for = [&](const std::string& id) -> PaymentRecord* {
    auto it = s.payments.find(CompanyCustomerRef{c, id});
    return it == s.payments.end() ? nullptr : &it->second;
  };
  auto exempt_method = [&](const std::string& code) {
    const PaymentMethodDefined* m = code.empty() ? nullptr : s.FindMethod(c, code);
    return m != nullptr && m->no_interest;
  };
  auto move_capital = [&](Invoice& inv, Money amount, bool exempt, Date on) {
    if (!amount.is_zero()) inv.capital_moves.push_back(CapitalMove{on, amount, exempt});
  };
  auto reduce = [&](InvoiceNumber n, Money amount, Money Invoice::*field, InvoiceStatus closed,
                    bool exempt) -> absl::Status {
    Invoice* inv = invoice_for(n);
    if (inv == nullptr) return Corrupt(e, absl::StrCat("unknown invoice ", FormatInvoiceNumber(n)));
    if (!amount.is_positive() || amount > inv->balance()) {
      return Corrupt(e, "amount is not positive or exceeds the balance");
    }
    inv->*field += amount;
    move_capital(*inv, amount, exempt, date);
    ++inv->version;
    CloseIfZero(*inv, date, closed);
    return absl::OkStatus();
  };
  auto settle_interest = [&](const InterestInvoiced& v, bool transferred) -> absl::Status {
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
  };
  return std::visit(
      Overloaded{
          [&](const CompanyRegistered& v) -> absl::Status {
            if (s.FindCompany(c)) return Corrupt(e, "company registered twice");
            Company co;
            co.id = c;
            co.name = v.name;
            co.org_number = v.org_number;
            co.version = 1;
            s.companies[c] = std::move(co);
            return absl::OkStatus();
          },
          [&](const CustomerRegistered& v) -> absl::Status {
            if (customer_for(v.customer_number)) return Corrupt(e, "customer registered twice");
            Customer cu;
            cu.company = c;
            cu.number = v.customer_number;
            cu.details = v.details;
            cu.version = 1;
            s.customers[CompanyCustomerKey{c, v.customer_number}] = std::move(cu);
            return absl::OkStatus();
          },
          [&](const CustomerChanged& v) -> absl::Status {
            Customer* cu = customer_for(v.customer_number);
            if (!cu) return Corrupt(e, "unknown customer");
            cu->details = v.details;
            ++cu->version;
            return absl::OkStatus();
          },
          [&](const InvoiceIssued& v) -> absl::Status {
            Customer* cu = customer_for(v.customer_number);
            if (!cu) return Corrupt(e, "unknown customer");
            if (invoice_for(v.invoice_number)) return Corrupt(e, "invoice issued twice");
            Invoice inv;
            inv.company = c;
            inv.number = v.invoice_number;
            inv.customer_number = v.customer_number;
            inv.routine = v.routine;
            inv.invoice_date = v.invoice_date;
            inv.due_date = v.due_date;
            inv.ocr_reference = v.ocr_reference;
            inv.capital = v.total;
            inv.version = 1;
            s.ocr_index[std::make_pair(c, v.ocr_reference)] = v.invoice_number;
            s.invoices[CompanyInvoiceKey{c, v.invoice_number}] = std::move(inv);
            cu->AddInvoice(v.invoice_number);
            ++cu->version;
            return absl::OkStatus();
          },
          [&](const PaymentReceived& v) -> absl::Status {
            if (payment_for(v.payment_id)) return Corrupt(e, "payment received twice");
            if (v.intended_invoice) {
              Invoice* inv = invoice_for(v.intended_invoice);
              if (!inv) return Corrupt(e, "unknown invoice");
              ++inv->version;
            }
            s.payments[CompanyCustomerKey{c, v.payment_id}] = PaymentRecord{
                c, v.payment_id, v.amount, date, {}, "", {}, {}, 0, false, exempt_method(v.method)};
            return absl::OkStatus();
          },
          [&](const PaymentAllocated& v) -> absl::Status {
            Invoice* inv = invoice_for(v.invoice_number);
            if (!inv) return Corrupt(e, "unknown invoice");
            if (v.fees.is_negative() || v.interest.is_negative() || v.capital.is_negative() ||
                v.fees > inv->open_fees() || v.interest > inv->open_interest() ||
                (v.fees + v.interest + v.capital) > inv->balance()) {
              return Corrupt(e, "allocation exceeds what the invoice owes");
            }
            inv->paid_fees += v.fees;
            inv->paid_interest += v.interest;
            inv->paid_capital += v.capital;
            ++inv->version;
            PaymentRecord* paying = payment_for(v.payment_id);
            move_capital(*inv, v.capital, paying != nullptr && paying->no_interest, date);
            if (PaymentRecord* p = paying) {
              ReversedPart& part = PartFor(*p, v.invoice_number);
              part.fees += v.fees;
              part.interest += v.interest;
              part.capital += v.capital;
            }
            CloseIfZero(*inv, date, InvoiceStatus::kPaid);
            return absl::OkStatus();
          },
          [&](const OverpaymentRecorded& v) -> absl::Status {
            Customer* cu = customer_for(v.customer_number);
            if (!cu) return Corrupt(e, "unknown customer");
            if (!v.amount.is_positive()) return Corrupt(e, "overpayment is not positive");
            if (PaymentRecord* p = payment_for(v.payment_id)) {
              p->overpayment_customer = v.customer_number;
              p->overpayment += v.amount;
            }
            cu->credit_balance += v.amount;
            ++cu->version;
            return absl::OkStatus();
          },
          [&](const InvoiceCredited& v) {
            return reduce(v.invoice_number, v.amount, &Invoice::credited, InvoiceStatus::kCredited,
                          exempt_method(v.method));
          },
          [&](const InvoiceAnnulled& v) -> absl::Status {
            Invoice* inv = invoice_for(v.invoice_number);
            if (!inv) return Corrupt(e, "unknown invoice");
            if (inv->status == InvoiceStatus::kAnnulled || v.amount != inv->balance()) {
              return Corrupt(e, "annulment does not remove exactly the balance");
            }
            inv->annulled += v.amount;
            move_capital(*inv, v.amount, exempt_method(v.method), date);
            inv->status = InvoiceStatus::kAnnulled;
            inv->slutbetald = date;
            ++inv->version;
            return absl::OkStatus();
          },
          [&](const DebitAdjusted& v) -> absl::Status {
            Invoice* inv = invoice_for(v.invoice_number);
            if (!inv) return Corrupt(e, "unknown invoice");
            if (!v.amount.is_positive() || inv->status == InvoiceStatus::kAnnulled) {
              return Corrupt(e, "debit on an annulled invoice or not positive");
            }
            inv->debit_adjusted += v.amount;
            move_capital(*inv, -v.amount, false, date);
            inv->status = InvoiceStatus::kOpen;  // a closed invoice reopens
            inv->slutbetald.reset();
            ++inv->version;
            return absl::OkStatus();
          },
          [&](const WrittenOff& v) {
            return reduce(v.invoice_number, v.amount, &Invoice::written_off, InvoiceStatus::kWrittenOff,
                          exempt_method(v.method));
          },
          [&](const PaymentSettingsSet& v) -> absl::Status {
            s.companies[c].payment_settings = v;
            ++s.companies[c].version;
            return absl::OkStatus();
          },
          [&](const PaymentFileImported& v) -> absl::Status {
            if (!v.resend && s.imported_files.contains(std::make_pair(c, v.fingerprint))) {
              return Corrupt(e, "file imported twice without a confirmed re-send");
            }
            s.AddImportedFile(ImportedFile{c, v.fingerprint, v.bankgiro, v.deposits});
            return absl::OkStatus();
          },
          [&](const SmallDifferenceWrittenOff& v) -> absl::Status {
            if (v.amount.is_negative()) {  // an overpayment kept as income: the invoice is unchanged
              Invoice* inv = invoice_for(v.invoice_number);
              if (!inv) return Corrupt(e, "unknown invoice");
              ++inv->version;
              return absl::OkStatus();
            }
            if (PaymentRecord* p = payment_for(v.payment_id))
              PartFor(*p, v.invoice_number).small_difference += v.amount;
            return reduce(v.invoice_number, v.amount, &Invoice::small_differences, InvoiceStatus::kPaid,
                          false);
          },
          [&](const PaymentUnmatched& v) -> absl::Status {
            CompanyCustomerKey key{c, v.payment_id};
            if (s.unmatched.contains(key)) return Corrupt(e, "payment queued twice");
            s.unmatched[key] =
                UnmatchedPayment{c, v.payment_id, v.amount, v.reference, v.payer_name, v.reason, date};
            return absl::OkStatus();
          },
          [&](const UnmatchedPaymentResolved& v) -> absl::Status {
            auto it = s.unmatched.find(CompanyCustomerRef{c, v.payment_id});
            if (it == s.unmatched.end() || it->second.amount != v.amount) {
              return Corrupt(e, "resolves a payment that is not in the unmatched queue");
            }
            s.unmatched.erase(it);
            return absl::OkStatus();
          },
          [&](const RefundIssued& v) -> absl::Status {
            if (!s.unmatched.contains(CompanyCustomerRef{c, v.payment_id})) {
              return Corrupt(e, "refunds a payment that is not in the unmatched queue");
            }
            return absl::OkStatus();
          },
          [&](const WriteOffRecovered& v) -> absl::Status {
            Invoice* inv = invoice_for(v.invoice_number);
            if (!inv) return Corrupt(e, "unknown invoice");
            if (!v.amount.is_positive() || v.amount > inv->recoverable()) {
              return Corrupt(e, "recovers more than was written off");
            }
            inv->recovered += v.amount;
            ++inv->version;
            if (PaymentRecord* p = payment_for(v.payment_id))
              PartFor(*p, v.invoice_number).recovered += v.amount;
            return absl::OkStatus();
          },
          [&](const PaymentReversed& v) -> absl::Status {
            PaymentRecord* p = payment_for(v.payment_id);
            if (!p || p->reversed) return Corrupt(e, "reverses an unknown or already reversed payment");
            for (const ReversedPart& part : v.parts) {
              Invoice* inv = invoice_for(part.invoice_number);
              if (!inv || part.fees > inv->paid_fees || part.interest > inv->paid_interest ||
                  part.capital > inv->paid_capital || part.small_difference > inv->small_differences ||
                  part.recovered > inv->recovered || part.carried > inv->carried_out ||
                  (part.carried.is_positive() && !customer_for(inv->customer_number))) {
                return Corrupt(e, "reverses more than the invoice received");
              }
            }
            const bool to_customer = !v.overpayment.is_zero() || !v.carried_overpayment.is_zero();
            Customer* cu = to_customer ? customer_for(v.customer_number) : nullptr;
            if (to_customer &&
                (!cu || cu->credit_balance < v.overpayment || v.carried_overpayment.is_negative())) {
              return Corrupt(e, "reverses more credit balance than the customer has");
            }
            auto queued = s.unmatched.find(CompanyCustomerRef{c, v.payment_id});
            if (!v.unmatched.is_zero() &&
                (queued == s.unmatched.end() || queued->second.amount != v.unmatched)) {
              return Corrupt(e, "reverses an unmatched amount that is not queued");
            }
            for (const ReversedPart& part : v.parts) {
              Invoice* inv = invoice_for(part.invoice_number);
              inv->paid_fees -= part.fees;
              inv->paid_interest -= part.interest;
              inv->paid_capital -= part.capital;
              inv->small_differences -= part.small_difference;
              inv->recovered -= part.recovered;
              inv->carried_out -= part.carried;
              // As if the payment had never been made: taken back on its own date.
              move_capital(*inv, -(part.capital + part.small_difference + part.carried), p->no_interest,
                           p->date);
              if (part.carried.is_positive()) {
                Customer* owner = customer_for(inv->customer_number);
                owner->carried -= part.carried;
                ++owner->version;
              }
              if (inv->balance().is_positive() && inv->status != InvoiceStatus::kAnnulled) {
                inv->status = InvoiceStatus::kOpen;  // reopens, as the handbook says
                inv->slutbetald.reset();
              }
              ++inv->version;
            }
            if (cu) {
              cu->credit_balance -= v.overpayment;
              cu->carried += v.carried_overpayment;
              ++cu->version;
            }
            if (!v.unmatched.is_zero()) s.unmatched.erase(queued);
            p->reversed = true;
            return absl::OkStatus();
          },
          [&](const PaymentMethodDefined& v) -> absl::Status {
            Company& co = s.companies[c];
            co.payment_methods[v.code] = v;
            ++co.version;
            return absl::OkStatus();
          },
          [&](const FeeCharged& v) -> absl::Status {
            Invoice* inv = invoice_for(v.invoice_number);
            if (!inv) return Corrupt(e, "unknown invoice");
            if (!v.amount.is_positive() || v.kind == ChargeKind::kInterest) return Corrupt(e, "not a fee");
            if (!v.charged) {
              inv->fees_noted += v.amount;
            } else {
              inv->fees += v.amount;
              if (v.kind == ChargeKind::kReminderFee) inv->reminder_fees += v.amount;
              if (v.kind == ChargeKind::kCollectionFee) inv->collection_fees += v.amount;
              if (v.kind == ChargeKind::kLateCompensation) inv->late_compensation += v.amount;
              inv->status = InvoiceStatus::kOpen;
              inv->slutbetald.reset();
            }
            ++inv->version;
            return absl::OkStatus();
          },
          [&](const InterestCharged& v) -> absl::Status {
            Invoice* inv = invoice_for(v.invoice_number);
            if (!inv) return Corrupt(e, "unknown invoice");
            if (!v.amount.is_positive()) return Corrupt(e, "interest is not positive");
            inv->interest += v.amount;
            inv->status = InvoiceStatus::kOpen;
            inv->slutbetald.reset();
            ++inv->version;
            return absl::OkStatus();
          },
          [&](const FeeReversed& v) -> absl::Status {
            Invoice* inv = invoice_for(v.invoice_number);
            if (!inv) return Corrupt(e, "unknown invoice");
            const bool interest = v.kind == ChargeKind::kInterest;
            const Money open = interest ? inv->open_interest() : inv->open_fees();
            Money kind_left = open;
            if (v.kind == ChargeKind::kReminderFee)
              kind_left = inv->reminder_fees - inv->reminder_fees_reversed;
            if (v.kind == ChargeKind::kCollectionFee)
              kind_left = inv->collection_fees - inv->collection_fees_reversed;
            if (!v.amount.is_positive() || v.amount > open || v.amount > kind_left ||
                v.amount > inv->balance()) {
              return Corrupt(e, "reverses more than was charged");
            }
            (interest ? inv->interest_reversed : inv->fees_reversed) += v.amount;
            if (v.kind == ChargeKind::kReminderFee) inv->reminder_fees_reversed += v.amount;
            if (v.kind == ChargeKind::kCollectionFee) inv->collection_fees_reversed += v.amount;
            ++inv->version;
            CloseIfZero(*inv, date, InvoiceStatus::kPaid);
            return absl::OkStatus();
          },
          [&](const WatchTextSet& v) -> absl::Status {
            Invoice* inv = invoice_for(v.invoice_number);
            if (!inv) return Corrupt(e, "unknown invoice");
            inv->watch_text = v.text;
            ++inv->version;
            return absl::OkStatus();
          },
          [&](const PaymentDifferenceCarried& v) -> absl::Status {
            Invoice* inv = invoice_for(v.invoice_number);
            Customer* cu = customer_for(v.customer_number);
            if (!inv || !cu || inv->customer_number != v.customer_number || v.amount.is_zero()) {
              return Corrupt(e, "carries a difference of an unknown invoice or customer");
            }
            PaymentRecord* p = payment_for(v.payment_id);
            if (p) p->carried_epoch = cu->carried_applications;
            if (v.amount.is_positive()) {
              if (v.amount > inv->balance()) return Corrupt(e, "carries more than the balance");
              inv->carried_out += v.amount;
              move_capital(*inv, v.amount, false, date);
              if (p) PartFor(*p, v.invoice_number).carried += v.amount;
              CloseIfZero(*inv, date, InvoiceStatus::kPaid);
            } else if (p) {
              p->overpayment_customer = v.customer_number;
              p->carried_overpayment -= v.amount;
            }
            cu->carried += v.amount;
            ++inv->version;
            ++cu->version;
            return absl::OkStatus();
          },
          [&](const CarriedDifferenceApplied& v) -> absl::Status {
            Invoice* inv = invoice_for(v.invoice_number);
            Customer* cu = customer_for(v.customer_number);
            if (!inv || !cu || inv->customer_number != v.customer_number || v.amount.is_zero() ||
                (v.amount.is_positive() ? v.amount > cu->carried : -v.amount > -cu->carried) ||
                (inv->balance() + v.amount).is_negative()) {
              return Corrupt(e, "applies a difference the customer does not carry");
            }
            inv->carried_in += v.amount;
            move_capital(*inv, -v.amount, false, date);
            cu->carried -= v.amount;
            ++cu->carried_applications;
            ++inv->version;
            ++cu->version;
            CloseIfZero(*inv, date, InvoiceStatus::kPaid);
            return absl::OkStatus();
          },
          [&](const DunningPolicySet& v) -> absl::Status {
            Company& co = s.companies[c];
            co.dunning_policies[v.routine] = v;
            ++co.version;
            return absl::OkStatus();
          },
          [&](const DunningCodeDefined& v) -> absl::Status {
            Company& co = s.companies[c];
            co.dunning_codes[v.code] = v;
            ++co.version;
            return absl::OkStatus();
          },
          [&](const DunningCodeAssigned& v) -> absl::Status {
            Invoice* inv = invoice_for(v.invoice_number);
            if (!inv) return Corrupt(e, "unknown invoice");
            inv->dunning.mut().code = v.code;
            inv->dunning.mut().code_until = v.until;
            ++inv->version;
            return absl::OkStatus();
          },
          [&](const DunningCodeRemoved& v) -> absl::Status {
            Invoice* inv = invoice_for(v.invoice_number);
            if (!inv || inv->dunning->code != v.code)
              return Corrupt(e, "removes a kravkod the invoice lacks");
            inv->dunning.mut().code = 0;
            inv->dunning.mut().code_until.reset();
            ++inv->version;
            return absl::OkStatus();
          },
          [&](const DunningStepIssued& v) -> absl::Status {
            Invoice* inv = invoice_for(v.invoice_number);
            const int i = static_cast<int>(v.step);
            if (!inv || i < 1 || i >= kDunningSteps)
              return Corrupt(e, "a letter for an unknown invoice or step");
            inv->dunning.mut().step_dates[i] = date;
            inv->dunning.mut().step_fees[i] = v.fee;
            inv->dunning.mut().fee_charged[i] = v.fee_charged;
            inv->dunning.mut().letters.push_back(date);
            ++inv->version;
            return absl::OkStatus();
          },
          [&](const DunningStepCleared& v) -> absl::Status {
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
          },
          [&](const DunningRunCompleted& v) -> absl::Status {
            Company& co = s.companies[c];
            co.dunning_runs.push_back(v);
            ++co.version;
            return absl::OkStatus();
          },
          [&](const DueDateChanged& v) -> absl::Status {
            Invoice* inv = invoice_for(v.invoice_number);
            if (!inv) return Corrupt(e, "unknown invoice");
            inv->due_date = v.due_date;
            ++inv->version;
            return absl::OkStatus();
          },
          [&](const DeferralGranted& v) -> absl::Status {
            Invoice* inv = invoice_for(v.invoice_number);
            if (!inv) return Corrupt(e, "unknown invoice");
            inv->dunning.mut().deferral_until = v.until;
            ++inv->version;
            return absl::OkStatus();
          },
          [&](const AmortizationPlanEstablished& v) -> absl::Status {
            Customer* cu = customer_for(v.customer_number);
            if (!cu || cu->FindPlan(v.plan_id)) return Corrupt(e, "a plan for an unknown customer or twice");
            for (InvoiceNumber n : v.invoices) {
              Invoice* inv = invoice_for(n);
              if (!inv || inv->customer_number != v.customer_number)
                return Corrupt(e, "a plan over a foreign claim");
              inv->dunning.mut().plan_id = v.plan_id;
              ++inv->version;
            }
            cu->plans.push_back(AmortizationPlan{v, date, true, PlanEnd::kCompleted, std::nullopt});
            ++cu->version;
            return absl::OkStatus();
          },
          [&](const AmortizationPlanEnded& v) -> absl::Status {
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
          },
          [&](const PaymentOrderApplied& v) -> absl::Status {
            for (const PaymentOrderClaim& claim : v.claims) {
              auto it = s.invoices.find(CompanyInvoiceKey{claim.company, claim.invoice_number});
              if (it == s.invoices.end()) return Corrupt(e, "a payment order for an unknown claim");
              it->second.dunning.mut().payment_order_date = date;
              it->second.dunning.mut().payment_order_id = v.application_id;
              ++it->second.version;
            }
            return absl::OkStatus();
          },
          [&](const TransferredToCollection& v) -> absl::Status {
            Invoice* inv = invoice_for(v.invoice_number);
            if (!inv) return Corrupt(e, "unknown invoice");
            inv->dunning.mut().collection_date = date;
            inv->dunning.mut().agency = v.agency;
            ++inv->version;
            return absl::OkStatus();
          },
          [&](const ReferenceRateSet& v) -> absl::Status {
            s.reference_rates[v.effective] = v;
            return absl::OkStatus();
          },
          [&](const InterestPolicySet& v) -> absl::Status {
            Company& co = s.companies[c];
            co.interest_policy = v;
            ++co.version;
            return absl::OkStatus();
          },
          [&](const InterestInvoiced& v) { return settle_interest(v, false); },
          [&](const InterestTransferredToNextInvoice& v) { return settle_interest(v, true); },
          [&](const PaidInterestRecorded& v) -> absl::Status {
            Invoice* inv = invoice_for(v.invoice_number);
            if (!inv || !v.amount.is_positive()) return Corrupt(e, "unknown invoice or amount not positive");
            inv->interest_paid_recorded += v.amount;
            ++inv->version;
            return absl::OkStatus();
          },
          [&](const AccountPlanSet& v) -> absl::Status {
            if (!s.companies.contains(c)) return Corrupt(e, "unknown company");
            Company& co = s.companies[c];
            co.account_plans[v.routine] = v;
            ++co.version;
            return absl::OkStatus();
          },
          [&](const PeriodClosed& v) -> absl::Status {
            Company* co = s.companies.contains(c) ? &s.companies[c] : nullptr;
            if (!co || (co->LastClose() && !(co->LastClose()->through < v.through)))
              return Corrupt(e, "unknown company or a close that does not move forward");
            co->closes.push_back(v);
            ++co->version;
            return absl::OkStatus();
          },
          [&](const InvoicesArchived& v) -> absl::Status {
            if (!s.companies.contains(c)) return Corrupt(e, "unknown company");
            absl::btree_set<InvoiceNumber> seen;
            for (InvoiceNumber n : v.invoices) {
              const Invoice* inv = s.FindInvoice(c, n);
              if (!inv || !inv->balance().is_zero() || inv->status == InvoiceStatus::kOpen)
                return Corrupt(e, "archives a claim that is not settled");
              if (!seen.insert(n).second) return Corrupt(e, "archives a claim twice");
            }
            for (InvoiceNumber n : v.invoices) {
              auto it = s.invoices.find(CompanyInvoiceKey{c, n});
              auto cu = s.customers.find(CompanyCustomerRef{c, it->second.customer_number});
              if (cu != s.customers.end()) std::erase(cu->second.invoices, n);
              s.invoices.erase(it);
              s.archived[CompanyInvoiceKey{c, n}] = v.paid_before;
            }
            Company& co = s.companies[c];
            if (!co.archived_before || *co.archived_before < v.paid_before)
              co.archived_before = v.paid_before;
            co.archived += static_cast<int64_t>(v.invoices.size());
            ++co.version;
            return absl::OkStatus();
          },
          [&](const PostingRunCompleted& v) -> absl::Status {
            if (!s.companies.contains(c)) return Corrupt(e, "unknown company");
            Company& co = s.companies[c];
            const uint64_t expected = co.LastPostingRun() ? co.LastPostingRun()->to_position + 1 : 1;
            if (v.from_position != expected || v.to_position < v.from_position)
              return Corrupt(e, "a posting run that does not follow the last one");
            co.posting_runs.push_back(v);
            ++co.version;
            return absl::OkStatus();
          },
          [&](const ApprovalPolicySet& v) -> absl::Status {
            Company& co = s.companies[c];
            co.approval_policy = v;
            ++co.version;
            return absl::OkStatus();
          },
          [&](const ApprovalRequested& v) -> absl::Status {
            Company& co = s.companies[c];
            Invoice* inv = invoice_for(v.invoice_number);
            if (!inv || inv->pending_approval != 0)
              return Corrupt(e, "an approval request for an unknown invoice, or one already waiting");
            if (v.request_id != static_cast<int64_t>(co.approvals.size()) + 1 ||
                v.invoice_version != inv->version + 1)
              return Corrupt(e, "an approval request out of sequence");
            co.approvals[v.request_id] = Approval{v, e.meta.actor, e.meta.recorded_at, std::nullopt, "", {}};
            inv->pending_approval = v.request_id;
            ++inv->version;
            return absl::OkStatus();
          },
          [&](const ApprovalDecided& v) -> absl::Status {
            Company& co = s.companies[c];
            auto it = co.approvals.find(v.request_id);
            Invoice* inv = invoice_for(v.invoice_number);
            if (it == co.approvals.end() || it->second.decision.has_value() || !inv ||
                inv->pending_approval != v.request_id)
              return Corrupt(e, "a decision on no pending approval request");
            it->second.decision = v;
            it->second.decided_by = e.meta.actor;
            it->second.decided_at = e.meta.recorded_at;
            inv->pending_approval = 0;
            ++inv->version;
            return absl::OkStatus();
          },
          [&](const NoteAdded& v) -> absl::Status {
            if (v.invoice_number) {
              Invoice* inv = invoice_for(v.invoice_number);
              if (!inv) return Corrupt(e, "unknown invoice");
              ++inv->notes;
              ++inv->version;
            } else {
              Customer* cu = customer_for(v.customer_number);
              if (!cu) return Corrupt(e, "unknown customer");
              ++cu->notes;
              ++cu->version;
            }
            return absl::OkStatus();
          },
      },
      e.body);
}

// Slutbetalningsdatum is a fact of the effective axis: the business day on which the balance
// last reached zero, summing the claim's moves in date order, whatever order they were
// recorded in (a later-dated payment registered first must not end interest early).
// nullopt when the balance never went from owing to zero.
std::optional<Date> LastReachedZero(const std::vector<SaldoMove>& moves) {
  std::vector<const SaldoMove*> by_date;
  by_date.reserve(moves.size());
  for (const SaldoMove& m : moves) by_date.push_back(&m);
  std::stable_sort(by_date.begin(), by_date.end(),
                   [](const SaldoMove* a, const SaldoMove* b) { return a->date < b->date; });
  Money running;
  bool was_zero = true;
  std::optional<Date> last;
  for (size_t i = 0; i < by_date.size();) {
    const Date day = by_date[i]->date;
    for (; i < by_date.size() && by_date[i]->date == day; ++i)
      running += by_date[i]->invoiced + by_date[i]->charged + by_date[i]->paid;
    if (running.is_zero() && !was_zero) last = day;
    was_zero = running.is_zero();
  }
  return last;
}

}  // namespace

absl::Status Apply(LedgerState& s, const Event& e) {
  // The claims the event may move, with their amounts before it: each change becomes a
  // SaldoMove on the event's effective date (the first one marks the claim's creation), and
  // the change of balance moves the customer's totals.
  struct Touched {
    CompanyInvoiceKey key;
    bool existed;
    SaldoAmounts before;
    Money balance;
  };
  absl::InlinedVector<Touched, 4> touched;
  for (auto [company, n] : InvoicesOf(e)) {
    // A claim named twice (no decided event does, a corrupt one might) is counted once.
    const CompanyInvoiceKey key{company, n};
    if (std::any_of(touched.begin(), touched.end(), [&](const Touched& t) { return t.key == key; })) continue;
    const Invoice* inv = s.FindInvoice(company, n);
    touched.push_back(
        {{company, n}, inv != nullptr, inv ? SaldoOf(*inv) : SaldoAmounts{}, inv ? inv->balance() : Money{}});
  }
  RETURN_IF_ERROR(ApplyBody(s, e));  // which leaves the state as it was when it refuses
  for (const Touched& t : touched) {
    // Only archiving removes a claim, and only a settled one (balance zero): nothing to count.
    auto it = s.invoices.find(t.key);
    if (it == s.invoices.end()) continue;
    Invoice& inv = it->second;
    const Money balance = inv.balance();
    s.AddToTotals(t.key.company, inv.customer_number, balance - t.balance,
                  int{!balance.is_zero()} - int{!t.balance.is_zero()});
    const SaldoAmounts now = SaldoOf(inv);
    if (t.existed && now == t.before) continue;
    inv.moves.push_back(SaldoMove{e.meta.effective_date, now.invoiced - t.before.invoiced,
                                  now.charged - t.before.charged, now.paid - t.before.paid});
    if (inv.slutbetald && balance.is_zero()) {
      if (std::optional<Date> day = LastReachedZero(inv.moves)) inv.slutbetald = day;
    }
  }
  return absl::OkStatus();
}

}  // namespace reskontra
