// Issue 26: the CSV layout for invoice files (formats/invoice_csv.h). Rows become invoices and
// customers; every refused row is named with its reason.
#include "formats/invoice_csv.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "formats/latin1.h"

namespace reskontra {
namespace {

constexpr char kHeader[] =
    "fakturanummer;kalla_id;rutin;kundnummer;kundnamn;identitet;gatuadress;postnummer;ort;"
    "fakturadatum;förfallodag;text;belopp;moms;momsbelopp;konto\n";

TEST(InvoiceCsvTest, RowsBecomeInvoicesAndCustomers) {
  const std::string csv = absl::StrCat(
      "\xEF\xBB\xBF", kHeader,
      // Numbered by the file; two lines, a quoted text with the separator and a quote.
      "020001501;;2;10001;Anna Lindqvist;640823-2382;Storgatan 1;411 38;Göteborg;2026-11-01;2026-12-01;"
      "\"Hyra; november \"\"lägenhet\"\"\";1 234,50;25;308,63;3041\r\n",
      "020001501;;2;10001;Anna Lindqvist;640823-2382;Storgatan 1;411 38;Göteborg;2026-11-01;2026-12-01;"
      "Rabatt;-100;25;-25,00;3041\r\n",
      // Numbered by the ledger in routine 3, an organisation by its number.
      ";BS-77;3;20001;Bygg AB;556677-1233;;;;2026-11-02;2026-12-02;Bygglov;4000,00;0;;3012\r\n",
      "\n");  // a blank last line is no row
  absl::StatusOr<IncomingInvoiceFile> file = ReadInvoiceCsv(csv, false);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->format, "CSV");
  ASSERT_EQ(file->invoices.size(), 2u);
  const InvoiceFileInvoice& a = file->invoices[0];
  EXPECT_EQ(a.invoice_number, 20001501);
  EXPECT_EQ(a.customer_number, "10001");
  EXPECT_EQ(a.invoice_date, Date(2026, 11, 1));
  EXPECT_EQ(a.due_date, Date(2026, 12, 1));
  ASSERT_EQ(a.lines.size(), 2u);
  EXPECT_EQ(a.lines[0].description, "Hyra; november \"lägenhet\"");
  EXPECT_EQ(a.lines[0].net, Money::FromOre(123450));
  EXPECT_EQ(a.lines[0].vat_rate_bp, 2500);
  EXPECT_EQ(a.lines[0].revenue_account, 3041);
  EXPECT_EQ(a.lines[1].net, Money::FromOre(-10000));
  EXPECT_EQ(a.line, 2);
  const InvoiceFileInvoice& b = file->invoices[1];
  EXPECT_EQ(b.invoice_number, 0);
  EXPECT_EQ(b.routine, 3);
  EXPECT_EQ(b.source_id, "BS-77");
  EXPECT_EQ(b.line, 4);
  ASSERT_EQ(file->customers.size(), 2u);
  EXPECT_TRUE(file->customers[0].details_given);
  EXPECT_EQ(file->customers[0].details.name, "Anna Lindqvist");
  EXPECT_EQ(file->customers[0].details.city, "Göteborg");
  EXPECT_EQ(file->customers[0].details.kind, CustomerKind::kPerson);
  EXPECT_EQ(file->customers[1].details.kind, CustomerKind::kOrganisation);
  EXPECT_EQ(file->customers[1].details.country, "");  // not given: the ledger's, or SE for a new one
}

TEST(InvoiceCsvTest, TabsLatin1AndOnlyANumberForAKnownCustomer) {
  const std::string utf8 =
      "kalla_id\trutin\tkundnummer\tfakturadatum\tforfallodag\ttext\tbelopp\tkonto\n"
      "A-1\t2\t10001\t2026-11-01\t2026-12-01\tÅrsavgift för båtplats\t500\t3041\n";
  absl::StatusOr<IncomingInvoiceFile> file = ReadInvoiceCsv(*Utf8ToLatin1(utf8), true);
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->invoices.size(), 1u);
  EXPECT_EQ(file->invoices[0].lines[0].description, "Årsavgift för båtplats");
  ASSERT_EQ(file->customers.size(), 1u);
  EXPECT_FALSE(file->customers[0].details_given);
  // The same Latin-1 bytes read as UTF-8: refused, not garbled.
  absl::StatusOr<IncomingInvoiceFile> wrong = ReadInvoiceCsv(*Utf8ToLatin1(utf8), false);
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(wrong.status().message(), "line 2: not UTF-8")) << wrong.status();
}

