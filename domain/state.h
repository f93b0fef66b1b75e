// LedgerState: the fold of all events (Apply), and what Decide reads. It is pure data;
// projections persist it and services hold one for deciding commands.
#ifndef RESKONTRA_DOMAIN_STATE_H_
#define RESKONTRA_DOMAIN_STATE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/btree_set.h"
#include "absl/status/status.h"
#include "absl/types/compare.h"
#include "base/boxed.h"
#include "domain/date.h"
#include "domain/events.h"
#include "domain/money.h"

namespace reskontra {

// Written to disk (projection rows): never renumber.
enum class InvoiceStatus : uint8_t {
  kOpen = 0,
  kPaid = 1,        // slutbetald by payments
  kCredited = 2,    // brought to zero by a credit
  kAnnulled = 3,    // makulerad
  kWrittenOff = 4,  // brought to zero by a write-off
};
absl::string_view InvoiceStatusName(InvoiceStatus s);

// Kravstatus of one claim: the steps taken with their dates and fees, and what holds it.
struct DunningInfo {
  std::array<std::optional<Date>, kDunningSteps> step_dates;  // by DunningStep
  std::array<Money, kDunningSteps> step_fees;
  std::array<bool, kDunningSteps> fee_charged{};
  std::vector<Date> letters;  // every letter sent (a cleared step's letter stays sent)
  uint8_t code = 0;           // kravkod, 0 = none
  std::optional<Date> code_until;
  std::optional<Date> deferral_until;
  std::string plan_id;  // an amortisation plan covers it
  std::optional<Date> payment_order_date;
  std::string payment_order_id;
  std::optional<Date> collection_date;
  std::string agency;
  // The date the step was taken; nullopt when it was not (or was cleared).
  const std::optional<Date>& date_of(DunningStep s) const { return step_dates[static_cast<int>(s)]; }
  DunningStep reached() const {
    for (int i = kDunningSteps - 1; i > 0; --i)
      if (step_dates[i]) return static_cast<DunningStep>(i);
    return DunningStep::kNone;
  }
  friend bool operator==(const DunningInfo&, const DunningInfo&) = default;
};

// A change of a claim's interest-bearing capital on its effective date: `amount` > 0 lowers
// it (a payment's capital part, a credit, a write-off), < 0 raises it (a debit, a reversal).
// `exempt`: made with a method flagged dröjsmålsfaktureras ej, so the amount bears no interest
// at all (handbook §7 rule 7).
struct CapitalMove {
  Date date;
  Money amount;
  bool exempt = false;
  friend bool operator==(const CapitalMove&, const CapitalMove&) = default;
};

// A change of a claim's saldolista amounts on its effective date (FAKTURERAT, PÅFÖRT, INBETALT;
// see domain/saldolista.h). The first move of a claim is the event that created it, so the
// balance on any business day is the sum of the moves dated on or before it.
struct SaldoMove {
  Date date;
  Money invoiced, charged, paid;
  friend bool operator==(const SaldoMove&, const SaldoMove&) = default;
};

struct Invoice {
  CompanyId company = 0;
  InvoiceNumber number = 0;
  std::string customer_number;
  int32_t routine = 0;
  Date invoice_date;
  Date due_date;
  std::string ocr_reference;
  InvoiceAttributes attributes;   // as issued, or as changed since
  std::optional<Date> einvoiced;  // first made into an e-invoice (DocumentProduced kEInvoice)
  Money capital;                  // invoiced (FAKTURERAT)
  Money fees;                     // fees charged to the claim (PÅFÖRT)
  Money interest;                 // interest charged to the claim (PÅFÖRT)
  Money debit_adjusted;           // debit corrections (PÅFÖRT)
  Money paid_fees;
  Money paid_interest;
  Money paid_capital;
  Money credited;
  Money annulled;
  Money written_off;
  Money small_differences;  // underpayments written off within the company's limit
  Money recovered;          // received after a write-off (not part of the balance)
  Money reminder_fees;      // of `fees`: charged reminder fees (for the P method's limit)
  Money collection_fees;    // of `fees`: charged collection fees (for the K method's limit)
  Money reminder_fees_reversed;
  Money collection_fees_reversed;
  Money fees_reversed;                     // charged fees taken off again (all kinds)
  Money interest_reversed;                 // charged interest taken off again (D)
  Money fees_noted;                        // fees only noted, not charged: not part of the balance
  Money carried_in;                        // differences of earlier payments landed here (signed)
  Money carried_out;                       // an underpayment moved on to the next invoice
  std::string watch_text;                  // betalningsbevakning
  Boxed<DunningInfo> dunning;              // on the heap once a claim has any kravstatus (most never do)
  std::vector<CapitalMove> capital_moves;  // in journal order, for late-payment interest
  std::vector<SaldoMove> moves;            // in journal order, for balances on any business day
  // Dröjsmålsränta: an interest invoice issued from another claim bears no interest itself;
  // a claim is interest-invoiced (or transferred to the next invoice) at most once.
  bool is_interest_invoice = false;
  InvoiceNumber interest_settled_by = 0;  // the interest invoice, or the next invoice
  bool interest_transferred = false;      // settled by a transfer to the next invoice
  Money interest_invoiced;                // the amount invoiced or transferred
  std::optional<Date> interest_invoiced_on;
  Money interest_paid_recorded;  // inbetald upplupen ränta (never charged, paid anyway)
  Money settled_out;             // a negative balance moved to the customer's credit balance
  Money late_compensation;       // förseningsersättning charged or invoiced for this claim
  InvoiceStatus status = InvoiceStatus::kOpen;
  std::optional<Date> slutbetald;  // the effective day the balance last reached zero
  int64_t version = 0;             // events on this invoice's stream
  int64_t notes = 0;
  int64_t pending_approval = 0;  // the company's four-eyes request waiting on this invoice

