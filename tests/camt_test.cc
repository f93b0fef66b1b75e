// The camt.054/camt.053 reader (formats/camt.h): what it reads of each element, every
// refusal with its element and line, hostile XML, public sample files, and the format
// recognition of formats/payment_files.h.
#include "formats/camt.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "domain/ids.h"
#include "formats/bgmax.h"
#include "formats/payment_files.h"
#include "tests/camt_generator.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT

CamtTx Tx(int64_t ore, const std::string& ocr, const std::string& bank_ref = "") {
  CamtTx t;
  t.ore = ore;
  t.bank_ref = bank_ref;
  t.debtor = "Anna Lindqvist";
  t.org_number = "556677-8899";
  if (!ocr.empty()) t.refs.push_back({ocr});
  return t;
}

CamtFile OneEntry(int version, std::vector<CamtTx> txs) {
  CamtFile f;
  f.version = version;
  CamtEntry e;
  e.bank_ref = "BGC-20261201-0001";
  e.txs = std::move(txs);
  f.entries.push_back(std::move(e));
  return f;
}

absl::Status Refusal(const std::string& xml) {
  absl::StatusOr<IncomingPaymentFile> f = ParseCamt(xml);
  return f.ok() ? absl::OkStatus() : f.status();
}

TEST(CamtTest, ReadsACreditNotificationInBothVersions) {
  for (int version : {2, 8}) {
    SCOPED_TRACE(version);
    CamtTx t = Tx(125000, "100010015", "TX-1");
    t.ustrd = {"Faktura oktober"};
    absl::StatusOr<IncomingPaymentFile> f = ParseCamt(WriteCamt(OneEntry(version, {t})));
    ASSERT_TRUE(f.ok()) << f.status();
    EXPECT_EQ(f->format, "CAMT054");
    EXPECT_EQ(f->message_id, "MSG-1");
    ASSERT_EQ(f->deposits.size(), 1u);
    const IncomingDeposit& d = f->deposits[0];
    EXPECT_EQ(d.bankgiro, "9912346");
    EXPECT_EQ(d.account, "");
    EXPECT_EQ(d.currency, "SEK");
    EXPECT_EQ(d.payment_date, Date(2026, 12, 1));
    EXPECT_EQ(d.serial, 0);
    EXPECT_EQ(d.amount, Money::FromOre(125000));
    ASSERT_EQ(d.payments.size(), 1u);
    const IncomingPayment& p = d.payments[0];
    EXPECT_EQ(p.amount, Money::FromOre(125000));
    EXPECT_EQ(p.reference, "100010015");
    EXPECT_EQ(p.bank_reference, "TX-1");
    EXPECT_EQ(p.payer_name, "Anna Lindqvist");
    EXPECT_EQ(p.payer_org_number, "5566778899");
    EXPECT_EQ(p.message, "Faktura oktober");
    EXPECT_FALSE(p.deduction);
    EXPECT_FALSE(p.several_references);
  }
}

TEST(CamtTest, ABatchEntryIsOnePaymentPerTransaction) {
  for (int version : {2, 8}) {
    SCOPED_TRACE(version);
    CamtFile f = OneEntry(version, {Tx(1000, "18"), Tx(2050, "26"), Tx(30000, "34")});
    f.entries[0].batch_count = true;
    absl::StatusOr<IncomingPaymentFile> file = ParseCamt(WriteCamt(f));
    ASSERT_TRUE(file.ok()) << file.status();
    ASSERT_EQ(file->deposits.size(), 1u);
    const IncomingDeposit& d = file->deposits[0];
    EXPECT_EQ(d.amount, Money::FromOre(33050));
    ASSERT_EQ(d.payments.size(), 3u);
    EXPECT_EQ(d.payments[1].amount, Money::FromOre(2050));
    EXPECT_EQ(d.payments[1].reference, "26");
    // The entry's reference names the batch, not its payments: no reference is made up.
    EXPECT_EQ(d.payments[0].bank_reference, "");
    EXPECT_EQ(d.payments[2].bank_reference, "");
  }
}

