// Issue 23, item 4: a customer's credit balance (förskott, tillgodohavande) can be used. It is
// applied to the customer's open invoices like a payment (fees, interest, capital), paid back,
// applied to the next invoice at issue where the company chose so, and netted by dunning (no
// letter for a claim it covers; a letter states what is left). Each with its postings, and the
// reconciliation holding throughout.
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "domain/dunning.h"
#include "domain/interest.h"
#include "domain/limits.h"
#include "domain/postings.h"
#include "domain/state.h"
#include "journal/record.h"
#include "tests/domain_fixture.h"
#include "tests/test_util.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT

constexpr InvoiceNumber kPaid = 10001001;  // 1 250,00 kr, paid 1 350,00 kr: 100,00 kr credit
constexpr InvoiceNumber kOpen = 10001002;  // 250,00 kr (200 + VAT), due 2026-10-31

class CreditBalanceTest : public DomainFixture {
 protected:
  CreditBalanceTest() : DomainFixture(Date(2026, 11, 20)) {}
  void SetUp() override {
    Must(CompanyCmd());
    Must(CustomerCmd("10001"));
    Must(CustomerCmd("10002"));
    Must(InvoiceCmd(kPaid, "10001", 100000));
    Must(PaymentCmd("overpay", kPaid, 135000, Date(2026, 10, 20)));
  }
  Money Credit(const std::string& customer = "10001") {
    return state_.FindCustomer(1, customer)->credit_balance;
  }
  const Invoice& Inv(InvoiceNumber n) { return *state_.FindInvoice(1, n); }
  // The postings of everything so far, and whether the reconciliation holds.
  PostingFold Fold() {
    PostingFold fold;
    uint64_t position = 0;
    for (const Event& e : journal_) EXPECT_TRUE(fold.Add(++position, e).ok());
    EXPECT_TRUE(fold.Unbalanced().empty());
    const Reconciliation r = Reconcile(
        fold.state(), BalancesOf(fold, std::nullopt), fold,
        [](const Invoice& i) { return std::optional<Money>(i.balance()); }, true);
    EXPECT_TRUE(r.ok());
    return fold;
  }
  using Lines = std::vector<std::pair<int32_t, int64_t>>;
  static Lines LinesOf(const PostingFold& fold, absl::string_view type) {
    Lines out;
    for (const Verifikation& v : fold.verifikationer())
      if (absl::StartsWith(v.text, type))
        for (const PostingLine& l : v.lines) out.emplace_back(l.account, l.amount.ore());
    return out;
  }
};

TEST_F(CreditBalanceTest, AppliedToAnOpenInvoiceFeesFirstWithItsPostings) {
  ASSERT_EQ(Credit(), Money::FromOre(10000));
  Must(InvoiceCmd(kOpen, "10001", 20000));
  Must(ChargeFee{kOpen, ChargeKind::kReminderFee, Money::FromOre(6000), true, "", Date(2026, 11, 10)});
  std::vector<Event> ev = Must(ApplyCreditBalance{"10001", kOpen, std::nullopt, std::nullopt});
  ASSERT_EQ(ev.size(), 1u);
  const auto& applied = std::get<CreditBalanceApplied>(ev[0].body);
  // 100 kr: the 60 kr fee first, then 40 kr of capital.
  EXPECT_EQ(applied.fees, Money::FromOre(6000));
  EXPECT_EQ(applied.interest, Money());
  EXPECT_EQ(applied.capital, Money::FromOre(4000));
  EXPECT_EQ(ev[0].meta.effective_date, today_);
  EXPECT_TRUE(Credit().is_zero());
  EXPECT_EQ(Inv(kOpen).balance(), Money::FromOre(25000 + 6000 - 10000));
  EXPECT_EQ(state_.TotalsOf(1, "10001").debt, Money::FromOre(21000));
  // Förskott (2420) down, kundfordringar (1510) down.
  const PostingFold fold = Fold();
  EXPECT_EQ(LinesOf(fold, "CreditBalanceApplied"), (Lines{{1510, -10000}, {2420, 10000}}));
  // Nothing more to apply.
  Refused(ApplyCreditBalance{"10001", kOpen, std::nullopt, std::nullopt},
          absl::StatusCode::kFailedPrecondition, "has no credit balance");
}

