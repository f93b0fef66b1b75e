// Crash safety of the real server under load (issue 8): reskontrad on the demo ledger takes
// invoices and payments from three gRPC clients, BgMax imports and dunning runs from a fourth,
// with a projection snapshot every 40 records; it is SIGKILLed at a random moment, restarted,
// and checked, round after round:
//   - every acknowledged command is there exactly once: its records carry its command id, and
//     sent again (after the round it was acknowledged in) it is replayed with the positions it
//     was acknowledged with;
//   - the hash chain verifies, the projections equal a rebuild, and reconcile holds.
// CRASH_ROUNDS (default 6) sets the number of kills; scripts/soak.sh runs many more.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "domain/ids.h"
#include "reskontra/v1/ledger.grpc.pb.h"
#include "tests/bgmax_generator.h"
#include "tests/server_process.h"
#include "tests/test_util.h"

namespace reskontra {
namespace {

namespace pb = ::reskontra::v1;
using namespace reskontra::testing;  // NOLINT

// An acknowledged command: how to send it again, and the positions it was acknowledged with.
struct Acked {
  std::string command_id;
  uint64_t first = 0, last = 0;
  // Sends the same request again; returns its status and result.
  std::function<grpc::Status(pb::Ledger::Stub&, pb::CommandResult*)> resend;
};

template <class Req, class Resp>
using Method = grpc::Status (pb::Ledger::Stub::*)(grpc::ClientContext*, const Req&, Resp*);

template <class Req, class Resp>
grpc::Status Send(pb::Ledger::Stub& stub, Method<Req, Resp> m, const Req& r, pb::CommandResult* result) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  Resp out;
  grpc::Status s = (stub.*m)(&ctx, r, &out);
  if (s.ok()) *result = out.result();
  return s;
}

class Load {
 public:
  Load(const std::string& address, int round) : address_(address), round_(round) {}

  // Runs until the server goes away; returns what was acknowledged.
  std::vector<Acked> Run() {
    std::vector<std::thread> threads;
    for (int t = 0; t < 3; ++t) threads.emplace_back([this, t] { Clerk(t); });
    threads.emplace_back([this] { Batches(); });
    for (auto& th : threads) th.join();
    return std::move(acked_);
  }
  std::atomic<int> invoices{0}, payments{0}, imports{0}, runs{0};

 private:
  std::unique_ptr<pb::Ledger::Stub> Stub() {
    return pb::Ledger::NewStub(grpc::CreateChannel(address_, grpc::InsecureChannelCredentials()));
  }
  template <class Req, class Resp>
  bool Do(pb::Ledger::Stub& stub, Method<Req, Resp> m, const Req& r) {
    pb::CommandResult result;
    grpc::Status s = Send(stub, m, r, &result);
    if (!s.ok()) return false;
    std::lock_guard<std::mutex> lock(mu_);
    acked_.push_back({r.ctx().command_id(), result.first_position(), result.last_position(),
                      [m, r](pb::Ledger::Stub& st, pb::CommandResult* out) { return Send(st, m, r, out); }});
    return true;
  }
  template <class Req>
  Req With(const std::string& what) {
    Req r;
    r.mutable_ctx()->set_command_id(absl::StrCat("crash-", round_, "-", what));
    r.mutable_ctx()->set_actor("crash-test");
    r.mutable_ctx()->set_company(1);
    return r;
  }
  InvoiceNumber Number(int t, int i) const { return 11'000'000 + round_ * 40'000 + t * 10'000 + i; }

