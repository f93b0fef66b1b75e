// ExecuteBatch and ExecuteStream: each command of a batch is decided in order and is
// all-or-nothing and idempotent on its own; a bad request writes nothing; a stream answers
// every batch once, in order, after its fsync.
#include <gtest/gtest.h>

#include <thread>

#include "tests/grpc_fixture.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT
using L = InProcessLedger;
using S = pb::Ledger::Stub;

pb::BatchCommand Invoice(const std::string& id, int64_t number, int64_t net_ore) {
  pb::BatchCommand c;
  auto& inv = *c.mutable_issue_invoice() = L::With<pb::IssueInvoiceRequest>(id);
  inv.set_invoice_number(number);
  inv.set_customer_number("10001");
  inv.set_invoice_date("2026-10-01");
  inv.set_due_date("2026-10-31");
  auto* l = inv.add_lines();
  l->set_description("Hyra");
  l->set_net_ore(net_ore);
  l->set_revenue_account(3041);
  return c;
}

pb::BatchCommand Payment(const std::string& id, int64_t number, int64_t ore) {
  pb::BatchCommand c;
  auto& pay = *c.mutable_record_payment() = L::With<pb::RecordPaymentRequest>(id);
  pay.set_invoice_number(number);
  pay.set_amount_ore(ore);
  pay.set_transaction_date("2026-10-20");
  return c;
}

