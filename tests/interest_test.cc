// Dröjsmålsränta as tables of hand-computed cases (each figure worked out in the comment next
// to it: capital öre × rate in hundredths of a percent × days / 3 650 000), a property test that
// splitting a period never changes the exact sum, and the interest commands: the run, its
// once-only rule, deductions, the transfer to the next invoice, interest charged at the
// inkassokrav and förseningsersättning.
#include "domain/interest.h"

#include <gtest/gtest.h>

#include <random>

#include "domain/documents.h"
#include "domain/dunning.h"
#include "domain/state.h"
#include "projections/rows.h"
#include "tests/domain_fixture.h"
#include "tests/test_util.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT

class InterestTest : public DomainFixture {
 protected:
  InterestTest() : DomainFixture(Date(2026, 11, 20)) {}
  void SetUp() override {
    Must(CompanyCmd());
    Must(CustomerCmd("10001"));
    for (const Command& c : ReferenceRateCommands()) Must(c);
    // The tables below count the due date as an interest day (the handbook's reading, a policy
    // option); OneDayLateCostsOneDayByDefault covers the default, from the day after.
    Policy(Base());
  }
  static InterestPolicySet Base() {
    InterestPolicySet p = DefaultInterestPolicy();
    p.from_day_after = false;
    return p;
  }

  void Invoice(InvoiceNumber n, int64_t ore, Date invoiced, Date due, const std::string& customer = "10001") {
    IssueInvoice i;
    i.invoice_number = n;
    i.customer_number = customer;
    i.invoice_date = invoiced;
    i.due_date = due;
    i.lines.push_back(IssueInvoiceLine{"Hyra", Money::FromOre(ore), 0, 3041});
    Must(i);
  }
  void Pay(InvoiceNumber n, int64_t ore, Date on, const std::string& method = "") {
    RecordPayment p;
    p.invoice_number = n;
    p.amount = Money::FromOre(ore);
    p.transaction_date = on;
    p.method = method;
    Must(p);
  }
  void Credit(InvoiceNumber n, int64_t ore, Date on, const std::string& method = "") {
    CreditInvoice c;
    c.invoice_number = n;
    c.amount = Money::FromOre(ore);
    c.credit_note_number = absl::StrCat("K", ++seq_);
    c.transaction_date = on;
    c.method = method;
    Must(c);
  }
  void Policy(InterestPolicySet p) { Must(SetInterestPolicy{p}); }
  InterestResult Interest(InvoiceNumber n, Date to, std::optional<Date> from = std::nullopt) {
    absl::StatusOr<InterestResult> r = AccruedInterest(state_, *state_.FindInvoice(1, n), to, from);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : InterestResult{};
  }
  const reskontra::Invoice& Inv(InvoiceNumber n) { return *state_.FindInvoice(1, n); }
};

// Kronofogden's calculator: 6 780 kr at 8 % (reference 0,00 + 8) from 2021-01-01 to
// 2021-04-20, both ends counted, 110 days / 365: 678 000 × 800 × 110 / 3 650 000 = 16 346,30 öre.
TEST_F(InterestTest, MatchesKronofogdensCalculator) {
  Invoice(10000001, 678000, Date(2020, 12, 1), Date(2020, 12, 30));
  Pay(10000001, 678000, Date(2021, 4, 20));
  InterestResult r = Interest(10000001, today_, Date(2021, 1, 1));
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0].days, 110);
  EXPECT_EQ(r.lines[0].rate_bp, 800);
  EXPECT_EQ(r.total, Money::FromOre(16346));
  EXPECT_TRUE(r.definitive);
  EXPECT_EQ(r.end, Date(2021, 4, 20));
}

