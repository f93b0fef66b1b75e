#include "formats/ubl_invoice.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include <map>
#include <memory>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "base/status_macros.h"
#include "domain/date.h"
#include "domain/einvoice.h"
#include "domain/ids.h"
#include "domain/limits.h"
#include "domain/money.h"
#include "formats/amount.h"

namespace reskontra {

namespace {

constexpr absl::string_view kInvoiceNs = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
constexpr absl::string_view kCreditNoteNs = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
constexpr absl::string_view kCac = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
constexpr absl::string_view kCbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
constexpr absl::string_view kPeppol =
    "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
constexpr size_t kMaxErrors = 50;

struct ReaderDeleter {
  void operator()(xmlTextReaderPtr r) const { xmlFreeTextReader(r); }
};

// The first error libxml2 reports, with its line.
struct Errors {
  std::string first;
  static void Collect(void* self, xmlErrorPtr e) {
    auto* errors = static_cast<Errors*>(self);
    if (!errors->first.empty() || e == nullptr || e->level < XML_ERR_ERROR) return;
    std::string message = e->message != nullptr ? e->message : "unreadable XML";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    errors->first = absl::StrCat("the file is not well-formed XML: line ", e->line, ": ", message);
  }
};

absl::string_view Name(const xmlNode* n) { return reinterpret_cast<const char*>(n->name); }
absl::string_view Ns(const xmlNode* n) {
  return n->ns != nullptr && n->ns->href != nullptr ? reinterpret_cast<const char*>(n->ns->href) : "";
}
bool Is(const xmlNode* n, absl::string_view ns, absl::string_view name) {
  return n != nullptr && n->type == XML_ELEMENT_NODE && Name(n) == name && Ns(n) == ns;
}

// The first child element `prefix:name` ("cac:Party", "cbc:ID") of each step.
const xmlNode* At(const xmlNode* n, std::initializer_list<absl::string_view> path) {
  for (absl::string_view step : path) {
    if (n == nullptr) return nullptr;
    const absl::string_view ns = absl::StartsWith(step, "cac:") ? kCac : kCbc;
    const absl::string_view name = step.substr(4);
    const xmlNode* found = nullptr;
    for (const xmlNode* c = n->children; c != nullptr && found == nullptr; c = c->next)
      if (Is(c, ns, name)) found = c;
    n = found;
  }
  return n;
}
std::vector<const xmlNode*> All(const xmlNode* n, absl::string_view ns, absl::string_view name) {
  std::vector<const xmlNode*> out;
  for (const xmlNode* c = n == nullptr ? nullptr : n->children; c != nullptr; c = c->next)
    if (Is(c, ns, name)) out.push_back(c);
  return out;
}
std::string Text(const xmlNode* n) {
  if (n == nullptr) return "";
  // The common case without a copy through libxml2: one text child.
  if (const xmlNode* c = n->children; c != nullptr && c->next == nullptr && c->type == XML_TEXT_NODE)
    return std::string(absl::StripAsciiWhitespace(reinterpret_cast<const char*>(c->content)));
  xmlChar* t = xmlNodeGetContent(n);
  std::string out = t == nullptr ? "" : reinterpret_cast<const char*>(t);
  xmlFree(t);
  return std::string(absl::StripAsciiWhitespace(out));
}
std::string Text(const xmlNode* n, std::initializer_list<absl::string_view> path) {
  return Text(At(n, path));
}
std::string Attribute(const xmlNode* n, const char* name) {
  if (n == nullptr) return "";
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  std::string out = v == nullptr ? "" : reinterpret_cast<const char*>(v);
  xmlFree(v);
  return out;
}
std::string Digits(absl::string_view s) {
  std::string out;
  for (char c : s)
    if (absl::ascii_isdigit(c)) out += c;
  return out;
}

// No DOCTYPE (and so no entity declarations), no entity references, bounded nesting.
absl::Status CheckTree(const xmlNode* n, int depth) {
  for (; n != nullptr; n = n->next) {
    if (n->type == XML_ENTITY_REF_NODE || n->type == XML_ENTITY_NODE || n->type == XML_ENTITY_DECL)
      return absl::InvalidArgumentError(absl::StrCat("line ", xmlGetLineNo(n), ": entities are not allowed"));
    if (n->type != XML_ELEMENT_NODE) continue;
    if (depth > limits::kXmlDepthMax)
      return absl::InvalidArgumentError(
          absl::StrCat("line ", xmlGetLineNo(n), ": elements nest deeper than ", limits::kXmlDepthMax));
    if (absl::Status s = CheckTree(n->children, depth + 1); !s.ok()) return s;
  }
  return absl::OkStatus();
}

class Reader {
 public:
  explicit Reader(const UblOptions& o) : o_(o) {}

