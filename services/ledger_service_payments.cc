// The payment queries (the unmatched queue, the method register, inbetalningslista,
// bevakning, prognos) and the bank-file imports.
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "replay/reports.h"
#include "services/ledger_service.h"
#include "services/limits.h"

namespace reskontra {

namespace {

// One import command; the receipt is summed from what was written, so a replayed retry prints
// the same one.
template <class Request>
grpc::Status Import(LedgerCore& core, const Request& r, const Caller& caller, pb::ImportReceipt* out) {
  absl::StatusOr<AppendResult> result = ExecuteRequest(core, r, caller);
  if (!result.ok()) return ToGrpc(result.status());
  std::vector<JournalRecord> records;
  absl::Status s = core.journal().Scan(result->first_position, result->last_position,
                                       [&](const JournalRecord& rec, absl::string_view) {
                                         records.push_back(rec);
                                         return true;
                                       });
  if (!s.ok()) return ToGrpc(s);
  *out = SummariseImport(records);
  SetResult(*result, out->mutable_result());
  return grpc::Status::OK;
}

}  // namespace

grpc::Status LedgerService::ImportBgMax(grpc::ServerContext* ctx, const pb::ImportBgMaxRequest* r,
                                        pb::ImportReceipt* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  return Import(*core_, *r, caller, out);
}

grpc::Status LedgerService::ImportPaymentFile(grpc::ServerContext* ctx, const pb::ImportPaymentFileRequest* r,
                                              pb::ImportReceipt* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  return Import(*core_, *r, caller, out);
}

grpc::Status LedgerService::ListUnmatched(grpc::ServerContext* ctx, const pb::ListUnmatchedRequest* r,
                                          pb::ListUnmatchedResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->company()));
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) {
    Money total;
    for (auto it = s.unmatched.lower_bound(CompanyCustomerRef{r->company(), ""});
         it != s.unmatched.end() && it->first.company == r->company(); ++it) {
      *out->add_payments() = ToProto(it->second);
      total += it->second.amount;
    }
    *out->mutable_total() = ToProto(total);
    return absl::OkStatus();
  }));
}

grpc::Status LedgerService::ListPaymentMethods(grpc::ServerContext* ctx,
                                               const pb::ListPaymentMethodsRequest* r,
                                               pb::ListPaymentMethodsResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  return QueryCompany(r->company(), [&](const Company& c) {
    for (const auto& [code, m] : c.payment_methods) *out->add_methods() = ToProto(m);
  });
}

// The lists are folded from the journal up to the projection's checkpoint without holding
// the projection's lock; due dates and customers are read under it at the end.
absl::StatusOr<PaymentListBuilder> LedgerService::FoldReports(const pb::PaymentListRequest& r) {
  ASSIGN_OR_RETURN(PaymentListFilter filter, ToFilter(r));
  uint64_t up_to = 0;
  RETURN_IF_ERROR(core_->projection().Query([&](const LedgerState&, uint64_t at) {
    up_to = at;
    return absl::OkStatus();
  }));
  PaymentListBuilder builder(std::move(filter), core_->time_zone(), limits::kPaymentListRowsMax);
  RETURN_IF_ERROR(FoldPaymentReports(core_->journal(), up_to, builder));
  return builder;
}

grpc::Status LedgerService::PaymentList(grpc::ServerContext* ctx, const pb::PaymentListRequest* r,
                                        pb::PaymentListResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  return ToGrpc(PaymentListOf(*r, out));
}

absl::Status LedgerService::PaymentListOf(const pb::PaymentListRequest& r, pb::PaymentListResponse* out) {
  ASSIGN_OR_RETURN(PaymentListBuilder builder, FoldReports(r));
  return core_->projection().Query([&](const LedgerState& s, uint64_t) {
    *out = ToProto(s, builder.Finish(s));
    return absl::OkStatus();
  });
}

grpc::Status LedgerService::WatchSignals(grpc::ServerContext* ctx, const pb::PaymentListRequest* r,
                                         pb::WatchSignalsResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  absl::StatusOr<PaymentListBuilder> builder = FoldReports(*r);
  if (!builder.ok()) return ToGrpc(builder.status());
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) {
    for (const WatchSignal& w : builder->TakeWatchSignals(s)) *out->add_signals() = ToProto(w);
    return absl::OkStatus();
  }));
}

grpc::Status LedgerService::Forecast(grpc::ServerContext* ctx, const pb::ForecastRequest* r,
                                     pb::ForecastResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  absl::StatusOr<ForecastFilter> filter = ToFilter(*r);
  if (!filter.ok()) return ToGrpc(filter.status());
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) {
    *out = ToProto(PaymentForecast(s, *filter));
    return absl::OkStatus();
  }));
}

}  // namespace reskontra
