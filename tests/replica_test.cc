// A read replica (reskontrad --follow) against a real primary under write load, the replica
// SIGKILLed at random moments and restarted: afterwards its journal is the primary's record for
// record (same head hash), its projections equal a rebuild, its queries answer as the primary's,
// it refuses commands, and GetHead reports the primary and the lag. Then its catch-up
// throughput from empty over a bulk-loaded primary.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "reskontra/v1/ledger.grpc.pb.h"
#include "tests/ledger_load.h"
#include "tests/server_process.h"
#include "tests/test_util.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT
namespace pb = ::reskontra::v1;

std::unique_ptr<pb::Ledger::Stub> StubOf(const Server& s) {
  return pb::Ledger::NewStub(grpc::CreateChannel(s.address(), grpc::InsecureChannelCredentials()));
}
pb::GetHeadResponse Head(pb::Ledger::Stub& stub) {
  grpc::ClientContext ctx;
  pb::GetHeadResponse head;
  EXPECT_TRUE(stub.GetHead(&ctx, pb::GetHeadRequest(), &head).ok());
  return head;
}
// Polls the replica until it holds `position` (or a minute passes).
pb::GetHeadResponse WaitFor(pb::Ledger::Stub& replica, uint64_t position) {
  pb::GetHeadResponse h;
  for (int i = 0; i < 600; ++i) {
    h = Head(replica);
    if (h.position() >= position) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return h;
}
pb::SaldolistaResponse Saldolista(pb::Ledger::Stub& stub) {
  grpc::ClientContext ctx;
  pb::SaldolistaRequest r;
  r.set_company_from(1);
  r.set_company_to(1);
  pb::SaldolistaResponse out;
  EXPECT_TRUE(stub.Saldolista(&ctx, r, &out).ok());
  return out;
}

TEST(ReplicaTest, FollowsThePrimaryThroughRandomKills) {
  TempDir dir;
  Server primary(dir.sub("primary"), /*demo=*/true);
  auto primary_stub = StubOf(primary);
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] { WriteInvoices(primary.address(), stop, written, 15'000'000); });

  const std::vector<std::string> follow = {"--follow=" + primary.address()};
  const char* env = std::getenv("REPLICA_ROUNDS");
  const int rounds = env != nullptr ? std::atoi(env) : 5;
  std::mt19937 rng(1789);
  for (int round = 0; round < rounds; ++round) {
    Server replica(dir.sub("replica"), /*demo=*/false, follow);
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(200, 900)(rng)));
    replica.Kill();
  }
  stop = true;
  writer.join();

  Server replica(dir.sub("replica"), /*demo=*/false, follow);
  auto replica_stub = StubOf(replica);
  const pb::GetHeadResponse want = Head(*primary_stub);
  const pb::GetHeadResponse got = WaitFor(*replica_stub, want.position());
  std::printf("replica: %d kills, %d invoices written meanwhile, %llu records followed\n", rounds,
              written.load(), static_cast<unsigned long long>(got.position()));
  ASSERT_EQ(got.position(), want.position());
  EXPECT_EQ(got.hash(), want.hash());  // the same chain, record for record
  EXPECT_EQ(got.primary(), primary.address());
  EXPECT_EQ(got.lag(), 0u);
  EXPECT_EQ(got.replica_error(), "");
  EXPECT_FALSE(got.last_contact().empty());

  grpc::ClientContext vctx;
  pb::VerifyResponse verified;
  ASSERT_TRUE(replica_stub->Verify(&vctx, pb::VerifyRequest(), &verified).ok());
  EXPECT_EQ(verified.records(), want.position());
  EXPECT_TRUE(verified.projections_match_rebuild());
  const pb::SaldolistaResponse a = Saldolista(*replica_stub), b = Saldolista(*primary_stub);
  EXPECT_GT(a.rows_size(), 100);
  EXPECT_EQ(a.SerializeAsString(), b.SerializeAsString());

  // Commands go to the primary.
  pb::IssueInvoiceRequest inv;
  FillInvoice(&inv, "replica-refuses", 15'999'999);
  grpc::ClientContext cctx;
  pb::CommandResponse resp;
  grpc::Status refused = replica_stub->IssueInvoice(&cctx, inv, &resp);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(refused.error_message().find("read replica"), std::string::npos) << refused.error_message();

  // Live: a write on the primary reaches the replica.
  grpc::ClientContext lctx;
  FillInvoice(&inv, "replica-live", 15'999'998);
  ASSERT_TRUE(primary_stub->IssueInvoice(&lctx, inv, &resp).ok());
  EXPECT_EQ(WaitFor(*replica_stub, resp.result().last_position()).hash(), Head(*primary_stub).hash());
}

TEST(ReplicaTest, CatchUpThroughput) {
  TempDir dir;
  Server primary(dir.sub("primary"), /*demo=*/true);
  auto primary_stub = StubOf(primary);
  const char* env = std::getenv("REPLICA_BENCH_INVOICES");
  BulkInvoices(*primary_stub, 16'000'000, env != nullptr ? std::atoi(env) : 20'000);
  const pb::GetHeadResponse want = Head(*primary_stub);
  const absl::Time start = absl::Now();
  Server replica(dir.sub("replica"), /*demo=*/false, {"--follow=" + primary.address()});
  auto replica_stub = StubOf(replica);
  const pb::GetHeadResponse got = WaitFor(*replica_stub, want.position());
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  ASSERT_EQ(got.hash(), want.hash());
  std::printf("replica catch-up: %llu records in %.2f s = %.0f records/s (process start included)\n",
              static_cast<unsigned long long>(want.position()), seconds, want.position() / seconds);
}

}  // namespace
}  // namespace reskontra
