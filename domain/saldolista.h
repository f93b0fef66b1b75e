// The saldolista (handbook 6.4) and kundfordringar with ageing (6.5), on both time axes.
//
// An invoice's balance is split the handbook's way: FAKTURERAT (invoiced capital) + PÅFÖRT
// (fees, interest and debits charged to it) + INBETALT (payments, credits, annulments and
// write-offs, negative) = SALDO.
//
// Both axes come from one fold over the journal (replay/ drives it):
//   - as known at T: fold only the records recorded at or before T; the list is then what a
//     live query printed at T, byte for byte;
//   - as effective on D: fold everything known, but count only the movements whose effective
//     date (transaktionsdatum) is on or before D, and only invoices issued by D (the handbook's
//     "justera bort inbetalningar efter", generalised to every kind of movement).
// The movements are found by applying each event with domain::Apply and comparing the touched
// invoices before and after, so the as-of amounts follow exactly the rules of the live state.
//
//   AsOfFold fold(Date{2026, 6, 30});
//   for each record: RETURN_IF_ERROR(fold.Add(event));
//   Saldolista list = BuildSaldolista(fold.state(), filter, &fold);
#ifndef RESKONTRA_DOMAIN_SALDOLISTA_H_
#define RESKONTRA_DOMAIN_SALDOLISTA_H_

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "domain/events.h"
#include "domain/limits.h"
#include "domain/reports.h"
#include "domain/state.h"

namespace reskontra {

// FAKTURERAT + PÅFÖRT + INBETALT = SALDO; `paid` is negative (it reduces the balance).
struct SaldoAmounts {
  Money invoiced;  // FAKTURERAT
  Money charged;   // PÅFÖRT
  Money paid;      // INBETALT
  Money balance() const { return invoiced + charged + paid; }
  SaldoAmounts& operator+=(const SaldoAmounts& o) {
    invoiced += o.invoiced;
    charged += o.charged;
    paid += o.paid;
    return *this;
  }
  friend bool operator==(const SaldoAmounts&, const SaldoAmounts&) = default;
};

// The split of an invoice's current state; balance() == invoice.balance().
SaldoAmounts SaldoOf(const Invoice& invoice);

// The invoice's amounts on business day `on`: the sum of its moves dated on or before it;
// nullopt if it was created after `on`.
std::optional<SaldoAmounts> SaldoOn(const Invoice& invoice, Date on);

// The fold behind the known-at axis (and the payment-method selection): feed it the records
// in journal order up to the instant; `effective_on` set: amounts on that business day.
class AsOfFold {
 public:
  explicit AsOfFold(std::optional<Date> effective_on = std::nullopt) : effective_on_(effective_on) {}
  // Resumes from a state folded elsewhere (a projection snapshot); the payment-method
  // selection then knows only the methods of the records added after it.
  AsOfFold(std::optional<Date> effective_on, LedgerState start)
      : effective_on_(effective_on), state_(std::move(start)) {}
  // Applies the event to the fold's own state. DATA_LOSS if it does not fit (as Apply).
  absl::Status Add(const Event& e);

  const LedgerState& state() const { return state_; }
  const std::optional<Date>& effective_on() const { return effective_on_; }
  // The invoice's amounts on the fold's axis; nullopt if it was not issued by `effective_on`.
  std::optional<SaldoAmounts> AmountsOf(const Invoice& invoice) const {
    return effective_on_ ? SaldoOn(invoice, *effective_on_) : std::optional<SaldoAmounts>(SaldoOf(invoice));
  }
  // Inbetalningssätt codes of every payment, credit, annulment, debit or write-off that
  // touched the invoice (for "endast fakturor med inbetalningssätt").
  bool UsedMethod(const Invoice& invoice, absl::string_view method) const;

 private:
  static int64_t Key(CompanyId c, InvoiceNumber n) { return CompanyInvoiceOrdinal(c, n); }
  void NoteMethod(CompanyId c, InvoiceNumber n, const std::string& method);

