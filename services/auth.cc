#include "services/auth.h"

#include <grpcpp/security/server_credentials.h>

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"
#include "domain/limits.h"
#include "journal/record.h"

namespace reskontra {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

struct MethodEntry {
  absl::string_view method;
  Access access;
};

// Every RPC of reskontra.v1.Ledger. Configuration of a company and of the ledger is kAdmin;
// what finance staff do day to day is kWrite; everything that only reads is kRead.
constexpr MethodEntry kMethods[] = {
    {"RegisterCompany", Access::kAdmin},
    {"RegisterCustomer", Access::kWrite},
    {"ChangeCustomer", Access::kWrite},
    {"IssueInvoice", Access::kWrite},
    {"ChangeInvoiceAttributes", Access::kWrite},
    {"RecordPayment", Access::kWrite},
    {"CreditInvoice", Access::kWrite},
    {"AnnulInvoice", Access::kWrite},
    {"AdjustDebit", Access::kWrite},
    {"WriteOff", Access::kWrite},
    {"AddNote", Access::kWrite},
    {"SetApprovalPolicy", Access::kAdmin},
    {"DecideApproval", Access::kWrite},
    {"ListApprovals", Access::kRead},
    {"SetPaymentSettings", Access::kAdmin},
    {"ImportBgMax", Access::kWrite},
    {"ImportPaymentFile", Access::kWrite},
    {"ImportInvoiceFile", Access::kWrite},
    {"ImportInvoiceResponses", Access::kWrite},
    {"ListUnmatched", Access::kRead},
    {"ResolveUnmatched", Access::kWrite},
    {"ReversePayment", Access::kWrite},
    {"ApplyCreditBalance", Access::kWrite},
    {"RefundCreditBalance", Access::kWrite},
    {"SettleNegativeInvoice", Access::kWrite},
    {"DefinePaymentMethod", Access::kAdmin},
    {"ListPaymentMethods", Access::kRead},
    {"ChargeFee", Access::kWrite},
    {"ChargeInterest", Access::kWrite},
    {"SetWatchText", Access::kWrite},
    {"SetDunningPolicy", Access::kAdmin},
    {"GetDunningPolicies", Access::kRead},
    {"DefineDunningCode", Access::kAdmin},
    {"ListDunningCodes", Access::kRead},
    {"SetLetterText", Access::kAdmin},
    {"SetCompanyDetails", Access::kAdmin},
    {"ListLetterTexts", Access::kRead},
    {"AssignDunningCode", Access::kWrite},
    {"RemoveDunningCode", Access::kWrite},
    {"RunDunning", Access::kWrite},
    {"PrintDunningRun", Access::kWrite},  // records the print file (DocumentProduced)
    {"PrintInvoiceDocument", Access::kWrite},
    {"ReprintDocument", Access::kRead},
    {"PrintInvoices", Access::kWrite},
    {"ProduceEInvoices", Access::kWrite},
    {"PrintPlan", Access::kWrite},
    {"PrintList", Access::kRead},  // a list is not sent: nothing recorded
    {"ClearDunningStep", Access::kWrite},
    {"ChangeDueDate", Access::kWrite},
    {"GrantDeferral", Access::kWrite},
    {"CreatePlan", Access::kWrite},
    {"CancelPlan", Access::kWrite},
    {"ListPlans", Access::kRead},
    {"ApplyPaymentOrder", Access::kWrite},
    {"TransferToCollection", Access::kWrite},
    {"DunningStatus", Access::kRead},
    {"ListDunningStatus", Access::kRead},
    {"SetReferenceRate", Access::kAdmin},
    {"ListReferenceRates", Access::kRead},
    {"SetInterestPolicy", Access::kAdmin},
    {"GetInterestPolicy", Access::kRead},
    {"AccruedInterest", Access::kRead},
    {"UninvoicedInterest", Access::kRead},
    {"RunInterestInvoicing", Access::kWrite},
    {"TransferInterestToNextInvoice", Access::kWrite},
    {"RecordPaidInterest", Access::kWrite},
    {"PaymentList", Access::kRead},
    {"WatchSignals", Access::kRead},
    {"Forecast", Access::kRead},
    {"GetInvoice", Access::kRead},
    {"ListInvoices", Access::kRead},
    {"SearchInvoices", Access::kRead},
    {"GetCustomer", Access::kRead},
    {"GetHead", Access::kRead},
    {"WhoAmI", Access::kRead},
    {"Subscribe", Access::kRead},
    {"Verify", Access::kRead},
    {"Saldolista", Access::kRead},
    {"AgedReceivables", Access::kRead},
    {"Export", Access::kRead},
    {"AuditTrail", Access::kRead},
    {"Postings", Access::kRead},
    {"ClosePeriod", Access::kAdmin},
    {"SetAccountPlan", Access::kAdmin},
    {"GetAccountPlan", Access::kRead},
    {"Reconcile", Access::kRead},
    {"Statistics", Access::kRead},
    {"ArchiveInvoices", Access::kAdmin},
    {"RunPostings", Access::kWrite},
    {"Profitability", Access::kRead},
    {"ExecuteBatch", Access::kWrite},
    {"ExecuteStream", Access::kWrite},
    {"Backup", Access::kAdmin},
};

absl::string_view RoleName(Role r) {
  switch (r) {
    case Role::kAuditor:
      return "auditor";
    case Role::kClerk:
      return "clerk";
    case Role::kAdmin:
      return "admin";
  }
  return "?";
}

bool Reaches(Role role, Access access) { return static_cast<int>(role) >= static_cast<int>(access); }

int32_t IntField(const Message& m, const FieldDescriptor* f) {
  return f == nullptr ? 0 : m.GetReflection()->GetInt32(m, f);
}

// Unset singular messages are visited as their defaults (an unset selection selects all
// companies); of a oneof only the member that is set.
void Collect(const Message& m, CompanySelection& out, int depth = 0) {
  if (depth > 16) {
    out.all = true;
    return;
  }
  const google::protobuf::Descriptor* d = m.GetDescriptor();
  const FieldDescriptor* company = d->FindFieldByName("company");
  if (company != nullptr && company->cpp_type() == FieldDescriptor::CPPTYPE_INT32 &&
      !company->is_repeated()) {
    const int32_t c = IntField(m, company);
    if (c <= 0) {
      out.all = true;
    } else {
      out.ids.insert(c);
    }
  }
  const FieldDescriptor* from = d->FindFieldByName("company_from");
  const FieldDescriptor* to = d->FindFieldByName("company_to");
  if (from != nullptr || to != nullptr) {
    const int32_t lo = std::max(IntField(m, from), 1);
    int32_t hi = IntField(m, to);
    if (hi <= 0 || hi > limits::kCompanyIdMax) hi = limits::kCompanyIdMax;
    if (lo == 1 && hi == limits::kCompanyIdMax) {
      out.all = true;
    } else {
      for (int32_t c = lo; c <= hi; ++c) out.ids.insert(c);
    }
  }
  const Reflection* r = m.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (f->is_repeated()) {
      for (int j = 0; j < r->FieldSize(m, f); ++j) Collect(r->GetRepeatedMessage(m, f, j), out, depth + 1);
    } else if (f->containing_oneof() == nullptr || r->HasField(m, f)) {
      Collect(r->GetMessage(m, f), out, depth + 1);
    }
  }
}

