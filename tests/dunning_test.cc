// Kravverksamhet as tables: a claim's life through every step with the policy's days, fees
// charged vs noted, suppression by each kravkod flag and its expiry, deferral, amortisation
// plans, payment mid-way, date clearing with fee reversal, payment orders, collection; and a
// year-long simulation in which every run is idempotent and the kravstatus rebuilt from the
// events equals the live one.
#include "domain/dunning.h"

#include <gtest/gtest.h>

#include <random>

#include "domain/fee_caps.h"
#include "domain/state.h"
#include "journal/record.h"
#include "projections/rows.h"
#include "tests/domain_fixture.h"
#include "tests/test_util.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT

constexpr InvoiceNumber kInv = 10001001;  // 1 250,00 kr, due 2026-10-31

DunningPolicySet Policy() {
  DunningPolicySet p;
  p.reminder1 = DunningStepPolicy{10, 60, true, true, 1};
  p.reminder2 = DunningStepPolicy{10, 60, true, true, 1};
  p.demand = DunningStepPolicy{10, 180, true, true, 1};
  p.demand_base = 2;
  p.residual = DunningStepPolicy{20, 0, false, false, 1};
  p.threat = DunningStepPolicy{30, 0, false, false, 1};
  p.fees_agreed = true;
  p.max_letters_per_month = 2;
  p.plan_min_total = Money::FromOre(100000);
  p.plan_approval_months = 12;
  return p;
}

class DunningTest : public DomainFixture {
 protected:
  DunningTest() : DomainFixture(Date(2026, 11, 1)) {}
  void SetUp() override {
    for (const Command& c : ReferenceRateCommands()) Must(c);
    Must(CompanyCmd());
    Must(CustomerCmd("10001"));
    Must(InvoiceCmd(kInv, "10001", 100000));
    Must(SetDunningPolicy{Policy()});
  }

  // A run on `date` (today moves there); the letters it wrote.
  std::vector<DunningStepIssued> RunOn(Date date, DunningSelection sel = {}) {
    today_ = date;
    std::vector<DunningStepIssued> out;
    for (const Event& e : Must(RunDunning{date, sel}))
      if (const auto* l = std::get_if<DunningStepIssued>(&e.body)) out.push_back(*l);
    return out;
  }
  const Invoice& Inv(InvoiceNumber n = kInv) { return *state_.FindInvoice(1, n); }
  // 500 kr on the last day of each month from 2026-11-30, over the claim.
  static CreateAmortizationPlan MonthlyPlan() {
    CreateAmortizationPlan c;
    c.customer_number = "10001";
    c.invoices = {kInv};
    c.first_payment = Date(2026, 11, 30);
    c.last_of_month = true;
    c.monthly = Money::FromOre(50000);
    return c;
  }
  KravStatus Status(Date on, InvoiceNumber n = kInv) { return DunningStatusOf(state_, Inv(n), on); }
  void Pay(int64_t ore, Date on) {
    today_ = std::max(today_, on);
    Must(PaymentCmd(absl::StrCat("pay-", ++seq_), kInv, ore, on));
  }
};

TEST_F(DunningTest, AClaimsLifeThroughEveryStep) {
  struct Row {
    Date run;
    DunningStep step;  // kNone: no letter on this run
    int64_t fee_ore;
    int64_t balance_after;
  };
  // Reminder 1 ten days after the due date; reminder 2 ten days later (no second reminder
  // fee); the inkassokrav ten days after reminder 2 but at most two letters in 30 days holds
  // it until 30 days after reminder 1; restkrav 20 and threat 30 days after the inkassokrav.
  const Row rows[] = {
      {Date(2026, 11, 9), DunningStep::kNone, 0, 125000},
      {Date(2026, 11, 10), DunningStep::kReminder1, 6000, 131000},
      {Date(2026, 11, 19), DunningStep::kNone, 0, 131000},
      {Date(2026, 11, 20), DunningStep::kReminder2, 0, 131000},
      {Date(2026, 11, 30), DunningStep::kNone, 0, 131000},
      {Date(2026, 12, 10), DunningStep::kCollectionDemand, 18000, 149000},
      {Date(2026, 12, 29), DunningStep::kNone, 0, 149000},
      {Date(2026, 12, 30), DunningStep::kResidualDemand, 0, 149000},
      {Date(2027, 1, 9), DunningStep::kPaymentOrderThreat, 0, 149000},
      {Date(2027, 3, 1), DunningStep::kNone, 0, 149000},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(FormatDate(row.run));
    const KravStatus before = Status(row.run);
    EXPECT_EQ(before.due, row.step != DunningStep::kNone) << before.held_by;
    std::vector<DunningStepIssued> letters = RunOn(row.run);
    if (row.step == DunningStep::kNone) {
      EXPECT_TRUE(letters.empty());
    } else {
      ASSERT_EQ(letters.size(), 1u);
      EXPECT_EQ(letters[0].step, row.step);
      EXPECT_EQ(letters[0].fee.ore(), row.fee_ore);
      EXPECT_EQ(Inv().dunning->step_dates[static_cast<int>(row.step)], row.run);
    }
    EXPECT_EQ(Inv().balance().ore(), row.balance_after);
  }
  EXPECT_EQ(Inv().reminder_fees.ore(), 6000);
  EXPECT_EQ(Inv().collection_fees.ore(), 18000);
  EXPECT_EQ(Status(Date(2027, 3, 1)).next, DunningStep::kNone);
  EXPECT_EQ(Status(Date(2027, 3, 1)).reached, DunningStep::kPaymentOrderThreat);
}

TEST_F(DunningTest, HeldInkassokravShowsWhyAndWhen) {
  RunOn(Date(2026, 11, 10));
  RunOn(Date(2026, 11, 20));
  const KravStatus st = Status(Date(2026, 11, 30));
  EXPECT_EQ(st.next, DunningStep::kCollectionDemand);
  EXPECT_FALSE(st.due);
  EXPECT_EQ(st.next_date, Date(2026, 12, 10));
  EXPECT_NE(st.held_by.find("2 letters in the last 30 days"), std::string::npos) << st.held_by;
}

TEST_F(DunningTest, FeesNotedNotAgreedAndBelowTheLimit) {
  DunningPolicySet p = Policy();
  p.reminder1.charged = false;
  Must(SetDunningPolicy{p});
  RunOn(Date(2026, 11, 10));
  EXPECT_EQ(Inv().fees_noted.ore(), 6000);
  EXPECT_EQ(Inv().balance().ore(), 125000);  // only noted: the claim does not grow
  // Not agreed: the letter goes, without a fee.
  Must(InvoiceCmd(10001002, "10001", 100000));
  p.fees_agreed = false;
  Must(SetDunningPolicy{p});
  std::vector<DunningStepIssued> l = RunOn(Date(2026, 11, 11), {0, 10001002, 10001002, ""});
  ASSERT_EQ(l.size(), 1u);
  EXPECT_TRUE(l[0].fee.is_zero());
  // Under the no-fee limit: a letter, no fee (the limit is not a threshold for sending).
  Must(InvoiceCmd(10001003, "10001", 100));
  p.fees_agreed = true;
  p.no_fee_below = Money::FromOre(10000);
  Must(SetDunningPolicy{p});
  l = RunOn(Date(2026, 11, 12), {0, 10001003, 10001003, ""});
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].step, DunningStep::kReminder1);
  EXPECT_TRUE(l[0].fee.is_zero());
}

