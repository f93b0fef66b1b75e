// End to end: the real reskontrad binary on a temporary folder and port, driven by the real
// reskontra CLI binary and by a gRPC client. Invoice -> partial payment -> credit -> payment
// in full (slutbetald), Subscribe exactly once with a resume from a stored position, and the
// server restarted on the same folder.
#include <fcntl.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "domain/ids.h"
#include "domain/interest.h"
#include "formats/bgmax.h"
#include "journal/record.h"
#include "reskontra/v1/ledger.grpc.pb.h"
#include "tests/camt_generator.h"
#include "tests/pdf_text.h"
#include "tests/server_process.h"
#include "tests/test_util.h"

namespace reskontra {
namespace {

namespace pb = ::reskontra::v1;
using testing::Server;
using testing::TempDir;

struct CliResult {
  int exit_code;
  std::string out;
  std::string err;
};

CliResult Cli(const Server& server, const std::vector<std::string>& args, const TempDir& tmp) {
  std::string cmd = absl::StrCat(RESKONTRA_CLI_PATH, " --server ", server.address());
  for (const std::string& a : args) cmd += " '" + a + "'";
  std::string err_path = tmp.sub("cli.err");
  cmd += " 2>" + err_path;
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = pclose(p);
  std::ifstream ef(err_path);
  std::string err((std::istreambuf_iterator<char>(ef)), std::istreambuf_iterator<char>());
  return {WEXITSTATUS(status), out, err};
}

// A CLI call that must succeed: its standard output.
std::string CliOk(const Server& server, const std::vector<std::string>& args, const TempDir& tmp) {
  CliResult r = Cli(server, args, tmp);
  EXPECT_EQ(r.exit_code, 0) << absl::StrJoin(args, " ") << "\n" << r.err;
  return r.out;
}

// The value of "key":<int> in the CLI's JSON output of an Amount field.
int64_t AmountOre(const std::string& json, const std::string& field) {
  std::string key = absl::StrCat("\"", field, "\":{\"ore\":");
  size_t at = json.find(key);
  EXPECT_NE(at, std::string::npos) << field << " in " << json;
  return at == std::string::npos ? -1 : std::atoll(json.c_str() + at + key.size());
}

TEST(IntegrationTest, CliAndGrpcAgainstTheRealServer) {
  TempDir tmp;
  const std::string data = tmp.sub("data");
  Server server(data, /*demo=*/false);
  auto ok = [&](const std::vector<std::string>& args) { return CliOk(server, args, tmp); };
  ok({"company", "add", "--name", "Exempelkommun"});
  ok({"customer", "add", "10001", "--name", "Anna Lindqvist", "--national-id", "811228-9874", "--city",
      "Karlskrona"});
  ok({"invoice", "issue", "020001001", "--customer", "10001", "--invoice-date", "2026-10-01", "--due-date",
      "2026-10-31", "--line", "Hemtjänst oktober;1000,00;0;3012", "--line", "Trygghetslarm;200;25;3013"});
  std::string inv = ok({"invoice", "show", "020001001", "--json"});
  EXPECT_EQ(AmountOre(inv, "invoiced"), 125000);  // 1000 + 200 + 50 VAT
  EXPECT_EQ(AmountOre(inv, "balance"), 125000);

  ok({"payment", "record", "--invoice", "020001001", "--amount", "500,50", "--date", "2026-10-20"});
  ok({"invoice", "credit", "020001001", "--amount", "200", "--credit-note", "K1", "--remark",
      "Larm ej installerat", "--date", "2026-10-21"});
  inv = ok({"invoice", "show", "020001001", "--json"});
  EXPECT_EQ(AmountOre(inv, "paid"), 50050);
  EXPECT_EQ(AmountOre(inv, "credited"), 20000);
  EXPECT_EQ(AmountOre(inv, "balance"), 54950);
  EXPECT_TRUE(absl::StrContains(inv, "\"slutbetald_date\":\"\""));

  ok({"payment", "record", "--invoice", "020001001", "--amount", "549,50", "--date", "2026-11-03"});
  inv = ok({"invoice", "show", "020001001", "--json"});
  EXPECT_EQ(AmountOre(inv, "balance"), 0);
  EXPECT_TRUE(absl::StrContains(inv, "\"slutbetald_date\":\"2026-11-03\"")) << inv;
  EXPECT_TRUE(absl::StrContains(inv, "INVOICE_STATUS_PAID"));
  std::string customer = ok({"customer", "show", "10001", "--json"});
  EXPECT_EQ(AmountOre(customer, "debt"), 0);
  // A payment that was wrongly reported is debited back, then written off as a loss.
  ok({"invoice", "debit", "020001001", "--amount", "100", "--remark", "Felregistrerad", "--date",
      "2026-11-04"});
  inv = ok({"invoice", "show", "020001001", "--json"});
  EXPECT_EQ(AmountOre(inv, "balance"), 10000);
  EXPECT_TRUE(absl::StrContains(inv, "\"slutbetald_date\":\"\"")) << inv;
  ok({"invoice", "note", "020001001", "Kunden bestrider; skrivs av"});
  ok({"invoice", "write-off", "020001001", "--remark", "Konstaterad förlust", "--date", "2026-11-05"});
  inv = ok({"invoice", "show", "020001001", "--json"});
  EXPECT_EQ(AmountOre(inv, "written_off"), 10000);
  EXPECT_TRUE(absl::StrContains(inv, "INVOICE_STATUS_WRITTEN_OFF")) << inv;
  EXPECT_TRUE(absl::StrContains(inv, "\"slutbetald_date\":\"2026-11-05\"")) << inv;
  std::string human = ok({"invoice", "show", "020001001"});
  EXPECT_TRUE(absl::StrContains(human, "1 250,00")) << human;

  // Errors: the gRPC code name on stderr, non-zero exit, nothing written.
  std::string head_before = ok({"events", "tail", "--from", "1", "--json"});
  CliResult r = Cli(server, {"invoice", "credit", "020001001", "--amount", "1"}, tmp);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(absl::StartsWith(r.err, "FAILED_PRECONDITION: ")) << r.err;
  r = Cli(server, {"payment", "record", "--invoice", "020009999", "--amount", "10"}, tmp);
  EXPECT_TRUE(absl::StartsWith(r.err, "NOT_FOUND: ")) << r.err;
  r = Cli(server, {"payment", "record", "--invoice", "020001001", "--amount", "10,005"}, tmp);
  EXPECT_TRUE(absl::StartsWith(r.err, "INVALID_ARGUMENT: ")) << r.err;
  EXPECT_NE(r.exit_code, 0);
  r = Cli(server,
          {"invoice", "issue", "020001002", "--customer", "10001", "--invoice-date", "2026-02-30",
           "--due-date", "2026-03-30", "--line", "X;1;0;3012"},
          tmp);
  EXPECT_TRUE(absl::StartsWith(r.err, "INVALID_ARGUMENT: ")) << r.err;
  EXPECT_EQ(ok({"events", "tail", "--from", "1", "--json"}), head_before);
  std::string verify = ok({"audit", "verify"});
  EXPECT_TRUE(absl::StrContains(verify, "chain OK")) << verify;
  EXPECT_TRUE(absl::StrContains(verify, "projections match")) << verify;

  // Audit: the saldolista on the effective axis (after the first payment), its exports, the
  // ageing, the chain head an auditor writes down and the invoice's trail.
  std::string saldo = ok({"report", "saldolista", "--include-paid"});
  EXPECT_TRUE(absl::StrContains(saldo, "TOTALT (1 fakturor)")) << saldo;
  saldo = ok({"report", "saldolista", "--as-of-effective", "2026-10-20"});
  EXPECT_TRUE(absl::StrContains(saldo, "749,50")) << saldo;
  EXPECT_TRUE(
      absl::StrContains(ok({"report", "saldolista", "--as-of-effective", "2026-10-20", "--format", "csv"}),
                        "faktura;1;2;020001001;10001;"))
      << saldo;
  EXPECT_TRUE(
      absl::StrContains(ok({"report", "saldolista", "--as-of-effective", "2026-10-20", "--format", "csv"}),
                        ";1250.00;0.00;-500.50;749.50\n"));
  const std::string xlsx = absl::StrCat(tmp.path(), "/saldolista.xlsx");
  ok({"report", "saldolista", "--as-of-effective", "2026-10-20", "--format", "xlsx", "--out", xlsx});
  std::ifstream xf(xlsx, std::ios::binary);
  std::string magic(2, '\0');
  xf.read(magic.data(), 2);
  EXPECT_EQ(magic, "PK");
  std::string aged = ok({"report", "kundfordringar", "--as-of-effective", "2026-11-04"});
  EXPECT_TRUE(absl::StrContains(aged, "TOTALT")) << aged;
  EXPECT_TRUE(absl::StrContains(aged, "100,00")) << aged;  // the debited 100 kr, 1-30 days late
  r = Cli(server, {"report", "saldolista", "--as-of-effective", "2026-13-01"}, tmp);
  EXPECT_TRUE(absl::StartsWith(r.err, "INVALID_ARGUMENT: ")) << r.err;
  std::string head_line = ok({"audit", "head"});
  EXPECT_TRUE(absl::StrContains(verify, head_line.substr(head_line.find("hash ") + 5, 64)))
      << head_line << verify;
  std::string trail = ok({"audit", "trail", "020001001"});
  for (const char* type :
       {"InvoiceIssued", "PaymentAllocated", "InvoiceCredited", "DebitAdjusted", "WrittenOff"})
    EXPECT_TRUE(absl::StrContains(trail, type)) << type << "\n" << trail;
  EXPECT_TRUE(absl::StrContains(ok({"audit", "reconcile"}), "avstämning OK"));
  EXPECT_TRUE(
      absl::StrContains(ok({"audit", "reconcile", "--as-of-effective", "2026-10-20"}), "avstämning OK"));
  std::string postings = ok({"audit", "postings", "--invoice", "020001001"});
  EXPECT_TRUE(absl::StrContains(postings, "WrittenOff 020001001")) << postings;
  EXPECT_TRUE(absl::StrContains(postings, "6351")) << postings;
  const std::string sie = absl::StrCat(tmp.path(), "/reskontra.se");
  ok({"audit", "sie", "--dates", "2026-01-01..2026-12-31", "--out", sie});
  std::ifstream sf(sie, std::ios::binary);
  std::string first_line;
  std::getline(sf, first_line);
  EXPECT_EQ(first_line, "#FLAGGA 0");
  std::string stats = ok({"report", "statistik", "--dates", "2026-10-01..2026-11-30"});
  EXPECT_TRUE(absl::StrContains(stats, "fakturerat")) << stats;
  EXPECT_TRUE(absl::StrContains(stats, "avskrivet")) << stats;
  ok({"company", "accounts", "set", "--routine", "3", "--fees", "3591"});
  std::string plan = ok({"company", "accounts", "show", "--routine", "3"});
  EXPECT_TRUE(absl::StrContains(plan, "3591")) << plan;
  EXPECT_TRUE(absl::StrContains(plan, "1510")) << plan;
  r = Cli(server, {"company", "accounts", "set", "--receivables", "1930"}, tmp);
  EXPECT_TRUE(absl::StartsWith(r.err, "INVALID_ARGUMENT: ")) << r.err;
  ok({"audit", "close", "--through", "2026-01-31"});
  r = Cli(server, {"audit", "close", "--through", "2026-01-15"}, tmp);
  EXPECT_TRUE(absl::StartsWith(r.err, "FAILED_PRECONDITION: ")) << r.err;
  std::string profit = ok({"report", "lonsamhet", "--on", "2026-11-20"});
  EXPECT_TRUE(absl::StrContains(profit, "TOTALT")) << profit;
  EXPECT_TRUE(absl::StrContains(profit, "papper")) << profit;
  r = Cli(server, {"report", "lonsamhet", "--rate", "-5"}, tmp);
  EXPECT_TRUE(absl::StartsWith(r.err, "INVALID_ARGUMENT: ")) << r.err;
  std::string run = ok({"audit", "post-run", "--preview"});
  EXPECT_TRUE(absl::StrContains(run, "Förhandsvisning")) << run;
  run = ok({"audit", "post-run"});
  EXPECT_TRUE(absl::StrContains(run, "Bokföringsorder")) << run;
  EXPECT_TRUE(absl::StrContains(ok({"audit", "postings"}), ", bokförd "));
  r = Cli(server, {"audit", "post-run"}, tmp);
  EXPECT_TRUE(absl::StartsWith(r.err, "FAILED_PRECONDITION: ")) << r.err;
  std::string archive = ok({"invoice", "archive", "--paid-before", "2026-11-01", "--preview"});
  EXPECT_TRUE(absl::StrContains(archive, "endast lista: 0 fakturor")) << archive;  // written off stays
  r = Cli(server, {"invoice", "archive", "--paid-before", "2026-11-01", "--keep-code", "12"}, tmp);
  EXPECT_NE(r.exit_code, 0);

  // gRPC: Subscribe from the start, stop at a stored position, resume after a reconnect.
  auto stub = pb::Ledger::NewStub(grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials()));
  std::vector<uint64_t> positions;
  std::string prev_hash(32, '\0');
  auto read = [&](uint64_t from, size_t count) {
    grpc::ClientContext ctx;
    pb::SubscribeRequest req;
    req.set_from_position(from);
    auto reader = stub->Subscribe(&ctx, req);
    pb::JournalEvent e;
    while (count > 0 && reader->Read(&e)) {
      positions.push_back(e.position());
      EXPECT_EQ(e.prev_hash(), prev_hash) << e.position();
      auto rec = DecodeRecord(e.record());
      EXPECT_TRUE(rec.ok() && ComputeRecordHash(*rec) == rec->hash);
      prev_hash = e.hash();
      --count;
    }
    ctx.TryCancel();
    reader->Finish();
  };
  read(1, 4);
  const uint64_t stored = positions.back();
  std::string more =
      ok({"invoice", "issue", "020001002", "--customer", "10001", "--invoice-date", "2026-11-01",
          "--due-date", "2026-11-30", "--line", "Hemtjänst november;900;0;3012"});
  grpc::ClientContext hctx;
  pb::GetHeadResponse head;
  ASSERT_TRUE(stub->GetHead(&hctx, pb::GetHeadRequest(), &head).ok());
  read(stored + 1, head.position() - stored);
  ASSERT_EQ(positions.size(), head.position());
  for (size_t i = 0; i < positions.size(); ++i) EXPECT_EQ(positions[i], i + 1);

