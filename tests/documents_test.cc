// Issue 25: the letters of a dunning run as PDF. The domain decides what a letter says
// (DunningLetterDocument), the renderer draws it (documents/pdf.h); the tests read the PDF back
// with pdftotext (poppler-utils) and check what each letter must carry, and that a reprint is
// byte-identical.
#include "domain/documents.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "documents/pdf.h"
#include "domain/dunning.h"
#include "domain/state.h"
#include "tests/domain_fixture.h"
#include "tests/pdf_text.h"
#include "tests/test_util.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT

constexpr InvoiceNumber kInv = 10001001;  // 1 250,00 kr, due 2026-10-31

class DocumentsTest : public DomainFixture {
 protected:
  DocumentsTest() : DomainFixture(Date(2026, 11, 1)) {}
  void SetUp() override {
    for (const Command& c : ReferenceRateCommands()) Must(c);
    Must(CompanyCmd());
    Command customer = CustomerCmd("10001");
    auto& reg = std::get<RegisterCustomer>(customer.body);
    reg.details.name = "Åsa Öberg-Ångström";
    reg.details.street = "Storgatan 12 B";
    reg.details.postal_code = "411 38";
    reg.details.city = "Göteborg";
    Must(customer);
    Must(InvoiceCmd(kInv, "10001", 100000));
    SetPaymentSettings settings;
    settings.bankgiro = "9912346";
    Must(Command{Meta("settings"), settings});
    DunningPolicySet p = DefaultDunningPolicy();
    p.fees_agreed = true;
    p.reminder1.charged = true;
    p.reminder1.print_interest = false;  // the reminder does not state the interest; the inkassokrav must
    p.demand.charged = true;
    Must(Command{Meta("policy"), SetDunningPolicy{p}});
  }
  // A run on `date`: the letters' documents, from the state just after the run.
  std::vector<DocumentContent> RunOn(Date date) {
    today_ = date;
    absl::StatusOr<std::vector<Event>> events =
        Decide(state_, Command{Meta(absl::StrCat("run-", FormatDate(date))), RunDunning{date, {}}},
               DecideContext{TestNow(), today_});
    EXPECT_TRUE(events.ok()) << events.status();
    std::vector<DocumentContent> out;
    if (!events.ok()) return out;
    for (const Event& e : *events) EXPECT_TRUE(Apply(state_, e).ok());
    for (const Event& e : *events) {
      if (const auto* l = std::get_if<DunningStepIssued>(&e.body)) {
        absl::StatusOr<DocumentContent> d = DunningLetterDocument(state_, 1, *l, e.meta);
        EXPECT_TRUE(d.ok()) << d.status();
        if (d.ok()) out.push_back(*d);
      }
    }
    return out;
  }
};

TEST_F(DocumentsTest, AReminderSaysWhatIsOwedAndHowToPayIt) {
  std::vector<DocumentContent> letters = RunOn(Date(2026, 11, 12));
  ASSERT_EQ(letters.size(), 1u);
  const DocumentContent& d = letters[0];
  EXPECT_EQ(d.kind, DocumentKind::kReminder1);
  EXPECT_EQ(d.title, "PÅMINNELSE");
  // The claim and the 60 kr fee charged with the letter; the rows add up to what is owed.
  Money sum;
  for (const DocumentRow& r : d.rows) sum += r.amount;
  EXPECT_EQ(sum, d.total);
  EXPECT_EQ(d.total, Money::FromOre(125000 + 6000));
  ASSERT_TRUE(d.payment.has_value());
  EXPECT_EQ(d.payment->bankgiro, "991-2346");
  EXPECT_EQ(d.payment->ocr, state_.FindInvoice(1, kInv)->ocr_reference);
  EXPECT_EQ(d.payment->due, Date(2026, 11, 22));

  absl::StatusOr<std::string> pdf = RenderPdf(letters);
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  EXPECT_TRUE(absl::StartsWith(*pdf, "%PDF-"));
  const std::string text = PdfText(*pdf);
  for (const std::string& want :
       {std::string("PÅMINNELSE"), std::string("Åsa Öberg-Ångström"), std::string("411 38"),
        std::string("Göteborg"), std::string("010001001"), d.payment->ocr, std::string("991-2346"),
        std::string("1 310,00"), std::string("1 250,00"), std::string("60,00"),
        std::string("Påminnelseavgift"), std::string("2026-11-22"), std::string("Betalningsinformation")}) {
    EXPECT_TRUE(absl::StrContains(text, want)) << "missing '" << want << "' in:\n" << text;
  }
  EXPECT_FALSE(absl::StrContains(text, "Dröjsmålsränta")) << "the policy does not print it on a reminder";
  // A reprint from the same state is the same bytes.
  absl::StatusOr<std::string> again = RenderPdf(letters);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *pdf);
}

