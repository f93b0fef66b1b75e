// The CLI's channel to reskontrad: plaintext or TLS, and an API token sent with every call.
#ifndef RESKONTRA_CLI_CHANNEL_H_
#define RESKONTRA_CLI_CHANNEL_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/client_interceptor.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace reskontra::cli {

struct ChannelOptions {
  std::string server;
  std::string token;     // sent as `authorization: Bearer <token>`; empty: none
  std::string tls_ca;    // PEM CA of the server's certificate: TLS; empty: plaintext
  std::string tls_cert;  // PEM client certificate and key, for a server that requires one
  std::string tls_key;
};

// Adds the token to every call's metadata: call credentials would need TLS, and a token on
// a loopback plaintext channel is still worth checking.
class TokenInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit TokenInterceptor(const std::string* token) : token_(token) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace("authorization", "Bearer " + *token_);
    }
    methods->Proceed();
  }

 private:
  const std::string* token_;
};

class TokenInterceptorFactory : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit TokenInterceptorFactory(std::string token) : token_(std::move(token)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(grpc::experimental::ClientRpcInfo*) override {
    return new TokenInterceptor(&token_);
  }

 private:
  std::string token_;
};

inline absl::StatusOr<std::string> ReadPem(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const ChannelOptions& o) {
  std::shared_ptr<grpc::ChannelCredentials> creds = grpc::InsecureChannelCredentials();
  if (!o.tls_ca.empty()) {
    grpc::SslCredentialsOptions ssl;
    absl::StatusOr<std::string> ca = ReadPem(o.tls_ca);
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *ca;
    if (!o.tls_cert.empty()) {
      absl::StatusOr<std::string> cert = ReadPem(o.tls_cert);
      if (!cert.ok()) return cert.status();
      absl::StatusOr<std::string> key = ReadPem(o.tls_key);
      if (!key.ok()) return key.status();
      ssl.pem_cert_chain = *cert;
      ssl.pem_private_key = *key;
    }
    creds = grpc::SslCredentials(ssl);
  }
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> interceptors;
  if (!o.token.empty()) interceptors.push_back(std::make_unique<TokenInterceptorFactory>(o.token));
  return grpc::experimental::CreateCustomChannelWithInterceptors(o.server, creds, grpc::ChannelArguments(),
                                                                 std::move(interceptors));
}

}  // namespace reskontra::cli

#endif  // RESKONTRA_CLI_CHANNEL_H_