absl::StatusOr<absl::flat_hash_set<int>> ParseCompanies(absl::string_view text) {
  absl::flat_hash_set<int> ids;
  for (absl::string_view part : absl::StrSplit(text, ',')) {
    std::pair<absl::string_view, absl::string_view> range = absl::StrSplit(part, absl::MaxSplits('-', 1));
    int lo = 0;
    int hi = 0;
    if (!absl::SimpleAtoi(range.first, &lo))
      return absl::InvalidArgumentError(absl::StrCat("bad company '", part, "'"));
    hi = lo;
    if (!range.second.empty() && !absl::SimpleAtoi(range.second, &hi)) {
      return absl::InvalidArgumentError(absl::StrCat("bad company range '", part, "'"));
    }
    if (lo < 1 || hi > limits::kCompanyIdMax || lo > hi) {
      return absl::InvalidArgumentError(absl::StrCat("company range '", part, "' is outside 1..999"));
    }
    for (int c = lo; c <= hi; ++c) ids.insert(c);
  }
  return ids;
}

bool IsHexSha256(absl::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!absl::ascii_isxdigit(c) || absl::ascii_isupper(c)) return false;
  }
  return true;
}

absl::StatusOr<std::string> ReadFile(const std::string& path, absl::string_view what) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", what, " ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::optional<Access> MethodAccess(absl::string_view method) {
  for (const MethodEntry& e : kMethods) {
    if (e.method == method) return e.access;
  }
  return std::nullopt;
}

CompanySelection CompaniesOf(const Message& request) {
  CompanySelection out;
  Collect(request, out);
  return out;
}

absl::StatusOr<Authenticator> Authenticator::FromText(absl::string_view text) {
  Authenticator a;
  a.enabled_ = true;
  absl::flat_hash_set<std::string> names;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_no;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    std::vector<absl::string_view> f = absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    auto bad = [&](absl::string_view why) {
      return absl::InvalidArgumentError(absl::StrCat("tokens file line ", line_no, ": ", why));
    };
    if (f.size() != 4) return bad("want: sha256-of-token name role companies");
    if (!IsHexSha256(f[0])) return bad("the first field must be the token's SHA-256 in lower-case hex");
    if (f[1].size() > static_cast<size_t>(limits::kActorMax)) return bad("name too long");
    Caller c;
    c.name = std::string(f[1]);
    if (f[2] == "auditor") {
      c.role = Role::kAuditor;
    } else if (f[2] == "clerk") {
      c.role = Role::kClerk;
    } else if (f[2] == "admin") {
      c.role = Role::kAdmin;
    } else {
      return bad(absl::StrCat("unknown role '", f[2], "' (auditor, clerk, admin)"));
    }
    if (f[3] == "*") {
      c.all_companies = true;
    } else {
      c.all_companies = false;
      absl::StatusOr<absl::flat_hash_set<int>> ids = ParseCompanies(f[3]);
      if (!ids.ok()) return bad(ids.status().message());
      c.companies = *std::move(ids);
    }
    if (!names.insert(c.name).second) return bad(absl::StrCat("name '", c.name, "' twice"));
    if (!a.by_token_hash_.emplace(std::string(f[0]), std::move(c)).second) return bad("token twice");
  }
  if (a.by_token_hash_.empty()) return absl::InvalidArgumentError("tokens file names no caller");
  return a;
}

