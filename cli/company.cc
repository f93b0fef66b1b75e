#include "cli/company.h"

#include <cstdio>

namespace reskontra::cli {

struct CompanyCommands::Options {
  const Globals* g = nullptr;
  CLI::App *company_add = nullptr, *settings = nullptr, *approval_policy = nullptr;
  CLI::App *approval_list = nullptr, *approval_approve = nullptr, *approval_reject = nullptr;
  CLI::App *method_define = nullptr, *method_list = nullptr;
  std::string company_name, org_number;
  // payment-settings
  std::string bankgiro, over_limit = "0", under_limit = "0", ocr_control = "soft";
  int sd_account = 3740;
  std::string allocation_order, reference_kind = "ocr";
  bool oldest_first = false, carry_next = false, ocr_length_digit = false, apply_credit = false;
  std::vector<std::string> agency_giros, bank_accounts;
  std::string currency;
  // method define
  std::string method_code, method_text, method_special = "none";
  bool method_debit = false, method_not_posted = false, method_no_interest = false, method_text_only = false;
  int method_account = 0;
  // fyra ögon
  bool approve_annulments = false, approve_write_offs = false, approvals_all = false;
  std::string write_off_from = "0", approval_reason, approval_invoice;
  int64_t approval_id = 0;
  // details
  CLI::App* details = nullptr;
  pb::CompanyDetails company_details;
};

CompanyCommands::~CompanyCommands() = default;

CompanyCommands::CompanyCommands(CLI::App& app, const Globals& g) : o_(std::make_unique<Options>()) {
  Options& o = *o_;
  o.g = &g;
  auto* company = app.add_subcommand("company", "companies (företag)")->require_subcommand(1)->fallthrough();
  o.company_add = company->add_subcommand("add", "register the company given by --company");
  o.company_add->add_option("--name", o.company_name)->required();
  o.company_add->add_option("--org-number", o.org_number);

  o.details = company->add_subcommand(
      "details",
      "address, VAT number, F-skatt and Peppol id, as invoices and e-invoices state them (all of them)");
  pb::CompanyDetails* d = &o.company_details;
  o.details->add_option_function<std::string>("--street", [d](const std::string& v) { d->set_street(v); });
  o.details->add_option_function<std::string>("--postal-code",
                                              [d](const std::string& v) { d->set_postal_code(v); });
  o.details->add_option_function<std::string>("--city", [d](const std::string& v) { d->set_city(v); });
  o.details->add_option_function<std::string>(
      "--country", [d](const std::string& v) { d->set_country(v); }, "ISO code (default SE)");
  o.details->add_option_function<std::string>(
      "--vat-number", [d](const std::string& v) { d->set_vat_number(v); },
      "momsregistreringsnummer, SE + org nr + 01 (default: derived from the org nr)");
  o.details->add_flag_function(
      "--f-skatt", [d](int64_t n) { d->set_f_skatt(n > 0); }, "Godkänd för F-skatt");
  o.details->add_option_function<std::string>(
      "--peppol-id", [d](const std::string& v) { d->set_peppol_id(v); },
      "the company's own Peppol participant id (default 0007:<org nr>)");
  o.details->add_option_function<std::string>("--email", [d](const std::string& v) { d->set_email(v); });
  o.details->add_option_function<std::string>("--phone", [d](const std::string& v) { d->set_phone(v); });
  o.settings = company->add_subcommand("payment-settings", "bankgiro number and small-difference limits");
  o.settings->add_option("--bankgiro", o.bankgiro, "receiving bankgiro number (none in Norway)");
  o.settings->add_option("--bank-account", o.bank_accounts,
                         "an IBAN or account number the bank names in camt files (repeatable)");
  o.settings->add_option("--currency", o.currency, "SEK (default) or NOK")
      ->check(CLI::IsMember({"SEK", "NOK"}));
  o.settings->add_option("--over-limit", o.over_limit, "kronor kept as income when overpaid (default 0)");
  o.settings->add_option("--under-limit", o.under_limit, "kronor written off when underpaid (default 0)");
  o.settings->add_option("--account", o.sd_account, "account for small differences (default 3740)");
  o.settings->add_option("--ocr-control", o.ocr_control, "soft|hard|variable")
      ->check(CLI::IsMember({"soft", "hard", "variable"}));
  o.settings->add_option("--allocation-order", o.allocation_order,
                         "order inside an invoice: F fees, I interest, C capital (default FIC)");
  o.settings->add_flag("--oldest-first", o.oldest_first,
                       "payments whose invoice is unknown go to the customer's oldest invoices");
  o.settings->add_flag("--carry-to-next-invoice", o.carry_next,
                       "differences within the limits go to the next invoice instead");
  o.settings->add_flag("--apply-credit-to-new-invoices", o.apply_credit,
                       "a customer's credit balance pays the next invoice when it is issued");
  o.settings->add_option("--agency-giro", o.agency_giros, "a collection agency's giro number (repeatable)");
  o.settings->add_flag("--ocr-length-digit", o.ocr_length_digit,
                       "generated OCR references get a length digit");
  o.settings->add_option("--reference-kind", o.reference_kind, "ocr|kid10|kid11")
      ->check(CLI::IsMember({"ocr", "kid10", "kid11"}));

  // method define|list (inbetalningssätt)
  auto* method = app.add_subcommand("method", "payment methods (inbetalningssätt)")->require_subcommand(1);
  o.method_define = method->add_subcommand("define", "register or change a payment method");
  o.method_define->add_option("code", o.method_code, "one digit or letter")->required();
  o.method_define->add_option("--text", o.method_text, "at most 15 characters")->required();
  o.method_define->add_flag("--debit", o.method_debit, "D: raises the claim (default K: lowers it)");
  o.method_define->add_flag("--not-posted", o.method_not_posted, "bokföres ej");
  o.method_define->add_flag("--no-interest", o.method_no_interest, "dröjsmålsfaktureras ej");
  o.method_define
      ->add_option("--special", o.method_special,
                   "P reminder fee, K collection fee, D interest: only lowers that charge")
      ->check(CLI::IsMember({"none", "P", "K", "D"}));
  o.method_define->add_flag("--text-only", o.method_text_only, "a text code without amounts");
  o.method_define->add_option("--account", o.method_account, "fixed kontering account");
  o.method_list = method->add_subcommand("list", "the register");

  // Fyra ögon: company approval-policy; approval list|approve|reject
  o.approval_policy = company->add_subcommand(
      "approval-policy", "which annulments and write-offs need a second user's approval (fyra ögon)");
  o.approval_policy->add_flag("--annulment", o.approve_annulments, "every annulment (makulering)");
  o.approval_policy->add_flag("--write-off", o.approve_write_offs,
                              "write-offs (of at least --write-off-from)");
  o.approval_policy->add_option("--write-off-from", o.write_off_from, "kronor (default 0: every write-off)");
  auto* approval =
      app.add_subcommand("approval", "four-eyes requests (attest)")->require_subcommand(1)->fallthrough();
  o.approval_list = approval->add_subcommand("list", "the requests waiting (--all: every request)");
  o.approval_list->add_flag("--all", o.approvals_all, "decided requests too");
  o.approval_list->add_option("--invoice", o.approval_invoice, "only this invoice's");
  o.approval_approve = approval->add_subcommand("approve", "approve another user's request");
  o.approval_reject =
      approval->add_subcommand("reject", "reject a request (a reason is needed unless it is your own)");
  for (CLI::App* sub : {o.approval_approve, o.approval_reject}) {
    sub->add_option("id", o.approval_id, "the request id")->required();
    sub->add_option("--reason", o.approval_reason);
  }
}

namespace {

void PrintMethods(const pb::ListPaymentMethodsResponse& resp) {
  static const char* kSpecial[] = {"", "P", "K", "D"};
  for (const pb::PaymentMethod& m : resp.methods()) {
    Printf("%s  %-15s  %s  %-1s %s%s%s\n", m.code().c_str(), m.text().c_str(), m.debit() ? "D" : "K",
           kSpecial[m.special()], m.not_posted() ? " bokföres ej" : "",
           m.no_interest() ? " dröjsmålsfaktureras ej" : "", m.text_only() ? " endast text" : "");
  }
}

}  // namespace

std::function<int(pb::Ledger::Stub&)> CompanyCommands::Selected() {
  Options& o = *o_;
  const Globals& g = *o.g;
  if (o.company_add->parsed()) {
    pb::RegisterCompanyRequest r;
    r.set_name(o.company_name);
    r.set_org_number(o.org_number);
    return CommandCall(g, r, &pb::Ledger::Stub::RegisterCompany);
  }
  if (o.details->parsed()) {
    pb::SetCompanyDetailsRequest r;
    *r.mutable_details() = o.company_details;
    return CommandCall(g, r, &pb::Ledger::Stub::SetCompanyDetails);
  }
  if (o.settings->parsed()) {
    pb::SetPaymentSettingsRequest r;
    r.set_bankgiro(o.bankgiro);
    r.set_overpayment_limit_ore(ParseAmountOre(o.over_limit, "over-limit"));
    r.set_underpayment_limit_ore(ParseAmountOre(o.under_limit, "under-limit"));
    r.set_small_difference_account(o.sd_account);
    r.set_ocr_control(o.ocr_control == "hard"       ? pb::OCR_CONTROL_HARD
                      : o.ocr_control == "variable" ? pb::OCR_CONTROL_VARIABLE
                                                    : pb::OCR_CONTROL_SOFT);
    r.set_allocation_order(o.allocation_order);
    r.set_oldest_first(o.oldest_first);
    r.set_carry_to_next_invoice(o.carry_next);
    r.set_apply_credit_to_new_invoices(o.apply_credit);
    for (const std::string& giro : o.agency_giros) r.add_agency_bankgiros(giro);
    for (const std::string& account : o.bank_accounts) r.add_bank_accounts(account);
    r.set_currency(o.currency);
    r.set_ocr_length_digit(o.ocr_length_digit);
    r.set_reference_kind(o.reference_kind == "kid10"   ? pb::REFERENCE_KIND_KID_MOD10
                         : o.reference_kind == "kid11" ? pb::REFERENCE_KIND_KID_MOD11
                                                       : pb::REFERENCE_KIND_OCR);
    return CommandCall(g, r, &pb::Ledger::Stub::SetPaymentSettings);
  }
  if (o.method_define->parsed()) {
    pb::DefinePaymentMethodRequest r;
    pb::PaymentMethod* m = r.mutable_method();
    m->set_code(o.method_code);
    m->set_text(o.method_text);
    m->set_debit(o.method_debit);
    m->set_not_posted(o.method_not_posted);
    m->set_no_interest(o.method_no_interest);
    m->set_special(o.method_special == "P"   ? pb::METHOD_SPECIAL_REMINDER_FEE
                   : o.method_special == "K" ? pb::METHOD_SPECIAL_COLLECTION_FEE
                   : o.method_special == "D" ? pb::METHOD_SPECIAL_INTEREST
                                             : pb::METHOD_SPECIAL_NONE);
    m->set_text_only(o.method_text_only);
    m->set_account(o.method_account);
    return CommandCall(g, r, &pb::Ledger::Stub::DefinePaymentMethod);
  }
  if (o.method_list->parsed()) {
    pb::ListPaymentMethodsRequest r;
    r.set_company(g.company);
    return RpcCall(g, r, &pb::Ledger::Stub::ListPaymentMethods, PrintMethods);
  }
  if (o.approval_policy->parsed()) {
    pb::SetApprovalPolicyRequest r;
    r.set_annulment(o.approve_annulments);
    r.set_write_off(o.approve_write_offs);
    r.set_write_off_from_ore(ParseAmountOre(o.write_off_from, "write-off-from"));
    return CommandCall(g, r, &pb::Ledger::Stub::SetApprovalPolicy);
  }
  if (o.approval_approve->parsed() || o.approval_reject->parsed()) {
    pb::DecideApprovalRequest r;
    r.set_request_id(o.approval_id);
    r.set_approve(o.approval_approve->parsed());
    r.set_reason(o.approval_reason);
    return CommandCall(g, r, &pb::Ledger::Stub::DecideApproval);
  }
  if (o.approval_list->parsed()) {
    pb::ListApprovalsRequest r;
    r.set_company(g.company);
    r.set_pending_only(!o.approvals_all);
    if (!o.approval_invoice.empty()) r.set_invoice_number(ParseInvoiceNumber(o.approval_invoice));
    return RpcCall(g, r, &pb::Ledger::Stub::ListApprovals, PrintApprovals);
  }
  return {};
}

}  // namespace reskontra::cli
