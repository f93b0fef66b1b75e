#include "web/console.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/support/byte_buffer.h>
#include <httplib.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "base/json_quote.h"
#include "reskontra/v1/ledger.pb.h"
#include "web/assets.h"

namespace reskontra::web {
namespace {

namespace pb = google::protobuf;

constexpr char kService[] = "reskontra.v1.Ledger";
constexpr char kCookie[] = "reskontra_session";
// With TLS the cookie takes the __Host- prefix: only this host, only HTTPS, path /.
constexpr char kSecureCookie[] = "__Host-reskontra_session";
constexpr char kCsrfHeader[] = "X-CSRF-Token";
// A session ends after this long without a call, and in any case after a working day.
constexpr absl::Duration kSessionIdle = absl::Minutes(30);
constexpr absl::Duration kSessionMax = absl::Hours(10);
constexpr size_t kSessionsMax = 10'000;
constexpr size_t kSessionsPerTokenMax = 20;  // one token's logins cannot push out everyone else's
// Request bodies, checked from Content-Length before the body is read: a login, a call, and an
// import (which carries a file: ConsoleOptions::request_max_bytes).
constexpr size_t kLoginBodyMax = 8 << 10;
constexpr size_t kCallBodyMax = 1 << 20;
// A file answered as a download, at most (a saldolista of a million invoices is ~150 MB).
constexpr size_t kDownloadMaxBytes = 512u << 20;
// A call's deadline: an import or a run over every invoice may take minutes.
constexpr absl::Duration kCallDeadline = absl::Minutes(5);
constexpr absl::Duration kLongCallDeadline = absl::Minutes(30);
// Messages of a server stream turned into one JSON answer (a list's rows come in one message;
// only downloads stream many, and they are answered as bytes).
constexpr int kStreamMessagesMax = 10'000;
// The live journal (GET /api/events): streams open at once (each holds one of the console's
// threads and one of the ledger's), how often the ledger says where it is while nothing happens,
// and how long a quiet stream waits before it tells the browser it is still there.
constexpr int kLiveStreamsMax = 8;
constexpr uint32_t kLiveHeartbeatMs = 1000;
// A closed connection is noticed only by writing to it: a few bytes every 2 s free its place
// within seconds of a closed tab.
constexpr absl::Duration kLiveKeepAlive = absl::Seconds(2);
constexpr absl::Duration kLiveStartMax = absl::Seconds(30);

// Protobuf's JSON mapping: field names as in the .proto's JSON names (lowerCamelCase), every
// field printed (a zero balance is an answer, not an absence), enums by name.
pb::util::JsonPrintOptions PrintOptions() {
  pb::util::JsonPrintOptions o;
  o.always_print_primitive_fields = true;
  o.always_print_enums_as_ints = false;
  o.preserve_proto_field_names = false;
  return o;
}

std::string RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) std::abort();
  return absl::BytesToHexString(raw);
}

// grpc-gateway's mapping of gRPC codes to HTTP statuses, and the codes' names.
struct CodeInfo {
  grpc::StatusCode code;
  int http;
  const char* name;
};
constexpr CodeInfo kCodes[] = {
    {grpc::StatusCode::OK, 200, "OK"},
    {grpc::StatusCode::CANCELLED, 499, "CANCELLED"},
    {grpc::StatusCode::INVALID_ARGUMENT, 400, "INVALID_ARGUMENT"},
    {grpc::StatusCode::DEADLINE_EXCEEDED, 504, "DEADLINE_EXCEEDED"},
    {grpc::StatusCode::NOT_FOUND, 404, "NOT_FOUND"},
    {grpc::StatusCode::ALREADY_EXISTS, 409, "ALREADY_EXISTS"},
    {grpc::StatusCode::PERMISSION_DENIED, 403, "PERMISSION_DENIED"},
    {grpc::StatusCode::UNAUTHENTICATED, 401, "UNAUTHENTICATED"},
    {grpc::StatusCode::RESOURCE_EXHAUSTED, 429, "RESOURCE_EXHAUSTED"},
    {grpc::StatusCode::FAILED_PRECONDITION, 400, "FAILED_PRECONDITION"},
    {grpc::StatusCode::ABORTED, 409, "ABORTED"},
    {grpc::StatusCode::OUT_OF_RANGE, 400, "OUT_OF_RANGE"},
    {grpc::StatusCode::UNIMPLEMENTED, 501, "UNIMPLEMENTED"},
    {grpc::StatusCode::INTERNAL, 500, "INTERNAL"},
    {grpc::StatusCode::UNAVAILABLE, 503, "UNAVAILABLE"},
    {grpc::StatusCode::DATA_LOSS, 500, "DATA_LOSS"},
};
constexpr CodeInfo kUnknownCode = {grpc::StatusCode::UNKNOWN, 500, "UNKNOWN"};

const CodeInfo& InfoOf(grpc::StatusCode code) {
  for (const CodeInfo& c : kCodes)
    if (c.code == code) return c;
  return kUnknownCode;
}
int HttpStatusOf(grpc::StatusCode code) { return InfoOf(code).http; }
const char* CodeName(grpc::StatusCode code) { return InfoOf(code).name; }

// A token goes into gRPC metadata, which takes printable ASCII only (anything else would abort
// the call inside gRPC): anything else is no token of ours.
bool PlausibleToken(absl::string_view t) {
  if (t.empty() || t.size() > 4096) return false;
  for (char c : t)
    if (c < 0x21 || c > 0x7E) return false;
  return true;
}

