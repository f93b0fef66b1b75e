#include "cli/dunning.h"

#include <cstdio>
#include <fstream>
#include <iostream>

#include "domain/events.h"

namespace reskontra::cli {

struct DunningCommands::Options {
  const Globals* g;
  // dunning policy set
  // Only the options given are changed (Given); the rest stay as the policy in force has them.
  int routine = 0, r1_days = 0, r1_fee = 0, r2_days = 0, r2_fee = 0, demand_days = 0, demand_fee = 0,
      demand_base = 0, residual_days = 0, threat_days = 0, letters = 0, plan_min = 0, plan_approval = 0,
      plan_fee = 0, plan_grace = 0, no_fee_below = 0, runs = 0;
  bool r1_noted = false, r2_noted = false, demand_noted = false, fees_agreed = false, print_interest = false,
       charge_interest = false;
  CLI::App *policy_set, *policy_show, *run, *status, *list, *clear, *move_due, *print_letters;
  int r1_text = 0, r2_text = 0, demand_text = 0, residual_text = 0, threat_text = 0;
  // text register
  CLI::App *text_set, *text_list;
  std::string text_kind = "reminder", text_form = "F", text_file;
  int text_number = 1;
  std::vector<std::string> text_rows;
  std::string letters_out, letters_dir, list_pdf, handler;
  // run / list selection
  std::string date, on, invoices, customer, step, remark, to;
  bool dry_run = false, only_due = false;
  // kravkod
  CLI::App *code_define, *code_list, *code_assign, *code_remove;
  int code = 0;
  std::string code_text, until, inv;
  bool no_invoice = false, no_r1 = false, no_r2 = false, no_demand = false, no_interest = false,
       no_interest_deferral = false, no_threat = false, no_residual = false;
  // deferral
  CLI::App* deferral_grant;
  std::string requested_on, reason;
  // plan
  CLI::App *plan_create, *plan_show, *plan_cancel, *plan_print;
  std::vector<std::string> plan_invoices, outside;
  std::string first, approved_by, plan_id;
  bool last_of_month = false, autogiro = false, plan_no_interest = false;
  int monthly = 0, months = 0, notification_fee = 0;
  // payment order
  CLI::App* order_apply;
  std::string national_id;
  std::vector<std::string> claims;
  int costs = 0, interest_alternative = 1;
  // collection
  CLI::App* collection_export;
  std::string agency, watch, capital_method, fee_method, interest_method, base = "demand", out;
  int days = 0;
  std::vector<std::string> transfer_invoices;
};

using DunningOptions = DunningCommands::Options;

namespace {

const std::map<std::string, pb::DunningStep> kSteps = {
    {"reminder1", pb::DUNNING_STEP_REMINDER_1},        {"reminder2", pb::DUNNING_STEP_REMINDER_2},
    {"demand", pb::DUNNING_STEP_COLLECTION_DEMAND},    {"residual", pb::DUNNING_STEP_RESIDUAL_DEMAND},
    {"threat", pb::DUNNING_STEP_PAYMENT_ORDER_THREAT},
};

std::vector<std::string> StepNames() {
  std::vector<std::string> out;
  for (const auto& [name, step] : kSteps) out.push_back(name);
  return out;
}

int64_t Kronor(int value, const char* what) {
  if (value < 0) throw UsageError{absl::StrCat(what, " must not be negative")};
  return static_cast<int64_t>(value) * 100;
}

void PrintReceipt(const pb::DunningReceipt& r) {
  Printf("%s %s\n", r.dry_run() ? "KONTROLLISTA (nothing written)" : "Dunning run", r.run_date().c_str());
  for (const pb::PlanEndRow& p : r.plans_ended())
    Printf("  plan %s of customer %s ends: %s\n", p.plan_id().c_str(), p.customer_number().c_str(),
           p.reason().c_str());
  Printf("  %-10s %-12s %-24s %-30s %14s %10s\n", "Faktura", "Kund", "Namn", "Åtgärd", "Krav", "Avgift");
  for (const pb::DunningLetter& l : r.letters()) {
    Printf("  %-10s %-12s %-24.24s %-30s %14s %10s%s\n", FormatInvoiceNumber(l.invoice_number()).c_str(),
           l.customer_number().c_str(), l.customer_name().c_str(), l.step_name().c_str(),
           l.claim().kronor().c_str(), l.fee().kronor().c_str(),
           l.fee().ore() == 0 ? ""
           : l.fee_charged()  ? ""
                              : " (ej deb)");
  }
  for (const pb::DunningLetter& l : r.letters()) {
    if (l.accrued_interest().ore() || l.interest_charged().ore() || l.compensation().ore())
      Printf("  %-10s upplupen ränta %s kr%s%s%s\n", FormatInvoiceNumber(l.invoice_number()).c_str(),
             l.accrued_interest().kronor().c_str(), l.interest_charged().ore() ? ", uppdebiterad " : "",
             l.interest_charged().ore() ? (l.interest_charged().kronor() + " kr").c_str() : "",
             l.compensation().ore() ? ", förseningsersättning 450 kr" : "");
    if (l.customer_credit().ore())
      Printf("  %-10s kunden har %s kr tillgodo (står i brevet)\n",
             FormatInvoiceNumber(l.invoice_number()).c_str(), l.customer_credit().kronor().c_str());
  }
  for (int64_t n : r.covered_by_credit())
    Printf("  %-10s inget brev: kundens tillgodohavande täcker fordran\n", FormatInvoiceNumber(n).c_str());
  Printf("  %d letters; fees charged %s kr, noted %s kr\n", r.letters_size(),
         r.fees_charged().kronor().c_str(), r.fees_noted().kronor().c_str());
  if (!r.dry_run())
    Printf("OK positions %llu..%llu%s\n", static_cast<unsigned long long>(r.result().first_position()),
           static_cast<unsigned long long>(r.result().last_position()),
           r.result().replayed() ? " (replayed)" : "");
}

void PrintStatus(const pb::KravStatus& k) {
  Printf("Faktura %s  kund %s  rutin %02d  förfaller %s  saldo %s kr\n",
         FormatInvoiceNumber(k.invoice_number()).c_str(), k.customer_number().c_str(), k.routine(),
         k.due_date().c_str(), k.balance().kronor().c_str());
  for (const pb::StepTaken& s : k.steps())
    Printf("  %-30s %s  avgift %s kr%s\n", s.step_name().c_str(), s.date().c_str(), s.fee().kronor().c_str(),
           s.fee().ore() == 0 ? ""
           : s.fee_charged()  ? " (uppdebiterad)"
                              : " (ej deb)");
  if (k.code())
    Printf("  kravkod %d%s\n", k.code(), k.code_until().empty() ? "" : (" t.o.m. " + k.code_until()).c_str());
  if (!k.deferral_until().empty()) Printf("  anstånd t.o.m. %s\n", k.deferral_until().c_str());
  if (!k.plan_id().empty()) Printf("  amorteringsplan %s\n", k.plan_id().c_str());
  if (!k.payment_order_date().empty())
    Printf("  betalningsföreläggande %s\n", k.payment_order_date().c_str());
  if (!k.collection_date().empty())
    Printf("  inkasso %s (%s)\n", k.collection_date().c_str(), k.agency().c_str());
  if (k.next() != pb::DUNNING_STEP_NONE)
    Printf("  nästa: %s %s%s\n", k.next_step_name().c_str(), k.next_date().c_str(), k.due() ? " (due)" : "");
  if (!k.held_by().empty()) Printf("  väntar: %s\n", k.held_by().c_str());
}

void PrintStatusList(const pb::ListDunningStatusResponse& r) {
  for (const pb::KravStatus& k : r.claims()) {
    Printf("%-10s %-12s %14s  nått: %-2d  nästa: %-30s %-10s %s\n",
           FormatInvoiceNumber(k.invoice_number()).c_str(), k.customer_number().c_str(),
           k.balance().kronor().c_str(), static_cast<int>(k.reached()), k.next_step_name().c_str(),
           k.next_date().c_str(), k.held_by().c_str());
  }
  if (r.truncated()) Printf("(truncated)\n");
}

void PrintPolicies(const pb::GetDunningPoliciesResponse& r) {
  auto step = [](const char* name, const pb::DunningStepPolicy& s) {
    if (!s.has_days()) {
      Printf("    %-12s blank\n", name);
      return;
    }
    Printf("    %-12s %3d days  fee %3d kr %s\n", name, s.days(), s.fee_kronor(),
           s.fee_kronor() ? (s.charged() ? "uppdebiteras" : "ej deb") : "");
  };
  auto policy = [&step](const pb::DunningPolicy& p, const std::string& title) {
    Printf("%s: fees %s, no fee under %lld kr, at most %d letters a month, %s\n", title.c_str(),
           p.fees_agreed() ? "agreed" : "not agreed", static_cast<long long>(p.no_fee_below_ore() / 100),
           p.max_letters_per_month(),
           p.max_runs_per_month()
               ? absl::StrCat("at most ", p.max_runs_per_month(), " reminder runs a month").c_str()
               : "reminder runs without limit");
    step("reminder 1", p.reminder1());
    step("reminder 2", p.reminder2());
    step("inkassokrav", p.demand());
    Printf("    %-12s counted from %s\n", "",
           p.demand_base() == kDemandFromDueDate     ? "the due date"
           : p.demand_base() == kDemandFromReminder2 ? "reminder 2"
                                                     : "reminder 1");
    step("restkrav", p.residual());
    step("hot om BF", p.threat());
    Printf("    %-12s more than %lld kr, approver beyond %d months, fee %d kr, %d days' grace\n", "plan",
           static_cast<long long>(p.plan_min_total_ore() / 100), p.plan_approval_months(),
           p.plan_fee_kronor(), p.plan_grace_days());
  };
  for (const pb::DunningPolicy& p : r.policies())
    policy(p, p.routine() ? absl::StrCat("Rutin ", p.routine()) : std::string("Rutin (default)"));
  if (r.policies().empty()) policy(r.defaults(), "No dunning policy; the defaults");
}

void PrintCodes(const pb::ListDunningCodesResponse& r) {
  for (const pb::DunningCode& c : r.codes()) {
    Printf("%d  %-15s%s%s%s%s%s%s%s%s\n", c.code(), c.text().c_str(), c.no_invoice() ? " ej-faktura" : "",
           c.no_reminder1() ? " ej-p1" : "", c.no_reminder2() ? " ej-p2" : "",
           c.no_demand() ? " ej-inkassokrav" : "", c.no_interest() ? " ej-ränta" : "",
           c.no_interest_in_deferral() ? " ej-ränta-vid-anstånd" : "", c.no_threat() ? " ej-hot" : "",
           c.no_residual() ? " ej-restkrav" : "");
  }
}

void PrintPlans(const pb::ListPlansResponse& r) {
  for (const pb::AmortizationPlan& p : r.plans()) {
    Printf("Plan %s  %s  från %s  skuld %s kr (i reskontran %s kr, betalt %s kr)\n", p.plan_id().c_str(),
           p.state().c_str(), p.established().c_str(), p.total().kronor().c_str(),
           p.ledger_debt().kronor().c_str(), p.paid().kronor().c_str());
    if (p.interest_rule() == "PER_PAYMENT_DAY") {
      Printf(
          "  ränta %s %% per betalningsdag (referensränta + marginal); upplupen t.o.m. planen %s kr, "
          "ny ränta %s kr\n",
          Pct(p.rate_bp()).c_str(), p.accrued_interest().kronor().c_str(),
          p.interest_total().kronor().c_str());
    } else if (p.interest_rule() == "NONE") {
      Printf("  ej ränta: upplupen t.o.m. planen %s kr, ingen ränta därefter\n",
             p.accrued_interest().kronor().c_str());
    }
    for (const pb::PlanInstalment& in : p.instalments())
      Printf("  %s  %12s  (avgifter %s, ränta %s, kapital %s, avisering %s)\n", in.date().c_str(),
             in.amount().kronor().c_str(), in.fees().kronor().c_str(), in.interest().kronor().c_str(),
             in.capital().kronor().c_str(), in.notification_fee().kronor().c_str());
  }
}

std::string Csv(const std::string& s) {
  if (s.find_first_of(";\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The agency file: one claim per line, semicolon-separated, with a header.
std::string CollectionFile(const pb::CollectionTransferResponse& r) {
  std::string out =
      "fakturanummer;kundnummer;person_orgnr;namn;fakturadatum;forfallodag;kapital;avgifter;ranta;fordran;"
      "kravkod;"
      "bevakningstext;paminnelse1;inkassokrav\n";
  for (const pb::CollectionRow& row : r.rows()) {
    absl::StrAppend(&out, FormatInvoiceNumber(row.invoice_number()), ";", Csv(row.customer_number()), ";",
                    row.national_id(), ";", Csv(row.name()), ";", row.invoice_date(), ";", row.due_date(),
                    ";", Money::FromOre(row.capital().ore()).ToDecimal(), ";",
                    Money::FromOre(row.fees().ore()).ToDecimal(), ";",
                    Money::FromOre(row.interest().ore()).ToDecimal(), ";",
                    Money::FromOre(row.claim().ore()).ToDecimal(), ";", row.code(), ";",
                    Csv(row.watch_text()), ";", row.reminder1(), ";", row.demand(), "\n");
  }
  return out;
}

// --routine, --invoices and --customer: the claims a run, a list or a transfer takes.
void AddSelection(CLI::App* a, DunningOptions& o) {
  a->add_option("--routine", o.routine, "only this routine");
  a->add_option("--invoices", o.invoices, "FROM-TO invoice numbers");
  a->add_option("--customer", o.customer, "only this customer");
}

// dunning policy set|show
void AddPolicyCommands(CLI::App* dunning, DunningOptions& o) {
  auto* policy = dunning->add_subcommand("policy", "reminder and demand settings")->require_subcommand(1);
  o.policy_set = policy->add_subcommand(
      "set",
      "change a routine's policy: what is not given stays as in force (`policy show`; the defaults: "
      "Swedish law and practice)");
  o.policy_set->add_option("--routine", o.routine, "billing routine, 0 = the company default");
  o.policy_set->add_option("--reminder1-days", o.r1_days, "days after the due date, -1 = none");
  o.policy_set->add_option("--reminder1-fee", o.r1_fee, "whole kronor (at most 60, lag 1981:739 4 §)");
  o.policy_set->add_flag("--reminder1-noted,!--reminder1-charged", o.r1_noted,
                         "note the fee, do not charge it");
  o.policy_set->add_option("--reminder2-days", o.r2_days, "days after reminder 1, -1 = none");
  o.policy_set->add_option("--reminder2-fee", o.r2_fee, "whole kronor");
  o.policy_set->add_flag("--reminder2-noted,!--reminder2-charged", o.r2_noted);
  o.policy_set->add_option("--demand-days", o.demand_days, "inkassokrav: days after its base, -1 = none");
  o.policy_set->add_option("--demand-base", o.demand_base, "1 reminder 1, 2 reminder 2, 9 due date");
  o.policy_set->add_option("--demand-fee", o.demand_fee, "whole kronor (at most 180)");
  o.policy_set->add_flag("--demand-noted,!--demand-charged", o.demand_noted);
  o.policy_set->add_option("--residual-days", o.residual_days,
                           "restkrav: days after the inkassokrav, -1 = none");
  o.policy_set->add_option("--threat-days", o.threat_days,
                           "hot om betalningsföreläggande: days after the inkassokrav, -1 = none");
  o.policy_set->add_flag("--fees-agreed,!--fees-not-agreed", o.fees_agreed,
                         "fees were agreed with the customers (otherwise none)");
  o.policy_set->add_option("--no-fee-below", o.no_fee_below, "no fee on claims under this many kronor");
  o.policy_set->add_option("--letters-per-month", o.letters, "at most 1 or 2 letters a month per claim");
  o.policy_set->add_option("--runs-per-month", o.runs, "reminder runs of the routine a month, 0 = no limit");
  o.policy_set->add_flag("--print-interest,!--no-print-interest", o.print_interest,
                         "print accrued interest on the letters");
  o.policy_set->add_flag("--charge-interest,!--no-charge-interest", o.charge_interest,
                         "charge the accrued interest at the inkassokrav (needs --print-interest)");
  o.policy_set->add_option("--plan-min", o.plan_min, "a plan must cover more than this (kronor)");
  o.policy_set->add_option("--plan-approval-months", o.plan_approval, "longer plans need an approver");
  o.policy_set->add_option("--plan-fee", o.plan_fee, "avgift för amorteringsplan where agreed (at most 170)");
  o.policy_set->add_option("--plan-grace-days", o.plan_grace,
                           "days before a late instalment counts as missed");
  for (auto [flag, value] :
       {std::pair{"--reminder1-text", &o.r1_text}, std::pair{"--reminder2-text", &o.r2_text},
        std::pair{"--demand-text", &o.demand_text}, std::pair{"--residual-text", &o.residual_text},
        std::pair{"--threat-text", &o.threat_text}})
    o.policy_set->add_option(
        flag, *value,
        "the step's text (1-9; 0, and 1 until a text is stored under it, is the built-in text)");
  o.policy_show = policy->add_subcommand("show", "the company's policies");
}

// dunning text set|list
void AddTextCommands(CLI::App* dunning, DunningOptions& o) {
  auto* text = dunning->add_subcommand("text", "the text register of the letters (handbook 7.4-7.6, 7.9)")
                   ->require_subcommand(1);
  o.text_set = text->add_subcommand(
      "set",
      "store a letter text: rows of at most 53 characters (77 on datapost; restkrav 11 rows, hot om BF 70 "
      "characters); {betala_senast} {fakturanummer} {företag} are filled in");
  o.text_set->add_option("--kind", o.text_kind)
      ->check(CLI::IsMember({"reminder", "demand", "residual", "threat"}));
  o.text_set->add_option("--number", o.text_number, "text number 1-9")->required();
  o.text_set->add_option("--form", o.text_form, "F invoice form, D datapost")
      ->check(CLI::IsMember({"F", "D"}));
  o.text_set->add_option("--row", o.text_rows, "a row of the text (repeat; \"\" ends a paragraph)");
  o.text_set->add_option("--file", o.text_file, "the rows from a UTF-8 text file, one per line");
  o.text_list = text->add_subcommand("list", "the stored texts");
}

// dunning run|letters|status|list|clear|move-due
void AddRunCommands(CLI::App* dunning, DunningOptions& o) {
  o.run = dunning->add_subcommand("run", "a dunning run for a date (all or nothing)");
  o.run->add_option("--date", o.date, "the run date (default today)");
  o.run->add_flag("--dry-run", o.dry_run, "kontrollista: show what would happen, write nothing");
  o.run->add_option("--letters", o.letters_out, "write the run's letters to this PDF file");
  o.run->add_option("--letters-dir", o.letters_dir,
                    "write each letter to its own PDF in this folder, with SHA256SUMS");
  o.run->add_option("--pdf", o.list_pdf, "with --dry-run: the kontrollista as a PDF file");
  AddSelection(o.run, o);
  o.print_letters = dunning->add_subcommand(
      "letters", "print a past run's letters again as one PDF (the same bytes; recorded in the journal)");
  o.print_letters->add_option("--date", o.date, "the run's date")->required();
  o.print_letters->add_option("--out", o.letters_out, "the PDF file (default stdout)");
  o.print_letters->add_option("--dir", o.letters_dir, "one PDF a letter in this folder, with SHA256SUMS");
  o.print_letters->add_option("--routine", o.routine,
                              "the run made for this routine (0: for all); default every run of the day");
  o.status = dunning->add_subcommand("status", "kravstatus of one invoice");
  o.status->add_option("invoice", o.inv)->required();
  o.status->add_option("--on", o.on, "as of this date (default today)");
  o.list = dunning->add_subcommand("list", "kravstatus of many invoices");
  AddSelection(o.list, o);
  o.list->add_option("--step", o.step, "only claims that reached this step")
      ->check(CLI::IsMember(StepNames()));
  o.list->add_flag("--due", o.only_due, "only claims whose next step is due");
  o.list->add_option("--on", o.on);
  o.clear = dunning->add_subcommand("clear", "blank a step's date (its fee is taken off as well)");
  o.clear->add_option("invoice", o.inv)->required();
  o.clear->add_option("--step", o.step)->required()->check(CLI::IsMember(StepNames()));
  o.clear->add_option("--remark", o.remark);
  o.move_due = dunning->add_subcommand("move-due", "move the due date (dunning follows it)");
  o.move_due->add_option("invoice", o.inv)->required();
  o.move_due->add_option("--to", o.to)->required();
  o.move_due->add_option("--remark", o.remark);
}

// kravkod define|list|assign|remove
void AddKravkodCommands(CLI::App& app, DunningOptions& o) {
  auto* kravkod = app.add_subcommand("kravkod", "dunning codes")->require_subcommand(1);
  o.code_define = kravkod->add_subcommand("define", "register or change a kravkod");
  o.code_define->add_option("code", o.code, "1-9")->required();
  o.code_define->add_option("--text", o.code_text)->required();
  o.code_define->add_flag("--no-invoice", o.no_invoice);
  o.code_define->add_flag("--no-reminder1", o.no_r1);
  o.code_define->add_flag("--no-reminder2", o.no_r2);
  o.code_define->add_flag("--no-demand", o.no_demand);
  o.code_define->add_flag("--no-interest", o.no_interest);
  o.code_define->add_flag("--no-interest-in-deferral", o.no_interest_deferral);
  o.code_define->add_flag("--no-threat", o.no_threat);
  o.code_define->add_flag("--no-residual", o.no_residual);
  o.code_list = kravkod->add_subcommand("list", "the register");
  o.code_assign = kravkod->add_subcommand("assign", "set a kravkod on an invoice");
  o.code_assign->add_option("invoice", o.inv)->required();
  o.code_assign->add_option("code", o.code)->required();
  o.code_assign->add_option("--until", o.until, "dunning resumes after this date");
  o.code_remove = kravkod->add_subcommand("remove", "take the kravkod off an invoice");
  o.code_remove->add_option("invoice", o.inv)->required();
}

// deferral grant
void AddDeferralCommands(CLI::App& app, DunningOptions& o) {
  auto* deferral = app.add_subcommand("deferral", "anstånd")->require_subcommand(1);
  o.deferral_grant = deferral->add_subcommand("grant", "asked before the due date, at most three months");
  o.deferral_grant->add_option("invoice", o.inv)->required();
  o.deferral_grant->add_option("--requested-on", o.requested_on)->required();
  o.deferral_grant->add_option("--until", o.until)->required();
  o.deferral_grant->add_option("--reason", o.reason, "why it improves the chance of payment")->required();
}

// plan create|show|print|cancel
void AddPlanCommands(CLI::App& app, DunningOptions& o) {
  auto* plan = app.add_subcommand("plan", "amorteringsplaner")->require_subcommand(1);
  o.plan_create = plan->add_subcommand("create", "an amortisation plan over a customer's claims");
  o.plan_create->add_option("--customer", o.customer)->required();
  o.plan_create->add_option("--invoice", o.plan_invoices, "invoice numbers (repeat)");
  o.plan_create->add_option("--outside", o.outside,
                            "a claim outside the ledger (repeat): \"text;kronor\" (a fee), "
                            "\"text;kronor;YYYY-MM-DD\" (capital with its due date: interest computed) or "
                            "\"text;kronor;ränta kronor\" (capital with its interest given)");
  o.plan_create->add_option("--first", o.first, "first payment day")->required();
  o.plan_create->add_flag("--last-of-month", o.last_of_month, "pay on the last day of each month");
  o.plan_create->add_option("--monthly", o.monthly, "whole kronor a month");
  o.plan_create->add_option("--months", o.months, "or the number of months (at most 48)");
  o.plan_create->add_option("--notification-fee", o.notification_fee,
                            "aviseringsavgift per instalment, kronor");
  o.plan_create->add_option("--approved-by", o.approved_by, "needed beyond the policy's month limit");
  o.plan_create->add_flag("--autogiro-offered", o.autogiro, "autogiro was looked into");
  o.plan_create->add_flag("--no-interest", o.plan_no_interest,
                          "Ej ränta: no interest on the claims while the plan runs (otherwise each "
                          "payment day carries the interest since the last)");
  o.plan_show = plan->add_subcommand("show", "a customer's plans and instalments");
  o.plan_show->add_option("--customer", o.customer)->required();
  o.plan_print = plan->add_subcommand("print", "the plan as a PDF to send the customer, recorded");
  o.plan_print->add_option("--customer", o.customer)->required();
  o.plan_print->add_option("--plan", o.plan_id)->required();
  o.plan_print->add_option("--handler", o.handler, "handläggare to print (at most 30 characters)");
  o.plan_print->add_option("--out", o.letters_out, "the PDF file (default stdout)");
  o.plan_cancel = plan->add_subcommand("cancel", "end a plan");
  o.plan_cancel->add_option("--customer", o.customer)->required();
  o.plan_cancel->add_option("--plan", o.plan_id)->required();
  o.plan_cancel->add_option("--remark", o.remark)->required();
}

// payment-order apply
void AddPaymentOrderCommands(CLI::App& app, DunningOptions& o) {
  auto* order = app.add_subcommand("payment-order", "betalningsföreläggande")->require_subcommand(1);
  o.order_apply = order->add_subcommand("apply", "one debtor's claims (up to 16, across companies)");
  o.order_apply->add_option("--national-id", o.national_id)->required();
  o.order_apply->add_option("--claim", o.claims, "COMPANY:INVOICE (repeat)")->required();
  o.order_apply->add_option("--costs", o.costs, "costs of the case, whole kronor");
  o.order_apply->add_option("--interest-alternative", o.interest_alternative,
                            "1 reference rate + 8 %, 3 none");
}

// collection export
void AddCollectionCommands(CLI::App& app, DunningOptions& o) {
  auto* collection = app.add_subcommand("collection", "överföring till inkasso")->require_subcommand(1);
  o.collection_export =
      collection->add_subcommand("export", "hand claims to a collection agency (file + ledger)");
  AddSelection(o.collection_export, o);
  o.collection_export->add_option("--invoice", o.transfer_invoices, "these invoices only (repeat)");
  o.collection_export->add_option("--base", o.base, "count days from: demand|reminder2")
      ->check(CLI::IsMember({"demand", "reminder2"}));
  o.collection_export->add_option("--days", o.days, "days since the base step");
  o.collection_export->add_option("--agency", o.agency)->required();
  o.collection_export->add_option("--code", o.code, "kravkod set on every claim")->required();
  o.collection_export->add_option("--watch", o.watch, "watch text set on every claim");
  o.collection_export->add_option("--capital-method", o.capital_method, "zero the claim with this method");
  o.collection_export->add_option("--fee-method", o.fee_method, "K method for collection fees");
  o.collection_export->add_option("--interest-method", o.interest_method, "D method for interest");
  o.collection_export->add_flag("--dry-run", o.dry_run, "kontrollista: the file, nothing written");
  o.collection_export->add_option("--out", o.out, "write the agency file here (default stdout)");
}

}  // namespace

DunningCommands::~DunningCommands() = default;

DunningCommands::DunningCommands(CLI::App& app, const Globals& g) : o_(std::make_unique<Options>()) {
  Options& o = *o_;
  o.g = &g;
  auto* dunning =
      app.add_subcommand("dunning", "kravverksamhet: policy, runs, kravstatus")->require_subcommand(1);
  AddPolicyCommands(dunning, o);
  AddTextCommands(dunning, o);
  AddRunCommands(dunning, o);
  AddKravkodCommands(app, o);
  AddDeferralCommands(app, o);
  AddPlanCommands(app, o);
  AddPaymentOrderCommands(app, o);
  AddCollectionCommands(app, o);
}

namespace {

// The policy that governs `routine`: its own, else the company's (routine 0), else the defaults.
pb::DunningPolicy InForce(const pb::GetDunningPoliciesResponse& r, int routine) {
  const pb::DunningPolicy* company = nullptr;
  for (const pb::DunningPolicy& p : r.policies()) {
    if (p.routine() == routine) return p;
    if (p.routine() == 0) company = &p;
  }
  pb::DunningPolicy p = company != nullptr ? *company : r.defaults();
  p.set_routine(routine);
  return p;
}

bool Given(const CLI::App* app, const char* name) { return app->get_option(name)->count() > 0; }

}  // namespace

void DunningCommands::ApplyGiven(const Options& o, pb::DunningPolicy* p) {
  const CLI::App* a = o.policy_set;
  auto step = [a, &o](pb::DunningStepPolicy* s, const char* days, int d, const char* fee, int f,
                      const char* noted, bool n) {
    if (Given(a, days)) {
      if (d < 0) {
        *s = pb::DunningStepPolicy();  // blank: the step is not taken
        return;
      }
      s->set_days(d);
    }
    if (!s->has_days()) {
      if ((fee != nullptr && Given(a, fee)) || (noted != nullptr && Given(a, noted)))
        throw UsageError{absl::StrCat("the step is blank: give ", days, " as well")};
      return;
    }
    if (fee != nullptr && Given(a, fee)) {
      s->set_fee_kronor(f);
      s->set_charged(f > 0);  // a fee given is charged unless --…-noted says otherwise
    }
    if (noted != nullptr && Given(a, noted)) s->set_charged(!n);
    if (Given(a, "--print-interest")) s->set_print_interest(o.print_interest);
  };
  step(p->mutable_reminder1(), "--reminder1-days", o.r1_days, "--reminder1-fee", o.r1_fee,
       "--reminder1-noted", o.r1_noted);
  step(p->mutable_reminder2(), "--reminder2-days", o.r2_days, "--reminder2-fee", o.r2_fee,
       "--reminder2-noted", o.r2_noted);
  step(p->mutable_demand(), "--demand-days", o.demand_days, "--demand-fee", o.demand_fee, "--demand-noted",
       o.demand_noted);
  step(p->mutable_residual(), "--residual-days", o.residual_days, nullptr, 0, nullptr, false);
  step(p->mutable_threat(), "--threat-days", o.threat_days, nullptr, 0, nullptr, false);
  if (Given(a, "--reminder1-text")) p->mutable_reminder1()->set_text_number(o.r1_text);
  if (Given(a, "--reminder2-text")) p->mutable_reminder2()->set_text_number(o.r2_text);
  if (Given(a, "--demand-text")) p->mutable_demand()->set_text_number(o.demand_text);
  if (Given(a, "--residual-text")) p->mutable_residual()->set_text_number(o.residual_text);
  if (Given(a, "--threat-text")) p->mutable_threat()->set_text_number(o.threat_text);
  if (Given(a, "--demand-base")) p->set_demand_base(o.demand_base);
  if (Given(a, "--fees-agreed")) p->set_fees_agreed(o.fees_agreed);
  if (Given(a, "--charge-interest")) p->set_charge_interest_at_demand(o.charge_interest);
  if (Given(a, "--no-fee-below")) p->set_no_fee_below_ore(Kronor(o.no_fee_below, "--no-fee-below"));
  if (Given(a, "--letters-per-month")) p->set_max_letters_per_month(o.letters);
  if (Given(a, "--runs-per-month")) p->set_max_runs_per_month(o.runs);
  if (Given(a, "--plan-min")) p->set_plan_min_total_ore(Kronor(o.plan_min, "--plan-min"));
  if (Given(a, "--plan-approval-months")) p->set_plan_approval_months(o.plan_approval);
  if (Given(a, "--plan-fee")) p->set_plan_fee_kronor(o.plan_fee);
  if (Given(a, "--plan-grace-days")) p->set_plan_grace_days(o.plan_grace);
}

namespace {

void PrintLetterTexts(const pb::ListLetterTextsResponse& list) {
  static constexpr const char* kKinds[] = {"reminder", "demand", "residual", "threat"};
  for (const pb::LetterText& t : list.texts()) {
    Printf("%s %d (%s)\n", kKinds[t.kind() & 3], t.number(),
           t.form() == pb::LetterText::DATAPOST ? "D" : "F");
    for (const std::string& row : t.rows()) Printf("  | %s\n", row.c_str());
  }
  if (list.texts().empty()) Printf("no texts stored: every letter uses its built-in text\n");
}

// --routine, --invoices and --customer into a request's selection.
void SetSelection(const DunningOptions& o, pb::DunningSelection* s) {
  s->set_routine(o.routine);
  if (!o.invoices.empty()) {
    auto [a, b] = NumberRange(o.invoices, "--invoices");
    s->set_first_invoice(a);
    s->set_last_invoice(b);
  }
  s->set_customer_number(o.customer);
}

// dunning policy show
std::function<int(pb::Ledger::Stub&)> PolicyShowCommand(const Globals& g) {
  pb::GetDunningPoliciesRequest r;
  r.set_company(g.company);
  return RpcCall(g, r, &pb::Ledger::Stub::GetDunningPolicies, PrintPolicies);
}

// dunning run: the run or its kontrollista, and the letters or the kontrollista as PDF.
std::function<int(pb::Ledger::Stub&)> RunCommand(const DunningOptions& o, const Globals& g) {
  pb::RunDunningRequest r;
  r.set_run_date(o.date.empty() ? FormatDate(absl::ToCivilDay(absl::Now(), absl::LocalTimeZone())) : o.date);
  r.set_dry_run(o.dry_run);
  SetSelection(o, r.mutable_selection());
  const std::string letters = o.letters_out, dir = o.letters_dir, pdf = o.list_pdf;
  if ((!letters.empty() || !dir.empty()) && o.dry_run)
    throw UsageError{"--letters and --letters-dir write the letters of a run, not of a kontrollista"};
  if (!letters.empty() && !dir.empty()) throw UsageError{"--letters or --letters-dir, not both"};
  if (!pdf.empty() && !o.dry_run) throw UsageError{"--pdf prints the kontrollista: use it with --dry-run"};
  if (!pdf.empty()) {
    return [&g, r, pdf](pb::Ledger::Stub& stub) mutable {
      SetCtx(g, r);
      pb::PrintListRequest list;
      *list.mutable_kontrollista() = r;
      grpc::ClientContext ctx;
      return ReceiveChunks(*stub.PrintList(&ctx, list), pdf);
    };
  }
  return [&g, r, letters, dir](pb::Ledger::Stub& stub) mutable {
    SetCtx(g, r);
    grpc::ClientContext ctx;
    pb::DunningReceipt resp;
    grpc::Status s = stub.RunDunning(&ctx, r, &resp);
    if (!s.ok()) return Fail(s);
    Output(g, resp, PrintReceipt);
    if (letters.empty() && dir.empty()) return 0;
    if (resp.letters_size() == 0) {
      Printf("no letters: no file written\n");
      return 0;
    }
    pb::PrintDunningRunRequest print;
    print.set_company(g.company);
    print.set_run_date(r.run_date());
    print.set_routine(r.selection().routine());  // this run's letters, not another routine's
    print.set_actor(g.actor);
    print.set_one_file_per_letter(!dir.empty());
    grpc::ClientContext print_ctx;
    if (!dir.empty()) return ReceiveFiles(*stub.PrintDunningRun(&print_ctx, print), dir);
    return ReceiveChunks(*stub.PrintDunningRun(&print_ctx, print), letters);
  };
}

// dunning letters
std::function<int(pb::Ledger::Stub&)> PrintLettersCommand(const DunningOptions& o, const Globals& g) {
  pb::PrintDunningRunRequest r;
  r.set_company(g.company);
  r.set_run_date(o.date);
  if (o.print_letters->count("--routine") > 0) r.set_routine(o.routine);
  r.set_actor(g.actor);
  r.set_one_file_per_letter(!o.letters_dir.empty());
  if (!o.letters_dir.empty() && !o.letters_out.empty()) throw UsageError{"--out or --dir, not both"};
  const std::string out = o.letters_out, dir = o.letters_dir;
  return [r, out, dir](pb::Ledger::Stub& stub) {
    grpc::ClientContext ctx;
    if (!dir.empty()) return ReceiveFiles(*stub.PrintDunningRun(&ctx, r), dir);
    return ReceiveChunks(*stub.PrintDunningRun(&ctx, r), out);
  };
}

// dunning status
std::function<int(pb::Ledger::Stub&)> StatusCommand(const DunningOptions& o, const Globals& g) {
  pb::DunningStatusRequest r;
  r.set_company(g.company);
  r.set_invoice_number(ParseInvoiceNumber(o.inv));
  r.set_on(o.on);
  return [&g, r](pb::Ledger::Stub& stub) {
    grpc::ClientContext ctx;
    pb::KravStatus resp;
    grpc::Status s = stub.DunningStatus(&ctx, r, &resp);
    if (!s.ok()) return Fail(s);
    Output(g, resp, PrintStatus);
    return 0;
  };
}

// dunning list
std::function<int(pb::Ledger::Stub&)> ListCommand(const DunningOptions& o, const Globals& g) {
  pb::ListDunningStatusRequest r;
  r.set_company(g.company);
  SetSelection(o, r.mutable_selection());
  if (!o.step.empty()) r.set_reached(kSteps.at(o.step));
  r.set_only_due(o.only_due);
  r.set_only_open(true);
  r.set_on(o.on);
  return [&g, r](pb::Ledger::Stub& stub) {
    grpc::ClientContext ctx;
    pb::ListDunningStatusResponse resp;
    grpc::Status s = stub.ListDunningStatus(&ctx, r, &resp);
    if (!s.ok()) return Fail(s);
    Output(g, resp, PrintStatusList);
    return 0;
  };
}

// dunning clear
std::function<int(pb::Ledger::Stub&)> ClearCommand(const DunningOptions& o, const Globals& g) {
  pb::ClearDunningStepRequest r;
  r.set_invoice_number(ParseInvoiceNumber(o.inv));
  r.set_step(kSteps.at(o.step));
  r.set_remark(o.remark);
  return CommandCall(g, r, &pb::Ledger::Stub::ClearDunningStep);
}

// dunning move-due
std::function<int(pb::Ledger::Stub&)> MoveDueCommand(const DunningOptions& o, const Globals& g) {
  pb::ChangeDueDateRequest r;
  r.set_invoice_number(ParseInvoiceNumber(o.inv));
  r.set_due_date(o.to);
  r.set_remark(o.remark);
  return CommandCall(g, r, &pb::Ledger::Stub::ChangeDueDate);
}

// kravkod define
std::function<int(pb::Ledger::Stub&)> CodeDefineCommand(const DunningOptions& o, const Globals& g) {
  pb::DefineDunningCodeRequest r;
  pb::DunningCode* c = r.mutable_code();
  c->set_code(o.code);
  c->set_text(o.code_text);
  c->set_no_invoice(o.no_invoice);
  c->set_no_reminder1(o.no_r1);
  c->set_no_reminder2(o.no_r2);
  c->set_no_demand(o.no_demand);
  c->set_no_interest(o.no_interest);
  c->set_no_interest_in_deferral(o.no_interest_deferral);
  c->set_no_threat(o.no_threat);
  c->set_no_residual(o.no_residual);
  return CommandCall(g, r, &pb::Ledger::Stub::DefineDunningCode);
}

// dunning text set
std::function<int(pb::Ledger::Stub&)> TextSetCommand(const DunningOptions& o, const Globals& g) {
  auto r = pb::SetLetterTextRequest();
  pb::LetterText* t = r.mutable_text();
  t->set_kind(o.text_kind == "demand"     ? pb::LetterText::COLLECTION_DEMAND
              : o.text_kind == "residual" ? pb::LetterText::RESIDUAL_DEMAND
              : o.text_kind == "threat"   ? pb::LetterText::THREAT
                                          : pb::LetterText::REMINDER);
  t->set_number(o.text_number);
  t->set_form(o.text_form == "D" ? pb::LetterText::DATAPOST : pb::LetterText::INVOICE_FORM);
  if (!o.text_file.empty() && !o.text_rows.empty()) throw UsageError{"give --row or --file, not both"};
  std::vector<std::string> rows = o.text_rows;
  if (!o.text_file.empty()) {
    std::ifstream f(o.text_file);
    if (!f) throw UsageError{absl::StrCat("cannot read ", o.text_file)};
    for (std::string line; std::getline(f, line);)
      rows.push_back(std::string(absl::StripTrailingAsciiWhitespace(line)));
    while (!rows.empty() && rows.back().empty()) rows.pop_back();
  }
  for (std::string& row : rows) t->add_rows(std::move(row));
  return CommandCall(g, r, &pb::Ledger::Stub::SetLetterText);
}

// dunning text list
std::function<int(pb::Ledger::Stub&)> TextListCommand(const Globals& g) {
  return [&g](pb::Ledger::Stub& stub) {
    pb::ListLetterTextsRequest r;
    r.set_company(g.company);
    grpc::ClientContext ctx;
    pb::ListLetterTextsResponse resp;
    grpc::Status s = stub.ListLetterTexts(&ctx, r, &resp);
    if (!s.ok()) return Fail(s);
    Output(g, resp, PrintLetterTexts);
    return 0;
  };
}

// kravkod list
std::function<int(pb::Ledger::Stub&)> CodeListCommand(const Globals& g) {
  return [&g](pb::Ledger::Stub& stub) {
    pb::ListDunningCodesRequest r;
    r.set_company(g.company);
    grpc::ClientContext ctx;
    pb::ListDunningCodesResponse resp;
    grpc::Status s = stub.ListDunningCodes(&ctx, r, &resp);
    if (!s.ok()) return Fail(s);
    Output(g, resp, PrintCodes);
    return 0;
  };
}

// kravkod assign
std::function<int(pb::Ledger::Stub&)> CodeAssignCommand(const DunningOptions& o, const Globals& g) {
  pb::AssignDunningCodeRequest r;
  r.set_invoice_number(ParseInvoiceNumber(o.inv));
  r.set_code(o.code);
  r.set_until(o.until);
  return CommandCall(g, r, &pb::Ledger::Stub::AssignDunningCode);
}

// kravkod remove
std::function<int(pb::Ledger::Stub&)> CodeRemoveCommand(const DunningOptions& o, const Globals& g) {
  pb::RemoveDunningCodeRequest r;
  r.set_invoice_number(ParseInvoiceNumber(o.inv));
  return CommandCall(g, r, &pb::Ledger::Stub::RemoveDunningCode);
}

// deferral grant
std::function<int(pb::Ledger::Stub&)> DeferralGrantCommand(const DunningOptions& o, const Globals& g) {
  pb::GrantDeferralRequest r;
  r.set_invoice_number(ParseInvoiceNumber(o.inv));
  r.set_requested_on(o.requested_on);
  r.set_until(o.until);
  r.set_reason(o.reason);
  return CommandCall(g, r, &pb::Ledger::Stub::GrantDeferral);
}

// plan create
std::function<int(pb::Ledger::Stub&)> PlanCreateCommand(const DunningOptions& o, const Globals& g) {
  pb::CreatePlanRequest r;
  r.set_customer_number(o.customer);
  for (const std::string& n : o.plan_invoices) r.add_invoices(ParseInvoiceNumber(n));
  for (const std::string& x : o.outside) {
    std::vector<std::string> parts = absl::StrSplit(x, ';');
    if (parts.size() != 2 && parts.size() != 3)
      throw UsageError{absl::StrCat("--outside '", x, "' is not \"text;kronor[;due date or interest]\"")};
    pb::OutsideClaim* c = r.add_outside();
    if (parts.size() == 3) {
      if (parts[2].find('-') != std::string::npos) {
        c->set_due_date(parts[2]);
      } else {
        c->set_interest_ore(ParseAmountOre(parts[2], "--outside interest"));
      }
    }
    c->set_text(parts[0]);
    c->set_amount_ore(ParseAmountOre(parts[1], "--outside amount"));
  }
  r.set_first_payment(o.first);
  r.set_last_of_month(o.last_of_month);
  r.set_monthly_ore(Kronor(o.monthly, "--monthly"));
  r.set_months(o.months);
  r.set_notification_fee_ore(Kronor(o.notification_fee, "--notification-fee"));
  r.set_approved_by(o.approved_by);
  r.set_autogiro_offered(o.autogiro);
  r.set_no_interest(o.plan_no_interest);
  return CommandCall(g, r, &pb::Ledger::Stub::CreatePlan);
}

// plan show
std::function<int(pb::Ledger::Stub&)> PlanShowCommand(const DunningOptions& o, const Globals& g) {
  pb::ListPlansRequest r;
  r.set_company(g.company);
  r.set_customer_number(o.customer);
  return [&g, r](pb::Ledger::Stub& stub) {
    grpc::ClientContext ctx;
    pb::ListPlansResponse resp;
    grpc::Status s = stub.ListPlans(&ctx, r, &resp);
    if (!s.ok()) return Fail(s);
    Output(g, resp, PrintPlans);
    return 0;
  };
}

// plan print
std::function<int(pb::Ledger::Stub&)> PlanPrintCommand(const DunningOptions& o, const Globals& g) {
  pb::PrintPlanRequest r;
  r.set_company(g.company);
  r.set_customer_number(o.customer);
  r.set_plan_id(o.plan_id);
  r.set_handler(o.handler);
  r.set_actor(g.actor);
  const std::string out = o.letters_out;
  return [r, out](pb::Ledger::Stub& stub) {
    grpc::ClientContext ctx;
    return ReceiveChunks(*stub.PrintPlan(&ctx, r), out);
  };
}

// plan cancel
std::function<int(pb::Ledger::Stub&)> PlanCancelCommand(const DunningOptions& o, const Globals& g) {
  pb::CancelPlanRequest r;
  r.set_customer_number(o.customer);
  r.set_plan_id(o.plan_id);
  r.set_remark(o.remark);
  return CommandCall(g, r, &pb::Ledger::Stub::CancelPlan);
}

// payment-order apply
std::function<int(pb::Ledger::Stub&)> PaymentOrderCommand(const DunningOptions& o, const Globals& g) {
  pb::ApplyPaymentOrderRequest r;
  r.set_national_id(o.national_id);
  for (const std::string& c : o.claims) {
    std::vector<std::string> parts = absl::StrSplit(c, ':');
    int company = 0;
    if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &company))
      throw UsageError{absl::StrCat("--claim '", c, "' is not COMPANY:INVOICE")};
    pb::ClaimRef* ref = r.add_claims();
    ref->set_company(company);
    ref->set_invoice_number(ParseInvoiceNumber(parts[1]));
  }
  r.set_costs_ore(Kronor(o.costs, "--costs"));
  r.set_interest_alternative(o.interest_alternative);
  return CommandCall(g, r, &pb::Ledger::Stub::ApplyPaymentOrder);
}

// collection export: the agency file, to --out or stdout.
std::function<int(pb::Ledger::Stub&)> CollectionExportCommand(const DunningOptions& o, const Globals& g) {
  pb::TransferToCollectionRequest r;
  SetSelection(o, r.mutable_selection());
  for (const std::string& n : o.transfer_invoices) r.add_invoices(ParseInvoiceNumber(n));
  r.set_base(o.base == "reminder2" ? pb::DUNNING_STEP_REMINDER_2 : pb::DUNNING_STEP_COLLECTION_DEMAND);
  r.set_days(o.days);
  r.set_agency(o.agency);
  r.set_code(o.code);
  r.set_watch_text(o.watch);
  r.set_capital_method(o.capital_method);
  r.set_fee_method(o.fee_method);
  r.set_interest_method(o.interest_method);
  r.set_dry_run(o.dry_run);
  const std::string out = o.out;
  return [&g, r, out](pb::Ledger::Stub& stub) mutable {
    SetCtx(g, r);
    grpc::ClientContext ctx;
    pb::CollectionTransferResponse resp;
    grpc::Status s = stub.TransferToCollection(&ctx, r, &resp);
    if (!s.ok()) return Fail(s);
    const std::string file = CollectionFile(resp);
    if (g.json) {
      Printf("%s\n", ToJson(resp).c_str());
    } else if (out.empty()) {
      std::fputs(file.c_str(), stdout);
    } else {
      std::ofstream f(out, std::ios::binary | std::ios::trunc);
      f << file;
      if (!f) {
        std::fprintf(stderr, "cannot write %s\n", out.c_str());
        return 1;
      }
      Printf("%s%d claims written to %s\n", resp.dry_run() ? "KONTROLLISTA: " : "", resp.rows_size(),
             out.c_str());
    }
    return 0;
  };
}

}  // namespace

std::function<int(pb::Ledger::Stub&)> DunningCommands::Selected() {
  Options& o = *o_;
  const Globals& g = *o.g;
  if (o.policy_set->parsed()) {
    // The policy in force for the routine, as the server has it (its own, the company's, or the
    // domain's defaults), with the options given applied: the CLI invents no value.
    // (Here, not in a function of its own: ApplyGiven is the class's private member.)
    return [&o, &g](pb::Ledger::Stub& stub) {
      pb::GetDunningPoliciesRequest q;
      q.set_company(g.company);
      pb::GetDunningPoliciesResponse current;
      if (grpc::Status s = Query(stub, &pb::Ledger::Stub::GetDunningPolicies, q, &current); !s.ok())
        return Fail(s);
      pb::SetDunningPolicyRequest r;
      *r.mutable_policy() = InForce(current, o.routine);
      try {
        ApplyGiven(o, r.mutable_policy());
      } catch (const UsageError& e) {  // what is wrong shows against the policy in force
        std::fprintf(stderr, "INVALID_ARGUMENT: %s\n", e.message.c_str());
        return 2;
      }
      return CommandCall(g, r, &pb::Ledger::Stub::SetDunningPolicy)(stub);
    };
  }
  if (o.policy_show->parsed()) return PolicyShowCommand(g);
  if (o.run->parsed()) return RunCommand(o, g);
  if (o.print_letters->parsed()) return PrintLettersCommand(o, g);
  if (o.status->parsed()) return StatusCommand(o, g);
  if (o.list->parsed()) return ListCommand(o, g);
  if (o.clear->parsed()) return ClearCommand(o, g);
  if (o.move_due->parsed()) return MoveDueCommand(o, g);
  if (o.code_define->parsed()) return CodeDefineCommand(o, g);
  if (o.text_set->parsed()) return TextSetCommand(o, g);
  if (o.text_list->parsed()) return TextListCommand(g);
  if (o.code_list->parsed()) return CodeListCommand(g);
  if (o.code_assign->parsed()) return CodeAssignCommand(o, g);
  if (o.code_remove->parsed()) return CodeRemoveCommand(o, g);
  if (o.deferral_grant->parsed()) return DeferralGrantCommand(o, g);
  if (o.plan_create->parsed()) return PlanCreateCommand(o, g);
  if (o.plan_show->parsed()) return PlanShowCommand(o, g);
  if (o.plan_print->parsed()) return PlanPrintCommand(o, g);
  if (o.plan_cancel->parsed()) return PlanCancelCommand(o, g);
  if (o.order_apply->parsed()) return PaymentOrderCommand(o, g);
  if (o.collection_export->parsed()) return CollectionExportCommand(o, g);
  return {};
}

}  // namespace reskontra::cli
