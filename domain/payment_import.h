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

// Payment keys: a payment delivered again is recognised by its identity, whatever the format
// (BgMax and camt.054 of the same days in the transition months, camt.053 beside camt.054,
// OCR giro beside CREMUL). Per company:
//   R|family|bank reference        the bank's own reference within its scheme: BgMax's BGC serial
//                                  number, camt's AcctSvcrRef, OCR giro's archive reference,
//                                  CREMUL's RFF+ACK;
//   P|family|date|öre|references   every booked payment (its references sorted);
//   U|family|other|date|öre|refs   a payment of `family` matched by one of `other`;
//   M|family|message id            a camt message, a CREMUL interchange, an OCR giro transmission.
// "family" is the scheme of the references: CAMT for camt.053 and camt.054, BGMAX, OCRGIRO,
// CREMUL. A payment was delivered before if its family knows it (its R key; without a bank
// reference its P key, counted, so that two equal payments of one day are two payments), or
// another family has a P key for it that no payment of this family has matched yet (U). A
// payment found through another family leaves its R key (or P key) and the U key, so that its
// own family knows it from then on. Files imported before payment keys existed have none.
//
// FAILED_PRECONDITION: no payment settings, a test file, another bankgiro or account, another
// currency, a file, message, deposit or payment read before (unless confirm_resend: then only
// the payments not booked before are booked, and PaymentFileImported lists the skipped ones);
// INVALID_ARGUMENT: no deposit, a bad fingerprint.
absl::StatusOr<std::vector<Event>> DecideImport(const LedgerState& state, const CommandMeta& meta,
                                                const ImportPaymentFile& command, const DecideContext& ctx);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_PAYMENT_IMPORT_H_
