// Import throughput of BgMax files: N open invoices, a generated file of N payments (75 %
// exact OCR, the rest under/overpaid, unknown, blank, mistyped, deductions, 0 kr, several
// references), then one import command through the same path as the gRPC handler: parse,
// decide, one fsynced journal write, projection update.
//
//   build/bench/import_bench                  # 100 000 payments
//   build/bench/import_bench --payments=2000  # the ctest smoke run
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/ledger_service.h"
#include "tests/bgmax_generator.h"

namespace reskontra {
namespace {

int Run(int payments) {
  const std::string dir =
      (std::filesystem::temp_directory_path() / absl::StrCat("reskontra-import-bench-", getpid())).string();
  std::filesystem::remove_all(dir);
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
  pb::RegisterCompanyRequest company;
  company.set_name("Benchkommun");
  exec(company, "bench-company");
  pb::SetPaymentSettingsRequest settings;
  settings.set_bankgiro("9912346");
  settings.set_overpayment_limit_ore(500);
  settings.set_underpayment_limit_ore(1000);
  exec(settings, "bench-settings");
  constexpr int kCustomers = 1000;
  for (int c = 0; c < kCustomers; ++c) {
    pb::RegisterCustomerRequest r;
    r.set_customer_number(absl::StrCat(100000 + c));
    r.mutable_details()->set_name(absl::StrCat("Kund ", c));
    r.mutable_details()->set_national_id("8112289874");
    exec(r, absl::StrCat("bench-customer-", c));
  }
  // Invoices from 64 concurrent clients (group commit).
  const int invoices = payments;
  std::vector<testing::OpenInvoice> open(invoices);
  std::atomic<int> next{0};
  absl::Time t0 = absl::Now();
  std::vector<std::thread> threads;
  for (int t = 0; t < 64; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < invoices; i = next++) {
        const InvoiceNumber n = 20000000 + i;
        pb::IssueInvoiceRequest r;
        r.set_invoice_number(n);
        r.set_customer_number(absl::StrCat(100000 + i % kCustomers));
        r.set_invoice_date("2026-10-01");
        r.set_due_date("2026-10-31");
        auto* l = r.add_lines();
        l->set_description("Hemtjänst");
        l->set_net_ore(50000 + (i % 1000) * 100);
        l->set_vat_rate_bp(0);
        l->set_revenue_account(3012);
        exec(r, absl::StrCat("bench-invoice-", n));
        open[i] = testing::OpenInvoice{n, DefaultOcrReference(n), l->net_ore()};
      }
    });
  }
  for (auto& t : threads) t.join();
  const double issue_s = absl::ToDoubleSeconds(absl::Now() - t0);

  BgMaxFile file = testing::GenerateBgMax(open, payments, 42, "9912346", Date(2026, 11, 19));
  const std::string bytes = WriteBgMax(file);
  pb::ImportBgMaxRequest import;
  import.set_file(bytes);
  absl::Time t1 = absl::Now();
  AppendResult result = exec(import, "bench-import");
  const double import_s = absl::ToDoubleSeconds(absl::Now() - t1);
  absl::Time t2 = absl::Now();
  absl::StatusOr<BgMaxFile> parsed = ParseBgMax(bytes);
  const double parse_s = absl::ToDoubleSeconds(absl::Now() - t2);
  if (!parsed.ok()) return 1;

  std::printf("invoices issued          %10d in %7.2f s  (%8.0f commands/s, 64 clients, fsync)\n", invoices,
              issue_s, invoices / issue_s);
  std::printf("BgMax file               %10d payments, %.1f MiB\n", payments, bytes.size() / 1048576.0);
  std::printf("  parse alone            %10.3f s\n", parse_s);
  std::printf("  import (one command)   %10.3f s  (%8.0f payments/s, %llu events, one fsync)\n", import_s,
              payments / import_s,
              static_cast<unsigned long long>(result.last_position - result.first_position + 1));
  core->reset();
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace reskontra

int main(int argc, char** argv) {
  int payments = 100000;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--payments=", 0) == 0) payments = std::atoi(a.c_str() + 11);
  }
  return reskontra::Run(payments);
}
