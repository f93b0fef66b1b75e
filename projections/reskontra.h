// The reskontra projection: balances per invoice (invoiced capital, fees, interest, paid,
// credited, written off, balance, slutbetald date, status) and per customer, folded from
// durable journal records with domain::Apply and persisted as rows. The rows of a group and
// the checkpoint (last applied position) go in one WriteBatch, so after a crash the
// projection resumes exactly after the last record it persisted.
//
//   ASSIGN_OR_RETURN(auto projection, ReskontraProjection::Open(journal.get()));
//   projection->Read([](const LedgerState& s, uint64_t at) { ... });
#ifndef RESKONTRA_PROJECTIONS_RESKONTRA_H_
#define RESKONTRA_PROJECTIONS_RESKONTRA_H_

#include <memory>
#include <optional>
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
  static absl::StatusOr<std::unique_ptr<ReskontraProjection>> Open(Journal* journal,
                                                                   uint64_t snapshot_every = 0);
  ~ReskontraProjection();

  // Runs `f(state, checkpoint)` under a reader lock and returns its result.
  template <class F>
  auto Read(F&& f) const {
    absl::ReaderMutexLock lock(&mu_);
    return f(state_, checkpoint_);
  }
  // Like Read, for queries: a projection that failed to apply or persist a record answers
  // with that failure instead of serving balances that are behind the journal.
  template <class F>
  absl::Status Query(F&& f) const {
    absl::ReaderMutexLock lock(&mu_);
    if (!failed_.ok()) return failed_;
    return f(state_, checkpoint_);
  }
  // Like Query, with the archived claims of companies from..to whose archiving's paid_before
  // is after business day `on`: what an as-of list of that day must still show (DESIGN.md:
  // rensning hides, it does not delete). None when `on` is nullopt (the live lists); read from
  // disk only when one is needed.
  template <class F>
  absl::Status QueryWithArchive(CompanyId from, CompanyId to, std::optional<Date> on, F&& f) const {
    absl::ReaderMutexLock lock(&mu_);
    if (!failed_.ok()) return failed_;
    ArchivedInvoices archived;
    bool needed = false;
    for (auto it = state_.companies.lower_bound(from); it != state_.companies.end() && it->first <= to; ++it)
      needed |= on && it->second.archived_before && *on < *it->second.archived_before;
    if (needed) {
      absl::Status s = LoadArchive(from, to, *on, archived);
      if (!s.ok()) return s;
    }
    return f(state_, checkpoint_, archived);
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
  absl::Status LoadArchive(CompanyId from, CompanyId to, Date after, ArchivedInvoices& out) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);

  Journal* journal_;
  mutable absl::Mutex mu_;
  LedgerState state_ ABSL_GUARDED_BY(mu_);
  uint64_t checkpoint_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Status failed_ ABSL_GUARDED_BY(mu_);

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
