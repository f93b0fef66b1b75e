#include "formats/bgmax.h"

#include <tuple>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "base/status_macros.h"
#include "domain/limits.h"
#include "formats/latin1.h"

namespace reskontra {

namespace {

constexpr size_t kRecordLength = 80;
constexpr int64_t kDepositOreMax = 1'000'000'000'000'000;  // 10 000 000 000 000 kr

class Parser {
 public:
  explicit Parser(absl::string_view latin1) : in_(latin1) {}

  absl::StatusOr<BgMaxFile> Parse() {
    std::vector<absl::string_view> lines;
    size_t start = 0;
    while (start < in_.size()) {
      size_t end = in_.find('\n', start);
      if (end == absl::string_view::npos) end = in_.size();
      absl::string_view line = in_.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      lines.push_back(line);
      start = end + 1;
    }
    if (lines.empty()) return absl::InvalidArgumentError("BgMax file is empty");
    // Bankgirot's own example file, and the public parsers that read it, have records shorter
    // than 80 characters (their trailing reserve left out) and a TAB for a blank: such a record
    // is padded with blanks and a TAB read as one. Fields that must hold digits still refuse
    // what is missing.
    std::vector<std::string> records(lines.size());
    for (size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].size() > kRecordLength) continue;  // refused below, with its length
      records[i] = std::string(lines[i]);
      for (char& c : records[i])
        if (c == '\t') c = ' ';
      records[i].resize(kRecordLength, ' ');
      lines[i] = records[i];
    }
    absl::flat_hash_set<std::tuple<std::string, std::string, std::string>> deposit_ids;
    absl::flat_hash_set<std::string> payment_records;
    BgMaxFile file;
    BgMaxDeposit* deposit = nullptr;
    BgMaxPayment* payment = nullptr;
    int payments = 0, deductions = 0, extra_refs = 0, deposits = 0;
    bool ended = false;
    for (size_t i = 0; i < lines.size(); ++i) {
      line_no_ = static_cast<int>(i + 1);
      rec_ = lines[i];
      if (ended) return Error("a record after the end record (TK70)");
      if (rec_.size() != kRecordLength) {
        return Error(absl::StrCat("record is ", rec_.size(), " characters, not ", kRecordLength));
      }
      const absl::string_view tk = rec_.substr(0, 2);
      if (i == 0 && tk != "01") return Error("the file does not start with a start record (TK01)");
      if (tk == "01") {
        if (i != 0) return Error("a second start record (TK01)");
        if (absl::StripTrailingAsciiWhitespace(Field(3, 22)) != "BGMAX")
          return Error("layout name is not BGMAX");
        ASSIGN_OR_RETURN(int64_t version, Number(23, 24, "version"));
        file.version = static_cast<int>(version);
        RETURN_IF_ERROR(Digits(25, 44, "timestamp"));
        file.timestamp = std::string(Field(25, 44));
        const char marker = rec_[44];
        if (marker != 'T' && marker != 'P') return Error("test/production marker is not T or P");
        file.test = marker == 'T';
      } else if (tk == "05") {
        if (deposit != nullptr) return Error("an opening record (TK05) inside an open deposit");
        file.deposits.emplace_back();
        deposit = &file.deposits.back();
        payment = nullptr;
        ASSIGN_OR_RETURN(int64_t bg, Number(3, 12, "bankgiro number"));
        deposit->bankgiro = absl::StrCat(bg);
        deposit->plusgiro = Text(13, 22);
        deposit->currency = std::string(Field(23, 25));
        if (deposit->currency != "SEK")
          return Error(absl::StrCat("currency '", deposit->currency, "' is not SEK"));
      } else if (tk == "20" || tk == "21") {
        if (deposit == nullptr) return Error("a payment record outside a deposit (no TK05 before it)");
        deposit->payments.emplace_back();
        payment = &deposit->payments.back();
        RETURN_IF_ERROR(ReadPayment(*payment, tk == "21"));
        // The same payment record twice (the same BGC serial number and content): a damaged
        // or doubled file, never two payments.
        if (payment->bgc_serial.find_first_not_of('0') != std::string::npos &&
            !payment_records.insert(std::string(rec_)).second) {
          return Error(absl::StrCat("the payment with BGC serial number ", payment->bgc_serial,
                                    " appears twice in the file"));
        }
        (tk == "20" ? payments : deductions)++;
      } else if (tk == "22" || tk == "23") {
        if (payment == nullptr) return Error("an extra reference (TK22/23) without a payment before it");
        BgMaxExtraReference ref;
        ref.reference = Text(13, 37);
        ASSIGN_OR_RETURN(Money amount, Amount(38, 55));
        ref.amount = tk == "23" ? -amount : amount;
        ASSIGN_OR_RETURN(int64_t code, Number(56, 56, "reference code"));
        ref.reference_code = static_cast<int>(code);
        payment->extra_references.push_back(std::move(ref));
        ++extra_refs;
      } else if (tk == "25" || tk == "26" || tk == "27" || tk == "28" || tk == "29") {
        if (payment == nullptr) return Error(absl::StrCat("a TK", tk, " record without a payment before it"));
        if (tk == "25") payment->information.push_back(Text(3, 52));
        if (tk == "26") {
          payment->payer_name = Text(3, 37);
          payment->payer_extra_name = Text(38, 72);
        }
        if (tk == "27") {
          payment->address = Text(3, 37);
          payment->postcode = Text(38, 46);
        }
        if (tk == "28") {
          payment->town = Text(3, 37);
          payment->country = Text(38, 72);
          payment->country_code = Text(73, 74);
        }
        if (tk == "29") {
          ASSIGN_OR_RETURN(int64_t org, Number(3, 14, "organisation number"));
          payment->org_number = absl::StrCat(org);
        }
      } else if (tk == "15") {
        if (deposit == nullptr) return Error("a deposit record (TK15) without an opening record (TK05)");
        RETURN_IF_ERROR(ReadDeposit(*deposit));
        if (!deposit_ids.insert({deposit->bankgiro, std::string(Field(38, 45)), std::string(Field(46, 50))})
                 .second) {
          return Error(absl::StrCat("deposit ", deposit->serial, " of ", FormatDate(deposit->payment_date),
                                    " appears twice in the file"));
        }
        deposit = nullptr;
        payment = nullptr;
        ++deposits;
      } else if (tk == "70") {
        if (deposit != nullptr) return Error("the end record (TK70) comes before the open deposit's TK15");
        ASSIGN_OR_RETURN(int64_t n_pay, Number(3, 10, "number of payment records"));
        ASSIGN_OR_RETURN(int64_t n_ded, Number(11, 18, "number of deduction records"));
        ASSIGN_OR_RETURN(int64_t n_ext, Number(19, 26, "number of extra reference records"));
        ASSIGN_OR_RETURN(int64_t n_dep, Number(27, 34, "number of deposit records"));
        if (n_pay != payments || n_ded != deductions || n_ext != extra_refs || n_dep != deposits) {
          return Error(absl::StrCat("end record counts ", n_pay, "/", n_ded, "/", n_ext, "/", n_dep,
                                    " (payments/deductions/extra references/deposits) but the file has ",
                                    payments, "/", deductions, "/", extra_refs, "/", deposits));
        }
        ended = true;
      } else {
        return Error(absl::StrCat("unknown record type TK'", Latin1ToUtf8(tk), "'"));
      }
    }
    RETURN_IF_ERROR(text_error_);
    line_no_ = static_cast<int>(lines.size());
    if (!ended) return Error("the file ends without an end record (TK70): truncated?");
    if (file.deposits.empty()) return Error("the file has no deposit");
    return file;
  }

