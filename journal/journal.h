// The journal: an append-only, hash-chained log of records on RocksDB.
//
// Appends are group-committed: Stage() assigns positions and hashes under a lock and queues
// the records; one writer thread writes every queued command in one WriteBatch and syncs it
// once; WaitDurable() returns only after that sync. One command's records are all-or-nothing.
// If a write fails the journal fails stop: every later Stage/WaitDurable is UNAVAILABLE, and
// the process must be restarted (what was acknowledged is on disk; nothing else is).
//
//   ASSIGN_OR_RETURN(auto journal, Journal::Open({.path = "data/ledger"}));
//   ASSIGN_OR_RETURN(AppendResult r, journal->Append({command_id, fingerprint, events}));
//
// Key layout and record format: journal/README.md.
#ifndef RESKONTRA_JOURNAL_JOURNAL_H_
#define RESKONTRA_JOURNAL_JOURNAL_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "domain/events.h"
#include "journal/record.h"

namespace rocksdb {
class DB;
class Env;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace reskontra {

// A write to the projections' column family that the journal's writer puts into its group
// commit after the records staged before it (projections/reskontra.h keeps its rows and
// checkpoint this way). No value: delete the key.
struct ProjectionWrite {
  std::string key;
  std::optional<std::string> value;
};

struct AppendRequest {
  std::string command_id;
  Hash fingerprint{};  // SHA-256 of the command's content, for idempotent retries
  std::vector<Event> events;
  // The caller found no such command id (FindCommand) while holding the lock that serialises
  // its Stage calls: Stage skips the lookup.
  bool id_is_new = false;
  // Written in the same WriteBatch as the records, after them (see StageProjectionWrites).
  std::vector<ProjectionWrite> projection_writes;
};

struct AppendResult {
  uint64_t first_position = 0;
  uint64_t last_position = 0;
  bool replayed = false;  // an earlier command with the same id and content
};

struct CommandEntry {
  Hash fingerprint{};
  uint64_t first_position = 0;
  uint64_t last_position = 0;
};

class Journal {
 public:
  struct Options {
    std::string path;
    bool read_only = false;       // forensics: no writer, no changes to the files
    bool sync = true;             // fsync before acknowledging; false only in benchmarks
    rocksdb::Env* env = nullptr;  // not owned; tests pass a fault-injecting file system
  };
  using DurableListener = std::function<void(const std::vector<JournalRecord>&)>;

  static absl::StatusOr<std::unique_ptr<Journal>> Open(Options options);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // A command id among durable and staged commands.
  absl::StatusOr<std::optional<CommandEntry>> FindCommand(absl::string_view command_id) const;

  // Assigns positions and hashes and queues the records for the next group commit.
  // Same command id + same fingerprint: the original positions (replayed = true);
  // same id + other fingerprint: ALREADY_EXISTS.
  // REQUIRES: the caller serialises Stage with the decisions its events depend on.
  absl::StatusOr<AppendResult> Stage(AppendRequest request);
  // Blocks until `position` is durable; UNAVAILABLE if the journal failed first.
  absl::Status WaitDurable(uint64_t position);
  // A read replica's append: records of another journal, kept exactly (positions, hashes,
  // bytes). Each must follow the head and hash to its hash: else DATA_LOSS and nothing is
  // queued. Consecutive records of one command become one command entry (without the
  // fingerprint, which the records do not carry). Returns the last position; WaitDurable it.
  absl::StatusOr<uint64_t> StageReplicated(std::vector<JournalRecord> records);
  // Queues writes to the projections' column family behind everything staged so far: they go
  // in the same group commit as the last staged command when it is still queued, else in the
  // next. A crash can lose them with the records they follow, never keep them without those.
  absl::Status StageProjectionWrites(std::vector<ProjectionWrite> writes);
  // Blocks until everything staged so far (records and projection writes) is written, or
  // the journal has failed (its error).
  absl::Status WaitWritten();
  // Stage + WaitDurable.
  absl::StatusOr<AppendResult> Append(AppendRequest request);
  // Runs `done` once `position` is durable (OK) or the journal has failed (its error), on the
  // journal's completion thread, never under a lock of the journal's: a caller that must not
  // block a thread while the fsync runs (the gRPC callback handlers). Every `done` runs once,
  // at the latest when the journal is destroyed.
  void WhenDurable(uint64_t position, std::function<void(absl::Status)> done);

