#include "domain/einvoice.h"

#include <algorithm>
#include <cstdlib>

#include "absl/container/btree_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/overloaded.h"
#include "base/status_macros.h"
#include "domain/ids.h"
#include "domain/limits.h"

namespace reskontra {

namespace {

// The ISO 6523 schemes (ICD) the ledger takes, each checked as Peppol checks it: the Swedish
// organisation number (0007), GLN (0088) and the Norwegian organisation number (0192).
constexpr absl::string_view kSchemes[] = {"0007", "0088", "0192"};

// Brønnøysund's organisation number: 9 digits, MOD11 with weights 3 2 7 6 5 4 3 2.
bool NorwegianOrgNumberValid(absl::string_view n) {
  if (n.size() != 9 || !std::all_of(n.begin(), n.end(), [](char c) { return absl::ascii_isdigit(c); }))
    return false;
  constexpr int kWeights[] = {3, 2, 7, 6, 5, 4, 3, 2};
  int sum = 0;
  for (int i = 0; i < 8; ++i) sum += (n[i] - '0') * kWeights[i];
  const int check = (11 - sum % 11) % 11;
  return check != 10 && check == n[8] - '0';
}

bool AllDigits(absl::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return absl::ascii_isdigit(c); });
}

// The GS1 check digit (GLN): weights 3 and 1 from the right, the check digit excluded.
bool GlnValid(absl::string_view gln) {
  if (gln.size() != 13 || !AllDigits(gln)) return false;
  int sum = 0;
  for (int i = 11, w = 3; i >= 0; --i, w = 4 - w) sum += (gln[i] - '0') * w;
  return (10 - sum % 10) % 10 == gln[12] - '0';
}

bool OrgNumberValid(absl::string_view n) { return n.size() == 10 && AllDigits(n) && LuhnValid(n); }

std::pair<std::string, std::string> SplitPeppolId(absl::string_view id) {
  std::pair<std::string, std::string> parts = absl::StrSplit(id, absl::MaxSplits(':', 1));
  return parts;
}

// What was paid of the invoice as issued before it was sent (PrepaidAmount). Credits are not
// payments: they go to the buyer as credit notes of their own.
Money PaidBefore(const Invoice& inv, Money total) {
  if (!total.is_positive()) return Money();
  return std::clamp(inv.paid_capital, Money(), total);
}

constexpr char kExempt[] = "Undantagen från skatteplikt enligt mervärdesskattelagen";
constexpr char kOutOfScope[] = "Dröjsmålsränta och förseningsersättning är inte föremål för mervärdesskatt";
constexpr char kNotSubject[] = "Inte föremål för mervärdesskatt";

// An invoice's VAT category at a rate: S, or at 0 % E (exempt), or O (not subject to VAT) on a
// räntefaktura and on an invoice whose lines are outside the scope of VAT.
char VatCategory(int32_t bp, bool not_subject) {
  const char zero_category = not_subject ? 'O' : 'E';
  return bp == 0 ? zero_category : 'S';
}

// The invoice's lines per VAT rate, as booked (rounded once per rate).
struct RateSum {
  Money net, vat;
};
using RateSums = absl::btree_map<int32_t, RateSum>;

// The seller: the company, with its Peppol participant id (default 0007:<org nr>).
absl::Status SetSeller(const Company& co, const CompanyDetailsSet& details, EInvoiceParty& seller) {
  // Ten digits, also for a company registered with the twelve-digit form (16 + ten).
  const std::string org_number = OrganisationNumber10(co.org_number);
  if (!OrgNumberValid(org_number))
    return absl::FailedPreconditionError(absl::StrCat("the company's organisation number '", co.org_number,
                                                      "' is not a valid Swedish one: no e-invoice"));
  const std::string seller_id =
      details.peppol_id.empty() ? absl::StrCat("0007:", org_number) : details.peppol_id;
  std::tie(seller.endpoint_scheme, seller.endpoint_id) = SplitPeppolId(seller_id);
  seller.name = co.name;
  seller.street = details.street;
  seller.postal_code = details.postal_code;
  seller.city = details.city;
  seller.country = details.country.empty() ? "SE" : details.country;
  seller.legal_id = org_number;
  seller.f_skatt = details.f_skatt;
  seller.contact_email = details.email;
  seller.contact_phone = details.phone;
  return absl::OkStatus();
}

