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

}  // namespace
}  // namespace reskontra
