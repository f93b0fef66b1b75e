// The reskontra projection: balances per invoice (invoiced capital, fees, interest, paid,
// credited, written off, balance, slutbetald date, status) and per customer, folded with
// domain::Apply and persisted as rows with a checkpoint (the last position they include).
//
// It is the ledger's one in-memory state. The command pipeline (core/ledger_core.h)
// decides on it and applies each command's events as it stages them (Write); the rows
// those events change follow the records into the journal's group commit
// (Journal::StageProjectionWrites), so the rows on disk never run ahead of the durable
// journal, and after a crash the projection resumes after the last checkpoint it persisted.
// Readers see staged events only once they are durable: Read, Query and the rest run
// under the reader lock and then wait until everything they saw is durable (UNAVAILABLE if
// the journal failed first). A read replica's projection instead folds records as the
// journal makes them durable (Mode::kFollowDurable).
//
//   ASSIGN_OR_RETURN(auto projection, ReskontraProjection::Open(journal.get()));
//   projection->Query([](const LedgerState& s, uint64_t at) { ...; return absl::OkStatus(); });
#ifndef RESKONTRA_PROJECTIONS_RESKONTRA_H_
#define RESKONTRA_PROJECTIONS_RESKONTRA_H_

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "domain/state.h"
#include "journal/journal.h"

namespace reskontra {

class ReskontraProjection {
 public:
  // Loads rows and checkpoint, catches up with the journal's durable head, and becomes the
  // journal's durable listener. The journal must outlive the projection.
  // `snapshot_every` > 0: a background thread copies the rows at every that many records
  // into a positional snapshot (DESIGN.md: load the nearest snapshot, replay the rest).
  // kStaged: the command pipeline applies events through Write as it stages them.
  // kFollowDurable: the projection folds records as the journal makes them durable (a read
  // replica, whose records arrive through Journal::StageReplicated).
  enum class Mode { kStaged, kFollowDurable };
  static absl::StatusOr<std::unique_ptr<ReskontraProjection>> Open(Journal* journal,
                                                                   uint64_t snapshot_every = 0,
                                                                   Mode mode = Mode::kStaged);
  ~ReskontraProjection();

  // The command pipeline's hold of the state, under the exclusive lock (see Write).
  class Writer {
   public:
    const LedgerState& state() const ABSL_NO_THREAD_SAFETY_ANALYSIS { return p_->state_; }
    // The last position applied: staged, not necessarily durable.
    uint64_t applied() const ABSL_NO_THREAD_SAFETY_ANALYSIS { return p_->checkpoint_; }
    // Applies the command's events to the state and stages its records in the journal.
    // REQUIRES: the command id is new (looked up under this lock). An event that does not
    // apply to the state it was decided on is a bug and stops the process; a journal that
    // fails here leaves the projection failed.
    // `rows_now`: the rows changed so far go into the same journal write as the records
    // (false inside a batch, whose rows Write hands over once at its end).
    absl::StatusOr<AppendResult> Stage(AppendRequest request, bool rows_now = true);

   private:
    friend class ReskontraProjection;
    explicit Writer(ReskontraProjection* p) : p_(p) {}
    ReskontraProjection* p_;
  };
  // Runs `f(writer)` under the exclusive lock; the rows of what it staged are handed to the
  // journal when it returns (one set of rows for a whole batch of commands).
  template <class F>
  auto Write(F&& f) {
    absl::MutexLock lock(&mu_);
    Writer w(this);
    auto result = f(w);
    FlushRowsLocked();
    return result;
  }