TEST_F(CreditBalanceTest, OldestFirstAcrossInvoicesAndOnlyWhatIsAsked) {
  IssueInvoice later;
  later.invoice_number = 10001003;
  later.customer_number = "10001";
  later.invoice_date = Date(2026, 11, 1);
  later.due_date = Date(2026, 11, 30);
  later.lines.push_back(IssueInvoiceLine{"Hyra", Money::FromOre(5000), 0, 3041});
  Must(later);
  IssueInvoice older = later;
  older.invoice_number = 10001004;
  older.due_date = Date(2026, 11, 15);
  older.lines[0].net = Money::FromOre(3000);
  Must(older);
  // 70 kr of the 100: 30 kr to the invoice due first, 40 kr to the other.
  std::vector<Event> ev = Must(ApplyCreditBalance{"10001", 0, Money::FromOre(7000), std::nullopt});
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(std::get<CreditBalanceApplied>(ev[0].body).invoice_number, 10001004);
  EXPECT_EQ(std::get<CreditBalanceApplied>(ev[0].body).capital, Money::FromOre(3000));
  EXPECT_EQ(std::get<CreditBalanceApplied>(ev[1].body).capital, Money::FromOre(4000));
  EXPECT_EQ(Inv(10001004).status, InvoiceStatus::kPaid);
  EXPECT_EQ(Inv(10001004).slutbetald, today_);
  EXPECT_EQ(Credit(), Money::FromOre(3000));
  Refused(ApplyCreditBalance{"10001", 0, Money::FromOre(3001), std::nullopt},
          absl::StatusCode::kFailedPrecondition, "credit balance of 30,00 kr, not 30,01 kr");
  Refused(ApplyCreditBalance{"10001", 0, Money::FromOre(-1), std::nullopt},
          absl::StatusCode::kInvalidArgument, "");
  Refused(ApplyCreditBalance{"10001", 0, std::nullopt, Date(2026, 11, 21)},
          absl::StatusCode::kInvalidArgument, "in the future");
  Must(InvoiceCmd(20002001, "10002", 10000));
  Refused(ApplyCreditBalance{"10001", 20002001, std::nullopt, std::nullopt},
          absl::StatusCode::kInvalidArgument, "is customer 10002's");
  Refused(ApplyCreditBalance{"10009", 0, std::nullopt, std::nullopt}, absl::StatusCode::kNotFound, "");
  Fold();
}

TEST_F(CreditBalanceTest, PaidBackWithTheBankLine) {
  Refused(
      RefundCreditBalance{"10001", Money::FromOre(10001), "Clearing 8327-9, konto 12345678", std::nullopt},
      absl::StatusCode::kFailedPrecondition, "credit balance of 100,00 kr");
  Refused(RefundCreditBalance{"10001", std::nullopt, "", std::nullopt}, absl::StatusCode::kInvalidArgument,
          "recipient");
  Must(RefundCreditBalance{"10001", Money::FromOre(4000), "Clearing 8327-9, konto 12345678", std::nullopt});
  EXPECT_EQ(Credit(), Money::FromOre(6000));
  std::vector<Event> ev = Must(RefundCreditBalance{"10001", std::nullopt, "Clearing 8327-9", std::nullopt});
  EXPECT_EQ(std::get<CreditBalanceRefunded>(ev[0].body).amount, Money::FromOre(6000));
  EXPECT_TRUE(Credit().is_zero());
  const PostingFold fold = Fold();
  EXPECT_EQ(LinesOf(fold, "CreditBalanceRefunded"),
            (Lines{{1930, -4000}, {2420, 4000}, {1930, -6000}, {2420, 6000}}));
  // Every new event survives the journal's codec.
  for (const Event& e : journal_) {
    JournalRecord r;
    r.position = 1;
    r.event = e;
    absl::StatusOr<JournalRecord> back = DecodeRecord(EncodeRecord(r));
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(back->event, e);
  }
}

