// The dröjsmålsränta handlers beyond plain commands: the register and policy queries, accrued
// interest with its explanation, the uninvoiced list and the runs with a dry run.
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "domain/interest.h"
#include "services/ledger_service.h"

namespace reskontra {

grpc::Status LedgerService::ListReferenceRates(grpc::ServerContext* ctx,
                                               const pb::ListReferenceRatesRequest* r,
                                               pb::ListReferenceRatesResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) {
    for (const auto& [date, rate] : s.reference_rates) *out->add_rates() = ToProto(rate);
    return absl::OkStatus();
  }));
}

grpc::Status LedgerService::GetInterestPolicy(grpc::ServerContext* ctx, const pb::GetInterestPolicyRequest* r,
                                              pb::GetInterestPolicyResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) -> absl::Status {
    const Company* co = s.FindCompany(r->company());
    if (co == nullptr)
      return absl::NotFoundError(absl::StrCat("company ", r->company(), " is not registered"));
    *out->mutable_policy() = ToProto(InterestPolicyOf(*co));
    out->set_is_default(!co->interest_policy.has_value());
    return absl::OkStatus();
  }));
}

grpc::Status LedgerService::AccruedInterest(grpc::ServerContext* ctx, const pb::AccruedInterestRequest* r,
                                            pb::AccruedInterestResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  absl::StatusOr<Date> to = DateOrToday(r->date());
  if (!to.ok()) return ToGrpc(to.status());
  RETURN_GRPC_IF_ERROR(CheckDateInRange(*to, "date"));
  std::optional<Date> from;
  if (!r->from().empty()) {
    absl::StatusOr<Date> f = RequiredDate(r->from(), "from date");
    if (!f.ok()) return ToGrpc(f.status());
    from = *f;
  }
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) -> absl::Status {
    const Invoice* inv = s.FindInvoice(r->company(), r->invoice_number());
    if (inv == nullptr)
      return absl::NotFoundError(absl::StrCat("invoice ", FormatInvoiceNumber(r->invoice_number()),
                                              " not found in company ", r->company()));
    ASSIGN_OR_RETURN(InterestResult result, ::reskontra::AccruedInterest(s, *inv, *to, from));
    *out = ToProto(*inv, result);
    return absl::OkStatus();
  }));
}

grpc::Status LedgerService::UninvoicedInterest(grpc::ServerContext* ctx,
                                               const pb::UninvoicedInterestRequest* r,
                                               pb::InterestRunResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  absl::StatusOr<InterestSelection> sel = ToSelection(r->selection());
  if (!sel.ok()) return ToGrpc(sel.status());
  out->set_dry_run(true);
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<InterestCandidate> list,
                     SelectInterestCandidates(s, r->company(), *sel, r->include_skipped()));
    Money total, compensation;
    for (const InterestCandidate& k : list) {
      *out->add_claims() = ToProto(s, r->company(), k);
      if (k.skipped.empty()) {
        total += k.amount;
        compensation += k.compensation;
      }
    }
    *out->mutable_total() = ToProto(total);
    *out->mutable_compensation() = ToProto(compensation);
    return absl::OkStatus();
  }));
}

namespace {
template <class Request>
grpc::Status DryRunInterest(LedgerCore& core, const Request& r, bool transfer, pb::InterestRunResponse* out) {
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(r.ctx().company()));
  absl::StatusOr<InterestSelection> sel = ToSelection(r.selection());
  if (!sel.ok()) return ToGrpc(sel.status());
  out->set_dry_run(true);
  return ToGrpc(core.projection().Query([&](const LedgerState& s, uint64_t) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<InterestCandidate> list,
                     SelectInterestCandidates(s, r.ctx().company(), *sel, false));
    Money total, compensation;
    for (InterestCandidate& k : list) {
      if (transfer) {
        k.interest_invoice = NextInvoiceFor(s, *s.FindInvoice(r.ctx().company(), k.invoice_number));
        k.compensation = Money();
        if (k.interest_invoice == 0 || !k.amount.is_positive()) continue;
      }
      *out->add_claims() = ToProto(s, r.ctx().company(), k);
      total += k.amount;
      compensation += k.compensation;
    }
    *out->mutable_total() = ToProto(total);
    *out->mutable_compensation() = ToProto(compensation);
    return absl::OkStatus();
  }));
}
}  // namespace

grpc::Status LedgerService::RunInterestInvoicing(grpc::ServerContext* ctx, const pb::InterestRunRequest* r,
                                                 pb::InterestRunResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  if (r->dry_run()) return DryRunInterest(*core_, *r, false, out);
  return ExecuteRun(*r, caller, out);
}

grpc::Status LedgerService::TransferInterestToNextInvoice(grpc::ServerContext* ctx,
                                                          const pb::TransferInterestRequest* r,
                                                          pb::InterestRunResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  if (r->dry_run()) return DryRunInterest(*core_, *r, true, out);
  return ExecuteRun(*r, caller, out);
}

}  // namespace reskontra
