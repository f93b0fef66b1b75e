// Payment reports folded from the journal (domain/reports.h holds the rules): the
// inbetalningslista and the betalningsbevakning signal list, in one pass over records 1..up_to.
// The pass reads the journal only; `finish` is called with the caller's current state (under
// whatever lock guards it) for due dates and customers.
#ifndef RESKONTRA_REPLAY_REPORTS_H_
#define RESKONTRA_REPLAY_REPORTS_H_

#include <functional>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/reports.h"
#include "domain/state.h"
#include "journal/journal.h"

namespace reskontra {

// Folds records 1..up_to into `builder`.
absl::Status FoldPaymentReports(const Journal& journal, uint64_t up_to, PaymentListBuilder& builder);

}  // namespace reskontra

#endif  // RESKONTRA_REPLAY_REPORTS_H_
