// The wire edge of customers and invoices: their requests -> commands, invoices and customers
// -> protobuf.
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "base/overloaded.h"
#include "base/status_macros.h"
#include "domain/limits.h"
#include "formats/invoice_csv.h"
#include "formats/ubl_invoice.h"
#include "journal/record.h"
#include "services/convert.h"

namespace reskontra {

namespace {

absl::StatusOr<CustomerDetails> ToDetails(const pb::CustomerDetails& p) {
  if (p.kind() < 0 || p.kind() > 2) return absl::InvalidArgumentError("unknown customer kind");
  if (p.delivery() < 0 || p.delivery() > 2) return absl::InvalidArgumentError("unknown delivery channel");
  CustomerDetails d;
  d.kind = static_cast<CustomerKind>(p.kind());
  d.national_id = p.national_id();
  d.name = p.name();
  d.street = p.street();
  d.postal_code = p.postal_code();
  d.city = p.city();
  d.country = p.country();
  d.email = p.email();
  d.delivery = static_cast<DeliveryChannel>(p.delivery());
  d.peppol_id = p.peppol_id();
  return d;
}

}  // namespace

InvoiceAttributes ToAttributes(const pb::InvoiceAttributes& p) {
  InvoiceAttributes a;
  a.department = p.department();
  a.handler = p.handler();
  a.subject = p.subject();
  a.buyer_reference = p.buyer_reference();
  a.order_reference = p.order_reference();
  a.billing_system = p.billing_system();
  a.source_id = p.source_id();
  return a;  // the channel and e-invoice address at issue are the ledger's to record
}

pb::InvoiceAttributes ToProto(const InvoiceAttributes& a) {
  pb::InvoiceAttributes p;
  p.set_department(a.department);
  p.set_handler(a.handler);
  p.set_subject(a.subject);
  p.set_buyer_reference(a.buyer_reference);
  p.set_order_reference(a.order_reference);
  p.set_billing_system(a.billing_system);
  p.set_source_id(a.source_id);
  p.set_delivery(static_cast<pb::DeliveryChannel>(a.delivery));
  p.set_peppol_id(a.peppol_id);
  return p;
}

CompanyDetailsSet ToCompanyDetails(const pb::CompanyDetails& p) {
  return CompanyDetailsSet{p.street(),  p.postal_code(), p.city(),  p.country(), p.vat_number(),
                           p.f_skatt(), p.peppol_id(),   p.email(), p.phone()};
}

pb::CompanyDetails ToProto(const CompanyDetailsSet& d) {
  pb::CompanyDetails p;
  p.set_street(d.street);
  p.set_postal_code(d.postal_code);
  p.set_city(d.city);
  p.set_country(d.country);
  p.set_vat_number(d.vat_number);
  p.set_f_skatt(d.f_skatt);
  p.set_peppol_id(d.peppol_id);
  p.set_email(d.email);
  p.set_phone(d.phone);
  return p;
}

absl::StatusOr<Command> ToCommand(const pb::ChangeInvoiceAttributesRequest& r) {
  return Command{ToMeta(r.ctx()), ChangeInvoiceAttributes{r.invoice_number(), ToAttributes(r.attributes())}};
}

absl::StatusOr<Command> ToCommand(const pb::SetCompanyDetailsRequest& r) {
  return Command{ToMeta(r.ctx()), SetCompanyDetails{ToCompanyDetails(r.details())}};
}

absl::StatusOr<Command> ToCommand(const pb::RegisterCustomerRequest& r) {
  ASSIGN_OR_RETURN(CustomerDetails d, ToDetails(r.details()));
  return Command{ToMeta(r.ctx()), RegisterCustomer{r.customer_number(), std::move(d)}};
}

absl::StatusOr<Command> ToCommand(const pb::ChangeCustomerRequest& r) {
  ASSIGN_OR_RETURN(CustomerDetails d, ToDetails(r.details()));
  return Command{ToMeta(r.ctx()), ChangeCustomer{r.customer_number(), std::move(d)}};
}

absl::StatusOr<Command> ToCommand(const pb::IssueInvoiceRequest& r) {
  IssueInvoice c;
  c.invoice_number = r.invoice_number();
  c.customer_number = r.customer_number();
  ASSIGN_OR_RETURN(c.invoice_date, RequiredDate(r.invoice_date(), "invoice date"));
  ASSIGN_OR_RETURN(c.due_date, RequiredDate(r.due_date(), "due date"));
  for (const pb::InvoiceLineInput& l : r.lines()) {
    c.lines.push_back(IssueInvoiceLine{l.description(), Money::FromOre(l.net_ore()), l.vat_rate_bp(),
                                       l.revenue_account(), l.outside_vat_scope()});
  }
  c.ocr_reference = r.ocr_reference();
  c.attributes = ToAttributes(r.attributes());
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::CreditInvoiceRequest& r) {
  CreditInvoice c;
  c.invoice_number = r.invoice_number();
  if (r.has_amount_ore()) c.amount = Money::FromOre(r.amount_ore());
  c.credit_note_number = r.credit_note_number();
  c.remark = r.remark();
  ASSIGN_OR_RETURN(c.transaction_date, OptionalDate(r.transaction_date(), "transaction date"));
  c.method = r.method();
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::AnnulInvoiceRequest& r) {
  AnnulInvoice c;
  c.invoice_number = r.invoice_number();
  c.remark = r.remark();
  ASSIGN_OR_RETURN(c.transaction_date, OptionalDate(r.transaction_date(), "transaction date"));
  c.method = r.method();
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::AdjustDebitRequest& r) {
  AdjustDebit c;
  c.invoice_number = r.invoice_number();
  c.amount = Money::FromOre(r.amount_ore());
  c.remark = r.remark();
  ASSIGN_OR_RETURN(c.transaction_date, OptionalDate(r.transaction_date(), "transaction date"));
  c.method = r.method();
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::WriteOffRequest& r) {
  WriteOff c;
  c.invoice_number = r.invoice_number();
  if (r.has_amount_ore()) c.amount = Money::FromOre(r.amount_ore());
  c.remark = r.remark();
  ASSIGN_OR_RETURN(c.transaction_date, OptionalDate(r.transaction_date(), "transaction date"));
  c.method = r.method();
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::AddNoteRequest& r) {
  return Command{ToMeta(r.ctx()), AddNote{r.invoice_number(), r.customer_number(), r.text()}};
}

absl::StatusOr<Command> ToCommand(const pb::ChargeFeeRequest& r) {
  if (r.kind() < 0 || r.kind() > 3)
    return absl::InvalidArgumentError("a fee is a reminder, collection, plan or invoice fee");
  ChargeFee c;
  c.invoice_number = r.invoice_number();
  c.kind = static_cast<ChargeKind>(r.kind());
  c.amount = Money::FromOre(r.amount_ore());
  c.charged = !r.only_noted();
  c.text = r.text();
  ASSIGN_OR_RETURN(c.transaction_date, OptionalDate(r.transaction_date(), "transaction date"));
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::ChargeInterestRequest& r) {
  ChargeInterest c;
  c.invoice_number = r.invoice_number();
  c.amount = Money::FromOre(r.amount_ore());
  c.text = r.text();
  ASSIGN_OR_RETURN(c.transaction_date, OptionalDate(r.transaction_date(), "transaction date"));
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::SetWatchTextRequest& r) {
  return Command{ToMeta(r.ctx()), SetWatchText{r.invoice_number(), r.text()}};
}

pb::Invoice ToProto(const Invoice& inv) {
  pb::Invoice p;
  p.set_company(inv.company);
  p.set_invoice_number(inv.number);
  p.set_customer_number(inv.customer_number);
  p.set_routine(inv.routine);
  p.set_invoice_date(FormatDate(inv.invoice_date));
  p.set_due_date(FormatDate(inv.due_date));
  p.set_ocr_reference(inv.ocr_reference);
  *p.mutable_invoiced() = ToProto(inv.capital);
  *p.mutable_fees() = ToProto(inv.fees);
  *p.mutable_interest() = ToProto(inv.interest);
  *p.mutable_debit_adjusted() = ToProto(inv.debit_adjusted);
  *p.mutable_paid() = ToProto(inv.paid());
  *p.mutable_credited() = ToProto(inv.credited);
  *p.mutable_annulled() = ToProto(inv.annulled);
  *p.mutable_written_off() = ToProto(inv.written_off);
  *p.mutable_balance() = ToProto(inv.balance());
  *p.mutable_recovered() = ToProto(inv.recovered);
  *p.mutable_fees_reversed() = ToProto(inv.fees_reversed);
  *p.mutable_interest_reversed() = ToProto(inv.interest_reversed);
  *p.mutable_fees_noted() = ToProto(inv.fees_noted);
  *p.mutable_carried() = ToProto(inv.carried_in - inv.carried_out);
  p.set_watch_text(inv.watch_text);
  *p.mutable_small_differences() = ToProto(inv.small_differences);
  p.set_pending_approval(inv.pending_approval);
  *p.mutable_attributes() = ToProto(inv.attributes);
  if (inv.einvoiced) p.set_einvoiced_date(FormatDate(*inv.einvoiced));
  if (inv.slutbetald) p.set_slutbetald_date(FormatDate(*inv.slutbetald));
  p.set_status(static_cast<pb::InvoiceStatus>(inv.status));
  p.set_version(inv.version);
  return p;
}

pb::CustomerDetails ToProto(const CustomerDetails& d) {
  pb::CustomerDetails p;
  p.set_kind(static_cast<pb::CustomerKind>(d.kind));
  p.set_national_id(d.national_id);
  p.set_name(d.name);
  p.set_street(d.street);
  p.set_postal_code(d.postal_code);
  p.set_city(d.city);
  p.set_country(d.country);
  p.set_email(d.email);
  p.set_delivery(static_cast<pb::DeliveryChannel>(d.delivery));
  p.set_peppol_id(d.peppol_id);
  return p;
}

pb::Customer ToProto(const LedgerState& state, const Customer& c) {
  pb::Customer p;
  p.set_company(c.company);
  p.set_customer_number(c.number);
  *p.mutable_details() = ToProto(c.details);
  const CustomerTotals totals = state.TotalsOf(c.company, c.number);  // O(1) in the claims
  *p.mutable_debt() = ToProto(totals.debt);
  *p.mutable_credit_balance() = ToProto(c.credit_balance);
  p.set_invoice_count(static_cast<int32_t>(c.invoices.size()));
  p.set_open_invoice_count(static_cast<int32_t>(totals.open_invoices));
  p.set_version(c.version);
  *p.mutable_carried() = ToProto(c.carried);
  return p;
}

absl::StatusOr<Command> ToCommand(const pb::ImportInvoiceResponsesRequest& r) {
  ApplyInvoiceResponses c;
  ASSIGN_OR_RETURN(c.responses, ReadInvoiceResponses(r.file()));
  if (r.hold_code() < 1 || r.hold_code() > limits::kDunningCodeMax)
    return absl::InvalidArgumentError("the hold code is a kravkod 1..9");
  c.hold_code = static_cast<uint8_t>(r.hold_code());
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::ImportInvoiceFileRequest& r) {
  ImportInvoiceFile c;
  switch (r.format()) {
    case pb::INVOICE_FILE_FORMAT_CSV: {
      ASSIGN_OR_RETURN(c.file, ReadInvoiceCsv(r.file(), r.latin1()));
      break;
    }
    case pb::INVOICE_FILE_FORMAT_UBL: {
      UblOptions options{r.routine(), r.revenue_account(), r.currency().empty() ? "SEK" : r.currency()};
      ASSIGN_OR_RETURN(c.file, ReadUblInvoices(r.file(), options));
      break;
    }
    default:
      return absl::InvalidArgumentError("unknown invoice file format");
  }
  c.fingerprint = HashToHex(Sha256(r.file()));
  if (r.opening_account() != 0 || !r.balance_date().empty()) {
    if (r.opening_account() == 0)
      return absl::InvalidArgumentError("a migration of open items needs the opening account");
    c.opening_account = r.opening_account();
    ASSIGN_OR_RETURN(c.balance_date, RequiredDate(r.balance_date(), "balance_date"));
  }
  return Command{ToMeta(r.ctx()), std::move(c)};
}

pb::InvoiceImportReceipt SummariseInvoiceImport(const std::vector<JournalRecord>& records) {
  pb::InvoiceImportReceipt out;
  absl::flat_hash_map<InvoiceNumber, const InvoiceIssued*> issued;
  absl::flat_hash_map<InvoiceNumber, Money> balance;  // a migration's: charged less paid
  Money paid_before;
  const InvoiceFileImported* file = nullptr;
  for (const JournalRecord& r : records) {
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, InvoiceFileImported>) file = &v;
          if constexpr (std::is_same_v<T, InvoiceIssued>) {
            issued[v.invoice_number] = &v;
            balance[v.invoice_number] += v.total;
          }
          if constexpr (std::is_same_v<T, FeeCharged>)
            if (v.charged) balance[v.invoice_number] += v.amount;
          if constexpr (std::is_same_v<T, InterestCharged>) balance[v.invoice_number] += v.amount;
          if constexpr (std::is_same_v<T, PaymentAllocated>) {
            balance[v.invoice_number] -= v.fees + v.interest + v.capital;
            paid_before += v.fees + v.interest + v.capital;
          }
        },
        r.event.body);
  }
  if (file == nullptr) return out;
  out.set_invoices(file->invoices);
  *out.mutable_total() = ToProto(file->total);
  out.set_customers_registered(file->customers_registered);
  out.set_customers_changed(file->customers_changed);
  const bool migration = file->opening_account != 0;
  if (migration) {
    Money opening;
    for (const auto& [n, b] : balance) opening += b;
    *out.mutable_opening_balance() = ToProto(opening);
    *out.mutable_paid_before() = ToProto(paid_before);
    out.set_opening_account(file->opening_account);
    out.set_balance_date(FormatDate(file->balance_date));
  }
  for (size_t k = 0; k < file->numbers.size() && k < file->source_ids.size(); ++k) {
    pb::ImportedInvoice* row = out.add_imported();
    row->set_source_id(file->source_ids[k]);
    row->set_invoice_number(file->numbers[k]);
    if (auto it = issued.find(file->numbers[k]); it != issued.end()) {
      row->set_customer_number(it->second->customer_number);
      row->set_ocr(it->second->ocr_reference);
      *row->mutable_total() = ToProto(it->second->total);
      row->set_due_date(FormatDate(it->second->due_date));
      if (migration) *row->mutable_open_balance() = ToProto(balance[file->numbers[k]]);
    }
  }
  return out;
}

}  // namespace reskontra
