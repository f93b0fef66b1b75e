// Projection rows: the binary form of companies, customers and invoices in the projections
// column family. A small versioned format of varints and length-prefixed strings; decoding
// hostile bytes returns DATA_LOSS. Written to disk: add fields at the end, bump kRowFormat.
//
// Keys:  "C" company(be32)                       -> Company row
//        "U" company(be32) customer number       -> Customer row
//        "I" company(be32) invoice number(be64)  -> Invoice row
//        "R"                                     -> the reference-rate register
//        "A" company(be32) invoice number(be64)  -> an archived invoice: paid_before(be32
//                                                   days) + its Invoice row as archived
//        "~checkpoint/reskontra"                 -> last applied position (be64)
#ifndef RESKONTRA_PROJECTIONS_ROWS_H_
#define RESKONTRA_PROJECTIONS_ROWS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/state.h"

namespace reskontra::rows {

inline constexpr char kCheckpointKey[] = "~checkpoint/reskontra";
inline constexpr char kReferenceRatesKey[] = "R";  // the reference-rate register

std::string CompanyKey(CompanyId c);
std::string CustomerKey(CompanyId c, absl::string_view number);
std::string InvoiceKey(CompanyId c, InvoiceNumber n);
std::string FileKey(CompanyId c, absl::string_view fingerprint);      // "F": imported bank files
std::string UnmatchedKey(CompanyId c, absl::string_view payment_id);  // "Q": the unmatched queue
std::string PaymentKey(CompanyId c, absl::string_view payment_id);    // "P": the payment index

std::string ArchivedInvoiceKey(CompanyId c, InvoiceNumber n);  // "A": the archive

std::string Encode(const Company& v);
std::string Encode(const Customer& v);
std::string Encode(const Invoice& v);
std::string Encode(const ImportedFile& v);
std::string Encode(const UnmatchedPayment& v);
std::string Encode(const PaymentRecord& v);
std::string Encode(const absl::btree_map<Date, ReferenceRateSet>& rates);
// Decodes any row into `state` by its key's tag. kDeferred: an invoice row leaves its
// customer's list of claims to LinkClaimsToCustomers, which builds every list in one sorted
// pass once all rows are in (loading a million rows, the customers are then visited in order
// instead of looked up at random for each claim).
enum class ClaimLists { kAsRowsCome, kDeferred };
absl::Status DecodeInto(absl::string_view key, absl::string_view value, LedgerState& state,
                        ClaimLists lists = ClaimLists::kAsRowsCome);
// After rows decoded with kDeferred: each customer's list of claims from the claims; a
// customer the claims name without a row of its own gets an entry CheckCustomersLoaded refuses.
void LinkClaimsToCustomers(LedgerState& state);
// Once every row is in: a customer that invoice rows name but that has no row of its own is
// DATA_LOSS (a customer's list of invoices is derived from the invoice rows).
absl::Status CheckCustomersLoaded(const LedgerState& state);

// The archive (rensning): an archived claim's row as it stood when archived. The state keeps
// only its key in `archived`, so AllRows cannot give these rows; ArchiveRowsOf gives the rows
// an InvoicesArchived event adds, from the state before the event (nothing for other events).
struct ArchivedInvoice {
  Date paid_before;
  Invoice invoice;
};
std::string EncodeArchived(Date paid_before, const Invoice& v);
absl::StatusOr<ArchivedInvoice> DecodeArchived(absl::string_view key, absl::string_view value);
std::vector<std::pair<std::string, std::string>> ArchiveRowsOf(const LedgerState& before, const Event& e);

// Every row of a state but the archive, key -> value, in key order.
std::vector<std::pair<std::string, std::string>> AllRows(const LedgerState& state);

// The checkpoint carries the row format: rows of another format are dropped and rebuilt
// from the journal on open (projections are derived data).
struct Checkpoint {
  uint8_t format = 0;
  uint64_t position = 0;
};
std::string EncodeCheckpoint(uint64_t position);
absl::StatusOr<Checkpoint> DecodeCheckpoint(absl::string_view value);
bool CurrentFormat(const Checkpoint& c);

}  // namespace reskontra::rows

#endif  // RESKONTRA_PROJECTIONS_ROWS_H_