  std::optional<Date> effective_on_;
  LedgerState state_;
  absl::flat_hash_map<int64_t, std::vector<std::string>> methods_;
  absl::flat_hash_map<std::string, std::string> payment_methods_;  // payment id -> method
};

enum class SaldoSort : uint8_t {
  kInvoiceNumber = 0,
  kCustomer = 1,  // person-/organisationsnummer, then customer number
  kName = 2,
  kDueDate = 3,
  kDepartment = 4,  // förvaltning/avdelning (handbook 6.4), then invoice number
  kHandler = 5,     // handläggare, then invoice number
};

struct SaldolistaFilter {
  CompanyId company_from = 1, company_to = limits::kCompanyIdMax;
  int32_t routine_from = 0, routine_to = limits::kRoutineMax;
  InvoiceNumber invoice_from = 0, invoice_to = limits::kInvoiceNumberMax;
  DateRange invoice_date;
  DateRange due_date;
  std::string customer_number;                               // "" = all
  std::string national_id;                                   // person-/organisationsnummer, "" = all
  std::optional<Money> balance_from, balance_to;             // saldobelopp
  uint8_t code_from = 0, code_to = limits::kDunningCodeMax;  // kravkod (0 = none)
  bool only_unpaid = true;                                   // balance != 0 (the handbook's default)
  bool only_reminded = false;                                // a påminnelse was sent
  bool only_collection = false;                              // an inkassokrav was sent
  std::string method;                                        // only invoices touched with this method
  std::string department;                                    // förvaltning/avdelning, any case; "" = all
  std::string handler;                                       // handläggare, any case; "" = all
  SaldoSort sort = SaldoSort::kInvoiceNumber;
};

struct SaldoRow {
  CompanyId company = 0;
  int32_t routine = 0;
  InvoiceNumber invoice_number = 0;
  std::string customer_number;
  std::string national_id;
  std::string name;
  Date invoice_date;
  Date due_date;
  std::optional<Date> slutbetald;
  DunningStep step = DunningStep::kNone;  // the furthest step reached
  std::optional<Date> step_date;
  uint8_t code = 0;  // kravkod
  std::string status;
  SaldoAmounts amounts;
  std::string department, handler;  // the invoice's attributes
  friend bool operator==(const SaldoRow&, const SaldoRow&) = default;
};

struct SaldoTotal {
  CompanyId company = 0;  // 0 in the grand total
  int32_t routine = -1;   // -1 in a company total and the grand total
  int64_t invoices = 0;
  SaldoAmounts amounts;
  friend bool operator==(const SaldoTotal&, const SaldoTotal&) = default;
};

struct Saldolista {
  std::optional<Date> effective_on;        // the as-of day, if any
  std::vector<SaldoRow> rows;              // by company, routine, then the sort order
  size_t rows_selected = 0;                // rows the filter selected (rows holds a window of them)
  size_t first_row = 0;                    // the place of rows[0] among them (a page of the list)
  std::vector<SaldoTotal> routine_totals;  // per company and routine, in row order
  std::vector<SaldoTotal> company_totals;  // per company
  SaldoTotal total;
  friend bool operator==(const Saldolista&, const Saldolista&) = default;
};

// INVALID_ARGUMENT for a reversed range; FAILED_PRECONDITION for a method filter without the
// fold (the methods live in the journal only). `fold` null: the state's own amounts.
absl::StatusOr<Saldolista> BuildSaldolista(const LedgerState& state, const SaldolistaFilter& filter,
                                           const AsOfFold* fold);
// On any state (the live projection, or a fold's) for business day `effective_on` (nullopt:
// as it stands): each claim's moves give its amounts on the day, no journal read. `methods`
// is needed only for the payment-method selection; `archived`: claims read back from the
// archive that the day's list must still show (ReskontraProjection::QueryWithArchive).
// `max_rows` from `first_row`: only that window of the rows in order is written out (a page);
// the totals and rows_selected still cover every selected claim.
absl::StatusOr<Saldolista> BuildSaldolista(const LedgerState& state, const SaldolistaFilter& filter,
                                           std::optional<Date> effective_on,
                                           const AsOfFold* methods = nullptr,
                                           const ArchivedInvoices* archived = nullptr,
                                           size_t max_rows = std::numeric_limits<size_t>::max(),
                                           size_t first_row = 0);

// Kundfordringar: open balances on a day (the fold's effective day, else `on`) by days past
// due on that day.
inline constexpr int kAgeingBuckets = 6;  // not due, 1-30, 31-60, 61-90, 91-180, > 180 days
absl::string_view AgeingBucketName(int bucket);
int AgeingBucket(Date due, Date on);

struct AgedReceivable {
  CompanyId company = 0;
  int32_t routine = -1;         // -1: a company line or the grand total
  std::string customer_number;  // "" unless a customer line
  int64_t invoices = 0;
  std::array<Money, kAgeingBuckets> buckets{};
  Money total;
  friend bool operator==(const AgedReceivable&, const AgedReceivable&) = default;
};
struct AgedReceivables {
  Date on;
  std::vector<AgedReceivable> customers;  // company, routine, customer
  std::vector<AgedReceivable> routines;   // company, routine
  std::vector<AgedReceivable> companies;
  AgedReceivable total;
  friend bool operator==(const AgedReceivables&, const AgedReceivables&) = default;
};
// Takes the company, routine, invoice-number and customer parts of the filter; every invoice
// with a balance other than zero on the day counts (a credit balance in the bucket its due
// date gives).
absl::StatusOr<AgedReceivables> BuildAgedReceivables(const LedgerState& state, const SaldolistaFilter& filter,
                                                     const AsOfFold* fold, Date on);
// Balances on `effective_on` from the claims' moves (nullopt: as they stand, aged on `today`).
absl::StatusOr<AgedReceivables> BuildAgedReceivables(const LedgerState& state, const SaldolistaFilter& filter,
                                                     std::optional<Date> effective_on, Date today,
                                                     const AsOfFold* methods = nullptr,
                                                     const ArchivedInvoices* archived = nullptr);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_SALDOLISTA_H_