  Money paid() const { return paid_fees + paid_interest + paid_capital; }
  Money balance() const {
    return capital + fees + interest + debit_adjusted + carried_in - paid() - credited - annulled -
           written_off - small_differences - fees_reversed - interest_reversed - carried_out + settled_out;
  }
  // The interest already accounted for: charged (less what was taken off) and paid as accrued.
  // Charging interest up to a day adds what the accrued interest is beyond this.
  Money interest_accounted() const { return interest - interest_reversed + interest_paid_recorded; }
  // Unpaid parts, for the allocation order.
  Money open_fees() const { return fees - paid_fees - fees_reversed; }
  Money open_interest() const { return interest - paid_interest - interest_reversed; }
  Money recoverable() const { return written_off - recovered; }
  friend bool operator==(const Invoice&, const Invoice&) = default;
};

struct AmortizationPlan {
  AmortizationPlanEstablished plan;
  Date established;
  bool active = true;
  PlanEnd end = PlanEnd::kCompleted;
  std::optional<Date> ended;
  friend bool operator==(const AmortizationPlan&, const AmortizationPlan&) = default;
};

struct Customer {
  CompanyId company = 0;
  std::string number;
  CustomerDetails details;
  Money credit_balance;  // overpayments held for the customer (tillgodohavande)
  Money carried;         // differences waiting for the next invoice: > 0 owed, < 0 to the customer
  int64_t carried_applications = 0;  // how often a carried difference landed on an invoice
  // The customer's claims in the ledger (not archived), by number. Derived: rows keep it on
  // the invoices, not here, so that a new claim does not rewrite a list of all the others.
  std::vector<InvoiceNumber> invoices;
  std::vector<AmortizationPlan> plans;
  int64_t version = 0;
  int64_t notes = 0;
  const AmortizationPlan* FindPlan(absl::string_view id) const {
    for (const AmortizationPlan& p : plans)
      if (p.plan.plan_id == id) return &p;
    return nullptr;
  }
  // Adds a claim to `invoices` in its place (most often the end); no duplicate.
  void AddInvoice(InvoiceNumber n);
  friend bool operator==(const Customer&, const Customer&) = default;
};

// A four-eyes request and what became of it (ApprovalRequested, ApprovalDecided).
struct Approval {
  ApprovalRequested request;
  std::string requested_by;
  absl::Time requested_at;
  std::optional<ApprovalDecided> decision;  // none: pending
  std::string decided_by;
  absl::Time decided_at;
  friend bool operator==(const Approval&, const Approval&) = default;
};

struct Company {
  CompanyId id = 0;
  std::string name;
  std::string org_number;
  std::optional<PaymentSettingsSet> payment_settings;
  std::optional<CompanyDetailsSet> details;  // address, VAT number, F-skatt, Peppol id
  absl::btree_map<std::string, PaymentMethodDefined> payment_methods;  // by code
  absl::btree_map<int32_t, DunningPolicySet> dunning_policies;         // by routine, 0 = default
  absl::btree_map<uint8_t, DunningCodeDefined> dunning_codes;          // kravkoder
  // Text registers, by (kind, text number).
  absl::btree_map<std::pair<LetterTextKind, int32_t>, LetterTextSet> letter_texts;
  const LetterTextSet* LetterText(LetterTextKind kind, int32_t number) const {
    auto it = letter_texts.find({kind, number});
    return it == letter_texts.end() ? nullptr : &it->second;
  }
  std::optional<InterestPolicySet> interest_policy;  // none: the defaults
  std::vector<DunningRunCompleted> dunning_runs;
  // The routine's dunning policy, else the company default, else nullptr.
  const DunningPolicySet* DunningPolicyFor(int32_t routine) const {
    auto it = dunning_policies.find(routine);
    if (it == dunning_policies.end()) it = dunning_policies.find(0);
    return it == dunning_policies.end() ? nullptr : &it->second;
  }
  std::vector<PeriodClosed> closes;                        // periodstängningar, ascending
  absl::btree_map<int32_t, AccountPlanSet> account_plans;  // by routine (0: the company's)
  // The plan in force for a routine: its own, else the company's, else the BAS defaults.
  AccountPlanSet AccountPlanFor(int32_t routine) const {
    auto it = account_plans.find(routine);
    if (it == account_plans.end()) it = account_plans.find(0);
    AccountPlanSet plan = it == account_plans.end() ? AccountPlanSet{} : it->second;
    plan.routine = routine;
    return plan;
  }
  const PeriodClosed* LastClose() const { return closes.empty() ? nullptr : &closes.back(); }
  // Rensning: the latest `paid_before` of the company's archivings (claims archived by one
  // with a later date may belong on an as-of list of a day before it) and how many claims
  // left the active set.
  std::optional<Date> archived_before;
  int64_t archived = 0;
  std::vector<PostingRunCompleted> posting_runs;  // uppdatera bokföring, in order
  const PostingRunCompleted* LastPostingRun() const {
    return posting_runs.empty() ? nullptr : &posting_runs.back();
  }
  std::optional<ApprovalPolicySet> approval_policy;  // none: nothing needs approval
  absl::btree_map<int64_t, Approval> approvals;      // by request id, 1, 2, ...
  int64_t version = 0;
  friend bool operator==(const Company&, const Company&) = default;
};

// A bank or invoice file already imported, for duplicate detection.
struct ImportedFile {
  CompanyId company = 0;
  std::string fingerprint;
  std::string bankgiro;
  std::vector<ImportedDeposit> deposits;
  std::vector<std::string> payment_keys;  // PaymentFileImported::payment_keys
  // An invoice file: its invoices' ids in the billing system ("" none) and their numbers.
  std::vector<std::string> source_ids;
  std::vector<InvoiceNumber> numbers;
  friend bool operator==(const ImportedFile&, const ImportedFile&) = default;
};

// A payment in the unmatched queue.
struct UnmatchedPayment {
  CompanyId company = 0;
  std::string payment_id;
  Money amount;
  std::string reference;
  std::string payer_name;
  std::string reason;
  Date date;  // transaktionsdatum
  friend bool operator==(const UnmatchedPayment&, const UnmatchedPayment&) = default;
};

// What one payment did, so that it can be reversed (the payment index).
struct PaymentRecord {
  CompanyId company = 0;
  std::string payment_id;
  Money amount;
  Date date;
  std::vector<ReversedPart> parts;   // per invoice: allocated, small difference, recovered
  std::string overpayment_customer;  // whose credit balance / carried difference it fed
  Money overpayment;
  Money carried_overpayment;  // an overpayment waiting for the next invoice
  int64_t carried_epoch = 0;  // the customer's carried_applications when this payment carried
  bool reversed = false;
  bool no_interest = false;  // made with a method flagged dröjsmålsfaktureras ej
  friend bool operator==(const PaymentRecord&, const PaymentRecord&) = default;
};

struct CompanyCustomerKey {
  CompanyId company;
  std::string number;
  friend auto operator<=>(const CompanyCustomerKey&, const CompanyCustomerKey&) = default;
};
// A lookup key that borrows the number, so that a lookup copies no string.
struct CompanyCustomerRef {
  CompanyId company;
  absl::string_view number;
};
// The order of CompanyCustomerKey, for keys and refs alike (three-way, as Abseil's btree
// prefers).
struct CompanyCustomerOrder {
  using is_transparent = void;
  template <typename A, typename B>
  absl::weak_ordering operator()(const A& a, const B& b) const {
    if (a.company != b.company)
      return a.company < b.company ? absl::weak_ordering::less : absl::weak_ordering::greater;
    const int r = absl::string_view(a.number).compare(absl::string_view(b.number));
    return r < 0   ? absl::weak_ordering::less
           : r > 0 ? absl::weak_ordering::greater
                   : absl::weak_ordering::equivalent;
  }
};
template <typename V>
using CustomerMap = absl::btree_map<CompanyCustomerKey, V, CompanyCustomerOrder>;
struct CompanyInvoiceKey {
  CompanyId company;
  InvoiceNumber number;
  friend auto operator<=>(const CompanyInvoiceKey&, const CompanyInvoiceKey&) = default;
};

// A customer's claims in sum, kept by Apply and by reading rows back, so that an answer about
// a customer need not visit every claim of a large one.
struct CustomerTotals {
  Money debt;                 // the sum of the balances
  int64_t open_invoices = 0;  // claims with a balance other than zero
  friend bool operator==(const CustomerTotals&, const CustomerTotals&) = default;
};

struct LedgerState {
  absl::btree_map<CompanyId, Company> companies;
  CustomerMap<Customer> customers;
  absl::btree_map<CompanyInvoiceKey, Invoice> invoices;
  absl::btree_map<std::pair<CompanyId, std::string>, ImportedFile> imported_files;  // by fingerprint
  CustomerMap<UnmatchedPayment> unmatched;                                          // by payment id
  CustomerMap<PaymentRecord> payments;                                              // by payment id
  absl::btree_map<Date, ReferenceRateSet> reference_rates;  // referensränta, all companies
  // Claims archived (rensade) -> the archiving's paid_before. Their rows live in the
  // archive (projections/), not here; the number and OCR reference stay taken.
  absl::btree_map<CompanyInvoiceKey, Date> archived;
  // Derived indexes (rebuilt from the rows above on load):
  absl::btree_map<std::pair<CompanyId, std::string>, InvoiceNumber> ocr_index;
  // (company, bankgiro, payment date, deposit serial) of every imported deposit.
  absl::btree_set<std::tuple<CompanyId, std::string, int32_t, int32_t>> imported_deposits;
  // (company, payment key) -> how many imported payments had it (domain/payment_import.h).
  absl::btree_map<std::pair<CompanyId, std::string>, int32_t> imported_payments;
  // (company, routine, the billing system's id) -> the invoice an invoice file issued for it: a
  // billing system's invoice is issued once, whatever file brings it again.
  absl::btree_map<std::tuple<CompanyId, int32_t, std::string>, InvoiceNumber> invoice_sources;
  // Per customer, of the claims in `invoices`; only totals other than zero are kept.
  CustomerMap<CustomerTotals> customer_totals;

