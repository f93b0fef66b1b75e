// Storage faults (issue 8): the ledger over a fault-injecting RocksDB file system.
//   - I/O errors and a full disk: the write is refused (UNAVAILABLE), the ledger refuses every
//     later write instead of acknowledging what is not durable, and after a restart on a sound
//     disk everything acknowledged is there and the chain verifies.
//   - Power loss: from a random moment on the disk takes nothing more, and every byte that was
//     not fsynced is dropped; after a restart nothing acknowledged is missing and the
//     projections equal a rebuild.
#include <gtest/gtest.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <random>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "core/ledger_core.h"
#include "replay/rebuild.h"
#include "tests/test_util.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT
using rocksdb::IOStatus;

enum class Fault { kNone, kIoError, kNoSpace, kPowerLost };

// Wraps the default file system: counts what each file has fsynced, and fails writes and
// syncs while a fault is on.
class FaultFs : public rocksdb::FileSystemWrapper {
 public:
  FaultFs() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "FaultFs"; }

  void Set(Fault f) { fault_ = f; }
  IOStatus Check() const {
    switch (fault_.load()) {
      case Fault::kNone:
        return IOStatus::OK();
      case Fault::kNoSpace:
        return IOStatus::NoSpace("injected: no space left on device");
      default:
        return IOStatus::IOError("injected: I/O error");
    }
  }
  // Power loss: every file loses what it did not fsync.
  void DropUnsyncedData() {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [name, synced] : synced_) {
      if (truncate(name.c_str(), static_cast<off_t>(synced)) != 0 && errno != ENOENT) {
        ADD_FAILURE() << "truncate " << name << ": " << std::strerror(errno);
      }
    }
  }
  void Synced(const std::string& name, uint64_t size) {
    std::lock_guard<std::mutex> lock(mu_);
    synced_[name] = size;
  }

  IOStatus NewWritableFile(const std::string& fname, const rocksdb::FileOptions& opts,
                           std::unique_ptr<rocksdb::FSWritableFile>* result,
                           rocksdb::IODebugContext* dbg) override;
  IOStatus DeleteFile(const std::string& fname, const rocksdb::IOOptions& opts,
                      rocksdb::IODebugContext* dbg) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      synced_.erase(fname);
    }
    return target()->DeleteFile(fname, opts, dbg);
  }
  IOStatus RenameFile(const std::string& src, const std::string& dst, const rocksdb::IOOptions& opts,
                      rocksdb::IODebugContext* dbg) override {
    if (IOStatus s = Check(); !s.ok()) return s;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = synced_.find(src);
      if (it != synced_.end()) {
        synced_[dst] = it->second;
        synced_.erase(src);
      }
    }
    return target()->RenameFile(src, dst, opts, dbg);
  }

 private:
  std::atomic<Fault> fault_ = Fault::kNone;
  std::mutex mu_;
  absl::flat_hash_map<std::string, uint64_t> synced_;  // file -> bytes fsynced
};

class FaultFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  FaultFile(FaultFs* fs, std::string name, std::unique_ptr<rocksdb::FSWritableFile> file)
      : FSWritableFileOwnerWrapper(std::move(file)), fs_(fs), name_(std::move(name)) {}
  IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                  rocksdb::IODebugContext* d) override {
    if (IOStatus s = fs_->Check(); !s.ok()) return s;
    IOStatus s = target()->Append(data, o, d);
    if (s.ok()) size_ += data.size();
    return s;
  }
  IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                  const rocksdb::DataVerificationInfo&, rocksdb::IODebugContext* d) override {
    return Append(data, o, d);
  }
  IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t offset, const rocksdb::IOOptions& o,
                            rocksdb::IODebugContext* d) override {
    if (IOStatus s = fs_->Check(); !s.ok()) return s;
    IOStatus s = target()->PositionedAppend(data, offset, o, d);
    if (s.ok()) size_ = std::max<uint64_t>(size_, offset + data.size());
    return s;
  }
  IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t offset, const rocksdb::IOOptions& o,
                            const rocksdb::DataVerificationInfo&, rocksdb::IODebugContext* d) override {
    return PositionedAppend(data, offset, o, d);
  }
  IOStatus Flush(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d) override {
    if (IOStatus s = fs_->Check(); !s.ok()) return s;
    return target()->Flush(o, d);
  }
  IOStatus Sync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d) override {
    return DoSync(o, d, false);
  }
  IOStatus Fsync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d) override {
    return DoSync(o, d, true);
  }
  IOStatus RangeSync(uint64_t, uint64_t, const rocksdb::IOOptions& o, rocksdb::IODebugContext*) override {
    return fs_->Check();  // a hint: counts as nothing synced
  }
  IOStatus Close(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d) override {
    return target()->Close(o, d);  // closing syncs nothing
  }

 private:
  IOStatus DoSync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d, bool full) {
    if (IOStatus s = fs_->Check(); !s.ok()) return s;
    IOStatus s = target()->Flush(o, d);
    if (s.ok()) s = full ? target()->Fsync(o, d) : target()->Sync(o, d);
    if (s.ok()) fs_->Synced(name_, size_);
    return s;
  }

  FaultFs* fs_;
  std::string name_;
  uint64_t size_ = 0;
};

