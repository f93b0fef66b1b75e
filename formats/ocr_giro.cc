#include "formats/ocr_giro.h"

#include <algorithm>
#include <map>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/status_macros.h"
#include "domain/ids.h"
#include "domain/limits.h"
#include "formats/latin1.h"

namespace reskontra {

namespace {

constexpr size_t kRecordLength = 80;

bool Digits(absl::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return absl::ascii_isdigit(c); });
}
bool Zeros(absl::string_view s) { return s.find_first_not_of('0') == absl::string_view::npos; }

class Reader {
 public:
  explicit Reader(absl::string_view bytes) {
    for (absl::string_view line : absl::StrSplit(bytes, '\n')) {
      absl::ConsumeSuffix(&line, "\r");
      lines_.push_back(line);
    }
    while (!lines_.empty() && lines_.back().empty()) lines_.pop_back();
  }

  absl::StatusOr<OcrGiroFile> Read() {
    if (lines_.empty()) return absl::InvalidArgumentError("the OCR giro file is empty");
    OcrGiroFile file;
    RETURN_IF_ERROR(Next());
    if (Kind() != "000010") return Error("the file must start with a transmission start record (NY000010)");
    file.transmitter = std::string(F(9, 16));
    file.transmission_number = std::string(F(17, 23));
    file.recipient = std::string(F(24, 31));
    RETURN_IF_ERROR(Filler(32, 80, '0'));
    int64_t transactions = 0, records = 1;
    Money total;
    while (true) {
      RETURN_IF_ERROR(Next());
      ++records;
      if (Kind() == "000089") break;
      if (F(1, 4) == "NY21") return Error("an AvtaleGiro assignment is not a file of incoming payments");
      if (Kind() != "090020")
        return Error("expected an assignment start record (NY090020) or the transmission end");
      OcrGiroAssignment a;
      int64_t assignment_records = 1;
      a.agreement_id = std::string(F(9, 17));
      a.number = std::string(F(18, 24));
      a.account = std::string(F(25, 35));
      RETURN_IF_ERROR(Filler(36, 80, '0'));
      Money assignment_total;
      while (true) {
        RETURN_IF_ERROR(Next());
        ++records;
        ++assignment_records;
        if (Kind() == "090088") break;
        ASSIGN_OR_RETURN(OcrGiroTransaction t, Transaction(&assignment_records, &records));
        ++transactions;
        assignment_total += t.amount;
        a.transactions.push_back(std::move(t));
      }
      RETURN_IF_ERROR(
          CountsMatch("the assignment", a.transactions.size(), assignment_records, assignment_total));
      RETURN_IF_ERROR(Filler(60, 80, '0'));
      file.assignments.push_back(std::move(a));
    }
    total = SumAll(file);
    RETURN_IF_ERROR(CountsMatch("the transmission", transactions, records, total));
    ASSIGN_OR_RETURN(file.nets_date, DateAt(42, 47, "Nets date"));
    RETURN_IF_ERROR(Filler(48, 80, '0'));
    if (at_ != lines_.size()) {
      at_++;
      return Error("records after the transmission end");
    }
    return file;
  }

 private:
  static Money SumAll(const OcrGiroFile& f) {
    Money m;
    for (const OcrGiroAssignment& a : f.assignments)
      for (const OcrGiroTransaction& t : a.transactions) m += t.amount;
    return m;
  }

