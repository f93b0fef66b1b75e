// As-of reconstruction on both time axes (DESIGN.md "Time: three dates and two axes"): folds
// the journal into an AsOfFold (domain/saldolista.h), from which the saldolista and
// kundfordringar are built exactly as the live ones are.
#ifndef RESKONTRA_REPLAY_ASOF_H_
#define RESKONTRA_REPLAY_ASOF_H_

#include <cstdint>
#include <functional>
#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/postings.h"
#include "domain/saldolista.h"
#include "domain/statistics.h"
#include "journal/journal.h"

namespace reskontra {

struct AsOf {
  std::optional<Date> effective_on;    // balances on this business day, with all that is known
  std::optional<absl::Time> known_at;  // only what was recorded at or before this instant
};

struct AsOfResult {
  AsOfFold fold;
  uint64_t position = 0;  // the last record folded
};

// Folds records 1..up_to, stopping before the first record recorded after `known_at`.
absl::StatusOr<AsOfResult> FoldAsOf(const Journal& journal, uint64_t up_to, const AsOf& as_of);

// Visits records 1..up_to in order, stopping before the first recorded after `known_at`; an
// error from `fn` stops the scan and is returned with the record's position. Returns the last
// position visited.
absl::StatusOr<uint64_t> ScanKnownAt(const Journal& journal, uint64_t up_to,
                                     std::optional<absl::Time> known_at,
                                     const std::function<absl::Status(const JournalRecord&)>& fn,
                                     uint64_t from = 1);

// FoldAsOf resumed from `start`, the state after record `start_position` (a projection
// snapshot recorded at or before `as_of.known_at`): only the records after it are read.
absl::StatusOr<AsOfResult> FoldAsOfFrom(const Journal& journal, uint64_t start_position, LedgerState start,
                                        uint64_t up_to, const AsOf& as_of);

// Debiteringsstatistik over records 1..up_to (up to `known_at`).
absl::StatusOr<uint64_t> FoldStatistics(const Journal& journal, uint64_t up_to,
                                        std::optional<absl::Time> known_at, StatisticsBuilder& builder);

// Folds records 1..up_to (up to `known_at`) into `fold`; returns the last position folded.
absl::StatusOr<uint64_t> FoldPostings(const Journal& journal, uint64_t up_to,
                                      std::optional<absl::Time> known_at, PostingFold& fold);

}  // namespace reskontra

#endif  // RESKONTRA_REPLAY_ASOF_H_