IOStatus FaultFs::NewWritableFile(const std::string& fname, const rocksdb::FileOptions& opts,
                                  std::unique_ptr<rocksdb::FSWritableFile>* result,
                                  rocksdb::IODebugContext* dbg) {
  if (IOStatus s = Check(); !s.ok()) return s;
  std::unique_ptr<rocksdb::FSWritableFile> file;
  IOStatus s = target()->NewWritableFile(fname, opts, &file, dbg);
  if (!s.ok()) return s;
  Synced(fname, 0);
  *result = std::make_unique<FaultFile>(this, fname, std::move(file));
  return s;
}

class FaultTest : public ::testing::Test {
 protected:
  FaultTest() : fs_(std::make_shared<FaultFs>()), env_(rocksdb::NewCompositeEnv(fs_)) {}

  std::unique_ptr<LedgerCore> Open(rocksdb::Env* env) {
    auto core = LedgerCore::Open(
        {.data_dir = dir_.path(), .clock = &clock_, .time_zone = absl::UTCTimeZone(), .env = env});
    EXPECT_TRUE(core.ok()) << core.status();
    return core.ok() ? std::move(*core) : nullptr;
  }
  static Command Invoice(int i) {
    Command c = InvoiceCmd(10'000'000 + i, "10001", 1'000 + i);
    c.meta.command_id = absl::StrCat("fault-invoice-", i);
    return c;
  }
  // Reopens on a sound disk: every acknowledged command is there at its positions, the chain
  // verifies and the projections equal a rebuild.
  void CheckAcknowledged(const std::vector<std::pair<std::string, AppendResult>>& acked) {
    auto core = Open(nullptr);
    ASSERT_NE(core, nullptr);
    ASSERT_TRUE(core->journal().Verify().ok());
    EXPECT_TRUE(CheckProjectionAgainstRebuild(core->journal(), core->projection()).ok());
    for (const auto& [id, result] : acked) {
      absl::StatusOr<std::optional<CommandEntry>> found = core->journal().FindCommand(id);
      ASSERT_TRUE(found.ok() && found->has_value()) << id << " was acknowledged and is gone";
      EXPECT_EQ((*found)->first_position, result.first_position) << id;
      EXPECT_EQ((*found)->last_position, result.last_position) << id;
    }
  }

  TempDir dir_;
  FakeClock clock_{TestNow()};
  std::shared_ptr<FaultFs> fs_;
  std::unique_ptr<rocksdb::Env> env_;
};

TEST_F(FaultTest, IoErrorsAndAFullDiskAreRefusedAndNothingAcknowledgedIsLost) {
  for (Fault fault : {Fault::kIoError, Fault::kNoSpace}) {
    std::vector<std::pair<std::string, AppendResult>> acked;
    {
      auto core = Open(env_.get());
      ASSERT_NE(core, nullptr);
      if (core->journal().DurableHead() == 0) {
        ASSERT_TRUE(core->Execute(CompanyCmd(), Sha256("company")).ok());
        ASSERT_TRUE(core->Execute(CustomerCmd("10001"), Sha256("customer")).ok());
      }
      const int base = fault == Fault::kIoError ? 0 : 100;
      for (int i = 0; i < 20; ++i) {
        absl::StatusOr<AppendResult> r = core->Execute(Invoice(base + i), Sha256(absl::StrCat(base + i)));
        ASSERT_TRUE(r.ok()) << r.status();
        acked.emplace_back(absl::StrCat("fault-invoice-", base + i), *r);
      }
      const uint64_t head = core->journal().DurableHead();
      fs_->Set(fault);
      absl::StatusOr<AppendResult> refused = core->Execute(Invoice(base + 50), Sha256("refused"));
      EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable) << refused.status();
      // The refused invoice was decided and applied to the one in-memory state before its
      // write failed: no query may show it. They answer UNAVAILABLE instead.
      bool shown = false;
      absl::Status query = core->projection().Query([&](const LedgerState& s, uint64_t) {
        shown = s.FindInvoice(1, 10'000'000 + base + 50) != nullptr;
        return absl::OkStatus();
      });
      EXPECT_EQ(query.code(), absl::StatusCode::kUnavailable)
          << query << (shown ? " (it saw the invoice)" : "");
      absl::Status archive_query = core->projection().QueryWithArchive(
          1, 1, Date(2020, 1, 1),
          [](const LedgerState&, uint64_t, const ArchivedInvoices&) { return absl::OkStatus(); });
      EXPECT_EQ(archive_query.code(), absl::StatusCode::kUnavailable) << archive_query;
      // The fault clears, but the ledger stays refusing until it is restarted and has re-read
      // the journal: it acknowledges nothing it cannot prove durable.
      fs_->Set(Fault::kNone);
      absl::StatusOr<AppendResult> after = core->Execute(Invoice(base + 51), Sha256("after"));
      EXPECT_EQ(after.status().code(), absl::StatusCode::kUnavailable) << after.status();
      EXPECT_EQ(core->journal().health().code(), absl::StatusCode::kUnavailable);
      EXPECT_EQ(core->journal().DurableHead(), head);
    }
    CheckAcknowledged(acked);
  }
}

