// reskontrad: the Reskontra ledger server.
//
//   reskontrad --data_dir=data --listen=127.0.0.1:50051
//   reskontrad --tokens_file=tokens.txt --tls_cert=server.pem --tls_key=server.key [--tls_client_ca=ca.pem]
//
// Without --tokens_file every caller may do everything (development); see services/auth.h.
// On an empty data folder it loads the demo ledger (disable with --demo=false).
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/server_builder.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <thread>

#include "absl/time/time.h"
#include "base/clock.h"
#include "base/stop_signals.h"
#include "client/channel.h"
#include "services/demo.h"
#include "services/ledger_service.h"
#include "services/limits.h"
#include "services/replica.h"
#include "services/unreadable_request.h"
#include "web/console.h"

namespace {

// The command line's options, with their defaults.
struct ServerFlags {
  std::string data_dir = "data";
  std::string listen = "127.0.0.1:50051";
  bool demo = true;
  bool read_only = false;
  uint64_t snapshot_every = 250'000;
  std::string tokens_file;
  reskontra::TlsFiles tls;
  bool verify_on_start = true;
  std::string backup_dir;
  std::string einvoice_dir;
  reskontra::client::ChannelOptions follow;
  std::string http_listen = "127.0.0.1:8080";
  size_t http_request_max_bytes = 64u << 20;
};

// The options of `app`, read into `f`.
void AddFlags(CLI::App& app, ServerFlags& f) {
  app.add_option("--data_dir", f.data_dir, "RocksDB data folder (created if missing)");
  app.add_option("--listen", f.listen, "address:port to serve gRPC on (port 0 picks a free one)");
  app.add_option("--snapshot_every", f.snapshot_every,
                 "positional projection snapshot every N records, for known-at queries (0: none)");
  app.add_option("--demo", f.demo, "load the demo ledger into an empty data folder")->default_val(true);
  app.add_flag("--read_only", f.read_only, "open the journal read-only (forensics); commands are refused");
  app.add_option("--tokens_file", f.tokens_file,
                 "API tokens: sha256 name role companies per line (services/auth.h)");
  app.add_option("--tls_cert", f.tls.cert, "PEM server certificate chain: serve TLS instead of plaintext");
  app.add_option("--tls_key", f.tls.key, "PEM private key of --tls_cert");
  app.add_option("--tls_client_ca", f.tls.client_ca, "PEM CA: require client certificates signed by it");
  app.add_option("--verify_on_start", f.verify_on_start,
                 "recompute the whole hash chain before serving; refuse to start if it breaks")
      ->default_val(true);
  app.add_option("--backup_dir", f.backup_dir, "where the Backup RPC writes (default: <data_dir>-backups)");
  app.add_option("--einvoice_dir", f.einvoice_dir,
                 "the folder a Peppol access point reads: ProduceEInvoices writes the UBL files there "
                 "(default: <data_dir>-einvoices; \"none\" for no folder)");
  app.add_option("--follow", f.follow.server,
                 "serve as a read replica of this primary (host:port): its records, verified, and "
                 "every query; commands are refused");
  app.add_option("--follow_token", f.follow.token, "API token for the primary (an auditor's suffices)")
      ->envname("RESKONTRA_FOLLOW_TOKEN");
  app.add_option("--follow_tls_ca", f.follow.tls_ca, "PEM CA of the primary's certificate: TLS");
  app.add_option("--http_listen", f.http_listen,
                 "address:port of the web console (port 0 picks a free one; \"none\": no console); "
                 "HTTPS with --tls_cert")
      ->default_val(f.http_listen);
  app.add_option("--http_request_max_bytes", f.http_request_max_bytes,
                 "the largest request the console takes (an uploaded file travels in one)")
      ->default_val(f.http_request_max_bytes);
}

// An unverifiable journal is not served for writing: whatever the break (a flipped byte, a
// missing record), the message names the first bad position. --read_only serves it anyway, for
// forensics (`reskontra audit verify` names the position again). False: refuse to start.
bool JournalMayBeServed(const ServerFlags& flags, reskontra::LedgerCore& core) {
  if (!flags.verify_on_start) return true;
  absl::StatusOr<reskontra::Journal::VerifyReport> verified =
      core.verified() ? *core.verified() : core.journal().Verify();
  if (!verified.ok()) {
    std::fprintf(stderr, "reskontrad: the journal in %s does not verify: %s\n", flags.data_dir.c_str(),
                 verified.status().ToString().c_str());
    if (!flags.read_only) {
      std::fprintf(stderr,
                   "reskontrad: refusing to start; inspect with --read_only, or restore a backup "
                   "(reskontra admin restore)\n");
      return false;
    }
    std::fprintf(stderr, "reskontrad: serving it read-only for forensics\n");
  }
  return true;
}

// Riksbanken's reference rates into a writable primary, and the demo ledger into an empty one
// with --demo. False when either fails (the reason printed).
bool PrepareLedger(const ServerFlags& flags, bool replica, reskontra::LedgerCore& core) {
  if (!flags.read_only && !replica) {
    if (absl::Status s = reskontra::PreloadReferenceRates(core); !s.ok()) {
      std::fprintf(stderr, "reskontrad: reference rates: %s\n", s.ToString().c_str());
      return false;
    }
  }
  if (flags.demo && !flags.read_only &&
      core.journal().DurableHead() <= reskontra::PublishedReferenceRates().size()) {
    absl::Status s = reskontra::LoadDemoData(core);
    if (!s.ok()) {
      std::fprintf(stderr, "reskontrad: demo data: %s\n", s.ToString().c_str());
      return false;
    }
    std::fprintf(stderr, "reskontrad: loaded the demo ledger (%llu events)\n",
                 static_cast<unsigned long long>(core.journal().DurableHead()));
  }
  return true;
}

// The API tokens of --tokens_file into `auth`; without one every caller may do everything.
// False when the file cannot be read (the reason printed).
bool LoadTokens(const std::string& tokens_file, reskontra::Authenticator& auth) {
  if (!tokens_file.empty()) {
    absl::StatusOr<reskontra::Authenticator> loaded = reskontra::Authenticator::FromFile(tokens_file);
    if (!loaded.ok()) {
      std::fprintf(stderr, "reskontrad: %s\n", loaded.status().ToString().c_str());
      return false;
    }
    auth = *std::move(loaded);
  } else {
    std::fprintf(stderr, "reskontrad: no --tokens_file: every caller may do everything (development only)\n");
  }
  return true;
}

// The gRPC server of `service` on `listen`, started; `port` the port it listens on. Null, or
// `port` 0, when it cannot listen.
std::unique_ptr<grpc::Server> StartServer(const std::string& listen,
                                          const std::shared_ptr<grpc::ServerCredentials>& credentials,
                                          reskontra::LedgerService& service, int& port) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen, credentials, &port);
  reskontra::ConfigureLedgerServer(builder);
  // Keep handler threads polling instead of starting one per call: a command's handler waits
  // for its group's fsync, so concurrent clients need as many threads as there are clients.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MIN_POLLERS,
                              reskontra::limits::kMinPollers);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              reskontra::limits::kMaxPollers);
  builder.RegisterService(&service);
  return builder.BuildAndStart();
}

