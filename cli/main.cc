// reskontra: the command-line client of reskontrad, over gRPC.
//
//   reskontra customer add 10001 --name "Anna Lindqvist" --national-id 6408233234
//   reskontra invoice issue 020001001 --customer 10001 --invoice-date 2026-11-01
//       --due-date 2026-11-30 --line "Hemtjänst november;1250,00;0;3012"
//   reskontra payment record --invoice 020001001 --amount 500
//   reskontra invoice show 020001001 --json
//
// Errors print the gRPC code name and message on stderr and exit 1 (2 for usage errors).
//
// main keeps the global flags and the dispatch; each area's subcommands live in their own file:
// company.cc, invoices.cc, payments.cc, journal.cc, dunning.cc, interest.cc, audit.cc.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <optional>

#include "cli/audit.h"
#include "cli/common.h"
#include "cli/company.h"
#include "cli/dunning.h"
#include "cli/interest.h"
#include "cli/invoices.h"
#include "cli/journal.h"
#include "cli/payments.h"
#include "client/channel.h"
#include "reskontra/v1/ledger.grpc.pb.h"

namespace pb = reskontra::v1;
using namespace reskontra::cli;  // NOLINT

int main(int argc, char** argv) {
  CLI::App app{"reskontra: client for the Reskontra ledger"};
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand: `invoice show N --json`
  Globals g;
  const char* user = std::getenv("USER");
  g.actor = user && *user ? user : "cli";
  app.add_option("--server", g.server, "reskontrad address")->envname("RESKONTRA_SERVER");
  reskontra::client::ChannelOptions connection;
  app.add_option("--token", connection.token, "API token (services/auth.h)")->envname("RESKONTRA_TOKEN");
  app.add_option("--tls-ca", connection.tls_ca, "PEM CA of the server's certificate: connect with TLS")
      ->envname("RESKONTRA_TLS_CA");
  app.add_option("--tls-cert", connection.tls_cert, "PEM client certificate (with --tls-key)")
      ->envname("RESKONTRA_TLS_CERT");
  app.add_option("--tls-key", connection.tls_key, "PEM client key")->envname("RESKONTRA_TLS_KEY");
  app.add_option("--company", g.company, "company (företagsnummer)");
  app.add_option("--actor", g.actor, "who does it (default $USER)");
  app.add_option("--command-id", g.command_id, "idempotency key (default: random)");
  app.add_option("--expected-version", g.expected_version,
                 "expected stream version (optimistic concurrency)");
  app.add_flag("--json", g.json, "machine-readable output");

  // The commands by area; each adds its subcommands and, after parsing, says what to send.
  CompanyCommands company_cli(app, g);
  auto* import = app.add_subcommand("import", "files in: bank files, invoice files")->require_subcommand(1);
  InvoiceCommands invoice_cli(app, import, g);
  auto* report = app.add_subcommand("report", "reports: payments, saldolista, kundfordringar")
                     ->require_subcommand(1)
                     ->fallthrough();
  PaymentCommands payment_cli(app, import, report, g);
  JournalCommands journal_cli(app, g);
  DunningCommands dunning_cli(app, g);
  InterestCommands interest_cli(app, g);
  AuditCommands audit_cli(app, report, g);

  // Global options (--json, --company …) may follow any subcommand.
  std::function<void(CLI::App*)> fall = [&](CLI::App* a) {
    for (CLI::App* sub : a->get_subcommands({})) {
      sub->fallthrough();
      fall(sub);
    }
  };
  fall(&app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  if (std::optional<int> rc = journal_cli.RunLocal()) return *rc;
  std::function<int(pb::Ledger::Stub&)> call;
  try {
    call = company_cli.Selected();
    if (!call) call = invoice_cli.Selected();
    if (!call) call = payment_cli.Selected();
    if (!call) call = journal_cli.Selected();
    if (!call) call = dunning_cli.Selected();
    if (!call) call = interest_cli.Selected();
    if (!call) call = audit_cli.Selected();
  } catch (const UsageError& e) {
    std::fprintf(stderr, "INVALID_ARGUMENT: %s\n", e.message.c_str());
    return 2;
  }
  if (!call) {
    std::fprintf(stderr, "%s", app.help().c_str());
    return 2;
  }

  connection.server = g.server;
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel_ptr = reskontra::client::MakeChannel(connection);
  if (!channel_ptr.ok()) {
    std::fprintf(stderr, "%s\n", channel_ptr.status().ToString().c_str());
    return 2;
  }
  auto stub = pb::Ledger::NewStub(*channel_ptr);
  return call(*stub);
}
