// Apply for customers and their claims: registration, invoices, credits, annulments, debits, write-offs,
// fees, watch texts and notes.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "domain/apply.h"
#include "domain/ids.h"

namespace reskontra::apply {

absl::Status Applier::reduce(InvoiceNumber n, Money amount, Money Invoice::*field, InvoiceStatus closed,
                             bool exempt) {
  Invoice* inv = invoice_for(n);
  if (inv == nullptr) return Corrupt(e, absl::StrCat("unknown invoice ", FormatInvoiceNumber(n)));
  if (!amount.is_positive() || amount > inv->balance()) {
    return Corrupt(e, "amount is not positive or exceeds the balance");
  }
  inv->*field += amount;
  move_capital(*inv, amount, exempt, date);
  ++inv->version;
  CloseIfZero(*inv, date, closed);
  return absl::OkStatus();
}

absl::Status Applier::operator()(const CompanyRegistered& v) {
  if (s.FindCompany(c)) return Corrupt(e, "company registered twice");
  Company co;
  co.id = c;
  co.name = v.name;
  co.org_number = v.org_number;
  co.version = 1;
  s.companies[c] = std::move(co);
  return absl::OkStatus();
}

absl::Status Applier::operator()(const CustomerRegistered& v) {
  if (customer_for(v.customer_number)) return Corrupt(e, "customer registered twice");
  Customer cu;
  cu.company = c;
  cu.number = v.customer_number;
  cu.details = v.details;
  cu.version = 1;
  s.customers[CompanyCustomerKey{c, v.customer_number}] = std::move(cu);
  return absl::OkStatus();
}

absl::Status Applier::operator()(const CustomerChanged& v) {
  Customer* cu = customer_for(v.customer_number);
  if (!cu) return Corrupt(e, "unknown customer");
  cu->details = v.details;
  ++cu->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const InvoiceIssued& v) {
  Customer* cu = customer_for(v.customer_number);
  if (!cu) return Corrupt(e, "unknown customer");
  if (invoice_for(v.invoice_number)) return Corrupt(e, "invoice issued twice");
  Invoice inv;
  inv.company = c;
  inv.number = v.invoice_number;
  inv.customer_number = v.customer_number;
  inv.routine = v.routine;
  inv.invoice_date = v.invoice_date;
  inv.due_date = v.due_date;
  inv.ocr_reference = v.ocr_reference;
  inv.attributes = v.attributes;
  inv.capital = v.total;
  inv.version = 1;
  s.ocr_index[std::make_pair(c, v.ocr_reference)] = v.invoice_number;
  s.invoices[CompanyInvoiceKey{c, v.invoice_number}] = std::move(inv);
  cu->AddInvoice(v.invoice_number);
  ++cu->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const InvoiceCredited& v) {
  return reduce(v.invoice_number, v.amount, &Invoice::credited, InvoiceStatus::kCredited,
                exempt_method(v.method));
}

absl::Status Applier::operator()(const InvoiceAnnulled& v) {
  Invoice* inv = invoice_for(v.invoice_number);
  if (!inv) return Corrupt(e, "unknown invoice");
  if (inv->status == InvoiceStatus::kAnnulled || v.amount != inv->balance()) {
    return Corrupt(e, "annulment does not remove exactly the balance");
  }
  inv->annulled += v.amount;
  move_capital(*inv, v.amount, exempt_method(v.method), date);
  inv->status = InvoiceStatus::kAnnulled;
  inv->slutbetald = date;
  ++inv->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const DebitAdjusted& v) {
  Invoice* inv = invoice_for(v.invoice_number);
  if (!inv) return Corrupt(e, "unknown invoice");
  if (!v.amount.is_positive() || inv->status == InvoiceStatus::kAnnulled) {
    return Corrupt(e, "debit on an annulled invoice or not positive");
  }
  inv->debit_adjusted += v.amount;
  move_capital(*inv, -v.amount, false, date);
  inv->status = InvoiceStatus::kOpen;  // a closed invoice reopens
  inv->slutbetald.reset();
  ++inv->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const WrittenOff& v) {
  return reduce(v.invoice_number, v.amount, &Invoice::written_off, InvoiceStatus::kWrittenOff,
                exempt_method(v.method));
}

absl::Status Applier::operator()(const FeeCharged& v) {
  Invoice* inv = invoice_for(v.invoice_number);
  if (!inv) return Corrupt(e, "unknown invoice");
  if (!v.amount.is_positive() || v.kind == ChargeKind::kInterest) return Corrupt(e, "not a fee");
  if (!v.charged) {
    inv->fees_noted += v.amount;
  } else {
    inv->fees += v.amount;
    if (v.kind == ChargeKind::kReminderFee) inv->reminder_fees += v.amount;
    if (v.kind == ChargeKind::kCollectionFee) inv->collection_fees += v.amount;
    if (v.kind == ChargeKind::kLateCompensation) inv->late_compensation += v.amount;
    inv->status = InvoiceStatus::kOpen;
    inv->slutbetald.reset();
  }
  ++inv->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const WatchTextSet& v) {
  Invoice* inv = invoice_for(v.invoice_number);
  if (!inv) return Corrupt(e, "unknown invoice");
  inv->watch_text = v.text;
  ++inv->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const NoteAdded& v) {
  if (v.invoice_number) {
    Invoice* inv = invoice_for(v.invoice_number);
    if (!inv) return Corrupt(e, "unknown invoice");
    ++inv->notes;
    ++inv->version;
  } else {
    Customer* cu = customer_for(v.customer_number);
    if (!cu) return Corrupt(e, "unknown customer");
    ++cu->notes;
    ++cu->version;
  }
  return absl::OkStatus();
}

// A document produced changes nothing the ledger decides by: not the claims' versions either,
// so a copy printed does not disturb a clerk's change or a waiting approval. An e-invoice notes
// on its claims that they were sent (so they are not sent twice by mistake).
absl::Status Applier::operator()(const DocumentProduced& v) {
  if (v.kind != ProducedDocument::kEInvoice) return absl::OkStatus();
  for (InvoiceNumber n : v.invoices) {
    Invoice* inv = invoice_for(n);
    if (!inv) return Corrupt(e, "an e-invoice of an unknown invoice");
    if (!inv->einvoiced) inv->einvoiced = date;
  }
  return absl::OkStatus();
}

absl::Status Applier::operator()(const InvoiceAttributesChanged& v) {
  Invoice* inv = invoice_for(v.invoice_number);
  if (!inv) return Corrupt(e, "unknown invoice");
  const DeliveryChannel delivery = inv->attributes.delivery;
  const std::string peppol_id = inv->attributes.peppol_id;
  inv->attributes = v.attributes;
  inv->attributes.delivery = delivery;
  inv->attributes.peppol_id = peppol_id;
  ++inv->version;
  return absl::OkStatus();
}

}  // namespace reskontra::apply
