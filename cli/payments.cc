#include "cli/payments.h"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace reskontra::cli {

struct PaymentCommands::Options {
  const Globals* g = nullptr;
  CLI::App *import_bgmax = nullptr, *import_camt054 = nullptr, *import_camt053 = nullptr,
           *import_any = nullptr, *import_ocr_giro = nullptr, *import_cremul = nullptr, *record = nullptr,
           *unmatched = nullptr, *reverse = nullptr, *resolve = nullptr, *list = nullptr, *watch = nullptr,
           *forecast = nullptr;
  // import
  std::string import_path;
  bool confirm_resend = false;
  // payment record|reverse|resolve
  std::string invoice, customer, method, amount, tx_date, payer, reference, channel = "manual";
  std::string payment_id, resolve_text, reverse_remark;
  std::vector<std::string> allocate_parts;
  int book_account = 0;
  bool refund = false;
  // report inbetalningslista|bevakning|prognos
  std::string list_pdf;
  std::string company_range, invoice_range, entry, transaction, posting, due, list_method, kind = "all",
                                                                                           routine_range;
};

PaymentCommands::~PaymentCommands() = default;

PaymentCommands::PaymentCommands(CLI::App& app, CLI::App* import, CLI::App* report, const Globals& g)
    : o_(std::make_unique<Options>()) {
  Options& o = *o_;
  o.g = &g;
  // import bgmax|camt054|camt053|payments: one file, one command, all or nothing
  o.import_bgmax = import->add_subcommand("bgmax", "import a BgMax payment file (all or nothing)");
  o.import_camt054 =
      import->add_subcommand("camt054", "import an ISO 20022 camt.054 credit notification (.001.02/.001.08)");
  o.import_camt053 =
      import->add_subcommand("camt053", "import the credit entries of an ISO 20022 camt.053 statement");
  o.import_ocr_giro =
      import->add_subcommand("ocr-giro", "import a Nets OCR giro file (Norway, KID payments)");
  o.import_cremul =
      import->add_subcommand("cremul", "import a CREMUL credit advice (UN/EDIFACT D.96A, Norway)");
  o.import_any = import->add_subcommand("payments", "import a payment file of any format read; says which");
  for (CLI::App* sub : {o.import_bgmax, o.import_camt054, o.import_camt053, o.import_ocr_giro,
                        o.import_cremul, o.import_any}) {
    sub->add_option("file", o.import_path)->required()->check(CLI::ExistingFile);
    sub->add_flag(
        "--confirm-resend", o.confirm_resend,
        "the file, message, a deposit or payments in it were imported before: book only what is new");
  }

  // payment record|unmatched|reverse|resolve
  auto* payment =
      app.add_subcommand("payment", "payments (inbetalningar)")->require_subcommand(1)->fallthrough();
  o.record = payment->add_subcommand(
      "record", "record a manual entry: a payment, or what its --method says (debit, P/K/D reversal)");
  auto* pay_invoice = o.record->add_option("--invoice", o.invoice);
  o.record->add_option("--customer", o.customer, "no invoice: the customer's invoices oldest first")
      ->excludes(pay_invoice);
  o.record->add_option("--method", o.method, "inbetalningssätt code");
  o.record->add_option("--amount", o.amount, "kronor, e.g. 1 234,50")->required();
  o.record->add_option("--date", o.tx_date, "transaction date (default today)");
  o.record->add_option("--payer", o.payer);
  o.record->add_option("--reference", o.reference);
  o.record->add_option("--channel", o.channel)
      ->check(CLI::IsMember({"manual", "bankgiro", "plusgiro", "autogiro", "cash"}));
  o.unmatched = payment->add_subcommand("unmatched", "the unmatched queue");
  o.reverse = payment->add_subcommand("reverse", "undo a payment registered by mistake");
  o.reverse
      ->add_option("payment_id", o.payment_id, "the payment's id (from events tail or the unmatched queue)")
      ->required();
  o.reverse->add_option("--remark", o.reverse_remark, "why")->required();
  o.resolve = payment->add_subcommand("resolve", "take a payment out of the unmatched queue");
  o.resolve->add_option("payment_id", o.payment_id)->required();
  o.resolve->add_option("--allocate", o.allocate_parts,
                        "INVOICE:AMOUNT, repeatable; must add up to the payment");
  o.resolve->add_option("--book", o.book_account, "book it to this account");
  o.resolve->add_flag("--refund", o.refund, "pay it back");
  o.resolve->add_option("--text", o.resolve_text, "why / to whom (required to book or refund)");

  // report inbetalningslista|bevakning|prognos
  auto add_list_filters = [&o](CLI::App* sub) {
    sub->add_option("--companies", o.company_range, "FROM-TO (default: --company)");
    sub->add_option("--invoices", o.invoice_range, "FROM-TO invoice numbers");
    sub->add_option("--entry", o.entry, "inrapporteringsdatum FROM..TO (either side may be empty)");
    sub->add_option("--transaction", o.transaction, "transaktionsdatum FROM..TO");
    sub->add_option("--posting", o.posting, "bokföringsdatum FROM..TO");
    sub->add_option("--due", o.due, "förfallodag FROM..TO");
  };
  o.list = report->add_subcommand("inbetalningslista", "ledger actions by transaction date and method");
  add_list_filters(o.list);
  o.list->add_option("--method", o.list_method, "only manual entries with this inbetalningssätt");
  o.list->add_option("--kind", o.kind, "all|automatic|manual")
      ->check(CLI::IsMember({"all", "automatic", "manual"}));
  o.list->add_option("--pdf", o.list_pdf, "the list as a printable PDF file (A4 landscape)");
  o.watch = report->add_subcommand("bevakning", "payments on claims with a watch text (signal list)");
  add_list_filters(o.watch);
  o.forecast = report->add_subcommand("prognos", "inbetalningsprognos: open balances by due date");
  o.forecast->add_option("--companies", o.company_range, "FROM-TO (default: --company)");
  o.forecast->add_option("--routines", o.routine_range, "FROM-TO routines");
  o.forecast->add_option("--due", o.due, "förfallodag FROM..TO");
}

