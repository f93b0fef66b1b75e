// The journal: dense positions, the hash chain, idempotency, group commit under concurrency,
// and Verify pinpointing tampering.
#include "journal/journal.h"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <thread>

#include "rocksdb/db.h"
#include "tests/db_util.h"
#include "tests/test_util.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT

Event MakeEvent(int i, const std::string& command_id) {
  return Event{EventMeta{TestNow() + absl::Seconds(i), Date(2026, 11, 1), 1, "tester", command_id},
               NoteAdded{0, "10001", absl::StrCat("note ", i)}};
}

AppendRequest Request(const std::string& id, int events, int seed = 0) {
  AppendRequest r;
  r.command_id = id;
  r.fingerprint = Sha256(absl::StrCat(id, "/", seed));
  for (int i = 0; i < events; ++i) r.events.push_back(MakeEvent(i, id));
  return r;
}

// Opens the raw database to change what is on disk behind the journal's back.
TEST(JournalTest, DensePositionsAndHashChain) {
  TempDir dir;
  auto j = Journal::Open({.path = dir.path()});
  ASSERT_TRUE(j.ok()) << j.status();
  auto a = (*j)->Append(Request("command-a", 2));
  auto b = (*j)->Append(Request("command-b", 3));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->first_position, 1u);
  EXPECT_EQ(a->last_position, 2u);
  EXPECT_EQ(b->first_position, 3u);
  EXPECT_EQ(b->last_position, 5u);
  Hash prev{};
  for (uint64_t p = 1; p <= 5; ++p) {
    auto rec = (*j)->Read(p);
    ASSERT_TRUE(rec.ok());
    EXPECT_EQ(rec->position, p);
    EXPECT_EQ(rec->prev_hash, prev);
    EXPECT_EQ(rec->hash, ComputeRecordHash(*rec));
    prev = rec->hash;
  }
  auto report = (*j)->Verify();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->records, 5u);
  EXPECT_EQ(report->head_hash, prev);
  auto stream = (*j)->StreamPositions(CustomerStream(1, "10001"));
  ASSERT_TRUE(stream.ok());
  EXPECT_EQ(*stream, (std::vector<uint64_t>{1, 2, 3, 4, 5}));
}

TEST(JournalTest, ReopenContinuesTheChain) {
  TempDir dir;
  Hash head;
  {
    auto j = Journal::Open({.path = dir.path()});
    ASSERT_TRUE((*j)->Append(Request("command-a", 3)).ok());
    head = (*j)->Read(3)->hash;
  }
  auto j = Journal::Open({.path = dir.path()});
  ASSERT_TRUE(j.ok());
  EXPECT_EQ((*j)->DurableHead(), 3u);
  auto r = (*j)->Append(Request("command-b", 1));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->first_position, 4u);
  EXPECT_EQ((*j)->Read(4)->prev_hash, head);
  EXPECT_TRUE((*j)->Verify().ok());
}

TEST(JournalTest, IdempotentRetriesAcrossRestarts) {
  TempDir dir;
  {
    auto j = Journal::Open({.path = dir.path()});
    auto first = (*j)->Append(Request("command-a", 2));
    ASSERT_TRUE(first.ok());
    auto retry = (*j)->Append(Request("command-a", 2));
    ASSERT_TRUE(retry.ok());
    EXPECT_TRUE(retry->replayed);
    EXPECT_EQ(retry->first_position, 1u);
    EXPECT_EQ(retry->last_position, 2u);
    EXPECT_EQ((*j)->DurableHead(), 2u);
  }
  auto j = Journal::Open({.path = dir.path()});
  auto retry = (*j)->Append(Request("command-a", 2));
  ASSERT_TRUE(retry.ok());
  EXPECT_TRUE(retry->replayed);
  EXPECT_EQ(retry->last_position, 2u);
  auto other = (*j)->Append(Request("command-a", 2, /*seed=*/1));
  EXPECT_EQ(other.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ((*j)->DurableHead(), 2u);
  EXPECT_EQ((*j)->Append(AppendRequest{"command-empty", {}, {}}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(JournalTest, ConcurrentCommandsAreAllOrNothingAndDense) {
  TempDir dir;
  auto j = Journal::Open({.path = dir.path()});
  constexpr int kThreads = 16, kCommands = 40;
  std::vector<std::thread> threads;
  std::vector<std::vector<AppendResult>> results(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int c = 0; c < kCommands; ++c) {
        auto r = (*j)->Append(Request(absl::StrCat("command-", t, "-", c), 1 + (c % 3)));
        ASSERT_TRUE(r.ok()) << r.status();
        results[t].push_back(*r);
      }
    });
  }
  for (auto& t : threads) t.join();
  // Each command got a contiguous run of positions holding exactly its own events.
  uint64_t total = 0;
  for (int t = 0; t < kThreads; ++t) {
    for (int c = 0; c < kCommands; ++c) {
      const AppendResult& r = results[t][c];
      EXPECT_EQ(r.last_position - r.first_position + 1, static_cast<uint64_t>(1 + (c % 3)));
      for (uint64_t p = r.first_position; p <= r.last_position; ++p) {
        EXPECT_EQ((*j)->Read(p)->event.meta.command_id, absl::StrCat("command-", t, "-", c));
      }
      total += r.last_position - r.first_position + 1;
    }
  }
  EXPECT_EQ((*j)->DurableHead(), total);
  auto report = (*j)->Verify();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->records, total);
}

