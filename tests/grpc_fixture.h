// An in-process Ledger server over a temporary folder, with a fixed clock, for tests.
#ifndef RESKONTRA_TESTS_GRPC_FIXTURE_H_
#define RESKONTRA_TESTS_GRPC_FIXTURE_H_

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "services/ledger_service.h"
#include "services/limits.h"
#include "services/unreadable_request.h"
#include "tests/test_util.h"

namespace reskontra::testing {

// The bytes of a streamed file (an export, a print file), the call's status, and a printed
// document's receipt (sent with the last chunk).
inline std::string ReadChunks(grpc::ClientReader<pb::ExportChunk>& reader, grpc::Status* status,
                              pb::DocumentReceipt* receipt = nullptr) {
  std::string bytes;
  pb::ExportChunk chunk;
  while (reader.Read(&chunk)) {
    bytes += chunk.data();
    if (receipt != nullptr && chunk.has_document()) *receipt = chunk.document();
  }
  *status = reader.Finish();
  return bytes;
}

class InProcessLedger {
 public:
  // `auth` (not owned): who may call what; null: open.
  explicit InProcessLedger(const std::string& dir, absl::Time now = TestNow(),
                           const Authenticator* auth = nullptr)
      : dir_(dir), clock_(now), auth_(auth) {
    Start();
  }
  ~InProcessLedger() { Stop(); }
  void Start() {
    auto core = LedgerCore::Open({.data_dir = dir_, .clock = &clock_, .time_zone = absl::UTCTimeZone()});
    EXPECT_TRUE(core.ok()) << core.status();
    core_ = std::move(*core);
    service_ = std::make_unique<LedgerService>(core_.get(), auth_);
    grpc::ServerBuilder builder;
    ConfigureLedgerServer(builder);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    grpc::ChannelArguments args;
    args.SetMaxSendMessageSize(limits::kMaxReceiveMessageBytes);
    stub_ = pb::Ledger::NewStub(server_->InProcessChannel(args));
  }
  void Stop() {
    if (server_) server_->Shutdown();
    stub_.reset();
    server_.reset();
    service_.reset();
    core_.reset();
  }
  void Restart() {
    Stop();
    Start();
  }
  pb::Ledger::Stub& stub() { return *stub_; }
  grpc::Server& server() { return *server_; }
  FakeClock& clock() { return clock_; }
  LedgerCore& core() { return *core_; }
  LedgerService& service() { return *service_; }
  uint64_t Head() { return core_->journal().DurableHead(); }

  template <class Req>
  static Req With(const std::string& id, int company = 1) {
    Req r;
    r.mutable_ctx()->set_command_id(absl::StrCat("test-command-", id));
    r.mutable_ctx()->set_actor("tester");
    r.mutable_ctx()->set_company(company);
    return r;
  }
  // What most gRPC tests start from: company 1, customer 10001 (Anna Lindqvist) and one invoice
  // of `net_ore` (no VAT) dated 2026-10-01 (or `invoice_date`), due a month later.
  void SeedInvoice(int64_t invoice_number, int64_t net_ore, int32_t revenue_account,
                   const std::string& invoice_date = "2026-10-01",
                   const std::string& due_date = "2026-10-31") {
    auto company = With<pb::RegisterCompanyRequest>("company");
    company.set_name("Exempelkommun");
    EXPECT_TRUE(Call(&pb::Ledger::Stub::RegisterCompany, company).ok());
    auto customer = With<pb::RegisterCustomerRequest>("customer");
    customer.set_customer_number("10001");
    customer.mutable_details()->set_name("Anna Lindqvist");
    customer.mutable_details()->set_national_id(Pnr("640823238"));
    EXPECT_TRUE(Call(&pb::Ledger::Stub::RegisterCustomer, customer).ok());
    auto inv = With<pb::IssueInvoiceRequest>("invoice");
    inv.set_invoice_number(invoice_number);
    inv.set_customer_number("10001");
    inv.set_invoice_date(invoice_date);
    inv.set_due_date(due_date);
    auto* l = inv.add_lines();
    l->set_description("Hyra");
    l->set_net_ore(net_ore);
    l->set_revenue_account(revenue_account);
    EXPECT_TRUE(Call(&pb::Ledger::Stub::IssueInvoice, inv).ok());
  }
  template <class Req, class Resp = pb::CommandResponse>
  grpc::Status Call(grpc::Status (pb::Ledger::Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
                    const Req& r, Resp* out = nullptr) {
    grpc::ClientContext ctx;
    Resp resp;
    return (stub_.get()->*method)(&ctx, r, out ? out : &resp);
  }

 private:
  std::string dir_;
  FakeClock clock_;
  const Authenticator* auth_;
  std::unique_ptr<LedgerCore> core_;
  std::unique_ptr<LedgerService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<pb::Ledger::Stub> stub_;
};

}  // namespace reskontra::testing

#endif  // RESKONTRA_TESTS_GRPC_FIXTURE_H_
