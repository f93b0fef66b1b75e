// Nets OCR giro (formats/ocr_giro.h): the public sample read as written, a write/parse round
// trip, every refusal with its line, and what the import reads of it.
#include "formats/ocr_giro.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "formats/payment_files.h"

namespace reskontra {
namespace {

std::string Sample() {
  std::ifstream f(std::string(TEST_DATA_DIR) + "/ocr_giro/netsgiro_ocr_giro_transactions.txt",
                  std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

OcrGiroFile Generated() {
  OcrGiroFile f;
  f.transmission_number = "1000001";
  f.recipient = "00012345";
  f.nets_date = Date(2026, 12, 1);
  OcrGiroAssignment a;
  a.number = "0000001";
  a.account = "86011117947";
  auto tx = [&](int type, int number, int64_t ore, const std::string& kid) {
    OcrGiroTransaction t;
    t.type = type;
    t.number = number;
    t.nets_date = Date(2026, 11, 30 + number / 3);
    t.amount = Money::FromOre(ore);
    t.kid = kid;
    t.form_number = absl::StrFormat("%010d", 9000000 + number);
    t.reference = absl::StrFormat("%09d", 500000 + number);
    t.debit_account = "12345678903";
    return t;
  };
  a.transactions = {tx(10, 1, 125000, "100010015"), tx(13, 2, 50, "100010023"),
                    tx(18, 3, -125000, "100010015")};
  OcrGiroTransaction text = tx(21, 4, 9900, "");
  text.text = "Betaling for høst";
  a.transactions.push_back(text);
  f.assignments.push_back(a);
  return f;
}

TEST(OcrGiroTest, ThePublicSampleIsReadAsWritten) {
  absl::StatusOr<OcrGiroFile> f = ParseOcrGiro(Sample());
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->transmitter, "00008080");
  EXPECT_EQ(f->recipient, "00010200");
  ASSERT_EQ(f->assignments.size(), 1u);
  const OcrGiroAssignment& a = f->assignments[0];
  EXPECT_EQ(a.account, "99991042764");
  ASSERT_EQ(a.transactions.size(), 20u);
  EXPECT_EQ(a.transactions[0].type, 21);  // a purchase with text
  EXPECT_EQ(a.transactions[0].nets_date, Date(1992, 1, 20));
  EXPECT_EQ(a.transactions[0].amount, Money::FromOre(102000));
  EXPECT_EQ(a.transactions[0].kid, "0000531");
  EXPECT_EQ(a.transactions[0].text, "Foo bar baz");
  Money total;
  for (const OcrGiroTransaction& t : a.transactions) total += t.amount;
  EXPECT_EQ(total, Money::FromOre(5144900));

  IncomingPaymentFile in = ToIncomingPaymentFile(*f);
  EXPECT_EQ(in.format, "OCRGIRO");
  ASSERT_FALSE(in.deposits.empty());
  EXPECT_EQ(in.deposits[0].account, "99991042764");
  EXPECT_EQ(in.deposits[0].currency, "NOK");
  Money sum;
  for (const IncomingDeposit& d : in.deposits) sum += d.amount;
  EXPECT_EQ(sum, Money::FromOre(5144900));
  absl::StatusOr<IncomingPaymentFile> auto_read = ReadPaymentFile(Sample(), PaymentFileFormat::kAuto);
  ASSERT_TRUE(auto_read.ok()) << auto_read.status();
  EXPECT_EQ(auto_read->format, "OCRGIRO");
}

TEST(OcrGiroTest, WriteAndParseRoundTrip) {
  const OcrGiroFile f = Generated();
  const std::string bytes = WriteOcrGiro(f);
  absl::StatusOr<OcrGiroFile> back = ParseOcrGiro(bytes);
  ASSERT_TRUE(back.ok()) << back.status() << "\n" << bytes;
  EXPECT_EQ(*back, f);
  // The reversal is a negative payment for the queue; the rest are payments by KID.
  IncomingPaymentFile in = ToIncomingPaymentFile(*back);
  ASSERT_EQ(in.deposits.size(), 2u);  // settled 30 November and 1 December
  const IncomingPayment& reversal = in.deposits[1].payments[0];
  EXPECT_TRUE(reversal.deduction);
  EXPECT_EQ(reversal.amount, Money::FromOre(125000));
  EXPECT_TRUE(absl::StrContains(reversal.deduction_text, "type 18")) << reversal.deduction_text;
  EXPECT_EQ(in.deposits[0].payments[0].reference, "100010015");
  EXPECT_EQ(in.deposits[0].payments[0].bank_reference, "000500001");  // the archive reference
  EXPECT_EQ(in.deposits[1].payments[1].message, "Betaling for høst");
}

TEST(OcrGiroTest, DefectsAreRefusedWithTheirLine) {
  const std::string good = WriteOcrGiro(Generated());
  auto refusal = [](const std::string& bytes) {
    absl::StatusOr<OcrGiroFile> f = ParseOcrGiro(bytes);
    return f.ok() ? std::string("accepted") : std::string(f.status().message());
  };
  std::vector<std::string> lines = absl::StrSplit(good, '\n');
  // A wrong total in the assignment end (line 12).
  std::string total = good;
  total.replace(total.find("NY090088") + 24, 17, "00000000000000001");
  EXPECT_TRUE(absl::StrContains(refusal(total), "OCR giro line 12: the assignment totals 0,01"))
      << refusal(total);
  // A record short of 80 characters.
  std::string short_line = absl::StrReplaceAll(good, {{lines[2] + "\n", lines[2].substr(0, 79) + "\n"}});
  EXPECT_TRUE(absl::StrContains(refusal(short_line), "line 3: a record is 79 characters"))
      << refusal(short_line);
  // The transmission end missing; an amount item 2 of another transaction; a bad date.
  EXPECT_TRUE(absl::StrContains(refusal(good.substr(0, good.size() - 81)), "ends early"));
  std::string other = good;
  other.replace(other.find("NY091031") + 8, 7, "0000009");
  EXPECT_TRUE(absl::StrContains(refusal(other), "amount item 2")) << refusal(other);
  std::string date = good;
  date.replace(date.find("NY091030") + 15, 6, "310226");
  EXPECT_TRUE(absl::StrContains(refusal(date), "Nets date '310226'")) << refusal(date);
  std::string kid = good;
  kid.replace(kid.find("NY091030") + 49 + 16, 2, "AB");
  EXPECT_TRUE(absl::StrContains(refusal(kid), "KID")) << refusal(kid);
  // AvtaleGiro is not a file of incoming payments; records after the end are refused.
  std::string avtale = absl::StrReplaceAll(good, {{"NY090020", "NY210020"}});
  EXPECT_TRUE(absl::StrContains(refusal(avtale), "AvtaleGiro")) << refusal(avtale);
  EXPECT_TRUE(absl::StrContains(refusal(good + lines[1] + "\n"), "after the transmission end"));
  EXPECT_EQ(refusal(""), "the OCR giro file is empty");
  // A reversal (type 18) with a positive amount is a contradiction, not a receipt.
  std::string positive = good;
  positive.replace(positive.find("NY091830") + 31, 1, "0");
  EXPECT_TRUE(absl::StrContains(refusal(positive), "type 18 reverses a payment")) << refusal(positive);
}

}  // namespace
}  // namespace reskontra
