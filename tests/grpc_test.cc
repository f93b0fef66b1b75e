// The gRPC service in-process: the bad-input catalogue (right code, nothing written) and
// Subscribe delivering every record exactly once, in order, across a resume.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <thread>

#include "tests/grpc_fixture.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT

class GrpcTest : public ::testing::Test {
 protected:
  using L = InProcessLedger;
  void SetUp() override { Seed(); }

  template <class Req>
  Req With(const std::string& id, int company = 1) {
    return L::With<Req>(id, company);
  }
  pb::IssueInvoiceRequest Invoice(int64_t number, const std::string& id) {
    auto r = With<pb::IssueInvoiceRequest>(id);
    r.set_invoice_number(number);
    r.set_customer_number("10001");
    r.set_invoice_date("2026-10-01");
    r.set_due_date("2026-10-31");
    auto* l = r.add_lines();
    l->set_description("Lokalhyra");
    l->set_net_ore(100000);
    l->set_vat_rate_bp(2500);
    l->set_revenue_account(3041);
    return r;
  }
  pb::RecordPaymentRequest Payment(int64_t number, int64_t ore, const std::string& id) {
    auto r = With<pb::RecordPaymentRequest>(id);
    r.set_invoice_number(number);
    r.set_amount_ore(ore);
    r.set_transaction_date("2026-11-02");
    return r;
  }
  template <class Req>
  grpc::Status Call(grpc::Status (pb::Ledger::Stub::*method)(grpc::ClientContext*, const Req&,
                                                             pb::CommandResponse*),
                    const Req& r, pb::CommandResponse* out = nullptr) {
    return ledger_.Call(method, r, out);
  }
  void Seed() {
    auto company = With<pb::RegisterCompanyRequest>("company");
    company.set_name("Exempelkommun");
    ASSERT_TRUE(Call(&pb::Ledger::Stub::RegisterCompany, company).ok());
    auto customer = With<pb::RegisterCustomerRequest>("customer");
    customer.set_customer_number("10001");
    customer.mutable_details()->set_name("Anna Lindqvist");
    customer.mutable_details()->set_national_id(Pnr("640823238"));
    ASSERT_TRUE(Call(&pb::Ledger::Stub::RegisterCustomer, customer).ok());
    ASSERT_TRUE(Call(&pb::Ledger::Stub::IssueInvoice, Invoice(10001001, "inv-1")).ok());
    ASSERT_TRUE(Call(&pb::Ledger::Stub::IssueInvoice, Invoice(10001002, "inv-2")).ok());
    auto annul = With<pb::AnnulInvoiceRequest>("annul-2");
    annul.set_invoice_number(10001002);
    ASSERT_TRUE(Call(&pb::Ledger::Stub::AnnulInvoice, annul).ok());
  }
  uint64_t Head() { return ledger_.Head(); }

  TempDir dir_;
  InProcessLedger ledger_{dir_.path()};
  pb::Ledger::Stub* stub_ = &ledger_.stub();
};

