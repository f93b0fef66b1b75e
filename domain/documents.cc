#include "domain/documents.h"

#include <algorithm>
#include <set>

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
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

struct Placeholder {
  absl::string_view name;  // with its braces
  int width;               // the most characters it prints
};
constexpr Placeholder kPlaceholders[] = {
    {"{betala_senast}", 10}, {"{fakturanummer}", 9}, {"{företag}", limits::kCompanyNameMax}};

int CodePoints(absl::string_view s) {
  int n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// A registered text as the letter's paragraphs: the rows of a paragraph joined by spaces (the
// page wraps them), the placeholders filled in.
std::vector<std::string> TextParagraphs(const LetterTextSet& text, const std::string& due,
                                        const std::string& n, const std::string& company) {
  std::vector<std::string> out;
  std::string paragraph;
  auto flush = [&] {
    if (!paragraph.empty()) out.push_back(std::move(paragraph));
    paragraph.clear();
  };
  for (const std::string& row : text.rows) {
    if (absl::StripAsciiWhitespace(row).empty()) {
      flush();
      continue;
    }
    if (!paragraph.empty()) paragraph += ' ';
    absl::StrAppend(&paragraph, absl::StripAsciiWhitespace(row));
  }
  flush();
  for (std::string& p : out)
    p = absl::StrReplaceAll(p, {{"{betala_senast}", due}, {"{fakturanummer}", n}, {"{företag}", company}});
  return out;
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
  // What an invoice states of the seller (momslagen 17 kap. 24 §), once the company has said it.
  if (co.details) {
    const CompanyDetailsSet& c = *co.details;
    if (!c.street.empty()) d.sender.address.push_back(c.street);
    if (!c.postal_code.empty() || !c.city.empty())
      d.sender.address.push_back(absl::StrCat(c.postal_code, c.postal_code.empty() ? "" : "  ", c.city));
    std::string second;
    for (const std::string& part : {c.vat_number.empty() ? "" : absl::StrCat("Momsreg.nr ", c.vat_number),
                                    c.f_skatt ? std::string("Godkänd för F-skatt") : std::string(),
                                    c.phone.empty() ? "" : absl::StrCat("Tel ", c.phone), c.email})
      if (!part.empty()) absl::StrAppend(&second, second.empty() ? "" : "  ·  ", part);
    std::string first = co.name;
    for (const std::string& line : d.sender.address) absl::StrAppend(&first, ", ", line);
    d.footer =
        absl::StrCat(first, d.sender.org_number.empty() ? "" : "  ·  Org.nr ", d.sender.org_number,
                     bankgiro.empty() ? "" : "  ·  Bankgiro ", bankgiro, second.empty() ? "" : "\n", second);
  }
  return d;
}

// What to pay, where and by when, with its QR code; none without a bankgiro to pay to.
void SetPayment(DocumentContent& d, const Company& co, const Invoice& inv, Money amount, Date due) {
  const std::string bankgiro = BankgiroOf(co);
  if (bankgiro.empty()) return;
  d.payment = PaymentInstruction{bankgiro, inv.ocr_reference, amount, due, ""};
  d.payment->qr = PaymentQr(d.sender, *d.payment, inv.invoice_date);
}

// The document's kind in a file name.
const char* FileWord(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kReminder1:
      return "paminnelse";
    case DocumentKind::kReminder2:
      return "paminnelse-2";
    case DocumentKind::kCollectionDemand:
      return "inkassokrav";
    case DocumentKind::kResidualDemand:
      return "restkrav";
    case DocumentKind::kThreat:
      return "sista-krav";
    case DocumentKind::kInvoiceCopy:
    case DocumentKind::kInterestInvoice:
      return "fakturakopia";
    case DocumentKind::kReplacement:
      return "ersattningsfaktura";
    case DocumentKind::kInvoice:
      return "faktura";
    case DocumentKind::kCreditNote:
      return "kreditfaktura";
    case DocumentKind::kAnnulmentNotice:
      return "annulleringsbesked";
    case DocumentKind::kAmortisationPlan:
      return "amorteringsplan";
  }
  return "dokument";
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
  // The policy's text number picks the words from the register; what inkassolagen 5 § asks of an
  // inkassokrav (where to object, what happens otherwise) is printed whatever the text says.
  const DunningPolicySet* policy = co->DunningPolicyFor(inv->routine);
  const int32_t text_number = policy != nullptr ? StepPolicy(*policy, letter.step).text_number : 0;
  if (const LetterTextSet* text = co->LetterText(LetterTextKindOf(letter.step), text_number);
      text != nullptr) {
    words.before = TextParagraphs(*text, FormatDate(due), number, co->name);
    if (letter.step != DunningStep::kCollectionDemand) words.after.clear();
  }

  DocumentContent d = Addressed(*co, *cu);
  d.kind = KindOf(letter.step);
  d.title = words.title;
  d.file_stem = absl::StrCat(number, "-", FileWord(d.kind));
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

// The rows of what was invoiced: the lines of InvoiceIssued (an interest invoice's too: its
// lines name the claims and the compensation).
std::vector<DocumentRow> InvoicedRows(const std::vector<Event>& events, InvoiceNumber n) {
  std::vector<DocumentRow> rows;
  for (const Event& e : events) {
    const auto* issued = std::get_if<InvoiceIssued>(&e.body);
    if (issued == nullptr || issued->invoice_number != n) continue;
    for (const InvoiceLine& l : issued->lines) {
      std::string detail = absl::StrCat(l.net.ToKronor(), " kr + ", VatText(l.vat_rate_bp));
      if (!l.vat.is_zero()) absl::StrAppend(&detail, " ", l.vat.ToKronor(), " kr");
      rows.push_back({l.description, std::move(detail), l.net + l.vat});
    }
  }
  return rows;
}

// The amounts of an invoice up to a change: what was invoiced, the fees and interest charged,
// and everything else (payments, credits, debits) as one row up to `before` (the balance just
// before the change).
void RowsUpTo(DocumentContent& doc, const Invoice& inv, const std::vector<DocumentRow>& invoiced,
              Money before) {
  Money invoiced_total;
  for (const DocumentRow& r : invoiced) invoiced_total += r.amount;
  const std::string number = FormatInvoiceNumber(inv.number);
  doc.rows.push_back({absl::StrCat("Faktura ", number),
                      absl::StrCat("fakturadatum ", FormatDate(inv.invoice_date), ", förfallodag ",
                                   FormatDate(inv.due_date)),
                      invoiced_total});
  const Money charged = inv.fees - inv.fees_reversed + inv.interest - inv.interest_reversed;
  if (!charged.is_zero()) doc.rows.push_back({"Påförda avgifter och ränta", "", charged});
  const Money other = before - invoiced_total - charged;
  if (!other.is_zero()) doc.rows.push_back({"Tidigare betalt, krediterat och justerat", "", other});
}

// Kreditfaktura or annulleringsbesked: the change at d.source_position (the invoice's last
// credit or annulment in `events`) and what is left after it.
absl::StatusOr<DocumentContent> NoticeDocument(const Company& co, const Customer& cu, const Invoice& inv,
                                               const DocumentProduced& d, const std::vector<Event>& events) {
  const bool credit = d.kind == ProducedDocument::kCreditNote;
  const InvoiceNumber n = inv.number;
  const std::string number = FormatInvoiceNumber(n);
  const InvoiceCredited* credited = nullptr;
  const InvoiceAnnulled* annulled = nullptr;
  Date on;
  for (const Event& e : events) {
    if (const auto* c = std::get_if<InvoiceCredited>(&e.body); c && c->invoice_number == n) {
      credited = c;
      on = e.meta.effective_date;
    }
    if (const auto* a = std::get_if<InvoiceAnnulled>(&e.body); a && a->invoice_number == n) {
      annulled = a;
      on = e.meta.effective_date;
    }
  }
  if (credit ? credited == nullptr : annulled == nullptr)
    return absl::FailedPreconditionError(
        absl::StrCat("invoice ", number, " has no ", credit ? "credit" : "annulment", " to print"));
  const std::vector<DocumentRow> invoiced = InvoicedRows(events, n);
  if (invoiced.empty())
    return absl::DataLossError(
        absl::StrCat("the events of invoice ", number, " do not say what it invoiced"));
  const Money amount = credit ? credited->amount : annulled->amount;
  const std::string& remark = credit ? credited->remark : annulled->remark;
  const Money balance = inv.balance();
  const bool with_agency = inv.dunning.allocated() && inv.dunning->collection_date.has_value();

  DocumentContent doc = Addressed(co, cu);
  doc.kind = credit ? DocumentKind::kCreditNote : DocumentKind::kAnnulmentNotice;
  doc.title = credit ? "KREDITFAKTURA" : "ANNULLERINGSBESKED";
  doc.file_stem = absl::StrCat(number, "-", FileWord(doc.kind));
  doc.date = on;
  doc.fields.push_back({"Datum", FormatDate(on)});
  doc.fields.push_back({"Kundnummer", inv.customer_number});
  if (credit && !credited->credit_note_number.empty())
    doc.fields.push_back({"Kreditfaktura", credited->credit_note_number});
  doc.fields.push_back({credit ? "Avser faktura" : "Fakturanummer", number});
  doc.fields.push_back({"Fakturadatum", FormatDate(inv.invoice_date)});
  doc.fields.push_back({"OCR-nummer", inv.ocr_reference});
  if (!d.handler.empty()) doc.fields.push_back({"Handläggare", d.handler});

  doc.before.push_back(credit
                           ? absl::StrCat("Vi har krediterat faktura ", number, " av ",
                                          FormatDate(inv.invoice_date), " med ", amount.ToKronor(), " kr.")
                           : absl::StrCat("Faktura ", number, " av ", FormatDate(inv.invoice_date),
                                          " är makulerad. Du behöver inte betala det som återstod av den, ",
                                          amount.ToKronor(), " kr."));
  if (!remark.empty()) doc.before.push_back(absl::StrCat("Orsak: ", remark));
  RowsUpTo(doc, inv, invoiced, balance + amount);
  doc.rows.push_back({absl::StrCat(credit ? "Kreditering " : "Makulering ", FormatDate(on)), "", -amount});
  doc.total_label = credit ? "Kvar att betala" : "Att betala";
  doc.total = balance;

  if (balance.is_zero()) {
    doc.after.push_back(
        absl::StrCat("Faktura ", number, " är därmed reglerad. Du behöver inte betala något mer på den."));
  } else if (balance.is_negative()) {
    doc.after.push_back(absl::StrCat("Du har betalat ", (-balance).ToKronor(),
                                     " kr mer än fakturan. Vi betalar tillbaka beloppet eller räknar av det "
                                     "mot en annan faktura; hör av dig om hur du vill ha det."));
  } else if (with_agency) {
    doc.after.push_back(absl::StrCat("Av fordran återstår ", balance.ToKronor(), " kr. Den har lämnats till ",
                                     inv.dunning->agency.empty() ? "inkasso" : inv.dunning->agency,
                                     ": betala enligt inkassokravet, inte till oss."));
  } else if (inv.due_date >= on) {
    doc.after.push_back(absl::StrCat("Betala det som återstår, ", balance.ToKronor(), " kr, senast ",
                                     FormatDate(inv.due_date), "."));
    SetPayment(doc, co, inv, balance, inv.due_date);
  } else {
    doc.after.push_back(absl::StrCat("Det som återstår, ", balance.ToKronor(), " kr, förföll till betalning ",
                                     FormatDate(inv.due_date), ". Betala det snarast med OCR-nummer ",
                                     inv.ocr_reference, BankgiroOf(co).empty() ? "" : " till bankgiro ",
                                     BankgiroOf(co), "."));
  }
  doc.after.push_back(
      absl::StrCat("Har du frågor, kontakta ", co.name, " och ange fakturanummer ", number, "."));
  return doc;
}

// The head of an invoice, a copy or a replacement invoice: its date, kind, title, fields (the
// buyer's references among them) and file name.
DocumentContent InvoiceHead(const Company& co, const Customer& cu, const Invoice& inv,
                            const DocumentProduced& d, const std::string& number, bool original,
                            bool replacement, bool interest_invoice) {
  DocumentContent doc = Addressed(co, cu);
  doc.date = original ? inv.invoice_date : d.date;
  doc.kind = replacement ? DocumentKind::kReplacement
             : original  ? DocumentKind::kInvoice
                         : (interest_invoice ? DocumentKind::kInterestInvoice : DocumentKind::kInvoiceCopy);
  doc.title = replacement ? "ERSÄTTNINGSFAKTURA"
              : original  ? (interest_invoice ? "RÄNTEFAKTURA" : "FAKTURA")
                          : (interest_invoice ? "RÄNTEFAKTURA – KOPIA" : "FAKTURAKOPIA");
  if (!original) doc.fields.push_back({"Datum", FormatDate(d.date)});
  doc.fields.insert(doc.fields.end(), {{"Kundnummer", inv.customer_number},
                                       {"Fakturanummer", number},
                                       {"Fakturadatum", FormatDate(inv.invoice_date)},
                                       {"Förfallodag", FormatDate(inv.due_date)},
                                       {"OCR-nummer", inv.ocr_reference}});
  // The buyer's references and what it is for, as the invoice carries them.
  for (const auto& [label, value] : {std::pair{"Er referens", &inv.attributes.buyer_reference},
                                     std::pair{"Ert ordernr", &inv.attributes.order_reference},
                                     std::pair{"Avser", &inv.attributes.subject}})
    if (!value->empty()) doc.fields.push_back({label, *value});
  if (!d.handler.empty()) doc.fields.push_back({"Handläggare", d.handler});
  doc.file_stem = absl::StrCat(number, "-", FileWord(doc.kind));
  return doc;
}

// "Varav moms": each VAT rate of the invoice as issued with its VAT and base, where it has VAT.
void AddVatSummary(DocumentContent& doc, const std::vector<Event>& events, InvoiceNumber n) {
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
}

// An invoice or a copy: the invoice as issued (`invoiced`), and what is left of it.
void AddInvoiceAsIssued(DocumentContent& doc, const Company& co, const Invoice& inv,
                        const std::vector<Event>& events, std::vector<DocumentRow> invoiced,
                        const std::string& number, Money balance, bool original, bool interest_invoice,
                        bool with_agency) {
  if (!original)
    doc.before = {absl::StrCat("Kopia av faktura ", number, " av ", FormatDate(inv.invoice_date), ".")};
  else if (interest_invoice)
    doc.before = {
        "Dröjsmålsränta enligt räntelagen på belopp som betalats efter förfallodagen, "
        "enligt specifikationen nedan."};
  doc.rows = std::move(invoiced);
  for (const DocumentRow& r : doc.rows) doc.total += r.amount;
  doc.total_label = "Fakturabelopp";
  if (original) {
    // As sent, the rows add up to what the payment slip asks: the lines, then what was charged
    // to the claim (an invoice fee, interest) and what was paid or credited before printing.
    const Money charged = inv.fees - inv.fees_reversed + inv.interest - inv.interest_reversed +
                          inv.debit_adjusted + inv.carried_in;
    if (!charged.is_zero()) doc.rows.push_back({"Påförda avgifter och ränta", "", charged});
    const Money other = balance - doc.total - charged;
    if (!other.is_zero()) doc.rows.push_back({"Betalt, krediterat och avräknat", "", other});
    doc.total = balance;
    doc.total_label = "Att betala";
  }
  AddVatSummary(doc, events, inv.number);
  if (!original && balance != doc.total)
    doc.after.push_back(
        balance.is_positive()
            ? absl::StrCat("Av fakturan återstår ", balance.ToKronor(), " kr att betala.")
            : absl::StrCat("Fakturan är betald eller reglerad; saldo ", balance.ToKronor(), " kr."));
  if (with_agency && balance.is_positive()) {
    doc.after.push_back(absl::StrCat(
        "Fordran lämnades till ", inv.dunning->agency.empty() ? "inkasso" : inv.dunning->agency, " den ",
        FormatDate(*inv.dunning->collection_date), ". Betala enligt inkassokravet, inte till oss."));
  }
  doc.after.push_back(
      absl::StrCat("Har du frågor, kontakta ", co.name, " och ange fakturanummer ", number, "."));
  if (balance.is_positive() && !with_agency) SetPayment(doc, co, inv, balance, inv.due_date);
}

// A replacement invoice's rows of what happened to the invoice since it was issued: the payments
// (each with its method, date and amount), credits, annulments, debits, write-offs and reversed
// payments, in the order of `events`.
void AddChangeRows(DocumentContent& doc, const Company& co, const std::vector<Event>& events,
                   InvoiceNumber n) {
  absl::flat_hash_map<std::string, const PaymentReceived*> received;
  for (const Event& e : events)
    if (const auto* p = std::get_if<PaymentReceived>(&e.body)) received[p->payment_id] = p;
  for (const Event& e : events) {
    const std::string on = FormatDate(e.meta.effective_date);
    std::visit(
        Overloaded{
            [&](const PaymentAllocated& a) {
              if (a.invoice_number != n) return;
              auto p = received.find(a.payment_id);
              doc.rows.push_back({absl::StrCat("Inbetalning ", on),
                                  PaymentText(co, p == received.end() ? nullptr : p->second),
                                  -(a.fees + a.interest + a.capital)});
            },
            [&](const CreditBalanceApplied& a) {
              if (a.invoice_number != n) return;
              doc.rows.push_back(
                  {absl::StrCat("Avräknat tillgodohavande ", on), "", -(a.fees + a.interest + a.capital)});
            },
            [&](const InvoiceCredited& c) {
              if (c.invoice_number != n) return;
              doc.rows.push_back(
                  {absl::StrCat("Kreditering ", on),
                   c.credit_note_number.empty() ? "" : absl::StrCat("kreditfaktura ", c.credit_note_number),
                   -c.amount});
            },
            [&](const InvoiceAnnulled& c) {
              if (c.invoice_number == n) doc.rows.push_back({absl::StrCat("Makulerat ", on), "", -c.amount});
            },
            [&](const DebitAdjusted& c) {
              if (c.invoice_number == n) doc.rows.push_back({absl::StrCat("Debiterat ", on), "", c.amount});
            },
            [&](const WrittenOff& c) {
              if (c.invoice_number == n) doc.rows.push_back({absl::StrCat("Avskrivet ", on), "", -c.amount});
            },
            [&](const PaymentReversed& r) {
              for (const ReversedPart& part : r.parts) {
                if (part.invoice_number != n) continue;
                auto p = received.find(r.payment_id);
                doc.rows.push_back(
                    {absl::StrCat("Återförd inbetalning ", on),
                     PaymentText(co, p == received.end() ? nullptr : p->second),
                     part.fees + part.interest + part.capital + part.small_difference + part.carried});
              }
            },
            [](const auto&) {},
        },
        e.body);
  }
}

// Ersättningsfaktura: what was invoiced and charged, the payments made (each with its
// method, date and amount), and what remains.
void AddReplacementRows(DocumentContent& doc, const Company& co, const Invoice& inv,
                        const std::vector<Event>& events, const std::vector<DocumentRow>& invoiced,
                        const std::string& number, Money balance, bool interest_invoice) {
  doc.before = {absl::StrCat("Denna faktura ersätter faktura ", number, " av ", FormatDate(inv.invoice_date),
                             ". Betala det som återstår senast ", FormatDate(inv.due_date), ".")};
  Money invoiced_total;
  for (const DocumentRow& r : invoiced) invoiced_total += r.amount;
  doc.rows.push_back({interest_invoice ? "Räntefaktura" : "Fakturabelopp",
                      absl::StrCat("faktura ", number, ", fakturadatum ", FormatDate(inv.invoice_date)),
                      invoiced_total});
  const Money fees = inv.fees - inv.fees_reversed;
  const Money interest = inv.interest - inv.interest_reversed;
  if (!fees.is_zero()) doc.rows.push_back({"Avgifter", "", fees});
  if (!interest.is_zero()) doc.rows.push_back({"Påförd dröjsmålsränta", "", interest});
  AddChangeRows(doc, co, events, inv.number);
  Money listed;
  for (const DocumentRow& r : doc.rows) listed += r.amount;
  if (listed != balance) doc.rows.push_back({"Övriga justeringar", "", balance - listed});
  doc.total_label = "Att betala";
  doc.total = balance;
  doc.after.push_back(
      absl::StrCat("Har du frågor, kontakta ", co.name, " och ange fakturanummer ", number, "."));
  SetPayment(doc, co, inv, balance, inv.due_date);
}

}  // namespace

