// The journal's records -> protobuf JournalEvent, for Subscribe and events tail.
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "base/overloaded.h"
#include "base/status_macros.h"
#include "domain/limits.h"
#include "services/convert.h"

namespace reskontra {

namespace {

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

// Long by design (issue 22): one flat visitor arm per event type, each a field-by-field copy into
// its message; the arms share nothing but the envelope set above them.
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
                     pl->set_outside_vat_scope(l.outside_vat_scope);
                   }
                   e->set_ocr_reference(v.ocr_reference);
                   if (!(v.attributes == InvoiceAttributes{}))
                     *e->mutable_attributes() = ToProto(v.attributes);
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
                   e->set_bank_reference(v.bank_reference);
                   e->set_message(v.message);
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
                   e->set_currency(v.currency);
                   for (const std::string& a : v.bank_accounts) e->add_bank_accounts(a);
                   e->set_apply_credit_to_new_invoices(v.apply_credit_to_new_invoices);
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
                   for (const std::string& k : v.payment_keys) e->add_payment_keys(k);
                   for (const std::string& s : v.skipped) e->add_skipped(s);
                   e->set_skipped_ore(v.skipped_total.ore());
                   e->set_message_id(v.message_id);
                   e->set_other_entries(v.other_entries);
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
                 [&](const CreditBalanceApplied& v) {
                   auto* e = p.mutable_credit_balance_applied();
                   e->set_customer_number(v.customer_number);
                   e->set_invoice_number(v.invoice_number);
                   e->set_fees_ore(v.fees.ore());
                   e->set_interest_ore(v.interest.ore());
                   e->set_capital_ore(v.capital.ore());
                 },
                 [&](const CreditBalanceRefunded& v) {
                   auto* e = p.mutable_credit_balance_refunded();
                   e->set_customer_number(v.customer_number);
                   e->set_amount_ore(v.amount.ore());
                   e->set_recipient(v.recipient);
                 },
                 [&](const LetterTextSet& v) { *p.mutable_letter_text_set() = ToProto(v); },
                 [&](const CompanyDetailsSet& v) { *p.mutable_company_details_set() = ToProto(v); },
                 [&](const InvoiceFileImported& v) {
                   auto* e = p.mutable_invoice_file_imported();
                   e->set_fingerprint(v.fingerprint);
                   e->set_format(v.format);
                   e->set_invoices(v.invoices);
                   e->set_total_ore(v.total.ore());
                   e->set_customers_registered(v.customers_registered);
                   e->set_customers_changed(v.customers_changed);
                   for (const std::string& id : v.source_ids) e->add_source_ids(id);
                   for (InvoiceNumber n : v.numbers) e->add_numbers(n);
                   if (v.opening_account != 0) {
                     e->set_opening_account(v.opening_account);
                     e->set_balance_date(FormatDate(v.balance_date));
                   }
                 },
                 [&](const DocumentProduced& v) {
                   auto* e = p.mutable_document_produced();
                   e->set_kind(static_cast<pb::DocumentProducedEvent::Kind>(v.kind));
                   e->set_source_position(v.source_position);
                   e->set_date(FormatDate(v.date));
                   e->set_routine(v.routine);
                   for (InvoiceNumber n : v.invoices) e->add_invoices(n);
                   e->set_handler(v.handler);
                   e->set_original_date(v.original_date);
                   e->set_sha256(v.sha256);
                   e->set_bytes(v.bytes);
                   e->set_pages(v.pages);
                   e->set_about_position(v.about_position);
                 },
                 [&](const InvoiceAttributesChanged& v) {
                   auto* e = p.mutable_invoice_attributes_changed();
                   e->set_invoice_number(v.invoice_number);
                   *e->mutable_attributes() = ToProto(v.attributes);
                 },
                 [&](const NegativeInvoiceSettled& v) {
                   auto* e = p.mutable_negative_invoice_settled();
                   e->set_invoice_number(v.invoice_number);
                   e->set_customer_number(v.customer_number);
                   e->set_amount_ore(v.amount.ore());
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