struct CodeCase {
  uint32_t flag;
  int steps_before;  // letters taken before the code is set
  DunningStep held;
};
class KravkodTest : public DunningTest, public ::testing::WithParamInterface<CodeCase> {};

TEST_P(KravkodTest, EachFlagHoldsItsStepUntilTheCodeExpires) {
  const CodeCase& c = GetParam();
  const Date runs[] = {Date(2026, 11, 10), Date(2026, 11, 20), Date(2026, 12, 10), Date(2026, 12, 30)};
  for (int i = 0; i < c.steps_before; ++i) RunOn(runs[i]);
  Must(DefineDunningCode{DunningCodeDefined{3, "Utredning", c.flag}});
  Must(DefineDunningCode{DunningCodeDefined{4, "Bara text", 0}});
  // A code that holds nothing does not stop the step.
  Must(AssignDunningCode{kInv, 4, std::nullopt});
  const Date at = c.steps_before < 4 ? runs[c.steps_before] : Date(2027, 1, 9);
  EXPECT_TRUE(Status(at).due);
  const Date until = at + 5;
  Must(AssignDunningCode{kInv, 3, until});
  KravStatus st = Status(at);
  EXPECT_EQ(st.next, c.held);
  EXPECT_FALSE(st.due);
  EXPECT_NE(st.held_by.find("kravkod 3 (Utredning) until"), std::string::npos) << st.held_by;
  EXPECT_TRUE(RunOn(at).empty());
  EXPECT_TRUE(RunOn(until).empty());                    // in force through its date
  std::vector<DunningStepIssued> l = RunOn(until + 1);  // resumes by itself
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].step, c.held);
}

INSTANTIATE_TEST_SUITE_P(Flags, KravkodTest,
                         ::testing::Values(CodeCase{kCodeNoReminder1, 0, DunningStep::kReminder1},
                                           CodeCase{kCodeNoReminder2, 1, DunningStep::kReminder2},
                                           CodeCase{kCodeNoDemand, 2, DunningStep::kCollectionDemand},
                                           CodeCase{kCodeNoResidual, 3, DunningStep::kResidualDemand},
                                           CodeCase{kCodeNoThreat, 4, DunningStep::kPaymentOrderThreat}),
                         [](const ::testing::TestParamInfo<CodeCase>& info) {
                           return absl::StrCat("holds_step_", static_cast<int>(info.param.held));
                         });

TEST_F(DunningTest, ACodeWithoutADateHoldsUntilRemoved) {
  Must(DefineDunningCode{DunningCodeDefined{2, "Tvist", kCodeNoReminder1}});
  Must(AssignDunningCode{kInv, 2, std::nullopt});
  EXPECT_TRUE(RunOn(Date(2026, 12, 1)).empty());
  today_ = Date(2026, 12, 2);
  Must(RemoveDunningCode{kInv});
  EXPECT_EQ(RunOn(Date(2026, 12, 2)).size(), 1u);
  Refused(AssignDunningCode{kInv, 7, std::nullopt}, absl::StatusCode::kNotFound, "kravkod 7 does not exist");
  Refused(RemoveDunningCode{kInv}, absl::StatusCode::kFailedPrecondition);
}

TEST_F(DunningTest, DeferralHoldsDunningThenItResumes) {
  today_ = Date(2026, 10, 31);
  Refused(GrantDeferral{kInv, Date(2026, 10, 31), Date(2026, 12, 31), "lön kommer"},
          absl::StatusCode::kFailedPrecondition, "before the due date");
  today_ = Date(2026, 10, 20);
  Refused(GrantDeferral{kInv, Date(2026, 10, 20), Date(2027, 2, 1), "lön kommer"},
          absl::StatusCode::kInvalidArgument, "at most three months");
  Refused(GrantDeferral{kInv, Date(2026, 10, 20), Date(2027, 1, 31), ""}, absl::StatusCode::kInvalidArgument);
  Must(GrantDeferral{kInv, Date(2026, 10, 20), Date(2027, 1, 31), "lön kommer"});
  EXPECT_TRUE(RunOn(Date(2026, 11, 10)).empty());
  EXPECT_NE(Status(Date(2026, 11, 10)).held_by.find("deferral until 2027-01-31"), std::string::npos);
  EXPECT_TRUE(RunOn(Date(2027, 2, 9)).empty());
  std::vector<DunningStepIssued> l = RunOn(Date(2027, 2, 10));  // unpaid: reminder 1, counted from its end
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].step, DunningStep::kReminder1);
}

TEST_F(DunningTest, PaymentMidwayStopsTheChain) {
  RunOn(Date(2026, 11, 10));
  Pay(50000, Date(2026, 11, 12));  // partial: the chain goes on
  EXPECT_EQ(RunOn(Date(2026, 11, 20)).size(), 1u);
  Pay(Inv().balance().ore(), Date(2026, 11, 25));
  EXPECT_EQ(Inv().status, InvoiceStatus::kPaid);
  EXPECT_TRUE(RunOn(Date(2026, 12, 15)).empty());
  EXPECT_EQ(Status(Date(2026, 12, 15)).held_by, "nothing owed");
}

TEST_F(DunningTest, MovedDueDateMovesDunning) {
  today_ = Date(2026, 11, 5);
  Must(ChangeDueDate{kInv, Date(2026, 11, 30), "ny faktura skickad"});
  EXPECT_TRUE(RunOn(Date(2026, 11, 10)).empty());
  EXPECT_EQ(Status(Date(2026, 11, 10)).next_date, Date(2026, 12, 10));
  EXPECT_EQ(RunOn(Date(2026, 12, 10)).size(), 1u);
}