TEST(InvoiceCsvTest, EveryRefusedRowIsNamedWithItsReason) {
  const std::string csv = absl::StrCat(
      kHeader,
      "020001501;;2;10001;;;;;;2026-11-01;2026-12-01;Hyra;12,345;25;;3041\n",      // line 2: 3 decimals
      "020001502;;2;10001;;;;;;2026-11-31;2026-12-01;Hyra;100;25;;3041\n",         // line 3: no such day
      "020001503;;2;10001;;;;;;2026-11-01;2026-12-01;Hyra;100;25;;304\n",          // line 4: account
      "020001504;;2;10001;;;;;;2026-11-01;2026-12-01;Hyra;100;25;25,01;3041\n",    // line 5: VAT sum
      "020001505;;2;10001;;;;;;2026-11-01;2026-12-01;Hyra;100;7;;3041\n",          // line 6: fine here
      "020001505;;2;10002;;;;;;2026-11-01;2026-12-01;Hyra;100;25;;3041\n",         // line 7: other customer
      ";;;10001;;;;;;2026-11-01;2026-12-01;Hyra;100;25;;3041\n",                   // line 8: which invoice
      "030001506;;2;10001;;;;;;2026-11-01;2026-12-01;Hyra;100;25;;3041\n",         // line 9: routine
      "020001507;;2;10003;Åsa;;;;;2026-11-01;2026-12-01;Hyra;100;25;;3041\n",      // line 10
      "020001508;;2;10003;Åsa B;;;;;2026-11-01;2026-12-01;Hyra;100;25;;3041\n",    // line 11: other details
      "020001509;;2;10001;;;;;;2026-11-01;2026-12-01;Hyra;100;25;;3041;extra\n");  // line 12: width
  absl::StatusOr<IncomingInvoiceFile> file = ReadInvoiceCsv(csv, false);
  ASSERT_FALSE(file.ok());
  const std::string m(file.status().message());
  for (const char* want :
       {"line 2: belopp: amount '12,345' has more than 2 decimals", "line 3: fakturadatum '2026-11-31'",
        "line 4: konto '304' is not a 4-digit account",
        "line 5: momsbelopp 25,01 (the invoice's rows at 25 %) does not add up: 25 % of 100,00 is 25,00",
        "line 7: the invoice of line 6 has another kundnummer", "line 8: neither fakturanummer nor kalla_id",
        "line 9: fakturanummer 030001506 is not in rutin 2",
        "line 11: customer 10003 is given other details than on line 10",
        "line 12: 17 fields where the header has 16", "9 rows refused, nothing imported"})
    EXPECT_TRUE(absl::StrContains(m, want)) << "missing '" << want << "' in: " << m;
  EXPECT_FALSE(absl::StrContains(m, "line 6:")) << m;  // a rate the ledger refuses is the domain's to name
}

