// The edge between the wire and the core: protobuf requests -> domain commands, domain
// values -> protobuf responses, and absl::Status -> grpc::Status in exactly one place.
#ifndef RESKONTRA_SERVICES_CONVERT_H_
#define RESKONTRA_SERVICES_CONVERT_H_

#include <grpcpp/support/status.h>

#include "absl/status/statusor.h"
#include "domain/commands.h"
#include "domain/dunning.h"
#include "domain/interest.h"
#include "domain/postings.h"
#include "domain/reports.h"
#include "domain/saldolista.h"
#include "domain/state.h"
#include "journal/journal.h"
#include "journal/record.h"
#include "replay/asof.h"
#include "reskontra/v1/ledger.pb.h"

namespace reskontra {

namespace pb = ::reskontra::v1;

grpc::Status ToGrpc(const absl::Status& status);
// In a handler returning grpc::Status: returns the failed status in gRPC's form.
//   RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->company()));
#define RETURN_GRPC_IF_ERROR(expr)                                                                        \
  do {                                                                                                    \
    if (absl::Status _grpc_status = (expr); !_grpc_status.ok()) return ::reskontra::ToGrpc(_grpc_status); \
  } while (0)

CommandMeta ToMeta(const pb::CommandContext& c);
// The positions a command wrote, and whether it was a replayed retry.
void SetResult(const AppendResult& r, pb::CommandResult* out);
// A required "YYYY-MM-DD" field: INVALID_ARGUMENT naming `what` when empty or malformed.
absl::StatusOr<Date> RequiredDate(const std::string& s, absl::string_view what);
absl::StatusOr<std::optional<Date>> OptionalDate(const std::string& s, absl::string_view what);
// A request's list of invoices: each a valid number, none asked for twice.
absl::Status CheckInvoiceNumbers(const google::protobuf::RepeatedField<int64_t>& numbers);

// SHA-256 of the request's deterministic bytes without its command id, prefixed by the
// message type: the content an idempotent retry must repeat exactly.
Hash Fingerprint(const google::protobuf::Message& request);

absl::StatusOr<Command> ToCommand(const pb::RegisterCompanyRequest& r);
absl::StatusOr<Command> ToCommand(const pb::RegisterCustomerRequest& r);
absl::StatusOr<Command> ToCommand(const pb::ChangeCustomerRequest& r);
absl::StatusOr<Command> ToCommand(const pb::IssueInvoiceRequest& r);
absl::StatusOr<Command> ToCommand(const pb::RecordPaymentRequest& r);
absl::StatusOr<Command> ToCommand(const pb::CreditInvoiceRequest& r);
absl::StatusOr<Command> ToCommand(const pb::AnnulInvoiceRequest& r);
absl::StatusOr<Command> ToCommand(const pb::AdjustDebitRequest& r);
absl::StatusOr<Command> ToCommand(const pb::WriteOffRequest& r);
absl::StatusOr<Command> ToCommand(const pb::AddNoteRequest& r);
absl::StatusOr<Command> ToCommand(const pb::SetPaymentSettingsRequest& r);
// Parses the file (INVALID_ARGUMENT naming the line) and fingerprints its bytes.
absl::StatusOr<Command> ToCommand(const pb::ImportBgMaxRequest& r);
// Reads the file in the format asked for, or the one its content shows (formats/payment_files.h).
absl::StatusOr<Command> ToCommand(const pb::ImportPaymentFileRequest& r);
absl::StatusOr<Command> ToCommand(const pb::ImportInvoiceFileRequest& r);
absl::StatusOr<Command> ToCommand(const pb::ImportInvoiceResponsesRequest& r);
// The receipt of an invoice file's import, from the records it wrote.
pb::InvoiceImportReceipt SummariseInvoiceImport(const std::vector<JournalRecord>& records);
absl::StatusOr<Command> ToCommand(const pb::ResolveUnmatchedRequest& r);
absl::StatusOr<Command> ToCommand(const pb::ReversePaymentRequest& r);
absl::StatusOr<Command> ToCommand(const pb::ApplyCreditBalanceRequest& r);
absl::StatusOr<Command> ToCommand(const pb::RefundCreditBalanceRequest& r);
absl::StatusOr<Command> ToCommand(const pb::SettleNegativeInvoiceRequest& r);
absl::StatusOr<Command> ToCommand(const pb::DefinePaymentMethodRequest& r);
absl::StatusOr<Command> ToCommand(const pb::ChargeFeeRequest& r);
absl::StatusOr<Command> ToCommand(const pb::ChargeInterestRequest& r);
absl::StatusOr<Command> ToCommand(const pb::SetWatchTextRequest& r);

// Kravverksamhet (services/convert_dunning.cc).
absl::StatusOr<Command> ToCommand(const pb::SetDunningPolicyRequest& r);
absl::StatusOr<Command> ToCommand(const pb::DefineDunningCodeRequest& r);
absl::StatusOr<Command> ToCommand(const pb::SetLetterTextRequest& r);
absl::StatusOr<Command> ToCommand(const pb::SetCompanyDetailsRequest& r);
absl::StatusOr<Command> ToCommand(const pb::ChangeInvoiceAttributesRequest& r);
pb::LetterText ToProto(const LetterTextSet& v);
absl::StatusOr<Command> ToCommand(const pb::AssignDunningCodeRequest& r);
absl::StatusOr<Command> ToCommand(const pb::RemoveDunningCodeRequest& r);
absl::StatusOr<Command> ToCommand(const pb::RunDunningRequest& r);
absl::StatusOr<Command> ToCommand(const pb::ClearDunningStepRequest& r);
absl::StatusOr<Command> ToCommand(const pb::ChangeDueDateRequest& r);
absl::StatusOr<Command> ToCommand(const pb::GrantDeferralRequest& r);
absl::StatusOr<Command> ToCommand(const pb::CreatePlanRequest& r);
absl::StatusOr<Command> ToCommand(const pb::CancelPlanRequest& r);
absl::StatusOr<Command> ToCommand(const pb::ApplyPaymentOrderRequest& r);
absl::StatusOr<Command> ToCommand(const pb::TransferToCollectionRequest& r);
pb::DunningPolicy ToProto(const DunningPolicySet& p);
pb::DunningCode ToProto(const DunningCodeDefined& c);
pb::KravStatus ToProto(const Invoice& inv, const KravStatus& st);
// The kontrollista of a run (dry_run set), and the receipt of a run summed from its records.
pb::DunningReceipt ToProto(const LedgerState& state, CompanyId company, Date run_date,
                           const DunningPreview& p);
pb::DunningReceipt SummariseDunningRun(const LedgerState& state, const std::vector<JournalRecord>& records);
pb::CollectionRow ToCollectionRow(const LedgerState& state, const Invoice& inv, Money claim, Money capital,
                                  Money fees, Money interest);
pb::AmortizationPlan ToProto(const LedgerState& state, CompanyId company, const AmortizationPlan& p, Date on);
void SetDunningBody(const DunningPolicySet& v, pb::JournalEvent& p);
void SetDunningBody(const DunningCodeDefined& v, pb::JournalEvent& p);
void SetDunningBody(const DunningCodeAssigned& v, pb::JournalEvent& p);
void SetDunningBody(const DunningCodeRemoved& v, pb::JournalEvent& p);
void SetDunningBody(const DunningStepIssued& v, pb::JournalEvent& p);
void SetDunningBody(const DunningStepCleared& v, pb::JournalEvent& p);
void SetDunningBody(const DunningRunCompleted& v, pb::JournalEvent& p);
void SetDunningBody(const DueDateChanged& v, pb::JournalEvent& p);
void SetDunningBody(const DeferralGranted& v, pb::JournalEvent& p);
void SetDunningBody(const AmortizationPlanEstablished& v, pb::JournalEvent& p);
void SetDunningBody(const AmortizationPlanEnded& v, pb::JournalEvent& p);
void SetDunningBody(const PaymentOrderApplied& v, pb::JournalEvent& p);
void SetDunningBody(const TransferredToCollection& v, pb::JournalEvent& p);

// Dröjsmålsränta (services/convert_interest.cc).
std::string FormatRate(int32_t bp);  // "2,00", "-0,50"
absl::StatusOr<InterestSelection> ToSelection(const pb::InterestSelection& s);
absl::StatusOr<DunningSelection> ToSelection(const pb::DunningSelection& s);
InterestPolicySet ToPolicy(const pb::InterestPolicy& p);
pb::InterestPolicy ToProto(const InterestPolicySet& v);
pb::ReferenceRate ToProto(const ReferenceRateSet& v);
absl::StatusOr<Command> ToCommand(const pb::SetReferenceRateRequest& r);
absl::StatusOr<Command> ToCommand(const pb::SetInterestPolicyRequest& r);
absl::StatusOr<Command> ToCommand(const pb::ClosePeriodRequest& r);
absl::StatusOr<Command> ToCommand(const pb::SetAccountPlanRequest& r);
absl::StatusOr<Command> ToCommand(const pb::ArchiveInvoicesRequest& r);
pb::AccountPlan ToProto(const AccountPlanSet& p);
void SetDunningBody(const AccountPlanSet& v, pb::JournalEvent& p);
absl::StatusOr<Command> ToCommand(const pb::RecordPaidInterestRequest& r);
absl::StatusOr<Command> ToCommand(const pb::InterestRunRequest& r);
absl::StatusOr<Command> ToCommand(const pb::TransferInterestRequest& r);
pb::AccruedInterestResponse ToProto(const Invoice& inv, const InterestResult& r);
pb::InterestClaim ToProto(const LedgerState& state, CompanyId company, const InterestCandidate& k);
// The receipt of an interest run or transfer, summed from the records it wrote.
pb::InterestRunResponse SummariseInterestRun(const LedgerState& state,
                                             const std::vector<JournalRecord>& records);
void SetDunningBody(const ReferenceRateSet& v, pb::JournalEvent& p);
void SetDunningBody(const InterestPolicySet& v, pb::JournalEvent& p);
void SetDunningBody(const InterestInvoiced& v, pb::JournalEvent& p);
void SetDunningBody(const InterestTransferredToNextInvoice& v, pb::JournalEvent& p);
void SetDunningBody(const PaidInterestRecorded& v, pb::JournalEvent& p);
void SetDunningBody(const PeriodClosed& v, pb::JournalEvent& p);
void SetDunningBody(const InvoicesArchived& v, pb::JournalEvent& p);
void SetDunningBody(const PostingRunCompleted& v, pb::JournalEvent& p);
pb::PostingRunCompletedEvent ToProto(const PostingRunCompleted& v);

// Fyra ögon (services/convert_approval.cc).
absl::StatusOr<Command> ToCommand(const pb::SetApprovalPolicyRequest& r);
absl::StatusOr<Command> ToCommand(const pb::DecideApprovalRequest& r);
pb::ApprovalPolicy ToProto(const ApprovalPolicySet& v);
pb::ApprovalRequestedEvent ToProto(const ApprovalRequested& v);
pb::Approval ToProto(CompanyId company, const Approval& a);
void SetDunningBody(const ApprovalPolicySet& v, pb::JournalEvent& p);
void SetDunningBody(const ApprovalRequested& v, pb::JournalEvent& p);
void SetDunningBody(const ApprovalDecided& v, pb::JournalEvent& p);

// Report selections (INVALID_ARGUMENT on bad dates or ranges).
// A date range from two optional "YYYY-MM-DD" fields; INVALID_ARGUMENT if it is reversed.
absl::StatusOr<DateRange> ToRange(const std::string& from, const std::string& to, absl::string_view what);
// 0 = open; otherwise within 1..999, ascending.
absl::Status CompanyRange(int32_t from, int32_t to);
absl::StatusOr<PaymentListFilter> ToFilter(const pb::PaymentListRequest& r);
// The audit reports (convert_audit.cc).
absl::StatusOr<SaldolistaFilter> ToFilter(const pb::SaldolistaRequest& r);
absl::StatusOr<AsOf> ToAsOf(const pb::AsOf& a);
pb::SaldolistaResponse ToProto(const Saldolista& list, size_t row_limit);
pb::AgedReceivablesResponse ToProto(const AgedReceivables& aged);
pb::Verifikation ToProto(const Verifikation& v);
pb::ReconcileLine ToProto(const ReconcileLine& l);
pb::ReconcileLine ToProto(const ReconcileDifference& d);
absl::StatusOr<ForecastFilter> ToFilter(const pb::ForecastRequest& r);
pb::PaymentListResponse ToProto(const LedgerState& state, const PaymentList& list);
pb::WatchSignal ToProto(const WatchSignal& s);
pb::ForecastResponse ToProto(const Forecast& f);
pb::PaymentMethod ToProto(const PaymentMethodDefined& m);

// The receipt of an import, summed from the records it wrote.
pb::ImportReceipt SummariseImport(const std::vector<JournalRecord>& records);
pb::UnmatchedPayment ToProto(const UnmatchedPayment& u);

pb::Amount ToProto(Money m);
pb::Invoice ToProto(const Invoice& inv);
pb::Customer ToProto(const LedgerState& state, const Customer& c);
pb::CustomerDetails ToProto(const CustomerDetails& d);
InvoiceAttributes ToAttributes(const pb::InvoiceAttributes& p);
pb::InvoiceAttributes ToProto(const InvoiceAttributes& a);
CompanyDetailsSet ToCompanyDetails(const pb::CompanyDetails& p);
pb::CompanyDetails ToProto(const CompanyDetailsSet& d);
pb::JournalEvent ToProto(const JournalRecord& record, absl::string_view bytes);

}  // namespace reskontra

#endif  // RESKONTRA_SERVICES_CONVERT_H_
