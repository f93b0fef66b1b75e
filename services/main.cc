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

int main(int argc, char** argv) {
  CLI::App app{"reskontrad: the Reskontra accounts-receivable ledger server"};
  std::string data_dir = "data";
  std::string listen = "127.0.0.1:50051";
  bool demo = true;
  bool read_only = false;
  app.add_option("--data_dir", data_dir, "RocksDB data folder (created if missing)");
  app.add_option("--listen", listen, "address:port to serve gRPC on (port 0 picks a free one)");
  uint64_t snapshot_every = 250'000;
  app.add_option("--snapshot_every", snapshot_every,
                 "positional projection snapshot every N records, for known-at queries (0: none)");
  app.add_option("--demo", demo, "load the demo ledger into an empty data folder")->default_val(true);
  app.add_flag("--read_only", read_only, "open the journal read-only (forensics); commands are refused");
  std::string tokens_file;
  reskontra::TlsFiles tls;
  app.add_option("--tokens_file", tokens_file,
                 "API tokens: sha256 name role companies per line (services/auth.h)");
  app.add_option("--tls_cert", tls.cert, "PEM server certificate chain: serve TLS instead of plaintext");
  app.add_option("--tls_key", tls.key, "PEM private key of --tls_cert");
  app.add_option("--tls_client_ca", tls.client_ca, "PEM CA: require client certificates signed by it");
  bool verify_on_start = true;
  app.add_option("--verify_on_start", verify_on_start,
                 "recompute the whole hash chain before serving; refuse to start if it breaks")
      ->default_val(true);
  std::string backup_dir;
  app.add_option("--backup_dir", backup_dir, "where the Backup RPC writes (default: <data_dir>-backups)");
  std::string einvoice_dir;
  app.add_option("--einvoice_dir", einvoice_dir,
                 "the folder a Peppol access point reads: ProduceEInvoices writes the UBL files there "
                 "(default: <data_dir>-einvoices; \"none\" for no folder)");
  reskontra::client::ChannelOptions follow;
  app.add_option("--follow", follow.server,
                 "serve as a read replica of this primary (host:port): its records, verified, and "
                 "every query; commands are refused");
  app.add_option("--follow_token", follow.token, "API token for the primary (an auditor's suffices)")
      ->envname("RESKONTRA_FOLLOW_TOKEN");
  app.add_option("--follow_tls_ca", follow.tls_ca, "PEM CA of the primary's certificate: TLS");
  std::string http_listen = "127.0.0.1:8080";
  app.add_option("--http_listen", http_listen,
                 "address:port of the web console (port 0 picks a free one; \"none\": no console); "
                 "HTTPS with --tls_cert")
      ->default_val(http_listen);
  size_t http_request_max_bytes = 64u << 20;
  app.add_option("--http_request_max_bytes", http_request_max_bytes,
                 "the largest request the console takes (an uploaded file travels in one)")
      ->default_val(http_request_max_bytes);
  CLI11_PARSE(app, argc, argv);

  // Block the stop signals in every thread; one thread waits for them.
  const reskontra::StopSignals signals = reskontra::StopSignals::Block();

  absl::TimeZone stockholm;
  if (!absl::LoadTimeZone("Europe/Stockholm", &stockholm)) {
    std::fprintf(stderr, "reskontrad: time zone Europe/Stockholm is missing (install tzdata)\n");
    return 1;
  }
  reskontra::SystemClock clock;
  auto core = reskontra::LedgerCore::Open({.data_dir = data_dir,
                                           .clock = &clock,
                                           .time_zone = stockholm,
                                           .read_only = read_only,
                                           .snapshot_every = snapshot_every,
                                           .replica_of = follow.server});
  if (!core.ok()) {
    std::fprintf(stderr, "reskontrad: cannot open %s: %s\n", data_dir.c_str(),
                 core.status().ToString().c_str());
    if (!read_only) std::fprintf(stderr, "reskontrad: to inspect it, start with --read_only\n");
    return 1;
  }
  // An unverifiable journal is not served for writing: whatever the break (a flipped byte, a
  // missing record), the message names the first bad position. --read_only serves it anyway, for
  // forensics (`reskontra audit verify` names the position again).
  if (verify_on_start) {
    absl::StatusOr<reskontra::Journal::VerifyReport> verified = (*core)->journal().Verify();
    if (!verified.ok()) {
      std::fprintf(stderr, "reskontrad: the journal in %s does not verify: %s\n", data_dir.c_str(),
                   verified.status().ToString().c_str());
      if (!read_only) {
        std::fprintf(stderr,
                     "reskontrad: refusing to start; inspect with --read_only, or restore a backup "
                     "(reskontra admin restore)\n");
        return 1;
      }
      std::fprintf(stderr, "reskontrad: serving it read-only for forensics\n");
    }
  }
  const bool replica = !follow.server.empty();
  if (replica && demo) demo = false;  // a replica's records come from its primary only
  if (!read_only && !replica) {
    if (absl::Status s = reskontra::PreloadReferenceRates(**core); !s.ok()) {
      std::fprintf(stderr, "reskontrad: reference rates: %s\n", s.ToString().c_str());
      return 1;
    }
  }
  if (demo && !read_only && (*core)->journal().DurableHead() <= reskontra::PublishedReferenceRates().size()) {
    absl::Status s = reskontra::LoadDemoData(**core);
    if (!s.ok()) {
      std::fprintf(stderr, "reskontrad: demo data: %s\n", s.ToString().c_str());
      return 1;
    }
    std::fprintf(stderr, "reskontrad: loaded the demo ledger (%llu events)\n",
                 static_cast<unsigned long long>((*core)->journal().DurableHead()));
  }

  reskontra::Authenticator auth;
  if (!tokens_file.empty()) {
    absl::StatusOr<reskontra::Authenticator> loaded = reskontra::Authenticator::FromFile(tokens_file);
    if (!loaded.ok()) {
      std::fprintf(stderr, "reskontrad: %s\n", loaded.status().ToString().c_str());
      return 1;
    }
    auth = *std::move(loaded);
  } else {
    std::fprintf(stderr, "reskontrad: no --tokens_file: every caller may do everything (development only)\n");
  }
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      reskontra::MakeServerCredentials(tls);
  if (!credentials.ok()) {
    std::fprintf(stderr, "reskontrad: %s\n", credentials.status().ToString().c_str());
    return 1;
  }

  std::unique_ptr<reskontra::Follower> follower;
  if (replica) {
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = reskontra::client::MakeChannel(follow);
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
  service.set_backup_dir(backup_dir.empty() ? data_dir + "-backups" : backup_dir);
  service.set_einvoice_dir(einvoice_dir.empty()     ? data_dir + "-einvoices"
                           : einvoice_dir == "none" ? ""
                                                    : einvoice_dir);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(listen, *credentials, &port);
  reskontra::ConfigureLedgerServer(builder);
  // Keep handler threads polling instead of starting one per call: a command's handler waits
  // for its group's fsync, so concurrent clients need as many threads as there are clients.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MIN_POLLERS,
                              reskontra::limits::kMinPollers);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              reskontra::limits::kMaxPollers);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::fprintf(stderr, "reskontrad: cannot listen on %s\n", listen.c_str());
    return 1;
  }
  // The web console calls this server's own service, in process, with the caller's token.
  std::unique_ptr<reskontra::web::Console> console;
  if (http_listen != "none") {
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(-1);
    args.SetMaxSendMessageSize(-1);
    absl::StatusOr<std::unique_ptr<reskontra::web::Console>> started =
        reskontra::web::Console::Start({.listen = http_listen,
                                        .tls_cert = tls.cert,
                                        .tls_key = tls.key,
                                        .tls_client_ca = tls.client_ca,
                                        .request_max_bytes = http_request_max_bytes},
                                       server->InProcessChannel(args));
    if (!started.ok()) {
      std::fprintf(stderr, "reskontrad: the web console (--http_listen): %s\n",
                   started.status().ToString().c_str());
      server->Shutdown();
      return 1;
    }
    console = *std::move(started);
  }
  std::string host = listen.substr(0, listen.rfind(':'));
  // One line: a supervisor (and the tests) read the port from the first line.
  std::printf("reskontrad listening on %s:%d (%s, %s; data %s, head %llu%s)%s\n", host.c_str(), port,
              tls.cert.empty() ? "plaintext" : "TLS", auth.enabled() ? "tokens" : "open", data_dir.c_str(),
              static_cast<unsigned long long>((*core)->journal().DurableHead()),
              replica ? absl::StrCat("; read replica of ", follow.server).c_str() : "",
              console ? absl::StrCat("; web console ", console->url()).c_str() : "");
  std::fflush(stdout);

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
