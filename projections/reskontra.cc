#include "projections/reskontra.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "projections/rows.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace reskontra {

namespace {
constexpr uint64_t kCatchUpChunk = 4096;
constexpr size_t kSnapshotBatchBytes = 4 << 20;

void PutBe64(std::string* out, uint64_t v) {
  for (int i = 7; i >= 0; --i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
uint64_t GetBe64(absl::string_view s) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(s[i]);
  return v;
}
// "s" position -> recorded_at (µs) of its record; "S" position row-key -> the row.
std::string SnapshotHeaderKey(uint64_t position) {
  std::string k = "s";
  PutBe64(&k, position);
  return k;
}
std::string SnapshotRowPrefix(uint64_t position) {
  std::string k = "S";
  PutBe64(&k, position);
  return k;
}
// Rows of the live projection (not the checkpoint, not snapshots).
bool IsLiveRow(absl::string_view key) {
  return !key.empty() && key[0] != 'S' && key[0] != 's' && key != rows::kCheckpointKey;
}
}  // namespace

absl::StatusOr<std::unique_ptr<ReskontraProjection>> ReskontraProjection::Open(Journal* journal,
                                                                               uint64_t snapshot_every,
                                                                               Mode mode) {
  std::unique_ptr<ReskontraProjection> p(new ReskontraProjection(journal));
  p->mode_ = mode;
  RETURN_IF_ERROR(p->Load());
  // Catch up: records made durable since the last checkpoint (a crash between the journal's
  // sync and the projection's write leaves such a tail).
  for (;;) {
    uint64_t from;
    {
      absl::ReaderMutexLock lock(&p->mu_);
      from = p->checkpoint_ + 1;
    }
    uint64_t head = journal->DurableHead();
    if (from > head) break;
    std::vector<JournalRecord> chunk;
    RETURN_IF_ERROR(journal->Scan(
        from, std::min(head, from + kCatchUpChunk - 1),
        [&](const JournalRecord& r, absl::string_view) {
          chunk.push_back(r);
          return true;
        },
        // Not yet proven: the start-up Verify may still be running.
        DecodeCheck::kStrict));
    if (chunk.empty()) return absl::DataLossError(absl::StrCat("journal has no record at position ", from));
    RETURN_IF_ERROR(p->ApplyAndPersist(chunk));
  }
  if (!journal->read_only() && snapshot_every > 0) {
    std::vector<SnapshotInfo> taken = p->Snapshots();
    absl::MutexLock lock(&p->snap_mu_);
    p->snapshot_every_ = snapshot_every;
    p->last_snapshot_ = taken.empty() ? 0 : taken.back().position;
    p->snapshot_thread_ = std::thread([raw = p.get()] { raw->SnapshotLoop(); });
  }
  if (!journal->read_only() && mode == Mode::kFollowDurable) {
    ReskontraProjection* raw = p.get();
    journal->SetDurableListener([raw](const std::vector<JournalRecord>& records) {
      absl::Status s = raw->ApplyAndPersist(records);
      (void)s;  // recorded in failed_; health() reports it
    });
  }
  return p;
}

ReskontraProjection::~ReskontraProjection() {
  if (!journal_->read_only() && mode_ == Mode::kFollowDurable) journal_->SetDurableListener(nullptr);
  if (snapshot_thread_.joinable()) {
    {
      absl::MutexLock lock(&snap_mu_);
      stopping_ = true;
    }
    snapshot_thread_.join();
  }
}

void ReskontraProjection::SnapshotLoop() {
  for (;;) {
    {
      absl::MutexLock lock(&snap_mu_);
      snap_mu_.Await(absl::Condition(
          +[](ReskontraProjection* p)
               ABSL_EXCLUSIVE_LOCKS_REQUIRED(p->snap_mu_) { return p->stopping_ || p->snapshot_wanted_; },
          this));
      if (stopping_) return;
      snapshot_wanted_ = false;
    }
    absl::Status s = TakeSnapshot();
    if (!s.ok()) {
      absl::MutexLock lock(&snap_mu_);
      snapshot_failed_ = s;  // the next threshold tries again
    }
  }
}

absl::Status ReskontraProjection::TakeSnapshot() const {
  rocksdb::DB* db = journal_->db();
  rocksdb::ColumnFamilyHandle* cf = journal_->projection_cf();
  {
    absl::ReaderMutexLock lock(&mu_);
    RETURN_IF_ERROR(failed_);
  }
  // Rows and checkpoint are written together (in the journal's group commit, or by
  // ApplyAndPersist): a RocksDB snapshot holds a consistent set of them.
  struct Pinned {
    rocksdb::DB* db;
    const rocksdb::Snapshot* snapshot;
    ~Pinned() { db->ReleaseSnapshot(snapshot); }
  } pinned{db, db->GetSnapshot()};
  rocksdb::ReadOptions at;
  at.snapshot = pinned.snapshot;
  std::string stored;
  rocksdb::Status g = db->Get(at, cf, rows::kCheckpointKey, &stored);
  if (g.IsNotFound()) return absl::OkStatus();
  if (!g.ok()) return absl::UnavailableError(absl::StrCat("read projection checkpoint: ", g.ToString()));
  ASSIGN_OR_RETURN(rows::Checkpoint checkpoint, rows::DecodeCheckpoint(stored));
  const uint64_t position = checkpoint.position;
  if (position == 0) return absl::OkStatus();
  ASSIGN_OR_RETURN(JournalRecord record, journal_->Read(position));
  const absl::Time recorded_at = record.event.meta.recorded_at;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(at, cf));
  std::string header;
  if (db->Get(rocksdb::ReadOptions(), cf, SnapshotHeaderKey(position), &header).ok()) return absl::OkStatus();
  const std::string prefix = SnapshotRowPrefix(position);
  rocksdb::WriteBatch batch;
  auto flush = [&]() -> absl::Status {
    rocksdb::Status w = db->Write(rocksdb::WriteOptions(), &batch);
    if (!w.ok()) return absl::UnavailableError(absl::StrCat("write snapshot: ", w.ToString()));
    batch.Clear();
    return absl::OkStatus();
  };
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    absl::string_view key(it->key().data(), it->key().size());
    if (!IsLiveRow(key)) continue;
    batch.Put(cf, absl::StrCat(prefix, key), it->value());
    if (batch.GetDataSize() > kSnapshotBatchBytes) RETURN_IF_ERROR(flush());
  }
  if (!it->status().ok()) return absl::UnavailableError(it->status().ToString());
  // The header goes last: a snapshot cut short by a crash has none and is never read.
  std::string value;
  PutBe64(&value, static_cast<uint64_t>(absl::ToUnixMicros(recorded_at)));
  batch.Put(cf, SnapshotHeaderKey(position), value);
  RETURN_IF_ERROR(flush());
  absl::MutexLock lock(&snap_mu_);
  last_snapshot_ = std::max(last_snapshot_, position);
  return absl::OkStatus();
}

