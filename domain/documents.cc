#include "domain/documents.h"

#include <algorithm>
#include <set>

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/overloaded.h"
#include "base/status_macros.h"
#include "domain/decider.h"
#include "domain/dunning.h"
#include "domain/ids.h"
#include "domain/interest.h"
#include "domain/limits.h"

namespace reskontra {

namespace {

std::string FormatOrgNumber(absl::string_view digits) {
  if (digits.size() == 10) return absl::StrCat(digits.substr(0, 6), "-", digits.substr(6));
  if (digits.size() == 12) return absl::StrCat(digits.substr(0, 8), "-", digits.substr(8));
  return std::string(digits);
}

std::string Percent(int32_t bp) {
  const int32_t a = bp < 0 ? -bp : bp;
  return absl::StrCat(bp < 0 ? "-" : "", a / 100, ",", a % 100 < 10 ? "0" : "", a % 100);
}

std::string BankgiroOf(const Company& co) {
  return co.payment_settings ? FormatBankgiro(co.payment_settings->bankgiro) : "";
}

struct LetterWords {
  std::string title;
  std::vector<std::string> before, after;
};

// The words of each letter; `due` the day to pay by, `n` the invoice.
LetterWords WordsFor(DunningStep step, const std::string& due, const std::string& n,
                     const std::string& company) {
  LetterWords w;
  const std::string contact =
      absl::StrCat("Har du frågor, kontakta ", company, " och ange fakturanummer ", n, ".");
  switch (step) {
    case DunningStep::kReminder1:
      w.title = "PÅMINNELSE";
      w.before = {absl::StrCat(
          "Vi har inte fått betalt för fakturan nedan. Vi ber dig betala det som återstår senast ", due,
          ".")};
      w.after = {"Har du redan betalat kan du bortse från denna påminnelse.", contact};
      break;
    case DunningStep::kReminder2:
      w.title = "PÅMINNELSE 2";
      w.before = {absl::StrCat(
          "Vi har tidigare påmint dig om fakturan nedan men har ännu inte fått betalt. Betala det "
          "som återstår senast ",
          due, ".")};
      w.after = {"Har du redan betalat kan du bortse från denna påminnelse.", contact};
      break;
    case DunningStep::kCollectionDemand:
      w.title = "KRAVBREV";
      w.before = {
          absl::StrCat("Inkassokrav. Trots påminnelse har vi inte fått betalt för fordran nedan. Betala "
                       "senast ",
                       due, ".")};
      w.after = {
          absl::StrCat("Om du anser att kravet är felaktigt, helt eller delvis, ska du snarast och senast ",
                       due, " höra av dig till ", company, " och ange fakturanummer ", n,
                       ". Tala om vad du invänder och varför."),
          absl::StrCat("Om du inte betalar eller hör av dig senast ", due,
                       " kan vi ansöka om betalningsföreläggande hos Kronofogden eller lämna fordran till "
                       "inkasso. Det medför ytterligare kostnader för dig och kan leda till en "
                       "betalningsanmärkning.")};
      break;
    case DunningStep::kResidualDemand:
      w.title = "RESTKRAV";
      w.before = {absl::StrCat("Av fordran nedan återstår ett obetalt belopp. Betala det senast ", due, ".")};
      w.after = {contact};
      break;
    case DunningStep::kPaymentOrderThreat:
      w.title = "SISTA KRAV";
      w.before = {
          absl::StrCat("Fordran nedan är fortfarande obetald trots våra krav. Betala senast ", due, ".")};
      w.after = {
          absl::StrCat("Om beloppet inte är betalt senast ", due,
                       " ansöker vi utan ytterligare påminnelse om betalningsföreläggande hos Kronofogden. "
                       "Det medför ytterligare kostnader för dig och kan leda till en betalningsanmärkning."),
          contact};
      break;
    case DunningStep::kNone:
      break;
  }
  return w;
}

// A document from the company to the customer: the parties and the footer.
DocumentContent Addressed(const Company& co, const Customer& cu) {
  DocumentContent d;
  d.sender.name = co.name;
  d.sender.org_number = FormatOrgNumber(co.org_number);
  const CustomerDetails& who = cu.details;
  d.recipient.name = who.name;
  if (!who.street.empty()) d.recipient.address.push_back(who.street);
  if (!who.postal_code.empty() || !who.city.empty())
    d.recipient.address.push_back(
        absl::StrCat(who.postal_code, who.postal_code.empty() ? "" : "  ", who.city));
  if (!who.country.empty() && who.country != "SE") d.recipient.address.push_back(who.country);
  const std::string bankgiro = BankgiroOf(co);
  d.footer = absl::StrCat(co.name, d.sender.org_number.empty() ? "" : "  ·  Org.nr ", d.sender.org_number,
                          bankgiro.empty() ? "" : "  ·  Bankgiro ", bankgiro);
  return d;
}

// What to pay, where and by when, with its QR code; none without a bankgiro to pay to.
void SetPayment(DocumentContent& d, const Company& co, const Invoice& inv, Money amount, Date due) {
  const std::string bankgiro = BankgiroOf(co);
  if (bankgiro.empty()) return;
  d.payment = PaymentInstruction{bankgiro, inv.ocr_reference, amount, due, ""};
  d.payment->qr = PaymentQr(d.sender, *d.payment, d.date);
}

DocumentKind KindOf(DunningStep step) {
  switch (step) {
    case DunningStep::kReminder2:
      return DocumentKind::kReminder2;
    case DunningStep::kCollectionDemand:
      return DocumentKind::kCollectionDemand;
    case DunningStep::kResidualDemand:
      return DocumentKind::kResidualDemand;
    case DunningStep::kPaymentOrderThreat:
      return DocumentKind::kThreat;
    default:
      return DocumentKind::kReminder1;
  }
}

}  // namespace

std::string FormatBankgiro(absl::string_view digits) {
  if (digits.size() < 7) return std::string(digits);
  const size_t head = digits.size() - 4;
  return absl::StrCat(digits.substr(0, head), "-", digits.substr(head));
}

absl::StatusOr<DocumentContent> DunningLetterDocument(const LedgerState& state, CompanyId company,
                                                      const DunningStepIssued& letter,
                                                      const EventMeta& meta) {
  if (letter.step == DunningStep::kNone) return absl::InvalidArgumentError("a letter needs a dunning step");
  const Company* co = state.FindCompany(company);
  if (co == nullptr) return absl::NotFoundError(absl::StrCat("company ", company, " is not registered"));
  const Invoice* inv = state.FindInvoice(company, letter.invoice_number);
  if (inv == nullptr)
    return absl::NotFoundError(
        absl::StrCat("invoice ", FormatInvoiceNumber(letter.invoice_number), " is not in the ledger"));
  const Customer* cu = state.FindCustomer(company, inv->customer_number);
  if (cu == nullptr)
    return absl::NotFoundError(absl::StrCat("customer ", inv->customer_number, " is not registered"));

  const Date date = meta.effective_date;
  const Date due = date + kLetterPaymentDays;
  const std::string number = FormatInvoiceNumber(inv->number);
  LetterWords words = WordsFor(letter.step, FormatDate(due), number, co->name);

  DocumentContent d = Addressed(*co, *cu);
  d.kind = KindOf(letter.step);
  d.title = words.title;
  d.date = date;
  d.fields = {{"Datum", FormatDate(date)},
              {"Kundnummer", inv->customer_number},
              {"Fakturanummer", number},
              {"Fakturadatum", FormatDate(inv->invoice_date)},
              {"Förfallodag", FormatDate(inv->due_date)},
              {"OCR-nummer", inv->ocr_reference}};
  if (letter.step == DunningStep::kCollectionDemand && !meta.actor.empty())
    d.fields.push_back({"Handläggare", meta.actor});
  d.before = std::move(words.before);

  // The amounts: what was invoiced and charged, less what was paid, credited or written off.
  // Fees by kind (the letter's own among them): reminder, collection, and the rest
  // (förseningsersättning, plan fee, costs of a payment order).
  const Money reminder_fees = inv->reminder_fees - inv->reminder_fees_reversed;
  const Money collection_fees = inv->collection_fees - inv->collection_fees_reversed;
  const Money other_fees = inv->fees - inv->fees_reversed - reminder_fees - collection_fees;
  const Money interest = inv->interest - inv->interest_reversed;
  const Money other = inv->debit_adjusted + inv->carried_in;
  d.rows.push_back({absl::StrCat("Faktura ", number),
                    absl::StrCat("fakturadatum ", FormatDate(inv->invoice_date), ", förfallodag ",
                                 FormatDate(inv->due_date)),
                    inv->capital});
  if (!other.is_zero()) d.rows.push_back({"Övriga debiteringar", "", other});
  if (!reminder_fees.is_zero()) d.rows.push_back({"Påminnelseavgift", "", reminder_fees});
  if (!collection_fees.is_zero()) d.rows.push_back({"Inkassoavgift", "", collection_fees});
  if (!other_fees.is_zero())
    d.rows.push_back(
        {other_fees == inv->late_compensation ? "Förseningsersättning" : "Andra avgifter", "", other_fees});
  if (!interest.is_zero()) d.rows.push_back({"Påförd dröjsmålsränta", "", interest});
  Money listed;
  for (const DocumentRow& r : d.rows) listed += r.amount;
  const Money balance = inv->balance();
  if (listed != balance) d.rows.push_back({"Betalt och krediterat", "", balance - listed});
  d.total_label = "Att betala";
  d.total = balance;

  // The accrued interest, stated separately with its rate, period and base: always on an
  // inkassokrav (inkassolagen 5 §), on the other letters where the policy prints it.
  const DunningPolicySet* policy = co->DunningPolicyFor(inv->routine);
  const bool print_interest = letter.step == DunningStep::kCollectionDemand ||
                              (policy != nullptr && StepPolicy(*policy, letter.step).print_interest);
  absl::StatusOr<InterestResult> accrued = AccruedInterest(state, *inv, date);
  if (print_interest && accrued.ok() && accrued->exemption.empty() && !accrued->lines.empty()) {
    // All of it to date, and how much of it the amount to pay includes (charged at the letter
    // or before): the rest, and the interest after today, is invoiced separately.
    const Money uncharged = Max(Money(), accrued->total - inv->interest_accounted());
    const InterestLine& last = accrued->lines.back();
    std::string text = absl::StrCat(
        "Dröjsmålsränta löper på ", last.capital.ToKronor(), " kr med ", Percent(last.rate_bp),
        " % per år (referensräntan ", Percent(last.reference_bp), " % + ",
        Percent(last.rate_bp - last.reference_bp), " procentenheter) från ", FormatDate(*accrued->start),
        ". Till och med ", FormatDate(date), " är den ", accrued->total.ToKronor(), " kr");
    if (uncharged.is_zero()) {
      absl::StrAppend(&text, ", som ingår i beloppet att betala. Räntan efter ", FormatDate(date),
                      " faktureras separat.");
    } else if (uncharged == accrued->total) {
      absl::StrAppend(&text, ". Räntan till betalningsdagen faktureras separat.");
    } else {
      absl::StrAppend(&text, ", varav ", (accrued->total - uncharged).ToKronor(),
                      " kr ingår i beloppet att betala. Resten, och räntan till betalningsdagen, faktureras "
                      "separat.");
    }
    d.after.insert(d.after.begin(), std::move(text));
  }
  if (letter.customer_credit.is_positive()) {
    d.after.push_back(
        absl::StrCat("Du har ett tillgodohavande på ", letter.customer_credit.ToKronor(),
                     " kr hos oss. Det räcker inte till hela skulden; hör av dig om du vill att det "
                     "räknas av."));
  }
  for (std::string& p : words.after) d.after.push_back(std::move(p));
  if (balance.is_positive()) SetPayment(d, *co, *inv, balance, due);
  return d;
}

namespace {

std::string VatText(int32_t bp) {
  return absl::StrCat("moms ", bp % 100 == 0 ? absl::StrCat(bp / 100) : Percent(bp), " %");
}

// Each payment by its method in plain text (handbook 6.3): the inbetalningssätt's text, else
// the channel it came by.
std::string PaymentText(const Company& co, const PaymentReceived* p) {
  if (p == nullptr) return "Inbetalning";
  if (!p->method.empty()) {
    auto m = co.payment_methods.find(p->method);
    if (m != co.payment_methods.end() && !m->second.text.empty()) return m->second.text;
  }
  switch (p->channel) {
    case PaymentChannel::kBankgiro:
      return "Bankgiro";
    case PaymentChannel::kPlusgiro:
      return "Plusgiro";
    case PaymentChannel::kAutogiro:
      return "Autogiro";
    case PaymentChannel::kCash:
      return "Kontant";
    case PaymentChannel::kManual:
      break;
  }
  return "Manuell inbetalning";
}

// The rows of what was invoiced: the lines of InvoiceIssued, or the interest of each claim an
// interest invoice was made from, with its compensation.
std::vector<DocumentRow> InvoicedRows(const std::vector<Event>& events, InvoiceNumber n, bool* interest) {
  std::vector<DocumentRow> rows;
  for (const Event& e : events) {
    if (const auto* issued = std::get_if<InvoiceIssued>(&e.body); issued && issued->invoice_number == n) {
      for (const InvoiceLine& l : issued->lines) {
        std::string detail = absl::StrCat(l.net.ToKronor(), " kr + ", VatText(l.vat_rate_bp));
        if (!l.vat.is_zero()) absl::StrAppend(&detail, " ", l.vat.ToKronor(), " kr");
        rows.push_back({l.description, std::move(detail), l.net + l.vat});
      }
    } else if (const auto* ii = std::get_if<InterestInvoiced>(&e.body); ii && ii->interest_invoice == n) {
      *interest = true;
      rows.push_back({absl::StrCat("Dröjsmålsränta, faktura ", FormatInvoiceNumber(ii->invoice_number)),
                      absl::StrCat(ii->days, " räntedagar till ", FormatDate(ii->paid_on),
                                   ii->deducted.is_zero() ? ""
                                                          : absl::StrCat(", avgår redan debiterad ränta ",
                                                                         ii->deducted.ToKronor(), " kr")),
                      ii->amount});
      if (!ii->compensation.is_zero())
        rows.push_back(
            {absl::StrCat("Förseningsersättning, faktura ", FormatInvoiceNumber(ii->invoice_number)), "",
             ii->compensation});
    }
  }
  return rows;
}

}  // namespace

absl::StatusOr<DocumentContent> InvoiceDocument(const LedgerState& state, CompanyId company,
                                                const DocumentProduced& d, const std::vector<Event>& events) {
  if (d.kind != ProducedDocument::kInvoiceCopy && d.kind != ProducedDocument::kReplacementInvoice)
    return absl::InvalidArgumentError("an invoice document is a copy or a replacement invoice");
  if (d.invoices.size() != 1) return absl::InvalidArgumentError("an invoice document is about one invoice");
  const Company* co = state.FindCompany(company);
  if (co == nullptr) return absl::NotFoundError(absl::StrCat("company ", company, " is not registered"));
  const InvoiceNumber n = d.invoices[0];
  const Invoice* inv = state.FindInvoice(company, n);
  if (inv == nullptr)
    return absl::NotFoundError(absl::StrCat("invoice ", FormatInvoiceNumber(n), " is not in the ledger"));
  const Customer* cu = state.FindCustomer(company, inv->customer_number);
  if (cu == nullptr)
    return absl::NotFoundError(absl::StrCat("customer ", inv->customer_number, " is not registered"));
  const std::string number = FormatInvoiceNumber(n);
  const Money balance = inv->balance();
  const bool replacement = d.kind == ProducedDocument::kReplacementInvoice;
  if (replacement && !balance.is_positive())
    return absl::FailedPreconditionError(
        absl::StrCat("invoice ", number, " has nothing left to pay: no replacement invoice"));
  if (replacement && inv->due_date < d.date)
    return absl::FailedPreconditionError(
        absl::StrCat("the due date of invoice ", number, " (", FormatDate(inv->due_date),
                     ") has passed: move it first (invoice due-date), then print the replacement invoice"));

  bool interest_invoice = false;
  std::vector<DocumentRow> invoiced = InvoicedRows(events, n, &interest_invoice);
  if (invoiced.empty())
    return absl::DataLossError(
        absl::StrCat("the events of invoice ", number, " do not say what it invoiced"));

  DocumentContent doc = Addressed(*co, *cu);
  doc.date = d.date;
  doc.kind = replacement ? DocumentKind::kReplacement
                         : (interest_invoice ? DocumentKind::kInterestInvoice : DocumentKind::kInvoiceCopy);
  doc.title =
      replacement ? "ERSÄTTNINGSFAKTURA" : (interest_invoice ? "RÄNTEFAKTURA – KOPIA" : "FAKTURAKOPIA");
  doc.fields = {{"Datum", FormatDate(d.date)},
                {"Kundnummer", inv->customer_number},
                {"Fakturanummer", number},
                {"Fakturadatum", FormatDate(inv->invoice_date)},
                {"Förfallodag", FormatDate(inv->due_date)},
                {"OCR-nummer", inv->ocr_reference}};
  if (!d.handler.empty()) doc.fields.push_back({"Handläggare", d.handler});

  if (!replacement) {
    // The invoice as issued, and what is left of it.
    doc.before = {absl::StrCat("Kopia av faktura ", number, " av ", FormatDate(inv->invoice_date), ".")};
    doc.rows = std::move(invoiced);
    doc.total_label = "Fakturabelopp";
    for (const DocumentRow& r : doc.rows) doc.total += r.amount;
    absl::btree_map<int32_t, std::pair<Money, Money>> vat;  // rate -> (base, vat)
    for (const Event& e : events)
      if (const auto* issued = std::get_if<InvoiceIssued>(&e.body); issued && issued->invoice_number == n)
        for (const InvoiceLine& l : issued->lines) {
          vat[l.vat_rate_bp].first += l.net;
          vat[l.vat_rate_bp].second += l.vat;
        }
    for (const auto& [bp, amounts] : vat)
      if (!amounts.second.is_zero())
        doc.after.push_back(absl::StrCat("Varav ", VatText(bp), ": ", amounts.second.ToKronor(),
                                         " kr (underlag ", amounts.first.ToKronor(), " kr)."));
    if (balance != doc.total)
      doc.after.push_back(
          balance.is_positive()
              ? absl::StrCat("Av fakturan återstår ", balance.ToKronor(), " kr att betala.")
              : absl::StrCat("Fakturan är betald eller reglerad; saldo ", balance.ToKronor(), " kr."));
    doc.after.push_back(
        absl::StrCat("Har du frågor, kontakta ", co->name, " och ange fakturanummer ", number, "."));
    if (balance.is_positive()) SetPayment(doc, *co, *inv, balance, inv->due_date);
    return doc;
  }

  // Ersättningsfaktura: what was invoiced and charged, the payments made (each with its
  // method, date and amount), and what remains.
  doc.before = {absl::StrCat("Denna faktura ersätter faktura ", number, " av ", FormatDate(inv->invoice_date),
                             ". Betala det som återstår senast ", FormatDate(inv->due_date), ".")};
  Money invoiced_total;
  for (const DocumentRow& r : invoiced) invoiced_total += r.amount;
  doc.rows.push_back({interest_invoice ? "Räntefaktura" : "Fakturabelopp",
                      absl::StrCat("faktura ", number, ", fakturadatum ", FormatDate(inv->invoice_date)),
                      invoiced_total});
  const Money fees = inv->fees - inv->fees_reversed;
  const Money interest = inv->interest - inv->interest_reversed;
  if (!fees.is_zero()) doc.rows.push_back({"Avgifter", "", fees});
  if (!interest.is_zero()) doc.rows.push_back({"Påförd dröjsmålsränta", "", interest});
  absl::flat_hash_map<std::string, const PaymentReceived*> received;
  for (const Event& e : events)
    if (const auto* p = std::get_if<PaymentReceived>(&e.body)) received[p->payment_id] = p;
  for (const Event& e : events) {
    const std::string on = FormatDate(e.meta.effective_date);
    std::visit(Overloaded{
                   [&](const PaymentAllocated& a) {
                     if (a.invoice_number != n) return;
                     auto p = received.find(a.payment_id);
                     doc.rows.push_back({absl::StrCat("Inbetalning ", on),
                                         PaymentText(*co, p == received.end() ? nullptr : p->second),
                                         -(a.fees + a.interest + a.capital)});
                   },
                   [&](const CreditBalanceApplied& a) {
                     if (a.invoice_number != n) return;
                     doc.rows.push_back({absl::StrCat("Avräknat tillgodohavande ", on), "",
                                         -(a.fees + a.interest + a.capital)});
                   },
                   [&](const InvoiceCredited& c) {
                     if (c.invoice_number != n) return;
                     doc.rows.push_back({absl::StrCat("Kreditering ", on),
                                         c.credit_note_number.empty()
                                             ? c.remark
                                             : absl::StrCat("kreditfaktura ", c.credit_note_number),
                                         -c.amount});
                   },
                   [](const auto&) {},
               },
               e.body);
  }
  Money listed;
  for (const DocumentRow& r : doc.rows) listed += r.amount;
  if (listed != balance) doc.rows.push_back({"Övriga justeringar", "", balance - listed});
  doc.total_label = "Att betala";
  doc.total = balance;
  doc.after.push_back(
      absl::StrCat("Har du frågor, kontakta ", co->name, " och ange fakturanummer ", number, "."));
  SetPayment(doc, *co, *inv, balance, inv->due_date);
  return doc;
}

namespace {

void AppendJsonString(std::string& out, absl::string_view text) {
  out += '"';
  for (unsigned char ch : text) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += static_cast<char>(ch);
    } else if (ch < 0x20) {
      absl::StrAppend(&out, "\\u00", ch < 0x10 ? "0" : "", absl::Hex(ch));
    } else {
      out += static_cast<char>(ch);
    }
  }
  out += '"';
}

