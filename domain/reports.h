// Payment reports (handbook chapter 5): the inbetalningslista, the betalningsbevakning signal
// list and the inbetalningsprognos. Pure: the lists are folded from events in journal order
// (replay/ drives the fold from the journal), the forecast is read from the state.
//
//   PaymentListBuilder list(filter, zone, row_limit);
//   for each record: list.Add(position, event);       // no lock needed
//   PaymentList result = list.Finish(current_state);  // due dates and customers from the state
#ifndef RESKONTRA_DOMAIN_REPORTS_H_
#define RESKONTRA_DOMAIN_REPORTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "domain/events.h"
#include "domain/limits.h"
#include "domain/state.h"

namespace reskontra {

struct DateRange {
  std::optional<Date> from, to;  // inclusive; absent = open
  bool Contains(Date d) const { return (!from || !(d < *from)) && (!to || !(*to < d)); }
  bool Contains(const std::optional<Date>& d) const { return d ? Contains(*d) : (!from && !to); }
};

// Typ av inbetalningar.
enum class EntryKind : uint8_t { kAll = 0, kAutomatic = 1, kManual = 2 };

struct PaymentListFilter {
  CompanyId company_from = 1, company_to = limits::kCompanyIdMax;
  InvoiceNumber invoice_from = 0, invoice_to = limits::kInvoiceNumberMax;
  DateRange entry;        // inrapporteringsdatum: the day the ledger recorded it
  DateRange transaction;  // transaktionsdatum: the payment day
  DateRange posting;      // bokföringsdatum: a file's fetch day; a manual entry's posting run
  DateRange due;          // förfallodag of the invoice
  std::string method;     // only manual entries with this inbetalningssätt
  EntryKind kind = EntryKind::kAll;
  std::optional<PaymentChannel> channel;
};

// One ledger action. `amount` is what it takes off the receivables (or, for money that met
// no invoice, the money): a payment, credit or write-off is positive, a debit or reversal
// negative.
struct PaymentListRow {
  uint64_t position = 0;
  CompanyId company = 0;
  InvoiceNumber invoice_number = 0;  // 0: no invoice (unmatched, credit balance by customer)
  std::string action;                // "payment", "credit", "annulment", ...
  std::string method;                // inbetalningssätt code, "" for none
  PaymentChannel channel = PaymentChannel::kManual;
  bool automatic = false;  // read from a bank file
  Date entry_date;
  Date transaction_date;
  std::optional<Date> posting_date;
  std::optional<Date> due_date;
  Money amount;
  std::string payment_id;
  std::string customer_number;
  std::string payer_name;
  std::string remark;
};

struct PaymentListSubtotal {
  Date transaction_date;
  std::string method;  // "" in a per-date subtotal
  int64_t count = 0;
  Money amount;
};

struct PaymentList {
  std::vector<PaymentListRow> rows;                // transaction date, method, position
  std::vector<PaymentListSubtotal> method_totals;  // per transaction date and method
  std::vector<PaymentListSubtotal> date_totals;    // per transaction date
  int64_t count = 0;
  Money total;
  bool truncated = false;  // more rows matched than the limit (the first in list order are kept);
                           // count, totals and subtotals cover all of them
};

// Betalningsbevakning: a payment hit an invoice that carried a watch text at that moment.
struct WatchSignal {
  uint64_t position = 0;
  CompanyId company = 0;
  InvoiceNumber invoice_number = 0;
  std::string watch_text;
  std::string payment_id;
  Money amount;
  Date transaction_date;
  Date entry_date;
  std::string customer_number;
};

class PaymentListBuilder {
 public:
  PaymentListBuilder(PaymentListFilter filter, absl::TimeZone zone, size_t row_limit);
  // Events in journal order.
  void Add(uint64_t position, const Event& e);
  // `now` gives invoices' due dates (for the due-date filter) and customers. Totals cover
  // every matching row; rows beyond the limit are dropped (truncated).
  PaymentList Finish(const LedgerState& now);
  // The signal list, from the same fold (filtered on company, invoice and the date ranges).
  std::vector<WatchSignal> TakeWatchSignals(const LedgerState& now);

 private:
  void Row(uint64_t position, const Event& e, InvoiceNumber invoice, absl::string_view action, Money amount,
           const std::string& payment_id, std::string method, std::string remark);

  PaymentListFilter filter_;
  absl::TimeZone zone_;
  size_t row_limit_;
  std::vector<PaymentListRow> rows_;
  // The payment being folded (its events follow its PaymentReceived in one command).
  std::string payment_id_, payer_, method_, import_command_;
  PaymentChannel channel_ = PaymentChannel::kManual;
  absl::flat_hash_map<int64_t, std::string> watch_;  // company * 1e9 + invoice -> watch text
  std::vector<WatchSignal> signals_;
  // Uppdatera bokföring: per company, the last position and bokföringsdatum of each posting run
  // folded so far (in order), which give a manual entry its posting date.
  absl::flat_hash_map<CompanyId, std::vector<std::pair<uint64_t, Date>>> posting_runs_;
};

// Inbetalningsprognos: what arrives if open invoices are paid on their due dates.
struct ForecastFilter {
  CompanyId company_from = 1, company_to = limits::kCompanyIdMax;
  int32_t routine_from = 0, routine_to = limits::kRoutineMax;
  DateRange due;
};
struct ForecastRow {
  Date due_date;
  int64_t invoices = 0;
  Money amount;
};
struct Forecast {
  std::vector<ForecastRow> rows;  // by due date
  int64_t invoices = 0;
  Money total;
};
Forecast PaymentForecast(const LedgerState& state, const ForecastFilter& filter);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_REPORTS_H_
