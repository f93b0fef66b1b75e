#include "formats/cremul.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "domain/ids.h"
#include "domain/limits.h"
#include "formats/amount.h"
#include "formats/latin1.h"

namespace reskontra {

namespace {

// A segment: its tag, and its data elements, each a list of components.
struct Segment {
  std::string tag;
  std::vector<std::vector<std::string>> elements;
  int number = 0;  // 1-based, in the file
  // Component `c` of element `e` (both 1-based after the tag), "" when absent.
  const std::string& At(size_t e, size_t c = 1) const {
    static const std::string kNone;
    if (e == 0 || e > elements.size() || c == 0 || c > elements[e - 1].size()) return kNone;
    return elements[e - 1][c - 1];
  }
};

struct Syntax {
  char component = ':', element = '+', decimal = '.', release = '?', terminator = '\'';
};

absl::StatusOr<std::vector<Segment>> Tokenise(absl::string_view in) {
  Syntax s;
  if (absl::StartsWith(in, "UNA")) {
    if (in.size() < 9)
      return absl::InvalidArgumentError("CREMUL: the UNA service string advice is cut short");
    s = Syntax{in[3], in[4], in[5], in[6], in[8]};
    if (s.release == ' ') s.release = '\0';  // a blank in UNA's fourth place: no release character
    if (s.decimal != '.' && s.decimal != ',')
      return absl::InvalidArgumentError("CREMUL: UNA's decimal mark must be '.' or ','");
    in.remove_prefix(9);
  }
  std::vector<Segment> out;
  Segment seg;
  std::string value;
  std::vector<std::string> element;
  bool in_tag = true;
  auto end_element = [&] {
    element.push_back(std::move(value));
    value.clear();
    if (in_tag) {
      seg.tag = element.front();
      in_tag = false;
    } else {
      seg.elements.push_back(std::move(element));
    }
    element.clear();
  };
  bool pending = false;  // something read since the last terminator
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (s.release != '\0' && c == s.release) {
      if (i + 1 >= in.size())
        return absl::InvalidArgumentError("CREMUL: the file ends in a release character");
      value.push_back(in[++i]);
      pending = true;
    } else if (c == s.terminator) {
      end_element();
      seg.number = static_cast<int>(out.size()) + 1;
      out.push_back(std::move(seg));
      seg = Segment{};
      in_tag = true;
      pending = false;
    } else if (c == s.element) {
      end_element();
      pending = true;
    } else if (c == s.component) {
      element.push_back(std::move(value));
      value.clear();
      pending = true;
    } else if ((c == '\n' || c == '\r') && !pending) {
      continue;  // line breaks between segments
    } else {
      value.push_back(c);
      pending = true;
    }
  }
  if (pending) return absl::InvalidArgumentError("CREMUL: the last segment has no terminator");
  if (s.decimal == ',') {
    for (Segment& g : out) {
      if (g.tag != "MOA") continue;
      for (auto& e : g.elements)
        for (std::string& v : e)
          for (char& ch : v)
            if (ch == ',') ch = '.';
    }
  }
  return out;
}

absl::Status Defect(const Segment& s, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("CREMUL segment ", s.number, " (", s.tag, "): ", what));
}

// "1234.5" -> 123450 öre: at most two decimals, never negative (formats/amount.h).
absl::StatusOr<Money> AmountOf(const Segment& s, const std::string& text) {
  absl::StatusOr<Money> m = DecimalAmount(text, 2);
  if (!m.ok()) return Defect(s, m.status().message());
  return *m;
}

// DTM+qualifier:CCYYMMDD:102
absl::StatusOr<Date> DateOf(const Segment& s) {
  const std::string& v = s.At(1, 2);
  if (s.At(1, 3) != "102" || v.size() != 8)
    return Defect(s, absl::StrCat("date '", v, "' is not CCYYMMDD (format 102)"));
  absl::StatusOr<Date> d = ParseDate(absl::StrCat(v.substr(0, 4), "-", v.substr(4, 2), "-", v.substr(6, 2)));
  if (!d.ok()) return Defect(s, d.status().message());
  return *d;
}

