#include "journal/journal.h"

#include <cstring>
#include <deque>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "rocksdb/cache.h"
#include "rocksdb/db.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/options.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"

namespace reskontra {

namespace {

constexpr char kJournalCf[] = "journal";
constexpr char kCommandsCf[] = "commands";
constexpr char kStreamsCf[] = "streams";
constexpr char kProjectionsCf[] = "projections";

void PutBigEndian64(std::string* out, uint64_t v) {
  for (int i = 7; i >= 0; --i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
uint64_t GetBigEndian64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

std::string StreamPrefix(const StreamId& s) {
  std::string key;
  key.push_back(static_cast<char>(s.kind));
  PutBigEndian64(&key, static_cast<uint64_t>(s.company));
  key.append(s.key);
  key.push_back('\0');
  return key;
}

std::string EncodeCommandEntry(const CommandEntry& e) {
  std::string v(reinterpret_cast<const char*>(e.fingerprint.data()), 32);
  PutBigEndian64(&v, e.first_position);
  PutBigEndian64(&v, e.last_position);
  return v;
}

absl::StatusOr<CommandEntry> DecodeCommandEntry(absl::string_view v) {
  if (v.size() != 48) return absl::DataLossError("command index entry is not 48 bytes");
  CommandEntry e;
  std::memcpy(e.fingerprint.data(), v.data(), 32);
  e.first_position = GetBigEndian64(v.data() + 32);
  e.last_position = GetBigEndian64(v.data() + 40);
  return e;
}

absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  std::string msg = absl::StrCat(what, ": ", s.ToString());
  if (s.IsCorruption()) return absl::DataLossError(msg);
  if (s.IsNotFound()) return absl::NotFoundError(msg);
  if (s.IsIOError() || s.IsNoSpace() || s.IsBusy() || s.IsTryAgain()) return absl::UnavailableError(msg);
  if (s.IsInvalidArgument()) return absl::FailedPreconditionError(msg);
  return absl::InternalError(msg);
}

}  // namespace

std::string PositionKey(uint64_t position) {
  std::string key;
  PutBigEndian64(&key, position);
  return key;
}

absl::StatusOr<std::unique_ptr<Journal>> Journal::Open(Options options) {
  std::unique_ptr<Journal> j(new Journal(std::move(options)));
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = !j->options_.read_only;
  db_options.create_missing_column_families = !j->options_.read_only;
  db_options.paranoid_checks = true;
  if (j->options_.env != nullptr) db_options.env = j->options_.env;
  // The journal writer and the projection's unsynced row writes overlap their WAL and
  // memtable steps.
  db_options.enable_pipelined_write = true;
  db_options.max_background_jobs = 2;
  // Memory: all memtables together stay under 128 MiB (the default allows 2 × 64 MiB for each
  // of the five column families), and the block cache is 64 MiB; the ledger's state lives in
  // the process anyway.
  db_options.db_write_buffer_size = 128 << 20;
  // One block cache (64 MiB) for every column family; whole-key Bloom filters, because almost every
  // idempotency lookup of a new command misses, and a miss without a filter reads a block of
  // every level.
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(64 << 20);
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  // Filters and indexes stay in the table readers (about 10 bits a key), not in the small
  // block cache: there they were evicted and read again for nearly every lookup.
  rocksdb::ColumnFamilyOptions cf_options;
  cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  cf_options.compression = rocksdb::kLZ4Compression;
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs = {{rocksdb::kDefaultColumnFamilyName, cf_options},
                                                      {kJournalCf, cf_options},
                                                      {kCommandsCf, cf_options},
                                                      {kStreamsCf, cf_options},
                                                      {kProjectionsCf, cf_options}};
  rocksdb::Status s;
  if (j->options_.read_only) {
    s = rocksdb::DB::OpenForReadOnly(db_options, j->options_.path, cfs, &j->handles_, &j->db_);
  } else {
    s = rocksdb::DB::Open(db_options, j->options_.path, cfs, &j->handles_, &j->db_);
  }
  RETURN_IF_ERROR(FromRocks(s, absl::StrCat("open journal at ", j->options_.path)));
  j->cf_journal_ = j->handles_[1];
  j->cf_commands_ = j->handles_[2];
  j->cf_streams_ = j->handles_[3];
  j->cf_projections_ = j->handles_[4];
  RETURN_IF_ERROR(j->LoadHead());
  if (!j->options_.read_only) {
    j->writer_ = std::thread([p = j.get()] { p->WriterLoop(); });
    j->completer_ = std::thread([p = j.get()] { p->CompleterLoop(); });
  }
  return j;
}

Journal::~Journal() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (writer_.joinable()) writer_.join();
  {
    // The writer has drained its queue: what still waits will never become durable here.
    absl::MutexLock lock(&mu_);
    for (auto& [position, done] : when_durable_)
      completions_.emplace_back(absl::UnavailableError("the journal is closing"), std::move(done));
    when_durable_.clear();
    completer_stopping_ = true;
  }
  if (completer_.joinable()) completer_.join();
  if (db_ != nullptr) {
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
    delete db_;
  }
}

// The head is the last record; it must decode and its hash must match its content.
absl::Status Journal::LoadHead() {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf_journal_));
  it->SeekToLast();
  RETURN_IF_ERROR(FromRocks(it->status(), "read journal head"));
  absl::MutexLock lock(&mu_);
  if (!it->Valid()) return absl::OkStatus();
  if (it->key().size() != 8) return absl::DataLossError("journal key is not 8 bytes");
  uint64_t position = GetBigEndian64(it->key().data());
  absl::StatusOr<JournalRecord> rec = DecodeRecord(absl::string_view(it->value().data(), it->value().size()));
  if (!rec.ok()) {
    return absl::DataLossError(
        absl::StrCat("journal head at position ", position, ": ", rec.status().message()));
  }
  if (rec->position != position || ComputeRecordHash(*rec) != rec->hash) {
    return absl::DataLossError(absl::StrCat("journal head at position ", position, " fails its hash"));
  }
  staged_head_ = durable_head_ = position;
  staged_hash_ = rec->hash;
  return absl::OkStatus();
}