  // A transaction: amount item 1, 2 and (types 20 and 21) 3, all with one number.
  absl::StatusOr<OcrGiroTransaction> Transaction(int64_t* assignment_records, int64_t* records) {
    OcrGiroTransaction t;
    if (F(1, 4) != "NY09" || F(7, 8) != "30") return Error("expected an amount item 1 record (NY09..30)");
    int type = 0;
    if (!absl::SimpleAtoi(F(5, 6), &type) || type < 10 || type > 21)
      return Error(absl::StrCat("transaction type ", F(5, 6), " is not an OCR giro payment (10..21)"));
    t.type = type;
    if (!Digits(F(9, 15)) || !absl::SimpleAtoi(F(9, 15), &t.number))
      return Error("the transaction number is not 7 digits");
    ASSIGN_OR_RETURN(t.nets_date, DateAt(16, 21, "Nets date"));
    t.centre_id = std::string(F(22, 23));
    if (!Digits(F(24, 25)) || !absl::SimpleAtoi(F(24, 25), &t.day_code))
      return Error("the day code is not 2 digits");
    if (!Digits(F(26, 26))) return Error("the partial settlement number is not a digit");
    t.partial_settlement = F(26, 26)[0] - '0';
    t.partial_serial = std::string(F(27, 31));
    const char sign = F(32, 32)[0];
    if (sign != '-' && sign != '0') return Error("the sign must be '-' or '0'");
    if (!Digits(F(33, 49))) return Error("the amount is not 17 digits");
    int64_t ore = 0;
    (void)absl::SimpleAtoi(F(33, 49), &ore);
    if (ore > limits::kAmountOreMax) return Error("the amount is larger than the ledger keeps");
    t.amount = Money::FromOre(sign == '-' ? -ore : ore);
    if ((type == 18 || type == 20) && sign != '-' && ore != 0)
      return Error(
          absl::StrCat("transaction type ", type, " reverses a payment: its amount must be negative"));
    const absl::string_view kid = absl::StripLeadingAsciiWhitespace(F(50, 74));
    if (!Digits(kid) || (kid.empty() && type != 20 && type != 21))
      return Error(absl::StrCat("KID '", kid, "' is not digits, right-aligned"));
    t.kid = std::string(kid);
    RETURN_IF_ERROR(Filler(75, 80, '0'));

    RETURN_IF_ERROR(Next());
    ++*records;
    ++*assignment_records;
    if (F(1, 8) != absl::StrFormat("NY09%02d31", type) || F(9, 15) != absl::StrFormat("%07d", t.number))
      return Error("expected the transaction's amount item 2 record (NY09..31, the same number)");
    t.form_number = std::string(F(16, 25));
    t.reference = std::string(F(26, 34));
    if (!Zeros(F(35, 41)) && !Digits(F(35, 41))) return Error("filler at 35..41 is not digits");
    t.bank_date = std::string(F(42, 47));
    if (!Digits(t.bank_date)) return Error("the bank date is not 6 digits");
    if (!Zeros(t.bank_date)) RETURN_IF_ERROR(DateAt(42, 47, "bank date").status());
    t.debit_account = std::string(F(48, 58));
    if (!Digits(t.debit_account)) return Error("the debited account is not 11 digits");
    RETURN_IF_ERROR(Filler(59, 80, '0'));
    if (type == 20 || type == 21) {
      RETURN_IF_ERROR(Next());
      ++*records;
      ++*assignment_records;
      if (F(1, 8) != absl::StrFormat("NY09%02d32", type) || F(9, 15) != absl::StrFormat("%07d", t.number))
        return Error("expected the transaction's amount item 3 record (NY09..32, the same number)");
      t.text = Latin1ToUtf8(absl::StripTrailingAsciiWhitespace(F(16, 55)));
      absl::Status valid = ValidateText("text", t.text, 40, false);
      if (!valid.ok()) return Error(valid.message());
      RETURN_IF_ERROR(Filler(56, 80, '0'));
    }
    return t;
  }

  // The end record's counts and total (positions 9..49) against what was read.
  absl::Status CountsMatch(absl::string_view what, int64_t transactions, int64_t records, Money total) {
    int64_t n = 0, r = 0, ore = 0;
    if (!absl::SimpleAtoi(F(9, 16), &n) || !absl::SimpleAtoi(F(17, 24), &r) ||
        !absl::SimpleAtoi(F(25, 41), &ore))
      return Error("the end record's counts are not digits");
    if (n != transactions)
      return Error(absl::StrCat(what, " counts ", n, " transactions; it has ", transactions));
    if (r != records) return Error(absl::StrCat(what, " counts ", r, " records; it has ", records));
    if (ore != total.ore())
      return Error(absl::StrCat(what, " totals ", Money::FromOre(ore).ToKronor(),
                                "; its transactions add up to ", total.ToKronor()));
    return absl::OkStatus();
  }

  absl::Status Next() {
    if (at_ >= lines_.size())
      return absl::InvalidArgumentError(absl::StrCat("OCR giro: the file ends early (line ", at_ + 1, ")"));
    line_ = lines_[at_++];
    if (line_.size() != kRecordLength)
      return Error(absl::StrCat("a record is ", line_.size(), " characters, not ", kRecordLength));
    if (!absl::StartsWith(line_, "NY")) return Error("a record must start with NY");
    return absl::OkStatus();
  }
  absl::string_view Kind() const { return absl::string_view(line_).substr(2, 6); }
  // Positions 1-based and inclusive, as the manual numbers them.
  absl::string_view F(size_t from, size_t to) const { return line_.substr(from - 1, to - from + 1); }
  absl::Status Filler(size_t from, size_t to, char c) {
    absl::string_view f = F(from, to);
    if (f.find_first_not_of(c) != absl::string_view::npos)
      return Error(absl::StrCat("positions ", from, "..", to, " must be '", std::string(1, c), "'"));
    return absl::OkStatus();
  }
  absl::StatusOr<Date> DateAt(size_t from, size_t to, absl::string_view what) {
    const absl::string_view s = F(from, to);
    int dd = 0, mm = 0, yy = 0;
    if (!Digits(s) || !absl::SimpleAtoi(s.substr(0, 2), &dd) || !absl::SimpleAtoi(s.substr(2, 2), &mm) ||
        !absl::SimpleAtoi(s.substr(4, 2), &yy)) {
      return Error(absl::StrCat(what, " '", s, "' is not DDMMYY"));
    }
    // Two-digit years as POSIX reads them: 69..99 are 19xx.
    absl::StatusOr<Date> d =
        ParseDate(absl::StrFormat("%d-%02d-%02d", yy < 69 ? 2000 + yy : 1900 + yy, mm, dd));
    if (!d.ok()) return Error(absl::StrCat(what, " '", s, "': ", d.status().message()));
    return *d;
  }
  absl::Status Error(absl::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat("OCR giro line ", at_, ": ", what));
  }

  std::vector<absl::string_view> lines_;
  size_t at_ = 0;
  absl::string_view line_;
};

