#include "cli/audit.h"

#include <cstdlib>
#include <fstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"

namespace reskontra::cli {

struct AuditCommands::Options {
  const Globals* g = nullptr;
  CLI::App *saldolista = nullptr, *aged = nullptr, *verify = nullptr, *head = nullptr, *trail = nullptr,
           *reconcile = nullptr, *postings = nullptr, *sie = nullptr, *close = nullptr, *reprint = nullptr;
  uint64_t reprint_position = 0;
  std::string reprint_dir;
  bool move_to_open = false;
  CLI::App *archive = nullptr, *post_run = nullptr, *profitability = nullptr;
  std::optional<int32_t> funding_rate_bp;
  std::optional<int64_t> paper_letter_ore;
  bool by_month = false;
  std::string paid_before;
  std::vector<int> keep_codes;
  bool include_uninvoiced_interest = false, preview = false;
  CLI::App *accounts_set = nullptr, *accounts_show = nullptr, *statistics = nullptr;
  pb::AccountPlan plan;
  int routine = 0;
  std::string date_from, date_to, posting_invoice;
  std::string effective, known_at, companies, routines, invoices, invoice_dates, due, customer, national_id,
      balance_from, balance_to, codes, method, sort = "invoice", format = "table", out, inv, department,
                                               handler;
  bool include_paid = false, only_reminded = false, only_collection = false, totals_only = false;
};

using AuditOptions = AuditCommands::Options;

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
  o.saldolista->add_option("--department", o.department, "only this förvaltning/avdelning (any case)");
  o.saldolista->add_option("--handler", o.handler, "only this handläggare (any case)");
  o.saldolista->add_option("--sort", o.sort, "invoice|customer|name|due|department|handler")
      ->check(CLI::IsMember({"invoice", "customer", "name", "due", "department", "handler"}));
  o.saldolista->add_flag("--totals-only", o.totals_only, "only the routine, company and grand totals");
  o.saldolista->add_option("--format", o.format, "table|csv|xlsx")
      ->check(CLI::IsMember({"table", "csv", "xlsx"}));
  o.saldolista->add_option("--out", o.out, "file for csv/xlsx (csv default: stdout)");
  o.statistics = report->add_subcommand("statistik", "debiteringsstatistik: actions per routine in a period");
  o.statistics->add_option("--dates", o.date_from, "transaktionsdatum FROM..TO (default: all)");
  o.statistics->add_option("--routines", o.routines, "FROM-TO routines");
  o.statistics->add_option("--as-known-at", o.known_at, "only what was recorded by this instant (RFC 3339)");
  o.profitability = report->add_subcommand(
      "lonsamhet",
      "lönsam fakturering: income vs letter costs, credit losses and interest cost per channel and size");
  o.profitability->add_option("--invoice-dates", o.invoice_dates, "fakturadatum FROM..TO (the cohort)");
  o.profitability->add_option("--on", o.effective, "the snapshot day (default: today)");
  o.profitability->add_option("--rate", o.funding_rate_bp,
                              "cost of capital per year, basis points (default 400)");
  o.profitability->add_option("--paper-cost", o.paper_letter_ore, "öre per paper letter (default 700)");
  o.profitability->add_flag("--by-month", o.by_month, "one cohort per billing month");
  o.aged = report->add_subcommand("kundfordringar", "open receivables by days past due (ageing)");
  axes(o.aged);
  selection(o.aged);
  o.aged->add_option("--format", o.format, "table|csv")->check(CLI::IsMember({"table", "csv"}));
  o.aged->add_option("--out", o.out, "file for csv (default: stdout)");