TEST(JournalTest, VerifyNamesTheFirstTamperedPosition) {
  TempDir dir;
  {
    auto j = Journal::Open({.path = dir.path()});
    for (int i = 0; i < 8; ++i) ASSERT_TRUE((*j)->Append(Request(absl::StrCat("command-", i), 1)).ok());
  }
  // Change the note text of position 5 and re-store it, keeping it decodable and canonical:
  // only the hash can tell.
  Tamper(dir.path(), [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
    std::string value;
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), cf, PositionKey(5), &value).ok());
    auto rec = DecodeRecord(value);
    ASSERT_TRUE(rec.ok());
    std::get<NoteAdded>(rec->event.body).text = "note X";
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), cf, PositionKey(5), EncodeRecord(*rec)).ok());
  });
  auto j = Journal::Open({.path = dir.path()});
  ASSERT_TRUE(j.ok());
  auto report = (*j)->Verify();
  EXPECT_EQ(report.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(report.status().message().find("position 5"), absl::string_view::npos) << report.status();
}

TEST(JournalTest, VerifyFindsAFlippedByteAndAGap) {
  TempDir dir;
  {
    auto j = Journal::Open({.path = dir.path()});
    for (int i = 0; i < 6; ++i) ASSERT_TRUE((*j)->Append(Request(absl::StrCat("command-", i), 1)).ok());
  }
  Tamper(dir.path(), [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
    std::string value;
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), cf, PositionKey(2), &value).ok());
    value[value.size() - 3] ^= 0x01;  // inside the note text
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), cf, PositionKey(2), value).ok());
  });
  {
    auto j = Journal::Open({.path = dir.path()});
    auto report = (*j)->Verify();
    EXPECT_EQ(report.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_NE(report.status().message().find("position 2"), absl::string_view::npos) << report.status();
  }
  Tamper(dir.path(), [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), cf, PositionKey(1)).ok());
  });
  auto j = Journal::Open({.path = dir.path()});
  auto report = (*j)->Verify();
  EXPECT_EQ(report.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(report.status().message().find("position 1 is missing"), absl::string_view::npos)
      << report.status();
}