// Text as UTF-8, cut to `max_bytes` between characters (a NAD name is up to 5 x 35, an FTX
// 5 x 70); control characters refuse the file.
std::string Text(const Segment& s, absl::string_view field, const std::string& v, absl::Status* status,
                 size_t max_bytes = 140) {
  std::string utf8 = Latin1ToUtf8(Utf8ToLatin1(v).value_or(v));
  TruncateUtf8(utf8, max_bytes);
  if (absl::Status valid = ValidateText(field, utf8, static_cast<int>(max_bytes), false);
      !valid.ok() && status->ok())
    *status = Defect(s, valid.message());
  return utf8;
}

// A CREMUL message as it is read: the LIN (a deposit) and SEQ (a payment) open, and what the
// segments after them need to know.
struct MessageState {
  std::optional<Date> message_date;
  int lines = 0;
  bool dated = false;
  IncomingDeposit* deposit = nullptr;
  IncomingPayment* payment = nullptr;
  Money lin_amount;
  bool lin_amount_set = false, posting_date_set = false;
  std::vector<IncomingReference> refs;
  bool refs_all_amounts = true;
  std::string last_doc_type;
  absl::Status text_status;
};

// Ends the open SEQ: its references become the payment's reference, its split by amount, or a
// list in its message.
absl::Status ClosePayment(MessageState& msg) {
  if (msg.payment == nullptr) return absl::OkStatus();
  if (msg.refs.size() == 1) {
    msg.payment->reference = msg.refs[0].reference;
  } else if (msg.refs.size() > 1 && msg.refs_all_amounts) {
    msg.payment->extra_references = msg.refs;
  } else if (msg.refs.size() > 1) {
    msg.payment->several_references = true;
    msg.payment->reference = msg.refs[0].reference;
    std::vector<std::string> names;
    for (const IncomingReference& r : msg.refs) names.push_back(r.reference);
    msg.payment->message = absl::StrCat("references ", absl::StrJoin(names, ", "),
                                        msg.payment->message.empty() ? "" : "; ", msg.payment->message);
    TruncateUtf8(msg.payment->message, limits::kPayerMessageMax);
  }
  msg.refs.clear();
  msg.refs_all_amounts = true;
  msg.payment = nullptr;
  return absl::OkStatus();
}

// Ends the open LIN at `at` (the next LIN, or UNT): its payments must add up to its amount.
absl::Status CloseLine(const Segment& at, MessageState& msg) {
  RETURN_IF_ERROR(ClosePayment(msg));
  if (msg.deposit == nullptr) return absl::OkStatus();
  if (!msg.lin_amount_set) return Defect(at, "the LIN before it has no amount (MOA)");
  Money sum;
  for (const IncomingPayment& p : msg.deposit->payments) sum += p.amount;
  if (msg.deposit->payments.empty()) {  // a credit without details: one payment
    IncomingPayment& p = msg.deposit->payments.emplace_back();
    p.amount = msg.lin_amount;
    sum = msg.lin_amount;
  }
  if (sum != msg.lin_amount)
    return Defect(at, absl::StrCat("the payments of the LIN before add up to ", sum.ToKronor(), "; it says ",
                                   msg.lin_amount.ToKronor()));
  msg.deposit->amount = msg.lin_amount;
  if (msg.deposit->account.empty()) return Defect(at, "the LIN before names no credited account (FII+BF)");
  if (!msg.dated) return Defect(at, "the LIN before has no date (DTM+202, DTM+209 or the message's DTM+137)");
  msg.deposit = nullptr;
  msg.lin_amount_set = false;
  return absl::OkStatus();
}

class Reader {
 public:
  explicit Reader(const std::vector<Segment>& segments) : s_(segments) {}

  absl::StatusOr<IncomingPaymentFile> Read() {
    IncomingPaymentFile out;
    out.format = "CREMUL";
    if (s_.empty() || s_[0].tag != "UNB")
      return absl::InvalidArgumentError("CREMUL: the file must start with UNB");
    out.message_id = s_[0].At(5);  // the interchange control reference
    int messages = 0;
    size_t i = 1;
    while (i < s_.size() && s_[i].tag == "UNH") {
      ++messages;
      ASSIGN_OR_RETURN(i, Message(i, out));
    }
    if (i >= s_.size() || s_[i].tag != "UNZ")
      return i < s_.size() ? Defect(s_[i], "expected UNH or UNZ")
                           : absl::InvalidArgumentError("CREMUL: no UNZ");
    const Segment& unz = s_[i];
    if (unz.At(1) != std::to_string(messages))
      return Defect(unz, absl::StrCat("counts ", unz.At(1), " messages; the interchange has ", messages));
    if (unz.At(2) != s_[0].At(5)) return Defect(unz, "its reference differs from UNB's");
    if (i + 1 != s_.size()) return Defect(s_[i + 1], "segments after UNZ");
    if (out.deposits.empty())
      return absl::InvalidArgumentError("CREMUL: the interchange holds no credit (no LIN)");
    return out;
  }

