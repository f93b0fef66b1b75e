// Requests the benchmarks send, alike wherever a benchmark needs "an ordinary invoice".
#ifndef RESKONTRA_BENCH_BENCH_REQUESTS_H_
#define RESKONTRA_BENCH_BENCH_REQUESTS_H_

#include "absl/strings/str_cat.h"
#include "reskontra/v1/ledger.pb.h"

namespace reskontra::bench {

// Invoice i of a company with `customers` customers numbered from 100000: one line of
// 500..1 499 kr, VAT-free home care, invoiced 2026-11-01 and due 2026-12-01. No context.
inline reskontra::v1::IssueInvoiceRequest OrdinaryInvoice(int i, int customers) {
  reskontra::v1::IssueInvoiceRequest r;
  r.set_invoice_number(20000001 + i);
  r.set_customer_number(absl::StrCat(100000 + i % customers));
  r.set_invoice_date("2026-11-01");
  r.set_due_date("2026-12-01");
  auto* l = r.add_lines();
  l->set_description("Hemtjänst november");
  l->set_net_ore((500 + i % 1000) * 100);
  l->set_revenue_account(3012);
  return r;
}

}  // namespace reskontra::bench

#endif  // RESKONTRA_BENCH_BENCH_REQUESTS_H_