  absl::StatusOr<IncomingInvoiceFile> Read(absl::string_view bytes) {
    if (bytes.size() > limits::kInvoiceFileBytesMax)
      return absl::InvalidArgumentError(
          absl::StrCat("the file has ", bytes.size(), " bytes; at most ", limits::kInvoiceFileBytesMax));
    if (bytes.find("<!DOCTYPE") != absl::string_view::npos ||
        bytes.find("<!ENTITY") != absl::string_view::npos)
      return absl::InvalidArgumentError("a DOCTYPE or entity declaration is not allowed in an invoice file");
    if (o_.revenue_account < limits::kAccountMin || o_.revenue_account > limits::kAccountMax)
      return absl::InvalidArgumentError(
          "a UBL invoice names no revenue account of the seller's: give the 4-digit account for its lines");
    // Read document by document with the streaming reader: each Invoice or CreditNote is
    // expanded, read and left behind, so a batch is never one tree in memory. No network, no
    // DTD, entities left as references (refused), errors as statuses.
    std::unique_ptr<xmlTextReader, ReaderDeleter> reader(
        xmlReaderForMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS));
    if (reader == nullptr) return absl::InvalidArgumentError("the file is not XML");
    xmlTextReaderSetStructuredErrorHandler(reader.get(), &Errors::Collect, &xml_errors_);
    bool batch = false, root = false;
    int documents = 0;
    int ret = xmlTextReaderRead(reader.get());
    while (ret == 1) {
      if (!xml_errors_.first.empty()) return absl::InvalidArgumentError(xml_errors_.first);
      const int type = xmlTextReaderNodeType(reader.get());
      if (type == XML_READER_TYPE_DOCUMENT_TYPE)
        return absl::InvalidArgumentError("a DOCTYPE is not allowed in an invoice file");
      if (type == XML_READER_TYPE_ENTITY_REFERENCE || type == XML_READER_TYPE_ENTITY)
        return absl::InvalidArgumentError("entities are not allowed in an invoice file");
      const int depth = xmlTextReaderDepth(reader.get());
      if (type != XML_READER_TYPE_ELEMENT || (depth == 0 && root)) {
        ret = xmlTextReaderRead(reader.get());
        continue;
      }
      if (depth > limits::kXmlDepthMax)
        return absl::InvalidArgumentError(absl::StrCat("line ",
                                                       xmlTextReaderGetParserLineNumber(reader.get()),
                                                       ": elements nest deeper than ", limits::kXmlDepthMax));
      const std::string name = reinterpret_cast<const char*>(xmlTextReaderConstLocalName(reader.get()));
      const char* uri = reinterpret_cast<const char*>(xmlTextReaderConstNamespaceUri(reader.get()));
      const absl::string_view ns = uri == nullptr ? "" : uri;
      const bool document =
          (name == "Invoice" && ns == kInvoiceNs) || (name == "CreditNote" && ns == kCreditNoteNs);
      if (depth == 0) {
        root = true;
        if (!document) {  // a batch: its children are the documents
          batch = true;
          ret = xmlTextReaderRead(reader.get());
          continue;
        }
      } else if (!batch || depth > 1) {
        ret = xmlTextReaderRead(reader.get());
        continue;
      } else if (!document) {
        return absl::InvalidArgumentError(absl::StrCat("line ",
                                                       xmlTextReaderGetParserLineNumber(reader.get()), ": <",
                                                       name, "> is not a UBL 2.1 Invoice or CreditNote"));
      }
      const xmlNode* node = xmlTextReaderExpand(reader.get());
      if (node == nullptr || !xml_errors_.first.empty())
        return absl::InvalidArgumentError(xml_errors_.first.empty() ? "the file is not well-formed XML"
                                                                    : xml_errors_.first);
      if (absl::Status s = CheckTree(node->children, depth + 2); !s.ok()) return s;
      ++documents;
      if (errors_.size() < kMaxErrors) Document(node);
      ret = xmlTextReaderNext(reader.get());  // on to the end: what follows must be well-formed too
    }
    if (!xml_errors_.first.empty()) return absl::InvalidArgumentError(xml_errors_.first);
    if (ret < 0) return absl::InvalidArgumentError("the file is not well-formed XML");
    if (!root) return absl::InvalidArgumentError("the file has no root element");
    if (documents == 0) return absl::InvalidArgumentError("the file holds no UBL Invoice or CreditNote");
    if (!errors_.empty())
      return absl::InvalidArgumentError(absl::StrCat(errors_.size() >= kMaxErrors ? "the first " : "",
                                                     errors_.size(),
                                                     errors_.size() == 1 ? " refusal" : " refusals",
                                                     ", nothing imported: ", absl::StrJoin(errors_, "; ")));
    IncomingInvoiceFile out;
    out.format = "UBL";
    out.customers = std::move(customers_);
    out.invoices = std::move(invoices_);
    return out;
  }

