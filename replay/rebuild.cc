#include "replay/rebuild.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "projections/rows.h"

namespace reskontra {

absl::StatusOr<LedgerState> RebuildState(const Journal& journal, uint64_t up_to,
                                         std::vector<std::pair<std::string, std::string>>* archive) {
  return FoldState(journal, LedgerState(), 1, up_to, archive);
}

absl::StatusOr<LedgerState> FoldState(const Journal& journal, LedgerState state, uint64_t from,
                                      uint64_t up_to,
                                      std::vector<std::pair<std::string, std::string>>* archive) {
  if (from > up_to) return state;
  absl::Status failed;
  RETURN_IF_ERROR(journal.ScanAhead(from, up_to, [&](const JournalRecord& r) {
    if (archive)
      for (auto& row : rows::ArchiveRowsOf(state, r.event)) archive->push_back(std::move(row));
    failed = Apply(state, r.event);
    if (!failed.ok())
      failed = absl::DataLossError(absl::StrCat("position ", r.position, ": ", failed.message()));
    return failed.ok();
  }));
  RETURN_IF_ERROR(failed);
  return state;
}

absl::Status CheckProjectionAgainstRebuild(const Journal& journal, const ReskontraProjection& projection) {
  uint64_t checkpoint = 0;
  LedgerState live;
  ASSIGN_OR_RETURN(auto stored, projection.StoredRows(&live, &checkpoint));
  std::vector<std::pair<std::string, std::string>> archive;
  ASSIGN_OR_RETURN(LedgerState rebuilt, RebuildState(journal, checkpoint, &archive));
  auto expected = rows::AllRows(rebuilt);
  expected.insert(expected.end(), archive.begin(), archive.end());
  std::sort(expected.begin(), expected.end());
  if (!(live == rebuilt)) return absl::FailedPreconditionError("in-memory projection differs from a rebuild");
  for (size_t i = 0; i < std::max(expected.size(), stored.size()); ++i) {
    if (i >= expected.size() || i >= stored.size() || expected[i] != stored[i]) {
      std::string key = i < stored.size() ? stored[i].first : expected[i].first;
      return absl::FailedPreconditionError(absl::StrCat("projection row ", absl::CHexEscape(key),
                                                        " differs from a rebuild at position ", checkpoint));
    }
  }
  return absl::OkStatus();
}

}  // namespace reskontra
