// Every limit of the domain in one place (TigerBeetle style). Limits for the wire
// (message sizes, batch depths) live in services/limits.h.
#ifndef RESKONTRA_DOMAIN_LIMITS_H_
#define RESKONTRA_DOMAIN_LIMITS_H_

#include <cstdint>

namespace reskontra::limits {

// "Högst 10 siffror varav 2 öre" (handbook §0): 99 999 999,99 kr.
inline constexpr int64_t kAmountOreMax = 9'999'999'999;
// A ledger-wide sum must stay far from int64 overflow; Money checks every operation.
// Small differences written off or kept on import: the handbook's limits are whole kronor.
inline constexpr int64_t kSmallDifferenceOreMax = 100'000;  // 1 000 kr
inline constexpr int kCompanyIdMax = 999;                   // företagsnummer: at most 3 digits
inline constexpr int64_t kInvoiceNumberMax = 999'999'999;   // fakturanummer: 9 digits
inline constexpr int64_t kInvoiceNumberMin = 1'000'000;     // routine 01 = 010000000..
inline constexpr int kCompanyNameMax = 30;
inline constexpr int kCustomerNumberMax = 20;
inline constexpr int kCustomerNameMax = 70;
inline constexpr int kAddressFieldMax = 70;
inline constexpr int kRemarkMax = 40;      // anmärkning
inline constexpr int kMethodTextMax = 15;  // inbetalningssätt text
inline constexpr int kWatchTextMax = 40;   // betalningsbevakning
inline constexpr int kAgencyGirosMax = 10;
inline constexpr int kNoteMax = 500;
inline constexpr int kActorMax = 64;
inline constexpr int kHandlerMax = 30;           // handläggare printed on a document
inline constexpr int kInvoiceAttributeMax = 70;  // förvaltning, "fakturan avser", references
inline constexpr int kPeppolIdMax = 50;          // a Peppol participant id's id part
inline constexpr int kPhoneMax = 30;
inline constexpr size_t kDocumentInvoicesMax = 1'000'000;  // claims one produced document is about
inline constexpr int kPrintInvoicesMax = 10'000;           // invoices one PrintInvoices request prints
inline constexpr int kNotPrintedListed = 100;              // invoices left out named in a receipt
inline constexpr int kCommandIdMax = 128;
inline constexpr int kCommandIdMin = 8;
inline constexpr int kLineDescriptionMax = 70;
inline constexpr int kInvoiceLinesMax = 200;
inline constexpr int kOcrDigitsMin = 2;
inline constexpr int kOcrDigitsMax = 25;
inline constexpr int kCreditNoteNumberMax = 20;
inline constexpr int kPayerNameMax = 70;
inline constexpr int kReferenceMax = 35;
// Business dates the ledger accepts (transaktionsdatum, invoice and due dates).
inline constexpr int kYearMin = 1990;
inline constexpr int kYearMax = 2099;

// Routine (rutinnummer): the first two of the invoice number's nine digits.
inline constexpr int kRoutineMax = 99;
inline constexpr int64_t kInvoicesPerRoutine = 10'000'000;  // RoutineOf(n) = n / kInvoicesPerRoutine
inline constexpr int kInvoiceNumberDigits = 9;
inline constexpr int kPostalCodeMax = 10;
// Bankgiro and agency giro numbers: 7 or 8 digits with a check digit.
inline constexpr int kBankgiroDigitsMin = 7;
inline constexpr int kBankgiroDigitsMax = 8;
inline constexpr int kBankAccountsMax = 10;  // a company's reported bank accounts
inline constexpr int kBbanDigitsMin = 7;     // a domestic account number (clearing + account)
inline constexpr int kBbanDigitsMax = 20;
inline constexpr int kIbanCharsMin = 15;  // Norway's IBAN is the shortest in use
inline constexpr int kIbanCharsMax = 34;
// BAS accounts have four digits.
inline constexpr int kAccountMin = 1000;
inline constexpr int kAccountMax = 9999;

// Kravverksamhet. The handbook gives days and fees at most three digits.
inline constexpr int kDunningCodeMax = 9;        // kravkod: one digit 1..9 (0 = none)
inline constexpr int kDunningCodeTextMax = 15;   // kravtext
inline constexpr int kDunningTextNumberMax = 9;  // the text register number of a step
// Text registers (handbook 7.4-7.6, 7.9): rows x characters of a letter's text.
inline constexpr int kLetterTextRowsMax = 15;
inline constexpr int kResidualTextRowsMax = 11;     // restkrav: room for the payment rows
inline constexpr int kInvoiceFormColumnsMax = 53;   // F: the invoice form
inline constexpr int kDatapostColumnsMax = 77;      // D: datapost, landscape A5
inline constexpr int kThreatColumnsMax = 70;        // hot om betalningsföreläggande, portrait A4
inline constexpr int kPolicyDaysMax = 999;          // step days, transfer days, interest days
inline constexpr int kFeeKronorMax = 999;           // step, plan and notification fees; the no-fee limit
inline constexpr int kLettersPerMonthMax = 2;       // letters per claim within kLetterWindowDays
inline constexpr int kDunningRunsPerMonthMax = 31;  // reminder runs of a routine a month (0: no limit)
inline constexpr int kLetterWindowDays = 30;        // "at most two reminder runs a month per claim"
inline constexpr int kDeferralMonthsMax = 3;        // anstånd: at most three months
inline constexpr int kPlanMonthsMax = 48;           // amorteringsplan
inline constexpr int kPlanGraceDaysMax = 31;
inline constexpr size_t kPlanInvoicesMax = 24;
inline constexpr size_t kPlanOutsideClaimsMax = 24;
inline constexpr int kOutsideClaimTextMax = 35;
inline constexpr size_t kPaymentOrderClaimsMax = 16;          // betalningsföreläggande
inline constexpr int64_t kPaymentOrderCostsOreMax = 999'900;  // whole kronor, four digits
inline constexpr int kAgencyNameMax = 30;                     // inkassobolag
inline constexpr size_t kArchiveKeepCodesMax = 4;             // "Ej kravkod": up to four

// Dröjsmålsränta.
inline constexpr int32_t kReferenceRateBpMin = -1'000;  // -10,00 %
inline constexpr int32_t kReferenceRateBpMax = 5'000;   // 50,00 %
inline constexpr int kRateSourceMax = 100;
inline constexpr int32_t kInterestMarginBpMax = 9'900;  // 99,0 percentage points, in steps of 0,1
inline constexpr int32_t kInterestMarginBpStep = 10;
inline constexpr int kInterestDueDaysMax = 99;  // a räntefaktura's days to pay
inline constexpr int kMinInterestKronorMax = 999;
inline constexpr int32_t kFundingRateBpMax = 10'000;  // lönsamhet: the cost of funding receivables

// Bank files (formats/).
inline constexpr int kXmlDepthMax = 40;                     // a camt message nests about 12 deep
inline constexpr size_t kPaymentFileBytesMax = 256u << 20;  // 256 MiB, one import request
inline constexpr size_t kInvoiceFileBytesMax = 256u << 20;  // an invoice file, one import request
// A file of Peppol Invoice Responses, read as one tree: a response is about 2 KB.
inline constexpr size_t kInvoiceResponseFileBytesMax = 8u << 20;
inline constexpr int kInvoiceFileRowsMax = 1'000'000;  // rows (invoice lines) of an invoice file
inline constexpr int kBankReferenceMax = 35;           // ISO 20022 Max35Text
inline constexpr int kPayerMessageMax = 420;           // three Ustrd lines of 140

}  // namespace reskontra::limits

#endif  // RESKONTRA_DOMAIN_LIMITS_H_
