// reskontra-relay: follows a reskontrad's journal and publishes every record to NATS JetStream
// (relay/relay.h). Runs until SIGINT/SIGTERM; on any error it reconnects and resumes from the
// stream's last position, so it may be killed at any moment.

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <thread>

#include "base/stop_signals.h"
#include "client/channel.h"
#include "relay/relay.h"

int main(int argc, char** argv) {
  using namespace reskontra;  // NOLINT
  CLI::App app{"reskontra-relay: publishes the Reskontra journal to NATS JetStream"};
  client::ChannelOptions ledger;
  ledger.server = "127.0.0.1:50051";
  relay::Options o;
  app.add_option("--server", ledger.server, "reskontrad address (host:port)");
  app.add_option("--token", ledger.token, "API token (an auditor's suffices)")->envname("RESKONTRA_TOKEN");
  app.add_option("--tls_ca", ledger.tls_ca, "PEM CA of reskontrad's certificate: TLS");
  app.add_option("--tls_cert", ledger.tls_cert, "PEM client certificate, if reskontrad requires one");
  app.add_option("--tls_key", ledger.tls_key, "PEM key of --tls_cert");
  app.add_option("--nats_url", o.nats_url, "NATS server URL");
  app.add_option("--stream", o.stream, "JetStream stream (created if missing)");
  app.add_option("--subject_prefix", o.subject_prefix, "subjects are <prefix>.<company>.<event type>");
  app.add_option("--replicas", o.replicas, "replicas of a new stream (a NATS cluster's choice, 1..5)");
  app.add_option("--max_pending", o.max_pending, "publishes awaiting JetStream's ack");
  CLI11_PARSE(app, argc, argv);

  const reskontra::StopSignals signals = reskontra::StopSignals::Block();
  std::atomic<bool> stop{false};
  std::thread waiter([&] {
    signals.Wait();
    stop = true;
  });
  waiter.detach();

  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = client::MakeChannel(ledger);
  if (!channel.ok()) {
    std::fprintf(stderr, "reskontra-relay: %s\n", channel.status().ToString().c_str());
    return 2;
  }
  auto stub = relay::pb::Ledger::NewStub(*channel);
  absl::Duration backoff = absl::Milliseconds(200);
  while (!stop.load()) {
    absl::StatusOr<std::unique_ptr<relay::Publisher>> publisher = relay::Publisher::Connect(o);
    if (publisher.ok()) {
      absl::StatusOr<std::pair<uint64_t, std::string>> at = (*publisher)->Published();
      std::printf("reskontra-relay: %s -> %s stream %s, resuming after position %llu\n",
                  ledger.server.c_str(), o.nats_url.c_str(), o.stream.c_str(),
                  static_cast<unsigned long long>(at.ok() ? at->first : 0));
      std::fflush(stdout);
      absl::StatusOr<relay::RunStats> run =
          relay::Run(*stub, **publisher, stop, [](const relay::RunStats& s) {
            std::printf("reskontra-relay: published through position %llu (%llu this run)\n",
                        static_cast<unsigned long long>(s.last_position),
                        static_cast<unsigned long long>(s.published));
            std::fflush(stdout);
          });
      if (run.ok()) {
        std::printf("reskontra-relay: stopped at position %llu\n",
                    static_cast<unsigned long long>(run->last_position));
        return 0;
      }
      std::fprintf(stderr, "reskontra-relay: %s\n", run.status().ToString().c_str());
      // A different ledger behind the stream is not retried: an operator must look.
      if (run.status().code() == absl::StatusCode::kFailedPrecondition ||
          run.status().code() == absl::StatusCode::kDataLoss)
        return 3;
      backoff = absl::Milliseconds(200);
    } else {
      std::fprintf(stderr, "reskontra-relay: %s\n", publisher.status().ToString().c_str());
      if (publisher.status().code() == absl::StatusCode::kFailedPrecondition) return 3;
    }
    absl::SleepFor(backoff);
    backoff = std::min(backoff * 2, absl::Seconds(5));
  }
  return 0;
}