bool SameSecret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

void SendError(httplib::Response& res, int http_status, absl::string_view code, absl::string_view message) {
  res.status = http_status;
  res.set_content(absl::StrCat("{\"code\":", JsonQuote(code), ",\"message\":", JsonQuote(message), "}"),
                  "application/json; charset=utf-8");
}

grpc::ByteBuffer ToByteBuffer(const pb::Message& m) {
  std::string bytes;
  m.SerializeToString(&bytes);
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

bool FromByteBuffer(const grpc::ByteBuffer& buffer, pb::Message* m) {
  std::vector<grpc::Slice> slices;
  if (!buffer.Dump(&slices).ok()) return false;
  std::string bytes;
  for (const grpc::Slice& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return m->ParseFromString(bytes);
}

struct Session {
  std::string token;
  std::string csrf;
  std::string whoami_json;  // the WhoAmI answer, shown by the page
  absl::Time created;
  absl::Time last_used;
};

// One live Subscribe call over the in-process channel, read a message at a time with a timeout,
// so that its reader can look up between messages (the session ended, the console stops).
class LiveStream {
 public:
  enum class Next { kMessage, kQuiet, kEnded };

  LiveStream(grpc::GenericStub& stub, const std::string& token,
             const reskontra::v1::SubscribeRequest& request) {
    if (!token.empty()) ctx_.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    call_ = stub.PrepareCall(&ctx_, absl::StrCat("/", kService, "/Subscribe"), &cq_);
    call_->StartCall(this);
    bool ok = Step();
    if (ok) {
      call_->Write(ToByteBuffer(request), this);
      ok = Step();
    }
    if (ok) {
      call_->WritesDone(this);
      ok = Step();
    }
    if (!ok) Finish();
  }
  ~LiveStream() {
    Cancel();
    cq_.Shutdown();
    void* ignored;
    bool ignored_ok;
    while (cq_.Next(&ignored, &ignored_ok)) {
    }
  }
  LiveStream(const LiveStream&) = delete;
  LiveStream& operator=(const LiveStream&) = delete;

  // The next message within `timeout`: kQuiet when none came, kEnded when the call ended (its
  // status in status()).
  Next Wait(absl::Duration timeout, reskontra::v1::JournalEvent* out) {
    if (finished_) return Next::kEnded;
    if (!reading_) {
      buffer_.Clear();
      call_->Read(&buffer_, this);
      reading_ = true;
    }
    void* got = nullptr;
    bool ok = false;
    switch (cq_.AsyncNext(&got, &ok, absl::ToChronoTime(absl::Now() + timeout))) {
      case grpc::CompletionQueue::TIMEOUT:
        return Next::kQuiet;
      case grpc::CompletionQueue::SHUTDOWN:
        reading_ = false;
        finished_ = true;
        status_ = grpc::Status(grpc::StatusCode::INTERNAL, "the stream's queue shut down");
        return Next::kEnded;
      case grpc::CompletionQueue::GOT_EVENT:
        break;
    }
    reading_ = false;
    if (!ok) {
      Finish();
      return Next::kEnded;
    }
    if (!FromByteBuffer(buffer_, out)) {
      ctx_.TryCancel();
      Finish();
      status_ = grpc::Status(grpc::StatusCode::INTERNAL, "an answer of the ledger could not be read");
      return Next::kEnded;
    }
    return Next::kMessage;
  }

  // Ends the call (idempotent): a read under way completes (failed) before Finish is asked.
  void Cancel() {
    if (finished_) return;
    ctx_.TryCancel();
    if (reading_) {
      reading_ = false;
      (void)Step();
    }
    Finish();
  }

  const grpc::Status& status() const { return status_; }

 private:
  bool Step() {
    void* got = nullptr;
    bool ok = false;
    return cq_.Next(&got, &ok) && ok;
  }
  void Finish() {
    if (finished_) return;
    finished_ = true;
    call_->Finish(&status_, this);
    (void)Step();
  }

  grpc::ClientContext ctx_;
  grpc::CompletionQueue cq_;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call_;
  grpc::ByteBuffer buffer_;
  bool reading_ = false;
  bool finished_ = false;
  grpc::Status status_;
};

// An event of the stream as a server-sent event. Its id is the last position it covers (a
// record's own, a heartbeat's scanned_to), which the browser sends back as Last-Event-ID when it
// reconnects: the stream goes on after it, with nothing lost or repeated.
std::string LiveFrame(const reskontra::v1::JournalEvent& e) {
  std::string json;
  (void)pb::util::MessageToJsonString(e, &json, PrintOptions());  // one line: no newline in it
  const bool heartbeat = e.type() == "Heartbeat";
  return absl::StrCat("id: ", heartbeat ? e.scanned_to() : e.position(),
                      "\nevent: ", heartbeat ? "heartbeat" : "journal", "\ndata: ", json, "\n\n");
}

std::string LiveEnd(absl::string_view code, absl::string_view message) {
  return absl::StrCat("event: end\ndata: {\"code\":", JsonQuote(code), ",\"message\":", JsonQuote(message),
                      "}\n\n");
}

}  // namespace

class Console::Impl {
 public:
  Impl(const ConsoleOptions& options, std::shared_ptr<grpc::Channel> ledger)
      : options_(options), stub_(std::move(ledger)) {
    service_ = pb::DescriptorPool::generated_pool()->FindServiceByName(kService);
    if (!options_.tls_cert.empty()) {
      server_ = std::make_unique<httplib::SSLServer>(
          options_.tls_cert.c_str(), options_.tls_key.c_str(),
          options_.tls_client_ca.empty() ? nullptr : options_.tls_client_ca.c_str());
      secure_ = true;
    } else {
      server_ = std::make_unique<httplib::Server>();
    }
  }

  absl::Status Bind() {
    if (service_ == nullptr)
      return absl::InternalError("the reskontra.v1.Ledger descriptor is not linked in");
    if (!server_->is_valid())
      return absl::InvalidArgumentError("the console's TLS certificate or key cannot be used");
    const size_t colon = options_.listen.rfind(':');
    int port = 0;
    if (colon == std::string::npos || !absl::SimpleAtoi(options_.listen.substr(colon + 1), &port) ||
        port < 0 || port > 65535)
      return absl::InvalidArgumentError(
          absl::StrCat("--http_listen must be host:port, not ", options_.listen));
    host_ = options_.listen.substr(0, colon);
    Routes();
    if (port == 0) {
      port_ = server_->bind_to_any_port(host_);
      if (port_ <= 0) return absl::UnavailableError(absl::StrCat("cannot listen on ", options_.listen));
    } else {
      if (!server_->bind_to_port(host_, port))
        return absl::UnavailableError(absl::StrCat("cannot listen on ", options_.listen));
      port_ = port;
    }
    std::vector<std::string> names = {host_};
    if (host_ == "127.0.0.1" || host_ == "localhost" || host_ == "::1" || host_ == "[::1]")
      names = {"127.0.0.1", "localhost", "[::1]"};
    for (const std::string& name : names) {
      allowed_hosts_.insert(absl::StrCat(name, ":", port_));
      // A browser leaves the default port out of Host.
      if ((secure_ && port_ == 443) || (!secure_ && port_ == 80)) allowed_hosts_.insert(name);
    }
    // On every address the machine's names are not known here: the Origin checks still apply.
    check_host_ = !(host_ == "0.0.0.0" || host_ == "::" || host_ == "[::]" || host_.empty());
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    // Stop() before the server runs would not stop it: wait until it does.
    for (int i = 0; i < 5000 && !server_->is_running(); ++i) absl::SleepFor(absl::Milliseconds(1));
    return absl::OkStatus();
  }

  void Stop() {
    if (stopped_.exchange(true)) return;
    server_->stop();
    if (thread_.joinable()) thread_.join();
  }

  int port() const { return port_; }
  std::string url() const {
    return absl::StrCat(secure_ ? "https://" : "http://", host_ == "0.0.0.0" ? "127.0.0.1" : host_, ":",
                        port_, "/");
  }

 private:
  void Routes() {
    const int threads = options_.threads;
    server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server_->set_payload_max_length(options_.request_max_bytes);
    // An answer goes out in several writes (headers, body): without TCP_NODELAY, Nagle's
    // algorithm and the browser's delayed ACK added 40 ms to every call (console_bench).
    server_->set_tcp_nodelay(true);
    server_->set_keep_alive_timeout(2);
    // One request a connection: a request refused before its body is read (Admit) leaves that
    // body unread, and nothing in httplib 0.11 promises not to read it as the next request on a
    // kept-alive connection (request smuggling; Debian's build was not seen to, in
    // tests/web/console_test.py, with or without this). A new connection costs ~0.1 ms here.
    server_->set_keep_alive_max_count(1);
    httplib::Headers headers = {
        {"Content-Security-Policy",
         "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
         "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
        {"Referrer-Policy", "no-referrer"},
        {"Cross-Origin-Opener-Policy", "same-origin"},
        {"Cross-Origin-Resource-Policy", "same-origin"},
        {"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"},
    };
    if (secure_) headers.emplace("Strict-Transport-Security", "max-age=31536000");
    server_->set_default_headers(std::move(headers));

    server_->Get("/api/session", [this](const httplib::Request& req, httplib::Response& res) {
      res.set_header("Cache-Control", "no-store");
      std::string id;
      std::optional<Session> s = SessionOf(req, &id);
      if (!s) return SendError(res, 401, "UNAUTHENTICATED", "inte inloggad");
      res.set_content(
          absl::StrCat("{\"csrfToken\":", JsonQuote(s->csrf), ",\"caller\":", s->whoami_json, "}"),
          "application/json; charset=utf-8");
    });
    server_->Post("/api/session",
                  [this](const httplib::Request& req, httplib::Response& res) { Login(req, res); });
    server_->Post("/api/session/logout", [this](const httplib::Request& req, httplib::Response& res) {
      res.set_header("Cache-Control", "no-store");
      std::string id;
      std::optional<Session> s = SessionOf(req, &id);
      if (s) {
        if (std::string why = CrossSiteRefusal(req, &*s); !why.empty())
          return SendError(res, 403, "PERMISSION_DENIED", why);
        absl::MutexLock lock(&mu_);
        sessions_.erase(id);
      }
      res.set_header("Set-Cookie", ExpiredCookie());
      res.set_content("{}", "application/json; charset=utf-8");
    });
    server_->Post(R"(/api/v1/([A-Za-z]+))", [this](const httplib::Request& req, httplib::Response& res) {
      Call(req, res, req.matches[1].str());
    });
    server_->Get("/api/events",
                 [this](const httplib::Request& req, httplib::Response& res) { Events(req, res); });
    server_->Get(R"(/api/v1/([A-Za-z]+))", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Cache-Control", "no-store");
      res.set_header("Allow", "POST");
      SendError(res, 405, "UNIMPLEMENTED", "a call is a POST with the request as JSON");
    });
    // Anything else under /api is not a call the console knows.
    server_->Get(R"(/api/.*)", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Cache-Control", "no-store");
      SendError(res, 404, "NOT_FOUND", "no such call");
    });
    server_->Get(R"(/(.*))", [](const httplib::Request& req, httplib::Response& res) {
      std::string path = req.matches[1].str();
      const Asset* asset = FindAsset(path);
      // The page is one document: every path that is not a file is a screen of it.
      if (asset == nullptr && !absl::StrContains(path, '.')) asset = FindAsset("index.html");
      if (asset == nullptr) {
        res.status = 404;
        res.set_content("not found", "text/plain; charset=utf-8");
        return;
      }
      res.set_header("Cache-Control", "no-cache");
      res.set_content(reinterpret_cast<const char*>(asset->data), asset->size, asset->content_type);
    });
    // "Expect: 100-continue": the body is sent only once the request is admitted.
    server_->set_expect_100_continue_handler([this](const httplib::Request& req, httplib::Response& res) {
      return Admit(req, res) ? 100 : res.status;
    });
    server_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      return Admit(req, res) ? httplib::Server::HandlerResponse::Unhandled
                             : httplib::Server::HandlerResponse::Handled;
    });
    server_->set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;  // a ledger's refusal keeps its own message
      if (res.status == 413) {
        SendError(res, 413, "RESOURCE_EXHAUSTED", "the request is larger than the console takes");
      } else if (res.status == 405 || (res.status == 404 && absl::StartsWith(req.path, "/api/"))) {
        SendError(res, res.status, "NOT_FOUND", "no such call");
      }
    });
    server_->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      SendError(res, 500, "INTERNAL", "the console failed on this request");
    });
  }

  // Before the body is read: the Host names this console, and a POST says how long its body is
  // (no chunked or compressed body, whose size is known only once read) and is JSON within the
  // limit of its path. False: refused, with the answer in `res`.
  bool Admit(const httplib::Request& req, httplib::Response& res) const {
    res.set_header("Cache-Control", "no-store");
    if (check_host_ && !allowed_hosts_.contains(absl::AsciiStrToLower(req.get_header_value("Host")))) {
      SendError(res, 421, "PERMISSION_DENIED", "refused: the Host header does not name this console");
      return false;
    }
    if (req.method != "POST") return true;
    if (req.has_header("Transfer-Encoding") || req.has_header("Content-Encoding")) {
      SendError(res, 411, "INVALID_ARGUMENT", "send the body plain, with a Content-Length");
      return false;
    }
    uint64_t length = 0;
    if (!absl::SimpleAtoi(req.get_header_value("Content-Length"), &length)) {
      SendError(res, 411, "INVALID_ARGUMENT", "a POST needs a Content-Length");
      return false;
    }
    if (!absl::StartsWith(absl::AsciiStrToLower(req.get_header_value("Content-Type")), "application/json")) {
      SendError(res, 415, "INVALID_ARGUMENT", "the body must be JSON (Content-Type: application/json)");
      return false;
    }
    size_t limit = kCallBodyMax;
    if (absl::StartsWith(req.path, "/api/session")) limit = kLoginBodyMax;
    if (absl::StartsWith(req.path, "/api/v1/Import")) limit = options_.request_max_bytes;
    if (length > std::min(limit, options_.request_max_bytes)) {
      SendError(res, 413, "RESOURCE_EXHAUSTED",
                absl::StrCat("the request is larger than the console takes here (",
                             std::min(limit, options_.request_max_bytes), " bytes)"));
      return false;
    }
    return true;
  }

  const char* CookieName() const { return secure_ ? kSecureCookie : kCookie; }

  std::string ExpiredCookie() const {
    return absl::StrCat(CookieName(), "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
                        secure_ ? "; Secure" : "");
  }

  // The origin the page was served from, as the browser names it in an Origin header.
  std::string OwnOrigin(const httplib::Request& req) const {
    return absl::StrCat(secure_ ? "https://" : "http://", req.get_header_value("Host"));
  }

  // Why a request that changes or reads state with the session cookie is refused as possibly
  // cross-site ("" when it is not): a browser sends Sec-Fetch-Site and, on POST, Origin; a page
  // of another site cannot read the CSRF token, which only the console's own page gets.
  std::string CrossSiteRefusal(const httplib::Request& req, const Session* session) const {
    const std::string site = req.get_header_value("Sec-Fetch-Site");
    if (!site.empty() && site != "same-origin" && site != "none")
      return absl::StrCat("refused: a request from another site (Sec-Fetch-Site: ", site, ")");
    if (req.has_header("Origin") && req.get_header_value("Origin") != OwnOrigin(req))
      return absl::StrCat("refused: a request from another origin (", req.get_header_value("Origin"), ")");
    if (session != nullptr && !SameSecret(req.get_header_value(kCsrfHeader), session->csrf))
      return "refused: the X-CSRF-Token header is missing or wrong (reload the page)";
    return "";
  }

  std::optional<Session> SessionOf(const httplib::Request& req, std::string* id_out) {
    const std::string cookies = req.get_header_value("Cookie");
    std::string id;
    for (absl::string_view part : absl::StrSplit(cookies, ';')) {
      part = absl::StripAsciiWhitespace(part);
      if (absl::ConsumePrefix(&part, CookieName()) && absl::ConsumePrefix(&part, "=")) id = std::string(part);
    }
    if (id.empty()) return std::nullopt;
    absl::MutexLock lock(&mu_);
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return std::nullopt;
    const absl::Time now = absl::Now();
    if (now - it->second.last_used > kSessionIdle || now - it->second.created > kSessionMax) {
      sessions_.erase(it);
      return std::nullopt;
    }
    it->second.last_used = now;
    *id_out = id;
    return it->second;
  }

  void Login(const httplib::Request& req, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    if (std::string why = CrossSiteRefusal(req, nullptr); !why.empty())
      return SendError(res, 403, "PERMISSION_DENIED", why);
    pb::Struct body;
    pb::util::JsonParseOptions parse;
    if (!pb::util::JsonStringToMessage(req.body, &body, parse).ok())
      return SendError(res, 400, "INVALID_ARGUMENT", "the body must be JSON: {\"token\": \"…\"}");
    std::string token;
    if (auto it = body.fields().find("token"); it != body.fields().end()) token = it->second.string_value();
    if (!token.empty() && !PlausibleToken(token))
      return SendError(res, 401, "UNAUTHENTICATED", "unknown token");
    reskontra::v1::WhoAmIRequest who_request;
    reskontra::v1::WhoAmIResponse who;
    grpc::ClientContext ctx;
    if (!token.empty()) ctx.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    const std::string method = absl::StrCat("/", kService, "/WhoAmI");
    grpc::Status status = UnaryCall(&ctx, method, who_request, &who);
    if (!status.ok())
      return SendError(res, HttpStatusOf(status.error_code()), CodeName(status.error_code()),
                       status.error_message());
    std::string who_json;
    (void)pb::util::MessageToJsonString(who, &who_json, PrintOptions());
    Session session{.token = token,
                    .csrf = RandomHex(32),
                    .whoami_json = who_json,
                    .created = absl::Now(),
                    .last_used = absl::Now()};
    const std::string id = RandomHex(32);
    {
      absl::MutexLock lock(&mu_);
      // Ended sessions go; a token keeps at most kSessionsPerTokenMax (its oldest goes), and
      // past kSessionsMax the one idle longest goes: logins cannot grow memory without bound.
      const absl::Time now = absl::Now();
      size_t of_token = 0;
      auto oldest_of_token = sessions_.end();
      for (auto it = sessions_.begin(); it != sessions_.end();) {
        if (now - it->second.last_used > kSessionIdle || now - it->second.created > kSessionMax) {
          sessions_.erase(it++);
          continue;
        }
        if (SameSecret(it->second.token, token)) {
          ++of_token;
          if (oldest_of_token == sessions_.end() || it->second.last_used < oldest_of_token->second.last_used)
            oldest_of_token = it;
        }
        ++it;
      }
      if (of_token >= kSessionsPerTokenMax) sessions_.erase(oldest_of_token);
      if (sessions_.size() >= kSessionsMax) {
        auto oldest = sessions_.begin();
        for (auto it = sessions_.begin(); it != sessions_.end(); ++it)
          if (it->second.last_used < oldest->second.last_used) oldest = it;
        sessions_.erase(oldest);
      }
      sessions_[id] = session;
    }
    res.set_header("Set-Cookie", absl::StrCat(CookieName(), "=", id, "; Path=/; HttpOnly; SameSite=Strict",
                                              secure_ ? "; Secure" : ""));
    res.set_content(absl::StrCat("{\"csrfToken\":", JsonQuote(session.csrf), ",\"caller\":", who_json, "}"),
                    "application/json; charset=utf-8");
  }

  grpc::Status UnaryCall(grpc::ClientContext* ctx, const std::string& method, const pb::Message& request,
                         pb::Message* response) {
    std::vector<std::unique_ptr<pb::Message>> out;
    grpc::Status s = StreamCall(ctx, method, request, *response, 1, &out);
    if (s.ok() && out.size() == 1) response->CopyFrom(*out[0]);
    if (s.ok() && out.size() != 1) return grpc::Status(grpc::StatusCode::INTERNAL, "no answer");
    return s;
  }

  // One request, the answers of a unary or server-streaming method (at most `max_messages`).
  grpc::Status StreamCall(grpc::ClientContext* ctx, const std::string& method, const pb::Message& request,
                          const pb::Message& prototype, int max_messages,
                          std::vector<std::unique_ptr<pb::Message>>* out) {
    grpc::CompletionQueue cq;
    std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call = stub_.PrepareCall(ctx, method, &cq);
    auto step = [&cq](void* tag) {
      void* got = nullptr;
      bool ok = false;
      if (!cq.Next(&got, &ok) || got != tag) return false;
      return ok;
    };
    int tag = 0;
    call->StartCall(&tag);
    bool ok = step(&tag);
    if (ok) {
      call->Write(ToByteBuffer(request), &tag);
      ok = step(&tag);
    }
    if (ok) {
      call->WritesDone(&tag);
      ok = step(&tag);
    }
    bool too_many = false;
    bool unreadable = false;
    size_t bytes = 0;
    while (ok) {
      grpc::ByteBuffer buffer;
      call->Read(&buffer, &tag);
      if (!step(&tag)) break;
      bytes += buffer.Length();
      if (static_cast<int>(out->size()) >= max_messages || bytes > kDownloadMaxBytes) {
        too_many = true;
        ctx->TryCancel();
        continue;
      }
      std::unique_ptr<pb::Message> m(prototype.New());
      if (!FromByteBuffer(buffer, m.get())) {
        unreadable = true;
        ctx->TryCancel();
        continue;
      }
      out->push_back(std::move(m));
    }
    grpc::Status status;
    call->Finish(&status, &tag);
    step(&tag);
    cq.Shutdown();
    void* ignored;
    bool ignored_ok;
    while (cq.Next(&ignored, &ignored_ok)) {
    }
    if (unreadable)
      return grpc::Status(grpc::StatusCode::INTERNAL, "an answer of the ledger could not be read");
    if (too_many)
      return grpc::Status(grpc::StatusCode::OUT_OF_RANGE,
                          absl::StrCat("more than ", max_messages, " answers or ", kDownloadMaxBytes,
                                       " bytes: narrow the request, or use the CLI"));
    return status;
  }

  // The caller: the Authorization header (a program), or the session cookie (the page), checked
  // against cross-site use (with the page's CSRF token when `need_csrf`). False: refused, with
  // the answer in `res`. `session_id` (may be null) gets the session's id, "" for a header.
  bool CallerOf(const httplib::Request& req, httplib::Response& res, bool need_csrf, std::string* token,
                std::string* session_id) {
    const std::string authorization = req.get_header_value("Authorization");
    if (!authorization.empty()) {
      absl::string_view a = authorization;
      if (!absl::ConsumePrefix(&a, "Bearer ") || a.empty()) {
        SendError(res, 401, "UNAUTHENTICATED", "the Authorization header must be 'Bearer <token>'");
        return false;
      }
      if (!PlausibleToken(a)) {
        SendError(res, 401, "UNAUTHENTICATED", "unknown token");
        return false;
      }
      *token = std::string(a);
      if (session_id != nullptr) session_id->clear();
      return true;
    }
    std::string id;
    std::optional<Session> session = SessionOf(req, &id);
    if (!session) {
      SendError(res, 401, "UNAUTHENTICATED", "not logged in: log in, or send Authorization");
      return false;
    }
    if (std::string why = CrossSiteRefusal(req, need_csrf ? &*session : nullptr); !why.empty()) {
      SendError(res, 403, "PERMISSION_DENIED", why);
      return false;
    }
    *token = session->token;
    if (session_id != nullptr) *session_id = id;
    return true;
  }

  // Whether a session still stands (not logged out, not idle or old past its end).
  bool SessionAlive(const std::string& id) {
    absl::MutexLock lock(&mu_);
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return false;
    const absl::Time now = absl::Now();
    return now - it->second.last_used <= kSessionIdle && now - it->second.created <= kSessionMax;
  }

  // GET /api/events: the journal live as server-sent events (EventSource), through the same
  // Subscribe a gRPC consumer calls, with its filters as query parameters: from (the first
  // position; the head's next when left out), company, type (each repeatable), invoice,
  // customer. A reconnecting browser's Last-Event-ID goes on after the last position it had.
  // Events are "journal" (a record, protobuf's JSON of JournalEvent), "heartbeat" (where the
  // ledger is, when it has moved or every 2 s) and "end" (why the stream stopped: the session
  // ended, the console stops, the ledger refused). Reading only: no CSRF token (an EventSource
  // cannot send one), but the cross-site checks apply; and the session's own end ends it.
  void Events(const httplib::Request& req, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    std::string token, session_id;
    if (!CallerOf(req, res, /*need_csrf=*/false, &token, &session_id)) return;
    reskontra::v1::SubscribeRequest request;
    for (const auto& [key, value] : req.params) {
      if (key != "from" && key != "company" && key != "type" && key != "invoice" && key != "customer")
        return SendError(
            res, 400, "INVALID_ARGUMENT",
            absl::StrCat("unknown parameter '", key, "': from, company, type, invoice, customer"));
    }
    uint64_t from = 0;
    bool from_given = false;
    if (const std::string last = req.get_header_value("Last-Event-ID"); !last.empty()) {
      if (!absl::SimpleAtoi(last, &from) || from == UINT64_MAX)
        return SendError(res, 400, "INVALID_ARGUMENT", "Last-Event-ID must be a journal position");
      ++from;
      from_given = true;
    } else if (req.has_param("from")) {
      if (!absl::SimpleAtoi(req.get_param_value("from"), &from))
        return SendError(res, 400, "INVALID_ARGUMENT", "from must be a journal position");
      from_given = true;
    }
    for (size_t i = 0; i < req.get_param_value_count("company"); ++i) {
      int32_t company = 0;
      if (!absl::SimpleAtoi(req.get_param_value("company", i), &company))
        return SendError(res, 400, "INVALID_ARGUMENT", "company must be a company's number");
      request.add_companies(company);
    }
    for (size_t i = 0; i < req.get_param_value_count("type"); ++i)
      request.add_types(req.get_param_value("type", i));
    if (req.has_param("invoice")) {
      int64_t invoice = 0;
      if (!absl::SimpleAtoi(req.get_param_value("invoice"), &invoice) || invoice <= 0)
        return SendError(res, 400, "INVALID_ARGUMENT", "invoice must be an invoice number");
      request.set_invoice_number(invoice);
    }
    if (req.has_param("customer")) request.set_customer_number(req.get_param_value("customer"));
    request.set_heartbeat_ms(kLiveHeartbeatMs);
    if (live_streams_.fetch_add(1) >= kLiveStreamsMax) {
      live_streams_.fetch_sub(1);
      return SendError(res, 429, "RESOURCE_EXHAUSTED",
                       absl::StrCat("the console follows at most ", kLiveStreamsMax,
                                    " live streams at once: close one, or subscribe over gRPC"));
    }
    // Left out, `from` is the head's next: what happens from now on.
    if (!from_given) {
      reskontra::v1::GetHeadRequest head_request;
      reskontra::v1::GetHeadResponse head;
      grpc::ClientContext ctx;
      if (!token.empty()) ctx.AddMetadata("authorization", absl::StrCat("Bearer ", token));
      ctx.set_deadline(absl::ToChronoTime(absl::Now() + kCallDeadline));
      if (grpc::Status s = UnaryCall(&ctx, absl::StrCat("/", kService, "/GetHead"), head_request, &head);
          !s.ok()) {
        live_streams_.fetch_sub(1);
        return SendError(res, HttpStatusOf(s.error_code()), CodeName(s.error_code()), s.error_message());
      }
      from = head.position() + 1;
    }
    request.set_from_position(from);
    // The ledger's first answer (a record, or a heartbeat within a second) decides the HTTP
    // status: a refusal (a company not the caller's, an unknown type) is an error, not a stream.
    auto stream = std::make_shared<LiveStream>(stub_, token, request);
    auto first = std::make_shared<reskontra::v1::JournalEvent>();
    LiveStream::Next next = LiveStream::Next::kQuiet;
    const absl::Time start = absl::Now();
    while (!stopped_ && absl::Now() - start < kLiveStartMax &&
           (next = stream->Wait(absl::Seconds(1), first.get())) == LiveStream::Next::kQuiet) {
    }
    if (next != LiveStream::Next::kMessage) {
      live_streams_.fetch_sub(1);
      if (stopped_) return SendError(res, 503, "UNAVAILABLE", "the console stops");
      if (next == LiveStream::Next::kQuiet)
        return SendError(res, 504, "DEADLINE_EXCEEDED", "the ledger did not answer");
      const grpc::Status& s = stream->status();
      if (s.ok()) return SendError(res, 500, "INTERNAL", "the stream ended at once");
      return SendError(res, HttpStatusOf(s.error_code()), CodeName(s.error_code()), s.error_message());
    }
    struct State {
      std::shared_ptr<reskontra::v1::JournalEvent> first;
      uint64_t scanned_to = 0;  // as far as the browser was told
      absl::Time last_sent = absl::Now();
    };
    auto state = std::make_shared<State>();
    state->first = std::move(first);
    res.set_chunked_content_provider(
        // Exactly this type: httplib compresses any other text/ answer for a browser that
        // accepts gzip, and a compressor holds small writes back (the page saw nothing).
        // Server-sent events are UTF-8 by definition.
        "text/event-stream",
        [this, stream, state, session_id](size_t, httplib::DataSink& sink) {
          std::string out;
          auto end = [&](absl::string_view code, absl::string_view message) {
            out += LiveEnd(code, message);
            const bool sent = sink.write(out.data(), out.size());
            sink.done();
            return sent;
          };
          if (state->first != nullptr) {
            out = "retry: 3000\n\n";  // a dropped connection is retried after 3 s
            reskontra::v1::JournalEvent e = std::move(*state->first);
            state->first.reset();
            state->scanned_to = e.scanned_to();
            out += LiveFrame(e);
          } else {
            if (stopped_) return end("UNAVAILABLE", "the console stops");
            if (!session_id.empty() && !SessionAlive(session_id))
              return end("UNAUTHENTICATED", "the session has ended: log in again");
            reskontra::v1::JournalEvent e;
            switch (stream->Wait(absl::Seconds(1), &e)) {
              case LiveStream::Next::kMessage:
                // A heartbeat goes on when the ledger has moved (a filtered stream's place) or
                // to keep the connection from looking dead.
                if (e.type() != "Heartbeat" || e.scanned_to() != state->scanned_to ||
                    absl::Now() - state->last_sent >= kLiveKeepAlive) {
                  state->scanned_to = e.scanned_to();
                  out = LiveFrame(e);
                }
                break;
              case LiveStream::Next::kQuiet:
                if (absl::Now() - state->last_sent >= kLiveKeepAlive) out = ": still here\n\n";
                break;
              case LiveStream::Next::kEnded: {
                const grpc::Status& s = stream->status();
                return end(CodeName(s.error_code()),
                           s.ok() ? "the ledger ended the stream" : s.error_message());
              }
            }
          }
          if (out.empty()) return true;
          state->last_sent = absl::Now();
          return sink.write(out.data(), out.size());
        },
        [this, stream](bool) {
          stream->Cancel();
          live_streams_.fetch_sub(1);
        });
  }

  void Call(const httplib::Request& req, httplib::Response& res, const std::string& name) {
    res.set_header("Cache-Control", "no-store");
    const pb::MethodDescriptor* method = service_->FindMethodByName(name);
    if (method == nullptr) return SendError(res, 404, "NOT_FOUND", absl::StrCat("no such call: ", name));
    // A stream of requests is not one answer.
    if (method->client_streaming())
      return SendError(res, 501, "UNIMPLEMENTED",
                       absl::StrCat(name, " is not served by the console: use gRPC"));
    std::string token;
    if (!CallerOf(req, res, /*need_csrf=*/true, &token, nullptr)) return;
    pb::MessageFactory* factory = pb::MessageFactory::generated_factory();
    std::unique_ptr<pb::Message> request(factory->GetPrototype(method->input_type())->New());
    pb::util::JsonParseOptions parse;
    parse.ignore_unknown_fields = false;
    if (auto s = pb::util::JsonStringToMessage(req.body.empty() ? "{}" : req.body, request.get(), parse);
        !s.ok())
      return SendError(
          res, 400, "INVALID_ARGUMENT",
          absl::StrCat("the request is not a ", method->input_type()->name(), ": ", s.ToString()));
    // The live journal never ends: the console serves its history up to the head (the page
    // asks again from where it stopped).
    if (name == "Subscribe" &&
        !request->GetReflection()->GetBool(*request, method->input_type()->FindFieldByName("history_only")))
      return SendError(res, 501, "UNIMPLEMENTED",
                       "a call answers once: follow the journal live at GET /api/events, or ask with "
                       "historyOnly");
    const bool download = method->output_type()->full_name() == "reskontra.v1.ExportChunk";
    // A download is one file: a call that writes one file a letter, or many e-invoices, is the
    // CLI's (refused before the ledger records what it produced).
    if (const pb::FieldDescriptor* f = method->input_type()->FindFieldByName("one_file_per_letter");
        name == "ProduceEInvoices" || (f != nullptr && f->type() == pb::FieldDescriptor::TYPE_BOOL &&
                                       request->GetReflection()->GetBool(*request, f)))
      return SendError(res, 501, "UNIMPLEMENTED",
                       "several files in one answer: use the CLI (reskontra … --dir)");
    grpc::ClientContext ctx;
    if (!token.empty()) ctx.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    ctx.set_deadline(absl::ToChronoTime(
        absl::Now() + (absl::StartsWith(name, "Import") || absl::StartsWith(name, "Run") || download
                           ? kLongCallDeadline
                           : kCallDeadline)));
    const pb::Message& prototype = *factory->GetPrototype(method->output_type());
    std::vector<std::unique_ptr<pb::Message>> answers;
    grpc::Status status =
        StreamCall(&ctx, absl::StrCat("/", kService, "/", name), *request, prototype,
                   method->server_streaming() ? (download ? 1 << 20 : kStreamMessagesMax) : 1, &answers);
    if (!status.ok())
      return SendError(res, HttpStatusOf(status.error_code()), CodeName(status.error_code()),
                       status.error_message());
    if (download) {
      // The file's bytes; a printed document's receipt (its journal position and SHA-256) in
      // headers, as the CLI prints it.
      std::string bytes;
      std::string receipt;
      int files = 0;
      for (const auto& m : answers)
        if (!static_cast<const reskontra::v1::ExportChunk&>(*m).file_name().empty()) ++files;
      if (files > 1)
        return SendError(res, 501, "UNIMPLEMENTED",
                         absl::StrCat("the answer is ", files, " files: use the CLI (reskontra … --dir)"));
      for (const auto& m : answers) {
        auto& chunk = static_cast<reskontra::v1::ExportChunk&>(*m);
        bytes += chunk.data();
        chunk.clear_data();
        if (chunk.has_document()) (void)pb::util::MessageToJsonString(chunk.document(), &receipt);
      }
      answers.clear();
      // Base64 of the JSON: a header is Latin-1 to the browser.
      if (!receipt.empty()) res.set_header("X-Reskontra-Document", absl::Base64Escape(receipt));
      res.set_content(std::move(bytes), "application/octet-stream");
      return;
    }
    std::string json;
    if (!method->server_streaming()) {
      (void)pb::util::MessageToJsonString(*answers.at(0), &json, PrintOptions());
    } else {
      json = "[";
      for (size_t i = 0; i < answers.size(); ++i) {
        std::string one;
        (void)pb::util::MessageToJsonString(*answers[i], &one, PrintOptions());
        absl::StrAppend(&json, i ? "," : "", one);
      }
      json += "]";
    }
    res.set_content(std::move(json), "application/json; charset=utf-8");
  }

  ConsoleOptions options_;
  absl::flat_hash_set<std::string> allowed_hosts_;  // host:port values a Host header may have
  bool check_host_ = false;
  grpc::GenericStub stub_;
  const pb::ServiceDescriptor* service_ = nullptr;
  std::unique_ptr<httplib::Server> server_;
  bool secure_ = false;
  std::string host_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopped_{false};
  std::atomic<int> live_streams_{0};
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Session> sessions_;
};

Console::Console(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Console::~Console() { impl_->Stop(); }

absl::StatusOr<std::unique_ptr<Console>> Console::Start(const ConsoleOptions& options,
                                                        std::shared_ptr<grpc::Channel> ledger) {
  auto impl = std::make_unique<Impl>(options, std::move(ledger));
  if (absl::Status s = impl->Bind(); !s.ok()) return s;
  return std::unique_ptr<Console>(new Console(std::move(impl)));
}

int Console::port() const { return impl_->port(); }
std::string Console::url() const { return impl_->url(); }
void Console::Stop() { impl_->Stop(); }

}  // namespace reskontra::web