absl::StatusOr<DocumentContent> InvoiceDocument(const Company& company, const Customer& customer,
                                                const Invoice& invoice, const DocumentProduced& d,
                                                const std::vector<Event>& events) {
  const bool original = d.kind == ProducedDocument::kInvoices;
  if (d.kind != ProducedDocument::kInvoiceCopy && d.kind != ProducedDocument::kReplacementInvoice &&
      !original && d.kind != ProducedDocument::kCreditNote && d.kind != ProducedDocument::kAnnulmentNotice)
    return absl::InvalidArgumentError(
        "an invoice document is an invoice, a copy, a replacement invoice, a credit note or an annulment "
        "notice");
  if (original ? std::find(d.invoices.begin(), d.invoices.end(), invoice.number) == d.invoices.end()
               : d.invoices != std::vector<InvoiceNumber>{invoice.number})
    return absl::InvalidArgumentError("an invoice document is about its one invoice");
  const Company* co = &company;
  const Customer* cu = &customer;
  const Invoice* inv = &invoice;
  const InvoiceNumber n = invoice.number;
  const std::string number = FormatInvoiceNumber(n);
  const Money balance = inv->balance();
  const bool replacement = d.kind == ProducedDocument::kReplacementInvoice;
  if (replacement && !balance.is_positive())
    return absl::FailedPreconditionError(
        absl::StrCat("invoice ", number, " has nothing left to pay: no replacement invoice"));
  // A claim handed to a collection agency is paid to the agency: no new payment slip from us.
  const bool with_agency = inv->dunning.allocated() && inv->dunning->collection_date.has_value();
  if (replacement && with_agency)
    return absl::FailedPreconditionError(absl::StrCat(
        "invoice ", number, " was handed to ",
        inv->dunning->agency.empty() ? "a collection agency" : inv->dunning->agency, " on ",
        FormatDate(*inv->dunning->collection_date), ": it is paid there, no replacement invoice"));

  if (d.kind == ProducedDocument::kCreditNote || d.kind == ProducedDocument::kAnnulmentNotice)
    return NoticeDocument(*co, *cu, *inv, d, events);
  if (replacement && inv->due_date < d.date)
    return absl::FailedPreconditionError(
        absl::StrCat("the due date of invoice ", number, " (", FormatDate(inv->due_date),
                     ") has passed: move it first (invoice due-date), then print the replacement invoice"));
  const bool interest_invoice = inv->is_interest_invoice;
  std::vector<DocumentRow> invoiced = InvoicedRows(events, n);
  if (invoiced.empty())
    return absl::DataLossError(
        absl::StrCat("the events of invoice ", number, " do not say what it invoiced"));

  DocumentContent doc = InvoiceHead(*co, *cu, *inv, d, number, original, replacement, interest_invoice);
  if (!replacement) {
    // The invoice as issued, and what is left of it.
    AddInvoiceAsIssued(doc, *co, *inv, events, std::move(invoiced), number, balance, original,
                       interest_invoice, with_agency);
    return doc;
  }
  AddReplacementRows(doc, *co, *inv, events, invoiced, number, balance, interest_invoice);
  return doc;
}

