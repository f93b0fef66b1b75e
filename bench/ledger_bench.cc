// ledger_bench: the client side of bench/run.sh. Each subcommand measures one thing against
// a running reskontrad (gRPC) or PostgreSQL (libpq) or a stopped data folder, and prints one
// line `name value unit [k=v ...]` per figure for run.sh to tabulate. Never gates.
//
//   ledger_bench ingest    --server 127.0.0.1:50051 --invoices 100000    # ExecuteStream batches
//   ledger_bench clients   --server ... --clients 64 --seconds 10         # one command per call
//   ledger_bench queries   --server ... --date 2024-12-31                 # as-of saldolista etc.
//   ledger_bench runs      --server ... --date 2026-11-23                 # dunning + interest run
//   ledger_bench rebuild   --data_dir data                                # replay, record size
//   ledger_bench pg-ingest --pg "host=/tmp/x port=5433 dbname=bench" --invoices 100000
//   ledger_bench pg-clients / pg-queries: the same for PostgreSQL
#include <grpcpp/grpcpp.h>
#include <libpq-fe.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bench/bench_util.h"
#include "bench/ledger_gen.h"
#include "journal/journal.h"
#include "replay/rebuild.h"
#include "reskontra/v1/ledger.grpc.pb.h"

namespace reskontra::bench {
namespace {

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "ledger_bench: %s\n", what.c_str());
  std::exit(1);
}
double Since(absl::Time t) { return absl::ToDoubleSeconds(absl::Now() - t); }
void Figure(const char* name, double value, const char* unit, const std::string& extra = "") {
  std::printf("%s %.6g %s %s\n", name, value, unit, extra.c_str());
  std::fflush(stdout);
}

// `connection`: channels with different numbers get connections of their own (gRPC would
// otherwise share one subchannel between channels to the same server).
std::unique_ptr<pb::Ledger::Stub> Connect(const std::string& server, int connection = 0) {
  grpc::ChannelArguments args;
  if (connection != 0) args.SetInt("reskontra.bench_connection", connection);
  args.SetMaxSendMessageSize(64 << 20);
  args.SetMaxReceiveMessageSize(64 << 20);
  return pb::Ledger::NewStub(grpc::CreateCustomChannel(server, grpc::InsecureChannelCredentials(), args));
}

uint64_t Head(pb::Ledger::Stub& stub) {
  grpc::ClientContext ctx;
  pb::GetHeadRequest r;
  pb::GetHeadResponse out;
  grpc::Status s = stub.GetHead(&ctx, r, &out);
  if (!s.ok()) Die("GetHead: " + s.error_message());
  return out.position();
}

// --- ours --------------------------------------------------------------------------------

// The generated ledger through ExecuteStream: a writer thread sends batches while this thread
// reads the acknowledgements (each after its batch's fsync).
void Ingest(const std::string& server, const GenOptions& gen_options, size_t batch_size) {
  auto stub = Connect(server);
  const uint64_t head0 = Head(*stub);
  LedgerGenerator gen(gen_options);
  grpc::ClientContext ctx;
  auto stream = stub->ExecuteStream(&ctx);
  const absl::Time t0 = absl::Now();
  std::atomic<uint64_t> sent{0};
  std::thread writer([&] {
    std::vector<pb::BatchCommand> batch;
    pb::ExecuteBatchRequest r;
    uint64_t seq = 0;
    while (gen.Next(batch, batch_size)) {
      r.Clear();
      r.set_sequence(++seq);
      for (pb::BatchCommand& c : batch) *r.add_commands() = std::move(c);
      if (!stream->Write(r)) break;
      sent = seq;
    }
    stream->WritesDone();
  });
  pb::ExecuteBatchResponse resp;
  uint64_t written = 0, refused = 0, batches = 0;
  std::string first_refusal;
  while (stream->Read(&resp)) {
    ++batches;
    written += resp.written() + resp.replayed();
    refused += resp.refused();
    if (resp.refused() > 0 && first_refusal.empty()) {
      for (const pb::BatchResult& b : resp.results())
        if (b.code() != 0) {
          first_refusal = b.message();
          break;
        }
    }
  }
  writer.join();
  grpc::Status s = stream->Finish();
  const double secs = Since(t0);
  if (!s.ok()) Die("ExecuteStream: " + s.error_message());
  if (refused > 0) Die(absl::StrCat(refused, " commands refused, the first: ", first_refusal));
  const uint64_t records = Head(*stub) - head0;
  Figure("ingest_commands", written, "commands", absl::StrCat("batches=", batches));
  Figure("ingest_records", records, "records");
  Figure("ingest_seconds", secs, "s");
  Figure("ingest_commands_per_s", written / secs, "commands/s");
  Figure("ingest_records_per_s", records / secs, "records/s");
}

