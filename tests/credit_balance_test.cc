// Issue 23, item 4: a customer's credit balance (förskott, tillgodohavande) can be used. It is
// applied to the customer's open invoices like a payment (fees, interest, capital), paid back,
// applied to the next invoice at issue where the company chose so, and netted by dunning (no
// letter for a claim it covers; a letter states what is left). Each with its postings, and the
// reconciliation holding throughout.
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "domain/dunning.h"
#include "domain/postings.h"
#include "domain/state.h"
#include "journal/record.h"
#include "tests/test_util.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT

constexpr InvoiceNumber kPaid = 10001001;  // 1 250,00 kr, paid 1 350,00 kr: 100,00 kr credit
constexpr InvoiceNumber kOpen = 10001002;  // 250,00 kr (200 + VAT), due 2026-10-31

class CreditBalanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Must(CompanyCmd());
    Must(CustomerCmd("10001"));
    Must(CustomerCmd("10002"));
    Must(InvoiceCmd(kPaid, "10001", 100000));
    Must(PaymentCmd("overpay", kPaid, 135000, Date(2026, 10, 20)));
  }
  std::vector<Event> Must(const Command& c) {
    absl::StatusOr<std::vector<Event>> events = Decide(state_, c, DecideContext{TestNow(), today_});
    EXPECT_TRUE(events.ok()) << events.status();
    if (!events.ok()) return {};
    for (const Event& e : *events) {
      EXPECT_TRUE(Apply(state_, e).ok());
      journal_.push_back(e);
    }
    return *events;
  }
  std::vector<Event> Must(CommandBody body) {
    return Must(Command{Meta(absl::StrCat("cmd-", ++seq_)), std::move(body)});
  }
  void Refused(CommandBody body, absl::StatusCode code, absl::string_view part) {
    const LedgerState before = state_;
    absl::StatusOr<std::vector<Event>> events =
        Decide(state_, Command{Meta(absl::StrCat("cmd-", ++seq_)), std::move(body)},
               DecideContext{TestNow(), today_});
    ASSERT_FALSE(events.ok()) << "expected " << absl::StatusCodeToString(code);
    EXPECT_EQ(events.status().code(), code) << events.status();
    EXPECT_NE(events.status().message().find(part), absl::string_view::npos) << events.status();
    EXPECT_EQ(state_, before);
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

  LedgerState state_;
  std::vector<Event> journal_;
  Date today_ = Date(2026, 11, 20);
  int seq_ = 0;
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

}  // namespace
}  // namespace reskontra
