// The web console: the ledger's screens for handläggare and revisorer, served by reskontrad.
//
//   auto console = web::Console::Start({.listen = "127.0.0.1:8080"}, server->InProcessChannel(args));
//   std::printf("%s\n", (*console)->url().c_str());
//
// One API, not two: the browser sends protobuf's JSON mapping of a reskontra.v1.Ledger request to
// POST /api/v1/<Method>; the console calls that method of the same server over an in-process gRPC
// channel with the caller's token and answers with the response's JSON. Every rule, check, role
// and company restriction is the gRPC service's; nothing is decided here. What the console adds:
//   - a session: POST /api/session {"token": …} checks the token (WhoAmI) and sets an HttpOnly,
//     SameSite=Strict cookie; or the client sends `Authorization: Bearer <token>` on each call;
//   - protection of cookie calls against cross-site requests (an X-CSRF-Token header that only
//     the page knows, and the Origin and Sec-Fetch-Site headers checked);
//   - strict security headers (a Content-Security-Policy without inline scripts), no caching of
//     any answer; a Host header that names the console (no DNS rebinding); a size limit on every
//     request, read before the body (small for calls, the upload limit for imports; no chunked or
//     compressed bodies); a deadline on every call;
//   - downloads: a method that streams ExportChunk (saldolista CSV/XLSX, SIE, printed letters)
//     answers with the file's bytes (one file; several files a call are the CLI's);
//   - the journal live: GET /api/events is Subscribe as server-sent events (EventSource), its
//     filters as query parameters, resumed after Last-Event-ID;
//   - the page's own files (web/assets/), built into the binary.
#ifndef RESKONTRA_WEB_CONSOLE_H_
#define RESKONTRA_WEB_CONSOLE_H_

#include <grpcpp/channel.h>

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace reskontra::web {

struct ConsoleOptions {
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free one
  // PEM certificate chain and key (the gRPC port's): serve HTTPS and mark the cookie Secure.
  std::string tls_cert;
  std::string tls_key;
  // PEM CA: like the gRPC port, only browsers presenting a client certificate signed by it.
  std::string tls_client_ca;
  size_t request_max_bytes = 64u << 20;  // an uploaded file travels in one request (imports only)
  // Connections served at once: a browser keeps up to six open to one host, each holding a
  // thread while it is kept alive (at most 2 s idle).
  int threads = 32;
};

class Console {
 public:
  // Binds the address and starts serving on its own threads. `ledger` reaches the
  // reskontra.v1.Ledger service (the server's in-process channel).
  static absl::StatusOr<std::unique_ptr<Console>> Start(const ConsoleOptions& options,
                                                        std::shared_ptr<grpc::Channel> ledger);
  ~Console();
  Console(const Console&) = delete;
  Console& operator=(const Console&) = delete;

  int port() const;
  std::string url() const;  // e.g. http://127.0.0.1:8080/
  void Stop();

  class Impl;

 private:
  explicit Console(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace reskontra::web

#endif  // RESKONTRA_WEB_CONSOLE_H_
