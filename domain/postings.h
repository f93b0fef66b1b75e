// Verifikationer (postings) and avstämning (reconciliation), folded from the journal.
//
// Every event that moves money gets one verifikation: balanced debit (+) / credit (-) lines on
// the company's accounts (BAS defaults in AccountPlan). The lines are derived, not hand-written
// per event type: the fold applies each event with domain::Apply and posts what changed —
//   - each touched invoice's balance change on the receivables account (kundfordringar),
//     and its cause on the counter account: revenue and output VAT from the invoice's lines
//     (credits and annulments take them back pro rata), fees, interest, debits, credit losses,
//     small differences;
//   - customers' credit balances (förskott från kunder) and carried differences;
//   - money in and out of the bank (payments received, refunds, reversed payments), and
//     amounts booked to an account from the unmatched queue;
//   - the rest on the unallocated-payments account, which therefore must equal the unmatched
//     queue: a wrong rule anywhere shows up there and in the reconciliation below.
// An entry made with a payment method (inbetalningssätt) follows the method: one with its own
// account (fast kontering) has its counter lines on that account instead (a payment's bank
// line, a credit's revenue and VAT, a write-off's loss); one marked "bokföres ej" gives no
// verifikation: its lines are kept aside (unposted()), never numbered, handed over or
// exported, and the reconciliation shows them as what the ledger holds that the general
// ledger does not.
//
// Reconcile compares each sub-ledger with its account: Σ invoice balances = receivables per
// company and routine, the unmatched queue = unallocated payments, credit balances = förskott,
// carried differences = their account. A difference lists the invoices that cause it.
#ifndef RESKONTRA_DOMAIN_POSTINGS_H_
#define RESKONTRA_DOMAIN_POSTINGS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "domain/events.h"
#include "domain/state.h"

namespace reskontra {

// Kontering: AccountPlanSet (domain/events.h) holds the BAS defaults; a company sets its own
// (and a routine's) with SetAccountPlan. A routine's plan applies to its invoices' lines; bank,
// unallocated payments, credit balances and carried differences follow the company's plan.
using AccountPlan = AccountPlanSet;
int32_t VatAccount(const AccountPlan& plan, int32_t rate_bp);
// INVALID_ARGUMENT unless every account is 1000..9999 and the five balance accounts
// (receivables, carried, bank, förskott, unallocated) differ from each other and from the rest.
absl::Status ValidateAccountPlan(const AccountPlan& plan);

struct PostingLine {
  int32_t account = 0;
  Money amount;               // debit > 0, credit < 0
  InvoiceNumber invoice = 0;  // the invoice the line comes from, 0 for none
  int32_t routine = -1;       // the invoice's routine, -1 for none
  friend bool operator==(const PostingLine&, const PostingLine&) = default;
};

struct Verifikation {
  uint64_t position = 0;
  CompanyId company = 0;
  int64_t number = 0;  // series "R", per company and year of `date`, in journal order, no gaps
  Date date;           // the event's effective date (transaktionsdatum)
  absl::Time recorded_at;
  std::optional<Date> posting_date;  // bokföringsdatum: the posting run that handed it over
  std::string unposted_method;       // set: made with this method, marked bokföres ej (unposted())
  std::string text;                  // the event type and its invoice or payment
  std::vector<PostingLine> lines;    // by account, then invoice; no zero lines
  Money Sum() const;
  friend bool operator==(const Verifikation&, const Verifikation&) = default;
};

class PostingFold {
 public:
  // `override_plan`: post every company with this plan instead of its own (tests, what-ifs).
  explicit PostingFold(std::optional<AccountPlan> override_plan = std::nullopt) : override_(override_plan) {}
  // Applies the event (DATA_LOSS if it does not fit, as Apply) and posts what it changed.
  absl::Status Add(uint64_t position, const Event& e);

  const LedgerState& state() const { return state_; }
  const std::vector<Verifikation>& verifikationer() const { return verifikationer_; }
  // The entries made with a method marked bokföres ej, as verifikationer without a number.
  const std::vector<Verifikation>& unposted() const { return unposted_; }
  // The posting run `company` would record now: the verifikationer after its last run, up to
  // position `head` (the caller's fold must have reached it). to_position < from_position:
  // nothing to post.
  PostingRunCompleted NextRun(CompanyId company, uint64_t head, Date posting_date) const;
  // The plan the fold posts a company's routine with (routine 0: the company's own).
  AccountPlan PlanFor(CompanyId c, int32_t routine) const;
  // Whether `account` received a company's receivables lines (under any plan in force).
  bool IsReceivablesAccount(CompanyId c, int32_t account) const {
    return receivables_accounts_.contains(std::make_pair(c, account));
  }
  // Every verifikation balances (Σ lines = 0); false names none: see Unbalanced().
  std::vector<uint64_t> Unbalanced() const;