// Inkassolagen 5 §: the claim and its basis, the interest separately (rate, period, base), the
// costs, at least eight days to pay, where to object, and what happens otherwise.
TEST_F(DocumentsTest, AnInkassokravCarriesWhatInkassolagenRequires) {
  ASSERT_EQ(RunOn(Date(2026, 11, 12)).size(), 1u);
  std::vector<DocumentContent> letters = RunOn(Date(2026, 11, 27));
  ASSERT_EQ(letters.size(), 1u);
  const DocumentContent& d = letters[0];
  EXPECT_EQ(d.kind, DocumentKind::kCollectionDemand);
  ASSERT_TRUE(d.payment.has_value());
  EXPECT_GE(d.payment->due - d.date, 8);
  absl::StatusOr<std::string> pdf = RenderPdf(letters);
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  const std::string text = PdfText(*pdf);
  for (const char* want : {"KRAVBREV", "Handläggare", "Inkassoavgift", "180,00", "Påminnelseavgift",
                           "Dröjsmålsränta", "10,00 % per år", "från 2026-11-03", "Kronofogden",
                           "höra av dig", "betalningsanmärkning", "2026-12-07"}) {
    EXPECT_TRUE(absl::StrContains(text, want)) << "missing '" << want << "' in:\n" << text;
  }
}

// With the interest charged at the inkassokrav (uppdebitering), the letter still states it with
// its rate, period and base, and says that the amount to pay includes it. 11-03..11-27, 25 days
// on 1 250 kr at 10 %: 856,16 öre -> 8,56 kr.
TEST_F(DocumentsTest, InterestChargedAtTheInkassokravIsStatedAndIncluded) {
  DunningPolicySet p = DefaultDunningPolicy();
  p.fees_agreed = true;
  p.reminder1.charged = true;
  p.demand.charged = true;
  p.demand.print_interest = true;
  p.charge_interest_at_demand = true;
  Must(Command{Meta("policy-charge"), SetDunningPolicy{p}});
  ASSERT_EQ(RunOn(Date(2026, 11, 12)).size(), 1u);
  std::vector<DocumentContent> letters = RunOn(Date(2026, 11, 27));
  ASSERT_EQ(letters.size(), 1u);
  bool row = false;
  for (const DocumentRow& r : letters[0].rows)
    row |= r.text == "Påförd dröjsmålsränta" && r.amount.ore() == 856;
  EXPECT_TRUE(row);
  absl::StatusOr<std::string> pdf = RenderPdf(letters);
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  const std::string text = PdfText(*pdf);
  for (const char* want :
       {"10,00 % per år", "från 2026-11-03", "är den 8,56 kr", "ingår i beloppet att betala"})
    EXPECT_TRUE(absl::StrContains(text, want)) << "missing '" << want << "' in:\n" << text;
}

TEST_F(DocumentsTest, NothingToPrintIsNoFile) {
  absl::StatusOr<std::string> pdf = RenderPdf({});
  EXPECT_EQ(pdf.status().code(), absl::StatusCode::kInvalidArgument);
}