TEST_F(DunningTest, ClearingAStepTakesItsFeeOffAndLetsItRunAgain) {
  RunOn(Date(2026, 11, 10));
  ASSERT_EQ(Inv().balance().ore(), 131000);
  Refused(ClearDunningStep{kInv, DunningStep::kReminder2, ""}, absl::StatusCode::kFailedPrecondition);
  std::vector<Event> ev = Must(ClearDunningStep{kInv, DunningStep::kReminder1, "fel adress"});
  ASSERT_EQ(ev.size(), 2u);
  const auto& rev = std::get<FeeReversed>(ev[0].body);
  EXPECT_EQ(rev.kind, ChargeKind::kReminderFee);
  EXPECT_EQ(rev.amount.ore(), 6000);
  EXPECT_EQ(Inv().balance().ore(), 125000);
  EXPECT_FALSE(Inv().dunning->step_dates[1]);
  std::vector<DunningStepIssued> l = RunOn(Date(2026, 11, 15));
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].fee.ore(), 6000);  // the fee again, once
  // A later step must be cleared first; a paid fee cannot be cleared away.
  // The cleared letter was still sent: two letters in 30 days hold reminder 2 until 12-10.
  EXPECT_TRUE(RunOn(Date(2026, 11, 25)).empty());
  ASSERT_EQ(RunOn(Date(2026, 12, 10)).size(), 1u);
  Refused(ClearDunningStep{kInv, DunningStep::kReminder1, ""}, absl::StatusCode::kFailedPrecondition,
          "later step");
  Must(ClearDunningStep{kInv, DunningStep::kReminder2, ""});
  Pay(10000, Date(2026, 12, 11));  // pays the fee first (FIC)
  Refused(ClearDunningStep{kInv, DunningStep::kReminder1, ""}, absl::StatusCode::kFailedPrecondition,
          "has been paid");
}

TEST_F(DunningTest, ClearingANotedFeeEmptiesTheEjDebField) {
  DunningPolicySet p = Policy();
  p.reminder1.charged = false;
  Must(SetDunningPolicy{p});
  RunOn(Date(2026, 11, 10));
  ASSERT_EQ(Inv().fees_noted.ore(), 6000);
  std::vector<Event> ev = Must(ClearDunningStep{kInv, DunningStep::kReminder1, ""});
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<DunningStepCleared>(ev[0].body).noted_removed.ore(), 6000);
  EXPECT_TRUE(Inv().fees_noted.is_zero());
}

TEST_F(DunningTest, RunGuards) {
  today_ = Date(2026, 11, 20);
  Refused(RunDunning{Date(2026, 11, 21), {}}, absl::StatusCode::kInvalidArgument, "future date");
  RunOn(Date(2026, 11, 20));
  Refused(RunDunning{Date(2026, 11, 20), {}}, absl::StatusCode::kAlreadyExists, "already made on 2026-11-20");
  Refused(RunDunning{Date(2026, 11, 19), {}}, absl::StatusCode::kFailedPrecondition, "runs go forward");
  Refused(RunDunning{Date(2026, 11, 20), {7, 0, 0, ""}}, absl::StatusCode::kAlreadyExists);
  DunningPolicySet bad = Policy();
  bad.demand.days = -1;
  Refused(SetDunningPolicy{bad}, absl::StatusCode::kInvalidArgument, "only possible after an inkassokrav");
  bad = Policy();
  bad.reminder1.fee_kronor = 1000;
  Refused(SetDunningPolicy{bad}, absl::StatusCode::kInvalidArgument, "whole kronor");
  bad = Policy();
  bad.demand.print_interest = false;
  bad.charge_interest_at_demand = true;
  Refused(SetDunningPolicy{bad}, absl::StatusCode::kInvalidArgument, "printed as well");
  Refused(DefineDunningCode{DunningCodeDefined{0, "x", 0}}, absl::StatusCode::kInvalidArgument);
  Refused(DefineDunningCode{DunningCodeDefined{5, "sexton tecken xx", 0}},
          absl::StatusCode::kInvalidArgument);
}

// Issue 23, item 3: lag (1981:739) 4 § caps what a debtor can be made to pay, as dated
// configuration: 50 / 160 / 150 kr from 2003-07-01, 60 / 180 / 170 kr and the 450 kr
// förseningsersättning from 2013-03-16.
TEST(FeeCapsTest, TheCapsInForceOnADay) {
  EXPECT_EQ(FeeCapsOn(Date(2013, 3, 15)).reminder, Money::FromOre(5000));
  EXPECT_EQ(FeeCapsOn(Date(2013, 3, 15)).demand, Money::FromOre(16000));
  EXPECT_EQ(FeeCapsOn(Date(2013, 3, 15)).plan, Money::FromOre(15000));
  EXPECT_TRUE(FeeCapsOn(Date(2013, 3, 15)).late_compensation.is_zero());
  EXPECT_EQ(FeeCapsOn(Date(2013, 3, 16)).reminder, Money::FromOre(6000));
  EXPECT_EQ(FeeCapsOn(Date(2026, 12, 6)).demand, Money::FromOre(18000));
  EXPECT_EQ(FeeCapsOn(Date(2026, 12, 6)).plan, Money::FromOre(17000));
  EXPECT_EQ(FeeCapsOn(Date(2026, 12, 6)).late_compensation, Money::FromOre(45000));
  EXPECT_EQ(&FeeCapsOn(Date(1990, 1, 1)), &StatutoryFeeCapsHistory()[0]);
  EXPECT_TRUE(CheckFeeCap(ChargeKind::kInvoiceFee, Money::FromOre(99900), Money(), Date(2026, 1, 1)).ok());
  EXPECT_TRUE(CheckFeeCap(ChargeKind::kReminderFee, Money::FromOre(6000), Money(), Date(2026, 1, 1)).ok());
  const absl::Status s =
      CheckFeeCap(ChargeKind::kReminderFee, Money::FromOre(1), Money::FromOre(6000), Date(2026, 1, 1));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("60,00 kr"), absl::string_view::npos) << s;
}

TEST_F(DunningTest, APolicyAboveTheStatutoryCapsIsRefusedNamingTheCap) {
  DunningPolicySet p = Policy();
  p.reminder1.fee_kronor = 250;
  Refused(SetDunningPolicy{p}, absl::StatusCode::kFailedPrecondition,
          "reminder 1: påminnelseavgift 250,00 kr is above the statutory cap of 60,00 kr");
  p = Policy();
  p.reminder2.fee_kronor = 61;
  Refused(SetDunningPolicy{p}, absl::StatusCode::kFailedPrecondition, "reminder 2");
  p = Policy();
  p.demand.fee_kronor = 500;
  Refused(SetDunningPolicy{p}, absl::StatusCode::kFailedPrecondition,
          "inkassokrav: inkassoavgift 500,00 kr is above the statutory cap of 180,00 kr (lag (1981:739)");
  p = Policy();
  p.plan_fee_kronor = 171;
  Refused(SetDunningPolicy{p}, absl::StatusCode::kFailedPrecondition, "cap of 170,00 kr");
  // At the caps: accepted.
  p = Policy();
  p.reminder1.fee_kronor = 60;
  p.demand.fee_kronor = 180;
  p.plan_fee_kronor = 170;
  p.max_runs_per_month = 3;
  Must(SetDunningPolicy{p});
}