  // Restart on the same folder: everything is still there.
  server.Stop();
  Server again(data, /*demo=*/true);  // not empty: no demo data is added
  inv = Cli(again, {"invoice", "show", "020001001", "--json"}, tmp).out;
  EXPECT_TRUE(absl::StrContains(inv, "\"slutbetald_date\":\"2026-11-05\"")) << inv;
  std::string tail = Cli(again, {"events", "tail", "--from", "1"}, tmp).out;
  EXPECT_EQ(std::count(tail.begin(), tail.end(), '\n'), static_cast<long>(head.position()));
}

TEST(IntegrationTest, ImportABgMaxFileWithTheCli) {
  TempDir tmp;
  Server server(tmp.sub("data"), /*demo=*/false);
  auto ok = [&](const std::vector<std::string>& args) { return CliOk(server, args, tmp); };
  ok({"company", "add", "--name", "Exempelkommun"});
  ok({"company", "payment-settings", "--bankgiro", "9912346", "--over-limit", "5", "--under-limit", "10"});
  ok({"customer", "add", "10001", "--name", "Anna Lindqvist", "--national-id", "811228-9874"});
  ok({"invoice", "issue", "020001001", "--customer", "10001", "--invoice-date", "2026-10-01", "--due-date",
      "2026-10-31", "--line", "Hemtjänst oktober;1000,00;0;3012"});
  BgMaxFile file;
  file.version = 1;
  file.timestamp = "20261119060000000000";
  BgMaxDeposit d;
  d.bankgiro = "9912346";
  d.currency = "SEK";
  d.bank_account = "991234";
  d.payment_date = Date(2026, 11, 19);
  d.serial = 1;
  BgMaxPayment exact;
  exact.sender_bankgiro = "5555555";
  exact.reference = DefaultOcrReference(20001001);
  exact.amount = Money::FromOre(99500);  // 5 kr short: written off
  exact.reference_code = kBgMaxRefOcr;
  exact.channel_code = 3;
  exact.bgc_serial = "000000000001";
  exact.payer_name = "Anna Lindqvist";
  BgMaxPayment stray = exact;
  stray.reference = "Hyra november";
  stray.reference_code = kBgMaxRefText;
  stray.amount = Money::FromOre(45000);
  d.payments = {exact, stray};
  d.amount = Money::FromOre(99500 + 45000);
  file.deposits.push_back(d);
  const std::string path = tmp.sub("bgmax.txt");
  std::ofstream(path, std::ios::binary) << WriteBgMax(file);

  std::string receipt = ok({"import", "bgmax", path});
  EXPECT_TRUE(absl::StrContains(receipt, "1 445,00")) << receipt;  // received
  receipt = Cli(server, {"import", "bgmax", path, "--json"}, tmp).err;
  EXPECT_TRUE(absl::StartsWith(receipt, "FAILED_PRECONDITION: ")) << receipt;  // a re-send needs confirming
  std::string inv = ok({"invoice", "show", "020001001", "--json"});
  EXPECT_EQ(AmountOre(inv, "balance"), 0);
  EXPECT_TRUE(absl::StrContains(inv, "\"slutbetald_date\":\"2026-11-19\"")) << inv;
  std::string queue = ok({"payment", "unmatched", "--json"});
  EXPECT_TRUE(absl::StrContains(queue, "Hyra november")) << queue;
  EXPECT_EQ(AmountOre(queue, "total"), 45000);
  // A confirmed re-send books nothing that was booked: the receipt lists what it skipped.
  std::string again = ok({"import", "bgmax", path, "--confirm-resend", "--json"});
  EXPECT_EQ(AmountOre(again, "skipped_total"), 99500 + 45000) << again;
  EXPECT_EQ(AmountOre(again, "received"), 0) << again;
  std::string human = ok({"import", "payments", path, "--confirm-resend"});
  EXPECT_TRUE(absl::StrContains(human, "(BGMAX)")) << human;
  EXPECT_TRUE(absl::StrContains(human, "redan bokförda            2")) << human;
  EXPECT_TRUE(absl::StrContains(human, "2026-11-19 450,00 kr ref Hyra november")) << human;
  // camt.054 of the same bankgiro, named or recognised; the wrong name is refused.
  testing::CamtFile camt;
  camt.bankgiro = "9912346";
  testing::CamtEntry entry;
  entry.date = "2026-11-20";
  testing::CamtTx tx;
  tx.ore = 5000;
  tx.bank_ref = "TX-1";
  tx.ustrd = {"Tack för lånet"};
  entry.txs.push_back(tx);
  camt.entries.push_back(entry);
  std::ofstream(tmp.sub("camt.xml"), std::ios::binary) << testing::WriteCamt(camt);
  CliResult wrong = Cli(server, {"import", "camt053", tmp.sub("camt.xml")}, tmp);
  EXPECT_TRUE(absl::StrContains(wrong.err, "the file is CAMT054, not CAMT053")) << wrong.err;
  std::string camt_receipt = ok({"import", "camt054", tmp.sub("camt.xml")});
  EXPECT_TRUE(absl::StrContains(camt_receipt, "(CAMT054, meddelande MSG-1)")) << camt_receipt;
  EXPECT_TRUE(absl::StrContains(ok({"payment", "unmatched"}), "50,00")) << ok({"payment", "unmatched"});
  // A broken file: the line and the reason, nothing written.
  std::ofstream(tmp.sub("broken.txt"), std::ios::binary) << WriteBgMax(file).substr(0, 200);
  CliResult broken = Cli(server, {"import", "bgmax", tmp.sub("broken.txt")}, tmp);
  EXPECT_TRUE(absl::StartsWith(broken.err, "INVALID_ARGUMENT: BgMax line ")) << broken.err;
  EXPECT_EQ(ok({"audit", "verify"}).find("projections match") != std::string::npos, true);
}

TEST(IntegrationTest, PaymentMethodsAndReportsWithTheCli) {
  TempDir tmp;
  Server server(tmp.sub("data"), /*demo=*/false);
  auto ok = [&](const std::vector<std::string>& args) { return CliOk(server, args, tmp); };
  ok({"company", "add", "--name", "Exempelkommun"});
  ok({"customer", "add", "10001", "--name", "Anna Lindqvist", "--national-id", "811228-9874"});
  ok({"invoice", "issue", "020001001", "--customer", "10001", "--invoice-date", "2026-10-01", "--due-date",
      "2026-10-31", "--line", "Hemtjänst oktober;1000,00;0;3012"});
  ok({"method", "define", "P", "--text", "Påminnelseavg", "--special", "P"});
  ok({"method", "define", "1", "--text", "Kontant"});
  EXPECT_TRUE(absl::StrContains(ok({"method", "list"}), "Påminnelseavg"));
  ok({"invoice", "fee", "020001001", "--amount", "60", "--kind", "reminder"});
  CliResult too_much =
      Cli(server, {"payment", "record", "--invoice", "020001001", "--amount", "61", "--method", "P"}, tmp);
  EXPECT_EQ(too_much.exit_code, 1);
  EXPECT_TRUE(absl::StartsWith(too_much.err, "FAILED_PRECONDITION: ")) << too_much.err;
  ok({"payment", "record", "--invoice", "020001001", "--amount", "60", "--method", "P"});
  ok({"payment", "record", "--invoice", "020001001", "--amount", "400", "--method", "1"});
  ok({"invoice", "watch", "020001001", "Kronofogden"});
  ok({"payment", "record", "--customer", "10001", "--amount", "100"});
  std::string list = ok({"report", "inbetalningslista"});
  EXPECT_TRUE(absl::StrContains(list, "summa sätt")) << list;
  EXPECT_TRUE(absl::StrContains(list, "Totalt 3 händelser 560,00 kr")) << list;
  std::string json = ok({"report", "inbetalningslista", "--method", "1", "--json"});
  EXPECT_EQ(AmountOre(json, "total"), 40000) << json;
  std::string forecast = ok({"report", "prognos", "--json"});
  EXPECT_EQ(AmountOre(forecast, "total"), 100000 - 40000 - 10000) << forecast;
  std::string signals = ok({"report", "bevakning"});
  EXPECT_TRUE(absl::StrContains(signals, "Kronofogden")) << signals;  // the customer payment hit it
  CliResult bad = Cli(server, {"report", "inbetalningslista", "--due", "2026-12-01..2026-11-01"}, tmp);
  EXPECT_TRUE(absl::StartsWith(bad.err, "INVALID_ARGUMENT: ")) << bad.err;
  EXPECT_EQ(ok({"audit", "verify"}).find("projections match") != std::string::npos, true);
}

// The subcommands no other test drives, one of each area file (cli/company.cc, invoices.cc,
// payments.cc, journal.cc): each parses, sends what it says, and prints the answer.
TEST(IntegrationTest, EveryAreaOfTheCliReachesTheServer) {
  TempDir tmp;
  Server server(tmp.sub("data"), /*demo=*/false);
  auto ok = [&](const std::vector<std::string>& args) { return CliOk(server, args, tmp); };
  ok({"company", "add", "--name", "Exempelkommun"});
  ok({"customer", "add", "10001", "--name", "Anna Lindqvist", "--national-id", "811228-9874"});
  ok({"customer", "change", "10001", "--name", "Anna Berg", "--national-id", "811228-9874", "--city",
      "Alingsås"});
  ok({"customer", "note", "10001", "Ringde om fakturan"});
  EXPECT_TRUE(absl::StrContains(ok({"customer", "show", "10001"}), "Anna Berg"));
  for (const char* number : {"020001001", "020001002"}) {
    ok({"invoice", "issue", number, "--customer", "10001", "--invoice-date", "2026-10-01", "--due-date",
        "2026-10-31", "--line", "Hemtjänst oktober;1000,00;0;3012"});
  }
  ok({"invoice", "note", "020001001", "Bestridd"});
  ok({"invoice", "interest", "020001002", "--amount", "12,50"});
  std::string open = ok({"invoice", "list", "--customer", "10001", "--open"});
  EXPECT_TRUE(absl::StrContains(open, "020001001")) << open;
  EXPECT_TRUE(absl::StrContains(open, "1 012,50")) << open;

  // Four eyes: the annulment waits for a second user, who approves it.
  ok({"company", "approval-policy", "--annulment"});
  ok({"invoice", "annul", "020001001", "--remark", "fel kund", "--actor", "anna"});
  std::string pending = ok({"approval", "list", "--json"});
  EXPECT_TRUE(absl::StrContains(pending, "\"state\":\"pending\"")) << pending;
  CliResult own = Cli(server, {"approval", "approve", "1", "--actor", "anna"}, tmp);
  EXPECT_EQ(own.exit_code, 1) << own.err;
  ok({"approval", "approve", "1", "--actor", "bertil"});
  EXPECT_TRUE(absl::StrContains(ok({"invoice", "show", "020001001"}), "ANNULLED"));
  EXPECT_TRUE(absl::StrContains(ok({"approval", "list", "--all"}), "bertil"));

  // A payment registered by mistake is reversed by its id.
  ok({"company", "payment-settings", "--bankgiro", "9912346", "--oldest-first"});
  ok({"payment", "record", "--customer", "10001", "--amount", "2000"});
  std::string tail = ok({"events", "tail", "--type", "PaymentReceived", "--json"});
  const std::string key = "\"payment_id\":\"";
  size_t at = tail.find(key);
  ASSERT_NE(at, std::string::npos) << tail;
  at += key.size();
  std::string payment_id = tail.substr(at, tail.find('"', at) - at);
  ok({"payment", "reverse", payment_id, "--remark", "fel kund"});
  EXPECT_TRUE(absl::StrContains(ok({"payment", "unmatched"}), "0 omatchade"));

  // admin restore runs here, without the server: a missing backup is a clear error.
  CliResult restore = Cli(
      server, {"admin", "restore", "--from", tmp.sub("no-such-backup"), "--to", tmp.sub("restored")}, tmp);
  EXPECT_EQ(restore.exit_code, 1);
  EXPECT_FALSE(restore.err.empty());
  EXPECT_TRUE(absl::StrContains(ok({"audit", "verify"}), "projections match"));
}

// An auditor whose token reaches company 1 only: every range-taking command the CLI sends asks
// for that company, not for a range from it (issue 23, item 7: SIE was PERMISSION_DENIED).
TEST(IntegrationTest, AnAuditorOfOneCompanyRunsTheAuditCommands) {
  TempDir tmp;
  std::ofstream(tmp.sub("tokens")) << HashToHex(Sha256("revisor-token")) << " revisor auditor 1\n"
                                   << HashToHex(Sha256("admin-token")) << " admin admin 1-999\n";
  Server server(tmp.sub("data"), /*demo=*/true, {"--tokens_file=" + tmp.sub("tokens")});
  auto as_auditor = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--token", "revisor-token"});
    return Cli(server, args, tmp);
  };
  for (const std::vector<std::string>& command :
       std::vector<std::vector<std::string>>{{"audit", "sie", "--dates", "2026-01-01..2026-12-31"},
                                             {"audit", "reconcile"},
                                             {"audit", "verify"},
                                             {"report", "saldolista"},
                                             {"report", "kundfordringar"},
                                             {"report", "inbetalningslista"},
                                             {"report", "prognos"},
                                             {"report", "statistik"}}) {
    CliResult r = as_auditor(command);
    EXPECT_FALSE(absl::StrContains(r.err, "PERMISSION_DENIED"))
        << absl::StrJoin(command, " ") << ": " << r.err;
  }
  EXPECT_TRUE(
      absl::StartsWith(as_auditor({"audit", "sie", "--dates", "2026-01-01..2026-12-31"}).out, "#FLAGGA"));
  // A range beyond the token is still refused.
  CliResult beyond = as_auditor({"audit", "reconcile", "--companies", "1-2"});
  EXPECT_TRUE(absl::StartsWith(beyond.err, "PERMISSION_DENIED")) << beyond.err;
}

