// The CLI's company add|payment-settings|approval-policy, approval list|approve|reject
// and method define|list (inbetalningssätt).
#ifndef RESKONTRA_CLI_COMPANY_H_
#define RESKONTRA_CLI_COMPANY_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>

#include "cli/common.h"

namespace reskontra::cli {

class CompanyCommands {
 public:
  CompanyCommands(CLI::App& app, const Globals& g);
  ~CompanyCommands();
  // After parsing: what to send for the parsed subcommand, or an empty function.
  std::function<int(pb::Ledger::Stub&)> Selected();

 private:
  struct Options;
  std::unique_ptr<Options> o_;
};

}  // namespace reskontra::cli

#endif  // RESKONTRA_CLI_COMPANY_H_