  const Company* FindCompany(CompanyId c) const;
  const Customer* FindCustomer(CompanyId c, absl::string_view number) const;
  const Invoice* FindInvoice(CompanyId c, InvoiceNumber n) const;
  // Why an invoice is not found, for Decide: FAILED_PRECONDITION if it was archived, else
  // NOT_FOUND.
  absl::Status InvoiceNotFound(CompanyId c, InvoiceNumber n) const;
  // The customer's total debt: the sum of its invoices' balances (from the claims themselves).
  Money CustomerDebt(const Customer& c) const;
  // From customer_totals.
  CustomerTotals TotalsOf(CompanyId c, absl::string_view customer_number) const;
  // Counts a claim's balance into its customer's totals (sign +1) or out of them (-1).
  void CountInTotals(const Invoice& inv, int sign);
  // Adds to a customer's totals; an entry that comes to zero is removed.
  void AddToTotals(CompanyId c, absl::string_view customer_number, Money debt, int64_t open_invoices);
  const Invoice* FindInvoiceByOcr(CompanyId c, absl::string_view ocr) const;
  const PaymentMethodDefined* FindMethod(CompanyId c, absl::string_view code) const;
  // Adds an imported file and its deposits to the indexes.
  void AddImportedFile(ImportedFile file);
  friend bool operator==(const LedgerState&, const LedgerState&) = default;
};

// customer_totals computed afresh from the claims: what Apply must keep it equal to (tests).
CustomerMap<CustomerTotals> CustomerTotalsFromClaims(const LedgerState& state);

// Archived claims read back from the archive (projections/), for as-of lists.
using ArchivedInvoices = absl::btree_map<CompanyInvoiceKey, Invoice>;

// Folds one event into the state. An event that does not fit the state (unknown invoice,
// a balance below zero) is journal corruption: DATA_LOSS, and the state is left unchanged.
absl::Status Apply(LedgerState& state, const Event& event);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_STATE_H_