// The text register (handbook 7.4-7.6, 7.9): rows checked against the kind's and form's limits
// when stored, placeholders at their widest, never cut at printing.
TEST_F(DocumentsTest, ATextIsCheckedAgainstItsLimitsWhenStored) {
  auto text = [](LetterTextKind kind, LetterForm form, std::vector<std::string> rows, int32_t number = 1) {
    return LetterTextSet{kind, number, form, std::move(rows)};
  };
  const std::string row53(53, 'x'), row54(54, 'x');
  EXPECT_TRUE(ValidateLetterText(text(LetterTextKind::kReminder, LetterForm::kInvoiceForm, {row53})).ok());
  EXPECT_FALSE(ValidateLetterText(text(LetterTextKind::kReminder, LetterForm::kInvoiceForm, {row54})).ok());
  EXPECT_TRUE(ValidateLetterText(text(LetterTextKind::kReminder, LetterForm::kDatapost, {row54})).ok());
  EXPECT_FALSE(ValidateLetterText(
                   text(LetterTextKind::kCollectionDemand, LetterForm::kDatapost, {std::string(78, 'x')}))
                   .ok());
  // Characters, not bytes: 53 letters å are 106 bytes and fit.
  std::string aa;
  for (int i = 0; i < 53; ++i) aa += "å";
  EXPECT_TRUE(ValidateLetterText(text(LetterTextKind::kReminder, LetterForm::kInvoiceForm, {aa})).ok());
  // {företag} counts as 30: 24 + 30 = 54 does not fit the invoice form.
  absl::Status wide = ValidateLetterText(
      text(LetterTextKind::kReminder, LetterForm::kInvoiceForm, {std::string(24, 'x') + "{företag}"}));
  EXPECT_EQ(wide.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(wide.message(), "row 1 needs 54 characters")) << wide;
  absl::Status unknown =
      ValidateLetterText(text(LetterTextKind::kReminder, LetterForm::kInvoiceForm, {"Hej {namn}!"}));
  EXPECT_TRUE(absl::StrContains(unknown.message(), "'{namn}' is not a placeholder")) << unknown;
  // Restkrav: the invoice form only, 11 rows; hot om BF: 70 characters.
  EXPECT_FALSE(ValidateLetterText(text(LetterTextKind::kResidualDemand, LetterForm::kDatapost, {"x"})).ok());
  EXPECT_FALSE(ValidateLetterText(text(LetterTextKind::kResidualDemand, LetterForm::kInvoiceForm,
                                       std::vector<std::string>(12, "x")))
                   .ok());
  EXPECT_TRUE(ValidateLetterText(text(LetterTextKind::kResidualDemand, LetterForm::kInvoiceForm,
                                      std::vector<std::string>(11, "x")))
                  .ok());
  EXPECT_TRUE(
      ValidateLetterText(text(LetterTextKind::kThreat, LetterForm::kInvoiceForm, {std::string(70, 'x')}))
          .ok());
  EXPECT_FALSE(
      ValidateLetterText(text(LetterTextKind::kThreat, LetterForm::kInvoiceForm, {std::string(71, 'x')}))
          .ok());
  EXPECT_FALSE(ValidateLetterText(text(LetterTextKind::kReminder, LetterForm::kInvoiceForm, {"", " "})).ok());
  EXPECT_FALSE(ValidateLetterText(text(LetterTextKind::kReminder, LetterForm::kInvoiceForm, {"x"}, 0)).ok());
  EXPECT_FALSE(ValidateLetterText(text(LetterTextKind::kReminder, LetterForm::kInvoiceForm, {"x"}, 10)).ok());
}