 private:
  void Refuse(const xmlNode* n, absl::string_view why) {
    if (errors_.size() < kMaxErrors) errors_.push_back(absl::StrCat("line ", xmlGetLineNo(n), ": ", why));
  }

  // An amount element in the document's currency, signed, at most two decimals.
  std::optional<Money> Amount(const xmlNode* n, absl::string_view what) {
    if (n == nullptr) return std::nullopt;
    const std::string currency = Attribute(n, "currencyID");
    if (currency != o_.currency) {
      Refuse(n, absl::StrCat(what, " is in '", currency, "', the ledger's invoices are in ", o_.currency));
      return std::nullopt;
    }
    const std::string whole = Text(n);
    absl::string_view text = whole;
    const bool negative = absl::ConsumePrefix(&text, "-");
    absl::StatusOr<Money> m = DecimalAmount(text, 4);  // more decimals than two must be zeros
    if (!m.ok()) {
      Refuse(n, absl::StrCat(what, ": ", m.status().message()));
      return std::nullopt;
    }
    return negative ? -*m : *m;
  }
  // A VAT percentage as basis points: "25", "12.00", "6" -> 2500, 1200, 600.
  std::optional<int32_t> Percent(const xmlNode* category, const xmlNode* where) {
    const std::string text = Text(category, {"cbc:Percent"});
    if (text.empty()) return 0;                        // categories E, Z, O, AE without a rate
    absl::StatusOr<Money> m = DecimalAmount(text, 4);  // more decimals than two must be zeros
    if (!m.ok()) {
      Refuse(where, absl::StrCat("VAT percent '", text, "' is not a rate"));
      return std::nullopt;
    }
    return static_cast<int32_t>(m->ore());
  }

  void Document(const xmlNode* d) {
    const bool credit = Is(d, kCreditNoteNs, "CreditNote");
    const size_t before = errors_.size();
    const std::string customization = Text(d, {"cbc:CustomizationID"});
    if (!absl::StartsWith(customization, kPeppol)) {
      Refuse(d, absl::StrCat("CustomizationID '", customization, "' is not Peppol BIS Billing 3.0"));
      return;
    }
    InvoiceFileInvoice inv = DocumentFields(d, credit);
    const xmlNode* party = At(d, {"cac:AccountingCustomerParty", "cac:Party"});
    InvoiceFileCustomer cu = Buyer(d, party);
    inv.customer_number = cu.customer_number;
    const LineSums sums = Lines(d, credit, before, inv);
    if (!TotalsAddUp(d, sums, before)) return;
    Keep(party, std::move(cu), std::move(inv));
  }