// ScanAhead decodes on another thread, chunks ahead: the same records in the same order as
// Scan, nothing after an early stop, and a gap is DATA_LOSS after every record before it.
TEST(JournalTest, ScanAheadSeesWhatScanSeesAndStopsWhereItShould) {
  TempDir dir;
  {
    auto j = Journal::Open({.path = dir.path(), .sync = false});
    for (int i = 0; i < 10; ++i) ASSERT_TRUE((*j)->Append(Request(absl::StrCat("command-", i), 1000)).ok());
    std::vector<std::pair<uint64_t, Hash>> scanned, ahead;
    ASSERT_TRUE((*j)->Scan(1, 10000,
                           [&](const JournalRecord& r, absl::string_view) {
                             scanned.emplace_back(r.position, r.hash);
                             return true;
                           })
                    .ok());
    ASSERT_TRUE((*j)->ScanAhead(1, 10000,
                                [&](const JournalRecord& r) {
                                  ahead.emplace_back(r.position, r.hash);
                                  return true;
                                })
                    .ok());
    ASSERT_EQ(scanned.size(), 10000u);
    EXPECT_EQ(ahead, scanned);
    uint64_t last = 0;
    ASSERT_TRUE((*j)->ScanAhead(17, 10000,
                                [&](const JournalRecord& r) {
                                  EXPECT_EQ(r.position, last == 0 ? 17 : last + 1);
                                  last = r.position;
                                  return r.position < 4321;
                                })
                    .ok());
    EXPECT_EQ(last, 4321u);
  }
  Tamper(dir.path(), [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), cf, PositionKey(5000)).ok());
  });
  auto j = Journal::Open({.path = dir.path(), .read_only = true});
  ASSERT_TRUE(j.ok()) << j.status();
  uint64_t seen = 0;
  absl::Status s = (*j)->ScanAhead(1, 10000, [&](const JournalRecord& r) {
    EXPECT_EQ(r.position, seen + 1);
    seen = r.position;
    return true;
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(s.message().find("position 5000 is missing"), absl::string_view::npos) << s;
  EXPECT_EQ(seen, 4999u);
}

// WhenDurable answers on the completion thread once the position is durable, at once for a
// durable one, and in the order of the positions.
TEST(JournalTest, WhenDurableRunsOnceThePositionIsDurable) {
  TempDir dir;
  auto j = Journal::Open({.path = dir.path()});
  ASSERT_TRUE(j.ok());
  absl::Mutex mu;
  std::vector<std::pair<uint64_t, uint64_t>> seen;  // (position asked, durable head then)
  for (int i = 0; i < 50; ++i) {
    absl::StatusOr<AppendResult> r = (*j)->Stage(Request(absl::StrCat("async-", i), 3));
    ASSERT_TRUE(r.ok()) << r.status();
    (*j)->WhenDurable(r->last_position, [&, p = r->last_position, journal = j->get()](absl::Status s) {
      EXPECT_TRUE(s.ok()) << s;
      absl::MutexLock lock(&mu);
      seen.emplace_back(p, journal->DurableHead());
    });
  }
  (*j)->WhenDurable(1, [&](absl::Status s) {  // long durable by the time it is asked for below
    EXPECT_TRUE(s.ok());
  });
  auto all_seen = [&] {
    absl::MutexLock lock(&mu);
    return seen.size() == 50;
  };
  for (int i = 0; i < 500 && !all_seen(); ++i) absl::SleepFor(absl::Milliseconds(10));
  absl::MutexLock lock(&mu);
  ASSERT_EQ(seen.size(), 50u);
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].first, 3 * (i + 1));
    EXPECT_GE(seen[i].second, seen[i].first);
  }
}

TEST(JournalTest, RefusesToOpenOnACorruptHead) {
  TempDir dir;
  {
    auto j = Journal::Open({.path = dir.path()});
    ASSERT_TRUE((*j)->Append(Request("command-a", 3)).ok());
  }
  Tamper(dir.path(), [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), cf, PositionKey(3), "garbage!").ok());
  });
  auto j = Journal::Open({.path = dir.path()});
  EXPECT_EQ(j.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(j.status().message().find("position 3"), absl::string_view::npos) << j.status();
}

TEST(JournalTest, ReadOnlyRefusesWrites) {
  TempDir dir;
  { ASSERT_TRUE((*Journal::Open({.path = dir.path()}))->Append(Request("command-a", 1)).ok()); }
  auto j = Journal::Open({.path = dir.path(), .read_only = true});
  ASSERT_TRUE(j.ok()) << j.status();
  EXPECT_EQ((*j)->Stage(Request("command-b", 1)).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE((*j)->Verify().ok());
}

// Found by record_fuzz: flipping unused padding bits of a data word kept the record canonical
// and decodable, outside what the hash is recomputed from. Decoding is strict now.
TEST(RecordCodecTest, BitsNoFieldReadsAreDataLoss) {
  JournalRecord r{1, MakeEvent(1, "command-a"), {}, {}};
  r.hash = ComputeRecordHash(r);
  std::string bytes = EncodeRecord(r);
  ASSERT_TRUE(DecodeRecord(bytes).ok());
  bytes[35] ^= 0x3d;  // the union's data word, beyond its 16-bit discriminant
  auto rec = DecodeRecord(bytes);
  ASSERT_FALSE(rec.ok());
  EXPECT_EQ(rec.status().code(), absl::StatusCode::kDataLoss);
  // Verify refuses such bytes even when their hash was recomputed over them (as a newer
  // version's field would be hashed by that version): this version must understand every bit.
  std::optional<std::string> covered = BytesCoveredByHash(bytes);
  ASSERT_TRUE(covered.has_value());
  const Hash rehashed =
      Sha256(absl::string_view(reinterpret_cast<const char*>(r.prev_hash.data()), 32), *covered);
  const size_t at = bytes.find(std::string(reinterpret_cast<const char*>(r.hash.data()), 32));
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, 32, reinterpret_cast<const char*>(rehashed.data()), 32);
  auto link = CheckStoredRecord(bytes);
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(DecodeRecord(bytes, DecodeCheck::kHashChecked).ok());  // a fold would read it: hence Verify
}

