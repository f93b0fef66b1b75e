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
  friend bool operator==(const DocumentContent&, const DocumentContent&) = default;
};

// The letter of a dunning run for one claim: `state` is the ledger just after the run's command
// (so the fees it charged are on the claim), `meta` the letter event's (its date and handläggare).
absl::StatusOr<DocumentContent> DunningLetterDocument(const LedgerState& state, CompanyId company,
                                                      const DunningStepIssued& letter, const EventMeta& meta);

// 9912346 -> "991-2346", 56781234 -> "5678-1234".
std::string FormatBankgiro(absl::string_view digits);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_DOCUMENTS_H_