TEST_F(CreditBalanceTest, TheNextInvoiceIsPaidAtIssueWhereTheCompanyChoseSo) {
  Must(InvoiceCmd(kOpen, "10001", 4000));  // 50 kr: the setting is off, the credit stays
  EXPECT_EQ(Credit(), Money::FromOre(10000));
  SetPaymentSettings s;
  s.bankgiro = "9912346";
  s.apply_credit_to_new_invoices = true;
  Must(s);
  std::vector<Event> ev = Must(InvoiceCmd(10001003, "10001", 4000));  // 50 kr incl. VAT
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(std::get<CreditBalanceApplied>(ev[1].body).capital, Money::FromOre(5000));
  EXPECT_EQ(Inv(10001003).status, InvoiceStatus::kPaid);
  EXPECT_EQ(Credit(), Money::FromOre(5000));
  ev = Must(InvoiceCmd(10001005, "10001", 8000));  // 100 kr: the last 50 kr pay half
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(Inv(10001005).balance(), Money::FromOre(5000));
  EXPECT_TRUE(Credit().is_zero());
  EXPECT_EQ(Must(InvoiceCmd(10001006, "10001", 8000)).size(), 1u);  // nothing left to apply
  Fold();
}

TEST_F(CreditBalanceTest, DunningNetsTheCreditNoLetterForACoveredClaim) {
  DunningPolicySet p = DefaultDunningPolicy();
  p.reminder1.print_interest = false;
  p.demand.print_interest = false;
  Must(SetDunningPolicy{p});
  Must(InvoiceCmd(kOpen, "10001", 6000));       // 75 kr: covered by the 100 kr credit
  Must(InvoiceCmd(10001003, "10001", 4000));    // 50 kr: 25 kr of credit left
  Must(InvoiceCmd(20002001, "10002", 100000));  // no credit
  const RunDunning run{Date(2026, 11, 20), {}};
  absl::StatusOr<DunningPreview> preview = PreviewDunningRun(state_, 1, run, today_);
  ASSERT_TRUE(preview.ok()) << preview.status();
  EXPECT_EQ(preview->covered_by_credit, (std::vector<InvoiceNumber>{kOpen}));
  ASSERT_EQ(preview->letters.size(), 2u);
  EXPECT_EQ(preview->letters[0].invoice_number, 10001003u);
  EXPECT_EQ(preview->letters[0].customer_credit, Money::FromOre(2500));
  EXPECT_EQ(preview->letters[1].invoice_number, 20002001u);
  EXPECT_TRUE(preview->letters[1].customer_credit.is_zero());
  // The run writes the letters with the credit they state.
  int letters = 0;
  for (const Event& e : Must(run)) {
    if (const auto* l = std::get_if<DunningStepIssued>(&e.body)) {
      ++letters;
      EXPECT_NE(l->invoice_number, kOpen);
      if (l->invoice_number == 10001003) EXPECT_EQ(l->customer_credit, Money::FromOre(2500));
    }
  }
  EXPECT_EQ(letters, 2);
  // The run records what the credit covered, for its receipt.
  const auto& done = std::get<DunningRunCompleted>(journal_.back().body);
  EXPECT_EQ(done.covered_by_credit, (std::vector<InvoiceNumber>{kOpen}));
}

// The credit a letter states is what is left after every claim it covers, whichever comes first.
TEST_F(CreditBalanceTest, ALetterStatesTheCreditLeftAfterTheClaimsItCovers) {
  DunningPolicySet p = DefaultDunningPolicy();
  p.reminder1.print_interest = false;
  Must(SetDunningPolicy{p});
  Must(InvoiceCmd(kOpen, "10001", 20000));    // 250 kr: more than the credit, first in the run
  Must(InvoiceCmd(10001003, "10001", 4000));  // 50 kr: covered
  absl::StatusOr<DunningPreview> preview = PreviewDunningRun(state_, 1, RunDunning{today_, {}}, today_);
  ASSERT_TRUE(preview.ok()) << preview.status();
  EXPECT_EQ(preview->covered_by_credit, (std::vector<InvoiceNumber>{10001003}));
  ASSERT_EQ(preview->letters.size(), 1u);
  EXPECT_EQ(preview->letters[0].invoice_number, kOpen);
  EXPECT_EQ(preview->letters[0].customer_credit, Money::FromOre(5000));
}

