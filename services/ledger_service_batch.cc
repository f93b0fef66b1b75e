// Batches: ExecuteBatch (one request, one fsync) and ExecuteStream (pipelined batches).
#include <deque>
#include <thread>

#include "absl/strings/str_cat.h"
#include "services/ledger_service.h"
#include "services/limits.h"

namespace reskontra {

namespace {

template <class Request>
LedgerCore::BatchItem ItemOf(const Request& r, const Caller& caller) {
  if constexpr (requires { r.dry_run(); }) {
    if (r.dry_run()) return {absl::InvalidArgumentError("a dry run writes nothing: send it on its own"), {}};
  }
  if (absl::Status s = Authenticator::CheckCommand(caller, r); !s.ok()) return {s, {}};
  absl::StatusOr<Command> command = ToCommand(r);
  StampActor(caller, command);
  return {std::move(command), Fingerprint(r)};
}

// The whole request is refused, and nothing written, when it is empty or too large; a bad
// command inside it is refused on its own.
absl::StatusOr<std::vector<LedgerCore::BatchItem>> ItemsOf(const pb::ExecuteBatchRequest& r,
                                                           const Caller& caller) {
  if (r.commands_size() == 0) return absl::InvalidArgumentError("empty batch");
  if (r.commands_size() > limits::kBatchCommandsMax) {
    return absl::InvalidArgumentError(absl::StrCat("a batch holds at most ", limits::kBatchCommandsMax,
                                                   " commands; this one has ", r.commands_size()));
  }
  std::vector<LedgerCore::BatchItem> items;
  items.reserve(r.commands_size());
  for (const pb::BatchCommand& c : r.commands()) items.push_back(ToBatchItem(c, caller));
  return items;
}

pb::ExecuteBatchResponse ToResponse(uint64_t sequence,
                                    const std::vector<absl::StatusOr<AppendResult>>& results) {
  pb::ExecuteBatchResponse out;
  out.set_sequence(sequence);
  uint32_t written = 0, replayed = 0, refused = 0;
  for (const absl::StatusOr<AppendResult>& r : results) {
    pb::BatchResult* b = out.add_results();
    if (!r.ok()) {
      ++refused;
      b->set_code(static_cast<int32_t>(r.status().code()));
      b->set_message(std::string(r.status().message()));
      continue;
    }
    ++(r->replayed ? replayed : written);
    SetResult(*r, b->mutable_result());
  }
  out.set_written(written);
  out.set_replayed(replayed);
  out.set_refused(refused);
  return out;
}

}  // namespace

LedgerCore::BatchItem ToBatchItem(const pb::BatchCommand& c, const Caller& caller) {
  using C = pb::BatchCommand;
  switch (c.command_case()) {
    case C::kRegisterCompany:
      return ItemOf(c.register_company(), caller);
    case C::kRegisterCustomer:
      return ItemOf(c.register_customer(), caller);
    case C::kChangeCustomer:
      return ItemOf(c.change_customer(), caller);
    case C::kIssueInvoice:
      return ItemOf(c.issue_invoice(), caller);
    case C::kRecordPayment:
      return ItemOf(c.record_payment(), caller);
    case C::kCreditInvoice:
      return ItemOf(c.credit_invoice(), caller);
    case C::kAnnulInvoice:
      return ItemOf(c.annul_invoice(), caller);
    case C::kAdjustDebit:
      return ItemOf(c.adjust_debit(), caller);
    case C::kWriteOff:
      return ItemOf(c.write_off(), caller);
    case C::kAddNote:
      return ItemOf(c.add_note(), caller);
    case C::kSetPaymentSettings:
      return ItemOf(c.set_payment_settings(), caller);
    case C::kResolveUnmatched:
      return ItemOf(c.resolve_unmatched(), caller);
    case C::kReversePayment:
      return ItemOf(c.reverse_payment(), caller);
    case C::kDefinePaymentMethod:
      return ItemOf(c.define_payment_method(), caller);
    case C::kChargeFee:
      return ItemOf(c.charge_fee(), caller);
    case C::kChargeInterest:
      return ItemOf(c.charge_interest(), caller);
    case C::kSetWatchText:
      return ItemOf(c.set_watch_text(), caller);
    case C::kSetDunningPolicy:
      return ItemOf(c.set_dunning_policy(), caller);
    case C::kAssignDunningCode:
      return ItemOf(c.assign_dunning_code(), caller);
    case C::kRemoveDunningCode:
      return ItemOf(c.remove_dunning_code(), caller);
    case C::kChangeDueDate:
      return ItemOf(c.change_due_date(), caller);
    case C::kGrantDeferral:
      return ItemOf(c.grant_deferral(), caller);
    case C::kSetInterestPolicy:
      return ItemOf(c.set_interest_policy(), caller);
    case C::kRecordPaidInterest:
      return ItemOf(c.record_paid_interest(), caller);
    case C::kRunDunning:
      return ItemOf(c.run_dunning(), caller);
    case C::kRunInterest:
      return ItemOf(c.run_interest(), caller);
    case C::COMMAND_NOT_SET:
      break;
  }
  return {absl::InvalidArgumentError("batch command without a command"), {}};
}

grpc::Status LedgerService::ExecuteBatch(grpc::ServerContext* ctx, const pb::ExecuteBatchRequest* r,
                                         pb::ExecuteBatchResponse* out) {
  // The role and companies are checked for each command (ToBatchItem).
  RESKONTRA_AUTHORIZE(ctx, pb::ExecuteBatchRequest::default_instance());
  absl::StatusOr<std::vector<LedgerCore::BatchItem>> items = ItemsOf(*r, caller);
  if (!items.ok()) return ToGrpc(items.status());
  *out = ToResponse(r->sequence(), core_->ExecuteBatch(*items));
  return grpc::Status::OK;
}

// The handler thread reads and stages batch after batch; a second thread waits for each
// batch's fsync and writes its response, so deciding the next batch overlaps the last one's
// sync. At most kStreamBatchesInFlight batches wait: then reading stops (flow control).
grpc::Status LedgerService::ExecuteStream(
    grpc::ServerContext* ctx,
    grpc::ServerReaderWriter<pb::ExecuteBatchResponse, pb::ExecuteBatchRequest>* stream) {
  RESKONTRA_AUTHORIZE(ctx, pb::ExecuteBatchRequest::default_instance());
  struct Pending {
    uint64_t sequence = 0;
    LedgerCore::StagedBatch batch;
  };
  struct Shared {
    absl::Mutex mu;
    std::deque<Pending> queue ABSL_GUARDED_BY(mu);
    bool reading_done ABSL_GUARDED_BY(mu) = false;
    bool broken ABSL_GUARDED_BY(mu) = false;  // a response could not be written
  } shared;
  auto has_work =
      +[](Shared* s) ABSL_NO_THREAD_SAFETY_ANALYSIS { return !s->queue.empty() || s->reading_done; };
  auto has_room = +[](Shared* s) ABSL_NO_THREAD_SAFETY_ANALYSIS {
    return s->queue.size() < static_cast<size_t>(limits::kStreamBatchesInFlight) || s->broken;
  };
  std::thread responder([&] {
    while (true) {
      Pending p;
      {
        absl::MutexLock lock(&shared.mu, absl::Condition(has_work, &shared));
        if (shared.queue.empty()) return;
        p = std::move(shared.queue.front());
        shared.queue.pop_front();
      }
      core_->WaitDurable(p.batch);
      if (!stream->Write(ToResponse(p.sequence, p.batch.results))) {
        absl::MutexLock lock(&shared.mu);
        shared.broken = true;
      }
    }
  });
  grpc::Status status = grpc::Status::OK;
  pb::ExecuteBatchRequest request;
  while (stream->Read(&request)) {
    absl::StatusOr<std::vector<LedgerCore::BatchItem>> items = ItemsOf(request, caller);
    if (!items.ok()) {
      status = ToGrpc(items.status());
      break;
    }
    LedgerCore::StagedBatch batch = core_->StageBatch(*items);
    absl::MutexLock lock(&shared.mu, absl::Condition(has_room, &shared));
    shared.queue.push_back({request.sequence(), std::move(batch)});
    if (shared.broken) break;
  }
  {
    absl::MutexLock lock(&shared.mu);
    shared.reading_done = true;
  }
  responder.join();
  bool broken = false;
  {
    absl::MutexLock lock(&shared.mu);
    broken = shared.broken;
  }
  if (status.ok() && (broken || ctx->IsCancelled()))
    status = grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
  return status;
}

}  // namespace reskontra