std::vector<ReskontraProjection::SnapshotInfo> ReskontraProjection::Snapshots() const {
  std::vector<SnapshotInfo> out;
  std::unique_ptr<rocksdb::Iterator> it(
      journal_->db()->NewIterator(rocksdb::ReadOptions(), journal_->projection_cf()));
  for (it->Seek("s"); it->Valid() && it->key().starts_with("s"); it->Next()) {
    if (it->key().size() != 9 || it->value().size() != 8) continue;
    out.push_back(
        {GetBe64(absl::string_view(it->key().data() + 1, 8)),
         absl::FromUnixMicros(static_cast<int64_t>(GetBe64(absl::string_view(it->value().data(), 8))))});
  }
  return out;
}

absl::StatusOr<std::optional<std::pair<uint64_t, LedgerState>>> ReskontraProjection::LoadSnapshot(
    absl::Time known_at, uint64_t up_to) const {
  std::optional<uint64_t> chosen;
  for (const SnapshotInfo& info : Snapshots())
    if (info.position <= up_to && info.recorded_at <= known_at) chosen = info.position;
  if (!chosen) return std::nullopt;
  std::pair<uint64_t, LedgerState> out{*chosen, LedgerState{}};
  const std::string prefix = SnapshotRowPrefix(*chosen);
  std::unique_ptr<rocksdb::Iterator> it(
      journal_->db()->NewIterator(rocksdb::ReadOptions(), journal_->projection_cf()));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    absl::string_view key(it->key().data() + prefix.size(), it->key().size() - prefix.size());
    RETURN_IF_ERROR(
        rows::DecodeInto(key, absl::string_view(it->value().data(), it->value().size()), out.second));
  }
  if (!it->status().ok()) return absl::UnavailableError(it->status().ToString());
  RETURN_IF_ERROR(rows::CheckCustomersLoaded(out.second));
  return out;
}