// Issue 23, item 2: payment on the due date is on time, and by default interest runs from the
// day after it (räntelagen 3 §, Kronofogden's calculator), so one day late costs one day. The
// handbook's other reading (the due date is an interest day) is the policy's option.
// 10 000 kr due Tuesday 2026-03-10, reference 2,00 + 8 = 10,00 %; a day is
// 1 000 000 × 1 000 / 3 650 000 = 273,97 öre.
//   paid        days (default)  öre     days (from the due date)  öre
//   03-10       0               0       0                         0      (on time)
//   03-11       1               274     2                         548
//   03-12       2               548     3                         822    (821,92)
//   03-20       10              2 740   11                        3 014  (3 013,70)
TEST_F(InterestTest, OneDayLateCostsOneDayByDefault) {
  EXPECT_TRUE(DefaultInterestPolicy().from_day_after);
  struct Row {
    int paid_day, days_after, ore_after, days_from_due, ore_from_due;
  };
  const Row rows[] = {{10, 0, 0, 0, 0}, {11, 1, 274, 2, 548}, {12, 2, 548, 3, 822}, {20, 10, 2740, 11, 3014}};
  InvoiceNumber n = 10000300;
  for (const Row& row : rows) {
    ++n;
    Invoice(n, 1000000, Date(2026, 2, 10), Date(2026, 3, 10));
    Pay(n, 1000000, Date(2026, 3, row.paid_day));
  }
  Policy(DefaultInterestPolicy());
  auto check = [&](bool from_day_after) {
    InvoiceNumber m = 10000300;
    for (const Row& row : rows) {
      const InterestResult r = Interest(++m, today_);
      EXPECT_EQ(r.days, from_day_after ? row.days_after : row.days_from_due) << "paid 03-" << row.paid_day;
      EXPECT_EQ(r.total.ore(), from_day_after ? row.ore_after : row.ore_from_due)
          << "paid 03-" << row.paid_day;
      if (r.days > 0) EXPECT_EQ(r.lines.front().from, from_day_after ? Date(2026, 3, 11) : Date(2026, 3, 10));
    }
  };
  check(true);
  InterestPolicySet p = DefaultInterestPolicy();
  p.from_day_after = false;
  Policy(p);
  check(false);
}

// Across the reference-rate changes of 1 July 2022 (0,00 -> 0,50) and 1 January 2023
// (0,50 -> 2,50): 10 000 kr due 2022-06-15, paid 2023-01-20.
//   06-15..06-30  16 d × 1 000 000 ×  800 = 12 800 000 000  ->  3 506,85
//   07-01..12-31 184 d × 1 000 000 ×  850 = 156 400 000 000 -> 42 849,32
//   01-01..01-20  20 d × 1 000 000 × 1050 = 21 000 000 000  ->  5 753,42
//   exact sum 190 200 000 000 / 3 650 000 = 52 109,59 -> 521,10 kr; lines 35,07 + 428,49 + 57,54.
TEST_F(InterestTest, SplitsAtReferenceRateChangesOnFirstJanuaryAndJuly) {
  Invoice(10000002, 1000000, Date(2022, 5, 16), Date(2022, 6, 15));
  Pay(10000002, 1000000, Date(2023, 1, 20));
  InterestResult r = Interest(10000002, today_);
  ASSERT_EQ(r.lines.size(), 3u);
  EXPECT_EQ(r.lines[0].from, Date(2022, 6, 15));
  EXPECT_EQ(r.lines[0].to, Date(2022, 6, 30));
  EXPECT_EQ(r.lines[0].days, 16);
  EXPECT_EQ(r.lines[1].days, 184);
  EXPECT_EQ(r.lines[1].rate_bp, 850);
  EXPECT_EQ(r.lines[2].days, 20);
  EXPECT_EQ(r.lines[2].reference_bp, 250);
  EXPECT_EQ(r.lines[2].rate_bp, 1050);
  EXPECT_EQ(r.lines[0].interest, Money::FromOre(3507));
  EXPECT_EQ(r.lines[1].interest, Money::FromOre(42849));
  EXPECT_EQ(r.lines[2].interest, Money::FromOre(5754));
  EXPECT_EQ(r.total, Money::FromOre(52110));
  EXPECT_EQ(r.days, 220);
  // The default starts one day later: 15 days in June, 189 400 000 000 -> 518,90 kr.
  Policy(DefaultInterestPolicy());
  EXPECT_EQ(Interest(10000002, today_).total, Money::FromOre(51890));
}

