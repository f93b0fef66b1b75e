#include "domain/postings.h"

#include <algorithm>
#include <tuple>
#include <utility>
#include <variant>

#include "absl/container/btree_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "domain/limits.h"

namespace reskontra {
namespace {

int64_t Key(CompanyId c, InvoiceNumber n) { return CompanyInvoiceOrdinal(c, n); }

Money Removed(const Invoice& v) { return v.credited + v.annulled; }

}  // namespace

int32_t VatAccount(const AccountPlan& plan, int32_t rate_bp) {
  switch (rate_bp) {
    case 1200:
      return plan.vat_12;
    case 600:
      return plan.vat_6;
    default:
      return plan.vat_25;
  }
}

absl::Status ValidateAccountPlan(const AccountPlan& p) {
  if (p.routine < 0 || p.routine > limits::kRoutineMax)
    return absl::InvalidArgumentError("routine must be 0..99 (0: the company)");
  const std::vector<std::pair<const char*, int32_t>> all = {{"receivables", p.receivables},
                                                            {"carried", p.carried},
                                                            {"bank", p.bank},
                                                            {"customer credit", p.customer_credit},
                                                            {"unallocated", p.unallocated},
                                                            {"VAT 25 %", p.vat_25},
                                                            {"VAT 12 %", p.vat_12},
                                                            {"VAT 6 %", p.vat_6},
                                                            {"fee revenue", p.fee_revenue},
                                                            {"rounding", p.rounding},
                                                            {"credit losses", p.credit_losses},
                                                            {"interest revenue", p.interest_revenue},
                                                            {"debit adjustments", p.debit_adjustments}};
  for (const auto& [name, account] : all)
    if (account < limits::kAccountMin || account > limits::kAccountMax)
      return absl::InvalidArgumentError(absl::StrCat("the ", name, " account must be 4 digits (1000-9999)"));
  for (size_t i = 0; i < 5; ++i)
    for (size_t j = 0; j < all.size(); ++j)
      if (i != j && all[i].second == all[j].second)
        return absl::InvalidArgumentError(absl::StrCat("the ", all[i].first, " account ", all[i].second,
                                                       " must not also be the ", all[j].first,
                                                       " account: it is reconciled on its own"));
  return absl::OkStatus();
}

AccountPlan PostingFold::PlanFor(CompanyId c, int32_t routine) const {
  if (override_) return *override_;
  const Company* co = state_.FindCompany(c);
  return co ? co->AccountPlanFor(routine) : AccountPlan{};
}

std::string AccountName(int32_t account) {
  switch (account) {
    case 1510:
      return "Kundfordringar";
    case 1689:
      return "Övriga kortfristiga fordringar";
    case 1930:
      return "Företagskonto/checkkonto/affärskonto";
    case 2420:
      return "Förskott från kunder";
    case 2611:
      return "Utgående moms på försäljning inom Sverige, 25 %";
    case 2621:
      return "Utgående moms på försäljning inom Sverige, 12 %";
    case 2631:
      return "Utgående moms på försäljning inom Sverige, 6 %";
    case 2890:
      return "Övriga kortfristiga skulder";
    case 2893:
      return "Oplacerade inbetalningar";
    case 3001:
      return "Försäljning inom Sverige, 25 % moms";
    case 3002:
      return "Försäljning inom Sverige, 12 % moms";
    case 3003:
      return "Försäljning inom Sverige, 6 % moms";
    case 3004:
      return "Försäljning inom Sverige, momsfri";
    case 3041:
      return "Försäljning tjänster inom Sverige, 25 % moms";
    case 3042:
      return "Försäljning tjänster inom Sverige, 12 % moms";
    case 3043:
      return "Försäljning tjänster inom Sverige, 6 % moms";
    case 3044:
      return "Försäljning tjänster inom Sverige, momsfri";
    case 3590:
      return "Övriga fakturerade kostnader";
    case 3740:
      return "Öres- och kronutjämning";
    case 6351:
      return "Konstaterade förluster på kundfordringar";
    case 8313:
      return "Ränteintäkter från kundfordringar";
    default:
      return absl::StrCat("Konto ", account);
  }
}

Money Verifikation::Sum() const {
  Money s;
  for (const PostingLine& l : lines) s += l.amount;
  return s;
}

std::vector<PostingFold::Part> PostingFold::SplitByLines(const AccountPlan& plan, CompanyId c,
                                                         InvoiceNumber n, Money amount) const {
  auto it = parts_.find(Key(c, n));
  if (it == parts_.end() || it->second.empty()) return {{plan.fee_revenue, amount}};
  Money total;
  for (const Part& p : it->second) total += p.amount;
  std::vector<Part> out;
  if (total.is_zero()) return {{it->second.front().account, amount}};
  // Pro rata, in öre, rounding toward zero; the remainder goes to the largest part.
  Money given;
  size_t largest = 0;
  for (size_t i = 0; i < it->second.size(); ++i) {
    const Part& p = it->second[i];
    const __int128 share = static_cast<__int128>(amount.ore()) * p.amount.ore() / total.ore();
    out.push_back({p.account, Money::FromOre(static_cast<int64_t>(share))});
    given += out.back().amount;
    if (p.amount > it->second[largest].amount) largest = i;
  }
  out[largest].amount += amount - given;
  return out;
}

void PostingFold::PostInvoiceChange(const Event& e, const Invoice& b, const Invoice& a, Verifikation& v) {
  const AccountPlan plan = PlanFor(a.company, a.routine);
  receivables_accounts_.insert({a.company, plan.receivables});
  auto line = [&](int32_t account, Money amount) {
    if (!amount.is_zero()) v.lines.push_back({account, amount, a.number, a.routine});
  };
  // The claim itself.
  line(plan.receivables, a.balance() - b.balance());
  // Invoiced capital: revenue and VAT per line (an issue), or pro rata (anything else).
  if (const Money d = a.capital - b.capital; !d.is_zero()) {
    if (const auto* issued = std::get_if<InvoiceIssued>(&e.body)) {
      std::vector<Part>& parts = parts_[Key(a.company, a.number)];
      for (const InvoiceLine& l : issued->lines) {
        line(l.revenue_account, -l.net);
        line(VatAccount(plan, l.vat_rate_bp), -l.vat);
        parts.push_back({l.revenue_account, l.net});
        parts.push_back({VatAccount(plan, l.vat_rate_bp), l.vat});
      }
      // A total that is not the lines' sum (never from Decide) lands on the first part.
      Money lines_total;
      for (const InvoiceLine& l : issued->lines) lines_total += l.net + l.vat;
      if (lines_total != d)
        line(issued->lines.empty() ? plan.fee_revenue : issued->lines[0].revenue_account, lines_total - d);
    } else {
      for (const Part& p : SplitByLines(plan, a.company, a.number, d)) line(p.account, -p.amount);
    }
  }
  // Credits and annulments take revenue and VAT back pro rata.
  if (const Money d = Removed(a) - Removed(b); !d.is_zero())
    for (const Part& p : SplitByLines(plan, a.company, a.number, d)) line(p.account, p.amount);
  line(plan.fee_revenue, -(a.fees - b.fees) + (a.fees_reversed - b.fees_reversed));
  line(plan.interest_revenue, -(a.interest - b.interest) + (a.interest_reversed - b.interest_reversed));
  line(plan.debit_adjustments, -(a.debit_adjusted - b.debit_adjusted));
  line(plan.credit_losses, (a.written_off - b.written_off) - (a.recovered - b.recovered));
  if (const Money d = a.small_differences - b.small_differences; !d.is_zero()) {
    const auto* s = std::get_if<SmallDifferenceWrittenOff>(&e.body);
    line(s && s->account ? s->account : plan.rounding, d);
  }
  // carried_in / carried_out move between the claim and the customer's carried difference,
  // which is posted from the customer's side.
}

// A migration's events are its command's events after its InvoiceFileImported (one command's
// events share their command id and time).
void PostingFold::TrackOpening(const Event& e) {
  const EventMeta& m = e.meta;
  if (const auto* f = std::get_if<InvoiceFileImported>(&e.body); f != nullptr && f->opening_account != 0)
    opening_ = Opening{m.company, m.command_id, m.recorded_at, f->opening_account, f->balance_date};
  else if (opening_ && (opening_->company != m.company || opening_->command_id != m.command_id ||
                        opening_->recorded_at != m.recorded_at))
    opening_.reset();
}

absl::Status PostingFold::Add(uint64_t position, const Event& e) {
  const CompanyId c = e.meta.company;
  if (const auto* run = std::get_if<PostingRunCompleted>(&e.body)) {
    RETURN_IF_ERROR(Apply(state_, e));
    // The run's bokföringsdatum goes on the company's verifikationer it covers.
    for (auto v = verifikationer_.rbegin(); v != verifikationer_.rend() && v->position >= run->from_position;
         ++v)
      if (v->company == c && v->position <= run->to_position) v->posting_date = run->posting_date;
    return absl::OkStatus();
  }
  TrackOpening(e);
  // Before: the touched invoices and customers, and a reversed payment's amount.
  std::vector<std::pair<InvoiceNumber, Invoice>> invoices;
  absl::btree_set<std::string> customers;
  Money reversed_amount;
  for (const StreamId& s : StreamsOf(e)) {
    if (s.kind == StreamId::Kind::kInvoice) {
      InvoiceNumber n = 0;
      if (!absl::SimpleAtoi(s.key, &n)) continue;
      const Invoice* inv = state_.FindInvoice(c, n);
      invoices.emplace_back(n, inv ? *inv : Invoice{});
      if (inv) customers.insert(inv->customer_number);
    } else if (s.kind == StreamId::Kind::kCustomer) {
      customers.insert(s.key);
    } else if (s.kind == StreamId::Kind::kPayment) {
      auto p = state_.payments.find(CompanyCustomerRef{c, s.key});
      if (p != state_.payments.end()) {
        if (!p->second.overpayment_customer.empty()) customers.insert(p->second.overpayment_customer);
        if (std::holds_alternative<PaymentReversed>(e.body)) reversed_amount = p->second.amount;
      }
    }
  }
  std::vector<std::pair<std::string, std::pair<Money, Money>>> customer_before;
  for (const std::string& k : customers) {
    const Customer* cu = state_.FindCustomer(c, k);
    customer_before.push_back(
        {k, cu ? std::make_pair(cu->credit_balance, cu->carried) : std::make_pair(Money(), Money())});
  }
  RETURN_IF_ERROR(Apply(state_, e));

  // The payment method the entry was made with, if it changes how it is posted; a payment's
  // later events follow the definition the method had when the payment was made.
  std::optional<PaymentMethodDefined> method;
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        std::string code;
        if constexpr (requires { x.method; }) code = x.method;
        const PaymentMethodDefined* found = code.empty() ? nullptr : state_.FindMethod(c, code);
        if (found != nullptr && (!found->posted || found->account != 0)) method = *found;
        if constexpr (requires { x.payment_id; }) {
          if constexpr (std::is_same_v<T, PaymentReceived>) {
            // What had been paid in the old ledger: its later events post against the opening
            // account too, as a fixed kontering does.
            if (opening_ && !method) {
              PaymentMethodDefined migrated;
              migrated.account = opening_->account;
              method = migrated;
            }
            if (method) payment_methods_[{c, x.payment_id}] = *method;
          } else if (code.empty()) {
            auto it = payment_methods_.find(std::make_pair(c, x.payment_id));
            if (it != payment_methods_.end()) method = it->second;
          }
        }
      },
      e.body);
  const AccountPlan plan = PlanFor(c, 0);
  Verifikation v;
  v.position = position;
  v.company = c;
  v.date = opening_ ? opening_->date : e.meta.effective_date;
  v.recorded_at = e.meta.recorded_at;
  v.text = std::string(EventTypeName(e.body));
  for (const auto& [n, before] : invoices) {
    const Invoice* after = state_.FindInvoice(c, n);
    if (after == nullptr) continue;
    Invoice b = before;
    if (b.number == 0) {  // created by this event: compare with an empty claim of the same kind
      b.company = c;
      b.number = n;
      b.routine = after->routine;
    }
    PostInvoiceChange(e, b, *after, v);
    absl::StrAppend(&v.text, " ", FormatInvoiceNumber(n));
  }
  for (const auto& [k, before] : customer_before) {
    const Customer* cu = state_.FindCustomer(c, k);
    if (cu == nullptr) continue;
    if (Money d = cu->credit_balance - before.first; !d.is_zero())
      v.lines.push_back({plan.customer_credit, -d});
    if (Money d = cu->carried - before.second; !d.is_zero()) v.lines.push_back({plan.carried, d});
  }
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, PaymentReceived>) {
          v.lines.push_back({plan.bank, x.amount});
          absl::StrAppend(&v.text, " ", x.payment_id);
        } else if constexpr (std::is_same_v<T, RefundIssued> || std::is_same_v<T, CreditBalanceRefunded>) {
          v.lines.push_back({plan.bank, -x.amount});
        } else if constexpr (std::is_same_v<T, PaymentReversed>) {
          v.lines.push_back({plan.bank, -reversed_amount});
        } else if constexpr (std::is_same_v<T, UnmatchedPaymentResolved>) {
          if (x.resolution == Resolution::kBooked) v.lines.push_back({x.account, -x.amount});
        } else if constexpr (std::is_same_v<T, SmallDifferenceWrittenOff>) {
          if (x.amount.is_negative()) v.lines.push_back({x.account ? x.account : plan.rounding, x.amount});
        }
      },
      e.body);
  // What is left is money that came in and is not yet placed (or leaves that state).
  Money rest;
  for (const PostingLine& l : v.lines) rest += l.amount;
  if (!rest.is_zero()) v.lines.push_back({plan.unallocated, -rest});
  // Fast kontering: the counter lines go to the method's account; the sub-ledger accounts
  // (receivables, förskott, carried, unallocated) keep theirs. A migration's go to its opening
  // account: the old ledger posted its revenue, VAT, charges and payments already.
  const int32_t counter = opening_ ? opening_->account : method ? method->account : 0;
  if (counter != 0) {
    for (PostingLine& l : v.lines) {
      if (IsReceivablesAccount(c, l.account) || l.account == plan.customer_credit ||
          l.account == plan.carried || l.account == plan.unallocated)
        continue;
      l.account = counter;
      l.invoice = 0;
      l.routine = -1;
    }
  }
  // One line per account and invoice.
  std::sort(v.lines.begin(), v.lines.end(), [](const PostingLine& a, const PostingLine& b) {
    return std::tie(a.account, a.invoice) < std::tie(b.account, b.invoice);
  });
  std::vector<PostingLine> merged;
  for (const PostingLine& l : v.lines) {
    if (!merged.empty() && merged.back().account == l.account && merged.back().invoice == l.invoice)
      merged.back().amount += l.amount;
    else
      merged.push_back(l);
  }
  std::erase_if(merged, [](const PostingLine& l) { return l.amount.is_zero(); });
  v.lines = std::move(merged);
  if (v.lines.empty()) return absl::OkStatus();
  if (method && !method->posted) {
    v.unposted_method = method->code;
    unposted_.push_back(std::move(v));
    return absl::OkStatus();
  }
  v.number = ++numbers_[int64_t{c} * 10000 + v.date.year()];
  verifikationer_.push_back(std::move(v));
  return absl::OkStatus();
}

