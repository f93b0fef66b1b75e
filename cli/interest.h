// The CLI's dröjsmålsränta commands: rate set|list, interest policy set|show, interest show,
// interest uninvoiced, interest invoice-run, interest transfer-next, interest record-paid.
#ifndef RESKONTRA_CLI_INTEREST_H_
#define RESKONTRA_CLI_INTEREST_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>

#include "cli/common.h"

namespace reskontra::cli {

class InterestCommands {
 public:
  InterestCommands(CLI::App& app, const Globals& g);
  ~InterestCommands();
  // After parsing: what to send for the parsed subcommand, or an empty function.
  std::function<int(pb::Ledger::Stub&)> Selected();

  // The parsed options (defined in the .cc), public so that each subcommand's file-local
  // function there can take them.
  struct Options;

 private:
  std::unique_ptr<Options> o_;
};

}  // namespace reskontra::cli

#endif  // RESKONTRA_CLI_INTEREST_H_
