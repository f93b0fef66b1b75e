// Decide: the ledger's rules. Given the state and a command, either the events the command
// produces or the reason it is refused. Pure: the time comes in, nothing goes out.
//
//   DecideContext ctx{now, today};
//   absl::StatusOr<std::vector<Event>> events = Decide(state, command, ctx);
#ifndef RESKONTRA_DOMAIN_DECIDE_H_
#define RESKONTRA_DOMAIN_DECIDE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/commands.h"
#include "domain/events.h"
#include "domain/state.h"

namespace reskontra {

struct DecideContext {
  absl::Time now;  // becomes recorded_at of every event
  Date today;      // the business day of `now` in the company's time zone (Europe/Stockholm)
  // The journal's head before this command's records (sealed by a period close).
  uint64_t head_position = 0;
  std::string head_hash;  // hex, "" for an empty journal
};

// Error codes: INVALID_ARGUMENT malformed, NOT_FOUND unknown company/customer/invoice,
// ALREADY_EXISTS duplicate, FAILED_PRECONDITION a rule forbids it, ABORTED version conflict.
absl::StatusOr<std::vector<Event>> Decide(const LedgerState& state, const Command& command,
                                          const DecideContext& ctx);

// How a payment splits inside an invoice: fees first, then charged interest, then capital;
// `rest` is what the invoice does not owe.
struct Allocation {
  Money fees, interest, capital, rest;
  Money allocated() const { return fees + interest + capital; }
};
// `order` is a permutation of F (fees), I (interest), C (capital); "" means FIC.
Allocation Allocate(const Invoice& invoice, Money amount, absl::string_view order = "");
// The company's allocation order ("" when it has no payment settings).
absl::string_view AllocationOrderOf(const Company& company);
// A customer's open invoices, oldest first (due date, then invoice number).
std::vector<const Invoice*> OpenInvoicesOldestFirst(const LedgerState& state, CompanyId company,
                                                    absl::string_view customer);
// Spreads a payment over the customer's open invoices oldest first: PaymentAllocated events
// (bodies) and the rest that no invoice owes.
std::vector<PaymentAllocated> SpreadOldestFirst(const LedgerState& state, CompanyId company,
                                                absl::string_view customer, const std::string& payment_id,
                                                Money amount, Money* rest);

// The import of a bank file (domain/import.cc).
absl::StatusOr<std::vector<Event>> DecideImport(const LedgerState& state, const CommandMeta& meta,
                                                const ImportPaymentFile& command, const DecideContext& ctx);

// An event of the command `meta` on business date `effective`, recorded at ctx.now.
inline Event MakeEvent(const CommandMeta& meta, const DecideContext& ctx, Date effective, EventBody body) {
  return Event{EventMeta{ctx.now, effective, meta.company, meta.actor, meta.command_id}, std::move(body)};
}

// The OCR/KID reference a new invoice gets from the company's payment settings.
std::string PaymentReferenceFor(const Company& company, InvoiceNumber n);

// Validates the command's envelope (command id, actor, company) without the state.
// A command on a register shared by all companies (the reference rate) carries company 0.
bool IsSharedRegisterCommand(const CommandBody& body);
absl::Status ValidateCommandMeta(const CommandMeta& meta, bool shared_register = false);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_DECIDE_H_