  // Runs `f(state, checkpoint)` under a reader lock and returns its result once what it saw
  // is durable. Where the journal failed first, what it saw may be lost: use Query.
  template <class F>
  auto Read(F&& f) const {
    uint64_t seen = 0;
    auto result = [&] {
      absl::ReaderMutexLock lock(&mu_);
      seen = checkpoint_;
      return f(state_, checkpoint_);
    }();
    (void)journal_->WaitDurable(seen);
    return result;
  }
  // Like Read, for queries: a projection that failed to apply or persist a record answers
  // with that failure instead of serving balances that are behind the journal, and an
  // answer that saw staged events the journal then failed to write is UNAVAILABLE.
  template <class F>
  absl::Status Query(F&& f) const {
    uint64_t seen = 0;
    absl::Status s = [&]() -> absl::Status {
      absl::ReaderMutexLock lock(&mu_);
      if (!failed_.ok()) return failed_;
      seen = checkpoint_;
      return f(state_, checkpoint_);
    }();
    if (!s.ok()) return s;
    return journal_->WaitDurable(seen);
  }
  // Like Query, with the archived claims of companies from..to whose archiving's paid_before
  // is after business day `on`: what an as-of list of that day must still show (DESIGN.md:
  // rensning hides, it does not delete). None when `on` is nullopt (the live lists); read from
  // disk only when one is needed.
  template <class F>
  absl::Status QueryWithArchive(CompanyId from, CompanyId to, std::optional<Date> on, F&& f) const {
    uint64_t seen = 0;
    absl::Status s = [&]() -> absl::Status {
      absl::ReaderMutexLock lock(&mu_);
      if (!failed_.ok()) return failed_;
      seen = checkpoint_;
      ArchivedInvoices archived;
      bool needed = false;
      for (auto it = state_.companies.lower_bound(from); it != state_.companies.end() && it->first <= to;
           ++it)
        needed |= on && it->second.archived_before && *on < *it->second.archived_before;
      if (needed) {
        // The archive's rows are written behind the records: wait for those that are staged.
        absl::Status w = WaitRowsWrittenLocked();
        if (!w.ok()) return w;
        w = LoadArchive(from, to, *on, archived);
        if (!w.ok()) return w;
      }
      return f(state_, checkpoint_, archived);
    }();
    if (!s.ok()) return s;
    return journal_->WaitDurable(seen);
  }
  LedgerState Snapshot(uint64_t* checkpoint) const;

  // Positional snapshots: the projection's rows (the archive included) as they stood after
  // record `position`, kept in the projections column family under "S"/"s" keys.
  struct SnapshotInfo {
    uint64_t position = 0;
    absl::Time recorded_at;  // of the record at `position`
  };
  std::vector<SnapshotInfo> Snapshots() const;
  // Copies the current rows into a snapshot now (tests, admin); the background thread does
  // the same. Readers and the writer are held only while the copy's iterator is created.
  absl::Status TakeSnapshot() const;
  // The latest snapshot at or before `up_to` whose record was recorded at or before
  // `known_at`, loaded into a state; nullopt when there is none.
  absl::StatusOr<std::optional<std::pair<uint64_t, LedgerState>>> LoadSnapshot(absl::Time known_at,
                                                                               uint64_t up_to) const;
  absl::Status health() const;
  // Every row the column family holds (not the checkpoint), in key order, read under the
  // same lock as `state` and `checkpoint` so the three agree.
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> StoredRows(
      LedgerState* state = nullptr, uint64_t* checkpoint = nullptr) const;

 private:
  explicit ReskontraProjection(Journal* journal) : journal_(journal) {}
  void SnapshotLoop();
  absl::Status Load();
  absl::Status ApplyAndPersist(const std::vector<JournalRecord>& records);
  // Applies one record's event, noting the streams and archive rows it changes.
  absl::Status ApplyLocked(const Event& event) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The writes for the rows changed since the last call, and the checkpoint; clears them.
  std::vector<ProjectionWrite> TakeRowWritesLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Hands the changed rows to the journal, behind the records staged so far.
  void FlushRowsLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void NoteSnapshotDue() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Under the lock (no new stagings): waits until the rows of the state are on disk.
  absl::Status WaitRowsWrittenLocked() const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  absl::Status LoadArchive(CompanyId from, CompanyId to, Date after, ArchivedInvoices& out) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);

  Journal* journal_;
  Mode mode_ = Mode::kStaged;
  mutable absl::Mutex mu_;
  LedgerState state_ ABSL_GUARDED_BY(mu_);
  uint64_t checkpoint_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Status failed_ ABSL_GUARDED_BY(mu_);
  // Changed since the rows were last written.
  std::set<StreamId> dirty_ ABSL_GUARDED_BY(mu_);
  std::vector<std::pair<std::string, std::string>> archive_ ABSL_GUARDED_BY(mu_);
  uint64_t persisted_ ABSL_GUARDED_BY(mu_) = 0;  // the checkpoint of the rows last handed out

  uint64_t snapshot_every_ = 0;
  mutable absl::Mutex snap_mu_;
  mutable uint64_t last_snapshot_ ABSL_GUARDED_BY(snap_mu_) = 0;
  bool snapshot_wanted_ ABSL_GUARDED_BY(snap_mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(snap_mu_) = false;
  absl::Status snapshot_failed_ ABSL_GUARDED_BY(snap_mu_);
  std::thread snapshot_thread_;
};

}  // namespace reskontra

#endif  // RESKONTRA_PROJECTIONS_RESKONTRA_H_
