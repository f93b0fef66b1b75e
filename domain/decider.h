// What the areas' deciders share (invoices and the registers in decide.cc, payments in
// payments.cc, kravverksamhet in dunning.cc; interest.cc keeps its own for now): the
// command's state, envelope and time, the events it makes, and the lookups and checks that
// refuse a command the same way in every area.
//
//   class PaymentDecider : public DeciderBase {
//     using DeciderBase::DeciderBase;
//     absl::StatusOr<Events> operator()(const RecordPayment& c) {
//       ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(c.invoice_number));
//       ...
//       return One(date, PaymentReceived{...});
//     }
//   };
#ifndef RESKONTRA_DOMAIN_DECIDER_H_
#define RESKONTRA_DOMAIN_DECIDER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/commands.h"
#include "domain/decide.h"
#include "domain/events.h"
#include "domain/state.h"

namespace reskontra {

using Events = std::vector<Event>;

// INVALID_ARGUMENT unless 0 < m <= limits::kAmountOreMax.
absl::Status CheckAmount(absl::string_view what, Money m);
// ABORTED when the command expects another version of the stream.
absl::Status CheckVersion(const CommandMeta& meta, int64_t actual, absl::string_view stream);

class DeciderBase {
 public:
  // REQUIRES: the command's company is registered in `s` (Decide checks it first), except
  // for RegisterCompany and the shared registers.
  DeciderBase(const LedgerState& s, const CommandMeta& meta, const DecideContext& ctx)
      : s_(s), meta_(meta), ctx_(ctx) {}

 protected:
  Event Make(Date effective, EventBody body) const {
    return MakeEvent(meta_, ctx_, effective, std::move(body));
  }
  Events One(Date effective, EventBody body) const {
    Events out;
    out.push_back(Make(effective, std::move(body)));
    return out;
  }

  // NOT_FOUND in the command's company (INVALID_ARGUMENT for a malformed number).
  absl::StatusOr<const Customer*> FindCustomer(const std::string& number) const;
  absl::StatusOr<const Invoice*> FindInvoice(InvoiceNumber n) const;
  static std::string CodeOf(const PaymentMethodDefined* m) { return m ? m->code : ""; }
  // "" is no method; otherwise it must be in the company's register and carry amounts.
  absl::StatusOr<const PaymentMethodDefined*> FindMethod(const std::string& code) const;

  // The transaction date (transaktionsdatum) of a change to an invoice: given or today; not
  // in the future and not before the invoice date.
  absl::StatusOr<Date> TransactionDate(const std::optional<Date>& given, const Invoice& inv) const;

  const LedgerState& s_;
  const CommandMeta& meta_;
  const DecideContext& ctx_;
};

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_DECIDER_H_