TEST_F(DunningTest, AManualFeeStaysWithinTheCapOfItsDayForTheWholeClaim) {
  today_ = Date(2026, 11, 20);
  Must(ChargeFee{kInv, ChargeKind::kReminderFee, Money::FromOre(4000), true, "", Date(2026, 11, 5)});
  // 40 + 30 kr of reminder fees on one claim is more than one reminder's 60 kr.
  Refused(ChargeFee{kInv, ChargeKind::kReminderFee, Money::FromOre(3000), true, "", Date(2026, 11, 6)},
          absl::StatusCode::kFailedPrecondition, "påminnelseavgift 70,00 kr in all on the claim");
  Must(ChargeFee{kInv, ChargeKind::kReminderFee, Money::FromOre(2000), true, "", Date(2026, 11, 6)});
  Refused(ChargeFee{kInv, ChargeKind::kCollectionFee, Money::FromOre(50000), true, "", Date(2026, 11, 7)},
          absl::StatusCode::kFailedPrecondition,
          "inkassoavgift 500,00 kr is above the statutory cap of 180,00 kr");
  Refused(ChargeFee{kInv, ChargeKind::kPlanFee, Money::FromOre(20000), false, "", Date(2026, 11, 7)},
          absl::StatusCode::kFailedPrecondition, "170,00 kr");
  // An invoice fee is no collection cost: no statutory cap.
  Must(ChargeFee{kInv, ChargeKind::kInvoiceFee, Money::FromOre(20000), true, "", Date(2026, 11, 7)});
  // A claim of 2012 had the caps of förordning (2003:294): 50 kr for a reminder.
  IssueInvoice old;
  old.invoice_number = 10001009;
  old.customer_number = "10001";
  old.invoice_date = Date(2012, 5, 2);
  old.due_date = Date(2012, 6, 1);
  old.lines.push_back(IssueInvoiceLine{"Lokalhyra", Money::FromOre(100000), 0, 3041});
  Must(old);
  Refused(ChargeFee{10001009, ChargeKind::kReminderFee, Money::FromOre(6000), true, "", Date(2012, 6, 15)},
          absl::StatusCode::kFailedPrecondition,
          "cap of 50,00 kr (förordning (2003:294), in force from 2003-07-01)");
  Must(ChargeFee{10001009, ChargeKind::kReminderFee, Money::FromOre(5000), true, "", Date(2012, 6, 15)});
}

// A run's fee stays within the cap too: a reminder fee charged by hand leaves room for none.
TEST_F(DunningTest, ARunsFeeStaysWithinTheCapWithTheFeesAlreadyCharged) {
  today_ = Date(2026, 11, 5);
  Must(ChargeFee{kInv, ChargeKind::kReminderFee, Money::FromOre(4000), true, "", Date(2026, 11, 5)});
  std::vector<DunningStepIssued> letters = RunOn(Date(2026, 11, 10));
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_EQ(letters[0].fee, Money::FromOre(2000));  // 60 kr less the 40 kr charged
  EXPECT_EQ(Inv().reminder_fees, Money::FromOre(6000));
}

// Issue 23, item 14: reminder runs per routine and calendar month, as the policy allows
// (Statens servicecenter: two; the default).
TEST_F(DunningTest, AThirdReminderRunInAMonthIsRefusedWithItsReason) {
  EXPECT_EQ(DefaultDunningPolicy().max_runs_per_month, 2);
  DunningPolicySet p = Policy();
  p.max_runs_per_month = 2;
  Must(SetDunningPolicy{p});
  RunOn(Date(2026, 11, 10));
  RunOn(Date(2026, 11, 17));
  today_ = Date(2026, 11, 24);
  Refused(RunDunning{Date(2026, 11, 24), {}}, absl::StatusCode::kFailedPrecondition,
          "the company has had 2 reminder runs in 2026-11 (2026-11-10, 2026-11-17); its dunning policy "
          "allows 2 a month");
  // A run of one routine counts the runs of all routines too.
  Refused(RunDunning{Date(2026, 11, 24), {10, 0, 0, ""}}, absl::StatusCode::kFailedPrecondition,
          "routine 10 has had 2 reminder runs in 2026-11");
  // A routine with a policy of its own that allows more.
  DunningPolicySet own = Policy();
  own.routine = 10;
  own.max_runs_per_month = 0;  // no limit
  Must(SetDunningPolicy{own});
  RunOn(Date(2026, 11, 24), {10, 0, 0, ""});
  // The next month starts afresh.
  RunOn(Date(2026, 12, 1));
}

TEST_F(DunningTest, KontrollistaIsWhatTheRunDoesAndWritesNothing) {
  Must(InvoiceCmd(10001002, "10001", 50000));
  today_ = Date(2026, 11, 10);
  const LedgerState before = state_;
  absl::StatusOr<DunningPreview> p1 = PreviewDunningRun(state_, 1, RunDunning{today_, {}}, today_);
  absl::StatusOr<DunningPreview> p2 = PreviewDunningRun(state_, 1, RunDunning{today_, {}}, today_);
  ASSERT_TRUE(p1.ok() && p2.ok());
  EXPECT_EQ(state_, before);
  ASSERT_EQ(p1->letters.size(), 2u);
  ASSERT_EQ(p2->letters.size(), 2u);
  std::vector<DunningStepIssued> run = RunOn(today_);
  ASSERT_EQ(run.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(run[i].invoice_number, p1->letters[i].invoice_number);
    EXPECT_EQ(run[i].fee, p1->letters[i].fee);
  }
}