 private:
  absl::Status ReadPayment(BgMaxPayment& p, bool deduction) {
    p.line = line_no_;
    p.deduction = deduction;
    ASSIGN_OR_RETURN(int64_t sender, Number(3, 12, "sender's bankgiro"));
    p.sender_bankgiro = absl::StrCat(sender);
    p.reference = Text(13, 37);
    ASSIGN_OR_RETURN(p.amount, Amount(38, 55));
    ASSIGN_OR_RETURN(int64_t ref_code, Number(56, 56, "reference code"));
    if (ref_code > 5) return Error(absl::StrCat("reference code ", ref_code, " is not 0..5"));
    p.reference_code = static_cast<int>(ref_code);
    ASSIGN_OR_RETURN(int64_t channel, Number(57, 57, "payment channel code"));
    if (channel < 1 || channel > 4)
      return Error(absl::StrCat("payment channel code ", channel, " is not 1..4"));
    p.channel_code = static_cast<int>(channel);
    RETURN_IF_ERROR(Number(58, 69, "BGC serial number").status());
    p.bgc_serial = std::string(Field(58, 69));
    const char image = rec_[69];
    if (image != '0' && image != '1') return Error("image marker is not 0 or 1");
    p.image = image == '1';
    if (deduction) {
      ASSIGN_OR_RETURN(int64_t code, Number(71, 71, "deduction code"));
      p.deduction_code = static_cast<int>(code);
    }
    return absl::OkStatus();
  }

