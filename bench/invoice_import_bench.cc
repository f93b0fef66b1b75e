// Invoices in from a billing system (issue 26): N invoices of 1 000 customers as one CSV file,
// imported as one command through the gRPC handler's path (parse, decide, one fsynced journal
// write, projection update), and as UBL (Peppol BIS 3) batch files of 10 000 documents, against the same
// invoices as IssueInvoice commands in batches of 1 000 with one fsync each, as ExecuteStream sends them.
// Both into a fresh ledger of the same company and customers; the ratio is of one run. The target: the file
// within 2 x the batches.
//
//   build/bench/invoice_import_bench                   # 100 000 invoices
//   build/bench/invoice_import_bench --invoices=2000   # the ctest smoke run
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench/bench_requests.h"
#include "bench/bench_util.h"
#include "formats/invoice_csv.h"
#include "formats/ubl_invoice.h"
#include "services/ledger_service.h"

namespace reskontra {
namespace {

constexpr int kCustomers = 1000;

// UBL documents `first`..`last` (exclusive) as one batch file: lean Peppol BIS 3 invoices, one line each.
std::string Ubl(int first, int last) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Batch>\n";
  for (int i = first; i < last; ++i) {
    const int c = i % kCustomers;
    const std::string amount = absl::StrCat(500 + i % 1000, ".00");
    absl::StrAppend(
        &xml,
        "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\" "
        "xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\" "
        "xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">"
        "<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
        "</cbc:CustomizationID><cbc:ID>U-",
        i, "</cbc:ID><cbc:IssueDate>2026-11-01</cbc:IssueDate><cbc:DueDate>2026-12-01</cbc:DueDate>",
        "<cbc:DocumentCurrencyCode>SEK</cbc:DocumentCurrencyCode><cac:AccountingCustomerParty><cac:Party>"
        "<cac:PartyIdentification><cbc:ID>",
        100000 + c,
        "</cbc:ID></cac:PartyIdentification><cac:PostalAddress><cbc:CityName>Ronneby</cbc:CityName>",
        "<cac:Country><cbc:IdentificationCode>SE</cbc:IdentificationCode></cac:Country></cac:PostalAddress>",
        "<cac:PartyLegalEntity><cbc:RegistrationName>Kund ", c,
        "</cbc:RegistrationName><cbc:CompanyID>8112289874</cbc:CompanyID></cac:PartyLegalEntity></cac:Party>",
        "</cac:AccountingCustomerParty><cac:TaxTotal><cbc:TaxAmount currencyID=\"SEK\">0.00</cbc:TaxAmount>",
        "</cac:TaxTotal><cac:LegalMonetaryTotal><cbc:TaxExclusiveAmount currencyID=\"SEK\">", amount,
        "</cbc:TaxExclusiveAmount><cbc:PayableAmount currencyID=\"SEK\">", amount,
        "</cbc:PayableAmount></cac:LegalMonetaryTotal><cac:InvoiceLine><cbc:ID>1</cbc:ID>",
        "<cbc:LineExtensionAmount currencyID=\"SEK\">", amount,
        "</cbc:LineExtensionAmount><cac:Item><cbc:Name>Hemtjänst "
        "november</cbc:Name><cac:ClassifiedTaxCategory>",
        "<cbc:ID>E</cbc:ID><cbc:Percent>0</cbc:Percent></cac:ClassifiedTaxCategory></cac:Item></"
        "cac:InvoiceLine>",
        "</Invoice>\n");
  }
  return xml + "</Batch>\n";
}

std::string Csv(int invoices) {
  std::string csv =
      "kalla_id;rutin;kundnummer;kundnamn;identitet;ort;fakturadatum;forfallodag;text;belopp;moms;konto\n";
  for (int i = 0; i < invoices; ++i)
    absl::StrAppend(&csv, "B-", i, ";2;", 100000 + i % kCustomers, ";Kund ", i % kCustomers,
                    ";811228-9874;Ronneby;2026-11-01;2026-12-01;Hemtjänst november;", 500 + i % 1000,
                    ",00;0;3012\n");
  return csv;
}

// A fresh ledger with the company and its customers.
std::unique_ptr<LedgerCore> Ledger(const std::string& dir, Clock* clock) {
  std::filesystem::remove_all(dir);
  auto core = LedgerCore::Open({.data_dir = dir, .clock = clock, .time_zone = absl::UTCTimeZone()});
  if (!core.ok()) {
    std::fprintf(stderr, "%s\n", core.status().ToString().c_str());
    std::exit(1);
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
  };
  pb::RegisterCompanyRequest company;
  company.set_name("Benchkommun");
  exec(company, "bench-company");
  for (int c = 0; c < kCustomers; ++c) {
    pb::RegisterCustomerRequest r;
    r.set_customer_number(absl::StrCat(100000 + c));
    r.mutable_details()->set_name(absl::StrCat("Kund ", c));
    r.mutable_details()->set_national_id("8112289874");
    r.mutable_details()->set_city("Ronneby");
    exec(r, absl::StrCat("bench-customer-", c));
  }
  return *std::move(core);
}

int Main(int invoices) {
  const std::string base =
      (std::filesystem::temp_directory_path() / absl::StrCat("reskontra-invoice-bench-", getpid())).string();
  SystemClock clock;
  const std::string csv = Csv(invoices);
  absl::Time t = absl::Now();
  absl::StatusOr<IncomingInvoiceFile> parsed = ReadInvoiceCsv(csv, false);
  const double parse_s = absl::ToDoubleSeconds(absl::Now() - t);
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s\n", parsed.status().ToString().c_str());
    return 1;
  }