TEST(RecordCodecTest, HostileBytesAreDataLossNeverACrash) {
  std::mt19937_64 rng(12345);
  std::printf("seed 12345\n");
  std::string good = EncodeRecord(JournalRecord{1, MakeEvent(1, "command-a"), {}, {}});
  for (int i = 0; i < 5000; ++i) {
    std::string bytes = good;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) bytes[rng() % bytes.size()] = static_cast<char>(rng());
    if (rng() % 5 == 0) bytes.resize(rng() % bytes.size());
    auto rec = DecodeRecord(bytes);
    if (!rec.ok()) EXPECT_EQ(rec.status().code(), absl::StatusCode::kDataLoss);
  }
  for (int i = 0; i < 2000; ++i) {
    std::string bytes(8 * (1 + rng() % 40), '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    auto rec = DecodeRecord(bytes);
    if (!rec.ok()) EXPECT_EQ(rec.status().code(), absl::StatusCode::kDataLoss);
  }
}

}  // namespace
}  // namespace reskontra

namespace reskontra {
namespace {

// A read replica's append (services/replica.h): another journal's records, kept exactly, and
// only when they continue this journal's chain.
TEST(JournalTest, ReplicatedRecordsMustContinueTheChain) {
  TempDir primary_dir, replica_dir;
  auto primary = Journal::Open({.path = primary_dir.path()});
  auto replica = Journal::Open({.path = replica_dir.path()});
  ASSERT_TRUE(primary.ok() && replica.ok());
  ASSERT_TRUE((*primary)->Append(Request("command-a", 2)).ok());
  ASSERT_TRUE((*primary)->Append(Request("command-b", 3)).ok());
  std::vector<JournalRecord> records;
  for (uint64_t p = 1; p <= 5; ++p) records.push_back(*(*primary)->Read(p));

  auto refused = [&](std::vector<JournalRecord> bad, absl::string_view why) {
    const uint64_t before = (*replica)->StagedHead().first;
    absl::StatusOr<uint64_t> r = (*replica)->StageReplicated(std::move(bad));
    EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss) << why;
    EXPECT_EQ((*replica)->StagedHead().first, before) << why;
  };
  refused({records[1]}, "a gap before the first");
  std::vector<JournalRecord> tampered = records;
  tampered[2].event.meta.actor = "mallory";  // content changed, hash kept
  refused(tampered, "a record that does not hash to its hash");
  std::vector<JournalRecord> relinked = records;
  relinked[3].prev_hash[0] ^= 1;
  relinked[3].hash = ComputeRecordHash(relinked[3]);  // consistent in itself, off the chain
  refused(relinked, "a record off the chain");

  absl::StatusOr<uint64_t> last = (*replica)->StageReplicated(records);
  ASSERT_TRUE(last.ok()) << last.status();
  ASSERT_TRUE((*replica)->WaitDurable(*last).ok());
  for (uint64_t p = 1; p <= 5; ++p) EXPECT_EQ(*(*replica)->Read(p), records[p - 1]);
  auto verified = (*replica)->Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_EQ(verified->head_hash, records.back().hash);
  auto b = (*replica)->FindCommand("command-b");
  ASSERT_TRUE(b.ok() && b->has_value());
  EXPECT_EQ((*b)->first_position, 3u);
  EXPECT_EQ((*b)->last_position, 5u);
  refused({records[4]}, "a record the replica holds already");
}

}  // namespace
}  // namespace reskontra