  absl::Status ReadDeposit(BgMaxDeposit& d) {
    d.bank_account = Text(3, 37);
    absl::StatusOr<Date> date = ParseDate(Field(38, 45));
    if (!date.ok()) return Error(absl::StrCat("payment date: ", date.status().message()));
    d.payment_date = *date;
    ASSIGN_OR_RETURN(int64_t serial, Number(46, 50, "deposit serial number"));
    d.serial = static_cast<int>(serial);
    ASSIGN_OR_RETURN(Money amount, Amount(51, 68, kDepositOreMax));
    if (Field(69, 71) != d.currency) return Error("deposit currency differs from the opening record's");
    ASSIGN_OR_RETURN(int64_t count, Number(72, 79, "number of payments"));
    Money sum;
    for (const BgMaxPayment& p : d.payments) sum += p.deduction ? -p.amount : p.amount;
    if (count != static_cast<int64_t>(d.payments.size())) {
      return Error(absl::StrCat("deposit says ", count, " payments but has ", d.payments.size()));
    }
    if (sum != amount) {
      return Error(absl::StrCat("deposit total ", amount.ToKronor(), " kr does not equal the payments' sum ",
                                sum.ToKronor(), " kr"));
    }
    d.amount = amount;
    return absl::OkStatus();
  }

  // 1-based inclusive positions, as the manual numbers them.
  absl::string_view Field(int from, int to) const { return rec_.substr(from - 1, to - from + 1); }
  // A text field; a control character in it (names, addresses, references) is refused, as
  // `payment record` refuses it. Text() records the first such defect; Parse reports it.
  std::string Text(int from, int to) {
    const absl::string_view f = absl::StripAsciiWhitespace(Field(from, to));
    for (char c : f) {
      const unsigned char u = static_cast<unsigned char>(c);
      if ((u < 0x20 || u == 0x7F || (u >= 0x80 && u < 0xA0)) && text_error_.ok()) {
        text_error_ = Error(absl::StrCat("a control character in the text at positions ", from, "-", to));
      }
    }
    return Latin1ToUtf8(f);
  }
  // Checks that a field is all digits, however wide (the 20-digit timestamp).
  absl::Status Digits(int from, int to, absl::string_view what) const {
    absl::string_view f = Field(from, to);
    for (char c : f) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
        return Error(
            absl::StrCat(what, " (positions ", from, "-", to, ") '", Latin1ToUtf8(f), "' is not digits"));
      }
    }
    return absl::OkStatus();
  }
  // A numeric field of at most 18 digits, so that it fits in int64 (UBSan found the
  // 20-digit timestamp overflowing here).
  absl::StatusOr<int64_t> Number(int from, int to, absl::string_view what) const {
    RESKONTRA_CHECK(to - from + 1 <= 18);
    absl::string_view f = Field(from, to);
    int64_t v = 0;
    for (char c : f) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
        return Error(
            absl::StrCat(what, " (positions ", from, "-", to, ") '", Latin1ToUtf8(f), "' is not digits"));
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
  // A payment's amount is bounded by the ledger's limit; a deposit's by kDepositOreMax, so
  // that no sum over a file can overflow.
  absl::StatusOr<Money> Amount(int from, int to, int64_t max = limits::kAmountOreMax) const {
    ASSIGN_OR_RETURN(int64_t ore, Number(from, to, "amount"));
    if (ore > max) {
      return Error(absl::StrCat("amount ", Money::FromOre(ore).ToKronor(), " kr (positions ", from, "-", to,
                                ") is above the limit ", Money::FromOre(max).ToKronor(), " kr"));
    }
    return Money::FromOre(ore);
  }
  absl::Status Error(absl::string_view why) const {
    return absl::InvalidArgumentError(absl::StrCat("BgMax line ", line_no_, ": ", why));
  }

  absl::string_view in_;
  absl::string_view rec_;
  int line_no_ = 0;
  absl::Status text_error_;
};

