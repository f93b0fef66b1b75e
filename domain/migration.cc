#include "domain/migration.h"

#include <algorithm>
#include <string>
#include <utility>
#include <variant>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "domain/ids.h"
#include "domain/limits.h"

namespace reskontra {

namespace {

absl::Status Refuse(absl::string_view column, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(column, " ", why));
}

// `open` of `charged`, both of one part of the claim: 0 ≤ open ≤ charged.
absl::Status CheckPart(absl::string_view column, Money open, Money charged) {
  if (open.is_negative()) return Refuse(column, "is negative");
  if (open > charged)
    return Refuse(
        column, absl::StrCat(open.ToKronor(), " kr is more than was charged (", charged.ToKronor(), " kr)"));
  return absl::OkStatus();
}

absl::string_view FeeText(ChargeKind kind) {
  return kind == ChargeKind::kCollectionFee ? "Inkassoavgift, tidigare reskontra"
                                            : "Påminnelseavgift, tidigare reskontra";
}

// `day` (when given) no later than the balance day, and after `from` (`strict`) or on it or after.
absl::Status CheckDay(absl::string_view column, const std::optional<Date>& day, Date from,
                      absl::string_view from_what, Date balance_date, bool strict = true) {
  if (!day) return absl::OkStatus();
  if (*day < from || (strict && *day == from))
    return Refuse(column, absl::StrCat(FormatDate(*day), strict ? " is not after " : " is before ", from_what,
                                       " ", FormatDate(from)));
  if (*day > balance_date)
    return Refuse(column,
                  absl::StrCat(FormatDate(*day), " is after the balance day ", FormatDate(balance_date)));
  return absl::OkStatus();
}

// The events of one dunning letter the old ledger sent, with its fee when it had one: as a run
// makes them (DunningStepIssued, then the fee charged through ChargeFee).
absl::Status AddLetter(LedgerState& scratch, const CommandMeta& meta, const DecideContext& ctx,
                       InvoiceNumber number, DunningStep step, Date day, ChargeKind fee_kind, Money fee,
                       ScratchDecide decide, std::vector<Event>& out) {
  const Invoice* inv = scratch.FindInvoice(meta.company, number);
  if (inv == nullptr) return absl::InternalError("a migrated invoice is not on the scratch ledger");
  Event letter =
      MakeEvent(meta, ctx, day, DunningStepIssued{number, step, inv->balance(), fee, fee.is_positive(), {}});
  RETURN_IF_ERROR(Apply(scratch, letter));
  out.push_back(std::move(letter));
  if (!fee.is_positive()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<Event> charged,
                   decide(ChargeFee{number, fee_kind, fee, true, std::string(FeeText(fee_kind)), day}));
  for (Event& e : charged) out.push_back(std::move(e));
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateMigration(const ImportInvoiceFile& command, Date today) {
  if (command.opening_account == 0) {
    for (const InvoiceFileInvoice& inv : command.file.invoices)
      if (inv.opening)
        return absl::InvalidArgumentError(absl::StrCat(
            "line ", inv.line,
            ": the file has opening balances (kvar_kapital …): import it as a migration of open items, "
            "with an opening account and a balance day"));
    return absl::OkStatus();
  }
  if (command.opening_account < limits::kAccountMin || command.opening_account > limits::kAccountMax)
    return absl::InvalidArgumentError(
        absl::StrCat("opening account ", command.opening_account, " is not a 4-digit account"));
  RETURN_IF_ERROR(CheckDateInRange(command.balance_date, "balance day"));
  if (command.balance_date > today)
    return absl::InvalidArgumentError(absl::StrCat("the balance day ", FormatDate(command.balance_date),
                                                   " is in the future (today is ", FormatDate(today), ")"));
  if (command.file.format != "CSV")
    return absl::InvalidArgumentError("a migration of open items is read from the CSV layout");
  for (const InvoiceFileInvoice& inv : command.file.invoices) {
    const std::string at = absl::StrCat("line ", inv.line, ": ");
    if (!inv.opening)
      return absl::InvalidArgumentError(
          absl::StrCat(at, "a migrated invoice needs its balance in the old ledger (kvar_kapital)"));
    if (inv.invoice_number == 0)
      return absl::InvalidArgumentError(
          absl::StrCat(at, "a migrated invoice keeps its number in the old ledger: give fakturanummer"));
  }
  return absl::OkStatus();
}

absl::Status CheckOpening(const InvoiceFileInvoice& inv, Money total, Date balance_date) {
  const OpeningBalance& o = *inv.opening;
  if (!total.is_positive())
    return absl::InvalidArgumentError(
        "a migrated invoice has a positive amount (a credit is migrated as the customer's credit balance)");
  if (inv.invoice_date > balance_date)
    return Refuse("fakturadatum", absl::StrCat(FormatDate(inv.invoice_date), " is after the balance day ",
                                               FormatDate(balance_date)));
  for (auto [column, amount] :
       {std::pair{"avgifter", o.reminder_fees}, std::pair{"inkassoavgifter", o.collection_fees},
        std::pair{"ranta", o.interest}})
    if (amount.is_negative()) return Refuse(column, "is negative");
  RETURN_IF_ERROR(CheckPart("kvar_kapital", o.open_capital, total));
  RETURN_IF_ERROR(CheckPart("kvar_avgifter", o.open_fees, o.reminder_fees + o.collection_fees));
  RETURN_IF_ERROR(CheckPart("kvar_ranta", o.open_interest, o.interest));
  if ((o.open_capital + o.open_fees + o.open_interest).is_zero())
    return absl::InvalidArgumentError("nothing is open of it: migrate open items only");
  RETURN_IF_ERROR(CheckDay("paminnelse1", o.reminder1, inv.due_date, "the due date", balance_date));
  if (o.reminder2 && !o.reminder1) return Refuse("paminnelse2", "is given without paminnelse1");
  RETURN_IF_ERROR(
      CheckDay("paminnelse2", o.reminder2, o.reminder1.value_or(inv.due_date), "paminnelse1", balance_date));
  const Date before_demand = o.reminder2 ? *o.reminder2 : o.reminder1 ? *o.reminder1 : inv.due_date;
  RETURN_IF_ERROR(
      CheckDay("inkassokrav", o.collection_demand, before_demand, "the letter before it", balance_date));
  RETURN_IF_ERROR(CheckDay("betaldatum", o.paid_on, inv.invoice_date, "the invoice date", balance_date,
                           /*strict=*/false));
  const bool paid = (total + o.reminder_fees + o.collection_fees + o.interest) !=
                    (o.open_capital + o.open_fees + o.open_interest);
  if (o.paid_on && !paid) return Refuse("betaldatum", "is given, but nothing of the invoice is paid");
  // The day capital was paid decides the interest on it from then on: not guessed.
  if (!o.paid_on && o.open_capital != total)
    return Refuse("betaldatum",
                  "is required: part of the capital was paid, and the day it was decides its interest");
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Event>> OpeningEvents(LedgerState& scratch, const CommandMeta& meta,
                                                 const DecideContext& ctx, const InvoiceFileInvoice& inv,
                                                 InvoiceNumber number, Date balance_date,
                                                 ScratchDecide decide) {
  const OpeningBalance& o = *inv.opening;
  std::vector<Event> out;
  // The letters, the reminder fee with the first reminder and the collection fee with the
  // inkassokrav (one of each per claim, as the dunning rules charge them).
  Money reminder_fee = o.reminder_fees;
  if (o.reminder1) {
    RETURN_IF_ERROR(AddLetter(scratch, meta, ctx, number, DunningStep::kReminder1, *o.reminder1,
                              ChargeKind::kReminderFee, reminder_fee, decide, out));
    reminder_fee = Money();
  }
  if (o.reminder2)
    RETURN_IF_ERROR(AddLetter(scratch, meta, ctx, number, DunningStep::kReminder2, *o.reminder2,
                              ChargeKind::kReminderFee, Money(), decide, out));
  Money collection_fee = o.collection_fees;
  if (o.collection_demand) {
    RETURN_IF_ERROR(AddLetter(scratch, meta, ctx, number, DunningStep::kCollectionDemand,
                              *o.collection_demand, ChargeKind::kCollectionFee, collection_fee, decide, out));
    collection_fee = Money();
  }
  // Fees without the letter they came with are dated on the balance day.
  for (auto [kind, fee] : {std::pair{ChargeKind::kReminderFee, reminder_fee},
                           std::pair{ChargeKind::kCollectionFee, collection_fee}}) {
    if (!fee.is_positive()) continue;
    ASSIGN_OR_RETURN(std::vector<Event> charged,
                     decide(ChargeFee{number, kind, fee, true, std::string(FeeText(kind)), balance_date}));
    for (Event& e : charged) out.push_back(std::move(e));
  }
  if (o.interest.is_positive()) {
    ASSIGN_OR_RETURN(
        std::vector<Event> charged,
        decide(ChargeInterest{number, o.interest, "Dröjsmålsränta, tidigare reskontra", balance_date}));
    for (Event& e : charged) out.push_back(std::move(e));
  }
  // What had been paid, part by part as the old ledger says: the capital on its day, and the
  // fees and interest no earlier than the last of them was charged (a balance is never below
  // zero on any day between).
  const Invoice* now = scratch.FindInvoice(meta.company, number);
  if (now == nullptr) return absl::InternalError("a migrated invoice is not on the scratch ledger");
  const Money paid_fees = now->open_fees() - o.open_fees;
  const Money paid_interest = now->open_interest() - o.open_interest;
  const Money paid_capital = now->capital - o.open_capital;
  const Date capital_day = o.paid_on.value_or(balance_date);
  Date charged_day = capital_day;
  for (const Event& e : out)
    if (std::holds_alternative<FeeCharged>(e.body) || std::holds_alternative<InterestCharged>(e.body))
      charged_day = std::max(charged_day, e.meta.effective_date);
  const std::string id = absl::StrCat(meta.command_id, "/", FormatInvoiceNumber(number));
  auto pay = [&](const std::string& payment_id, Date day, Money fees, Money interest,
                 Money capital) -> absl::Status {
    if (!(fees + interest + capital).is_positive()) return absl::OkStatus();
    for (Event e :
         {MakeEvent(meta, ctx, day,
                    PaymentReceived{payment_id, PaymentChannel::kManual, fees + interest + capital,
                                    "Betalt i tidigare reskontra", "", number, "", false, "", ""}),
          MakeEvent(meta, ctx, day, PaymentAllocated{payment_id, number, fees, interest, capital})}) {
      RETURN_IF_ERROR(Apply(scratch, e));
      out.push_back(std::move(e));
    }
    return absl::OkStatus();
  };
  if (charged_day == capital_day) {
    RETURN_IF_ERROR(pay(id, capital_day, paid_fees, paid_interest, paid_capital));
  } else {
    RETURN_IF_ERROR(pay(id, capital_day, Money(), Money(), paid_capital));
    RETURN_IF_ERROR(pay(absl::StrCat(id, "-avgifter"), charged_day, paid_fees, paid_interest, Money()));
  }
  now = scratch.FindInvoice(meta.company, number);
  if (now->balance() != o.open_capital + o.open_fees + o.open_interest)
    return absl::InternalError(absl::StrCat("invoice ", FormatInvoiceNumber(number), " migrated to ",
                                            now->balance().ToKronor(),
                                            " kr, not its balance in the old ledger"));
  return out;
}

}  // namespace reskontra