// 10 000 kr at 12,00 % (reference 4,00 from 2024-01-01) due 2024-03-15, paid 3 000 kr on
// 04-10, 2 000 kr on 05-02 and the last 5 000 kr on 06-14; a payment's own day bears interest.
//   03-15..04-10 27 d × 1 000 000 = 32 400 000 000
//   04-11..05-02 22 d ×   700 000 = 18 480 000 000
//   05-03..06-14 43 d ×   500 000 = 25 800 000 000
//   76 680 000 000 / 3 650 000 = 21 008,22 -> 210,08 kr.
TEST_F(InterestTest, FollowsPartialPaymentsOnSeveralDates) {
  Invoice(10000003, 1000000, Date(2024, 2, 14), Date(2024, 3, 15));
  Pay(10000003, 300000, Date(2024, 4, 10));
  Pay(10000003, 200000, Date(2024, 5, 2));
  Pay(10000003, 500000, Date(2024, 6, 14));
  InterestResult r = Interest(10000003, today_);
  ASSERT_EQ(r.lines.size(), 3u);
  EXPECT_EQ(r.lines[0].days, 27);
  EXPECT_EQ(r.lines[1].capital, Money::FromOre(700000));
  EXPECT_EQ(r.lines[1].days, 22);
  EXPECT_EQ(r.lines[2].capital, Money::FromOre(500000));
  EXPECT_EQ(r.lines[2].days, 43);
  EXPECT_EQ(r.total, Money::FromOre(21008));
  Money sum;
  for (const InterestLine& l : r.lines) sum += l.interest;
  EXPECT_EQ(sum, r.total);
  // Accrued to a date inside the period: only what was known and owed by then.
  InterestResult mid = Interest(10000003, Date(2024, 4, 20));
  EXPECT_FALSE(mid.definitive);
  ASSERT_EQ(mid.lines.size(), 2u);
  EXPECT_EQ(mid.lines[1].days, 10);  // 04-11..04-20 on 7 000 kr
  // 32 400 000 000 + 700 000 × 1200 × 10 = 40 800 000 000 / 3 650 000 = 11 178,08 -> 111,78 kr
  EXPECT_EQ(mid.total, Money::FromOre(11178));
}

// 3 650 kr at 12,00 % across 29 February 2024: 02-27..03-01 is 4 days (a 365-day year all the
// same): 365 000 × 1200 × 4 / 3 650 000 = 480 öre. The same dates in 2023 are 3 days at 10,50 %:
// 365 000 × 1050 × 3 / 3 650 000 = 315 öre.
TEST_F(InterestTest, CountsTheLeapDay) {
  Invoice(10000004, 365000, Date(2024, 1, 29), Date(2024, 2, 27));
  Pay(10000004, 365000, Date(2024, 3, 1));
  EXPECT_EQ(Interest(10000004, today_).days, 4);
  EXPECT_EQ(Interest(10000004, today_).total, Money::FromOre(480));
  Invoice(10000005, 365000, Date(2023, 1, 27), Date(2023, 2, 27));
  Pay(10000005, 365000, Date(2023, 3, 1));
  EXPECT_EQ(Interest(10000005, today_).days, 3);
  EXPECT_EQ(Interest(10000005, today_).total, Money::FromOre(315));
}