TEST(CamtTest, SeveralReferencesWithAmountsSplitThePaymentAndACreditNoteIsNegative) {
  CamtTx t = Tx(74245, "");  // 1 371,13 for the invoice less a credit note of 628,68
  t.refs = {{"100010015", 137113, -1}, {"KN-9582095", -1, 62868}};
  absl::StatusOr<IncomingPaymentFile> f = ParseCamt(WriteCamt(OneEntry(2, {t})));
  ASSERT_TRUE(f.ok()) << f.status();
  const IncomingPayment& p = f->deposits[0].payments[0];
  EXPECT_EQ(p.reference, "");
  ASSERT_EQ(p.extra_references.size(), 2u);
  EXPECT_EQ(p.extra_references[0], (IncomingReference{"100010015", Money::FromOre(137113)}));
  EXPECT_EQ(p.extra_references[1], (IncomingReference{"KN-9582095", Money::FromOre(-62868)}));
}

TEST(CamtTest, SeveralReferencesWithoutAmountsAreSplitByHand) {
  CamtTx t = Tx(50000, "18");
  t.refs.push_back({"26"});
  absl::StatusOr<IncomingPaymentFile> f = ParseCamt(WriteCamt(OneEntry(8, {t})));
  ASSERT_TRUE(f.ok()) << f.status();
  const IncomingPayment& p = f->deposits[0].payments[0];
  EXPECT_TRUE(p.several_references);
  EXPECT_EQ(p.reference, "18");
  EXPECT_TRUE(absl::StrContains(p.message, "18, 26")) << p.message;
}

TEST(CamtTest, AnUnstructuredMessageOfDigitsIsTheReferenceAndOtherTextIsKept) {
  CamtTx digits = Tx(1000, "");
  digits.ustrd = {"1000 1001 5"};
  CamtTx words = Tx(2000, "");
  words.ustrd = {"Hyra december", "lgh 1102"};
  absl::StatusOr<IncomingPaymentFile> f = ParseCamt(WriteCamt(OneEntry(2, {digits, words})));
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->deposits[0].payments[0].reference, "100010015");
  EXPECT_EQ(f->deposits[0].payments[1].reference, "");
  EXPECT_EQ(f->deposits[0].payments[1].message, "Hyra december lgh 1102");
}

// A long message is kept up to 420 bytes, cut between characters, never inside one.
TEST(CamtTest, ALongMessageIsCutBetweenCharacters) {
  CamtTx t = Tx(1000, "18");
  std::string line;
  for (int i = 0; i < 140; ++i) line += "ö";
  t.ustrd = {"xx" + line.substr(0, 276), line,
             line};  // 279 bytes before the second line: 420 falls inside an ö
  absl::StatusOr<IncomingPaymentFile> f = ParseCamt(WriteCamt(OneEntry(2, {t})));
  ASSERT_TRUE(f.ok()) << f.status();
  const std::string& m = f->deposits[0].payments[0].message;
  EXPECT_LE(m.size(), 420u);
  EXPECT_GE(m.size(), 418u);
  EXPECT_TRUE(ValidateText("message", m, 420, false).ok());
  // Valid UTF-8 to its end: every lead byte has its continuation bytes.
  size_t i = 0;
  while (i < m.size()) {
    const unsigned char c = static_cast<unsigned char>(m[i]);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    ASSERT_LE(i + n, m.size()) << "a character cut at byte " << i;
    for (size_t k = 1; k < n; ++k) ASSERT_EQ(static_cast<unsigned char>(m[i + k]) & 0xC0, 0x80);
    i += n;
  }
}

TEST(CamtTest, AReturnedReceiptIsANegativePaymentAndTheCompanysOwnDebitsAreNotRead) {
  CamtFile f = OneEntry(8, {Tx(5000, "18", "TX-9")});
  CamtEntry returned;
  returned.debit = true;
  returned.sub_family = "RRTN";
  CamtTx back = Tx(5000, "18", "TX-10");
  back.debit = true;
  back.return_reason = "AC04";
  returned.txs = {back};
  CamtEntry supplier;  // an outgoing payment in a debit and credit notification
  supplier.debit = true;
  supplier.family = "ICDT";
  supplier.ore = 99900;
  f.entries.push_back(returned);
  f.entries.push_back(supplier);
  absl::StatusOr<IncomingPaymentFile> file = ParseCamt(WriteCamt(f));
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->other_entries, 1);
  ASSERT_EQ(file->deposits.size(), 2u);
  const IncomingPayment& p = file->deposits[1].payments[0];
  EXPECT_TRUE(p.deduction);
  EXPECT_EQ(p.amount, Money::FromOre(5000));
  EXPECT_EQ(file->deposits[1].amount, Money::FromOre(-5000));
  EXPECT_TRUE(absl::StrContains(p.deduction_text, "return")) << p.deduction_text;
  EXPECT_TRUE(absl::StrContains(p.deduction_text, "AC04")) << p.deduction_text;
}