// The buyer: the customer, who must have a Peppol participant id.
absl::Status SetBuyer(const Customer& cu, EInvoiceParty& buyer) {
  const CustomerDetails& who = cu.details;
  if (who.peppol_id.empty())
    return absl::FailedPreconditionError(
        absl::StrCat("customer ", cu.number,
                     " has no Peppol participant id (e-faktura-adress): set it on the "
                     "customer (customer change --peppol-id 0007:…) before sending e-invoices"));
  std::tie(buyer.endpoint_scheme, buyer.endpoint_id) = SplitPeppolId(who.peppol_id);
  buyer.name = who.name;
  buyer.street = who.street;
  buyer.postal_code = who.postal_code;
  buyer.city = who.city;
  buyer.country = who.country.empty() ? "SE" : who.country;
  // (A buyer's number as given: an e-invoice made before must render to the same bytes again.)
  if (who.kind != CustomerKind::kPerson && OrgNumberValid(who.national_id)) buyer.legal_id = who.national_id;
  buyer.contact_email = who.email;
  return absl::OkStatus();
}

// An invoice: its lines and VAT as issued, and what was paid before it was sent.
void SetInvoiceLines(const Invoice& inv, const std::string& number, const InvoiceIssued& issued,
                     const RateSums& per_rate, Money total, bool interest, bool not_subject, EInvoice& out) {
  out.id = number;
  out.issue_date = inv.invoice_date;
  out.due_date = inv.due_date;
  int id = 0;
  for (const InvoiceLine& l : issued.lines)
    out.lines.push_back(EInvoiceLine{absl::StrCat(++id), l.description, l.net, l.vat_rate_bp,
                                     VatCategory(l.vat_rate_bp, not_subject)});
  for (const auto& [bp, s] : per_rate)
    out.vat.push_back(EInvoiceVat{VatCategory(bp, not_subject), bp, s.net, s.vat, ""});
  out.prepaid = PaidBefore(inv, total);
  if (interest)
    out.note = "Räntefaktura: dröjsmålsränta enligt räntelagen på belopp betalda efter förfallodagen.";
}

// A part of an invoice credited: `amount` (VAT included) over the invoice's rates in proportion
// to their share of `total`, one line per rate; the last öre to the largest rate.
absl::Status SpreadPartialCredit(const std::string& number, Money amount, const RateSums& per_rate,
                                 Money total, bool not_subject, EInvoice& out) {
  if (!total.is_positive())
    return absl::FailedPreconditionError(
        absl::StrCat("invoice ", number, " has no amount to credit a part of"));
  int32_t largest = per_rate.begin()->first;
  for (const auto& [bp, s] : per_rate)
    if (std::abs((s.net + s.vat).ore()) >
        std::abs((per_rate.at(largest).net + per_rate.at(largest).vat).ore()))
      largest = bp;
  Money spread;
  absl::btree_map<int32_t, Money> gross;
  for (const auto& [bp, s] : per_rate) {
    // amount × this rate's gross / the invoice's total, to the öre (half away from zero).
    const __int128 num = static_cast<__int128>(amount.ore()) * (s.net + s.vat).ore();
    const __int128 den = total.ore();
    __int128 q = num / den, r = num % den;
    if (2 * (r < 0 ? -r : r) >= den) q += num < 0 ? -1 : 1;
    gross[bp] = Money::FromOre(static_cast<int64_t>(q));
    spread += gross[bp];
  }
  gross[largest] += amount - spread;
  int id = 0;
  for (const auto& [bp, g] : gross) {
    // The net of a gross at the rate: gross × 10000 / (10000 + rate), to the öre.
    const __int128 num = static_cast<__int128>(g.ore()) * 10000;
    const __int128 den = 10000 + bp;
    __int128 q = num / den, r = num % den;
    if (2 * (r < 0 ? -r : r) >= den) q += num < 0 ? -1 : 1;
    const Money net = Money::FromOre(static_cast<int64_t>(q));
    out.lines.push_back(
        EInvoiceLine{absl::StrCat(++id),
                     bp == 0 ? absl::StrCat("Kreditering av faktura ", number)
                             : absl::StrCat("Kreditering av faktura ", number, ", moms ", bp / 100, " %"),
                     net, bp, VatCategory(bp, not_subject)});
    out.vat.push_back(EInvoiceVat{VatCategory(bp, not_subject), bp, net, g - net, ""});
  }
  return absl::OkStatus();
}