// `clients` clients, each sending one IssueInvoice per call and its next only after the ack,
// over `connections` connections (clients share them round-robin).
// head_only: GetHead instead, a call that writes nothing: what the machine allows any unary
// call with these clients, the ceiling for the commands.
// callback: the clients are driven by gRPC's callback API instead of a thread each; each one
// still has exactly one call outstanding. On this machine the client shares the server's two
// cores, so a lighter client leaves more of them to the server.
// round: 0..3, a separate range of invoice numbers for each run against the same ledger.
void Clients(const std::string& server, int clients, double seconds, int64_t customers, int connections,
             bool head_only, bool callback, int round) {
  if (round < 0 || round > 3) Die("--round must be 0..3");
  std::vector<std::unique_ptr<pb::Ledger::Stub>> stubs;
  for (int i = 0; i < std::max(connections, 1); ++i) stubs.push_back(Connect(server, i + 1));
  std::atomic<uint64_t> done{0}, failed{0};
  const absl::Time t0 = absl::Now(), until = t0 + absl::Seconds(seconds);
  const std::string run = absl::StrCat(absl::ToUnixMicros(t0));
  struct Client {
    int c = 0;
    int64_t i = 0;  // calls sent
    pb::IssueInvoiceRequest r;
    pb::CommandResponse out;
    pb::GetHeadRequest h;
    pb::GetHeadResponse head;
    std::unique_ptr<grpc::ClientContext> ctx[2];  // the call in flight's and the one before
  };
  std::vector<Client> all(clients);
  auto prepare = [&](Client& k) {  // client c's i-th command
    const int c = k.c;
    const int64_t i = k.i;
    if (i == 0) {
      k.r.mutable_ctx()->set_actor("bench-client");
      k.r.mutable_ctx()->set_company(1);
      k.r.set_invoice_date("2025-12-30");
      k.r.set_due_date("2026-01-29");
      auto* l = k.r.add_lines();
      l->set_description("Hyra");
      l->set_net_ore(50000);
      l->set_revenue_account(3911);
    }
    // Routines 4..9 are the generator's unused ones: 6 × 10 000 000 numbers, 2 500 000 of
    // them for each round.
    k.r.mutable_ctx()->set_command_id(absl::StrCat("cl-", run, "-", c, "-", i));
    k.r.set_invoice_number((4 + c % 6) * 10'000'000LL + round * 2'500'000LL + (c / 6) * 200'000 +
                           i % 200'000);
    // Spread over the generated ledger's customers, as a day's invoicing would be.
    k.r.set_customer_number(absl::StrCat(100000 + (c * 7919 + i * 104729) % customers));
    k.ctx[k.i % 2] = std::make_unique<grpc::ClientContext>();
    return k.ctx[k.i % 2].get();
  };
  for (int c = 0; c < clients; ++c) all[c].c = c;
  if (callback) {
    absl::Mutex mu;
    int running = clients;
    std::function<void(Client&)> send = [&](Client& k) {
      grpc::ClientContext* ctx = prepare(k);
      pb::Ledger::Stub::async_interface* stub = stubs[k.c % stubs.size()]->async();
      auto acked = [&, kp = &k](grpc::Status s) {
        ++(s.ok() ? done : failed);
        ++kp->i;
        if (absl::Now() < until) return send(*kp);
        absl::MutexLock lock(&mu);
        --running;
      };
      if (head_only)
        stub->GetHead(ctx, &k.h, &k.head, std::move(acked));
      else
        stub->IssueInvoice(ctx, &k.r, &k.out, std::move(acked));
    };
    for (Client& k : all) send(k);
    absl::MutexLock lock(&mu);
    mu.Await(absl::Condition(
        +[](int* n) { return *n == 0; }, &running));
  } else {
    std::vector<std::thread> threads;
    for (Client& k : all) {
      threads.emplace_back([&, kp = &k] {
        Client& k = *kp;
        for (; absl::Now() < until; ++k.i) {
          grpc::ClientContext* ctx = prepare(k);
          grpc::Status s = head_only ? stubs[k.c % stubs.size()]->GetHead(ctx, k.h, &k.head)
                                     : stubs[k.c % stubs.size()]->IssueInvoice(ctx, k.r, &k.out);
          ++(s.ok() ? done : failed);
        }
      });
    }
    for (std::thread& t : threads) t.join();
  }
  const double secs = Since(t0);
  Figure(
      absl::StrCat(head_only ? "clients_gethead" : "clients_commands", callback ? "_callback" : "", "_per_s")
          .c_str(),
      done / secs, head_only ? "calls/s" : "commands/s",
      absl::StrCat("clients=", clients, " connections=", stubs.size(), " acked=", done.load(),
                   " failed=", failed.load()));
}

void Queries(const std::string& server, const std::string& date) {
  auto stub = Connect(server);
  pb::SaldolistaRequest r;
  r.mutable_as_of()->set_effective_on(date);
  for (int i = 0; i < 2; ++i) {  // the second run is the one quoted (warm caches on both sides)
    absl::Time t = absl::Now();
    grpc::ClientContext ctx;
    pb::SaldolistaResponse out;
    grpc::Status s = stub->Saldolista(&ctx, r, &out);
    if (!s.ok()) Die("Saldolista: " + s.error_message());
    const double secs = Since(t);
    t = absl::Now();
    grpc::ClientContext ctx2;
    pb::AgedReceivablesResponse aged;
    s = stub->AgedReceivables(&ctx2, r, &aged);
    if (!s.ok()) Die("AgedReceivables: " + s.error_message());
    if (i == 0) continue;
    Figure("saldolista_asof_seconds", secs, "s",
           absl::StrCat("date=", date, " rows=", out.rows_size(),
                        " balance_ore=", out.total().amounts().balance().ore()));
    Figure("kundfordringar_asof_seconds", Since(t), "s");
  }
}

void Runs(const std::string& server, const std::string& date) {
  auto stub = Connect(server);
  pb::RunDunningRequest d;
  d.mutable_ctx()->set_command_id(absl::StrCat("bench-dunning-", date));
  d.mutable_ctx()->set_actor("bench");
  d.mutable_ctx()->set_company(1);
  d.set_run_date(date);
  absl::Time t = absl::Now();
  grpc::ClientContext ctx;
  pb::DunningReceipt receipt;
  grpc::Status s = stub->RunDunning(&ctx, d, &receipt);
  if (!s.ok()) Die("RunDunning: " + s.error_message());
  Figure("dunning_run_seconds", Since(t), "s", absl::StrCat("letters=", receipt.letters_size()));
  pb::InterestRunRequest i;
  i.mutable_ctx()->set_command_id(absl::StrCat("bench-interest-", date));
  i.mutable_ctx()->set_actor("bench");
  i.mutable_ctx()->set_company(1);
  i.mutable_selection()->set_paid_from("2024-01-01");
  i.mutable_selection()->set_paid_to(date);
  t = absl::Now();
  grpc::ClientContext ctx2;
  pb::InterestRunResponse out;
  s = stub->RunInterestInvoicing(&ctx2, i, &out);
  if (!s.ok()) Die("RunInterestInvoicing: " + s.error_message());
  Figure("interest_run_seconds", Since(t), "s", absl::StrCat("claims=", out.claims_size()));
}

void Rebuild(const std::string& data_dir) {
  absl::StatusOr<std::unique_ptr<Journal>> journal = Journal::Open({.path = data_dir, .read_only = true});
  if (!journal.ok()) Die(journal.status().ToString());
  const uint64_t head = (*journal)->DurableHead();
  uint64_t bytes = 0;
  absl::Time t = absl::Now();
  absl::Status s = (*journal)->Scan(1, head, [&](const JournalRecord&, absl::string_view b) {
    bytes += b.size();
    return true;
  });
  if (!s.ok()) Die(s.ToString());
  const double scan_s = Since(t);
  // What reskontrad does at every start before it serves: the whole chain verified.
  t = absl::Now();
  absl::StatusOr<Journal::VerifyReport> verified = (*journal)->Verify();
  if (!verified.ok()) Die(verified.status().ToString());
  const double verify_s = Since(t);
  t = absl::Now();
  absl::StatusOr<LedgerState> state = RebuildState(**journal, head);
  if (!state.ok()) Die(state.status().ToString());
  const double secs = Since(t);
  Figure("record_bytes_avg", static_cast<double>(bytes) / std::max<uint64_t>(head, 1), "bytes");
  Figure("journal_scan_records_per_s", head / scan_s, "records/s");
  Figure("verify_records_per_s", head / verify_s, "records/s", absl::StrCat("seconds=", verify_s));
  Figure("rebuild_records_per_s", head / secs, "records/s",
         absl::StrCat("records=", head, " seconds=", secs, " invoices=", state->invoices.size()));
}

// --- PostgreSQL ----------------------------------------------------------------------------

// What a competent developer would write: an append-only events table with the command's
// bytes, and balance tables (invoices, customers) plus a movements table for as-of questions,
// updated in the same transaction. Prepared statements, pipelined, one transaction per batch.
constexpr const char* kSchema = R"sql(
DROP TABLE IF EXISTS events, movements, invoices, customers;
CREATE TABLE events (
  position bigserial PRIMARY KEY, recorded_at timestamptz NOT NULL DEFAULT now(),
  company int NOT NULL, command_id text NOT NULL UNIQUE, kind smallint NOT NULL, payload bytea NOT NULL);
CREATE TABLE customers (
  company int NOT NULL, number text NOT NULL, name text NOT NULL, national_id text NOT NULL,
  delivery smallint NOT NULL, balance_ore bigint NOT NULL DEFAULT 0, PRIMARY KEY (company, number));
CREATE TABLE invoices (
  company int NOT NULL, number bigint NOT NULL, customer text NOT NULL, invoice_date date NOT NULL,
  due_date date NOT NULL, total_ore bigint NOT NULL, paid_ore bigint NOT NULL DEFAULT 0,
  credited_ore bigint NOT NULL DEFAULT 0, balance_ore bigint NOT NULL, status smallint NOT NULL DEFAULT 0,
  PRIMARY KEY (company, number));
CREATE TABLE movements (
  company int NOT NULL, invoice bigint NOT NULL, effective date NOT NULL, kind smallint NOT NULL,
  amount_ore bigint NOT NULL);
CREATE INDEX movements_effective ON movements (company, effective);
)sql";

