// The CLI's kravverksamhet commands: dunning policy/run/status/list/clear/move-due,
// kravkod, deferral, plan, payment-order and collection.
#ifndef RESKONTRA_CLI_DUNNING_H_
#define RESKONTRA_CLI_DUNNING_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>

#include "cli/common.h"

namespace reskontra::cli {

class DunningCommands {
 public:
  DunningCommands(CLI::App& app, const Globals& g);
  ~DunningCommands();
  // After parsing: what to send for the parsed subcommand, or an empty function.
  std::function<int(pb::Ledger::Stub&)> Selected();

  // The parsed options (defined in the .cc), public so that each subcommand's file-local
  // function there can take them.
  struct Options;

 private:
  // `policy set`: the options given, applied to the policy in force.
  static void ApplyGiven(const Options& o, pb::DunningPolicy* p);
  std::unique_ptr<Options> o_;
};

}  // namespace reskontra::cli

#endif  // RESKONTRA_CLI_DUNNING_H_