absl::StatusOr<std::optional<CommandEntry>> Journal::FindCommand(absl::string_view command_id) const {
  {
    absl::MutexLock lock(&mu_);
    auto it = pending_.find(command_id);
    if (it != pending_.end()) return std::optional<CommandEntry>(it->second);
  }
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf_commands_,
                               rocksdb::Slice(command_id.data(), command_id.size()), &value);
  if (s.IsNotFound()) return std::optional<CommandEntry>();
  RETURN_IF_ERROR(FromRocks(s, "read command index"));
  ASSIGN_OR_RETURN(CommandEntry e, DecodeCommandEntry(value));
  return std::optional<CommandEntry>(e);
}

absl::StatusOr<AppendResult> Journal::Stage(AppendRequest request) {
  if (options_.read_only) return absl::FailedPreconditionError("journal is open read-only");
  if (request.events.empty()) return absl::InvalidArgumentError("a command must append at least one event");
  // The durable index is consulted outside mu_ (RocksDB I/O); a concurrent Stage of the same
  // id is caught by pending_ below.
  std::optional<CommandEntry> durable;
  if (!request.id_is_new) {
    ASSIGN_OR_RETURN(durable, FindCommand(request.command_id));
  }
  absl::MutexLock lock(&mu_);
  if (!failed_.ok()) return failed_;
  std::optional<CommandEntry> known = durable;
  if (auto it = pending_.find(request.command_id); it != pending_.end()) known = it->second;
  if (known.has_value()) {
    if (known->fingerprint != request.fingerprint) {
      return absl::AlreadyExistsError(
          absl::StrCat("command id ", request.command_id, " was already used for another command"));
    }
    return AppendResult{known->first_position, known->last_position, true};
  }
  Staged staged;
  staged.command_id = request.command_id;
  staged.entry.fingerprint = request.fingerprint;
  staged.entry.first_position = staged_head_ + 1;
  Hash prev = staged_hash_;
  for (Event& e : request.events) {
    RESKONTRA_CHECK(e.meta.command_id == request.command_id);
    JournalRecord rec;
    rec.position = ++staged_head_;
    rec.event = std::move(e);
    rec.prev_hash = prev;
    staged.bytes.push_back(EncodeAndHash(rec));
    prev = rec.hash;
    staged.records.push_back(std::move(rec));
  }
  staged_hash_ = prev;
  staged.entry.last_position = staged_head_;
  staged.projection_writes = std::move(request.projection_writes);
  pending_[staged.command_id] = staged.entry;
  AppendResult result{staged.entry.first_position, staged.entry.last_position, false};
  queue_.push_back(std::move(staged));
  return result;
}