std::string Compact(Date d) {
  std::string s = FormatDate(d);
  s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
  return s;
}

}  // namespace

std::string PaymentQr(const DocumentParty& sender, const PaymentInstruction& p, Date date) {
  std::string out = "{\"uqr\":1,\"tp\":1,\"nme\":";
  AppendJsonString(out, sender.name);
  out += ",\"cc\":\"SE\"";
  if (!sender.org_number.empty()) {
    out += ",\"cid\":";
    AppendJsonString(out, sender.org_number);
  }
  out += ",\"iref\":";
  AppendJsonString(out, p.ocr);
  absl::StrAppend(&out, ",\"idt\":\"", Compact(date), "\",\"ddt\":\"", Compact(p.due),
                  "\",\"due\":", p.amount.ToDecimal(), ",\"cur\":\"SEK\",\"pt\":\"BG\",\"acc\":");
  AppendJsonString(out, p.bankgiro);
  out += '}';
  return out;
}

namespace {

bool IsLowerHex(absl::string_view s) {
  for (char c : s)
    if (!absl::ascii_isdigit(c) && (c < 'a' || c > 'f')) return false;
  return true;
}

class DocumentDecider : public DeciderBase {
 public:
  using DeciderBase::DeciderBase;

  absl::StatusOr<Events> operator()(const RecordDocument& c) {
    const DocumentProduced& d = c.document;
    if (d.kind != ProducedDocument::kDunningLetters && d.kind != ProducedDocument::kInvoiceCopy &&
        d.kind != ProducedDocument::kReplacementInvoice)
      return absl::InvalidArgumentError("unknown document kind");
    if (d.source_position < 1 || d.source_position > ctx_.head_position)
      return absl::InvalidArgumentError(absl::StrCat(
          "source position ", d.source_position, " is not in the journal (head ", ctx_.head_position, ")"));
    RETURN_IF_ERROR(CheckDateInRange(d.date, "document date"));
    if (d.kind == ProducedDocument::kDunningLetters ? (d.routine < -1 || d.routine > limits::kRoutineMax)
                                                    : d.routine != -1)
      return absl::InvalidArgumentError(
          absl::StrCat("routine ", d.routine, " is not valid for this document"));
    if (d.sha256.size() != 64 || !IsLowerHex(d.sha256))
      return absl::InvalidArgumentError("sha256 must be 64 lowercase hex digits");
    if (d.bytes < 1 || d.pages < 1) return absl::InvalidArgumentError("a document has bytes and pages");
    RETURN_IF_ERROR(ValidateText("handläggare", d.handler, limits::kHandlerMax, false));
    if (d.invoices.empty() || d.invoices.size() > limits::kDocumentInvoicesMax)
      return absl::InvalidArgumentError(
          absl::StrCat("a document is about 1..", limits::kDocumentInvoicesMax, " invoices"));
    if (d.kind != ProducedDocument::kDunningLetters && d.invoices.size() != 1)
      return absl::InvalidArgumentError("an invoice document is about one invoice");
    std::set<InvoiceNumber> seen;
    for (InvoiceNumber n : d.invoices) {
      ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(n));
      if (!seen.insert(inv->number).second)
        return absl::InvalidArgumentError(
            absl::StrCat("invoice ", FormatInvoiceNumber(n), " is listed twice in the document"));
    }
    if (d.original_date && d.kind != ProducedDocument::kInvoiceCopy)
      return absl::InvalidArgumentError("only a copy is dated with the invoice date");
    return One(ctx_.today, d);
  }
  template <class T>
  absl::StatusOr<Events> operator()(const T&) {
    return absl::InternalError("not a document command");
  }
};

}  // namespace

absl::StatusOr<std::vector<Event>> DecideDocuments(const LedgerState& state, const CommandMeta& meta,
                                                   const CommandBody& command, const DecideContext& ctx) {
  return std::visit(DocumentDecider(state, meta, ctx), command);
}

}  // namespace reskontra