TEST_F(CreditBalanceTest, NotBeforeTheInvoiceExisted) {
  IssueInvoice later;
  later.invoice_number = 10001003;
  later.customer_number = "10001";
  later.invoice_date = Date(2026, 11, 10);
  later.due_date = Date(2026, 12, 10);
  later.lines.push_back(IssueInvoiceLine{"Hyra", Money::FromOre(5000), 0, 3041});
  Must(later);
  Refused(ApplyCreditBalance{"10001", 10001003, std::nullopt, Date(2026, 11, 9)},
          absl::StatusCode::kInvalidArgument, "before the invoice date 2026-11-10");
  // Oldest first on a day before it: nothing existed to apply to.
  Refused(ApplyCreditBalance{"10001", 0, std::nullopt, Date(2026, 11, 9)},
          absl::StatusCode::kFailedPrecondition, "no open invoice");
  Must(ApplyCreditBalance{"10001", 0, std::nullopt, Date(2026, 11, 10)});
  EXPECT_EQ(Credit(), Money::FromOre(5000));
  Fold();
}

// Issue 23, item 5: negative invoices. A credit invoice whose total is below zero (handbook
// §0: allowed since 2009) is a claim of the customer on the company: it stays in the ledger with
// its negative balance, bears no interest and is not dunned, nets against the customer's claims in
// a dunning run, and is settled to the credit balance, applied to open invoices or paid out.
constexpr InvoiceNumber kNegative = 20002002;

TEST_F(CreditBalanceTest, ANegativeInvoiceIsIssuedWithItsPostingsAndPaidOut) {
  for (const Command& c : ReferenceRateCommands()) Must(c);
  // -400 kr net, 25 % VAT: -500 kr.
  std::vector<Event> ev = Must(InvoiceCmd(kNegative, "10002", -40000));
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<InvoiceIssued>(ev[0].body).total, Money::FromOre(-50000));
  EXPECT_EQ(Inv(kNegative).balance(), Money::FromOre(-50000));
  EXPECT_EQ(Inv(kNegative).status, InvoiceStatus::kOpen);
  EXPECT_EQ(state_.TotalsOf(1, "10002").debt, Money::FromOre(-50000));
  // No interest, no dunning.
  absl::StatusOr<InterestResult> interest = AccruedInterest(state_, Inv(kNegative), Date(2026, 12, 31));
  ASSERT_TRUE(interest.ok());
  EXPECT_TRUE(interest->total.is_zero());
  EXPECT_EQ(DunningStatusOf(state_, Inv(kNegative), today_).next, DunningStep::kNone);
  // Its voucher: kundfordringar down, revenue and VAT taken back.
  PostingFold fold = Fold();
  EXPECT_EQ(LinesOf(fold, "InvoiceIssued 020002002"), (Lines{{1510, -50000}, {2611, 10000}, {3041, 40000}}));
  // Refused: a payout to no one; an invoice to apply to with another way; a positive invoice.
  Refused(SettleNegativeInvoice{kNegative, Settlement::kPayOut, 0, "", std::nullopt},
          absl::StatusCode::kInvalidArgument, "recipient");
  Refused(SettleNegativeInvoice{kNegative, Settlement::kToCredit, kPaid, "", std::nullopt},
          absl::StatusCode::kInvalidArgument, "only for applying");
  Refused(SettleNegativeInvoice{kPaid, Settlement::kToCredit, 0, "", std::nullopt},
          absl::StatusCode::kFailedPrecondition, "is not negative");
  // Paid out: the balance to the credit balance and on to the bank, one command.
  ev = Must(
      SettleNegativeInvoice{kNegative, Settlement::kPayOut, 0, "Bankkonto 8327-9 12345678", std::nullopt});
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(std::get<NegativeInvoiceSettled>(ev[0].body).amount, Money::FromOre(50000));
  EXPECT_EQ(std::get<CreditBalanceRefunded>(ev[1].body).amount, Money::FromOre(50000));
  EXPECT_TRUE(Inv(kNegative).balance().is_zero());
  EXPECT_EQ(Inv(kNegative).status, InvoiceStatus::kPaid);
  EXPECT_TRUE(Credit("10002").is_zero());
  fold = Fold();
  EXPECT_EQ(LinesOf(fold, "NegativeInvoiceSettled"), (Lines{{1510, 50000}, {2420, -50000}}));
  EXPECT_EQ(LinesOf(fold, "CreditBalanceRefunded"), (Lines{{1930, -50000}, {2420, 50000}}));
  Refused(SettleNegativeInvoice{kNegative, Settlement::kToCredit, 0, "", std::nullopt},
          absl::StatusCode::kFailedPrecondition, "is not negative");
  // The journal rebuilds to the same state through the codec.
  LedgerState rebuilt;
  for (const Event& e : journal_) {
    JournalRecord r;
    r.event = e;
    absl::StatusOr<JournalRecord> back = DecodeRecord(EncodeRecord(r));
    ASSERT_TRUE(back.ok()) << back.status();
    ASSERT_TRUE(Apply(rebuilt, back->event).ok());
  }
  EXPECT_EQ(rebuilt, state_);
}

