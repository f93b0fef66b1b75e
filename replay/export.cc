#include "replay/export.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "xlsxwriter.h"

namespace reskontra {
namespace {

constexpr const char* kSaldoHeader[] = {
    "rad",          "foretag",     "rutin",      "fakturanummer", "kundnummer", "person_orgnr", "namn",
    "fakturadatum", "forfallodag", "slutbetald", "kravsteg",      "kravdatum",  "kravkod",      "status",
    "antal",        "fakturerat",  "pafort",     "inbetalt",      "saldo"};
constexpr int kColumns = sizeof(kSaldoHeader) / sizeof(kSaldoHeader[0]);
constexpr int kFirstAmount = 15;

// One line of the list as cells; cells from kFirstAmount are amounts.
struct Line {
  std::vector<std::string> text;  // kFirstAmount cells
  std::array<Money, 4> amounts;
};

std::string OptDate(const std::optional<Date>& d) { return d ? FormatDate(*d) : ""; }

std::vector<Line> Lines(const Saldolista& list, bool totals_only) {
  std::vector<Line> out;
  auto total = [&](absl::string_view kind, const SaldoTotal& t) {
    Line l;
    l.text = {std::string(kind),
              t.company ? absl::StrCat(t.company) : "",
              t.routine >= 0 ? absl::StrCat(t.routine) : "",
              "",
              "",
              "",
              "",
              "",
              "",
              "",
              "",
              "",
              "",
              "",
              absl::StrCat(t.invoices)};
    l.amounts = {t.amounts.invoiced, t.amounts.charged, t.amounts.paid, t.amounts.balance()};
    out.push_back(std::move(l));
  };
  size_t row = 0, routine = 0, company = 0;
  while (routine < list.routine_totals.size()) {
    const SaldoTotal& rt = list.routine_totals[routine];
    for (; row < list.rows.size() && list.rows[row].company == rt.company &&
           list.rows[row].routine == rt.routine;
         ++row) {
      if (totals_only) continue;
      const SaldoRow& r = list.rows[row];
      Line l;
      l.text = {"faktura",
                absl::StrCat(r.company),
                absl::StrCat(r.routine),
                FormatInvoiceNumber(r.invoice_number),
                r.customer_number,
                r.national_id,
                r.name,
                FormatDate(r.invoice_date),
                FormatDate(r.due_date),
                OptDate(r.slutbetald),
                r.step == DunningStep::kNone ? "" : std::string(DunningStepName(r.step)),
                OptDate(r.step_date),
                r.code ? absl::StrCat(r.code) : "",
                r.status,
                "1"};
      l.amounts = {r.amounts.invoiced, r.amounts.charged, r.amounts.paid, r.amounts.balance()};
      out.push_back(std::move(l));
    }
    total("rutin", rt);
    ++routine;
    if (routine == list.routine_totals.size() || list.routine_totals[routine].company != rt.company)
      total("foretag", list.company_totals[company++]);
  }
  total("total", list.total);
  return out;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(";\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string SaldolistaCsv(const Saldolista& list, bool totals_only) {
  std::string out = absl::StrCat(absl::StrJoin(kSaldoHeader, ";"), "\n");
  for (const Line& l : Lines(list, totals_only)) {
    for (const std::string& t : l.text) absl::StrAppend(&out, CsvField(t), ";");
    absl::StrAppend(&out, l.amounts[0].ToDecimal(), ";", l.amounts[1].ToDecimal(), ";",
                    l.amounts[2].ToDecimal(), ";", l.amounts[3].ToDecimal(), "\n");
  }
  return out;
}

absl::StatusOr<std::string> SaldolistaXlsx(const Saldolista& list, bool totals_only) {
  char path[] = "/tmp/reskontra-saldolista-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return absl::InternalError("cannot create a temporary file for the workbook");
  close(fd);
  lxw_workbook* wb = workbook_new(path);
  if (wb == nullptr) {
    unlink(path);
    return absl::InternalError("libxlsxwriter could not start a workbook");
  }
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Saldolista");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* kronor = workbook_add_format(wb);
  format_set_num_format(kronor, "#,##0.00");
  for (int c = 0; c < kColumns; ++c) worksheet_write_string(ws, 0, c, kSaldoHeader[c], bold);
  lxw_row_t r = 1;
  for (const Line& l : Lines(list, totals_only)) {
    lxw_format* f = l.text[0] == "faktura" ? nullptr : bold;
    for (int c = 0; c < kFirstAmount; ++c)
      if (!l.text[c].empty()) worksheet_write_string(ws, r, c, l.text[c].c_str(), f);
    // A spreadsheet cell holds a binary floating-point number: the öre are converted only
    // here, at the file boundary, and every amount below 2^53 öre converts exactly to the
    // two decimals shown.
    for (int a = 0; a < 4; ++a)
      worksheet_write_number(ws, r, kFirstAmount + a, static_cast<double>(l.amounts[a].ore()) / 100, kronor);
    ++r;
  }
  worksheet_freeze_panes(ws, 1, 0);
  lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) {
    unlink(path);
    return absl::InternalError(absl::StrCat("libxlsxwriter: ", lxw_strerror(err)));
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  unlink(path);
  return bytes.str();
}

std::string AgedReceivablesCsv(const AgedReceivables& aged) {
  std::string out = absl::StrCat("rad;foretag;rutin;kundnummer;antal");
  for (int b = 0; b < kAgeingBuckets; ++b) absl::StrAppend(&out, ";", AgeingBucketName(b));
  absl::StrAppend(&out, ";summa\n");
  auto line = [&](absl::string_view kind, const AgedReceivable& a) {
    absl::StrAppend(&out, kind, ";", a.company ? absl::StrCat(a.company) : "", ";",
                    a.routine >= 0 ? absl::StrCat(a.routine) : "", ";", CsvField(a.customer_number), ";",
                    a.invoices);
    for (const Money& m : a.buckets) absl::StrAppend(&out, ";", m.ToDecimal());
    absl::StrAppend(&out, ";", a.total.ToDecimal(), "\n");
  };
  for (const AgedReceivable& a : aged.customers) line("kund", a);
  for (const AgedReceivable& a : aged.routines) line("rutin", a);
  for (const AgedReceivable& a : aged.companies) line("foretag", a);
  line("total", aged.total);
  return out;
}

}  // namespace reskontra
