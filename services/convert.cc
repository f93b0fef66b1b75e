#include "services/convert.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "base/overloaded.h"
#include "base/status_macros.h"
#include "domain/limits.h"
#include "formats/bgmax.h"

namespace reskontra {

void SetResult(const AppendResult& r, pb::CommandResult* out) {
  out->set_first_position(r.first_position);
  out->set_last_position(r.last_position);
  out->set_replayed(r.replayed);
}

CommandMeta ToMeta(const pb::CommandContext& c) {
  CommandMeta m;
  m.command_id = c.command_id();
  m.actor = c.actor();
  m.company = c.company();
  if (c.has_expected_version()) m.expected_version = c.expected_version();
  return m;
}

absl::StatusOr<std::optional<Date>> OptionalDate(const std::string& s, absl::string_view what) {
  if (s.empty()) return std::optional<Date>();
  absl::StatusOr<Date> d = ParseDate(s);
  if (!d.ok()) return absl::InvalidArgumentError(absl::StrCat(what, ": ", d.status().message()));
  return std::optional<Date>(*d);
}

absl::StatusOr<Date> RequiredDate(const std::string& s, absl::string_view what) {
  if (s.empty()) return absl::InvalidArgumentError(absl::StrCat(what, " is required"));
  absl::StatusOr<Date> d = ParseDate(s);
  if (!d.ok()) return absl::InvalidArgumentError(absl::StrCat(what, ": ", d.status().message()));
  return *d;
}

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
  return d;
}

std::string Rfc3339(absl::Time t) { return absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", t, absl::UTCTimeZone()); }

pb::InvoiceAmountEvent AmountEvent(InvoiceNumber n, Money m, const std::string& remark,
                                   const std::string& method) {
  pb::InvoiceAmountEvent e;
  e.set_invoice_number(n);
  e.set_amount_ore(m.ore());
  e.set_remark(remark);
  e.set_method(method);
  return e;
}

}  // namespace

grpc::Status ToGrpc(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  // absl and gRPC share the canonical code numbers.
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

Hash Fingerprint(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  const google::protobuf::FieldDescriptor* ctx = copy->GetDescriptor()->FindFieldByName("ctx");
  if (ctx != nullptr && copy->GetReflection()->HasField(*copy, ctx)) {
    auto* c = static_cast<pb::CommandContext*>(copy->GetReflection()->MutableMessage(copy.get(), ctx));
    c->clear_command_id();
  }
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream out(&bytes);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.SetSerializationDeterministic(true);
    copy->SerializeToCodedStream(&coded);
  }
  return Sha256(copy->GetDescriptor()->full_name(), bytes);
}