TEST_F(DunningTest, AmortisationPlanHoldsDunningUntilAnInstalmentIsMissed) {
  today_ = Date(2026, 11, 5);
  CreateAmortizationPlan c = MonthlyPlan();
  // Bad plans first.
  CreateAmortizationPlan bad = c;
  bad.monthly = Money::FromOre(2000);
  Refused(bad, absl::StatusCode::kInvalidArgument, "never pays off");
  bad = c;
  bad.monthly = Money();
  bad.months = 49;
  Refused(bad, absl::StatusCode::kInvalidArgument, "at most 48 months");
  bad = c;
  bad.monthly = Money::FromOre(10000);
  Refused(bad, absl::StatusCode::kFailedPrecondition, "needs an approver");
  bad = c;
  bad.first_payment = Date(2026, 11, 29);
  Refused(bad, absl::StatusCode::kInvalidArgument, "last day");
  std::vector<Event> ev = Must(c);
  const auto& plan = std::get<AmortizationPlanEstablished>(ev.back().body);
  ASSERT_EQ(plan.instalments.size(), 3u);  // 500 + 500 + the rest with its interest
  EXPECT_EQ(plan.instalments[0].date, Date(2026, 11, 30));
  EXPECT_EQ(plan.instalments[1].date, Date(2026, 12, 31));
  EXPECT_EQ(plan.instalments[2].date, Date(2027, 1, 31));
  EXPECT_EQ(plan.instalments[2].amount.ore(), 26830);  // see PlanInstalmentsCarryInterestPerPaymentDay
  EXPECT_TRUE(RunOn(Date(2026, 11, 15)).empty());
  EXPECT_NE(Status(Date(2026, 11, 15)).held_by.find("amortisation plan"), std::string::npos);
  Pay(50000, Date(2026, 11, 28));
  EXPECT_TRUE(RunOn(Date(2026, 12, 15)).empty());
  // The December instalment is not paid: the next run ends the plan and dunning resumes.
  today_ = Date(2027, 1, 5);
  std::vector<Event> run = Must(RunDunning{Date(2027, 1, 5), {}});
  ASSERT_GE(run.size(), 3u);
  const auto& ended = std::get<AmortizationPlanEnded>(run[0].body);
  EXPECT_EQ(ended.reason, PlanEnd::kMissedInstalment);
  EXPECT_EQ(std::get<DunningStepIssued>(run[1].body).step, DunningStep::kReminder1);
  EXPECT_FALSE(state_.FindCustomer(1, "10001")->plans[0].active);
  Refused(CancelAmortizationPlan{"10001", plan.plan_id, "x"}, absl::StatusCode::kFailedPrecondition);
}

TEST_F(DunningTest, PlanFeeWhereAgreedAndThePlanCoversAllDebt) {
  DunningPolicySet p = Policy();
  p.plan_fee_kronor = 170;
  Must(SetDunningPolicy{p});
  today_ = Date(2026, 11, 5);
  CreateAmortizationPlan c;
  c.customer_number = "10001";
  c.invoices = {kInv};
  c.first_payment = Date(2026, 11, 25);
  c.months = 4;
  c.outside = {OutsideClaim{"Avgift hyra 2025", Money::FromOre(40000)}};  // no due date: a fee
  std::vector<Event> ev = Must(c);
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(std::get<InterestCharged>(ev[0].body).amount.ore(), 103);  // 11-03..11-05
  EXPECT_EQ(std::get<FeeCharged>(ev[1].body).kind, ChargeKind::kPlanFee);
  const auto& plan = std::get<AmortizationPlanEstablished>(ev[2].body);
  EXPECT_EQ(plan.ledger_debt.ore(), 125000 + 103 + 17000);
  EXPECT_EQ(plan.total.ore(), 182103);
  ASSERT_EQ(plan.instalments.size(), 4u);
  Money sum, interest;
  for (const PlanInstalment& in : plan.instalments) {
    sum += in.amount;
    interest += in.interest;
  }
  EXPECT_EQ(sum, plan.total + interest);
  EXPECT_TRUE(interest.is_positive());
  // The first instalment is all fees (the plan fee, the accrued interest, the outside fee).
  EXPECT_EQ(plan.instalments[0].fees, plan.instalments[0].amount);
  EXPECT_TRUE(plan.instalments[0].interest.is_zero());
  // The monthly amount is the least whole kronor that pays it off in four.
  PlanTerms terms;
  terms.fees = Money::FromOre(57103);
  terms.bearing_capital = Money::FromOre(125000);
  terms.rate_bp = plan.rate_bp;
  terms.plan_date = Date(2026, 11, 5);
  terms.first_payment = Date(2026, 11, 25);
  const Money monthly = plan.instalments[0].amount;
  EXPECT_EQ(monthly.ore() % 100, 0);
  absl::StatusOr<std::vector<PlanInstalment>> same = PlanSchedule(terms, monthly, 4);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(*same, plan.instalments);
  EXPECT_FALSE(PlanSchedule(terms, monthly - Money::FromOre(100), 4).ok());
}

// Issue 23, item 13: a plan's instalments carry the interest of their payment days, and the
// payments pay it. 1 250 kr due Saturday 2026-10-31 (so Monday 11-02), interest from 11-03 at
// 2,00 + 8 = 10 %. Hand-computed (capital × 1 000 × days / 3 650 000 öre, rounded half up):
//   plan date 11-05: accrued 11-03..11-05, 3 days: 102,74 -> 1,03 kr, charged now;
//   11-30: 25 days on 1 250,00: 8,56; pays 1,03 + 8,56 + capital 490,41 -> 759,59 left;
//   12-31: 31 days on 759,59: 6,45 (645,13 öre); capital 493,55 -> 266,04 left;
//   01-31: 31 days on 266,04: 2,26 (225,95 öre); the last instalment 268,30.
TEST_F(DunningTest, PlanInstalmentsCarryInterestPerPaymentDay) {
  today_ = Date(2026, 11, 5);
  CreateAmortizationPlan c = MonthlyPlan();
  std::vector<Event> ev = Must(c);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(std::get<InterestCharged>(ev[0].body).amount.ore(), 103);
  const auto& plan = std::get<AmortizationPlanEstablished>(ev[1].body);
  EXPECT_EQ(plan.interest, PlanInterest::kPerPaymentDay);
  EXPECT_EQ(plan.rate_bp, 1000);
  EXPECT_EQ(plan.accrued_interest.ore(), 103);
  EXPECT_EQ(plan.ledger_debt.ore(), 125103);
  struct Row {
    int64_t amount, fees, interest, capital;
  };
  const Row want[] = {{50000, 103, 856, 49041}, {50000, 0, 645, 49355}, {26830, 0, 226, 26604}};
  ASSERT_EQ(plan.instalments.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(plan.instalments[i].amount.ore(), want[i].amount);
    EXPECT_EQ(plan.instalments[i].fees.ore(), want[i].fees);
    EXPECT_EQ(plan.instalments[i].interest.ore(), want[i].interest);
    EXPECT_EQ(plan.instalments[i].capital.ore(), want[i].capital);
  }
  // Each payment on its day is charged the interest since the last and pays it first: the
  // ledger's own interest (cumulative from 11-03) comes to the plan's figures.
  // The second arrives in a bank file: the import charges the interest the same way.
  SetPaymentSettings settings;
  settings.bankgiro = "9912346";
  Must(settings);
  const Date days[] = {Date(2026, 11, 30), Date(2026, 12, 31), Date(2027, 1, 31)};
  const int64_t balance_after[] = {75959, 26604, 0};
  for (size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    today_ = days[i];
    std::vector<Event> paid;
    if (i == 1) {
      paid = Must(OnePaymentFile(Inv().ocr_reference, Money::FromOre(want[i].amount), days[i], 'b'));
      ASSERT_GE(paid.size(), 2u);
      paid.erase(paid.begin());  // PaymentFileImported
    } else {
      paid = Must(PaymentCmd(absl::StrCat("plan-pay-", i), kInv, want[i].amount, days[i]));
    }
    ASSERT_GE(paid.size(), 3u);
    const auto& charged = std::get<InterestCharged>(paid[1].body);
    EXPECT_EQ(charged.amount.ore(), want[i].interest);
    EXPECT_NE(charged.text.find("amorteringsplan"), std::string::npos);
    const auto& a = std::get<PaymentAllocated>(paid[2].body);
    EXPECT_EQ(a.interest.ore(), want[i].interest + want[i].fees);
    EXPECT_EQ(a.capital.ore(), want[i].capital);
    EXPECT_EQ(Inv().balance().ore(), balance_after[i]);
  }
  // Paid in full: the definitive interest is what was charged, nothing is left to invoice.
  absl::StatusOr<InterestResult> definitive = AccruedInterest(state_, Inv(), Date(2027, 3, 1));
  ASSERT_TRUE(definitive.ok());
  EXPECT_EQ(definitive->total.ore(), 103 + 856 + 645 + 226);
  EXPECT_EQ(Inv().interest.ore(), 103 + 856 + 645 + 226);
  // The dunning run sees the plan completed.
  today_ = Date(2027, 2, 1);
  std::vector<Event> run = Must(RunDunning{Date(2027, 2, 1), {}});
  ASSERT_FALSE(run.empty());
  EXPECT_EQ(std::get<AmortizationPlanEnded>(run[0].body).reason, PlanEnd::kCompleted);
}

