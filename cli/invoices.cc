#include "cli/invoices.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"

namespace reskontra::cli {

struct InvoiceCommands::Options {
  const Globals* g = nullptr;
  CLI::App *credit_apply = nullptr, *credit_refund = nullptr, *settle = nullptr, *copy = nullptr,
           *replacement = nullptr, *print = nullptr, *credit_note_doc = nullptr, *annulment_doc = nullptr;
  std::string handler, out;
  std::vector<std::string> print_numbers;
  CLI::App *import_invoices = nullptr, *import_open_items = nullptr;
  std::string balance_date;
  int opening_account = 0;
  CLI::App* search = nullptr;
  std::string min_balance;
  std::string import_path, import_format;
  int import_routine = 0, import_account = 0;
  bool latin1 = false;
  uint64_t position = 0;
  bool original_date = false;
  std::string settle_way = "credit", apply_to;
  std::string credit_invoice, recipient;
  CLI::App *customer_add = nullptr, *customer_change = nullptr, *customer_show = nullptr,
           *customer_note = nullptr;
  CLI::App *issue = nullptr, *show = nullptr, *list = nullptr, *credit = nullptr, *annul = nullptr,
           *debit = nullptr, *write_off = nullptr, *fee = nullptr, *interest = nullptr, *watch = nullptr,
           *note = nullptr;
  // customer
  std::string cust_number, kind = "person", delivery = "paper";
  std::string name, national_id, street, postal, city, country, email, peppol_id;
  CLI::App *einvoice = nullptr, *attributes_cmd = nullptr, *import_responses = nullptr;
  int hold_code = 0;
  std::vector<std::function<void(pb::InvoiceAttributes&)>> attribute_changes;
  bool einvoice_credit = false, einvoice_resend = false;
  std::string einvoice_dir = "einvoices";
  pb::InvoiceAttributes attributes;
  // invoice
  std::string inv_number, inv_customer, inv_date, due_date, ocr, amount, remark, tx_date, credit_note;
  std::vector<std::string> lines;
  bool only_open = false;
  std::string fee_kind = "reminder", charge_text, watch_text, method, note_text;
  bool fee_noted = false, watch_clear = false;