// Due Saturday 2024-06-08: paying on Monday 06-10 is on time; paying on Tuesday counts 06-10 and
// 06-11: 1 000 000 × 1200 × 2 / 3 650 000 = 657,53 -> 6,58 kr. Paying on the due date itself
// bears no interest.
TEST_F(InterestTest, DueDateOnAWeekendAndPaymentOnTheDueDate) {
  Invoice(10000006, 1000000, Date(2024, 5, 9), Date(2024, 6, 8));
  Pay(10000006, 1000000, Date(2024, 6, 10));
  EXPECT_EQ(Interest(10000006, today_).total, Money());
  EXPECT_TRUE(Interest(10000006, today_).lines.empty());
  Invoice(10000007, 1000000, Date(2024, 5, 9), Date(2024, 6, 8));
  Pay(10000007, 1000000, Date(2024, 6, 11));
  EXPECT_EQ(Interest(10000007, today_).start, Date(2024, 6, 10));
  EXPECT_EQ(Interest(10000007, today_).total, Money::FromOre(658));
  Invoice(10000008, 1000000, Date(2024, 5, 14), Date(2024, 6, 13));
  Pay(10000008, 1000000, Date(2024, 6, 13));
  EXPECT_EQ(Interest(10000008, today_).total, Money());
  // Midsummer Eve (Friday 2024-06-21) is no banking day either.
  EXPECT_TRUE(IsBankHoliday(Date(2024, 6, 21)));
  EXPECT_TRUE(IsBankHoliday(Date(2024, 3, 29)));   // långfredag
  EXPECT_TRUE(IsBankHoliday(Date(2024, 5, 9)));    // Kristi himmelsfärd
  EXPECT_FALSE(IsBankHoliday(Date(2024, 6, 20)));  // a Thursday
  EXPECT_EQ(NextBankingDay(Date(2024, 12, 24)), Date(2024, 12, 27));
}

// 10 000 kr due 2024-04-15. A 2 000 kr credit before the due date never bears interest; a
// 1 000 kr credit on 05-15 lowers the capital from 05-16; the rest is paid 05-31.
//   04-15..05-15 31 d × 800 000 × 1200 = 29 760 000 000
//   05-16..05-31 16 d × 700 000 × 1200 = 13 440 000 000
//   43 200 000 000 / 3 650 000 = 11 835,62 -> 118,36 kr.
// With an interest-exempt method (dröjsmålsfaktureras ej) the 1 000 kr bears nothing at all:
//   47 d × 700 000 × 1200 = 39 480 000 000 -> 10 816,44 -> 108,16 kr.
TEST_F(InterestTest, CreditsBeforeAndAfterTheDueDateAndExemptReductions) {
  Invoice(10000009, 1000000, Date(2024, 3, 15), Date(2024, 4, 15));
  Credit(10000009, 200000, Date(2024, 4, 1));
  Credit(10000009, 100000, Date(2024, 5, 15));
  Pay(10000009, 700000, Date(2024, 5, 31));
  InterestResult r = Interest(10000009, today_);
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[0].capital, Money::FromOre(800000));
  EXPECT_EQ(r.lines[0].days, 31);
  EXPECT_EQ(r.lines[1].capital, Money::FromOre(700000));
  EXPECT_EQ(r.total, Money::FromOre(11836));

  PaymentMethodDefined m;
  m.code = "R";
  m.text = "Räntefri kred";
  m.no_interest = true;
  Must(DefinePaymentMethod{m});
  Invoice(10000010, 1000000, Date(2024, 3, 15), Date(2024, 4, 15));
  Credit(10000010, 200000, Date(2024, 4, 1));
  Credit(10000010, 100000, Date(2024, 5, 15), "R");
  Pay(10000010, 700000, Date(2024, 5, 31));
  InterestResult x = Interest(10000010, today_);
  ASSERT_EQ(x.lines.size(), 1u);
  EXPECT_EQ(x.lines[0].days, 47);
  EXPECT_EQ(x.total, Money::FromOre(10816));
}