absl::StatusOr<Command> ToCommand(const pb::RegisterCompanyRequest& r) {
  return Command{ToMeta(r.ctx()), RegisterCompany{r.name(), r.org_number()}};
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
    c.lines.push_back(
        IssueInvoiceLine{l.description(), Money::FromOre(l.net_ore()), l.vat_rate_bp(), l.revenue_account()});
  }
  c.ocr_reference = r.ocr_reference();
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::RecordPaymentRequest& r) {
  if (r.channel() < 0 || r.channel() > 4) return absl::InvalidArgumentError("unknown payment channel");
  RecordPayment c;
  c.invoice_number = r.invoice_number();
  c.amount = Money::FromOre(r.amount_ore());
  ASSIGN_OR_RETURN(c.transaction_date, OptionalDate(r.transaction_date(), "transaction date"));
  c.channel = static_cast<PaymentChannel>(r.channel());
  c.reference = r.reference();
  c.payer_name = r.payer_name();
  c.method = r.method();
  c.customer_number = r.customer_number();
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

absl::StatusOr<Command> ToCommand(const pb::SetPaymentSettingsRequest& r) {
  if (r.ocr_control() < 0 || r.ocr_control() > 2)
    return absl::InvalidArgumentError("unknown OCR control level");
  SetPaymentSettings c;
  c.bankgiro = r.bankgiro();
  c.overpayment_limit = Money::FromOre(r.overpayment_limit_ore());
  c.underpayment_limit = Money::FromOre(r.underpayment_limit_ore());
  c.small_difference_account = r.small_difference_account() == 0 ? 3740 : r.small_difference_account();
  c.ocr_control = static_cast<uint8_t>(r.ocr_control());
  if (r.reference_kind() < 0 || r.reference_kind() > 2)
    return absl::InvalidArgumentError("unknown reference kind");
  c.allocation_order = r.allocation_order();
  c.oldest_first = r.oldest_first();
  c.carry_to_next_invoice = r.carry_to_next_invoice();
  c.agency_bankgiros.assign(r.agency_bankgiros().begin(), r.agency_bankgiros().end());
  c.ocr_length_digit = r.ocr_length_digit();
  c.reference_kind = static_cast<uint8_t>(r.reference_kind());
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::ImportBgMaxRequest& r) {
  ImportPaymentFile c;
  ASSIGN_OR_RETURN(BgMaxFile file, ParseBgMax(r.file()));
  c.file = ToIncomingPaymentFile(file);
  c.fingerprint = HashToHex(Sha256(r.file()));
  c.confirm_resend = r.confirm_resend();
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::ResolveUnmatchedRequest& r) {
  ResolveUnmatchedPayment c;
  c.payment_id = r.payment_id();
  for (const auto& part : r.allocations()) {
    c.allocations.push_back({part.invoice_number(), Money::FromOre(part.amount_ore())});
  }
  c.book_account = r.book_account();
  c.refund = r.refund();
  c.text = r.text();
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::ReversePaymentRequest& r) {
  return Command{ToMeta(r.ctx()), ReversePayment{r.payment_id(), r.remark()}};
}

absl::StatusOr<Command> ToCommand(const pb::DefinePaymentMethodRequest& r) {
  const pb::PaymentMethod& p = r.method();
  if (p.special() < 0 || p.special() > 3) return absl::InvalidArgumentError("unknown special method kind");
  PaymentMethodDefined m;
  m.code = p.code();
  m.text = p.text();
  m.debit = p.debit();
  m.posted = !p.not_posted();
  m.no_interest = p.no_interest();
  m.special = static_cast<MethodSpecial>(p.special());
  m.text_only = p.text_only();
  m.account = p.account();
  return Command{ToMeta(r.ctx()), DefinePaymentMethod{std::move(m)}};
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

absl::StatusOr<DateRange> ToRange(const std::string& from, const std::string& to, absl::string_view what) {
  DateRange range;
  ASSIGN_OR_RETURN(range.from, OptionalDate(from, absl::StrCat(what, " from")));
  ASSIGN_OR_RETURN(range.to, OptionalDate(to, absl::StrCat(what, " to")));
  if (range.from && range.to && *range.to < *range.from) {
    return absl::InvalidArgumentError(absl::StrCat(what, " range ends before it starts"));
  }
  return range;
}
absl::Status CompanyRange(int32_t from, int32_t to) {
  if (from < 0 || from > limits::kCompanyIdMax || to < 0 || to > limits::kCompanyIdMax ||
      (to != 0 && to < from)) {
    return absl::InvalidArgumentError("company range must be within 1..999 and ascending");
  }
  return absl::OkStatus();
}

absl::StatusOr<PaymentListFilter> ToFilter(const pb::PaymentListRequest& r) {
  RETURN_IF_ERROR(CompanyRange(r.company_from(), r.company_to()));
  PaymentListFilter f;
  f.company_from = r.company_from() == 0 ? 1 : r.company_from();
  f.company_to = r.company_to() == 0 ? limits::kCompanyIdMax : r.company_to();
  if (r.invoice_from() < 0 || r.invoice_to() < 0 || r.invoice_from() > limits::kInvoiceNumberMax ||
      r.invoice_to() > limits::kInvoiceNumberMax ||
      (r.invoice_to() != 0 && r.invoice_to() < r.invoice_from())) {
    return absl::InvalidArgumentError("invoice range must be 9-digit numbers, ascending");
  }
  f.invoice_from = r.invoice_from();
  f.invoice_to = r.invoice_to() == 0 ? limits::kInvoiceNumberMax : r.invoice_to();
  ASSIGN_OR_RETURN(f.entry, ToRange(r.entry_from(), r.entry_to(), "entry date"));
  ASSIGN_OR_RETURN(f.transaction, ToRange(r.transaction_from(), r.transaction_to(), "transaction date"));
  ASSIGN_OR_RETURN(f.posting, ToRange(r.posting_from(), r.posting_to(), "posting date"));
  ASSIGN_OR_RETURN(f.due, ToRange(r.due_from(), r.due_to(), "due date"));
  f.method = r.method();
  if (r.kind() < 0 || r.kind() > 2) return absl::InvalidArgumentError("unknown entry kind");
  f.kind = static_cast<EntryKind>(r.kind());
  if (r.has_channel()) {
    if (r.channel() < 0 || r.channel() > 4) return absl::InvalidArgumentError("unknown payment channel");
    f.channel = static_cast<PaymentChannel>(r.channel());
  }
  return f;
}

absl::StatusOr<ForecastFilter> ToFilter(const pb::ForecastRequest& r) {
  RETURN_IF_ERROR(CompanyRange(r.company_from(), r.company_to()));
  if (r.routine_from() < 0 || r.routine_from() > limits::kRoutineMax || r.routine_to() < 0 ||
      r.routine_to() > limits::kRoutineMax || (r.routine_to() != 0 && r.routine_to() < r.routine_from())) {
    return absl::InvalidArgumentError("routine range must be within 0..99 and ascending");
  }
  ForecastFilter f;
  f.company_from = r.company_from() == 0 ? 1 : r.company_from();
  f.company_to = r.company_to() == 0 ? limits::kCompanyIdMax : r.company_to();
  f.routine_from = r.routine_from();
  f.routine_to = r.routine_to() == 0 ? limits::kRoutineMax : r.routine_to();
  ASSIGN_OR_RETURN(f.due, ToRange(r.due_from(), r.due_to(), "due date"));
  return f;
}

pb::PaymentListResponse ToProto(const LedgerState& state, const PaymentList& list) {
  pb::PaymentListResponse out;
  for (const PaymentListRow& r : list.rows) {
    pb::PaymentListRow* p = out.add_rows();
    p->set_position(r.position);
    p->set_company(r.company);
    p->set_invoice_number(r.invoice_number);
    p->set_action(r.action);
    p->set_method(r.method);
    p->set_channel(static_cast<pb::PaymentChannel>(r.channel));
    p->set_automatic(r.automatic);
    p->set_entry_date(FormatDate(r.entry_date));
    p->set_transaction_date(FormatDate(r.transaction_date));
    if (r.posting_date) p->set_posting_date(FormatDate(*r.posting_date));
    if (r.due_date) p->set_due_date(FormatDate(*r.due_date));
    *p->mutable_amount() = ToProto(r.amount);
    p->set_payment_id(r.payment_id);
    p->set_customer_number(r.customer_number);
    p->set_payer_name(r.payer_name);
    p->set_remark(r.remark);
    if (const Customer* c =
            r.customer_number.empty() ? nullptr : state.FindCustomer(r.company, r.customer_number)) {
      p->set_national_id(c->details.national_id);
      p->set_customer_name(c->details.name);
    }
  }
  for (const auto& [totals, field] : {std::pair{&list.method_totals, out.mutable_method_totals()},
                                      std::pair{&list.date_totals, out.mutable_date_totals()}}) {
    for (const PaymentListSubtotal& t : *totals) {
      pb::PaymentListSubtotal* p = field->Add();
      p->set_transaction_date(FormatDate(t.transaction_date));
      p->set_method(t.method);
      p->set_count(t.count);
      *p->mutable_amount() = ToProto(t.amount);
    }
  }
  out.set_count(list.count);
  *out.mutable_total() = ToProto(list.total);
  out.set_truncated(list.truncated);
  return out;
}

pb::WatchSignal ToProto(const WatchSignal& s) {
  pb::WatchSignal p;
  p.set_position(s.position);
  p.set_company(s.company);
  p.set_invoice_number(s.invoice_number);
  p.set_watch_text(s.watch_text);
  p.set_payment_id(s.payment_id);
  *p.mutable_amount() = ToProto(s.amount);
  p.set_transaction_date(FormatDate(s.transaction_date));
  p.set_entry_date(FormatDate(s.entry_date));
  p.set_customer_number(s.customer_number);
  return p;
}

pb::ForecastResponse ToProto(const Forecast& f) {
  pb::ForecastResponse out;
  for (const ForecastRow& r : f.rows) {
    pb::ForecastRow* p = out.add_rows();
    p->set_due_date(FormatDate(r.due_date));
    p->set_invoices(r.invoices);
    *p->mutable_amount() = ToProto(r.amount);
  }
  out.set_invoices(f.invoices);
  *out.mutable_total() = ToProto(f.total);
  return out;
}

pb::PaymentMethod ToProto(const PaymentMethodDefined& m) {
  pb::PaymentMethod p;
  p.set_code(m.code);
  p.set_text(m.text);
  p.set_debit(m.debit);
  p.set_not_posted(!m.posted);
  p.set_no_interest(m.no_interest);
  p.set_special(static_cast<pb::MethodSpecial>(m.special));
  p.set_text_only(m.text_only);
  p.set_account(m.account);
  return p;
}

pb::ImportReceipt SummariseImport(const std::vector<JournalRecord>& records) {
  pb::ImportReceipt receipt;
  Money received, allocated, written_off, kept, overpaid, unmatched, recovered, carried_under, carried_over;
  for (const JournalRecord& rec : records) {
    std::visit(Overloaded{
                   [&](const PaymentFileImported& v) { receipt.set_fingerprint(v.fingerprint); },
                   [&](const PaymentReceived& v) {
                     receipt.set_payments(receipt.payments() + 1);
                     received += v.amount;
                     if (v.amount.is_zero()) receipt.set_zero_amount(receipt.zero_amount() + 1);
                     if (v.from_collection_agency)
                       receipt.set_from_collection_agency(receipt.from_collection_agency() + 1);
                   },
                   [&](const PaymentDifferenceCarried& v) {
                     receipt.set_carried_count(receipt.carried_count() + 1);
                     (v.amount.is_positive() ? carried_under : carried_over) +=
                         v.amount.is_positive() ? v.amount : -v.amount;
                   },
                   [&](const PaymentAllocated& v) {
                     receipt.set_matched(receipt.matched() + 1);
                     allocated += v.fees + v.interest + v.capital;
                   },
                   [&](const SmallDifferenceWrittenOff& v) {
                     if (v.amount.is_positive()) {
                       receipt.set_written_off_count(receipt.written_off_count() + 1);
                       written_off += v.amount;
                     } else {
                       kept -= v.amount;
                     }
                   },
                   [&](const OverpaymentRecorded& v) { overpaid += v.amount; },
                   [&](const WriteOffRecovered& v) { recovered += v.amount; },
                   [&](const PaymentUnmatched& v) {
                     receipt.set_unmatched_count(receipt.unmatched_count() + 1);
                     unmatched += v.amount;
                   },
                   [](const auto&) {},
               },
               rec.event.body);
  }
  *receipt.mutable_received() = ToProto(received);
  *receipt.mutable_allocated() = ToProto(allocated);
  *receipt.mutable_written_off() = ToProto(written_off);
  *receipt.mutable_kept_as_income() = ToProto(kept);
  *receipt.mutable_overpaid() = ToProto(overpaid);
  *receipt.mutable_unmatched() = ToProto(unmatched);
  *receipt.mutable_recovered() = ToProto(recovered);
  *receipt.mutable_carried_underpaid() = ToProto(carried_under);
  *receipt.mutable_carried_overpaid() = ToProto(carried_over);
  return receipt;
}

pb::UnmatchedPayment ToProto(const UnmatchedPayment& u) {
  pb::UnmatchedPayment p;
  p.set_company(u.company);
  p.set_payment_id(u.payment_id);
  *p.mutable_amount() = ToProto(u.amount);
  p.set_reference(u.reference);
  p.set_payer_name(u.payer_name);
  p.set_reason(u.reason);
  p.set_date(FormatDate(u.date));
  return p;
}

pb::Amount ToProto(Money m) {
  pb::Amount a;
  a.set_ore(m.ore());
  a.set_kronor(m.ToKronor());
  return a;
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

pb::JournalEvent ToProto(const JournalRecord& record, absl::string_view bytes) {
  pb::JournalEvent p;
  const EventMeta& m = record.event.meta;
  p.set_position(record.position);
  p.set_recorded_at(Rfc3339(m.recorded_at));
  p.set_effective_date(FormatDate(m.effective_date));
  p.set_company(m.company);
  p.set_actor(m.actor);
  p.set_command_id(m.command_id);
  p.set_type(std::string(EventTypeName(record.event.body)));
  p.set_record(std::string(bytes));
  p.set_prev_hash(std::string(reinterpret_cast<const char*>(record.prev_hash.data()), 32));
  p.set_hash(std::string(reinterpret_cast<const char*>(record.hash.data()), 32));
  std::visit(Overloaded{
                 [&](const CompanyRegistered& v) {
                   auto* e = p.mutable_company_registered();
                   e->set_name(v.name);
                   e->set_org_number(v.org_number);
                 },
                 [&](const CustomerRegistered& v) {
                   auto* e = p.mutable_customer_registered();
                   e->set_customer_number(v.customer_number);
                   *e->mutable_details() = ToProto(v.details);
                 },
                 [&](const CustomerChanged& v) {
                   auto* e = p.mutable_customer_changed();
                   e->set_customer_number(v.customer_number);
                   *e->mutable_details() = ToProto(v.details);
                 },
                 [&](const InvoiceIssued& v) {
                   auto* e = p.mutable_invoice_issued();
                   e->set_invoice_number(v.invoice_number);
                   e->set_customer_number(v.customer_number);
                   e->set_routine(v.routine);
                   e->set_invoice_date(FormatDate(v.invoice_date));
                   e->set_due_date(FormatDate(v.due_date));
                   for (const InvoiceLine& l : v.lines) {
                     auto* pl = e->add_lines();
                     pl->set_description(l.description);
                     pl->set_net_ore(l.net.ore());
                     pl->set_vat_rate_bp(l.vat_rate_bp);
                     pl->set_vat_ore(l.vat.ore());
                     pl->set_revenue_account(l.revenue_account);
                   }
                   e->set_ocr_reference(v.ocr_reference);
                   e->set_total_ore(v.total.ore());
                 },
                 [&](const PaymentReceived& v) {
                   auto* e = p.mutable_payment_received();
                   e->set_payment_id(v.payment_id);
                   e->set_channel(static_cast<pb::PaymentChannel>(v.channel));
                   e->set_amount_ore(v.amount.ore());
                   e->set_reference(v.reference);
                   e->set_payer_name(v.payer_name);
                   e->set_intended_invoice(v.intended_invoice);
                   e->set_method(v.method);
                   e->set_from_collection_agency(v.from_collection_agency);
                 },
                 [&](const PaymentAllocated& v) {
                   auto* e = p.mutable_payment_allocated();
                   e->set_payment_id(v.payment_id);
                   e->set_invoice_number(v.invoice_number);
                   e->set_fees_ore(v.fees.ore());
                   e->set_interest_ore(v.interest.ore());
                   e->set_capital_ore(v.capital.ore());
                 },
                 [&](const OverpaymentRecorded& v) {
                   auto* e = p.mutable_overpayment_recorded();
                   e->set_payment_id(v.payment_id);
                   e->set_customer_number(v.customer_number);
                   e->set_invoice_number(v.invoice_number);
                   e->set_amount_ore(v.amount.ore());
                 },
                 [&](const InvoiceCredited& v) {
                   auto* e = p.mutable_invoice_credited();
                   e->set_invoice_number(v.invoice_number);
                   e->set_credit_note_number(v.credit_note_number);
                   e->set_amount_ore(v.amount.ore());
                   e->set_remark(v.remark);
                   e->set_method(v.method);
                 },
                 [&](const InvoiceAnnulled& v) {
                   *p.mutable_invoice_annulled() =
                       AmountEvent(v.invoice_number, v.amount, v.remark, v.method);
                 },
                 [&](const DebitAdjusted& v) {
                   *p.mutable_debit_adjusted() = AmountEvent(v.invoice_number, v.amount, v.remark, v.method);
                 },
                 [&](const WrittenOff& v) {
                   *p.mutable_written_off() = AmountEvent(v.invoice_number, v.amount, v.remark, v.method);
                 },
                 [&](const NoteAdded& v) {
                   auto* e = p.mutable_note_added();
                   e->set_invoice_number(v.invoice_number);
                   e->set_customer_number(v.customer_number);
                   e->set_text(v.text);
                 },
                 [&](const PaymentSettingsSet& v) {
                   auto* e = p.mutable_payment_settings_set();
                   e->set_bankgiro(v.bankgiro);
                   e->set_overpayment_limit_ore(v.overpayment_limit.ore());
                   e->set_underpayment_limit_ore(v.underpayment_limit.ore());
                   e->set_small_difference_account(v.small_difference_account);
                   e->set_ocr_control(static_cast<pb::OcrControl>(v.ocr_control));
                   e->set_allocation_order(v.allocation_order);
                   e->set_oldest_first(v.oldest_first);
                   e->set_carry_to_next_invoice(v.carry_to_next_invoice);
                   for (const std::string& g : v.agency_bankgiros) e->add_agency_bankgiros(g);
                   e->set_ocr_length_digit(v.ocr_length_digit);
                   e->set_reference_kind(static_cast<pb::ReferenceKind>(v.reference_kind));
                 },
                 [&](const PaymentFileImported& v) {
                   auto* e = p.mutable_payment_file_imported();
                   e->set_fingerprint(v.fingerprint);
                   e->set_format(v.format);
                   e->set_bankgiro(v.bankgiro);
                   for (const ImportedDeposit& d : v.deposits) {
                     auto* pd = e->add_deposits();
                     pd->set_payment_date(FormatDate(d.payment_date));
                     pd->set_serial(d.serial);
                   }
                   e->set_payment_count(v.payment_count);
                   e->set_total_ore(v.total.ore());
                   e->set_resend(v.resend);
                 },
                 [&](const SmallDifferenceWrittenOff& v) {
                   auto* e = p.mutable_small_difference_written_off();
                   e->set_payment_id(v.payment_id);
                   e->set_invoice_number(v.invoice_number);
                   e->set_amount_ore(v.amount.ore());
                   e->set_account(v.account);
                 },
                 [&](const PaymentUnmatched& v) {
                   auto* e = p.mutable_payment_unmatched();
                   e->set_payment_id(v.payment_id);
                   e->set_amount_ore(v.amount.ore());
                   e->set_reference(v.reference);
                   e->set_payer_name(v.payer_name);
                   e->set_reason(v.reason);
                 },
                 [&](const UnmatchedPaymentResolved& v) {
                   auto* e = p.mutable_unmatched_payment_resolved();
                   e->set_payment_id(v.payment_id);
                   e->set_resolution(static_cast<pb::Resolution>(v.resolution));
                   e->set_amount_ore(v.amount.ore());
                   e->set_account(v.account);
                   e->set_text(v.text);
                 },
                 [&](const RefundIssued& v) {
                   auto* e = p.mutable_refund_issued();
                   e->set_payment_id(v.payment_id);
                   e->set_amount_ore(v.amount.ore());
                   e->set_recipient(v.recipient);
                 },
                 [&](const WriteOffRecovered& v) {
                   auto* e = p.mutable_write_off_recovered();
                   e->set_payment_id(v.payment_id);
                   e->set_invoice_number(v.invoice_number);
                   e->set_amount_ore(v.amount.ore());
                 },
                 [&](const PaymentReversed& v) {
                   auto* e = p.mutable_payment_reversed();
                   e->set_payment_id(v.payment_id);
                   e->set_remark(v.remark);
                   for (const ReversedPart& part : v.parts) {
                     auto* pp = e->add_parts();
                     pp->set_invoice_number(part.invoice_number);
                     pp->set_fees_ore(part.fees.ore());
                     pp->set_interest_ore(part.interest.ore());
                     pp->set_capital_ore(part.capital.ore());
                     pp->set_small_difference_ore(part.small_difference.ore());
                     pp->set_recovered_ore(part.recovered.ore());
                     pp->set_carried_ore(part.carried.ore());
                   }
                   e->set_customer_number(v.customer_number);
                   e->set_overpayment_ore(v.overpayment.ore());
                   e->set_unmatched_ore(v.unmatched.ore());
                   e->set_carried_overpayment_ore(v.carried_overpayment.ore());
                 },
                 [&](const PaymentMethodDefined& v) { *p.mutable_payment_method_defined() = ToProto(v); },
                 [&](const FeeCharged& v) {
                   auto* e = p.mutable_fee_charged();
                   e->set_invoice_number(v.invoice_number);
                   e->set_kind(static_cast<pb::ChargeKind>(v.kind));
                   e->set_amount_ore(v.amount.ore());
                   e->set_only_noted(!v.charged);
                   e->set_text(v.text);
                 },
                 [&](const InterestCharged& v) {
                   auto* e = p.mutable_interest_charged();
                   e->set_invoice_number(v.invoice_number);
                   e->set_amount_ore(v.amount.ore());
                   e->set_text(v.text);
                 },
                 [&](const FeeReversed& v) {
                   auto* e = p.mutable_fee_reversed();
                   e->set_invoice_number(v.invoice_number);
                   e->set_kind(static_cast<pb::ChargeKind>(v.kind));
                   e->set_amount_ore(v.amount.ore());
                   e->set_method(v.method);
                   e->set_remark(v.remark);
                 },
                 [&](const WatchTextSet& v) {
                   auto* e = p.mutable_watch_text_set();
                   e->set_invoice_number(v.invoice_number);
                   e->set_text(v.text);
                 },
                 [&](const PaymentDifferenceCarried& v) {
                   auto* e = p.mutable_payment_difference_carried();
                   e->set_payment_id(v.payment_id);
                   e->set_invoice_number(v.invoice_number);
                   e->set_customer_number(v.customer_number);
                   e->set_amount_ore(v.amount.ore());
                 },
                 [&](const CarriedDifferenceApplied& v) {
                   auto* e = p.mutable_carried_difference_applied();
                   e->set_invoice_number(v.invoice_number);
                   e->set_customer_number(v.customer_number);
                   e->set_amount_ore(v.amount.ore());
                 },
                 [&](const auto& v) { SetDunningBody(v, p); },
             },
             record.event.body);
  return p;
}

}  // namespace reskontra
