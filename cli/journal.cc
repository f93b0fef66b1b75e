#include "cli/journal.h"

#include <cstdio>

#include "journal/backup.h"

namespace reskontra::cli {

struct JournalCommands::Options {
  const Globals* g = nullptr;
  CLI::App *tail = nullptr, *backup = nullptr, *restore = nullptr;
  // events tail
  uint64_t from = 1;
  uint64_t limit = 0;
  bool follow = false;
  std::vector<std::string> types;
  std::vector<int32_t> companies;
  std::string invoice, customer;
  // admin
  std::string backup_name, restore_from, restore_to;
};

JournalCommands::~JournalCommands() = default;

JournalCommands::JournalCommands(CLI::App& app, const Globals& g) : o_(std::make_unique<Options>()) {
  Options& o = *o_;
  o.g = &g;
  auto* events = app.add_subcommand("events", "the journal")->require_subcommand(1)->fallthrough();
  o.tail = events->add_subcommand("tail", "records from a position");
  o.tail->add_option("--from", o.from, "first position");
  o.tail->add_option("--limit", o.limit, "stop after this many (0 = no limit)");
  o.tail->add_flag("--follow", o.follow, "keep following live records");
  o.tail->add_option("--type", o.types, "only these event types (repeat), e.g. InvoiceIssued");
  o.tail->add_option("--only-company", o.companies, "only these companies (repeat)");
  o.tail->add_option("--invoice", o.invoice, "only this invoice's events");
  o.tail->add_option("--customer", o.customer, "only this customer's events");

  // admin: backups (online, through the server) and restore (local, the server stopped).
  auto* admin = app.add_subcommand("admin", "backup and restore")->require_subcommand(1);
  o.backup = admin->add_subcommand("backup", "online backup into NAME under the server's --backup_dir");
  o.backup->add_option("name", o.backup_name)->required();
  o.restore =
      admin->add_subcommand("restore", "copy a backup into a new data folder, verifying its hash chain");
  o.restore->add_option("--from", o.restore_from, "the backup folder")->required();
  o.restore->add_option("--to", o.restore_to, "the new data folder (must not exist or be empty)")->required();
}

namespace {

void PrintBackup(const pb::BackupResponse& out) {
  Printf("backup %s: position %llu, head hash %s\n", out.path().c_str(),
         static_cast<unsigned long long>(out.position()), out.head_hash().c_str());
}

}  // namespace

std::optional<int> JournalCommands::RunLocal() {
  Options& o = *o_;
  if (!o.restore->parsed()) return std::nullopt;
  absl::StatusOr<BackupReport> restored = RestoreBackup(o.restore_from, o.restore_to);
  if (!restored.ok()) {
    std::fprintf(stderr, "%s\n", restored.status().ToString().c_str());
    return 1;
  }
  Printf("restored %s into %s: chain verified, position %llu, head hash %s\n", o.restore_from.c_str(),
         restored->path.c_str(), static_cast<unsigned long long>(restored->position),
         HashToHex(restored->head_hash).c_str());
  return 0;
}

std::function<int(pb::Ledger::Stub&)> JournalCommands::Selected() {
  Options& o = *o_;
  const Globals& g = *o.g;
  if (o.backup->parsed()) {
    pb::BackupRequest r;
    r.set_name(o.backup_name);
    // Printed as text even with --json, as before: the path and the head hash are the answer.
    return [r](pb::Ledger::Stub& stub) {
      pb::BackupResponse out;
      grpc::ClientContext ctx;
      grpc::Status s = stub.Backup(&ctx, r, &out);
      if (!s.ok()) return Fail(s);
      PrintBackup(out);
      return 0;
    };
  }
  if (o.tail->parsed()) {
    pb::SubscribeRequest r;
    r.set_from_position(o.from);
    r.set_history_only(!o.follow);
    for (const std::string& t : o.types) r.add_types(t);
    for (int32_t c : o.companies) r.add_companies(c);
    r.set_invoice_number(o.invoice.empty() ? 0 : ParseInvoiceNumber(o.invoice));
    r.set_customer_number(o.customer);
    const uint64_t limit = o.limit;
    return [&g, r, limit](pb::Ledger::Stub& stub) {
      grpc::ClientContext ctx;
      auto reader = stub.Subscribe(&ctx, r);
      pb::JournalEvent e;
      uint64_t n = 0;
      while (reader->Read(&e)) {
        if (g.json)
          Printf("%s\n", ToJson(e).c_str());
        else
          PrintEvent(e);
        std::fflush(stdout);
        if (limit && ++n >= limit) {
          ctx.TryCancel();
          break;
        }
      }
      grpc::Status s = reader->Finish();
      if (!s.ok() && !(limit && n >= limit)) return Fail(s);
      return 0;
    };
  }
  return {};
}

}  // namespace reskontra::cli