// The momsbelopp of an invoice's rows at one rate add up to the rate of their sum, rounded
// once (EN 16931 BR-CO-17): three rows of 0,02 kr at 25 % carry 0,02 kr of VAT between them.
TEST(InvoiceCsvTest, MomsbeloppIsCheckedPerRateOfAnInvoice) {
  const std::string rows =
      absl::StrCat(kHeader, "020001501;;2;10001;;;;;;2026-11-01;2026-12-01;Porto;0,02;25;0,01;3041\n",
                   "020001501;;2;10001;;;;;;2026-11-01;2026-12-01;Kuvert;0,02;25;0,01;3041\n",
                   "020001501;;2;10001;;;;;;2026-11-01;2026-12-01;Frimärke;0,02;25;0,00;3041\n",
                   "020001501;;2;10001;;;;;;2026-11-01;2026-12-01;Bok;10,00;6;0,60;3042\n");
  absl::StatusOr<IncomingInvoiceFile> file = ReadInvoiceCsv(rows, false);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->invoices[0].lines.size(), 4u);
  // Line by line (0,01 each, 0,03 in all) is not how the ledger books it.
  absl::StatusOr<IncomingInvoiceFile> per_line =
      ReadInvoiceCsv(absl::StrReplaceAll(rows, {{"Frimärke;0,02;25;0,00", "Frimärke;0,02;25;0,01"}}), false);
  ASSERT_FALSE(per_line.ok());
  EXPECT_TRUE(absl::StrContains(per_line.status().message(),
                                "line 2: momsbelopp 0,03 (the invoice's rows at 25 %) does not add up: "
                                "25 % of 0,06 is 0,02"))
      << per_line.status();
  absl::StatusOr<IncomingInvoiceFile> partly =
      ReadInvoiceCsv(absl::StrReplaceAll(rows, {{"Frimärke;0,02;25;0,00", "Frimärke;0,02;25;"}}), false);
  ASSERT_FALSE(partly.ok());
  EXPECT_TRUE(absl::StrContains(partly.status().message(), "given on some rows")) << partly.status();
}

TEST(InvoiceCsvTest, TheHeaderAndTheQuotingAreChecked) {
  auto refused = [](const std::string& csv, const std::string& part) {
    absl::StatusOr<IncomingInvoiceFile> file = ReadInvoiceCsv(csv, false);
    ASSERT_FALSE(file.ok()) << csv;
    EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(absl::StrContains(file.status().message(), part)) << file.status();
  };
  refused("", "the file is empty");
  refused(kHeader, "a header and no rows");
  refused("fakturanummer;kundnummer;fakturadatum;forfallodag;text;belopp;konto;färg\n",
          "unknown column 'färg'");
  refused("fakturanummer;kundnummer;kundnummer\n", "column 'kundnummer' is given twice");
  refused("fakturanummer;kundnummer;fakturadatum;forfallodag;text;belopp\n",
          "the column 'konto' is required");
  refused("kundnummer;fakturadatum;forfallodag;text;belopp;konto\n", "give 'fakturanummer' or 'kalla_id'");
  refused(absl::StrCat(kHeader, "020001501;;2;10001;;;;;;2026-11-01;2026-12-01;\"Hyra;100;25;;3041\n"),
          "line 2: a quoted field is not closed");
  refused(absl::StrCat(kHeader, "020001501;;2;10001;;;;;;2026-11-01;2026-12-01;Hy\"ra;100;25;;3041\n"),
          "line 2: a quote inside an unquoted field");
}

// moms "O": a 0 % line outside the scope of VAT (ej föremål för moms), not exempt.
TEST(InvoiceCsvTest, AVatRateOfOIsALineOutsideTheScopeOfVat) {
  absl::StatusOr<IncomingInvoiceFile> file = ReadInvoiceCsv(
      "fakturanummer;kundnummer;fakturadatum;förfallodag;text;belopp;moms;konto\n"
      "020001501;10001;2026-11-01;2026-12-01;Bygglov;4000,00;O;3012\n"
      "020001501;10001;2026-11-01;2026-12-01;Arkiv;100,00;0;3012\n",
      false);
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->invoices[0].lines.size(), 2u);
  EXPECT_TRUE(file->invoices[0].lines[0].outside_vat_scope);
  EXPECT_EQ(file->invoices[0].lines[0].vat_rate_bp, 0);
  EXPECT_FALSE(file->invoices[0].lines[1].outside_vat_scope);
}

