// The web console's search (issue 27: "the page answers a search over 1 000 000 invoices in
// under 100 ms"): a ledger of N invoices of N/10 customers, served by the gRPC service and the
// console as reskontrad serves them, searched over HTTP the way the page searches (POST
// /api/v1/SearchInvoices with JSON), by each kind of search a clerk makes when a customer calls.
// The page asks for 100 hits a page (SearchInvoicesRequest.limit), as the console's search does.
// Prints the median, 95th percentile and largest answer time of each kind, with the answer's size.
//
//   build/bench/console_bench                       # 1 000 000 invoices (about two minutes)
//   build/bench/console_bench --invoices=20000      # the ctest smoke run
#include <grpcpp/grpcpp.h>
#include <httplib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench/bench_requests.h"
#include "bench/bench_util.h"
#include "domain/ids.h"
#include "services/ledger_service.h"
#include "services/unreadable_request.h"
#include "web/console.h"

namespace reskontra {
namespace {

constexpr const char* kFirst[] = {"Anna", "Erik",   "Maria",   "Johan", "Karin",  "Lars", "Sofia", "Per",
                                  "Eva",  "Anders", "Kerstin", "Nils",  "Ingrid", "Olof", "Lena",  "Mats"};
constexpr const char* kLast[] = {"Lindqvist", "Johansson",  "Nilsson",  "Berg",      "Holm",
                                 "Ek",        "Åberg",      "Öhman",    "Andersson", "Karlsson",
                                 "Svensson",  "Gustafsson", "Persson",  "Larsson",   "Olsson",
                                 "Jönsson",   "Lindberg",   "Axelsson", "Bergström", "Sandberg"};
constexpr const char* kStreet[] = {"Storgatan",  "Kungsgatan",  "Ronnebygatan",     "Vallgatan",
                                   "Kyrkogatan", "Björkholmen", "Hantverkaregatan", "Amiralitetsgatan"};

std::string Name(int c) {
  return absl::StrCat(kFirst[c % std::size(kFirst)], " ", kLast[(c / std::size(kFirst)) % std::size(kLast)]);
}
std::string Street(int c) { return absl::StrCat(kStreet[c % std::size(kStreet)], " ", 1 + c % 97); }
// A valid personnummer (YYMMDD + serial + Luhn digit), different for every customer.
std::string NationalId(int c) {
  const std::string nine =
      absl::StrFormat("%02d%02d%02d%03d", 40 + c % 50, 1 + c / 50 % 12, 1 + c / 600 % 28, c / 16800 % 1000);
  return absl::StrCat(nine, LuhnCheckDigit(nine));
}

void Die(const std::string& what, const absl::Status& s) {
  std::fprintf(stderr, "%s: %s\n", what.c_str(), s.ToString().c_str());
  std::exit(1);
}

// Items of one ExecuteBatch: one fsync.
void Run(LedgerCore& core, std::vector<LedgerCore::BatchItem>& items) {
  for (const absl::StatusOr<AppendResult>& r : core.ExecuteBatch(items))
    if (!r.ok()) Die("batch", r.status());
  items.clear();
}

template <class Request>
void Add(std::vector<LedgerCore::BatchItem>& items, Request& r, const std::string& id) {
  r.mutable_ctx()->set_command_id(id);
  r.mutable_ctx()->set_actor("bench");
  r.mutable_ctx()->set_company(1);
  items.push_back({ToCommand(r), Fingerprint(r)});
}

struct Kind {
  std::string name;
  std::vector<std::string> bodies;
};

int Main(int invoices, int queries) {
  const int customers = std::max(1, invoices / 10);
  const std::string dir =
      (std::filesystem::temp_directory_path() / absl::StrCat("reskontra-console-bench-", getpid())).string();
  std::filesystem::remove_all(dir);
  SystemClock clock;
  auto opened = LedgerCore::Open({.data_dir = dir, .clock = &clock, .time_zone = absl::UTCTimeZone()});
  if (!opened.ok()) Die("open", opened.status());
  std::unique_ptr<LedgerCore> core = *std::move(opened);

  absl::Time t = absl::Now();
  std::vector<LedgerCore::BatchItem> items;
  pb::RegisterCompanyRequest company;
  company.set_name("Benchkommun");
  Add(items, company, "bench-company");
  Run(*core, items);
  for (int c = 0; c < customers; ++c) {
    pb::RegisterCustomerRequest r;
    r.set_customer_number(absl::StrCat(100000 + c));
    r.mutable_details()->set_name(Name(c));
    r.mutable_details()->set_national_id(NationalId(c));
    r.mutable_details()->set_street(Street(c));
    r.mutable_details()->set_postal_code("371 31");
    r.mutable_details()->set_city("Karlskrona");
    Add(items, r, absl::StrCat("bench-customer-", c));
    if (items.size() == 1000) Run(*core, items);
  }
  Run(*core, items);
  for (int i = 0; i < invoices; ++i) {
    pb::IssueInvoiceRequest r = bench::OrdinaryInvoice(i, customers);
    Add(items, r, absl::StrCat("bench-invoice-", i));
    if (items.size() == 1000) Run(*core, items);
  }
  Run(*core, items);
  const double load_s = absl::ToDoubleSeconds(absl::Now() - t);

  // Served as reskontrad serves it: the gRPC service, and the console over its in-process channel.
  Authenticator open;
  LedgerService service(core.get(), &open);
  grpc::ServerBuilder builder;
  ConfigureLedgerServer(builder);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(-1);
  absl::StatusOr<std::unique_ptr<web::Console>> console =
      web::Console::Start({.listen = "127.0.0.1:0"}, server->InProcessChannel(args));
  if (!console.ok()) Die("console", console.status());

  // What a clerk types when a customer calls, drawn over the whole ledger.
  std::mt19937 rng(7);
  std::vector<Kind> kinds = {{"personnummer", {}}, {"name", {}},    {"customer number", {}},
                             {"OCR", {}},          {"address", {}}, {"name, only open", {}}};
  for (int q = 0; q < queries; ++q) {
    const int c = static_cast<int>(rng() % customers);
    kinds[0].bodies.push_back(
        absl::StrCat(R"({"company":1,"limit":100,"nationalId":")", NationalId(c), "\"}"));
    kinds[1].bodies.push_back(absl::StrCat(R"({"company":1,"limit":100,"name":")", Name(c), "\"}"));
    kinds[2].bodies.push_back(
        absl::StrCat(R"({"company":1,"limit":100,"customerNumber":")", 100000 + c, "\"}"));
    // An OCR the ledger gave: ask the service for one of the customer's invoices' first.
    kinds[4].bodies.push_back(absl::StrCat(R"({"company":1,"limit":100,"address":")", Street(c), "\"}"));
    kinds[5].bodies.push_back(
        absl::StrCat(R"({"company":1,"limit":100,"onlyOpen":true,"name":")", Name(c), "\"}"));
  }
  httplib::Client client("127.0.0.1", (*console)->port());
  client.set_default_headers({{"Authorization", "Bearer bench"}});
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  auto post = [&](const std::string& body, size_t* bytes) {
    httplib::Result r = client.Post("/api/v1/SearchInvoices", body, "application/json");
    if (!r || r->status != 200) {
      std::fprintf(stderr, "search %s: %s\n", body.c_str(),
                   r ? r->body.c_str() : httplib::to_string(r.error()).c_str());
      std::exit(1);
    }
    *bytes = r->body.size();
    return r->body;
  };
  // The OCR references: read from a customer-number answer, then searched by themselves.
  for (const std::string& body : kinds[2].bodies) {
    size_t bytes = 0;
    const std::string answer = post(body, &bytes);
    const size_t at = answer.find("\"ocrReference\":\"");
    if (at == std::string::npos) continue;
    const size_t from = at + std::strlen("\"ocrReference\":\"");
    kinds[3].bodies.push_back(absl::StrCat(R"({"company":1,"limit":100,"ocr":")",
                                           answer.substr(from, answer.find('"', from) - from), "\"}"));
  }

  std::printf(
      "console search over %d invoices of %d customers (ledger built in %.1f s), %d queries a kind,\n"
      "POST /api/v1/SearchInvoices over HTTP on this machine:\n\n",
      invoices, customers, load_s, queries);
  std::printf("| search by | median ms | p95 ms | max ms | hits (median) | answer KB (median) |\n");
  std::printf("|---|---|---|---|---|---|\n");
  double worst_p95 = 0;
  for (const Kind& k : kinds) {
    std::vector<double> ms;
    std::vector<size_t> sizes, hits;
    for (const std::string& body : k.bodies) {
      size_t bytes = 0;
      const absl::Time start = absl::Now();
      const std::string answer = post(body, &bytes);
      ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
      sizes.push_back(bytes);
      size_t n = 0;
      for (size_t at = answer.find("\"invoiceNumber\""); at != std::string::npos;
           at = answer.find("\"invoiceNumber\"", at + 1))
        ++n;
      hits.push_back(n);
    }
    if (ms.empty()) continue;
    std::sort(ms.begin(), ms.end());
    std::sort(sizes.begin(), sizes.end());
    std::sort(hits.begin(), hits.end());
    const double p95 = ms[std::min(ms.size() - 1, ms.size() * 95 / 100)];
    worst_p95 = std::max(worst_p95, p95);
    std::printf("| %s | %.1f | %.1f | %.1f | %zu | %.1f |\n", k.name.c_str(), ms[ms.size() / 2], p95,
                ms.back(), hits[hits.size() / 2], sizes[sizes.size() / 2] / 1024.0);
  }
  std::printf("\nworst p95 %.1f ms (target: under 100 ms at 1 000 000 invoices); peak RSS %ld MB\n",
              worst_p95, bench::PeakRssMb());
  (*console)->Stop();
  server->Shutdown();
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace reskontra

int main(int argc, char** argv) {
  int invoices = 1'000'000, queries = 200;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--invoices=", 11) == 0) invoices = std::atoi(argv[i] + 11);
    if (std::strncmp(argv[i], "--queries=", 10) == 0) queries = std::atoi(argv[i] + 10);
  }
  return reskontra::Main(invoices, queries);
}
