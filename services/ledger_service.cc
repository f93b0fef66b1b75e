#include "services/ledger_service.h"

#include <filesystem>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "journal/backup.h"
#include "replay/rebuild.h"
#include "replay/reports.h"
#include "services/limits.h"

namespace reskontra {

namespace {

// The events a subscriber asked for (SubscribeRequest's filters).
class SubscribeFilter {
 public:
  static absl::StatusOr<SubscribeFilter> Of(const pb::SubscribeRequest& r) {
    SubscribeFilter f;
    if (r.heartbeat_ms() != 0 && (r.heartbeat_ms() < 100 || r.heartbeat_ms() > 60'000)) {
      return absl::InvalidArgumentError("heartbeat_ms is 0 (none) or 100..60000");
    }
    for (int32_t c : r.companies()) {
      RETURN_IF_ERROR(ValidateCompanyId(c));
      f.companies_.insert(c);
    }
    const absl::flat_hash_set<std::string>& known = KnownTypes();
    for (const std::string& t : r.types()) {
      if (!known.contains(t)) return absl::InvalidArgumentError(absl::StrCat("unknown event type '", t, "'"));
      f.types_.insert(t);
    }
    if (r.invoice_number() != 0) {
      RETURN_IF_ERROR(ValidateInvoiceNumber(r.invoice_number()));
      f.invoice_ = FormatInvoiceNumber(r.invoice_number());
    }
    if (!r.customer_number().empty()) {
      RETURN_IF_ERROR(ValidateCustomerNumber(r.customer_number()));
      f.customer_ = r.customer_number();
    }
    return f;
  }
  bool Matches(const JournalRecord& rec) const {
    if (!companies_.empty() && !companies_.contains(rec.event.meta.company)) return false;
    if (!types_.empty() && !types_.contains(EventTypeName(rec.event.body))) return false;
    if (!invoice_.has_value() && !customer_.has_value()) return true;
    for (const StreamId& s : StreamsOf(rec.event)) {
      if (invoice_.has_value() && s.kind == StreamId::Kind::kInvoice && s.key == *invoice_) return true;
      if (customer_.has_value() && s.kind == StreamId::Kind::kCustomer && s.key == *customer_) return true;
    }
    return false;
  }

 private:
  // Every event type's name, from the alternatives of EventBody.
  static const absl::flat_hash_set<std::string>& KnownTypes() {
    static const auto* types = [] {
      auto* out = new absl::flat_hash_set<std::string>();
      [&]<size_t... I>(std::index_sequence<I...>) {
        (out->insert(std::string(EventTypeName(EventBody(std::in_place_index<I>)))), ...);
      }
      (std::make_index_sequence<std::variant_size_v<EventBody>>());
      return out;
    }();
    return *types;
  }

  absl::flat_hash_set<CompanyId> companies_;
  absl::flat_hash_set<std::string> types_;
  std::optional<std::string> invoice_, customer_;
};

absl::StatusOr<const Customer*> FindCustomer(const LedgerState& s, CompanyId company,
                                             const std::string& number) {
  const Customer* c = s.FindCustomer(company, number);
  if (c == nullptr) {
    return absl::NotFoundError(absl::StrCat("customer ", number, " does not exist in company ", company));
  }
  return c;
}
}  // namespace

grpc::Status LedgerService::GetInvoice(grpc::ServerContext* ctx, const pb::GetInvoiceRequest* r,
                                       pb::Invoice* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->company()));
  RETURN_GRPC_IF_ERROR(ValidateInvoiceNumber(r->invoice_number()));
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) {
    const Invoice* inv = s.FindInvoice(r->company(), r->invoice_number());
    if (inv == nullptr) {
      return absl::NotFoundError(absl::StrCat("invoice ", FormatInvoiceNumber(r->invoice_number()),
                                              " does not exist in company ", r->company()));
    }
    *out = ToProto(*inv);
    return absl::OkStatus();
  }));
}

grpc::Status LedgerService::ListInvoices(grpc::ServerContext* ctx, const pb::ListInvoicesRequest* r,
                                         pb::ListInvoicesResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->company()));
  RETURN_GRPC_IF_ERROR(ValidateCustomerNumber(r->customer_number()));
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) {
    absl::StatusOr<const Customer*> c = FindCustomer(s, r->company(), r->customer_number());
    if (!c.ok()) return c.status();
    for (InvoiceNumber n : (*c)->invoices) {
      const Invoice* inv = s.FindInvoice((*c)->company, n);
      if (inv == nullptr || (r->only_open() && inv->balance().is_zero())) continue;
      if (out->invoices_size() >= limits::kListInvoicesMax) {
        out->set_truncated(true);
        break;
      }
      *out->add_invoices() = ToProto(*inv);
    }
    return absl::OkStatus();
  }));
}

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

grpc::Status LedgerService::GetCustomer(grpc::ServerContext* ctx, const pb::GetCustomerRequest* r,
                                        pb::Customer* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->company()));
  RETURN_GRPC_IF_ERROR(ValidateCustomerNumber(r->customer_number()));
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) {
    absl::StatusOr<const Customer*> c = FindCustomer(s, r->company(), r->customer_number());
    if (!c.ok()) return c.status();
    *out = ToProto(s, **c);
    return absl::OkStatus();
  }));
}

