// What a document the ledger sends says: a pure DocumentContent built from the state and the
// events (the domain decides the words and the amounts; documents/ only draws them). A document
// is a function of the state at its event and its inputs, never of the clock, so rendering it
// again from the same journal positions gives the same bytes (issue 25).
//
//   ASSIGN_OR_RETURN(DocumentContent d, DunningLetterDocument(state, company, letter, meta));
//   ASSIGN_OR_RETURN(std::string pdf, RenderPdf({d}));   // documents/pdf.h
#ifndef RESKONTRA_DOMAIN_DOCUMENTS_H_
#define RESKONTRA_DOMAIN_DOCUMENTS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/commands.h"
#include "domain/decide.h"
#include "domain/dunning.h"
#include "domain/events.h"
#include "domain/state.h"

namespace reskontra {

// Betalningstid: the days a letter gives to pay. Inkassolagen 5 § asks for a reasonable time,
// at least eight days (Integritetsskyddsmyndigheten's practice); ten for every letter here.
inline constexpr int32_t kLetterPaymentDays = 10;

enum class DocumentKind : uint8_t {
  kReminder1,         // påminnelse
  kReminder2,         // påminnelse 2
  kCollectionDemand,  // inkassokrav (KRAVBREV)
  kResidualDemand,    // restkrav
  kThreat,            // hot om betalningsföreläggande
  kInvoiceCopy,       // fakturakopia
  kReplacement,       // ersättningsfaktura
  kInterestInvoice,   // räntefaktura (a copy of one)
  kInvoice,           // faktura or räntefaktura as sent
  kCreditNote,        // kreditfaktura
  kAnnulmentNotice,   // annulleringsbesked
  kAmortisationPlan,  // amorteringsplan
};

struct DocumentParty {
  std::string name;
  std::vector<std::string> address;  // street, postal code and city, country (when not Sweden)
  std::string org_number;            // formatted, "" when not printed
  friend bool operator==(const DocumentParty&, const DocumentParty&) = default;
};
struct DocumentField {  // "Kundnummer: 10001"
  std::string label, value;
  friend bool operator==(const DocumentField&, const DocumentField&) = default;
};
struct DocumentRow {  // a row of the amounts table
  std::string text;
  std::string detail;  // smaller, under the text ("" when none)
  Money amount;
  friend bool operator==(const DocumentRow&, const DocumentRow&) = default;
};
struct PaymentInstruction {  // what a Swedish payer needs
  std::string bankgiro;      // formatted: 991-2346
  std::string ocr;
  Money amount;
  Date due;
  std::string qr;  // the payment QR code's text (PaymentQr), "" for none
  friend bool operator==(const PaymentInstruction&, const PaymentInstruction&) = default;
};

struct DocumentContent {
  DocumentKind kind = DocumentKind::kReminder1;
  std::string title;  // PÅMINNELSE, KRAVBREV …
  Date date;          // the document's date: also its PDF creation date
  DocumentParty sender, recipient;
  std::vector<DocumentField> fields;
  std::vector<std::string> before;  // paragraphs above the table
  std::vector<DocumentRow> rows;
  std::string total_label;
  Money total;
  std::vector<std::string> after;  // paragraphs below the table
  std::optional<PaymentInstruction> payment;
  std::string footer;
  std::string file_stem;  // the name of its own file, without ".pdf": "010009001-paminnelse"
  friend bool operator==(const DocumentContent&, const DocumentContent&) = default;
};

// The letter of a dunning run for one claim: `state` is the ledger just after the run's command
// (so the fees it charged are on the claim), `meta` the letter event's (its date and handläggare).
absl::StatusOr<DocumentContent> DunningLetterDocument(const LedgerState& state, CompanyId company,
                                                      const DunningStepIssued& letter, const EventMeta& meta);

// A document about one invoice, from the company, customer and invoice as they were after
// record `d.source_position`, and `events`: the invoice's stream up to that position with the
// PaymentReceived of every payment allocated to it. `d.kind` is
// - kInvoiceCopy: the invoice as issued, and what is left of it (an interest invoice prints as
//   RÄNTEFAKTURA – KOPIA);
// - kInvoices: the invoice as sent (FAKTURA or RÄNTEFAKTURA, dated its invoice date), one of
//   the print file's `d.invoices`;
// - kReplacementInvoice: ersättningsfaktura, handbook 6.3: the remaining amount with the
//   payments, credits and other changes listed;
// - kCreditNote / kAnnulmentNotice: kreditfaktura / annulleringsbesked of the invoice's last
//   InvoiceCredited / InvoiceAnnulled in `events` (the record at d.source_position), dated its
//   effective date, with what is left to pay after it.
// `d.date` is the document's date (a copy's) and `d.handler` the handläggare printed.
// FAILED_PRECONDITION: a replacement for an invoice with nothing left to pay, whose due date has
// passed (the handbook: move the due date first), or that was handed to a collection agency (a
// copy of such a claim carries no payment slip).
absl::StatusOr<DocumentContent> InvoiceDocument(const Company& company, const Customer& customer,
                                                const Invoice& invoice, const DocumentProduced& d,
                                                const std::vector<Event>& events);

// OK when the invoice may be printed on `date`; FAILED_PRECONDITION when the kravkod in force
// on it says Ej faktura (handbook: no invoice is printed, the claim is in the ledger all the same).
absl::Status InvoicePrintable(const Company& company, const Invoice& invoice, Date date);

// The amortisation plan `plan`, established on `established`, as a document to the customer
// (handbook 7.18): the claims and their balances in `state` just after the plan (the record at
// d.source_position), the outside claims, the instalments with their fees, interest and capital,
// the interest rule, what happens when an instalment is missed, and the first instalment to pay.
absl::StatusOr<DocumentContent> PlanDocument(const LedgerState& state, CompanyId company,
                                             const AmortizationPlanEstablished& plan, Date established,
                                             const DocumentProduced& d);

// A printable list (kontrollista, inbetalningslista): not sent to anyone, so not recorded;
// documents/ draws it as an A4 landscape table with its heading on every page.
struct ListColumn {
  std::string label;
  bool right = false;  // amounts and numbers
  int weight = 1;      // its share of the width
  friend bool operator==(const ListColumn&, const ListColumn&) = default;
};
struct ListContent {
  std::string title;                 // KONTROLLISTA …
  std::string company;               // the company's name ("" for several)
  Date date;                         // the list's date, also its PDF date
  std::vector<std::string> heading;  // what was selected, a line each
  std::vector<ListColumn> columns;
  struct Row {
    std::vector<std::string> cells;  // a cell per column
    bool subtotal = false;           // in bold, with a rule above
    friend bool operator==(const Row&, const Row&) = default;
  };
  std::vector<Row> rows;
  std::vector<std::string> totals;  // the last row, in bold (empty: none)
  std::vector<std::string> notes;   // below the table
  friend bool operator==(const ListContent&, const ListContent&) = default;
};

// The text of the payment QR code the Swedish banks' apps read (the UsingQR format, version 1:
// JSON with the payee, the OCR, the invoice date, the amount, the due date and the bankgiro).
std::string PaymentQr(const DocumentParty& sender, const PaymentInstruction& payment, Date invoice_date);

// The register a step's letter takes its text from (reminder 1 and 2 share the reminder texts).
LetterTextKind LetterTextKindOf(DunningStep step);
// The placeholders a text may use, filled in on each letter: {betala_senast} (the day to pay
// by), {fakturanummer} and {företag}. OK, or INVALID_ARGUMENT naming the row and what does not
// fit its kind's and form's limits (handbook 7.4-7.6, 7.9) or is not a known placeholder.
absl::Status ValidateLetterText(const LetterTextSet& text);

// RecordDocument and SetLetterText (called by Decide): the DocumentProduced and LetterTextSet
// events, their inputs checked.
absl::StatusOr<std::vector<Event>> DecideDocuments(const LedgerState& state, const CommandMeta& meta,
                                                   const CommandBody& command, const DecideContext& ctx);

// 9912346 -> "991-2346", 56781234 -> "5678-1234".
std::string FormatBankgiro(absl::string_view digits);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_DOCUMENTS_H_
