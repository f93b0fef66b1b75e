// Who may see what (services/auth.h): tokens, roles and companies on every RPC, the actor
// recorded as the authenticated caller, and TLS with and without client certificates.
#include "services/auth.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <fstream>
#include <future>
#include <sstream>

#include "absl/strings/ascii.h"
#include "google/protobuf/descriptor.h"
#include "journal/record.h"
#include "tests/grpc_fixture.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT
using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::MethodDescriptor;

std::string TokenLine(const std::string& token, const std::string& name, const std::string& role,
                      const std::string& companies) {
  return absl::StrCat(HashToHex(Sha256(token)), " ", name, " ", role, " ", companies, "\n");
}

// Six callers: an admin and an auditor of everything, a clerk and an admin of company 2 only,
// and two clerks of company 1.
std::string TokensText() {
  return absl::StrCat(
      "# test callers\n", TokenLine("admin-token", "boss", "admin", "*"),
      TokenLine("auditor-token", "revisor", "auditor", "*"),
      TokenLine("clerk2-token", "bertil", "clerk", "2"), TokenLine("admin2-token", "cecilia", "admin", "2-3"),
      TokenLine("clerk1-token", "anna", "clerk", "1"), TokenLine("clerk1b-token", "britta", "clerk", "1"));
}

const google::protobuf::ServiceDescriptor& LedgerDescriptor() {
  return *google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
      pb::Ledger::service_full_name());
}

// Whether a request type names a company anywhere (then a restricted caller must name theirs).
bool NamesCompany(const Descriptor* d, int depth = 0) {
  if (depth > 8) return false;
  if (d->FindFieldByName("company") != nullptr || d->FindFieldByName("company_from") != nullptr) return true;
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !f->is_repeated() &&
        f->containing_oneof() == nullptr && NamesCompany(f->message_type(), depth + 1)) {
      return true;
    }
  }
  return false;
}

// Sets every company field of `m` (and its nested messages) to `company`.
void SetCompanies(Message* m, int company, int depth = 0) {
  if (depth > 8) return;
  const Descriptor* d = m->GetDescriptor();
  const google::protobuf::Reflection* r = m->GetReflection();
  for (const char* name : {"company", "company_from", "company_to"}) {
    if (const FieldDescriptor* f = d->FindFieldByName(name)) r->SetInt32(m, f, company);
  }
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !f->is_repeated() &&
        f->containing_oneof() == nullptr) {
      SetCompanies(r->MutableMessage(m, f), company, depth + 1);
    }
  }
}

class AuthGrpcTest : public ::testing::Test {
 protected:
  AuthGrpcTest() : auth_(*Authenticator::FromText(TokensText())), ledger_(dir_.path(), TestNow(), &auth_) {}

