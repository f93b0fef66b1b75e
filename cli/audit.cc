#include "cli/audit.h"

#include <fstream>

#include "absl/strings/escaping.h"

namespace reskontra::cli {

struct AuditCommands::Options {
  const Globals* g = nullptr;
  CLI::App *saldolista = nullptr, *aged = nullptr, *verify = nullptr, *head = nullptr, *trail = nullptr;
  std::string effective, known_at, companies, routines, invoices, invoice_dates, due, customer, national_id,
      balance_from, balance_to, codes, method, sort = "invoice", format = "table", out, inv;
  bool include_paid = false, only_reminded = false, only_collection = false, totals_only = false;
};

AuditCommands::~AuditCommands() = default;

AuditCommands::AuditCommands(CLI::App& app, CLI::App* report, const Globals& g)
    : o_(std::make_unique<Options>()) {
  Options& o = *o_;
  o.g = &g;
  auto axes = [&o](CLI::App* a) {
    a->add_option("--as-of-effective", o.effective,
                  "balances on this business day (YYYY-MM-DD), with everything known now");
    a->add_option("--as-known-at", o.known_at,
                  "exactly what the ledger showed at this instant (RFC 3339, e.g. 2026-06-30T23:59:59Z)");
  };
  auto selection = [&o](CLI::App* a) {
    a->add_option("--companies", o.companies, "FROM-TO (default: --company)");
    a->add_option("--routines", o.routines, "FROM-TO routines");
    a->add_option("--invoices", o.invoices, "FROM-TO invoice numbers");
    a->add_option("--customer", o.customer, "kundnummer");
    a->add_option("--national-id", o.national_id, "person-/organisationsnummer");
  };
  o.saldolista =
      report->add_subcommand("saldolista", "balances per invoice with FAKTURERAT/PÅFÖRT/INBETALT/SALDO");
  axes(o.saldolista);
  selection(o.saldolista);
  o.saldolista->add_option("--invoice-dates", o.invoice_dates, "fakturadatum FROM..TO");
  o.saldolista->add_option("--due", o.due, "förfallodag FROM..TO");
  o.saldolista->add_option("--balance-from", o.balance_from, "saldobelopp from (kronor)");
  o.saldolista->add_option("--balance-to", o.balance_to, "saldobelopp to (kronor)");
  o.saldolista->add_option("--kravkod", o.codes, "FROM-TO kravkod (0 = none)");
  o.saldolista->add_flag("--include-paid", o.include_paid, "also invoices with no balance");
  o.saldolista->add_flag("--only-reminded", o.only_reminded, "only invoices that got a påminnelse");
  o.saldolista->add_flag("--only-collection", o.only_collection, "only invoices that got an inkassokrav");
  o.saldolista->add_option("--method", o.method, "only invoices touched with this inbetalningssätt");
  o.saldolista->add_option("--sort", o.sort, "invoice|customer|name|due")
      ->check(CLI::IsMember({"invoice", "customer", "name", "due"}));
  o.saldolista->add_flag("--totals-only", o.totals_only, "only the routine, company and grand totals");
  o.saldolista->add_option("--format", o.format, "table|csv|xlsx")
      ->check(CLI::IsMember({"table", "csv", "xlsx"}));
  o.saldolista->add_option("--out", o.out, "file for csv/xlsx (csv default: stdout)");
  o.aged = report->add_subcommand("kundfordringar", "open receivables by days past due (ageing)");
  axes(o.aged);
  selection(o.aged);
  o.aged->add_option("--format", o.format, "table|csv")->check(CLI::IsMember({"table", "csv"}));
  o.aged->add_option("--out", o.out, "file for csv (default: stdout)");

  auto* audit = app.add_subcommand("audit", "revision: the hash chain, its head, an invoice's trail")
                    ->require_subcommand(1);
  o.verify = audit->add_subcommand("verify", "recompute the hash chain and check the projections");
  o.head = audit->add_subcommand("head", "the chain head (position + hash) to write down and check later");
  o.trail = audit->add_subcommand("trail", "every record of an invoice: who, when recorded, effective date");
  o.trail->add_option("invoice", o.inv)->required();
}

namespace {

void PrintAmounts(const pb::SaldoAmounts& a) {
  std::printf(" %14s %12s %14s %14s\n", a.invoiced().kronor().c_str(), a.charged().kronor().c_str(),
              a.paid().kronor().c_str(), a.balance().kronor().c_str());
}

void PrintSaldolista(const pb::SaldolistaResponse& r) {
  std::printf("Saldolista%s%s%s%s  (t.o.m. journalpost %llu)\n", r.effective_on().empty() ? "" : " per ",
              r.effective_on().c_str(), r.known_at().empty() ? "" : " som den såg ut ", r.known_at().c_str(),
              static_cast<unsigned long long>(r.position()));
  std::printf("%-9s %-10s %-22s %-10s %-10s %-8s %2s %14s %12s %14s %14s\n", "Faktura", "Kund", "Namn",
              "Fakt.datum", "Förf.dag", "Krav", "Kk", "FAKTURERAT", "PÅFÖRT", "INBETALT", "SALDO");
  int row = 0;
  int company = 0;
  for (int t = 0; t < r.routine_totals_size(); ++t) {
    const pb::SaldoTotal& rt = r.routine_totals(t);
    for (; row < r.rows_size() && r.rows(row).company() == rt.company() &&
           r.rows(row).routine() == rt.routine();
         ++row) {
      const pb::SaldoRow& x = r.rows(row);
      std::printf("%-9s %-10s %-22.22s %-10s %-10s %-8.8s %2s",
                  FormatInvoiceNumber(x.invoice_number()).c_str(), x.customer_number().c_str(),
                  x.name().c_str(), x.invoice_date().c_str(), x.due_date().c_str(), x.step().c_str(),
                  x.code() ? absl::StrCat(x.code()).c_str() : "");
      PrintAmounts(x.amounts());
    }
    std::printf("%-75s", absl::StrCat("  Summa företag ", rt.company(), " rutin ", rt.routine(), " (",
                                      rt.invoices(), " fakturor)")
                             .c_str());
    PrintAmounts(rt.amounts());
    if (t + 1 == r.routine_totals_size() || r.routine_totals(t + 1).company() != rt.company()) {
      const pb::SaldoTotal& ct = r.company_totals(company++);
      std::printf("%-75s",
                  absl::StrCat("Summa företag ", ct.company(), " (", ct.invoices(), " fakturor)").c_str());
      PrintAmounts(ct.amounts());
    }
  }
  std::printf("%-75s", absl::StrCat("TOTALT (", r.total().invoices(), " fakturor)").c_str());
  PrintAmounts(r.total().amounts());
  if (r.truncated())
    std::printf("(fler rader än svaret rymmer: summorna gäller alla; --format csv|xlsx ger alla rader)\n");
}

void PrintAged(const pb::AgedReceivablesResponse& r) {
  std::printf("Kundfordringar per %s  (t.o.m. journalpost %llu)\n", r.on().c_str(),
              static_cast<unsigned long long>(r.position()));
  std::printf("%-28s %7s", "", "antal");
  for (const std::string& b : r.bucket_names()) std::printf(" %13s", b.c_str());
  std::printf(" %14s\n", "summa");
  auto line = [](const std::string& label, const pb::AgedLine& a) {
    std::printf("%-28.28s %7lld", label.c_str(), static_cast<long long>(a.invoices()));
    for (const pb::Amount& m : a.buckets()) std::printf(" %13s", m.kronor().c_str());
    std::printf(" %14s\n", a.total().kronor().c_str());
  };
  for (const pb::AgedLine& a : r.customers())
    line(absl::StrCat("  ", a.company(), "/", a.routine(), " kund ", a.customer_number()), a);
  for (const pb::AgedLine& a : r.routines())
    line(absl::StrCat(" företag ", a.company(), " rutin ", a.routine()), a);
  for (const pb::AgedLine& a : r.companies()) line(absl::StrCat("företag ", a.company()), a);
  line("TOTALT", r.total());
}

void PrintHead(const pb::GetHeadResponse& r) {
  std::printf("position %llu  hash %s  recorded %s\n", static_cast<unsigned long long>(r.position()),
              r.hash().c_str(), r.recorded_at().c_str());
}

void PrintTrail(const pb::AuditTrailResponse& r) {
  std::printf("%8s  %-27s %-10s %-28s %-16s %s\n", "Position", "Registrerad", "Transdatum", "Händelse", "Av",
              "Kommando");
  for (const pb::JournalEvent& e : r.events())
    std::printf("%8llu  %-27s %-10s %-28s %-16s %s\n", static_cast<unsigned long long>(e.position()),
                e.recorded_at().c_str(), e.effective_date().c_str(), e.type().c_str(), e.actor().c_str(),
                e.command_id().c_str());
}

}  // namespace

std::function<int(pb::Ledger::Stub&)> AuditCommands::Selected() {
  Options& o = *o_;
  const Globals& g = *o.g;
  auto request = [&o, &g] {
    pb::SaldolistaRequest r;
    r.mutable_as_of()->set_effective_on(o.effective);
    r.mutable_as_of()->set_known_at(o.known_at);
    if (o.companies.empty()) {
      r.set_company_from(g.company);
      r.set_company_to(g.company);
    } else {
      auto [a, b] = NumberRange(o.companies, "--companies");
      r.set_company_from(static_cast<int32_t>(a));
      r.set_company_to(static_cast<int32_t>(b));
    }
    if (!o.routines.empty()) {
      auto [a, b] = NumberRange(o.routines, "--routines");
      r.set_routine_from(static_cast<int32_t>(a));
      r.set_routine_to(static_cast<int32_t>(b));
    }
    if (!o.invoices.empty()) {
      auto [a, b] = NumberRange(o.invoices, "--invoices");
      r.set_invoice_from(a);
      r.set_invoice_to(b);
    }
    auto [idf, idt] = DateRange(o.invoice_dates);
    r.set_invoice_date_from(idf);
    r.set_invoice_date_to(idt);
    auto [df, dt] = DateRange(o.due);
    r.set_due_from(df);
    r.set_due_to(dt);
    r.set_customer_number(o.customer);
    r.set_national_id(o.national_id);
    if (!o.balance_from.empty()) r.set_balance_from_ore(ParseAmountOre(o.balance_from, "--balance-from"));
    if (!o.balance_to.empty()) r.set_balance_to_ore(ParseAmountOre(o.balance_to, "--balance-to"));
    if (!o.codes.empty()) {
      auto [a, b] = NumberRange(o.codes, "--kravkod");
      r.set_code_from(static_cast<int32_t>(a));
      r.set_code_to(static_cast<int32_t>(b));
    }
    r.set_include_paid(o.include_paid);
    r.set_only_reminded(o.only_reminded);
    r.set_only_collection(o.only_collection);
    r.set_method(o.method);
    r.set_sort(o.sort == "customer" ? pb::SALDO_SORT_CUSTOMER
               : o.sort == "name"   ? pb::SALDO_SORT_NAME
               : o.sort == "due"    ? pb::SALDO_SORT_DUE_DATE
                                    : pb::SALDO_SORT_INVOICE_NUMBER);
    r.set_totals_only(o.totals_only);
    return r;
  };
  // CSV or XLSX through the Export stream, to --out or stdout.
  auto export_to = [&o](pb::ExportReport report, pb::SaldolistaRequest selection) {
    if (o.format == "xlsx" && o.out.empty()) throw UsageError{"--format xlsx needs --out FILE"};
    pb::ExportRequest req;
    req.set_report(report);
    req.set_format(o.format == "xlsx" ? pb::EXPORT_FORMAT_XLSX : pb::EXPORT_FORMAT_CSV);
    *req.mutable_selection() = std::move(selection);
    return [&o, req](pb::Ledger::Stub& stub) {
      grpc::ClientContext ctx;
      std::unique_ptr<grpc::ClientReader<pb::ExportChunk>> reader = stub.Export(&ctx, req);
      std::string bytes;
      pb::ExportChunk chunk;
      while (reader->Read(&chunk)) bytes += chunk.data();
      grpc::Status s = reader->Finish();
      if (!s.ok()) return Fail(s);
      if (o.out.empty()) {
        std::fwrite(bytes.data(), 1, bytes.size(), stdout);
        return 0;
      }
      std::ofstream f(o.out, std::ios::binary | std::ios::trunc);
      f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      f.close();
      if (!f) {
        std::fprintf(stderr, "cannot write %s\n", o.out.c_str());
        return 1;
      }
      std::printf("wrote %s (%zu bytes)\n", o.out.c_str(), bytes.size());
      return 0;
    };
  };
  if (o.saldolista->parsed()) {
    pb::SaldolistaRequest r = request();
    if (o.format != "table") return export_to(pb::EXPORT_REPORT_SALDOLISTA, std::move(r));
    return [&g, r](pb::Ledger::Stub& stub) {
      grpc::ClientContext ctx;
      pb::SaldolistaResponse resp;
      grpc::Status s = stub.Saldolista(&ctx, r, &resp);
      if (!s.ok()) return Fail(s);
      Output(g, resp, PrintSaldolista);
      return 0;
    };
  }
  if (o.aged->parsed()) {
    pb::SaldolistaRequest r = request();
    if (o.format != "table") return export_to(pb::EXPORT_REPORT_KUNDFORDRINGAR, std::move(r));
    return [&g, r](pb::Ledger::Stub& stub) {
      grpc::ClientContext ctx;
      pb::AgedReceivablesResponse resp;
      grpc::Status s = stub.AgedReceivables(&ctx, r, &resp);
      if (!s.ok()) return Fail(s);
      Output(g, resp, PrintAged);
      return 0;
    };
  }
  if (o.verify->parsed()) {
    return [&g](pb::Ledger::Stub& stub) {
      grpc::ClientContext ctx;
      pb::VerifyResponse resp;
      grpc::Status s = stub.Verify(&ctx, pb::VerifyRequest(), &resp);
      if (!s.ok()) return Fail(s);
      if (g.json) {
        std::printf("%s\n", ToJson(resp).c_str());
      } else {
        std::printf("chain OK: %llu records, head hash %s\nprojections %s a rebuild from the journal\n",
                    static_cast<unsigned long long>(resp.records()), resp.head_hash().c_str(),
                    resp.projections_match_rebuild() ? "match" : "DO NOT match");
      }
      return resp.projections_match_rebuild() ? 0 : 1;
    };
  }
  if (o.head->parsed()) {
    return [&g](pb::Ledger::Stub& stub) {
      grpc::ClientContext ctx;
      pb::GetHeadResponse resp;
      grpc::Status s = stub.GetHead(&ctx, pb::GetHeadRequest(), &resp);
      if (!s.ok()) return Fail(s);
      Output(g, resp, PrintHead);
      return 0;
    };
  }
  if (o.trail->parsed()) {
    pb::AuditTrailRequest r;
    r.set_company(g.company);
    r.set_invoice_number(ParseInvoiceNumber(o.inv));
    return [&g, r](pb::Ledger::Stub& stub) {
      grpc::ClientContext ctx;
      pb::AuditTrailResponse resp;
      grpc::Status s = stub.AuditTrail(&ctx, r, &resp);
      if (!s.ok()) return Fail(s);
      Output(g, resp, PrintTrail);
      return 0;
    };
  }
  return nullptr;
}

}  // namespace reskontra::cli