TEST(IntegrationTest, DunningWithTheCli) {
  TempDir tmp;
  Server server(tmp.sub("data"), /*demo=*/false);
  auto ok = [&](const std::vector<std::string>& args) { return CliOk(server, args, tmp); };
  // The server runs on the real clock: dates relative to today (UTC, as the server counts).
  const Date today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  ok({"company", "add", "--name", "Exempelkommun"});
  ok({"customer", "add", "10001", "--name", "Anna Lindqvist", "--national-id", "811228-9874"});
  ok({"invoice", "issue", "020001001", "--customer", "10001", "--invoice-date", FormatDate(today - 60),
      "--due-date", FormatDate(today - 30), "--line", "Hemtjänst;2000,00;0;3012"});
  std::string defaults = ok({"dunning", "policy", "show"});
  EXPECT_TRUE(absl::StrContains(defaults, "No dunning policy; the defaults: fees not agreed")) << defaults;
  ok({"dunning", "policy", "set", "--fees-agreed", "--reminder1-days", "10", "--reminder1-fee", "60",
      "--no-print-interest"});
  EXPECT_TRUE(absl::StrContains(ok({"dunning", "policy", "show"}), "uppdebiteras"));
  // Above lag (1981:739) 4 §: refused, naming the cap.
  CliResult capped = Cli(server, {"dunning", "policy", "set", "--reminder1-fee", "250"}, tmp);
  EXPECT_EQ(capped.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(capped.err, "statutory cap of 60,00 kr")) << capped.err;
  // A fee for a blank step says what is missing.
  CliResult blank = Cli(server, {"dunning", "policy", "set", "--reminder2-fee", "60"}, tmp);
  EXPECT_EQ(blank.exit_code, 2);
  EXPECT_TRUE(absl::StrContains(blank.err, "give --reminder2-days as well")) << blank.err;
  const std::string date = FormatDate(today);
  std::string preview = ok({"dunning", "run", "--date", date, "--dry-run"});
  EXPECT_TRUE(absl::StrContains(preview, "KONTROLLISTA")) << preview;
  EXPECT_TRUE(absl::StrContains(preview, "reminder 1")) << preview;
  std::string receipt = ok({"dunning", "run", "--date", date});
  EXPECT_TRUE(absl::StrContains(receipt, "1 letters; fees charged 60,00 kr")) << receipt;
  CliResult again = Cli(server, {"dunning", "run", "--date", date}, tmp);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_TRUE(absl::StartsWith(again.err, "ALREADY_EXISTS: ")) << again.err;
  std::string status = ok({"dunning", "status", "020001001", "--json"});
  EXPECT_TRUE(absl::StrContains(status, "DUNNING_STEP_REMINDER_1")) << status;
  EXPECT_EQ(AmountOre(status, "balance"), 206000) << status;
  ok({"kravkod", "define", "3", "--text", "Utredning", "--no-demand"});
  ok({"kravkod", "assign", "020001001", "3", "--until", FormatDate(today + 30)});
  EXPECT_TRUE(absl::StrContains(ok({"kravkod", "list"}), "ej-inkassokrav"));
  EXPECT_TRUE(absl::StrContains(ok({"dunning", "status", "020001001"}), "kravkod 3 (Utredning)"));
  std::string file = ok({"collection", "export", "--agency", "Svea", "--code", "3", "--days", "0", "--base",
                         "reminder2", "--dry-run"});
  EXPECT_TRUE(absl::StartsWith(file, "fakturanummer;kundnummer")) << file;
  ok({"plan", "create", "--customer", "10001", "--invoice", "020001001", "--first", FormatDate(today + 5),
      "--months", "2"});
  EXPECT_TRUE(absl::StrContains(ok({"plan", "show", "--customer", "10001"}), "KEPT"));
  ok({"dunning", "clear", "020001001", "--step", "reminder1", "--remark", "fel adress"});
  status = ok({"dunning", "status", "020001001", "--json"});
  EXPECT_TRUE(absl::StrContains(status, "\"reached\":\"DUNNING_STEP_NONE\"")) << status;
  CliResult bad = Cli(server, {"kravkod", "assign", "020001001", "7"}, tmp);
  EXPECT_TRUE(absl::StartsWith(bad.err, "NOT_FOUND: ")) << bad.err;
  EXPECT_EQ(ok({"audit", "verify"}).find("projections match") != std::string::npos, true);
}