  // The document's own fields: its number (or, with a routine, its ID as kalla_id), dates,
  // currency, OCR reference and the buyer's references.
  InvoiceFileInvoice DocumentFields(const xmlNode* d, bool credit) {
    InvoiceFileInvoice inv;
    inv.line = xmlGetLineNo(d);
    const std::string id = Text(d, {"cbc:ID"});
    if (id.empty()) Refuse(d, "the document has no cbc:ID");
    if (o_.routine > 0) {
      inv.routine = o_.routine;
      inv.source_id = id;
    } else {
      int64_t n = 0;
      if (id.size() > static_cast<size_t>(limits::kInvoiceNumberDigits) || !absl::SimpleAtoi(id, &n) ||
          !ValidateInvoiceNumber(n).ok())
        Refuse(d, absl::StrCat("ID '", id,
                               "' is not an invoice number of the ledger: import with a routine to "
                               "number the documents, their IDs kept as kalla_id"));
      inv.invoice_number = n;
    }
    absl::StatusOr<Date> issued = ParseDate(Text(d, {"cbc:IssueDate"}));
    if (!issued.ok()) {
      Refuse(d, absl::StrCat("IssueDate '", Text(d, {"cbc:IssueDate"}), "' is not a date"));
    } else {
      inv.invoice_date = *issued;
      const std::string due =
          credit ? Text(d, {"cac:PaymentMeans", "cbc:PaymentDueDate"}) : Text(d, {"cbc:DueDate"});
      if (due.empty() && credit) {
        inv.due_date = *issued;  // a credit is settled at once
      } else if (absl::StatusOr<Date> dd = ParseDate(due); dd.ok()) {
        inv.due_date = *dd;
      } else {
        Refuse(d, due.empty() ? "the invoice has no DueDate (BT-9), which the ledger needs"
                              : absl::StrCat("DueDate '", due, "' is not a date"));
      }
    }
    const std::string currency = Text(d, {"cbc:DocumentCurrencyCode"});
    if (currency != o_.currency)
      Refuse(d, absl::StrCat("DocumentCurrencyCode '", currency, "': the ledger's invoices are in ",
                             o_.currency));
    const std::string payment_id = Digits(Text(d, {"cac:PaymentMeans", "cbc:PaymentID"}));
    if (!payment_id.empty() && payment_id == Text(d, {"cac:PaymentMeans", "cbc:PaymentID"}))
      inv.ocr_reference = payment_id;
    inv.attributes.buyer_reference = Text(d, {"cbc:BuyerReference"});
    inv.attributes.order_reference = Text(d, {"cac:OrderReference", "cbc:ID"});
    return inv;
  }

  // The buyer (AccountingCustomerParty/Party, `party`, may be absent) as a customer with details.
  InvoiceFileCustomer Buyer(const xmlNode* d, const xmlNode* party) {
    InvoiceFileCustomer cu;
    cu.line = xmlGetLineNo(party != nullptr ? party : d);
    cu.details_given = true;
    CustomerDetails& c = cu.details;
    const xmlNode* legal_id = At(party, {"cac:PartyLegalEntity", "cbc:CompanyID"});
    const xmlNode* endpoint = At(party, {"cbc:EndpointID"});
    c.national_id = Digits(Text(legal_id));
    if (c.national_id.empty() && Attribute(endpoint, "schemeID") == "0007")
      c.national_id = Digits(Text(endpoint));
    cu.customer_number = Text(party, {"cac:PartyIdentification", "cbc:ID"});
    if (cu.customer_number.empty()) cu.customer_number = c.national_id;
    if (cu.customer_number.empty())
      Refuse(party != nullptr ? party : d,
             "the buyer has no identifier (BT-46) or legal registration (BT-47) to find its customer by");
    c.name = Text(party, {"cac:PartyLegalEntity", "cbc:RegistrationName"});
    if (c.name.empty()) c.name = Text(party, {"cac:PartyName", "cbc:Name"});
    if (c.name.empty()) Refuse(party != nullptr ? party : d, "the buyer has no name");
    c.street = Text(party, {"cac:PostalAddress", "cbc:StreetName"});
    c.postal_code = Text(party, {"cac:PostalAddress", "cbc:PostalZone"});
    c.city = Text(party, {"cac:PostalAddress", "cbc:CityName"});
    c.country = Text(party, {"cac:PostalAddress", "cac:Country", "cbc:IdentificationCode"});
    if (c.country.empty()) c.country = "SE";
    c.email = Text(party, {"cac:Contact", "cbc:ElectronicMail"});
    const bool person = c.national_id.size() == 12 ||
                        (c.national_id.size() == 10 && c.national_id[2] < '2');  // not an organisation number
    c.kind = person ? CustomerKind::kPerson : CustomerKind::kOrganisation;
    c.delivery = endpoint != nullptr ? DeliveryChannel::kEInvoice : DeliveryChannel::kPaper;
    // The endpoint as the customer's e-invoice address, when it is one the ledger can check.
    if (endpoint != nullptr && !Attribute(endpoint, "schemeID").empty()) {
      std::string id = absl::StrCat(Attribute(endpoint, "schemeID"), ":", Text(endpoint));
      if (ValidatePeppolId(id).ok()) c.peppol_id = std::move(id);
    }
    return cu;
  }

