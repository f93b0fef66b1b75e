#include "formats/sie.h"

#include "absl/container/btree_map.h"
#include "absl/container/btree_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "domain/ids.h"

namespace reskontra {

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
      // For part of a year the opening balances are those at the period's first day, so that
      // #IB plus the file's #TRANS is #UB for every account (and #RES their sum).
      if (balance_account) {
        if (v.date < from) ib[l.account] += l.amount;
        ub[l.account] += l.amount;
      } else if (!(v.date < from)) {
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
  // SIE writes an organisation number as NNNNNN-NNNN, also one registered with 16 before it.
  if (const std::string ten = OrganisationNumber10(company.org_number); ten.size() == 10)
    absl::StrAppend(&out, "#ORGNR ", ten.substr(0, 6), "-", ten.substr(6), "\n");
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
