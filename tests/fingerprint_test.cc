// The command fingerprint (services/convert.h) hashes a request without copying it; its bytes
// must be exactly those of the first way (a cleared copy serialized whole), since fingerprints
// are stored in the command index and a retry after an upgrade must still match.
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <gtest/gtest.h>

#include "services/convert.h"

namespace reskontra {
namespace {

namespace pb = ::reskontra::v1;

// The fingerprint as it was first written: a copy of the request, serialized whole.
Hash FingerprintByCopy(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  const google::protobuf::FieldDescriptor* ctx = copy->GetDescriptor()->FindFieldByName("ctx");
  if (ctx != nullptr && copy->GetReflection()->HasField(*copy, ctx)) {
    auto* c = static_cast<pb::CommandContext*>(copy->GetReflection()->MutableMessage(copy.get(), ctx));
    c->clear_command_id();
  }
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream out(&bytes);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.SetSerializationDeterministic(true);
    copy->SerializeToCodedStream(&coded);
  }
  return Sha256(copy->GetDescriptor()->full_name(), bytes);
}

template <class Request>
void ExpectSame(Request r) {
  const std::string before = r.SerializeAsString();
  EXPECT_EQ(HashToHex(Fingerprint(r)), HashToHex(FingerprintByCopy(r))) << r.GetDescriptor()->full_name();
  EXPECT_EQ(r.SerializeAsString(), before);  // the request is as it was
}

TEST(FingerprintTest, HashesWithoutACopyTheBytesACopyGave) {
  pb::ImportPaymentFileRequest file;
  file.mutable_ctx()->set_command_id("import-1");
  file.mutable_ctx()->set_company(7);
  file.mutable_ctx()->set_actor("anna");
  file.set_format(pb::PAYMENT_FILE_FORMAT_CAMT054);
  file.set_file(std::string(3 * 1024 * 1024 + 17, 'x'));  // over many of the stream's buffers
  file.set_confirm_resend(true);
  ExpectSame(file);
  file.mutable_ctx()->clear_command_id();
  ExpectSame(file);
  file.clear_ctx();
  ExpectSame(file);

  pb::IssueInvoiceRequest invoice;
  invoice.mutable_ctx()->set_command_id("i-1");
  invoice.mutable_ctx()->set_expected_version(3);
  invoice.set_invoice_number(10001001);
  invoice.add_lines()->set_description("Hyra");
  invoice.mutable_lines(0)->set_net_ore(100000);
  ExpectSame(invoice);
  // Unknown fields (a newer client) are hashed after the known ones, both ways.
  invoice.GetReflection()->MutableUnknownFields(&invoice)->AddVarint(999, 42);
  ExpectSame(invoice);

  pb::RegisterCompanyRequest empty;
  ExpectSame(empty);
  // Two requests that differ only in their command id have one fingerprint.
  pb::RegisterCompanyRequest a, b;
  a.mutable_ctx()->set_command_id("a");
  b.mutable_ctx()->set_command_id("b");
  a.set_name("Exempelkommun");
  b.set_name("Exempelkommun");
  EXPECT_EQ(Fingerprint(a), Fingerprint(b));
  b.set_name("Annan kommun");
  EXPECT_NE(Fingerprint(a), Fingerprint(b));
}

}  // namespace
}  // namespace reskontra