absl::StatusOr<uint64_t> Journal::StageReplicated(std::vector<JournalRecord> records) {
  if (options_.read_only) return absl::FailedPreconditionError("journal is open read-only");
  absl::MutexLock lock(&mu_);
  if (!failed_.ok()) return failed_;
  uint64_t head = staged_head_;
  Hash prev = staged_hash_;
  for (const JournalRecord& rec : records) {
    if (rec.position != head + 1)
      return absl::DataLossError(
          absl::StrCat("replicated position ", rec.position, " does not follow ", head));
    if (rec.prev_hash != prev)
      return absl::DataLossError(absl::StrCat("replicated record ", rec.position,
                                              " does not chain to this journal's record ", head));
    if (ComputeRecordHash(rec) != rec.hash)
      return absl::DataLossError(
          absl::StrCat("replicated record ", rec.position, " does not hash to its hash"));
    head = rec.position;
    prev = rec.hash;
  }
  for (JournalRecord& rec : records) {
    if (queue_.empty() || queue_.back().command_id != rec.event.meta.command_id ||
        queue_.back().entry.last_position + 1 != rec.position) {
      Staged staged;
      staged.command_id = rec.event.meta.command_id;
      staged.entry.first_position = rec.position;
      queue_.push_back(std::move(staged));
    }
    Staged& st = queue_.back();
    st.entry.last_position = rec.position;
    pending_[st.command_id] = st.entry;
    st.bytes.push_back(EncodeRecord(rec));
    st.records.push_back(std::move(rec));
  }
  staged_head_ = head;
  staged_hash_ = prev;
  return head;
}

void Journal::WriterLoop() {
  for (;;) {
    std::vector<Staged> group;
    DurableListener listener;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](Journal* j)
               ABSL_EXCLUSIVE_LOCKS_REQUIRED(j->mu_) { return !j->queue_.empty() || j->stopping_; },
          this));
      if (queue_.empty()) return;  // stopping, and everything staged is written
      group.swap(queue_);
      writing_ = true;
      listener = listener_;
    }
    rocksdb::WriteBatch batch;
    std::vector<JournalRecord> records;  // for the listener
    uint64_t last = 0;                   // the group's last position (0: projection writes only)
    rocksdb::Status s;
    for (Staged& st : group) {
      for (size_t i = 0; i < st.records.size() && s.ok(); ++i) {
        const JournalRecord& rec = st.records[i];
        s = batch.Put(cf_journal_, PositionKey(rec.position), st.bytes[i]);
        for (const StreamId& stream : StreamsOf(rec.event)) {
          std::string key = StreamPrefix(stream);
          PutBigEndian64(&key, rec.position);
          if (s.ok()) s = batch.Put(cf_streams_, key, rocksdb::Slice());
        }
      }
      if (s.ok() && !st.records.empty())
        s = batch.Put(cf_commands_, st.command_id, EncodeCommandEntry(st.entry));
      for (const ProjectionWrite& w : st.projection_writes) {
        if (!s.ok()) break;
        s = w.value ? batch.Put(cf_projections_, w.key, *w.value) : batch.Delete(cf_projections_, w.key);
      }
      if (!st.records.empty()) last = st.records.back().position;
      if (listener)
        for (JournalRecord& rec : st.records) records.push_back(std::move(rec));
    }
    if (s.ok()) {
      rocksdb::WriteOptions wo;
      wo.sync = options_.sync;
      s = db_->Write(wo, &batch);
    }
    if (!s.ok()) {
      absl::MutexLock lock(&mu_);
      failed_ = absl::UnavailableError(
          absl::StrCat("journal write failed; the ledger refuses writes until restarted: ", s.ToString()));
      queue_.clear();
      writing_ = false;
      ReleaseDurableLocked();
      return;
    }
    if (listener && !records.empty()) listener(records);
    absl::MutexLock lock(&mu_);
    if (last != 0) durable_head_ = last;
    for (const Staged& st : group)
      if (!st.records.empty()) pending_.erase(st.command_id);
    writing_ = false;
    ReleaseDurableLocked();
  }
}

