// Dunning run throughput. Part 1, the rules alone: a ledger of N open, overdue invoices
// (default 1 000 000) folded in memory, then the kontrollista, the decision of the real run
// (a letter and a fee per claim) and the fold of its events. Part 2, the durable path: M
// invoices (default 100 000) issued through LedgerCore by 64 clients, then one RunDunning
// command exactly as the gRPC handler runs it (decide, one fsynced journal write, projection).
//
//   build/bench/dunning_bench                                   # 1 000 000 + 100 000
//   build/bench/dunning_bench --invoices=20000 --core_invoices=2000   # the ctest smoke run
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "domain/dunning.h"
#include "domain/interest.h"
#include "services/demo.h"
#include "services/ledger_service.h"

namespace reskontra {
namespace {

DunningPolicySet BenchPolicy() {
  DunningPolicySet p = DefaultDunningPolicy();
  p.fees_agreed = true;
  return p;
}

Event At(Date d, EventBody body) {
  return Event{EventMeta{absl::Now(), d, 1, "bench", "bench"}, std::move(body)};
}

int RulesAlone(int invoices) {
  LedgerState s;
  const Date issued(2026, 9, 1), due(2026, 9, 30), run_date(2026, 10, 20);
  auto apply = [&](Date d, EventBody body) {
    absl::Status st = Apply(s, At(d, std::move(body)));
    if (!st.ok()) {
      std::fprintf(stderr, "%s\n", st.ToString().c_str());
      std::exit(1);
    }
  };
  const absl::Time t0 = absl::Now();
  apply(issued, CompanyRegistered{"Benchkommun", ""});
  for (const ReferenceRateSet& r : PublishedReferenceRates()) apply(issued, r);  // letters print interest
  apply(issued, BenchPolicy());
  const int customers = std::max(1, invoices / 10);
  for (int c = 0; c < customers; ++c) {
    CustomerDetails d;
    d.name = absl::StrCat("Kund ", c);
    apply(issued, CustomerRegistered{absl::StrCat(100000 + c), d});
  }
  for (int i = 0; i < invoices; ++i) {
    InvoiceIssued inv;
    inv.invoice_number = 10000000 + i;
    inv.customer_number = absl::StrCat(100000 + i % customers);
    inv.routine = 1;
    inv.invoice_date = issued;
    inv.due_date = due;
    inv.ocr_reference = absl::StrCat(inv.invoice_number);
    inv.total = Money::FromOre(50000 + (i % 1000) * 100);
    inv.lines.push_back(InvoiceLine{"Avgift", inv.total, 0, Money(), 3010});
    apply(issued, std::move(inv));
  }
  const double build_s = absl::ToDoubleSeconds(absl::Now() - t0);

  const RunDunning run{run_date, {}};
  const absl::Time t1 = absl::Now();
  absl::StatusOr<DunningPreview> preview = PreviewDunningRun(s, 1, run, run_date);
  const double preview_s = absl::ToDoubleSeconds(absl::Now() - t1);
  if (!preview.ok()) {
    std::fprintf(stderr, "%s\n", preview.status().ToString().c_str());
    return 1;
  }
  const absl::Time t2 = absl::Now();
  absl::StatusOr<std::vector<Event>> events =
      Decide(s, Command{CommandMeta{"bench-dunning-run", "bench", 1, std::nullopt}, run},
             DecideContext{absl::Now(), run_date});
  const double decide_s = absl::ToDoubleSeconds(absl::Now() - t2);
  if (!events.ok()) {
    std::fprintf(stderr, "%s\n", events.status().ToString().c_str());
    return 1;
  }
  const absl::Time t3 = absl::Now();
  for (const Event& e : *events) {
    if (!Apply(s, e).ok()) return 1;
  }
  const double apply_s = absl::ToDoubleSeconds(absl::Now() - t3);
  std::printf("rules alone: %d open overdue invoices (built in %.2f s)\n", invoices, build_s);
  std::printf("  kontrollista           %10zu letters in %7.3f s  (%9.0f claims/s)\n",
              preview->letters.size(), preview_s, invoices / preview_s);
  std::printf("  run decided            %10zu events  in %7.3f s  (%9.0f claims/s)\n", events->size(),
              decide_s, invoices / decide_s);
  std::printf("  run folded             %10zu events  in %7.3f s\n", events->size(), apply_s);
  return 0;
}

int Durable(int invoices) {
  const std::string dir =
      (std::filesystem::temp_directory_path() / absl::StrCat("reskontra-dunning-bench-", getpid())).string();
  std::filesystem::remove_all(dir);
  // The clock sits after the due dates so that every claim is overdue.
  SystemClock clock;
  auto core = LedgerCore::Open({.data_dir = dir, .clock = &clock, .time_zone = absl::UTCTimeZone()});
  if (!core.ok()) {
    std::fprintf(stderr, "%s\n", core.status().ToString().c_str());
    return 1;
  }
  auto exec = [&](auto request, const std::string& id) {
    request.mutable_ctx()->set_command_id(id);
    request.mutable_ctx()->set_actor("bench");
    request.mutable_ctx()->set_company(1);
    absl::StatusOr<AppendResult> r = ExecuteRequest(**core, request);
    if (!r.ok()) {
      std::fprintf(stderr, "%s: %s\n", id.c_str(), r.status().ToString().c_str());
      std::exit(1);
    }
    return *r;
  };
  if (absl::Status st = PreloadReferenceRates(**core); !st.ok()) {
    std::fprintf(stderr, "%s\n", st.ToString().c_str());
    return 1;
  }
  pb::RegisterCompanyRequest company;
  company.set_name("Benchkommun");
  exec(company, "bench-company");
  pb::SetDunningPolicyRequest policy;
  policy.mutable_policy()->mutable_reminder1()->set_days(10);
  policy.mutable_policy()->mutable_reminder1()->set_fee_kronor(60);
  policy.mutable_policy()->mutable_reminder1()->set_charged(true);
  policy.mutable_policy()->mutable_demand()->set_days(14);
  policy.mutable_policy()->mutable_demand()->set_fee_kronor(180);
  policy.mutable_policy()->set_demand_base(1);
  policy.mutable_policy()->set_fees_agreed(true);
  policy.mutable_policy()->set_max_letters_per_month(2);
  policy.mutable_policy()->set_plan_approval_months(12);
  exec(policy, "bench-policy");
  constexpr int kCustomers = 1000;
  for (int c = 0; c < kCustomers; ++c) {
    pb::RegisterCustomerRequest r;
    r.set_customer_number(absl::StrCat(100000 + c));
    r.mutable_details()->set_name(absl::StrCat("Kund ", c));
    r.mutable_details()->set_national_id("8112289874");
    exec(r, absl::StrCat("bench-customer-", c));
  }
  std::atomic<int> next{0};
  const absl::Time t0 = absl::Now();
  std::vector<std::thread> threads;
  for (int t = 0; t < 64; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < invoices; i = next++) {
        pb::IssueInvoiceRequest r;
        r.set_invoice_number(20000000 + i);
        r.set_customer_number(absl::StrCat(100000 + i % kCustomers));
        r.set_invoice_date("2026-09-01");
        r.set_due_date("2026-09-30");
        auto* l = r.add_lines();
        l->set_description("Hemtjänst");
        l->set_net_ore(50000 + (i % 1000) * 100);
        l->set_vat_rate_bp(0);
        l->set_revenue_account(3012);
        exec(r, absl::StrCat("bench-invoice-", i));
      }
    });
  }
  for (auto& t : threads) t.join();
  const double issue_s = absl::ToDoubleSeconds(absl::Now() - t0);
  pb::RunDunningRequest run;
  run.set_run_date(FormatDate((*core)->Today()));
  const absl::Time t1 = absl::Now();
  AppendResult result = exec(run, "bench-run");
  const double run_s = absl::ToDoubleSeconds(absl::Now() - t1);
  std::printf("durable: %d invoices issued in %.2f s (64 clients, fsync)\n", invoices, issue_s);
  std::printf("  dunning run (one cmd)  %10llu events  in %7.3f s  (%9.0f claims/s, one fsync)\n",
              static_cast<unsigned long long>(result.last_position - result.first_position + 1), run_s,
              invoices / run_s);
  core->reset();
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace reskontra

int main(int argc, char** argv) {
  int invoices = 1000000, core_invoices = 100000;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--invoices=", 0) == 0) invoices = std::atoi(a.c_str() + 11);
    if (a.rfind("--core_invoices=", 0) == 0) core_invoices = std::atoi(a.c_str() + 16);
  }
  if (int rc = reskontra::RulesAlone(invoices); rc != 0) return rc;
  return reskontra::Durable(core_invoices);
}
