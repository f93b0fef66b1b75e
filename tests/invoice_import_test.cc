// Issue 26: an invoice file imported as one command (domain/invoice_import.h): customers
// registered or changed, invoices issued and numbered per routine (handbook 9.1), all or nothing.
#include "domain/invoice_import.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "tests/domain_fixture.h"
#include "tests/test_util.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT

const std::string kFingerprint(64, 'a');

InvoiceFileInvoice Inv(InvoiceNumber n, const std::string& customer, int64_t net_ore, int line,
                       int32_t routine = 0, const std::string& source = "") {
  InvoiceFileInvoice i;
  i.invoice_number = n;
  i.routine = routine;
  i.source_id = source;
  i.customer_number = customer;
  i.invoice_date = Date(2026, 11, 1);
  i.due_date = Date(2026, 12, 1);
  i.lines.push_back(InvoiceFileLine{"Hyra", Money::FromOre(net_ore), 2500, 3041});
  i.line = line;
  return i;
}

InvoiceFileCustomer Cust(const std::string& number, const std::string& name, int line) {
  InvoiceFileCustomer c;
  c.customer_number = number;
  c.details.name = name;
  c.details.national_id = Pnr("811228987");
  c.details.country = "SE";
  c.details_given = !name.empty();
  c.line = line;
  return c;
}

class InvoiceImportTest : public DomainFixture {
 protected:
  InvoiceImportTest() : DomainFixture(Date(2026, 11, 5)) {}
  void SetUp() override {
    Must(CompanyCmd());
    Must(CustomerCmd("10001"));
    Must(InvoiceCmd(20000007, "10001", 10000));  // routine 2 has used 0000007
  }
  ImportInvoiceFile File(std::vector<InvoiceFileCustomer> customers, std::vector<InvoiceFileInvoice> invoices,
                         const std::string& fingerprint = kFingerprint) {
    ImportInvoiceFile c;
    c.file.format = "CSV";
    c.file.customers = std::move(customers);
    c.file.invoices = std::move(invoices);
    c.fingerprint = fingerprint;
    return c;
  }
};

TEST_F(InvoiceImportTest, NumbersFollowTheRoutinesLastUsedNumber) {
  EXPECT_EQ(*NextInvoiceNumber(state_, 1, 2), 20000008);
  EXPECT_EQ(*NextInvoiceNumber(state_, 1, 3), 30000001);  // a routine not used yet
  EXPECT_EQ(NextInvoiceNumber(state_, 1, 100).status().code(), absl::StatusCode::kInvalidArgument);
  // Two to be numbered in routine 2 and one the file numbers itself above the last used: the
  // ledger's numbers go above the file's too. A new customer is registered from the file.
  std::vector<Event> events = Must(File({Cust("10001", "", 2), Cust("20001", "Bygg AB", 3)},
                                        {Inv(0, "10001", 10000, 2, 2, "A"), Inv(20000020, "20001", 20000, 3),
                                         Inv(0, "20001", 30000, 4, 2, "B")}));
  ASSERT_FALSE(events.empty());
  const auto* receipt = std::get_if<InvoiceFileImported>(&events.front().body);
  ASSERT_NE(receipt, nullptr);
  EXPECT_EQ(receipt->invoices, 3);
  EXPECT_EQ(receipt->numbers, (std::vector<InvoiceNumber>{20000021, 20000020, 20000022}));
  EXPECT_EQ(receipt->source_ids, (std::vector<std::string>{"A", "", "B"}));
  EXPECT_EQ(receipt->total, Money::FromOre((10000 + 20000 + 30000) * 125 / 100));
  EXPECT_EQ(receipt->customers_registered, 1);
  EXPECT_EQ(receipt->customers_changed, 0);
  ASSERT_NE(state_.FindCustomer(1, "20001"), nullptr);
  EXPECT_EQ(state_.FindCustomer(1, "20001")->details.name, "Bygg AB");
  for (InvoiceNumber n : {20000020, 20000021, 20000022}) EXPECT_NE(state_.FindInvoice(1, n), nullptr) << n;
  EXPECT_EQ(*NextInvoiceNumber(state_, 1, 2), 20000023);
  // The same bytes again: refused, nothing written.
  Refused(File({}, {Inv(0, "10001", 100, 2, 2)}), absl::StatusCode::kFailedPrecondition, "imported before");
}

