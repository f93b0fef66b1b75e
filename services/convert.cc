// The wire edge shared by every area: command context and results, dates, status codes,
// the request fingerprint and amounts. Each area converts its own requests and answers in
// convert_<area>.cc.
#include "services/convert.h"

#include <google/protobuf/wire_format_lite.h>
#include <openssl/evp.h>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "base/overloaded.h"
#include "base/status_macros.h"
#include "domain/limits.h"

namespace reskontra {

void SetResult(const AppendResult& r, pb::CommandResult* out) {
  out->set_first_position(r.first_position);
  out->set_last_position(r.last_position);
  out->set_replayed(r.replayed);
}

CommandMeta ToMeta(const pb::CommandContext& c) {
  CommandMeta m;
  m.command_id = c.command_id();
  m.actor = c.actor();
  m.company = c.company();
  if (c.has_expected_version()) m.expected_version = c.expected_version();
  return m;
}

absl::StatusOr<std::optional<Date>> OptionalDate(const std::string& s, absl::string_view what) {
  if (s.empty()) return std::optional<Date>();
  absl::StatusOr<Date> d = ParseDate(s);
  if (!d.ok()) return absl::InvalidArgumentError(absl::StrCat(what, ": ", d.status().message()));
  return std::optional<Date>(*d);
}

absl::StatusOr<Date> RequiredDate(const std::string& s, absl::string_view what) {
  if (s.empty()) return absl::InvalidArgumentError(absl::StrCat(what, " is required"));
  absl::StatusOr<Date> d = ParseDate(s);
  if (!d.ok()) return absl::InvalidArgumentError(absl::StrCat(what, ": ", d.status().message()));
  return *d;
}

grpc::Status ToGrpc(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  // absl and gRPC share the canonical code numbers.
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

namespace {

// SHA-256 fed by protobuf's serializer buffer by buffer: what is hashed is never held whole.
class HashingStream : public google::protobuf::io::ZeroCopyOutputStream {
 public:
  HashingStream() : ctx_(EVP_MD_CTX_new()) {
    RESKONTRA_CHECK(ctx_ != nullptr && EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) == 1);
  }
  ~HashingStream() override { EVP_MD_CTX_free(ctx_); }
  void Update(absl::string_view bytes) {
    RESKONTRA_CHECK(EVP_DigestUpdate(ctx_, bytes.data(), bytes.size()) == 1);
  }
  bool Next(void** data, int* size) override {
    Settle();
    *data = buffer_;
    *size = sizeof buffer_;
    in_buffer_ = sizeof buffer_;
    return true;
  }
  void BackUp(int count) override { in_buffer_ -= count; }
  int64_t ByteCount() const override { return settled_ + in_buffer_; }
  Hash Finish() {
    Settle();
    Hash out;
    unsigned int len = 0;
    RESKONTRA_CHECK(EVP_DigestFinal_ex(ctx_, out.data(), &len) == 1 && len == 32);
    return out;
  }

 private:
  void Settle() {
    Update(absl::string_view(buffer_, in_buffer_));
    settled_ += in_buffer_;
    in_buffer_ = 0;
  }
  EVP_MD_CTX* ctx_;
  char buffer_[64 * 1024];
  int in_buffer_ = 0;
  int64_t settled_ = 0;
};

}  // namespace

// SHA-256 of the message's full name and its deterministic serialization with the command id
// cleared. A bank file's request is large: it is neither copied nor serialized into memory.
// The context (always field 1, so serialized first) is hashed from a cleared copy, then the
// request without it: the same bytes as serializing a cleared copy of the whole request.
Hash Fingerprint(const google::protobuf::Message& request) {
  HashingStream hash;
  hash.Update(request.GetDescriptor()->full_name());
  auto serialize = [&hash](const google::protobuf::Message& m) {
    google::protobuf::io::CodedOutputStream coded(&hash);
    coded.SetSerializationDeterministic(true);
    RESKONTRA_CHECK(m.SerializeToCodedStream(&coded));
  };
  const google::protobuf::FieldDescriptor* ctx = request.GetDescriptor()->FindFieldByName("ctx");
  const google::protobuf::Reflection* reflection = request.GetReflection();
  if (ctx == nullptr || !reflection->HasField(request, ctx)) {
    serialize(request);
    return hash.Finish();
  }
  RESKONTRA_CHECK(ctx->number() == 1 && ctx->message_type() == pb::CommandContext::descriptor());
  pb::CommandContext cleared;
  cleared.CopyFrom(reflection->GetMessage(request, ctx));
  cleared.clear_command_id();
  {
    google::protobuf::io::CodedOutputStream coded(&hash);
    coded.SetSerializationDeterministic(true);
    coded.WriteTag(google::protobuf::internal::WireFormatLite::MakeTag(
        1, google::protobuf::internal::WireFormatLite::WIRETYPE_LENGTH_DELIMITED));
    coded.WriteVarint32(static_cast<uint32_t>(cleared.ByteSizeLong()));
    RESKONTRA_CHECK(cleared.SerializeToCodedStream(&coded));
  }
  // The rest: the request with its context taken out for the moment and put back after.
  auto& mutable_request = const_cast<google::protobuf::Message&>(request);
  std::unique_ptr<google::protobuf::Message> taken(reflection->ReleaseMessage(&mutable_request, ctx));
  serialize(request);
  reflection->SetAllocatedMessage(&mutable_request, taken.release(), ctx);
  return hash.Finish();
}

absl::Status CheckInvoiceNumbers(const google::protobuf::RepeatedField<int64_t>& numbers) {
  absl::flat_hash_set<InvoiceNumber> seen;
  for (int64_t n : numbers) {
    RETURN_IF_ERROR(ValidateInvoiceNumber(n));
    if (!seen.insert(n).second)
      return absl::InvalidArgumentError(
          absl::StrCat("invoice ", FormatInvoiceNumber(n), " is asked for twice"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Command> ToCommand(const pb::RegisterCompanyRequest& r) {
  return Command{ToMeta(r.ctx()), RegisterCompany{r.name(), r.org_number()}};
}

absl::StatusOr<DateRange> ToRange(const std::string& from, const std::string& to, absl::string_view what) {
  DateRange range;
  ASSIGN_OR_RETURN(range.from, OptionalDate(from, absl::StrCat(what, " from")));
  ASSIGN_OR_RETURN(range.to, OptionalDate(to, absl::StrCat(what, " to")));
  if (range.from && range.to && *range.to < *range.from) {
    return absl::InvalidArgumentError(absl::StrCat(what, " range ends before it starts"));
  }
  return range;
}

absl::Status CompanyRange(int32_t from, int32_t to) {
  if (from < 0 || from > limits::kCompanyIdMax || to < 0 || to > limits::kCompanyIdMax ||
      (to != 0 && to < from)) {
    return absl::InvalidArgumentError("company range must be within 1..999 and ascending");
  }
  return absl::OkStatus();
}

pb::Amount ToProto(Money m) {
  pb::Amount a;
  a.set_ore(m.ore());
  a.set_kronor(m.ToKronor());
  return a;
}

}  // namespace reskontra