// A credit note: the credit's amount (VAT included) over the invoice's rates in proportion to
// their share; the last öre to the largest rate. A negative invoice (`credit` null) is its own
// credit note.
absl::Status SetCreditNoteLines(const Invoice& inv, const std::string& number, const DocumentProduced& d,
                                const InvoiceIssued& issued, const InvoiceCredited* credit,
                                Money credited_before, const RateSums& per_rate, Money total,
                                bool not_subject, EInvoice& out) {
  out.credit_note = true;
  const Money amount = credit != nullptr ? credit->amount : -total;
  out.id = credit != nullptr && !credit->credit_note_number.empty()
               ? credit->credit_note_number
               : (credit != nullptr ? absl::StrCat(number, "-K", d.source_position) : number);
  out.issue_date = credit != nullptr ? d.date : inv.invoice_date;
  if (credit != nullptr) {
    out.billing_reference = number;
    out.billing_reference_date = inv.invoice_date;
    out.note = credit->remark.empty() ? absl::StrCat("Kreditering av faktura ", number)
                                      : absl::StrCat("Kreditering av faktura ", number, ": ", credit->remark);
  }
  // A credit beyond what is left of the invoice as issued credits fees or interest too, which a
  // credit note of the invoice's VAT rates cannot carry (they are not subject to VAT).
  if (credit != nullptr && amount > total - credited_before)
    return absl::FailedPreconditionError(
        absl::StrCat("the credit of ", amount.ToKronor(), " kr is more than is left of invoice ", number,
                     " as issued (", (total - credited_before).ToKronor(),
                     " kr): it credits fees or interest too, which are not subject to VAT; send it on paper "
                     "(invoice credit-note)"));
  const bool whole = credit == nullptr || (credited_before.is_zero() && amount == total);
  if (!whole) return SpreadPartialCredit(number, amount, per_rate, total, not_subject, out);
  const int sign = credit == nullptr ? -1 : 1;
  int id = 0;
  for (const InvoiceLine& l : issued.lines)
    out.lines.push_back(EInvoiceLine{absl::StrCat(++id), l.description, sign < 0 ? -l.net : l.net,
                                     l.vat_rate_bp, VatCategory(l.vat_rate_bp, not_subject)});
  for (const auto& [bp, s] : per_rate)
    out.vat.push_back(EInvoiceVat{VatCategory(bp, not_subject), bp, sign < 0 ? -s.net : s.net,
                                  sign < 0 ? -s.vat : s.vat, ""});
  return absl::OkStatus();
}

// The reasons of VAT categories E and O, and the seller's VAT number: none on an invoice not
// subject to VAT (BR-O-02); every other one states it (BR-S-02, BR-E-02), as the company
// registered it.
absl::Status SetVatReasonsAndNumber(const CompanyDetailsSet& details, bool interest, EInvoice& out) {
  for (EInvoiceVat& v : out.vat)
    if (v.category == 'E')
      v.exemption_reason = kExempt;
    else if (v.category == 'O')
      v.exemption_reason = interest ? kOutOfScope : kNotSubject;
  const bool out_of_scope =
      std::any_of(out.vat.begin(), out.vat.end(), [](const EInvoiceVat& v) { return v.category == 'O'; });
  if (!out_of_scope) {
    if (details.vat_number.empty())
      return absl::FailedPreconditionError(
          "the company has no VAT number (momsregistreringsnummer): set it (company details --vat-number "
          "SE…01) before sending e-invoices");
    out.seller.vat_number = details.vat_number;
  }
  return absl::OkStatus();
}