// The policy's text number picks the words of the letter from the register; an inkassokrav
// keeps what inkassolagen 5 § asks whatever its text says.
TEST_F(DocumentsTest, ThePolicysTextNumberPicksTheWords) {
  DunningPolicySet p = *state_.FindCompany(1)->DunningPolicyFor(0);
  p.reminder1.text_number = 2;
  Refused(SetDunningPolicy{p}, absl::StatusCode::kFailedPrecondition, "text 2 is not in the register");
  Must(SetLetterText{LetterTextSet{LetterTextKind::kReminder,
                                   2,
                                   LetterForm::kDatapost,
                                   {"Hej! Enligt våra noteringar är faktura", "{fakturanummer} obetald.", "",
                                    "Betala senast {betala_senast} till {företag}."}}});
  Refused(SetLetterText{LetterTextSet{LetterTextKind::kReminder,
                                      2,
                                      LetterForm::kDatapost,
                                      {"Hej! Enligt våra noteringar är faktura", "{fakturanummer} obetald.",
                                       "", "Betala senast {betala_senast} till {företag}."}}},
          absl::StatusCode::kAlreadyExists);
  p.demand.text_number = 1;
  Must(SetLetterText{LetterTextSet{LetterTextKind::kCollectionDemand,
                                   1,
                                   LetterForm::kDatapost,
                                   {"Inkassokrav från {företag}: betala senast {betala_senast}."}}});
  Must(SetDunningPolicy{p});

  std::vector<DocumentContent> letters = RunOn(Date(2026, 11, 12));
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_EQ(letters[0].before,
            (std::vector<std::string>{"Hej! Enligt våra noteringar är faktura 010001001 obetald.",
                                      "Betala senast 2026-11-22 till Exempelkommun."}));
  for (const std::string& p : letters[0].after) EXPECT_FALSE(absl::StrContains(p, "bortse")) << p;

  letters = RunOn(Date(2026, 11, 27));
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_EQ(letters[0].before,
            std::vector<std::string>{"Inkassokrav från Exempelkommun: betala senast 2026-12-07."});
  absl::StatusOr<std::string> pdf = RenderPdf(letters);
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  const std::string text = PdfText(*pdf);
  for (const char* want : {"Inkassokrav från Exempelkommun", "höra av dig", "Kronofogden"})
    EXPECT_TRUE(absl::StrContains(text, want)) << "missing '" << want << "' in:\n" << text;
}

// A fakturakopia, made from the state and the invoice's events: the lines as issued with their
// VAT, what is left after a payment, and the payment information with its QR code.
TEST_F(DocumentsTest, ACopyShowsTheInvoiceAsIssuedAndWhatIsLeft) {
  Must(PaymentCmd("pay-500", kInv, 50000, Date(2026, 10, 20)));
  DocumentProduced d{ProducedDocument::kInvoiceCopy, 1, today_, -1, {kInv}, "Anna Lind", false, "", 0, 0};
  absl::StatusOr<DocumentContent> doc = InvoiceDocument(
      *state_.FindCompany(1), *state_.FindCustomer(1, "10001"), *state_.FindInvoice(1, kInv), d, journal_);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->kind, DocumentKind::kInvoiceCopy);
  EXPECT_EQ(doc->title, "FAKTURAKOPIA");
  ASSERT_EQ(doc->rows.size(), 1u);
  EXPECT_EQ(doc->rows[0].text, "Lokalhyra");
  EXPECT_EQ(doc->rows[0].amount, Money::FromOre(125000));
  EXPECT_EQ(doc->total, Money::FromOre(125000));
  ASSERT_TRUE(doc->payment.has_value());
  EXPECT_EQ(doc->payment->amount, Money::FromOre(75000));
  EXPECT_EQ(doc->payment->due, Date(2026, 10, 31));
  EXPECT_EQ(doc->payment->bankgiro, "991-2346");
  EXPECT_EQ(doc->payment->qr,
            absl::StrCat("{\"uqr\":1,\"tp\":1,\"nme\":\"Exempelkommun\",\"cc\":\"SE\",\"iref\":\"",
                         doc->payment->ocr,
                         "\",\"idt\":\"20261001\",\"ddt\":\"20261031\",\"due\":750.00,\"cur\":\"SEK\","
                         "\"pt\":\"BG\",\"acc\":\"991-2346\"}"));

  absl::StatusOr<std::string> pdf = RenderPdf({*doc});
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  const std::string text = PdfText(*pdf);
  for (const char* want : {"FAKTURAKOPIA", "Kopia av faktura", "Lokalhyra", "Fakturabelopp",
                           "Varav moms 25 %", "250,00 kr (underlag 1 000,00 kr)", "återstår 750,00 kr",
                           "Handläggare", "Anna Lind", "991-2346", "2026-10-31", "Åsa Öberg-Ångström"})
    EXPECT_TRUE(absl::StrContains(text, want)) << "missing '" << want << "' in:\n" << text;
  // The QR code reads back as the payment it encodes.
  EXPECT_EQ(PdfQrCodes(*pdf), doc->payment->qr);
}