absl::Status ReskontraProjection::Load() {
  rocksdb::DB* db = journal_->db();
  absl::MutexLock lock(&mu_);
  std::string value;
  rocksdb::Status s =
      db->Get(rocksdb::ReadOptions(), journal_->projection_cf(), rows::kCheckpointKey, &value);
  if (s.IsNotFound()) return absl::OkStatus();
  if (!s.ok()) return absl::UnavailableError(absl::StrCat("read projection checkpoint: ", s.ToString()));
  ASSIGN_OR_RETURN(rows::Checkpoint checkpoint, rows::DecodeCheckpoint(value));
  if (!rows::CurrentFormat(checkpoint)) {
    // Rows of an older format: start over; Open() catches up from position 1.
    if (journal_->read_only()) return absl::OkStatus();
    rocksdb::WriteBatch clear;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), journal_->projection_cf()));
    for (it->SeekToFirst(); it->Valid(); it->Next()) clear.Delete(journal_->projection_cf(), it->key());
    if (!it->status().ok()) return absl::UnavailableError(it->status().ToString());
    rocksdb::Status w = db->Write(rocksdb::WriteOptions(), &clear);
    if (!w.ok()) return absl::UnavailableError(absl::StrCat("clear old projection rows: ", w.ToString()));
    return absl::OkStatus();
  }
  checkpoint_ = persisted_ = checkpoint.position;
  if (checkpoint_ > journal_->DurableHead()) {
    return absl::DataLossError(absl::StrCat("projection checkpoint ", checkpoint_,
                                            " is past the journal head ", journal_->DurableHead()));
  }
  // Every row once, in order: read ahead, and leave the block cache to the working set.
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;
  ro.readahead_size = 4 << 20;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro, journal_->projection_cf()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    absl::string_view key(it->key().data(), it->key().size());
    if (!IsLiveRow(key)) continue;
    RETURN_IF_ERROR(rows::DecodeInto(key, absl::string_view(it->value().data(), it->value().size()), state_,
                                     rows::ClaimLists::kDeferred));
  }
  if (!it->status().ok()) return absl::UnavailableError(it->status().ToString());
  rows::LinkClaimsToCustomers(state_);
  return rows::CheckCustomersLoaded(state_);
}

absl::Status ReskontraProjection::ApplyLocked(const Event& event) {
  // Rensning: the archived claims' rows move to the archive before Apply drops them. (Their
  // customers' rows do not change: a customer's list of claims is derived from the claims.)
  for (auto& [key, value] : rows::ArchiveRowsOf(state_, event)) archive_.emplace_back(key, std::move(value));
  RETURN_IF_ERROR(Apply(state_, event));
  for (StreamId& id : StreamsOf(event)) dirty_.insert(std::move(id));
  return absl::OkStatus();
}