// 3 650 kr at 10,00 % (reference 2,00 + 8 from 2026-01-01 on) is exactly 1 kr a day.
TEST(IntegrationTest, InterestWithTheCli) {
  TempDir tmp;
  Server server(tmp.sub("data"), /*demo=*/false);
  auto ok = [&](const std::vector<std::string>& args) { return CliOk(server, args, tmp); };
  const Date today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  std::string rates = ok({"rate", "list"});
  EXPECT_TRUE(absl::StrContains(rates, "2016-07-01")) << rates;  // preloaded by reskontrad
  EXPECT_TRUE(absl::StrContains(rates, "-0,50")) << rates;
  ok({"company", "add", "--name", "Exempelkommun"});
  ok({"customer", "add", "10001", "--name", "Anna Lindqvist", "--national-id", "811228-9874"});
  const Date due = today - 40, paid = today - 10;
  ok({"invoice", "issue", "020001001", "--customer", "10001", "--invoice-date", FormatDate(today - 70),
      "--due-date", FormatDate(due), "--line", "Hyra;3650,00;0;3041"});
  ok({"payment", "record", "--invoice", "020001001", "--amount", "3650,00", "--date", FormatDate(paid)});
  // From the day after the (banking-day) due date up to and including the payment day.
  const int64_t days = static_cast<int64_t>(paid - NextBankingDay(due));
  std::string shown = ok({"interest", "show", "020001001", "--explain"});
  EXPECT_TRUE(absl::StrContains(shown, absl::StrCat(days, " räntedagar"))) << shown;
  EXPECT_TRUE(absl::StrContains(shown, "slutbetald")) << shown;
  std::string json = ok({"interest", "show", "020001001", "--json"});
  EXPECT_EQ(AmountOre(json, "total"), days * 100) << json;
  EXPECT_TRUE(absl::StrContains(ok({"interest", "policy", "show"}), "(defaults)"));
  ok({"interest", "policy", "set", "--min-interest", "1", "--min-days-late", "1"});
  std::string policy = ok({"interest", "policy", "show"});
  EXPECT_TRUE(absl::StrContains(policy, "minsta ränta 1 kr")) << policy;
  // What was not given stays as it was: the domain's defaults, which the CLI does not copy.
  EXPECT_TRUE(
      absl::StrContains(policy, "referensräntan + 8,00 procentenheter, från dagen efter förfallodagen"))
      << policy;
  const std::string from = FormatDate(today - 30), to = FormatDate(today);
  std::string listed = ok({"interest", "uninvoiced", "--paid-from", from, "--paid-to", to});
  EXPECT_TRUE(absl::StrContains(listed, "520001001")) << listed;  // routine 02 + 50
  std::string dry = ok({"interest", "invoice-run", "--paid-from", from, "--paid-to", to, "--dry-run"});
  EXPECT_TRUE(absl::StrContains(dry, "nothing written")) << dry;
  const std::string documents = tmp.sub("rantefakturor.pdf");
  std::string run =
      ok({"interest", "invoice-run", "--paid-from", from, "--paid-to", to, "--documents", documents});
  EXPECT_TRUE(absl::StrContains(run, "OK positions")) << run;
  EXPECT_TRUE(absl::StrContains(run, "recorded at position")) << run;  // the run's räntefakturor
  std::ifstream pdf(documents, std::ios::binary);
  const std::string printed = testing::PdfText(std::string(std::istreambuf_iterator<char>(pdf), {}));
  EXPECT_TRUE(absl::StrContains(printed, "RÄNTEFAKTURA")) << printed;
  EXPECT_TRUE(absl::StrContains(printed, "520001001")) << printed;
  CliResult again = Cli(server, {"interest", "invoice-run", "--paid-from", from, "--paid-to", to}, tmp);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_TRUE(absl::StartsWith(again.err, "FAILED_PRECONDITION: ")) << again.err;
  std::string ii = ok({"invoice", "show", "520001001", "--json"});
  EXPECT_EQ(AmountOre(ii, "balance"), days * 100) << ii;
  CliResult bad = Cli(server, {"rate", "set", "2026-07-01", "1,7x"}, tmp);
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  // The handbook's other reading, and only that changed.
  ok({"interest", "policy", "set", "--from-due-date"});
  policy = ok({"interest", "policy", "show"});
  EXPECT_TRUE(absl::StrContains(policy, "från förfallodagen (handbokens alternativ)")) << policy;
  EXPECT_TRUE(absl::StrContains(policy, "minsta ränta 1 kr")) << policy;
  EXPECT_EQ(AmountOre(ok({"interest", "show", "020001001", "--json"}), "total"), (days + 1) * 100);
  EXPECT_EQ(ok({"audit", "verify"}).find("projections match") != std::string::npos, true);
}