TEST_F(InterestTest, ExemptionsEstateKravkodAndDeferral) {
  ChangeCustomer estate;
  estate.customer_number = "10001";
  estate.details = state_.FindCustomer(1, "10001")->details;
  estate.details.kind = CustomerKind::kEstate;
  Invoice(10000011, 1000000, Date(2024, 3, 15), Date(2024, 4, 15));
  Pay(10000011, 1000000, Date(2024, 5, 31));
  EXPECT_GT(Interest(10000011, today_).total, Money());
  Must(estate);
  InterestResult r = Interest(10000011, today_);
  EXPECT_EQ(r.total, Money());
  EXPECT_NE(r.exemption.find("dödsbo"), std::string::npos);
  InterestPolicySet p = Base();
  p.estates_exempt = false;  // the company charges estates after all
  Policy(p);
  EXPECT_GT(Interest(10000011, today_).total, Money());

  Must(CustomerCmd("10002"));
  Must(DefineDunningCode{DunningCodeDefined{4, "Ej ränta", kCodeNoInterest}});
  Must(DefineDunningCode{DunningCodeDefined{1, "Anstånd", kCodeNoReminder1 | kCodeNoInterestInDeferral}});
  today_ = Date(2026, 9, 1);
  Invoice(10000012, 1000000, Date(2026, 8, 1), Date(2026, 8, 31), "10002");
  Must(AssignDunningCode{10000012, 4, std::nullopt});
  EXPECT_NE(Interest(10000012, Date(2026, 10, 15)).exemption.find("kravkod 4"), std::string::npos);
  Invoice(10000013, 1000000, Date(2026, 8, 1), Date(2026, 8, 31), "10002");
  Must(AssignDunningCode{10000013, 1, Date(2026, 10, 15)});
  today_ = Date(2026, 10, 10);
  Pay(10000013, 1000000, Date(2026, 10, 10));  // within the respite: no interest
  EXPECT_NE(Interest(10000013, today_).exemption.find("respite"), std::string::npos);
  Invoice(10000014, 1000000, Date(2026, 8, 1), Date(2026, 8, 31), "10002");
  today_ = Date(2026, 9, 1);
  Must(AssignDunningCode{10000014, 1, Date(2026, 9, 30)});
  today_ = Date(2026, 10, 10);
  Pay(10000014, 1000000, Date(2026, 10, 10));  // after the respite: interest from the due date
  InterestResult late = Interest(10000014, today_);
  EXPECT_EQ(late.start, Date(2026, 8, 31));
  // 41 days (08-31..10-10) × 1 000 000 × 1000 (2,00 + 8) = 41 000 000 000 -> 11 232,88 -> 112,33 kr
  EXPECT_EQ(late.total, Money::FromOre(11233));
}

TEST_F(InterestTest, NoReferenceRateIsAClearError) {
  Invoice(10000015, 100000, Date(2015, 5, 1), Date(2015, 6, 1));
  absl::StatusOr<InterestResult> r = AccruedInterest(state_, Inv(10000015), Date(2015, 12, 31));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("rate set"), std::string::npos);
}

// Splitting a period at any day: the two parts' exact sums add up to the whole's, the whole
// is that sum rounded once, and the parts rounded on their own differ by at most one öre.
TEST_F(InterestTest, PropertySplittingThePeriodKeepsTheTotal) {
  std::mt19937 rng(20261123);
  int checked = 0, with_lines = 0;
  for (int k = 0; k < 200; ++k) {
    const InvoiceNumber n = 10100000 + k;
    const Date due = Date(2016, 1, 1) + static_cast<int>(rng() % 3600);
    Invoice(n, 1000 + rng() % 50'000'000, due - 30, due);
    Date d = due;
    for (int p = 0; p < 4 && Inv(n).balance().is_positive(); ++p) {
      d += static_cast<int>(rng() % 200);
      if (d > today_) break;
      const int64_t part = p == 3 ? Inv(n).balance().ore() : 1 + rng() % Inv(n).balance().ore();
      Pay(n, part, d);
    }
    const InterestResult whole = Interest(n, today_);
    if (!whole.start || whole.end < *whole.start) continue;
    const int span = static_cast<int>(whole.end - *whole.start);
    const Date split = *whole.start + static_cast<int>(rng() % (span + 1));
    const InterestResult first = Interest(n, split - 1);
    const InterestResult second = Interest(n, whole.end, split);
    ASSERT_EQ(first.exact + second.exact, whole.exact) << "invoice " << n << " split " << FormatDate(split);
    EXPECT_EQ(RoundInterest(first.exact + second.exact), whole.total);
    const int64_t apart = (first.total + second.total - whole.total).ore();
    EXPECT_LE(apart < 0 ? -apart : apart, 1);
    Money sum;
    for (const InterestLine& l : whole.lines) sum += l.interest;
    EXPECT_EQ(sum, whole.total);
    EXPECT_EQ(first.days + second.days, whole.days);
    ++checked;
    with_lines += whole.lines.size() > 1;
  }
  EXPECT_GT(checked, 150);
  EXPECT_GT(with_lines, 100);  // most periods cross a payment or a rate change
}