TEST_F(CreditBalanceTest, ANegativeInvoiceIsAppliedToOpenInvoicesAndTheRestIsCredit) {
  Must(InvoiceCmd(kOpen, "10001", 20000));       // 250 kr open
  Must(InvoiceCmd(kNegative, "10001", -32000));  // -400 kr
  std::vector<Event> ev = Must(SettleNegativeInvoice{kNegative, Settlement::kApply, 0, "", std::nullopt});
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(std::get<NegativeInvoiceSettled>(ev[0].body).amount, Money::FromOre(40000));
  // The 400 kr pays the 250 kr claim; the customer's 100 kr credit is not used by it.
  const auto& applied = std::get<CreditBalanceApplied>(ev[1].body);
  EXPECT_EQ(applied.invoice_number, kOpen);
  EXPECT_EQ(applied.capital, Money::FromOre(25000));
  EXPECT_TRUE(Inv(kOpen).balance().is_zero());
  EXPECT_TRUE(Inv(kNegative).balance().is_zero());
  EXPECT_EQ(Credit(), Money::FromOre(10000 + 15000));
  Fold();
  // Applied to a named invoice of another customer: refused, nothing written.
  Must(InvoiceCmd(10002003, "10002", 10000));
  Must(InvoiceCmd(10001004, "10001", -8000));
  Refused(SettleNegativeInvoice{10001004, Settlement::kApply, 10002003, "", std::nullopt},
          absl::StatusCode::kInvalidArgument, "is customer 10002's");
  Refused(SettleNegativeInvoice{10001004, Settlement::kApply, 0, "", std::nullopt},
          absl::StatusCode::kFailedPrecondition, "no open invoice");
  // To the credit balance only.
  Must(SettleNegativeInvoice{10001004, Settlement::kToCredit, 0, "", std::nullopt});
  EXPECT_EQ(Credit(), Money::FromOre(25000 + 10000));
  Fold();
}

