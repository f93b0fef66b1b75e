// A request whose bytes cannot be read as its message (garbage, a truncated message, invalid
// UTF-8 in a string field) is answered INVALID_ARGUMENT naming the method and the message,
// on every RPC. Without this gRPC answers UNIMPLEMENTED with no message on the callback
// (command) methods, which says the method does not exist, and INTERNAL on the others.
#ifndef RESKONTRA_SERVICES_UNREADABLE_REQUEST_H_
#define RESKONTRA_SERVICES_UNREADABLE_REQUEST_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string>
#include <vector>

namespace reskontra {

// What the caller is told: "the request to /reskontra.v1.Ledger/IssueInvoice could not be read
// as a reskontra.v1.IssueInvoiceRequest: ...".
std::string UnreadableRequestMessage(const std::string& method);

// The interceptor factory that makes the answer INVALID_ARGUMENT (for methods with one request
// message; a stream of requests ends where a message cannot be read).
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> UnreadableRequestInterceptor();

// Everything a Ledger server is built with besides its address and credentials: the largest
// request (services/limits.h) and the interceptor above. The daemon and the tests' servers
// both use it.
void ConfigureLedgerServer(grpc::ServerBuilder& builder);

}  // namespace reskontra

#endif  // RESKONTRA_SERVICES_UNREADABLE_REQUEST_H_