struct Pg {
  PGconn* conn = nullptr;
  explicit Pg(const std::string& conninfo) {
    conn = PQconnectdb(conninfo.c_str());
    if (PQstatus(conn) != CONNECTION_OK) Die(std::string("PostgreSQL: ") + PQerrorMessage(conn));
  }
  ~Pg() { PQfinish(conn); }
  void Exec(const std::string& sql) {
    PGresult* r = PQexec(conn, sql.c_str());
    const ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
      Die(std::string("PostgreSQL: ") + PQerrorMessage(conn));
    PQclear(r);
  }
  void Prepare(const char* name, const char* sql, int params) {
    PGresult* r = PQprepare(conn, name, sql, params, nullptr);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) Die(std::string("prepare: ") + PQerrorMessage(conn));
    PQclear(r);
  }
  void Send(const char* name, std::initializer_list<std::string> values) {
    std::vector<const char*> v;
    for (const std::string& s : values) v.push_back(s.c_str());
    if (!PQsendQueryPrepared(conn, name, static_cast<int>(v.size()), v.data(), nullptr, nullptr, 0))
      Die(std::string("send: ") + PQerrorMessage(conn));
  }
  void SendRaw(const char* sql) {
    if (!PQsendQueryParams(conn, sql, 0, nullptr, nullptr, nullptr, nullptr, 0))
      Die(std::string("send: ") + PQerrorMessage(conn));
  }
  // Reads every result up to the pipeline's sync point; dies on the first error.
  void Sync() {
    if (!PQpipelineSync(conn)) Die(std::string("sync: ") + PQerrorMessage(conn));
    while (true) {
      PGresult* r = PQgetResult(conn);
      if (r == nullptr) continue;  // the end of one statement's results
      const ExecStatusType st = PQresultStatus(r);
      PQclear(r);
      if (st == PGRES_PIPELINE_SYNC) return;
      if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        Die(std::string("PostgreSQL: ") + PQerrorMessage(conn));
    }
  }
};

