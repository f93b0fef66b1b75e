// Apply for payments: receipts, allocations, overpayments, the unmatched queue, refunds, recoveries,
// reversals, carried differences, the payment settings and methods.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "domain/apply.h"
#include "domain/ids.h"

namespace reskontra::apply {

namespace {
ReversedPart& PartFor(PaymentRecord& p, InvoiceNumber n) {
  for (ReversedPart& part : p.parts) {
    if (part.invoice_number == n) return part;
  }
  p.parts.emplace_back();
  p.parts.back().invoice_number = n;
  return p.parts.back();
}
}  // namespace

absl::Status Applier::operator()(const PaymentReceived& v) {
  if (payment_for(v.payment_id)) return Corrupt(e, "payment received twice");
  if (v.intended_invoice) {
    Invoice* inv = invoice_for(v.intended_invoice);
    if (!inv) return Corrupt(e, "unknown invoice");
    ++inv->version;
  }
  s.payments[CompanyCustomerKey{c, v.payment_id}] =
      PaymentRecord{c, v.payment_id, v.amount, date, {}, "", {}, {}, 0, false, exempt_method(v.method)};
  return absl::OkStatus();
}

absl::Status Applier::operator()(const PaymentAllocated& v) {
  Invoice* inv = invoice_for(v.invoice_number);
  if (!inv) return Corrupt(e, "unknown invoice");
  if (v.fees.is_negative() || v.interest.is_negative() || v.capital.is_negative() ||
      v.fees > inv->open_fees() || v.interest > inv->open_interest() ||
      (v.fees + v.interest + v.capital) > inv->balance()) {
    return Corrupt(e, "allocation exceeds what the invoice owes");
  }
  inv->paid_fees += v.fees;
  inv->paid_interest += v.interest;
  inv->paid_capital += v.capital;
  ++inv->version;
  PaymentRecord* paying = payment_for(v.payment_id);
  move_capital(*inv, v.capital, paying != nullptr && paying->no_interest, date);
  if (PaymentRecord* p = paying) {
    ReversedPart& part = PartFor(*p, v.invoice_number);
    part.fees += v.fees;
    part.interest += v.interest;
    part.capital += v.capital;
  }
  CloseIfZero(*inv, date, InvoiceStatus::kPaid);
  return absl::OkStatus();
}

absl::Status Applier::operator()(const OverpaymentRecorded& v) {
  Customer* cu = customer_for(v.customer_number);
  if (!cu) return Corrupt(e, "unknown customer");
  if (!v.amount.is_positive()) return Corrupt(e, "overpayment is not positive");
  if (PaymentRecord* p = payment_for(v.payment_id)) {
    p->overpayment_customer = v.customer_number;
    p->overpayment += v.amount;
  }
  cu->credit_balance += v.amount;
  ++cu->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const CreditBalanceApplied& v) {
  Customer* cu = customer_for(v.customer_number);
  Invoice* inv = invoice_for(v.invoice_number);
  if (!cu || !inv || inv->customer_number != v.customer_number)
    return Corrupt(e, "unknown customer or invoice");
  const Money total = v.fees + v.interest + v.capital;
  if (v.fees.is_negative() || v.interest.is_negative() || v.capital.is_negative() || !total.is_positive() ||
      v.fees > inv->open_fees() || v.interest > inv->open_interest() || total > inv->balance() ||
      total > cu->credit_balance) {
    return Corrupt(e, "credit balance applied beyond what the invoice owes or the customer has");
  }
  inv->paid_fees += v.fees;
  inv->paid_interest += v.interest;
  inv->paid_capital += v.capital;
  ++inv->version;
  move_capital(*inv, v.capital, false, date);
  CloseIfZero(*inv, date, InvoiceStatus::kPaid);
  cu->credit_balance -= total;
  ++cu->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const CreditBalanceRefunded& v) {
  Customer* cu = customer_for(v.customer_number);
  if (!cu) return Corrupt(e, "unknown customer");
  if (!v.amount.is_positive() || v.amount > cu->credit_balance)
    return Corrupt(e, "refund beyond the credit balance");
  cu->credit_balance -= v.amount;
  ++cu->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const NegativeInvoiceSettled& v) {
  Customer* cu = customer_for(v.customer_number);
  Invoice* inv = invoice_for(v.invoice_number);
  if (!cu || !inv || inv->customer_number != v.customer_number)
    return Corrupt(e, "unknown customer or invoice");
  if (!v.amount.is_positive() || v.amount > -inv->balance())
    return Corrupt(e, "settles more than the invoice's negative balance");
  inv->settled_out += v.amount;
  ++inv->version;
  CloseIfZero(*inv, date, InvoiceStatus::kPaid);
  cu->credit_balance += v.amount;
  ++cu->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const PaymentSettingsSet& v) {
  s.companies[c].payment_settings = v;
  ++s.companies[c].version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const PaymentFileImported& v) {
  if (!v.resend && s.imported_files.contains(std::make_pair(c, v.fingerprint))) {
    return Corrupt(e, "file imported twice without a confirmed re-send");
  }
  s.AddImportedFile(ImportedFile{c, v.fingerprint, v.bankgiro, v.deposits, v.payment_keys, {}, {}});
  return absl::OkStatus();
}

absl::Status Applier::operator()(const InvoiceFileImported& v) {
  if (s.imported_files.contains(std::make_pair(c, v.fingerprint)))
    return Corrupt(e, "invoice file imported twice");
  s.AddImportedFile(ImportedFile{c, v.fingerprint, "", {}, {}, v.source_ids, v.numbers});
  return absl::OkStatus();
}

absl::Status Applier::operator()(const SmallDifferenceWrittenOff& v) {
  if (v.amount.is_negative()) {  // an overpayment kept as income: the invoice is unchanged
    Invoice* inv = invoice_for(v.invoice_number);
    if (!inv) return Corrupt(e, "unknown invoice");
    ++inv->version;
    return absl::OkStatus();
  }
  if (PaymentRecord* p = payment_for(v.payment_id))
    PartFor(*p, v.invoice_number).small_difference += v.amount;
  return reduce(v.invoice_number, v.amount, &Invoice::small_differences, InvoiceStatus::kPaid, false);
}

absl::Status Applier::operator()(const PaymentUnmatched& v) {
  CompanyCustomerKey key{c, v.payment_id};
  if (s.unmatched.contains(key)) return Corrupt(e, "payment queued twice");
  s.unmatched[key] = UnmatchedPayment{c, v.payment_id, v.amount, v.reference, v.payer_name, v.reason, date};
  return absl::OkStatus();
}

absl::Status Applier::operator()(const UnmatchedPaymentResolved& v) {
  auto it = s.unmatched.find(CompanyCustomerRef{c, v.payment_id});
  if (it == s.unmatched.end() || it->second.amount != v.amount) {
    return Corrupt(e, "resolves a payment that is not in the unmatched queue");
  }
  s.unmatched.erase(it);
  return absl::OkStatus();
}

absl::Status Applier::operator()(const RefundIssued& v) {
  if (!s.unmatched.contains(CompanyCustomerRef{c, v.payment_id})) {
    return Corrupt(e, "refunds a payment that is not in the unmatched queue");
  }
  return absl::OkStatus();
}

absl::Status Applier::operator()(const WriteOffRecovered& v) {
  Invoice* inv = invoice_for(v.invoice_number);
  if (!inv) return Corrupt(e, "unknown invoice");
  if (!v.amount.is_positive() || v.amount > inv->recoverable()) {
    return Corrupt(e, "recovers more than was written off");
  }
  inv->recovered += v.amount;
  ++inv->version;
  if (PaymentRecord* p = payment_for(v.payment_id)) PartFor(*p, v.invoice_number).recovered += v.amount;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const PaymentReversed& v) {
  PaymentRecord* p = payment_for(v.payment_id);
  if (!p || p->reversed) return Corrupt(e, "reverses an unknown or already reversed payment");
  for (const ReversedPart& part : v.parts) {
    Invoice* inv = invoice_for(part.invoice_number);
    if (!inv || part.fees > inv->paid_fees || part.interest > inv->paid_interest ||
        part.capital > inv->paid_capital || part.small_difference > inv->small_differences ||
        part.recovered > inv->recovered || part.carried > inv->carried_out ||
        (part.carried.is_positive() && !customer_for(inv->customer_number))) {
      return Corrupt(e, "reverses more than the invoice received");
    }
  }
  const bool to_customer = !v.overpayment.is_zero() || !v.carried_overpayment.is_zero();
  Customer* cu = to_customer ? customer_for(v.customer_number) : nullptr;
  if (to_customer && (!cu || cu->credit_balance < v.overpayment || v.carried_overpayment.is_negative())) {
    return Corrupt(e, "reverses more credit balance than the customer has");
  }
  auto queued = s.unmatched.find(CompanyCustomerRef{c, v.payment_id});
  if (!v.unmatched.is_zero() && (queued == s.unmatched.end() || queued->second.amount != v.unmatched)) {
    return Corrupt(e, "reverses an unmatched amount that is not queued");
  }
  for (const ReversedPart& part : v.parts) {
    Invoice* inv = invoice_for(part.invoice_number);
    inv->paid_fees -= part.fees;
    inv->paid_interest -= part.interest;
    inv->paid_capital -= part.capital;
    inv->small_differences -= part.small_difference;
    inv->recovered -= part.recovered;
    inv->carried_out -= part.carried;
    // As if the payment had never been made: taken back on its own date.
    move_capital(*inv, -(part.capital + part.small_difference + part.carried), p->no_interest, p->date);
    if (part.carried.is_positive()) {
      Customer* owner = customer_for(inv->customer_number);
      owner->carried -= part.carried;
      ++owner->version;
    }
    if (inv->balance().is_positive() && inv->status != InvoiceStatus::kAnnulled) {
      inv->status = InvoiceStatus::kOpen;  // reopens, as the handbook says
      inv->slutbetald.reset();
    }
    ++inv->version;
  }
  if (cu) {
    cu->credit_balance -= v.overpayment;
    cu->carried += v.carried_overpayment;
    ++cu->version;
  }
  if (!v.unmatched.is_zero()) s.unmatched.erase(queued);
  p->reversed = true;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const PaymentMethodDefined& v) {
  Company& co = s.companies[c];
  co.payment_methods[v.code] = v;
  ++co.version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const FeeReversed& v) {
  Invoice* inv = invoice_for(v.invoice_number);
  if (!inv) return Corrupt(e, "unknown invoice");
  const bool interest = v.kind == ChargeKind::kInterest;
  const Money open = interest ? inv->open_interest() : inv->open_fees();
  Money kind_left = open;
  if (v.kind == ChargeKind::kReminderFee) kind_left = inv->reminder_fees - inv->reminder_fees_reversed;
  if (v.kind == ChargeKind::kCollectionFee) kind_left = inv->collection_fees - inv->collection_fees_reversed;
  if (!v.amount.is_positive() || v.amount > open || v.amount > kind_left || v.amount > inv->balance()) {
    return Corrupt(e, "reverses more than was charged");
  }
  (interest ? inv->interest_reversed : inv->fees_reversed) += v.amount;
  if (v.kind == ChargeKind::kReminderFee) inv->reminder_fees_reversed += v.amount;
  if (v.kind == ChargeKind::kCollectionFee) inv->collection_fees_reversed += v.amount;
  ++inv->version;
  CloseIfZero(*inv, date, InvoiceStatus::kPaid);
  return absl::OkStatus();
}

absl::Status Applier::operator()(const PaymentDifferenceCarried& v) {
  Invoice* inv = invoice_for(v.invoice_number);
  Customer* cu = customer_for(v.customer_number);
  if (!inv || !cu || inv->customer_number != v.customer_number || v.amount.is_zero()) {
    return Corrupt(e, "carries a difference of an unknown invoice or customer");
  }
  PaymentRecord* p = payment_for(v.payment_id);
  if (p) p->carried_epoch = cu->carried_applications;
  if (v.amount.is_positive()) {
    if (v.amount > inv->balance()) return Corrupt(e, "carries more than the balance");
    inv->carried_out += v.amount;
    move_capital(*inv, v.amount, false, date);
    if (p) PartFor(*p, v.invoice_number).carried += v.amount;
    CloseIfZero(*inv, date, InvoiceStatus::kPaid);
  } else if (p) {
    p->overpayment_customer = v.customer_number;
    p->carried_overpayment -= v.amount;
  }
  cu->carried += v.amount;
  ++inv->version;
  ++cu->version;
  return absl::OkStatus();
}

absl::Status Applier::operator()(const CarriedDifferenceApplied& v) {
  Invoice* inv = invoice_for(v.invoice_number);
  Customer* cu = customer_for(v.customer_number);
  if (!inv || !cu || inv->customer_number != v.customer_number || v.amount.is_zero() ||
      (v.amount.is_positive() ? v.amount > cu->carried : -v.amount > -cu->carried) ||
      (inv->balance() + v.amount).is_negative()) {
    return Corrupt(e, "applies a difference the customer does not carry");
  }
  inv->carried_in += v.amount;
  move_capital(*inv, -v.amount, false, date);
  cu->carried -= v.amount;
  ++cu->carried_applications;
  ++inv->version;
  ++cu->version;
  CloseIfZero(*inv, date, InvoiceStatus::kPaid);
  return absl::OkStatus();
}

}  // namespace reskontra::apply
