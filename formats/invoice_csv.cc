#include "formats/invoice_csv.h"

#include <array>
#include <optional>

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "domain/ids.h"
#include "domain/limits.h"
#include "domain/money.h"
#include "formats/latin1.h"

namespace reskontra {

namespace {

enum Column {
  kNumber,
  kSourceId,
  kRoutine,
  kCustomer,
  kName,
  kIdentity,
  kKind,
  kStreet,
  kPostalCode,
  kCity,
  kCountry,
  kEmail,
  kDelivery,
  kInvoiceDate,
  kDueDate,
  kText,
  kAmount,
  kVat,
  kVatAmount,
  kAccount,
  kOcr,
  kPeppolId,
  kDepartment,
  kHandler,
  kSubject,
  kBuyerReference,
  kOrderReference,
  kSystem,
  // A migration of open items (issue 26, item 6): the invoice's balance in the old ledger.
  kReminderFees,
  kCollectionFees,
  kInterest,
  kOpenCapital,
  kOpenFees,
  kOpenInterest,
  kReminder1,
  kReminder2,
  kCollectionDemand,
  kPaidOn,
  kColumns
};

// The header names, lower case; åäö may be written aa/ae/oe-free as a, a, o.
const char* const kNames[kColumns] = {
    "fakturanummer", "kalla_id",     "rutin",         "kundnummer", "kundnamn",    "identitet",
    "kundtyp",       "gatuadress",   "postnummer",    "ort",        "land",        "epost",
    "leveranssatt",  "fakturadatum", "forfallodag",   "text",       "belopp",      "moms",
    "momsbelopp",    "konto",        "ocr",           "peppol_id",  "forvaltning", "handlaggare",
    "avser",         "er_referens",  "bestallning",   "system",     "avgifter",    "inkassoavgifter",
    "ranta",         "kvar_kapital", "kvar_avgifter", "kvar_ranta", "paminnelse1", "paminnelse2",
    "inkassokrav",   "betaldatum"};

std::string Fold(absl::string_view header) {
  std::string out = absl::AsciiStrToLower(absl::StripAsciiWhitespace(header));
  return absl::StrReplaceAll(
      out, {{"å", "a"}, {"ä", "a"}, {"ö", "o"}, {"Å", "a"}, {"Ä", "a"}, {"Ö", "o"}, {"-", "_"}, {" ", "_"}});
}

// The rows of the file: fields split at `sep`, quotes as RFC 4180 (a quoted field may hold the
// separator, a line break and "" for a quote). `lines[i]` is the line row i starts on.
absl::Status SplitRows(absl::string_view text, char sep, std::vector<std::vector<std::string>>& rows,
                       std::vector<int>& lines) {
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, field_started = false, after_quote = false;
  int line = 1, row_line = 1;
  auto end_field = [&] {
    row.push_back(std::move(field));
    field.clear();
    field_started = after_quote = false;
  };
  auto end_row = [&] {
    end_field();
    const bool blank = row.size() == 1 && row[0].empty();
    if (!blank) {
      rows.push_back(std::move(row));
      lines.push_back(row_line);
    }
    row.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == sep) {
      end_field();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
      row_line = ++line;
    } else if (c == '"' && !field_started) {
      quoted = field_started = true;
    } else if (after_quote) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line, ": text after a quoted field's closing quote"));
    } else if (c == '"') {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line, ": a quote inside an unquoted field (quote the whole field)"));
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted)
    return absl::InvalidArgumentError(absl::StrCat("line ", row_line, ": a quoted field is not closed"));
  if (!row.empty() || field_started || !field.empty()) end_row();
  return absl::OkStatus();
}

std::optional<CustomerKind> KindOf(absl::string_view text) {
  const std::string t = Fold(text);
  if (t == "person" || t == "p" || t == "privatperson") return CustomerKind::kPerson;
  if (t == "organisation" || t == "o" || t == "foretag") return CustomerKind::kOrganisation;
  if (t == "dodsbo" || t == "d") return CustomerKind::kEstate;
  return std::nullopt;
}

std::optional<DeliveryChannel> DeliveryOf(absl::string_view text) {
  const std::string t = Fold(text);
  if (t == "papper" || t == "paper" || t == "post") return DeliveryChannel::kPaper;
  if (t == "epost" || t == "e_post" || t == "email") return DeliveryChannel::kEmail;
  if (t == "efaktura" || t == "e_faktura" || t == "einvoice" || t == "peppol")
    return DeliveryChannel::kEInvoice;
  return std::nullopt;
}

