// A client's channel to reskontrad: plaintext or TLS (with an optional client certificate),
// and an API token sent with every call. Shared by the CLI, the relay and a read replica
// following its primary.
//
//   ChannelOptions o{.server = "127.0.0.1:50051", .token = token};
//   ASSIGN_OR_RETURN(std::shared_ptr<grpc::Channel> channel, MakeChannel(o));
#ifndef RESKONTRA_CLIENT_CHANNEL_H_
#define RESKONTRA_CLIENT_CHANNEL_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace reskontra::client {

struct ChannelOptions {
  std::string server;
  std::string token;     // sent as `authorization: Bearer <token>`; empty: none
  std::string tls_ca;    // PEM CA of the server's certificate: TLS; empty: plaintext
  std::string tls_cert;  // PEM client certificate and key, for a server that requires one
  std::string tls_key;
};

// NOT_FOUND when a PEM file cannot be read.
absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const ChannelOptions& options);

}  // namespace reskontra::client

#endif  // RESKONTRA_CLIENT_CHANNEL_H_
