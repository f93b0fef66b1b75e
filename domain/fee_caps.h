// The statutory caps on what a debtor can be made to pay for reminders, demands and plans
// (lag (1981:739) om ersättning för inkassokostnader m.m., 4 §) and the förseningsersättning
// between businesses (4 a §), as dated configuration: each set of caps is in force from its
// date until the next. A policy or a fee above the caps in force is refused with
// FAILED_PRECONDITION naming the cap.
//
// The debtor pays for one written reminder at most (6 § makes terms that extend 2-4 §§ void):
// the charged reminder fees of one claim together stay within the reminder cap, and so do its
// collection fees within the demand cap.
#ifndef RESKONTRA_DOMAIN_FEE_CAPS_H_
#define RESKONTRA_DOMAIN_FEE_CAPS_H_

#include <span>

#include "absl/status/status.h"
#include "domain/date.h"
#include "domain/events.h"
#include "domain/money.h"

namespace reskontra {

struct StatutoryFeeCaps {
  Date effective;           // in force from this day
  Money reminder;           // skriftlig betalningspåminnelse (4 § 1)
  Money demand;             // inkassokrav (4 § 2)
  Money plan;               // upprättande av amorteringsplan (4 § 3)
  Money late_compensation;  // förseningsersättning (4 a §); zero before 2013-03-16
  const char* source;
};

// Every set of caps, oldest first.
std::span<const StatutoryFeeCaps> StatutoryFeeCapsHistory();
// The caps in force on `d` (the oldest set for a day before it).
const StatutoryFeeCaps& FeeCapsOn(Date d);

// OK when a fee of `kind` and `amount` may be charged on `on` to a claim that already carries
// `already` charged fees of the same kind; FAILED_PRECONDITION naming the cap otherwise.
// Invoice fees (fakturaavgift) are not collection costs and have no statutory cap.
absl::Status CheckFeeCap(ChargeKind kind, Money amount, Money already, Date on);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_FEE_CAPS_H_
