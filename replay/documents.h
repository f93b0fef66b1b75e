// The documents of past commands, rebuilt from the journal: each from the state the ledger had
// just after its command, so a reprint is the same document whenever it is asked for.
#ifndef RESKONTRA_REPLAY_DOCUMENTS_H_
#define RESKONTRA_REPLAY_DOCUMENTS_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/documents.h"
#include "domain/einvoice.h"
#include "journal/journal.h"
#include "projections/reskontra.h"

namespace reskontra {

// The letters of the company's dunning run on `run_date` made for `routine` (0: for all
// routines), or of every run that day when `routine` is nullopt; in journal order, as the
// kontrollista. Folds the journal up to `up_to`. NOT_FOUND when no such run was made; an empty
// list when it sent no letter. `invoices`: the claims of the letters, in their order.
absl::StatusOr<std::vector<DocumentContent>> DunningRunLetters(
    const Journal& journal, uint64_t up_to, CompanyId company, Date run_date, std::optional<int32_t> routine,
    std::vector<InvoiceNumber>* invoices = nullptr);

// The state after record `position`: the nearest projection snapshot at or before it and the
// records after that, or a fold from the first record when there is no snapshot.
absl::StatusOr<LedgerState> StateAt(const ReskontraProjection& projection, const Journal& journal,
                                    uint64_t position);

// What InvoiceDocument (domain/documents.h) reads besides the state: the invoice's stream up to
// `up_to`, and the PaymentReceived of each payment allocated to it.
absl::StatusOr<std::vector<Event>> InvoiceDocumentEvents(const Journal& journal, CompanyId company,
                                                         InvoiceNumber n, uint64_t up_to);

// The invoice document `d` describes, from the company, customer and invoice as they were after
// record d.source_position (records up to there must be durable: the events are read here). A
// credit note's or annulment notice's record must be that change of this invoice (NOT_FOUND).
absl::StatusOr<DocumentContent> InvoiceDocumentAt(const Journal& journal, const Company& company,
                                                  const Customer& customer, const Invoice& invoice,
                                                  const DocumentProduced& d);

// The e-invoice `d` describes (kEInvoice, kEInvoiceCreditNote: domain/einvoice.h) of `invoice`,
// from the company, customer and invoice as they were after d.source_position; a credit note of
// the credit at d.about_position, which must be a credit of this invoice (NOT_FOUND).
absl::StatusOr<EInvoice> EInvoiceAt(const Journal& journal, const Company& company, const Customer& customer,
                                    const Invoice& invoice, const DocumentProduced& d);

// The e-invoices of a recorded DocumentProduced, made again from the state at its position.
absl::StatusOr<std::vector<EInvoice>> ReproduceEInvoices(const ReskontraProjection& projection,
                                                         const Journal& journal, CompanyId company,
                                                         const DocumentProduced& d);

// The amortisation plan document `d` describes: the plan established by record d.source_position,
// with the claims as they stood just after it (StateAt). NOT_FOUND when that record is not a plan.
absl::StatusOr<DocumentContent> PlanDocumentAt(const ReskontraProjection& projection, const Journal& journal,
                                               CompanyId company, const DocumentProduced& d);

// The contents of a recorded document, made again from the journal: a run's letters (folded
// from the first record, each from the state just after its run) or an invoice document (from
// the state at its position: StateAt).
absl::StatusOr<std::vector<DocumentContent>> ReprintContents(const ReskontraProjection& projection,
                                                             const Journal& journal, CompanyId company,
                                                             const DocumentProduced& d);

}  // namespace reskontra

#endif  // RESKONTRA_REPLAY_DOCUMENTS_H_
