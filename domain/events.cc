#include "domain/events.h"

#include <tuple>

#include "base/overloaded.h"

namespace reskontra {

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

std::vector<StreamId> StreamsOf(const Event& e) {
  const CompanyId c = e.meta.company;
  return std::visit(
      Overloaded{
          [&](const CompanyRegistered&) {
            return std::vector<StreamId>{{StreamId::Kind::kCompany, c, ""}};
          },
          [&](const CustomerRegistered& v) { return std::vector{CustomerStream(c, v.customer_number)}; },
          [&](const CustomerChanged& v) { return std::vector{CustomerStream(c, v.customer_number)}; },
          [&](const InvoiceIssued& v) {
            return std::vector{InvoiceStream(c, v.invoice_number), CustomerStream(c, v.customer_number)};
          },
          [&](const PaymentReceived& v) {
            std::vector<StreamId> out{{StreamId::Kind::kPayment, c, v.payment_id}};
            if (v.intended_invoice) out.push_back(InvoiceStream(c, v.intended_invoice));
            return out;
          },
          [&](const PaymentAllocated& v) {
            return std::vector<StreamId>{InvoiceStream(c, v.invoice_number),
                                         {StreamId::Kind::kPayment, c, v.payment_id}};
          },
          [&](const OverpaymentRecorded& v) {
            return std::vector<StreamId>{CustomerStream(c, v.customer_number),
                                         {StreamId::Kind::kPayment, c, v.payment_id}};
          },
          [&](const InvoiceCredited& v) { return std::vector{InvoiceStream(c, v.invoice_number)}; },
          [&](const InvoiceAnnulled& v) { return std::vector{InvoiceStream(c, v.invoice_number)}; },
          [&](const DebitAdjusted& v) { return std::vector{InvoiceStream(c, v.invoice_number)}; },
          [&](const WrittenOff& v) { return std::vector{InvoiceStream(c, v.invoice_number)}; },
          [&](const NoteAdded& v) {
            return v.invoice_number ? std::vector{InvoiceStream(c, v.invoice_number)}
                                    : std::vector{CustomerStream(c, v.customer_number)};
          },
          [&](const PaymentSettingsSet&) {
            return std::vector<StreamId>{{StreamId::Kind::kCompany, c, ""}};
          },
          [&](const PaymentFileImported& v) {
            return std::vector<StreamId>{{StreamId::Kind::kPaymentFile, c, v.fingerprint}};
          },
          [&](const SmallDifferenceWrittenOff& v) {
            return std::vector<StreamId>{InvoiceStream(c, v.invoice_number),
                                         {StreamId::Kind::kPayment, c, v.payment_id}};
          },
          [&](const PaymentUnmatched& v) {
            return std::vector<StreamId>{{StreamId::Kind::kPayment, c, v.payment_id}};
          },
          [&](const UnmatchedPaymentResolved& v) {
            return std::vector<StreamId>{{StreamId::Kind::kPayment, c, v.payment_id}};
          },
          [&](const RefundIssued& v) {
            return std::vector<StreamId>{{StreamId::Kind::kPayment, c, v.payment_id}};
          },
          [&](const WriteOffRecovered& v) {
            return std::vector<StreamId>{InvoiceStream(c, v.invoice_number),
                                         {StreamId::Kind::kPayment, c, v.payment_id}};
          },
          [&](const PaymentReversed& v) {
            std::vector<StreamId> out{{StreamId::Kind::kPayment, c, v.payment_id}};
            for (const ReversedPart& part : v.parts) out.push_back(InvoiceStream(c, part.invoice_number));
            if (!v.customer_number.empty()) out.push_back(CustomerStream(c, v.customer_number));
            return out;
          },
          [&](const PaymentMethodDefined&) {
            return std::vector<StreamId>{{StreamId::Kind::kCompany, c, ""}};
          },
          [&](const FeeCharged& v) { return std::vector{InvoiceStream(c, v.invoice_number)}; },
          [&](const InterestCharged& v) { return std::vector{InvoiceStream(c, v.invoice_number)}; },
          [&](const FeeReversed& v) { return std::vector{InvoiceStream(c, v.invoice_number)}; },
          [&](const WatchTextSet& v) { return std::vector{InvoiceStream(c, v.invoice_number)}; },
          [&](const PaymentDifferenceCarried& v) {
            return std::vector<StreamId>{InvoiceStream(c, v.invoice_number),
                                         CustomerStream(c, v.customer_number),
                                         {StreamId::Kind::kPayment, c, v.payment_id}};
          },
          [&](const CarriedDifferenceApplied& v) {
            return std::vector{InvoiceStream(c, v.invoice_number), CustomerStream(c, v.customer_number)};
          },
          [&](const DunningPolicySet&) {
            return std::vector<StreamId>{{StreamId::Kind::kCompany, c, ""}};
          },
          [&](const DunningCodeDefined&) {
            return std::vector<StreamId>{{StreamId::Kind::kCompany, c, ""}};
          },
          [&](const DunningCodeAssigned& v) { return std::vector{InvoiceStream(c, v.invoice_number)}; },
          [&](const DunningCodeRemoved& v) { return std::vector{InvoiceStream(c, v.invoice_number)}; },
          [&](const DunningStepIssued& v) { return std::vector{InvoiceStream(c, v.invoice_number)}; },
          [&](const DunningStepCleared& v) { return std::vector{InvoiceStream(c, v.invoice_number)}; },
          [&](const DunningRunCompleted&) {
            return std::vector<StreamId>{{StreamId::Kind::kCompany, c, ""}};
          },
          [&](const DueDateChanged& v) { return std::vector{InvoiceStream(c, v.invoice_number)}; },
          [&](const DeferralGranted& v) { return std::vector{InvoiceStream(c, v.invoice_number)}; },
          [&](const AmortizationPlanEstablished& v) {
            std::vector<StreamId> out{CustomerStream(c, v.customer_number)};
            for (InvoiceNumber n : v.invoices) out.push_back(InvoiceStream(c, n));
            return out;
          },
          [&](const AmortizationPlanEnded& v) {
            std::vector<StreamId> out{CustomerStream(c, v.customer_number)};
            for (InvoiceNumber n : v.invoices) out.push_back(InvoiceStream(c, n));
            return out;
          },
          [&](const PaymentOrderApplied& v) {
            std::vector<StreamId> out;
            for (const PaymentOrderClaim& claim : v.claims)
              out.push_back(InvoiceStream(claim.company, claim.invoice_number));
            return out;
          },
          [&](const TransferredToCollection& v) { return std::vector{InvoiceStream(c, v.invoice_number)}; },
          [&](const ReferenceRateSet&) {
            return std::vector<StreamId>{{StreamId::Kind::kRegister, 0, "reference_rates"}};
          },
          [&](const InterestPolicySet&) {
            return std::vector<StreamId>{{StreamId::Kind::kCompany, c, ""}};
          },
          [&](const InterestInvoiced& v) {
            return std::vector{InvoiceStream(c, v.invoice_number), InvoiceStream(c, v.interest_invoice)};
          },
          [&](const InterestTransferredToNextInvoice& v) {
            return std::vector{InvoiceStream(c, v.invoice_number), InvoiceStream(c, v.interest_invoice)};
          },
          [&](const PaidInterestRecorded& v) { return std::vector{InvoiceStream(c, v.invoice_number)}; },
          [&](const PeriodClosed&) {
            return std::vector<StreamId>{{StreamId::Kind::kCompany, c, ""}};
          },
          [&](const AccountPlanSet&) {
            return std::vector<StreamId>{{StreamId::Kind::kCompany, c, ""}};
          },
          [&](const InvoicesArchived& v) {
            std::vector<StreamId> out{{StreamId::Kind::kCompany, c, ""}};
            for (InvoiceNumber n : v.invoices) out.push_back(InvoiceStream(c, n));
            return out;
          },
          [&](const PostingRunCompleted&) {
            return std::vector<StreamId>{{StreamId::Kind::kCompany, c, ""}};
          },
          [&](const ApprovalPolicySet&) {
            return std::vector<StreamId>{{StreamId::Kind::kCompany, c, ""}};
          },
          [&](const ApprovalRequested& v) {  // the company row holds the requests
            return std::vector<StreamId>{{StreamId::Kind::kCompany, c, ""},
                                         InvoiceStream(c, v.invoice_number)};
          },
          [&](const ApprovalDecided& v) {  // the company row holds the requests
            return std::vector<StreamId>{{StreamId::Kind::kCompany, c, ""},
                                         InvoiceStream(c, v.invoice_number)};
          },
      },
      e.body);
}

}  // namespace reskontra
