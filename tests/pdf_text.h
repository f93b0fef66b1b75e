// The text of a PDF as pdftotext (poppler-utils) reads it, for tests of the documents.
#ifndef RESKONTRA_TESTS_PDF_TEXT_H_
#define RESKONTRA_TESTS_PDF_TEXT_H_

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>

#include "absl/strings/str_cat.h"

namespace reskontra::testing {

// The text of a PDF, as pdftotext reads it (-layout keeps each line's words together).
// RESKONTRA_KEEP_PDF=DIR keeps each PDF read (to look at with pdftoppm).
inline std::string PdfText(const std::string& pdf) {
  const char* keep = std::getenv("RESKONTRA_KEEP_PDF");
  const std::string dir = keep != nullptr ? keep : ::testing::TempDir();
  const std::string path = absl::StrCat(dir, "/letter-", ::testing::UnitTest::GetInstance()->random_seed(),
                                        "-", std::hash<std::string>{}(pdf), ".pdf");
  {
    std::ofstream f(path, std::ios::binary);
    f << pdf;
  }
  std::string out;
  FILE* p = popen(absl::StrCat("pdftotext -layout '", path, "' -").c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  EXPECT_EQ(pclose(p), 0) << "pdftotext failed";
  if (keep == nullptr) std::remove(path.c_str());
  // Whitespace runs as one space: a paragraph's words wrapped onto two lines still read as one.
  std::string flat;
  for (char c : out) {
    const bool space = c == ' ' || c == '\n' || c == '\f' || c == '\t';
    if (space && !flat.empty() && flat.back() == ' ') continue;
    flat += space ? ' ' : c;
  }
  return flat;
}

// The QR codes on the first page of a PDF, as a phone would read them: the page rasterised at
// 200 dpi (pdftoppm) and decoded with zbarimg (zbar-tools); one decoded text per line.
inline std::string PdfQrCodes(const std::string& pdf) {
  const std::string base = absl::StrCat(::testing::TempDir(), "/qr-", std::hash<std::string>{}(pdf));
  {
    std::ofstream f(base + ".pdf", std::ios::binary);
    f << pdf;
  }
  std::string out;
  const std::string cmd = absl::StrCat("pdftoppm -r 200 -png -f 1 -l 1 -singlefile '", base, ".pdf' '", base,
                                       "' && zbarimg -q --raw '", base, ".png'");
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);  // zbarimg exits 4 when it finds no code: the empty text says so
  std::remove((base + ".pdf").c_str());
  std::remove((base + ".png").c_str());
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace reskontra::testing

#endif  // RESKONTRA_TESTS_PDF_TEXT_H_