  auto* audit = app.add_subcommand("audit", "revision: the hash chain, its head, an invoice's trail")
                    ->require_subcommand(1);
  o.verify = audit->add_subcommand("verify", "recompute the hash chain and check the projections");
  o.head = audit->add_subcommand("head", "the chain head (position + hash) to write down and check later");
  o.reprint = audit->add_subcommand(
      "reprint", "a recorded document rendered again from the journal; fails unless its SHA-256 matches");
  o.reprint->add_option("position", o.reprint_position, "the DocumentProduced record's position")->required();
  o.reprint->add_option("--out", o.out, "the PDF file (default stdout)");
  o.reprint->add_option("--dir", o.reprint_dir,
                        "a run printed one file a letter: the files and SHA256SUMS here");
  o.trail = audit->add_subcommand("trail", "every record of an invoice: who, when recorded, effective date");
  o.trail->add_option("invoice", o.inv)->required();
  o.reconcile = audit->add_subcommand(
      "reconcile", "avstämning: invoice balances = receivables account, queue = unallocated, …");
  axes(o.reconcile);
  o.reconcile->add_option("--companies", o.companies, "FROM-TO (default: --company; 1-999 for all)");
  o.postings = audit->add_subcommand("postings", "verifikationer with their lines, and account balances");
  o.postings->add_option("--as-known-at", o.known_at, "only what was recorded by this instant (RFC 3339)");
  o.postings->add_option("--dates", o.date_from, "transaktionsdatum FROM..TO");
  o.postings->add_option("--invoice", o.posting_invoice, "only verifikationer of this invoice");
  o.sie = audit->add_subcommand("sie", "SIE 4 file of a period's verifikationer (PC8)");
  o.sie->add_option("--dates", o.date_from, "FROM..TO within one year (default: this year to today)");
  o.sie->add_option("--as-known-at", o.known_at, "only what was recorded by this instant (RFC 3339)");
  o.sie->add_option("--out", o.out, "file (default: stdout)");
  o.post_run = audit->add_subcommand(
      "post-run", "uppdatera bokföring: hand the verifikationer since the last run to the general ledger");
  o.post_run->add_option("--date", o.effective, "bokföringsdatum (default: today)");
  o.post_run->add_flag("--preview", o.preview, "show the run without recording it");
  o.archive = app.get_subcommand("invoice")->add_subcommand(
      "archive",
      "rensning: settled claims paid before a date leave the active lists (the journal keeps them)");
  o.archive->add_option("--paid-before", o.paid_before, "balance zero and paid before this day")->required();
  o.archive->add_option("--routines", o.routines, "FROM-TO routines");
  o.archive->add_option("--invoices", o.invoices, "FROM-TO invoice numbers");
  o.archive->add_option("--keep-code", o.keep_codes, "ej kravkod: claims with this kravkod stay (up to 4)")
      ->check(CLI::Range(1, 9));
  o.archive->add_flag("--include-uninvoiced-interest", o.include_uninvoiced_interest,
                      "also claims paid late whose interest was never invoiced");
  o.archive->add_flag("--preview", o.preview, "endast lista: show the claims, write nothing");
  auto* accounts = app.get_subcommand("company")
                       ->add_subcommand("accounts", "kontering: the accounts postings go to (BAS defaults)")
                       ->require_subcommand(1);
  o.accounts_set = accounts->add_subcommand("set", "set the company's (or a routine's) accounts");
  o.accounts_set->add_option("--routine", o.routine, "only this routine's invoices (default: the company)");
  struct Field {
    const char* flag;
    void (pb::AccountPlan::*set)(int32_t);
    const char* help;
  };
  static const Field kFields[] = {
      {"--receivables", &pb::AccountPlan::set_receivables, "kundfordringar (1510)"},
      {"--carried", &pb::AccountPlan::set_carried, "differences to the next invoice (1689)"},
      {"--bank", &pb::AccountPlan::set_bank, "bank (1930)"},
      {"--customer-credit", &pb::AccountPlan::set_customer_credit, "förskott från kunder (2420)"},
      {"--unallocated", &pb::AccountPlan::set_unallocated, "oplacerade inbetalningar (2893)"},
      {"--vat25", &pb::AccountPlan::set_vat_25, "utgående moms 25 % (2611)"},
      {"--vat12", &pb::AccountPlan::set_vat_12, "utgående moms 12 % (2621)"},
      {"--vat6", &pb::AccountPlan::set_vat_6, "utgående moms 6 % (2631)"},
      {"--fees", &pb::AccountPlan::set_fee_revenue, "fee revenue (3590)"},
      {"--rounding", &pb::AccountPlan::set_rounding, "öres- och kronutjämning (3740)"},
      {"--credit-losses", &pb::AccountPlan::set_credit_losses, "konstaterade kundförluster (6351)"},
      {"--interest", &pb::AccountPlan::set_interest_revenue, "ränteintäkter (8313)"},
      {"--debit-adjustments", &pb::AccountPlan::set_debit_adjustments, "the other side of a debit (2890)"}};
  for (const Field& f : kFields) {
    o.accounts_set
        ->add_option_function<int32_t>(
            f.flag, [&o, set = f.set](int32_t account) { (o.plan.*set)(account); }, f.help)
        ->check(CLI::Range(1000, 9999));
  }
  o.accounts_show = accounts->add_subcommand("show", "the accounts in force");
  o.accounts_show->add_option("--routine", o.routine, "a routine's plan (default: the company's)");
  o.close = audit->add_subcommand("close", "periodstängning: close the books through a day that has ended");
  o.close->add_option("--through", o.effective, "the last day of the closed period (YYYY-MM-DD)")->required();
  o.close->add_flag("--move-to-open", o.move_to_open,
                    "later events dated in the period move to the first open day (default: refused)");
}

