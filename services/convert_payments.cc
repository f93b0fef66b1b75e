// The wire edge of payments: payment requests and bank files -> commands, the payment lists,
// the forecast, the method register, the unmatched queue and the import receipt -> protobuf.
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "base/overloaded.h"
#include "base/status_macros.h"
#include "domain/limits.h"
#include "formats/bgmax.h"
#include "formats/payment_files.h"
#include "services/convert.h"

namespace reskontra {

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
  c.currency = r.currency();
  c.bank_accounts.assign(r.bank_accounts().begin(), r.bank_accounts().end());
  c.apply_credit_to_new_invoices = r.apply_credit_to_new_invoices();
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::ImportPaymentFileRequest& r) {
  ImportPaymentFile c;
  ASSIGN_OR_RETURN(c.file, ReadPaymentFile(r.file(), static_cast<PaymentFileFormat>(r.format())));
  c.fingerprint = HashToHex(Sha256(r.file()));
  c.confirm_resend = r.confirm_resend();
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

absl::StatusOr<Command> ToCommand(const pb::ApplyCreditBalanceRequest& r) {
  ApplyCreditBalance c;
  c.customer_number = r.customer_number();
  c.invoice_number = r.invoice_number();
  if (r.has_amount_ore()) c.amount = Money::FromOre(r.amount_ore());
  ASSIGN_OR_RETURN(c.transaction_date, OptionalDate(r.transaction_date(), "transaction date"));
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::RefundCreditBalanceRequest& r) {
  RefundCreditBalance c;
  c.customer_number = r.customer_number();
  if (r.has_amount_ore()) c.amount = Money::FromOre(r.amount_ore());
  c.recipient = r.recipient();
  ASSIGN_OR_RETURN(c.transaction_date, OptionalDate(r.transaction_date(), "transaction date"));
  return Command{ToMeta(r.ctx()), std::move(c)};
}

absl::StatusOr<Command> ToCommand(const pb::SettleNegativeInvoiceRequest& r) {
  SettleNegativeInvoice c;
  c.invoice_number = r.invoice_number();
  switch (r.way()) {
    case pb::SETTLEMENT_TO_CREDIT:
      c.way = Settlement::kToCredit;
      break;
    case pb::SETTLEMENT_APPLY:
      c.way = Settlement::kApply;
      break;
    case pb::SETTLEMENT_PAY_OUT:
      c.way = Settlement::kPayOut;
      break;
    default:
      return absl::InvalidArgumentError("settle a negative invoice to credit, by applying or by a payout");
  }
  c.apply_to = r.apply_to();
  c.recipient = r.recipient();
  ASSIGN_OR_RETURN(c.transaction_date, OptionalDate(r.transaction_date(), "transaction date"));
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
                   [&](const PaymentFileImported& v) {
                     receipt.set_fingerprint(v.fingerprint);
                     receipt.set_format(v.format);
                     for (const std::string& s : v.skipped) receipt.add_skipped(s);
                     *receipt.mutable_skipped_total() = ToProto(v.skipped_total);
                     receipt.set_message_id(v.message_id);
                     receipt.set_other_entries(v.other_entries);
                   },
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

}  // namespace reskontra
