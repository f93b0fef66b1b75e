// Who may call what: API tokens map a caller to a role and to the companies it may touch.
//
// The tokens file (reskontrad --tokens_file) holds one caller per line; only the SHA-256 of a
// token is stored:
//
//   # sha256(token)                                                   name    role     companies
//   3f2a...e1  revisor-kpmg  auditor  *
//   9c1b...07  anna          clerk    1,2,10-19
//
// A client sends its token as gRPC metadata `authorization: Bearer <token>`. Roles:
//   auditor  reads everything in its companies (queries, reports, exports, Subscribe, Verify);
//   clerk    also writes: invoices, payments, imports, dunning and interest runs;
//   admin    also configures: companies, policies, reference rates, account plans, period
//            closing, archiving.
// A request names its companies (`ctx.company`, `company`, `company_from`..`company_to`, in any
// nested message, each command of a batch); every one must be the caller's, and a company of 0
// (all companies) needs a caller with `*`. Subscribe sends a restricted caller only its companies'
// events. The actor recorded on every event is the caller's name from this file.
//
// Without a tokens file the server is open (development): every caller is an admin of every
// company and the actor is the one the request names.
#ifndef RESKONTRA_SERVICES_AUTH_H_
#define RESKONTRA_SERVICES_AUTH_H_

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_context.h>

#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace reskontra {

enum class Role { kAuditor = 0, kClerk = 1, kAdmin = 2 };
// What a method needs: the least role that may call it.
enum class Access { kRead = 0, kWrite = 1, kAdmin = 2 };

struct Caller {
  std::string name;  // recorded as the actor of what the caller writes; empty when auth is off
  Role role = Role::kAdmin;
  bool all_companies = true;
  absl::flat_hash_set<int> companies;

  bool Covers(int company) const { return all_companies || (company > 0 && companies.contains(company)); }
};

// The access every RPC of reskontra.v1.Ledger needs; nullopt for a method not in the table
// (a test checks that the table names every method of the service).
std::optional<Access> MethodAccess(absl::string_view method);

// The companies a request names, found by field name in it and every nested message.
struct CompanySelection {
  bool all = false;              // a company of 0, or a range that is not narrowed
  absl::flat_hash_set<int> ids;  // when not `all`
};
CompanySelection CompaniesOf(const google::protobuf::Message& request);

// reskontrad's transport: plaintext without a certificate; TLS with one; and with a client CA,
// only clients presenting a certificate signed by it.
struct TlsFiles {
  std::string cert;       // PEM certificate chain
  std::string key;        // PEM private key
  std::string client_ca;  // PEM CA for client certificates; empty: none asked for
};
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(const TlsFiles& files);

class Authenticator {
 public:
  // Open: no tokens, every caller is an admin of every company.
  Authenticator() = default;
  static absl::StatusOr<Authenticator> FromText(absl::string_view text);
  static absl::StatusOr<Authenticator> FromFile(const std::string& path);

  bool enabled() const { return enabled_; }
  // The caller of a call, from its `authorization` metadata: UNAUTHENTICATED without a known token.
  absl::StatusOr<Caller> Authenticate(const grpc::ServerContextBase& ctx) const;
  // Authenticate, then PERMISSION_DENIED unless the caller's role reaches the method's access and
  // it may touch every company the request names.
  absl::StatusOr<Caller> Authorize(const grpc::ServerContextBase& ctx, absl::string_view method,
                                   const google::protobuf::Message& request) const;
  // The company check of Authorize alone (for each command of a batch).
  static absl::Status CheckCompanies(const Caller& caller, const google::protobuf::Message& request);
  // One command of a batch: its companies, and the role of the method that takes it alone.
  static absl::Status CheckCommand(const Caller& caller, const google::protobuf::Message& request);

 private:
  bool enabled_ = false;
  absl::flat_hash_map<std::string, Caller> by_token_hash_;  // hex SHA-256 of the token
};

}  // namespace reskontra

#endif  // RESKONTRA_SERVICES_AUTH_H_