class InterestRunTest : public InterestTest {
 protected:
  void SetUp() override {
    InterestTest::SetUp();
    InterestPolicySet p = Base();
    p.min_interest_kronor = 10;
    p.min_days_late = 8;
    Policy(p);
    today_ = Date(2026, 6, 1);
    Invoice(10000101, 1000000, Date(2026, 1, 2), Date(2026, 2, 2));  // paid 58 days late
    Invoice(10000102, 1000000, Date(2026, 1, 2), Date(2026, 2, 2));  // paid 5 days late
    Invoice(10000103, 10000, Date(2026, 1, 2), Date(2026, 2, 2));    // tiny interest
    Invoice(10000104, 1000000, Date(2026, 1, 2), Date(2026, 2, 2));  // charged interest before
    today_ = Date(2026, 11, 18);
    Pay(10000101, 1000000, Date(2026, 4, 1));
    Pay(10000102, 1000000, Date(2026, 2, 7));
    Pay(10000103, 10000, Date(2026, 4, 1));
    Must(ChargeInterest{10000104, Money::FromOre(5000), "upplupen ränta", Date(2026, 3, 1)});
    Pay(10000104, 1005000, Date(2026, 4, 1));
    Must(RecordPaidInterest{10000104, Money::FromOre(1000), "betalt utan debitering"});
  }
  InterestSelection Period() {
    InterestSelection s;
    s.paid_from = Date(2026, 1, 1);
    s.paid_to = Date(2026, 10, 31);
    return s;
  }
};

// 02-02..04-01 is 59 days at 10,00 % (2,00 + 8): 1 000 000 × 1000 × 59 / 3 650 000 = 16 164,38
// -> 161,64 kr.
TEST_F(InterestRunTest, InvoicesOncePerClaimWithRoutinePlusFiftyAndDeductions) {
  absl::StatusOr<std::vector<InterestCandidate>> listed = SelectInterestCandidates(state_, 1, Period(), true);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 4u);
  EXPECT_EQ((*listed)[0].interest, Money::FromOre(16164));
  EXPECT_EQ((*listed)[0].days, 59);
  EXPECT_NE((*listed)[1].skipped.find("5 days late"), std::string::npos);
  EXPECT_NE((*listed)[2].skipped.find("under the minimum 10 kr"), std::string::npos);
  EXPECT_EQ((*listed)[3].deducted, Money::FromOre(6000));  // 50 kr charged + 10 kr paid
  EXPECT_EQ((*listed)[3].amount, Money::FromOre(16164 - 6000));

  std::vector<Event> run = Must(RunInterestInvoicing{Period(), std::nullopt});
  ASSERT_EQ(run.size(), 4u);  // two interest invoices, each with its InterestInvoiced
  const auto& issued = std::get<InvoiceIssued>(run[0].body);
  EXPECT_EQ(issued.invoice_number, 10000101 + 500000000);
  EXPECT_EQ(issued.routine, 51);
  EXPECT_EQ(issued.total, Money::FromOre(16164));
  // 2026-11-18 + 10 = Saturday 11-28 -> Monday 11-30.
  EXPECT_EQ(issued.due_date, Date(2026, 11, 30));
  EXPECT_EQ(std::get<InterestInvoiced>(run[3].body).amount, Money::FromOre(10164));
  EXPECT_EQ(Inv(10000101).interest_settled_by, 510000101);
  EXPECT_EQ(Inv(10000101).interest_invoiced, Money::FromOre(16164));

  // The interest invoice is an ordinary claim that bears no interest of its own.
  const reskontra::Invoice& ii = Inv(510000101);
  EXPECT_TRUE(ii.is_interest_invoice);
  EXPECT_EQ(ii.balance(), Money::FromOre(16164));
  EXPECT_NE(Interest(510000101, Date(2027, 3, 1)).exemption.find("interest invoice"), std::string::npos);
  // Its copy (issue 25) is a RÄNTEFAKTURA whose rows are its lines, once: the amount invoiced.
  DocumentProduced copy{ProducedDocument::kInvoiceCopy, 1, today_, -1, {510000101}, "", false, "", 0, 0};
  absl::StatusOr<DocumentContent> doc = InvoiceDocument(
      *state_.FindCompany(1), *state_.FindCustomer(1, ii.customer_number), ii, copy, journal_);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->kind, DocumentKind::kInterestInvoice);
  EXPECT_EQ(doc->total, Money::FromOre(16164));
  Money rows;
  for (const DocumentRow& r : doc->rows) rows += r.amount;
  EXPECT_EQ(rows, Money::FromOre(16164));
  for (const std::string& p : doc->after) EXPECT_EQ(p.find("återstår"), std::string::npos) << p;
  Must(SetDunningPolicy{DefaultDunningPolicy()});
  EXPECT_EQ(DunningStatusOf(state_, ii, Date(2026, 12, 15)).next, DunningStep::kReminder1);

  // Once only: a second run writes nothing.
  Refused(RunInterestInvoicing{Period(), std::nullopt}, absl::StatusCode::kFailedPrecondition, "once");
  Refused(RecordPaidInterest{10000101, Money::FromOre(100), ""}, absl::StatusCode::kFailedPrecondition);
  // The projection rows carry it all across a restart.
  LedgerState loaded;
  for (const auto& [key, value] : rows::AllRows(state_))
    ASSERT_TRUE(rows::DecodeInto(key, value, loaded).ok());
  EXPECT_EQ(loaded.invoices, state_.invoices);
  EXPECT_EQ(loaded.reference_rates, state_.reference_rates);
  EXPECT_EQ(loaded.companies, state_.companies);
}