  // The file, one command.
  double import_s = 0;
  uint64_t events = 0;
  {
    std::unique_ptr<LedgerCore> core = Ledger(base + "-file", &clock);
    pb::ImportInvoiceFileRequest r;
    r.mutable_ctx()->set_command_id("bench-file");
    r.mutable_ctx()->set_actor("bench");
    r.mutable_ctx()->set_company(1);
    r.set_file(csv);
    t = absl::Now();
    absl::StatusOr<AppendResult> done = ExecuteRequest(*core, r);
    import_s = absl::ToDoubleSeconds(absl::Now() - t);
    if (!done.ok()) {
      std::fprintf(stderr, "import: %s\n", done.status().ToString().c_str());
      return 1;
    }
    events = done->last_position - done->first_position + 1;
  }
  std::filesystem::remove_all(base + "-file");

  // The same invoices as UBL (Peppol BIS 3) batch files of 10 000 documents each.
  double ubl_s = 0, ubl_parse_s = 0, ubl_mib = 0;
  {
    std::unique_ptr<LedgerCore> core = Ledger(base + "-ubl", &clock);
    for (int first = 0; first < invoices; first += 10000) {
      const std::string xml = Ubl(first, std::min(invoices, first + 10000));
      ubl_mib += xml.size() / 1048576.0;
      t = absl::Now();
      if (absl::StatusOr<IncomingInvoiceFile> f = ReadUblInvoices(xml, {2, 3012, "SEK"}); !f.ok()) {
        std::fprintf(stderr, "UBL: %s\n", f.status().ToString().c_str());
        return 1;
      }
      ubl_parse_s += absl::ToDoubleSeconds(absl::Now() - t);
      pb::ImportInvoiceFileRequest r;
      r.mutable_ctx()->set_command_id(absl::StrCat("bench-ubl-", first));
      r.mutable_ctx()->set_actor("bench");
      r.mutable_ctx()->set_company(1);
      r.set_format(pb::INVOICE_FILE_FORMAT_UBL);
      r.set_routine(2);
      r.set_revenue_account(3012);
      r.set_file(xml);
      t = absl::Now();
      absl::StatusOr<AppendResult> done = ExecuteRequest(*core, r);
      ubl_s += absl::ToDoubleSeconds(absl::Now() - t);
      if (!done.ok()) {
        std::fprintf(stderr, "UBL import: %s\n", done.status().ToString().c_str());
        return 1;
      }
    }
  }
  std::filesystem::remove_all(base + "-ubl");

  // The same invoices as commands, 1 000 a batch, one fsync a batch.
  double batches_s = 0;
  {
    std::unique_ptr<LedgerCore> core = Ledger(base + "-batches", &clock);
    t = absl::Now();
    for (int first = 0; first < invoices; first += 1000) {
      std::vector<LedgerCore::BatchItem> items;
      for (int i = first; i < std::min(invoices, first + 1000); ++i) {
        pb::IssueInvoiceRequest r = bench::OrdinaryInvoice(i, kCustomers);
        r.mutable_ctx()->set_command_id(absl::StrCat("bench-invoice-", i));
        r.mutable_ctx()->set_actor("bench");
        r.mutable_ctx()->set_company(1);
        items.push_back({ToCommand(r), Fingerprint(r)});
      }
      for (const absl::StatusOr<AppendResult>& result : core->ExecuteBatch(items)) {
        if (!result.ok()) {
          std::fprintf(stderr, "batch: %s\n", result.status().ToString().c_str());
          return 1;
        }
      }
    }
    batches_s = absl::ToDoubleSeconds(absl::Now() - t);
  }
  std::filesystem::remove_all(base + "-batches");

  std::printf("CSV file                 %10d invoices, %.1f MiB, parsed alone in %.3f s\n", invoices,
              csv.size() / 1048576.0, parse_s);
  std::printf("  import (one command)   %10.3f s  (%8.0f invoices/s, %llu events, one fsync)\n", import_s,
              invoices / import_s, static_cast<unsigned long long>(events));
  std::printf("UBL batch files          %10d invoices, %.1f MiB in files of 10 000, parsed alone in %.3f s\n",
              invoices, ubl_mib, ubl_parse_s);
  std::printf("  import (a command each) %9.3f s  (%8.0f invoices/s, one fsync a file)\n", ubl_s,
              invoices / ubl_s);
  std::printf("IssueInvoice batches     %10.3f s  (%8.0f invoices/s, 1 000 a batch, one fsync each)\n",
              batches_s, invoices / batches_s);
  std::printf("ratio CSV file / batches %10.2f  (target <= 2)\n", import_s / batches_s);
  std::printf("ratio UBL files / batches %9.2f  (target <= 2)\n", ubl_s / batches_s);
  std::printf("peak RSS %ld MB\n", bench::PeakRssMb());
  return 0;
}

}  // namespace
}  // namespace reskontra

int main(int argc, char** argv) {
  int invoices = 100000;
  for (int i = 1; i < argc; ++i)
    if (std::strncmp(argv[i], "--invoices=", 11) == 0) invoices = std::atoi(argv[i] + 11);
  return reskontra::Main(invoices);
}
