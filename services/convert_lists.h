// The printable lists (issue 25): the answers of the kontrollista (RunDunning as a dry run) and
// the inbetalningslista (PaymentList) as a ListContent for documents/pdf.h, so that the printed
// list shows what the API answers and nothing computed twice.
#ifndef RESKONTRA_SERVICES_CONVERT_LISTS_H_
#define RESKONTRA_SERVICES_CONVERT_LISTS_H_

#include <string>

#include "domain/documents.h"
#include "services/convert.h"

namespace reskontra {

// The letters a run would send, with their claims, fees and interest, the plans it would end and
// the claims a credit balance covers. `company`: the company's name; `today` dates the list
// when the run date does not parse.
ListContent KontrollistaList(const pb::DunningReceipt& r, const std::string& company, Date today);

// The ledger actions selected by `q`, with what was selected, the totals per day and method and
// a note when the answer was cut at its row limit.
ListContent InbetalningsList(const pb::PaymentListRequest& q, const pb::PaymentListResponse& r, Date today);

}  // namespace reskontra

#endif  // RESKONTRA_SERVICES_CONVERT_LISTS_H_
