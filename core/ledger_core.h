// LedgerCore: the command pipeline without any transport. It owns the journal and the
// projection, whose state is the one the commands are decided on: under the projection's
// writer lock each command is decided, applied and staged in order, while the fsyncs are
// shared (group commit).
//
//   Execute(command): [projection writer lock] idempotency lookup -> Decide -> Apply ->
//                     Stage [rows staged behind the records; unlock] -> WaitDurable -> positions
//
// Read queries go to the projection, which answers once what they saw is durable.
#ifndef RESKONTRA_CORE_LEDGER_CORE_H_
#define RESKONTRA_CORE_LEDGER_CORE_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "base/clock.h"
#include "domain/commands.h"
#include "domain/state.h"
#include "journal/journal.h"
#include "projections/reskontra.h"

namespace reskontra {

class LedgerCore {
 public:
  struct Options {
    std::string data_dir;
    Clock* clock = nullptr;  // not owned; must outlive the core
    absl::TimeZone time_zone;
    bool read_only = false;
    bool sync = true;
    uint64_t snapshot_every = 0;  // positional projection snapshots every N records (0: none)
    rocksdb::Env* env = nullptr;  // not owned; tests pass a fault-injecting file system
    // A read replica of this primary (services/replica.h): commands are refused, records
    // arrive through ApplyReplicated only.
    std::string replica_of;
    // Journal::Verify() of the whole chain while the projection loads (each on its own core),
    // its answer in verified(): reskontrad's check at start, at the cost of the longer of the two.
    bool verify_on_open = false;
  };
  static absl::StatusOr<std::unique_ptr<LedgerCore>> Open(const Options& options);
  ~LedgerCore();

  // Decides and durably appends one command. `fingerprint` identifies its content for
  // idempotent retries (see services/convert.h).
  absl::StatusOr<AppendResult> Execute(const Command& command, const Hash& fingerprint);

  // Execute without blocking the calling thread: decides and stages now, and calls `done`
  // (on the journal's completion thread) once the command is durable, or with its error.
  // `staged`, when given, runs under the writer lock with the state the command left (or,
  // for a replayed retry, the state as it is): `done` then runs once that state is durable,
  // so what `staged` read from it may be sent with the acknowledgement.
  using StagedFn = std::function<void(const LedgerState&)>;
  void ExecuteAsync(const Command& command, const Hash& fingerprint,
                    std::function<void(absl::StatusOr<AppendResult>)> done, StagedFn staged = nullptr);

  // One command of a batch: converted (or the reason it could not be) and its fingerprint.
  struct BatchItem {
    absl::StatusOr<Command> command;
    Hash fingerprint{};
  };
  struct StagedBatch {
    std::vector<absl::StatusOr<AppendResult>> results;  // one per item, in order
    uint64_t wait_for = 0;  // the last position the accepted items need durable (0: none)
  };
  // Decides and stages the items in order under one hold of the decision lock; each is
  // all-or-nothing on its own and a refused item does not stop the rest. Not yet durable:
  // acknowledge only after WaitDurable(wait_for).
  StagedBatch StageBatch(absl::Span<const BatchItem> items);
  // Blocks until the batch is durable; on a journal failure every accepted item gets it.
  void WaitDurable(StagedBatch& batch);
  // StageBatch + WaitDurable: one fsync for the lot.
  std::vector<absl::StatusOr<AppendResult>> ExecuteBatch(absl::Span<const BatchItem> items);

  // A read replica's records from its primary, verified link by link and kept exactly;
  // durable when this returns. DATA_LOSS if they do not continue this journal's chain.
  absl::Status ApplyReplicated(std::vector<JournalRecord> records);
  struct ReplicaStatus {
    std::string primary;        // empty: not a replica
    uint64_t primary_head = 0;  // the primary's durable head, as last heard
    absl::Time last_contact = absl::InfinitePast();
    std::string error;  // why following stopped or retries, "" while it follows
  };
  ReplicaStatus replica_status() const {
    absl::MutexLock lock(&replica_mu_);
    return replica_;
  }
  void set_replica_status(ReplicaStatus s) {
    absl::MutexLock lock(&replica_mu_);
    replica_ = std::move(s);
  }

  Journal& journal() { return *journal_; }
  // The chain verified at open (Options::verify_on_open); nullopt when it was not asked for.
  const std::optional<absl::StatusOr<Journal::VerifyReport>>& verified() const { return verified_; }
  const ReskontraProjection& projection() const { return *projection_; }
  Date Today() const;
  absl::TimeZone time_zone() const { return options_.time_zone; }

 private:
  LedgerCore() = default;
  // The idempotency lookup, Decide, Apply and Stage of one command.
  // `rows_now`: as in ReskontraProjection::Writer::Stage.
  absl::StatusOr<AppendResult> StageLocked(ReskontraProjection::Writer& writer, const Command& command,
                                           const Hash& fingerprint, bool rows_now = true);

  Options options_;
  std::unique_ptr<Journal> journal_;
  std::unique_ptr<ReskontraProjection> projection_;
  std::optional<absl::StatusOr<Journal::VerifyReport>> verified_;
  // Under the projection's writer lock (StageLocked).
  absl::Time last_recorded_at_ = absl::InfinitePast();
  mutable absl::Mutex replica_mu_;
  ReplicaStatus replica_ ABSL_GUARDED_BY(replica_mu_);
};

}  // namespace reskontra

#endif  // RESKONTRA_CORE_LEDGER_CORE_H_
