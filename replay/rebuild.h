// Rebuilding projections from the journal: the proof that projections are pure folds.
#ifndef RESKONTRA_REPLAY_REBUILD_H_
#define RESKONTRA_REPLAY_REBUILD_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/state.h"
#include "journal/journal.h"
#include "projections/reskontra.h"

namespace reskontra {

// Folds records 1..up_to into a fresh state; `archive` (optional) receives the archive rows
// (projections/rows.h) the archivings on the way wrote.
absl::StatusOr<LedgerState> RebuildState(const Journal& journal, uint64_t up_to,
                                         std::vector<std::pair<std::string, std::string>>* archive = nullptr);

// Folds records from..up_to into `state` (the state after record from - 1).
absl::StatusOr<LedgerState> FoldState(const Journal& journal, LedgerState state, uint64_t from,
                                      uint64_t up_to,
                                      std::vector<std::pair<std::string, std::string>>* archive = nullptr);

// Rebuilds from the journal up to the projection's checkpoint and compares with the rows the
// projection stored, byte for byte. FAILED_PRECONDITION names the first differing row.
absl::Status CheckProjectionAgainstRebuild(const Journal& journal, const ReskontraProjection& projection);

}  // namespace reskontra

#endif  // RESKONTRA_REPLAY_REBUILD_H_
