#include "services/replica.h"

#include "absl/strings/str_cat.h"
#include "journal/record.h"

namespace reskontra {

namespace pb = ::reskontra::v1;

namespace {

constexpr size_t kBatchRecords = 1000;

absl::StatusOr<JournalRecord> RecordOf(const pb::JournalEvent& e) {
  absl::StatusOr<JournalRecord> rec = DecodeRecord(e.record());
  if (!rec.ok()) return rec.status();
  if (e.hash().size() != 32 || e.prev_hash().size() != 32 || rec->position != e.position())
    return absl::DataLossError(absl::StrCat("the primary's record ", e.position(), " is malformed"));
  std::copy(e.hash().begin(), e.hash().end(), rec->hash.begin());
  std::copy(e.prev_hash().begin(), e.prev_hash().end(), rec->prev_hash.begin());
  return rec;
}

}  // namespace

Follower::Follower(LedgerCore* core, std::shared_ptr<grpc::Channel> primary)
    : core_(core), stub_(pb::Ledger::NewStub(std::move(primary))) {}

void Follower::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void Follower::Stop() {
  stop_ = true;
  {
    absl::MutexLock lock(&mu_);
    if (ctx_ != nullptr) ctx_->TryCancel();
  }
  if (thread_.joinable()) thread_.join();
}

void Follower::Report(uint64_t primary_head, const std::string& error) {
  LedgerCore::ReplicaStatus s = core_->replica_status();
  if (primary_head > 0) {
    s.primary_head = primary_head;
    s.last_contact = absl::Now();
  }
  s.error = error;
  core_->set_replica_status(std::move(s));
}

void Follower::Loop() {
  absl::Duration backoff = absl::Milliseconds(100);
  while (!stop_.load()) {
    absl::Status s = Follow();
    if (stop_.load()) break;
    Report(0, s.ToString());
    std::fprintf(stderr, "reskontrad: following the primary: %s\n", s.ToString().c_str());
    // A chain that does not continue is not retried quickly: an operator must look.
    const absl::Duration wait = s.code() == absl::StatusCode::kDataLoss ? absl::Seconds(30) : backoff;
    for (absl::Time until = absl::Now() + wait; !stop_.load() && absl::Now() < until;)
      absl::SleepFor(absl::Milliseconds(50));
    backoff = std::min(backoff * 2, absl::Seconds(5));
  }
}

absl::Status Follower::Follow() {
  grpc::ClientContext ctx;
  {
    absl::MutexLock lock(&mu_);
    if (stop_.load()) return absl::CancelledError("stopping");
    ctx_ = &ctx;
  }
  pb::SubscribeRequest request;
  request.set_from_position(core_->journal().DurableHead() + 1);
  request.set_heartbeat_ms(1000);
  std::unique_ptr<grpc::ClientReader<pb::JournalEvent>> reader = stub_->Subscribe(&ctx, request);
  std::vector<JournalRecord> pending;
  absl::Status failed;
  auto flush = [&]() -> absl::Status {
    absl::Status s = core_->ApplyReplicated(std::move(pending));
    pending.clear();
    return s;
  };
  pb::JournalEvent e;
  bool reported = false;
  while (failed.ok() && reader->Read(&e)) {
    if (e.position() != 0) {
      absl::StatusOr<JournalRecord> rec = RecordOf(e);
      if (!rec.ok()) {
        failed = rec.status();
        break;
      }
      // Batches end between commands, so that each command's records land together.
      if (pending.size() >= kBatchRecords &&
          pending.back().event.meta.command_id != rec->event.meta.command_id)
        failed = flush();
      pending.push_back(*std::move(rec));
      if (failed.ok() && e.position() == e.head()) failed = flush();  // caught up: a whole command
    } else if (!pending.empty()) {
      failed = flush();
    }
    if (failed.ok() && (!reported || e.position() == 0 || e.position() == e.head())) {
      Report(e.head(), "");
      reported = true;
    }
  }
  if (failed.ok() && !pending.empty()) failed = flush();
  ctx.TryCancel();
  grpc::Status finished = reader->Finish();
  {
    absl::MutexLock lock(&mu_);
    ctx_ = nullptr;
  }
  if (!failed.ok()) return failed;
  return absl::UnavailableError(absl::StrCat("the primary's stream ended: ", finished.error_message()));
}

}  // namespace reskontra
