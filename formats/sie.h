// SIE 4: the Swedish standard file of verifikationer and balances that accounting software
// (Fortnox, Visma, …) imports. Written from the postings the domain decides
// (domain/postings.h); the encoding is IBM code page 437, as #FORMAT PC8 asks.
//
//   std::string file = Sie4(company, verifikationer, from, to, today);
#ifndef RESKONTRA_FORMATS_SIE_H_
#define RESKONTRA_FORMATS_SIE_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "domain/date.h"
#include "domain/postings.h"
#include "domain/state.h"

namespace reskontra {

// SIE 4 (typ 4, PC8 = code page 437) of one company's verifikationer dated from..to, within one
// fiscal year (#RAR: the calendar year of `to`). #IB are the balance accounts' balances at the
// start of `from` (the year's opening balances when `from` is 1 January), #UB at the end of
// `to`, #RES the result accounts' movements from..to: for part of a year the file still adds
// up, #IB + its #TRANS = #UB for every account. Readable by Swedish accounting software
// (Fortnox, Visma, …) as an import of verifikationer.
std::string Sie4(const Company& company, const std::vector<Verifikation>& verifikationer, Date from, Date to,
                 Date generated);
// UTF-8 to IBM code page 437, as SIE's #FORMAT PC8 asks; what it lacks becomes '?'.
std::string Utf8ToPc8(absl::string_view utf8);

}  // namespace reskontra

#endif  // RESKONTRA_FORMATS_SIE_H_