 private:
  // UNH … UNT: the index after UNT.
  absl::StatusOr<size_t> Message(size_t i, IncomingPaymentFile& out) {
    const Segment& unh = s_[i];
    if (unh.At(2, 1) != "CREMUL")
      return Defect(unh, absl::StrCat("the message is ", unh.At(2, 1), ", not CREMUL"));
    if (unh.At(2, 2) != "D" || unh.At(2, 3) != "96A") {
      return Defect(unh, absl::StrCat("CREMUL ", unh.At(2, 2), ":", unh.At(2, 3),
                                      " is not a version the ledger reads (D:96A)"));
    }
    const size_t first = i++;
    MessageState msg;
    for (; i < s_.size() && s_[i].tag != "UNT"; ++i) RETURN_IF_ERROR(MessageSegment(i, out, msg));
    if (i >= s_.size()) return absl::InvalidArgumentError("CREMUL: the message has no UNT");
    const Segment& unt = s_[i];
    RETURN_IF_ERROR(CloseLine(unt, msg));
    RETURN_IF_ERROR(msg.text_status);
    const size_t count = i - first + 1;
    if (unt.At(1) != std::to_string(count))
      return Defect(unt, absl::StrCat("counts ", unt.At(1), " segments; the message has ", count));
    if (unt.At(2) != unh.At(1)) return Defect(unt, "its reference differs from UNH's");
    return i + 1;
  }

