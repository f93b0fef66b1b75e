#include "replay/reports.h"

#include "base/status_macros.h"

namespace reskontra {

absl::Status FoldPaymentReports(const Journal& journal, uint64_t up_to, PaymentListBuilder& builder) {
  if (up_to == 0) return absl::OkStatus();
  return journal.ScanAhead(1, up_to, [&](const JournalRecord& r) {
    builder.Add(r.position, r.event);
    return true;
  });
}

}  // namespace reskontra
