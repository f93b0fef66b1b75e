// Corruption (issue 8): the real reskontrad refuses to start on a journal it cannot verify,
// with a message that names the first bad position (or the damaged file), unless it is told
// to open read-only for forensics; then Verify names the position again.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <cstdio>
#include <filesystem>

#include "core/ledger_core.h"
#include "journal/record.h"
#include "reskontra/v1/ledger.grpc.pb.h"
#include "tests/db_util.h"
#include "tests/server_process.h"
#include "tests/test_util.h"

namespace reskontra {
namespace {

namespace pb = ::reskontra::v1;
namespace fs = std::filesystem;
using namespace reskontra::testing;  // NOLINT

// A ledger of 12 records.
void MakeLedger(const std::string& dir) {
  FakeClock clock(TestNow());
  auto core = LedgerCore::Open({.data_dir = dir, .clock = &clock, .time_zone = absl::UTCTimeZone()});
  ASSERT_TRUE(core.ok()) << core.status();
  ASSERT_TRUE((*core)->Execute(CompanyCmd(), Sha256("company")).ok());
  ASSERT_TRUE((*core)->Execute(CustomerCmd("10001"), Sha256("customer")).ok());
  for (int i = 0; i < 10; ++i) {
    Command inv = InvoiceCmd(10'000'001 + i, "10001", 1'000 + i);
    inv.meta.command_id = absl::StrCat("invoice-", i);
    ASSERT_TRUE((*core)->Execute(inv, Sha256(inv.meta.command_id)).ok());
  }
}

// Moves everything from the write-ahead log into table files.
void FlushAll(const std::string& dir) {
  WithDb(dir, [](rocksdb::DB* db, const auto&, const auto& handles) {
    ASSERT_TRUE(db->Flush(rocksdb::FlushOptions(), handles).ok());
  });
}

// Runs reskontrad on `dir` until it exits or 10 s pass; its exit code and what it printed.
std::pair<int, std::string> RunServer(const std::string& dir) {
  std::string cmd = absl::StrCat("timeout 10 ", RESKONTRAD_PATH, " --data_dir=", dir,
                                 " --listen=127.0.0.1:0 --http_listen=127.0.0.1:0 --demo=false 2>&1");
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = pclose(p);
  return {WEXITSTATUS(status), out};
}

void FlipByteOfRecord(const std::string& dir, uint64_t position) {
  Tamper(dir, [&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
    std::string value;
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), cf, PositionKey(position), &value).ok());
    value[value.size() / 2] ^= 0x04;
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), cf, PositionKey(position), value).ok());
  });
}

std::vector<fs::path> TableFiles(const std::string& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".sst") out.push_back(e.path());
  }
  return out;
}

TEST(CorruptionTest, AFlippedByteStopsTheServerUnlessReadOnlyAndVerifyNamesIt) {
  TempDir tmp;
  const std::string dir = tmp.sub("data");
  MakeLedger(dir);
  ASSERT_EQ(RunServer(tmp.sub("missing-parent/x")).first, 1);  // sanity: a failing start is seen
  FlipByteOfRecord(dir, 5);
  auto [code, out] = RunServer(dir);
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("position 5"), std::string::npos) << out;
  EXPECT_NE(out.find("refusing to start"), std::string::npos) << out;

  Server forensic(dir, /*demo=*/false, {"--read_only"});
  auto stub =
      pb::Ledger::NewStub(grpc::CreateChannel(forensic.address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  pb::VerifyResponse verified;
  grpc::Status s = stub->Verify(&ctx, pb::VerifyRequest(), &verified);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::DATA_LOSS);
  EXPECT_NE(s.error_message().find("position 5"), std::string::npos) << s.error_message();
  // Read-only: commands are refused.
  grpc::ClientContext cctx;
  pb::AddNoteRequest note;
  note.mutable_ctx()->set_command_id("forensic-note");
  note.mutable_ctx()->set_actor("revisor");
  note.mutable_ctx()->set_company(1);
  note.set_invoice_number(10'000'001);
  note.set_text("x");
  pb::CommandResponse resp;
  EXPECT_NE(stub->AddNote(&cctx, note, &resp).error_code(), grpc::StatusCode::OK);
}

TEST(CorruptionTest, AMissingOrTruncatedTableFileStopsTheServer) {
  for (bool truncate : {false, true}) {
    TempDir tmp;
    const std::string dir = tmp.sub("data");
    MakeLedger(dir);
    FlushAll(dir);
    std::vector<fs::path> tables = TableFiles(dir);
    ASSERT_FALSE(tables.empty());
    const fs::path victim = *std::max_element(
        tables.begin(), tables.end(),
        [](const fs::path& a, const fs::path& b) { return fs::file_size(a) < fs::file_size(b); });
    if (truncate) {
      fs::resize_file(victim, fs::file_size(victim) / 2);
    } else {
      fs::remove(victim);
    }
    auto [code, out] = RunServer(dir);
    EXPECT_EQ(code, 1) << out;
    EXPECT_NE(out.find(victim.stem().string()), std::string::npos)
        << (truncate ? "truncated: " : "missing: ") << out;
  }
}

}  // namespace
}  // namespace reskontra