// A debit entry (a batch netted by the bank) may carry credit transactions: they are receipts.
TEST(CamtTest, CreditsInsideADebitEntryAreRead) {
  CamtFile f;
  f.version = 8;
  CamtEntry netted;
  netted.debit = true;
  netted.family = "ICDT";
  CamtTx in = Tx(10000, "18", "IN-1");
  CamtTx out = Tx(30000, "", "OUT-1");
  out.debit = true;
  netted.txs = {in, out};
  f.entries.push_back(netted);
  absl::StatusOr<IncomingPaymentFile> file = ParseCamt(WriteCamt(f));
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->other_entries, 1);
  ASSERT_EQ(file->deposits.size(), 1u);
  ASSERT_EQ(file->deposits[0].payments.size(), 1u);
  EXPECT_EQ(file->deposits[0].payments[0].amount, Money::FromOre(10000));
  EXPECT_FALSE(file->deposits[0].payments[0].deduction);
  EXPECT_EQ(file->deposits[0].amount, Money::FromOre(10000));
}

TEST(CamtTest, AnIbanOrADomesticAccountNamesTheAccount) {
  CamtFile f = OneEntry(2, {Tx(1000, "18")});
  f.iban = "SE4550000000058398257466";
  absl::StatusOr<IncomingPaymentFile> file = ParseCamt(WriteCamt(f));
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->deposits[0].account, "SE4550000000058398257466");
  EXPECT_EQ(file->deposits[0].bankgiro, "");
  f.iban = "SE4550000000058398257467";  // a wrong check digit
  EXPECT_TRUE(absl::StrContains(Refusal(WriteCamt(f)).message(), "check digits")) << Refusal(WriteCamt(f));
  f.iban = "NO9386011117947";  // Norway
  f.currency = "NOK";
  file = ParseCamt(WriteCamt(f));
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->deposits[0].account, "NO9386011117947");
  EXPECT_EQ(file->deposits[0].currency, "NOK");
}

TEST(CamtTest, AStatementsCreditsAreReadAndItsBalancesChecked) {
  for (int version : {2, 8}) {
    SCOPED_TRACE(version);
    CamtFile f = OneEntry(version, {Tx(1000, "18")});
    f.message = 53;
    f.opening_ore = 500000;
    absl::StatusOr<IncomingPaymentFile> file = ParseCamt(WriteCamt(f));
    ASSERT_TRUE(file.ok()) << file.status();
    EXPECT_EQ(file->format, "CAMT053");
    f.closing_ore = 500000;  // the credit is missing from the closing balance
    absl::Status s = Refusal(WriteCamt(f));
    EXPECT_TRUE(absl::StrContains(s.message(), "balances do not add up")) << s;
  }
}

