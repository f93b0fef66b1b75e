// Issue 23, item 16: a request whose bytes cannot be read is answered INVALID_ARGUMENT with a
// message naming the method, on every RPC of the Ledger service, sent as raw bytes over gRPC,
// and nothing is written.
#include "services/unreadable_request.h"

#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <future>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "tests/grpc_fixture.h"

namespace reskontra::testing {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::MethodDescriptor;

std::string Varint(uint64_t v) {
  std::string out;
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
  return out;
}

// A length-delimited field `number` holding `bytes`.
std::string Field(int number, const std::string& bytes) {
  return Varint(static_cast<uint64_t>(number) << 3 | 2) + Varint(bytes.size()) + bytes;
}

// The bytes of `type` with invalid UTF-8 in its first string field (searching one level into
// message fields), or "" when it has none.
std::string InvalidUtf8(const Descriptor* type, int depth = 0) {
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* f = type->field(i);
    if (f->type() == FieldDescriptor::TYPE_STRING) return Field(f->number(), "Anna \xC3\x28 Lindqvist");
  }
  if (depth > 0) return "";
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* f = type->field(i);
    if (f->type() != FieldDescriptor::TYPE_MESSAGE) continue;
    const std::string inner = InvalidUtf8(f->message_type(), depth + 1);
    if (!inner.empty()) return Field(f->number(), inner);
  }
  return "";
}

const google::protobuf::ServiceDescriptor* LedgerService() {
  return google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
      pb::Ledger::service_full_name());
}

class UnreadableRequestTest : public ::testing::Test {
 protected:
  UnreadableRequestTest() : ledger_(dir_.path()) {}

  grpc::Status Send(const MethodDescriptor* m, const std::string& bytes) {
    grpc::GenericStub stub(ledger_.server().InProcessChannel(grpc::ChannelArguments()));
    grpc::ClientContext ctx;
    grpc::Slice slice(bytes);
    grpc::ByteBuffer in(&slice, 1);
    grpc::ByteBuffer out;
    std::promise<grpc::Status> done;
    stub.UnaryCall(&ctx, absl::StrCat("/", m->service()->full_name(), "/", m->name()), grpc::StubOptions(),
                   &in, &out, [&](grpc::Status s) { done.set_value(s); });
    return done.get_future().get();
  }
  void ExpectRefused(const MethodDescriptor* m, const std::string& bytes, const char* what) {
    const grpc::Status s = Send(m, bytes);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << m->full_name() << " with " << what << ": " << s.error_message();
    EXPECT_NE(s.error_message().find(absl::StrCat("/", m->service()->full_name(), "/", m->name())),
              std::string::npos)
        << s.error_message();
    EXPECT_NE(s.error_message().find(m->input_type()->full_name()), std::string::npos) << s.error_message();
  }

  TempDir dir_;
  InProcessLedger ledger_;
};

TEST_F(UnreadableRequestTest, EveryMethodAnswersInvalidArgumentAndWritesNothing) {
  ledger_.SeedInvoice(100001001, 100'000, 3010);
  const uint64_t head = ledger_.Head();
  const google::protobuf::ServiceDescriptor* service = LedgerService();
  int methods = 0, utf8_cases = 0;
  for (int i = 0; i < service->method_count(); ++i) {
    const MethodDescriptor* m = service->method(i);
    // A stream of requests ends where a message cannot be read (see unreadable_request.h).
    if (m->client_streaming()) continue;
    ++methods;
    // A tag whose varint never ends.
    ExpectRefused(m, std::string(11, '\xFF'), "garbage");
    // Field number 0 is not a field.
    ExpectRefused(m, std::string("\x02\x01x", 3), "field number 0");
    // A field that says 40 bytes follow, and 3 do.
    ExpectRefused(m, Varint(1 << 3 | 2) + Varint(40) + "abc", "a truncated message");
    const std::string utf8 = InvalidUtf8(m->input_type());
    if (!utf8.empty()) {
      ++utf8_cases;
      ExpectRefused(m, utf8, "invalid UTF-8");
    }
  }
  EXPECT_GT(methods, 60);
  EXPECT_GT(utf8_cases, 50);
  EXPECT_EQ(ledger_.Head(), head);
  // The ledger still answers a well-formed request.
  pb::GetInvoiceRequest r;
  r.set_company(1);
  r.set_invoice_number(100001001);
  EXPECT_TRUE(Send(service->FindMethodByName("GetInvoice"), r.SerializeAsString()).ok());
}

TEST_F(UnreadableRequestTest, AWellFormedRequestThatFailsKeepsItsOwnStatus) {
  // The interceptor changes only the answer to an unreadable request.
  pb::GetInvoiceRequest r;
  r.set_company(1);
  r.set_invoice_number(100004711);
  const grpc::Status s = Send(LedgerService()->FindMethodByName("GetInvoice"), r.SerializeAsString());
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
}

TEST(UnreadableRequestMessageTest, NamesTheMessageTypeOfTheMethod) {
  EXPECT_NE(
      UnreadableRequestMessage("/reskontra.v1.Ledger/IssueInvoice")
          .find("/reskontra.v1.Ledger/IssueInvoice could not be read as a reskontra.v1.IssueInvoiceRequest"),
      std::string::npos);
  // An unknown method still gets a message, without a type.
  EXPECT_NE(UnreadableRequestMessage("/x.Y/Z").find("could not be read:"), std::string::npos);
}

}  // namespace
}  // namespace reskontra::testing