void PrepareStatements(Pg& pg) {
  pg.Prepare("event", "INSERT INTO events (company, command_id, kind, payload) VALUES ($1, $2, $3, $4)", 4);
  pg.Prepare(
      "customer",
      "INSERT INTO customers (company, number, name, national_id, delivery) VALUES ($1, $2, $3, $4, $5)", 5);
  pg.Prepare(
      "invoice",
      "INSERT INTO invoices (company, number, customer, invoice_date, due_date, total_ore, balance_ore) "
      "VALUES ($1, $2, $3, $4, $5, $6, $6)",
      6);
  pg.Prepare(
      "move",
      "INSERT INTO movements (company, invoice, effective, kind, amount_ore) VALUES ($1, $2, $3, $4, $5)", 5);
  // A payment or credit of $3 öre: the invoice and its customer's balance, in one statement.
  pg.Prepare(
      "settle",
      "WITH i AS (UPDATE invoices SET balance_ore = balance_ore - $3, paid_ore = paid_ore + $4, "
      "credited_ore = credited_ore + $3 - $4, status = CASE WHEN balance_ore = $3 THEN $5 ELSE status END "
      "WHERE company = $1 AND number = $2 RETURNING company, customer) "
      "UPDATE customers c SET balance_ore = c.balance_ore - $3 FROM i "
      "WHERE c.company = i.company AND c.number = i.customer",
      5);
  pg.Prepare("customer_invoiced",
             "UPDATE customers SET balance_ore = balance_ore + $3 WHERE company = $1 AND number = $2", 3);
  // An annulment takes off whatever is left.
  pg.Prepare("annul_move",
             "INSERT INTO movements (company, invoice, effective, kind, amount_ore) "
             "SELECT company, number, $3, 3, -balance_ore FROM invoices WHERE company = $1 AND number = $2",
             3);
  pg.Prepare("annul",
             "WITH o AS (SELECT company, customer, balance_ore FROM invoices WHERE company = $1 AND number = "
             "$2 FOR UPDATE), "
             "c AS (UPDATE customers c SET balance_ore = c.balance_ore - o.balance_ore FROM o "
             "WHERE c.company = o.company AND c.number = o.customer) "
             "UPDATE invoices SET balance_ore = 0, status = 3 WHERE company = $1 AND number = $2",
             2);
}