absl::Status InvoicePrintable(const Company& company, const Invoice& invoice, Date date) {
  if (!invoice.dunning.allocated() || invoice.dunning->code == 0) return absl::OkStatus();
  if (invoice.dunning->code_until && *invoice.dunning->code_until < date) return absl::OkStatus();
  auto code = company.dunning_codes.find(invoice.dunning->code);
  if (code == company.dunning_codes.end() || (code->second.flags & kCodeNoInvoice) == 0)
    return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      FormatInvoiceNumber(invoice.number), ": kravkod ", code->first, " (", code->second.text,
      ") says Ej faktura",
      invoice.dunning->code_until ? absl::StrCat(" until ", FormatDate(*invoice.dunning->code_until)) : "",
      ": no invoice is printed"));
}

absl::StatusOr<DocumentContent> PlanDocument(const LedgerState& state, CompanyId company,
                                             const AmortizationPlanEstablished& plan, Date established,
                                             const DocumentProduced& d) {
  const Company* co = state.FindCompany(company);
  if (co == nullptr) return absl::NotFoundError(absl::StrCat("company ", company, " is not registered"));
  const Customer* cu = state.FindCustomer(company, plan.customer_number);
  if (cu == nullptr)
    return absl::NotFoundError(absl::StrCat("customer ", plan.customer_number, " is not registered"));
  if (plan.instalments.empty())
    return absl::DataLossError(absl::StrCat("plan ", plan.plan_id, " has no instalments"));
  DocumentContent doc = Addressed(*co, *cu);
  doc.kind = DocumentKind::kAmortisationPlan;
  doc.title = "AMORTERINGSPLAN";
  doc.file_stem = absl::StrCat(plan.customer_number, "-", FileWord(doc.kind));
  doc.date = established;
  doc.fields = {{"Datum", FormatDate(established)},
                {"Kundnummer", plan.customer_number},
                {"Plan", plan.plan_id},
                {"Delbetalningar", absl::StrCat(plan.instalments.size())},
                {"Sista betalning", FormatDate(plan.instalments.back().date)}};
  if (!d.handler.empty()) doc.fields.push_back({"Handläggare", d.handler});
  if (!plan.approved_by.empty()) doc.fields.push_back({"Godkänd av", plan.approved_by});

  // The debt: each claim as it stood when the plan was made (with the fee and the interest the
  // plan charged), and the claims outside the ledger.
  std::vector<std::string> claims;
  Money listed;
  const Invoice* pay_to = nullptr;  // the claim the first instalment is paid to
  for (InvoiceNumber n : plan.invoices) {
    const Invoice* inv = state.FindInvoice(company, n);
    if (inv == nullptr) continue;
    claims.push_back(absl::StrCat("faktura ", FormatInvoiceNumber(n), " (OCR ", inv->ocr_reference, ") ",
                                  inv->balance().ToKronor(), " kr"));
    listed += inv->balance();
    if (pay_to == nullptr && inv->balance() >= plan.instalments.front().amount) pay_to = inv;
  }
  for (const OutsideClaim& o : plan.outside) {
    const Money with_interest = o.amount + o.interest.value_or(Money());
    claims.push_back(absl::StrCat(o.text, " ", with_interest.ToKronor(), " kr",
                                  o.interest && o.interest->is_positive()
                                      ? absl::StrCat(" (varav ränta ", o.interest->ToKronor(), " kr)")
                                      : ""));
    listed += with_interest;
  }
  doc.before.push_back(absl::StrCat("Vi har kommit överens om att du betalar din skuld på ",
                                    plan.total.ToKronor(), " kr med delbetalningar enligt planen nedan."));
  if (!claims.empty()) doc.before.push_back(absl::StrCat("Skulden: ", absl::StrJoin(claims, "; "), "."));
  if (plan.accrued_interest.is_positive())
    doc.before.push_back(absl::StrCat("I skulden ingår upplupen dröjsmålsränta till och med ",
                                      FormatDate(established), ", ", plan.accrued_interest.ToKronor(),
                                      " kr."));
  switch (plan.interest) {
    case PlanInterest::kPerPaymentDay: {
      const absl::StatusOr<int32_t> reference = ReferenceRateOn(state, established);
      doc.before.push_back(absl::StrCat(
          "Ränta: på kapitalet som återstår löper dröjsmålsränta med ", Percent(plan.rate_bp), " % per år",
          reference.ok() ? absl::StrCat(" (referensräntan ", Percent(*reference), " % + ",
                                        Percent(plan.rate_bp - *reference), " procentenheter)")
                         : "",
          ". Varje delbetalning betalar först avgifter, sedan räntan sedan förra betalningsdagen och sist "
          "kapital; räntan i planen är beräknad på att du betalar på förfallodagen."));
      break;
    }
    case PlanInterest::kNone:
      doc.before.push_back("Ränta: ingen dröjsmålsränta tas ut så länge planen följs.");
      break;
    case PlanInterest::kOrdinary:
      doc.before.push_back("Ränta: fordringarnas dröjsmålsränta löper som förut och faktureras separat.");
      break;
  }
  // The instalments.
  for (size_t i = 0; i < plan.instalments.size(); ++i) {
    const PlanInstalment& in = plan.instalments[i];
    std::vector<std::string> parts;
    if (in.fees.is_positive())
      parts.push_back(absl::StrCat("avgifter och upplupen ränta ", in.fees.ToKronor()));
    if (in.interest.is_positive()) parts.push_back(absl::StrCat("ränta ", in.interest.ToKronor()));
    if (in.capital.is_positive()) parts.push_back(absl::StrCat("kapital ", in.capital.ToKronor()));
    if (in.notification_fee.is_positive())
      parts.push_back(absl::StrCat("aviavgift ", in.notification_fee.ToKronor()));
    doc.rows.push_back({absl::StrCat(i + 1, ". senast ", FormatDate(in.date)),
                        parts.empty() ? "" : absl::StrCat("varav ", absl::StrJoin(parts, ", "), " kr"),
                        in.amount});
    doc.total += in.amount;
  }
  doc.total_label = "Summa delbetalningar";
  const DunningPolicySet* policy = co->DunningPolicyFor(
      plan.invoices.empty() || state.FindInvoice(company, plan.invoices.front()) == nullptr
          ? 0
          : state.FindInvoice(company, plan.invoices.front())->routine);
  const int grace = policy != nullptr ? policy->plan_grace_days : 0;
  doc.after.push_back(absl::StrCat(
      "Om en delbetalning inte har kommit in ", grace > 0 ? absl::StrCat(grace, " dagar efter") : "senast",
      " sin förfallodag upphör planen, och hela skulden som återstår kan då krävas in med påminnelse, "
      "inkassokrav eller betalningsföreläggande."));
  if (pay_to != nullptr) {
    doc.after.push_back(absl::StrCat("Betala till bankgiro ", BankgiroOf(*co), " med OCR-nummer ",
                                     pay_to->ocr_reference,
                                     ". Betalningarna räknas av mot fakturorna i planen."));
    SetPayment(doc, *co, *pay_to, plan.instalments.front().amount, plan.instalments.front().date);
  }
  doc.after.push_back(
      absl::StrCat("Har du frågor, kontakta ", co->name, " och ange plan ", plan.plan_id, "."));
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

std::string PaymentQr(const DocumentParty& sender, const PaymentInstruction& p, Date invoice_date) {
  std::string out = "{\"uqr\":1,\"tp\":1,\"nme\":";
  AppendJsonString(out, sender.name);
  out += ",\"cc\":\"SE\"";
  if (!sender.org_number.empty()) {
    out += ",\"cid\":";
    AppendJsonString(out, sender.org_number);
  }
  out += ",\"iref\":";
  AppendJsonString(out, p.ocr);
  absl::StrAppend(&out, ",\"idt\":\"", Compact(invoice_date), "\",\"ddt\":\"", Compact(p.due),
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
    if (static_cast<int>(d.kind) > static_cast<int>(ProducedDocument::kEInvoiceCreditNote))
      return absl::InvalidArgumentError("unknown document kind");
    const bool einvoice =
        d.kind == ProducedDocument::kEInvoice || d.kind == ProducedDocument::kEInvoiceCreditNote;
    const bool letters =
        d.kind == ProducedDocument::kDunningLetters || d.kind == ProducedDocument::kDunningLetterFiles;
    // The claims a run or a plan names may be archived since; the others are in the ledger now.
    const bool names_past_claims = letters || d.kind == ProducedDocument::kAmortisationPlan;
    const bool about_one =
        !names_past_claims && d.kind != ProducedDocument::kInvoices && d.kind != ProducedDocument::kEInvoice;
    if (d.source_position < 1 || d.source_position > ctx_.head_position)
      return absl::InvalidArgumentError(absl::StrCat(
          "source position ", d.source_position, " is not in the journal (head ", ctx_.head_position, ")"));
    RETURN_IF_ERROR(CheckDateInRange(d.date, "document date"));
    if (letters ? (d.routine < -1 || d.routine > limits::kRoutineMax) : d.routine != -1)
      return absl::InvalidArgumentError(
          absl::StrCat("routine ", d.routine, " is not valid for this document"));
    if (d.sha256.size() != 64 || !IsLowerHex(d.sha256))
      return absl::InvalidArgumentError("sha256 must be 64 lowercase hex digits");
    if (d.bytes < 1 || (d.pages < 1 && !einvoice) || (d.pages != 0 && einvoice))
      return absl::InvalidArgumentError("a document has bytes and pages (an e-invoice has no pages)");
    RETURN_IF_ERROR(ValidateText("handläggare", d.handler, limits::kHandlerMax, false));
    // A plan may be of claims outside the ledger only.
    if ((d.invoices.empty() && d.kind != ProducedDocument::kAmortisationPlan) ||
        d.invoices.size() > limits::kDocumentInvoicesMax)
      return absl::InvalidArgumentError(
          absl::StrCat("a document is about 1..", limits::kDocumentInvoicesMax, " invoices"));
    if (about_one && d.invoices.size() != 1)
      return absl::InvalidArgumentError("an invoice document is about one invoice");
    std::set<InvoiceNumber> seen;
    for (InvoiceNumber n : d.invoices) {
      if (names_past_claims)
        RETURN_IF_ERROR(ValidateInvoiceNumber(n));
      else
        RETURN_IF_ERROR(FindInvoice(n).status());
      if (!seen.insert(n).second)
        return absl::InvalidArgumentError(
            absl::StrCat("invoice ", FormatInvoiceNumber(n), " is listed twice in the document"));
    }
    if (d.original_date && d.kind != ProducedDocument::kInvoiceCopy)
      return absl::InvalidArgumentError("only a copy is dated with the invoice date");
    if (d.kind == ProducedDocument::kEInvoiceCreditNote
            ? d.about_position < 1 || d.about_position > d.source_position
            : d.about_position != 0)
      return absl::InvalidArgumentError("only an e-invoice credit note names the record it is about");
    // An invoice sent as an e-invoice is not sent again by mistake: the buyer would get it twice.
    if (d.kind == ProducedDocument::kEInvoice && !c.resend)
      for (InvoiceNumber n : d.invoices)
        if (const Invoice* inv = s_.FindInvoice(meta_.company, n); inv != nullptr && inv->einvoiced)
          return absl::FailedPreconditionError(
              absl::StrCat("invoice ", FormatInvoiceNumber(n), " was sent as an e-invoice on ",
                           FormatDate(*inv->einvoiced), ": resend to send it again"));
    return One(ctx_.today, d);
  }
  absl::StatusOr<Events> operator()(const SetLetterText& c) {
    RETURN_IF_ERROR(ValidateLetterText(c.text));
    const LetterTextSet* now = s_.FindCompany(meta_.company)->LetterText(c.text.kind, c.text.number);
    if (now != nullptr && *now == c.text)
      return absl::AlreadyExistsError("the text is already stored like this");
    return One(ctx_.today, c.text);
  }
  template <class T>
  absl::StatusOr<Events> operator()(const T&) {
    return absl::InternalError("not a document command");
  }
};

}  // namespace