TEST_F(FaultTest, PowerLossAtRandomMomentsLosesNothingAcknowledged) {
  std::mt19937 rng(8);
  std::vector<std::pair<std::string, AppendResult>> acked;
  std::mutex mu;
  int next = 0;
  const int rounds = std::getenv("POWER_ROUNDS") ? std::atoi(std::getenv("POWER_ROUNDS")) : 8;
  for (int round = 0; round < rounds; ++round) {
    {
      auto core = Open(env_.get());
      ASSERT_NE(core, nullptr);
      if (round == 0) {
        ASSERT_TRUE(core->Execute(CompanyCmd(), Sha256("company")).ok());
        ASSERT_TRUE(core->Execute(CustomerCmd("10001"), Sha256("customer")).ok());
      }
      std::atomic<bool> down = false;
      std::vector<std::thread> writers;
      for (int t = 0; t < 3; ++t) {
        writers.emplace_back([&] {
          while (!down) {
            int i;
            {
              std::lock_guard<std::mutex> lock(mu);
              i = next++;
            }
            absl::StatusOr<AppendResult> r = core->Execute(Invoice(i), Sha256(absl::StrCat(i)));
            if (!r.ok()) {
              EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable) << r.status();
              return;
            }
            std::lock_guard<std::mutex> lock(mu);
            acked.emplace_back(absl::StrCat("fault-invoice-", i), *r);
          }
        });
      }
      std::this_thread::sleep_for(
          std::chrono::milliseconds(std::uniform_int_distribution<int>(20, 200)(rng)));
      fs_->Set(Fault::kPowerLost);  // from now on the disk takes nothing
      down = true;
      for (auto& w : writers) w.join();
    }  // the process "dies": the core closes against a dead disk
    fs_->DropUnsyncedData();
    fs_->Set(Fault::kNone);
    CheckAcknowledged(acked);
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(acked.size(), static_cast<size_t>(rounds) * 5);
  std::printf("power losses survived %d, commands acknowledged %zu, lost 0\n", rounds, acked.size());
}

}  // namespace
}  // namespace reskontra
