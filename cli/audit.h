// The CLI's audit commands: report saldolista|kundfordringar (table, CSV or XLSX, on either
// time axis) and audit verify|head|trail.
#ifndef RESKONTRA_CLI_AUDIT_H_
#define RESKONTRA_CLI_AUDIT_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>

#include "cli/common.h"

namespace reskontra::cli {

class AuditCommands {
 public:
  // `report` is the existing "report" group the two lists join.
  AuditCommands(CLI::App& app, CLI::App* report, const Globals& g);
  ~AuditCommands();
  std::function<int(pb::Ledger::Stub&)> Selected();

  // The parsed options (defined in the .cc), public so that each subcommand's file-local
  // function there can take them.
  struct Options;

 private:
  std::unique_ptr<Options> o_;
};

}  // namespace reskontra::cli

#endif  // RESKONTRA_CLI_AUDIT_H_
