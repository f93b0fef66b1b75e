#include "domain/reports.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "base/overloaded.h"
#include "domain/limits.h"

namespace reskontra {

namespace {
Date DayIn(absl::Time t, absl::TimeZone zone) { return absl::ToCivilDay(t, zone); }
int64_t WatchKey(CompanyId c, InvoiceNumber n) { return CompanyInvoiceOrdinal(c, n); }
}  // namespace

PaymentListBuilder::PaymentListBuilder(PaymentListFilter filter, absl::TimeZone zone, size_t row_limit)
    : filter_(std::move(filter)), zone_(zone), row_limit_(row_limit) {}

void PaymentListBuilder::Row(uint64_t position, const Event& e, InvoiceNumber invoice,
                             absl::string_view action, Money amount, const std::string& payment_id,
                             std::string method, std::string remark) {
  const CompanyId c = e.meta.company;
  if (c < filter_.company_from || c > filter_.company_to) return;
  if (invoice != 0 && (invoice < filter_.invoice_from || invoice > filter_.invoice_to)) return;
  if (invoice == 0 && (filter_.invoice_from > 0 || filter_.invoice_to < limits::kInvoiceNumberMax)) return;
  const bool automatic = !import_command_.empty() && e.meta.command_id == import_command_;
  const bool of_payment = !payment_id.empty() && payment_id == payment_id_;
  PaymentListRow row;
  row.position = position;
  row.company = c;
  row.invoice_number = invoice;
  row.action = std::string(action);
  row.method = std::move(method);
  row.channel = of_payment ? channel_ : PaymentChannel::kManual;
  row.automatic = automatic;
  row.entry_date = DayIn(e.meta.recorded_at, zone_);
  row.transaction_date = e.meta.effective_date;
  if (automatic) row.posting_date = row.entry_date;  // machine records: the fetch day
  row.amount = amount;
  row.payment_id = payment_id;
  row.payer_name = of_payment ? payer_ : "";
  row.remark = std::move(remark);
  if (filter_.kind == EntryKind::kAutomatic && !automatic) return;
  if (filter_.kind == EntryKind::kManual && automatic) return;
  if (!filter_.method.empty() && (automatic || row.method != filter_.method)) return;
  if (filter_.channel && row.channel != *filter_.channel) return;
  // The posting date of a manual entry comes with a later posting run: filtered in Finish.
  if (!filter_.entry.Contains(row.entry_date) || !filter_.transaction.Contains(row.transaction_date)) return;
  rows_.push_back(std::move(row));
}

void PaymentListBuilder::Add(uint64_t position, const Event& e) {
  const CompanyId c = e.meta.company;
  auto watch_hit = [&](InvoiceNumber n, const std::string& payment_id, Money amount) {
    auto it = watch_.find(WatchKey(c, n));
    if (it == watch_.end()) return;
    if (c < filter_.company_from || c > filter_.company_to || n < filter_.invoice_from ||
        n > filter_.invoice_to)
      return;
    const Date entry = DayIn(e.meta.recorded_at, zone_);
    if (!filter_.entry.Contains(entry) || !filter_.transaction.Contains(e.meta.effective_date)) return;
    signals_.push_back(
        WatchSignal{position, c, n, it->second, payment_id, amount, e.meta.effective_date, entry, ""});
  };
  std::visit(
      Overloaded{
          [&](const PaymentFileImported&) { import_command_ = e.meta.command_id; },
          [&](const PaymentReceived& v) {
            payment_id_ = v.payment_id;
            payer_ = v.payer_name;
            method_ = v.method;
            channel_ = v.channel;
            if (v.amount.is_zero()) {
              Row(position, e, v.intended_invoice, "0-kronor transaction", Money(), v.payment_id, method_,
                  v.reference);
            }
          },
          [&](const PaymentAllocated& v) {
            const bool manual_resolution = v.payment_id != payment_id_;
            Row(position, e, v.invoice_number,
                manual_resolution ? "payment (from the unmatched queue)" : "payment",
                v.fees + v.interest + v.capital, v.payment_id, manual_resolution ? "" : method_, "");
            watch_hit(v.invoice_number, v.payment_id, v.fees + v.interest + v.capital);
          },
          [&](const OverpaymentRecorded& v) {
            Row(position, e, v.invoice_number, "overpayment to credit balance", v.amount, v.payment_id,
                method_, "");
          },
          [&](const SmallDifferenceWrittenOff& v) {
            Row(position, e, v.invoice_number,
                v.amount.is_positive() ? "underpayment written off" : "overpayment kept as income",
                v.amount.is_positive() ? v.amount : -v.amount, v.payment_id, "",
                absl::StrCat("account ", v.account));
          },
          [&](const PaymentDifferenceCarried& v) {
            Row(position, e, v.invoice_number,
                v.amount.is_positive() ? "underpayment carried to next invoice"
                                       : "overpayment carried to next invoice",
                v.amount.is_positive() ? v.amount : -v.amount, v.payment_id, "", "");
          },
          [&](const CarriedDifferenceApplied& v) {
            Row(position, e, v.invoice_number, "carried difference applied", -v.amount, "", "", "");
          },
          [&](const WriteOffRecovered& v) {
            Row(position, e, v.invoice_number, "recovery after write-off", v.amount, v.payment_id, method_,
                "");
            watch_hit(v.invoice_number, v.payment_id, v.amount);
          },
          [&](const PaymentUnmatched& v) {
            Row(position, e, 0, "unmatched", v.amount, v.payment_id, method_, v.reason);
          },
          [&](const UnmatchedPaymentResolved& v) {
            if (v.resolution == Resolution::kBooked) {
              Row(position, e, 0, absl::StrCat("booked to account ", v.account), Money(), v.payment_id, "",
                  v.text);
            } else if (v.resolution == Resolution::kRefunded) {
              Row(position, e, 0, "refunded", -v.amount, v.payment_id, "", v.text);
            }
          },
          [&](const CreditBalanceApplied& v) {
            Row(position, e, v.invoice_number, "credit balance applied", v.fees + v.interest + v.capital, "",
                "", "");
            watch_hit(v.invoice_number, "", v.fees + v.interest + v.capital);
          },
          [&](const CreditBalanceRefunded& v) {
            Row(position, e, 0, "credit balance refunded", -v.amount, "", "", v.recipient);
          },
          [&](const NegativeInvoiceSettled& v) {
            Row(position, e, v.invoice_number, "negative invoice to credit balance", -v.amount, "", "", "");
          },
          [&](const InvoiceCredited& v) {
            Row(position, e, v.invoice_number, "credit", v.amount, "", v.method, v.remark);
          },
          [&](const InvoiceAnnulled& v) {
            Row(position, e, v.invoice_number, "annulment", v.amount, "", v.method, v.remark);
          },
          [&](const WrittenOff& v) {
            Row(position, e, v.invoice_number, "write-off", v.amount, "", v.method, v.remark);
          },
          [&](const DebitAdjusted& v) {
            Row(position, e, v.invoice_number, "debit", -v.amount, "", v.method, v.remark);
          },
          [&](const FeeReversed& v) {
            Row(position, e, v.invoice_number, absl::StrCat(ChargeKindName(v.kind), " reversed"), v.amount,
                "", v.method, v.remark);
          },
          [&](const PaymentReversed& v) {
            for (const ReversedPart& p : v.parts) {
              Row(position, e, p.invoice_number, "payment reversed",
                  -(p.fees + p.interest + p.capital + p.small_difference + p.recovered + p.carried),
                  v.payment_id, "", v.remark);
            }
            if (!(v.overpayment + v.carried_overpayment).is_zero()) {
              Row(position, e, 0, "credit balance reversed", -(v.overpayment + v.carried_overpayment),
                  v.payment_id, "", v.remark);
            }
            if (!v.unmatched.is_zero()) {
              Row(position, e, 0, "unmatched payment reversed", -v.unmatched, v.payment_id, "", v.remark);
            }
          },
          [&](const PostingRunCompleted& v) { posting_runs_[c].emplace_back(v.to_position, v.posting_date); },
          [&](const WatchTextSet& v) {
            if (v.text.empty()) {
              watch_.erase(WatchKey(c, v.invoice_number));
            } else {
              watch_[WatchKey(c, v.invoice_number)] = v.text;
            }
          },
          [&](const auto&) {},
      },
      e.body);
}

std::vector<WatchSignal> PaymentListBuilder::TakeWatchSignals(const LedgerState& now) {
  for (WatchSignal& s : signals_) {
    if (const Invoice* inv = now.FindInvoice(s.company, s.invoice_number))
      s.customer_number = inv->customer_number;
  }
  return std::move(signals_);
}

PaymentList PaymentListBuilder::Finish(const LedgerState& now) {
  PaymentList out;
  std::vector<PaymentListRow> rows;
  rows.reserve(rows_.size());
  for (PaymentListRow& row : rows_) {
    if (const Invoice* inv =
            row.invoice_number ? now.FindInvoice(row.company, row.invoice_number) : nullptr) {
      row.due_date = inv->due_date;
      row.customer_number = inv->customer_number;
    }
    if (!row.posting_date) {
      // Handed to the general ledger by the first run of its company that reached its position.
      auto runs = posting_runs_.find(row.company);
      if (runs != posting_runs_.end()) {
        auto run =
            std::lower_bound(runs->second.begin(), runs->second.end(), row.position,
                             [](const std::pair<uint64_t, Date>& r, uint64_t p) { return r.first < p; });
        if (run != runs->second.end()) row.posting_date = run->second;
      }
    }
    if (!filter_.due.Contains(row.due_date) || !filter_.posting.Contains(row.posting_date)) continue;
    rows.push_back(std::move(row));
  }
  rows_.clear();
  std::sort(rows.begin(), rows.end(), [](const PaymentListRow& a, const PaymentListRow& b) {
    return std::tie(a.transaction_date, a.method, a.position) <
           std::tie(b.transaction_date, b.method, b.position);
  });
  // Totals and subtotals over every matching row; the rows themselves up to the limit.
  std::map<std::pair<Date, std::string>, PaymentListSubtotal> by_method;
  std::map<Date, PaymentListSubtotal> by_date;
  for (const PaymentListRow& r : rows) {
    ++out.count;
    out.total += r.amount;
    PaymentListSubtotal& m = by_method[{r.transaction_date, r.method}];
    m.transaction_date = r.transaction_date;
    m.method = r.method;
    ++m.count;
    m.amount += r.amount;
    PaymentListSubtotal& d = by_date[r.transaction_date];
    d.transaction_date = r.transaction_date;
    ++d.count;
    d.amount += r.amount;
  }
  for (auto& [k, v] : by_method) out.method_totals.push_back(std::move(v));
  for (auto& [k, v] : by_date) out.date_totals.push_back(std::move(v));
  if (rows.size() > row_limit_) {
    rows.resize(row_limit_);
    out.truncated = true;
  }
  out.rows = std::move(rows);
  return out;
}

Forecast PaymentForecast(const LedgerState& state, const ForecastFilter& filter) {
  std::map<Date, ForecastRow> by_due;
  for (auto it = state.invoices.lower_bound(CompanyInvoiceKey{filter.company_from, 0});
       it != state.invoices.end() && it->first.company <= filter.company_to; ++it) {
    const Invoice& inv = it->second;
    if (inv.status == InvoiceStatus::kAnnulled || !inv.balance().is_positive()) continue;
    if (inv.routine < filter.routine_from || inv.routine > filter.routine_to ||
        !filter.due.Contains(inv.due_date))
      continue;
    ForecastRow& row = by_due[inv.due_date];
    row.due_date = inv.due_date;
    ++row.invoices;
    row.amount += inv.balance();
  }
  Forecast out;
  for (auto& [due, row] : by_due) {
    out.invoices += row.invoices;
    out.total += row.amount;
    out.rows.push_back(row);
  }
  return out;
}

}  // namespace reskontra
