#include "cli/interest.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_replace.h"

namespace reskontra::cli {

struct InterestCommands::Options {
  const Globals* g;
  CLI::App *rate_set, *rate_list, *policy_set, *policy_show, *show, *uninvoiced, *run, *transfer,
      *record_paid;
  std::string effective, rate, source = "Riksbanken, referensränta (räntelagen 9 §)";
  // policy set: only the options given change the policy in force.
  std::string margin;
  bool day_after = false, estates_charged = false, compensation = false;
  int start_after = 0, min_interest = 0, min_days = 0, due_days = 0, account = 0;
  std::string inv, date, from, paid_from, paid_to, due, amount, remark, invoices, customer, documents;
  int routine = 0;
  bool explain = false, dry_run = false, all = false;
  std::optional<int> sel_min_interest, sel_min_days;
};

using InterestOptions = InterestCommands::Options;

namespace {

// "2,00" / "-0.50" / "2" -> hundredths of a percent.
int32_t ParseRate(const std::string& text) {
  std::string t = absl::StrReplaceAll(text, {{",", "."}});
  const bool negative = !t.empty() && t[0] == '-';
  if (negative) t = t.substr(1);
  const size_t dot = t.find('.');
  std::string whole = t.substr(0, dot), frac = dot == std::string::npos ? "" : t.substr(dot + 1);
  int32_t w = 0, f = 0;
  if (whole.empty() || frac.size() > 2 || !absl::SimpleAtoi(whole, &w) ||
      (!frac.empty() && !absl::SimpleAtoi(frac, &f)) ||
      whole.find_first_not_of("0123456789") != std::string::npos ||
      frac.find_first_not_of("0123456789") != std::string::npos)
    throw UsageError{
        absl::StrCat("rate '", text, "' must be a percentage with at most two decimals, e.g. 2,00")};
  if (frac.size() == 1) f *= 10;
  const int32_t bp = w * 100 + f;
  return negative ? -bp : bp;
}

void PrintRates(const pb::ListReferenceRatesResponse& r) {
  Printf("%-12s %8s  %s\n", "Från", "Ref.ränta", "Källa");
  for (const pb::ReferenceRate& x : r.rates())
    Printf("%-12s %7s %%  %s\n", x.effective().c_str(), x.rate().c_str(), x.source().c_str());
}

void PrintPolicy(const pb::GetInterestPolicyResponse& r) {
  const pb::InterestPolicy& p = r.policy();
  Printf("Dröjsmålsränta%s: referensräntan + %s procentenheter, från %s\n",
         r.is_default() ? " (defaults)" : "", Pct(p.margin_bp()).c_str(),
         p.from_day_after() ? "dagen efter förfallodagen (räntelagen 3 §)"
                            : "förfallodagen (handbokens alternativ)");
  if (p.start_after_invoice_days())
    Printf("  tidigast %d dagar efter fakturadatum\n", p.start_after_invoice_days());
  Printf("  minsta ränta %d kr, minst %d dagar sen betalning\n", p.min_interest_kronor(), p.min_days_late());
  Printf("  dödsbon %s, förseningsersättning %s\n", p.estates_exempt() ? "räntefria" : "debiteras ränta",
         p.late_compensation() ? "450 kr (näringsidkare)" : "nej");
  Printf("  räntefakturor förfaller om %d dagar, intäktskonto %d\n", p.invoice_due_days(),
         p.revenue_account());
}

void PrintAccrued(const pb::AccruedInterestResponse& r, bool explain) {
  Printf("Faktura %s  dröjsmålsränta t.o.m. %s%s: %s kr", FormatInvoiceNumber(r.invoice_number()).c_str(),
         r.end().c_str(), r.definitive() ? " (slutbetald, definitiv)" : "", r.total().kronor().c_str());
  if (r.days()) Printf("  (%d räntedagar från %s)", r.days(), r.start().c_str());
  Printf("\n");
  if (!r.exemption().empty()) Printf("  ingen ränta: %s\n", r.exemption().c_str());
  if (!r.unregistered_half_year().empty())
    Printf("  OBS: ingen referensränta registrerad från %s; den senaste används (reskontra rate set)\n",
           r.unregistered_half_year().c_str());
  if (r.charged().ore()) Printf("  uppdebiterad upplupen ränta %s kr\n", r.charged().kronor().c_str());
  if (r.paid_recorded().ore())
    Printf("  inbetald upplupen ränta %s kr\n", r.paid_recorded().kronor().c_str());
  if (r.interest_invoice())
    Printf("  %s %s: %s kr\n", r.transferred() ? "överförd till faktura" : "räntefaktura",
           FormatInvoiceNumber(r.interest_invoice()).c_str(), r.invoiced().kronor().c_str());
  if (!explain) return;
  Printf("  %-10s %-10s %5s %14s %8s %8s %12s %18s\n", "Från", "Till", "Dagar", "Kapital", "Ref.", "Ränta %",
         "Ränta kr", "Exakt öre");
  for (const pb::InterestLine& l : r.lines())
    Printf("  %-10s %-10s %5d %14s %8s %8s %12s %18s\n", l.from().c_str(), l.to().c_str(), l.days(),
           l.capital().kronor().c_str(), Pct(l.reference_bp()).c_str(), Pct(l.rate_bp()).c_str(),
           l.interest().kronor().c_str(), l.exact_ore().c_str());
  Printf("  %-10s %-10s %5d %14s %8s %8s %12s %18s\n", "Summa", "", r.days(), "", "", "",
         r.total().kronor().c_str(), r.exact_ore().c_str());
  Printf("  %s\n", r.convention().c_str());
}

void PrintRun(const pb::InterestRunResponse& r) {
  Printf("%-10s %-10s %-22s %-10s %-10s %5s %5s %11s %11s %11s %10s %s\n", "Faktura", "Kund", "Namn",
         "Förfallen", "Slutbet.", "Sen", "Dagar", "Ränta", "Avdrag", "Att fakt.", "Ny faktura", "");
  for (const pb::InterestClaim& c : r.claims()) {
    Printf("%-10s %-10s %-22.22s %-10s %-10s %5d %5d %11s %11s %11s %10s %s%s\n",
           FormatInvoiceNumber(c.invoice_number()).c_str(), c.customer_number().c_str(),
           c.customer_name().c_str(), c.due_date().c_str(), c.paid_on().c_str(), c.days_late(), c.days(),
           c.interest().kronor().c_str(), c.deducted().kronor().c_str(), c.amount().kronor().c_str(),
           c.interest_invoice() ? FormatInvoiceNumber(c.interest_invoice()).c_str() : "",
           c.skipped().empty() ? "" : "ej: ", c.skipped().c_str());
    if (c.compensation().ore())
      Printf("%-10s förseningsersättning %s kr\n", "", c.compensation().kronor().c_str());
    if (c.fees_noted().ore())
      Printf("%-10s ej debiterade avgifter %s kr\n", "", c.fees_noted().kronor().c_str());
  }
  Printf("Summa ränta %s kr, förseningsersättning %s kr%s\n", r.total().kronor().c_str(),
         r.compensation().kronor().c_str(), r.dry_run() ? "  (nothing written)" : "");
  if (!r.dry_run())
    Printf("OK positions %llu..%llu%s\n", static_cast<unsigned long long>(r.result().first_position()),
           static_cast<unsigned long long>(r.result().last_position()),
           r.result().replayed() ? " (replayed)" : "");
}

}  // namespace

InterestCommands::~InterestCommands() = default;

InterestCommands::InterestCommands(CLI::App& app, const Globals& g) : o_(std::make_unique<Options>()) {
  Options& o = *o_;
  o.g = &g;
  auto* rate =
      app.add_subcommand("rate", "the reference-rate register (all companies)")->require_subcommand(1);
  o.rate_set = rate->add_subcommand("set", "Riksbanken's reference rate from a date (1 Jan / 1 Jul)");
  o.rate_set->add_option("effective", o.effective, "in force from (YYYY-MM-DD)")->required();
  o.rate_set->add_option("rate", o.rate, "percent with two decimals, e.g. 1,75 or -0,50")->required();
  o.rate_set->add_option("--source", o.source, "where the figure comes from (SFS number)");
  o.rate_list = rate->add_subcommand("list", "every registered reference rate");

  auto* interest = app.add_subcommand("interest", "dröjsmålsränta: accrued interest, interest invoicing")
                       ->require_subcommand(1);
  auto* policy =
      interest->add_subcommand("policy", "the company's interest parameters")->require_subcommand(1);
  o.policy_set = policy->add_subcommand(
      "set", "change the company's interest policy: what is not given stays as in force (`policy show`)");
  o.policy_set->add_option("--margin", o.margin, "percentage points over the reference rate, e.g. 8,0");
  o.policy_set->add_flag("--from-day-after,!--from-due-date", o.day_after,
                         "interest from the day after the due date (räntelagen 3 §, the default), or from "
                         "the due date itself");
  o.policy_set->add_option("--start-after-invoice-days", o.start_after,
                           "no interest before invoice date + N");
  o.policy_set->add_option("--min-interest", o.min_interest, "minsta ränta, whole kronor");
  o.policy_set->add_option("--min-days-late", o.min_days, "paid at least N days after the due date");
  o.policy_set->add_flag("--charge-estates,!--estates-exempt", o.estates_charged,
                         "charge interest on estates (dödsbon) too");
  o.policy_set->add_flag("--late-compensation,!--no-late-compensation", o.compensation,
                         "förseningsersättning 450 kr for businesses");
  o.policy_set->add_option("--due-days", o.due_days, "interest invoices fall due N days ahead");
  o.policy_set->add_option("--account", o.account, "interest revenue account");
  o.policy_show = policy->add_subcommand("show", "the company's interest policy");

  o.show = interest->add_subcommand("show", "accrued interest of an invoice (F15)");
  o.show->add_option("invoice", o.inv)->required();
  o.show->add_option("--date", o.date, "up to this date (default today; a paid claim stops at its payment)");
  o.show->add_option("--from", o.from, "count only days from this date on");
  o.show->add_flag("--explain", o.explain, "one line per sub-period");

  auto selection = [&o](CLI::App* a) {
    a->add_option("--paid-from", o.paid_from, "slutbetalningsdatum from")->required();
    a->add_option("--paid-to", o.paid_to, "slutbetalningsdatum to")->required();
    a->add_option("--routine", o.routine, "only this routine");
    a->add_option("--invoices", o.invoices, "FROM-TO invoice numbers");
    a->add_option("--customer", o.customer, "only this customer");
    a->add_option("--min-interest", o.sel_min_interest, "minsta ränta, kronor (default: the policy's)");
    a->add_option("--min-days-late", o.sel_min_days, "minst antal dagar (default: the policy's)");
  };
  o.uninvoiced =
      interest->add_subcommand("uninvoiced", "ej debiterade räntor och avgifter on fully paid claims");
  selection(o.uninvoiced);
  o.uninvoiced->add_flag("--all", o.all, "list the claims under the thresholds too, with the reason");
  o.run = interest->add_subcommand("invoice-run", "räntefakturering: one interest invoice per paid claim");
  selection(o.run);
  o.run->add_option("--due", o.due, "due date (default: the policy's days ahead, weekend -> Monday)");
  o.run->add_flag("--dry-run", o.dry_run, "show what would be invoiced, write nothing");
  o.run->add_option("--documents", o.documents,
                    "write the interest invoices to this PDF file (recorded; Ej faktura ones left out)");
  o.transfer =
      interest->add_subcommand("transfer-next", "carry the interest to each customer's next invoice");
  selection(o.transfer);
  o.transfer->add_flag("--dry-run", o.dry_run, "show what would be transferred, write nothing");
  o.record_paid = interest->add_subcommand("record-paid", "inbetald upplupen ränta (paid, never charged)");
  o.record_paid->add_option("invoice", o.inv)->required();
  o.record_paid->add_option("amount", o.amount)->required();
  o.record_paid->add_option("--remark", o.remark);
}

namespace {

// The --paid-from/--paid-to selection (and its thresholds) of uninvoiced, invoice-run and transfer-next.
void FillSelection(const InterestOptions& o, pb::InterestSelection* s) {
  s->set_paid_from(o.paid_from);
  s->set_paid_to(o.paid_to);
  s->mutable_selection()->set_routine(o.routine);
  if (!o.invoices.empty()) {
    auto [a, b] = NumberRange(o.invoices, "--invoices");
    s->mutable_selection()->set_first_invoice(a);
    s->mutable_selection()->set_last_invoice(b);
  }
  s->mutable_selection()->set_customer_number(o.customer);
  if (o.sel_min_interest) s->set_min_interest_kronor(*o.sel_min_interest);
  if (o.sel_min_days) s->set_min_days_late(*o.sel_min_days);
}

// rate set
std::function<int(pb::Ledger::Stub&)> RateSetCommand(const InterestOptions& o, const Globals& g) {
  pb::SetReferenceRateRequest r;
  r.set_effective(o.effective);
  r.set_rate_bp(ParseRate(o.rate));
  r.set_source(o.source);
  return [&g, r](pb::Ledger::Stub& stub) mutable {
    SetCtx(g, r);
    r.mutable_ctx()->set_company(0);  // the register is shared by all companies
    grpc::ClientContext ctx;
    pb::CommandResponse resp;
    grpc::Status s = stub.SetReferenceRate(&ctx, r, &resp);
    if (!s.ok()) return Fail(s);
    Output(g, resp, PrintCommand);
    return 0;
  };
}

// rate list
std::function<int(pb::Ledger::Stub&)> RateListCommand(const Globals& g) {
  return [&g](pb::Ledger::Stub& stub) {
    grpc::ClientContext ctx;
    pb::ListReferenceRatesResponse resp;
    grpc::Status s = stub.ListReferenceRates(&ctx, pb::ListReferenceRatesRequest(), &resp);
    if (!s.ok()) return Fail(s);
    Output(g, resp, PrintRates);
    return 0;
  };
}

// interest policy set
std::function<int(pb::Ledger::Stub&)> PolicySetCommand(const InterestOptions& o, const Globals& g) {
  // The policy in force (or the domain's defaults, as the server has them) with the options
  // given applied: the CLI invents no value.
  int32_t margin = 0;
  if (!o.margin.empty()) {
    margin = ParseRate(o.margin);
    if (margin % 10 != 0) throw UsageError{"--margin has one decimal, e.g. 8,0"};
  }
  return [&o, &g, margin](pb::Ledger::Stub& stub) {
    pb::GetInterestPolicyRequest q;
    q.set_company(g.company);
    pb::GetInterestPolicyResponse current;
    if (grpc::Status s = Query(stub, &pb::Ledger::Stub::GetInterestPolicy, q, &current); !s.ok())
      return Fail(s);
    pb::SetInterestPolicyRequest r;
    pb::InterestPolicy* p = r.mutable_policy();
    *p = current.policy();
    const CLI::App* a = o.policy_set;
    auto given = [a](const char* name) { return a->get_option(name)->count() > 0; };
    if (given("--margin")) p->set_margin_bp(margin);
    if (given("--from-day-after")) p->set_from_day_after(o.day_after);
    if (given("--start-after-invoice-days")) p->set_start_after_invoice_days(o.start_after);
    if (given("--min-interest")) p->set_min_interest_kronor(o.min_interest);
    if (given("--min-days-late")) p->set_min_days_late(o.min_days);
    if (given("--charge-estates")) p->set_estates_exempt(!o.estates_charged);
    if (given("--late-compensation")) p->set_late_compensation(o.compensation);
    if (given("--due-days")) p->set_invoice_due_days(o.due_days);
    if (given("--account")) p->set_revenue_account(o.account);
    return CommandCall(g, r, &pb::Ledger::Stub::SetInterestPolicy)(stub);
  };
}

// interest policy show
std::function<int(pb::Ledger::Stub&)> PolicyShowCommand(const Globals& g) {
  return [&g](pb::Ledger::Stub& stub) {
    pb::GetInterestPolicyRequest r;
    r.set_company(g.company);
    grpc::ClientContext ctx;
    pb::GetInterestPolicyResponse resp;
    grpc::Status s = stub.GetInterestPolicy(&ctx, r, &resp);
    if (!s.ok()) return Fail(s);
    Output(g, resp, PrintPolicy);
    return 0;
  };
}

// interest show
std::function<int(pb::Ledger::Stub&)> ShowCommand(const InterestOptions& o, const Globals& g) {
  pb::AccruedInterestRequest r;
  r.set_company(g.company);
  r.set_invoice_number(ParseInvoiceNumber(o.inv));
  r.set_date(o.date);
  r.set_from(o.from);
  const bool explain = o.explain;
  return [&g, r, explain](pb::Ledger::Stub& stub) {
    grpc::ClientContext ctx;
    pb::AccruedInterestResponse resp;
    grpc::Status s = stub.AccruedInterest(&ctx, r, &resp);
    if (!s.ok()) return Fail(s);
    if (g.json)
      Printf("%s\n", ToJson(resp).c_str());
    else
      PrintAccrued(resp, explain);
    return 0;
  };
}

// interest uninvoiced
std::function<int(pb::Ledger::Stub&)> UninvoicedCommand(const InterestOptions& o, const Globals& g) {
  pb::UninvoicedInterestRequest r;
  r.set_company(g.company);
  FillSelection(o, r.mutable_selection());
  r.set_include_skipped(o.all);
  return [&g, r](pb::Ledger::Stub& stub) {
    grpc::ClientContext ctx;
    pb::InterestRunResponse resp;
    grpc::Status s = stub.UninvoicedInterest(&ctx, r, &resp);
    if (!s.ok()) return Fail(s);
    Output(g, resp, PrintRun);
    return 0;
  };
}

// interest invoice-run|transfer-next, and with --documents the interest invoices as PDF
std::function<int(pb::Ledger::Stub&)> InvoiceRunCommand(const InterestOptions& o, const Globals& g) {
  const bool transfer = o.transfer->parsed();
  pb::InterestRunRequest r;
  FillSelection(o, r.mutable_selection());
  r.set_due_date(o.due);
  r.set_dry_run(o.dry_run);
  const std::string documents = o.documents;
  if (!documents.empty() && o.dry_run)
    throw UsageError{"--documents prints the invoices of a run, not of a dry run"};
  return [&g, r, transfer, documents](pb::Ledger::Stub& stub) mutable {
    SetCtx(g, r);
    grpc::ClientContext ctx;
    pb::InterestRunResponse resp;
    grpc::Status s;
    if (transfer) {
      pb::TransferInterestRequest t;
      *t.mutable_ctx() = r.ctx();
      *t.mutable_selection() = r.selection();
      t.set_dry_run(r.dry_run());
      s = stub.TransferInterestToNextInvoice(&ctx, t, &resp);
    } else {
      s = stub.RunInterestInvoicing(&ctx, r, &resp);
    }
    if (!s.ok()) return Fail(s);
    Output(g, resp, PrintRun);
    if (documents.empty()) return 0;
    pb::PrintInvoicesRequest print;
    print.set_company(g.company);
    print.set_actor(g.actor);
    for (const pb::InterestClaim& c : resp.claims())
      if (c.skipped().empty() && c.interest_invoice() != 0) print.add_invoice_numbers(c.interest_invoice());
    if (print.invoice_numbers_size() == 0) {
      Printf("no interest invoices: no file written\n");
      return 0;
    }
    grpc::ClientContext print_ctx;
    return ReceiveChunks(*stub.PrintInvoices(&print_ctx, print), documents);
  };
}

// interest record-paid
std::function<int(pb::Ledger::Stub&)> RecordPaidCommand(const InterestOptions& o, const Globals& g) {
  pb::RecordPaidInterestRequest r;
  r.set_invoice_number(ParseInvoiceNumber(o.inv));
  r.set_amount_ore(ParseAmountOre(o.amount, "amount"));
  r.set_remark(o.remark);
  return CommandCall(g, r, &pb::Ledger::Stub::RecordPaidInterest);
}

}  // namespace

std::function<int(pb::Ledger::Stub&)> InterestCommands::Selected() {
  Options& o = *o_;
  const Globals& g = *o.g;
  if (o.rate_set->parsed()) return RateSetCommand(o, g);
  if (o.rate_list->parsed()) return RateListCommand(g);
  if (o.policy_set->parsed()) return PolicySetCommand(o, g);
  if (o.policy_show->parsed()) return PolicyShowCommand(g);
  if (o.show->parsed()) return ShowCommand(o, g);
  if (o.uninvoiced->parsed()) return UninvoicedCommand(o, g);
  if (o.run->parsed() || o.transfer->parsed()) return InvoiceRunCommand(o, g);
  if (o.record_paid->parsed()) return RecordPaidCommand(o, g);
  return {};
}

}  // namespace reskontra::cli