PostingRunCompleted PostingFold::NextRun(CompanyId company, uint64_t head, Date posting_date) const {
  PostingRunCompleted run;
  run.posting_date = posting_date;
  const Company* co = state_.FindCompany(company);
  run.from_position = co && co->LastPostingRun() ? co->LastPostingRun()->to_position + 1 : 1;
  run.to_position = head;
  auto first = std::lower_bound(verifikationer_.begin(), verifikationer_.end(), run.from_position,
                                [](const Verifikation& v, uint64_t p) { return v.position < p; });
  for (auto v = first; v != verifikationer_.end() && v->position <= head; ++v) {
    if (v->company != company) continue;
    ++run.verifikationer;
    for (const PostingLine& l : v->lines)
      if (l.amount.is_positive()) run.debit_total += l.amount;
    auto range = std::find_if(run.ranges.begin(), run.ranges.end(),
                              [&](const PostingRange& r) { return r.year == v->date.year(); });
    if (range == run.ranges.end()) {
      run.ranges.push_back(PostingRange{static_cast<int32_t>(v->date.year()), v->number, v->number});
    } else {
      range->last = v->number;
    }
  }
  std::sort(run.ranges.begin(), run.ranges.end(),
            [](const PostingRange& a, const PostingRange& b) { return a.year < b.year; });
  return run;
}