LetterTextKind LetterTextKindOf(DunningStep step) {
  switch (step) {
    case DunningStep::kCollectionDemand:
      return LetterTextKind::kCollectionDemand;
    case DunningStep::kResidualDemand:
      return LetterTextKind::kResidualDemand;
    case DunningStep::kPaymentOrderThreat:
      return LetterTextKind::kThreat;
    default:
      return LetterTextKind::kReminder;
  }
}

absl::Status ValidateLetterText(const LetterTextSet& text) {
  if (text.number < 1 || text.number > limits::kDunningTextNumberMax)
    return absl::InvalidArgumentError(
        absl::StrCat("a text number is 1..", limits::kDunningTextNumberMax, " (0 is the built-in text)"));
  int rows = limits::kLetterTextRowsMax, columns = limits::kInvoiceFormColumnsMax;
  switch (text.kind) {
    case LetterTextKind::kReminder:
    case LetterTextKind::kCollectionDemand:
      if (text.form == LetterForm::kDatapost) columns = limits::kDatapostColumnsMax;
      break;
    case LetterTextKind::kResidualDemand:
      if (text.form != LetterForm::kInvoiceForm)
        return absl::InvalidArgumentError("a restkrav is printed on the invoice form only (F)");
      rows = limits::kResidualTextRowsMax;
      break;
    case LetterTextKind::kThreat:
      if (text.form != LetterForm::kInvoiceForm)
        return absl::InvalidArgumentError("a hot om betalningsföreläggande is printed on A4 (form F)");
      columns = limits::kThreatColumnsMax;
      break;
    default:
      return absl::InvalidArgumentError("unknown letter text kind");
  }
  if (text.form != LetterForm::kInvoiceForm && text.form != LetterForm::kDatapost)
    return absl::InvalidArgumentError("unknown form: F (invoice form) or D (datapost)");
  bool words = false;
  for (const std::string& row : text.rows) words |= !absl::StripAsciiWhitespace(row).empty();
  if (!words) return absl::InvalidArgumentError("a text needs at least one row with words");
  if (text.rows.size() > static_cast<size_t>(rows))
    return absl::InvalidArgumentError(
        absl::StrCat("the text has ", text.rows.size(), " rows; this kind and form allow ", rows));
  for (size_t i = 0; i < text.rows.size(); ++i) {
    const std::string at = absl::StrCat("row ", i + 1);
    absl::string_view row = text.rows[i];
    RETURN_IF_ERROR(ValidateText(at, row, 4 * columns, false));  // control characters
    int width = 0;
    for (size_t pos = 0; pos < row.size();) {
      if (row[pos] != '{') {
        width += (static_cast<unsigned char>(row[pos]) & 0xC0) != 0x80;
        ++pos;
        continue;
      }
      const Placeholder* known = nullptr;
      for (const Placeholder& p : kPlaceholders)
        if (absl::StartsWith(row.substr(pos), p.name)) known = &p;
      if (known == nullptr) {
        const size_t end = row.find('}', pos);
        return absl::InvalidArgumentError(
            absl::StrCat(at, ": '", row.substr(pos, end == absl::string_view::npos ? 1 : end - pos + 1),
                         "' is not a placeholder ({betala_senast}, {fakturanummer}, {företag})"));
      }
      width += known->width;
      pos += known->name.size();
    }
    if (width > columns)
      return absl::InvalidArgumentError(absl::StrCat(at, " needs ", width, " characters (", CodePoints(row),
                                                     " written, placeholders at their widest); ",
                                                     "this kind and form allow ", columns));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Event>> DecideDocuments(const LedgerState& state, const CommandMeta& meta,
                                                   const CommandBody& command, const DecideContext& ctx) {
  return std::visit(DocumentDecider(state, meta, ctx), command);
}

}  // namespace reskontra