// Issue 26: an invoice file from a billing system through the CLI and gRPC. The receipt names
// the numbers the ledger gave; the same file twice, and a file with a bad row, write nothing.
TEST(IntegrationTest, InvoiceFileWithTheCli) {
  TempDir tmp;
  Server server(tmp.sub("data"), /*demo=*/false);
  auto ok = [&](const std::vector<std::string>& args) { return CliOk(server, args, tmp); };
  ok({"company", "add", "--name", "Exempelkommun"});
  const std::string csv = tmp.sub("fakturor.csv");
  {
    std::ofstream f(csv, std::ios::binary);
    f << "kalla_id;rutin;kundnummer;kundnamn;identitet;ort;fakturadatum;förfallodag;text;belopp;moms;konto\n"
         "F-1;2;10001;Åsa Öberg;811228-9874;Ronneby;2026-11-01;2026-12-01;Hyra;1000,00;25;3041\n"
         "F-1;2;10001;Åsa Öberg;811228-9874;Ronneby;2026-11-01;2026-12-01;Städning;200,00;25;3041\n"
         "F-2;2;10002;Bygg AB;556677-1233;Karlskrona;2026-11-02;2026-12-02;Bygglov;4000,00;0;3012\n";
  }
  const std::string imported = ok({"import", "invoices", csv});
  for (const char* want : {"Invoice file imported: 2 invoices, 5 500,00 kr; customers registered 2", "F-1",
                           "020000001", "F-2", "020000002", "1 500,00", "4 000,00"})
    EXPECT_TRUE(absl::StrContains(imported, want)) << "missing '" << want << "' in:\n" << imported;
  EXPECT_EQ(AmountOre(ok({"invoice", "show", "020000001", "--json"}), "balance"), 150000);
  EXPECT_TRUE(absl::StrContains(ok({"customer", "show", "10002"}), "Bygg AB"));
  CliResult again = Cli(server, {"import", "invoices", csv}, tmp);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(again.err, "FAILED_PRECONDITION: this file was imported before"))
      << again.err;
  const std::string bad = tmp.sub("fel.csv");
  {
    std::ofstream f(bad, std::ios::binary);
    f << "fakturanummer;kundnummer;fakturadatum;forfallodag;text;belopp;konto\n"
         "020000009;10001;2026-11-01;2026-12-01;Hyra;100,00;3041\n"
         "020000010;10001;2026-11-01;2026-12-01;Hyra;100,005;3041\n";
  }
  CliResult refused = Cli(server, {"import", "invoices", bad}, tmp);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(
      absl::StrContains(refused.err, "INVALID_ARGUMENT: 1 row refused, nothing imported: line 3: belopp"))
      << refused.err;
  CliResult none = Cli(server, {"invoice", "show", "020000009"}, tmp);
  EXPECT_EQ(none.exit_code, 1) << none.out;
  // A Peppol BIS 3 invoice (UBL 2.1), numbered by the ledger in routine 3.
  const std::string ubl = std::string(TEST_DATA_DIR) + "/peppol/se-min-invoice.xml";
  CliResult no_account = Cli(server, {"import", "invoices", ubl, "--routine", "3"}, tmp);
  EXPECT_EQ(no_account.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(no_account.err, "give the 4-digit account")) << no_account.err;
  // Its PaymentID is no OCR number (wrong check digit): refused as the OCR it would be.
  CliResult bad_ocr = Cli(server, {"import", "invoices", ubl, "--routine", "3", "--account", "3041"}, tmp);
  EXPECT_EQ(bad_ocr.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(bad_ocr.err, "OCR reference '20240001' has a wrong check digit"))
      << bad_ocr.err;
  std::string xml;
  {
    std::ifstream in(ubl, std::ios::binary);
    xml.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::string without_ocr = tmp.sub("utan-ocr.xml");
  {
    std::ofstream out(without_ocr, std::ios::binary);
    out << absl::StrReplaceAll(xml, {{"<cbc:PaymentID>20240001</cbc:PaymentID>", ""}});
  }
  const std::string peppol = ok({"import", "invoices", without_ocr, "--routine", "3", "--account", "3041"});
  for (const char* want : {"1 invoices, 125,00 kr; customers registered 1", "2024-0001", "030000001"})
    EXPECT_TRUE(absl::StrContains(peppol, want)) << "missing '" << want << "' in:\n" << peppol;
  EXPECT_TRUE(absl::StrContains(ok({"customer", "show", "2120000142"}), "Köparen AB"));
  // The clerk's search finds them by name, address and amounts (handbook 6.1).
  const std::string found = ok({"invoice", "search", "--name", "ÅSA", "--min-balance", "1000"});
  EXPECT_TRUE(absl::StrContains(found, "020000001")) << found;
  EXPECT_TRUE(absl::StrContains(found, "Åsa Öberg")) << found;
  EXPECT_FALSE(absl::StrContains(found, "020000002")) << found;
  EXPECT_TRUE(absl::StrContains(ok({"invoice", "search", "--address", "karlskrona"}), "020000002"));
  EXPECT_TRUE(absl::StrContains(ok({"audit", "verify"}), "projections match"));
}

