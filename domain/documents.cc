#include "domain/documents.h"

#include "absl/strings/str_cat.h"
#include "domain/dunning.h"
#include "domain/ids.h"
#include "domain/interest.h"

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
  const std::string bankgiro = co->payment_settings ? FormatBankgiro(co->payment_settings->bankgiro) : "";
  LetterWords words = WordsFor(letter.step, FormatDate(due), number, co->name);

  DocumentContent d;
  d.kind = KindOf(letter.step);
  d.title = words.title;
  d.date = date;
  d.sender.name = co->name;
  d.sender.org_number = FormatOrgNumber(co->org_number);
  const CustomerDetails& who = cu->details;
  d.recipient.name = who.name;
  if (!who.street.empty()) d.recipient.address.push_back(who.street);
  if (!who.postal_code.empty() || !who.city.empty())
    d.recipient.address.push_back(
        absl::StrCat(who.postal_code, who.postal_code.empty() ? "" : "  ", who.city));
  if (!who.country.empty() && who.country != "SE") d.recipient.address.push_back(who.country);
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
  if (!bankgiro.empty() && balance.is_positive())
    d.payment = PaymentInstruction{bankgiro, inv->ocr_reference, balance, due};
  d.footer = absl::StrCat(co->name, d.sender.org_number.empty() ? "" : "  ·  Org.nr ", d.sender.org_number,
                          bankgiro.empty() ? "" : "  ·  Bankgiro ", bankgiro);
  return d;
}

}  // namespace reskontra
