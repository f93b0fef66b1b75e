// The CLI's import bgmax, payment record|unmatched|reverse|resolve and the
// payment reports (report inbetalningslista|bevakning|prognos).
#ifndef RESKONTRA_CLI_PAYMENTS_H_
#define RESKONTRA_CLI_PAYMENTS_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>

#include "cli/common.h"

namespace reskontra::cli {

class PaymentCommands {
 public:
  PaymentCommands(CLI::App& app, CLI::App* import, CLI::App* report, const Globals& g);
  ~PaymentCommands();
  // After parsing: what to send for the parsed subcommand, or an empty function.
  std::function<int(pb::Ledger::Stub&)> Selected();

 private:
  struct Options;
  std::unique_ptr<Options> o_;
};

}  // namespace reskontra::cli

#endif  // RESKONTRA_CLI_PAYMENTS_H_