  void Clerk(int t) {
    auto stub = Stub();
    for (int i = 0; i < 10'000; ++i) {
      auto inv = With<pb::IssueInvoiceRequest>(absl::StrCat(t, "-", i, "-invoice"));
      inv.set_invoice_number(Number(t, i));
      inv.set_customer_number(absl::StrCat("1000", 1 + (i % 8)));
      inv.set_invoice_date("2026-10-01");
      inv.set_due_date("2026-10-31");
      auto* l = inv.add_lines();
      l->set_description("Hyra");
      l->set_net_ore(100'000 + i);
      l->set_vat_rate_bp(2500);
      l->set_revenue_account(3001);
      if (!Do(*stub, &pb::Ledger::Stub::IssueInvoice, inv)) return;
      ++invoices;
      if (i % 3 == 0) {
        auto pay = With<pb::RecordPaymentRequest>(absl::StrCat(t, "-", i, "-payment"));
        pay.set_invoice_number(Number(t, i));
        pay.set_amount_ore(40'000);
        pay.set_transaction_date("2026-11-02");
        if (!Do(*stub, &pb::Ledger::Stub::RecordPayment, pay)) return;
        ++payments;
      }
    }
  }
  // BgMax files paying clerk 2's invoices as they appear, and dunning runs in between.
  void Batches() {
    auto stub = Stub();
    int paid = 0;
    for (int k = 0;; ++k) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      const int issued = invoices.load() / 3;  // about how far clerk 2 has come
      if (paid + 5 <= issued) {
        std::vector<OpenInvoice> open;
        for (int i = paid; i < paid + 5; ++i) {
          open.push_back({Number(2, i), DefaultOcrReference(Number(2, i)), 125'000 + (i * 125) / 100});
        }
        paid += 5;
        BgMaxFile file = GenerateBgMax(open, 5, round_ * 1000 + k, "9912346", Date(2026, 11, 3),
                                       /*first_serial=*/round_ * 1000 + k + 1);
        auto imp = With<pb::ImportBgMaxRequest>(absl::StrCat("import-", k));
        imp.set_file(WriteBgMax(file));
        if (!Do(*stub, &pb::Ledger::Stub::ImportBgMax, imp)) return;
        ++imports;
      } else if (k % 5 == 0) {
        auto run = With<pb::RunDunningRequest>(absl::StrCat("dunning-", k));
        run.set_run_date("2026-11-20");
        pb::CommandResult result;
        grpc::Status s = Send(*stub, &pb::Ledger::Stub::RunDunning, run, &result);
        if (s.error_code() == grpc::StatusCode::UNAVAILABLE) return;
        if (s.ok()) {
          std::lock_guard<std::mutex> lock(mu_);
          acked_.push_back({run.ctx().command_id(), result.first_position(), result.last_position(),
                            [run](pb::Ledger::Stub& st, pb::CommandResult* out) {
                              return Send(st, &pb::Ledger::Stub::RunDunning, run, out);
                            }});
          ++runs;
        }
      }
      if (k > 100'000) return;
    }
  }

  std::string address_;
  int round_;
  std::mutex mu_;
  std::vector<Acked> acked_;
};

// Everything the server holds, checked against what it acknowledged.
// Commands from `resend_from` on are sent again (those of this round; the earlier ones were
// sent again after their own round, and their records are checked every round).
void CheckAfterRestart(pb::Ledger::Stub& stub, const std::vector<Acked>& acked, size_t resend_from,
                       int round) {
  grpc::ClientContext vctx;
  pb::VerifyResponse verified;
  grpc::Status v = stub.Verify(&vctx, pb::VerifyRequest(), &verified);
  ASSERT_TRUE(v.ok()) << "round " << round << ": " << v.error_message();
  EXPECT_TRUE(verified.projections_match_rebuild()) << "round " << round;

  grpc::ClientContext rctx;
  pb::ReconcileResponse reconciled;
  ASSERT_TRUE(stub.Reconcile(&rctx, pb::ReconcileRequest(), &reconciled).ok());
  EXPECT_TRUE(reconciled.ok()) << "round " << round;

  // Position -> command id, for the whole journal; positions are dense.
  std::vector<std::string> command_at(verified.records() + 1);
  grpc::ClientContext sctx;
  pb::SubscribeRequest sub;
  sub.set_history_only(true);
  auto reader = stub.Subscribe(&sctx, sub);
  pb::JournalEvent e;
  uint64_t expect = 1;
  while (reader->Read(&e)) {
    ASSERT_EQ(e.position(), expect++);
    if (e.position() < command_at.size()) command_at[e.position()] = e.command_id();
  }
  ASSERT_TRUE(reader->Finish().ok());
  ASSERT_EQ(expect - 1, verified.records());

  for (size_t i = 0; i < acked.size(); ++i) {
    const Acked& a = acked[i];
    ASSERT_LE(a.last, verified.records()) << a.command_id << " acknowledged but gone (round " << round << ")";
    for (uint64_t p = a.first; p <= a.last; ++p) ASSERT_EQ(command_at[p], a.command_id) << p;
    if (i < resend_from) continue;
    pb::CommandResult again;
    grpc::Status s = a.resend(stub, &again);
    ASSERT_TRUE(s.ok()) << a.command_id << ": " << s.error_message();
    EXPECT_TRUE(again.replayed()) << a.command_id << " was written twice";
    EXPECT_EQ(again.first_position(), a.first) << a.command_id;
    EXPECT_EQ(again.last_position(), a.last) << a.command_id;
  }
}

TEST(ServerCrashTest, KillNineUnderLoadLosesNothingAcknowledged) {
  const int rounds = std::getenv("CRASH_ROUNDS") ? std::atoi(std::getenv("CRASH_ROUNDS")) : 6;
  TempDir tmp;
  const std::string data = tmp.sub("data");
  const std::vector<std::string> args = {"--snapshot_every=40"};
  std::mt19937 rng(20261123);
  std::vector<Acked> acked;
  int invoices = 0, payments = 0, imports = 0, runs = 0;
  for (int round = 0; round < rounds; ++round) {
    Server server(data, /*demo=*/true, args);
    Load load(server.address(), round);
    std::thread killer([&] {
      std::this_thread::sleep_for(
          std::chrono::milliseconds(std::uniform_int_distribution<int>(150, 900)(rng)));
      server.Kill();
    });
    std::vector<Acked> got = load.Run();
    killer.join();
    invoices += load.invoices;
    payments += load.payments;
    imports += load.imports;
    runs += load.runs;
    const size_t resend_from = acked.size();
    acked.insert(acked.end(), std::make_move_iterator(got.begin()), std::make_move_iterator(got.end()));

    Server restarted(data, /*demo=*/true, args);
    auto stub =
        pb::Ledger::NewStub(grpc::CreateChannel(restarted.address(), grpc::InsecureChannelCredentials()));
    CheckAfterRestart(*stub, acked, resend_from, round);
    if (::testing::Test::HasFatalFailure()) return;
  }
  std::printf(
      "kills survived %d, commands acknowledged %zu (invoices %d, payments %d, BgMax imports %d, "
      "dunning runs %d), lost 0\n",
      rounds, acked.size(), invoices, payments, imports, runs);
  EXPECT_GT(invoices, rounds * 10);
  EXPECT_GT(imports, 0);
}

}  // namespace
}  // namespace reskontra
