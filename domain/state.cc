#include "domain/state.h"

#include <algorithm>

#include "absl/container/inlined_vector.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/overloaded.h"
#include "base/status_macros.h"
#include "domain/apply.h"
#include "domain/ids.h"
#include "domain/saldolista.h"

namespace reskontra {

namespace apply {
absl::Status Corrupt(const Event& e, absl::string_view why) {
  return absl::DataLossError(
      absl::StrCat(EventTypeName(e.body), " (command ", e.meta.command_id, "): ", why));
}

void CloseIfZero(Invoice& inv, Date date, InvoiceStatus closed) {
  if (inv.balance().is_zero() && inv.status == InvoiceStatus::kOpen) {
    inv.status = closed;
    inv.slutbetald = date;
  }
}
}  // namespace apply

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
  for (const std::string& k : file.payment_keys) ++imported_payments[std::make_pair(file.company, k)];
  for (size_t i = 0; i < file.source_ids.size() && i < file.numbers.size(); ++i)
    if (!file.source_ids[i].empty())
      invoice_sources[{file.company, RoutineOf(file.numbers[i]), file.source_ids[i]}] = file.numbers[i];
  // A confirmed re-send of the same bytes adds its keys to the file's: the earlier import's
  // keys must survive it (the file rows are keyed by fingerprint).
  auto key = std::make_pair(file.company, file.fingerprint);
  auto [it, fresh] = imported_files.try_emplace(key, file);
  if (!fresh) {
    it->second.deposits.insert(it->second.deposits.end(), file.deposits.begin(), file.deposits.end());
    it->second.payment_keys.insert(it->second.payment_keys.end(), file.payment_keys.begin(),
                                   file.payment_keys.end());
  }
}

namespace {

absl::Status ApplyBody(LedgerState& s, const Event& e) {
  const CompanyId c = e.meta.company;
  if (!std::holds_alternative<CompanyRegistered>(e.body) &&
      !std::holds_alternative<ReferenceRateSet>(e.body) && s.FindCompany(c) == nullptr) {
    return apply::Corrupt(e, absl::StrCat("company ", c, " is not registered"));
  }
  return std::visit(apply::Applier{s, e, c, e.meta.effective_date}, e.body);
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
