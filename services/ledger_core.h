// LedgerCore: the command pipeline without any transport. It owns the journal and the
// projection and keeps the decision state (every staged event applied), so commands are
// decided in order while their fsyncs are shared (group commit).
//
//   Execute(command): idempotency lookup -> [lock] Decide -> Stage -> Apply [unlock]
//                     -> WaitDurable (projection already updated) -> positions
//
// Read queries go to the projection, which holds only durable events.
#ifndef RESKONTRA_SERVICES_LEDGER_CORE_H_
#define RESKONTRA_SERVICES_LEDGER_CORE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
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
  };
  static absl::StatusOr<std::unique_ptr<LedgerCore>> Open(const Options& options);
  ~LedgerCore();

  // Decides and durably appends one command. `fingerprint` identifies its content for
  // idempotent retries (see services/convert.h).
  absl::StatusOr<AppendResult> Execute(const Command& command, const Hash& fingerprint);

  Journal& journal() { return *journal_; }
  const ReskontraProjection& projection() const { return *projection_; }
  Date Today() const;
  absl::TimeZone time_zone() const { return options_.time_zone; }

 private:
  LedgerCore() = default;

  Options options_;
  std::unique_ptr<Journal> journal_;
  std::unique_ptr<ReskontraProjection> projection_;
  absl::Mutex decide_mu_;
  LedgerState decide_state_ ABSL_GUARDED_BY(decide_mu_);
  absl::Time last_recorded_at_ ABSL_GUARDED_BY(decide_mu_) = absl::InfinitePast();
};

}  // namespace reskontra

#endif  // RESKONTRA_SERVICES_LEDGER_CORE_H_
