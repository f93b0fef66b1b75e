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
#include <string>
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
  static absl::StatusOr<std::unique_ptr<ReskontraProjection>> Open(Journal* journal);
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
  absl::Status health() const;
  // Every row the column family holds (not the checkpoint), in key order, read under the
  // same lock as `state` and `checkpoint` so the three agree.
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> StoredRows(
      LedgerState* state = nullptr, uint64_t* checkpoint = nullptr) const;

 private:
  explicit ReskontraProjection(Journal* journal) : journal_(journal) {}
  absl::Status Load();
  absl::Status ApplyAndPersist(const std::vector<JournalRecord>& records);
  absl::Status LoadArchive(CompanyId from, CompanyId to, Date after, ArchivedInvoices& out) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);

  Journal* journal_;
  mutable absl::Mutex mu_;
  LedgerState state_ ABSL_GUARDED_BY(mu_);
  uint64_t checkpoint_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Status failed_ ABSL_GUARDED_BY(mu_);
};

}  // namespace reskontra

#endif  // RESKONTRA_PROJECTIONS_RESKONTRA_H_