// Issue 26, item 6 from the CLI: the README's open items of an old ledger migrated; the
// saldolista of the balance day is the old ledger's, the known-at axis says when they came, the
// avstämning holds with the opening account, and the dunning goes on from the old steps.
TEST(IntegrationTest, MigrateOpenItemsWithTheCli) {
  TempDir tmp;
  Server server(tmp.sub("data"), /*demo=*/false);
  auto ok = [&](const std::vector<std::string>& args) { return CliOk(server, args, tmp); };
  ok({"company", "add", "--name", "Exempelkommun"});
  const std::string file = std::string(TEST_DATA_DIR) + "/migration/oppna_poster.csv";
  CliResult ordinary = Cli(server, {"import", "invoices", file}, tmp);
  EXPECT_EQ(ordinary.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(ordinary.err, "import it as a migration of open items")) << ordinary.err;
  const std::string before =
      absl::FormatTime(absl::RFC3339_sec, absl::Now() - absl::Seconds(1), absl::UTCTimeZone());
  const std::string receipt =
      ok({"import", "open-items", file, "--balance-date", "2026-11-30", "--opening-account", "1519"});
  for (const char* want :
       {"Migrated open items as of 2026-11-30: balance 1 575,17 kr (paid before 1 500,00 kr), "
        "posted against 1519",
        "010004711", "1 075,17", "010004712", "500,00"})
    EXPECT_TRUE(absl::StrContains(receipt, want)) << "missing '" << want << "' in:\n" << receipt;
  const std::string on_day = ok({"report", "saldolista", "--as-of-effective", "2026-11-30"});
  EXPECT_TRUE(absl::StrContains(on_day, "1 575,17")) << on_day;
  // In August the second invoice was open in full (paid 15 September) and the first not issued.
  const std::string earlier = ok({"report", "saldolista", "--as-of-effective", "2026-08-15"});
  EXPECT_TRUE(absl::StrContains(earlier, "2 000,00")) << earlier;
  EXPECT_FALSE(absl::StrContains(earlier, "010004711")) << earlier;
  const std::string known_before = ok({"report", "saldolista", "--as-known-at", before});
  EXPECT_FALSE(absl::StrContains(known_before, "010004712")) << known_before;
  EXPECT_TRUE(absl::StrContains(ok({"audit", "reconcile"}), "avstämning OK"));
  EXPECT_TRUE(absl::StrContains(ok({"audit", "verify"}), "projections match"));
  const std::string status = ok({"dunning", "status", "010004711"});
  EXPECT_TRUE(absl::StrContains(status, "2026-10-25")) << status;
  CliResult again =
      Cli(server, {"import", "open-items", file, "--balance-date", "2026-11-30", "--opening-account", "1519"},
          tmp);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(again.err, "imported before")) << again.err;
}

