// The gRPC service reskontra.v1.Ledger. Each handler converts proto -> domain, calls the
// core, converts back; statuses map to gRPC in services/convert.cc only.
#ifndef RESKONTRA_SERVICES_LEDGER_SERVICE_H_
#define RESKONTRA_SERVICES_LEDGER_SERVICE_H_

#include <functional>
#include <type_traits>

#include "core/ledger_core.h"
#include "domain/documents.h"
#include "reskontra/v1/ledger.grpc.pb.h"
#include "services/auth.h"
#include "services/convert.h"

namespace reskontra {

// The first statement of every handler: who calls, and whether they may (services/auth.h).
// Declares `caller`, or returns UNAUTHENTICATED or PERMISSION_DENIED.
#define RESKONTRA_AUTHORIZE(ctx, request)                                            \
  absl::StatusOr<Caller> caller_or_ = auth_->Authorize(*(ctx), __func__, (request)); \
  if (!caller_or_.ok()) return ToGrpc(caller_or_.status());                          \
  [[maybe_unused]] const Caller& caller = *caller_or_

// Streams bytes (an export, a print file) in chunks of limits::kExportChunkBytes; a printed
// document's receipt goes with the last chunk.
grpc::Status WriteChunks(grpc::ServerContext* ctx, const std::string& bytes,
                         grpc::ServerWriter<pb::ExportChunk>* writer,
                         const pb::DocumentReceipt* receipt = nullptr);

// With auth on, the actor of what a caller writes is the caller, never a name in the request.
inline void StampActor(const Caller& caller, absl::StatusOr<Command>& command) {
  if (command.ok() && !caller.name.empty()) command->meta.actor = caller.name;
}

// Converts and executes one command request, the same way the gRPC handlers do.
template <class Request>
absl::StatusOr<AppendResult> ExecuteRequest(LedgerCore& core, const Request& request,
                                            const Caller& caller = {}) {
  absl::StatusOr<Command> command = ToCommand(request);
  StampActor(caller, command);
  if (!command.ok()) return command.status();
  return core.Execute(*command, Fingerprint(request));
}

// One command of an ExecuteBatch request, converted (or why it cannot be); a command the
// caller may not send is refused on its own with PERMISSION_DENIED.
LedgerCore::BatchItem ToBatchItem(const pb::BatchCommand& c, const Caller& caller = {});

// The command methods are gRPC callback handlers: a command is decided and staged on the
// calling thread, and answered from the journal's completion thread once its group is durable,
// so no thread waits out an fsync per client. Queries and runs stay synchronous.
// The command RPCs (each Name takes pb::NameRequest and answers pb::CommandResponse): one line
// here is the RPC's callback handler, converting with ToCommand(NameRequest), authorising by
// the name in services/auth.cc and executing through RunAsync.
// clang-format off
#define RESKONTRA_COMMAND_RPCS(X) \
  /* invoices */ X(RegisterCompany) X(SetCompanyDetails) X(RegisterCustomer) X(ChangeCustomer) X(IssueInvoice) X(ChangeInvoiceAttributes) \
                  X(CreditInvoice) X(AnnulInvoice) X(AdjustDebit) X(WriteOff) X(AddNote) \
                  X(ChargeFee) X(ChargeInterest) X(SetWatchText) \
  /* payments */ X(SetPaymentSettings) X(DefinePaymentMethod) X(RecordPayment) X(ResolveUnmatched) \
                  X(ReversePayment) X(ApplyCreditBalance) X(RefundCreditBalance) X(SettleNegativeInvoice) \
  /* dunning */ X(SetDunningPolicy) X(DefineDunningCode) X(SetLetterText) X(AssignDunningCode) X(RemoveDunningCode) \
                 X(ClearDunningStep) X(ChangeDueDate) X(GrantDeferral) X(CreatePlan) X(CancelPlan) \
                 X(ApplyPaymentOrder) \
  /* interest */ X(SetReferenceRate) X(SetInterestPolicy) X(RecordPaidInterest) \
  /* audit */ X(SetApprovalPolicy) X(DecideApproval) X(ClosePeriod) X(SetAccountPlan)
// clang-format on

// Service<...> with the callback variant of each method in Methods (gRPC's generated
// WithCallbackMethod_X<Base> wrappers, nested).
template <class Base, template <class> class... Methods>
struct WithCallbackMethods {
  using type = Base;
};
template <class Base, template <class> class First, template <class> class... Rest>
struct WithCallbackMethods<Base, First, Rest...> {
  using type = First<typename WithCallbackMethods<Base, Rest...>::type>;
};
#define RESKONTRA_WITH_CALLBACK(Name) , pb::Ledger::WithCallbackMethod_##Name
using LedgerServiceBase =
    WithCallbackMethods<pb::Ledger::Service RESKONTRA_COMMAND_RPCS(RESKONTRA_WITH_CALLBACK)>::type;
#undef RESKONTRA_WITH_CALLBACK

class LedgerService final : public LedgerServiceBase {
 public:
  // `auth` (not owned) decides who may call what; null: open, every caller is an admin.
  explicit LedgerService(LedgerCore* core, const Authenticator* auth = nullptr)
      : core_(core), auth_(auth != nullptr ? auth : &open_) {}

