// The CLI's events tail, admin backup and admin restore (the last
// runs here, on a stopped server's backup, without a connection).
#ifndef RESKONTRA_CLI_JOURNAL_H_
#define RESKONTRA_CLI_JOURNAL_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <optional>

#include "cli/common.h"

namespace reskontra::cli {

class JournalCommands {
 public:
  JournalCommands(CLI::App& app, const Globals& g);
  ~JournalCommands();
  // After parsing: what to send for the parsed subcommand, or an empty function.
  std::function<int(pb::Ledger::Stub&)> Selected();
  // `admin restore` works on folders, not through the server: its exit code, if it was parsed.
  std::optional<int> RunLocal();

 private:
  struct Options;
  std::unique_ptr<Options> o_;
};

}  // namespace reskontra::cli

#endif  // RESKONTRA_CLI_JOURNAL_H_
