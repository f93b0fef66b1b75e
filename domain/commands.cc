#include "domain/commands.h"

#include <utility>

namespace reskontra {

Command::Command() = default;
Command::Command(CommandMeta m, CommandBody b) : meta(std::move(m)), body(std::move(b)) {}
Command::Command(const Command&) = default;
Command::Command(Command&&) noexcept = default;
Command& Command::operator=(const Command&) = default;
Command& Command::operator=(Command&&) noexcept = default;
Command::~Command() = default;

}  // namespace reskontra