// Ersättningsfaktura (handbook 6.3): the remaining amount, with the payments and credits made
// listed; only with a due date still ahead (the handbook: move it first).
TEST_F(DocumentsTest, AReplacementInvoiceListsThePaymentsAndTheRest) {
  Must(PaymentCmd("pay-500", kInv, 50000, Date(2026, 10, 20)));
  CreditInvoice credit;
  credit.invoice_number = kInv;
  credit.amount = Money::FromOre(10000);
  credit.credit_note_number = "K-17";
  Must(credit);
  // A payment reversed (booked on the wrong invoice) is listed, and its reversal.
  Must(PaymentCmd("pay-wrong", kInv, 20000, Date(2026, 11, 1)));
  Must(ReversePayment{"command-pay-wrong", "fel faktura"});
  DocumentProduced d{ProducedDocument::kReplacementInvoice, 1, today_, -1, {kInv}, "", false, "", 0, 0};
  absl::StatusOr<DocumentContent> late = InvoiceDocument(
      *state_.FindCompany(1), *state_.FindCustomer(1, "10001"), *state_.FindInvoice(1, kInv), d, journal_);
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition) << late.status();
  EXPECT_TRUE(absl::StrContains(late.status().message(), "move it first")) << late.status();

  Must(ChangeDueDate{kInv, Date(2026, 11, 20), "ersättningsfaktura"});
  absl::StatusOr<DocumentContent> doc = InvoiceDocument(
      *state_.FindCompany(1), *state_.FindCustomer(1, "10001"), *state_.FindInvoice(1, kInv), d, journal_);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->title, "ERSÄTTNINGSFAKTURA");
  ASSERT_EQ(doc->rows.size(), 5u);
  EXPECT_EQ(doc->rows[3].text, "Inbetalning 2026-11-01");
  EXPECT_EQ(doc->rows[3].amount, Money::FromOre(-20000));
  EXPECT_EQ(doc->rows[4].text, "Återförd inbetalning 2026-11-01");
  EXPECT_EQ(doc->rows[4].amount, Money::FromOre(20000));
  EXPECT_EQ(doc->rows[0].amount, Money::FromOre(125000));
  EXPECT_EQ(doc->rows[1].text, "Inbetalning 2026-10-20");
  EXPECT_EQ(doc->rows[1].detail, "Manuell inbetalning");
  EXPECT_EQ(doc->rows[1].amount, Money::FromOre(-50000));
  EXPECT_EQ(doc->rows[2].text, "Kreditering 2026-11-01");
  EXPECT_EQ(doc->rows[2].detail, "kreditfaktura K-17");
  EXPECT_EQ(doc->rows[2].amount, Money::FromOre(-10000));
  EXPECT_EQ(doc->total, Money::FromOre(65000));
  ASSERT_TRUE(doc->payment.has_value());
  EXPECT_EQ(doc->payment->amount, Money::FromOre(65000));
  EXPECT_EQ(doc->payment->due, Date(2026, 11, 20));
  absl::StatusOr<std::string> pdf = RenderPdf({*doc});
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  const std::string text = PdfText(*pdf);
  for (const char* want : {"ERSÄTTNINGSFAKTURA", "ersätter faktura", "Inbetalning 2026-10-20",
                           "kreditfaktura K-17", "Att betala", "650,00", "2026-11-20"})
    EXPECT_TRUE(absl::StrContains(text, want)) << "missing '" << want << "' in:\n" << text;

  // Nothing left to pay: no replacement invoice.
  Must(PaymentCmd("pay-rest", kInv, 65000, Date(2026, 11, 1)));
  EXPECT_EQ(InvoiceDocument(*state_.FindCompany(1), *state_.FindCustomer(1, "10001"),
                            *state_.FindInvoice(1, kInv), d, journal_)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

// A claim handed to a collection agency is paid there: its copy carries no payment slip and
// says where to pay; no replacement invoice.
TEST_F(DocumentsTest, AClaimWithTheCollectionAgencyGetsNoPaymentSlip) {
  ASSERT_EQ(RunOn(Date(2026, 11, 12)).size(), 1u);
  ASSERT_EQ(RunOn(Date(2026, 11, 27)).size(), 1u);
  today_ = Date(2026, 12, 10);
  TransferToCollection t;
  t.days = 10;
  t.agency = "Svea Inkasso";
  Must(DefineDunningCode{DunningCodeDefined{9, "Inkasso", kCodeFlagsAll}});
  t.code = 9;
  Must(t);
  const Invoice& inv = *state_.FindInvoice(1, kInv);
  ASSERT_TRUE(inv.balance().is_positive());
  DocumentProduced d{ProducedDocument::kInvoiceCopy, 1, today_, -1, {kInv}, "", false, "", 0, 0};
  absl::StatusOr<DocumentContent> copy =
      InvoiceDocument(*state_.FindCompany(1), *state_.FindCustomer(1, "10001"), inv, d, journal_);
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_FALSE(copy->payment.has_value());
  bool says = false;
  for (const std::string& p : copy->after) says |= absl::StrContains(p, "Svea Inkasso");
  EXPECT_TRUE(says);
  d.kind = ProducedDocument::kReplacementInvoice;
  absl::StatusOr<DocumentContent> replacement =
      InvoiceDocument(*state_.FindCompany(1), *state_.FindCustomer(1, "10001"), inv, d, journal_);
  EXPECT_EQ(replacement.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(replacement.status().message(), "Svea Inkasso")) << replacement.status();
}

TEST_F(DocumentsTest, TheQrTextEscapesTheName) {
  DocumentParty sender{"Bolaget \"Ett\" \\ Två", {}, "556677-8899"};
  PaymentInstruction p{"991-2346", "1000100112", Money::FromOre(123456), Date(2026, 12, 31), ""};
  EXPECT_EQ(PaymentQr(sender, p, Date(2026, 12, 7)),
            "{\"uqr\":1,\"tp\":1,\"nme\":\"Bolaget \\\"Ett\\\" \\\\ Två\",\"cc\":\"SE\","
            "\"cid\":\"556677-8899\",\"iref\":\"1000100112\",\"idt\":\"20261207\",\"ddt\":\"20261231\","
            "\"due\":1234.56,\"cur\":\"SEK\",\"pt\":\"BG\",\"acc\":\"991-2346\"}");
}

// Recording a produced document: its inputs are checked, and it is one more event on the
// stream of each claim it is about.
TEST_F(DocumentsTest, RecordingADocumentChecksItsInputs) {
  const std::string sha(64, 'c');
  auto decide = [&](DocumentProduced d) {
    return Decide(state_, Command{Meta(absl::StrCat("doc-", ++seq_)), RecordDocument{std::move(d)}},
                  DecideContext{TestNow(), today_, 100, ""});
  };
  const DocumentProduced good{
      ProducedDocument::kInvoiceCopy, 100, today_, -1, {kInv}, "Anna", true, sha, 4000, 1};
  absl::StatusOr<std::vector<Event>> events = decide(good);
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ(std::get<DocumentProduced>((*events)[0].body), good);
  // It changes nothing the ledger decides by, not the claim's version either (a copy printed
  // does not disturb a clerk's change or a waiting approval).
  const LedgerState before = state_;
  ASSERT_TRUE(Apply(state_, (*events)[0]).ok());
  EXPECT_EQ(state_, before);

  auto refused = [&](DocumentProduced d, absl::StatusCode code, absl::string_view part) {
    absl::StatusOr<std::vector<Event>> e = decide(std::move(d));
    ASSERT_FALSE(e.ok()) << part;
    EXPECT_EQ(e.status().code(), code) << e.status();
    EXPECT_TRUE(absl::StrContains(e.status().message(), part)) << e.status();
  };
  DocumentProduced d = good;
  d.sha256 = std::string(64, 'C');
  refused(d, absl::StatusCode::kInvalidArgument, "sha256");
  d = good;
  d.sha256.pop_back();
  refused(d, absl::StatusCode::kInvalidArgument, "sha256");
  d = good;
  d.source_position = 101;
  refused(d, absl::StatusCode::kInvalidArgument, "not in the journal");
  d = good;
  d.invoices = {10001999};
  refused(d, absl::StatusCode::kNotFound, "10001999");
  d = good;
  d.handler = std::string(31, 'x');
  refused(d, absl::StatusCode::kInvalidArgument, "handläggare");
  d = good;
  d.invoices = {kInv, kInv};
  refused(d, absl::StatusCode::kInvalidArgument, "one invoice");
  d.kind = ProducedDocument::kDunningLetters;
  d.original_date = false;
  refused(d, absl::StatusCode::kInvalidArgument, "listed twice");
  // A run's print file may name claims archived since the run; not malformed numbers.
  d.invoices = {kInv, 10001999};
  EXPECT_TRUE(decide(d).ok());
  d.invoices = {0};
  refused(d, absl::StatusCode::kInvalidArgument, "");
  d = good;
  d.kind = ProducedDocument::kReplacementInvoice;
  refused(d, absl::StatusCode::kInvalidArgument, "only a copy");
  d = good;
  d.pages = 0;
  refused(d, absl::StatusCode::kInvalidArgument, "pages");
}

// Ej faktura (issue 23, item 11): a kravkod with the flag keeps the invoice from being printed
// while it is in force, and only then; a code without the flag, or none, prints.
TEST_F(DocumentsTest, EjFakturaStopsPrintingWhileTheCodeIsInForce) {
  const Company& co = *state_.FindCompany(1);
  EXPECT_TRUE(InvoicePrintable(co, *state_.FindInvoice(1, kInv), today_).ok());
  Must(DefineDunningCode{DunningCodeDefined{3, "Ej fakt", kCodeNoInvoice}});
  Must(DefineDunningCode{DunningCodeDefined{4, "Ej påm", kCodeNoReminder1}});
  Must(AssignDunningCode{kInv, 4, std::nullopt});
  EXPECT_TRUE(InvoicePrintable(*state_.FindCompany(1), *state_.FindInvoice(1, kInv), today_).ok());
  Must(AssignDunningCode{kInv, 3, Date(2026, 11, 10)});
  const absl::Status held = InvoicePrintable(*state_.FindCompany(1), *state_.FindInvoice(1, kInv), today_);
  EXPECT_EQ(held.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(held.message(), "kravkod 3 (Ej fakt) says Ej faktura until 2026-11-10"))
      << held.message();
  EXPECT_FALSE(
      InvoicePrintable(*state_.FindCompany(1), *state_.FindInvoice(1, kInv), Date(2026, 11, 10)).ok());
  EXPECT_TRUE(
      InvoicePrintable(*state_.FindCompany(1), *state_.FindInvoice(1, kInv), Date(2026, 11, 11)).ok());
}

// A list draws every row under its column heads, over as many pages as it needs; a row without
// a cell per column is refused.
TEST(ListPdfTest, ARowPerLineOverPagesAndBadRowsRefused) {
  ListContent l;
  l.title = "KONTROLLISTA";
  l.company = "Exempelkommun";
  l.date = Date(2026, 11, 20);
  l.columns = {{"Faktura", false, 3}, {"Namn", false, 12}, {"Belopp", true, 1}};
  for (int i = 0; i < 120; ++i)
    l.rows.push_back({{FormatInvoiceNumber(10009000 + i), "Åsa Öberg-Ångström", absl::StrCat(i, ",00")}});
  l.totals = {"Summa", "", "123 456 789,00"};  // wider than its column: set smaller, never cut
  int pages = 0;
  absl::StatusOr<std::string> pdf = RenderListPdf(l, &pages);
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  EXPECT_GE(pages, 3);
  const std::string text = PdfText(*pdf);
  for (const char* want : {"KONTROLLISTA", "Exempelkommun", "010009000", "010009119", "Åsa Öberg-Ångström",
                           "119,00", "123 456 789,00", "sida 1", "(forts.)"})
    EXPECT_TRUE(absl::StrContains(text, want)) << "missing '" << want << "'";
  EXPECT_EQ(*RenderListPdf(l), *pdf);  // a function of the list only
  l.rows.push_back({{"only one cell"}});
  EXPECT_EQ(RenderListPdf(l).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace reskontra
