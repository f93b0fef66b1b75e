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
                                                                               uint64_t snapshot_every) {
  std::unique_ptr<ReskontraProjection> p(new ReskontraProjection(journal));
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
    RETURN_IF_ERROR(journal->Scan(from, std::min(head, from + kCatchUpChunk - 1),
                                  [&](const JournalRecord& r, absl::string_view) {
                                    chunk.push_back(r);
                                    return true;
                                  }));
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
  if (!journal->read_only()) {
    ReskontraProjection* raw = p.get();
    journal->SetDurableListener([raw](const std::vector<JournalRecord>& records) {
      absl::Status s = raw->ApplyAndPersist(records);
      (void)s;  // recorded in failed_; health() reports it
    });
  }
  return p;
}

ReskontraProjection::~ReskontraProjection() {
  if (!journal_->read_only()) journal_->SetDurableListener(nullptr);
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
  std::unique_ptr<rocksdb::Iterator> it;
  uint64_t position = 0;
  absl::Time recorded_at;
  {
    // The iterator pins the column family as the writer left it with this checkpoint.
    absl::ReaderMutexLock lock(&mu_);
    RETURN_IF_ERROR(failed_);
    position = checkpoint_;
    if (position == 0) return absl::OkStatus();
    ASSIGN_OR_RETURN(JournalRecord record, journal_->Read(position));
    recorded_at = record.event.meta.recorded_at;
    it.reset(db->NewIterator(rocksdb::ReadOptions(), cf));
  }
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
  checkpoint_ = checkpoint.position;
  if (checkpoint_ > journal_->DurableHead()) {
    return absl::DataLossError(absl::StrCat("projection checkpoint ", checkpoint_,
                                            " is past the journal head ", journal_->DurableHead()));
  }
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), journal_->projection_cf()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    absl::string_view key(it->key().data(), it->key().size());
    if (!IsLiveRow(key)) continue;
    RETURN_IF_ERROR(rows::DecodeInto(key, absl::string_view(it->value().data(), it->value().size()), state_));
  }
  if (!it->status().ok()) return absl::UnavailableError(it->status().ToString());
  return absl::OkStatus();
}

absl::Status ReskontraProjection::ApplyAndPersist(const std::vector<JournalRecord>& records) {
  absl::MutexLock lock(&mu_);
  RETURN_IF_ERROR(failed_);
  std::set<StreamId> dirty;
  std::vector<std::pair<std::string, std::string>> archive;
  for (const JournalRecord& r : records) {
    if (r.position != checkpoint_ + 1) {
      failed_ = absl::DataLossError(
          absl::StrCat("projection expected position ", checkpoint_ + 1, ", got ", r.position));
      return failed_;
    }
    // Rensning: the archived claims' rows move to the archive before Apply drops them, and
    // their customers' rows lose them.
    if (const auto* archived = std::get_if<InvoicesArchived>(&r.event.body))
      for (InvoiceNumber n : archived->invoices)
        if (const Invoice* inv = state_.FindInvoice(r.event.meta.company, n))
          dirty.insert(CustomerStream(inv->company, inv->customer_number));
    for (auto& [key, value] : rows::ArchiveRowsOf(state_, r.event))
      archive.emplace_back(key, std::move(value));
    absl::Status s = Apply(state_, r.event);
    if (!s.ok()) {
      failed_ = absl::DataLossError(absl::StrCat("position ", r.position, ": ", s.message()));
      return failed_;
    }
    for (StreamId& id : StreamsOf(r.event)) dirty.insert(std::move(id));
    checkpoint_ = r.position;
  }
  // Read-only (forensics): the fold is kept in memory and nothing is written.
  if (journal_->read_only()) return absl::OkStatus();
  rocksdb::WriteBatch batch;
  rocksdb::ColumnFamilyHandle* cf = journal_->projection_cf();
  for (const auto& [key, value] : archive) {
    std::string active = key;
    active[0] = 'I';
    batch.Delete(cf, active);
    batch.Put(cf, key, value);
  }
  for (const StreamId& id : dirty) {
    switch (id.kind) {
      case StreamId::Kind::kCompany:
        batch.Put(cf, rows::CompanyKey(id.company), rows::Encode(*state_.FindCompany(id.company)));
        break;
      case StreamId::Kind::kCustomer:
        batch.Put(cf, rows::CustomerKey(id.company, id.key),
                  rows::Encode(*state_.FindCustomer(id.company, id.key)));
        break;
      case StreamId::Kind::kPaymentFile: {
        auto it = state_.imported_files.find(std::make_pair(id.company, id.key));
        if (it != state_.imported_files.end())
          batch.Put(cf, rows::FileKey(id.company, id.key), rows::Encode(it->second));
        break;
      }
      case StreamId::Kind::kPayment: {
        auto it = state_.unmatched.find(CompanyCustomerKey{id.company, id.key});
        if (it != state_.unmatched.end()) {
          batch.Put(cf, rows::UnmatchedKey(id.company, id.key), rows::Encode(it->second));
        } else {
          batch.Delete(cf, rows::UnmatchedKey(id.company, id.key));  // resolved
        }
        auto paid = state_.payments.find(CompanyCustomerKey{id.company, id.key});
        if (paid != state_.payments.end())
          batch.Put(cf, rows::PaymentKey(id.company, id.key), rows::Encode(paid->second));
        break;
      }
      case StreamId::Kind::kRegister:
        batch.Put(cf, rows::kReferenceRatesKey, rows::Encode(state_.reference_rates));
        break;
      case StreamId::Kind::kInvoice: {
        InvoiceNumber n = std::stoll(id.key);
        if (const Invoice* inv = state_.FindInvoice(id.company, n))  // else archived above
          batch.Put(cf, rows::InvoiceKey(id.company, n), rows::Encode(*inv));
        break;
      }
    }
  }
  batch.Put(cf, rows::kCheckpointKey, rows::EncodeCheckpoint(checkpoint_));
  // No sync: the journal is the durable truth; a lost projection write is replayed on open.
  rocksdb::Status s = journal_->db()->Write(rocksdb::WriteOptions(), &batch);
  if (!s.ok()) {
    failed_ = absl::UnavailableError(absl::StrCat("projection write failed: ", s.ToString()));
    return failed_;
  }
  if (snapshot_every_ > 0) {
    absl::MutexLock lock(&snap_mu_);
    if (checkpoint_ >= last_snapshot_ + snapshot_every_) snapshot_wanted_ = true;
  }
  return absl::OkStatus();
}

LedgerState ReskontraProjection::Snapshot(uint64_t* checkpoint) const {
  absl::ReaderMutexLock lock(&mu_);
  if (checkpoint) *checkpoint = checkpoint_;
  return state_;
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
