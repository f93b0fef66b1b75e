#include "domain/events.h"

#include <tuple>
#include <utility>

#include "base/overloaded.h"

namespace reskontra {

Event::Event() = default;
Event::Event(EventMeta m, EventBody b) : meta(std::move(m)), body(std::move(b)) {}
Event::Event(const Event&) = default;
Event::Event(Event&&) noexcept = default;
Event& Event::operator=(const Event&) = default;
Event& Event::operator=(Event&&) noexcept = default;
Event::~Event() = default;
bool operator==(const Event& a, const Event& b) { return a.meta == b.meta && a.body == b.body; }

absl::string_view EventTypeName(const EventBody& body) {
  return std::visit(
      Overloaded{
          [](const CompanyRegistered&) { return "CompanyRegistered"; },
          [](const CustomerRegistered&) { return "CustomerRegistered"; },
          [](const CustomerChanged&) { return "CustomerChanged"; },
          [](const InvoiceIssued&) { return "InvoiceIssued"; },
          [](const PaymentReceived&) { return "PaymentReceived"; },
          [](const PaymentAllocated&) { return "PaymentAllocated"; },
          [](const OverpaymentRecorded&) { return "OverpaymentRecorded"; },
          [](const InvoiceCredited&) { return "InvoiceCredited"; },
          [](const InvoiceAnnulled&) { return "InvoiceAnnulled"; },
          [](const DebitAdjusted&) { return "DebitAdjusted"; },
          [](const WrittenOff&) { return "WrittenOff"; },
          [](const NoteAdded&) { return "NoteAdded"; },
          [](const PaymentSettingsSet&) { return "PaymentSettingsSet"; },
          [](const PaymentFileImported&) { return "PaymentFileImported"; },
          [](const SmallDifferenceWrittenOff&) { return "SmallDifferenceWrittenOff"; },
          [](const PaymentUnmatched&) { return "PaymentUnmatched"; },
          [](const UnmatchedPaymentResolved&) { return "UnmatchedPaymentResolved"; },
          [](const RefundIssued&) { return "RefundIssued"; },
          [](const CreditBalanceApplied&) { return "CreditBalanceApplied"; },
          [](const CreditBalanceRefunded&) { return "CreditBalanceRefunded"; },
          [](const NegativeInvoiceSettled&) { return "NegativeInvoiceSettled"; },
          [](const DocumentProduced&) { return "DocumentProduced"; },
          [](const LetterTextSet&) { return "LetterTextSet"; },
          [](const InvoiceFileImported&) { return "InvoiceFileImported"; },
          [](const CompanyDetailsSet&) { return "CompanyDetailsSet"; },
          [](const InvoiceAttributesChanged&) { return "InvoiceAttributesChanged"; },
          [](const WriteOffRecovered&) { return "WriteOffRecovered"; },
          [](const PaymentReversed&) { return "PaymentReversed"; },
          [](const PaymentMethodDefined&) { return "PaymentMethodDefined"; },
          [](const FeeCharged&) { return "FeeCharged"; },
          [](const InterestCharged&) { return "InterestCharged"; },
          [](const FeeReversed&) { return "FeeReversed"; },
          [](const WatchTextSet&) { return "WatchTextSet"; },
          [](const PaymentDifferenceCarried&) { return "PaymentDifferenceCarried"; },
          [](const CarriedDifferenceApplied&) { return "CarriedDifferenceApplied"; },
          [](const DunningPolicySet&) { return "DunningPolicySet"; },
          [](const DunningCodeDefined&) { return "DunningCodeDefined"; },
          [](const DunningCodeAssigned&) { return "DunningCodeAssigned"; },
          [](const DunningCodeRemoved&) { return "DunningCodeRemoved"; },
          [](const DunningStepIssued& v) -> const char* {
            switch (v.step) {
              case DunningStep::kReminder1:
              case DunningStep::kReminder2:
                return "ReminderIssued";
              case DunningStep::kCollectionDemand:
                return "CollectionDemandIssued";
              case DunningStep::kResidualDemand:
                return "ResidualDemandIssued";
              case DunningStep::kPaymentOrderThreat:
                return "PaymentOrderThreatIssued";
              case DunningStep::kNone:
                break;
            }
            return "DunningStepIssued";
          },
          [](const DunningStepCleared&) { return "DunningStepCleared"; },
          [](const DunningRunCompleted&) { return "DunningRunCompleted"; },
          [](const DueDateChanged&) { return "DueDateChanged"; },
          [](const DeferralGranted&) { return "DeferralGranted"; },
          [](const AmortizationPlanEstablished&) { return "AmortizationPlanEstablished"; },
          [](const AmortizationPlanEnded&) { return "AmortizationPlanEnded"; },
          [](const PaymentOrderApplied&) { return "PaymentOrderApplied"; },
          [](const TransferredToCollection&) { return "TransferredToCollection"; },
          [](const ReferenceRateSet&) { return "ReferenceRateSet"; },
          [](const InterestPolicySet&) { return "InterestPolicySet"; },
          [](const InterestInvoiced&) { return "InterestInvoiced"; },
          [](const InterestTransferredToNextInvoice&) { return "InterestTransferredToNextInvoice"; },
          [](const PaidInterestRecorded&) { return "PaidInterestRecorded"; },
          [](const PeriodClosed&) { return "PeriodClosed"; },
          [](const InvoicesArchived&) { return "InvoicesArchived"; },
          [](const PostingRunCompleted&) { return "PostingRunCompleted"; },
          [](const AccountPlanSet&) { return "AccountPlanSet"; },
          [](const ApprovalPolicySet&) { return "ApprovalPolicySet"; },
          [](const ApprovalRequested&) { return "ApprovalRequested"; },
          [](const ApprovalDecided&) { return "ApprovalDecided"; },
      },
      body);
}

absl::string_view DunningStepName(DunningStep s) {
  switch (s) {
    case DunningStep::kNone:
      return "none";
    case DunningStep::kReminder1:
      return "reminder 1";
    case DunningStep::kReminder2:
      return "reminder 2";
    case DunningStep::kCollectionDemand:
      return "inkassokrav";
    case DunningStep::kResidualDemand:
      return "restkrav";
    case DunningStep::kPaymentOrderThreat:
      return "hot om betalningsföreläggande";
  }
  return "unknown";
}

absl::string_view ChargeKindName(ChargeKind k) {
  switch (k) {
    case ChargeKind::kReminderFee:
      return "reminder fee";
    case ChargeKind::kCollectionFee:
      return "collection fee";
    case ChargeKind::kPlanFee:
      return "plan fee";
    case ChargeKind::kInvoiceFee:
      return "invoice fee";
    case ChargeKind::kLateCompensation:
      return "förseningsersättning";
    case ChargeKind::kPaymentOrderCost:
      return "payment order costs";
    case ChargeKind::kInterest:
      return "interest";
  }
  return "unknown";
}

StreamId InvoiceStream(CompanyId c, InvoiceNumber n) {
  return StreamId{StreamId::Kind::kInvoice, c, FormatInvoiceNumber(n)};
}
StreamId CustomerStream(CompanyId c, absl::string_view customer) {
  return StreamId{StreamId::Kind::kCustomer, c, std::string(customer)};
}

// Calls inv(company, number) for each claim stream of the event and key(kind, company, key)
// for each other stream, in the order StreamsOf lists them; allocates nothing.
template <typename Inv, typename Key>
void ForEachStream(const Event& e, Inv&& inv, Key&& key) {
  using K = StreamId::Kind;
  const CompanyId c = e.meta.company;
  std::visit(Overloaded{
                 [&](const CompanyRegistered&) { key(K::kCompany, c, ""); },
                 [&](const CustomerRegistered& v) { key(K::kCustomer, c, v.customer_number); },
                 [&](const CustomerChanged& v) { key(K::kCustomer, c, v.customer_number); },
                 [&](const InvoiceIssued& v) {
                   inv(c, v.invoice_number);
                   key(K::kCustomer, c, v.customer_number);
                 },
                 [&](const PaymentReceived& v) {
                   key(K::kPayment, c, v.payment_id);
                   if (v.intended_invoice) inv(c, v.intended_invoice);
                 },
                 [&](const PaymentAllocated& v) {
                   inv(c, v.invoice_number);
                   key(K::kPayment, c, v.payment_id);
                 },
                 [&](const OverpaymentRecorded& v) {
                   key(K::kCustomer, c, v.customer_number);
                   key(K::kPayment, c, v.payment_id);
                 },
                 [&](const InvoiceCredited& v) { inv(c, v.invoice_number); },
                 [&](const InvoiceAnnulled& v) { inv(c, v.invoice_number); },
                 [&](const DebitAdjusted& v) { inv(c, v.invoice_number); },
                 [&](const WrittenOff& v) { inv(c, v.invoice_number); },
                 [&](const NoteAdded& v) {
                   if (v.invoice_number)
                     inv(c, v.invoice_number);
                   else
                     key(K::kCustomer, c, v.customer_number);
                 },
                 [&](const PaymentSettingsSet&) { key(K::kCompany, c, ""); },
                 [&](const PaymentFileImported& v) { key(K::kPaymentFile, c, v.fingerprint); },
                 [&](const SmallDifferenceWrittenOff& v) {
                   inv(c, v.invoice_number);
                   key(K::kPayment, c, v.payment_id);
                 },
                 [&](const PaymentUnmatched& v) { key(K::kPayment, c, v.payment_id); },
                 [&](const UnmatchedPaymentResolved& v) { key(K::kPayment, c, v.payment_id); },
                 [&](const RefundIssued& v) { key(K::kPayment, c, v.payment_id); },
                 [&](const CreditBalanceApplied& v) {
                   inv(c, v.invoice_number);
                   key(K::kCustomer, c, v.customer_number);
                 },
                 [&](const CreditBalanceRefunded& v) { key(K::kCustomer, c, v.customer_number); },
                 [&](const NegativeInvoiceSettled& v) {
                   inv(c, v.invoice_number);
                   key(K::kCustomer, c, v.customer_number);
                 },
                 [&](const DocumentProduced& v) {
                   // An invoice document is in its claim's history; a run's print file in the
                   // company's (its claims' letters are already in theirs).
                   key(K::kCompany, c, "");
                   if (v.kind != ProducedDocument::kDunningLetters &&
                       v.kind != ProducedDocument::kDunningLetterFiles)
                     for (InvoiceNumber n : v.invoices) inv(c, n);
                 },
                 [&](const WriteOffRecovered& v) {
                   inv(c, v.invoice_number);
                   key(K::kPayment, c, v.payment_id);
                 },
                 [&](const PaymentReversed& v) {
                   key(K::kPayment, c, v.payment_id);
                   for (const ReversedPart& part : v.parts) inv(c, part.invoice_number);
                   if (!v.customer_number.empty()) key(K::kCustomer, c, v.customer_number);
                 },
                 [&](const PaymentMethodDefined&) { key(K::kCompany, c, ""); },
                 [&](const FeeCharged& v) { inv(c, v.invoice_number); },
                 [&](const InterestCharged& v) { inv(c, v.invoice_number); },
                 [&](const FeeReversed& v) { inv(c, v.invoice_number); },
                 [&](const WatchTextSet& v) { inv(c, v.invoice_number); },
                 [&](const PaymentDifferenceCarried& v) {
                   inv(c, v.invoice_number);
                   key(K::kCustomer, c, v.customer_number);
                   key(K::kPayment, c, v.payment_id);
                 },
                 [&](const CarriedDifferenceApplied& v) {
                   inv(c, v.invoice_number);
                   key(K::kCustomer, c, v.customer_number);
                 },
                 [&](const DunningPolicySet&) { key(K::kCompany, c, ""); },
                 [&](const DunningCodeDefined&) { key(K::kCompany, c, ""); },
                 [&](const LetterTextSet&) { key(K::kCompany, c, ""); },
                 [&](const CompanyDetailsSet&) { key(K::kCompany, c, ""); },
                 [&](const InvoiceAttributesChanged& v) { inv(c, v.invoice_number); },
                 [&](const InvoiceFileImported& v) {
                   // The file's stream keeps its row (the same bytes are not imported twice).
                   key(K::kCompany, c, "");
                   key(K::kPaymentFile, c, v.fingerprint);
                 },
                 [&](const DunningCodeAssigned& v) { inv(c, v.invoice_number); },
                 [&](const DunningCodeRemoved& v) { inv(c, v.invoice_number); },
                 [&](const DunningStepIssued& v) { inv(c, v.invoice_number); },
                 [&](const DunningStepCleared& v) { inv(c, v.invoice_number); },
                 [&](const DunningRunCompleted&) { key(K::kCompany, c, ""); },
                 [&](const DueDateChanged& v) { inv(c, v.invoice_number); },
                 [&](const DeferralGranted& v) { inv(c, v.invoice_number); },
                 [&](const AmortizationPlanEstablished& v) {
                   key(K::kCustomer, c, v.customer_number);
                   for (InvoiceNumber n : v.invoices) inv(c, n);
                 },
                 [&](const AmortizationPlanEnded& v) {
                   key(K::kCustomer, c, v.customer_number);
                   for (InvoiceNumber n : v.invoices) inv(c, n);
                 },
                 [&](const PaymentOrderApplied& v) {
                   for (const PaymentOrderClaim& claim : v.claims) inv(claim.company, claim.invoice_number);
                 },
                 [&](const TransferredToCollection& v) { inv(c, v.invoice_number); },
                 [&](const ReferenceRateSet&) { key(K::kRegister, 0, "reference_rates"); },
                 [&](const InterestPolicySet&) { key(K::kCompany, c, ""); },
                 [&](const InterestInvoiced& v) {
                   inv(c, v.invoice_number);
                   inv(c, v.interest_invoice);
                 },
                 [&](const InterestTransferredToNextInvoice& v) {
                   inv(c, v.invoice_number);
                   inv(c, v.interest_invoice);
                 },
                 [&](const PaidInterestRecorded& v) { inv(c, v.invoice_number); },
                 [&](const PeriodClosed&) { key(K::kCompany, c, ""); },
                 [&](const AccountPlanSet&) { key(K::kCompany, c, ""); },
                 [&](const InvoicesArchived& v) {
                   key(K::kCompany, c, "");
                   for (InvoiceNumber n : v.invoices) inv(c, n);
                 },
                 [&](const PostingRunCompleted&) { key(K::kCompany, c, ""); },
                 [&](const ApprovalPolicySet&) { key(K::kCompany, c, ""); },
                 [&](const ApprovalRequested& v) {  // the company row holds the requests
                   key(K::kCompany, c, "");
                   inv(c, v.invoice_number);
                 },
                 [&](const ApprovalDecided& v) {  // the company row holds the requests
                   key(K::kCompany, c, "");
                   inv(c, v.invoice_number);
                 },
             },
             e.body);
}

std::vector<StreamId> StreamsOf(const Event& e) {
  std::vector<StreamId> out;
  ForEachStream(
      e, [&](CompanyId c, InvoiceNumber n) { out.push_back(InvoiceStream(c, n)); },
      [&](StreamId::Kind kind, CompanyId c, absl::string_view key) {
        out.push_back({kind, c, std::string(key)});
      });
  return out;
}

absl::InlinedVector<std::pair<CompanyId, InvoiceNumber>, 4> InvoicesOf(const Event& e) {
  absl::InlinedVector<std::pair<CompanyId, InvoiceNumber>, 4> out;
  ForEachStream(
      e, [&](CompanyId c, InvoiceNumber n) { out.emplace_back(c, n); },
      [](StreamId::Kind, CompanyId, absl::string_view) {});
  return out;
}

}  // namespace reskontra
