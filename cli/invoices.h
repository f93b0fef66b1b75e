// The CLI's customer add|change|show|note and invoice issue|show|list|credit|annul|
// debit|write-off|fee|interest|watch|note.
#ifndef RESKONTRA_CLI_INVOICES_H_
#define RESKONTRA_CLI_INVOICES_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>

#include "cli/common.h"

namespace reskontra::cli {

class InvoiceCommands {
 public:
  InvoiceCommands(CLI::App& app, CLI::App* import, const Globals& g);
  ~InvoiceCommands();
  // After parsing: what to send for the parsed subcommand, or an empty function.
  std::function<int(pb::Ledger::Stub&)> Selected();

  // The parsed options (defined in the .cc), public so that each subcommand's file-local
  // function there can take them.
  struct Options;

 private:
  std::unique_ptr<Options> o_;
};

}  // namespace reskontra::cli

#endif  // RESKONTRA_CLI_INVOICES_H_
