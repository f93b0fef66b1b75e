// Durable append throughput of the journal and of the whole command path.
//
//   bench/run.sh                  # builds and runs everything below
//   build/bench/journal_bench --benchmark_filter=Append
//
// Every append is fsynced before it returns (sync=true), like an acknowledged command.
// BM_JournalAppend/N: one client, commands of N InvoiceIssued events each.
// BM_JournalAppendConcurrent: 64 clients, one event per command (group commit at work).
// BM_CoreExecute: Decide + journal + projection for IssueInvoice commands.
// BM_EncodeRecord, BM_ComputeRecordHash, BM_DecodeRecord: the record codec alone.
// Data lives under $RESKONTRA_BENCH_DIR (default: the system temp dir).
#include <benchmark/benchmark.h>

#include <atomic>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "core/ledger_core.h"
#include "journal/journal.h"

namespace reskontra {
namespace {

std::string FreshDir(const std::string& name) {
  const char* base = std::getenv("RESKONTRA_BENCH_DIR");
  std::filesystem::path p =
      std::filesystem::path(base ? base : std::filesystem::temp_directory_path().string()) /
      absl::StrCat("reskontra-bench-", name, "-", getpid());
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p.string();
}

absl::Time Now0() { return absl::FromUnixSeconds(1'790'000'000); }

// A realistic invoice event (~300 bytes encoded).
Event InvoiceEvent(uint64_t n, const std::string& command_id) {
  InvoiceIssued v;
  v.invoice_number = 20000000 + static_cast<InvoiceNumber>(n % 9'000'000);
  v.customer_number = absl::StrCat(10000 + n % 5000);
  v.routine = 2;
  v.invoice_date = Date(2026, 10, 1);
  v.due_date = Date(2026, 10, 31);
  v.lines.push_back(InvoiceLine{"Hemtjänst, månadsavgift", Money::FromOre(125000), 0, Money(), 3012});
  v.lines.push_back(InvoiceLine{"Trygghetslarm", Money::FromOre(20000), 2500, Money::FromOre(5000), 3013});
  v.ocr_reference = DefaultOcrReference(v.invoice_number);
  v.total = Money::FromOre(150000);
  return Event{EventMeta{Now0(), Date(2026, 10, 1), 1, "bench", command_id}, std::move(v)};
}

AppendRequest Request(uint64_t id, int events) {
  AppendRequest r;
  r.command_id = absl::StrCat("bench-", id);
  r.fingerprint = Sha256(r.command_id);
  for (int i = 0; i < events; ++i) r.events.push_back(InvoiceEvent(id * 1000 + i, r.command_id));
  return r;
}

// The codec of one record (journal/record.h): what every append does twice (the hash, then
// the stored bytes) and every replay once (with its strict re-encode).
JournalRecord CodecRecord() {
  JournalRecord r;
  r.position = 123456;
  r.event = InvoiceEvent(42, "bench-codec-42");
  r.hash = ComputeRecordHash(r);
  return r;
}

void BM_EncodeRecord(benchmark::State& state) {
  const JournalRecord r = CodecRecord();
  for (auto _ : state) benchmark::DoNotOptimize(EncodeRecord(r));
}
BENCHMARK(BM_EncodeRecord);

void BM_ComputeRecordHash(benchmark::State& state) {
  const JournalRecord r = CodecRecord();
  for (auto _ : state) benchmark::DoNotOptimize(ComputeRecordHash(r));
}
BENCHMARK(BM_ComputeRecordHash);

void BM_DecodeRecord(benchmark::State& state) {
  const std::string bytes = EncodeRecord(CodecRecord());
  for (auto _ : state) {
    absl::StatusOr<JournalRecord> r = DecodeRecord(bytes);
    if (!r.ok()) state.SkipWithError("does not decode");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_DecodeRecord);

void BM_JournalAppend(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0));
  const std::string dir = FreshDir(absl::StrCat("append-", batch));
  {
    auto j = Journal::Open({.path = dir});
    if (!j.ok()) {
      state.SkipWithError(std::string(j.status().message()).c_str());
      return;
    }
    uint64_t id = 0;
    for (auto _ : state) {
      state.PauseTiming();
      AppendRequest r = Request(++id, batch);
      state.ResumeTiming();
      auto result = (*j)->Append(std::move(r));
      if (!result.ok()) state.SkipWithError(std::string(result.status().message()).c_str());
    }
    state.SetItemsProcessed(state.iterations() * batch);
    state.counters["events/s"] =
        benchmark::Counter(static_cast<double>(state.iterations() * batch), benchmark::Counter::kIsRate);
    state.counters["record_bytes"] =
        static_cast<double>(EncodeRecord(JournalRecord{1, InvoiceEvent(1, "bench-1"), {}, {}}).size());
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_JournalAppend)->Arg(1)->Arg(100)->Arg(1000)->UseRealTime()->Unit(benchmark::kMicrosecond);

std::unique_ptr<Journal> g_journal;
std::string g_dir;
std::atomic<uint64_t> g_next{0};

void BM_JournalAppendConcurrent(benchmark::State& state) {
  if (state.thread_index() == 0) {
    g_dir = FreshDir("concurrent");
    g_journal = std::move(*Journal::Open({.path = g_dir}));
  }
  for (auto _ : state) {
    auto result = g_journal->Append(Request(g_next.fetch_add(1) + 1, 1));
    if (!result.ok()) state.SkipWithError(std::string(result.status().message()).c_str());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  if (state.thread_index() == 0) {
    g_journal.reset();
    std::filesystem::remove_all(g_dir);
  }
}
BENCHMARK(BM_JournalAppendConcurrent)->Threads(1)->Threads(64)->UseRealTime()->Unit(benchmark::kMicrosecond);

std::unique_ptr<LedgerCore> g_core;
SystemClock g_clock;

void BM_CoreExecute(benchmark::State& state) {
  if (state.thread_index() == 0) {
    g_dir = FreshDir("core");
    g_core = std::move(
        *LedgerCore::Open({.data_dir = g_dir, .clock = &g_clock, .time_zone = absl::UTCTimeZone()}));
    (void)g_core->Execute(Command{CommandMeta{"bench-company", "bench", 1, {}}, RegisterCompany{"Bench", ""}},
                          Sha256("c"));
    CustomerDetails d;
    d.name = "Bench";
    d.national_id = "8112289874";
    (void)g_core->Execute(
        Command{CommandMeta{"bench-customer", "bench", 1, {}}, RegisterCustomer{"10001", d}}, Sha256("u"));
    g_next = 0;
  }
  for (auto _ : state) {
    uint64_t n = g_next.fetch_add(1);
    IssueInvoice c;
    c.invoice_number = 20000000 + static_cast<InvoiceNumber>(n);
    c.customer_number = "10001";
    c.invoice_date = Date(2026, 10, 1);
    c.due_date = Date(2026, 10, 31);
    c.lines.push_back(IssueInvoiceLine{"Hemtjänst", Money::FromOre(125000), 0, 3012});
    std::string id = absl::StrCat("bench-invoice-", n);
    auto r = g_core->Execute(Command{CommandMeta{id, "bench", 1, {}}, c}, Sha256(id));
    if (!r.ok()) state.SkipWithError(std::string(r.status().message()).c_str());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["commands/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  if (state.thread_index() == 0) {
    g_core.reset();
    std::filesystem::remove_all(g_dir);
  }
}
BENCHMARK(BM_CoreExecute)->Threads(1)->Threads(64)->UseRealTime()->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace reskontra

BENCHMARK_MAIN();
