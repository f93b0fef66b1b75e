// The queries and admin calls that belong to no one area: the four-eyes list, backup and
// verify. The command RPCs are generated from RESKONTRA_COMMAND_RPCS (ledger_service.h); each
// area's queries are in ledger_service_<area>.cc.
#include "services/ledger_service.h"

#include <filesystem>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "journal/backup.h"
#include "replay/rebuild.h"
#include "services/limits.h"

namespace reskontra {

grpc::Status LedgerService::ListApprovals(grpc::ServerContext* ctx, const pb::ListApprovalsRequest* r,
                                          pb::ListApprovalsResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->company()));
  if (r->invoice_number() != 0) {
    RETURN_GRPC_IF_ERROR(ValidateInvoiceNumber(r->invoice_number()));
  }
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) {
    const Company* co = s.FindCompany(r->company());
    if (co == nullptr)
      return absl::NotFoundError(absl::StrCat("company ", r->company(), " is not registered"));
    *out->mutable_policy() = ToProto(co->approval_policy.value_or(ApprovalPolicySet{}));
    for (const auto& [id, a] : co->approvals) {
      if (r->pending_only() && a.decision.has_value()) continue;
      if (r->invoice_number() != 0 && a.request.invoice_number != r->invoice_number()) continue;
      if (out->approvals_size() >= limits::kListInvoicesMax) {
        out->set_truncated(true);
        break;
      }
      *out->add_approvals() = ToProto(r->company(), a);
    }
    return absl::OkStatus();
  }));
}

grpc::Status LedgerService::Backup(grpc::ServerContext* ctx, const pb::BackupRequest* r,
                                   pb::BackupResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  if (backup_dir_.empty()) return ToGrpc(absl::FailedPreconditionError("this server has no --backup_dir"));
  const std::string& name = r->name();
  bool valid = !name.empty() && name.size() <= 64 && name[0] != '.';
  for (char c : name) valid = valid && (absl::ascii_isalnum(c) || c == '.' || c == '_' || c == '-');
  if (!valid) {
    return ToGrpc(absl::InvalidArgumentError(
        "a backup name is 1..64 of A-Z a-z 0-9 . _ - and does not start with '.'"));
  }
  std::error_code ec;
  std::filesystem::create_directories(backup_dir_, ec);
  absl::StatusOr<BackupReport> report = BackupJournal(core_->journal(), backup_dir_ + "/" + name);
  if (!report.ok()) return ToGrpc(report.status());
  out->set_path(report->path);
  out->set_position(report->position);
  out->set_head_hash(HashToHex(report->head_hash));
  return grpc::Status::OK;
}

grpc::Status LedgerService::Verify(grpc::ServerContext* ctx, const pb::VerifyRequest* r,
                                   pb::VerifyResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  absl::StatusOr<Journal::VerifyReport> report = core_->journal().Verify();
  if (!report.ok()) return ToGrpc(report.status());
  out->set_records(report->records);
  out->set_head_hash(HashToHex(report->head_hash));
  absl::Status match = CheckProjectionAgainstRebuild(core_->journal(), core_->projection());
  if (!match.ok() && match.code() != absl::StatusCode::kFailedPrecondition) return ToGrpc(match);
  out->set_projections_match_rebuild(match.ok());
  return grpc::Status::OK;
}

}  // namespace reskontra
