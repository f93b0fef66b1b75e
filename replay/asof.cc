#include "replay/asof.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace reskontra {

absl::StatusOr<uint64_t> ScanKnownAt(const Journal& journal, uint64_t up_to,
                                     std::optional<absl::Time> known_at,
                                     const std::function<absl::Status(const JournalRecord&)>& fn,
                                     uint64_t from) {
  uint64_t last = from - 1;
  if (up_to < from) return last;
  absl::Status failed;
  RETURN_IF_ERROR(journal.ScanAhead(from, up_to, [&](const JournalRecord& r) {
    // recorded_at never decreases along the journal: the first later record ends the scan.
    if (known_at && *known_at < r.event.meta.recorded_at) return false;
    failed = fn(r);
    if (!failed.ok()) {
      failed = absl::DataLossError(absl::StrCat("position ", r.position, ": ", failed.message()));
      return false;
    }
    last = r.position;
    return true;
  }));
  RETURN_IF_ERROR(failed);
  return last;
}

absl::StatusOr<AsOfResult> FoldAsOf(const Journal& journal, uint64_t up_to, const AsOf& as_of) {
  AsOfResult out{AsOfFold(as_of.effective_on), 0};
  ASSIGN_OR_RETURN(out.position, ScanKnownAt(journal, up_to, as_of.known_at,
                                             [&](const JournalRecord& r) { return out.fold.Add(r.event); }));
  return out;
}

absl::StatusOr<AsOfResult> FoldAsOfFrom(const Journal& journal, uint64_t start_position, LedgerState start,
                                        uint64_t up_to, const AsOf& as_of) {
  AsOfResult out{AsOfFold(as_of.effective_on, std::move(start)), start_position};
  ASSIGN_OR_RETURN(out.position,
                   ScanKnownAt(
                       journal, up_to, as_of.known_at,
                       [&](const JournalRecord& r) { return out.fold.Add(r.event); }, start_position + 1));
  return out;
}

absl::StatusOr<uint64_t> FoldPostings(const Journal& journal, uint64_t up_to,
                                      std::optional<absl::Time> known_at, PostingFold& fold) {
  return ScanKnownAt(journal, up_to, known_at,
                     [&](const JournalRecord& r) { return fold.Add(r.position, r.event); });
}

absl::StatusOr<uint64_t> FoldStatistics(const Journal& journal, uint64_t up_to,
                                        std::optional<absl::Time> known_at, StatisticsBuilder& builder) {
  return ScanKnownAt(journal, up_to, known_at, [&](const JournalRecord& r) {
    builder.Add(r.event);
    return absl::OkStatus();
  });
}

}  // namespace reskontra
