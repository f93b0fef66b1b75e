// reskontra: the command-line client of reskontrad, over gRPC.
//
//   reskontra customer add 10001 --name "Anna Lindqvist" --national-id 6408233234
//   reskontra invoice issue 020001001 --customer 10001 --invoice-date 2026-11-01
//       --due-date 2026-11-30 --line "Hemtjänst november;1250,00;0;3012"
//   reskontra payment record --invoice 020001001 --amount 500
//   reskontra invoice show 020001001 --json
//
// Errors print the gRPC code name and message on stderr and exit 1 (2 for usage errors).
#include <fcntl.h>
#include <grpcpp/create_channel.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cli/audit.h"
#include "cli/common.h"
#include "cli/dunning.h"
#include "cli/interest.h"
#include "cli/json.h"
#include "client/channel.h"
#include "domain/date.h"
#include "domain/ids.h"
#include "domain/money.h"
#include "journal/backup.h"
#include "reskontra/v1/ledger.grpc.pb.h"

namespace pb = reskontra::v1;
using namespace reskontra::cli;  // NOLINT

int main(int argc, char** argv) {
  CLI::App app{"reskontra: client for the Reskontra ledger"};
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand: `invoice show N --json`
  Globals g;
  const char* user = std::getenv("USER");
  g.actor = user && *user ? user : "cli";
  app.add_option("--server", g.server, "reskontrad address")->envname("RESKONTRA_SERVER");
  reskontra::client::ChannelOptions connection;
  app.add_option("--token", connection.token, "API token (services/auth.h)")->envname("RESKONTRA_TOKEN");
  app.add_option("--tls-ca", connection.tls_ca, "PEM CA of the server's certificate: connect with TLS")
      ->envname("RESKONTRA_TLS_CA");
  app.add_option("--tls-cert", connection.tls_cert, "PEM client certificate (with --tls-key)")
      ->envname("RESKONTRA_TLS_CERT");
  app.add_option("--tls-key", connection.tls_key, "PEM client key")->envname("RESKONTRA_TLS_KEY");
  app.add_option("--company", g.company, "company (företagsnummer)");
  app.add_option("--actor", g.actor, "who does it (default $USER)");
  app.add_option("--command-id", g.command_id, "idempotency key (default: random)");
  app.add_option("--expected-version", g.expected_version,
                 "expected stream version (optimistic concurrency)");
  app.add_flag("--json", g.json, "machine-readable output");

  // Each subcommand fills `call` with what it sends; main runs it after parsing.
  std::function<int(pb::Ledger::Stub&)> call;
  auto command = [&](auto request, auto method) { call = CommandCall(g, request, method); };

  // company add
  auto* company = app.add_subcommand("company", "companies (företag)")->require_subcommand(1)->fallthrough();
  std::string company_name, org_number;
  auto* company_add = company->add_subcommand("add", "register the company given by --company");
  company_add->add_option("--name", company_name)->required();
  company_add->add_option("--org-number", org_number);

  std::string bankgiro, over_limit = "0", under_limit = "0", ocr_control = "soft";
  int sd_account = 3740;
  auto* company_settings =
      company->add_subcommand("payment-settings", "bankgiro number and small-difference limits");
  company_settings->add_option("--bankgiro", bankgiro, "receiving bankgiro number")->required();
  company_settings->add_option("--over-limit", over_limit, "kronor kept as income when overpaid (default 0)");
  company_settings->add_option("--under-limit", under_limit, "kronor written off when underpaid (default 0)");
  company_settings->add_option("--account", sd_account, "account for small differences (default 3740)");
  company_settings->add_option("--ocr-control", ocr_control, "soft|hard|variable")
      ->check(CLI::IsMember({"soft", "hard", "variable"}));
  std::string allocation_order, reference_kind = "ocr";
  bool oldest_first = false, carry_next = false, ocr_length_digit = false;
  std::vector<std::string> agency_giros;
  company_settings->add_option("--allocation-order", allocation_order,
                               "order inside an invoice: F fees, I interest, C capital (default FIC)");
  company_settings->add_flag("--oldest-first", oldest_first,
                             "payments whose invoice is unknown go to the customer's oldest invoices");
  company_settings->add_flag("--carry-to-next-invoice", carry_next,
                             "differences within the limits go to the next invoice instead");
  company_settings->add_option("--agency-giro", agency_giros,
                               "a collection agency's giro number (repeatable)");
  company_settings->add_flag("--ocr-length-digit", ocr_length_digit,
                             "generated OCR references get a length digit");
  company_settings->add_option("--reference-kind", reference_kind, "ocr|kid10|kid11")
      ->check(CLI::IsMember({"ocr", "kid10", "kid11"}));

  // method define|list (inbetalningssätt)
  auto* method = app.add_subcommand("method", "payment methods (inbetalningssätt)")->require_subcommand(1);
  std::string method_code, method_text, method_special = "none";
  bool method_debit = false, method_not_posted = false, method_no_interest = false, method_text_only = false;
  int method_account = 0;
  auto* method_define = method->add_subcommand("define", "register or change a payment method");
  method_define->add_option("code", method_code, "one digit or letter")->required();
  method_define->add_option("--text", method_text, "at most 15 characters")->required();
  method_define->add_flag("--debit", method_debit, "D: raises the claim (default K: lowers it)");
  method_define->add_flag("--not-posted", method_not_posted, "bokföres ej");
  method_define->add_flag("--no-interest", method_no_interest, "dröjsmålsfaktureras ej");
  method_define
      ->add_option("--special", method_special,
                   "P reminder fee, K collection fee, D interest: only lowers that charge")
      ->check(CLI::IsMember({"none", "P", "K", "D"}));
  method_define->add_flag("--text-only", method_text_only, "a text code without amounts");
  method_define->add_option("--account", method_account, "fixed kontering account");
  auto* method_list = method->add_subcommand("list", "the register");

  // Fyra ögon: company approval-policy; approval list|approve|reject
  bool approve_annulments = false, approve_write_offs = false, approvals_all = false;
  std::string write_off_from = "0", approval_reason, approval_invoice;
  int64_t approval_id = 0;
  auto* company_approval = company->add_subcommand(
      "approval-policy", "which annulments and write-offs need a second user's approval (fyra ögon)");
  company_approval->add_flag("--annulment", approve_annulments, "every annulment (makulering)");
  company_approval->add_flag("--write-off", approve_write_offs, "write-offs (of at least --write-off-from)");
  company_approval->add_option("--write-off-from", write_off_from, "kronor (default 0: every write-off)");
  auto* approval =
      app.add_subcommand("approval", "four-eyes requests (attest)")->require_subcommand(1)->fallthrough();
  auto* approval_list = approval->add_subcommand("list", "the requests waiting (--all: every request)");
  approval_list->add_flag("--all", approvals_all, "decided requests too");
  approval_list->add_option("--invoice", approval_invoice, "only this invoice's");
  auto* approval_approve = approval->add_subcommand("approve", "approve another user's request");
  auto* approval_reject =
      approval->add_subcommand("reject", "reject a request (a reason is needed unless it is your own)");
  for (CLI::App* sub : {approval_approve, approval_reject}) {
    sub->add_option("id", approval_id, "the request id")->required();
    sub->add_option("--reason", approval_reason);
  }

  // import bgmax
  auto* import = app.add_subcommand("import", "bank files")->require_subcommand(1);
  std::string import_path;
  bool confirm_resend = false;
  auto* import_bgmax = import->add_subcommand("bgmax", "import a BgMax payment file (all or nothing)");
  import_bgmax->add_option("file", import_path)->required()->check(CLI::ExistingFile);
  import_bgmax->add_flag("--confirm-resend", confirm_resend,
                         "the file or a deposit in it was imported before: import again");

  // customer add|show|change
  auto* customer = app.add_subcommand("customer", "customers (kunder)")->require_subcommand(1)->fallthrough();
  std::string cust_number, kind = "person", delivery = "paper";
  pb::CustomerDetails details;
  std::string name, national_id, street, postal, city, country, email;
  auto add_details = [&](CLI::App* sub) {
    sub->add_option("number", cust_number, "customer number (kundnummer)")->required();
    sub->add_option("--name", name)->required();
    sub->add_option("--national-id", national_id, "person- or organisationsnummer")->required();
    sub->add_option("--kind", kind, "person|organisation|estate (dödsbo)")
        ->check(CLI::IsMember({"person", "organisation", "estate"}));
    sub->add_option("--street", street);
    sub->add_option("--postal-code", postal);
    sub->add_option("--city", city);
    sub->add_option("--country", country);
    sub->add_option("--email", email);
    sub->add_option("--delivery", delivery, "paper|email|e-invoice")
        ->check(CLI::IsMember({"paper", "email", "e-invoice"}));
  };
  auto* customer_add = customer->add_subcommand("add", "register a customer");
  add_details(customer_add);
  auto* customer_change = customer->add_subcommand("change", "replace a customer's details");
  add_details(customer_change);
  auto* customer_show = customer->add_subcommand("show", "a customer with total debt");
  customer_show->add_option("number", cust_number)->required();

  // invoice issue|show|list|credit|annul
  auto* invoice = app.add_subcommand("invoice", "invoices (fakturor)")->require_subcommand(1)->fallthrough();
  std::string inv_number, inv_customer, inv_date, due_date, ocr, amount, remark, tx_date, credit_note;
  std::vector<std::string> lines;
  bool only_open = false;
  auto* invoice_issue = invoice->add_subcommand("issue", "issue an invoice");
  invoice_issue
      ->add_option("number", inv_number, "9-digit invoice number; the first two digits are the routine")
      ->required();
  invoice_issue->add_option("--customer", inv_customer)->required();
  invoice_issue->add_option("--invoice-date", inv_date)->required();
  invoice_issue->add_option("--due-date", due_date)->required();
  invoice_issue->add_option("--line", lines, "\"description;net amount;VAT percent;revenue account\"")
      ->required();
  invoice_issue->add_option("--ocr", ocr, "OCR reference (default: number + Luhn digit)");
  auto* invoice_show = invoice->add_subcommand("show", "one invoice with its balance");
  invoice_show->add_option("number", inv_number)->required();
  auto* invoice_list = invoice->add_subcommand("list", "a customer's invoices");
  invoice_list->add_option("--customer", inv_customer)->required();
  invoice_list->add_flag("--open", only_open, "only invoices with a balance");
  auto* invoice_credit = invoice->add_subcommand("credit", "credit part or all of the balance");
  invoice_credit->add_option("number", inv_number)->required();
  invoice_credit->add_option("--amount", amount, "kronor, e.g. 250,00 (default: the whole balance)");
  invoice_credit->add_option("--credit-note", credit_note);
  invoice_credit->add_option("--remark", remark);
  invoice_credit->add_option("--date", tx_date, "transaction date (default today)");
  auto* invoice_annul = invoice->add_subcommand("annul", "annul (makulera) the invoice");
  invoice_annul->add_option("number", inv_number)->required();
  invoice_annul->add_option("--remark", remark);
  invoice_annul->add_option("--date", tx_date);

  auto* invoice_debit =
      invoice->add_subcommand("debit", "raise the balance (e.g. a wrongly reported payment)");
  invoice_debit->add_option("number", inv_number)->required();
  invoice_debit->add_option("--amount", amount, "kronor")->required();
  invoice_debit->add_option("--remark", remark);
  invoice_debit->add_option("--date", tx_date);
  auto* invoice_write_off =
      invoice->add_subcommand("write-off", "write off part or all of the balance (kundförlust)");
  invoice_write_off->add_option("number", inv_number)->required();
  invoice_write_off->add_option("--amount", amount, "kronor (default: the whole balance)");
  invoice_write_off->add_option("--remark", remark);
  invoice_write_off->add_option("--date", tx_date);
  std::string fee_kind = "reminder", charge_text, watch_text;
  bool fee_noted = false, watch_clear = false;
  auto* invoice_fee = invoice->add_subcommand("fee", "charge a fee to the claim (or only note it)");
  invoice_fee->add_option("number", inv_number)->required();
  invoice_fee->add_option("--amount", amount, "kronor")->required();
  invoice_fee->add_option("--kind", fee_kind, "reminder|collection|plan|invoice")
      ->check(CLI::IsMember({"reminder", "collection", "plan", "invoice"}));
  invoice_fee->add_flag("--noted", fee_noted, "note the fee without charging it");
  invoice_fee->add_option("--text", charge_text);
  invoice_fee->add_option("--date", tx_date);
  auto* invoice_interest = invoice->add_subcommand("interest", "charge accrued interest to the claim");
  invoice_interest->add_option("number", inv_number)->required();
  invoice_interest->add_option("--amount", amount, "kronor")->required();
  invoice_interest->add_option("--text", charge_text);
  invoice_interest->add_option("--date", tx_date);
  auto* invoice_watch = invoice->add_subcommand("watch", "set or clear the betalningsbevakning text");
  invoice_watch->add_option("number", inv_number)->required();
  invoice_watch->add_option("text", watch_text);
  invoice_watch->add_flag("--clear", watch_clear, "remove the watch text");
  std::string method_arg;
  for (CLI::App* sub : {invoice_credit, invoice_annul, invoice_debit, invoice_write_off}) {
    sub->add_option("--method", method_arg, "inbetalningssätt code (sets the transaction's text)");
  }
  std::string note_text;
  auto* invoice_note = invoice->add_subcommand("note", "add a note to the invoice");
  invoice_note->add_option("number", inv_number)->required();
  invoice_note->add_option("text", note_text)->required();
  auto* customer_note = customer->add_subcommand("note", "add a note to the customer");
  customer_note->add_option("number", cust_number)->required();
  customer_note->add_option("text", note_text)->required();

  // payment record
  auto* payment =
      app.add_subcommand("payment", "payments (inbetalningar)")->require_subcommand(1)->fallthrough();
  std::string payer, reference, channel = "manual";
  auto* payment_record = payment->add_subcommand(
      "record", "record a manual entry: a payment, or what its --method says (debit, P/K/D reversal)");
  std::string pay_customer;
  auto* pay_invoice = payment_record->add_option("--invoice", inv_number);
  payment_record->add_option("--customer", pay_customer, "no invoice: the customer's invoices oldest first")
      ->excludes(pay_invoice);
  payment_record->add_option("--method", method_arg, "inbetalningssätt code");
  payment_record->add_option("--amount", amount, "kronor, e.g. 1 234,50")->required();
  payment_record->add_option("--date", tx_date, "transaction date (default today)");
  payment_record->add_option("--payer", payer);
  payment_record->add_option("--reference", reference);
  payment_record->add_option("--channel", channel)
      ->check(CLI::IsMember({"manual", "bankgiro", "plusgiro", "autogiro", "cash"}));

  auto* payment_unmatched = payment->add_subcommand("unmatched", "the unmatched queue");
  std::string payment_id, resolve_text;
  std::vector<std::string> allocate_parts;
  int book_account = 0;
  bool refund = false;
  std::string reverse_remark;
  auto* payment_reverse = payment->add_subcommand("reverse", "undo a payment registered by mistake");
  payment_reverse
      ->add_option("payment_id", payment_id, "the payment's id (from events tail or the unmatched queue)")
      ->required();
  payment_reverse->add_option("--remark", reverse_remark, "why")->required();
  auto* payment_resolve = payment->add_subcommand("resolve", "take a payment out of the unmatched queue");
  payment_resolve->add_option("payment_id", payment_id)->required();
  payment_resolve->add_option("--allocate", allocate_parts,
                              "INVOICE:AMOUNT, repeatable; must add up to the payment");
  payment_resolve->add_option("--book", book_account, "book it to this account");
  payment_resolve->add_flag("--refund", refund, "pay it back");
  payment_resolve->add_option("--text", resolve_text, "why / to whom (required to book or refund)");

  // events tail
  auto* events = app.add_subcommand("events", "the journal")->require_subcommand(1)->fallthrough();
  uint64_t from = 1;
  uint64_t limit = 0;
  bool follow = false;
  auto* events_tail = events->add_subcommand("tail", "records from a position");
  events_tail->add_option("--from", from, "first position");
  events_tail->add_option("--limit", limit, "stop after this many (0 = no limit)");
  events_tail->add_flag("--follow", follow, "keep following live records");
  std::vector<std::string> tail_types;
  std::vector<int32_t> tail_companies;
  std::string tail_invoice, tail_customer;
  events_tail->add_option("--type", tail_types, "only these event types (repeat), e.g. InvoiceIssued");
  events_tail->add_option("--only-company", tail_companies, "only these companies (repeat)");
  events_tail->add_option("--invoice", tail_invoice, "only this invoice's events");
  events_tail->add_option("--customer", tail_customer, "only this customer's events");

  // report inbetalningslista|bevakning|prognos
  auto* report = app.add_subcommand("report", "reports: payments, saldolista, kundfordringar")
                     ->require_subcommand(1)
                     ->fallthrough();
  pb::PaymentListRequest list_req;
  std::string rep_company_range, rep_invoice_range, rep_entry, rep_tx, rep_posting, rep_due, rep_method,
      rep_kind = "all", rep_routine_range;
  auto add_list_filters = [&](CLI::App* sub) {
    sub->add_option("--companies", rep_company_range, "FROM-TO (default: --company)");
    sub->add_option("--invoices", rep_invoice_range, "FROM-TO invoice numbers");
    sub->add_option("--entry", rep_entry, "inrapporteringsdatum FROM..TO (either side may be empty)");
    sub->add_option("--transaction", rep_tx, "transaktionsdatum FROM..TO");
    sub->add_option("--posting", rep_posting, "bokföringsdatum FROM..TO");
    sub->add_option("--due", rep_due, "förfallodag FROM..TO");
  };
  auto* report_list =
      report->add_subcommand("inbetalningslista", "ledger actions by transaction date and method");
  add_list_filters(report_list);
  report_list->add_option("--method", rep_method, "only manual entries with this inbetalningssätt");
  report_list->add_option("--kind", rep_kind, "all|automatic|manual")
      ->check(CLI::IsMember({"all", "automatic", "manual"}));
  auto* report_watch =
      report->add_subcommand("bevakning", "payments on claims with a watch text (signal list)");
  add_list_filters(report_watch);
  auto* report_forecast = report->add_subcommand("prognos", "inbetalningsprognos: open balances by due date");
  report_forecast->add_option("--companies", rep_company_range, "FROM-TO (default: --company)");
  report_forecast->add_option("--routines", rep_routine_range, "FROM-TO routines");
  report_forecast->add_option("--due", rep_due, "förfallodag FROM..TO");

  // admin: backups (online, through the server) and restore (local, the server stopped).
  auto* admin = app.add_subcommand("admin", "backup and restore")->require_subcommand(1);
  std::string backup_name, restore_from, restore_to;
  auto* admin_backup =
      admin->add_subcommand("backup", "online backup into NAME under the server's --backup_dir");
  admin_backup->add_option("name", backup_name)->required();
  auto* admin_restore =
      admin->add_subcommand("restore", "copy a backup into a new data folder, verifying its hash chain");
  admin_restore->add_option("--from", restore_from, "the backup folder")->required();
  admin_restore->add_option("--to", restore_to, "the new data folder (must not exist or be empty)")
      ->required();

  reskontra::cli::DunningCommands dunning_cli(app, g);
  reskontra::cli::InterestCommands interest_cli(app, g);
  reskontra::cli::AuditCommands audit_cli(app, report, g);

  // Global options (--json, --company …) may follow any subcommand.
  std::function<void(CLI::App*)> fall = [&](CLI::App* a) {
    for (CLI::App* sub : a->get_subcommands({})) {
      sub->fallthrough();
      fall(sub);
    }
  };
  fall(&app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  try {
    auto details_from_flags = [&] {
      pb::CustomerDetails d;
      d.set_kind(kind == "organisation" ? pb::CUSTOMER_KIND_ORGANISATION
                 : kind == "estate"     ? pb::CUSTOMER_KIND_ESTATE
                                        : pb::CUSTOMER_KIND_PERSON);
      d.set_national_id(national_id);
      d.set_name(name);
      d.set_street(street);
      d.set_postal_code(postal);
      d.set_city(city);
      d.set_country(country);
      d.set_email(email);
      d.set_delivery(delivery == "email"       ? pb::DELIVERY_CHANNEL_EMAIL
                     : delivery == "e-invoice" ? pb::DELIVERY_CHANNEL_E_INVOICE
                                               : pb::DELIVERY_CHANNEL_PAPER);
      return d;
    };
    if (company_add->parsed()) {
      pb::RegisterCompanyRequest r;
      r.set_name(company_name);
      r.set_org_number(org_number);
      command(r, &pb::Ledger::Stub::RegisterCompany);
    } else if (customer_add->parsed() || customer_change->parsed()) {
      if (customer_add->parsed()) {
        pb::RegisterCustomerRequest r;
        r.set_customer_number(cust_number);
        *r.mutable_details() = details_from_flags();
        command(r, &pb::Ledger::Stub::RegisterCustomer);
      } else {
        pb::ChangeCustomerRequest r;
        r.set_customer_number(cust_number);
        *r.mutable_details() = details_from_flags();
        command(r, &pb::Ledger::Stub::ChangeCustomer);
      }
    } else if (customer_show->parsed()) {
      call = [&](pb::Ledger::Stub& stub) {
        pb::GetCustomerRequest r;
        r.set_company(g.company);
        r.set_customer_number(cust_number);
        grpc::ClientContext ctx;
        pb::Customer c;
        grpc::Status s = stub.GetCustomer(&ctx, r, &c);
        if (!s.ok()) return Fail(s);
        Output(g, c, PrintCustomer);
        return 0;
      };
    } else if (invoice_issue->parsed()) {
      pb::IssueInvoiceRequest r;
      r.set_invoice_number(ParseInvoiceNumber(inv_number));
      r.set_customer_number(inv_customer);
      r.set_invoice_date(inv_date);
      r.set_due_date(due_date);
      r.set_ocr_reference(ocr);
      for (const std::string& l : lines) {
        std::vector<std::string> parts = absl::StrSplit(l, ';');
        int vat_percent = 0, account = 0;
        if (parts.size() != 4 || !absl::SimpleAtoi(parts[2], &vat_percent) ||
            !absl::SimpleAtoi(parts[3], &account)) {
          throw UsageError{absl::StrCat("line '", l, "' is not \"description;amount;VAT percent;account\"")};
        }
        auto* pl = r.add_lines();
        pl->set_description(parts[0]);
        pl->set_net_ore(ParseAmountOre(parts[1], "line amount"));
        pl->set_vat_rate_bp(vat_percent * 100);
        pl->set_revenue_account(account);
      }
      command(r, &pb::Ledger::Stub::IssueInvoice);
    } else if (invoice_show->parsed()) {
      int64_t n = ParseInvoiceNumber(inv_number);
      call = [&, n](pb::Ledger::Stub& stub) {
        pb::GetInvoiceRequest r;
        r.set_company(g.company);
        r.set_invoice_number(n);
        grpc::ClientContext ctx;
        pb::Invoice inv;
        grpc::Status s = stub.GetInvoice(&ctx, r, &inv);
        if (!s.ok()) return Fail(s);
        Output(g, inv, PrintInvoice);
        return 0;
      };
    } else if (invoice_list->parsed()) {
      call = [&](pb::Ledger::Stub& stub) {
        pb::ListInvoicesRequest r;
        r.set_company(g.company);
        r.set_customer_number(inv_customer);
        r.set_only_open(only_open);
        grpc::ClientContext ctx;
        pb::ListInvoicesResponse resp;
        grpc::Status s = stub.ListInvoices(&ctx, r, &resp);
        if (!s.ok()) return Fail(s);
        if (g.json) {
          std::printf("%s\n", reskontra::cli::ToJson(resp).c_str());
        } else {
          std::printf("%-9s  %-10s  %-10s  %14s  %14s  %s\n", "faktura", "fakt.datum", "förfaller",
                      "fakturerat", "saldo", "status");
          for (const pb::Invoice& i : resp.invoices()) {
            std::printf("%s  %s  %s  %14s  %14s  %s\n",
                        reskontra::FormatInvoiceNumber(i.invoice_number()).c_str(), i.invoice_date().c_str(),
                        i.due_date().c_str(), i.invoiced().kronor().c_str(), i.balance().kronor().c_str(),
                        StatusName(i.status()).c_str());
          }
        }
        return 0;
      };
    } else if (invoice_credit->parsed()) {
      pb::CreditInvoiceRequest r;
      r.set_invoice_number(ParseInvoiceNumber(inv_number));
      if (!amount.empty()) r.set_amount_ore(ParseAmountOre(amount, "amount"));
      r.set_credit_note_number(credit_note);
      r.set_method(method_arg);
      r.set_remark(remark);
      r.set_transaction_date(tx_date);
      command(r, &pb::Ledger::Stub::CreditInvoice);
    } else if (invoice_annul->parsed()) {
      pb::AnnulInvoiceRequest r;
      r.set_invoice_number(ParseInvoiceNumber(inv_number));
      r.set_method(method_arg);
      r.set_remark(remark);
      r.set_transaction_date(tx_date);
      command(r, &pb::Ledger::Stub::AnnulInvoice);
    } else if (invoice_debit->parsed()) {
      pb::AdjustDebitRequest r;
      r.set_invoice_number(ParseInvoiceNumber(inv_number));
      r.set_method(method_arg);
      r.set_amount_ore(ParseAmountOre(amount, "amount"));
      r.set_remark(remark);
      r.set_transaction_date(tx_date);
      command(r, &pb::Ledger::Stub::AdjustDebit);
    } else if (invoice_write_off->parsed()) {
      pb::WriteOffRequest r;
      r.set_invoice_number(ParseInvoiceNumber(inv_number));
      r.set_method(method_arg);
      if (!amount.empty()) r.set_amount_ore(ParseAmountOre(amount, "amount"));
      r.set_remark(remark);
      r.set_transaction_date(tx_date);
      command(r, &pb::Ledger::Stub::WriteOff);
    } else if (invoice_note->parsed() || customer_note->parsed()) {
      pb::AddNoteRequest r;
      if (invoice_note->parsed())
        r.set_invoice_number(ParseInvoiceNumber(inv_number));
      else
        r.set_customer_number(cust_number);
      r.set_text(note_text);
      command(r, &pb::Ledger::Stub::AddNote);
    } else if (company_settings->parsed()) {
      pb::SetPaymentSettingsRequest r;
      r.set_bankgiro(bankgiro);
      r.set_overpayment_limit_ore(ParseAmountOre(over_limit, "over-limit"));
      r.set_underpayment_limit_ore(ParseAmountOre(under_limit, "under-limit"));
      r.set_small_difference_account(sd_account);
      r.set_ocr_control(ocr_control == "hard"       ? pb::OCR_CONTROL_HARD
                        : ocr_control == "variable" ? pb::OCR_CONTROL_VARIABLE
                                                    : pb::OCR_CONTROL_SOFT);
      r.set_allocation_order(allocation_order);
      r.set_oldest_first(oldest_first);
      r.set_carry_to_next_invoice(carry_next);
      for (const std::string& giro : agency_giros) r.add_agency_bankgiros(giro);
      r.set_ocr_length_digit(ocr_length_digit);
      r.set_reference_kind(reference_kind == "kid10"   ? pb::REFERENCE_KIND_KID_MOD10
                           : reference_kind == "kid11" ? pb::REFERENCE_KIND_KID_MOD11
                                                       : pb::REFERENCE_KIND_OCR);
      command(r, &pb::Ledger::Stub::SetPaymentSettings);
    } else if (import_bgmax->parsed()) {
      std::ifstream f(import_path, std::ios::binary);
      std::stringstream bytes;
      bytes << f.rdbuf();
      if (!f) throw UsageError{absl::StrCat("cannot read ", import_path)};
      pb::ImportBgMaxRequest r;
      r.set_file(bytes.str());
      r.set_confirm_resend(confirm_resend);
      SetCtx(g, r);
      call = [&g, r](pb::Ledger::Stub& stub) {
        grpc::ClientContext ctx;
        pb::ImportReceipt receipt;
        grpc::Status s = stub.ImportBgMax(&ctx, r, &receipt);
        if (!s.ok()) return Fail(s);
        if (g.json) {
          std::printf("%s\n", reskontra::cli::ToJson(receipt).c_str());
          return 0;
        }
        std::printf("Inläst fil %s%s\n", receipt.fingerprint().substr(0, 16).c_str(),
                    receipt.result().replayed() ? " (redan inläst med samma kommando-id)" : "");
        std::printf("  betalningar        %8d  %16s kr\n", receipt.payments(),
                    receipt.received().kronor().c_str());
        std::printf("  matchade           %8d  %16s kr\n", receipt.matched(),
                    receipt.allocated().kronor().c_str());
        std::printf("  avskrivet (under)  %8d  %16s kr\n", receipt.written_off_count(),
                    receipt.written_off().kronor().c_str());
        std::printf("  intäktsfört (över)           %16s kr\n", receipt.kept_as_income().kronor().c_str());
        std::printf("  tillgodo kund                %16s kr\n", receipt.overpaid().kronor().c_str());
        if (receipt.carried_count()) {
          std::printf("  till nästa faktura %8d  %16s kr under, %s kr över\n", receipt.carried_count(),
                      receipt.carried_underpaid().kronor().c_str(),
                      receipt.carried_overpaid().kronor().c_str());
        }
        if (receipt.from_collection_agency())
          std::printf("  från inkassobolag  %8d\n", receipt.from_collection_agency());
        std::printf("  omatchade          %8d  %16s kr\n", receipt.unmatched_count(),
                    receipt.unmatched().kronor().c_str());
        std::printf("  0-kronor           %8d\n  avvisade           %8d\n", receipt.zero_amount(),
                    receipt.rejected());
        return 0;
      };
    } else if (method_define->parsed()) {
      pb::DefinePaymentMethodRequest r;
      pb::PaymentMethod* m = r.mutable_method();
      m->set_code(method_code);
      m->set_text(method_text);
      m->set_debit(method_debit);
      m->set_not_posted(method_not_posted);
      m->set_no_interest(method_no_interest);
      m->set_special(method_special == "P"   ? pb::METHOD_SPECIAL_REMINDER_FEE
                     : method_special == "K" ? pb::METHOD_SPECIAL_COLLECTION_FEE
                     : method_special == "D" ? pb::METHOD_SPECIAL_INTEREST
                                             : pb::METHOD_SPECIAL_NONE);
      m->set_text_only(method_text_only);
      m->set_account(method_account);
      command(r, &pb::Ledger::Stub::DefinePaymentMethod);
    } else if (company_approval->parsed()) {
      pb::SetApprovalPolicyRequest r;
      r.set_annulment(approve_annulments);
      r.set_write_off(approve_write_offs);
      r.set_write_off_from_ore(ParseAmountOre(write_off_from, "write-off-from"));
      command(r, &pb::Ledger::Stub::SetApprovalPolicy);
    } else if (approval_approve->parsed() || approval_reject->parsed()) {
      pb::DecideApprovalRequest r;
      r.set_request_id(approval_id);
      r.set_approve(approval_approve->parsed());
      r.set_reason(approval_reason);
      command(r, &pb::Ledger::Stub::DecideApproval);
    } else if (approval_list->parsed()) {
      pb::ListApprovalsRequest r;
      r.set_company(g.company);
      r.set_pending_only(!approvals_all);
      if (!approval_invoice.empty()) r.set_invoice_number(ParseInvoiceNumber(approval_invoice));
      call = RpcCall(g, r, &pb::Ledger::Stub::ListApprovals, reskontra::cli::PrintApprovals);
    } else if (method_list->parsed()) {
      call = [&](pb::Ledger::Stub& stub) {
        pb::ListPaymentMethodsRequest r;
        r.set_company(g.company);
        grpc::ClientContext ctx;
        pb::ListPaymentMethodsResponse resp;
        grpc::Status s = stub.ListPaymentMethods(&ctx, r, &resp);
        if (!s.ok()) return Fail(s);
        if (g.json) {
          std::printf("%s\n", reskontra::cli::ToJson(resp).c_str());
          return 0;
        }
        static const char* kSpecial[] = {"", "P", "K", "D"};
        for (const pb::PaymentMethod& m : resp.methods()) {
          std::printf("%s  %-15s  %s  %-1s %s%s%s\n", m.code().c_str(), m.text().c_str(),
                      m.debit() ? "D" : "K", kSpecial[m.special()], m.not_posted() ? " bokföres ej" : "",
                      m.no_interest() ? " dröjsmålsfaktureras ej" : "", m.text_only() ? " endast text" : "");
        }
        return 0;
      };
    } else if (invoice_fee->parsed()) {
      pb::ChargeFeeRequest r;
      r.set_invoice_number(ParseInvoiceNumber(inv_number));
      r.set_amount_ore(ParseAmountOre(amount, "amount"));
      r.set_kind(fee_kind == "collection" ? pb::CHARGE_KIND_COLLECTION_FEE
                 : fee_kind == "plan"     ? pb::CHARGE_KIND_PLAN_FEE
                 : fee_kind == "invoice"  ? pb::CHARGE_KIND_INVOICE_FEE
                                          : pb::CHARGE_KIND_REMINDER_FEE);
      r.set_only_noted(fee_noted);
      r.set_text(charge_text);
      r.set_transaction_date(tx_date);
      command(r, &pb::Ledger::Stub::ChargeFee);
    } else if (invoice_interest->parsed()) {
      pb::ChargeInterestRequest r;
      r.set_invoice_number(ParseInvoiceNumber(inv_number));
      r.set_amount_ore(ParseAmountOre(amount, "amount"));
      r.set_text(charge_text);
      r.set_transaction_date(tx_date);
      command(r, &pb::Ledger::Stub::ChargeInterest);
    } else if (invoice_watch->parsed()) {
      if (watch_clear == !watch_text.empty()) throw UsageError{"give a watch text or --clear"};
      pb::SetWatchTextRequest r;
      r.set_invoice_number(ParseInvoiceNumber(inv_number));
      r.set_text(watch_text);
      command(r, &pb::Ledger::Stub::SetWatchText);
    } else if (report_list->parsed() || report_watch->parsed()) {
      pb::PaymentListRequest r;
      if (!rep_company_range.empty()) {
        auto [a, b] = NumberRange(rep_company_range, "--companies");
        r.set_company_from(static_cast<int32_t>(a));
        r.set_company_to(static_cast<int32_t>(b));
      } else {
        r.set_company_from(g.company);
        r.set_company_to(g.company);
      }
      if (!rep_invoice_range.empty()) {
        auto [a, b] = NumberRange(rep_invoice_range, "--invoices");
        r.set_invoice_from(a);
        r.set_invoice_to(b);
      }
      std::tie(*r.mutable_entry_from(), *r.mutable_entry_to()) = DateRange(rep_entry);
      std::tie(*r.mutable_transaction_from(), *r.mutable_transaction_to()) = DateRange(rep_tx);
      std::tie(*r.mutable_posting_from(), *r.mutable_posting_to()) = DateRange(rep_posting);
      std::tie(*r.mutable_due_from(), *r.mutable_due_to()) = DateRange(rep_due);
      r.set_method(rep_method);
      r.set_kind(rep_kind == "automatic" ? pb::ENTRY_KIND_AUTOMATIC
                 : rep_kind == "manual"  ? pb::ENTRY_KIND_MANUAL
                                         : pb::ENTRY_KIND_ALL);
      const bool watch = report_watch->parsed();
      call = [&g, r, watch](pb::Ledger::Stub& stub) {
        grpc::ClientContext ctx;
        if (watch) {
          pb::WatchSignalsResponse resp;
          grpc::Status s = stub.WatchSignals(&ctx, r, &resp);
          if (!s.ok()) return Fail(s);
          if (g.json) {
            std::printf("%s\n", reskontra::cli::ToJson(resp).c_str());
            return 0;
          }
          std::printf("Betalningsbevakning: %d signaler\n", resp.signals_size());
          for (const pb::WatchSignal& w : resp.signals()) {
            std::printf("%s  %s  %-10s %14s kr  %-28s %s\n", w.transaction_date().c_str(),
                        reskontra::FormatInvoiceNumber(w.invoice_number()).c_str(),
                        w.customer_number().c_str(), w.amount().kronor().c_str(), w.payment_id().c_str(),
                        w.watch_text().c_str());
          }
          return 0;
        }
        pb::PaymentListResponse resp;
        grpc::Status s = stub.PaymentList(&ctx, r, &resp);
        if (!s.ok()) return Fail(s);
        if (g.json) {
          std::printf("%s\n", reskontra::cli::ToJson(resp).c_str());
          return 0;
        }
        std::printf("Inbetalningslista\n%-10s %-2s %-9s %-36s %14s  %-10s %-10s %-10s %s\n", "trans.dag",
                    "sätt", "faktura", "händelse", "belopp", "inrapp.", "bokförd", "förfaller",
                    "betalare / anmärkning");
        // Rows come sorted by date and method; subtotals follow each group.
        int mi = 0, di = 0;
        for (int i = 0; i < resp.rows_size(); ++i) {
          const pb::PaymentListRow& row = resp.rows(i);
          std::printf(
              "%-10s %-2s %-9s %-36s %14s  %-10s %-10s %-10s %s\n", row.transaction_date().c_str(),
              row.method().empty() ? (row.automatic() ? "BG" : "-") : row.method().c_str(),
              row.invoice_number() ? reskontra::FormatInvoiceNumber(row.invoice_number()).c_str() : "",
              row.action().c_str(), row.amount().kronor().c_str(), row.entry_date().c_str(),
              row.posting_date().empty() ? "ej bokförd" : row.posting_date().c_str(), row.due_date().c_str(),
              row.payer_name().empty() ? row.remark().c_str() : row.payer_name().c_str());
          const bool last = i + 1 == resp.rows_size();
          const pb::PaymentListRow* next = last ? nullptr : &resp.rows(i + 1);
          if (!resp.truncated() && (last || next->transaction_date() != row.transaction_date() ||
                                    next->method() != row.method())) {
            const pb::PaymentListSubtotal& t = resp.method_totals(mi++);
            std::printf("%-10s %-2s   summa sätt %-25s %14s  (%lld)\n", "", t.method().c_str(), "",
                        t.amount().kronor().c_str(), static_cast<long long>(t.count()));
          }
          if (!resp.truncated() && (last || next->transaction_date() != row.transaction_date())) {
            const pb::PaymentListSubtotal& t = resp.date_totals(di++);
            std::printf("%-10s      summa dag %-27s %14s  (%lld)\n", t.transaction_date().c_str(), "",
                        t.amount().kronor().c_str(), static_cast<long long>(t.count()));
          }
        }
        std::printf("Totalt %lld händelser %s kr%s\n", static_cast<long long>(resp.count()),
                    resp.total().kronor().c_str(),
                    resp.truncated() ? " (listan är avkortad; välj snävare urval)" : "");
        return 0;
      };
    } else if (report_forecast->parsed()) {
      pb::ForecastRequest r;
      if (!rep_company_range.empty()) {
        auto [a, b] = NumberRange(rep_company_range, "--companies");
        r.set_company_from(static_cast<int32_t>(a));
        r.set_company_to(static_cast<int32_t>(b));
      } else {
        r.set_company_from(g.company);
        r.set_company_to(g.company);
      }
      if (!rep_routine_range.empty()) {
        auto [a, b] = NumberRange(rep_routine_range, "--routines");
        r.set_routine_from(static_cast<int32_t>(a));
        r.set_routine_to(static_cast<int32_t>(b));
      }
      std::tie(*r.mutable_due_from(), *r.mutable_due_to()) = DateRange(rep_due);
      call = [&g, r](pb::Ledger::Stub& stub) {
        grpc::ClientContext ctx;
        pb::ForecastResponse resp;
        grpc::Status s = stub.Forecast(&ctx, r, &resp);
        if (!s.ok()) return Fail(s);
        if (g.json) {
          std::printf("%s\n", reskontra::cli::ToJson(resp).c_str());
          return 0;
        }
        std::printf("Inbetalningsprognos\n%-10s %8s %16s\n", "förfaller", "fakturor", "belopp");
        for (const pb::ForecastRow& row : resp.rows()) {
          std::printf("%-10s %8lld %16s kr\n", row.due_date().c_str(), static_cast<long long>(row.invoices()),
                      row.amount().kronor().c_str());
        }
        std::printf("%-10s %8lld %16s kr\n", "totalt", static_cast<long long>(resp.invoices()),
                    resp.total().kronor().c_str());
        return 0;
      };
    } else if (payment_reverse->parsed()) {
      pb::ReversePaymentRequest r;
      r.set_payment_id(payment_id);
      r.set_remark(reverse_remark);
      command(r, &pb::Ledger::Stub::ReversePayment);
    } else if (payment_resolve->parsed()) {
      pb::ResolveUnmatchedRequest r;
      r.set_payment_id(payment_id);
      for (const std::string& part : allocate_parts) {
        std::vector<std::string> kv = absl::StrSplit(part, absl::MaxSplits(':', 1));
        if (kv.size() != 2) throw UsageError{absl::StrCat("--allocate '", part, "' is not INVOICE:AMOUNT")};
        auto* a = r.add_allocations();
        a->set_invoice_number(ParseInvoiceNumber(kv[0]));
        a->set_amount_ore(ParseAmountOre(kv[1], "allocated amount"));
      }
      r.set_book_account(book_account);
      r.set_refund(refund);
      r.set_text(resolve_text);
      command(r, &pb::Ledger::Stub::ResolveUnmatched);
    } else if (payment_unmatched->parsed()) {
      call = [&](pb::Ledger::Stub& stub) {
        pb::ListUnmatchedRequest r;
        r.set_company(g.company);
        grpc::ClientContext ctx;
        pb::ListUnmatchedResponse resp;
        grpc::Status s = stub.ListUnmatched(&ctx, r, &resp);
        if (!s.ok()) return Fail(s);
        if (g.json) {
          std::printf("%s\n", reskontra::cli::ToJson(resp).c_str());
          return 0;
        }
        for (const pb::UnmatchedPayment& u : resp.payments()) {
          std::printf("%-28s %s %14s  %-25s %s\n", u.payment_id().c_str(), u.date().c_str(),
                      u.amount().kronor().c_str(), u.reference().c_str(), u.reason().c_str());
        }
        std::printf("%d omatchade, totalt %s kr\n", resp.payments_size(), resp.total().kronor().c_str());
        return 0;
      };
    } else if (payment_record->parsed()) {
      pb::RecordPaymentRequest r;
      if (inv_number.empty() == pay_customer.empty()) throw UsageError{"give --invoice or --customer"};
      if (!inv_number.empty()) r.set_invoice_number(ParseInvoiceNumber(inv_number));
      r.set_customer_number(pay_customer);
      r.set_method(method_arg);
      r.set_amount_ore(ParseAmountOre(amount, "amount"));
      r.set_transaction_date(tx_date);
      r.set_payer_name(payer);
      r.set_reference(reference);
      pb::PaymentChannel ch = pb::PAYMENT_CHANNEL_MANUAL;
      if (channel == "bankgiro") ch = pb::PAYMENT_CHANNEL_BANKGIRO;
      if (channel == "plusgiro") ch = pb::PAYMENT_CHANNEL_PLUSGIRO;
      if (channel == "autogiro") ch = pb::PAYMENT_CHANNEL_AUTOGIRO;
      if (channel == "cash") ch = pb::PAYMENT_CHANNEL_CASH;
      r.set_channel(ch);
      command(r, &pb::Ledger::Stub::RecordPayment);
    } else if (admin_backup->parsed()) {
      call = [&](pb::Ledger::Stub& stub) {
        pb::BackupRequest r;
        r.set_name(backup_name);
        pb::BackupResponse out;
        grpc::ClientContext ctx;
        grpc::Status s = stub.Backup(&ctx, r, &out);
        if (!s.ok()) return Fail(s);
        std::printf("backup %s: position %llu, head hash %s\n", out.path().c_str(),
                    static_cast<unsigned long long>(out.position()), out.head_hash().c_str());
        return 0;
      };
    } else if (admin_restore->parsed()) {
      absl::StatusOr<reskontra::BackupReport> restored = reskontra::RestoreBackup(restore_from, restore_to);
      if (!restored.ok()) {
        std::fprintf(stderr, "%s\n", restored.status().ToString().c_str());
        return 1;
      }
      std::printf("restored %s into %s: chain verified, position %llu, head hash %s\n", restore_from.c_str(),
                  restored->path.c_str(), static_cast<unsigned long long>(restored->position),
                  reskontra::HashToHex(restored->head_hash).c_str());
      return 0;
    } else if (events_tail->parsed()) {
      const int64_t tail_invoice_number = tail_invoice.empty() ? 0 : ParseInvoiceNumber(tail_invoice);
      call = [&, tail_invoice_number](pb::Ledger::Stub& stub) {
        pb::SubscribeRequest r;
        r.set_from_position(from);
        r.set_history_only(!follow);
        for (const std::string& t : tail_types) r.add_types(t);
        for (int32_t c : tail_companies) r.add_companies(c);
        r.set_invoice_number(tail_invoice_number);
        r.set_customer_number(tail_customer);
        grpc::ClientContext ctx;
        auto reader = stub.Subscribe(&ctx, r);
        pb::JournalEvent e;
        uint64_t n = 0;
        while (reader->Read(&e)) {
          if (g.json)
            std::printf("%s\n", reskontra::cli::ToJson(e).c_str());
          else
            PrintEvent(e);
          std::fflush(stdout);
          if (limit && ++n >= limit) {
            ctx.TryCancel();
            break;
          }
        }
        grpc::Status s = reader->Finish();
        if (!s.ok() && !(limit && n >= limit)) return Fail(s);
        return 0;
      };
    } else {
      call = dunning_cli.Selected();
      if (!call) call = interest_cli.Selected();
      if (!call) call = audit_cli.Selected();
    }
  } catch (const UsageError& e) {
    std::fprintf(stderr, "INVALID_ARGUMENT: %s\n", e.message.c_str());
    return 2;
  }

  connection.server = g.server;
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel_ptr = reskontra::client::MakeChannel(connection);
  if (!channel_ptr.ok()) {
    std::fprintf(stderr, "%s\n", channel_ptr.status().ToString().c_str());
    return 2;
  }
  auto stub = pb::Ledger::NewStub(*channel_ptr);
  return call(*stub);
}