// Ej ränta: the accrued interest up to the plan date is charged, and no day after it bears
// interest while the plan runs; after it ends (here: cancelled on 12-10) interest runs again.
TEST_F(DunningTest, PlanWithoutInterestStopsTheClaimsInterestWhileItRuns) {
  today_ = Date(2026, 11, 5);
  CreateAmortizationPlan c = MonthlyPlan();
  c.no_interest = true;
  std::vector<Event> ev = Must(c);
  const auto& plan = std::get<AmortizationPlanEstablished>(ev.back().body);
  EXPECT_EQ(plan.interest, PlanInterest::kNone);
  EXPECT_EQ(plan.rate_bp, 0);
  ASSERT_EQ(plan.instalments.size(), 3u);
  EXPECT_EQ(plan.instalments[2].amount.ore(), 25103);  // 1,03 kr accrued interest, no more
  for (const PlanInstalment& in : plan.instalments) EXPECT_TRUE(in.interest.is_zero());
  Pay(50000, Date(2026, 11, 30));
  EXPECT_EQ(Inv().interest.ore(), 103);  // nothing charged at the payment
  absl::StatusOr<InterestResult> r = AccruedInterest(state_, Inv(), Date(2026, 12, 10));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total.ore(), 103);
  today_ = Date(2026, 12, 10);
  Must(CancelAmortizationPlan{"10001", plan.plan_id, "avbruten"});
  // From 12-11 on the capital left, 751,03 kr (the 500 kr paid the 1,03 kr interest first),
  // bears interest again: 12-11..12-20, 10 days: 75 103 × 1 000 × 10 / 3 650 000 = 205,76 öre;
  // with the 102,74 öre before the plan the exact sum is 308,50 öre -> 3,09 kr.
  r = AccruedInterest(state_, Inv(), Date(2026, 12, 20));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total.ore(), 309);
}

// --months with a first payment far ahead: the interest up to it is paid too (11-06..2027-02-03,
// 90 days on 1 250 kr at 10 %: 3 082,19 öre -> 30,82 kr; with the 1,03 kr accrued: 1 281,85 kr).
TEST_F(DunningTest, APlanInOneMonthFarAheadCarriesItsInterest) {
  today_ = Date(2026, 11, 5);
  CreateAmortizationPlan c = MonthlyPlan();
  c.last_of_month = false;
  c.first_payment = Date(2027, 2, 3);
  c.monthly = Money();
  c.months = 1;
  std::vector<Event> ev = Must(c);
  const auto& plan = std::get<AmortizationPlanEstablished>(ev.back().body);
  ASSERT_EQ(plan.instalments.size(), 1u);
  EXPECT_EQ(plan.instalments[0].interest.ore(), 3082);
  EXPECT_EQ(plan.instalments[0].amount.ore(), 128185);
}

// An outside claim with its due date gets the ledger's interest up to the plan date; one with
// its interest given keeps it; both bear the plan's interest after.
TEST_F(DunningTest, OutsideClaimsInAPlan) {
  today_ = Date(2026, 11, 5);
  CreateAmortizationPlan c;
  c.customer_number = "10001";
  c.invoices = {kInv};
  c.first_payment = Date(2026, 11, 30);
  c.monthly = Money::FromOre(100000);
  // 2 000 kr due Wednesday 2026-09-30: 10-01..11-05, 36 days: 200 000 × 1 000 × 36 / 3 650 000
  // = 1 972,60 öre -> 19,73 kr.
  OutsideClaim dated{"Hyra september", Money::FromOre(200000)};
  dated.due_date = Date(2026, 9, 30);
  OutsideClaim given{"Skuld 2024", Money::FromOre(30000)};
  given.interest = Money::FromOre(4500);
  c.outside = {dated, given, OutsideClaim{"Avgift", Money::FromOre(5000)}};
  OutsideClaim both = dated;
  both.interest = Money::FromOre(1);
  CreateAmortizationPlan bad = c;
  bad.outside = {both};
  Refused(bad, absl::StatusCode::kInvalidArgument, "not both");
  bad = c;
  bad.outside[0].due_date = Date(2026, 12, 1);
  Refused(bad, absl::StatusCode::kInvalidArgument, "has not come");
  std::vector<Event> ev = Must(c);
  const auto& plan = std::get<AmortizationPlanEstablished>(ev.back().body);
  ASSERT_EQ(plan.outside.size(), 3u);
  EXPECT_EQ(plan.outside[0].interest, Money::FromOre(1973));
  EXPECT_EQ(plan.outside[1].interest, Money::FromOre(4500));
  EXPECT_TRUE(plan.outside[2].is_fee());
  EXPECT_EQ(plan.accrued_interest.ore(), 103 + 1973 + 4500);
  EXPECT_EQ(plan.total.ore(), 125103 + 200000 + 1973 + 30000 + 4500 + 5000);
  // First instalment: the fees (1,03 + 19,73 + 45,00 + 50,00 = 115,76 kr), then the interest of
  // 11-06..11-30 (25 days) on the bearing capital 1 250 + 2 000 + 300 = 3 550 kr:
  // 355 000 × 1 000 × 25 / 3 650 000 = 2 431,51 öre -> 24,32 kr; the rest capital.
  EXPECT_EQ(plan.instalments[0].fees.ore(), 11576);
  EXPECT_EQ(plan.instalments[0].interest.ore(), 2432);
  EXPECT_EQ(plan.instalments[0].capital.ore(), 100000 - 11576 - 2432);
}