std::vector<uint64_t> PostingFold::Unbalanced() const {
  std::vector<uint64_t> out;
  for (const Verifikation& v : verifikationer_)
    if (!v.Sum().is_zero()) out.push_back(v.position);
  return out;
}

AccountBalances BalancesOf(const PostingFold& fold, std::optional<Date> on) {
  AccountBalances out;
  for (const Verifikation& v : fold.verifikationer()) {
    if (on && *on < v.date) continue;
    for (const PostingLine& l : v.lines) {
      out.accounts[{v.company, l.account}] += l.amount;
      if (fold.IsReceivablesAccount(v.company, l.account)) {
        out.receivables[{v.company, l.routine, l.account}] += l.amount;
        if (l.invoice) out.by_invoice[Key(v.company, l.invoice)] += l.amount;
      }
    }
  }
  for (const Verifikation& v : fold.unposted()) {
    if (on && *on < v.date) continue;
    for (const PostingLine& l : v.lines) {
      out.unposted_accounts[{v.company, l.account}] += l.amount;
      if (fold.IsReceivablesAccount(v.company, l.account)) {
        out.unposted_receivables[{v.company, l.routine}] += l.amount;
        if (l.invoice) out.unposted_by_invoice[Key(v.company, l.invoice)] += l.amount;
      }
    }
  }
  return out;
}