// Issue 26, item 4 from the CLI: the company's details, a customer's e-invoice address, an invoice
// with the buyer's reference, and its e-invoice saved, put in the server's access point folder and
// passing the official Peppol rules.
TEST(IntegrationTest, EInvoicesWithTheCli) {
  TempDir tmp;
  Server server(tmp.sub("data"), /*demo=*/false);
  auto ok = [&](const std::vector<std::string>& args) { return CliOk(server, args, tmp); };
  using testing::Pnr;
  ok({"company", "add", "--name", "Exempelkommun", "--org-number", Pnr("212000014")});
  ok({"company", "details", "--street", "Stadshuset", "--postal-code", "371 80", "--city", "Karlskrona",
      "--f-skatt", "--vat-number", absl::StrCat("SE", Pnr("212000014"), "01")});
  ok({"company", "payment-settings", "--bankgiro", "9912346"});
  const std::string org = Pnr("556677889");
  ok({"customer", "add", "20001", "--name", "Bygg AB", "--national-id", org, "--kind", "organisation",
      "--delivery", "e-invoice", "--peppol-id", absl::StrCat("0007:", org)});
  EXPECT_TRUE(
      absl::StrContains(ok({"customer", "show", "20001"}), absl::StrCat("e-fakturaadress 0007:", org)));
  ok({"invoice", "issue", "020001001", "--customer", "20001", "--invoice-date", "2026-11-02", "--due-date",
      "2026-12-02", "--line", "Bygglov;1000,00;25;3041", "--buyer-reference", "REF-1", "--department",
      "Bygg- och miljöförvaltningen"});
  const std::string shown = ok({"invoice", "show", "020001001"});
  for (const std::string& want :
       {std::string("er referens: REF-1"), std::string("förvaltning: Bygg- och miljö"),
        absl::StrCat("skickad som e-faktura till 0007:", org)})
    EXPECT_TRUE(absl::StrContains(shown, want)) << "missing '" << want << "' in:\n" << shown;
  const std::string saved = ok({"invoice", "einvoice", "020001001", "--dir", tmp.sub("ef")});
  EXPECT_TRUE(absl::StrContains(saved, "wrote 1 files and SHA256SUMS")) << saved;
  const std::string file = tmp.sub("ef/020001001-efaktura.xml");
  ASSERT_TRUE(std::filesystem::exists(file)) << saved;
  EXPECT_TRUE(std::filesystem::exists(tmp.sub("data-einvoices/1-020001001-efaktura.xml")));
  EXPECT_EQ(std::system(absl::StrCat(SOURCE_DIR, "/scripts/peppol_validate.sh ", file, " >&2").c_str()), 0);
  // The buyer rejects it with a Peppol Invoice Response: dunning is held with kravkod 7, noted.
  ok({"kravkod", "define", "7", "--text", "Bestridd", "--no-reminder1", "--no-reminder2", "--no-demand",
      "--no-threat", "--no-residual"});
  const std::string held =
      ok({"import", "invoice-responses", std::string(TEST_DATA_DIR) + "/peppol/se-invoice-response-re.xml",
          "--code", "7"});
  EXPECT_TRUE(absl::StrContains(held, "020001001 kravkod 7: Peppol Invoice Response RE")) << held;
  EXPECT_TRUE(absl::StrContains(held, "Fel antal timmar")) << held;
  // Without the buyer's reference Peppol refuses it, and so does the ledger, before anything is made.
  ok({"invoice", "issue", "020001002", "--customer", "20001", "--invoice-date", "2026-11-02", "--due-date",
      "2026-12-02", "--line", "Bygglov;1000,00;25;3041"});
  CliResult refused = Cli(server, {"invoice", "einvoice", "020001002", "--dir", tmp.sub("ef2")}, tmp);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(refused.err, "neither the buyer's reference")) << refused.err;
  // The reference added afterwards (the rest kept), and it goes.
  const std::string changed = ok({"invoice", "attributes", "020001002", "--buyer-reference", "REF-2"});
  EXPECT_TRUE(absl::StrContains(changed, "er referens: REF-2")) << changed;
  EXPECT_TRUE(
      absl::StrContains(ok({"invoice", "einvoice", "020001002", "--dir", tmp.sub("ef2")}), "wrote 1 files"));
  CliResult twice = Cli(server, {"invoice", "einvoice", "020001002", "--dir", tmp.sub("ef3")}, tmp);
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(twice.err, "was sent as an e-invoice on")) << twice.err;
  EXPECT_TRUE(absl::StrContains(ok({"audit", "verify"}), "projections match"));
}