// An interest invoice whose OCR reference another invoice already carries is skipped with the
// reason, so no payment can be matched to the wrong claim; the others are still invoiced.
TEST_F(InterestRunTest, SkipsAClaimWhoseInterestInvoiceReferenceIsTaken) {
  IssueInvoice other;
  other.invoice_number = 10000199;
  other.customer_number = "10001";
  other.invoice_date = today_;
  other.due_date = today_ + 30;
  other.ocr_reference = PaymentReferenceFor(*state_.FindCompany(1), 510000101);
  other.lines.push_back(IssueInvoiceLine{"Hyra", Money::FromOre(1000), 0, 3041});
  Must(other);
  absl::StatusOr<std::vector<InterestCandidate>> listed = SelectInterestCandidates(state_, 1, Period(), true);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ((*listed)[0].invoice_number, 10000101);
  EXPECT_NE((*listed)[0].skipped.find("OCR reference"), std::string::npos) << (*listed)[0].skipped;
  std::vector<Event> run = Must(RunInterestInvoicing{Period(), std::nullopt});
  ASSERT_EQ(run.size(), 2u);  // only 10000104's interest invoice
  EXPECT_EQ(std::get<InvoiceIssued>(run[0].body).invoice_number, 510000104);
  EXPECT_EQ(state_.FindInvoiceByOcr(1, other.ocr_reference)->number, 10000199);
}

TEST_F(InterestRunTest, RefusesBadPeriodsAndDueDates) {
  InterestSelection backwards = Period();
  std::swap(backwards.paid_from, backwards.paid_to);
  Refused(RunInterestInvoicing{backwards, std::nullopt}, absl::StatusCode::kInvalidArgument, "backwards");
  InterestSelection future = Period();
  future.paid_to = Date(2026, 12, 31);
  Refused(RunInterestInvoicing{future, std::nullopt}, absl::StatusCode::kInvalidArgument, "after today");
  Refused(RunInterestInvoicing{Period(), Date(2026, 11, 1)}, absl::StatusCode::kInvalidArgument, "passed");
  InterestSelection none = Period();
  none.paid_to = Date(2026, 1, 31);
  Refused(RunInterestInvoicing{none, std::nullopt}, absl::StatusCode::kFailedPrecondition);
  Refused(Command{Meta("rate-bad", 0), SetReferenceRate{Date(2026, 7, 1), 9000, "x"}},
          absl::StatusCode::kInvalidArgument);
  Refused(Command{Meta("rate-co", 1), SetReferenceRate{Date(2026, 7, 1), 175, "x"}},
          absl::StatusCode::kInvalidArgument, "company 0");
}

