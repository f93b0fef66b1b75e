// CREMUL (formats/cremul.h): a Norwegian credit advice read segment by segment, its counts
// and sums checked, the service string advice and release character honoured, and every
// refusal naming its segment.
#include "formats/cremul.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "formats/payment_files.h"

namespace reskontra {
namespace {

// One interchange with one CREMUL message around `body` (level B and C segments, each without
// its terminator); UNT's count computed.
std::string Interchange(const std::vector<std::string>& body, const std::string& una = "UNA:+.? '") {
  std::vector<std::string> message = {"UNH+1+CREMUL:D:96A:UN", "BGM+435+2026120100001+9",
                                      "DTM+137:20261201:102"};
  message.insert(message.end(), body.begin(), body.end());
  message.push_back(absl::StrCat("UNT+", message.size() + 1, "+1"));
  return absl::StrCat(una, "UNB+UNOC:3+00810506482+987654321+261201:0600+IC0001'\n",
                      absl::StrJoin(message, "'\n"), "'\nUNZ+1+IC0001'\n");
}

// A credit of 1 250,00 + 50,00 on 8601 11 17947: a KID payment and one with two invoices.
std::vector<std::string> TwoPayments() {
  return {"LIN+1",
          "DTM+202:20261201:102",
          "DTM+209:20261202:102",
          "BUS++DO++230",
          "MOA+60:1300.00",
          "RFF+ACK:20261201-000123",
          "FII+BF+86011117947",
          "SEQ++1",
          "DTM+203:20261130:102",
          "FII+OR+12345678903",
          "RFF+ACK:ARK-1",
          "MOA+143:1250.00",
          "NAD+PL+++Kari Nordmann:Storgata 1",
          "PRC+8",
          "DOC+999+100010015",
          "GIS+10",
          "SEQ++2",
          "RFF+ACK:ARK-2",
          "MOA+143:50.00",
          "NAD+PL+++Ola Hansen",
          "PRC+8",
          "DOC+380+100010023",
          "MOA+12:30.00",
          "DOC+380+100010031",
          "MOA+12:20.00",
          "PRC+11",
          "FTX+AAG+++Takk for handelen?'",
          "CNT+LIN:1"};
}

TEST(CremulTest, ACreditAdviceIsReadPaymentByPayment) {
  absl::StatusOr<IncomingPaymentFile> f = ParseCremul(Interchange(TwoPayments()));
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->format, "CREMUL");
  EXPECT_EQ(f->message_id, "IC0001");
  ASSERT_EQ(f->deposits.size(), 1u);
  const IncomingDeposit& d = f->deposits[0];
  EXPECT_EQ(d.account, "86011117947");
  EXPECT_EQ(d.payment_date, Date(2026, 12, 1));  // the posting date
  EXPECT_EQ(d.amount, Money::FromOre(130000));
  ASSERT_EQ(d.payments.size(), 2u);
  const IncomingPayment& kid = d.payments[0];
  EXPECT_EQ(kid.amount, Money::FromOre(125000));
  EXPECT_EQ(kid.reference, "100010015");
  EXPECT_EQ(kid.bank_reference, "ARK-1");
  EXPECT_EQ(kid.payer_name, "Kari Nordmann Storgata 1");
  EXPECT_EQ(kid.sender_account, "12345678903");
  const IncomingPayment& two = d.payments[1];
  ASSERT_EQ(two.extra_references.size(), 2u);
  EXPECT_EQ(two.extra_references[1], (IncomingReference{"100010031", Money::FromOre(2000)}));
  EXPECT_EQ(two.message, "Takk for handelen'");  // the release character let the apostrophe through
}

TEST(CremulTest, TheServiceStringAdviceSetsTheSeparators) {
  std::string custom = absl::StrReplaceAll(Interchange(TwoPayments()), {{"'", "~"}});
  custom = absl::StrReplaceAll(custom, {{"?~", "!'"}});
  custom = absl::StrReplaceAll(custom,
                               {{"UNA:+.? ~", "UNA:+,! ~"}, {"1300.00", "1300,00"}, {"1250.00", "1250,00"}});
  absl::StatusOr<IncomingPaymentFile> f = ParseCremul(custom);
  ASSERT_TRUE(f.ok()) << f.status() << "\n" << custom;
  EXPECT_EQ(f->deposits[0].amount, Money::FromOre(130000));
  EXPECT_EQ(f->deposits[0].payments[1].message, "Takk for handelen'");
  // Without UNA the defaults apply; the format is recognised either way.
  absl::StatusOr<IncomingPaymentFile> plain =
      ReadPaymentFile(Interchange(TwoPayments(), ""), PaymentFileFormat::kAuto);
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(plain->format, "CREMUL");
}

// A name of five 35-character lines and a long text are kept, cut between characters, not
// refused; a blank release character in UNA means none.
TEST(CremulTest, LongNamesAndTextsAreKeptAndABlankReleaseCharacterIsNone) {
  std::vector<std::string> body = TwoPayments();
  const std::string line(33, 'a');
  body[12] = "NAD+PL+++Øy" + line + ":" + line + "æø:" + line + ":" + line + ":" + line;
  body[26] = "FTX+AAG+++" + std::string(70, 'x') + ":" + std::string(70, 'y') + ":" + std::string(70, 'z') +
             ":" + std::string(70, 'w') + ":" + std::string(70, 'v');
  absl::StatusOr<IncomingPaymentFile> f = ParseCremul(Interchange(body));
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_LE(f->deposits[0].payments[0].payer_name.size(), 140u);
  EXPECT_EQ(f->deposits[0].payments[0].payer_name.substr(0, 3), "Øy");
  EXPECT_LE(f->deposits[0].payments[1].message.size(), 420u);
  std::string no_release = absl::StrReplaceAll(Interchange(TwoPayments()), {{"UNA:+.? '", "UNA:+.  '"}});
  no_release = absl::StrReplaceAll(no_release, {{"handelen?'", "handelen"}});
  f = ParseCremul(no_release);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->deposits[0].payments[0].payer_name, "Kari Nordmann Storgata 1");  // blanks stay blanks
}