// Payment, on an invoice with something to pay: the bankgiro and the OCR reference, or an IBAN.
void SetPaymentMeans(const Company& co, const Invoice& inv, EInvoice& out) {
  if (!out.credit_note && out.payable.is_positive()) {
    out.payment_id = inv.ocr_reference;
    if (co.payment_settings && !co.payment_settings->bankgiro.empty()) {
      out.payment_means_code = "30";
      out.payee_account = co.payment_settings->bankgiro;
      out.payee_branch = "SE:BANKGIRO";
    } else if (co.payment_settings) {
      for (const std::string& account : co.payment_settings->bank_accounts)
        if (account.size() > 2 && absl::ascii_isalpha(account[0]) && absl::ascii_isalpha(account[1])) {
          out.payment_means_code = "58";
          out.payee_account = account;
          break;
        }
    }
    out.payment_terms =
        absl::StrCat("Betalas senast ", FormatDate(inv.due_date),
                     ". Vid betalning efter förfallodagen debiteras dröjsmålsränta enligt räntelagen.");
  }
}

}  // namespace

absl::Status ValidatePeppolId(absl::string_view id) {
  if (id.empty()) return absl::OkStatus();
  const auto [scheme, value] = SplitPeppolId(id);
  if (value.empty() || scheme.size() != 4 || !AllDigits(scheme))
    return absl::InvalidArgumentError(absl::StrCat(
        "Peppol participant id '", id, "' is not <scheme>:<id>, e.g. 0007:5566778899 (organisationsnummer)"));
  if (std::find(std::begin(kSchemes), std::end(kSchemes), scheme) == std::end(kSchemes))
    return absl::InvalidArgumentError(
        absl::StrCat("Peppol participant id '", id, "': scheme ", scheme, " is not one the ledger knows"));
  if (value.size() > static_cast<size_t>(limits::kPeppolIdMax) ||
      std::any_of(value.begin(), value.end(), [](char c) {
        return static_cast<unsigned char>(c) <= ' ' || static_cast<unsigned char>(c) >= 0x7f;
      }))
    return absl::InvalidArgumentError(absl::StrCat("Peppol participant id '", id, "': the id is 1..",
                                                   limits::kPeppolIdMax, " characters, no spaces"));
  if (scheme == "0007" && !OrgNumberValid(value))
    return absl::InvalidArgumentError(
        absl::StrCat("Peppol participant id '", id, "': ", value,
                     " is not a Swedish organisation number (10 digits, check digit)"));
  if (scheme == "0192" && !NorwegianOrgNumberValid(value))
    return absl::InvalidArgumentError(
        absl::StrCat("Peppol participant id '", id, "': ", value,
                     " is not a Norwegian organisation number (9 digits, MOD11)"));
  if (scheme == "0088" && !GlnValid(value))
    return absl::InvalidArgumentError(
        absl::StrCat("Peppol participant id '", id, "': ", value, " is not a GLN (13 digits, check digit)"));
  return absl::OkStatus();
}

absl::Status ValidateSwedishVatNumber(absl::string_view vat) {
  if (vat.empty()) return absl::OkStatus();
  if (vat.size() != 14 || !absl::StartsWith(vat, "SE") || !absl::EndsWith(vat, "01") ||
      !OrgNumberValid(vat.substr(2, 10)))
    return absl::InvalidArgumentError(absl::StrCat(
        "VAT number '", vat, "' is not SE + a 10-digit organisation number + 01, e.g. SE556677889901"));
  return absl::OkStatus();
}