  // The command RPCs of the table above, each forwarding to RunAsync.
#define RESKONTRA_COMMAND_HANDLER(Name)                                                        \
  grpc::ServerUnaryReactor* Name(grpc::CallbackServerContext* ctx, const pb::Name##Request* r, \
                                 pb::CommandResponse* out) override {                          \
    return RunAsync(ctx, *r, out, #Name);                                                      \
  }
  RESKONTRA_COMMAND_RPCS(RESKONTRA_COMMAND_HANDLER)
#undef RESKONTRA_COMMAND_HANDLER
  // Fyra ögon: the requests (the policy and the decisions are command RPCs).
  grpc::Status ListApprovals(grpc::ServerContext* ctx, const pb::ListApprovalsRequest* r,
                             pb::ListApprovalsResponse* out) override;

  // Kravverksamhet (services/ledger_service_dunning.cc for the runs and queries).
  grpc::Status RunDunning(grpc::ServerContext*, const pb::RunDunningRequest* r,
                          pb::DunningReceipt* out) override;
  grpc::Status PrintDunningRun(grpc::ServerContext*, const pb::PrintDunningRunRequest* r,
                               grpc::ServerWriter<pb::ExportChunk>* writer) override;
  // Documents (services/ledger_service_documents.cc): printed, recorded, reprinted.
  grpc::Status PrintInvoiceDocument(grpc::ServerContext*, const pb::PrintInvoiceDocumentRequest* r,
                                    grpc::ServerWriter<pb::ExportChunk>* writer) override;
  grpc::Status ReprintDocument(grpc::ServerContext*, const pb::ReprintDocumentRequest* r,
                               grpc::ServerWriter<pb::ExportChunk>* writer) override;
  grpc::Status PrintInvoices(grpc::ServerContext*, const pb::PrintInvoicesRequest* r,
                             grpc::ServerWriter<pb::ExportChunk>* writer) override;
  grpc::Status PrintPlan(grpc::ServerContext*, const pb::PrintPlanRequest* r,
                         grpc::ServerWriter<pb::ExportChunk>* writer) override;
  grpc::Status PrintList(grpc::ServerContext*, const pb::PrintListRequest* r,
                         grpc::ServerWriter<pb::ExportChunk>* writer) override;
  // E-invoices (services/ledger_service_einvoices.cc): made, recorded, written to the
  // access point's folder and streamed.
  grpc::Status ProduceEInvoices(grpc::ServerContext*, const pb::ProduceEInvoicesRequest* r,
                                grpc::ServerWriter<pb::ExportChunk>* writer) override;
  void set_einvoice_dir(std::string dir) { einvoice_dir_ = std::move(dir); }
  grpc::Status GetAccountPlan(grpc::ServerContext*, const pb::GetAccountPlanRequest* r,
                              pb::AccountPlan* out) override;
  grpc::Status ArchiveInvoices(grpc::ServerContext*, const pb::ArchiveInvoicesRequest* r,
                               pb::ArchiveInvoicesResponse* out) override;
  grpc::Status RunPostings(grpc::ServerContext*, const pb::RunPostingsRequest* r,
                           pb::RunPostingsResponse* out) override;
  grpc::Status Profitability(grpc::ServerContext*, const pb::ProfitabilityRequest* r,
                             pb::ProfitabilityResponse* out) override;
  grpc::Status Statistics(grpc::ServerContext*, const pb::StatisticsRequest* r,
                          pb::StatisticsResponse* out) override;
  grpc::Status ListReferenceRates(grpc::ServerContext*, const pb::ListReferenceRatesRequest* r,
                                  pb::ListReferenceRatesResponse* out) override;
  grpc::Status GetInterestPolicy(grpc::ServerContext*, const pb::GetInterestPolicyRequest* r,
                                 pb::GetInterestPolicyResponse* out) override;
  grpc::Status AccruedInterest(grpc::ServerContext*, const pb::AccruedInterestRequest* r,
                               pb::AccruedInterestResponse* out) override;
  grpc::Status UninvoicedInterest(grpc::ServerContext*, const pb::UninvoicedInterestRequest* r,
                                  pb::InterestRunResponse* out) override;
  grpc::Status RunInterestInvoicing(grpc::ServerContext*, const pb::InterestRunRequest* r,
                                    pb::InterestRunResponse* out) override;
  grpc::Status TransferInterestToNextInvoice(grpc::ServerContext*, const pb::TransferInterestRequest* r,
                                             pb::InterestRunResponse* out) override;
  grpc::Status TransferToCollection(grpc::ServerContext*, const pb::TransferToCollectionRequest* r,
                                    pb::CollectionTransferResponse* out) override;
  grpc::Status GetDunningPolicies(grpc::ServerContext*, const pb::GetDunningPoliciesRequest* r,
                                  pb::GetDunningPoliciesResponse* out) override;
  grpc::Status ListDunningCodes(grpc::ServerContext*, const pb::ListDunningCodesRequest* r,
                                pb::ListDunningCodesResponse* out) override;
  grpc::Status ListLetterTexts(grpc::ServerContext*, const pb::ListLetterTextsRequest* r,
                               pb::ListLetterTextsResponse* out) override;
  grpc::Status DunningStatus(grpc::ServerContext*, const pb::DunningStatusRequest* r,
                             pb::KravStatus* out) override;
  grpc::Status ListDunningStatus(grpc::ServerContext*, const pb::ListDunningStatusRequest* r,
                                 pb::ListDunningStatusResponse* out) override;
  grpc::Status ListPlans(grpc::ServerContext*, const pb::ListPlansRequest* r,
                         pb::ListPlansResponse* out) override;
  grpc::Status ListPaymentMethods(grpc::ServerContext*, const pb::ListPaymentMethodsRequest* r,
                                  pb::ListPaymentMethodsResponse* out) override;
  grpc::Status PaymentList(grpc::ServerContext*, const pb::PaymentListRequest* r,
                           pb::PaymentListResponse* out) override;
  grpc::Status WatchSignals(grpc::ServerContext*, const pb::PaymentListRequest* r,
                            pb::WatchSignalsResponse* out) override;
  grpc::Status Forecast(grpc::ServerContext*, const pb::ForecastRequest* r,
                        pb::ForecastResponse* out) override;
  grpc::Status ImportBgMax(grpc::ServerContext*, const pb::ImportBgMaxRequest* r,
                           pb::ImportReceipt* out) override;
  grpc::Status SearchInvoices(grpc::ServerContext*, const pb::SearchInvoicesRequest* r,
                              pb::SearchInvoicesResponse* out) override;
  grpc::Status ImportInvoiceResponses(grpc::ServerContext*, const pb::ImportInvoiceResponsesRequest* r,
                                      pb::InvoiceResponsesReceipt* out) override;
  grpc::Status ImportInvoiceFile(grpc::ServerContext*, const pb::ImportInvoiceFileRequest* r,
                                 pb::InvoiceImportReceipt* out) override;
  grpc::Status ImportPaymentFile(grpc::ServerContext*, const pb::ImportPaymentFileRequest* r,
                                 pb::ImportReceipt* out) override;
  grpc::Status ListUnmatched(grpc::ServerContext*, const pb::ListUnmatchedRequest* r,
                             pb::ListUnmatchedResponse* out) override;
  grpc::Status GetInvoice(grpc::ServerContext*, const pb::GetInvoiceRequest* r, pb::Invoice* out) override;
  grpc::Status ListInvoices(grpc::ServerContext*, const pb::ListInvoicesRequest* r,
                            pb::ListInvoicesResponse* out) override;
  grpc::Status GetCustomer(grpc::ServerContext*, const pb::GetCustomerRequest* r, pb::Customer* out) override;
  grpc::Status GetHead(grpc::ServerContext*, const pb::GetHeadRequest* r, pb::GetHeadResponse* out) override;
  grpc::Status WhoAmI(grpc::ServerContext*, const pb::WhoAmIRequest* r, pb::WhoAmIResponse* out) override;
  grpc::Status Subscribe(grpc::ServerContext* ctx, const pb::SubscribeRequest* r,
                         grpc::ServerWriter<pb::JournalEvent>* writer) override;
  grpc::Status Verify(grpc::ServerContext*, const pb::VerifyRequest* r, pb::VerifyResponse* out) override;
  grpc::Status Saldolista(grpc::ServerContext*, const pb::SaldolistaRequest* r,
                          pb::SaldolistaResponse* out) override;
  grpc::Status AgedReceivables(grpc::ServerContext*, const pb::SaldolistaRequest* r,
                               pb::AgedReceivablesResponse* out) override;
  grpc::Status Export(grpc::ServerContext*, const pb::ExportRequest* r,
                      grpc::ServerWriter<pb::ExportChunk>* writer) override;
  grpc::Status AuditTrail(grpc::ServerContext*, const pb::AuditTrailRequest* r,
                          pb::AuditTrailResponse* out) override;
  grpc::Status Postings(grpc::ServerContext*, const pb::PostingsRequest* r,
                        pb::PostingsResponse* out) override;
  grpc::Status Reconcile(grpc::ServerContext*, const pb::ReconcileRequest* r,
                         pb::ReconcileResponse* out) override;
  grpc::Status Backup(grpc::ServerContext* ctx, const pb::BackupRequest* r, pb::BackupResponse* out) override;
  // Where Backup writes its folders; empty: Backup is refused.
  void set_backup_dir(std::string dir) { backup_dir_ = std::move(dir); }
  grpc::Status ExecuteBatch(grpc::ServerContext*, const pb::ExecuteBatchRequest* r,
                            pb::ExecuteBatchResponse* out) override;
  grpc::Status ExecuteStream(
      grpc::ServerContext* ctx,
      grpc::ServerReaderWriter<pb::ExecuteBatchResponse, pb::ExecuteBatchRequest>* stream) override;

 private:
  template <class Request>
  grpc::ServerUnaryReactor* RunAsync(grpc::CallbackServerContext* ctx, const Request& request,
                                     pb::CommandResponse* out, const char* method) {
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    absl::StatusOr<Caller> caller = auth_->Authorize(*ctx, method, request);
    if (!caller.ok()) {
      reactor->Finish(ToGrpc(caller.status()));
      return reactor;
    }
    absl::StatusOr<Command> command = ToCommand(request);
    StampActor(*caller, command);
    if (!command.ok()) {
      reactor->Finish(ToGrpc(command.status()));
      return reactor;
    }
    // `request` and `out` live until Finish.
    core_->ExecuteAsync(
        *command, Fingerprint(request),
        [reactor, out](absl::StatusOr<AppendResult> result) {
          if (!result.ok()) return reactor->Finish(ToGrpc(result.status()));
          SetResult(*result, out->mutable_result());
          reactor->Finish(grpc::Status::OK);
        },
        [&request, out](const LedgerState& s) { FillResponse(request, s, out); });
    return reactor;
  }
  // The invoice or customer the command was about, as the command left them (under the
  // writer lock; sent once that state is durable).
  template <class Request>
  static void FillResponse(const Request& request, const LedgerState& s, pb::CommandResponse* out) {
    const CompanyId company = request.ctx().company();
    {
      const Company* co = s.FindCompany(company);
      InvoiceNumber invoice = 0;
      if constexpr (requires { request.invoice_number(); }) invoice = request.invoice_number();
      if constexpr (std::is_same_v<Request, pb::DecideApprovalRequest>) {
        auto it = co->approvals.find(request.request_id());  // co: the command succeeded
        if (it != co->approvals.end()) {
          *out->mutable_approval() = ToProto(company, it->second);
          invoice = it->second.request.invoice_number;
        }
      }
      if (const Invoice* inv = invoice != 0 ? s.FindInvoice(company, invoice) : nullptr) {
        *out->mutable_invoice() = ToProto(*inv);
        if (auto it = co->approvals.find(inv->pending_approval); it != co->approvals.end())
          *out->mutable_approval() = ToProto(company, it->second);
      }
      if constexpr (requires { request.customer_number(); }) {
        if (const Customer* c = s.FindCustomer(company, request.customer_number())) {
          *out->mutable_customer() = ToProto(s, *c);
        }
      }
    }
  }

  // Executes an interest run or transfer; the receipt is summed from what it wrote.
  template <class Request>
  grpc::Status ExecuteRun(const Request& r, const Caller& caller, pb::InterestRunResponse* out) {
    absl::StatusOr<AppendResult> result = ExecuteRequest(*core_, r, caller);
    if (!result.ok()) return ToGrpc(result.status());
    absl::StatusOr<std::vector<JournalRecord>> records = RecordsOf(*result);
    if (!records.ok()) return ToGrpc(records.status());
    core_->projection().Read([&](const LedgerState& s, uint64_t) {
      *out = SummariseInterestRun(s, *records);
      return 0;
    });
    SetResult(*result, out->mutable_result());
    return grpc::Status::OK;
  }
  absl::StatusOr<PaymentListBuilder> FoldReports(const pb::PaymentListRequest& r);
  // The records a command wrote (for receipts that a replayed retry prints the same).
  absl::StatusOr<std::vector<JournalRecord>> RecordsOf(const AppendResult& result);
  absl::StatusOr<Date> DateOrToday(const std::string& s);
  // Runs `f` on a registered company under the projection's read lock; INVALID_ARGUMENT for a
  // malformed number, NOT_FOUND for one not registered.
  grpc::Status QueryCompany(int32_t company, const std::function<void(const Company&)>& f);
  // Renders `contents` (the document `d` describes, made from the journal up to
  // d.source_position), records it (DocumentProduced with the SHA-256 of the bytes, by `actor`
  // unless the caller is authenticated) and streams the PDF with its receipt.
  // kDunningLetterFiles: one file a letter, named in its first chunk; the recorded SHA-256 is
  // that of the files' manifest (sha256sum's lines), which the receipt carries.
  // `not_printed`: invoices asked for and left out, with the reason, for the receipt.
  grpc::Status PrintAndRecord(grpc::ServerContext* ctx, const Caller& caller, const std::string& actor,
                              CompanyId company, DocumentProduced d,
                              const std::vector<DocumentContent>& contents,
                              grpc::ServerWriter<pb::ExportChunk>* writer,
                              const std::vector<std::string>& not_printed = {});
  // A kreditfaktura or annulleringsbesked (d.kind) of the request's invoice, from the state
  // just after the change it is about.
  grpc::Status PrintNotice(grpc::ServerContext* ctx, const Caller& caller,
                           const pb::PrintInvoiceDocumentRequest& r, DocumentProduced d,
                           grpc::ServerWriter<pb::ExportChunk>* writer);
  // The kontrollista of a dunning run (nothing written) and the inbetalningslista: the answers
  // of RunDunning (dry run) and PaymentList, for them and for their printed lists.
  absl::Status DunningKontrollista(const pb::RunDunningRequest& r, pb::DunningReceipt* out);
  absl::Status PaymentListOf(const pb::PaymentListRequest& r, pb::PaymentListResponse* out);
  // The request's as-of question answered from the source replay/asof.h chooses; `filter` is the
  // request's selection, converted once by the caller (its company range bounds the source).
  absl::Status WithAuditSource(const pb::SaldolistaRequest& r, const SaldolistaFilter& filter,
                               const AsOfSourceFn& f);
  // The verifikationer of the journal up to the projection's checkpoint (and `known_at`).
  absl::StatusOr<uint64_t> FoldPostingsUpTo(std::optional<absl::Time> known_at, PostingFold& fold);
  absl::StatusOr<std::string> ExportSie(const pb::ExportRequest& r);

  LedgerCore* core_;
  std::string backup_dir_;
  std::string einvoice_dir_;  // the access point's folder, "" for none
  // Records `d` (DocumentProduced) by `actor` unless the caller is authenticated: one record for
  // the same document from the same position, however often it is asked for.
  absl::StatusOr<AppendResult> RecordProduced(const Caller& caller, const std::string& actor,
                                              CompanyId company, const DocumentProduced& d,
                                              bool resend = false);
  // The e-invoices of a recorded document made again and streamed (ReprintDocument).
  grpc::Status ReproduceEInvoiceFiles(grpc::ServerContext* ctx, uint64_t position, CompanyId company,
                                      const DocumentProduced& d, grpc::ServerWriter<pb::ExportChunk>* writer);
  Authenticator open_;
  const Authenticator* auth_;
};

}  // namespace reskontra

#endif  // RESKONTRA_SERVICES_LEDGER_SERVICE_H_