TEST(CremulTest, DefectsAreRefusedNamingTheSegment) {
  auto refusal = [](const std::string& bytes) {
    absl::StatusOr<IncomingPaymentFile> f = ParseCremul(bytes);
    return f.ok() ? std::string("accepted") : std::string(f.status().message());
  };
  std::vector<std::string> body = TwoPayments();
  body[4] = "MOA+60:1300.01";
  EXPECT_TRUE(absl::StrContains(refusal(Interchange(body)), "add up to 1 300,00; it says 1 300,01"))
      << refusal(Interchange(body));
  std::string count = absl::StrReplaceAll(Interchange(TwoPayments()), {{"UNT+32+1", "UNT+31+1"}});
  EXPECT_TRUE(absl::StrContains(refusal(count), "counts 31 segments; the message has 32")) << refusal(count);
  std::string messages = absl::StrReplaceAll(Interchange(TwoPayments()), {{"UNZ+1+", "UNZ+2+"}});
  EXPECT_TRUE(absl::StrContains(refusal(messages), "counts 2 messages")) << refusal(messages);
  std::string other = absl::StrReplaceAll(Interchange(TwoPayments()), {{"CREMUL:D:96A", "DEBMUL:D:96A"}});
  EXPECT_TRUE(absl::StrContains(refusal(other), "the message is DEBMUL, not CREMUL")) << refusal(other);
  std::string version = absl::StrReplaceAll(Interchange(TwoPayments()), {{"CREMUL:D:96A", "CREMUL:D:01B"}});
  EXPECT_TRUE(absl::StrContains(refusal(version), "D:01B is not a version")) << refusal(version);
  body = TwoPayments();
  body[27] = "CNT+LIN:2";
  EXPECT_TRUE(absl::StrContains(refusal(Interchange(body)), "counts 2 LINs")) << refusal(Interchange(body));
  body = TwoPayments();
  body[11] = "MOA+143:12.345";
  EXPECT_TRUE(absl::StrContains(refusal(Interchange(body)), "'12.345' is not an amount"));
  body = TwoPayments();
  body[1] = "DTM+202:20261301:102";
  EXPECT_TRUE(absl::StrContains(refusal(Interchange(body)), "(DTM)")) << refusal(Interchange(body));
  std::string cut = Interchange(TwoPayments());
  cut.resize(cut.size() - 3);
  EXPECT_TRUE(absl::StrContains(refusal(cut), "no terminator")) << refusal(cut);
  EXPECT_TRUE(absl::StrContains(refusal(Interchange(TwoPayments()) + "UNB+x'"), "after UNZ"));
  body = TwoPayments();
  body[12] = "NAD+PL+++Kari\x01Nordmann";
  EXPECT_FALSE(absl::StrContains(refusal(Interchange(body)), "accepted"));
  EXPECT_EQ(refusal(""), "CREMUL: the file must start with UNB");
}

}  // namespace
}  // namespace reskontra