int64_t TotalOf(const pb::IssueInvoiceRequest& r) {
  int64_t total = 0;
  for (const auto& l : r.lines()) total += l.net_ore() + l.net_ore() * l.vat_rate_bp() / 10000;
  return total;
}

// Queues one command's statements; false for commands the baseline does not model (dunning
// runs and the policies: no table of the schema holds them).
bool SendCommand(Pg& pg, const pb::BatchCommand& c) {
  const std::string payload = c.SerializeAsString();
  auto event = [&](const pb::CommandContext& ctx, int kind) {
    const char* values[4];
    const std::string company = absl::StrCat(ctx.company()), k = absl::StrCat(kind);
    values[0] = company.c_str();
    values[1] = ctx.command_id().c_str();
    values[2] = k.c_str();
    values[3] = payload.data();
    const int lengths[4] = {0, 0, 0, static_cast<int>(payload.size())};
    const int formats[4] = {0, 0, 0, 1};
    if (!PQsendQueryPrepared(pg.conn, "event", 4, values, lengths, formats, 0)) Die(PQerrorMessage(pg.conn));
  };
  switch (c.command_case()) {
    case pb::BatchCommand::kRegisterCustomer: {
      const auto& r = c.register_customer();
      event(r.ctx(), 1);
      pg.Send("customer",
              {absl::StrCat(r.ctx().company()), r.customer_number(), r.details().name(),
               r.details().national_id(), absl::StrCat(static_cast<int>(r.details().delivery()))});
      return true;
    }
    case pb::BatchCommand::kIssueInvoice: {
      const auto& r = c.issue_invoice();
      const std::string co = absl::StrCat(r.ctx().company()), n = absl::StrCat(r.invoice_number()),
                        total = absl::StrCat(TotalOf(r));
      event(r.ctx(), 2);
      pg.Send("invoice", {co, n, r.customer_number(), r.invoice_date(), r.due_date(), total});
      pg.Send("move", {co, n, r.invoice_date(), "0", total});
      pg.Send("customer_invoiced", {co, r.customer_number(), total});
      return true;
    }
    case pb::BatchCommand::kRecordPayment: {
      const auto& r = c.record_payment();
      const std::string co = absl::StrCat(r.ctx().company()), n = absl::StrCat(r.invoice_number()),
                        amount = absl::StrCat(r.amount_ore());
      event(r.ctx(), 3);
      pg.Send("move", {co, n, r.transaction_date(), "1", absl::StrCat(-r.amount_ore())});
      pg.Send("settle", {co, n, amount, amount, "1"});
      return true;
    }
    case pb::BatchCommand::kCreditInvoice: {
      const auto& r = c.credit_invoice();
      const std::string co = absl::StrCat(r.ctx().company()), n = absl::StrCat(r.invoice_number()),
                        amount = absl::StrCat(r.amount_ore());
      event(r.ctx(), 4);
      pg.Send("move", {co, n, r.transaction_date(), "2", absl::StrCat(-r.amount_ore())});
      pg.Send("settle", {co, n, amount, "0", "2"});
      return true;
    }
    case pb::BatchCommand::kAnnulInvoice: {
      const auto& r = c.annul_invoice();
      const std::string co = absl::StrCat(r.ctx().company()), n = absl::StrCat(r.invoice_number());
      event(r.ctx(), 5);
      pg.Send("annul_move", {co, n, r.transaction_date()});
      pg.Send("annul", {co, n});
      return true;
    }
    case pb::BatchCommand::kRegisterCompany: {
      event(c.register_company().ctx(), 0);
      return true;
    }
    default:
      return false;
  }
}