namespace {

void PrintAmounts(const pb::SaldoAmounts& a) {
  Printf(" %14s %12s %14s %14s\n", a.invoiced().kronor().c_str(), a.charged().kronor().c_str(),
         a.paid().kronor().c_str(), a.balance().kronor().c_str());
}

void PrintSaldolista(const pb::SaldolistaResponse& r) {
  Printf("Saldolista%s%s%s%s  (t.o.m. journalpost %llu)\n", r.effective_on().empty() ? "" : " per ",
         r.effective_on().c_str(), r.known_at().empty() ? "" : " som den såg ut ", r.known_at().c_str(),
         static_cast<unsigned long long>(r.position()));
  Printf("%-9s %-10s %-22s %-10s %-10s %-8s %2s %14s %12s %14s %14s\n", "Faktura", "Kund", "Namn",
         "Fakt.datum", "Förf.dag", "Krav", "Kk", "FAKTURERAT", "PÅFÖRT", "INBETALT", "SALDO");
  int row = 0;
  int company = 0;
  for (int t = 0; t < r.routine_totals_size(); ++t) {
    const pb::SaldoTotal& rt = r.routine_totals(t);
    for (; row < r.rows_size() && r.rows(row).company() == rt.company() &&
           r.rows(row).routine() == rt.routine();
         ++row) {
      const pb::SaldoRow& x = r.rows(row);
      Printf("%-9s %-10s %-22.22s %-10s %-10s %-8.8s %2s", FormatInvoiceNumber(x.invoice_number()).c_str(),
             x.customer_number().c_str(), x.name().c_str(), x.invoice_date().c_str(), x.due_date().c_str(),
             x.step().c_str(), x.code() ? absl::StrCat(x.code()).c_str() : "");
      PrintAmounts(x.amounts());
      if (!x.department().empty() || !x.handler().empty())
        Printf("          %s%s%s\n", x.department().c_str(),
               !x.department().empty() && !x.handler().empty() ? "  ·  handläggare "
                                                               : (x.handler().empty() ? "" : "handläggare "),
               x.handler().c_str());
    }
    Printf("%-75s", absl::StrCat("  Summa företag ", rt.company(), " rutin ", rt.routine(), " (",
                                 rt.invoices(), " fakturor)")
                        .c_str());
    PrintAmounts(rt.amounts());
    if (t + 1 == r.routine_totals_size() || r.routine_totals(t + 1).company() != rt.company()) {
      const pb::SaldoTotal& ct = r.company_totals(company++);
      Printf("%-75s",
             absl::StrCat("Summa företag ", ct.company(), " (", ct.invoices(), " fakturor)").c_str());
      PrintAmounts(ct.amounts());
    }
  }
  Printf("%-75s", absl::StrCat("TOTALT (", r.total().invoices(), " fakturor)").c_str());
  PrintAmounts(r.total().amounts());
  if (r.truncated())
    Printf("(fler rader än svaret rymmer: summorna gäller alla; --format csv|xlsx ger alla rader)\n");
}

void PrintAged(const pb::AgedReceivablesResponse& r) {
  Printf("Kundfordringar per %s  (t.o.m. journalpost %llu)\n", r.on().c_str(),
         static_cast<unsigned long long>(r.position()));
  Printf("%-28s %7s", "", "antal");
  for (const std::string& b : r.bucket_names()) Printf(" %13s", b.c_str());
  Printf(" %14s\n", "summa");
  auto line = [](const std::string& label, const pb::AgedLine& a) {
    Printf("%-28.28s %7lld", label.c_str(), static_cast<long long>(a.invoices()));
    for (const pb::Amount& m : a.buckets()) Printf(" %13s", m.kronor().c_str());
    Printf(" %14s\n", a.total().kronor().c_str());
  };
  for (const pb::AgedLine& a : r.customers())
    line(absl::StrCat("  ", a.company(), "/", a.routine(), " kund ", a.customer_number()), a);
  for (const pb::AgedLine& a : r.routines())
    line(absl::StrCat(" företag ", a.company(), " rutin ", a.routine()), a);
  for (const pb::AgedLine& a : r.companies()) line(absl::StrCat("företag ", a.company()), a);
  line("TOTALT", r.total());
}

void PrintReconcile(const pb::ReconcileResponse& r) {
  Printf("Avstämning%s%s%s%s  (t.o.m. journalpost %llu)\n", r.effective_on().empty() ? "" : " per ",
         r.effective_on().c_str(), r.known_at().empty() ? "" : " som känt ", r.known_at().c_str(),
         static_cast<unsigned long long>(r.position()));
  Printf("%-8s %-6s %-16s %6s %16s %16s %14s %14s\n", "Företag", "Rutin", "Kontroll", "Konto", "Reskontra",
         "Huvudbok", "Bokförs ej", "Differens");
  for (const pb::ReconcileLine& l : r.lines())
    Printf("%-8d %-6s %-16s %6d %16s %16s %14s %14s\n", l.company(),
           l.routine() >= 0 ? absl::StrCat(l.routine()).c_str() : "", l.check().c_str(), l.account(),
           l.ledger().kronor().c_str(), l.posted().kronor().c_str(), l.unposted().kronor().c_str(),
           l.difference().kronor().c_str());
  if (!r.sub_ledgers_checked())
    Printf("(per transaktionsdatum stäms kundfordringarna av; övriga delreskontror med --as-known-at)\n");
  for (const pb::ReconcileLine& d : r.differences()) {
    Printf("DIFFERENS företag %d %s konto %d: %s kr\n", d.company(), d.check().c_str(), d.account(),
           d.difference().kronor().c_str());
    for (int64_t inv : d.invoices()) Printf("  faktura %s\n", FormatInvoiceNumber(inv).c_str());
    if (d.positions_size()) {
      Printf("  journalposter:");
      for (uint64_t p : d.positions()) Printf(" %llu", static_cast<unsigned long long>(p));
      Printf("\n");
    }
  }
  for (uint64_t p : r.unbalanced())
    Printf("OBALANSERAD verifikation (journalpost %llu)\n", static_cast<unsigned long long>(p));
  Printf("%s\n", r.ok() ? "avstämning OK" : "avstämning STÄMMER INTE");
}

// --routines FROM-TO and --invoices FROM-TO onto a request that takes both.
template <class Request>
void SetRanges(const std::string& routines, const std::string& invoices, Request& r) {
  if (!routines.empty()) {
    auto [a, b] = NumberRange(routines, "--routines");
    r.set_routine_from(static_cast<int32_t>(a));
    r.set_routine_to(static_cast<int32_t>(b));
  }
  if (!invoices.empty()) {
    auto [a, b] = NumberRange(invoices, "--invoices");
    r.set_invoice_from(a);
    r.set_invoice_to(b);
  }
}

void PrintProfitability(const pb::ProfitabilityResponse& r) {
  Printf("Lönsam fakturering per %s\n", r.on().c_str());
  Printf("%-8s %-8s %-9s %7s %14s %12s %12s %12s %14s %12s %14s %14s %8s\n", "kanal", "månad", "storlek",
         "antal", "fakturerat", "avgifter", "ränta", "porto", "kundförluster", "räntekostn.", "befarade",
         "netto", "effekt%");
  static constexpr const char* kChannels[] = {"papper", "e-post", "e-faktura"};
  for (const pb::ProfitabilityRow& x : r.rows()) {
    const int c = static_cast<int>(x.channel());
    const int32_t bp = x.effect_bp();
    const std::string effect =
        absl::StrFormat("%s%d,%02d", bp < 0 ? "-" : "", std::abs(bp) / 100, std::abs(bp) % 100);
    Printf("%-8s %-8s %-9s %7lld %14s %12s %12s %12s %14s %12s %14s %14s %8s\n",
           x.grand_total() ? "TOTALT" : (c >= 0 && c < 3 ? kChannels[c] : "?"), x.month().c_str(),
           x.size_bucket().c_str(), static_cast<long long>(x.invoices()), x.invoiced().kronor().c_str(),
           x.fee_income().kronor().c_str(), x.interest_income().kronor().c_str(),
           x.letter_costs().kronor().c_str(), x.credit_losses().kronor().c_str(),
           x.interest_cost().kronor().c_str(), x.doubtful().kronor().c_str(), x.netto().kronor().c_str(),
           effect.c_str());
  }
}

void PrintArchive(const pb::ArchiveInvoicesResponse& r) {
  Printf("%s: %d fakturor\n", r.preview() ? "Rensning, endast lista" : "Rensade (arkiverade) fakturor",
         r.invoices_size());
  for (const pb::ArchivedInvoice& i : r.invoices())
    Printf("  %s  %-12s %-30s %-13s %-10s %-9s %14s\n", FormatInvoiceNumber(i.invoice_number()).c_str(),
           i.customer_number().c_str(), i.name().c_str(), i.national_id().c_str(), i.slutbetald().c_str(),
           i.status().c_str(), i.invoiced().kronor().c_str());
  if (!r.preview())
    Printf("journalposter %llu-%llu%s\n", static_cast<unsigned long long>(r.result().first_position()),
           static_cast<unsigned long long>(r.result().last_position()),
           r.result().replayed() ? " (replayed)" : "");
}

void PrintPostingRun(const pb::RunPostingsResponse& r) {
  const pb::PostingRunCompletedEvent& run = r.run();
  Printf("%s bokföringsdatum %s: journalposter %llu-%llu, %lld verifikationer, debet %s\n",
         r.preview() ? "Förhandsvisning," : "Bokföringsorder", run.posting_date().c_str(),
         static_cast<unsigned long long>(run.from_position()),
         static_cast<unsigned long long>(run.to_position()), static_cast<long long>(run.verifikationer()),
         run.debit_total().kronor().c_str());
  for (const pb::PostingRange& x : run.ranges())
    Printf("  %d: R%lld-R%lld\n", x.year(), static_cast<long long>(x.first()),
           static_cast<long long>(x.last()));
}

void PrintPostings(const pb::PostingsResponse& r) {
  for (const pb::Verifikation& v : r.verifikationer()) {
    Printf("%s%lld  %s  %s  (journalpost %llu, registrerad %s%s%s)\n", v.series().c_str(),
           static_cast<long long>(v.number()), v.date().c_str(), v.text().c_str(),
           static_cast<unsigned long long>(v.position()), v.recorded_at().c_str(),
           v.posting_date().empty() ? "" : ", bokförd ", v.posting_date().c_str());
    for (const pb::PostingLine& l : v.lines())
      Printf("    %6d %16s %16s  %s\n", l.account(), l.amount().ore() > 0 ? l.amount().kronor().c_str() : "",
             l.amount().ore() < 0 ? Money::FromOre(-l.amount().ore()).ToKronor().c_str() : "",
             l.invoice_number() ? FormatInvoiceNumber(l.invoice_number()).c_str() : "");
  }
  if (r.truncated()) Printf("(fler verifikationer: avgränsa med --dates)\n");
  Printf("Saldon (debet +):\n");
  for (const pb::AccountBalance& b : r.balances())
    Printf("  %6d %-48s %16s\n", b.account(), b.name().c_str(), b.balance().kronor().c_str());
}

// Receives an Export stream into `out` (stdout when empty).
int ReceiveExport(pb::Ledger::Stub& stub, const pb::ExportRequest& req, const std::string& out) {
  grpc::ClientContext ctx;
  return ReceiveChunks(*stub.Export(&ctx, req), out);
}

void PrintStatistics(const pb::StatisticsResponse& r) {
  Printf("Debiteringsstatistik  (t.o.m. journalpost %llu)\n", static_cast<unsigned long long>(r.position()));
  Printf("%-5s %-36s %9s %16s %9s\n", "Rutin", "Åtgärd", "Antal", "Belopp", "Andel");
  for (const pb::StatisticsRow& row : r.rows())
    Printf("%-5d %-36s %9lld %16s %6d,%02d %%\n", row.routine(), row.action().c_str(),
           static_cast<long long>(row.count()), row.amount().kronor().c_str(), row.share_bp() / 100,
           std::abs(row.share_bp() % 100));
}

void PrintAccountPlan(const pb::AccountPlan& p) {
  Printf("Kontering%s\n", p.routine() ? absl::StrCat(" rutin ", p.routine()).c_str() : " (företaget)");
  const std::pair<const char*, int32_t> rows[] = {{"kundfordringar", p.receivables()},
                                                  {"överförda differenser", p.carried()},
                                                  {"bank", p.bank()},
                                                  {"förskott från kunder", p.customer_credit()},
                                                  {"oplacerade inbetalningar", p.unallocated()},
                                                  {"utgående moms 25 %", p.vat_25()},
                                                  {"utgående moms 12 %", p.vat_12()},
                                                  {"utgående moms 6 %", p.vat_6()},
                                                  {"avgifter", p.fee_revenue()},
                                                  {"öresutjämning", p.rounding()},
                                                  {"kundförluster", p.credit_losses()},
                                                  {"ränteintäkter", p.interest_revenue()},
                                                  {"uppdebiteringar", p.debit_adjustments()}};
  for (const auto& [label, account] : rows) Printf("  %-26s %d\n", label, account);
}

void PrintHead(const pb::GetHeadResponse& r) {
  Printf("position %llu  hash %s  recorded %s\n", static_cast<unsigned long long>(r.position()),
         r.hash().c_str(), r.recorded_at().c_str());
}

void PrintTrail(const pb::AuditTrailResponse& r) {
  Printf("%8s  %-27s %-10s %-28s %-16s %s\n", "Position", "Registrerad", "Transdatum", "Händelse", "Av",
         "Kommando");
  for (const pb::JournalEvent& e : r.events())
    Printf("%8llu  %-27s %-10s %-28s %-16s %s\n", static_cast<unsigned long long>(e.position()),
           e.recorded_at().c_str(), e.effective_date().c_str(), e.type().c_str(), e.actor().c_str(),
           e.command_id().c_str());
}

// The saldolista's and kundfordringar's selection: the options given.
pb::SaldolistaRequest SaldolistaSelection(const AuditOptions& o, const Globals& g) {
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
  SetRanges(o.routines, o.invoices, r);
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
  r.set_sort(o.sort == "customer"     ? pb::SALDO_SORT_CUSTOMER
             : o.sort == "name"       ? pb::SALDO_SORT_NAME
             : o.sort == "due"        ? pb::SALDO_SORT_DUE_DATE
             : o.sort == "department" ? pb::SALDO_SORT_DEPARTMENT
             : o.sort == "handler"    ? pb::SALDO_SORT_HANDLER
                                      : pb::SALDO_SORT_INVOICE_NUMBER);
  r.set_department(o.department);
  r.set_handler(o.handler);
  r.set_totals_only(o.totals_only);
  return r;
}

// CSV or XLSX through the Export stream, to --out or stdout.
std::function<int(pb::Ledger::Stub&)> ExportTo(const AuditOptions& o, pb::ExportReport report,
                                               pb::SaldolistaRequest selection) {
  if (o.format == "xlsx" && o.out.empty()) throw UsageError{"--format xlsx needs --out FILE"};
  pb::ExportRequest req;
  req.set_report(report);
  req.set_format(o.format == "xlsx" ? pb::EXPORT_FORMAT_XLSX : pb::EXPORT_FORMAT_CSV);
  *req.mutable_selection() = std::move(selection);
  return [&o, req](pb::Ledger::Stub& stub) { return ReceiveExport(stub, req, o.out); };
}

// report saldolista
std::function<int(pb::Ledger::Stub&)> SaldolistaCommand(const AuditOptions& o, const Globals& g) {
  pb::SaldolistaRequest r = SaldolistaSelection(o, g);
  if (o.format != "table") return ExportTo(o, pb::EXPORT_REPORT_SALDOLISTA, std::move(r));
  return [&g, r](pb::Ledger::Stub& stub) {
    grpc::ClientContext ctx;
    pb::SaldolistaResponse resp;
    grpc::Status s = stub.Saldolista(&ctx, r, &resp);
    if (!s.ok()) return Fail(s);
    Output(g, resp, PrintSaldolista);
    return 0;
  };
}

// report kundfordringar
std::function<int(pb::Ledger::Stub&)> AgedCommand(const AuditOptions& o, const Globals& g) {
  pb::SaldolistaRequest r = SaldolistaSelection(o, g);
  if (o.format != "table") return ExportTo(o, pb::EXPORT_REPORT_KUNDFORDRINGAR, std::move(r));
  return [&g, r](pb::Ledger::Stub& stub) {
    grpc::ClientContext ctx;
    pb::AgedReceivablesResponse resp;
    grpc::Status s = stub.AgedReceivables(&ctx, r, &resp);
    if (!s.ok()) return Fail(s);
    Output(g, resp, PrintAged);
    return 0;
  };
}

// audit reprint
std::function<int(pb::Ledger::Stub&)> ReprintCommand(const AuditOptions& o, const Globals& g) {
  pb::ReprintDocumentRequest r;
  r.set_company(g.company);
  r.set_position(o.reprint_position);
  const std::string out = o.out, dir = o.reprint_dir;
  if (!out.empty() && !dir.empty()) throw UsageError{"--out or --dir, not both"};
  return [r, out, dir](pb::Ledger::Stub& stub) {
    grpc::ClientContext ctx;
    if (!dir.empty()) return ReceiveFiles(*stub.ReprintDocument(&ctx, r), dir);
    return ReceiveChunks(*stub.ReprintDocument(&ctx, r), out);
  };
}

// audit verify
std::function<int(pb::Ledger::Stub&)> VerifyCommand(const Globals& g) {
  return [&g](pb::Ledger::Stub& stub) {
    grpc::ClientContext ctx;
    pb::VerifyResponse resp;
    grpc::Status s = stub.Verify(&ctx, pb::VerifyRequest(), &resp);
    if (!s.ok()) return Fail(s);
    if (g.json) {
      Printf("%s\n", ToJson(resp).c_str());
    } else {
      Printf("chain OK: %llu records, head hash %s\nprojections %s a rebuild from the journal\n",
             static_cast<unsigned long long>(resp.records()), resp.head_hash().c_str(),
             resp.projections_match_rebuild() ? "match" : "DO NOT match");
    }
    return resp.projections_match_rebuild() ? 0 : 1;
  };
}

// audit reconcile
std::function<int(pb::Ledger::Stub&)> ReconcileCommand(const AuditOptions& o, const Globals& g) {
  pb::ReconcileRequest r;
  r.mutable_as_of()->set_effective_on(o.effective);
  r.mutable_as_of()->set_known_at(o.known_at);
  // The one company of --company unless a range is asked for: a caller limited to some
  // companies may name only those (issue 23, item 7).
  r.set_company_from(g.company);
  r.set_company_to(g.company);
  if (!o.companies.empty()) {
    auto [a, b] = NumberRange(o.companies, "--companies");
    r.set_company_from(static_cast<int32_t>(a));
    r.set_company_to(static_cast<int32_t>(b));
  }
  return [&g, r](pb::Ledger::Stub& stub) {
    grpc::ClientContext ctx;
    pb::ReconcileResponse resp;
    grpc::Status s = stub.Reconcile(&ctx, r, &resp);
    if (!s.ok()) return Fail(s);
    Output(g, resp, PrintReconcile);
    return resp.ok() ? 0 : 1;
  };
}

// audit postings
std::function<int(pb::Ledger::Stub&)> PostingsCommand(const AuditOptions& o, const Globals& g) {
  pb::PostingsRequest r;
  r.mutable_as_of()->set_known_at(o.known_at);
  r.set_company(g.company);
  auto [df, dt] = DateRange(o.date_from);
  r.set_date_from(df);
  r.set_date_to(dt);
  if (!o.posting_invoice.empty()) r.set_invoice_number(ParseInvoiceNumber(o.posting_invoice));
  return [&g, r](pb::Ledger::Stub& stub) {
    grpc::ClientContext ctx;
    pb::PostingsResponse resp;
    grpc::Status s = stub.Postings(&ctx, r, &resp);
    if (!s.ok()) return Fail(s);
    Output(g, resp, PrintPostings);
    return 0;
  };
}

// audit sie
std::function<int(pb::Ledger::Stub&)> SieCommand(const AuditOptions& o, const Globals& g) {
  pb::SaldolistaRequest sel;
  sel.set_company_from(g.company);
  sel.set_company_to(g.company);  // the company: not the range from it to 999 (issue 23, item 7)
  sel.mutable_as_of()->set_known_at(o.known_at);
  pb::ExportRequest req;
  req.set_report(pb::EXPORT_REPORT_SIE);
  *req.mutable_selection() = sel;
  auto [df, dt] = DateRange(o.date_from);
  req.set_period_from(df);
  req.set_period_to(dt);
  return [&o, req](pb::Ledger::Stub& stub) { return ReceiveExport(stub, req, o.out); };
}

// report statistik
std::function<int(pb::Ledger::Stub&)> StatisticsCommand(const AuditOptions& o, const Globals& g) {
  pb::StatisticsRequest r;
  r.set_company(g.company);
  r.mutable_as_of()->set_known_at(o.known_at);
  auto [df, dt] = DateRange(o.date_from);
  r.set_date_from(df);
  r.set_date_to(dt);
  if (!o.routines.empty()) {
    auto [a, b] = NumberRange(o.routines, "--routines");
    r.set_routine_from(static_cast<int32_t>(a));
    r.set_routine_to(static_cast<int32_t>(b));
  }
  return RpcCall(g, r, &pb::Ledger::Stub::Statistics, PrintStatistics);
}

// report lonsamhet
std::function<int(pb::Ledger::Stub&)> ProfitabilityCommand(const AuditOptions& o, const Globals& g) {
  pb::ProfitabilityRequest r;
  r.set_company(g.company);
  auto [df, dt] = DateRange(o.invoice_dates);
  r.set_invoice_date_from(df);
  r.set_invoice_date_to(dt);
  r.set_on(o.effective);
  if (o.funding_rate_bp) r.set_funding_rate_bp(*o.funding_rate_bp);
  if (o.paper_letter_ore) r.set_paper_letter_ore(*o.paper_letter_ore);
  r.set_by_month(o.by_month);
  return RpcCall(g, r, &pb::Ledger::Stub::Profitability, PrintProfitability);
}

// company accounts set
std::function<int(pb::Ledger::Stub&)> AccountsSetCommand(const AuditOptions& o, const Globals& g) {
  pb::SetAccountPlanRequest r;
  *r.mutable_plan() = o.plan;
  r.mutable_plan()->set_routine(o.routine);
  return CommandCall(g, r, &pb::Ledger::Stub::SetAccountPlan);
}

// company accounts show
std::function<int(pb::Ledger::Stub&)> AccountsShowCommand(const AuditOptions& o, const Globals& g) {
  pb::GetAccountPlanRequest r;
  r.set_company(g.company);
  r.set_routine(o.routine);
  return RpcCall(g, r, &pb::Ledger::Stub::GetAccountPlan, PrintAccountPlan);
}

// invoice archive
std::function<int(pb::Ledger::Stub&)> ArchiveCommand(const AuditOptions& o, const Globals& g) {
  pb::ArchiveInvoicesRequest r;
  r.set_paid_before(o.paid_before);
  SetRanges(o.routines, o.invoices, r);
  for (int code : o.keep_codes) r.add_keep_codes(code);
  r.set_include_uninvoiced_interest(o.include_uninvoiced_interest);
  r.set_preview(o.preview);
  return RpcCall(g, r, &pb::Ledger::Stub::ArchiveInvoices, PrintArchive);
}

// audit post-run
std::function<int(pb::Ledger::Stub&)> PostRunCommand(const AuditOptions& o, const Globals& g) {
  pb::RunPostingsRequest r;
  r.set_posting_date(o.effective);
  r.set_preview(o.preview);
  return RpcCall(g, r, &pb::Ledger::Stub::RunPostings, PrintPostingRun);
}

// audit close
std::function<int(pb::Ledger::Stub&)> CloseCommand(const AuditOptions& o, const Globals& g) {
  pb::ClosePeriodRequest r;
  r.set_through(o.effective);
  r.set_move_to_open(o.move_to_open);
  return CommandCall(g, r, &pb::Ledger::Stub::ClosePeriod);
}

// audit head
std::function<int(pb::Ledger::Stub&)> HeadCommand(const Globals& g) {
  return [&g](pb::Ledger::Stub& stub) {
    grpc::ClientContext ctx;
    pb::GetHeadResponse resp;
    grpc::Status s = stub.GetHead(&ctx, pb::GetHeadRequest(), &resp);
    if (!s.ok()) return Fail(s);
    Output(g, resp, PrintHead);
    return 0;
  };
}

// audit trail
std::function<int(pb::Ledger::Stub&)> TrailCommand(const AuditOptions& o, const Globals& g) {
  pb::AuditTrailRequest r;
  r.set_company(g.company);
  r.set_invoice_number(ParseInvoiceNumber(o.inv));
  return RpcCall(g, r, &pb::Ledger::Stub::AuditTrail, PrintTrail);
}

}  // namespace