// Issue 26, item 6: the opening balance columns of a migration, read per invoice.
TEST(InvoiceCsvTest, AnOldLedgersOpeningBalanceIsReadPerInvoice) {
  const std::string header =
      "fakturanummer;kundnummer;fakturadatum;förfallodag;text;belopp;moms;konto;avgifter;inkassoavgifter;"
      "ranta;"
      "kvar_kapital;kvar_avgifter;kvar_ranta;paminnelse1;paminnelse2;inkassokrav;betaldatum\n";
  const std::string rows =
      "010004711;10001;2026-06-01;2026-06-30;Hyra;400,00;25;3041;60,00;180,00;20,00;500,00;100,00;;"
      "2026-07-10;;2026-08-15;2026-09-01\n"
      "010004711;10001;2026-06-01;2026-06-30;Städning;100,00;0;3041;60,00;180,00;20,00;500,00;100,00;;"
      "2026-07-10;;2026-08-15;2026-09-01\n"
      "010004712;10001;2026-08-01;2026-08-31;Bygglov;2000,00;0;3012;;;;500,00;;;;;;\n";
  absl::StatusOr<IncomingInvoiceFile> file = ReadInvoiceCsv(header + rows, false);
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->invoices.size(), 2u);
  ASSERT_TRUE(file->invoices[0].opening.has_value());
  const OpeningBalance& o = *file->invoices[0].opening;
  EXPECT_EQ(file->invoices[0].lines.size(), 2u);
  EXPECT_EQ(o.reminder_fees, Money::FromOre(6000));
  EXPECT_EQ(o.collection_fees, Money::FromOre(18000));
  EXPECT_EQ(o.interest, Money::FromOre(2000));
  EXPECT_EQ(o.open_capital, Money::FromOre(50000));
  EXPECT_EQ(o.open_fees, Money::FromOre(10000));
  EXPECT_EQ(o.open_interest, Money());
  EXPECT_EQ(o.reminder1, Date(2026, 7, 10));
  EXPECT_FALSE(o.reminder2.has_value());
  EXPECT_EQ(o.collection_demand, Date(2026, 8, 15));
  EXPECT_EQ(o.paid_on, Date(2026, 9, 1));
  ASSERT_TRUE(file->invoices[1].opening.has_value());
  EXPECT_EQ(file->invoices[1].opening->open_capital, Money::FromOre(50000));
  EXPECT_FALSE(file->invoices[1].opening->paid_on.has_value());
  // An ordinary file has none.
  absl::StatusOr<IncomingInvoiceFile> plain = ReadInvoiceCsv(
      "fakturanummer;kundnummer;fakturadatum;förfallodag;text;belopp;konto\n"
      "010004711;10001;2026-06-01;2026-06-30;Hyra;400,00;3041\n",
      false);
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_FALSE(plain->invoices[0].opening.has_value());

  auto refused = [](const std::string& csv, const std::string& part) {
    absl::StatusOr<IncomingInvoiceFile> f = ReadInvoiceCsv(csv, false);
    ASSERT_FALSE(f.ok()) << csv;
    EXPECT_TRUE(absl::StrContains(f.status().message(), part)) << f.status();
  };
  refused(absl::StrReplaceAll(header + rows, {{"2026-07-10;;2026-08-15;2026-09-01\n010004712",
                                               "2026-07-11;;2026-08-15;2026-09-01\n010004712"}}),
          "line 3: the invoice of line 2 has another opening balance on this row");
  refused(absl::StrReplaceAll(header + rows,
                              {{"Bygglov;2000,00;0;3012;;;;500,00", "Bygglov;2000,00;0;3012;;;;"}}),
          "line 4: kvar_kapital is required in a migration");
  refused(absl::StrReplaceAll(header + rows, {{"3012;;;;500,00", "3012;;;;500,005"}}),
          "line 4: kvar_kapital:");
  refused(absl::StrReplaceAll(header + rows,
                              {{"2026-08-15;2026-09-01\n010004712", "2026-08-15;1 sept\n010004712"}}),
          "betaldatum '1 sept' is not a date");
  refused("fakturanummer;kundnummer;fakturadatum;förfallodag;text;belopp;konto;avgifter\n",
          "give 'kvar_kapital' too");
}

}  // namespace
}  // namespace reskontra