void Journal::ReleaseDurableLocked() {
  auto end = failed_.ok() ? when_durable_.upper_bound(durable_head_) : when_durable_.end();
  for (auto it = when_durable_.begin(); it != end; ++it)
    completions_.emplace_back(failed_.ok() ? absl::OkStatus() : failed_, std::move(it->second));
  when_durable_.erase(when_durable_.begin(), end);
}

void Journal::WhenDurable(uint64_t position, std::function<void(absl::Status)> done) {
  absl::Status now;
  {
    absl::MutexLock lock(&mu_);
    if (failed_.ok() && durable_head_ < position && !completer_stopping_ && completer_.joinable()) {
      when_durable_.emplace(position, std::move(done));
      return;
    }
    now = durable_head_ >= position ? absl::OkStatus()
          : !failed_.ok()           ? failed_
                                    : absl::UnavailableError("the journal takes no writes");
    if (completer_.joinable() && !completer_stopping_) {
      completions_.emplace_back(std::move(now), std::move(done));
      return;
    }
  }
  done(now);  // read-only or closing: no completion thread to hand it to
}

void Journal::CompleterLoop() {
  auto ready = +[](Journal* j) ABSL_NO_THREAD_SAFETY_ANALYSIS {
    return !j->completions_.empty() || j->completer_stopping_;
  };
  for (;;) {
    std::deque<std::pair<absl::Status, std::function<void(absl::Status)>>> batch;
    {
      absl::MutexLock lock(&mu_, absl::Condition(ready, this));
      if (completions_.empty()) return;  // stopping, and everything has run
      batch.swap(completions_);
    }
    for (auto& [status, done] : batch) done(status);
  }
}

absl::Status Journal::WaitDurable(uint64_t position) {
  absl::MutexLock lock(&mu_);
  struct Args {
    Journal* j;
    uint64_t position;
  } args{this, position};
  mu_.Await(absl::Condition(
      +[](Args* a) ABSL_NO_THREAD_SAFETY_ANALYSIS {
        return a->j->durable_head_ >= a->position || !a->j->failed_.ok();
      },
      &args));
  if (durable_head_ >= position) return absl::OkStatus();
  return failed_;
}

absl::Status Journal::StageProjectionWrites(std::vector<ProjectionWrite> writes) {
  if (options_.read_only) return absl::FailedPreconditionError("journal is open read-only");
  if (writes.empty()) return absl::OkStatus();
  absl::MutexLock lock(&mu_);
  if (!failed_.ok()) return failed_;
  if (queue_.empty()) queue_.emplace_back();  // the records went out already: a group of its own
  std::vector<ProjectionWrite>& to = queue_.back().projection_writes;
  if (to.empty()) {
    to = std::move(writes);
  } else {
    for (ProjectionWrite& w : writes) to.push_back(std::move(w));
  }
  return absl::OkStatus();
}

absl::Status Journal::WaitWritten() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](Journal* j)
           ABSL_NO_THREAD_SAFETY_ANALYSIS { return (j->queue_.empty() && !j->writing_) || !j->failed_.ok(); },
      this));
  return failed_;
}