std::vector<ProjectionWrite> ReskontraProjection::TakeRowWritesLocked() {
  std::vector<ProjectionWrite> out;
  for (auto& [key, value] : archive_) {
    std::string active = key;
    active[0] = 'I';
    out.push_back({std::move(active), std::nullopt});
    out.push_back({std::move(key), std::move(value)});
  }
  archive_.clear();
  for (const StreamId& id : dirty_) {
    switch (id.kind) {
      case StreamId::Kind::kCompany:
        out.push_back({rows::CompanyKey(id.company), rows::Encode(*state_.FindCompany(id.company))});
        break;
      case StreamId::Kind::kCustomer:
        out.push_back(
            {rows::CustomerKey(id.company, id.key), rows::Encode(*state_.FindCustomer(id.company, id.key))});
        break;
      case StreamId::Kind::kPaymentFile: {
        auto it = state_.imported_files.find(std::make_pair(id.company, id.key));
        if (it != state_.imported_files.end())
          out.push_back({rows::FileKey(id.company, id.key), rows::Encode(it->second)});
        break;
      }
      case StreamId::Kind::kPayment: {
        auto it = state_.unmatched.find(CompanyCustomerRef{id.company, id.key});
        if (it != state_.unmatched.end()) {
          out.push_back({rows::UnmatchedKey(id.company, id.key), rows::Encode(it->second)});
        } else {
          out.push_back({rows::UnmatchedKey(id.company, id.key), std::nullopt});  // resolved
        }
        auto paid = state_.payments.find(CompanyCustomerRef{id.company, id.key});
        if (paid != state_.payments.end())
          out.push_back({rows::PaymentKey(id.company, id.key), rows::Encode(paid->second)});
        break;
      }
      case StreamId::Kind::kRegister:
        out.push_back({std::string(rows::kReferenceRatesKey), rows::Encode(state_.reference_rates)});
        break;
      case StreamId::Kind::kInvoice: {
        InvoiceNumber n = std::stoll(id.key);
        if (const Invoice* inv = state_.FindInvoice(id.company, n))  // else archived above
          out.push_back({rows::InvoiceKey(id.company, n), rows::Encode(*inv)});
        break;
      }
    }
  }
  dirty_.clear();
  out.push_back({std::string(rows::kCheckpointKey), rows::EncodeCheckpoint(checkpoint_)});
  persisted_ = checkpoint_;
  return out;
}

void ReskontraProjection::NoteSnapshotDue() {
  if (snapshot_every_ == 0) return;
  absl::MutexLock lock(&snap_mu_);
  if (checkpoint_ >= last_snapshot_ + snapshot_every_) snapshot_wanted_ = true;
}

absl::StatusOr<AppendResult> ReskontraProjection::Writer::Stage(AppendRequest request, bool rows_now) {
  ReskontraProjection& p = *p_;
  p.mu_.AssertHeld();
  if (!p.failed_.ok()) return p.failed_;
  RETURN_IF_ERROR(p.journal_->health());
  if (request.events.empty()) return absl::InvalidArgumentError("a command must append at least one event");
  // Applied before the journal takes the events (no copy): the caller looked the command
  // id up under this lock, so the journal stages it unless it has failed since.
  for (const Event& e : request.events) {
    absl::Status s = p.ApplyLocked(e);
    RESKONTRA_CHECK(s.ok());  // decided on this state: a failure is a bug
  }
  const uint64_t before = p.checkpoint_;
  p.checkpoint_ += request.events.size();  // the journal assigns the next positions
  if (rows_now && !p.journal_->read_only()) request.projection_writes = p.TakeRowWritesLocked();
  absl::StatusOr<AppendResult> result = p.journal_->Stage(std::move(request));
  if (!result.ok()) {
    p.failed_ = result.status();  // the state holds events the journal will never write
    return result;
  }
  RESKONTRA_CHECK(!result->replayed && result->first_position == before + 1 &&
                  result->last_position == p.checkpoint_);
  if (rows_now) p.NoteSnapshotDue();
  return result;
}

void ReskontraProjection::FlushRowsLocked() {
  if (checkpoint_ == persisted_ || journal_->read_only()) return;
  absl::Status s = journal_->StageProjectionWrites(TakeRowWritesLocked());
  // The journal failed: the state holds events it will never write. Stop serving it.
  if (!s.ok() && failed_.ok()) failed_ = s;
  NoteSnapshotDue();
}

absl::Status ReskontraProjection::WaitRowsWrittenLocked() const {
  if (mode_ == Mode::kFollowDurable || journal_->read_only()) return absl::OkStatus();
  return journal_->WaitWritten();
}

