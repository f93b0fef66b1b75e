#include "formats/camt.h"

#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "base/status_macros.h"
#include "domain/ids.h"
#include "domain/limits.h"
#include "formats/amount.h"
#include "formats/camt_schemas.h"
#include "formats/latin1.h"

namespace reskontra {

namespace {

constexpr absl::string_view kNamespacePrefix = "urn:iso:std:iso:20022:tech:xsd:";

// The message kinds and versions read, with their schemas (formats/schemas/).
struct Message {
  absl::string_view name;    // "camt.054.001.02"
  absl::string_view format;  // "CAMT054"
  absl::string_view root;    // BkToCstmrDbtCdtNtfctn | BkToCstmrStmt
  absl::string_view report;  // Ntfctn | Stmt
  absl::string_view (*xsd)();
};
constexpr Message kMessages[] = {
    {"camt.054.001.02", "CAMT054", "BkToCstmrDbtCdtNtfctn", "Ntfctn", &Camt054V02Xsd},
    {"camt.054.001.08", "CAMT054", "BkToCstmrDbtCdtNtfctn", "Ntfctn", &Camt054V08Xsd},
    {"camt.053.001.02", "CAMT053", "BkToCstmrStmt", "Stmt", &Camt053V02Xsd},
    {"camt.053.001.08", "CAMT053", "BkToCstmrStmt", "Stmt", &Camt053V08Xsd},
};

// The compiled schema of each message, built once and shared (read-only) by every parse.
xmlSchemaPtr SchemaOf(const Message& m) {
  static std::once_flag once;
  static xmlSchemaPtr schemas[std::size(kMessages)] = {};
  std::call_once(once, [] {
    xmlInitParser();
    for (size_t i = 0; i < std::size(kMessages); ++i) {
      const absl::string_view xsd = kMessages[i].xsd();
      xmlSchemaParserCtxtPtr ctx = xmlSchemaNewMemParserCtxt(xsd.data(), static_cast<int>(xsd.size()));
      schemas[i] = xmlSchemaParse(ctx);
      xmlSchemaFreeParserCtxt(ctx);
    }
  });
  return schemas[&m - kMessages];
}

// --- A small view over an expanded subtree (libxml2 nodes) -----------------------------------

absl::string_view Name(const xmlNode* n) { return reinterpret_cast<const char*>(n->name); }

const xmlNode* Child(const xmlNode* n, absl::string_view name) {
  if (n == nullptr) return nullptr;
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && Name(c) == name) return c;
  }
  return nullptr;
}
std::vector<const xmlNode*> Children(const xmlNode* n, absl::string_view name) {
  std::vector<const xmlNode*> out;
  if (n == nullptr) return out;
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && Name(c) == name) out.push_back(c);
  }
  return out;
}
// Child(Child(n, a), b) … along a path.
const xmlNode* At(const xmlNode* n, std::initializer_list<absl::string_view> path) {
  for (absl::string_view p : path) n = Child(n, p);
  return n;
}
std::string Text(const xmlNode* n) {
  if (n == nullptr) return "";
  std::string out;
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content != nullptr)
      out += reinterpret_cast<const char*>(c->content);
  }
  return std::string(absl::StripAsciiWhitespace(out));
}
std::string TextAt(const xmlNode* n, std::initializer_list<absl::string_view> path) {
  return Text(At(n, path));
}
std::string Attribute(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (v == nullptr) return "";
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

absl::Status Defect(const xmlNode* n, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("camt line ", n == nullptr ? 0 : xmlGetLineNo(n),
                                                 n == nullptr ? "" : absl::StrCat(" <", Name(n), ">"), ": ",
                                                 what));
}

// An ISO 20022 amount: at most 5 decimals (formats/amount.h).
absl::StatusOr<Money> AmountOf(const xmlNode* n) {
  absl::StatusOr<Money> m = DecimalAmount(Text(n), 5);
  if (!m.ok()) return Defect(n, m.status().message());
  return *m;
}

// Dt, or the date of DtTm as written.
absl::StatusOr<Date> DateOf(const xmlNode* n) {
  std::string s = TextAt(n, {"Dt"});
  if (s.empty()) s = TextAt(n, {"DtTm"}).substr(0, 10);
  absl::StatusOr<Date> d = ParseDate(s);
  if (!d.ok()) return Defect(n, absl::StrCat("date '", s, "': ", d.status().message()));
  return *d;
}

