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
#include "projections/reskontra.h"

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

// Which source answers an as-of question, the cheapest that can:
//   - neither axis, or only the effective one, and no fold asked for: the live projection,
//     with the claims archived after `effective_on` that a list of that day still shows
//     (`archived`; `fold` is null);
//   - only the known-at axis: the nearest projection snapshot recorded at or before the
//     instant, and a fold of the records after it (`effective_on` is null);
//   - otherwise: a fold of the journal up to the projection's checkpoint.
// `needs_fold`: the caller reads the fold itself (a selection by payment method), so the live
// state will not do. Runs `f` once on the state chosen, with the last position it includes.
using AsOfSourceFn =
    std::function<absl::Status(const LedgerState& state, std::optional<Date> effective_on,
                               const AsOfFold* fold, uint64_t position, const ArchivedInvoices* archived)>;
absl::Status WithAsOfSource(const ReskontraProjection& projection, const Journal& journal, const AsOf& as_of,
                            CompanyId company_from, CompanyId company_to, bool needs_fold,
                            const AsOfSourceFn& f);

// Debiteringsstatistik over records 1..up_to (up to `known_at`).
absl::StatusOr<uint64_t> FoldStatistics(const Journal& journal, uint64_t up_to,
                                        std::optional<absl::Time> known_at, StatisticsBuilder& builder);

// Folds records 1..up_to (up to `known_at`) into `fold`; returns the last position folded.
absl::StatusOr<uint64_t> FoldPostings(const Journal& journal, uint64_t up_to,
                                      std::optional<absl::Time> known_at, PostingFold& fold);

}  // namespace reskontra

#endif  // RESKONTRA_REPLAY_ASOF_H_