// Builds one 80-character record from (1-based position, value) pieces.
class RecordWriter {
 public:
  explicit RecordWriter(absl::string_view tk) : rec_(kRecordLength, ' ') { rec_.replace(0, 2, tk.data(), 2); }
  RecordWriter& Text(int from, int to, absl::string_view utf8) {
    std::string latin1 = Utf8ToLatin1(utf8).value_or(std::string(utf8));
    latin1.resize(std::min<size_t>(latin1.size(), to - from + 1));
    rec_.replace(from - 1, latin1.size(), latin1);
    return *this;
  }
  RecordWriter& Num(int from, int to, int64_t v) {
    std::string digits = absl::StrCat(v);
    const size_t width = to - from + 1;
    digits.insert(0, width - std::min(width, digits.size()), '0');
    rec_.replace(from - 1, width, digits.substr(digits.size() - width));
    return *this;
  }
  std::string Done() { return rec_ + "\n"; }

 private:
  std::string rec_;
};

}  // namespace

std::string WriteBgMax(const BgMaxFile& file) {
  std::string out;
  out += RecordWriter("01")
             .Text(3, 22, "BGMAX")
             .Num(23, 24, file.version)
             .Text(25, 44, file.timestamp)
             .Text(45, 45, file.test ? "T" : "P")
             .Done();
  int payments = 0, deductions = 0, extra = 0;
  for (const BgMaxDeposit& d : file.deposits) {
    out += RecordWriter("05")
               .Num(3, 12, std::stoll(d.bankgiro))
               .Text(13, 22, d.plusgiro)
               .Text(23, 25, d.currency)
               .Done();
    Money sum;
    for (const BgMaxPayment& p : d.payments) {
      RecordWriter w(p.deduction ? "21" : "20");
      w.Num(3, 12, std::stoll(p.sender_bankgiro.empty() ? "0" : p.sender_bankgiro))
          .Text(13, 37, p.reference)
          .Num(38, 55, p.amount.ore())
          .Num(56, 56, p.reference_code)
          .Num(57, 57, p.channel_code)
          .Text(58, 69, p.bgc_serial)
          .Num(70, 70, p.image ? 1 : 0);
      if (p.deduction) w.Num(71, 71, p.deduction_code);
      out += w.Done();
      (p.deduction ? deductions : payments)++;
      sum += p.deduction ? -p.amount : p.amount;
      for (const BgMaxExtraReference& r : p.extra_references) {
        out += RecordWriter(r.amount.is_negative() ? "23" : "22")
                   .Num(3, 12, std::stoll(p.sender_bankgiro.empty() ? "0" : p.sender_bankgiro))
                   .Text(13, 37, r.reference)
                   .Num(38, 55, r.amount.is_negative() ? -r.amount.ore() : r.amount.ore())
                   .Num(56, 56, r.reference_code)
                   .Done();
        ++extra;
      }
      for (const std::string& info : p.information) out += RecordWriter("25").Text(3, 52, info).Done();
      if (!p.payer_name.empty() || !p.payer_extra_name.empty()) {
        out += RecordWriter("26").Text(3, 37, p.payer_name).Text(38, 72, p.payer_extra_name).Done();
      }
      if (!p.address.empty() || !p.postcode.empty()) {
        out += RecordWriter("27").Text(3, 37, p.address).Text(38, 46, p.postcode).Done();
      }
      if (!p.town.empty() || !p.country.empty() || !p.country_code.empty()) {
        out += RecordWriter("28")
                   .Text(3, 37, p.town)
                   .Text(38, 72, p.country)
                   .Text(73, 74, p.country_code)
                   .Done();
      }
      if (!p.org_number.empty()) out += RecordWriter("29").Num(3, 14, std::stoll(p.org_number)).Done();
    }
    out +=
        RecordWriter("15")
            .Text(3, 37, d.bank_account)
            .Num(38, 45, d.payment_date.year() * 10000 + d.payment_date.month() * 100 + d.payment_date.day())
            .Num(46, 50, d.serial)
            .Num(51, 68, sum.ore())
            .Text(69, 71, d.currency)
            .Num(72, 79, static_cast<int64_t>(d.payments.size()))
            .Text(80, 80, "K")
            .Done();
  }
  out += RecordWriter("70")
             .Num(3, 10, payments)
             .Num(11, 18, deductions)
             .Num(19, 26, extra)
             .Num(27, 34, static_cast<int64_t>(file.deposits.size()))
             .Done();
  return out;
}

