// The hostile-request catalogue (issue 8): well over 100 malformed or rule-breaking gRPC
// requests, each answered with the right code and a message, and none of them writing
// anything: not to the journal, not to the projection. Every command kind's valid base
// request is sent at the end and succeeds, so each refusal is the mutation's doing.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "replay/rebuild.h"
#include "tests/grpc_fixture.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT
using C = grpc::StatusCode;
using S = pb::Ledger::Stub;
using CtxFn = std::function<void(pb::CommandContext*)>;

class HostileRequestTest : public ::testing::Test {
 protected:
  using L = InProcessLedger;
  void SetUp() override {
    ledger_.SeedInvoice(10'000'001, 100'000, 3001);
    auto inv = L::With<pb::IssueInvoiceRequest>("second-invoice");
    inv.set_invoice_number(10'000'002);
    inv.set_customer_number("10001");
    inv.set_invoice_date("2026-10-01");
    inv.set_due_date("2026-10-31");
    auto* l = inv.add_lines();
    l->set_description("Avgift");
    l->set_net_ore(50'000);
    l->set_revenue_account(3001);
    ASSERT_TRUE(ledger_.Call(&S::IssueInvoice, inv).ok());
  }
  template <class Req>
  static Req With(const std::string& id) {
    return L::With<Req>(absl::StrCat("hostile-", id));
  }
  template <class Req, class Resp = pb::CommandResponse>
  grpc::Status Call(grpc::Status (S::*method)(grpc::ClientContext*, const Req&, Resp*), const Req& r) {
    Resp out;
    return ledger_.Call(method, r, &out);
  }
  void Add(std::string name, C code, std::function<grpc::Status()> call) {
    cases_.push_back({std::move(name), code, std::move(call)});
  }

  struct Case {
    std::string name;
    C code;
    std::function<grpc::Status()> call;
  };
  struct Base {
    std::string name;
    bool on_a_stream;  // an invoice or customer command: expected_version applies
    // Sends the base request with `mutate` applied to its context.
    std::function<grpc::Status(const std::string& id, const CtxFn& mutate)> send;
  };

  // A valid request of each command kind, about company 1, customer 10001 and invoice 10 000 001.
  std::vector<Base> Bases() {
    std::vector<Base> b;
    auto base = [&](std::string name, bool stream, auto method, auto build) {
      b.push_back({name, stream, [this, method, build](const std::string& id, const CtxFn& mutate) {
                     auto r = build(id);
                     mutate(r.mutable_ctx());
                     return Call(method, r);
                   }});
    };
    base("RegisterCompany", false, &S::RegisterCompany, [](const std::string& id) {
      auto r = With<pb::RegisterCompanyRequest>(id);
      r.mutable_ctx()->set_company(2);
      r.set_name("Grannkommun");
      return r;
    });
    base("RegisterCustomer", true, &S::RegisterCustomer, [](const std::string& id) {
      auto r = With<pb::RegisterCustomerRequest>(id);
      r.set_customer_number("10002");
      r.mutable_details()->set_name("Bo Ek");
      r.mutable_details()->set_national_id(Pnr("720101000"));
      return r;
    });
    base("ChangeCustomer", true, &S::ChangeCustomer, [](const std::string& id) {
      auto r = With<pb::ChangeCustomerRequest>(id);
      r.set_customer_number("10001");
      r.mutable_details()->set_name("Anna Lindqvist Ek");
      r.mutable_details()->set_national_id(Pnr("640823238"));
      return r;
    });
    base("IssueInvoice", true, &S::IssueInvoice, [](const std::string& id) {
      auto r = With<pb::IssueInvoiceRequest>(id);
      r.set_invoice_number(10'000'003);
      r.set_customer_number("10001");
      r.set_invoice_date("2026-10-01");
      r.set_due_date("2026-10-31");
      auto* l = r.add_lines();
      l->set_description("Hyra");
      l->set_net_ore(10'000);
      l->set_revenue_account(3001);
      return r;
    });
    base("RecordPayment", true, &S::RecordPayment, [](const std::string& id) {
      auto r = With<pb::RecordPaymentRequest>(id);
      r.set_invoice_number(10'000'001);
      r.set_amount_ore(1'000);
      r.set_transaction_date("2026-11-02");
      return r;
    });
    base("CreditInvoice", true, &S::CreditInvoice, [](const std::string& id) {
      auto r = With<pb::CreditInvoiceRequest>(id);
      r.set_invoice_number(10'000'001);
      r.set_amount_ore(500);
      return r;
    });
    base("AdjustDebit", true, &S::AdjustDebit, [](const std::string& id) {
      auto r = With<pb::AdjustDebitRequest>(id);
      r.set_invoice_number(10'000'001);
      r.set_amount_ore(500);
      return r;
    });
    base("WriteOff", true, &S::WriteOff, [](const std::string& id) {
      auto r = With<pb::WriteOffRequest>(id);
      r.set_invoice_number(10'000'001);
      r.set_amount_ore(100);
      return r;
    });
    base("AddNote", true, &S::AddNote, [](const std::string& id) {
      auto r = With<pb::AddNoteRequest>(id);
      r.set_invoice_number(10'000'001);
      r.set_text("Ringt kunden");
      return r;
    });
    base("ChargeFee", true, &S::ChargeFee, [](const std::string& id) {
      auto r = With<pb::ChargeFeeRequest>(id);
      r.set_invoice_number(10'000'001);
      r.set_kind(pb::CHARGE_KIND_REMINDER_FEE);
      r.set_amount_ore(6'000);
      return r;
    });
    base("ChangeDueDate", true, &S::ChangeDueDate, [](const std::string& id) {
      auto r = With<pb::ChangeDueDateRequest>(id);
      r.set_invoice_number(10'000'001);
      r.set_due_date("2026-11-30");
      return r;
    });
    base("SetWatchText", true, &S::SetWatchText, [](const std::string& id) {
      auto r = With<pb::SetWatchTextRequest>(id);
      r.set_invoice_number(10'000'001);
      r.set_text("Bevakas");
      return r;
    });
    // Four-eyes from 10 000 kr: the WriteOff base (1 kr) is not held by it.
    base("SetApprovalPolicy", true, &S::SetApprovalPolicy, [](const std::string& id) {
      auto r = With<pb::SetApprovalPolicyRequest>(id);
      r.set_write_off(true);
      r.set_write_off_from_ore(1'000'000);
      return r;
    });
    base("AnnulInvoice", true, &S::AnnulInvoice, [](const std::string& id) {
      auto r = With<pb::AnnulInvoiceRequest>(id);
      r.set_invoice_number(10'000'002);
      r.set_remark("Fel kund");
      return r;
    });
    return b;
  }

  TempDir dir_;
  InProcessLedger ledger_{dir_.path()};
  std::vector<Case> cases_;
};

TEST_F(HostileRequestTest, EachIsRefusedWithTheRightCodeAndWritesNothing) {
  // 1. The command context, broken one way at a time, on every command kind.
  for (const Base& b : Bases()) {
    auto ctx_case = [&](const std::string& what, C code, CtxFn mutate) {
      const std::string id = absl::StrCat(b.name, "-", cases_.size());
      Add(absl::StrCat(b.name, ": ", what), code, [send = b.send, id, mutate] { return send(id, mutate); });
    };
    ctx_case("no command id", C::INVALID_ARGUMENT, [](pb::CommandContext* c) { c->clear_command_id(); });
    ctx_case("command id of 7 characters", C::INVALID_ARGUMENT,
             [](pb::CommandContext* c) { c->set_command_id("1234567"); });
    ctx_case("command id of 129 characters", C::INVALID_ARGUMENT,
             [](pb::CommandContext* c) { c->set_command_id(std::string(129, 'k')); });
    ctx_case("command id with a control character", C::INVALID_ARGUMENT,
             [](pb::CommandContext* c) { c->set_command_id("hostile-\x01-command"); });
    ctx_case("command id with a space", C::INVALID_ARGUMENT,
             [](pb::CommandContext* c) { c->set_command_id("hostile command id"); });
    ctx_case("no actor", C::INVALID_ARGUMENT, [](pb::CommandContext* c) { c->clear_actor(); });
    ctx_case("actor of 65 characters", C::INVALID_ARGUMENT,
             [](pb::CommandContext* c) { c->set_actor(std::string(65, 'a')); });
    ctx_case("company 0", C::INVALID_ARGUMENT, [](pb::CommandContext* c) { c->set_company(0); });
    ctx_case("company -1", C::INVALID_ARGUMENT, [](pb::CommandContext* c) { c->set_company(-1); });
    ctx_case("company 1000", C::INVALID_ARGUMENT, [](pb::CommandContext* c) { c->set_company(1000); });
    if (b.name != "RegisterCompany") {
      ctx_case("a company not registered", C::NOT_FOUND, [](pb::CommandContext* c) { c->set_company(7); });
      ctx_case("the id of another command", C::ALREADY_EXISTS,
               [](pb::CommandContext* c) { c->set_command_id("test-command-invoice"); });
    }
    if (b.on_a_stream) {
      ctx_case("a stale expected version", C::ABORTED,
               [](pb::CommandContext* c) { c->set_expected_version(99); });
    }
  }

  // 2. Amounts, dates and references.
  auto payment = [](const std::string& id, int64_t ore) {
    auto r = With<pb::RecordPaymentRequest>(id);
    r.set_invoice_number(10'000'001);
    r.set_amount_ore(ore);
    r.set_transaction_date("2026-11-02");
    return r;
  };
  auto invoice = [](const std::string& id) {
    auto r = With<pb::IssueInvoiceRequest>(id);
    r.set_invoice_number(10'000'009);
    r.set_customer_number("10001");
    r.set_invoice_date("2026-10-01");
    r.set_due_date("2026-10-31");
    auto* l = r.add_lines();
    l->set_description("Hyra");
    l->set_net_ore(10'000);
    l->set_revenue_account(3001);
    return r;
  };
  for (int64_t ore : {int64_t{0}, int64_t{-1}, int64_t{10'000'000'000}, std::numeric_limits<int64_t>::max(),
                      std::numeric_limits<int64_t>::min()}) {
    Add(absl::StrCat("payment of ", ore, " öre"), C::INVALID_ARGUMENT,
        [=, this] { return Call(&S::RecordPayment, payment(absl::StrCat("pay", ore), ore)); });
  }
  for (const char* date :
       {"2026-13-01", "2026-02-29", "2026-11-00", "26-11-02", "2026/11/02", "2026-11-02T00:00", " 2026-11-02",
        "1989-12-31", "2100-01-01", "tomorrow", "2026-11-024"}) {
    Add(absl::StrCat("payment dated '", date, "'"), C::INVALID_ARGUMENT, [=, this] {
      auto r = payment(absl::StrCat("date-", date), 100);
      r.set_transaction_date(date);
      return Call(&S::RecordPayment, r);
    });
  }
  Add("payment on an unknown invoice", C::NOT_FOUND, [=, this] {
    auto r = payment("unknown", 100);
    r.set_invoice_number(10'009'999);
    return Call(&S::RecordPayment, r);
  });
  Add("payment with an unknown channel", C::INVALID_ARGUMENT, [=, this] {
    auto r = payment("channel", 100);
    r.set_channel(static_cast<pb::PaymentChannel>(99));
    return Call(&S::RecordPayment, r);
  });
  Add("payment with an unregistered method", C::NOT_FOUND, [=, this] {
    auto r = payment("method", 100);
    r.set_method("Q");
    return Call(&S::RecordPayment, r);
  });
  Add("payment to an unknown customer", C::NOT_FOUND, [=, this] {
    auto r = payment("customer", 100);
    r.set_invoice_number(0);
    r.set_customer_number("99999");
    return Call(&S::RecordPayment, r);
  });
  Add("invoice number of 10 digits", C::INVALID_ARGUMENT, [=, this] {
    auto r = invoice("ten-digits");
    r.set_invoice_number(1'000'000'000);
    return Call(&S::IssueInvoice, r);
  });
  Add("invoice number below routine 01", C::INVALID_ARGUMENT, [=, this] {
    auto r = invoice("routine-00");
    r.set_invoice_number(999'999);
    return Call(&S::IssueInvoice, r);
  });
  Add("invoice with 201 lines", C::INVALID_ARGUMENT, [=, this] {
    auto r = invoice("many-lines");
    for (int i = 0; i < 200; ++i) *r.add_lines() = r.lines(0);
    return Call(&S::IssueInvoice, r);
  });
  // A negative line (a discount, a credit invoice) is allowed since issue 23, item 5; beyond the
  // limit on either side and a zero total are not.
  Add("invoice line below minus the amount limit", C::INVALID_ARGUMENT, [=, this] {
    auto r = invoice("negative-line");
    r.mutable_lines(0)->set_net_ore(-10'000'000'000);
    return Call(&S::IssueInvoice, r);
  });
  Add("invoice of 0,00 kr", C::INVALID_ARGUMENT, [=, this] {
    auto r = invoice("zero-invoice");
    r.mutable_lines(0)->set_net_ore(0);
    return Call(&S::IssueInvoice, r);
  });
  Add("invoice line description of 71 characters", C::INVALID_ARGUMENT, [=, this] {
    auto r = invoice("long-line");
    r.mutable_lines(0)->set_description(std::string(71, 'd'));
    return Call(&S::IssueInvoice, r);
  });
  Add("invoice with a wrong OCR check digit", C::INVALID_ARGUMENT, [=, this] {
    auto r = invoice("bad-ocr");
    r.set_ocr_reference("1000000091");
    return Call(&S::IssueInvoice, r);
  });
  Add("invoice with a non-digit OCR", C::INVALID_ARGUMENT, [=, this] {
    auto r = invoice("letter-ocr");
    r.set_ocr_reference("12345A");
    return Call(&S::IssueInvoice, r);
  });
  Add("invoice whose lines sum past the amount limit", C::INVALID_ARGUMENT, [=, this] {
    auto r = invoice("overflow");
    r.mutable_lines(0)->set_net_ore(9'000'000'000);
    *r.add_lines() = r.lines(0);
    return Call(&S::IssueInvoice, r);
  });
  Add("the same invoice number again", C::ALREADY_EXISTS, [=, this] {
    auto r = invoice("again");
    r.set_invoice_number(10'000'001);
    return Call(&S::IssueInvoice, r);
  });
  Add("customer with an invalid personnummer", C::INVALID_ARGUMENT, [=, this] {
    auto r = With<pb::RegisterCustomerRequest>("pnr");
    r.set_customer_number("10003");
    r.mutable_details()->set_name("X");
    r.mutable_details()->set_national_id("6408232381");
    return Call(&S::RegisterCustomer, r);
  });
  Add("customer number of 21 characters", C::INVALID_ARGUMENT, [=, this] {
    auto r = With<pb::RegisterCustomerRequest>("long-number");
    r.set_customer_number(std::string(21, '1'));
    r.mutable_details()->set_name("X");
    r.mutable_details()->set_national_id(Pnr("640823238"));
    return Call(&S::RegisterCustomer, r);
  });
  Add("the same customer again", C::ALREADY_EXISTS, [=, this] {
    auto r = With<pb::RegisterCustomerRequest>("same-customer");
    r.set_customer_number("10001");
    r.mutable_details()->set_name("X");
    r.mutable_details()->set_national_id(Pnr("640823238"));
    return Call(&S::RegisterCustomer, r);
  });
  Add("change of an unknown customer", C::NOT_FOUND, [=, this] {
    auto r = With<pb::ChangeCustomerRequest>("change-unknown");
    r.set_customer_number("99999");
    r.mutable_details()->set_name("X");
    r.mutable_details()->set_national_id(Pnr("640823238"));
    return Call(&S::ChangeCustomer, r);
  });
  Add("credit above the balance", C::FAILED_PRECONDITION, [=, this] {
    auto r = With<pb::CreditInvoiceRequest>("credit-too-much");
    r.set_invoice_number(10'000'001);
    r.set_amount_ore(100'001);
    return Call(&S::CreditInvoice, r);
  });
  Add("write-off above the balance", C::FAILED_PRECONDITION, [=, this] {
    auto r = With<pb::WriteOffRequest>("writeoff-too-much");
    r.set_invoice_number(10'000'001);
    r.set_amount_ore(100'001);
    return Call(&S::WriteOff, r);
  });
  Add("an interest charge through ChargeFee", C::INVALID_ARGUMENT, [=, this] {
    auto r = With<pb::ChargeFeeRequest>("fee-interest");
    r.set_invoice_number(10'000'001);
    r.set_kind(pb::CHARGE_KIND_INTEREST);
    r.set_amount_ore(100);
    return Call(&S::ChargeFee, r);
  });
  Add("a note of 501 characters", C::INVALID_ARGUMENT, [=, this] {
    auto r = With<pb::AddNoteRequest>("long-note");
    r.set_invoice_number(10'000'001);
    r.set_text(std::string(501, 'n'));
    return Call(&S::AddNote, r);
  });
  Add("a watch text of 41 characters", C::INVALID_ARGUMENT, [=, this] {
    auto r = With<pb::SetWatchTextRequest>("long-watch");
    r.set_invoice_number(10'000'001);
    r.set_text(std::string(41, 'w'));
    return Call(&S::SetWatchText, r);
  });
  Add("a due date before the invoice date", C::INVALID_ARGUMENT, [=, this] {
    auto r = With<pb::ChangeDueDateRequest>("due-before");
    r.set_invoice_number(10'000'001);
    r.set_due_date("2026-09-01");
    return Call(&S::ChangeDueDate, r);
  });

  // 3. Files, batches and sizes.
  for (const std::string& file :
       {std::string(), std::string("not a bgmax file"), std::string("01BGMAX") + "\n",
        std::string(3000, '\xff'), std::string("01BGMAX               0120261102")}) {
    Add(absl::StrCat("BgMax file of ", file.size(), " bytes"), C::INVALID_ARGUMENT, [=, this] {
      auto r = With<pb::ImportBgMaxRequest>(absl::StrCat("bgmax-", file.size()));
      r.set_file(file);
      return Call(&S::ImportBgMax, r);
    });
  }
  Add("an empty batch", C::INVALID_ARGUMENT,
      [=, this] { return Call(&S::ExecuteBatch, pb::ExecuteBatchRequest()); });
  Add("a batch one command too deep", C::INVALID_ARGUMENT, [=, this] {
    pb::ExecuteBatchRequest b;
    for (int i = 0; i <= limits::kBatchCommandsMax; ++i) {
      *b.add_commands()->mutable_record_payment() = payment(absl::StrCat("deep-", i), 100);
    }
    return Call(&S::ExecuteBatch, b);
  });
  Add("a message over the size limit", C::RESOURCE_EXHAUSTED, [=, this] {
    // A client that would send more than the server takes.
    grpc::ChannelArguments args;
    args.SetMaxSendMessageSize(-1);
    auto stub = pb::Ledger::NewStub(ledger_.server().InProcessChannel(args));
    auto r = With<pb::ImportBgMaxRequest>("huge");
    r.set_file(std::string(limits::kMaxReceiveMessageBytes + 1, '0'));
    grpc::ClientContext ctx;
    pb::ImportReceipt out;
    return stub->ImportBgMax(&ctx, r, &out);
  });

  // 4. Four-eyes approval: policies out of range, decisions on nothing.
  auto policy = [](const std::string& id, bool write_off, int64_t from) {
    auto r = With<pb::SetApprovalPolicyRequest>(id);
    r.set_write_off(write_off);
    r.set_write_off_from_ore(from);
    return r;
  };
  Add("approval threshold of -1 öre", C::INVALID_ARGUMENT,
      [=, this] { return Call(&S::SetApprovalPolicy, policy("policy-neg", true, -1)); });
  Add("approval threshold above the amount limit", C::INVALID_ARGUMENT, [=, this] {
    return Call(&S::SetApprovalPolicy, policy("policy-max", true, std::numeric_limits<int64_t>::max()));
  });
  Add("approval threshold without write-off approval", C::INVALID_ARGUMENT,
      [=, this] { return Call(&S::SetApprovalPolicy, policy("policy-off", false, 5'000)); });
  auto decide = [](const std::string& id, int64_t request, bool approve, const std::string& reason) {
    auto r = With<pb::DecideApprovalRequest>(id);
    r.set_request_id(request);
    r.set_approve(approve);
    r.set_reason(reason);
    return r;
  };
  Add("approval of request 0", C::INVALID_ARGUMENT,
      [=, this] { return Call(&S::DecideApproval, decide("decide-0", 0, true, "")); });
  Add("approval of request -5", C::INVALID_ARGUMENT,
      [=, this] { return Call(&S::DecideApproval, decide("decide-neg", -5, true, "")); });
  Add("approval of a request that was never made", C::NOT_FOUND,
      [=, this] { return Call(&S::DecideApproval, decide("decide-none", 999, true, "")); });
  Add("rejection of a request that was never made", C::NOT_FOUND,
      [=, this] { return Call(&S::DecideApproval, decide("reject-none", 999, false, "Fel")); });
  Add("rejection with a reason of 41 characters", C::INVALID_ARGUMENT,
      [=, this] { return Call(&S::DecideApproval, decide("reject-long", 1, false, std::string(41, 'x'))); });
  Add("rejection with a control character in its reason", C::INVALID_ARGUMENT,
      [=, this] { return Call(&S::DecideApproval, decide("reject-ctl", 1, false, "Fel\x07")); });
  auto approvals = [this](int company, int64_t invoice) {
    grpc::ClientContext ctx;
    pb::ListApprovalsRequest r;
    r.set_company(company);
    r.set_invoice_number(invoice);
    pb::ListApprovalsResponse out;
    return ledger_.stub().ListApprovals(&ctx, r, &out);
  };
  Add("approvals of company 0", C::INVALID_ARGUMENT, [=] { return approvals(0, 0); });
  Add("approvals of a company not registered", C::NOT_FOUND, [=] { return approvals(7, 0); });
  Add("approvals of a negative invoice number", C::INVALID_ARGUMENT, [=] { return approvals(1, -3); });

  // 5. Queries.
  auto get_invoice = [this](int company, int64_t number) {
    grpc::ClientContext ctx;
    pb::GetInvoiceRequest r;
    r.set_company(company);
    r.set_invoice_number(number);
    pb::Invoice out;
    return ledger_.stub().GetInvoice(&ctx, r, &out);
  };
  Add("get an unknown invoice", C::NOT_FOUND, [=] { return get_invoice(1, 10'009'999); });
  Add("get a negative invoice number", C::INVALID_ARGUMENT, [=] { return get_invoice(1, -5); });
  Add("get an invoice of company 1000", C::INVALID_ARGUMENT, [=] { return get_invoice(1000, 10'000'001); });
  auto saldolista = [this](const std::function<void(pb::SaldolistaRequest&)>& f) {
    grpc::ClientContext ctx;
    pb::SaldolistaRequest r;
    f(r);
    pb::SaldolistaResponse out;
    return ledger_.stub().Saldolista(&ctx, r, &out);
  };
  Add("saldolista on a garbled day", C::INVALID_ARGUMENT,
      [=] { return saldolista([](auto& r) { r.mutable_as_of()->set_effective_on("2026-02-30"); }); });
  Add("saldolista known at a garbled instant", C::INVALID_ARGUMENT,
      [=] { return saldolista([](auto& r) { r.mutable_as_of()->set_known_at("yesterday"); }); });
  Add("saldolista with companies reversed", C::INVALID_ARGUMENT, [=] {
    return saldolista([](auto& r) {
      r.set_company_from(5);
      r.set_company_to(2);
    });
  });
  Add("saldolista with a garbled due date", C::INVALID_ARGUMENT,
      [=] { return saldolista([](auto& r) { r.set_due_from("31/10/2026"); }); });

  ASSERT_GE(cases_.size(), 150u);
  const uint64_t head = ledger_.Head();
  const LedgerState state = ledger_.core().projection().Snapshot(nullptr);
  for (const Case& c : cases_) {
    grpc::Status s = c.call();
    EXPECT_EQ(s.error_code(), c.code) << c.name << ": " << s.error_message();
    EXPECT_FALSE(s.error_message().empty()) << c.name;
    EXPECT_EQ(ledger_.Head(), head) << c.name << " wrote to the journal";
  }
  EXPECT_EQ(ledger_.core().projection().Snapshot(nullptr), state);
  EXPECT_TRUE(CheckProjectionAgainstRebuild(ledger_.core().journal(), ledger_.core().projection()).ok());

  // Each base request, unbroken, is accepted: the refusals above were the mutations' doing.
  for (const Base& b : Bases()) {
    grpc::Status s = b.send(absl::StrCat(b.name, "-valid"), [](pb::CommandContext*) {});
    EXPECT_TRUE(s.ok()) << b.name << ": " << s.error_message();
  }
  EXPECT_GT(ledger_.Head(), head);
  std::printf("%zu hostile requests refused with the right code, 0 writes\n", cases_.size());
}

}  // namespace
}  // namespace reskontra