std::function<int(pb::Ledger::Stub&)> AuditCommands::Selected() {
  Options& o = *o_;
  const Globals& g = *o.g;
  if (o.saldolista->parsed()) return SaldolistaCommand(o, g);
  if (o.aged->parsed()) return AgedCommand(o, g);
  if (o.reprint->parsed()) return ReprintCommand(o, g);
  if (o.verify->parsed()) return VerifyCommand(g);
  if (o.reconcile->parsed()) return ReconcileCommand(o, g);
  if (o.postings->parsed()) return PostingsCommand(o, g);
  if (o.sie->parsed()) return SieCommand(o, g);
  if (o.statistics->parsed()) return StatisticsCommand(o, g);
  if (o.profitability->parsed()) return ProfitabilityCommand(o, g);
  if (o.accounts_set->parsed()) return AccountsSetCommand(o, g);
  if (o.accounts_show->parsed()) return AccountsShowCommand(o, g);
  if (o.archive->parsed()) return ArchiveCommand(o, g);
  if (o.post_run->parsed()) return PostRunCommand(o, g);
  if (o.close->parsed()) return CloseCommand(o, g);
  if (o.head->parsed()) return HeadCommand(g);
  if (o.trail->parsed()) return TrailCommand(o, g);
  return nullptr;
}

}  // namespace reskontra::cli
