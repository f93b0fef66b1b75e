// The letters of one large dunning run as one PDF print file (issue 25): N overdue claims
// (default 100 000), one reminder each, decided and applied in memory; then the documents are
// built (DunningLetterDocument) and drawn (RenderPdf). Prints letters per second for each half,
// pages, bytes and the peak RSS; never gates.
//
//   build/bench/documents_bench                     # 100 000 letters
//   build/bench/documents_bench --letters=200       # the ctest smoke run
//   build/bench/documents_bench --stream            # drawn to a sink as the server streams it
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench/bench_util.h"
#include "documents/pdf.h"
#include "domain/decide.h"
#include "domain/documents.h"
#include "domain/dunning.h"
#include "domain/ids.h"
#include "domain/interest.h"
#include "domain/state.h"

namespace reskontra {
namespace {

using bench::PeakRssMb;

int Run(int letters, bool stream) {
  LedgerState s;
  const Date run_date(2026, 12, 7);
  auto must = [&](CommandBody body, const std::string& id, CompanyId company = 1) {
    Command c{CommandMeta{absl::StrCat("bench-command-", id), "bench", company, std::nullopt},
              std::move(body)};
    absl::StatusOr<std::vector<Event>> events = Decide(s, c, DecideContext{absl::Now(), run_date});
    if (!events.ok()) {
      std::fprintf(stderr, "%s: %s\n", id.c_str(), events.status().ToString().c_str());
      std::exit(1);
    }
    for (const Event& e : *events) {
      if (absl::Status st = Apply(s, e); !st.ok()) {
        std::fprintf(stderr, "%s\n", st.ToString().c_str());
        std::exit(1);
      }
    }
    return *std::move(events);
  };
  must(RegisterCompany{"Benchkommun", "2120001231"}, "company");
  for (const ReferenceRateSet& r : PublishedReferenceRates())  // the shared register: company 0
    must(SetReferenceRate{r.effective, r.rate_bp, r.source}, absl::StrCat("rate-", FormatDate(r.effective)),
         0);
  SetPaymentSettings settings;
  settings.bankgiro = "9912346";
  must(settings, "settings");
  DunningPolicySet policy = DefaultDunningPolicy();
  policy.fees_agreed = true;
  policy.reminder1.charged = true;
  policy.reminder1.print_interest = true;
  must(SetDunningPolicy{policy}, "policy");
  for (int i = 0; i < letters; ++i) {
    CustomerDetails d;
    d.name = absl::StrCat("Kund Åström ", i);
    const std::string nine = absl::StrCat("640823", 100 + i % 900);  // a person born 1964-08-23
    d.national_id = absl::StrCat(nine, LuhnCheckDigit(nine));
    d.street = absl::StrCat("Storgatan ", 1 + i % 90);
    d.postal_code = "411 38";
    d.city = "Göteborg";
    const std::string customer = absl::StrCat(100000 + i);
    must(RegisterCustomer{customer, d}, absl::StrCat("c", i));
    IssueInvoice inv;
    inv.invoice_number = 10000000 + i;
    inv.customer_number = customer;
    inv.invoice_date = Date(2026, 10, 1);
    inv.due_date = Date(2026, 10, 31);
    inv.lines.push_back(IssueInvoiceLine{"Avgift", Money::FromOre(10000 + (i % 997) * 100), 2500, 3010});
    must(inv, absl::StrCat("i", i));
  }
  const absl::Time t0 = absl::Now();
  std::vector<Event> run = must(RunDunning{run_date, {}}, "run");
  const absl::Time t1 = absl::Now();
  std::vector<DocumentContent> documents;
  documents.reserve(letters);
  for (const Event& e : run) {
    if (const auto* l = std::get_if<DunningStepIssued>(&e.body)) {
      absl::StatusOr<DocumentContent> d = DunningLetterDocument(s, 1, *l, e.meta);
      if (!d.ok()) {
        std::fprintf(stderr, "%s\n", d.status().ToString().c_str());
        return 1;
      }
      documents.push_back(*std::move(d));
    }
  }
  const absl::Time t2 = absl::Now();
  // In memory (the file as one string), or streamed to a sink that only counts, as the server
  // streams a print file to its client.
  int pages = 0;
  size_t bytes = 0;
  if (stream) {
    absl::Status drawn = RenderPdfTo(
        documents,
        [&bytes](absl::string_view piece) {
          bytes += piece.size();
          return true;
        },
        &pages);
    if (!drawn.ok()) {
      std::fprintf(stderr, "%s\n", drawn.ToString().c_str());
      return 1;
    }
  } else {
    absl::StatusOr<std::string> pdf = RenderPdf(documents, &pages);
    if (!pdf.ok()) {
      std::fprintf(stderr, "%s\n", pdf.status().ToString().c_str());
      return 1;
    }
    bytes = pdf->size();
  }
  const absl::Time t3 = absl::Now();
  const double run_s = absl::ToDoubleSeconds(t1 - t0), build_s = absl::ToDoubleSeconds(t2 - t1),
               draw_s = absl::ToDoubleSeconds(t3 - t2);
  std::printf("letters %zu (run decided in %.2f s)\n", documents.size(), run_s);
  std::printf("DocumentContent: %.2f s, %.0f letters/s\n", build_s, documents.size() / build_s);
  std::printf("%s: %.2f s, %.0f pages/s, %d pages, %.1f MB (%.1f kB a page)\n",
              stream ? "RenderPdfTo (streamed)" : "RenderPdf (in memory)", draw_s, pages / draw_s, pages,
              bytes / 1e6, bytes / 1e3 / std::max(pages, 1));
  std::printf("peak RSS %ld MB\n", PeakRssMb());
  return documents.size() == static_cast<size_t>(letters) ? 0 : 1;
}

}  // namespace
}  // namespace reskontra

int main(int argc, char** argv) {
  int letters = 100000;
  bool stream = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--letters=", 10) == 0) letters = std::atoi(argv[i] + 10);
    if (std::strcmp(argv[i], "--stream") == 0) stream = true;
  }
  return reskontra::Run(letters, stream);
}