namespace {

void PrintReceipt(const pb::ImportReceipt& receipt) {
  Printf("Inläst fil %s (%s%s)%s\n", receipt.fingerprint().substr(0, 16).c_str(), receipt.format().c_str(),
         receipt.message_id().empty() ? "" : absl::StrCat(", meddelande ", receipt.message_id()).c_str(),
         receipt.result().replayed() ? " (redan inläst med samma kommando-id)" : "");
  Printf("  betalningar        %8d  %16s kr\n", receipt.payments(), receipt.received().kronor().c_str());
  Printf("  matchade           %8d  %16s kr\n", receipt.matched(), receipt.allocated().kronor().c_str());
  Printf("  avskrivet (under)  %8d  %16s kr\n", receipt.written_off_count(),
         receipt.written_off().kronor().c_str());
  Printf("  intäktsfört (över)           %16s kr\n", receipt.kept_as_income().kronor().c_str());
  Printf("  tillgodo kund                %16s kr\n", receipt.overpaid().kronor().c_str());
  if (receipt.carried_count()) {
    Printf("  till nästa faktura %8d  %16s kr under, %s kr över\n", receipt.carried_count(),
           receipt.carried_underpaid().kronor().c_str(), receipt.carried_overpaid().kronor().c_str());
  }
  if (receipt.from_collection_agency())
    Printf("  från inkassobolag  %8d\n", receipt.from_collection_agency());
  Printf("  omatchade          %8d  %16s kr\n", receipt.unmatched_count(),
         receipt.unmatched().kronor().c_str());
  Printf("  0-kronor           %8d\n  avvisade           %8d\n", receipt.zero_amount(), receipt.rejected());
  if (receipt.other_entries())
    Printf("  ej inbetalningar   %8d  (egna debiteringar, lästes inte)\n", receipt.other_entries());
  if (receipt.skipped_size()) {
    Printf("  redan bokförda     %8d  %16s kr (omsändning: bokfördes inte igen)\n", receipt.skipped_size(),
           receipt.skipped_total().kronor().c_str());
    for (const std::string& s : receipt.skipped()) Printf("    %s\n", s.c_str());
  }
}

void PrintUnmatched(const pb::ListUnmatchedResponse& resp) {
  for (const pb::UnmatchedPayment& u : resp.payments()) {
    Printf("%-28s %s %14s  %-25s %s\n", u.payment_id().c_str(), u.date().c_str(), u.amount().kronor().c_str(),
           u.reference().c_str(), u.reason().c_str());
  }
  Printf("%d omatchade, totalt %s kr\n", resp.payments_size(), resp.total().kronor().c_str());
}

void PrintWatchSignals(const pb::WatchSignalsResponse& resp) {
  Printf("Betalningsbevakning: %d signaler\n", resp.signals_size());
  for (const pb::WatchSignal& w : resp.signals()) {
    Printf("%s  %s  %-10s %14s kr  %-28s %s\n", w.transaction_date().c_str(),
           FormatInvoiceNumber(w.invoice_number()).c_str(), w.customer_number().c_str(),
           w.amount().kronor().c_str(), w.payment_id().c_str(), w.watch_text().c_str());
  }
}

// Rows come sorted by date and method; subtotals follow each group.
void PrintPaymentList(const pb::PaymentListResponse& resp) {
  Printf("Inbetalningslista\n%-10s %-2s %-9s %-36s %14s  %-10s %-10s %-10s %s\n", "trans.dag", "sätt",
         "faktura", "händelse", "belopp", "inrapp.", "bokförd", "förfaller", "betalare / anmärkning");
  int mi = 0, di = 0;
  for (int i = 0; i < resp.rows_size(); ++i) {
    const pb::PaymentListRow& row = resp.rows(i);
    Printf("%-10s %-2s %-9s %-36s %14s  %-10s %-10s %-10s %s\n", row.transaction_date().c_str(),
           row.method().empty() ? (row.automatic() ? "BG" : "-") : row.method().c_str(),
           row.invoice_number() ? FormatInvoiceNumber(row.invoice_number()).c_str() : "",
           row.action().c_str(), row.amount().kronor().c_str(), row.entry_date().c_str(),
           row.posting_date().empty() ? "ej bokförd" : row.posting_date().c_str(), row.due_date().c_str(),
           row.payer_name().empty() ? row.remark().c_str() : row.payer_name().c_str());
    const bool last = i + 1 == resp.rows_size();
    const pb::PaymentListRow* next = last ? nullptr : &resp.rows(i + 1);
    if (!resp.truncated() &&
        (last || next->transaction_date() != row.transaction_date() || next->method() != row.method())) {
      const pb::PaymentListSubtotal& t = resp.method_totals(mi++);
      Printf("%-10s %-2s   summa sätt %-25s %14s  (%lld)\n", "", t.method().c_str(), "",
             t.amount().kronor().c_str(), static_cast<long long>(t.count()));
    }
    if (!resp.truncated() && (last || next->transaction_date() != row.transaction_date())) {
      const pb::PaymentListSubtotal& t = resp.date_totals(di++);
      Printf("%-10s      summa dag %-27s %14s  (%lld)\n", t.transaction_date().c_str(), "",
             t.amount().kronor().c_str(), static_cast<long long>(t.count()));
    }
  }
  Printf("Totalt %lld händelser %s kr%s\n", static_cast<long long>(resp.count()),
         resp.total().kronor().c_str(), resp.truncated() ? " (listan är avkortad; välj snävare urval)" : "");
}

void PrintForecast(const pb::ForecastResponse& resp) {
  Printf("Inbetalningsprognos\n%-10s %8s %16s\n", "förfaller", "fakturor", "belopp");
  for (const pb::ForecastRow& row : resp.rows()) {
    Printf("%-10s %8lld %16s kr\n", row.due_date().c_str(), static_cast<long long>(row.invoices()),
           row.amount().kronor().c_str());
  }
  Printf("%-10s %8lld %16s kr\n", "totalt", static_cast<long long>(resp.invoices()),
         resp.total().kronor().c_str());
}

// --companies FROM-TO, or the one company of --company.
template <class Request>
void SetCompanies(const Globals& g, const std::string& range, Request& r) {
  if (range.empty()) {
    r.set_company_from(g.company);
    r.set_company_to(g.company);
    return;
  }
  auto [a, b] = NumberRange(range, "--companies");
  r.set_company_from(static_cast<int32_t>(a));
  r.set_company_to(static_cast<int32_t>(b));
}

pb::PaymentChannel ChannelOf(const std::string& name) {
  if (name == "bankgiro") return pb::PAYMENT_CHANNEL_BANKGIRO;
  if (name == "plusgiro") return pb::PAYMENT_CHANNEL_PLUSGIRO;
  if (name == "autogiro") return pb::PAYMENT_CHANNEL_AUTOGIRO;
  if (name == "cash") return pb::PAYMENT_CHANNEL_CASH;
  return pb::PAYMENT_CHANNEL_MANUAL;
}

}  // namespace