  // Calls any method by name with a request (as the generic stub does: no streaming needed to
  // see the status a refused call gets).
  grpc::Status CallMethod(const MethodDescriptor* m, const Message& request,
                          const std::string& authorization) {
    grpc::GenericStub stub(ledger_.server().InProcessChannel(grpc::ChannelArguments()));
    grpc::ClientContext ctx;
    if (!authorization.empty()) ctx.AddMetadata("authorization", authorization);
    std::string bytes = request.SerializeAsString();
    grpc::Slice slice(bytes);
    grpc::ByteBuffer in(&slice, 1);
    grpc::ByteBuffer out;
    std::promise<grpc::Status> done;
    stub.UnaryCall(&ctx, absl::StrCat("/", LedgerDescriptor().full_name(), "/", m->name()),
                   grpc::StubOptions(), &in, &out, [&](grpc::Status s) { done.set_value(s); });
    return done.get_future().get();
  }
  std::unique_ptr<Message> RequestFor(const MethodDescriptor* m, int company) {
    std::unique_ptr<Message> r(
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(m->input_type())->New());
    if (company > 0) SetCompanies(r.get(), company);
    // Subscribe ends at the head instead of following the journal.
    if (const FieldDescriptor* f = r->GetDescriptor()->FindFieldByName("history_only")) {
      r->GetReflection()->SetBool(r.get(), f, true);
    }
    return r;
  }
  template <class Req>
  static Req As(const std::string& id, int company, const std::string& actor = "tester") {
    Req r = InProcessLedger::With<Req>(id, company);
    r.mutable_ctx()->set_actor(actor);
    return r;
  }
  template <class Req, class Resp = pb::CommandResponse>
  grpc::Status Call(const std::string& token,
                    grpc::Status (pb::Ledger::Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
                    const Req& r, Resp* out = nullptr) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + token);
    Resp resp;
    return (ledger_.stub().*method)(&ctx, r, out ? out : &resp);
  }
  // Company `company` with customer 10001 and one invoice, written by the admin.
  void SeedCompany(int company, int64_t invoice_number) {
    auto c = As<pb::RegisterCompanyRequest>(absl::StrCat("company-", company), company);
    c.set_name(absl::StrCat("Kommun ", company));
    ASSERT_TRUE(Call("admin-token", &pb::Ledger::Stub::RegisterCompany, c).ok());
    auto cu = As<pb::RegisterCustomerRequest>(absl::StrCat("customer-", company), company);
    cu.set_customer_number("10001");
    cu.mutable_details()->set_name(absl::StrCat("Kund i ", company));
    cu.mutable_details()->set_national_id(Pnr("640823238"));
    ASSERT_TRUE(Call("admin-token", &pb::Ledger::Stub::RegisterCustomer, cu).ok());
    auto inv = Invoice(company, invoice_number, absl::StrCat("invoice-", company));
    ASSERT_TRUE(Call("admin-token", &pb::Ledger::Stub::IssueInvoice, inv).ok());
  }
  pb::IssueInvoiceRequest Invoice(int company, int64_t number, const std::string& id,
                                  const std::string& actor = "tester") {
    auto inv = As<pb::IssueInvoiceRequest>(id, company, actor);
    inv.set_invoice_number(number);
    inv.set_customer_number("10001");
    inv.set_invoice_date("2026-10-01");
    inv.set_due_date("2026-10-31");
    auto* l = inv.add_lines();
    l->set_description("Hyra");
    l->set_net_ore(100'000);
    l->set_revenue_account(3001);
    return inv;
  }
  std::vector<pb::JournalEvent> Subscribed(const std::string& token) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + token);
    pb::SubscribeRequest r;
    r.set_history_only(true);
    auto reader = ledger_.stub().Subscribe(&ctx, r);
    std::vector<pb::JournalEvent> events;
    pb::JournalEvent e;
    while (reader->Read(&e)) events.push_back(e);
    EXPECT_TRUE(reader->Finish().ok());
    return events;
  }

  TempDir dir_;
  Authenticator auth_;
  InProcessLedger ledger_;
};