// An organisation number: ten digits with the third 2 or more, or twelve starting 16.
bool LooksLikeOrganisation(absl::string_view id) {
  std::string digits;
  for (char c : id)
    if (absl::ascii_isdigit(c)) digits += c;
  return (digits.size() == 10 && digits[2] >= '2') || (digits.size() == 12 && absl::StartsWith(digits, "16"));
}

class Reader {
 public:
  absl::StatusOr<IncomingInvoiceFile> Read(absl::string_view text) {
    absl::ConsumePrefix(&text, "\xEF\xBB\xBF");
    const size_t eol = text.find_first_of("\r\n");
    const absl::string_view header = text.substr(0, eol);
    const char sep = header.find(';') != absl::string_view::npos    ? ';'
                     : header.find('\t') != absl::string_view::npos ? '\t'
                                                                    : ';';
    std::vector<std::vector<std::string>> rows;
    std::vector<int> lines;
    if (absl::Status split = SplitRows(text, sep, rows, lines); !split.ok()) return split;
    if (rows.empty())
      return absl::InvalidArgumentError("the file is empty: a header row and rows are expected");
    if (rows.size() - 1 > static_cast<size_t>(limits::kInvoiceFileRowsMax))
      return absl::InvalidArgumentError(
          absl::StrCat("the file has ", rows.size() - 1, " rows; at most ", limits::kInvoiceFileRowsMax));
    if (absl::Status h = Header(rows[0]); !h.ok()) return h;
    if (rows.size() == 1) return absl::InvalidArgumentError("the file has a header and no rows");
    for (size_t i = 1; i < rows.size() && errors_.size() < kMaxErrors; ++i) Row(rows[i], lines[i]);
    CheckVat();
    if (!errors_.empty())
      return absl::InvalidArgumentError(
          absl::StrCat(errors_.size() >= kMaxErrors ? "the first " : "", errors_.size(),
                       errors_.size() == 1 ? " row" : " rows",
                       " refused, nothing imported: ", absl::StrJoin(errors_, "; ")));
    IncomingInvoiceFile out;
    out.format = "CSV";
    for (auto& c : customers_) out.customers.push_back(std::move(c));
    for (auto& inv : invoices_) out.invoices.push_back(std::move(inv));
    return out;
  }

 private:
  static constexpr size_t kMaxErrors = 50;

  absl::Status Header(const std::vector<std::string>& names) {
    index_.fill(-1);
    for (size_t i = 0; i < names.size(); ++i) {
      const std::string name = Fold(names[i]);
      int found = -1;
      for (int c = 0; c < kColumns; ++c)
        if (name == kNames[c]) found = c;
      if (found < 0)
        return absl::InvalidArgumentError(
            absl::StrCat("line 1: unknown column '", names[i],
                         "' (the columns: ", absl::StrJoin(InvoiceCsvColumns(), ";"), ")"));
      if (index_[found] >= 0)
        return absl::InvalidArgumentError(absl::StrCat("line 1: column '", names[i], "' is given twice"));
      index_[found] = static_cast<int>(i);
    }
    width_ = names.size();
    for (Column required : {kCustomer, kInvoiceDate, kDueDate, kText, kAmount, kAccount})
      if (index_[required] < 0)
        return absl::InvalidArgumentError(
            absl::StrCat("line 1: the column '", kNames[required], "' is required"));
    for (Column opening : {kReminderFees, kCollectionFees, kInterest, kOpenFees, kOpenInterest, kReminder1,
                           kReminder2, kCollectionDemand, kPaidOn})
      if (index_[opening] >= 0 && index_[kOpenCapital] < 0)
        return absl::InvalidArgumentError(absl::StrCat("line 1: the column '", kNames[opening],
                                                       "' is an opening balance's: give 'kvar_kapital' too"));
    if (index_[kNumber] < 0 && index_[kSourceId] < 0)
      return absl::InvalidArgumentError(
          "line 1: give 'fakturanummer' or 'kalla_id' to say which rows are one invoice");
    return absl::OkStatus();
  }

  std::string Cell(const std::vector<std::string>& row, Column c) const {
    return index_[c] < 0 ? "" : std::string(absl::StripAsciiWhitespace(row[index_[c]]));
  }
  void Refuse(int line, absl::string_view why) { errors_.push_back(absl::StrCat("line ", line, ": ", why)); }