std::string Ddmmyy(Date d) { return absl::StrFormat("%02d%02d%02d", d.day(), d.month(), d.year() % 100); }

}  // namespace

absl::StatusOr<OcrGiroFile> ParseOcrGiro(absl::string_view bytes) {
  if (bytes.size() > limits::kPaymentFileBytesMax)
    return absl::InvalidArgumentError("the file is larger than the ledger reads in one import");
  // ISO-8859-1 as Nets writes it; a file re-saved as UTF-8 is read too.
  std::optional<std::string> latin1 = Utf8ToLatin1(bytes);
  return Reader(latin1.has_value() ? absl::string_view(*latin1) : bytes).Read();
}

std::string WriteOcrGiro(const OcrGiroFile& f) {
  std::string out;
  auto line = [&](std::string s) {
    s.resize(kRecordLength, '0');
    out += s;
    out += '\n';
  };
  line(absl::StrCat("NY000010", f.transmitter, f.transmission_number, f.recipient));
  int64_t transactions = 0, records = 2;
  Money total;
  for (const OcrGiroAssignment& a : f.assignments) {
    line(absl::StrCat("NY090020", a.agreement_id, a.number, a.account));
    int64_t assignment_records = 2;
    Money assignment_total;
    Date first = a.transactions.empty() ? f.nets_date : a.transactions.front().nets_date, last = first;
    for (const OcrGiroTransaction& t : a.transactions) {
      const std::string head = absl::StrFormat("NY09%02d", t.type);
      const std::string number = absl::StrFormat("%07d", t.number);
      line(absl::StrCat(head, "30", number, Ddmmyy(t.nets_date), t.centre_id,
                        absl::StrFormat("%02d", t.day_code), t.partial_settlement, t.partial_serial,
                        t.amount.is_negative() ? "-" : "0",
                        absl::StrFormat("%017d", t.amount.is_negative() ? -t.amount.ore() : t.amount.ore()),
                        absl::StrFormat("%25s", t.kid)));
      line(absl::StrCat(head, "31", number, t.form_number, t.reference, "0000000", t.bank_date,
                        t.debit_account));
      assignment_records += 2;
      if (t.type == 20 || t.type == 21) {
        std::string text = Utf8ToLatin1(t.text).value_or(t.text);
        text.resize(40, ' ');
        line(absl::StrCat(head, "32", number, text));
        ++assignment_records;
      }
      ++transactions;
      assignment_total += t.amount;
      first = std::min(first, t.nets_date);
      last = std::max(last, t.nets_date);
    }
    line(absl::StrCat(
        "NY090088",
        absl::StrFormat("%08d%08d%017d", a.transactions.size(), assignment_records, assignment_total.ore()),
        Ddmmyy(f.nets_date), Ddmmyy(first), Ddmmyy(last)));
    records += assignment_records;
    total += assignment_total;
  }
  line(absl::StrCat("NY000089", absl::StrFormat("%08d%08d%017d", transactions, records, total.ore()),
                    Ddmmyy(f.nets_date)));
  return out;
}

IncomingPaymentFile ToIncomingPaymentFile(const OcrGiroFile& file) {
  IncomingPaymentFile out;
  out.format = "OCRGIRO";
  out.message_id = absl::StrCat(file.transmitter, "-", file.transmission_number);
  for (const OcrGiroAssignment& a : file.assignments) {
    std::map<Date, IncomingDeposit> by_date;
    for (const OcrGiroTransaction& t : a.transactions) {
      IncomingDeposit& d = by_date[t.nets_date];
      d.account = a.account;
      d.currency = "NOK";
      d.payment_date = t.nets_date;
      d.amount += t.amount;
      IncomingPayment& p = d.payments.emplace_back();
      p.amount = t.amount.is_negative() ? -t.amount : t.amount;
      p.reference = t.kid;
      p.sender_account = Zeros(t.debit_account) ? "" : t.debit_account;
      p.bank_reference = Zeros(t.reference) ? "" : t.reference;  // arkivreferanse
      p.message = t.text;
      if (t.amount.is_negative() || t.type == 18 || t.type == 20) {
        p.deduction = t.amount.is_negative();
        p.deduction_text =
            absl::StrCat("reversal of a payment (OCR giro transaction type ", t.type, "): handle by hand");
      }
    }
    for (auto& [date, d] : by_date) out.deposits.push_back(std::move(d));
  }
  return out;
}

}  // namespace reskontra