class BatchTest : public ::testing::Test {
 protected:
  void SetUp() override { ledger_.SeedInvoice(10001001, 10000, 3041); }
  pb::ExecuteBatchResponse Execute(const pb::ExecuteBatchRequest& r, grpc::StatusCode want = grpc::OK) {
    pb::ExecuteBatchResponse out;
    grpc::Status s = ledger_.Call(&S::ExecuteBatch, r, &out);
    EXPECT_EQ(s.error_code(), want) << s.error_message();
    return out;
  }
  int64_t Balance(int64_t invoice) {
    pb::GetInvoiceRequest r;
    r.set_company(1);
    r.set_invoice_number(invoice);
    pb::Invoice out;
    grpc::Status s = ledger_.Call(&S::GetInvoice, r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out.balance().ore();
  }

  TempDir dir_;
  L ledger_{dir_.path()};
};

TEST_F(BatchTest, EachCommandStandsOnItsOwn) {
  const uint64_t head = ledger_.Head();
  pb::ExecuteBatchRequest r;
  r.set_sequence(7);
  *r.add_commands() = Invoice("b-inv-1", 10001002, 20000);
  *r.add_commands() = Payment("b-pay-1", 10001002, 5000);  // decided after the invoice above
  *r.add_commands() = Payment("b-pay-unknown", 10009999, 5000);
  r.add_commands();  // no command at all
  pb::BatchCommand dry;
  *dry.mutable_run_dunning() = L::With<pb::RunDunningRequest>("b-dry-run");
  dry.mutable_run_dunning()->set_dry_run(true);
  *r.add_commands() = dry;
  *r.add_commands() = Invoice("b-inv-2", 10001002, 1);  // the number is taken
  *r.add_commands() = Payment("b-pay-2", 10001001, 10000);
  pb::ExecuteBatchResponse out = Execute(r);
  ASSERT_EQ(out.results_size(), 7);
  EXPECT_EQ(out.sequence(), 7u);
  EXPECT_EQ(out.written(), 3u);
  EXPECT_EQ(out.refused(), 4u);
  EXPECT_EQ(out.results(0).code(), grpc::OK);
  EXPECT_EQ(out.results(0).result().first_position(), head + 1);
  EXPECT_EQ(out.results(1).code(), grpc::OK);
  EXPECT_EQ(out.results(1).result().first_position(), out.results(0).result().last_position() + 1);
  EXPECT_EQ(out.results(2).code(), grpc::NOT_FOUND) << out.results(2).message();
  EXPECT_EQ(out.results(3).code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(out.results(4).code(), grpc::INVALID_ARGUMENT) << out.results(4).message();
  EXPECT_EQ(out.results(5).code(), grpc::ALREADY_EXISTS) << out.results(5).message();
  EXPECT_EQ(out.results(6).code(), grpc::OK);
  // The refused commands wrote nothing: the positions are dense over the accepted ones.
  EXPECT_EQ(out.results(6).result().first_position(), out.results(1).result().last_position() + 1);
  EXPECT_EQ(ledger_.Head(), out.results(6).result().last_position());
  EXPECT_EQ(Balance(10001002), 15000);
  EXPECT_EQ(Balance(10001001), 0);

  // The same batch again: the written commands replay with their positions, nothing is new.
  const uint64_t after = ledger_.Head();
  pb::ExecuteBatchResponse again = Execute(r);
  EXPECT_EQ(again.written(), 0u);
  EXPECT_EQ(again.replayed(), 3u);
  EXPECT_EQ(again.results(1).result().first_position(), out.results(1).result().first_position());
  EXPECT_TRUE(again.results(1).result().replayed());
  EXPECT_EQ(ledger_.Head(), after);
  EXPECT_EQ(Balance(10001002), 15000);

  // A command of the batch sent alone is the same command: it replays too.
  pb::CommandResponse alone;
  ASSERT_TRUE(ledger_.Call(&S::RecordPayment, r.commands(1).record_payment(), &alone).ok());
  EXPECT_TRUE(alone.result().replayed());
  EXPECT_EQ(alone.result().first_position(), out.results(1).result().first_position());
  // The same id with other content is refused on its own.
  pb::ExecuteBatchRequest other;
  *other.add_commands() = Payment("b-pay-1", 10001002, 4000);
  EXPECT_EQ(Execute(other).results(0).code(), grpc::ALREADY_EXISTS);
  EXPECT_EQ(ledger_.Head(), after);
}

TEST_F(BatchTest, BadRequestsWriteNothing) {
  const uint64_t head = ledger_.Head();
  Execute(pb::ExecuteBatchRequest(), grpc::INVALID_ARGUMENT);
  pb::ExecuteBatchRequest big;
  for (int i = 0; i <= limits::kBatchCommandsMax; ++i)
    *big.add_commands() = Invoice(absl::StrCat("big-", i), 10100000 + i, 100);
  Execute(big, grpc::INVALID_ARGUMENT);
  EXPECT_EQ(ledger_.Head(), head);
}

TEST_F(BatchTest, AFullBatchIsOneGroupCommit) {
  pb::ExecuteBatchRequest r;
  for (int i = 0; i < limits::kBatchCommandsMax; ++i)
    *r.add_commands() = Invoice(absl::StrCat("full-", i), 10100000 + i, 100 + i);
  const uint64_t head = ledger_.Head();
  pb::ExecuteBatchResponse out = Execute(r);
  EXPECT_EQ(out.written(), static_cast<uint32_t>(limits::kBatchCommandsMax));
  EXPECT_EQ(ledger_.Head(), head + limits::kBatchCommandsMax);
  EXPECT_EQ(Balance(10100000 + 4321), 100 + 4321);
}

TEST_F(BatchTest, StreamAnswersEveryBatchInOrderAfterItsFsync) {
  const uint64_t head = ledger_.Head();
  grpc::ClientContext ctx;
  auto stream = ledger_.stub().ExecuteStream(&ctx);
  constexpr int kBatches = 30, kPerBatch = 50;
  std::thread writer([&] {
    for (int b = 0; b < kBatches; ++b) {
      pb::ExecuteBatchRequest r;
      r.set_sequence(b + 1);
      for (int i = 0; i < kPerBatch; ++i) {
        const int64_t n = 10200000 + b * kPerBatch + i;
        *r.add_commands() = Invoice(absl::StrCat("s-inv-", n), n, 1000);
        // The payment of an invoice from the previous batch: decided in stream order.
        if (b > 0) *r.add_commands() = Payment(absl::StrCat("s-pay-", n), n - kPerBatch, 400);
      }
      ASSERT_TRUE(stream->Write(r));
    }
    stream->WritesDone();
  });
  pb::ExecuteBatchResponse resp;
  uint64_t expected_sequence = 1, last = head;
  int written = 0;
  while (stream->Read(&resp)) {
    EXPECT_EQ(resp.sequence(), expected_sequence++);
    EXPECT_EQ(resp.refused(), 0u);
    written += resp.written();
    for (const pb::BatchResult& b : resp.results()) {
      EXPECT_EQ(b.result().first_position(), last + 1);
      last = b.result().last_position();
    }
    // Acknowledged means durable, and already in the projection.
    EXPECT_GE(ledger_.Head(), last);
  }
  writer.join();
  grpc::Status s = stream->Finish();
  EXPECT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(expected_sequence, kBatches + 1u);
  EXPECT_EQ(written, kBatches * kPerBatch + (kBatches - 1) * kPerBatch);
  EXPECT_EQ(ledger_.Head(), last);
  EXPECT_EQ(Balance(10200000), 600);
  EXPECT_EQ(Balance(10200000 + kBatches * kPerBatch - 1), 1000);
}

TEST_F(BatchTest, StreamStopsAtABadBatchAfterAnsweringTheEarlierOnes) {
  grpc::ClientContext ctx;
  auto stream = ledger_.stub().ExecuteStream(&ctx);
  pb::ExecuteBatchRequest good;
  good.set_sequence(1);
  *good.add_commands() = Invoice("s-good", 10300000, 1000);
  pb::ExecuteBatchRequest empty;
  empty.set_sequence(2);
  pb::ExecuteBatchRequest late;
  late.set_sequence(3);
  *late.add_commands() = Invoice("s-late", 10300001, 1000);
  // A client reads while it writes (the in-process transport buffers nothing); the writes
  // after the bad batch may fail once the server has ended the call.
  std::thread writer([&] {
    EXPECT_TRUE(stream->Write(good));
    stream->Write(empty);
    stream->Write(late);
    stream->WritesDone();
  });
  pb::ExecuteBatchResponse resp;
  int responses = 0;
  while (stream->Read(&resp)) {
    ++responses;
    EXPECT_EQ(resp.sequence(), 1u);
  }
  writer.join();
  EXPECT_EQ(stream->Finish().error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(responses, 1);
  EXPECT_EQ(Balance(10300000), 1000);
  pb::GetInvoiceRequest g;
  g.set_company(1);
  g.set_invoice_number(10300001);
  pb::Invoice inv;
  EXPECT_EQ(ledger_.Call(&S::GetInvoice, g, &inv).error_code(), grpc::NOT_FOUND);
}

TEST_F(BatchTest, ConcurrentBatchesAndRetriesWriteEachCommandOnce) {
  const uint64_t head = ledger_.Head();
  constexpr int kThreads = 8, kPerThread = 200;
  std::vector<std::thread> threads;
  std::atomic<int> written{0}, replayed{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Threads t and t^1 send the same commands: each is written once, replayed once.
      pb::ExecuteBatchRequest r;
      for (int i = 0; i < kPerThread; ++i) {
        const int64_t n = 10400000 + (t / 2) * kPerThread + i;
        *r.add_commands() = Invoice(absl::StrCat("c-inv-", n), n, 700);
      }
      pb::ExecuteBatchResponse out;
      grpc::ClientContext ctx;
      ASSERT_TRUE(ledger_.stub().ExecuteBatch(&ctx, r, &out).ok());
      EXPECT_EQ(out.refused(), 0u);
      written += out.written();
      replayed += out.replayed();
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(written.load(), kThreads / 2 * kPerThread);
  EXPECT_EQ(replayed.load(), kThreads / 2 * kPerThread);
  EXPECT_EQ(ledger_.Head(), head + kThreads / 2 * kPerThread);
}

}  // namespace
}  // namespace reskontra