TEST_F(InvoiceImportTest, AKnownCustomerIsChangedOnlyWhenTheFileSaysOtherwise) {
  const int64_t version = state_.FindCustomer(1, "10001")->version;
  InvoiceFileCustomer same = Cust("10001", "x", 2);
  same.details = state_.FindCustomer(1, "10001")->details;
  std::vector<Event> events = Must(File({same}, {Inv(0, "10001", 100, 2, 2)}));
  EXPECT_EQ(std::get<InvoiceFileImported>(events.front().body).customers_changed, 0);
  InvoiceFileCustomer moved = same;
  moved.details.street = "Nygatan 3";
  events = Must(File({moved}, {Inv(0, "10001", 100, 2, 2)}, std::string(64, 'b')));
  EXPECT_EQ(std::get<InvoiceFileImported>(events.front().body).customers_changed, 1);
  EXPECT_EQ(state_.FindCustomer(1, "10001")->details.street, "Nygatan 3");
  // A file that leaves the address out does not blank it.
  InvoiceFileCustomer renamed = moved;
  renamed.details.name = "Anna Nyström";
  renamed.details.street.clear();
  Must(File({renamed}, {Inv(0, "10001", 100, 2, 2)}, std::string(64, 'd')));
  EXPECT_EQ(state_.FindCustomer(1, "10001")->details.name, "Anna Nyström");
  EXPECT_EQ(state_.FindCustomer(1, "10001")->details.street, "Nygatan 3");
  EXPECT_GT(state_.FindCustomer(1, "10001")->version, version);
}

TEST_F(InvoiceImportTest, EveryRefusalIsNamedByItsLineAndNothingIsWritten) {
  Refused(File({Cust("10001", "", 2), Cust("99999", "", 3), Cust("20001", "Bygg AB", 4)},
               {Inv(20000007, "10001", 100, 2),  // the number is taken
                Inv(0, "99999", 100, 3, 2),      // an unknown customer without details
                Inv(20000030, "20001", 0, 4),    // a zero invoice
                Inv(20000031, "20001", 100, 5), Inv(20000031, "20001", 100, 6)}),  // twice in the file
          absl::StatusCode::kInvalidArgument, "nothing imported");
  absl::StatusOr<std::vector<Event>> events = DecideInvoiceImport(
      state_, Meta("file"),
      File({Cust("10001", "", 2), Cust("99999", "", 3), Cust("20001", "Bygg AB", 4)},
           {Inv(20000007, "10001", 100, 2), Inv(0, "99999", 100, 3, 2), Inv(20000030, "20001", 0, 4),
            Inv(20000031, "20001", 100, 5), Inv(20000031, "20001", 100, 6)}),
      DecideContext{TestNow(), today_});
  ASSERT_FALSE(events.ok());
  const std::string m(events.status().message());
  for (const char* want : {"line 3: customer 99999 is not in the ledger and the file gives no name",
                           "line 6: invoice 020000031 is in the file twice",
                           "line 2: invoice 020000007 already exists in company 1",
                           "line 4: invoice 020000030: an invoice of 0,00 kr is no claim"})
    EXPECT_TRUE(absl::StrContains(m, want)) << "missing '" << want << "' in: " << m;
  Refused(File({}, {}), absl::StatusCode::kInvalidArgument, "no invoices");
  ImportInvoiceFile bad = File({}, {Inv(0, "10001", 100, 2, 2)});
  bad.fingerprint = "not-hex";
  Refused(bad, absl::StatusCode::kInvalidArgument, "fingerprint");
}