// CRDT +1, DBIT -1.
absl::StatusOr<int> SignOf(const xmlNode* n) {
  const std::string s = Text(n);
  if (s == "CRDT") return 1;
  if (s == "DBIT") return -1;
  return Defect(n, absl::StrCat("'", s, "' is neither CRDT nor DBIT"));
}

bool True(const xmlNode* n) {
  const std::string s = Text(n);
  return s == "true" || s == "1";
}

// A party: .001.08 wraps it in Pty (or names an agent instead); .001.02 does not.
const xmlNode* PartyOf(const xmlNode* n) {
  const xmlNode* pty = Child(n, "Pty");
  return pty != nullptr ? pty : n;
}

std::string DigitsOf(absl::string_view s) {
  std::string out;
  for (char c : s)
    if (absl::ascii_isdigit(c)) out.push_back(c);
  return out;
}

// Payer names and messages are kept as text; control characters are refused as `payment
// record` refuses them.
absl::Status CheckText(const xmlNode* n, absl::string_view field, const std::string& s, int max_chars) {
  absl::Status valid = ValidateText(field, s, max_chars, false);
  if (!valid.ok()) return Defect(n, valid.message());
  return absl::OkStatus();
}

// --- The reader ------------------------------------------------------------------------------

struct ReaderDeleter {
  void operator()(xmlTextReaderPtr r) const { xmlFreeTextReader(r); }
};

// The first error libxml2 reports (well-formedness or schema validity), with its line.
struct Errors {
  std::string first;
  static void Collect(void* self, xmlErrorPtr e) {
    auto* errors = static_cast<Errors*>(self);
    if (!errors->first.empty() || e == nullptr || e->level < XML_ERR_ERROR) return;  // warnings pass
    std::string message = e->message != nullptr ? e->message : "unreadable XML";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    errors->first = absl::StrCat("camt line ", e->line, ": ", message);
  }
};

class CamtReader {
 public:
  explicit CamtReader(IncomingPaymentFile& out) : out_(out) {}

