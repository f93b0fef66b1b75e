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
}

absl::StatusOr<std::unique_ptr<ReskontraProjection>> ReskontraProjection::Open(Journal* journal) {
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
    if (key == rows::kCheckpointKey) continue;
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
    if (it->key() == rows::kCheckpointKey) continue;
    out.emplace_back(it->key().ToString(), it->value().ToString());
  }
  if (!it->status().ok()) return absl::UnavailableError(it->status().ToString());
  return out;
}

}  // namespace reskontra
