// printf for the CLI's tables, aligned by what a terminal shows: a %-20s or %14s column is
// padded by characters (UTF-8 code points), not bytes, so "Åsa Öberg" takes nine columns and
// the rest of its row stays in line (issue 23, item 12). Everything else is printf's.
#ifndef RESKONTRA_CLI_PRINT_H_
#define RESKONTRA_CLI_PRINT_H_

#include <string>

namespace reskontra::cli {

// The columns a UTF-8 string takes on a terminal: one per code point (Latin, Nordic letters).
int DisplayWidth(const char* utf8);

std::string Format(const char* format, ...) __attribute__((format(printf, 1, 2)));
int Printf(const char* format, ...) __attribute__((format(printf, 1, 2)));

}  // namespace reskontra::cli

#endif  // RESKONTRA_CLI_PRINT_H_