  pb::CustomerDetails Details() const {
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
    d.set_peppol_id(peppol_id);
    d.set_delivery(delivery == "email"       ? pb::DELIVERY_CHANNEL_EMAIL
                   : delivery == "e-invoice" ? pb::DELIVERY_CHANNEL_E_INVOICE
                                             : pb::DELIVERY_CHANNEL_PAPER);
    return d;
  }
};

using InvoiceOptions = InvoiceCommands::Options;

namespace {

// import invoices: an invoice file from a billing system, one command, all or nothing
void AddImportCommands(CLI::App* import, InvoiceOptions& o) {
  o.import_responses = import->add_subcommand("invoice-responses",
                                              "Peppol Invoice Responses from buyers: under query or rejected "
                                              "holds dunning with --code, accepted lifts it");
  o.import_responses->add_option("file", o.import_path)->required()->check(CLI::ExistingFile);
  o.import_responses->add_option("--code", o.hold_code, "the kravkod that holds a disputed claim's dunning")
      ->required();
  o.import_invoices = import->add_subcommand(
      "invoices",
      "import an invoice file (the CSV layout of the README): customers and invoices, all or nothing");
  o.import_invoices->add_option("file", o.import_path)->required()->check(CLI::ExistingFile);
  o.import_invoices->add_flag("--latin1", o.latin1, "the file is ISO-8859-1 (default UTF-8)");
  o.import_invoices
      ->add_option("--format", o.import_format, "csv or ubl (default: ubl when the file starts with '<')")
      ->check(CLI::IsMember({"csv", "ubl"}));
  o.import_invoices->add_option("--routine", o.import_routine,
                                "UBL: number the documents in this routine, their IDs kept as kalla_id");
  o.import_invoices->add_option("--account", o.import_account, "UBL: the revenue account of the lines");
  o.import_open_items = import->add_subcommand(
      "open-items",
      "migrate the old ledger's open items (the invoice CSV layout with their balances): all or nothing");
  o.import_open_items->add_option("file", o.import_path)->required()->check(CLI::ExistingFile);
  o.import_open_items->add_flag("--latin1", o.latin1, "the file is ISO-8859-1 (default UTF-8)");
  o.import_open_items
      ->add_option("--balance-date", o.balance_date,
                   "the day the old ledger's balances are as of (YYYY-MM-DD)")
      ->required();
  o.import_open_items
      ->add_option("--opening-account", o.opening_account,
                   "the account the migrated amounts are posted against (e.g. 1519)")
      ->required();
}

// customer add|change|show|credit-apply|credit-refund; returns "customer" (its "note" is added last, by
// the constructor).
CLI::App* AddCustomerCommands(CLI::App& app, InvoiceOptions& o) {
  auto* customer = app.add_subcommand("customer", "customers (kunder)")->require_subcommand(1)->fallthrough();
  auto add_details = [&o](CLI::App* sub) {
    sub->add_option("number", o.cust_number, "customer number (kundnummer)")->required();
    sub->add_option("--name", o.name)->required();
    sub->add_option("--national-id", o.national_id, "person- or organisationsnummer")->required();
    sub->add_option("--kind", o.kind, "person|organisation|estate (dödsbo)")
        ->check(CLI::IsMember({"person", "organisation", "estate"}));
    sub->add_option("--street", o.street);
    sub->add_option("--postal-code", o.postal);
    sub->add_option("--city", o.city);
    sub->add_option("--country", o.country);
    sub->add_option("--email", o.email);
    sub->add_option("--delivery", o.delivery, "paper|email|e-invoice")
        ->check(CLI::IsMember({"paper", "email", "e-invoice"}));
    sub->add_option("--peppol-id", o.peppol_id,
                    "e-invoice address, e.g. 0007:5566778899 (organisationsnummer)");
  };
  o.customer_add = customer->add_subcommand("add", "register a customer");
  add_details(o.customer_add);
  o.customer_change = customer->add_subcommand("change", "replace a customer's details");
  add_details(o.customer_change);
  o.customer_show = customer->add_subcommand("show", "a customer with total debt");
  o.customer_show->add_option("number", o.cust_number)->required();
  o.credit_apply = customer->add_subcommand(
      "credit-apply", "use the customer's credit balance (förskott) on open invoices, like a payment");
  o.credit_apply->add_option("number", o.cust_number)->required();
  o.credit_apply->add_option("--invoice", o.credit_invoice, "this invoice (default: oldest first)");
  o.credit_apply->add_option("--amount", o.amount, "kronor (default: as much as is owed and held)");
  o.credit_apply->add_option("--date", o.tx_date, "transaction date (default today)");
  o.credit_refund = customer->add_subcommand("credit-refund", "pay the customer's credit balance back");
  o.credit_refund->add_option("number", o.cust_number)->required();
  o.credit_refund->add_option("--to", o.recipient, "to whom / which account")->required();
  o.credit_refund->add_option("--amount", o.amount, "kronor (default: the whole credit balance)");
  o.credit_refund->add_option("--date", o.tx_date, "transaction date (default today)");
  return customer;
}

// invoice issue
void AddIssueCommand(CLI::App* invoice, InvoiceOptions& o) {
  o.issue = invoice->add_subcommand("issue", "issue an invoice");
  o.issue->add_option("number", o.inv_number, "9-digit invoice number; the first two digits are the routine")
      ->required();
  o.issue->add_option("--customer", o.inv_customer)->required();
  o.issue->add_option("--invoice-date", o.inv_date)->required();
  o.issue->add_option("--due-date", o.due_date)->required();
  o.issue
      ->add_option("--line", o.lines,
                   "\"description;net amount;VAT percent (O: outside VAT);revenue account\"")
      ->required();
  o.issue->add_option("--ocr", o.ocr, "OCR reference (default: number + Luhn digit)");
  o.issue->add_option_function<std::string>(
      "--buyer-reference", [&o](const std::string& v) { o.attributes.set_buyer_reference(v); },
      "Er referens: the buyer's reference (an e-invoice needs it or --order)");
  o.issue->add_option_function<std::string>(
      "--order", [&o](const std::string& v) { o.attributes.set_order_reference(v); },
      "the buyer's order number");
  o.issue->add_option_function<std::string>(
      "--department", [&o](const std::string& v) { o.attributes.set_department(v); },
      "förvaltning/avdelning");
  o.issue->add_option_function<std::string>(
      "--handler", [&o](const std::string& v) { o.attributes.set_handler(v); }, "handläggare");
  o.issue->add_option_function<std::string>(
      "--subject", [&o](const std::string& v) { o.attributes.set_subject(v); }, "fakturan avser");
}

// invoice show|search|list
void AddLookupCommands(CLI::App* invoice, InvoiceOptions& o) {
  o.show = invoice->add_subcommand("show", "one invoice with its balance");
  o.show->add_option("number", o.inv_number)->required();
  o.search =
      invoice->add_subcommand("search", "find invoices by the customer's id, name or address, OCR, amounts");
  o.search->add_option("--national-id", o.national_id, "person- or organisationsnummer (or a part)");
  o.search->add_option("--name", o.name, "part of the customer's name");
  o.search->add_option("--address", o.street, "part of the street, postal code or city");
  o.search->add_option("--customer", o.inv_customer, "customer number");
  o.search->add_option("--ocr", o.ocr, "OCR reference");
  o.search->add_option("--min-amount", o.amount, "invoiced at least, kronor");
  o.search->add_option("--min-balance", o.min_balance, "balance at least, kronor");
  o.search->add_flag("--open", o.only_open, "only invoices with a balance");
  o.list = invoice->add_subcommand("list", "a customer's invoices");
  o.list->add_option("--customer", o.inv_customer)->required();
  o.list->add_flag("--open", o.only_open, "only invoices with a balance");
}

// invoice credit|annul|debit|write-off|fee|interest|settle
void AddBalanceCommands(CLI::App* invoice, InvoiceOptions& o) {
  o.credit = invoice->add_subcommand("credit", "credit part or all of the balance");
  o.credit->add_option("number", o.inv_number)->required();
  o.credit->add_option("--amount", o.amount, "kronor, e.g. 250,00 (default: the whole balance)");
  o.credit->add_option("--credit-note", o.credit_note);
  o.credit->add_option("--remark", o.remark);
  o.credit->add_option("--date", o.tx_date, "transaction date (default today)");
  o.annul = invoice->add_subcommand("annul", "annul (makulera) the invoice");
  o.annul->add_option("number", o.inv_number)->required();
  o.annul->add_option("--remark", o.remark);
  o.annul->add_option("--date", o.tx_date);
  o.debit = invoice->add_subcommand("debit", "raise the balance (e.g. a wrongly reported payment)");
  o.debit->add_option("number", o.inv_number)->required();
  o.debit->add_option("--amount", o.amount, "kronor")->required();
  o.debit->add_option("--remark", o.remark);
  o.debit->add_option("--date", o.tx_date);
  o.write_off = invoice->add_subcommand("write-off", "write off part or all of the balance (kundförlust)");
  o.write_off->add_option("number", o.inv_number)->required();
  o.write_off->add_option("--amount", o.amount, "kronor (default: the whole balance)");
  o.write_off->add_option("--remark", o.remark);
  o.write_off->add_option("--date", o.tx_date);
  o.fee = invoice->add_subcommand("fee", "charge a fee to the claim (or only note it)");
  o.fee->add_option("number", o.inv_number)->required();
  o.fee->add_option("--amount", o.amount, "kronor")->required();
  o.fee->add_option("--kind", o.fee_kind, "reminder|collection|plan|invoice")
      ->check(CLI::IsMember({"reminder", "collection", "plan", "invoice"}));
  o.fee->add_flag("--noted", o.fee_noted, "note the fee without charging it");
  o.fee->add_option("--text", o.charge_text);
  o.fee->add_option("--date", o.tx_date);
  o.interest = invoice->add_subcommand("interest", "charge accrued interest to the claim");
  o.interest->add_option("number", o.inv_number)->required();
  o.interest->add_option("--amount", o.amount, "kronor")->required();
  o.interest->add_option("--text", o.charge_text);
  o.interest->add_option("--date", o.tx_date);
  o.settle = invoice->add_subcommand(
      "settle", "settle a negative invoice: to the customer's credit balance, applied, or paid out");
  o.settle->add_option("number", o.inv_number)->required();
  o.settle
      ->add_option("--way", o.settle_way,
                   "credit (to the credit balance), apply (to open invoices), payout (paid back)")
      ->check(CLI::IsMember({"credit", "apply", "payout"}));
  o.settle->add_option("--apply-to", o.apply_to, "with --way apply: this invoice (default: oldest first)");
  o.settle->add_option("--recipient", o.recipient, "with --way payout: to whom / which account");
  o.settle->add_option("--date", o.tx_date, "transaction date (default today)");
}

// invoice copy|replacement|print|credit-note|annulment-notice: the PDF documents
void AddDocumentCommands(CLI::App* invoice, InvoiceOptions& o) {
  o.copy = invoice->add_subcommand("copy", "fakturakopia as PDF, recorded in the journal with its SHA-256");
  o.copy->add_option("number", o.inv_number)->required();
  o.copy->add_flag("--original-date", o.original_date, "dated with the invoice date (default today)");
  o.replacement = invoice->add_subcommand(
      "replacement", "ersättningsfaktura as PDF: the remaining amount, the payments listed; recorded");
  o.replacement->add_option("number", o.inv_number)->required();
  o.print = invoice->add_subcommand(
      "print", "invoices as sent (FAKTURA, RÄNTEFAKTURA) in one PDF, recorded; Ej faktura ones left out");
  o.print->add_option("numbers", o.print_numbers, "the invoices, in the order to print")->required();
  o.credit_note_doc = invoice->add_subcommand("credit-note", "kreditfaktura of a credit as PDF, recorded");
  o.credit_note_doc->add_option("number", o.inv_number)->required();
  o.annulment_doc = invoice->add_subcommand("annulment-notice",
                                            "annulleringsbesked of the invoice's annulment as PDF, recorded");
  o.annulment_doc->add_option("number", o.inv_number)->required();
  for (CLI::App* sub : {o.credit_note_doc, o.annulment_doc})
    sub->add_option("--position", o.position, "the credit's or annulment's record (default: the latest)");
  for (CLI::App* sub : {o.copy, o.replacement, o.print, o.credit_note_doc, o.annulment_doc}) {
    sub->add_option("--handler", o.handler, "handläggare to print (at most 30 characters)");
    sub->add_option("--out", o.out, "the PDF file (default stdout)");
  }
}

// invoice einvoice
void AddEInvoiceCommand(CLI::App* invoice, InvoiceOptions& o) {
  o.einvoice = invoice->add_subcommand(
      "einvoice",
      "invoices (or a credit) as Peppol BIS Billing 3.0 e-invoices, recorded; the server also "
      "puts them in its access point folder");
  o.einvoice->add_option("numbers", o.print_numbers, "the invoices")->required();
  o.einvoice->add_flag("--credit-note", o.einvoice_credit, "the invoice's credit as a credit note");
  o.einvoice->add_flag("--resend", o.einvoice_resend,
                       "send one already sent again (the buyer gets it twice)");
  o.einvoice->add_option("--position", o.position,
                         "with --credit-note: the credit's record (default the latest)");
  o.einvoice->add_option("--dir", o.einvoice_dir,
                         "where to save the files and SHA256SUMS (default ./einvoices)");
}

// invoice attributes
void AddAttributesCommand(CLI::App* invoice, InvoiceOptions& o) {
  o.attributes_cmd = invoice->add_subcommand(
      "attributes",
      "change an invoice's references, förvaltning, handläggare or what it is for (the rest kept)");
  o.attributes_cmd->add_option("number", o.inv_number)->required();
  using Setter = void (*)(pb::InvoiceAttributes&, const std::string&);
  const std::pair<const char*, Setter> kAttributeFlags[] = {
      {"--buyer-reference", [](pb::InvoiceAttributes& a, const std::string& v) { a.set_buyer_reference(v); }},
      {"--order", [](pb::InvoiceAttributes& a, const std::string& v) { a.set_order_reference(v); }},
      {"--department", [](pb::InvoiceAttributes& a, const std::string& v) { a.set_department(v); }},
      {"--handler", [](pb::InvoiceAttributes& a, const std::string& v) { a.set_handler(v); }},
      {"--subject", [](pb::InvoiceAttributes& a, const std::string& v) { a.set_subject(v); }}};
  for (const auto& [flag, set] : kAttributeFlags)
    o.attributes_cmd->add_option_function<std::string>(
        flag,
        [&o, set = set](const std::string& v) {
          o.attribute_changes.push_back([set, v](pb::InvoiceAttributes& a) { set(a, v); });
        },
        "the new value (\"\" clears it)");
}

}  // namespace

InvoiceCommands::~InvoiceCommands() = default;

InvoiceCommands::InvoiceCommands(CLI::App& app, CLI::App* import, const Globals& g)
    : o_(std::make_unique<Options>()) {
  Options& o = *o_;
  o.g = &g;
  AddImportCommands(import, o);
  CLI::App* customer = AddCustomerCommands(app, o);

  // invoice issue|show|list|credit|annul|debit|write-off|fee|interest|watch|note
  auto* invoice = app.add_subcommand("invoice", "invoices (fakturor)")->require_subcommand(1)->fallthrough();
  AddIssueCommand(invoice, o);
  AddLookupCommands(invoice, o);
  AddBalanceCommands(invoice, o);
  AddDocumentCommands(invoice, o);
  AddEInvoiceCommand(invoice, o);
  AddAttributesCommand(invoice, o);
  o.watch = invoice->add_subcommand("watch", "set or clear the betalningsbevakning text");
  o.watch->add_option("number", o.inv_number)->required();
  o.watch->add_option("text", o.watch_text);
  o.watch->add_flag("--clear", o.watch_clear, "remove the watch text");
  for (CLI::App* sub : {o.credit, o.annul, o.debit, o.write_off}) {
    sub->add_option("--method", o.method, "inbetalningssätt code (sets the transaction's text)");
  }
  o.note = invoice->add_subcommand("note", "add a note to the invoice");
  o.note->add_option("number", o.inv_number)->required();
  o.note->add_option("text", o.note_text)->required();
  o.customer_note = customer->add_subcommand("note", "add a note to the customer");
  o.customer_note->add_option("number", o.cust_number)->required();
  o.customer_note->add_option("text", o.note_text)->required();
}

namespace {

void PrintInvoiceImport(const pb::InvoiceImportReceipt& r) {
  Printf("Invoice file imported: %d invoices, %s kr; customers registered %d, changed %d\n", r.invoices(),
         r.total().kronor().c_str(), r.customers_registered(), r.customers_changed());
  const bool migration = r.opening_account() != 0;
  if (migration)
    Printf("Migrated open items as of %s: balance %s kr (paid before %s kr), posted against %d\n",
           r.balance_date().c_str(), r.opening_balance().kronor().c_str(), r.paid_before().kronor().c_str(),
           r.opening_account());
  Printf("%-20s %-9s %-10s %-25s %-10s %14s%s\n", "kalla_id", "faktura", "kund", "OCR", "förfaller", "belopp",
         migration ? "          saldo" : "");
  for (const pb::ImportedInvoice& i : r.imported())
    Printf("%-20s %-9s %-10s %-25s %-10s %14s%s\n", i.source_id().c_str(),
           FormatInvoiceNumber(i.invoice_number()).c_str(), i.customer_number().c_str(), i.ocr().c_str(),
           i.due_date().c_str(), i.total().kronor().c_str(),
           migration ? absl::StrFormat(" %14s", i.open_balance().kronor()).c_str() : "");
  Printf("OK positions %llu..%llu%s\n", static_cast<unsigned long long>(r.result().first_position()),
         static_cast<unsigned long long>(r.result().last_position()),
         r.result().replayed() ? " (replayed)" : "");
}

void PrintResponses(const pb::InvoiceResponsesReceipt& r) {
  for (const std::string& line : r.applied()) Printf("%s\n", line.c_str());
  Printf("OK positions %llu..%llu%s\n", static_cast<unsigned long long>(r.result().first_position()),
         static_cast<unsigned long long>(r.result().last_position()),
         r.result().replayed() ? " (replayed)" : "");
}

void PrintSearch(const pb::SearchInvoicesResponse& resp) {
  Printf("%-9s  %-10s  %-24s  %-10s  %14s  %14s  %s\n", "faktura", "kund", "namn", "förfaller", "fakturerat",
         "saldo", "status");
  for (const pb::SearchHit& h : resp.hits()) {
    const pb::Invoice& i = h.invoice();
    Printf("%s  %-10s  %-24s  %s  %14s  %14s  %s\n", FormatInvoiceNumber(i.invoice_number()).c_str(),
           i.customer_number().c_str(), h.customer_name().substr(0, 24).c_str(), i.due_date().c_str(),
           i.invoiced().kronor().c_str(), i.balance().kronor().c_str(), StatusName(i.status()).c_str());
  }
  if (resp.truncated()) Printf("(more invoices match: narrow the search)\n");
}

void PrintInvoices(const pb::ListInvoicesResponse& resp) {
  Printf("%-9s  %-10s  %-10s  %14s  %14s  %s\n", "faktura", "fakt.datum", "förfaller", "fakturerat", "saldo",
         "status");
  for (const pb::Invoice& i : resp.invoices()) {
    Printf("%s  %s  %s  %14s  %14s  %s\n", FormatInvoiceNumber(i.invoice_number()).c_str(),
           i.invoice_date().c_str(), i.due_date().c_str(), i.invoiced().kronor().c_str(),
           i.balance().kronor().c_str(), StatusName(i.status()).c_str());
  }
}

// "description;net amount;VAT percent;revenue account" into a request line; the VAT percent "O"
// is a 0 % line outside the scope of VAT (ej föremål för moms).
void AddLine(const std::string& text, pb::IssueInvoiceRequest& r) {
  std::vector<std::string> parts = absl::StrSplit(text, ';');
  int vat_percent = 0, account = 0;
  const bool outside = parts.size() == 4 && (parts[2] == "O" || parts[2] == "o");
  if (parts.size() != 4 || (!outside && !absl::SimpleAtoi(parts[2], &vat_percent)) ||
      !absl::SimpleAtoi(parts[3], &account)) {
    throw UsageError{
        absl::StrCat("line '", text, "' is not \"description;amount;VAT percent or O;account\"")};
  }
  auto* pl = r.add_lines();
  pl->set_description(parts[0]);
  pl->set_net_ore(ParseAmountOre(parts[1], "line amount"));
  pl->set_vat_rate_bp(vat_percent * 100);
  pl->set_revenue_account(account);
  pl->set_outside_vat_scope(outside);
}

// invoice search
std::function<int(pb::Ledger::Stub&)> SearchCommand(const InvoiceOptions& o, const Globals& g) {
  pb::SearchInvoicesRequest r;
  r.set_company(g.company);
  r.set_national_id(o.national_id);
  r.set_name(o.name);
  r.set_address(o.street);
  r.set_customer_number(o.inv_customer);
  r.set_ocr(o.ocr);
  if (!o.amount.empty()) r.set_min_amount_ore(ParseAmountOre(o.amount, "--min-amount"));
  if (!o.min_balance.empty()) r.set_min_balance_ore(ParseAmountOre(o.min_balance, "--min-balance"));
  r.set_only_open(o.only_open);
  return RpcCall(g, r, &pb::Ledger::Stub::SearchInvoices, PrintSearch);
}

// import invoice-responses
std::function<int(pb::Ledger::Stub&)> ImportResponsesCommand(const InvoiceOptions& o, const Globals& g) {
  const std::string bytes = ReadInputFile(o.import_path);
  pb::ImportInvoiceResponsesRequest r;
  r.set_file(bytes);
  r.set_hold_code(o.hold_code);
  return RpcCall(g, r, &pb::Ledger::Stub::ImportInvoiceResponses, PrintResponses);
}

// import invoices
std::function<int(pb::Ledger::Stub&)> ImportInvoicesCommand(const InvoiceOptions& o, const Globals& g) {
  const std::string file = ReadInputFile(o.import_path);
  pb::ImportInvoiceFileRequest r;
  const bool xml =
      absl::StartsWith(absl::StripLeadingAsciiWhitespace(absl::StripPrefix(file, "\xEF\xBB\xBF")), "<");
  r.set_format((o.import_format.empty() ? xml : o.import_format == "ubl") ? pb::INVOICE_FILE_FORMAT_UBL
                                                                          : pb::INVOICE_FILE_FORMAT_CSV);
  r.set_file(file);
  r.set_latin1(o.latin1);
  r.set_routine(o.import_routine);
  r.set_revenue_account(o.import_account);
  return RpcCall(g, r, &pb::Ledger::Stub::ImportInvoiceFile, PrintInvoiceImport);
}

// import open-items
std::function<int(pb::Ledger::Stub&)> ImportOpenItemsCommand(const InvoiceOptions& o, const Globals& g) {
  const std::string bytes = ReadInputFile(o.import_path);
  pb::ImportInvoiceFileRequest r;
  r.set_format(pb::INVOICE_FILE_FORMAT_CSV);
  r.set_file(bytes);
  r.set_latin1(o.latin1);
  r.set_opening_account(o.opening_account);
  r.set_balance_date(o.balance_date);
  return RpcCall(g, r, &pb::Ledger::Stub::ImportInvoiceFile, PrintInvoiceImport);
}

// customer add
std::function<int(pb::Ledger::Stub&)> CustomerAddCommand(const InvoiceOptions& o, const Globals& g) {
  pb::RegisterCustomerRequest r;
  r.set_customer_number(o.cust_number);
  *r.mutable_details() = o.Details();
  return CommandCall(g, r, &pb::Ledger::Stub::RegisterCustomer);
}

// customer change
std::function<int(pb::Ledger::Stub&)> CustomerChangeCommand(const InvoiceOptions& o, const Globals& g) {
  pb::ChangeCustomerRequest r;
  r.set_customer_number(o.cust_number);
  *r.mutable_details() = o.Details();
  return CommandCall(g, r, &pb::Ledger::Stub::ChangeCustomer);
}

// customer credit-apply
std::function<int(pb::Ledger::Stub&)> CreditApplyCommand(const InvoiceOptions& o, const Globals& g) {
  pb::ApplyCreditBalanceRequest r;
  r.set_customer_number(o.cust_number);
  if (!o.credit_invoice.empty()) r.set_invoice_number(ParseInvoiceNumber(o.credit_invoice));
  if (!o.amount.empty()) r.set_amount_ore(ParseAmountOre(o.amount, "amount"));
  r.set_transaction_date(o.tx_date);
  return CommandCall(g, r, &pb::Ledger::Stub::ApplyCreditBalance);
}

// customer credit-refund
std::function<int(pb::Ledger::Stub&)> CreditRefundCommand(const InvoiceOptions& o, const Globals& g) {
  pb::RefundCreditBalanceRequest r;
  r.set_customer_number(o.cust_number);
  if (!o.amount.empty()) r.set_amount_ore(ParseAmountOre(o.amount, "amount"));
  r.set_recipient(o.recipient);
  r.set_transaction_date(o.tx_date);
  return CommandCall(g, r, &pb::Ledger::Stub::RefundCreditBalance);
}

// customer show
std::function<int(pb::Ledger::Stub&)> CustomerShowCommand(const InvoiceOptions& o, const Globals& g) {
  pb::GetCustomerRequest r;
  r.set_company(g.company);
  r.set_customer_number(o.cust_number);
  return RpcCall(g, r, &pb::Ledger::Stub::GetCustomer, PrintCustomer);
}

// invoice issue
std::function<int(pb::Ledger::Stub&)> IssueCommand(const InvoiceOptions& o, const Globals& g) {
  pb::IssueInvoiceRequest r;
  r.set_invoice_number(ParseInvoiceNumber(o.inv_number));
  r.set_customer_number(o.inv_customer);
  r.set_invoice_date(o.inv_date);
  r.set_due_date(o.due_date);
  r.set_ocr_reference(o.ocr);
  *r.mutable_attributes() = o.attributes;
  for (const std::string& l : o.lines) AddLine(l, r);
  return CommandCall(g, r, &pb::Ledger::Stub::IssueInvoice);
}

// invoice show
std::function<int(pb::Ledger::Stub&)> ShowCommand(const InvoiceOptions& o, const Globals& g) {
  pb::GetInvoiceRequest r;
  r.set_company(g.company);
  r.set_invoice_number(ParseInvoiceNumber(o.inv_number));
  return RpcCall(g, r, &pb::Ledger::Stub::GetInvoice, PrintInvoice);
}

// invoice list
std::function<int(pb::Ledger::Stub&)> ListCommand(const InvoiceOptions& o, const Globals& g) {
  pb::ListInvoicesRequest r;
  r.set_company(g.company);
  r.set_customer_number(o.inv_customer);
  r.set_only_open(o.only_open);
  return RpcCall(g, r, &pb::Ledger::Stub::ListInvoices, PrintInvoices);
}

// invoice credit
std::function<int(pb::Ledger::Stub&)> CreditCommand(const InvoiceOptions& o, const Globals& g) {
  pb::CreditInvoiceRequest r;
  r.set_invoice_number(ParseInvoiceNumber(o.inv_number));
  if (!o.amount.empty()) r.set_amount_ore(ParseAmountOre(o.amount, "amount"));
  r.set_credit_note_number(o.credit_note);
  r.set_method(o.method);
  r.set_remark(o.remark);
  r.set_transaction_date(o.tx_date);
  return CommandCall(g, r, &pb::Ledger::Stub::CreditInvoice);
}

// invoice attributes
std::function<int(pb::Ledger::Stub&)> AttributesCommand(const InvoiceOptions& o, const Globals& g) {
  if (o.attribute_changes.empty()) throw UsageError{"give at least one attribute to change"};
  const int64_t number = ParseInvoiceNumber(o.inv_number);
  return [&g, &o, number](pb::Ledger::Stub& stub) {
    // The invoice's attributes now, with the ones given changed: the command takes the full set.
    pb::GetInvoiceRequest get;
    get.set_company(g.company);
    get.set_invoice_number(number);
    pb::Invoice now;
    grpc::Status s = Query(stub, &pb::Ledger::Stub::GetInvoice, get, &now);
    if (!s.ok()) return Fail(s);
    pb::ChangeInvoiceAttributesRequest r;
    r.set_invoice_number(number);
    *r.mutable_attributes() = now.attributes();
    for (const auto& change : o.attribute_changes) change(*r.mutable_attributes());
    r.mutable_ctx()->set_expected_version(now.version());
    return CommandCall(g, r, &pb::Ledger::Stub::ChangeInvoiceAttributes)(stub);
  };
}

// invoice einvoice
std::function<int(pb::Ledger::Stub&)> EInvoiceCommand(const InvoiceOptions& o, const Globals& g) {
  pb::ProduceEInvoicesRequest r;
  r.set_company(g.company);
  for (const std::string& n : o.print_numbers) r.add_invoice_numbers(ParseInvoiceNumber(n));
  r.set_credit_note(o.einvoice_credit);
  r.set_resend(o.einvoice_resend);
  r.set_position(o.position);
  r.set_actor(g.actor);
  const std::string dir = o.einvoice_dir;
  return [r, dir](pb::Ledger::Stub& stub) {
    grpc::ClientContext ctx;
    return ReceiveFiles(*stub.ProduceEInvoices(&ctx, r), dir);
  };
}

// invoice print
std::function<int(pb::Ledger::Stub&)> PrintInvoicesCommand(const InvoiceOptions& o, const Globals& g) {
  pb::PrintInvoicesRequest r;
  r.set_company(g.company);
  for (const std::string& n : o.print_numbers) r.add_invoice_numbers(ParseInvoiceNumber(n));
  r.set_handler(o.handler);
  r.set_actor(g.actor);
  const std::string out = o.out;
  return [r, out](pb::Ledger::Stub& stub) {
    grpc::ClientContext ctx;
    return ReceiveChunks(*stub.PrintInvoices(&ctx, r), out);
  };
}

// invoice copy|replacement|credit-note|annulment-notice
std::function<int(pb::Ledger::Stub&)> DocumentCommand(const InvoiceOptions& o, const Globals& g) {
  pb::PrintInvoiceDocumentRequest r;
  r.set_company(g.company);
  r.set_invoice_number(ParseInvoiceNumber(o.inv_number));
  r.set_kind(o.copy->parsed()              ? pb::PrintInvoiceDocumentRequest::COPY
             : o.replacement->parsed()     ? pb::PrintInvoiceDocumentRequest::REPLACEMENT
             : o.credit_note_doc->parsed() ? pb::PrintInvoiceDocumentRequest::CREDIT_NOTE
                                           : pb::PrintInvoiceDocumentRequest::ANNULMENT_NOTICE);
  r.set_position(o.position);
  r.set_original_date(o.original_date);
  r.set_handler(o.handler);
  r.set_actor(g.actor);
  const std::string out = o.out;
  return [r, out](pb::Ledger::Stub& stub) {
    grpc::ClientContext ctx;
    return ReceiveChunks(*stub.PrintInvoiceDocument(&ctx, r), out);
  };
}

// invoice settle
std::function<int(pb::Ledger::Stub&)> SettleCommand(const InvoiceOptions& o, const Globals& g) {
  pb::SettleNegativeInvoiceRequest r;
  r.set_invoice_number(ParseInvoiceNumber(o.inv_number));
  r.set_way(o.settle_way == "apply"    ? pb::SETTLEMENT_APPLY
            : o.settle_way == "payout" ? pb::SETTLEMENT_PAY_OUT
                                       : pb::SETTLEMENT_TO_CREDIT);
  if (!o.apply_to.empty()) r.set_apply_to(ParseInvoiceNumber(o.apply_to));
  r.set_recipient(o.recipient);
  r.set_transaction_date(o.tx_date);
  return CommandCall(g, r, &pb::Ledger::Stub::SettleNegativeInvoice);
}

// invoice annul
std::function<int(pb::Ledger::Stub&)> AnnulCommand(const InvoiceOptions& o, const Globals& g) {
  pb::AnnulInvoiceRequest r;
  r.set_invoice_number(ParseInvoiceNumber(o.inv_number));
  r.set_method(o.method);
  r.set_remark(o.remark);
  r.set_transaction_date(o.tx_date);
  return CommandCall(g, r, &pb::Ledger::Stub::AnnulInvoice);
}

// invoice debit
std::function<int(pb::Ledger::Stub&)> DebitCommand(const InvoiceOptions& o, const Globals& g) {
  pb::AdjustDebitRequest r;
  r.set_invoice_number(ParseInvoiceNumber(o.inv_number));
  r.set_method(o.method);
  r.set_amount_ore(ParseAmountOre(o.amount, "amount"));
  r.set_remark(o.remark);
  r.set_transaction_date(o.tx_date);
  return CommandCall(g, r, &pb::Ledger::Stub::AdjustDebit);
}

// invoice write-off
std::function<int(pb::Ledger::Stub&)> WriteOffCommand(const InvoiceOptions& o, const Globals& g) {
  pb::WriteOffRequest r;
  r.set_invoice_number(ParseInvoiceNumber(o.inv_number));
  r.set_method(o.method);
  if (!o.amount.empty()) r.set_amount_ore(ParseAmountOre(o.amount, "amount"));
  r.set_remark(o.remark);
  r.set_transaction_date(o.tx_date);
  return CommandCall(g, r, &pb::Ledger::Stub::WriteOff);
}

// invoice fee
std::function<int(pb::Ledger::Stub&)> FeeCommand(const InvoiceOptions& o, const Globals& g) {
  pb::ChargeFeeRequest r;
  r.set_invoice_number(ParseInvoiceNumber(o.inv_number));
  r.set_amount_ore(ParseAmountOre(o.amount, "amount"));
  r.set_kind(o.fee_kind == "collection" ? pb::CHARGE_KIND_COLLECTION_FEE
             : o.fee_kind == "plan"     ? pb::CHARGE_KIND_PLAN_FEE
             : o.fee_kind == "invoice"  ? pb::CHARGE_KIND_INVOICE_FEE
                                        : pb::CHARGE_KIND_REMINDER_FEE);
  r.set_only_noted(o.fee_noted);
  r.set_text(o.charge_text);
  r.set_transaction_date(o.tx_date);
  return CommandCall(g, r, &pb::Ledger::Stub::ChargeFee);
}

// invoice interest
std::function<int(pb::Ledger::Stub&)> InterestCommand(const InvoiceOptions& o, const Globals& g) {
  pb::ChargeInterestRequest r;
  r.set_invoice_number(ParseInvoiceNumber(o.inv_number));
  r.set_amount_ore(ParseAmountOre(o.amount, "amount"));
  r.set_text(o.charge_text);
  r.set_transaction_date(o.tx_date);
  return CommandCall(g, r, &pb::Ledger::Stub::ChargeInterest);
}

// invoice watch
std::function<int(pb::Ledger::Stub&)> WatchCommand(const InvoiceOptions& o, const Globals& g) {
  if (o.watch_clear == !o.watch_text.empty()) throw UsageError{"give a watch text or --clear"};
  pb::SetWatchTextRequest r;
  r.set_invoice_number(ParseInvoiceNumber(o.inv_number));
  r.set_text(o.watch_text);
  return CommandCall(g, r, &pb::Ledger::Stub::SetWatchText);
}

// invoice note, customer note
std::function<int(pb::Ledger::Stub&)> NoteCommand(const InvoiceOptions& o, const Globals& g) {
  pb::AddNoteRequest r;
  if (o.note->parsed())
    r.set_invoice_number(ParseInvoiceNumber(o.inv_number));
  else
    r.set_customer_number(o.cust_number);
  r.set_text(o.note_text);
  return CommandCall(g, r, &pb::Ledger::Stub::AddNote);
}

}  // namespace

std::function<int(pb::Ledger::Stub&)> InvoiceCommands::Selected() {
  Options& o = *o_;
  const Globals& g = *o.g;
  if (o.search->parsed()) return SearchCommand(o, g);
  if (o.import_responses->parsed()) return ImportResponsesCommand(o, g);
  if (o.import_invoices->parsed()) return ImportInvoicesCommand(o, g);
  if (o.import_open_items->parsed()) return ImportOpenItemsCommand(o, g);
  if (o.customer_add->parsed()) return CustomerAddCommand(o, g);
  if (o.customer_change->parsed()) return CustomerChangeCommand(o, g);
  if (o.credit_apply->parsed()) return CreditApplyCommand(o, g);
  if (o.credit_refund->parsed()) return CreditRefundCommand(o, g);
  if (o.customer_show->parsed()) return CustomerShowCommand(o, g);
  if (o.issue->parsed()) return IssueCommand(o, g);
  if (o.show->parsed()) return ShowCommand(o, g);
  if (o.list->parsed()) return ListCommand(o, g);
  if (o.credit->parsed()) return CreditCommand(o, g);
  if (o.attributes_cmd->parsed()) return AttributesCommand(o, g);
  if (o.einvoice->parsed()) return EInvoiceCommand(o, g);
  if (o.print->parsed()) return PrintInvoicesCommand(o, g);
  if (o.copy->parsed() || o.replacement->parsed() || o.credit_note_doc->parsed() || o.annulment_doc->parsed())
    return DocumentCommand(o, g);
  if (o.settle->parsed()) return SettleCommand(o, g);
  if (o.annul->parsed()) return AnnulCommand(o, g);
  if (o.debit->parsed()) return DebitCommand(o, g);
  if (o.write_off->parsed()) return WriteOffCommand(o, g);
  if (o.fee->parsed()) return FeeCommand(o, g);
  if (o.interest->parsed()) return InterestCommand(o, g);
  if (o.watch->parsed()) return WatchCommand(o, g);
  if (o.note->parsed() || o.customer_note->parsed()) return NoteCommand(o, g);
  return {};
}

}  // namespace reskontra::cli