  // One segment of a message, at `i` (before its UNT), into `out` and the message's state.
  absl::Status MessageSegment(size_t i, IncomingPaymentFile& out, MessageState& msg) {
    const Segment& g = s_[i];
    if (g.tag == "LIN") {
      RETURN_IF_ERROR(CloseLine(g, msg));
      ++msg.lines;
      msg.deposit = &out.deposits.emplace_back();
      msg.deposit->payment_date = msg.message_date.value_or(Date());
      msg.dated = msg.message_date.has_value();
      msg.posting_date_set = false;
    } else if (g.tag == "SEQ") {
      if (msg.deposit == nullptr) return Defect(g, "a SEQ before any LIN");
      RETURN_IF_ERROR(ClosePayment(msg));
      msg.payment = &msg.deposit->payments.emplace_back();
    } else if (g.tag == "DTM") {
      ASSIGN_OR_RETURN(Date d, DateOf(g));
      const std::string& q = g.At(1, 1);
      if (msg.deposit == nullptr && q == "137") msg.message_date = d;
      if (msg.deposit != nullptr && msg.payment == nullptr &&
          (q == "202" || (q == "209" && !msg.posting_date_set))) {
        msg.deposit->payment_date = d;  // the posting date, else the value date, else the message's
        msg.posting_date_set = msg.posting_date_set || q == "202";
        msg.dated = true;
      }
    } else if (g.tag == "MOA") {
      ASSIGN_OR_RETURN(Money m, AmountOf(g, g.At(1, 2)));
      if (!g.At(1, 3).empty()) RETURN_IF_ERROR(Currency(g, g.At(1, 3), msg.deposit));
      if (msg.payment == nullptr && msg.deposit != nullptr && !msg.lin_amount_set) {
        msg.lin_amount = m;
        msg.lin_amount_set = true;
      } else if (msg.payment != nullptr && msg.last_doc_type.empty() &&
                 (g.At(1, 1) == "143" || msg.payment->amount.is_zero())) {
        msg.payment->amount = m;
      } else if (msg.payment != nullptr && !msg.last_doc_type.empty() && g.At(1, 1) == "12" &&
                 !msg.refs.empty()) {
        msg.refs.back().amount = msg.last_doc_type == "381" ? -m : m;
      }
    } else if (g.tag == "CUX") {
      RETURN_IF_ERROR(Currency(g, g.At(1, 2), msg.deposit));
    } else if (g.tag == "FII") {
      const std::string& account = g.At(2, 1);
      if (g.At(1) == "BF" && msg.deposit != nullptr && msg.payment == nullptr) {
        absl::StatusOr<std::string> a = NormaliseBankAccount(account);
        if (!a.ok()) return Defect(g, a.status().message());
        msg.deposit->account = *a;
      } else if (g.At(1) == "OR" && msg.payment != nullptr) {
        msg.payment->sender_account = account;
      }
    } else if (g.tag == "RFF") {
      if (g.At(1, 1) == "ACK" && msg.payment != nullptr) {
        if (g.At(1, 2).size() > static_cast<size_t>(limits::kBankReferenceMax))
          return Defect(g, "the bank's reference is longer than 35 characters");
        msg.payment->bank_reference = Text(g, "bank reference", g.At(1, 2), &msg.text_status);
      }
    } else if (g.tag == "NAD") {
      if (g.At(1) == "PL" && msg.payment != nullptr) {
        std::vector<std::string> name;
        for (size_t c = 1; c <= 5 && !g.At(4, c).empty(); ++c) name.push_back(g.At(4, c));
        if (name.empty() && !g.At(3, 1).empty()) name.push_back(g.At(3, 1));  // name and address lines
        msg.payment->payer_name = Text(g, "payer name", absl::StrJoin(name, " "), &msg.text_status);
      }
    } else if (g.tag == "PRC") {
      msg.last_doc_type.clear();
    } else if (g.tag == "DOC") {
      if (msg.payment == nullptr) return Defect(g, "a DOC outside a SEQ");
      msg.last_doc_type = g.At(1, 1);
      const std::string& number = g.At(2, 1);
      if (number.empty()) return Defect(g, "the document has no number");
      if (number.size() > static_cast<size_t>(limits::kBankReferenceMax))
        return Defect(g, "the document number is longer than 35 characters");
      msg.refs.push_back(IncomingReference{Text(g, "reference", number, &msg.text_status), Money()});
      // Whether the next MOA+12 gives its amount is seen when it comes.
      msg.refs_all_amounts = msg.refs_all_amounts && HasDocumentAmount(i);
    } else if (g.tag == "FTX") {
      if (msg.payment != nullptr) {
        std::vector<std::string> lines_of_text;
        for (size_t c = 1; c <= 5 && !g.At(4, c).empty(); ++c) lines_of_text.push_back(g.At(4, c));
        std::string text =
            Text(g, "message", absl::StrJoin(lines_of_text, " "), &msg.text_status, limits::kPayerMessageMax);
        msg.payment->message =
            msg.payment->message.empty() ? text : absl::StrCat(msg.payment->message, " ", text);
        TruncateUtf8(msg.payment->message, limits::kPayerMessageMax);
      }
    } else if (g.tag == "CNT") {
      if (g.At(1, 1) == "LIN" && g.At(1, 2) != std::to_string(msg.lines))
        return Defect(g, absl::StrCat("counts ", g.At(1, 2), " LINs; the message has ", msg.lines));
    } else if (g.tag == "UNH" || g.tag == "UNZ" || g.tag == "UNB") {
      return Defect(g, "the message before has no UNT");
    }
    if (g.tag == "SEQ" || g.tag == "LIN") msg.last_doc_type.clear();
    return absl::OkStatus();
  }

  // Does the DOC at `i` have its own MOA+12 before the next DOC, SEQ, LIN or UNT?
  bool HasDocumentAmount(size_t i) const {
    for (size_t k = i + 1; k < s_.size(); ++k) {
      const std::string& t = s_[k].tag;
      if (t == "DOC" || t == "SEQ" || t == "LIN" || t == "UNT" || t == "PRC") return false;
      if (t == "MOA" && s_[k].At(1, 1) == "12") return true;
    }
    return false;
  }

  static absl::Status Currency(const Segment& g, const std::string& currency, IncomingDeposit* deposit) {
    if (currency.empty() || deposit == nullptr) return absl::OkStatus();
    if (!deposit->currency.empty() && deposit->currency != currency)
      return Defect(g, absl::StrCat("a payment in ", currency, " in a credit in ", deposit->currency));
    deposit->currency = currency;
    return absl::OkStatus();
  }

  const std::vector<Segment>& s_;
};

}  // namespace

absl::StatusOr<IncomingPaymentFile> ParseCremul(absl::string_view bytes) {
  if (bytes.size() > limits::kPaymentFileBytesMax)
    return absl::InvalidArgumentError("the file is larger than the ledger reads in one import");
  ASSIGN_OR_RETURN(std::vector<Segment> segments, Tokenise(bytes));
  return Reader(segments).Read();
}

}  // namespace reskontra