  absl::Status Read(absl::string_view bytes) {
    if (bytes.size() > limits::kPaymentFileBytesMax)
      return absl::InvalidArgumentError("the file is larger than the ledger reads in one import");
    // No network, no DTD loading, no entity substitution: entity references stay references,
    // and any DOCTYPE or entity is refused below. A first pass reads the root element only:
    // its namespace names the message, whose schema must be attached before a reader starts.
    RETURN_IF_ERROR(FindMessage(bytes));
    std::unique_ptr<xmlTextReader, ReaderDeleter> reader(
        xmlReaderForMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr, kOptions));
    if (reader == nullptr) return absl::InvalidArgumentError("the file is not XML");
    reader_ = reader.get();
    xmlTextReaderSetStructuredErrorHandler(reader_, &Errors::Collect, &errors_);
    xmlSchemaPtr schema = SchemaOf(*message_);
    if (schema == nullptr)
      return absl::InternalError(absl::StrCat("the schema of ", message_->name, " did not load"));
    if (xmlTextReaderSetSchema(reader_, schema) != 0)
      return absl::InternalError("the schema could not be attached to the reader");
    int ret = xmlTextReaderRead(reader_);
    while (ret == 1) {
      if (!errors_.first.empty()) return absl::InvalidArgumentError(errors_.first);
      ASSIGN_OR_RETURN(bool advanced, Node());
      // A subtree read whole leaves the reader on the node after it already.
      ret = advanced ? xmlTextReaderNodeType(reader_) == XML_READER_TYPE_NONE ? 0 : 1
                     : xmlTextReaderRead(reader_);
    }
    if (!errors_.first.empty()) return absl::InvalidArgumentError(errors_.first);
    if (ret < 0) return absl::InvalidArgumentError("the file is not well-formed XML");
    if (reports_ == 0)
      return absl::InvalidArgumentError(absl::StrCat("the message has no <", message_->report, ">"));
    return absl::OkStatus();
  }

 private:
  // Handles the reader's current node; true when it read a subtree whole and moved past it.
  absl::StatusOr<bool> Node() {
    const int type = xmlTextReaderNodeType(reader_);
    if (type == XML_READER_TYPE_END_ELEMENT) {
      RETURN_IF_ERROR(EndElement());
      return false;
    }
    if (type == XML_READER_TYPE_DOCUMENT_TYPE)
      return absl::InvalidArgumentError("a DOCTYPE is not allowed in a camt message");
    if (type == XML_READER_TYPE_ENTITY_REFERENCE || type == XML_READER_TYPE_ENTITY)
      return absl::InvalidArgumentError("entities are not allowed in a camt message");
    if (type != XML_READER_TYPE_ELEMENT) return false;
    const int depth = xmlTextReaderDepth(reader_);
    if (depth > limits::kXmlDepthMax)
      return absl::InvalidArgumentError(absl::StrCat("camt line ", xmlTextReaderGetParserLineNumber(reader_),
                                                     ": elements nest deeper than ", limits::kXmlDepthMax));
    const std::string name = reinterpret_cast<const char*>(xmlTextReaderConstLocalName(reader_));
    if (depth == 0) return false;  // the Document, read by FindMessage
    if (depth == 1) {
      if (name != message_->root) return Unexpected(name);
      return false;
    }
    if (depth == 2 && name == "GrpHdr") {
      ASSIGN_OR_RETURN(const xmlNode* n, Expand());
      out_.message_id = TextAt(n, {"MsgId"});
      return Skip();
    }
    if (depth == 2 && name == message_->report) {
      ++reports_;
      account_ = {};
      entries_ = 0;
      credits_ = debits_ = Money();
      opening_.reset();
      closing_.reset();
      return false;
    }
    if (depth == 3 && name == "Acct") {
      ASSIGN_OR_RETURN(const xmlNode* n, Expand());
      RETURN_IF_ERROR(ReadAccount(n));
      return Skip();
    }
    if (depth == 3 && name == "Bal") {
      ASSIGN_OR_RETURN(const xmlNode* n, Expand());
      RETURN_IF_ERROR(ReadBalance(n));
      return Skip();
    }
    if (depth == 3 && name == "TxsSummry") {
      ASSIGN_OR_RETURN(const xmlNode* n, Expand());
      summary_ = xmlCopyNode(const_cast<xmlNode*>(n), 1);
      return Skip();
    }
    if (depth == 3 && name == "Ntry") {
      ASSIGN_OR_RETURN(const xmlNode* n, Expand());
      RETURN_IF_ERROR(ReadEntry(n));
      return Skip();
    }
    return false;
  }

  static constexpr int kOptions = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;

  // The root element: its namespace names the message and its version.
  absl::Status FindMessage(absl::string_view bytes) {
    std::unique_ptr<xmlTextReader, ReaderDeleter> first(
        xmlReaderForMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr, kOptions));
    if (first == nullptr) return absl::InvalidArgumentError("the file is not XML");
    Errors errors;
    xmlTextReaderSetStructuredErrorHandler(first.get(), &Errors::Collect, &errors);
    int ret;
    while ((ret = xmlTextReaderRead(first.get())) == 1) {
      const int type = xmlTextReaderNodeType(first.get());
      if (type == XML_READER_TYPE_DOCUMENT_TYPE)
        return absl::InvalidArgumentError("a DOCTYPE is not allowed in a camt message");
      if (type == XML_READER_TYPE_ELEMENT) break;
    }
    if (ret != 1) {
      return absl::InvalidArgumentError(errors.first.empty() ? "the file is not XML (no root element)"
                                                             : errors.first);
    }
    const std::string name = reinterpret_cast<const char*>(xmlTextReaderConstLocalName(first.get()));
    const char* uri = reinterpret_cast<const char*>(xmlTextReaderConstNamespaceUri(first.get()));
    const absl::string_view ns = uri == nullptr ? "" : uri;
    if (name != "Document" || !absl::StartsWith(ns, kNamespacePrefix))
      return absl::InvalidArgumentError(
          "the file is not an ISO 20022 message (no urn:iso:std:iso:20022 Document)");
    const absl::string_view message = ns.substr(kNamespacePrefix.size());
    for (const Message& m : kMessages) {
      if (m.name == message) message_ = &m;
    }
    if (message_ == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the message is ", message,
          "; the ledger reads camt.054.001.02, camt.054.001.08, camt.053.001.02 and camt.053.001.08"));
    }
    out_.format = std::string(message_->format);
    return absl::OkStatus();
  }

  absl::Status Unexpected(const std::string& name) {
    return absl::InvalidArgumentError(absl::StrCat("camt line ", xmlTextReaderGetParserLineNumber(reader_),
                                                   ": <", name, "> where <", message_->root, "> belongs"));
  }

  absl::StatusOr<const xmlNode*> Expand() {
    const xmlNode* n = xmlTextReaderExpand(reader_);
    if (n == nullptr || !errors_.first.empty())
      return absl::InvalidArgumentError(errors_.first.empty() ? "the file is not well-formed XML"
                                                              : errors_.first);
    return n;
  }
  absl::StatusOr<bool> Skip() {
    if (xmlTextReaderNext(reader_) < 0 || !errors_.first.empty())
      return absl::InvalidArgumentError(errors_.first.empty() ? "the file is not well-formed XML"
                                                              : errors_.first);
    return true;
  }
  // The end of a report: its balances and summary are checked against its entries.
  absl::Status EndElement() {
    const std::string name = reinterpret_cast<const char*>(xmlTextReaderConstLocalName(reader_));
    if (xmlTextReaderDepth(reader_) != 2 || name != message_->report) return absl::OkStatus();
    if (summary_ != nullptr) {
      absl::Status s = CheckSummary(summary_);
      xmlFreeNode(summary_);
      summary_ = nullptr;
      RETURN_IF_ERROR(s);
    }
    if (opening_.has_value() && closing_.has_value() && *opening_ + credits_ - debits_ != *closing_) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the statement's balances do not add up: opening ", opening_->ToKronor(), " + credits ",
          credits_.ToKronor(), " − debits ", debits_.ToKronor(), " ≠ closing ", closing_->ToKronor()));
    }
    return absl::OkStatus();
  }

  absl::Status ReadAccount(const xmlNode* acct) {
    account_ = {};
    const std::string iban = TextAt(acct, {"Id", "IBAN"});
    const xmlNode* other = At(acct, {"Id", "Othr"});
    if (!iban.empty()) {
      absl::StatusOr<std::string> a = NormaliseBankAccount(iban);
      if (!a.ok()) return Defect(acct, a.status().message());
      account_.account = *a;
    } else if (other != nullptr) {
      const std::string id = TextAt(other, {"Id"});
      const std::string scheme = absl::AsciiStrToUpper(TextAt(other, {"SchmeNm", "Prtry"}));
      if (scheme == "BGNR" || scheme == "BG") {
        std::string bg = DigitsOf(id);
        bg.erase(0, std::min(bg.find_first_not_of('0'), bg.size()));
        account_.bankgiro = bg;
      } else {
        absl::StatusOr<std::string> a = NormaliseBankAccount(id);
        if (!a.ok()) return Defect(acct, a.status().message());
        account_.account = *a;
      }
    } else {
      return Defect(acct, "the account has neither an IBAN nor another identification");
    }
    account_.currency = TextAt(acct, {"Ccy"});
    return absl::OkStatus();
  }

  absl::Status ReadBalance(const xmlNode* bal) {
    const std::string code = TextAt(bal, {"Tp", "CdOrPrtry", "Cd"});
    ASSIGN_OR_RETURN(Money amount, AmountOf(Child(bal, "Amt")));
    ASSIGN_OR_RETURN(int sign, SignOf(Child(bal, "CdtDbtInd")));
    const Money signed_amount = sign > 0 ? amount : -amount;
    if (code == "OPBD" || code == "PRCD") opening_ = signed_amount;
    if (code == "CLBD") closing_ = signed_amount;
    return absl::OkStatus();
  }

  // TxsSummry: the number of entries, and the credit and debit sums, as the bank counted them.
  absl::Status CheckSummary(const xmlNode* s) {
    if (const xmlNode* n = At(s, {"TtlNtries", "NbOfNtries"})) {
      int64_t count = 0;
      if (!absl::SimpleAtoi(Text(n), &count) || count != entries_)
        return Defect(n, absl::StrCat("the summary counts ", Text(n), " entries; the report has ", entries_));
    }
    for (auto [name, sum] : {std::pair{"TtlCdtNtries", credits_}, std::pair{"TtlDbtNtries", debits_}}) {
      if (const xmlNode* n = At(s, {name, "Sum"})) {
        ASSIGN_OR_RETURN(Money expected, AmountOf(n));
        if (expected != sum)
          return Defect(n, absl::StrCat("the summary says ", expected.ToKronor(), "; the entries add up to ",
                                        sum.ToKronor()));
      }
    }
    return absl::OkStatus();
  }

  // Is a debit the return or reversal of a receipt (a negative payment for the queue), rather
  // than the company's own payment?
  static bool ReturnsAReceipt(const xmlNode* entry, const xmlNode* tx) {
    if (True(Child(entry, "RvslInd")) || (tx != nullptr && Child(tx, "RtrInf") != nullptr)) return true;
    for (const xmlNode* code : {Child(entry, "BkTxCd"), tx == nullptr ? nullptr : Child(tx, "BkTxCd")}) {
      const std::string family = TextAt(code, {"Domn", "Fmly", "Cd"});
      const std::string sub = TextAt(code, {"Domn", "Fmly", "SubFmlyCd"});
      if (sub == "RRTN" || sub == "ARET" || sub == "RPCR" || (family == "RCDT" && sub != "")) return true;
    }
    return false;
  }

  absl::Status ReadEntry(const xmlNode* entry) {
    ++entries_;
    if (account_.bankgiro.empty() && account_.account.empty())
      return Defect(entry, "an entry before its report names the account");
    ASSIGN_OR_RETURN(Money amount, AmountOf(Child(entry, "Amt")));
    ASSIGN_OR_RETURN(int sign, SignOf(Child(entry, "CdtDbtInd")));
    (sign > 0 ? credits_ : debits_) += amount;
    std::string status = TextAt(entry, {"Sts", "Cd"});
    if (status.empty()) status = TextAt(entry, {"Sts"});
    if (status != "BOOK") {
      return Defect(entry,
                    absl::StrCat("status ", status,
                                 ": only booked entries (BOOK) are imported; ask the bank for the booked "
                                 "notification"));
    }
    const std::string currency = Attribute(Child(entry, "Amt"), "Ccy");
    const xmlNode* date_node =
        Child(entry, "BookgDt") != nullptr ? Child(entry, "BookgDt") : Child(entry, "ValDt");
    if (date_node == nullptr) return Defect(entry, "the entry has no booking or value date");
    ASSIGN_OR_RETURN(Date date, DateOf(date_node));
    const std::string entry_ref = TextAt(entry, {"AcctSvcrRef"});

    std::vector<const xmlNode*> txs;
    for (const xmlNode* details : Children(entry, "NtryDtls")) {
      for (const xmlNode* tx : Children(details, "TxDtls")) txs.push_back(tx);
    }
    if (sign < 0) {  // a debit: read only if it returns or reverses receipts, or carries credits
      bool returns = ReturnsAReceipt(entry, nullptr);
      for (const xmlNode* tx : txs) {
        returns = returns || ReturnsAReceipt(entry, tx) || TextAt(tx, {"CdtDbtInd"}) == "CRDT";
      }
      if (!returns) {
        ++out_.other_entries;  // the company's own payment: not a receipt
        return absl::OkStatus();
      }
    }
    IncomingDeposit deposit;
    deposit.bankgiro = account_.bankgiro;
    deposit.account = account_.account;
    deposit.currency = currency;
    deposit.payment_date = date;
    if (txs.empty()) {
      IncomingPayment p;
      p.amount = amount;
      p.bank_reference = entry_ref;
      if (sign < 0) Debit(entry, nullptr, p);
      deposit.payments.push_back(std::move(p));
      deposit.amount = sign > 0 ? amount : -amount;
      out_.deposits.push_back(std::move(deposit));
      return absl::OkStatus();
    }
    Money sum;  // signed, of every transaction, receipt or not
    Money read;
    for (size_t i = 0; i < txs.size(); ++i) {
      const xmlNode* tx = txs[i];
      const xmlNode* amount_node = Child(tx, "Amt");
      if (amount_node == nullptr) amount_node = At(tx, {"AmtDtls", "TxAmt", "Amt"});
      if (amount_node == nullptr) amount_node = At(tx, {"AmtDtls", "InstdAmt", "Amt"});
      if (amount_node == nullptr && txs.size() == 1) amount_node = Child(entry, "Amt");
      if (amount_node == nullptr) return Defect(tx, "the transaction has no amount");
      if (Attribute(amount_node, "Ccy") != currency) {
        return Defect(amount_node, absl::StrCat("the transaction is in ", Attribute(amount_node, "Ccy"),
                                                ", its entry in ", currency));
      }
      IncomingPayment p;
      ASSIGN_OR_RETURN(p.amount, AmountOf(amount_node));
      int tx_sign = sign;
      if (const xmlNode* ind = Child(tx, "CdtDbtInd")) {
        ASSIGN_OR_RETURN(tx_sign, SignOf(ind));
      }
      sum += tx_sign > 0 ? p.amount : -p.amount;
      if (tx_sign < 0 && !ReturnsAReceipt(entry, tx)) {
        ++out_.other_entries;
        continue;
      }
      // The bank's reference of the transaction, or of its entry when the entry is this one
      // payment; a batch's transactions without their own have none (a number made up here
      // would not name the payment in the bank's other messages).
      p.bank_reference = TextAt(tx, {"Refs", "AcctSvcrRef"});
      if (p.bank_reference.empty() && txs.size() == 1) p.bank_reference = entry_ref;
      RETURN_IF_ERROR(ReadParties(tx, p));
      RETURN_IF_ERROR(ReadRemittance(tx, p));
      if (tx_sign < 0) Debit(entry, tx, p);
      read += tx_sign > 0 ? p.amount : -p.amount;
      deposit.payments.push_back(std::move(p));
    }
    const Money entry_amount = sign > 0 ? amount : -amount;
    if (sum != entry_amount) {
      return Defect(entry, absl::StrCat("the transactions add up to ", sum.ToKronor(), "; the entry says ",
                                        entry_amount.ToKronor()));
    }
    // Each batch (NtryDtls) counts its own transactions.
    for (const xmlNode* details : Children(entry, "NtryDtls")) {
      const xmlNode* n = At(details, {"Btch", "NbOfTxs"});
      if (n == nullptr) continue;
      const size_t has = Children(details, "TxDtls").size();
      int64_t count = 0;
      if (has > 0 && (!absl::SimpleAtoi(Text(n), &count) || count != static_cast<int64_t>(has)))
        return Defect(n, absl::StrCat("the batch counts ", Text(n), " transactions; it has ", has));
    }
    if (deposit.payments.empty()) return absl::OkStatus();
    deposit.amount = read;
    out_.deposits.push_back(std::move(deposit));
    return absl::OkStatus();
  }

  static void Debit(const xmlNode* entry, const xmlNode* tx, IncomingPayment& p) {
    p.deduction = true;
    std::string why = TextAt(tx, {"RtrInf", "Rsn", "Cd"});
    const std::string code =
        TextAt(tx != nullptr && Child(tx, "BkTxCd") ? Child(tx, "BkTxCd") : Child(entry, "BkTxCd"),
               {"Domn", "Fmly", "SubFmlyCd"});
    p.deduction_text = absl::StrCat(True(Child(entry, "RvslInd")) ? "reversal" : "return",
                                    " of a receipt (debit entry", code.empty() ? "" : absl::StrCat(" ", code),
                                    why.empty() ? "" : absl::StrCat(", reason ", why), "): handle by hand");
  }

  absl::Status ReadParties(const xmlNode* tx, IncomingPayment& p) {
    const xmlNode* debtor = PartyOf(At(tx, {"RltdPties", "Dbtr"}));
    if (debtor != nullptr) {
      p.payer_name = TextAt(debtor, {"Nm"});
      RETURN_IF_ERROR(CheckText(debtor, "payer name", p.payer_name, 140));
      std::string id = TextAt(debtor, {"Id", "OrgId", "Othr", "Id"});
      if (id.empty()) id = TextAt(debtor, {"Id", "PrvtId", "Othr", "Id"});
      const std::string digits = DigitsOf(id);
      if (digits.size() == 10 || digits.size() == 12) p.payer_org_number = digits;
    }
    const xmlNode* account = At(tx, {"RltdPties", "DbtrAcct", "Id"});
    p.sender_account = TextAt(account, {"IBAN"});
    if (p.sender_account.empty()) p.sender_account = DigitsOf(TextAt(account, {"Othr", "Id"}));
    return absl::OkStatus();
  }

  // The references: one structured reference is the payment's; several with amounts split it
  // (a credit note's amount negative); several without amounts are split by hand.
  absl::Status ReadRemittance(const xmlNode* tx, IncomingPayment& p) {
    const xmlNode* rmt = Child(tx, "RmtInf");
    std::vector<std::string> lines;
    for (const xmlNode* u : Children(rmt, "Ustrd")) lines.push_back(Text(u));
    p.message = absl::StrJoin(lines, " ");
    TruncateUtf8(p.message, limits::kPayerMessageMax);
    RETURN_IF_ERROR(CheckText(rmt, "message", p.message, limits::kPayerMessageMax));
    std::vector<IncomingReference> refs;
    bool all_amounts = true, any_amount = false;
    for (const xmlNode* strd : Children(rmt, "Strd")) {
      std::string ref = TextAt(strd, {"CdtrRefInf", "Ref"});
      if (ref.empty()) ref = TextAt(strd, {"RfrdDocInf", "Nb"});
      RETURN_IF_ERROR(CheckText(strd, "reference", ref, limits::kBankReferenceMax));
      const bool credit_note = TextAt(strd, {"RfrdDocInf", "Tp", "CdOrPrtry", "Cd"}) == "CREN";
      const xmlNode* remitted = At(strd, {"RfrdDocAmt", "RmtdAmt"});
      const xmlNode* credited = At(strd, {"RfrdDocAmt", "CdtNoteAmt"});
      IncomingReference r{ref, Money()};
      if (remitted != nullptr || credited != nullptr) {
        any_amount = true;
        ASSIGN_OR_RETURN(Money m, AmountOf(credited != nullptr ? credited : remitted));
        r.amount = credit_note || credited != nullptr ? -m : m;
      } else {
        all_amounts = false;
      }
      if (ref.empty() && r.amount.is_zero()) continue;
      refs.push_back(std::move(r));
    }
    if (refs.empty()) {
      // No structured reference: a message of digits only is the reference as the payer wrote it.
      const std::string compact = absl::StrReplaceAll(p.message, {{" ", ""}});
      if (!compact.empty() && compact.size() <= static_cast<size_t>(limits::kBankReferenceMax) &&
          DigitsOf(compact) == compact) {
        p.reference = compact;
      }
      return absl::OkStatus();
    }
    if (refs.size() == 1 && (!any_amount || refs[0].amount == p.amount)) {
      p.reference = refs[0].reference;
      return absl::OkStatus();
    }
    if (all_amounts) {
      p.extra_references = std::move(refs);
      return absl::OkStatus();
    }
    p.several_references = true;
    p.reference = refs[0].reference;
    std::vector<std::string> names;
    for (const IncomingReference& r : refs) names.push_back(r.reference);
    p.message =
        absl::StrCat("references ", absl::StrJoin(names, ", "), p.message.empty() ? "" : "; ", p.message);
    TruncateUtf8(p.message, limits::kPayerMessageMax);
    return absl::OkStatus();
  }

  struct Account {
    std::string bankgiro, account, currency;
  };

  IncomingPaymentFile& out_;
  xmlTextReaderPtr reader_ = nullptr;
  Errors errors_;
  const Message* message_ = nullptr;
  int reports_ = 0;
  Account account_;
  int64_t entries_ = 0;
  Money credits_, debits_;
  std::optional<Money> opening_, closing_;
  xmlNode* summary_ = nullptr;

 public:
  ~CamtReader() {
    if (summary_ != nullptr) xmlFreeNode(summary_);
  }
};

}  // namespace

absl::StatusOr<IncomingPaymentFile> ParseCamt(absl::string_view bytes) {
  IncomingPaymentFile file;
  CamtReader reader(file);
  RETURN_IF_ERROR(reader.Read(bytes));
  if (file.deposits.empty())
    return absl::InvalidArgumentError("the message holds no incoming payment (no booked credit entry)");
  return file;
}

}  // namespace reskontra