TEST(AuthTest, TheTokensFileIsReadStrictly) {
  ASSERT_TRUE(Authenticator::FromText(TokensText()).ok());
  const std::string hash = HashToHex(Sha256("t"));
  for (const std::string& bad : {
           std::string("# nothing\n"),
           absl::StrCat("abc anna clerk 1\n"),                                // not a SHA-256
           absl::StrCat(absl::AsciiStrToUpper(hash), " anna clerk 1\n"),      // upper-case hex
           absl::StrCat(hash, " anna superuser 1\n"),                         // unknown role
           absl::StrCat(hash, " anna clerk 0\n"),                             // company outside 1..999
           absl::StrCat(hash, " anna clerk 5-2\n"),                           // empty range
           absl::StrCat(hash, " anna clerk 1000\n"),                          // company outside 1..999
           absl::StrCat(hash, " anna clerk x\n"),                             // not a number
           absl::StrCat(hash, " anna clerk\n"),                               // a field missing
           absl::StrCat(hash, " anna clerk 1\n", hash, " bertil clerk 1\n"),  // token twice
           absl::StrCat(hash, " anna clerk 1\n", HashToHex(Sha256("u")), " anna clerk 1\n"),  // name twice
       }) {
    EXPECT_EQ(Authenticator::FromText(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_EQ(Authenticator::FromFile("/nonexistent/tokens").status().code(), absl::StatusCode::kNotFound);
}

TEST(AuthTest, EveryMethodOfTheServiceHasAnAccessRule) {
  const auto& service = LedgerDescriptor();
  ASSERT_GT(service.method_count(), 60);
  for (int i = 0; i < service.method_count(); ++i) {
    EXPECT_TRUE(MethodAccess(service.method(i)->name()).has_value()) << service.method(i)->name();
  }
  EXPECT_FALSE(MethodAccess("NoSuchMethod").has_value());
}

TEST(AuthTest, CompaniesAreFoundInNestedMessagesAndRanges) {
  pb::ExportRequest e;
  EXPECT_TRUE(CompaniesOf(e).all);  // an unset selection selects every company
  e.mutable_selection()->set_company_from(2);
  e.mutable_selection()->set_company_to(3);
  CompanySelection sel = CompaniesOf(e);
  EXPECT_FALSE(sel.all);
  EXPECT_EQ(sel.ids, (absl::flat_hash_set<int>{2, 3}));
  pb::ExecuteBatchRequest b;
  b.add_commands()->mutable_issue_invoice()->mutable_ctx()->set_company(7);
  b.add_commands()->mutable_record_payment()->mutable_ctx()->set_company(9);
  sel = CompaniesOf(b);  // the commands' unset oneof members name nothing
  EXPECT_FALSE(sel.all);
  EXPECT_EQ(sel.ids, (absl::flat_hash_set<int>{7, 9}));
  EXPECT_FALSE(CompaniesOf(pb::GetHeadRequest()).all);
  EXPECT_TRUE(CompaniesOf(pb::GetHeadRequest()).ids.empty());
}

TEST_F(AuthGrpcTest, EveryMethodRefusesACallerWithoutAValidToken) {
  const auto& service = LedgerDescriptor();
  for (int i = 0; i < service.method_count(); ++i) {
    const MethodDescriptor* m = service.method(i);
    auto request = RequestFor(m, 1);
    for (const std::string& authorization : {std::string(), std::string("Bearer wrong-token"),
                                             std::string("admin-token"), std::string("Bearer ")}) {
      EXPECT_EQ(CallMethod(m, *request, authorization).error_code(), grpc::StatusCode::UNAUTHENTICATED)
          << m->name() << " with '" << authorization << "'";
    }
  }
  EXPECT_EQ(ledger_.Head(), 0u);
}

TEST_F(AuthGrpcTest, EveryMethodEnforcesItsRole) {
  const auto& service = LedgerDescriptor();
  int writes = 0, admin_only = 0;
  for (int i = 0; i < service.method_count(); ++i) {
    const MethodDescriptor* m = service.method(i);
    const Access need = *MethodAccess(m->name());
    auto request = RequestFor(m, 1);
    const grpc::StatusCode auditor = CallMethod(m, *request, "Bearer auditor-token").error_code();
    const grpc::StatusCode clerk = CallMethod(m, *request, "Bearer clerk1-token").error_code();
    if (need == Access::kRead) {
      EXPECT_NE(auditor, grpc::StatusCode::PERMISSION_DENIED) << m->name();
      EXPECT_NE(auditor, grpc::StatusCode::UNAUTHENTICATED) << m->name();
    } else {
      ++writes;
      EXPECT_EQ(auditor, grpc::StatusCode::PERMISSION_DENIED) << m->name();
    }
    if (need == Access::kAdmin) {
      ++admin_only;
      EXPECT_EQ(clerk, grpc::StatusCode::PERMISSION_DENIED) << m->name();
    } else {
      EXPECT_NE(clerk, grpc::StatusCode::PERMISSION_DENIED) << m->name();
    }
  }
  EXPECT_GT(writes, 30);
  EXPECT_GT(admin_only, 5);
}

TEST_F(AuthGrpcTest, EveryMethodNamingACompanyRefusesAnotherCompanysCaller) {
  const auto& service = LedgerDescriptor();
  int scoped = 0;
  for (int i = 0; i < service.method_count(); ++i) {
    const MethodDescriptor* m = service.method(i);
    if (!NamesCompany(m->input_type())) continue;
    ++scoped;
    // cecilia is an admin, but of companies 2 and 3 only: company 1, or all companies, is not hers.
    EXPECT_EQ(CallMethod(m, *RequestFor(m, 1), "Bearer admin2-token").error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << m->name();
    EXPECT_EQ(CallMethod(m, *RequestFor(m, 0), "Bearer admin2-token").error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << m->name() << " (all companies)";
    EXPECT_NE(CallMethod(m, *RequestFor(m, 2), "Bearer admin2-token").error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << m->name() << " (her own company)";
  }
  EXPECT_GT(scoped, 55);
  EXPECT_EQ(ledger_.Head(), 0u);
}

TEST_F(AuthGrpcTest, OneCompanysDataIsInvisibleToAnothersToken) {
  SeedCompany(1, 10'000'001);
  SeedCompany(2, 20'000'001);
  // Bertil (company 2) cannot read company 1's invoice, customer, lists or totals.
  pb::GetInvoiceRequest gi;
  gi.set_company(1);
  gi.set_invoice_number(10'000'001);
  pb::Invoice inv;
  EXPECT_EQ(Call("clerk2-token", &pb::Ledger::Stub::GetInvoice, gi, &inv).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Call("clerk1-token", &pb::Ledger::Stub::GetInvoice, gi, &inv).ok());
  pb::SaldolistaRequest all;
  pb::SaldolistaResponse saldo;
  EXPECT_EQ(Call("clerk2-token", &pb::Ledger::Stub::Saldolista, all, &saldo).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  pb::SaldolistaRequest own;
  own.set_company_from(2);
  own.set_company_to(2);
  ASSERT_TRUE(Call("clerk2-token", &pb::Ledger::Stub::Saldolista, own, &saldo).ok());
  ASSERT_EQ(saldo.rows_size(), 1);
  EXPECT_EQ(saldo.rows(0).invoice_number(), 20'000'001);
  // The export of everything is refused; Subscribe shows only company 2's events.
  {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer clerk2-token");
    pb::ExportRequest e;
    auto reader = ledger_.stub().Export(&ctx, e);
    pb::ExportChunk chunk;
    EXPECT_FALSE(reader->Read(&chunk));
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }
  std::vector<pb::JournalEvent> mine = Subscribed("clerk2-token");
  std::vector<pb::JournalEvent> everything = Subscribed("auditor-token");
  ASSERT_EQ(everything.size(), ledger_.Head());
  size_t of_company_2 = 0;
  for (const auto& e : everything) of_company_2 += e.company() == 2 || e.company() == 0;
  EXPECT_EQ(mine.size(), of_company_2);
  EXPECT_LT(mine.size(), everything.size());
  for (const auto& e : mine) EXPECT_TRUE(e.company() == 2 || e.company() == 0) << e.position();
  // Asking for another company's events is refused, not answered with nothing.
  {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer clerk2-token");
    pb::SubscribeRequest r;
    r.set_history_only(true);
    r.add_companies(1);
    auto reader = ledger_.stub().Subscribe(&ctx, r);
    pb::JournalEvent e;
    EXPECT_FALSE(reader->Read(&e));
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }
  // In a batch, a command for another company is refused on its own; the rest is written.
  pb::ExecuteBatchRequest batch;
  *batch.add_commands()->mutable_issue_invoice() = Invoice(1, 10'000'002, "batch-1", "bertil");
  *batch.add_commands()->mutable_issue_invoice() = Invoice(2, 20'000'002, "batch-2", "bertil");
  pb::ExecuteBatchResponse resp;
  ASSERT_TRUE(Call("clerk2-token", &pb::Ledger::Stub::ExecuteBatch, batch, &resp).ok());
  ASSERT_EQ(resp.results_size(), 2);
  EXPECT_EQ(resp.results(0).code(), static_cast<int>(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(resp.results(1).code(), 0);
  EXPECT_EQ(resp.written(), 1u);
  // ... and a configuration command in a clerk's batch is refused too.
  pb::ExecuteBatchRequest config;
  auto* policy = config.add_commands()->mutable_register_company();
  *policy = As<pb::RegisterCompanyRequest>("batch-company", 2);
  policy->set_name("Ny");
  ASSERT_TRUE(Call("clerk2-token", &pb::Ledger::Stub::ExecuteBatch, config, &resp).ok());
  EXPECT_EQ(resp.results(0).code(), static_cast<int>(absl::StatusCode::kPermissionDenied));
}

TEST_F(AuthGrpcTest, TheActorRecordedIsTheCallerNeverTheNameInTheRequest) {
  SeedCompany(1, 10'000'001);
  const uint64_t before = ledger_.Head();
  ASSERT_TRUE(
      Call("clerk1-token", &pb::Ledger::Stub::IssueInvoice, Invoice(1, 10'000'002, "spoof", "boss")).ok());
  pb::ExecuteBatchRequest batch;
  *batch.add_commands()->mutable_issue_invoice() = Invoice(1, 10'000'003, "spoof-batch", "boss");
  pb::ExecuteBatchResponse resp;
  ASSERT_TRUE(Call("clerk1-token", &pb::Ledger::Stub::ExecuteBatch, batch, &resp).ok());
  ASSERT_EQ(resp.written(), 1u);
  std::vector<pb::JournalEvent> events = Subscribed("admin-token");
  ASSERT_GT(events.size(), before);
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].actor(), events[i].position() > before ? "anna" : "boss") << events[i].position();
  }
}

// Fyra ögon over gRPC: the requester is the token's caller, so a clerk cannot approve their own
// request under another name; a second clerk can, and the journal names both.
TEST_F(AuthGrpcTest, FourEyesApprovalNeedsASecondAuthenticatedCaller) {
  SeedCompany(1, 10'000'001);
  auto policy = As<pb::SetApprovalPolicyRequest>("policy", 1);
  policy.set_annulment(true);
  EXPECT_EQ(Call("clerk1-token", &pb::Ledger::Stub::SetApprovalPolicy, policy).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call("admin-token", &pb::Ledger::Stub::SetApprovalPolicy, policy).ok());

  auto annul = As<pb::AnnulInvoiceRequest>("annul", 1);
  annul.set_invoice_number(10'000'001);
  annul.set_remark("dubbelfakturerad");
  pb::CommandResponse resp;
  ASSERT_TRUE(Call("clerk1-token", &pb::Ledger::Stub::AnnulInvoice, annul, &resp).ok());
  EXPECT_EQ(resp.invoice().pending_approval(), 1);
  const int64_t balance = resp.invoice().balance().ore();
  EXPECT_GT(balance, 0);
  EXPECT_EQ(resp.invoice().annulled().ore(), 0);  // nothing annulled yet
  EXPECT_EQ(resp.approval().state(), "pending");
  EXPECT_EQ(resp.approval().requested_by(), "anna");

  // Anna, under any name in the request, cannot approve; an auditor cannot decide; another
  // company's clerk cannot see or decide it.
  auto approve = As<pb::DecideApprovalRequest>("approve", 1, "britta");
  approve.set_request_id(1);
  approve.set_approve(true);
  EXPECT_EQ(Call("clerk1-token", &pb::Ledger::Stub::DecideApproval, approve).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call("auditor-token", &pb::Ledger::Stub::DecideApproval, approve).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call("clerk2-token", &pb::Ledger::Stub::DecideApproval, approve).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  pb::ListApprovalsRequest list;
  list.set_company(1);
  list.set_pending_only(true);
  pb::ListApprovalsResponse listed;
  EXPECT_EQ(Call("clerk2-token", &pb::Ledger::Stub::ListApprovals, list, &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call("auditor-token", &pb::Ledger::Stub::ListApprovals, list, &listed).ok());
  ASSERT_EQ(listed.approvals_size(), 1);
  EXPECT_TRUE(listed.policy().annulment());
  EXPECT_EQ(listed.approvals(0).request().amount().ore(), balance);

  ASSERT_TRUE(Call("clerk1b-token", &pb::Ledger::Stub::DecideApproval, approve, &resp).ok());
  EXPECT_EQ(resp.approval().state(), "approved");
  EXPECT_EQ(resp.approval().decided_by(), "britta");
  EXPECT_EQ(resp.invoice().balance().ore(), 0);
  EXPECT_EQ(resp.invoice().annulled().ore(), balance);
  EXPECT_EQ(resp.invoice().pending_approval(), 0);
  ASSERT_TRUE(Call("auditor-token", &pb::Ledger::Stub::ListApprovals, list, &listed).ok());
  EXPECT_EQ(listed.approvals_size(), 0);

  // The stored projection keeps the requests: after a restart they are there, and equal a
  // rebuild from the journal.
  ledger_.Restart();
  list.set_pending_only(false);
  ASSERT_TRUE(Call("auditor-token", &pb::Ledger::Stub::ListApprovals, list, &listed).ok());
  ASSERT_EQ(listed.approvals_size(), 1);
  EXPECT_EQ(listed.approvals(0).state(), "approved");
  EXPECT_EQ(listed.approvals(0).requested_by(), "anna");
  pb::VerifyResponse verified;
  ASSERT_TRUE(Call("auditor-token", &pb::Ledger::Stub::Verify, pb::VerifyRequest(), &verified).ok());
  EXPECT_TRUE(verified.projections_match_rebuild());

  // The journal: the request by anna, the decision and the annulment by britta.
  std::vector<pb::JournalEvent> events = Subscribed("admin-token");
  ASSERT_GE(events.size(), 3u);
  const size_t n = events.size();
  EXPECT_EQ(events[n - 3].type(), "ApprovalRequested");
  EXPECT_EQ(events[n - 3].actor(), "anna");
  EXPECT_EQ(events[n - 3].approval_requested().request_id(), 1);
  EXPECT_EQ(events[n - 2].type(), "ApprovalDecided");
  EXPECT_EQ(events[n - 2].actor(), "britta");
  EXPECT_TRUE(events[n - 2].approval_decided().approved());
  EXPECT_EQ(events[n - 1].type(), "InvoiceAnnulled");
  EXPECT_EQ(events[n - 1].actor(), "britta");
}

// TLS: a server with the test certificates (tests/data/tls/make.sh) on a loopback port.
std::string Pem(const std::string& name) {
  std::ifstream in(std::string(TEST_DATA_DIR) + "/tls/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class TlsTest : public ::testing::Test {
 protected:
  void Serve(bool require_client_cert) {
    auto core =
        LedgerCore::Open({.data_dir = dir_.path(), .clock = &clock_, .time_zone = absl::UTCTimeZone()});
    ASSERT_TRUE(core.ok());
    core_ = std::move(*core);
    service_ = std::make_unique<LedgerService>(core_.get());
    const std::string tls = std::string(TEST_DATA_DIR) + "/tls/";
    absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> creds = MakeServerCredentials(
        {tls + "server.pem", tls + "server.key", require_client_cert ? tls + "ca.pem" : std::string()});
    ASSERT_TRUE(creds.ok()) << creds.status();
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", *creds, &port_);
    ConfigureLedgerServer(builder);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(port_, 0);
  }
  grpc::Status Head(std::shared_ptr<grpc::ChannelCredentials> creds) {
    auto stub = pb::Ledger::NewStub(grpc::CreateChannel(absl::StrCat("127.0.0.1:", port_), creds));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    pb::GetHeadResponse out;
    return stub->GetHead(&ctx, pb::GetHeadRequest(), &out);
  }
  static std::shared_ptr<grpc::ChannelCredentials> Ssl(const std::string& ca, const std::string& who) {
    grpc::SslCredentialsOptions o;
    o.pem_root_certs = Pem(ca);
    if (!who.empty()) {
      o.pem_cert_chain = Pem(who + ".pem");
      o.pem_private_key = Pem(who + ".key");
    }
    return grpc::SslCredentials(o);
  }
  ~TlsTest() override {
    if (server_) server_->Shutdown();
  }

  TempDir dir_;
  FakeClock clock_{TestNow()};
  std::unique_ptr<LedgerCore> core_;
  std::unique_ptr<LedgerService> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

TEST_F(TlsTest, ServesTlsAndRefusesPlaintextAndAnUnknownServer) {
  Serve(false);
  EXPECT_TRUE(Head(Ssl("ca.pem", "")).ok());
  EXPECT_EQ(Head(grpc::InsecureChannelCredentials()).error_code(), grpc::StatusCode::UNAVAILABLE);
  // A client that trusts another CA does not trust this server.
  EXPECT_EQ(Head(Ssl("other-ca.pem", "")).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, WithAClientCaOnlyCertifiedClientsGetIn) {
  Serve(true);
  EXPECT_TRUE(Head(Ssl("ca.pem", "client")).ok());
  EXPECT_EQ(Head(Ssl("ca.pem", "")).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Head(Ssl("ca.pem", "stranger")).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST(TlsConfigTest, HalfAConfigurationIsRefused) {
  EXPECT_TRUE(MakeServerCredentials({}).ok());
  EXPECT_EQ(MakeServerCredentials({.cert = "x.pem"}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeServerCredentials({.client_ca = "ca.pem"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeServerCredentials({.cert = "/nonexistent.pem", .key = "/nonexistent.key"}).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace reskontra
