// The JetStream relay end to end: a real reskontrad under write load, a real `nats-server -js`
// on a loopback port with a temporary store, and reskontra-relay SIGKILLed at random moments
// and restarted. Afterwards the stream holds every journal record exactly once, in order, as
// message <position>, with the hash chain intact link by link and its head equal to the
// ledger's. Then the relay's catch-up throughput over the whole journal (a fresh stream).
// Skips only when nats-server is not installed (scripts/setup.sh installs it).
#include "relay/relay.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <thread>

#include "absl/strings/escaping.h"
#include "journal/record.h"
#include "tests/ledger_load.h"
#include "tests/server_process.h"
#include "tests/test_util.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT
namespace pb = ::reskontra::v1;

std::string NatsServerPath() {
  for (const char* p : {"/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"})
    if (std::filesystem::exists(p)) return p;
  return "";
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

// A child process with SIGTERM on Stop and SIGKILL on Kill; its output goes to `log`.
class Child {
 public:
  Child(std::vector<std::string> args, const std::string& log) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                     0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    EXPECT_EQ(posix_spawn(&pid_, args[0].c_str(), &actions, nullptr, argv.data(), environ), 0) << args[0];
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Child() { Kill(); }
  int Stop() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    return Wait();
  }
  void Kill() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    Wait();
  }
  int Wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
};

class RelayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    nats_path_ = NatsServerPath();
    if (nats_path_.empty()) GTEST_SKIP() << "nats-server is not installed (scripts/setup.sh installs it)";
    port_ = FreePort();
    nats_ = std::make_unique<Child>(std::vector<std::string>{nats_path_, "-js", "-a", "127.0.0.1", "-p",
                                                             absl::StrCat(port_), "-sd", dir_.sub("nats")},
                                    dir_.sub("nats.log"));
    relay::Options o = Options("RESKONTRA");
    for (int i = 0; i < 100; ++i) {  // until the server listens
      auto p = relay::Publisher::Connect(o);
      if (p.ok()) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "nats-server did not start";
  }
  // Each stream has its own subjects: RESKONTRA reskontra.>, BENCH bench.>.
  static std::string PrefixOf(const std::string& stream) {
    return stream == "RESKONTRA" ? "reskontra" : "bench";
  }
  relay::Options Options(const std::string& stream) {
    relay::Options o;
    o.nats_url = absl::StrCat("nats://127.0.0.1:", port_);
    o.stream = stream;
    o.subject_prefix = PrefixOf(stream);
    return o;
  }
  std::unique_ptr<Child> Relay(const std::string& ledger, const std::string& stream = "RESKONTRA") {
    return std::make_unique<Child>(
        std::vector<std::string>{RELAY_PATH, "--server=" + ledger,
                                 absl::StrCat("--nats_url=nats://127.0.0.1:", port_), "--stream=" + stream,
                                 "--subject_prefix=" + PrefixOf(stream)},
        dir_.sub("relay.log"));
  }
  static pb::GetHeadResponse Head(pb::Ledger::Stub& stub) {
    grpc::ClientContext ctx;
    pb::GetHeadResponse head;
    EXPECT_TRUE(stub.GetHead(&ctx, pb::GetHeadRequest(), &head).ok());
    return head;
  }
  // Waits until the stream's last position is `position` (or a minute passes).
  uint64_t WaitFor(relay::Publisher& p, uint64_t position) {
    uint64_t at = 0;
    for (int i = 0; i < 600 && at < position; ++i) {
      auto published = p.Published();
      if (published.ok()) at = published->first;
      if (at < position) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return at;
  }
  // Every message 1..head: its position, id, subject and payload agree, and the chain links.
  void CheckStream(relay::Publisher& p, const pb::GetHeadResponse& head, const std::string& prefix) {
    std::string prev_hash(32, '\0');
    for (uint64_t seq = 1; seq <= head.position(); ++seq) {
      absl::StatusOr<relay::StoredRecord> m = p.Get(seq);
      ASSERT_TRUE(m.ok()) << m.status();
      const pb::JournalEvent& e = m->event;
      ASSERT_EQ(e.position(), seq);
      ASSERT_EQ(m->msg_id, absl::StrCat(seq));
      ASSERT_EQ(m->position, absl::StrCat(seq));
      ASSERT_EQ(m->subject, relay::SubjectOf(prefix, e));
      ASSERT_EQ(m->hash_hex, absl::BytesToHexString(e.hash()));
      ASSERT_EQ(e.prev_hash(), prev_hash) << "the chain breaks at " << seq;
      absl::StatusOr<JournalRecord> rec = DecodeRecord(e.record());
      ASSERT_TRUE(rec.ok()) << rec.status();
      ASSERT_EQ(HashToHex(ComputeRecordHash(*rec)), m->hash_hex)
          << "record " << seq << " does not hash to its hash";
      prev_hash = e.hash();
    }
    EXPECT_EQ(absl::BytesToHexString(prev_hash), head.hash());
  }

  TempDir dir_;
  std::string nats_path_;
  int port_ = 0;
  std::unique_ptr<Child> nats_;
};

