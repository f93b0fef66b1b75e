// Apply's event handlers, one file per business area (apply_invoices.cc, apply_payments.cc,
// apply_dunning.cc, apply_interest.cc, apply_audit.cc), behind the one Apply of state.h.
// Internal to domain/: nothing outside state.cc and the apply_*.cc files includes it.
//
// Each handler changes the state as its event says or returns DATA_LOSS (Corrupt) and
// changes nothing: a decided event never fails, so a failure means a corrupt journal.
#ifndef RESKONTRA_DOMAIN_APPLY_H_
#define RESKONTRA_DOMAIN_APPLY_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "domain/events.h"
#include "domain/state.h"

namespace reskontra::apply {

// DATA_LOSS naming the event and its command.
absl::Status Corrupt(const Event& e, absl::string_view why);
// After a balance-reducing event: close the invoice with `closed` if it reached zero.
void CloseIfZero(Invoice& inv, Date date, InvoiceStatus closed);

// One event applied to the state (std::visit over its body). The members are named as the
// handlers read them: s the state, e the event, c its company, date its effective date.
struct Applier {
  LedgerState& s;
  const Event& e;
  const CompanyId c;
  const Date date;

  // apply_invoices.cc
  absl::Status operator()(const CompanyRegistered& v);
  absl::Status operator()(const CustomerRegistered& v);
  absl::Status operator()(const CustomerChanged& v);
  absl::Status operator()(const InvoiceIssued& v);
  absl::Status operator()(const InvoiceAttributesChanged& v);
  absl::Status operator()(const InvoiceCredited& v);
  absl::Status operator()(const InvoiceAnnulled& v);
  absl::Status operator()(const DebitAdjusted& v);
  absl::Status operator()(const WrittenOff& v);
  absl::Status operator()(const FeeCharged& v);
  absl::Status operator()(const WatchTextSet& v);
  absl::Status operator()(const NoteAdded& v);
  // apply_payments.cc
  absl::Status operator()(const PaymentReceived& v);
  absl::Status operator()(const PaymentAllocated& v);
  absl::Status operator()(const OverpaymentRecorded& v);
  absl::Status operator()(const PaymentSettingsSet& v);
  absl::Status operator()(const PaymentFileImported& v);
  absl::Status operator()(const SmallDifferenceWrittenOff& v);
  absl::Status operator()(const PaymentUnmatched& v);
  absl::Status operator()(const UnmatchedPaymentResolved& v);
  absl::Status operator()(const RefundIssued& v);
  absl::Status operator()(const CreditBalanceApplied& v);
  absl::Status operator()(const CreditBalanceRefunded& v);
  absl::Status operator()(const NegativeInvoiceSettled& v);
  absl::Status operator()(const DocumentProduced& v);
  absl::Status operator()(const LetterTextSet& v);
  absl::Status operator()(const CompanyDetailsSet& v);
  absl::Status operator()(const InvoiceFileImported& v);
  absl::Status operator()(const WriteOffRecovered& v);
  absl::Status operator()(const PaymentReversed& v);
  absl::Status operator()(const PaymentMethodDefined& v);
  absl::Status operator()(const FeeReversed& v);
  absl::Status operator()(const PaymentDifferenceCarried& v);
  absl::Status operator()(const CarriedDifferenceApplied& v);
  // apply_dunning.cc
  absl::Status operator()(const DunningPolicySet& v);
  absl::Status operator()(const DunningCodeDefined& v);
  absl::Status operator()(const DunningCodeAssigned& v);
  absl::Status operator()(const DunningCodeRemoved& v);
  absl::Status operator()(const DunningStepIssued& v);
  absl::Status operator()(const DunningStepCleared& v);
  absl::Status operator()(const DunningRunCompleted& v);
  absl::Status operator()(const DueDateChanged& v);
  absl::Status operator()(const DeferralGranted& v);
  absl::Status operator()(const AmortizationPlanEstablished& v);
  absl::Status operator()(const AmortizationPlanEnded& v);
  absl::Status operator()(const PaymentOrderApplied& v);
  absl::Status operator()(const TransferredToCollection& v);
  // apply_interest.cc
  absl::Status operator()(const InterestCharged& v);
  absl::Status operator()(const ReferenceRateSet& v);
  absl::Status operator()(const InterestPolicySet& v);
  absl::Status operator()(const InterestInvoiced& v);
  absl::Status operator()(const InterestTransferredToNextInvoice& v);
  absl::Status operator()(const PaidInterestRecorded& v);
  // apply_audit.cc
  absl::Status operator()(const AccountPlanSet& v);
  absl::Status operator()(const PeriodClosed& v);
  absl::Status operator()(const InvoicesArchived& v);
  absl::Status operator()(const PostingRunCompleted& v);
  absl::Status operator()(const ApprovalPolicySet& v);
  absl::Status operator()(const ApprovalRequested& v);
  absl::Status operator()(const ApprovalDecided& v);

  // The entities of the event's company; nullptr when absent.
  Invoice* invoice_for(InvoiceNumber n) {
    auto it = s.invoices.find(CompanyInvoiceKey{c, n});
    return it == s.invoices.end() ? nullptr : &it->second;
  }
  Customer* customer_for(const std::string& n) {
    auto it = s.customers.find(CompanyCustomerRef{c, n});
    return it == s.customers.end() ? nullptr : &it->second;
  }
  PaymentRecord* payment_for(const std::string& id) {
    auto it = s.payments.find(CompanyCustomerRef{c, id});
    return it == s.payments.end() ? nullptr : &it->second;
  }
  // Whether a payment method exempts what it moves from interest.
  bool exempt_method(const std::string& code) const {
    const PaymentMethodDefined* m = code.empty() ? nullptr : s.FindMethod(c, code);
    return m != nullptr && m->no_interest;
  }
  static void move_capital(Invoice& inv, Money amount, bool exempt, Date on) {
    if (!amount.is_zero()) inv.capital_moves.push_back(CapitalMove{on, amount, exempt});
  }
  // Lowers invoice n by `amount` in `field` (credited, annulled, written off …), closing it
  // with `closed` when the balance reaches zero.
  absl::Status reduce(InvoiceNumber n, Money amount, Money Invoice::*field, InvoiceStatus closed,
                      bool exempt);
  // apply_interest.cc: an interest invoice (or a transfer to the next invoice) settles the
  // original claim's interest.
  absl::Status settle_interest(const InterestInvoiced& v, bool transferred);
};

}  // namespace reskontra::apply

#endif  // RESKONTRA_DOMAIN_APPLY_H_