grpc::Status LedgerService::ImportBgMax(grpc::ServerContext* ctx, const pb::ImportBgMaxRequest* r,
                                        pb::ImportReceipt* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  absl::StatusOr<AppendResult> result = ExecuteRequest(*core_, *r, caller);
  if (!result.ok()) return ToGrpc(result.status());
  // The receipt is summed from what was written, so a replayed retry prints the same one.
  std::vector<JournalRecord> records;
  absl::Status s = core_->journal().Scan(result->first_position, result->last_position,
                                         [&](const JournalRecord& rec, absl::string_view) {
                                           records.push_back(rec);
                                           return true;
                                         });
  if (!s.ok()) return ToGrpc(s);
  *out = SummariseImport(records);
  SetResult(*result, out->mutable_result());
  return grpc::Status::OK;
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
  RETURN_GRPC_IF_ERROR(ValidateCompanyId(r->company()));
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) {
    const Company* c = s.FindCompany(r->company());
    if (c == nullptr)
      return absl::NotFoundError(absl::StrCat("company ", r->company(), " is not registered"));
    for (const auto& [code, m] : c->payment_methods) *out->add_methods() = ToProto(m);
    return absl::OkStatus();
  }));
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
  absl::StatusOr<PaymentListBuilder> builder = FoldReports(*r);
  if (!builder.ok()) return ToGrpc(builder.status());
  return ToGrpc(core_->projection().Query([&](const LedgerState& s, uint64_t) {
    *out = ToProto(s, builder->Finish(s));
    return absl::OkStatus();
  }));
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

grpc::Status LedgerService::GetHead(grpc::ServerContext* ctx, const pb::GetHeadRequest* r,
                                    pb::GetHeadResponse* out) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  const uint64_t head = core_->journal().DurableHead();
  out->set_position(head);
  if (const LedgerCore::ReplicaStatus rs = core_->replica_status(); !rs.primary.empty()) {
    out->set_primary(rs.primary);
    out->set_primary_head(rs.primary_head);
    out->set_lag(rs.primary_head > head ? rs.primary_head - head : 0);
    if (rs.last_contact != absl::InfinitePast())
      out->set_last_contact(absl::FormatTime(absl::RFC3339_full, rs.last_contact, absl::UTCTimeZone()));
    out->set_replica_error(rs.error);
  }
  if (head == 0) return grpc::Status::OK;
  absl::StatusOr<JournalRecord> record = core_->journal().Read(head);
  if (!record.ok()) return ToGrpc(record.status());
  out->set_hash(HashToHex(record->hash));
  out->set_recorded_at(
      absl::FormatTime(absl::RFC3339_full, record->event.meta.recorded_at, absl::UTCTimeZone()));
  return grpc::Status::OK;
}

grpc::Status LedgerService::Subscribe(grpc::ServerContext* ctx, const pb::SubscribeRequest* r,
                                      grpc::ServerWriter<pb::JournalEvent>* writer) {
  RESKONTRA_AUTHORIZE(ctx, *r);
  absl::StatusOr<SubscribeFilter> filter = SubscribeFilter::Of(*r);
  if (!filter.ok()) return ToGrpc(filter.status());
  const absl::Duration heartbeat = absl::Milliseconds(r->heartbeat_ms());
  Journal& journal = core_->journal();
  uint64_t next = std::max<uint64_t>(r->from_position(), 1);
  absl::Time last_sent = absl::Now();
  // A heartbeat when nothing was sent for `heartbeat`: the head, and how far the scan has come.
  auto beat = [&](uint64_t head) {
    if (heartbeat == absl::ZeroDuration() || absl::Now() - last_sent < heartbeat) return true;
    pb::JournalEvent e;
    e.set_type("Heartbeat");
    e.set_head(head);
    e.set_scanned_to(next - 1);
    last_sent = absl::Now();
    return writer->Write(e);
  };
  while (!ctx->IsCancelled()) {
    uint64_t head = journal.DurableHead();
    if (next > head) {
      if (r->history_only()) return grpc::Status::OK;
      if (!beat(head)) return grpc::Status(grpc::StatusCode::CANCELLED, "subscriber went away");
      const absl::Duration wait = heartbeat == absl::ZeroDuration()
                                      ? limits::kSubscribePoll
                                      : std::min(limits::kSubscribePoll, heartbeat);
      journal.WaitForHead(next - 1, wait);
      RETURN_GRPC_IF_ERROR(journal.health());
      continue;
    }
    // Read a bounded chunk, then write it: a slow consumer blocks only its own stream and
    // costs the server at most one chunk of memory; it falls behind and catches up from the
    // journal.
    std::vector<pb::JournalEvent> chunk;
    uint64_t to = std::min(head, next + limits::kSubscribeChunkRecords - 1);
    absl::Status s = journal.Scan(next, to, [&](const JournalRecord& rec, absl::string_view bytes) {
      // A caller restricted to some companies sees their events and the ledger-wide ones
      // (reference rates); the positions between are not theirs to see.
      const CompanyId company = rec.event.meta.company;
      if (company != 0 && !caller.Covers(company)) return true;
      if (filter->Matches(rec)) chunk.push_back(ToProto(rec, bytes));
      return true;
    });
    if (!s.ok()) return ToGrpc(s);
    for (pb::JournalEvent& e : chunk) {
      e.set_head(head);
      e.set_scanned_to(e.position());
      if (!writer->Write(e)) return grpc::Status(grpc::StatusCode::CANCELLED, "subscriber went away");
      last_sent = absl::Now();
    }
    next = to + 1;
    if (!beat(head)) return grpc::Status(grpc::StatusCode::CANCELLED, "subscriber went away");
  }
  return grpc::Status(grpc::StatusCode::CANCELLED, "subscriber cancelled");
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
