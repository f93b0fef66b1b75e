// The migration of an old ledger's open items (issue 26, item 6): an invoice file whose every
// invoice carries its balance in the old ledger (OpeningBalance). Each invoice is issued as it
// was (its number, dates, lines), and then brought to its old balance by the events of what
// happened to it, each dated when it happened: its dunning letters with their fees, the
// interest charged, and one payment of what had been paid (dated the day the old ledger says,
// or its balance day). The saldolista of the balance day is then the old ledger's; on the
// known-at axis everything is known from the migration. What a migration books is posted
// against the command's opening account (domain/postings.cc), not revenue, VAT or the bank:
// the old ledger posted those.
//
//   RETURN_IF_ERROR(ValidateMigration(command, ctx.today));
//   ASSIGN_OR_RETURN(std::vector<Event> events, OpeningEvents(scratch, meta, ctx, inv, n, day, decide));
#ifndef RESKONTRA_DOMAIN_MIGRATION_H_
#define RESKONTRA_DOMAIN_MIGRATION_H_

#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "domain/commands.h"
#include "domain/decide.h"
#include "domain/events.h"
#include "domain/invoice_file.h"
#include "domain/state.h"

namespace reskontra {

// The command's own terms: a 4-digit opening account, a balance day no later than today, and a
// CSV file every invoice of which has an opening balance, a number of its own and positive
// amounts. INVALID_ARGUMENT otherwise (an ordinary file with opening columns included).
absl::Status ValidateMigration(const ImportInvoiceFile& command, Date today);

// One row's opening balance against the invoice issued from it (`total`: its capital): every
// part open is 0..charged, something is open, the dates are in order (invoice date ≤ letters
// and payment ≤ the balance day, a reminder 2 after a reminder 1, an inkassokrav after both).
// INVALID_ARGUMENT naming the column.
absl::Status CheckOpening(const InvoiceFileInvoice& inv, Money total, Date balance_date);

// What brings invoice `number`, just issued on `scratch` from `inv`, to its old balance, applied
// to `scratch` as it is made. `decide` decides a command on `scratch` and applies its events
// (fees and interest go through ChargeFee and ChargeInterest, so the statutory caps apply).
using ScratchDecide = absl::FunctionRef<absl::StatusOr<std::vector<Event>>(CommandBody)>;
absl::StatusOr<std::vector<Event>> OpeningEvents(LedgerState& scratch, const CommandMeta& meta,
                                                 const DecideContext& ctx, const InvoiceFileInvoice& inv,
                                                 InvoiceNumber number, Date balance_date,
                                                 ScratchDecide decide);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_MIGRATION_H_
