// The CLI's tables are aligned by what a terminal shows (cli/print.h, issue 23, item 12).
#include <gtest/gtest.h>

#include "cli/print.h"

namespace reskontra::cli {
namespace {

TEST(CliPrintTest, ColumnsArePaddedByCharactersNotBytes) {
  EXPECT_EQ(DisplayWidth("Åsa Öberg"), 9);
  EXPECT_EQ(Format("%-10s|", "Åsa"), "Åsa       |");
  EXPECT_EQ(Format("%-10s|", "Asa"), "Asa       |");
  EXPECT_EQ(Format("%10s|", "Örebro"), "    Örebro|");
  // Two rows of a table line up whatever letters they hold.
  const std::string a = Format("%-12s %14s kr\n", "Åke Ström", "1 250,00");
  const std::string b = Format("%-12s %14s kr\n", "Anna Berg", "99,00");
  EXPECT_EQ(DisplayWidth(a.c_str()), DisplayWidth(b.c_str()));
  // Everything else is printf's.
  EXPECT_EQ(Format("%d %5d %-3d| %lld %llu %s %%", 7, 42, 1, -5LL, 18446744073709551615ULL, ""),
            "7    42 1  | -5 18446744073709551615  %");
  EXPECT_EQ(Format("%08.3f %x %c", 3.14159, 255, 'Z'), "0003.142 ff Z");
  EXPECT_EQ(Format("%*s|%-*s|", 5, "ö", 4, "å"), "    ö|å   |");
  EXPECT_EQ(Format("%.2s", "abc"), "ab");
}

}  // namespace
}  // namespace reskontra::cli
