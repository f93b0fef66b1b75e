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

}  // namespace reskontra::limits

#endif  // RESKONTRA_DOMAIN_LIMITS_H_