  // Runs on the writer thread after each group is durable and before its waiters wake, so
  // an acknowledged command is already in the projections. Set before the first Stage.
  void SetDurableListener(DurableListener listener);

  uint64_t DurableHead() const;
  // Blocks until DurableHead() > after or the timeout passes; returns DurableHead().
  uint64_t WaitForHead(uint64_t after, absl::Duration timeout) const;
  absl::Status health() const;

  absl::StatusOr<JournalRecord> Read(uint64_t position) const;
  // Visits durable records from..to (inclusive) in order with their stored bytes.
  // `fn` returns false to stop early, and may move the record. Undecodable records are DATA_LOSS.
  // The records are decoded as proven at start (DecodeCheck::kHashChecked: the server verifies
  // the chain, strictly, before it serves, and writes only what this version encodes); kStrict
  // for bytes not yet proven (the projection's catch-up runs beside the start-up Verify).
  absl::Status Scan(uint64_t from, uint64_t to,
                    const std::function<bool(JournalRecord&, absl::string_view)>& fn,
                    DecodeCheck check = DecodeCheck::kHashChecked) const;
  // Scan, with the reading and decoding on a second thread, a few thousand records ahead of
  // `fn`: for long folds (rebuild, as-of replay), which then cost about the larger of the two
  // instead of their sum. `fn` returns false to stop early.
  absl::Status ScanAhead(uint64_t from, uint64_t to,
                         const std::function<bool(const JournalRecord&)>& fn) const;
  // The last staged record's position and hash: what the next record chains to.
  std::pair<uint64_t, Hash> StagedHead() const;
  // Positions of a stream (invoice, customer), ascending.
  absl::StatusOr<std::vector<uint64_t>> StreamPositions(const StreamId& stream) const;

  struct VerifyReport {
    uint64_t records = 0;
    Hash head_hash{};
  };
  // Recomputes the whole chain. DATA_LOSS names the first bad position.
  absl::StatusOr<VerifyReport> Verify() const;

  // For the projections, which keep their rows in the same database.
  rocksdb::DB* db() const { return db_; }
  rocksdb::ColumnFamilyHandle* projection_cf() const { return cf_projections_; }
  bool read_only() const { return options_.read_only; }

 private:
  struct Staged {
    std::string command_id;
    CommandEntry entry;
    std::vector<JournalRecord> records;
    std::vector<std::string> bytes;
    std::vector<ProjectionWrite> projection_writes;  // after the records
  };

  explicit Journal(Options options) : options_(std::move(options)) {}
  // Scan without decoding: each position with its stored bytes (gaps are DATA_LOSS).
  absl::Status ScanStored(uint64_t from, uint64_t to,
                          const std::function<bool(uint64_t, absl::string_view)>& fn) const;
  absl::Status LoadHead();
  void WriterLoop();

  Options options_;
  rocksdb::DB* db_ = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::ColumnFamilyHandle* cf_journal_ = nullptr;
  rocksdb::ColumnFamilyHandle* cf_commands_ = nullptr;
  rocksdb::ColumnFamilyHandle* cf_streams_ = nullptr;
  rocksdb::ColumnFamilyHandle* cf_projections_ = nullptr;

  mutable absl::Mutex mu_;
  uint64_t staged_head_ ABSL_GUARDED_BY(mu_) = 0;
  Hash staged_hash_ ABSL_GUARDED_BY(mu_){};
  uint64_t durable_head_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<Staged> queue_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;  // the writer holds a group it took from queue_
  absl::flat_hash_map<std::string, CommandEntry> pending_ ABSL_GUARDED_BY(mu_);
  absl::Status failed_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  DurableListener listener_ ABSL_GUARDED_BY(mu_);
  std::thread writer_;
  // WhenDurable: waiting by position; ready to run on the completion thread.
  std::multimap<uint64_t, std::function<void(absl::Status)>> when_durable_ ABSL_GUARDED_BY(mu_);
  std::deque<std::pair<absl::Status, std::function<void(absl::Status)>>> completions_ ABSL_GUARDED_BY(mu_);
  bool completer_stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread completer_;
  void CompleterLoop();
  // Moves what is now durable (or everything, after a failure) to the completion queue.
  void ReleaseDurableLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
};

// Big-endian position key of the journal column family.
std::string PositionKey(uint64_t position);

}  // namespace reskontra

#endif  // RESKONTRA_JOURNAL_JOURNAL_H_
