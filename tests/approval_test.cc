// Fyra ögon (four-eyes): a company's policy holds annulments and write-offs for a second
// user's approval. Decide and Apply, the rows the projection stores, and the record codec.
#include <gtest/gtest.h>

#include "domain/decide.h"
#include "domain/state.h"
#include "journal/record.h"
#include "projections/rows.h"
#include "tests/expect_refused.h"
#include "tests/test_util.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT

constexpr InvoiceNumber kInv = 10001001;  // 1 250,00
constexpr InvoiceNumber kInv2 = 10001002;

class ApprovalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Must(CompanyCmd());
    Must(CustomerCmd("10001"));
    Must(InvoiceCmd(kInv, "10001", 100000));
    Must(InvoiceCmd(kInv2, "10001", 100000));
  }
  static Command As(const std::string& actor, const std::string& id, CommandBody body) {
    Command c{Meta(id), std::move(body)};
    c.meta.actor = actor;
    return c;
  }
  std::vector<Event> Must(const Command& c) {
    absl::StatusOr<std::vector<Event>> events = Decide(state_, c, TestContext());
    EXPECT_TRUE(events.ok()) << events.status();
    if (!events.ok()) return {};
    for (const Event& e : *events) {
      EXPECT_TRUE(Apply(state_, e).ok()) << EventTypeName(e.body);
      journal_.push_back(e);
    }
    return *events;
  }
  void Refused(const Command& c, absl::StatusCode code, absl::string_view message_part = "") {
    ExpectRefused(state_, c, code, message_part);
  }
  void Policy(bool annulment, bool write_off, int64_t from_ore = 0) {
    Must(As("admin", absl::StrCat("policy-", annulment, write_off, from_ore),
            SetApprovalPolicy{ApprovalPolicySet{annulment, write_off, Money::FromOre(from_ore)}}));
  }
  static Command Annul(const std::string& actor, const std::string& id, InvoiceNumber n = kInv) {
    return As(actor, id, AnnulInvoice{n, "felaktigt debiterad", Date(2026, 11, 10), ""});
  }
  static Command WriteOffCmd(const std::string& actor, const std::string& id, std::optional<int64_t> ore,
                             InvoiceNumber n = kInv) {
    WriteOff w{n, std::nullopt, "konstaterad kundförlust", Date(2026, 11, 12), ""};
    if (ore) w.amount = Money::FromOre(*ore);
    return As(actor, id, w);
  }
  static Command Decision(const std::string& actor, const std::string& id, int64_t request, bool approve,
                          const std::string& reason = "") {
    return As(actor, id, DecideApproval{request, approve, reason});
  }
  const Invoice& Inv(InvoiceNumber n = kInv) { return *state_.FindInvoice(1, n); }
  const Company& Co() { return *state_.FindCompany(1); }

  LedgerState state_;
  std::vector<Event> journal_;
};

TEST_F(ApprovalTest, WithoutAPolicyAnAnnulmentTakesEffectAtOnce) {
  std::vector<Event> events = Must(Annul("anna", "annul"));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<InvoiceAnnulled>(events[0].body));
  EXPECT_EQ(Inv().status, InvoiceStatus::kAnnulled);
}

TEST_F(ApprovalTest, AnAnnulmentUnderThePolicyWaitsForASecondUser) {
  Policy(true, false);
  const int64_t version = Inv().version;
  std::vector<Event> events = Must(Annul("anna", "annul"));
  ASSERT_EQ(events.size(), 1u);
  const auto* req = std::get_if<ApprovalRequested>(&events[0].body);
  ASSERT_NE(req, nullptr);
  EXPECT_EQ(req->request_id, 1);
  EXPECT_EQ(req->kind, ApprovalKind::kAnnulment);
  EXPECT_EQ(req->amount.ore(), 125000);
  EXPECT_EQ(req->transaction_date, Date(2026, 11, 10));
  EXPECT_EQ(req->invoice_version, version + 1);
  // Nothing is annulled yet: the balance stands, the request waits on the invoice.
  EXPECT_EQ(Inv().status, InvoiceStatus::kOpen);
  EXPECT_EQ(Inv().balance().ore(), 125000);
  EXPECT_EQ(Inv().pending_approval, 1);
  EXPECT_EQ(Co().approvals.at(1).requested_by, "anna");

  // One request at a time per invoice; the requester cannot approve their own.
  Refused(Annul("bertil", "annul-again"), absl::StatusCode::kFailedPrecondition,
          "already has approval request 1");
  Refused(Decision("anna", "self", 1, true), absl::StatusCode::kPermissionDenied,
          "another user must approve");
  Refused(Decision("bertil", "unknown", 2, true), absl::StatusCode::kNotFound, "approval request 2");

  events = Must(Decision("bertil", "approve", 1, true));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<ApprovalDecided>(events[0].body));
  const auto* annulled = std::get_if<InvoiceAnnulled>(&events[1].body);
  ASSERT_NE(annulled, nullptr);
  EXPECT_EQ(annulled->amount.ore(), 125000);
  EXPECT_EQ(annulled->remark, "felaktigt debiterad");
  EXPECT_EQ(events[1].meta.effective_date, Date(2026, 11, 10));  // the requested transaktionsdatum
  EXPECT_EQ(events[1].meta.actor, "bertil");
  EXPECT_EQ(Inv().status, InvoiceStatus::kAnnulled);
  EXPECT_EQ(Inv().pending_approval, 0);
  const Approval& a = Co().approvals.at(1);
  ASSERT_TRUE(a.decision.has_value());
  EXPECT_TRUE(a.decision->approved);
  EXPECT_EQ(a.decided_by, "bertil");
  Refused(Decision("cecilia", "twice", 1, true), absl::StatusCode::kFailedPrecondition,
          "already approved by bertil");
}

