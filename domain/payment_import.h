// The import of an incoming-payments file: one command whose events say, for every payment,
// where its money went (allocated, written off or kept as a small difference, carried, the
// customer's credit balance, recovered, or the unmatched queue). The file comes in already
// read by formats/ (domain/payment_file.h); the rules are in domain/payment_import.cc.
//
//   ASSIGN_OR_RETURN(std::vector<Event> events, DecideImport(state, meta, command, ctx));
#ifndef RESKONTRA_DOMAIN_PAYMENT_IMPORT_H_
#define RESKONTRA_DOMAIN_PAYMENT_IMPORT_H_

#include <vector>

#include "absl/status/statusor.h"
#include "domain/commands.h"
#include "domain/decide.h"
#include "domain/events.h"
#include "domain/state.h"

namespace reskontra {

// FAILED_PRECONDITION: no payment settings, a test file, another bankgiro, a file or deposit
// read before (unless confirm_resend); INVALID_ARGUMENT: no deposit, a bad fingerprint.
absl::StatusOr<std::vector<Event>> DecideImport(const LedgerState& state, const CommandMeta& meta,
                                                const ImportPaymentFile& command, const DecideContext& ctx);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_PAYMENT_IMPORT_H_