std::function<int(pb::Ledger::Stub&)> PaymentCommands::Selected() {
  Options& o = *o_;
  const Globals& g = *o.g;
  for (auto [sub, format] : {std::pair{o.import_bgmax, pb::PAYMENT_FILE_FORMAT_BGMAX},
                             std::pair{o.import_camt054, pb::PAYMENT_FILE_FORMAT_CAMT054},
                             std::pair{o.import_camt053, pb::PAYMENT_FILE_FORMAT_CAMT053},
                             std::pair{o.import_ocr_giro, pb::PAYMENT_FILE_FORMAT_OCR_GIRO},
                             std::pair{o.import_cremul, pb::PAYMENT_FILE_FORMAT_CREMUL},
                             std::pair{o.import_any, pb::PAYMENT_FILE_FORMAT_AUTO}}) {
    if (!sub->parsed()) continue;
    pb::ImportPaymentFileRequest r;
    r.set_format(format);
    r.set_file(ReadInputFile(o.import_path));
    r.set_confirm_resend(o.confirm_resend);
    return RpcCall(g, r, &pb::Ledger::Stub::ImportPaymentFile, PrintReceipt);
  }
  if (o.record->parsed()) {
    pb::RecordPaymentRequest r;
    if (o.invoice.empty() == o.customer.empty()) throw UsageError{"give --invoice or --customer"};
    if (!o.invoice.empty()) r.set_invoice_number(ParseInvoiceNumber(o.invoice));
    r.set_customer_number(o.customer);
    r.set_method(o.method);
    r.set_amount_ore(ParseAmountOre(o.amount, "amount"));
    r.set_transaction_date(o.tx_date);
    r.set_payer_name(o.payer);
    r.set_reference(o.reference);
    r.set_channel(ChannelOf(o.channel));
    return CommandCall(g, r, &pb::Ledger::Stub::RecordPayment);
  }
  if (o.unmatched->parsed()) {
    pb::ListUnmatchedRequest r;
    r.set_company(g.company);
    return RpcCall(g, r, &pb::Ledger::Stub::ListUnmatched, PrintUnmatched);
  }
  if (o.reverse->parsed()) {
    pb::ReversePaymentRequest r;
    r.set_payment_id(o.payment_id);
    r.set_remark(o.reverse_remark);
    return CommandCall(g, r, &pb::Ledger::Stub::ReversePayment);
  }
  if (o.resolve->parsed()) {
    pb::ResolveUnmatchedRequest r;
    r.set_payment_id(o.payment_id);
    for (const std::string& part : o.allocate_parts) {
      std::vector<std::string> kv = absl::StrSplit(part, absl::MaxSplits(':', 1));
      if (kv.size() != 2) throw UsageError{absl::StrCat("--allocate '", part, "' is not INVOICE:AMOUNT")};
      auto* a = r.add_allocations();
      a->set_invoice_number(ParseInvoiceNumber(kv[0]));
      a->set_amount_ore(ParseAmountOre(kv[1], "allocated amount"));
    }
    r.set_book_account(o.book_account);
    r.set_refund(o.refund);
    r.set_text(o.resolve_text);
    return CommandCall(g, r, &pb::Ledger::Stub::ResolveUnmatched);
  }
  if (o.list->parsed() || o.watch->parsed()) {
    pb::PaymentListRequest r;
    SetCompanies(g, o.company_range, r);
    if (!o.invoice_range.empty()) {
      auto [a, b] = NumberRange(o.invoice_range, "--invoices");
      r.set_invoice_from(a);
      r.set_invoice_to(b);
    }
    std::tie(*r.mutable_entry_from(), *r.mutable_entry_to()) = DateRange(o.entry);
    std::tie(*r.mutable_transaction_from(), *r.mutable_transaction_to()) = DateRange(o.transaction);
    std::tie(*r.mutable_posting_from(), *r.mutable_posting_to()) = DateRange(o.posting);
    std::tie(*r.mutable_due_from(), *r.mutable_due_to()) = DateRange(o.due);
    r.set_method(o.list_method);
    r.set_kind(o.kind == "automatic" ? pb::ENTRY_KIND_AUTOMATIC
               : o.kind == "manual"  ? pb::ENTRY_KIND_MANUAL
                                     : pb::ENTRY_KIND_ALL);
    if (o.watch->parsed()) return RpcCall(g, r, &pb::Ledger::Stub::WatchSignals, PrintWatchSignals);
    if (!o.list_pdf.empty()) {
      pb::PrintListRequest list;
      *list.mutable_inbetalningslista() = r;
      const std::string out = o.list_pdf;
      return [list, out](pb::Ledger::Stub& stub) {
        grpc::ClientContext ctx;
        return ReceiveChunks(*stub.PrintList(&ctx, list), out);
      };
    }
    return RpcCall(g, r, &pb::Ledger::Stub::PaymentList, PrintPaymentList);
  }
  if (o.forecast->parsed()) {
    pb::ForecastRequest r;
    SetCompanies(g, o.company_range, r);
    if (!o.routine_range.empty()) {
      auto [a, b] = NumberRange(o.routine_range, "--routines");
      r.set_routine_from(static_cast<int32_t>(a));
      r.set_routine_to(static_cast<int32_t>(b));
    }
    std::tie(*r.mutable_due_from(), *r.mutable_due_to()) = DateRange(o.due);
    return RpcCall(g, r, &pb::Ledger::Stub::Forecast, PrintForecast);
  }
  return {};
}

}  // namespace reskontra::cli