TEST_F(ApprovalTest, ARejectionNeedsAReasonAndChangesNothingButTheRequest) {
  Policy(true, false);
  Must(Annul("anna", "annul"));
  const Money balance = Inv().balance();
  Refused(Decision("bertil", "no-reason", 1, false), absl::StatusCode::kInvalidArgument, "needs a reason");
  std::vector<Event> events = Must(Decision("bertil", "reject", 1, false, "fakturan är riktig"));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(Inv().balance(), balance);
  EXPECT_EQ(Inv().status, InvoiceStatus::kOpen);
  EXPECT_EQ(Inv().pending_approval, 0);
  EXPECT_FALSE(Co().approvals.at(1).decision->approved);
  // A new request can follow; its requester may withdraw it without a reason.
  Must(Annul("anna", "annul-2"));
  EXPECT_EQ(Inv().pending_approval, 2);
  Must(Decision("anna", "withdraw", 2, false));
  EXPECT_EQ(Inv().pending_approval, 0);
  EXPECT_EQ(Co().approvals.at(2).decided_by, "anna");
}

TEST_F(ApprovalTest, AnApprovalOfAChangedInvoiceIsRefused) {
  Policy(true, true);
  Must(WriteOffCmd("anna", "writeoff", std::nullopt));  // the whole 1 250,00
  EXPECT_EQ(Inv().pending_approval, 1);
  Must(PaymentCmd("pay", kInv, 25000, Date(2026, 11, 11)));  // the debtor pays 250,00 meanwhile
  Refused(Decision("bertil", "approve", 1, true), absl::StatusCode::kAborted,
          "has changed since approval request 1");
  // It can still be rejected, and asked again for what is left.
  Must(Decision("bertil", "reject", 1, false, "delbetald"));
  std::vector<Event> events = Must(WriteOffCmd("anna", "writeoff-2", std::nullopt));
  EXPECT_EQ(std::get<ApprovalRequested>(events[0].body).amount.ore(), 100000);
  Must(Decision("bertil", "approve-2", 2, true));
  EXPECT_EQ(Inv().written_off.ore(), 100000);
  EXPECT_TRUE(Inv().balance().is_zero());
}

TEST_F(ApprovalTest, AWriteOffThresholdLetsSmallWriteOffsThrough) {
  Policy(false, true, 50000);  // write-offs of 500,00 or more
  std::vector<Event> events = Must(WriteOffCmd("anna", "small", 49999));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<WrittenOff>(events[0].body));
  events = Must(WriteOffCmd("anna", "large", 50000));
  EXPECT_TRUE(std::holds_alternative<ApprovalRequested>(events[0].body));
  // Annulments are outside this policy.
  events = Must(Annul("anna", "annul", kInv2));
  EXPECT_TRUE(std::holds_alternative<InvoiceAnnulled>(events[0].body));
  // Request ids count per company.
  Must(Decision("bertil", "approve", 1, true));
  EXPECT_EQ(Inv().written_off.ore(), 99999);
}

TEST_F(ApprovalTest, ThePolicyIsValidated) {
  Refused(As("admin", "bad-1", SetApprovalPolicy{ApprovalPolicySet{false, true, Money::FromOre(-1)}}),
          absl::StatusCode::kInvalidArgument, "outside 0..");
  Refused(As("admin", "bad-2", SetApprovalPolicy{ApprovalPolicySet{true, false, Money::FromOre(100)}}),
          absl::StatusCode::kInvalidArgument, "needs write-off approval");
  Policy(true, false);
  ASSERT_TRUE(Co().approval_policy.has_value());
  EXPECT_TRUE(Co().approval_policy->annulment);
  // Turning the policy off leaves a waiting request to be decided.
  Must(Annul("anna", "annul"));
  Policy(false, false);
  Refused(Decision("anna", "self", 1, true), absl::StatusCode::kPermissionDenied, "another user");
  Must(Decision("bertil", "approve", 1, true));
  EXPECT_EQ(Inv().status, InvoiceStatus::kAnnulled);
}

TEST_F(ApprovalTest, RowsAndRecordsKeepEverything) {
  Policy(true, true, 10000);
  Must(Annul("anna", "annul"));
  Must(WriteOffCmd("anna", "writeoff", 20000, kInv2));
  Must(Decision("bertil", "reject", 2, false, "nej"));
  // The journal's codec gives back every event exactly.
  for (const Event& e : journal_) {
    JournalRecord r;
    r.event = e;
    absl::StatusOr<JournalRecord> back = DecodeRecord(EncodeRecord(r));
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(back->event, e) << EventTypeName(e.body);
  }
  // The projection's rows give back the state, the requests and the policy included.
  LedgerState read;
  for (const auto& [key, value] : rows::AllRows(state_)) ASSERT_TRUE(rows::DecodeInto(key, value, read).ok());
  EXPECT_EQ(read, state_);
  EXPECT_EQ(read.FindCompany(1)->approvals.size(), 2u);
  EXPECT_EQ(read.FindInvoice(1, kInv)->pending_approval, 1);
  // A replay of the journal gives the same state.
  LedgerState replayed;
  for (const Event& e : journal_) ASSERT_TRUE(Apply(replayed, e).ok());
  EXPECT_EQ(replayed, state_);
}

TEST_F(ApprovalTest, ADecisionOutOfSequenceIsJournalCorruption) {
  Policy(true, false);
  std::vector<Event> events = Must(Annul("anna", "annul"));
  Event twice = events[0];  // a second request with the same id
  EXPECT_EQ(Apply(state_, twice).code(), absl::StatusCode::kDataLoss);
  Event decided = events[0];
  decided.body = ApprovalDecided{7, kInv, true, ""};
  EXPECT_EQ(Apply(state_, decided).code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace reskontra
