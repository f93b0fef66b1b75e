#include "replay/export.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/btree_set.h"
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

std::string Utf8ToPc8(absl::string_view in) {
  // The Latin letters code page 437 has above 0x7F.
  static const std::pair<char32_t, unsigned char> kMap[] = {
      {U'Ç', 0x80}, {U'ü', 0x81}, {U'é', 0x82}, {U'â', 0x83}, {U'ä', 0x84}, {U'à', 0x85}, {U'å', 0x86},
      {U'ç', 0x87}, {U'ê', 0x88}, {U'ë', 0x89}, {U'è', 0x8A}, {U'ï', 0x8B}, {U'î', 0x8C}, {U'ì', 0x8D},
      {U'Ä', 0x8E}, {U'Å', 0x8F}, {U'É', 0x90}, {U'æ', 0x91}, {U'Æ', 0x92}, {U'ô', 0x93}, {U'ö', 0x94},
      {U'ò', 0x95}, {U'û', 0x96}, {U'ù', 0x97}, {U'ÿ', 0x98}, {U'Ö', 0x99}, {U'Ü', 0x9A}, {U'á', 0xA0},
      {U'í', 0xA1}, {U'ó', 0xA2}, {U'ú', 0xA3}, {U'ñ', 0xA4}, {U'Ñ', 0xA5}};
  std::string out;
  for (size_t i = 0; i < in.size();) {
    const unsigned char c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    char32_t cp = 0;
    int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    if (len == 1 || i + len > in.size()) {
      out += '?';
      ++i;
      continue;
    }
    cp = c & (0xFF >> (len + 1));
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(in[i + k]) & 0x3F);
    i += len;
    char mapped = '?';
    for (const auto& [u, b] : kMap)
      if (u == cp) mapped = static_cast<char>(b);
    out += mapped;
  }
  return out;
}

namespace {

std::string SieString(absl::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}
std::string SieDate(Date d) { return absl::StrFormat("%04d%02d%02d", d.year(), d.month(), d.day()); }

}  // namespace

std::string Sie4(const Company& company, const std::vector<Verifikation>& verifikationer, Date from, Date to,
                 Date generated) {
  const Date year_start(to.year(), 1, 1), year_end(to.year(), 12, 31);
  absl::btree_map<int32_t, Money> ib, ub, res;
  absl::btree_set<int32_t> accounts;
  for (const Verifikation& v : verifikationer) {
    if (v.company != company.id || to < v.date) continue;
    for (const PostingLine& l : v.lines) {
      accounts.insert(l.account);
      const bool balance_account = l.account < 3000;
      if (balance_account) {
        if (v.date < year_start) ib[l.account] += l.amount;
        ub[l.account] += l.amount;
      } else if (!(v.date < year_start)) {
        res[l.account] += l.amount;
      }
    }
  }
  std::string out;
  absl::StrAppend(&out, "#FLAGGA 0\n");
  absl::StrAppend(&out, "#PROGRAM \"Reskontra\" 1.0\n");
  absl::StrAppend(&out, "#FORMAT PC8\n");
  absl::StrAppend(&out, "#GEN ", SieDate(generated), "\n");
  absl::StrAppend(&out, "#SIETYP 4\n");
  absl::StrAppend(&out, "#FNAMN ", SieString(company.name), "\n");
  if (company.org_number.size() == 10)
    absl::StrAppend(&out, "#ORGNR ", company.org_number.substr(0, 6), "-", company.org_number.substr(6),
                    "\n");
  else if (!company.org_number.empty())
    absl::StrAppend(&out, "#ORGNR ", company.org_number, "\n");
  absl::StrAppend(&out, "#RAR 0 ", SieDate(year_start), " ", SieDate(year_end), "\n");
  for (int32_t a : accounts) absl::StrAppend(&out, "#KONTO ", a, " ", SieString(AccountName(a)), "\n");
  for (const auto& [a, m] : ib) absl::StrAppend(&out, "#IB 0 ", a, " ", m.ToDecimal(), "\n");
  for (const auto& [a, m] : ub) absl::StrAppend(&out, "#UB 0 ", a, " ", m.ToDecimal(), "\n");
  for (const auto& [a, m] : res) absl::StrAppend(&out, "#RES 0 ", a, " ", m.ToDecimal(), "\n");
  for (const Verifikation& v : verifikationer) {
    if (v.company != company.id || v.date < from || to < v.date) continue;
    const Date registered = absl::ToCivilDay(v.recorded_at, absl::UTCTimeZone());
    absl::StrAppend(&out, "#VER ", SieString(kVerifikationSeries), " ", v.number, " ", SieDate(v.date), " ",
                    SieString(v.text), " ", SieDate(registered), "\n{\n");
    for (const PostingLine& l : v.lines) {
      absl::StrAppend(&out, "   #TRANS ", l.account, " {} ", l.amount.ToDecimal());
      if (l.invoice)
        absl::StrAppend(&out, " ", SieDate(v.date), " ", SieString(FormatInvoiceNumber(l.invoice)));
      absl::StrAppend(&out, "\n");
    }
    absl::StrAppend(&out, "}\n");
  }
  return Utf8ToPc8(out);
}

}  // namespace reskontra
