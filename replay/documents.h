// The documents of past commands, rebuilt from the journal: each from the state the ledger had
// just after its command, so a reprint is the same document whenever it is asked for.
#ifndef RESKONTRA_REPLAY_DOCUMENTS_H_
#define RESKONTRA_REPLAY_DOCUMENTS_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/documents.h"
#include "journal/journal.h"

namespace reskontra {

// The letters of the company's dunning run on `run_date` made for `routine` (0: for all
// routines), or of every run that day when `routine` is nullopt; in journal order, as the
// kontrollista. Folds the journal up to `up_to`. NOT_FOUND when no such run was made; an empty
// list when it sent no letter.
absl::StatusOr<std::vector<DocumentContent>> DunningRunLetters(const Journal& journal, uint64_t up_to,
                                                               CompanyId company, Date run_date,
                                                               std::optional<int32_t> routine);

}  // namespace reskontra

#endif  // RESKONTRA_REPLAY_DOCUMENTS_H_