absl::StatusOr<EInvoice> EInvoiceFor(const Company& co, const Customer& cu, const Invoice& inv,
                                     const DocumentProduced& d, const std::vector<Event>& events) {
  const std::string number = FormatInvoiceNumber(inv.number);
  const bool interest = inv.is_interest_invoice;
  const InvoiceIssued* issued = nullptr;
  const InvoiceCredited* credit = nullptr;
  for (const Event& e : events) {
    if (const auto* i = std::get_if<InvoiceIssued>(&e.body); i && i->invoice_number == inv.number) issued = i;
    if (d.kind == ProducedDocument::kEInvoiceCreditNote)
      if (const auto* c = std::get_if<InvoiceCredited>(&e.body); c && c->invoice_number == inv.number)
        credit = c;
  }
  if (issued == nullptr)
    return absl::DataLossError(
        absl::StrCat("the events of invoice ", number, " do not say what it invoiced"));
  if (d.kind == ProducedDocument::kEInvoiceCreditNote && credit == nullptr)
    return absl::NotFoundError(
        absl::StrCat("invoice ", number, " has no credit at position ", d.about_position));
  if (d.kind == ProducedDocument::kEInvoice && inv.status == InvoiceStatus::kAnnulled)
    return absl::FailedPreconditionError(absl::StrCat("invoice ", number, " is annulled: no e-invoice"));
  // The credits before the one a credit note is of (it is the last in `events`).
  Money credited_before;
  for (const Event& e : events)
    if (const auto* c = std::get_if<InvoiceCredited>(&e.body);
        c && c->invoice_number == inv.number && c != credit)
      credited_before += c->amount;

  EInvoice out;
  // The seller.
  const CompanyDetailsSet details = co.details.value_or(CompanyDetailsSet{});
  RETURN_IF_ERROR(SetSeller(co, details, out.seller));
  // The buyer.
  RETURN_IF_ERROR(SetBuyer(cu, out.buyer));
  // References: Peppol wants the buyer's reference or an order number (PEPPOL-EN16931-R003).
  const InvoiceAttributes& a = inv.attributes;  // as issued, or as changed since
  out.buyer_reference = a.buyer_reference;
  out.order_reference = a.order_reference;
  if (out.buyer_reference.empty() && out.order_reference.empty())
    return absl::FailedPreconditionError(
        absl::StrCat("invoice ", number,
                     " has neither the buyer's reference (Er referens) nor an order number: "
                     "Peppol requires one (PEPPOL-EN16931-R003)"));
  out.currency =
      co.payment_settings && !co.payment_settings->currency.empty() ? co.payment_settings->currency : "SEK";

  // The lines, with the invoice's VAT as booked (rounded once per rate).
  RateSums per_rate;
  Money total;
  for (const InvoiceLine& l : issued->lines) {
    per_rate[l.vat_rate_bp].net += l.net;
    per_rate[l.vat_rate_bp].vat += l.vat;
    total += l.net + l.vat;
  }
  if (per_rate.contains(0) && per_rate.size() > 1 && interest)
    return absl::FailedPreconditionError(absl::StrCat(
        "räntefaktura ", number, " mixes VAT rates: an invoice not subject to VAT has only that"));
  // Lines outside the scope of VAT make the invoice so (category O), and an e-invoice may not mix
  // them with other lines (EN 16931 BR-O-11 to BR-O-14).
  const size_t outside = std::count_if(issued->lines.begin(), issued->lines.end(),
                                       [](const InvoiceLine& l) { return l.outside_vat_scope; });
  if (outside != 0 && outside != issued->lines.size())
    return absl::FailedPreconditionError(absl::StrCat(
        "invoice ", number,
        " has lines outside the scope of VAT beside other lines: an e-invoice cannot mix them (EN 16931 "
        "BR-O-11); send it on paper, or invoice them apart"));
  const bool not_subject = interest || outside != 0;

  if (d.kind == ProducedDocument::kEInvoice && !total.is_negative()) {
    SetInvoiceLines(inv, number, *issued, per_rate, total, interest, not_subject, out);
  } else {
    RETURN_IF_ERROR(SetCreditNoteLines(inv, number, d, *issued, credit, credited_before, per_rate, total,
                                       not_subject, out));
  }
  RETURN_IF_ERROR(SetVatReasonsAndNumber(details, interest, out));
  for (const EInvoiceLine& l : out.lines) out.line_total += l.net;
  out.tax_exclusive = out.line_total;
  for (const EInvoiceVat& v : out.vat) out.tax += v.tax;
  out.tax_inclusive = out.tax_exclusive + out.tax;
  out.payable = out.tax_inclusive - out.prepaid;

  SetPaymentMeans(co, inv, out);
  out.file_stem = out.credit_note && credit != nullptr
                      ? absl::StrCat(number, "-kreditnota-", d.about_position)
                      : absl::StrCat(number, "-efaktura");
  return out;
}

}  // namespace reskontra