// A billing system's invoice is issued once: a regenerated file (other bytes, the same kalla_id
// in the same routine) is refused naming the invoice it became; another routine is another
// billing system, with ids of its own.
TEST_F(InvoiceImportTest, ABillingSystemsInvoiceIsIssuedOnce) {
  Must(File({}, {Inv(0, "10001", 10000, 2, 2, "F-17"), Inv(20000040, "10001", 500, 3, 0, "F-18")}));
  EXPECT_EQ(state_.invoice_sources.at({1, 2, "F-17"}), 20000041);  // above the file's own number
  EXPECT_EQ(state_.invoice_sources.at({1, 2, "F-18"}), 20000040);
  Refused(File({}, {Inv(0, "10001", 10000, 2, 2, "F-17")}, std::string(64, 'b')),
          absl::StatusCode::kInvalidArgument,
          "line 2: kalla_id F-17 of routine 2 was imported before: it is invoice 020000041");
  // Numbered by the file, the id is still the billing system's.
  Refused(File({}, {Inv(20000041, "10001", 500, 4, 0, "F-18")}, std::string(64, 'c')),
          absl::StatusCode::kInvalidArgument,
          "kalla_id F-18 of routine 2 was imported before: it is invoice 020000040");
  std::vector<Event> events = Must(File({}, {Inv(0, "10001", 10000, 2, 3, "F-17")}, std::string(64, 'd')));
  EXPECT_EQ(std::get<InvoiceFileImported>(events.front().body).numbers,
            (std::vector<InvoiceNumber>{30000001}));
}

// VAT is rounded once per rate of an invoice (EN 16931 BR-CO-17), not line by line: three lines
// of 0,02 kr at 25 % are 0,015 kr of VAT, 0,02 kr on the invoice (line by line it would be 0,03).
TEST_F(InvoiceImportTest, VatIsRoundedOncePerRate) {
  InvoiceFileInvoice inv = Inv(0, "10001", 2, 2, 2);
  inv.lines.push_back(InvoiceFileLine{"Porto", Money::FromOre(2), 2500, 3041});
  inv.lines.push_back(InvoiceFileLine{"Kuvert", Money::FromOre(2), 2500, 3041});
  inv.lines.push_back(InvoiceFileLine{"Bok", Money::FromOre(1000), 600, 3042});
  std::vector<Event> events = Must(File({}, {inv}));
  const InvoiceIssued* issued = nullptr;
  for (const Event& e : events)
    if (const auto* i = std::get_if<InvoiceIssued>(&e.body)) issued = i;
  ASSERT_NE(issued, nullptr);
  Money vat25, vat6;
  for (const InvoiceLine& l : issued->lines) (l.vat_rate_bp == 2500 ? vat25 : vat6) += l.vat;
  EXPECT_EQ(vat25, Money::FromOre(2));
  EXPECT_EQ(vat6, Money::FromOre(60));
  EXPECT_EQ(issued->total, Money::FromOre(6 + 2 + 1000 + 60));
}

