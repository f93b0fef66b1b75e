#include "domain/fee_caps.h"

#include "absl/strings/str_cat.h"

namespace reskontra {

namespace {

// Förordning (2003:294) from 1 July 2003 (the amounts the thesis in the seeds quotes); lag
// (2013:56) moved the caps into 4 § of the law and added 4 a § from 16 March 2013.
const StatutoryFeeCaps kCaps[] = {
    {Date(2003, 7, 1), Money::FromOre(5'000), Money::FromOre(16'000), Money::FromOre(15'000), Money(),
     "förordning (2003:294)"},
    {Date(2013, 3, 16), Money::FromOre(6'000), Money::FromOre(18'000), Money::FromOre(17'000),
     Money::FromOre(45'000), "lag (1981:739) 4 och 4 a §§ i lydelse enligt lag (2013:56)"},
};

}  // namespace

std::span<const StatutoryFeeCaps> StatutoryFeeCapsHistory() { return kCaps; }

const StatutoryFeeCaps& FeeCapsOn(Date d) {
  const StatutoryFeeCaps* in_force = &kCaps[0];
  for (const StatutoryFeeCaps& c : kCaps)
    if (c.effective <= d) in_force = &c;
  return *in_force;
}

absl::Status CheckFeeCap(ChargeKind kind, Money amount, Money already, Date on) {
  const StatutoryFeeCaps& caps = FeeCapsOn(on);
  Money cap;
  const char* what = nullptr;
  switch (kind) {
    case ChargeKind::kReminderFee:
      cap = caps.reminder, what = "påminnelseavgift";
      break;
    case ChargeKind::kCollectionFee:
      cap = caps.demand, what = "inkassoavgift";
      break;
    case ChargeKind::kPlanFee:
      cap = caps.plan, what = "avgift för amorteringsplan";
      break;
    case ChargeKind::kLateCompensation:
      cap = caps.late_compensation, what = "förseningsersättning";
      break;
    case ChargeKind::kInvoiceFee:
    case ChargeKind::kInterest:
    case ChargeKind::kPaymentOrderCost:  // Kronofogden's fee, whole kronor (ApplyPaymentOrder)
      return absl::OkStatus();
  }
  if (amount + already <= cap) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      what, " ", (amount + already).ToKronor(), " kr", already.is_positive() ? " in all on the claim" : "",
      " is above the statutory cap of ", cap.ToKronor(), " kr (", caps.source, ", in force from ",
      FormatDate(caps.effective), ")"));
}

}  // namespace reskontra