Reconciliation Reconcile(const LedgerState& state, const AccountBalances& balances, const PostingFold& fold,
                         const std::function<std::optional<Money>(const Invoice&)>& invoice_balance,
                         bool with_sub_ledgers) {
  Reconciliation out;
  // Receivables per company and routine.
  absl::btree_map<std::pair<CompanyId, int32_t>, Money> ledger;
  absl::btree_map<std::pair<CompanyId, int32_t>, std::vector<InvoiceNumber>> off;
  for (const auto& [k, inv] : state.invoices) {
    const std::optional<Money> balance = invoice_balance(inv);
    if (!balance) continue;
    ledger[{inv.company, inv.routine}] += *balance;
    const int64_t key = Key(inv.company, inv.number);
    auto sum = [&balance_key = key](const absl::flat_hash_map<int64_t, Money>& m) {
      auto it = m.find(balance_key);
      return it == m.end() ? Money() : it->second;
    };
    if (sum(balances.by_invoice) + sum(balances.unposted_by_invoice) != *balance)
      off[{inv.company, inv.routine}].push_back(inv.number);
  }
  absl::btree_map<std::pair<CompanyId, int32_t>, Money> posted;
  for (const auto& [k, m] : balances.receivables) posted[{std::get<0>(k), std::get<1>(k)}] += m;
  absl::btree_set<std::pair<CompanyId, int32_t>> keys;
  for (const auto& [k, m] : ledger) keys.insert(k);
  for (const auto& [k, m] : posted) keys.insert(k);
  for (const auto& [k, m] : balances.unposted_receivables) keys.insert(k);
  // The ledger is what was posted plus what its methods keep out of the general ledger.
  auto check = [&](CompanyId company, int32_t routine, const char* what, int32_t account, Money l, Money p,
                   Money u, std::vector<InvoiceNumber> invoices) {
    out.lines.push_back({company, routine, what, account, l, p, u});
    if (l != p + u)
      out.differences.push_back({company, routine, what, account, l, p, u, std::move(invoices)});
  };
  auto unposted_receivables = [&](const std::pair<CompanyId, int32_t>& k) {
    auto it = balances.unposted_receivables.find(k);
    return it == balances.unposted_receivables.end() ? Money() : it->second;
  };
  for (const auto& k : keys)
    check(k.first, k.second, "receivables", fold.PlanFor(k.first, k.second).receivables, ledger[k], posted[k],
          unposted_receivables(k), off[k]);
  if (!with_sub_ledgers) return out;
  absl::btree_map<CompanyId, Money> unmatched, credit, carried;
  absl::btree_set<CompanyId> companies;
  for (const auto& [id, co] : state.companies) companies.insert(id);
  for (const auto& [k, u] : state.unmatched) unmatched[k.company] += u.amount;
  for (const auto& [k, cu] : state.customers) {
    credit[k.company] += cu.credit_balance;
    carried[k.company] += cu.carried;
  }
  auto account = [&](CompanyId c, int32_t a) {
    auto it = balances.accounts.find({c, a});
    return it == balances.accounts.end() ? Money() : it->second;
  };
  auto unposted = [&](CompanyId c, int32_t a) {
    auto it = balances.unposted_accounts.find({c, a});
    return it == balances.unposted_accounts.end() ? Money() : it->second;
  };
  for (CompanyId c : companies) {
    const AccountPlan plan = fold.PlanFor(c, 0);
    check(c, -1, "unallocated", plan.unallocated, unmatched[c], -account(c, plan.unallocated),
          -unposted(c, plan.unallocated), {});
    check(c, -1, "customer_credit", plan.customer_credit, credit[c], -account(c, plan.customer_credit),
          -unposted(c, plan.customer_credit), {});
    check(c, -1, "carried", plan.carried, carried[c], account(c, plan.carried), unposted(c, plan.carried),
          {});
  }
  return out;
}

}  // namespace reskontra