  // The net amounts of a document's lines, as the document gives them (a credit note's positive).
  struct LineSums {
    Money total;
    absl::btree_map<int32_t, Money> per_rate;  // by VAT rate in basis points
  };

  // The lines, and the document's allowances and charges as lines of their own, into `inv`.
  LineSums Lines(const xmlNode* d, bool credit, size_t before, InvoiceFileInvoice& inv) {
    const int sign = credit ? -1 : 1;
    LineSums sums;
    auto line = [&](const xmlNode* where, std::string text, std::optional<Money> net,
                    const xmlNode* category) {
      const std::optional<int32_t> bp = Percent(category, where);
      if (!net || !bp) return;
      if (text.empty()) {
        Refuse(where, "a line without a name (Item/Name)");
        return;
      }
      sums.total += *net;
      sums.per_rate[*bp] += *net;
      // Category O: outside the scope of VAT (the line is kept so, and e-invoiced so again).
      inv.lines.push_back(InvoiceFileLine{std::move(text), sign < 0 ? -*net : *net, *bp, o_.revenue_account,
                                          *bp == 0 && Text(category, {"cbc:ID"}) == "O"});
    };
    const absl::string_view line_name = credit ? "CreditNoteLine" : "InvoiceLine";
    for (const xmlNode* l : All(d, kCac, line_name)) {
      if (At(l, {"cbc:LineExtensionAmount"}) == nullptr) {
        Refuse(l, "a line without LineExtensionAmount");
        continue;
      }
      line(l, Text(l, {"cac:Item", "cbc:Name"}),
           Amount(At(l, {"cbc:LineExtensionAmount"}), "LineExtensionAmount"),
           At(l, {"cac:Item", "cac:ClassifiedTaxCategory"}));
    }
    for (const xmlNode* a : All(d, kCac, "AllowanceCharge")) {
      const bool charge = Text(a, {"cbc:ChargeIndicator"}) == "true";
      std::optional<Money> amount = Amount(At(a, {"cbc:Amount"}), "AllowanceCharge/Amount");
      std::string reason = Text(a, {"cbc:AllowanceChargeReason"});
      if (reason.empty()) reason = charge ? "Avgift" : "Rabatt";
      line(a, reason, amount ? std::optional<Money>(charge ? *amount : -*amount) : std::nullopt,
           At(a, {"cac:TaxCategory"}));
    }
    if (inv.lines.empty() && errors_.size() == before)
      Refuse(d, absl::StrCat("the document has no ", line_name));
    if (inv.lines.size() > static_cast<size_t>(limits::kInvoiceLinesMax))
      Refuse(d, absl::StrCat("an invoice has at most ", limits::kInvoiceLinesMax, " lines"));
    return sums;
  }

