// Import throughput of bank files: N open invoices, a generated BgMax file of N payments (75 %
// exact OCR, the rest under/overpaid, unknown, blank, mistyped, deductions, 0 kr, several
// references), then one import command through the same path as the gRPC handler: parse,
// decide, one fsynced journal write, projection update. Then the same payments as a
// camt.054.001.08 (one entry per payment, as banks notify bankgiro receipts) into a second
// ledger with the same invoices: the ratio camt / BgMax of one run, and the peak memory each
// parse adds (VmHWM, reset between the phases).
//
//   build/bench/import_bench                  # 100 000 payments
//   build/bench/import_bench --payments=2000  # the ctest smoke run
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "formats/camt.h"
#include "services/ledger_service.h"
#include "tests/bgmax_generator.h"
#include "tests/camt_generator.h"

namespace reskontra {
namespace {

// Peak resident memory of the process (VmHWM) in MiB; ResetPeak() starts a new peak.
double PeakMiB() {
  FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return 0;
  char line[256];
  long kb = 0;
  while (std::fgets(line, sizeof line, f)) {
    if (std::sscanf(line, "VmHWM: %ld kB", &kb) == 1) break;
  }
  std::fclose(f);
  return kb / 1024.0;
}
void ResetPeak() {
  if (FILE* f = std::fopen("/proc/self/clear_refs", "w")) {
    std::fputs("5", f);
    std::fclose(f);
  }
}

struct Imported {
  double seconds = 0;
  uint64_t events = 0;
  size_t keys = 0, key_bytes = 0;  // payment keys kept in the state
};

// A fresh ledger with the invoices; imports what `make_request` builds from them.
template <class MakeRequest>
int Run(int payments, const char* name, double* issue_seconds, Imported* imported, MakeRequest make_request) {
  const std::string dir =
      (std::filesystem::temp_directory_path() / absl::StrCat("reskontra-import-bench-", name, "-", getpid()))
          .string();
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
  *issue_seconds = absl::ToDoubleSeconds(absl::Now() - t0);

  auto import = make_request(open);
  absl::Time t1 = absl::Now();
  AppendResult result = exec(import, "bench-import");
  imported->seconds = absl::ToDoubleSeconds(absl::Now() - t1);
  imported->events = result.last_position - result.first_position + 1;
  // What the payment keys (domain/payment_import.h) hold in memory: the counting map's entries
  // and the file's list, strings counted at their heap size.
  (*core)->projection().Read([&](const LedgerState& s, uint64_t) {
    size_t bytes = 0, keys = 0;
    for (const auto& [k, n] : s.imported_payments) {
      bytes += sizeof(k) + sizeof(n) + (k.second.capacity() > 15 ? k.second.capacity() + 1 : 0);
      ++keys;
    }
    for (const auto& [k, f] : s.imported_files)
      for (const std::string& key : f.payment_keys)
        bytes += sizeof(key) + (key.capacity() > 15 ? key.capacity() + 1 : 0);
    imported->key_bytes = bytes;
    imported->keys = keys;
    return 0;
  });
  core->reset();
  std::filesystem::remove_all(dir);
  return 0;
}

// Parses `bytes` with `parse`: seconds, and the peak memory above what the process held.
template <class Parse>
std::pair<double, double> ParseAlone(Parse parse) {
  ResetPeak();
  const double before = PeakMiB();
  absl::Time t = absl::Now();
  if (!parse()) std::exit(1);
  return {absl::ToDoubleSeconds(absl::Now() - t), PeakMiB() - before};
}

// The invoices Run issues: number, OCR and amount, as the generator needs them.
std::vector<testing::OpenInvoice> Invoices(int n) {
  std::vector<testing::OpenInvoice> open;
  for (int i = 0; i < n; ++i) {
    const InvoiceNumber number = 20000000 + i;
    open.push_back({number, DefaultOcrReference(number), 50000 + (i % 1000) * 100});
  }
  return open;
}

int Main(int payments) {
  // The files first, and each parse alone while the process is small, for its peak memory.
  const BgMaxFile bgmax =
      testing::GenerateBgMax(Invoices(payments), payments, 42, "9912346", Date(2026, 11, 19));
  const std::string bg_bytes = WriteBgMax(bgmax);
  const std::string camt_bytes = testing::WriteCamt(testing::CamtFromBgMax(bgmax));
  auto [bg_parse_s, bg_peak] = ParseAlone([&] { return ParseBgMax(bg_bytes).ok(); });
  auto [camt_parse_s, camt_peak] = ParseAlone([&] {
    absl::StatusOr<IncomingPaymentFile> f = ParseCamt(camt_bytes);
    if (!f.ok()) std::fprintf(stderr, "%s\n", f.status().ToString().c_str());
    return f.ok();
  });
  double issue_s = 0, issue2_s = 0;
  Imported bg, camt;
  if (Run(payments, "bgmax", &issue_s, &bg, [&](const std::vector<testing::OpenInvoice>&) {
        pb::ImportBgMaxRequest import;
        import.set_file(bg_bytes);
        return import;
      }) != 0) {
    return 1;
  }
  if (Run(payments, "camt", &issue2_s, &camt, [&](const std::vector<testing::OpenInvoice>&) {
        pb::ImportPaymentFileRequest import;
        import.set_format(pb::PAYMENT_FILE_FORMAT_CAMT054);
        import.set_file(camt_bytes);
        return import;
      }) != 0) {
    return 1;
  }

  std::printf("invoices issued          %10d in %7.2f s  (%8.0f commands/s, 64 clients, fsync)\n", payments,
              issue_s, payments / issue_s);
  std::printf("BgMax file               %10d payments, %.1f MiB\n", payments, bg_bytes.size() / 1048576.0);
  std::printf("  parse alone            %10.3f s  (peak +%.0f MiB)\n", bg_parse_s, bg_peak);
  std::printf("  import (one command)   %10.3f s  (%8.0f payments/s, %llu events, one fsync)\n", bg.seconds,
              payments / bg.seconds, static_cast<unsigned long long>(bg.events));
  std::printf("camt.054.001.08 file     %10d payments, %.1f MiB (one entry each, XSD-validated)\n", payments,
              camt_bytes.size() / 1048576.0);
  std::printf("  parse alone            %10.3f s  (peak +%.0f MiB)\n", camt_parse_s, camt_peak);
  std::printf("  import (one command)   %10.3f s  (%8.0f payments/s, %llu events, one fsync)\n", camt.seconds,
              payments / camt.seconds, static_cast<unsigned long long>(camt.events));
  std::printf("camt / BgMax import time %10.2f (same run)\n", camt.seconds / bg.seconds);
  std::printf(
      "payment keys in memory   %10zu keys, %.1f MiB (%.0f bytes a payment, without container overhead)\n",
      bg.keys, bg.key_bytes / 1048576.0, static_cast<double>(bg.key_bytes) / payments);
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
  return reskontra::Main(payments);
}