// Peppol Invoice Responses: a query or rejection holds the claim's dunning with the company's
// code and notes why; an acceptance lifts it; an acknowledgement changes nothing.
TEST_F(InvoiceImportTest, InvoiceResponsesHoldAndReleaseDunning) {
  Must(DefineDunningCode{DunningCodeDefined{7, "Bestridd", kCodeFlagsAll & ~kCodeNoInvoice}});
  auto response = [](const std::string& code, const std::string& invoice, int line) {
    return InvoiceResponse{"IR-1", Date(2026, 11, 4), code, invoice, "Fel antal timmar", line};
  };
  std::vector<Event> events = Must(ApplyInvoiceResponses{{response("RE", "020000007", 2)}, 7});
  EXPECT_EQ(state_.FindInvoice(1, 20000007)->dunning->code, 7);
  ASSERT_EQ(events.size(), 2u);
  const auto* note = std::get_if<NoteAdded>(&events[1].body);
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(note->text, "Peppol Invoice Response RE (ifrågasatt) 2026-11-04: Fel antal timmar");
  // Asked again (UQ) while held: noted, the hold stays as it is.
  events = Must(ApplyInvoiceResponses{{response("UQ", "020000007", 2)}, 7});
  EXPECT_EQ(events.size(), 1u);
  // Accepted: the hold is lifted.
  events = Must(ApplyInvoiceResponses{{response("AP", "020000007", 2)}, 7});
  EXPECT_EQ(state_.FindInvoice(1, 20000007)->dunning->code, 0);
  EXPECT_TRUE(std::holds_alternative<DunningCodeRemoved>(events[0].body));
  // Only acknowledgements: nothing to do.
  Refused(ApplyInvoiceResponses{{response("AB", "020000007", 2)}, 7}, absl::StatusCode::kAlreadyExists);
  // Refused, naming each response, nothing applied.
  Refused(ApplyInvoiceResponses{{response("RE", "020000007", 2), response("RE", "020009999", 5),
                                 response("XX", "020000007", 8), response("RE", "2024-0001", 11)},
                                7},
          absl::StatusCode::kInvalidArgument, "line 5: invoice 020009999 is not in company 1");
  Refused(ApplyInvoiceResponses{{response("RE", "020000007", 2)}, 3}, absl::StatusCode::kInvalidArgument,
          "kravkod 3 is not one of the company's");
  EXPECT_EQ(state_.FindInvoice(1, 20000007)->dunning->code, 0);
  // A claim with a kravkod a clerk set keeps it: the response is only noted.
  Must(DefineDunningCode{DunningCodeDefined{3, "Konkurs", kCodeFlagsAll & ~kCodeNoInvoice}});
  Must(AssignDunningCode{20000007, 3, std::nullopt});
  events = Must(ApplyInvoiceResponses{{response("RE", "020000007", 2)}, 7});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(absl::StrContains(std::get<NoteAdded>(events[0].body).text, "(kravkod 3 behålls)"));
  events = Must(ApplyInvoiceResponses{{response("AP", "020000007", 2)}, 7});
  EXPECT_EQ(state_.FindInvoice(1, 20000007)->dunning->code, 3);
}

// A response to a credit note the ledger sent (<invoice>-K<position>) is noted on the invoice it
// credited; a response from another party than the buyer the invoice went to is refused.
TEST_F(InvoiceImportTest, ResponsesToCreditNotesAndFromOtherPartiesAreTold) {
  Must(DefineDunningCode{DunningCodeDefined{7, "Bestridd", kCodeFlagsAll & ~kCodeNoInvoice}});
  InvoiceResponse credit{"IR-2", Date(2026, 11, 4), "RE", "020000007-K12", "Beloppet stämmer inte", 2, "381",
                         ""};
  std::vector<Event> events = Must(ApplyInvoiceResponses{{credit}, 7});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(std::get<NoteAdded>(events[0].body).text,
            "Peppol Invoice Response RE på kreditnota 020000007-K12 2026-11-04: Beloppet stämmer inte");
  EXPECT_EQ(state_.FindInvoice(1, 20000007)->dunning->code, 0);
  InvoiceResponse unknown = credit;
  unknown.invoice_id = "K1";
  Refused(ApplyInvoiceResponses{{unknown}, 7}, absl::StatusCode::kInvalidArgument,
          "line 2: credit note 'K1' is not one the ledger sent");
  // An invoice that went to a Peppol address is answered from it.
  CustomerDetails buyer = state_.FindCustomer(1, "10001")->details;
  buyer.peppol_id = absl::StrCat("0007:", Pnr("556677889"));
  Must(ChangeCustomer{"10001", buyer});
  Must(InvoiceCmd(20000008, "10001", 10000));
  InvoiceResponse from{"IR-3", Date(2026, 11, 4), "RE", "020000008", "Okänd", 4, "380", "0007:5560360793"};
  Refused(
      ApplyInvoiceResponses{{from}, 7}, absl::StatusCode::kInvalidArgument,
      absl::StrCat("line 4: the response is from 0007:5560360793, but invoice 020000008 was sent to 0007:",
                   Pnr("556677889")));
  from.sender = absl::StrCat("0007:", Pnr("556677889"));
  Must(ApplyInvoiceResponses{{from}, 7});
  EXPECT_EQ(state_.FindInvoice(1, 20000008)->dunning->code, 7);
}

}  // namespace
}  // namespace reskontra