absl::StatusOr<AppendResult> Journal::Append(AppendRequest request) {
  ASSIGN_OR_RETURN(AppendResult r, Stage(std::move(request)));
  RETURN_IF_ERROR(WaitDurable(r.last_position));
  return r;
}

void Journal::SetDurableListener(DurableListener listener) {
  absl::MutexLock lock(&mu_);
  listener_ = std::move(listener);
}

uint64_t Journal::DurableHead() const {
  absl::MutexLock lock(&mu_);
  return durable_head_;
}

uint64_t Journal::WaitForHead(uint64_t after, absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  struct Args {
    const Journal* j;
    uint64_t after;
  } args{this, after};
  mu_.AwaitWithTimeout(absl::Condition(
                           +[](Args* a) ABSL_NO_THREAD_SAFETY_ANALYSIS {
                             return a->j->durable_head_ > a->after || !a->j->failed_.ok();
                           },
                           &args),
                       timeout);
  return durable_head_;
}

absl::Status Journal::health() const {
  absl::MutexLock lock(&mu_);
  return failed_;
}

absl::StatusOr<JournalRecord> Journal::Read(uint64_t position) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf_journal_, PositionKey(position), &value);
  if (s.IsNotFound()) return absl::NotFoundError(absl::StrCat("no record at position ", position));
  RETURN_IF_ERROR(FromRocks(s, "read journal"));
  absl::StatusOr<JournalRecord> rec = DecodeRecord(value);
  if (!rec.ok())
    return absl::DataLossError(absl::StrCat("position ", position, ": ", rec.status().message()));
  return rec;
}

namespace {
constexpr uint64_t kLongScan = 4096;  // records
}  // namespace

absl::Status Journal::Scan(uint64_t from, uint64_t to,
                           const std::function<bool(JournalRecord&, absl::string_view)>& fn,
                           DecodeCheck check) const {
  absl::Status bad;
  RETURN_IF_ERROR(ScanStored(from, to, [&](uint64_t position, absl::string_view bytes) {
    absl::StatusOr<JournalRecord> rec = DecodeRecord(bytes, check);
    if (!rec.ok()) {
      bad = absl::DataLossError(absl::StrCat("position ", position, ": ", rec.status().message()));
      return false;
    }
    if (rec->position != position) {
      bad = absl::DataLossError(absl::StrCat("position ", position, ": record says ", rec->position));
      return false;
    }
    return fn(*rec, bytes);
  }));
  return bad;
}

absl::Status Journal::ScanStored(uint64_t from, uint64_t to,
                                 const std::function<bool(uint64_t, absl::string_view)>& fn) const {
  if (from == 0) from = 1;
  if (to < from) return absl::OkStatus();
  rocksdb::ReadOptions ro;
  std::string upper = PositionKey(to + 1);
  rocksdb::Slice upper_slice(upper);
  ro.iterate_upper_bound = &upper_slice;
  if (to - from >= kLongScan) {
    // A long scan (rebuild, as-of replay, a subscriber catching up) reads each block once:
    // it does not push the working set out of the block cache, and reads ahead.
    ro.fill_cache = false;
    ro.readahead_size = 4 << 20;
  }
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, cf_journal_));
  uint64_t expected = from;
  for (it->Seek(PositionKey(from)); it->Valid(); it->Next()) {
    if (it->key().size() != 8 || GetBigEndian64(it->key().data()) != expected) {
      return absl::DataLossError(absl::StrCat("journal has a gap: position ", expected, " is missing"));
    }
    if (!fn(expected, absl::string_view(it->value().data(), it->value().size()))) return absl::OkStatus();
    ++expected;
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "scan journal"));
  return absl::OkStatus();
}

