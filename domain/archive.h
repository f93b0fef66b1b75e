// Rensning betalda fakturor (handbook 8.4) as archiving: which claims an ArchiveInvoices
// command takes. Shared by Decide and the preview (the handbook's "endast lista").
#ifndef RESKONTRA_DOMAIN_ARCHIVE_H_
#define RESKONTRA_DOMAIN_ARCHIVE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "domain/commands.h"
#include "domain/state.h"

namespace reskontra {

// The claims of `company` the command archives, by invoice number. INVALID_ARGUMENT for a
// malformed selection or a paid_before after `today`.
absl::StatusOr<std::vector<const Invoice*>> SelectForArchive(const LedgerState& state, CompanyId company,
                                                             const ArchiveInvoices& c, Date today);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_ARCHIVE_H_