  // The totals, to the öre: false when the document is refused (by them or before).
  bool TotalsAddUp(const xmlNode* d, const LineSums& sums, size_t before) {
    const xmlNode* totals = At(d, {"cac:LegalMonetaryTotal"});
    std::optional<Money> exclusive = Amount(At(totals, {"cbc:TaxExclusiveAmount"}), "TaxExclusiveAmount");
    std::optional<Money> payable = Amount(At(totals, {"cbc:PayableAmount"}), "PayableAmount");
    std::optional<Money> tax;
    for (const xmlNode* t : All(d, kCac, "TaxTotal")) {
      const xmlNode* amount = At(t, {"cbc:TaxAmount"});
      if (Attribute(amount, "currencyID") == o_.currency) tax = Amount(amount, "TaxAmount");
    }
    // VAT is rounded once per rate (EN 16931 BR-CO-17), as the ledger books it.
    Money vat_total;
    for (const auto& [bp, net] : sums.per_rate) {
      absl::StatusOr<Money> vat = ApplyBasisPoints(net, bp);
      if (!vat.ok()) {
        Refuse(d, vat.status().message());
        return false;
      }
      vat_total += *vat;
    }
    if (errors_.size() != before) return false;
    if (!exclusive || !payable) {
      Refuse(d, "LegalMonetaryTotal needs TaxExclusiveAmount and PayableAmount");
      return false;
    }
    for (const char* zero : {"PrepaidAmount", "PayableRoundingAmount"}) {
      const xmlNode* n = At(totals, {absl::StrCat("cbc:", zero)});
      std::optional<Money> m = Amount(n, zero);
      if (m && !m->is_zero())
        Refuse(n, absl::StrCat(zero, " ", m->ToKronor(), ": the ledger takes invoices without one"));
    }
    if (*exclusive != sums.total)
      Refuse(totals, absl::StrCat("TaxExclusiveAmount ", exclusive->ToKronor(), " is not the lines' sum ",
                                  sums.total.ToKronor()));
    if (tax.value_or(Money()) != vat_total)
      Refuse(d, absl::StrCat("TaxAmount ", tax.value_or(Money()).ToKronor(),
                             " does not add up: the lines' VAT is ", vat_total.ToKronor(),
                             " (rounded once per rate, as EN 16931 and the ledger round it)"));
    if (*payable != *exclusive + tax.value_or(Money()))
      Refuse(totals,
             absl::StrCat("PayableAmount ", payable->ToKronor(), " is not TaxExclusiveAmount + TaxAmount ",
                          (*exclusive + tax.value_or(Money())).ToKronor()));
    return errors_.size() == before;
  }

  // The document's invoice, and its buyer unless the batch named it before: the same buyer twice
  // in a batch is given the same way.
  void Keep(const xmlNode* party, InvoiceFileCustomer cu, InvoiceFileInvoice inv) {
    if (auto known = customer_index_.find(cu.customer_number); known != customer_index_.end()) {
      if (!(customers_[known->second].details == cu.details)) {
        Refuse(party, absl::StrCat("customer ", cu.customer_number, " is given other details than on line ",
                                   customers_[known->second].line));
        return;
      }
    } else {
      customer_index_[cu.customer_number] = customers_.size();
      customers_.push_back(std::move(cu));
    }
    invoices_.push_back(std::move(inv));
  }

  const UblOptions& o_;
  Errors xml_errors_;
  std::vector<std::string> errors_;
  std::vector<InvoiceFileCustomer> customers_;
  std::vector<InvoiceFileInvoice> invoices_;
  std::map<std::string, size_t> customer_index_;
};

}  // namespace

absl::StatusOr<IncomingInvoiceFile> ReadUblInvoices(absl::string_view bytes, const UblOptions& options) {
  return Reader(options).Read(bytes);
}

namespace {

constexpr absl::string_view kResponseNs =
    "urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2";

struct DocDeleter {
  void operator()(xmlDocPtr d) const { xmlFreeDoc(d); }
};

// The reason text kept in a note: the first 300 bytes, cut at a character.
std::string Shortened(std::string text) {
  if (text.size() <= 300) return text;
  size_t cut = 300;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  return absl::StrCat(text, "…");
}

}  // namespace