TEST(CamtTest, DefectsAreRefusedWithTheirElementAndLine) {
  CamtFile sum = OneEntry(2, {Tx(1000, "18"), Tx(2000, "26")});
  sum.entries[0].ore = 3100;
  sum.summary = false;
  absl::Status s = Refusal(WriteCamt(sum));
  EXPECT_TRUE(absl::StrContains(s.message(), "the transactions add up to 30,00")) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "camt line ")) << s;

  CamtFile pending = OneEntry(8, {Tx(1000, "18")});
  pending.entries[0].status = "PDNG";
  s = Refusal(WriteCamt(pending));
  EXPECT_TRUE(absl::StrContains(s.message(), "status PDNG")) << s;

  std::string fractions = WriteCamt(OneEntry(2, {Tx(1000, "18")}));
  fractions = absl::StrReplaceAll(fractions, {{">10.00<", ">10.005<"}});
  s = Refusal(fractions);
  EXPECT_TRUE(absl::StrContains(s.message(), "fractions of an öre")) << s;

  CamtFile summary = OneEntry(2, {Tx(1000, "18")});
  std::string wrong_count = absl::StrReplaceAll(
      WriteCamt(summary),
      {{"<NbOfNtries>1</NbOfNtries></TtlNtries>", "<NbOfNtries>2</NbOfNtries></TtlNtries>"}});
  s = Refusal(wrong_count);
  EXPECT_TRUE(absl::StrContains(s.message(), "counts 2 entries")) << s;

  CamtFile batch = OneEntry(2, {Tx(1000, "18")});
  batch.entries[0].batch_count = true;
  std::string wrong_batch =
      absl::StrReplaceAll(WriteCamt(batch), {{"<NbOfTxs>1</NbOfTxs>", "<NbOfTxs>4</NbOfTxs>"}});
  s = Refusal(wrong_batch);
  EXPECT_TRUE(absl::StrContains(s.message(), "batch counts 4 transactions; it has 1")) << s;

  // Against the schema: an element out of place, a required one missing, a bad code.
  std::string misplaced = absl::StrReplaceAll(WriteCamt(OneEntry(2, {Tx(1000, "18")})),
                                              {{"<CdtDbtInd>CRDT</CdtDbtInd><Sts>", "<Sts>"}});
  s = Refusal(misplaced);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(s.message(),
                                "camt line 8: Element '{urn:iso:std:iso:20022:tech:xsd:camt.054.001.02}Sts'"))
      << s;
  std::string no_msg_id =
      absl::StrReplaceAll(WriteCamt(OneEntry(2, {Tx(1000, "18")})), {{"<MsgId>MSG-1</MsgId>", ""}});
  s = Refusal(no_msg_id);
  EXPECT_TRUE(absl::StrContains(s.message(), "camt line 4")) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "MsgId")) << s;
  std::string bad_code =
      absl::StrReplaceAll(WriteCamt(OneEntry(2, {Tx(1000, "18")})),
                          {{"<CdtDbtInd>CRDT</CdtDbtInd><Sts>", "<CdtDbtInd>PLUS</CdtDbtInd><Sts>"}});
  EXPECT_EQ(Refusal(bad_code).code(), absl::StatusCode::kInvalidArgument);

  std::string truncated = WriteCamt(OneEntry(2, {Tx(1000, "18")}));
  truncated.resize(truncated.size() / 2);
  EXPECT_EQ(Refusal(truncated).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Refusal("").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Refusal("<Document/>").code(), absl::StatusCode::kInvalidArgument);
}

TEST(CamtTest, AnotherVersionOrMessageIsRefusedByName) {
  std::string v4 =
      absl::StrReplaceAll(WriteCamt(OneEntry(2, {Tx(1000, "18")})), {{"camt.054.001.02", "camt.054.001.04"}});
  absl::Status s = Refusal(v4);
  EXPECT_TRUE(absl::StrContains(s.message(), "the message is camt.054.001.04")) << s;
  std::string pain =
      absl::StrReplaceAll(WriteCamt(OneEntry(2, {Tx(1000, "18")})), {{"camt.054.001.02", "pain.001.001.03"}});
  s = Refusal(pain);
  EXPECT_TRUE(absl::StrContains(s.message(), "pain.001.001.03")) << s;
}