  void Row(const std::vector<std::string>& row, int line) {
    if (row.size() != width_) {
      Refuse(line, absl::StrCat(row.size(), " fields where the header has ", width_));
      return;
    }
    for (const std::string& cell : row)
      if (!IsValidUtf8(cell)) {
        Refuse(line, "not UTF-8 (a Latin-1 file must be imported as Latin-1)");
        return;
      }
    const size_t before = errors_.size();
    InvoiceFileInvoice inv = RowInvoice(row, line);
    std::optional<Money> vat_given;
    InvoiceFileLine l = RowLine(row, line, vat_given);
    InvoiceFileCustomer cu = RowCustomer(row, line, inv.customer_number);
    if (errors_.size() != before) return;
    if (!MergeCustomer(cu, line)) return;
    MergeLine(std::move(inv), std::move(l), vat_given, line);
  }

  // The invoice's fields of a row.
  InvoiceFileInvoice RowInvoice(const std::vector<std::string>& row, int line) {
    InvoiceFileInvoice inv;
    inv.line = line;
    const std::string number = Cell(row, kNumber);
    if (!number.empty()) {
      int64_t n = 0;
      if (number.size() > static_cast<size_t>(limits::kInvoiceNumberDigits) ||
          !absl::SimpleAtoi(number, &n) || !ValidateInvoiceNumber(n).ok())
        Refuse(line, absl::StrCat("fakturanummer '", number,
                                  "' is not an invoice number (9 digits, routine first)"));
      inv.invoice_number = n;
    }
    inv.source_id = Cell(row, kSourceId);
    if (number.empty() && inv.source_id.empty())
      Refuse(line, "neither fakturanummer nor kalla_id: which invoice is the row of?");
    const std::string routine = Cell(row, kRoutine);
    if (!routine.empty()) {
      int r = 0;
      if (!absl::SimpleAtoi(routine, &r) || r < 1 || r > limits::kRoutineMax)
        Refuse(line, absl::StrCat("rutin '", routine, "' is not 1..", limits::kRoutineMax));
      inv.routine = r;
      if (inv.invoice_number != 0 && RoutineOf(inv.invoice_number) != r)
        Refuse(line, absl::StrCat("fakturanummer ", number, " is not in rutin ", r));
    } else if (number.empty() && !inv.source_id.empty()) {
      Refuse(line, "without a fakturanummer the rutin to number it in is required");
    }
    inv.customer_number = Cell(row, kCustomer);
    if (inv.customer_number.empty()) Refuse(line, "kundnummer is required");
    for (auto [column, date] :
         {std::pair{kInvoiceDate, &inv.invoice_date}, std::pair{kDueDate, &inv.due_date}}) {
      const std::string text = Cell(row, column);
      absl::StatusOr<Date> d = ParseDate(text);
      if (!d.ok())
        Refuse(line, absl::StrCat(kNames[column], " '", text, "' is not a date (YYYY-MM-DD)"));
      else
        *date = *d;
    }
    inv.ocr_reference = Cell(row, kOcr);
    InvoiceAttributes& a = inv.attributes;
    a.department = Cell(row, kDepartment);
    a.handler = Cell(row, kHandler);
    a.subject = Cell(row, kSubject);
    a.buyer_reference = Cell(row, kBuyerReference);
    a.order_reference = Cell(row, kOrderReference);
    a.billing_system = Cell(row, kSystem);
    if (index_[kOpenCapital] >= 0) inv.opening = RowOpening(row, line);
    return inv;
  }

  // A migrated invoice's balance in the old ledger: amounts (empty = 0, kvar_kapital required)
  // and the days of its letters and of its payments (empty = none).
  OpeningBalance RowOpening(const std::vector<std::string>& row, int line) {
    OpeningBalance o;
    if (Cell(row, kOpenCapital).empty()) Refuse(line, "kvar_kapital is required in a migration");
    for (auto [column, amount] :
         {std::pair{kReminderFees, &o.reminder_fees}, std::pair{kCollectionFees, &o.collection_fees},
          std::pair{kInterest, &o.interest}, std::pair{kOpenCapital, &o.open_capital},
          std::pair{kOpenFees, &o.open_fees}, std::pair{kOpenInterest, &o.open_interest}}) {
      const std::string text = Cell(row, column);
      if (text.empty()) continue;
      absl::StatusOr<Money> m = Money::Parse(text);
      if (!m.ok())
        Refuse(line, absl::StrCat(kNames[column], ": ", m.status().message()));
      else
        *amount = *m;
    }
    for (auto [column, day] :
         {std::pair{kReminder1, &o.reminder1}, std::pair{kReminder2, &o.reminder2},
          std::pair{kCollectionDemand, &o.collection_demand}, std::pair{kPaidOn, &o.paid_on}}) {
      const std::string text = Cell(row, column);
      if (text.empty()) continue;
      absl::StatusOr<Date> d = ParseDate(text);
      if (!d.ok())
        Refuse(line, absl::StrCat(kNames[column], " '", text, "' is not a date (YYYY-MM-DD)"));
      else
        *day = *d;
    }
    return o;
  }

