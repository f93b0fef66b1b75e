// Online backup under load and verified restore (journal/backup.h): the restored ledger holds
// exactly the backup's prefix of the journal, record for record, its projections equal a
// rebuild, and a backup whose chain is broken is refused with the position.
#include "journal/backup.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/ledger_core.h"
#include "journal/record.h"
#include "replay/rebuild.h"
#include "tests/db_util.h"
#include "tests/test_util.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT

std::unique_ptr<LedgerCore> OpenCore(const std::string& dir, Clock* clock) {
  auto core = LedgerCore::Open({.data_dir = dir, .clock = clock, .time_zone = absl::UTCTimeZone()});
  EXPECT_TRUE(core.ok()) << core.status();
  return core.ok() ? std::move(*core) : nullptr;
}

TEST(BackupTest, ABackupTakenUnderLoadRestoresToAVerifiedPrefix) {
  TempDir dir;
  FakeClock clock(TestNow());
  auto core = OpenCore(dir.sub("live"), &clock);
  ASSERT_TRUE(core->Execute(CompanyCmd(), Sha256("company")).ok());
  ASSERT_TRUE(core->Execute(CustomerCmd("10001"), Sha256("customer")).ok());
  std::atomic<bool> stop = false;
  std::atomic<int> written = 0;
  std::vector<std::thread> writers;
  for (int t = 0; t < 2; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; !stop; ++i) {
        const InvoiceNumber n = 10'000'000 + t * 100'000 + i;
        Command inv = InvoiceCmd(n, "10001", 1'000 + i);
        inv.meta.command_id = absl::StrCat("backup-", t, "-", i, "-invoice");
        ASSERT_TRUE(core->Execute(inv, Sha256(inv.meta.command_id)).ok());
        Command pay = PaymentCmd(absl::StrCat("backup-", t, "-", i, "-payment"), n, 300);
        ASSERT_TRUE(core->Execute(pay, Sha256(pay.meta.command_id)).ok());
        written += 2;
      }
    });
  }
  while (written < 400) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  absl::StatusOr<BackupReport> backup = BackupJournal(core->journal(), dir.sub("backup"));
  ASSERT_TRUE(backup.ok()) << backup.status();
  while (written < 800) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  stop = true;
  for (auto& w : writers) w.join();
  const uint64_t live_head = core->journal().DurableHead();
  EXPECT_GT(backup->position, 400u);
  EXPECT_LT(backup->position, live_head);  // writes went on during and after the backup

  // A second backup into the same folder is refused.
  EXPECT_EQ(BackupJournal(core->journal(), dir.sub("backup")).status().code(),
            absl::StatusCode::kAlreadyExists);

  absl::StatusOr<BackupReport> restored = RestoreBackup(dir.sub("backup"), dir.sub("restored"));
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->position, backup->position);
  EXPECT_EQ(restored->head_hash, backup->head_hash);

  // The restored journal is the live one's prefix, record for record.
  auto copy = OpenCore(dir.sub("restored"), &clock);
  ASSERT_NE(copy, nullptr);
  ASSERT_EQ(copy->journal().DurableHead(), backup->position);
  for (uint64_t p = 1; p <= backup->position; ++p) {
    absl::StatusOr<JournalRecord> a = core->journal().Read(p);
    absl::StatusOr<JournalRecord> b = copy->journal().Read(p);
    ASSERT_TRUE(a.ok() && b.ok()) << p;
    ASSERT_EQ(a->hash, b->hash) << p;
  }
  // Its projections equal a rebuild of its journal, and the live ledger's state at that position.
  EXPECT_TRUE(CheckProjectionAgainstRebuild(copy->journal(), copy->projection()).ok());
  absl::StatusOr<LedgerState> then = RebuildState(core->journal(), backup->position);
  ASSERT_TRUE(then.ok());
  EXPECT_EQ(copy->projection().Snapshot(nullptr), *then);
  // The restored ledger takes writes and chains on from the backup's head.
  Command more = InvoiceCmd(10'900'000, "10001", 5'000);
  more.meta.command_id = "after-restore";
  absl::StatusOr<AppendResult> r = copy->Execute(more, Sha256("after-restore"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->first_position, backup->position + 1);
  EXPECT_TRUE(copy->journal().Verify().ok());
}

TEST(BackupTest, RestoreRefusesABrokenBackupAndAnOccupiedTarget) {
  TempDir dir;
  FakeClock clock(TestNow());
  {
    auto core = OpenCore(dir.sub("live"), &clock);
    ASSERT_TRUE(core->Execute(CompanyCmd(), Sha256("company")).ok());
    ASSERT_TRUE(core->Execute(CustomerCmd("10001"), Sha256("customer")).ok());
    for (int i = 0; i < 5; ++i) {
      Command inv = InvoiceCmd(10'000'001 + i, "10001", 1'000);
      inv.meta.command_id = absl::StrCat("invoice-", i);
      ASSERT_TRUE(core->Execute(inv, Sha256(inv.meta.command_id)).ok());
    }
    ASSERT_TRUE(BackupJournal(core->journal(), dir.sub("backup")).ok());
  }
  // Occupied target: refused, untouched.
  std::filesystem::create_directories(dir.sub("occupied"));
  { std::ofstream(dir.sub("occupied") + "/keep") << "x"; }
  EXPECT_EQ(RestoreBackup(dir.sub("backup"), dir.sub("occupied")).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(std::filesystem::exists(dir.sub("occupied") + "/keep"));
  EXPECT_EQ(RestoreBackup(dir.sub("nothing-here"), dir.sub("new")).status().code(),
            absl::StatusCode::kNotFound);

  // Flip a byte of record 3 in the backup: the restore names the position and leaves nothing.
  Tamper(dir.sub("backup"), [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
    std::string value;
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), cf, PositionKey(3), &value).ok());
    value[value.size() / 2] ^= 0x01;
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), cf, PositionKey(3), value).ok());
  });
  absl::StatusOr<BackupReport> broken = RestoreBackup(dir.sub("backup"), dir.sub("restored"));
  EXPECT_EQ(broken.status().code(), absl::StatusCode::kDataLoss) << broken.status();
  EXPECT_NE(broken.status().message().find("position 3"), absl::string_view::npos) << broken.status();
  EXPECT_FALSE(std::filesystem::exists(dir.sub("restored")));
}

}  // namespace
}  // namespace reskontra
