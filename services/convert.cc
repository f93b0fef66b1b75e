// The wire edge shared by every area: command context and results, dates, status codes,
// the request fingerprint and amounts. Each area converts its own requests and answers in
// convert_<area>.cc.
#include "services/convert.h"

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

Hash Fingerprint(const google::protobuf::Message& request) {
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