  // The invoice line of a row; `vat_given` its momsbelopp when the row gives one.
  InvoiceFileLine RowLine(const std::vector<std::string>& row, int line, std::optional<Money>& vat_given) {
    InvoiceFileLine l;
    l.description = Cell(row, kText);
    if (l.description.empty()) Refuse(line, "text is required");
    const std::string amount = Cell(row, kAmount);
    absl::StatusOr<Money> net = Money::Parse(amount);
    if (!net.ok())
      Refuse(line, absl::StrCat("belopp: ", net.status().message()));
    else
      l.net = *net;
    const std::string vat = Cell(row, kVat);
    if (vat == "O" || vat == "o") {
      l.outside_vat_scope = true;  // 0 %, not subject to VAT (Peppol O)
    } else if (!vat.empty()) {
      absl::StatusOr<Money> percent = Money::Parse(absl::StripSuffix(absl::StripAsciiWhitespace(vat), "%"));
      if (!percent.ok() || percent->is_negative())
        Refuse(line,
               absl::StrCat("moms '", vat,
                            "' is not a rate in percent (25, 12, 6 or 0) or O (outside the scope of VAT)"));
      else
        l.vat_rate_bp = static_cast<int32_t>(percent->ore());  // 25,00 % = 2500 bp
    }
    const std::string vat_amount = Cell(row, kVatAmount);
    if (!vat_amount.empty() && net.ok()) {
      absl::StatusOr<Money> given = Money::Parse(vat_amount);
      if (!given.ok())
        Refuse(line, absl::StrCat("momsbelopp: ", given.status().message()));
      else
        vat_given = *given;
    }
    const std::string account = Cell(row, kAccount);
    if (!absl::SimpleAtoi(account, &l.revenue_account) || account.size() != 4)
      Refuse(line, absl::StrCat("konto '", account, "' is not a 4-digit account"));
    return l;
  }

  // The customer of a row, with the details when the row gives more than its number.
  InvoiceFileCustomer RowCustomer(const std::vector<std::string>& row, int line,
                                  const std::string& customer_number) {
    InvoiceFileCustomer cu;
    cu.customer_number = customer_number;
    cu.line = line;
    CustomerDetails& d = cu.details;
    d.name = Cell(row, kName);
    d.national_id = Cell(row, kIdentity);
    d.street = Cell(row, kStreet);
    d.postal_code = Cell(row, kPostalCode);
    d.city = Cell(row, kCity);
    d.country = Cell(row, kCountry);
    d.email = Cell(row, kEmail);
    d.peppol_id = Cell(row, kPeppolId);
    cu.details_given = !d.name.empty() || !d.national_id.empty() || !d.street.empty() ||
                       !d.postal_code.empty() || !d.city.empty() || !d.country.empty() || !d.email.empty() ||
                       !d.peppol_id.empty();
    if (cu.details_given && d.name.empty())
      Refuse(line, "kundnamn is required when the customer's details are given");
    const std::string kind = Cell(row, kKind);
    if (!kind.empty()) {
      std::optional<CustomerKind> k = KindOf(kind);
      if (!k)
        Refuse(line, absl::StrCat("kundtyp '", kind, "' is person, organisation or dödsbo"));
      else
        d.kind = *k;
    } else if (LooksLikeOrganisation(d.national_id)) {
      d.kind = CustomerKind::kOrganisation;
    }
    const std::string delivery = Cell(row, kDelivery);
    if (!delivery.empty()) {
      std::optional<DeliveryChannel> ch = DeliveryOf(delivery);
      if (!ch)
        Refuse(line, absl::StrCat("leveranssatt '", delivery, "' is papper, epost or efaktura"));
      else
        d.delivery = *ch;
    }
    return cu;
  }

  // A customer is given one way: its first row's details, or the first that gives them. False
  // when the row is refused for giving others.
  bool MergeCustomer(const InvoiceFileCustomer& cu, int line) {
    if (!cu.customer_number.empty()) {
      auto [known, fresh] = customer_index_.try_emplace(cu.customer_number, customers_.size());
      if (fresh) {
        customers_.push_back(cu);
      } else if (cu.details_given) {
        InvoiceFileCustomer& first = customers_[known->second];
        if (!first.details_given) {
          first.details = cu.details;
          first.details_given = true;
        } else if (!(first.details == cu.details)) {
          Refuse(line, absl::StrCat("customer ", cu.customer_number, " is given other details than on line ",
                                    first.line));
          return false;
        }
      }
    }
    return true;
  }