TEST_F(InterestRunTest, TransfersToTheNextInvoiceInstead) {
  Invoice(10000201, 50000, Date(2026, 11, 1), Date(2026, 11, 30));  // the next invoice
  std::vector<Event> moved = Must(TransferInterestToNextInvoice{Period()});
  ASSERT_EQ(moved.size(), 2u);
  const auto& t = std::get<InterestTransferredToNextInvoice>(moved[0].body);
  EXPECT_EQ(t.interest_invoice, 10000201);
  EXPECT_EQ(Inv(10000201).interest, Money::FromOre(16164 + 10164));
  EXPECT_EQ(Inv(10000201).balance(), Money::FromOre(50000 + 16164 + 10164));
  EXPECT_TRUE(Inv(10000101).interest_transferred);
  Refused(RunInterestInvoicing{Period(), std::nullopt}, absl::StatusCode::kFailedPrecondition);
}

TEST_F(InterestTest, ChargesAccruedInterestAtTheInkassokravAndForseningsersattning) {
  DunningPolicySet dp = DefaultDunningPolicy();
  dp.fees_agreed = true;
  dp.demand.print_interest = true;
  dp.charge_interest_at_demand = true;
  Must(SetDunningPolicy{dp});
  today_ = Date(2026, 9, 1);
  Invoice(10000301, 1000000, Date(2026, 8, 1), Date(2026, 8, 31));
  today_ = Date(2026, 9, 10);
  Must(RunDunning{Date(2026, 9, 10), {}});  // reminder 1
  today_ = Date(2026, 9, 24);
  std::vector<Event> demand = Must(RunDunning{Date(2026, 9, 24), {}});
  const InterestCharged* charged = nullptr;
  for (const Event& e : demand)
    if (const auto* c = std::get_if<InterestCharged>(&e.body)) charged = c;
  ASSERT_NE(charged, nullptr);
  // 08-31..09-24 is 25 days at 10,00 %: 1 000 000 × 1000 × 25 / 3 650 000 = 6 849,32 -> 68,49 kr
  EXPECT_EQ(charged->amount, Money::FromOre(6849));
  EXPECT_EQ(Inv(10000301).open_interest(), Money::FromOre(6849));

  // A business customer with förseningsersättning: 450 kr at the first letter, no fee.
  InterestPolicySet ip = Base();
  ip.late_compensation = true;
  Policy(ip);
  RegisterCustomer org;
  org.customer_number = "20001";
  org.details.kind = CustomerKind::kOrganisation;
  org.details.name = "Blekinge Bygg AB";
  org.details.national_id = Pnr("556677123");
  Must(org);
  today_ = Date(2026, 9, 24);
  Invoice(10000302, 1000000, Date(2026, 9, 1), Date(2026, 9, 30), "20001");
  today_ = Date(2026, 10, 10);
  std::vector<Event> first = Must(RunDunning{Date(2026, 10, 10), {}});
  bool compensation = false;
  for (const Event& e : first) {
    if (const auto* f = std::get_if<FeeCharged>(&e.body); f && f->invoice_number == 10000302) {
      EXPECT_EQ(f->kind, ChargeKind::kLateCompensation);
      EXPECT_EQ(f->amount, Money::FromOre(45000));
      compensation = true;
    }
  }
  EXPECT_TRUE(compensation);
  EXPECT_EQ(Inv(10000302).late_compensation, Money::FromOre(45000));
  EXPECT_EQ(Inv(10000302).reminder_fees, Money());
}

}  // namespace
}  // namespace reskontra