TEST_F(RelayTest, EveryRecordOnceInOrderThroughRandomRelayKills) {
  Server ledger(dir_.sub("ledger"), /*demo=*/true);
  auto stub = pb::Ledger::NewStub(grpc::CreateChannel(ledger.address(), grpc::InsecureChannelCredentials()));
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] { WriteInvoices(ledger.address(), stop, written, 13'000'000); });

  const char* env = std::getenv("RELAY_ROUNDS");
  const int rounds = env != nullptr ? std::atoi(env) : 6;
  std::mt19937 rng(4711);
  bool started = true;
  for (int round = 0; round < rounds && started; ++round) {
    auto relay = Relay(ledger.address());
    if (round == 0) {
      // The first relay is killed only once it has published something: a slow start (a loaded
      // machine, the sanitizer build) must not leave the later rounds nothing to resume from.
      auto watcher = relay::Publisher::Connect(Options("RESKONTRA"));
      started = watcher.ok() && WaitFor(**watcher, 1) >= 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(150, 900)(rng)));
    relay->Kill();
  }
  stop = true;
  writer.join();
  ASSERT_TRUE(started) << "the first relay published nothing in 60 s";

  auto publisher = relay::Publisher::Connect(Options("RESKONTRA"));
  ASSERT_TRUE(publisher.ok()) << publisher.status();
  auto before = (*publisher)->Published();
  ASSERT_TRUE(before.ok()) << before.status();
  const pb::GetHeadResponse head = Head(*stub);
  ASSERT_GT(before->first, 0u) << "the relay published nothing in " << rounds << " rounds";
  auto relay = Relay(ledger.address());
  ASSERT_EQ(WaitFor(**publisher, head.position()), head.position());
  EXPECT_EQ(relay->Stop(), 0);
  std::printf(
      "relay: %d kills, %d invoices written meanwhile, %llu records in the stream (%llu before the last "
      "run)\n",
      rounds, written.load(), static_cast<unsigned long long>(head.position()),
      static_cast<unsigned long long>(before->first));
  CheckStream(**publisher, head, "reskontra");
}

TEST_F(RelayTest, ARelayRefusesALedgerThatIsNotTheStreams) {
  {
    Server ledger(dir_.sub("first"), /*demo=*/true);
    auto relay = Relay(ledger.address());
    auto publisher = relay::Publisher::Connect(Options("RESKONTRA"));
    ASSERT_TRUE(publisher.ok());
    auto stub =
        pb::Ledger::NewStub(grpc::CreateChannel(ledger.address(), grpc::InsecureChannelCredentials()));
    ASSERT_EQ(WaitFor(**publisher, Head(*stub).position()), Head(*stub).position());
    EXPECT_EQ(relay->Stop(), 0);
  }
  // An empty ledger (restored from nothing) behind the same stream: the relay stops with 3.
  Server other(dir_.sub("other"), /*demo=*/false);
  auto relay = Relay(other.address());
  EXPECT_EQ(relay->Wait(), 3);
  // Another ledger of the same length but other records: the seam's hash differs.
  Server demo(dir_.sub("other-demo"), /*demo=*/true);
  auto relay2 = Relay(demo.address());
  EXPECT_EQ(relay2->Wait(), 3);
}

TEST_F(RelayTest, CatchUpThroughput) {
  Server ledger(dir_.sub("ledger"), /*demo=*/true);
  auto stub = pb::Ledger::NewStub(grpc::CreateChannel(ledger.address(), grpc::InsecureChannelCredentials()));
  // Bulk-load invoices through batches, then relay the whole journal into a fresh stream.
  const char* env = std::getenv("RELAY_BENCH_INVOICES");
  BulkInvoices(*stub, 14'000'000, env != nullptr ? std::atoi(env) : 20'000);
  const pb::GetHeadResponse head = Head(*stub);
  auto publisher = relay::Publisher::Connect(Options("BENCH"));
  ASSERT_TRUE(publisher.ok()) << publisher.status();
  const absl::Time start = absl::Now();
  auto relay = Relay(ledger.address(), "BENCH");
  ASSERT_EQ(WaitFor(**publisher, head.position()), head.position());
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  EXPECT_EQ(relay->Stop(), 0);
  std::printf("relay catch-up: %llu records in %.2f s = %.0f records/s (process start included)\n",
              static_cast<unsigned long long>(head.position()), seconds, head.position() / seconds);
  CheckStream(**publisher, head, "bench");
}

}  // namespace
}  // namespace reskontra