  // The row's line added to its invoice (the first row of an invoice starts it): rows of one
  // invoice agree on what is the invoice's.
  void MergeLine(InvoiceFileInvoice inv, InvoiceFileLine l, std::optional<Money> vat_given, int line) {
    const std::string key =
        inv.invoice_number != 0 ? absl::StrCat("N", inv.invoice_number) : absl::StrCat("S", inv.source_id);
    auto [at, fresh] = invoice_index_.try_emplace(key, invoices_.size());
    VatGiven& v = vat_given_[std::make_pair(at->second, l.vat_rate_bp)];
    if (v.line == 0) v.line = line;
    v.net += l.net;
    v.all_given = v.all_given && vat_given.has_value();
    v.any_given = v.any_given || vat_given.has_value();
    if (vat_given) v.vat += *vat_given;
    if (fresh) {
      inv.lines.push_back(std::move(l));
      invoices_.push_back(std::move(inv));
      return;
    }
    InvoiceFileInvoice& first = invoices_[at->second];
    if (first.customer_number != inv.customer_number || first.invoice_date != inv.invoice_date ||
        first.due_date != inv.due_date || first.ocr_reference != inv.ocr_reference ||
        first.routine != inv.routine || first.source_id != inv.source_id ||
        first.attributes != inv.attributes) {
      Refuse(line,
             absl::StrCat("the invoice of line ", first.line,
                          " has another kundnummer, date, rutin, kalla_id, OCR or reference on this row"));
      return;
    }
    if (first.opening != inv.opening) {
      Refuse(line,
             absl::StrCat("the invoice of line ", first.line, " has another opening balance on this row"));
      return;
    }
    if (first.lines.size() >= static_cast<size_t>(limits::kInvoiceLinesMax)) {
      Refuse(line, absl::StrCat("an invoice has at most ", limits::kInvoiceLinesMax, " lines"));
      return;
    }
    first.lines.push_back(std::move(l));
  }

  // The momsbelopp given: VAT is rounded once per rate of an invoice (EN 16931 BR-CO-17, as the
  // ledger books it), so the rows' momsbelopp of a rate must add up to the rate of their sum.
  void CheckVat() {
    for (const auto& [key, v] : vat_given_) {
      if (!v.any_given) continue;
      const int32_t bp = key.second;
      if (!v.all_given) {
        Refuse(v.line, absl::StrCat("momsbelopp is given on some rows of the invoice at ", bp / 100,
                                    " % and not on others"));
        continue;
      }
      absl::StatusOr<Money> computed = ApplyBasisPoints(v.net, bp);
      if (computed.ok() && *computed != v.vat)
        Refuse(v.line, absl::StrCat("momsbelopp ", v.vat.ToKronor(), " (the invoice's rows at ", bp / 100,
                                    " %) does not add up: ", bp / 100, " % of ", v.net.ToKronor(), " is ",
                                    computed->ToKronor(), ", rounded once per rate"));
    }
  }

  struct VatGiven {
    Money net, vat;
    bool all_given = true, any_given = false;
    int line = 0;
  };

  std::array<int, kColumns> index_{};
  size_t width_ = 0;
  absl::btree_map<std::pair<size_t, int32_t>, VatGiven> vat_given_;  // (invoice, rate)
  std::vector<std::string> errors_;
  std::vector<InvoiceFileCustomer> customers_;
  std::vector<InvoiceFileInvoice> invoices_;
  absl::flat_hash_map<std::string, size_t> customer_index_, invoice_index_;
};

}  // namespace

const std::vector<std::string>& InvoiceCsvColumns() {
  static const std::vector<std::string> columns(std::begin(kNames), std::end(kNames));
  return columns;
}

absl::StatusOr<IncomingInvoiceFile> ReadInvoiceCsv(absl::string_view bytes, bool latin1) {
  if (bytes.size() > limits::kInvoiceFileBytesMax)
    return absl::InvalidArgumentError(
        absl::StrCat("the file has ", bytes.size(), " bytes; at most ", limits::kInvoiceFileBytesMax));
  if (latin1) return Reader().Read(Latin1ToUtf8(bytes));
  return Reader().Read(bytes);
}

}  // namespace reskontra
