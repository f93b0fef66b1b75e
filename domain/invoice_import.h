// The import of an invoice file from a billing system (issue 26): one command whose events are
// the file's receipt (InvoiceFileImported, first), the customers it registers or changes, and
// every invoice it issues, decided by the same rules as one IssueInvoice each. All or nothing.
//
//   ASSIGN_OR_RETURN(std::vector<Event> events, DecideInvoiceImport(state, meta, command, ctx));
#ifndef RESKONTRA_DOMAIN_INVOICE_IMPORT_H_
#define RESKONTRA_DOMAIN_INVOICE_IMPORT_H_

#include <vector>

#include "absl/status/statusor.h"
#include "domain/commands.h"
#include "domain/decide.h"
#include "domain/events.h"
#include "domain/state.h"

namespace reskontra {

// An invoice without a number gets the next free number of its routine: one above the highest
// number the company has used in the routine (in the ledger, archived, or given in the file),
// handbook 9.1. A customer the ledger does not know is registered from the file's details; one
// it knows is changed when the file's details differ. INVALID_ARGUMENT naming each refused
// invoice or customer by the file's line (the first 50): an unknown customer without details,
// a number or OCR reference in use, a billing system's id (kalla_id) a file of the routine
// brought before, a routine with no numbers left, and whatever IssueInvoice
// refuses. FAILED_PRECONDITION: the same file imported before.
absl::StatusOr<std::vector<Event>> DecideInvoiceImport(const LedgerState& state, const CommandMeta& meta,
                                                       const ImportInvoiceFile& command,
                                                       const DecideContext& ctx);

// Peppol Invoice Responses (ApplyInvoiceResponses): DunningCodeAssigned (UQ, RE), DunningCodeRemoved
// (AP, CA, PD of a held claim) and a NoteAdded with the code, date and reason on each claim. A
// claim with another kravkod keeps it (the response is noted). INVALID_ARGUMENT naming each
// response by its line: an ID that is not one of the company's invoices, an unknown code; the
// hold code not defined by the company. ALREADY_EXISTS: acknowledgements only.
absl::StatusOr<std::vector<Event>> DecideInvoiceResponses(const LedgerState& state, const CommandMeta& meta,
                                                          const ApplyInvoiceResponses& command,
                                                          const DecideContext& ctx);

// The next free invoice number of `routine` in the company: one above the highest used.
absl::StatusOr<InvoiceNumber> NextInvoiceNumber(const LedgerState& state, CompanyId company, int32_t routine);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_INVOICE_IMPORT_H_