absl::StatusOr<std::vector<InvoiceResponse>> ReadInvoiceResponses(absl::string_view bytes) {
  if (bytes.size() > limits::kInvoiceResponseFileBytesMax)
    return absl::InvalidArgumentError(absl::StrCat("the file has ", bytes.size(), " bytes; at most ",
                                                   limits::kInvoiceResponseFileBytesMax));
  if (bytes.find("<!DOCTYPE") != absl::string_view::npos || bytes.find("<!ENTITY") != absl::string_view::npos)
    return absl::InvalidArgumentError("a DOCTYPE or entity declaration is not allowed in a response file");
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (ctxt == nullptr) return absl::ResourceExhaustedError("libxml2 could not start");
  std::unique_ptr<xmlDoc, DocDeleter> doc(
      xmlCtxtReadMemory(ctxt, bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS));
  Errors xml_errors;
  if (doc == nullptr || !ctxt->wellFormed) Errors::Collect(&xml_errors, xmlCtxtGetLastError(ctxt));
  xmlFreeParserCtxt(ctxt);
  if (doc == nullptr || !xml_errors.first.empty())
    return absl::InvalidArgumentError(xml_errors.first.empty() ? "the file is not well-formed XML"
                                                               : xml_errors.first);
  if (doc->intSubset != nullptr || doc->extSubset != nullptr)  // in any encoding
    return absl::InvalidArgumentError("a DOCTYPE is not allowed in a response file");
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) return absl::InvalidArgumentError("the file has no root element");
  RETURN_IF_ERROR(CheckTree(root, 0));
  // One response, or a batch: a root whose children are responses.
  std::vector<const xmlNode*> documents;
  if (Is(root, kResponseNs, "ApplicationResponse")) {
    documents.push_back(root);
  } else {
    for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      if (!Is(c, kResponseNs, "ApplicationResponse"))
        return absl::InvalidArgumentError(
            absl::StrCat("line ", xmlGetLineNo(c), ": <", Name(c), "> is not a UBL ApplicationResponse"));
      documents.push_back(c);
    }
  }
  if (documents.empty()) return absl::InvalidArgumentError("the file holds no Invoice Response");
  std::vector<InvoiceResponse> out;
  std::vector<std::string> errors;
  for (const xmlNode* d : documents) {
    auto refuse = [&](const xmlNode* where, absl::string_view why) {
      if (errors.size() < kMaxErrors) errors.push_back(absl::StrCat("line ", xmlGetLineNo(where), ": ", why));
    };
    const std::string customization = Text(d, {"cbc:CustomizationID"});
    if (!absl::StartsWith(customization, "urn:fdc:peppol.eu:poacc:trns:invoice_response:3")) {
      refuse(d, absl::StrCat("CustomizationID '", customization, "' is not Peppol Invoice Response 3"));
      continue;
    }
    InvoiceResponse r;
    r.line = xmlGetLineNo(d);
    r.response_id = Text(d, {"cbc:ID"});
    const std::string issued = Text(d, {"cbc:IssueDate"});
    absl::StatusOr<Date> date = ParseDate(issued);
    if (!date.ok() || issued.size() != 10) {
      refuse(d, absl::StrCat("IssueDate '", issued, "' is not a date (YYYY-MM-DD)"));
      continue;
    }
    r.issue_date = *date;
    const xmlNode* response = At(d, {"cac:DocumentResponse"});
    r.code = Text(response, {"cac:Response", "cbc:ResponseCode"});
    r.invoice_id = Text(response, {"cac:DocumentReference", "cbc:ID"});
    r.document_type = Text(response, {"cac:DocumentReference", "cbc:DocumentTypeCode"});
    if (const xmlNode* endpoint = At(d, {"cac:SenderParty", "cbc:EndpointID"}); endpoint != nullptr)
      r.sender = absl::StrCat(Attribute(endpoint, "schemeID"), ":", Text(endpoint));
    if (r.code.empty() || r.invoice_id.empty()) {
      refuse(d, "a response needs DocumentResponse/Response/ResponseCode and DocumentReference/ID");
      continue;
    }
    std::string reasons;
    for (const xmlNode* status : All(At(response, {"cac:Response"}), kCac, "Status")) {
      std::string reason = Text(status, {"cbc:StatusReason"});
      const std::string code = Text(status, {"cbc:StatusReasonCode"});
      if (reason.empty()) reason = code;
      if (!reason.empty()) absl::StrAppend(&reasons, reasons.empty() ? "" : "; ", reason);
    }
    if (const std::string note = Text(response, {"cac:Response", "cbc:Description"}); !note.empty())
      absl::StrAppend(&reasons, reasons.empty() ? "" : "; ", note);
    // One line for the note: runs of white space (line breaks, tabs) as one space, no other
    // control characters.
    std::string flat;
    for (char c : reasons) {
      const auto u = static_cast<unsigned char>(c);
      if (u == '\n' || u == '\r' || u == '\t' || u == ' ') {
        if (!flat.empty() && flat.back() != ' ') flat += ' ';
      } else if (u >= 0x20 && u != 0x7f) {
        flat += c;
      }
    }
    r.reason = Shortened(std::string(absl::StripTrailingAsciiWhitespace(flat)));
    out.push_back(std::move(r));
  }
  if (!errors.empty())
    return absl::InvalidArgumentError(
        absl::StrCat(errors.size() == 1 ? "1 refusal" : absl::StrCat(errors.size(), " refusals"),
                     ", nothing applied: ", absl::StrJoin(errors, "; ")));
  return out;
}

}  // namespace reskontra