void PgIngest(const std::string& conninfo, const GenOptions& gen_options, size_t batch_size) {
  Pg pg(conninfo);
  pg.Exec(kSchema);
  pg.Exec("SET synchronous_commit = on");
  PrepareStatements(pg);
  if (!PQenterPipelineMode(pg.conn)) Die("pipeline mode");
  LedgerGenerator gen(gen_options);
  std::vector<pb::BatchCommand> batch;
  uint64_t commands = 0, skipped = 0;
  const absl::Time t0 = absl::Now();
  while (gen.Next(batch, batch_size)) {
    pg.SendRaw("BEGIN");
    for (const pb::BatchCommand& c : batch) ++(SendCommand(pg, c) ? commands : skipped);
    pg.SendRaw("COMMIT");
    pg.Sync();
  }
  const double secs = Since(t0);
  PQexitPipelineMode(pg.conn);
  Figure("pg_ingest_commands", commands, "commands", absl::StrCat("not_modelled=", skipped));
  Figure("pg_ingest_seconds", secs, "s");
  Figure("pg_ingest_commands_per_s", commands / secs, "commands/s");
  pg.Exec("ANALYZE");
}

void PgClients(const std::string& conninfo, int clients, double seconds, int64_t customers) {
  std::atomic<uint64_t> done{0};
  std::vector<std::thread> threads;
  const absl::Time t0 = absl::Now(), until = t0 + absl::Seconds(seconds);
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      Pg pg(conninfo);
      for (int64_t i = 0; absl::Now() < until; ++i) {
        const int64_t n = (4 + c % 6) * 10'000'000LL + (c / 6) * 200'000 + i % 200'000;
        // One round trip: the transaction as one multi-statement string (numbers only).
        pg.Exec(absl::StrCat(
            "BEGIN; INSERT INTO events (company, command_id, kind, payload) VALUES (1, 'pgcl-", c, "-", i,
            "-", absl::ToUnixMicros(t0), "', 2, '\\x00');",
            "INSERT INTO invoices (company, number, customer, invoice_date, due_date, total_ore, "
            "balance_ore) VALUES (1, ",
            n, ", '100000', '2025-12-30', '2026-01-29', 50000, 50000);", "INSERT INTO movements VALUES (1, ",
            n, ", '2025-12-30', 0, 50000);",
            "UPDATE customers SET balance_ore = balance_ore + 50000 WHERE company = 1 AND number = "
            "'100000'; COMMIT;"));
        ++done;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  Figure("pg_clients_commands_per_s", done / Since(t0), "commands/s", absl::StrCat("clients=", clients));
}

void PgQueries(const std::string& conninfo, const std::string& date) {
  Pg pg(conninfo);
  const std::string saldo = absl::StrCat(
      "SELECT m.company, m.invoice, i.customer, c.name, i.due_date, sum(m.amount_ore) AS balance "
      "FROM movements m JOIN invoices i ON i.company = m.company AND i.number = m.invoice "
      "JOIN customers c ON c.company = i.company AND c.number = i.customer "
      "WHERE m.effective <= '",
      date,
      "' GROUP BY m.company, m.invoice, i.customer, c.name, i.due_date "
      "HAVING sum(m.amount_ore) <> 0 ORDER BY i.customer, m.invoice");
  const std::string aged =
      absl::StrCat("SELECT i.customer, sum(CASE WHEN i.due_date >= '", date,
                   "' THEN b ELSE 0 END), "
                   "sum(CASE WHEN i.due_date < '",
                   date, "' AND i.due_date >= date '", date,
                   "' - 30 THEN b ELSE 0 END), "
                   "sum(CASE WHEN i.due_date < date '",
                   date, "' - 30 AND i.due_date >= date '", date,
                   "' - 60 THEN b ELSE 0 END), "
                   "sum(CASE WHEN i.due_date < date '",
                   date,
                   "' - 60 THEN b ELSE 0 END) "
                   "FROM (SELECT company, invoice, sum(amount_ore) AS b FROM movements WHERE effective <= '",
                   date,
                   "' GROUP BY company, invoice HAVING sum(amount_ore) <> 0) m "
                   "JOIN invoices i ON i.company = m.company AND i.number = m.invoice GROUP BY i.customer");
  for (int i = 0; i < 2; ++i) {
    absl::Time t = absl::Now();
    PGresult* r = PQexec(pg.conn, saldo.c_str());
    if (PQresultStatus(r) != PGRES_TUPLES_OK) Die(PQerrorMessage(pg.conn));
    const int rows = PQntuples(r);
    int64_t total = 0;
    for (int k = 0; k < rows; ++k) total += std::strtoll(PQgetvalue(r, k, 5), nullptr, 10);
    PQclear(r);
    const double secs = Since(t);
    t = absl::Now();
    r = PQexec(pg.conn, aged.c_str());
    if (PQresultStatus(r) != PGRES_TUPLES_OK) Die(PQerrorMessage(pg.conn));
    PQclear(r);
    if (i == 0) continue;
    Figure("pg_saldolista_asof_seconds", secs, "s", absl::StrCat("rows=", rows, " balance_ore=", total));
    Figure("pg_kundfordringar_asof_seconds", Since(t), "s");
  }
}

}  // namespace
}  // namespace reskontra::bench

