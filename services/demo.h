// A realistic demo ledger for an empty data folder: a municipality (company 1) with private
// and business customers, invoices in several billing routines, and the life of a ledger —
// payments on time and late, partial payments, an overpayment, a credit, an annulment, a
// write-off and a debit correction. Dates are relative to today; the content is fixed.
#ifndef RESKONTRA_SERVICES_DEMO_H_
#define RESKONTRA_SERVICES_DEMO_H_

#include "absl/status/status.h"
#include "core/ledger_core.h"
#include "reskontra/v1/ledger.pb.h"
#include "services/convert.h"

namespace reskontra {

// The demo's kravverksamhet: the statutory fees (agreed in the contracts), reminder 1 ten days
// after the due date (60 kr), inkassokrav fourteen days later (180 kr), plans from 1 000 kr.
pb::DunningPolicy DemoDunningPolicy();
// Dröjsmålsränta: the statutory 8 percentage points, no interest under 100 kr or for claims
// paid less than 8 days late, estates exempt, förseningsersättning, interest invoices due in 10 days.
pb::InterestPolicy DemoInterestPolicy();

// Goes through the same request conversion as the gRPC handlers.
absl::Status LoadDemoData(LedgerCore& core);

// Writes Riksbanken's published reference rates (PublishedReferenceRates) into a ledger whose
// register is empty, as ReferenceRateSet events of company 0. Idempotent by command id.
absl::Status PreloadReferenceRates(LedgerCore& core);

}  // namespace reskontra

#endif  // RESKONTRA_SERVICES_DEMO_H_