 private:
  struct Part {
    int32_t account;
    Money amount;
  };
  void PostInvoiceChange(const Event& e, const Invoice& before, const Invoice& after, Verifikation& v);
  std::vector<Part> SplitByLines(const AccountPlan& plan, CompanyId c, InvoiceNumber n, Money amount) const;
  void TrackOpening(const Event& e);

  std::optional<AccountPlan> override_;
  absl::btree_set<std::pair<CompanyId, int32_t>> receivables_accounts_;
  LedgerState state_;
  absl::flat_hash_map<int64_t, int64_t> numbers_;  // company * 10000 + year -> last number
  // The revenue and VAT parts of every invoice, for taking them back pro rata.
  absl::flat_hash_map<int64_t, std::vector<Part>> parts_;
  std::vector<Verifikation> verifikationer_;
  std::vector<Verifikation> unposted_;
  // The method of each payment made with one that changes its postings (company, payment id).
  // (A copy: the method's definition when the payment was made, whatever it is changed to later.)
  absl::flat_hash_map<std::pair<CompanyId, std::string>, PaymentMethodDefined> payment_methods_;
  // The migration of open items being read (issue 26): the events of its command post their
  // counter lines to its opening account, dated its balance day (the ingående balans: what
  // happened before is in the old ledger's books), and a payment it brought keeps that account
  // for what later names it (a reversal).
  struct Opening {
    CompanyId company = 0;
    std::string command_id;
    absl::Time recorded_at;
    int32_t account = 0;
    Date date;
  };
  std::optional<Opening> opening_;
};

inline constexpr absl::string_view kVerifikationSeries = "R";
// The BAS name of an account the default plan uses, or "Konto NNNN".
std::string AccountName(int32_t account);

// Account balances per company (and per routine for the receivables account) from the
// verifikationer dated on or before `on` (all when nullopt).
struct AccountBalances {
  absl::btree_map<std::pair<CompanyId, int32_t>, Money> accounts;               // (company, account)
  absl::btree_map<std::tuple<CompanyId, int32_t, int32_t>, Money> receivables;  // (company, routine, account)
  absl::flat_hash_map<int64_t, Money> by_invoice;  // company * 1e9 + invoice: receivables lines
  // The same of the entries not posted (methods marked bokföres ej).
  absl::btree_map<std::pair<CompanyId, int32_t>, Money> unposted_accounts;
  absl::btree_map<std::pair<CompanyId, int32_t>, Money> unposted_receivables;  // (company, routine)
  absl::flat_hash_map<int64_t, Money> unposted_by_invoice;
};
AccountBalances BalancesOf(const PostingFold& fold, std::optional<Date> on);

struct ReconcileDifference {
  CompanyId company = 0;
  int32_t routine = -1;  // receivables checks only
  std::string check;     // "receivables", "unallocated", "customer_credit", "carried"
  int32_t account = 0;
  Money ledger;                         // the sub-ledger's sum (reskontran)
  Money posted;                         // the account's balance (huvudboken)
  Money unposted;                       // of `ledger`: entries with methods marked bokföres ej
  std::vector<InvoiceNumber> invoices;  // receivables: the invoices whose lines do not add up
  friend bool operator==(const ReconcileDifference&, const ReconcileDifference&) = default;
};
struct ReconcileLine {
  CompanyId company = 0;
  int32_t routine = -1;
  std::string check;
  int32_t account = 0;
  Money ledger, posted;
  Money unposted;  // of `ledger`: not posted by method (bokföres ej); ledger = posted + unposted
};
struct Reconciliation {
  std::vector<ReconcileLine> lines;  // every check made
  std::vector<ReconcileDifference> differences;
  bool ok() const { return differences.empty(); }
};
// The sub-ledgers of `state` against `balances` (made from the same journal records).
// `invoice_balance(invoice)` gives the balance to compare (the live one, or the as-of one).
Reconciliation Reconcile(const LedgerState& state, const AccountBalances& balances, const PostingFold& fold,
                         const std::function<std::optional<Money>(const Invoice&)>& invoice_balance,
                         bool with_sub_ledgers);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_POSTINGS_H_