int main(int argc, char** argv) {
  using namespace reskontra::bench;  // NOLINT
  CLI::App app{"ledger_bench: the measurements of bench/run.sh"};
  app.require_subcommand(1);
  std::string server = "127.0.0.1:50051", pg = "", date = "2024-12-31", data_dir = "data";
  GenOptions gen;
  size_t batch = 1000;
  int clients = 64;
  int64_t customers = 1000;
  double seconds = 10;
  auto gen_flags = [&](CLI::App* c) {
    c->add_option("--invoices", gen.invoices, "invoices to generate");
    c->add_option("--companies", gen.companies, "companies");
    c->add_option("--seed", gen.seed, "generator seed");
    c->add_option("--batch", batch, "commands per batch");
    c->add_option("--dunning_runs", gen.dunning_runs, "a dunning run on the first of each month")
        ->default_val(true);
  };
  CLI::App* ingest = app.add_subcommand("ingest", "the generated ledger through ExecuteStream");
  ingest->add_option("--server", server);
  gen_flags(ingest);
  CLI::App* cl = app.add_subcommand("clients", "concurrent clients, one command per call");
  cl->add_option("--server", server);
  cl->add_option("--clients", clients);
  cl->add_option("--seconds", seconds);
  cl->add_option("--customers", customers, "customers 100000.. to spread the invoices over");
  int connections = 1;
  cl->add_option("--connections", connections, "connections the clients share (1: all on one)");
  bool head_only = false;
  cl->add_flag("--gethead", head_only, "GetHead calls, which write nothing (the ceiling for commands)");
  bool callback = false;
  int round = 0;
  cl->add_option("--round", round,
                 "0..3: the range of invoice numbers of this run (one per run on a ledger)");
  cl->add_flag("--callback", callback, "drive the clients with gRPC's callback API, not a thread each");
  CLI::App* q = app.add_subcommand("queries", "as-of saldolista and kundfordringar");
  q->add_option("--server", server);
  q->add_option("--date", date);
  CLI::App* runs = app.add_subcommand("runs", "a dunning run and an interest-invoice run");
  runs->add_option("--server", server);
  runs->add_option("--date", date);
  CLI::App* rebuild = app.add_subcommand("rebuild", "replay of a stopped server's journal");
  rebuild->add_option("--data_dir", data_dir);
  CLI::App* pgi = app.add_subcommand("pg-ingest", "the generated ledger into PostgreSQL");
  pgi->add_option("--pg", pg)->required();
  gen_flags(pgi);
  CLI::App* pgc = app.add_subcommand("pg-clients", "concurrent PostgreSQL clients, one transaction each");
  pgc->add_option("--pg", pg)->required();
  pgc->add_option("--clients", clients);
  pgc->add_option("--seconds", seconds);
  pgc->add_option("--customers", customers);
  CLI::App* pgq = app.add_subcommand("pg-queries", "the as-of lists in SQL");
  pgq->add_option("--pg", pg)->required();
  pgq->add_option("--date", date);
  CLI11_PARSE(app, argc, argv);
  if (ingest->parsed()) Ingest(server, gen, batch);
  if (cl->parsed()) Clients(server, clients, seconds, customers, connections, head_only, callback, round);
  if (q->parsed()) Queries(server, date);
  if (runs->parsed()) Runs(server, date);
  if (rebuild->parsed()) Rebuild(data_dir);
  if (pgi->parsed()) PgIngest(pg, gen, batch);
  if (pgc->parsed()) PgClients(pg, clients, seconds, customers);
  if (pgq->parsed()) PgQueries(pg, date);
  std::fprintf(stderr, "ledger_bench: peak RSS %ld MB\n", PeakRssMb());
  return 0;
}