TEST_F(DunningTest, PaymentOrderAcrossCompaniesForOneDebtor) {
  Must(CompanyCmd(2));
  Must(CustomerCmd("10001", 2));
  Must(InvoiceCmd(20001001, "10001", 40000, 0, 2));
  ApplyPaymentOrder c;
  c.national_id = Pnr("640823238");
  c.claims = {{1, kInv}, {2, 20001001}};
  c.costs = Money::FromOre(30000);
  today_ = Date(2026, 12, 1);
  std::vector<Event> ev = Must(c);
  // Issue 23, item 13: the applying company's claim carries the accrued interest up to the
  // application (due Saturday 10-31, so Monday 11-02; from the day after it, 11-03..12-01 is 29
  // days; 1 250 kr at 2,00 + 8 % = 125 000 × 1 000 × 29 / 3 650 000 = 993,15 öre -> 9,93 kr), the
  // costs of the case and the watch text; the other company's claim is listed as it stands.
  ASSERT_EQ(ev.size(), 4u);
  EXPECT_EQ(std::get<InterestCharged>(ev[0].body).amount, Money::FromOre(993));
  EXPECT_EQ(std::get<FeeCharged>(ev[1].body).kind, ChargeKind::kPaymentOrderCost);
  EXPECT_EQ(std::get<FeeCharged>(ev[1].body).amount, Money::FromOre(30000));
  EXPECT_EQ(std::get<WatchTextSet>(ev[2].body).text, "Betalningsföreläggande");
  const auto& po = std::get<PaymentOrderApplied>(ev[3].body);
  ASSERT_EQ(po.claims.size(), 2u);
  EXPECT_EQ(po.claims[0].capital.ore(), 125000);
  EXPECT_EQ(po.claims[0].interest.ore(), 993);
  EXPECT_EQ(po.claims[0].fees.ore(), 30000);
  EXPECT_EQ(Inv().balance(), Money::FromOre(125000 + 993 + 30000));
  EXPECT_EQ(Inv().watch_text, "Betalningsföreläggande");
  EXPECT_EQ(po.claims[1].capital.ore(), 40000);
  EXPECT_TRUE(po.claims[1].interest.is_zero());
  EXPECT_EQ(state_.FindInvoice(2, 20001001)->dunning->payment_order_date, Date(2026, 12, 1));
  EXPECT_TRUE(RunOn(Date(2026, 12, 1)).empty());
  Refused(c, absl::StatusCode::kFailedPrecondition, "already in payment order");
  ApplyPaymentOrder other = c;
  other.national_id = Pnr("550101123");
  Refused(other, absl::StatusCode::kInvalidArgument, "is not a claim on");
  other = c;
  other.claims.clear();
  for (int i = 0; i < 17; ++i) other.claims.push_back({1, kInv});
  Refused(other, absl::StatusCode::kInvalidArgument, "at most 16");
}

TEST_F(DunningTest, TransferToCollectionZeroesTheClaim) {
  Must(DefinePaymentMethod{
      PaymentMethodDefined{"8", "Inkasso", false, true, true, MethodSpecial::kNone, false, 1519}});
  Must(DefinePaymentMethod{
      PaymentMethodDefined{"K", "Kravavgift", false, true, false, MethodSpecial::kCollectionFee, false, 0}});
  Must(DefinePaymentMethod{
      PaymentMethodDefined{"D", "Ränta", false, true, false, MethodSpecial::kInterest, false, 0}});
  Must(DefineDunningCode{DunningCodeDefined{9, "Inkasso", kCodeFlagsAll}});
  Must(DefineDunningCode{DunningCodeDefined{8, "Ej räntestopp", kCodeNoReminder1}});
  RunOn(Date(2026, 11, 10));
  RunOn(Date(2026, 11, 20));
  RunOn(Date(2026, 12, 10));  // inkassokrav with its 180 kr fee
  TransferToCollection t;
  t.days = 10;
  t.agency = "Svea Inkasso";
  t.code = 9;
  t.watch_text = "Inkasso 2026-12";
  t.capital_method = "8";
  t.fee_method = "K";
  t.interest_method = "D";
  today_ = Date(2026, 12, 15);
  Refused(t, absl::StatusCode::kFailedPrecondition, "no claim is due");
  today_ = Date(2026, 12, 20);
  TransferToCollection wrong = t;
  wrong.code = 8;
  Refused(wrong, absl::StatusCode::kFailedPrecondition, "'no interest'");
  std::vector<Event> ev = Must(t);
  EXPECT_EQ(Inv().balance().ore(), 0);
  EXPECT_EQ(Inv().collection_fees_reversed.ore(), 18000);
  EXPECT_EQ(Inv().paid_capital.ore(), 125000);
  EXPECT_EQ(Inv().paid_fees.ore(), 6000);  // the reminder fee goes with the claim
  EXPECT_EQ(Inv().dunning->code, 9);
  EXPECT_EQ(Inv().watch_text, "Inkasso 2026-12");
  EXPECT_EQ(std::get<TransferredToCollection>(ev.back().body).claim.ore(), 149000);
  EXPECT_TRUE(RunOn(Date(2027, 1, 30)).empty());
  CreateAmortizationPlan plan;
  plan.customer_number = "10001";
  plan.invoices = {kInv};
  plan.first_payment = Date(2027, 2, 28);
  plan.months = 3;
  Refused(plan, absl::StatusCode::kFailedPrecondition);
}

TEST_F(DunningTest, EveryDunningEventRoundTripsThroughTheRecordCodec) {
  RunOn(Date(2026, 11, 10));
  Must(DefineDunningCode{DunningCodeDefined{3, "Utredning", kCodeNoReminder2 | kCodeNoInterest}});
  Must(AssignDunningCode{kInv, 3, Date(2026, 12, 1)});
  Must(ClearDunningStep{kInv, DunningStep::kReminder1, "x"});
  CreateAmortizationPlan c;
  c.customer_number = "10001";
  c.invoices = {kInv};
  c.first_payment = Date(2026, 11, 30);
  c.months = 3;
  c.outside = {OutsideClaim{"Gammal skuld", Money::FromOre(12300)}};
  const std::string plan_id = std::get<AmortizationPlanEstablished>(Must(c).back().body).plan_id;
  Must(CancelAmortizationPlan{"10001", plan_id, "avbruten"});
  Must(ChangeDueDate{kInv, Date(2026, 11, 12), ""});
  ApplyPaymentOrder po;
  po.national_id = Pnr("640823238");
  po.claims = {{1, kInv}};
  Must(po);
  int64_t pos = 0;
  for (const Event& e : journal_) {
    JournalRecord r;
    r.position = ++pos;
    r.event = e;
    absl::StatusOr<JournalRecord> back = DecodeRecord(EncodeRecord(r));
    ASSERT_TRUE(back.ok()) << EventTypeName(e.body) << ": " << back.status();
    EXPECT_EQ(back->event, e) << EventTypeName(e.body);
  }
}