absl::StatusOr<BgMaxFile> ParseBgMax(absl::string_view bytes) {
  if (bytes.size() > limits::kPaymentFileBytesMax)
    return absl::InvalidArgumentError("BgMax file is larger than the ledger reads in one import (256 MiB)");
  std::optional<std::string> latin1 = Utf8ToLatin1(bytes);
  return Parser(latin1 ? absl::string_view(*latin1) : bytes).Parse();
}

IncomingPaymentFile ToIncomingPaymentFile(const BgMaxFile& file) {
  IncomingPaymentFile out;
  out.format = "BGMAX";
  out.test = file.test;
  out.deposits.reserve(file.deposits.size());
  for (const BgMaxDeposit& d : file.deposits) {
    IncomingDeposit& deposit = out.deposits.emplace_back();
    deposit.bankgiro = d.bankgiro;
    deposit.currency = d.currency;
    deposit.payment_date = d.payment_date;
    deposit.serial = d.serial;
    deposit.amount = d.amount;
    deposit.payments.reserve(d.payments.size());
    for (const BgMaxPayment& p : d.payments) {
      IncomingPayment& payment = deposit.payments.emplace_back();
      payment.deduction = p.deduction;
      payment.deduction_code = p.deduction_code;
      payment.sender_account = p.sender_bankgiro;
      payment.reference = p.reference;
      payment.several_references = p.reference_code == kBgMaxRefMultiple;
      payment.amount = p.amount;
      // An extra reference with amount 0 names an invoice without saying how much of the
      // payment is for it: several references without amounts, split by hand (not a credit
      // note, which has a negative amount).
      bool without_amounts = false;
      for (const BgMaxExtraReference& x : p.extra_references)
        without_amounts = without_amounts || x.amount.is_zero();
      payment.several_references = payment.several_references || without_amounts;
      if (!without_amounts) {
        for (const BgMaxExtraReference& x : p.extra_references) {
          payment.extra_references.push_back(IncomingReference{x.reference, x.amount});
        }
      }
      payment.payer_name = p.payer_name;
      payment.payer_org_number = p.org_number;
      // Bankgirot's serial number of the payment: its reference in every BgMax delivery.
      if (p.bgc_serial.find_first_not_of('0') != std::string::npos) payment.bank_reference = p.bgc_serial;
    }
  }
  return out;
}

}  // namespace reskontra