absl::StatusOr<Authenticator> Authenticator::FromFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path, "tokens file");
  if (!text.ok()) return text.status();
  return FromText(*text);
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(const TlsFiles& files) {
  if (files.cert.empty() && files.key.empty()) {
    if (!files.client_ca.empty())
      return absl::InvalidArgumentError("--tls_client_ca needs --tls_cert and --tls_key");
    return grpc::InsecureServerCredentials();
  }
  if (files.cert.empty() || files.key.empty())
    return absl::InvalidArgumentError("TLS needs both --tls_cert and --tls_key");
  grpc::SslServerCredentialsOptions options(files.client_ca.empty()
                                                ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                                                : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  ASSIGN_OR_RETURN(pair.cert_chain, ReadFile(files.cert, "certificate"));
  ASSIGN_OR_RETURN(pair.private_key, ReadFile(files.key, "private key"));
  options.pem_key_cert_pairs.push_back(std::move(pair));
  if (!files.client_ca.empty()) {
    ASSIGN_OR_RETURN(options.pem_root_certs, ReadFile(files.client_ca, "client CA"));
  }
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<Caller> Authenticator::Authenticate(const grpc::ServerContextBase& ctx) const {
  if (!enabled_) return Caller{};
  const auto& md = ctx.client_metadata();
  auto it = md.find("authorization");
  if (it == md.end())
    return absl::UnauthenticatedError("no token: send metadata 'authorization: Bearer <token>'");
  absl::string_view value(it->second.data(), it->second.size());
  if (!absl::ConsumePrefix(&value, "Bearer ") || value.empty()) {
    return absl::UnauthenticatedError("the authorization metadata must be 'Bearer <token>'");
  }
  auto caller = by_token_hash_.find(HashToHex(Sha256(value)));
  if (caller == by_token_hash_.end()) return absl::UnauthenticatedError("unknown token");
  return caller->second;
}

absl::Status Authenticator::CheckCompanies(const Caller& caller, const Message& request) {
  if (caller.all_companies) return absl::OkStatus();
  CompanySelection sel = CompaniesOf(request);
  if (sel.all) {
    return absl::PermissionDeniedError(absl::StrCat(
        caller.name, " may not read or write all companies: name yours (company or company_from..to)"));
  }
  for (int c : sel.ids) {
    if (!caller.Covers(c))
      return absl::PermissionDeniedError(absl::StrCat(caller.name, " may not touch company ", c));
  }
  return absl::OkStatus();
}

absl::Status Authenticator::CheckCommand(const Caller& caller, const Message& request) {
  const google::protobuf::Descriptor* type = request.GetDescriptor();
  const google::protobuf::ServiceDescriptor* service = type->file()->FindServiceByName("Ledger");
  std::optional<Access> need;
  for (int i = 0; service != nullptr && i < service->method_count(); ++i) {
    const google::protobuf::MethodDescriptor* m = service->method(i);
    if (m->input_type() != type) continue;
    std::optional<Access> a = MethodAccess(m->name());
    if (a.has_value() && (!need.has_value() || *a > *need)) need = a;
  }
  if (!need.has_value()) return absl::InternalError(absl::StrCat("no method takes ", type->full_name()));
  if (!Reaches(caller.role, *need)) {
    return absl::PermissionDeniedError(
        absl::StrCat(caller.name, " (", RoleName(caller.role), ") may not send ", type->name()));
  }
  return CheckCompanies(caller, request);
}

absl::StatusOr<Caller> Authenticator::Authorize(const grpc::ServerContextBase& ctx, absl::string_view method,
                                                const Message& request) const {
  std::optional<Access> access = MethodAccess(method);
  if (!access.has_value()) return absl::InternalError(absl::StrCat("no access rule for method ", method));
  absl::StatusOr<Caller> caller = Authenticate(ctx);
  if (!caller.ok()) return caller.status();
  if (!Reaches(caller->role, *access)) {
    return absl::PermissionDeniedError(
        absl::StrCat(caller->name, " (", RoleName(caller->role), ") may not call ", method));
  }
  if (absl::Status s = CheckCompanies(*caller, request); !s.ok()) return s;
  return caller;
}

}  // namespace reskontra