TEST_F(CreditBalanceTest, NegativeLinesZeroTotalsAndAnnullingANegativeInvoice) {
  // A discount line on an invoice that is still positive.
  IssueInvoice discounted;
  discounted.invoice_number = kOpen;
  discounted.customer_number = "10001";
  discounted.invoice_date = Date(2026, 11, 1);
  discounted.due_date = Date(2026, 11, 30);
  discounted.lines = {IssueInvoiceLine{"Hyra", Money::FromOre(100000), 2500, 3041},
                      IssueInvoiceLine{"Rabatt", Money::FromOre(-20000), 2500, 3041}};
  Must(discounted);
  EXPECT_EQ(Inv(kOpen).balance(), Money::FromOre(100000));
  IssueInvoice zero = discounted;
  zero.invoice_number = 10001005;
  zero.lines[1].net = Money::FromOre(-100000);
  Refused(zero, absl::StatusCode::kInvalidArgument, "0,00 kr");
  IssueInvoice huge = zero;
  huge.lines = {IssueInvoiceLine{"Fel", Money::FromOre(-limits::kAmountOreMax - 1), 0, 3041}};
  Refused(huge, absl::StatusCode::kInvalidArgument, "beyond the limit");
  // A negative invoice issued in error is annulled whole.
  Must(InvoiceCmd(kNegative, "10002", -40000));
  Refused(CreditInvoice{kNegative, Money::FromOre(100), "", "", std::nullopt, ""},
          absl::StatusCode::kFailedPrecondition, "no balance left");
  std::vector<Event> ev = Must(AnnulInvoice{kNegative, "fel kund", std::nullopt, ""});
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<InvoiceAnnulled>(ev[0].body).amount, Money::FromOre(-50000));
  EXPECT_TRUE(Inv(kNegative).balance().is_zero());
  EXPECT_EQ(Inv(kNegative).status, InvoiceStatus::kAnnulled);
  const PostingFold fold = Fold();
  EXPECT_EQ(LinesOf(fold, "InvoiceAnnulled"), (Lines{{1510, 50000}, {2611, -10000}, {3041, -40000}}));
}

// A difference the customer carries (an underpayment within the limit) does not land on a
// negative invoice; it waits for the next positive one (found by a second reading: it used to
// land there and break the invoice's balance rule).
TEST_F(CreditBalanceTest, ACarriedDifferenceWaitsForAPositiveInvoice) {
  SetPaymentSettings settings;
  settings.bankgiro = "9912346";
  settings.underpayment_limit = Money::FromOre(5000);
  settings.carry_to_next_invoice = true;
  Must(settings);
  Must(InvoiceCmd(20002001, "10002", 20000));  // 250 kr
  Must(OnePaymentFile(Inv(20002001).ocr_reference, Money::FromOre(22000), Date(2026, 11, 19), 'c'));
  ASSERT_EQ(state_.FindCustomer(1, "10002")->carried, Money::FromOre(3000));
  std::vector<Event> ev = Must(InvoiceCmd(kNegative, "10002", -8000));  // -100 kr
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(Inv(kNegative).balance(), Money::FromOre(-10000));
  EXPECT_EQ(state_.FindCustomer(1, "10002")->carried, Money::FromOre(3000));
  ev = Must(InvoiceCmd(20002003, "10002", 8000));  // 100 kr: takes the 30 kr
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(std::get<CarriedDifferenceApplied>(ev[1].body).amount, Money::FromOre(3000));
  EXPECT_TRUE(state_.FindCustomer(1, "10002")->carried.is_zero());
  Fold();
}

// A customer's negative invoice covers a claim in a dunning run like a credit balance does.
TEST_F(CreditBalanceTest, DunningNetsANegativeInvoice) {
  DunningPolicySet p = DefaultDunningPolicy();
  p.reminder1.print_interest = false;
  Must(SetDunningPolicy{p});
  Must(InvoiceCmd(20002001, "10002", 20000));    // 250 kr, overdue
  Must(InvoiceCmd(kNegative, "10002", -24000));  // -300 kr
  absl::StatusOr<DunningPreview> preview = PreviewDunningRun(state_, 1, RunDunning{today_, {}}, today_);
  ASSERT_TRUE(preview.ok()) << preview.status();
  EXPECT_EQ(preview->covered_by_credit, (std::vector<InvoiceNumber>{20002001}));
  for (const DunningLetter& l : preview->letters) EXPECT_NE(l.invoice_number, 20002001u);
}

}  // namespace
}  // namespace reskontra