absl::Status ReskontraProjection::ApplyAndPersist(const std::vector<JournalRecord>& records) {
  absl::MutexLock lock(&mu_);
  RETURN_IF_ERROR(failed_);
  for (const JournalRecord& r : records) {
    if (r.position != checkpoint_ + 1) {
      failed_ = absl::DataLossError(
          absl::StrCat("projection expected position ", checkpoint_ + 1, ", got ", r.position));
      return failed_;
    }
    absl::Status s = ApplyLocked(r.event);
    if (!s.ok()) {
      failed_ = absl::DataLossError(absl::StrCat("position ", r.position, ": ", s.message()));
      return failed_;
    }
    checkpoint_ = r.position;
  }
  // Read-only (forensics): the fold is kept in memory and nothing is written.
  if (journal_->read_only()) {
    dirty_.clear();
    archive_.clear();
    persisted_ = checkpoint_;
    return absl::OkStatus();
  }
  rocksdb::WriteBatch batch;
  rocksdb::ColumnFamilyHandle* cf = journal_->projection_cf();
  for (const ProjectionWrite& w : TakeRowWritesLocked()) {
    if (w.value) {
      batch.Put(cf, w.key, *w.value);
    } else {
      batch.Delete(cf, w.key);
    }
  }
  // No sync: the journal is the durable truth; a lost projection write is replayed on open.
  rocksdb::Status s = journal_->db()->Write(rocksdb::WriteOptions(), &batch);
  if (!s.ok()) {
    failed_ = absl::UnavailableError(absl::StrCat("projection write failed: ", s.ToString()));
    return failed_;
  }
  NoteSnapshotDue();
  return absl::OkStatus();
}

LedgerState ReskontraProjection::Snapshot(uint64_t* checkpoint) const {
  uint64_t seen;
  LedgerState copy = Read([&](const LedgerState& s, uint64_t at) {
    seen = at;
    return s;
  });
  if (checkpoint) *checkpoint = seen;
  return copy;
}

absl::Status ReskontraProjection::LoadArchive(CompanyId from, CompanyId to, Date after,
                                              ArchivedInvoices& out) const {
  std::unique_ptr<rocksdb::Iterator> it(
      journal_->db()->NewIterator(rocksdb::ReadOptions(), journal_->projection_cf()));
  const std::string end = rows::ArchivedInvoiceKey(to + 1, 0);
  for (it->Seek(rows::ArchivedInvoiceKey(from, 0)); it->Valid() && it->key().ToString() < end; it->Next()) {
    ASSIGN_OR_RETURN(rows::ArchivedInvoice a,
                     rows::DecodeArchived(absl::string_view(it->key().data(), it->key().size()),
                                          absl::string_view(it->value().data(), it->value().size())));
    if (!(after < a.paid_before)) continue;
    CompanyInvoiceKey k{a.invoice.company, a.invoice.number};
    out.emplace(k, std::move(a.invoice));
  }
  if (!it->status().ok()) return absl::UnavailableError(it->status().ToString());
  return absl::OkStatus();
}

absl::Status ReskontraProjection::health() const {
  absl::ReaderMutexLock lock(&mu_);
  return failed_;
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ReskontraProjection::StoredRows(
    LedgerState* state, uint64_t* checkpoint) const {
  absl::ReaderMutexLock lock(&mu_);
  RETURN_IF_ERROR(WaitRowsWrittenLocked());
  if (state) *state = state_;
  if (checkpoint) *checkpoint = checkpoint_;
  std::vector<std::pair<std::string, std::string>> out;
  std::unique_ptr<rocksdb::Iterator> it(
      journal_->db()->NewIterator(rocksdb::ReadOptions(), journal_->projection_cf()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (!IsLiveRow(absl::string_view(it->key().data(), it->key().size()))) continue;
    out.emplace_back(it->key().ToString(), it->value().ToString());
  }
  if (!it->status().ok()) return absl::UnavailableError(it->status().ToString());
  return out;
}

}  // namespace reskontra
