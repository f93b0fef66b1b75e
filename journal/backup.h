// Online backup and verified restore of a ledger's database (journal and projections).
//
// A backup is a RocksDB checkpoint: a consistent copy of every column family, taken while the
// server goes on writing (hard links where the file system allows, copies otherwise). A
// restore copies a backup into a new data folder and recomputes its hash chain before it
// hands the folder over; a backup whose chain does not verify is refused with the position.
#ifndef RESKONTRA_JOURNAL_BACKUP_H_
#define RESKONTRA_JOURNAL_BACKUP_H_

#include <string>

#include "absl/status/statusor.h"
#include "journal/journal.h"

namespace reskontra {

struct BackupReport {
  std::string path;
  uint64_t position = 0;  // the last record the copy holds
  Hash head_hash{};       // its hash: write both down, compare after a restore
};

// Writes a checkpoint of `journal`'s database to `dir` (which must not exist) and verifies it.
absl::StatusOr<BackupReport> BackupJournal(const Journal& journal, const std::string& dir);

// Copies the backup in `from` to the data folder `to` (which must not exist, or be empty), after
// verifying the backup's chain and again the copy's. FAILED_PRECONDITION if `to` holds
// anything; DATA_LOSS (naming the position) if the backup's chain does not verify.
absl::StatusOr<BackupReport> RestoreBackup(const std::string& from, const std::string& to);

// Opens the database in `dir` read-only and recomputes its chain.
absl::StatusOr<BackupReport> VerifyCopy(const std::string& dir);

}  // namespace reskontra

#endif  // RESKONTRA_JOURNAL_BACKUP_H_