TEST_F(GrpcTest, BadInputGetsTheRightCodeAndWritesNothing) {
  using S = pb::Ledger::Stub;
  struct Case {
    std::string name;
    std::function<grpc::Status()> call;
    grpc::StatusCode code;
  };
  std::vector<Case> cases;
  auto add = [&](std::string name, grpc::StatusCode code, std::function<grpc::Status()> call) {
    cases.push_back({std::move(name), std::move(call), code});
  };
  using C = grpc::StatusCode;
  add("unknown customer", C::NOT_FOUND, [&] {
    auto r = Invoice(10001003, "a1");
    r.set_customer_number("99999");
    return Call(&S::IssueInvoice, r);
  });
  add("unknown invoice", C::NOT_FOUND, [&] { return Call(&S::RecordPayment, Payment(10009999, 100, "a2")); });
  add("unknown company", C::NOT_FOUND, [&] {
    auto r = Invoice(10001003, "a3");
    r.mutable_ctx()->set_company(5);
    return Call(&S::IssueInvoice, r);
  });
  add("company out of range", C::INVALID_ARGUMENT, [&] {
    auto r = Invoice(10001003, "a4");
    r.mutable_ctx()->set_company(1000);
    return Call(&S::IssueInvoice, r);
  });
  add("duplicate invoice number", C::ALREADY_EXISTS,
      [&] { return Call(&S::IssueInvoice, Invoice(10001001, "a5")); });
  add("negative amount", C::INVALID_ARGUMENT,
      [&] { return Call(&S::RecordPayment, Payment(10001001, -100, "a6")); });
  add("zero amount", C::INVALID_ARGUMENT,
      [&] { return Call(&S::RecordPayment, Payment(10001001, 0, "a7")); });
  add("amount above limit", C::INVALID_ARGUMENT,
      [&] { return Call(&S::RecordPayment, Payment(10001001, 10'000'000'000, "a8")); });
  add("impossible date", C::INVALID_ARGUMENT, [&] {
    auto r = Invoice(10001003, "a9");
    r.set_invoice_date("2026-02-30");
    return Call(&S::IssueInvoice, r);
  });
  add("garbled date", C::INVALID_ARGUMENT, [&] {
    auto r = Payment(10001001, 100, "a10");
    r.set_transaction_date("2. nov");
    return Call(&S::RecordPayment, r);
  });
  add("missing due date", C::INVALID_ARGUMENT, [&] {
    auto r = Invoice(10001003, "a11");
    r.clear_due_date();
    return Call(&S::IssueInvoice, r);
  });
  add("due date before invoice date", C::INVALID_ARGUMENT, [&] {
    auto r = Invoice(10001003, "a12");
    r.set_due_date("2026-09-30");
    return Call(&S::IssueInvoice, r);
  });
  add("year out of range", C::INVALID_ARGUMENT, [&] {
    auto r = Invoice(10001003, "a13");
    r.set_invoice_date("1899-01-01");
    return Call(&S::IssueInvoice, r);
  });
  add("credit above balance", C::FAILED_PRECONDITION, [&] {
    auto r = With<pb::CreditInvoiceRequest>("a14");
    r.set_invoice_number(10001001);
    r.set_amount_ore(125001);
    return Call(&S::CreditInvoice, r);
  });
  add("payment on annulled invoice", C::FAILED_PRECONDITION,
      [&] { return Call(&S::RecordPayment, Payment(10001002, 100, "a15")); });
  add("credit on annulled invoice", C::FAILED_PRECONDITION, [&] {
    auto r = With<pb::CreditInvoiceRequest>("a16");
    r.set_invoice_number(10001002);
    return Call(&S::CreditInvoice, r);
  });
  add("empty customer name", C::INVALID_ARGUMENT, [&] {
    auto r = With<pb::RegisterCustomerRequest>("a17");
    r.set_customer_number("10002");
    r.mutable_details()->set_national_id(Pnr("640823238"));
    return Call(&S::RegisterCustomer, r);
  });
  add("empty customer number", C::INVALID_ARGUMENT, [&] {
    auto r = With<pb::RegisterCustomerRequest>("a18");
    r.mutable_details()->set_name("X");
    r.mutable_details()->set_national_id(Pnr("640823238"));
    return Call(&S::RegisterCustomer, r);
  });
  add("over-long name", C::INVALID_ARGUMENT, [&] {
    auto r = With<pb::RegisterCustomerRequest>("a19");
    r.set_customer_number("10002");
    r.mutable_details()->set_name(std::string(71, 'n'));
    r.mutable_details()->set_national_id(Pnr("640823238"));
    return Call(&S::RegisterCustomer, r);
  });
  add("over-long remark", C::INVALID_ARGUMENT, [&] {
    auto r = With<pb::CreditInvoiceRequest>("a20");
    r.set_invoice_number(10001001);
    r.set_remark(std::string(41, 'r'));
    return Call(&S::CreditInvoice, r);
  });
  add("empty line description", C::INVALID_ARGUMENT, [&] {
    auto r = Invoice(10001003, "a21");
    r.mutable_lines(0)->clear_description();
    return Call(&S::IssueInvoice, r);
  });
  add("no lines", C::INVALID_ARGUMENT, [&] {
    auto r = Invoice(10001003, "a22");
    r.clear_lines();
    return Call(&S::IssueInvoice, r);
  });
  add("unknown enum value", C::INVALID_ARGUMENT, [&] {
    auto r = Payment(10001001, 100, "a23");
    r.set_channel(static_cast<pb::PaymentChannel>(42));
    return Call(&S::RecordPayment, r);
  });
  add("empty command id", C::INVALID_ARGUMENT, [&] {
    auto r = Payment(10001001, 100, "a24");
    r.mutable_ctx()->clear_command_id();
    return Call(&S::RecordPayment, r);
  });
  add("empty actor", C::INVALID_ARGUMENT, [&] {
    auto r = Payment(10001001, 100, "a25");
    r.mutable_ctx()->clear_actor();
    return Call(&S::RecordPayment, r);
  });
  add("command id reused for other content", C::ALREADY_EXISTS, [&] {
    auto r = Payment(10001001, 100, "x");
    r.mutable_ctx()->set_command_id("test-command-inv-1");
    return Call(&S::RecordPayment, r);
  });
  add("expected version mismatch", C::ABORTED, [&] {
    auto r = Payment(10001001, 100, "a27");
    r.mutable_ctx()->set_expected_version(7);
    return Call(&S::RecordPayment, r);
  });
  add("payment in the future", C::INVALID_ARGUMENT, [&] {
    auto r = Payment(10001001, 100, "a28");
    r.set_transaction_date("2026-12-24");
    return Call(&S::RecordPayment, r);
  });
  add("invalid personnummer", C::INVALID_ARGUMENT, [&] {
    auto r = With<pb::RegisterCustomerRequest>("a29");
    r.set_customer_number("10002");
    r.mutable_details()->set_name("X");
    r.mutable_details()->set_national_id("6408232381");
    return Call(&S::RegisterCustomer, r);
  });
  add("note too long", C::INVALID_ARGUMENT, [&] {
    auto r = With<pb::AddNoteRequest>("a30");
    r.set_invoice_number(10001001);
    r.set_text(std::string(501, 'x'));
    return Call(&S::AddNote, r);
  });
  add("get unknown invoice", C::NOT_FOUND, [&] {
    grpc::ClientContext c;
    pb::GetInvoiceRequest r;
    r.set_company(1);
    r.set_invoice_number(10009999);
    pb::Invoice out;
    return stub_->GetInvoice(&c, r, &out);
  });
  add("get malformed invoice number", C::INVALID_ARGUMENT, [&] {
    grpc::ClientContext c;
    pb::GetInvoiceRequest r;
    r.set_company(1);
    r.set_invoice_number(-5);
    pb::Invoice out;
    return stub_->GetInvoice(&c, r, &out);
  });
  add("get unknown customer", C::NOT_FOUND, [&] {
    grpc::ClientContext c;
    pb::GetCustomerRequest r;
    r.set_company(1);
    r.set_customer_number("nobody");
    pb::Customer out;
    return stub_->GetCustomer(&c, r, &out);
  });

  const uint64_t head = Head();
  const LedgerState state = ledger_.core().projection().Snapshot(nullptr);
  for (const Case& c : cases) {
    grpc::Status s = c.call();
    EXPECT_EQ(s.error_code(), c.code) << c.name << ": " << s.error_message();
    EXPECT_FALSE(s.error_message().empty()) << c.name;
    EXPECT_EQ(Head(), head) << c.name << " wrote to the journal";
  }
  EXPECT_EQ(ledger_.core().projection().Snapshot(nullptr), state);
}

TEST_F(GrpcTest, CommandResponseCarriesTheInvoiceAfterTheCommand) {
  pb::CommandResponse resp;
  ASSERT_TRUE(Call(&pb::Ledger::Stub::RecordPayment, Payment(10001001, 25000, "p1"), &resp).ok());
  EXPECT_EQ(resp.invoice().balance().ore(), 100000);
  EXPECT_EQ(resp.invoice().balance().kronor(), "1 000,00");
  EXPECT_EQ(resp.result().last_position() - resp.result().first_position(), 1u);
  pb::CommandResponse again;
  ASSERT_TRUE(Call(&pb::Ledger::Stub::RecordPayment, Payment(10001001, 25000, "p1"), &again).ok());
  EXPECT_TRUE(again.result().replayed());
  EXPECT_EQ(again.invoice().balance().ore(), 100000);  // not paid twice
}

TEST_F(GrpcTest, SubscribeDeliversEachRecordOnceInOrderAcrossResumeAndLive) {
  std::vector<uint64_t> seen;
  Hash prev{};
  auto consume = [&](uint64_t from, size_t stop_after) {
    grpc::ClientContext ctx;
    pb::SubscribeRequest r;
    r.set_from_position(from);
    auto reader = stub_->Subscribe(&ctx, r);
    pb::JournalEvent e;
    size_t n = 0;
    while (n < stop_after && reader->Read(&e)) {
      seen.push_back(e.position());
      auto rec = DecodeRecord(e.record());
      EXPECT_TRUE(rec.ok());
      EXPECT_EQ(std::string(reinterpret_cast<const char*>(rec->hash.data()), 32), e.hash());
      EXPECT_EQ(ComputeRecordHash(*rec), rec->hash);
      EXPECT_EQ(std::string(reinterpret_cast<const char*>(prev.data()), 32), e.prev_hash());
      prev = rec->hash;
      ++n;
    }
    ctx.TryCancel();
    reader->Finish();
  };
  consume(1, 3);  // a consumer reads three records and goes away
  ASSERT_EQ(seen.back(), 3u);
  // While it is away, more happens; then it resumes from the next position and stays live.
  ASSERT_TRUE(Call(&pb::Ledger::Stub::RecordPayment, Payment(10001001, 100, "p-away"), nullptr).ok());
  std::thread writer([&] {
    absl::SleepFor(absl::Milliseconds(100));
    for (int i = 0; i < 5; ++i) {
      EXPECT_TRUE(
          Call(&pb::Ledger::Stub::RecordPayment, Payment(10001001, 100, absl::StrCat("p-live-", i)), nullptr)
              .ok());
    }
  });
  const uint64_t expected_total = Head() + 10;  // two events per live payment
  consume(seen.back() + 1, expected_total - seen.back());
  writer.join();
  ASSERT_EQ(seen.size(), expected_total);
  for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], i + 1);
  EXPECT_EQ(Head(), expected_total);
}

}  // namespace
}  // namespace reskontra