TEST(CamtTest, HostileXmlIsRefusedAndNothingIsFetchedOrExpanded) {
  const std::string body = WriteCamt(OneEntry(2, {Tx(1000, "18")}));
  const std::string after_decl = body.substr(body.find("<Document"));
  // An external entity (XXE) naming a local file.
  std::string xxe = absl::StrCat(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE Document [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n",
      absl::StrReplaceAll(after_decl, {{"MSG-1", "&x;"}}));
  absl::Status s = Refusal(xxe);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(absl::StrContains(s.message(), "root:")) << s;
  // Billion laughs.
  std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE Document [<!ENTITY a \"lol\">";
  for (int i = 1; i < 10; ++i)
    absl::StrAppend(&laughs, "<!ENTITY ", std::string(1, 'a' + i), " \"", std::string(10, '&'), "\">");
  for (int i = 1; i < 10; ++i) {
    std::string refs;
    for (int k = 0; k < 10; ++k) absl::StrAppend(&refs, "&", std::string(1, 'a' + i - 1), ";");
    laughs = absl::StrReplaceAll(
        laughs, {{absl::StrCat("<!ENTITY ", std::string(1, 'a' + i), " \"", std::string(10, '&'), "\">"),
                  absl::StrCat("<!ENTITY ", std::string(1, 'a' + i), " \"", refs, "\">")}});
  }
  absl::StrAppend(&laughs, "]>\n", absl::StrReplaceAll(after_decl, {{"MSG-1", "&j;"}}));
  EXPECT_EQ(Refusal(laughs).code(), absl::StatusCode::kInvalidArgument);
  // A DOCTYPE alone is refused too, and nesting deeper than the limit.
  EXPECT_TRUE(absl::StrContains(
      Refusal(absl::StrCat("<?xml version=\"1.0\"?>\n<!DOCTYPE Document>\n", after_decl)).message(),
      "DOCTYPE"));
  std::string bomb = "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\">";
  for (int i = 0; i < 10000; ++i) bomb += "<a>";
  EXPECT_EQ(Refusal(bomb).code(), absl::StatusCode::kInvalidArgument);
}

std::string Sample(const std::string& name) {
  std::ifstream f(std::string(TEST_DATA_DIR) + "/camt/" + name, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// Public sample files (tests/data/camt/SOURCES.md), read as written: they are valid against
// their schemas, and what they hold is what the ledger says it is. (They are Swiss and EUR
// examples: an outgoing payment with its transactions, a statement whose transaction is in
// another currency than its entry.)
TEST(CamtTest, PublicSamplesAreReadAsWritten) {
  absl::Status v2 = ParseCamt(Sample("genkgo_camt054.001.02.xml")).status();
  EXPECT_TRUE(absl::StrContains(v2.message(), "holds no incoming payment")) << v2;
  // Its credits inside a debit entry are read: they are in CHF on a SEK account.
  absl::Status v8 = ParseCamt(Sample("genkgo_camt054.001.08.xml")).status();
  EXPECT_TRUE(absl::StrContains(v8.message(), "the transaction is in CHF, its entry in SEK")) << v8;
  absl::Status s = ParseCamt(Sample("genkgo_camt053.001.08.xml")).status();
  EXPECT_TRUE(absl::StrContains(s.message(), "the transaction is in SEK, its entry in EUR")) << s;
  absl::Status v4 = ParseCamt(Sample("viafintech_camt054.001.04_batch.xml")).status();
  EXPECT_TRUE(absl::StrContains(v4.message(), "the message is camt.054.001.04")) << v4;
}

TEST(PaymentFilesTest, TheFormatIsRecognisedOrCheckedAgainstTheOneAskedFor) {
  BgMaxFile bg;
  bg.version = 1;
  bg.timestamp = "20261201060000000000";
  BgMaxDeposit d;
  d.bankgiro = "9912346";
  d.currency = "SEK";
  d.bank_account = "991234";
  d.payment_date = Date(2026, 12, 1);
  d.serial = 1;
  BgMaxPayment p;
  p.reference = "18";
  p.amount = Money::FromOre(1000);
  p.reference_code = kBgMaxRefOcr;
  p.channel_code = 1;
  p.bgc_serial = "000000000001";
  d.payments.push_back(p);
  d.amount = p.amount;
  bg.deposits.push_back(d);
  const std::string bgmax = WriteBgMax(bg);
  const std::string camt = WriteCamt(OneEntry(2, {Tx(1000, "18")}));
  absl::StatusOr<IncomingPaymentFile> f = ReadPaymentFile(bgmax, PaymentFileFormat::kAuto);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->format, "BGMAX");
  f = ReadPaymentFile(absl::StrCat("\xEF\xBB\xBF", camt), PaymentFileFormat::kAuto);  // with a BOM
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->format, "CAMT054");
  EXPECT_TRUE(absl::StrContains(ReadPaymentFile(camt, PaymentFileFormat::kCamt053).status().message(),
                                "the file is CAMT054, not CAMT053"));
  EXPECT_TRUE(
      absl::StrContains(ReadPaymentFile(camt, PaymentFileFormat::kBgMax).status().message(), "not BgMax"));
  EXPECT_EQ(ReadPaymentFile("hello", PaymentFileFormat::kAuto).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadPaymentFile(camt, static_cast<PaymentFileFormat>(9)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace reskontra