// The web console on --http_listen, unless "none": it calls `server`'s own service, in process,
// with the caller's token. False when it cannot start (the reason printed, `server` shut down).
bool StartConsole(const ServerFlags& flags, grpc::Server& server,
                  std::unique_ptr<reskontra::web::Console>& console) {
  if (flags.http_listen == "none") return true;
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(-1);
  args.SetMaxSendMessageSize(-1);
  absl::StatusOr<std::unique_ptr<reskontra::web::Console>> started =
      reskontra::web::Console::Start({.listen = flags.http_listen,
                                      .tls_cert = flags.tls.cert,
                                      .tls_key = flags.tls.key,
                                      .tls_client_ca = flags.tls.client_ca,
                                      .request_max_bytes = flags.http_request_max_bytes},
                                     server.InProcessChannel(args));
  if (!started.ok()) {
    std::fprintf(stderr, "reskontrad: the web console (--http_listen): %s\n",
                 started.status().ToString().c_str());
    server.Shutdown();
    return false;
  }
  console = *std::move(started);
  return true;
}

// One line: a supervisor (and the tests) read the port from the first line.
void PrintStartLine(const ServerFlags& flags, int port, const reskontra::Authenticator& auth,
                    reskontra::LedgerCore& core, bool replica, const reskontra::web::Console* console) {
  std::string host = flags.listen.substr(0, flags.listen.rfind(':'));
  std::printf("reskontrad listening on %s:%d (%s, %s; data %s, head %llu%s)%s\n", host.c_str(), port,
              flags.tls.cert.empty() ? "plaintext" : "TLS", auth.enabled() ? "tokens" : "open",
              flags.data_dir.c_str(), static_cast<unsigned long long>(core.journal().DurableHead()),
              replica ? absl::StrCat("; read replica of ", flags.follow.server).c_str() : "",
              console ? absl::StrCat("; web console ", console->url()).c_str() : "");
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"reskontrad: the Reskontra accounts-receivable ledger server"};
  ServerFlags flags;
  AddFlags(app, flags);
  CLI11_PARSE(app, argc, argv);

  // Block the stop signals in every thread; one thread waits for them.
  const reskontra::StopSignals signals = reskontra::StopSignals::Block();

  absl::TimeZone stockholm;
  if (!absl::LoadTimeZone("Europe/Stockholm", &stockholm)) {
    std::fprintf(stderr, "reskontrad: time zone Europe/Stockholm is missing (install tzdata)\n");
    return 1;
  }
  reskontra::SystemClock clock;
  auto core = reskontra::LedgerCore::Open({.data_dir = flags.data_dir,
                                           .clock = &clock,
                                           .time_zone = stockholm,
                                           .read_only = flags.read_only,
                                           .snapshot_every = flags.snapshot_every,
                                           .replica_of = flags.follow.server,
                                           .verify_on_open = flags.verify_on_start});
  if (!core.ok()) {
    std::fprintf(stderr, "reskontrad: cannot open %s: %s\n", flags.data_dir.c_str(),
                 core.status().ToString().c_str());
    if (!flags.read_only) std::fprintf(stderr, "reskontrad: to inspect it, start with --read_only\n");
    return 1;
  }
  if (!JournalMayBeServed(flags, **core)) return 1;
  const bool replica = !flags.follow.server.empty();
  if (replica && flags.demo) flags.demo = false;  // a replica's records come from its primary only
  if (!PrepareLedger(flags, replica, **core)) return 1;

  reskontra::Authenticator auth;
  if (!LoadTokens(flags.tokens_file, auth)) return 1;
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      reskontra::MakeServerCredentials(flags.tls);
  if (!credentials.ok()) {
    std::fprintf(stderr, "reskontrad: %s\n", credentials.status().ToString().c_str());
    return 1;
  }

  std::unique_ptr<reskontra::Follower> follower;
  if (replica) {
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = reskontra::client::MakeChannel(flags.follow);
    if (!channel.ok()) {
      std::fprintf(stderr, "reskontrad: --follow: %s\n", channel.status().ToString().c_str());
      return 1;
    }
    follower = std::make_unique<reskontra::Follower>(core->get(), *channel);
    follower->Start();
  }

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  reskontra::LedgerService service(core->get(), &auth);
  service.set_backup_dir(flags.backup_dir.empty() ? flags.data_dir + "-backups" : flags.backup_dir);
  service.set_einvoice_dir(flags.einvoice_dir.empty()     ? flags.data_dir + "-einvoices"
                           : flags.einvoice_dir == "none" ? ""
                                                          : flags.einvoice_dir);
  int port = 0;
  std::unique_ptr<grpc::Server> server = StartServer(flags.listen, *credentials, service, port);
  if (server == nullptr || port == 0) {
    std::fprintf(stderr, "reskontrad: cannot listen on %s\n", flags.listen.c_str());
    return 1;
  }
  std::unique_ptr<reskontra::web::Console> console;
  if (!StartConsole(flags, *server, console)) return 1;
  PrintStartLine(flags, port, auth, **core, replica, console.get());

  std::thread waiter([&] {
    const int sig = signals.Wait();
    std::fprintf(stderr, "reskontrad: signal %d, shutting down\n", sig);
    server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  });
  server->Wait();
  waiter.join();
  if (console) console->Stop();
  if (follower) follower->Stop();
  return 0;
}