// A year of a municipality's billing: invoices every week, realistic late payment, dunning
// runs twice a month. Every run is idempotent, and the kravstatus rebuilt from the events and
// from the stored projection rows equals the live one.
TEST(DunningSimulationTest, AYearOfRunsIsIdempotentAndRebuildsToTheSameKravstatus) {
  LedgerState live;
  std::vector<Event> journal;
  int seq = 0;
  Date today(2026, 1, 1);
  auto exec = [&](CommandBody body) -> absl::StatusOr<std::vector<Event>> {
    absl::StatusOr<std::vector<Event>> ev = Decide(
        live, Command{Meta(absl::StrCat("sim-", ++seq)), std::move(body)}, DecideContext{TestNow(), today});
    if (!ev.ok()) return ev.status();
    for (const Event& e : *ev) {
      absl::Status s = Apply(live, e);
      if (!s.ok()) return s;
      journal.push_back(e);
    }
    return ev;
  };
  auto must = [&](CommandBody body) {
    absl::StatusOr<std::vector<Event>> r = exec(std::move(body));
    ASSERT_TRUE(r.ok()) << r.status();
  };
  for (const Command& c : ReferenceRateCommands()) {
    absl::StatusOr<std::vector<Event>> ev = Decide(live, c, DecideContext{TestNow(), today});
    ASSERT_TRUE(ev.ok()) << ev.status();
    for (const Event& e : *ev) {
      ASSERT_TRUE(Apply(live, e).ok());
      journal.push_back(e);
    }
  }
  must(RegisterCompany{"Exempelkommun", ""});
  must(SetDunningPolicy{Policy()});
  must(DefineDunningCode{
      DunningCodeDefined{1, "Anstånd", kCodeNoReminder1 | kCodeNoReminder2 | kCodeNoDemand}});
  std::mt19937 rng(20261123);
  const int kCustomers = 300;
  for (int i = 0; i < kCustomers; ++i) {
    CustomerDetails d;
    d.name = absl::StrCat("Kund ", i);
    d.national_id = Pnr("640823238");
    must(RegisterCustomer{absl::StrCat(20000 + i), d});
  }
  struct Plan {
    InvoiceNumber n;
    Date pay;  // when it is paid in full (or never)
  };
  std::vector<Plan> to_pay;
  InvoiceNumber next = 10000001;
  int runs = 0, letters = 0;
  for (int day = 0; day < 365; ++day, today = today + 1) {
    if (absl::GetWeekday(today) == absl::Weekday::monday) {  // a week's invoices
      for (int k = 0; k < 60; ++k) {
        IssueInvoice inv;
        inv.invoice_number = next++;
        inv.customer_number = absl::StrCat(20000 + static_cast<int>(rng() % kCustomers));
        inv.invoice_date = today;
        inv.due_date = today + 30;
        inv.lines.push_back(IssueInvoiceLine{
            "Avgift", Money::FromOre(20000 + static_cast<int64_t>(rng() % 400000)), 0, 3010});
        must(inv);
        const int r = static_cast<int>(rng() % 100);  // the thesis: most on time, a tail late, a few never
        const int delay = r < 70 ? -5 : r < 85 ? 15 : r < 95 ? 45 : 400;
        to_pay.push_back(Plan{inv.invoice_number, inv.due_date + delay});
        if (rng() % 50 == 0) must(AssignDunningCode{inv.invoice_number, 1, inv.due_date + 20});
      }
    }
    for (const Plan& p : to_pay) {
      if (p.pay != today) continue;
      const Invoice* inv = live.FindInvoice(1, p.n);
      if (inv->balance().is_positive()) {
        RecordPayment pay;
        pay.invoice_number = p.n;
        pay.amount = inv->balance();
        pay.transaction_date = today;
        must(pay);
      }
    }
    if (today.day() == 1 || today.day() == 16) {
      const LedgerState before_run = live;
      absl::StatusOr<std::vector<Event>> run = exec(RunDunning{today, {}});
      ASSERT_TRUE(run.ok()) << run.status();
      ++runs;
      for (const Event& e : *run) letters += std::holds_alternative<DunningStepIssued>(e.body);
      // Idempotent: a second run the same day writes nothing, and nothing more is due.
      const LedgerState after_run = live;
      EXPECT_EQ(exec(RunDunning{today, {}}).status().code(), absl::StatusCode::kAlreadyExists);
      EXPECT_EQ(live, after_run);
      absl::StatusOr<DunningPreview> again = PreviewDunningRun(live, 1, RunDunning{today, {}}, today);
      ASSERT_TRUE(again.ok());
      EXPECT_TRUE(again->letters.empty());
      EXPECT_NE(live, before_run);  // the run did record itself
    }
  }
  EXPECT_EQ(runs, 24);
  EXPECT_GT(letters, 500);
  // Rebuilt from the events.
  LedgerState rebuilt;
  for (const Event& e : journal) ASSERT_TRUE(Apply(rebuilt, e).ok());
  EXPECT_EQ(rebuilt, live);
  // And from the projection rows.
  LedgerState from_rows;
  for (const auto& [k, v] : rows::AllRows(live)) ASSERT_TRUE(rows::DecodeInto(k, v, from_rows).ok());
  EXPECT_EQ(from_rows, live);
  // The customers' totals kept by Apply are the sums over their claims.
  EXPECT_FALSE(live.customer_totals.empty());
  EXPECT_EQ(live.customer_totals, CustomerTotalsFromClaims(live));
  int reached_demand = 0;
  for (const auto& [k, inv] : live.invoices) reached_demand += inv.dunning->step_dates[3].has_value();
  EXPECT_GT(reached_demand, 50);
  // Kravstatus is on the heap only for claims that have one, in the live state and in one
  // read back from the rows alike (the memory of a ledger of mostly paid claims).
  int boxed = 0, never_dunned = 0;
  for (const auto& [k, inv] : from_rows.invoices) {
    const bool has_status = !(*inv.dunning == DunningInfo{});
    EXPECT_EQ(inv.dunning.allocated(), has_status) << inv.number;
    boxed += inv.dunning.allocated();
    never_dunned += !has_status;
  }
  for (const auto& [k, inv] : rebuilt.invoices)
    if (inv.dunning.allocated() == false) EXPECT_TRUE(*inv.dunning == DunningInfo{}) << inv.number;
  EXPECT_GT(boxed, 50);
  EXPECT_GT(never_dunned, 50);
}

}  // namespace
}  // namespace reskontra
