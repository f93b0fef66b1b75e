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
// Decide for a command whose envelope the caller has validated (the core does, before it looks
// the command id up), so that it is validated once.
// REQUIRES: ValidateCommandMeta(command.meta, IsSharedRegisterCommand(command.body)).ok()
absl::StatusOr<std::vector<Event>> DecideValidated(const LedgerState& state, const Command& command,
                                                   const DecideContext& ctx);

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
