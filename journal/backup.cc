#include "journal/backup.h"

#include <rocksdb/utilities/checkpoint.h>

#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace reskontra {

namespace fs = std::filesystem;

absl::StatusOr<BackupReport> VerifyCopy(const std::string& dir) {
  if (!fs::is_directory(dir)) return absl::NotFoundError(absl::StrCat("no backup in ", dir));
  ASSIGN_OR_RETURN(std::unique_ptr<Journal> journal, Journal::Open({.path = dir, .read_only = true}));
  ASSIGN_OR_RETURN(Journal::VerifyReport verified, journal->Verify());
  return BackupReport{dir, verified.records, verified.head_hash};
}

absl::StatusOr<BackupReport> BackupJournal(const Journal& journal, const std::string& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec)) return absl::AlreadyExistsError(absl::StrCat("backup folder ", dir, " exists"));
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status s = rocksdb::Checkpoint::Create(journal.db(), &raw);
  if (!s.ok()) return absl::InternalError(absl::StrCat("checkpoint: ", s.ToString()));
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  // log_size_for_flush 0: flush the memtables first, so the copy needs no write-ahead log.
  s = checkpoint->CreateCheckpoint(dir, /*log_size_for_flush=*/0);
  if (!s.ok()) {
    fs::remove_all(dir, ec);
    return absl::UnavailableError(absl::StrCat("backup to ", dir, " failed: ", s.ToString()));
  }
  return VerifyCopy(dir);
}

absl::StatusOr<BackupReport> RestoreBackup(const std::string& from, const std::string& to) {
  std::error_code ec;
  if (fs::exists(to, ec) && !fs::is_empty(to, ec)) {
    return absl::FailedPreconditionError(
        absl::StrCat("restore target ", to, " is not empty: restore into a new folder"));
  }
  ASSIGN_OR_RETURN(BackupReport source, VerifyCopy(from));
  const std::string staging = to + ".restoring";
  fs::remove_all(staging, ec);
  fs::copy(from, staging, fs::copy_options::recursive, ec);
  if (ec) {
    fs::remove_all(staging, ec);
    return absl::UnavailableError(absl::StrCat("copying ", from, " to ", staging, ": ", ec.message()));
  }
  absl::StatusOr<BackupReport> copy = VerifyCopy(staging);
  if (!copy.ok()) {
    fs::remove_all(staging, ec);
    return copy.status();
  }
  if (copy->position != source.position || copy->head_hash != source.head_hash) {
    fs::remove_all(staging, ec);
    return absl::DataLossError("the restored copy differs from the backup");
  }
  fs::remove(to, ec);  // an empty folder, if any
  fs::rename(staging, to, ec);
  if (ec) return absl::UnavailableError(absl::StrCat("renaming ", staging, " to ", to, ": ", ec.message()));
  copy->path = to;
  return copy;
}

}  // namespace reskontra
