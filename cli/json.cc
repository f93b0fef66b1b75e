#include "cli/json.h"

#include <google/protobuf/descriptor.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/json_quote.h"

namespace reskontra::cli {

namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

std::string Quote(const std::string& s) { return JsonQuote(s); }

void Append(std::string& out, const Message& m);

void AppendValue(std::string& out, const Message& m, const FieldDescriptor* f, int index) {
  const Reflection* r = m.GetReflection();
  const bool rep = f->is_repeated();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      absl::StrAppend(&out, rep ? r->GetRepeatedInt32(m, f, index) : r->GetInt32(m, f));
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      absl::StrAppend(&out, rep ? r->GetRepeatedInt64(m, f, index) : r->GetInt64(m, f));
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      absl::StrAppend(&out, rep ? r->GetRepeatedUInt32(m, f, index) : r->GetUInt32(m, f));
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      absl::StrAppend(&out, rep ? r->GetRepeatedUInt64(m, f, index) : r->GetUInt64(m, f));
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      out += (rep ? r->GetRepeatedBool(m, f, index) : r->GetBool(m, f)) ? "true" : "false";
      break;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* v = rep ? r->GetRepeatedEnum(m, f, index) : r->GetEnum(m, f);
      out += Quote(v->name());
      break;
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string s = rep ? r->GetRepeatedString(m, f, index) : r->GetString(m, f);
      out += Quote(f->type() == FieldDescriptor::TYPE_BYTES ? absl::BytesToHexString(s) : s);
      break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      Append(out, rep ? r->GetRepeatedMessage(m, f, index) : r->GetMessage(m, f));
      break;
    default:
      out += "null";
  }
}

void Append(std::string& out, const Message& m) {
  const Reflection* r = m.GetReflection();
  // Every field, defaults included (a zero balance still shows "ore":0), except unset
  // oneof members, unset optional fields and unset sub-messages.
  const auto* d = m.GetDescriptor();
  out += "{";
  bool first = true;
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (!f->is_repeated() &&
        (f->containing_oneof() != nullptr || f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) &&
        !r->HasField(m, f)) {
      continue;
    }
    if (!first) out += ",";
    first = false;
    out += Quote(f->name()) + ":";
    if (f->is_repeated()) {
      out += "[";
      for (int i = 0; i < r->FieldSize(m, f); ++i) {
        if (i) out += ",";
        AppendValue(out, m, f, i);
      }
      out += "]";
    } else {
      AppendValue(out, m, f, 0);
    }
  }
  out += "}";
}

}  // namespace

std::string ToJson(const Message& message) {
  std::string out;
  Append(out, message);
  return out;
}

}  // namespace reskontra::cli