// Issue 23, item 4 from the CLI: a credit balance used on the next invoice and what is left paid back.
TEST(IntegrationTest, CreditBalanceWithTheCli) {
  TempDir tmp;
  Server server(tmp.sub("data"), /*demo=*/false);
  auto ok = [&](const std::vector<std::string>& args) { return CliOk(server, args, tmp); };
  const Date today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  ok({"company", "add", "--name", "Exempelkommun"});
  ok({"customer", "add", "10001", "--name", "Anna Lindqvist", "--national-id", "811228-9874"});
  ok({"payment", "record", "--customer", "10001", "--amount", "300,00"});  // no invoice yet: credit
  EXPECT_EQ(AmountOre(ok({"customer", "show", "10001", "--json"}), "credit_balance"), 30000);
  ok({"invoice", "issue", "020001001", "--customer", "10001", "--invoice-date", FormatDate(today),
      "--due-date", FormatDate(today + 30), "--line", "Hyra;200,00;0;3041"});
  ok({"customer", "credit-apply", "10001"});
  EXPECT_EQ(AmountOre(ok({"invoice", "show", "020001001", "--json"}), "balance"), 0);
  EXPECT_EQ(AmountOre(ok({"customer", "show", "10001", "--json"}), "credit_balance"), 10000);
  CliResult too_much =
      Cli(server, {"customer", "credit-refund", "10001", "--to", "konto 12345678", "--amount", "200"}, tmp);
  EXPECT_EQ(too_much.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(too_much.err, "credit balance of 100,00 kr")) << too_much.err;
  ok({"customer", "credit-refund", "10001", "--to", "konto 12345678"});
  EXPECT_EQ(AmountOre(ok({"customer", "show", "10001", "--json"}), "credit_balance"), 0);
  EXPECT_TRUE(absl::StrContains(ok({"audit", "reconcile"}), "customer_credit"));
  EXPECT_EQ(ok({"audit", "verify"}).find("projections match") != std::string::npos, true);
}

// Issue 23 item 5 and issue 25 through the CLI: a negative invoice paid out; a dunning run's
// letters written as a PDF and reprinted byte for byte.
TEST(IntegrationTest, NegativeInvoiceAndLettersWithTheCli) {
  TempDir tmp;
  Server server(tmp.sub("data"), /*demo=*/false);
  auto ok = [&](const std::vector<std::string>& args) { return CliOk(server, args, tmp); };
  const Date today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  ok({"company", "add", "--name", "Exempelkommun"});
  ok({"company", "payment-settings", "--bankgiro", "9912346"});
  ok({"dunning", "policy", "set", "--reminder1-days", "10", "--reminder1-fee", "60", "--reminder1-charged",
      "--fees-agreed"});
  ok({"customer", "add", "10001", "--name", "Åsa Öberg", "--national-id", "811228-9874"});
  ok({"invoice", "issue", "020001001", "--customer", "10001", "--invoice-date", FormatDate(today - 60),
      "--due-date", FormatDate(today - 30), "--line", "Hyra;1000,00;0;3041"});
  ok({"invoice", "issue", "020001002", "--customer", "10001", "--invoice-date", FormatDate(today),
      "--due-date", FormatDate(today + 30), "--line", "Kredit;-400,00;25;3041"});
  EXPECT_EQ(AmountOre(ok({"invoice", "show", "020001002", "--json"}), "balance"), -50000);
  ok({"invoice", "settle", "020001002", "--way", "payout", "--recipient", "konto 12345678"});
  EXPECT_EQ(AmountOre(ok({"invoice", "show", "020001002", "--json"}), "balance"), 0);
  const std::string letters = tmp.sub("brev.pdf"), copy = tmp.sub("kopia.pdf");
  ok({"dunning", "run", "--letters", letters});
  ok({"dunning", "letters", "--date", FormatDate(today), "--out", copy});
  auto read = [](const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
  };
  const std::string pdf = read(letters);
  EXPECT_TRUE(absl::StartsWith(pdf, "%PDF-"));
  EXPECT_EQ(read(copy), pdf);
  CliResult none =
      Cli(server, {"dunning", "letters", "--date", FormatDate(today - 1), "--out", tmp.sub("x.pdf")}, tmp);
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(none.err, "no dunning run")) << none.err;

  // A fakturakopia is recorded; `audit reprint` renders it again from the journal, byte for byte.
  const std::string invoice_copy = tmp.sub("fakturakopia.pdf"), reprint = tmp.sub("reprint.pdf");
  const std::string printed =
      ok({"invoice", "copy", "020001001", "--handler", "Per Holm", "--out", invoice_copy});
  const size_t at = printed.find("recorded at position ");
  ASSERT_NE(at, std::string::npos) << printed;
  const std::string position = printed.substr(at + 21, printed.find(',', at) - at - 21);
  EXPECT_TRUE(absl::StrContains(ok({"audit", "reprint", position, "--out", reprint}), position));
  EXPECT_TRUE(absl::StartsWith(read(invoice_copy), "%PDF-"));
  EXPECT_EQ(read(reprint), read(invoice_copy));
  CliResult not_a_document = Cli(server, {"audit", "reprint", "1", "--out", tmp.sub("y.pdf")}, tmp);
  EXPECT_EQ(not_a_document.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(not_a_document.err, "does not record a document")) << not_a_document.err;
  // The rest of the documents through the CLI: a failed print leaves no file, not even a part.
  EXPECT_FALSE(std::filesystem::exists(tmp.sub("x.pdf")));
  EXPECT_FALSE(std::filesystem::exists(tmp.sub("x.pdf.part")));
  const std::string sent = tmp.sub("faktura.pdf");
  EXPECT_TRUE(
      absl::StrContains(ok({"invoice", "print", "020001001", "--out", sent}), "recorded at position"));
  EXPECT_TRUE(absl::StrContains(read(sent), "%PDF-"));
  ok({"invoice", "credit", "020001001", "--amount", "100,00", "--credit-note", "K-1", "--remark", "Rabatt"});
  EXPECT_TRUE(absl::StrContains(ok({"invoice", "credit-note", "020001001", "--out", tmp.sub("kredit.pdf")}),
                                "recorded at position"));
  const std::string list = tmp.sub("kontrollista.pdf");
  ok({"dunning", "run", "--dry-run", "--pdf", list});
  EXPECT_TRUE(absl::StartsWith(read(list), "%PDF-"));
  ok({"report", "inbetalningslista", "--pdf", tmp.sub("inbet.pdf")});
  EXPECT_TRUE(absl::StartsWith(read(tmp.sub("inbet.pdf")), "%PDF-"));
  const std::string dir = tmp.sub("brev");
  EXPECT_TRUE(absl::StrContains(ok({"dunning", "letters", "--date", FormatDate(today), "--dir", dir}),
                                "wrote 1 files and SHA256SUMS"));
  const std::string sums = read(dir + "/SHA256SUMS");
  EXPECT_TRUE(absl::StrContains(sums, "  0001-020001001-paminnelse.pdf\n")) << sums;
  EXPECT_EQ(read(dir + "/0001-020001001-paminnelse.pdf").substr(0, 5), "%PDF-");
  EXPECT_TRUE(absl::StrContains(ok({"audit", "verify"}), "projections match"));
}

TEST(IntegrationTest, EmptyFolderGetsTheDemoLedger) {
  TempDir tmp;
  Server server(tmp.sub("data"), /*demo=*/true);
  CliResult r = Cli(server, {"customer", "show", "10001", "--json"}, tmp);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(absl::StrContains(r.out, "Anna Lindqvist")) << r.out;
  r = Cli(server, {"method", "list"}, tmp);
  EXPECT_TRUE(absl::StrContains(r.out, "Påminnelseavg")) << r.out << r.err;
  r = Cli(server, {"report", "inbetalningslista", "--kind", "manual"}, tmp);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(absl::StrContains(r.out, "summa dag")) << r.out;
  r = Cli(server, {"audit", "verify"}, tmp);
  EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
}

}  // namespace
}  // namespace reskontra
