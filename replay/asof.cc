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

absl::Status WithAsOfSource(const ReskontraProjection& projection, const Journal& journal, const AsOf& as_of,
                            CompanyId company_from, CompanyId company_to, bool needs_fold,
                            const AsOfSourceFn& f) {
  if (!as_of.known_at && !needs_fold) {
    return projection.QueryWithArchive(
        company_from, company_to, as_of.effective_on,
        [&](const LedgerState& s, uint64_t at, const ArchivedInvoices& archived) {
          return f(s, as_of.effective_on, nullptr, at, &archived);
        });
  }
  uint64_t up_to = 0;
  RETURN_IF_ERROR(projection.Query([&](const LedgerState&, uint64_t at) {
    up_to = at;
    return absl::OkStatus();
  }));
  if (as_of.known_at && !as_of.effective_on && !needs_fold) {
    ASSIGN_OR_RETURN(auto snapshot, projection.LoadSnapshot(*as_of.known_at, up_to));
    if (snapshot) {
      ASSIGN_OR_RETURN(AsOfResult folded,
                       FoldAsOfFrom(journal, snapshot->first, std::move(snapshot->second), up_to, as_of));
      return f(folded.fold.state(), std::nullopt, &folded.fold, folded.position, nullptr);
    }
  }
  ASSIGN_OR_RETURN(AsOfResult folded, FoldAsOf(journal, up_to, as_of));
  return f(folded.fold.state(), as_of.effective_on, &folded.fold, folded.position, nullptr);
}

}  // namespace reskontra