absl::Status Journal::ScanAhead(uint64_t from, uint64_t to,
                                const std::function<bool(const JournalRecord&)>& fn) const {
  constexpr size_t kChunk = 2048, kChunksAhead = 8;
  struct Shared {
    absl::Mutex mu;
    std::deque<std::vector<JournalRecord>> chunks ABSL_GUARDED_BY(mu);
    bool done ABSL_GUARDED_BY(mu) = false;     // the reader has stopped
    bool stopped ABSL_GUARDED_BY(mu) = false;  // fn asked to stop
    absl::Status status ABSL_GUARDED_BY(mu);
  } sh;
  auto room =
      +[](Shared* s) ABSL_NO_THREAD_SAFETY_ANALYSIS { return s->chunks.size() < kChunksAhead || s->stopped; };
  auto ready = +[](Shared* s) ABSL_NO_THREAD_SAFETY_ANALYSIS { return !s->chunks.empty() || s->done; };
  std::thread reader([&] {
    std::vector<JournalRecord> chunk;
    auto push = [&] {
      absl::MutexLock lock(&sh.mu, absl::Condition(room, &sh));
      if (sh.stopped) return false;
      sh.chunks.push_back(std::move(chunk));
      chunk = {};
      chunk.reserve(kChunk);
      return true;
    };
    chunk.reserve(kChunk);
    absl::Status s = Scan(from, to, [&](JournalRecord& r, absl::string_view) {
      chunk.push_back(std::move(r));
      return chunk.size() < kChunk || push();
    });
    if (!chunk.empty()) push();  // what came before a bad record, as Scan would have shown it
    absl::MutexLock lock(&sh.mu);
    sh.status = s;
    sh.done = true;
  });
  while (true) {
    std::vector<JournalRecord> chunk;
    {
      absl::MutexLock lock(&sh.mu, absl::Condition(ready, &sh));
      if (sh.chunks.empty()) break;
      chunk = std::move(sh.chunks.front());
      sh.chunks.pop_front();
    }
    bool go_on = true;
    for (const JournalRecord& r : chunk)
      if (!(go_on = fn(r))) break;
    if (!go_on) {
      absl::MutexLock lock(&sh.mu);
      sh.stopped = true;
      break;
    }
  }
  reader.join();
  absl::MutexLock lock(&sh.mu);
  return sh.status;
}

absl::StatusOr<std::vector<uint64_t>> Journal::StreamPositions(const StreamId& stream) const {
  std::string prefix = StreamPrefix(stream);
  std::vector<uint64_t> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf_streams_));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (it->key().size() != prefix.size() + 8) return absl::DataLossError("bad stream index key");
    out.push_back(GetBigEndian64(it->key().data() + prefix.size()));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "read stream index"));
  return out;
}

absl::StatusOr<Journal::VerifyReport> Journal::Verify() const {
  VerifyReport report;
  Hash prev{};
  absl::Status bad;
  uint64_t head = DurableHead();
  // Each record's stored bytes against its own hash (every stored bit), then the chain.
  absl::Status scan = ScanStored(1, head, [&](uint64_t position, absl::string_view bytes) {
    absl::StatusOr<RecordLink> link = CheckStoredRecord(bytes);
    if (!link.ok()) {
      bad = absl::DataLossError(absl::StrCat("position ", position, ": ", link.status().message()));
      return false;
    }
    if (link->position != position) {
      bad = absl::DataLossError(absl::StrCat("position ", position, ": record says ", link->position));
      return false;
    }
    if (link->prev_hash != prev) {
      bad = absl::DataLossError(
          absl::StrCat("position ", position, ": previous hash does not match position ", position - 1));
      return false;
    }
    prev = link->hash;
    ++report.records;
    return true;
  });
  RETURN_IF_ERROR(scan);
  RETURN_IF_ERROR(bad);
  if (report.records != head) {
    return absl::DataLossError(
        absl::StrCat("journal ends at position ", report.records + 1, " but its head is ", head));
  }
  report.head_hash = prev;
  return report;
}

std::pair<uint64_t, Hash> Journal::StagedHead() const {
  absl::MutexLock lock(&mu_);
  return {staged_head_, staged_hash_};
}

}  // namespace reskontra
