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
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "domain/events.h"
#include "domain/state.h"

namespace reskontra {

// Kontering. BAS-kontoplanen's accounts for a Swedish receivables ledger.
struct AccountPlan {
  int32_t receivables = 1510;                          // kundfordringar
  int32_t carried = 1519;                              // differenser som överförs till nästa faktura
  int32_t bank = 1930;                                 // bankgiro / företagskonto
  int32_t customer_credit = 2420;                      // förskott och tillgodohavanden från kunder
  int32_t unallocated = 2893;                          // oplacerade inbetalningar (the unmatched queue)
  int32_t vat_25 = 2611, vat_12 = 2621, vat_6 = 2631;  // utgående moms
  int32_t fee_revenue = 3590;                          // påminnelse-, krav-, plan- och fakturaavgifter
  int32_t rounding = 3740;                             // öres- och kronutjämning (small differences)
  int32_t credit_losses = 6351;                        // konstaterade förluster på kundfordringar
  int32_t interest_revenue = 8313;                     // ränteintäkter från kundfordringar
  int32_t debit_adjustments = 2890;                    // the other side of a debit (a wrongly placed payment)
  int32_t VatAccount(int32_t rate_bp) const;
};

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
  Date date;  // the event's effective date (transaktionsdatum)
  absl::Time recorded_at;
  std::string text;                // the event type and its invoice or payment
  std::vector<PostingLine> lines;  // by account, then invoice; no zero lines
  Money Sum() const;
  friend bool operator==(const Verifikation&, const Verifikation&) = default;
};

class PostingFold {
 public:
  explicit PostingFold(AccountPlan plan = {}) : plan_(plan) {}
  // Applies the event (DATA_LOSS if it does not fit, as Apply) and posts what it changed.
  absl::Status Add(uint64_t position, const Event& e);

  const LedgerState& state() const { return state_; }
  const std::vector<Verifikation>& verifikationer() const { return verifikationer_; }
  // Every verifikation balances (Σ lines = 0); false names none: see Unbalanced().
  std::vector<uint64_t> Unbalanced() const;

 private:
  struct Part {
    int32_t account;
    Money amount;
  };
  void PostInvoiceChange(const Event& e, const Invoice& before, const Invoice& after, Verifikation& v);
  std::vector<Part> SplitByLines(CompanyId c, InvoiceNumber n, Money amount) const;

  AccountPlan plan_;
  LedgerState state_;
  // The revenue and VAT parts of every invoice, for taking them back pro rata.
  absl::flat_hash_map<int64_t, std::vector<Part>> parts_;
  std::vector<Verifikation> verifikationer_;
};

// Account balances per company (and per routine for the receivables account) from the
// verifikationer dated on or before `on` (all when nullopt).
struct AccountBalances {
  absl::btree_map<std::pair<CompanyId, int32_t>, Money> accounts;               // (company, account)
  absl::btree_map<std::tuple<CompanyId, int32_t, int32_t>, Money> receivables;  // (company, routine, account)
  absl::flat_hash_map<int64_t, Money> by_invoice;  // company * 1e9 + invoice: receivables lines
};
AccountBalances BalancesOf(const std::vector<Verifikation>& verifikationer, const AccountPlan& plan,
                           std::optional<Date> on);

struct ReconcileDifference {
  CompanyId company = 0;
  int32_t routine = -1;  // receivables checks only
  std::string check;     // "receivables", "unallocated", "customer_credit", "carried"
  int32_t account = 0;
  Money ledger;                         // the sub-ledger's sum (reskontran)
  Money posted;                         // the account's balance (huvudboken)
  std::vector<InvoiceNumber> invoices;  // receivables: the invoices whose lines do not add up
  friend bool operator==(const ReconcileDifference&, const ReconcileDifference&) = default;
};
struct ReconcileLine {
  CompanyId company = 0;
  int32_t routine = -1;
  std::string check;
  int32_t account = 0;
  Money ledger, posted;
};
struct Reconciliation {
  std::vector<ReconcileLine> lines;  // every check made
  std::vector<ReconcileDifference> differences;
  bool ok() const { return differences.empty(); }
};
// The sub-ledgers of `state` against `balances` (made from the same journal records).
// `invoice_balance(invoice)` gives the balance to compare (the live one, or the as-of one).
Reconciliation Reconcile(const LedgerState& state, const AccountBalances& balances, const AccountPlan& plan,
                         const std::function<std::optional<Money>(const Invoice&)>& invoice_balance,
                         bool with_sub_ledgers);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_POSTINGS_H_
